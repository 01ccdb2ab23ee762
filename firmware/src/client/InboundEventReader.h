// InboundEventReader: a JsonHandler that picks what sl::Client needs out of
// an inbound WebSocket event (schemas/inbound-event.schema.json) as it
// streams through a JsonParser, with a fixed key tree in flash:
//
//   eventType, featureType, requestId,
//   eventBody.{success, statusCode, error, senderId, channelId, groupChatId, messageId},
//   eventBody.dataComponent.{dataComponentType, text},
//   eventBody.dataComponent.formComponents[*].{refName, formComponentType, value}
//
// (eventBody.error, a Response's message, lands in the text buffer: a
// Response carries no dataComponent.) Every other member is skipped with JsonParser::skipValue() (parsed and
// validated, no events). Strings land in JsonValueCaptures: sender, chat id
// and text in caller-sized buffers (setBuffers), the message id in a
// caller's capture when one is given (setMessageId), the rest in small internal
// ones (SL_CLIENT_TYPE_MAX, SL_CLIENT_REF_MAX, SL_CLIENT_FORM_VALUE_MAX);
// longer strings are cut at a UTF-8 boundary and flagged truncated(). Each
// form component is reported to the sink when its object closes, whatever
// the order of its keys. Keys may come in any order: read the fields after
// the parse has finished.
//
// (JsonPathMatcher is not used here: the event needs 16 paths, the matcher
// follows at most 4 on AVR, and it prunes the parser for its own paths.)
//
//   struct Forms : sl::InboundEventSink {
//     void onFormValue(const sl::ClientFormValue& v) override {
//       if (v.refName.equals("pump")) pump = v.value.boolean();
//     }
//   } forms;
//   sl::InboundEventReader reader(forms);
//   sl::JsonParser parser(reader);
//   reader.reset(); parser.reset();                 // per event
//   parser.feed(bytes, n); ...; if (!parser.finish() && reader.type() == sl::InboundEventReader::MessageReceived) ...
#ifndef SL_CLIENT_INBOUND_EVENT_READER_H
#define SL_CLIENT_INBOUND_EVENT_READER_H

#include "../json/JsonHandler.h"
#include "../json/JsonParser.h"
#include "../json/JsonValueCapture.h"

// Options: SL_CLIENT_TYPE_MAX, SL_CLIENT_REF_MAX, SL_CLIENT_FORM_VALUE_MAX
// (config/Config.h).

// The reader gathers keys in a buffer of its own (17 bytes) only when the
// parser's key buffer cannot hold the longest key of the tree: a key that
// fits in SL_JSON_KEY_BUFFER reaches the handler whole, in one Key event.
#define SL_CLIENT_READER_KEY_BUFFER (SL_JSON_KEY_BUFFER < 17)

namespace sl {

enum class ClientFeature : uint8_t { Unknown, P2p, GroupChat, Channel };

// An inbound MessageReceived. Strings are NUL-terminated, valid until the
// callback returns, "" when absent; *Truncated: cut to the buffer.
struct InboundMessage {
  ClientFeature feature;
  const char* senderId;
  const char* chatId;         // eventBody.channelId or .groupChatId ("" for p2p)
  const char* componentType;  // dataComponent.dataComponentType ("text", "formsubmission", ...)
  const char* text;           // dataComponent.text
  // eventBody.messageId (what a reaction or reply names): "" unless a
  // buffer was given (Client::setMessageIdBuffer).
  const char* messageId;
  bool senderIdTruncated;
  bool chatIdTruncated;
  bool componentTypeTruncated;
  bool textTruncated;
  bool messageIdTruncated;
  uint16_t formValues;        // form components delivered so far
};

// One submitted form component. `value` holds a scalar (string, number text,
// true/false/null); an object or array value only has its type() recorded.
// Valid during the callback only.
struct ClientFormValue {
  const JsonValueCapture& refName;
  const JsonValueCapture& type;  // formComponentType ("switch", "slider", "textbox", ...)
  const JsonValueCapture& value;
  uint16_t index;                // position in formComponents
};

class InboundEventSink {
 public:
  virtual void onFormValue(const ClientFormValue& v) { (void)v; }

