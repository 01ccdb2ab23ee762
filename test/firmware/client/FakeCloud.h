// FakeCloud: a scripted in-memory WebSocket server behind the Transport
// interface, for sl::Client unit tests (host; no heap).
//
// It answers the upgrade request with a correct Sec-WebSocket-Accept
// (computed with the firmware's Sha1/Base64 from the client's key), unmasks
// and records every client text frame, answers pings with pongs (unless
// `autoPong` is off), echoes a close, and serves what the test queues with
// serverText(). Faults: refuse connects, accept only `writeBudget` more
// bytes (a connection failing mid-frame), drop() the connection.
#ifndef SL_TEST_FAKE_CLOUD_H
#define SL_TEST_FAKE_CLOUD_H

#include <string.h>

#include "crypto/Base64.h"
#include "crypto/Sha1.h"
#include "transport/Transport.h"

namespace sltest {

class FakeCloud : public sl::Transport {
 public:
  enum { kMaxMessages = 24, kMessageMax = 400 };

  FakeCloud() { reset(); }

  void reset() {
    open_ = false;
    refuseConnect = false;
    silent = false;
    autoPong = true;
    writeBudget = 0xFFFFFFFFu;
    connects = 0;
    stops = 0;
    pings = 0;
    closes = 0;
    messageCount = 0;
    stepsPerConnect = 0;
    steps_ = 0;
    session();
  }

  // ---- test controls ----
  bool refuseConnect;  // connect() fails
  bool silent;         // never answer the upgrade request
  bool autoPong;
  uint32_t writeBudget;  // bytes accepted before writes fail (then the connection is dead)
  int connects, stops, pings, closes;
  // connectStep() answers Pending this many times per connect, then
  // connects as connect() (a transport that connects in steps); 0:
  // Transport's default.
  int stepsPerConnect;
  int messageCount;
  char messages[kMaxMessages][kMessageMax];

  // A text frame from the server (unmasked).
  void serverText(const char* text) {
    size_t n = strlen(text);
    if (n < 126) {
      put(0x81);
      put(static_cast<uint8_t>(n));
    } else {
      put(0x81);
      put(126);
      put(static_cast<uint8_t>(n >> 8));
      put(static_cast<uint8_t>(n));
    }
    for (size_t i = 0; i < n; ++i) put(static_cast<uint8_t>(text[i]));
  }
  // One text message as a text frame and continuation frames of at most
  // `piece` bytes each (piece < 126).
  void serverTextFragments(const char* text, size_t piece) {
    size_t n = strlen(text);
    for (size_t off = 0; off < n || off == 0; off += piece) {
      size_t k = n - off < piece ? n - off : piece;
      bool fin = off + k >= n;
      put(static_cast<uint8_t>((fin ? 0x80 : 0) | (off == 0 ? 1 : 0)));
      put(static_cast<uint8_t>(k));
      for (size_t i = 0; i < k; ++i) put(static_cast<uint8_t>(text[off + i]));
      if (n == 0) break;
    }
  }
  void serverBytes(const uint8_t* d, size_t n) {
    for (size_t i = 0; i < n; ++i) put(d[i]);
  }
  // The peer vanishes (connected() false, reads 0, writes fail).
  void drop() { open_ = false; }
  bool isOpen() const { return open_; }
  bool upgraded() const { return upgraded_; }
  const char* request() const { return req_; }
  // requestId of message i (its first "requestId":"..." value), copied to buf.
  const char* requestIdOf(int i, char* buf, size_t cap) const {
    buf[0] = 0;
    const char* p = strstr(messages[i], "\"requestId\":\"");
    if (!p) return buf;
    p += 13;
    size_t n = 0;
    while (p[n] && p[n] != '"' && n + 1 < cap) {
      buf[n] = p[n];
      ++n;
    }
    buf[n] = 0;
    return buf;
  }

