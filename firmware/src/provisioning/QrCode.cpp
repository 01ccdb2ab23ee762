// QR Code encoder, from ISO/IEC 18004:2015 (sections 7.4 data encoding,
// 7.5 error correction, 7.7 placement, 7.8 masking, 7.9 format, 7.10 version).
#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "QrCode.h"

// The inner loops' helpers must inline: at -Os, AVR gcc would call them.
#if defined(__GNUC__) || defined(__clang__)
#define SL_QR_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define SL_QR_ALWAYS_INLINE inline
#endif

namespace sl {

namespace {

// Per version (row v-1): error-correction codewords per block for L, M, Q, H,
// then the number of blocks for L, M, Q, H (ISO/IEC 18004 Table 9), then the
// total codewords (SL_QR_TEMP_LEN_FOR_VERSION(v), low byte, high byte: a
// lookup instead of that formula's arithmetic at run time; qr_test checks
// every version's capacities). Only the rows up to SL_QR_MAX_VERSION are
// compiled in.
const uint8_t kEcTable[][10] SL_PROGMEM = {
    {7, 10, 13, 17,  1, 1, 1, 1,  26, 0},  // 1
#if SL_QR_MAX_VERSION >= 2
    {10, 16, 22, 28,  1, 1, 1, 1,  44, 0},  // 2
#endif
#if SL_QR_MAX_VERSION >= 3
    {15, 26, 18, 22,  1, 1, 2, 2,  70, 0},  // 3
#endif
#if SL_QR_MAX_VERSION >= 4
    {20, 18, 26, 16,  1, 2, 2, 4,  100, 0},  // 4
#endif
#if SL_QR_MAX_VERSION >= 5
    {26, 24, 18, 22,  1, 2, 4, 4,  134, 0},  // 5
#endif
#if SL_QR_MAX_VERSION >= 6
    {18, 16, 24, 28,  2, 4, 4, 4,  172, 0},  // 6
#endif
#if SL_QR_MAX_VERSION >= 7
    {20, 18, 18, 26,  2, 4, 6, 5,  196, 0},  // 7
#endif
#if SL_QR_MAX_VERSION >= 8
    {24, 22, 22, 26,  2, 4, 6, 6,  242, 0},  // 8
#endif
#if SL_QR_MAX_VERSION >= 9
    {30, 22, 20, 24,  2, 5, 8, 8,  36, 1},  // 9
#endif
#if SL_QR_MAX_VERSION >= 10
    {18, 26, 24, 28,  4, 5, 8, 8,  90, 1},  // 10
#endif
#if SL_QR_MAX_VERSION >= 11
    {20, 30, 28, 24,  4, 5, 8, 11,  148, 1},  // 11
#endif
#if SL_QR_MAX_VERSION >= 12
    {24, 22, 26, 28,  4, 8, 10, 11,  210, 1},  // 12
#endif
#if SL_QR_MAX_VERSION >= 13
    {26, 22, 24, 22,  4, 9, 12, 16,  20, 2},  // 13
#endif
#if SL_QR_MAX_VERSION >= 14
    {30, 24, 20, 24,  4, 9, 16, 16,  69, 2},  // 14
#endif
#if SL_QR_MAX_VERSION >= 15
    {22, 24, 30, 24,  6, 10, 12, 18,  143, 2},  // 15
#endif
#if SL_QR_MAX_VERSION >= 16
    {24, 28, 24, 30,  6, 10, 17, 16,  221, 2},  // 16
#endif
#if SL_QR_MAX_VERSION >= 17
    {28, 28, 28, 28,  6, 11, 16, 19,  47, 3},  // 17
#endif
#if SL_QR_MAX_VERSION >= 18
    {30, 26, 28, 28,  6, 13, 18, 21,  133, 3},  // 18
#endif
#if SL_QR_MAX_VERSION >= 19
    {28, 26, 26, 26,  7, 14, 21, 25,  223, 3},  // 19
#endif
#if SL_QR_MAX_VERSION >= 20
    {28, 26, 30, 28,  8, 16, 20, 25,  61, 4},  // 20
#endif
#if SL_QR_MAX_VERSION >= 21
    {28, 26, 28, 30,  8, 17, 23, 25,  132, 4},  // 21
#endif
#if SL_QR_MAX_VERSION >= 22
    {28, 28, 30, 24,  9, 17, 23, 34,  234, 4},  // 22
#endif
#if SL_QR_MAX_VERSION >= 23
    {30, 28, 30, 30,  9, 18, 25, 30,  84, 5},  // 23
#endif
#if SL_QR_MAX_VERSION >= 24
    {30, 28, 30, 30,  10, 20, 27, 32,  194, 5},  // 24
#endif
#if SL_QR_MAX_VERSION >= 25
    {26, 28, 30, 30,  12, 21, 29, 35,  52, 6},  // 25
#endif
#if SL_QR_MAX_VERSION >= 26
    {28, 28, 28, 30,  12, 23, 34, 37,  170, 6},  // 26
#endif
#if SL_QR_MAX_VERSION >= 27
    {30, 28, 30, 30,  12, 25, 34, 40,  36, 7},  // 27
#endif
#if SL_QR_MAX_VERSION >= 28
    {30, 28, 30, 30,  13, 26, 35, 42,  129, 7},  // 28
#endif
#if SL_QR_MAX_VERSION >= 29
    {30, 28, 30, 30,  14, 28, 38, 45,  3, 8},  // 29
#endif
#if SL_QR_MAX_VERSION >= 30
    {30, 28, 30, 30,  15, 29, 40, 48,  137, 8},  // 30
#endif
#if SL_QR_MAX_VERSION >= 31
    {30, 28, 30, 30,  16, 31, 43, 51,  19, 9},  // 31
#endif
#if SL_QR_MAX_VERSION >= 32
    {30, 28, 30, 30,  17, 33, 45, 54,  161, 9},  // 32
#endif
#if SL_QR_MAX_VERSION >= 33
    {30, 28, 30, 30,  18, 35, 48, 57,  51, 10},  // 33
#endif
#if SL_QR_MAX_VERSION >= 34
    {30, 28, 30, 30,  19, 37, 51, 60,  201, 10},  // 34
#endif
#if SL_QR_MAX_VERSION >= 35
    {30, 28, 30, 30,  19, 38, 53, 63,  60, 11},  // 35
#endif
#if SL_QR_MAX_VERSION >= 36
    {30, 28, 30, 30,  20, 40, 56, 66,  218, 11},  // 36
#endif
#if SL_QR_MAX_VERSION >= 37
    {30, 28, 30, 30,  21, 43, 59, 70,  124, 12},  // 37
#endif
#if SL_QR_MAX_VERSION >= 38
    {30, 28, 30, 30,  22, 45, 62, 74,  34, 13},  // 38
#endif
#if SL_QR_MAX_VERSION >= 39
    {30, 28, 30, 30,  24, 47, 65, 77,  204, 13},  // 39
#endif
#if SL_QR_MAX_VERSION >= 40
    {30, 28, 30, 30,  25, 49, 68, 81,  122, 14},  // 40
#endif
};
static_assert(sizeof(kEcTable) / sizeof(kEcTable[0]) == SL_QR_MAX_VERSION, "one row per version");

// a * 2 in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
SL_QR_ALWAYS_INLINE uint8_t gfDouble(uint8_t a) { return static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1D : 0)); }

