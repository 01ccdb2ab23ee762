// HttpResponseParser: an incremental HTTP/1.1 response parser fed with bytes
// as they arrive (one at a time or in any slices). It never buffers the body:
// body bytes are handed back as spans of the caller's input, so a JSON parser
// can consume them directly. Only one header line at a time is held, in a
// caller-owned line buffer.
//
// Handles: status line, headers (bounded line length), Content-Length,
// chunked transfer coding (extensions skipped, trailers delivered as headers),
// bodies delimited by connection close, 1xx interim responses, responses
// without a body (HEAD via expectNoBody(), 101, 204, 304), keep-alive.
// Lines end with CR LF or a bare LF; a bare CR (not followed by LF) in the
// status line, a header, trailer or chunk-size line is an error (RFC 9112
// section 2.2). Body bytes are never looked at: CRs in a body are data.
//
// Header lines longer than the buffer are cut: the Header event then has
// headerTruncated() set; if the parser itself needs that header
// (Content-Length, Transfer-Encoding, Connection) it fails with HeaderTooLong.
// The buffer must hold at least 16 bytes; 64 fits every header the SDK reads
// (the WebSocket handshake needs 52).
//
// State: 25 bytes on AVR (32 on 32-bit targets) + the caller's line buffer.
//
// Contract: call next() until it returns NeedMore; it consumes input
// (advancing data/len) up to the next event. MessageComplete is returned once;
// bytes after the response are left unconsumed (pipelined data, or WebSocket
// frames after a 101). Error is sticky. Call reset() before the next response
// on a kept-alive connection, finish() when the peer closes the connection.
//
//   char line[64];
//   sl::HttpResponseParser http(line, sizeof line);
//   for (;;) {
//     switch (http.next(data, len)) {
//       case sl::HttpResponseParser::Status: code = http.status(); continue;
//       case sl::HttpResponseParser::Header: ... http.headerName(), http.headerValue(); continue;
//       case sl::HttpResponseParser::Body: json.feed(http.body(), http.bodyLength()); continue;
//       case sl::HttpResponseParser::MessageComplete: done = true; break;
//       case sl::HttpResponseParser::Error: Serial.println(http.error().name()); break;
//       default: break;  // NeedMore, HeadersComplete
//     }
//     break;
//   }
#ifndef SL_HTTP_HTTP_RESPONSE_PARSER_H
#define SL_HTTP_HTTP_RESPONSE_PARSER_H

#include "../io/FlashString.h"
#include "HttpError.h"
#include "HttpHeaderLine.h"
#include "HttpRequestWriter.h"

namespace sl {

namespace detail {
// HttpResponseParser's state: all zero for a new response but for the
// buffer's capacity, so it is value-initialized as one block (a clearing
// loop on AVR instead of a store per field, in the constructor and in
// reset()). Wide fields first: no padding on 32-bit targets.
struct HttpResponseFields {
  uint32_t remaining_;      // bytes left in the body or the current chunk
  uint32_t contentLength_;  // from the header
  const uint8_t* body_;
  size_t bodyLen_;
  uint16_t lineLen_;
  uint16_t valueAt_;
  uint16_t status_;
  uint16_t cap_;   // the line buffer's usable size (kept by reset())
  uint8_t flags_;  // BasicHttpResponseParser::Flag bits (a byte: 8-bit tests and sets on AVR)
  uint8_t state_;  // BasicHttpResponseParser::State (kStatusLine is 0)
  HttpError::Code error_;
};

// The events of every BasicHttpResponseParser (one type for both kinds).
struct HttpResponseEvents {
  enum Event : uint8_t {
    NeedMore,         // all input consumed, nothing to report
    Status,           // status() is set
    Header,           // headerName()/headerValue() valid until the next call
    HeadersComplete,  // end of the header section (for every response, including 1xx)
    Body,             // body()/bodyLength(): a span of the caller's input (de-chunked)
    MessageComplete,  // the response is over
    Error,            // error() says why; sticky
  };
};
}  // namespace detail

// ReadsConnection: the Connection header is interpreted (close, keep-alive,
// for keepAlive(); a truncated one is HeaderTooLong). HttpResponseParser
// does that. HttpCloseResponseParser (false) is for one request per
// connection (the request said Connection: close; the caller reads until
// the response ends or the peer closes): the Connection header is a header
// like any other, keepAlive() is not there (the provisioner's: 152 B less
// flash in firmware/examples/Provisioning on the Mega).
template <bool ReadsConnection>
class BasicHttpResponseParser : public detail::HttpResponseEvents, private detail::HttpResponseFields {
 public:
  // Does not touch the buffer. (Not constexpr: the zero block plus the two
  // buffer fields are a clearing loop and three stores where LTO inlines it.)
  BasicHttpResponseParser(char* lineBuffer, size_t capacity) : detail::HttpResponseFields(), line_(lineBuffer) {
    cap_ = static_cast<uint16_t>(capacity > 0xFFFF ? 0xFFFF : capacity);
  }

