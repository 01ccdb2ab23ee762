// Byte sinks: where the SDK writes everything it emits.
//
// Contract: `write(data, len)` returns how many bytes were accepted; fewer than
// `len` means the sink is full or failed, and writers report that as an error.
// Sinks never allocate. Usage:
//
//   char buf[64];
//   sl::BufferSink out(buf, sizeof buf);   // bounded, reports overflow
//   sl::CountingSink count;                // only counts: exact output length
#ifndef SL_IO_SINK_H
#define SL_IO_SINK_H

#include "../config/Config.h"

namespace sl {

class Sink {
 public:
  // Sink's first (and only) virtual function: JsonWriter's AVR assembly
  // calls it through the vtable's first entry. A virtual function added
  // before it would break that (test/firmware/json-avr-diff.test.ts shows it).
  virtual size_t write(const uint8_t* data, size_t len) = 0;
  size_t write(uint8_t byte) { return write(&byte, 1); }

 protected:
  // Trivial (defaulted, not {}): derived globals need no destructor code, which
  // would also keep this abstract class's vtable in RAM on AVR.
  ~Sink() = default;
};

// Counts bytes and drops them: the length of output without buffering it.
// Counts in 32 bits whatever size_t is (16 bits on AVR), so the length pass of
// a body or frame over 64 KB (a Content-Length, a WebSocket 64-bit length)
// is exact on 8-bit boards too. Saturates at 0xFFFFFFFF instead of wrapping:
// a count of 0xFFFFFFFF means "4 GB or more" (saturated() is then true), never
// a small wrong length.
class CountingSink : public Sink {
 public:
  CountingSink() : count_(0) {}
  // Out of line: sinks that count on the side (WsClient's UTF-8 check) call it.
  SL_NOINLINE size_t write(const uint8_t*, size_t len) override {
    uint32_t c = count_ + static_cast<uint32_t>(len);
    // Wrapped past 2^32 (or, where size_t is wider, len itself beyond 32 bits): saturate.
    count_ = c < count_ || static_cast<size_t>(static_cast<uint32_t>(len)) != len ? 0xFFFFFFFFu : c;
    return len;
  }
  using Sink::write;
  uint32_t count() const { return count_; }
  bool saturated() const { return count_ == 0xFFFFFFFFu; }
  void reset() { count_ = 0; }

 private:
  uint32_t count_;
};

// Writes into a caller-owned buffer. Keeps one byte for a terminating NUL so
// `c_str()` is always valid; a write that does not fit is cut and flagged.
class BufferSink : public Sink {
 public:
  BufferSink(char* buffer, size_t capacity)
      : buffer_(buffer), capacity_(capacity), length_(0), overflowed_(false) {
    if (capacity_) buffer_[0] = '\0';
  }
  size_t write(const uint8_t* data, size_t len) override {
    size_t room = capacity_ ? capacity_ - 1 - length_ : 0;
    size_t n = len < room ? len : room;
    for (size_t i = 0; i < n; ++i) buffer_[length_ + i] = static_cast<char>(data[i]);
    length_ += n;
    if (capacity_) buffer_[length_] = '\0';
    if (n < len) overflowed_ = true;
    return n;
  }
  using Sink::write;
  const char* c_str() const { return buffer_; }
  size_t length() const { return length_; }
  bool overflowed() const { return overflowed_; }
  void clear() {
    length_ = 0;
    overflowed_ = false;
    if (capacity_) buffer_[0] = '\0';
  }

 private:
  char* buffer_;
  size_t capacity_;
  size_t length_;
  bool overflowed_;
};

}  // namespace sl

#endif  // SL_IO_SINK_H
