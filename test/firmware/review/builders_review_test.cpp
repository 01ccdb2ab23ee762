// Review tests for the generated builders without vtables (8866b8f, 3bb24d3,
// 460ac3d, fcb788e): the field-table walks genWriteFields / genCheckFields
// (presence and flash bits read byte by byte, 1- and 2-byte masks), nested
// arrays of components and struct arrays, and copies.
//
// On AVR the walks read the tables (rows, names, class) from flash: the
// probe tables are constant SL_PROGMEM tables, as the generated ones. One
// output buffer, one depth sink and one set of nested buckets serve every
// case (they were a 4 KB sink per case, 37 KB of .bss in all).
// sl-board-test: does-not-fit uno every builder at once: 44,134 B of flash (the Uno has 32 KB) and 4,822 B of static RAM (2 KB); parts would not do: the nesting cases alone keep a 30-level nest's text (up to 1,051 B) and its 24 buckets (624 B), with 984 B of stack on the Mega: over 2 KB
#include <string.h>

#include "SlTest.h"
#include "generated/Components.h"
#include "generated/api/GetGroupChatMessages.h"
#include "generated/api/GetP2pChats.h"
#include "generated/api/SendGroupChatMessage.h"
#include "io/Sink.h"

namespace {

using sl::ComponentError;
using sl::ComponentErrorCode;

// The one output buffer of the cases (json(), the nests written whole): the
// longest text written is 921 B (a 30-level nest); a text that does not fit
// is a failure (BufferSink::overflowed(), a failed write).
char gOut[1536];

template <typename C>
const char* json(const C& c) {
  sl::BufferSink sink(gOut, sizeof gOut);
  sl::JsonWriter w(sink);
  c.writeJson(w);
  if (w.finish() != sl::JsonWriteError::Ok || sink.overflowed()) return "WRITER-ERROR";
  return sink.c_str();
}

template <typename C>
const char* errorPath(const C& c, char (&path)[96]) {
  ComponentError e = c.validate();
  e.formatPath(path, sizeof path);
  return path;
}

// ---- a synthetic table: every presence and flash bit ------------------------
// Each field's value byte says which flash bit its write/check must see
// (1 / 0); the write function writes [value, flash], the check answers
// OutOfRange when the flash bit it gets is not the one the value names.

template <typename Mask, uint8_t N>
struct Fields {
  Mask set_;
  Mask flash_;
  uint8_t v[N];
};

void writeProbe(sl::JsonWriter& w, const void* value, bool flash) {
  w.beginArray().integer(static_cast<long>(*static_cast<const uint8_t*>(value))).boolean(flash).endArray();
}

ComponentErrorCode checkProbe(const void* value, uint8_t flags, const sl::detail::GenBounds*, sl::ComponentError&) {
  const bool flash = (flags & sl::detail::kGenFlash) != 0;
  return (*static_cast<const uint8_t*>(value) != 0) == flash ? ComponentErrorCode::Ok : ComponentErrorCode::OutOfRange;
}

const char kKeys[16][4] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7",
                           "k8", "k9", "k10", "k11", "k12", "k13", "k14", "k15"};
// The rows' names: in flash on AVR, as the generated tables' are.
const char kPaths[16][8] SL_PROGMEM = {"p.k0", "p.k1", "p.k2", "p.k3", "p.k4", "p.k5", "p.k6", "p.k7",
                                       "p.k8", "p.k9", "p.k10", "p.k11", "p.k12", "p.k13", "p.k14", "p.k15"};

// kPaths[i] in RAM (for the checks' expected text).
struct PathText {
  char text[8];
  explicit PathText(uint8_t i) {
    for (uint8_t k = 0; k < sizeof text; ++k) text[k] = static_cast<char>(SL_FLASH_READ(&kPaths[i][k]));
  }
};

template <size_t... I>
struct Seq {};
template <size_t N, size_t... I>
struct MakeSeq : MakeSeq<N - 1, N - 1, I...> {};
template <size_t... I>
struct MakeSeq<0, I...> {
  typedef Seq<I...> type;
};

