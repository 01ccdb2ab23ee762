#include "ProvisionerError.h"

namespace sl {

namespace {
const char kOk[] SL_PROGMEM = "ok";
const char kInvalidArgument[] SL_PROGMEM = "invalid argument";
const char kConnectFailed[] SL_PROGMEM = "connect failed";
const char kWriteFailed[] SL_PROGMEM = "write failed";
const char kTimeout[] SL_PROGMEM = "timeout";
const char kBadResponse[] SL_PROGMEM = "bad response";
const char kHttpStatus[] SL_PROGMEM = "unexpected HTTP status";
const char kWrongType[] SL_PROGMEM = "field of the wrong type";
const char kMissingField[] SL_PROGMEM = "missing field";
const char kValueTooLong[] SL_PROGMEM = "auth token too long";
const char kBadTime[] SL_PROGMEM = "bad time";
const char kStoreFailed[] SL_PROGMEM = "store failed";
const char kKeyRejected[] SL_PROGMEM = "key rejected";
const char kQrFailed[] SL_PROGMEM = "QR failed";
const char kUnknown[] SL_PROGMEM = "unknown error";

const char* const kNames[] SL_PROGMEM = {kOk,         kInvalidArgument, kConnectFailed, kWriteFailed, kTimeout,
                                         kBadResponse, kHttpStatus,     kWrongType,     kMissingField, kValueTooLong,
                                         kBadTime,    kStoreFailed,     kKeyRejected,   kQrFailed};
}  // namespace

FlashString ProvisionerError::name(Code code) {
  if (code >= CodeCount) return FlashString(kUnknown);
#if SL_ARCH_AVR
  return FlashString(reinterpret_cast<const char*>(pgm_read_word(&kNames[code])));
#else
  return FlashString(kNames[code]);
#endif
}

}  // namespace sl
