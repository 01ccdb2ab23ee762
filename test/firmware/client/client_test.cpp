// sl::Client on a fake in-memory cloud (FakeCloud) and a fake clock:
// connect + bearer, backoff schedule (bounded, jittered, reset after a
// success), handshake timeout, heartbeat, requestId correlation, request
// timeout, the outbox (order, overflow, exactly-once replay, frames cut
// mid-write), inbound messages and form values, REST.
//
// On simulated boards: the 32-bit ones (the AVR defaults keep a 256-byte
// outbox, too small for these scenarios; AVR builds and sizes are checked in
// client-toolchains.test.ts).
// sl-board-test: boards cortex-m3,lx106
#include <string.h>

#include "../http/ScriptedTransport.h"
#include "FakeCloud.h"
#include "SlTest.h"
#include "client/Client.h"
#include "generated/Components.h"
#include "generated/api/CreateChannel.h"
#include "generated/api/SendChannelMessage.h"
#include "generated/decode/CreateChannelResponseDecoder.h"

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return gNow; }

// The outbox the scenarios queue into: the client's own, or, built with
// -DSL_CLIENT_OUTBOX_BYTES=0 (no outbox of its own: client.test.ts runs
// that build too), a caller-owned one of the host default's size held by
// the Rig, so every scenario also runs through sl::Client(box, size).
#if SL_CLIENT_OUTBOX_BYTES > 0
const size_t kOutboxBytes = SL_CLIENT_OUTBOX_BYTES;
#else
const size_t kOutboxBytes = 2048;
#endif

struct Events : sl::ClientHandler {
  int connected = 0;
  int disconnected = 0;
  sl::ClientError lastReason;
  int messages = 0;
  sl::InboundMessage last;
  char lastSender[64];
  char lastChat[64];
  char lastText[128];
  char lastType[20];
  int forms = 0;
  bool pump = false;
  bool pumpSeen = false;
  double level = -1;
  char note[32];
  char refs[96];
  void onConnected() override { ++connected; }
  void onDisconnected(sl::ClientError r) override {
    ++disconnected;
    lastReason = r;
  }
  void onMessage(const sl::InboundMessage& m) override {
    ++messages;
    last = m;
    strncpy(lastSender, m.senderId, sizeof lastSender - 1);
    strncpy(lastChat, m.chatId, sizeof lastChat - 1);
    strncpy(lastText, m.text, sizeof lastText - 1);
    strncpy(lastType, m.componentType, sizeof lastType - 1);
  }
  void onFormValue(const sl::InboundMessage& m, const sl::ClientFormValue& v) override {
    (void)m;
    ++forms;
    strncat(refs, v.refName.text(), sizeof refs - strlen(refs) - 2);
    strcat(refs, ",");
    if (v.refName.equals("pump")) {
      pumpSeen = v.value.type() == sl::JsonValueCapture::True || v.value.type() == sl::JsonValueCapture::False;
      pump = v.value.boolean();
    } else if (v.refName.equals("level")) {
      if (v.value.number().toDouble(level) != sl::JsonNumber::Ok) level = -2;
    } else if (v.refName.equals("note")) {
      strncpy(note, v.value.text(), sizeof note - 1);
    }
  }
  Events() : lastReason(sl::ClientError::Ok) {
    memset(lastSender, 0, sizeof lastSender);
    memset(lastChat, 0, sizeof lastChat);
    memset(lastText, 0, sizeof lastText);
    memset(lastType, 0, sizeof lastType);
    memset(note, 0, sizeof note);
    refs[0] = 0;
  }
};

struct Responses {
  int count = 0;
  uint32_t ids[16];
  sl::ClientError errors[16];
  uint16_t status[16];
  char message[64] = {0};  // the last one
  bool messageTruncated = false;
  static void fn(const sl::ClientResponse& r, void* user) {
    Responses& self = *static_cast<Responses*>(user);
    if (self.count < 16) {
      self.ids[self.count] = r.requestId;
      self.errors[self.count] = r.error;
      self.status[self.count] = r.statusCode;
    }
    strncpy(self.message, r.message, sizeof self.message - 1);
    self.messageTruncated = r.messageTruncated;
    ++self.count;
  }
};

// Runs loop() in 100 ms steps of the fake clock until the client is
// connected (its backoff after refused connects included), at most 20 s.
template <class C>
bool connectsWithin20s(C& client) {
  for (int i = 0; i < 200 && !client.connected(); ++i) {
    gNow += 100;
    client.loop();
  }
  return client.connected();
}

bool writeText(sl::JsonWriter& w, void* ctx) {
  w.beginObject().key("dataComponentType").string("text").key("text").string(static_cast<const char*>(ctx)).endObject();
  return w.ok();
}
bool writeBroken(sl::JsonWriter& w, void*) {
  w.beginObject();
  return false;
}
// ComponentFns that write a malformed value yet return true (ctx picks how).
bool writeSloppy(sl::JsonWriter& w, void* ctx) {
  switch (reinterpret_cast<intptr_t>(ctx)) {
    case 0:  // nothing at all
      break;
    case 1:  // an object left open
      w.beginObject().key("dataComponentType").string("text");
      break;
    case 2:  // an array inside, both left open
      w.beginObject().key("list").beginArray().integer(1);
      break;
    case 3:  // a piecewise string left open
      w.stringBegin().stringPart("abc");
      break;
    default:  // two values
      w.beginObject().endObject();
      w.integer(5);
      break;
  }
  return true;
}

struct Rig {
#if SL_CLIENT_OUTBOX_BYTES == 0
  uint8_t box[kOutboxBytes];
#endif
  sltest::FakeCloud cloud;
  sl::Client client;
  Events events;
  char sender[24], chat[24], text[48];
#if SL_CLIENT_OUTBOX_BYTES == 0
  Rig(uint32_t seed = 7) : client(box, sizeof box) {
#else
  Rig(uint32_t seed = 7) {
#endif
    gNow = 1000;
    client.random().seed(seed);
    client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
    client.setHandler(events);
  }
  bool start() { return !client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn); }
  // Runs loop() until connected (bounded); time stands still.
  bool connect() {
    for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
    return client.connected();
  }
  void loops(int n) {
    for (int i = 0; i < n; ++i) client.loop();
  }
  // Advances the clock in steps of `step` ms up to `ms`, looping each step.
  void advance(uint32_t ms, uint32_t step = 100) {
    for (uint32_t t = 0; t < ms; t += step) {
      gNow += step;
      client.loop();
    }
  }
  void respond(uint32_t id, bool ok, int status) {
    char buf[160];
    char hex[9];
    for (int i = 0; i < 8; ++i) hex[i] = "0123456789abcdef"[(id >> (28 - 4 * i)) & 15];
    hex[8] = 0;
    strcpy(buf, "{\"eventType\":\"Response\",\"requestId\":\"");
    strcat(buf, hex);
    strcat(buf, ok ? "\",\"eventBody\":{\"success\":true,\"statusCode\":null,\"error\":null,\"data\":{}}}"
                   : "\",\"eventBody\":{\"success\":false,\"statusCode\":");
    if (!ok) {
      char n[8];
      int k = 0;
      char d[8];
      int v = status;
      do {
        d[k++] = static_cast<char>('0' + v % 10);
        v /= 10;
      } while (v);
      int j = 0;
      while (k) n[j++] = d[--k];
      n[j] = 0;
      strcat(buf, n);
      strcat(buf, ",\"error\":\"bad\",\"data\":null}}");
    }
    cloud.serverText(buf);
  }
};

}  // namespace

TEST_CASE(client_error_names) {
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::Ok), "Ok");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::OutboxFull), "OutboxFull");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::HeartbeatTimeout), "HeartbeatTimeout");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::Closed), "Closed");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::DecodeFailed), "DecodeFailed");
  CHECK_EQ_NAME(sl::ClientError(static_cast<sl::ClientError::Code>(200)), "Unknown");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::Unsupported), "Unsupported");
  CHECK_EQ_NAME(sl::ClientError(sl::ClientError::InProgress), "InProgress");
  CHECK_EQ_NAME(sl::ClientError(static_cast<sl::ClientError::Code>(sl::ClientError::InProgress + 1)), "Unknown");
  // Every code has a name of its own, none of them empty.
  for (int i = 0; i <= sl::ClientError::InProgress; ++i) {
    sl::FlashString n = sl::ClientError(static_cast<sl::ClientError::Code>(i)).name();
    CHECK(!n.equals("Unknown") && !n.equals(""));
    for (int j = 0; j < i; ++j) CHECK(!n.equals(sl::ClientError(static_cast<sl::ClientError::Code>(j)).name().ptr()));
  }
  CHECK(!sl::ClientError());
  CHECK(static_cast<bool>(sl::ClientError(sl::ClientError::Timeout)));
}

TEST_CASE(client_send_before_begin_is_not_started) {
  sl::Client c;
  CHECK(c.sendToChannel("ch", &writeText, const_cast<char*>("x")) == sl::ClientError::NotStarted);
  c.loop();  // harmless
  CHECK_EQ_INT(c.state(), sl::Client::Idle);
  sltest::FakeCloud cloud;
  CHECK(c.begin(cloud, "", 80, "K", &clockFn) == sl::ClientError::InvalidArgument);
}

TEST_CASE(client_connects_with_bearer_on_first_loop) {
  Rig r;
  REQUIRE(r.start());
  CHECK_EQ_INT(r.cloud.connects, 0);  // begin() itself never connects
  CHECK(r.connect());
  CHECK_EQ_INT(r.cloud.connects, 1);
  CHECK(strstr(r.cloud.request(), "GET /service/ws HTTP/1.1\r\n") == r.cloud.request());
  CHECK(strstr(r.cloud.request(), "\r\nAuthorization: Bearer KEY\r\n") != 0);
  CHECK(strstr(r.cloud.request(), "\r\nHost: cloud.test:8080\r\n") != 0);
  CHECK_EQ_INT(r.events.connected, 1);
  CHECK_EQ_INT(r.events.disconnected, 0);
}

TEST_CASE(client_backoff_class_bounds_and_reset) {
  sl::Random rng(99);
  sl::Backoff b(1000, 60000);
  uint32_t ceil = 1000;
  bool jittered = false;
  for (int i = 0; i < 12; ++i) {
    uint32_t d = b.next(rng);
    CHECK_EQ_INT(b.ceiling(), ceil);
    if (!CHECK(d >= ceil / 2 && d <= ceil)) CHECK_EQ_INT(d, ceil);
    if (d != ceil && d != ceil / 2) jittered = true;
    ceil = ceil * 2 > 60000 ? 60000 : ceil * 2;
  }
  CHECK(jittered);
  b.reset();
  uint32_t d = b.next(rng);
  CHECK(d >= 500 && d <= 1000);
  // Degenerate bounds stay sane.
  sl::Backoff tiny(0, 0);
  CHECK(tiny.next(rng) <= 1);
  sl::Backoff big(0x80000000u, 0xFFFFFFFFu);
  CHECK(big.next(rng) >= 0x40000000u);
  CHECK(big.next(rng) >= 0x7FFFFFFFu);
}

