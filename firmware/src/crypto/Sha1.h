// SHA-1 (FIPS 180-4), streaming, no heap. Used only for the WebSocket
// handshake (Sec-WebSocket-Accept), never for security decisions.
//
// State: 88 bytes (five words, a 64-byte block kept as 16 big-endian words, a
// 32-bit byte count); compress() adds ~40 bytes of stack.
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

// SL_SHA1_ASM (config/Config.h): compress() in AVR assembly or the C++.

namespace sl {

class Sha1 {
 public:
  static const size_t kDigestSize = 20;

  Sha1() { reset(); }

  void reset() {
    start();
    count_ = 0;
  }

  void update(const uint8_t* data, size_t len) {
    while (len--) put(*data++);
  }

  void update(const char* text) {
    while (*text) put(static_cast<uint8_t>(*text++));
  }

  // Writes the 20-byte digest and resets the state (`thenReset` false: the
  // state is left spent, for a hash used once; reset() before reuse).
  void finish(uint8_t digest[kDigestSize], bool thenReset = true) {
    uint32_t n = count_;
    end(digest, n >> 29, n << 3);
    if (thenReset) reset();
  }

 private:
  friend class WsHandshake;  // (its one 60-byte hash: two blocks filled with store())

  // A hash filled block by block with store() (no byte count: count_ is
  // left unset).
  struct Blocks {};
  explicit Sha1(Blocks) { start(); }

  // The initial hash words.
  void start() {
#if SL_ARCH_AVR  // byte by byte from flash: no 32-bit registers to save
    uint8_t* h = reinterpret_cast<uint8_t*>(h_);
    const uint8_t* f = reinterpret_cast<const uint8_t*>(words());
    uint8_t n = sizeof h_;
    SL_OPAQUE_AVR(n);  // (a count: no end address kept and compared)
    do {
      *h++ = pgm_read_byte(f++);
    } while (--n);
#else
    for (uint8_t i = 0; i < 5; ++i) h_[i] = word(i);
#endif
  }

  // The padding, the message length in bits (hi, lo: the block's last two
  // words, which w_ holds by value, see put(), so they are set as
  // numbers), the last block, and the digest.
  void end(uint8_t digest[kDigestSize], uint32_t hi, uint32_t lo) {
    uint8_t b = 0x80;  // then zeros up to the 8-byte length
    do {
      put(b);
      b = 0;
    } while ((static_cast<uint8_t>(count_) & 63u) != 56);
    w_[14] = hi;
    w_[15] = lo;
    compress();
    out(digest);
  }

  // The digest of the words hashed so far.
  void out(uint8_t digest[kDigestSize]) const {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (uint8_t i = 0; i < kDigestSize; ++i) digest[i] = reinterpret_cast<const uint8_t*>(h_)[i ^ 3];
#else
    for (uint8_t i = 0; i < 5; ++i) {
      uint32_t x = h_[i];
      for (uint8_t j = 4; j-- > 0;) {
        digest[4 * i + j] = static_cast<uint8_t>(x);
        x >>= 8;
      }
    }
#endif
  }

  // Byte i (0-63) of the block, bytes stored in order (no count_; the
  // caller compresses after byte 63). WsHandshake fills its two blocks so.
  void store(uint8_t i, uint8_t b) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    reinterpret_cast<uint8_t*>(w_)[i ^ 3] = b;
#else
    uint32_t* w = &w_[i >> 2];
    *w = (*w << 8) | b;
#endif
  }

  // Written for code size on 8-bit cores (the handshake hashes 60 bytes
  // once): one out-of-line byte entry; every 32-bit operation goes through
  // one small out-of-line function on pointers (inline 32-bit code spills
  // registers on AVR), rotations one bit at a time, the working variables in
  // an array that shifts each round, constants read from flash.
  SL_NOINLINE void put(uint8_t b) {
    uint8_t i = static_cast<uint8_t>(count_) & 63u;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    reinterpret_cast<uint8_t*>(w_)[i ^ 3] = b;  // big-endian words, stored in place
#else
    uint32_t* w = &w_[i >> 2];
    *w = (*w << 8) | b;  // big-endian words: after four bytes the old word is shifted out
#endif
    ++count_;
    if (i == 63) compress();
  }

