// HttpResponseParser: every response is fed in slices of every size from 1
// byte to the whole message; the event transcript must be the same each time.
// Responses and expected transcripts are flash strings (SLT_STR, in flash on
// AVR: the Uno's 2 KB of RAM do not hold them all); each response is copied
// into RAM (one at a time, on the stack) before it is fed.
#include <string.h>

#include "SlTest.h"
#include "http/HttpResponseParser.h"
#include "io/Sink.h"

namespace {

void put(sl::BufferSink& out, const char* s) { out.write(reinterpret_cast<const uint8_t*>(s), strlen(s)); }
// Error names are FlashStrings (in flash on AVR): copy them byte by byte.
void put(sl::BufferSink& out, sl::FlashString s) {
  for (size_t i = 0; i < s.length(); ++i) out.write(static_cast<uint8_t>(s.at(i)));
}

// Transcript: S<code> H<name>=<value>[~] C B<bytes> M E<error>; consecutive body spans are merged.
struct Run {
  char text[512];
  bool keepAlive;
  size_t leftover;  // input bytes not consumed after MessageComplete
};

void transcribe(const char* response, size_t slice, char* lineBuf, size_t lineCap, Run& run, bool noBody = false,
                bool eof = false) {
  sl::BufferSink out(run.text, sizeof run.text);
  sl::HttpResponseParser p(lineBuf, lineCap);
  if (noBody) p.expectNoBody();
  const uint8_t* all = reinterpret_cast<const uint8_t*>(response);
  size_t total = strlen(response), pos = 0;
  bool inBody = false, stop = false;
  run.leftover = 0;
  while (!stop) {
    size_t n = total - pos < slice ? total - pos : slice;
    const uint8_t* data = all + pos;
    size_t len = n;
    for (;;) {
      sl::HttpResponseParser::Event e = p.next(data, len);
      if (e == sl::HttpResponseParser::NeedMore) break;
      if (e != sl::HttpResponseParser::Body) inBody = false;
      switch (e) {
        case sl::HttpResponseParser::Status: {
          char num[8];
          num[0] = 'S';
          num[1] = static_cast<char>('0' + p.status() / 100);
          num[2] = static_cast<char>('0' + p.status() / 10 % 10);
          num[3] = static_cast<char>('0' + p.status() % 10);
          num[4] = ' ';
          num[5] = 0;
          put(out, num);
          break;
        }
        case sl::HttpResponseParser::Header:
          put(out, p.inTrailers() ? "T" : "H");
          put(out, p.headerName());
          put(out, "=");
          put(out, p.headerValue());
          put(out, p.headerTruncated() ? "~ " : " ");
          break;
        case sl::HttpResponseParser::HeadersComplete:
          put(out, "C ");
          break;
        case sl::HttpResponseParser::Body:
          if (!inBody) put(out, "B");
          inBody = true;
          out.write(p.body(), p.bodyLength());
          break;
        case sl::HttpResponseParser::MessageComplete:
          put(out, "M");
          stop = true;
          run.leftover = total - static_cast<size_t>(data - all);
          break;
        default:
          put(out, "E");
          put(out, p.error().name());
          stop = true;
          break;
      }
      if (stop) break;
    }
    pos += n - len;
    if (stop) break;
    if (pos >= total) {
      if (eof) {
        sl::HttpResponseParser::Event e = p.finish();
        if (e == sl::HttpResponseParser::MessageComplete) put(out, inBody ? " M" : "M");
        if (e == sl::HttpResponseParser::Error) {
          put(out, "E");
          put(out, p.error().name());
        }
      }
      break;
    }
  }
  run.keepAlive = p.keepAlive();
}

// Room for the longest response below and its NUL (load() checks it).
const size_t kMaxResponse = 128;

// Copies the flash string `text` (SLT_STR) into `out`, NUL-terminated; a
// failed check and false when it does not fit.
bool load(char (&out)[kMaxResponse], const char* text) {
  size_t n = 0;
  while (SLT_READ(text + n)) ++n;
  out[0] = 0;
  if (!CHECK_EQ_INT(n < kMaxResponse ? 0 : n, 0)) return false;  // got: the length of a response that does not fit
  for (size_t i = 0; i <= n; ++i) out[i] = SLT_READ(text + i);
  return true;
}

// Checks the transcript for every slice size; returns false at the first mismatch.
// `responseFlash` and `want` are flash strings (SLT_STR).
bool same(const char* responseFlash, const char* want, bool noBody = false, bool eof = false, size_t lineCap = 64,
          bool keepAlive = true, size_t leftover = 0) {
  char line[128];
  char response[kMaxResponse];
  if (!load(response, responseFlash)) return false;
  size_t total = strlen(response);
  for (size_t slice = 1; slice <= total; ++slice) {
    Run run;
    transcribe(response, slice, line, lineCap, run, noBody, eof);
    bool ok = CHECK_EQ_STR_FLASH_WANT(run.text, want);
    ok = CHECK_EQ_INT(run.keepAlive, keepAlive) && ok;
    ok = CHECK_EQ_INT(run.leftover, leftover) && ok;
    if (!ok) {
      CHECK_EQ_INT(slice, 0);  // shows the failing slice size
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE(http_content_length_body) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"),
       SLT_STR("S200 HContent-Type=application/json HContent-Length=11 C B{\"ok\":true}M"));
}

TEST_CASE(http_chunked_with_extensions_and_trailers) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               "4;name=value\r\nWiki\r\n5\r\npedia\r\nE ; a=\"b\"\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 42\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikipedia in\r\n\r\nchunks.TX-Sum=42 M"));
}