  // Prepares for the next response (same buffer; expectNoBody() is cleared).
  void reset() {
    uint16_t cap = cap_;
    static_cast<detail::HttpResponseFields&>(*this) = detail::HttpResponseFields();
    cap_ = cap;
    if (cap) line_[0] = '\0';
  }

  // The response has no body whatever its headers say (reply to HEAD).
  void expectNoBody() { flags_ |= kNoBody; }

  Event next(const uint8_t*& data, size_t& len) {
    for (;;) {
      switch (state_) {
        case kDone:
          return NeedMore;
        case kFailed:
          return Error;
        case kComplete:
          state_ = kDone;
          return MessageComplete;
        case kBodyLength:
        case kChunkData:
        case kBodyClose: {
          if (len == 0) return NeedMore;
          size_t n = len;
          if (state_ != kBodyClose && n > remaining_) n = static_cast<size_t>(remaining_);
          body_ = data;
          bodyLen_ = n;
          data += n;
          len -= n;
          if (state_ != kBodyClose) {
            remaining_ -= n;
            if (remaining_ == 0) state_ = state_ == kBodyLength ? kComplete : kChunkDataCr;
          }
          return Body;
        }
        default:
          break;
      }
      if (len == 0) return NeedMore;
      uint8_t c = *data++;
      --len;
      Event e = step(c);
      if (e != NeedMore) return e;
    }
  }

  // The connection ended. Returns MessageComplete when the body was delimited
  // by the close (or the response was already complete), else Error(TruncatedBody).
  Event finish() {
    if (state_ == kDone || state_ == kFailed) return state_ == kDone ? NeedMore : Error;
    if (state_ == kBodyClose || state_ == kComplete) {
      state_ = kDone;
      return MessageComplete;
    }
    return fail(HttpError::TruncatedBody);
  }

  uint16_t status() const { return status_; }
  const char* headerName() const { return line_; }
  const char* headerValue() const { return line_ + valueAt_; }
  bool headerTruncated() const { return (flags_ & kTruncated) != 0; }
  // The current Header is a trailer (after a chunked body).
  bool inTrailers() const { return state_ == kTrailer; }
  // Case-insensitive test of the current header's name; `lowerName` is a flash string on AVR.
  bool headerIs(const char* lowerName) const { return detail::equalsIgnoreCaseFlash(line_, lowerName); }

  const uint8_t* body() const { return body_; }
  size_t bodyLength() const { return bodyLen_; }

  bool chunked() const { return (flags_ & kChunked) != 0; }
  bool hasContentLength() const { return (flags_ & kHasLength) != 0; }
  uint32_t contentLength() const { return contentLength_; }
  // True when the connection can carry another request after this response.
  bool keepAlive() const {
    static_assert(ReadsConnection, "HttpCloseResponseParser does not read the Connection header");
    if (flags_ & kClose) return false;  // (also set for a body delimited by the close)
    return !(flags_ & kHttp10) || (flags_ & kKeepAlive);
  }
  bool complete() const { return state_ == kDone; }
  HttpError error() const { return error_; }

 private:
  enum State : uint8_t {
    kStatusLine, kHeaderLine, kTrailer, kBodyLength, kBodyClose, kChunkSize, kChunkSizeMore, kChunkExt,
    kChunkSizeLf, kChunkData, kChunkDataCr, kChunkDataLf, kComplete, kDone, kFailed
  };
  enum Flag : uint8_t {
    kChunked = 1, kHasLength = 2, kClose = 4, kKeepAlive = 8, kHttp10 = 16, kTruncated = 32, kNoBody = 64,
    kCr = 128  // step(): a CR just read in a status, header or trailer line
  };

