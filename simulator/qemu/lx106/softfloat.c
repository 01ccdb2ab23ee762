/* IEEE 754 soft-float helpers missing from Debian's libgcc for
 * xtensa-lx106-elf (the ESP8266 has no FPU; the packaged libgcc.a lacks the
 * add/sub/mul/div and int<->float conversion routines). Written for the
 * simulator's lx106 board only; round-to-nearest-even, subnormals, infinities
 * and NaNs handled. Single-precision + - * are computed exactly-enough in
 * double and rounded once (double has > 2*24+2 bits, so the result is the
 * correctly rounded float). Verified against the host in
 * test/simulator/softfloat.test.ts. */
#include <stdint.h>

typedef union {
  double d;
  uint64_t u;
} D64;
typedef union {
  float f;
  uint32_t u;
} F32;

uint64_t __umulsidi3(uint32_t a, uint32_t b);
uint64_t __muldi3(uint64_t a, uint64_t b);
double __adddf3(double a, double b);
double __subdf3(double a, double b);
double __muldf3(double a, double b);
double __divdf3(double a, double b);
float __addsf3(float a, float b);
float __subsf3(float a, float b);
float __mulsf3(float a, float b);
double __extendsfdf2(float a);
float __truncdfsf2(double a);
double __floatsidf(int32_t v);
double __floatunsidf(uint32_t v);
float __floatsisf(int32_t v);
float __floatunsisf(uint32_t v);
int32_t __fixdfsi(double a);
uint32_t __fixunsdfsi(double a);
uint32_t __fixunssfsi(float a);

#define D_EXP_MASK 0x7ffu
#define D_FRAC_BITS 52
#define D_IMPLICIT ((uint64_t)1 << 52)
#define D_FRAC_MASK (D_IMPLICIT - 1)
#define D_SIGN ((uint64_t)1 << 63)
#define D_INF ((uint64_t)0x7ff << 52)
#define D_QNAN ((uint64_t)0x7ff8 << 48)

uint64_t __muldi3(uint64_t a, uint64_t b) {
  uint32_t al = (uint32_t)a, ah = (uint32_t)(a >> 32);
  uint32_t bl = (uint32_t)b, bh = (uint32_t)(b >> 32);
  uint64_t lo = __umulsidi3(al, bl);
  uint32_t cross = al * bh + ah * bl;
  return lo + ((uint64_t)cross << 32);
}

/* Shift right keeping a sticky bit for everything shifted out. */
static uint64_t shr_sticky(uint64_t m, int n) {
  if (n <= 0) return m;
  if (n >= 64) return m != 0;
  return (m >> n) | ((m & (((uint64_t)1 << n) - 1)) != 0);
}

static int clz64(uint64_t v) {
  int n = 0;
  if (!v) return 64;
  while (!(v & D_SIGN)) {
    v <<= 1;
    ++n;
  }
  return n;
}

/* Rounds and packs: `m` has its leading one at bit 55 (53 significant bits +
 * guard, round, sticky), `e` is the biased exponent of that leading one. */
static uint64_t pack_d(uint64_t sign, int e, uint64_t m) {
  if (e >= 2047) return sign | D_INF;
  if (e < 1) {
    m = shr_sticky(m, 1 - e);
    e = 1;
  }
  uint32_t grs = (uint32_t)(m & 7u);
  m >>= 3;
  if (grs > 4 || (grs == 4 && (m & 1))) ++m;
  uint64_t bits = ((uint64_t)(e - 1) << D_FRAC_BITS) + m;
  if (bits >= D_INF) return sign | D_INF;
  return sign | bits;
}

/* Unpacks a finite nonzero value to a significand with its leading one at
 * bit 52 and the matching biased exponent (subnormals normalized). */
static void unpack_d(uint64_t u, int* e, uint64_t* m) {
  int ex = (int)((u >> D_FRAC_BITS) & D_EXP_MASK);
  uint64_t f = u & D_FRAC_MASK;
  if (ex == 0) {
    int shift = clz64(f) - 11;
    f <<= shift;
    ex = 1 - shift;
  } else {
    f |= D_IMPLICIT;
  }
  *e = ex;
  *m = f;
}

static int is_nan_d(uint64_t u) { return (u & ~D_SIGN) > D_INF; }
static int is_inf_d(uint64_t u) { return (u & ~D_SIGN) == D_INF; }
static int is_zero_d(uint64_t u) { return (u & ~D_SIGN) == 0; }

