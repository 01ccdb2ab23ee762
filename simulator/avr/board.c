/* AVR board support (ATmega328P / ATmega2560) for the avr8js runner.
 *
 * Console: USART0 polled (UCSR0A/UCSR0B/UDR0 share addresses on both MCUs).
 * Protocol with simulator/avr/runner.ts (general purpose I/O registers, which
 * ordinary programs never touch):
 *   GPIOR1 <- id      cycle marker (the runner records id + cycle count)
 *   GPIOR2 <- code    exit: the runner stops and reports `code`
 */
#include <avr/io.h>
#include <avr/interrupt.h>

#include "sl_board.h"

static void sl_board_init(void) __attribute__((constructor, used));
static void sl_board_init(void) {
  UBRR0H = 0;
  UBRR0L = 0; /* fastest rate: 1 Mbaud at 16 MHz, keeps simulated output cheap */
  UCSR0A = 0;
  UCSR0C = (1 << UCSZ01) | (1 << UCSZ00);
  UCSR0B = (1 << TXEN0) | (1 << RXEN0);
}

void sl_board_putc(char c) {
  while (!(UCSR0A & (1 << UDRE0))) {
  }
  UDR0 = (uint8_t)c;
}

int sl_board_getc(void) {
  if (!(UCSR0A & (1 << RXC0))) return -1;
  return UDR0;
}

void sl_board_mark(uint8_t id) { GPIOR1 = id; }

void sl_board_exit(int code) {
  /* let the last byte leave the shift register first */
  while (!(UCSR0A & (1 << UDRE0))) {
  }
  cli();
  GPIOR2 = (uint8_t)code;
  for (;;) {
    __asm__ volatile("sleep");
  }
}
