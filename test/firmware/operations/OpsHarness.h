// Host-side harness for test/firmware/operations-cloud.test.ts: sends one
// generated request over REST (PosixSocketTransport + HttpResponseParser,
// body streamed into the operation's generated response decoder) or over
// the WebSocket (sl::Client::send(request, parser, fn): the client routes
// the Response's eventBody into the same generated decoder), and prints
// tab-separated lines the jest side checks:
//   rest <opId> <status> <parseOk> <bodyHex>
//   ws <opId> <requestId> <outcome> <statusCode> <message>
//   stream <connection> <hex of every byte the client read>
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
#include "client/Client.h"
#include "transport/PosixSocketTransport.h"

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

// The WebSocket side: one sl::Client per API key. The request goes out with
// Client::send(request, reply parser, ResponseFn): the client streams the
// matching Response's eventBody into the generated decoder (the SDK path;
// nothing here looks at the reply's bytes). For the jest side's own check,
// every byte the client read from the socket is also recorded (Tee) and
// printed at the end as one line per connection:
//   stream <name> <hex of everything read: the 101 response, then frames>
// and each call prints
//   ws <opId> <requestId, 8 hex digits> <ok | ResponseFn error name> <statusCode> <message>
struct Tee : sl::Transport {
  sl::PosixSocketTransport net;
  static const size_t kCap = 1 << 20;
  uint8_t* log;
  size_t n = 0;
  explicit Tee(uint8_t* buffer) : log(buffer) {}
  bool connect(const char* host, uint16_t port) override { return net.connect(host, port); }
  size_t write(const uint8_t* d, size_t len) override { return net.write(d, len); }
  using sl::Transport::write;
  size_t available() override { return net.available(); }
  size_t read(uint8_t* b, size_t len) override {
    size_t got = net.read(b, len);
    for (size_t i = 0; i < got && n < kCap; ++i) log[n++] = b[i];
    return got;
  }
  bool connected() override { return net.connected(); }
  void stop() override { net.stop(); }
};

inline sl::Random& rng() {
  static sl::Random r(static_cast<uint32_t>(nowMs()) ^ (static_cast<uint32_t>(getpid()) << 16));
  return r;
}

inline uint32_t clockMs() { return static_cast<uint32_t>(nowMs()); }

struct Outcome {
  bool done = false;
  sl::ClientResponse r;
  char message[256];
  static void fn(const sl::ClientResponse& res, void* user) {
    Outcome& o = *static_cast<Outcome*>(user);
    o.done = true;
    o.r = res;
    size_t k = 0;
    for (; res.message[k] && k + 1 < sizeof o.message; ++k) {
      char c = res.message[k];
      o.message[k] = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
    }
    o.message[k] = 0;
  }
};

struct Conn : sl::ClientHandler {
  const char* name;
  Tee tee;
  sl::Client client;
  char sender[64], chat[64], text[256];  // text: a failed Response's message
  bool up = false;
  Conn(const char* n, uint8_t* log) : name(n), tee(log) {}
  void onConnected() override { up = true; }
  bool open(const char* key) {
    client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
    client.setHandler(*this);
    client.random().seed(rng().next());
    if (client.begin(tee, "127.0.0.1", gPort, key, &clockMs)) return false;
    long end = nowMs() + 5000;
    while (!client.connected() && nowMs() < end) {
      client.loop();
      if (client.state() == sl::Client::Connecting) tee.net.waitReadable(20);
    }
    return client.connected();
  }
  void printStream() {
    printf("stream\t%s\t", name);
    hex(tee.log, tee.n);
    printf("\n");
  }
};

template <typename Req>
inline bool wsCall(Conn& c, const char* op, const Req& r, sl::JsonParser& parser) {
  Outcome o;
  sl::ClientError e = c.client.send(r, parser, &Outcome::fn, &o);
  if (e) {
    printf("ws\t%s\t-\tsend-%s\t0\t\n", op, e.name().ptr());
    return false;
  }
  char id[9];
  uint32_t v = c.client.lastRequestId();
  for (int i = 0; i < 8; ++i) id[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  id[8] = 0;
  long end = nowMs() + 5000;
  while (!o.done && nowMs() < end) {
    c.client.loop();
    if (!o.done) c.tee.net.waitReadable(20);
  }
  const char* outcome = !o.done ? "no-response" : o.r.error ? o.r.error.name().ptr() : "ok";
  printf("ws\t%s\t%s\t%s\t%u\t%s\n", op, id, outcome, o.done ? static_cast<unsigned>(o.r.statusCode) : 0u,
         o.done ? o.message : "");
  return o.done && !o.r.error;
}

}  // namespace ops

#endif  // SL_TEST_OPS_HARNESS_H
