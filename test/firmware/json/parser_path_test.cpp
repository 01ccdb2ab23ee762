// sl::JsonPathMatcher + sl::JsonValueCapture: values by path without a tree,
// the form-submission pattern (value before or after refName), chunking.
#include <string.h>

#include "SlTest.h"
#include "json/JsonParser.h"
#include "json/JsonPathMatcher.h"
#include "json/JsonValueCapture.h"

namespace {

// Records matches as "<path>:<event>" tokens, string pieces joined.
class MatchRecorder : public sl::JsonMatchHandler {
 public:
  MatchRecorder() : len_(0), inString_(false) { buf_[0] = 0; }
  bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    if (sl::isStringEvent(e)) {
      if (!inString_) {
        token(path);
        put('"');
        inString_ = true;
      }
      for (size_t i = 0; i < p.length(); ++i) put(static_cast<char>(p.data()[i]));
      if (e == JsonEvent::String) {
        put('"');
        inString_ = false;
      }
      return true;
    }
    token(path);
    switch (e) {
      case JsonEvent::BeginObject: put('{'); break;
      case JsonEvent::EndObject: put('}'); break;
      case JsonEvent::BeginArray: put('['); break;
      case JsonEvent::EndArray: put(']'); break;
      case JsonEvent::Number:
        for (size_t i = 0; i < p.length(); ++i) put(static_cast<char>(p.data()[i]));
        break;
      case JsonEvent::True: put('T'); break;
      case JsonEvent::False: put('F'); break;
      case JsonEvent::Null: put('N'); break;
      default: break;
    }
    return true;
  }
  const char* text() const { return buf_; }

 private:
  void token(uint8_t path) {
    if (len_) put(' ');
    put(static_cast<char>('0' + path));
    put(':');
  }
  void put(char c) {
    if (len_ + 1 < sizeof buf_) {
      buf_[len_++] = c;
      buf_[len_] = 0;
    }
  }
  char buf_[160];
  size_t len_;
  bool inString_;
};

// A Stream-like source for JsonParser::parse(): bytes up to `avail`, then -1.
struct Source {
  const char* p;
  const char* avail;
  int read() { return p < avail ? static_cast<uint8_t>(*p++) : -1; }
};

// Feeds json[pos, pos + k): with feed(), or made available to parse().
sl::JsonParseError give(sl::JsonParser& p, Source& src, const char* json, size_t pos, size_t k, bool pull) {
  if (!pull) return p.feed(json + pos, k);
  src.avail = json + pos + k;
  return p.parse(src);
}

// Runs `json` through a matcher on `paths`, fed in `step`-byte chunks (0 = whole).
bool matchText(const char* const* paths, uint8_t count, const char* json, size_t step, char* out, size_t outLen,
               bool pull = false) {
  MatchRecorder rec;
  sl::JsonPathMatcher m(paths, count, rec);
  sl::JsonParser p(m);
  Source src = {json, json};
  size_t n = strlen(json);
  if (!step) step = n ? n : 1;
  for (size_t pos = 0; pos < n; pos += step) {
    if (give(p, src, json, pos, n - pos < step ? n - pos : step, pull)) return false;
  }
  if (p.finish()) return false;
  strncpy(out, rec.text(), outLen - 1);
  out[outLen - 1] = 0;
  return true;
}

