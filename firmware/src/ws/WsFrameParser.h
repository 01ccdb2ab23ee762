// WsFrameParser: incremental RFC 6455 frame parser for a client (frames from
// the server). Fed bytes as they arrive; payload is handed back as spans of
// the caller's input, so no frame or message is ever held in RAM.
//
// Checks everything a client must: RSV bits, opcodes, unmasked server frames,
// control frames (final, <= 125 bytes), continuation order, close codes and
// reasons, incremental UTF-8 of text messages (spans are validated before
// they are delivered), and an inbound message size limit that is checked at
// each frame header, before any of its payload is delivered.
// On an error, error().closeCode() is the code to close with (1002/1007/1009).
//
// State: 19 bytes on AVR (SL_WS_LONG_FRAMES 0; 32 on 32-bit targets).
//
// Contract (same as HttpResponseParser): call next() until NeedMore; it
// consumes input up to the next event. Error is sticky; reset() for a new
// connection.
//
//   sl::WsFrameParser ws(4096);               // largest accepted message
//   for (;;) {
//     sl::WsFrameParser::Event e = ws.next(data, len);
//     if (e == sl::WsFrameParser::NeedMore) break;
//     if (e == sl::WsFrameParser::MessageData) json.feed(ws.data(), ws.length());
//     if (e == sl::WsFrameParser::Error) { close(ws.error().closeCode()); break; }
//   }
#ifndef SL_WS_WS_FRAME_PARSER_H
#define SL_WS_WS_FRAME_PARSER_H

#include "../config/Config.h"
#include "Utf8Validator.h"
#include "WsError.h"

// Options: SL_WS_LONG_FRAMES (config/Config.h).

namespace sl {

namespace detail {
// WsFrameParser's state but its size limit, a private base: all of it starts
// at zero, so a fresh parser is one clearing loop on AVR (not a store per
// field, nor a copy of a temporary).
struct WsFrameState {
  WsLength remaining_;    // payload bytes left in the current frame
  WsLength messageSize_;  // payload bytes announced so far for the current message
  const uint8_t* span_;
  size_t spanLen_;
  uint16_t closeCode_;
  uint8_t state_;
  uint8_t need_;  // extended length bytes, or close code bytes, still to read
  uint8_t head0_;
  uint8_t message_;  // opcode of the message in progress, 0 when none
  uint8_t flags_;
  WsError error_;
  Utf8Validator utf8_;
};
}  // namespace detail

class WsFrameParser : private detail::WsFrameState {
 public:
  enum Opcode : uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

  enum Event : uint8_t {
    NeedMore,      // input consumed, nothing to report
    MessageBegin,  // a text or binary message starts: opcode()
    MessageData,   // data()/length(): next span of the message payload, never empty (validated UTF-8 for text)
    MessageEnd,    // the final fragment is complete
    ControlBegin,  // ping/pong/close frame: opcode(), controlLength() (the whole payload)
    ControlData,   // span of a ping/pong payload, or of a close reason (after the 2-byte code)
    ControlEnd,    // control frame complete; for Close, closeCode() (1005 when absent)
    Error,         // error(): ProtocolError, InvalidUtf8 or MessageTooBig
  };

  typedef detail::WsLength Length;  // 16 bits on AVR (SL_WS_LONG_FRAMES 0)

  explicit WsFrameParser(uint32_t maxMessageSize)
      : detail::WsFrameState(),
        maxMessage_(maxMessageSize > static_cast<Length>(~Length(0)) ? static_cast<Length>(~Length(0))
                                                                      : static_cast<Length>(maxMessageSize)) {}

  // A fresh parser (same size limit).
  // (Cleared byte by byte in place: assigning a value-initialised
  // temporary made GCC build it on the stack and copy it.)
  void reset() {
    uint8_t* p = reinterpret_cast<uint8_t*>(static_cast<detail::WsFrameState*>(this));
    uint8_t n = sizeof(detail::WsFrameState);
    SL_OPAQUE_AVR(n);  // (a counter, not an end address kept in registers across poll()'s loop)
    do {
      *p++ = 0;
    } while (--n);
  }
  // A fresh parser with a new size limit (WsClient starts one per connection).
  void reset(Length maxMessageSize) {
    reset();
    maxMessage_ = maxMessageSize;
  }

