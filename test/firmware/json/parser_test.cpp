// sl::JsonParser: grammar tables, chunking invariance, strings, numbers,
// depth, errors. Every case is fed whole, split at every point into two
// chunks, and byte by byte; the event streams must be identical (string
// pieces are joined: only their cut points may differ).
//
// The case table is in flash on AVR. The Uno's 32 KB of flash do not hold
// every case in one program: on the boards this file is part 1 (the table
// fed every way, depth, errors, aborts; the flag below) and
// parser_test_part2_test.cpp builds part 2 (numbers, keys, random
// documents, sources) from this same file. The host (parser.test.ts) links
// both parts into one program; without SL_JSON_PARSER_TEST_PART this file
// has every case (parser_small_test.cpp).
// sl-board-test: flags -DSL_JSON_PARSER_TEST_PART=1
#include <string.h>

#include "SlTest.h"
#include "json/JsonFlashSource.h"
#include "json/JsonParser.h"

#ifndef SL_JSON_PARSER_TEST_PART
#define SL_JSON_PARSER_TEST_PART 0  // every case
#endif
#define SL_JSON_PARSER_PART(n) (SL_JSON_PARSER_TEST_PART == 0 || SL_JSON_PARSER_TEST_PART == (n))

namespace {

// Records events as text: { } [ ] k"key" s"str" n<num> T F N, space-separated.
class Recorder : public sl::JsonHandler {
 public:
  Recorder() { clear(); }
  void clear() {
    len_ = 0;
    buf_[0] = 0;
    inString_ = false;
    pieces_ = 0;
    stopAfter_ = -1;
    events_ = 0;
    overflow_ = false;
  }
  // Skipping mode: keys starting with 'x' have their value skipped, objects
  // filter their keys to those starting with 'a', 'k' or 'x', arrays
  // nested two deep are skipped.
  void skipping(bool on) { skipping_ = on; }
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    ++events_;
    if (skipping_) {
      static const uint8_t kFilter[] = {'a', 'k', 'x'};
      if (e == JsonEvent::Key && p.length() && p.data()[0] == 'x') p.skipValue();
      if (e == JsonEvent::BeginObject) p.setKeyFilter(kFilter, 3, static_cast<uint8_t>(p.depth() + 1));
      if (e == JsonEvent::BeginArray && p.depth() >= 2) p.skipValue();
    }
    if (sl::isStringEvent(e)) {
      ++pieces_;
      if (!inString_) {
        stringStart_ = len_;
        sep();
        put(e == JsonEvent::Key || e == JsonEvent::KeyPart ? 'k' : 's');
        put('"');
        inString_ = true;
      }
      for (size_t i = 0; i < p.length(); ++i) put(static_cast<char>(p.data()[i]));
      if (e == JsonEvent::Key || e == JsonEvent::String) {
        put('"');
        inString_ = false;
      }
    } else {
      sep();
      if (e != JsonEvent::Number && p.length() != 0) put('!');  // data only for strings/numbers
      switch (e) {
        case JsonEvent::BeginObject: put('{'); break;
        case JsonEvent::EndObject: put('}'); break;
        case JsonEvent::BeginArray: put('['); break;
        case JsonEvent::EndArray: put(']'); break;
        case JsonEvent::Number:
          put('n');
          for (size_t i = 0; i < p.length(); ++i) put(static_cast<char>(p.data()[i]));
          break;
        case JsonEvent::True: put('T'); break;
        case JsonEvent::False: put('F'); break;
        case JsonEvent::Null: put('N'); break;
        default: break;
      }
    }
    return stopAfter_ < 0 || events_ < stopAfter_;
  }
  const char* text() const { return buf_; }
  // Forgets a string whose end never came (the input failed inside it): how
  // much of it arrived before the error depends on the chunking.
  void dropUnfinished() {
    if (!inString_) return;
    len_ = stringStart_;
    buf_[len_] = 0;
  }
  int pieces() const { return pieces_; }
  bool overflow() const { return overflow_; }
  void stopAfter(int n) { stopAfter_ = n; }

 private:
  void sep() {
    if (len_) put(' ');
  }
  void put(char c) {
    if (len_ + 1 < sizeof buf_) {
      buf_[len_++] = c;
      buf_[len_] = 0;
    } else {
      overflow_ = true;
    }
  }
  char buf_[200];
  size_t len_;
  size_t stringStart_ = 0;
  bool inString_;
  int pieces_;
  int stopAfter_;
  int events_;
  bool overflow_;
  bool skipping_ = false;
};

struct Outcome {
  char events[200];
  sl::JsonParseError::Code error;
  uint32_t offset;
};

// A Stream-like source for JsonParser::parse(): read() gives the bytes up to
// `avail`, then -1 ("nothing more for now").
struct Source {
  const uint8_t* p;
  const uint8_t* avail;
  int read() { return p < avail ? *p++ : -1; }
};

// Feeds `in` cut at `cut1` and then in `step`-sized chunks (0 = rest at once);
// with `pull`, the same pieces are made available to parse() in turn; with
// `pieces`, fed through feedPiece() instead of feed().
void run(const char* in, size_t n, size_t cut1, size_t step, Outcome& out, bool pull = false, bool skipping = false,
         bool pieces = false) {
  Recorder r;
  r.skipping(skipping);
  sl::JsonParser parser(r);
  const uint8_t* d = reinterpret_cast<const uint8_t*>(in);
  Source src = {d, d};
  size_t pos = 0;
  sl::JsonParseError e;
  if (cut1 > n) cut1 = n;
  if (pull) {
    src.avail = d + cut1;
    e = parser.parse(src);
  } else {
    e = pieces ? parser.feedPiece(d, cut1) : parser.feed(d, cut1);
  }
  pos = cut1;
  while (!e && pos < n) {
    size_t k = step ? (n - pos < step ? n - pos : step) : n - pos;
    if (pull) {
      src.avail = d + pos + k;
      e = parser.parse(src);
    } else {
      e = pieces ? parser.feedPiece(d + pos, k) : parser.feed(d + pos, k);
    }
    pos += k;
  }
  if (!e) e = parser.finish();
  r.dropUnfinished();
  strcpy(out.events, r.text());
  out.error = e.code();
  out.offset = parser.errorOffset();
}

using E = sl::JsonParseError;

