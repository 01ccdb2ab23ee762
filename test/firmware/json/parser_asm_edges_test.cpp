// sl-board-test: flags -DSL_JSON_PARSER_SMALL=1
// sl-board-test: boards mega
// What the AVR assembly of the compact parser (JsonParser.cpp,
// SL_JSON_PARSER_ASM) and of the writer (JsonWriter.cpp, SL_JSON_WRITER_ASM)
// must survive beyond json-avr-diff's documents: callees that use every
// register the avr-gcc ABI lets them (r0, r18..r27, r30, r31, SREG with the
// T flag and the carry) through a handler and a sink that scramble them,
// compared with a handler/sink that does not; handlers that abort at every
// event, call reset(), skipValue() or setKeyFilter() from inside the call;
// chunks of 0 bytes and of more than 255; the depth limit; feed() after an
// error. Runs on the host (the C++ loop: the same expectations) and on the
// simulated Uno (test/firmware/json-avr-diff.test.ts) and mega (boards).
#include <string.h>

#include "SlTest.h"
#include "json/JsonParser.h"
#include "json/JsonWriter.h"

namespace {

// Gives every call-used register a junk value and sets (or clears) the T
// flag and the carry, as a compiled callee may (a user's handler, another
// compiler version): code that kept a value there across the call breaks.
inline void scramble(bool t) {
#if defined(__AVR__)
  if (t) {
    __asm__ volatile(
        "ldi r18, 0xA5\n\tldi r19, 0x5A\n\tldi r20, 0xFF\n\tldi r21, 0x80\n\tldi r22, 0x7F\n\t"
        "ldi r23, 0x01\n\tldi r24, 0xFE\n\tldi r25, 0x33\n\tldi r26, 0xCC\n\tldi r27, 0x96\n\t"
        "ldi r30, 0x69\n\tldi r31, 0x0F\n\tmov r0, r18\n\tset\n\tsec" ::
            : "r0", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r30", "r31");
  } else {
    __asm__ volatile(
        "ldi r18, 0x00\n\tldi r19, 0x01\n\tldi r20, 0x00\n\tldi r21, 0x00\n\tldi r22, 0x00\n\t"
        "ldi r23, 0xFF\n\tldi r24, 0x00\n\tldi r25, 0x00\n\tldi r26, 0x00\n\tldi r27, 0x00\n\t"
        "ldi r30, 0x00\n\tldi r31, 0x00\n\tmov r0, r23\n\tclt\n\tclc" ::
            : "r0", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r30", "r31");
  }
#else
  (void)t;
#endif
}

enum : uint8_t {
  kHostileT = 1,    // scramble, T set
  kHostileNoT = 2,  // scramble, T clear
  kSkipping = 4,    // skipValue()/setKeyFilter() as parser_test's Recorder
  kResetAt = 8,     // at event abortAt: reset() and go on (else: abort)
  kJoined = 16,     // the digest ignores where string pieces are cut
};

// A digest of the events (FNV-1a over event, depth, bytes).
class Digest : public sl::JsonHandler {
 public:
  void start(uint8_t mode, int abortAt, sl::JsonParser* parser) {
    mode_ = mode;
    abortAt_ = abortAt;
    parser_ = parser;
    h_ = 2166136261UL;
    events_ = 0;
  }
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    ++events_;
    bool piece = e == JsonEvent::KeyPart || e == JsonEvent::StringPart;
    for (size_t i = 0; i < p.length(); ++i) mix(p.data()[i]);
    if (!(mode_ & kJoined) || !piece) {  // (after the bytes: the last piece's)
      mix(static_cast<uint8_t>(e));
      mix(p.depth());
    }
    if (!(mode_ & kJoined)) mix(static_cast<uint8_t>(p.length()));
    if (e == JsonEvent::Number) {
      int32_t v = 0;
      if (p.number().toInt32(v) != sl::JsonNumber::Ok) v = -1;
      mix(static_cast<uint8_t>(v));
      mix(static_cast<uint8_t>(v >> 8));
    }
    if (mode_ & kSkipping) {
      static const uint8_t kFilter[] = {'a', 'k', 'x'};
      if (e == JsonEvent::Key && p.length() && p.data()[0] == 'x') p.skipValue();
      if (e == JsonEvent::BeginObject) p.setKeyFilter(kFilter, 3, static_cast<uint8_t>(p.depth() + 1));
      if (e == JsonEvent::BeginArray && p.depth() >= 2) p.skipValue();
    }
    if (mode_ & (kHostileT | kHostileNoT)) scramble((mode_ & kHostileT) != 0);
    if (events_ == abortAt_) {
      if (!(mode_ & kResetAt)) return false;
      parser_->reset();
    }
    return true;
  }
  uint32_t hash() const { return h_; }
  int events() const { return events_; }

 private:
  void mix(uint8_t b) { h_ = (h_ ^ b) * 16777619UL; }
  uint32_t h_ = 0;
  int events_ = 0;
  int abortAt_ = -1;
  uint8_t mode_ = 0;
  sl::JsonParser* parser_ = 0;
};

struct Outcome {
  uint32_t hash;
  int events;
  uint8_t error;
  uint32_t offset;
};

// Documents with every kind of event, escapes (short, \u, surrogate pairs,
// lone surrogates), UTF-8, numbers past SL_JSON_NUMBER_MAX, keys past
// SL_JSON_KEY_BUFFER, keys the filter drops, and a few errors.
const char kDoc0[] SLT_FLASH =
    "{\"a\":[1,-2.5e3,0,true,false,null,\"x\\n\\u00e9\\ud83d\\ude00\\ud800z\\udc00\"],"
    "\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":{\"x1\":[[1],{\"q\":2}],\"k\\u0041\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"},"
    "\"b\":123456789012345678901234567890,\"x\":0.0000000000000000000000000012,\"k2\":[[[]],{}],"
    "\"a\\\\\":\"\\\"\\/\\b\\f\\r\\t\",\"kz\":1e-2}";
const char kDoc1[] SLT_FLASH = "[\"ab\\ud800\\ud800\\udc00\",\"\\ud800\",{\"ka\":\"v\"},-0.5E+2,[1,2,[3]],\"\xe2\x82\xac\"]";
const char kDoc2[] SLT_FLASH = "{\"k\":[1,2,{\"a\":tru}]}";  // InvalidLiteral
const char kDoc3[] SLT_FLASH = "  \"a string \\u0041 at the root\"   ";
const char kDoc4[] SLT_FLASH = "{\"a\":\"\xed\xa0\x80\"}";  // InvalidUtf8
const char kDoc5[] SLT_FLASH = "[1,{\"kk\":\"\\x\"}]";  // InvalidEscape
const char* const kDocs[] = {kDoc0, kDoc1, kDoc2, kDoc3, kDoc4, kDoc5};

uint8_t gBuf[512];

size_t load(const char* doc) {
  size_t n = 0;
  for (char c; (c = SLT_READ(doc + n)) != 0; ++n) gBuf[n] = static_cast<uint8_t>(c);
  return n;
}

// Parses gBuf[0..n) in chunks of `chunk` bytes (0: whole), a 0-byte feed()
// between chunks when zeros is set.
Outcome run(size_t n, size_t chunk, uint8_t mode, int abortAt, bool zeros = false) {
  static Digest d;
  static sl::JsonParser p;
  p.reset(&d);
  d.start(mode, abortAt, &p);
  if (!chunk) chunk = n;
  for (size_t i = 0; i < n; i += chunk) {
    size_t take = n - i < chunk ? n - i : chunk;
    if (zeros) (void)p.feed(gBuf + i, 0);
    if (p.feed(gBuf + i, take)) break;
    if (zeros) (void)p.feed(gBuf + i + take, 0);
  }
  sl::JsonParseError e = p.finish();
  Outcome o = {d.hash(), d.events(), static_cast<uint8_t>(e.code()), p.errorOffset()};
  return o;
}

// (joined: the number of events depends on the cuts, the digest does not)
bool same(const Outcome& a, const Outcome& b, bool joined = false) {
  return a.hash == b.hash && (joined || a.events == b.events) && a.error == b.error && a.offset == b.offset;
}

}  // namespace

// Every document, three chunkings, with and without skipping, aborting or
// resetting at every event: the scrambling handler (T set, T clear) gets
// exactly what the plain one gets.
TEST_CASE(parser_asm_survives_a_handler_using_every_call_used_register) {
  const size_t kChunks[] = {1, 3, 0};
  for (size_t di = 0; di < sizeof kDocs / sizeof kDocs[0]; ++di) {
    size_t n = load(kDocs[di]);
    for (uint8_t ci = 0; ci < 3; ++ci) {
      for (uint8_t kind = 0; kind < 3; ++kind) {  // none, abort at k, reset at k
        for (uint8_t skip = 0; skip < 2; ++skip) {
          uint8_t base = static_cast<uint8_t>((skip ? kSkipping : 0) | (kind == 2 ? kResetAt : 0));
          int total = run(n, kChunks[ci], base, -1).events;
          int last = kind ? total : 0;
          for (int at = kind ? 1 : -1; at <= last; at = at < 0 ? 1 : at + 1) {
            Outcome quiet = run(n, kChunks[ci], base, at);
            Outcome t = run(n, kChunks[ci], static_cast<uint8_t>(base | kHostileT), at);
            Outcome nt = run(n, kChunks[ci], static_cast<uint8_t>(base | kHostileNoT), at);
            if (!CHECK(same(quiet, t)) || !CHECK(same(quiet, nt))) {
              CHECK_EQ_INT(di, 99);
              CHECK_EQ_INT(ci, 99);
              CHECK_EQ_INT(kind * 10 + skip, 99);
              CHECK_EQ_INT(at, 9999);
              return;
            }
            if (kind == 1 && at <= quiet.events) CHECK_EQ_INT(quiet.error, sl::JsonParseError::Aborted);
            if (at < 0) break;
          }
        }
      }
    }
  }
}

// The same events (string pieces joined) fed whole, in one chunk of more
// than 255 bytes, byte by byte, and with a 0-byte feed() around every chunk.
TEST_CASE(parser_asm_chunks_of_0_and_over_255_bytes) {
  // a 300-byte document: a key past 255 bytes and a long string value
  size_t n = 0;
  const char head[] = "{\"k";
  for (const char* s = head; *s; ++s) gBuf[n++] = static_cast<uint8_t>(*s);
  while (n < 262) gBuf[n++] = 'y';
  const char mid[] = "\":\"\\u00e9";
  for (const char* s = mid; *s; ++s) gBuf[n++] = static_cast<uint8_t>(*s);
  while (n < 297) gBuf[n++] = 'z';
  gBuf[n++] = '"';
  gBuf[n++] = '}';
  gBuf[n++] = ' ';
  CHECK_EQ_INT(n, 300);
  Outcome whole = run(n, 0, kJoined, -1);
  CHECK_EQ_INT(whole.error, sl::JsonParseError::Ok);
  CHECK_EQ_INT(whole.offset, 300);
  CHECK(same(whole, run(n, 1, kJoined, -1), true));
  CHECK(same(whole, run(n, 7, kJoined, -1, true), true));
  CHECK(same(whole, run(n, 0, kJoined, -1, true), true));
  // 260 bytes then the rest: the key's piece is 258 bytes long
  CHECK(same(whole, run(n, 260, kJoined, -1), true));
  // 0-byte feeds change nothing, skipping or not (a long key's filtering
  // depends on its cuts, so each chunking is compared with itself)
  for (size_t di = 0; di < sizeof kDocs / sizeof kDocs[0]; ++di) {
    size_t m = load(kDocs[di]);
    for (size_t c = 0; c < 3; ++c) {
      CHECK(same(run(m, c, kSkipping, -1), run(m, c, kSkipping, -1, true)));
      CHECK(same(run(m, c, 0, -1), run(m, c, 0, -1, true)));
    }
  }
}

TEST_CASE(parser_asm_depth_limit_and_feed_after_error) {
  static sl::JsonParser p;
  static Digest d;
  p.reset(&d);
  d.start(0, -1, &p);
  // {[{[... : objects need keys, so alternate with keys in between
  static uint8_t doc[4 * SL_JSON_MAX_DEPTH + 8];
  size_t n = 0;
  for (uint8_t i = 0; i < SL_JSON_MAX_DEPTH; ++i) {
    if (i & 1) {
      doc[n++] = '[';
    } else {
      doc[n++] = '{';
      doc[n++] = '"';
      doc[n++] = '"';
      doc[n++] = ':';
    }
  }
  size_t full = n;
  doc[n++] = '[';
  CHECK_EQ_INT(p.feed(doc, full).code(), sl::JsonParseError::Ok);
  CHECK_EQ_INT(p.depth(), SL_JSON_MAX_DEPTH);
  int events = d.events();
  CHECK_EQ_INT(p.feed(doc + full, 1).code(), sl::JsonParseError::TooDeep);
  CHECK_EQ_INT(p.errorOffset(), full);
  // sticky: no events, same error and offset, for chunks of 0, 1 and many bytes
  CHECK_EQ_INT(p.feed(doc, 0).code(), sl::JsonParseError::TooDeep);
  CHECK_EQ_INT(p.feed(doc, 1).code(), sl::JsonParseError::TooDeep);
  CHECK_EQ_INT(p.feed(doc, n).code(), sl::JsonParseError::TooDeep);
  CHECK_EQ_INT(p.finish().code(), sl::JsonParseError::TooDeep);
  CHECK_EQ_INT(p.errorOffset(), full);
  CHECK_EQ_INT(d.events(), events);
  // one level less closes all the way down
  p.reset(&d);
  n = full;
  if (!((SL_JSON_MAX_DEPTH - 1) & 1)) doc[n++] = '0';  // the innermost is an object: its member's value
  for (uint8_t i = SL_JSON_MAX_DEPTH; i--;) doc[n++] = (i & 1) ? ']' : '}';
  size_t m = n;
  CHECK_EQ_INT(p.feed(doc, m).code(), sl::JsonParseError::Ok);
  CHECK_EQ_INT(p.finish().code(), sl::JsonParseError::Ok);
  CHECK_EQ_INT(p.depth(), 0);
}

namespace {
// A sink that records a digest of what it is given, optionally scrambling
// the call-used registers and T, or accepting fewer bytes after a budget.
class DigestSink : public sl::Sink {
 public:
  void start(uint8_t mode, long budget) {
    mode_ = mode;
    budget_ = budget;
    h_ = 2166136261UL;
    calls_ = 0;
    total_ = 0;
  }
  size_t write(const uint8_t* p, size_t n) override {
    ++calls_;
    size_t take = n;
    if (budget_ >= 0 && static_cast<long>(take) > budget_) take = static_cast<size_t>(budget_);
    if (budget_ >= 0) budget_ -= static_cast<long>(take);
    for (size_t i = 0; i < n; ++i) {
      h_ = (h_ ^ p[i]) * 16777619UL;
      if (i < take && total_ + i < sizeof text_ - 1) text_[total_ + i] = static_cast<char>(p[i]);
    }
    h_ = (h_ ^ static_cast<uint8_t>(n)) * 16777619UL;
    total_ += take;
    text_[total_ < static_cast<long>(sizeof text_) ? total_ : sizeof text_ - 1] = 0;
    if (mode_ & (kHostileT | kHostileNoT)) scramble((mode_ & kHostileT) != 0);
    return take;
  }
  uint32_t h_ = 0;
  int calls_ = 0;
  long total_ = 0;
  char text_[240];  // what was taken (NUL-terminated, cut to fit)

