// PinConsole: a transmit-only serial line (8N1) on any digital pin of an AVR
// Arduino, with the print()/println() of an Arduino `Print` for texts and
// integers: the console of a board whose one UART drives the network modem
// (an Uno with an ESP-01). Compiles only on AVR with ARDUINO defined.
//
// SoftwareSerial does the same and also receives, which a console does not
// need; that costs it about 1.2 KB of flash and 95 B of RAM more (its
// receive buffer and pin-change interrupts). PinConsole is ~200 B of flash
// and 4 B of RAM.
//
// It is not a `Print` (nothing is virtual: no vtable, which would take 12 B
// of RAM on AVR): print()/println() (io/ConsolePrint.h) take what a sketch
// prints: F("...") and flash strings, C strings, a char, integers in decimal
// (no base argument, no floats, no String). Code that needs a `Print&`
// cannot take it. (A console on a hardware serial port's transmit pin:
// sl::AvrUartConsole, io/AvrUartConsole.h.)
//
// Timing: each byte is sent with interrupts off (one frame: 10 bit times,
// 174 us at 57600 baud), bits timed by cycle-counted delay loops; the bit
// time is within about 2 % from 300 baud up to 115200 at 16 MHz (57600 at
// 8 MHz). A hardware UART receiving meanwhile holds its bytes (2 + the
// shift register), so the modem line at 115200 loses nothing across a frame.
// Interrupt-driven code that cannot wait 10 bit times should not print.
//
//   sl::PinConsole console(3);          // TX on pin 3
//   console.begin(57600);
//   console.println(F("hello"));
//   console.print(F("reading ")); console.println(analogRead(A0));
#ifndef SL_IO_PIN_CONSOLE_H
#define SL_IO_PIN_CONSOLE_H

#if defined(ARDUINO) && defined(__AVR__)

#include <Arduino.h>
#include <util/delay_basic.h>

#include "ConsolePrint.h"

namespace sl {

class PinConsole : public ConsolePrint<PinConsole> {
 public:
  // constexpr: a global instance is initialised at compile time (no
  // constructor code). begin() sets the rest.
  constexpr explicit PinConsole(uint8_t pin) : port_(0), loops_(0), pin_(pin), mask_(0) {}

  // Drives the pin high (idle) for a frame's time; `baud` from 300 up.
  void begin(unsigned long baud) {
    // (locals: the members would be read again after each store and call)
    const uint8_t pin = pin_;
    volatile uint8_t* const port = portOutputRegister(digitalPinToPort(pin));
    const uint8_t mask = digitalPinToBitMask(pin);
    // _delay_loop_2 takes 4 cycles a loop; the rest of a bit's code 12
    // (write(): the same for a 1 and a 0). The count leaves the bit about
    // 2 % short (57600 at 16 MHz: 272 cycles for 277.8; 115200: 136 for
    // 138.9): a frame sent with interrupts off stays shorter than two
    // characters of a 115200-baud modem line, which the USART holds.
    const uint16_t loops = static_cast<uint16_t>((F_CPU / baud - 14) / 4);
    port_ = port;
    mask_ = mask;
    loops_ = loops;
    *port |= mask;
    pinMode(pin, OUTPUT);
    // A frame's time high: one delay of ten bit times when its count fits
    // 16 bits (with a constant baud decided at compile time: one branch is
    // left), ten delays of one below about 600 baud at 16 MHz.
    if (loops <= 0xFFFFu / 10) {
      _delay_loop_2(static_cast<uint16_t>(loops * 10));
    } else {
      for (uint8_t i = 0; i < 10; ++i) _delay_loop_2(loops);
    }
  }

  // One byte; 1, or 0 before begin().
  size_t write(uint8_t b) {
    if (!port_) return 0;  // before begin()
    uint16_t frame = static_cast<uint16_t>((b << 1) | 0x200);  // start bit 0, data LSB first, stop bit 1
    volatile uint8_t* port = port_;
    uint8_t set = mask_;
    uint16_t loops = loops_;
    uint8_t sreg = SREG;
    cli();
    for (uint8_t i = 0; i < 10; ++i, frame >>= 1) {
      // The pin set, then cleared again for a 0 by an instruction skipped
      // for a 1: a 1 and a 0 take the same cycles, with no jump around
      // either (avr-gcc turns the same test in C++ into two branches that
      // jump), and no register holds the inverted mask.
      uint8_t v = static_cast<uint8_t>(*port | set);
      __asm__("sbrs %[bits], 0\n\t"
              "eor %[v], %[set]"
              : [v] "+r"(v)
              : [bits] "r"(static_cast<uint8_t>(frame)), [set] "r"(set));
      *port = v;
      _delay_loop_2(loops);
    }
    SREG = sreg;
    return 1;
  }
  size_t write(const uint8_t* data, size_t len) {
    size_t n = 0;
    while (len--) n += write(*data++);
    return n;
  }

 private:
  volatile uint8_t* port_;
  uint16_t loops_;
  uint8_t pin_;
  uint8_t mask_;
};

}  // namespace sl

#endif  // ARDUINO && __AVR__

#endif  // SL_IO_PIN_CONSOLE_H
