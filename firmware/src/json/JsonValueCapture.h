// sl::JsonValueCapture: keeps one scalar JSON value in a caller-sized buffer,
// typically fed from JsonMatchHandler::onMatch (see JsonPathMatcher.h).
//
//   char buf[24];
//   sl::JsonValueCapture value(buf, sizeof buf);
//   value.capture(e, p);                  // for each event of the value
//   if (value.type() == sl::JsonValueCapture::Number) { int32_t v; value.number().toInt32(v); }
//   if (value.equals("lamp")) ...
//
// Strings are stored decoded (UTF-8) and NUL-terminated; a string longer than
// capacity - 1 bytes is cut at a UTF-8 character boundary and truncated() is
// set. Numbers are stored as their text (the parser's bounded copy; cut the
// same way if the buffer is smaller). Objects and arrays only record their
// type. The capture never allocates; the buffer must outlive it.
#ifndef SL_JSON_JSONVALUECAPTURE_H
#define SL_JSON_JSONVALUECAPTURE_H

#include "../config/Config.h"
#include "JsonHandler.h"
#include "JsonNumber.h"

namespace sl {

class JsonParser;

class JsonValueCapture {
 public:
  enum Type : uint8_t { None, String, Number, True, False, Null, Object, Array };

  // `capacity` >= 1 (one byte is kept for the terminating NUL).
  // Inline (no call to clear()): a global capture's construction is a few
  // stores. The buffer starts as "".
  JsonValueCapture(char* buffer, size_t capacity)
      : buf_(buffer), cap_(capacity), len_(0), type_(None), truncated_(false) {
    if (capacity) buffer[0] = 0;
  }
  void clear();
  // Points the capture at another buffer, cleared (as constructed there).
  void rebind(char* buffer, size_t capacity);
  // Records one event of the value (other events are ignored).
  void capture(JsonEvent e, const JsonParser& p);

  Type type() const { return type_; }
  bool has() const { return type_ != None; }
  // String or number text, NUL-terminated ("" otherwise).
  const char* text() const { return buf_; }
  size_t length() const { return len_; }
  bool truncated() const { return truncated_; }
  // True when the value is the string `s` (NUL-terminated, in RAM) exactly.
  bool equals(const char* s) const;
  // Number: the captured text as a JsonNumber. When truncated() (the text
  // was longer than the buffer, or than the parser's SL_JSON_NUMBER_MAX
  // copy), the value is unknown: integer conversions report Overflow and
  // toDouble() Truncated (out = 0), never the value of the kept digits. For
  // such numbers convert with p.number() inside the handler (it keeps the
  // exponent adjustment), or give the capture a larger buffer.
  JsonNumber number() const;
  // True for `true`; false otherwise.
  bool boolean() const { return type_ == True; }

 private:
  void cutAtCharacter(char* end);

  char* buf_;
  size_t cap_;
  size_t len_;
  Type type_;
  bool truncated_;
};

}  // namespace sl

#endif  // SL_JSON_JSONVALUECAPTURE_H
