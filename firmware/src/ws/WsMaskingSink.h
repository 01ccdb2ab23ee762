// WsMaskingSink: XORs bytes with a 4-byte WebSocket masking key while
// forwarding them, so a payload is masked as it streams (no frame copy).
// Masks through a 16-byte stack buffer. State: 6 bytes + the target pointer
// + the vtable pointer (10 bytes on AVR).
#ifndef SL_WS_WS_MASKING_SINK_H
#define SL_WS_WS_MASKING_SINK_H

#include "../io/Sink.h"

namespace sl {

class WsMaskingSink : public Sink {
 public:
  constexpr explicit WsMaskingSink(Sink& out) : out_(&out), key_(), pos_(0), failed_(false) {}

  // Starts a new payload masked with `key`.
  void begin(const uint8_t key[4]) {
    for (uint8_t i = 0; i < 4; ++i) key_[i] = key[i];
    pos_ = 0;
    failed_ = false;
  }

  size_t write(const uint8_t* data, size_t len) override {
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

  bool failed() const { return failed_; }

 private:
  Sink* out_;
  uint8_t key_[4];
  uint8_t pos_;
  bool failed_;
};

}  // namespace sl

#endif  // SL_WS_WS_MASKING_SINK_H