// Paths live in flash on AVR (the matcher reads them with pgm_read_*), so
// each case's paths are separate SL_PROGMEM strings.
const char kP0_0[] SL_PROGMEM = "a";
const char kP0_1[] SL_PROGMEM = "b";
const char* const kP0[] SL_PROGMEM = {kP0_0, kP0_1};
const char kP1_0[] SL_PROGMEM = "a.b";
const char* const kP1[] SL_PROGMEM = {kP1_0};
const char kP2_0[] SL_PROGMEM = "";
const char* const kP2[] SL_PROGMEM = {kP2_0};
const char kP3_0[] SL_PROGMEM = "";
const char* const kP3[] SL_PROGMEM = {kP3_0};
const char kP4_0[] SL_PROGMEM = "[*]";
const char* const kP4[] SL_PROGMEM = {kP4_0};
const char kP5_0[] SL_PROGMEM = "[*].id";
const char* const kP5[] SL_PROGMEM = {kP5_0};
const char kP6_0[] SL_PROGMEM = "a[*][*]";
const char* const kP6[] SL_PROGMEM = {kP6_0};
const char kP7_0[] SL_PROGMEM = "ref";
const char kP7_1[] SL_PROGMEM = "refName";
const char* const kP7[] SL_PROGMEM = {kP7_0, kP7_1};
const char kP8_0[] SL_PROGMEM = "k\xc3\xa9";
const char* const kP8[] SL_PROGMEM = {kP8_0};
const char kP9_0[] SL_PROGMEM = "a.b.c";
const char kP9_1[] SL_PROGMEM = "a.b";
const char kP9_2[] SL_PROGMEM = "a";
const char* const kP9[] SL_PROGMEM = {kP9_0, kP9_1, kP9_2};
const char kP10_0[] SL_PROGMEM = "a[*].b";
const char* const kP10[] SL_PROGMEM = {kP10_0};
const char kP11_0[] SL_PROGMEM = "a.b";
const char* const kP11[] SL_PROGMEM = {kP11_0};
const char kP12_0[] SL_PROGMEM = "s";
const char* const kP12[] SL_PROGMEM = {kP12_0};

const char kP13_0[] SL_PROGMEM = "abc";
const char kP13_1[] SL_PROGMEM = "abd";
const char kP13_2[] SL_PROGMEM = "ab";
const char* const kP13[] SL_PROGMEM = {kP13_0, kP13_1, kP13_2};
const char kP14_0[] SL_PROGMEM = "x.y";
const char kP14_1[] SL_PROGMEM = "x.z";
const char kP14_2[] SL_PROGMEM = "x";
const char* const kP14[] SL_PROGMEM = {kP14_0, kP14_1, kP14_2};
// Paths whose segments start alike but are not listed next to each other
// (otherKeys()), and a key whose first byte is NUL.
const char kP15_0[] SL_PROGMEM = "ab";
const char kP15_1[] SL_PROGMEM = "x";
const char kP15_2[] SL_PROGMEM = "ac";
const char kP15_3[] SL_PROGMEM = "abc";
const char* const kP15[] SL_PROGMEM = {kP15_0, kP15_1, kP15_2, kP15_3};
// Keys of an object after a nested object and after a nested array closed
// (the key filter of the level left behind).
const char kP16_0[] SL_PROGMEM = "a.b";
const char kP16_1[] SL_PROGMEM = "a.c.d";
const char kP16_2[] SL_PROGMEM = "a.e[*].f";
const char* const kP16[] SL_PROGMEM = {kP16_0, kP16_1, kP16_2};

