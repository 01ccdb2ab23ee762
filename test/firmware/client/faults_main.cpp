// Host program for the client fault matrix (test/firmware/client-faults.test.ts):
// sl::Client over PosixSocketTransport against the mock semilimes cloud,
// which injects one fault (or a combination) per run.
//
//   faults_main <port> <apiKey> <channelId> <count> <intervalMs> <deadlineMs> [rest]
//
// Connects, prints READY, then sends "seq-NN" texts (NN = 0..count-1) to the
// channel every intervalMs, whatever the connection state (offline sends go
// to the outbox), with at most kWindow requests waiting for their Response:
// how many messages are in flight when a fault strikes then depends on the
// window, not on how fast the cloud or the machine happens to be. With "rest", one REST GET /apikey/~validate runs on a
// second transport right after READY (its outcome is printed as REST ...).
// Exits 0 once every send returned, the outbox is empty and every request
// (and the REST call) completed; prints TIMEOUT and exits 1 at the deadline.
//
// Time: the client's clock (the Clock given to begin(), which drives its
// request timeouts, backoff and heartbeat) and the send schedule run on a
// virtual clock that advances only while the device waits idle for the
// network: each wait that found nothing to read adds the time it waited.
// Time the program spends working, or descheduled by a busy machine (ASan,
// parallel jobs) while data was waiting, does not count: a loaded machine
// cannot turn a request whose answer already arrived into a Timeout, nor
// bunch the sends after a stall; a silent network counts as before (the
// delay faults still time out). Only the deadline is wall time.
// One line per event:
//   CONNECTED | DISCONNECTED <reason>
//   SENT <seq> <requestId> <error> direct|queued
//   RESP <requestId> <error> <statusCode>
//   REST <error> <status> <bodyBytes>
//   DONE completed=<n> | TIMEOUT ... ; EXIT <0|1>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/Client.h"
#include "transport/PosixSocketTransport.h"

namespace {

uint32_t wallMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint32_t>(ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000ULL);
}

void sleepMs(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, 0);
}

// The client's clock (see the header): wall time spent in idle waits only.
uint64_t idleUs = 1000000;
uint32_t clockMs() { return static_cast<uint32_t>(idleUs / 1000); }

uint64_t wallUs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000ULL;
}

// Waits up to 2 ms for data on the WebSocket; when none came, the network
// was silent for that long: the client's clock advances by the time waited.
void idleWait(sl::PosixSocketTransport& ws) {
  uint64_t t0 = wallUs();
  if (ws.waitReadable(2)) return;
  if (wallUs() - t0 < 1000) sleepMs(1);  // no socket to wait on (between connections)
  idleUs += wallUs() - t0;
}

const uint8_t kWindow = 4;

sl::Client client;
int completed = 0;

void onResponse(const sl::ClientResponse& r, void*) {
  ++completed;
  printf("RESP %08lx %s %u\n", static_cast<unsigned long>(r.requestId), r.error.name().ptr(),
         static_cast<unsigned>(r.statusCode));
}

struct Events : sl::ClientHandler {
  void onConnected() override { printf("CONNECTED\n"); }
  void onDisconnected(sl::ClientError reason) override { printf("DISCONNECTED %s\n", reason.name().ptr()); }
  void onMessage(const sl::InboundMessage& m) override { printf("MESSAGE %s\n", m.componentType); }
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
  if (argc < 7) return 2;
  uint16_t port = static_cast<uint16_t>(atoi(argv[1]));
  const char* key = argv[2];
  const char* channelId = argv[3];
  const int count = atoi(argv[4]);
  const uint32_t interval = static_cast<uint32_t>(atoi(argv[5]));
  const uint32_t deadline = static_cast<uint32_t>(atoi(argv[6]));
  const bool withRest = argc >= 8 && strcmp(argv[7], "rest") == 0;

  sl::PosixSocketTransport ws, http;
  Events events;
  char sender[48], chat[48], text[96];
  client.random().seed(wallMs() ^ 0x5eed);
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.setHandler(events);
  client.setHttpTransport(http);
  if (client.begin(ws, "127.0.0.1", port, key, &clockMs)) return 3;

  Rest rest;
  bool restStarted = !withRest;
  int phase = 0;
  int seq = 0;
  int done = 0;
  uint32_t start = wallMs(), lastSend = 0;
  while (!done) {
    client.loop();
    uint32_t now = clockMs();
    if (wallMs() - start > deadline) {
      printf("TIMEOUT phase=%d sent=%d outbox=%u pending=%u rest=%d\n", phase, seq, client.outbox().count(),
             client.pendingCount(), rest.finished ? 1 : 0);
      done = -1;
      break;
    }
    if (phase == 0 && client.connected()) {
      printf("READY\n");
      phase = 1;
      lastSend = now - interval;
    }
    if (phase >= 1 && !restStarted) {
      sl::ClientError e = client.request("GET", "/apikey/~validate", 0, 0, 0, rest);
      // Busy: retry on a later loop(); InProgress: the connect goes on, call
      // again (same arguments) after the next loop().
      if (e != sl::ClientError::Busy && e != sl::ClientError::InProgress) {
        printf("REST_STARTED %s\n", e.name().ptr());
        restStarted = true;
        if (e) rest.finished = true;
      }
    }
    if (phase == 1 && now - lastSend >= interval && client.pendingCount() < kWindow) {
      lastSend = now;
      bool online = client.connected() && client.outbox().empty();
      sl::ClientError e = client.sendToChannel(channelId, &writeSeq, reinterpret_cast<void*>(static_cast<intptr_t>(seq)),
                                               &onResponse, 0);
      printf("SENT %d %08lx %s %s\n", seq, static_cast<unsigned long>(client.lastRequestId()), e.name().ptr(),
             online ? "direct" : "queued");
      if (++seq == count) phase = 2;
    } else if (phase == 2 && client.outbox().empty() && client.pendingCount() == 0 && (rest.finished || !withRest)) {
      printf("DONE completed=%d\n", completed);
      done = 1;
    }
    idleWait(ws);
  }
  client.end();
  printf("EXIT %d\n", done == 1 ? 0 : 1);
  return done == 1 ? 0 : 1;
}
