// Host program: sl::Client over PosixSocketTransport against the mock
// semilimes cloud started by test/firmware/client-cloud.test.ts.
//
//   cloud_main <port> <apiKey> <channelId> happy|fault [groupChatId contactId]
//
// happy: connect, REST GET /apikey/~validate on a second connection, send a
//        gauge and a form (generated builders) to the channel and a text to
//        the group chat and to the contact, wait for the form submission,
//        print the values by refName and every inbound message, reply with
//        a text, exit 0 once the reply's Response arrived.
// fault: connect, then send "seq-NN" texts every 40 ms while the test drops
//        the WebSocket; exit 0 when the outbox is empty and every request
//        has completed. Prints one line per event for the test to check.
// The client's clock (and the send schedule) counts only the time spent
// waiting idle for the network, as in faults_main.cpp: a busy machine's
// scheduling delays do not turn answered requests into Timeouts. The
// run's deadline is wall time.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/Client.h"
#include "generated/Components.h"
#include "transport/PosixSocketTransport.h"

namespace {

uint64_t wallUs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000ULL;
}

void sleepMs(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, 0);
}

// The client's clock: wall time spent in idle waits only.
uint64_t idleUs = 1000000;
uint32_t clockMs() { return static_cast<uint32_t>(idleUs / 1000); }

// Waits up to 2 ms for data on the WebSocket; when none came, the client's
// clock advances by the time waited.
void idleWait(sl::PosixSocketTransport& ws) {
  uint64_t t0 = wallUs();
  if (ws.waitReadable(2)) return;
  if (wallUs() - t0 < 1000) sleepMs(1);  // no socket to wait on (between connections)
  idleUs += wallUs() - t0;
}

sl::Client client;
const char* channelId = "";
bool replied = false;
uint32_t replyId = 0;
int done = 0;  // 1 ok, -1 failed
int completed = 0;

void onResponse(const sl::ClientResponse& r, void*) {
  ++completed;
  printf("RESP %08lx %s %u\n", static_cast<unsigned long>(r.requestId), r.error.name().ptr(),
         static_cast<unsigned>(r.statusCode));
  if (replied && r.requestId == replyId) done = r.error ? -1 : 1;
}

struct Events : sl::ClientHandler {
  bool pump = false;
  double level = -1;
  char note[32] = {0};
  int values = 0;
  void onConnected() override { printf("CONNECTED\n"); }
  void onDisconnected(sl::ClientError reason) override { printf("DISCONNECTED %s\n", reason.name().ptr()); }
  void onFormValue(const sl::InboundMessage& m, const sl::ClientFormValue& v) override {
    (void)m;
    ++values;
    printf("VALUE %s %s %s\n", v.refName.text(), v.type.text(),
           v.value.type() == sl::JsonValueCapture::True    ? "true"
           : v.value.type() == sl::JsonValueCapture::False ? "false"
                                                           : v.value.text());
    if (v.refName.equals("pump")) pump = v.value.boolean();
    if (v.refName.equals("level") && v.value.number().toDouble(level) != sl::JsonNumber::Ok) level = -2;
    if (v.refName.equals("note")) strncpy(note, v.value.text(), sizeof note - 1);
  }
  void onMessage(const sl::InboundMessage& m) override {
    static const char* const features[] = {"unknown", "p2p", "groupchat", "channel"};
    printf("MESSAGE %s %s from=%s chat=%s text=%s\n", features[static_cast<int>(m.feature)], m.componentType,
           m.senderId, m.chatId, m.text);
    if (strcmp(m.componentType, "formsubmission") == 0 && !replied) {
      static char reply[96];
      snprintf(reply, sizeof reply, "pump=%s level=%d note=%s", pump ? "on" : "off", static_cast<int>(level), note);
      sl::data::Text text(reply);
      sl::ClientError e = client.sendToChannel(channelId, text, &onResponse, 0);
      replyId = client.lastRequestId();
      replied = true;
      printf("REPLIED %08lx %s %s\n", static_cast<unsigned long>(replyId), e.name().ptr(), reply);
      if (e) done = -1;
    }
  }
};

struct Rest : sl::HttpResponseHandler {
  bool finished = false;
  size_t bodyBytes = 0;
  void onBody(const uint8_t*, size_t n) override { bodyBytes += n; }
  void onComplete(sl::ClientError e, uint16_t status) override {
    finished = true;
    printf("REST %s %u %lu\n", e.name().ptr(), static_cast<unsigned>(status), static_cast<unsigned long>(bodyBytes));
  }
};

