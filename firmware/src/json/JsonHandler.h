// What the streaming JSON parser reports: a flat sequence of events.
//
// Strings (keys and values) arrive in pieces: zero or more `KeyPart` /
// `StringPart` events followed by exactly one `Key` / `String` carrying the
// final piece (possibly empty). Concatenated, the pieces are the decoded value
// (escapes resolved, \u escapes as UTF-8, always valid UTF-8). A piece may end
// inside a multi-byte UTF-8 character; the next piece continues it. How a
// string is cut into pieces depends on how the input was chunked and on
// escapes; everything else (event kinds, order, values) never does.
//
// `Number` carries the raw number text (bounded copy, see JsonParser::number()).
// Other events carry no data (length() is 0). A handler that does not need a
// value can say so (JsonParser::skipValue(), setKeyFilter()): skipped values
// are still validated but produce no events.
//
//   class Printer : public sl::JsonHandler {
//    public:
//     bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
//       if (e == sl::JsonEvent::String) use(p.data(), p.length());
//       return true;  // false stops parsing with JsonParseError::Aborted
//     }
//   };
#ifndef SL_JSON_JSONHANDLER_H
#define SL_JSON_JSONHANDLER_H

#include "../config/Config.h"

namespace sl {

class JsonParser;

enum class JsonEvent : uint8_t {
  BeginObject,
  EndObject,
  BeginArray,
  EndArray,
  KeyPart,     // data(): a non-final piece of an object key
  Key,         // data(): the final piece of an object key
  StringPart,  // data(): a non-final piece of a string value
  String,      // data(): the final piece of a string value
  Number,      // data(): the number text; p.number() converts it
  True,
  False,
  Null,
};

// True for KeyPart/Key/StringPart/String.
inline bool isStringEvent(JsonEvent e) {
  return e >= JsonEvent::KeyPart && e <= JsonEvent::String;
}

class JsonHandler {
 public:
  // Called for every event; `p` gives the event's data (data()/length(),
  // valid only during the call), number(), depth() and offset().
  // Return false to stop: the parser then fails with JsonParseError::Aborted.
  // (It stays the first virtual function: the compact parser's AVR assembly
  // calls entry 0 of the vtable, JsonParser.cpp.)
  virtual bool onJson(JsonEvent event, const JsonParser& p) = 0;

 protected:
  // Trivial (defaulted, not {}): derived objects need no destructor code,
  // which would also keep this abstract class's vtable in RAM on AVR.
  ~JsonHandler() = default;
};

}  // namespace sl

#endif  // SL_JSON_JSONHANDLER_H
