// JsonWriter: structure, escaping, UTF-8 replacement, numbers, misuse,
// counting pass == real length, strings in pieces, flash strings.
// Runs on the host and on the simulated boards; expected texts live in flash
// on AVR (CHECK_OUT), so the suite fits small RAM.
#include "SlTest.h"
#include "io/BufferedSink.h"
#include "json/JsonWriter.h"

namespace {

typedef sl::JsonWriteError E;

char gBuf[320];

// Compares a RAM string with an expected text that may live in flash.
bool checkFlashStr(const char* got, const char* wantFlash, const char* file, int line, const char* expr) {
  if (sl::FlashString(wantFlash).equals(got)) return true;
  sltest::failHeader(file, line, expr);
  sltest::putFlash(SLT_STR(" got "));
  sltest::putQuoted(got);
  sltest::putFlash(SLT_STR(" want \""));
  sltest::putFlash(wantFlash);
  sltest::putFlash(SLT_STR("\"\n"));
  return false;
}

#define CHECK_OUT(sink, want) checkFlashStr((sink).c_str(), SLT_STR(want), SLT_STR(__FILE__), __LINE__, SLT_STR(#sink " == " #want))

// A sink that accepts at most `limit` bytes in total, then short-writes.
class LimitedSink : public sl::Sink {
 public:
  explicit LimitedSink(size_t limit) : limit_(limit), used_(0) {}
  size_t write(const uint8_t*, size_t n) override {
    size_t room = limit_ - used_;
    size_t k = n < room ? n : room;
    used_ += k;
    return k;
  }
  using sl::Sink::write;
  size_t used() const { return used_; }

 private:
  size_t limit_;
  size_t used_;
};

float floatFromBits(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

}  // namespace

TEST_CASE(writer_nested_structure) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject()
      .key("a").integer(1)
      .key("b").beginArray().boolean(true).boolean(false).null().beginObject().endObject().beginArray().endArray().endArray()
      .key("c").beginObject().key("d").string("e").endObject()
      .endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "{\"a\":1,\"b\":[true,false,null,{},[]],\"c\":{\"d\":\"e\"}}");
  CHECK_EQ_INT(w.depth(), 0);
}

TEST_CASE(writer_root_scalars) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.string("x");
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "\"x\"");
  out.clear();
  w.reset(out);
  w.integer(-7);
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "-7");
}

TEST_CASE(writer_escapes_every_control_character) {
  // JSON.stringify's escapes for U+0000..U+001F, separated by '|'.
  static const char kWant[] SLT_FLASH =
      "\\u0000|\\u0001|\\u0002|\\u0003|\\u0004|\\u0005|\\u0006|\\u0007|\\b|\\t|\\n|\\u000b|\\f|\\r|\\u000e|"
      "\\u000f|\\u0010|\\u0011|\\u0012|\\u0013|\\u0014|\\u0015|\\u0016|\\u0017|\\u0018|\\u0019|\\u001a|"
      "\\u001b|\\u001c|\\u001d|\\u001e|\\u001f|";
  const char* want = kWant;
  for (int c = 0; c < 0x20; ++c) {
    sl::BufferSink out(gBuf, sizeof gBuf);
    sl::JsonWriter w(out);
    char in = static_cast<char>(c);
    w.string(&in, 1);
    CHECK_EQ_INT(w.finish().code(), E::Ok);
    // Expected: '"' + table entry + '"'.
    size_t i = 0;
    bool same = gBuf[i++] == '"';
    for (; SLT_READ(want) != '|'; ++want) same = same && gBuf[i++] == SLT_READ(want);
    ++want;
    same = same && gBuf[i] == '"' && gBuf[i + 1] == 0;
    if (!CHECK(same)) sltest::checkInt(c, -1, SLT_STR(__FILE__), __LINE__, SLT_STR("control char"));
  }
}

TEST_CASE(writer_escapes_quote_backslash_keeps_the_rest) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.string("\"\\/ \x7f'<>&");
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "\"\\\"\\\\/ \x7f'<>&\"");
}

TEST_CASE(writer_escapes_keys_too) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject().key("a\"\n\xff").integer(1).endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "{\"a\\\"\\n\xEF\xBF\xBD\":1}");
}

