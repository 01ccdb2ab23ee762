/* Cortex-M3 (QEMU mps2-an385) for the minimal Arduino core.
 *
 *   Serial   console  UART0 0x40004000 (QEMU's first -serial: stdout/stdin)
 *   (report)          UART1 0x40005000 (board support: SLREPORT lines)
 *   Serial1  network  UART2 0x40006000 (third -serial: a TCP link to the
 *                     ESP-AT modem emulator)
 *   control           UART3 0x40007000 (fourth -serial): any byte = stop
 *   millis/micros     CMSDK dual timer, timer 2 (0x40002020), free running
 *                     at the nominal 25 MHz system clock, extended to 64 bits
 *                     here (32-bit: no wrap unless millis() is not called for
 *                     minutes). QEMU's clock is not wall time: measured 4-6x
 *                     faster than the host clock here.
 * QEMU's UART receive is one byte deep and QEMU stops reading the host side
 * while it is full, so no received byte is ever lost (flow control for free). */
#include <stdint.h>

#include "sl_board.h"
#include "sl_core_hal.h"

#define UART_DATA(base) (*(volatile uint32_t*)((base) + 0x0))
#define UART_STATE(base) (*(volatile uint32_t*)((base) + 0x4))
#define UART_CTRL(base) (*(volatile uint32_t*)((base) + 0x8))
#define UART_BAUDDIV(base) (*(volatile uint32_t*)((base) + 0x10))
#define UART2 0x40006000u
#define UART3 0x40007000u
#define STATE_TX_FULL 1u
#define STATE_RX_FULL 2u
#define CTRL_TX_EN 1u
#define CTRL_RX_EN 2u

#define DT2_LOAD (*(volatile uint32_t*)0x40002020u)
#define DT2_VALUE (*(volatile uint32_t*)0x40002024u)
#define DT2_CONTROL (*(volatile uint32_t*)0x40002028u)
#define TICKS_PER_US 25u

static uint32_t last_ticks;
static uint64_t total_ticks;

static void uart_on(uint32_t base) {
  UART_BAUDDIV(base) = 16;
  UART_CTRL(base) = CTRL_TX_EN | CTRL_RX_EN;
  (void)UART_DATA(base); /* tells QEMU to look for waiting input */
}

void sl_hal_init(void) {
  DT2_LOAD = 0xffffffffu;
  DT2_CONTROL = 0x82u; /* enable, 32-bit, free-running, no interrupt, /1 */
  last_ticks = 0;
  total_ticks = 0;
  uart_on(UART2);
  uart_on(UART3);
}

static uint64_t ticks_now(void) {
  uint32_t now = 0xffffffffu - DT2_VALUE;
  total_ticks += (uint32_t)(now - last_ticks);
  last_ticks = now;
  return total_ticks;
}

uint32_t sl_hal_millis(void) { return (uint32_t)(ticks_now() / (TICKS_PER_US * 1000u)); }
uint32_t sl_hal_micros(void) { return (uint32_t)(ticks_now() / TICKS_PER_US); }

static int uart_getc(uint32_t base) {
  if (!(UART_STATE(base) & STATE_RX_FULL)) return -1;
  return (int)(UART_DATA(base) & 0xffu);
}

int sl_hal_read(uint8_t port) { return port == 0 ? sl_board_getc() : uart_getc(UART2); }

void sl_hal_write(uint8_t port, uint8_t c) {
  if (port == 0) {
    sl_board_putc((char)c);
    return;
  }
  while (UART_STATE(UART2) & STATE_TX_FULL) {
  }
  UART_DATA(UART2) = c;
}

int sl_hal_stop_requested(void) { return uart_getc(UART3) >= 0; }
