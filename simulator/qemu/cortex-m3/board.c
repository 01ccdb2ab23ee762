/* Cortex-M3 (QEMU mps2-an385) board support.
 *
 * Console: CMSDK APB UART0 at 0x40004000 (QEMU's first -serial).
 * Report:  UART1 at 0x40005000 (QEMU's second -serial), one line at exit:
 *          "SLREPORT exit=<code> stack=<bytes> ticks=<timer ticks since init>"
 *          and "SLMARK <id> <ticks>" per mark.
 * Exit:    ARM semihosting SYS_EXIT (bkpt 0xab), QEMU runs with -semihosting.
 */
#include <stdint.h>

#include "sl_board.h"

#define UART_DATA(base) (*(volatile uint32_t*)((base) + 0x0))
#define UART_STATE(base) (*(volatile uint32_t*)((base) + 0x4))
#define UART_CTRL(base) (*(volatile uint32_t*)((base) + 0x8))
#define UART_BAUDDIV(base) (*(volatile uint32_t*)((base) + 0x10))
#define UART0 0x40004000u
#define UART1 0x40005000u
#define STATE_TX_FULL 1u
#define STATE_RX_FULL 2u
#define CTRL_TX_EN 1u
#define CTRL_RX_EN 2u

#define SL_STACK_PAINT 0xC5C5C5C5u
extern uint32_t __bss_end, __stack_top;

static void uart_init(uint32_t base) {
  if ((UART_CTRL(base) & (CTRL_TX_EN | CTRL_RX_EN)) != (CTRL_TX_EN | CTRL_RX_EN)) {
    UART_BAUDDIV(base) = 16;
    UART_CTRL(base) = CTRL_TX_EN | CTRL_RX_EN;
  }
}

static void uart_putc(uint32_t base, char c) {
  uart_init(base);
  while (UART_STATE(base) & STATE_TX_FULL) {
  }
  UART_DATA(base) = (uint8_t)c;
}

/* Enable UART0 receive before main: QEMU holds console input back until the
 * receiver is on and a data read tells it to look again. */
static void sl_board_init(void) __attribute__((constructor, used));
static void timer_init(void);
static void sl_board_init(void) {
  timer_init();
  uart_init(UART0);
  (void)UART_DATA(UART0); /* a read makes QEMU accept pending input at once */
}

void sl_board_putc(char c) { uart_putc(UART0, c); }

int sl_board_getc(void) {
  uart_init(UART0);
  if (!(UART_STATE(UART0) & STATE_RX_FULL)) return -1;
  return (int)(UART_DATA(UART0) & 0xff);
}

static void report_str(const char* s) {
  while (*s) uart_putc(UART1, *s++);
}

static void report_uint(uint32_t v) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) uart_putc(UART1, digits[--n]);
}

/* CMSDK dual timer 1 (0x40002000) as a free-running 32-bit down counter of
 * the 25 MHz system clock, started before main. Under QEMU -icount (the
 * runner's instruction counting) its ticks are a fixed multiple of the
 * instructions executed. */
#define DT1_LOAD (*(volatile uint32_t*)0x40002000u)
#define DT1_VALUE (*(volatile uint32_t*)0x40002004u)
#define DT1_CONTROL (*(volatile uint32_t*)0x40002008u)

static void timer_init(void) {
  DT1_LOAD = 0xffffffffu;
  DT1_CONTROL = 0x82u; /* enable, 32-bit, free-running, no interrupt, /1 */
}

static uint32_t timer_ticks(void) { return 0xffffffffu - DT1_VALUE; }

/* Ticks spent reporting marks, left out of the marks' readings. */
static uint32_t mark_ticks;

void sl_board_mark(uint8_t id) {
  uint32_t now = timer_ticks();
  report_str("SLMARK ");
  report_uint(id);
  uart_putc(UART1, ' ');
  report_uint(now - mark_ticks);
  uart_putc(UART1, '\n');
  mark_ticks += timer_ticks() - now;
}

static void report_hex(uint32_t v) {
  report_str("0x");
  for (int i = 28; i >= 0; i -= 4) uart_putc(UART1, "0123456789abcdef"[(v >> i) & 15]);
}

/* From the fault vectors (startup.c): the stacked pc and lr, CFSR/HFSR and
 * the faulting address, then exit 139. */
void sl_board_crash(const uint32_t* frame) __attribute__((noreturn));
void sl_board_crash(const uint32_t* frame) {
  report_str("SLCRASH pc=");
  report_hex(frame[6]);
  report_str(" lr=");
  report_hex(frame[5]);
  report_str(" cfsr=");
  report_hex(*(volatile uint32_t*)0xE000ED28u);
  report_str(" hfsr=");
  report_hex(*(volatile uint32_t*)0xE000ED2Cu);
  report_str(" addr=");
  report_hex(*(volatile uint32_t*)0xE000ED38u);
  uart_putc(UART1, '\n');
  sl_board_exit(139);
}

static uint32_t peak_stack(void) {
  const uint32_t* p = &__bss_end;
  while (p < &__stack_top && *p == SL_STACK_PAINT) ++p;
  return (uint32_t)((const char*)&__stack_top - (const char*)p);
}

static void semihost_exit(void) __attribute__((noreturn));
static void semihost_exit(void) {
  register uint32_t r0 __asm__("r0") = 0x18;    /* SYS_EXIT */
  register uint32_t r1 __asm__("r1") = 0x20026; /* ADP_Stopped_ApplicationExit */
  for (;;) __asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
}

void sl_board_exit(int code) {
  /* scan before the reporting calls below add frames of their own */
  uint32_t ticks = timer_ticks();
  uint32_t stack = peak_stack();
  report_str("SLREPORT exit=");
  report_uint((uint32_t)code & 0xffu);
  report_str(" stack=");
  report_uint(stack);
  report_str(" ticks=");
  report_uint(ticks);
  uart_putc(UART1, '\n');
  semihost_exit();
}
