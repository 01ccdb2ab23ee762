#include "KeyStoreError.h"

namespace sl {

namespace {
const char kOk[] SL_PROGMEM = "ok";
const char kNoKey[] SL_PROGMEM = "no key";
const char kKeyTooLong[] SL_PROGMEM = "key too long";
const char kBufferTooSmall[] SL_PROGMEM = "buffer too small";
const char kInvalidArgument[] SL_PROGMEM = "invalid argument";
const char kStorageTooSmall[] SL_PROGMEM = "storage too small";
const char kReadFailed[] SL_PROGMEM = "read failed";
const char kWriteFailed[] SL_PROGMEM = "write failed";
const char kVerifyFailed[] SL_PROGMEM = "verify failed";
const char kUnknown[] SL_PROGMEM = "unknown error";

const char* const kNames[] SL_PROGMEM = {kOk,           kNoKey,          kKeyTooLong,
                                         kBufferTooSmall, kInvalidArgument, kStorageTooSmall,
                                         kReadFailed,   kWriteFailed,    kVerifyFailed};
}  // namespace

FlashString KeyStoreError::name(Code code) {
  if (code >= CodeCount) return FlashString(kUnknown);
#if SL_ARCH_AVR
  return FlashString(reinterpret_cast<const char*>(pgm_read_word(&kNames[code])));
#else
  return FlashString(kNames[code]);
#endif
}

}  // namespace sl
