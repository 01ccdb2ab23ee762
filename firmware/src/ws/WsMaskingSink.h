// WsMaskingSink: XORs bytes with a 4-byte WebSocket masking key while
// forwarding them, so a payload is masked as it streams (no frame copy),
// and holds the payload to the length its frame header announced: bytes
// beyond it are refused (write() returns fewer, over() is set), so no
// caller can break the framing. Masks through a stack buffer of
// SL_WS_MASK_CHUNK bytes (config/Config.h: 16 on 32-bit; 1 on AVR writes
// byte by byte: about 80 bytes less flash and no buffer on the stack, for a
// transport that collects its writes itself, as EspAtTransport and
// ArduinoClientTransport do; not for one that sends a packet per write).
// It also makes the counting pass of a BodyFn message (beginCount: counts
// and checks UTF-8, sends nothing).
// State: 8 bytes (the flags in one byte) + 2 (the counting pass's UTF-8
// state, or scratch()) + the target pointer + the vtable pointer (14 on AVR,
// where a frame is at most 65535 bytes: SL_WS_LONG_FRAMES).
#ifndef SL_WS_WS_MASKING_SINK_H
#define SL_WS_WS_MASKING_SINK_H

#include "../io/Sink.h"
#include "Utf8Validator.h"
#include "WsError.h"

#if SL_WS_MASK_CHUNK < 1 || SL_WS_MASK_CHUNK > 255
#error "SL_WS_MASK_CHUNK must be 1..255"
#endif

namespace sl {

namespace detail {
// WsMaskingSink's fields, all zero when it is built: value-initialised as
// one block (one clearing loop on AVR, not a store per field; the key and
// its position are set by begin()).
struct WsMaskState {
  Sink* out_;
  union {
    uint8_t utf8_;        // counting pass of a text message (no kBinary): a Utf8Validator's state
    uint8_t scratch_[2];  // while writing (utf8_ unused): bytes to write from, see scratch()
  };
  WsLength left_;  // payload bytes the frame still expects (counting: room left)
  uint8_t key_[4];
  uint8_t pos_;
  uint8_t flags_;  // kFailed, kOver, kCounting, kBinary (WsMaskingSink)
};
}  // namespace detail

class WsMaskingSink : public Sink, private detail::WsMaskState {
  enum : uint8_t { kFailed = 1, kOver = 2, kCounting = 4, kBinary = 8 };

 public:
  // Nothing is written before begin() (the frame expects 0 bytes), so the
  // key and its position are left for begin() to set (fewer stores in a
  // global client's static initialisation).
  explicit WsMaskingSink(Sink& out) : detail::WsMaskState() { out_ = &out; }
  // No target yet: setTarget() before the first frame. (All zero, field by
  // field: sl::BasicClient builds it in storage it has cleared, where the
  // compiler drops these stores of zero as redundant: no clearing loop.)
  WsMaskingSink() {
    out_ = 0;
    scratch_[0] = scratch_[1] = 0;
    left_ = 0;
    key_[0] = key_[1] = key_[2] = key_[3] = 0;
    pos_ = 0;
    flags_ = 0;
#if defined(__AVR__)  // (no padding there: the fields' sizes add up to the struct's)
    static_assert(sizeof(detail::WsMaskState) ==
                      sizeof out_ + sizeof scratch_ + sizeof left_ + sizeof key_ + sizeof pos_ + sizeof flags_,
                  "a field added to WsMaskState must be cleared here too, then counted in this sum");
#endif
  }
  void setTarget(Sink& out) { out_ = &out; }

