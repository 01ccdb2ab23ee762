// JsonWriter implementation. See JsonWriter.h for the contract.
//
// Every public call funnels into emit(op, bytes): one place checks the
// structure (kKinds, kTransitions), writes the separator and then the body,
// which keeps the AVR code small.
#include "JsonWriter.h"

#include "detail/FloatToDecimal.h"
#include "../io/Utf8Step.h"

// On AVR two passes make the writer larger (writer core 1,278 -> 1,268 B in
// bench/json-parse/quick.ts size small; of ~25 -fno- options measured, the
// others made no difference or grew it).
#if defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-move-loop-invariants", "no-expensive-optimizations")
#endif


// The compiler must assume x changed here, so it keeps no values derived
// from it across the point (avr-gcc otherwise spends callee-saved registers,
// each a push and a pop, on caching them). Code generation only.
#if defined(__GNUC__)
#define SL_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define SL_OPAQUE(x) ((void)0)
#endif

namespace sl {

namespace {

// emit() operations: the kind (low nibble) plus what to do with the bytes.
enum : uint8_t {
  kOpCopy = 0,         // value: bytes copied verbatim (raw, number, literal)
  kOpString = 1,       // value: quoted, escaped text
  kOpStringBegin = 2,  // value: opening quote, pieces follow
  kOpObject = 3,       // value: opens an object
  kOpArray = 4,        // value: opens an array
  kOpInteger = 5,      // value: a number: the digits of the magnitude that p and n carry (digits())
  kOpNegative = 6,     // value: '-', then those digits
  kOpKey = 7,
  kOpCloseObject = 8,
  kOpCloseArray = 9,  // == kOpCloseObject + 1
  kOpPart = 10,
  kOpStringEnd = 11,
  kOpFlash = 0x10,   // the bytes are in flash
  kOpEscape = 0x20,  // the bytes are string content (escaped, UTF-8 checked)
  kOpQuote = 0x40,   // a closing quote follows the bytes
  kOpText = 0x80,    // the bytes end at a NUL (or at n)
};

const char kErrorNames[] SL_PROGMEM =
    "Ok\0SinkFailed\0ValueNeedsKey\0KeyNotExpected\0KeyWithoutValue\0MismatchedClose\0"
    "TooDeep\0SecondRoot\0StringOpen\0StringNotOpen\0EmptyRaw\0Unclosed\0NoValue\0"
    "Unknown\0";  // for codes out of range; then the empty name closes the list
// emit() rules: [op class][state] -> error (low nibble) | kComma (write the
// separator first: ':' for the value after a key, else ','). States
// (flags_ & kState): 0 inside a piecewise string, 1 empty root, 2 root
// complete, 3 empty object, 4 object after a member, 5 object after a key,
// 6 empty array, 7 array after an element. Op classes: value, key,
// endObject, endArray, string part/end.
typedef JsonWriteError E;
enum : uint8_t { kComma = 0x10 };
const uint8_t kTransitions[5][8] SL_PROGMEM = {
    {E::StringOpen, E::Ok, E::SecondRoot, E::ValueNeedsKey, E::ValueNeedsKey, kComma, E::Ok, kComma},
    {E::StringOpen, E::KeyNotExpected, E::KeyNotExpected, E::Ok, kComma, E::KeyNotExpected, E::KeyNotExpected,
     E::KeyNotExpected},
    {E::StringOpen, E::MismatchedClose, E::MismatchedClose, E::Ok, E::Ok, E::KeyWithoutValue, E::MismatchedClose,
     E::MismatchedClose},
    {E::StringOpen, E::MismatchedClose, E::MismatchedClose, E::MismatchedClose, E::MismatchedClose,
     E::MismatchedClose, E::Ok, E::Ok},
    {E::Ok, E::StringNotOpen, E::StringNotOpen, E::StringNotOpen, E::StringNotOpen, E::StringNotOpen,
     E::StringNotOpen, E::StringNotOpen},
};

// Per kind: its op class (times 8: the row of kTransitions) | the state it
// leads to (kAfterValue: after a complete value, in the root, an object or
// an array) | whether it opens a container or writes an integer's digits;
// then the first byte emit() writes for it (0: none). The closing kinds are
// the classes kCloseObjectClass and kCloseArrayClass.
enum : uint8_t {
  kValue = 0 << 3,
  kKeyClass = 1 << 3,
  kCloseObjectClass = 2 << 3,
  kCloseArrayClass = 3 << 3,
  kPartClass = 4 << 3,
  kAfterValue = 1,  // (never a next state itself: the empty root)
  kOpens = 0x40,
  kDigits = 0x80,
};
const uint8_t kKinds[12][2] SL_PROGMEM = {
    {kValue | kAfterValue, 0},                   // kOpCopy
    {kValue | kAfterValue, '"'},                 // kOpString
    {kValue | 0, '"'},                           // kOpStringBegin
    {kValue | kOpens | 3, '{'},                  // kOpObject
    {kValue | kOpens | 6, '['},                  // kOpArray
    {kValue | kDigits | kAfterValue, 0},         // kOpInteger
    {kValue | kDigits | kAfterValue, '-'},       // kOpNegative
    {kKeyClass | 5, '"'},                        // kOpKey
    {kCloseObjectClass | kAfterValue, '}'},      // kOpCloseObject
    {kCloseArrayClass | kAfterValue, ']'},       // kOpCloseArray
    {kPartClass | 0, 0},                         // kOpPart
    {kPartClass | kAfterValue, 0},               // kOpStringEnd
};

// finish(): per state, what it writes first (low nibble: the op, 0 for
// null) and the error that reports (high nibble).
const uint8_t kFinish[8] SL_PROGMEM = {
    E::Unclosed << 4 | kOpStringEnd, E::NoValue << 4, 0, E::Unclosed << 4 | kOpCloseObject,
    E::Unclosed << 4 | kOpCloseObject, E::KeyWithoutValue << 4, E::Unclosed << 4 | kOpCloseArray,
    E::Unclosed << 4 | kOpCloseArray,
};

// "false", "true" and "null", each NUL-terminated (read with kOpText).
const char kLiterals[] SL_PROGMEM = "false\0true\0null";
// Short escapes for U+0008..U+000D; 0 means \u00XX.
const char kShortEscapes[] SL_PROGMEM = {'b', 't', 'n', 0, 'f', 'r'};

// The byte at p: in flash with kOpFlash, else in RAM.
inline uint8_t byteAt(const char* p, uint8_t op) {
  return (op & kOpFlash) ? SL_FLASH_READ(p) : static_cast<uint8_t>(*p);
}

}  // namespace

FlashString JsonWriteError::name() const { return detail::flashNameAt(kErrorNames, code_); }

JsonWriter::JsonWriter(Sink& sink) { reset(sink); }

void JsonWriter::reset(Sink& sink) {
  sink_ = &sink;
  error_ = JsonWriteError::Ok;
  flags_ = 1;  // empty root
  depth_ = 0;
  utf8_ = 0;
}

// After a failure the rest of the current call is still offered (the output
// is unusable either way); later calls write nothing.
void JsonWriter::put(const uint8_t* p, size_t n) {
  if (sink_->write(p, n) != n) error_ = JsonWriteError::SinkFailed;  // replaces a misuse error
}

// The byte goes through pending_ (no stack frame): nothing is held there
// whenever a single byte is written (a held UTF-8 sequence is complete, or
// flushed as U+FFFD, before any other byte is written).
void JsonWriter::put(uint8_t b) {
  pending_[0] = b;
  putHeld(1);
}

// No bytes: a null text is empty.
JsonWriter& JsonWriter::op(uint8_t op) { return text(op, 0); }

JsonWriter& JsonWriter::emit(uint8_t op, const char* p, size_t n) {
  if (error_) return *this;
  const uint8_t* k = kKinds[op & 15];
  const uint8_t info = SL_FLASH_READ(k);
  const uint8_t open = SL_FLASH_READ(k + 1);
  const uint8_t rule = SL_FLASH_READ(&kTransitions[0][0] + (info & 0x38) + (flags_ & kState));
  uint8_t depth = depth_;
  uint8_t err = rule & 15;
  if (!err && (info & kOpens) && depth >= SL_JSON_WRITER_MAX_DEPTH) err = JsonWriteError::TooDeep;
  if (err) {
    error_ = err;
    return *this;
  }

  // The new state first, then the bytes: separator, opening byte, body
  // (escaped for strings), closing quote.
  uint8_t next = info & kState;
  Kinds kinds = kinds_;  // (one load and one store for both changes)
  if (info & kOpens) {
    kinds = static_cast<Kinds>(kinds << 1);
    if (!(next & 4)) kinds |= 1;  // 3: an object (6: an array)
    ++depth;
  }
  if ((info & 0x30) == kCloseObjectClass) {  // or kCloseArrayClass
    --depth;
    kinds >>= 1;
  }
  kinds_ = kinds;
  depth_ = depth;
  if (next == kAfterValue) {
    next = 7;
    if (kinds & 1) next = 4;
    if (!depth) next = 2;
  }
  const uint8_t state = flags_ & kState;
  flags_ = static_cast<uint8_t>((flags_ & ~kState) | next);
  if (rule & kComma) put(state == 5 ? ':' : ',');  // a value after its key, or a next member/element
  if (open) put(open);
  if (info & kDigits) {
    const uint16_t h[2] = {static_cast<uint16_t>(reinterpret_cast<uintptr_t>(p)), static_cast<uint16_t>(n)};
    uint32_t m;
    memcpy(&m, h, sizeof m);  // as digits() split it
    decimal(m);
  } else if (op == kOpCopy) {
    put(reinterpret_cast<const uint8_t*>(p), n);  // raw() from RAM, a number's text: one sink call
  } else {
    bytes(p, n, op);
  }
  if (op & kOpQuote) {
    flushUtf8();
    put('"');
  }
  return *this;
}

// Writes p[0..n) byte by byte: verbatim, or as string content (kOpEscape);
// from flash with kOpFlash. Inlined into its only caller, emit().
inline __attribute__((always_inline)) void JsonWriter::bytes(const char* p, size_t n, uint8_t& op) {
  if (!p) return;  // a null text is empty
  for (; n; --n, ++p) {
    SL_OPAQUE(op);  // tested bit by bit, not cached in callee-saved registers
    uint8_t b = byteAt(p, op);
    if (!b && (op & kOpText)) return;
    if (op & kOpEscape) {
      textByte(b);
    } else {
      put(b);
    }
  }
}

// The decimal digits of m, most significant first: the last digit by long
// division (one bit at a time, no libgcc helper), the others recursively
// (at most 9 levels, ~5 bytes of stack each on AVR).
void JsonWriter::decimal(uint32_t m) {
  uint8_t r = 0;
#if SL_ARCH_AVR && defined(__GNUC__)
  // (the same loop with m's top bit shifted into r through the carry)
  uint8_t i = 32;
  __asm__(
      "1:\tlsl %A[m]\n\t"
      "rol %B[m]\n\t"
      "rol %C[m]\n\t"
      "rol %D[m]\n\t"
      "rol %[r]\n\t"
      "cpi %[r], 10\n\t"
      "brlo 2f\n\t"
      "subi %[r], 10\n\t"
      "ori %A[m], 1\n"
      "2:\tdec %[i]\n\t"
      "brne 1b"
      : [m] "+d"(m), [r] "+d"(r), [i] "+r"(i));
#else
  for (uint8_t i = 32; i; --i) {  // m = m / 10, r = m % 10
    r = static_cast<uint8_t>(r * 2);
    if (m & 0x80000000UL) ++r;
    m <<= 1;
    if (r >= 10) {
      r = static_cast<uint8_t>(r - 10);
      m |= 1;
    }
  }
#endif
  if (m) decimal(m);
  put(static_cast<uint8_t>('0' + r));
}

// A NUL-terminated text in RAM, or in flash with kOpFlash (op has kOpText,
// and kOpEscape for string content).
JsonWriter& JsonWriter::text(uint8_t op, const char* s) { return emit(op, s, static_cast<size_t>(-1)); }

// One byte of string content: UTF-8 validation (maximal-subpart replacement)
// and RFC 8259 escaping (an escape takes two or three sink calls). Inlined
// into its only caller, bytes() (smaller on AVR).
inline __attribute__((always_inline)) void JsonWriter::textByte(uint8_t b) {
again:
  if (utf8_ || b >= 0x80) {
    // (utf8_ read again after the call rather than kept in a register:
    // emit() then needs no more callee-saved registers than before)
    const uint8_t s = detail::utf8Step(utf8_, b);
#if defined(__GNUC__)
    __asm__ volatile("" ::: "memory");  // (utf8_ loaded again below, not kept in a saved register)
#endif
    if (s == detail::kUtf8Bad) {
      // U+FFFD for an invalid lead byte, or for a cut sequence (then b
      // starts afresh)
      if (utf8_) {
        replacement();
        goto again;
      }
      replacement();
      return;
    }
    uint8_t have = 0;  // bytes held
    if (utf8_) have = pending_[3];
    pending_[have++] = b;
    utf8_ = s;
    if (s) {
      pending_[3] = have;  // (at most 3 held: pending_[3] is free)
      return;
    }
    putHeld(have);  // it was the last one expected
    return;
  }
  if (b < 0x20 || b == '"' || b == '\\') {
    put('\\');
    if (b < 0x20) {
      uint8_t c = (b >= 8 && b <= 13) ? SL_FLASH_READ(kShortEscapes + (b - 8)) : 0;
      if (!c) c = unicodeEscape(b);
      b = c;
    }
  }
  put(b);
}

inline __attribute__((always_inline)) void JsonWriter::flushUtf8() {
  if (utf8_) replacement();
}

// "u00X" of \u00XX for b < 0x20 through pending_ (nothing is held there:
// the byte is ASCII); returns the last hex digit.
inline __attribute__((always_inline)) uint8_t JsonWriter::unicodeEscape(uint8_t b) {
  pending_[0] = 'u';
  pending_[1] = '0';
  pending_[2] = '0';
  pending_[3] = (b & 0x10) ? '1' : '0';
  putHeld(4);
  b &= 15;
  return static_cast<uint8_t>(b < 10 ? '0' + b : 'a' - 10 + b);
}

void JsonWriter::putHeld(uint8_t n) { put(pending_, n); }

// Through pending_: nothing is held there any more.
void JsonWriter::replacement() {
  utf8_ = 0;
  pending_[0] = 0xEF;
  pending_[1] = 0xBF;
  pending_[2] = 0xBD;
  putHeld(3);
}

JsonWriter& JsonWriter::beginObject() { return op(kOpObject); }
JsonWriter& JsonWriter::endObject() { return op(kOpCloseObject); }
JsonWriter& JsonWriter::beginArray() { return op(kOpArray); }
JsonWriter& JsonWriter::endArray() { return op(kOpCloseArray); }

JsonWriter& JsonWriter::key(const char* name) { return text(kOpKey | kOpText | kOpEscape | kOpQuote, name); }
JsonWriter& JsonWriter::key(const char* name, size_t length) {
  return emit(kOpKey | kOpEscape | kOpQuote, name, name ? length : 0);
}
JsonWriter& JsonWriter::key(FlashString name) { return text(kOpKey | kOpText | kOpEscape | kOpQuote | kOpFlash, name.ptr()); }

JsonWriter& JsonWriter::string(const char* s) { return s ? text(kOpString | kOpText | kOpEscape | kOpQuote, s) : null(); }
JsonWriter& JsonWriter::string(const char* s, size_t length) {
  return s ? emit(kOpString | kOpEscape | kOpQuote, s, length) : null();
}
JsonWriter& JsonWriter::string(FlashString s) {
  return s.ptr() ? text(kOpString | kOpText | kOpEscape | kOpQuote | kOpFlash, s.ptr()) : null();
}

JsonWriter& JsonWriter::stringBegin() { return op(kOpStringBegin); }
JsonWriter& JsonWriter::stringPart(const char* s, size_t length) { return emit(kOpPart | kOpEscape, s, s ? length : 0); }
JsonWriter& JsonWriter::stringPart(const char* s) { return text(kOpPart | kOpText | kOpEscape, s); }
JsonWriter& JsonWriter::stringPart(FlashString s) { return text(kOpPart | kOpText | kOpEscape | kOpFlash, s.ptr()); }
JsonWriter& JsonWriter::stringEnd() { return op(kOpStringEnd | kOpQuote); }

// Empty raw text is refused here (EmptyRaw, unless an error came first), so
// emit() never checks for it.
JsonWriter& JsonWriter::rawText(uint8_t op, const char* p, size_t n) {
  if (n) return emit(op, p, n);
  if (!error_) error_ = JsonWriteError::EmptyRaw;
  return *this;
}
JsonWriter& JsonWriter::raw(const char* json, size_t length) { return rawText(kOpCopy, json, json ? length : 0); }
JsonWriter& JsonWriter::raw(const char* json) { return rawText(kOpCopy, json, json ? strlen(json) : 0); }
JsonWriter& JsonWriter::raw(FlashString json) { return rawText(kOpCopy | kOpFlash, json.ptr(), json.length()); }

JsonWriter& JsonWriter::boolean(bool v) { return text(kOpCopy | kOpFlash | kOpText, kLiterals + 6 * static_cast<uint8_t>(v)); }
JsonWriter& JsonWriter::null() { return text(kOpCopy | kOpFlash | kOpText, kLiterals + 11); }

// An integer through emit(): the separator and sign, then the digits of m,
// which p and n carry (low and high 16 bits) for kOpInteger/kOpNegative.
inline __attribute__((always_inline)) JsonWriter& JsonWriter::digits(uint8_t kind, uint32_t m) {
  uint16_t h[2];
  memcpy(h, &m, sizeof m);
  return emit(kind, reinterpret_cast<const char*>(static_cast<uintptr_t>(h[0])), h[1]);
}

JsonWriter& JsonWriter::integer(long v) {
  uint32_t m = static_cast<uint32_t>(v);
  uint8_t kind = kOpInteger;
  if (v < 0) {
    m = 0UL - m;
    kind = kOpNegative;
  }
  return digits(kind, m);
}
JsonWriter& JsonWriter::integer(unsigned long v) { return digits(kOpInteger, v); }

#if SL_USE_INT64
// 64-bit magnitudes by long division by 10 over their bytes (8-bit arithmetic
// only: no 64-bit division or shifts, no libgcc helpers on AVR), until what
// is left fits 32 bits and decimal() takes over.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "JsonWriter::decimal64 assumes a little-endian target"
#endif
// The leading digits (what fits 32 bits) go through digits() with the
// separator and sign; the others follow unless that call erred.
void JsonWriter::decimal64(uint8_t* b, uint8_t kind) {
  if (!(b[4] | b[5] | b[6] | b[7])) {
    uint32_t m;
    memcpy(&m, b, sizeof m);
    digits(kind, m);
    return;
  }
  uint8_t r = 0;  // b = b / 10, r = b % 10
  for (uint8_t i = 8; i;) {
    uint8_t x = b[--i], q = 0;
    for (uint8_t k = 8; k; --k) {
      r = static_cast<uint8_t>(r * 2);
      if (x & 0x80) ++r;
      x = static_cast<uint8_t>(x << 1);
      q = static_cast<uint8_t>(q << 1);
      if (r >= 10) {
        r = static_cast<uint8_t>(r - 10);
        q |= 1;
      }
    }
    b[i] = q;
  }
  decimal64(b, kind);
  if (!error_) put(static_cast<uint8_t>('0' + r));
}

JsonWriter& JsonWriter::writeInteger64(unsigned long long v, bool isSigned) {
  uint8_t* b = reinterpret_cast<uint8_t*>(&v);  // least significant byte first
  uint8_t kind = kOpInteger;
  if (isSigned && (b[7] & 0x80)) {  // two's complement negation
    kind = kOpNegative;
    uint8_t c = 1;
    for (uint8_t i = 0; i < 8; ++i) {
      b[i] = static_cast<uint8_t>(~b[i] + c);
      c = static_cast<uint8_t>(c & (b[i] == 0));
    }
  }
  decimal64(b, kind);
  return *this;
}
JsonWriter& JsonWriter::integer(long long v) { return writeInteger64(static_cast<unsigned long long>(v), true); }
JsonWriter& JsonWriter::integer(unsigned long long v) { return writeInteger64(v, false); }
#endif

// Layout of JavaScript's Number#toString: plain for 1e-7 < |v| < 1e21.
template <typename Real>
JsonWriter& JsonWriter::writeReal(Real v) {
  detail::Decimal d;
  if (detail::toDecimal(v, d) == detail::Decimal::kNotFinite) {
    null();
    if (!error_) flags_ |= kNonFinite;
    return *this;
  }
#if SL_DOUBLE_IS_FLOAT
  typedef int8_t Pos;  // |decimal exponent| < 50
#else
  typedef int16_t Pos;
#endif
  uint8_t buf[28];
  uint8_t* o = buf;
  if (d.negative) *o++ = '-';
  const Pos count = static_cast<Pos>(d.count);
  Pos point = static_cast<Pos>(count + d.exponent);  // digits before the decimal point
  Pos x = static_cast<Pos>(point - 1);                // exponent in scientific form
  const bool sci = point > 21 || point < -5;
  if (sci) point = 1;
  // Digit j of the number (j < 0 or >= count: a zero), the point before j == point.
  const Pos end = count > point ? count : point;
  for (Pos j = static_cast<Pos>(point > 0 ? 0 : point - 1); j < end; ++j) {
    if (j == point) *o++ = '.';
    uint8_t ch = '0';
    if (j >= 0 && j < count) ch = static_cast<uint8_t>(d.digits[j]);
    *o++ = ch;
  }
  if (sci) {
    *o++ = 'e';
    uint8_t sign = '+';
    if (x < 0) {
      sign = '-';
      x = static_cast<Pos>(-x);
    }
    *o++ = sign;
    uint8_t h = 0, t = 0;
#if !SL_DOUBLE_IS_FLOAT
    for (; x >= 100; x = static_cast<Pos>(x - 100)) ++h;
    if (h) *o++ = static_cast<uint8_t>('0' + h);
#endif
    for (; x >= 10; x = static_cast<Pos>(x - 10)) ++t;
    if (h || t) *o++ = static_cast<uint8_t>('0' + t);
    *o++ = static_cast<uint8_t>('0' + x);
  }
  return emit(kOpCopy, reinterpret_cast<const char*>(buf), static_cast<size_t>(o - buf));
}

JsonWriter& JsonWriter::number(float v) { return writeReal(v); }
#if SL_DOUBLE_IS_FLOAT
JsonWriter& JsonWriter::number(double v) { return writeReal(static_cast<float>(v)); }
#else
JsonWriter& JsonWriter::number(double v) { return writeReal(v); }
#endif

// Completes the document through emit() with the error set aside, so the
// closing bytes follow the same rules as everything else.
JsonWriteError JsonWriter::finish() {
  uint8_t late = error_;  // the first error stays the one reported
  if (late == JsonWriteError::SinkFailed) return error();
  error_ = JsonWriteError::Ok;
  for (;;) {
    const uint8_t state = flags_ & kState;
    if (error_ || state == 2) break;  // an error, or the root value complete
    // What finish() has to write first says what was wrong (a piecewise
    // string or a key is only ever open when finish() starts).
    const uint8_t t = SL_FLASH_READ(kFinish + state);
    if (!late) late = t >> 4;
    uint8_t o = t & 15;
    if (!o) {
      null();
      continue;
    }
    if (o == kOpStringEnd) o |= kOpQuote;
    op(o);
  }
  if (!error_) error_ = late;
  return error();
}

}  // namespace sl
