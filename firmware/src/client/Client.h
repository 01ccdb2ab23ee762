// sl::Client: the semilimes device client users touch. One WebSocket to
// /service/ws (Authorization: Bearer <API key>) kept up by a non-blocking
// loop(), sends of any data component to a channel, group chat or p2p chat,
// any WebSocket request with requestId correlation, inbound messages and
// form submissions as typed callbacks, and one-shot REST calls over HTTP/1.1.
// No heap; fixed RAM: sizeof(sl::Client) is about 715 bytes on AVR with the
// defaults (a 256-byte outbox, which holds one or two typical messages; 3
// response slots), 2910 on 32-bit targets and 3300 on 64-bit hosts (2 KB
// outbox, 8 slots), plus the caller's inbound buffers. The outbox may be the
// caller's instead (Client(buffer, size), with -DSL_CLIENT_OUTBOX_BYTES=0).
// sl::BasicClient, the same client without an outbox of its own, response
// slots and REST (for a sketch that sends only while connected and passes
// no ResponseFn), takes about 310 bytes on AVR (530 on 32-bit), and links
// none of their code. A sketch-like program
// (test/firmware/client/size_program.cpp, -Os -flto, figures in
// build/client-sizes.json) takes about 20 KB of flash and 1.1 KB of static
// RAM on an ATmega328P with a hand-written component (25 KB with a
// WebSocket request whose reply a generated decoder reads), 27 KB on an
// ATmega2560 with the generated Gauge/Form builders. The REST code is linked
// only when request() is called.
//
//   sl::ArduinoClientTransport net(wifiClient);   // PosixSocketTransport on a host
//   sl::Client client;
//   char sender[40], chat[40], text[64];
//   void setup() {
//     client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
//     // (optional: client.setMessageIdBuffer(...) to react or reply to what arrives)
//     client.setHandler(events);                  // a sl::ClientEvents (onFormValue, onMessage...)
//     client.random().seed(analogRead(A0));
//     if (client.begin(net, "api.semilimes.net", 443, apiKey)) Serial.println("bad arguments");
//   }                                             // (clock = millis() on Arduino)
//   void loop() {
//     client.loop();
//     if (millis() - last > 60000) {
//       last = millis();
//       sl::data::Gauge gauge; gauge.setTitle("Boiler").setValue(readTemp());
//       sl::ClientError e = client.sendToChannel(channelId, gauge, onSent, 0);   // onSent may be 0
//       if (e) Serial.println(e.name());          // OutboxFull, TooManyPending, InvalidArgument...
//     }
//   }
//
// loop() contract: it never waits for the network. Per call it does either
// the start of a connect attempt, or one WsClient::poll() (one step of the
// transport's connect, then the upgrade request; or at most
// SL_WS_POLL_READS non-blocking reads) followed by at most one queued frame
// and at most one ping; plus one non-blocking REST read step and timer
// checks. The connect is a step at a time with a transport that connects in
// steps (Transport::connectStep: EspAtTransport); other transports' connect()
// blocks for the TCP/TLS connect (ArduinoClientTransport: the Client's
// connect(), PosixSocketTransport). The handshake's time
// (SL_CLIENT_CONNECT_TIMEOUT_MS) starts once the transport is connected. Callbacks run from inside loop() and may send. Time comes from the
// Clock given to begin() (only differences are used, so it may wrap).
//
// Connection: the first attempt is made by the first loop(). After a failure
// or a drop the next attempt waits a Backoff delay: about 1 s doubling up to
// 60 s (SL_CLIENT_BACKOFF_MIN_MS / _MAX_MS), each drawn from [d/2, d] with
// random(); the delay resets after a successful handshake. A handshake not
// done in SL_CLIENT_CONNECT_TIMEOUT_MS is dropped. While open, a ping goes
// out after SL_CLIENT_PING_INTERVAL_MS without inbound traffic; no pong
// (nor any other inbound traffic) within SL_CLIENT_PONG_TIMEOUT_MS after it
// drops the connection (HeartbeatTimeout).
//
// Sending and the outbox (the delivery guarantee):
//  - Every send gets a fresh requestId (8 hex digits, counting up from a
//    random start; lastRequestId()). The envelope is
//    {requestId, requestType, version:"2", [parameters], body}, written by
//    the caller's callbacks straight into the frame (a counting pass gives
//    the frame length; no message is held in RAM while online).
//  - A message sent while the WebSocket is not open, or while older
//    messages are still queued, is serialized into the outbox
//    (SL_CLIENT_OUTBOX_BYTES, 6 bytes of header per message). If it does not
//    fit, send returns OutboxFull and nothing is kept.
//  - A message whose frame could not be written completely (the connection
//    failed mid-write) is queued too: the cloud discards an incomplete frame,
//    so it never saw it.
//  - Queued messages go out after the next handshake, oldest first, one per
//    loop(), before any newer message, each with its original requestId;
//    a message leaves the outbox only once its whole frame was written.
//  - So each message reaches the cloud AT MOST ONCE, in send order, and no
//    message is ever written twice. The one loss window: a frame written
//    completely into a connection that then turns out dead. Such a message
//    is not re-sent; if it has a ResponseFn, that gets ConnectionLost
//    ("may or may not have arrived") when the drop is noticed, Ok /
//    RequestFailed when the Response arrives, Timeout after
//    SL_CLIENT_REQUEST_TIMEOUT_MS without one. The timeout clock starts when
//    the frame is written (time spent queued does not count).
//  - The writer callbacks (ComponentFn, MembersFn, EnvelopeFn, a component's
//    writeTo) run once or twice per send (the WebSocket's counting pass and
//    writing pass, and/or the copy into the outbox), all inside the send
//    call: they must write the same bytes every time. A writer that fails
//    (or an invalid component: writeTo() validates) is reported as
//    InvalidArgument before anything is written or kept (offline with a
//    full outbox, OutboxFull may come first).
//    Their data need not outlive the call.
//  - With a ResponseFn a send takes one of SL_CLIENT_MAX_PENDING slots until
//    it completes (TooManyPending when none is free); without one it takes none.
//  - Deduplication by requestId is never needed: no frame is written twice,
//    and a replayed message keeps the requestId it got at send time (a
//    cloud that does deduplicate by requestId sees each id at most once).
//  - The outbox lives in RAM: a reset loses it.
//
// Inbound: every text message is parsed as it streams in (JsonParser with
// an InboundEventReader: fixed key tree, JsonValueCaptures), from the first
// message that begins after setHandler() was called or a send took a
// response slot (a message already arriving then is not read). Without
// either, messages are not read and neither the parser's feeding code nor
// the event reader's parsing code is linked (about 4.5 KB less on an Uno for
// a sketch that only sends). A Response is
// matched to its send by requestId (ids that are not 8 lowercase hex digits,
// or unknown ones, are ignored) and reported to the send's ResponseFn:
// success, statusCode, and for success:false (RequestFailed) the cloud's
// eventBody.error as `message` (in the caller's text buffer).
//
// Replies (send(request, reply, ...), sendRequest/sendEnvelope with a
// JsonParser): the Response's eventBody, which has the shape of the
// operation's REST body ({success, statusCode, error, data}), streams into
// the caller's JsonParser as the frames arrive, so the operation's generated
// sl::api::<Op>ResponseDecoder (or any JsonHandler) reads it exactly as it
// reads the REST reply; nothing of it is buffered (RAM does not grow with
// the reply). The parser is reset() by the client when the reply starts
// (reset a reused decoder yourself) and sees exactly the eventBody value.
// Then the ResponseFn runs: Ok, RequestFailed (the decoder saw the body
// too), DecodeFailed (success:true, but the parser or its handler failed,
// or the Response put "eventBody" before "requestId", which cannot be routed
// without buffering: the cloud and the docs put requestId first), Timeout or
// ConnectionLost (the parser may have seen part of the body). While such a
// request is pending, inbound messages are fed to the event parser one byte
// at a time up to their "eventBody" key (slower, same result). The routing
// code is linked only into programs that use these overloads (and the
// response-slot code only into programs that pass a ResponseFn or a reply).
//
// A MessageReceived goes to ClientHandler::onMessage when the event ends
// (sender, chat id, component type, text, and the message's id when
// setMessageIdBuffer() was called); each submitted form component goes to
// onFormValue as soon as it closes (refName, value).
// Strings longer than the caller's buffers (SL_CLIENT_REF_MAX,
// SL_CLIENT_FORM_VALUE_MAX for form values) are cut at a UTF-8 boundary and
// flagged truncated.
//
// REST (sl::Client; a sl::BasicClient answers Unsupported): request() writes
// one HTTP/1.1 request (Connection: close) on the transport given to
// setHttpTransport(), or else on the WebSocket's own transport: the
// WebSocket is then dropped for the call (onDisconnected(Busy), pending
// requests get ConnectionLost, new sends are queued) and reconnected right
// after. request() never waits for the connect (Transport::connectStep):
// while it goes on, request() answers InProgress; call it again with the
// same arguments after each loop() (which keeps serving the WebSocket on a
// second transport) until it answers Ok (the request is written, in that
// call) or an error (ConnectFailed...). The strings and the body's context
// need to stay valid during each call only; the handler, from the call that
// answers Ok until its onComplete(). A transport that connects in one step
// (ArduinoClientTransport, PosixSocketTransport: connect() blocks) answers Ok
// or ConnectFailed on the first call, as before. The response streams to the
// HttpResponseHandler from loop(). A connect that no request() call takes
// further for SL_CLIENT_CONNECT_TIMEOUT_MS is dropped by loop() (the
// transport stopped, the handler not called, the WebSocket reconnects on a
// shared transport); a later request() starts afresh.
//   Validate rest;                          // a sl::HttpResponseHandler
//   bool validating = true;                 // a call to make, or under way
//   void loop() {
//     client.loop();
//     if (validating) {
//       sl::ClientError e = client.request("GET", "/apikey/~validate", 0, 0, 0, rest);
//       if (e != sl::ClientError::InProgress) {
//         validating = false;               // Ok: rest's onComplete() follows, from loop()
//         if (e) Serial.println(e.name());  // ConnectFailed, Busy...
//       }
//     }
//   }
// One request at a time: while a request's connect goes on, the next
// request() call is its continuation; while the response streams, request()
// answers Busy. request() answers Busy during a WebSocket handshake, and no
// handshake starts while a request (its connect included) runs.
#ifndef SL_CLIENT_CLIENT_H
#define SL_CLIENT_CLIENT_H

