// Test sketch for `npm run sim`: device provisioning as DESIGN.md describes
// it. POST /registerDevice, draw the claim QR (the claimKey) on the console,
// poll POST /deviceClaimStatus until the app (the simulator, reading the QR
// off the console) has claimed the device, then print "claimed".
#include <Semilimes.h>
#include <http/HttpRequestWriter.h>
#include <io/ArduinoByteStream.h>
#include <provisioning/ClaimQr.h>
#include <provisioning/QrTextRenderer.h>
#include <transport/EspAtTransport.h>

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);
#define CONSOLE console
#define MODEM Serial
#endif

static const char kCredentials[] = "{\"deviceId\":\"sim-device-1\",\"provisioningKey\":\"pk-sim-1\"}";

sl::ArduinoByteStream modemLine(MODEM);
sl::EspAtTransport net(modemLine);

class ConsoleSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override { return CONSOLE.write(data, len); }
  using sl::Sink::write;
};

// Streaming search for `needle` (no self-overlap); then, if `capture` is
// given, copies the characters up to the next '"' (at most cap - 1).
struct Scan {
  const char* needle;
  char* capture;
  size_t cap;
  size_t matched;
  size_t got;
  bool found;
  bool done;
  void feed(uint8_t c) {
    if (done) return;
    if (found) {
      if (c == '"' || got + 1 >= cap) {
        capture[got] = 0;
        done = true;
      } else {
        capture[got++] = static_cast<char>(c);
      }
      return;
    }
    if (c == static_cast<uint8_t>(needle[matched])) {
      if (!needle[++matched]) {
        found = true;
        if (!capture) done = true;
      }
    } else {
      matched = c == static_cast<uint8_t>(needle[0]) ? 1 : 0;
    }
  }
};

// POSTs `body` to `path`; true when the answer contained the needle.
bool post(const char* path, Scan& scan) {
  if (!net.connect("api.semilimes.net", 443)) return false;
  sl::HttpRequestWriter req(net);
  req.begin("POST", path)
      .host("api.semilimes.net")
      .contentType(SL_F("application/json"))
      .headerP(SL_PSTR("Connection"), SL_PSTR("close"), true);
  if (req.end(reinterpret_cast<const uint8_t*>(kCredentials), sizeof kCredentials - 1) != sl::HttpError::Ok) return false;
  uint32_t start = millis();
  while (net.connected() && millis() - start < 20000) {
    uint8_t buf[32];
    size_t n = net.read(buf, sizeof buf);
    for (size_t i = 0; i < n; ++i) scan.feed(buf[i]);
  }
  net.stop();
  return scan.found;
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  char claimKey[80];
  Scan reg = {"\"claimKey\":\"", claimKey, sizeof claimKey, 0, 0, false, false};
  if (!post("/registerDevice", reg) || !reg.done) {
    CONSOLE.println(F("register failed"));
    return;
  }
  static uint8_t modules[SL_QR_BUFFER_LEN_MAX];
  static uint8_t temp[SL_QR_TEMP_LEN_MAX];
  sl::QrCode qr;
  ConsoleSink sink;
  if (sl::ClaimQr::encode(qr, claimKey, strlen(claimKey), modules, sizeof modules, temp, sizeof temp) != sl::QrError::Ok ||
      sl::QrTextRenderer::print(qr, sink) != sl::QrError::Ok) {
    CONSOLE.println(F("qr failed"));
    return;
  }
  CONSOLE.println(F("scan the QR with the semilimes app"));
  for (uint8_t attempt = 0; attempt < 20; ++attempt) {
    Scan status = {"\"claimed\":true", nullptr, 0, 0, 0, false, false};
    if (post("/deviceClaimStatus", status)) {
      CONSOLE.println(F("claimed"));
      return;
    }
    delay(500);
  }
  CONSOLE.println(F("not claimed"));
}

void loop() {}
