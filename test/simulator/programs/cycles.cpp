// Three measured sections between cycle markers: nothing, a 100-pass and a
// 200-pass `dec/brne` loop (3 cycles a pass, 2 on the last, plus 1 for ldi).
#include "sl_board.h"

int main() {
  sl_board_mark(1);
  sl_board_mark(2);
  sl_board_mark(3);
  __asm__ volatile("ldi r24, 100\n1: dec r24\n brne 1b" ::: "r24");
  sl_board_mark(4);
  sl_board_mark(5);
  __asm__ volatile("ldi r24, 200\n1: dec r24\n brne 1b" ::: "r24");
  sl_board_mark(6);
  sl_board_exit(0);
}
