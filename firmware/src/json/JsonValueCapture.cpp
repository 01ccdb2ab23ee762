#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonValueCapture.h"

#include "JsonParser.h"

namespace sl {

SL_NOINLINE void JsonValueCapture::clear() {
  len_ = 0;
  type_ = None;
  truncated_ = false;
  if (cap_) buf_[0] = 0;
}

// (clear() does the rest: one copy of that code for both.)
SL_NOINLINE void JsonValueCapture::rebind(char* buffer, size_t capacity) {
  buf_ = buffer;
  cap_ = capacity;
  clear();
}

// After a cut (`end`: the terminator after the kept bytes): drops an
// incomplete UTF-8 sequence at the end. The continuation bytes are counted
// back to their lead byte, whose sequence is kept only when all of them
// are there.
void JsonValueCapture::cutAtCharacter(char* end) {
  truncated_ = true;
  char* const buf = buf_;
  // k: continuation bytes seen; m: k + 2 high bits set. A lead byte needs
  // more than k of them when its k + 2 high bits are all set (0xC0: 1 or
  // more, 0xE0: 2 or more, 0xF0: 3). After 3, any sequence is complete (a
  // longer run is not UTF-8; the parser never delivers one): nothing to drop.
  char* e = end;
  for (uint8_t m = 0xC0; e != buf && m != 0xF8; m = static_cast<uint8_t>((m >> 1) | 0x80)) {
    uint8_t c = static_cast<uint8_t>(*--e);
    if ((c & 0xC0) == 0x80) continue;
    if ((c & m) == m) {  // (ASCII never: its bit 7 is clear)
      len_ = static_cast<size_t>(e - buf);
      *e = 0;
    }
    return;
  }
}

// One function (the pieces appended in place): a single prologue per event.
// Works on local copies: buf_ is a char*, so every store through it could
// change the members as far as the compiler knows.
SL_NOINLINE void JsonValueCapture::capture(JsonEvent e, const JsonParser& p) {
  // The type the event starts (in code: smaller than a table on AVR): a
  // string's pieces String, Number..Null in the order of their types, the
  // brackets that open Object and Array; any other event none.
  static_assert(static_cast<uint8_t>(JsonEvent::String) - static_cast<uint8_t>(JsonEvent::StringPart) == String &&
                    static_cast<uint8_t>(JsonEvent::Number) - static_cast<uint8_t>(JsonEvent::StringPart) == Number &&
                    static_cast<uint8_t>(JsonEvent::True) - static_cast<uint8_t>(JsonEvent::StringPart) == True &&
                    static_cast<uint8_t>(JsonEvent::False) - static_cast<uint8_t>(JsonEvent::StringPart) == False &&
                    static_cast<uint8_t>(JsonEvent::Null) - static_cast<uint8_t>(JsonEvent::StringPart) == Null &&
                    static_cast<uint8_t>(JsonEvent::Null) == 11,
                "JsonEvent's value events follow StringPart in the order of Type");
  static_assert(static_cast<uint8_t>(JsonEvent::BeginObject) == 0 && static_cast<uint8_t>(JsonEvent::BeginArray) == 2,
                "the brackets' events below StringPart");
  // t: the event's distance from StringPart (8-bit: the brackets below it wrap to 250 and 252)
  uint8_t t = static_cast<uint8_t>(static_cast<uint8_t>(e) - static_cast<uint8_t>(JsonEvent::StringPart));
  if (t > Null) {  // not StringPart..Null (0..5)
    if (t == static_cast<uint8_t>(-static_cast<uint8_t>(JsonEvent::StringPart))) {
      t = Object;
    } else if (t == static_cast<uint8_t>(static_cast<uint8_t>(JsonEvent::BeginArray) - static_cast<uint8_t>(JsonEvent::StringPart))) {
      t = Array;
    } else {
      return;
    }
  } else if (!t) {
    t = String;  // StringPart
  }
  char* const buf = buf_;
  const size_t cap = cap_;
  size_t len = len_;
  if (t != String || type_ != String) {
    // A new value (a string's later pieces add to it).
    len = 0;
    // (a number the parser cut is cut here too: set now, p is then not
    // needed after the copy)
    truncated_ = t == Number && p.number().truncated();
    type_ = static_cast<Type>(t);
    // (The other types' events carry no bytes, length() 0 (JsonHandler.h):
    // the copy below keeps "" for them.)
    if (!cap) {  // no room for any text
      len_ = 0;
      return;
    }
  } else if (truncated_) {
    return;  // a cut string takes no later piece (one could fit the room the cut freed: not a prefix)
  }
  size_t n = p.length();
  const uint8_t* d = p.data();
  const size_t room = cap - 1 - len;
  const bool cut = n > room;
  if (cut) n = room;
  len_ = len + n;
  char* o = buf + len;  // (then the terminator, after the kept bytes)
#if SL_ARCH_AVR
  // (avr-gcc shuffled both pointers through other registers on every byte;
  // the source in Z: the parser is then held there too, its data() and
  // length() read by displacement, not by moving X back and forth)
  {
    __asm__ volatile(
        "sbiw %[n], 0\n\t"  // (sets Z when n is 0)
        "breq 2f\n\t"
        "1:\n\t"
        "ld   __tmp_reg__, Z+\n\t"
        "st   X+, __tmp_reg__\n\t"
        "sbiw %[n], 1\n\t"
        "brne 1b\n\t"
        "2:\n\t"
        "st   X, __zero_reg__\n\t"
        : [o] "+x"(o), [d] "+z"(d), [n] "+w"(n)
        :
        : "memory");
  }
#else
  for (; n; --n) *o++ = static_cast<char>(*d++);
  *o = 0;
#endif
  if (cut) cutAtCharacter(o);
}

bool JsonValueCapture::equals(const char* s) const {
  if (type_ != String || truncated_) return false;
  const char* b = buf_;
#if SL_ARCH_AVR
  // (avr-gcc kept an end pointer and moved s through Y and Z per byte)
  size_t n = len_;
  uint8_t r, t;
  __asm__(
      "sbiw %[n], 0\n\t"
      "breq 3f\n\t"
      "1:\n\t"
      "ld   __tmp_reg__, X+\n\t"
      "ld   %[t], Z+\n\t"
      "cp   __tmp_reg__, %[t]\n\t"
      "brne 2f\n\t"
      "tst  %[t]\n\t"  // s ends before the captured bytes do (a decoded NUL)
      "breq 2f\n\t"
      "sbiw %[n], 1\n\t"
      "brne 1b\n\t"
      "3:\n\t"  // all len_ bytes equal: s must end here
      "ld   %[t], Z\n\t"
      "clr  %[r]\n\t"
      "tst  %[t]\n\t"
      "brne 4f\n\t"
      "inc  %[r]\n\t"
      "rjmp 4f\n\t"
      "2:\n\t"
      "clr  %[r]\n\t"
      "4:\n\t"
      : [r] "=&r"(r), [t] "=&r"(t), [n] "+w"(n), [b] "+x"(b), [s] "+z"(s)
      :
      : "memory");
  return r != 0;
#else
  const char* const end = b + len_;
  while (b != end) {
    const char c = *s++;
    if (*b++ != c || !c) return false;  // (!c: s ends before a decoded NUL; never read past it)
  }
  return *s == 0;
#endif
}

// A cut number keeps no account of what was dropped (the integer digits, the
// exponent part, or the parser's own adjustment when it had cut the text):
// the kept digits alone would be a wrong value, so the number says it is cut
// (toDouble(): Truncated; toInt*(): Overflow).
JsonNumber JsonValueCapture::number() const {
  JsonNumber whole(buf_, len_);
  if (!truncated_) return whole;
  return JsonNumber(buf_, static_cast<uint8_t>(len_ > 255 ? 255 : len_), true, whole.isInteger(), JsonNumber::kUnknownCut, 0);
}

}  // namespace sl