TEST_CASE(writer_utf8_replacement_table) {
  struct Case {
    const char* in;
    const char* want;  // output between the quotes
  };
#define R "\xEF\xBF\xBD"
  static const Case kCases[] = {
      {"\xC3\xA9", "\xC3\xA9"},                  // U+00E9
      {"\xE2\x82\xAC", "\xE2\x82\xAC"},          // U+20AC
      {"\xF0\x9D\x84\x9E", "\xF0\x9D\x84\x9E"},  // U+1D11E
      {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"},  // U+10FFFF, the last
      {"\xED\x9F\xBF", "\xED\x9F\xBF"},          // U+D7FF, below the surrogates
      {"\xEE\x80\x80", "\xEE\x80\x80"},          // U+E000, above them
      {"\xEF\xBF\xBD", R},                       // a real U+FFFD passes through
      {"\x80", R},                               // stray continuation
      {"\xBF\xBF", R R},                         // two of them
      {"\xC0\x80", R R},                         // overlong NUL
      {"\xC1\xBF", R R},                         // overlong 2-byte
      {"\xE0\x80\x80", R R R},                   // overlong 3-byte
      {"\xE0\x9F\xBF", R R R},                   // overlong U+07FF
      {"\xF0\x80\x80\x80", R R R R},             // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", R R R R},             // overlong U+FFFF
      {"\xED\xA0\x80", R R R},                   // high surrogate D800
      {"\xED\xBF\xBF", R R R},                   // low surrogate DFFF
      {"\xF4\x90\x80\x80", R R R R},             // U+110000
      {"\xF5\x80\x80\x80", R R R R},             // F5 lead
      {"\xFF", R},                               // FF
      {"\xFE\xFF", R R},                         // FE FF
      {"\xC3", R},                               // truncated at the end
      {"\xE2\x82", R},                           // truncated 3-byte
      {"\xF0\x9D\x84", R},                       // truncated 4-byte
      {"\xE2\x82" "A", R "A"},                   // cut by ASCII
      {"\xC3\xC3\xA9", R "\xC3\xA9"},            // cut by a new lead
      {"\xF0\x9D" "\n", R "\\n"},                // cut by a control char
      {"a\xE2\x82\xAC" "b\x80" "c", "a\xE2\x82\xAC" "b" R "c"},
  };
#undef R
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; ++i) {
    sl::BufferSink out(gBuf, sizeof gBuf);
    sl::JsonWriter w(out);
    w.string(kCases[i].in);
    CHECK_EQ_INT(w.finish().code(), E::Ok);
    size_t n = strlen(kCases[i].want);
    bool same = out.length() == n + 2 && gBuf[0] == '"' && memcmp(gBuf + 1, kCases[i].want, n) == 0 && gBuf[n + 1] == '"';
    if (!CHECK(same)) sltest::checkInt(static_cast<long long>(i), -1, SLT_STR(__FILE__), __LINE__, SLT_STR("case index"));
  }
}

TEST_CASE(writer_string_with_length_keeps_nul) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.string("a\0b", 3);
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "\"a\\u0000b\"");
}

TEST_CASE(writer_null_pointers) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  const char* none = 0;
  w.beginObject().key(none).string(none).key("n").string(none, 3).key(none, 2).string(SL_F("x")).endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "{\"\":null,\"n\":null,\"\":\"x\"}");
}

TEST_CASE(writer_integers) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray()
      .integer(0)
      .integer(-1)
      .integer(32767)
      .integer(-32768)
      .integer(2147483647L)
      .integer(-2147483647L - 1)
      .integer(4294967295UL)
      .integer(65535u)
      .integer(1000000000L)
      .integer(-999999999L)
      .integer(10)
      .integer(-100000L)
      .integer(1000000001UL)
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "[0,-1,32767,-32768,2147483647,-2147483648,4294967295,65535,1000000000,-999999999,10,-100000,1000000001]");
}

// A number inside a piecewise string is refused before it writes anything;
// a UTF-8 sequence cut by it is still flushed as U+FFFD by finish().
TEST_CASE(writer_integer_inside_piecewise_string) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.stringBegin().stringPart("a\xE2\x82").integer(12345L);
  CHECK_EQ_INT(w.error().code(), E::StringOpen);
  CHECK_EQ_INT(w.finish().code(), E::StringOpen);
  CHECK_OUT(out, "\"a\xEF\xBF\xBD\"");
}

// Every power of ten, one below and one above, both signs, against an
// independent formatting by division (the writer divides bit by bit).
namespace {
size_t referenceDecimal(char* out, unsigned long m, bool negative) {
  char digits[12];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + m % 10);
    m /= 10;
  } while (m);
  size_t k = 0;
  if (negative) out[k++] = '-';
  while (n) out[k++] = digits[--n];
  out[k] = '\0';
  return k;
}
}  // namespace