static uint64_t add_bits(uint64_t a, uint64_t b) {
  if (is_nan_d(a) || is_nan_d(b)) return D_QNAN;
  if (is_inf_d(a)) {
    if (is_inf_d(b) && ((a ^ b) & D_SIGN)) return D_QNAN;
    return a;
  }
  if (is_inf_d(b)) return b;
  if (is_zero_d(a)) {
    if (is_zero_d(b)) return a & b; /* -0 only when both are -0 */
    return b;
  }
  if (is_zero_d(b)) return a;
  /* order by magnitude */
  if ((a & ~D_SIGN) < (b & ~D_SIGN)) {
    uint64_t t = a;
    a = b;
    b = t;
  }
  uint64_t sign = a & D_SIGN;
  int ea, eb;
  uint64_t ma, mb;
  unpack_d(a, &ea, &ma);
  unpack_d(b, &eb, &mb);
  ma <<= 3;
  mb = shr_sticky(mb << 3, ea - eb);
  if (!((a ^ b) & D_SIGN)) {
    ma += mb;
    if (ma >> 56) {
      ma = shr_sticky(ma, 1);
      ++ea;
    }
  } else {
    ma -= mb;
    if (!ma) return 0; /* x - x = +0 */
    int shift = clz64(ma) - 8;
    ma <<= shift;
    ea -= shift;
  }
  return pack_d(sign, ea, ma);
}

double __adddf3(double a, double b) {
  D64 x = {a}, y = {b}, r;
  r.u = add_bits(x.u, y.u);
  return r.d;
}

double __subdf3(double a, double b) {
  D64 x = {a}, y = {b}, r;
  r.u = add_bits(x.u, y.u ^ D_SIGN);
  return r.d;
}

double __muldf3(double a, double b) {
  D64 x = {a}, y = {b}, r;
  uint64_t sign = (x.u ^ y.u) & D_SIGN;
  if (is_nan_d(x.u) || is_nan_d(y.u)) {
    r.u = D_QNAN;
  } else if (is_inf_d(x.u) || is_inf_d(y.u)) {
    r.u = (is_zero_d(x.u) || is_zero_d(y.u)) ? D_QNAN : sign | D_INF;
  } else if (is_zero_d(x.u) || is_zero_d(y.u)) {
    r.u = sign;
  } else {
    int ea, eb;
    uint64_t ma, mb;
    unpack_d(x.u, &ea, &ma);
    unpack_d(y.u, &eb, &mb);
    /* 53 x 53 -> 106-bit product in hi:lo */
    uint32_t a0 = (uint32_t)ma, a1 = (uint32_t)(ma >> 32);
    uint32_t b0 = (uint32_t)mb, b1 = (uint32_t)(mb >> 32);
    uint64_t p00 = __umulsidi3(a0, b0), p01 = __umulsidi3(a0, b1);
    uint64_t p10 = __umulsidi3(a1, b0), p11 = __umulsidi3(a1, b1);
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    uint64_t lo = (uint32_t)p00 | (mid << 32);
    uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    /* leading one at bit 104 or 105 of hi:lo, i.e. bit 40 or 41 of hi */
    int e = ea + eb - 1023;
    int top = (hi >> 41) ? 41 : 40;
    if (top == 41) ++e;
    /* want leading one at bit 55: shift hi:lo right by (top + 64 - 55) */
    int sh = top + 64 - 55; /* 49 or 50 */
    uint64_t m = (hi << (64 - sh)) | (lo >> sh);
    if (lo & (((uint64_t)1 << sh) - 1)) m |= 1;
    r.u = pack_d(sign, e, m);
  }
  return r.d;
}

double __divdf3(double a, double b) {
  D64 x = {a}, y = {b}, r;
  uint64_t sign = (x.u ^ y.u) & D_SIGN;
  if (is_nan_d(x.u) || is_nan_d(y.u)) {
    r.u = D_QNAN;
  } else if (is_inf_d(x.u)) {
    r.u = is_inf_d(y.u) ? D_QNAN : sign | D_INF;
  } else if (is_inf_d(y.u)) {
    r.u = sign;
  } else if (is_zero_d(y.u)) {
    r.u = is_zero_d(x.u) ? D_QNAN : sign | D_INF;
  } else if (is_zero_d(x.u)) {
    r.u = sign;
  } else {
    int ea, eb;
    uint64_t ma, mb;
    unpack_d(x.u, &ea, &ma);
    unpack_d(y.u, &eb, &mb);
    int e = ea - eb + 1023;
    if (ma < mb) {
      ma <<= 1;
      --e;
    }
    uint64_t q = 0;
    for (int i = 0; i < 56; ++i) {
      q <<= 1;
      if (ma >= mb) {
        ma -= mb;
        q |= 1;
      }
      ma <<= 1;
    }
    if (ma) q |= 1;
    r.u = pack_d(sign, e, q);
  }
  return r.d;
}

