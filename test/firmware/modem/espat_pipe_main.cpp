// Host program for test/firmware/modem.test.ts: sl::EspAtTransport whose
// serial line is this process's stdin (modem -> board) and stdout (board ->
// modem); the jest side runs the Node ESP-AT emulator on the other end.
// Results go to stderr as "result ok|fail <detail>" lines (plus "body:" hex
// for the http scenario).
//
//   espat_pipe echo  <host> <port> <bytes> <piece>   send a pattern, expect it back
//   espat_pipe http  <host> <port> <path> [bearer]  GET with Connection: close
//   espat_pipe fail  <host> <port>                  connect must fail; prints the error
//   espat_pipe send  <host> <port>                  write + flush; prints the result
//   espat_pipe wait  <host> <port>                  write "hold", wait until the link ends
//   espat_pipe ws    <host> <port>                  sl::WsClient: text + 3000-byte binary echo, clean close
//   espat_pipe pingpong <host> <port>               write "ping" + flush, then read until 4 bytes came or
//                                                   the link ended (10 s at most); prints the time taken
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "transport/EspAtTransport.h"
#include "ws/WsClient.h"

namespace {

class StdioLine : public sl::ByteStream {
 public:
  StdioLine() : len_(0), pos_(0) { fcntl(0, F_SETFL, fcntl(0, F_GETFL, 0) | O_NONBLOCK); }
  size_t write(const uint8_t* data, size_t len) override {
    size_t done = 0;
    while (done < len) {
      ssize_t n = ::write(1, data + done, len - done);
      if (n > 0) done += static_cast<size_t>(n);
      else if (n < 0 && errno == EINTR) continue;
      else break;
    }
    return done;
  }
  using sl::ByteStream::write;
  int read() override {
    if (pos_ == len_) {
      ssize_t n = ::read(0, buf_, sizeof buf_);
      if (n <= 0) {
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) usleep(50);  // do not spin a core
        return -1;
      }
      len_ = static_cast<size_t>(n);
      pos_ = 0;
    }
    return buf_[pos_++];
  }

 private:
  uint8_t buf_[256];
  size_t len_, pos_;
};

uint32_t nowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint32_t>(ts.tv_sec * 1000u + ts.tv_nsec / 1000000u);
}

void result(bool ok, const char* detail, sl::EspAtTransport& t) {
  fprintf(stderr, "result %s %s error=%s passive=%d\n", ok ? "ok" : "fail", detail, t.lastError().name().ptr(),
          t.passiveMode() ? 1 : 0);
}

uint8_t pattern(size_t i) { return static_cast<uint8_t>((i * 31 + 7) % 251); }

int echo(sl::EspAtTransport& t, size_t total, size_t piece) {
  uint8_t chunk[64];
  size_t sent = 0, got = 0;
  uint32_t start = nowMs();
  // Interleave: a block out, then read what came back, so neither side's
  // buffers have to hold the whole transfer.
  while (got < total && nowMs() - start < 30000) {
    if (sent < total) {
      size_t block = total - sent < 200 ? total - sent : 200;
      for (size_t i = 0; i < block; i += piece) {
        size_t n = block - i < piece ? block - i : piece;
        for (size_t k = 0; k < n; ++k) chunk[k] = pattern(sent + i + k);
        if (t.write(chunk, n) != n) {
          result(false, "write", t);
          return 1;
        }
      }
      sent += block;
      if (!t.flush()) {
        result(false, "flush", t);
        return 1;
      }
    }
    size_t n;
    while ((n = t.read(chunk, sizeof chunk)) > 0) {  // drain what is here
      for (size_t k = 0; k < n; ++k) {
        if (chunk[k] != pattern(got + k)) {
          char d[64];
          snprintf(d, sizeof d, "mismatch at %zu", got + k);
          result(false, d, t);
          return 1;
        }
      }
      got += n;
    }
    if (!t.connected()) break;
  }
  char d[64];
  snprintf(d, sizeof d, "echoed %zu of %zu", got, total);
  result(got == total, d, t);
  t.stop();
  return got == total ? 0 : 1;
}

int http(sl::EspAtTransport& t, const char* host, const char* path, const char* bearer) {
  char req[384];
  char auth[160] = "";
  if (bearer) snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", bearer);
  int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", path, host, auth);
  // in pieces, like a request writer would
  for (int i = 0; i < n; i += 5) {
    size_t k = n - i < 5 ? static_cast<size_t>(n - i) : 5;
    if (t.write(reinterpret_cast<const uint8_t*>(req) + i, k) != k) {
      result(false, "write", t);
      return 1;
    }
  }
  fprintf(stderr, "body:");
  uint8_t buf[32];
  size_t total = 0;
  uint32_t start = nowMs();
  while (t.connected() && nowMs() - start < 20000) {
    size_t got = t.read(buf, sizeof buf);
    for (size_t i = 0; i < got; ++i) fprintf(stderr, "%02x", buf[i]);
    total += got;
  }
  fprintf(stderr, "\n");
  char d[64];
  snprintf(d, sizeof d, "received %zu", total);
  result(!t.connected() && total > 0, d, t);
  t.stop();
  return 0;
}