#if SL_JSON_PARSER_PART(1)
// The table: X(input, events, error, offset), `events` the expected events
// (also checked on error: those before it), `offset` the error offset
// (ignored when Ok). Its text is in flash on AVR (about 3.4 KB as RAM data,
// more than the Uno has); each case is copied into RAM to be run.
#define SL_PARSER_CASES(X) \
    X("{}", "{ }", Ok, 0) \
    X(" [ ] ", "[ ]", Ok, 0) \
    X("12", "n12", Ok, 0) \
    X("-0.5e+3", "n-0.5e+3", Ok, 0) \
    X("0", "n0", Ok, 0) \
    X("\"\"", "s\"\"", Ok, 0) \
    X("true", "T", Ok, 0) \
    X("[false,null,true]", "[ F N T ]", Ok, 0) \
    X("{\"a\":1,\"b\":[2,{\"c\":\"d\"}]}", "{ k\"a\" n1 k\"b\" [ n2 { k\"c\" s\"d\" } ] }", Ok, 0) \
    X("{\"a\" : \"x\\ny\\\"z\\\\/\\/\\b\\f\\r\\t\"}", "{ k\"a\" s\"x\ny\"z\\//\b\f\r\t\" }", Ok, 0) \
    X("[\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"]", "[ s\"A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\" ]", Ok, 0) \
    X("[\"\\ud800\"]", "[ s\"\xef\xbf\xbd\" ]", Ok, 0) \
    X("[\"\\ud800x\"]", "[ s\"\xef\xbf\xbdx\" ]", Ok, 0) \
    X("[\"\\ud800\\n\"]", "[ s\"\xef\xbf\xbd\n\" ]", Ok, 0) \
    X("[\"\\udc00\\ud800\\ud800\\udc00\"]", "[ s\"\xef\xbf\xbd\xef\xbf\xbd\xf0\x90\x80\x80\" ]", Ok, 0) \
    X("[\"\\uFFFF\"]", "[ s\"\xef\xbf\xbf\" ]", Ok, 0) \
    X("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]", "[ s\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\" ]", Ok, 0) \
    X("{\"\\u00e9\\t\":0}", "{ k\"\xc3\xa9\t\" n0 }", Ok, 0) \
    X("1 ", "n1", Ok, 0) \
    X("[1e5,2E-3,0.25]", "[ n1e5 n2E-3 n0.25 ]", Ok, 0) \
    X("{\"a\":12,\"bb\":[345],\"c\":{\"d\":6}}", "{ k\"a\" n12 k\"bb\" [ n345 ] k\"c\" { k\"d\" n6 } }", Ok, 0) \
    X("{\"a\":true,\"b\":[null,false]}", "{ k\"a\" T k\"b\" [ N F ] }", Ok, 0) \
    X("{\"a_key_longer_than_the_buffer_00\":\"a value longer than the gather buffer!\"}", \
      "{ k\"a_key_longer_than_the_buffer_00\" s\"a value longer than the gather buffer!\" }", Ok, 0) \
    X("{\"k\\u00e9y\":\"v\\tw\xc3\xa9x\"}", "{ k\"k\xc3\xa9y\" s\"v\tw\xc3\xa9x\" }", Ok, 0) \
    X("[12}", "[ n12", UnexpectedByte, 3) \
    X("{\"a\":12]", "{ k\"a\" n12", UnexpectedByte, 7) \
    X("[tru]", "[", InvalidLiteral, 4) \
    X("[nulx]", "[", InvalidLiteral, 4) \
    X("{\"a\":1 x}", "{ k\"a\" n1", UnexpectedByte, 7) \
    /* errors: (events so far, code, offset of the rejected byte) */ \
    X("", "", UnexpectedEnd, 0) \
    X(" ", "", UnexpectedEnd, 1) \
    X("[", "[", UnexpectedEnd, 1) \
    X("[1,]", "[ n1", UnexpectedByte, 3) \
    X("[1 2]", "[ n1", UnexpectedByte, 3) \
    X("{\"a\" 1}", "{ k\"a\"", UnexpectedByte, 5) \
    X("{1:1}", "{", UnexpectedByte, 1) \
    X("{\"a\":1,}", "{ k\"a\" n1", UnexpectedByte, 7) \
    X("[}", "[", UnexpectedByte, 1) \
    X("{]", "{", UnexpectedByte, 1) \
    X("[1}", "[ n1", UnexpectedByte, 2) \
    X("[]]", "[ ]", TrailingData, 2) \
    X("1 2", "n1", TrailingData, 2) \
    X("tru", "", UnexpectedEnd, 3) \
    X("trUe", "", InvalidLiteral, 2) \
    X("[nul]", "[", InvalidLiteral, 4) \
    X("-", "", UnexpectedEnd, 1) \
    X("[-]", "[", InvalidNumber, 2) \
    X("01", "", InvalidNumber, 1) \
    X("[1.]", "[", InvalidNumber, 3) \
    X("[1.e1]", "[", InvalidNumber, 3) \
    X("[1e]", "[", InvalidNumber, 3) \
    X("[1e+]", "[", InvalidNumber, 4) \
    X("[.5]", "[", UnexpectedByte, 1) \
    X("[+1]", "[", UnexpectedByte, 1) \
    X("[1.5.2]", "[", InvalidNumber, 4) \
    X("[1-2]", "[", InvalidNumber, 2) \
    X("[\"a\\x\"]", "[", InvalidEscape, 4) \
    X("[\"\\u12G4\"]", "[", InvalidUnicode, 6) \
    X("[\"a\tb\"]", "[", ControlCharacter, 3) \
    X("[\"\xc3\"]", "[", InvalidUtf8, 3) \
    X("[\"\xc0\xaf\"]", "[", InvalidUtf8, 2) \
    X("[\"\xe0\x80\xaf\"]", "[", InvalidUtf8, 3) \
    X("[\"\xed\xa0\x80\"]", "[", InvalidUtf8, 3) \
    X("[\"\xf4\x90\x80\x80\"]", "[", InvalidUtf8, 3) \
    X("[\"\x80\"]", "[", InvalidUtf8, 2) \
    X("[\"\xff\"]", "[", InvalidUtf8, 2) \
    /* UTF-8 ranges at their edges: the first continuation byte after F0, */ \
    /* F4, E0, ED, and a bad later continuation byte. */ \
    X("[\"\xf0\x8f\xbf\xbf\"]", "[", InvalidUtf8, 3) \
    X("[\"\xf4\x8f\xbf\xbf\xf0\x90\x80\x80\"]", "[ s\"\xf4\x8f\xbf\xbf\xf0\x90\x80\x80\" ]", Ok, 0) \
    X("[\"\xe0\xa0\x80\xed\x9f\xbf\xc2\x80\xdf\xbf\"]", "[ s\"\xe0\xa0\x80\xed\x9f\xbf\xc2\x80\xdf\xbf\" ]", Ok, 0) \
    X("[\"\xe2\x82\x41\"]", "[", InvalidUtf8, 4) \
    X("[\"\xf0\x90\x80\xc0\"]", "[", InvalidUtf8, 5) \
    X("[\"\xf5\x80\"]", "[", InvalidUtf8, 2) \
    X("[\"\xc2\"]", "[", InvalidUtf8, 3) \
    X("{\"k\xe2\x82\xac\":\"\\ud834\\udd1e\\ud800\\u0041\"}", "{ k\"k\xe2\x82\xac\" s\"\xf0\x9d\x84\x9e\xef\xbf\xbd" "A\" }", Ok, 0) \
    X("\xef\xbb\xbf{}", "", UnexpectedByte, 0) \
    X("[\"abc", "[", UnexpectedEnd, 5) \
    X("/**/1", "", UnexpectedByte, 0) \
    X("[\"\\ud800\\\"]", "[", UnexpectedEnd, 11) \
    /* Runs of plain string bytes (the compact parser takes them in a tight */ \
    /* loop): the plain range's edges (0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, */ \
    /* 0x7F) inside a run and a run ended by each byte that is not plain: */ \
    /* '"', '\\', UTF-8 (then a run again), a control character, a stray */ \
    /* continuation byte, 0xFF; runs after an escape, after a pending high */ \
    /* surrogate (its U+FFFD first) and after a surrogate pair; in keys. */ \
    X("[\"ab !#[]~\x7f cd\",\" \x7f\"]", "[ s\"ab !#[]~\x7f cd\" s\" \x7f\" ]", Ok, 0) \
    X("{\"key !~\x7f\\\"k\":\"v\\\\w\\\"xy\"}", "{ k\"key !~\x7f\"k\" s\"v\\w\"xy\" }", Ok, 0) \
    X("[\"ab\xc3\xa9" "cd\xe2\x82\xac" "ef\xf0\x9f\x98\x80\"]", "[ s\"ab\xc3\xa9" "cd\xe2\x82\xac" "ef\xf0\x9f\x98\x80\" ]", Ok, 0) \
    X("[\"\\u0041bc\\ud800de\\ud83d\\ude00fg\\nhi\"]", "[ s\"Abc\xef\xbf\xbd" "de\xf0\x9f\x98\x80" "fg\nhi\" ]", Ok, 0) \
    X("{\"k\\ud800ey\":\"\\ud800\\\\ab\"}", "{ k\"k\xef\xbf\xbd" "ey\" s\"\xef\xbf\xbd\\ab\" }", Ok, 0) \
    X("[\"abc de\x1f\"]", "[", ControlCharacter, 8) \
    X("[\"abc de\x80\"]", "[", InvalidUtf8, 8) \
    X("[\"abc de\xff\"]", "[", InvalidUtf8, 8) \
    X("[\"abc\xc3" "de\"]", "[", InvalidUtf8, 6) \
    X("{\"abc\x0a\":1}", "{", ControlCharacter, 5) \
    /* (end of the table) */

