// sl_board.h for a host build of flash_program.cpp: the console is stdout.
#include <stdio.h>
#include <stdlib.h>

#include "sl_board.h"

extern "C" void sl_board_putc(char c) { putchar(c); }
extern "C" int sl_board_getc(void) { return -1; }
extern "C" void sl_board_mark(uint8_t) {}
extern "C" void sl_board_exit(int code) {
  fflush(stdout);
  exit(code);
}