TEST_CASE(writer_integers_around_powers_of_ten) {
  char want[16];
  unsigned long p = 1;
  for (int k = 0; k <= 9; ++k, p *= 10) {
    for (unsigned long d = 0; d < 3; ++d) {
      const unsigned long m = p + d - 1;  // p - 1, p, p + 1
      sl::BufferSink out(gBuf, sizeof gBuf);
      sl::JsonWriter w(out);
      w.integer(m);
      CHECK_EQ_INT(w.finish().code(), E::Ok);
      referenceDecimal(want, m, false);
      CHECK_EQ_STR(out.c_str(), want);
      if (m <= 2147483647UL) {
        sl::BufferSink neg(gBuf, sizeof gBuf);
        sl::JsonWriter wn(neg);
        wn.integer(-static_cast<long>(m));
        CHECK_EQ_INT(wn.finish().code(), E::Ok);
        referenceDecimal(want, m, m != 0);
        CHECK_EQ_STR(neg.c_str(), want);
      }
    }
  }
}

// A UTF-8 sequence held across pieces survives every refused call (none of
// them writes a byte) and is flushed as U+FFFD by finish().
TEST_CASE(writer_refused_calls_keep_a_held_sequence) {
  for (int call = 0; call < 9; ++call) {
    sl::BufferSink out(gBuf, sizeof gBuf);
    sl::JsonWriter w(out);
    w.stringBegin().stringPart("a\xF0\x9F\x98");  // 3 of 4 bytes held
    switch (call) {
      case 0: w.beginObject(); break;
      case 1: w.beginArray(); break;
      case 2: w.key("k"); break;
      case 3: w.boolean(true); break;
      case 4: w.null(); break;
      case 5: w.string("s"); break;
      case 6: w.raw("1"); break;
      case 7: w.number(1.5f); break;
      default: w.endArray(); break;
    }
    CHECK_EQ_INT(w.error().code(), E::StringOpen);
    CHECK_EQ_INT(out.length(), 2);  // "a
    CHECK_EQ_INT(w.finish().code(), E::StringOpen);
    CHECK_OUT(out, "\"a\xEF\xBF\xBD\"");
  }
}

#if SL_USE_INT64
TEST_CASE(writer_integers_64bit) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray()
      .integer(-9223372036854775807LL - 1)
      .integer(9223372036854775807LL)
      .integer(18446744073709551615ULL)
      .integer(0LL)
      .integer(-10000000000LL)
      .integer(10000000000000000000ULL)
      .integer(1000000000LL)
      .integer(4294967296LL)
      .integer(-7LL)
      .integer(100000000000000001ULL)
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out,
            "[-9223372036854775808,9223372036854775807,18446744073709551615,0,-10000000000,10000000000000000000,"
            "1000000000,4294967296,-7,100000000000000001]");
}
#endif

TEST_CASE(writer_floats) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray()
      .number(0.1f)
      .number(0.0f)
      .number(floatFromBits(0x80000000UL))  // -0
      .number(21.5f)
      .number(-2.5f)
      .number(100.0f)
      .number(16777216.0f)
      .number(0.3f)
      .number(1e-7f)
      .number(0.000001f)
      .number(floatFromBits(0x7F7FFFFFUL))  // FLT_MAX
      .number(floatFromBits(0x00800000UL))  // FLT_MIN
      .number(floatFromBits(0x00000001UL))  // smallest subnormal
      .number(1e21f)
      .number(123456.789f)
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out,
            "[0.1,0,-0,21.5,-2.5,100,16777216,0.3,1e-7,0.000001,3.4028235e+38,1.1754944e-38,1e-45,1e+21,"
            "123456.79]");
  CHECK(!w.wroteNonFinite());
}

#if !SL_DOUBLE_IS_FLOAT
TEST_CASE(writer_doubles) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  double negZero;
  uint64_t bits = 0x8000000000000000ULL;
  memcpy(&negZero, &bits, sizeof negZero);
  w.beginArray()
      .number(0.1)
      .number(1e300)
      .number(1e-300)
      .number(negZero)
      .number(0.0)
      .number(5e-324)
      .number(1.7976931348623157e308)
      .number(2.2250738585072014e-308)
      .number(1e21)
      .number(1e20)
      .number(1.5e-7)
      .number(0.000001)
      .number(123.456)
      .number(-9007199254740993.0)
      .number(0.1 + 0.2)
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out,
            "[0.1,1e+300,1e-300,-0,0,5e-324,1.7976931348623157e+308,2.2250738585072014e-308,1e+21,"
            "100000000000000000000,1.5e-7,0.000001,123.456,-9007199254740992,0.30000000000000004]");
}
#endif