#include "../generated/DataComponent.h"
#include "../http/HttpResponseParser.h"
#include "../json/JsonParser.h"
#include "../json/JsonWriter.h"
#include "../transport/Transport.h"
#include "../ws/WsClient.h"
#include "Backoff.h"
#include "ClientError.h"
#include "InboundEventReader.h"
#include "Outbox.h"

#ifdef ARDUINO
#include <Arduino.h>
#endif

// Options: SL_CLIENT_OUTBOX_BYTES, SL_CLIENT_MAX_PENDING, SL_CLIENT_MAX_INBOUND,
// SL_CLIENT_LINE_MAX, SL_CLIENT_BACKOFF_MIN_MS, SL_CLIENT_BACKOFF_MAX_MS,
// SL_CLIENT_CONNECT_TIMEOUT_MS, SL_CLIENT_PING_INTERVAL_MS, SL_CLIENT_PONG_TIMEOUT_MS,
// SL_CLIENT_REQUEST_TIMEOUT_MS (config/Config.h).

// A lone byte of an inbound message is held back and fed with the next
// piece only for the default parser, whose feed() of one byte expands an
// inline fast path; the compact one (SL_JSON_PARSER_SMALL) takes any piece.
#ifndef SL_CLIENT_HOLD_BYTE
#define SL_CLIENT_HOLD_BYTE (!SL_JSON_PARSER_SMALL)
#endif

