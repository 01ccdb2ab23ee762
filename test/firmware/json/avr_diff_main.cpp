// AVR/host differential program for sl::JsonParser (compact build) and
// sl::JsonWriter: test/firmware/json-avr-diff.test.ts builds it for the Uno
// (simulated) and for the host (g++ with the Uno's JSON options) and compares
// what the two print, byte for byte. Host tests and libFuzzer never run the
// AVR-only code (assembler loops), this does.
//
// Input (console), request-driven so the simulated UART never overruns (the
// program asks before each frame, the test answers):
//   program prints 0x01 = "next header please"
//   header 1..kFrameMax: a frame of that many document bytes follows
//   header 0x00: end of the current document
//   header 0xFD: verbose for the document it starts (every event and every
//                writer byte is printed); the program then asks again
//   header 0xFF: end of input: prints "end <docs>\n" and exits 0
// Once every parser of a document has failed, the program prints 0x02
// ("skip the rest") instead and discards frames until the 0x00 header (the
// simulated side's driver answers 0x02 with 0x00 at once; the host reads
// the remaining frames, so both sides see the same thing).
// Control bytes 0x01/0x02 are never part of a transcript line (lines are
// printable ASCII + '\n').
//
// Every document goes through kModes parsers at the same time, each fed the
// frame's bytes in its own chunking (the frames come in varying sizes, so
// piece boundaries move around the document):
//   0 whole frame per feed()      1 one byte per feed()
//   2 3-byte pieces               3 7-byte pieces
//   4 a pattern of piece sizes    5 parse(source) over the frame (pull)
//   6 5-byte pieces with a handler that calls skipValue()/setKeyFilter()
//   7 validation only (null handler), 2-byte pieces
// and a ninth digest: the frames' raw bytes written straight through
// sl::JsonWriter (DirectWriter below), no parser in between.
// A piece the frame's end cuts short is fed as far as the frame goes and
// its rest from the next frame. Each handler folds every event (kind,
// depth(), inObject(), the data bytes, the number conversions) into a
// 32-bit hash and re-serializes the events through sl::JsonWriter onto a
// hashing sink (keys gathered in a small buffer, cut at kKeyMax bytes;
// integers through integer(long long), other numbers as raw text, except
// mode 0, which writes a float made from the text's hash with number(float)).
// First line: "cfg" and the JSON options of the build (hex values).
// Per document one line:
//   <doc> <error>@<offset> <digest of mode 0> ... <digest of mode 7> <writer alone>
// (hex; error/offset of mode 0; a digest covers its mode's error, offset,
// event count, event hash, writer bytes hash, length and finish() error).
// RAM: no document buffer, one frame (kFrameMax bytes) at a time.
#include "json/JsonParser.h"
#include "json/JsonWriter.h"

#if defined(__AVR__)
#include "sl_board.h"
#else
#include <stdio.h>
#include <stdlib.h>
#endif