// The table: X(paths, count, json, want), `paths` an SL_PROGMEM array of
// `count` SL_PROGMEM strings. The documents and the expected matches are in
// flash on AVR too (about 1.1 KB as RAM data, on the Uno's 2 KB); each case
// is copied into RAM to be run.
#define SL_PATH_CASES(X) \
    X(kP13, 3, "{\"abd\":1,\"ab\":2,\"abc\":3,\"abcd\":4,\"a\":5}", "1:1 2:2 0:3") \
    X(kP14, 3, "{\"x\":{\"y\":1,\"w\":{\"y\":0},\"z\":2},\"y\":3}", "2:{ 0:1 1:2 2:}") \
    X(kP16, 3, \
      "{\"a\":{\"c\":{\"e\":1,\"d\":2},\"b\":3,\"e\":[1,{\"g\":0},{\"f\":5}],\"b\":6,\"e\":[7],\"c\":{\"d\":4}," \
      "\"x\":{\"b\":0}},\"b\":0}", \
      "1:2 0:3 2:5 0:6 1:4") \
    X(kP15, 4, "{\"ac\":1,\"x\":2,\"\\u0000b\":0,\"ab\":3,\"abc\":4,\"a\":5,\"abcd\":6}", "2:1 1:2 0:3 3:4") \
    X(kP0, 2, "{\"a\":1,\"b\":\"x\",\"c\":2}", "0:1 1:\"x\"") \
    X(kP1, 1, "{\"a\":{\"b\":true,\"c\":{\"b\":false}},\"b\":null}", "0:T") \
    X(kP2, 1, "[1]", "0:[ 0:]") \
    X(kP3, 1, "\"top\"", "0:\"top\"") \
    X(kP4, 1, "[1,[2],{\"a\":3},\"s\"]", "0:1 0:[ 0:] 0:{ 0:} 0:\"s\"") \
    X(kP5, 1, "[{\"id\":1},{\"x\":{\"id\":9}},{\"id\":\"two\"}]", "0:1 0:\"two\"") \
    X(kP6, 1, "{\"a\":[[1,2],[3],4]}", "0:1 0:2 0:3") \
    X(kP7, 2, "{\"refName\":\"r\",\"ref\":\"q\",\"re\":0}", "1:\"r\" 0:\"q\"") \
    X(kP8, 1, "{\"k\\u00e9\":5,\"k\":6}", "0:5") \
    X(kP9, 3, "{\"a\":{\"b\":{\"c\":7}}}", "2:{ 1:{ 0:7 1:} 2:}") \
    X(kP10, 1, "{\"a\":{\"x\":{\"b\":1}},\"z\":[{\"b\":2}]}", "") \
    X(kP11, 1, "{\"a\":[{\"b\":1}],\"x\":{\"a\":{\"b\":2}},\"a\":{\"b\":3}}", "0:3") \
    X(kP12, 1, "{\"t\":\"long \\\"escaped\\\" text\",\"s\":\"a\\nb\"}", "0:\"a\nb\"") \
    /* Keys holding '.' or '[' never match across a segment end. */ \
    X(kP1, 1, "{\"a.b\":1,\"a\":{\"b.\":3,\"b\":2}}", "0:2") \
    X(kP6, 1, "{\"a[*]\":[[9]],\"a\":[[7]]}", "0:7") \
    /* (end of the table) */

// The documents and the expected matches one after the other, each
// NUL-terminated; the paths beside them.
#define SL_PATH_CASE_TEXT(paths, count, json, want) json "\0" want "\0"
#define SL_PATH_CASE_PATHS(paths, count, json, want) {paths, count},
#define SL_PATH_CASE_JSON_SIZE(paths, count, json, want) sizeof(json),
#define SL_PATH_CASE_WANT_SIZE(paths, count, json, want) sizeof(want),
const char kPathCaseText[] SL_PROGMEM = SL_PATH_CASES(SL_PATH_CASE_TEXT);
struct PathCasePaths {
  const char* const* paths;  // SL_PROGMEM array of SL_PROGMEM strings
  uint8_t count;
};
const PathCasePaths kPathCasePaths[] = {SL_PATH_CASES(SL_PATH_CASE_PATHS)};
constexpr size_t kPathCaseCount = sizeof kPathCasePaths / sizeof kPathCasePaths[0];
constexpr size_t kJsonSizes[] = {SL_PATH_CASES(SL_PATH_CASE_JSON_SIZE)};
constexpr size_t kWantSizes[] = {SL_PATH_CASES(SL_PATH_CASE_WANT_SIZE)};
constexpr size_t largest(const size_t* s, size_t n, size_t m = 0) {
  return n == 0 ? m : largest(s + 1, n - 1, s[0] > m ? s[0] : m);
}

// One case of the table, its texts copied out of flash.
struct PathCase {
  const char* const* paths;
  uint8_t count;
  char json[largest(kJsonSizes, kPathCaseCount)];
  char want[largest(kWantSizes, kPathCaseCount)];
};