// Attempt times when the cloud refuses every connect: gaps follow the
// doubling ceiling, stay within [c/2, c], cap at 60 s; after a successful
// connection and a drop, the first gap is back to 0.5..1 s.
TEST_CASE(client_backoff_schedule_bounded_jittered_and_reset) {
  Rig r(12345);
  r.cloud.refuseConnect = true;
  REQUIRE(r.start());
  r.client.loop();
  CHECK_EQ_INT(r.cloud.connects, 1);  // immediately
  uint32_t last = gNow;
  uint32_t ceil = 1000;
  uint32_t gaps[12];
  for (int i = 0; i < 12; ++i) {
    int before = r.cloud.connects;
    uint32_t waited = 0;
    while (r.cloud.connects == before && waited < 200000) {
      gNow += 10;
      waited += 10;
      r.client.loop();
    }
    uint32_t gap = gNow - last;
    gaps[i] = gap;
    last = gNow;
    if (!CHECK(gap >= ceil / 2 && gap <= ceil + 10)) {
      CHECK_EQ_INT(i, -1);
      CHECK_EQ_INT(gap, ceil);
    }
    ceil = ceil * 2 > 60000 ? 60000 : ceil * 2;
  }
  CHECK(r.events.lastReason == sl::ClientError::ConnectFailed);
  CHECK_EQ_INT(r.events.connected, 0);
  // Jitter: the capped gaps are not all the same.
  CHECK(gaps[8] != gaps[9] || gaps[9] != gaps[10] || gaps[10] != gaps[11]);
  // Success resets the backoff.
  r.cloud.refuseConnect = false;
  for (uint32_t waited = 0; !r.client.connected() && waited < 70000; waited += 10) {
    gNow += 10;
    r.client.loop();
  }
  REQUIRE(r.client.connected());
  r.cloud.drop();
  r.client.loop();
  CHECK_EQ_INT(r.client.state(), sl::Client::Waiting);
  CHECK(r.events.lastReason == sl::ClientError::ConnectionLost);
  uint32_t wait = r.client.retryIn();
  CHECK(wait >= 500 && wait <= 1000);
  r.advance(wait + 100, 10);
  CHECK(r.client.connected());
}

TEST_CASE(client_jitter_differs_between_seeds) {
  uint32_t firstGap[2];
  for (int s = 0; s < 2; ++s) {
    Rig r(s == 0 ? 1u : 2u);
    r.cloud.refuseConnect = true;
    REQUIRE(r.start());
    r.client.loop();
    r.advance(1100, 10);  // second attempt failed: the next wait is from [1000, 2000]
    firstGap[s] = r.client.retryIn();
  }
  CHECK(firstGap[0] != firstGap[1]);
}

TEST_CASE(client_handshake_timeout_reconnects) {
  Rig r;
  r.cloud.silent = true;
  REQUIRE(r.start());
  r.loops(3);
  CHECK_EQ_INT(r.client.state(), sl::Client::Connecting);
  r.advance(SL_CLIENT_CONNECT_TIMEOUT_MS - 200);
  CHECK_EQ_INT(r.client.state(), sl::Client::Connecting);
  r.advance(300);
  CHECK(r.events.lastReason == sl::ClientError::HandshakeTimeout);
  CHECK_EQ_INT(r.client.state(), sl::Client::Waiting);
  r.cloud.silent = false;
  r.advance(1100);
  CHECK(r.client.connected());
  CHECK_EQ_INT(r.cloud.connects, 2);
}

TEST_CASE(client_heartbeat_ping_pong_and_missing_pong) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  r.advance(SL_CLIENT_PING_INTERVAL_MS - 500);
  CHECK_EQ_INT(r.cloud.pings, 0);
  r.advance(600);
  CHECK_EQ_INT(r.cloud.pings, 1);
  r.advance(SL_CLIENT_PONG_TIMEOUT_MS + 1000);  // pong came back: still connected
  CHECK(r.client.connected());
  // Inbound traffic postpones the next ping.
  r.advance(SL_CLIENT_PING_INTERVAL_MS - SL_CLIENT_PONG_TIMEOUT_MS - 2000);
  r.cloud.serverText("{\"eventType\":\"Other\"}");
  r.advance(5000);
  CHECK_EQ_INT(r.cloud.pings, 1);
  r.cloud.autoPong = false;
  for (int i = 0; i < 400 && r.cloud.pings < 2; ++i) r.advance(100);
  CHECK_EQ_INT(r.cloud.pings, 2);
  r.advance(SL_CLIENT_PONG_TIMEOUT_MS - 200);
  CHECK(r.client.connected());
  r.advance(400);
  CHECK(r.events.lastReason == sl::ClientError::HeartbeatTimeout);
  CHECK(!r.client.connected());
  r.advance(1200);
  CHECK(r.client.connected());
  CHECK_EQ_INT(r.events.connected, 2);
}

TEST_CASE(client_send_writes_envelope_and_correlates_response) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  Responses rs;
  REQUIRE(!r.client.sendToChannel("ch-1", &writeText, const_cast<char*>("hello \"you\""), &Responses::fn, &rs));
  uint32_t a = r.client.lastRequestId();
  REQUIRE(!r.client.sendToGroupChat("g-1", &writeText, const_cast<char*>("two"), &Responses::fn, &rs));
  uint32_t b = r.client.lastRequestId();
  REQUIRE(!r.client.sendToContact("p-1", &writeText, const_cast<char*>("three")));
  CHECK(b == a + 1);
  REQUIRE(r.cloud.messageCount == 3);
  char id[16];
  r.cloud.requestIdOf(0, id, sizeof id);
  CHECK_EQ_INT(strlen(id), 8);
  char want[300];
  strcpy(want, "{\"requestId\":\"");
  strcat(want, id);
  strcat(want,
         "\",\"requestType\":\"/communication/channel/message/send\",\"version\":\"2\",\"body\":{\"channelId\":\"ch-1\","
         "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hello \\\"you\\\"\"}}}");
  CHECK_EQ_STR(r.cloud.messages[0], want);
  CHECK(strstr(r.cloud.messages[1], "\"requestType\":\"/communication/groupchat/message/send\"") != 0);
  CHECK(strstr(r.cloud.messages[1], "\"body\":{\"groupChatId\":\"g-1\"") != 0);
  CHECK(strstr(r.cloud.messages[2], "\"body\":{\"recipientId\":\"p-1\"") != 0);
  CHECK_EQ_INT(r.client.pendingCount(), 2);
  // Responses in the other order; an unknown id is ignored.
  r.respond(b, false, 400);
  r.respond(0x12345678u, true, 0);
  r.respond(a, true, 0);
  r.loops(5);
  REQUIRE(rs.count == 2);
  CHECK(rs.ids[0] == b);
  CHECK(rs.errors[0] == sl::ClientError::RequestFailed);
  CHECK_EQ_INT(rs.status[0], 400);
  CHECK(rs.ids[1] == a);
  CHECK(rs.errors[1] == sl::ClientError::Ok);
  CHECK_EQ_INT(r.client.pendingCount(), 0);
  r.respond(a, true, 0);  // a duplicate Response does nothing
  r.loops(3);
  CHECK_EQ_INT(rs.count, 2);
}

TEST_CASE(client_generated_components_and_writers_plug_in) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  sl::data::Gauge gauge;
  gauge.setTitle("Boiler").setValue(42);
  REQUIRE(!r.client.sendToChannel("ch-1", gauge));
  CHECK(strstr(r.cloud.messages[0], "\"dataComponent\":{\"dataComponentType\":\"gauge\"") != 0);
  CHECK(strstr(r.cloud.messages[0], "\"title\":\"Boiler\"") != 0);
  // An invalid component is refused before anything is written or queued.
  sl::data::Gauge bad;
  bad.setValue(1000);
  CHECK(r.client.sendToChannel("ch-1", bad) == sl::ClientError::InvalidArgument);
  CHECK(r.client.sendToChannel("", gauge) == sl::ClientError::InvalidArgument);
  CHECK(r.client.sendToChannel("ch", &writeBroken, 0) == sl::ClientError::InvalidArgument);
  for (intptr_t how = 0; how < 5; ++how) {
    if (!CHECK(r.client.sendToChannel("ch", &writeSloppy, reinterpret_cast<void*>(how)) ==
               sl::ClientError::InvalidArgument)) {
      CHECK_EQ_INT(how, -1);
    }
  }
  CHECK_EQ_INT(r.cloud.messageCount, 1);
  CHECK(r.client.connected());
  // A generated request writer (writeWs) through send().
  sl::api::SendChannelMessage req("ch-9", gauge);
  REQUIRE(!r.client.send(req));
  REQUIRE(r.cloud.messageCount == 2);
  char id[16];
  r.cloud.requestIdOf(1, id, sizeof id);
  CHECK_EQ_INT(strlen(id), 8);
  CHECK(strstr(r.cloud.messages[1], "\"requestType\":\"/communication/channel/message/send\"") != 0);
  CHECK(strstr(r.cloud.messages[1], "\"channelId\":\"ch-9\"") != 0);
  // A target id given as a FlashString (flash on AVR).
  static const char kFlashChannel[] SL_PROGMEM = "ch-flash";
  static const char kEmpty[] SL_PROGMEM = "";
  REQUIRE(!r.client.sendToChannel(sl::FlashString(kFlashChannel), gauge));
  REQUIRE(!r.client.sendToContact(sl::FlashString(kFlashChannel), &writeText, const_cast<char*>("t")));
  REQUIRE(r.cloud.messageCount == 4);
  CHECK(strstr(r.cloud.messages[2], "\"channelId\":\"ch-flash\"") != 0);
  CHECK(strstr(r.cloud.messages[3], "\"recipientId\":\"ch-flash\"") != 0);
  CHECK(strstr(r.cloud.messages[3], "/communication/p2p/message/send") != 0);
  CHECK(r.client.sendToGroupChat(sl::FlashString(kEmpty), gauge) == sl::ClientError::InvalidArgument);
  CHECK(r.client.sendToChannel(sl::FlashString(0), gauge) == sl::ClientError::InvalidArgument);
  // Offline, the copy into the outbox refuses them the same way: nothing kept.
  r.cloud.drop();
  r.loops(3);
  REQUIRE(!r.client.connected());
  for (intptr_t how = 0; how < 5; ++how) {
    CHECK(r.client.sendToChannel("ch", &writeSloppy, reinterpret_cast<void*>(how)) == sl::ClientError::InvalidArgument);
  }
  CHECK(r.client.sendToChannel("ch-1", bad) == sl::ClientError::InvalidArgument);
  CHECK(r.client.outbox().empty());
  REQUIRE(!r.client.sendToChannel("ch-1", gauge));
  CHECK_EQ_INT(r.client.outbox().count(), 1);
}

TEST_CASE(client_request_timeout_and_pending_limit) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  Responses rs;
  for (int i = 0; i < SL_CLIENT_MAX_PENDING; ++i) {
    REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs));
  }
  CHECK(r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
        sl::ClientError::TooManyPending);
  CHECK(!r.client.sendToChannel("c", &writeText, const_cast<char*>("no callback: no slot")));
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS - 200);
  CHECK_EQ_INT(rs.count, 0);
  r.advance(400);
  CHECK_EQ_INT(rs.count, SL_CLIENT_MAX_PENDING);
  for (int i = 0; i < SL_CLIENT_MAX_PENDING && i < 16; ++i) CHECK(rs.errors[i] == sl::ClientError::Timeout);
  CHECK_EQ_INT(r.client.pendingCount(), 0);
  CHECK(!r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs));
}

// Sent while offline: kept in order, written once each after the handshake.
TEST_CASE(client_outbox_replays_in_order_exactly_once) {
  Rig r;
  r.cloud.refuseConnect = true;
  REQUIRE(r.start());
  r.client.loop();  // first attempt fails
  Responses rs;
  const char* texts[] = {"m0", "m1", "m2", "m3"};
  uint32_t ids[4];
  for (int i = 0; i < 4; ++i) {
    REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>(texts[i]), i == 1 ? &Responses::fn : 0, &rs));
    ids[i] = r.client.lastRequestId();
  }
  CHECK_EQ_INT(r.client.outbox().count(), 4);
  CHECK_EQ_INT(r.cloud.messageCount, 0);
  // Offline for a long time: queued requests do not time out.
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS * 2);
  CHECK_EQ_INT(rs.count, 0);
  r.cloud.refuseConnect = false;
  for (int i = 0; i < 2000 && !r.client.connected(); ++i) r.advance(50, 50);
  REQUIRE(r.client.connected());
  r.loops(10);
  REQUIRE(r.cloud.messageCount == 4);
  for (int i = 0; i < 4; ++i) {
    char want[16];
    strcpy(want, "\"text\":\"");
    strcat(want, texts[i]);
    CHECK(strstr(r.cloud.messages[i], want) != 0);
    char id[16];
    r.cloud.requestIdOf(i, id, sizeof id);
    char hex[9];
    for (int k = 0; k < 8; ++k) hex[k] = "0123456789abcdef"[(ids[i] >> (28 - 4 * k)) & 15];
    hex[8] = 0;
    CHECK_EQ_STR(id, hex);
  }
  CHECK(r.client.outbox().empty());
  // A send while connected goes straight out.
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("m4")));
  CHECK_EQ_INT(r.cloud.messageCount, 5);
  // The callback of the queued request works after replay.
  r.respond(ids[1], true, 0);
  r.loops(3);
  CHECK_EQ_INT(rs.count, 1);
  CHECK(rs.errors[0] == sl::ClientError::Ok);
  // Reconnecting again does not replay anything.
  r.cloud.drop();
  r.advance(3000);
  REQUIRE(r.client.connected());
  r.loops(10);
  CHECK_EQ_INT(r.cloud.messageCount, 5);
}

