// Request-line helpers shared by HttpRequestWriter and the WebSocket
// upgrade request (WsHandshake), so the path escaping and the Host check
// are written once.
//
// httpByte() reads a byte of a string in RAM or (flash) in flash.
// httpHostIsValid() accepts a non-empty host of [A-Za-z0-9.-:[]] only (a
// name, an IPv4 address or a bracketed IPv6 one; nothing that could break
// the Host line). httpPutPath() writes a request target: a '/' first unless
// the path starts with one, bytes outside the URL path set percent-encoded
// ("%XX", upper-case), an existing "%XX" escape and a '?' (a query already
// in the path) kept; it sets `query` if it wrote a '?' (else leaves it).
// Always inlined: each caller's constant arguments trim it, and a program
// has one caller of it or two (the HTTP writer, a WebSocket path that is
// not a verbatim constant); out of line it cost FileUpload 52 B of flash.
//
//   if (!sl::detail::httpHostIsValid(host)) return InvalidArgument;
//   sl::detail::PutBuffer b(out);
//   b.putFlash(SL_PSTR("GET "));
//   bool query = false;
//   sl::detail::httpPutPath(b, path, false, query);
#ifndef SL_HTTP_HTTP_REQUEST_LINE_H
#define SL_HTTP_HTTP_REQUEST_LINE_H

#include "../io/FlashString.h"
#include "HttpHeaderLine.h"
#include "PutBuffer.h"

namespace sl {
namespace detail {

inline uint8_t httpByte(const char* s, bool flash) {
  return flash ? static_cast<uint8_t>(flashRead(s)) : static_cast<uint8_t>(*s);
}

inline bool httpHostIsValid(const char* host) {
  for (const char* p = host; *p; ++p) {
    if (!httpIsAlnumOr(static_cast<uint8_t>(*p), SL_PSTR(".-:[]"))) return false;
  }
  return *host != 0;
}

__attribute__((always_inline)) inline void httpPutPath(PutBuffer& b, const char* path, bool flash, bool& query) {
  if (httpByte(path, flash) != '/') b.put('/');
  for (const char* p = path; uint8_t c = httpByte(p, flash); ++p) {
    if (c == '?') query = true;
    // (a '%' with its two hex digits stays; the reads stop at the NUL)
    bool keep = httpIsUnreserved(c) || flashContains(SL_PSTR("!$&'()*+,;=:@/?"), c) ||
                (c == '%' && httpIsHex(httpByte(p + 1, flash)) && httpIsHex(httpByte(p + 2, flash)));
    if (keep) {
      b.put(c);
    } else {
      b.putEscaped(c);
    }
  }
}

}  // namespace detail
}  // namespace sl

#endif  // SL_HTTP_HTTP_REQUEST_LINE_H
