// Test doubles for transports (host and simulated boards; no heap).
//
// ScriptedTransport: records every written byte (compare byte-exact with
// written()/writtenLength()), optionally refuses writes after `writeLimit`
// bytes, serves scripted reads at most `readChunk` bytes at a time (1 = the
// flaky stream that splits at every byte boundary) and can drop the
// connection after `dropAfter` bytes have been read; connectInSteps() makes
// it a transport that connects in steps (Transport::connectStep).
#ifndef SL_TEST_SCRIPTED_TRANSPORT_H
#define SL_TEST_SCRIPTED_TRANSPORT_H

#include <string.h>

#include "transport/Transport.h"

#ifndef SLT_SCRIPT_WRITE_CAP
#if defined(__AVR__)
#define SLT_SCRIPT_WRITE_CAP 384
#else
#define SLT_SCRIPT_WRITE_CAP 2048
#endif
#endif

namespace sltest {

class ScriptedTransport : public sl::Transport {
 public:
  ScriptedTransport()
      : writtenLen_(0), writeLimit_(sizeof written_), input_(0), inputLen_(0), readPos_(0),
        readChunk_(0xFFFF), dropAfter_(0xFFFFFFFFu), open_(false), stops_(0) {}

  // Scripted input: served by read(); must outlive the transport's use.
  void script(const uint8_t* data, size_t len) {
    input_ = data;
    inputLen_ = len;
    readPos_ = 0;
  }
  void script(const char* text) { script(reinterpret_cast<const uint8_t*>(text), strlen(text)); }
  void setReadChunk(size_t n) { readChunk_ = n; }
  void setWriteLimit(size_t n) { writeLimit_ = n < sizeof written_ ? n : sizeof written_; }
  void dropAfter(uint32_t n) { dropAfter_ = n; }
  void clearWritten() { writtenLen_ = 0; }

  bool connect(const char*, uint16_t) override {
    open_ = true;
    return true;
  }
  // connectStep() answers Pending `pending` times, then Done (connected) or,
  // with `fails`, Failed; each connect counts its steps afresh. Without
  // this: Transport's default (connect() in one step).
  void connectInSteps(int pending, bool fails = false) {
    stepsPending_ = pending;
    stepFails_ = fails;
  }
  Progress connectStep(const char* host, uint16_t port) override {
    if (stepsPending_ < 0) return sl::Transport::connectStep(host, port);
    ++connectSteps_;
    if (stepsLeft_ < 0) {  // the first step of a connect
      open_ = false;
      stepsLeft_ = stepsPending_;
    }
    if (stepsLeft_ > 0) {
      --stepsLeft_;
      return Pending;
    }
    stepsLeft_ = -1;
    if (stepFails_) return Failed;
    open_ = true;
    return Done;
  }
  int connectSteps() const { return connectSteps_; }
  size_t write(const uint8_t* data, size_t len) override {
    size_t n = 0;
    while (open_ && n < len && writtenLen_ < writeLimit_) written_[writtenLen_++] = data[n++];
    return n;
  }
  using sl::Transport::write;
  size_t available() override {
    if (!open_ || readPos_ >= dropAfter_) return 0;
    size_t left = inputLen_ - readPos_;
    size_t cap = dropAfter_ - readPos_;
    if (left > cap) left = cap;
    return left < readChunk_ ? left : readChunk_;
  }
  size_t read(uint8_t* buffer, size_t len) override {
    size_t n = available();
    if (n > len) n = len;
    memcpy(buffer, input_ + readPos_, n);
    readPos_ += n;
    return n;
  }
  bool connected() override { return open_ && readPos_ < dropAfter_ && (readPos_ < inputLen_ || keepOpen_); }
  void stop() override {
    open_ = false;
    stepsLeft_ = -1;  // (abandons a connect in steps)
    ++stops_;
  }

  // Keep connected() true after the script is exhausted (a quiet peer).
  void keepOpen(bool v) { keepOpen_ = v; }

  const uint8_t* written() const { return written_; }
  size_t writtenLength() const { return writtenLen_; }
  bool wrote(const char* text) const {
    return strlen(text) == writtenLen_ && memcmp(text, written_, writtenLen_) == 0;
  }
  size_t readPosition() const { return readPos_; }
  int stops() const { return stops_; }

 private:
  uint8_t written_[SLT_SCRIPT_WRITE_CAP];
  size_t writtenLen_;
  size_t writeLimit_;
  const uint8_t* input_;
  size_t inputLen_;
  size_t readPos_;
  size_t readChunk_;
  uint32_t dropAfter_;
  bool open_;
  bool keepOpen_ = true;
  int stops_;
  int stepsPending_ = -1;
  int stepsLeft_ = -1;
  bool stepFails_ = false;
  int connectSteps_ = 0;
};

// Copies written bytes into a NUL-terminated string for CHECK_EQ_STR.
inline const char* asText(const ScriptedTransport& t, char* buf, size_t cap) {
  size_t n = t.writtenLength() < cap - 1 ? t.writtenLength() : cap - 1;
  memcpy(buf, t.written(), n);
  buf[n] = '\0';
  return buf;
}

}  // namespace sltest

#endif  // SL_TEST_SCRIPTED_TRANSPORT_H