// dst[j] = coef[j] * f + dst[j + 1] in GF(2^8), j = 0..n-1 (dst[n] taken as
// 0): the one step of both the generator's product and the remainder's
// division. dst may be coef. Multiplies bit by bit: log/antilog tables
// would add 550 bytes of flash (measured) to save 2.4 ms per claim QR on a
// 16 MHz AVR.
SL_NOINLINE void gfMulShift(uint8_t* dst, const uint8_t* coef, uint8_t f, uint8_t n) {
  for (; n; --n, ++dst, ++coef) {
    uint8_t z = n > 1 ? dst[1] : 0;
    uint8_t a = *coef;
    for (uint8_t b = f; b; b >>= 1, a = gfDouble(a)) {
      if (b & 1) z ^= a;
    }
    *dst = z;
  }
}

// Versions 7 and up (version information, more than two alignment
// coordinates per axis) and 10 and up (16-bit character counts): false when
// SL_QR_MAX_VERSION excludes them, and that code is not compiled in (AVR's
// default of 6).
const bool kVersion7Up = SL_QR_MAX_VERSION >= 7;
const bool kVersion10Up = SL_QR_MAX_VERSION >= 10;

// A position in a row-major bitmap (MSB first). Bit masks come from a table:
// a variable shift is a loop on AVR.
const uint8_t kBit[8] SL_PROGMEM = {0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01};
struct BitCursor {
  uint8_t* p;
  uint8_t bit;  // 0..7 within *p, 0 = MSB
  BitCursor(const uint8_t* m, uint16_t index) : p(const_cast<uint8_t*>(m) + (index >> 3)), bit(index & 7) {}
  SL_QR_ALWAYS_INLINE uint8_t mask() const { return SL_FLASH_READ(&kBit[bit]); }
  SL_QR_ALWAYS_INLINE bool get() const { return (*p & mask()) != 0; }
  SL_QR_ALWAYS_INLINE void flip() { *p ^= mask(); }
  SL_QR_ALWAYS_INLINE void next() {
    if (++bit == 8) {
      bit = 0;
      ++p;
    }
  }
  // Moves by 8 * bytes + bits (bits < 8).
  SL_QR_ALWAYS_INLINE void advance(uint8_t bytes, uint8_t bits) {
    p += bytes;
    bit = static_cast<uint8_t>(bit + bits);
    if (bit >= 8) {
      bit = static_cast<uint8_t>(bit - 8);
      ++p;
    }
  }
};

