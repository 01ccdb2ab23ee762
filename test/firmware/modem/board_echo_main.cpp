// Runs on a simulated AVR board (avr8js): USART0 is the line to an ESP-AT
// modem (the Node emulator in test/simulator/modem-board.test.ts). Opens a
// TCP connection through it, sends a greeting and a 300-byte pattern, reads
// everything back from the echo server, closes, and exits with 0 on success
// (else 10 + EspAtError code, or 40+ for wrong data).
//
// Like an Arduino core: USART0 receive is interrupt driven into a 64-byte
// ring (HardwareSerial's size), a timer0 overflow interrupt keeps millis().
#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#include "sl_board.h"
#include "transport/EspAtTransport.h"

namespace {

volatile uint8_t gRing[64];
volatile uint8_t gHead = 0, gTail = 0;
volatile uint8_t gOverruns = 0;
volatile uint32_t gMillis = 0;

class Usart0 : public sl::ByteStream {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) sl_board_putc(static_cast<char>(data[i]));
    return len;
  }
  using sl::ByteStream::write;
  int read() override {
    if (gHead == gTail) return -1;
    uint8_t c = gRing[gTail];
    gTail = static_cast<uint8_t>((gTail + 1) % sizeof gRing);
    return c;
  }
};

uint32_t millisNow() {
  uint32_t m;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) { m = gMillis; }
  return m;
}

uint8_t pattern(uint16_t i) { return static_cast<uint8_t>('A' + (i * 7) % 26); }

Usart0 uart;
sl::EspAtTransport net(uart, millisNow);

int run() {
  if (!net.connect("echo.test", 7)) return 10 + net.lastError().code();
  static const char kHello[] = "hello from the board\n";
  const uint16_t kTotal = 300;
  const uint16_t helloLen = sizeof kHello - 1;
  if (net.write(reinterpret_cast<const uint8_t*>(kHello), helloLen) != helloLen) return 10 + net.lastError().code();
  for (uint16_t i = 0; i < kTotal; ++i) {
    uint8_t b = pattern(i);
    if (net.write(&b, 1) != 1) return 10 + net.lastError().code();
  }
  if (!net.flush()) return 10 + net.lastError().code();
  uint16_t got = 0;
  uint8_t buf[16];
  uint32_t start = millisNow();
  while (got < helloLen + kTotal && millisNow() - start < 20000) {
    size_t n = net.read(buf, sizeof buf);
    for (size_t k = 0; k < n; ++k, ++got) {
      uint8_t want = got < helloLen ? static_cast<uint8_t>(kHello[got]) : pattern(got - helloLen);
      if (buf[k] != want) return 40;
    }
    if (!n && !net.connected()) return 41;
  }
  if (got != helloLen + kTotal) return 42;
  net.stop();
  if (net.connected()) return 43;
  return gOverruns ? 44 : 0;
}

}  // namespace

#if defined(USART0_RX_vect)
ISR(USART0_RX_vect) {
#else
ISR(USART_RX_vect) {
#endif
  uint8_t c = UDR0;
  uint8_t next = static_cast<uint8_t>((gHead + 1) % sizeof gRing);
  if (next == gTail) {
    gOverruns = static_cast<uint8_t>(gOverruns + 1);
    return;
  }
  gRing[gHead] = c;
  gHead = next;
}

ISR(TIMER0_OVF_vect) { gMillis = gMillis + 1; }  // 16 MHz / 64 / 256: 1.024 ms

int main() {
  TCCR0A = 0;
  TCCR0B = (1 << CS01) | (1 << CS00);
  TIMSK0 = (1 << TOIE0);
  UCSR0B = static_cast<uint8_t>(UCSR0B | (1 << RXCIE0));
  sei();
  sl_board_exit(run());
}