// The inputs and events one after the other, each NUL-terminated; the codes
// and offsets beside them.
#define SL_CASE_TEXT(in, events, error, offset) in "\0" events "\0"
#define SL_CASE_CODE(in, events, error, offset) {E::error, offset},
#define SL_CASE_IN_SIZE(in, events, error, offset) sizeof(in),
#define SL_CASE_EVENTS_SIZE(in, events, error, offset) sizeof(events),
const char kCaseText[] SL_PROGMEM = SL_PARSER_CASES(SL_CASE_TEXT);
struct CaseCode {
  E::Code error;
  uint8_t offset;
};
const CaseCode kCaseCodes[] SL_PROGMEM = {SL_PARSER_CASES(SL_CASE_CODE)};
constexpr size_t kCaseCount = sizeof kCaseCodes / sizeof kCaseCodes[0];
constexpr size_t kInSizes[] = {SL_PARSER_CASES(SL_CASE_IN_SIZE)};
constexpr size_t kEventsSizes[] = {SL_PARSER_CASES(SL_CASE_EVENTS_SIZE)};
constexpr size_t largest(const size_t* s, size_t n, size_t m = 0) {
  return n == 0 ? m : largest(s + 1, n - 1, s[0] > m ? s[0] : m);
}

// One case of the table, copied out of flash.
struct Case {
  char in[largest(kInSizes, kCaseCount)];
  char events[largest(kEventsSizes, kCaseCount)];
  sl::JsonParseError::Code error;
  uint32_t offset;
};

// Walks the table from its first case: next() copies the next case, false
// after the last one.
class CaseTable {
 public:
  bool next(Case& c) {
    if (count_ == kCaseCount) return false;
    copy(c.in);
    copy(c.events);
    c.error = static_cast<E::Code>(SL_FLASH_READ(&kCaseCodes[count_].error));
    c.offset = SL_FLASH_READ(&kCaseCodes[count_].offset);
    ++count_;
    return true;
  }
  size_t count() const { return count_; }
  size_t textRead() const { return text_; }

 private:
  void copy(char* to) {
    while ((*to++ = static_cast<char>(SL_FLASH_READ(kCaseText + text_++))) != 0) {
    }
  }
  size_t count_ = 0;
  size_t text_ = 0;
};
#endif  // SL_JSON_PARSER_PART(1)

bool sameOutcome(const Outcome& a, const Outcome& b) {
  return a.error == b.error && a.offset == b.offset && strcmp(a.events, b.events) == 0;
}

}  // namespace

#if SL_JSON_PARSER_PART(1)
TEST_CASE(parser_table_whole_input) {
  CaseTable cases;
  for (Case c; cases.next(c);) {
    Outcome o;
    run(c.in, strlen(c.in), strlen(c.in), 0, o);
    // Failed parses may have delivered a partial string first: compare the
    // recorded prefix only up to what the table lists.
    if (c.error == E::Ok) {
      CHECK_EQ_STR(o.events, c.events);
    } else {
      CHECK(strncmp(o.events, c.events, strlen(c.events)) == 0);
      CHECK_EQ_INT(o.offset, c.offset);
    }
    if (!CHECK_EQ_INT(o.error, c.error)) {
      CHECK_EQ_STR_P(c.in, "(case above)");
    }
  }
  CHECK_EQ_INT(cases.textRead(), sizeof kCaseText - 1);  // the texts and the codes line up
}

TEST_CASE(parser_chunking_invariance) {
  CaseTable cases;
  for (Case c; cases.next(c);) {
    size_t n = strlen(c.in);
    Outcome whole, other;
    run(c.in, n, n, 0, whole);
    // Through feed(), then through feedPiece() (no inline one-byte path):
    // cut in two anywhere, and in 1..3-byte steps.
    for (int pieces = 0; pieces < 2; ++pieces) {
      for (size_t cut = 0; cut <= n; ++cut) {
        run(c.in, n, cut, 0, other, false, false, pieces != 0);
        if (!CHECK(sameOutcome(whole, other))) {
          CHECK_EQ_STR_P(c.in, "(case above, cut; pieces 1: feedPiece)");
          CHECK_EQ_STR(other.events, whole.events);
          CHECK_EQ_INT(pieces, 0);
          CHECK_EQ_INT(cut, 0);
          break;
        }
      }
      for (size_t step = 1; step <= 3; ++step) {
        run(c.in, n, 0, step, other, false, false, pieces != 0);
        if (!CHECK(sameOutcome(whole, other))) {
          CHECK_EQ_STR_P(c.in, "(case above, byte steps; pieces 1: feedPiece)");
          CHECK_EQ_STR(other.events, whole.events);
          CHECK_EQ_INT(pieces, 0);
        }
      }
    }
  }
}

// parse(source) gives what feed() gives, whatever the source has available
// at each call (all, cut in two anywhere, or 1..3 bytes at a time).
TEST_CASE(parser_pull_matches_feed) {
  CaseTable cases;
  for (Case c; cases.next(c);) {
    size_t n = strlen(c.in);
    Outcome whole, other;
    run(c.in, n, n, 0, whole);
    for (size_t cut = 0; cut <= n; ++cut) {
      run(c.in, n, cut, 0, other, true);
      if (!CHECK(sameOutcome(whole, other))) {
        CHECK_EQ_STR_P(c.in, "(case above, pull)");
        CHECK_EQ_STR(other.events, whole.events);
        CHECK_EQ_INT(other.offset, whole.offset);
        CHECK_EQ_INT(cut, 0);
        break;
      }
    }
    for (size_t step = 1; step <= 3; ++step) {
      run(c.in, n, 0, step, other, true);
      if (!CHECK(sameOutcome(whole, other))) {
        CHECK_EQ_STR_P(c.in, "(case above, pull byte steps)");
        CHECK_EQ_STR(other.events, whole.events);
      }
    }
  }
}

TEST_CASE(parser_long_string_arrives_in_pieces) {
  Recorder r;
  sl::JsonParser p(r);
  CHECK(!p.feed("[\"", 2));
  char chunk[50];
  memset(chunk, 'x', sizeof chunk);
  uint32_t total = 2;
  for (int i = 0; i < 40; ++i) {  // 2000 bytes, RAM stays constant
    CHECK(!p.feed(chunk, sizeof chunk));
    total += sizeof chunk;
  }
  CHECK(!p.feed("\"]", 2));
  CHECK(!p.finish());
  CHECK(p.done());
  CHECK_EQ_INT(r.pieces(), 41);  // 40 StringParts + the final (empty) String
  CHECK(r.overflow());           // the recorder kept only the start
  CHECK_EQ_INT(p.errorOffset(), total + 2);
}

