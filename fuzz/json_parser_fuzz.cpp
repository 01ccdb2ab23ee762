// libFuzzer target: sl::JsonParser on arbitrary bytes. Checks, beyond "no
// crash / no sanitizer report": the same event digest, error and error offset
// whether the input is fed whole, byte by byte, or in chunks of a size taken
// from the input; done() exactly when there is no error. The same for a
// JsonPathMatcher on a few fixed paths (its matches digest), which also
// exercises JsonParser::skipValue(). And pull-style, parse(source), with a
// Stream-like source and with sl::JsonFlashSource (input without NUL bytes,
// copied with a terminating NUL): the same again.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "JsonFuzzEvents.h"
#include "json/JsonFlashSource.h"
#include "json/JsonPathMatcher.h"

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

// A Stream-like source: read() gives the next byte, -1 at the end.
struct BytesSource {
  const uint8_t* p;
  const uint8_t* end;
  int read() { return p != end ? *p++ : -1; }
};

// Pull-style: with a BytesSource, or (text != 0, the input NUL-terminated)
// with a JsonFlashSource.
template <class Handler>
Result pull(Handler& h, const uint8_t* data, size_t size, const char* text, uint64_t (*digest)(const Handler&)) {
  sl::JsonParser p(h);
  sl::JsonParseError e;
  if (text) {
    sl::JsonFlashSource src(text);
    e = p.parse(src);
    fuzz::check(e || src.position() == size, "flash source stopped early");
  } else {
    BytesSource src = {data, data + size};
    e = p.parse(src);
  }
  if (!e) e = p.finish();
  Result r = {digest(h), e.code(), p.errorOffset()};
  return r;
}

uint64_t digestOf(const fuzz::Digest& d) { return d.complete; }

const char* const kPaths[] = {"a", "a.b", "a.b[*]", "[*]", "[*].a", "a[*].b.c", ""};

// Digest of (path, event, bytes) for every match; string pieces joined.
class MatchDigest : public sl::JsonMatchHandler {
 public:
  uint64_t h = 1469598103934665603ULL;
  bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
    bool piece = e == sl::JsonEvent::StringPart || e == sl::JsonEvent::KeyPart;
    if (!inString_) {
      mix(path);
      mix(static_cast<uint8_t>(piece ? sl::JsonEvent::String : e));
    }
    for (size_t i = 0; i < p.length(); ++i) mix(p.data()[i]);
    inString_ = piece;
    return true;
  }

 private:
  void mix(uint8_t b) {
    h ^= b;
    h *= 1099511628211ULL;
  }
  bool inString_ = false;
};

Result match(const uint8_t* data, size_t size, size_t step) {
  MatchDigest d;
  sl::JsonPathMatcher m(kPaths, sizeof kPaths / sizeof kPaths[0], d);
  sl::JsonParser p(m);
  sl::JsonParseError e;
  for (size_t pos = 0; pos < size && !e; pos += step) {
    e = p.feed(data + pos, size - pos < step ? size - pos : step);
  }
  e = p.finish();
  Result r = {d.h, e.code(), p.errorOffset()};
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
  Result mw = match(data, size, size ? size : 1);
  Result mb = match(data, size, 1);
  Result mc = match(data, size, step);
  fuzz::check(mw.error == whole.error && mw.offset == whole.offset, "a matcher changed the parse result");
  fuzz::check(mb.error == whole.error && mc.error == whole.error, "matcher: error depends on chunking");
  if (!whole.error) fuzz::check(mw.digest == mb.digest && mw.digest == mc.digest, "matches depend on chunking");
  // Pull-style, from a Stream-like source and from a JsonFlashSource.
  static char text[4097];
  bool noNul = size < sizeof text && !memchr(data, 0, size);
  if (noNul) {
    memcpy(text, data, size);
    text[size] = 0;
  }
  for (int flash = 0; flash < 2; ++flash) {
    if (flash && !noNul) break;
    fuzz::Digest d;
    Result r = pull(d, data, size, flash ? text : 0, digestOf);
    fuzz::check(r.error == whole.error && r.offset == whole.offset, "pull: error or offset differs from feed()");
    fuzz::check(r.digest == whole.digest, "pull: events differ from feed()");
    MatchDigest md;
    sl::JsonPathMatcher m(kPaths, sizeof kPaths / sizeof kPaths[0], md);
    Result rm = pull(m, data, size, flash ? text : 0, +[](const sl::JsonPathMatcher&) { return uint64_t(0); });
    fuzz::check(rm.error == whole.error && rm.offset == whole.offset, "pull with a matcher: error or offset differs");
    if (!whole.error) fuzz::check(md.h == mw.digest, "pull: matches differ from feed()");
  }
  return 0;
}