struct Inbox : sl::WsHandler {
  bool open = false;
  int messages = 0;
  int closes = 0;
  uint16_t closeCode = 0;
  size_t total = 0;
  uint32_t sum = 0;
  char text[64] = "";
  void onOpen() override { open = true; }
  void onMessageBegin(bool) override {
    total = 0;
    sum = 0;
    text[0] = 0;
  }
  void onMessageData(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n; ++i, ++total) {
      sum += static_cast<uint32_t>(d[i]) * static_cast<uint32_t>(total + 1);
      if (total < sizeof text - 1) {
        text[total] = static_cast<char>(d[i]);
        text[total + 1] = 0;
      }
    }
  }
  void onMessageEnd() override { ++messages; }
  void onClose(uint16_t c, sl::WsError) override {
    ++closes;
    closeCode = c;
  }
};

template <typename Done>
bool pumpWs(sl::WsClient& ws, Inbox& in, Done done) {
  uint32_t start = nowMs();
  while (!done(in) && nowMs() - start < 10000) ws.poll(in);
  return done(in);
}

int wsEcho(sl::EspAtTransport& t, const char* host, uint16_t port) {
  sl::Random rng(nowMs());
  char line[96];
  sl::WsClient ws(t, rng, line, sizeof line, 8192);
  Inbox in;
  if (ws.connect(host, port, "/service/ws", "modem-key")) {
    result(false, "ws connect", t);
    return 1;
  }
  if (!pumpWs(ws, in, [](Inbox& i) { return i.open || i.closes; }) || !in.open) {
    result(false, "ws handshake", t);
    return 1;
  }
  if (ws.sendText("hello over ESP-AT") ||
      !pumpWs(ws, in, [](Inbox& i) { return i.messages >= 1 || i.closes; }) || strcmp(in.text, "hello over ESP-AT") != 0) {
    result(false, "ws text echo", t);
    return 1;
  }
  static uint8_t big[3000];
  uint32_t want = 0;
  for (size_t i = 0; i < sizeof big; ++i) {
    big[i] = pattern(i);
    want += static_cast<uint32_t>(big[i]) * static_cast<uint32_t>(i + 1);
  }
  if (ws.sendBinary(big, sizeof big) || !pumpWs(ws, in, [](Inbox& i) { return i.messages >= 2 || i.closes; }) ||
      in.total != sizeof big || in.sum != want) {
    result(false, "ws binary echo", t);
    return 1;
  }
  if (ws.close(1000, "bye") || !pumpWs(ws, in, [](Inbox& i) { return i.closes > 0; }) || in.closeCode != 1000) {
    result(false, "ws close", t);
    return 1;
  }
  result(true, "ws echo", t);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  StdioLine line;
  sl::EspAtTransport t(line, nowMs);
  const char* mode = argv[1];
  const char* host = argv[2];
  uint16_t port = static_cast<uint16_t>(atoi(argv[3]));
  if (strcmp(mode, "ws") == 0) return wsEcho(t, host, port);
  bool up = t.connect(host, port);
  if (strcmp(mode, "fail") == 0) {
    result(!up, "connect refused", t);
    return up ? 1 : 0;
  }
  if (!up) {
    result(false, "connect", t);
    return 1;
  }
  if (strcmp(mode, "echo") == 0) return echo(t, argc > 4 ? atoi(argv[4]) : 1000, argc > 5 ? atoi(argv[5]) : 7);
  if (strcmp(mode, "http") == 0) return http(t, host, argc > 4 ? argv[4] : "/", argc > 5 ? argv[5] : 0);
  if (strcmp(mode, "send") == 0) {
    bool ok = t.write(reinterpret_cast<const uint8_t*>("data"), 4) == 4 && t.flush();
    result(ok, "send", t);
    t.stop();
    return 0;
  }
  if (strcmp(mode, "pingpong") == 0) {
    bool sent = t.write(reinterpret_cast<const uint8_t*>("ping"), 4) == 4 && t.flush();
    uint32_t start = nowMs();
    char buf[8];
    size_t got = 0;
    while (got < 4 && t.connected() && nowMs() - start < 10000) got += t.read(reinterpret_cast<uint8_t*>(buf) + got, 4 - got);
    buf[got] = 0;
    char detail[80];
    snprintf(detail, sizeof detail, "sent=%d got=%s connected=%d ms=%u", sent ? 1 : 0, buf, t.connected() ? 1 : 0,
             static_cast<unsigned>(nowMs() - start));
    result(got == 4, detail, t);
    t.stop();
    return 0;
  }
  if (strcmp(mode, "wait") == 0) {
    bool ok = t.write(reinterpret_cast<const uint8_t*>("hold"), 4) == 4 && t.flush();
    uint32_t start = nowMs();
    uint8_t buf[16];
    while (t.connected() && nowMs() - start < 20000) t.read(buf, sizeof buf);
    result(ok && !t.connected(), "link ended", t);
    t.stop();
    return 0;
  }
  return 2;
}