TEST_CASE(writer_non_finite_becomes_null_and_flags) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray().number(1.0f);
  CHECK(!w.wroteNonFinite());
  w.number(floatFromBits(0x7FC00000UL))   // NaN
      .number(floatFromBits(0x7F800000UL))  // +inf
      .number(floatFromBits(0xFF800000UL))  // -inf
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "[1,null,null,null]");
  CHECK(w.wroteNonFinite());
#if !SL_DOUBLE_IS_FLOAT
  out.clear();
  w.reset(out);
  CHECK(!w.wroteNonFinite());
  double inf;
  uint64_t bits = 0x7FF0000000000000ULL;
  memcpy(&inf, &bits, sizeof inf);
  w.number(inf);
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "null");
  CHECK(w.wroteNonFinite());
#endif
}

TEST_CASE(writer_raw_values) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject().key("r").raw("[1,{\"x\":2}]").key("s").raw("3.25", 4).key("f").raw(SL_F("{}")).endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "{\"r\":[1,{\"x\":2}],\"s\":3.25,\"f\":{}}");
}

TEST_CASE(writer_flash_strings) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject().key(SL_F("k\"")).string(SL_F("v\t\xC3\xA9")).endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "{\"k\\\"\":\"v\\t\xC3\xA9\"}");
  CHECK(SL_F("abc").equals("abc"));
  CHECK(!SL_F("abc").equals("ab"));
  CHECK_EQ_INT(SL_F("abc").length(), 3);
}

TEST_CASE(writer_string_in_pieces) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray()
      .stringBegin().stringPart("ab").stringPart("c\"d", 3).stringPart(SL_F("\n")).stringEnd()
      .stringBegin().stringEnd()
      .stringBegin().stringPart("\xC3").stringPart("\xA9").stringEnd()                        // split 2-byte
      .stringBegin().stringPart("\xF0").stringPart("\x9D").stringPart("\x84").stringPart("\x9E").stringEnd()
      .stringBegin().stringPart("x\xE2\x82").stringEnd()                                     // cut at the end
      .stringBegin().stringPart("\xE2\x82").stringPart("A").stringEnd()                       // cut by the next part
      .endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "[\"abc\\\"d\\n\",\"\",\"\xC3\xA9\",\"\xF0\x9D\x84\x9E\",\"x\xEF\xBF\xBD\",\"\xEF\xBF\xBD" "A\"]");
}

TEST_CASE(writer_pieces_equal_one_shot) {
  // Every split point of a mixed string gives the one-shot output.
  static const char kText[] = "a\"\xC3\xA9\x01\xF0\x9D\x84\x9E\xE2\x82\xED\xA0\x80z";
  const size_t n = sizeof kText - 1;
  static char whole[64];
  sl::BufferSink ref(whole, sizeof whole);
  sl::JsonWriter w0(ref);
  w0.string(kText, n);
  CHECK_EQ_INT(w0.finish().code(), E::Ok);
  for (size_t a = 0; a <= n; ++a) {
    for (size_t b = a; b <= n; ++b) {
      sl::BufferSink out(gBuf, sizeof gBuf);
      sl::JsonWriter w(out);
      w.stringBegin().stringPart(kText, a).stringPart(kText + a, b - a).stringPart(kText + b, n - b).stringEnd();
      CHECK_EQ_INT(w.finish().code(), E::Ok);
      if (!CHECK(strcmp(gBuf, whole) == 0)) return;
    }
  }
}