// Table of N probe fields, every one required or none. Constant tables
// (SL_PROGMEM) like the generated classes': the walks read rows, names
// and the class from flash on AVR.
template <typename Mask, uint8_t N, bool Required, bool WithFlash, typename S = typename MakeSeq<N>::type>
struct Probe;
template <typename Mask, uint8_t N, bool Required, bool WithFlash, size_t... I>
struct Probe<Mask, N, Required, WithFlash, Seq<I...> > {
  typedef Fields<Mask, N> F;
  static const sl::detail::GenField fields[N];
  static const sl::detail::GenClass cls;
};
template <typename Mask, uint8_t N, bool Required, bool WithFlash, size_t... I>
const sl::detail::GenField Probe<Mask, N, Required, WithFlash, Seq<I...> >::fields[N] SL_PROGMEM = {
    sl::detail::GenField(kKeys[I], kPaths[I], sl::detail::genKind<&writeProbe, &checkProbe>(),
                         static_cast<uint8_t>(Required ? sl::detail::kGenRequired : 0),
                         static_cast<uint8_t>(offsetof(F, v) + I))...};
template <typename Mask, uint8_t N, bool Required, bool WithFlash, size_t... I>
const sl::detail::GenClass Probe<Mask, N, Required, WithFlash, Seq<I...> >::cls SL_PROGMEM = {
    fields, nullptr, nullptr, nullptr, N, static_cast<uint8_t>(sizeof(Mask) | (WithFlash ? 0x80 : 0)), 0};

// Expected JSON of the probe: the set fields, each [flash expected, flash].
template <typename Mask, uint8_t N>
void expectedJson(const Fields<Mask, N>& f, bool withFlash, char* out) {
  strcpy(out, "{");
  bool first = true;
  for (uint8_t i = 0; i < N; ++i) {
    if (!((f.set_ >> i) & 1)) continue;
    if (!first) strcat(out, ",");
    first = false;
    char item[32];
    bool fl = withFlash && ((f.flash_ >> i) & 1);
    // value 0/1, flash bit
    item[0] = '"';
    strcpy(item + 1, kKeys[i]);
    strcat(item, "\":[");
    strcat(item, f.v[i] ? "1," : "0,");
    strcat(item, fl ? "true]" : "false]");
    strcat(out, item);
  }
  strcat(out, "}");
}

template <typename Mask, uint8_t N, bool withFlash>
void probeAll() {
  typedef Probe<Mask, N, false, withFlash> probe;
  // A spread of set/flash patterns, every single bit among them.
  for (uint32_t k = 0; k < 3u * N + 8; ++k) {
    Fields<Mask, N> f;
    uint32_t s = k < N ? (1u << k) : k < 2u * N ? ~(1u << (k - N)) : (k * 2654435761u) >> 7;
    uint32_t fl = k < N ? (1u << k) : k < 2u * N ? (1u << (k - N)) : (k * 40503u) ^ s;
    f.set_ = static_cast<Mask>(s);
    f.flash_ = static_cast<Mask>(fl);
    for (uint8_t i = 0; i < N; ++i) f.v[i] = withFlash ? static_cast<uint8_t>((f.flash_ >> i) & 1) : 0;
    char want[512];
    expectedJson(f, withFlash, want);
    sl::BufferSink sink(gOut, sizeof gOut);
    sl::JsonWriter w(sink);
    sl::detail::genWriteObject(w, &f, &probe::cls);
    CHECK(w.finish() == sl::JsonWriteError::Ok);
    CHECK_EQ_STR(sink.c_str(), want);
    ComponentError e;
    CHECK(sl::detail::genCheck(e, &f, &probe::cls, 0));
    // Each set field with the flash bit it must not have: the check names it.
    for (uint8_t i = 0; i < N; ++i) {
      if (!((f.set_ >> i) & 1)) continue;
      f.v[i] ^= 1;
      ComponentError e2;
      CHECK(!sl::detail::genCheck(e2, &f, &probe::cls, 0));
      CHECK(e2.code == ComponentErrorCode::OutOfRange);
      CHECK_EQ_FLASH_STR(e2.field, PathText(i).text);
      f.v[i] ^= 1;
    }
    if (sltest::failed()) {
      CHECK_EQ_INT(k, 100000);  // which pattern
      return;
    }
  }
  // Required fields, each unset in turn (the others set): MissingRequired names it.
  typedef Probe<Mask, N, true, withFlash> req;
  for (uint8_t i = 0; i < N; ++i) {
    Fields<Mask, N> f;
    f.set_ = static_cast<Mask>(~(1u << i));
    f.flash_ = 0;
    memset(f.v, 0, sizeof f.v);
    ComponentError e;
    CHECK(!sl::detail::genCheck(e, &f, &req::cls, 0));
    CHECK(e.code == ComponentErrorCode::MissingRequired);
    CHECK_EQ_FLASH_STR(e.field, PathText(i).text);
  }
}

