// Host only (needs -DARDUINO and test/firmware/fakes); deliberately not named
// *_test.cpp so the simulated-board runner does not pick it up.
// ArduinoClientTransport over a fake Arduino `Client` (test/firmware/fakes):
// built with -DARDUINO, it must compile warning-free and carry a WebSocket
// session (short writes, reads in small pieces, drops) like any Transport.
// Its TX buffer (SL_ARDUINO_CLIENT_TX_BUFFER): the Client sees one write per
// buffer-full plus one per flush point (a read, flush(), stop()), the same
// bytes as without the buffer, whatever size the SDK's writers write in
// (also built with SL_WS_MASK_CHUNK=1 SL_PUT_BUFFER=0: test/firmware/ws.test.ts);
// a send the Client does not take whole is reported.
#include <string.h>

#include "Client.h"
#include "SlTest.h"
#include "http/HttpRequestWriter.h"
#include "transport/ArduinoClientTransport.h"
#include "ws/WsClient.h"

#ifndef ARDUINO
#error "build this test with -DARDUINO"
#endif

namespace {

// A scripted Arduino Client. write() keeps at most `writeChunk` bytes per
// call and `budget` bytes in all (then 0: the link dropped); read() serves
// the script `in` at most `readChunk` bytes per call. connected() is true
// while connected, or (`connectedWhileInput`, as some cores answer) only
// while script bytes wait. Counts connects, writes, stops and flush() calls:
// the adapter must never call Client::flush() (arduino-esp32's discards
// received data).
class ScriptClient : public Client {
 public:
  size_t writeChunk = ~size_t(0), readChunk = ~size_t(0);
  bool connectedWhileInput = false;
  const uint8_t* in = 0;
  size_t inLen = 0, inPos = 0;
  uint8_t out[2048];
  size_t outLen = 0;
  size_t budget = ~size_t(0);
  bool up = false;
  int connects = 0, writes = 0, flushes = 0, stops = 0;
  char host[32];
  uint16_t port = 0;

  // Counters back to zero (what the handshake took is not counted).
  void reset() {
    outLen = 0;
    writes = 0;
  }

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
    ++writes;
    size_t n = 0;
    while (up && n < size && n < writeChunk && budget && outLen < sizeof out) {
      out[outLen++] = buf[n++];
      --budget;
    }
    return n;
  }
  int available() override { return up ? static_cast<int>(inLen - inPos) : 0; }
  int read() override { return inPos < inLen ? in[inPos++] : -1; }
  int read(uint8_t* buf, size_t size) override {
    size_t n = inLen - inPos;
    if (n > size) n = size;
    if (n > readChunk) n = readChunk;
    if (n == 0) return -1;
    memcpy(buf, in + inPos, n);
    inPos += n;
    return static_cast<int>(n);
  }
  int peek() override { return inPos < inLen ? in[inPos] : -1; }
  void flush() override { ++flushes; }
  void stop() override {
    up = false;
    ++stops;
  }
  uint8_t connected() override { return up && (!connectedWhileInput || inPos < inLen); }
  operator bool() override { return up; }
};

// At most 5 bytes per write() (as some modem stacks do), at most 3 per read();
// connected only while script bytes wait.
struct FakeClient : ScriptClient {
  FakeClient() {
    writeChunk = 5;
    readChunk = 3;
    connectedWhileInput = true;
  }
};

// Writes and reads whole (set `writeChunk`, or `budget` to drop the link
// after so many bytes).
typedef ScriptClient CountingClient;

template <unsigned Cap>
using Buffered = sl::detail::ArduinoClientTransportT<Client, Cap>;
typedef Buffered<0> PassThrough;

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
  CHECK_EQ_INT(t.write(msg, 16), 16);
  CHECK_EQ_INT(c.outLen, SL_ARDUINO_CLIENT_TX_BUFFER ? 0 : 16);  // collected until the caller reads
  c.in = msg;
  c.inLen = 16;
  uint8_t buf[8];
  CHECK_EQ_INT(t.available(), 16);
  CHECK_EQ_INT(c.outLen, 16);  // the adapter loops over short writes
  CHECK(memcmp(c.out, msg, 16) == 0);
  CHECK_EQ_INT(t.read(buf, sizeof buf), 3);
  CHECK(t.connected());
  t.stop();
  CHECK(!t.connected());
  CHECK_EQ_INT(t.read(buf, sizeof buf), 0);
  CHECK_EQ_INT(t.write(msg, 4), 0);  // a stopped client accepts nothing
  CHECK_EQ_INT(c.flushes, 0);        // Client::flush() is never called
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
  CHECK_EQ_INT(c.out[c.outLen - 8], 0x88);  // (sent by stop(): the drop after the close frame)
  CHECK_EQ_INT(c.flushes, 0);
}

