// WsClient over a scripted transport: byte-exact handshake (fixed seed),
// echo of pings, close handshake, 1009/1007/1002 failures, split reads at
// every byte boundary, connections dropped at every byte, failing writes.
//
// Scripts and expected texts are in flash on AVR (SLT_STR / SLT_FLASH; a
// script is copied into the session's RAM for its run), so the Uno (2 KB of
// RAM) runs this suite too. Its 32 KB of flash do not hold all the cases in
// one program: on the boards this file is part 1 (the handshake and what the
// client receives; the flag below), client_part2_test.cpp builds part 2 (what
// it sends) from this same file. The host (ws.test.ts) builds every case at once.
// sl-board-test: flags -DSL_WS_CLIENT_TEST_PART=1
#include <string.h>

#include "../http/ScriptedTransport.h"
#include "SlTest.h"
#include "WsTestUtil.h"
#include "ws/WsClient.h"

#ifndef SL_WS_CLIENT_TEST_PART
#define SL_WS_CLIENT_TEST_PART 0  // every case
#endif
#define SL_WS_CLIENT_PART(n) (SL_WS_CLIENT_TEST_PART == 0 || SL_WS_CLIENT_TEST_PART == (n))

namespace {

using sltest::putNum;
using sltest::putText;

const char kRequest[] SLT_FLASH =
    "GET /service/ws HTTP/1.1\r\n"
    "Host: api.semilimes.net\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: LtCp094jYQHAU8cDvjKjow==\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "Authorization: Bearer KEY\r\n"
    "\r\n";
// The accept for that key, computed independently (Python hashlib/base64).
#define ACCEPT "i7VpO1xUYQhYdzX5Oj9GsotAD/I="
#define OK_101                              \
  "HTTP/1.1 101 Switching Protocols\r\n"  \
  "Upgrade: websocket\r\n"                \
  "Connection: keep-alive, Upgrade\r\n"   \
  "Sec-WebSocket-Accept: " ACCEPT "\r\n\r\n"

// The longest texts the cases expect are under 64 bytes; a longer one is cut
// by the sink (decodeClientFrames fails) and matches nothing.
struct Recorder : sl::WsHandler {
  char text[128];
  sl::BufferSink out;
  int closes;
  uint16_t code;
  sl::WsError error;
  Recorder() : out(text, sizeof text), closes(0), code(0) {}
  void onOpen() override { putText(out, "open "); }
  void onMessageBegin(bool binary) override { putText(out, binary ? "b:" : "t:"); }
  void onMessageData(const uint8_t* d, size_t n) override { out.write(d, n); }
  void onMessageEnd() override { putText(out, " "); }
  void onPong() override { putText(out, "pong "); }
  void onClose(uint16_t c, sl::WsError e) override {
    ++closes;
    code = c;
    error = e;
    putText(out, "close");
    putNum(out, c);
    putText(out, e.name());
  }
};

// Length of a flash text (SLT_FLASH / SLT_STR).
size_t flashLen(const char* p) {
  size_t n = 0;
  while (SLT_READ(p + n)) ++n;
  return n;
}

#if SL_WS_CLIENT_PART(1)
// True when the RAM text starts with the flash text.
bool startsWithFlash(const char* text, const char* flash) {
  for (size_t i = 0; SLT_READ(flash + i); ++i) {
    if (text[i] != SLT_READ(flash + i)) return false;
  }
  return true;
}
// True when the flash text occurs in the RAM text.
bool containsFlash(const char* text, const char* flash) {
  for (; *text; ++text) {
    if (startsWithFlash(text, flash)) return true;
  }
  return false;
}
#endif

// True when the transport wrote exactly the flash text.
bool wroteFlash(const sltest::ScriptedTransport& net, const char* flash) {
  size_t n = flashLen(flash);
  if (net.writtenLength() != n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (net.written()[i] != static_cast<uint8_t>(SLT_READ(flash + i))) return false;
  }
  return true;
}

// Gives the transport `len` bytes of flash script, copied into `buf` (which
// must outlive their use); false when they do not fit.
bool scriptFromFlash(sltest::ScriptedTransport& net, uint8_t* buf, size_t cap, const char* script, size_t len) {
  if (len > cap) return false;
  for (size_t i = 0; i < len; ++i) buf[i] = static_cast<uint8_t>(SLT_READ(script + i));
  net.script(buf, len);
  return true;
}

// A literal script in flash: its address and length.
#define LIT(s) SLT_STR(s), sizeof(s) - 1

// Runs a client against `script` (fed `chunk` bytes per read) until Closed
// or the script is used up; returns the client's frames after the handshake.
struct Session {
  sltest::ScriptedTransport net;
  sl::Random rng;
  char line[64];
  sl::WsClient ws;
  Recorder rec;
  char frames[128];
  uint8_t input[256];  // the script in RAM
  Session(uint32_t limit = 1000) : rng(12345), ws(net, rng, line, sizeof line, limit) { frames[0] = 0; }