 protected:
  ~InboundEventSink() = default;  // trivial: no vtable kept in RAM for it on AVR
};

// The reader without a work area of its own (sl::InboundEventReader, below,
// adds one): sl::Client lends it bytes that are free while it reads events.
// Its onJson() reaches the parsing code only through a pointer that binding
// a sink sets (bindSink()): a program that builds a reader but never binds
// one (sl::Client in a sketch that only sends) links none of that code.
class BasicInboundEventReader : public JsonHandler {
 public:
  enum Type : uint8_t { Other, Response, MessageReceived };
  // The work area: the internal captures' buffers (type, refName, form type
  // and value; the scratch shares the latter).
  static const size_t kScratchBytes = 16;  // "MessageReceived", an 8-digit requestId
  static const size_t kWorkBytes =
      SL_CLIENT_TYPE_MAX + SL_CLIENT_REF_MAX +
      (SL_CLIENT_TYPE_MAX + SL_CLIENT_FORM_VALUE_MAX > kScratchBytes ? SL_CLIENT_TYPE_MAX + SL_CLIENT_FORM_VALUE_MAX
                                                                      : kScratchBytes);

  // Without reading a Response's requestId, success and statusCode (they
  // stay 0) until readResponses(): the code for them is then linked only
  // into programs that call it (sl::Client does when a send takes a
  // response slot), and no test for them is left in one that does not.
  enum NoResponses { kNoResponses };
  // `work`: kWorkBytes, caller-owned, outliving the reader; reset() takes
  // its bytes over (they may serve elsewhere between events). reset() it
  // before its first event: the constructor does not (sl::InboundEventReader's
  // does; sl::Client resets it at each inbound message).
  // `sink`: an InboundEventSink, or any class with the same onFormValue()
  // (called directly, through no vtable: an owner like BasicClient keeps
  // none in RAM on AVR; it befriends BasicInboundEventReader if private),
  // or with onFormValue(const BasicInboundEventReader&), which takes the
  // value from the reader (formValueNow()) where it has a frame anyway.
  template <typename Target>
  BasicInboundEventReader(Target& sink, char* work, NoResponses)
      : BasicInboundEventReader(&sink, &eventTo<Target>, work) {}
  // Without a sink yet: events abort the parse (onJson() answers false)
  // until bindSink(). sl::Client binds when it starts reading events.
  // (bound_ cleared field by field: sl::BasicClient builds its reader in
  // storage it has cleared, where the compiler drops these stores of zero
  // as redundant: no clearing loop of its own.)
  BasicInboundEventReader(char* work, NoResponses) : bufs_(work) {
    bound_.sink = 0;
    bound_.event = 0;
    bound_.messageId = 0;
    bound_.buf[0] = bound_.buf[1] = bound_.buf[2] = 0;
    bound_.cap[0] = bound_.cap[1] = bound_.cap[2] = 0;
    bound_.responses = false;
#if defined(__AVR__)  // (no padding there: the fields' sizes add up to the struct's)
    static_assert(sizeof bound_ == sizeof bound_.sink + sizeof bound_.event + sizeof bound_.messageId +
                                       sizeof bound_.buf + sizeof bound_.cap + sizeof bound_.responses,
                  "a field added to Bound must be cleared here too, then counted in this sum");
#endif
  }
  // The sink (as above), in place of any earlier one; the other settings
  // are kept.
  template <typename Target>
  void bindSink(Target& sink) {
    bound_.sink = &sink;
    bound_.event = &eventTo<Target>;
  }
  void readResponses();