TEST_CASE(client_outbox_overflow_keeps_earlier_messages) {
  Rig r;
  r.cloud.refuseConnect = true;
  REQUIRE(r.start());
  r.client.loop();
  int accepted = 0;
  sl::ClientError e;
  char texts[200][8];
  for (int i = 0; i < 200; ++i) {
    texts[i][0] = 'n';
    texts[i][1] = static_cast<char>('0' + i / 100);
    texts[i][2] = static_cast<char>('0' + i / 10 % 10);
    texts[i][3] = static_cast<char>('0' + i % 10);
    texts[i][4] = 0;
    e = r.client.sendToChannel("c", &writeText, texts[i]);
    if (e) break;
    ++accepted;
  }
  CHECK(e == sl::ClientError::OutboxFull);
  CHECK(accepted > 2);
  CHECK_EQ_INT(r.client.outbox().count(), accepted);
  size_t used = r.client.outbox().used();
  // A smaller message may still fit; a huge one never does.
  char huge[kOutboxBytes + 10];
  memset(huge, 'h', sizeof huge - 1);
  huge[sizeof huge - 1] = 0;
  CHECK(r.client.sendToChannel("c", &writeText, huge) == sl::ClientError::OutboxFull);
  CHECK_EQ_INT(r.client.outbox().used(), used);
  r.cloud.refuseConnect = false;
  r.advance(5000, 50);
  REQUIRE(r.client.connected());
  r.loops(accepted + 5);
  CHECK_EQ_INT(r.cloud.messageCount, accepted < sltest::FakeCloud::kMaxMessages ? accepted : sltest::FakeCloud::kMaxMessages);
  for (int i = 0; i < r.cloud.messageCount; ++i) {
    char want[16];
    strcpy(want, "\"text\":\"");
    strcat(want, texts[i]);
    strcat(want, "\"");
    if (!CHECK(strstr(r.cloud.messages[i], want) != 0)) break;
  }
  CHECK(r.client.outbox().empty());
}

// New sends wait behind queued ones even once connected.
TEST_CASE(client_outbox_order_with_sends_during_replay) {
  Rig r;
  r.cloud.refuseConnect = true;
  REQUIRE(r.start());
  r.client.loop();
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("old0")));
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("old1")));
  r.cloud.refuseConnect = false;
  r.advance(3000, 50);
  // Connected: the replay goes one frame per loop(); a send now must queue behind.
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("new2")));
  r.loops(10);
  REQUIRE(r.cloud.messageCount == 3);
  CHECK(strstr(r.cloud.messages[0], "old0") != 0);
  CHECK(strstr(r.cloud.messages[1], "old1") != 0);
  CHECK(strstr(r.cloud.messages[2], "new2") != 0);
}

// A frame cut mid-write never reached the cloud: it is queued and sent
// whole after reconnecting; its response callback still works.
TEST_CASE(client_frame_cut_mid_write_is_replayed_once) {
  for (uint32_t budget = 0; budget < 40; budget += 3) {
    Rig r;
    REQUIRE(r.start());
    REQUIRE(r.connect());
    Responses rs;
    r.cloud.writeBudget = budget;
    sl::ClientError e = r.client.sendToChannel("c", &writeText, const_cast<char*>("cut"), &Responses::fn, &rs);
    uint32_t id = r.client.lastRequestId();
    bool ok = CHECK(!e);
    ok = CHECK_EQ_INT(r.client.state(), sl::Client::Waiting) && ok;
    ok = CHECK(r.events.lastReason == sl::ClientError::WriteFailed) && ok;
    ok = CHECK_EQ_INT(r.cloud.messageCount, 0) && ok;
    ok = CHECK_EQ_INT(r.client.outbox().count(), 1) && ok;
    r.cloud.writeBudget = 0xFFFFFFFFu;
    r.advance(2000, 50);
    r.loops(5);
    ok = CHECK_EQ_INT(r.cloud.messageCount, 1) && ok;
    ok = CHECK(strstr(r.cloud.messages[0], "\"text\":\"cut\"") != 0) && ok;
    r.respond(id, true, 0);
    r.loops(3);
    ok = CHECK_EQ_INT(rs.count, 1) && ok;
    ok = CHECK(rs.errors[0] == sl::ClientError::Ok) && ok;
    if (!ok) {
      CHECK_EQ_INT(budget, -1);
      break;
    }
  }
}

// Written whole, then the connection died before the Response: not re-sent
// (at most once), the callback hears ConnectionLost.
TEST_CASE(client_written_then_lost_is_not_resent) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  Responses rs;
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("once"), &Responses::fn, &rs));
  CHECK_EQ_INT(r.cloud.messageCount, 1);
  r.cloud.drop();
  r.client.loop();
  CHECK_EQ_INT(rs.count, 1);
  CHECK(rs.errors[0] == sl::ClientError::ConnectionLost);
  r.advance(2000, 50);
  REQUIRE(r.client.connected());
  r.loops(5);
  CHECK_EQ_INT(r.cloud.messageCount, 1);
  CHECK_EQ_INT(r.client.pendingCount(), 0);
}

TEST_CASE(client_peer_close_reconnects) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  const uint8_t close[] = {0x88, 0x02, 0x03, 0xe8};
  r.cloud.serverBytes(close, sizeof close);
  r.loops(2);
  CHECK(r.events.lastReason == sl::ClientError::Closed);
  CHECK_EQ_INT(r.cloud.closes, 1);  // the close was echoed
  r.advance(1100);
  CHECK(r.client.connected());
}

TEST_CASE(client_inbound_message_fields_and_truncation) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"messageId\":\"m1\","
      "\"receivedOn\":1700562656,\"senderId\":\"alice\",\"channelId\":\"ch-42\",\"dataComponent\":"
      "{\"dataComponentType\":\"text\",\"text\":\"lamp on\"}}}");
  r.loops(3);
  REQUIRE(r.events.messages == 1);
  CHECK(r.events.last.feature == sl::ClientFeature::Channel);
  CHECK_EQ_STR(r.events.lastSender, "alice");
  CHECK_EQ_STR(r.events.lastChat, "ch-42");
  CHECK_EQ_STR(r.events.lastText, "lamp on");
  CHECK_EQ_STR(r.events.lastType, "text");
  CHECK(!r.events.last.textTruncated && !r.events.last.senderIdTruncated);
  // Keys in another order, long values cut at a UTF-8 boundary, escapes decoded.
  r.cloud.serverText(
      "{\"eventBody\":{\"dataComponent\":{\"text\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
      "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9xyz\","
      "\"dataComponentType\":\"text\"},\"groupChatId\":\"gggggggggggggggggggggggggggggg\",\"senderId\":\"b\\\"ob\"},"
      "\"featureType\":\"groupchat\",\"eventType\":\"MessageReceived\"}");
  r.loops(3);
  REQUIRE(r.events.messages == 2);
  CHECK(r.events.last.feature == sl::ClientFeature::GroupChat);
  CHECK_EQ_STR(r.events.lastSender, "b\"ob");
  CHECK(r.events.last.chatIdTruncated);
  CHECK_EQ_INT(strlen(r.events.lastChat), sizeof r.chat - 1);
  CHECK(r.events.last.textTruncated);
  CHECK_EQ_INT(strlen(r.events.lastText), 46);  // 23 two-byte characters in 47 bytes of room
  // Not JSON, binary, an unknown event: ignored; the next event still works.
  r.cloud.serverText("{\"eventType\":\"MessageReceived\",");
  const uint8_t bin[] = {0x82, 0x01, 0x00};
  r.cloud.serverBytes(bin, sizeof bin);
  r.cloud.serverText("[1,2,3]");
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"carol\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hi\"}}}");
  r.loops(6);
  CHECK_EQ_INT(r.events.messages, 3);
  CHECK(r.events.last.feature == sl::ClientFeature::P2p);
  CHECK_EQ_STR(r.events.lastChat, "");
  CHECK_EQ_STR(r.events.lastText, "hi");
  CHECK(r.client.connected());
}

// eventBody.messageId into a caller buffer when one is given (only the
// event's own id: not a Response's data.messageId nor a form's replyTo).
TEST_CASE(client_inbound_message_id) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  const char* ev =
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"groupchat\",\"eventBody\":{\"messageId\":"
      "\"3f2c9a10-77aa-4b1e-9c1d-0123456789ab\",\"receivedOn\":1,\"senderId\":\"alice\",\"groupChatId\":\"g\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"ping\"}}}";
  // No buffer given: "" (and not truncated: nothing was asked for).
  r.cloud.serverText(ev);
  r.loops(3);
  REQUIRE(r.events.messages == 1);
  CHECK_EQ_STR(r.events.last.messageId, "");
  CHECK(!r.events.last.messageIdTruncated);
  char id[40];
  sl::JsonValueCapture idBuffer(id, sizeof id);
  r.client.setMessageIdBuffer(idBuffer);
  char seen[64] = {0};
  struct Keep : Events {
    char* seen;
    void onMessage(const sl::InboundMessage& m) override {
      Events::onMessage(m);
      strncpy(seen, m.messageId, 63);
    }
  } keep;
  keep.seen = seen;
  r.client.setHandler(keep);
  r.cloud.serverText(ev);
  r.loops(3);
  REQUIRE(keep.messages == 1);
  CHECK_EQ_STR(seen, "3f2c9a10-77aa-4b1e-9c1d-0123456789ab");
  CHECK(!keep.last.messageIdTruncated);
  CHECK_EQ_STR(keep.lastText, "ping");
  // A form submission whose replyTo names another message, id after the payload.
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"bob\","
      "\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"replyTo\":{\"messageId\":\"form-1\"},"
      "\"formComponents\":[]},\"messageId\":\"m\\u0032\"}}");
  r.loops(3);
  REQUIRE(keep.messages == 2);
  CHECK_EQ_STR(seen, "m2");
  // No messageId: "". A Response's data.messageId is not taken either.
  r.cloud.serverText(
      "{\"eventType\":\"Response\",\"requestId\":\"00000001\",\"eventBody\":{\"success\":true,"
      "\"data\":{\"messageId\":\"r1\"}}}");
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"carol\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hi\"}}}");
  r.loops(6);
  REQUIRE(keep.messages == 3);
  CHECK_EQ_STR(seen, "");
  CHECK(!keep.last.messageIdTruncated);
  // Longer than the buffer: cut, flagged; a non-string id is not text.
  char small[9];
  sl::JsonValueCapture smallBuffer(small, sizeof small);
  r.client.setMessageIdBuffer(smallBuffer);
  r.cloud.serverText(ev);
  r.loops(3);
  REQUIRE(keep.messages == 4);
  CHECK_EQ_STR(seen, "3f2c9a10");
  CHECK(keep.last.messageIdTruncated);
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"messageId\":{\"a\":\"b\"},"
      "\"senderId\":\"carol\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hi\"}}}");
  r.loops(3);
  REQUIRE(keep.messages == 5);
  CHECK_EQ_STR(seen, "");
  CHECK(smallBuffer.type() != sl::JsonValueCapture::String);
  CHECK(r.client.connected());
}

