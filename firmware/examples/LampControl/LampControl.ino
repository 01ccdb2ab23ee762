// LampControl: a lamp and its dimmer, controlled from the semilimes app.
//
// What it does:
//   1. joins the semilimes cloud over a WebSocket, through an ESP-AT Wi-Fi
//      modem (an ESP-01 or similar) wired to a serial port;
//   2. posts a gauge (the lamp's brightness, 0-100 %) and a form (a label, a
//      switch "lamp" and a slider "dim") to your channel;
//   3. when someone submits the form in the app, switches the lamp (LED pin),
//      sets the dimmer (PWM pin) and posts the new state back: a short text
//      and an updated gauge.
//
// Boards (figures from the simulator, `npm run sim`, with the app's form
// submission, measured on 29 Nov 2026; they move a little as the library
// changes):
//   - Arduino Uno: runs: about 18.8 KB of flash (the Uno has 31.5 KB next
//     to its bootloader) and 817 B peak RAM of its 2 KB (560 B static +
//     257 B stack, deepest while the form is written into the modem):
//     within the SDK's Uno RAM budget (1 KB), over its flash budget
//     (10 KB); ChannelGauge is the smaller example for the Uno.
//   - Arduino Mega 2560: runs; about 22.4 KB flash and 1.16 KB peak RAM,
//     within the SDK's Mega budget (32 KB / 4 KB).
//   - 32-bit boards (the simulated Cortex-M3 and ESP8266/lx106): run within
//     budget, about 22.1-28.9 KB flash and 2.4-2.9 KB peak RAM.
// No heap is used on any board.
// sl-example-boards: uno mega cortex-m3 lx106
//
// Wiring (Mega): modem on Serial1 (pins 18/19) at 115200 baud, the modem
// already joined to your Wi-Fi (WifiSetup); console on Serial (USB) at 57600 baud;
// lamp LED on pin 13, dimmer on PWM pin 9. Uno: the modem on pins 0/1
// (Serial), the console transmitting on pin 3 (57600 baud).
//
// Try it without hardware: `npm run demo` runs this sketch on a simulated
// Uno (or Mega) against a simulated semilimes cloud and plays the app.
#include <Semilimes.h>
#include <generated/data/Form.h>
#include <generated/data/Gauge.h>
#include <generated/data/Text.h>
#include <generated/form/Label.h>
#include <generated/form/Slider.h>
#include <generated/form/Switch.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
// The API key of your semilimes account (the simulator passes its own).
#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"
#endif
// The channel to post to: its id, from the app (channel info) or the API.
#ifndef LAMP_CHANNEL_ID
#define LAMP_CHANNEL_ID "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#endif
// (Kept in flash, SL_PROGMEM, like the texts below: no RAM spent on it.)
const char CHANNEL_ID[] SL_PROGMEM = LAMP_CHANNEL_ID;
const uint8_t LAMP_PIN = 13;   // on/off (the built-in LED)
const uint8_t DIMMER_PIN = 9;  // brightness, as PWM 0-255

// (The simulator's minimal Cortex-M3 / lx106 cores have no PWM; real cores do.)
#if defined(ARDUINO_SL_SIM_CORTEX_M3) || defined(ARDUINO_SL_SIM_LX106)
#define analogWrite(pin, value) ((void)(pin), (void)(value))
#endif

// ---- Serial ports --------------------------------------------------------
#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial  // messages for you (Serial Monitor)
#define MODEM Serial1   // the ESP-AT modem: this board's network
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line...
#elif defined(__AVR__)
// An AVR board with one UART (the Uno): the modem gets it, through
// sl::AvrUart0 instead of Serial (the same pins 0/1, about 0.8 KB of flash
// and 0.1 KB of RAM less; this sketch then must not use Serial). The
// console only transmits, on pin 3: sl::PinConsole (SoftwareSerial would
// cost about 1.2 KB of flash and 95 B of RAM more, mostly for receiving).
#include <io/AvrUart0.h>
#include <io/PinConsole.h>
sl::PinConsole console(3);
#define CONSOLE console
sl::AvrUart0 modemLine;  // the modem's serial line...
#define MODEM modemLine
#else
// Another board with one UART: the modem gets it, the console is a
// software serial transmitting on pin 3.
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);
#define CONSOLE console
#define MODEM Serial
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line...
#endif