bool writeSeq(sl::JsonWriter& w, void* ctx) {
  char text[16];
  snprintf(text, sizeof text, "seq-%02d", static_cast<int>(reinterpret_cast<intptr_t>(ctx)));
  w.beginObject().key("dataComponentType").string("text").key("text").string(text).endObject();
  return w.ok();
}

}  // namespace

int main(int argc, char** argv) {
  setvbuf(stdout, 0, _IOLBF, 0);
  if (argc < 5) return 2;
  uint16_t port = static_cast<uint16_t>(atoi(argv[1]));
  const char* key = argv[2];
  channelId = argv[3];
  bool fault = strcmp(argv[4], "fault") == 0;

  sl::PosixSocketTransport ws, http;
  Events events;
  char sender[48], chat[48], text[96];
  client.random().seed(static_cast<uint32_t>(wallUs()) ^ 0x5eed);
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.setHandler(events);
  client.setHttpTransport(http);
  if (client.begin(ws, "127.0.0.1", port, key, &clockMs)) return 3;

  sl::data::Gauge gauge;
  gauge.setTitle("Boiler").setValue(42.5).setDisplayValue("42.5 C");
  sl::form::Switch pump;
  pump.setRefName("pump").setTitle("Pump").setValue(false);
  sl::form::Slider level;
  level.setRefName("level").setTitle("Level").setMin(0).setMax(100).setStep(1).setValue(20);
  sl::form::Textbox note;
  note.setRefName("note").setTitle("Note");
  const sl::FormComponent* parts[] = {&pump, &level, &note};
  sl::data::Form form;
  form.setRefName("boiler").setSubmitText("Apply").setFormComponents(parts);

  Rest rest;
  int phase = 0;
  int seq = 0;
  const int kSeqs = 40;
  uint64_t start = wallUs();
  uint32_t lastSend = 0;
  while (!done) {
    client.loop();
    uint32_t now = clockMs();
    if (wallUs() - start > (fault ? 60000000u : 20000000u)) {
      printf("TIMEOUT phase=%d outbox=%u pending=%u\n", phase, client.outbox().count(), client.pendingCount());
      return 1;
    }
    if (!fault) {
      if (phase == 0 && (client.connected() || client.requestActive())) {
        // InProgress: the connect goes on; called again (same arguments)
        // after the next loop() until it answers Ok or an error.
        sl::ClientError e = client.request("GET", "/apikey/~validate", 0, 0, 0, rest);
        if (e != sl::ClientError::InProgress) {
          printf("REST_STARTED %s\n", e.name().ptr());
          phase = e ? 2 : 1;
        }
      } else if (phase == 1 && rest.finished) {
        phase = 2;
      } else if (phase == 2 && client.connected()) {
        sl::ClientError e1 = client.sendToChannel(channelId, gauge, &onResponse, 0);
        printf("SENT gauge %08lx %s\n", static_cast<unsigned long>(client.lastRequestId()), e1.name().ptr());
        sl::ClientError e2 = client.sendToChannel(channelId, form, &onResponse, 0);
        printf("SENT form %08lx %s\n", static_cast<unsigned long>(client.lastRequestId()), e2.name().ptr());
        if (e1 || e2) return 4;
        if (argc >= 7) {
          sl::data::Text hello("hello group");
          sl::ClientError e3 = client.sendToGroupChat(argv[5], hello, &onResponse, 0);
          printf("SENT group %08lx %s\n", static_cast<unsigned long>(client.lastRequestId()), e3.name().ptr());
          sl::data::Text hi("hello contact");
          sl::ClientError e4 = client.sendToContact(argv[6], hi, &onResponse, 0);
          printf("SENT p2p %08lx %s\n", static_cast<unsigned long>(client.lastRequestId()), e4.name().ptr());
          if (e3 || e4) return 5;
        }
        phase = 3;
      }
    } else {
      if (phase == 0 && client.connected()) {
        printf("READY\n");
        phase = 1;
        lastSend = now;
      } else if (phase == 1 && now - lastSend >= 40) {
        lastSend = now;
        bool online = client.connected() && client.outbox().empty();
        sl::ClientError e = client.sendToChannel(channelId, &writeSeq, reinterpret_cast<void*>(static_cast<intptr_t>(seq)),
                                                 &onResponse, 0);
        printf("SENT %d %08lx %s %s\n", seq, static_cast<unsigned long>(client.lastRequestId()), e.name().ptr(),
               online ? "direct" : "queued");
        if (++seq == kSeqs) phase = 2;
      } else if (phase == 2 && client.outbox().empty() && client.pendingCount() == 0) {
        printf("DONE completed=%d\n", completed);
        done = 1;
      }
    }
    idleWait(ws);
  }
  client.end();
  printf("EXIT %d\n", done);
  return done == 1 ? 0 : 1;
}
