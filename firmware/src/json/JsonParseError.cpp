#include "JsonParseError.h"

namespace sl {

namespace {
// One flash string per code, in enum order.
const char kOk[] SL_PROGMEM = "ok";
const char kUnexpectedByte[] SL_PROGMEM = "unexpected byte";
const char kUnexpectedEnd[] SL_PROGMEM = "unexpected end of input";
const char kTooDeep[] SL_PROGMEM = "nesting too deep";
const char kInvalidEscape[] SL_PROGMEM = "invalid escape";
const char kInvalidUnicode[] SL_PROGMEM = "invalid \\u escape";
const char kInvalidUtf8[] SL_PROGMEM = "invalid UTF-8";
const char kControlCharacter[] SL_PROGMEM = "control character in string";
const char kInvalidNumber[] SL_PROGMEM = "invalid number";
const char kInvalidLiteral[] SL_PROGMEM = "invalid literal";
const char kTrailingData[] SL_PROGMEM = "trailing data";
const char kAborted[] SL_PROGMEM = "aborted by handler";
const char kUnknown[] SL_PROGMEM = "unknown error";

const char* const kNames[] SL_PROGMEM = {
    kOk, kUnexpectedByte, kUnexpectedEnd, kTooDeep, kInvalidEscape, kInvalidUnicode, kInvalidUtf8,
    kControlCharacter, kInvalidNumber, kInvalidLiteral, kTrailingData, kAborted,
};
}  // namespace

FlashString JsonParseError::name(Code code) {
  if (code >= CodeCount) return FlashString(kUnknown);
#if SL_ARCH_AVR
  return FlashString(reinterpret_cast<const char*>(pgm_read_word(&kNames[code])));
#else
  return FlashString(kNames[code]);
#endif
}

}  // namespace sl
