// FileUpload: uploads a CSV file of sensor readings to semilimes and posts
// it in a channel.
//
// What it does:
//   1. takes 16 readings of two analog inputs (A0 and A1, in millivolts);
//   2. uploads them as "readings.csv" with POST /service/file/upload, a
//      multipart/form-data request, over HTTPS through an ESP-AT Wi-Fi modem.
//      The file is never held in RAM: writeCsv() below writes it straight
//      into the connection (and once before, to count its length);
//   3. reads the cloud's answer (the new file's id) as it streams in;
//   4. joins the cloud over the WebSocket and posts a "file" message with
//      that id to your channel, so the app shows the file.
// No heap is used.
//
// RAM: the upload's objects and the WebSocket client take turns in one
// union (see "Turns" below): the readings and the request, then what reads
// the answer, then the client, each built when its turn comes.
//
// Boards (figures from the simulator; they move a little as the library
// changes): Arduino Mega 2560, about 25.5 KB flash and 1.2 KB peak RAM,
// within the SDK's Mega budget (32 KB / 4 KB). Arduino Uno: about 22.0 KB
// of its 31.5 KB of flash, over the SDK's Uno flash budget (10 KB), and
// about 858 B peak RAM, within its Uno RAM budget (1 KB; the chip has
// 2 KB).
// sl-example-boards: mega uno
//
// Wiring (Mega): the modem on Serial1 (pins 18/19) at 115200 baud, already
// joined to your Wi-Fi (WifiSetup); the console on Serial (USB) at 57600 baud; the
// sensors on A0 and A1 (0-5 V). Uno: the modem on pins 0/1 (Serial), the
// console transmitting on pin 3 (57600 baud).
#include <Semilimes.h>
#include <generated/api/UploadFile.h>
#include <generated/data/File.h>
#include <generated/decode/UploadFileResponseDecoder.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

// ---- Your settings -------------------------------------------------------
#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "paste-your-api-key-here"  // your semilimes API key
#endif
#ifndef FILE_CHANNEL_ID
#define FILE_CHANNEL_ID "7c9e6679-7425-40de-944b-e07fc1f90ae7"  // your channel's id
#endif
// Kept in flash (SL_PROGMEM): on an AVR a plain string literal is also
// copied into RAM.
const char API_KEY[] SL_PROGMEM = SL_SIM_API_KEY;
const char CHANNEL_ID[] SL_PROGMEM = FILE_CHANNEL_ID;
const char HOST[] SL_PROGMEM = "api.semilimes.net";
const char FILE_NAME[] SL_PROGMEM = "readings.csv";
const char FILE_TYPE[] SL_PROGMEM = "text/csv";

// ---- Serial ports --------------------------------------------------------
#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial  // messages for you (Serial Monitor)
#define MODEM Serial1   // the ESP-AT modem: this board's network
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
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

// ---- The CSV file ------------------------------------------------------------
const uint8_t SAMPLES = 16;

uint16_t millivolts(uint8_t pin) { return static_cast<uint16_t>(analogRead(pin) * 5000L / 1023); }

// Writes a number in decimal (no printf: it would cost flash).
bool writeNumber(sl::Sink& out, uint16_t v) {
  char digits[6];
  uint8_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  bool ok = true;
  while (n) ok = ok && out.write(static_cast<uint8_t>(digits[--n])) == 1;
  return ok;
}

// ---- The upload's objects and the client take turns in one block of RAM ------
char fileId[40];  // the uploaded file's id, from the cloud's answer

// Picks data.uploadedFiles[0].fileId out of the answer as it streams by.
struct UploadReply : sl::api::UploadFileResponseHandler {
  void onField(sl::api::UploadFileField f, const sl::JsonValueCapture& v, uint16_t index) override {
    if (f == sl::api::UploadFileField::UploadedFilesFileId && index == 0 && !v.truncated()) {
      strncpy(fileId, v.text(), sizeof fileId - 1);
    }
  }
};

// 1. The readings and the request (setup(), until the request is written).
struct Request {
  uint16_t a0mV[SAMPLES], a1mV[SAMPLES];
  sl::Random rng;  // the multipart boundary
  // The transport takes the host in RAM, the request the part's name and
  // type: copies, here only (copyFromFlash()).
  char host[sizeof HOST];
  char name[sizeof FILE_NAME];
  char type[sizeof FILE_TYPE];
  sl::api::FilePart csv;
  sl::api::UploadFile upload;
};
// 2. What reads the answer (readReply()): HTTP status and headers, then the
//    JSON body into the decoder. One header line at a time: a longer value
//    is cut (and ignored), a name must fit.
struct Reply {
  Reply() : http(line, sizeof line), decoder(fields), json(decoder) {}
  char line[48];
  sl::HttpResponseParser http;
  UploadReply fields;
  sl::api::UploadFileResponseDecoder decoder;
  sl::JsonParser json;
};
// 3. The semilimes WebSocket client, built once the upload is done. It posts
//    once, when connected, so a BasicClient: no outbox for messages sent
//    while offline (sl::Client keeps them in 256 B of RAM and sends them
//    after a reconnect).
// The three never live at the same time: one union holds them, as large as
// the largest (the client: 310 bytes on the Uno, instead of about 740 for
// all three; the Uno's budget is 1 KB). Each is built in place when its turn
// comes (sl::buildInPlace(), memory/InPlace.h) and replaces the one before
// it (no destructor to run: they hold nothing to give back).
struct Turns {
  Turns() {}
  union {
    Request request;
    Reply reply;
    sl::BasicClient client;
  };
} ram;
sl::BasicClient& client = ram.client;