  Event fail(HttpError::Code code) {
    error_ = code;
    state_ = kFailed;
    return Error;
  }

  // One byte outside body spans.
  Event step(uint8_t c) {
    switch (state_) {
      case kStatusLine:
      case kHeaderLine:
      case kTrailer:
        // CR only right before LF: a bare CR makes the line invalid (RFC 9112
        // section 2.2; a bare LF ends a line, which it allows). lineDone()
        // clears kCr.
        if (c != '\n') {
          uint8_t f = flags_;
          if ((f & kCr) || (c != '\r' && detail::httpIsCtl(c))) {
            return fail(state_ == kStatusLine ? HttpError::InvalidStatusLine : HttpError::InvalidHeader);
          }
          if (c == '\r') {
            flags_ = static_cast<uint8_t>(f | kCr);
            return NeedMore;
          }
          if (lineLen_ == 0) flags_ &= static_cast<uint8_t>(~kTruncated);  // a new line starts
          if (lineLen_ + 1u < cap_) {
            line_[lineLen_++] = static_cast<char>(c);
          } else {
            flags_ |= kTruncated;
          }
          return NeedMore;
        }
        if (cap_) line_[lineLen_] = '\0';
        return lineDone();
      case kChunkSize:  // the first hex digit of the size
      case kChunkSizeMore: {
        uint8_t d = static_cast<uint8_t>(c | 0x20);
        if (detail::httpIsHex(c)) {
          if (remaining_ > 0x0FFFFFFFu) return fail(HttpError::InvalidChunk);
          remaining_ = (remaining_ << 4) | static_cast<uint32_t>(d <= '9' ? d - '0' : d - 'a' + 10);
          state_ = kChunkSizeMore;
          return NeedMore;
        }
        if (state_ == kChunkSize) return fail(HttpError::InvalidChunk);
        if (c == ';' || detail::httpIsBlank(c)) {
          state_ = kChunkExt;
          return NeedMore;
        }
        if (c == '\r') {
          state_ = kChunkSizeLf;
          return NeedMore;
        }
        if (c == '\n') return chunkSizeDone();
        return fail(HttpError::InvalidChunk);
      }
      case kChunkExt:  // skipped, never stored: any length is fine; CR only before LF
        if (c == '\r') {
          state_ = kChunkSizeLf;
          return NeedMore;
        }
        // tokens, quoted strings and blanks (RFC 9112 7.1.1): no control
        // byte but HTAB; LF ends the line, another one fails as below
        if (c != '\n' && !detail::httpIsCtl(c)) return NeedMore;
        // fall through
      case kChunkSizeLf:
        if (c == '\n') return chunkSizeDone();
        return fail(HttpError::InvalidChunk);
      case kChunkDataCr:
      case kChunkDataLf:
        if (c == '\r' && state_ == kChunkDataCr) {
          state_ = kChunkDataLf;
          return NeedMore;
        }
        if (c != '\n') return fail(HttpError::InvalidChunk);  // a bare LF is accepted
        state_ = kChunkSize;
        remaining_ = 0;
        return NeedMore;
      default:
        return NeedMore;
    }
  }

  Event chunkSizeDone() {
    if (remaining_ == 0) {
      state_ = kTrailer;
    } else {
      state_ = kChunkData;
    }
    return NeedMore;
  }

  void nextLine() {
    lineLen_ = 0;
    valueAt_ = 0;
  }

