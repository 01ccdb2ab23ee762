// sl::ComponentNumber: number fields keep integers as integers (written and
// compared exactly, no floating point linked) and doubles as doubles, with
// the same validation as before: NaN and infinity refused, ranges checked.
#include <float.h>
#include <stdint.h>

#include "SlTest.h"
#include "generated/Components.h"
#include "io/Sink.h"

namespace {

char out[512];

template <typename C>
const char* json(const C& c) {
  sl::BufferSink sink(out, sizeof out);
  sl::JsonWriter w(sink);
  if (!c.writeTo(w).ok()) return "INVALID";
  if (w.finish() != sl::JsonWriteError::Ok) return "WRITER-ERROR";
  return sink.c_str();
}

template <typename C>
sl::ComponentErrorCode code(const C& c) {
  return c.validate().code;
}

double zero() {
  volatile double z = 0;
  return z;
}

}  // namespace

using sl::ComponentErrorCode;

TEST_CASE(number_integer_and_double_setters_write_their_kind) {
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(42)), "{\"dataComponentType\":\"gauge\",\"value\":42}");
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(42L)), "{\"dataComponentType\":\"gauge\",\"value\":42}");
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(static_cast<uint8_t>(7))), "{\"dataComponentType\":\"gauge\",\"value\":7}");
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(42.5)), "{\"dataComponentType\":\"gauge\",\"value\":42.5}");
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(0.25f)), "{\"dataComponentType\":\"gauge\",\"value\":0.25}");
  CHECK_EQ_STR(json(sl::data::Gauge().setValue(100.0)), "{\"dataComponentType\":\"gauge\",\"value\":100}");
  CHECK(sl::ComponentNumber(3).isInteger());
  CHECK(!sl::ComponentNumber(3.0).isInteger());
  CHECK_EQ_INT(sl::ComponentNumber(-7).toInt32(), -7);
}

TEST_CASE(number_not_finite_is_refused) {
  const double inf = 1.0 / zero();
  CHECK(code(sl::data::Gauge().setValue(zero() / zero())) == ComponentErrorCode::NotFinite);
  CHECK(code(sl::data::Gauge().setValue(inf)) == ComponentErrorCode::NotFinite);
  CHECK(code(sl::data::Gauge().setValue(-inf)) == ComponentErrorCode::NotFinite);
  CHECK(code(sl::data::Location().setLatitude(inf).setLongitude(0)) == ComponentErrorCode::NotFinite);
  sl::form::Slider s("s");
  s.setMin(0).setMax(10).setStep(zero() / zero());
  CHECK(code(s) == ComponentErrorCode::NotFinite);
  sl::CountingSink count;
  sl::JsonWriter w(count);
  sl::ComponentError e = sl::data::Gauge().setValue(inf).writeTo(w);
  CHECK(e.code == ComponentErrorCode::NotFinite);
  CHECK_EQ_INT(count.count(), 0);  // validation comes before the first byte
  char path[32];
  e.formatPath(path, sizeof path);
  CHECK_EQ_STR(path, "gauge.value");
}

TEST_CASE(number_ranges_integer_and_double) {
  CHECK(code(sl::data::Gauge().setValue(0)) == ComponentErrorCode::Ok);
  CHECK(code(sl::data::Gauge().setValue(100)) == ComponentErrorCode::Ok);
  CHECK(code(sl::data::Gauge().setValue(101)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Gauge().setValue(-1)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Gauge().setValue(100.0)) == ComponentErrorCode::Ok);
  CHECK(code(sl::data::Gauge().setValue(100.001)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Gauge().setValue(-0.001)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Gauge().setValue(INT32_MIN)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Gauge().setValue(4000000000UL)) == ComponentErrorCode::OutOfRange);
  CHECK(code(sl::data::Location().setLatitude(-90).setLongitude(180)) == ComponentErrorCode::Ok);
  CHECK(code(sl::data::Location().setLatitude(-91).setLongitude(180)) == ComponentErrorCode::OutOfRange);
  // Exclusive minimum: step > 0.
  sl::form::Slider s("s");
  s.setStep(0);
  CHECK(code(s) == ComponentErrorCode::OutOfRange);
  s.setStep(-0.5);
  CHECK(code(s) == ComponentErrorCode::OutOfRange);
  s.setStep(0.0);  // (the bound is stored as the integers' 1: a double steps it back)
  CHECK(code(s) == ComponentErrorCode::OutOfRange);
  s.setStep(0.001);
  CHECK(code(s) == ComponentErrorCode::Ok);
  s.setStep(1);
  CHECK(code(s) == ComponentErrorCode::Ok);
}

TEST_CASE(number_slider_rules_mixed_and_extreme) {
  sl::form::Slider s("s");
  s.setMin(0).setMax(100).setStep(1).setValue(50);
  CHECK_EQ_STR(json(s), "{\"formComponentType\":\"slider\",\"refName\":\"s\",\"value\":50,\"min\":0,\"max\":100,\"step\":1}");
  s.setMin(0.5).setValue(0.5);
  CHECK(code(s) == ComponentErrorCode::Ok);
  s.setValue(0);
  CHECK(code(s) == ComponentErrorCode::SliderValueWithinRange);
  s.setValue(100.5);
  CHECK(code(s) == ComponentErrorCode::SliderValueWithinRange);
  s.setValue(100);
  s.setMax(0.5);
  CHECK(code(s) == ComponentErrorCode::SliderMinBelowMax);
  // step <= max - min with the widest integers: no overflow.
  sl::form::Slider w("w");
  w.setMin(INT32_MIN).setMax(INT32_MAX).setStep(INT32_MAX);
  CHECK(code(w) == ComponentErrorCode::Ok);
  w.setMin(-10).setMax(10).setStep(20);
  CHECK(code(w) == ComponentErrorCode::Ok);
  w.setStep(21);
  CHECK(code(w) == ComponentErrorCode::SliderStepWithinRange);
  w.setStep(20.5);
  CHECK(code(w) == ComponentErrorCode::SliderStepWithinRange);
  w.setMin(-10.25).setStep(20.25);
  CHECK(code(w) == ComponentErrorCode::Ok);
}

TEST_CASE(number_unsigned_beyond_int32_stays_exact_enough) {
  sl::ComponentNumber n(3000000000UL);
  CHECK(!n.isInteger());
  CHECK(n.toDouble() > 2.9e9);
  sl::ComponentNumber m(2147483647UL);
  CHECK(m.isInteger());
  CHECK_EQ_INT(m.toInt32(), 2147483647L);
}
