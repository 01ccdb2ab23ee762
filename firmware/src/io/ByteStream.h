// ByteStream: a serial line (a UART, a pipe) as the SDK sees it: a Sink for
// writes plus a non-blocking single-byte read. Transports that speak to a
// module over a serial port (EspAtTransport) use it.
//
// Contract:
//   write(data, len)  (from Sink) queues bytes for transmission; may block
//                     while a hardware FIFO drains; returns bytes accepted.
//   read()            the next received byte (0..255), or -1 when none is
//                     waiting. Never blocks.
//
// On Arduino wrap any `Stream` (HardwareSerial, SoftwareSerial) with
// sl::ArduinoByteStream; an ATmega's USART0 without Arduino's Serial (about
// 0.8 KB of flash and 0.1 KB of RAM less on an Uno) is sl::AvrUart0
// (io/AvrUart0.h); on bare metal or in tests implement the two methods.
//
//   class Uart : public sl::ByteStream {
//     size_t write(const uint8_t* d, size_t n) override { ... }
//     int read() override { return rxEmpty() ? -1 : rxPop(); }
//   };
#ifndef SL_IO_BYTE_STREAM_H
#define SL_IO_BYTE_STREAM_H

#include "Sink.h"

namespace sl {

class ByteStream : public Sink {
 public:
  virtual int read() = 0;
  using Sink::write;

 protected:
  // Trivial (defaulted, not {}): derived globals need no destructor code, which
  // would also keep this abstract class's vtable in RAM on AVR.
  ~ByteStream() = default;
};

}  // namespace sl

#endif  // SL_IO_BYTE_STREAM_H