  // The initial hash words (0-4), then the round constants (5-8), in flash.
  static const uint32_t* words() {
    static const uint32_t kWords[9] SL_PROGMEM = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u,
                                                 0x5A827999u, 0x6ED9EBA1u, 0x8F1BBCDCu, 0xCA62C1D6u};
    return kWords;
  }
  static uint32_t word(uint8_t i) {
#if SL_ARCH_AVR
    return pgm_read_dword(&words()[i]);
#else
    return words()[i];
#endif
  }

  enum Op : uint8_t { kCopy, kXor, kAnd, kOr, kAdd };

  SL_SHA1_NOCLONE static void op(uint32_t* d, const uint32_t* s, uint8_t kind) {
#if SL_ARCH_AVR  // byte by byte: 8-bit code, no 32-bit register shuffling
    uint8_t* x = reinterpret_cast<uint8_t*>(d);
    const uint8_t* y = reinterpret_cast<const uint8_t*>(s);
    uint8_t carry = 0;
    for (uint8_t i = 0; i < 4; ++i) {  // little-endian: low byte first, for the carry
      uint8_t a = x[i], b = y[i];
      if (kind == kCopy) {
        a = b;
      } else if (kind == kXor) {
        a ^= b;
      } else if (kind == kAnd) {
        a &= b;
      } else if (kind == kOr) {
        a |= b;
      } else {
        uint16_t sum = static_cast<uint16_t>(a + b + carry);
        a = static_cast<uint8_t>(sum);
        carry = static_cast<uint8_t>(sum >> 8);
      }
      x[i] = a;
    }
#else
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
#endif
  }

  SL_SHA1_NOCLONE static void rol(uint32_t* v, uint8_t n) {
    uint32_t x = *v;
    do {
      x = (x << 1) | (x >> 31);
    } while (--n);
    *v = x;
  }

  // The round as a tiny program in flash, one byte per 32-bit operation:
  // op << 4 | (destination is x ? 8 : 0) | source register. Registers:
  // f (0), a b c d e (1-5), x (6, scratch), w[t] (7, read in place from the
  // schedule, no copy): f comes first so that
  // the end of a round (e=d, d=c, c=b, b=a, a=f) is one 20-byte move.
  // Each f program ends with kThenCommon: x = the round constant, then the
  // part every round shares (one interpreter loop, one pass per round).
  enum Reg : uint8_t { kF, kA, kB, kC, kD, kE, kX, kW };
  enum { kRol5 = 5, kRol30 = 6, kThenCommon = 7, kEnd = 0xFF, kToX = 8, kCommon = 16 };

