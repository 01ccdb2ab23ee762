// QrCode: a QR Code Model 2 encoder (ISO/IEC 18004) for byte-mode payloads,
// with no heap and no dependencies. Written from the standard's rules.
//
// What it does: puts the payload in byte mode, picks the smallest version
// (1..SL_QR_MAX_VERSION) that holds it at the minimum error-correction level,
// then raises the level as far as that version still allows; adds the
// Reed-Solomon codewords, places everything, tries all 8 masks and keeps the
// one with the lowest penalty score (N1..N4 of the standard), and draws the
// format and version information.
//
// Memory: the caller owns two buffers.
//   modules: SL_QR_BUFFER_LEN_FOR_VERSION(v) bytes, the finished bitmap; it must
//            outlive every use of the QrCode (module(), printing).
//   temp:    SL_QR_TEMP_LEN_FOR_VERSION(v) bytes, scratch for the codewords;
//            free again when encode() returns.
// For the largest allowed version use SL_QR_BUFFER_LEN_MAX / SL_QR_TEMP_LEN_MAX
// (version 6 by default on AVR: 211 + 172 bytes). encode() needs about 130
// bytes of stack on AVR.
//
// Time on an ATmega328P at 16 MHz (provisioning.test.ts, simulator cycles):
// a 134-byte payload (version 6) with all 8 masks scored about 280 ms; the
// 32-byte claim key (version 2) with a forced mask (QrOptions::mask, which
// skips the scoring; ClaimQr's default on the Uno) about 15 ms.
//
//   uint8_t modules[SL_QR_BUFFER_LEN_MAX], temp[SL_QR_TEMP_LEN_MAX];
//   sl::QrCode qr;
//   sl::QrError e = qr.encodeText(claimKey, modules, sizeof modules, temp, sizeof temp);
//   if (!e) sl::QrTextRenderer::print(qr, out);        // see QrTextRenderer.h
//   for (uint8_t y = 0; y < qr.size(); ++y)
//     for (uint8_t x = 0; x < qr.size(); ++x) if (qr.module(x, y)) drawPixel(x, y);
//
// The claim QR's payload (what the SDK puts in it) is documented in ClaimQr.h.
#ifndef SL_PROVISIONING_QRCODE_H
#define SL_PROVISIONING_QRCODE_H

#include "../config/Config.h"
#include "QrError.h"

// Options: SL_QR_MAX_VERSION (config/Config.h).

#if SL_QR_MAX_VERSION < 1 || SL_QR_MAX_VERSION > 40
#error "SL_QR_MAX_VERSION must be 1..40"
#endif

// Modules per side of version v.
#define SL_QR_SIZE_FOR_VERSION(v) (17 + 4 * (v))
// Bytes of the module bitmap of version v (one bit per module, row-major).
#define SL_QR_BUFFER_LEN_FOR_VERSION(v) \
  ((SL_QR_SIZE_FOR_VERSION(v) * SL_QR_SIZE_FOR_VERSION(v) + 7) / 8)
// Modules of version v left for data and error-correction bits (the symbol
// minus finder/separator/format 3*64+31, timing, alignment and version areas).
#define SL_QR_RAW_BITS_FOR_VERSION(v)                                                        \
  (SL_QR_SIZE_FOR_VERSION(v) * SL_QR_SIZE_FOR_VERSION(v) - 223 -                             \
   2 * (SL_QR_SIZE_FOR_VERSION(v) - 16) -                                                    \
   ((v) >= 2 ? 25 * (((v) / 7 + 2) * ((v) / 7 + 2) - 3) - 10 * ((v) / 7) : 0) - ((v) >= 7 ? 36 : 0))
// Bytes of the temp buffer for version v (all codewords, data + ECC).
#define SL_QR_TEMP_LEN_FOR_VERSION(v) (SL_QR_RAW_BITS_FOR_VERSION(v) / 8)
#define SL_QR_BUFFER_LEN_MAX SL_QR_BUFFER_LEN_FOR_VERSION(SL_QR_MAX_VERSION)
#define SL_QR_TEMP_LEN_MAX SL_QR_TEMP_LEN_FOR_VERSION(SL_QR_MAX_VERSION)

