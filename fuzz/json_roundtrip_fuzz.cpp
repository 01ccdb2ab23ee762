// libFuzzer target: parse -> sl::JsonWriter -> parse. Every accepted input
// must be written as JSON that the parser accepts again, with the same
// structure, keys and strings (numbers may be re-formatted, so only their
// presence is compared), and the writer must report no error.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "JsonFuzzEvents.h"
#include "io/Sink.h"
#include "json/JsonWriter.h"

namespace {

char gOut[1 << 20];
char gKey[1 << 16];

class Rewrite : public sl::JsonHandler {
 public:
  explicit Rewrite(sl::Sink& sink) : w(sink) {}
  sl::JsonWriter w;

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    const char* d = reinterpret_cast<const char*>(p.data());
    switch (e) {
      case sl::JsonEvent::BeginObject: w.beginObject(); break;
      case sl::JsonEvent::EndObject: w.endObject(); break;
      case sl::JsonEvent::BeginArray: w.beginArray(); break;
      case sl::JsonEvent::EndArray: w.endArray(); break;
      case sl::JsonEvent::KeyPart:
      case sl::JsonEvent::Key:
        fuzz::check(keyLen_ + p.length() <= sizeof gKey, "key buffer");
        memcpy(gKey + keyLen_, d, p.length());
        keyLen_ += p.length();
        if (e == sl::JsonEvent::Key) {
          w.key(gKey, keyLen_);
          keyLen_ = 0;
        }
        break;
      case sl::JsonEvent::StringPart:
      case sl::JsonEvent::String:
        if (!inString_) w.stringBegin();
        inString_ = e == sl::JsonEvent::StringPart;
        w.stringPart(d, p.length());
        if (!inString_) w.stringEnd();
        break;
      case sl::JsonEvent::Number: {
        sl::JsonNumber n = p.number();
        int64_t i;
        double v;
        if (n.isInteger() && n.toInt64(i) == sl::JsonNumber::Ok) w.integer(static_cast<long long>(i));
        else if (n.toDouble(v) == sl::JsonNumber::Overflow) w.raw(v < 0 ? "-1e9999" : "1e9999");
        else w.number(v);
        break;
      }
      case sl::JsonEvent::True: w.boolean(true); break;
      case sl::JsonEvent::False: w.boolean(false); break;
      case sl::JsonEvent::Null: w.null(); break;
    }
    return true;
  }

 private:
  size_t keyLen_ = 0;
  bool inString_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  // Pass 1: parse and rewrite (digest of the input's events as well).
  sl::BufferSink out(gOut, sizeof gOut);
  Rewrite rw(out);
  fuzz::Digest before(false);
  struct Tee : sl::JsonHandler {
    sl::JsonHandler* a;
    sl::JsonHandler* b;
    bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override { return a->onJson(e, p) && b->onJson(e, p); }
  } tee;
  tee.a = &rw;
  tee.b = &before;
  sl::JsonParser p(tee);
  if (p.feed(data, size) || p.finish()) return 0;
  fuzz::check(rw.w.finish() == sl::JsonWriteError::Ok, "writer reported an error for a valid event stream");
  fuzz::check(!out.overflowed(), "output buffer too small");
  // Pass 2: the output parses, to the same events.
  fuzz::Digest after(false);
  sl::JsonParser q(after);
  sl::JsonParseError e = q.feed(out.c_str(), out.length());
  if (!e) e = q.finish();
  if (e) {
    fprintf(stderr, "re-parse failed: %s at %u\noutput: %.200s\n", e.name().ptr(), static_cast<unsigned>(q.errorOffset()),
            out.c_str());
  }
  fuzz::check(!e, "writer output does not re-parse");
  fuzz::check(before.complete == after.complete && before.events == after.events, "round trip changed the events");
  return 0;
}
