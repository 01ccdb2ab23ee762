#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "Client.h"

#include "../memory/InPlace.h"

namespace sl {

namespace {
const char kChannelSend[] SL_PROGMEM = "/communication/channel/message/send";
const char kGroupSend[] SL_PROGMEM = "/communication/groupchat/message/send";
const char kP2pSend[] SL_PROGMEM = "/communication/p2p/message/send";
const char kChannelId[] SL_PROGMEM = "channelId";
const char kGroupChatId[] SL_PROGMEM = "groupChatId";
const char kRecipientId[] SL_PROGMEM = "recipientId";
// Per kind of target: its requestType and id key (a sketch that sends to
// one kind links one pair).
const detail::SendTarget kToChannel SL_PROGMEM = {kChannelSend, kChannelId};
const detail::SendTarget kToGroupChat SL_PROGMEM = {kGroupSend, kGroupChatId};
const detail::SendTarget kToContact SL_PROGMEM = {kP2pSend, kRecipientId};
#define SL_CLIENT_WS_PATH "/service/ws"
// (sent as is: WsHandshake::kPathVerbatim, no escaping code linked for it)
static_assert(detail::httpPathIsPlain(SL_CLIENT_WS_PATH), "the WebSocket path must need no escaping");
const char kWsPath[] SL_PROGMEM = SL_CLIENT_WS_PATH;

// The one place JsonParser::feed() (inline, with its single-byte fast path)
// is expanded: every parser of the client is fed through here.
SL_NOINLINE void feedParser(JsonParser& p, const uint8_t* data, size_t len) {
  JsonParseError ignored = p.feed(data, len);  // sticky: checked with error() / finish()
  (void)ignored;
}

// The integer type of reconnect delays: 16 bits when the longest fits (no
// 32-bit division for the jitter on AVR).
template <bool Short>
struct DelayInt {
  typedef uint32_t T;
};
template <>
struct DelayInt<true> {
  typedef uint16_t T;
};
typedef DelayInt<(SL_CLIENT_BACKOFF_MAX_MS <= 0xFFFFu)>::T Delay;
// The connection's deadlines (loop()): 16 bits when all three fit.
typedef DelayInt<(SL_CLIENT_CONNECT_TIMEOUT_MS <= 0xFFFFu && SL_CLIENT_PONG_TIMEOUT_MS <= 0xFFFFu &&
                  SL_CLIENT_PING_INTERVAL_MS <= 0xFFFFu)>::T Wait;

inline char hexDigit(uint8_t v) {
  v &= 15;
  if (v >= 10) v = static_cast<uint8_t>(v + ('a' - '0' - 10));  // (one add on the way: no second branch)
  return static_cast<char>('0' + v);
}

// A requestId as sl::Client writes it: 8 lowercase hex digits.
void idText(char (&out)[9], uint32_t v) {
  // (Backwards through a pointer, with a count: no index added to the
  // array's address for each digit.)
  char* p = out + 8;
  *p = 0;
  uint8_t n = 8;
  SL_OPAQUE_AVR(n);
  do {
    *--p = hexDigit(static_cast<uint8_t>(v));
    v >>= 4;
  } while (--n);
}
}  // namespace

namespace detail {
namespace {
// What only a client with an outbox (and sl::Client's REST) runs, set by
// the constructors that take an outbox (BasicClient::useOutbox(); every
// sl::Client's): queues a send (`s` set), or, from loop() and end(), the
// REST step or abort and the replay of the oldest queued message
// (BasicClient::outboxHook). One for the program, not one per client: in a
// program whose clients are all default-constructed BasicClients nothing
// writes it, and the link-time optimizer folds it to null in outboxStep()
// (about 110 B less in LampControl on an Uno than a pointer per client,
// whose calls loop(), end() and the sends kept; and 2 B of RAM less per
// client). A client without an outbox that runs it (another client has
// one) finds nothing to do: its outbox is empty and holds nothing (a push
// answers NoRoom, as without the hook), and it has no REST call (no extra_).
uint8_t (*clientOutboxHook)(BasicClient& c, uint32_t id, SendSpec* s);  // (zero: static storage)
// Set by the first send that takes a response slot (BasicClient::take()):
// the slot code (timeouts, correlation, completion) is linked only into
// programs with a ResponseFn or a reply parser somewhere. One for the
// program as well (run for clients with response slots only: extra_).
void (*clientSlotHook)(BasicClient& c, uint8_t op, uint32_t arg);
// Set by request(): the REST step and abort (BasicClient::restHook), linked
// only into programs that call request() (rest_ is set only then).
void (*clientRestHook)(BasicClient& c, bool abort);
}  // namespace
}  // namespace detail

void BasicClient::useOutbox() { detail::clientOutboxHook = &BasicClient::outboxHook; }

uint8_t BasicClient::outboxStep(uint8_t op, detail::SendSpec* s) {
  if (detail::clientOutboxHook) return detail::clientOutboxHook(*this, s ? nextId() : op, s);
  return s ? static_cast<uint8_t>(Outbox::NoRoom) : 0;
}

void BasicClient::slotOp(uint8_t op, uint32_t arg) {
  if (detail::clientSlotHook && extra_) detail::clientSlotHook(*this, op, arg);
}

// (Out of line: one copy for the envelope writers and submit().)
uint32_t BasicClient::nextId() const {
  uint32_t id = lastId_;
#if SL_ARCH_AVR
  // (The add's Z flag tells the wrap; avr-gcc moved the sum through other
  // registers and built the 1 apart: 42 B against 24.)
  __asm__("subi %A0, 0xFF\n\t"
          "sbci %B0, 0xFF\n\t"
          "sbci %C0, 0xFF\n\t"
          "sbci %D0, 0xFF\n\t"
          "brne 1f\n\t"
          "inc %A0\n"
          "1:"
          : "+d"(id));
  return id;
#else
  ++id;
  return id ? id : 1;
#endif
}

// The envelope's head, as writeMessage and writeMembers both begin:
// {"requestId":"<next id>","requestType":"<requestType, flash>","version":"2"
// It also counts the writer's pass (in s.bits: submit() tells a writer whose
// output changed between the counting and the writing pass by it).
// (Out of line: the id's text is on the stack only while it is written,
// not under the body's writes.)
JsonWriter& BasicClient::writeHead(JsonWriter& w, detail::SendSpec& s, const char* requestType) {
  s.bits = static_cast<uint8_t>(s.bits + detail::SendSpec::kPass);
  char text[9];
  idText(text, s.client->nextId());
  // (One chain: each call gets the writer from the one before, no reload of `w`.)
  return w.beginObject()
      .key(SL_F("requestId")).string(text)
      .key(SL_F("requestType")).string(FlashString(requestType))
      .key(SL_F("version")).string(SL_F("2"));
}

BasicClient::BasicClient(uint8_t* outbox, size_t outboxCapacity, detail::ClientExtra* extra)
    : detail::ClientZero(this, static_cast<size_t>(reinterpret_cast<char*>(&reader_ + 1) - reinterpret_cast<char*>(this))),
      rng_(),
      ws_(rng_, area_.line, sizeof area_.line, SL_CLIENT_MAX_INBOUND),
      reader_(area_.work, BasicInboundEventReader::kNoResponses) {  // (bound by readEvents())
  // (ClientZero cleared both: no stores for a client without them.)
  if (outbox) outbox_ = Outbox(outbox, outboxCapacity);
  if (extra) extra_ = extra;
}

void BasicClient::setInboundBuffers(char* senderId, size_t senderCap, char* chatId, size_t chatCap, char* text,
                               size_t textCap) {
  reader_.setBuffers(senderId, senderCap, chatId, chatCap, text, textCap);
}

ClientError BasicClient::beginWith(Transport& transport, const char* host, uint16_t port, const char* apiKey,
                                   Clock clock) {
  if (!host || !*host || !apiKey) return ClientError::InvalidArgument;
  return start(transport, host, port, apiKey, clock, false);
}

ClientError BasicClient::beginWith(Transport& transport, FlashString host, uint16_t port, FlashString apiKey,
                                   Clock clock) {
  if (!host.ptr() || !host.at(0) || !apiKey.ptr()) return ClientError::InvalidArgument;
  return start(transport, host.ptr(), port, apiKey.ptr(), clock, true);
}

// The host in RAM for a connect, in `host`: host_ itself, or its flash
// text copied to `line` (SL_CLIENT_LINE_MAX bytes, free while no connection
// is being set up); false when it does not fit there. (A bool, not a null
// pointer: on AVR, where address 0 is RAM, the compiler would test the
// buffer's address for null.)
bool BasicClient::hostInRam(char* line, const char*& host) {
  host = host_;
  if (!flashArgs_) return true;
  host = line;
  const char* h = host_;
#if SL_CLIENT_LINE_MAX <= 255
  uint8_t n = SL_CLIENT_LINE_MAX;
#else
  size_t n = SL_CLIENT_LINE_MAX;
#endif
  SL_OPAQUE_AVR(n);  // (a counter: no end address computed and compared)
  do {
    if ((*line++ = detail::flashNext(h)) == 0) return true;
  } while (--n);
  return false;
}

ClientError BasicClient::start(Transport& transport, const char* host, uint16_t port, const char* apiKey, Clock clock,
                               bool flash) {
  end();
  state_ = Waiting;  // (end()'s Idle, overwritten at once: one store)
  ws_.setTransport(transport);
  flashArgs_ = flash;
  backoff_ = 0;  // (with flashArgs_: one store to their byte)
  host_ = host;
  port_ = port;
  apiKey_ = apiKey;
  clock_ = clock;
  lastId_ = rng_.next();
  nextAttempt_ = clock();  // (now(), with the clock begin() knows: a direct call when constant)
  return ClientError::Ok;
}

void BasicClient::end() {
  outboxStep(kHookEnd, 0);  // a REST call (only sl::Client's; it has the hook)
  if (state_ == Connecting || state_ == Open) {
    ws_.closeNow();  // (a close frame only when Open: the WebSocket is open then, else Connecting)
    slotOp(kLost, 0);
  }
  state_ = Idle;
}

uint8_t BasicClient::pendingCount() const {
  uint8_t n = 0;
  for (uint8_t i = 0; extra_ && i < extra_->maxPending; ++i) n = static_cast<uint8_t>(n + (extra_->pending[i].state != 0));
  return n;
}

uint32_t BasicClient::retryIn() const {
  if (state_ != Waiting) return 0;
  uint32_t t = now();
  return due(t, nextAttempt_) ? 0 : nextAttempt_ - t;
}

// ---------------------------------------------------------------- loop

// Inlined into loop() (its one caller), so into an Arduino main() on AVR,
// which saves no registers: out of line its 17 register saves and
// restores cost more than the 9 B of frame it adds to main() (LampControl
// on the Uno 20,522 -> 20,450 B, peak RAM 803 -> 812 B).
WsError BasicClient::connectWs() {
  const char* host;
  if (!hostInRam(area_.line, host)) return WsError::InvalidArgument;
  return ws_.connectStep(host, port_, kWsPath, apiKey_,
                     WsHandshake::kPathInFlash | WsHandshake::kPathVerbatim |
                         (flashArgs_ ? WsHandshake::kBearerInFlash : 0));
}

// A REST call runs (rest_ set). On AVR through the hook request() sets: in
// a program that never calls request(), the link-time optimizer (Arduino's
// AVR builds use it) folds the test away: 26 B in LampControl on an Uno
// (measured against rest_ alone). Larger sl::Client programs (Provisioning,
// GroupChatBot) do not fold it (Provisioning on the Mega: outboxHook 66 B
// larger).
// Elsewhere rest_ alone: without that folding the hook's test would cost
// code and link the hook (4 B of RAM) into every program.
inline bool BasicClient::restRuns() const {
#if SL_ARCH_AVR
  return detail::clientRestHook && rest_;
#else
  return rest_ != 0;
#endif
}

void BasicClient::loop() {
  if (state_ == Idle) return;
  bool waiting = state_ == Waiting;
  if (!waiting) {  // Connecting, Open (a REST call on the WebSocket's transport keeps it Waiting)
    ws_.poll(*this);
    checkWs();
  }
  // A REST step, the oldest queued message (while open) and the response
  // timeouts, for a client with an outbox (REST and response slots come
  // with one: sl::Client).
  if (outboxStep(kHookLoop, 0)) return;  // the WebSocket's transport is busy with REST, or the client ended
  // One deadline at a time, in the word nextAttempt_ and since_ share:
  // the next connect attempt's (Waiting when loop() began), the
  // handshake's (Connecting), the pong's (Open, a ping out), else the
  // next ping's (Open).
  uint8_t st = state_;
  // (Read after the poll, not before it: no 32-bit time held in registers
  // across the inlined poll(), which spilled it to main()'s frame.)
  uint32_t t = now();
  if (waiting || st >= Connecting) {  // (not Idle, nor Waiting since a drop in this loop())
    bool connecting = st == Connecting;
    // A transport that connects in steps (EspAtTransport) is still
    // connecting: its next step, every loop() (its timeouts are its own; the
    // handshake's time starts once the upgrade request is out).
    // (Waiting: a connect to start. One flag for both tests below.)
    bool dialing = waiting || (connecting && ws_.connecting());
    Wait wait = static_cast<Wait>(dialing      ? 0
                                  : connecting ? SL_CLIENT_CONNECT_TIMEOUT_MS
                                  : pingOut_   ? SL_CLIENT_PONG_TIMEOUT_MS
                                               : SL_CLIENT_PING_INTERVAL_MS);
    // (The deadline summed apart: avr-gcc otherwise works out t - since_ -
    // wait on a second copy of t, which the stores below keep.)
    uint32_t at = since_ + wait;
    SL_OPAQUE_AVR(at);
    if (due(t, at)) {
      if (dialing) {
        // (No handshake while a REST call runs, its connect included.)
        if (restRuns()) return;
        WsError e = connectWs();
        if (e) return lost(e == WsError::ConnectFailed ? ClientError::ConnectFailed : ClientError::WriteFailed, true);
        state_ = Connecting;
      } else if (connecting || pingOut_) {
        ws_.abort();
        return lost(connecting ? ClientError::HandshakeTimeout : ClientError::HeartbeatTimeout, true);
      } else {
        // (A ping refused while the pong of the peer's ping is half-way
        // out: again at the next loop(). One that failed its write closed
        // the WebSocket: checkWs().)
        if (ws_.ping()) return checkWs();
        pingOut_ = true;
      }
      // The handshake's start (a connect step made), or the ping's: one
      // store for both. (checkWs() finds nothing to do after a connect step
      // that answered Ok, nor after a ping written.)
      since_ = t;
      checkWs();
    }
  }
}

// Everything about response slots, linked only into programs that send with
// a ResponseFn or a reply parser (submit() sets the hook when it takes a slot).
void BasicClient::slotHook(BasicClient& c, uint8_t op, uint32_t arg) {
  Pending* p;
  switch (op) {
    case kTick:
      for (uint8_t i = 0; i < c.extra_->maxPending; ++i) {
        p = &c.extra_->pending[i];
        if (p->state == 2 && due(arg, p->at + SL_CLIENT_REQUEST_TIMEOUT_MS)) c.complete(*p, ClientError::Timeout, 0);
      }
      break;
    case kWritten:
      p = c.find(arg, 1);
      if (p) {
        p->state = 2;
        p->at = c.now();
      }
      break;
    case kRefused:
      p = c.find(arg, 1);
      if (p) c.complete(*p, ClientError::InvalidArgument, 0);
      break;
    case kLost:
      for (uint8_t i = 0; i < c.extra_->maxPending; ++i) {
        if (c.extra_->pending[i].state == 2) c.complete(c.extra_->pending[i], ClientError::ConnectionLost, 0);
      }
      break;
    default: {  // kResponse: the event parsed whole is a Response
      BasicInboundEventReader& r = c.reader_;
      if (!r.hasRequestId()) break;
      p = c.find(r.requestId(), 2);
      if (!p) p = c.find(r.requestId(), 1);  // cannot normally happen (a Response before the write)
      if (!p) break;
      ClientError e = r.success() ? ClientError::Ok : ClientError::RequestFailed;
      if (p->reply && (c.extra_->route != p || p->reply->finish()) && e == ClientError::Ok) e = ClientError::DecodeFailed;
      c.extra_->route = 0;
      c.complete(*p, e, r.statusCode());
      break;
    }
  }
}

// The WsClient closed (peer close, protocol error, failed write): reconnect.
void BasicClient::checkWs() {
  if ((state_ == Connecting || state_ == Open) && ws_.state() == WsClient::Closed) {
    WsError e = ws_.error();
    // (A close by the peer, or after a protocol error: Closed.)
    ClientError why = e == WsError::WriteFailed      ? ClientError::WriteFailed
                      : e == WsError::ConnectionLost ? ClientError::ConnectionLost
                                                     : ClientError::Closed;
    lost(why, true);
  }
}

void BasicClient::lost(ClientError reason, bool backoff) {
  // (The delay drawn before the clock is read: no 32-bit time is held in
  // registers across the PRNG's call.)
  Delay d = backoff ? static_cast<Delay>(backoffDelay()) : static_cast<Delay>(0);
  state_ = Waiting;  // (pingOut_ is read only while Open: onOpen() clears it)
  nextAttempt_ = now() + d;
  slotOp(kLost, 0);
  notify(static_cast<uint8_t>(kDisconnected + reason.code()));
}

// The next reconnect delay, as sl::Backoff(SL_CLIENT_BACKOFF_MIN_MS,
// SL_CLIENT_BACKOFF_MAX_MS) draws it: the n-th after a handshake from
// [d/2, d], d = min(MIN * 2^(n-1), MAX).
uint32_t BasicClient::backoffDelay() {
  const uint32_t kMin = detail::kBackoffMin;
  const uint32_t kMax = detail::kBackoffMax;
  // (backoff_ counts only until d reaches the maximum: at most
  // kBackoffSteps, where MIN * 2^n stays below MAX for every n < kBackoffSteps.)
  Delay d = static_cast<Delay>(kMax);
  uint8_t n = backoff_;
  if (n < detail::kBackoffSteps) {
    d = static_cast<Delay>(1u * static_cast<Delay>(kMin) << n);  // (unsigned: no sign bit to shift into)
    backoff_ = static_cast<uint8_t>(n + 1);
  }
  Delay half = static_cast<Delay>(d / 2);
  return half + static_cast<Delay>(static_cast<Delay>(rng_.next()) % static_cast<Delay>(d - half + 1));
}

// ---------------------------------------------------------------- sending

// Everything about the outbox, linked only into programs that construct a
// client with one (useOutbox()), and the REST step: `s` set: queues the
// send under way with its `id` (an Outbox::Result); else `id` is kHookLoop
// (loop(): the REST step, then the oldest queued message while open) or
// kHookEnd (end(): the REST call aborted). (rest_ set: extra_ is sl::Client's.)
uint8_t BasicClient::outboxHook(BasicClient& c, uint32_t id, detail::SendSpec* s) {
  Outbox& box = c.outbox_;
  if (s) return box.push(id, s->write, s);
  bool ending = id == kHookEnd;
  if (detail::clientRestHook && c.rest_) {
    detail::clientRestHook(c, ending);
    // loop() stops: the WebSocket's transport is busy with REST (not after
    // an abort: rest_ is 0 then), or the REST call's handler ended the
    // client (loop() read Waiting before this step: it would reconnect).
    if (c.rest_ == kRestOnWs || c.state_ == Idle) return 1;
  }
  if (ending) return 0;
  if (c.state_ == Open && !box.empty()) {
    id = box.frontId();
    WsError e = c.ws_.send(false, &BasicClient::writeFront, &c);
    // InvalidArgument cannot happen for JsonWriter output; never block the queue.
    if (!e || e == WsError::InvalidArgument) {
      box.pop();
      c.slotOp(e ? kRefused : kWritten, id);
    }
    c.checkWs();
  }
  c.slotOp(kTick, c.now());  // response timeouts (response slots come with the hook)
  return 0;
}

// The oldest queued message, as it was serialized.
bool BasicClient::writeFront(Sink& out, void* client) {
  const Outbox& box = static_cast<BasicClient*>(client)->outbox_;
  return out.write(box.frontData(), box.frontLength()) == box.frontLength();
}

// {requestId, requestType, version, body: {<id key>: <target>, dataComponent}}:
// the component (Component) or the ComponentFn's output. (One function per
// kind of component: a program whose sends all pass one kind, as every
// example does, links no test of the kind and no code for the other.)
template <bool Component>
bool BasicClient::writeMessage(Sink& out, void* spec) {
  detail::SendSpec& s = *static_cast<detail::SendSpec*>(spec);
  // A component is validated first, as its writeTo() would, before anything
  // is written (nothing of an invalid one is written). The error record's
  // scope ends before the writer's begins: the two share their stack
  // bytes, and the writes, which go deep, find no more of it under them.
  // (The answer is the same at every pass: the component is const, and
  // its check runs no callback.)
  if (Component) {
    ComponentError e{detail::GenCheckOnly()};  // (only the answer is read: no stores for the rest)
    if (!s.component->check(e, 0)) return false;
  }
  JsonWriter w(out);
  // (Chained: each call gets the writer from the one before, no reload of `w`.)
  // (The id key read after the head, not before it: C++11 may evaluate a
  // chain's arguments first, keeping the key in a saved register under the calls.)
  JsonWriter& body = writeHead(w, s, detail::genFlashPtr(&s.to->requestType)).key(SL_F("body")).beginObject();
  JsonWriter& id = body.key(FlashString(detail::genFlashPtr(&s.to->idKey)));
  ((s.bits & detail::SendSpec::kFlashText) ? id.string(FlashString(s.text)) : id.string(s.text))
      .key(SL_F("dataComponent"));
  bool ok = true;
  if (Component) {
    s.component->writeJson(w);
  } else {
    ok = s.componentFn(w, s.context);
  }
  w.endObject().endObject();
  // Complete without finish(): the writer erred on nothing (a component
  // writing no value, or an extra one, or a string left open errs at the
  // endObject()s) and closed all it opened (the component's unclosed
  // containers would leave depth() above 0).
  return ok && w.ok() && w.depth() == 0;
}
// (Both kinds, for the inline sends that name them; a program links the ones it names.)
template bool BasicClient::writeMessage<true>(Sink& out, void* spec);
template bool BasicClient::writeMessage<false>(Sink& out, void* spec);

// {requestId, requestType, version, <members>} (sendRequest).
bool BasicClient::writeMembers(Sink& out, void* spec) {
  detail::SendSpec& s = *static_cast<detail::SendSpec*>(spec);
  JsonWriter w(out);
  writeHead(w, s, s.text);
  bool ok = s.membersFn(w, s.context);
  w.endObject();
  return ok && w.finish() == JsonWriteError::Ok;
}

// A whole envelope from the caller (sendEnvelope, send(request)).
bool BasicClient::writeWhole(Sink& out, void* spec) {
  detail::SendSpec& s = *static_cast<detail::SendSpec*>(spec);
  s.bits = static_cast<uint8_t>(s.bits + detail::SendSpec::kPass);
  JsonWriter w(out);
  char id[9];
  idText(id, s.client->nextId());
  bool ok = s.envelopeFn(w, id, s.context);
  return ok && w.finish() == JsonWriteError::Ok;
}

namespace {
// A send that fails gives back the slot it took.
inline ClientError fail(void* slot, uint8_t* state, ClientError e) {
  if (slot) *state = 0;
  return e;
}
}  // namespace

BasicClient::Pending* BasicClient::take(ResponseFn fn, void* user, JsonParser* reply) {
  Pending* p = find(0, 0);
  if (!p) return 0;
  detail::clientSlotHook = &BasicClient::slotHook;  // (a slot was found: extra_ is sl::Client's)
  reader_.readResponses();
  readEvents();  // its Response is read from the next inbound message on
  p->state = 3;
  p->fn = fn;
  p->user = user;
  p->reply = reply;
  return p;
}

bool BasicClient::messageSpec(detail::SendSpec& s, uint8_t target, const char* id, BodyFn write,
                              const DataComponent* c, ComponentFn fn, void* ctx) {
  bool flash = (target & kFlashId) != 0;
  // (A null ComponentFn: refused by the inline sends. An invalid component: its check fails, in writeMessage.)
  if (!id || !(flash ? SL_FLASH_READ(id) : *id)) return false;
  target &= ~kFlashId;
  s.write = write;
  s.text = id;
  s.bits = flash ? detail::SendSpec::kFlashText : 0;
  s.to = target == kChannel ? &kToChannel : target == kGroupChat ? &kToGroupChat : &kToContact;
  // (Tested on `fn`: 0 at every call of a program whose sends all pass a
  // component, the test folded away with it.)
  if (fn) {
    s.componentFn = fn;
    s.context = ctx;
  } else {
    s.component = c;  // (context unused)
  }
  return true;
}

ClientError BasicClient::sendMessage(uint8_t target, const char* id, BodyFn write, const DataComponent* c,
                                     ComponentFn fn, void* ctx) {
  detail::SendSpec s;
  if (!messageSpec(s, target, id, write, c, fn, ctx)) return ClientError::InvalidArgument;
  return submit(s, 0, false);
}

ClientError BasicClient::sendMessageFor(uint8_t target, const char* id, BodyFn write, const DataComponent* c,
                                        ComponentFn fn, void* ctx, ResponseFn onResponse, void* user) {
  detail::SendSpec s;
  if (!messageSpec(s, target, id, write, c, fn, ctx)) return ClientError::InvalidArgument;
  return submit(s, take(onResponse, user, 0), true);
}

ClientError BasicClient::sendMembers(const char* requestType, MembersFn members, void* ctx, Pending* slot,
                                     bool wanted) {
  if (!requestType || !members) {
    if (slot) slot->state = 0;
    return ClientError::InvalidArgument;
  }
  detail::SendSpec s;
  s.write = &BasicClient::writeMembers;
  s.bits = 0;
  s.text = requestType;
  s.membersFn = members;
  s.context = ctx;
  return submit(s, slot, wanted);
}

ClientError BasicClient::sendWhole(EnvelopeFn envelope, void* ctx, Pending* slot, bool wanted) {
  if (!envelope) {
    if (slot) slot->state = 0;
    return ClientError::InvalidArgument;
  }
  detail::SendSpec s;
  s.write = &BasicClient::writeWhole;
  s.bits = 0;
  s.envelopeFn = envelope;
  s.context = ctx;
  return submit(s, slot, wanted);
}

// A slot for a send with a reply parser: inbound messages are routed (feed_
// is routeFeed) from the next one on. (No slot, no routing: a BasicClient
// answers TooManyPending.)
BasicClient::Pending* BasicClient::takeRouted(ResponseFn r, void* user, JsonParser& reply) {
  Pending* p = take(r, user, &reply);
  if (p) feed_ = &BasicClient::routeFeed;
  return p;
}

ClientError BasicClient::sendEnvelope(EnvelopeFn envelope, void* ctx, JsonParser& reply, ResponseFn r, void* user) {
  return sendWhole(envelope, ctx, takeRouted(r, user, reply), true);
}

ClientError BasicClient::sendRequest(const char* requestType, MembersFn members, void* ctx, JsonParser& reply,
                                     ResponseFn r, void* user) {
  return sendMembers(requestType, members, ctx, takeRouted(r, user, reply), true);
}

// No separate dry run: a writer that fails is caught by the WebSocket's
// counting pass (nothing written yet) or by the outbox copy (nothing kept).
ClientError BasicClient::submit(detail::SendSpec& s, Pending* slot, bool wanted) {
  uint8_t* held = slot ? &slot->state : 0;
  if (state_ == Idle) return fail(slot, held, ClientError::NotStarted);
  if (wanted && !slot) return ClientError::TooManyPending;
  s.client = this;

  bool written = false;
  // (Open: no REST call holds the WebSocket's transport, which keeps the client Waiting.)
  if (state_ == Open && outbox_.empty()) {
    WsError e = ws_.send(false, s.write, &s);
    if (!e) {
      written = true;
    } else if (e == WsError::InvalidArgument) {
      if (s.bits >= 2 * detail::SendSpec::kPass) {  // (written twice: kFlashText is below kPass)
        // The writer changed its output between passes: the frame on the wire
        // is broken (WsClient::send() has dropped the connection already).
        lost(ClientError::InvalidArgument, true);
      }
      return fail(slot, held, ClientError::InvalidArgument);
    }
    // WriteFailed: the frame was cut, the cloud drops it: queue it (below).
  }
  if (!written) {
    uint8_t r = outboxStep(0, &s);
    if (r) {
      checkWs();
      return fail(slot, held, r == Outbox::WriterFailed ? ClientError::InvalidArgument : ClientError::OutboxFull);
    }
  }
  lastId_ = nextId();  // (the send's requestId: not held in registers across the writes)
  if (slot) {
    slot->id = lastId_;
    slot->state = written ? 2 : 1;
    slot->at = now();
  }
  checkWs();
  return ClientError::Ok;
}

BasicClient::Pending* BasicClient::find(uint32_t id, uint8_t state) {
  for (uint8_t i = 0; extra_ && i < extra_->maxPending; ++i) {
    Pending& p = extra_->pending[i];
    if (p.state == state && (state == 0 || p.id == id)) return &p;
  }
  return 0;
}

void BasicClient::complete(Pending& p, ClientError e, uint16_t status) {
  ResponseFn fn = p.fn;
  void* user = p.user;
  bool failed = e == ClientError::RequestFailed;
  ClientResponse r = {p.id, e, status, failed ? reader_.text() : "", failed && reader_.textTruncated()};
  p.state = 0;  // free before the callback, which may send again
  if (extra_->route == &p) {
    extra_->route = 0;  // (a timeout or a drop in the middle of the reply)
    extra_->routeState = kPass;
  }
  if (fn) fn(r, user);
}


// ---------------------------------------------------------------- inbound

void BasicClient::onOpen() {
  state_ = Open;
  pingOut_ = false;
  backoff_ = 0;  // (with pingOut_: one store to their byte)
  notify(kConnected);
}

void BasicClient::onMessageBegin(bool binary) {
  bool text = !binary && feed_;  // (no handler and no response slot: nothing to read it for)
  inText_ = text;
  if (text) {  // (the parser is read only through feed_, for a text message)
    parser_.reset(&reader_);
    feed_(*this, 0, kFeedBegin);
  }
#if SL_CLIENT_HOLD_BYTE
  held_ = false;
#endif
}

// The bytes of an inbound text message go to feed_ (feedEvents), set by
// setHandler() and by a send that takes a response slot (routeFeed once a
// send passed a reply parser): a program with neither (a sketch that only
// sends) does not link the event parser's feeding code (about 2.4 KB on
// AVR), and reads no inbound message.
// (len is never 0: WsFrameParser reports no empty MessageData span.)
void BasicClient::onMessageData(const uint8_t* data, size_t len) {
  if (!inText_) return;  // (a parser that failed takes no more bytes: feed() answers its sticky error)
  feed_(*this, data, len);
}

#if SL_CLIENT_HOLD_BYTE

// The event parser is fed pieces of at least two bytes: JsonParser::feed()'s
// inline single-byte path (about 550 B on AVR) is then never expanded here.
// A lone byte waits in heldByte_ for the next piece (or the message end:
// len 0).
void BasicClient::feedEvents(BasicClient& c, const uint8_t* data, size_t len) {
  if (!data) return c.eventsAt(len);
  if (c.held_) {
    c.feedHeld(*data++);
    --len;
  }
  if (len == 1) {
    c.heldByte_ = *data;
    c.held_ = true;
  } else if (len >= 2) {
    JsonParseError ignored = c.parser_.feed(data, len);  // sticky: checked by finish()
    (void)ignored;
  }
}

// The held byte and `next` as one piece (out of line: its two bytes of
// stack are gone when onMessageData feeds the rest).
void BasicClient::feedHeld(uint8_t next) {
  uint8_t two[2] = {heldByte_, next};
  held_ = false;
  JsonParseError ignored = parser_.feed(two, 2);
  (void)ignored;
}
#else
// The compact parser (SL_JSON_PARSER_SMALL) has no inline single-byte path:
// every piece goes to it as it comes.
void BasicClient::feedEvents(BasicClient& c, const uint8_t* data, size_t len) {
  if (!data) return c.eventsAt(len);
  JsonParseError ignored = c.parser_.feed(data, len);  // sticky: checked by finish()
  (void)ignored;
}
#endif

// A text message begins (kFeedBegin) or ends (kFeedEnd) while events are
// read: through feed_ only, so that a program that reads none links no
// reader code (its reset, the dispatch).
void BasicClient::eventsAt(size_t edge) {
  if (edge == kFeedBegin) return reader_.reset();
#if SL_CLIENT_HOLD_BYTE
  // The last byte, with a space after it: whitespace after the document
  // is allowed, and an unfinished document fails finish() either way.
  if (held_) feedHeld(' ');
#endif
  // Binary or not JSON: ignored. (An event is an object: done() once it
  // closed, with no error after it, as an error leaves the parser not
  // done(); finish() is needed only for a bare number.)
  if (!parser_.done()) return;
  if (reader_.type() == BasicInboundEventReader::Response) {
    slotOp(kResponse, 0);
  } else if (reader_.type() == BasicInboundEventReader::MessageReceived) {
    notify(kMessage);
  }
#if SL_ARCH_AVR
  // (No tail calls above: inlined into feedEvents(), which saves registers,
  // each would be a jump with its own copy of their restores; plain calls
  // and the one return are smaller.)
  __asm__ volatile("");
#endif
}

// feed_ once a send passed a reply parser (sl::Client only): the message's
// bytes through routeData(), its begin and end as feedEvents() takes them.
// A message's routing state starts afresh at its begin, and is fresh after
// its end too (for a message that began while feed_ was still feedEvents:
// a send from a callback).
void BasicClient::routeFeed(BasicClient& c, const uint8_t* data, size_t len) {
  detail::ClientExtra& x = *c.extra_;
  if (data || len == kFeedEnd) {
#if SL_CLIENT_HOLD_BYTE
    if (c.held_) {  // (fed by feedEvents() before this message's send with a reply parser)
      c.held_ = false;
      routeData(c, &c.heldByte_, 1);
    }
#endif
    if (data) return routeData(c, data, len);
  }
  if (len == kFeedEnd) c.eventsAt(kFeedEnd);
  x.route = 0;
  x.routeState = kFresh;
  if (len == kFeedBegin) c.eventsAt(kFeedBegin);
}

// The bytes of an inbound text message when replies may be routed. While a
// request with a reply parser is pending, the message goes to the event
// parser one byte at a time until the key "eventBody" has been read; if the
// requestId read before it is such a request's, the bytes of the value
// after the ':' go to its parser as well, until that parser is done (so it
// sees exactly one document, as a REST body). The rest goes in one piece.
void BasicClient::routeData(BasicClient& c, const uint8_t* data, size_t len) {
  if (c.extra_->routeState == kFresh) {
    c.extra_->routeState = kPass;
    for (uint8_t i = 0; i < c.extra_->maxPending; ++i) {
      if (c.extra_->pending[i].state && c.extra_->pending[i].reply) c.extra_->routeState = kLook;
    }
  }
  while (len && !c.parser_.error()) {
    size_t n = 1;
    if (c.extra_->routeState == kPass) {
      n = len;
    } else if (c.extra_->routeState == kLead) {
      if (*data == ':') c.extra_->routeState = kRoute;
    } else if (c.extra_->routeState == kRoute) {
      JsonParser& r = *c.extra_->route->reply;
      n = 0;
      while (n < len && c.extra_->route && !r.done() && !r.error()) feedParser(r, data + n++, 1);
      if (!c.extra_->route || r.done() || r.error()) c.extra_->routeState = kPass;
    }
    feedParser(c.parser_, data, n);
    data += n;
    len -= n;
    if (c.extra_->routeState == kLook && c.reader_.takeEventBody()) {
      Pending* p = c.reader_.hasRequestId() ? c.find(c.reader_.requestId(), 2) : 0;
      if (p && p->reply) {
        c.extra_->route = p;
        p->reply->reset();
        c.extra_->routeState = kLead;
      } else {
        c.extra_->routeState = kPass;  // not ours, or eventBody before requestId
      }
    }
  }
}

void BasicClient::onMessageEnd() {
  bool text = inText_;
  inText_ = false;
  if (text) feed_(*this, 0, kFeedEnd);  // (inText_: feed_ is set)
}
void BasicClient::onPong() {
  pingOut_ = false;
}

// (checkWs() reads why the WebSocket closed from ws_.error().)
void BasicClient::onClose(uint16_t code, WsError error) {
  (void)code;
  (void)error;
}

void BasicClient::onFormValue(const BasicInboundEventReader&) { notify(kFormValue); }

void BasicClient::notify(uint8_t event) {
  if (events_) events_(*this, event);  // (set with handler_: one pointer loaded)
}

// ---------------------------------------------------------------- REST

ClientError BasicClient::request(const char* method, const char* path, const char* const* query, BodyFn body, void* ctx,
                            HttpResponseHandler& handler) {
  if (!extra_) return ClientError::Unsupported;
  if (state_ == Idle) return ClientError::NotStarted;
  detail::ClientExtra& r = *extra_;
  bool starting = rest_ != kRestConnecting;  // else this call takes the pending connect further
  if (starting && (rest_ || state_ == Connecting)) return ClientError::Busy;  // the line buffer is in use
  if (!method || !path) return ClientError::InvalidArgument;
  Transport& t = restTransport();
  const char* host;  // (in the response's line buffer, free until then, when copied from flash)
  if (!hostInRam(r.line, host)) return ClientError::InvalidArgument;
  if (starting) {
    if (flashArgs_) {  // a flash key is checked here (the WebSocket handshake checks it as it is sent)
      FlashString key(apiKey_);
      for (size_t i = 0; key.at(i); ++i) {
        if (detail::httpIsCtl(static_cast<uint8_t>(key.at(i)))) return ClientError::InvalidArgument;
      }
    }
    if (restOnWs() && state_ == Open) {
      ws_.closeNow();  // (a best-effort close frame)
      lost(ClientError::Busy, false);  // reconnect right after the REST call
    }
    r.handler = 0;  // (no request written yet: a dropped connect tells nobody)
    rest_ = kRestConnecting;
    detail::clientRestHook = &BasicClient::restHook;  // the REST code is linked only when request() is
  }
  r.at = now();  // (loop() drops a connect not taken further within SL_CLIENT_CONNECT_TIMEOUT_MS)
  Transport::Progress p = t.connectStep(host, port_);
  if (p == Transport::Pending) return ClientError::InProgress;
  rest_ = 0;
  if (p == Transport::Failed) return ClientError::ConnectFailed;
  HttpRequestWriter req(t);
  req.begin(method, path);
  for (const char* const* q = query; q && q[0]; q += 2) req.query(q[0], q[1] ? q[1] : "");
  req.host(host, port_ == 80 || port_ == 443 ? 0 : port_);
  flashArgs_ ? req.bearer(FlashString(apiKey_)) : req.bearer(apiKey_);
  req.connectionClose();
  HttpError e;
  if (body) {
    req.contentType("application/json");
    e = req.end(body, ctx);
  } else {
    e = req.end();
  }
  if (e) {
    t.stop();
    return e == HttpError::WriteFailed ? ClientError::WriteFailed : ClientError::InvalidArgument;
  }
  // A fresh parser (as reset() would leave one; not built at construction).
  new (detail::InPlaceTag{&r.parser}) HttpResponseParser(r.line, sizeof r.line);
  r.line[0] = '\0';
  r.handler = &handler;
  r.status = 0;
  r.at = now();
  rest_ = restOnWs() ? kRestOnWs : kRestSecond;
  return ClientError::Ok;
}

void BasicClient::restHook(BasicClient& c, bool abort) {
  if (abort) {
    c.restDone(ClientError::ConnectionLost);
  } else {
    c.restStep();
  }
}

void BasicClient::restStep() {
  detail::ClientExtra& r = *extra_;
  Transport& t = restTransport();
  if (rest_ == kRestConnecting) {
    // Abandoned: no request() took the connect further for
    // SL_CLIENT_CONNECT_TIMEOUT_MS. Stopped (no handler yet: nobody is
    // told); on the WebSocket's transport the WebSocket reconnects.
    if (due(now(), r.at + SL_CLIENT_CONNECT_TIMEOUT_MS)) restDone(ClientError::Timeout);
    return;
  }
  uint8_t buf[SL_WS_READ_CHUNK];
  for (uint8_t i = 0; i < SL_WS_POLL_READS && rest_; ++i) {
    size_t n = t.read(buf, sizeof buf);
    const uint8_t* p = buf;
    HttpResponseParser::Event e;
    if (n == 0) {
      if (t.connected()) break;
      e = r.parser.finish();
      if (e == HttpResponseParser::MessageComplete) return restDone(ClientError::Ok);
      return restDone(r.status ? ClientError::ConnectionLost : ClientError::HttpFailed);
    }
    while (rest_ && (e = r.parser.next(p, n)) != HttpResponseParser::NeedMore) {
      if (e == HttpResponseParser::Status) {
        r.status = r.parser.status();
        r.handler->onStatus(r.status);
      } else if (e == HttpResponseParser::Body) {
        r.handler->onBody(r.parser.body(), r.parser.bodyLength());
      } else if (e == HttpResponseParser::MessageComplete) {
        return restDone(ClientError::Ok);
      } else if (e == HttpResponseParser::Error) {
        return restDone(ClientError::HttpFailed);
      }
    }
  }
  if (rest_ && due(now(), r.at + SL_CLIENT_REQUEST_TIMEOUT_MS)) restDone(ClientError::Timeout);
}

void BasicClient::restDone(ClientError e) {
  detail::ClientExtra& r = *extra_;
  restTransport().stop();
  rest_ = 0;
  HttpResponseHandler* h = r.handler;
  r.handler = 0;
  if (h) h->onComplete(e, r.status);
}

}  // namespace sl