#if SL_SHA1_ASM
  // AVR assembly (SL_SHA1_ASM): the same rounds with the working variables a-e
  // in a 20-byte array on the stack, T (the new a) in r22-r25, and f added byte
  // by byte in one loop (the carry survives it: only loads, logic, moves, dec
  // and branches inside; T's bytes rotate through r22). Three local subroutines:
  // Z = &w[(t + i) & 15] (with an entry for i = 0), w ^= w[(t + i) & 15] (i a
  // constant at each call: no index computed by the callers), rotate left. Maj
  // as Ch(b ^ d, c, d) (Maj is c where b and d differ, else their value): one f
  // body for rounds 0-19 and 40-59, with one skipped eor. v is pushed from h and
  // popped into the final sum (no stack pointer arithmetic). The round's group
  // (f, K) and the end are kept in one register, q << 6 | the group's rounds
  // left: K's address is computed from it with a swap, the end is the borrow of
  // q's last step. 340 B of flash on the ATmega328P; measured larger: 342 B with
  // no entry for i = 0 (an ldi at both its calls), 352 B with Maj as Ch(b ^ c,
  // d, c) (c and d swapped), 364 B with the callers computing t + i and q << 5
  // (K's offset by three shifts, the end by a compare), 374 B with the index
  // compared with 20, 40, 60, 80, 370 B with a pointer to K in r12:r13, 366 B
  // with a jump over the subroutines; 581 B for the interpreter below with op(),
  // rol() and its program.
  SL_NOINLINE void compress() {
    static_assert(offsetof(Sha1, h_) == 0 && offsetof(Sha1, w_) < 64, "the assembly's offsets");
    register Sha1* self asm("r24") = this;
    asm volatile(
        "push r28\n\t"
        "push r29\n\t"
        "movw r14, %[self]\n\t"
        "movw r30, r14\n\t"  // v = h, pushed last byte first: Y = v (a b c d e) = SP + 1
        "adiw r30, 20\n\t"
        "ldi r18, 20\n"
        "1: ld r0, -Z\n\t"
        "push r0\n\t"
        "dec r18\n\t"
        "brne 1b\n\t"
        "in r28, __SP_L__\n\t"
        "in r29, __SP_H__\n\t"
        "adiw r28, 1\n\t"
        "clr r16\n\t"  // t
        "ldi r17, 20\n"  // q << 6 | the rounds left of its 20 (q: f, K)
        ".Lsha1round%=:\n\t"
        "rcall .Lsha1wt%=\n\t"  // r18-r21 = w[t]
        "ld r18, Z\n\t"
        "ldd r19, Z+1\n\t"
        "ldd r20, Z+2\n\t"
        "ldd r21, Z+3\n\t"
        "cpi r16, 16\n\t"
        "brlo 2f\n\t"
        "ldi r26, 13\n\t"  // w[t] = rol1(w[t-3] ^ w[t-8] ^ w[t-14] ^ w[t-16])
        "rcall .Lsha1xw%=\n\t"
        "ldi r26, 8\n\t"
        "rcall .Lsha1xw%=\n\t"
        "ldi r26, 2\n\t"
        "rcall .Lsha1xw%=\n\t"
        "ldi r27, 1\n\t"
        "rcall .Lsha1rol%=\n\t"
        "rcall .Lsha1wt%=\n\t"
        "st Z, r18\n\t"
        "std Z+1, r19\n\t"
        "std Z+2, r20\n\t"
        "std Z+3, r21\n"
        "2: ldd r22, Y+16\n\t"  // T = e + w[t] + K + rol5(a) + f
        "ldd r23, Y+17\n\t"
        "ldd r24, Y+18\n\t"
        "ldd r25, Y+19\n\t"
        "add r22, r18\n\t"
        "adc r23, r19\n\t"
        "adc r24, r20\n\t"
        "adc r25, r21\n\t"
        "mov r30, r17\n\t"  // Z = K of the round's group: 4q bytes on (q << 6, swapped)
        "swap r30\n\t"
        "andi r30, 12\n\t"
        "ldi r31, 0\n\t"
        "subi r30, lo8(-(%[k]))\n\t"
        "sbci r31, hi8(-(%[k]))\n\t"
        "lpm r0, Z+\n\t"
        "add r22, r0\n\t"
        "lpm r0, Z+\n\t"
        "adc r23, r0\n\t"
        "lpm r0, Z+\n\t"
        "adc r24, r0\n\t"
        "lpm r0, Z\n\t"
        "adc r25, r0\n\t"
        "ld r18, Y\n\t"
        "ldd r19, Y+1\n\t"
        "ldd r20, Y+2\n\t"
        "ldd r21, Y+3\n\t"
        "ldi r27, 5\n\t"
        "rcall .Lsha1rol%=\n\t"
        "add r22, r18\n\t"
        "adc r23, r19\n\t"
        "adc r24, r20\n\t"
        "adc r25, r21\n\t"
        "movw r30, r28\n\t"  // f(b, c, d) byte by byte, Z = &b
        "adiw r30, 4\n\t"  // (C clear: no carry out of a RAM address)
        "ldi r27, 4\n"
        "3: ldd r20, Z+4\n\t"  // c
        "ldd r21, Z+8\n\t"  // d
        "ld r19, Z+\n\t"  // b
        "sbrc r17, 6\n\t"
        "rjmp 5f\n\t"
        "sbrc r17, 7\n\t"
        "eor r19, r21\n\t"  // q 2: Maj(b, c, d) = Ch(b ^ d, c, d)
        "eor r20, r21\n\t"  // q 0: Ch(b, c, d) = d ^ (b & (c ^ d))
        "and r20, r19\n\t"
        "eor r21, r20\n\t"
        "rjmp 6f\n"
        "5: eor r21, r20\n\t"  // q 1, 3: b ^ c ^ d
        "eor r21, r19\n"
        "6: adc r22, r21\n\t"
        "mov r0, r22\n\t"
        "mov r22, r23\n\t"
        "mov r23, r24\n\t"
        "mov r24, r25\n\t"
        "mov r25, r0\n\t"
        "dec r27\n\t"
        "brne 3b\n\t"
        "adiw r30, 8\n\t"  // e = d, d = c, c = b, b = a (Z = &c after f)
        "ldi r27, 16\n"
        "7: ld r0, -Z\n\t"
        "std Z+4, r0\n\t"
        "dec r27\n\t"
        "brne 7b\n\t"
        "st Y, r22\n\t"  // a = T
        "std Y+1, r23\n\t"
        "std Y+2, r24\n\t"
        "std Y+3, r25\n\t"
        "ldd r18, Y+8\n\t"  // c = rol30(c)
        "ldd r19, Y+9\n\t"
        "ldd r20, Y+10\n\t"
        "ldd r21, Y+11\n\t"
        "ldi r27, 30\n\t"
        "rcall .Lsha1rol%=\n\t"
        "std Y+8, r18\n\t"
        "std Y+9, r19\n\t"
        "std Y+10, r20\n\t"
        "std Y+11, r21\n\t"
        "inc r16\n\t"
        "dec r17\n\t"  // q += 1 after rounds 19, 39, 59; the end after 79
        "mov r26, r17\n\t"
        "andi r26, 63\n\t"
        "brne 8f\n\t"
        "subi r17, -(64 + 20)\n\t"  // (no borrow only from q 3: 192 - 172; q wraps to 0)
        "brcc 9f\n"
        "8: rjmp .Lsha1round%=\n"
        // the subroutines, after the rounds' unconditional jump (no jump over them)
        ".Lsha1wt%=:\n\t"  // Z = &w[t & 15]
        "ldi r26, 0\n"
        ".Lsha1wz%=:\n\t"  // Z = &w[(t + r26) & 15]
        "add r26, r16\n\t"
        "andi r26, 15\n\t"
        "lsl r26\n\t"
        "lsl r26\n\t"
        "movw r30, r14\n\t"
        "adiw r30, %[wo]\n\t"
        "add r30, r26\n\t"
        "adc r31, r1\n\t"
        "ret\n"
        ".Lsha1xw%=:\n\t"  // r18-r21 ^= w[(t + r26) & 15]
        "rcall .Lsha1wz%=\n\t"
        "ld r0, Z+\n\t"
        "eor r18, r0\n\t"
        "ld r0, Z+\n\t"
        "eor r19, r0\n\t"
        "ld r0, Z+\n\t"
        "eor r20, r0\n\t"
        "ld r0, Z\n\t"
        "eor r21, r0\n\t"
        "ret\n"
        ".Lsha1rol%=:\n\t"  // r18-r21 rotated left r27 times
        "lsl r18\n\t"
        "rol r19\n\t"
        "rol r20\n\t"
        "rol r21\n\t"
        "adc r18, r1\n\t"
        "dec r27\n\t"
        "brne .Lsha1rol%=\n\t"
        "ret\n"
        "9: movw r30, r14\n\t"  // h += v, v popped byte by byte (its stack freed so)
        "ldi r27, 5\n"
        "1: ldi r26, 4\n\t"
        "clc\n"
        "2: pop r0\n\t"
        "ld r18, Z\n\t"
        "adc r18, r0\n\t"
        "st Z+, r18\n\t"
        "dec r26\n\t"
        "brne 2b\n\t"
        "dec r27\n\t"
        "brne 1b\n\t"
        "pop r29\n\t"
        "pop r28"
        : [self] "+r"(self)
        : [wo] "I"(offsetof(Sha1, w_)), [k] "i"(words() + 5)
        : "r0", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r26", "r27", "r30", "r31",
          "memory");
  }
