// The SDK's one UTF-8 check, a byte at a time (internal): JsonWriter, the
// compact JsonParser (SL_JSON_PARSER_SMALL) and the WebSocket's
// Utf8Validator use it. Header-only, so that a build of any one .cpp links:
// an inline function kept out of line (one copy in the link however many
// files call it).
#ifndef SL_IO_UTF8_STEP_H
#define SL_IO_UTF8_STEP_H

#include "../config/Config.h"

namespace sl {
namespace detail {

enum : uint8_t { kUtf8Bad = 0x80 };  // utf8Step(): the byte is not valid here

// One byte of UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// above U+10FFFF). State `s`: 0 between characters, else the lead byte
// shifted left by one (a 1 shifted in) per continuation byte taken: its
// leading 1 bits count the continuation bytes still expected, plus one,
// and only the unshifted lead is ever E0, ED, F0 or F4 (the first
// continuation byte's narrower range). Returns the next state: 0 when b ends
// a character (an ASCII byte between characters, or the last continuation
// byte), the new state (0xC1 or above) after a valid lead or an inner
// continuation byte, kUtf8Bad when b is not valid here (a continuation
// byte out of its range, a stray continuation byte, C0, C1 or F5..FF).
SL_NOINLINE inline uint8_t utf8Step(uint8_t s, uint8_t b) {
#if SL_ARCH_AVR && defined(__GNUC__)
  // (the C below, as avr-gcc does not write it: one result register, the
  // bounds set by skips, no copies)
  uint8_t lo, hi;
  __asm__(
      "tst %[s]\n\t"
      "brne 1f\n\t"
      "sbrs %[b], 7\n\t"
      "rjmp 7f\n\t"  // ASCII: 0 (s)
      "mov %[s], %[b]\n\t"
      "subi %[s], 0xC2\n\t"
      "cpi %[s], 0xF4 - 0xC2 + 1\n\t"
      "brsh 9f\n\t"
      "mov %[s], %[b]\n\t"
      "rjmp 7f\n"
      "1:\tldi %[lo], 0x80\n\t"
      "ldi %[hi], 0xBF\n\t"
      "cpi %[s], 0xE0\n\t"
      "brne 2f\n\t"
      "ldi %[lo], 0xA0\n"
      "2:\tcpi %[s], 0xF0\n\t"
      "brne 3f\n\t"
      "ldi %[lo], 0x90\n"
      "3:\tcpi %[s], 0xED\n\t"
      "brne 4f\n\t"
      "ldi %[hi], 0x9F\n"
      "4:\tcpi %[s], 0xF4\n\t"
      "brne 5f\n\t"
      "ldi %[hi], 0x8F\n"
      "5:\tcp %[b], %[lo]\n\t"
      "brlo 9f\n\t"
      "cp %[hi], %[b]\n\t"
      "brlo 9f\n\t"
      "sec\n\t"
      "rol %[s]\n\t"
      "sbrs %[s], 6\n\t"
      "clr %[s]\n\t"
      "rjmp 7f\n"
      "9:\tldi %[s], 0x80\n"  // kUtf8Bad
      "7:"
      : [s] "+d"(s), [lo] "=&d"(lo), [hi] "=&d"(hi)
      : [b] "r"(b));
  static_assert(kUtf8Bad == 0x80, "the assembly above returns 0x80");
  return s;
#else
  if (!s) {
    if (b < 0x80) return 0;
    if (static_cast<uint8_t>(b - 0xC2) > 0xF4 - 0xC2) return kUtf8Bad;
    return b;
  }
  uint8_t lo = 0x80, hi = 0xBF;
  if (s == 0xE0) lo = 0xA0;  // overlong 3-byte form
  if (s == 0xF0) lo = 0x90;  // overlong 4-byte form
  if (s == 0xED) hi = 0x9F;  // UTF-16 surrogate
  if (s == 0xF4) hi = 0x8F;  // above U+10FFFF
  if (b < lo || b > hi) return kUtf8Bad;
  s = static_cast<uint8_t>(s << 1 | 1);
  if (!(s & 0x40)) s = 0;  // 10 on top: that was the last one
  return s;
#endif
}

}  // namespace detail
}  // namespace sl

#endif  // SL_IO_UTF8_STEP_H