TEST_CASE(review_builders_table_walk_16_fields_two_byte_masks) { probeAll<uint16_t, 16, true>(); }
TEST_CASE(review_builders_table_walk_9_fields_two_byte_masks) { probeAll<uint16_t, 9, true>(); }
TEST_CASE(review_builders_table_walk_8_fields_one_byte_masks) { probeAll<uint8_t, 8, true>(); }
TEST_CASE(review_builders_table_walk_without_flash_mask) { probeAll<uint16_t, 12, false>(); }

// ---- real classes -----------------------------------------------------------

using namespace sl;

// Fields past the eighth (second mask byte) of a real class: the gauge's
// pointerColor (9) and progressBarColor (11), set from RAM and from flash.
TEST_CASE(review_builders_gauge_high_fields_checked_and_written) {
  static const GaugeSegment seg[] = {GaugeSegment(0, 100)};
  data::Gauge g;
  g.setSegments(seg).setPointerColor("#ABABAB").setProgressBarColor(SL_F("#CCDD11"));
  CHECK(g.validate().ok());
  CHECK(strstr(json(g), "\"pointerColor\":\"#ABABAB\"") != 0);
  CHECK(strstr(json(g), "\"progressBarColor\":\"#CCDD11\"") != 0);
  char path[96];
  g.setProgressBarColor("red!");
  CHECK(g.validate().code == ComponentErrorCode::BadColor || !g.validate().ok());
  CHECK_EQ_STR(errorPath(g, path), "gauge.progressBarColor");
  g.setProgressBarColor(SL_F("#CCDD11")).setPointerColor(SL_F("#12345"));
  CHECK(!g.validate().ok());
  CHECK_EQ_STR(errorPath(g, path), "gauge.pointerColor");
  g.setPointerColor("#123456").setFontSize(49);
  CHECK_EQ_STR(errorPath(g, path), "gauge.fontSize");
}

