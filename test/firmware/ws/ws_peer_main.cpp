// Host program: the firmware WsClient over PosixSocketTransport against the
// `ws` npm WebSocketServer started by test/firmware/ws-peer.test.ts
// (port in SL_PEER_PORT). Each case opens its own connection; the server is
// strict (masking, UTF-8, close codes) and echoes. Prints SlTest output.
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "SlTest.h"
#include "transport/PosixSocketTransport.h"
#include "ws/WsClient.h"

namespace {

uint16_t port() { return static_cast<uint16_t>(atoi(getenv("SL_PEER_PORT") ? getenv("SL_PEER_PORT") : "0")); }

long nowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct Inbox : sl::WsHandler {
  bool open = false;
  int messages = 0;
  bool binary = false;
  char last[256];
  size_t lastLen = 0;
  size_t total = 0;       // bytes of the current/last message
  uint32_t checksum = 0;  // sum of byte*(index+1) for the current/last message
  int pongs = 0;
  int closes = 0;
  uint16_t closeCode = 0;
  sl::WsError closeError;
  void onOpen() override { open = true; }
  void onMessageBegin(bool b) override {
    binary = b;
    lastLen = 0;
    total = 0;
    checksum = 0;
  }
  void onMessageData(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      if (lastLen < sizeof last - 1) last[lastLen++] = static_cast<char>(d[i]);
      checksum += static_cast<uint32_t>(d[i]) * static_cast<uint32_t>(total + 1);
      ++total;
    }
    last[lastLen] = 0;
  }
  void onMessageEnd() override {
    last[lastLen] = 0;
    ++messages;
  }
  void onPong() override { ++pongs; }
  void onClose(uint16_t c, sl::WsError e) override {
    ++closes;
    closeCode = c;
    closeError = e;
  }
};

// One generator for the whole program, seeded once (as firmware would at boot):
// every connection draws fresh keys and masks from it.
sl::Random& rng() {
  static sl::Random r(static_cast<uint32_t>(nowMs()) ^ static_cast<uint32_t>(getpid()) << 16);
  return r;
}

struct Conn {
  sl::PosixSocketTransport net;
  char line[96];
  sl::WsClient ws;
  Inbox in;
  explicit Conn(uint32_t limit = 1024) : ws(net, rng(), line, sizeof line, limit) {}

  template <typename Done>
  bool pump(Done done, int timeoutMs = 3000) {
    long end = nowMs() + timeoutMs;
    while (!done(in) && nowMs() < end) {
      net.waitReadable(20);
      ws.poll(in);
    }
    return done(in);
  }

  bool open(const char* path = "/service/ws", const char* bearer = "PEER-KEY") {
    if (ws.connect("127.0.0.1", port(), path, bearer)) return false;
    return pump([](Inbox& i) { return i.open || i.closes > 0; }) && in.open;
  }

  bool awaitMessages(int n) {
    return pump([n](Inbox& i) { return i.messages >= n || i.closes > 0; }) && in.messages >= n;
  }

  bool closeCleanly(uint16_t code = 1000, const char* reason = 0) {
    if (ws.close(code, reason)) return false;
    return pump([](Inbox& i) { return i.closes > 0; }) && in.closeCode == code && !in.closeError;
  }
};

bool bigBody(sl::Sink& out, void*) {
  uint8_t chunk[100];
  for (size_t base = 0; base < 70000; base += sizeof chunk) {
    for (size_t i = 0; i < sizeof chunk; ++i) chunk[i] = static_cast<uint8_t>((base + i) * 7);
    if (out.write(chunk, sizeof chunk) != sizeof chunk) return false;
  }
  return true;
}

}  // namespace

TEST_CASE(peer_text_and_binary_echo_then_clean_close) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendText("hello \xe2\x82\xac"));
  REQUIRE(c.awaitMessages(1));
  CHECK(!c.in.binary);
  CHECK_EQ_STR(c.in.last, "echo:hello \xe2\x82\xac");
  uint8_t all[200];
  for (int i = 0; i < 200; ++i) all[i] = static_cast<uint8_t>(255 - i);
  REQUIRE(!c.ws.sendBinary(all, sizeof all));  // 16-bit length
  REQUIRE(c.awaitMessages(2));
  CHECK(c.in.binary);
  CHECK_EQ_INT(c.in.total, 200);
  CHECK(memcmp(c.in.last, all, 200) == 0);
  CHECK(c.closeCleanly(1000, "done"));
}

TEST_CASE(peer_fragmented_send_with_ping_between_fragments) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("frag\xc3"), 5, false));
  REQUIRE(!c.ws.ping(reinterpret_cast<const uint8_t*>("mid"), 3));
  REQUIRE(!c.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("\xa9ment"), 5, false));
  REQUIRE(!c.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("ed"), 2, true));
  REQUIRE(c.awaitMessages(1));
  CHECK_EQ_STR(c.in.last, "echo:frag\xc3\xa9mented");
  CHECK(c.pump([](Inbox& i) { return i.pongs > 0; }));
  CHECK(c.closeCleanly());
}

TEST_CASE(peer_large_binary_from_body_fn_64bit_length) {
  Conn c(100000);
  REQUIRE(c.open());
  REQUIRE(!c.ws.send(true, bigBody, 0));
  REQUIRE(c.awaitMessages(1));
  CHECK_EQ_INT(c.in.total, 70000);
  uint32_t want = 0;
  for (uint32_t i = 0; i < 70000; ++i) want += static_cast<uint8_t>(i * 7) * (i + 1);
  CHECK_EQ_INT(c.in.checksum, want);
  CHECK(c.closeCleanly(1001));
}

TEST_CASE(peer_server_ping_is_answered_and_fragments_reassembled) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendText("ping-me"));
  REQUIRE(c.awaitMessages(1));
  CHECK_EQ_STR(c.in.last, "ponged:srv-ping");  // the server saw our pong with its payload
  REQUIRE(!c.ws.sendText("frag-me"));
  REQUIRE(c.awaitMessages(2));
  CHECK_EQ_STR(c.in.last, "ab\xc3\xa9" "cd");
  CHECK(c.closeCleanly(4000, "bye"));
}

TEST_CASE(peer_too_big_message_closes_with_1009) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendText("too-big"));
  CHECK(c.pump([](Inbox& i) { return i.closes > 0; }));
  CHECK_EQ_INT(c.in.closeCode, 1009);
  CHECK(c.in.closeError.name().equals("MessageTooBig"));
}

TEST_CASE(peer_invalid_utf8_closes_with_1007) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendText("bad-utf8"));
  CHECK(c.pump([](Inbox& i) { return i.closes > 0; }));
  CHECK_EQ_INT(c.in.closeCode, 1007);
  CHECK(c.in.closeError.name().equals("InvalidUtf8"));
}

TEST_CASE(peer_server_initiated_close_is_echoed) {
  Conn c;
  REQUIRE(c.open());
  REQUIRE(!c.ws.sendText("close-me"));
  CHECK(c.pump([](Inbox& i) { return i.closes > 0; }));
  CHECK_EQ_INT(c.in.closeCode, 4001);
  CHECK(!c.in.closeError);
}

TEST_CASE(peer_wrong_key_is_refused_at_the_handshake) {
  Conn c;
  CHECK(!c.open("/service/ws", "WRONG"));
  CHECK(c.in.closeError.name().equals("HandshakeFailed"));
}