TEST_CASE(http_chunk_size_hex_upper_and_lower) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
               "a\r\n0123456789\r\nA\r\nabcdefghij\r\n0\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=gzip, Chunked C B0123456789abcdefghijM"));
}

TEST_CASE(http_body_until_close) {
  same(SLT_STR("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nhello"),
       SLT_STR("S200 HServer=x C Bhello M"), false, true, 64, false);
}

TEST_CASE(http_truncated_content_length_body_is_an_error) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"),
       SLT_STR("S200 HContent-Length=10 C BshortETruncatedBody"), false, true);
}

TEST_CASE(http_connection_close_and_keep_alive) {
  same(SLT_STR("HTTP/1.1 204 No Content\r\nConnection: Keep-Alive, Close\r\n\r\n"),
       SLT_STR("S204 HConnection=Keep-Alive, Close C M"), false, false, 64, false);
  same(SLT_STR("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"),
       SLT_STR("S200 HConnection=keep-alive HContent-Length=0 C M"), false, false, 64, true);
  same(SLT_STR("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"),
       SLT_STR("S200 HContent-Length=0 C M"), false, false, 64, false);
}

// HttpCloseResponseParser (one request per connection): the Connection
// header is one like any other, also when cut (HttpResponseParser:
// HeaderTooLong); the rest is the same parser.
TEST_CASE(http_close_parser_does_not_read_connection) {
  char line[24];
  char r[kMaxResponse];
  REQUIRE(load(r, SLT_STR("HTTP/1.1 200 OK\r\nConnection: close, keep-alive, upgrade, te\r\n"
                          "Content-Length: 2\r\n\r\nok")));
  for (int kind = 0; kind < 2; ++kind) {
    const uint8_t* d = reinterpret_cast<const uint8_t*>(r);
    size_t len = strlen(r);
    if (kind == 0) {
      sl::HttpResponseParser p(line, sizeof line);
      CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::Status);
      CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::Error);
      CHECK_EQ_INT(p.error().code(), sl::HttpError::HeaderTooLong);
      continue;
    }
    sl::HttpCloseResponseParser p(line, sizeof line);
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::Status);
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::Header);
    CHECK(p.headerTruncated());
    CHECK_EQ_STR_P(p.headerName(), "Connection");
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::Header);
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::HeadersComplete);
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::Body);
    CHECK_EQ_INT(p.bodyLength(), 2);
    CHECK_EQ_INT(p.next(d, len), sl::HttpCloseResponseParser::MessageComplete);
    CHECK(p.complete());
  }
}

TEST_CASE(http_leaves_pipelined_bytes_unconsumed) {
  same(SLT_STR("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi"),
       SLT_STR("S101 HUpgrade=websocket C M"), false, false, 64, true, 4);
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1"),
       SLT_STR("S200 HContent-Length=2 C BokM"), false, false, 64, true, 8);
}

TEST_CASE(http_interim_100_continue_then_final) {
  same(SLT_STR("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"),
       SLT_STR("S100 C S200 HContent-Length=1 C BxM"));
}

TEST_CASE(http_head_response_has_no_body) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"), SLT_STR("S200 HContent-Length=99 C M"), true);
}