  // `script` (len bytes, in flash on AVR: LIT, SLT_FLASH) becomes the input.
  bool load(const char* script, size_t len) { return scriptFromFlash(net, input, sizeof input, script, len); }

  bool run(const char* script, size_t len, size_t chunk) {
    if (!load(script, len)) return false;
    net.setReadChunk(chunk);
    if (ws.connect("api.semilimes.net", 443, "/service/ws", "KEY")) return false;
    if (!wroteFlash(net, kRequest)) return false;
    net.clearWritten();
    for (int i = 0; i < 10000 && ws.state() != sl::WsClient::Closed && net.readPosition() < len; ++i) ws.poll(rec);
    if (ws.state() != sl::WsClient::Closed) ws.poll(rec);
    return sltest::decodeClientFrames(net.written(), net.writtenLength(), frames, sizeof frames);
  }
};

#if SL_WS_CLIENT_PART(1)
const char kConversation[] SLT_FLASH = OK_101
    "\x81\x02hi"                  // text
    "\x89\x02pp"                  // ping -> pong "pp"
    "\x02\x01\x01\x00\x00\x80\x02" "\xff\xfe"  // binary in 3 fragments (one empty)
    "\x01\x02\xc3\xa9\x8a\x00\x80\x01!"        // text fragments around a pong
    "\x88\x05\x03\xe8" "bye";                  // close 1000 "bye" -> echoed 1000
#endif

}  // namespace

#if SL_WS_CLIENT_PART(1)

TEST_CASE(ws_client_handshake_request_is_byte_exact) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(!s.ws.connect("api.semilimes.net", 443, "/service/ws", "KEY"));
  char buf[224];
  CHECK_EQ_STR_FLASH_WANT(sltest::asText(s.net, buf, sizeof buf), kRequest);
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Connecting);
  CHECK(s.ws.sendText("early") == sl::WsError::BadState);  // no frames before the handshake
}

TEST_CASE(ws_client_handshake_tolerates_case_blanks_and_long_lines) {
  // Header names in any case, blanks around values, blank lines before the
  // status line, bare LF line ends, and a header longer than the line buffer.
  static const char response[] SLT_FLASH =
      "\r\nHTTP/1.1 101\n"
      "X-Long: 0123456789012345678901234567890123456789012345678901234567890123456789\r\n"
      "UPGRADE:   WebSocket  \r\n"
      "connection:upgrade\r\n"
      "sec-websocket-accept: \t" ACCEPT "\r\n\r\n"
      "\x81\x02hi";
  Session s;
  REQUIRE(s.run(response, sizeof response - 1, 7));
  CHECK_EQ_STR_P(s.rec.text, "open t:hi ");
}