TEST_CASE(client_form_values_by_refname) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"alice\","
      "\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"replyTo\":{\"messageId\":\"f1\",\"refName\":"
      "\"boiler\"},\"formComponents\":[{\"formComponentType\":\"slider\",\"refName\":\"level\",\"value\":55.5},"
      "{\"value\":true,\"refName\":\"pump\",\"formComponentType\":\"switch\",\"title\":\"Pump\"},"
      "{\"formComponentType\":\"textbox\",\"refName\":\"note\",\"value\":\"warm \\u263a\"},"
      "{\"formComponentType\":\"label\",\"refName\":\"lbl\"}]}}}");
  r.loops(5);
  CHECK_EQ_INT(r.events.forms, 4);
  CHECK_EQ_STR(r.events.refs, "level,pump,note,lbl,");
  CHECK(r.events.pumpSeen);
  CHECK(r.events.pump);
  CHECK(r.events.level > 55.4 && r.events.level < 55.6);
  CHECK_EQ_STR(r.events.note, "warm \xe2\x98\xba");
  CHECK_EQ_INT(r.events.messages, 1);
  CHECK_EQ_STR(r.events.lastType, "formsubmission");
  CHECK_EQ_INT(r.events.last.formValues, 4);
}

// A handler without virtual functions (sl::ClientEvents): the functions it
// defines are called directly, the others do nothing; a sl::ClientHandler
// given through a base reference is still called virtually.
namespace {
struct Plain : sl::ClientEvents {
  int connected = 0;
  int messages = 0;
  char refs[32] = {0};
  void onConnected() { ++connected; }
  void onMessage(const sl::InboundMessage& m) {
    ++messages;
    CHECK_EQ_INT(m.formValues, 2);
  }
  void onFormValue(const sl::InboundMessage&, const sl::ClientFormValue& v) {
    strncat(refs, v.refName.text(), sizeof refs - strlen(refs) - 2);
    strcat(refs, ",");
  }
  // (no onDisconnected: ClientEvents' does nothing)
};
static_assert(!__is_polymorphic(sl::ClientEvents), "ClientEvents has no vtable");
static_assert(!__is_polymorphic(Plain), "a ClientEvents handler has no vtable");
}  // namespace

TEST_CASE(client_events_without_virtual_functions) {
  Rig r;
  Plain plain;
  r.client.setHandler(plain);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  CHECK_EQ_INT(plain.connected, 1);
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"senderId\":\"a\","
      "\"channelId\":\"c\",\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"formComponents\":["
      "{\"formComponentType\":\"switch\",\"refName\":\"lamp\",\"value\":true},"
      "{\"formComponentType\":\"slider\",\"refName\":\"dim\",\"value\":75}]}}}");
  r.loops(5);
  CHECK_EQ_INT(plain.messages, 1);
  CHECK_EQ_STR(plain.refs, "lamp,dim,");
  // A drop reaches the (empty) onDisconnected: nothing else happens.
  r.cloud.drop();
  r.loops(5);
  CHECK(!r.client.connected());
  CHECK_EQ_INT(r.events.connected, 0);
  // Through a base reference: the derived class's overrides run.
  sl::ClientHandler& base = r.events;
  r.client.setHandler(base);
  r.advance(120000, 1000);
  REQUIRE(r.connect());
  CHECK_EQ_INT(r.events.connected, 1);
  CHECK_EQ_INT(plain.connected, 1);
  r.cloud.drop();
  r.loops(5);
  CHECK_EQ_INT(r.events.disconnected, 1);
}

// Inbound bytes arriving one at a time (frames split everywhere).
TEST_CASE(client_inbound_split_reads) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  for (int i = 0; i < 3; ++i) {
    r.cloud.serverText(
        "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"senderId\":\"s\","
        "\"channelId\":\"c\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"abc\"}}}");
  }
  r.loops(200);
  CHECK_EQ_INT(r.events.messages, 3);
  CHECK_EQ_STR(r.events.lastText, "abc");
}

namespace {
struct RestSink : sl::HttpResponseHandler {
  int completes = 0;
  sl::ClientError error;
  uint16_t status = 0;
  char body[128];
  size_t len = 0;
  RestSink() { body[0] = 0; }
  void onBody(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n && len + 1 < sizeof body; ++i) body[len++] = static_cast<char>(d[i]);
    body[len] = 0;
  }
  void onComplete(sl::ClientError e, uint16_t s) override {
    ++completes;
    error = e;
    status = s;
  }
};
bool restBody(sl::Sink& out, void*) {
  sl::JsonWriter w(out);
  w.beginObject().key("deviceId").string("dev 1").endObject();
  return w.finish() == sl::JsonWriteError::Ok;
}
}  // namespace

TEST_CASE(client_rest_on_second_transport) {
  Rig r;
  sltest::ScriptedTransport http;
  http.keepOpen(false);
  http.script("HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n{\"success\":true,\"data\":{}}\n");
  r.client.setHttpTransport(http);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  RestSink sink;
  const char* query[] = {"limit", "5", "q", "a b", 0};
  REQUIRE(!r.client.request("POST", "/registerDevice", query, &restBody, 0, sink));
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::Busy);
  char req[400];
  CHECK_EQ_STR(sltest::asText(http, req, sizeof req),
               "POST /registerDevice?limit=5&q=a%20b HTTP/1.1\r\nHost: cloud.test:8080\r\nAuthorization: Bearer "
               "KEY\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
               "{\"deviceId\":\"dev 1\"}");
  r.loops(5);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Ok);
  CHECK_EQ_INT(sink.status, 200);
  CHECK_EQ_STR(sink.body, "{\"success\":true,\"data\":{}}\n");
  CHECK(r.client.connected());  // the WebSocket was not touched
  CHECK_EQ_INT(r.cloud.connects, 1);
}

TEST_CASE(client_rest_timeout_and_truncated) {
  Rig r;
  sltest::ScriptedTransport http;
  http.keepOpen(true);
  http.script("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"succ");
  r.client.setHttpTransport(http);
  REQUIRE(r.start());
  RestSink sink;
  REQUIRE(!r.client.request("GET", "/apikey/~validate", 0, 0, 0, sink));
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS + 200);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Timeout);
  // Closed before the announced body ended.
  sltest::ScriptedTransport http2;
  http2.keepOpen(false);
  http2.script("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"succ");
  r.client.setHttpTransport(http2);
  RestSink sink2;
  REQUIRE(!r.client.request("GET", "/apikey/~validate", 0, 0, 0, sink2));
  r.loops(5);
  CHECK_EQ_INT(sink2.completes, 1);
  CHECK(sink2.error == sl::ClientError::ConnectionLost);
  CHECK_EQ_INT(sink2.status, 200);
}

// One transport: the WebSocket steps aside for the REST call, sends made
// meanwhile are queued, and it comes back right after.
TEST_CASE(client_rest_on_the_websocket_transport) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  RestSink sink;
  r.cloud.silent = true;  // the fake cloud does not speak plain HTTP: let the call time out
  REQUIRE(!r.client.request("GET", "/x", 0, 0, 0, sink));
  CHECK(r.events.lastReason == sl::ClientError::Busy);
  CHECK(!r.client.connected());
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("queued")));
  CHECK_EQ_INT(r.client.outbox().count(), 1);
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS + 200);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Timeout);
  // The WebSocket came back at once (into the still silent fake: its
  // handshake times out, and the next attempt succeeds).
  CHECK_EQ_INT(r.cloud.connects, 3);
  r.cloud.silent = false;
  r.advance(SL_CLIENT_CONNECT_TIMEOUT_MS + 1200);
  CHECK(r.client.connected());
  r.loops(5);
  CHECK_EQ_INT(r.cloud.messageCount, 1);
  CHECK(strstr(r.cloud.messages[0], "queued") != 0);
}

// A REST connect in steps on a second transport (Transport::connectStep
// Pending three times): request() answers InProgress and writes nothing
// until the call that finds the transport connected; meanwhile loop() keeps
// the WebSocket going (events delivered, sends written at once), then that
// call answers Ok and the response streams from loop().
TEST_CASE(client_rest_connect_in_steps_keeps_the_websocket_going) {
  Rig r;
  sltest::ScriptedTransport http;
  http.keepOpen(false);
  http.connectInSteps(3);
  http.script("HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n{\"success\":true,\"data\":{}}\n");
  r.client.setHttpTransport(http);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  RestSink sink;
  const char* query[] = {"limit", "5", 0};
  for (int i = 0; i < 3; ++i) {
    CHECK(r.client.request("POST", "/registerDevice", query, &restBody, 0, sink) == sl::ClientError::InProgress);
    CHECK(r.client.requestActive());
    CHECK_EQ_INT(static_cast<int>(http.writtenLength()), 0);
    r.cloud.serverText(
        "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"senderId\":\"s\","
        "\"channelId\":\"c\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"abc\"}}}");
    gNow += 100;
    r.loops(3);
    CHECK_EQ_INT(r.events.messages, i + 1);
    REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("during the connect")));
    CHECK_EQ_INT(r.cloud.messageCount, i + 1);
  }
  CHECK(r.client.connected());
  CHECK_EQ_INT(sink.completes, 0);
  REQUIRE(!r.client.request("POST", "/registerDevice", query, &restBody, 0, sink));
  CHECK_EQ_INT(http.connectSteps(), 4);
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::Busy);
  char req[400];
  CHECK_EQ_STR(sltest::asText(http, req, sizeof req),
               "POST /registerDevice?limit=5 HTTP/1.1\r\nHost: cloud.test:8080\r\nAuthorization: Bearer "
               "KEY\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
               "{\"deviceId\":\"dev 1\"}");
  r.loops(5);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Ok);
  CHECK_EQ_INT(sink.status, 200);
  CHECK_EQ_STR(sink.body, "{\"success\":true,\"data\":{}}\n");
  CHECK(!r.client.requestActive());
  CHECK(r.client.connected());
  CHECK_EQ_INT(r.cloud.connects, 1);
}

// A connect in steps that fails: ConnectFailed from the call that finds it
// failed; nothing was written, the handler is not called, and the next
// request() is a new call (a new connect).
TEST_CASE(client_rest_connect_in_steps_fails) {
  Rig r;
  sltest::ScriptedTransport http;
  http.connectInSteps(2, true);
  r.client.setHttpTransport(http);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  RestSink sink;
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  r.loops(2);
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  r.loops(2);
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::ConnectFailed);
  CHECK(!r.client.requestActive());
  CHECK_EQ_INT(static_cast<int>(http.writtenLength()), 0);
  CHECK_EQ_INT(http.connectSteps(), 3);
  r.loops(5);
  CHECK_EQ_INT(sink.completes, 0);
  CHECK(r.client.connected());
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  CHECK_EQ_INT(http.connectSteps(), 4);
}

// A connect in steps the caller stops taking further is dropped by loop()
// SL_CLIENT_CONNECT_TIMEOUT_MS after the last request() call (the transport
// stopped, no handler called); each call restarts that time. A later
// request() starts afresh.
TEST_CASE(client_rest_abandoned_connect_is_dropped) {
  Rig r;
  sltest::ScriptedTransport http;
  http.connectInSteps(1000);
  r.client.setHttpTransport(http);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  RestSink sink;
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  // Taken further every half timeout: kept for three timeouts.
  for (int i = 0; i < 6; ++i) {
    r.advance(SL_CLIENT_CONNECT_TIMEOUT_MS / 2);
    CHECK(r.client.requestActive());
    CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  }
  CHECK_EQ_INT(http.stops(), 0);
  r.advance(SL_CLIENT_CONNECT_TIMEOUT_MS - 200);
  CHECK(r.client.requestActive());
  r.advance(400);
  CHECK(!r.client.requestActive());
  CHECK_EQ_INT(http.stops(), 1);
  CHECK_EQ_INT(sink.completes, 0);
  CHECK(r.client.connected());  // the WebSocket on its own transport was not touched
  CHECK_EQ_INT(r.cloud.connects, 1);
  int steps = http.connectSteps();
  http.connectInSteps(0);
  http.script("HTTP/1.1 204 No Content\r\n\r\n");
  http.keepOpen(false);
  REQUIRE(!r.client.request("GET", "/x", 0, 0, 0, sink));  // a new connect, done at its first step
  CHECK_EQ_INT(http.connectSteps(), steps + 1);
  r.loops(3);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Ok);
  CHECK_EQ_INT(sink.status, 204);
}