  // ---- Transport ----
  bool connect(const char*, uint16_t) override {
    ++connects;
    if (refuseConnect) return false;
    session();
    open_ = true;
    return true;
  }
  Progress connectStep(const char* host, uint16_t port) override {
    if (steps_ < stepsPerConnect) {
      if (steps_++ == 0) open_ = false;  // (a new connect closes the last link)
      return Pending;
    }
    steps_ = 0;
    return sl::Transport::connectStep(host, port);
  }
  size_t write(const uint8_t* data, size_t len) override {
    if (!open_) return 0;
    size_t n = len;
    if (n > writeBudget) n = writeBudget;
    writeBudget -= static_cast<uint32_t>(n);
    for (size_t i = 0; i < n; ++i) consume(data[i]);
    if (n < len) open_ = false;
    return n;
  }
  using sl::Transport::write;
  size_t available() override { return open_ ? outLen_ - outPos_ : 0; }
  size_t read(uint8_t* buffer, size_t len) override {
    size_t n = available();
    if (n > len) n = len;
    memcpy(buffer, out_ + outPos_, n);
    outPos_ += n;
    if (outPos_ == outLen_) outPos_ = outLen_ = 0;
    return n;
  }
  bool connected() override { return open_; }
  void stop() override {
    ++stops;
    open_ = false;
    steps_ = 0;  // (abandons a connect in steps)
  }

 private:
  void session() {
    upgraded_ = false;
    reqLen_ = 0;
    req_[0] = 0;
    outLen_ = outPos_ = 0;
    frameLen_ = 0;
  }
  void put(uint8_t b) {
    if (outLen_ < sizeof out_) out_[outLen_++] = b;
  }
  void putText(const char* s) {
    while (*s) put(static_cast<uint8_t>(*s++));
  }
  void consume(uint8_t b) {
    if (!upgraded_) {
      if (reqLen_ + 1 < sizeof req_) {
        req_[reqLen_++] = static_cast<char>(b);
        req_[reqLen_] = 0;
      }
      if (reqLen_ >= 4 && strcmp(req_ + reqLen_ - 4, "\r\n\r\n") == 0) answerUpgrade();
      return;
    }
    if (frameLen_ < sizeof frame_) frame_[frameLen_++] = b;
    parseFrame();
  }
  void answerUpgrade() {
    upgraded_ = true;
    if (silent) return;
    const char* k = strstr(req_, "Sec-WebSocket-Key: ");
    if (!k) return;
    k += 19;
    char key[64];
    size_t n = 0;
    while (k[n] && k[n] != '\r' && n + 1 < sizeof key) {
      key[n] = k[n];
      ++n;
    }
    key[n] = 0;
    sl::Sha1 sha;
    sha.update(key);
    sha.update("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    uint8_t digest[20];
    sha.finish(digest);
    char accept[32];
    sl::base64Encode(digest, sizeof digest, accept, sizeof accept);
    putText("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ");
    putText(accept);
    putText("\r\n\r\n");
  }
  // Handles one complete client frame at the start of frame_, if any.
  void parseFrame() {
    if (frameLen_ < 2) return;
    size_t len = frame_[1] & 0x7f;
    size_t head = 2;
    if (len == 126) {
      if (frameLen_ < 4) return;
      len = (static_cast<size_t>(frame_[2]) << 8) | frame_[3];
      head = 4;
    }
    head += 4;  // mask
    if (frameLen_ < head + len) return;
    const uint8_t* mask = frame_ + head - 4;
    uint8_t op = frame_[0] & 0x0f;
    char payload[kMessageMax];
    size_t keep = len < sizeof payload - 1 ? len : sizeof payload - 1;
    for (size_t i = 0; i < keep; ++i) payload[i] = static_cast<char>(frame_[head + i] ^ mask[i & 3]);
    payload[keep] = 0;
    if (op == 1 && messageCount < kMaxMessages) {
      memcpy(messages[messageCount++], payload, keep + 1);
    } else if (op == 9) {
      ++pings;
      if (autoPong) {
        put(0x8a);
        put(static_cast<uint8_t>(keep));
        for (size_t i = 0; i < keep; ++i) put(static_cast<uint8_t>(payload[i]));
      }
    } else if (op == 8) {
      ++closes;
    }
    frameLen_ = 0;
  }

  bool open_;
  int steps_;  // connectStep()s of the connect under way
  bool upgraded_;
  char req_[512];
  size_t reqLen_;
  uint8_t out_[4096];
  size_t outLen_, outPos_;
  uint8_t frame_[kMessageMax + 16];
  size_t frameLen_;
};

}  // namespace sltest

#endif  // SL_TEST_FAKE_CLOUD_H
