/* Xtensa lx106 (QEMU xtensa sim machine, -semihosting) board support.
 *
 * Semihosting on xtensa: `simcall` with a2 = call number, a3..a5 = args;
 * the result comes back in a2 and errno in a3. Calls used: write (4) to fd 1
 * (console) and fd 2 (report, QEMU's stderr), read (3) + select_one (29) on
 * fd 0 for console input, exit (1).
 * Report lines: "SLREPORT exit=<code> stack=<bytes> ticks=<CCOUNT since reset>",
 * "SLMARK <id> <CCOUNT since reset>". Under QEMU -icount (the runner's
 * instruction counting) CCOUNT is a fixed multiple of instructions executed.
 */
#include <stdint.h>

#include "sl_board.h"

#define SYS_exit 1
#define SYS_read 3
#define SYS_write 4
#define SYS_select_one 29
#define SELECT_ONE_READ 1

#define SL_STACK_PAINT 0xC5C5C5C5u

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);
extern int main(void);
void sl_c_start(void) __attribute__((noreturn));
void sl_board_crash(uint32_t cause, uint32_t pc, uint32_t vaddr) __attribute__((noreturn));

static int simcall(int nr, int a, int b, int c) {
  register int a2 __asm__("a2") = nr;
  register int a3 __asm__("a3") = a;
  register int a4 __asm__("a4") = b;
  register int a5 __asm__("a5") = c;
  __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
  return a2;
}

void sl_board_putc(char c) { simcall(SYS_write, 1, (int)(uintptr_t)&c, 1); }

int sl_board_getc(void) {
  uint32_t zero_timeout[2] = {0, 0};
  if (simcall(SYS_select_one, 0, SELECT_ONE_READ, (int)(uintptr_t)zero_timeout) <= 0) return -1;
  unsigned char c;
  if (simcall(SYS_read, 0, (int)(uintptr_t)&c, 1) != 1) return -1;
  return c;
}

static void report_str(const char* s) {
  const char* e = s;
  while (*e) ++e;
  simcall(SYS_write, 2, (int)(uintptr_t)s, (int)(e - s));
}

static void report_uint(uint32_t v) {
  char digits[10];
  char out[10];
  int n = 0, k = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) out[k++] = digits[--n];
  simcall(SYS_write, 2, (int)(uintptr_t)out, k);
}

static uint32_t start_ccount;

static uint32_t ccount_now(void) {
  uint32_t c;
  __asm__ volatile("rsr %0, ccount" : "=r"(c));
  return c;
}

/* CCOUNT spent reporting marks, left out of the marks' readings. */
static uint32_t mark_ccount;

void sl_board_mark(uint8_t id) {
  uint32_t now = ccount_now();
  report_str("SLMARK ");
  report_uint(id);
  report_str(" ");
  report_uint(now - start_ccount - mark_ccount);
  report_str("\n");
  mark_ccount += ccount_now() - now;
}

static uint32_t peak_stack(void) {
  const uint32_t* p = &__bss_end;
  while (p < &__stack_top && *p == SL_STACK_PAINT) ++p;
  return (uint32_t)((const char*)&__stack_top - (const char*)p);
}

void sl_board_exit(int code) {
  /* scan before the reporting calls below add frames of their own */
  uint32_t ticks = ccount_now() - start_ccount;
  uint32_t stack = peak_stack();
  report_str("SLREPORT exit=");
  report_uint((uint32_t)code & 0xffu);
  report_str(" stack=");
  report_uint(stack);
  report_str(" ticks=");
  report_uint(ticks);
  report_str("\n");
  for (;;) simcall(SYS_exit, code & 0xff, 0, 0);
}

static void report_hex(uint32_t v) {
  char out[10];
  out[0] = '0';
  out[1] = 'x';
  for (int i = 0; i < 8; ++i) out[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  simcall(SYS_write, 2, (int)(uintptr_t)out, 10);
}

/* From the exception vectors (start.S): says what happened, then exit 139.
 * EXCCAUSE 9 = unaligned load/store, 0 = illegal instruction, 28/29 = load/
 * store to a bad address (Xtensa ISA). */
void sl_board_crash(uint32_t cause, uint32_t pc, uint32_t vaddr) {
  report_str("SLCRASH cause=");
  report_uint(cause);
  report_str(" pc=");
  report_hex(pc);
  report_str(" vaddr=");
  report_hex(vaddr);
  report_str("\n");
  sl_board_exit(139);
}

void sl_c_start(void) {
  start_ccount = ccount_now();
  uint32_t* src = &__data_load;
  for (uint32_t* dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  uint32_t sp;
  __asm__ volatile("mov %0, a1" : "=r"(sp));
  for (volatile uint32_t* p = &__bss_end; (uint32_t)p < sp - 16; ++p) *p = SL_STACK_PAINT;
  for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  sl_board_exit(main());
}
