// HttpRequestWriter: streams one HTTP/1.1 request into a Sink (usually the
// Transport) through an 8-byte buffer of its own (detail::PutBuffer): the
// sink sees writes of up to 8 bytes, not one per escaped byte, and no text
// is copied onto the stack. What the calls wrote reaches the sink as the
// buffer fills, at the end of the header section (end*()) or at an error
// (the bytes of the calls before it). Every byte written is valid HTTP whatever
// the arguments: path and query bytes are percent-encoded, header names and
// values that would break the framing are refused (InvalidArgument, nothing
// written for that call). Errors are sticky: after the first one every call
// is a no-op and end() returns it.
//
// Order: begin() -> query()* -> header helpers* -> one end().
//
//   sl::HttpRequestWriter req(transport);
//   req.begin("POST", "/channel/message")
//      .query("limit", "10")
//      .host("api.semilimes.net")
//      .bearer(apiKey)
//      .contentType("application/json");
//   sl::HttpError err = req.end(writeJsonBody, &ctx);   // Content-Length by a counting pass
#ifndef SL_HTTP_HTTP_REQUEST_WRITER_H
#define SL_HTTP_HTTP_REQUEST_WRITER_H

#include "../io/Sink.h"
#include "BodyFn.h"
#include "HttpError.h"
#include "../io/FlashString.h"
#include "HttpHeaderLine.h"
#include "HttpRequestLine.h"
#include "PutBuffer.h"

namespace sl {

class HttpRequestWriter {
 public:
  explicit HttpRequestWriter(Sink& out) : b_(out), error_(HttpError::Ok), phase_(kStart), hasQuery_(false) {}

  // Request line start. `method` must be a token (e.g. "GET"); `path` should
  // start with '/'. Bytes outside the URL path set are percent-encoded; an
  // existing "%XX" escape and a '?' (query already in the path) are kept.
  HttpRequestWriter& begin(const char* method, const char* path) { return beginImpl(method, path, false); }

  // The same with method and path in flash (SL_F("...") / F("...")): no RAM
  // for the endpoint table on AVR.
  HttpRequestWriter& begin(FlashString method, FlashString path) { return beginImpl(method.ptr(), path.ptr(), true); }

  // Appends `name=value` to the query string, both percent-encoded
  // (everything but ALPHA DIGIT - . _ ~). Only between begin() and the first header.
  HttpRequestWriter& query(const char* name, const char* value) {
    if (!step(kRequestLine, kRequestLine)) return *this;
    putByte(hasQuery_ ? '&' : '?');
    hasQuery_ = true;
    putQueryPart(name);
    putByte('=');
    putQueryPart(value);
    return *this;
  }

  // Any header. `name` must be a token; `value` must not contain CR, LF, NUL
  // or other control bytes except tab.
  HttpRequestWriter& header(const char* name, const char* value) { return headerImpl(name, false, value, 0); }

  // A header whose name (and, if valueInFlash, value) are trusted constants
  // in flash on AVR (SL_PSTR); a RAM value is still checked.
  HttpRequestWriter& headerP(const char* flashName, const char* value, bool valueInFlash = false) {
    if (!valueInFlash) return headerImpl(flashName, true, value, 0);
    if (startHeader(flashName, true, "")) {
      putP(value);
      putP(SL_PSTR("\r\n"));
    }
    return *this;
  }

  // "name: " + a trusted flash prefix + a checked RAM value, written straight
  // through (no buffer to join them), e.g. headerP(SL_PSTR("Content-Type"),
  // SL_PSTR("multipart/form-data; boundary="), boundary).
  HttpRequestWriter& headerP(const char* flashName, const char* flashPrefix, const char* value) {
    if (!startHeader(flashName, true, value)) return *this;
    putP(flashPrefix);
    put(value);
    putP(SL_PSTR("\r\n"));
    return *this;
  }
  // "Host: host[:port]"; port 0 omits it. Host bytes must be [A-Za-z0-9.-:[]].
  HttpRequestWriter& host(const char* host, uint16_t port = 0) {
    if (!detail::httpHostIsValid(host)) return fail(HttpError::InvalidArgument);
    return headerImpl(SL_PSTR("Host"), true, host, port);
  }

  // "Authorization: Bearer <token>".
  HttpRequestWriter& bearer(const char* token) {
    if (!startHeader(SL_PSTR("Authorization"), true, token)) return *this;
    putP(SL_PSTR("Bearer "));
    put(token);
    putP(SL_PSTR("\r\n"));
    return *this;
  }

  // The same with a trusted constant token in flash (not checked here:
  // BasicClient::begin() checks a flash API key once).
  HttpRequestWriter& bearer(FlashString token) {
    if (!startHeader(SL_PSTR("Authorization"), true, "")) return *this;
    putP(SL_PSTR("Bearer "));
    putP(token.ptr());
    putP(SL_PSTR("\r\n"));
    return *this;
  }

  // A trusted constant type in flash, e.g. contentType(SL_F("application/json")).
  HttpRequestWriter& contentType(FlashString type) {
    return headerP(SL_PSTR("Content-Type"), type.ptr(), true);
  }
  HttpRequestWriter& contentType(const char* type) { return headerImpl(SL_PSTR("Content-Type"), true, type, 0); }

  // Adds "Connection: close" (HTTP/1.1 keeps the connection open by default).
  HttpRequestWriter& connectionClose() { return headerP(SL_PSTR("Connection"), SL_PSTR("close"), true); }

  // Ends the header section. No body: no Content-Length is written.
  SL_NODISCARD HttpError end() {
    if (step(kHeaders, kDone)) putP(SL_PSTR("\r\n"));
    return sent();
  }

