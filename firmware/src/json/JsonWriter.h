// JsonWriter: streaming, zero-heap JSON writer (RFC 8259) onto an sl::Sink.
//
//   sl::CountingSink count;                  // pass 1: exact length, no buffer
//   sl::JsonWriter w(count);
//   writeReading(w);                         // your code, called twice
//   size_t length = count.count();           // e.g. for Content-Length
//   sl::JsonWriter w2(client);               // pass 2: the real bytes
//   writeReading(w2);
//   if (w2.finish() != sl::JsonWriteError::Ok) { /* do not send */ }
//
//   void writeReading(sl::JsonWriter& w) {
//     w.beginObject()
//         .key(SL_F("sensor")).string("t\"1")          // -> "t\"1" escaped
//         .key(SL_F("celsius")).number(21.5f)
//         .key(SL_F("samples")).beginArray().integer(1).integer(2).endArray()
//      .endObject();
//   }
//
// Output: compact (no whitespace), written as it goes (RAM does not grow with
// the document); the writer keeps no copy of any input. Strings come out
// byte-for-byte as JSON.stringify writes them (after the U+FFFD rule below).
//
// Strings (values and keys; from RAM, from flash via FlashString/SL_F/F(), or
// in pieces with stringBegin/stringPart/stringEnd):
//  - `"` and `\` are escaped; every control character U+0000..U+001F is
//    escaped as \b \t \n \f \r or \u00XX (lowercase hex). DEL and everything
//    else valid is copied as UTF-8.
//  - Invalid UTF-8 is replaced with U+FFFD, one per maximal ill-formed
//    subpart (the Unicode / WHATWG "TextDecoder" rule): stray continuation
//    bytes, C0/C1 and F5..FF lead bytes, overlong forms (E0 80.., F0 80..),
//    UTF-16 surrogates (ED A0..ED BF), code points above U+10FFFF (F4 90..),
//    and sequences cut short by another byte or by the end of the string.
//    A sequence split across stringPart calls is joined, not replaced.
//  - A null `const char*` value is written as `null`; a null key as "".
// Numbers:
//  - integer(): exact, any int/long (and long long when SL_USE_INT64). On AVR
//    ~0.3 ms at 16 MHz for a 10-digit value (measured on the simulated mega;
//    digits by bit-wise long division, no libgcc division).
//  - number(float) / number(double): a decimal that reads back (correctly
//    rounded, e.g. strtod / JSON.parse) as exactly the same float / double:
//    it lies strictly inside the value's rounding interval. At most 9
//    significant digits for float, 17 for double. float: the shortest such
//    decimal unless it lies on or within ~1e-11 (relative) of the interval's
//    edge (then one digit more; ~0.2% of random bit patterns), and among the
//    shortest the one nearest the value (ties up). double (only where it is
//    wider than float): the shortest in all but a few per mille of values,
//    then the closest. On AVR double is float. Layout of JavaScript's
//    Number#toString: 0.1, 100, 1e+21, 1.5e-7, 0.000001; -0 is "-0". No
//    printf, no floating-point arithmetic (integer code only). On AVR a float
//    takes roughly 3 ms at 16 MHz for everyday values and up to ~10 ms for
//    extreme exponents (estimated; decimal digit rows, 8-bit arithmetic).
//  - NaN and +-infinity are written as `null` (valid JSON) and set the sticky
//    flag wroteNonFinite(); they are not errors.
// raw(): copied verbatim as one value; the caller guarantees it is one valid
//  JSON value (the only call that can break validity). Empty raw is an error
//  (EmptyRaw, also where a value would be misplaced anyway).
//
// Errors (JsonWriteError): misuse of the structure or a failing sink.
//  - The call that errs writes nothing, and every later call is ignored, so the
//    output stops at a clean point. The first error is kept, except that
//    SinkFailed replaces any earlier one (the output is then unusable; the
//    rest of the call during which the sink failed is still offered to it).
//  - finish() then completes the document: it closes an open piecewise string
//    (flushing a cut UTF-8 sequence as U+FFFD), writes `null` for a key left
//    without a value, closes every open container, and writes `null` if no
//    value was written at all. Closing what is still open, or writing nothing,
//    is itself reported (Unclosed, NoValue).
//  - Guarantee: after finish(), the bytes the sink accepted are exactly one
//    valid JSON text, unless the error is SinkFailed (the sink dropped bytes;
//    discard what it holds). finish() returns Ok only when the document is
//    exactly what the calls described.
//  - A CountingSink pass and a real pass with the same calls produce the same
//    number of bytes, errors included (unless the real sink fails).
//
// Limits and size: nesting up to SL_JSON_WRITER_MAX_DEPTH containers (default
// SL_JSON_MAX_DEPTH = 32; at most 64). RAM: sizeof(JsonWriter) is 14 bytes on AVR
// with the defaults (sink pointer, 4 state bytes, 4 bytes of pending UTF-8
// (scratch for short writes otherwise), a 32-bit stack of container kinds);
// no static RAM. Stack on AVR (-Os, with return addresses, excluding the
// sink's write; counted from the code, as -fstack-usage cannot size the
// assembly): ~20 bytes for structure and strings, ~50 for 32-bit integers
// (their digits come from a recursion, 3 bytes per digit), ~60 for 64-bit
// ones, ~140 while formatting a float.
// Flash on ATmega328P (avr-gcc 5.4 -Os, gc-sections; checked by
// test/firmware/toolchains.test.ts): ~1.0 KB for structure, strings (UTF-8
// check + escaping, RAM/flash/pieces), 32-bit integers, literals and raw
// (990 B there; 1,040 B in npm run bench's writer-core probe, call sites
// included; 70 B of it is the UTF-8 check, io/Utf8Step.h, which the
// compact parser shares when both are linked); number(float) adds ~1.0 KB,
// 64-bit integers ~0.25 KB (only when called). On AVR emit() (structure,
// escaping, UTF-8 check, digits, sink calls) and the small entry points
// (begin/end, key(const char*), key(FlashString), string(s), string(s,
// length), string(FlashString), integer(long), boolean, null) are
// hand-written assembly, linked together; C++ elsewhere: the same
// output and the same write() calls.
// raw() text from RAM and the text of a float or a 64-bit integer reach the
// sink in one write(); string bytes, 32-bit integers' digits, flash raw()
// text and literals one write() per byte (a multi-byte UTF-8 sequence or
// U+FFFD in one write, an escape in two or three); a key's ':' is written
// with its value (or by finish()).
// Not thread-safe; one writer per document.
#ifndef SL_JSON_JSON_WRITER_H
#define SL_JSON_JSON_WRITER_H

