// Review tests for today's client squeezing (126b5e2, 72a30cc, 6505c12,
// e5a4b9d, 9a55446, db5b713): since_ / nextAttempt_ in one word, backoff_
// in 6 bits, the event reader's buffer slots on one shared capture with
// their truncation in bits, events through setHandler<T>.
// sl-board-test: boards cortex-m3,lx106
#include <string.h>

#include "../client/FakeCloud.h"
#include "SlTest.h"
#include "client/Client.h"
#include "client/InboundEventReader.h"
#include "generated/Components.h"

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return gNow; }

// ---- the event reader: slots sharing one capture ------------------------------

struct FormLog : sl::InboundEventSink {
  char log[512];
  int count = 0;
  FormLog() { log[0] = 0; }
  void onFormValue(const sl::ClientFormValue& v) override {
    ++count;
    char item[160];
    strcpy(item, v.refName.text());
    strcat(item, v.refName.truncated() ? "~" : "");
    strcat(item, "/");
    strcat(item, v.type.text());
    strcat(item, "=");
    strcat(item, v.value.text());
    strcat(item, v.value.truncated() ? "~" : "");
    strcat(item, ";");
    strncat(log, item, sizeof log - strlen(log) - 1);
  }
};

// Feeds `text` to a fresh parse of `reader` in pieces of `piece` bytes (0: whole).
bool parse(sl::InboundEventReader& reader, const char* text, size_t piece) {
  sl::JsonParser parser(reader);
  reader.reset();
  parser.reset();
  size_t n = strlen(text);
  if (!piece) piece = n;
  for (size_t at = 0; at < n; at += piece) {
    size_t k = n - at < piece ? n - at : piece;
    if (parser.feed(reinterpret_cast<const uint8_t*>(text) + at, k) != sl::JsonParseError::Ok) return false;
  }
  return parser.finish() == sl::JsonParseError::Ok;
}

// Buffer slots (sender, chat, text, componentType, scratch for eventType /
// featureType / requestId) come before, between and after form components,
// whose value capture they share: each keeps its own value and cut flag.
#define SL_R10 "0123456789"
#define SL_R140 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10 SL_R10
static_assert(SL_CLIENT_FORM_VALUE_MAX <= 140, "the long form value below is cut");
const char kLongValue[] = SL_R140;
const char kInterleaved[] =
    "{\"eventBody\":{\"dataComponent\":{\"text\":\"hello world, this is long\",\"formComponents\":["
    "{\"value\":\"" SL_R140 "\",\"refName\":\"a\",\"formComponentType\":\"textbox\"},"
    "{\"refName\":\"b\",\"value\":12.5,\"formComponentType\":\"slider\"}],"
    "\"dataComponentType\":\"formsubmission-extra\"},"
    "\"senderId\":\"alice-with-a-long-name\",\"channelId\":\"ch\",\"formComponents\":[{\"refName\":\"x\"}]},"
    "\"featureType\":\"channel\",\"requestId\":\"0badf00d\",\"eventType\":\"MessageReceived\"}";

TEST_CASE(review_reader_slots_around_form_components) {
  for (size_t piece = 0; piece <= 7; ++piece) {
    FormLog sink;
    sl::InboundEventReader reader(sink);
    char sender[8], chat[8], text[64];
    reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
    CHECK(parse(reader, kInterleaved, piece));
    CHECK_EQ_INT(sink.count, 2);
    char want[200] = "a/textbox=";
    strncat(want, kLongValue, SL_CLIENT_FORM_VALUE_MAX - 1);
    strcat(want, "~;b/slider=12.5;");
    CHECK_EQ_STR(sink.log, want);
    CHECK(reader.type() == sl::BasicInboundEventReader::MessageReceived);
    CHECK(reader.feature() == sl::ClientFeature::Channel);
    CHECK(reader.hasRequestId());
    CHECK_EQ_INT(reader.requestId(), 0x0badf00d);
    sl::InboundMessage m = reader.message();
    CHECK_EQ_STR(m.text, "hello world, this is long");
    CHECK(!m.textTruncated);
    CHECK_EQ_STR(m.senderId, "alice-w");
    CHECK(m.senderIdTruncated);
    CHECK_EQ_STR(m.chatId, "ch");
    CHECK(!m.chatIdTruncated);
    static_assert(SL_CLIENT_TYPE_MAX == 16, "expects the default type buffer");
    CHECK_EQ_STR(m.componentType, "formsubmission-");
    CHECK(m.componentTypeTruncated);  // 16-byte type buffer: 15 characters
    CHECK_EQ_INT(m.formValues, 2);
    CHECK_EQ_STR(reader.text(), "hello world, this is long");
    CHECK(!reader.textTruncated());
    if (sltest::failed()) {
      CHECK_EQ_INT(piece, 1000);
      return;
    }
  }
}

