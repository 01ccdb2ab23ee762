// Errors of the streaming JSON parser: a small enum with a readable name.
//
//   sl::JsonParseError e = parser.error();
//   if (e) { print(e.name()); print(parser.errorOffset()); }
//
// `name()` returns a NUL-terminated string with static storage. On AVR it lives
// in flash (read it with pgm_read_byte, or print it through
// `(const __FlashStringHelper*)e.name()`); elsewhere it is an ordinary string.
#ifndef SL_JSON_JSONPARSEERROR_H
#define SL_JSON_JSONPARSEERROR_H

#include "../config/Config.h"

namespace sl {

class JsonParseError {
 public:
  enum Code : uint8_t {
    Ok = 0,            // no error (yet)
    UnexpectedByte,    // a byte the grammar does not allow here
    UnexpectedEnd,     // finish() before the top-level value was complete
    TooDeep,           // more than SL_JSON_MAX_DEPTH nested objects/arrays
    InvalidEscape,     // backslash followed by something other than "\/bfnrtu
    InvalidUnicode,    // \u not followed by four hex digits
    InvalidUtf8,       // malformed, overlong or surrogate UTF-8 in a string
    ControlCharacter,  // unescaped byte < 0x20 inside a string
    InvalidNumber,     // number not matching -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?
    InvalidLiteral,    // misspelt true / false / null
    TrailingData,      // non-whitespace after the top-level value
    Aborted,           // the handler returned false
    CodeCount
  };

  JsonParseError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  // True when there is an error.
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }
  // Readable name, e.g. "unexpected byte" (in flash on AVR, see above).
  const char* name() const { return name(code_); }
  static const char* name(Code code);

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_JSON_JSONPARSEERROR_H
