// libFuzzer target: sl::Client (or sl::BasicClient, as LampControl uses it)
// connected to a fake cloud that then serves fuzzed WebSocket messages:
// message events, form submissions, Responses to the client's own requests
// (one decoded by the generated CreateChannel reply decoder), pings,
// fragments and raw frames.
//
// Input: byte 0 picks the client (bit 0: BasicClient), the fragment size of
// text messages (bits 1..6: 0 = one frame, else 1..63-byte fragments); then
// messages separated by 0xFF. A message starting with 0xFE is sent as raw
// bytes (any frames, any opcodes); any other as one text message, where
// "$0" and "$1" stand for the requestIds of the client's two pending
// requests (so the fuzzer reaches the Response paths).
//
// Whatever arrives, nothing crashes (ASan/UBSan), every string the client
// hands over is NUL-terminated inside its buffer, each ResponseFn runs at
// most once per request, and everything the client writes after the
// upgrade is well-formed masked client frames whose text messages are
// valid JSON.
#include <stdio.h>
#include <stdlib.h>
#include <new>
#include <string.h>

#include "../test/firmware/client/FakeCloud.h"
#include "../test/firmware/ws/WsTestUtil.h"
#include "client/Client.h"
#include "generated/Components.h"
#include "generated/api/CreateChannel.h"
#include "generated/decode/CreateChannelResponseDecoder.h"
#include "json/JsonParser.h"

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return gNow; }

// The fake cloud, recording what the client writes once upgraded.
class RecordingCloud : public sltest::FakeCloud {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    bool after = upgraded();
    size_t n = FakeCloud::write(data, len);
    if (after) {
      for (size_t i = 0; i < n && recorded < sizeof record; ++i) record[recorded++] = data[i];
      if (recorded == sizeof record) full = true;
    }
    return n;
  }
  using sl::Transport::write;
  uint8_t record[16384];
  size_t recorded = 0;
  bool full = false;
};

// The caller-owned buffers the client writes inbound fields into, each
// followed by a guard byte that must stay untouched.
const uint8_t kGuard = 0xA5;
struct Buffers {
  char sender[24], g1 = static_cast<char>(kGuard);
  char chat[24], g2 = static_cast<char>(kGuard);
  char text[48], g3 = static_cast<char>(kGuard);
  void check() const {
    if (g1 != static_cast<char>(kGuard) || g2 != static_cast<char>(kGuard) || g3 != static_cast<char>(kGuard)) abort();
  }
};

void terminatedWithin(const char* s, size_t cap) {
  if (!s) abort();
  if (strnlen(s, cap) >= cap) abort();
}

void checkCapture(const sl::JsonValueCapture& v) {
  const char* s = v.text();
  if (!s) abort();
  (void)strlen(s);  // ASan: must be terminated inside its buffer
  if (v.type() == sl::JsonValueCapture::True && !v.boolean()) abort();
}

struct Events : sl::ClientHandler {
  const Buffers* buffers = nullptr;
  int connects = 0, messages = 0, forms = 0;
  void onConnected() override { ++connects; }
  void onMessage(const sl::InboundMessage& m) override {
    ++messages;
    terminatedWithin(m.senderId, sizeof buffers->sender);
    terminatedWithin(m.chatId, sizeof buffers->chat);
    terminatedWithin(m.text, sizeof buffers->text);
    terminatedWithin(m.componentType, SL_CLIENT_TYPE_MAX + 1);
    terminatedWithin(m.messageId, 64);
    buffers->check();
  }
  void onFormValue(const sl::InboundMessage& m, const sl::ClientFormValue& v) override {
    ++forms;
    if (m.formValues > v.index + 1u) abort();  // no more delivered than components seen
    checkCapture(v.refName);
    checkCapture(v.type);
    checkCapture(v.value);
    buffers->check();
  }
};

struct Responses {
  int calls[2] = {0, 0};
  static void fn(const sl::ClientResponse& r, void* user) {
    int& calls = *static_cast<int*>(user);
    if (++calls > 1) abort();  // at most once per request
    if (!r.message) abort();
    (void)strlen(r.message);
  }
};

// Records what the generated decoder reports (checks its captures).
struct ChannelFields : sl::api::CreateChannelResponseHandler {
  void onField(sl::api::CreateChannelField f, const sl::JsonValueCapture& v, uint16_t) override {
    if (!sl::api::fieldName(f)) abort();
    checkCapture(v);
  }
};

void hex8(char* out, uint32_t id) {
  for (int i = 0; i < 8; ++i) out[i] = "0123456789abcdef"[(id >> (28 - 4 * i)) & 15];
}

// The message with $0/$1 replaced by the pending requestIds.
size_t expand(const uint8_t* in, size_t n, const uint32_t ids[2], char* out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 9 < cap; ++i) {
    if (in[i] == '$' && i + 1 < n && (in[i + 1] == '0' || in[i + 1] == '1')) {
      hex8(out + k, ids[in[i + 1] - '0']);
      k += 8;
      ++i;
    } else {
      out[k++] = static_cast<char>(in[i]);
    }
  }
  out[k] = 0;
  return k;
}