TEST_CASE(parser_depth_limit) {
  char buf[2 * SL_JSON_MAX_DEPTH + 4];
  size_t n = 0;
  for (int i = 0; i < SL_JSON_MAX_DEPTH; ++i) buf[n++] = '[';
  for (int i = 0; i < SL_JSON_MAX_DEPTH; ++i) buf[n++] = ']';
  sl::JsonParser ok;
  CHECK(!ok.feed(buf, n));
  CHECK(!ok.finish());
  // one more level: TooDeep at the offending bracket
  sl::JsonParser deep;
  for (int i = 0; i <= SL_JSON_MAX_DEPTH; ++i) buf[i] = (i & 1) ? '[' : '[';
  sl::JsonParseError e = deep.feed(buf, SL_JSON_MAX_DEPTH + 1);
  CHECK(e == E::TooDeep);
  CHECK_EQ_INT(deep.errorOffset(), SL_JSON_MAX_DEPTH);
  // objects and arrays mixed: the bit-stack restores the kind on the way out
  const char* mixed = "{\"a\":[{\"b\":[[{}]]},1],\"c\":{\"d\":[]}}";
  sl::JsonParser m;
  CHECK(!m.feed(mixed, strlen(mixed)));
  CHECK(!m.finish());
}

// Kinds mixed over all SL_JSON_MAX_DEPTH levels (across the bytes of the
// bit stack): every closer must match the kind restored on the way out, and
// the wrong one is refused at any depth.
TEST_CASE(parser_deep_mixed_kinds_restore_across_bytes) {
  char buf[6 * SL_JSON_MAX_DEPTH + 8];
  for (int wrongAt = -1; wrongAt < SL_JSON_MAX_DEPTH; ++wrongAt) {
    size_t n = 0;
    for (int i = 0; i < SL_JSON_MAX_DEPTH; ++i) {
      if (i % 3 == 1) {  // an object: one member, whose value is the next level
        memcpy(buf + n, "{\"k\":", 5);
        n += 5;
      } else {
        buf[n++] = '[';
      }
    }
    buf[n++] = '1';  // the innermost value
    size_t bad = 0;
    for (int i = SL_JSON_MAX_DEPTH - 1; i >= 0; --i) {
      char close = i % 3 == 1 ? '}' : ']';
      if (i == wrongAt) {
        close = close == '}' ? ']' : '}';
        bad = n;
      }
      buf[n++] = close;
    }
    sl::JsonParser p;
    sl::JsonParseError e = p.feed(buf, n);
    if (wrongAt < 0) {
      CHECK(!e);
      CHECK(!p.finish());
    } else {
      CHECK(e == E::UnexpectedByte);
      CHECK_EQ_INT(p.errorOffset(), bad);
    }
  }
}

TEST_CASE(parser_errors_are_sticky_and_named) {
  sl::JsonParser p;
  CHECK(p.feed("[1,,", 4) == E::UnexpectedByte);
  CHECK(p.feed("2]", 2) == E::UnexpectedByte);
  CHECK(p.finish() == E::UnexpectedByte);
  CHECK_EQ_INT(p.errorOffset(), 3);
  CHECK(p.error().name().equals("unexpected byte"));
  CHECK(E(E::TooDeep).name().equals("nesting too deep"));
  CHECK(E(E::Ok).name().equals("ok"));
  for (uint8_t c = 0; c < E::CodeCount; ++c) CHECK(E::name(static_cast<E::Code>(c)).length() > 1);
  p.reset();
  CHECK(!p.feed("[2]", 3));
  CHECK(!p.finish());
}

TEST_CASE(parser_handler_can_abort) {
  Recorder r;
  r.stopAfter(2);
  sl::JsonParser p(r);
  CHECK(p.feed("[1,2,3]", 7) == E::Aborted);
  CHECK_EQ_STR(r.text(), "[ n1");
}

namespace {
// Stops the parse at its `stopAt`-th event that is not a string piece (how
// strings are cut into pieces depends on the chunking; the other events do
// not).
class StopAt : public sl::JsonHandler {
 public:
  explicit StopAt(int stopAt) : stopAt_(stopAt), seen_(0) {}
  bool onJson(sl::JsonEvent e, const sl::JsonParser&) override {
    if (e == sl::JsonEvent::StringPart || e == sl::JsonEvent::KeyPart) return true;
    return ++seen_ != stopAt_;
  }

 private:
  int stopAt_;
  int seen_;
};
}  // namespace

// A handler that stops the parse gets the same Aborted offset however the
// bytes came: in one chunk, one byte per feed(), or pulled by parse().
TEST_CASE(parser_abort_offset_does_not_depend_on_chunking) {
  static const char* const kDocs[] = {
      " {\"a\":1, \"bc\": [true, null, {}], \"d\": \"x\\ny\"} ",
      "[ [1], [], -2.5e3, \"q\", false ]",
      "{\"k\":{\"l\":[{\"m\":\"v\"}]}}",
  };
  for (const char* doc : kDocs) {
    const size_t n = strlen(doc);
    for (int stop = 1; stop < 40; ++stop) {
      uint32_t offsets[3];
      E::Code codes[3];
      for (int mode = 0; mode < 3; ++mode) {
        StopAt h(stop);
        sl::JsonParser p(h);
        const uint8_t* d = reinterpret_cast<const uint8_t*>(doc);
        if (mode == 0) {
          (void)p.feed(d, n);
        } else if (mode == 1) {
          for (size_t i = 0; i < n && !p.feed(d + i, 1); ++i) {
          }
        } else {
          Source src = {d, d + n};
          (void)p.parse(src);
        }
        (void)p.finish();
        codes[mode] = p.error().code();
        offsets[mode] = p.errorOffset();
      }
      CHECK_EQ_INT(codes[1], codes[0]);
      CHECK_EQ_INT(codes[2], codes[0]);
      CHECK_EQ_INT(offsets[1], offsets[0]);
      CHECK_EQ_INT(offsets[2], offsets[0]);
    }
  }
}

namespace {
// Captures the last number event as a JsonNumber conversion result.
class NumberProbe : public sl::JsonHandler {
 public:
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    if (e == sl::JsonEvent::Number) {
      sl::JsonNumber n = p.number();
      st32 = n.toInt32(i32);
#if SL_USE_INT64
      st64 = n.toInt64(i64);
#endif
      stD = n.toDouble(d);
      truncated = n.truncated();
      integer = n.isInteger();
    }
    return true;
  }
  int32_t i32 = 0;
  int64_t i64 = 0;
  double d = 0;
  sl::JsonNumber::Status st32 = sl::JsonNumber::Ok, st64 = sl::JsonNumber::Ok, stD = sl::JsonNumber::Ok;
  bool truncated = false, integer = false;
};

NumberProbe probe(const char* text) {
  NumberProbe h;
  sl::JsonParser p(h);
  (void)p.feed(text, strlen(text));
  (void)p.finish();
  return h;
}

bool near(double got, double want) {
  double diff = got - want;
  if (diff < 0) diff = -diff;
  double mag = want < 0 ? -want : want;
  return diff <= mag * 1e-6 || diff == 0;  // float on AVR
}
}  // namespace

