// Reads a recursion depth from the console ("<n>\n"), recurses that deep
// with a fixed-size frame, prints the result and exits 0.
#include "sl_board.h"

static int readNumber() {
  int n = 0;
  for (;;) {
    int c = sl_board_getc();
    if (c < 0) continue;
    if (c == '\n') return n;
    if (c >= '0' && c <= '9') n = n * 10 + (c - '0');
  }
}

__attribute__((noinline)) static int depth(int n) {
  volatile char frame[16];
  frame[0] = static_cast<char>(n);
  if (n == 0) return frame[0];
  return depth(n - 1) + 1 + frame[0] - static_cast<char>(n);
}

int main() {
  int n = readNumber();
  int r = depth(n);
  const char* msg = "depth ";
  while (*msg) sl_board_putc(*msg++);
  char digits[6];
  int k = 0;
  do {
    digits[k++] = static_cast<char>('0' + r % 10);
    r /= 10;
  } while (r);
  while (k) sl_board_putc(digits[--k]);
  sl_board_putc('\n');
  sl_board_exit(0);
}