// Struct arrays: every bad segment is refused, with its index.
TEST_CASE(review_builders_gauge_segments_every_rule) {
  char path[96];
  struct Case {
    GaugeSegment s[3];
    size_t n;
    const char* path;
  };
  const Case cases[] = {
      {{GaugeSegment(0, 50), GaugeSegment(51, 100), GaugeSegment()}, 2, ""},
      {{GaugeSegment(0, 50), GaugeSegment(50, 100), GaugeSegment()}, 2, "gauge.segments[1].from"},   // overlap
      {{GaugeSegment(0, 50), GaugeSegment(52, 100), GaugeSegment()}, 2, "gauge.segments[1].from"},   // gap
      {{GaugeSegment(1, 100), GaugeSegment(), GaugeSegment()}, 1, "gauge.segments[0].from"},         // not from 0
      {{GaugeSegment(0, 99), GaugeSegment(), GaugeSegment()}, 1, "gauge.segments[0].to"},            // not to 100
      {{GaugeSegment(0, 50), GaugeSegment(51, 100), GaugeSegment(40, 45)}, 3, "gauge.segments[2].from"},  // order
      {{GaugeSegment(0, 50), GaugeSegment(51, 51), GaugeSegment()}, 2, "gauge.segments[1].to"},      // to <= from
      {{GaugeSegment(0, 50), GaugeSegment(51, 101), GaugeSegment()}, 2, "gauge.segments[1].to"},     // range
      {{GaugeSegment(0, 50), GaugeSegment().setTo(100), GaugeSegment()}, 2, "gauge.segments[1].from"},  // missing
      {{GaugeSegment(0, 50), GaugeSegment(51, 100).setColor("#12"), GaugeSegment()}, 2, "gauge.segments[1].color"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    data::Gauge g;
    g.setSegments(cases[k].s, cases[k].n);
    CHECK_EQ_STR(errorPath(g, path), cases[k].path);
    form::Gauge fg;
    fg.setSegments(cases[k].s, cases[k].n);
    ComponentError e = fg.validate();
    CHECK(e.ok() == (cases[k].path[0] == 0));
    if (sltest::failed()) {
      CHECK_EQ_INT(k, 1000);
      return;
    }
  }
}

// Nested arrays of form components: a bad component or a bad item of its
// own array is refused with both indexes; nothing is written.
TEST_CASE(review_builders_form_nested_component_errors) {
  static const ButtonOption okOptions[] = {ButtonOption().setName("a"), ButtonOption().setName("b")};
  static const ButtonOption badOptions[] = {ButtonOption().setName("a"), ButtonOption().setName("")};
  static const ButtonOption dupOptions[] = {ButtonOption().setName("a"), ButtonOption().setName("a")};
  form::Switch sw("s1");
  form::ButtonList good;
  good.setRefName("b1").setOptions(okOptions);
  form::ButtonList bad;
  bad.setRefName("b2").setOptions(badOptions);
  form::ButtonList dup;
  dup.setRefName("b3").setOptions(dupOptions);
  form::Slider sl;
  sl.setRefName("sl").setMin(10).setMax(5);
  char path[96];
  {
    const FormComponent* items[] = {&sw, &good};
    data::Form f;
    f.setFormComponents(items);
    CHECK(f.validate().ok());
  }
  {
    const FormComponent* items[] = {&sw, &good, &bad};
    data::Form f;
    f.setFormComponents(items);
    CHECK_EQ_STR(errorPath(f, path), "form.formComponents[2].options[1].name");
    sl::CountingSink count;
    sl::JsonWriter w(count);
    CHECK(!f.writeTo(w).ok());
    CHECK_EQ_INT(count.count(), 0);
  }
  {
    const FormComponent* items[] = {&dup, &sw};
    data::Form f;
    f.setFormComponents(items);
    CHECK_EQ_STR(errorPath(f, path), "form.formComponents[0].options[1].name");
  }
  {
    const FormComponent* items[] = {&sw, &sl};
    data::Form f;
    f.setFormComponents(items);
    CHECK_EQ_STR(errorPath(f, path), "form.formComponents[1].max");
  }
  {
    const FormComponent* items[] = {&sw, 0};
    data::Form f;
    f.setFormComponents(items);
    CHECK_EQ_STR(errorPath(f, path), "form.formComponents[1]");
  }
  {
    form::Switch again("s1");
    const FormComponent* items[] = {&sw, &good, &again};
    data::Form f;
    f.setFormComponents(items);
    CHECK_EQ_STR(errorPath(f, path), "form.formComponents[2].refName");
  }
}

// A builder copied (by its own type, reached through a base reference)
// writes and checks as the original: the walk pointer / operations pointer
// come along.
TEST_CASE(review_builders_copies_behave_as_the_original) {
  form::Switch sw("lamp");
  sw.setTitle("Lamp").setValue(true);
  const FormComponent& base = sw;
  form::Switch copy = static_cast<const form::Switch&>(base);
  char a[256];
  strcpy(a, json(sw));
  CHECK_EQ_STR(json(copy), a);
  CHECK_EQ_STR(json(base), a);
  CHECK(copy.refName().ptr() != 0);
  form::Slider s1;
  s1.setRefName("x").setMin(0).setMax(10).setValue(5);
  form::Slider s2;
  s2 = s1;
  const FormComponent& b2 = s2;
  CHECK(b2.validate().ok());
  strcpy(a, json(s1));
  CHECK_EQ_STR(json(b2), a);
  data::Text t("hi");
  data::Text t2 = t;
  const DataComponent& d = t2;
  CHECK_EQ_STR(json(d), "{\"dataComponentType\":\"text\",\"text\":\"hi\"}");
  // Through the base: a data component that holds form components.
  const FormComponent* items[] = {&copy, &s2};
  data::Form f;
  f.setFormComponents(items);
  const DataComponent& fd = f;
  CHECK(fd.validate().ok());
  CHECK(strstr(json(fd), "\"refName\":\"lamp\"") != 0);
}

}  // namespace