TEST_CASE(parser_numbers_convert_on_request) {
  using N = sl::JsonNumber;
  NumberProbe h = probe("75");
  CHECK_EQ_INT(h.i32, 75);
  CHECK(h.st32 == N::Ok && h.integer && !h.truncated);
  h = probe("-2147483648");
  CHECK_EQ_INT(h.i32, -2147483647 - 1);
  CHECK(h.st32 == N::Ok);
  h = probe("2147483648");
  CHECK(h.st32 == N::Overflow);
  CHECK_EQ_INT(h.i32, 2147483647);
  h = probe("-2147483649");
  CHECK(h.st32 == N::Overflow);
  CHECK_EQ_INT(h.i32, -2147483647 - 1);
  h = probe("2147483647");
  CHECK(h.st32 == N::Ok);
  CHECK_EQ_INT(h.i32, 2147483647);
  h = probe("2147483650");  // last digit over, the rest equal to the limit's
  CHECK(h.st32 == N::Overflow);
  h = probe("-2147483640");
  CHECK(h.st32 == N::Ok);
  CHECK_EQ_INT(h.i32, -2147483640);
  h = probe("21474836470");
  CHECK(h.st32 == N::Overflow);
#if SL_USE_INT64
  h = probe("9223372036854775807");
  CHECK(h.st64 == N::Ok);
  CHECK(h.i64 == 9223372036854775807LL);
  h = probe("-9223372036854775808");
  CHECK(h.st64 == N::Ok);
  CHECK(h.i64 == -9223372036854775807LL - 1);
  h = probe("9223372036854775808");
  CHECK(h.st64 == N::Overflow);
  h = probe("-9223372036854775809");
  CHECK(h.st64 == N::Overflow);
  CHECK(h.i64 == -9223372036854775807LL - 1);
#endif
  h = probe("1.5");
  CHECK(h.st32 == N::NotInteger);
  CHECK_EQ_INT(h.i32, 1);
  CHECK(h.d == 1.5);
  h = probe("-0.25e2");
  CHECK(h.d == -25.0);
  h = probe("1e400");
  CHECK(h.stD == N::Overflow);
  h = probe("1e-400");
  CHECK(h.stD == N::Ok && h.d == 0.0);
  h = probe("123456789012345678901234567890123456789");  // longer than the buffer
  CHECK(h.truncated);
  CHECK(h.st32 == N::Overflow);
  CHECK(near(h.d, 1.2345678901234568e38));
  h = probe("0.0000000000000000000000000000000000000001234e5");
  CHECK(h.truncated);
  CHECK(near(h.d, 1.234e-35));
  h = probe("1.00000000000000000000000000000000000000000000005e3");
  CHECK(near(h.d, 1000.0));
  h = probe("0.1");
  CHECK(h.d == 0.1);
  h = probe("3.141592653589793");
  CHECK(h.d == 3.141592653589793);
  h = probe("1e22");
  CHECK(h.d == 1e22);
  CHECK(sl::JsonNumber("42", 2).isInteger());
  CHECK(!sl::JsonNumber("4e2", 3).isInteger());
}

// A fraction of leading zeros longer than the text buffer many times over:
// each time the text fills, the kept zeros go and the exponent adjustment
// remembers them. It must saturate (the default parser stops at -30000),
// not wrap past -32768 into a large positive exponent: 0.(40,000 zeros)1
// is about 1e-40001, which converts to 0, not to an overflow.
TEST_CASE(parser_long_zero_fraction_saturates_its_exponent) {
  NumberProbe h;
  sl::JsonParser p(h);
  (void)p.feed("[0.", 3);
  char zeros[50];
  memset(zeros, '0', sizeof zeros);
  for (int i = 0; i < 800; ++i) (void)p.feed(zeros, sizeof zeros);
  (void)p.feed("1]", 2);
  CHECK(!p.finish());
  CHECK(h.truncated);
  CHECK(h.stD == sl::JsonNumber::Ok);
  CHECK(h.d == 0.0);
}

TEST_CASE(parser_state_is_small) {
  // The documented size: 65 bytes on AVR (16-bit pointers), 104 on 64-bit hosts.
  CHECK(sizeof(sl::JsonParser) <= (sizeof(void*) == 2 ? 65u : 104u));
}

#endif  // SL_JSON_PARSER_PART(1)

#if SL_JSON_PARSER_PART(2)
namespace {
class KeyCounter : public sl::JsonHandler {
 public:
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    if (e == sl::JsonEvent::KeyPart) ++parts;
    if (e == sl::JsonEvent::Key) {
      ++keys;
      lastLen = p.length();
      if (p.length() < sizeof last) {
        memcpy(last, p.data(), p.length());
        last[p.length()] = 0;
      }
    }
    return true;
  }
  int parts = 0, keys = 0;
  size_t lastLen = 0;
  char last[24] = {0};
};
}  // namespace

TEST_CASE(parser_short_keys_arrive_whole_whatever_the_chunking) {
  // Fed one byte at a time, with an escape inside: still one Key event.
  const char* in = "{\"ab\\u0063d\\u00e9f\":1}";
  KeyCounter k;
  sl::JsonParser p(k);
  for (size_t i = 0; in[i]; ++i) REQUIRE(!p.feed(in + i, 1));
  CHECK(!p.finish());
  CHECK_EQ_INT(k.parts, 0);
  CHECK_EQ_INT(k.keys, 1);
  CHECK_EQ_STR(k.last, "abcd\xc3\xa9" "f");
  // A key longer than SL_JSON_KEY_BUFFER arrives in pieces (joined: the same).
  char longKey[SL_JSON_KEY_BUFFER + 12];
  size_t n = 0;
  longKey[n++] = '{';
  longKey[n++] = '"';
  for (int i = 0; i < SL_JSON_KEY_BUFFER + 4; ++i) longKey[n++] = static_cast<char>('a' + i % 26);
  longKey[n++] = '"';
  longKey[n++] = ':';
  longKey[n++] = '0';
  longKey[n++] = '}';
  KeyCounter l;
  sl::JsonParser q(l);
  for (size_t i = 0; i < n; ++i) REQUIRE(!q.feed(longKey + i, 1));
  CHECK(!q.finish());
  CHECK(l.parts >= 1);
  CHECK_EQ_INT(l.keys, 1);
  Outcome whole, bytes;
  run(longKey, n, n, 0, whole);
  run(longKey, n, 0, 1, bytes);
  CHECK_EQ_STR(bytes.events, whole.events);
}

// Differential check of parse(source) against feed() on pseudo-random
// documents (nested values built from a few keys, strings with escapes and
// UTF-8, numbers, literals; a quarter of them then damaged or cut short),
// with a plain and a skipping handler (skipValue(), key filter), the source
// giving 1..5 bytes per call.
namespace {
struct DocGen {
  uint32_t seed;
  char* out;
  size_t len, cap;
  uint32_t next(uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  }
  // `t` is in flash on AVR (the pieces below: RAM is short on the Uno).
  void put(const char* t) {
    for (char c; (c = static_cast<char>(SL_FLASH_READ(t))) != 0; ++t) {
      if (len + 1 < cap) out[len++] = c;
    }
  }
  void value(int depth) {
    static const char kKeys[][36] SL_PROGMEM = {"\"a\"", "\"k\"", "\"xy\"", "\"b\"", "\"k\\u00e9\"", "\"long key past the key buffer 0123\"", "\"\""};
    static const char kStrings[][39] SL_PROGMEM = {"\"\"", "\"plain\"", "\"a value longer than the key buffer!\"", "\"t\\n\\\"x\\\\\"",
                                                   "\"\xc3\xa9\xe2\x82\xac\"", "\"\\ud83d\\ude00\"", "\"\\ud800\""};
    static const char kScalars[][11] SL_PROGMEM = {"0", "1", "23", "-4", "5.5", "6e-7", "1234567890", "true", "false", "null"};
    uint32_t kind = depth >= 3 ? 2 + next(2) : next(4);
    if (kind == 0 || kind == 1) {
      bool object = kind == 0;
      put(object ? SL_PSTR("{") : SL_PSTR("["));
      uint32_t n = next(4);
      for (uint32_t i = 0; i < n; ++i) {
        if (i) put(next(8) ? SL_PSTR(",") : SL_PSTR(" , "));
        if (object) {
          put(kKeys[next(sizeof kKeys / sizeof kKeys[0])]);
          put(SL_PSTR(":"));
        }
        value(depth + 1);
      }
      put(object ? SL_PSTR("}") : SL_PSTR("]"));
    } else if (kind == 2) {
      put(kStrings[next(sizeof kStrings / sizeof kStrings[0])]);
    } else {
      put(kScalars[next(sizeof kScalars / sizeof kScalars[0])]);
    }
  }
};
}  // namespace

