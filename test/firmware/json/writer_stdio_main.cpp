// Host driver for test/firmware/writer.test.ts: feeds stdin through the
// JsonWriter and prints one output line per input record.
//
//   writer_stdio strings   stdin: records <length: 4 bytes LE><bytes>; per
//                          record two lines: string(bytes) and the same bytes
//                          via stringBegin/stringPart/stringEnd split at
//                          pseudo-random points (fixed seed)
//   writer_stdio doubles   stdin: lines of 16 hex digits (IEEE-754 bits)
//   writer_stdio floats    stdin: lines of 8 hex digits
//   writer_stdio count     like strings, but prints the CountingSink length
//                          and the real length: "<count> <length>"
//   writer_stdio calls     records are programs: each byte an API call (see
//                          runProgram) with its operands in the next bytes;
//                          per record two lines: the finished output, then
//                          "<error name> <counting length> <real length>"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/JsonWriter.h"

namespace {

class StdoutSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    length += len;
    return fwrite(data, 1, len, stdout);
  }
  using sl::Sink::write;
  size_t length = 0;
};

uint32_t gSeed = 12345;
uint32_t nextRandom() {
  gSeed = gSeed * 1103515245u + 12345u;
  return gSeed >> 8;
}

bool readRecord(char* buf, size_t cap, size_t* len) {
  unsigned char h[4];
  if (fread(h, 1, 4, stdin) != 4) return false;
  size_t n = h[0] | (h[1] << 8) | (h[2] << 16) | (static_cast<size_t>(h[3]) << 24);
  if (n > cap || fread(buf, 1, n, stdin) != n) {
    fprintf(stderr, "bad record\n");
    exit(2);
  }
  *len = n;
  return true;
}

void finish(sl::JsonWriter& w) {
  sl::JsonWriteError e = w.finish();
  if (e != sl::JsonWriteError::Ok) {
    fprintf(stderr, "writer error %s\n", e.name().ptr());
    exit(3);
  }
  putchar('\n');
}

// Interprets bytes as JsonWriter calls, misuse included.
void runProgram(sl::JsonWriter& w, const uint8_t* p, size_t n) {
  static const char* const kRaw[] = {"1", "[true,{}]", "\"r\"", "", "-0.5e3", "null"};
  size_t i = 0;
  auto next = [&]() -> uint8_t { return i < n ? p[i++] : 0; };
  while (i < n) {
    uint8_t op = next();
    uint8_t len = static_cast<uint8_t>(next() % 8);
    const char* text = reinterpret_cast<const char*>(p + i);
    size_t avail = n - i < len ? n - i : len;
    switch (op % 17) {
      case 0: w.beginObject(); break;
      case 1: w.endObject(); break;
      case 2: w.beginArray(); break;
      case 3: w.endArray(); break;
      case 4: w.key(text, avail); i += avail; break;
      case 5: w.string(text, avail); i += avail; break;
      case 6: {
        int32_t v = static_cast<int32_t>(static_cast<uint32_t>(next()) << 24 | static_cast<uint32_t>(next()) << 16 | next() << 8 | next());
        w.integer(static_cast<long>(v));
        break;
      }
      case 7: {
        uint32_t b = static_cast<uint32_t>(next()) << 24 | static_cast<uint32_t>(next()) << 16 | next() << 8 | next();
        float f;
        memcpy(&f, &b, sizeof f);
        w.number(f);
        break;
      }
      case 8: {
        uint64_t b = 0;
        for (int k = 0; k < 8; ++k) b = b << 8 | next();
        double d;
        memcpy(&d, &b, sizeof d);
        w.number(d);
        break;
      }
      case 9: w.boolean(len & 1); break;
      case 10: w.null(); break;
      case 11: w.raw(kRaw[len % 6]); break;
      case 12: w.stringBegin(); break;
      case 13: w.stringPart(text, avail); i += avail; break;
      case 14: w.stringEnd(); break;
      case 15: w.integer(static_cast<long long>(static_cast<uint64_t>(len) << 61 | next())); break;
      default: w.string(static_cast<const char*>(0)); break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  static char buf[1 << 16];
  size_t n;
  if (!strcmp(mode, "strings") || !strcmp(mode, "count")) {
    bool count = !strcmp(mode, "count");
    while (readRecord(buf, sizeof buf, &n)) {
      if (count) {
        sl::CountingSink c;
        sl::JsonWriter wc(c);
        wc.beginObject().key(buf, n).string(buf, n).endObject();
        (void)wc.finish().code();
        static char out[1 << 19];
        sl::BufferSink b(out, sizeof out);
        sl::JsonWriter wb(b);
        wb.beginObject().key(buf, n).string(buf, n).endObject();
        (void)wb.finish().code();
        printf("%zu %zu\n", static_cast<size_t>(c.count()), b.length());
        continue;
      }
      StdoutSink out;
      sl::JsonWriter w(out);
      w.string(buf, n);
      finish(w);
      sl::JsonWriter p(out);
      p.stringBegin();
      size_t at = 0;
      while (at < n) {
        size_t k = nextRandom() % (n - at + 1);
        p.stringPart(buf + at, k);
        at += k;
      }
      p.stringEnd();
      finish(p);
    }
  } else if (!strcmp(mode, "calls")) {
    while (readRecord(buf, sizeof buf, &n)) {
      const uint8_t* prog = reinterpret_cast<const uint8_t*>(buf);
      sl::CountingSink c;
      sl::JsonWriter wc(c);
      runProgram(wc, prog, n);
      sl::JsonWriteError ec = wc.finish();
      StdoutSink out;
      sl::JsonWriter w(out);
      runProgram(w, prog, n);
      sl::JsonWriteError e = w.finish();
      printf("\n%s %zu %zu%s\n", e.name().ptr(), static_cast<size_t>(c.count()), out.length, ec == e.code() ? "" : " (count pass error differs)");
    }
  } else if (!strcmp(mode, "doubles") || !strcmp(mode, "floats")) {
    bool dbl = !strcmp(mode, "doubles");
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
      unsigned long long bits = strtoull(line, 0, 16);
      StdoutSink out;
      sl::JsonWriter w(out);
      if (dbl) {
        double d;
        memcpy(&d, &bits, sizeof d);
        w.number(d);
      } else {
        uint32_t b32 = static_cast<uint32_t>(bits);
        float f;
        memcpy(&f, &b32, sizeof f);
        w.number(f);
      }
      finish(w);
    }
  } else {
    fprintf(stderr, "usage: writer_stdio strings|count|doubles|floats\n");
    return 2;
  }
  return 0;
}
