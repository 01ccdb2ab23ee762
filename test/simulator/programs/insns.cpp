// QEMU boards: two-instruction loops of 1000 and 2000 passes between marks;
// the runner's instruction counting must see the 2000-instruction difference.
#include "sl_board.h"

#if defined(__arm__)
#define LOOP(n) __asm__ volatile("ldr r3, =" #n "\n1: subs r3, r3, #1\n bne 1b" ::: "r3", "cc")
#else
#define LOOP(n) __asm__ volatile("movi a8, " #n "\n1: addi a8, a8, -1\n bnez a8, 1b" ::: "a8")
#endif

int main() {
  sl_board_mark(1);
  LOOP(1000);
  sl_board_mark(2);
  sl_board_mark(3);
  LOOP(2000);
  sl_board_mark(4);
  sl_board_exit(0);
}
