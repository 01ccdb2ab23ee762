// Random components for test/firmware/generated-random.test.ts: a seeded
// generator sets the fields of the builders with the most rules (numbers at
// and around their bounds, NaN and infinities, colours, URLs, dates, empty,
// long, escaped and invalid-UTF-8 strings, out-of-range enum values, forms
// with clashing refNames) and prints one tab-separated line per component:
//   accept <family> <json written by writeTo()>
//   refuse <family> <error code> <error path> <json forced by writeJson()>
// A refused component must have written nothing (else "WROTE-BYTES").
//   random_components_host <seed> <count>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limits>

#include "generated/Components.h"
#include "io/Sink.h"

namespace {

uint32_t gState = 1;
uint32_t next() {  // xorshift32
  gState ^= gState << 13;
  gState ^= gState >> 17;
  gState ^= gState << 5;
  return gState;
}
uint32_t below(uint32_t n) { return next() % n; }
bool coin() { return next() & 1; }
template <typename T, size_t N>
T pick(const T (&items)[N]) {
  return items[below(N)];
}

// Strings: plain, empty, escapes, control bytes, UTF-8 (valid and not),
// colours and colour look-alikes, URLs, dates and times, long ones.
const char* const kStrings[] = {
    "", "a", "Lamp", "dim", "x y", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\x01\x1f", "caf\xc3\xa9",
    "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\xc3\x28", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff",
    "#3B82F6", "#abc", "#ABCDEF12", "#GGGGGG", "3B82F6", "#12345", "#", "red", "https://example.com",
    "http://a.b/c?d=e", "ftp://x", "example.com", "https://", "2026-11-28", "2026-02-30", "28.11.2026", "23:59",
    "24:00", "12:30:15", "Europe/Rome", "not/a zone",
    "a very long string that goes on and on and on past the lengths any buffer would be sized for, a very long "
    "string that goes on and on and on past the lengths any buffer would be sized for",
};
const char* str() { return coin() && coin() ? nullptr : pick(kStrings); }
const char* nonNull() { return pick(kStrings); }

// Numbers: around 0, the bounds the schemas use, the 16/32-bit edges,
// fractions, NaN and the infinities, as ints or doubles.
sl::ComponentNumber num() {
  static const long kInts[] = {0, 1, -1, 2, 5, 9, 10, 11, 20, 33, 34, 50, 66, 67, 89, 90, 91, 99, 100, 101, 179, 180,
                               181, 255, 256, 359, 360, 361, 1000, 32767, 32768, -32768, -32769, 2147483647L,
                               -2147483647L - 1};
  static const double kDoubles[] = {0.5, -0.5, 99.9, 100.0001, -90.0, 90.0, -90.0000001, 180.0, -180.5, 1e9, -1e300,
                                    1e-300, 45.123456789};
  switch (below(5)) {
    case 0: return sl::ComponentNumber(std::numeric_limits<double>::quiet_NaN());
    case 1: return sl::ComponentNumber(coin() ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
    case 2: return sl::ComponentNumber(pick(kDoubles));
    default: return sl::ComponentNumber(pick(kInts));
  }
}
int16_t i16() {
  static const int16_t k[] = {0, 1, -1, 5, 10, 20, 33, 34, 50, 66, 67, 90, 99, 100, 101, 200, 359, 360, 361, 32767, -32768};
  return pick(k);
}

char buf[8192];

template <typename C>
void emit(const C& c, bool data) {
  const char* family = data ? "data" : "form";
  sl::ComponentError e = c.validate();
  if (e.ok()) {
    sl::BufferSink sink(buf, sizeof buf);
    sl::JsonWriter w(sink);
    sl::ComponentError e2 = c.writeTo(w);
    sl::JsonWriteError we = w.finish();
    printf("accept\t%s\t%s\n", family, (e2.ok() && we == sl::JsonWriteError::Ok && !sink.overflowed()) ? sink.c_str() : "WRITER-ERROR");
    return;
  }
  char path[128];
  e.formatPath(path, sizeof path);
  sl::CountingSink count;
  sl::JsonWriter cw(count);
  if (c.writeTo(cw).code != e.code || count.count() != 0) {
    printf("refuse\t%s\tWROTE-BYTES\t%s\t{}\n", family, path);
    return;
  }
  sl::BufferSink sink(buf, sizeof buf);
  sl::JsonWriter w(sink);
  c.writeJson(w);
  sl::JsonWriteError we = w.finish();
  printf("refuse\t%s\t%s\t%s\t%s\n", family, sl::componentErrorCodeName(e.code), path,
         (we == sl::JsonWriteError::Ok && !sink.overflowed()) ? sink.c_str() : "WRITER-ERROR");
}

using namespace sl;

void gauge() {
  GaugeSegment segs[3];
  size_t n = below(4);
  for (size_t i = 0; i < n; ++i) {
    if (coin()) segs[i].setFrom(i16());
    if (coin() || coin()) segs[i].setTo(i16());
    if (coin()) segs[i].setColor(nonNull());
  }
  data::Gauge g;
  if (coin()) g.setTitle(str());
  if (coin()) g.setThickness(i16());
  if (coin()) g.setDegrees(i16());
  if (coin()) g.setSpacing(i16());
  if (coin()) g.setFontSize(i16());
  if (coin()) g.setValue(num());
  if (coin()) g.setDisplayValue(str());
  if (n || coin()) g.setSegments(segs, n);
  if (coin()) g.setPointer(static_cast<GaugePointer>(below(5)));
  if (coin()) g.setPointerColor(str());
  if (coin()) g.setProgressBar(static_cast<GaugeProgressBar>(below(4)));
  if (coin()) g.setProgressBarColor(str());
  emit(g, true);
}

void location() {
  data::Location l;
  if (coin() || coin()) l.setLatitude(num());
  if (coin() || coin()) l.setLongitude(num());
  if (coin()) l.setLocationName(str());
  emit(l, true);
}

void appointment() {
  static const long long kTimes[] = {0, 1, -1, 1700000000LL, 1700003600LL, 1700000000000LL, 4102444800LL, -62135596800LL};
  data::Appointment a;
  if (coin() || coin()) a.setTitle(str());
  if (coin()) a.setDescription(str());
  if (coin() || coin()) a.setStart(pick(kTimes));
  if (coin() || coin()) a.setEnd(pick(kTimes));
  if (coin()) a.setAllDay(coin());
  if (coin()) a.setTimezone(str());
  emit(a, true);
}

void text() {
  data::Text t;
  if (coin() || coin()) t.setText(str());
  emit(t, true);
}

void webView() {
  data::WebView v;
  if (coin() || coin()) v.setUrl(str());
  if (coin()) v.setDisplayMode(static_cast<data::WebViewDisplayMode>(below(4)));
  if (coin()) v.setLinkDisplayName(str());
  if (coin()) v.setEnableFullScreenView(coin());
  if (coin()) v.setViewSize(static_cast<data::WebViewViewSize>(below(5)));
  emit(v, true);
}

// Form components (kept alive by the caller for the forms built of them).
struct Parts {
  form::Slider slider;
  form::Switch sw;
  form::Label label;
  form::Textbox textbox;
  form::ColorPicker color;
  form::DatePicker date;
  form::SingleChoice single;
  Option options[3];
  const FormComponent* all[7];
  Parts() {
    // (two invalid UTF-8 names that the writer writes the same: U+FFFD)
    const char* const kRefs[] = {"lamp", "dim", "lamp", "", "x", nullptr, "\xc3", "\xff", "\xef\xbf\xbd"};
    all[0] = &slider;
    all[1] = &sw;
    all[2] = &label;
    all[3] = &textbox;
    all[4] = &color;
    all[5] = &date;
    all[6] = &single;
    slider.setRefName(pick(kRefs));
    if (coin()) slider.setTitle(str());
    if (coin()) slider.setMin(num());
    if (coin()) slider.setMax(num());
    if (coin()) slider.setStep(num());
    if (coin()) slider.setValue(num());
    if (coin()) slider.setRequiredSelection(coin());
    sw.setRefName(pick(kRefs));
    if (coin()) sw.setTitle(str());
    if (coin()) sw.setValue(coin());
    label.setRefName(pick(kRefs));
    if (coin()) label.setTitle(str());
    if (coin()) label.setValue(str());
    textbox.setRefName(pick(kRefs));
    if (coin()) textbox.setValue(str());
    if (coin()) textbox.setRequiredSelection(coin());
    color.setRefName(pick(kRefs));
    if (coin()) color.setValue(str());
    if (coin()) color.setActionButtonTitle(str());
    date.setRefName(pick(kRefs));
    if (coin()) date.setValue(str());
    single.setRefName(pick(kRefs));
    size_t n = below(4);
    for (size_t i = 0; i < n; ++i) {
      if (coin() || coin()) options[i].setName(str());
      if (coin() || coin()) options[i].setValue(str());
    }
    if (n || coin()) single.setOptions(options, n);
    if (coin()) single.setValue(str());
    if (coin()) single.setMode(static_cast<form::SingleChoiceMode>(below(3)));
  }
};

void formParts() {
  Parts p;
  emit(*p.all[below(7)], false);
}

void dataForm() {
  Parts p;
  const FormComponent* chosen[4];
  size_t n = below(5);
  for (size_t i = 0; i < n; ++i) chosen[i] = p.all[below(7)];
  data::Form f;
  if (coin() || coin()) f.setFormComponents(chosen, n);
  if (coin()) f.setRefName(str());
  if (coin()) f.setSubmitText(str());
  if (coin()) f.setAlign(static_cast<data::FormAlign>(below(4)));
  emit(f, true);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: random_components_host <seed> <count>\n");
    return 2;
  }
  gState = static_cast<uint32_t>(strtoul(argv[1], nullptr, 10)) | 1u;
  long count = strtol(argv[2], nullptr, 10);
  void (*const kMakers[])() = {gauge, location, appointment, text, webView, formParts, dataForm};
  for (long i = 0; i < count; ++i) pick(kMakers)();
  return 0;
}