// On the WebSocket's own transport: the WebSocket steps aside at the first
// call and does not reconnect while the connect goes on; abandoned, the
// connect is dropped by loop() and the WebSocket comes back.
TEST_CASE(client_rest_abandoned_connect_on_the_websocket_transport) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  r.cloud.stepsPerConnect = 1000;
  RestSink sink;
  CHECK(r.client.request("GET", "/x", 0, 0, 0, sink) == sl::ClientError::InProgress);
  CHECK(r.events.lastReason == sl::ClientError::Busy);
  CHECK(!r.client.connected());
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("queued")));
  r.advance(SL_CLIENT_CONNECT_TIMEOUT_MS - 200);
  CHECK(r.client.requestActive());
  CHECK(r.client.state() == sl::Client::Waiting);  // no WebSocket connect meanwhile
  int stops = r.cloud.stops;
  r.advance(400);
  CHECK(!r.client.requestActive());
  CHECK_EQ_INT(r.cloud.stops, stops + 1);
  CHECK_EQ_INT(sink.completes, 0);
  r.cloud.stepsPerConnect = 2;
  CHECK(connectsWithin20s(r.client));
  CHECK_EQ_INT(r.cloud.connects, 2);
  r.loops(5);
  CHECK_EQ_INT(r.cloud.messageCount, 1);
  CHECK(strstr(r.cloud.messages[0], "queued") != 0);
}

namespace {
// Ends the client from the REST call's completion.
struct EndingSink : RestSink {
  sl::Client* client = 0;
  void onComplete(sl::ClientError e, uint16_t s) override {
    RestSink::onComplete(e, s);
    client->end();
  }
};
}  // namespace

// A REST call on the WebSocket's transport whose handler ends the client
// from inside loop(): the client stays ended (no reconnect in that loop()
// nor later).
TEST_CASE(client_rest_handler_ends_the_client) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  EndingSink sink;
  sink.client = &r.client;
  r.cloud.silent = true;  // (no HTTP from the fake cloud: the call times out)
  REQUIRE(!r.client.request("GET", "/x", 0, 0, 0, sink));
  CHECK_EQ_INT(r.cloud.connects, 2);  // (the REST call's connect)
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS + 200);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK(sink.error == sl::ClientError::Timeout);
  CHECK(r.client.state() == sl::Client::Idle);
  r.advance(SL_CLIENT_BACKOFF_MAX_MS + 1000, 1000);
  CHECK(r.client.state() == sl::Client::Idle);
  CHECK_EQ_INT(r.cloud.connects, 2);
}

namespace {
struct FormLog : sl::InboundEventSink {
  char log[160];
  sl::BufferSink out;
  FormLog() : out(log, sizeof log) {}
  void onFormValue(const sl::ClientFormValue& v) override {
    out.write(reinterpret_cast<const uint8_t*>(v.refName.text()), v.refName.length());
    out.write('=');
    const char* t = v.value.type() == sl::JsonValueCapture::True    ? "T"
                    : v.value.type() == sl::JsonValueCapture::False ? "F"
                    : v.value.type() == sl::JsonValueCapture::Array ? "[]"
                    : v.value.type() == sl::JsonValueCapture::Null  ? "null"
                                                                    : v.value.text();
    out.write(reinterpret_cast<const uint8_t*>(t), strlen(t));
    out.write('/');
    out.write(reinterpret_cast<const uint8_t*>(v.type.text()), v.type.length());
    out.write(';');
  }
};
const char kEvent[] =
    "{\"eventType\":\"Message\\u0052eceived\",\"extra\":{\"eventType\":\"Response\",\"a\":[1,{\"b\":2}]},"
    "\"featureType\":\"groupchat\",\"eventBody\":{\"messageId\":\"m\",\"groupChatId\":\"g-1\",\"senderId\":\"s-1\","
    "\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"formComponents\":[7,\"x\",[],"
    "{\"refName\":\"pump\",\"value\":false,\"formComponentType\":\"switch\"},"
    "{\"formComponentType\":\"multichoice\",\"value\":[\"a\",\"b\"],\"refName\":\"pick\"},"
    "{\"refName\":\"n\",\"value\":-12.5e1,\"nested\":{\"refName\":\"no\"}},"
    "{\"refName\":\"empty\",\"value\":null}],\"text\":\"t\"},\"success\":true}}";
}  // namespace

// The reader on its own, fed at every split point: same fields, same form values.
TEST_CASE(client_inbound_reader_every_split) {
  for (size_t cut = 0; cut <= sizeof kEvent - 1; cut += 3) {
    FormLog forms;
    char sender[8], chat[4], text[8];
    sl::InboundEventReader reader(forms);
    reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
    char id[4];
    sl::JsonValueCapture idCapture(id, sizeof id);
    reader.setMessageId(&idCapture);
    sl::JsonParser parser(reader);
    reader.reset();
    bool ok = CHECK(!parser.feed(kEvent, cut));
    ok = CHECK(!parser.feed(kEvent + cut, sizeof kEvent - 1 - cut)) && ok;
    ok = CHECK(!parser.finish()) && ok;
    ok = CHECK_EQ_INT(reader.type(), sl::InboundEventReader::MessageReceived) && ok;
    ok = CHECK(reader.feature() == sl::ClientFeature::GroupChat) && ok;
    sl::InboundMessage m = reader.message();
    ok = CHECK_EQ_STR(m.senderId, "s-1") && ok;
    ok = CHECK_EQ_STR(m.chatId, "g-1") && ok;
    ok = CHECK(!m.chatIdTruncated) && ok;
    ok = CHECK_EQ_STR(m.componentType, "formsubmission") && ok;
    ok = CHECK_EQ_STR(m.text, "t") && ok;
    ok = CHECK_EQ_STR(m.messageId, "m") && ok;
    ok = CHECK_EQ_INT(m.formValues, 4) && ok;
    ok = CHECK_EQ_STR(forms.log, "pump=F/switch;pick=[]/multichoice;n=-12.5e1/;empty=null/;") && ok;
    if (!ok) {
      CHECK_EQ_INT(cut, -1);
      break;
    }
  }
}

TEST_CASE(client_inbound_reader_response_ids) {
  FormLog forms;
  sl::InboundEventReader reader(forms);
  sl::JsonParser parser(reader);
  const char* cases[] = {
      "{\"eventType\":\"Response\",\"requestId\":\"0badf00d\",\"eventBody\":{\"success\":false,\"statusCode\":404}}",
      "{\"requestId\":\"0BADF00D\",\"eventType\":\"Response\",\"eventBody\":{\"success\":true}}",
      "{\"requestId\":\"0badf00d1\",\"eventType\":\"Response\"}",
      "{\"requestId\":7,\"eventType\":\"Response\",\"eventBody\":{\"statusCode\":99999}}",
      "{\"requestId\":\"0badf00Z\",\"eventType\":\"Response\"}",
      "{\"requestId\":\"g0000000\",\"eventType\":\"Response\"}",
      "{\"requestId\":\"0000000/\",\"eventType\":\"Response\"}",
      "{\"requestId\":\"09afAF00\",\"eventType\":\"Response\"}",
      "{\"requestId\":\"0123456789\",\"eventType\":\"Response\"}",
      "{\"requestId\":\"fedcba98\",\"eventType\":\"Response\"}",
  };
  const bool hasId[] = {true, false, false, false, false, false, false, false, false, true};
  for (int i = 0; i < 10; ++i) {
    reader.reset();
    parser.reset();
    REQUIRE(!parser.feed(cases[i], strlen(cases[i])));
    REQUIRE(!parser.finish());
    CHECK_EQ_INT(reader.type(), sl::InboundEventReader::Response);
    CHECK_EQ_INT(reader.hasRequestId(), hasId[i]);
  }
  reader.reset();
  parser.reset();
  REQUIRE(!parser.feed(cases[0], strlen(cases[0])));
  REQUIRE(!parser.finish());
  CHECK(reader.requestId() == 0x0badf00du);
  CHECK(!reader.success());
  CHECK_EQ_INT(reader.statusCode(), 404);
  reader.reset();
  parser.reset();
  REQUIRE(!parser.feed(cases[9], strlen(cases[9])));
  REQUIRE(!parser.finish());
  CHECK(reader.requestId() == 0xfedcba98u);
}

// A key or value with an embedded NUL is not the name it starts with, nor
// the one after it in the reader's flash lists.
TEST_CASE(client_inbound_reader_embedded_nul_matches_nothing) {
  FormLog forms;
  char sender[8], chat[8], text[8];
  sl::InboundEventReader reader(forms);
  reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  sl::JsonParser parser(reader);
  const char ev[] =
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\\u0000groupchat\",\"eventBody\":"
      "{\"sender\\u0000Id\":\"a\",\"error\\u0000senderId\":\"b\",\"senderId\\u0000\":\"c\",\"channelId\":\"ok\"}}";
  reader.reset();
  REQUIRE(!parser.feed(ev, sizeof ev - 1));
  REQUIRE(!parser.finish());
  CHECK_EQ_INT(reader.type(), sl::InboundEventReader::MessageReceived);
  CHECK(reader.feature() == sl::ClientFeature::Unknown);
  sl::InboundMessage m = reader.message();
  CHECK_EQ_STR(m.senderId, "");
  CHECK_EQ_STR(m.text, "");
  CHECK_EQ_STR(m.chatId, "ok");
  const char ev2[] = "{\"eventType\":\"Response\\u0000MessageReceived\"}";
  reader.reset();
  parser.reset();
  REQUIRE(!parser.feed(ev2, sizeof ev2 - 1));
  REQUIRE(!parser.finish());
  CHECK_EQ_INT(reader.type(), sl::InboundEventReader::Other);
}

namespace {
bool writeMembers(sl::JsonWriter& w, void*) {
  w.key("parameters").beginObject().key("limit").integer(5).key("owner").boolean(true).endObject();
  return w.ok();
}
bool writeWholeEnvelope(sl::JsonWriter& w, const char* id, void*) {
  w.beginObject().key("requestId").string(id).key("requestType").string("/communication/channel/my");
  w.key("version").string("2").endObject();
  return w.ok();
}
}  // namespace

TEST_CASE(client_send_request_members_envelope_and_end) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  REQUIRE(!r.client.sendRequest("/communication/channel/my", &writeMembers, 0));
  REQUIRE(!r.client.sendEnvelope(&writeWholeEnvelope, 0));
  REQUIRE(r.cloud.messageCount == 2);
  char id[16];
  r.cloud.requestIdOf(0, id, sizeof id);
  char want[200];
  strcpy(want, "{\"requestId\":\"");
  strcat(want, id);
  strcat(want, "\",\"requestType\":\"/communication/channel/my\",\"version\":\"2\",\"parameters\":{\"limit\":5,\"owner\":true}}");
  CHECK_EQ_STR(r.cloud.messages[0], want);
  r.cloud.requestIdOf(1, id, sizeof id);
  strcpy(want, "{\"requestId\":\"");
  strcat(want, id);
  strcat(want, "\",\"requestType\":\"/communication/channel/my\",\"version\":\"2\"}");
  CHECK_EQ_STR(r.cloud.messages[1], want);
  CHECK(r.client.sendRequest(0, &writeMembers, 0) == sl::ClientError::InvalidArgument);
  CHECK(r.client.sendEnvelope(0, 0) == sl::ClientError::InvalidArgument);
  // end(): a close frame, no reconnect, sends refused.
  Responses rs;
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs));
  r.client.end();
  CHECK_EQ_INT(r.cloud.closes, 1);
  CHECK_EQ_INT(rs.count, 1);
  CHECK(rs.errors[0] == sl::ClientError::ConnectionLost);
  CHECK_EQ_INT(r.client.state(), sl::Client::Idle);
  r.advance(5000);
  CHECK_EQ_INT(r.cloud.connects, 1);
  CHECK(r.client.sendToChannel("c", &writeText, const_cast<char*>("x")) == sl::ClientError::NotStarted);
  // begin() again reconnects.
  REQUIRE(r.start());
  CHECK(r.connect());
}