namespace {

#if defined(__AVR__)
void putByte(uint8_t c) { sl_board_putc(static_cast<char>(c)); }
uint8_t getByte() {
  int c;
  while ((c = sl_board_getc()) < 0) {
  }
  return static_cast<uint8_t>(c);
}
#else
void putByte(uint8_t c) { putchar(c); }
uint8_t getByte() {
  int c = getchar();
  if (c == EOF) exit(3);  // the test always ends with 0xFF
  return static_cast<uint8_t>(c);
}
#endif

// 8 * 3 * 7: the 3- and 7-byte pieces fit a full frame exactly.
const uint8_t kFrameMax = 168;
const uint8_t kKeyMax = 32;
const uint8_t kModes = 8;
const uint8_t kReq = 0x01, kSkipReq = 0x02;
const uint8_t kEndDoc = 0x00, kVerbose = 0xFD, kEndAll = 0xFF;

bool verbose = false;

void print(const char* s) {
  while (*s) putByte(static_cast<uint8_t>(*s++));
}
void hex(uint32_t v, uint8_t digits) {
  for (int8_t i = static_cast<int8_t>(digits - 1); i >= 0; --i) {
    uint8_t d = (v >> (4 * i)) & 15;
    putByte(static_cast<uint8_t>(d < 10 ? '0' + d : 'a' + d - 10));
  }
}
// Shortest hex of v.
void hexv(uint32_t v) {
  uint8_t n = 1;
  while (n < 8 && (v >> (4 * n))) ++n;
  hex(v, n);
}

inline uint32_t mix(uint32_t h, uint8_t b) { return (h ^ b) * 16777619u; }
uint32_t mix32(uint32_t h, uint32_t v) {
  for (uint8_t i = 0; i < 4; ++i) h = mix(h, static_cast<uint8_t>(v >> (8 * i)));
  return h;
}
const uint32_t kSeed = 2166136261u;

class HashSink : public sl::Sink {
 public:
  void start() {
    hash_ = kSeed;
    count_ = 0;
  }
  size_t write(const uint8_t* data, size_t len) override {
    if (verbose) print(" w");
    for (size_t i = 0; i < len; ++i) {
      hash_ = mix(hash_, data[i]);
      if (verbose) hex(data[i], 2);
    }
    count_ += static_cast<uint32_t>(len);
    return len;
  }
  using sl::Sink::write;
  uint32_t hash_;
  uint32_t count_;
};

const uint8_t kFilter[] = {'a', 'e', 'i', 'o', 'u', 'n', 'x', '0', '1', 0xC3, 0xE2, '\\', '"'};

class Digest : public sl::JsonHandler {
 public:
  Digest() : w_(sink_) {}
  void start(uint8_t mode) {
    mode_ = mode;
    sink_.start();
    w_.reset(sink_);
    hash_ = kSeed;
    events_ = 0;
    keyLen_ = 0;
    inString_ = false;
  }

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    ++events_;
    const uint8_t* d = p.data();
    size_t n = p.length();
    hash_ = mix(hash_, static_cast<uint8_t>(e));
    hash_ = mix(hash_, p.depth());
    hash_ = mix(hash_, p.inObject() ? 1 : 0);
    hash_ = mix32(hash_, static_cast<uint32_t>(n));
    for (size_t i = 0; i < n; ++i) hash_ = mix(hash_, d[i]);
    if (verbose) {
      print("\nm");
      hex(mode_, 1);
      print(" e");
      hexv(static_cast<uint8_t>(e));
      print(" d");
      hexv(p.depth());
      print(p.inObject() ? " o " : " a ");
      for (size_t i = 0; i < n; ++i) hex(d[i], 2);
    }
    bool skipping = mode_ == 6;
    switch (e) {
      case JsonEvent::BeginObject:
      case JsonEvent::BeginArray: {
        bool obj = e == JsonEvent::BeginObject;
        if (obj) w_.beginObject();
        else w_.beginArray();
        if (skipping && p.depth() >= 1 && (hash_ & 7) == 0) {
          p.skipValue();  // its contents and its end: no more events for it
          if (obj) w_.endObject();
          else w_.endArray();
        } else if (skipping && obj && (hash_ & 3) == 1) {
          p.setKeyFilter(kFilter, static_cast<uint8_t>(sizeof kFilter), static_cast<uint8_t>(p.depth() + 1));
        }
        break;
      }
      case JsonEvent::EndObject: w_.endObject(); break;
      case JsonEvent::EndArray: w_.endArray(); break;
      case JsonEvent::KeyPart:
      case JsonEvent::Key:
        for (size_t i = 0; i < n && keyLen_ < kKeyMax; ++i) key_[keyLen_++] = static_cast<char>(d[i]);
        if (e == JsonEvent::Key) {
          if (skipping && (hash_ & 7) < 2) p.skipValue();  // neither the key nor its value is written
          else w_.key(key_, keyLen_);
          keyLen_ = 0;
        }
        break;
      case JsonEvent::StringPart:
      case JsonEvent::String:
        if (!inString_) {
          w_.stringBegin();
          inString_ = true;
        }
        w_.stringPart(reinterpret_cast<const char*>(d), n);
        if (e == JsonEvent::String) {
          w_.stringEnd();
          inString_ = false;
        }
        break;
      case JsonEvent::Number: number(p.number()); break;
      case JsonEvent::True: w_.boolean(true); break;
      case JsonEvent::False: w_.boolean(false); break;
      case JsonEvent::Null: w_.null(); break;
    }
    return w_.ok();
  }