namespace {

// Builds `n` buckets nested in each other (buckets[0] outermost), with
// `innermost` (when not null; the tests use a form holding a button list)
// inside the innermost bucket. Returns the outermost.
const data::Bucket& nest(data::Bucket (&buckets)[24], const DataComponent* (&items)[24], int n, const DataComponent* innermost) {
  for (int k = 0; k < n; ++k) {
    buckets[k] = data::Bucket();
    buckets[k].setBucketId("x");
  }
  for (int k = 0; k + 1 < n; ++k) {
    items[k] = &buckets[k + 1];
    buckets[k].setDataComponents(&items[k], 1);
  }
  if (innermost) {
    items[n - 1] = innermost;
    buckets[n - 1].setDataComponents(&items[n - 1], 1);
  }
  return buckets[0];
}

// The nests of every case (nest() builds each one afresh).
data::Bucket gBuckets[24];
const DataComponent* gItems[24];

// Passes: the depth check reaches through the walk functions of nested
// data components (TooDeep past SL_GEN_MAX_DEPTH JSON levels), and
// shallow nests are checked and written whole.
TEST_CASE(review_builders_nesting_depth_check_reaches_through) {
  static const ButtonOption opts[] = {ButtonOption().setName("a").setIcon(Icon().setName("i"))};
  form::ButtonList bl;
  bl.setRefName("b").setOptions(opts);
  const FormComponent* comps[] = {&bl};
  data::Form inner;
  inner.setFormComponents(comps);
  data::Bucket (&buckets)[24] = gBuckets;
  const DataComponent* (&items)[24] = gItems;
  for (int n = 1; n <= 10; ++n) {
    const data::Bucket& b = nest(buckets, items, n, &inner);
    sl::BufferSink sink(gOut, sizeof gOut);
    sl::JsonWriter w(sink);
    CHECK(b.writeTo(w).ok());
    CHECK(w.finish() == sl::JsonWriteError::Ok);
  }
  CHECK(nest(buckets, items, SL_JSON_MAX_DEPTH / 2 + 2, 0).validate().code == ComponentErrorCode::TooDeep);
  CHECK(nest(buckets, items, SL_JSON_MAX_DEPTH / 2 + 1, &inner).validate().code == ComponentErrorCode::TooDeep);
  char path[96];
  CHECK_EQ_STR(errorPath(nest(buckets, items, SL_JSON_MAX_DEPTH / 2 + 2, 0), path), "bucket.dataComponents[0]");
}

// Was a BUG (pre-existing at a71a65f, fixed): validate() accepted nests
// that writeTo() then could not write (WriteFailed, the writer's
// SL_JSON_MAX_DEPTH exceeded): the check counted one level per container
// component against SL_JSON_MAX_DEPTH / 2, but a bucket takes two JSON
// levels (its object and its dataComponents array) and the innermost
// component its own (a form with a button list: 6). Now every component
// checks depth + its own JSON levels against SL_GEN_MAX_DEPTH (the writer's
// depth less the 2 levels of a message envelope).
// Whatever validation accepts, the writer writes whole.
TEST_CASE(review_builders_nesting_accepted_is_writable) {
  static const ButtonOption opts[] = {ButtonOption().setName("a").setIcon(Icon().setName("i"))};
  form::ButtonList bl;
  bl.setRefName("b").setOptions(opts);
  const FormComponent* comps[] = {&bl};
  data::Form inner;
  inner.setFormComponents(comps);
  for (int withForm = 0; withForm < 2; ++withForm) {
    data::Bucket (&buckets)[24] = gBuckets;
    const DataComponent* (&items)[24] = gItems;
    bool sawTooDeep = false;
    for (int n = 1; n < 24; ++n) {
      // buckets[0] outermost ... buckets[n-1] innermost
      ComponentError e = nest(buckets, items, n, withForm ? &inner : 0).validate();
      sl::BufferSink sink(gOut, sizeof gOut);
      sl::JsonWriter w(sink);
      ComponentError e2 = buckets[0].writeTo(w);
      sl::JsonWriteError we = w.finish();
      if (e.ok()) {
        CHECK(!sawTooDeep);  // once too deep, deeper stays too deep
        if (!CHECK(e2.ok() && we == sl::JsonWriteError::Ok && !sink.overflowed())) {
          CHECK_EQ_INT(n * 10 + withForm, -1);
          CHECK_EQ_STR(sl::componentErrorCodeName(e2.code), "Ok");
          return;
        }
      } else {
        sawTooDeep = true;
        if (!CHECK(e.code == ComponentErrorCode::TooDeep)) {
          CHECK_EQ_STR(sl::componentErrorCodeName(e.code), "TooDeep");
          CHECK_EQ_INT(n * 10 + withForm, -1);
          return;
        }
      }
    }
    CHECK(sawTooDeep);
  }
}

// The deepest JSON a nesting check counts while `w` writes: the writer's
// depth() after each byte, the largest seen.
// `buf` keeps the text (NUL-terminated; the longest written is 1,051 B);
// `overflowed` says a byte did not fit (every case checks it did not).
struct DepthSink : sl::Sink {
  char buf[1536];
  size_t n = 0;
  int depth = 0, deepest = 0;
  bool inString = false, escaped = false, overflowed = false;
  // Empty again (one instance serves every case: no 1.5 KB copies).
  void reset() {
    memset(buf, 0, sizeof buf);
    n = 0;
    depth = deepest = 0;
    inString = escaped = overflowed = false;
  }
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t k = 0; k < len; ++k) {
      const char c = static_cast<char>(data[k]);
      if (n < sizeof buf - 1) buf[n++] = c;
      else overflowed = true;
      if (inString) {
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > deepest) deepest = depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
    return len;
  }
};

