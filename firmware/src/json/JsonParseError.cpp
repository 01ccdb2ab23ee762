#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonParseError.h"

namespace sl {

namespace {
// The names in code order, then the one for codes out of range.
const char kNames[] SL_PROGMEM =
    "ok\0"
    "unexpected byte\0"
    "unexpected end of input\0"
    "nesting too deep\0"
    "invalid escape\0"
    "invalid \\u escape\0"
    "invalid UTF-8\0"
    "control character in string\0"
    "invalid number\0"
    "invalid literal\0"
    "trailing data\0"
    "aborted by handler\0"
    "unknown error\0";
}  // namespace

FlashString JsonParseError::name(Code code) { return detail::flashNameAt(kNames, code); }

}  // namespace sl
