// PutBuffer: a small buffer in front of a Sink for code that emits text a
// byte at a time (request lines, headers: WsHandshake, HttpRequestWriter,
// which holds one as a member), so the transport sees writes of up to 8
// bytes instead of one virtual call per byte (SL_PUT_BUFFER 0, the AVR
// default: a call per byte, no buffer, for transports that collect their
// writes themselves). Small on purpose: EspAtTransport writes its
// "AT+CIPSEND=<n>" line through one at
// the deepest point of a send (under a message's JSON writer and the
// masking sink), where every byte of stack counts on an Uno.
// Sticky failure: after the sink refuses a byte, nothing more is written and
// ok() stays false. flush() before the buffer goes out of scope.
//
//   sl::detail::PutBuffer out(transport);
//   out.putFlash(SL_PSTR("GET ")); out.put(path); bool ok = out.flush();
#ifndef SL_HTTP_PUT_BUFFER_H
#define SL_HTTP_PUT_BUFFER_H

#include "../io/FlashString.h"

// SL_PUT_BUFFER (config/Config.h): the buffer's size; 0 puts every byte
// straight into the sink.
#if SL_PUT_BUFFER < 0 || SL_PUT_BUFFER > 255
#error "SL_PUT_BUFFER must be 0..255"
#endif

namespace sl {
namespace detail {

class PutBuffer {
 public:
#if SL_PUT_BUFFER
  explicit PutBuffer(Sink& out) : out_(out), n_(0), ok_(true) {}
#else
  explicit PutBuffer(Sink& out) : out_(out), ok_(true) {}
#endif

  // (Returns this object: putText() keeps no register for it across its
  // calls, one push less at the deepest point of a send, see above.)
#if SL_PUT_BUFFER
  PutBuffer& put(uint8_t c) {
    buf_[n_++] = c;
    if (n_ == sizeof buf_) flush();
    return *this;
  }
#else
  PutBuffer& put(uint8_t c) {
    if (ok_) {
      c_ = c;  // (written from this object: no stack frame for the byte)
      if (out_.write(&c_, 1) != 1) ok_ = false;
    }
    return *this;
  }
#endif
  void put(const char* s) { putText(s, false); }
  void putFlash(const char* flashText) { putText(flashText, true); }
  // The text at s, in flash when `flash` (one loop for both kinds).
  SL_NOINLINE void putText(const char* s, bool flash) {
    PutBuffer* b = this;
    for (char c; (c = flash ? flashRead(s) : *s) != 0; ++s) b = &b->put(static_cast<uint8_t>(c));
  }
  // "%XX" with upper-case hex digits.
  void putEscaped(uint8_t c) {
    put('%');
    putHex(static_cast<uint8_t>(c >> 4) & 15u);  // (no signed 16-bit shift loop on AVR)
    putHex(c & 15);
  }
  // Decimal digits of v: the higher digits first, by recursion (at most
  // five calls deep, a few bytes of stack each; no digit array).
  void putNumber(uint16_t v) {
    uint16_t q = static_cast<uint16_t>(v / 10);
    uint8_t digit = static_cast<uint8_t>(v % 10);  // (one division for both on AVR)
    if (q) putNumber(q);
    put(static_cast<uint8_t>('0' + digit));
  }

  // Writes what is buffered; false once anything failed.
  bool flush() {
#if SL_PUT_BUFFER
    if (ok_ && n_ && out_.write(buf_, n_) != n_) ok_ = false;
    n_ = 0;
#endif
    return ok_;
  }
  bool ok() const { return ok_; }
  // Writes again after a failure, once flush() was called (a PutBuffer kept
  // for one text after another, as EspAtTransport's command lines).
  void restart() { ok_ = true; }
  Sink& sink() const { return out_; }

 private:
  void putHex(uint8_t v) { put(static_cast<uint8_t>(v < 10 ? '0' + v : 'A' - 10 + v)); }

  Sink& out_;
#if SL_PUT_BUFFER
  uint8_t buf_[SL_PUT_BUFFER];
  uint8_t n_;
#else
  uint8_t c_;
#endif
  bool ok_;
};

}  // namespace detail
}  // namespace sl

#endif  // SL_HTTP_PUT_BUFFER_H