  Event lineDone() {
    bool truncated = (flags_ & kTruncated) != 0;
    flags_ &= static_cast<uint8_t>(~(kTruncated | kCr));
    if (state_ == kStatusLine) {
      if (lineLen_ == 0) return NeedMore;  // tolerate blank lines before the status line
      const char* p = line_;
      // "HTTP/1.x DDD" then the end or a space (x and D digits). The compare stops at the NUL.
      const char* pattern = SL_PSTR("HTTP/1.x DDD");
      for (uint8_t i = 0; i < 12; ++i) {
        char want = detail::flashRead(pattern + i), c = p[i];
        if (want == 'x' || want == 'D' ? (c < '0' || c > '9') : c != want) return fail(HttpError::InvalidStatusLine);
      }
      if ((p[12] && p[12] != ' ') || p[9] == '0') return fail(HttpError::InvalidStatusLine);
      status_ = static_cast<uint16_t>((p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0'));
      if (ReadsConnection && p[7] == '0') flags_ |= kHttp10;  // (for keepAlive())
      state_ = kHeaderLine;
      nextLine();
      return Status;
    }
    if (lineLen_ == 0) {
      nextLine();
      if (state_ == kTrailer) {
        state_ = kDone;
        return MessageComplete;
      }
      return headersDone();
    }
    char* value = detail::httpSplitHeader(line_);  // refuses obs-fold, an empty name, non-token bytes
    if (!value) {
      // Cut before its colon (only token bytes so far): too long; otherwise malformed.
      const char* p = line_;
      while (detail::httpIsTokenChar(static_cast<uint8_t>(*p))) ++p;
      return fail(truncated && !*p ? HttpError::HeaderTooLong : HttpError::InvalidHeader);
    }
    valueAt_ = static_cast<uint16_t>(value - line_);
    lineLen_ = 0;  // the next byte starts a new line; name/value stay readable until then
    if (truncated) flags_ |= kTruncated;
    if (state_ == kHeaderLine) {
      HttpError::Code err = interpret(truncated);
      if (err != HttpError::Ok) return fail(err);
    }
    return Header;
  }

  HttpError::Code interpret(bool truncated) {
    const char* value = line_ + valueAt_;
    if (headerIs(SL_PSTR("content-length"))) {
      if (truncated) return HttpError::HeaderTooLong;
      uint32_t n = 0;
      if (!*value) return HttpError::InvalidContentLength;
      for (const char* p = value; *p; ++p) {
        if (*p < '0' || *p > '9' || n > 429496729u || (n == 429496729u && *p > '5')) {
          return HttpError::InvalidContentLength;
        }
        n = n * 10 + static_cast<uint32_t>(*p - '0');
      }
      if ((flags_ & kHasLength) && n != contentLength_) return HttpError::InvalidContentLength;
      contentLength_ = n;
      flags_ |= kHasLength;
    } else if (headerIs(SL_PSTR("transfer-encoding"))) {
      if (truncated) return HttpError::HeaderTooLong;
      // The final coding must be chunked; anything else we cannot decode.
      const char* last = value;
      for (const char* p = value; *p; ++p) {
        if (*p == ',') last = p + 1;
      }
      while (detail::httpIsBlank(static_cast<uint8_t>(*last))) ++last;
      if (!detail::equalsIgnoreCaseFlash(last, SL_PSTR("chunked"))) return HttpError::UnsupportedTransferEncoding;
      flags_ |= kChunked;
    } else if (ReadsConnection && headerIs(SL_PSTR("connection"))) {
      if (truncated) return HttpError::HeaderTooLong;
      if (detail::httpHasToken(value, SL_PSTR("close"))) flags_ |= kClose;
      if (detail::httpHasToken(value, SL_PSTR("keep-alive"))) flags_ |= kKeepAlive;
    }
    return HttpError::Ok;
  }

  Event headersDone() {
    if (status_ < 200 && status_ != 101) {  // interim response: another status line follows
      state_ = kStatusLine;
      flags_ &= static_cast<uint8_t>(kNoBody);
      contentLength_ = 0;
      return HeadersComplete;
    }
    if ((flags_ & kNoBody) || status_ == 101 || status_ == 204 || status_ == 304) {
      state_ = kComplete;
    } else if (flags_ & kChunked) {
      state_ = kChunkSize;
      remaining_ = 0;
    } else if (flags_ & kHasLength) {
      remaining_ = contentLength_;
      state_ = remaining_ ? kBodyLength : kComplete;
    } else {
      state_ = kBodyClose;
      if (ReadsConnection) flags_ |= kClose;  // no keep-alive after it
    }
    return HeadersComplete;
  }

  char* line_;
};

typedef BasicHttpResponseParser<true> HttpResponseParser;
typedef BasicHttpResponseParser<false> HttpCloseResponseParser;

}  // namespace sl

#endif  // SL_HTTP_HTTP_RESPONSE_PARSER_H
