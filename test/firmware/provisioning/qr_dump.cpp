// Host tool for test/firmware/provisioning.test.ts: encodes payloads with
// sl::QrCode and prints them with sl::QrTextRenderer, so the TypeScript side
// can decode the text with a real QR decoder (jsqr).
//
// stdin, one job per line:  <payload hex or -> <style H|A> <invert 0|1> <minEcc 0..3> <mask -1..7>
// stdout per job:
//   BEGIN v=<version> ecc=<0..3> mask=<m> size=<n> penalty=<p>
//   <the printed text, lines ending in \r\n>
//   ROWS                     (forEachRow output, one hex line per row)
//   MODULES <count> <dark>   (forEachModule totals)
//   END
// or "ERROR <name>" for an encode error.
#include <stdio.h>
#include <string.h>

#include "io/Sink.h"
#include "provisioning/QrCode.h"
#include "provisioning/QrTextRenderer.h"

namespace {

class StdoutSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override { return fwrite(data, 1, len, stdout); }
  using sl::Sink::write;
};

bool printRow(void*, uint8_t, const uint8_t* bits, uint8_t width) {
  for (int i = 0; i < (width + 7) / 8; ++i) printf("%02x", bits[i]);
  printf("\n");
  return true;
}

struct Totals {
  long count, dark;
};
void countModule(void* ctx, uint8_t, uint8_t, bool dark) {
  Totals* t = static_cast<Totals*>(ctx);
  ++t->count;
  if (dark) ++t->dark;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint8_t modules[SL_QR_BUFFER_LEN_MAX];
uint8_t temp[SL_QR_TEMP_LEN_MAX];
uint8_t payload[4096];
char line[8400];
char hex[8300];

}  // namespace

int main() {
  StdoutSink out;
  while (fgets(line, sizeof line, stdin)) {
    char style = 'H';
    int invert = 0, minEcc = 0, mask = -1;
    if (sscanf(line, "%8299s %c %d %d %d", hex, &style, &invert, &minEcc, &mask) != 5) continue;
    size_t len = 0;
    if (strcmp(hex, "-") != 0) {
      for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
        payload[len++] = static_cast<uint8_t>(hexValue(hex[i]) * 16 + hexValue(hex[i + 1]));
      }
    }
    sl::QrCode qr;
    sl::QrError e = qr.encode(payload, len, modules, sizeof modules, temp, sizeof temp,
                              sl::QrOptions().minEcc(static_cast<sl::QrEcc>(minEcc)).mask(static_cast<int8_t>(mask)));
    if (e) {
      printf("ERROR %s\n", e.name().ptr());
      continue;
    }
    printf("BEGIN v=%d ecc=%d mask=%d size=%d penalty=%lu\n", qr.version(), static_cast<int>(qr.ecc()), qr.mask(),
           qr.size(), static_cast<unsigned long>(qr.penalty()));
    fflush(stdout);
    sl::QrError pe = sl::QrTextRenderer::print(qr, out, style == 'A' ? sl::QrTextStyle::Ascii : sl::QrTextStyle::HalfBlocks,
                                               invert != 0);
    if (pe) printf("ERROR %s\n", pe.name().ptr());
    printf("ROWS\n");
    uint8_t row[SL_QR_ROW_BUFFER_LEN_FOR_VERSION(SL_QR_MAX_VERSION, 4)];
    if (sl::QrTextRenderer::forEachRow(qr, printRow, 0, row, sizeof row)) printf("ERROR rows\n");
    Totals t = {0, 0};
    if (sl::QrTextRenderer::forEachModule(qr, countModule, &t)) printf("ERROR modules\n");
    printf("MODULES %ld %ld\nEND\n", t.count, t.dark);
  }
  return 0;
}
