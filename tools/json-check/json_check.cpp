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
// invalid document. Canonical form: no whitespace; strings with only the
// mandatory escapes (", \, control characters) and UTF-8 kept; integers that
// fit int64 as integers; other numbers as the shortest %.17g-style double;
// numbers beyond the double range as 1e9999 / -1e9999.
#include <stdio.h>
#include <errno.h>
#include <string.h>

#include "json/JsonParser.h"

namespace {

const size_t kChunk = 64;

class Out {
 public:
  Out() : len_(0) {}
  ~Out() { flush(); }
  void put(char c) {
    if (len_ == sizeof buf_) flush();
    buf_[len_++] = c;
  }
  void put(const char* s) {
    while (*s) put(*s++);
  }
  void flush() {
    fwrite(buf_, 1, len_, stdout);
    len_ = 0;
  }

 private:
  char buf_[4096];
  size_t len_;
};

// Re-serializes the event stream canonically.
class Canonical : public sl::JsonHandler {
 public:
  explicit Canonical(Out& out) : out_(out), needComma_(false) {}

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    using sl::JsonEvent;
    switch (e) {
      case JsonEvent::BeginObject: separate(); out_.put('{'); needComma_ = false; break;
      case JsonEvent::BeginArray: separate(); out_.put('['); needComma_ = false; break;
      case JsonEvent::EndObject: out_.put('}'); needComma_ = true; break;
      case JsonEvent::EndArray: out_.put(']'); needComma_ = true; break;
      case JsonEvent::KeyPart:
      case JsonEvent::StringPart:
      case JsonEvent::Key:
      case JsonEvent::String: {
        if (!inString_) {
          separate();
          out_.put('"');
          inString_ = true;
        }
        escape(p.data(), p.length());
        if (e == JsonEvent::Key || e == JsonEvent::String) {
          out_.put('"');
          inString_ = false;
          if (e == JsonEvent::Key) {
            out_.put(':');
            needComma_ = false;
          } else {
            needComma_ = true;
          }
        }
        break;
      }
      case JsonEvent::Number: separate(); number(p.number()); needComma_ = true; break;
      case JsonEvent::True: separate(); out_.put("true"); needComma_ = true; break;
      case JsonEvent::False: separate(); out_.put("false"); needComma_ = true; break;
      case JsonEvent::Null: separate(); out_.put("null"); needComma_ = true; break;
    }
    return true;
  }

 private:
  void separate() {
    if (needComma_) out_.put(',');
    needComma_ = false;
  }
  void escape(const uint8_t* s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; ++i) {
      uint8_t c = s[i];
      if (c == '"' || c == '\\') {
        out_.put('\\');
        out_.put(static_cast<char>(c));
      } else if (c < 0x20) {
        out_.put('\\');
        switch (c) {
          case '\b': out_.put('b'); break;
          case '\f': out_.put('f'); break;
          case '\n': out_.put('n'); break;
          case '\r': out_.put('r'); break;
          case '\t': out_.put('t'); break;
          default:
            out_.put("u00");
            out_.put(hex[c >> 4]);
            out_.put(hex[c & 15]);
        }
      } else {
        out_.put(static_cast<char>(c));
      }
    }
  }
  void number(const sl::JsonNumber& n) {
    char buf[40];
    int64_t i;
    if (n.isInteger() && n.toInt64(i) == sl::JsonNumber::Ok) {
      snprintf(buf, sizeof buf, "%lld", static_cast<long long>(i));
      out_.put(buf);
      return;
    }
    double d;
    if (n.toDouble(d) == sl::JsonNumber::Overflow) {
      out_.put(d < 0 ? "-1e9999" : "1e9999");
      return;
    }
    snprintf(buf, sizeof buf, "%.17g", d);
    out_.put(buf);
  }

  Out& out_;
  bool needComma_;
  bool inString_ = false;
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
  fclose(f);
  if (!err) err = parser.finish();
  if (err) {
    snprintf(why, whyLen, "%s at byte %lu", err.name(), static_cast<unsigned long>(parser.errorOffset()));
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
    {
      Out out;
      Canonical canonical(out);
      if (!parseFile(argv[1], &canonical, why, sizeof why)) {
        out.flush();
        printf("\nerror: %s\n", why);
        return 1;
      }
      out.put('\n');
    }
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