// The file: "sample,a0_mV,a1_mV" and one line per reading. The upload calls
// this twice (to count, then to send): it must write the same bytes each time.
bool writeCsv(sl::Sink& out, void*) {
  const Request& r = ram.request;
  sl::FlashString header = SL_F("sample,a0_mV,a1_mV\n");
  bool ok = true;
  for (size_t i = 0; ok && header.at(i); ++i) ok = out.write(static_cast<uint8_t>(header.at(i))) == 1;
  for (uint8_t i = 0; ok && i < SAMPLES; ++i) {
    ok = writeNumber(out, i) && out.write(static_cast<uint8_t>(',')) == 1 && writeNumber(out, r.a0mV[i]) &&
         out.write(static_cast<uint8_t>(',')) == 1 && writeNumber(out, r.a1mV[i]) && out.write(static_cast<uint8_t>('\n')) == 1;
  }
  return ok;
}

// ---- The upload --------------------------------------------------------------

// Copies the flash string `from` into `to` (which holds it whole).
void copyFromFlash(char* to, const char* from) {
  sl::FlashString text(from);
  for (size_t i = 0; (to[i] = text.at(i)) != 0; ++i) {
  }
}

// Sends the upload request; false (connection closed) when it could not.
// Out of line, as is readReply(): the two are never on the stack at once.
SL_NOINLINE bool sendUpload() {
  Request& r = ram.request;
  copyFromFlash(r.host, HOST);
  net.useTls(true);  // port 443: the modem does the TLS
  if (!net.connect(r.host, 443)) {
    CONSOLE.print(F("connect failed: "));
    CONSOLE.println(net.lastError().name());
    return false;
  }
  copyFromFlash(r.name, FILE_NAME);
  copyFromFlash(r.type, FILE_TYPE);
  r.csv = {r.name, &writeCsv, 0, r.type};
  r.upload.setHttpFiles(&r.csv, 1);
  r.upload.setBoundary(r.rng);  // a random multipart boundary
  sl::ComponentError e = r.upload.writeHttp(net, r.host, sl::FlashString(API_KEY));
  if (!e.ok()) {
    CONSOLE.print(F("upload not written: "));
    CONSOLE.println(sl::componentErrorCodeName(e.code));
    net.stop();
    return false;
  }
  return true;
}

// Reads the answer into the decoder (the readings are gone: the reply's
// objects take their place); returns the HTTP status (0: none).
SL_NOINLINE uint16_t readReply() {
  Reply& r = sl::buildInPlace(ram.reply);
  uint16_t status = 0;
  bool done = false;
  uint32_t started = millis();
  while (!done && millis() - started < 30000UL) {
    uint8_t buffer[16];  // the transport hands the answer over 16 bytes at a time
    size_t n = net.read(buffer, sizeof buffer);
    if (n == 0) {
      if (!net.connected()) break;
      continue;
    }
    const uint8_t* p = buffer;
    for (bool more = true; more && !done;) {
      switch (r.http.next(p, n)) {
        case sl::HttpResponseParser::Status: status = r.http.status(); break;
        case sl::HttpResponseParser::Body: r.json.feed(r.http.body(), r.http.bodyLength()); break;
        case sl::HttpResponseParser::MessageComplete: done = true; break;
        case sl::HttpResponseParser::Error: done = true; break;
        case sl::HttpResponseParser::NeedMore: more = false; break;
        default: break;  // a header
      }
    }
  }
  return status;
}

// Uploads readings.csv; true when the cloud answered 200 with a file id.
bool upload() {
  if (!sendUpload()) return false;
  uint16_t status = readReply();
  net.stop();
  CONSOLE.print(F("upload: HTTP "));
  CONSOLE.print(status);
  CONSOLE.print(F(", file "));
  CONSOLE.println(fileId);
  return status == 200 && fileId[0];
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("FileUpload starting"));
  Request& r = sl::buildInPlace(ram.request);
  for (uint8_t i = 0; i < SAMPLES; ++i) {
    r.a0mV[i] = millivolts(A0);
    r.a1mV[i] = millivolts(A1);
    delay(10);
  }
  uint32_t seed = micros();
  r.rng.seed(seed);
  bool uploaded = upload();
  sl::buildInPlace(ram.client);  // the client's turn (whether or not the upload worked)
  if (!uploaded) {
    CONSOLE.println(F("upload failed"));
    return;
  }
  client.random().seed(seed ^ micros());  // requestIds and WebSocket masks
  // Host and key in flash: the client copies the host for each connect.
  sl::ClientError e = client.begin(net, sl::FlashString(HOST), 443, sl::FlashString(API_KEY));
  if (e) {
    CONSOLE.print(F("begin failed: "));
    CONSOLE.println(e.name());
  }
}

bool posted = false;

// Posts the file message. Out of line: its component's bytes are on the
// stack only here, not under every connect that loop() makes.
SL_NOINLINE void post() {
  posted = true;
  const char* ids[] = {fileId};
  sl::data::File file;
  file.setFileIds(ids);
  sl::ClientError e = client.sendToChannel(sl::FlashString(CHANNEL_ID), file);
  CONSOLE.print(F("file posted: "));
  CONSOLE.println(e.name());
}

void loop() {
  client.loop();  // connects, reconnects, reads; never blocks on the network
  if (client.connected() && fileId[0] && !posted) post();
}
