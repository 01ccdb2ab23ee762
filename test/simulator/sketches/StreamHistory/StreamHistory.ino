// Test sketch for issue 5 (streaming): a p2p history reply of any size goes
// through the board with the same peak RAM. test/simulator/streaming-uno.test.ts
// runs it on the Uno with ~0.7 KB and with >= 32 KB of history.
//
//   1. GET /communication/p2p (generated GetP2pChats + decoder): the first
//      chat's recipientId (the test's app person, alice);
//   2. GET /communication/p2p/message?recipientId=..&limit=.. (generated
//      GetP2pMessages): the reply body streams from the ESP-AT modem through
//      sl::HttpResponseParser and sl::JsonParser into the generated
//      GetP2pMessagesResponseDecoder, a few bytes at a time; nothing of the
//      body is kept.
//   3. prints one summary line the test recomputes from the cloud's state:
//        history status 200 success 1 messages N texts T textBytes B
//        textHash H idHash I last <messageId> body L json ok http Ok order 0
//        complete 1 us U feedUs F stack S
//      textBytes counts the decoded UTF-8 bytes of every text component
//      (escapes resolved), even past the decoder's 48-byte value capture:
//      a JsonHandler in front of the decoder hashes each string value as its
//      pieces go by, and the decoder's onField() says which field it was.
//      Hashes: per string h = 5381, h = h * 33 ^ byte (32 bits); per field
//      H = H * 33 ^ h, over the messages in order.
//      `order`: decoder list indexes out of sequence (0 expected); `complete`:
//      the whole response arrived (Content-Length reached or last chunk).
//      `us`: microseconds of step 2 (connect, request, whole reply);
//      `feedUs`: of those, the time inside JsonParser::feed() (parsing,
//      decoding and this sketch's hashing; micros() has a 4 us step).
//      `stack` (AVR only): the deepest stack of step 2 alone, measured by
//      painting the free RAM before the request and scanning it afterwards.
//
// Console / network wiring as in hello_cloud (simulator/sketch/README.md).
// Figures: bench/streaming/README.md (`npm run bench:streaming`).
#include <Semilimes.h>
#include <generated/api/GetP2pChats.h>
#include <generated/api/GetP2pMessages.h>
#include <generated/decode/GetP2pChatsResponseDecoder.h>
#include <generated/decode/GetP2pMessagesResponseDecoder.h>
#include <http/HttpResponseParser.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

#ifndef SL_SIM_API_KEY
#define SL_SIM_API_KEY "dev-key"
#endif
// Messages asked for (the cloud's default is 100).
#ifndef HISTORY_LIMIT
#define HISTORY_LIMIT 2000
#endif

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);
#define CONSOLE console
#define MODEM Serial
#endif

const char HOST[] = "api.semilimes.net";

sl::ArduinoByteStream modemLine(MODEM);
sl::EspAtTransport net(modemLine);

// What one exchange ended with.
struct Outcome {
  uint16_t status;
  bool complete;      // the whole response arrived (Content-Length or last chunk)
  uint32_t bodyBytes; // de-chunked body bytes fed to the JSON parser
  sl::HttpError http;
  sl::JsonParseError json;
};

// Time spent in JsonParser::feed (parsing + decoding + the sketch's handler).
uint32_t feedMicros = 0;

// Reads the response on `net` and feeds its body to `handler` as it comes.
Outcome receive(sl::JsonHandler& handler) {
  Outcome o;
  o.complete = false;
  o.bodyBytes = 0;
  char line[64];
  sl::HttpResponseParser http(line, sizeof line);
  sl::JsonParser json(handler);
  bool failed = false;
  uint32_t start = millis();
  while (!o.complete && !failed && net.connected() && millis() - start < 60000UL) {
    uint8_t buf[32];
    size_t len = net.read(buf, sizeof buf);
    const uint8_t* data = buf;
    for (;;) {
      sl::HttpResponseParser::Event e = http.next(data, len);
      if (e == sl::HttpResponseParser::Body) {
        o.bodyBytes += http.bodyLength();
        uint32_t t = micros();
        json.feed(http.body(), http.bodyLength());
        feedMicros += micros() - t;
      }
      if (e == sl::HttpResponseParser::MessageComplete) o.complete = true;
      if (e == sl::HttpResponseParser::Error) failed = true;  // http.error() says why
      if (o.complete || failed || e == sl::HttpResponseParser::NeedMore) break;
    }
  }
  if (!o.complete && http.finish() == sl::HttpResponseParser::MessageComplete) o.complete = true;
  net.stop();
  o.status = http.status();
  o.http = http.error();
  o.json = json.finish();
  return o;
}

