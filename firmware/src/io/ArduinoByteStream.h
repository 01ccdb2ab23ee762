// ArduinoByteStream: a sl::ByteStream over an Arduino `Stream` (Serial,
// Serial1, SoftwareSerial...). Compiles only when ARDUINO is defined.
// Owns nothing: the Stream must outlive it; baud rate is set on the Stream.
// (An Uno's one UART: sl::AvrUart0 in io/AvrUart0.h is smaller than Serial;
// a Mega's Serial1: sl::AvrUart1 in io/AvrUart1.h.)
//
//   Serial1.begin(115200);
//   sl::ArduinoByteStream modemLine(Serial1);
//   sl::EspAtTransport net(modemLine);
#ifndef SL_IO_ARDUINO_BYTE_STREAM_H
#define SL_IO_ARDUINO_BYTE_STREAM_H

#ifdef ARDUINO

#include <Arduino.h>

#include "ByteStream.h"

namespace sl {

class ArduinoByteStream : public ByteStream {
 public:
  // constexpr: a global instance is initialised at compile time (no constructor code).
  constexpr explicit ArduinoByteStream(Stream& stream) : stream_(stream) {}

  size_t write(const uint8_t* data, size_t len) override { return stream_.write(data, len); }
  using ByteStream::write;

  // Arduino's Stream::read() already returns -1 when nothing is waiting
  // (HardwareSerial, SoftwareSerial): no available() call first.
  int read() override { return stream_.read(); }

 private:
  Stream& stream_;
};

}  // namespace sl

#endif  // ARDUINO

#endif  // SL_IO_ARDUINO_BYTE_STREAM_H
