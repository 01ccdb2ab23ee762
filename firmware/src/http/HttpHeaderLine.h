// Header-line helpers shared by HttpResponseParser and the WebSocket
// upgrade check (WsHandshake), so a sketch linking both carries one copy.
//
// httpSplitHeader() splits a NUL-terminated "Name: value" line in place:
// the name is NUL-terminated at the colon, the value has its surrounding
// blanks removed; it returns the value, or 0 if the line is not a header
// (empty name, a byte outside the token set, no colon, or a leading blank,
// i.e. obsolete line folding). httpHasToken() tests a comma-separated list.
//
//   char* v = sl::detail::httpSplitHeader(line);
//   if (v && equalsIgnoreCaseFlash(line, SL_PSTR("connection")) && httpHasToken(v, SL_PSTR("upgrade"))) ...
#ifndef SL_HTTP_HTTP_HEADER_LINE_H
#define SL_HTTP_HTTP_HEADER_LINE_H

#include "../io/FlashString.h"

namespace sl {
namespace detail {

inline bool httpIsAlnum(uint8_t c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
inline bool httpIsUnreserved(uint8_t c) { return httpIsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
// A letter, a digit or one of the bytes of `flashSet` (never NUL). One
// copy for the header-name and the host checks.
SL_NOINLINE inline bool httpIsAlnumOr(uint8_t c, const char* flashSet) {
  return httpIsAlnum(c) || flashContains(flashSet, c);
}
inline bool httpIsTokenChar(uint8_t c) { return httpIsAlnumOr(c, SL_PSTR("!#$%&'*+-.^_`|~")); }
inline bool httpIsHex(uint8_t c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
inline bool httpIsBlank(uint8_t c) { return c == ' ' || c == '\t'; }
// A byte that may not appear in a header line (CTL except tab).
inline bool httpIsCtl(uint8_t c) { return (c < 0x20 && c != '\t') || c == 0x7f; }
// The first byte at or after p that is not a blank.
SL_NOINLINE inline const char* httpSkipBlanks(const char* p) {
  while (httpIsBlank(static_cast<uint8_t>(*p))) ++p;
  return p;
}

// Compile-time check of a constant request path sent without escaping
// (WsHandshake::kPathVerbatim): '/' then unreserved bytes and
// "!$&'()*+,;=:@/?" only (no '%', no query escapes needed).
//   static_assert(sl::detail::httpPathIsPlain("/service/ws"), "...");
constexpr bool httpConstContains(const char* set, char c) {
  return *set && (*set == c || httpConstContains(set + 1, c));
}
constexpr bool httpPathTailIsPlain(const char* p) {
  return !*p || (((*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
                  httpConstContains("-._~!$&'()*+,;=:@/?", *p)) &&
                 httpPathTailIsPlain(p + 1));
}
constexpr bool httpPathIsPlain(const char* p) { return *p == '/' && httpPathTailIsPlain(p + 1); }

inline char* httpSplitHeader(char* line) {
  char* p = line;
  while (*p != ':') {
    if (!httpIsTokenChar(static_cast<uint8_t>(*p))) return 0;  // also NUL (no colon) and a leading blank
    ++p;
  }
  if (p == line) return 0;
  *p++ = '\0';
  p = const_cast<char*>(httpSkipBlanks(p));
  char* end = p;  // after the last non-blank byte (one pass)
  for (char* q = p; *q; ++q) {
    if (!httpIsBlank(static_cast<uint8_t>(*q))) end = q + 1;
  }
  *end = '\0';
  return p;
}

// True if the comma-separated list `list` holds `flashToken` (any case).
// Each element (between commas, blanks around it ignored) is compared;
// an empty element never matches (the token is not empty).
inline bool httpHasToken(const char* list, const char* flashToken) {
  for (;; ++list) {  // list: the start of the text, or just after a ','
    list = httpSkipBlanks(list);
    const char* p = skipIgnoreCaseFlash(list, flashToken);
    if (p) {
      p = httpSkipBlanks(p);
      if (*p == ',' || !*p) return true;
    }
    while (*list && *list != ',') ++list;
    if (!*list) return false;
  }
}

}  // namespace detail
}  // namespace sl

#endif  // SL_HTTP_HTTP_HEADER_LINE_H
