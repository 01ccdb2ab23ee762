// WsFrameWriter: writes client frames (RFC 6455 section 5.2) into a Sink,
// each with a fresh masking key from `rng`. The payload is masked while it
// streams through a WsMaskingSink: no frame is ever copied.
//
// Three ways to give the payload:
//   writeFrame(op, fin, data, len)        bytes in RAM
//   writeFrame(op, fin, fn, ctx)          a BodyFn: a counting pass for the
//                                         length, then a masked pass
//   beginFrame(op, fin, len) + payload()  stream exactly len bytes yourself
//
// The writer does not police frame order (the WsClient does); it refuses
// control frames over 125 bytes or fragmented, and no payload byte beyond a
// header's length goes out. State: a reference + the masking sink, which
// also holds the target (16 bytes on AVR, 28 on 32-bit targets).
//
//   sl::WsFrameWriter w(transport, rng);
//   w.writeFrame(sl::WsFrameParser::Text, true, (const uint8_t*)"hi", 2);
#ifndef SL_WS_WS_FRAME_WRITER_H
#define SL_WS_WS_FRAME_WRITER_H

#include "../crypto/Random.h"
#include "../http/BodyFn.h"
#include "WsError.h"
#include "WsMaskingSink.h"

namespace sl {

class WsFrameWriter {
 public:
  WsFrameWriter(Sink& out, Random& rng) : rng_(rng), masked_(out) {}
  // Frames go nowhere until setTarget() (for an owner that learns its
  // transport later, like BasicClient::begin()).
  explicit WsFrameWriter(Random& rng) : rng_(rng), masked_() {}
  void setTarget(Sink& out) { masked_.setTarget(out); }

  // Writes the frame header (with its new mask). Then write exactly `len`
  // payload bytes to payload(). InvalidArgument for a control frame over
  // 125 bytes or not final, a bad opcode, or (AVR, SL_WS_LONG_FRAMES 0) a
  // length over 65535.
  SL_NODISCARD WsError beginFrame(uint8_t opcode, bool fin, uint32_t len) {
    if ((opcode & 0xF0) || ((opcode & 0x08) && (!fin || len > 125)) ||
        len > static_cast<detail::WsLength>(~detail::WsLength(0))) {
      return WsError::InvalidArgument;
    }
    return start(opcode, fin, static_cast<detail::WsLength>(len));
  }

  // The masking sink for the frame begun last; it takes at most the
  // announced length (write() returns fewer past it).
  Sink& payload() { return masked_; }

  // Where frames go.
  Sink& target() const { return masked_.target(); }

  // The mask source (WsClient draws its handshake key from it too).
  Random& random() const { return rng_; }

  SL_NODISCARD WsError writeFrame(uint8_t opcode, bool fin, const uint8_t* data, size_t len) {
    WsError e = beginFrame(opcode, fin, static_cast<uint32_t>(len));
    if (e) return e;
    return put(data, len);
  }

  // Payload from a BodyFn (called twice: counting, then writing). If the
  // second pass differs in length the frame is broken: InvalidArgument, and
  // the connection must be dropped.
  SL_NODISCARD WsError writeFrame(uint8_t opcode, bool fin, BodyFn fn, void* context) {
    CountingSink counter;
    if (!fn(counter, context)) return WsError::InvalidArgument;
    return writeCounted(opcode, fin, fn, context, counter.count());
  }

  // A counting pass of fn through the masking sink (nothing is written;
  // the frame begun last is over): `length` gets the byte count. False when
  // fn failed, the length exceeds a frame's, or `text` (0: binary; reset by
  // the caller) found invalid or incomplete UTF-8.
  bool count(BodyFn fn, void* context, Utf8Validator* text, uint32_t& length) {
    if (text) {
      masked_.beginCount(*text);
    } else {
      masked_.beginCount(true);
    }
    detail::WsLength n;
    bool ok = counted(fn, context, n) && masked_.textComplete();  // (binary: 0, complete)
    if (text) masked_.textTo(*text);
    length = n;
    return ok;
  }

  // The writing pass alone, for a caller that made the counting pass itself
  // (WsClient validates text in it): `length` is what that pass counted.
  SL_NODISCARD WsError writeCounted(uint8_t opcode, bool fin, BodyFn fn, void* context, uint32_t length) {
    WsError e = beginFrame(opcode, fin, length);
    if (e) return e;
    return body(fn, context);
  }

 private:
  // What WsClient uses: the same without the argument checks (its opcodes
  // are valid, its control frames final and at most 125 bytes, its
  // lengths within a frame's), and lengths in the frame's own type: no
  // 32-bit argument on AVR.
  friend class WsClient;