// Every text message the client wrote must be one valid JSON value.
struct NoHandler : sl::JsonHandler {
  bool onJson(sl::JsonEvent, const sl::JsonParser&) override { return true; }
};
void checkJson(const char* text) {
  NoHandler h;
  sl::JsonParser p(h);
  p.feed(reinterpret_cast<const uint8_t*>(text), strlen(text));
  if (p.finish()) abort();
}

// Two requests waiting for their Responses: one with the generated reply
// decoder (sl::Client only), one message send with a ResponseFn. A
// BasicClient waits for no Response (its sends are fire and forget): it
// sends the message only.
bool sendRequests(sl::Client& client, sl::api::CreateChannel& create, sl::JsonParser& reply, Responses& rs) {
  sl::data::Text hello("hello");
  return !client.send(create, reply, &Responses::fn, &rs.calls[0]) &&
         !client.sendToChannel("ch-1", hello, &Responses::fn, &rs.calls[1]);
}
bool sendRequests(sl::BasicClient& client, sl::api::CreateChannel&, sl::JsonParser&, Responses&) {
  sl::data::Text hello("hello");
  return !client.sendToChannel("ch-1", hello);
}

// The requestId the cloud saw in the client's message i (0 if none).
uint32_t requestIdOf(const sltest::FakeCloud& cloud, int i) {
  char hex[16];
  if (i >= cloud.messageCount) return 0;
  return static_cast<uint32_t>(strtoul(cloud.requestIdOf(i, hex, sizeof hex), nullptr, 16));
}

template <class C>
void run(C& client, RecordingCloud& cloud, Buffers& buffers, uint8_t flags, const uint8_t* data, size_t size) {
  Events events;
  events.buffers = &buffers;
  char idText[64];
  sl::JsonValueCapture messageId(idText, sizeof idText);
  client.random().seed(12345);
  client.setInboundBuffers(buffers.sender, sizeof buffers.sender, buffers.chat, sizeof buffers.chat, buffers.text,
                           sizeof buffers.text);
  client.setMessageIdBuffer(messageId);
  client.setHandler(events);
  gNow = 1000;
  if (client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn)) abort();
  for (int i = 0; i < 20 && !client.connected(); ++i) client.loop();
  if (!client.connected()) abort();

  Responses rs;
  ChannelFields fields;
  sl::api::CreateChannelResponseDecoder decoder(fields);
  sl::JsonParser reply(decoder);
  sl::api::CreateChannel create("Boiler");
  if (!sendRequests(client, create, reply, rs)) abort();
  const uint32_t ids[2] = {requestIdOf(cloud, 0), requestIdOf(cloud, 1)};

  size_t piece = (flags >> 1) & 63;
  static char text[4200];
  size_t start = 0;
  for (size_t i = 0; i <= size; ++i) {
    if (i < size && data[i] != 0xFF) continue;
    const uint8_t* m = data + start;
    size_t n = i - start;
    start = i + 1;
    if (n && m[0] == 0xFE) {
      cloud.serverBytes(m + 1, n - 1);
    } else {
      expand(m, n, ids, text, sizeof text);
      if (piece && strlen(text) > 0) cloud.serverTextFragments(text, piece);
      else cloud.serverText(text);
    }
    for (int k = 0; k < 64 && cloud.available(); ++k) {
      gNow += 7;
      client.loop();
    }
    buffers.check();
  }
  for (int k = 0; k < 8; ++k) {
    gNow += 100;
    client.loop();
  }
  if (events.connects < 1) abort();
  if (getenv("SL_FUZZ_TRACE")) {  // what an input reached (for checking the seeds)
    fprintf(stderr, "trace: messages %d, form values %d, responses %d %d, client messages %d, frames bytes %zu\n",
            events.messages, events.forms, rs.calls[0], rs.calls[1], cloud.messageCount, cloud.recorded);
  }
  static char frames[65536];
  if (!cloud.full &&
      !sltest::decodeClientFrames(cloud.record, cloud.recorded, frames, sizeof frames, 0, false, true)) {
    abort();  // a malformed or unmasked frame
  }
  for (int i = 0; i < cloud.messageCount; ++i) {
    if (strlen(cloud.messages[i]) + 1 < sltest::FakeCloud::kMessageMax) checkJson(cloud.messages[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  uint8_t flags = data[0];
  static RecordingCloud cloud;  // 20 KB: off the stack
  cloud.reset();
  cloud.recorded = 0;
  cloud.full = false;
  Buffers buffers;
  if (flags & 1) {
    static sl::BasicClient basic;
    basic.~BasicClient();
    new (&basic) sl::BasicClient();
    run(basic, cloud, buffers, flags, data + 1, size - 1);
  } else {
    static sl::Client client;
    client.~Client();
    new (&client) sl::Client();
    run(client, cloud, buffers, flags, data + 1, size - 1);
  }
  return 0;
}
