// libFuzzer target: HttpResponseParser.
//
// Input: [config][config2] response-bytes. The response is parsed three
// times: whole, in slices of 1..8 bytes (from config), and byte by byte.
// All three must give the same digest of events, header text and body bytes
// (slicing invariance), the line buffer must never be overrun (guard bytes),
// and every body span must lie inside the input given to that call.
// Byte by byte, a CR outside the body (status, header, trailer and chunk
// lines, the CR LF after chunk data) that is not followed by LF fails the
// response on the byte after it at the latest, with no other event before
// the Error (RFC 9112 section 2.2: a bare CR is invalid; body bytes are data).
// Likewise a control byte other than HTAB, CR and LF outside the body (in a
// status, header, trailer or chunk-size line, chunk extensions included)
// fails the response on that byte, with no other event before the Error.
//
//   clang++ -std=gnu++11 -g -O1 -fsanitize=fuzzer,address,undefined \
//     -I firmware/src fuzz/http_response_fuzz.cpp -o build/fuzz/http_response_fuzz
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/HttpResponseParser.h"

namespace {

struct Digest {
  uint32_t h = 2166136261u;
  void byte(uint8_t b) { h = (h ^ b) * 16777619u; }
  void bytes(const void* p, size_t n) {
    for (size_t i = 0; i < n; ++i) byte(static_cast<const uint8_t*>(p)[i]);
  }
  void text(const char* s) { bytes(s, strlen(s) + 1); }
};

int bareCr;  // the last byte-by-byte parse: 1 when it failed on a bare CR (for checking the seeds)
int ctlByte;  // ... 1 when it failed on a control byte

bool isCtl(uint8_t c) { return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f; }

uint32_t parse(const uint8_t* in, size_t size, size_t slice, size_t cap, bool noBody) {
  char line[128 + 8];
  memset(line, 0xA5, sizeof line);
  sl::HttpResponseParser p(line, cap);
  if (noBody) p.expectNoBody();
  Digest d;
  size_t pos = 0;
  bool stop = false;
  bool cr = false;  // (slice 1) the byte before was a CR outside the body
  if (slice == 1) bareCr = ctlByte = 0;
  while (!stop) {
    size_t n = size - pos < slice ? size - pos : slice;
    const uint8_t* data = in + pos;
    size_t len = n;
    bool bare = slice == 1 && cr && n && *data != '\n', body = false;
    bool ctl = slice == 1 && n && isCtl(*data);  // data, or the Error
    for (;;) {
      const uint8_t* before = data;
      size_t beforeLen = len;
      sl::HttpResponseParser::Event e = p.next(data, len);
      if (data < before || data > before + beforeLen || len > beforeLen) abort();
      if (e == sl::HttpResponseParser::NeedMore) break;
      if (bare && e != sl::HttpResponseParser::Error) abort();  // went on after a bare CR
      if (bare) bareCr = 1;
      if (ctl && !body && e != sl::HttpResponseParser::Error && e != sl::HttpResponseParser::Body) abort();  // a control byte let through
      if (ctl && e == sl::HttpResponseParser::Error) ctlByte = 1;
      if (e == sl::HttpResponseParser::Body) body = true;
      if (e != sl::HttpResponseParser::Body) d.byte(static_cast<uint8_t>(e));
      if (e == sl::HttpResponseParser::Status) {
        d.byte(static_cast<uint8_t>(p.status()));
        d.byte(static_cast<uint8_t>(p.status() >> 8));
      }
      if (e == sl::HttpResponseParser::Header) {
        if (strlen(p.headerName()) >= cap || strlen(p.headerValue()) >= cap) abort();
        d.text(p.headerName());
        d.text(p.headerValue());
        d.byte(p.headerTruncated());
      }
      if (e == sl::HttpResponseParser::Body) {
        if (p.body() < before || p.body() + p.bodyLength() > before + beforeLen || p.bodyLength() == 0) abort();
        d.bytes(p.body(), p.bodyLength());
      }
      if (e == sl::HttpResponseParser::MessageComplete || e == sl::HttpResponseParser::Error) {
        d.byte(p.error().code());
        d.byte(p.keepAlive());
        stop = true;
        break;
      }
    }
    if (bare && !stop) abort();  // read the byte after a bare CR without failing
    if (ctl && !body && !stop) abort();  // skipped a control byte outside the body
    cr = slice == 1 && n && !body && in[pos] == '\r';
    pos += n;
    if (pos >= size && !stop) {
      sl::HttpResponseParser::Event e = p.finish();
      d.byte(0xEE);
      d.byte(static_cast<uint8_t>(e));
      d.byte(p.error().code());
      stop = true;
    }
  }
  for (size_t i = cap; i < sizeof line; ++i) {
    if (static_cast<uint8_t>(line[i]) != 0xA5) abort();  // wrote past the buffer
  }
  return d.h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t slice = 1 + data[0] % 8;
  size_t cap = 16 + data[1] % 113;  // 16..128
  bool noBody = (data[0] & 0x80) != 0;
  data += 2;
  size -= 2;
  uint32_t whole = parse(data, size, size ? size : 1, cap, noBody);
  if (parse(data, size, slice, cap, noBody) != whole) abort();
  if (parse(data, size, 1, cap, noBody) != whole) abort();
  if (getenv("SL_FUZZ_TRACE")) fprintf(stderr, "trace: bare cr %d, control byte %d\n", bareCr, ctlByte);
  return 0;
}