 private:
  uint8_t mode_ = 0;
  long budget_ = -1;
};

const char kFlashKey[] SLT_FLASH = "fl\"ash";

struct WriterOutcome {
  uint32_t hash;
  int calls;
  long total;
  uint8_t error;
};

DigestSink gSink;
const char* sink_text() { return gSink.text_; }

WriterOutcome write(uint8_t mode, long budget) {
  DigestSink& s = gSink;
  s.start(mode, budget);
  sl::JsonWriter w(s);
  static const char bad[] = "a\x01\x1f\"\\\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xff\xc3 \xe2\x82z\xed\xa0\x80";
  w.beginObject().key("k\n\"");
  w.beginArray().integer(0).integer(-1).integer(2147483647L).integer(static_cast<long>(-2147483647L - 1));
  w.integer(4294967295UL).boolean(true).boolean(false).null().string(bad).string(bad, sizeof bad - 1);
  w.string(static_cast<const char*>(0), 3).string("").number(1.5).raw("[1]", 3);
  w.stringBegin().stringPart("\xf0\x9f").stringPart("\x98\x80\xc3").stringEnd();
  w.beginObject().key(sl::FlashString(kFlashKey)).string(sl::FlashString(kFlashKey)).endObject();
  w.endArray().key(static_cast<const char*>(0)).beginArray();
  for (uint8_t i = 0; i < 4; ++i) w.beginArray();
  for (uint8_t i = 0; i < 5; ++i) w.endArray();
  w.endObject();
  sl::JsonWriteError e = w.finish();
  WriterOutcome o = {s.h_, s.calls_, s.total_, static_cast<uint8_t>(e.code())};
  return o;
}

const char* sink_text();
const char kWriterExpected[] =
    "{\"k\\n\\\"\":[0,-1,2147483647,-2147483648,4294967295,true,false,null,\"a\\u0001\\u001f\\\"\\\\\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",\"a\\u0001\\u001f\\\"\\\\\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\",null,\"\",1.5,[1],\"\xf0\x9f\x98\x80\xef\xbf\xbd\",{\"fl\\\"ash\":\"fl\\\"ash\"}],\"\":[[[[[]]]]]}";

bool same(const WriterOutcome& a, const WriterOutcome& b) {
  return a.hash == b.hash && a.calls == b.calls && a.total == b.total && a.error == b.error;
}
}  // namespace

// The writer's assembly across Sink::write() calls that scramble the
// call-used registers, T and the carry; also with a sink that fails part way.
TEST_CASE(writer_asm_survives_a_sink_using_every_call_used_register) {
  WriterOutcome quiet = write(0, -1);
#if SL_JSON_WRITER_MAX_DEPTH >= 7  // (the document nests 7 deep)
  // (the C++ writer's output, checked by hand: escapes, U+FFFD for each
  // maximal invalid subpart, a cut piecewise sequence, flash text)
  CHECK_EQ_STR(sink_text(), kWriterExpected);
  CHECK_EQ_INT(quiet.error, sl::JsonWriteError::Ok);
  CHECK(quiet.calls > 100);
#endif
  CHECK(same(quiet, write(kHostileT, -1)));
  CHECK(same(quiet, write(kHostileNoT, -1)));
  for (long b = 0; b < quiet.total; b += 7) {
    WriterOutcome q = write(0, b);
    CHECK_EQ_INT(q.error, sl::JsonWriteError::SinkFailed);
    if (!CHECK(same(q, write(kHostileT, b))) || !CHECK(same(q, write(kHostileNoT, b)))) {
      CHECK_EQ_INT(b, -1);
      return;
    }
  }
}

namespace {
// Number values (as toDouble() gives them) and errors, whole and byte by byte.
class Numbers : public sl::JsonHandler {
 public:
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    if (e == sl::JsonEvent::Number && count < 4) {
      double v = 0;
      status[count] = static_cast<uint8_t>(p.number().toDouble(v));
      value[count++] = v;
    }
    return true;
  }
  double value[4];
  uint8_t status[4];
  uint8_t count = 0;
};

size_t put(size_t n, const char* s) {
  while (*s) gBuf[n++] = static_cast<uint8_t>(*s++);
  return n;
}
size_t zeros(size_t n, size_t k) {
  while (k--) gBuf[n++] = '0';
  return n;
}

bool near(double got, double want) {
  double d = got - want;
  if (d < 0) d = -d;
  return d <= (want < 0 ? -want : want) * 1e-5;
}
}  // namespace

