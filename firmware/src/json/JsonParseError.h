// Errors of the streaming JSON parser: a small enum with a readable name.
//
//   sl::JsonParseError e = parser.error();
//   if (e) { Serial.print(e.name()); Serial.println(parser.errorOffset()); }
//
// `name()` returns a sl::FlashString (static storage; in flash on AVR, where
// Arduino's print() takes it directly; `.ptr()` is a plain string elsewhere).
#ifndef SL_JSON_JSONPARSEERROR_H
#define SL_JSON_JSONPARSEERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

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

  constexpr JsonParseError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  // True when there is an error.
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }
  // Readable name, e.g. "unexpected byte" (see above).
  FlashString name() const { return name(code_); }
  static FlashString name(Code code);

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_JSON_JSONPARSEERROR_H