// Mask pattern `mask` (7.8.2) at row i, column j: true where it flips the
// module. Inlined where the mask is a constant (encodeFixedMask()), so that
// only that pattern's test is compiled. Symbol::xorMask() (the scored path)
// has the same eight patterns with residues tracked per row instead of
// divisions: built on this function it measured +150 B on the Mega
// (provisioning_flow) and +178 B (claim_qr). The QR tests decode every mask
// through both paths.
SL_QR_ALWAYS_INLINE bool maskDark(uint8_t mask, uint8_t i, uint8_t j) {
  switch (mask) {
    case 0: return ((i + j) & 1) == 0;
    case 1: return (i & 1) == 0;
    case 2: return j % 3 == 0;
    case 3: return (i + j) % 3 == 0;
    case 4: return ((i / 2 + j / 3) & 1) == 0;
    case 5: return ((i & j) & 1) == 0 && (i % 3) * (j % 3) % 3 == 0;
    case 6: return ((((i & j) & 1) + (i % 3) * (j % 3) % 3) & 1) == 0;
    default: return ((((i + j) & 1) + (i % 3) * (j % 3) % 3) & 1) == 0;
  }
}

// Everything placement and masking need to know about one symbol.
struct Symbol {
  uint8_t* m;
  uint8_t version, size;
  uint8_t alignCount;  // alignment coordinates per axis (0 for version 1)
  uint8_t alignStep;   // distance between them (after the first, which is 6)

  void init(uint8_t* modules, uint8_t v) {
    m = modules;
    version = v;
    size = static_cast<uint8_t>(SL_QR_SIZE_FOR_VERSION(v));
    alignCount = 0;
    alignStep = 0;
    if (v == 1) {
    } else if (!kVersion7Up) {
      alignCount = 2;  // 6 and size-7: no step
    } else {
      alignCount = static_cast<uint8_t>(v / 7 + 2);
      // Coordinates run from 6 to size-7; all but the first are evenly spaced
      // by an even step, the smallest that covers the span (Annex E, where
      // version 32 is the one exception).
      uint8_t span = static_cast<uint8_t>(size - 13);
      uint8_t step = static_cast<uint8_t>((span + alignCount - 2) / (alignCount - 1));
      if (step & 1) ++step;
      alignStep = v == 32 ? 26 : step;
    }
  }

  uint16_t index(uint8_t x, uint8_t y) const { return static_cast<uint16_t>(y * size + x); }
  bool get(uint8_t x, uint8_t y) const {
    uint16_t i = index(x, y);
    return (m[i >> 3] & SL_FLASH_READ(&kBit[i & 7])) != 0;
  }
  void set(uint8_t x, uint8_t y, bool dark) {
    uint16_t i = index(x, y);
    uint8_t bit = SL_FLASH_READ(&kBit[i & 7]);
    if (dark) m[i >> 3] |= bit; else m[i >> 3] &= static_cast<uint8_t>(~bit);
  }
  void flip(uint8_t x, uint8_t y) {
    uint16_t i = index(x, y);
    m[i >> 3] ^= SL_FLASH_READ(&kBit[i & 7]);
  }

