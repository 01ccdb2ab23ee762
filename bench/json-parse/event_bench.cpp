// Event-reader benchmark: the 728-byte form submission event through what
// sl::Client itself runs on every inbound message, sl::InboundEventReader on
// a sl::JsonParser (each board's default parser: the compact one on the Uno,
// SL_JSON_PARSER_SMALL; see run.ts), fed in pieces of BENCH_CHUNK bytes (the
// WebSocket client's read size, SL_WS_READ_CHUNK, by default) as the
// WebSocket payload arrives. The reader picks the event's type, feature,
// sender, channel, component type and every form component (refName, type,
// value) with no path table; the sink applies `lamp` (switch) and `dim`
// (slider) as LampControl does.
//
// The input is copied from flash into RAM before marker 1 (a transport has
// put it in RAM); markers 1 and 2 bracket reset + feeding + finish. The
// program prints what it found and exits 0 only when the event is a
// MessageReceived on a channel from the right sender with lamp == true and
// dim == 75.
#include <string.h>

#include "bench_input.h"  // generated: kInput[] SL_PROGMEM, kInputLength
#include "client/InboundEventReader.h"
#include "json/JsonParser.h"
#include "bench_print.h"
#include "sl_board.h"

#ifndef BENCH_CHUNK
#define BENCH_CHUNK SL_WS_READ_CHUNK
#endif

namespace {

struct Lamp : sl::InboundEventSink {
  int8_t lamp = -1;  // -1 not found, 0 false, 1 true
  int16_t dim = -1;  // -1 not found
  void onFormValue(const sl::ClientFormValue& v) override {
    if (v.refName.equals("lamp") &&
        (v.value.type() == sl::JsonValueCapture::True || v.value.type() == sl::JsonValueCapture::False)) {
      lamp = v.value.boolean() ? 1 : 0;
    } else if (v.refName.equals("dim") && v.value.type() == sl::JsonValueCapture::Number) {
      int32_t n;
      if (v.value.number().toInt32(n) == sl::JsonNumber::Ok) dim = static_cast<int16_t>(n);
    }
  }
};

uint8_t input[kInputLength];
char sender[40];
char chat[40];

}  // namespace

using bench::putNum;
using bench::putStr;

int main() {
  for (uint16_t i = 0; i < kInputLength; ++i) {
#if defined(__AVR__)
    input[i] = pgm_read_byte(&kInput[i]);
#else
    input[i] = kInput[i];
#endif
  }
  Lamp sink;
  sl::InboundEventReader reader(sink);
  reader.setBuffers(sender, sizeof sender, chat, sizeof chat, 0, 0);
  sl::JsonParser parser(reader);

  sl_board_mark(1);
  reader.reset();
  parser.reset();
  for (uint16_t at = 0; at < kInputLength; at = static_cast<uint16_t>(at + BENCH_CHUNK)) {
    uint16_t n = kInputLength - at < BENCH_CHUNK ? static_cast<uint16_t>(kInputLength - at) : BENCH_CHUNK;
    if (parser.feed(input + at, n)) break;
  }
  sl::JsonParseError err = parser.finish();
  sl_board_mark(2);

  sl::InboundMessage m = reader.message();
  bool ok = !err && reader.type() == sl::InboundEventReader::MessageReceived &&
            reader.feature() == sl::ClientFeature::Channel &&
            strcmp(m.senderId, "0edb81a1-591d-44bb-b5b4-66e3dc40e804") == 0 &&
            strcmp(m.chatId, "b04722ea-c480-4c80-9896-efc0eb3fdf29") == 0 &&
            strcmp(m.componentType, "formsubmission") == 0 && sink.lamp == 1 && sink.dim == 75;
  putStr("lamp=");
  putNum(sink.lamp);
  putStr(" dim=");
  putNum(sink.dim);
  putStr(" formValues=");
  putNum(static_cast<long>(m.formValues));
  putStr(" type=");
  putStr(m.componentType);
  putStr(" error=");
  putNum(static_cast<long>(err.code()));
  putStr(" chunk=");
  putNum(BENCH_CHUNK);
  putStr(" sizeofParser=");
  putNum(static_cast<long>(sizeof(sl::JsonParser)));
  putStr(" sizeofReader=");
  putNum(static_cast<long>(sizeof(sl::InboundEventReader)));
  sl_board_putc('\n');
  sl_board_exit(ok ? 0 : 1);
}
