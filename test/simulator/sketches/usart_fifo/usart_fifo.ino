// Test sketch: takes in what Serial (USART0) receives and, after every 8th
// byte, keeps interrupts off for OFF_US microseconds, as sl::PinConsole does
// while it sends a console byte. The receive interrupt is then late: the
// USART's two-level receive buffer must hold what came meanwhile. Once the
// line has been quiet for 20 ms, writes back all it received (not while
// receiving: the transmitter, delayed by the same pauses, would fall behind
// and Serial's own buffers overflow).
#include <util/delay.h>

#ifndef OFF_US
#define OFF_US 150
#endif

static uint8_t got[1024];
static uint16_t count = 0;
static unsigned long last = 0;

void setup() { Serial.begin(115200); }

void loop() {
  while (Serial.available() > 0) {
    uint8_t c = static_cast<uint8_t>(Serial.read());
    if (count < sizeof got) got[count++] = c;
    last = millis();
    if ((count & 7) == 0) {
      uint8_t sreg = SREG;
      cli();
      _delay_us(OFF_US);
      SREG = sreg;
    }
  }
  if (count && millis() - last > 20) {
    Serial.write(got, count);
    count = 0;
  }
}
