// PutBuffer: a small stack buffer in front of a Sink for code that emits
// text a byte at a time (request lines, headers), so the transport sees a
// few writes of up to 16 bytes instead of one virtual call per byte.
// Sticky failure: after the sink refuses a byte, nothing more is written and
// ok() stays false. flush() before the buffer goes out of scope.
//
//   sl::detail::PutBuffer out(transport);
//   out.putFlash(SL_PSTR("GET ")); out.put(path); bool ok = out.flush();
#ifndef SL_HTTP_PUT_BUFFER_H
#define SL_HTTP_PUT_BUFFER_H

#include "../io/FlashString.h"

namespace sl {
namespace detail {

class PutBuffer {
 public:
  explicit PutBuffer(Sink& out) : out_(out), n_(0), ok_(true) {}

  void put(uint8_t c) {
    buf_[n_++] = c;
    if (n_ == sizeof buf_) flush();
  }
  void put(const char* s) {
    while (*s) put(static_cast<uint8_t>(*s++));
  }
  void putFlash(const char* flashText) {
    for (char c; (c = flashRead(flashText)) != 0; ++flashText) put(static_cast<uint8_t>(c));
  }
  // "%XX" with upper-case hex digits.
  void putEscaped(uint8_t c) {
    put('%');
    putHex(c >> 4);
    putHex(c & 15);
  }
  // Decimal digits of v (uint16_t or uint32_t: 16-bit division stays 16-bit on AVR).
  template <typename U>
  void putNumber(U v) {
    char d[sizeof(U) > 2 ? 11 : 6];  // 4294967295 or 65535, and a NUL
    uint8_t n = sizeof d;
    d[--n] = '\0';
    do {
      d[--n] = static_cast<char>('0' + v % 10);
      v = static_cast<U>(v / 10);
    } while (v);
    put(d + n);
  }

  // Writes what is buffered; false once anything failed.
  bool flush() {
    if (ok_ && n_ && out_.write(buf_, n_) != n_) ok_ = false;
    n_ = 0;
    return ok_;
  }
  bool ok() const { return ok_; }

 private:
  void putHex(uint8_t v) { put(static_cast<uint8_t>(v < 10 ? '0' + v : 'A' - 10 + v)); }

  Sink& out_;
  uint8_t buf_[16];
  uint8_t n_;
  bool ok_;
};

}  // namespace detail
}  // namespace sl

#endif  // SL_HTTP_PUT_BUFFER_H