// Walks the table from its first case: next() copies the next case, false
// after the last one.
class PathCaseTable {
 public:
  bool next(PathCase& c) {
    if (count_ == kPathCaseCount) return false;
    c.paths = kPathCasePaths[count_].paths;
    c.count = kPathCasePaths[count_].count;
    copy(c.json);
    copy(c.want);
    ++count_;
    return true;
  }
  size_t textRead() const { return text_; }

 private:
  void copy(char* to) {
    while ((*to++ = static_cast<char>(SL_FLASH_READ(kPathCaseText + text_++))) != 0) {
    }
  }
  size_t count_ = 0;
  size_t text_ = 0;
};

}  // namespace

TEST_CASE(path_table_and_chunking) {
  char whole[160], split[160];
  PathCaseTable cases;
  for (PathCase c; cases.next(c);) {
    REQUIRE(matchText(c.paths, c.count, c.json, 0, whole, sizeof whole));
    if (!CHECK_EQ_STR(whole, c.want)) CHECK_EQ_STR_P(c.json, "(case above)");
    for (size_t step = 0; step <= 4; ++step) {
      REQUIRE(matchText(c.paths, c.count, c.json, step, split, sizeof split));
      CHECK_EQ_STR(split, whole);
      REQUIRE(matchText(c.paths, c.count, c.json, step, split, sizeof split, true));  // parse(source)
      CHECK_EQ_STR(split, whole);
    }
  }
  CHECK_EQ_INT(cases.textRead(), sizeof kPathCaseText - 1);  // the texts and the paths line up
}

namespace {

const char kItem[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*]";
const char kRef[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].refName";
const char kVal[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].value";
const char* const kFormPaths[] SL_PROGMEM = {kItem, kRef, kVal};

// The documented pattern: capture refName and value per element, act at its end.
class Form : public sl::JsonMatchHandler {
 public:
  Form() : ref(refBuf, sizeof refBuf), val(valBuf, sizeof valBuf), lamp(-1), dim(-1), items(0) {}
  bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
    if (path == 0 && e == sl::JsonEvent::BeginObject) {
      ref.clear();
      val.clear();
    } else if (path == 1) {
      ref.capture(e, p);
    } else if (path == 2) {
      val.capture(e, p);
    } else if (path == 0 && e == sl::JsonEvent::EndObject) {
      ++items;
      if (ref.equals("lamp") && (val.type() == sl::JsonValueCapture::True || val.type() == sl::JsonValueCapture::False)) {
        lamp = val.boolean() ? 1 : 0;
      } else if (ref.equals("dim") && val.type() == sl::JsonValueCapture::Number) {
        int32_t v;
        if (val.number().toInt32(v) == sl::JsonNumber::Ok) dim = v;
      }
    }
    return true;
  }
  char refBuf[16], valBuf[8];
  sl::JsonValueCapture ref, val;
  int32_t lamp, dim;
  int items;
};

// The documents are in flash on AVR; parseForm() copies one into RAM.
const char kEvent[] SL_PROGMEM =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"messageId\":\"9f1c2d3e-0000-"
    "4000-8000-000000000001\",\"receivedOn\":1700562656,\"senderId\":\"0edb81a1-591d-44bb-b5b4-66e3dc40e804\","
    "\"channelId\":\"b04722ea-c480-4c80-9896-efc0eb3fdf29\",\"dataComponent\":{\"dataComponentType\":"
    "\"formsubmission\",\"replyTo\":{\"messageId\":\"9f1c2d3e-0000-4000-8000-000000000000\",\"refName\":\"ctl\"},"
    "\"submitterId\":\"0edb81a1-591d-44bb-b5b4-66e3dc40e804\",\"formComponents\":[{\"refName\":\"lbl\","
    "\"formComponentType\":\"label\",\"title\":\"Living room lamp\"},{\"refName\":\"lamp\",\"formComponentType\":"
    "\"switch\",\"title\":\"Lamp\",\"value\":true},{\"refName\":\"dim\",\"formComponentType\":\"slider\","
    "\"title\":\"Dimmer\",\"requiredSelection\":false,\"value\":75,\"min\":0,\"max\":100,\"step\":5}]}}}";

