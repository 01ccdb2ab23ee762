// Test sketch (test/simulator/reconnect-loop.test.ts): sl::BasicClient over
// sl::EspAtTransport while the modem is slow to come up or the cloud does
// not answer AT+CIPSTART. It times every loop() with millis() and prints
// "longest loop so far <ms> ms" whenever the longest grows, "connected",
// "disconnected: <reason>", and once connected sends one text to
// CHANNEL_ID ("sent: <error name>"). The client connects in steps
// (Transport::connectStep), so no loop() waits for the network.
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
sl::BasicClient client;
uint32_t longest = 0;
bool sent = false;

struct Events : sl::ClientEvents {
  void onConnected() { CONSOLE.println(F("connected")); }
  void onDisconnected(sl::ClientError reason) {
    CONSOLE.print(F("disconnected: "));
    CONSOLE.println(reason.name());
  }
};
Events events;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("reconnect_loop starting"));
  client.setHandler(events);
  client.random().seed(micros());
  net.useTls(true);
  if (client.begin(net, F("api.semilimes.net"), 443, F(SL_SIM_API_KEY))) CONSOLE.println(F("begin failed"));
}

void loop() {
  uint32_t start = millis();
  client.loop();
  uint32_t took = millis() - start;
  if (took > longest) {
    longest = took;
    CONSOLE.print(F("longest loop so far "));
    CONSOLE.print(longest);
    CONSOLE.println(F(" ms"));
  }
  if (client.connected() && !sent) {
    sent = true;
    sl::data::Text text("online after a slow start");
    sl::ClientError e = client.sendToChannel(sl::FlashString(SL_PSTR(CHANNEL_ID)), text);
    CONSOLE.print(F("sent: "));
    CONSOLE.println(e.name());
  }
}
