// sl::JsonParser: an incremental, zero-heap, strict RFC 8259 JSON parser.
//
// Feed bytes in chunks of any size as they arrive (no input buffer is kept);
// events go to a JsonHandler (see JsonHandler.h) as soon as they are known.
// Chunking never changes the events except where strings are cut into pieces.
// RAM does not grow with the input: the state is a fixed-size object
// (sizeof(sl::JsonParser) is 65 bytes on AVR with the defaults, 104 on
// 64-bit hosts) with a bit-stack of SL_JSON_MAX_DEPTH container kinds.
//
//   MyHandler h;                      // : sl::JsonHandler
//   sl::JsonParser parser(h);
//   while (n = read(buf, sizeof buf)) if (parser.feed(buf, n)) break;
//   if (parser.finish()) report(parser.error().name(), parser.errorOffset());
//
// Or let the parser pull bytes from anything with `int read()` (the next
// byte, or < 0 when none is available now), e.g. an Arduino Stream:
//   while (!parser.done() && !parser.parse(client)) waitForData();
// or a document in flash (JsonFlashSource.h):
//   sl::JsonFlashSource src(kDoc); parser.parse(src); parser.finish();
//
// feed()/finish() return the (sticky) error, so `if (parser.feed(...))` means
// "stop, something is wrong". finish() is required: a top-level number such
// as `12` is only complete at end of input. One document per parser; call
// reset() to parse another. Whitespace after the document is allowed, anything
// else is TrailingData.
//
// Grammar decisions (RFC 8259 is strict; the JSONTestSuite "i_" cases):
// - Raw bytes in strings must be valid UTF-8 (RFC 8259 section 8.1):
//   overlong forms, UTF-8-encoded surrogates (ED A0..BF xx), code points
//   above U+10FFFF, stray continuation bytes and truncated sequences fail
//   with InvalidUtf8. Latin-1 / UTF-16 input is therefore rejected.
// - A byte order mark is not whitespace: a leading EF BB BF is UnexpectedByte.
// - Escaped surrogates: a \uD800-\uDBFF followed by \uDC00-\uDFFF decodes to
//   one 4-byte UTF-8 character. A lone or mis-ordered escaped surrogate is
//   grammatical JSON, so it is accepted and decoded as U+FFFD (the delivered
//   strings are always valid UTF-8).
// - \u0000 is accepted and delivered as a 0x00 byte (strings carry lengths).
// - Numbers of any length and exponent are accepted; range problems surface
//   only when converting (JsonNumber::Overflow), never as parse errors.
// - Nesting deeper than SL_JSON_MAX_DEPTH fails with TooDeep (so the suite's
//   500-deep arrays are rejected with the default of 32).
//
// Errors carry the byte offset (0-based, from the first byte fed) of the byte
// that was rejected; UnexpectedEnd reports the total length.
//
// Cost (avr-gcc 5.4 -Os, ATmega2560 in avr8js, the 728-byte form submission
// event read from flash, a JsonPathMatcher extracting two form values; about
// 13 cycles per byte of each figure is the matcher and the handler):
// - pull-style, parse(source) with one source.read() per byte: ~42 cycles
//   per byte when parse<> is inlined into its caller (npm run bench, its
//   end-pointer source: ~10 of them are its read()), ~58 when compiled out
//   of line (test/firmware/json/parser_bench_avr.cpp). No call per byte;
//   skipped string values and keys are read two bytes per loop turn (~18
//   and ~20.5 cycles per byte with that source, most of it the read() and
//   the test for a plain byte). (avr-gcc keeps in registers what the loop
//   touches: what it rarely changes, such as offset_, is changed out of
//   line, see SL_ADD256.)
// - parse(JsonFlashSource&) for a NUL-terminated document in flash: ~37
//   cycles per byte (~19.4 for validation alone): runs of plain string bytes
//   are taken in a tight loop (~8.5 cycles per skipped byte, ~12.5 per key
//   byte), still one byte at a time from flash, with no buffer. Keys inside
//   skipped values, and plain keys the key filter rejects (the source can
//   look ahead), are only scanned.
// - feed(): ~40 per byte for the input in one piece (validation ~27), ~73
//   in 16-byte chunks copied from flash, ~76-112 one byte per feed()
//   (npm run bench / parser_bench_avr.cpp; validation ~64).
//   Plain string bytes take ~11 cycles in a chunk (an unrolled assembler
//   loop on AVR); fed one by one, plain string bytes (keys and wanted
//   values are gathered, unwanted values only checked) and the ':' ',' '"'
//   steps are taken inline in feed(); integer digits, literal letters and
//   the steps that produce events cost a stepByte() call (~30-100), the
//   rest a feedChunk() call (~100-300).
// Each event costs a handler call, so skip what you do not need
// (skipValue(), setKeyFilter()). Prefer parse(source) for byte streams, or
// feed what the stream has available rather than single bytes.
// Flash (ATmega328P, -Os, --gc-sections, with a small handler and
// JsonNumber::toInt32; npm run bench): ~4.5 KB fed byte by byte, ~6.5 KB used
// only through parse(source) (its loop is inlined where it is called, on top
// of the feedChunk() machine that takes the rare bytes).
// SL_JSON_PARSER_SMALL=1 (config/Config.h; the default on AVRs with 32 KB
// of flash or less, such as the Uno) builds a compact implementation of the
// same API, events and errors instead: 2.23 KB fed byte by byte,
// 2.21 KB through parse(source) only, of which the parser itself is ~1.8 KB
// and the handler, toInt32 and the calls ~0.43 KB (bench/json-parse/quick.ts
// size small); 70 B of that is the UTF-8 check JsonWriter calls too
// (io/Utf8Step.h), so with the writer linked as well it costs ~2.17 KB.
// feed() takes every byte through one loop (a branch per group of states:
// structure, string, literal or number), except runs of plain string bytes
// (keys and values: 0x20..0x7F but '"' and '\\'), which it takes in a
// tight loop up to the next other byte or the chunk's end (the pieces are
// cut where they would be byte by byte: at the chunk's end, an escape or
// the closing quote); parse(source) reads a byte and feeds it. On AVR
// (avr-gcc optimizing) that loop and its string, escape and number helpers
// are hand-written assembly (SL_JSON_PARSER_ASM, JsonParser.cpp; 0 builds
// the C++ loop there too, as every other target does). It is slower: for
// the benchmark above ~244 cycles per byte fed one byte per feed() (each
// string byte is then its own StringPart piece), ~238 through
// parse(source) (the C++ loop: ~288 and ~282); fed in chunks its string
// runs cost ~12 cycles per byte (sl::Client's event reader on the same
// input in 16-byte pieces, npm run bench: ~100 cycles per byte on the Uno,
// ~47 of them in the parser's assembly loop; ~116 with the C++ loop).
#ifndef SL_JSON_JSONPARSER_H
#define SL_JSON_JSONPARSER_H

