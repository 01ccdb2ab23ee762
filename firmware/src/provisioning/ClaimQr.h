// ClaimQr: the QR code a device shows so that its owner can claim it with the
// semilimes app (DESIGN.md "Provisioning", step 2).
//
// PAYLOAD FORMAT (DECISION; the developer docs do not specify it):
//   The QR content is exactly the `claimKey` string from the response of
//   `POST /registerDevice` (`data.claimKey`), as its bytes in QR byte mode:
//   no prefix, no URL, no JSON wrapper, no device id, no line break.
//   e.g. "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d" -> 32 bytes -> version 2 (25x25), level L.
// Why:
//   - The platform's flow is "the user scans the claim QR (the claim key)"; the
//     cloud issued the claim key for this device, so the key alone names it;
//     the app sends it as is. (The mock cloud's app matches the bare claim key
//     first; it also understands URLs and JSON, which the SDK does not emit.)
//   - The `provisioningKey` is NEVER put in the QR: it is the device's secret
//     for `POST /deviceClaimStatus`, and whoever knows it can collect the
//     device's authToken once claimed. A photo of the screen must not leak it.
//   - Adding the device id would only grow the symbol; a small symbol scans
//     best from a serial console, so the level is the lowest (L) that fits,
//     raised automatically when the version has room (QrCode rules).
// A claim key of up to 134 bytes fits the default AVR limit (version 6).
//
//   uint8_t modules[SL_QR_BUFFER_LEN_MAX], temp[SL_QR_TEMP_LEN_MAX];
//   sl::QrCode qr;
//   if (!sl::ClaimQr::encode(qr, claimKey, strlen(claimKey), modules, sizeof modules, temp, sizeof temp))
//     (void)sl::QrTextRenderer::print(qr, serialSink);
#ifndef SL_PROVISIONING_CLAIMQR_H
#define SL_PROVISIONING_CLAIMQR_H

#include "../config/Config.h"
#include "QrCode.h"
#include "QrError.h"

// Options: SL_CLAIM_QR_MASK (config/Config.h).

namespace sl {

class ClaimQr {
 public:
  // Encodes the claim key (`len` bytes, not NUL-terminated necessarily) as the
  // claim QR. Errors: InvalidArgument (null or empty key) and those of
  // QrCode::encode (DataTooLong beyond SL_QR_MAX_VERSION, BufferTooSmall).
  SL_NODISCARD static QrError encode(QrCode& qr, const char* claimKey, size_t len, uint8_t* modules,
                                     size_t modulesLen, uint8_t* temp, size_t tempLen) {
#if SL_CLAIM_QR_MASK >= 0
    return encodeWithMask(qr, claimKey, len, modules, modulesLen, temp, tempLen, SL_CLAIM_QR_MASK);
#else
    if (!claimKey || len == 0) {
      qr = QrCode();
      return QrError::InvalidArgument;
    }
    return qr.encode(reinterpret_cast<const uint8_t*>(claimKey), len, modules, modulesLen, temp, tempLen,
                     QrOptions().minEcc(QrEcc::Low));
#endif
  }

  // The same with `mask` (0..7) forced: no mask scoring linked
  // (QrCode::encodeFixedMask).
  SL_NODISCARD static QrError encodeWithMask(QrCode& qr, const char* claimKey, size_t len, uint8_t* modules,
                                             size_t modulesLen, uint8_t* temp, size_t tempLen, uint8_t mask) {
    if (!claimKey || len == 0) {
      qr = QrCode();
      return QrError::InvalidArgument;
    }
    return qr.encodeFixedMask(reinterpret_cast<const uint8_t*>(claimKey), len, modules, modulesLen, temp, tempLen,
                              QrOptions().minEcc(QrEcc::Low).mask(static_cast<int8_t>(mask)));
  }
};

}  // namespace sl

#endif  // SL_PROVISIONING_CLAIMQR_H
