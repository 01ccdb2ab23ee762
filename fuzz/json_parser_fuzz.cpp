// libFuzzer target: sl::JsonParser on arbitrary bytes. Checks, beyond "no
// crash / no sanitizer report": the same event digest, error and error offset
// whether the input is fed whole, byte by byte, or in chunks of a size taken
// from the input; done() exactly when there is no error.
#include <stddef.h>
#include <stdint.h>

#include "JsonFuzzEvents.h"

namespace {

struct Result {
  uint64_t digest;
  sl::JsonParseError::Code error;
  uint32_t offset;
};

Result parse(const uint8_t* data, size_t size, size_t step) {
  fuzz::Digest d;
  sl::JsonParser p(d);
  sl::JsonParseError e;
  for (size_t pos = 0; pos < size && !e; pos += step) {
    e = p.feed(data + pos, size - pos < step ? size - pos : step);
  }
  e = p.finish();
  fuzz::check(!e == p.done(), "done() disagrees with the error");
  fuzz::check(!e || p.errorOffset() <= size, "error offset beyond the input");
  Result r = {d.complete, e.code(), p.errorOffset()};
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Result whole = parse(data, size, size ? size : 1);
  Result bytes = parse(data, size, 1);
  size_t step = size ? 1 + data[0] % 17 : 1;
  Result chunks = parse(data, size, step);
  fuzz::check(whole.error == bytes.error && whole.error == chunks.error, "error depends on chunking");
  fuzz::check(whole.offset == bytes.offset && whole.offset == chunks.offset, "offset depends on chunking");
  fuzz::check(whole.digest == bytes.digest && whole.digest == chunks.digest, "events depend on chunking");
  return 0;
}