#include "../config/Config.h"
#include "JsonHandler.h"
#include "JsonNumber.h"
#include "JsonParseError.h"

// Options: SL_JSON_NUMBER_MAX, SL_JSON_KEY_BUFFER, SL_JSON_PARSER_SMALL
// (config/Config.h); SL_JSON_PARSER_ASM (JsonParser.cpp, see above).

namespace sl {

class JsonFlashSource;

namespace detail {
// Runs of plain string bytes (0x20..0x7F except '"' and '\\') taken in one go
// by a source that can do it faster than byte by byte (JsonFlashSource:
// see JsonFlashSource.h); any other source takes none and parse() reads the
// bytes one by one. Both stop before the first byte that is not plain.
// skipPlainRun: how many were passed over. copyPlainRun: at most `room`,
// copied to `to`; how many.
template <class Source>
inline size_t skipPlainRun(Source&) {
  return 0;
}
template <class Source>
inline uint8_t copyPlainRun(Source&, uint8_t*, uint8_t) {
  return 0;
}
inline size_t skipPlainRun(JsonFlashSource& source);
inline uint8_t copyPlainRun(JsonFlashSource& source, uint8_t* to, uint8_t room);
// Whether the source takes runs itself (above); for any other source,
// parse() reads the bytes of a skipped string value or of a key two per
// loop turn (one count or room test and one jump per two bytes; four bytes
// per turn measured slower with avr-gcc 5.4).
template <class Source>
inline bool takesRuns(Source&) {
  return false;
}
inline bool takesRuns(JsonFlashSource&) { return true; }
// A source that can look at its next byte without taking it and give bytes
// back (JsonFlashSource: its read pointer) lets parse() pass over a key the
// key filter rejects instead of gathering it. peekByte: the next byte, or
// < 0 (always, for any other source: the code using it is left out).
// unread: moves back over `n` bytes taken.
template <class Source>
inline int peekByte(Source&) {
  return -1;
}
template <class Source>
inline void unread(Source&, size_t) {}
inline int peekByte(JsonFlashSource& source);
inline void unread(JsonFlashSource& source, size_t n);
}  // namespace detail

namespace detail {
// JsonParser's state, all zero at the start of a document (kValue is 0):
// reset() value-initializes it as one block (a clearing loop on AVR instead
// of a store per field). The order is JsonParser's: the fields read most
// come first.
struct JsonParserFields {
  JsonHandler* handler_;
  const uint8_t* piece_;
  size_t pieceLen_;
  uint32_t offset_;  // bytes consumed before the current chunk; error offset on error
  uint8_t state_;
  uint8_t error_;
  uint8_t flags_;
  uint8_t depth_;
  uint8_t numLen_;  // number text length; gathered bytes while in a key or a wanted string value
  uint8_t aux_;  // UTF-8: bytes still needed (compact build: detail::utf8Step()'s state); hex digits left; literal index
  mutable uint8_t skip_;  // 1 + depth of a value being skipped, 0 if none
  uint8_t quick_;  // bytes taken by quickByte() not yet added to offset_ (0 in the compact build)
  mutable uint8_t filterLen_;
  mutable uint8_t filterDepth_;  // depth the key filter applies to, 0 = none
  mutable const uint8_t* filter_;
  // 1 bit per level: 1 = object (the compact build shifts the bits: bit 0 of
  // stack_[0] is the innermost level).
  uint8_t stack_[(SL_JSON_MAX_DEPTH + 7) / 8];
  // Pending high surrogate of a \uD800-\uDBFF escape, 0 if none: nonzero
  // only until the next character of the string, so always 0 when a string
  // starts (outside the union: number text never overwrites it).
  uint16_t high_;
  union {
    struct {
      uint8_t text[SL_JSON_NUMBER_MAX];
      int16_t adjust;    // decimal exponent adjustment when truncated
      int16_t exponent;  // value of the exponent part (saturated)
    } num;
    struct {
      uint8_t key[SL_JSON_KEY_BUFFER + 1];  // gathered key bytes (see above)
      uint8_t lo, hi;    // allowed range for the next UTF-8 continuation byte (default build)
      uint16_t cp;       // \u accumulator
      uint8_t out[8];    // decoded escape bytes
    } str;
  } u_;
};
}  // namespace detail

class JsonParser : private detail::JsonParserFields {
 public:
  // `handler` may be null to only validate.
  explicit JsonParser(JsonHandler* handler = 0) { reset(handler); }
  explicit JsonParser(JsonHandler& handler) { reset(&handler); }

  // Start over with a new document (and optionally another handler).
  void reset() { reset(handler_); }
  void reset(JsonHandler* handler);

