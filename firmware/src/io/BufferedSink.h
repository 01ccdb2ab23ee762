// BufferedSink: collects small writes in a caller-owned buffer and forwards
// them to another sink in chunks (network clients often send one packet per
// write call; the JSON writer makes many small writes).
//
//   uint8_t chunk[64];
//   sl::BufferedSink out(client, chunk, sizeof chunk);
//   sl::JsonWriter w(out);
//   ... write the document ...
//   bool sent = w.finish() == sl::JsonWriteError::Ok && out.flush();
//
// Contract: write() accepts everything while the downstream sink keeps up;
// once the downstream sink accepts fewer bytes than offered, the sink is
// failed: write() accepts nothing more (so the caller sees a short write) and
// flush() returns false. Bytes still buffered are sent only by flush() (or
// when the buffer fills): call it at the end of every message. Never allocates.
#ifndef SL_IO_BUFFERED_SINK_H
#define SL_IO_BUFFERED_SINK_H

#include "Sink.h"

namespace sl {

class BufferedSink : public Sink {
 public:
  // `buffer` must outlive the sink; capacity 0 forwards every write directly.
  BufferedSink(Sink& out, uint8_t* buffer, size_t capacity)
      : out_(out), buffer_(buffer), capacity_(capacity), used_(0), failed_(false) {}

  size_t write(const uint8_t* data, size_t len) override {
    if (failed_) return 0;
    if (used_ + len > capacity_) {
      if (!flush()) return 0;
      if (len >= capacity_) {  // too big to buffer: pass it through
        size_t n = out_.write(data, len);
        if (n != len) failed_ = true;
        return n;
      }
    }
    for (size_t i = 0; i < len; ++i) buffer_[used_ + i] = data[i];
    used_ += len;
    return len;
  }
  using Sink::write;

  // Sends what is buffered; false once the downstream sink has failed.
  bool flush() {
    if (failed_) return false;
    if (used_ && out_.write(buffer_, used_) != used_) failed_ = true;
    used_ = 0;
    return !failed_;
  }
  size_t buffered() const { return used_; }
  bool failed() const { return failed_; }

 private:
  Sink& out_;
  uint8_t* buffer_;
  size_t capacity_;
  size_t used_;
  bool failed_;
};

}  // namespace sl

#endif  // SL_IO_BUFFERED_SINK_H
