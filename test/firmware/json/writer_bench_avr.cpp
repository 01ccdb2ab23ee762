// Writer benchmark for simulated AVR (simulator/run.ts; test/firmware/
// writer.test.ts): cycles of JsonWriter calls into a sink that only counts
// bytes (so the figures are the writer's own, plus one virtual call per sink
// write). Marks: 1..2 = a typical message (object, keys, short strings with
// escapes and UTF-8, 32-bit integers, literals, nested containers) written 10
// times, 3..4 = long strings, 5..6 = 90 integers, 7..8 = structure and
// literals, 9..10 = raw(). Prints the message once (so the test can check
// it), then the byte counts of each part.
#include "json/JsonWriter.h"
#include "sl_board.h"

namespace {

class Count : public sl::Sink {
 public:
  Count() : bytes(0) {}
  size_t write(const uint8_t*, size_t n) override {
    bytes += n;
    return n;
  }
  using sl::Sink::write;
  uint32_t bytes;
};

class Console : public sl::Sink {
 public:
  size_t write(const uint8_t* p, size_t n) override {
    for (size_t i = 0; i < n; ++i) sl_board_putc(static_cast<char>(p[i]));
    return n;
  }
  using sl::Sink::write;
};

// volatile: nothing is folded at compile time.
volatile long gValues[] = {0, 7, 2153, -40, 125, 65535, -666666, 2147483647L, -2147483647L - 1};
const char kLong[] = "The quick brown fox jumps over the lazy dog, then rests a while in the shade.";
const char kMixed[] = "Temp\xc3\xa9rature \"int\"\n\tline \xe2\x82\xac \xf0\x9f\x98\x80 end\\";
const char kRaw[] = "{\"a\":[1,2,3],\"b\":{\"c\":\"a longer string value here\"},\"d\":true}";
const uint8_t kValues = sizeof gValues / sizeof gValues[0];

void message(sl::JsonWriter& w) {
  w.beginObject()
      .key("type").string("gauge")
      .key("refName").string("temperature")
      .key("value").integer(gValues[2])
      .key("min").integer(gValues[3])
      .key("max").integer(gValues[4])
      .key("label").string(kMixed)
      .key("on").boolean(true)
      .key("list").beginArray();
  for (uint8_t i = 0; i < kValues; ++i) w.integer(gValues[i]);
  w.null().boolean(false).endArray()
      .key("text").string(kLong)
      .key("nested").beginObject().key("a").beginArray().beginArray().endArray().endArray().endObject()
      .endObject();
}

void printNumber(uint32_t v) {
  char buf[10];
  uint8_t n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) sl_board_putc(buf[--n]);
}

}  // namespace

int main() {
  uint8_t bad = 0;
  Console console;
  {
    sl::JsonWriter w(console);
    message(w);
    bad |= w.finish().code();
    sl_board_putc('\n');
  }
  Count c;
  uint32_t bytes[5];
  sl_board_mark(1);
  for (uint8_t i = 0; i < 10; ++i) {
    sl::JsonWriter w(c);
    message(w);
    bad |= w.finish().code();
  }
  sl_board_mark(2);
  bytes[0] = c.bytes;
  c.bytes = 0;
  sl_board_mark(3);
  for (uint8_t i = 0; i < 10; ++i) {
    sl::JsonWriter w(c);
    w.beginArray().string(kLong).string(kMixed).string(kLong).endArray();
    bad |= w.finish().code();
  }
  sl_board_mark(4);
  bytes[1] = c.bytes;
  c.bytes = 0;
  sl_board_mark(5);
  for (uint8_t i = 0; i < 10; ++i) {
    sl::JsonWriter w(c);
    w.beginArray();
    for (uint8_t k = 0; k < kValues; ++k) w.integer(gValues[k]);
    w.endArray();
    bad |= w.finish().code();
  }
  sl_board_mark(6);
  bytes[2] = c.bytes;
  c.bytes = 0;
  sl_board_mark(7);
  for (uint8_t i = 0; i < 10; ++i) {
    sl::JsonWriter w(c);
    w.beginArray();
    for (uint8_t k = 0; k < 10; ++k) w.beginObject().key("k").null().endObject().beginArray().endArray().boolean(true);
    w.endArray();
    bad |= w.finish().code();
  }
  sl_board_mark(8);
  bytes[3] = c.bytes;
  c.bytes = 0;
  sl_board_mark(9);
  for (uint8_t i = 0; i < 10; ++i) {
    sl::JsonWriter w(c);
    w.raw(kRaw);
    bad |= w.finish().code();
  }
  sl_board_mark(10);
  bytes[4] = c.bytes;
  for (uint8_t i = 0; i < 5; ++i) {
    printNumber(bytes[i]);
    sl_board_putc(i < 4 ? ' ' : '\n');
  }
  sl_board_exit(bad);
}
