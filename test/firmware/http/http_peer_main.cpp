// Host program: HttpRequestWriter + HttpResponseParser over
// PosixSocketTransport against node's http server started by
// test/firmware/http.test.ts (port in SL_PEER_PORT). Reads go through a
// 48-byte buffer, so bodies are necessarily parsed as streaming spans.
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "SlTest.h"
#include "http/HttpRequestWriter.h"
#include "http/HttpResponseParser.h"
#include "transport/PosixSocketTransport.h"

namespace {

uint16_t port() { return static_cast<uint16_t>(atoi(getenv("SL_PEER_PORT") ? getenv("SL_PEER_PORT") : "0")); }

long nowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct Response {
  uint16_t status = 0;
  char body[512];
  size_t bodyLen = 0;  // bytes kept (<= sizeof body - 1)
  size_t total = 0;    // bytes received
  uint32_t checksum = 0;
  int spans = 0;
  bool chunked = false;
  bool keepAlive = false;
  char header[64];  // value of X-Seen
  sl::HttpError error;
  bool complete = false;
};

// Reads one response from `net` (which may already hold part of it).
bool readResponse(sl::PosixSocketTransport& net, sl::HttpResponseParser& p, Response& r, int timeoutMs = 3000) {
  r.header[0] = 0;
  long end = nowMs() + timeoutMs;
  uint8_t buf[48];
  while (!r.complete && nowMs() < end) {
    size_t n = net.read(buf, sizeof buf);
    const uint8_t* d = buf;
    if (n == 0) {
      if (!net.connected()) {
        r.complete = p.finish() == sl::HttpResponseParser::MessageComplete;
        r.error = p.error();
        break;
      }
      net.waitReadable(20);
      continue;
    }
    for (;;) {
      sl::HttpResponseParser::Event e = p.next(d, n);
      if (e == sl::HttpResponseParser::NeedMore) break;
      if (e == sl::HttpResponseParser::Status) r.status = p.status();
      if (e == sl::HttpResponseParser::Header && p.headerIs("x-seen")) {
        strncpy(r.header, p.headerValue(), sizeof r.header - 1);
        r.header[sizeof r.header - 1] = 0;
      }
      if (e == sl::HttpResponseParser::Body) {
        ++r.spans;
        for (size_t i = 0; i < p.bodyLength(); ++i) {
          if (r.bodyLen < sizeof r.body - 1) r.body[r.bodyLen++] = static_cast<char>(p.body()[i]);
          r.checksum += p.body()[i] * static_cast<uint32_t>(r.total + 1);
          ++r.total;
        }
        r.body[r.bodyLen] = 0;
      }
      if (e == sl::HttpResponseParser::MessageComplete) {
        r.complete = true;
        break;
      }
      if (e == sl::HttpResponseParser::Error) {
        r.error = p.error();
        return false;
      }
    }
    if (r.complete && n) return false;  // the server sent more than one response
  }
  r.body[r.bodyLen] = 0;
  r.chunked = p.chunked();
  r.keepAlive = p.keepAlive();
  return r.complete;
}

bool jsonBody(sl::Sink& out, void*) {
  const char* parts[] = {"{\"deviceId\":", "\"dev-1\",", "\"n\":", "42}"};
  for (const char* s : parts) {
    if (out.write(reinterpret_cast<const uint8_t*>(s), strlen(s)) != strlen(s)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE(http_peer_keep_alive_sequence_on_one_connection) {
  sl::PosixSocketTransport net;
  REQUIRE(net.connect("127.0.0.1", port()));
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);

  // 1. Content-Length response; query parameters and bearer seen by the server.
  sl::HttpRequestWriter get(net);
  get.begin("GET", "/cl").query("x", "a b&c").query("emoji", "\xe2\x82\xac").host("127.0.0.1", port()).bearer("T0K");
  REQUIRE(!get.end());
  Response r1;
  REQUIRE(readResponse(net, p, r1));
  CHECK_EQ_INT(r1.status, 200);
  CHECK(!r1.chunked);
  CHECK(r1.keepAlive);
  CHECK_EQ_STR(r1.body, "{\"x\":\"a b&c\",\"emoji\":\"\xe2\x82\xac\",\"auth\":\"Bearer T0K\"}");

  // 2. Chunked response on the same connection.
  p.reset();
  sl::HttpRequestWriter chunked(net);
  chunked.begin("GET", "/chunked").host("127.0.0.1", port());
  REQUIRE(!chunked.end());
  Response r2;
  REQUIRE(readResponse(net, p, r2));
  CHECK(r2.chunked);
  CHECK_EQ_STR(r2.body, "part1-part2-part3");
  CHECK_EQ_STR(r2.header, "chunked-route");

  // 3. POST with a body from a counting pass; the server echoes it.
  p.reset();
  sl::HttpRequestWriter post(net);
  post.begin("POST", "/echo").host("127.0.0.1", port()).contentType("application/json");
  REQUIRE(!post.end(jsonBody, 0));
  Response r3;
  REQUIRE(readResponse(net, p, r3));
  CHECK_EQ_INT(r3.status, 201);
  CHECK_EQ_STR(r3.body, "{\"deviceId\":\"dev-1\",\"n\":42}");
  CHECK_EQ_STR(r3.header, "application/json 27");

  // 4. HEAD: headers announce a body that never comes.
  p.reset();
  p.expectNoBody();
  sl::HttpRequestWriter head(net);
  head.begin("HEAD", "/cl").host("127.0.0.1", port());
  REQUIRE(!head.end());
  Response r4;
  REQUIRE(readResponse(net, p, r4));
  CHECK_EQ_INT(r4.total, 0);

  // 5. 404 with a body, still on the same connection.
  p.reset();
  sl::HttpRequestWriter missing(net);
  missing.begin("GET", "/nope").host("127.0.0.1", port());
  REQUIRE(!missing.end());
  Response r5;
  REQUIRE(readResponse(net, p, r5));
  CHECK_EQ_INT(r5.status, 404);
  CHECK_EQ_STR(r5.body, "not found");
}

TEST_CASE(http_peer_large_chunked_body_streams_through_a_small_buffer) {
  sl::PosixSocketTransport net;
  REQUIRE(net.connect("127.0.0.1", port()));
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);
  sl::HttpRequestWriter req(net);
  req.begin("GET", "/big").host("127.0.0.1", port()).connectionClose();
  REQUIRE(!req.end());
  Response r;
  REQUIRE(readResponse(net, p, r, 10000));
  CHECK(r.chunked);
  CHECK_EQ_INT(r.total, 200000);
  uint32_t want = 0;
  for (uint32_t i = 0; i < 200000; ++i) want += static_cast<uint8_t>(i * 13) * (i + 1);
  CHECK_EQ_INT(r.checksum, want);
  CHECK(r.spans > 200000 / 48);  // delivered as many small spans, never buffered whole
  CHECK(!r.keepAlive);
}

TEST_CASE(http_peer_body_delimited_by_close) {
  sl::PosixSocketTransport net;
  REQUIRE(net.connect("127.0.0.1", port()));
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);
  sl::HttpRequestWriter req(net);
  req.begin("GET", "/raw-close").host("127.0.0.1", port());
  REQUIRE(!req.end());
  Response r;
  REQUIRE(readResponse(net, p, r));
  CHECK_EQ_STR(r.body, "until the end");
  CHECK(!r.keepAlive);
  CHECK(!r.error);
}

TEST_CASE(http_peer_truncated_body_is_reported) {
  sl::PosixSocketTransport net;
  REQUIRE(net.connect("127.0.0.1", port()));
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);
  sl::HttpRequestWriter req(net);
  req.begin("GET", "/raw-truncated").host("127.0.0.1", port());
  REQUIRE(!req.end());
  Response r;
  CHECK(!readResponse(net, p, r));
  CHECK(r.error.name().equals("TruncatedBody"));
}
