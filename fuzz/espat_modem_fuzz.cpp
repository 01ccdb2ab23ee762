// libFuzzer target: EspAtTransport on a modem line whose every output byte
// is fuzzed (the answers to AT commands, +IPD / +CIPRECVDATA payloads,
// CLOSED, prompts, noise), read in fuzzed bursts. The transport connects,
// writes, reads and stops as a WebSocket client would.
//
// Input: byte 0: bits 0..2, a read gap every 1..7 bytes (0: none) (read()
// returns -1 there, as a serial port with nothing buffered); bits 3..7: how
// many bytes each transport read() asks for (1..32). Then the modem's output
// as answers separated by 0xFF: answer k becomes readable once the transport
// has written k times (a modem answers commands; an answer may also hold
// any unsolicited line: +IPD, CLOSED, noise).
//
// Whatever the modem says, nothing crashes (ASan/UBSan), every call returns
// in bounded time (the clock moves 1 ms per look), a connect in steps
// (the second) ends and no step looks at the clock more than 3 times,
// read() never returns
// more than asked, and what the transport reads out is a subsequence of the
// modem's output: it never invents, repeats or reorders a byte.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/ByteStream.h"
#include "transport/EspAtTransport.h"

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return ++gNow; }

class FuzzModem : public sl::ByteStream {
 public:
  FuzzModem(const uint8_t* data, size_t len, uint8_t gapEvery) : data_(data), len_(len), gap_(gapEvery) {}
  int read() override {
    if (gap_ && ++sinceGap_ > gap_) {
      sinceGap_ = 0;
      return -1;
    }
    while (pos_ < len_ && data_[pos_] == 0xFF) {  // the end of an answer
      if (answered_ >= writes_) return -1;  // the next one waits for a command
      ++answered_;
      ++pos_;
    }
    return pos_ < len_ ? data_[pos_++] : -1;
  }
  size_t write(const uint8_t*, size_t len) override {
    if (len) ++writes_;
    return len;
  }
  using sl::Sink::write;

 private:
  const uint8_t* data_;
  size_t len_;
  size_t pos_ = 0;
  uint8_t gap_;
  uint8_t sinceGap_ = 0;
  size_t writes_ = 0, answered_ = 0;
};

// Checks that `got` continues a subsequence of the modem's output.
struct Subsequence {
  Subsequence(const uint8_t* d, size_t n) : data(d), len(n), at(0) {}
  const uint8_t* data;
  size_t len;
  size_t at;
  void take(const uint8_t* got, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      while (at < len && data[at] != got[i]) ++at;
      if (at == len) abort();  // a byte the modem never sent (in this order)
      ++at;
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  uint8_t gap = data[0] & 7;
  size_t ask = 1 + (data[0] >> 3);
  size_t readTotal = 0, connects = 0;
  FuzzModem modem(data + 1, size - 1, gap);
  Subsequence out(data + 1, size - 1);
  gNow = 0;
  sl::EspAtTransport t(modem, clockFn);
  static const uint8_t kRequest[] = "GET /ws HTTP/1.1\r\nHost: api.semilimes.net\r\n\r\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    // The first connect waits (connect()), the second goes in steps
    // (connectStep(), as sl::Client's loop()): each step looks, never waits.
    bool up;
    if (attempt == 0) {
      up = t.connect("api.semilimes.net", 80);
    } else {
      sl::Transport::Progress p = sl::Transport::Pending;
      for (long steps = 0; p == sl::Transport::Pending; ++steps) {
        if (steps > 200000) abort();  // a connect that never ends
        uint32_t before = gNow;
        p = t.connectStep("api.semilimes.net", 80);
        if (gNow - before > 3) abort();  // a step that waited
      }
      up = p == sl::Transport::Done;
    }
    if (!up) continue;
    ++connects;
    size_t sent = t.write(kRequest, sizeof kRequest - 1);
    if (sent > sizeof kRequest - 1) abort();
    (void)t.flush();
    uint8_t buf[32];
    for (int i = 0; i < 400 && t.connected(); ++i) {
      size_t avail = t.available();
      size_t n = t.read(buf, ask);
      if (n > ask) abort();
      if (avail && !n) abort();  // available() promised bytes that read() did not give
      out.take(buf, n);
      readTotal += n;
      if (i % 50 == 49) {
        sent = t.write(kRequest, 8);
        if (sent > 8) abort();
      }
    }
    // What is still buffered after the link closed is readable, then nothing.
    for (int i = 0; i < 200; ++i) {
      uint8_t b[32];
      size_t n = t.read(b, sizeof b);
      out.take(b, n);
      readTotal += n;
      if (!n) break;
    }
    t.stop();
    if (t.connected()) abort();
  }
  if (getenv("SL_FUZZ_TRACE")) fprintf(stderr, "trace: connects %zu, bytes read %zu\n", connects, readTotal);
  return 0;
}