DepthSink gDepthSink;
// The shared sink, emptied.
DepthSink& freshSink() {
  gDepthSink.reset();
  return gDepthSink;
}

// Boundary (default SL_JSON_MAX_DEPTH 32, envelope 2: SL_GEN_MAX_DEPTH 30):
// 12 buckets (24 levels) around a form (2) holding a button list whose
// option has an icon (4) take exactly 30 levels: accepted, and written
// whole inside a 2-level message envelope (32 levels, the writer's limit).
// One level more (31: 14 buckets around a form holding a slider) is
// TooDeep with the path of the deepest holder, as are 2 more (13 buckets
// around the form with the button list). Fewer levels (29: 13 buckets, form,
// slider) pass. (An empty container keeps one level for a child: 15 bare
// buckets, 30 levels, are TooDeep.)
TEST_CASE(review_builders_nesting_boundary) {
  REQUIRE(SL_GEN_MAX_DEPTH == SL_JSON_WRITER_MAX_DEPTH - 2);
  REQUIRE(SL_JSON_WRITER_MAX_DEPTH == 32);
  static const ButtonOption opts[] = {ButtonOption().setName("a").setIcon(Icon().setName("i"))};
  form::ButtonList bl;
  bl.setRefName("b").setOptions(opts);
  const FormComponent* withList[] = {&bl};
  data::Form formList;
  formList.setFormComponents(withList);
  form::Slider sl;
  sl.setRefName("s").setMin(0).setMax(10);
  const FormComponent* withSlider[] = {&sl};
  data::Form formSlider;
  formSlider.setFormComponents(withSlider);
  data::Bucket (&buckets)[24] = gBuckets;
  const DataComponent* (&items)[24] = gItems;
  char path[96];

  // 30 levels: accepted, written whole alone and in an envelope.
  {
    const data::Bucket& b = nest(buckets, items, 12, &formList);
    CHECK(b.validate().ok());
    DepthSink& alone = freshSink();
    sl::JsonWriter w(alone);
    CHECK(b.writeTo(w).ok());
    CHECK(w.finish() == sl::JsonWriteError::Ok);
    CHECK_EQ_INT(alone.deepest, SL_GEN_MAX_DEPTH);
    CHECK(!alone.overflowed);
    DepthSink& env = freshSink();
    sl::JsonWriter we(env);
    we.beginObject();
    we.key("body").beginObject();
    we.key("dataComponent");
    CHECK(b.writeTo(we).ok());
    we.endObject();
    we.endObject();
    CHECK(we.finish() == sl::JsonWriteError::Ok);
    CHECK_EQ_INT(env.deepest, SL_JSON_WRITER_MAX_DEPTH);
    CHECK(env.n > 0 && env.buf[env.n - 1] == '}' && env.depth == 0);
    CHECK(!env.overflowed);
  }
  // 29 levels: accepted and written.
  {
    const data::Bucket& b = nest(buckets, items, 13, &formSlider);
    CHECK(b.validate().ok());
    DepthSink& s = freshSink();
    sl::JsonWriter w(s);
    CHECK(b.writeTo(w).ok());
    CHECK(w.finish() == sl::JsonWriteError::Ok);
    CHECK_EQ_INT(s.deepest, SL_GEN_MAX_DEPTH - 1);
    CHECK(!s.overflowed);
  }
  // 31 levels: TooDeep, nothing written.
  {
    const data::Bucket& b = nest(buckets, items, 14, &formSlider);
    CHECK(b.validate().code == ComponentErrorCode::TooDeep);
    CHECK_EQ_STR(errorPath(b, path), "bucket.dataComponents[0]");
    DepthSink& s = freshSink();
    sl::JsonWriter w(s);
    CHECK(b.writeTo(w).code == ComponentErrorCode::TooDeep);
    CHECK_EQ_INT(static_cast<int>(s.n), 0);
  }
  // 32 levels: TooDeep at the button list (below its form).
  {
    const data::Bucket& b = nest(buckets, items, 13, &formList);
    ComponentError e = b.validate();
    CHECK(e.code == ComponentErrorCode::TooDeep);
    CHECK_EQ_STR(errorPath(b, path), "form.formComponents[0]");
  }
  // Empty innermost containers keep a level for a child.
  CHECK(nest(buckets, items, 14, 0).validate().ok());
  CHECK(nest(buckets, items, 15, 0).validate().code == ComponentErrorCode::TooDeep);
}

}  // namespace

