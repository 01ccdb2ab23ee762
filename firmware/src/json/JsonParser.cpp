#include "JsonParser.h"

namespace sl {

namespace {

// "true", "false", "null" after their first letter, NUL-terminated in a row.
const char kLiterals[] SL_PROGMEM = "rue\0alse\0ull";
const uint8_t kTrueAt = 0, kFalseAt = 4, kNullAt = 9;

inline uint8_t literalAt(uint8_t i) {
#if SL_ARCH_AVR
  return pgm_read_byte(kLiterals + i);
#else
  return static_cast<uint8_t>(kLiterals[i]);
#endif
}

inline bool isSpace(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool isDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

// Number grammar as a transition table: [state - kNumMinus][class] with
// classes '0', '1'-'9', '.', 'e'/'E', '+'/'-', anything else.
const uint8_t kNumEnd = 0xFE, kNumBad = 0xFF;

}  // namespace

void JsonParser::reset(JsonHandler* handler) {
  handler_ = handler;
  piece_ = 0;
  pieceLen_ = 0;
  offset_ = 0;
  state_ = kValue;
  error_ = JsonParseError::Ok;
  flags_ = 0;
  depth_ = 0;
  numLen_ = 0;
  aux_ = 0;
  for (uint8_t i = 0; i < sizeof stack_; ++i) stack_[i] = 0;
  u_.num.adjust = 0;
  u_.num.exponent = 0;
}

bool JsonParser::emit(JsonEvent e) {
  return !handler_ || handler_->onJson(e, *this);
}

namespace {
// UTF-8 of a BMP code point.
uint8_t appendUtf8(uint8_t* o, uint8_t n, uint16_t v) {
  if (v < 0x80) {
    o[n++] = static_cast<uint8_t>(v);
    return n;
  }
  if (v < 0x800) {
    o[n++] = static_cast<uint8_t>(0xC0 | (v >> 6));
  } else {
    o[n++] = static_cast<uint8_t>(0xE0 | (v >> 12));
    o[n++] = static_cast<uint8_t>(0x80 | ((v >> 6) & 0x3F));
  }
  o[n++] = static_cast<uint8_t>(0x80 | (v & 0x3F));
  return n;
}
}  // namespace

// Delivers, as one piece, U+FFFD for a pending lone high surrogate (if any)
// followed by the UTF-8 form of `cp`: none when 0xFFFF (a noncharacter that
// no \u escape reaches this function with), and the 4-byte form of the pair
// when `cp` is a low surrogate with a pending high one.
bool JsonParser::emitDecoded(uint16_t cp, bool withCp) {
  uint8_t* o = u_.str.out;
  uint8_t n = 0;
  uint16_t high = u_.str.high;
  u_.str.high = 0;
  if (high && cp >= 0xDC00 && cp <= 0xDFFF) {
    uint16_t plane = static_cast<uint16_t>(high - 0xD800 + 0x40);  // code point >> 10
    uint16_t low = static_cast<uint16_t>(cp - 0xDC00);
    o[0] = static_cast<uint8_t>(0xF0 | (plane >> 8));
    o[1] = static_cast<uint8_t>(0x80 | ((plane >> 2) & 0x3F));
    o[2] = static_cast<uint8_t>(0x80 | ((plane & 3) << 4) | (low >> 6));
    o[3] = static_cast<uint8_t>(0x80 | (low & 0x3F));
    n = 4;
  } else {
    if (high) n = appendUtf8(o, n, 0xFFFD);
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone low surrogate
    if (withCp) n = appendUtf8(o, n, cp);
  }
  return emitPiece((flags_ & kInKey) ? JsonEvent::KeyPart : JsonEvent::StringPart, o, n);
}

bool JsonParser::beginContainer(bool object) {
  if (!emit(object ? JsonEvent::BeginObject : JsonEvent::BeginArray)) return false;
  uint8_t mask = static_cast<uint8_t>(1u << (depth_ & 7));
  if (object) {
    stack_[depth_ >> 3] |= mask;
    flags_ |= kInObject;
    state_ = kObjectFirst;
  } else {
    stack_[depth_ >> 3] &= static_cast<uint8_t>(~mask);
    flags_ &= static_cast<uint8_t>(~kInObject);
    state_ = kArrayFirst;
  }
  ++depth_;
  return true;
}

bool JsonParser::endContainer(bool object) {
  --depth_;
  flags_ &= static_cast<uint8_t>(~kInObject);
  if (depth_) {
    uint8_t d = static_cast<uint8_t>(depth_ - 1);
    if (stack_[d >> 3] & static_cast<uint8_t>(1u << (d & 7))) flags_ |= kInObject;
  }
  afterValue();
  return emit(object ? JsonEvent::EndObject : JsonEvent::EndArray);
}

void JsonParser::afterValue() { state_ = depth_ ? kAfter : kDone; }

// Slow path of the number copy: the text no longer fits.
void JsonParser::numberOverflow(uint8_t c, uint8_t next) {
  flags_ |= kNumTrunc;
  if (next == kNumInt) {
    if (u_.num.adjust < 30000) ++u_.num.adjust;  // dropped integer digit
  } else if (next == kNumFrac) {
    // Dropped fraction digits only matter while the significand is all
    // zeros (0.000...0001): then drop the zeros instead and remember them.
    uint8_t i = 0, dot = 0;
    for (; i < numLen_; ++i) {
      uint8_t t = u_.num.text[i];
      if (t == '.') dot = i;
      else if (t >= '1' && t <= '9') return;
    }
    if (u_.num.adjust > -30000) u_.num.adjust = static_cast<int16_t>(u_.num.adjust - (numLen_ - dot - 1));
    numLen_ = static_cast<uint8_t>(dot + 1);
    u_.num.text[numLen_++] = c;
  }
}

uint8_t JsonParser::numberNext(uint8_t state, uint8_t cls) {
  const uint8_t B = kNumBad, E = kNumEnd;
  static const uint8_t kNext[8][6] SL_PROGMEM = {
      /* -     */ {kNumZero, kNumInt, B, B, B, B},
      /* 0     */ {B, B, kNumDot, kNumE, B, E},
      /* 12    */ {kNumInt, kNumInt, kNumDot, kNumE, B, E},
      /* 1.    */ {kNumFrac, kNumFrac, B, B, B, B},
      /* 1.2   */ {kNumFrac, kNumFrac, B, kNumE, B, E},
      /* 1e    */ {kNumExp, kNumExp, B, B, kNumESign, B},
      /* 1e-   */ {kNumExp, kNumExp, B, B, B, B},
      /* 1e2   */ {kNumExp, kNumExp, B, B, B, E},
  };
#if SL_ARCH_AVR
  return pgm_read_byte(&kNext[state - kNumMinus][cls]);
#else
  return kNext[state - kNumMinus][cls];
#endif
}

bool JsonParser::endNumber() {
  if (flags_ & kNumExpNeg) u_.num.exponent = static_cast<int16_t>(-u_.num.exponent);
  afterValue();
  return emitPiece(JsonEvent::Number, u_.num.text, numLen_);
}

JsonParseError JsonParser::feed(const uint8_t* data, size_t len) {
  if (state_ == kError) return error();
  const uint8_t* p = data;
  const uint8_t* const end = data + len;
  const uint8_t* span = p;  // start of the undelivered string bytes
  JsonParseError::Code code = JsonParseError::Ok;

#define SL_FAIL(c)  \
  do {              \
    code = (c);     \
    goto failed;    \
  } while (0)
#define SL_CHECK(expr)                           \
  do {                                           \
    if (!(expr)) SL_FAIL(JsonParseError::Aborted); \
  } while (0)

  while (p != end) {
    uint8_t c = *p;
    switch (state_) {
      case kString:
        for (;;) {
          if (c == '"') {
            bool key = (flags_ & kInKey) != 0;
            if (key) {
              flags_ &= static_cast<uint8_t>(~kInKey);
              state_ = kColon;
            } else {
              afterValue();
            }
            SL_CHECK(emitPiece(key ? JsonEvent::Key : JsonEvent::String, span, static_cast<size_t>(p - span)));
            ++p;
            break;
          }
          if (c == '\\') {
            if (p != span) {
              SL_CHECK(emitPiece((flags_ & kInKey) ? JsonEvent::KeyPart : JsonEvent::StringPart, span,
                                 static_cast<size_t>(p - span)));
            }
            state_ = kEscape;
            ++p;
            break;
          }
          if (c < 0x20) SL_FAIL(JsonParseError::ControlCharacter);
          if (c >= 0x80) {
            // UTF-8 lead byte: how many continuation bytes, and the range of
            // the first one (excludes overlong forms, surrogates, > U+10FFFF).
            u_.str.lo = 0x80;
            u_.str.hi = 0xBF;
            if (c < 0xC2) SL_FAIL(JsonParseError::InvalidUtf8);
            if (c < 0xE0) {
              aux_ = 1;
            } else if (c < 0xF0) {
              aux_ = 2;
              if (c == 0xE0) u_.str.lo = 0xA0;
              else if (c == 0xED) u_.str.hi = 0x9F;
            } else if (c < 0xF5) {
              aux_ = 3;
              if (c == 0xF0) u_.str.lo = 0x90;
              else if (c == 0xF4) u_.str.hi = 0x8F;
            } else {
              SL_FAIL(JsonParseError::InvalidUtf8);
            }
            state_ = kUtf8;
            ++p;
            break;
          }
          if (++p == end) break;
          c = *p;
        }
        break;

      case kUtf8:
        if (c < u_.str.lo || c > u_.str.hi) SL_FAIL(JsonParseError::InvalidUtf8);
        u_.str.lo = 0x80;
        u_.str.hi = 0xBF;
        if (--aux_ == 0) state_ = kString;
        ++p;
        break;

      case kValue:
      case kArrayFirst:
        if (isSpace(c)) {
          ++p;
          break;
        }
        if (c == ']' && state_ == kArrayFirst) {
          ++p;
          SL_CHECK(endContainer(false));
          break;
        }
        switch (c) {
          case '{':
          case '[':
            if (depth_ >= SL_JSON_MAX_DEPTH) SL_FAIL(JsonParseError::TooDeep);
            SL_CHECK(beginContainer(c == '{'));
            break;
          case '"':
            u_.str.high = 0;
            state_ = kString;
            span = p + 1;
            break;
          case 't':
            aux_ = kTrueAt;
            state_ = kLiteral;
            break;
          case 'f':
            aux_ = kFalseAt;
            state_ = kLiteral;
            break;
          case 'n':
            aux_ = kNullAt;
            state_ = kLiteral;
            break;
          default:
            if (c != '-' && !isDigit(c)) SL_FAIL(JsonParseError::UnexpectedByte);
            numLen_ = 1;
            u_.num.text[0] = c;
            u_.num.adjust = 0;
            u_.num.exponent = 0;
            flags_ &= static_cast<uint8_t>(~(kNumTrunc | kNumReal | kNumExpNeg));
            state_ = c == '-' ? kNumMinus : c == '0' ? kNumZero : kNumInt;
            break;
        }
        ++p;
        break;

      case kObjectFirst:
      case kKey:
        if (isSpace(c)) {
          ++p;
          break;
        }
        if (c == '"') {
          flags_ |= kInKey;
          u_.str.high = 0;
          state_ = kString;
          span = ++p;
          break;
        }
        if (c == '}' && state_ == kObjectFirst) {
          ++p;
          SL_CHECK(endContainer(true));
          break;
        }
        SL_FAIL(JsonParseError::UnexpectedByte);

      case kColon:
        if (c == ':') state_ = kValue;
        else if (!isSpace(c)) SL_FAIL(JsonParseError::UnexpectedByte);
        ++p;
        break;

      case kAfter:
        if (isSpace(c)) {
          ++p;
          break;
        }
        if (c == ',') {
          state_ = (flags_ & kInObject) ? kKey : kValue;
          ++p;
          break;
        }
        if (c == (flags_ & kInObject ? '}' : ']')) {
          ++p;
          SL_CHECK(endContainer(c == '}'));
          break;
        }
        SL_FAIL(JsonParseError::UnexpectedByte);

      case kDone:
        if (!isSpace(c)) SL_FAIL(JsonParseError::TrailingData);
        ++p;
        break;

      case kEscape: {
        uint8_t d;
        switch (c) {
          case '"': case '\\': case '/': d = c; break;
          case 'b': d = '\b'; break;
          case 'f': d = '\f'; break;
          case 'n': d = '\n'; break;
          case 'r': d = '\r'; break;
          case 't': d = '\t'; break;
          case 'u':
            aux_ = 4;
            u_.str.cp = 0;
            state_ = kHex;
            ++p;
            continue;
          default:
            SL_FAIL(JsonParseError::InvalidEscape);
        }
        ++p;
        state_ = kString;
        span = p;
        SL_CHECK(emitDecoded(d));
        break;
      }

      case kHex: {
        uint8_t v;
        if (isDigit(c)) v = static_cast<uint8_t>(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') v = static_cast<uint8_t>((c | 0x20) - 'a' + 10);
        else SL_FAIL(JsonParseError::InvalidUnicode);
        u_.str.cp = static_cast<uint16_t>((u_.str.cp << 4) | v);
        ++p;
        if (--aux_) break;
        uint16_t cp = u_.str.cp;
        state_ = kString;
        span = p;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (u_.str.high) SL_CHECK(emitPendingHigh());
          u_.str.high = cp;
          state_ = kSurrogateBackslash;
        } else {
          SL_CHECK(emitDecoded(cp));
        }
        break;
      }

      case kSurrogateBackslash:
        if (c == '\\') {
          state_ = kSurrogateU;
          ++p;
          break;
        }
        state_ = kString;
        span = p;
        SL_CHECK(emitPendingHigh());
        break;

      case kSurrogateU:
        if (c == 'u') {
          aux_ = 4;
          u_.str.cp = 0;
          state_ = kHex;
          ++p;
          break;
        }
        state_ = kEscape;
        SL_CHECK(emitPendingHigh());
        break;

      case kLiteral:
        if (c != literalAt(aux_)) SL_FAIL(JsonParseError::InvalidLiteral);
        ++p;
        if (literalAt(++aux_) == 0) {
          afterValue();
          SL_CHECK(emit(aux_ == kFalseAt - 1 ? JsonEvent::True
                        : aux_ == kNullAt - 1 ? JsonEvent::False
                                             : JsonEvent::Null));
        }
        break;

      case kNumMinus:
      case kNumZero:
      case kNumInt:
      case kNumDot:
      case kNumFrac:
      case kNumE:
      case kNumESign:
      case kNumExp: {
        uint8_t cls = c == '0' ? 0 : isDigit(c) ? 1 : c == '.' ? 2 : (c | 0x20) == 'e' ? 3
                    : (c == '+' || c == '-') ? 4 : 5;
        uint8_t next = numberNext(state_, cls);
        if (next == kNumEnd) {
          SL_CHECK(endNumber());  // c is handled by the next state
          break;
        }
        if (next == kNumBad) SL_FAIL(JsonParseError::InvalidNumber);
        if (next >= kNumDot) flags_ |= kNumReal;
        if (c == '-') flags_ |= kNumExpNeg;  // only reachable after 'e'
        if (next == kNumExp) {
          if (u_.num.exponent < 1000) u_.num.exponent = static_cast<int16_t>(u_.num.exponent * 10 + (c - '0'));
        }
        if (numLen_ < SL_JSON_NUMBER_MAX) u_.num.text[numLen_++] = c;
        else numberOverflow(c, next);
        state_ = next;
        ++p;
        break;
      }

      default:  // kError
        return error();
    }
  }
  if ((state_ == kString || state_ == kUtf8) && span != end) {
    SL_CHECK(emitPiece((flags_ & kInKey) ? JsonEvent::KeyPart : JsonEvent::StringPart, span,
                       static_cast<size_t>(end - span)));
  }
  offset_ += static_cast<uint32_t>(len);
  return error();

failed:
  if (state_ != kError) fail(code, offset_ + static_cast<uint32_t>(p - data));
  return error();
#undef SL_FAIL
#undef SL_CHECK
}

JsonParseError JsonParser::finish() {
  if (state_ == kError) return error();
  switch (state_) {
    case kNumZero:
    case kNumInt:
    case kNumFrac:
    case kNumExp:
      if (depth_ == 0 && !endNumber()) fail(JsonParseError::Aborted, offset_);
      break;
    default:
      break;
  }
  if (state_ != kDone && state_ != kError) fail(JsonParseError::UnexpectedEnd, offset_);
  return error();
}

}  // namespace sl