// Misuse: the erring call writes nothing, later calls are ignored, finish()
// completes a valid document and returns the first error.
TEST_CASE(writer_misuse_table) {
  struct Case {
    uint8_t id;
    E::Code want;
  };
  static const Case kCases[] = {
      {0, E::ValueNeedsKey}, {1, E::KeyNotExpected}, {2, E::KeyNotExpected}, {3, E::KeyNotExpected},
      {4, E::MismatchedClose}, {5, E::MismatchedClose}, {6, E::KeyWithoutValue}, {7, E::TooDeep},
      {8, E::SecondRoot}, {9, E::StringOpen}, {10, E::StringNotOpen}, {11, E::EmptyRaw},
      {12, E::Unclosed}, {13, E::NoValue}, {14, E::KeyNotExpected}, {15, E::StringNotOpen},
      {16, E::Unclosed}, {17, E::KeyWithoutValue}, {18, E::SecondRoot}, {19, E::MismatchedClose},
  };
  static const char kWant[] SLT_FLASH =
      "{}|[]|null|{\"a\":null}|{}|null|{\"a\":null}|"
      "D|"  // SL_JSON_WRITER_MAX_DEPTH times '[' then as many ']'

      "1|\"\"|null|[]|{\"a\":[1]}|null|[1]|[\"x\"]|\"a\"|{\"k\":null}|{}|[]|";
  const char* want = kWant;
  for (size_t i = 0; i < sizeof kCases / sizeof kCases[0]; ++i) {
    sl::BufferSink out(gBuf, sizeof gBuf);
    sl::JsonWriter w(out);
    E::Code before = E::Ok;  // error right after the misuse
    switch (kCases[i].id) {
      case 0: w.beginObject().integer(1); before = w.error().code(); w.key("x").integer(2); break;
      case 1: w.beginArray().key("a"); before = w.error().code(); break;
      case 2: w.key("a"); before = w.error().code(); break;
      case 3: w.beginObject().key("a").key("b"); before = w.error().code(); break;
      case 4: w.beginObject().endArray(); before = w.error().code(); break;
      case 5: w.endObject(); before = w.error().code(); break;
      case 6: w.beginObject().key("a").endObject(); before = w.error().code(); break;
      case 7:
        for (int d = 0; d < SL_JSON_WRITER_MAX_DEPTH; ++d) w.beginArray();
        CHECK(w.ok());
        w.beginArray();
        before = w.error().code();
        break;
      case 8: w.integer(1).integer(2); before = w.error().code(); break;
      case 9: w.stringBegin().integer(1); before = w.error().code(); break;
      case 10: w.stringPart("a"); before = w.error().code(); break;
      case 11: w.beginArray().raw(""); before = w.error().code(); w.integer(1); break;
      case 12: w.beginObject().key("a").beginArray().integer(1); before = E::Unclosed; break;
      case 13: before = E::NoValue; break;
      case 14: w.beginArray().integer(1).key("k"); before = w.error().code(); w.integer(2).endArray(); break;
      case 15: w.beginArray().string("x").stringEnd(); before = w.error().code(); break;
      case 16: w.stringBegin().stringPart("a"); before = E::Unclosed; break;
      case 17: w.beginObject().key("k"); before = E::KeyWithoutValue; break;
      case 18: w.beginObject().endObject().beginArray(); before = w.error().code(); break;
      case 19: w.beginArray().endArray().endArray(); before = w.error().code(); break;
    }
    size_t lengthAtError = out.length();
    E got = w.finish();
    bool ok = CHECK_EQ_INT(got.code(), kCases[i].want);
    ok = CHECK_EQ_INT(before, kCases[i].want) && ok;
    // Output == the i-th '|'-separated expectation.
    size_t k = 0;
    bool same = true;
    if (SLT_READ(want) == 'D') {
      ++want;
      for (int d = 0; d < 2 * SL_JSON_WRITER_MAX_DEPTH; ++d) same = same && gBuf[k++] == (d < SL_JSON_WRITER_MAX_DEPTH ? '[' : ']');
    }
    for (; SLT_READ(want) != '|'; ++want) same = same && gBuf[k++] == SLT_READ(want);
    ++want;
    same = same && gBuf[k] == 0;
    ok = CHECK(same) && ok;
    // finish() only appends: the bytes before the error are unchanged.
    ok = CHECK(lengthAtError <= out.length()) && ok;
    if (!ok) sltest::checkInt(static_cast<long long>(i), -1, SLT_STR(__FILE__), __LINE__, SLT_STR("misuse case"));
    // After finish everything is ignored and nothing more is written.
    size_t len = out.length();
    w.integer(5);
    CHECK_EQ_INT(out.length(), len);
  }
}

TEST_CASE(writer_error_is_sticky_and_silent) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginArray().integer(1).key("oops");
  CHECK_EQ_INT(w.error().code(), E::KeyNotExpected);
  size_t len = out.length();
  w.integer(2).string("s").beginObject().endObject().null().raw("1").endArray();
  CHECK_EQ_INT(out.length(), len);
  CHECK_EQ_INT(w.error().code(), E::KeyNotExpected);
  CHECK_EQ_INT(w.finish().code(), E::KeyNotExpected);
  CHECK_OUT(out, "[1]");
}

