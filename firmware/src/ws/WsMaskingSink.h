// WsMaskingSink: XORs bytes with a 4-byte WebSocket masking key while
// forwarding them, so a payload is masked as it streams (no frame copy),
// and holds the payload to the length its frame header announced: bytes
// beyond it are refused (write() returns fewer, over() is set), so no
// caller can break the framing. Masks through a 16-byte stack buffer.
// State: 11 bytes + the target pointer + the vtable pointer (15 on AVR).
#ifndef SL_WS_WS_MASKING_SINK_H
#define SL_WS_WS_MASKING_SINK_H

#include "../io/Sink.h"

namespace sl {

class WsMaskingSink : public Sink {
 public:
  // Nothing is written before begin() (the frame expects 0 bytes), so the
  // key and its position are left for begin() to set (fewer stores in a
  // global client's static initialisation).
  explicit WsMaskingSink(Sink& out) : out_(&out), left_(0), failed_(false), over_(false) {}

  // Starts a new payload of `len` bytes masked with `key`.
  void begin(const uint8_t key[4], uint32_t len) {
    for (uint8_t i = 0; i < 4; ++i) key_[i] = key[i];
    left_ = len;
    pos_ = 0;
    failed_ = false;
    over_ = false;
  }

  size_t write(const uint8_t* data, size_t len) override {
    if (len > left_) {  // more than the frame holds: cut, and remember
      over_ = true;
      len = static_cast<size_t>(left_);
    }
    left_ -= len;
    uint8_t buf[16];
    size_t done = 0;
    while (done < len && !failed_) {
      size_t n = len - done < sizeof buf ? len - done : sizeof buf;
      for (size_t i = 0; i < n; ++i) buf[i] = static_cast<uint8_t>(data[done + i] ^ key_[(pos_ + i) & 3]);
      size_t w = out_->write(buf, n);
      pos_ = static_cast<uint8_t>((pos_ + w) & 3);
      done += w;
      if (w != n) failed_ = true;
    }
    return done;
  }
  using Sink::write;

  // The target accepted fewer bytes than given: the frame is broken.
  bool failed() const { return failed_; }
  // More bytes were offered than the frame announced (they were not sent).
  bool over() const { return over_; }
  // Payload bytes still owed to the frame.
  uint32_t left() const { return left_; }

 private:
  Sink* out_;
  uint32_t left_;  // payload bytes the frame still expects
  uint8_t key_[4];
  uint8_t pos_;
  bool failed_;
  bool over_;
};

}  // namespace sl

#endif  // SL_WS_WS_MASKING_SINK_H
