// Jumps through a bad function pointer: QEMU boards report exit 139.
#include "sl_board.h"

typedef void (*Fn)();

int main() {
  volatile unsigned long bad = 0xFFFFFFF0ul;
  Fn f = reinterpret_cast<Fn>(bad);
  f();
  sl_board_exit(0);
}