// The cut flags belong to one event: a later event without cuts has none,
// and a value given twice keeps the last one's flag.
TEST_CASE(review_reader_truncation_flags_per_event_and_per_value) {
  FormLog sink;
  sl::InboundEventReader reader(sink);
  char sender[6], chat[6], text[6];
  reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  CHECK(parse(reader,
              "{\"eventType\":\"MessageReceived\",\"eventBody\":{\"senderId\":\"123456789\",\"groupChatId\":\"abcdefgh\","
              "\"dataComponent\":{\"text\":\"0123456789\"}}}",
              0));
  sl::InboundMessage m = reader.message();
  CHECK(m.senderIdTruncated && m.chatIdTruncated && m.textTruncated);
  CHECK(reader.textTruncated());
  CHECK_EQ_STR(m.text, "01234");
  CHECK(parse(reader, "{\"eventType\":\"MessageReceived\",\"eventBody\":{\"senderId\":\"s\",\"dataComponent\":{\"text\":\"t\"}}}", 3));
  m = reader.message();
  CHECK(!m.senderIdTruncated && !m.chatIdTruncated && !m.textTruncated && !m.componentTypeTruncated);
  CHECK_EQ_STR(m.chatId, "");
  CHECK(!reader.textTruncated());
  // twice: long then short, short then long
  CHECK(parse(reader, "{\"eventBody\":{\"senderId\":\"123456789\",\"senderId\":\"ok\",\"dataComponent\":{\"text\":\"t\",\"text\":\"0123456789\"}}}", 2));
  m = reader.message();
  CHECK_EQ_STR(m.senderId, "ok");
  CHECK(!m.senderIdTruncated);
  CHECK_EQ_STR(m.text, "01234");
  CHECK(m.textTruncated);
  // A Response's error lands in the text slot, with its flag.
  CHECK(parse(reader, "{\"eventType\":\"Response\",\"requestId\":\"00000001\",\"eventBody\":{\"success\":false,\"error\":\"too long error\"}}", 1));
  CHECK_EQ_STR(reader.text(), "too l");
  CHECK(reader.textTruncated());
  CHECK(reader.type() == sl::BasicInboundEventReader::Response);
  CHECK(!reader.success());
}

// A form value that is an object or array records its type only; the next
// component's string value is not mixed with it; values of every type.
TEST_CASE(review_reader_form_values_of_every_type) {
  FormLog sink;
  sl::InboundEventReader reader(sink);
  for (size_t piece = 0; piece <= 4; ++piece) {
    sink.log[0] = 0;
    sink.count = 0;
    CHECK(parse(reader,
                "{\"eventBody\":{\"dataComponent\":{\"formComponents\":["
                "{\"refName\":\"o\",\"value\":{\"a\":\"zzz\"}},{\"refName\":\"s\",\"value\":\"str\"},"
                "{\"refName\":\"arr\",\"value\":[1,2]},{\"refName\":\"t\",\"value\":true},{\"refName\":\"n\",\"value\":null},"
                "{\"refName\":\"e\"},{\"refName\":\"q\",\"value\":\"\\u00e9\\\"\"},"
                "{\"refName\":\"0123456789012345678901234567\",\"value\":-0.5e3}]}}}",
                piece));
    CHECK_EQ_INT(sink.count, 8);
    CHECK_EQ_STR(sink.log, "o/=;s/=str;arr/=;t/=;n/=;e/=;q/=\xc3\xa9\";01234567890123456789012~/=-0.5e3;");
    if (sltest::failed()) {
      CHECK_EQ_INT(piece, 1000);
      return;
    }
  }
}

// Keys longer than the parser's key buffer arrive in pieces: one whose
// last piece (or whose tail) is a key of the tree must match nothing; keys
// of exactly the longest tree length (17) still match.
TEST_CASE(review_reader_long_keys_ending_like_tree_keys) {
  FormLog sink;
  sl::InboundEventReader reader(sink);
  char sender[16], chat[16], text[16];
  reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  for (size_t piece = 0; piece <= 3; ++piece) {
    CHECK(parse(reader,
                "{\"eventType\":\"MessageReceived\",\"eventBody\":{"
                "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxsenderId\":\"bad\","
                "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxdataComponent\":{\"text\":\"bad\"},"
                "\"dataComponent\":{\"xdataComponentType\":\"bad\",\"dataComponentType\":\"good\","
                "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxtext\":\"bad\","
                "\"formComponents\":[{\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxrefName\":\"bad\",\"refName\":\"r\","
                "\"formComponentType\":\"t\",\"xformComponentType\":\"bad\"}]}}}",
                piece));
    sl::InboundMessage m = reader.message();
    CHECK_EQ_STR(m.senderId, "");
    CHECK_EQ_STR(m.text, "");
    CHECK_EQ_STR(m.componentType, "good");
    if (sltest::failed()) {
      CHECK_EQ_INT(piece, 1000);
      return;
    }
  }
  CHECK_EQ_STR(sink.log, "r/t=;r/t=;r/t=;r/t=;");
}

