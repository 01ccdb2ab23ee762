// Board entry point for SlTest suites: console through the board, exit code =
// number of failed cases (capped at 255 by the runners).
#include "SlTest.h"
#include "sl_board.h"

extern "C" void sl_test_putc(char c) { sl_board_putc(c); }

int main() {
  int failed = sltest::runAll();
  sl_board_exit(failed > 255 ? 255 : failed);
}
