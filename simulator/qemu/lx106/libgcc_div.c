/* Integer helpers missing from Debian's libgcc for xtensa-lx106-elf (the
 * lx106 has no divide instruction and the packaged libgcc.a references
 * __udivsi3/__umodsi3/__umulsidi3 without defining them). Plain restoring
 * division; a 32x32->64 multiply from four 16x16 products. */
#include <stdint.h>

uint32_t __udivsi3(uint32_t n, uint32_t d);
uint32_t __umodsi3(uint32_t n, uint32_t d);
int32_t __divsi3(int32_t n, int32_t d);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t* rem);
uint64_t __umulsidi3(uint32_t a, uint32_t b);

uint64_t __umulsidi3(uint32_t a, uint32_t b) {
  uint32_t al = a & 0xffffu, ah = a >> 16, bl = b & 0xffffu, bh = b >> 16;
  uint32_t lo = al * bl;
  uint32_t mid1 = al * bh;
  uint32_t mid2 = ah * bl;
  uint32_t hi = ah * bh;
  uint32_t mid = mid1 + mid2;
  if (mid < mid1) hi += 0x10000u; /* carry out of the middle sum */
  uint32_t lo2 = lo + (mid << 16);
  if (lo2 < lo) hi += 1u;
  hi += mid >> 16;
  return ((uint64_t)hi << 32) | lo2;
}

static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t* rem) {
  uint32_t q = 0, r = 0;
  if (d == 0) {
    *rem = n;
    return 0xffffffffu;
  }
  for (int i = 31; i >= 0; --i) {
    r = (r << 1) | ((n >> i) & 1u);
    if (r >= d) {
      r -= d;
      q |= 1u << i;
    }
  }
  *rem = r;
  return q;
}

uint32_t __udivsi3(uint32_t n, uint32_t d) {
  uint32_t r;
  return udivmod32(n, d, &r);
}

uint32_t __umodsi3(uint32_t n, uint32_t d) {
  uint32_t r;
  udivmod32(n, d, &r);
  return r;
}

int32_t __divsi3(int32_t n, int32_t d) {
  uint32_t un = n < 0 ? 0u - (uint32_t)n : (uint32_t)n;
  uint32_t ud = d < 0 ? 0u - (uint32_t)d : (uint32_t)d;
  uint32_t r;
  uint32_t q = udivmod32(un, ud, &r);
  return (n < 0) != (d < 0) ? (int32_t)(0u - q) : (int32_t)q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d) { return __udivmoddi4(n, d, 0); }

uint64_t __umoddi3(uint64_t n, uint64_t d) {
  uint64_t r;
  __udivmoddi4(n, d, &r);
  return r;
}

int64_t __divdi3(int64_t n, int64_t d) {
  uint64_t un = n < 0 ? 0u - (uint64_t)n : (uint64_t)n;
  uint64_t ud = d < 0 ? 0u - (uint64_t)d : (uint64_t)d;
  uint64_t q = __udivmoddi4(un, ud, 0);
  return (n < 0) != (d < 0) ? (int64_t)(0u - q) : (int64_t)q;
}
