// Test sketch for `npm run sim`: prints a line on the console, then GETs
// /account/my from the (mock) semilimes cloud through the ESP-AT modem on the
// board's network UART (sl::EspAtTransport + sl::HttpRequestWriter), reads
// the status code from the response as it streams and prints it with the
// number of bytes received. Console / network wiring per board:
// simulator/sketch/README.md.
#include <Semilimes.h>
#include <http/HttpRequestWriter.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "dev-key"
#endif

#if defined(HAVE_HWSERIAL1)
// Mega (and the simulator's Cortex-M3 / lx106 cores): console on Serial,
// ESP-AT modem on Serial1.
#define CONSOLE Serial
#define MODEM Serial1
#else
// Uno: the only hardware UART (pins 0/1) goes to the modem; the console is a
// software serial transmitting on pin 3.
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
  CONSOLE.println(F("hello from the sketch"));

  if (!net.connect("api.semilimes.net", 443)) {
    CONSOLE.print(F("connect failed: "));
    CONSOLE.println(net.lastError().name());
    return;
  }
  sl::HttpRequestWriter req(net);
  req.begin(SL_F("GET"), SL_F("/account/my"))
      .host("api.semilimes.net")
      .bearer(SL_SIM_API_KEY)
      .headerP(SL_PSTR("Connection"), SL_PSTR("close"), true);
  sl::HttpError err = req.end();
  if (err != sl::HttpError::Ok) {
    CONSOLE.print(F("request failed: "));
    CONSOLE.println(err.name());
    return;
  }
  // "HTTP/1.1 200 ...": the status is the three digits after the first space.
  unsigned status = 0;
  unsigned total = 0;
  uint8_t spaces = 0;
  uint32_t start = millis();
  while (net.connected() && millis() - start < 20000) {
    uint8_t buf[16];
    size_t n = net.read(buf, sizeof buf);
    for (size_t i = 0; i < n; ++i, ++total) {
      uint8_t c = buf[i];
      if (spaces < 2 && c == ' ') ++spaces;
      else if (spaces == 1 && c >= '0' && c <= '9') status = status * 10 + (c - '0');
    }
  }
  net.stop();
  CONSOLE.print(F("status "));
  CONSOLE.print(status);
  CONSOLE.print(F(" bytes "));
  CONSOLE.println(total);
}

void loop() {}
