// Test sketch for `npm run sim`: the whole provisioning flow with
// sl::Provisioner, driven from loop() without blocking: registerDevice, the
// claim QR on the console (the simulator's app scans it and claims the
// device), deviceClaimStatus polled with backoff, the token stored in the key
// store, ~validate (and a rotation when the key expires within 5 days), then
// "online". Every state change is printed as "state <state> <error code>"
// (numbers: printing ProvisionerError::name() costs ~300 B of flash).
//
// The key store is RAM here because the simulated boards have no EEPROM
// model; on a real board use sl::EepromNvStorage (the default below when the
// sketch is not built by the simulator).
#include <Semilimes.h>
#include <io/ArduinoByteStream.h>
#include <provisioning/KeyStore.h>
#include <provisioning/Provisioner.h>
#include <transport/EspAtTransport.h>
#if defined(SL_SIM_API_KEY)
#include <provisioning/RamNvStorage.h>
#else
#include <provisioning/EepromNvStorage.h>
#endif

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);
#define CONSOLE console
#define MODEM Serial
#endif

sl::ArduinoByteStream modemLine(MODEM);
sl::EspAtTransport net(modemLine);

#if defined(SL_SIM_API_KEY)
uint8_t keyMemory[sl::KeyStore::kRegionSize];
sl::RamNvStorage storage(keyMemory, sizeof keyMemory);
#else
sl::EepromNvStorage storage;
#endif
sl::KeyStore keys(storage);

uint32_t clockMs() { return millis(); }
sl::Provisioner prov(net, keys, &clockMs);

class ConsoleSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override { return CONSOLE.write(data, len); }
  using sl::Sink::write;
};
ConsoleSink consoleSink;

uint8_t lastState = 0xFF;
uint8_t lastError = 0xFF;
bool announced = false;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
#if defined(SL_SIM_API_KEY)
  for (size_t i = 0; i < sizeof keyMemory; ++i) keyMemory[i] = 0xFF;  // erased
#endif
  prov.setQrSink(consoleSink);
  if (prov.begin("api.semilimes.net", 443, "sim-device-1", "pk-sim-1")) CONSOLE.println(F("bad arguments"));
}

void loop() {
  uint8_t s = prov.loop();
  if (s != lastState || prov.lastError().code() != lastError) {
    lastState = s;
    lastError = prov.lastError().code();
    CONSOLE.print(F("state "));
    CONSOLE.print(s);
    CONSOLE.print(' ');
    CONSOLE.println(lastError);  // sl::ProvisionerError::Code (0 = Ok); .name() gives the text
  }
  if (s == sl::Provisioner::Online && !announced) {
    announced = true;
    CONSOLE.print(F("online, key id "));
    CONSOLE.println(static_cast<unsigned long>(prov.keyMeta().id));
  }
}