  Event next(const uint8_t*& data, size_t& len) {
    for (;;) {
      if (error_) return Error;
      if (state_ == kPayload) {
        Event e = payload(data, len);
        if (e != NeedMore || len == 0) return e;
        continue;
      }
      if (len == 0) return NeedMore;
      uint8_t c = *data++;
      --len;
      Event e = header(c);
      if (e != NeedMore) return e;
    }
  }

  // For MessageBegin/Data/End: the message's opcode (Text or Binary);
  // for control events: Ping, Pong or Close.
  SL_NOINLINE uint8_t opcode() const { return isControl() ? static_cast<uint8_t>(head0_ & 0x0F) : message_; }
  // At MessageData / ControlData only: the span (valid until the next call).
  const uint8_t* data() const { return span_; }
  size_t length() const { return spanLen_; }
  // At ControlBegin: the control frame's whole payload length.
  uint8_t controlLength() const { return controlRemaining(); }
  // At a close frame's ControlEnd: its code, 1005 when it has none (set
  // when the frame starts: no test here).
  uint16_t closeCode() const { return closeCode_; }
  bool inMessage() const { return message_ != 0; }
  WsError error() const { return error_; }

  // A close code an endpoint may send: 1000-1003, 1007-1014, 3000-4999.
  static bool validCloseCode(uint16_t code) {
    uint16_t d = static_cast<uint16_t>(code - 1000);
    // (1004-1006 by the low byte alone: 8-bit arithmetic on AVR)
    if (d < 15) return static_cast<uint8_t>(static_cast<uint8_t>(d) - 4) > 2;
    return static_cast<uint16_t>(code - 3000) < 2000;
  }

 private:
  // WsClient knows the event it is at: a message's opcode at MessageBegin,
  // a control frame's at ControlBegin/End, each read inline (a byte load
  // and a mask: no call of opcode()'s test of the frame kind).
  friend class WsClient;
  uint8_t messageOpcode() const { return message_; }
  uint8_t controlOpcode() const { return static_cast<uint8_t>(head0_ & 0x0F); }

  enum State : uint8_t { kHead0, kHead1, kExtLen, kCloseCode, kPayload };
  // kUtf8: this frame's payload is checked as UTF-8 (a text message's, a close reason)
  enum Flag : uint8_t { kUtf8 = 2 };

  bool isControl() const { return (head0_ & 0x08) != 0; }

  // remaining_ of a control frame (at most 125): on AVR its low byte alone,
  // read and changed in place (little-endian; no 16-bit load narrowed).
#if SL_ARCH_AVR
  uint8_t& controlRemaining() { return *reinterpret_cast<uint8_t*>(&remaining_); }
  uint8_t controlRemaining() const { return *reinterpret_cast<const uint8_t*>(&remaining_); }
#else
  Length& controlRemaining() { return remaining_; }
  uint8_t controlRemaining() const { return static_cast<uint8_t>(remaining_); }
#endif

  // v = v << 8 | c; returns the top byte shifted out. On AVR byte moves in
  // place (little-endian): no 16-bit shift, no widened value.
  template <typename T>
  static uint8_t shiftIn(T& v, uint8_t c) {
#if SL_ARCH_AVR
    uint8_t* b = reinterpret_cast<uint8_t*>(&v);
    uint8_t top = b[sizeof v - 1];
    for (uint8_t i = sizeof v - 1; i; --i) b[i] = b[i - 1];
    b[0] = c;
    return top;
#else
    uint8_t top = static_cast<uint8_t>(v >> (8 * sizeof v - 8));
    v = static_cast<T>((v << 8) | c);
    return top;
#endif
  }

  Event fail(WsError::Code code) {
    error_ = code;
    return Error;
  }