  // Parses `len` more bytes. Returns the error so far (Ok to keep feeding).
  JsonParseError feed(const uint8_t* data, size_t len) {
    // One byte at a time (a byte-wise stream): plain bytes of a key or of a
    // skipped string cost no call.
#if !SL_JSON_PARSER_SMALL
    if (len == 1) return quickByte(*data) ? JsonParseError() : stepByte(*data);
#endif
    return feedChunk(data, len);
  }
  JsonParseError feed(const char* data, size_t len) {
    return feed(reinterpret_cast<const uint8_t*>(data), len);
  }
  // feed() without its inline one-byte path: the same events and errors for
  // any piece (one byte included), always one call, no code inlined where it
  // is called. For a caller whose pieces are seldom single bytes and which
  // keeps flash over the speed of byte-wise feeding (the provisioner: its
  // HTTP bodies come in pieces; the one-byte path is 0.7 KB on AVR).
  JsonParseError feedPiece(const uint8_t* data, size_t len) { return feedChunk(data, len); }
  // Pull-style: reads bytes from `source` until source.read() returns a
  // negative value, the way an Arduino Stream is read (`int read()`: the next
  // byte 0..255, or < 0 when nothing more is available now). Same events
  // and errors as feed() given the same bytes; may be called again when more
  // bytes are available, and mixed with feed(). The byte loop runs here,
  // inline with the source's read(): runs of plain string bytes that are
  // skipped, gathered as a key or gathered as a wanted value (delivered in
  // pieces of up to SL_JSON_KEY_BUFFER bytes) cost no call per byte.
  // Like feed(), it keeps reading after the document (trailing whitespace
  // is allowed, anything else is TrailingData). Events are those of feed()
  // given one byte at a time (string pieces may be cut elsewhere): a key
  // longer than SL_JSON_KEY_BUFFER arrives in pieces, so a key filter does
  // not hide it. (SL_JSON_PARSER_SMALL: exactly feed() of each byte read.)
  //   struct FlashSource { const uint8_t* p; const uint8_t* end;
  //     int read() { return p == end ? -1 : pgm_read_byte(p++); } };
  //   FlashSource src = {kDoc, kDoc + sizeof kDoc - 1};
  //   parser.parse(src); parser.finish();
  template <class Source>
  JsonParseError parse(Source& source) {
    return pull(source);
  }
  // A NUL-terminated document in flash (see JsonFlashSource.h): the same,
  // compiled once (out of line), with the read pointer in a register.
  JsonParseError parse(JsonFlashSource& source);
  // End of input: completes a top-level number, or fails with UnexpectedEnd.
  JsonParseError finish();

  // True once a complete top-level value has been parsed (and no error
  // came after it: an error leaves the parser not done()).
  bool done() const { return state_ == kDone; }
  JsonParseError error() const { return JsonParseError(static_cast<JsonParseError::Code>(error_)); }
  // Byte offset of the error (see above); bytes consumed so far otherwise
  // (when feed()/parse() has returned: during a handler call it may lag).
  uint32_t errorOffset() const { return offset_ + quick_; }

  // ---- for handlers, valid during onJson() ----
  // The event's bytes: string piece, or number text (length() 0 for other
  // events). Not NUL-terminated.
  const uint8_t* data() const { return piece_; }
  size_t length() const { return pieceLen_; }
  // Number of containers open around the event's value (the top-level value
  // is at depth 0; BeginX reports the depth outside the new container).
  uint8_t depth() const { return depth_; }
  // The current Number event's value.
  JsonNumber number() const {
    static_assert(+kNumTrunc == +JsonNumber::kTrunc && +kNumReal == +JsonNumber::kReal, "JsonNumber's bits");
    return JsonNumber(reinterpret_cast<const char*>(u_.num.text), numLen_,
                      static_cast<uint8_t>(flags_ & (kNumTrunc | kNumReal)), u_.num.adjust, u_.num.exponent);
  }
  // True when inside an object (the innermost open container is an object).
#if SL_JSON_PARSER_SMALL
  bool inObject() const { return stack_[0] & 1; }  // (the compact build's bit stack shifts)
#else
  bool inObject() const { return (flags_ & kInObject) != 0; }
#endif
  // Skip the next value: call from onJson() on a Key event (the member's
  // value) or on BeginObject/BeginArray (that container's contents and its
  // end). The skipped value is still parsed and validated, but produces no
  // events, which saves the handler calls for data nobody wants.
  void skipValue() const { skip_ = static_cast<uint8_t>(depth_ + 1); }
  // A promise from the handler: among the keys reported at `depth` (the
  // members of the object opened by a BeginObject reported at depth - 1),
  // only those whose first byte is one of bytes[0..n) matter. The parser
  // then skips the others, key and value, without any event (a key cut into
  // KeyPart pieces is still delivered). Inside a value that is already being
  // skipped the filter plays no part. One filter at a time; replaced by the
  // next call; depth 0 turns it off. `bytes` must stay valid while in use.
#if SL_JSON_PARSER_ASM
  // (Out of line, in JsonKeyFilter.cpp with the filter's own code, which
  // the compact parser's assembly reaches only when this is linked.)
  __attribute__((noinline, noclone)) void setKeyFilter(const uint8_t* bytes, uint8_t n, uint8_t depth) const;
#else
  void setKeyFilter(const uint8_t* bytes, uint8_t n, uint8_t depth) const {
    filter_ = bytes;
    filterLen_ = n;
    filterDepth_ = depth;
  }
#endif

