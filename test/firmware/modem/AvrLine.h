// AVR board pieces for the modem tests (like an Arduino core): USART0
// receive interrupt-driven into a 64-byte ring (HardwareSerial's size), a
// timer0 overflow interrupt for millis(), and a sl::ByteStream over them.
// Include once per program; call avrLineBegin() before use.
#ifndef SLT_AVR_LINE_H
#define SLT_AVR_LINE_H

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#include "io/ByteStream.h"
#include "sl_board.h"

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

void avrLineBegin() {
  TCCR0A = 0;
  TCCR0B = (1 << CS01) | (1 << CS00);  // 16 MHz / 64 / 256: 1.024 ms per overflow
  TIMSK0 = (1 << TOIE0);
  UCSR0B = static_cast<uint8_t>(UCSR0B | (1 << RXCIE0));
  sei();
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

ISR(TIMER0_OVF_vect) { gMillis = gMillis + 1; }

#endif  // SLT_AVR_LINE_H