  uint8_t alignCoord(uint8_t k) const {
    return k == 0 ? 6 : static_cast<uint8_t>(size - 7 - (alignCount - 1 - k) * alignStep);
  }
  // Index of the alignment coordinate within 2 modules of c, or -1.
  int alignNear(uint8_t c) const {
    for (uint8_t k = 0; k < alignCount; ++k) {
      int d = static_cast<int>(c) - alignCoord(k);
      if (d >= -2 && d <= 2) return k;
    }
    return -1;
  }
  // True for modules of function patterns (finders, separators, timing,
  // alignment, format and version information, the dark module).
  bool isFunction(uint8_t x, uint8_t y) const {
    uint8_t far = static_cast<uint8_t>(size - 8);
    if (x < 9 && (y < 9 || y >= far)) return true;
    if (x >= far && y < 9) return true;
    if (x == 6 || y == 6) return true;
    if (kVersion7Up && version >= 7) {
      uint8_t v0 = static_cast<uint8_t>(size - 11);
      if (x >= v0 && x < far && y < 6) return true;
      if (y >= v0 && y < far && x < 6) return true;
    }
    if (!kVersion7Up) {
      // At most one alignment pattern, centered on (size-7, size-7).
      uint8_t a = static_cast<uint8_t>(size - 9);
      return alignCount && static_cast<uint8_t>(x - a) < 5 && static_cast<uint8_t>(y - a) < 5;
    }
    if (alignCount) {
      int ax = alignNear(x), ay = alignNear(y);
      if (ax < 0 || ay < 0) return false;
      int last = alignCount - 1;
      if ((ax == 0 && ay == 0) || (ax == 0 && ay == last) || (ax == last && ay == 0)) return false;
      return true;
    }
    return false;
  }

  // Concentric squares around (cx, cy) out to Chebyshev distance r, their
  // colors in `rings` from the outermost (bit 7, distance r) in, 1 = dark:
  // filled squares from the largest in, each over the last. Modules outside
  // the symbol are dropped (unsigned coordinates: -1 wraps to 255). A finder
  // with its light separator ring is r 4, rings 01011 (0x58); an alignment
  // pattern r 2, rings 101 (0xA0).
  void drawRings(uint8_t cx, uint8_t cy, uint8_t r, uint8_t rings) {
    for (uint8_t d = r; d != 0xFF; --d, rings = static_cast<uint8_t>(rings << 1)) {
      for (uint8_t y = static_cast<uint8_t>(cy - d); y != static_cast<uint8_t>(cy + d + 1); ++y) {
        for (uint8_t x = static_cast<uint8_t>(cx - d); x != static_cast<uint8_t>(cx + d + 1); ++x) {
          if (x < size && y < size) set(x, y, rings & 0x80);
        }
      }
    }
  }
  // Every finder touches two edges: its separator is clipped there.
  void drawFinder(uint8_t cx, uint8_t cy) { drawRings(cx, cy, 4, 0x58); }
  void drawAlignment(uint8_t cx, uint8_t cy) { drawRings(cx, cy, 2, 0xA0); }

