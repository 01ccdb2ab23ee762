// Provisioning: a device that gets its own API key by being claimed in the
// semilimes app, keeps it in EEPROM, renews it before it expires, and then
// talks to its owner. No shared API key is ever built into the firmware.
//
// What happens:
//   First boot (EEPROM empty)
//     1. the device registers with its id and provisioning key (both set by
//        the maker; the provisioning key stays secret);
//     2. it prints its claim QR on the console (open the Serial Monitor);
//     3. the owner scans it with the semilimes app, which claims the device;
//     4. the device gets its API key, stores it in EEPROM, checks it with
//        the cloud (and renews it if it expires within 5 days), and goes
//        online: it sends its owner "lamp-0001 online" and then a reading
//        every READING_INTERVAL_MS.
//   Next boots: the key comes from EEPROM; no QR, no claim.
//   The owner sends the text "reset": the device releases itself on the
//   cloud, forgets its key and starts again at step 1 (a new QR).
//   The key stops working (revoked in the app, expired): the device notices
//   (its WebSocket is refused, or the daily check gets a 401) and starts
//   again at step 1; readings queued meanwhile are sent afterwards.
//
// All of this runs inside loop() without blocking (sl::Provisioner is a
// state machine): the sketch stays responsive while it waits for the claim.
// A power cut at any moment leaves a working key in EEPROM (sl::KeyStore
// keeps two copies, each with a sequence number and a CRC).
//
// Boards (figures from the simulator; they move a little as the library
// changes): Mega 2560 31,694 B flash as built by the Arduino IDE, within
// the SDK's 32 KB budget for the Mega (1,074 B to spare); 29,832 B with the
// compact JSON parser (SL_JSON_PARSER_SMALL=1, an option for the whole build
// that a #define in the sketch cannot set: PlatformIO's build_flags, see
// config/Config.h; the Mega's default is the fast parser). About 1.9 KB peak
// RAM (1,658 B static). Cortex-M3 32,144 B / 6.3 KB, within budget. The claim QR
// is drawn with a fixed mask (setQrSinkFixedMask(): 1,040 B less flash on
// the Mega than setQrSink(), which scores the 8 masks; see Provisioner.h).
// Not the Uno: the provisioning flow, the QR code, the WebSocket client and
// the modem driver link there now, but only just (32,238 of its 32,256 B
// of flash, 29 Nov 2026), and their variables take 1,855 of its 2,048 B of
// RAM, which leaves less than the ~225 B of stack the flow needs (measured
// on the Mega). The build stops with an #error below;
// firmware/examples/ProvisioningUno does the claim with REST messages and
// no WebSocket client, and fits.
// sl-example-boards: mega cortex-m3 lx106 (not uno: not enough RAM)
//
// Wiring (Mega): ESP-AT Wi-Fi modem on Serial1's pins (18 TX1 / 19 RX1) at
// 115200 baud, already joined to your Wi-Fi (WifiSetup); console on the USB serial port
// (Serial's) at 57600 baud.
//
// Try it without hardware: `npm run demo -- --board mega` runs it on a
// simulated Mega with a simulated cloud and plays the owner scanning the QR.
// (On an Uno, which this sketch does not fit, see ProvisioningUno: the same
// flow over REST, and what plain `npm run demo` runs.)
#if defined(__AVR_ATmega328P__)
#error "Provisioning: not enough RAM on the Uno (2 KB; the variables take 1.9 KB and the flow needs about 225 bytes of stack). Use a Mega, or the ProvisioningUno example."
#endif
#include <Semilimes.h>
#include <generated/data/Text.h>
#include <io/ArduinoByteStream.h>
#include <provisioning/EepromNvStorage.h>
#include <provisioning/KeyStore.h>
#include <provisioning/Provisioner.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
// Set by the device maker, one pair per device (printed nowhere).
const char DEVICE_ID[] = "lamp-0001";
const char PROVISIONING_KEY[] = "pk-lamp-0001-secret";
const char HOST[] = "api.semilimes.net";
// Who gets the device's messages: the owner's account id (from the app).
// The device becomes the owner's contact when it is claimed.
#ifndef OWNER_ID
#define OWNER_ID "0b7f3f4e-5c1a-4d2b-9e8f-6a5b4c3d2e1f"
#endif
#ifndef READING_INTERVAL_MS
#define READING_INTERVAL_MS 60000UL  // one reading a minute
#endif
#ifndef KEY_CHECK_INTERVAL_MS
#define KEY_CHECK_INTERVAL_MS 86400000UL  // ask the cloud about the key once a day
#endif
#ifndef KEY_RETRY_INTERVAL_MS
#define KEY_RETRY_INTERVAL_MS 600000UL  // after a failed check (no answer, a 5xx): 10 minutes
#endif