#else
  SL_NOINLINE void compress() {
    uint32_t* w = w_;  // the message schedule is computed in place
    uint32_t v[7];  // f a b c d e x (w[t] is read in place)
    memcpy(&v[kA], h_, sizeof h_);
#define SL_SHA1_I(o, d, s) static_cast<uint8_t>((o) << 4 | (d) | (s))
    static const uint8_t kProgram[] SL_PROGMEM = {
        // rounds 0-19 (offset 0): f = d ^ (b & (c ^ d))
        SL_SHA1_I(kCopy, 0, kC), SL_SHA1_I(kXor, 0, kD), SL_SHA1_I(kAnd, 0, kB), SL_SHA1_I(kXor, 0, kD),
        SL_SHA1_I(kThenCommon, 0, 0),
        // rounds 20-39 and 60-79 (offset 5): f = b ^ c ^ d
        SL_SHA1_I(kCopy, 0, kB), SL_SHA1_I(kXor, 0, kC), SL_SHA1_I(kXor, 0, kD), SL_SHA1_I(kThenCommon, 0, 0),
        // rounds 40-59 (offset 9): f = (b | c) & d | (b & c)
        SL_SHA1_I(kCopy, 0, kB), SL_SHA1_I(kOr, 0, kC), SL_SHA1_I(kAnd, 0, kD), SL_SHA1_I(kCopy, kToX, kB),
        SL_SHA1_I(kAnd, kToX, kC), SL_SHA1_I(kOr, 0, kX), SL_SHA1_I(kThenCommon, 0, 0),
        // every round (offset kCommon), x = k: f += k + e + w[t] + rol(a, 5); b = rol(b, 30)
        SL_SHA1_I(kAdd, 0, kX), SL_SHA1_I(kAdd, 0, kE), SL_SHA1_I(kAdd, 0, kW), SL_SHA1_I(kCopy, kToX, kA),
        SL_SHA1_I(kRol5, 0, kX), SL_SHA1_I(kAdd, 0, kX), SL_SHA1_I(kRol30, 0, kB), kEnd,
    };
    static_assert(sizeof kProgram == kCommon + 8, "kCommon is the offset of the shared part");
    static const uint8_t kSchedule[3] SL_PROGMEM = {13, 8, 2};
    static const uint8_t kStart[4] SL_PROGMEM = {0, 5, 9, 5};  // the f program of each 20 rounds
#undef SL_SHA1_I
    uint8_t q = 0, left = 20;
    for (uint8_t t = 0; t < 80; ++t) {
      uint32_t* wt = &w[t & 15];
      if (t >= 16) {
        for (uint8_t i = 0; i < 3; ++i) op(wt, &w[static_cast<uint8_t>(t + SL_FLASH_READ(&kSchedule[i])) & 15u], kXor);
        rol(wt, 1);
      }
      for (const uint8_t* pc = kProgram + SL_FLASH_READ(&kStart[q]);; ++pc) {
        uint8_t ins = SL_FLASH_READ(pc);
        if (ins == kEnd) break;
        uint8_t o = static_cast<uint8_t>(ins >> 4) & 15u;
        uint32_t* s = (ins & 7) == kW ? wt : &v[ins & 7];  // w[t] is read in place
        if (o == kThenCommon) {
          v[kX] = word(static_cast<uint8_t>(5 + q));
          pc = kProgram + kCommon - 1;
        } else if (o >= kRol5) {
          rol(s, o == kRol5 ? 5 : 30);
        } else {
          op((ins & kToX) ? &v[kX] : v, s, o);
        }
      }
      uint8_t* bytes = reinterpret_cast<uint8_t*>(v);  // e=d, d=c, c=rol(b), b=a, a=f
      for (uint8_t i = 6 * 4; i-- > 4;) bytes[i] = bytes[i - 4];
      if (--left == 0) {
        ++q;
        left = 20;
      }
    }
    for (uint8_t i = 0; i < 5; ++i) op(&h_[i], &v[kA + i], kAdd);
  }
#endif

  uint32_t h_[5];
  uint32_t count_;  // bytes hashed so far (before w_: within short reach on AVR)
  uint32_t w_[16];  // the block being filled, as big-endian words
};

}  // namespace sl

#endif  // SL_CRYPTO_SHA1_H
