// Test sketch for `npm run sim`: the whole claim-QR provisioning flow of
// issue 6 on an Arduino Uno (ATmega328P, 32 KB flash, 2 KB RAM) with an
// ESP-AT modem on its one UART, over REST only (no WebSocket client: it does
// not fit beside the provisioner):
//   first boot (EEPROM erased): registerDevice, the claim QR printed on the
//   console (pin 3, sl::PinConsole), deviceClaimStatus polled until the app
//   has claimed the device, the key stored in EEPROM (sl::KeyStore), checked
//   (~validate), then one text message POSTed to the owner's p2p chat;
//   next boots: the key from EEPROM, no QR;
//   built with RESET_AFTER_SEND=1: after the message, POST /resetDevice and
//   the flow starts again (a new QR, a new key, the message again).
// loop() never blocks on the network: the provisioner is a state machine and
// the message's reply is read a piece per loop. The sketch measures its
// longest loop() in milliseconds and prints it when it grows.
//
// Console lines (for the tests): "state <Provisioner::State> <ProvisionerError
// code>", "online, key id <id>", "message sent: <HTTP status>",
// "longest loop so far <ms> ms".
#include <Semilimes.h>
#include <http/HttpRequestWriter.h>
#include <io/ArduinoByteStream.h>
#include <io/PinConsole.h>
#include <provisioning/EepromNvStorage.h>
#include <provisioning/KeyStore.h>
#include <provisioning/Provisioner.h>
#include <transport/EspAtTransport.h>

#ifndef OWNER_ID
#define OWNER_ID "0b7f3f4e-5c1a-4d2b-9e8f-6a5b4c3d2e1f"
#endif
#ifndef RESET_AFTER_SEND
#define RESET_AFTER_SEND 0
#endif

const char HOST[] = "api.semilimes.net";

sl::PinConsole console(3);  // transmit-only console; the UART is the modem's
sl::ArduinoByteStream modemLine(Serial);
sl::EspAtTransport net(modemLine);
sl::EepromNvStorage storage;
sl::KeyStore keys(storage);

uint32_t clockMs() { return millis(); }
sl::Provisioner prov(net, keys, &clockMs);

struct ConsoleSink : sl::Sink {
  size_t write(const uint8_t* data, size_t len) override { return console.write(data, len); }
  using sl::Sink::write;
};
ConsoleSink consoleSink;

// The message body, fixed, from flash.
const char kBody[] PROGMEM =
    "{\"recipientId\":\"" OWNER_ID "\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"uno online\"}}";

bool writeBody(sl::Sink& out, void*) {
  for (size_t i = 0; i < sizeof kBody - 1; ++i) {
    if (out.write(static_cast<uint8_t>(pgm_read_byte(kBody + i))) != 1) return false;
  }
  return true;
}

enum Send : uint8_t { NotSent, Reading, Sent };
Send send = NotSent;
uint16_t status = 0;
uint8_t spaces = 0;
uint32_t sendStart = 0;

// Starts the POST (connect + request), or reads a piece of its reply.
void sendStep() {
  if (send == NotSent) {
    if (sendStart && millis() - sendStart < 5000) return;
    status = 0;
    spaces = 0;
    if (!net.connect(HOST, 443)) {
      net.stop();
      return;  // tried again next loop
    }
    sl::HttpRequestWriter req(net);
    req.begin(SL_F("POST"), SL_F("/communication/p2p/message/send"))
        .host(HOST)
        .bearer(prov.apiKey())
        .connectionClose()
        .contentType(SL_F("application/json"));
    if (req.end(&writeBody, 0) != sl::HttpError::Ok) {
      net.stop();
      return;
    }
    send = Reading;
    sendStart = millis();
    return;
  }
  // "HTTP/1.1 200 ...": the status is the digits after the first space.
  uint8_t buf[16];
  size_t n = net.read(buf, sizeof buf);
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = buf[i];
    if (spaces < 2 && c == ' ') ++spaces;
    else if (spaces == 1 && c >= '0' && c <= '9') status = static_cast<uint16_t>(status * 10 + (c - '0'));
  }
  if (n || (net.connected() && millis() - sendStart < 15000)) return;
  net.stop();
  if (status / 100 != 2) {
    console.print(F("message not sent: "));
    console.println(status);
    send = NotSent;  // again in 5 s
    sendStart = millis();
    return;
  }
  send = Sent;
  console.print(F("message sent: "));
  console.println(status);
#if RESET_AFTER_SEND
  console.println(F("resetting"));
  prov.resetDevice();
#endif
}

uint8_t lastState = 0xFF;
uint8_t lastError = 0xFF;
uint32_t lastLoop = 0;
uint32_t longest = 0;

void setup() {
  console.begin(57600);
  Serial.begin(115200);
  prov.setQrSink(consoleSink);
  if (prov.begin(HOST, 443, "uno-0001", "pk-uno-0001-secret")) console.println(F("bad arguments"));
  lastLoop = millis();
}

void loop() {
  uint8_t s = prov.loop();
  if (s != lastState || prov.lastError().code() != lastError) {
    lastState = s;
    lastError = prov.lastError().code();
    console.print(F("state "));
    console.print(s);
    console.print(' ');
    console.println(lastError);  // sl::ProvisionerError::Code (0 = Ok)
    if (s == sl::Provisioner::Online) {
      console.print(F("online, key id "));
      console.println(static_cast<unsigned long>(prov.keyMeta().id));
    }
    if (s == sl::Provisioner::Register) send = NotSent;  // provisioning again: a new key to announce
  }
  if (s == sl::Provisioner::Online && send != Sent) sendStep();
  uint32_t now = millis();
  if (now - lastLoop > longest) {
    longest = now - lastLoop;
    console.print(F("longest loop so far "));
    console.print(longest);
    console.println(F(" ms"));
  }
  lastLoop = millis();
}
