// Printing for the benchmark programs (parse_bench.cpp, event_bench.cpp):
// text and decimal numbers on the board's console, no printf.
#ifndef BENCH_PRINT_H
#define BENCH_PRINT_H

#include "sl_board.h"

namespace bench {

inline void putStr(const char* s) {
  while (*s) sl_board_putc(*s++);
}

inline void putNum(long v) {
  char d[12];
  int n = 0;
  if (v < 0) {
    sl_board_putc('-');
    v = -v;
  }
  do {
    d[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) sl_board_putc(d[--n]);
}

}  // namespace bench

#endif  // BENCH_PRINT_H