// (Sessions in blocks of their own: one at a time on the Uno's stack.)
TEST_CASE(ws_client_handshake_request_port_and_refused_arguments) {
  {
    Session s;
    s.net.keepOpen(true);
    REQUIRE(!s.ws.connect("h.example", 8080, "a b", 0));
    char buf[224];
    const char* text = sltest::asText(s.net, buf, sizeof buf);
    CHECK(startsWithFlash(text, SLT_STR("GET /a%20b HTTP/1.1\r\nHost: h.example:8080\r\nUpgrade: websocket\r\n")));
    CHECK(!containsFlash(text, SLT_STR("Authorization")));
  }
  Session bad;
  bad.net.keepOpen(true);
  CHECK(bad.ws.connect("h example", 80, "/", 0) == sl::WsError::InvalidArgument);
  CHECK(bad.ws.connect("", 80, "/", 0) == sl::WsError::InvalidArgument);
  CHECK(bad.ws.connect("h", 80, "/", "a\r\nX: y") == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(bad.net.writtenLength(), 0);  // nothing is written for refused arguments
  CHECK_EQ_INT(bad.ws.state(), sl::WsClient::Closed);
}

// A path in flash (the client keeps "/service/ws" there) is escaped like a
// RAM one, '%' and its hex digits included; a client given its transport
// after construction (setTransport) writes the same bytes.
const char kFlashPath[] SL_PROGMEM = "a b%2Fc%zz";

TEST_CASE(ws_client_handshake_path_in_flash_and_late_transport) {
  char buf[224];
  {  // (each block's objects go before the next one's: stack on the Uno)
    sltest::ScriptedTransport net;
    net.keepOpen(true);
    sl::Random rng(12345);
    char line[64];
    sl::WsClient ws(rng, line, sizeof line, 1000);
    ws.setTransport(net);
    CHECK(&ws.transport() == &net);
    REQUIRE(!ws.connect("h.example", 8080, sl::FlashString(kFlashPath), 0));
    const char* text = sltest::asText(net, buf, sizeof buf);
    CHECK(startsWithFlash(text, SLT_STR("GET /a%20b%2Fc%25zz HTTP/1.1\r\nHost: h.example:8080\r\n")));
  }
  {
    Session s;
    s.net.keepOpen(true);
    REQUIRE(!s.ws.connect("api.semilimes.net", 443, sl::FlashString(SL_PSTR("/service/ws")), "KEY"));
    CHECK_EQ_STR_FLASH_WANT(sltest::asText(s.net, buf, sizeof buf), kRequest);
  }
}

// kPathVerbatim: a constant path already in request form goes out as is
// (the same bytes as the escaping path gives it); httpPathIsPlain() is the
// compile-time check such a constant must pass.
static_assert(sl::detail::httpPathIsPlain("/service/ws"), "plain");
static_assert(sl::detail::httpPathIsPlain("/a-b._~!$&'()*+,;=:@/?x=1"), "plain");
static_assert(!sl::detail::httpPathIsPlain("service/ws"), "no leading slash");
static_assert(!sl::detail::httpPathIsPlain("/a b"), "a blank needs escaping");
static_assert(!sl::detail::httpPathIsPlain("/a%20b"), "'%' is not taken as is");
static_assert(!sl::detail::httpPathIsPlain("/a\r\n"), "control bytes");
static_assert(!sl::detail::httpPathIsPlain("/\x80"), "non-ASCII");

TEST_CASE(ws_client_handshake_verbatim_flash_path) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(!s.ws.connect("api.semilimes.net", 443, SL_PSTR("/service/ws"), "KEY",
                        sl::WsHandshake::kPathInFlash | sl::WsHandshake::kPathVerbatim));
  char buf[224];
  CHECK_EQ_STR_FLASH_WANT(sltest::asText(s.net, buf, sizeof buf), kRequest);
}

