// ScriptedSerial: a fake ESP-AT modem line for EspAtTransport tests (no heap).
//
// A script is a list of steps: {kOut, "AT\r\n"} = bytes the transport must
// write next, {kIn, "\r\nOK\r\n"} = bytes the modem sends. An inbound step
// becomes readable only once every outbound step before it was written in
// full (the modem answers complete commands). Writes must match the next
// outbound bytes exactly and may not come before the transport started
// reading the inbound step that precedes them. Any mismatch is recorded
// (first one only) with its position.
//
// Splits: `gapAt(k)` makes read() return -1 once just before inbound byte k
// (counted over the whole script), so a test can cut the modem's output at
// every byte boundary; `readBurst(n)` returns -1 after every n bytes.
#ifndef SL_TEST_SCRIPTED_SERIAL_H
#define SL_TEST_SCRIPTED_SERIAL_H

#include <string.h>

#include "io/ByteStream.h"

namespace sltest {

enum StepDir { kOut, kIn };
struct SerialStep {
  StepDir dir;
  const char* text;
};

class ScriptedSerial : public sl::ByteStream {
 public:
  ScriptedSerial(const SerialStep* steps, size_t count)
      : steps_(steps), count_(count), out_(0), outPos_(0), in_(0), inPos_(0), inIndex_(0),
        gapAt_(-1), burst_(0), sinceGap_(0), gapPending_(true), writeLimit_(-1), written_(0) {
    error_[0] = 0;
    skipTo(out_, outPos_, kOut);
    skipTo(in_, inPos_, kIn);
  }

  void gapAt(long k) { gapAt_ = k; }
  void readBurst(size_t n) { burst_ = n; }
  // Accept only this many more bytes, then refuse writes.
  void writeLimit(long n) { writeLimit_ = n; }

  size_t write(const uint8_t* data, size_t len) override {
    size_t n = 0;
    for (; n < len; ++n) {
      if (writeLimit_ >= 0 && written_ >= writeLimit_) break;
      ++written_;
      if (error_[0]) continue;
      if (out_ >= count_) {
        fail("write after script end", data[n]);
        continue;
      }
      // every inbound step before this outbound one must have been started
      for (size_t i = 0; i < out_; ++i) {
        if (steps_[i].dir == kIn && (i > in_ || (i == in_ && inPos_ == 0))) {
          fail("write before the modem's answer was read", data[n]);
          break;
        }
      }
      if (error_[0]) continue;
      char want = steps_[out_].text[outPos_];
      if (static_cast<char>(data[n]) != want) {
        fail("unexpected byte", data[n]);
        continue;
      }
      ++outPos_;
      if (!steps_[out_].text[outPos_]) {
        ++out_;
        outPos_ = 0;
        skipTo(out_, outPos_, kOut);
      }
    }
    return n;
  }
  using sl::ByteStream::write;

  int read() override {
    if (in_ >= count_) return -1;
    if (out_ < in_) return -1;  // the command before this answer is incomplete
    if (gapPending_ && static_cast<long>(inIndex_) == gapAt_) {
      gapPending_ = false;
      return -1;
    }
    if (burst_ && sinceGap_ == burst_) {
      sinceGap_ = 0;
      return -1;
    }
    ++sinceGap_;
    uint8_t c = static_cast<uint8_t>(steps_[in_].text[inPos_++]);
    ++inIndex_;
    if (!steps_[in_].text[inPos_]) {
      ++in_;
      inPos_ = 0;
      skipTo(in_, inPos_, kIn);
    }
    return c;
  }

  // True when every step was consumed.
  bool done() const { return out_ >= count_ && in_ >= count_; }
  bool outDone() const { return out_ >= count_; }
  // Empty when all writes matched; else "<what> at step <i> offset <j> byte <c>".
  const char* error() const { return error_; }
  size_t inboundRead() const { return inIndex_; }

  static size_t inboundTotal(const SerialStep* steps, size_t count) {
    size_t n = 0;
    for (size_t i = 0; i < count; ++i) {
      if (steps[i].dir == kIn) n += strlen(steps[i].text);
    }
    return n;
  }

 private:
  void skipTo(size_t& i, size_t& pos, StepDir dir) {
    while (i < count_ && (steps_[i].dir != dir || !steps_[i].text[0])) ++i;
    pos = 0;
  }

  void fail(const char* what, uint8_t got) {
    size_t n = 0;
    for (; what[n] && n < 60; ++n) error_[n] = what[n];
    const char* mid = " at step ";
    for (size_t i = 0; mid[i]; ++i) error_[n++] = mid[i];
    n = putNum(n, out_);
    const char* off = " offset ";
    for (size_t i = 0; off[i]; ++i) error_[n++] = off[i];
    n = putNum(n, outPos_);
    const char* b = " byte ";
    for (size_t i = 0; b[i]; ++i) error_[n++] = b[i];
    n = putNum(n, got);
    error_[n] = 0;
  }

  size_t putNum(size_t n, size_t v) {
    char d[12];
    size_t k = 0;
    do {
      d[k++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (k) error_[n++] = d[--k];
    return n;
  }

  const SerialStep* steps_;
  size_t count_;
  size_t out_, outPos_;
  size_t in_, inPos_;
  size_t inIndex_;
  long gapAt_;
  size_t burst_;
  size_t sinceGap_;
  bool gapPending_;
  long writeLimit_;
  long written_;
  char error_[112];
};

}  // namespace sltest

#endif  // SL_TEST_SCRIPTED_SERIAL_H