// Out of line and never specialised for one object (see SL_WS_NOCLONE): a
// clone made for a global client (GCC's constant propagation of `this`)
// reaches every member by its absolute address, 4 bytes an access instead
// of 2 through the pointer, and one that takes a member by value (GCC's
// scalar replacement) has it loaded at every call site.
#if defined(__GNUC__) && !defined(__clang__)
#define SL_CLIENT_NOCLONE __attribute__((noinline, noclone))
#else
#define SL_CLIENT_NOCLONE SL_NOINLINE
#endif

static_assert(SL_CLIENT_MAX_PENDING >= 1 && SL_CLIENT_MAX_PENDING <= 255, "SL_CLIENT_MAX_PENDING: 1..255");

namespace sl {

// Writes the members of the envelope after requestId/requestType/version
// ("parameters" and/or "body"), into the open envelope object.
typedef bool (*MembersFn)(JsonWriter& w, void* context);
// Writes one data component as a JSON object value.
typedef bool (*ComponentFn)(JsonWriter& w, void* context);
// Writes a whole envelope object with the given requestId (generated
// request writers plug in through Client::send(const R&)).
typedef bool (*EnvelopeFn)(JsonWriter& w, const char* requestId, void* context);

// The outcome of one WebSocket request.
struct ClientResponse {
  uint32_t requestId;
  ClientError error;    // Ok, RequestFailed, Timeout, ConnectionLost, DecodeFailed
  uint16_t statusCode;  // eventBody.statusCode (0 when null or absent)
  // RequestFailed: eventBody.error, NUL-terminated, in the inbound text
  // buffer (setInboundBuffers()), cut at a UTF-8 boundary to its size
  // (messageTruncated); "" otherwise. Valid during the callback only.
  const char* message;
  bool messageTruncated;
};
typedef void (*ResponseFn)(const ClientResponse& response, void* user);

// What the client reports from loop(), through a class of yours given to
// setHandler(). Two ways to write it:
//  - derive from sl::ClientEvents (no virtual functions) and define the
//    functions you need under the same names: they are called directly,
//    with no vtable in RAM (12 bytes on AVR, plus a pointer in the object);
//        struct Events : sl::ClientEvents {
//          void onConnected() { ... }   // (no `override`: nothing is virtual)
//        } events;
//        client.setHandler(events);
//  - or derive from sl::ClientHandler and override its virtual functions
//    (when the handler is chosen at run time, through a ClientHandler&).
struct ClientEvents {
  void onConnected() {}
  void onDisconnected(ClientError) {}
  void onMessage(const InboundMessage&) {}
  void onFormValue(const InboundMessage&, const ClientFormValue&) {}
};

class ClientHandler {
 public:
  virtual void onConnected() {}
  // A connection attempt failed or an open connection dropped; `reason` says why.
  virtual void onDisconnected(ClientError reason) { (void)reason; }
  // A whole MessageReceived event (after its form values).
  virtual void onMessage(const InboundMessage& m) { (void)m; }
  // One submitted form component (v.refName, v.type, v.value: JsonValueCaptures),
  // as soon as its object has streamed in; `m` holds the fields seen so far.
  virtual void onFormValue(const InboundMessage& m, const ClientFormValue& v) {
    (void)m;
    (void)v;
  }

 protected:
  ~ClientHandler() = default;  // trivial: no vtable kept in RAM for it on AVR
};

class HttpResponseHandler {
 public:
  virtual void onStatus(uint16_t status) { (void)status; }
  // A span of the (de-chunked) body, valid during the call.
  virtual void onBody(const uint8_t* data, size_t len) {
    (void)data;
    (void)len;
  }
  // Exactly once per accepted request(): Ok (any status), Timeout,
  // HttpFailed, ConnectionLost (closed before the response ended).
  virtual void onComplete(ClientError error, uint16_t status) {
    (void)error;
    (void)status;
  }

