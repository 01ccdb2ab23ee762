// The few C++ runtime hooks a heap-free, exception-free program still needs
// on bare metal. Deliberately no operator new: linking one is an error.
#include <stddef.h>

#include "sl_board.h"

extern "C" void __cxa_pure_virtual() { sl_board_exit(134); }

// A class with a virtual destructor references operator delete from its
// deleting destructor even when nothing is ever deleted. With no heap nothing
// can be, so a call is a bug: it ends the run with exit code 135. (Defining it
// here also keeps the toolchain's delete, and with it free/malloc, out.)
void operator delete(void*) noexcept { sl_board_exit(135); }