namespace {

// Writes with `write(w)` (a component's writeTo(), a request's writeWs())
// into a writer that already has `open` arrays open; returns the code. Whatever the code, the writer must be usable
// afterwards: on an error other than WriteFailed nothing was written (no
// byte, depth unchanged, writer ok), and after closing the arrays the
// document must be complete, valid JSON (finish() Ok).
template <typename Write>
ComponentErrorCode writeNestedWith(Write write, int open, DepthSink& s) {
  s.reset();
  sl::JsonWriter w(s);
  for (int k = 0; k < open; ++k) w.beginArray();
  const size_t before = s.n;
  const ComponentErrorCode code = write(w).code;
  if (code != ComponentErrorCode::Ok) {
    CHECK_EQ_INT(static_cast<int>(s.n - before), 0);
    CHECK_EQ_INT(w.depth(), open);
    CHECK(w.ok());
  }
  for (int k = 0; k < open; ++k) w.endArray();
  CHECK(w.finish() == sl::JsonWriteError::Ok);
  CHECK_EQ_INT(s.depth, 0);
  CHECK(!s.overflowed);
  return code;
}

template <typename C>
ComponentErrorCode writeNested(const C& c, int open, DepthSink& s) {
  return writeNestedWith([&c](sl::JsonWriter& w) { return c.writeTo(w); }, open, s);
}

// Was a defect (fixed in the generator): writeTo(w) checked the nesting at
// depth 0 whatever `w` had open, so into a writer nested deeper than the
// SL_GEN_ENVELOPE_DEPTH levels every check keeps free it answered
// WriteFailed after validate() said Ok, with the component half written.
// Now writeTo() checks where the writer is: past the writer's
// SL_JSON_WRITER_MAX_DEPTH is TooDeep before any byte; up to it is written
// whole. Boundary on both sides, for a one-level component (Text) and for
// the 30-level nest of review_builders_nesting_boundary.
TEST_CASE(review_builders_write_to_nested_writer_checks_remaining_depth) {
  REQUIRE(SL_GEN_ENVELOPE_DEPTH == 2);
  REQUIRE(SL_JSON_WRITER_MAX_DEPTH == 32);
  DepthSink& s = gDepthSink;
  data::Text text("t");
  CHECK(text.validate().ok());
  // Within the envelope and just below the writer's limit: written.
  CHECK(writeNested(text, 0, s) == ComponentErrorCode::Ok);
  CHECK(writeNested(text, SL_GEN_ENVELOPE_DEPTH, s) == ComponentErrorCode::Ok);
  CHECK(writeNested(text, SL_JSON_WRITER_MAX_DEPTH - 1, s) == ComponentErrorCode::Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  // The writer full: no room for the text's object.
  CHECK(writeNested(text, SL_JSON_WRITER_MAX_DEPTH, s) == ComponentErrorCode::TooDeep);

  static const ButtonOption opts[] = {ButtonOption().setName("a").setIcon(Icon().setName("i"))};
  form::ButtonList bl;
  bl.setRefName("b").setOptions(opts);
  const FormComponent* withList[] = {&bl};
  data::Form formList;
  formList.setFormComponents(withList);
  data::Bucket (&buckets)[24] = gBuckets;
  const DataComponent* (&items)[24] = gItems;
  const data::Bucket& b = nest(buckets, items, 12, &formList);  // 30 levels
  CHECK(b.validate().ok());
  CHECK(writeNested(b, SL_GEN_ENVELOPE_DEPTH, s) == ComponentErrorCode::Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeNested(b, SL_GEN_ENVELOPE_DEPTH + 1, s) == ComponentErrorCode::TooDeep);
  // The same answer as checkAt() at the depth below the envelope.
  CHECK(b.checkAt(1).code == ComponentErrorCode::TooDeep);
  // The table walk adds a class's levels to the depth in 8 bits: a sum
  // past 255 (the form's 3 levels at 253..255) is TooDeep as well.
  for (unsigned d = 250; d <= 255; ++d) CHECK(formList.checkAt(static_cast<uint8_t>(d)).code == ComponentErrorCode::TooDeep);
  // A shallower nest (24 levels) still fits 6 more open levels, not 7.
  const data::Bucket& b2 = nest(buckets, items, 9, &formList);
  CHECK(writeNested(b2, SL_GEN_ENVELOPE_DEPTH + 6, s) == ComponentErrorCode::Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeNested(b2, SL_GEN_ENVELOPE_DEPTH + 7, s) == ComponentErrorCode::TooDeep);
  // A form component (its own writeTo()) at the limit.
  CHECK(writeNested(bl, SL_JSON_WRITER_MAX_DEPTH - 4, s) == ComponentErrorCode::Ok);
  CHECK(writeNested(bl, SL_JSON_WRITER_MAX_DEPTH - 3, s) == ComponentErrorCode::TooDeep);
}

// Writes `r` with writeWs() (request id "r1"), checked as writeNested().
template <typename R>
ComponentErrorCode writeWsNested(const R& r, int open, DepthSink& s) {
  return writeNestedWith([&r](sl::JsonWriter& w) { return r.writeWs(w, "r1"); }, open, s);
}

// Was a defect (fixed in the generator): the WebSocket request writers
// checked their body's components at depth 0 and their own envelope levels
// not at all, so writeWs(w) into a writer with containers already open
// answered WriteFailed half-written after validate() said Ok. Now writeWs()
// checks where the writer is, as writeTo() does: TooDeep before any byte
// when the request would pass SL_JSON_WRITER_MAX_DEPTH, written whole up to
// it. Boundary on both sides for each envelope shape: no parameters or body
// (1 level), parameters (2), a body with a one-level component and a value
// object (3), and a body carrying the 30-level nest.
TEST_CASE(review_builders_write_ws_nested_writer_checks_remaining_depth) {
  REQUIRE(SL_GEN_ENVELOPE_DEPTH == 2);
  REQUIRE(SL_JSON_WRITER_MAX_DEPTH == 32);
  DepthSink& s = gDepthSink;
  const ComponentErrorCode Ok = ComponentErrorCode::Ok;
  const ComponentErrorCode TooDeep = ComponentErrorCode::TooDeep;

  api::GetP2pChats chats;
  CHECK(chats.validate().ok());
  CHECK(writeWsNested(chats, 0, s) == Ok);
  CHECK(writeWsNested(chats, SL_JSON_WRITER_MAX_DEPTH - 1, s) == Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeWsNested(chats, SL_JSON_WRITER_MAX_DEPTH, s) == TooDeep);

  api::GetGroupChatMessages messages("g");
  messages.setLimit(5);
  CHECK(messages.validate().ok());
  CHECK(writeWsNested(messages, SL_JSON_WRITER_MAX_DEPTH - 2, s) == Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(strstr(s.buf, "\"limit\":5}}") != 0);
  CHECK(writeWsNested(messages, SL_JSON_WRITER_MAX_DEPTH - 1, s) == TooDeep);

  data::Text text("t");
  api::SendGroupChatMessage send("g", text);
  CHECK(writeWsNested(send, SL_JSON_WRITER_MAX_DEPTH - 3, s) == Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeWsNested(send, SL_JSON_WRITER_MAX_DEPTH - 2, s) == TooDeep);
  send.setOptions(MessageOptions().setSilent(true));
  CHECK(send.validate().ok());
  CHECK(writeWsNested(send, SL_JSON_WRITER_MAX_DEPTH - 3, s) == Ok);
  CHECK(strstr(s.buf, "\"silent\":true}") != 0);
  CHECK(writeWsNested(send, SL_JSON_WRITER_MAX_DEPTH - 2, s) == TooDeep);
  // A validation error is still that error, wherever the writer is.
  api::SendGroupChatMessage empty;
  CHECK(writeWsNested(empty, 1, s) == ComponentErrorCode::MissingRequired);

  static const ButtonOption opts[] = {ButtonOption().setName("a").setIcon(Icon().setName("i"))};
  form::ButtonList bl;
  bl.setRefName("b").setOptions(opts);
  const FormComponent* withList[] = {&bl};
  data::Form formList;
  formList.setFormComponents(withList);
  data::Bucket (&buckets)[24] = gBuckets;
  const DataComponent* (&items)[24] = gItems;
  // 30 levels: with the envelope's two, exactly the writer's 32.
  const data::Bucket& b = nest(buckets, items, 12, &formList);
  api::SendGroupChatMessage deep("g", b);
  CHECK(deep.validate().ok());
  CHECK(writeWsNested(deep, 0, s) == Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeWsNested(deep, 1, s) == TooDeep);
  // 24 levels: 6 more open levels fit, not 7.
  nest(buckets, items, 9, &formList);  // rebuilt in place: `deep` holds buckets[0]
  CHECK(deep.validate().ok());
  CHECK(writeWsNested(deep, 6, s) == Ok);
  CHECK_EQ_INT(s.deepest, SL_JSON_WRITER_MAX_DEPTH);
  CHECK(writeWsNested(deep, 7, s) == TooDeep);
}

}  // namespace