 protected:
  ~HttpResponseHandler() = default;
};

class BasicClient;

namespace detail {

// A message's requestType and target id key (flash strings; the pair in flash).
struct SendTarget {
  const char* requestType;
  const char* idKey;  // "channelId", "groupChatId", "recipientId"
};

// (Kept small: it is on the stack under every write of the send.)
struct SendSpec {
  // (First: writeMessage(), given the spec's address, reads it twice with
  // no pointer adjustment.)
  const SendTarget* to;  // message: in flash on AVR
  BodyFn write;   // BasicClient::writeMessage / writeMembers / writeWhole
  const char* text;  // message: the target id; members: requestType (flash on AVR)
  union {  // one per kind of send (`write` says which): less stack under the writer
    const DataComponent* component;  // message (writeMessage<true>)
    ComponentFn componentFn;  // message
    MembersFn membersFn;      // members
    EnvelopeFn envelopeFn;    // whole
  };
  void* context;
  const BasicClient* client;  // the sender: its next requestId (BasicClient::nextId()) is the send's
  // kFlashText (message: the target id is a flash string, AVR), and in
  // the bits above it, counted in kPass steps, how often `write` ran in the
  // send under way (at most 3). Set whole by each kind of send before
  // submit() (one store: no passes cleared apart).
  uint8_t bits;
  enum : uint8_t { kFlashText = 1, kPass = 2 };
};

// One WebSocket request waiting for its Response.
struct ClientPending {
  uint32_t id;
  uint32_t at;  // when the frame was written
  ResponseFn fn;
  void* user;
  JsonParser* reply;  // where the Response's eventBody goes (0: nowhere)
  uint8_t state;      // 0 free, 1 queued, 2 written, 3 taken by the send call under way
};

}  // namespace detail

class BasicClient;

namespace detail {

// What only sl::Client has: the REST state, the response slots and the
// routing of replies into their parsers (a BasicClient holds a null pointer
// instead of these). All zero when constructed: value-initialized as one
// block (one clearing loop on AVR instead of a store per field and a loop
// per slot).
struct ClientExtraFields {
  // What request() needs while a REST call runs (a REST call on a second
  // transport may run while the WebSocket reads events).
  Transport* http;  // setHttpTransport() (0: the WebSocket's own)
  HttpResponseHandler* handler;
  uint32_t at;  // when the request was written
  uint16_t status;
  ClientPending* route;  // the request whose reply is being fed (0: none)
  uint8_t routeState;    // Client::Route
  ClientPending pending[SL_CLIENT_MAX_PENDING];  // the response slots
};

// The same with the REST response's parser and its own line buffer for the
// response headers.
struct ClientExtra : ClientExtraFields {
  enum : uint8_t { maxPending = SL_CLIENT_MAX_PENDING };
  ClientExtra() : ClientExtraFields() {}
  // Not built at construction: request() builds it afresh for each request
  // (nothing reads it before; a client that makes no REST call stores
  // nothing for it).
  union {
    HttpResponseParser parser;
  };
  char line[SL_CLIENT_LINE_MAX];
};

// How many reconnect delays BasicClient::backoffDelay() draws before one
// reaches SL_CLIENT_BACKOFF_MAX_MS (each doubles the one before, from
// SL_CLIENT_BACKOFF_MIN_MS), and the bits that count holds: 6 and 3 with
// the defaults (1 s to 60 s); at most 32 and 6.
constexpr uint8_t clientBackoffSteps(uint32_t d, uint32_t max) {
  return d >= max ? 0 : static_cast<uint8_t>(1 + clientBackoffSteps(d > max / 2 ? max : d * 2, max));
}
constexpr uint8_t clientBitsFor(uint8_t n) { return n < 2 ? 1 : static_cast<uint8_t>(1 + clientBitsFor(n / 2)); }
const uint32_t kBackoffMin = SL_CLIENT_BACKOFF_MIN_MS ? SL_CLIENT_BACKOFF_MIN_MS : 1;
const uint32_t kBackoffMax = SL_CLIENT_BACKOFF_MAX_MS < kBackoffMin ? kBackoffMin : SL_CLIENT_BACKOFF_MAX_MS;
const uint8_t kBackoffSteps = clientBackoffSteps(kBackoffMin, kBackoffMax);
const uint8_t kBackoffBits = clientBitsFor(kBackoffSteps);
static_assert(kBackoffBits <= 6, "backoff count: 6 bits at most");

// Clears the client's first `size` bytes before any of its parts is built
// (the first base, empty; BasicClient: up to its event reader): one
// clearing loop on AVR for the fields that start at zero, the client's and
// its members' (the compiler drops their constructors' scalar stores of
// zero as redundant), instead of a loop or a store per part.
struct ClientZero {
  ClientZero(void* client, size_t size) { memset(client, 0, size); }
};

// sl::Client's scalar state, all zero when constructed (ClientZero, not
// value-initialized apart).
struct ClientFields {
  void* handler_;  // setHandler()'s object, called through events_
  // Where inbound message bytes go (BasicClient::feedEvents, or routeFeed
  // once a send passed a reply parser; 0: not read, as long as no handler
  // was set and no send took a response slot).
  void (*feed_)(BasicClient& c, const uint8_t* data, size_t len);
  // (`event` is an Event; a disconnection's carries its reason.)
  void (*events_)(BasicClient& c, uint8_t event);
  uint32_t (*clock_)();
  const char* host_;
  const char* apiKey_;
  uint32_t lastId_;
  // Waiting: when the next connect attempt is due (nextAttempt_); Connecting:
  // connect time; Open: last inbound traffic, or the ping sent since, when
  // pingOut_ (since_). One word: the states never overlap (wsTraffic()
  // writes since_ only while Open).
  union {
    uint32_t nextAttempt_;
    uint32_t since_;
  };
  uint16_t port_;
  uint8_t state_;  // Client::State (a byte of its own: read and set in many places)
  ClientExtra* extra_;  // sl::Client's (0 in a BasicClient: no REST, no response slots)
  // (One byte for backoff_, the flags and rest_ with the default backoff
  // settings, on an Uno: 3 + 3 + 2 bits. backoff_ in the low bits: read
  // with one mask, counted up with one add.)
  // Delays drawn since the handshake, until one hit the maximum
  // (BasicClient::backoffDelay): at most kBackoffSteps.
  uint8_t backoff_ : kBackoffBits;
  bool flashArgs_ : 1;  // host_ and apiKey_ are flash strings (begin(..., FlashString, ...))
  bool pingOut_ : 1;
  bool inText_ : 1;
#if SL_CLIENT_HOLD_BYTE
  bool held_ : 1;          // heldByte_ waits to be fed (Client::onMessageData)
#endif
  // BasicClient::kRestIdle, kRestSecond, kRestOnWs (waiting for the response
  // on a second transport, on the WebSocket's), kRestConnecting.
  uint8_t rest_ : 2;
#if SL_CLIENT_HOLD_BYTE
  uint8_t heldByte_;
#endif
  // (Here, zeroed with the rest: a client without an outbox stores nothing for it.)
  Outbox outbox_;
};

}  // namespace detail

// sl::Client without an outbox of its own, response slots or REST
// (sl::Client adds all three). The outbox is the caller's array, or none at
// all (BasicClient(): nothing is queued, and the outbox code is not linked;
// a send while offline, or whose frame could not be written whole, answers
// OutboxFull). With no response slot, a send with a ResponseFn or a reply
// parser answers TooManyPending; request() answers Unsupported: use
// sl::Client for those. For a sketch that sends only while connected(),
// without ResponseFn, and wants the RAM back (SL_CLIENT_OUTBOX_BYTES, 15
// bytes per SL_CLIENT_MAX_PENDING and about 100 bytes of REST state on AVR):
//   sl::BasicClient client;              // no outbox
//   uint8_t box[120];
//   sl::BasicClient client2(box, sizeof box);   // a caller-owned one
class BasicClient : private detail::ClientZero, private detail::ClientFields {
 public:
  // A millisecond clock (wraps at 2^32; only differences are used).
  typedef uint32_t (*Clock)();
  enum State : uint8_t { Idle, Waiting, Connecting, Open };

