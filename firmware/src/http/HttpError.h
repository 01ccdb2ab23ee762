// HttpError: what went wrong in the HTTP request writer or response parser.
//
// A small value type: compare with the codes, test with `if (err)` (true on
// error), print `err.name()` (a sl::FlashString: in flash on AVR, where
// Arduino's print() takes it directly; `.ptr()` is a plain string elsewhere).
#ifndef SL_HTTP_HTTP_ERROR_H
#define SL_HTTP_HTTP_ERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class HttpError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    WriteFailed,         // the sink/transport accepted fewer bytes than written
    InvalidArgument,     // method, header name/value or host would make invalid HTTP
    BadCallOrder,        // e.g. query() after header(), or anything after end()
    BodyLengthMismatch,  // the body callback wrote a different length than it counted
    InvalidStatusLine,   // not "HTTP/1.x DDD ..."
    InvalidHeader,       // no colon, bad name, obsolete line folding, NUL or control byte
    HeaderTooLong,       // a header the parser needs (Content-Length...) exceeded the line buffer
    InvalidContentLength,
    InvalidChunk,        // bad chunk size line or missing CRLF after chunk data
    UnsupportedTransferEncoding,
    TruncatedBody,       // connection ended before the announced body did
  };

  constexpr HttpError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  // Readable name ("Ok", "InvalidHeader"...); a FlashString (in flash on AVR).
  FlashString name() const {
    static const char kNames[] SL_PROGMEM =
        "Ok\0"
        "WriteFailed\0"
        "InvalidArgument\0"
        "BadCallOrder\0"
        "BodyLengthMismatch\0"
        "InvalidStatusLine\0"
        "InvalidHeader\0"
        "HeaderTooLong\0"
        "InvalidContentLength\0"
        "InvalidChunk\0"
        "UnsupportedTransferEncoding\0"
        "TruncatedBody\0"
        "Unknown\0";
    return detail::flashNameAt(kNames, code_);
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_HTTP_HTTP_ERROR_H
