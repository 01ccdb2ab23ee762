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

  HttpError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  // Readable name ("Ok", "InvalidHeader"...); a FlashString (in flash on AVR).
  FlashString name() const {
    static const char n0[] SL_PROGMEM = "Ok";
    static const char n1[] SL_PROGMEM = "WriteFailed";
    static const char n2[] SL_PROGMEM = "InvalidArgument";
    static const char n3[] SL_PROGMEM = "BadCallOrder";
    static const char n4[] SL_PROGMEM = "BodyLengthMismatch";
    static const char n5[] SL_PROGMEM = "InvalidStatusLine";
    static const char n6[] SL_PROGMEM = "InvalidHeader";
    static const char n7[] SL_PROGMEM = "HeaderTooLong";
    static const char n8[] SL_PROGMEM = "InvalidContentLength";
    static const char n9[] SL_PROGMEM = "InvalidChunk";
    static const char n10[] SL_PROGMEM = "UnsupportedTransferEncoding";
    static const char n11[] SL_PROGMEM = "TruncatedBody";
    static const char* const names[] SL_PROGMEM = {n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11};
    uint8_t i = code_ <= TruncatedBody ? code_ : 0;
#if SL_ARCH_AVR
    return FlashString(reinterpret_cast<const char*>(pgm_read_ptr(&names[i])));
#else
    return FlashString(names[i]);
#endif
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_HTTP_HTTP_ERROR_H
