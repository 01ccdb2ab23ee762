// Flash probe: the same program with -DPROBE_PARSER and/or -DPROBE_WRITER
// links the parser / writer; the difference to the bare build is what they
// cost in flash on the board (run.ts builds it four ways for the Uno).
// Input comes from the console so nothing can be folded away at compile time.
// -DPROBE_PULL (with PROBE_PARSER): the parser pulls the console bytes itself
// with parse(source) instead of one feed() per byte.
// -DPROBE_WRITER_CORE (with PROBE_WRITER): no float value, so the writer's
// float formatting (~1.1 KB) is not linked: the writer core.
#include "io/Sink.h"
#include "sl_board.h"
#ifdef PROBE_PARSER
#include "json/JsonParser.h"
#endif
#ifdef PROBE_WRITER
#include "json/JsonWriter.h"
#endif

namespace {

#ifdef PROBE_PARSER
class Counter : public sl::JsonHandler {
 public:
  Counter() : events(0), sum(0) {}
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    ++events;
    if (e == sl::JsonEvent::Number) {
      int32_t v;
      if (p.number().toInt32(v) == sl::JsonNumber::Ok) sum += v;
    }
    return true;
  }
  uint16_t events;
  int32_t sum;
};
#endif

#if defined(PROBE_PARSER) && defined(PROBE_PULL)
// The console as a Stream-like source: one byte per read(), -1 at the end
// of the line.
struct ConsoleSource {
  uint8_t last;
  int read() {
    int c = sl_board_getc();
    if (c < 0 || c == '\n') return -1;
    last = static_cast<uint8_t>(c);
    return c;
  }
};
#endif

class UartSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) sl_board_putc(static_cast<char>(data[i]));
    return len;
  }
  using sl::Sink::write;
};

}  // namespace

int main() {
  UartSink out;
  uint8_t last = 0;
#ifdef PROBE_PARSER
  Counter counter;
  sl::JsonParser parser(counter);
#endif
#if defined(PROBE_PARSER) && defined(PROBE_PULL)
  ConsoleSource source = {0};
  (void)parser.parse(source);
  last = source.last;
#else
  for (;;) {
    int c = sl_board_getc();
    if (c < 0 || c == '\n') break;
    last = static_cast<uint8_t>(c);
#ifdef PROBE_PARSER
    if (parser.feed(&last, 1) != sl::JsonParseError::Ok) break;
#endif
  }
#endif
#ifdef PROBE_PARSER
  last = static_cast<uint8_t>(last + parser.finish().code() + counter.events + counter.sum);
#endif
#ifdef PROBE_WRITER
  sl::JsonWriter w(out);
  w.beginObject()
      .key("refName").string(reinterpret_cast<const char*>(&last), 1)
      .key("value").integer(static_cast<long>(last))
#ifndef PROBE_WRITER_CORE
      .key("ratio").number(static_cast<float>(last) / 3.0f)
#endif
      .key("on").boolean(last & 1)
      .key("list").beginArray().null().endArray()
      .endObject();
  last = static_cast<uint8_t>(last + w.finish().code());
#endif
  out.write(last);
  sl_board_exit(0);
}
