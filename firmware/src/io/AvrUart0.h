// AvrUart0: the ATmega's hardware serial port USART0 (pins 0/1 on an Uno) as
// a sl::ByteStream, without Arduino's HardwareSerial: the Uno's one UART
// when it carries the network modem (sl::EspAtTransport) and the console
// prints elsewhere (sl::PinConsole).
//
//   #include <io/AvrUart0.h>       // in ONE source file (the sketch): see below
//   sl::AvrUart0 modemLine;        // no constructor code
//   sl::EspAtTransport net(modemLine);
//   void setup() { modemLine.begin(115200); ... }
//
// Contract:
//   begin(baud)   8N1, receiver (with its interrupt) and transmitter on.
//                 The rounded divider at double speed (U2X), or at normal
//                 speed when it would pass 4095 (below ~490 baud at 16 MHz):
//                 115200 at 16 MHz is UBRR 16 with U2X, 2.1 % fast, as with
//                 Serial.begin() (57600: UBRR 34 with U2X, -0.8 %; Serial
//                 uses 16 without U2X there, +2.1 %). Meant for a constant
//                 `baud` (the divider is then computed at compile time).
//   write(d, n)   sends the n bytes, waiting for the transmitter before each
//                 (polled: no transmit buffer and no transmit interrupt; one
//                 byte is 87 us at 115200); returns n. Works with interrupts
//                 off. Before begin() it waits forever: call begin() first.
//   read()        the oldest received byte (0..255), -1 when none. Never blocks.
//   lost()        how many received bytes were dropped since reset, at least
//                 (stays at 255 once there; 0: none): one for each byte that
//                 came while the ring was full (the NEWEST is dropped: what
//                 is in the ring stays, in order), and one for each hardware
//                 overrun (interrupts off for more than about three character
//                 times: the chip dropped one or more bytes; it does not say
//                 how many).
//
// Receiving: an interrupt moves each byte into a ring of
// SL_AVR_UART_RX_BUFFER bytes (a power of two, 2..256; holds one byte less).
// The default, 64, holds what the modem sends at once while the sketch is
// busy: one AT+CIPRECVDATA reply, the transport's chunk
// (SL_ESPAT_RECV_CHUNK, 32 on AVR) plus ~30 bytes of framing, arrives back
// to back at 115200 (87 us a byte), e.g. while the sketch prints a line
// through sl::PinConsole (174 us a character with interrupts off, at 57600:
// the USART holds the two bytes that come meanwhile and the interrupt
// empties it between characters; a 20-character line takes 3.5 ms, some
// 40 modem bytes). Arduino's Serial holds as much (64). A sketch that
// reads less often, or asks for larger chunks, needs a bigger ring:
// define SL_AVR_UART_RX_BUFFER before the include (-D for the whole build).
//
// One source file only: this header defines the USART0 receive interrupt
// (USART_RX_vect on the ATmega328P, USART0_RX_vect on the ATmega2560), so
// include it in one .ino/.cpp of a program. It replaces Serial on that
// port: Arduino's HardwareSerial0 defines the same interrupt, so a sketch
// that also uses `Serial` (Serial.begin, Serial.print...) does not link:
//     multiple definition of `__vector_18'     (ATmega2560: `__vector_25')
// (including this header in two files gives the same error). Serial1..3
// of a Mega are other USARTs and can be used beside it.
//
// Chips: those with USART0 (UDR0): ATmega328P/168/88 (Uno, Nano, Pro Mini)
// and ATmega2560/1280 (Mega; its modem is on Serial1's USART1: sl::AvrUart1,
// io/AvrUart1.h, with USART0 as Serial or as a transmit-only console,
// sl::AvrUartConsole). Other AVRs (ATmega8, ATmega32U4, ATtiny) stop with
// an #error. Bare metal too: needs only avr-libc and F_CPU.
//
// RAM: the ring + 3 bytes, the object's vtable pointer (2) and its vtable
// (8, in .data on AVR): 77 bytes by default. Flash: about 190 bytes (the
// interrupt 80, read() 40, write() 36, begin() ~24 inline, vtable 8).
// Arduino's Serial with sl::ArduinoByteStream instead: in LampControl on
// the Uno 794 bytes of flash and 110 bytes of RAM more (its transmit ring
// and object, HardwareSerial and Print code, Serial's constructor).
#ifndef SL_IO_AVR_UART0_H
#define SL_IO_AVR_UART0_H

#if !defined(__AVR__)
#error "io/AvrUart0.h is for AVR chips (ATmega USART0)"
#endif

#include "AvrUsart.h"
#include "ByteStream.h"

#if !defined(UDR0) || !defined(UCSR0A) || !defined(UBRR0)
#error "sl::AvrUart0: this AVR has no USART0 (UDR0, UCSR0A, UBRR0)"
#endif
#if defined(USART_RX_vect)
#define SL_AVR_UART0_RX_VECT USART_RX_vect
#elif defined(USART0_RX_vect)
#define SL_AVR_UART0_RX_VECT USART0_RX_vect
#else
#error "sl::AvrUart0: no USART0 receive interrupt vector known for this AVR"
#endif

// SL_AVR_UART_RX_BUFFER (bytes of the receive ring, see above) is set in
// config/Config.h. The ring, the registers and the interrupt's code are
// shared with sl::AvrUart1 (io/AvrUsart.h).

namespace sl {

class AvrUart0 : public ByteStream {
  typedef detail::AvrUartRx<0> Rx;

 public:
  // constexpr: a global instance is initialised at compile time (no constructor code).
  constexpr AvrUart0() {}

  // Inline: with a constant baud the divider is folded into two stores.
  __attribute__((always_inline)) void begin(unsigned long baud) { detail::AvrUsart<0>::begin(baud, true); }

  size_t write(const uint8_t* data, size_t len) override {
    detail::AvrUsart<0>::putAll(data, len);
    return len;
  }
  using ByteStream::write;

  int read() override { return Rx::pop(); }

  uint8_t lost() const { return Rx::lost; }
};

}  // namespace sl

// The receive interrupt (io/AvrUsart.h): the byte into the ring, or counted as lost.
SL_AVR_UART_RX_ISR(SL_AVR_UART0_RX_VECT, 0)

#endif  // SL_IO_AVR_UART0_H