// Value before refName, escapes in the refName, a decoy "value" one level down.
const char kReordered[] SL_PROGMEM =
    "{\"eventBody\":{\"dataComponent\":{\"formComponents\":[{\"value\":42,\"x\":{\"value\":1},\"refName\":\"d\\u0069m\"},"
    "{\"value\":false,\"refName\":\"lamp\"}]}}}";

// `flashJson` is kEvent or kReordered.
void parseForm(const char* flashJson, size_t step, Form& form, bool pull = false) {
  static_assert(sizeof kEvent >= sizeof kReordered, "the copy below has room for either");
  char json[sizeof kEvent];
  for (size_t i = 0; (json[i] = static_cast<char>(SL_FLASH_READ(flashJson + i))) != 0; ++i) {
  }
  sl::JsonPathMatcher m(kFormPaths, 3, form);
  sl::JsonParser p(m);
  Source src = {json, json};
  size_t n = strlen(json);
  for (size_t pos = 0; pos < n; pos += step) {
    if (give(p, src, json, pos, n - pos < step ? n - pos : step, pull)) break;
  }
  CHECK(!p.finish());
}

}  // namespace

TEST_CASE(path_form_submission_values_by_refname) {
  static const size_t kSteps[] = {1, 2, 7, 64, 1000};
  for (size_t s = 0; s < sizeof kSteps / sizeof kSteps[0]; ++s) {
    Form a;
    parseForm(kEvent, kSteps[s], a);
    CHECK_EQ_INT(a.items, 3);
    CHECK_EQ_INT(a.lamp, 1);
    CHECK_EQ_INT(a.dim, 75);
    Form b;
    parseForm(kReordered, kSteps[s], b);
    CHECK_EQ_INT(b.items, 2);
    CHECK_EQ_INT(b.lamp, 0);
    CHECK_EQ_INT(b.dim, 42);
    Form c, d;  // the same through parse(source)
    parseForm(kEvent, kSteps[s], c, true);
    CHECK_EQ_INT(c.items, 3);
    CHECK_EQ_INT(c.lamp, 1);
    CHECK_EQ_INT(c.dim, 75);
    parseForm(kReordered, kSteps[s], d, true);
    CHECK_EQ_INT(d.items, 2);
    CHECK_EQ_INT(d.lamp, 0);
    CHECK_EQ_INT(d.dim, 42);
  }
}

namespace {

// Hands every event of the parse to one capture (a top-level value).
class CaptureFeed : public sl::JsonHandler {
 public:
  explicit CaptureFeed(sl::JsonValueCapture& c) : c_(c) {}
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    c_.capture(e, p);
    return true;
  }

 private:
  sl::JsonValueCapture& c_;
};

}  // namespace

TEST_CASE(path_value_capture_truncates_at_utf8_boundary) {
  char buf[6];
  sl::JsonValueCapture v(buf, sizeof buf);
  CaptureFeed feed(v);
  sl::JsonParser p(feed);
  const char* s = "\"ab\xe2\x82\xac\xe2\x82\xac\"";  // "ab€€": 8 bytes, room for 5
  CHECK(!p.feed(s, strlen(s)));
  CHECK(!p.finish());
  CHECK(v.truncated());
  CHECK_EQ_STR(v.text(), "ab\xe2\x82\xac");
  CHECK(!v.equals("ab\xe2\x82\xac"));  // truncated never equals
  p.reset();
  CHECK(!p.feed("-12", 3));
  CHECK(!p.finish());
  CHECK(v.type() == sl::JsonValueCapture::Number);
  int32_t i = 0;
  CHECK(v.number().toInt32(i) == sl::JsonNumber::Ok);
  CHECK_EQ_INT(i, -12);
}

