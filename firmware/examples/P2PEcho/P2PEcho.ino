// P2PEcho: answers every private (p2p) text message with the same text.
//
// What it does:
//   1. joins the semilimes cloud over a WebSocket, through an ESP-AT Wi-Fi
//      modem (an ESP-01 or similar) wired to a serial port;
//   2. whenever someone writes to the device in a p2p chat, sends the same
//      text back to them (other kinds of message get a short note instead).
// Texts longer than the 40-byte buffer below are cut at a UTF-8 character
// boundary (the console says so). No heap is used.
//
// Boards (figures from the simulator; they move a little as the library
// changes): Arduino Mega 2560, about 17.9 KB flash and 1.6 KB peak RAM; the
// simulated Cortex-M3 and ESP8266/lx106. Not the Uno: the program fits its
// flash, but answering a message needs about 1.7 KB of RAM (on the Mega),
// far over the SDK's 1 KB budget for the Uno, most of its 2 KB.
// sl-example-boards: mega cortex-m3 lx106 (not uno: not enough RAM)
//
// Wiring (Mega): the modem on Serial1 (pins 18/19) at 115200 baud, already
// joined to your Wi-Fi (WifiSetup); the console on Serial (USB) at 57600 baud.
#include <Semilimes.h>
#include <generated/data/Text.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"  // your semilimes API key
#endif

#if defined(__AVR_ATmega328P__)
#error "P2PEcho: not enough RAM on the Uno (2 KB; answering needs about 1.7 KB). Use a Mega."
#endif

// ---- Serial ports --------------------------------------------------------
#define CONSOLE Serial  // messages for you (Serial Monitor)
#define MODEM Serial1   // the ESP-AT modem: this board's network

sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
sl::EspAtTransport net(modemLine);       // TCP through AT commands
sl::Client client;                       // the semilimes WebSocket client

// Where the client puts the sender and the text of inbound messages (the
// chat id buffer is left out: a p2p message has none). Longer texts are cut.
// They are valid only inside the callback: the next event reuses them.
char senderId[40], text[40];

// The client calls these from client.loop().
struct EchoEvents : sl::ClientEvents {  // (called directly: no vtable in RAM)
  void onConnected() { CONSOLE.println(F("connected")); }

  void onMessage(const sl::InboundMessage& m) {
    if (m.feature != sl::ClientFeature::P2p) return;  // only private chats
    // Texts go back as they came; anything else (a gauge, a form...) gets a
    // short note. The sender's id is where the answer goes.
    bool isText = strcmp(m.componentType, "text") == 0;
    sl::data::Text answer(isText ? m.text : "I only echo texts");
    // Sending from inside the callback is allowed: the message goes out
    // now, or is queued if the connection is busy.
    sl::ClientError e = client.sendToContact(m.senderId, answer);
    CONSOLE.print(F("echoed "));
    CONSOLE.print(isText ? strlen(m.text) : 0);
    CONSOLE.print(m.textTruncated ? F(" bytes (cut): ") : F(" bytes: "));
    CONSOLE.println(e.name());  // Ok, or why not (OutboxFull, ...)
  }
};
EchoEvents events;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("P2PEcho starting"));
  client.setInboundBuffers(senderId, sizeof senderId, 0, 0, text, sizeof text);
  client.setHandler(events);
  client.random().seed(micros());  // requestIds and WebSocket masks
  net.useTls(true);                // port 443: the modem does the TLS
  sl::ClientError e = client.begin(net, "api.semilimes.net", 443, SL_SIM_API_KEY);
  if (e) {
    CONSOLE.print(F("begin failed: "));
    CONSOLE.println(e.name());
  }
}

void loop() {
  client.loop();  // connects, reconnects, reads; calls `events`; never blocks on the network
}