namespace {

// The server's half of a handshake for Random(12345)'s key.
const char kUpgrade[] =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: i7VpO1xUYQhYdzX5Oj9GsotAD/I=\r\n\r\n";

// 150 bytes of text: a frame of 2 + 2 (16-bit length) + 4 (key) + 150 = 158 bytes.
const char kText[] =
    "{\"requestId\":\"00000001\",\"requestType\":\"dc/send\",\"version\":1,\"body\":{\"channelId\":"
    "\"c0ffee\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"on!!!\"}}}";
static_assert(sizeof kText - 1 == 150, "150 bytes of text");

struct Quiet : sl::WsHandler {
  int closes = 0;
  sl::WsError error;
  void onClose(uint16_t, sl::WsError e) override {
    ++closes;
    error = e;
  }
};

size_t ceilDiv(size_t a, size_t b) { return (a + b - 1) / b; }

// A WebSocket over `t` (Random(12345)), opened with the upgrade response
// that `c` plays (kUpgrade); `opened` when it reached Open.
struct OpenWs {
  sl::Random rng;
  char line[64];
  sl::WsClient ws;
  Quiet q;
  bool opened;
  OpenWs(CountingClient& c, sl::Transport& t) : rng(12345), ws(t, rng, line, sizeof line, 256), opened(false) {
    c.in = reinterpret_cast<const uint8_t*>(kUpgrade);
    c.inLen = sizeof kUpgrade - 1;
    c.inPos = 0;
    if (ws.connect("api.semilimes.net", 443, "/service/ws", "KEY")) return;
    for (int i = 0; i < 20 && ws.state() == sl::WsClient::Connecting; ++i) ws.poll(q);
    opened = ws.state() == sl::WsClient::Open;
  }
};

// Opens a WebSocket over `t`, then sends kText; `c` holds what the Client
// took for the message alone, before and after flush(). Returns the
// Client's writes before the flush.
template <class T>
int sendText(CountingClient& c, T& t, bool flushAfter) {
  OpenWs s(c, t);
  if (!s.opened) return -1;
  c.reset();
  if (s.ws.sendText(kText)) return -1;
  int before = c.writes;
  if (flushAfter && !t.flush()) return -1;
  return before;
}

// An HTTP request with a JSON body (request line, 4 headers, Content-Length, body).
const char kBody[] = "{\"channelId\":\"c0ffee\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"lamp on\"}}";
bool writeBody(sl::Sink& out, void*) {
  return out.write(reinterpret_cast<const uint8_t*>(kBody), sizeof kBody - 1) == sizeof kBody - 1;
}
template <class T>
bool sendRequest(T& t) {
  sl::HttpRequestWriter req(t);
  req.begin("POST", "/channel/message")
      .host("api.semilimes.net")
      .bearer("0123456789abcdef0123456789abcdef")
      .contentType("application/json")
      .connectionClose();
  return !req.end(&writeBody, 0);
}

}  // namespace

TEST_CASE(arduino_adapter_sends_a_ws_message_in_one_client_write_per_buffer) {
  // Reference: every write passed through.
  CountingClient ref;
  PassThrough direct(ref);
  REQUIRE(direct.connect("h", 1));
  REQUIRE(sendText(ref, direct, true) >= 0);
  CHECK_EQ_INT(ref.outLen, 158);
  // (16-byte mask chunks: 10 payload writes and the header; byte by byte: 150)
  CHECK(ref.writes >= 11);

  CountingClient c;
  Buffered<64> t(c);
  REQUIRE(t.connect("h", 1));
  CHECK_EQ_INT(sendText(c, t, true), 2);  // two full buffers went out while the frame was written...
  CHECK_EQ_INT(c.writes, 3);              // ...the rest with flush(): ceil(158 / 64)
  CHECK_EQ_INT(c.outLen, 158);
  CHECK(memcmp(c.out, ref.out, 158) == 0);  // the same bytes (same key: same seed)

  // The default buffer (512 on a host) takes the message whole: one write.
  CountingClient d;
  sl::ArduinoClientTransport big(d);
  REQUIRE(big.connect("h", 1));
  const size_t cap = SL_ARDUINO_CLIENT_TX_BUFFER;  // (0: passed through)
  CHECK_EQ_INT(sendText(d, big, true), cap ? static_cast<int>(157 / cap) : ref.writes);
  CHECK_EQ_INT(d.writes, cap ? static_cast<int>(ceilDiv(158, cap)) : ref.writes);
  CHECK_EQ_INT(d.outLen, 158);
  CHECK(memcmp(d.out, ref.out, 158) == 0);
  CHECK_EQ_INT(c.flushes + d.flushes, 0);
}