  // A caller-owned outbox that outlives the client (0 / capacity 0: none).
  // No outbox: the outbox code is not linked.
  BasicClient() : BasicClient(0, 0, 0) {}
  BasicClient(uint8_t* outbox, size_t outboxCapacity) : BasicClient(outbox, outboxCapacity, 0) { useOutbox(); }

 protected:
  // With `slotCount` response slots at `slots` (sl::Client's).
  BasicClient(uint8_t* outbox, size_t outboxCapacity, detail::ClientExtra* extra);
  // Links the outbox code (the constructors that take an outbox call it).
  void useOutbox();

 public:

  // Before begin(): where inbound ids and text go (caller-owned, may be 0/0).
  void setInboundBuffers(char* senderId, size_t senderCap, char* chatId, size_t chatCap, char* text, size_t textCap);
  // Optional, before begin(): where the id of inbound messages goes
  // (InboundMessage::messageId, what a reaction or reply names; cut to the
  // buffer and flagged messageIdTruncated when longer). Caller-owned, must
  // outlive the client. Not set: messageId is "" and the client spends one
  // pointer on it. Platform ids take 36 characters:
  //   char messageId[40];
  //   sl::JsonValueCapture messageIdBuffer(messageId, sizeof messageId);
  //   client.setMessageIdBuffer(messageIdBuffer);
  void setMessageIdBuffer(JsonValueCapture& id) { reader_.setMessageId(&id); }
  // Where events go (see sl::ClientEvents): any class with onConnected(),
  // onDisconnected(ClientError), onMessage(const InboundMessage&) and
  // onFormValue(const InboundMessage&, const ClientFormValue&), called as
  // members of `Handler` (virtually for a sl::ClientHandler). Must outlive
  // the client.
  // Inbound messages are read (parsed) only once a handler was set or a
  // send took a response slot, from the next message on: a sketch that
  // only sends links no code for reading them.
  template <typename Handler>
  void setHandler(Handler& handler) {
    handler_ = &handler;
    events_ = &deliver<Handler>;
    readEvents();
  }
  // A second connection for request(); must outlive the client.
  void setHttpTransport(Transport& transport) {
    if (extra_) extra_->http = &transport;
  }
  // The PRNG for backoff jitter, requestIds and WebSocket masks: seed it
  // (random().seed(noise)) or give it a hardware source before begin().
  Random& random() { return rng_; }

  // Starts the client; the connection is made by loop(). `host` and `apiKey`
  // are caller-owned and must outlive the client. `clock` (millis() on
  // Arduino) may be 0: time then stands still.
  SL_NODISCARD ClientError begin(Transport& transport, const char* host, uint16_t port, const char* apiKey,
                                 Clock clock) {
    return beginWith(transport, host, port, apiKey, clock ? clock : &noClock);
  }
  // The same with the host and the API key in flash (SL_PSTR, SL_PROGMEM
  // arrays, F()): no RAM for them on AVR. The host is copied into the
  // client's line buffer for each connect (one longer than
  // SL_CLIENT_LINE_MAX - 1 fails the connects: InvalidArgument); the key is
  // read from flash as it is sent (control bytes in it fail the connects
  // and REST calls: InvalidArgument, as for a RAM key).
  SL_NODISCARD ClientError begin(Transport& transport, FlashString host, uint16_t port, FlashString apiKey,
                                 Clock clock) {
    return beginWith(transport, host, port, apiKey, clock ? clock : &noClock);
  }
#ifdef ARDUINO
  // The same with millis() as the clock.
  SL_NODISCARD ClientError begin(Transport& transport, const char* host, uint16_t port, const char* apiKey) {
    return beginWith(transport, host, port, apiKey, &arduinoMillis);
  }
  SL_NODISCARD ClientError begin(Transport& transport, FlashString host, uint16_t port, FlashString apiKey) {
    return beginWith(transport, host, port, apiKey, &arduinoMillis);
  }
#endif
  // Closes everything (no reconnect until begin()); the outbox is kept.
  void end();

  void loop();

