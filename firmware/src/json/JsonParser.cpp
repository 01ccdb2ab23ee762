#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonParser.h"

#include "JsonFlashSource.h"
#include "../io/Utf8Step.h"

// The compact build on AVR, where only its size counts: avr-gcc -Os gives
// each tail call its own copy of the epilogue (plain calls and one return
// are smaller here), and four more passes make it larger (by ~20 bytes;
// each measured with bench/json-parse/quick.ts size small, most of some
// 50 other -fno- options tried made no difference or grew it).
#if SL_JSON_PARSER_SMALL && defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-optimize-sibling-calls", "no-split-wide-types", "no-tree-dominator-opts", \
                     "no-move-loop-invariants", "no-tree-copy-prop")
#endif
// (a function that only ends in a call: a jump there, no epilogue to copy)
#if SL_JSON_PARSER_SMALL && defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#define SL_JSON_TAIL_CALL __attribute__((optimize("optimize-sibling-calls")))
#else
#define SL_JSON_TAIL_CALL
#endif

// SL_JSON_PARSER_ASM (config/Config.h): the compact build's feedChunk() in
// hand-written assembly on AVR.

namespace sl {

// "true", "false", "null" after their first letter, NUL-terminated in a row.
#if SL_JSON_PARSER_SMALL
const char JsonParser::kLiterals[] SL_PROGMEM = {
    'a', 'l', 's', 'e', static_cast<char>(JsonEvent::False), 0, 0, 0,  // f: 0
    'u', 'l', 'l', static_cast<char>(JsonEvent::Null), 0, 0,           // n: 8
    'r', 'u', 'e', static_cast<char>(JsonEvent::True)};                // t: 14
#else
const char JsonParser::kLiterals[] SL_PROGMEM = "rue\0alse\0ull";
#endif
#if !SL_JSON_PARSER_SMALL
const uint8_t JsonParser::kBit[8] SL_PROGMEM = {1, 2, 4, 8, 16, 32, 64, 128};
#endif

namespace {


#if !SL_JSON_PARSER_SMALL
SL_NOINLINE bool isSpace(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
#endif  // !SL_JSON_PARSER_SMALL
inline bool isDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

#if !SL_JSON_PARSER_SMALL
// The first byte in [p, end) that ends a run of plain string bytes: '"', '\\',
// a control character or a non-ASCII byte; `end` if there is none.
inline __attribute__((always_inline)) const uint8_t* scanString(const uint8_t* p, const uint8_t* end) {
#if SL_ARCH_AVR
  // About 11 cycles per plain byte (4 bytes per loop turn); the loop gcc
  // makes of the C below takes ~22.
  uint8_t c;
#define SL_SCAN_CHECK            \
  "ld %[c], %a[p]+\n\t"          \
  "cpi %[c], 0x22\n\t"           \
  "breq 2f\n\t"                  \
  "cpi %[c], 0x5c\n\t"           \
  "breq 2f\n\t"                  \
  "cpi %[c], 0x20\n\t"           \
  "brlo 2f\n\t"                  \
  "sbrc %[c], 7\n\t"             \
  "rjmp 2f\n\t"
#if SL_JSON_PARSER_SMALL
  // One byte per loop turn (~13 cycles per plain byte).
  __asm__(
      "4:\n\t"
      "cp %A[p], %A[end]\n\t"
      "cpc %B[p], %B[end]\n\t"
      "breq 3f\n\t"
      SL_SCAN_CHECK
      "rjmp 4b\n\t"
      "2:\n\t"
      "sbiw %[p], 1\n\t"
      "3:\n\t"
      : [p] "+e"(p), [c] "=&d"(c)
      : [end] "r"(end));
#else
  const uint8_t* lim = end - 3;  // p < lim: at least 4 bytes left
  __asm__(
      "1:\n\t"
      "cp %A[p], %A[lim]\n\t"
      "cpc %B[p], %B[lim]\n\t"
      "brsh 4f\n\t"
      SL_SCAN_CHECK SL_SCAN_CHECK SL_SCAN_CHECK SL_SCAN_CHECK
      "rjmp 1b\n\t"
      "4:\n\t"
      "cp %A[p], %A[end]\n\t"
      "cpc %B[p], %B[end]\n\t"
      "breq 3f\n\t"
      SL_SCAN_CHECK
      "rjmp 4b\n\t"
      "2:\n\t"
      "sbiw %[p], 1\n\t"
      "3:\n\t"
      : [p] "+e"(p), [c] "=&d"(c)
      : [end] "r"(end), [lim] "r"(lim));
#endif
#undef SL_SCAN_CHECK
  return p;
#else
  while (p != end) {
    uint8_t c = *p;
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p;
  }
  return p;
#endif
}
#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
// Number grammar as a transition table: [state - kNumMinus][class] with
// classes '0', '1'-'9', '.', 'e'/'E', '+'/'-', anything else.
const uint8_t kNumEnd = 0xFE, kNumBad = 0xFF;
#endif

}  // namespace

void JsonParser::carry() { offset_ += 256u; }

void JsonParser::reset(JsonHandler* handler) {
  static_cast<detail::JsonParserFields&>(*this) = detail::JsonParserFields();
  handler_ = handler;
#if !SL_JSON_PARSER_SMALL
  if (!handler) flags_ = kNoHandler;  // (the compact build does not look at it)
#endif
}

#if !SL_JSON_PARSER_SMALL
namespace {
// Appends the UTF-8 form of BMP code point `v` at o[n].
uint8_t appendUtf8(uint8_t* o, uint8_t n, uint16_t v) {
  uint8_t len = v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
  for (uint8_t i = static_cast<uint8_t>(len - 1); i; --i) {
    o[n + i] = static_cast<uint8_t>(0x80 | (v & 0x3F));
    v >>= 6;
  }
  o[n] = static_cast<uint8_t>(v | (len == 1 ? 0 : len == 2 ? 0xC0 : 0xE0));
  return static_cast<uint8_t>(n + len);
}
}  // namespace
#endif  // !SL_JSON_PARSER_SMALL

#if SL_JSON_PARSER_ASM
// (emitPiece(), valueEnd() and endNumber(): in feedChunk()'s assembly)
#elif SL_JSON_PARSER_SMALL || !SL_ARCH_AVR
bool JsonParser::emitPiece(JsonEvent e, const uint8_t* p, size_t n) {
  if (skip_) {
#if SL_JSON_PARSER_SMALL
    if (static_cast<uint8_t>(depth_ + 1) == skip_ && e != JsonEvent::StringPart && e != JsonEvent::BeginObject && e != JsonEvent::BeginArray) {
      skip_ = 0;  // (skipEvent())
    }
#else
    skipEvent(e);
#endif
    return true;
  }
  piece_ = p;
  pieceLen_ = n;
  return !handler_ || handler_->onJson(e, *this);
}
#else
// AVR: the handler's call out of line (a tail call from emitPiece()): an
// event inside a skipped value, the common case, then costs no register
// saves. (Elsewhere the one function is cheaper.)
SL_NOINLINE bool JsonParser::emitLive(JsonEvent e, const uint8_t* p, size_t n) {
  piece_ = p;
  pieceLen_ = n;
  return !handler_ || handler_->onJson(e, *this);
}

bool JsonParser::emitPiece(JsonEvent e, const uint8_t* p, size_t n) {
  if (!skip_) return emitLive(e, p, n);
  skipEvent(e);
  return true;
}
#endif


#if !SL_JSON_PARSER_SMALL
// Delivers, as one piece, U+FFFD for a pending lone high surrogate (if any)
// followed by the UTF-8 form of `cp`: none when 0xFFFF (a noncharacter that
// no \u escape reaches this function with), and the 4-byte form of the pair
// when `cp` is a low surrogate with a pending high one.
bool JsonParser::emitDecoded(uint16_t cp, bool withCp) {
  uint8_t* o = u_.str.out;
  uint8_t n = 0;
  uint16_t high = high_;
  high_ = 0;
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
  return part(o, n);
}
#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
// A non-final piece of a key or string. Key pieces are gathered while they
// fit in SL_JSON_KEY_BUFFER (numLen_ counts them); past that, what was
// gathered goes out as a KeyPart and the rest of the key follows directly.
bool JsonParser::gather(const uint8_t* d, size_t n) {
  uint8_t have = numLen_;
  if (n > static_cast<size_t>(SL_JSON_KEY_BUFFER - have)) return false;
  uint8_t* k = u_.str.key + have;
  numLen_ = static_cast<uint8_t>(have + n);
  for (; n; --n) *k++ = *d++;
  return true;
}

// A piece of a string, or of a key (`last`: its final piece, kInKey already
// cleared; callers pass that only once something was gathered, or the key
// went out directly).
bool JsonParser::piece(const uint8_t* d, size_t n, bool last) {
  if (!last && !(flags_ & kInKey)) return emitPiece(JsonEvent::StringPart, d, n);
#if SL_JSON_KEY_BUFFER
  if (!(flags_ & kKeyDirect)) {
    if (gather(d, n)) return last ? wholeKey(u_.str.key, numLen_) : true;  // whole from the gathered bytes
    flags_ |= kKeyDirect;
    if (numLen_ && !emitPiece(JsonEvent::KeyPart, u_.str.key, numLen_)) return false;
  }
#endif
  return emitPiece(last ? JsonEvent::Key : JsonEvent::KeyPart, d, n);
}

// A key delivered in one piece: the handler's key filter may skip it (not
// inside a value already skipped: the filter would end that skip early).
bool JsonParser::wholeKey(const uint8_t* d, size_t n) {
  if (skip_) return true;  // emitPiece(): a key never ends a skip (skipEvent())
  if (filterDepth_ == depth_ && n) {
    uint8_t b = d[0];
    const uint8_t* f = filter_;
    for (uint8_t k = filterLen_; k; --k, ++f) {
      if (*f == b) return emitPiece(JsonEvent::Key, d, n);
    }
    skip_ = static_cast<uint8_t>(depth_ + 1);  // the member's value: no events either
    return true;
  }
  return emitPiece(JsonEvent::Key, d, n);
}

#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
// As openContainer()/closeContainer() (the pull loop's inline copies),
// through emit().
bool JsonParser::beginContainer(bool object) {
  if (!emit(object ? JsonEvent::BeginObject : JsonEvent::BeginArray)) return false;
  pushLevel(object);
  return true;
}

bool JsonParser::endContainer(bool object) {
  --depth_;
  flags_ &= static_cast<uint8_t>(~kInObject);
  if (depth_) {
    uint8_t d = static_cast<uint8_t>(depth_ - 1);
    if (stack_[d >> 3] & bitAt(d)) flags_ |= kInObject;
  }
  return emit(object ? JsonEvent::EndObject : JsonEvent::EndArray);
}
#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
// Slow path of the number copy: the text no longer fits.
void JsonParser::numberOverflow(uint8_t c, uint8_t next) {
  flags_ |= kNumTrunc;
  if (next == kNumInt) {
    if (u_.num.adjust < 30000) ++u_.num.adjust;  // dropped integer digit
  } else if (next == kNumFrac) {
    // A dropped fraction digit only matters while the significand starts
    // with zeros (0.000123...): then those leading zeros go instead (the
    // exponent adjustment remembers them) and the digit is kept.
    // The integer part is one 0 or starts with 1-9 (the grammar), so it
    // is significant unless the text starts with "0." or "-0.".
    uint8_t* t = u_.num.text;
    uint8_t to = static_cast<uint8_t>((t[0] == '-') + 2);  // after the '.'
    if (t[to - 2] != '0') return;  // a significant integer part
    uint8_t from = to;
    while (from < numLen_ && t[from] == '0') ++from;
    uint8_t zeros = static_cast<uint8_t>(from - to);
    if (!zeros) return;  // every kept digit is significant: c is not
    if (u_.num.adjust > -30000) u_.num.adjust = static_cast<int16_t>(u_.num.adjust - zeros);
    while (from < numLen_) t[to++] = t[from++];
    t[to++] = c;
    numLen_ = to;
  }
}
#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
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

// One byte of a number in `state`: returns the next state and records the
// byte (flags, exponent, text) unless it ends the number (kNumEnd: the byte
// is the next state's) or breaks it (kNumBad). Inlined into both byte loops.
__attribute__((always_inline)) inline uint8_t JsonParser::numberByte(uint8_t state, uint8_t c) {
  uint8_t cls = c == '0' ? 0 : isDigit(c) ? 1 : c == '.' ? 2 : (c | 0x20) == 'e' ? 3
              : (c == '+' || c == '-') ? 4 : 5;
  uint8_t next = numberNext(state, cls);
  if (next >= kNumEnd) return next;  // kNumEnd or kNumBad
  if (next >= kNumDot) flags_ |= kNumReal;
  if (c == '-') flags_ |= kNumExpNeg;  // only reachable after 'e'
  if (next == kNumExp && u_.num.exponent < 3000) {  // saturates at 29999
    u_.num.exponent = static_cast<int16_t>(u_.num.exponent * 10 + (c - '0'));
  }
  if (numLen_ < SL_JSON_NUMBER_MAX) u_.num.text[numLen_++] = c;
  else numberOverflow(c, next);
  return next;
}

#endif  // !SL_JSON_PARSER_SMALL

// A number's end: its exponent's sign, its event (the compact build: the
// state after it first).
#if !SL_JSON_PARSER_ASM
SL_JSON_TAIL_CALL bool JsonParser::endNumber() {
  if (flags_ & kNumExpNeg) u_.num.exponent = static_cast<int16_t>(-u_.num.exponent);
#if SL_JSON_PARSER_SMALL
  return valueEnd(JsonEvent::Number, u_.num.text, numLen_);
#else
  return emitPiece(JsonEvent::Number, u_.num.text, numLen_);
#endif
}
#endif  // !SL_JSON_PARSER_ASM

#if !SL_JSON_PARSER_SMALL
// The byte loop is a goto-threaded state machine: each state is a label that
// reads bytes until it moves on, so a transition is a jump rather than a
// dispatch, and state_ is only written when a chunk ends in that state.
JsonParseError JsonParser::feedChunk(const uint8_t* data, size_t len) {
  offset_ += quick_;
  quick_ = 0;
  const uint8_t* p = data;
  const uint8_t* const end = data + len;
  const uint8_t* span = data;  // start of the string bytes not delivered yet
  JsonParseError::Code code;
  uint8_t c;

#define SL_FAIL(x)  \
  do {              \
    code = (x);     \
    goto failed;    \
  } while (0)
#define SL_CHECK(expr)                  \
  do {                                  \
    if (!(expr)) {                      \
      code = JsonParseError::Aborted;   \
      goto failed;                      \
    }                                   \
  } while (0)
#define SL_NEXT(st)      \
  do {                   \
    if (p == end) {      \
      state_ = (st);     \
      goto suspend;      \
    }                    \
    c = *p;              \
  } while (0)

#if SL_JSON_KEY_BUFFER
  if (state_ == kString && !(flags_ & kInKey) && numLen_) {
    // Bytes of a wanted string value that quickByte() gathered: out first.
    uint8_t n = numLen_;
    numLen_ = 0;
    if (!emitPiece(JsonEvent::StringPart, u_.str.key, n)) {
      code = JsonParseError::Aborted;
      goto failed;
    }
  }
#endif
  switch (state_) {
    case kValue: goto value;
    case kArrayFirst: goto arrayFirst;
    case kObjectFirst: goto objectFirst;
    case kKey: goto key;
    case kColon: goto colon;
    case kAfter: goto after;
    case kDone: goto done;
    case kString: goto string;
    case kUtf8: goto utf8;
    case kEscape: goto escape;
    case kHex: goto hex;
    case kSurrogateBackslash: goto surrogateBackslash;
    case kSurrogateU: goto surrogateU;
    case kLiteral: goto literal;
    case kError: return error();
    default: goto number;  // kNumMinus..kNumExp
  }

arrayFirst:
  SL_NEXT(kArrayFirst);
  if (c == ']') {
    ++p;
    SL_CHECK(endContainer(false));
    goto afterValue;
  }
  if (isSpace(c)) {
    ++p;
    goto arrayFirst;
  }
  goto valueByte;

value:
  SL_NEXT(kValue);
valueByte:
  switch (c) {
    case '"':
      startValueString();
      numLen_ = 0;  // nothing gathered (see quickByte())
      span = ++p;
      goto string;
    case '{':
    case '[':
      if (depth_ >= SL_JSON_MAX_DEPTH) SL_FAIL(JsonParseError::TooDeep);
      ++p;
      SL_CHECK(beginContainer(c == '{'));
      if (c == '{') goto objectFirst;
      goto arrayFirst;
    case 't':
      aux_ = kTrueAt;
      ++p;
      goto literal;
    case 'f':
      aux_ = kFalseAt;
      ++p;
      goto literal;
    case 'n':
      aux_ = kNullAt;
      ++p;
      goto literal;
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      ++p;
      goto value;
    default:
      if (c != '-' && !isDigit(c)) SL_FAIL(JsonParseError::UnexpectedByte);
      startNumber(c);
      state_ = c == '-' ? kNumMinus : c == '0' ? kNumZero : kNumInt;
      ++p;
      goto number;
  }

objectFirst:
  SL_NEXT(kObjectFirst);
  if (c == '}') {
    ++p;
    SL_CHECK(endContainer(true));
    goto afterValue;
  }
  if (isSpace(c)) {
    ++p;
    goto objectFirst;
  }
  goto keyByte;

key:
  SL_NEXT(kKey);
keyByte:
  if (c != '"') {
    if (!isSpace(c)) SL_FAIL(JsonParseError::UnexpectedByte);
    ++p;
    goto key;
  }
  flags_ = static_cast<uint8_t>((flags_ & ~(kKeyDirect | kQuiet)) | kInKey);
  numLen_ = 0;
  span = ++p;
  goto string;

colon:
  SL_NEXT(kColon);
  if (c == ':') {
    ++p;
    goto value;
  }
  if (!isSpace(c)) SL_FAIL(JsonParseError::UnexpectedByte);
  ++p;
  goto colon;

afterValue:
  if (!depth_) goto done;
after:
  SL_NEXT(kAfter);
  if (c == ',') {
    ++p;
    if (flags_ & kInObject) goto key;
    goto value;
  }
  if (c == '}' || c == ']') {
    bool object = c == '}';
    if (object != ((flags_ & kInObject) != 0)) SL_FAIL(JsonParseError::UnexpectedByte);
    ++p;
    SL_CHECK(endContainer(object));
    goto afterValue;
  }
  if (!isSpace(c)) SL_FAIL(JsonParseError::UnexpectedByte);
  ++p;
  goto after;

done:
  SL_NEXT(kDone);
  if (!isSpace(c)) SL_FAIL(JsonParseError::TrailingData);
  ++p;
  goto done;

string:
  // Hot loop: plain bytes of a string only advance p.
  p = scanString(p, end);
  if (p == end) {
    state_ = kString;
    goto suspendString;
  }
  c = *p;
  if (c == '"') {
    if (flags_ & kInKey) {
      flags_ &= static_cast<uint8_t>(~kInKey);
      // The last piece of a key gathered or already going out in pieces;
      // otherwise the whole key is here.
      if (numLen_ || (flags_ & kKeyDirect)) SL_CHECK(piece(span, static_cast<size_t>(p - span), true));
      else SL_CHECK(wholeKey(span, static_cast<size_t>(p - span)));
      ++p;
      goto colon;
    }
    SL_CHECK(emitPiece(JsonEvent::String, span, static_cast<size_t>(p - span)));
    ++p;
    goto afterValue;
  }
  if (c == '\\') {
    if (p != span) {
      SL_CHECK(part(span, static_cast<size_t>(p - span)));
    }
    ++p;
    goto escape;
  }
  if (c < 0x20) SL_FAIL(JsonParseError::ControlCharacter);
  // UTF-8 lead byte: how many continuation bytes, and the range of the first
  // one (this excludes overlong forms, surrogates and code points > U+10FFFF).
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
  ++p;
utf8:
  if (p == end) {
    state_ = kUtf8;
    goto suspendString;
  }
  c = *p;
  if (c < u_.str.lo || c > u_.str.hi) SL_FAIL(JsonParseError::InvalidUtf8);
  u_.str.lo = 0x80;
  u_.str.hi = 0xBF;
  ++p;
  if (--aux_) goto utf8;
  goto string;

escape:
  SL_NEXT(kEscape);
  {
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
        ++p;
        goto hex;
      default:
        SL_FAIL(JsonParseError::InvalidEscape);
    }
    span = ++p;
    SL_CHECK(emitDecoded(d));
    goto string;
  }

hex:
  SL_NEXT(kHex);
  {
    uint8_t v;
    if (isDigit(c)) v = static_cast<uint8_t>(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') v = static_cast<uint8_t>((c | 0x20) - 'a' + 10);
    else SL_FAIL(JsonParseError::InvalidUnicode);
    u_.str.cp = static_cast<uint16_t>((u_.str.cp << 4) | v);
    ++p;
    if (--aux_) goto hex;
    uint16_t cp = u_.str.cp;
    span = p;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (high_) SL_CHECK(emitPendingHigh());
      high_ = cp;
      goto surrogateBackslash;
    }
    SL_CHECK(emitDecoded(cp));
    goto string;
  }

surrogateBackslash:
  SL_NEXT(kSurrogateBackslash);
  if (c == '\\') {
    ++p;
    goto surrogateU;
  }
  span = p;
  SL_CHECK(emitPendingHigh());
  goto string;

surrogateU:
  SL_NEXT(kSurrogateU);
  if (c == 'u') {
    aux_ = 4;
    u_.str.cp = 0;
    ++p;
    goto hex;
  }
  SL_CHECK(emitPendingHigh());
  goto escape;

literal:
  SL_NEXT(kLiteral);
  if (c != literalAt(aux_)) SL_FAIL(JsonParseError::InvalidLiteral);
  ++p;
  if (literalAt(++aux_)) goto literal;
  SL_CHECK(emit(literalEvent()));
  goto afterValue;

number:
  // state_ holds the number state throughout.
  if (p == end) goto suspend;
  c = *p;
  {
    uint8_t next = numberByte(state_, c);
    if (next == kNumEnd) {
      SL_CHECK(endNumber());  // c is handled by the next state
      goto afterValue;
    }
    if (next == kNumBad) SL_FAIL(JsonParseError::InvalidNumber);
    state_ = next;
    ++p;
    goto number;
  }

suspendString:
  if (span != end) {
    SL_CHECK(part(span, static_cast<size_t>(end - span)));
  }
suspend:
  offset_ += static_cast<uint32_t>(len);
  return JsonParseError();

failed:
  if (state_ != kError) fail(code, offset_ + static_cast<uint32_t>(p - data));
  return error();
#undef SL_FAIL
#undef SL_CHECK
#undef SL_NEXT
}
#else  // SL_JSON_PARSER_SMALL

// The compact implementation: one loop in feedChunk() takes every byte
// through the branch of its state's group: between values (structure),
// inside a string, a literal or a number; a plain string byte takes the
// plain bytes after it with it (a run, in a tight loop: nothing to deliver
// until the next other byte or the chunk's end). Same events, errors and
// offsets as the goto-threaded loop above (string pieces cut at the same
// places; the bit stack shifts, so inObject() is its bit 0). A byte that
// changes the state without being taken (the end of a number, a pending high
// surrogate's U+FFFD) is stepped again; a handler's abort after a bracket,
// a literal or an escape counts the byte as taken (the offset Aborted
// reports, as above). offset_ is the offset of the byte being stepped;
// piece_, between events, where the string bytes not delivered yet start in
// the chunk.

// The end of a value (or of a container): the state after it, then its
// event.
#if !SL_JSON_PARSER_ASM  // (the assembly has its own)
SL_JSON_TAIL_CALL bool JsonParser::valueEnd(JsonEvent e, const uint8_t* d, size_t n) {
  state_ = depth_ ? kAfter : kDone;
  return emitPiece(e, d, n);
}
#endif

// A piece of a string value or of a key (`last`: its final piece, at the
// closing quote: the state moves on). Key pieces are gathered while they
// fit in SL_JSON_KEY_BUFFER (numLen_ counts them); past that, what was
// gathered goes out as a KeyPart and the rest of the key follows directly.
// A key delivered whole (gathered, or in one piece of one chunk) passes the
// key filter first (not inside a value already skipped: the filter would
// end that skip early).
#if !SL_JSON_PARSER_ASM  // (the assembly has its own)
bool JsonParser::piece(const uint8_t* d, size_t n, bool last) {
  uint8_t f = flags_;
  // KeyPart, Key, StringPart, String in a row: the event, the state after it.
  uint8_t e = static_cast<uint8_t>(static_cast<uint8_t>(JsonEvent::KeyPart) + last);
  if (!(f & kInKey)) {
    e = static_cast<uint8_t>(e + 2);
    if (last) return valueEnd(JsonEvent::String, d, n);
  } else {
    if (last) state_ = kColon;
#if SL_JSON_KEY_BUFFER
    if (!(f & kKeyDirect)) {
      uint8_t have = numLen_;
      if (!last || have) {
        if (n > static_cast<size_t>(SL_JSON_KEY_BUFFER - have)) {
          flags_ = static_cast<uint8_t>(f | kKeyDirect);
          if (have && !emitPiece(JsonEvent::KeyPart, u_.str.key, have)) return false;
          goto emit;
        }
        uint8_t* k = u_.str.key + have;
        numLen_ = static_cast<uint8_t>(have + n);
        for (size_t i = n; i; --i) *k++ = *d++;
        if (!last) return true;
        d = u_.str.key;
        n = numLen_;
      }
      if (filterDepth_ == depth_ && n && !skip_) {
        const uint8_t* fp = filter_;
        for (uint8_t k = filterLen_;; ++fp) {
          if (!k--) {
            skip_ = static_cast<uint8_t>(depth_ + 1);  // the member's value: no events either
            return true;
          }
          if (*fp == d[0]) break;
        }
      }
    }
#endif
  }
#if SL_JSON_KEY_BUFFER
emit:
#endif
  return emitPiece(static_cast<JsonEvent>(e), d, n);
}
#endif  // !SL_JSON_PARSER_ASM

#if !SL_JSON_PARSER_ASM  // (the assembly has its own decode)
namespace {
// The UTF-8 form of `v` in `n` bytes (the first one ORed with `lead`) at
// o: the last n - 1 bytes take 6 bits each.
void putUtf8(uint8_t* o, uint16_t v, uint8_t n, uint8_t lead) {
  for (uint8_t i = static_cast<uint8_t>(n - 1); i; --i) {
    o[i] = static_cast<uint8_t>(0x80 | (v & 0x3F));
    v >>= 6;
  }
  o[0] = static_cast<uint8_t>(v | lead);
}
}  // namespace

// One piece's bytes: U+FFFD for a pending high surrogate that `cp` does not
// pair with, then `cp` (a lone low surrogate as U+FFFD; `withCp` false:
// none); a low surrogate after a pending high one makes the pair's 4-byte
// character, and a high one is kept pending instead (0 bytes, no piece, if
// there is nothing else).
uint8_t JsonParser::decode(uint16_t cp, bool withCp) {
  uint8_t* o = u_.str.out;
  uint8_t n = 0;
  uint16_t high = high_;
  high_ = 0;
  if (high) {
    if ((cp & 0xFC00) == 0xDC00) {
      // U+10000 + (high & 0x3FF) << 10 + (cp & 0x3FF): its top 11 bits
      // from the high surrogate, its low 10 from the low one.
      uint16_t u = static_cast<uint16_t>((high & 0x3FF) + 0x40);  // the code point >> 10
      o[0] = static_cast<uint8_t>(0xF0 | (u >> 8));
      o[1] = static_cast<uint8_t>(0x80 | ((u >> 2) & 0x3F));
      o[2] = static_cast<uint8_t>(0x80 | ((u & 3) << 4) | ((cp >> 6) & 15));
      o[3] = static_cast<uint8_t>(0x80 | (cp & 0x3F));
      return 4;
    }
    putUtf8(o, 0xFFFD, 3, 0xE0);
    n = 3;
  }
  if (withCp) {
    if ((cp & 0xFC00) == 0xD800) {
      high_ = cp;  // a high surrogate waits for its low one
      return n;
    }
    if ((cp & 0xF800) == 0xD800) cp = 0xFFFD;  // a lone low surrogate
    if (cp < 0x80) {
      o[n++] = static_cast<uint8_t>(cp);
    } else {
      uint8_t k = cp < 0x800 ? 2 : 3;
      putUtf8(o + n, cp, k, k == 2 ? 0xC0 : 0xE0);
      n = static_cast<uint8_t>(n + k);
    }
  }
  return n;
}
#endif  // !SL_JSON_PARSER_ASM


namespace {
// Number grammar as a transition table: [state - kNumStart][class] with
// classes '0', '1'-'9', '.', 'e'/'E', '+'/'-', anything else.
const uint8_t kNumEnd = 0xFE, kNumBad = 0xFF;
// Pairs: the letter after a backslash, then the byte it stands for.
const char kEscapes[] SL_PROGMEM = "\"\"\\\\//b\bf\fn\nr\rt\t";
#if !SL_JSON_PARSER_ASM  // (the assembly has the grammar in code)
// The class of '+' .. '9'; 'e'/'E' 3, any other byte 5.
const uint8_t kNumClass[15] SL_PROGMEM = {4, 5, 4, 2, 5, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
uint8_t numberClass(uint8_t c) {
  uint8_t t = static_cast<uint8_t>(c - '+');
  if (t < sizeof kNumClass) return SL_FLASH_READ(kNumClass + t);
  return (c | 0x20) == 'e' ? 3 : 5;
}
#endif
}  // namespace

#if !SL_JSON_PARSER_ASM  // (the assembly has its own)
// A number's byte past a full text (SL_JSON_NUMBER_MAX bytes): the text is
// truncated; what the dropped byte means goes into adjust.
void JsonParser::numberOverflow(uint8_t c, uint8_t next) {
  flags_ |= kNumTrunc;
  uint8_t* t = u_.num.text;
  int16_t adjust = u_.num.adjust;
  if (next == kNumInt) {
    if (adjust < 30000) u_.num.adjust = static_cast<int16_t>(adjust + 1);  // a dropped integer digit
  } else if (next == kNumFrac) {
    // A dropped fraction digit only matters while the kept fraction starts
    // with zeros after an integer part 0: those zeros go instead and c is
    // kept.
    uint8_t to = static_cast<uint8_t>((t[0] == '-') + 2);  // after the '.'
    if (t[to - 2] != '0') return;
    uint8_t from = to;
    while (from < SL_JSON_NUMBER_MAX && t[from] == '0') ++from;
    uint8_t zeros = static_cast<uint8_t>(from - to);
    if (!zeros) return;
    // (Saturated as numberOverflow() does: the text refills with zeros
    // as often as the input brings them, each time one more adjustment.)
    if (adjust > -30000) u_.num.adjust = static_cast<int16_t>(adjust - zeros);
    while (from < SL_JSON_NUMBER_MAX) t[to++] = t[from++];
    t[to++] = c;
    numLen_ = to;
  }
}
#endif  // !SL_JSON_PARSER_ASM

#if !SL_JSON_PARSER_ASM
uint8_t JsonParser::numberNext(uint8_t state, uint8_t cls) {
  const uint8_t B = kNumBad, E = kNumEnd;
  static const uint8_t kNext[9][6] SL_PROGMEM = {
      /* start */ {kNumZero, kNumInt, B, B, kNumMinus, B},  // (only '-' and digits get here)
      /* -     */ {kNumZero, kNumInt, B, B, B, B},
      /* 0     */ {B, B, kNumDot, kNumE, B, E},
      /* 12    */ {kNumInt, kNumInt, kNumDot, kNumE, B, E},
      /* 1.    */ {kNumFrac, kNumFrac, B, B, B, B},
      /* 1.2   */ {kNumFrac, kNumFrac, B, kNumE, B, E},
      /* 1e    */ {kNumExp, kNumExp, B, B, kNumESign, B},
      /* 1e-   */ {kNumExp, kNumExp, B, B, B, B},
      /* 1e2   */ {kNumExp, kNumExp, B, B, B, E},
  };
  return SL_FLASH_READ(&kNext[0][0] + static_cast<uint8_t>((state - kNumStart) * 6 + cls));
}
#endif  // !SL_JSON_PARSER_ASM

#if SL_JSON_PARSER_ASM
// endNumber() in feedChunk()'s assembly, for finish() (the C calling
// convention).
extern "C" bool sl_JsonParser_endNumber(void* parser);

// The loop below in AVR assembly (the C++ after it is the same loop for
// every other build; each block here names the C++ it follows). Registers:
// Y (r28:29) this; r14:15 p, the byte being stepped; r12:13 end; r16 c;
// r24 the state s (reloaded after each call); r25 the error code on the
// way to `failed`. The helpers it calls (emitPiece, valueEnd, piece,
// decode, endNumber, numberNext, numberOverflow, utf8Step) are the C++
// ones, called with the avr-gcc ABI. Member offsets come in as .set
// symbols (.Lo*: fields of this, .Lu*: fields of u_), states as .Ls*,
// flags as .Lf*, error codes as .Le*.
namespace {
// The offsets the assembly reaches the fields at.
struct AsmLayout {
  enum : uint16_t {  // (u_'s fields lie past 255 with SL_JSON_KEY_BUFFER or SL_JSON_NUMBER_MAX near 255)
    kHandler = offsetof(detail::JsonParserFields, handler_),
    kPiece = offsetof(detail::JsonParserFields, piece_),
    kPieceLen = offsetof(detail::JsonParserFields, pieceLen_),
    kOffset = offsetof(detail::JsonParserFields, offset_),
    kState = offsetof(detail::JsonParserFields, state_),
    kError = offsetof(detail::JsonParserFields, error_),
    kFlags = offsetof(detail::JsonParserFields, flags_),
    kDepth = offsetof(detail::JsonParserFields, depth_),
    kNumLen = offsetof(detail::JsonParserFields, numLen_),
    kAux = offsetof(detail::JsonParserFields, aux_),
    kStack = offsetof(detail::JsonParserFields, stack_),
    kHigh = offsetof(detail::JsonParserFields, high_),
    kU = offsetof(detail::JsonParserFields, u_),
    kSkip = offsetof(detail::JsonParserFields, skip_),
    kFilterLen = offsetof(detail::JsonParserFields, filterLen_),
    kFilterDepth = offsetof(detail::JsonParserFields, filterDepth_),
    kFilter = offsetof(detail::JsonParserFields, filter_),
    kKey = offsetof(detail::JsonParserFields, u_.str.key) - kU,
    kText = offsetof(detail::JsonParserFields, u_.num.text) - kU,
    kAdjust = offsetof(detail::JsonParserFields, u_.num.adjust) - kU,
    kExponent = offsetof(detail::JsonParserFields, u_.num.exponent) - kU,
    kCp = offsetof(detail::JsonParserFields, u_.str.cp) - kU,
    kOut = offsetof(detail::JsonParserFields, u_.str.out) - kU,
  };
  static_assert(kStack + sizeof(detail::JsonParserFields::stack_) < 64 && kHigh + 1 < 64 && kU < 64,
                "the assembly reaches the fields with ldd/std/adiw from Y");
  static_assert(kText == 0 && kKey == 0 && kFilter + 1 < 64,
                "the assembly takes u_'s text and key at &u_, filter_ with ldd from Y");
  static_assert(sizeof(detail::JsonParserFields::offset_) == 4 && sizeof(detail::JsonParserFields::high_) == 2,
                "offset_ is 32 bits, high_ 16");
  static_assert(kPieceLen + 1 < 64 && sizeof(detail::JsonParserFields::pieceLen_) == 2 &&
                    sizeof(detail::JsonParserFields::handler_) == 2,
                "emitPiece() stores pieceLen_ (16 bits) from Y and loads handler_ (a 16-bit pointer)");
};
}  // namespace

// (noinline, noclone: the assembly and its labels exist once)
__attribute__((noinline, noclone)) JsonParseError JsonParser::feedChunk(const uint8_t* p, size_t len) {
  typedef AsmLayout L;
  static_assert(kNumStart < kNumMinus && kNumMinus < kNumZero && kNumZero < kNumInt && kNumInt < kNumDot &&
                    kNumDot < kNumFrac && kNumFrac < kNumE && kNumE < kNumESign && kNumESign < kNumExp,
                "the number grammar below compares states by their order");
  register uint16_t self asm("r24") = reinterpret_cast<uint16_t>(this);
  register const uint8_t* data asm("r22") = p;
  register size_t n asm("r20") = len;
  __asm__ volatile(
      ".set .LoPiece, %0\n\t.set .LoOffset, %1\n\t.set .LoState, %2\n\t.set .LoError, %3\n\t"
      ".set .LoFlags, %4\n\t.set .LoDepth, %5\n\t.set .LoNumLen, %6\n\t.set .LoAux, %7\n\t"
      ".set .LoStack, %8\n\t.set .LnStack, %9\n\t.set .LoHigh, %10\n\t.set .LoU, %11\n\t"
      ".set .LuAdjust, %12\n\t.set .LuExponent, %13\n\t.set .LuCp, %14\n\t.set .LuOut, %15\n\t"
      ".set .LnNumMax, %16\n\t.set .LnMaxDepth, %17\n\t"
      ".set .LfInKey, %18\n\t.set .LfKeyDirect, %19\n\t.set .LfNumReal, %20\n\t.set .LfNumExpNeg, %21\n\t"
      ".set .LfNumClear, %22\n\t"
      ".set .LfNumTrunc, %23\n\t.set .LsNumInt, %24\n\t.set .LsNumFrac, %25\n\t"
      ".set .LsNumMinus, %26\n\t.set .LsNumZero, %27\n\t.set .LsNumE, %28\n\t"
      :
      : "i"(L::kPiece), "i"(L::kOffset), "i"(L::kState), "i"(L::kError), "i"(L::kFlags), "i"(L::kDepth),
        "i"(L::kNumLen), "i"(L::kAux), "i"(L::kStack), "i"(sizeof stack_), "i"(L::kHigh), "i"(L::kU),
        "i"(L::kAdjust), "i"(L::kExponent), "i"(L::kCp), "i"(L::kOut), "i"(SL_JSON_NUMBER_MAX), "i"(SL_JSON_MAX_DEPTH),
        "i"(kInKey), "i"(kKeyDirect), "i"(kNumReal), "i"(kNumExpNeg), "i"(static_cast<uint8_t>(~(kNumTrunc | kNumReal | kNumExpNeg))),
        "i"(kNumTrunc), "i"(kNumInt), "i"(kNumFrac), "i"(kNumMinus), "i"(kNumZero), "i"(kNumE));
  __asm__ volatile(
      ".set .LsValue, %0\n\t.set .LsArrayFirst, %1\n\t.set .LsObjectFirst, %2\n\t.set .LsKey, %3\n\t"
      ".set .LsColon, %4\n\t.set .LsAfter, %5\n\t.set .LsDone, %6\n\t.set .LsString, %7\n\t"
      ".set .LsUtf8, %8\n\t.set .LsEscape, %9\n\t.set .LsHex, %10\n\t.set .LsLiteral, %11\n\t"
      ".set .LsNumStart, %12\n\t.set .LsNumDot, %13\n\t.set .LsNumESign, %14\n\t.set .LsNumExp, %15\n\t"
      ".set .LsError, %16\n\t.set .LnNumEnd, %17\n\t.set .LnNumBad, %18\n\t.set .LnUtf8Bad, %19\n\t"
      ".set .LvBeginObject, %20\n\t.set .LvEndObject, %21\n\t.set .LvBeginArray, %22\n\t.set .LvEndArray, %23\n\t"
      :
      : "i"(kValue), "i"(kArrayFirst), "i"(kObjectFirst), "i"(kKey), "i"(kColon), "i"(kAfter), "i"(kDone),
        "i"(kString), "i"(kUtf8), "i"(kEscape), "i"(kHex), "i"(kLiteral), "i"(kNumStart), "i"(kNumDot),
        "i"(kNumESign), "i"(kNumExp), "i"(kError), "i"(kNumEnd), "i"(kNumBad), "i"(detail::kUtf8Bad),
        "i"(JsonEvent::BeginObject), "i"(JsonEvent::EndObject), "i"(JsonEvent::BeginArray), "i"(JsonEvent::EndArray));
  static_assert(static_cast<uint8_t>(JsonEvent::BeginObject) == 0 && static_cast<uint8_t>(JsonEvent::BeginArray) == 2,
                "emitPiece() tells the opening brackets by one andi");
  static_assert(kValue == 0 && kArrayFirst == 1 && kObjectFirst == 2 && kKey == 3 && kColon == 4 && kAfter == 5,
                "a closing bracket's states told by bits 0 and 1 (below)");
  __asm__ volatile(
      ".set .LoHandler, %0\n\t.set .LoPieceLen, %1\n\t.set .LbNumExpNeg, %2\n\t.set .LvNumber, %3\n\t"
      :
      : "i"(L::kHandler), "i"(L::kPieceLen), "i"(__builtin_ctz(kNumExpNeg)), "i"(JsonEvent::Number));
  __asm__ volatile(
      ".set .LoSkip, %0\n\t.set .LoFilterLen, %1\n\t.set .LoFilterDepth, %2\n\t.set .LoFilter, %3\n\t"
      ".set .LnKeyBuffer, %4\n\t.set .LvKeyPart, %5\n\t.set .LvKey, %6\n\t.set .LvStringPart, %7\n\t"
      ".set .LvString, %8\n\t.set .LbInKey, %9\n\t.set .LbKeyDirect, %10\n\t"
      :
      : "i"(L::kSkip), "i"(L::kFilterLen), "i"(L::kFilterDepth), "i"(L::kFilter), "i"(SL_JSON_KEY_BUFFER),
        "i"(JsonEvent::KeyPart), "i"(JsonEvent::Key), "i"(JsonEvent::StringPart), "i"(JsonEvent::String),
        "i"(__builtin_ctz(kInKey)), "i"(__builtin_ctz(kKeyDirect)));
  __asm__ volatile(
      ".set .LeUnexpectedByte, %0\n\t.set .LeTooDeep, %1\n\t.set .LeInvalidEscape, %2\n\t"
      ".set .LeInvalidUnicode, %3\n\t.set .LeInvalidUtf8, %4\n\t.set .LeControlCharacter, %5\n\t"
      ".set .LeInvalidNumber, %6\n\t.set .LeInvalidLiteral, %7\n\t.set .LeTrailingData, %8\n\t.set .LeAborted, %9\n\t"
      :
      : "i"(JsonParseError::UnexpectedByte), "i"(JsonParseError::TooDeep), "i"(JsonParseError::InvalidEscape),
        "i"(JsonParseError::InvalidUnicode), "i"(JsonParseError::InvalidUtf8), "i"(JsonParseError::ControlCharacter),
        "i"(JsonParseError::InvalidNumber), "i"(JsonParseError::InvalidLiteral), "i"(JsonParseError::TrailingData),
        "i"(JsonParseError::Aborted));
  __asm__ volatile(
      // u_'s field at offset f (.Lu*): ldd/std from Y where it is within
      // reach (the default sizes), else through Z (clobbered)
      ".macro sljp_uld reg, f\n"
      ".if .LoU+\\f+1 < 64\n\t"
      "ldd \\reg, Y+.LoU+\\f\n"
      ".else\n\t"
      "movw r30, r28\n\t"
      "subi r30, lo8(-(.LoU+\\f))\n\t"
      "sbci r31, hi8(-(.LoU+\\f))\n\t"
      "ld \\reg, Z\n"
      ".endif\n"
      ".endm\n"
      ".macro sljp_ust f, reg\n"
      ".if .LoU+\\f+1 < 64\n\t"
      "std Y+.LoU+\\f, \\reg\n"
      ".else\n\t"
      "movw r30, r28\n\t"
      "subi r30, lo8(-(.LoU+\\f))\n\t"
      "sbci r31, hi8(-(.LoU+\\f))\n\t"
      "st Z, \\reg\n"
      ".endif\n"
      ".endm\n\t"
      // const uint8_t* const end = p + len; if (error_) return error(); piece_ = p;
      "movw r28, r24\n\t"
      "ldd  r24, Y+.LoError\n\t"
      "cpse r24, __zero_reg__\n\t"
      "rjmp .Lfc_ret\n\t"
      "movw r14, r22\n\t"
      "movw r12, r22\n\t"
      "add  r12, r20\n\t"
      "adc  r13, r21\n\t"
      "std  Y+.LoPiece, r22\n\t"
      "std  Y+.LoPiece+1, r23\n\t"
      // for (; p != end; ++p, ++offset_) { const uint8_t c = *p;
      ".Lfc_top:\n\t"
      "cp   r14, r12\n\t"
      "cpc  r15, r13\n\t"
      "brne 1f\n\t"
      "rjmp .Lfc_end\n"
      "1:\tmovw r30, r14\n\t"
      "ld   r16, Z\n"
      // again: s = state_
      ".Lfc_again:\n\t"
      "ldd  r24, Y+.LoState\n\t"
      "cpi  r24, .LsString\n\t"
      "brlo 1f\n\t"
      "rjmp .Lfc_inside\n"
      // ---- s <= kDone: between values ----
      // whitespace: continue
      "1:\tcpi r16, 0x20\n\t"
      "breq .Lfc_next1\n\t"
      "cpi  r16, 0x0A\n\t"
      "breq .Lfc_next1\n\t"
      "cpi  r16, 0x0D\n\t"
      "breq .Lfc_next1\n\t"
      "cpi  r16, 0x09\n\t"
      "breq .Lfc_next1\n\t"
      // s == kDone: TrailingData; from here on the structural errors are
      // UnexpectedByte (r25) unless said otherwise
      "ldi  r25, .LeTrailingData\n\t"
      "cpi  r24, .LsDone\n\t"
      "breq .Lfc_fail1\n\t"
      "ldi  r25, .LeUnexpectedByte\n\t"
      // c == '}' || c == ']' (both 0x5D with bit 5 cleared; bit 5: object)
      "mov  r18, r16\n\t"
      "andi r18, 0xDF\n\t"
      "cpi  r18, 0x5D\n\t"
      "brne .Lfc_notClose\n\t"
      // s == kValue || s == kKey || s == kColon || inObject() != object: UnexpectedByte
      // (of the states up to kAfter those three have bits 0 and 1 equal:
      // 000, 011, 100; kArrayFirst, kObjectFirst, kAfter 001, 010, 101)
      "mov  r18, r24\n\t"
      "lsr  r18\n\t"
      "eor  r18, r24\n\t"
      "sbrs r18, 0\n\t"
      "rjmp .Lfc_fail1\n\t"
      "ldd  r18, Y+.LoStack\n\t"  // inObject() (bit 0) to bit 5: swap (-> 4), lsl
      "swap r18\n\t"
      "lsl  r18\n\t"
      "eor  r18, r16\n\t"
      "sbrc r18, 5\n\t"
      "rjmp .Lfc_fail1\n\t"
      // One level up: the bit stack shifts right (ror through the carry from
      // the top byte down; dec leaves the carry alone); --depth_
      "movw r30, r28\n\t"
      "adiw r30, .LoStack+.LnStack\n\t"
      "ldi  r18, .LnStack\n\t"
      "clc\n"
      "2:\tld r19, -Z\n\t"
      "ror  r19\n\t"
      "st   Z, r19\n\t"
      "dec  r18\n\t"
      "brne 2b\n\t"
      "ldd  r18, Y+.LoDepth\n\t"
      "dec  r18\n\t"
      "std  Y+.LoDepth, r18\n\t"
      // ev = object ? EndObject : EndArray; goto endEvent
      "ldi  r22, .LvEndArray\n\t"
      "sbrc r16, 5\n\t"
      "ldi  r22, .LvEndObject\n\t"
      "rjmp .Lfc_endEvent\n"
      // (branch stepping stones)
      ".Lfc_next1:\n\t"
      "rjmp .Lfc_next\n"
      ".Lfc_fail1:\n\t"
      "rjmp .Lfc_fail\n"
      ".Lfc_notClose:\n\t"
      // s == kAfter: a ',' or UnexpectedByte; state_ = inObject() ? kKey : kValue
      "cpi  r24, .LsAfter\n\t"
      "brne 1f\n\t"
      "cpi  r16, 0x2C\n\t"
      "brne .Lfc_fail1\n\t"
      "ldi  r18, .LsValue\n\t"
      "ldd  r19, Y+.LoStack\n\t"
      "sbrc r19, 0\n\t"
      "ldi  r18, .LsKey\n\t"
      "rjmp .Lfc_setState\n"
      // s == kColon: a ':' or UnexpectedByte; state_ = kValue
      "1:\tcpi r24, .LsColon\n\t"
      "brne 1f\n\t"
      "cpi  r16, 0x3A\n\t"
      "brne .Lfc_fail1\n\t"
      "ldi  r18, .LsValue\n\t"
      "rjmp .Lfc_setState\n"
      // c == '"': a key (s >= kObjectFirst) or a string value starts:
      // flags_ (kInKey), numLen_ = 0, state_ = kString, piece_ = p + 1
      "1:\tcpi r16, 0x22\n\t"
      "brne 1f\n\t"
      "ldd  r18, Y+.LoFlags\n\t"
      "andi r18, ~(.LfInKey | .LfKeyDirect) & 0xFF\n\t"
      "cpi  r24, .LsObjectFirst\n\t"
      "brlo 2f\n\t"
      "ori  r18, .LfInKey\n"
      "2:\tstd Y+.LoFlags, r18\n\t"
      "std  Y+.LoNumLen, __zero_reg__\n\t"
      "rjmp .Lfc_stringAfter\n"
      // s >= kObjectFirst: a key was due
      "1:\tcpi r24, .LsObjectFirst\n\t"
      "brsh .Lfc_fail1\n\t"
      // kValue, kArrayFirst: '{' or '[' (0x5B with bit 5 cleared)
      "mov  r18, r16\n\t"
      "andi r18, 0xDF\n\t"
      "cpi  r18, 0x5B\n\t"
      "brne .Lfc_notOpen\n\t"
      // depth_ >= SL_JSON_MAX_DEPTH: TooDeep
      "ldd  r18, Y+.LoDepth\n\t"
      "ldi  r25, .LeTooDeep\n\t"
      "cpi  r18, .LnMaxDepth\n\t"
      "brsh .Lfc_fail1\n\t"
      // if (!emit(object ? BeginObject : BeginArray)) goto abortedTaken
      "ldi  r22, .LvBeginArray\n\t"
      "sbrc r16, 5\n\t"
      "ldi  r22, .LvBeginObject\n\t"
      "ldi  r20, 0\n\t"
      "ldi  r21, 0\n\t"
      "movw r18, r20\n\t"
      "rcall .Lfc_emitPiece\n\t"
      "tst  r24\n\t"
      "brne 1f\n\t"
      "rjmp .Lfc_abortedTaken\n"
      // One level deeper: the bit stack shifts left (rol through the carry,
      // which starts as `object`: 0x7A < c only for '{'); ++depth_
      "1:\tmovw r30, r28\n\t"
      "adiw r30, .LoStack\n\t"
      "ldi  r19, .LnStack\n\t"
      "ldi  r18, 0x7A\n\t"
      "cp   r18, r16\n"
      "2:\tld r18, Z\n\t"
      "rol  r18\n\t"
      "st   Z+, r18\n\t"
      "dec  r19\n\t"
      "brne 2b\n\t"
      "ldd  r18, Y+.LoDepth\n\t"
      "inc  r18\n\t"
      "std  Y+.LoDepth, r18\n\t"
      // state_ = object ? kObjectFirst : kArrayFirst
      "ldi  r18, .LsArrayFirst\n\t"
      "sbrc r16, 5\n\t"
      "ldi  r18, .LsObjectFirst\n\t"
      "rjmp .Lfc_setState\n"
      // 't', 'f', 'n' ('n' & ~8 == 'f'): startLiteral(c) (aux_ = c - 'f'); state_ = kLiteral
      ".Lfc_notOpen:\n\t"
      "cpi  r16, 0x74\n\t"
      "breq 1f\n\t"
      "mov  r18, r16\n\t"
      "andi r18, 0xF7\n\t"
      "cpi  r18, 0x66\n\t"
      "brne 2f\n"
      "1:\tmov r18, r16\n\t"
      "subi r18, 0x66\n\t"
      "std  Y+.LoAux, r18\n\t"
      "ldi  r18, .LsLiteral\n\t"
      "rjmp .Lfc_setState\n"
      // a number ('-' or a digit; anything else: UnexpectedByte): numLen_,
      // adjust, exponent 0, its flags cleared, state_ = kNumStart, goto again
      "2:\tcpi r16, 0x2D\n\t"
      "breq 1f\n\t"
      "mov  r18, r16\n\t"
      "subi r18, 0x30\n\t"
      "cpi  r18, 10\n\t"
      "brsh .Lfc_fail2\n"
      "1:\tstd Y+.LoNumLen, __zero_reg__\n\t"
      "sljp_ust .LuAdjust, __zero_reg__\n\t"
      "sljp_ust .LuAdjust+1, __zero_reg__\n\t"
      "sljp_ust .LuExponent, __zero_reg__\n\t"
      "sljp_ust .LuExponent+1, __zero_reg__\n\t"
      "ldd  r18, Y+.LoFlags\n\t"
      "andi r18, .LfNumClear\n\t"
      "std  Y+.LoFlags, r18\n\t"
      "ldi  r18, .LsNumStart\n\t"
      "std  Y+.LoState, r18\n\t"
      "rjmp .Lfc_again\n"
      ".Lfc_fail2:\n\t"
      "rjmp .Lfc_fail\n"

      // ---- kString .. kHex: inside a string ----
      ".Lfc_inside:\n\t"
      "cpi  r24, .LsLiteral\n\t"
      "brlo 1f\n\t"
      "rjmp .Lfc_scalar\n"
      // high_ && ((s == kString && c != '\\') || (s == kEscape && c != 'u')):
      // emitPendingHigh() (decode(0, false), its piece), then piece_ = p
      // (high_ is 0 or 0xD800..0xDBFF: its high byte tells)
      "1:\tldd r18, Y+.LoHigh+1\n\t"
      "tst  r18\n\t"
      "breq .Lfc_noHigh\n\t"
      "ldi  r18, 0x5C\n\t"
      "cpi  r24, .LsString\n\t"
      "breq 1f\n\t"
      "ldi  r18, 0x75\n\t"
      "cpi  r24, .LsEscape\n\t"
      "brne .Lfc_noHigh\n"
      "1:\tcp r16, r18\n\t"
      "breq .Lfc_noHigh\n\t"
      "ldi  r23, 0\n\t"  // (cp's high byte 0: not a low surrogate, nothing else is read)
      "clt\n\t"
      "rcall .Lfc_emitDecoded\n\t"
      "tst  r24\n\t"
      "brne 1f\n\t"
      "rjmp .Lfc_aborted\n"
      "1:\tstd Y+.LoPiece, r14\n\t"
      "std  Y+.LoPiece+1, r15\n\t"
      "ldd  r24, Y+.LoState\n"
      ".Lfc_noHigh:\n\t"
      "cpi  r24, .LsUtf8\n\t"
      "breq .Lfc_utf8\n\t"
      "cpi  r24, .LsEscape\n\t"
      "breq .Lfc_escape\n\t"
      "cpi  r24, .LsString\n\t"
      "breq 1f\n\t"
      "rjmp .Lfc_hex\n"
      // kString: n = p - piece_ (r18:19, piece_ in r20:21)
      "1:\tmovw r18, r14\n\t"
      "ldd  r20, Y+.LoPiece\n\t"
      "ldd  r21, Y+.LoPiece+1\n\t"
      "sub  r18, r20\n\t"
      "sbc  r19, r21\n\t"
      // '"': piece(piece_, n, true); continue
      "set\n\t"
      "cpi  r16, 0x22\n\t"
      "breq .Lfc_piece\n\t"
      // '\\': state_ = kEscape; if (n && !part(piece_, n)) goto aborted; continue
      "cpi  r16, 0x5C\n\t"
      "brne 1f\n\t"
      "ldi  r24, .LsEscape\n\t"
      "std  Y+.LoState, r24\n\t"
      "cp   r18, __zero_reg__\n\t"
      "cpc  r19, __zero_reg__\n\t"
      "breq .Lfc_next2\n\t"
      "clt\n"
      ".Lfc_piece:\n\t"
      "rcall .Lfc_pieceFn\n\t"
      "tst  r24\n\t"
      "brne .Lfc_next2\n\t"
      "rjmp .Lfc_aborted\n"
      // c < 0x20: ControlCharacter; c < 0x80: continue (plain)
      "1:\tldi r25, .LeControlCharacter\n\t"
      "cpi  r16, 0x20\n\t"
      "brlo .Lfc_fail2\n\t"
      "sbrs r16, 7\n\t"
      "rjmp .Lfc_run\n\t"
      // a UTF-8 lead byte: aux_ = 0, state_ = kUtf8, then as kUtf8
      "std  Y+.LoAux, __zero_reg__\n\t"
      "ldi  r18, .LsUtf8\n\t"
      "std  Y+.LoState, r18\n"
      // kUtf8: u = utf8Step(aux_, c); kUtf8Bad: InvalidUtf8; aux_ = u;
      // if (!u) state_ = kString; continue
      ".Lfc_utf8:\n\t"
      "ldd  r24, Y+.LoAux\n\t"
      "mov  r22, r16\n\t"
      "%~call %x[utf8Step]\n\t"
      "ldi  r25, .LeInvalidUtf8\n\t"
      "cpi  r24, .LnUtf8Bad\n\t"
      "breq .Lfc_fail4\n\t"
      "std  Y+.LoAux, r24\n\t"
      "tst  r24\n\t"
      "brne .Lfc_next2\n\t"
      "ldi  r18, .LsString\n\t"
      "rjmp .Lfc_setState\n"
      ".Lfc_next2:\n\t"
      "rjmp .Lfc_next\n"
      ".Lfc_fail4:\n\t"
      "rjmp .Lfc_fail\n"
      // kEscape: 'u': aux_ = 4, u_.str.cp = 0, state_ = kHex; continue
      ".Lfc_escape:\n\t"
      "cpi  r16, 0x75\n\t"
      "brne 1f\n\t"
      "ldi  r18, 4\n\t"
      "std  Y+.LoAux, r18\n\t"
      "sljp_ust .LuCp, __zero_reg__\n\t"
      "sljp_ust .LuCp+1, __zero_reg__\n\t"
      "ldi  r18, .LsHex\n\t"
      "rjmp .Lfc_setState\n"
      // else the pair in kEscapes whose letter is c (none: InvalidEscape):
      // cp = the byte after it (r22:23)
      "1:\tldi r30, lo8(%[escapes])\n\t"
      "ldi  r31, hi8(%[escapes])\n\t"
      "ldi  r25, .LeInvalidEscape\n"
      "2:\tlpm r18, Z+\n\t"
      "tst  r18\n\t"
      "breq .Lfc_fail4\n\t"
      "lpm  r22, Z+\n\t"
      "cp   r18, r16\n\t"
      "brne 2b\n\t"
      "ldi  r23, 0\n\t"
      "rjmp .Lfc_decoded\n"
      // kHex: v = c - '0', or (c | 0x20) - 'a' + 10 (not 0..15: InvalidUnicode);
      // u_.str.cp = cp = cp << 4 | v; if (--aux_) continue
      ".Lfc_hex:\n\t"
      "mov  r18, r16\n\t"
      "subi r18, 0x30\n\t"
      "cpi  r18, 10\n\t"
      "brlo 1f\n\t"
      "ori  r18, 0x20\n\t"  // ((c - '0') | 0x20) - ('a' - '0'): 0..5 only for A-F, a-f
      "subi r18, 0x31\n\t"
      "ldi  r25, .LeInvalidUnicode\n\t"
      "cpi  r18, 6\n\t"
      "brsh .Lfc_fail4\n\t"
      "subi r18, -10\n"
      "1:\tsljp_uld r22, .LuCp\n\t"
      "sljp_uld r23, .LuCp+1\n\t"
      "ldi  r19, 4\n"
      "2:\tlsl r22\n\t"
      "rol  r23\n\t"
      "dec  r19\n\t"
      "brne 2b\n\t"
      "or   r22, r18\n\t"
      "sljp_ust .LuCp, r22\n\t"
      "sljp_ust .LuCp+1, r23\n\t"
      "ldd  r18, Y+.LoAux\n\t"
      "dec  r18\n\t"
      "std  Y+.LoAux, r18\n\t"
      "brne .Lfc_next2\n"
      // A decoded escape: state_ = kString; if (!emitDecoded(cp)) goto
      // abortedTaken; piece_ = p + 1; continue (state_ set after the call
      // here: nothing in it reads state_)
      ".Lfc_decoded:\n\t"
      "set\n\t"
      "rcall .Lfc_emitDecoded\n\t"
      "tst  r24\n\t"
      "brne .Lfc_stringAfter\n\t"
      "rjmp .Lfc_abortedTaken\n"
      // piece_ = p + 1; state_ = kString; continue (a string's opening
      // quote, or an escape decoded: with no high surrogate pending, the
      // plain bytes after it as a run)
      ".Lfc_stringAfter:\n\t"
      "movw r18, r14\n\t"
      "subi r18, 0xFF\n\t"
      "sbci r19, 0xFF\n\t"
      "std  Y+.LoPiece, r18\n\t"
      "std  Y+.LoPiece+1, r19\n\t"
      "ldi  r18, .LsString\n\t"
      "std  Y+.LoState, r18\n\t"
      "ldd  r18, Y+.LoHigh+1\n\t"
      "cpse r18, __zero_reg__\n\t"
      "rjmp .Lfc_next\n"
      // A run (kString, no high surrogate pending, the byte at p taken):
      // the plain bytes after it (0x20..0x7F but '"' and '\\': V of
      // c - 0xA0 is set for 0x20..0x7F only) in a tight loop, up to the
      // first other byte or the chunk's end; p and offset_ move past them
      // (nothing is delivered: the piece goes on, cut where it was)
      ".Lfc_run:\n\t"
      "movw r30, r14\n\t"
      "adiw r30, 1\n"
      "1:\tcp r30, r12\n\t"
      "cpc  r31, r13\n\t"
      "breq 2f\n\t"
      "ld   r16, Z+\n\t"
      "cpi  r16, 0xA0\n\t"
      "brvc 3f\n\t"
      "cpi  r16, 0x22\n\t"
      "breq 3f\n\t"
      "cpi  r16, 0x5C\n\t"
      "brne 1b\n"
      "3:\tsbiw r30, 1\n"
      "2:\tmovw r18, r30\n\t"
      "sub  r18, r14\n\t"
      "sbc  r19, r15\n\t"
      "rcall .Lfc_advanceBy\n\t"
      "rjmp .Lfc_top\n"

      // ---- kNumStart .. kNumExp ----
      // next = numberNext(s, class of c): kNumClass[c - '+'] for '+'..'9',
      // 3 for 'e'/'E', else 5
      ".Lfc_scalar:\n\t"
      "cpi  r24, .LsLiteral\n\t"
      "brne 1f\n\t"
      "rjmp .Lfc_literal\n"
      // The next state (r24) of the number grammar
      // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? from s and c (the C++ build:
      // numberNext(), a table); r25 InvalidNumber for .Lfc_numBad
      "1:\tldi r25, .LeInvalidNumber\n\t"
      "mov  r18, r16\n\t"
      "subi r18, 0x30\n\t"
      "cpi  r18, 10\n\t"
      "brsh 3f\n\t"
      // a digit: none after kNumZero; kNumStart, kNumMinus: kNumZero for
      // '0', else kNumInt; kNumDot: kNumFrac; kNumE, kNumESign: kNumExp;
      // kNumInt, kNumFrac, kNumExp stay
      "cpi  r24, .LsNumZero\n\t"
      "breq .Lfc_numBad\n\t"
      "brsh 2f\n\t"
      "ldi  r24, .LsNumInt\n\t"
      "cpse r18, __zero_reg__\n\t"
      "rjmp .Lfc_numNext\n\t"
      "ldi  r24, .LsNumZero\n\t"
      "rjmp .Lfc_numNext\n"
      "2:\tcpi r24, .LsNumDot\n\t"
      "brne 2f\n\t"
      "ldi  r24, .LsNumFrac\n\t"
      "rjmp .Lfc_numNext\n"
      "2:\tcpi r24, .LsNumE\n\t"
      "brlo .Lfc_numNext\n\t"
      "ldi  r24, .LsNumExp\n\t"
      "rjmp .Lfc_numNext\n"
      // '.': kNumDot after kNumZero or kNumInt
      "3:\tldi r18, .LsNumDot\n\t"
      "cpi  r16, 0x2E\n\t"
      "breq 4f\n\t"
      // 'e', 'E': kNumE after kNumZero, kNumInt or kNumFrac
      "ldi  r18, .LsNumE\n\t"
      "mov  r19, r16\n\t"
      "ori  r19, 0x20\n\t"
      "cpi  r19, 0x65\n\t"
      "brne 3f\n\t"
      "cpi  r24, .LsNumFrac\n\t"
      "breq 5f\n"
      "4:\tcpi r24, .LsNumZero\n\t"
      "breq 5f\n\t"
      "cpi  r24, .LsNumInt\n\t"
      "brne .Lfc_numBad\n"
      "5:\tmov r24, r18\n\t"
      "rjmp .Lfc_numNext\n"
      // '+', '-': kNumStart -> kNumMinus, kNumE -> kNumESign
      "3:\tcpi r16, 0x2D\n\t"
      "breq 3f\n\t"
      "cpi  r16, 0x2B\n\t"
      "brne 6f\n"
      "3:\tldi r18, .LsNumMinus\n\t"
      "cpi  r24, .LsNumStart\n\t"
      "breq 5b\n\t"
      "ldi  r18, .LsNumESign\n\t"
      "cpi  r24, .LsNumE\n\t"
      "breq 5b\n\t"
      "rjmp .Lfc_numBad\n"
      // any other byte ends a complete number (kNumZero, kNumInt, kNumFrac,
      // kNumExp): if (!endNumber()) goto aborted; goto again (c is the next
      // state's); else InvalidNumber
      "6:\tcpi r24, .LsNumZero\n\t"
      "breq 7f\n\t"
      "cpi  r24, .LsNumInt\n\t"
      "breq 7f\n\t"
      "cpi  r24, .LsNumFrac\n\t"
      "breq 7f\n\t"
      "cpi  r24, .LsNumExp\n\t"
      "brne .Lfc_numBad\n"
      "7:\trcall .Lfc_endNumber\n\t"
      "tst  r24\n\t"
      "brne 2f\n\t"
      "rjmp .Lfc_aborted\n"
      "2:\trjmp .Lfc_again\n"
      ".Lfc_numBad:\n\t"
      "rjmp .Lfc_fail\n"
      ".Lfc_numNext:\n\t"
      // state_ = next; next >= kNumDot: kNumReal; next == kNumESign && c == '-': kNumExpNeg
      "std  Y+.LoState, r24\n\t"
      "ldd  r18, Y+.LoFlags\n\t"
      "cpi  r24, .LsNumDot\n\t"
      "brlo 1f\n\t"
      "ori  r18, .LfNumReal\n"
      "1:\tcpi r24, .LsNumESign\n\t"
      "brne 1f\n\t"
      "cpi  r16, 0x2D\n\t"
      "brne 1f\n\t"
      "ori  r18, .LfNumExpNeg\n"
      "1:\tstd Y+.LoFlags, r18\n\t"
      // next == kNumExp && exponent < 3000: exponent = exponent * 10 + (c - '0')
      "cpi  r24, .LsNumExp\n\t"
      "brne 1f\n\t"
      "sljp_uld r26, .LuExponent\n\t"
      "sljp_uld r27, .LuExponent+1\n\t"
      "cpi  r26, lo8(3000)\n\t"
      "ldi  r18, hi8(3000)\n\t"
      "cpc  r27, r18\n\t"
      "brge 1f\n\t"
      "ldi  r18, 10\n\t"
      "mul  r27, r18\n\t"
      "mov  r27, r0\n\t"
      "mul  r26, r18\n\t"
      "mov  r26, r0\n\t"
      "add  r27, r1\n\t"
      "clr  __zero_reg__\n\t"
      "add  r26, r16\n\t"
      "adc  r27, __zero_reg__\n\t"
      "sbiw r26, 0x30\n\t"
      "sljp_ust .LuExponent, r26\n\t"
      "sljp_ust .LuExponent+1, r27\n"
      // numLen_ < SL_JSON_NUMBER_MAX: text[numLen_++] = c (Z = &u_, the
      // text); else numberOverflow(c, next)
      "1:\tmovw r30, r28\n\t"
      "adiw r30, .LoU\n\t"
      "ldd  r18, Y+.LoNumLen\n\t"
      "cpi  r18, .LnNumMax\n\t"
      "brsh 1f\n\t"
      "add  r30, r18\n\t"
      "adc  r31, __zero_reg__\n\t"
      "st   Z, r16\n\t"
      "inc  r18\n\t"
      "std  Y+.LoNumLen, r18\n\t"
      "rjmp .Lfc_next\n"
      "1:\trcall .Lfc_overflow\n\t"
      "rjmp .Lfc_next\n"
      // ---- kLiteral ----
      // c != literalAt(aux_): InvalidLiteral; k = literalAt(++aux_);
      // k >= 'a': continue; else k is the literal's event: goto endEvent
      ".Lfc_literal:\n\t"
      "ldd  r18, Y+.LoAux\n\t"
      "ldi  r30, lo8(%[literals])\n\t"
      "ldi  r31, hi8(%[literals])\n\t"
      "add  r30, r18\n\t"
      "adc  r31, __zero_reg__\n\t"
      "lpm  r19, Z+\n\t"
      "ldi  r25, .LeInvalidLiteral\n\t"
      "cp   r16, r19\n\t"
      "brne .Lfc_fail3\n\t"
      "inc  r18\n\t"
      "std  Y+.LoAux, r18\n\t"
      "lpm  r22, Z\n\t"
      "cpi  r22, 0x61\n\t"
      "brsh .Lfc_next3\n\t"
      "rjmp .Lfc_endEvent\n"

      ".Lfc_next3:\n\t"
      "rjmp .Lfc_next\n"
      ".Lfc_fail3:\n\t"
      "rjmp .Lfc_fail\n"

      // endEvent: the end of a container or a literal (event in r22): if
      // (valueEnd(ev, 0, 0)) continue; abortedTaken: ++offset_; aborted: Aborted
      ".Lfc_endEvent:\n\t"
      "ldi  r20, 0\n\t"
      "ldi  r21, 0\n\t"
      "movw r18, r20\n\t"
      "rcall .Lfc_valueEnd\n\t"
      "tst  r24\n\t"
      "brne .Lfc_next\n"
      ".Lfc_abortedTaken:\n\t"
      "rcall .Lfc_count\n"
      ".Lfc_aborted:\n\t"
      "ldi  r25, .LeAborted\n\t"
      "rjmp .Lfc_fail\n"
      // continue: state_ = r18 first (.Lfc_setState), then ++p, ++offset_
      ".Lfc_setState:\n\t"
      "std  Y+.LoState, r18\n"
      ".Lfc_next:\n\t"
      "rcall .Lfc_count\n\t"
      "rjmp .Lfc_top\n"
      // .Lfc_count: ++p, ++offset_; .Lfc_advanceBy: p and offset_ (32
      // bits) + r18:19 (r24..r27 clobbered)
      ".Lfc_count:\n\t"
      "ldi  r18, 1\n\t"
      "ldi  r19, 0\n"
      ".Lfc_advanceBy:\n\t"
      "add  r14, r18\n\t"
      "adc  r15, r19\n\t"
      "ldd  r24, Y+.LoOffset\n\t"
      "ldd  r25, Y+.LoOffset+1\n\t"
      "ldd  r26, Y+.LoOffset+2\n\t"
      "ldd  r27, Y+.LoOffset+3\n\t"
      "add  r24, r18\n\t"
      "adc  r25, r19\n\t"
      "adc  r26, __zero_reg__\n\t"
      "adc  r27, __zero_reg__\n\t"
      "std  Y+.LoOffset, r24\n\t"
      "std  Y+.LoOffset+1, r25\n\t"
      "std  Y+.LoOffset+2, r26\n\t"
      "std  Y+.LoOffset+3, r27\n\t"
      "ret\n"
      // After the loop: in kString or kUtf8 with bytes not delivered
      // (piece_ != end): part(piece_, end - piece_), Aborted if refused
      ".Lfc_end:\n\t"
      "ldd  r24, Y+.LoState\n\t"
      "subi r24, .LsString\n\t"
      "cpi  r24, 2\n\t"
      "brsh 1f\n\t"
      "ldd  r20, Y+.LoPiece\n\t"
      "ldd  r21, Y+.LoPiece+1\n\t"
      "movw r18, r14\n\t"
      "sub  r18, r20\n\t"
      "sbc  r19, r21\n\t"
      "breq 1f\n\t"
      "clt\n\t"
      "rcall .Lfc_pieceFn\n\t"
      "tst  r24\n\t"
      "breq .Lfc_aborted\n"
      "1:\tldi r24, 0\n\t"
      "rjmp .Lfc_ret\n"
      // piece(d r20:21, n r18:19, last: the T flag) of the C++ build: a
      // piece of a string value or of a key; d and n already where
      // emitPiece() takes them (then e in r22), flags_ in r24
      ".Lfc_pieceFn:\n\t"
      "ldd  r24, Y+.LoFlags\n\t"
      "sbrc r24, .LbInKey\n\t"
      "rjmp 1f\n\t"
      // a string value: StringPart, or its last piece through valueEnd(String)
      "ldi  r22, .LvStringPart\n\t"
      "brtc .Lfc_pieceEmit\n\t"
      "ldi  r22, .LvString\n\t"
      "rjmp .Lfc_valueEnd\n"
      // a key: KeyPart, or Key with state_ = kColon
      "1:\tldi r22, .LvKeyPart\n\t"
      "brtc 1f\n\t"
      "ldi  r22, .LvKey\n\t"
      "ldi  r25, .LsColon\n\t"
      "std  Y+.LoState, r25\n"
      "1:\t"
#if SL_JSON_KEY_BUFFER
      // gathered unless kKeyDirect; have = numLen_ (r25)
      "sbrc r24, .LbKeyDirect\n\t"
      "rjmp .Lfc_pieceEmit\n\t"
      "ldd  r25, Y+.LoNumLen\n\t"
      // (!last || have): gather, else straight to the filter
      "brtc 1f\n\t"
      "tst  r25\n\t"
      "breq 4f\n"
      // n > SL_JSON_KEY_BUFFER - have: kKeyDirect, what was gathered goes
      // out as a KeyPart (false: return false), then this piece directly
      "1:\tldi r26, .LnKeyBuffer\n\t"
      "sub  r26, r25\n\t"
      "cp   r26, r18\n\t"
      "cpc  __zero_reg__, r19\n\t"
      "brsh 2f\n\t"
      "ori  r24, .LfKeyDirect\n\t"
      "std  Y+.LoFlags, r24\n\t"
      "tst  r25\n\t"
      "breq .Lfc_pieceEmit\n\t"
      "push r22\n\t"
      "push r20\n\t"
      "push r21\n\t"
      "push r18\n\t"
      "push r19\n\t"
      "ldi  r22, .LvKeyPart\n\t"
      "movw r20, r28\n\t"
      "subi r20, lo8(-(.LoU))\n\t"
      "sbci r21, hi8(-(.LoU))\n\t"
      "mov  r18, r25\n\t"
      "ldi  r19, 0\n\t"
      "rcall .Lfc_emitPiece\n\t"
      "pop  r19\n\t"
      "pop  r18\n\t"
      "pop  r21\n\t"
      "pop  r20\n\t"
      "pop  r22\n\t"
      "tst  r24\n\t"
      "brne .Lfc_pieceEmit\n\t"
      "ret\n"
      // emitPiece(e, d, n)
      ".Lfc_pieceEmit:\n\t"
      "rjmp .Lfc_emitPiece\n"
      // else gathered: u_.str.key[have..] = d[0..n), numLen_ = have + n;
      // not last: true; last: the key whole (d = u_.str.key, n = numLen_)
      "2:\tmovw r26, r28\n\t"
      "subi r26, lo8(-(.LoU))\n\t"
      "sbci r27, hi8(-(.LoU))\n\t"
      "add  r26, r25\n\t"
      "adc  r27, __zero_reg__\n\t"
      "movw r30, r20\n\t"
      "add  r25, r18\n\t"
      "std  Y+.LoNumLen, r25\n"
      "3:\ttst r18\n\t"
      "breq 3f\n\t"
      "ld   r23, Z+\n\t"
      "st   X+, r23\n\t"
      "dec  r18\n\t"
      "rjmp 3b\n"
      "3:\tldi r24, 1\n\t"
      "brts 3f\n\t"
      "ret\n"
      "3:\tmovw r20, r28\n\t"
      "subi r20, lo8(-(.LoU))\n\t"
      "sbci r21, hi8(-(.LoU))\n\t"
      "mov  r18, r25\n\t"
      "ldi  r19, 0\n"
      // the key filter (setKeyFilter()): sl_JsonParser_keyFilter, linked
      // only with setKeyFilter() (JsonKeyFilter.cpp), through a weak
      // reference that is 0 in a program that never sets a filter; T set
      // on its return: the key is skipped with its value (no event), true
      ".weak sl_JsonParser_keyFilter\n"
      "4:\tldi r30, lo8(gs(sl_JsonParser_keyFilter))\n\t"
      "ldi  r31, hi8(gs(sl_JsonParser_keyFilter))\n\t"
      "sbiw r30, 0\n\t"
      "breq .Lfc_pieceEmit\n\t"
      "icall\n\t"
      "brtc .Lfc_pieceEmit\n\t"
      "ldi  r24, 1\n\t"
      "ret\n"
#else
      ".Lfc_pieceEmit:\n\t"
      "rjmp .Lfc_emitPiece\n"
#endif
      // emitDecoded(cp r22:23, withCp: the T flag): n = decode(cp, withCp)
      // (as JsonParser::decode() of the C++ build, here with X writing
      // u_.str.out, r20:21 its start); return !n || part(u_.str.out, n) (a
      // tail jump to piece())
      ".Lfc_emitDecoded:\n\t"
      "movw r20, r28\n\t"
      "subi r20, lo8(-(.LoU+.LuOut))\n\t"
      "sbci r21, hi8(-(.LoU+.LuOut))\n\t"
      "movw r26, r20\n\t"
      // high = high_; high_ = 0
      "ldd  r18, Y+.LoHigh\n\t"
      "ldd  r19, Y+.LoHigh+1\n\t"
      "std  Y+.LoHigh, __zero_reg__\n\t"
      "std  Y+.LoHigh+1, __zero_reg__\n\t"
      "tst  r19\n\t"  // (0 or 0xD800..0xDBFF)
      "breq 3f\n\t"
      // high and a low surrogate ((cp & 0xFC00) == 0xDC00): the pair's
      // character, U+10000 + (high & 0x3FF) << 10 + (cp & 0x3FF), i.e.
      // ((high & 0x3FF) + 0x40) << 10 | (cp & 0x3FF), in r24:23:22
      "mov  r25, r23\n\t"
      "andi r25, 0xFC\n\t"
      "cpi  r25, 0xDC\n\t"
      "brne 2f\n\t"
      "andi r19, 3\n\t"
      "subi r18, 0xC0\n\t"
      "sbci r19, 0xFF\n\t"
      "andi r23, 3\n\t"
      "lsl  r18\n\t"
      "rol  r19\n\t"
      "lsl  r18\n\t"
      "rol  r19\n\t"
      "or   r23, r18\n\t"
      "mov  r24, r19\n\t"
      "rjmp 6f\n"
      // else U+FFFD for the high one
      "2:\tldi r25, 0xEF\n\t"
      "st   X+, r25\n\t"
      "ldi  r25, 0xBF\n\t"
      "st   X+, r25\n\t"
      "ldi  r25, 0xBD\n\t"
      "st   X+, r25\n"
      // withCp: a high surrogate waits in high_ for its low one (no bytes)
      "3:\tbrtc 7f\n\t"
      "mov  r25, r23\n\t"
      "andi r25, 0xFC\n\t"
      "cpi  r25, 0xD8\n\t"
      "brne 4f\n\t"
      "std  Y+.LoHigh, r22\n\t"
      "std  Y+.LoHigh+1, r23\n\t"
      "rjmp 7f\n"
      // a lone low surrogate ((cp & 0xF800) == 0xD800, the high ones gone) as U+FFFD
      "4:\tandi r25, 0xF8\n\t"
      "cpi  r25, 0xD8\n\t"
      "brne 4f\n\t"
      "ldi  r22, 0xFD\n\t"
      "ldi  r23, 0xFF\n"
      "4:\tldi r24, 0\n"
      // the UTF-8 form of r24:23:22 at X: one byte below 0x80; else r19
      // continuation bytes (6 bits each, the last first) after a lead byte
      // 0xC0, 0xE0 or 0xF0 (r18) with the bits left
      "6:\tcpi r22, 0x80\n\t"
      "cpc  r23, __zero_reg__\n\t"
      "cpc  r24, __zero_reg__\n\t"
      "brsh 5f\n\t"
      "st   X+, r22\n\t"
      "rjmp 7f\n"
      "5:\tldi r18, 0xC0\n\t"
      "ldi  r19, 1\n\t"
      "cpi  r23, 0x08\n\t"
      "cpc  r24, __zero_reg__\n\t"
      "brlo 5f\n\t"
      "ldi  r18, 0xE0\n\t"
      "inc  r19\n\t"
      "tst  r24\n\t"
      "breq 5f\n\t"
      "ldi  r18, 0xF0\n\t"
      "inc  r19\n"
      "5:\tadd r26, r19\n\t"
      "adc  r27, __zero_reg__\n\t"
      "adiw r26, 1\n\t"
      "movw r30, r26\n"
      "5:\tmov r25, r22\n\t"
      "andi r25, 0x3F\n\t"
      "ori  r25, 0x80\n\t"
      "st   -X, r25\n\t"
      "ldi  r25, 6\n"
      "4:\tlsr r24\n\t"
      "ror  r23\n\t"
      "ror  r22\n\t"
      "dec  r25\n\t"
      "brne 4b\n\t"
      "dec  r19\n\t"
      "brne 5b\n\t"
      "or   r22, r18\n\t"
      "st   -X, r22\n\t"
      "movw r26, r30\n"
      // n = X - u_.str.out (8 bits: at most 7); none: true
      "7:\tmov r18, r26\n\t"
      "sub  r18, r20\n\t"
      "ldi  r24, 1\n\t"
      "breq 1f\n\t"
      "ldi  r19, 0\n\t"
      "clt\n\t"
      "rjmp .Lfc_pieceFn\n"
      "1:\tret\n"
      // numberOverflow(c r16, next r24) of the C++ build: a number's byte
      // past a full text; flags_ |= kNumTrunc, adjust in r22:23 (stored
      // back at 8, also when unchanged), Z = &u_ (the text), X walks it
      ".Lfc_overflow:\n\t"
      "ldd  r18, Y+.LoFlags\n\t"
      "ori  r18, .LfNumTrunc\n\t"
      "std  Y+.LoFlags, r18\n\t"
      "sljp_uld r22, .LuAdjust\n\t"
      "sljp_uld r23, .LuAdjust+1\n\t"
      "movw r30, r28\n\t"
      "adiw r30, .LoU\n\t"
      // kNumInt: a dropped integer digit, adjust + 1 while adjust < 30000
      "cpi  r24, .LsNumInt\n\t"
      "brne 1f\n\t"
      "cpi  r22, lo8(30000)\n\t"
      "ldi  r18, hi8(30000)\n\t"
      "cpc  r23, r18\n\t"
      "brge 9f\n\t"
      "subi r22, 0xFF\n\t"
      "sbci r23, 0xFF\n\t"
      "rjmp 8f\n"
      // kNumFrac: only after an integer part 0 (t[to - 2], to = 2 or 3
      // after a '-', r19: the index after the '.')
      "1:\tcpi r24, .LsNumFrac\n\t"
      "brne 9f\n\t"
      "ldi  r19, 2\n\t"
      "ld   r18, Z\n\t"
      "cpi  r18, 0x2D\n\t"
      "brne 2f\n\t"
      "ldd  r18, Z+1\n\t"
      "inc  r19\n"
      "2:\tcpi r18, 0x30\n\t"
      "brne 9f\n\t"
      // from (r20) = to; while (from < SL_JSON_NUMBER_MAX && t[from] == '0') ++from
      "mov  r20, r19\n\t"
      "movw r26, r30\n\t"
      "add  r26, r19\n\t"
      "adc  r27, __zero_reg__\n"
      "3:\tcpi r20, .LnNumMax\n\t"
      "brsh 4f\n\t"
      "ld   r18, X\n\t"
      "cpi  r18, 0x30\n\t"
      "brne 4f\n\t"
      "adiw r26, 1\n\t"
      "inc  r20\n\t"
      "rjmp 3b\n"
      // zeros = from - to (none: c is dropped); adjust -= zeros while adjust > -30000
      "4:\tmov r21, r20\n\t"
      "sub  r21, r19\n\t"
      "breq 9f\n\t"
      "cpi  r22, lo8(-29999)\n\t"
      "ldi  r18, hi8(-29999)\n\t"
      "cpc  r23, r18\n\t"
      "brlt 5f\n\t"
      "sub  r22, r21\n\t"
      "sbc  r23, __zero_reg__\n"
      // the zeros go: t[to..] = t[from..SL_JSON_NUMBER_MAX), then c; numLen_ = to
      "5:\tadd r30, r19\n\t"
      "adc  r31, __zero_reg__\n"
      "6:\tcpi r20, .LnNumMax\n\t"
      "brsh 7f\n\t"
      "ld   r18, X+\n\t"
      "st   Z+, r18\n\t"
      "inc  r20\n\t"
      "inc  r19\n\t"
      "rjmp 6b\n"
      "7:\tst Z, r16\n\t"
      "inc  r19\n\t"
      "std  Y+.LoNumLen, r19\n"
      "8:\n\t"
      "sljp_ust .LuAdjust, r22\n\t"
      "sljp_ust .LuAdjust+1, r23\n"
      "9:\tret\n"

      // endNumber() of the C++ build (the number's exponent sign, then
      // valueEnd(Number, its text)), valueEnd() (the state after a value,
      // then emitPiece()) and emitPiece(e r22, d r20:21, n r18:19), each
      // running on into the next; with `this` in Y (r24 the result, as the
      // C++ functions). finish() reaches endNumber() through
      // sl_JsonParser_endNumber (the C calling convention; a section of its
      // own, which --gc-sections drops from a program that never calls
      // finish()).
      ".pushsection .text.sl_JsonParser_endNumber, \"ax\", @progbits\n"
      ".global sl_JsonParser_endNumber\n"
      "sl_JsonParser_endNumber:\n\t"
      "push r28\n\t"
      "push r29\n\t"
      "movw r28, r24\n\t"
      "%~call .Lfc_endNumber\n\t"
      "pop  r29\n\t"
      "pop  r28\n\t"
      "ret\n"
      ".popsection\n"
      ".Lfc_endNumber:\n\t"
      "ldd  r18, Y+.LoFlags\n\t"
      "sbrs r18, .LbNumExpNeg\n\t"
      "rjmp 1f\n\t"
      "sljp_uld r18, .LuExponent\n\t"
      "sljp_uld r19, .LuExponent+1\n\t"
      "neg  r19\n\t"
      "neg  r18\n\t"
      "sbc  r19, __zero_reg__\n\t"
      "sljp_ust .LuExponent, r18\n\t"
      "sljp_ust .LuExponent+1, r19\n"
      "1:\tldd r18, Y+.LoNumLen\n\t"
      "ldi  r19, 0\n\t"
      "movw r20, r28\n\t"
      "subi r20, lo8(-(.LoU))\n\t"
      "sbci r21, hi8(-(.LoU))\n\t"
      "ldi  r22, .LvNumber\n"
      // valueEnd(): state_ = kAfter + (depth_ == 0), the carry of depth_ - 1
      ".Lfc_valueEnd:\n\t"
      "ldd  r25, Y+.LoDepth\n\t"
      "cpi  r25, 1\n\t"
      "ldi  r25, .LsAfter\n\t"
      "adc  r25, __zero_reg__\n\t"
      "std  Y+.LoState, r25\n"
      // emitPiece(): inside a skipped value no call (skipEvent(): a scalar
      // or a closing bracket at the skip's depth ends it), true; else piece_,
      // pieceLen_ and the handler's onJson(e, *this) (a tail jump through
      // the first entry of its vtable: JsonHandler's only virtual
      // function), true without one
      ".Lfc_emitPiece:\n\t"
      "ldd  r25, Y+.LoSkip\n\t"
      "ldi  r24, 1\n\t"
      "cpse r25, __zero_reg__\n\t"
      "rjmp 1f\n\t"
      "std  Y+.LoPiece, r20\n\t"
      "std  Y+.LoPiece+1, r21\n\t"
      "std  Y+.LoPieceLen, r18\n\t"
      "std  Y+.LoPieceLen+1, r19\n\t"
      "ldd  r26, Y+.LoHandler\n\t"
      "ldd  r27, Y+.LoHandler+1\n\t"
      "sbiw r26, 0\n\t"
      "breq 2f\n\t"
      "movw r24, r26\n\t"
      "ld   r30, X+\n\t"
      "ld   r31, X\n\t"
      "ld   r0, Z+\n\t"
      "ld   r31, Z\n\t"
      "mov  r30, r0\n\t"
      "movw r20, r28\n\t"
      "ijmp\n"
      "1:\tldd r23, Y+.LoDepth\n\t"
      "inc  r23\n\t"
      "cp   r23, r25\n\t"
      "brne 2f\n\t"
      "cpi  r22, .LvStringPart\n\t"
      "breq 2f\n\t"
      "andi r22, ~(.LvBeginObject ^ .LvBeginArray) & 0xFF\n\t"  // (BeginObject, BeginArray: 0)
      "breq 2f\n\t"
      "std  Y+.LoSkip, __zero_reg__\n"
      "2:\tret\n"

      // failed: error_ = r; state_ = kError; return error()
      ".Lfc_fail:\n\t"
      "std  Y+.LoError, r25\n\t"
      "ldi  r18, .LsError\n\t"
      "std  Y+.LoState, r18\n\t"
      "mov  r24, r25\n"
      ".Lfc_ret:\n\t"
      : "+r"(self), "+r"(data), "+r"(n)
      : [utf8Step] "i"(&detail::utf8Step),
        [escapes] "i"(kEscapes), [literals] "i"(kLiterals)
      : "r0", "r12", "r13", "r14", "r15", "r16", "r18", "r19", "r26", "r27", "r28", "r29", "r30", "r31",
        "memory");
  return JsonParseError(static_cast<JsonParseError::Code>(static_cast<uint8_t>(self)));
}
#else  // !SL_JSON_PARSER_ASM
JsonParseError JsonParser::feedChunk(const uint8_t* p, size_t len) {
  const uint8_t* const end = p + len;
  uint8_t r = error_;
  if (r) return error();
  piece_ = p;
  for (; p != end; ++p, ++offset_) {
    const uint8_t c = *p;
    JsonEvent ev;
  again:
    const uint8_t s = state_;
    if (s <= kDone) {  // between values: whitespace, structure, the first byte of a value
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
      if (s == kDone) {
        r = JsonParseError::TrailingData;
        goto failed;
      }
      if (c == '}' || c == ']') {
        bool object = c == '}';
        // (kArrayFirst is inside an array, kObjectFirst inside an object)
        if (s == kValue || s == kKey || s == kColon || inObject() != object) {
          r = JsonParseError::UnexpectedByte;
          goto failed;
        }
        // One level up: the bit stack shifts right.
#if SL_ARCH_AVR
        // (ror through the carry, from the top byte down: dec leaves the carry
        // alone; about half the flash of the C loop)
        uint8_t* q = stack_ + sizeof stack_;
        uint8_t n = sizeof stack_, t;
        __asm__ volatile(
            "clc\n"
            "1:\tld %[t], -%a[q]\n\t"
            "ror %[t]\n\t"
            "st %a[q], %[t]\n\t"
            "dec %[n]\n\t"
            "brne 1b"
            : [q] "+e"(q), [n] "+r"(n), [t] "=&r"(t)
            :
            : "memory");
#else
        uint8_t carry = 0;
        uint8_t* q = stack_ + sizeof stack_;
        do {
          uint8_t b = *--q;
          *q = static_cast<uint8_t>((b >> 1) | carry);
          carry = (b & 1) ? 0x80 : 0;
        } while (q != stack_);
#endif
        --depth_;
        ev = object ? JsonEvent::EndObject : JsonEvent::EndArray;
        goto endEvent;
      }
      if (s == kAfter) {
        if (c != ',') {
          r = JsonParseError::UnexpectedByte;
          goto failed;
        }
        state_ = inObject() ? kKey : kValue;
        continue;
      }
      if (s == kColon) {
        if (c != ':') {
          r = JsonParseError::UnexpectedByte;
          goto failed;
        }
        state_ = kValue;
        continue;
      }
      if (c == '"') {
        uint8_t f = static_cast<uint8_t>(flags_ & ~(kInKey | kKeyDirect));
        if (s >= kObjectFirst) f |= kInKey;
        flags_ = f;
        numLen_ = 0;  // key bytes gathered
        state_ = kString;
        piece_ = p + 1;
        continue;
      }
      if (s >= kObjectFirst) {  // a key was due
        r = JsonParseError::UnexpectedByte;
        goto failed;
      }
      // kValue, kArrayFirst
      if (c == '{' || c == '[') {
        if (depth_ >= SL_JSON_MAX_DEPTH) {
          r = JsonParseError::TooDeep;
          goto failed;
        }
        bool object = c == '{';
        if (!emit(object ? JsonEvent::BeginObject : JsonEvent::BeginArray)) goto abortedTaken;
        // One level deeper: the bit stack shifts left, bit 0 = object.
#if SL_ARCH_AVR
        // (rol through the carry, which starts as `object`; as above)
        uint8_t* q = stack_;
        uint8_t n = sizeof stack_, t, o = object;
        __asm__ volatile(
            "lsr %[o]\n"
            "1:\tld %[t], %a[q]\n\t"
            "rol %[t]\n\t"
            "st %a[q]+, %[t]\n\t"
            "dec %[n]\n\t"
            "brne 1b"
            : [q] "+e"(q), [n] "+r"(n), [t] "=&r"(t), [o] "+r"(o)
            :
            : "memory");
#else
        uint8_t carry = object;
        uint8_t* q = stack_;
        do {
          uint8_t b = *q;
          *q++ = static_cast<uint8_t>(static_cast<uint8_t>(b + b) | carry);
          carry = (b & 0x80) ? 1 : 0;
        } while (q != stack_ + sizeof stack_);
#endif
        ++depth_;
        state_ = object ? kObjectFirst : kArrayFirst;
        continue;
      }
      if (c == 't' || c == 'f' || c == 'n') {
        startLiteral(c);
        state_ = kLiteral;
        continue;
      }
      if (c != '-' && !isDigit(c)) {
        r = JsonParseError::UnexpectedByte;
        goto failed;
      }
      // A number: c is its first byte (stepped again in kNumStart).
      numLen_ = 0;
      u_.num.adjust = 0;
      u_.num.exponent = 0;
      flags_ &= static_cast<uint8_t>(~(kNumTrunc | kNumReal | kNumExpNeg));
      state_ = kNumStart;
      goto again;
    } else if (s < kLiteral) {  // inside a string: a byte that is not plain, UTF-8, escapes
      uint16_t cp;
      // Right after a high surrogate's escape (nothing gathered since): a
      // backslash starts the escape that may be its low one, and a 'u' after
      // it that escape's hex digits; any other byte delivers U+FFFD on its own
      // first (not taken: in kString it continues the string after U+FFFD).
      if (high_ && ((s == kString && c != '\\') || (s == kEscape && c != 'u'))) {
        if (!emitPendingHigh()) goto aborted;
        piece_ = p;  // (the event moved it)
      }
      switch (s) {
        case kString: {
          size_t n = static_cast<size_t>(p - piece_);
          if (c == '"') {
            if (!piece(piece_, n, true)) goto aborted;
            continue;
          }
          if (c == '\\') {
            state_ = kEscape;
            if (n && !part(piece_, n)) goto aborted;
            continue;
          }
          if (c < 0x20) {
            r = JsonParseError::ControlCharacter;
            goto failed;
          }
          if (c < 0x80) {
            // A run: c and the plain bytes after it (0x20..0x7F but '"' and
            // '\\'), up to the first other byte or the chunk's end, taken
            // in a tight loop (high_ is 0 here: nothing to deliver first;
            // the piece goes on, cut where it was).
            const uint8_t* q = p + 1;
            for (uint8_t b; q != end && static_cast<uint8_t>((b = *q) - 0x20) < 0x60 && b != '"' && b != '\\'; ++q) {
            }
            if (--q != p) {
              offset_ += static_cast<size_t>(q - p);
              p = q;
            }
            continue;
          }
          // A UTF-8 lead byte, then its continuation bytes in kUtf8:
          // detail::utf8Step()'s state in aux_.
          aux_ = 0;
          state_ = kUtf8;
        }
        // fall through
        case kUtf8: {
          uint8_t u = detail::utf8Step(aux_, c);
          if (u == detail::kUtf8Bad) {
            r = JsonParseError::InvalidUtf8;
            goto failed;
          }
          aux_ = u;
          if (!u) state_ = kString;
          continue;
        }
        case kEscape: {
          // After a pending high surrogate too: a \u may be its low one; any
          // other byte first delivers U+FFFD on its own (not taken).
          if (c == 'u') {
            aux_ = 4;
            u_.str.cp = 0;
            state_ = kHex;
            continue;
          }
          const char* e = kEscapes;
          for (;; e += 2) {
            uint8_t k = SL_FLASH_READ(e);
            if (!k) {
              r = JsonParseError::InvalidEscape;
              goto failed;
            }
            if (k == c) break;
          }
          cp = SL_FLASH_READ(e + 1);
          break;
        }
        default: {  // kHex
          uint8_t v = static_cast<uint8_t>(c - '0');
          if (v >= 10) {
            v = static_cast<uint8_t>((c | 0x20) - 'a');
            if (v >= 6) {
              r = JsonParseError::InvalidUnicode;
              goto failed;
            }
            v = static_cast<uint8_t>(v + 10);
          }
          cp = static_cast<uint16_t>((u_.str.cp << 4) | v);
          u_.str.cp = cp;
          if (--aux_) continue;
          break;
        }
      }
      // A decoded escape (a high surrogate's stays pending in high_: its low
      // one may follow, see kString).
      state_ = kString;
      if (!emitDecoded(cp)) goto abortedTaken;
      piece_ = p + 1;  // the string goes on after c
      continue;
    } else {  // A literal's next letter, or a number's next byte.
      if (s == kLiteral) {
        if (c != literalAt(aux_)) {
          r = JsonParseError::InvalidLiteral;
          goto failed;
        }
        uint8_t k = literalAt(++aux_);
        if (k >= 'a') continue;
        ev = static_cast<JsonEvent>(k);  // its event follows it
        goto endEvent;
      }
      // kNumStart..kNumExp: the next state; the byte recorded (flags, exponent,
      // text) unless it ends the number (kNumEnd: the byte is the next state's)
      // or breaks it.
      uint8_t next = numberNext(s, numberClass(c));
      if (next == kNumEnd) {
        // Its end: c is the next state's.
        if (!endNumber()) goto aborted;
        goto again;
      }
      if (next == kNumBad) {
        r = JsonParseError::InvalidNumber;
        goto failed;
      }
      state_ = next;
      if (next >= kNumDot) flags_ |= kNumReal;
      if (next == kNumESign && c == '-') flags_ |= kNumExpNeg;
      if (next == kNumExp && u_.num.exponent < 3000) {  // saturates at 29999
        u_.num.exponent = static_cast<int16_t>(u_.num.exponent * 10 + (c - '0'));
      }
      uint8_t* t = u_.num.text;
      uint8_t len = numLen_;
      if (len < SL_JSON_NUMBER_MAX) {
        t[len] = c;
        numLen_ = static_cast<uint8_t>(len + 1);
        continue;
      }
      numberOverflow(c, next);  // the text is full
      continue;
    }
  endEvent:
    // The end of a container or a literal: its event, the byte taken.
    if (valueEnd(ev, 0, 0)) continue;
  abortedTaken:
    ++offset_;
  aborted:
    r = JsonParseError::Aborted;
    goto failed;
  }
  if ((state_ == kString || state_ == kUtf8) && piece_ != end && !part(piece_, static_cast<size_t>(end - piece_))) {
    r = JsonParseError::Aborted;
    goto failed;
  }
  return JsonParseError();

failed:
  error_ = r;
  state_ = kError;
  return error();
}
#endif  // SL_JSON_PARSER_ASM

// A top-level number ends at the end of input as before a space: that space
// is stepped (and not counted) when the number is complete (kNumZero,
// kNumInt, kNumFrac, kNumExp: those numberNext(s, 5) ends).
JsonParseError JsonParser::finish() {
  uint8_t e = error_;
  if (!e) {  // (after an error: as it is)
    uint8_t s = state_;
    if ((s == kNumZero || s == kNumInt || s == kNumFrac || s == kNumExp) && !depth_) {
#if SL_JSON_PARSER_ASM
      if (!sl_JsonParser_endNumber(this)) e = JsonParseError::Aborted;  // (else kDone)
#else
      if (!endNumber()) e = JsonParseError::Aborted;  // (else kDone)
#endif
    } else if (s != kDone) {
      e = JsonParseError::UnexpectedEnd;
    }
    if (e) {
      error_ = e;
      state_ = kError;
    }
  }
  return JsonParseError(static_cast<JsonParseError::Code>(e));
}
#endif  // SL_JSON_PARSER_SMALL

// One byte fed on its own that quickByte() did not take: the structural
// steps of a byte-wise stream that produce events, without the full loop
// (whose entry and exit cost more than the step); anything else, feedChunk.
#if !SL_JSON_PARSER_SMALL
#if SL_ARCH_AVR
// One byte through feedChunk(), out of line: its caller stepByte() then
// needs no frame for the byte's address (AVR; elsewhere stepByte() calls
// feedChunk() itself, cheaper there).
SL_NOINLINE JsonParseError JsonParser::feedByte(uint8_t c) { return feedChunk(&c, 1); }
#endif

JsonParseError JsonParser::stepByte(uint8_t c) {
  uint8_t s = state_;
  // Steps with no event: another digit of an integer that fits, another
  // letter of a literal (not its last).
  if ((s == kNumInt && isDigit(c) && numLen_ < SL_JSON_NUMBER_MAX) ||
      (s == kLiteral && c == literalAt(aux_) && literalAt(static_cast<uint8_t>(aux_ + 1)))) {
    if (s == kNumInt) u_.num.text[numLen_++] = c;
    else ++aux_;
    if (!++quick_) carry();
    return JsonParseError();
  }
  // A value's first byte that starts an integer (1-9) or a literal: no
  // event either (as feedChunk()'s valueByte).
  if (s == kValue || s == kArrayFirst) {
    if (static_cast<uint8_t>(c - '1') < 9) {
      startNumber(c);
      s = kNumInt;
    } else if (c == 't' || c == 'f' || c == 'n') {
      startLiteral(c);
      s = kLiteral;
    }
    if (s != state_) {
      state_ = s;
      if (!++quick_) carry();
      return JsonParseError();
    }
  }
  enum : uint8_t { kStringEnd, kNumberEnd, kClose, kOpen } step;
  if (s == kString && c == '"') {
    step = kStringEnd;
  } else if ((s == kNumInt || s == kNumZero) && c == ',' && depth_) {
    step = kNumberEnd;  // an integer ended by a ','
  } else if ((c == '}' && (s == kObjectFirst || (s == kAfter && (flags_ & kInObject)))) ||
             (c == ']' && (s == kArrayFirst || (s == kAfter && !(flags_ & kInObject))))) {
    step = kClose;
  } else if ((c == '{' || c == '[') && (s == kValue || s == kArrayFirst) && depth_ < SL_JSON_MAX_DEPTH) {
    step = kOpen;
  } else {
#if SL_ARCH_AVR
    return feedByte(c);  // (a tail call: no stack slot for c here)
#else
    return feedChunk(&c, 1);
#endif
  }
  // The byte counts in quick_ as the quick ones do (errorOffset() adds it;
  // nothing below reads offset_): no 32-bit add per event.
  if (!++quick_) carry();
  bool ok;
  if (step == kStringEnd) {
    if (flags_ & kInKey) {
      flags_ &= static_cast<uint8_t>(~kInKey);
      state_ = kColon;
      // (piece() of nothing more, when gathered: the key whole)
      ok = (flags_ & kKeyDirect) ? piece(u_.str.key, 0, true) : wholeKey(u_.str.key, numLen_);
    } else {
      state_ = depth_ ? kAfter : kDone;
      ok = emitPiece(JsonEvent::String, u_.str.key, numLen_);  // what quickByte() gathered
    }
  } else if (step == kNumberEnd) {
    state_ = (flags_ & kInObject) ? kKey : kValue;  // the ',' taken
    ok = emitPiece(JsonEvent::Number, u_.num.text, numLen_);  // endNumber(): no exponent in an integer
  } else if (step == kClose) {
    ok = endContainer(c == '}');
    state_ = depth_ ? kAfter : kDone;
  } else {
    ok = beginContainer(c == '{');
    state_ = c == '{' ? kObjectFirst : kArrayFirst;
  }
  // The offset Aborted reports is feedChunk()'s for the same byte: past a
  // bracket (taken before the handler's call), at a string's closing quote
  // or at the ',' after a number.
  if (!ok) {
    offset_ += quick_;
    quick_ = 0;
    fail(JsonParseError::Aborted, step <= kNumberEnd ? offset_ - 1 : offset_);
  }
  return error();
}

#endif  // !SL_JSON_PARSER_SMALL

#if !SL_JSON_PARSER_SMALL
JsonParseError JsonParser::finish() {
  offset_ += quick_;
  quick_ = 0;
  if (state_ == kError) return error();
  switch (state_) {
    case kNumZero:
    case kNumInt:
    case kNumFrac:
    case kNumExp:
      if (depth_ == 0) {
        state_ = kDone;
        if (!endNumber()) fail(JsonParseError::Aborted, offset_);
      }
      break;
    default:
      break;
  }
  if (state_ != kDone && state_ != kError) fail(JsonParseError::UnexpectedEnd, offset_);
  return error();
}
#endif  // !SL_JSON_PARSER_SMALL

// The pointer is copied into a local source so that it lives in a register
// for the whole loop (a source reached through a reference is read from and
// written to memory on every byte when the loop is not inlined into the
// caller that owns it).
JsonParseError JsonParser::parse(JsonFlashSource& source) {
  JsonFlashSource local = source;
  JsonParseError e = pull(local);
  source = local;
  return e;
}

}  // namespace sl