  void drawFunctionPatterns() {
    for (uint8_t i = 0; i < size; ++i) {
      set(6, i, (i & 1) == 0);
      set(i, 6, (i & 1) == 0);
    }
    for (uint8_t k = 0; k < 3; ++k) {  // upper left, upper right, lower left
      drawFinder(k == 1 ? static_cast<uint8_t>(size - 4) : 3, k == 2 ? static_cast<uint8_t>(size - 4) : 3);
    }
    if (!kVersion7Up) {
      if (alignCount) drawAlignment(static_cast<uint8_t>(size - 7), static_cast<uint8_t>(size - 7));
    } else {
      uint8_t last = static_cast<uint8_t>(alignCount - 1);
      for (uint8_t i = 0; i < alignCount; ++i) {
        for (uint8_t j = 0; j < alignCount; ++j) {
          if ((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) continue;
          drawAlignment(alignCoord(i), alignCoord(j));
        }
      }
    }
    if (kVersion7Up && version >= 7) {
      // 6 version bits and a BCH(18,6) remainder, generator 0x1F25 (7.10).
      uint32_t rem = static_cast<uint32_t>(version) << 12;
      for (int i = 17; i >= 12; --i) {
        if (rem & (1UL << i)) rem ^= 0x1F25UL << (i - 12);
      }
      uint32_t bits = (static_cast<uint32_t>(version) << 12) | rem;
      for (uint8_t i = 0; i < 18; ++i) {
        bool dark = (bits >> i) & 1;
        uint8_t a = static_cast<uint8_t>(size - 11 + i % 3), b = static_cast<uint8_t>(i / 3);
        set(a, b, dark);  // upper right: 3 wide, 6 tall
        set(b, a, dark);  // lower left: 6 wide, 3 tall
      }
    }
  }

  // Format information: 2 level bits + 3 mask bits, BCH(15,5) with generator
  // 0x537, XORed with 0x5412 (7.9), drawn twice; plus the dark module.
  void drawFormat(QrEcc ecc, uint8_t mask) {
    // Level bits: L 01, M 00, Q 11, H 10, i.e. the enum value XOR 1.
    uint8_t data = static_cast<uint8_t>(((static_cast<uint8_t>(ecc) ^ 1) << 3) | mask);
    // The remainder of data * x^10, a bit at a time (it stays below 2^10).
    uint16_t rem = data;
    for (uint8_t i = 0; i < 10; ++i) rem = static_cast<uint16_t>((rem << 1) ^ ((rem & 0x200) ? 0x537 : 0));
    uint16_t bits = static_cast<uint16_t>((static_cast<uint16_t>(data) << 10 | rem) ^ 0x5412);
    for (uint8_t i = 0; i < 15; ++i, bits >>= 1) {
      bool dark = bits & 1;
      // Around the upper-left finder: bits 0..7 down column 8 from the top
      // (skipping the timing row), bits 8..14 leftwards along row 8
      // (skipping the timing column). The copy: bits 0..7 along row 8 from
      // the right edge, bits 8..14 down column 8 to the bottom edge.
      if (i < 8) {
        set(8, static_cast<uint8_t>(i < 6 ? i : i + 1), dark);
        set(static_cast<uint8_t>(size - 1 - i), 8, dark);
      } else {
        set(static_cast<uint8_t>(i == 8 ? 7 : 14 - i), 8, dark);
        set(8, static_cast<uint8_t>(size - 15 + i), dark);
      }
    }
    set(8, static_cast<uint8_t>(size - 8), true);
  }

  // XORs mask pattern `mask` (7.8.2, i = row, j = column) over every module,
  // function patterns included: the caller redraws those afterwards, which
  // is far cheaper than testing each module. Applying twice restores the
  // encoding region. Residues are tracked incrementally: no division (the
  // same patterns as maskDark(), which the fixed-mask path uses).
  void xorMask(uint8_t mask) {
    BitCursor c(m, 0);
    uint8_t i3 = 0, iHalf = 0;
    for (uint8_t i = 0; i < size; ++i) {
      // Every mask repeats along a row with a period dividing 6: work out
      // columns 0..5 of this row once, then replay them.
      uint8_t i2 = i & 1, pattern = 0;
      for (uint8_t j = 0; j < 6; ++j) {
        uint8_t j2 = j & 1, j3 = j < 3 ? j : static_cast<uint8_t>(j - 3), jThird = j < 3 ? 0 : 1;
        uint8_t prod3 = static_cast<uint8_t>(i3 * j3);  // 0, 1, 2 or 4
        if (prod3 == 4) prod3 = 1;                      // (i * j) % 3
        bool dark;
        switch (mask) {
          case 0: dark = (i2 ^ j2) == 0; break;
          case 1: dark = i2 == 0; break;
          case 2: dark = j3 == 0; break;
          case 3: dark = i3 + j3 == 0 || i3 + j3 == 3; break;
          case 4: dark = (iHalf ^ jThird) == 0; break;
          case 5: dark = (i2 & j2) == 0 && prod3 == 0; break;
          case 6: dark = (((i2 & j2) + prod3) & 1) == 0; break;
          default: dark = (((i2 ^ j2) + prod3) & 1) == 0; break;
        }
        if (dark) pattern = static_cast<uint8_t>(pattern | (1 << j));
      }
      uint8_t bits = pattern, left = 6;
      for (uint8_t j = 0; j < size; ++j, c.next()) {
        if (bits & 1) c.flip();
        bits >>= 1;
        if (--left == 0) {
          bits = pattern;
          left = 6;
        }
      }
      if (++i3 == 3) i3 = 0;
      if (i & 1) iHalf ^= 1;
    }
  }
  // Masks the encoding region with `mask` and draws every function pattern
  // and the format information for it.
  void applyMask(uint8_t mask, QrEcc ecc) {
    xorMask(mask);
    drawFunctionPatterns();
    drawFormat(ecc, mask);
  }
};

// The codewords sit in `temp` block by block: all data codewords (blocks in
// order, short blocks first), then each block's ECC codewords. The symbol
// wants them interleaved (7.6): interleave() does that.
struct Blocks {
  uint16_t total;      // all codewords
  uint16_t dataLen;    // data codewords
  uint8_t count;       // blocks
  uint8_t eccLen;      // ECC codewords per block
  uint8_t shortCount;  // blocks with one data codeword fewer
  uint8_t shortData;   // data codewords in a short block