// Numbers longer than any SL_JSON_NUMBER_MAX (130 digits): the text is cut,
// the dropped digits go into the adjustment (integer digits, the zeros after
// "0."), the exponent is kept whole. With SL_JSON_NUMBER_MAX or
// SL_JSON_KEY_BUFFER past ~35 the number's fields lie beyond Y's or Z's
// 63-byte reach (json-avr-diff builds this file so on the Uno too).
TEST_CASE(parser_asm_numbers_past_the_text_buffer) {
  size_t n = put(0, "[1234567");
  n = zeros(n, 123);
  n = put(n, "e-120,0.");
  n = zeros(n, 130);
  n = put(n, "15e125,1e");
  n = zeros(n, 60);
  n = put(n, "3,-0.");
  n = zeros(n, 130);
  n = put(n, "25E131]");
  REQUIRE(n < sizeof gBuf);
  for (uint8_t chunk = 0; chunk < 2; ++chunk) {
    static Numbers h;
    h.count = 0;
    static sl::JsonParser p;
    p.reset(&h);
    if (chunk) {
      for (size_t i = 0; i < n; ++i) (void)p.feed(gBuf + i, 1);
    } else {
      (void)p.feed(gBuf, n);
    }
    CHECK_EQ_INT(p.finish().code(), sl::JsonParseError::Ok);
    REQUIRE(h.count == 4);
    for (uint8_t i = 0; i < 4; ++i) CHECK_EQ_INT(h.status[i], sl::JsonNumber::Ok);
    CHECK(near(h.value[0], 1.234567e9));
    CHECK(near(h.value[1], 1.5e-6));
    CHECK(near(h.value[2], 1e3));
    CHECK(near(h.value[3], -2.5));
  }
}