// A transport that connects in steps (Transport::connectStep, as
// EspAtTransport): connectStep() returns at once while it connects, each
// call again is a step, and the request goes out once the transport is
// connected; poll() does nothing meanwhile. A connect that fails then is
// connectStep()'s ConnectFailed, as connect()'s. connect() waits.
TEST_CASE(ws_client_transport_connecting_in_steps) {
  {
    Session s;
    s.net.connectInSteps(3);
    REQUIRE(s.load(LIT(OK_101)));
    for (int i = 0; i < 3; ++i) {
      REQUIRE(!s.ws.connectStep("api.semilimes.net", 443, "/service/ws", "KEY"));
      CHECK(s.ws.state() == sl::WsClient::Connecting);
      CHECK(s.ws.connecting());
      CHECK(!s.ws.poll(s.rec));
      CHECK(s.ws.sendText("x") == sl::WsError::BadState);
    }
    CHECK_EQ_INT(s.net.writtenLength(), 0);
    CHECK_EQ_INT(s.net.readPosition(), 0);  // nothing read before the request is out
    CHECK_EQ_INT(s.net.stops(), 0);         // the steps continue one connect
    REQUIRE(!s.ws.connectStep("api.semilimes.net", 443, "/service/ws", "KEY"));  // connected: the request
    CHECK(!s.ws.connecting());
    CHECK_EQ_INT(s.net.connectSteps(), 4);
    CHECK(wroteFlash(s.net, kRequest));
    CHECK_EQ_STR(s.rec.text, "");
    for (int i = 0; i < 100 && s.ws.state() == sl::WsClient::Connecting; ++i) s.ws.poll(s.rec);
    CHECK(s.ws.state() == sl::WsClient::Open);
    CHECK_EQ_STR(s.rec.text, "open ");
  }
  {
    Session s;
    s.net.connectInSteps(2, true);
    for (int i = 0; i < 2; ++i) REQUIRE(!s.ws.connectStep("api.semilimes.net", 443, "/service/ws", "KEY"));
    CHECK(s.ws.connectStep("api.semilimes.net", 443, "/service/ws", "KEY") == sl::WsError::ConnectFailed);
    CHECK(s.ws.state() == sl::WsClient::Closed);
    CHECK(!s.ws.connecting());
    CHECK(s.ws.error() == sl::WsError::ConnectFailed);
    CHECK_EQ_INT(s.net.writtenLength(), 0);
    CHECK_EQ_INT(s.rec.closes, 0);  // (reported by connect(), as one that fails at once)
  }
  {  // connect() waits: the transport's connect(), not its steps
    Session s;
    s.net.connectInSteps(3);
    REQUIRE(!s.ws.connect("api.semilimes.net", 443, "/service/ws", "KEY"));
    CHECK(!s.ws.connecting());
    CHECK_EQ_INT(s.net.connectSteps(), 0);
    CHECK(wroteFlash(s.net, kRequest));
  }
  {  // abandoned: closeNow() while connecting stops the transport
    Session s;
    s.net.connectInSteps(5);
    REQUIRE(!s.ws.connectStep("api.semilimes.net", 443, "/service/ws", "KEY"));
    s.ws.closeNow();
    CHECK(s.ws.state() == sl::WsClient::Closed);
    CHECK(!s.ws.connecting());
    CHECK_EQ_INT(s.net.stops(), 1);
    CHECK_EQ_INT(s.net.writtenLength(), 0);
  }
}

TEST_CASE(ws_client_conversation_at_every_read_size) {
  for (size_t chunk = 1; chunk <= sizeof kConversation; ++chunk) {
    Session s;
    REQUIRE(s.run(kConversation, sizeof kConversation - 1, chunk));
    bool ok = CHECK_EQ_STR_P(s.rec.text, "open t:hi b:\x01\xff\xfe t:\xc3\xa9pong ! close1000Ok");
    ok = CHECK_EQ_STR_P(s.frames, "10F:pp|8F:~~|") && ok;  // pong "pp"; close with code 1000 (0x03 0xe8)
    ok = CHECK_EQ_INT(s.rec.closes, 1) && ok;
    ok = CHECK_EQ_INT(s.net.stops(), 1) && ok;
    if (!ok) {
      CHECK_EQ_INT(chunk, 0);
      break;
    }
  }
}

