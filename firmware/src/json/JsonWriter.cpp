// JsonWriter implementation. See JsonWriter.h for the contract.
#include "JsonWriter.h"

#include "detail/FloatToDecimal.h"

#if SL_JSON_MAX_DEPTH > 255
#error "SL_JSON_MAX_DEPTH must be at most 255"
#endif

namespace sl {

namespace {

const char kErrorNames[] SL_PROGMEM =
    "Ok\0SinkFailed\0ValueNeedsKey\0KeyNotExpected\0KeyWithoutValue\0MismatchedClose\0"
    "TooDeep\0SecondRoot\0StringOpen\0StringNotOpen\0EmptyRaw\0Unclosed\0NoValue";
const char kNull[] SL_PROGMEM = "null";
const char kTrue[] SL_PROGMEM = "true";
const char kFalse[] SL_PROGMEM = "false";
// Short escapes for U+0008..U+000D; 0 means \u00XX.
const char kShortEscapes[] SL_PROGMEM = {'b', 't', 'n', 0, 'f', 'r'};
const uint8_t kReplacement[3] = {0xEF, 0xBF, 0xBD};  // U+FFFD

uint8_t hexDigit(uint8_t d) { return static_cast<uint8_t>(d < 10 ? '0' + d : 'a' - 10 + d); }

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

void JsonWriter::fail(JsonWriteError::Code code) {
  if (error_ == JsonWriteError::Ok) error_ = code;
}

void JsonWriter::put(const uint8_t* p, size_t n) {
  if (error_ == JsonWriteError::SinkFailed) return;
  if (sink_->write(p, n) != n) error_ = JsonWriteError::SinkFailed;  // overrides misuse
}

void JsonWriter::putFlash(const char* p) {
  for (uint8_t c; (c = SL_FLASH_READ(p)) != 0; ++p) put(c);
}

bool JsonWriter::inObject() const {
  uint8_t d = static_cast<uint8_t>(depth_ - 1);
  return depth_ && ((kinds_[d >> 3] >> (d & 7)) & 1);
}

// Gate of every call: false (and nothing written) when in error or misused.
bool JsonWriter::beginValue() {
  if (error_) return false;
  if (flags_ & kInString) {
    fail(JsonWriteError::StringOpen);
  } else if (depth_ == 0) {
    if (flags_ & kRootStarted) {
      fail(JsonWriteError::SecondRoot);
    } else {
      flags_ |= kRootStarted;
    }
  } else if (inObject()) {
    if (flags_ & kAfterKey) {
      flags_ &= static_cast<uint8_t>(~kAfterKey);
    } else {
      fail(JsonWriteError::ValueNeedsKey);
    }
  } else if (flags_ & kHasElement) {
    put(',');
  }
  return !error_;
}

void JsonWriter::endValue() { flags_ |= kHasElement; }

JsonWriter& JsonWriter::open(uint8_t bracket, bool object) {
  if (depth_ >= SL_JSON_MAX_DEPTH) fail(JsonWriteError::TooDeep);
  if (!beginValue()) return *this;
  uint8_t bit = static_cast<uint8_t>(1u << (depth_ & 7));
  uint8_t& slot = kinds_[depth_ >> 3];
  slot = static_cast<uint8_t>(object ? (slot | bit) : (slot & ~bit));
  ++depth_;
  flags_ &= static_cast<uint8_t>(~kHasElement);
  put(bracket);
  return *this;
}

JsonWriter& JsonWriter::close(uint8_t bracket, bool object) {
  if (error_) return *this;
  if (flags_ & kInString) {
    fail(JsonWriteError::StringOpen);
  } else if (!depth_ || inObject() != object) {
    fail(JsonWriteError::MismatchedClose);
  } else if (flags_ & kAfterKey) {
    fail(JsonWriteError::KeyWithoutValue);
  } else {
    --depth_;
    put(bracket);
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::beginObject() { return open('{', true); }
JsonWriter& JsonWriter::endObject() { return close('}', true); }
JsonWriter& JsonWriter::beginArray() { return open('[', false); }
JsonWriter& JsonWriter::endArray() { return close(']', false); }

// One byte of string content: UTF-8 validation (maximal-subpart replacement)
// and RFC 8259 escaping.
void JsonWriter::textByte(uint8_t b) {
  uint8_t need = utf8_ & 3;
  if (need) {
    uint8_t have = static_cast<uint8_t>(utf8_ >> 2);
    uint8_t lo = 0x80, hi = 0xBF;
    if (have == 1) {
      switch (pending_[0]) {
        case 0xE0: lo = 0xA0; break;  // overlong 3-byte
        case 0xED: hi = 0x9F; break;  // surrogates
        case 0xF0: lo = 0x90; break;  // overlong 4-byte
        case 0xF4: hi = 0x8F; break;  // above U+10FFFF
        default: break;
      }
    }
    if (b >= lo && b <= hi) {
      if (need == 1) {
        utf8_ = 0;
        put(pending_, have);
        put(b);
      } else {
        pending_[have] = b;
        utf8_ = static_cast<uint8_t>(((have + 1) << 2) | (need - 1));
      }
      return;
    }
    flushUtf8();  // the cut sequence becomes U+FFFD; b starts afresh
  }
  if (b >= 0x80) {
    if (b >= 0xC2 && b <= 0xF4) {
      pending_[0] = b;
      utf8_ = static_cast<uint8_t>(4 | (b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1));
    } else {
      put(kReplacement, sizeof kReplacement);
    }
    return;
  }
  uint8_t e[6] = {'\\', b, 'u', '0', '0', 0};
  size_t n = 2;
  if (b < 0x20) {
    uint8_t c = (b >= 8 && b <= 13) ? SL_FLASH_READ(kShortEscapes + (b - 8)) : 0;
    if (c) {
      e[1] = c;
    } else {
      e[1] = 'u';
      e[4] = hexDigit(b >> 4);
      e[5] = hexDigit(b & 15);
      n = 6;
    }
  } else if (b != '"' && b != '\\') {
    put(b);
    return;
  }
  put(e, n);
}

void JsonWriter::flushUtf8() {
  if (utf8_) {
    utf8_ = 0;
    put(kReplacement, sizeof kReplacement);
  }
}

void JsonWriter::text(const char* p, size_t n, bool flash) {
  for (; n && error_ != JsonWriteError::SinkFailed; --n, ++p) {
    textByte(flash ? SL_FLASH_READ(p) : static_cast<uint8_t>(*p));
  }
}

JsonWriter& JsonWriter::keyText(const char* p, size_t n, bool flash) {
  if (error_) return *this;
  if (flags_ & kInString) {
    fail(JsonWriteError::StringOpen);
  } else if (!inObject() || (flags_ & kAfterKey)) {
    fail(JsonWriteError::KeyNotExpected);
  } else {
    if (flags_ & kHasElement) put(',');
    put('"');
    text(p, n, flash);
    flushUtf8();
    put('"');
    put(':');
    flags_ |= kAfterKey;
  }
  return *this;
}

JsonWriter& JsonWriter::key(const char* name) { return keyText(name, name ? strlen(name) : 0, false); }
JsonWriter& JsonWriter::key(const char* name, size_t length) { return keyText(name, name ? length : 0, false); }
JsonWriter& JsonWriter::key(FlashString name) { return keyText(name.ptr(), name.length(), true); }

JsonWriter& JsonWriter::stringText(const char* p, size_t n, bool flash) {
  if (!p) return null();
  if (beginValue()) {
    put('"');
    text(p, n, flash);
    flushUtf8();
    put('"');
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::string(const char* s) { return stringText(s, s ? strlen(s) : 0, false); }
JsonWriter& JsonWriter::string(const char* s, size_t length) { return stringText(s, length, false); }
JsonWriter& JsonWriter::string(FlashString s) { return stringText(s.ptr(), s.length(), true); }

JsonWriter& JsonWriter::stringBegin() {
  if (beginValue()) {
    put('"');
    flags_ |= kInString;
  }
  return *this;
}

JsonWriter& JsonWriter::partText(const char* p, size_t n, bool flash) {
  if (error_) return *this;
  if (!(flags_ & kInString)) {
    fail(JsonWriteError::StringNotOpen);
  } else if (p) {
    text(p, n, flash);
  }
  return *this;
}

JsonWriter& JsonWriter::stringPart(const char* s, size_t length) { return partText(s, length, false); }
JsonWriter& JsonWriter::stringPart(const char* s) { return partText(s, s ? strlen(s) : 0, false); }
JsonWriter& JsonWriter::stringPart(FlashString s) { return partText(s.ptr(), s.length(), true); }

JsonWriter& JsonWriter::stringEnd() {
  if (error_) return *this;
  if (!(flags_ & kInString)) {
    fail(JsonWriteError::StringNotOpen);
  } else {
    flags_ &= static_cast<uint8_t>(~kInString);
    flushUtf8();
    put('"');
    endValue();
  }
  return *this;
}

template <typename U>
JsonWriter& JsonWriter::writeInteger(U magnitude, bool negative) {
  if (beginValue()) {
    uint8_t buf[21];
    uint8_t i = sizeof buf;
    do {
      buf[--i] = static_cast<uint8_t>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude);
    if (negative) buf[--i] = '-';
    put(buf + i, sizeof buf - i);
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::integer(long v) {
  unsigned long m = static_cast<unsigned long>(v);
  return writeInteger<unsigned long>(v < 0 ? 0UL - m : m, v < 0);
}
JsonWriter& JsonWriter::integer(unsigned long v) { return writeInteger<unsigned long>(v, false); }
#if SL_USE_INT64
JsonWriter& JsonWriter::integer(long long v) {
  unsigned long long m = static_cast<unsigned long long>(v);
  return writeInteger<unsigned long long>(v < 0 ? 0ULL - m : m, v < 0);
}
JsonWriter& JsonWriter::integer(unsigned long long v) { return writeInteger<unsigned long long>(v, false); }
#endif

template <typename Real>
JsonWriter& JsonWriter::writeReal(Real v) {
  if (!beginValue()) return *this;
  detail::Decimal d;
  detail::Decimal::Kind kind = detail::toDecimal(v, d);
  if (kind == detail::Decimal::kNotFinite) {
    flags_ |= kNonFinite;
    putFlash(kNull);
  } else {
    // Layout of JavaScript's Number#toString: plain for 1e-6 <= |v| < 1e21.
    uint8_t buf[26];
    uint8_t n = 0;
    if (d.negative) buf[n++] = '-';
    if (kind == detail::Decimal::kZero) {
      buf[n++] = '0';
    } else {
      int point = d.count + d.exponent;  // digits before the decimal point
      bool scientific = point > 21 || point <= -6;
      int dot = scientific ? 1 : point;
      if (dot <= 0) {
        buf[n++] = '0';
        buf[n++] = '.';
        for (int z = dot; z < 0; ++z) buf[n++] = '0';
      }
      for (int i = 0; i < d.count || i < dot; ++i) {
        if (i == dot && i > 0) buf[n++] = '.';
        buf[n++] = static_cast<uint8_t>(i < d.count ? d.digits[i] : '0');
      }
      if (scientific) {
        int x = point - 1;
        buf[n++] = 'e';
        buf[n++] = x < 0 ? '-' : '+';
        if (x < 0) x = -x;
        if (x >= 100) buf[n++] = static_cast<uint8_t>('0' + x / 100);
        if (x >= 10) buf[n++] = static_cast<uint8_t>('0' + x / 10 % 10);
        buf[n++] = static_cast<uint8_t>('0' + x % 10);
      }
    }
    put(buf, n);
  }
  endValue();
  return *this;
}

JsonWriter& JsonWriter::number(float v) { return writeReal(v); }
#if SL_DOUBLE_IS_FLOAT
JsonWriter& JsonWriter::number(double v) { return writeReal(static_cast<float>(v)); }
#else
JsonWriter& JsonWriter::number(double v) { return writeReal(v); }
#endif

JsonWriter& JsonWriter::boolean(bool v) {
  if (beginValue()) {
    putFlash(v ? kTrue : kFalse);
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::null() {
  if (beginValue()) {
    putFlash(kNull);
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::rawText(const char* p, size_t n, bool flash) {
  if (!error_ && (!p || !n)) fail(JsonWriteError::EmptyRaw);
  if (beginValue()) {
    if (flash) {
      for (; n; --n, ++p) put(SL_FLASH_READ(p));
    } else {
      put(reinterpret_cast<const uint8_t*>(p), n);
    }
    endValue();
  }
  return *this;
}

JsonWriter& JsonWriter::raw(const char* json, size_t length) { return rawText(json, length, false); }
JsonWriter& JsonWriter::raw(const char* json) { return rawText(json, json ? strlen(json) : 0, false); }
JsonWriter& JsonWriter::raw(FlashString json) { return rawText(json.ptr(), json.length(), true); }

JsonWriteError JsonWriter::finish() {
  if (flags_ & kInString) {
    fail(JsonWriteError::Unclosed);
    flags_ &= static_cast<uint8_t>(~kInString);
    flushUtf8();
    put('"');
    endValue();
  }
  if (flags_ & kAfterKey) {
    fail(JsonWriteError::KeyWithoutValue);
    flags_ &= static_cast<uint8_t>(~kAfterKey);
    putFlash(kNull);
  }
  while (depth_) {
    fail(JsonWriteError::Unclosed);
    bool object = inObject();
    --depth_;
    put(object ? '}' : ']');
  }
  if (!(flags_ & kRootStarted)) {
    fail(JsonWriteError::NoValue);
    flags_ |= kRootStarted;
    putFlash(kNull);
  }
  return error();
}

}  // namespace sl
