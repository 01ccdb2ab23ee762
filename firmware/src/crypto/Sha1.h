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
    uint8_t hiBits = static_cast<uint8_t>(count_ >> 29);
    uint8_t pad = 0x80;
    update(&pad, 1);
    pad = 0;
    while ((count_ & 63u) != 56) update(&pad, 1);
    uint8_t len[8] = {0, 0, 0, hiBits, static_cast<uint8_t>(bits >> 24), static_cast<uint8_t>(bits >> 16),
                      static_cast<uint8_t>(bits >> 8), static_cast<uint8_t>(bits)};
    update(len, 8);
    for (uint8_t i = 0; i < kDigestSize; ++i) {
      digest[i] = static_cast<uint8_t>(h_[i >> 2] >> (24 - 8 * (i & 3)));
    }
    reset();
  }

 private:
  static uint32_t rol(uint32_t v, uint8_t n) { return (v << n) | (v >> (32 - n)); }

  void compress() {
    // 16-word rolling message schedule: 64 bytes of stack instead of 320.
    uint32_t w[16];
    for (uint8_t i = 0; i < 16; ++i) {
      w[i] = (static_cast<uint32_t>(block_[4 * i]) << 24) | (static_cast<uint32_t>(block_[4 * i + 1]) << 16) |
             (static_cast<uint32_t>(block_[4 * i + 2]) << 8) | block_[4 * i + 3];
    }
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (uint8_t t = 0; t < 80; ++t) {
      if (t >= 16) {
        uint32_t x = w[(t + 13) & 15] ^ w[(t + 8) & 15] ^ w[(t + 2) & 15] ^ w[t & 15];
        w[t & 15] = rol(x, 1);
      }
      uint32_t f, k;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999u;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1u;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDCu;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6u;
      }
      uint32_t tmp = rol(a, 5) + f + e + k + w[t & 15];
      e = d;
      d = c;
      c = rol(b, 30);
      b = a;
      a = tmp;
    }
    h_[0] += a;
    h_[1] += b;
    h_[2] += c;
    h_[3] += d;
    h_[4] += e;
  }

  uint32_t h_[5];
  uint8_t block_[64];
  uint32_t count_;  // bytes hashed so far
};

}  // namespace sl

#endif  // SL_CRYPTO_SHA1_H
