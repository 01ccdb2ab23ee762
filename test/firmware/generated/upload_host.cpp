// Drives sl::api::UploadFile for test/firmware/generated/upload.test.ts.
//   upload_host <mode> <boundary|seed> <file>...
// Writes the HTTP request to stdout through a Sink (no request buffer), and
// the ComponentError code name to stderr. File bytes are read from disk in
// 7-byte chunks by the FileSource on each pass, never held whole in RAM.
// Modes: "seed" (boundary from sl::Random seeded with argv[2]), "given"
// (argv[2] is the boundary), "none" (no boundary), "fail" (the source
// aborts on its second pass), "grow" (the second pass writes one byte more),
// "badname" (a filename with a quote), "nosource" (a part without a source).
//   upload_host decode
// Feeds the cloud's reply body (stdin) byte by byte to the generated
// sl::api::UploadFileResponseDecoder and prints "field <name> <index> <type> <text>".
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generated/api/UploadFile.h"
#include "generated/decode/UploadFileResponseDecoder.h"

namespace {

struct StdoutSink : sl::Sink {
  size_t write(const uint8_t* data, size_t len) override { return fwrite(data, 1, len, stdout); }
  using sl::Sink::write;
};

struct Source {
  const char* path;
  int passes;
  int mode;  // 0 normal, 1 fail on pass 2, 2 grow on pass 2
};

bool fromFile(sl::Sink& out, void* ctx) {
  Source& s = *static_cast<Source*>(ctx);
  ++s.passes;
  if (s.mode == 1 && s.passes == 2) return false;
  FILE* f = fopen(s.path, "rb");
  if (!f) return false;
  uint8_t buf[7];
  bool ok = true;
  for (size_t n; ok && (n = fread(buf, 1, sizeof buf, f)) > 0;) ok = out.write(buf, n) == n;
  fclose(f);
  if (ok && s.mode == 2 && s.passes == 2) ok = out.write(static_cast<uint8_t>('!')) == 1;
  return ok;
}

// The part's filename: the file's base name.
const char* baseName(const char* p) {
  const char* b = strrchr(p, '/');
  return b ? b + 1 : p;
}

struct Reply : sl::api::UploadFileResponseHandler {
  void onField(sl::api::UploadFileField f, const sl::JsonValueCapture& v, uint16_t index) override {
    printf("field\t%s\t%u\t%d\t%s\n", sl::api::fieldName(f), static_cast<unsigned>(index), static_cast<int>(v.type()), v.text());
  }
};

int decode() {
  Reply reply;
  sl::api::UploadFileResponseDecoder decoder(reply);
  sl::JsonParser parser(decoder);
  for (int c; (c = getchar()) != EOF;) {
    char b = static_cast<char>(c);
    if (parser.feed(&b, 1) != sl::JsonParseError::Ok) break;
  }
  printf("end\t%d\n", static_cast<int>(parser.finish().code()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && !strcmp(argv[1], "decode")) return decode();
  if (argc < 4) return 2;
  const char* mode = argv[1];
  static Source sources[8];
  static sl::api::FilePart parts[8];
  size_t count = 0;
  for (int i = 3; i < argc && count < 8; ++i, ++count) {
    sources[count].path = argv[i];
    sources[count].mode = !strcmp(mode, "fail") ? 1 : !strcmp(mode, "grow") ? 2 : 0;
    parts[count].filename = !strcmp(mode, "badname") ? "a\"b" : baseName(argv[i]);
    parts[count].source = !strcmp(mode, "nosource") ? nullptr : fromFile;
    parts[count].context = &sources[count];
    parts[count].contentType = count == 1 ? "text/plain; charset=utf-8" : nullptr;
  }
  sl::api::UploadFile request(parts, count);
  sl::Random rng(static_cast<uint32_t>(strtoul(argv[2], nullptr, 10)));
  if (!strcmp(mode, "given")) request.setBoundary(argv[2]);
  else if (strcmp(mode, "none")) request.setBoundary(rng);
  StdoutSink out;
  // "flashkey": the same key through the FlashString overload; "badflashkey": a
  // flash key with a control byte (refused, nothing written).
  static const char flashKey[] SL_PROGMEM = "KEY-upload-1";
  static const char badFlashKey[] SL_PROGMEM = "KEY\x01upload";
  sl::ComponentError e = !strcmp(mode, "flashkey")      ? request.writeHttp(out, "127.0.0.1", sl::FlashString(flashKey))
                         : !strcmp(mode, "badflashkey") ? request.writeHttp(out, "127.0.0.1", sl::FlashString(badFlashKey))
                                                        : request.writeHttp(out, "127.0.0.1", "KEY-upload-1");
  char path[64];
  e.formatPath(path, sizeof path);
  fprintf(stderr, "%s\t%s\t%s\n", sl::componentErrorCodeName(e.code), path, request.boundary() ? request.boundary() : "");
  return 0;
}
