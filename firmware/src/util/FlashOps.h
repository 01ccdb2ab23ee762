// Forwards to io/FlashString.h, the one home of the flash-string operations
// (flashRead, writeFlash, equalsIgnoreCaseFlash, flashContains). Kept only
// for code generated before the merge (generated/ApiSupport.h includes it);
// new code includes "../io/FlashString.h".
#ifndef SL_UTIL_FLASH_OPS_H
#define SL_UTIL_FLASH_OPS_H

#include "../io/FlashString.h"

#endif  // SL_UTIL_FLASH_OPS_H