  // Ends the header section with "Content-Length: len"; the caller then
  // writes exactly `len` body bytes into the same sink (e.g. through a
  // detail::LimitSink of `len`), after a counting pass of its own.
  SL_NODISCARD HttpError endLength(uint32_t len) {
    writeLength(len);
    return error_;
  }
  // Ends with a body of `len` bytes (Content-Length: len).
  SL_NODISCARD HttpError end(const uint8_t* body, size_t len) {
    if (!writeLength(len)) return error_;
    if (len && b_.sink().write(body, len) != len) fail(HttpError::WriteFailed);
    return error_;
  }

  // Ends with a body produced by `fn`: one counting pass for Content-Length,
  // then the real pass. A second pass of different length is reported as
  // BodyLengthMismatch (never more bytes than announced are sent; the
  // connection must then be closed).
  SL_NODISCARD HttpError end(BodyFn fn, void* context) {
    CountingSink counter;
    if (!fn(counter, context)) {
      fail(HttpError::InvalidArgument);
      return error_;
    }
    if (!writeLength(counter.count())) return error_;
    detail::LimitSink limited(b_.sink(), counter.count());
    bool ok = fn(limited, context);
    if (limited.failed()) return fail(HttpError::WriteFailed).error_;
    if (!ok || limited.offered() != counter.count()) fail(HttpError::BodyLengthMismatch);
    return error_;
  }

  // The first error so far (a write failure shows once the buffer went out).
  HttpError error() const { return error_ || b_.ok() ? error_ : HttpError(HttpError::WriteFailed); }

 private:
  enum Phase : uint8_t { kStart, kRequestLine, kHeaders, kDone };

  static bool isToken(const char* s) {
    for (; *s; ++s) {
      if (!detail::httpIsTokenChar(static_cast<uint8_t>(*s))) return false;
    }
    return true;
  }
  static bool isFieldValue(const char* s) {
    for (; *s; ++s) {
      if (detail::httpIsCtl(static_cast<uint8_t>(*s))) return false;
    }
    return true;
  }

  HttpRequestWriter& beginImpl(const char* method, const char* path, bool flash) {
    if (!step(kStart, kRequestLine)) return *this;
    if (!method || !path || !detail::httpByte(method, flash)) return fail(HttpError::InvalidArgument);
    for (const char* p = method; uint8_t c = detail::httpByte(p, flash); ++p) {
      if (!detail::httpIsTokenChar(c)) return fail(HttpError::InvalidArgument);
    }
    flash ? putP(method) : put(method);
    putByte(' ');
    detail::httpPutPath(b_, path, flash, hasQuery_);
    return *this;
  }

  // Records the first error; what earlier calls wrote still goes out.
  HttpRequestWriter& fail(HttpError::Code code) {
    sent();
    if (!error_) error_ = code;
    return *this;
  }
  // Sends what is buffered: the error so far (WriteFailed if the sink refused bytes).
  HttpError sent() {
    if (!b_.flush() && !error_) error_ = HttpError::WriteFailed;
    return error_;
  }

  // Moves from phase `from` (or, for header steps, from the request line) to `to`.
  bool step(Phase from, Phase to) {
    if (error_) return false;
    if (phase_ == kRequestLine && to >= kHeaders) {
      putP(SL_PSTR(" HTTP/1.1\r\n"));
      phase_ = kHeaders;
    }
    if (phase_ != from) {
      fail(HttpError::BadCallOrder);
      return false;
    }
    phase_ = to;
    return !error_;
  }

  // `name` is a flash constant when nameInFlash (trusted), else caller text.
  bool startHeader(const char* name, bool nameInFlash, const char* value) {
    if (!step(kHeaders, kHeaders)) return false;
    if ((!nameInFlash && (!*name || !isToken(name))) || !isFieldValue(value)) {
      fail(HttpError::InvalidArgument);
      return false;
    }
    nameInFlash ? putP(name) : put(name);
    putP(SL_PSTR(": "));
    return true;
  }

  HttpRequestWriter& headerImpl(const char* name, bool nameInFlash, const char* value, uint16_t port) {
    if (!startHeader(name, nameInFlash, value)) return *this;
    put(value);
    if (port) {
      b_.put(':');
      b_.putNumber(port);
    }
    putP(SL_PSTR("\r\n"));
    return *this;
  }

  bool writeLength(uint32_t len) {
    if (!step(kHeaders, kHeaders)) return false;
    char digits[11];
    uint8_t n = sizeof digits;
    digits[--n] = '\0';
    do {
      digits[--n] = static_cast<char>('0' + len % 10);
      len /= 10;
    } while (len);
    headerImpl(SL_PSTR("Content-Length"), true, digits + n, 0);
    if (step(kHeaders, kDone)) putP(SL_PSTR("\r\n"));
    return !sent();
  }

  void putQueryPart(const char* s) {
    for (const uint8_t* p = reinterpret_cast<const uint8_t*>(s); *p; ++p) {
      detail::httpIsUnreserved(*p) ? putByte(*p) : putEscaped(*p);
    }
  }
  void putEscaped(uint8_t c) { b_.putEscaped(c); }
  void putByte(uint8_t c) { b_.put(c); }
  void put(const char* s) { b_.put(s); }
  void putP(const char* flashText) { b_.putFlash(flashText); }

  detail::PutBuffer b_;  // the sink behind it; sticky failure (see sent())
  HttpError error_;
  Phase phase_;
  bool hasQuery_;
};

}  // namespace sl

#endif  // SL_HTTP_HTTP_REQUEST_WRITER_H