  // Starts a new payload of `len` bytes, masked with key() (which the
  // caller fills before writing the payload).
  void begin(detail::WsLength len) {
    left_ = len;
    pos_ = 0;
    flags_ = 0;
  }
  // A counting pass instead (a BodyFn's first pass: WsFrameWriter::count):
  // nothing goes out; the pass is a frame of the longest length, so the
  // same limit counts: counted() is the bytes written, over() is set past
  // the longest frame, failed() when a byte is not UTF-8 (not `binary`: a
  // text message's pass, checked with the sink's own validator state, a byte:
  // textComplete() after it; binary: no check). Ends with the next begin().
  // (No counting sink of its own: on AVR its vtable would take RAM, and its
  // object stack under the writes.)
  void beginCount(bool binary) {
    left_ = static_cast<detail::WsLength>(~detail::WsLength(0));  // (no key position: nothing is masked)
    utf8_ = 0;
    flags_ = static_cast<uint8_t>(kCounting + binary * kBinary);  // (no branch)
  }
  // A text pass that goes on from `state` (a message's earlier bytes).
  void beginCount(const Utf8Validator& state) {
    beginCount(false);
    utf8_ = state.state_;
  }
  // After a text pass: no code point left open.
  bool textComplete() const { return utf8_ == 0; }
  // After a text pass: its UTF-8 state into `v`.
  void textTo(Utf8Validator& v) const { v.state_ = utf8_; }
  // After a counting pass: the bytes it took (at most the longest frame).
  detail::WsLength counted() const { return static_cast<detail::WsLength>(~left_); }
  uint8_t* key() { return key_; }
  // Two bytes a writer may fill and then write() (a close frame's code):
  // no array on its stack. (The storage of utf8_, unused while writing;
  // beginCount() sets it anew. write() itself, with SL_WS_MASK_CHUNK 1,
  // masks into scratch_[0] each byte after reading it, so a write of the
  // two scratch bytes is exact.)
  uint8_t* scratch() { return scratch_; }
#if !SL_WS_LONG_FRAMES
  // Room for a frame header of n (2 or 4) bytes right before the key, so
  // header and key go out in one write with no buffer on the stack: the
  // header overlays scratch_ and left_, which the next begin() (after that
  // write) and beginCount() set anew. A 2-byte header (a frame of at most
  // 125 bytes: every control frame) overlays left_ alone: scratch() keeps
  // its bytes (WsClient stores a close code there before the header).
  uint8_t* headBefore(uint8_t n) {
    static_assert(offsetof(detail::WsMaskState, key_) - offsetof(detail::WsMaskState, scratch_) >= 4,
                  "a 4-byte header fits before the key");
    static_assert(offsetof(detail::WsMaskState, key_) - 2 >= offsetof(detail::WsMaskState, scratch_) + 2,
                  "a 2-byte header leaves scratch_ as it is");
    return reinterpret_cast<uint8_t*>(static_cast<detail::WsMaskState*>(this)) + offsetof(detail::WsMaskState, key_) - n;
  }
#endif
  // Where the masked bytes go (the frame writer writes its headers there too).
  // Set by the constructor or setTarget(); not valid before.
  Sink& target() const { return *out_; }

  size_t write(const uint8_t* data, size_t len) override {
    if (len > left_) {  // more than the frame holds: cut, and remember
      flags_ |= kOver;
      len = static_cast<size_t>(left_);
    }
    if (flags_ & kCounting) {  // (the bytes past the limit need no check: over() fails the pass)
      if (!(flags_ & kBinary) && !Utf8Validator::feed(utf8_, data, len)) flags_ |= kFailed;
    } else if (flags_ & kFailed) {
      len = 0;  // the frame is broken: nothing more goes out
    } else {
#if SL_WS_MASK_CHUNK > 1
      // (walked by pointer; on a short write, len becomes the bytes taken)
      const uint8_t* end = data + len;
      while (data != end) {
        uint8_t buf[SL_WS_MASK_CHUNK];
        uint8_t n = 0;
        uint8_t pos = pos_;
        do {
          buf[n++] = static_cast<uint8_t>(*data++ ^ key_[pos++ & 3]);
        } while (n < sizeof buf && data != end);
        pos_ = pos;
        uint8_t w = static_cast<uint8_t>(out_->write(buf, n));
        if (w != n) {  // the frame is broken: nothing more goes out
          flags_ |= kFailed;
          len = static_cast<size_t>(len - static_cast<size_t>(end - data) - static_cast<uint8_t>(n - w));
          break;
        }
      }
#else
      // Byte by byte, counted (on a short write, len becomes the bytes
      // taken); the masked byte is written from scratch_, no stack frame
      // for it.
      for (size_t i = 0; i < len; ++i) {
        scratch_[0] = static_cast<uint8_t>(data[i] ^ key_[pos_++ & 3]);
        if (static_cast<uint8_t>(out_->write(scratch_, 1)) != 1) {  // the frame is broken: nothing more goes out
          flags_ |= kFailed;
          len = i;
          break;
        }
      }
#endif
    }
    left_ = static_cast<detail::WsLength>(left_ - len);
    return len;
  }
  using Sink::write;

  // The target accepted fewer bytes than given: the frame is broken.
  bool failed() const { return (flags_ & kFailed) != 0; }
  // More bytes were offered than the frame announced (they were not sent).
  bool over() const { return (flags_ & kOver) != 0; }
  // Payload bytes still owed to the frame.
  detail::WsLength left() const { return left_; }
};

}  // namespace sl

#endif  // SL_WS_WS_MASKING_SINK_H
