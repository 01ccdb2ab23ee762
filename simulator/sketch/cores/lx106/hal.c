/* Xtensa lx106 (QEMU xtensa sim, -semihosting) for the minimal Arduino core.
 * The sim machine has no UART; xtensa semihosting works on the host's file
 * descriptors of the QEMU process, so the runner hands QEMU extra ones:
 *
 *   Serial   console  fd 1 write (board support), fd 0 read
 *   (report)          fd 2 (board support: SLREPORT lines)
 *   Serial1  network  fd 3, a socket pair with the runner: written and read
 *                     (select_one with a zero timeout, never blocking); the
 *                     runner wires it to the ESP-AT modem emulator
 *   control           fd 4 readable (any byte) = stop
 *   millis/micros     CCOUNT, counted at SL_LX106_CCOUNT_HZ, extended to 64 bits */
#include <stdint.h>

#include "sl_board.h"
#include "sl_core_hal.h"

#define SYS_read 3
#define SYS_write 4
#define SYS_select_one 29
#define SELECT_ONE_READ 1

#ifndef SL_LX106_CCOUNT_HZ
#define SL_LX106_CCOUNT_HZ 80000000u
#endif

static int simcall(int nr, int a, int b, int c) {
  register int a2 __asm__("a2") = nr;
  register int a3 __asm__("a3") = a;
  register int a4 __asm__("a4") = b;
  register int a5 __asm__("a5") = c;
  __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
  return a2;
}

static uint32_t last_ccount;
static uint64_t total_ccount;

static uint32_t ccount(void) {
  uint32_t c;
  __asm__ volatile("rsr %0, ccount" : "=r"(c));
  return c;
}

void sl_hal_init(void) {
  last_ccount = ccount();
  total_ccount = 0;
}

static uint64_t ticks_now(void) {
  uint32_t now = ccount();
  total_ccount += (uint32_t)(now - last_ccount);
  last_ccount = now;
  return total_ccount;
}

uint32_t sl_hal_millis(void) { return (uint32_t)(ticks_now() / (SL_LX106_CCOUNT_HZ / 1000u)); }
uint32_t sl_hal_micros(void) { return (uint32_t)(ticks_now() / (SL_LX106_CCOUNT_HZ / 1000000u)); }

static int readable(int fd) {
  uint32_t zero_timeout[2] = {0, 0};
  return simcall(SYS_select_one, fd, SELECT_ONE_READ, (int)(uintptr_t)zero_timeout) > 0;
}

static int fd_getc(int fd) {
  if (!readable(fd)) return -1;
  unsigned char c;
  if (simcall(SYS_read, fd, (int)(uintptr_t)&c, 1) != 1) return -1;
  return c;
}

int sl_hal_read(uint8_t port) { return port == 0 ? sl_board_getc() : fd_getc(3); }

void sl_hal_write(uint8_t port, uint8_t c) {
  if (port == 0) sl_board_putc((char)c);
  else simcall(SYS_write, 3, (int)(uintptr_t)&c, 1);
}

int sl_hal_stop_requested(void) { return readable(4); }