TEST_CASE(ws_client_close_echo_bytes) {
  {
    Session s;
    REQUIRE(s.run(LIT(OK_101 "\x88\x02\x0f\xa0"), 1000));
    // Decode the echoed close and check its code bytes (4000 = 0x0fa0).
    const uint8_t* w = s.net.written();
    REQUIRE(s.net.writtenLength() == 8);
    CHECK_EQ_INT(w[0], 0x88);
    CHECK_EQ_INT(w[1], 0x82);
    CHECK_EQ_INT(w[6] ^ w[2], 0x0f);
    CHECK_EQ_INT(w[7] ^ w[3], 0xa0);
    CHECK_EQ_INT(s.rec.code, 4000);
  }
  Session e;  // an empty close is answered with an empty close
  REQUIRE(e.run(LIT(OK_101 "\x88\x00"), 1000));
  CHECK_EQ_STR_P(e.frames, "8F:|");
  CHECK_EQ_INT(e.rec.code, 1005);
}

TEST_CASE(ws_client_fails_with_1009_1007_1002) {
  {
    Session big(4);
    REQUIRE(big.run(LIT(OK_101 "\x81\x05hello"), 1));
    CHECK_EQ_STR_P(big.rec.text, "open close1009MessageTooBig");
    CHECK_EQ_STR_P(big.frames, "8F:~~|");
    CHECK_EQ_INT(big.net.written()[6] ^ big.net.written()[2], 0x03);
    CHECK_EQ_INT(big.net.written()[7] ^ big.net.written()[3], 0xf1);  // 1009
  }
  {
    Session utf;
    REQUIRE(utf.run(LIT(OK_101 "\x81\x01\xff"), 1));
    CHECK_EQ_STR_P(utf.rec.text, "open t:close1007InvalidUtf8");
  }
  Session bad;
  REQUIRE(bad.run(LIT(OK_101 "\x81\x81\x00\x00\x00\x00x"), 1));
  CHECK_EQ_STR_P(bad.rec.text, "open close1002ProtocolError");
  CHECK_EQ_INT(bad.ws.state(), sl::WsClient::Closed);
}

// A wrong Sec-WebSocket-Accept value: refused, or (SL_WS_CHECK_ACCEPT=0,
// the value not checked; the header must still be there) the connection opens.
#if SL_WS_CHECK_ACCEPT
#define WRONG_ACCEPT "close1006BadAccept"
#else
#define WRONG_ACCEPT "open "
#endif

TEST_CASE(ws_client_rejects_bad_handshakes) {
  // Pairs of NUL-terminated texts: the response, the transcript it gives.
  static const char cases[] SLT_FLASH =
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
      "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n" "\0"
      WRONG_ACCEPT "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n" "\0"
      "close1006BadAccept" "\0"
      "HTTP/1.1 101 X\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "\r\n\r\n" "\0"
      "close1006BadUpgrade" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: h2c\r\n\r\n" "\0"
      "close1006BadUpgrade" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n\r\n" "\0"
      "close1006BadUpgrade" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT
      "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n" "\0"
      "close1006BadUpgrade" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT "x\r\n\r\n" "\0"
      WRONG_ACCEPT "\0"
      "garbage\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 1010 X\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/2.0 101 X\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 101 X\r\nno colon here\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 101 X\r\n Upgrade: websocket\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"  // obs-fold
      "HTTP/1.1 101 X\r\n: websocket\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"  // empty name
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT
      "\r\nX-Bad: a\x01b\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " ACCEPT
      "\r\nSec-WebSocket-Protocol: chat\r\n\r\n" "\0"
      "close1006BadUpgrade" "\0"
      // a bare CR (RFC 9112 section 2.2): inside the accept value, and CR CR LF
      "HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: i7VpO1xU\r"
      "YQhYdzX5Oj9GsotAD/I=\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0"
      "HTTP/1.1 101 X\r\r\nUpgrade: websocket\r\n\r\n" "\0"
      "close1006HandshakeFailed" "\0";
  size_t i = 0;
  for (const char* p = cases; SLT_READ(p); ++i) {
    const char* response = p;
    p += flashLen(p) + 1;
    const char* want = p;
    p += flashLen(p) + 1;
    Session s;
    REQUIRE(s.run(response, flashLen(response), 1));
    if (!CHECK_EQ_STR_FLASH_WANT(s.rec.text, want)) CHECK_EQ_INT(i, -1);
    CHECK_EQ_INT(s.net.writtenLength(), 0);  // nothing is sent on a failed handshake
  }
  CHECK_EQ_INT(i, 18);  // every pair was read
}