#include "../config/Config.h"
#include "../io/FlashString.h"
#include "../io/Sink.h"

// 1: emit() and what it calls are AVR assembly (avr-gcc; a core with MOVW
// and LPM Rd,Z+, as every ATmega and ATtiny since the ATtiny25), C++
// elsewhere. The small entry points marked SL_JSON_WRITER_AVR_ENTRY are then
// entries of that assembly too (symbols sl_JsonWriter_*, no C++ body on AVR).
#if SL_ARCH_AVR && defined(__GNUC__) && !defined(__clang__) && defined(__AVR_HAVE_MOVW__) && defined(__AVR_HAVE_LPMX__)
#define SL_JSON_WRITER_ASM 1
#define SL_JSON_WRITER_AVR_ENTRY(name) __asm__("sl_JsonWriter_" name)
#else
#define SL_JSON_WRITER_ASM 0
#define SL_JSON_WRITER_AVR_ENTRY(name)
#endif

namespace sl {

class JsonWriteError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    SinkFailed,        // the sink accepted fewer bytes than offered
    ValueNeedsKey,     // a value inside an object without key() before it
    KeyNotExpected,    // key() at the root, inside an array, or after key()
    KeyWithoutValue,   // endObject()/finish() right after key()
    MismatchedClose,   // endObject() on an array, endArray() on an object, or nothing open
    TooDeep,           // more than SL_JSON_WRITER_MAX_DEPTH open containers
    SecondRoot,        // a value after the root value was complete
    StringOpen,        // another call between stringBegin() and stringEnd()
    StringNotOpen,     // stringPart()/stringEnd() without stringBegin()
    EmptyRaw,          // raw() with no bytes
    Unclosed,          // finish() with containers (or a piecewise string) still open
    NoValue,           // finish() before any value
  };

  JsonWriteError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  // The enumerator's name, e.g. "ValueNeedsKey" (in flash on AVR); "Unknown" for a
  // code out of range.
  FlashString name() const;
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

 private:
  Code code_;
};

