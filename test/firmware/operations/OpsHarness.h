// Host-side harness for test/firmware/operations-cloud.test.ts: sends one
// generated request over REST (PosixSocketTransport + HttpResponseParser,
// body streamed into the operation's generated response decoder) or over
// the WebSocket (WsClient; the Response whose requestId matches is decoded),
// and prints tab-separated lines the jest side checks:
//   rest <opId> <status> <parseOk> <bodyHex>
//   ws <opId> <requestId> <parseOk> <eventBodyHex>
//   field <opId> <FieldName> <index> <truncated> <JsonValueCapture::Type> <text>
// Test harness only (stdio, static buffers); not firmware.
#ifndef SL_TEST_OPS_HARNESS_H
#define SL_TEST_OPS_HARNESS_H

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/Random.h"
#include "generated/Api.h"
#include "generated/Components.h"
#include "generated/Decoders.h"
#include "http/HttpResponseParser.h"
#include "json/JsonParser.h"
#include "transport/PosixSocketTransport.h"
#include "ws/WsClient.h"

namespace ops {

static char V[32][128];  // ids saved from decoded replies (or given in argv)
static uint16_t gPort = 0;

inline long nowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

inline void hex(const uint8_t* d, size_t n) {
  for (size_t i = 0; i < n; ++i) printf("%02x", d[i]);
}

// Prints every decoded field; saves field `save` (element 0) into V[var].
template <typename Handler, typename Field>
struct Printer : Handler {
  const char* op;
  int save;
  int var;
  Printer(const char* o, int s, int v) : op(o), save(s), var(v) {}
  void onField(Field f, const sl::JsonValueCapture& v, uint16_t i) override {
    printf("field\t%s\t%s\t%u\t%d\t%d\t", op, sl::api::fieldName(f), static_cast<unsigned>(i), v.truncated() ? 1 : 0, static_cast<int>(v.type()));
    for (size_t k = 0; k < v.length(); ++k) {
      char c = v.text()[k];
      putchar(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
    }
    printf("\n");
    if (static_cast<int>(f) == save && i == 0 && var >= 0) {
      size_t n = v.length() < sizeof V[0] - 1 ? v.length() : sizeof V[0] - 1;
      memcpy(V[var], v.text(), n);
      V[var][n] = 0;
    }
  }
};

// Body bytes as they arrive: hex-logged (up to a bound) and fed to the parser.
struct BodyLog {
  static uint8_t buf[65536];
  size_t n = 0;
  void add(const uint8_t* d, size_t len) {
    for (size_t i = 0; i < len && n < sizeof buf; ++i) buf[n++] = d[i];
  }
};
uint8_t BodyLog::buf[65536];

// REST: one request on a fresh connection. `parser` may be null (binary reply).
template <typename Req>
inline bool rest(const char* op, const Req& r, const char* key, sl::JsonParser* parser) {
  sl::PosixSocketTransport net;
  if (!net.connect("127.0.0.1", gPort)) {
    printf("rest\t%s\t0\tconnect-failed\t\n", op);
    return false;
  }
  sl::ComponentError e = r.writeHttp(net, "127.0.0.1", key);
  if (!e.ok()) {
    printf("rest\t%s\t0\twrite-%s\t\n", op, sl::componentErrorCodeName(e.code));
    return false;
  }
  char line[128];
  sl::HttpResponseParser http(line, sizeof line);
  BodyLog body;
  bool done = false, jsonOk = true;
  long end = nowMs() + 5000;
  uint8_t chunk[97];  // odd size: the body arrives in uneven slices
  while (!done && nowMs() < end) {
    net.waitReadable(20);
    size_t got = net.read(chunk, sizeof chunk);
    if (!got) {
      if (!net.connected()) break;
      continue;
    }
    const uint8_t* p = chunk;
    size_t len = got;
    for (;;) {
      sl::HttpResponseParser::Event ev = http.next(p, len);
      if (ev == sl::HttpResponseParser::Body) {
        body.add(http.body(), http.bodyLength());
        if (parser && parser->feed(http.body(), http.bodyLength()).code() != sl::JsonParseError::Ok) jsonOk = false;
        continue;
      }
      if (ev == sl::HttpResponseParser::MessageComplete) done = true;
      if (ev == sl::HttpResponseParser::NeedMore || ev == sl::HttpResponseParser::MessageComplete || ev == sl::HttpResponseParser::Error) break;
    }
  }
  if (parser && (parser->finish().code() != sl::JsonParseError::Ok)) jsonOk = false;
  printf("rest\t%s\t%u\t%s\t", op, static_cast<unsigned>(http.status()), !done ? "incomplete" : jsonOk ? "ok" : "json-error");
  hex(BodyLog::buf, body.n);
  printf("\n");
  return done && jsonOk;
}

// The WebSocket side: one connection per API key, messages collected whole
// (harness only) and the matching Response's eventBody decoded.
struct Inbox : sl::WsHandler {
  static uint8_t msg[65536];
  size_t n = 0;
  bool open = false, complete = false, closed = false;
  void onOpen() override { open = true; }
  void onMessageBegin(bool) override {
    n = 0;
    complete = false;
  }
  void onMessageData(const uint8_t* d, size_t len) override {
    for (size_t i = 0; i < len && n < sizeof msg; ++i) msg[n++] = d[i];
  }
  void onMessageEnd() override { complete = true; }
  void onClose(uint16_t, sl::WsError) override { closed = true; }
};
uint8_t Inbox::msg[65536];

inline sl::Random& rng() {
  static sl::Random r(static_cast<uint32_t>(nowMs()) ^ (static_cast<uint32_t>(getpid()) << 16));
  return r;
}

struct WsConn {
  sl::PosixSocketTransport net;
  char line[128];
  sl::WsClient ws;
  Inbox in;
  WsConn() : ws(net, rng(), line, sizeof line, 65536) {}
  bool open(const char* key) {
    if (ws.connect("127.0.0.1", gPort, "/service/ws", key) != sl::WsError::Ok) return false;
    long end = nowMs() + 5000;
    while (!in.open && !in.closed && nowMs() < end) {
      net.waitReadable(20);
      ws.poll(in);
    }
    return in.open;
  }
};

// The value of top-level string member `key` of a whole JSON message (the
// cloud's Response envelope), copied into out.
inline bool memberText(const uint8_t* m, size_t n, const char* key, char* out, size_t cap) {
  char pat[32];
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  size_t pl = strlen(pat);
  for (size_t i = 0; i + pl <= n; ++i) {
    if (memcmp(m + i, pat, pl)) continue;
    size_t k = 0;
    for (size_t j = i + pl; j < n && m[j] != '"' && k + 1 < cap; ++j) out[k++] = static_cast<char>(m[j]);
    out[k] = 0;
    return true;
  }
  return false;
}

template <typename Req>
inline bool wsCall(WsConn& c, const char* op, const Req& r, const char* requestId, sl::JsonParser& parser) {
  static uint8_t out[16384];
  sl::BufferSink sink(reinterpret_cast<char*>(out), sizeof out - 1);
  sl::JsonWriter w(sink);
  sl::ComponentError e = r.writeWs(w, requestId);
  if (!e.ok() || w.finish() != sl::JsonWriteError::Ok) {
    printf("ws\t%s\t%s\twrite-%s\t\n", op, requestId, sl::componentErrorCodeName(e.code));
    return false;
  }
  out[sink.length()] = 0;
  if (c.ws.sendText(reinterpret_cast<const char*>(out)) != sl::WsError::Ok) {
    printf("ws\t%s\t%s\tsend-failed\t\n", op, requestId);
    return false;
  }
  long end = nowMs() + 5000;
  while (nowMs() < end && !c.in.closed) {
    c.in.complete = false;
    while (!c.in.complete && !c.in.closed && nowMs() < end) {
      c.net.waitReadable(20);
      c.ws.poll(c.in);
    }
    if (!c.in.complete) break;
    char type[32], id[64];
    if (!memberText(Inbox::msg, c.in.n, "eventType", type, sizeof type) || strcmp(type, "Response")) continue;
    if (!memberText(Inbox::msg, c.in.n, "requestId", id, sizeof id) || strcmp(id, requestId)) continue;
    // Feed the eventBody object to the decoder: from its '{' until the parser is done.
    const char* pat = "\"eventBody\":";
    size_t pl = strlen(pat), at = 0;
    for (size_t i = 0; i + pl <= c.in.n; ++i)
      if (!memcmp(Inbox::msg + i, pat, pl)) {
        at = i + pl;
        break;
      }
    size_t from = at;
    bool ok = at != 0;
    while (ok && at < c.in.n && !parser.done()) {
      if (parser.feed(Inbox::msg + at, 1).code() != sl::JsonParseError::Ok) ok = false;
      ++at;
    }
    ok = ok && parser.done();
    printf("ws\t%s\t%s\t%s\t", op, id, ok ? "ok" : "json-error");
    hex(Inbox::msg + from, at - from);
    printf("\n");
    return ok;
  }
  printf("ws\t%s\t%s\tno-response\t\n", op, requestId);
  return false;
}

}  // namespace ops

#endif  // SL_TEST_OPS_HARNESS_H