// Step 1: the first p2p chat's recipient.
struct Chats : sl::api::GetP2pChatsResponseHandler {
  char recipientId[40];
  void onField(sl::api::GetP2pChatsField f, const sl::JsonValueCapture& v, uint16_t i) override {
    if (f == sl::api::GetP2pChatsField::RecipientId && i == 0 && !v.truncated() && v.length() < sizeof recipientId) {
      memcpy(recipientId, v.text(), v.length() + 1);
    }
  }
};

inline uint32_t mix(uint32_t h, uint8_t b) { return (h * 33u) ^ b; }
inline uint32_t mix32(uint32_t h, uint32_t v) { return (h * 33u) ^ v; }

// Step 2: a JsonHandler in front of the generated decoder. Every string
// value the decoder does not skip is hashed and counted while its pieces go
// by; when the decoder reports the field (on the final piece), the totals of
// that string are complete.
class History : public sl::JsonHandler, public sl::api::GetP2pMessagesResponseHandler {
 public:
  History() : decoder_(*this) { restart(); }

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    bool piece = e == sl::JsonEvent::StringPart;
    if (piece || e == sl::JsonEvent::String) {
      const uint8_t* d = p.data();
      for (size_t n = p.length(); n; --n) strHash_ = mix(strHash_, *d++);
      strLen_ += p.length();
    }
    bool go = decoder_.onJson(e, p);
    if (!piece) restart();
    return go;
  }

  void onField(sl::api::GetP2pMessagesField f, const sl::JsonValueCapture& v, uint16_t i) override {
    switch (f) {
      case sl::api::GetP2pMessagesField::Success:
        success = v.boolean();
        break;
      case sl::api::GetP2pMessagesField::MessagesMessageId:
        if (i != messages) ++orderErrors;  // the decoder's index must follow the messages
        ++messages;
        idHash = mix32(idHash, strHash_);
        if (!v.truncated() && v.length() < sizeof lastId) memcpy(lastId, v.text(), v.length() + 1);
        break;
      case sl::api::GetP2pMessagesField::MessagesComponentText:
        if (i + 1 != messages) ++orderErrors;  // messageId comes first in the cloud's messages
        ++texts;
        textBytes += strLen_;
        textHash = mix32(textHash, strHash_);
        break;
      default:
        break;
    }
  }

  sl::api::GetP2pMessagesResponseDecoder decoder_;
  bool success = false;
  uint16_t messages = 0;
  uint16_t texts = 0;
  uint16_t orderErrors = 0;
  uint32_t textBytes = 0;
  uint32_t textHash = 5381;
  uint32_t idHash = 5381;
  char lastId[40] = {0};

 private:
  void restart() {
    strHash_ = 5381;
    strLen_ = 0;
  }
  uint32_t strHash_;
  uint32_t strLen_;
};

#if defined(__AVR__)
// Free RAM between the static data and the stack, painted before step 2 and
// scanned after it: the lowest byte changed is the deepest the stack went.
extern uint8_t __heap_start;
const uint8_t kPaint = 0xA5;
__attribute__((noinline)) void paintStack() {
  uint8_t* p = &__heap_start;
  uint8_t* top = reinterpret_cast<uint8_t*>(SP) - 32;
  while (p < top) *p++ = kPaint;
}
__attribute__((noinline)) uint16_t stackUsed() {
  const uint8_t* p = &__heap_start;
  while (p <= reinterpret_cast<const uint8_t*>(RAMEND) && *p == kPaint) ++p;
  return static_cast<uint16_t>(RAMEND + 1 - reinterpret_cast<uint16_t>(p));
}
#endif