TEST_CASE(parser_pull_matches_feed_on_random_documents) {
  static const char kDamage[] = "{}[]\",:\\ x0\x80\xff\t";
  char doc[256];
  DocGen g = {12345u, doc, 0, sizeof doc};
  int mismatches = 0, valid = 0;
#if SL_ARCH_AVR
  const int kIterations = 300;  // the simulated AVR's cycle budget
#else
  const int kIterations = 20000;
#endif
  for (int iter = 0; iter < kIterations; ++iter) {
    g.len = 0;
    g.value(0);
    uint32_t how = g.next(8);
    if (how == 0 && g.len) {
      doc[g.next(static_cast<uint32_t>(g.len))] = kDamage[g.next(sizeof kDamage - 1)];
    } else if (how == 1 && g.len) {
      g.len = g.next(static_cast<uint32_t>(g.len));
    }
    doc[g.len] = 0;
    bool skipping = (iter % 2) == 0;
    // The same availability for both: with a key filter, a key longer than
    // the key buffer is filtered only when it arrives in one piece.
    size_t step = 1 + g.next(5);
    Outcome whole, pulled;
    run(doc, g.len, 0, step, whole, false, skipping);
    if (whole.error == E::Ok) ++valid;
    run(doc, g.len, 0, step, pulled, true, skipping);
    if (!sameOutcome(whole, pulled) && ++mismatches <= 3) {
      CHECK_EQ_STR_P(doc, "(document above: pull differs)");
      CHECK_EQ_STR(pulled.events, whole.events);
      CHECK_EQ_INT(pulled.offset, whole.offset);
      CHECK_EQ_INT(pulled.error, whole.error);
    }
  }
  CHECK_EQ_INT(mismatches, 0);
  CHECK(valid > kIterations / 2);  // most documents are valid JSON: the grammar is exercised
}

// parse() counts bytes in 16 bits between updates of the offset: runs longer
// than 65535 bytes (a skipped string, whitespace) still give exact offsets.
namespace {
struct LongSource {
  uint32_t i, stringLen, spaces;
  int read() {
    uint32_t k = i++;
    if (k == 0) return '[';
    if (k == 1) return '"';
    if (k < 2 + stringLen) return 'a';
    if (k == 2 + stringLen) return '"';
    if (k < 3 + stringLen + spaces) return ' ';
    if (k == 3 + stringLen + spaces) return 'x';
    return -1;
  }
};
}  // namespace

// A key inside a skipped value, at a depth where an earlier object left a
// key filter, is not filtered: the filter's own skip would replace the
// outer one and end it with that key's value (the rest of the skipped
// object then came out as events). Fed whole, byte by byte and pulled.
TEST_CASE(parser_key_filter_inside_skipped_value) {
  static const char kDoc[] = "{\"k\":{\"a\":1},\"xy\":{\"b\":1,\"k\":2,\"c\":\"s\",\"k\":3}}";
  static const size_t kSteps[] = {0, 1, 2, 3};
  for (size_t i = 0; i < sizeof kSteps / sizeof kSteps[0]; ++i) {
    for (int pull = 0; pull < 2; ++pull) {
      Outcome o;
      run(kDoc, sizeof kDoc - 1, 0, kSteps[i], o, pull != 0, true);
      CHECK_EQ_INT(o.error, E::Ok);
      CHECK_EQ_STR_P(o.events, "{ k\"k\" { k\"a\" n1 } k\"xy\" }");
    }
  }
}

// A key longer than the key buffer goes out in pieces, which a key filter
// does not hide: its last piece (after an escape here) is not a whole key
// for the filter either, whatever its first byte. It was, fed in one
// chunk: the Key event was dropped and the member's value skipped.
TEST_CASE(parser_filter_leaves_a_long_keys_last_piece) {
  static const char kDoc[] =
      "{\"a\":{\"b123456789012345678901234567890123456789\\nq\":1,\"k\":2}}";
  static const size_t kSteps[] = {0, 1, 2, 5};
  for (size_t i = 0; i < sizeof kSteps / sizeof kSteps[0]; ++i) {
    for (int pull = 0; pull < 2; ++pull) {
      Outcome o;
      run(kDoc, sizeof kDoc - 1, 0, kSteps[i], o, pull != 0, true);
      CHECK_EQ_INT(o.error, E::Ok);
      CHECK_EQ_STR_P(o.events, "{ k\"a\" { k\"b123456789012345678901234567890123456789\nq\" n1 k\"k\" n2 } }");
    }
  }
}

TEST_CASE(parser_pull_offsets_past_64k) {
  LongSource src = {0, 70000, 70000};
  sl::JsonParser p;  // no handler: the string is only scanned
  CHECK(p.parse(src) == E::UnexpectedByte);
  CHECK_EQ_INT(p.errorOffset(), 3u + 70000u + 70000u);
}

// A source with nothing available every `pause` bytes (read() < 0 once):
// parse() resumes in the middle of long skipped strings and keys, and the
// bytes it counts in its loops (by twos, 256 at a time) stay exact. The
// document, generated byte by byte (no RAM copy):
//   {"k":"<600 a>","<20 b>":"<601 c>"}x
namespace {
struct PausingSource {
  uint32_t i, pause, sincePause;
  static const uint32_t kLength = 6 + 600 + 3 + 20 + 3 + 601 + 3;
  static uint8_t at(uint32_t k) {
    static const char kHead[] = "{\"k\":\"";  // 6 bytes
    if (k < 6) return static_cast<uint8_t>(kHead[k]);
    k -= 6;
    if (k < 600) return 'a';
    k -= 600;
    if (k < 3) return static_cast<uint8_t>("\",\""[k]);
    k -= 3;
    if (k < 20) return 'b';
    k -= 20;
    if (k < 3) return static_cast<uint8_t>("\":\""[k]);
    k -= 3;
    if (k < 601) return 'c';
    k -= 601;
    return static_cast<uint8_t>("\"}x"[k]);
  }
  int read() {
    if (i == kLength) return -1;
    if (++sincePause > pause) {
      sincePause = 0;
      return -1;
    }
    return at(i++);
  }
};
}  // namespace

TEST_CASE(parser_pull_resumes_long_strings_with_exact_offsets) {
  static const uint32_t kPauses[] = {1, 2, 3, 7, 255, 256, 257, 100000};
  for (size_t k = 0; k < sizeof kPauses / sizeof kPauses[0]; ++k) {
    for (int withHandler = 0; withHandler < 2; ++withHandler) {
      Recorder r;
      sl::JsonParser p;
      if (withHandler) p.reset(&r);
      PausingSource src = {0, kPauses[k], 0};
      int calls = 0;
      while (p.parse(src) == E::Ok && src.i < PausingSource::kLength && ++calls < 2000) {
      }
      CHECK(p.error() == E::TrailingData);
      CHECK_EQ_INT(p.errorOffset(), PausingSource::kLength - 1u);
    }
  }
}