TEST_CASE(ws_client_dropped_at_every_byte_reports_1006_once) {
  size_t total = sizeof kConversation - 1;
  for (size_t drop = 0; drop < total - 5; ++drop) {  // the last 5 bytes complete the close frame
    Session s;
    s.net.dropAfter(static_cast<uint32_t>(drop));
    s.run(kConversation, sizeof kConversation - 1, 3);  // a pong may be cut off by the drop: frames need not decode
    bool ok = CHECK_EQ_INT(s.rec.closes, 1);
    ok = CHECK_EQ_INT(s.rec.code, 1006) && ok;
    ok = CHECK(s.rec.error == sl::WsError::ConnectionLost) && ok;
    ok = CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closed) && ok;
    if (!ok) {
      CHECK_EQ_INT(drop, -1);
      break;
    }
  }
}

#endif  // part 1

#if SL_WS_CLIENT_PART(2)
TEST_CASE(ws_client_write_failure_while_ponging) {
  Session s;
  s.net.setWriteLimit(sizeof kRequest - 1 + 3);  // the pong header does not fit
  REQUIRE(s.load(LIT(OK_101 "\x89\x02pp\x81\x01x")));
  REQUIRE(!s.ws.connect("api.semilimes.net", 443, "/service/ws", "KEY"));
  for (int i = 0; i < 100 && s.ws.state() != sl::WsClient::Closed; ++i) s.ws.poll(s.rec);
  CHECK_EQ_INT(s.rec.closes, 1);
  CHECK(s.rec.error == sl::WsError::WriteFailed);
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closed);
}

// A send that fails inside a handler callback (here an echo from
// onMessageEnd) closes the connection during poll(): onClose reports it,
// once (WsHandler.h: onClose is called once per connection).
TEST_CASE(ws_client_send_failing_inside_a_callback_reports_onclose_once) {
  struct Echo : Recorder {
    sl::WsClient* ws = nullptr;
    sl::WsError sent = sl::WsError::Ok;
    void onMessageEnd() override {
      Recorder::onMessageEnd();
      sent = ws->sendText("echo");
    }
  };
  sltest::ScriptedTransport net;
  sl::Random rng(12345);
  char line[64];
  sl::WsClient ws(net, rng, line, sizeof line, 1000);
  Echo rec;
  rec.ws = &ws;
  net.setWriteLimit(sizeof kRequest - 1 + 3);  // the echo's frame does not fit
  uint8_t input[160];
  REQUIRE(scriptFromFlash(net, input, sizeof input, LIT(OK_101 "\x81\x02hi")));
  REQUIRE(!ws.connect("api.semilimes.net", 443, "/service/ws", "KEY"));
  for (int i = 0; i < 100 && ws.state() != sl::WsClient::Closed; ++i) ws.poll(rec);
  for (int i = 0; i < 3; ++i) ws.poll(rec);  // and nothing more once closed
  CHECK(rec.sent == sl::WsError::WriteFailed);
  CHECK_EQ_INT(rec.closes, 1);
  CHECK_EQ_INT(rec.code, 1006);
  CHECK(rec.error == sl::WsError::WriteFailed);
  CHECK_EQ_INT(ws.state(), sl::WsClient::Closed);
}