  void init(uint8_t version, QrEcc ecc) {
    const uint8_t* row = kEcTable[version - 1] + static_cast<uint8_t>(ecc);
    eccLen = SL_FLASH_READ(row);
    count = SL_FLASH_READ(row + 4);
    row += 8 - static_cast<uint8_t>(ecc);
    total = static_cast<uint16_t>(SL_FLASH_READ(row) | SL_FLASH_READ(row + 1) << 8);
    dataLen = static_cast<uint16_t>(total - count * eccLen);
    shortCount = static_cast<uint8_t>(count - total % count);
    shortData = static_cast<uint8_t>(total / count - eccLen);
  }
  uint8_t blockData(uint8_t b) const { return static_cast<uint8_t>(shortData + (b >= shortCount ? 1 : 0)); }

  // Copies the codewords of `temp` to `out` in the symbol's order: the first
  // data codeword of each block, then the second... (short blocks have none
  // in the last round), then the ECC codewords the same way.
  void interleave(const uint8_t* temp, uint8_t* out) const {
    const uint8_t* base = temp;
    uint8_t len = shortData, shorter = shortCount;  // data: blocks 0..shortCount-1 are short
    for (uint8_t part = 0; part < 2; ++part) {
      for (uint8_t k = 0; k <= len; ++k) {
        const uint8_t* p = base + k;
        for (uint8_t b = 0; b < count; ++b) {
          uint8_t blockLen = static_cast<uint8_t>(len + (b >= shorter ? 1 : 0));
          if (k < blockLen) *out++ = *p;
          p += blockLen;
        }
      }
      base = temp + dataLen;
      len = eccLen;
      shorter = count;  // ECC: every block has eccLen
    }
  }
};

bool fits(size_t len, uint8_t version, QrEcc ecc) { return len <= QrCode::byteCapacity(version, ecc); }

// N1 and N3 of one line of `size` modules starting at `index`, `stride` apart
// (1 for a row, size for a column).
uint16_t linePenalty(const uint8_t* m, uint8_t size, uint16_t index, uint8_t stride) {
  BitCursor c(m, index);
  const uint8_t strideBytes = static_cast<uint8_t>(stride >> 3), strideBits = stride & 7;
  uint16_t score = 0;  // at most about 3 * 177 + 40 * 25 per line
  bool runColor = false;
  uint8_t run = 0;
  uint16_t history = 0;  // last 15 modules, newest in bit 0; 0 = light, also beyond the edges
  for (uint8_t k = 0; k < size + 4; ++k) {
    bool dark = false;
    if (k < size) {
      dark = c.get();
      c.advance(strideBytes, strideBits);
      if (k > 0 && dark == runColor) {
        ++run;
      } else {
        if (run >= 5) score = static_cast<uint16_t>(score + run - 2);  // 3 + (run - 5)
        runColor = dark;
        run = 1;
      }
    } else if (k == size && run >= 5) {
      score = static_cast<uint16_t>(score + run - 2);
    }
    history = static_cast<uint16_t>((history << 1) | (dark ? 1 : 0)) & 0x7FFF;
    // N3: dark:light:dark:dark:dark:light:dark with 4 light modules before
    // or after; each such 1:1:3:1:1 core counts once.
    uint16_t last11 = history & 0x7FF;
    if (last11 == 0x05D || (last11 == 0x5D0 && (history >> 11) != 0)) score = static_cast<uint16_t>(score + 40);
  }
  return score;
}

// Reed-Solomon (7.5.2): generator prod (x - a^i), i = 0..eccLen-1, a = 2,
// its coefficients below the leading 1 in gen[0..eccLen-1], highest first;
// each block's remainder goes after the data. Not inlined into encode(): the
// generator (30 bytes) is not on the stack while the symbol is drawn and
// masked (the QR's deepest calls).
SL_NOINLINE void appendEcc(uint8_t* temp, const Blocks& blocks) {
  const uint8_t n = blocks.eccLen;
  uint8_t gen[30];
  memset(gen, 0, n);
  gen[n - 1] = 1;
  uint8_t root = 1;
  for (uint8_t d = 0; d < n; ++d, root = gfDouble(root)) gfMulShift(gen, gen, root, n);
  // Each block's remainder (zeroed by encode()) shifts by one codeword per
  // data codeword, in the same loop as the multiply-add (no memmove). The
  // blocks' data sit one after the other, short blocks first.
  const uint8_t* in = temp;
  uint8_t* rem = temp + blocks.dataLen;
  for (uint8_t b = 0; b < blocks.count; ++b, rem += n) {
    for (uint8_t k = blocks.blockData(b); k; --k) gfMulShift(rem, gen, static_cast<uint8_t>(*in++ ^ rem[0]), n);
  }
}

}  // namespace