// Mangled events (bytes changed, cut short, split anywhere) through the
// reader and the whole client: never a crash (ASan/UBSan in the clang
// build), captured strings always NUL-terminated inside their buffers.
TEST_CASE(client_inbound_mangled_events_are_harmless) {
  sl::Random rng(4242);
  char buf[sizeof kEvent];
  for (int round = 0; round < 1500; ++round) {
    memcpy(buf, kEvent, sizeof kEvent);
    size_t len = sizeof kEvent - 1;
    int flips = 1 + static_cast<int>(rng.next() % 4);
    for (int i = 0; i < flips; ++i) {
      static const char pool[] = "{}[]\",:\\u0tfn1-. aZ\x80\xc3";
      buf[rng.next() % len] = pool[rng.next() % (sizeof pool - 1)];
    }
    if (rng.next() % 4 == 0) len = rng.next() % len;
    FormLog forms;
    char sender[5], chat[3], text[2];
    sl::InboundEventReader reader(forms);
    reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
    sl::JsonParser parser(reader);
    size_t cut = len ? rng.next() % len : 0;
    (void)parser.feed(buf, cut);
    (void)parser.feed(buf + cut, len - cut);
    (void)parser.finish();
    sl::InboundMessage m = reader.message();
    bool ok = CHECK(strlen(m.senderId) < sizeof sender) && CHECK(strlen(m.chatId) < sizeof chat) &&
              CHECK(strlen(m.text) < sizeof text) && CHECK(strlen(m.componentType) < SL_CLIENT_TYPE_MAX);
    if (!ok) break;
  }
  // The same through a connected client: it stays connected and still works.
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  for (int round = 0; round < 200; ++round) {
    memcpy(buf, kEvent, sizeof kEvent);
    for (int i = 0; i < 3; ++i) buf[rng.next() % (sizeof kEvent - 1)] = static_cast<char>('!' + rng.next() % 90);
    r.cloud.serverText(buf);
    r.loops(3);
  }
  CHECK(r.client.connected());
  r.cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"z\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"ok\"}}}");
  r.loops(3);
  CHECK_EQ_STR(r.events.lastText, "ok");
}

// onMessage only for a whole, valid event: one cut short, or followed by
// anything but whitespace, or in a binary message, is dropped; trailing
// whitespace is fine (also when the last byte arrives alone).
TEST_CASE(client_inbound_only_complete_events_reach_the_handler) {
  static const char kWhole[] =
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"z\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"ok\"}}}";
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  char buf[sizeof kWhole + 4];
  memcpy(buf, kWhole, sizeof kWhole);
  buf[sizeof kWhole - 2] = 0;  // the last '}' missing
  r.cloud.serverText(buf);
  r.loops(3);
  CHECK_EQ_INT(r.events.messages, 0);
  memcpy(buf, kWhole, sizeof kWhole - 1);
  memcpy(buf + sizeof kWhole - 1, "x", 2);  // trailing data
  r.cloud.serverText(buf);
  r.loops(3);
  CHECK_EQ_INT(r.events.messages, 0);
  memcpy(buf + sizeof kWhole - 1, " \n", 3);  // trailing whitespace
  r.cloud.serverText(buf);
  r.loops(3);
  CHECK_EQ_INT(r.events.messages, 1);
  CHECK_EQ_STR(r.events.lastText, "ok");
  CHECK(r.client.connected());
}

// ---- replies decoded through the client (send(request, parser, ...)) ----
namespace {

// Records what a generated decoder reports: "Field=index:text;" per field.
struct ChannelFields : sl::api::CreateChannelResponseHandler {
  char log[512];
  int fields = 0;
  ChannelFields() { log[0] = 0; }
  void onField(sl::api::CreateChannelField f, const sl::JsonValueCapture& v, uint16_t i) override {
    ++fields;
    size_t n = strlen(log);
    const char* name = sl::api::fieldName(f);
    const char* text = v.type() == sl::JsonValueCapture::True    ? "true"
                       : v.type() == sl::JsonValueCapture::False ? "false"
                       : v.type() == sl::JsonValueCapture::Null  ? "null"
                                                                 : v.text();
    char num[8];
    num[0] = static_cast<char>('0' + i % 10);
    num[1] = 0;
    if (n + strlen(name) + strlen(text) + 6 < sizeof log) {
      strcat(log, name);
      strcat(log, "=");
      strcat(log, num);
      strcat(log, ":");
      strcat(log, text);
      strcat(log, ";");
    }
  }
};

// A connected Rig that has sent CreateChannel("Boiler") with `reply` (the
// generated decoder over `fields`) as its reply parser and `rs` as its
// ResponseFn's record.
struct ReplyRig : Rig {
  Responses rs;
  ChannelFields fields;
  sl::api::CreateChannelResponseDecoder decoder;
  sl::JsonParser reply;
  sl::api::CreateChannel req;
  ReplyRig() : decoder(fields), reply(decoder), req("Boiler") {}
  bool sendCreate() { return start() && connect() && !client.send(req, reply, &Responses::fn, &rs); }
};

// A Response event for `id`: head, then `body` as the eventBody value.
void responseText(char* out, uint32_t id, const char* body, bool idFirst = true) {
  char hex[9];
  for (int i = 0; i < 8; ++i) hex[i] = "0123456789abcdef"[(id >> (28 - 4 * i)) & 15];
  hex[8] = 0;
  strcpy(out, "{\"eventType\":\"Response\",");
  if (idFirst) {
    strcat(out, "\"requestId\":\"");
    strcat(out, hex);
    strcat(out, "\", \"eventBody\" :\n ");
    strcat(out, body);
  } else {
    strcat(out, "\"eventBody\":");
    strcat(out, body);
    strcat(out, ",\"requestId\":\"");
    strcat(out, hex);
    strcat(out, "\"");
  }
  strcat(out, "}");
}

const char kCreated[] =
    "{\"success\":true,\"statusCode\":null,\"error\":null,\"data\":{\"createdChannel\":{\"channelId\":\"C-1\","
    "\"title\":\"Boiler \\\"room\\\"\",\"ignored\":{\"a\":[1,2,{\"b\":null}]},\"editorIds\":[\"e1\",\"e2\"],"
    "\"ownerId\":\"o-9\"}}}";
const char kCreatedLog[] =
    "Success=0:true;StatusCode=0:null;Error=0:null;CreatedChannelChannelId=0:C-1;"
    "CreatedChannelTitle=0:Boiler \"room\";CreatedChannelEditorIds=0:e1;CreatedChannelEditorIds=1:e2;"
    "CreatedChannelOwnerId=0:o-9;";

}  // namespace

// Every fragment size, from one byte per frame to the whole message: the
// decoder sees the eventBody exactly as a REST body, the event parser still
// sees the whole event.
TEST_CASE(client_reply_streams_eventbody_into_generated_decoder) {
  static const size_t kPieces[] = {1, 2, 3, 7, 16, 33, 125};
  for (size_t k = 0; k < sizeof kPieces / sizeof kPieces[0]; ++k) {
    ReplyRig r;
    REQUIRE(r.sendCreate());
    uint32_t id = r.client.lastRequestId();
    CHECK(strstr(r.cloud.messages[0], "\"requestType\":\"/communication/channel/create\"") != 0);
    // A message event and another request's Response come first: not routed.
    r.cloud.serverTextFragments(
        "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"senderId\":\"s\","
        "\"channelId\":\"c\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"abc\"}}}",
        kPieces[k]);
    char text[600];
    responseText(text, id + 7, kCreated);
    r.cloud.serverTextFragments(text, kPieces[k]);
    responseText(text, id, kCreated);
    r.cloud.serverTextFragments(text, kPieces[k]);
    r.loops(400);
    CHECK_EQ_INT(r.events.messages, 1);
    CHECK_EQ_STR(r.events.lastText, "abc");
    REQUIRE(r.rs.count == 1);
    CHECK(r.rs.ids[0] == id);
    CHECK_EQ_NAME(r.rs.errors[0], "Ok");
    CHECK_EQ_STR(r.rs.message, "");
    CHECK_EQ_STR(r.fields.log, kCreatedLog);
    CHECK(r.reply.done());
    CHECK_EQ_INT(r.client.pendingCount(), 0);
  }
}

// success:false: RequestFailed with statusCode and the cloud's message (cut
// to the inbound text buffer); the decoder saw the body too.
TEST_CASE(client_reply_request_failed_carries_message) {
  ReplyRig r;
  REQUIRE(r.sendCreate());
  uint32_t a = r.client.lastRequestId();
  char text[400];
  responseText(text, a, "{\"success\":false,\"statusCode\":404,\"error\":\"channel not found\",\"data\":null}");
  r.cloud.serverTextFragments(text, 5);
  r.loops(100);
  REQUIRE(r.rs.count == 1);
  CHECK_EQ_NAME(r.rs.errors[0], "RequestFailed");
  CHECK_EQ_INT(r.rs.status[0], 404);
  CHECK_EQ_STR(r.rs.message, "channel not found");
  CHECK(!r.rs.messageTruncated);
  CHECK_EQ_STR(r.fields.log, "Success=0:false;StatusCode=0:404;Error=0:channel not found;");
  // Without a reply parser too; a message longer than the 48-byte text buffer is cut.
  REQUIRE(!r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &r.rs));
  responseText(text, r.client.lastRequestId(),
               "{\"success\":false,\"statusCode\":400,\"error\":\"0123456789012345678901234567890123456789"
               "0123456789 too long\",\"data\":null}");
  r.cloud.serverText(text);
  r.loops(10);
  REQUIRE(r.rs.count == 2);
  CHECK_EQ_NAME(r.rs.errors[1], "RequestFailed");
  CHECK_EQ_INT(r.rs.status[1], 400);
  CHECK_EQ_STR(r.rs.message, "01234567890123456789012345678901234567890123456");
  CHECK(r.rs.messageTruncated);
}

// Two requests with decoders, answered in the other order: each decoder
// gets its own reply.
TEST_CASE(client_reply_correlated_by_request_id) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  Responses rs;
  ChannelFields f1, f2;
  sl::api::CreateChannelResponseDecoder d1(f1), d2(f2);
  sl::JsonParser p1(d1), p2(d2);
  sl::api::CreateChannel req("Boiler");
  REQUIRE(!r.client.send(req, p1, &Responses::fn, &rs));
  uint32_t a = r.client.lastRequestId();
  REQUIRE(!r.client.send(req, p2));  // no ResponseFn: still takes a slot
  uint32_t b = r.client.lastRequestId();
  CHECK_EQ_INT(r.client.pendingCount(), 2);
  char text[400];
  responseText(text, b, "{\"success\":true,\"data\":{\"createdChannel\":{\"channelId\":\"B\"}}}");
  r.cloud.serverTextFragments(text, 9);
  responseText(text, a, "{\"success\":true,\"data\":{\"createdChannel\":{\"channelId\":\"A\"}}}");
  r.cloud.serverTextFragments(text, 9);
  r.loops(100);
  CHECK_EQ_STR(f1.log, "Success=0:true;CreatedChannelChannelId=0:A;");
  CHECK_EQ_STR(f2.log, "Success=0:true;CreatedChannelChannelId=0:B;");
  REQUIRE(rs.count == 1);
  CHECK(rs.ids[0] == a);
  CHECK_EQ_NAME(rs.errors[0], "Ok");
  CHECK_EQ_INT(r.client.pendingCount(), 0);
}

// "eventBody" before "requestId": cannot be routed without buffering, so
// the request completes with DecodeFailed and the decoder saw nothing. A
// handler that aborts the parse: DecodeFailed too.
TEST_CASE(client_reply_not_routable_or_aborted_is_decode_failed) {
  ReplyRig r;
  REQUIRE(r.sendCreate());
  char text[600];
  responseText(text, r.client.lastRequestId(), kCreated, false);
  r.cloud.serverText(text);
  r.loops(10);
  REQUIRE(r.rs.count == 1);
  CHECK_EQ_NAME(r.rs.errors[0], "DecodeFailed");
  CHECK_EQ_INT(r.fields.fields, 0);

  struct Abort : sl::JsonHandler {
    int events = 0;
    bool onJson(sl::JsonEvent, const sl::JsonParser&) override { return ++events < 3; }
  } abort;
  sl::JsonParser aborting(abort);
  REQUIRE(!r.client.send(r.req, aborting, &Responses::fn, &r.rs));
  responseText(text, r.client.lastRequestId(), kCreated);
  r.cloud.serverTextFragments(text, 4);
  r.loops(200);
  REQUIRE(r.rs.count == 2);
  CHECK_EQ_NAME(r.rs.errors[1], "DecodeFailed");
  CHECK_EQ_INT(abort.events, 3);
  CHECK(r.client.connected());  // the connection is fine
}