  void number(const sl::JsonNumber& num) {
    hash_ = mix(hash_, num.truncated() ? 1 : 0);
    hash_ = mix(hash_, num.isInteger() ? 1 : 0);
    hash_ = mix32(hash_, static_cast<uint16_t>(num.expAdjust()));
    hash_ = mix32(hash_, static_cast<uint16_t>(num.exponent()));
    int32_t i32 = 0;
    sl::JsonNumber::Status s32 = num.toInt32(i32);
    hash_ = mix(hash_, s32);
    hash_ = mix32(hash_, static_cast<uint32_t>(i32));
    int64_t i64 = 0;
    sl::JsonNumber::Status s64 = num.toInt64(i64);
    hash_ = mix(hash_, s64);
    hash_ = mix32(hash_, static_cast<uint32_t>(static_cast<uint64_t>(i64)));
    hash_ = mix32(hash_, static_cast<uint32_t>(static_cast<uint64_t>(i64) >> 32));
    if (verbose) {
      print(" n");
      hex(s32, 1);
      hex(static_cast<uint32_t>(i32), 8);
      print(" ");
      hex(s64, 1);
      hex(static_cast<uint32_t>(static_cast<uint64_t>(i64) >> 32), 8);
      hex(static_cast<uint32_t>(i64), 8);
      print(" t");
      hex(num.truncated(), 1);
      hex(num.isInteger(), 1);
      print(" ");
      hex(static_cast<uint16_t>(num.expAdjust()), 4);
      print(" ");
      hex(static_cast<uint16_t>(num.exponent()), 4);
    }
    if (s64 == sl::JsonNumber::Ok) {
      w_.integer(static_cast<long long>(i64));
    } else if (mode_ == 0) {
      // The float formatting (integer code only): a float from the text's
      // bits, the same on both sides (NaN / infinity come out as null).
      uint32_t bits = kSeed;
      for (size_t i = 0; i < num.length(); ++i) bits = mix(bits, static_cast<uint8_t>(num.text()[i]));
      float f;
      memcpy(&f, &bits, sizeof f);
      w_.number(f);
    } else {
      w_.raw(num.text(), num.length());
    }
  }

  uint32_t finish(sl::JsonParseError err, uint32_t offset) {
    sl::JsonWriteError werr = w_.finish();
    uint32_t h = mix(kSeed, err.code());
    h = mix32(h, offset);
    h = mix32(h, events_);
    h = mix32(h, hash_);
    h = mix32(h, sink_.hash_);
    h = mix32(h, sink_.count_);
    h = mix(h, werr.code());
    if (verbose) {
      print("\nm");
      hex(mode_, 1);
      print(" end e");
      hexv(err.code());
      print("@");
      hexv(offset);
      print(" n");
      hexv(events_);
      print(" w");
      hexv(sink_.count_);
      print(" f");
      hexv(werr.code());
    }
    return h;
  }

 private:
  HashSink sink_;
  sl::JsonWriter w_;
  uint32_t hash_;
  uint16_t events_;
  uint8_t mode_;
  uint8_t keyLen_;
  bool inString_;
  char key_[kKeyMax];
};