size_t QrCode::byteCapacity(uint8_t version, QrEcc ecc) {
  if (version < 1 || version > SL_QR_MAX_VERSION || static_cast<uint8_t>(ecc) > 3) return 0;
  Blocks b;
  b.init(version, ecc);
  // Mode (4 bits) and count (8 bits, 16 from version 10) in whole bytes,
  // rounded up: every version has more data codewords than that.
  return static_cast<size_t>(b.dataLen - (kVersion10Up && version > 9 ? 3 : 2));
}

bool QrCode::module(int x, int y) const {
  // Negative coordinates wrap to large unsigned ones; an empty code has size 0.
  if (static_cast<unsigned>(x) >= size_ || static_cast<unsigned>(y) >= size_) return false;
  uint16_t i = static_cast<uint16_t>(y * size_ + x);
  return (modules_[i >> 3] & SL_FLASH_READ(&kBit[i & 7])) != 0;
}

uint32_t QrCode::penalty() const {
  if (!valid()) return 0;
  const uint8_t* m = modules_;
  const uint8_t n = size_;
  uint32_t score = 0;
  uint32_t dark = 0;
  for (uint8_t i = 0; i < n; ++i) {
    score += linePenalty(m, n, static_cast<uint16_t>(i * n), 1);
    score += linePenalty(m, n, i, n);
  }
  // N2: each 2x2 block of one color (sliding along pairs of rows); dark count.
  for (uint8_t i = 0; i < n; ++i) {
    BitCursor top(m, static_cast<uint16_t>(i * n));
    bool last = i + 1 == n;
    BitCursor bottom(m, last ? 0 : static_cast<uint16_t>((i + 1) * n));
    bool tl = top.get(), bl = bottom.get();
    if (tl) ++dark;
    for (uint8_t j = 1; j < n; ++j) {
      top.next();
      bool tr = top.get();
      if (tr) ++dark;
      if (!last) {
        bottom.next();
        bool br = bottom.get();
        if (tl == tr && tl == bl && tl == br) score += 3;
        bl = br;
      }
      tl = tr;
    }
  }
  // N4: 10 points per full 5% the dark share is away from 50%.
  uint32_t total = static_cast<uint32_t>(n) * n;
  uint32_t twentyD = dark * 20, tenT = total * 10;
  uint32_t diff = twentyD > tenT ? twentyD - tenT : tenT - twentyD;
  score += (diff / total) * 10;
  return score;
}

QrError QrCode::encodeText(const char* text, uint8_t* modules, size_t modulesLen, uint8_t* temp, size_t tempLen,
                           const QrOptions& options) {
  if (!text) {
    *this = QrCode();
    return QrError::InvalidArgument;
  }
  return encode(reinterpret_cast<const uint8_t*>(text), strlen(text), modules, modulesLen, temp, tempLen, options);
}