  // ---- WebSocket sends (see the guarantee above). `onResponse` may be 0. ----
  // (These are inline so that a program whose sends never pass a
  // ResponseFn does not link the response-slot code.)
  SL_NODISCARD ClientError sendToChannel(const char* channelId, const DataComponent& component,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kChannel, channelId, component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToChannel(const char* channelId, ComponentFn component, void* context,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kChannel, channelId, component, context, onResponse, user);
  }
  SL_NODISCARD ClientError sendToGroupChat(const char* groupChatId, const DataComponent& component,
                                           ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kGroupChat, groupChatId, component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToGroupChat(const char* groupChatId, ComponentFn component, void* context,
                                           ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kGroupChat, groupChatId, component, context, onResponse, user);
  }
  SL_NODISCARD ClientError sendToContact(const char* recipientId, const DataComponent& component,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kContact, recipientId, component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToContact(const char* recipientId, ComponentFn component, void* context,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kContact, recipientId, component, context, onResponse, user);
  }
  // The same with the target id in flash on AVR (SL_F("...") or a
  // SL_PROGMEM array): no RAM spent on a constant id.
  //   const char kChannel[] SL_PROGMEM = "7c9e6679-...";
  //   client.sendToChannel(sl::FlashString(kChannel), gauge);
  SL_NODISCARD ClientError sendToChannel(FlashString channelId, const DataComponent& component,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kChannel | kFlashId, channelId.ptr(), component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToChannel(FlashString channelId, ComponentFn component, void* context,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kChannel | kFlashId, channelId.ptr(), component, context, onResponse, user);
  }
  SL_NODISCARD ClientError sendToGroupChat(FlashString groupChatId, const DataComponent& component,
                                           ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kGroupChat | kFlashId, groupChatId.ptr(), component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToGroupChat(FlashString groupChatId, ComponentFn component, void* context,
                                           ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kGroupChat | kFlashId, groupChatId.ptr(), component, context, onResponse, user);
  }
  SL_NODISCARD ClientError sendToContact(FlashString recipientId, const DataComponent& component,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendComponent(kContact | kFlashId, recipientId.ptr(), component, onResponse, user);
  }
  SL_NODISCARD ClientError sendToContact(FlashString recipientId, ComponentFn component, void* context,
                                         ResponseFn onResponse = 0, void* user = 0) {
    return sendWritten(kContact | kFlashId, recipientId.ptr(), component, context, onResponse, user);
  }
  // Any request type: `members` writes "parameters"/"body" into the envelope.
  // `requestType` is a flash string on AVR (SL_PSTR("/communication/...")).
  SL_NODISCARD ClientError sendRequest(const char* requestType, MembersFn members, void* context,
                                       ResponseFn onResponse = 0, void* user = 0) {
    return sendMembers(requestType, members, context, onResponse ? take(onResponse, user, 0) : 0, onResponse != 0);
  }
  // A whole envelope from a callback (must write `requestId` as given).
  SL_NODISCARD ClientError sendEnvelope(EnvelopeFn envelope, void* context, ResponseFn onResponse = 0,
                                        void* user = 0) {
    return sendWhole(envelope, context, onResponse ? take(onResponse, user, 0) : 0, onResponse != 0);
  }
  // A generated request writer (sl::api::X with writeWs(JsonWriter&, id)).
  template <typename R>
  SL_NODISCARD ClientError send(const R& request, ResponseFn onResponse = 0, void* user = 0) {
    return sendEnvelope(&writeGenerated<R>, const_cast<R*>(&request), onResponse, user);
  }

  // ---- WebSocket requests whose reply is decoded (see "Replies" above) ----
  // The Response's eventBody ({success, statusCode, error, data}, the shape
  // of the operation's REST body) streams into `reply` as its frames arrive;
  // `onResponse` (may be 0) runs after. `reply` (and its handler) must stay
  // valid until then, one parser per pending request. Takes a response slot
  // (TooManyPending).
  //   sl::api::CreateChannelResponseDecoder decoder(fields);   // or any JsonHandler
  //   sl::JsonParser reply(decoder);
  //   client.send(createChannel, reply, onCreated);
  template <typename R>
  SL_NODISCARD ClientError send(const R& request, JsonParser& reply, ResponseFn onResponse = 0, void* user = 0) {
    return sendEnvelope(&writeGenerated<R>, const_cast<R*>(&request), reply, onResponse, user);
  }
  SL_NODISCARD ClientError sendEnvelope(EnvelopeFn envelope, void* context, JsonParser& reply,
                                        ResponseFn onResponse = 0, void* user = 0);
  SL_NODISCARD ClientError sendRequest(const char* requestType, MembersFn members, void* context, JsonParser& reply,
                                       ResponseFn onResponse = 0, void* user = 0);

  // ---- REST ----
  // `query`: name, value, name, value, ..., 0 (or 0 for none). `body` 0 for
  // no body, else a BodyFn writing JSON (e.g. sl::api::X::bodyFn). The
  // strings must stay valid during this call only. InProgress: the connect
  // goes on, call again (same arguments) after loop(); see "REST" above.
  SL_NODISCARD ClientError request(const char* method, const char* path, const char* const* query, BodyFn body,
                                   void* context, HttpResponseHandler& handler);
  bool requestActive() const { return rest_ != 0; }

  State state() const { return static_cast<State>(state_); }
  bool connected() const { return state_ == Open; }
  uint32_t lastRequestId() const { return lastId_; }
  const Outbox& outbox() const { return outbox_; }
  uint8_t pendingCount() const;
  // Milliseconds until the next connect attempt (Waiting), else 0.
  uint32_t retryIn() const;
  WsError lastWsError() const { return ws_.error(); }