// The reply's timeout runs until the Response has ended: a reply stalled
// half-way completes with Timeout, and the rest, arriving late, goes nowhere.
TEST_CASE(client_reply_timeout_mid_stream_stops_routing) {
  ReplyRig r;
  REQUIRE(r.sendCreate());
  char text[600];
  responseText(text, r.client.lastRequestId(), kCreated);
  size_t n = strlen(text);
  // The first half as a non-final text frame.
  size_t half = 100;
  uint8_t head[2] = {0x01, static_cast<uint8_t>(half)};
  r.cloud.serverBytes(head, 2);
  r.cloud.serverBytes(reinterpret_cast<const uint8_t*>(text), half);
  r.loops(10);
  int seen = r.fields.fields;
  CHECK(seen > 0);
  CHECK_EQ_INT(r.rs.count, 0);
  // Keep the connection alive (pongs) while the reply stalls.
  r.advance(SL_CLIENT_REQUEST_TIMEOUT_MS + 200, 1000);
  REQUIRE(r.rs.count == 1);
  CHECK_EQ_NAME(r.rs.errors[0], "Timeout");
  CHECK(r.client.connected());
  // The rest: a final continuation frame (< 126 bytes per frame).
  for (size_t off = half; off < n; off += 120) {
    size_t k = n - off < 120 ? n - off : 120;
    uint8_t h[2] = {static_cast<uint8_t>(off + k >= n ? 0x80 : 0x00), static_cast<uint8_t>(k)};
    r.cloud.serverBytes(h, 2);
    r.cloud.serverBytes(reinterpret_cast<const uint8_t*>(text + off), k);
  }
  r.loops(20);
  CHECK_EQ_INT(r.fields.fields, seen);
  CHECK_EQ_INT(r.rs.count, 1);
  CHECK(r.client.connected());
  CHECK_EQ_INT(r.client.pendingCount(), 0);
}

// A send that fails gives its response slot back (the slot is taken before
// the send is tried): no slot leaks, whatever the failure.
TEST_CASE(client_failed_sends_release_their_slot) {
  Rig r;
  Responses rs;
  sl::data::Gauge bad;
  bad.setValue(1000);
  ChannelFields fields;
  sl::api::CreateChannelResponseDecoder decoder(fields);
  sl::JsonParser reply(decoder);
  sl::api::CreateChannel req("Boiler");
  for (int i = 0; i < SL_CLIENT_MAX_PENDING + 2; ++i) {
    CHECK(r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
          sl::ClientError::NotStarted);
    CHECK(r.client.send(req, reply, &Responses::fn, &rs) == sl::ClientError::NotStarted);
  }
  CHECK_EQ_INT(r.client.pendingCount(), 0);
  REQUIRE(r.start());
  REQUIRE(r.connect());
  for (int i = 0; i < SL_CLIENT_MAX_PENDING + 2; ++i) {
    CHECK(r.client.sendToChannel("c", bad, &Responses::fn, &rs) == sl::ClientError::InvalidArgument);
    CHECK(r.client.sendToGroupChat("", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
          sl::ClientError::InvalidArgument);
    CHECK(r.client.sendToContact("p", &writeBroken, 0, &Responses::fn, &rs) == sl::ClientError::InvalidArgument);
    CHECK(r.client.sendRequest("/x", 0, 0, &Responses::fn, &rs) == sl::ClientError::InvalidArgument);
    CHECK(r.client.sendEnvelope(0, 0, &Responses::fn, &rs) == sl::ClientError::InvalidArgument);
    CHECK(r.client.sendEnvelope(0, 0, reply, &Responses::fn, &rs) == sl::ClientError::InvalidArgument);
  }
  CHECK_EQ_INT(r.client.pendingCount(), 0);
  // Offline with a full outbox: OutboxFull gives the slot back too.
  r.cloud.drop();
  r.loops(3);
  REQUIRE(!r.client.connected());
  static char big[kOutboxBytes];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  for (int i = 0; i < SL_CLIENT_MAX_PENDING + 2; ++i) {
    CHECK(r.client.sendToChannel("c", &writeText, big, &Responses::fn, &rs) == sl::ClientError::OutboxFull);
  }
  CHECK_EQ_INT(r.client.pendingCount(), 0);
  CHECK_EQ_INT(rs.count, 0);
  // And every slot is still usable.
  for (int i = 0; i < SL_CLIENT_MAX_PENDING; ++i) {
    CHECK(!r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs));
  }
  CHECK(r.client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
        sl::ClientError::TooManyPending);
}

// A caller-owned outbox: offline sends are serialized into the caller's
// array (and nowhere else), replayed after the handshake; capacity 0 queues
// nothing.
TEST_CASE(client_caller_owned_outbox) {
  static uint8_t box[200];  // one ~150-byte record fits, two do not
  memset(box, 0xEE, sizeof box);
  sltest::FakeCloud cloud;
  sl::Client client(box, sizeof box);
  gNow = 1000;
  client.random().seed(3);
  cloud.refuseConnect = true;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  client.loop();
  CHECK_EQ_INT(client.outbox().capacity(), sizeof box);
  REQUIRE(!client.sendToChannel("c", &writeText, const_cast<char*>("one")));
  CHECK_EQ_INT(client.outbox().count(), 1);
  // The record is in the caller's array: 6-byte header, then the envelope.
  CHECK(memcmp(box + 6, "{\"requestId\":\"", 14) == 0);
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("two")) == sl::ClientError::OutboxFull);
  cloud.refuseConnect = false;
  for (int i = 0; i < 200 && cloud.messageCount == 0; ++i) {
    gNow += 100;
    client.loop();
  }
  REQUIRE(cloud.messageCount == 1);
  CHECK(strstr(cloud.messages[0], "\"text\":\"one\"") != 0);
  CHECK(client.outbox().empty());

  uint8_t none[1];
  sltest::FakeCloud cloud2;
  sl::Client bare(none, 0);
  cloud2.refuseConnect = true;
  REQUIRE(!bare.begin(cloud2, "cloud.test", 8080, "KEY", &clockFn));
  bare.loop();
  CHECK_EQ_INT(bare.outbox().capacity(), 0);
  CHECK(bare.sendToChannel("c", &writeText, const_cast<char*>("x")) == sl::ClientError::OutboxFull);
}

// sl::BasicClient: no outbox and no response slots by default (sends while
// offline answer OutboxFull, a ResponseFn TooManyPending), sends and
// inbound as sl::Client while connected; given an outbox, it queues and
// replays like sl::Client.
TEST_CASE(client_basic_client_without_outbox_and_slots) {
  sltest::FakeCloud cloud;
  sl::BasicClient client;
  Events events;
  gNow = 1000;
  client.random().seed(11);
  client.setHandler(events);
  cloud.refuseConnect = true;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  client.loop();
  CHECK_EQ_INT(client.outbox().capacity(), 0);
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("offline")) == sl::ClientError::OutboxFull);
  CHECK(client.outbox().empty());
  cloud.refuseConnect = false;
  REQUIRE(connectsWithin20s(client));
  CHECK_EQ_INT(cloud.messageCount, 0);  // the offline send was not kept
  REQUIRE(!client.sendToChannel("c", &writeText, const_cast<char*>("online")));
  REQUIRE(cloud.messageCount == 1);
  CHECK(strstr(cloud.messages[0], "\"text\":\"online\"") != 0);
  Responses rs;
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
        sl::ClientError::TooManyPending);
  CHECK_EQ_INT(client.pendingCount(), 0);
  CHECK_EQ_INT(cloud.messageCount, 1);
  cloud.serverText(
      "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"z\","
      "\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hi\"}}}");
  for (int i = 0; i < 3; ++i) client.loop();
  CHECK_EQ_INT(events.messages, 1);
  CHECK_EQ_STR(events.lastType, "text");
  // No REST state either: request() is Unsupported, the WebSocket stays up.
  RestSink rest;
  CHECK(client.request("GET", "/x", 0, 0, 0, rest) == sl::ClientError::Unsupported);
  CHECK(!client.requestActive());
  CHECK(client.connected());
  CHECK_EQ_INT(rest.completes, 0);

  // With a caller-owned outbox: queued while offline, sent after the handshake.
  static uint8_t box[200];
  sltest::FakeCloud cloud2;
  sl::BasicClient queued(box, sizeof box);
  cloud2.refuseConnect = true;
  REQUIRE(!queued.begin(cloud2, "cloud.test", 8080, "KEY", &clockFn));
  queued.loop();
  REQUIRE(!queued.sendToChannel("c", &writeText, const_cast<char*>("later")));
  CHECK_EQ_INT(queued.outbox().count(), 1);
  cloud2.refuseConnect = false;
  for (int i = 0; i < 200 && cloud2.messageCount == 0; ++i) {
    gNow += 100;
    queued.loop();
  }
  REQUIRE(cloud2.messageCount == 1);
  CHECK(strstr(cloud2.messages[0], "\"text\":\"later\"") != 0);
  CHECK(queued.outbox().empty());
}

// The outbox hook and the response-slot hook are the program's, not each
// client's: a BasicClient without an outbox or slots beside a sl::Client
// that set both (its constructor, a send that took a slot) runs them and
// finds nothing to do: offline sends answer OutboxFull, a ResponseFn
// TooManyPending, drops and end() touch no slot, as with no hook at all.
TEST_CASE(client_basic_client_beside_a_client_with_outbox_and_slots) {
  sl::Client other;
  Responses ro;
  CHECK(other.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &ro) ==
        sl::ClientError::NotStarted);  // (took a slot, gave it back: the slot hook is set)
  sltest::FakeCloud cloud;
  sl::BasicClient client;
  Events events;
  gNow = 1000;
  client.random().seed(12);
  client.setHandler(events);
  cloud.refuseConnect = true;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  client.loop();
  CHECK_EQ_INT(events.disconnected, 1);
  CHECK(events.lastReason == sl::ClientError::ConnectFailed);
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("offline")) == sl::ClientError::OutboxFull);
  CHECK(client.outbox().empty());
  CHECK_EQ_INT(client.outbox().capacity(), 0);
  cloud.refuseConnect = false;
  REQUIRE(connectsWithin20s(client));
  CHECK_EQ_INT(cloud.messageCount, 0);  // the offline send was not kept
  Responses rs;
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("x"), &Responses::fn, &rs) ==
        sl::ClientError::TooManyPending);
  CHECK_EQ_INT(client.pendingCount(), 0);
  REQUIRE(!client.sendToChannel("c", &writeText, const_cast<char*>("online")));
  REQUIRE(cloud.messageCount == 1);
  CHECK(strstr(cloud.messages[0], "\"text\":\"online\"") != 0);
  for (int i = 0; i < 3; ++i) client.loop();
  CHECK(client.connected());
  CHECK_EQ_INT(cloud.messageCount, 1);  // nothing replayed
  // A drop, the reconnect, then end(): no slot to fail, no REST call to abort.
  cloud.drop();
  client.loop();
  CHECK(!client.connected());
  CHECK_EQ_INT(events.disconnected, 2);
  REQUIRE(connectsWithin20s(client));
  client.end();
  CHECK(client.state() == sl::BasicClient::Idle);
  CHECK_EQ_INT(rs.count, 0);
  CHECK_EQ_INT(ro.count, 0);
  CHECK_EQ_INT(other.pendingCount(), 0);
}