bool send(sl::ComponentError e) {
  if (e.ok()) return true;
  CONSOLE.println(F("request not written"));
  net.stop();
  return false;
}

void printOutcome(const Outcome& o) {
  CONSOLE.print(F(" body "));
  CONSOLE.print(o.bodyBytes);
  CONSOLE.print(F(" json "));
  CONSOLE.print(o.json.name());
  CONSOLE.print(F(" http "));
  CONSOLE.print(o.http.name());
}

// Step 1 in a function of its own (not inlined), so that its decoder's
// stack frame is gone before step 2 starts.
Chats chats;

__attribute__((noinline)) bool findRecipient() {
  if (!net.connect(HOST, 443)) {
    CONSOLE.print(F("connect failed: "));
    CONSOLE.println(net.lastError().name());
    return false;
  }
  sl::api::GetP2pChats request;
  if (!send(request.writeHttp(net, HOST, SL_SIM_API_KEY))) return false;
  sl::api::GetP2pChatsResponseDecoder decoder(chats);
  Outcome o = receive(decoder);
  CONSOLE.print(F("chats status "));
  CONSOLE.print(o.status);
  printOutcome(o);
  CONSOLE.print(F(" recipient "));
  CONSOLE.println(chats.recipientId);
  return chats.recipientId[0] != 0;
}

// Step 2 (not inlined either): the History handler and its decoder live in
// this frame, over the memory step 1's decoder used.
__attribute__((noinline)) void streamHistory() {
  feedMicros = 0;
  uint32_t t0 = micros();
  if (!net.connect(HOST, 443)) {
    CONSOLE.print(F("connect failed: "));
    CONSOLE.println(net.lastError().name());
    return;
  }
  sl::api::GetP2pMessages request(chats.recipientId);
  request.setLimit(HISTORY_LIMIT);
  if (!send(request.writeHttp(net, HOST, SL_SIM_API_KEY))) return;
  History history;
  Outcome o = receive(history);
  uint32_t micro = micros() - t0;
#if defined(__AVR__)
  uint16_t stack = stackUsed();
#endif

  // 3. the summary
  CONSOLE.print(F("history status "));
  CONSOLE.print(o.status);
  CONSOLE.print(F(" success "));
  CONSOLE.print(history.success ? 1 : 0);
  CONSOLE.print(F(" messages "));
  CONSOLE.print(history.messages);
  CONSOLE.print(F(" texts "));
  CONSOLE.print(history.texts);
  CONSOLE.print(F(" textBytes "));
  CONSOLE.print(history.textBytes);
  CONSOLE.print(F(" textHash "));
  CONSOLE.print(history.textHash, HEX);
  CONSOLE.print(F(" idHash "));
  CONSOLE.print(history.idHash, HEX);
  CONSOLE.print(F(" last "));
  CONSOLE.print(history.lastId[0] ? history.lastId : "-");
  printOutcome(o);
  CONSOLE.print(F(" order "));
  CONSOLE.print(history.orderErrors);
  CONSOLE.print(F(" complete "));
  CONSOLE.print(o.complete ? 1 : 0);
  CONSOLE.print(F(" us "));
  CONSOLE.print(micro);
  CONSOLE.print(F(" feedUs "));
  CONSOLE.print(feedMicros);
#if defined(__AVR__)
  CONSOLE.print(F(" stack "));
  CONSOLE.print(stack);
#endif
  CONSOLE.println();
}

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.println(F("stream history"));

  // 1. which chat
  if (!findRecipient()) return;

  // 2. its history, streamed; 3. the summary
#if defined(__AVR__)
  paintStack();
#endif
  streamHistory();
}

void loop() {}
