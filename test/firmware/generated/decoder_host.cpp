// Feeds stdin to sl::InboundEventDecoder in chunks of argv[1] bytes and prints
// one line per callback: "field <name> <index> <type> <text>" / "form <i> <ref> <type> <valuetype> <value>",
// then "end <parse error code>". For test/firmware/generated/decoder.test.ts.
#include <stdio.h>
#include <stdlib.h>

#include "generated/decode/InboundEventDecoder.h"
#include "generated/decode/UploadFileResponseDecoder.h"

// A decoder whose tree has no form components (Forms = false, as the
// generator emits for UploadFileResponseDecoder) carries no refName/type
// capture buffers.
typedef sl::detail::TypedTreeDecoder<sl::api::UploadFileResponseHandler, sl::api::detail::UploadFileResponseTables<>, 6, false> NoFormsDecoder;
typedef sl::detail::TypedTreeDecoder<sl::api::UploadFileResponseHandler, sl::api::detail::UploadFileResponseTables<>, 6, true> FormsDecoder;
static_assert(sizeof(NoFormsDecoder) + SL_DECODE_REF_MAX + 20 <= sizeof(FormsDecoder), "a decoder without form components keeps no form captures");

namespace {

struct Printer : sl::InboundEventHandler {
  void onField(sl::InboundField f, const sl::JsonValueCapture& v, uint16_t index) override {
    printf("field\t%s\t%u\t%d\t%s%s\n", sl::fieldName(f), static_cast<unsigned>(index), static_cast<int>(v.type()), v.text(),
           v.truncated() ? "\t[truncated]" : "");
  }
  void onFormValue(const sl::FormValue& v) override {
    printf("form\t%u\t%s\t%s\t%d\t%s\n", static_cast<unsigned>(v.index), v.refName.text(), v.type.text(), static_cast<int>(v.value.type()), v.value.text());
  }
};

#if defined(__AVR__)
char input[512];
#else
char input[65536];
#endif

}  // namespace

int main(int argc, char** argv) {
  size_t chunk = argc > 1 ? static_cast<size_t>(atoi(argv[1])) : 1;
  size_t n = fread(input, 1, sizeof input, stdin);
  Printer printer;
  sl::InboundEventDecoder decoder(printer);
  sl::JsonParser parser(decoder);
  for (size_t at = 0; at < n; at += chunk) {
    size_t len = n - at < chunk ? n - at : chunk;
    if (parser.feed(input + at, len) != sl::JsonParseError::Ok) break;
  }
  printf("end\t%d\n", static_cast<int>(parser.finish().code()));
  return 0;
}