namespace {
// A ping of the client's goes unanswered; every half pong timeout the cloud
// sends `traffic` (4 times: 2 x the pong timeout): the connection stays, no
// second ping is sent; then silence drops it one pong timeout after the
// last traffic (HeartbeatTimeout).
void checkTrafficKeepsUnansweredPingAlive(void (*traffic)(Rig&)) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  r.cloud.autoPong = false;
  for (int i = 0; i < 400 && r.cloud.pings < 1; ++i) r.advance(100);
  REQUIRE(r.cloud.pings == 1);
  for (int i = 0; i < 4; ++i) {
    r.advance(SL_CLIENT_PONG_TIMEOUT_MS / 2);
    traffic(r);
    r.loops(2);
  }
  CHECK(r.client.connected());  // 2 x the pong timeout since the client's ping
  CHECK_EQ_INT(r.cloud.pings, 1);
  r.advance(SL_CLIENT_PONG_TIMEOUT_MS - 300);
  CHECK(r.client.connected());
  r.advance(600);
  CHECK(!r.client.connected());
  CHECK(r.events.lastReason == sl::ClientError::HeartbeatTimeout);
}
}  // namespace

// While a ping is out, any inbound traffic proves the connection alive: the
// pong deadline runs from the last traffic; silence then drops it.
TEST_CASE(client_heartbeat_traffic_while_ping_out_keeps_connection) {
  checkTrafficKeepsUnansweredPingAlive([](Rig& r) { r.cloud.serverText("{\"eventType\":\"Other\"}"); });
}

namespace {
// A ComponentFn whose writing pass is shorter than its counting pass (ctx
// counts the calls).
bool writeShrinking(sl::JsonWriter& w, void* ctx) {
  int& calls = *static_cast<int*>(ctx);
  ++calls;
  return writeText(w, const_cast<char*>(calls == 1 ? "abcdef" : "a"));
}
}  // namespace

// A writer whose writing pass differs from its counting pass leaves a
// broken frame on the wire: the send answers InvalidArgument, the
// connection is dropped (one transport stop) and made again after the
// backoff; the next send goes out whole.
TEST_CASE(client_writer_changing_between_passes_drops_the_connection) {
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  int stops = r.cloud.stops;
  int calls = 0;
  CHECK(r.client.sendToChannel("ch", &writeShrinking, &calls) == sl::ClientError::InvalidArgument);
  CHECK_EQ_INT(calls, 2);
  CHECK(!r.client.connected());
  CHECK(r.events.lastReason == sl::ClientError::InvalidArgument);
  CHECK(r.client.lastWsError() == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(r.cloud.stops - stops, 1);
  CHECK_EQ_INT(r.cloud.messageCount, 0);
  r.advance(1200);
  REQUIRE(r.client.connected());
  REQUIRE(!r.client.sendToChannel("ch", &writeText, const_cast<char*>("whole")));
  REQUIRE(r.cloud.messageCount == 1);
  CHECK(strstr(r.cloud.messages[0], "\"text\":\"whole\"") != 0);
}

// Any inbound frame counts as traffic, control frames too: pings from the
// cloud (no message, no pong) keep a connection whose ping is unanswered
// alive; silence then drops it.
TEST_CASE(client_heartbeat_cloud_pings_count_as_traffic) {
  checkTrafficKeepsUnansweredPingAlive([](Rig& r) {
    static const uint8_t ping[] = {0x89, 0x00};
    r.cloud.serverBytes(ping, sizeof ping);
  });
}

// statusCode: 1..999 written as plain digits; anything else reads as 0.
TEST_CASE(client_inbound_reader_status_codes) {
  FormLog forms;
  sl::InboundEventReader reader(forms);
  sl::JsonParser parser(reader);
  const char* values[] = {"404", "200", "1", "999", "1000", "0", "-1", "4.5", "4e2", "null", "\"404\"", "true", "99999"};
  const int want[] = {404, 200, 1, 999, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; ++i) {
    char doc[128];
    strcpy(doc, "{\"eventType\":\"Response\",\"eventBody\":{\"statusCode\":");
    strcat(doc, values[i]);
    strcat(doc, ",\"success\":false}}");
    reader.reset();
    parser.reset();
    REQUIRE(!parser.feed(doc, strlen(doc)));
    REQUIRE(!parser.finish());
    CHECK_EQ_INT(reader.statusCode(), want[i]);
  }
}

namespace {
const char kFormEvent[] =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"alice\","
    "\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"formComponents\":[{\"formComponentType\":"
    "\"slider\",\"refName\":\"level\",\"value\":55.5},{\"value\":true,\"refName\":\"pump\",\"formComponentType\":"
    "\"switch\"},{\"formComponentType\":\"textbox\",\"refName\":\"note\",\"value\":\"warm\"}]}}}";

// Sends a request with a reply parser from inside the first form value: the
// client switches to routing in the middle of the message.
struct SendsMidMessage : Events {
  sl::Client* client = nullptr;
  sl::JsonParser* reply = nullptr;
  int sent = 0;
  void onFormValue(const sl::InboundMessage& m, const sl::ClientFormValue& v) override {
    Events::onFormValue(m, v);
    if (!sent && client && reply) {
      sl::api::CreateChannel req("x");
      sent = client->send(req, *reply) ? -1 : 1;
    }
  }
};
}  // namespace

// The event parser gets pieces of at least two bytes (a lone byte waits for
// the next piece or the message end): every fragment size, including 1 and
// a last fragment of 1 byte, gives the same events.
TEST_CASE(client_inbound_fragments_of_every_size) {
  size_t n = strlen(kFormEvent);
  for (size_t piece = 1; piece <= 12; ++piece) {
    for (int last1 = 0; last1 < 2; ++last1) {
      Rig r;
      REQUIRE(r.start());
      REQUIRE(r.connect());
      if (last1) {
        // All but the last byte in one text frame, then a 1-byte final frame.
        char head[600];
        memcpy(head, kFormEvent, n - 1);
        head[n - 1] = 0;
        uint8_t h[4] = {0x01, 126, static_cast<uint8_t>((n - 1) >> 8), static_cast<uint8_t>(n - 1)};
        r.cloud.serverBytes(h, 4);
        r.cloud.serverBytes(reinterpret_cast<const uint8_t*>(head), n - 1);
        uint8_t t[3] = {0x80, 1, static_cast<uint8_t>(kFormEvent[n - 1])};
        r.cloud.serverBytes(t, 3);
      } else {
        r.cloud.serverTextFragments(kFormEvent, piece);
      }
      r.loops(600);
      CHECK_EQ_INT(r.events.messages, 1);
      CHECK_EQ_INT(r.events.forms, 3);
      CHECK_EQ_STR(r.events.refs, "level,pump,note,");
      CHECK_EQ_STR(r.events.note, "warm");
      CHECK_EQ_STR(r.events.lastType, "formsubmission");
      CHECK_EQ_STR(r.events.lastSender, "alice");
      if (last1) break;
    }
  }
  // A message cut short (its last byte missing) is not JSON: ignored.
  Rig r;
  REQUIRE(r.start());
  REQUIRE(r.connect());
  char cut[600];
  memcpy(cut, kFormEvent, n - 1);
  cut[n - 1] = 0;
  r.cloud.serverTextFragments(cut, 1);
  r.loops(600);
  CHECK_EQ_INT(r.events.messages, 0);
}

// A send with a reply parser from inside a form value callback, while the
// message arrives one byte per frame: the rest of the message (and the
// byte held back) still reaches the event parser.
TEST_CASE(client_reply_hook_set_in_the_middle_of_a_message) {
  for (size_t piece = 1; piece <= 4; ++piece) {
  sltest::FakeCloud cloud;
  sl::Client client;
  SendsMidMessage events;
  ChannelFields fields;
  sl::api::CreateChannelResponseDecoder decoder(fields);
  sl::JsonParser reply(decoder);
  events.client = &client;
  events.reply = &reply;
  char sender[24], chat[24], text[48];
  gNow = 1000;
  client.random().seed(5);
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  // A 1-byte text frame first (a byte is held back), then `piece`-byte
  // continuation frames: the callback fires with and without a held byte.
  size_t n = strlen(kFormEvent);
  uint8_t first[3] = {0x01, 1, static_cast<uint8_t>(kFormEvent[0])};
  cloud.serverBytes(first, 3);
  for (size_t off = 1; off < n; off += piece) {
    size_t k = n - off < piece ? n - off : piece;
    uint8_t h[2] = {static_cast<uint8_t>(off + k >= n ? 0x80 : 0x00), static_cast<uint8_t>(k)};
    cloud.serverBytes(h, 2);
    cloud.serverBytes(reinterpret_cast<const uint8_t*>(kFormEvent + off), k);
  }
  for (int i = 0; i < 800; ++i) client.loop();
  CHECK_EQ_INT(events.sent, 1);
  CHECK_EQ_INT(events.forms, 3);
  CHECK_EQ_STR(events.refs, "level,pump,note,");
  CHECK_EQ_INT(events.messages, 1);
  CHECK_EQ_STR(events.lastType, "formsubmission");
  CHECK_EQ_INT(client.pendingCount(), 1);
  }
}

namespace {
const char kFlashHost[] SL_PROGMEM = "cloud.test";
const char kFlashKey[] SL_PROGMEM = "KEY";
const char kFlashBadKey[] SL_PROGMEM = "K\r\nX: y";
const char kFlashLongHost[] SL_PROGMEM = "a123456789b123456789c123456789d123456789e123456789f123456789g1234";
}  // namespace

// begin() with the host and the key in flash: the same handshake and REST
// request bytes as with RAM strings; a key with control bytes or a host
// longer than the line buffer fails the connects, an empty host begin().
TEST_CASE(client_host_and_key_in_flash) {
  Rig r;
  sltest::ScriptedTransport http;
  http.keepOpen(false);
  http.script("HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n{\"success\":true,\"data\":{}}\n");
  r.client.setHttpTransport(http);
  REQUIRE(!r.client.begin(r.cloud, sl::FlashString(kFlashHost), 8080, sl::FlashString(kFlashKey), &clockFn));
  REQUIRE(r.connect());
  CHECK(strstr(r.cloud.request(), "GET /service/ws HTTP/1.1\r\n") == r.cloud.request());
  CHECK(strstr(r.cloud.request(), "\r\nAuthorization: Bearer KEY\r\n") != 0);
  CHECK(strstr(r.cloud.request(), "\r\nHost: cloud.test:8080\r\n") != 0);
  RestSink sink;
  REQUIRE(!r.client.request("POST", "/registerDevice", 0, &restBody, 0, sink));
  char req[400];
  CHECK_EQ_STR(sltest::asText(http, req, sizeof req),
               "POST /registerDevice HTTP/1.1\r\nHost: cloud.test:8080\r\nAuthorization: Bearer "
               "KEY\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
               "{\"deviceId\":\"dev 1\"}");
  r.loops(5);
  CHECK_EQ_INT(sink.completes, 1);
  CHECK_EQ_INT(sink.status, 200);

  Rig bad;
  REQUIRE(!bad.client.begin(bad.cloud, sl::FlashString(kFlashHost), 8080, sl::FlashString(kFlashBadKey), &clockFn));
  CHECK(!bad.connect());
  CHECK(bad.client.lastWsError() == sl::WsError::InvalidArgument);
  CHECK(strstr(bad.cloud.request(), "Authorization") == 0);  // nothing of the header was sent
  RestSink sink2;
  CHECK(bad.client.request("GET", "/x", 0, 0, 0, sink2) == sl::ClientError::InvalidArgument);

  Rig longHost;
  REQUIRE(!longHost.client.begin(longHost.cloud, sl::FlashString(kFlashLongHost), 80, sl::FlashString(kFlashKey),
                                 &clockFn));
  CHECK(!longHost.connect());
  CHECK_EQ_INT(longHost.cloud.connects, 0);  // refused before the transport is asked
  CHECK(longHost.client.state() == sl::Client::Waiting);  // and tried again later, like any failed connect

  Rig empty;
  CHECK(empty.client.begin(empty.cloud, sl::FlashString(SL_PSTR("")), 80, sl::FlashString(kFlashKey), &clockFn) ==
        sl::ClientError::InvalidArgument);
}
