// Prints a known line and exits with code 7.
#include "sl_board.h"

static void puts_(const char* s) {
  while (*s) sl_board_putc(*s++);
}

int main() {
  puts_("hello from the board\n");
  sl_board_exit(7);
}
