#include "QrError.h"

namespace sl {

namespace {
const char kOk[] SL_PROGMEM = "ok";
const char kDataTooLong[] SL_PROGMEM = "data too long";
const char kBufferTooSmall[] SL_PROGMEM = "buffer too small";
const char kInvalidArgument[] SL_PROGMEM = "invalid argument";
const char kWriteFailed[] SL_PROGMEM = "write failed";
const char kUnknown[] SL_PROGMEM = "unknown error";

const char* const kNames[] SL_PROGMEM = {kOk, kDataTooLong, kBufferTooSmall, kInvalidArgument, kWriteFailed};
}  // namespace

FlashString QrError::name(Code code) {
  if (code >= CodeCount) return FlashString(kUnknown);
#if SL_ARCH_AVR
  return FlashString(reinterpret_cast<const char*>(pgm_read_word(&kNames[code])));
#else
  return FlashString(kNames[code]);
#endif
}

}  // namespace sl