  // Writes the frame header (with its new mask); the payload follows
  // through payload().
  WsError start(uint8_t opcode, bool fin, detail::WsLength l) {
#if SL_WS_LONG_FRAMES
    uint8_t head[14];  // 2 + up to 8 length bytes + the 4-byte mask: one write
    uint8_t* p = head;
    *p++ = static_cast<uint8_t>((fin ? 0x80 : 0) | opcode);
    uint8_t n = 0;  // extended length bytes
    uint8_t len7 = static_cast<uint8_t>(l);
    if (l > 125) {
      n = 2;
      len7 = 126;
      if (l > 0xFFFF) {
        n = 8;
        len7 = 127;
      }
    }
    *p++ = static_cast<uint8_t>(0x80 | len7);
    while (n) {  // big-endian; a 64-bit length's high half is 0
      --n;
      *p++ = n < sizeof l ? static_cast<uint8_t>(l >> (8 * n)) : 0;
    }
    masked_.begin(l);
    uint8_t* key = masked_.key();
    uint32_t r = rng_.next();  // one draw, low byte first (the bytes fill(key, 4) gives)
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(key, &r, 4);  // (stores from the registers, no shifting loop)
    memcpy(p, &r, 4);
    p += 4;
#else
    for (uint8_t i = 0; i < 4; ++i) {
      key[i] = *p++ = static_cast<uint8_t>(r);
      r >>= 8;
    }
#endif
    uint8_t h = static_cast<uint8_t>(p - head);
    return masked_.target().write(head, h) == h ? WsError::Ok : WsError::WriteFailed;
#else
    // At most 16 bits: 126 and two bytes (no shift by a variable count on
    // AVR). The header is built right before the masking key in the
    // masking sink (headBefore()): header and key are one write, no buffer.
    WsFrameWriter* w = this;
    SL_OPAQUE_AVR(w);  // (fields by displacement from one pointer: no 4-byte address for each)
    uint32_t r = w->rng_.next();  // one draw, low byte first (the bytes fill(key, 4) gives)
    uint8_t* key = w->masked_.key();
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(key, &r, 4);  // (stores from the registers, no shifting loop)
#else
    for (uint8_t i = 0; i < 4; ++i) {
      key[i] = static_cast<uint8_t>(r);
      r >>= 8;
    }
#endif
    // Written after the draw (fewer values kept across its call: 6 B less
    // on AVR); the write's length picked with the form, its start computed
    // from it (4 B less than the other way round).
    uint8_t len7 = static_cast<uint8_t>(l);
    uint8_t h = 2 + 4;
    if (l > 125) {
      uint8_t* ext = w->masked_.headBefore(2);
      ext[0] = static_cast<uint8_t>(l >> 8);
      ext[1] = static_cast<uint8_t>(l);
      len7 = 126;
      h = 4 + 4;
    }
    uint8_t* p = key + 4 - h;
    p[0] = static_cast<uint8_t>((fin ? 0x80 : 0) | opcode);
    p[1] = static_cast<uint8_t>(0x80 | len7);
    bool ok = w->masked_.target().write(p, h) == h;
    w->masked_.begin(l);  // (after the write: the header overlaid its fields)
    return ok ? WsError::Ok : WsError::WriteFailed;
#endif
  }

  // The whole payload of the frame begun last.
  WsError put(const uint8_t* data, size_t len) {
    return len == 0 || masked_.write(data, len) == len ? WsError::Ok : WsError::WriteFailed;
  }

  // A frame of `len` bytes from data (unchecked opcode; a length beyond a
  // frame's, possible only where size_t is wider: InvalidArgument).
  WsError frame(uint8_t opcode, bool fin, const uint8_t* data, size_t len) {
    if (tooLong(static_cast<uint32_t>(len))) return WsError::InvalidArgument;
    WsError e = start(opcode, fin, static_cast<detail::WsLength>(len));
    if (e) return e;
    return put(data, len);
  }

  // (a parameter: no "always false" warning where size_t is 16 bits)
  static bool tooLong(uint32_t len) { return len > static_cast<detail::WsLength>(~detail::WsLength(0)); }

  // The counting pass after masked_.beginCount(), without the check that
  // the text is complete (the caller's: masked_.textComplete()).
  bool counted(BodyFn fn, void* context, detail::WsLength& length) {
    bool ok = fn(masked_, context) && !masked_.failed() && !masked_.over();
    length = masked_.counted();
    return ok;
  }

  // The payload from fn, after start(): exactly the announced length.
  WsError body(BodyFn fn, void* context) {
    bool ok = fn(masked_, context);  // the masking sink refuses bytes past the length
    if (masked_.failed()) return WsError::WriteFailed;
    return ok && !masked_.over() && masked_.left() == 0 ? WsError::Ok : WsError::InvalidArgument;
  }

  Random& rng_;
  WsMaskingSink masked_;
};

}  // namespace sl

#endif  // SL_WS_WS_FRAME_WRITER_H
