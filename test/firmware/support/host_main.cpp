// Host entry point for SlTest suites: prints to stdout, exit code = failed cases.
#include <stdio.h>

#include "SlTest.h"

extern "C" void sl_test_putc(char c) { putchar(c); }

int main() { return sltest::runAll() ? 1 : 0; }
