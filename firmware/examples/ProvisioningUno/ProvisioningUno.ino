// ProvisioningUno: the claim-QR provisioning of firmware/examples/Provisioning,
// small enough for an Arduino Uno (ATmega328P: 32 KB flash, 2 KB RAM). The
// device gets its own API key by being claimed in the semilimes app, keeps
// it in EEPROM and greets its owner, over plain HTTPS requests (REST): no
// WebSocket client, which would not fit beside the QR code and the
// provisioner on the Uno.
//
// What happens:
//   First boot (EEPROM empty)
//     1. the device registers with its id and provisioning key (both set by
//        the maker; the provisioning key stays secret);
//     2. it prints its claim QR on the console (open the Serial Monitor);
//     3. the owner scans it with the semilimes app, which claims the device;
//     4. the device gets its API key, stores it in EEPROM (sl::KeyStore: two
//        copies with a CRC, so a power cut never loses it), checks it with
//        the cloud, and goes online: it sends its owner (OWNER_ID) the text
//        "uno online" as a private (p2p) message.
//   Next boots: the key comes from EEPROM; no QR, no claim; "uno online"
//   again.
//   Built with RESET_AFTER_SEND=1: after the message the device releases
//   itself on the cloud (POST /resetDevice), forgets its key and starts
//   again at step 1 (a new QR, a new key).
//
// loop() never blocks on the network: sl::Provisioner is a state machine,
// the message's connection is opened a step per loop() (connectStep()) and
// its reply is read a piece per loop(). The two take turns on the modem's
// one link: the provisioner waits while the message's exchange runs. The
// sketch measures its longest loop() in milliseconds and prints it when it
// grows.
//
// Console lines: "state <sl::Provisioner::State> <sl::ProvisionerError code,
// 0 = Ok>", "online, key id <id>", "message sent: <HTTP status>",
// "longest loop so far <ms> ms".
//
// Boards (figures from the simulator; they move a little as the library
// changes): Uno 21.4 KB of its 31.5 KB of flash and about 870 B peak RAM
// (717 static, of which the modem UART's receive ring takes 64, the
// provisioner 411 and the ESP-AT transport 127, + about 153 stack): within
// the SDK's Uno RAM budget of 1 KB, over its 10 KB flash budget (the chip
// has room); it also runs on the Mega (about 25.5 KB, 1.2 KB: within the Mega's
// budgets). For renewing keys, the owner's "reset" text and readings, see
// firmware/examples/Provisioning (Mega and larger boards).
// sl-example-boards: uno mega
//
// Wiring (Uno): an ESP-01 (or another ESP-AT Wi-Fi modem) on pins 0/1 (the
// Uno's one UART: its TX to pin 0, its RX to pin 1 through a 5 V -> 3.3 V
// level shifter, 3.3 V supply), 115200 baud, already joined to your Wi-Fi (WifiSetup);
// the console is a transmit-only serial line on pin 3 at 57600 baud (a USB
// serial adapter's RX on pin 3). Unplug the ESP-01 from pins 0/1 while
// uploading the sketch.
// Wiring (Mega): the modem on Serial1 (pins 18/19), the console on Serial
// (USB) at 57600 baud.
//
// Try it without hardware: `npm run demo` runs it on a simulated Uno with a
// simulated cloud and plays the owner scanning the QR.
#include <Semilimes.h>
#include <http/HttpRequestWriter.h>
#include <io/ArduinoByteStream.h>
#include <io/PinConsole.h>
#include <provisioning/EepromNvStorage.h>
#include <provisioning/KeyStore.h>
#include <provisioning/Provisioner.h>
#include <transport/EspAtTransport.h>

#ifndef OWNER_ID
#define OWNER_ID "0b7f3f4e-5c1a-4d2b-9e8f-6a5b4c3d2e1f"  // your account id: who gets "uno online"
#endif
#ifndef RESET_AFTER_SEND
#define RESET_AFTER_SEND 0  // 1: release the device after the message (tests the whole flow again)
#endif
// The device's id and provisioning key, as the maker registered them (see setup()).

const char HOST[] = "api.semilimes.net";

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial  // the Mega: console on the USB serial port
#define MODEM Serial1
sl::ArduinoByteStream modemLine(MODEM);
#else
sl::PinConsole console(3);  // the Uno: transmit-only console; the UART is the modem's
#define CONSOLE console
// The modem's UART through sl::AvrUart0 instead of Serial (smaller; the
// sketch then must not use Serial).
#include <io/AvrUart0.h>
sl::AvrUart0 modemLine;
#define MODEM modemLine
#endif

sl::EspAtTransport net(modemLine);
sl::EepromNvStorage storage;
sl::KeyStore keys(storage);

uint32_t clockMs() { return millis(); }
sl::Provisioner prov(net, keys, &clockMs);

struct ConsoleSink : sl::Sink {
  size_t write(const uint8_t* data, size_t len) override { return CONSOLE.write(data, len); }
  using sl::Sink::write;
};
ConsoleSink consoleSink;

// The message body, fixed, from flash.
const char kBody[] PROGMEM =
    "{\"recipientId\":\"" OWNER_ID "\",\"dataComponent\":{\"dataComponentType\":\"text\",\"text\":\"uno online\"}}";

