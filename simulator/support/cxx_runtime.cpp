// The few C++ runtime hooks a heap-free, exception-free program still needs
// on bare metal. Deliberately no operator new/delete: linking one is an error.
#include "sl_board.h"

extern "C" void __cxa_pure_virtual() { sl_board_exit(134); }