  // Caller-owned buffers for senderId, channelId/groupChatId and text (a
  // null buffer or capacity 0: not kept, flagged truncated when present).
  void setBuffers(char* senderId, size_t senderCap, char* chatId, size_t chatCap, char* text, size_t textCap);
  // Where eventBody.messageId goes (caller-owned, outlives the reader; 0:
  // not kept, the default, so the reader holds only this pointer for it).
  void setMessageId(JsonValueCapture* id) { bound_.messageId = id; }
  // Before each event (with JsonParser::reset()).
  // (Out of line: its fields are then short displacements from `this`, not
  // the far offsets of sl::Client's reader_ in the one caller it would be
  // inlined into.)
  SL_NOINLINE void reset();
  // (Through the bound sink's eventTo(): false while no sink is bound.)
  bool onJson(JsonEvent e, const JsonParser& p) override;

  // ---- results (complete once the parser has finished) ----
  Type type() const { return static_cast<Type>(s_.type); }
  ClientFeature feature() const { return static_cast<ClientFeature>(s_.feature); }
  // requestId when it was exactly 8 lowercase hex digits (sl::Client's ids).
  bool hasRequestId() const { return s_.hasId; }
  uint32_t requestId() const { return s_.id; }
  bool success() const { return s_.success; }
  uint16_t statusCode() const { return s_.status; }  // 0 when null/absent/out of range
  // dataComponent.text of a message, eventBody.error of a Response ("" when
  // absent or without a text buffer); textTruncated(): cut to the buffer.
  const char* text() const { return callerText(kText - kSender); }
  bool textTruncated() const { return s_.cut[kText - kType]; }
  InboundMessage message() const;
  // The form value being delivered (inside the sink's onFormValue): the
  // form slots and the component's index.
  ClientFormValue formValueNow() const {
    ClientFormValue v = {slots_.form[kRef], slots_.form[kFormType], slots_.form[kFormValue],
                         static_cast<uint16_t>(s_.items - 1)};
    return v;
  }
  // True once after the key of the top-level "eventBody" member was read
  // (its value comes next): sl::Client routes a Response's eventBody from
  // there, feeding the parser one byte at a time to see the key's end.
  bool takeEventBody() {
    bool b = s_.body;
    s_.body = false;
    return b;
  }

 private:
  // Capture slots. The form component's three come first: JsonValueCaptures
  // of their own (the sink reads them), form[slot]. Every other slot up to
  // kSlots is a buffer (internal ones, which follow each other in bufs_,
  // then the caller's) that one capture, form[2] (the form value's, between
  // form components), fills while its value streams in (only one scalar is
  // ever in progress); from kType on with its truncation flag in State::cut[slot - kType].
  // kMessageIdSlot: the caller's capture. kNoSlot: not captured.
  enum : uint8_t {
    kRef, kFormType, kFormValue, kScratch, kType, kSender, kChat, kText, kSlots,
    kMessageIdSlot = kSlots, kNoSlot = 15
  };
  // What the parse has found so far; all zero before each event (reset()).
  struct State {
    uint32_t id;
    uint16_t status;
    uint16_t items;
#if SL_CLIENT_READER_KEY_BUFFER
    uint8_t keyLen;  // key bytes gathered
#endif
    uint8_t node[6];  // node[d]: the tree node whose members (or elements) are at depth d
    uint8_t pending;  // the node of the key just read (without key_: a marker while a key comes in pieces)
    // (One byte for these.)
    uint8_t type : 2;     // Type
    uint8_t feature : 2;  // ClientFeature
    bool success : 1;
    bool hasId : 1;
    bool body : 1;
    bool cut[kSlots - kType];  // cut[slot - kType]: the buffer slot's value was cut to its buffer
  };

