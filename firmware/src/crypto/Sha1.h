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
    for (size_t i = 0; i < len; ++i) {
      block_[count_ & 63u] = data[i];
      ++count_;
      if ((count_ & 63u) == 0) compress();
    }
  }

  void update(const char* text) {
    while (*text) update(reinterpret_cast<const uint8_t*>(text++), 1);
  }

  // Writes the 20-byte digest and resets the state.
  void finish(uint8_t digest[kDigestSize]) {
    uint32_t bits = count_ << 3;
    uint8_t hi = static_cast<uint8_t>(count_ >> 29);
    uint8_t b = 0x80;
    update(&b, 1);
    b = 0;
    while ((count_ & 63u) != 56) update(&b, 1);
    for (uint8_t i = 0; i < 8; ++i) {  // the message length in bits, big-endian
      if (i < 4) {
        b = i == 3 ? hi : 0;
      } else {
        b = static_cast<uint8_t>(bits >> 24);
        bits <<= 8;
      }
      update(&b, 1);
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
  // Written for code size (the handshake hashes 60 bytes once): rotations
  // bit by bit, the working variables in an array that shifts each round.
  static uint32_t rol(uint32_t v, uint8_t n) {
    while (n--) v = (v << 1) | (v >> 31);
    return v;
  }

  void compress() {
    uint32_t w[16];
    for (uint8_t i = 0; i < 64; ++i) w[i >> 2] = (w[i >> 2] << 8) | block_[i];
    uint32_t v[5];
    for (uint8_t i = 0; i < 5; ++i) v[i] = h_[i];
    for (uint8_t t = 0; t < 80; ++t) {
      uint32_t& wt = w[t & 15];
      if (t >= 16) wt = rol(w[(t + 13) & 15] ^ w[(t + 8) & 15] ^ w[(t + 2) & 15] ^ wt, 1);
      uint32_t f;
      uint8_t q = t / 20;
      if (q == 0) {
        f = (v[1] & v[2]) | (~v[1] & v[3]);
      } else if (q == 2) {
        f = (v[1] & v[2]) | (v[1] & v[3]) | (v[2] & v[3]);
      } else {
        f = v[1] ^ v[2] ^ v[3];
      }
      static const uint32_t k[4] SL_PROGMEM = {0x5A827999u, 0x6ED9EBA1u, 0x8F1BBCDCu, 0xCA62C1D6u};
#if SL_ARCH_AVR
      uint32_t kq = pgm_read_dword(&k[q]);
#else
      uint32_t kq = k[q];
#endif
      uint32_t tmp = rol(v[0], 5) + f + v[4] + kq + wt;
      v[4] = v[3];
      v[3] = v[2];
      v[2] = rol(v[1], 30);
      v[1] = v[0];
      v[0] = tmp;
    }
    for (uint8_t i = 0; i < 5; ++i) h_[i] += v[i];
  }

  uint32_t h_[5];
  uint8_t block_[64];
  uint32_t count_;  // bytes hashed so far
};

}  // namespace sl

#endif  // SL_CRYPTO_SHA1_H
