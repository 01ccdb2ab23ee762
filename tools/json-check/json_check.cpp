// json-check: runs the firmware's streaming JSON parser (sl::JsonParser) on
// files, on the host. See /work/shared/DESIGN.md ("Contracts").
//
//   json-check FILE        exit 0 + canonical JSON on stdout, or exit 1 and
//                          "error: <what> at byte <offset>" on stderr+stdout
//   json-check FILE...     one "ok <file>" / "error <file>: <why>" line each;
//                          exit 1 if any file failed
//
// Files are read in small chunks (64 bytes) and never held whole: the single
// file mode parses twice (validate, then print), so nothing is printed for an
// invalid document. Canonical form = what sl::JsonWriter writes (compact,
// JSON.stringify-like): integers that fit int64 exactly, other numbers as
// JsonNumber::toDouble() written by JsonWriter::number(double); numbers beyond
// the double range as 1e9999 / -1e9999 (JSON.parse reads +-Infinity, like the
// input).
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "json/JsonParser.h"
#include "json/JsonWriter.h"

namespace {

const size_t kChunk = 64;

// Buffered stdout as an sl::Sink.
class StdoutSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override { return fwrite(data, 1, len, stdout); }
  using sl::Sink::write;
};

// Re-serializes the event stream through the firmware's sl::JsonWriter.
// Keys are the one thing the writer takes whole, so key pieces are gathered
// in a growing host buffer (this tool runs on the host; the firmware never
// allocates).
class Canonical : public sl::JsonHandler {
 public:
  explicit Canonical(sl::Sink& sink) : w_(sink), key_(0), keyLen_(0), keyCap_(0), inString_(false) {}
  ~Canonical() { free(key_); }
  sl::JsonWriteError finish() { return w_.finish(); }

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    const char* d = reinterpret_cast<const char*>(p.data());
    switch (e) {
      case JsonEvent::BeginObject: w_.beginObject(); break;
      case JsonEvent::BeginArray: w_.beginArray(); break;
      case JsonEvent::EndObject: w_.endObject(); break;
      case JsonEvent::EndArray: w_.endArray(); break;
      case JsonEvent::KeyPart:
      case JsonEvent::Key:
        if (!appendKey(d, p.length())) return false;
        if (e == JsonEvent::Key) {
          w_.key(key_ ? key_ : "", keyLen_);
          keyLen_ = 0;
        }
        break;
      case JsonEvent::StringPart:
      case JsonEvent::String:
        if (!inString_) {
          w_.stringBegin();
          inString_ = true;
        }
        w_.stringPart(d, p.length());
        if (e == JsonEvent::String) {
          w_.stringEnd();
          inString_ = false;
        }
        break;
      case JsonEvent::Number: number(p.number()); break;
      case JsonEvent::True: w_.boolean(true); break;
      case JsonEvent::False: w_.boolean(false); break;
      case JsonEvent::Null: w_.null(); break;
    }
    return w_.ok();
  }

 private:
  bool appendKey(const char* d, size_t n) {
    if (keyLen_ + n + 1 > keyCap_) {
      size_t cap = (keyLen_ + n + 1) * 2;
      char* k = static_cast<char*>(realloc(key_, cap));
      if (!k) return false;
      key_ = k;
      keyCap_ = cap;
    }
    memcpy(key_ + keyLen_, d, n);
    keyLen_ += n;
    return true;
  }
  void number(const sl::JsonNumber& n) {
    int64_t i;
    if (n.isInteger() && n.toInt64(i) == sl::JsonNumber::Ok) {
      w_.integer(static_cast<long long>(i));
      return;
    }
    double d;
    if (n.toDouble(d) == sl::JsonNumber::Overflow) {
      w_.raw(d < 0 ? "-1e9999" : "1e9999");
      return;
    }
    w_.number(d);
  }

  sl::JsonWriter w_;
  char* key_;
  size_t keyLen_, keyCap_;
  bool inString_;
};

// Parses `path` with `handler`; on failure fills `why`.
bool parseFile(const char* path, sl::JsonHandler* handler, char* why, size_t whyLen) {
  FILE* f = fopen(path, "rb");
  if (!f) {
    snprintf(why, whyLen, "cannot open: %s", strerror(errno));
    return false;
  }
  sl::JsonParser parser(handler);
  uint8_t chunk[kChunk];
  size_t n;
  sl::JsonParseError err;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    err = parser.feed(chunk, n);
    if (err) break;
  }
  // A read error (a directory: EISDIR) is not the end of the document.
  int readErr = !err && ferror(f) ? errno : 0;
  fclose(f);
  if (readErr) {
    snprintf(why, whyLen, "cannot read: %s", strerror(readErr));
    return false;
  }
  if (!err) err = parser.finish();
  if (err) {
    snprintf(why, whyLen, "%s at byte %lu", err.name().ptr(), static_cast<unsigned long>(parser.errorOffset()));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: json-check FILE...\n");
    return 2;
  }
  char why[256];
  if (argc == 2) {
    if (!parseFile(argv[1], 0, why, sizeof why)) {
      printf("error: %s\n", why);
      return 1;
    }
    StdoutSink out;
    Canonical canonical(out);
    bool ok = parseFile(argv[1], &canonical, why, sizeof why);
    sl::JsonWriteError werr = canonical.finish();
    if (!ok || werr != sl::JsonWriteError::Ok) {
      if (ok) snprintf(why, sizeof why, "writer: %s", werr.name().ptr());
      printf("\nerror: %s\n", why);
      return 1;
    }
    printf("\n");
    return 0;
  }
  int failed = 0;
  for (int i = 1; i < argc; ++i) {
    if (parseFile(argv[i], 0, why, sizeof why)) {
      printf("ok %s\n", argv[i]);
    } else {
      printf("error %s: %s\n", argv[i], why);
      ++failed;
    }
  }
  return failed ? 1 : 0;
}