TEST_CASE(http_values_are_trimmed_and_lf_only_lines_accepted) {
  same(SLT_STR("HTTP/1.1 200 OK\nX-A:   spaced \t \nContent-Length:0\n\n"),
       SLT_STR("S200 HX-A=spaced HContent-Length=0 C M"));
}

TEST_CASE(http_long_header_is_cut_and_flagged_not_overflowed) {
  char line[24];
  line[sizeof line - 1] = '#';
  sl::HttpResponseParser p(line, sizeof line - 1);  // the last byte is a guard
  char r[kMaxResponse];
  REQUIRE(load(r, SLT_STR("HTTP/1.1 200 OK\r\nSet-Cookie: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                          "Content-Length: 0\r\n\r\n")));
  const uint8_t* d = reinterpret_cast<const uint8_t*>(r);
  size_t len = strlen(r);
  CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::Status);
  CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::Header);
  CHECK(p.headerTruncated());
  CHECK_EQ_STR_P(p.headerName(), "Set-Cookie");
  CHECK_EQ_STR_P(p.headerValue(), "aaaaaaaaaa");
  CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::Header);
  CHECK(!p.headerTruncated());
  CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::HeadersComplete);
  CHECK_EQ_INT(p.next(d, len), sl::HttpResponseParser::MessageComplete);
  CHECK_EQ_INT(line[sizeof line - 1], '#');
}

TEST_CASE(http_long_framing_header_is_an_error) {
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length:                     5\r\n\r\nhello"),
       SLT_STR("S200 EHeaderTooLong"), false, false, 24);
  same(SLT_STR("HTTP/1.1 200 OK\r\nX-Very-Long-Header-Name-Indeed: 1\r\n\r\n"),
       SLT_STR("S200 EHeaderTooLong"), false, false, 24);
}