TEST_CASE(writer_short_sink_is_an_error) {
  for (size_t limit = 0; limit < 12; ++limit) {
    LimitedSink sink(limit);
    sl::JsonWriter w(sink);
    w.beginObject().key("abc").string("defgh").endObject();  // 15 bytes
    CHECK_EQ_INT(w.error().code(), E::SinkFailed);
    CHECK_EQ_INT(w.finish().code(), E::SinkFailed);
    CHECK_EQ_INT(sink.used(), limit);
  }
  // SinkFailed replaces an earlier misuse error: the output is unusable.
  LimitedSink sink(2);
  sl::JsonWriter w(sink);
  w.beginArray().integer(1).key("k");
  CHECK_EQ_INT(w.error().code(), E::KeyNotExpected);
  CHECK_EQ_INT(w.finish().code(), E::SinkFailed);
  // A buffer that is too small reports it as well.
  char small[8];
  sl::BufferSink out(small, sizeof small);
  sl::JsonWriter w2(out);
  w2.string("0123456789");
  CHECK_EQ_INT(w2.finish().code(), E::SinkFailed);
  CHECK(out.overflowed());
}

// A sink that refuses one write call (the n-th), then accepts again: the
// error is SinkFailed, and no later call (finish() included) writes.
namespace {
class FlakySink : public sl::Sink {
 public:
  explicit FlakySink(int failAt) : failAt_(failAt), calls_(0), used_(0) {}
  size_t write(const uint8_t*, size_t n) override {
    if (calls_++ == failAt_) return 0;
    used_ += n;
    return n;
  }
  using sl::Sink::write;
  size_t used() const { return used_; }

 private:
  int failAt_;
  int calls_;
  size_t used_;
};
}  // namespace

TEST_CASE(writer_sink_failure_stops_later_calls) {
  for (int failAt = 0; failAt < 6; ++failAt) {
    FlakySink sink(failAt);
    sl::JsonWriter w(sink);
    w.beginArray().integer(12).string("x");  // "[", "1", "2", ",", "\"", "x", "\""
    CHECK_EQ_INT(w.error().code(), E::SinkFailed);
    const size_t used = sink.used();
    w.integer(3).null().endArray();
    CHECK_EQ_INT(w.finish().code(), E::SinkFailed);
    CHECK_EQ_INT(sink.used(), used);
  }
}

// A refused integer writes nothing (no separator, sign or digit), however
// many digits it has; one after a failing write adds nothing later.
TEST_CASE(writer_refused_integers_write_nothing) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject().integer(-123456789L);
  CHECK_EQ_INT(w.error().code(), E::ValueNeedsKey);
  CHECK_EQ_INT(out.length(), 1);
  w.key("k").integer(4294967295UL);
  CHECK_EQ_INT(out.length(), 1);
  CHECK_EQ_INT(w.finish().code(), E::ValueNeedsKey);
  CHECK_OUT(out, "{}");
#if SL_USE_INT64
  sl::BufferSink out2(gBuf, sizeof gBuf);
  sl::JsonWriter w2(out2);
  w2.beginArray().integer(1LL).endArray().integer(-10000000000000LL);
  CHECK_EQ_INT(w2.error().code(), E::SecondRoot);
  CHECK_EQ_INT(w2.finish().code(), E::SecondRoot);
  CHECK_OUT(out2, "[1]");
  for (int failAt = 0; failAt < 2; ++failAt) {  // "[", then the whole number in one write
    FlakySink sink(failAt);
    sl::JsonWriter w3(sink);
    w3.beginArray().integer(-12345678901234LL);
    CHECK_EQ_INT(w3.error().code(), E::SinkFailed);
    const size_t used = sink.used();
    w3.integer(18446744073709551615ULL).endArray();
    CHECK_EQ_INT(w3.finish().code(), E::SinkFailed);
    CHECK_EQ_INT(sink.used(), used);
  }
#endif
}

TEST_CASE(writer_error_names) {
  CHECK(E(E::Ok).name().equals("Ok"));
  CHECK(E(E::SinkFailed).name().equals("SinkFailed"));
  CHECK(E(E::ValueNeedsKey).name().equals("ValueNeedsKey"));
  CHECK(E(E::KeyNotExpected).name().equals("KeyNotExpected"));
  CHECK(E(E::KeyWithoutValue).name().equals("KeyWithoutValue"));
  CHECK(E(E::MismatchedClose).name().equals("MismatchedClose"));
  CHECK(E(E::TooDeep).name().equals("TooDeep"));
  CHECK(E(E::SecondRoot).name().equals("SecondRoot"));
  CHECK(E(E::StringOpen).name().equals("StringOpen"));
  CHECK(E(E::StringNotOpen).name().equals("StringNotOpen"));
  CHECK(E(E::EmptyRaw).name().equals("EmptyRaw"));
  CHECK(E(E::Unclosed).name().equals("Unclosed"));
  CHECK(E(E::NoValue).name().equals("NoValue"));
}

