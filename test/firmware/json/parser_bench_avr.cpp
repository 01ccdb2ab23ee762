// Parse benchmark for simulated AVR (simulator/run.ts): the 728-byte form
// submission event (/work/shared/bench/formsubmission-event.json), streamed
// from flash through the parser + path matcher, extracting `lamp` and `dim`.
// Marks: 1..2 = whole input in one feed (RAM copy excluded), 3..4 = 16-byte
// chunks read from flash, 5..6 = one byte per feed() straight from flash,
// 7..8 = validation only (no handler), whole input, 9..10 = pull-style:
// parser.parse(source) with source.read() giving one byte from flash,
// 11..12 = pull-style with sl::JsonFlashSource (the NUL-terminated event).
#include <avr/pgmspace.h>
#include <string.h>

#include "json/JsonFlashSource.h"
#include "json/JsonParser.h"
#include "json/JsonPathMatcher.h"
#include "json/JsonValueCapture.h"
#include "sl_board.h"

static const char kEvent[] PROGMEM = "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"messageId\":\"9f1c2d3e-0000-4000-8000-000000000001\",\"receivedOn\":1700562656,\"senderId\":\"0edb81a1-591d-44bb-b5b4-66e3dc40e804\",\"channelId\":\"b04722ea-c480-4c80-9896-efc0eb3fdf29\",\"dataComponent\":{\"dataComponentType\":\"formsubmission\",\"replyTo\":{\"messageId\":\"9f1c2d3e-0000-4000-8000-000000000000\",\"refName\":\"ctl\"},\"submitterId\":\"0edb81a1-591d-44bb-b5b4-66e3dc40e804\",\"formComponents\":[{\"refName\":\"lbl\",\"formComponentType\":\"label\",\"title\":\"Living room lamp\"},{\"refName\":\"lamp\",\"formComponentType\":\"switch\",\"title\":\"Lamp\",\"value\":true},{\"refName\":\"dim\",\"formComponentType\":\"slider\",\"title\":\"Dimmer\",\"requiredSelection\":false,\"value\":75,\"min\":0,\"max\":100,\"step\":5}]}}}";

static const char kItem[] PROGMEM = "eventBody.dataComponent.formComponents[*]";
static const char kRef[] PROGMEM = "eventBody.dataComponent.formComponents[*].refName";
static const char kVal[] PROGMEM = "eventBody.dataComponent.formComponents[*].value";
static const char* const kPaths[] PROGMEM = {kItem, kRef, kVal};

class Form : public sl::JsonMatchHandler {
 public:
  Form() : ref(refBuf, sizeof refBuf), val(valBuf, sizeof valBuf), lamp(-1), dim(-1) {}
  bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
    if (path == 1) {
      ref.capture(e, p);
    } else if (path == 2) {
      val.capture(e, p);
    } else if (e == sl::JsonEvent::BeginObject) {
      ref.clear();
      val.clear();
    } else if (e == sl::JsonEvent::EndObject) {
      if (ref.equals("lamp")) lamp = val.boolean() ? 1 : 0;
      else if (ref.equals("dim")) {
        int32_t v;
        if (val.number().toInt32(v) == sl::JsonNumber::Ok) dim = v;
      }
    }
    return true;
  }
  char refBuf[12], valBuf[8];
  sl::JsonValueCapture ref, val;
  int32_t lamp, dim;
};

static void print(const char* s) { while (*s) sl_board_putc(*s++); }
static void printInt(int32_t v) {
  char b[12]; int n = 0;
  if (v < 0) { sl_board_putc('-'); v = -v; }
  do { b[n++] = '0' + v % 10; v /= 10; } while (v);
  while (n) sl_board_putc(b[--n]);
}

static uint8_t gRam[sizeof kEvent];

// A Stream-like source over flash: read() gives one byte, -1 at the end.
struct FlashSource {
  const char* p;
  const char* end;
  // Inlined into parse() (called from a dozen places there, -Os would not).
  __attribute__((always_inline)) int read() { return p != end ? pgm_read_byte(p++) : -1; }
};

static bool run(uint8_t mode) {
  Form form;
  sl::JsonPathMatcher matcher(kPaths, 3, form);
  sl::JsonParser parser(matcher);
  const size_t n = sizeof kEvent - 1;
  sl_board_mark(mode == 3 ? 9 : mode == 4 ? 11 : 1 + 2 * mode);
  if (mode == 4) {
    sl::JsonFlashSource src(kEvent);
    (void)parser.parse(src);
  } else if (mode == 3) {
    FlashSource src = {kEvent, kEvent + n};
    (void)parser.parse(src);
  } else if (mode == 0) {
    (void)parser.feed(gRam, n);
  } else if (mode == 1) {
    uint8_t chunk[16];
    for (size_t pos = 0; pos < n; pos += sizeof chunk) {
      size_t k = n - pos < sizeof chunk ? n - pos : sizeof chunk;
      memcpy_P(chunk, kEvent + pos, k);
      if (parser.feed(chunk, k)) break;
    }
  } else {
    for (size_t pos = 0; pos < n; ++pos) {
      uint8_t b = pgm_read_byte(kEvent + pos);
      if (parser.feed(&b, 1)) break;
    }
  }
  sl::JsonParseError e = parser.finish();
  sl_board_mark(mode == 3 ? 10 : mode == 4 ? 12 : 2 + 2 * mode);
  print("mode "); printInt(mode);
  print(" lamp "); printInt(form.lamp);
  print(" dim "); printInt(form.dim);
  print(e ? " error\n" : " ok\n");
  return !e && form.lamp == 1 && form.dim == 75;
}

// Marks 7..8: the parser alone (no handler: validation only), whole input.
static bool validateOnly() {
  sl::JsonParser parser;
  sl_board_mark(7);
  (void)parser.feed(gRam, sizeof kEvent - 1);
  sl::JsonParseError e = parser.finish();
  sl_board_mark(8);
  return !e;
}

int main() {
  memcpy_P(gRam, kEvent, sizeof kEvent);
  bool ok = run(0) & run(1) & run(2) & validateOnly() & run(3) & run(4);
  sl_board_exit(ok ? 0 : 1);
}
