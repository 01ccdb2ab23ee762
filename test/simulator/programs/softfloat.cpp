// Runs arithmetic test vectors (generated header, see softfloat.test.ts) so
// the compiler's soft-float / 64-bit helper calls execute on the board; one
// result per line as 16 hex digits.
#include <string.h>

#include "sl_board.h"
#include "softfloat_vectors.h"  // struct Vector kVectors[], kVectorCount

namespace {

double asD(uint64_t u) {
  double d;
  memcpy(&d, &u, 8);
  return d;
}
float asF(uint64_t u) {
  uint32_t v = static_cast<uint32_t>(u);
  float f;
  memcpy(&f, &v, 4);
  return f;
}
uint64_t bitsD(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}
uint64_t bitsF(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

void putHex(uint64_t v) {
  for (int i = 60; i >= 0; i -= 4) sl_board_putc("0123456789abcdef"[(v >> i) & 15]);
  sl_board_putc('\n');
}

}  // namespace

int main() {
  for (unsigned i = 0; i < kVectorCount; ++i) {
    volatile uint64_t a = kVectors[i].a, b = kVectors[i].b;
    uint64_t r = 0;
    switch (kVectors[i].op) {
      case 0: r = bitsD(asD(a) + asD(b)); break;
      case 1: r = bitsD(asD(a) - asD(b)); break;
      case 2: r = bitsD(asD(a) * asD(b)); break;
      case 3: r = bitsD(asD(a) / asD(b)); break;
      case 4: r = bitsF(asF(a) + asF(b)); break;
      case 5: r = bitsF(asF(a) - asF(b)); break;
      case 6: r = bitsF(asF(a) * asF(b)); break;
      case 7: r = bitsF(asF(a) / asF(b)); break;
      case 8: r = bitsD(static_cast<double>(asF(a))); break;
      case 9: r = bitsF(static_cast<float>(asD(a))); break;
      case 10: r = bitsD(static_cast<double>(static_cast<int32_t>(a))); break;
      case 11: r = bitsD(static_cast<double>(static_cast<uint32_t>(a))); break;
      case 12: r = bitsF(static_cast<float>(static_cast<int32_t>(a))); break;
      case 13: r = bitsF(static_cast<float>(static_cast<uint32_t>(a))); break;
      case 14: r = static_cast<uint32_t>(static_cast<int32_t>(asD(a))); break;
      case 15: r = static_cast<uint32_t>(asD(a)); break;
      case 16: r = static_cast<uint32_t>(asF(a)); break;
      case 17: r = a * b; break;
      case 18: r = a / b; break;
      case 19: r = a % b; break;
      case 20: r = static_cast<uint64_t>(static_cast<int64_t>(a) / static_cast<int64_t>(b)); break;
      case 21: r = static_cast<uint32_t>(a) / static_cast<uint32_t>(b); break;
      case 22: r = static_cast<uint32_t>(a) % static_cast<uint32_t>(b); break;
      case 23: r = static_cast<uint32_t>(static_cast<int32_t>(a) / static_cast<int32_t>(b)); break;
      case 24: r = static_cast<uint32_t>(static_cast<int32_t>(a) % static_cast<int32_t>(b)); break;
      default: break;
    }
    putHex(r);
  }
  sl_board_exit(0);
}
