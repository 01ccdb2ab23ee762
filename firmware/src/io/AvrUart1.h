// AvrUart1: the ATmega's second hardware serial port, USART1, as a
// sl::ByteStream without Arduino's HardwareSerial: a Mega's Serial1 (pins
// 18 TX1 / 19 RX1) when it carries the network modem (sl::EspAtTransport).
// The same driver as sl::AvrUart0 (io/AvrUart0.h: contract, receive ring,
// SL_AVR_UART_RX_BUFFER, sizes) on the other port.
//
//   #include <io/AvrUart1.h>       // in ONE source file (the sketch)
//   sl::AvrUart1 modemLine;        // no constructor code
//   sl::EspAtTransport net(modemLine);
//   void setup() { modemLine.begin(115200); ... }
//
// One source file only: this header defines the USART1 receive interrupt
// (USART1_RX_vect, __vector_36 on the ATmega2560), so it replaces Serial1:
// a sketch that also uses `Serial1` does not link (multiple definition of
// `__vector_36'). Serial (USART0) may stay, or be replaced too
// (sl::AvrUart0, or sl::AvrUartConsole<0> for a transmit-only console):
// without any HardwareSerial, firmware/examples/Provisioning on the Mega is
// 1.2 KB of flash and 270 B of RAM smaller.
//
// Chips: those with USART1 (UDR1): ATmega2560/1280 (Mega), ATmega1284P/644P.
// Others stop with an #error.
#ifndef SL_IO_AVR_UART1_H
#define SL_IO_AVR_UART1_H

#if !defined(__AVR__)
#error "io/AvrUart1.h is for AVR chips (ATmega USART1)"
#endif

#include "AvrUsart.h"
#include "ByteStream.h"

#if !defined(UDR1) || !defined(UCSR1A) || !defined(UBRR1) || !defined(USART1_RX_vect)
#error "sl::AvrUart1: this AVR has no USART1 (UDR1, UCSR1A, UBRR1, USART1_RX_vect)"
#endif

namespace sl {

class AvrUart1 : public ByteStream {
  typedef detail::AvrUartRx<1> Rx;

 public:
  // constexpr: a global instance is initialised at compile time (no constructor code).
  constexpr AvrUart1() {}

  // 8N1, receiver (with its interrupt) and transmitter on; as AvrUart0::begin().
  __attribute__((always_inline)) void begin(unsigned long baud) { detail::AvrUsart<1>::begin(baud, true); }

  // Polled, as AvrUart0::write(); returns len.
  size_t write(const uint8_t* data, size_t len) override {
    detail::AvrUsart<1>::putAll(data, len);
    return len;
  }
  using ByteStream::write;

  // The oldest received byte (0..255), -1 when none. Never blocks.
  int read() override { return Rx::pop(); }

  // Received bytes dropped since reset (saturates at 255), as AvrUart0::lost().
  uint8_t lost() const { return Rx::lost; }
};

}  // namespace sl

// The receive interrupt (io/AvrUsart.h): the byte into the ring, or counted as lost.
SL_AVR_UART_RX_ISR(USART1_RX_vect, 1)

#endif  // SL_IO_AVR_UART1_H