TEST_CASE(http_rejects_malformed_input) {
  same(SLT_STR("HTTP/2 200 OK\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("HTTP/1.1 20 OK\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("HTTP/1.1 200OK\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("ICY 200 OK\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\n: empty\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n"), SLT_STR("S200 HA=1 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nA: x\001y\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n"), SLT_STR("S200 EInvalidContentLength"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 4294967296\r\n\r\n"), SLT_STR("S200 EInvalidContentLength"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
       SLT_STR("S200 HContent-Length=1 EInvalidContentLength"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), SLT_STR("S200 EUnsupportedTransferEncoding"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;x\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BabEInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100000000\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
}

// RFC 9112 section 2.2: a CR only right before an LF in the status line, a
// header or trailer line and a chunk-size line; a bare CR makes the response
// invalid (each was dropped until the parser failed on it: "O\rK" read as "OK",
// "a\rb" as "ab", "1\r0" as "10"). A bare LF still ends a line.
TEST_CASE(http_bare_cr_in_a_line_is_an_error) {
  same(SLT_STR("HTTP/1.1 200 O\rK\r\nContent-Length: 0\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("HTTP/1.1\r 200 OK\r\nContent-Length: 0\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("\rHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), SLT_STR("EInvalidStatusLine"));
  same(SLT_STR("HTTP/1.1 200 OK\r\r\nContent-Length: 0\r\n\r\n"), SLT_STR("EInvalidStatusLine"));  // CR CR LF
  same(SLT_STR("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 1\r0\r\n\r\n0123456789"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nX-A: 1\r\r\nContent-Length: 0\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nX\rA: 1\r\nContent-Length: 0\r\n\r\n"), SLT_STR("S200 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\r\n"), SLT_STR("S200 HContent-Length=0 EInvalidHeader"));
  same(SLT_STR("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 \rOK\r\n\r\n"), SLT_STR("S100 C EInvalidStatusLine"));
  // trailers
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\nX-Sum: 4\r2\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikiEInvalidHeader"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0\r\n\r\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikiEInvalidHeader"));
  // chunk-size lines: after an extension or blanks (skipped, the CR with them),
  // and right after the size (refused before too)
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext\rx\r\nWiki\r\n0\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4 \r\r\nWiki\r\n0\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n0;a=b\r\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikiEInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\rx\r\nWiki\r\n0\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C EInvalidChunk"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\r\n0\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikiEInvalidChunk"));
}

// A chunk extension is tokens, quoted strings (obs-text allowed) and blanks
// (RFC 9112 section 7.1.1): a control byte other than HTAB in it makes the
// response invalid (each was skipped with the extension before).
TEST_CASE(http_control_byte_in_a_chunk_extension_is_an_error) {
  static const char kCtl[] = {'\x00', '\x01', '\x1b', '\x1f', '\x7f'};
  for (size_t i = 0; i < sizeof kCtl; ++i) {
    char r[96];
    const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;a=";
    memcpy(r, head, sizeof head - 1);
    size_t n = sizeof head - 1;
    r[n++] = kCtl[i];
    const char tail[] = "b\r\nWiki\r\n0\r\n\r\n";
    memcpy(r + n, tail, sizeof tail);
    n += sizeof tail - 1;
    char line[64];
    sl::HttpResponseParser p(line, sizeof line);
    const uint8_t* d = reinterpret_cast<const uint8_t*>(r);
    size_t len = n;
    sl::HttpResponseParser::Event e;
    while ((e = p.next(d, len)) != sl::HttpResponseParser::NeedMore && e != sl::HttpResponseParser::Error) {
      CHECK(e != sl::HttpResponseParser::Body);  // refused before the chunk's data
    }
    CHECK(e == sl::HttpResponseParser::Error);
    CHECK(p.error() == sl::HttpError::InvalidChunk);
  }
  // HTAB and obs-text in a quoted value, and in the last chunk's extension, are fine
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;\ta=\"x\xe9\"\r\nWiki\r\n0;\tz\r\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C BWikiM"));
}

// CR LF, a bare LF and CR LF with an extension still end lines; a body (by
// length, chunked or up to the close) carries CRs, bare or not, as data.
TEST_CASE(http_cr_lf_and_bare_lf_end_lines_and_a_body_keeps_its_crs) {
  same(SLT_STR("HTTP/1.1 200 OK\nX-A: 1\r\nContent-Length: 5\n\r\na\rb\r\r"),
       SLT_STR("S200 HX-A=1 HContent-Length=5 C Ba\rb\r\rM"));
  same(SLT_STR("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\n\r\n3;x=y\r\na\rb\r\n2 \r\n\r\r\n1\n\r\n0\r\nT: 1\n\r\n"),
       SLT_STR("S200 HTransfer-Encoding=chunked C Ba\rb\r\r\rTT=1 M"));
  same(SLT_STR("HTTP/1.0 200 OK\r\n\r\n\rx\r"), SLT_STR("S200 C B\rx\r M"), false, true, 64, false);
}

TEST_CASE(http_content_length_max_is_accepted) {
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);
  char r[kMaxResponse];
  REQUIRE(load(r, SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 4294967295\r\n\r\nab")));
  const uint8_t* d = reinterpret_cast<const uint8_t*>(r);
  size_t len = strlen(r);
  while (p.next(d, len) != sl::HttpResponseParser::NeedMore) {
  }
  CHECK(p.error() == sl::HttpError::Ok);
  CHECK_EQ_INT(p.contentLength(), 4294967295u);
  CHECK_EQ_INT(p.finish(), sl::HttpResponseParser::Error);
  CHECK_EQ_NAME(p.error(), "TruncatedBody");
}

TEST_CASE(http_reset_parses_the_next_response_on_the_same_connection) {
  char line[64];
  sl::HttpResponseParser p(line, sizeof line);
  char r[kMaxResponse];
  REQUIRE(load(r, SLT_STR("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n"
                          "aHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")));
  const uint8_t* d = reinterpret_cast<const uint8_t*>(r);
  size_t len = strlen(r);
  int completes = 0;
  for (int round = 0; round < 2; ++round) {
    sl::HttpResponseParser::Event e;
    while ((e = p.next(d, len)) != sl::HttpResponseParser::MessageComplete) {
      REQUIRE(e != sl::HttpResponseParser::Error && e != sl::HttpResponseParser::NeedMore);
    }
    ++completes;
    CHECK_EQ_INT(p.status(), round == 0 ? 200 : 404);
    p.reset();
  }
  CHECK_EQ_INT(completes, 2);
  CHECK_EQ_INT(len, 0);
}

TEST_CASE(http_error_names_are_readable) {
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::Ok), "Ok");
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::InvalidChunk), "InvalidChunk");
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::TruncatedBody), "TruncatedBody");
  CHECK(!sl::HttpError());
  CHECK(static_cast<bool>(sl::HttpError(sl::HttpError::WriteFailed)));
}