// ---- Serial ports --------------------------------------------------------
#if defined(__AVR_ATmega2560__)
// The Mega: the SDK's small drivers of its serial ports instead of Arduino's
// Serial and Serial1 (1.2 KB of flash and 270 B of RAM less).
#include <io/AvrUart1.h>
#include <io/AvrUartConsole.h>
sl::AvrUartConsole<0> console;  // messages and the QR for you: USART0, the USB port (Serial Monitor)
sl::AvrUart1 modemLine;         // the ESP-AT modem on USART1 (Serial1's pins): this board's network
#define CONSOLE console
#define MODEM modemLine
#elif defined(HAVE_HWSERIAL1)
#define CONSOLE Serial  // messages and the QR for you (Serial Monitor)
#define MODEM Serial1   // the ESP-AT modem: this board's network
sl::ArduinoByteStream modemLine(MODEM);
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);  // one-UART boards: console on pin 3
#define CONSOLE console
#define MODEM Serial
sl::ArduinoByteStream modemLine(MODEM);
#endif

// ---- Network, key store, provisioner, client -------------------------------
sl::EspAtTransport net(modemLine);  // one connection at a time: the provisioner
                                    // and the client take turns
sl::EepromNvStorage storage;  // AVR: the chip's EEPROM; ESP8266: 512 emulated bytes
sl::KeyStore keys(storage);   // the key at EEPROM address 0 (kRegionSize = 256 bytes)

uint32_t clockMs() { return millis(); }
sl::Provisioner provisioner(net, keys, &clockMs);

sl::Client client;
char senderId[40], chatId[40], text[16];

// The console as a sl::Sink: the provisioner draws the claim QR on it.
struct ConsoleSink : sl::Sink {
  size_t write(const uint8_t* data, size_t len) override { return CONSOLE.write(data, len); }
  using sl::Sink::write;
};
ConsoleSink consoleSink;

bool clientRunning = false;  // the client has the network (else the provisioner)
bool resetWanted = false;    // the owner asked for a reset
bool keyRefused = false;     // the client's connection was refused
bool greeted = false;
uint32_t readingNumber = 1;
uint32_t lastReading = 0;
uint32_t lastKeyCheck = 0;

// What the client tells us.
struct Events : sl::ClientEvents {  // (called directly: no vtable in RAM)
  void onConnected() { CONSOLE.println(F("connected")); }
  void onDisconnected(sl::ClientError why) {
    CONSOLE.print(F("connection lost: "));
    CONSOLE.println(why.name());
    // The upgrade refused (a 401 for a revoked key looks like this): let the
    // provisioner ask the cloud about the key.
    if (client.lastWsError() == sl::WsError::HandshakeFailed) keyRefused = true;
  }
  void onMessage(const sl::InboundMessage& m) {
    CONSOLE.print(F("message: "));
    CONSOLE.println(m.text);
    if (!strcmp(m.text, "reset")) resetWanted = true;
  }
};
Events events;

// Prints what the provisioner is doing, once per change.
void showProgress(uint8_t state) {
  static uint8_t shown = 0xFF;
  static uint8_t shownError = 0;
  uint8_t error = provisioner.lastError().code();
  if (state == shown && error == shownError) return;
  if (error && error != shownError) {
    CONSOLE.print(F("  (retrying: "));
    CONSOLE.print(provisioner.lastError().name());
    CONSOLE.println(')');
  }
  shownError = error;
  if (state == shown) return;
  shown = state;
  switch (state) {
    case sl::Provisioner::Register: CONSOLE.println(F("registering with the cloud")); break;
    case sl::Provisioner::Poll: CONSOLE.println(F("scan the QR with the semilimes app to claim this device")); break;
    case sl::Provisioner::Validate: CONSOLE.println(F("checking the key")); break;
    case sl::Provisioner::Create: CONSOLE.println(F("the key expires soon: getting a new one")); break;
    case sl::Provisioner::DeleteOld: CONSOLE.println(F("deleting the old key")); break;
    case sl::Provisioner::Online: {
      CONSOLE.print(F("online with key #"));
      char id[sl::kDecimalTextSize];  // (a 64-bit number: Print has no overload for it)
      CONSOLE.println(sl::decimalText(id, provisioner.keyMeta().id));
      break;
    }
    default: break;
  }
}