// ---- the client: since_ / nextAttempt_, backoff_ ----------------------------------

bool writeReply(sl::JsonWriter& w, void*) {
  w.beginObject().key("dataComponentType").string("text").key("text").string("reply").endObject();
  return w.ok();
}

struct Counter : sl::ClientEvents {
  int connected = 0, disconnected = 0, messages = 0, forms = 0;
  sl::Client* client = 0;
  bool sendOnMessage = false;
  bool sendOnForm = false;
  void onConnected() { ++connected; }
  sl::ClientError lastReason;
  void onDisconnected(sl::ClientError e) {
    ++disconnected;
    lastReason = e;
  }
  void onMessage(const sl::InboundMessage&) {
    ++messages;
    if (sendOnMessage && client) {
      sl::ClientError e = client->sendToChannel("c1", &writeReply, 0);
      (void)e;
    }
  }
  void onFormValue(const sl::InboundMessage&, const sl::ClientFormValue&) {
    ++forms;
    if (sendOnForm && client) {
      sl::ClientError e = client->sendToChannel("c1", &writeReply, 0);
      (void)e;
    }
  }
};

const char kMsg[] =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"senderId\":\"a\","
    "\"channelId\":\"c\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"hi\"}}}";

// The connection is lost inside poll() (a send from onMessage fails) while
// more frames wait: the reconnect delay drawn by lost() must survive the
// rest of the poll (since_ shares the word with nextAttempt_). (The rest of
// the poll delivers nothing: the loss closed the WsClient first, so the
// frames after it are dropped; touch() in Waiting is tested by
// review_client_traffic_while_waiting_keeps_the_next_attempt.)
TEST_CASE(review_client_loss_inside_poll_keeps_the_backoff_delay) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  events.client = &client;
  gNow = 5000;
  client.random().seed(3);
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  gNow += 10000;  // no traffic for a while: since_ is 10 s old
  events.sendOnMessage = true;
  cloud.writeBudget = 3;  // the reply's frame is cut: the link dies
  cloud.serverText(kMsg);
  cloud.serverText(kMsg);
  cloud.serverText(kMsg);
  client.loop();
  CHECK_EQ_INT(client.state(), sl::Client::Waiting);
  CHECK_EQ_INT(events.disconnected, 1);
  CHECK_EQ_INT(events.messages, 1);  // the two frames after the loss were dropped
  uint32_t wait = client.retryIn();
  CHECK(wait >= 500 && wait <= 1000);
  // Time passes inside the wait: no reconnect before it is due.
  gNow += wait - 1;
  int before = cloud.connects;
  client.loop();
  CHECK_EQ_INT(cloud.connects, before);
  gNow += 1;
  cloud.writeBudget = 0xFFFFFFFFu;
  client.loop();
  CHECK_EQ_INT(cloud.connects, before + 1);
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  CHECK(client.connected());
  // After the reconnect the heartbeat starts afresh: no ping before the interval.
  int pings = cloud.pings;
  gNow += SL_CLIENT_PING_INTERVAL_MS - 1;
  client.loop();
  CHECK_EQ_INT(cloud.pings, pings);
  gNow += 1;
  client.loop();
  CHECK_EQ_INT(cloud.pings, pings + 1);
}

const char kFormFirst[] =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"dataComponent\":{"
    "\"formComponents\":[{\"refName\":\"lamp\",\"value\":true}],\"dataComponentType\":\"formsubmission\"},"
    "\"senderId\":\"a-sender-after-the-form\"}}";

// The same, the send made from onFormValue: the loss happens in the middle
// of the message, whose remaining bytes and end still reach the client
// (onMessageData / onMessageEnd call touch() while Waiting).
TEST_CASE(review_client_loss_inside_a_message_keeps_the_backoff_delay) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  events.client = &client;
  gNow = 5000;
  client.random().seed(3);
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  gNow += 10000;
  events.sendOnForm = true;
  cloud.writeBudget = 3;
  cloud.serverText(kFormFirst);
  client.loop();
  CHECK_EQ_INT(events.forms, 1);
  CHECK_EQ_INT(client.state(), sl::Client::Waiting);
  CHECK_EQ_INT(events.disconnected, 1);
  uint32_t wait = client.retryIn();
  CHECK(wait >= 500 && wait <= 1000);
  int before = cloud.connects;
  client.loop();
  CHECK_EQ_INT(cloud.connects, before);  // not at once
}

