#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "QrError.h"

namespace sl {

namespace {
// The names in code order, then the one for codes out of range.
const char kNames[] SL_PROGMEM =
    "ok\0"
    "data too long\0"
    "buffer too small\0"
    "invalid argument\0"
    "write failed\0"
    "unknown error\0";
}  // namespace

FlashString QrError::name(Code code) { return detail::flashNameAt(kNames, code); }

}  // namespace sl