// The same calls against a CountingSink and a BufferSink give the same length.
namespace {
void writeDocument(sl::JsonWriter& w, int variant) {
  switch (variant % 8) {
    case 0: w.beginObject().key("n").integer(variant * 7919L - 40000).key("f").number(variant / 7.0f).endObject(); break;
    case 1: {
      char s[4] = {static_cast<char>(variant * 37), static_cast<char>(variant * 101 + 3), static_cast<char>(variant), 0};
      w.beginArray().string(s, 3).key("bad").endArray();  // misuse: still counted the same
      break;
    }
    case 2: w.beginArray().number(floatFromBits(0x7FC00000UL)).boolean(variant & 1).null().endArray(); break;
    case 3: w.stringBegin().stringPart("\xE2\x82").stringPart("\xAC\x80").stringEnd(); break;
    case 4: for (int d = 0; d < variant % 40; ++d) w.beginArray(); break;  // unclosed / too deep
    case 5: w.beginObject().key(SL_F("k\x1f")).raw("[true]").key("u").integer(static_cast<unsigned long>(variant) << 20); break;
    case 6: w.number(floatFromBits(static_cast<uint32_t>(variant) * 2654435761UL)); break;
    default: break;  // nothing at all
  }
}
}  // namespace

TEST_CASE(writer_counting_sink_gives_exact_length) {
  for (int v = 0; v < 200; ++v) {
    sl::CountingSink count;
    sl::JsonWriter wc(count);
    writeDocument(wc, v);
    E ec = wc.finish();
    sl::BufferSink out(gBuf, sizeof gBuf);
    sl::JsonWriter wb(out);
    writeDocument(wb, v);
    E eb = wb.finish();
    CHECK(!out.overflowed());
    CHECK_EQ_INT(ec.code(), eb.code());
    if (!CHECK_EQ_INT(count.count(), out.length())) {
      sltest::checkInt(v, -1, SLT_STR(__FILE__), __LINE__, SLT_STR("variant"));
      return;
    }
  }
}

// Through a BufferedSink: same bytes in fewer downstream writes; a failing
// downstream sink is a SinkFailed error.
namespace {
class CountingCalls : public sl::Sink {
 public:
  explicit CountingCalls(sl::Sink& out) : out_(out), calls(0) {}
  size_t write(const uint8_t* d, size_t n) override {
    ++calls;
    return out_.write(d, n);
  }
  using sl::Sink::write;
  sl::Sink& out_;
  int calls;
};
}  // namespace

TEST_CASE(writer_through_buffered_sink) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  CountingCalls counted(out);
  uint8_t chunk[16];
  sl::BufferedSink buffered(counted, chunk, sizeof chunk);
  sl::JsonWriter w(buffered);
  w.beginObject().key("name").string("a \"long\" value with \xC3\xA9 and \x01").key("n").integer(12345).endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK(buffered.flush());
  CHECK_OUT(out, "{\"name\":\"a \\\"long\\\" value with \xC3\xA9 and \\u0001\",\"n\":12345}");
  CHECK(counted.calls <= 5);
  CHECK_EQ_INT(buffered.buffered(), 0);

  LimitedSink tiny(20);
  sl::BufferedSink failing(tiny, chunk, sizeof chunk);
  sl::JsonWriter w2(failing);
  w2.beginArray();
  for (int i = 0; i < 20; ++i) w2.integer(i);
  w2.endArray();
  CHECK_EQ_INT(w2.finish().code(), E::SinkFailed);
  CHECK(!failing.flush());
  CHECK(failing.failed());
}

// raw() text from RAM and a number's text reach the sink in one write() each
// (after the separator); a sink that takes fewer bytes is SinkFailed.
TEST_CASE(writer_raw_and_numbers_in_one_write) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  CountingCalls counted(out);
  sl::JsonWriter w(counted);
  w.beginArray();
  int before = counted.calls;
  w.raw("{\"a\":[1,2,3]}");
  CHECK_EQ_INT(counted.calls - before, 1);
  before = counted.calls;
  w.raw("true", 4);
  CHECK_EQ_INT(counted.calls - before, 2);  // ',' then the text
  before = counted.calls;
  w.number(-1.5e-7f);
  CHECK_EQ_INT(counted.calls - before, 2);
  before = counted.calls;
  w.raw(SL_F("[]"));  // from flash: byte by byte
  CHECK_EQ_INT(counted.calls - before, 3);
  w.endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out, "[{\"a\":[1,2,3]},true,-1.5e-7,[]]");

  LimitedSink tiny(4);
  sl::JsonWriter w2(tiny);
  w2.beginArray().raw("[1,2,3]");
  CHECK_EQ_INT(w2.error().code(), E::SinkFailed);
  w2.null();  // ignored
  CHECK_EQ_INT(tiny.used(), 4);
  CHECK_EQ_INT(w2.finish().code(), E::SinkFailed);
}