// sl::JsonFlashSource: a NUL-terminated document in flash, one byte per
// read(), -1 at the NUL and after it; parse() with it gives what feed() gives.
namespace {
const char kFlashDoc[] SL_PROGMEM = "{\"a\":[1,\"x\\ty\",true],\"long key past the key buffer 0123\":{\"k\":null}} ";
}  // namespace

TEST_CASE(parser_flash_source_matches_feed) {
  char ram[sizeof kFlashDoc];
  for (size_t i = 0; i < sizeof kFlashDoc; ++i) ram[i] = static_cast<char>(SL_FLASH_READ(kFlashDoc + i));
  size_t n = strlen(ram);
  CHECK_EQ_INT(n, sizeof kFlashDoc - 1);
  Outcome fed;
  run(ram, n, n, 0, fed);
  CHECK_EQ_INT(fed.error, E::Ok);
  Recorder r;
  sl::JsonParser p(r);
  sl::JsonFlashSource src(kFlashDoc);
  CHECK(!p.parse(src));
  CHECK_EQ_INT(src.position(), n);
  CHECK_EQ_INT(src.read(), -1);  // stays at the end
  CHECK_EQ_INT(src.read(), -1);
  CHECK_EQ_INT(src.position(), n);
  CHECK(!p.parse(src));  // nothing more: no change
  CHECK(!p.finish());
  CHECK_EQ_STR(r.text(), fed.events);
  CHECK_EQ_INT(p.errorOffset(), n);
  // An error inside: the same offset as feed() reports.
  static const char kBad[] SL_PROGMEM = "[1,2,x]";
  sl::JsonParser q;
  sl::JsonFlashSource bad(kBad);
  CHECK(q.parse(bad) == E::UnexpectedByte);
  CHECK_EQ_INT(q.errorOffset(), 5);
}

// More documents in flash (long values and keys around the key buffer's
// size, escapes, UTF-8, errors), each with a plain and a skipping handler:
// parse(JsonFlashSource&) gives the events, error and offset of feed() one
// byte at a time (with a key filter, a key longer than the key buffer is
// delivered in pieces by both, so neither filters it: see parse()).
namespace {
const char kFlashA[] SL_PROGMEM =
    "{\"a\":\"a value longer than the key buffer! and then some more text past 32\","
    "\"long key past the key buffer 0123456789\":[{\"k\":\"v\"},{\"x\":{\"k\":1}}],"
    "\"k\\u00e9\":\"\\ud83d\\ude00\",\"\":\"\",\"b\":\"t\\n\\\"x\",\"xy\":\"skipped \\\" value\"}";
const char kFlashB[] SL_PROGMEM =
    "[ \"plain\", \"\xc3\xa9\xe2\x82\xac\" , {\"xy\" : [1,2,{\"a\":[true,false,null]}]}, \"\" ]";
const char kFlashC[] SL_PROGMEM =
    "{\"k23456789012345678901\":1,\"k234567890123456789012\":2,\"k2345678901234567890123\":3,"
    "\"k23456789012345678901234\":4,\"k234567890123456789012345\":5,\"k2345678901234567890123456789012\":6,"
    "\"k23456789012345678901234567890123\":7,\"a\\u0062c\":\"x\\u0079z\"}";
const char kFlashD[] SL_PROGMEM = "{\"a\":\"abc\x01\"}";
const char kFlashE[] SL_PROGMEM = "[\"ab\xc3\"]";
const char kFlashF[] SL_PROGMEM = "{\"kk\":1,}";
const char kFlashG[] SL_PROGMEM = "[\"abc";
const char kFlashH[] SL_PROGMEM = "{\"k\" \"v\"}";
// Keys the skipping handler's filter rejects ('b...'), around the key
// buffer's size (24 on AVR, 32 elsewhere), with an escape, and cut short:
// parse() passes over the plain ones that fit and gathers the others.
const char kFlashI[] SL_PROGMEM =
    "{\"b2345678901234567890123\":1,\"b23456789012345678901234\":2,\"b234567890123456789012345\":3,"
    "\"b234567890123456789012345678901\":4,\"b2345678901234567890123456789012\":5,"
    "\"b23456789012345678901234567890123\":6,\"b\\u0061\":7,\"b\":{\"k\":8},\"k\":9,\"bc";
const char* const kFlashDocs[] = {kFlashA, kFlashB, kFlashC, kFlashD, kFlashE, kFlashF, kFlashG, kFlashH, kFlashI};
}  // namespace

TEST_CASE(parser_flash_source_documents_match_feed) {
  static char ram[400];
  for (size_t d = 0; d < sizeof kFlashDocs / sizeof kFlashDocs[0]; ++d) {
    size_t n = 0;
    while (n + 1 < sizeof ram && (ram[n] = static_cast<char>(SL_FLASH_READ(kFlashDocs[d] + n))) != 0) ++n;
    for (int skipping = 0; skipping < 2; ++skipping) {
      Outcome fed;
      run(ram, n, 0, 1, fed, false, skipping != 0);
      Recorder r;
      r.skipping(skipping != 0);
      sl::JsonParser p(r);
      sl::JsonFlashSource src(kFlashDocs[d]);
      sl::JsonParseError e = p.parse(src);
      if (!e) e = p.finish();
      r.dropUnfinished();
      bool same = e.code() == fed.error && p.errorOffset() == fed.offset && strcmp(r.text(), fed.events) == 0;
      if (!CHECK(same)) {
        CHECK_EQ_INT(d, 99);
        CHECK_EQ_INT(skipping, 99);
        CHECK_EQ_STR(r.text(), fed.events);
        CHECK_EQ_INT(p.errorOffset(), fed.offset);
        CHECK_EQ_INT(e.code(), fed.error);
      }
    }
  }
}

// The plain-byte runs parse() takes from a JsonFlashSource (assembler on
// AVR): every byte value 1..255 on its own (then the NUL), and the room limit.
namespace {
#define SL_B(x) x, 0,
#define SL_R16(x)                                                                                                 \
  SL_B(x) SL_B(x + 1) SL_B(x + 2) SL_B(x + 3) SL_B(x + 4) SL_B(x + 5) SL_B(x + 6) SL_B(x + 7) SL_B(x + 8) SL_B(x + 9) \
      SL_B(x + 10) SL_B(x + 11) SL_B(x + 12) SL_B(x + 13) SL_B(x + 14) SL_B(x + 15)
const uint8_t kEachByte[255 * 2] SL_PROGMEM = {
    SL_B(1) SL_B(2) SL_B(3) SL_B(4) SL_B(5) SL_B(6) SL_B(7) SL_B(8) SL_B(9) SL_B(10) SL_B(11) SL_B(12) SL_B(13)
        SL_B(14) SL_B(15) SL_R16(16) SL_R16(32) SL_R16(48) SL_R16(64) SL_R16(80) SL_R16(96) SL_R16(112) SL_R16(128)
            SL_R16(144) SL_R16(160) SL_R16(176) SL_R16(192) SL_R16(208) SL_R16(224) SL_R16(240)};
#undef SL_B
#undef SL_R16
const char kRun[] SL_PROGMEM = "ab cd!#~\x7f\"x";
}  // namespace

