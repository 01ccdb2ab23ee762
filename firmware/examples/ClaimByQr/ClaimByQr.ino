// ClaimByQr: a device with no API key gets one by being claimed in the app.
//
//   1. POST /registerDevice with the device's id and provisioning key (set
//      by the maker; the provisioning key stays secret): the cloud answers
//      with a claim key;
//   2. the claim key is drawn as a QR code on the console;
//   3. the owner scans it with the semilimes app, which claims the device;
//   4. the device polls POST /deviceClaimStatus until it is claimed; the
//      answer carries its API key (authToken);
//   5. the device connects its WebSocket client with that key.
// A real device stores the key (sl::KeyStore over EEPROM/flash) and skips
// steps 1-4 at the next start; this example keeps it in RAM.
//
// Boards (simulator figures, approximate): Mega 2560 about 37 KB flash (over
// the SDK's 32 KB Mega budget) and 3.1 KB peak RAM; Cortex-M3 28 KB / 7 KB and
// lx106 37 KB / 7.2 KB (within budget). Not the Uno: its flash overflows by
// about 5.5 KB. No heap.
// sl-example-boards: mega cortex-m3 lx106
// Wiring (Mega): modem on Serial1 at 115200 baud (joined to Wi-Fi), console
// on Serial at 57600: open the Serial Monitor to see the QR.
#include <Semilimes.h>
#include <generated/api/GetDeviceClaimStatus.h>
#include <generated/api/RegisterDevice.h>
#include <generated/decode/GetDeviceClaimStatusResponseDecoder.h>
#include <generated/decode/RegisterDeviceResponseDecoder.h>
#include <io/ArduinoByteStream.h>
#include <provisioning/ClaimQr.h>
#include <provisioning/QrTextRenderer.h>
#include <transport/EspAtTransport.h>

// Set by the device maker, one pair per device.
const char DEVICE_ID[] = "lamp-0001";
const char PROVISIONING_KEY[] = "pk-lamp-0001-secret";
const char HOST[] = "api.semilimes.net";

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
sl::Client client;

char claimKey[48];  // from registerDevice
char apiKey[48];    // from deviceClaimStatus, once claimed
bool claimed = false;

// The answers' fields we need, as the generated decoders report them.
struct Answers : sl::api::RegisterDeviceResponseHandler, sl::api::GetDeviceClaimStatusResponseHandler {
  void onField(sl::api::RegisterDeviceField f, const sl::JsonValueCapture& v, uint16_t) override {
    if (f == sl::api::RegisterDeviceField::ClaimKey) copy(claimKey, sizeof claimKey, v);
  }
  void onField(sl::api::GetDeviceClaimStatusField f, const sl::JsonValueCapture& v, uint16_t) override {
    if (f == sl::api::GetDeviceClaimStatusField::Claimed) claimed = v.boolean();
    if (f == sl::api::GetDeviceClaimStatusField::AuthToken) copy(apiKey, sizeof apiKey, v);
  }
  static void copy(char* to, size_t cap, const sl::JsonValueCapture& v) {
    if (v.truncated() || strlen(v.text()) >= cap) return;  // too long: keep nothing
    strcpy(to, v.text());
  }
};
Answers answers;

// POSTs the JSON body written by `body` (a generated request's bodyFn) to
// `path` and streams the answer's JSON into `decoder` (a generated response
// decoder). True when a whole response arrived with status 200.
// (registerDevice and deviceClaimStatus need no API key.)
bool post(const char* path, sl::BodyFn body, const void* request, sl::JsonHandler& decoder) {
  if (!net.connect(HOST, 443)) return false;
  sl::HttpRequestWriter req(net);
  req.begin("POST", path).host(HOST).contentType("application/json");
  if (req.end(body, const_cast<void*>(request)) != sl::HttpError::Ok) {
    net.stop();
    return false;
  }
  char line[64];
  sl::HttpResponseParser http(line, sizeof line);
  sl::JsonParser json(decoder);
  bool done = false;
  uint32_t start = millis();
  while (!done && net.connected() && millis() - start < 20000UL) {
    uint8_t buf[32];
    size_t len = net.read(buf, sizeof buf);
    const uint8_t* data = buf;
    for (;;) {  // every event in these bytes, until the parser needs more
      sl::HttpResponseParser::Event e = http.next(data, len);
      if (e == sl::HttpResponseParser::Body) json.feed(http.body(), http.bodyLength());
      if (e == sl::HttpResponseParser::MessageComplete) done = true;
      if (done || e == sl::HttpResponseParser::Error || e == sl::HttpResponseParser::NeedMore) break;
    }
  }
  net.stop();
  return done && http.status() == 200 && json.finish() == sl::JsonParseError::Ok;
}

// Draws the claim key as a QR code on the console.
struct ConsoleSink : sl::Sink {
  size_t write(const uint8_t* data, size_t len) override { return CONSOLE.write(data, len); }
  using sl::Sink::write;
};

bool showQr(const char* text) {
  static uint8_t modules[SL_QR_BUFFER_LEN_MAX], temp[SL_QR_TEMP_LEN_MAX];
  sl::QrCode qr;
  ConsoleSink console;
  return sl::ClaimQr::encode(qr, text, strlen(text), modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok &&
         sl::QrTextRenderer::print(qr, console) == sl::QrError::Ok;
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  net.useTls(true);  // port 443: the modem does the TLS

  // 1. register
  sl::api::RegisterDevice registration(DEVICE_ID, PROVISIONING_KEY);
  sl::api::RegisterDeviceResponseDecoder registered(answers);
  if (!post("/registerDevice", &sl::api::RegisterDevice::bodyFn, &registration, registered) || !claimKey[0]) {
    CONSOLE.println(F("register failed"));
    return;
  }
  // 2. show the claim QR
  if (!showQr(claimKey)) CONSOLE.println(F("qr failed"));
  CONSOLE.println(F("scan the QR with the semilimes app"));

  // 3-4. wait until the owner has claimed the device
  sl::api::GetDeviceClaimStatus status(DEVICE_ID, PROVISIONING_KEY);
  for (uint8_t attempt = 0; attempt < 60 && !apiKey[0]; ++attempt) {
    sl::api::GetDeviceClaimStatusResponseDecoder answer(answers);
    if (!post("/deviceClaimStatus", &sl::api::GetDeviceClaimStatus::bodyFn, &status, answer)) {
      CONSOLE.println(F("status request failed"));
    }
    if (!apiKey[0]) delay(1000);
  }
  if (!claimed || !apiKey[0]) {
    CONSOLE.println(F("not claimed"));
    return;
  }
  CONSOLE.println(F("claimed"));

  // 5. connect with the new key
  client.random().seed(micros());
  if (client.begin(net, HOST, 443, apiKey)) CONSOLE.println(F("begin failed"));
}

bool said = false;

void loop() {
  if (!apiKey[0]) return;
  client.loop();
  if (client.connected() && !said) {
    said = true;
    CONSOLE.println(F("connected with the claimed key"));
  }
}
