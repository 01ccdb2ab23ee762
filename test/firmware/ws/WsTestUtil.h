// Helpers for WebSocket tests: decode the client's (masked) frames into a
// readable transcript, and build server frames.
#ifndef SL_TEST_WS_TEST_UTIL_H
#define SL_TEST_WS_TEST_UTIL_H

#include <string.h>

#include "io/FlashString.h"
#include "io/Sink.h"

namespace sltest {

inline void putText(sl::BufferSink& out, const char* s) { out.write(reinterpret_cast<const uint8_t*>(s), strlen(s)); }
// Error names are FlashStrings (in flash on AVR): copy them byte by byte.
inline void putText(sl::BufferSink& out, sl::FlashString s) {
  for (size_t i = 0; i < s.length(); ++i) out.write(static_cast<uint8_t>(s.at(i)));
}

inline void putNum(sl::BufferSink& out, unsigned long v) {
  char d[12];
  int n = 0;
  do {
    d[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) out.write(static_cast<uint8_t>(d[--n]));
}

// "<op><F|f>[<len>]:<payload>|" per frame; payload bytes outside 0x20..0x7e as ~.
// Fails (returns false) on an unmasked frame or a truncated frame (unless
// `allowTruncatedTail`: the last frame may still be being written).
// `maskOut` receives the first frame's mask key when not 0.
inline bool decodeClientFrames(const uint8_t* b, size_t len, char* out, size_t cap, uint8_t* maskOut = 0,
                               bool showLength = false, bool allowTruncatedTail = false) {
  sl::BufferSink s(out, cap);
  size_t p = 0;
  bool first = true;
  while (p < len) {
    if (len - p < 2) return allowTruncatedTail;
    uint8_t h0 = b[p], h1 = b[p + 1];
    p += 2;
    if (!(h1 & 0x80)) return false;
    unsigned long n = h1 & 0x7f;
    if (n == 126) {
      if (len - p < 2) return allowTruncatedTail;
      n = (static_cast<unsigned long>(b[p]) << 8) | b[p + 1];
      p += 2;
    } else if (n == 127) {
      if (len - p < 8) return allowTruncatedTail;
      n = 0;
      for (int i = 0; i < 8; ++i) n = (n << 8) | b[p + i];
      p += 8;
    }
    if (len - p < 4 + n) return allowTruncatedTail && (h0 & 0x0f) == 10 && !s.overflowed();
    const uint8_t* key = b + p;
    if (first && maskOut) memcpy(maskOut, key, 4);
    first = false;
    p += 4;
    putNum(s, h0 & 0x0f);
    putText(s, (h0 & 0x80) ? "F" : "f");
    if (showLength) putNum(s, n);
    putText(s, ":");
    for (unsigned long i = 0; i < n; ++i) {
      uint8_t c = static_cast<uint8_t>(b[p + i] ^ key[i & 3]);
      s.write(c >= 0x20 && c < 0x7f ? c : static_cast<uint8_t>('~'));
    }
    p += n;
    putText(s, "|");
  }
  return !s.overflowed();
}

}  // namespace sltest

#endif  // SL_TEST_WS_TEST_UTIL_H
