// Test sketch for sl::AvrUart0 (firmware/src/io/AvrUart0.h) on the
// simulated Uno; test/simulator/avr-uart0.test.ts drives it. Its USART0
// line is the simulator's serial input and output.
//
// TEST_TX: sends every byte value 0..255 with write(data, len), then 0x55
//   and 0xAA with write(byte), then "done\n" (at TEST_BAUD, default 115200).
// Otherwise takes in what the line receives and, once it has been quiet for
// 20 ms, writes it all back followed by "\n#lost <n>\n" (lost()). Meanwhile:
//   OFF_US: after every 8th byte read, interrupts off for OFF_US us (as
//     sl::PinConsole does for each console character: 174 us at 57600);
//   BUSY_MS: after the first byte, BUSY_MS ms with interrupts on and no
//     read() (a sketch busy elsewhere): the ring fills, then overflows.
#include <Semilimes.h>
#include <io/AvrUart0.h>
#include <util/delay.h>

sl::AvrUart0 line;

#ifndef OFF_US
#define OFF_US 0
#endif
#ifndef BUSY_MS
#define BUSY_MS 0
#endif
#ifndef TEST_BAUD
#define TEST_BAUD 115200UL
#endif

static uint8_t got[1024];
static uint16_t count = 0;
static unsigned long last = 0;

static void writeNumber(unsigned n) {
  char digits[6];
  uint8_t i = sizeof digits;
  do {
    digits[--i] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n);
  line.write(reinterpret_cast<const uint8_t*>(digits + i), sizeof digits - i);
}

void setup() {
  line.begin(TEST_BAUD);
#ifdef TEST_TX
  uint8_t all[256];
  for (unsigned i = 0; i < 256; ++i) all[i] = static_cast<uint8_t>(i);
  line.write(all, sizeof all);
  line.write(static_cast<uint8_t>(0x55));
  line.write(static_cast<uint8_t>(0xAA));
  line.write(reinterpret_cast<const uint8_t*>("done\n"), 5);
#endif
}

void loop() {
#ifndef TEST_TX
  for (int c; (c = line.read()) >= 0;) {
    if (count < sizeof got) got[count++] = static_cast<uint8_t>(c);
    last = millis();
#if OFF_US > 0
    if ((count & 7) == 0) {
      uint8_t sreg = SREG;
      cli();
      _delay_us(OFF_US);
      SREG = sreg;
    }
#endif
#if BUSY_MS > 0
    static bool busy = false;
    if (!busy) {
      busy = true;
      _delay_ms(BUSY_MS);
    }
#endif
  }
  if (count && millis() - last > 20) {
    line.write(got, count);
    line.write(reinterpret_cast<const uint8_t*>("\n#lost "), 7);
    writeNumber(line.lost());
    line.write('\n');
    count = 0;
  }
#endif
}