class JsonWriter {
 public:
  // The sink must outlive the writer; the writer never buffers.
  explicit JsonWriter(Sink& sink) { reset(sink); }
  // Starts a new document on `sink` (e.g. the real pass after a counting pass).
  void reset(Sink& sink);

  JsonWriter& beginObject() SL_JSON_WRITER_AVR_ENTRY("beginObject");
  JsonWriter& endObject() SL_JSON_WRITER_AVR_ENTRY("endObject");
  JsonWriter& beginArray() SL_JSON_WRITER_AVR_ENTRY("beginArray");
  JsonWriter& endArray() SL_JSON_WRITER_AVR_ENTRY("endArray");

  // Member name inside an object; the next call must write its value.
  JsonWriter& key(const char* name) SL_JSON_WRITER_AVR_ENTRY("key");  // NUL-terminated
  JsonWriter& key(const char* name, size_t length);
  JsonWriter& key(FlashString name) SL_JSON_WRITER_AVR_ENTRY("keyFlash");

  JsonWriter& string(const char* s) SL_JSON_WRITER_AVR_ENTRY("string");  // NUL-terminated; null -> null
  JsonWriter& string(const char* s, size_t length) SL_JSON_WRITER_AVR_ENTRY("stringN");
  JsonWriter& string(FlashString s) SL_JSON_WRITER_AVR_ENTRY("stringFlash");
  // A string value written in pieces (any number of parts, any split).
  JsonWriter& stringBegin();
  JsonWriter& stringPart(const char* s, size_t length);
  JsonWriter& stringPart(const char* s);
  JsonWriter& stringPart(FlashString s);
  JsonWriter& stringEnd();

  JsonWriter& integer(int v) { return integer(static_cast<long>(v)); }
  JsonWriter& integer(unsigned v) { return integer(static_cast<unsigned long>(v)); }
  JsonWriter& integer(long v) SL_JSON_WRITER_AVR_ENTRY("integer");
  JsonWriter& integer(unsigned long v);
#if SL_USE_INT64
  JsonWriter& integer(long long v);
  JsonWriter& integer(unsigned long long v);
#endif
  // Floating point only: number(5) is ambiguous on purpose, use integer().
  JsonWriter& number(float v);
  JsonWriter& number(double v);
  JsonWriter& boolean(bool v) SL_JSON_WRITER_AVR_ENTRY("boolean");
  JsonWriter& null() SL_JSON_WRITER_AVR_ENTRY("null");
  // One pre-validated JSON value, copied verbatim.
  JsonWriter& raw(const char* json, size_t length);
  JsonWriter& raw(const char* json);
  JsonWriter& raw(FlashString json);

  // Completes the document (see the rules above) and returns the first error.
  SL_NODISCARD JsonWriteError finish();

  JsonWriteError error() const { return JsonWriteError(static_cast<JsonWriteError::Code>(error_)); }
  bool ok() const { return error_ == JsonWriteError::Ok; }
  // True once a NaN or infinity was written (as null).
  bool wroteNonFinite() const { return (flags_ & kNonFinite) != 0; }
  // Open containers.
  uint8_t depth() const { return depth_; }