  // The caller's buffer i (kSender - kSender...), "" when none.
  const char* callerText(uint8_t i) const;
  JsonValueCapture* captureFor(uint8_t slot);
  // A key of the tree was read: its slot starts afresh. (Inline: its one
  // call site, in parse(); measured 6 B less than out of line on the Uno.)
  void beginValue(uint8_t node);
  SL_NOINLINE void bindForm();  // the form slots on their buffers, cleared
  void finishScalar(uint8_t node, uint8_t slot);
  // The sink's form value function: it takes the value from the reader
  // (formValueNow()), where the sink builds it.
  typedef void (*FormValueFn)(void* sink, const BasicInboundEventReader& r);
  void formValue(FormValueFn fn);  // (inline in parse(): no frame of its own, see the .cpp)
  static void responseField(BasicInboundEventReader& r, uint8_t node, JsonEvent e, const JsonParser& p);

  // (The fields read most come first: AVR addresses the first 64 bytes of
  // an object with one short instruction.)
  // One event for the sink's type (what onJson() calls): parse() reads it
  // and hands each form component to `formValue`, the sink's (a constant
  // that the optimizer propagates: a direct call).
  typedef bool (*EventFn)(BasicInboundEventReader& r, JsonEvent e, const JsonParser& p);
  BasicInboundEventReader(void* sink, EventFn fn, char* work);
  template <typename Target>
  static bool eventTo(BasicInboundEventReader& r, JsonEvent e, const JsonParser& p) {
    r.parse(e, p, &formValueTo<Target>);
    return true;
  }
  template <typename Target>
  static void formValueTo(void* sink, const BasicInboundEventReader& r) {
    formValueOf(static_cast<Target*>(sink), r, 0);
  }
  // A sink with onFormValue(const BasicInboundEventReader&) (BasicClient)
  // builds the ClientFormValue in a frame it has anyway; any other gets it
  // built here, for its onFormValue(const ClientFormValue&).
  template <typename Target>
  static auto formValueOf(Target* t, const BasicInboundEventReader& r, int) -> decltype(t->onFormValue(r), void()) {
    t->onFormValue(r);
  }
  template <typename Target>
  static void formValueOf(Target* t, const BasicInboundEventReader& r, long) {
    t->onFormValue(r.formValueNow());
  }
  void parse(JsonEvent e, const JsonParser& p, FormValueFn formValue);

  State s_;
#if SL_CLIENT_READER_KEY_BUFFER
  char key_[17];  // the longest keys of the tree: "dataComponentType", "formComponentType"
#endif
  // (Before bound_: the captures' fields, read in every parse step, within
  // the 64 bytes AVR reaches directly.)
  // Not built by the constructor: bindForm(), which runs before any use
  // (reset()), binds each to its buffer. form[2], the form value's, also
  // takes the value of a buffer slot (beginValue()): those come outside
  // form components, whose start binds it back (the value delivered).
  union Slots {
    Slots() {}
    JsonValueCapture form[3];  // kRef, kFormType, kFormValue
  } slots_;
  // type, refName, then the form type and value, whose bytes scratch shares (reset()).
  char* bufs_;  // the work area
  // What the caller binds (all zero when built: value-initialised as one
  // block, one clearing loop on AVR instead of a store per field).
  struct Bound {
    void* sink;
    EventFn event;  // (0: no sink bound, events abort the parse)
    JsonValueCapture* messageId;
    // The caller's buffers (kSender, kChat, kText; when none a 1-byte
    // buffer of the reader's that always reads "", set by setBuffers() or,
    // from 0 as built, by reset(): results and captures take them untested).
    char* buf[3];
    size_t cap[3];
    bool responses;  // readResponses() was called
  } bound_;
};

// The reader with its own work area.
class InboundEventReader : public BasicInboundEventReader {
 public:
  explicit InboundEventReader(InboundEventSink& sink) : BasicInboundEventReader(sink, work_, kNoResponses) {
    readResponses();
    reset();
  }

 private:
  char work_[kWorkBytes];  // (only its address is taken before it is built)
};

}  // namespace sl

#endif  // SL_CLIENT_INBOUND_EVENT_READER_H
