// JsonWriter implementation. See JsonWriter.h for the contract.
//
// Every public call funnels into emit(op, bytes): one place checks the
// structure, writes the separator and then the body, which keeps the AVR
// code small.
#include "JsonWriter.h"

#include "detail/FloatToDecimal.h"

#if SL_ARCH_AVR
#include <stdlib.h>  // ltoa, ultoa
#endif

namespace sl {

namespace {

// emit() operations (low nibble) and the flash-source flag.
enum : uint8_t {
  kOpCopy = 0,         // value: bytes copied verbatim (raw, number, literal)
  kOpString = 1,       // value: quoted, escaped text
  kOpStringBegin = 2,  // value: opening quote, pieces follow
  kOpObject = 3,       // value: opens an object
  kOpArray = 4,        // value: opens an array
  kOpKey = 5,
  kOpPart = 6,
  kOpStringEnd = 7,
  kOpCloseObject = 8,
  kOpCloseArray = 9,
  kOpFlash = 0x10,   // the bytes are in flash
  kOpEscape = 0x20,  // the bytes are string content (bytes() escapes them)
};

const char kErrorNames[] SL_PROGMEM =
    "Ok\0SinkFailed\0ValueNeedsKey\0KeyNotExpected\0KeyWithoutValue\0MismatchedClose\0"
    "TooDeep\0SecondRoot\0StringOpen\0StringNotOpen\0EmptyRaw\0Unclosed\0NoValue";
// emit() rules: error for [state][op class]. States: 0 inside a piecewise
// string, 1 empty root, 2 root complete, 3 object awaiting a key, 4 object
// after a key, 5 array. Op classes: value, key, string part/end, endObject,
// endArray.
typedef JsonWriteError E;
const uint8_t kTransitions[6][5] SL_PROGMEM = {
    {E::StringOpen, E::StringOpen, E::Ok, E::StringOpen, E::StringOpen},
    {E::Ok, E::KeyNotExpected, E::StringNotOpen, E::MismatchedClose, E::MismatchedClose},
    {E::SecondRoot, E::KeyNotExpected, E::StringNotOpen, E::MismatchedClose, E::MismatchedClose},
    {E::ValueNeedsKey, E::Ok, E::StringNotOpen, E::Ok, E::MismatchedClose},
    {E::Ok, E::KeyNotExpected, E::StringNotOpen, E::KeyWithoutValue, E::MismatchedClose},
    {E::Ok, E::KeyNotExpected, E::StringNotOpen, E::MismatchedClose, E::Ok},
};

// First byte emit() writes for each op (0: none).
const uint8_t kOpenByte[10] SL_PROGMEM = {0, '"', '"', '{', '[', '"', 0, 0, '}', ']'};

const char kNull[] SL_PROGMEM = "null";
const char kU00[] SL_PROGMEM = "u00";
const char kTrue[] SL_PROGMEM = "true";
const char kFalse[] SL_PROGMEM = "false";
// Short escapes for U+0008..U+000D; 0 means \\u00XX.
const char kShortEscapes[] SL_PROGMEM = {'b', 't', 'n', 0, 'f', 'r'};
const char kReplacement[] SL_PROGMEM = "\xEF\xBF\xBD";  // U+FFFD

// Decimal digits of `m` (and a '-') right-aligned in buf[0..end); returns the start.
template <typename U>
uint8_t formatInteger(U m, bool negative, uint8_t* buf, uint8_t end) {
  do {
    U q = m / 10;
    buf[--end] = static_cast<uint8_t>('0' + static_cast<uint8_t>(m - q * 10));
    m = q;
  } while (m);
  if (negative) buf[--end] = '-';
  return end;
}

}  // namespace

FlashString JsonWriteError::name() const {
  const char* p = kErrorNames;
  for (uint8_t i = code_; i && i <= NoValue; --i) {
    while (SL_FLASH_READ(p)) ++p;
    ++p;
  }
  return FlashString(p);
}

JsonWriter::JsonWriter(Sink& sink) { reset(sink); }

void JsonWriter::reset(Sink& sink) {
  sink_ = &sink;
  error_ = JsonWriteError::Ok;
  flags_ = 0;
  depth_ = 0;
  utf8_ = 0;
}

void JsonWriter::fail(uint8_t code) {
  if (error_ == JsonWriteError::Ok) error_ = code;
}

void JsonWriter::put(const uint8_t* p, size_t n) {
  if (error_ == JsonWriteError::SinkFailed) return;
  if (sink_->write(p, n) != n) error_ = JsonWriteError::SinkFailed;  // replaces a misuse error
}

void JsonWriter::put(uint8_t b) { put(&b, 1); }

// Writes p[0..n): verbatim, or as string content (kOpEscape); from flash
// with kOpFlash.
void JsonWriter::bytes(const char* p, size_t n, uint8_t op) {
  if (!(op & (kOpFlash | kOpEscape))) {
    put(reinterpret_cast<const uint8_t*>(p), n);
    return;
  }
  for (; n && error_ != JsonWriteError::SinkFailed; --n, ++p) {
    uint8_t b = (op & kOpFlash) ? SL_FLASH_READ(p) : static_cast<uint8_t>(*p);
    if (op & kOpEscape) {
      textByte(b);
    } else {
      put(b);
    }
  }
}

JsonWriter& JsonWriter::emit(uint8_t op, const char* p, size_t n) {
  if (error_) return *this;
  const uint8_t kind = op & 15;
  const bool object = inObject();
  // What is allowed where: kTransitions[state][class of op], 0 = allowed.
  const uint8_t state = (flags_ & kInString) ? 0
                        : !depth_            ? ((flags_ & kRootStarted) ? 2 : 1)
                        : !object            ? 5
                        : (flags_ & kAfterKey) ? 4
                                               : 3;
  const uint8_t cls = kind <= kOpArray ? 0 : kind == kOpKey ? 1 : kind <= kOpStringEnd ? 2 : kind - 5;
  uint8_t err = SL_FLASH_READ(&kTransitions[state][cls]);
  if (!err) {
    if (kind == kOpCopy && !n) {
      err = JsonWriteError::EmptyRaw;
    } else if ((kind == kOpObject || kind == kOpArray) && depth_ >= SL_JSON_WRITER_MAX_DEPTH) {
      err = JsonWriteError::TooDeep;
    }
  }
  if (err) {
    error_ = err;
    return *this;
  }

  if (kind <= kOpKey) {  // a value or a key: separator first
    if ((flags_ & (kHasElement | kAfterKey)) == kHasElement) put(',');
    if (kind != kOpKey) flags_ = static_cast<uint8_t>((flags_ & ~kAfterKey) | kRootStarted);
  }
  // Body: an opening byte, the bytes (escaped for strings), a closing quote.
  const uint8_t open = SL_FLASH_READ(kOpenByte + kind);
  if (open) put(open);
  if (kind == kOpKey || kind == kOpString || kind == kOpPart) {
    bytes(p, n, op | kOpEscape);
  } else if (kind == kOpCopy) {
    bytes(p, n, op);
  }
  if (kind == kOpKey || kind == kOpString || kind == kOpStringEnd) {
    flushUtf8();
    put('"');
  }
  switch (kind) {
    case kOpObject:
    case kOpArray:
      kinds_ = static_cast<Kinds>((kinds_ << 1) | (kind == kOpObject));
      ++depth_;
      flags_ &= static_cast<uint8_t>(~kHasElement);
      return *this;
    case kOpCloseObject:
    case kOpCloseArray:
      --depth_;
      kinds_ >>= 1;
      break;
    case kOpKey:
      put(':');
      flags_ |= kAfterKey;
      return *this;
    case kOpStringBegin:
      flags_ |= kInString;
      return *this;
    case kOpPart:
      return *this;
    case kOpStringEnd:
      flags_ &= static_cast<uint8_t>(~kInString);
      break;
    default:
      break;
  }
  flags_ |= kHasElement;
  return *this;
}

JsonWriter& JsonWriter::emitText(uint8_t op, const char* s) { return emit(op, s, s ? strlen(s) : 0); }
JsonWriter& JsonWriter::emitFlash(uint8_t op, FlashString s) { return emit(op | kOpFlash, s.ptr(), s.length()); }

// One byte of string content: UTF-8 validation (maximal-subpart replacement)
// and RFC 8259 escaping.
void JsonWriter::textByte(uint8_t b) {
  if (utf8_) {
    uint8_t have = static_cast<uint8_t>(utf8_ >> 2);
    uint8_t lead = pending_[0];
    bool ok = (b & 0xC0) == 0x80;
    if (have == 1 && ((lead == 0xE0 && b < 0xA0) ||   // overlong 3-byte form
                      (lead == 0xED && b > 0x9F) ||   // UTF-16 surrogate
                      (lead == 0xF0 && b < 0x90) ||   // overlong 4-byte form
                      (lead == 0xF4 && b > 0x8F))) {  // above U+10FFFF
      ok = false;
    }
    if (ok) {
      pending_[have] = b;
      if ((utf8_ & 3) == 1) {
        utf8_ = 0;
        put(pending_, have + 1);
      } else {
        utf8_ = static_cast<uint8_t>(utf8_ + 3);  // one more held, one fewer expected
      }
      return;
    }
    flushUtf8();  // the cut sequence becomes U+FFFD; b starts afresh
  }
  if (b >= 0x80) {
    if (b >= 0xC2 && b <= 0xF4) {
      pending_[0] = b;
      utf8_ = static_cast<uint8_t>(5 + (b >= 0xE0) + (b >= 0xF0));
    } else {
      bytes(kReplacement, 3, kOpFlash);
    }
    return;
  }
  if (b >= 0x20 && b != '"' && b != '\\') {
    put(b);
    return;
  }
  put('\\');
  if (b < 0x20) {
    uint8_t c = (b >= 8 && b <= 13) ? SL_FLASH_READ(kShortEscapes + (b - 8)) : 0;
    if (!c) {
      bytes(kU00, 3, kOpFlash);
      put(static_cast<uint8_t>('0' + (b >> 4)));
      b &= 15;
      c = static_cast<uint8_t>(b < 10 ? '0' + b : 'a' - 10 + b);
    }
    b = c;
  }
  put(b);
}

void JsonWriter::flushUtf8() {
  if (utf8_) {
    utf8_ = 0;
    bytes(kReplacement, 3, kOpFlash);
  }
}

JsonWriter& JsonWriter::beginObject() { return emit(kOpObject, 0, 0); }
JsonWriter& JsonWriter::endObject() { return emit(kOpCloseObject, 0, 0); }
JsonWriter& JsonWriter::beginArray() { return emit(kOpArray, 0, 0); }
JsonWriter& JsonWriter::endArray() { return emit(kOpCloseArray, 0, 0); }

JsonWriter& JsonWriter::key(const char* name) { return emitText(kOpKey, name); }
JsonWriter& JsonWriter::key(const char* name, size_t length) { return emit(kOpKey, name, name ? length : 0); }
JsonWriter& JsonWriter::key(FlashString name) { return emitFlash(kOpKey, name); }

JsonWriter& JsonWriter::string(const char* s) { return s ? emitText(kOpString, s) : null(); }
JsonWriter& JsonWriter::string(const char* s, size_t length) { return s ? emit(kOpString, s, length) : null(); }
JsonWriter& JsonWriter::string(FlashString s) { return s.ptr() ? emitFlash(kOpString, s) : null(); }

JsonWriter& JsonWriter::stringBegin() { return emit(kOpStringBegin, 0, 0); }
JsonWriter& JsonWriter::stringPart(const char* s, size_t length) { return emit(kOpPart, s, s ? length : 0); }
JsonWriter& JsonWriter::stringPart(const char* s) { return emitText(kOpPart, s); }
JsonWriter& JsonWriter::stringPart(FlashString s) { return emitFlash(kOpPart, s); }
JsonWriter& JsonWriter::stringEnd() { return emit(kOpStringEnd, 0, 0); }

JsonWriter& JsonWriter::raw(const char* json, size_t length) { return emit(kOpCopy, json, json ? length : 0); }
JsonWriter& JsonWriter::raw(const char* json) { return emitText(kOpCopy, json); }
JsonWriter& JsonWriter::raw(FlashString json) { return emitFlash(kOpCopy, json); }

JsonWriter& JsonWriter::boolean(bool v) {
  return v ? emit(kOpCopy | kOpFlash, kTrue, 4) : emit(kOpCopy | kOpFlash, kFalse, 5);
}
JsonWriter& JsonWriter::null() { return emit(kOpCopy | kOpFlash, kNull, 4); }

template <typename U>
JsonWriter& JsonWriter::writeInteger(U magnitude, bool negative) {
  uint8_t buf[21];
  uint8_t start = formatInteger(magnitude, negative, buf, sizeof buf);
  return emit(kOpCopy, reinterpret_cast<const char*>(buf + start), sizeof buf - start);
}

#if SL_ARCH_AVR
// avr-libc's hand-written conversions are smaller than the generic loop.
JsonWriter& JsonWriter::integer(long v) {
  char buf[12];
  return emitText(kOpCopy, ltoa(v, buf, 10));
}
JsonWriter& JsonWriter::integer(unsigned long v) {
  char buf[11];
  return emitText(kOpCopy, ultoa(v, buf, 10));
}
#else
JsonWriter& JsonWriter::integer(long v) {
  unsigned long m = static_cast<unsigned long>(v);
  return writeInteger<unsigned long>(v < 0 ? 0UL - m : m, v < 0);
}
JsonWriter& JsonWriter::integer(unsigned long v) { return writeInteger<unsigned long>(v, false); }
#endif
#if SL_USE_INT64
JsonWriter& JsonWriter::integer(long long v) {
  unsigned long long m = static_cast<unsigned long long>(v);
  return writeInteger<unsigned long long>(v < 0 ? 0ULL - m : m, v < 0);
}
JsonWriter& JsonWriter::integer(unsigned long long v) { return writeInteger<unsigned long long>(v, false); }
#endif

template <typename Real>
JsonWriter& JsonWriter::writeReal(Real v) {
  detail::Decimal d;
  if (detail::toDecimal(v, d) == detail::Decimal::kNotFinite) {
    null();
    if (!error_) flags_ |= kNonFinite;
    return *this;
  }
  // Layout of JavaScript's Number#toString: plain for 1e-6 <= |v| < 1e21.
  uint8_t buf[28];
  uint8_t* o = buf;
  if (d.negative) *o++ = '-';
  const int16_t point = static_cast<int16_t>(d.count + d.exponent);  // digits before the point
  const int16_t dot = (point > 21 || point <= -6) ? 1 : point;
  if (dot <= 0) {
    *o++ = '0';
    *o++ = '.';
    for (int16_t z = dot; z < 0; ++z) *o++ = '0';
  }
  const char* digit = d.digits;
  for (int16_t i = 0; i < d.count || i < dot; ++i) {
    if (i == dot && i) *o++ = '.';
    *o++ = static_cast<uint8_t>(i < d.count ? *digit++ : '0');
  }
  if (dot != point) {  // scientific
    int16_t x = static_cast<int16_t>(point - 1);
    *o++ = 'e';
    *o++ = x < 0 ? '-' : '+';
    if (x < 0) x = static_cast<int16_t>(-x);
    uint8_t e[3];
    uint8_t i = formatInteger(static_cast<uint16_t>(x), false, e, sizeof e);
    while (i < sizeof e) *o++ = e[i++];
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
  uint8_t first = error_;
  if (first == JsonWriteError::SinkFailed) return error();
  error_ = JsonWriteError::Ok;
  uint8_t late = JsonWriteError::Ok;
  if (flags_ & kInString) {
    late = JsonWriteError::Unclosed;
    stringEnd();
  }
  if (flags_ & kAfterKey) {
    late = JsonWriteError::KeyWithoutValue;
    null();
  }
  while (depth_ && !error_) {
    if (!late) late = JsonWriteError::Unclosed;
    emit(inObject() ? kOpCloseObject : kOpCloseArray, 0, 0);
  }
  if (!(flags_ & kRootStarted)) {
    late = JsonWriteError::NoValue;
    null();
  }
  if (!error_) error_ = first ? first : late;
  return error();
}

}  // namespace sl
