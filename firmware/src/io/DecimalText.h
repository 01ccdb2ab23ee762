// Decimal text of an unsigned 64-bit number without 64-bit division (a
// library routine of about 1 KB on AVR): for printing key ids
// (sl::KeyMeta::id) and for the provisioner's request lines. Arduino's
// Print has no 64-bit overload, and a cast to unsigned long cuts ids above
// 2^32 - 1.
//
//   char text[sl::kDecimalTextSize];
//   CONSOLE.println(sl::decimalText(text, provisioner.keyMeta().id));
#ifndef SL_IO_DECIMAL_TEXT_H
#define SL_IO_DECIMAL_TEXT_H

#include <string.h>

#include "../config/Config.h"

namespace sl {

// Bytes decimalText() needs: 20 digits (2^64 - 1) and the NUL.
static const uint8_t kDecimalTextSize = 21;

// Writes the decimal digits of `v` at `out` (no sign, no NUL; room for 20);
// returns how many (1..20). By long division of its 8 bytes (8-bit steps).
// (Kept out of line: its locals are not on the caller's stack afterwards.)
SL_NOINLINE inline uint8_t decimalDigits(char* out, uint64_t v) {
  uint8_t b[8];  // least significant first
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(b, &v, 8);  // (no 64-bit shifts: library calls in a loop on AVR)
#else
  for (uint8_t k = 0; k < 8; ++k, v >>= 8) b[k] = static_cast<uint8_t>(v);
#endif
  char digits[20];
  uint8_t d = 0;
  bool more;
  do {
    uint8_t rem = 0;
    more = false;
    for (uint8_t k = 8; k--;) {
      uint16_t cur = static_cast<uint16_t>(rem << 8 | b[k]);
      b[k] = static_cast<uint8_t>(cur / 10);
      rem = static_cast<uint8_t>(cur - b[k] * 10);
      if (b[k]) more = true;
    }
    digits[d++] = static_cast<char>('0' + rem);
  } while (more);
  for (uint8_t i = 0; i < d; ++i) out[i] = digits[d - 1 - i];
  return d;
}

// The decimal text of `v`, NUL-terminated, in `out` (kDecimalTextSize
// bytes); returns out.
inline char* decimalText(char* out, uint64_t v) {
  out[decimalDigits(out, v)] = '\0';
  return out;
}

}  // namespace sl

#endif  // SL_IO_DECIMAL_TEXT_H
