// GroupChatBot: a bot in a semilimes group chat that shows it is typing,
// reacts to what people write and replies to it.
//
// What it does, for every text someone writes in a group chat the device
// is a member of:
//   1. signals "typing" in that group (the app shows "... is typing");
//   2. looks the message up (the newest message of the group, over the
//      WebSocket) to learn its id, since reactions and replies name the
//      message they belong to;
//   3. reacts to it with a thumbs up;
//   4. replies to it: "pong" to "ping", otherwise a short hint.
// No heap is used.
//
// Boards (figures from the simulator; they move a little as the library
// changes): Arduino Mega 2560, about 35 KB flash (over the SDK's 32 KB Mega
// budget) and 2.7 KB peak RAM; the simulated Cortex-M3 and ESP8266/lx106.
// Not the Uno: the request writers, the reply decoder and the WebSocket
// client do not fit its 32 KB.
// sl-example-boards: mega cortex-m3 lx106 (not uno: does not fit)
//
// Wiring (Mega): the modem on Serial1 (pins 18/19) at 115200 baud, already
// joined to your Wi-Fi; the console on Serial (USB) at 57600 baud.
#include <Semilimes.h>
#include <generated/api/GetGroupChatMessages.h>
#include <generated/api/ReplyGroupChatMessage.h>
#include <generated/api/SendGroupChatReaction.h>
#include <generated/api/SignalGroupChatTyping.h>
#include <generated/decode/GetGroupChatMessagesResponseDecoder.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"  // your semilimes API key
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

// Where the client puts the sender, chat id and text of inbound messages
// (valid during the callback only: the next event reuses them).
char senderId[40], chatId[40], text[32];

// ---- What the bot is doing -------------------------------------------------
enum Step : uint8_t { Idle, Heard, LookingUp, Answer };
Step step = Idle;
char group[40];      // the group chat of the message being answered
char author[40];     // who wrote it
char messageId[40];  // its id, from the lookup
bool saidPing;       // the text was "ping"

// The lookup's reply: the newest message of the group (its id and author).
struct Newest : sl::api::GetGroupChatMessagesResponseHandler {
  char publisher[40];
  void onField(sl::api::GetGroupChatMessagesField f, const sl::JsonValueCapture& v, uint16_t i) override {
    if (i != 0 || v.truncated()) return;
    if (f == sl::api::GetGroupChatMessagesField::MessagesMessageId) strncpy(messageId, v.text(), sizeof messageId - 1);
    if (f == sl::api::GetGroupChatMessagesField::MessagesPublisherId) strncpy(publisher, v.text(), sizeof publisher - 1);
  }
};
Newest newest;
sl::api::GetGroupChatMessagesResponseDecoder decoder(newest);
sl::JsonParser lookupReply(decoder);

// Called by the client once the lookup's reply has streamed through `decoder`.
void onLookedUp(const sl::ClientResponse& r, void*) {
  bool found = !r.error && messageId[0] && strcmp(newest.publisher, author) == 0;
  step = found ? Answer : Idle;
  if (!found) {
    CONSOLE.print(F("lookup failed: "));
    CONSOLE.println(r.error.name());
  }
}

// The client calls these from client.loop().
struct BotEvents : sl::ClientHandler {
  void onConnected() override { CONSOLE.println(F("connected")); }

  void onMessage(const sl::InboundMessage& m) override {
    if (m.feature != sl::ClientFeature::GroupChat || strcmp(m.componentType, "text") != 0) return;
    if (step != Idle) return;  // busy answering: one message at a time
    // Keep what the answer needs; the buffers are reused by the next event.
    strcpy(group, m.chatId);
    strcpy(author, m.senderId);
    saidPing = strcmp(m.text, "ping") == 0;
    step = Heard;
  }
};
BotEvents events;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("GroupChatBot starting"));
  client.setInboundBuffers(senderId, sizeof senderId, chatId, sizeof chatId, text, sizeof text);
  client.setHandler(events);
  client.random().seed(micros());  // requestIds and WebSocket masks
  net.useTls(true);                // port 443: the modem does the TLS
  sl::ClientError e = client.begin(net, "api.semilimes.net", 443, SL_SIM_API_KEY);
  if (e) {
    CONSOLE.print(F("begin failed: "));
    CONSOLE.println(e.name());
  }
}

// Prints what a send returned when it was not Ok.
void check(const __FlashStringHelper* what, sl::ClientError e) {
  if (!e) return;
  CONSOLE.print(what);
  CONSOLE.print(F(" not sent: "));
  CONSOLE.println(e.name());
}

void loop() {
  client.loop();  // connects, reconnects, reads; calls `events`; never blocks on the network
  if (!client.connected()) return;

  if (step == Heard) {
    // 1. "typing...", then 2. ask for the newest message of the group.
    check(F("typing"), client.send(sl::api::SignalGroupChatTyping(group)));
    messageId[0] = newest.publisher[0] = '\0';
    decoder.reset();
    sl::api::GetGroupChatMessages lookup(group);
    lookup.setLimit(1);
    sl::ClientError e = client.send(lookup, lookupReply, &onLookedUp);
    check(F("lookup"), e);
    step = e ? Idle : LookingUp;  // onLookedUp() moves on
  }

  if (step == Answer) {
    // 3. a thumbs up on the message, 4. the reply to it.
    check(F("reaction"), client.send(sl::api::SendGroupChatReaction(messageId, "\xF0\x9F\x91\x8D")));  // U+1F44D
    sl::ReplyText answer(saidPing ? "pong" : "Hi! Say ping and I answer pong.");
    check(F("reply"), client.send(sl::api::ReplyGroupChatMessage(messageId, answer)));
    CONSOLE.print(F("answered "));
    CONSOLE.println(messageId);
    step = Idle;
  }
}