 private:
  // "rue\0alse\0ull" (flash on AVR); the compact build: the rest of
  // "false", "null" and "true" at (first letter - 'f'), each followed by
  // its event (a byte below 'a').
  static const char kLiterals[];
  static uint8_t literalAt(uint8_t i) { return SL_FLASH_READ(kLiterals + i); }
#if !SL_JSON_PARSER_SMALL
  enum : uint8_t { kTrueAt = 0, kFalseAt = 4, kNullAt = 9 };
  // After the last byte of a literal (aux_ on its NUL): which one it was.
  JsonEvent literalEvent() const {
    return aux_ == kFalseAt - 1 ? JsonEvent::True : aux_ == kNullAt - 1 ? JsonEvent::False : JsonEvent::Null;
  }
#endif
  enum : uint8_t {
    kValue, kArrayFirst, kObjectFirst, kKey, kColon, kAfter, kDone,
    kString, kUtf8, kEscape, kHex, kSurrogateBackslash,
#if SL_JSON_PARSER_SMALL
    kLiteral, kNumStart,  // kNumStart: a number's first byte, stepped again (the compact build)
#else
    kSurrogateU, kLiteral,
#endif
    kNumMinus, kNumZero, kNumInt, kNumDot, kNumFrac, kNumE, kNumESign, kNumExp,
    kError
  };
  enum : uint8_t {
    kInObject = 1, kInKey = 2, kNumTrunc = 4, kNumReal = 8, kNumExpNeg = 16, kKeyDirect = 32, kQuiet = 64,
    kNoHandler = 128  // handler_ is null (set by reset(), kept by every change of flags_; default build)
  };