// ---- The network and the client ------------------------------------------
sl::EspAtTransport net(modemLine);  // ...as a TCP connection (AT commands)
// The semilimes WebSocket client. The lamp sends only while connected and
// needs no replies, so it is a BasicClient: no outbox for messages sent
// while offline (those answer OutboxFull; sl::Client keeps them in 256
// bytes of RAM and sends them after the reconnect), no waiting for a
// send's Response, no REST calls: about 0.4 KB of RAM and 0.9 KB of flash
// less on an Uno. It only reads form values, so it gives the client no
// buffers for the sender, chat id and text of inbound messages
// (client.setInboundBuffers, for a sketch that shows or answers them).
sl::BasicClient client;

// ---- The lamp's state ----------------------------------------------------
bool lampOn = false;
uint8_t dimPercent = 50;  // 0-100

// Text literals stay in flash (SL_F): on an AVR every plain literal is
// also copied into RAM, and an Uno has 2 KB of it.
// Copies `text` to out (NUL-terminated); returns the end, for appending.
char* copyText(char* out, sl::FlashString text) {
  for (size_t i = 0; (*out = text.at(i)) != 0; ++i) ++out;
  return out;
}

// Writes "75 %" (0-100) into out, which holds at least 6 bytes. (snprintf
// would do, at the cost of about 1.5 KB of flash.)
void percentText(char* out, uint8_t percent) {
  if (percent >= 100) *out++ = '1';
  if (percent >= 10) *out++ = static_cast<char>('0' + (percent / 10) % 10);
  *out++ = static_cast<char>('0' + percent % 10);
  copyText(out, SL_F(" %"));
}

// Prints `what` and the error's name when a call failed (nothing when `e` is Ok).
void report(const __FlashStringHelper* what, sl::ClientError e) {
  if (!e) return;
  CONSOLE.print(what);
  CONSOLE.println(e.name());
}

// The slider's value, 0-100. It sends whole numbers, so the digits are read
// here (v.number().toInt32() reads any JSON number, at about 400 B of flash:
// much on an Uno). False, and the dimmer unchanged, for anything else.
bool percentValue(const sl::JsonValueCapture& v, uint8_t& out) {
  const char* s = v.text();
  if (v.type() != sl::JsonValueCapture::Number || !*s) return false;
  uint16_t n = 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return false;  // a sign, a fraction or an exponent
    if (n <= 100) n = static_cast<uint16_t>(n * 10 + (*s - '0'));
  }
  out = n > 100 ? 100 : static_cast<uint8_t>(n);
  return true;
}

// Posts the gauge showing the current brightness (0 when the lamp is off),
// with three coloured ranges covering 0-100: low, medium, high.
void sendGauge() {
  sl::GaugeSegment ranges[3];
  ranges[0].setFrom(0).setTo(33).setColor(SL_F("#3B82F6"));
  ranges[1].setFrom(34).setTo(66).setColor(SL_F("#F59E0B"));
  ranges[2].setFrom(67).setTo(100).setColor(SL_F("#EF4444"));
  uint8_t shown = lampOn ? dimPercent : 0;
  char text[8];
  percentText(text, shown);
  sl::data::Gauge gauge;
  gauge.setTitle(SL_F("Lamp")).setValue(shown).setDisplayValue(text).setSegments(ranges);
  report(F("gauge not sent: "), client.sendToChannel(sl::FlashString(CHANNEL_ID), gauge));
}

// (__attribute__((noinline)) on sendForm() and sendState(): called from one
// place, the compiler would merge them into loop(), and their builders'
// stack space would then stay taken while the other sends run as well.)