TEST_CASE(arduino_adapter_sends_nothing_before_a_read_or_flush) {
  CountingClient c;
  Buffered<64> t(c);
  REQUIRE(t.connect("h", 1));
  REQUIRE(sendText(c, t, false) == 2);  // the frame's last 30 bytes wait in the buffer
  CHECK_EQ_INT(c.outLen, 128);
  CHECK_EQ_INT(t.available(), 0);  // a read-side call sends them first
  CHECK_EQ_INT(c.writes, 3);
  CHECK_EQ_INT(c.outLen, 158);
  CHECK(t.flush());  // nothing left: no write
  CHECK_EQ_INT(c.writes, 3);

  const uint8_t b[3] = {1, 2, 3};
  uint8_t r[4];
  c.reset();
  CHECK_EQ_INT(t.write(b, 3), 3);
  CHECK_EQ_INT(c.writes, 0);
  CHECK_EQ_INT(t.read(r, sizeof r), 0);  // read() sends them too
  CHECK_EQ_INT(c.writes, 1);
  CHECK_EQ_INT(t.write(b, 3), 3);
  CHECK(t.connected());  // and connected()
  CHECK_EQ_INT(c.writes, 2);
  CHECK_EQ_INT(c.outLen, 6);
  CHECK_EQ_INT(c.flushes, 0);
}

TEST_CASE(arduino_adapter_sends_an_http_request_in_one_client_write_per_buffer) {
  CountingClient ref;
  PassThrough direct(ref);
  REQUIRE(direct.connect("h", 1));
  REQUIRE(sendRequest(direct));
  size_t n = ref.outLen;
  CHECK_EQ_INT(n, 270);
  // The head in 8-byte PutBuffer writes (or a write per byte), the body in one.
  CHECK(ref.writes > static_cast<int>((n - (sizeof kBody - 1)) / 8));

  CountingClient c;
  Buffered<64> t(c);
  REQUIRE(t.connect("h", 1));
  REQUIRE(sendRequest(t));
  CHECK_EQ_INT(c.writes, static_cast<int>((n - 1) / 64));  // full buffers only, until...
  uint8_t r[4];
  CHECK_EQ_INT(t.read(r, sizeof r), 0);  // ...the caller waits for the response
  CHECK_EQ_INT(c.writes, static_cast<int>(ceilDiv(n, 64)));
  CHECK_EQ_INT(c.outLen, n);
  CHECK(memcmp(c.out, ref.out, n) == 0);
}

TEST_CASE(arduino_adapter_reports_a_client_that_takes_fewer_bytes) {
  const uint8_t b[40] = {0};
  // At flush(): the buffered bytes were accepted by write(); flush() tells.
  {
    CountingClient c;
    Buffered<16> t(c);
    REQUIRE(t.connect("h", 1));
    c.budget = 4;
    CHECK_EQ_INT(t.write(b, 10), 10);
    CHECK(!t.flush());
    CHECK_EQ_INT(c.outLen, 4);
    CHECK_EQ_INT(t.write(b, 1), 0);  // broken: nothing more is taken
    CHECK(!t.flush());
    CHECK(!t.connected());  // though the Client itself still says connected
    CHECK(c.connected());
    t.stop();
    CHECK_EQ_INT(c.stops, 1);
    REQUIRE(t.connect("h", 1));  // a new link: writes go again
    c.budget = 100;
    CHECK_EQ_INT(t.write(b, 1), 1);
    CHECK(t.flush());
  }
  // Inside write(): the write that filled the buffer returns fewer bytes.
  {
    CountingClient c;
    Buffered<16> t(c);
    REQUIRE(t.connect("h", 1));
    c.budget = 20;
    CHECK_EQ_INT(t.write(b, 10), 10);
    // 6 bytes fill the buffer (sent: 16 of 20), 16 more fill it again, whose
    // send the Client cuts at 4: of this call's 30 bytes, 6 went out.
    CHECK_EQ_INT(t.write(b, 30), 6);
    CHECK_EQ_INT(c.outLen, 20);
    CHECK_EQ_INT(t.write(b, 1), 0);
    CHECK(!t.flush());
    CHECK(!t.connected());
  }
  // A Client that takes part of each write is not a failure (the adapter repeats).
  {
    CountingClient c;
    Buffered<16> t(c);
    REQUIRE(t.connect("h", 1));
    c.writeChunk = 5;
    CHECK_EQ_INT(t.write(b, 40), 40);
    CHECK(t.flush());
    CHECK_EQ_INT(c.outLen, 40);
    CHECK_EQ_INT(c.writes, 10);  // 16 = 5+5+5+1, twice; 8 = 5+3
  }
}

