// Base64 (RFC 4648, standard alphabet, '=' padding): encoding, and checking
// a text against the encoding of some bytes without a buffer for it.
//
// `base64Encode` writes the encoding of `len` bytes plus a NUL into `out`.
// It needs `base64EncodedLength(len) + 1` bytes; with less room it writes an
// empty string and returns 0 (never a partial encoding).
// `base64Equals` is true when a NUL-terminated text is exactly that encoding
// (the WebSocket handshake compares the peer's Sec-WebSocket-Accept so).
//
//   char key[25];
//   sl::base64Encode(nonce, 16, key, sizeof key);   // 24 chars + NUL
//   bool ok = sl::base64Equals(digest, 20, acceptHeaderValue);
#ifndef SL_CRYPTO_BASE64_H
#define SL_CRYPTO_BASE64_H

#include "../config/Config.h"

namespace sl {

inline size_t base64EncodedLength(size_t len) { return (len + 2) / 3 * 4; }

namespace detail {
SL_NOINLINE inline char base64Digit(uint8_t v) {
  // Arithmetic instead of a 64-byte table: no RAM on AVR, a few bytes of
  // code.
#if SL_ARCH_AVR
  // 'A' + v, moved on past 'Z' to the small letters, and past 'z' to the
  // digits; 62 and 63 first made 4v - 'A' + '+' - 4 * 62 (mod 256), so
  // that 'A' + v is '+' and '/', which both tests leave. Each test is of
  // the digit so far and falls through to the next (26 B; 32 B with the
  // form below, its ranges each ending in a return of their own).
  if (v >= 62) v = static_cast<uint8_t>((v << 2) - 'A' + '+' - 4 * 62);
  uint8_t c = static_cast<uint8_t>(v + 'A');
  SL_OPAQUE(c);  // (tested as it is, not as v)
  if (c > 'Z') c = static_cast<uint8_t>(c + ('a' - 'Z' - 1));
  SL_OPAQUE(c);  // (one register: not a copy for each path)
  if (c > 'z') c = static_cast<uint8_t>(c - ('z' + 1 - '0'));
  return static_cast<char>(c);
#else
  // One offset that each range moves on: 'A' + v, then 'a' - 26 + v,
  // '0' - 52 + v, and 4v - 205 ('+' for 62, '/' for 63). (Conditional
  // adds on 32-bit cores: 10 B less there than the form above.)
  if (v >= 62) return static_cast<char>(static_cast<uint8_t>(v << 2) - 205);
  uint8_t c = static_cast<uint8_t>(v + 'A');
  if (v >= 26) c = static_cast<uint8_t>(c + ('a' - 26 - 'A'));
  if (v >= 52) c = static_cast<uint8_t>(c - ('a' - 26 + 52 - '0'));
  return static_cast<char>(c);
#endif
}
}  // namespace detail

// Returns the number of characters written (without the NUL), 0 if `cap` is too small.
inline size_t base64Encode(const uint8_t* in, size_t len, char* out, size_t cap) {
  size_t need = base64EncodedLength(len);
  if (cap == 0) return 0;
  if (cap < need + 1) {
    out[0] = '\0';
    return 0;
  }
  // A bit accumulator: small code on 8-bit targets.
  uint16_t acc = 0;
  uint8_t bits = 0;
  size_t o = 0;
  for (size_t i = 0; i < len; ++i) {
    acc = static_cast<uint16_t>((acc << 8) | in[i]);
    bits = static_cast<uint8_t>(bits + 8);
    while (bits >= 6) {
      bits = static_cast<uint8_t>(bits - 6);
      out[o++] = detail::base64Digit(static_cast<uint8_t>((acc >> bits) & 63));
    }
  }
  if (bits) out[o++] = detail::base64Digit(static_cast<uint8_t>((acc << (6 - bits)) & 63));
  while (o < need) out[o++] = '=';
  out[o] = '\0';
  return o;
}

namespace detail {
// base64Equals() with the byte count in L: uint8_t for a short input (the
// WebSocket handshake's 20-byte digest: an 8-bit counter on AVR).
template <typename L>
bool base64EqualsOf(const uint8_t* in, L len, const char* text) {
  // Bit by bit (one constant shift per bit: no shift by a variable count,
  // which is a loop on 8-bit cores): each digit takes the next 6 bits, the
  // last one padded with zero bits.
  uint8_t bit = 0x80;
  for (L left = len; left;) {  // bytes not fully taken yet
    uint8_t v = 0;
    for (uint8_t k = 0; k < 6; ++k) {
      v = static_cast<uint8_t>(v << 1);
      if (left) {
        if (*in & bit) v |= 1;
        bit = static_cast<uint8_t>(bit >> 1);
        if (!bit) {
          bit = 0x80;
          ++in;
          --left;
        }
      }
    }
    if (*text++ != base64Digit(v)) return false;
  }
  for (uint8_t pad = static_cast<uint8_t>((3 - len % 3) % 3); pad; --pad) {
    if (*text++ != '=') return false;
  }
  return *text == '\0';
}
}  // namespace detail

// True when `text` (NUL-terminated) is exactly the base64 encoding of the
// `len` bytes at `in`, '=' padding included. Reads `text` only up to the
// first byte that differs (never past its NUL).
inline bool base64Equals(const uint8_t* in, size_t len, const char* text) {
  return detail::base64EqualsOf<size_t>(in, len, text);
}

}  // namespace sl

#endif  // SL_CRYPTO_BASE64_H