// Posts the control form: a label, the switch "lamp" and the slider "dim".
// The app sends back a form submission with the values by these refNames.
__attribute__((noinline)) void sendForm() {
  sl::form::Label label;
  label.setRefName(SL_F("hint")).setValue(SL_F("Switch the lamp and set its brightness"));
  sl::form::Switch lamp;
  lamp.setRefName(SL_F("lamp")).setTitle(SL_F("Lamp")).setValue(lampOn);
  sl::form::Slider dim;
  dim.setRefName(SL_F("dim")).setTitle(SL_F("Dimmer %")).setMin(0).setMax(100).setStep(1).setValue(dimPercent);
  const sl::FormComponent* parts[] = {&label, &lamp, &dim};
  sl::data::Form form;
  form.setRefName(SL_F("lamp-control")).setSubmitText(SL_F("Apply")).setFormComponents(parts);
  report(F("form not sent: "), client.sendToChannel(sl::FlashString(CHANNEL_ID), form));
}

// Posts what the lamp does now as a text: "Lamp on, dimmer 75 %".
__attribute__((noinline)) void sendState() {
  char reply[32];
  percentText(copyText(reply, lampOn ? SL_F("Lamp on, dimmer ") : SL_F("Lamp off, dimmer ")), dimPercent);
  CONSOLE.println(reply);
  sl::data::Text state(reply);
  report(F("state not sent: "), client.sendToChannel(sl::FlashString(CHANNEL_ID), state));
}

// The client calls these from client.loop() when something happens.
// (sl::ClientEvents has no virtual functions: these are called directly,
// no vtable is kept in RAM. The ones not defined here do nothing.)
struct LampEvents : sl::ClientEvents {
  // What loop() has done and still has to do (bit fields: one byte of RAM
  // for both; a global object starts with both false).
  bool announced : 1;  // gauge and form posted?
  bool changed : 1;    // a form submission changed the lamp: report it

  void onConnected() { CONSOLE.println(F("connected")); }

  void onDisconnected(sl::ClientError reason) { report(F("disconnected: "), reason); }

  // One value of a submitted form, by the refName we gave it in sendForm().
  void onFormValue(const sl::InboundMessage&, const sl::ClientFormValue& v) {
    if (SL_F("lamp").equals(v.refName.text())) lampOn = v.value.boolean();
    if (SL_F("dim").equals(v.refName.text())) {
      uint8_t percent;
      if (percentValue(v.value, percent)) dimPercent = percent;
    }
  }

  // The whole message, after its form values: apply them to the pins.
  void onMessage(const sl::InboundMessage& m) {
    if (!SL_F("formsubmission").equals(m.componentType)) return;
    digitalWrite(LAMP_PIN, lampOn ? HIGH : LOW);
    analogWrite(DIMMER_PIN, lampOn ? dimPercent * 255u / 100 : 0);
    changed = true;  // report from loop(), not from inside the callback
  }
};
LampEvents events;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  pinMode(LAMP_PIN, OUTPUT);
  pinMode(DIMMER_PIN, OUTPUT);
  CONSOLE.println(F("LampControl starting"));

  client.setHandler(events);
  client.random().seed(micros());  // requestIds and WebSocket masks
  // semilimes is HTTPS/WSS on port 443: the modem does the TLS ("SSL" link).
  // The host and the key stay in flash (F()): no RAM for them.
  net.useTls(true);
  report(F("begin failed: "), client.begin(net, F("api.semilimes.net"), 443, F(SL_SIM_API_KEY)));
}

void loop() {
  // Keeps the connection up (reconnects with backoff) and delivers inbound
  // messages to `events`. Never waits for the network.
  client.loop();

  // Once connected: post the gauge and the form.
  if (client.connected() && !events.announced) {
    sendGauge();
    sendForm();
    events.announced = true;
    CONSOLE.println(F("gauge and form sent"));
  }

  // After a form submission: say what the lamp does now, and update the gauge.
  if (events.changed) {
    events.changed = false;
    sendState();
    sendGauge();
  }
}