 private:
  enum Flags : uint8_t {
    kState = 7,  // where the writer is (see kTransitions in JsonWriter.cpp)
    kNonFinite = 8,
  };

#if SL_JSON_WRITER_MAX_DEPTH <= 8
  typedef uint8_t Kinds;
#elif SL_JSON_WRITER_MAX_DEPTH <= 16
  typedef uint16_t Kinds;
#elif SL_JSON_WRITER_MAX_DEPTH <= 32
  typedef uint32_t Kinds;
#elif SL_JSON_WRITER_MAX_DEPTH <= 64
  typedef uint64_t Kinds;
#else
#error "SL_JSON_WRITER_MAX_DEPTH must be at most 64"
#endif

#if SL_JSON_WRITER_ASM
  // On AVR the entry points above, op(), text() and emit() are one piece of
  // assembly (JsonWriter.cpp): entriesAsm, a naked function (avr-gcc allows
  // that only on static members) whose entries run on into op's, text's and
  // emit's. Callers see them as ordinary functions (opAvr, textAvr, emitAvr:
  // a naked callee would cost every caller its tail call).
  JsonWriter& emit(uint8_t op, const char* p, size_t n) { return emitAvr(*this, op, p, n); }
  JsonWriter& op(uint8_t op) { return opAvr(*this, op); }
  JsonWriter& text(uint8_t op, const char* s) { return textAvr(*this, op, s); }
  static JsonWriter& emitAvr(JsonWriter& w, uint8_t op, const char* p, size_t n) __asm__("sl_JsonWriter_emit");
  static JsonWriter& textAvr(JsonWriter& w, uint8_t op, const char* s) __asm__("sl_JsonWriter_text");
  static JsonWriter& opAvr(JsonWriter& w, uint8_t op) __asm__("sl_JsonWriter_op");
  // (`used`: only its asm labels are called, which LTO cannot see; its own
  // section: the linker's --gc-sections still drops it from a program that
  // calls none of them, as it drops the C++ functions elsewhere)
  __attribute__((naked, noinline, used, section(".text.sl_JsonWriter_entries"))) static void entriesAsm()
      __asm__("sl_JsonWriter_entries");
#else
  SL_NOINLINE JsonWriter& emit(uint8_t op, const char* p, size_t n);
  SL_NOINLINE JsonWriter& op(uint8_t op);
  JsonWriter& text(uint8_t op, const char* s);
#endif
  SL_NOINLINE JsonWriter& rawText(uint8_t op, const char* p, size_t n);
  inline JsonWriter& digits(uint8_t kind, uint32_t m);
#if SL_USE_INT64
  JsonWriter& writeInteger64(unsigned long long v, bool isSigned);
#endif
  template <typename Real>
  JsonWriter& writeReal(Real v);
  // Inline, defined (and used) in JsonWriter.cpp only.
  inline void bytes(const char* p, size_t n, uint8_t& op);
  inline void textByte(uint8_t b);
  inline void flushUtf8();
  SL_NOINLINE void decimal(uint32_t m);
  SL_NOINLINE void replacement();  // U+FFFD
  inline uint8_t unicodeEscape(uint8_t b);
  SL_NOINLINE void putHeld(uint8_t n);  // pending_[0..n)
  SL_NOINLINE void put(const uint8_t* p, size_t n);
  SL_NOINLINE void put(uint8_t b);

  Sink* sink_;
  uint8_t error_;
  uint8_t flags_;
  uint8_t depth_;
  uint8_t utf8_;        // UTF-8 sequence in progress: detail::utf8Step()'s state, 0 for none
  uint8_t pending_[4];  // its bytes so far (how many in [3] then); when none are held, scratch for short writes
  Kinds kinds_;         // one bit per open container, innermost in bit 0: 1 = array
};

}  // namespace sl

#endif  // SL_JSON_JSON_WRITER_H
