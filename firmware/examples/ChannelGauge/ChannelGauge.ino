// ChannelGauge: posts a sensor reading to a semilimes channel as a gauge,
// once a minute, over a WebSocket through an ESP-AT Wi-Fi modem.
//
// The smallest example: the gauge is written with the JSON writer directly
// (a ComponentFn) instead of the generated sl::data::Gauge builder, which
// keeps floating point out of the program; and it sets no event handler,
// so the client reads no inbound message and links no code for parsing
// them. It runs on the Arduino Uno (about 10.9 KB of its 32 KB flash, over
// the SDK's Uno flash budget of 10 KB, and under 1 KB of its 2 KB RAM,
// within the SDK's Uno RAM budget) and on the Mega. No heap.
//
// Wiring: the modem on Serial1 (Mega) or on pins 0/1 (Uno), 115200 baud,
// already joined to your Wi-Fi (WifiSetup); the console on Serial (Mega, 57600 baud) or
// a transmit-only serial line on pin 3 (Uno, 57600 baud); the sensor on A0.
// sl-example-boards: uno mega
#include <Semilimes.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"  // your semilimes API key
#endif
#ifndef GAUGE_CHANNEL_ID
#define GAUGE_CHANNEL_ID "7c9e6679-7425-40de-944b-e07fc1f90ae7"  // your channel's id
#endif
// Kept in flash (SL_PROGMEM): on an AVR a plain string literal is also
// copied into RAM.
const char CHANNEL_ID[] SL_PROGMEM = GAUGE_CHANNEL_ID;

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
#elif defined(__AVR__)
// One-UART AVR boards (the Uno): console on pin 3, transmit only (much
// smaller than SoftwareSerial); the modem on the UART through sl::AvrUart0
// (smaller than Serial; the sketch then must not use Serial).
#include <io/AvrUart0.h>
#include <io/PinConsole.h>
sl::PinConsole console(3);
#define CONSOLE console
sl::AvrUart0 modemLine;  // the modem's serial line
#define MODEM modemLine
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);  // other one-UART boards: console on pin 3
#define CONSOLE console
#define MODEM Serial
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
#endif

sl::EspAtTransport net(modemLine);  // TCP through AT commands
// The semilimes WebSocket client. It sends only while connected, so a
// BasicClient: no outbox for messages sent while offline (sl::Client keeps
// them in 256 B of RAM and sends them after a reconnect).
sl::BasicClient client;
uint32_t lastSent = 0;
bool first = true;

// Writes {"dataComponentType":"gauge","title":"Sensor","value":<percent>}.
// The client calls it several times per send: it must write the same bytes.
bool writeGauge(sl::JsonWriter& w, void* context) {
  long percent = reinterpret_cast<long>(context);
  w.beginObject();
  w.key(SL_F("dataComponentType")).string(SL_F("gauge"));
  w.key(SL_F("title")).string(SL_F("Sensor"));
  w.key(SL_F("value")).integer(percent);
  w.endObject();
  return w.ok();
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  client.random().seed(micros());
  net.useTls(true);  // port 443: the modem does the TLS
  if (client.begin(net, F("api.semilimes.net"), 443, F(SL_SIM_API_KEY))) CONSOLE.println(F("begin failed"));
}

void loop() {
  client.loop();  // connects, reconnects, reads; never blocks on the network
  if (client.connected() && (first || millis() - lastSent > 60000UL)) {
    first = false;
    lastSent = millis();
    long percent = map(analogRead(A0), 0, 1023, 0, 100);
    sl::ClientError e = client.sendToChannel(sl::FlashString(CHANNEL_ID), &writeGauge, reinterpret_cast<void*>(percent));
    CONSOLE.print(F("gauge "));
    CONSOLE.print(percent);
    CONSOLE.print(F(": "));
    CONSOLE.println(e.name());  // Ok, or why not (WriteFailed, ...)
  }
}