// parse(source) over one frame.
struct FrameSource {
  const uint8_t* p;
  const uint8_t* end;
  int read() { return p == end ? -1 : *p++; }
};

const uint8_t kPattern[] = {1, 2, 5, 11, 1, 1, 23, 4, 64, 3, 17, 2, 40, 9};

// The writer alone, on bytes no parser has checked (the parsers only ever
// give it valid UTF-8): each frame fed to the document becomes
// {"<its first kKeyMax bytes>":"<all its bytes>"} in one array, the string
// written in kPattern-sized stringPart() pieces that run on across frames'
// UTF-8 sequences no further than the frame. Invalid UTF-8, control bytes,
// quotes and backslashes all go through the escaping and U+FFFD paths.
// Before the frames, one object of flash text (the FlashString overloads).
// Flash text (read with pgm_read on AVR): written first in every document
// by DirectWriter, through key/string/stringPart/raw(FlashString).
const char kFlashKey[] SL_PROGMEM = "k\"ey\\\x01\xc3\xa9/";
const char kFlashText[] SL_PROGMEM =
    "tab\tq\"b\\s/c\x01\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xed\xa0\x80 \xc0\x80 \xff \xe2\x82";
const char kFlashRaw[] SL_PROGMEM = "{\"raw\":[1,-2.5e3,null,\"x\"]}";

class DirectWriter {
 public:
  DirectWriter() : w_(sink_) {}
  void start() {
    sink_.start();
    w_.reset(sink_);
    w_.beginArray();
    at_ = 0;
    sl::FlashString key(kFlashKey), text(kFlashText);
    w_.beginObject().key(key).string(text).key(text).raw(sl::FlashString(kFlashRaw));
    w_.key(key).stringBegin().stringPart(text).stringPart(key).stringEnd().endObject();
  }
  void frame(const uint8_t* p, uint8_t n) {
    if (verbose) print("\nm8 frame");
    const char* c = reinterpret_cast<const char*>(p);
    w_.beginObject().key(c, n < kKeyMax ? n : kKeyMax).stringBegin();
    for (uint8_t i = 0; i < n;) {
      uint8_t take = kPattern[at_];
      at_ = static_cast<uint8_t>((at_ + 1) % sizeof kPattern);
      if (take > n - i) take = static_cast<uint8_t>(n - i);
      w_.stringPart(c + i, take);
      i = static_cast<uint8_t>(i + take);
    }
    w_.stringEnd().endObject();
  }
  uint32_t finish() {
    w_.endArray();
    sl::JsonWriteError werr = w_.finish();
    uint32_t h = mix32(mix(kSeed, werr.code()), sink_.hash_);
    h = mix32(h, sink_.count_);
    if (verbose) {
      print("\nm8 end w");
      hexv(sink_.count_);
      print(" f");
      hexv(werr.code());
    }
    return h;
  }

 private:
  HashSink sink_;
  sl::JsonWriter w_;
  uint8_t at_;
};

DirectWriter direct;
Digest digests[kModes - 1];
sl::JsonParser parsers[kModes];
// Bytes left of each mode's current piece, and the pattern position.
uint8_t left[kModes];
uint8_t patternAt;
uint8_t frame[kFrameMax];

uint8_t pieceSize(uint8_t mode) {
  switch (mode) {
    case 2: return 3;
    case 3: return 7;
    case 4: {
      uint8_t s = kPattern[patternAt];
      patternAt = static_cast<uint8_t>((patternAt + 1) % sizeof kPattern);
      return s;
    }
    case 6: return 5;
    case 7: return 2;
    default: return 1;
  }
}

void startDocument() {
  patternAt = 0;
  for (uint8_t m = 0; m < kModes; ++m) {
    if (m < kModes - 1) {
      digests[m].start(m);
      parsers[m].reset(&digests[m]);
    } else {
      parsers[m].reset(static_cast<sl::JsonHandler*>(0));
    }
    left[m] = pieceSize(m);
  }
  direct.start();
}

