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
        printf("%zu %zu\n", c.count(), b.length());
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
