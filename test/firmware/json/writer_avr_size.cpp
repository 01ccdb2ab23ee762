// A tiny AVR program that uses the JSON writer, linked by
// test/firmware/toolchains.test.ts to check that no heap function is linked
// and to measure the writer's flash cost against the same program built with
// -DSL_SIZE_BASELINE (no writer). -DSL_SIZE_FLOAT / -DSL_SIZE_INT64 add
// number(float) / 64-bit integers.
#include "Semilimes.h"

namespace {

class NullSink : public sl::Sink {
 public:
  size_t write(const uint8_t*, size_t n) override { return n; }
};

volatile long gLong = 42;
volatile float gFloat = 21.5f;
#if defined(SL_SIZE_INT64)
// A variable, not a product: a 64-bit multiply here would pull libgcc's
// multiply helpers into the writer's int64 figure.
volatile long long gLongLong = 42000000000LL;
#endif
volatile uint8_t gResult;
// Its size in the ELF is sizeof(sl::JsonWriter) (read by the test).
volatile uint8_t gJsonWriterSizeProbe[sizeof(sl::JsonWriter)];

}  // namespace

int main() {
  NullSink sink;
#if defined(SL_SIZE_BASELINE)
  sink.write(reinterpret_cast<const uint8_t*>("x"), 1);
  gResult = static_cast<uint8_t>(gLong);
#else
  sl::JsonWriter w(sink);
  w.beginObject()
      .key(SL_F("name"))
      .string("t\"1")
      .key(SL_F("n"))
      .integer(gLong)
      .key(SL_F("ok"))
      .boolean(true)
      .key(SL_F("list"))
      .beginArray()
      .null()
      .stringBegin()
      .stringPart("a")
      .stringEnd()
      .raw("{}")
      .endArray();
#if defined(SL_SIZE_FLOAT)
  w.key(SL_F("f")).number(gFloat);
#endif
#if defined(SL_SIZE_INT64)
  w.key(SL_F("big")).integer(gLongLong);
#endif
  w.endObject();
  sl::JsonWriteError e = w.finish();
  gResult = static_cast<uint8_t>(e.code() + gJsonWriterSizeProbe[0]);
#endif
  return 0;
}
