// A tiny AVR program for provisioning.test.ts: measures the flash cost of the
// QR encoder + text renderer and of the key store against the same program
// built with -DSL_SIZE_BASELINE. Variants: -DSL_SIZE_QR (encode + print),
// -DSL_SIZE_QR_ENCODER (encode only), -DSL_SIZE_KEYSTORE (RAM backend),
// -DSL_SIZE_KEYSTORE_EEPROM (Arduino EEPROM backend, real AVR EEPROM.h),
// -DSL_SIZE_TIMESTAMP (parse expire_at + HTTP Date, format).
#include "io/Sink.h"
#if defined(SL_SIZE_QR) || defined(SL_SIZE_QR_ENCODER)
#include "provisioning/ClaimQr.h"
#include "provisioning/QrCode.h"
#include "provisioning/QrTextRenderer.h"
#endif
#if defined(SL_SIZE_KEYSTORE) || defined(SL_SIZE_KEYSTORE_EEPROM)
#include "provisioning/KeyStore.h"
#include "provisioning/RamNvStorage.h"
#endif
#if defined(SL_SIZE_KEYSTORE_EEPROM)
#include "provisioning/EepromNvStorage.h"
#endif
#if defined(SL_SIZE_TIMESTAMP)
#include "provisioning/Timestamp.h"
#endif

namespace {

class NullSink : public sl::Sink {
 public:
  size_t write(const uint8_t*, size_t n) override { return n; }
  using sl::Sink::write;
};

volatile uint8_t gResult;
char gText[48] = "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d";

#if defined(SL_SIZE_QR) || defined(SL_SIZE_QR_ENCODER)
uint8_t gModules[SL_QR_BUFFER_LEN_MAX];
uint8_t gTemp[SL_QR_TEMP_LEN_MAX];
#endif
#if defined(SL_SIZE_KEYSTORE)
uint8_t gMem[SL_KEYSTORE_REGION_SIZE];
#endif

}  // namespace

int main() {
  NullSink sink;
  sink.write(reinterpret_cast<const uint8_t*>(gText), 1);
#if defined(SL_SIZE_QR) || defined(SL_SIZE_QR_ENCODER)
  sl::QrCode qr;
  sl::QrError e = sl::ClaimQr::encode(qr, gText, strlen(gText), gModules, sizeof gModules, gTemp, sizeof gTemp);
#if defined(SL_SIZE_QR)
  if (!e) e = sl::QrTextRenderer::print(qr, sink);
#else
  uint8_t acc = 0;
  for (uint8_t y = 0; y < qr.size(); ++y)
    for (uint8_t x = 0; x < qr.size(); ++x) acc = static_cast<uint8_t>(acc + qr.module(x, y));
  gResult = acc;
#endif
  gResult = static_cast<uint8_t>(gResult + e.code());
#elif defined(SL_SIZE_KEYSTORE) || defined(SL_SIZE_KEYSTORE_EEPROM)
#if defined(SL_SIZE_KEYSTORE)
  sl::RamNvStorage storage(gMem, sizeof gMem);
#else
  sl::EepromNvStorage storage;
#endif
  sl::KeyStore keys(storage);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  sl::KeyInfo info;
  sl::KeyStoreError e = keys.load(key, sizeof key, &info);
  if (e == sl::KeyStoreError::NoKey) {
    sl::KeyMeta meta;
    meta.id = 400;
    e = keys.store(gText, strlen(gText), meta);
  }
  if (gText[0] == 'x') e = keys.clear();
  gResult = static_cast<uint8_t>(e.code() + info.length);
#elif defined(SL_SIZE_TIMESTAMP)
  uint32_t expires = 0, now = 0;
  bool ok = sl::Timestamp::parseRfc3339(gText, 20, expires) && sl::Timestamp::parseHttpDate(gText + 20, 29, now);
  sl::Timestamp::formatRfc3339(now + expires, gText);
  gResult = static_cast<uint8_t>(ok + gText[3]);
#else
  gResult = static_cast<uint8_t>(gText[1]);
#endif
  return 0;
}