void feedFrame(uint8_t n) {
  direct.frame(frame, n);
  for (uint8_t m = 0; m < kModes; ++m) {
    sl::JsonParser& p = parsers[m];
    if (p.error()) continue;
    if (m == 0) {
      (void)p.feed(frame, n);
    } else if (m == 5) {
      FrameSource src = {frame, frame + n};
      (void)p.parse(src);
    } else {
      uint8_t i = 0;
      while (i < n) {
        uint8_t take = left[m] < n - i ? left[m] : static_cast<uint8_t>(n - i);
        sl::JsonParseError err = p.feed(frame + i, take);
        i = static_cast<uint8_t>(i + take);
        left[m] = static_cast<uint8_t>(left[m] - take);
        if (!left[m]) left[m] = pieceSize(m);
        if (err) break;
      }
    }
  }
}

bool allFailed() {
  for (uint8_t m = 0; m < kModes; ++m)
    if (!parsers[m].error()) return false;
  return true;
}

void endDocument(uint32_t doc) {
  uint32_t directHash = direct.finish();
  uint32_t h[kModes];
  for (uint8_t m = 0; m < kModes; ++m) {
    sl::JsonParser& p = parsers[m];
    sl::JsonParseError err = p.error();
    if (!err) err = p.finish();
    uint32_t offset = p.errorOffset();
    if (m < kModes - 1) {
      h[m] = digests[m].finish(err, offset);
    } else {
      h[m] = mix32(mix(kSeed, err.code()), offset);
    }
    if (m == 0) {
      if (verbose) putByte('\n');
      hexv(doc);
      putByte(' ');
      hexv(err.code());
      putByte('@');
      hexv(offset);
    }
  }
  for (uint8_t m = 0; m < kModes; ++m) {
    putByte(' ');
    hex(h[m], 8);
  }
  putByte(' ');
  hex(directHash, 8);
  putByte('\n');
}

}  // namespace

int main() {
  // The JSON options this build has (the test builds the host side with the
  // simulated side's): first line of every transcript.
  print("cfg SL_JSON_PARSER_SMALL=");
  hexv(SL_JSON_PARSER_SMALL);
  print(" SL_JSON_NUMBER_MAX=");
  hexv(SL_JSON_NUMBER_MAX);
  print(" SL_JSON_KEY_BUFFER=");
  hexv(SL_JSON_KEY_BUFFER);
  print(" SL_JSON_MAX_DEPTH=");
  hexv(SL_JSON_MAX_DEPTH);
  print(" SL_JSON_WRITER_MAX_DEPTH=");
  hexv(SL_JSON_WRITER_MAX_DEPTH);
  print(" SL_USE_INT64=");
  hexv(SL_USE_INT64);
  putByte('\n');
  uint32_t doc = 0;
  for (;;) {
    verbose = false;
    startDocument();
    bool skipping = false;
    for (;;) {
      if (skipping) {
        // Already asked to skip: the host side still reads its frames.
      } else if (allFailed()) {
        skipping = true;
        putByte(kSkipReq);
      } else {
        putByte(kReq);
      }
      uint8_t h = getByte();
      if (h == kEndAll) {
        print("end ");
        hexv(doc);
        putByte('\n');
#if defined(__AVR__)
        sl_board_exit(0);
#else
        fflush(stdout);
        return 0;
#endif
      }
      if (h == kVerbose) {
        // Applies to the document this header starts (before its first frame).
        verbose = true;
        continue;
      }
      if (h == kEndDoc) break;
      if (h > kFrameMax) {
        print("bad frame header\n");
#if defined(__AVR__)
        sl_board_exit(2);
#else
        return 2;
#endif
      }
      for (uint8_t i = 0; i < h; ++i) frame[i] = getByte();
      if (!skipping) feedFrame(h);
    }
    endDocument(doc);
    ++doc;
  }
}
