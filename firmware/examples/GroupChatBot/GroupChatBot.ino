// GroupChatBot: a bot in a semilimes group chat that shows it is typing,
// reacts to what people write and replies to it.
//
// What it does, for every text someone writes in a group chat the device
// is a member of, right when it arrives:
//   1. signals "typing" in that group (the app shows "... is typing");
//   2. reacts to the message with a thumbs up;
//   3. replies to it: "pong" to "ping", otherwise a short hint.
// Reactions and replies name the message they belong to: the client hands
// over the received message's id (setMessageIdBuffer below). No heap is used.
//
// Boards (figures from the simulator; they move a little as the library
// changes): Arduino Mega 2560, about 18.8 KB flash and 1.7 KB peak RAM; the
// simulated Cortex-M3 and ESP8266/lx106. Not the Uno: the program fits its
// flash (27 KB), but the variables take 1.6 KB of its 2 KB of RAM and
// answering needs about 400 bytes of stack, which would leave some 40
// bytes free.
// sl-example-boards: mega cortex-m3 lx106 (not uno: not enough RAM)
//
// Wiring (Mega): the modem on Serial1 (pins 18/19) at 115200 baud, already
// joined to your Wi-Fi (WifiSetup); the console on Serial (USB) at 57600 baud.
#include <Semilimes.h>
#include <generated/api/ReplyGroupChatMessage.h>
#include <generated/api/SendGroupChatReaction.h>
#include <generated/api/SignalGroupChatTyping.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"  // your semilimes API key
#endif

#if defined(__AVR_ATmega328P__)
#error "GroupChatBot: not enough RAM on the Uno (2 KB; the variables take 1.6 KB and answering needs about 400 bytes of stack). Use a Mega."
#endif

// ---- Serial ports --------------------------------------------------------
#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial  // messages for you (Serial Monitor)
#define MODEM Serial1   // the ESP-AT modem: this board's network
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);  // one-UART boards: console on pin 3
#define CONSOLE console
#define MODEM Serial
#endif

sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
sl::EspAtTransport net(modemLine);       // TCP through AT commands
sl::Client client;                       // the semilimes WebSocket client

// Where the client puts the chat id, text and message id of inbound
// messages (valid during the callback only: the next event reuses them).
// The sender is not needed: its buffer is left out.
char chatId[40], text[32], messageId[40];
sl::JsonValueCapture messageIdBuffer(messageId, sizeof messageId);

// Prints what a send returned when it was not Ok.
void check(const __FlashStringHelper* what, sl::ClientError e) {
  if (!e) return;
  CONSOLE.print(what);
  CONSOLE.print(F(" not sent: "));
  CONSOLE.println(e.name());
}

// The client calls these from client.loop().
struct BotEvents : sl::ClientEvents {  // (called directly: no vtable in RAM)
  void onConnected() { CONSOLE.println(F("connected")); }

  void onMessage(const sl::InboundMessage& m) {
    if (m.feature != sl::ClientFeature::GroupChat || strcmp(m.componentType, "text") != 0) return;
    if (!m.messageId[0] || m.messageIdTruncated || m.chatIdTruncated) return;  // cannot name it
    // Sending from inside the callback is allowed: each message goes out
    // now, or is queued if the connection is busy.
    // 1. "typing...", 2. a thumbs up on the message, 3. the reply to it.
    check(F("typing"), client.send(sl::api::SignalGroupChatTyping(m.chatId)));
    check(F("reaction"), client.send(sl::api::SendGroupChatReaction(m.messageId, "\xF0\x9F\x91\x8D")));  // U+1F44D
    bool ping = strcmp(m.text, "ping") == 0;
    sl::ReplyText answer(ping ? "pong" : "Hi! Say ping and I answer pong.");
    check(F("reply"), client.send(sl::api::ReplyGroupChatMessage(m.messageId, answer)));
    CONSOLE.print(F("answered "));
    CONSOLE.println(m.messageId);
  }
};
BotEvents events;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("GroupChatBot starting"));
  client.setInboundBuffers(0, 0, chatId, sizeof chatId, text, sizeof text);
  client.setMessageIdBuffer(messageIdBuffer);
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