// String content from flash goes through the same checks as from RAM:
// escapes, U+FFFD for invalid UTF-8, 4-byte sequences kept (keys, values
// and pieces).
TEST_CASE(writer_flash_text_is_escaped_and_checked) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  w.beginObject()
      .key(SL_F("\x01\"\\\x1f\xF0\x9F\x98\x80\xC3"))
      .string(SL_F("\x7f\xE2\x82" "A\xED\xA0\x80\xF4\x8F\xBF\xBF\b"))
      .key(SL_F("p"))
      .stringBegin().stringPart(SL_F("\xF0\x9D")).stringPart(SL_F("\x84\x9E\r")).stringPart(SL_F("\xE2")).stringEnd()
      .endObject();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_OUT(out,
            "{\"\\u0001\\\"\\\\\\u001f\xF0\x9F\x98\x80\xEF\xBF\xBD\":\"\x7f\xEF\xBF\xBD" "A\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "\xF4\x8F\xBF\xBF\\b\",\"p\":\"\xF0\x9D\x84\x9E\\r\xEF\xBF\xBD\"}");
}

// How string content reaches the sink, the same on every target: a plain
// byte in one write, an escape in two (short) or three (\u00XX), a UTF-8
// sequence or a U+FFFD in one; the quotes and separators one each.
TEST_CASE(writer_string_bytes_write_by_write) {
  sl::BufferSink out(gBuf, sizeof gBuf);
  CountingCalls counted(out);
  sl::JsonWriter w(counted);
  w.beginArray().null();
  int before = counted.calls;
  w.string("a\n\x01\xE2\x82\xAC\xFF\x1f");
  CHECK_EQ_INT(counted.calls - before, 1 + 1 + 1 + 2 + 3 + 1 + 1 + 3 + 1);
  before = counted.calls;
  w.integer(-1234L);
  CHECK_EQ_INT(counted.calls - before, 1 + 1 + 4);  // ',' '-' and a write per digit
#if SL_USE_INT64
  before = counted.calls;
  w.integer(-12345678901234LL);
  CHECK_EQ_INT(counted.calls - before, 2);  // ',' then the number in one write
#endif
  w.endArray();
  CHECK_EQ_INT(w.finish().code(), E::Ok);
#if SL_USE_INT64
  CHECK_OUT(out, "[null,\"a\\n\\u0001\xE2\x82\xAC\xEF\xBF\xBD\\u001f\",-1234,-12345678901234]");
#else
  CHECK_OUT(out, "[null,\"a\\n\\u0001\xE2\x82\xAC\xEF\xBF\xBD\\u001f\",-1234]");
#endif
}

// Objects and arrays mixed down to the depth limit: every level's kind is
// kept (the kinds stack across all its bytes) and closed in order.
TEST_CASE(writer_mixed_nesting_to_the_limit) {
  static char want[8 * SL_JSON_WRITER_MAX_DEPTH + 8];
  size_t k = 0;
  sl::BufferSink out(gBuf, sizeof gBuf);
  sl::JsonWriter w(out);
  for (int d = 0; d < SL_JSON_WRITER_MAX_DEPTH; ++d) {
    const bool object = (d % 3) != 1;
    if (d && (d - 1) % 3 != 1) {  // inside an object: a key first
      w.key("k");
      want[k++] = '"';
      want[k++] = 'k';
      want[k++] = '"';
      want[k++] = ':';
    }
    if (object) {
      w.beginObject();
      want[k++] = '{';
    } else {
      w.beginArray();
      want[k++] = '[';
    }
  }
  CHECK_EQ_INT(w.depth(), SL_JSON_WRITER_MAX_DEPTH);
  for (int d = SL_JSON_WRITER_MAX_DEPTH - 1; d >= 0; --d) {
    const bool object = (d % 3) != 1;
    if (object) {
      w.endObject();
      want[k++] = '}';
    } else {
      w.endArray();
      want[k++] = ']';
    }
  }
  want[k] = 0;
  CHECK_EQ_INT(w.finish().code(), E::Ok);
  CHECK_EQ_STR(out.c_str(), want);
}
