// A tiny AVR program for provisioning-flow.test.ts: the flash and RAM the
// provisioning flow (sl::Provisioner with its default claim-QR hook, the key
// store, HTTP and JSON) adds to a program that already has a Transport, a Sink
// and a millisecond clock. -DSL_SIZE_BASELINE builds the program without it.
#include "io/Sink.h"
#include "transport/Transport.h"
#if !defined(SL_SIZE_BASELINE)
#include "provisioning/KeyStore.h"
#include "provisioning/Provisioner.h"
#include "provisioning/RamNvStorage.h"
#endif

namespace {

volatile uint8_t gIn;
volatile uint32_t gMs;
volatile uint8_t gOut;

class NullNet : public sl::Transport {
 public:
  bool connect(const char*, uint16_t) override { return gIn != 0; }
  size_t write(const uint8_t* d, size_t n) override {
    if (n) gOut = d[0];
    return n;
  }
  using sl::Transport::write;
  size_t available() override { return gIn; }
  size_t read(uint8_t* b, size_t n) override {
    if (n) b[0] = gIn;
    return gIn ? 1 : 0;
  }
  bool connected() override { return gIn != 0; }
  void stop() override { gOut = 0; }
};

class VolatileSink : public sl::Sink {
 public:
  size_t write(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n; ++i) gOut = d[i];
    return n;
  }
  using sl::Sink::write;
};

uint32_t clockMs() { return gMs; }

NullNet net;
VolatileSink console;
#if !defined(SL_SIZE_BASELINE)
uint8_t gMem[sl::KeyStore::kRegionSize];
sl::RamNvStorage storage(gMem, sizeof gMem);
sl::KeyStore keys(storage);
sl::Provisioner prov(net, keys, &clockMs);
#endif

}  // namespace

int main() {
  uint8_t b[1];
  net.write(b, net.read(b, 1));
  console.write(b, 1);
  gOut = static_cast<uint8_t>(clockMs());
#if !defined(SL_SIZE_BASELINE)
  prov.setQrSink(console);
  if (prov.begin("api.semilimes.net", 443, "dev-1", "pk-1")) return 1;
  for (;;) {
    if (prov.loop() == sl::Provisioner::Online) gOut = static_cast<uint8_t>(prov.apiKey()[0]);
    if (gIn == 7) prov.resetDevice();
    if (gIn == 8) gOut = static_cast<uint8_t>(prov.factoryReset().code());
  }
#endif
  return 0;
}