// A heartbeat timeout draws a reconnect delay from [500, 1000] ms and the
// client reconnects exactly when it is due: not one millisecond before,
// however often loop() runs.
// (Was: "a pong or traffic that arrives when the client is already Waiting
// does not move the next attempt", checked as retryIn() unchanged after two
// loop()s with no traffic at all: no pong or frame can reach the client
// there, so that check could not fail for what it named, e.g. touch()
// writing since_ in Waiting. That is now
// review_client_traffic_while_waiting_keeps_the_next_attempt.)
TEST_CASE(review_client_heartbeat_timeout_then_reconnect_on_time) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  gNow = 1000;
  client.random().seed(11);
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  cloud.autoPong = false;
  gNow += SL_CLIENT_PING_INTERVAL_MS;
  client.loop();  // ping out
  gNow += SL_CLIENT_PONG_TIMEOUT_MS;
  client.loop();  // no pong: lost
  CHECK_EQ_INT(client.state(), sl::Client::Waiting);
  CHECK(events.lastReason == sl::ClientError::HeartbeatTimeout);
  const uint32_t wait = client.retryIn();
  CHECK(wait >= 500 && wait <= 1000);
  const int before = cloud.connects;
  for (uint32_t t = 1; t < wait; t += 7) {
    gNow += 7 <= wait - t ? 7 : wait - t;
    client.loop();
    if (!CHECK_EQ_INT(cloud.connects, before)) return;
  }
  REQUIRE(client.retryIn() > 0);
  gNow += client.retryIn();
  client.loop();
  CHECK_EQ_INT(cloud.connects, before + 1);
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  CHECK(client.connected());
}

// The client's own WsClient delivers nothing once its connection is Closed
// (every loss inside poll() closes it first) and the client polls nothing
// while Waiting, so today no frame reaches a Waiting client. The invariant
// that makes a late one harmless is tested here by delivering through a
// second WsClient (the same handler interface): a pong and a whole message
// arriving while Waiting do not move the next attempt (touch() writes
// since_, which shares its word with nextAttempt_, only outside Waiting).
struct NoHandler : sl::WsHandler {};
TEST_CASE(review_client_traffic_while_waiting_keeps_the_next_attempt) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  gNow = 1000;
  client.random().seed(11);
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  cloud.drop();
  client.loop();
  REQUIRE(client.state() == sl::Client::Waiting);
  const uint32_t wait = client.retryIn();
  REQUIRE(wait >= 500 && wait <= 1000);
  // A second connection, open, with a pong and a message on the way.
  sltest::FakeCloud late;
  sl::Random rng(5);
  char line[128];
  sl::WsClient ws(late, rng, line, sizeof line, 1024);
  REQUIRE(!ws.connect("late.test", 80, "/", "KEY"));
  NoHandler none;
  for (int i = 0; i < 10 && ws.state() != sl::WsClient::Open; ++i) ws.poll(none);
  REQUIRE(ws.state() == sl::WsClient::Open);
  REQUIRE(!ws.ping());
  late.serverText(kMsg);
  gNow += wait / 2;  // time passes: a since_ written now would differ
  ws.poll(client);
  CHECK(client.state() == sl::Client::Waiting);
  CHECK_EQ_INT(client.retryIn(), wait - wait / 2);
  const int before = cloud.connects;
  gNow += wait - wait / 2 - 1;
  client.loop();
  CHECK_EQ_INT(cloud.connects, before);
  gNow += 1;
  client.loop();
  CHECK_EQ_INT(cloud.connects, before + 1);
}

// 80 refused connects: the delay stays within [max/2, max] once it reached
// the maximum (backoff_ saturates at 63 in 6 bits; no wrap to short delays).
TEST_CASE(review_client_backoff_saturates_without_wrapping) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  gNow = 1000;
  client.random().seed(5);
  client.setHandler(events);
  cloud.refuseConnect = true;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  client.loop();
  const uint32_t kMax = SL_CLIENT_BACKOFF_MAX_MS;
  for (int i = 0; i < 80; ++i) {
    uint32_t wait = client.retryIn();
    CHECK(wait <= kMax);
    if (i >= 10 && !CHECK(wait >= kMax / 2)) {
      CHECK_EQ_INT(i, -1);
      CHECK_EQ_INT(wait, kMax);
      return;
    }
    int before = cloud.connects;
    gNow += wait;
    client.loop();
    CHECK_EQ_INT(cloud.connects, before + 1);
  }
  CHECK_EQ_INT(events.disconnected, 81);
  // A success resets it.
  cloud.refuseConnect = false;
  gNow += client.retryIn();
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  cloud.drop();
  client.loop();
  uint32_t wait = client.retryIn();
  CHECK(wait >= 500 && wait <= 1000);
}