  SL_WS_NOCLONE Event header(uint8_t c) {
    switch (state_) {
      case kHead0: {
        head0_ = c;
        uint8_t op = c & 0x0F;
        // RSV1-3 set (no extension was negotiated), or a reserved opcode (3-7, 11-15)
        if ((c & 0x70) || (op & 7) > 2) return fail(WsError::ProtocolError);
        // a fragmented control frame; a continuation outside a message, or a
        // new message inside one (branches, no booleans compared)
        if (isControl()) {
          if (!(c & 0x80)) return fail(WsError::ProtocolError);
        } else if (op == Continuation) {
          if (!message_) return fail(WsError::ProtocolError);
        } else if (message_) {
          return fail(WsError::ProtocolError);
        }
        state_ = kHead1;
        return NeedMore;
      }
      case kHead1: {
        if (c & 0x80) return fail(WsError::ProtocolError);  // servers must not mask
        uint8_t len7 = c & 0x7F;
        remaining_ = 0;  // (both forms: the short one sets the low byte below)
        if (len7 >= 126) {  // an extended length follows (one compare for both tests)
          if (isControl()) return fail(WsError::ProtocolError);
          uint8_t n = 2;
          SL_OPAQUE_AVR(n);     // (a load, a skip and a load: no branches around two loads)
          if (len7 & 1) n = 8;  // (127)
          need_ = n;
          state_ = kExtLen;
          return NeedMore;
        }
        controlRemaining() = len7;  // (on AVR its low byte alone: the high byte was cleared above)
        break;  // (frameStart() below: one call site, inlined)
      }
      case kExtLen:
        if (need_ == 8 && (c & 0x80)) return fail(WsError::ProtocolError);  // 64-bit length MSB must be 0
        // beyond Length: too big (its top byte is shifted out), failed at once
        if (shiftIn(remaining_, c)) return fail(WsError::MessageTooBig);
        if (--need_) return NeedMore;
        break;
      default:  // kCloseCode (next() never calls this in kPayload): the
                // close code (not delivered), need_ bytes, then the reason
        shiftIn(closeCode_, c);
        --controlRemaining();  // (at least 1 here)
        if (--need_) return NeedMore;
        if (!validCloseCode(closeCode_)) return fail(WsError::ProtocolError);
        state_ = kPayload;
        return NeedMore;
    }
    return frameStart();
  }

  // The frame's header is complete (header()'s one call).
  inline __attribute__((always_inline)) Event frameStart() {
    state_ = kPayload;
    flags_ = 0;  // (kUtf8 is its only flag)
    if (isControl()) {
      if ((head0_ & 0x0F) == Close) {
        uint8_t n = controlRemaining();
        if (n == 1) return fail(WsError::ProtocolError);
        closeCode_ = 1005;  // none, unless the code's two bytes follow (shifted in, they replace it)
        if (n) {  // the 2-byte code comes first, byte by byte through header()
          need_ = 2;
          state_ = kCloseCode;
        }
        utf8_.reset();
        flags_ |= kUtf8;
      }
      return ControlBegin;
    }
    bool begin = message_ == 0;
    if (begin) {
      message_ = head0_ & 0x0F;
      messageSize_ = 0;
      utf8_.reset();
    }
    if (message_ == Text) flags_ |= kUtf8;
    if (remaining_ > maxMessage_ - messageSize_) return fail(WsError::MessageTooBig);
    messageSize_ = static_cast<Length>(messageSize_ + remaining_);
    return begin ? MessageBegin : NeedMore;
  }

  Event payload(const uint8_t*& data, size_t& len) {
    if (remaining_ == 0) return frameEnd();
    if (len == 0) return NeedMore;
    size_t n = len;
    if (n > remaining_) n = static_cast<size_t>(remaining_);
    if ((flags_ & kUtf8) && !utf8_.feed(data, n)) return fail(WsError::InvalidUtf8);
    span_ = data;
    spanLen_ = n;
    data += n;
    len -= n;
    remaining_ = static_cast<Length>(remaining_ - n);
    return isControl() ? ControlData : MessageData;
  }

  Event frameEnd() {
    state_ = kHead0;
    if (!(head0_ & 0x80)) return NeedMore;  // more fragments follow (never a control frame)
    // the end of a text message or close reason: no code point left open
    if ((flags_ & kUtf8) && !utf8_.complete()) return fail(WsError::InvalidUtf8);
    if (isControl()) return ControlEnd;
    message_ = 0;
    return MessageEnd;
  }


  Length maxMessage_;
};

}  // namespace sl

#endif  // SL_WS_WS_FRAME_PARSER_H
