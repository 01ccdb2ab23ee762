// Links malloc on purpose: the footprint must report a heap.
#include <stdlib.h>

#include "sl_board.h"

int main() {
  volatile char* p = static_cast<volatile char*>(malloc(100));
  sl_board_putc(p ? 'y' : 'n');
  sl_board_exit(0);
}