TEST_CASE(arduino_adapter_ws_message_lost_at_the_flush_drops_the_connection) {
  CountingClient c;
  Buffered<512> t(c);
  REQUIRE(t.connect("h", 1));
  OpenWs s(c, t);
  REQUIRE(s.opened);
  sl::WsClient& ws = s.ws;
  Quiet& q = s.q;
  c.budget = 100;  // the link drops in the middle of the next message
  CHECK(!ws.sendText(kText));  // all of it fits in the buffer: taken
  ws.poll(q);  // the read sends it; the Client takes 100 of 158 bytes
  CHECK_EQ_INT(ws.state(), sl::WsClient::Closed);
  CHECK_EQ_INT(q.closes, 1);
  CHECK_EQ_NAME(q.error, "ConnectionLost");
  CHECK_EQ_INT(c.stops, 1);
}

TEST_CASE(arduino_adapter_stop_sends_what_is_buffered) {
  CountingClient c;
  Buffered<64> t(c);
  REQUIRE(t.connect("h", 1));
  const uint8_t b[5] = {'a', 'b', 'c', 'd', 'e'};
  CHECK_EQ_INT(t.write(b, 5), 5);
  CHECK_EQ_INT(c.outLen, 0);
  t.stop();
  CHECK_EQ_INT(c.writes, 1);
  CHECK_EQ_INT(c.outLen, 5);
  CHECK(memcmp(c.out, b, 5) == 0);
  CHECK_EQ_INT(c.stops, 1);
  CHECK_EQ_INT(t.write(b, 5), 0);  // stopped: nothing is taken until connect()
  CHECK(!t.connected());
  t.stop();  // twice: nothing more is sent
  CHECK_EQ_INT(c.writes, 1);
  CHECK_EQ_INT(c.flushes, 0);
}

TEST_CASE(arduino_adapter_without_a_buffer_passes_every_write_through) {
  CountingClient c;
  PassThrough t(c);
  REQUIRE(t.connect("h", 1));
  const uint8_t b[5] = {'a', 'b', 'c', 'd', 'e'};
  CHECK_EQ_INT(t.write(b, 5), 5);
  CHECK_EQ_INT(t.write(b, 2), 2);
  CHECK_EQ_INT(c.writes, 2);
  CHECK_EQ_INT(c.outLen, 7);
  CHECK(t.flush());
  c.budget = 1;
  CHECK_EQ_INT(t.write(b, 5), 1);
}

namespace {
bool writeText(sl::Sink& out, void*) {
  return out.write(reinterpret_cast<const uint8_t*>(kText), sizeof kText - 1) == sizeof kText - 1;
}
}  // namespace

// WsClient::send (a whole message from a BodyFn: what sl::Client sends)
// ends with Transport::connected(), which sends what the adapter collected:
// the message leaves before the next poll(), for a sketch that sends and
// then sleeps; a failed send is the send's WriteFailed (the connection is
// dropped; sl::Client queues the message).
TEST_CASE(arduino_adapter_ws_send_flushes_at_the_message_end) {
  CountingClient c;
  Buffered<512> t(c);
  REQUIRE(t.connect("h", 1));
  OpenWs s(c, t);
  REQUIRE(s.opened);
  sl::WsClient& ws = s.ws;
  c.reset();
  CHECK_EQ_NAME(ws.send(false, &writeText, 0), "Ok");
  CHECK_EQ_INT(c.writes, 1);  // the whole frame, at once
  CHECK_EQ_INT(c.outLen, 158);
  c.budget = 100;
  CHECK_EQ_NAME(ws.send(false, &writeText, 0), "WriteFailed");
  CHECK_EQ_INT(ws.state(), sl::WsClient::Closed);
  CHECK_EQ_INT(c.stops, 1);
}
