// A JSON number as text, converted only on request (so the parser's per-byte
// path never does 64-bit or floating-point arithmetic, and a sketch that never
// converts to double does not link float code).
//
//   // inside JsonHandler::onJson, on JsonEvent::Number:
//   int32_t v;
//   if (p.number().toInt32(v) == sl::JsonNumber::Ok) use(v);
//
// Conversions never fail silently: they return a Status and still store the
// nearest value (clamped on Overflow, truncated toward zero for NotInteger).
// The text may have been truncated by the parser's bounded copy
// (SL_JSON_NUMBER_MAX); the parser then also hands over the decimal exponent
// information it kept, so toDouble() stays right in magnitude and toInt*()
// report Overflow.
//
// toInt32() on the ATmega328P (avr-gcc 5.4 -Os): 158 B of flash, no libgcc
// helper, 1 saved register of stack; ~75 cycles per digit (~0.85k cycles for
// a 10-digit value on the simulated mega, was ~1.25k). toInt64() 186 B. Both
// read the text once and need no isInteger() call.
//
// toDouble() precision (IEEE double, i.e. not on AVR): correctly rounded,
// round-half-even, like a correct strtod, for every digit of the text (a text
// given directly is seen up to its first 255 bytes); a number the parser cut
// to SL_JSON_NUMBER_MAX bytes is rounded from the digits it kept. Up to 15
// significant digits with a decimal exponent within +-22: one exact
// multiplication or division (Clinger's fast path; needs double arithmetic
// without excess precision: SSE on x86, any ARM/Xtensa). Otherwise a
// floating-point estimate is corrected by exact big-integer comparisons with
// the halfway points between neighbouring doubles (usually two comparisons;
// a poor estimate only costs a doubling search and a bisection). No heap; two
// 46-limb integers on the stack. Cost of toDouble and its helpers (not the
// compiler's float routines), measured with -Os: peak stack ~550 B
// (cortex-m3: toDouble 72 + 32 + comparison 416 + 24; x86-64 -O2 ~560 B);
// flash cortex-m3 1.7 KB (was 0.6 KB), lx106 2.3 KB (was 0.7 KB).
// On AVR `double` is a 32-bit float: by default (SL_JSON_FLOAT_EXACT 0) the
// significand keeps 9 digits and the result is a product of float powers of
// ten, within 2 units in the last place in the tests (flash first: 894 B,
// ~35 B of stack on the 328P). With SL_JSON_FLOAT_EXACT 1 it is correctly
// rounded there too (the same exact comparisons with 8-bit limbs; digits past
// 120 count as a sticky 1, exact since a float halfway point has at most 113
// significant digits): 2.2 KB of flash and ~180 B of stack on the 328P.
#ifndef SL_JSON_JSONNUMBER_H
#define SL_JSON_JSONNUMBER_H

#include "../config/Config.h"

namespace sl {

class JsonNumber {
 public:
  enum Status : uint8_t {
    Ok = 0,
    Overflow,    // out of range of the target type (value clamped / +-inf)
    NotInteger,  // has a fraction or exponent: use toDouble()
    Truncated,   // toDouble(): the text was cut and what the cut dropped is unknown (out = 0)
  };
  // expAdjust() of a number whose text was cut by a copy that kept no
  // account of the dropped part (a JsonValueCapture smaller than the text,
  // or a capture of a number the parser had already cut): toDouble()
  // answers Truncated rather than the value of the kept digits.
  static const int16_t kUnknownCut = -32767 - 1;
#if SL_USE_INT64
  typedef int64_t Int;
#else
  typedef int32_t Int;
#endif

  // Complete number text (not NUL-terminated), valid JSON number syntax. At
  // most 255 bytes are kept: a longer text is cut there (truncated(); toInt*
  // report Overflow, and toDouble() sees only the cut text, without an
  // exponent part past the cut).
  JsonNumber(const char* text, size_t length)
      : text_(text), length_(static_cast<uint8_t>(length < 255 ? length : 255)),
        bits_(static_cast<uint8_t>(kScan | (length > 255 ? kTrunc : 0))), expAdjust_(0), exponent_(0) {}
  // From the parser: `truncated` text plus what was cut off (see above).
  JsonNumber(const char* text, uint8_t length, bool truncated, bool integer,
             int16_t expAdjust, int16_t exponent)
      : text_(text), length_(length),
        bits_(static_cast<uint8_t>((truncated ? kTrunc : 0) | (integer ? 0 : kReal))),
        expAdjust_(expAdjust), exponent_(exponent) {}

  // The (possibly truncated) text; not NUL-terminated.
  const char* text() const { return text_; }
  size_t length() const { return length_; }
  // True when the number was longer than the parser's buffer.
  bool truncated() const { return (bits_ & kTrunc) != 0; }
  // True when the text has neither a fraction nor an exponent.
  bool isInteger() const;
  // Truncated only (else 0): what the cut text needs to keep its value, to be
  // handed on with a copy of text() (value = text * 10^(expAdjust + exponent)).
  int16_t expAdjust() const { return expAdjust_; }
  int16_t exponent() const { return exponent_; }

  // (inline: the caller passes the fields it needs in registers, with no
  // JsonNumber built in memory for the call)
  SL_NODISCARD Status toInt32(int32_t& out) const { return toInt32(text_, out, length_, bits_); }
#if SL_USE_INT64
  SL_NODISCARD Status toInt64(int64_t& out) const;
#endif
  // int64 when SL_USE_INT64, else int32.
  SL_NODISCARD Status toInt(Int& out) const;
  // Overflow when the magnitude rounds beyond the double range (out = +-inf);
  // values that round below the smallest subnormal become +-0 with Ok.
  // Truncated (out = 0) when expAdjust() is kUnknownCut.
  SL_NODISCARD Status toDouble(double& out) const;

 private:
  // (out second: on AVR it then arrives in call-clobbered registers)
  // (the parser's flags byte goes through as bits: no bool is built from it
  // at each number() call site)
  friend class JsonParser;
  enum : uint8_t {
    kScan = 1,   // not known whether the text is an integer: scan it
    kTrunc = 4,  // truncated() (= JsonParser's kNumTrunc)
    kReal = 8,   // has a fraction or exponent (= JsonParser's kNumReal)
  };
  // From the parser: bits = its flags (only kTrunc and kReal may be set).
  JsonNumber(const char* text, uint8_t length, uint8_t bits, int16_t expAdjust, int16_t exponent)
      : text_(text), length_(length), bits_(bits), expAdjust_(expAdjust), exponent_(exponent) {}
  static Status toInt32(const char* text, int32_t& out, uint8_t length, uint8_t bits);
  const char* text_;
  uint8_t length_;
  uint8_t bits_;        // kScan, kTrunc, kReal
  int16_t expAdjust_;   // truncated only: decimal exponent adjustment
  int16_t exponent_;    // truncated only: the exponent part's value
};

}  // namespace sl

#endif  // SL_JSON_JSONNUMBER_H