// Hands the network back to the provisioner (to check the key or reset).
void stopClient() {
  client.end();  // queued messages stay in the client's outbox
  clientRunning = false;
}

uint32_t longestLoopMs = 0;  // the longest loop() so far: the sketch never waits

// Sends `words` to the owner, or queues them while the connection is down.
// False when the client could not take them (e.g. its outbox is full).
bool sendText(const char* words) {
  CONSOLE.print(F("sending: "));
  CONSOLE.print(words);
  CONSOLE.print(F(" (longest loop so far "));
  {
    // (sl::decimalText(), linked anyway: no Print number code; in a block,
    // so that the message below can use the same stack)
    char ms[sl::kDecimalTextSize];
    CONSOLE.print(sl::decimalText(ms, longestLoopMs));
  }
  CONSOLE.println(F(" ms)"));
  sl::data::Text message(words);
  sl::ClientError e = client.sendToContact(OWNER_ID, message);
  if (e) {
    CONSOLE.print(F("not sent: "));
    CONSOLE.println(e.name());
  }
  return !e;
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  net.useTls(true);  // port 443: the modem does the TLS
  client.setInboundBuffers(senderId, sizeof senderId, chatId, sizeof chatId, text, sizeof text);
  client.setHandler(events);
  client.random().seed(micros());
  // The claim QR on the console, its mask fixed (no mask scoring in flash);
  // setQrSink() scores the 8 masks, setClaimHook() draws it yourself (a display).
  provisioner.setQrSinkFixedMask(consoleSink);
  if (provisioner.begin(HOST, 443, DEVICE_ID, PROVISIONING_KEY)) CONSOLE.println(F("bad settings"));
  CONSOLE.print(F("device "));
  CONSOLE.println(DEVICE_ID);
}

// One pass of the sketch (loop() below times it).
void step() {
  if (!clientRunning) {
    // Provisioning, checking or renewing the key: one small step per loop().
    uint8_t state = provisioner.loop();
    showProgress(state);
    if (state == sl::Provisioner::Online) {
      // The client uses the provisioner's key buffer, which always holds the working key.
      if (client.begin(net, HOST, 443, provisioner.apiKey())) CONSOLE.println(F("client: bad arguments"));
      clientRunning = true;
      lastKeyCheck = millis();
    }
    return;
  }

  client.loop();
  if (client.connected() && !greeted) {
    greeted = true;
    char words[32];  // DEVICE_ID " online", the words from flash
    static_assert(sizeof DEVICE_ID - 1 + sizeof " online" <= sizeof words, "the greeting fits");
    memcpy(words, DEVICE_ID, sizeof DEVICE_ID - 1);
    memcpy_P(words + sizeof DEVICE_ID - 1, PSTR(" online"), sizeof " online");
    sendText(words);
    lastReading = millis();
  }
  if (greeted && millis() - lastReading >= READING_INTERVAL_MS) {
    // A reading: sent now, or queued in the outbox while the connection is
    // down; one the client could not take is tried again next time.
    lastReading = millis();
    char words[24];  // "reading " (from flash) and up to 10 digits (32 bits)
    memcpy_P(words, PSTR("reading "), 8);
    sl::decimalText(words + 8, readingNumber);
    if (sendText(words)) ++readingNumber;
  }
  if (resetWanted) {
    resetWanted = false;
    CONSOLE.println(F("reset: releasing the device"));
    stopClient();
    greeted = false;
    provisioner.resetDevice();  // POST /resetDevice, forget the key, new QR
    return;
  }
  // The key keeps working while the cloud cannot be asked about it (the
  // provisioner only gives it up on a 401); a failed check is retried sooner.
  // (BadTime only means "no expiry known, so no renewal": not a failure.)
  sl::ProvisionerError last = provisioner.lastError();
  uint32_t checkEvery = last && last != sl::ProvisionerError::BadTime ? KEY_RETRY_INTERVAL_MS : KEY_CHECK_INTERVAL_MS;
  if (keyRefused || millis() - lastKeyCheck >= checkEvery) {
    keyRefused = false;
    stopClient();
    provisioner.checkKey();  // validate (renew when due); a 401 -> provisioning
  }
}

void loop() {
  uint32_t start = millis();
  step();
  if (millis() - start > longestLoopMs) longestLoopMs = millis() - start;
}