 private:
  typedef detail::ClientPending Pending;
  enum Target : uint8_t { kChannel, kGroupChat, kContact, kFlashId = 0x80 /* the target id is a flash string */ };
  // How the bytes of the current inbound text message are fed (routeData).
  enum Route : uint8_t { kFresh, kPass, kLook, kLead, kRoute };

#ifdef ARDUINO
  static uint32_t arduinoMillis() { return static_cast<uint32_t>(millis()); }
#endif
  // kDisconnected + the reason's code (a ClientError::Code) in one byte.
  enum Event : uint8_t { kConnected, kMessage, kFormValue, kDisconnected };
  // The message and the form value are built here, from the reader, for
  // the handler's own functions: the fields a handler does not read (all,
  // for one it does not define) are not even loaded.
  template <typename Handler>
  static void deliver(BasicClient& c, uint8_t event) {
    Handler& h = *static_cast<Handler*>(c.handler_);
    if (event == kConnected) {
      h.onConnected();
    } else if (event == kMessage) {
      h.onMessage(c.reader_.message());
    } else if (event == kFormValue) {
      h.onFormValue(c.reader_.message(), c.reader_.formValueNow());
    } else {
      h.onDisconnected(ClientError(static_cast<ClientError::Code>(event - kDisconnected)));
    }
#if SL_ARCH_AVR
    __asm__ volatile("");  // (one exit: see eventsAt())
#endif
  }
  template <typename R>
  static bool writeGenerated(JsonWriter& w, const char* id, void* ctx) {
    return static_cast<const R*>(ctx)->writeWs(w, id).ok();
  }
  static SL_NOINLINE JsonWriter& writeHead(JsonWriter& w, detail::SendSpec& s, const char* requestType);
  template <bool Component>
  static bool writeMessage(Sink& out, void* spec);
  static bool writeMembers(Sink& out, void* spec);
  static bool writeWhole(Sink& out, void* spec);
  uint32_t backoffDelay();
  static bool writeFront(Sink& out, void* client);
  // detail::clientOutboxHook: with `s`, queues that send under `id` (an Outbox::Result);
  // else `id` says what: kHookLoop (a REST step, then the oldest queued
  // message while open and the response timeouts; 1: the WebSocket's
  // transport is busy with REST, or the REST call's handler ended the
  // client: loop() stops there) or kHookEnd (aborts a REST call).
  enum : uint8_t { kHookLoop, kHookEnd };
  static uint8_t outboxHook(BasicClient& c, uint32_t id, detail::SendSpec* s);
  // detail::clientOutboxHook's step `op` (kHookLoop, kHookEnd), or with
  // `s` the queueing of that send under nextId(), when there is a hook
  // (else 0, or NoRoom for a send: nothing can be queued). (Out of line:
  // the link-time optimizer folds an unset hook here, not in each caller.)
  SL_NOINLINE uint8_t outboxStep(uint8_t op, detail::SendSpec* s);
  static bool due(uint32_t now, uint32_t at) { return static_cast<int32_t>(now - at) >= 0; }

  // (clock_ is never null once begin() set it, and now() is called only
  // after that: begin() gives noClock for a null clock.)
  SL_CLIENT_NOCLONE uint32_t now() const { return clock_(); }
  static uint32_t noClock() { return 0; }
  ClientError beginWith(Transport& transport, const char* host, uint16_t port, const char* apiKey, Clock clock);
  ClientError beginWith(Transport& transport, FlashString host, uint16_t port, FlashString apiKey, Clock clock);
  // The requestId of the send under way (lastId_ becomes it once the send is done).
  SL_NOINLINE uint32_t nextId() const;
  // Inbound traffic now (WsClient::poll() calls this after each read that
  // brought bytes, once they were dispatched: one place, not one per
  // callback): since_, while Open (Connecting: since_ is the connect time,
  // the handshake's deadline; Waiting or Idle: the connection was lost or
  // ended from a callback meanwhile, the word holds nextAttempt_).
  friend void wsTraffic(BasicClient& c) {
    if (c.state_ == Open) c.since_ = c.now();
  }
  // A free response slot for a send about to be made (0 when none), and
  // the hook that links the slot code. `wanted` below: a slot was asked for.
  Pending* take(ResponseFn fn, void* user, JsonParser* reply);
  // `write`: writeMessage<true> with a component `c`, writeMessage<false>
  // with a writer `fn` (given at each call site, inline: a program whose
  // sends all pass one kind links the one writer).
  // The public sends' one body per kind of component (always inline, as
  // they are: the writer a constant at each call, the null test of a
  // constant ComponentFn folded away, the slot code linked only with a
  // ResponseFn).
  inline __attribute__((always_inline)) ClientError sendComponent(uint8_t target, const char* id,
                                                                   const DataComponent& c, ResponseFn onResponse,
                                                                   void* user) {
    return onResponse ? sendMessageFor(target, id, &writeMessage<true>, &c, 0, 0, onResponse, user)
                      : sendMessage(target, id, &writeMessage<true>, &c, 0, 0);
  }
  inline __attribute__((always_inline)) ClientError sendWritten(uint8_t target, const char* id, ComponentFn fn,
                                                                 void* ctx, ResponseFn onResponse, void* user) {
    if (!fn) return ClientError::InvalidArgument;
    return onResponse ? sendMessageFor(target, id, &writeMessage<false>, 0, fn, ctx, onResponse, user)
                      : sendMessage(target, id, &writeMessage<false>, 0, fn, ctx);
  }
  ClientError sendMessage(uint8_t target, const char* id, BodyFn write, const DataComponent* c, ComponentFn fn,
                          void* ctx);
  ClientError sendMessageFor(uint8_t target, const char* id, BodyFn write, const DataComponent* c, ComponentFn fn,
                             void* ctx, ResponseFn onResponse, void* user);
  // (`c` or `fn` set: the inline sends refuse a null ComponentFn.)
  bool messageSpec(detail::SendSpec& s, uint8_t target, const char* id, BodyFn write, const DataComponent* c,
                   ComponentFn fn, void* ctx);
  ClientError sendMembers(const char* requestType, MembersFn members, void* ctx, Pending* slot, bool wanted);
  ClientError sendWhole(EnvelopeFn envelope, void* ctx, Pending* slot, bool wanted);
  ClientError submit(detail::SendSpec& s, Pending* slot, bool wanted);
  static void routeData(BasicClient& c, const uint8_t* data, size_t len);
  // feed_ once a send passed a reply parser: the routing code is linked
  // only into programs that decode replies.
  static void routeFeed(BasicClient& c, const uint8_t* data, size_t len);
  Pending* takeRouted(ResponseFn fn, void* user, JsonParser& reply);
#if SL_CLIENT_HOLD_BYTE
  SL_NOINLINE void feedHeld(uint8_t next);
#endif
  // Feeds inbound message bytes to the event parser; with data 0, `len`
  // says where the message is: kFeedBegin or kFeedEnd (eventsAt()).
  static void feedEvents(BasicClient& c, const uint8_t* data, size_t len);
  enum : uint8_t { kFeedBegin, kFeedEnd };
  void eventsAt(size_t edge);
  // Binds the event reader to this client (here, not in the constructor:
  // a sketch that only sends links none of the reader's parsing code) and
  // feeds it from the next message on. (Again from inside a parse, a send
  // from a callback: the same pointers are stored.)
  // (A send with a reply parser made feed_ routeFeed: kept.)
  void readEvents() {
    reader_.bindSink(*this);
    if (!feed_) feed_ = &BasicClient::feedEvents;
  }
  SL_NOINLINE Pending* find(uint32_t id, uint8_t state);
  void complete(Pending& p, ClientError e, uint16_t status);
  enum SlotOp : uint8_t { kTick, kWritten, kRefused, kLost, kResponse };
  static void slotHook(BasicClient& c, uint8_t op, uint32_t arg);
  // The slot code's step `op`, for a client with response slots once a
  // send of the program took one.
  void slotOp(uint8_t op, uint32_t arg);
  WsError connectWs();
  ClientError start(Transport& transport, const char* host, uint16_t port, const char* apiKey, Clock clock,
                    bool flash);
  bool hostInRam(char* line, const char*& host);
  void lost(ClientError reason, bool backoff);
  void checkWs();
  // rest_: no REST call; waiting for the response on a second transport,
  // on the WebSocket's; request()'s connect goes on (either transport:
  // restOnWs()).
  enum : uint8_t { kRestIdle, kRestSecond, kRestOnWs, kRestConnecting };
  bool restRuns() const;
  static void restHook(BasicClient& c, bool abort);
  void restStep();
  void restDone(ClientError e);
  Transport* http() const { return extra_ ? extra_->http : 0; }
  bool restOnWs() const { return http() == 0 || http() == &ws_.transport(); }
  Transport& restTransport() { return http() ? *http() : ws_.transport(); }

