#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "ProvisionerError.h"

namespace sl {

namespace {
// The names in code order, then the one for codes out of range.
const char kNames[] SL_PROGMEM =
    "ok\0"
    "invalid argument\0"
    "connect failed\0"
    "write failed\0"
    "timeout\0"
    "bad response\0"
    "unexpected HTTP status\0"
    "field of the wrong type\0"
    "missing field\0"
    "auth token too long\0"
    "bad time\0"
    "store failed\0"
    "key rejected\0"
    "QR failed\0"
    "unknown error\0";
}  // namespace

FlashString ProvisionerError::name(Code code) { return detail::flashNameAt(kNames, code); }

}  // namespace sl