namespace sl {

// Error-correction level: roughly 7%, 15%, 25%, 30% of the codewords recoverable.
enum class QrEcc : uint8_t { Low = 0, Medium = 1, Quartile = 2, High = 3 };

// Encoding options; setters chain: `QrOptions().minEcc(QrEcc::Medium).mask(3)`.
class QrOptions {
 public:
  QrOptions() : minEcc_(QrEcc::Low), minVersion_(1), maxVersion_(SL_QR_MAX_VERSION), mask_(-1), boostEcc_(true) {}
  // Lowest acceptable level (default Low: the smallest symbol).
  QrOptions& minEcc(QrEcc e) { minEcc_ = e; return *this; }
  // Versions to consider (default 1..SL_QR_MAX_VERSION).
  QrOptions& versions(uint8_t minV, uint8_t maxV) { minVersion_ = minV; maxVersion_ = maxV; return *this; }
  // Force mask 0..7; -1 (default) chooses the lowest penalty.
  QrOptions& mask(int8_t m) { mask_ = m; return *this; }
  // Raise the level while the chosen version still holds the data (default true).
  QrOptions& boostEcc(bool b) { boostEcc_ = b; return *this; }

 private:
  friend class QrCode;
  QrEcc minEcc_;
  uint8_t minVersion_, maxVersion_;
  int8_t mask_;
  bool boostEcc_;
};

class QrCode {
 public:
  QrCode() : modules_(0), version_(0), size_(0), ecc_(QrEcc::Low), mask_(0) {}

  // Encodes `len` bytes of `data` (any bytes; text is taken as its UTF-8 bytes).
  // Errors: DataTooLong (no allowed version holds it), BufferTooSmall (a buffer
  // is shorter than the chosen version needs), InvalidArgument (null pointers,
  // bad version range or mask). On error the QrCode is empty (size() == 0).
  SL_NODISCARD QrError encode(const uint8_t* data, size_t len, uint8_t* modules, size_t modulesLen,
                              uint8_t* temp, size_t tempLen, const QrOptions& options = QrOptions());
  // Same with the mask forced by `options` (0..7, else InvalidArgument) and no
  // scoring: a program that calls only this links none of the penalty code
  // (about 250 bytes on AVR; ClaimQr uses it when SL_CLAIM_QR_MASK is set).
  SL_NODISCARD QrError encodeFixedMask(const uint8_t* data, size_t len, uint8_t* modules, size_t modulesLen,
                                       uint8_t* temp, size_t tempLen, const QrOptions& options);
  // Same for a NUL-terminated string.
  SL_NODISCARD QrError encodeText(const char* text, uint8_t* modules, size_t modulesLen, uint8_t* temp,
                                  size_t tempLen, const QrOptions& options = QrOptions());

  // True after a successful encode().
  bool valid() const { return size_ != 0; }
  uint8_t version() const { return version_; }
  // Modules per side (0 when empty).
  uint8_t size() const { return size_; }
  QrEcc ecc() const { return ecc_; }
  uint8_t mask() const { return mask_; }
  // True for a dark module; false outside 0..size()-1 (the quiet zone is light).
  bool module(int x, int y) const;
  // The standard's penalty score of the symbol as it is now (N1+N2+N3+N4).
  uint32_t penalty() const;

  // Bytes that fit in byte mode at `version` and `ecc`; 0 for a version
  // outside 1..SL_QR_MAX_VERSION.
  static size_t byteCapacity(uint8_t version, QrEcc ecc);

 private:
  // encode()'s body; `score` false: the mask must be forced (encodeFixedMask()).
  QrError encodeImpl(const uint8_t* data, size_t len, uint8_t* modules, size_t modulesLen, uint8_t* temp,
                     size_t tempLen, const QrOptions& options, bool score);

  const uint8_t* modules_;
  uint8_t version_, size_;
  QrEcc ecc_;
  uint8_t mask_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_QRCODE_H
