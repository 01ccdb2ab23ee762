// HttpRequestWriter: byte-exact requests, percent-encoding, refused header
// injection, Content-Length from a counting pass, write failures at every byte.
#include <string.h>

#include "../http/ScriptedTransport.h"
#include "SlTest.h"
#include "http/HttpRequestWriter.h"

namespace {

bool writeJson(sl::Sink& out, void* ctx) {
  const char* s = static_cast<const char*>(ctx);
  size_t n = strlen(s);
  // Written in two pieces on purpose: the length must come from the counting pass.
  return out.write(reinterpret_cast<const uint8_t*>(s), n / 2) == n / 2 &&
         out.write(reinterpret_cast<const uint8_t*>(s) + n / 2, n - n / 2) == n - n / 2;
}

int calls = 0;
bool unstableBody(sl::Sink& out, void*) {
  ++calls;
  const char* s = calls == 1 ? "short" : "much longer";
  return out.write(reinterpret_cast<const uint8_t*>(s), strlen(s)) == strlen(s);
}

}  // namespace

TEST_CASE(http_writer_get_with_query_and_bearer) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin("GET", "/apikey/~validate").query("q", "a b&c=d/é").query("n", "1").host("api.semilimes.net").bearer("KEY-123");
  CHECK(req.end() == sl::HttpError::Ok);
  CHECK_EQ_STR(buf,
               "GET /apikey/~validate?q=a%20b%26c%3Dd%2F%C3%A9&n=1 HTTP/1.1\r\n"
               "Host: api.semilimes.net\r\n"
               "Authorization: Bearer KEY-123\r\n"
               "\r\n");
}

TEST_CASE(http_writer_post_body_from_counting_pass) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  char body[] = "{\"deviceId\":\"d1\"}";
  req.begin("POST", "/registerDevice").host("127.0.0.1", 8080).contentType("application/json").connectionClose();
  CHECK(req.end(writeJson, body) == sl::HttpError::Ok);
  CHECK_EQ_STR(buf,
               "POST /registerDevice HTTP/1.1\r\n"
               "Host: 127.0.0.1:8080\r\n"
               "Content-Type: application/json\r\n"
               "Connection: close\r\n"
               "Content-Length: 17\r\n"
               "\r\n"
               "{\"deviceId\":\"d1\"}");
}

TEST_CASE(http_writer_raw_body_and_path_escaping) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin("DELETE", "apikey/a b\r\n%41%zz?x=1").query("y", "2");
  CHECK(req.end(reinterpret_cast<const uint8_t*>("xy"), 2) == sl::HttpError::Ok);
  CHECK_EQ_STR(buf, "DELETE /apikey/a%20b%0D%0A%41%25zz?x=1&y=2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy");
}

TEST_CASE(http_writer_refuses_header_injection) {
  char buf[128];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin("GET", "/").bearer("abc\r\nX-Evil: 1");
  CHECK_EQ_NAME(req.end(), "InvalidArgument");
  CHECK_EQ_STR(buf, "GET / HTTP/1.1\r\n");  // nothing of the bad header was written
  char buf2[128];
  sl::BufferSink out2(buf2, sizeof buf2);
  sl::HttpRequestWriter r2(out2);
  r2.begin("GET", "/").header("Bad Name", "v");
  CHECK(r2.error() == sl::HttpError::InvalidArgument);
  sl::HttpRequestWriter r3(out2);
  r3.begin("G T", "/");
  CHECK(r3.error() == sl::HttpError::InvalidArgument);
  sl::HttpRequestWriter r4(out2);
  r4.begin("GET", "/").host("evil.com/x");
  CHECK(r4.error() == sl::HttpError::InvalidArgument);
}

TEST_CASE(http_writer_call_order_is_checked) {
  char buf[128];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin("GET", "/").host("h").query("late", "1");
  CHECK_EQ_NAME(req.end(), "BadCallOrder");
  sl::HttpRequestWriter r2(out);
  CHECK(r2.end() == sl::HttpError::BadCallOrder);  // no begin()
  sl::HttpRequestWriter r3(out);
  r3.begin("GET", "/");
  CHECK(r3.end() == sl::HttpError::Ok);
  CHECK(r3.end() == sl::HttpError::BadCallOrder);  // twice
}

TEST_CASE(http_writer_body_length_mismatch_never_sends_more) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  calls = 0;
  req.begin("POST", "/x");
  CHECK_EQ_NAME(req.end(unstableBody, 0), "BodyLengthMismatch");
  CHECK_EQ_STR(buf, "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nmuch ");
}

TEST_CASE(http_writer_reports_write_failure_at_every_byte) {
  char body[] = "{\"a\":1}";
  size_t full = 0;
  {
    sltest::ScriptedTransport t;
    t.connect("h", 80);
    sl::HttpRequestWriter req(t);
    req.begin("POST", "/m").host("h").bearer("k");
    CHECK(req.end(writeJson, body) == sl::HttpError::Ok);
    full = t.writtenLength();
  }
  REQUIRE(full > 40);
  for (size_t limit = 0; limit < full; ++limit) {
    sltest::ScriptedTransport t;
    t.connect("h", 80);
    t.setWriteLimit(limit);
    sl::HttpRequestWriter req(t);
    req.begin("POST", "/m").host("h").bearer("k");
    if (!CHECK(req.end(writeJson, body) == sl::HttpError::WriteFailed)) {
      CHECK_EQ_INT(limit, -1);
      break;
    }
    CHECK(t.writtenLength() <= limit);
  }
}

TEST_CASE(http_writer_flash_method_path_and_content_type) {
  char buf[160];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin(SL_F("PUT"), SL_F("/a b/%7e?x=1")).query("y", "z").contentType(SL_F("application/json"));
  CHECK(req.end() == sl::HttpError::Ok);
  CHECK_EQ_STR(buf, "PUT /a%20b/%7e?x=1&y=z HTTP/1.1\r\nContent-Type: application/json\r\n\r\n");
  char buf2[32];
  sl::BufferSink out2(buf2, sizeof buf2);
  sl::HttpRequestWriter bad(out2);
  bad.begin(SL_F("P T"), SL_F("/"));
  CHECK(bad.error() == sl::HttpError::InvalidArgument);
  CHECK_EQ_INT(out2.length(), 0);
}

// headerP(name, flashPrefix, value) joins prefix and value without a buffer
// (a control byte in the value is refused); endLength(n) ends the headers
// with Content-Length: n and leaves the body to the caller.
TEST_CASE(http_writer_prefixed_header_and_end_length) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::HttpRequestWriter req(out);
  req.begin("POST", "/service/file/upload").host("h").headerP(SL_PSTR("Content-Type"), SL_PSTR("multipart/form-data; boundary="), "b0");
  CHECK(req.endLength(12) == sl::HttpError::Ok);
  CHECK_EQ_STR(buf,
               "POST /service/file/upload HTTP/1.1\r\n"
               "Host: h\r\n"
               "Content-Type: multipart/form-data; boundary=b0\r\n"
               "Content-Length: 12\r\n"
               "\r\n");
  CHECK(req.endLength(1) == sl::HttpError::BadCallOrder);

  char buf2[128];
  sl::BufferSink out2(buf2, sizeof buf2);
  sl::HttpRequestWriter bad(out2);
  bad.begin("POST", "/x").headerP(SL_PSTR("Content-Type"), SL_PSTR("a; b="), "c\r\nX: y");
  CHECK(bad.endLength(0) == sl::HttpError::InvalidArgument);
}
