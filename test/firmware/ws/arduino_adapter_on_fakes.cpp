// Host only (needs -DARDUINO and test/firmware/fakes); deliberately not named
// *_test.cpp so the simulated-board runner does not pick it up.
// ArduinoClientTransport over a fake Arduino `Client` (test/firmware/fakes):
// built with -DARDUINO, it must compile warning-free and carry a WebSocket
// session (short writes, reads in small pieces, drops) like any Transport.
#include <string.h>

#include "Client.h"
#include "SlTest.h"
#include "transport/ArduinoClientTransport.h"
#include "ws/WsClient.h"

#ifndef ARDUINO
#error "build this test with -DARDUINO"
#endif

namespace {

// A Client that accepts at most 5 bytes per write() (as some modem stacks
// do) and serves a script at most 3 bytes per read().
class FakeClient : public Client {
 public:
  const uint8_t* in = 0;
  size_t inLen = 0, inPos = 0;
  uint8_t out[1024];
  size_t outLen = 0;
  bool up = false;
  int connects = 0, stops = 0;
  char host[32];
  uint16_t port = 0;

  int connect(IPAddress, uint16_t) override { return 0; }
  int connect(const char* h, uint16_t p) override {
    strncpy(host, h, sizeof host - 1);
    host[sizeof host - 1] = 0;
    port = p;
    ++connects;
    up = true;
    return 1;
  }
  size_t write(uint8_t b) override { return write(&b, 1); }
  size_t write(const uint8_t* buf, size_t size) override {
    size_t n = 0;
    while (up && n < size && n < 5 && outLen < sizeof out) out[outLen++] = buf[n++];
    return n;
  }
  int available() override { return up ? static_cast<int>(inLen - inPos) : 0; }
  int read() override { return inPos < inLen ? in[inPos++] : -1; }
  int read(uint8_t* buf, size_t size) override {
    size_t n = inLen - inPos;
    if (n > size) n = size;
    if (n > 3) n = 3;
    if (n == 0) return -1;
    memcpy(buf, in + inPos, n);
    inPos += n;
    return static_cast<int>(n);
  }
  int peek() override { return inPos < inLen ? in[inPos] : -1; }
  void flush() override {}
  void stop() override {
    up = false;
    ++stops;
  }
  uint8_t connected() override { return up && inPos < inLen; }
  operator bool() override { return up; }
};

struct Rec : sl::WsHandler {
  char text[64];
  size_t len = 0;
  int opens = 0, closes = 0;
  uint16_t code = 0;
  void onOpen() override { ++opens; }
  void onMessageData(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n && len < sizeof text - 1; ++i) text[len++] = static_cast<char>(d[i]);
    text[len] = 0;
  }
  void onClose(uint16_t c, sl::WsError) override {
    ++closes;
    code = c;
  }
};

const char kServer[] =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: i7VpO1xUYQhYdzX5Oj9GsotAD/I=\r\n\r\n"
    "\x81\x0chello device\x88\x02\x03\xe8";

}  // namespace

TEST_CASE(arduino_adapter_connects_writes_everything_and_reads) {
  FakeClient c;
  sl::ArduinoClientTransport t(c);
  REQUIRE(t.connect("api.semilimes.net", 443));
  CHECK_EQ_STR(c.host, "api.semilimes.net");
  CHECK_EQ_INT(c.port, 443);
  const uint8_t msg[] = "0123456789abcdef";
  CHECK_EQ_INT(t.write(msg, 16), 16);  // the adapter loops over short writes
  CHECK_EQ_INT(c.outLen, 16);
  CHECK(memcmp(c.out, msg, 16) == 0);
  c.in = msg;
  c.inLen = 16;
  uint8_t buf[8];
  CHECK_EQ_INT(t.available(), 16);
  CHECK_EQ_INT(t.read(buf, sizeof buf), 3);
  CHECK(t.connected());
  t.stop();
  CHECK(!t.connected());
  CHECK_EQ_INT(t.read(buf, sizeof buf), 0);
  CHECK_EQ_INT(t.write(msg, 4), 0);  // a stopped client accepts nothing
}

TEST_CASE(arduino_adapter_carries_a_websocket_session) {
  FakeClient c;
  c.in = reinterpret_cast<const uint8_t*>(kServer);
  c.inLen = sizeof kServer - 1;
  sl::ArduinoClientTransport t(c);
  sl::Random rng(12345);
  char line[64];
  sl::WsClient ws(t, rng, line, sizeof line, 256);
  REQUIRE(!ws.connect("api.semilimes.net", 443, "/service/ws", "KEY"));
  Rec r;
  for (int i = 0; i < 200 && ws.state() != sl::WsClient::Closed; ++i) ws.poll(r);
  CHECK_EQ_INT(r.opens, 1);
  CHECK_EQ_STR(r.text, "hello device");
  CHECK_EQ_INT(r.closes, 1);
  CHECK_EQ_INT(r.code, 1000);
  CHECK_EQ_INT(c.stops, 1);
  // The request went out whole through 5-byte writes, then the close echo (8 bytes).
  const char* head = "GET /service/ws HTTP/1.1\r\nHost: api.semilimes.net\r\n";
  CHECK(memcmp(c.out, head, strlen(head)) == 0);
  CHECK_EQ_INT(c.out[c.outLen - 8], 0x88);
}