double __extendsfdf2(float a) {
  F32 x = {a};
  D64 r;
  uint64_t sign = (uint64_t)(x.u >> 31) << 63;
  uint32_t ex = (x.u >> 23) & 0xffu, f = x.u & 0x7fffffu;
  if (ex == 0xff) {
    r.u = sign | D_INF | ((uint64_t)f << 29) | (f ? ((uint64_t)1 << 51) : 0);
  } else if (ex == 0) {
    if (!f) {
      r.u = sign;
    } else {
      int e = 1;
      while (!(f & 0x800000u)) {
        f <<= 1;
        --e;
      }
      r.u = sign | ((uint64_t)(e - 127 + 1023) << 52) | ((uint64_t)(f & 0x7fffffu) << 29);
    }
  } else {
    r.u = sign | ((uint64_t)(ex - 127 + 1023) << 52) | ((uint64_t)f << 29);
  }
  return r.d;
}

float __truncdfsf2(double a) {
  D64 x = {a};
  F32 r;
  uint32_t sign = (uint32_t)(x.u >> 63) << 31;
  if (is_nan_d(x.u)) {
    r.u = 0x7fc00000u | sign;
  } else if (is_inf_d(x.u)) {
    r.u = sign | 0x7f800000u;
  } else if (is_zero_d(x.u)) {
    r.u = sign;
  } else {
    int e;
    uint64_t m;
    unpack_d(x.u, &e, &m);
    int fe = e - 1023 + 127;
    /* 53 bits -> 24 + guard/round/sticky: leading one from bit 52 to bit 26 */
    uint32_t fm = (uint32_t)shr_sticky(m, 26);
    if (fe >= 255) {
      r.u = sign | 0x7f800000u;
    } else {
      if (fe < 1) {
        fm = (uint32_t)shr_sticky(fm, 1 - fe);
        fe = 1;
      }
      uint32_t grs = fm & 7u;
      fm >>= 3;
      if (grs > 4 || (grs == 4 && (fm & 1))) ++fm;
      uint32_t bits = ((uint32_t)(fe - 1) << 23) + fm;
      if (bits >= 0x7f800000u) bits = 0x7f800000u;
      r.u = sign | bits;
    }
  }
  return r.f;
}

float __addsf3(float a, float b) { return __truncdfsf2(__adddf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __subsf3(float a, float b) { return __truncdfsf2(__subdf3(__extendsfdf2(a), __extendsfdf2(b))); }
float __mulsf3(float a, float b) { return __truncdfsf2(__muldf3(__extendsfdf2(a), __extendsfdf2(b))); }

double __floatunsidf(uint32_t v) {
  D64 r;
  if (!v) {
    r.u = 0;
  } else {
    int lead = 31;
    while (!(v >> lead)) --lead;
    r.u = ((uint64_t)(1023 + lead) << 52) | (((uint64_t)v << (52 - lead)) & D_FRAC_MASK);
  }
  return r.d;
}

double __floatsidf(int32_t v) {
  if (v >= 0) return __floatunsidf((uint32_t)v);
  D64 r;
  r.d = __floatunsidf(0u - (uint32_t)v);
  r.u |= D_SIGN;
  return r.d;
}

float __floatunsisf(uint32_t v) { return __truncdfsf2(__floatunsidf(v)); }
float __floatsisf(int32_t v) { return __truncdfsf2(__floatsidf(v)); }

/* Truncates toward zero; out-of-range values saturate, NaN gives 0. */
uint32_t __fixunsdfsi(double a) {
  D64 x = {a};
  if (is_nan_d(x.u) || (x.u & D_SIGN)) return 0;
  int e = (int)((x.u >> 52) & D_EXP_MASK) - 1023;
  if (e < 0) return 0;
  if (e > 31) return 0xffffffffu;
  uint64_t m = (x.u & D_FRAC_MASK) | D_IMPLICIT;
  return (uint32_t)(m >> (52 - e));
}

int32_t __fixdfsi(double a) {
  D64 x = {a};
  if (is_nan_d(x.u)) return 0;
  D64 mag = x;
  mag.u &= ~D_SIGN;
  uint32_t u = __fixunsdfsi(mag.d);
  if (x.u & D_SIGN) return u >= 0x80000000u ? (int32_t)0x80000000u : -(int32_t)u;
  return u >= 0x7fffffffu ? 0x7fffffff : (int32_t)u;
}

uint32_t __fixunssfsi(float a) { return __fixunsdfsi(__extendsfdf2(a)); }
