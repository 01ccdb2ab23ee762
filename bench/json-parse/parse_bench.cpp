// Parse benchmark (runs on a simulated ATmega2560 in avr8js, see run.ts).
//
// Feeds the 728-byte form submission event to sl::JsonParser one byte at a
// time straight from flash (PROGMEM, no RAM input buffer) and extracts the
// form components `lamp` (switch) and `dim` (slider) by refName the way a
// sketch would: sl::JsonPathMatcher on
// eventBody.dataComponent.formComponents[*] with its refName and value,
// captured by sl::JsonValueCapture into caller-sized buffers and applied when
// the element closes (so either key order works). Cycle markers 1 and 2
// bracket the parse; the program prints what it found and exits 0 only when
// lamp == true and dim == 75.
//
// Feeding styles: by default one feed() call per byte (a sketch that reads a
// byte and hands it over); -DBENCH_PULL lets the parser pull the bytes
// itself with JsonParser::parse(source), `source.read()` returning one byte
// from flash at a time, as a Stream's read() would (still no input buffer):
// sl::JsonFlashSource, which ends at the NUL after the input (one flash load
// and one compare per byte); -DBENCH_PULL_END -DBENCH_PULL uses a source that
// compares its pointer with an end pointer instead.
//
// -DBENCH_VALIDATE_ONLY: the parser with no handler (its own cost).
#include "bench_input.h"  // generated: kInput[] SL_PROGMEM, kInputLength
#include "json/JsonFlashSource.h"
#include "json/JsonParser.h"
#include "json/JsonPathMatcher.h"
#include "json/JsonValueCapture.h"
#include "bench_print.h"
#include "sl_board.h"

#if defined(__AVR__)
#define READ_INPUT(i) pgm_read_byte(&kInput[i])
#else
#define READ_INPUT(i) (kInput[i])
#endif

namespace {

const char kItem[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*]";
const char kRef[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].refName";
const char kVal[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].value";
const char* const kPaths[] SL_PROGMEM = {kItem, kRef, kVal};

class Form : public sl::JsonMatchHandler {
 public:
  Form() : lamp(-1), dim(-1), ref_(refBuf_, sizeof refBuf_), val_(valBuf_, sizeof valBuf_) {}

  bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
    if (path == 1) {
      ref_.capture(e, p);
    } else if (path == 2) {
      val_.capture(e, p);
    } else if (e == sl::JsonEvent::BeginObject) {
      ref_.clear();
      val_.clear();
    } else if (e == sl::JsonEvent::EndObject) {
      apply();
    }
    return true;
  }

  int8_t lamp;  // -1 not found, 0 false, 1 true
  int32_t dim;  // -1 not found

 private:
  void apply() {
    if (ref_.equals("lamp") && (val_.type() == sl::JsonValueCapture::True || val_.type() == sl::JsonValueCapture::False)) {
      lamp = val_.boolean() ? 1 : 0;
    } else if (ref_.equals("dim") && val_.type() == sl::JsonValueCapture::Number) {
      int32_t v;
      if (val_.number().toInt32(v) == sl::JsonNumber::Ok) dim = v;
    }
  }

  char refBuf_[16];
  char valBuf_[12];
  sl::JsonValueCapture ref_;
  sl::JsonValueCapture val_;
};

#ifdef BENCH_PULL_END
// One byte per read() from flash, -1 at the end: the Stream::read() contract,
// with the end found by comparing the pointer with an end pointer.
struct FlashSource {
  const uint8_t* p;
  const uint8_t* end;
  __attribute__((always_inline)) int read() {
    if (p == end) return -1;
#if defined(__AVR__)
    uint8_t c;
    __asm__("lpm %0, Z+" : "=r"(c), "+z"(p));  // pgm_read_byte(p++) in one instruction
    return c;
#else
    return *p++;
#endif
  }
};
#endif

}  // namespace

using bench::putNum;
using bench::putStr;

int main() {
  Form form;
  sl::JsonPathMatcher matcher(kPaths, 3, form);
#ifdef BENCH_VALIDATE_ONLY
  sl::JsonParser parser;
#else
  sl::JsonParser parser(matcher);
#endif
  sl_board_mark(1);
#if defined(BENCH_PULL_END)
  FlashSource source = {kInput, kInput + kInputLength};
  (void)parser.parse(source);
#elif defined(BENCH_PULL)
  sl::JsonFlashSource source(kInput);  // the NUL after the input ends it
  (void)parser.parse(source);
#else
  for (uint16_t i = 0; i < kInputLength; ++i) {
    uint8_t b = READ_INPUT(i);
    if (parser.feed(&b, 1) != sl::JsonParseError::Ok) break;
  }
#endif
  sl::JsonParseError err = parser.finish();
  sl_board_mark(2);
  putStr("lamp=");
  putNum(form.lamp);
  putStr(" dim=");
  putNum(form.dim);
  putStr(" error=");
  putNum(static_cast<long>(err.code()));
  putStr(" offset=");
  putNum(static_cast<long>(parser.errorOffset()));
  putStr(" sizeofParser=");
  putNum(static_cast<long>(sizeof(sl::JsonParser)));
  putStr(" sizeofMatcher=");
  putNum(static_cast<long>(sizeof(sl::JsonPathMatcher)));
  putStr(" sizeofHandler=");
  putNum(static_cast<long>(sizeof(Form)));
  sl_board_putc('\n');
#ifdef BENCH_VALIDATE_ONLY
  bool ok = err == sl::JsonParseError::Ok;
#else
  bool ok = err == sl::JsonParseError::Ok && form.lamp == 1 && form.dim == 75;
#endif
  sl_board_exit(ok ? 0 : 1);
}
