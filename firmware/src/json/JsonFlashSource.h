// sl::JsonFlashSource: a NUL-terminated document in flash (SL_PROGMEM on
// AVR, an ordinary array elsewhere) as a source for JsonParser::parse(),
// read one byte at a time with no RAM copy.
//
//   static const char kDoc[] SL_PROGMEM = "{\"lamp\":true}";
//   sl::JsonFlashSource src(kDoc);
//   parser.parse(src);
//   parser.finish();
//
// read() follows the Stream contract parse() expects: the next byte, or -1
// at the terminating NUL (and on every call after it). A NUL byte therefore
// ends the document; JSON text never contains a raw NUL, so nothing valid is
// lost. The end test is the byte itself, so a read costs one flash load and
// one compare (about 5 cycles on AVR, half of a read that compares a pointer
// with an end pointer). position() is the number of bytes read so far.
#ifndef SL_JSON_JSONFLASHSOURCE_H
#define SL_JSON_JSONFLASHSOURCE_H

#include "../config/Config.h"
#include "JsonParser.h"  // the declarations of detail::skipPlainRun / copyPlainRun

namespace sl {

class JsonFlashSource {
 public:
  explicit JsonFlashSource(const char* flashText)
      : start_(reinterpret_cast<const uint8_t*>(flashText)), p_(start_) {}
  explicit JsonFlashSource(const uint8_t* flashBytes) : start_(flashBytes), p_(flashBytes) {}

  __attribute__((always_inline)) int read() {
    uint8_t c;
#if SL_ARCH_AVR
    __asm__("lpm %0, Z+" : "=r"(c), "+z"(p_));  // pgm_read_byte(p_++) in one instruction
#else
    c = *p_++;
#endif
    if (__builtin_expect(c == 0, 0)) {
      --p_;  // stays on the NUL
      return -1;
    }
    return c;
  }
  // Bytes read so far (the offset of the next byte).
  size_t position() const { return static_cast<size_t>(p_ - start_); }

 private:
  friend size_t detail::skipPlainRun(JsonFlashSource&);
  friend uint8_t detail::copyPlainRun(JsonFlashSource&, uint8_t*, uint8_t);
  friend int detail::peekByte(JsonFlashSource&);
  friend void detail::unread(JsonFlashSource&, size_t);

  const uint8_t* start_;
  const uint8_t* p_;
};

namespace detail {

// The plain-byte runs of JsonParser::parse() for a flash document (see
// JsonParser.h): the bytes are still read one at a time from flash, but in a
// tight loop instead of one read() each (on AVR about 8.5 cycles per byte
// skipped and 12.5 per byte copied, against ~20 and ~23 through read()). The
// NUL at the end is not plain, so the runs stop there too.
__attribute__((always_inline)) inline size_t skipPlainRun(JsonFlashSource& source) {
  const uint8_t* p = source.p_;
#if SL_ARCH_AVR
  // Four bytes per loop turn (~8.5 cycles per byte). A byte less 0x23 is
  // below 0x5D for 0x23..0x7F; of those only '\\' (0x39 then) is not plain.
  uint8_t t;
#define SL_SKIP_CHECK            \
  "lpm %[t], Z+\n\t"            \
  "subi %[t], 0x23\n\t"         \
  "cpi %[t], 0x5D\n\t"          \
  "brsh 3f\n\t"                 \
  "cpi %[t], 0x39\n\t"          \
  "breq 2f\n\t"
  __asm__(
      "1:\n\t"
      SL_SKIP_CHECK SL_SKIP_CHECK SL_SKIP_CHECK SL_SKIP_CHECK
      "rjmp 1b\n\t"
      "3:\n\t"
      "subi %[t], 0xFD\n\t"  // 0x20 and 0x21 are plain too: 0, 1 now
      "cpi %[t], 2\n\t"
      "brlo 1b\n\t"
      "2:\n\t"
      "sbiw %[p], 1\n\t"  // back onto the byte that is not plain
      : [p] "+z"(p), [t] "=&d"(t));
#undef SL_SKIP_CHECK
#else
  for (;;) {
    uint8_t c = *p;
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++p;
  }
#endif
  size_t n = static_cast<size_t>(p - source.p_);
  source.p_ = p;
  return n;
}

__attribute__((always_inline)) inline uint8_t copyPlainRun(JsonFlashSource& source, uint8_t* to, uint8_t room) {
  const uint8_t* p = source.p_;
  uint8_t left = room;
#if SL_ARCH_AVR
  // Four bytes per loop turn (~12.5 cycles per byte): each byte is stored
  // before it is tested (a byte that is not plain lands past the copied
  // ones, within `room`, and is not counted).
  uint8_t c;
#define SL_COPY_STEP             \
  "lpm %[c], Z+\n\t"            \
  "st %a[to]+, %[c]\n\t"        \
  "subi %[c], 0x23\n\t"         \
  "cpi %[c], 0x5D\n\t"          \
  "brsh 3f\n\t"                 \
  "cpi %[c], 0x39\n\t"          \
  "breq 2f\n\t"                 \
  "dec %[left]\n\t"             \
  "breq 4f\n\t"
  __asm__(
      "tst %[left]\n\t"
      "breq 4f\n\t"
      "1:\n\t"
      SL_COPY_STEP SL_COPY_STEP SL_COPY_STEP SL_COPY_STEP
      "rjmp 1b\n\t"
      "3:\n\t"
      "subi %[c], 0xFD\n\t"  // 0x20 and 0x21 are plain too: 0, 1 now
      "cpi %[c], 2\n\t"
      "brsh 2f\n\t"
      "dec %[left]\n\t"
      "brne 1b\n\t"
      "rjmp 4f\n\t"
      "2:\n\t"
      "sbiw %[p], 1\n\t"  // back onto the byte that is not plain
      "4:\n\t"
      : [p] "+z"(p), [to] "+e"(to), [left] "+r"(left), [c] "=&d"(c)
      :
      : "memory");
#undef SL_COPY_STEP
#else
  for (; left; --left) {
    uint8_t c = *p;
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    *to++ = c;
    ++p;
  }
#endif
  source.p_ = p;
  return static_cast<uint8_t>(room - left);
}

// The next byte without taking it (-1 at the NUL), and back over n bytes
// taken (see JsonParser.h).
__attribute__((always_inline)) inline int peekByte(JsonFlashSource& source) {
  uint8_t c = SL_FLASH_READ(source.p_);
  return c ? c : -1;
}
__attribute__((always_inline)) inline void unread(JsonFlashSource& source, size_t n) { source.p_ -= n; }

}  // namespace detail
}  // namespace sl

#endif  // SL_JSON_JSONFLASHSOURCE_H