// A ping whose payload arrives in two reads: its pong is open on the wire
// until the last byte is echoed, so no other frame may be written meanwhile.
TEST_CASE(ws_client_refuses_to_send_inside_a_half_written_pong) {
  Session s;
  s.net.keepOpen(true);
  (void)s.run(LIT(OK_101 "\x89\x04pi"), 1000);  // 2 of the ping's 4 bytes: the pong's tail is missing
  REQUIRE(s.ws.state() == sl::WsClient::Open);
  CHECK(s.ws.sendText("x") == sl::WsError::BadState);
  CHECK(s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("y"), 1, true) == sl::WsError::BadState);
  CHECK(s.ws.ping() == sl::WsError::BadState);
  CHECK(s.ws.close(1000) == sl::WsError::BadState);
  REQUIRE(s.load(LIT("ng")));
  for (int i = 0; i < 10 && s.net.readPosition() < 2; ++i) s.ws.poll(s.rec);
  CHECK(!s.ws.sendText("x"));
  char frames[128];
  REQUIRE(sltest::decodeClientFrames(s.net.written(), s.net.writtenLength(), frames, sizeof frames));
  CHECK_EQ_STR_P(frames, "10F:ping|1F:x|");
}

TEST_CASE(ws_client_sends_messages_fragments_pings_and_closes) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(s.run(LIT(OK_101), 1000));
  REQUIRE(s.ws.state() == sl::WsClient::Open);
  CHECK(!s.ws.sendText("hello"));
  CHECK(!s.ws.sendBinary(reinterpret_cast<const uint8_t*>("AB"), 2));
  CHECK(!s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("caf\xc3"), 4, false));
  CHECK(s.ws.sendText("x") == sl::WsError::BadState);  // a fragmented message is in progress
  CHECK(s.ws.sendFragment(true, reinterpret_cast<const uint8_t*>("z"), 1, true) == sl::WsError::BadState);
  CHECK(!s.ws.ping(reinterpret_cast<const uint8_t*>("p"), 1));  // control frames may interleave
  CHECK(s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("\x28"), 1, true) == sl::WsError::InvalidArgument);
  CHECK(!s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("\xa9!"), 2, true));
  CHECK(s.ws.sendText("\xc3\x28") == sl::WsError::InvalidArgument);
  CHECK(s.ws.close(1005) == sl::WsError::InvalidArgument);
  CHECK(s.ws.close(1000, "\xff") == sl::WsError::InvalidArgument);
  CHECK(!s.ws.close(1001, "going"));
  CHECK(s.ws.sendText("late") == sl::WsError::BadState);
  char frames[256];
  REQUIRE(sltest::decodeClientFrames(s.net.written(), s.net.writtenLength(), frames, sizeof frames));
  CHECK_EQ_STR_P(frames, "1F:hello|2F:AB|1f:caf~|9F:p|0F:~!|8F:~~going|");
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closing);
}

TEST_CASE(ws_client_initiated_close_completes_on_the_peer_close) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(s.run(LIT(OK_101 "\x81\x01" "a"), 1000));
  REQUIRE(!s.ws.close(1000, 0));
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closing);
  s.ws.poll(s.rec);  // nothing arrives: still closing
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closing);
  REQUIRE(s.load(LIT("\x81\x01" "b\x89\x00\x88\x02\x03\xe8")));  // data and a ping may still arrive
  s.ws.poll(s.rec);
  CHECK_EQ_STR_P(s.rec.text, "open t:a t:b close1000Ok");
  char frames[64];
  REQUIRE(sltest::decodeClientFrames(s.net.written(), s.net.writtenLength(), frames, sizeof frames));
  CHECK_EQ_STR_P(frames, "8F:~~|");  // our close only: no pong after closing, no second close
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closed);
}