  // What WsClient::poll() reports (the WsHandler functions, called directly:
  // no WsHandler base, whose vtable would take RAM on AVR).
  friend class WsClient;
  void onOpen();
  void onMessageBegin(bool binary);
  void onMessageData(const uint8_t* data, size_t len);
  void onMessageEnd();
  void onPong();
  void onClose(uint16_t code, WsError error);
  // What the event reader reports: a form value, taken from the reader
  // (formValueNow(), built by deliver(); called directly: no vtable in RAM
  // on AVR).
  friend class BasicInboundEventReader;
  void onFormValue(const BasicInboundEventReader& r);
  // An Event to the handler, if any (one call site for all).
  SL_NOINLINE void notify(uint8_t event);

  Random rng_;
  // The WebSocket handshake's line buffer (Connecting) and the event
  // reader's work area (Open: inbound messages) are never in use together.
  union Area {
    char line[SL_CLIENT_LINE_MAX];
    char work[BasicInboundEventReader::kWorkBytes];
  } area_;
  WsClient ws_;
  BasicInboundEventReader reader_;
  // Not built at construction: onMessageBegin() resets it, with the reader
  // as its handler, for each message it reads (nothing reads it before).
  union {
    JsonParser parser_;
  };
};

// The client with an outbox of its own (SL_CLIENT_OUTBOX_BYTES) by default.
class Client : public BasicClient {
 public:
  // `outbox` 0: the client's own SL_CLIENT_OUTBOX_BYTES. Else a caller-owned
  // outbox that outlives the client (capacity 0: nothing is queued, a send
  // while offline answers OutboxFull); build with -DSL_CLIENT_OUTBOX_BYTES=0
  // so that the client holds no outbox of its own (or use sl::BasicClient).
  //   uint8_t box[600];
  //   sl::Client client(box, sizeof box);
#if SL_CLIENT_OUTBOX_BYTES > 0
  explicit Client(uint8_t* outbox = 0, size_t outboxCapacity = 0)
      : BasicClient(outbox ? outbox : space_, outbox ? outboxCapacity : SL_CLIENT_OUTBOX_BYTES, &extraSpace_),
        extraSpace_() {
    useOutbox();
  }
#else
  explicit Client(uint8_t* outbox = 0, size_t outboxCapacity = 0)
      : BasicClient(outbox, outboxCapacity, &extraSpace_), extraSpace_() {
    useOutbox();
  }
#endif

 private:
  // (Only its address is taken before it is built.)
  detail::ClientExtra extraSpace_;
#if SL_CLIENT_OUTBOX_BYTES > 0
  uint8_t space_[SL_CLIENT_OUTBOX_BYTES];
#endif
};

}  // namespace sl

#endif  // SL_CLIENT_CLIENT_H
