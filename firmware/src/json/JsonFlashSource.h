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
  const uint8_t* start_;
  const uint8_t* p_;
};

}  // namespace sl

#endif  // SL_JSON_JSONFLASHSOURCE_H