TEST_CASE(parser_flash_source_plain_runs) {
  int wrong = 0;
  for (int v = 1; v < 256; ++v) {
    bool plain = v >= 0x20 && v < 0x80 && v != '"' && v != '\\';
    sl::JsonFlashSource a(kEachByte + (v - 1) * 2);
    size_t skipped = sl::detail::skipPlainRun(a);
    uint8_t buf[4] = {0, 0, 0, 0};
    sl::JsonFlashSource b(kEachByte + (v - 1) * 2);
    uint8_t copied = sl::detail::copyPlainRun(b, buf, 4);
    bool ok = skipped == (plain ? 1u : 0u) && copied == (plain ? 1 : 0) && (!plain || buf[0] == v) && buf[1] == 0 &&
              a.position() == skipped && b.position() == copied;
    if (!ok && ++wrong <= 3) CHECK_EQ_INT(v, -1);
  }
  CHECK_EQ_INT(wrong, 0);
  sl::JsonFlashSource s(kRun);
  CHECK_EQ_INT(sl::detail::skipPlainRun(s), 9);
  CHECK_EQ_INT(s.read(), '"');
  sl::JsonFlashSource t(kRun);
  uint8_t buf[12];
  CHECK_EQ_INT(sl::detail::copyPlainRun(t, buf, 0), 0);
  CHECK_EQ_INT(sl::detail::copyPlainRun(t, buf, 4), 4);
  CHECK_EQ_INT(t.position(), 4);
  CHECK_EQ_INT(sl::detail::copyPlainRun(t, buf + 4, 8), 5);
  CHECK(memcmp(buf, "ab cd!#~\x7f", 9) == 0);
  CHECK_EQ_INT(t.read(), '"');
  CHECK_EQ_INT(t.read(), 'x');
  CHECK_EQ_INT(t.read(), -1);
}

// Long runs of plain string bytes (the compact parser takes a run in a tight
// loop up to the first byte that is not plain or the chunk's end): a
// 260-byte run (its count past 8 bits) ended by '"', an escape, UTF-8, a
// control character and a stray continuation byte, fed whole, cut in two at
// every point and in chunks of 1, 2, 3, 16, 255 and 256 bytes: the same
// bytes delivered, the same error and offset; in the compact build a plain
// string value's pieces are cut exactly at the chunk ends inside it (one
// StringPart per chunk end, then the String at the quote).
namespace {
// The i-th plain byte of a run: 0x20..0x7F but '"' and '\\', in turn.
uint8_t plainAt(size_t i) {
  uint8_t b = static_cast<uint8_t>(0x20 + i % 94);
  if (b >= '"') ++b;
  if (b >= '\\') ++b;
  return b;
}
const size_t kRunLen = 260;
// The tails after the run: their bytes in the document, what they decode to
// in the string (Ok ones), the error at the tail's first byte otherwise.
struct RunTail {
  const char* bytes;
  const char* decoded;
  E::Code error;
};
const RunTail kRunTails[] = {
    {"", "", E::Ok},
    {"\\n", "\n", E::Ok},
    {"\xc3\xa9", "\xc3\xa9", E::Ok},
    {"\x1f", "", E::ControlCharacter},
    {"\x80", "", E::InvalidUtf8},
};
// Checks every delivered string byte against the run then the tail's
// decoded bytes; counts the pieces.
class RunChecker : public sl::JsonHandler {
 public:
  explicit RunChecker(const char* decoded) : decoded_(decoded) {}
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    if (!sl::isStringEvent(e)) return true;
    ++pieces;
    for (size_t i = 0; i < p.length(); ++i, ++at) {
      if (at >= kRunLen + strlen(decoded_) ||
          p.data()[i] != (at < kRunLen ? plainAt(at) : static_cast<uint8_t>(decoded_[at - kRunLen]))) {
        ++wrong;
      }
    }
    if (e == sl::JsonEvent::String) ended = true;
    return true;
  }
  size_t at = 0;
  int pieces = 0, wrong = 0;
  bool ended = false;

 private:
  const char* decoded_;
};
}  // namespace

TEST_CASE(parser_long_plain_runs_whatever_the_chunking) {
  uint8_t doc[kRunLen + 8];  // (on the stack: the Uno's static RAM is full)
  static const size_t kSteps[] = {1, 2, 3, 16, 255, 256};
  for (size_t t = 0; t < sizeof kRunTails / sizeof kRunTails[0]; ++t) {
    const RunTail& tail = kRunTails[t];
    size_t n = 0;
    doc[n++] = '[';
    doc[n++] = '"';
    for (size_t i = 0; i < kRunLen; ++i) doc[n++] = plainAt(i);
    for (const char* b = tail.bytes; *b; ++b) doc[n++] = static_cast<uint8_t>(*b);
    doc[n++] = '"';
    doc[n++] = ']';
    const size_t decodedLen = strlen(tail.decoded);
    // mode 0: whole; 1..n: cut there; then the steps
    const size_t kModes = 1 + n + sizeof kSteps / sizeof kSteps[0];
    int failures = 0;
    for (size_t mode = 0; mode < kModes; ++mode) {
      size_t cut = mode == 0 ? n : mode <= n ? mode - 1 : 0;
      size_t step = mode <= n ? 0 : kSteps[mode - 1 - n];
      RunChecker r(tail.decoded);
      sl::JsonParser p(r);
      sl::JsonParseError e = p.feed(doc, cut);
      int cutsInside = cut > 2 && cut <= 2 + kRunLen ? 1 : 0;  // chunk ends inside the run
      for (size_t pos = cut; !e && pos < n;) {
        size_t k = step && n - pos > step ? step : n - pos;
        e = p.feed(doc + pos, k);
        pos += k;
        if (pos > 2 && pos <= 2 + kRunLen && pos < n) ++cutsInside;
      }
      if (!e) e = p.finish();
      bool ok = e.code() == tail.error && r.wrong == 0;
      if (tail.error == E::Ok) {
        ok = ok && r.ended && r.at == kRunLen + decodedLen && p.errorOffset() == n;
#if SL_JSON_PARSER_SMALL
        if (!*tail.bytes) ok = ok && r.pieces == 1 + cutsInside;
#endif
      } else {
        ok = ok && !r.ended && p.errorOffset() == 2 + kRunLen;
      }
      if (!ok && ++failures <= 2) {
        CHECK_EQ_INT(t, 99);
        CHECK_EQ_INT(mode, 9999);
        CHECK_EQ_INT(e.code(), tail.error);
        CHECK_EQ_INT(p.errorOffset(), tail.error == E::Ok ? n : 2 + kRunLen);
        CHECK_EQ_INT(r.wrong, 0);
        CHECK_EQ_INT(r.at, tail.error == E::Ok ? kRunLen + decodedLen : r.at);
        CHECK_EQ_INT(r.pieces, 1 + cutsInside);
      }
    }
    CHECK_EQ_INT(failures, 0);
  }
}

// Runs past offset 65,535: "[\"" then 66,000 plain bytes fed in 61-byte
// chunks (a run each; one crosses 65,536), then a control character
// (ControlCharacter at 66,002) or the end of the string and the array
// (66,004 bytes taken).
TEST_CASE(parser_plain_runs_count_offsets_past_64k) {
  uint8_t chunk[61];
  for (size_t i = 0; i < sizeof chunk; ++i) chunk[i] = plainAt(i);
  for (int end = 0; end < 2; ++end) {
    sl::JsonParser p;  // no handler: validation only
    CHECK(!p.feed("[\"", 2));
    uint32_t left = 66000;
    while (left) {
      size_t k = left < sizeof chunk ? left : sizeof chunk;
      if (!CHECK(!p.feed(chunk, k))) break;
      left -= k;
    }
    CHECK_EQ_INT(p.errorOffset(), 66002u);
    if (end) {
      CHECK(!p.feed("\"]", 2));
      CHECK(!p.finish());
      CHECK_EQ_INT(p.errorOffset(), 66004u);
    } else {
      CHECK(p.feed("\x01\"]", 3) == E::ControlCharacter);
      CHECK_EQ_INT(p.errorOffset(), 66002u);
    }
  }
}
#endif  // SL_JSON_PARSER_PART(2)
