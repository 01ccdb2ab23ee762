// AvrUartConsole: a transmit-only console on an ATmega's hardware serial
// port, with the print()/println() of an Arduino `Print` for texts and
// integers (io/ConsolePrint.h), without Arduino's HardwareSerial: a Mega's
// console on USART0 (the USB serial port, the Serial Monitor) while
// sl::AvrUart1 drives the modem on USART1. Compiles only on AVR with ARDUINO
// defined.
//
//   #include <io/AvrUartConsole.h>
//   sl::AvrUartConsole<0> console;     // USART0: Serial's port (USB); no constructor code
//   void setup() { console.begin(57600); console.println(F("hello")); }
//
// Contract:
//   begin(baud)  8N1, the transmitter only (no receiver, no interrupt: the
//                port's receive pin stays free); the divider as
//                sl::AvrUart0::begin() (57600 at 16 MHz: UBRR 34 with U2X).
//   write(b)     waits for the transmitter, then sends b; returns 1. Polled:
//                no transmit buffer, no interrupt, so it also works with
//                interrupts off; a line of n characters keeps the caller
//                about n x 174 us at 57600 (Serial returns sooner while its
//                64-byte ring has room). Before begin() it waits forever:
//                call begin() first.
//   write(d, n)  the n bytes; returns n.
//
// Not beside Arduino's `Serial` of the same port (both would drive its
// transmitter); HardwareSerial on other ports may stay, but the saving is
// in having none: with Serial and Serial1 replaced by this and
// sl::AvrUart1, firmware/examples/Provisioning on the Mega is 1.2 KB of
// flash and 270 B of RAM smaller.
//
// Flash: the printing (ConsolePrint's text() and number(), write() inlined
// there) and begin()'s register stores. RAM: nothing (no state, no vtable).
#ifndef SL_IO_AVR_UART_CONSOLE_H
#define SL_IO_AVR_UART_CONSOLE_H

#if defined(ARDUINO) && defined(__AVR__)

#include "AvrUsart.h"
#include "ConsolePrint.h"

namespace sl {

template <uint8_t N>
class AvrUartConsole : public ConsolePrint<AvrUartConsole<N> > {
 public:
  // constexpr: a global instance is initialised at compile time (no constructor code).
  constexpr AvrUartConsole() {}

  // Inline: with a constant baud the divider is folded into the register stores.
  __attribute__((always_inline)) void begin(unsigned long baud) { detail::AvrUsart<N>::begin(baud, false); }

  size_t write(uint8_t b) {
    detail::AvrUsart<N>::put(b);
    return 1;
  }
  size_t write(const uint8_t* data, size_t len) {
    detail::AvrUsart<N>::putAll(data, len);
    return len;
  }
};

}  // namespace sl

#endif  // ARDUINO && __AVR__

#endif  // SL_IO_AVR_UART_CONSOLE_H