  // The body of parse(source), inlined where it is used.
  template <class Source>
  __attribute__((always_inline)) inline JsonParseError pull(Source& source);
  bool emit(JsonEvent e) { return emitPiece(e, 0, 0); }  // no data: length() 0
  bool emitPiece(JsonEvent e, const uint8_t* p, size_t n);
  bool emitLive(JsonEvent e, const uint8_t* p, size_t n);  // emitPiece() outside a skip (default build, AVR)
  // An event inside a skipped value: the value ends with a scalar event or
  // the closing EndObject/EndArray at the depth where the skip was asked
  // for. (Inline: emitPiece() is its one caller.)
  void skipEvent(JsonEvent e) {
    if (static_cast<uint8_t>(depth_ + 1) == skip_ && e != JsonEvent::StringPart && e != JsonEvent::BeginObject && e != JsonEvent::BeginArray) {
      skip_ = 0;
    }
  }
  JsonParseError feedChunk(const uint8_t* data, size_t len);
#if SL_JSON_PARSER_SMALL
  bool valueEnd(JsonEvent e, const uint8_t* d, size_t n);
#endif
  JsonParseError stepByte(uint8_t c);
  JsonParseError feedByte(uint8_t c);  // feedChunk() of one byte (AVR)
  // The common steps of a byte-wise stream, inline: plain bytes of a key or
  // of a skipped string, and the ':' ',' '"' that only change the state.
  // Returns false to take the full path (feedChunk). Counted in quick_.
  __attribute__((always_inline)) bool quickByte(uint8_t c) {
    uint8_t s = state_;
    if (s == kString) {
      if (!plainByte(c)) return false;
      uint8_t f = flags_;
      if (!(f & kQuiet)) {
#if SL_JSON_KEY_BUFFER
        // A key's byte (as part() would gather it), or a wanted string
        // value's, delivered with the next piece (stepByte(), or a
        // StringPart when feedChunk() takes over).
        uint8_t n = numLen_;
        if ((f & kKeyDirect) || n >= SL_JSON_KEY_BUFFER) return false;
        u_.str.key[n] = c;
        numLen_ = static_cast<uint8_t>(n + 1);
#else
        return false;  // it goes out as a piece
#endif
      }
    } else if (c == '"' && s <= kKey) {  // kValue, kArrayFirst, kObjectFirst, kKey
      if (s >= kObjectFirst) {
        flags_ = static_cast<uint8_t>((flags_ & ~(kKeyDirect | kQuiet)) | kInKey);
      } else {
        startValueString();
      }
      numLen_ = 0;  // bytes gathered (key, or wanted value)
      state_ = kString;
    } else if (c == ':' && s == kColon) {
      state_ = kValue;
    } else if (c == ',' && s == kAfter) {
      state_ = (flags_ & kInObject) ? kKey : kValue;
    } else {
      return false;
    }
    if (!++quick_) carry();
    return true;
  }
  // 256 bytes counted in quick_ (which wrapped to 0) go to offset_.
  void carry();
  // The flags of a string value: not in a key; quiet when nobody wants it
  // (skipped, or no handler), so that quickByte() passes over its bytes.
  __attribute__((always_inline)) void startValueString() {
    uint8_t f = static_cast<uint8_t>(flags_ & ~(kInKey | kKeyDirect | kQuiet));
    if (skip_ || (f & kNoHandler)) f |= kQuiet;
    flags_ = f;
  }
  // A number's first byte ('-' or a digit): its text and what it records
  // start over.
  __attribute__((always_inline)) void startNumber(uint8_t c) {
    numLen_ = 1;
    u_.num.text[0] = c;
    u_.num.adjust = 0;
    u_.num.exponent = 0;
    flags_ &= static_cast<uint8_t>(~(kNumTrunc | kNumReal | kNumExpNeg));
  }
  // A literal's first letter ('t', 'f' or 'n'): where its rest is in kLiterals.
  __attribute__((always_inline)) void startLiteral(uint8_t c) {
#if SL_JSON_PARSER_SMALL
    aux_ = static_cast<uint8_t>(c - 'f');
#else
    aux_ = c == 't' ? kTrueAt : c == 'f' ? kFalseAt : kNullAt;
#endif
  }
  // *p++ = c, on AVR with p in X (st X+: avr-gcc otherwise tends to
  // copy the pointer around on every byte of the loops in pull()).
  __attribute__((always_inline)) static void storeNext(uint8_t*& p, uint8_t c) {
#if SL_ARCH_AVR
    __asm__("st %a0+, %1" : "+x"(p) : "r"(c) : "memory");
#else
    *p++ = c;
#endif
  }
  // A byte that continues a string as it is: not '"', '\\', a control
  // character or non-ASCII. Tests ordered for the common case (0x23..0x7F).
  __attribute__((always_inline)) static bool plainByte(uint8_t c) {
#if SL_ARCH_AVR
    // (on the subtracted byte: avr-gcc then needs no copy of c for the
    // second compare)
    uint8_t t = static_cast<uint8_t>(c - 0x23);
    return t < 0x5D ? t != '\\' - 0x23 : static_cast<uint8_t>(c - 0x20) < 2;
#else
    return static_cast<uint8_t>(c - 0x23) < 0x5D ? c != '\\' : (c == 0x20 || c == 0x21);
#endif
  }
  bool piece(const uint8_t* d, size_t n, bool last);
  bool part(const uint8_t* d, size_t n) { return piece(d, n, false); }
  bool gather(const uint8_t* d, size_t n);
  bool wholeKey(const uint8_t* d, size_t n);
#if SL_JSON_PARSER_SMALL
  // The bytes of a decoded escape into u_.str.out (JsonParser.cpp): how
  // many, 0 for none. Delivered by the caller, so that an escape's piece
  // goes out no deeper on the stack than a plain one.
  uint8_t decode(uint16_t cp, bool withCp);
  bool emitDecoded(uint16_t cp, bool withCp = true) {
    uint8_t n = decode(cp, withCp);
    return !n || part(u_.str.out, n);
  }
#else
  bool emitDecoded(uint16_t cp, bool withCp = true);
#endif
  bool emitPendingHigh() { return emitDecoded(0, false); }
  static uint8_t numberNext(uint8_t state, uint8_t cls);
  inline uint8_t numberByte(uint8_t state, uint8_t c);  // JsonParser.cpp
  bool beginContainer(bool object);  // openContainer(), out of line
  bool endContainer(bool object);    // closeContainer(), out of line
  static const uint8_t kBit[8];  // 1 << i (flash on AVR: a variable shift is a loop there)
  static uint8_t bitAt(uint8_t i) { return SL_FLASH_READ(kBit + (i & 7)); }
  // The byte of the bit stack for level i: i / 8 in 8 bits (avr-gcc shifts
  // `i >> 3` as a 16-bit signed value otherwise, a loop of 3 turns).
  static uint8_t levelByte(uint8_t i) {
#if SL_ARCH_AVR
    __asm__("lsr %0\n\tlsr %0\n\tlsr %0" : "+r"(i));
    return i;
#else
    return static_cast<uint8_t>(i >> 3);
#endif
  }
  // BeginObject/BeginArray (emit() inline: it never ends a skip), then one
  // level deeper on the bit stack.
  __attribute__((always_inline)) bool openContainer(bool object) {
    if (!skip_ && handler_) {
      piece_ = 0;
      pieceLen_ = 0;
      if (!handler_->onJson(object ? JsonEvent::BeginObject : JsonEvent::BeginArray, *this)) return false;
    }
    pushLevel(object);
    return true;
  }
  // One level deeper on the bit stack (1 = object), kInObject updated.
  __attribute__((always_inline)) void pushLevel(bool object) {
    uint8_t mask = bitAt(depth_);
    uint8_t* at = stack_ + levelByte(depth_);
    if (object) {
      *at |= mask;
      flags_ |= kInObject;
    } else {
      *at &= static_cast<uint8_t>(~mask);
      flags_ &= static_cast<uint8_t>(~kInObject);
    }
    ++depth_;
  }
  // One level up, then EndObject/EndArray (emit() inline: the end of a
  // skipped container ends the skip, see skipEvent()).
  __attribute__((always_inline)) bool closeContainer(bool object) {
    uint8_t d = --depth_;
    uint8_t f = static_cast<uint8_t>(flags_ & ~kInObject);
    if (d) {
      --d;
      if (stack_[levelByte(d)] & bitAt(d)) f |= kInObject;
    }
    flags_ = f;
    if (skip_) {
      if (static_cast<uint8_t>(depth_ + 1) == skip_) skip_ = 0;
      return true;
    }
    piece_ = 0;
    pieceLen_ = 0;
    return !handler_ || handler_->onJson(object ? JsonEvent::EndObject : JsonEvent::EndArray, *this);
  }
  void numberOverflow(uint8_t c, uint8_t next);
  bool endNumber();
  // emitPiece() of a scalar's event (Number, True, False, Null, String)
  // inline, for the pull loop: in a skipped value it ends the skip when the
  // scalar is the skipped value itself (as skipEvent()).
  __attribute__((always_inline)) bool emitScalar(JsonEvent e, const uint8_t* d, size_t len) {
    if (skip_) {
      if (static_cast<uint8_t>(depth_ + 1) == skip_) skip_ = 0;
      return true;
    }
    piece_ = d;
    pieceLen_ = len;
    return !handler_ || handler_->onJson(e, *this);
  }
  bool fail(JsonParseError::Code code, uint32_t at) {
    error_ = code;
    state_ = kError;
    offset_ = at;
    return false;
  }

};


// The pull loop: the common states (structure, keys, plain string bytes)
// as a goto-threaded machine with the byte in a register; anything rarer
// (escapes, UTF-8, numbers, literals, errors, the end of the document) is
// handed byte by byte to feedChunk(), then the loop resumes from state_.
// `n` counts bytes read and not yet added to offset_, in 8 bits: each time
// it wraps, 256 is added to offset_ (so a skipped string or a run of
// whitespace may be of any length). Key bytes are not counted one by one:
// the gathered length is added when the key loop ends.
#if SL_JSON_PARSER_SMALL
// SL_JSON_PARSER_SMALL: one byte read, one step of the compact loop (the
// events of feed() given one byte at a time).
template <class Source>
inline JsonParseError JsonParser::pull(Source& source) {
  for (int r; (r = source.read()) >= 0;) {
    uint8_t b = static_cast<uint8_t>(r);
    if (feedChunk(&b, 1)) break;
  }
  return error();
}
#else
template <class Source>
inline JsonParseError JsonParser::pull(Source& source) {
  offset_ += quick_;
  quick_ = 0;
  uint8_t n = 0;
  uint8_t c;
  int r;
#if SL_JSON_KEY_BUFFER
  uint8_t len;  // bytes gathered in u_.str.key
  uint8_t* kp;  // where the next key byte goes
  uint8_t room;  // bytes left in u_.str.key
  bool passed = false;  // the key being gathered passed the key filter already
#endif
// 256 more bytes: for a source that takes runs (its loop is out of line,
// JsonFlashSource) added in place; for any other source through carry(), so
// that offset_ need not live in registers in the inlined loop (avr-gcc then
// keeps it there and stores and reloads it around every handler call).
#define SL_ADD256()                             \
  do {                                          \
    if (detail::takesRuns(source)) offset_ += 256u; \
    else carry();                               \
  } while (0)
#define SL_PULL(onEnd)                 \
  do {                                 \
    r = source.read();                 \
    if (r < 0) {                       \
      onEnd;                           \
      goto out;                        \
    }                                  \
    c = static_cast<uint8_t>(r);       \
    if (!++n) SL_ADD256();         \
  } while (0)
#define SL_FOLD()     \
  do {                \
    offset_ += n;     \
    n = 0;            \
  } while (0)
#define SL_COUNT(k)                             \
  do {                                          \
    uint8_t t_ = static_cast<uint8_t>(n + (k)); \
    if (t_ < n) SL_ADD256();                \
    n = t_;                                     \
  } while (0)
// Passes over a run of plain string bytes and counts them: a long run
// straight into offset_, a short one in n.
#define SL_SKIP_RUN()                        \
  do {                                       \
    size_t k_ = detail::skipPlainRun(source); \
    if (k_ >> 8) offset_ += k_;              \
    else SL_COUNT(static_cast<uint8_t>(k_)); \
  } while (0)
#define SL_EVENT(call)                                       \
  do {                                                       \
    if (!(call)) {                                           \
      fail(JsonParseError::Aborted, offset_ + n - 1u);       \
      return error();                                        \
    }                                                        \
  } while (0)
// A bracket's or a literal's event: its last byte counts as taken before the
// handler's call, so Aborted reports the offset past it (as feedChunk() does).
#define SL_EVENT_TAKEN(call)                           \
  do {                                                 \
    if (!(call)) {                                     \
      fail(JsonParseError::Aborted, offset_ + n);      \
      return error();                                  \
    }                                                  \
  } while (0)
#define SL_WS(c) ((c) == ' ' || (c) == '\n' || (c) == '\r' || (c) == '\t')
// One byte of an unrolled run of plain bytes (a source that does not take
// runs itself): `k` bytes of this loop turn were read before it (not yet
// counted); the first byte that is not plain (counted) goes to `stop`.
#define SL_RUN_BYTE(k, stop)                  \
  do {                                        \
    r = source.read();                        \
    if (r < 0) {                              \
      SL_COUNT(k);                            \
      goto out;                               \
    }                                         \
    c = static_cast<uint8_t>(r);              \
    if (!plainByte(c)) {                      \
      SL_COUNT((k) + 1);                      \
      goto stop;                              \
    }                                         \
  } while (0)

dispatch:
  switch (state_) {
    case kValue: goto value;
    case kArrayFirst: goto arrayFirst;
    case kObjectFirst: goto objectFirst;
    case kKey: goto key;
    case kColon: goto colon;
    case kAfter: goto after;
    case kString: goto string;
    case kNumInt: goto numInt;
    case kLiteral: goto literal;
    default: goto slowNext;
  }

numInt:
  // More integer digits that fit (the common case of a number): appended
  // here; anything else (the end, '.', 'e', overflow) the full way.
  SL_PULL((void)0);
  if (static_cast<uint8_t>(c - '0') < 10 && numLen_ < SL_JSON_NUMBER_MAX) {
    u_.num.text[numLen_++] = c;
    goto numInt;
  }
numEnd:
  if (depth_ && (c == ',' || c == '}' || c == ']')) {
    state_ = kAfter;  // c (counted) is the next state's
    if (!emitScalar(JsonEvent::Number, u_.num.text, numLen_)) {  // endNumber() for an integer
      fail(JsonParseError::Aborted, offset_ + n - 1u);
      return error();
    }
    goto afterByte;
  }
  goto slow;

arrayFirst:
  SL_PULL(state_ = kArrayFirst);
  if (c == ']') goto close;
  if (SL_WS(c)) goto arrayFirst;
  state_ = kArrayFirst;
  goto valueByte;

value:
  SL_PULL(state_ = kValue);
  state_ = kValue;
valueByte:
  if (c == '"') {
    startValueString();
#if SL_JSON_KEY_BUFFER
    len = 0;
#endif
    goto valueString;
  }
  if ((c == '{' || c == '[') && depth_ < SL_JSON_MAX_DEPTH) {
    SL_EVENT_TAKEN(openContainer(c == '{'));
    if (c == '{') goto objectFirst;
    goto arrayFirst;
  }
  if (static_cast<uint8_t>(c - '0') < 10) {
    startNumber(c);
    if (c != '0') {
      state_ = kNumInt;
      goto numInt;
    }
    // A 0: its end here too (a '.' or an 'e' after it the full way).
    state_ = kNumZero;
    SL_PULL((void)0);
    goto numEnd;
  }
  if (c == 't' || c == 'f' || c == 'n') {
    startLiteral(c);
    state_ = kLiteral;
    goto literal;
  }
  if (SL_WS(c)) goto value;
  goto slow;  // '-', errors (state_ is kValue or kArrayFirst)

literal:
  SL_PULL((void)0);
  if (c != literalAt(aux_)) goto slow;  // fails there
  if (literalAt(++aux_)) goto literal;
  SL_EVENT_TAKEN(emitScalar(literalEvent(), 0, 0));
  goto afterValue;

objectFirst:
  SL_PULL(state_ = kObjectFirst);
  if (c == '}') goto close;
  if (c == '"') goto keyString;
  if (SL_WS(c)) goto objectFirst;
  state_ = kObjectFirst;
  goto slow;

key:
  SL_PULL(state_ = kKey);
  if (c == '"') goto keyString;
  if (SL_WS(c)) goto key;
  state_ = kKey;
  goto slow;

colon:
  SL_PULL(state_ = kColon);
  if (c == ':') goto value;
  if (SL_WS(c)) goto colon;
  state_ = kColon;
  goto slow;

close:
  // '}' or ']' that closes the innermost container (one place: inline).
  SL_EVENT_TAKEN(closeContainer(c == '}'));
afterValue:
  if (!depth_) {
    state_ = kDone;
    goto slowNext;
  }
after:
  SL_PULL(state_ = kAfter);
afterByte:
  if (c == ',') {
    if (flags_ & kInObject) goto key;
    goto value;
  }
  if ((c == '}' && (flags_ & kInObject)) || (c == ']' && !(flags_ & kInObject))) goto close;
  if (SL_WS(c)) goto after;
  state_ = kAfter;
  goto slow;

keyString:
  // (kInKey stays set after the key: it only matters inside a string, and
  // every string start sets or clears it. state_ is written where the loop
  // may stop.)
  {
    uint8_t f = static_cast<uint8_t>((flags_ & ~(kKeyDirect | kQuiet)) | kInKey);
    flags_ = f;
    state_ = kString;
    if (skip_ || (f & kNoHandler)) {
      numLen_ = 0;  // nothing gathered (see `string`)
      goto keySkipLoop;  // a key nobody sees: only scanned
    }
  }
#if SL_JSON_KEY_BUFFER
  passed = false;
  if (filterDepth_ == depth_) {
    // A source that can look ahead: a plain key that fits the key buffer
    // (as feed() would gather it) and that the key filter rejects is only
    // passed over; its value is skipped. Otherwise the bytes go back.
    int b = detail::peekByte(source);
    if (b > 0) {
      const uint8_t* f = filter_;
      uint8_t left = filterLen_;
      if (left) {
        do {
          if (*f++ == b) {
            passed = true;  // not checked again at its end
            goto keyGather;
          }
        } while (--left);
      }
      size_t k = detail::skipPlainRun(source);
      if (k && k <= SL_JSON_KEY_BUFFER && detail::peekByte(source) == '"') {
        (void)source.read();  // the '"'
        SL_COUNT(static_cast<uint8_t>(k + 1));
        skip_ = static_cast<uint8_t>(depth_ + 1);  // the member's value: no events either
        goto colon;
      }
      detail::unread(source, k);
    }
  }
keyGather:
  kp = u_.str.key;
  room = SL_JSON_KEY_BUFFER;
keyLoop:
  // Not counted in n byte by byte: the gathered bytes are the count, added
  // when the loop ends (see `string` for a key resumed from an earlier call).
  {
    uint8_t k = detail::copyPlainRun(source, kp, room);
    kp += k;
    room = static_cast<uint8_t>(room - k);
  }
  if (!detail::takesRuns(source)) {
    // Any other source: two bytes per loop turn while two fit (the exits
    // leave room as it is: it is not used after them).
    uint8_t pairs = static_cast<uint8_t>(room >> 1);
    if (pairs) {
      room &= 1;
      do {
        r = source.read();
        if (r < 0) goto keyOut;
        c = static_cast<uint8_t>(r);
        if (!plainByte(c)) goto keyEnd;
        storeNext(kp, c);
        r = source.read();
        if (r < 0) goto keyOut;
        c = static_cast<uint8_t>(r);
        if (!plainByte(c)) goto keyEnd;
        storeNext(kp, c);
      } while (--pairs);
    }
  }
  r = source.read();
  if (r < 0) {
  keyOut:
    numLen_ = static_cast<uint8_t>(kp - u_.str.key);
    SL_COUNT(numLen_);
    goto out;
  }
  c = static_cast<uint8_t>(r);
  if (plainByte(c)) {
    if (room) {
      --room;
      *kp++ = c;
      goto keyLoop;
    }
    numLen_ = SL_JSON_KEY_BUFFER;
    SL_COUNT(SL_JSON_KEY_BUFFER + 1);
    goto slow;  // the key no longer fits: it goes out in pieces
  }
keyEnd:
  len = static_cast<uint8_t>(kp - u_.str.key);
  numLen_ = len;
  SL_COUNT(len + 1);
  if (c != '"') goto slow;
  if (filterDepth_ == depth_ && len && !skip_ && !passed) {
    // The handler's key filter (as in wholeKey()), without a call.
    const uint8_t* f = filter_;
    const uint8_t k0 = u_.str.key[0];  // a local: f could point at it as far as the compiler knows
    uint8_t k = filterLen_;
    if (k) {
      do {
        if (*f++ == k0) goto keyWanted;
      } while (--k);
    }
    skip_ = static_cast<uint8_t>(depth_ + 1);  // the member's value: no events either
    goto colon;
  }
keyWanted:
  // emitPiece() inline: a key inside a skipped value (resumed in the key
  // loop) only goes by; it never ends the skip (skipEvent()).
  if (skip_) goto colon;
  piece_ = u_.str.key;
  pieceLen_ = len;
  SL_EVENT(!handler_ || handler_->onJson(JsonEvent::Key, *this));
  goto colon;
#else
  goto slowNext;
#endif

valueString:
  state_ = kString;
  if (flags_ & kQuiet) goto skipLoop;
#if SL_JSON_KEY_BUFFER
  numLen_ = 0;  // the gathered bytes are counted by len (see `string`)
valueLoop:
  // A wanted string value: gathered in the (idle) key buffer and delivered
  // in pieces of up to SL_JSON_KEY_BUFFER bytes.
  {
    uint8_t k = detail::copyPlainRun(source, u_.str.key + len, static_cast<uint8_t>(SL_JSON_KEY_BUFFER - len));
    len = static_cast<uint8_t>(len + k);
    SL_COUNT(k);
    if (k && len == SL_JSON_KEY_BUFFER) {  // full: out it goes (as below)
      SL_EVENT(emitPiece(JsonEvent::StringPart, u_.str.key, len));
      len = 0;
      goto valueLoop;
    }
  }
  SL_PULL(if (len) {
    SL_FOLD();
    if (!emitPiece(JsonEvent::StringPart, u_.str.key, len)) fail(JsonParseError::Aborted, offset_);
  });
  if (plainByte(c)) {
    u_.str.key[len++] = c;
    if (len == SL_JSON_KEY_BUFFER) {
      SL_EVENT(emitPiece(JsonEvent::StringPart, u_.str.key, len));
      len = 0;
    }
    goto valueLoop;
  }
  if (c == '"') {
    SL_EVENT(emitScalar(JsonEvent::String, u_.str.key, len));
    goto afterValue;
  }
  if (len) {
    offset_ += static_cast<uint32_t>(n) - 1u;  // c is not consumed yet: slow takes it
    n = 1;
    if (!emitPiece(JsonEvent::StringPart, u_.str.key, len)) {
      fail(JsonParseError::Aborted, offset_);
      return error();
    }
  }
  goto slow;
#else
  goto slowNext;
#endif

keySkipLoop:
  // A key inside a skipped value (or with no handler): its Key event would
  // reach nobody, so it is only scanned. Should it end in a chunk boundary,
  // an escape or a non-ASCII byte, the rest of it is taken as an ordinary
  // key (nothing gathered): the piece it produces is skipped as well.
  SL_SKIP_RUN();
  SL_PULL((void)0);
  if (plainByte(c)) goto keySkipLoop;
  if (c != '"') goto slow;
  goto colon;

skipLoop:
  // A string nobody wants: only scanned.
  if (!detail::takesRuns(source)) {
    // Two bytes per loop turn; `left` counts the turns down to the next
    // 256 bytes for offset_ (the bytes of this run: 256 - 2 * left).
    uint8_t left = 128;
#define SL_SKIPPED static_cast<uint8_t>(-(left << 1))
    for (;;) {
      r = source.read();
      if (r < 0) break;
      c = static_cast<uint8_t>(r);
      if (!plainByte(c)) {
        SL_COUNT(SL_SKIPPED);
        SL_COUNT(1);
        goto skipEnd;
      }
      r = source.read();
      if (r < 0) {
        SL_COUNT(SL_SKIPPED);
        SL_COUNT(1);
        goto out;
      }
      c = static_cast<uint8_t>(r);
      if (!plainByte(c)) {
        SL_COUNT(SL_SKIPPED);
        SL_COUNT(2);
        goto skipEnd;
      }
      if (!--left) {
        SL_ADD256();
        left = 128;
      }
    }
    SL_COUNT(SL_SKIPPED);
#undef SL_SKIPPED
    goto out;
  }
  SL_SKIP_RUN();
  SL_PULL((void)0);
  if (plainByte(c)) goto skipLoop;
skipEnd:
  if (c != '"') goto slow;
  if (skip_ == static_cast<uint8_t>(depth_ + 1)) skip_ = 0;  // the skipped value ends (skipEvent())
  goto afterValue;

string:
  // Resuming inside a string (state_ is kString).
  if (flags_ & kInKey) {
#if SL_JSON_KEY_BUFFER
    if (!(flags_ & kKeyDirect)) {
      kp = u_.str.key + numLen_;
      room = static_cast<uint8_t>(SL_JSON_KEY_BUFFER - numLen_);
      if (n < numLen_) offset_ -= 256u;  // counted when they were read
      n = static_cast<uint8_t>(n - numLen_);
      goto keyLoop;
    }
#endif
    goto slowNext;
  }
#if SL_JSON_KEY_BUFFER
  len = numLen_;  // bytes quickByte() gathered
#endif
  goto valueString;

slowNext:
  SL_PULL((void)0);
slow:
  // c (already counted in n) through the full machine, state_ as it is.
  offset_ += static_cast<uint32_t>(n) - 1u;
  n = 0;
  {
    uint8_t b = c;  // a copy: c itself stays in a register (its address is not taken)
    if (feedChunk(&b, 1)) return error();
  }
  goto dispatch;

out:
  offset_ += n;
  return error();
#undef SL_PULL
#undef SL_ADD256
#undef SL_FOLD
#undef SL_COUNT
#undef SL_SKIP_RUN
#undef SL_EVENT
#undef SL_EVENT_TAKEN
#undef SL_WS
#undef SL_RUN_BYTE
}
#endif  // SL_JSON_PARSER_SMALL

}  // namespace sl

#endif  // SL_JSON_JSONPARSER_H
