// Test sketch (test/simulator/rest-connect.test.ts): sl::Client over
// sl::EspAtTransport makes one REST call (GET /apikey/~validate) once the
// WebSocket is up, on the WebSocket's own transport (the modem has one
// link), while the modem answers that AT+CIPSTART late. request() never
// waits for the connect: it answers InProgress and is called again after
// each loop() until it answers Ok or an error. The sketch counts the
// loop()s meanwhile, times every loop() with millis(), and prints
// "longest loop so far <ms> ms" whenever the longest grows, "connected",
// "disconnected: <reason>", "rest call: <error> after <n> loops, <ms> ms,
// longest <ms> ms" (the longest loop() with its request() call meanwhile),
// "rest done: <error> <status> <body bytes>", and once the WebSocket is
// back after the call, sends one text to CHANNEL_ID ("sent: <error name>").
#include <Semilimes.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "dev-key"
#endif
#ifndef CHANNEL_ID
#define CHANNEL_ID "00000000-0000-0000-0000-000000000000"
#endif

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
sl::ArduinoByteStream modemLine(MODEM);
#else
#include <io/AvrUart0.h>
#include <io/PinConsole.h>
sl::PinConsole console(3);
#define CONSOLE console
sl::AvrUart0 modemLine;
#define MODEM modemLine
#endif

sl::EspAtTransport net(modemLine);
sl::Client client;
uint32_t longest = 0;
// 0: waiting for the WebSocket; 1: the REST call's connect goes on; 2: the
// response streams; 3: done, waiting for the WebSocket again; 4: sent.
uint8_t phase = 0;
uint32_t loopsDuringCall = 0;
uint32_t longestDuringCall = 0;
uint32_t callStart = 0;

struct Events : sl::ClientEvents {
  void onConnected() { CONSOLE.println(F("connected")); }
  void onDisconnected(sl::ClientError reason) {
    CONSOLE.print(F("disconnected: "));
    CONSOLE.println(reason.name());
  }
};
Events events;

struct Validate : sl::HttpResponseHandler {
  uint32_t bodyBytes = 0;
  void onBody(const uint8_t*, size_t n) override { bodyBytes += n; }
  void onComplete(sl::ClientError e, uint16_t status) override {
    CONSOLE.print(F("rest done: "));
    CONSOLE.print(e.name());
    CONSOLE.print(' ');
    CONSOLE.print(status);
    CONSOLE.print(' ');
    CONSOLE.println(bodyBytes);
    phase = 3;
  }
};
Validate validate;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("rest_connect starting"));
  client.setHandler(events);
  client.random().seed(micros());
  net.useTls(true);
  if (client.begin(net, F("api.semilimes.net"), 443, F(SL_SIM_API_KEY))) CONSOLE.println(F("begin failed"));
}

void loop() {
  uint32_t start = millis();
  client.loop();
  if (phase == 0 && client.connected()) {
    phase = 1;
    callStart = millis();
  }
  // The same arguments on every call until it answers Ok or an error.
  sl::ClientError e = phase == 1 ? client.request("GET", "/apikey/~validate", 0, 0, 0, validate)
                                 : sl::ClientError(sl::ClientError::InProgress);
  uint32_t took = millis() - start;  // loop() and request() together
  if (took > longest) {
    longest = took;
    CONSOLE.print(F("longest loop so far "));
    CONSOLE.print(longest);
    CONSOLE.println(F(" ms"));
  }
  if (phase == 1) {
    if (took > longestDuringCall) longestDuringCall = took;
    if (e == sl::ClientError::InProgress) {
      ++loopsDuringCall;
    } else {
      CONSOLE.print(F("rest call: "));
      CONSOLE.print(e.name());
      CONSOLE.print(F(" after "));
      CONSOLE.print(loopsDuringCall);
      CONSOLE.print(F(" loops, "));
      CONSOLE.print(millis() - callStart);
      CONSOLE.print(F(" ms, longest "));
      CONSOLE.print(longestDuringCall);
      CONSOLE.println(F(" ms"));
      phase = e ? 3 : 2;
    }
  }
  if (phase == 3 && client.connected()) {
    phase = 4;
    sl::data::Text text("online after the REST call");
    e = client.sendToChannel(sl::FlashString(SL_PSTR(CHANNEL_ID)), text);
    CONSOLE.print(F("sent: "));
    CONSOLE.println(e.name());
  }
}
