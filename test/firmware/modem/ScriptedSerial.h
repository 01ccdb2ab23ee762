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
//
// The same script can also be one string, in flash on AVR (2 KB of RAM
// hold neither the texts nor a table of pointers to them): each step is its
// text behind a marker byte, SLT_OUT or SLT_IN (so a script never contains
// the bytes 0x01 or 0x02), e.g.
//   const char kScript[] SLT_FLASH = SLT_OUT "AT\r\n" SLT_IN "\r\nOK\r\n";
//   ScriptedSerial s(kScript);
// or two strings played one after the other, so scripts can share their
// first steps (one copy in flash): ScriptedSerial s(kStartUp, kRest).
// At most kMaxSteps steps; a longer script fails every write ("script has
// too many steps").
#ifndef SL_TEST_SCRIPTED_SERIAL_H
#define SL_TEST_SCRIPTED_SERIAL_H

#include <string.h>

#include "SlTest.h"
#include "io/ByteStream.h"

#define SLT_OUT "\x01"
#define SLT_IN "\x02"

namespace sltest {

enum StepDir { kOut, kIn };
struct SerialStep {
  StepDir dir;
  const char* text;
};

class ScriptedSerial : public sl::ByteStream {
 public:
  static const size_t kMaxSteps = 32;

  ScriptedSerial(const SerialStep* steps, size_t count)
      : steps_(steps), script_(0), more_(0), scriptLen_(0), count_(count), out_(0), outPos_(0), in_(0), inPos_(0),
        inIndex_(0), gapAt_(-1), burst_(0), sinceGap_(0), gapPending_(true), writeLimit_(-1), written_(0) {
    start();
  }
  // `script`: one string of SLT_OUT / SLT_IN steps, in flash on AVR
  // (SLT_FLASH); then the steps of `more` (the same kind, may be 0).
  explicit ScriptedSerial(const char* script, const char* more = 0)
      : steps_(0), script_(script), more_(more), scriptLen_(strlenFlash(script)), count_(0), out_(0), outPos_(0),
        in_(0), inPos_(0), inIndex_(0), gapAt_(-1), burst_(0), sinceGap_(0), gapPending_(true), writeLimit_(-1),
        written_(0) {
    bool tooLong = false;
    for (size_t i = 0;; ++i) {
      char c = scriptAt(i);
      if (!c) break;
      if (c != SLT_OUT[0] && c != SLT_IN[0]) continue;
      if (count_ == kMaxSteps) {
        tooLong = true;
        break;
      }
      offset_[count_++] = static_cast<uint16_t>(i);
    }
    start();
    if (tooLong) fail("script has too many steps", 0);
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
        if (dir(i) == kIn && (i > in_ || (i == in_ && inPos_ == 0))) {
          fail("write before the modem's answer was read", data[n]);
          break;
        }
      }
      if (error_[0]) continue;
      char want = at(out_, outPos_);
      if (static_cast<char>(data[n]) != want) {
        fail("unexpected byte", data[n]);
        continue;
      }
      ++outPos_;
      if (!at(out_, outPos_)) {
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
    uint8_t c = static_cast<uint8_t>(at(in_, inPos_++));
    ++inIndex_;
    if (!at(in_, inPos_)) {
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
  // The same for a one-string script (SLT_FLASH; 0: none).
  static size_t inboundTotal(const char* script) {
    size_t n = 0;
    if (!script) return 0;
    bool in = false;
    for (char c; (c = SLT_READ(script)) != 0; ++script) {
      if (c == SLT_OUT[0] || c == SLT_IN[0]) in = c == SLT_IN[0];
      else if (in) ++n;
    }
    return n;
  }

 private:
  static size_t strlenFlash(const char* p) {
    size_t n = 0;
    while (SLT_READ(p + n)) ++n;
    return n;
  }
  // Byte i of the script and `more` read as one string.
  char scriptAt(size_t i) const {
    if (i < scriptLen_) return SLT_READ(script_ + i);
    return more_ ? SLT_READ(more_ + (i - scriptLen_)) : 0;
  }
  StepDir dir(size_t i) const {
    if (!script_) return steps_[i].dir;
    return scriptAt(offset_[i]) == SLT_IN[0] ? kIn : kOut;
  }
  // Byte j of step i's text; 0 at its end.
  char at(size_t i, size_t j) const {
    if (!script_) return steps_[i].text[j];
    char c = scriptAt(offset_[i] + 1 + j);
    return c == SLT_OUT[0] || c == SLT_IN[0] ? 0 : c;
  }
  void start() {
    error_[0] = 0;
    skipTo(out_, outPos_, kOut);
    skipTo(in_, inPos_, kIn);
  }
  void skipTo(size_t& i, size_t& pos, StepDir d) {
    while (i < count_ && (dir(i) != d || !at(i, 0))) ++i;
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

  const SerialStep* steps_;  // the steps in RAM, or
  const char* script_;       // one string (in flash on AVR) and
  const char* more_;         // the one played after it (or 0),
  size_t scriptLen_;         // strlen(script_),
  uint16_t offset_[kMaxSteps];  // where their steps start (marker bytes)
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