// Inlined into each entry: with `score` a constant false the scoring (and
// penalty()) is gone before the linker sees it.
SL_QR_ALWAYS_INLINE QrError QrCode::encodeImpl(const uint8_t* data, size_t len, uint8_t* modules,
                                               size_t modulesLen, uint8_t* temp, size_t tempLen,
                                               const QrOptions& options, bool score) {
  *this = QrCode();
  uint8_t minV = options.minVersion_, maxV = options.maxVersion_;
  if ((!data && len) || !modules || !temp || minV < 1 || minV > maxV || maxV > SL_QR_MAX_VERSION ||
      options.mask_ < (score ? -1 : 0) || options.mask_ > 7 || static_cast<uint8_t>(options.minEcc_) > 3) {
    return QrError::InvalidArgument;
  }

  // Smallest version at the minimum level, then the strongest level it allows.
  uint8_t version = minV;
  while (!fits(len, version, options.minEcc_)) {
    if (version == maxV) return QrError::DataTooLong;
    ++version;
  }
  QrEcc ecc = options.minEcc_;
  if (options.boostEcc_) {
    while (ecc != QrEcc::High && fits(len, version, static_cast<QrEcc>(static_cast<uint8_t>(ecc) + 1))) {
      ecc = static_cast<QrEcc>(static_cast<uint8_t>(ecc) + 1);
    }
  }
  Blocks blocks;
  blocks.init(version, ecc);
  // SL_QR_BUFFER_LEN_FOR_VERSION(version) in unsigned arithmetic (the
  // macro's int division by 8 would handle signs).
  const uint8_t size = static_cast<uint8_t>(SL_QR_SIZE_FOR_VERSION(version));
  const uint16_t modulesNeeded = static_cast<uint16_t>((static_cast<uint16_t>(size * size) + 7U) >> 3);
  if (modulesLen < modulesNeeded || tempLen < blocks.total) {
    return QrError::BufferTooSmall;
  }

  // Data codewords (7.4): mode 0100, character count, the bytes, terminator
  // 0000, then pad codewords 0xEC 0x11 alternately. After the 4 mode bits
  // every byte sits across two codewords: each codeword is the low half of
  // one byte and the high half of the next. byteCapacity() leaves room for
  // the terminator, which ends the last byte's codeword.
  uint8_t* out = temp;
  uint8_t low = 0x4;  // the mode
  if (kVersion10Up && version > 9) {
    *out++ = static_cast<uint8_t>(low << 4 | len >> 12);
    low = static_cast<uint8_t>((len >> 8) & 0xF);
  }
  for (size_t i = 0;; ++i) {
    uint8_t next = i == 0 ? static_cast<uint8_t>(len) : data[i - 1];
    *out++ = static_cast<uint8_t>(low << 4 | next >> 4);
    low = next & 0xF;
    if (i == len) break;
  }
  *out++ = static_cast<uint8_t>(low << 4);
  for (uint8_t pad = 0xEC; out < temp + blocks.dataLen; pad ^= 0xEC ^ 0x11) *out++ = pad;
  memset(out, 0, blocks.total - blocks.dataLen);  // the ECC codewords, see appendEcc()

  appendEcc(temp, blocks);

  // Interleaved through `modules`, which holds more bytes than there are
  // codewords (the symbol has room for all their bits), back into `temp`.
  blocks.interleave(temp, modules);
  memcpy(temp, modules, blocks.total);

  // Placement (7.7.3): two-module-wide columns from the right edge, upwards
  // then downwards, skipping the vertical timing column and function modules.
  // Remainder bits past the last codeword stay light (before masking). With
  // the mask forced and no scoring (encodeFixedMask()), each module is
  // masked as it is placed: no pass of xorMask() over the symbol.
  const uint8_t forced = static_cast<uint8_t>(options.mask_);
  Symbol s;
  s.init(modules, version);
  // Every module is written below: data modules here, function patterns
  // after. Only the bits past the last module (in the last byte) are
  // cleared here, so that the buffer is the same whatever it held.
  modules[modulesNeeded - 1] = 0;
  const uint8_t* next = temp;
  const uint8_t* const end = temp + blocks.total;
  uint8_t codeword = 0, bitsLeft = 0;  // of `codeword`, MSB first
  bool upward = true;
  for (uint8_t right = static_cast<uint8_t>(s.size - 1); right < s.size; right = static_cast<uint8_t>(right - 2)) {
    if (right == 6) right = 5;
    for (uint8_t step = 0; step < s.size; ++step) {
      uint8_t y = upward ? static_cast<uint8_t>(s.size - 1 - step) : step;
      for (uint8_t x = right; x != static_cast<uint8_t>(right - 2); --x) {
        if (s.isFunction(x, y)) continue;
        bool dark = false;
        if (bitsLeft || next != end) {
          if (!bitsLeft) {
            codeword = *next++;
            bitsLeft = 8;
          }
          dark = codeword & 0x80;
          codeword = static_cast<uint8_t>(codeword << 1);
          --bitsLeft;
        }
        if (!score && maskDark(forced, y, x)) dark = !dark;
        s.set(x, y, dark);
      }
    }
    upward = !upward;
  }

  modules_ = modules;
  version_ = version;
  size_ = s.size;
  ecc_ = ecc;
  uint8_t mask = forced;
  if (!score) {
    s.drawFunctionPatterns();
    s.drawFormat(ecc, mask);
  } else {
    if (options.mask_ < 0) {
      uint32_t best = 0xFFFFFFFFUL;
      for (uint8_t m = 0; m < 8; ++m) {
        s.applyMask(m, ecc);
        uint32_t p = penalty();
        if (p < best) {
          best = p;
          mask = m;
        }
        s.xorMask(m);  // unmasks the encoding region; the next applyMask redraws the rest
      }
    }
    s.applyMask(mask, ecc);
  }
  mask_ = mask;
  return QrError::Ok;
}

QrError QrCode::encode(const uint8_t* data, size_t len, uint8_t* modules, size_t modulesLen, uint8_t* temp,
                       size_t tempLen, const QrOptions& options) {
  return encodeImpl(data, len, modules, modulesLen, temp, tempLen, options, true);
}

QrError QrCode::encodeFixedMask(const uint8_t* data, size_t len, uint8_t* modules, size_t modulesLen,
                                uint8_t* temp, size_t tempLen, const QrOptions& options) {
  return encodeImpl(data, len, modules, modulesLen, temp, tempLen, options, false);
}

}  // namespace sl
