// Cycle counts of the provisioning primitives on a simulated ATmega328P (Uno),
// bracketed by sl_board_mark(): run by provisioning.test.ts.
//   1-2 claim QR (32-byte claim key -> version 2) encode, ClaimQr's mask
//       (SL_CLAIM_QR_MASK: fixed on the Uno, so no scoring)
//   2-3 print it with half blocks to a sink that drops the bytes
//   3-4 a 134-byte payload -> version 6, all 8 masks
//   4-5 KeyStore::store of a 40-byte key over RAM (scan, write, read back)
//   5-6 KeyStore::load
#include "sl_board.h"
#include "io/Sink.h"
#include "provisioning/ClaimQr.h"
#include "provisioning/KeyStore.h"
#include "provisioning/QrCode.h"
#include "provisioning/QrTextRenderer.h"
#include "provisioning/RamNvStorage.h"

namespace {
class NullSink : public sl::Sink {
 public:
  size_t write(const uint8_t*, size_t n) override { return n; }
  using sl::Sink::write;
};
uint8_t gModules[SL_QR_BUFFER_LEN_MAX];
uint8_t gTemp[SL_QR_TEMP_LEN_MAX];
uint8_t gMem[SL_KEYSTORE_REGION_SIZE];
uint8_t gPayload[134];
}  // namespace

int main() {
  NullSink sink;
  sl::QrCode qr;
  const char* claim = "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d";
  int bad = 0;
  sl_board_mark(1);
  if (sl::ClaimQr::encode(qr, claim, strlen(claim), gModules, sizeof gModules, gTemp, sizeof gTemp)) bad |= 1;
  sl_board_mark(2);
  if (sl::QrTextRenderer::print(qr, sink)) bad |= 2;
  sl_board_mark(3);
  for (uint8_t i = 0; i < sizeof gPayload; ++i) gPayload[i] = static_cast<uint8_t>(i * 37 + 11);
  if (qr.encode(gPayload, sizeof gPayload, gModules, sizeof gModules, gTemp, sizeof gTemp) || qr.version() != 6) bad |= 4;
  sl_board_mark(4);
  memset(gMem, 0xFF, sizeof gMem);
  sl::RamNvStorage ram(gMem, sizeof gMem);
  sl::KeyStore keys(ram);
  const char* key = "slk_0123456789abcdef0123456789abcdef0123";
  if (keys.store(key, strlen(key))) bad |= 8;
  sl_board_mark(5);
  char out[SL_KEYSTORE_MAX_KEY_LEN + 1];
  if (keys.load(out, sizeof out) || strcmp(out, key) != 0) bad |= 16;
  sl_board_mark(6);
  sl_board_exit(bad);
}
