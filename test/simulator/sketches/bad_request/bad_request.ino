// Test sketch for `npm run sim`: sends a request the semilimes spec rejects
// (POST /registerDevice with a numeric deviceId and no provisioningKey), so
// the mock cloud counts a validation error and the run must fail.
#include <Semilimes.h>
#include <http/HttpRequestWriter.h>
#include <io/ArduinoByteStream.h>
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

sl::ArduinoByteStream modemLine(MODEM);
sl::EspAtTransport net(modemLine);

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  if (!net.connect("api.semilimes.net", 443)) {
    CONSOLE.println(F("connect failed"));
    return;
  }
  static const char kBody[] = "{\"deviceId\":5}";
  sl::HttpRequestWriter req(net);
  req.begin(SL_F("POST"), SL_F("/registerDevice"))
      .host("api.semilimes.net")
      .contentType("application/json")
      .headerP(SL_PSTR("Connection"), SL_PSTR("close"), true);
  if (req.end(reinterpret_cast<const uint8_t*>(kBody), sizeof kBody - 1) != sl::HttpError::Ok) {
    CONSOLE.println(F("request failed"));
    return;
  }
  unsigned total = 0;
  uint32_t start = millis();
  while (net.connected() && millis() - start < 20000) {
    uint8_t buf[16];
    total += net.read(buf, sizeof buf);
  }
  net.stop();
  CONSOLE.print(F("answer bytes "));
  CONSOLE.println(total);
}

void loop() {}
