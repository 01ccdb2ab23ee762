// Never exits: the runners must stop it (cycle limit / timeout).
#include "sl_board.h"

int main() {
  for (;;) __asm__ volatile("" ::: "memory");
}