// Its Content-Length, as text in flash (computed at compile time).
const size_t kBodyLen = sizeof kBody - 1;
static_assert(kBodyLen >= 100 && kBodyLen <= 999, "kBodyLenText has three digits");
const char kBodyLenText[] PROGMEM = {static_cast<char>('0' + kBodyLen / 100), static_cast<char>('0' + kBodyLen / 10 % 10),
                                     static_cast<char>('0' + kBodyLen % 10), 0};

bool writeBody(sl::Sink& out) {
  for (size_t i = 0; i < sizeof kBody - 1; ++i) {
    if (out.write(static_cast<uint8_t>(pgm_read_byte(kBody + i))) != 1) return false;
  }
  return true;
}

// (The two states of a running exchange last: `send >= Connecting`.)
enum Send : uint8_t { NotSent, Sent, Connecting, Reading };
Send send = NotSent;
uint16_t status = 0;
uint8_t spaces = 0;
uint32_t sendStart = 0;

// Writes the POST on the connected transport; false when that failed.
// Not inlined (nor is readReply()): each one's locals (request writer, read
// buffer) are on the stack only while it runs, never both at once.
__attribute__((noinline)) bool writeRequest() {
  sl::HttpRequestWriter req(net);
  req.begin(SL_F("POST"), SL_F("/communication/p2p/message/send"))
      .host(HOST)
      .bearer(prov.apiKey())
      .connectionClose()
      .contentType(SL_F("application/json"))
      .headerP(SL_PSTR("Content-Length"), kBodyLenText, true);
  // The body straight into the transport: its length is known, so no
  // end(BodyFn) (a counting pass and sinks on the stack).
  return req.end() == sl::HttpError::Ok && writeBody(net);
}

// Reads a piece of the reply: "HTTP/1.1 200 ...", the status is the digits
// after the first space. True while more may come.
__attribute__((noinline)) bool readReply() {
  uint8_t buf[16];
  size_t n = net.read(buf, sizeof buf);
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = buf[i];
    if (spaces < 2 && c == ' ') ++spaces;
    else if (spaces == 1 && c >= '0' && c <= '9') status = static_cast<uint16_t>(status * 10 + (c - '0'));
  }
  return n || (net.connected() && millis() - sendStart < 15000);
}

// One step of the POST: a step of its connect (connectStep(): one look at
// the modem per loop(), never a wait for AT+CIPSTART), then the request,
// then a piece of its reply per loop().
void sendStep() {
  if (send == NotSent) {
    if (sendStart && millis() - sendStart < 5000) return;
    send = Connecting;
  }
  if (send == Connecting) {
    sl::Transport::Progress p = net.connectStep(HOST, 443);
    if (p == sl::Transport::Pending) return;
    if (p == sl::Transport::Failed || !writeRequest()) {
      net.stop();
      send = NotSent;  // tried again next loop
      return;
    }
    status = 0;
    spaces = 0;
    send = Reading;
    sendStart = millis();
    return;
  }
  if (readReply()) return;
  net.stop();
  if (status / 100 != 2) {
    CONSOLE.print(F("message not sent: "));
    CONSOLE.println(status);
    send = NotSent;  // again in 5 s
    sendStart = millis();
    return;
  }
  send = Sent;
  CONSOLE.print(F("message sent: "));
  CONSOLE.println(status);
#if RESET_AFTER_SEND
  CONSOLE.println(F("resetting"));
  prov.resetDevice();
#endif
}

uint8_t lastState = 0xFF;
uint8_t lastError = 0xFF;
uint16_t lastLoop = 0;  // low 16 bits of millis(): loops are far shorter than 65 s
uint16_t longest = 0;

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  prov.setQrSink(consoleSink);
  // The id and provisioning key from flash (F()): 28 B of RAM less.
  if (prov.begin(HOST, 443, F("uno-0001"), F("pk-uno-0001-secret"))) CONSOLE.println(F("bad arguments"));
  lastLoop = millis();
}

void loop() {
  // The message and the provisioner share the modem's one link: while the
  // message's exchange runs (its connect, its reply), the provisioner is not
  // run, so its periodic key check cannot take the link from under it; the
  // check runs once the message is done.
  uint8_t s = send >= Connecting ? prov.state() : prov.loop();
  if (s != lastState || prov.lastError().code() != lastError) {
    lastState = s;
    lastError = prov.lastError().code();
    CONSOLE.print(F("state "));
    CONSOLE.print(s);
    CONSOLE.print(' ');
    CONSOLE.println(lastError);  // sl::ProvisionerError::Code (0 = Ok)
    if (s == sl::Provisioner::Online) {
      CONSOLE.print(F("online, key id "));
      char id[sl::kDecimalTextSize];  // (a 64-bit number: Print has no overload for it)
      CONSOLE.println(sl::decimalText(id, prov.keyMeta().id));
    }
    if (s == sl::Provisioner::Register) send = NotSent;  // provisioning again: a new key to announce
  }
  if (s == sl::Provisioner::Online && send != Sent) sendStep();
  uint16_t took = static_cast<uint16_t>(millis() - lastLoop);
  if (took > longest) {
    longest = took;
    CONSOLE.print(F("longest loop so far "));
    CONSOLE.print(longest);
    CONSOLE.println(F(" ms"));
  }
  lastLoop = millis();
}