// equals(): the whole captured string, nothing more or less; a string fed
// in pieces (byte by byte) is one value; a decoded NUL is part of it.
TEST_CASE(path_value_capture_equals_whole_string_only) {
  char buf[8];
  sl::JsonValueCapture v(buf, sizeof buf);
  CaptureFeed feed(v);
  sl::JsonParser p(feed);
  const char* lamp = "\"lamp\"";
  for (size_t i = 0; lamp[i]; ++i) CHECK(!p.feed(lamp + i, 1));
  CHECK(!p.finish());
  CHECK(v.equals("lamp"));
  CHECK(!v.equals("lam"));
  CHECK(!v.equals("lamps"));
  CHECK(!v.equals("lamq"));
  CHECK(!v.equals(""));
  p.reset();
  v.clear();  // (the pieces of consecutive strings add up: a new value starts clear)
  CHECK(!p.feed("\"\"", 2));
  CHECK(!p.finish());
  CHECK(v.equals(""));
  CHECK(!v.equals("a"));
  p.reset();
  v.clear();
  CHECK(!p.feed("\"a\\u0000b\"", 10));
  CHECK(!p.finish());
  CHECK_EQ_INT(static_cast<int32_t>(v.length()), 3);
  CHECK(!v.equals("a"));
  p.reset();
  CHECK(!p.feed("12", 2));
  CHECK(!p.finish());
  CHECK(!v.equals("12"));  // a number is not a string
}

// A string cut to the buffer takes no later piece: the cut at a UTF-8
// boundary frees room a short next piece would fit, which would leave a
// text that is no prefix of the string ("abcd" + "x" of "abcd€x").
TEST_CASE(path_value_capture_cut_string_takes_no_later_piece) {
  char buf[6];
  sl::JsonValueCapture v(buf, sizeof buf);
  CaptureFeed feed(v);
  sl::JsonParser p(feed);
  CHECK(!p.feed("\"abcd", 5));           // "abcd": 4 of 5 bytes
  CHECK(!p.feed("\xe2\x82\xac", 3));     // "€" has no room: cut, room for 1 again
  CHECK(!p.feed("x\"", 2));              // "x" would fit
  CHECK(!p.finish());
  CHECK(v.truncated());
  CHECK_EQ_STR(v.text(), "abcd");
  CHECK_EQ_INT(static_cast<int32_t>(v.length()), 4);
  p.reset();
  v.clear();  // a new value after clear() is taken whole again
  CHECK(!p.feed("\"xy\"", 4));
  CHECK(!p.finish());
  CHECK(v.equals("xy"));
}

// Cut inside a UTF-8 sequence of each length (2, 3, 4 bytes), at every byte:
// the incomplete sequence is dropped, a complete one kept.
TEST_CASE(path_value_capture_cut_drops_incomplete_sequences_of_every_length) {
  const char* const kChars[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};  // é € 😀
  for (const char* ch : kChars) {
    size_t n = strlen(ch);
    char json[16] = "\"a";  // "a<ch>b"
    memcpy(json + 2, ch, n);
    memcpy(json + 2 + n, "b\"", 3);
    for (size_t room = 1; room <= n + 1; ++room) {  // bytes of "a<ch>b" that fit
      char buf[8];
      sl::JsonValueCapture v(buf, room + 1);
      CaptureFeed feed(v);
      sl::JsonParser p(feed);
      CHECK(!p.feed(json, strlen(json)));
      CHECK(!p.finish());
      CHECK(v.truncated());
      size_t kept = room == n + 1 ? n + 1 : 1;  // "a<ch>" or "a"
      CHECK_EQ_INT(static_cast<int32_t>(v.length()), static_cast<int32_t>(kept));
      CHECK_EQ_INT(static_cast<int32_t>(strlen(v.text())), static_cast<int32_t>(kept));
      CHECK(memcmp(v.text(), "a", 1) == 0);
      if (kept > 1) CHECK(memcmp(v.text() + 1, ch, n) == 0);
    }
  }
}
