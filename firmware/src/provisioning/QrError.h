// QrError: what went wrong while encoding or printing a QR code.
//
//   sl::QrError e = qr.encode(...);
//   if (e) Serial.println(e.name());   // "data too long"...
//
// `name()` returns a sl::FlashString (in flash on AVR; `.ptr()` is a plain
// string elsewhere).
#ifndef SL_PROVISIONING_QRERROR_H
#define SL_PROVISIONING_QRERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class QrError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    DataTooLong,      // the payload does not fit any version up to the allowed maximum
    BufferTooSmall,   // the modules or temp buffer is shorter than the chosen version needs
    InvalidArgument,  // null buffer/data, max version outside 1..SL_QR_MAX_VERSION, no code to print
    WriteFailed,      // the sink accepted fewer bytes than written, or a row callback said stop
    CodeCount
  };

  constexpr QrError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  // True when there is an error.
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }
  // Readable name, e.g. "data too long".
  FlashString name() const { return name(code_); }
  static FlashString name(Code code);

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_QRERROR_H