// Every event reaches both kinds of handler: a ClientEvents class, and a
// ClientHandler given by its own type or through a base reference.
struct Virtual : sl::ClientHandler {
  int connected = 0, disconnected = 0, messages = 0, forms = 0;
  void onConnected() override { ++connected; }
  void onDisconnected(sl::ClientError) override { ++disconnected; }
  void onMessage(const sl::InboundMessage&) override { ++messages; }
  void onFormValue(const sl::InboundMessage&, const sl::ClientFormValue&) override { ++forms; }
};
struct Derived : Counter {  // a handler that derives from another ClientEvents class
  int extra = 0;
  void onMessage(const sl::InboundMessage& m) {
    ++extra;
    Counter::onMessage(m);
  }
};

const char kForm[] =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"p2p\",\"eventBody\":{\"senderId\":\"a\","
    "\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"formComponents\":["
    "{\"formComponentType\":\"switch\",\"refName\":\"lamp\",\"value\":true},{\"refName\":\"x\",\"value\":1}]}}}";

template <typename H>
void allEvents(H& h, int& connected, int& disconnected, int& messages, int& forms) {
  sltest::FakeCloud cloud;
  sl::Client client;
  gNow = 1000;
  client.setHandler(h);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  cloud.serverText(kMsg);
  cloud.serverText(kForm);
  for (int i = 0; i < 5; ++i) client.loop();
  cloud.drop();
  client.loop();
  CHECK_EQ_INT(connected, 1);
  CHECK_EQ_INT(messages, 2);
  CHECK_EQ_INT(forms, 2);
  CHECK_EQ_INT(disconnected, 1);
}

TEST_CASE(review_client_every_event_reaches_every_kind_of_handler) {
  Counter c;
  allEvents(c, c.connected, c.disconnected, c.messages, c.forms);
  Virtual v;
  allEvents(v, v.connected, v.disconnected, v.messages, v.forms);
  Virtual v2;
  sl::ClientHandler& base = v2;
  allEvents(base, v2.connected, v2.disconnected, v2.messages, v2.forms);
  Derived d;
  allEvents(d, d.connected, d.disconnected, d.messages, d.forms);
  CHECK_EQ_INT(d.extra, 2);
}

// Was a BUG (pre-existing, see builders_review_test.cpp): a component that
// validate() accepted was refused by the send: 16 nested buckets take 32
// JSON levels, 34 inside the message envelope (SL_JSON_MAX_DEPTH 32); the
// send answered InvalidArgument although validate() said Ok. Now validate()
// keeps the envelope's 2 levels free (and the innermost empty bucket one
// level for a child): 14 buckets (28 levels) are accepted and sent, 15 and
// more are TooDeep (and refused by the send, before anything is written).
TEST_CASE(review_client_send_of_a_validated_nest) {
  sltest::FakeCloud cloud;
  sl::Client client;
  Counter events;
  gNow = 1000;
  client.setHandler(events);
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  REQUIRE(client.connected());
  static sl::data::Bucket b[20];
  static const sl::DataComponent* items[20];
  int accepted = 0;
  for (int n = 1; n <= 20; ++n) {
    for (int k = 0; k < n; ++k) {
      b[k] = sl::data::Bucket();
      b[k].setBucketId("x");
    }
    for (int k = 0; k + 1 < n; ++k) {
      items[k] = &b[k + 1];
      b[k].setDataComponents(&items[k], 1);
    }
    const sl::ComponentError v = b[0].validate();
    sl::ClientError e = client.sendToChannel("c1", b[0]);
    if (v.ok()) {
      accepted = n;
      if (!CHECK_EQ_STR(e.name().ptr(), "Ok")) CHECK_EQ_INT(n, -1);
      for (int i = 0; i < 5; ++i) client.loop();
    } else {
      CHECK(v.code == sl::ComponentErrorCode::TooDeep);
      CHECK_EQ_STR(e.name().ptr(), "InvalidArgument");
    }
  }
  CHECK_EQ_INT(accepted, (SL_GEN_MAX_DEPTH - 1) / 2);
}


}  // namespace
