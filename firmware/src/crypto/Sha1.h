// SHA-1 (FIPS 180-4), streaming, no heap. Used only for the WebSocket
// handshake (Sec-WebSocket-Accept), never for security decisions.
//
// State: 88 bytes (five words, a 64-byte block, a 32-bit byte count).
// Input is limited to 2^32-1 bytes per digest, far above handshake needs.
//
//   sl::Sha1 h;
//   h.update(data, len);
//   uint8_t digest[sl::Sha1::kDigestSize];
//   h.finish(digest);   // h is reset afterwards
#ifndef SL_CRYPTO_SHA1_H
#define SL_CRYPTO_SHA1_H

#include "../config/Config.h"

// Out of line and never specialised: a clone that takes the word by value
// would load it into registers at every call site (what this code avoids).
#if defined(__GNUC__) && !defined(__clang__)
#define SL_SHA1_NOCLONE __attribute__((noinline, noclone))
#else
#define SL_SHA1_NOCLONE SL_NOINLINE
#endif

namespace sl {

class Sha1 {
 public:
  static const size_t kDigestSize = 20;

  Sha1() { reset(); }

  void reset() {
    h_[0] = 0x67452301u;
    h_[1] = 0xEFCDAB89u;
    h_[2] = 0x98BADCFEu;
    h_[3] = 0x10325476u;
    h_[4] = 0xC3D2E1F0u;
    count_ = 0;
  }

  void update(const uint8_t* data, size_t len) {
    while (len--) put(*data++);
  }

  void update(const char* text) {
    while (*text) put(static_cast<uint8_t>(*text++));
  }

  // Writes the 20-byte digest and resets the state.
  void finish(uint8_t digest[kDigestSize]) {
    uint32_t bits = count_ << 3;
    uint8_t hi = static_cast<uint8_t>(count_ >> 29);
    put(0x80);
    while ((static_cast<uint8_t>(count_) & 63u) != 56) put(0);
    for (uint8_t i = 0; i < 3; ++i) put(0);  // the message length in bits, big-endian
    put(hi);
    for (uint8_t i = 0; i < 4; ++i) {
      put(static_cast<uint8_t>(bits >> 24));
      bits <<= 8;
    }
    for (uint8_t i = 0; i < 5; ++i) {
      uint32_t x = h_[i];
      for (uint8_t j = 4; j-- > 0;) {
        digest[4 * i + j] = static_cast<uint8_t>(x);
        x >>= 8;
      }
    }
    reset();
  }

 private:
  // Written for code size on 8-bit cores (the handshake hashes 60 bytes
  // once): one out-of-line byte entry; every 32-bit operation goes through
  // one small out-of-line function on pointers (inline 32-bit code spills
  // registers on AVR), rotations one bit at a time, the working variables in
  // an array that shifts each round, constants read from flash.
  SL_NOINLINE void put(uint8_t b) {
    uint8_t i = static_cast<uint8_t>(count_) & 63u;
    block_[i] = b;
    ++count_;
    if (i == 63) compress();
  }

  enum Op : uint8_t { kCopy, kXor, kAnd, kOr, kAdd };

  SL_SHA1_NOCLONE static void op(uint32_t* d, const uint32_t* s, uint8_t kind) {
    uint32_t x = *d, y = *s;
    if (kind == kCopy) {
      x = y;
    } else if (kind == kXor) {
      x ^= y;
    } else if (kind == kAnd) {
      x &= y;
    } else if (kind == kOr) {
      x |= y;
    } else {
      x += y;
    }
    *d = x;
  }

  SL_SHA1_NOCLONE static void rol(uint32_t* v, uint8_t n) {
    uint32_t x = *v;
    do {
      x = (x << 1) | (x >> 31);
    } while (--n);
    *v = x;
  }

  SL_NOINLINE void compress() {
    uint32_t w[16];
    const uint8_t* p = block_;
    for (uint8_t i = 0; i < 16; ++i) {
      uint32_t x = 0;
      for (uint8_t j = 0; j < 4; ++j) x = (x << 8) | *p++;
      w[i] = x;
    }
    // v[0..4] = a, b, c, d, e; v[5] = f, v[6] = scratch.
    uint32_t v[7];
    for (uint8_t i = 0; i < 5; ++i) op(&v[i], &h_[i], kCopy);
    static const uint32_t k[4] SL_PROGMEM = {0x5A827999u, 0x6ED9EBA1u, 0x8F1BBCDCu, 0xCA62C1D6u};
    uint8_t q = 0, left = 20;
    for (uint8_t t = 0; t < 80; ++t) {
      uint32_t* wt = &w[t & 15];
      if (t >= 16) {
        op(wt, &w[(t + 13) & 15], kXor);
        op(wt, &w[(t + 8) & 15], kXor);
        op(wt, &w[(t + 2) & 15], kXor);
        rol(wt, 1);
      }
      uint32_t* f = &v[5];
      uint32_t* x = &v[6];
      if (q == 0) {  // d ^ (b & (c ^ d))
        op(f, &v[2], kCopy);
        op(f, &v[3], kXor);
        op(f, &v[1], kAnd);
        op(f, &v[3], kXor);
      } else if (q == 2) {  // (b & c) | (d & (b | c))
        op(f, &v[1], kCopy);
        op(f, &v[2], kOr);
        op(f, &v[3], kAnd);
        op(x, &v[1], kCopy);
        op(x, &v[2], kAnd);
        op(f, x, kOr);
      } else {  // b ^ c ^ d
        op(f, &v[1], kCopy);
        op(f, &v[2], kXor);
        op(f, &v[3], kXor);
      }
#if SL_ARCH_AVR
      *x = pgm_read_dword(&k[q]);
#else
      *x = k[q];
#endif
      op(f, x, kAdd);
      op(f, &v[4], kAdd);
      op(f, wt, kAdd);
      op(x, &v[0], kCopy);
      rol(x, 5);
      op(f, x, kAdd);
      rol(&v[1], 30);
      for (uint8_t i = 4; i > 0; --i) op(&v[i], &v[i - 1], kCopy);  // e=d, d=c, c=rol(b), b=a, a=f
      op(&v[0], f, kCopy);
      if (--left == 0) {
        ++q;
        left = 20;
      }
    }
    for (uint8_t i = 0; i < 5; ++i) op(&h_[i], &v[i], kAdd);
  }

  uint32_t h_[5];
  uint8_t block_[64];
  uint32_t count_;  // bytes hashed so far
};

}  // namespace sl

#endif  // SL_CRYPTO_SHA1_H