namespace {
bool jsonBody(sl::Sink& out, void*) {
  return out.write(reinterpret_cast<const uint8_t*>("{\"v\":"), 5) == 5 &&
         out.write(reinterpret_cast<const uint8_t*>("42}"), 3) == 3;
}
bool badText(sl::Sink& out, void*) { return out.write(reinterpret_cast<const uint8_t*>("\xc3"), 1) == 1; }
bool invalidByte(sl::Sink& out, void*) { return out.write(reinterpret_cast<const uint8_t*>("a\xff"), 2) == 2; }
bool failing(sl::Sink& out, void*) {
  out.write(reinterpret_cast<const uint8_t*>("ab"), 2);
  return false;
}
}  // namespace

// The counting pass (made by the masking sink itself) refuses a failing
// BodyFn and invalid text and leaves no trace: the next sends and a
// fragmented text message go out whole.
TEST_CASE(ws_client_counting_pass_refusals_leave_no_trace) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(s.run(LIT(OK_101), 1000));
  CHECK(s.ws.send(false, invalidByte, 0) == sl::WsError::InvalidArgument);
  CHECK(s.ws.send(true, failing, 0) == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(s.net.writtenLength(), 0);  // nothing of them went out
  CHECK(!s.ws.send(true, invalidByte, 0));  // binary: any bytes
  CHECK(!s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("\xc3"), 1, false));
  CHECK(!s.ws.sendFragment(false, reinterpret_cast<const uint8_t*>("\xa9"), 1, true));
  CHECK(!s.ws.send(false, jsonBody, 0));
  CHECK_EQ_INT(s.ws.state(), sl::WsClient::Open);
  char frames[128];
  REQUIRE(sltest::decodeClientFrames(s.net.written(), s.net.writtenLength(), frames, sizeof frames));
  CHECK_EQ_STR_P(frames, "2F:a~|1f:~|0F:~|1F:{\"v\":42}|");  // (bytes >= 0x80 print as ~; f: not final)
}

TEST_CASE(ws_client_send_from_body_fn) {
  Session s;
  s.net.keepOpen(true);
  REQUIRE(s.run(LIT(OK_101), 1000));
  CHECK(!s.ws.send(false, jsonBody, 0));
  CHECK(s.ws.send(false, badText, 0) == sl::WsError::InvalidArgument);
  CHECK(!s.ws.send(true, badText, 0));
  char frames[128];
  REQUIRE(sltest::decodeClientFrames(s.net.written(), s.net.writtenLength(), frames, sizeof frames));
  CHECK_EQ_STR_P(frames, "1F:{\"v\":42}|2F:~|");
}

namespace {
// A body that writes `second` on its second call (the writing pass) instead
// of the 8 bytes its counting pass announced.
struct Changing {
  const char* second;
  uint8_t calls;
};
bool changingBody(sl::Sink& out, void* context) {
  Changing& c = *static_cast<Changing*>(context);
  const char* text = c.calls++ ? c.second : "{\"v\":42}";
  size_t n = 0;
  while (text[n]) ++n;
  return out.write(reinterpret_cast<const uint8_t*>(text), n) == n;
}
}  // namespace

// A BodyFn whose writing pass differs from its counting pass leaves a frame
// on the wire that is short of its announced length (or cut off past it,
// maybe inside a UTF-8 sequence): the connection cannot go on, it is
// dropped, and send() says InvalidArgument.
TEST_CASE(ws_client_body_fn_changing_length_drops_the_connection) {
  const char* const seconds[] = {"{}", "{\"v\":4242}"};
  for (const char* second : seconds) {
    Session s;
    s.net.keepOpen(true);
    REQUIRE(s.run(LIT(OK_101), 1000));
    Changing c = {second, 0};
    CHECK(s.ws.send(false, changingBody, &c) == sl::WsError::InvalidArgument);
    CHECK_EQ_INT(c.calls, 2);
    CHECK_EQ_INT(s.ws.state(), sl::WsClient::Closed);
    CHECK(s.ws.sendText("x") == sl::WsError::BadState);  // nothing more on that wire
  }
}
#endif  // part 2
