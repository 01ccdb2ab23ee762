// The generated API with flash strings, run on a simulated ATmega328P (where
// flash is a separate address space, so reading a flash string as RAM would
// print garbage) and on the host; test/firmware/generated/flash.test.ts
// compares the two outputs and validates the JSON.
//
// Prints one line per case: "<name>\t<error code>\t<path>\t<output>".
#include "generated/Api.h"
#include "generated/Components.h"
#include "generated/decode/InboundEventDecoder.h"
#include "sl_board.h"

namespace {

class ConsoleSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) sl_board_putc(static_cast<char>(data[i]));
    return len;
  }
  using sl::Sink::write;
};

ConsoleSink console;

void print(const char* s) {
  while (*s) sl_board_putc(*s++);
}

void printFlash(const char* p) {
  for (char c; (c = static_cast<char>(SL_FLASH_READ(p))) != 0; ++p) sl_board_putc(c);
}

void head(const char* name, const sl::ComponentError& e) {
  print(name);
  sl_board_putc('\t');
  printFlash(sl::componentErrorCodeName(e.code));
  sl_board_putc('\t');
  char path[48];
  e.formatPath(path, sizeof path);
  print(path);
  sl_board_putc('\t');
}

template <typename C>
void json(const char* name, const C& c) {
  sl::CountingSink count;
  sl::JsonWriter cw(count);
  sl::ComponentError e = c.writeTo(cw);
  head(name, e);
  if (e.ok()) {
    sl::JsonWriter w(console);
    sl::ComponentError again = c.writeTo(w);
    sl::JsonWriteError done = w.finish();
    if (!again.ok() || done != sl::JsonWriteError::Ok) print("\tWRITE-FAILED");
  }
  sl_board_putc('\n');
}

struct Events : sl::InboundEventHandler {
  void onField(sl::InboundField f, const sl::JsonValueCapture& v, uint16_t) override {
    print("field ");
    printFlash(sl::fieldName(f));
    sl_board_putc('=');
    print(v.text());
    sl_board_putc(' ');
  }
  void onFormValue(const sl::FormValue& v) override {
    print("form ");
    print(v.refName.text());
    sl_board_putc('=');
    print(v.value.text());
    sl_board_putc(' ');
  }
};

const char kEvent[] SL_PROGMEM =
    "{\"eventType\":\"MessageReceived\",\"featureType\":\"channel\",\"eventBody\":{\"messageId\":\"m1\","
    "\"senderId\":\"s1\",\"channelId\":\"c1\",\"dataComponent\":{\"dataComponentType\":\"formsubmission\","
    "\"formComponents\":[{\"refName\":\"level\",\"formComponentType\":\"slider\",\"value\":55},"
    "{\"value\":true,\"refName\":\"pump\",\"formComponentType\":\"switch\"}],\"submitterId\":\"u1\"}}}";

}  // namespace

int main() {
  static const sl::GaugeSegment segments[] = {sl::GaugeSegment(0, 60).setColor(SL_F("#00AA00")),
                                              sl::GaugeSegment(61, 100).setColor(SL_F("#ff0000"))};
  sl::data::Gauge gauge;
  gauge.setTitle(SL_F("Boiler \"A\"")).setValue(42.5).setSegments(segments).setPointer(sl::GaugePointer::Needle).setPointerColor(SL_F("#ABABAB"));
  json("gauge", gauge);

  sl::data::Gauge bad;
  bad.setProgressBarColor(SL_F("#12345G"));
  json("gauge-bad-color", bad);

  static const sl::GaugeSegment gap[] = {sl::GaugeSegment(0, 20), sl::GaugeSegment(30, 100)};
  sl::data::Gauge gapped;
  gapped.setSegments(gap);
  json("gauge-gap", gapped);

  sl::form::Slider level(SL_F("level"));
  level.setTitle(SL_F("Target")).setMin(0).setMax(90).setStep(1).setValue(55);
  sl::form::Switch pump(SL_F("pump"));
  pump.setTitle(SL_F("Pump")).setValue(true);
  static const sl::Option options[] = {sl::Option(SL_F("eco")).setValue(SL_F("Eco")), sl::Option(SL_F("max"))};
  sl::form::SingleChoice mode(SL_F("mode"));
  mode.setOptions(options).setValue(SL_F("max"));
  const sl::FormComponent* parts[] = {&level, &pump, &mode};
  sl::data::Form form;
  form.setRefName(SL_F("boiler")).setSubmitText(SL_F("Apply")).setFormComponents(parts);
  json("form", form);

  sl::form::Switch pump2(SL_F("pump"));
  const sl::FormComponent* dup[] = {&pump, &pump2};
  sl::data::Form dupForm;
  dupForm.setFormComponents(dup);
  json("form-dup-refname", dupForm);

  sl::form::SingleChoice wrong(SL_F("mode"));
  wrong.setOptions(options).setValue(SL_F("turbo"));
  json("choice-not-an-option", wrong);

  sl::data::Text text(SL_F("hello from flash"));
  sl::api::SendChannelMessage send;
  send.setChannelId(SL_F("ch-1")).setDataComponent(text);
  sl::CountingSink count;
  sl::ComponentError e = send.writeHttp(count, "api.semilimes.net", "KEY");
  head("http", e);
  sl_board_putc('\n');
  sl::ComponentError sent = send.writeHttp(console, "api.semilimes.net", "KEY");
  if (!sent.ok()) print("\tWRITE-FAILED");
  print("\n--end-http--\n");

  Events events;
  sl::InboundEventDecoder decoder(events);
  sl::JsonParser parser(decoder);
  print("decode\t");
  for (const char* p = kEvent; SL_FLASH_READ(p); ++p) {
    char c = static_cast<char>(SL_FLASH_READ(p));
    if (parser.feed(&c, 1) != sl::JsonParseError::Ok) break;
  }
  print(parser.finish() == sl::JsonParseError::Ok ? "ok" : "error");
  sl_board_putc('\n');
  sl_board_exit(0);
}
