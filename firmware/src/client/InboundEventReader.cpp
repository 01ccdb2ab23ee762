#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "InboundEventReader.h"

#include <string.h>

namespace sl {

static_assert(SL_CLIENT_TYPE_MAX >= 1 && SL_CLIENT_TYPE_MAX <= 255, "SL_CLIENT_TYPE_MAX: 1..255");
static_assert(SL_CLIENT_REF_MAX >= 1 && SL_CLIENT_REF_MAX <= 255, "SL_CLIENT_REF_MAX: 1..255");
static_assert(SL_CLIENT_FORM_VALUE_MAX >= 1, "SL_CLIENT_FORM_VALUE_MAX: at least 1");

namespace {

// The key tree. kTop is the virtual container of the event (its element is
// the event object, kRoot); kItem is an element of formComponents (no key).
// The members of each object node (kRoot, kEventBody, kDataComponent,
// kItem) are the nodes that follow it, in the order of its group in kNames.
enum : uint8_t {
  kNone = 0,
  kTop, kRoot,
  kEventType, kFeatureType, kRequestId, kEventBody,
  kSuccess, kStatusCode, kError, kSenderId, kChannelId, kGroupChatId, kMessageId, kDataComponent,
  kComponentType, kText, kFormList,
  kItem,
  kRefName, kFormType, kValue,
  kNodes,
  kKeyPieces = 0xFF  // (in State::pending only: a key's KeyPart pieces came)
};
// Per node, in flash: what it is. Low nibble: capture slot (kNoSlot: none;
// an object node's is kGroup + the group of its members in kNames, which
// every slot user takes for none, as it does any slot above kMessageId);
// kObject / kArray: descended into when it is one; kElements: its elements
// are node + 1.
enum : uint8_t { kObject = 0x10, kArray = 0x20, kElements = 0x40 };
#define SL_SLOT(s) static_cast<uint8_t>(InboundEventReaderSlots::s)
struct InboundEventReaderSlots {  // (BasicInboundEventReader's slots)
  enum : uint8_t { kRef, kFormType, kFormValue, kScratch, kType, kSender, kChat, kText, kMessageId, kGroup, kNone = 15 };
};
// kNames' groups: the members of kRoot, kEventBody, kDataComponent, kItem,
// then the eventType and featureType values; kNoSlot's, the last, is empty
// (a key in any other container matches none).
enum : uint8_t { kGroupSlot = InboundEventReaderSlots::kGroup };
enum : uint8_t { kRootGroup, kBodyGroup, kComponentGroup, kItemGroup, kTypeGroup, kFeatureGroup };
static_assert(SL_SLOT(kNone) - SL_SLOT(kGroup) == kFeatureGroup + 1, "kNoSlot reads the empty last group");
const uint8_t kInfo[kNodes] SL_PROGMEM = {
    SL_SLOT(kNone),
    kElements | SL_SLOT(kNone), kObject | (SL_SLOT(kGroup) + kRootGroup),
    SL_SLOT(kScratch), SL_SLOT(kScratch), SL_SLOT(kScratch), kObject | (SL_SLOT(kGroup) + kBodyGroup),
    SL_SLOT(kNone), SL_SLOT(kNone), SL_SLOT(kText) /* a Response's error: the text buffer is free then */,
    SL_SLOT(kSender), SL_SLOT(kChat), SL_SLOT(kChat), SL_SLOT(kMessageId), kObject | (SL_SLOT(kGroup) + kComponentGroup),
    SL_SLOT(kType), SL_SLOT(kText), kArray | kElements | SL_SLOT(kNone),
    kObject | (SL_SLOT(kGroup) + kItemGroup),
    SL_SLOT(kRef), SL_SLOT(kFormType), SL_SLOT(kFormValue),
};
#undef SL_SLOT
// The names, in groups (above), each group ended by a 0 byte. A name is
// 7-bit ASCII with the high bit set on its last byte (the n-th name of an
// object node's group is node + n). One literal per name: a hex escape
// would run on into the next letters.
#define SL_ROOT_NAMES "eventTyp\xe5" "featureTyp\xe5" "requestI\xe4" "eventBod\xf9" "\0"
#define SL_BODY_NAMES                                                                                   \
  "succes\xf3" "statusCod\xe5" "erro\xf2" "senderI\xe4" "channelI\xe4" "groupChatI\xe4" "messageI\xe4" \
  "dataComponen\xf4" "\0"
#define SL_COMPONENT_NAMES "dataComponentTyp\xe5" "tex\xf4" "formComponent\xf3" "\0"
#define SL_ITEM_NAMES "refNam\xe5" "formComponentTyp\xe5" "valu\xe5" "\0"
#define SL_TYPE_NAMES "Respons\xe5" "MessageReceive\xe4" "\0"  // Type from 1
#define SL_FEATURE_NAMES "p2\xf0" "groupcha\xf4" "channe\xec" "\0"  // ClientFeature from 1
const char kNames[] SL_PROGMEM = SL_ROOT_NAMES SL_BODY_NAMES SL_COMPONENT_NAMES SL_ITEM_NAMES SL_TYPE_NAMES
    SL_FEATURE_NAMES /* the empty group: the literal's own 0 */;
// Where each group begins in kNames (sizeof a literal: its length + 1).
const uint8_t kGroupStart[kFeatureGroup + 2] SL_PROGMEM = {
    0,
    sizeof(SL_ROOT_NAMES) - 1,
    sizeof(SL_ROOT_NAMES SL_BODY_NAMES) - 1,
    sizeof(SL_ROOT_NAMES SL_BODY_NAMES SL_COMPONENT_NAMES) - 1,
    sizeof(SL_ROOT_NAMES SL_BODY_NAMES SL_COMPONENT_NAMES SL_ITEM_NAMES) - 1,
    sizeof(SL_ROOT_NAMES SL_BODY_NAMES SL_COMPONENT_NAMES SL_ITEM_NAMES SL_TYPE_NAMES) - 1,
    sizeof(SL_ROOT_NAMES SL_BODY_NAMES SL_COMPONENT_NAMES SL_ITEM_NAMES SL_TYPE_NAMES SL_FEATURE_NAMES) - 1,
};
static_assert(sizeof kNames <= 256, "kGroupStart: byte offsets");
// valueIn() matches a captured value without testing its type: no name of
// the groups it reads may start as a number's text does ('-' or a digit).
constexpr bool namesStartAsWords(const char* s, bool atStart) {
  return !*s || (!(atStart && (*s == '-' || (*s >= '0' && *s <= '9'))) && namesStartAsWords(s + 1, (*s & 0x80) != 0));
}
static_assert(namesStartAsWords(SL_TYPE_NAMES, true) && namesStartAsWords(SL_FEATURE_NAMES, true),
              "valueIn(): a type or feature name that starts like a number");
#undef SL_ROOT_NAMES
#undef SL_BODY_NAMES
#undef SL_COMPONENT_NAMES
#undef SL_ITEM_NAMES
#undef SL_TYPE_NAMES
#undef SL_FEATURE_NAMES

// The flash byte at s, then s moves past it: lpm Z+ on AVR (avr-gcc kept
// the pointer outside Z and moved it there for every byte of
// pgm_read_byte(s++)); elsewhere the plain read (the same through a
// function measured ~1,700 instructions slower per event on the lx106).
#if SL_ARCH_AVR
#define SL_FLASH_NEXT(s) flashNext(s)
inline uint8_t flashNext(const char*& s) {
  uint8_t c;
  __asm__("lpm %0, Z+" : "=r"(c), "+z"(s));
  return c;
}
#else
#define SL_FLASH_NEXT(s) SL_FLASH_READ((s)++)
#endif

// The position (1..) of the string text[0..len) in kNames' group `group`,
// 0 when absent.
SL_NOINLINE uint8_t position(uint8_t group, const char* text, size_t len) {
  const char* list = kNames + SL_FLASH_READ(&kGroupStart[group]);
  const uint8_t* end = reinterpret_cast<const uint8_t*>(text) + len;
  uint8_t n = 0;
  while (SL_FLASH_READ(list)) {
    ++n;
    // t: the next text byte to compare while the name matches so far, 0 once it does not.
    const uint8_t* t = reinterpret_cast<const uint8_t*>(text);
    uint8_t c;
    do {
      c = SL_FLASH_NEXT(list);
      uint8_t want = c & 0x7F;
      if (t && (t == end || *t++ != want)) t = 0;
    } while (!(c & 0x80));
    if (t == end) return n;
  }
  return 0;
}
#undef SL_FLASH_NEXT

// The position of a captured string in a group (0: cut, or absent). Any
// other value matches none without a test of its type: a number's text
// starts with '-' or a digit, which no name of the values' groups does, and
// the other values leave the text empty, which no name is. A cut value is
// compared with its terminating NUL (length + 1): no name holds a NUL, so
// it matches none (no branch for it).
uint8_t valueIn(const JsonValueCapture& v, uint8_t group) {
  return position(group, v.text(), v.length() + v.truncated());
}

char gNone[1];  // the buffer of unbound captures: always ""

// BasicInboundEventReader::responseField, set by the first readResponses()
// of the program: one for all readers (each reads Responses once its own
// readResponses() was called), so that in a program that never calls it the
// link-time optimizer folds it to null, with the test and the call in
// parse(). (A pointer in each reader kept both: about 30 B on AVR.)
void (*gResponses)(BasicInboundEventReader& r, uint8_t node, JsonEvent e, const JsonParser& p);  // (zero: static storage)

// Points `c` at buffer[0..n), cleared.
inline void bind(JsonValueCapture& c, char* buffer, size_t n) { c.rebind(buffer, n); }

}  // namespace

BasicInboundEventReader::BasicInboundEventReader(void* sink, EventFn fn, char* work)
    : bufs_(work), bound_() {  // (reset() binds the form slots)
  bound_.sink = sink;
  bound_.event = fn;
}

void BasicInboundEventReader::setBuffers(char* senderId, size_t senderCap, char* chatId, size_t chatCap, char* text,
                                    size_t textCap) {
  char* buf[3] = {senderId, chatId, text};
  size_t cap[3] = {senderCap, chatCap, textCap};
  for (uint8_t i = 0; i < 3; ++i) {
    bool none = !buf[i] || !cap[i];
    bound_.buf[i] = none ? gNone : buf[i];
    bound_.cap[i] = none ? 1 : cap[i];
    bound_.buf[i][0] = 0;
  }
}

// The form slots on bufs_ (bound afresh, which clears them), at each
// event and when each form component begins. Scratch shares its bytes with
// the form slots: it holds a top-level scalar (eventType, featureType,
// requestId) only until that value ends, and the form slots are read only
// inside a form component, which binds them afresh.
void BasicInboundEventReader::bindForm() {
#if SL_ARCH_AVR
  // (On AVR a loop over the consecutive buffers, the captures' stores
  // inline: smaller than three rebind() calls there, larger elsewhere.)
  char* b = bufs_ + SL_CLIENT_TYPE_MAX;
  JsonValueCapture* c = slots_.form;
  for (uint8_t i = 0; i < 3; ++i, ++c) {
    size_t n = i == 0 ? SL_CLIENT_REF_MAX : i == 1 ? SL_CLIENT_TYPE_MAX : SL_CLIENT_FORM_VALUE_MAX;
    *c = JsonValueCapture(b, n);
    b += n;
  }
#else
  char* form = bufs_ + SL_CLIENT_TYPE_MAX + SL_CLIENT_REF_MAX;
  bind(slots_.form[kRef], bufs_ + SL_CLIENT_TYPE_MAX, SL_CLIENT_REF_MAX);
  bind(slots_.form[kFormType], form, SL_CLIENT_TYPE_MAX);
  bind(slots_.form[kFormValue], form + SL_CLIENT_TYPE_MAX, SL_CLIENT_FORM_VALUE_MAX);
#endif
}

void BasicInboundEventReader::reset() {
  bindForm();
  // The buffer slots read "" until their key comes.
  bufs_[0] = 0;
  for (uint8_t i = 0; i < 3; ++i) {
    char*& b = bound_.buf[i];
    if (!b) {  // none yet (as built): gNone, as setBuffers() binds none
      b = gNone;
      bound_.cap[i] = 1;
    }
    b[0] = 0;
  }
  if (bound_.messageId) bound_.messageId->clear();
  s_ = State();
  s_.node[0] = kTop;
}

// The node's capture slot (kNoSlot: none).
inline uint8_t slotOf(uint8_t node) { return SL_FLASH_READ(&kInfo[node]) & 15; }

void BasicInboundEventReader::beginValue(uint8_t node) {
  uint8_t slot = slotOf(node);
  JsonValueCapture* c = captureFor(slot);  // (a buffer slot's: form[2])
  if (!c) return;
  if (slot < kScratch || slot >= kSlots) {  // a form slot, the caller's messageId
    c->clear();
    return;
  }
  char* buf = bufs_;  // (type's; scratch's further on: one load of bufs_)
  size_t cap;
  if (slot == kScratch) {
    buf += SL_CLIENT_TYPE_MAX + SL_CLIENT_REF_MAX;
    cap = kScratchBytes;
  } else if (slot == kType) {
    cap = SL_CLIENT_TYPE_MAX;
  } else {
    buf = bound_.buf[slot - kSender];  // (none: gNone, which cuts a value to "", flagged truncated)
    cap = bound_.cap[slot - kSender];
  }
  bind(*c, buf, cap);
}

// The capture of a slot's value (beginValue() bound it). (Out of line: its
// two callers share it.)
SL_NOINLINE JsonValueCapture* BasicInboundEventReader::captureFor(uint8_t slot) {
  if (slot >= kSlots) return slot == kMessageIdSlot ? bound_.messageId : 0;
  // (Constant steps: an index would be a multiplication.)
  // (SL_OPAQUE_AVR: two steps, not a switch on the slot with a return per case)
  JsonValueCapture* c = &slots_.form[kRef];
  SL_OPAQUE_AVR(c);
  if (slot >= kFormType) ++c;
  SL_OPAQUE_AVR(c);
  if (slot >= kFormValue) ++c;
  return c;
}

void BasicInboundEventReader::finishScalar(uint8_t node, uint8_t slot) {
  const JsonValueCapture& v = slots_.form[2];  // (a buffer slot's value, just ended)
  if (slot >= kType && slot < kSlots) {
    s_.cut[slot - kType] = v.truncated();
  }
  if (node == kEventType || node == kFeatureType) {  // (one call site)
    static_assert(kTypeGroup == kEventType + 1 && kFeatureGroup == kFeatureType + 1, "a value's group: node + 1");
    bool type = node == kEventType;
    uint8_t n = valueIn(v, static_cast<uint8_t>(node + 1));
    if (type) {
      s_.type = n & 3;
    } else {
      s_.feature = n & 3;
    }
  }
}

// A Response's success, statusCode (a piece of its value) and requestId
// (the whole value, in scratch).
void BasicInboundEventReader::responseField(BasicInboundEventReader& r, uint8_t node, JsonEvent e, const JsonParser& p) {
  State& s = r.s_;
  if (node == kSuccess) {
    s.success = e == JsonEvent::True;
  } else if (node == kStatusCode) {
    // 1..999 written as plain digits (a status code); anything else 0.
    uint16_t v = 0;
    bool ok = e == JsonEvent::Number && p.length() <= 3;
    for (uint8_t i = 0; ok && i < p.length(); ++i) {
      uint8_t c = static_cast<uint8_t>(p.data()[i] - '0');
      ok = c <= 9;
      v = static_cast<uint16_t>(v * 10 + c);
    }
    s.status = ok ? v : 0;
  } else {  // kRequestId
    const JsonValueCapture& v = r.slots_.form[2];  // (scratch's value, just ended)
    bool ok = v.type() == JsonValueCapture::String && v.length() == 8;
    uint32_t id = 0;
    for (uint8_t i = 0; ok && i < 8; ++i) {
      uint8_t c = static_cast<uint8_t>(v.text()[i]);
      uint8_t d = static_cast<uint8_t>(c - '0');
      uint8_t a = static_cast<uint8_t>(c - 'a');
      if (d > 9) d = static_cast<uint8_t>(a < 6 ? a + 10 : 16);  // one shift site: 32-bit shifts are long on AVR
      ok = d < 16;
      id = (id << 4) | d;
    }
    s.hasId = ok;
    s.id = id;
  }
}

void BasicInboundEventReader::readResponses() {
  gResponses = &BasicInboundEventReader::responseField;
  bound_.responses = true;
}

bool BasicInboundEventReader::onJson(JsonEvent e, const JsonParser& p) { return bound_.event && bound_.event(*this, e, p); }

void BasicInboundEventReader::parse(JsonEvent e, const JsonParser& p, FormValueFn formValueFn) {
  const uint8_t d = p.depth();
  const uint8_t at = d < sizeof s_.node ? s_.node[d] : static_cast<uint8_t>(kNone);
  const uint8_t atInfo = SL_FLASH_READ(&kInfo[at]);  // (one read for keys and values)
  // The depth inside a container that starts or ends here (8-bit arithmetic:
  // the parser's depth stays below 255).
  static_assert(SL_JSON_MAX_DEPTH < 255, "JsonParser depth + 1 fits a byte");
  const uint8_t inner = static_cast<uint8_t>(d + 1);
  if (e == JsonEvent::KeyPart || e == JsonEvent::Key) {
#if SL_CLIENT_READER_KEY_BUFFER
    for (size_t i = 0; i < p.length(); ++i) {
      if (s_.keyLen < sizeof key_) key_[s_.keyLen] = static_cast<char>(p.data()[i]);
      if (s_.keyLen <= sizeof key_) ++s_.keyLen;
    }
    const char* key = key_;
    uint8_t keyLen = s_.keyLen;
    bool fits = keyLen <= sizeof key_;
#else
    // A key of up to SL_JSON_KEY_BUFFER bytes (longer than any of the tree)
    // arrives whole, in one Key event; a longer one in pieces: no match.
    // (pending, free between a member's value and the next key, marks the
    // pieces: the Key event sets it.)
    if (e == JsonEvent::KeyPart) s_.pending = kKeyPieces;
    const char* key = reinterpret_cast<const char*>(p.data());
    size_t keyLen = p.length();
    bool fits = s_.pending != kKeyPieces;
#endif
    if (e == JsonEvent::Key) {
      // (`at` is a container node: node[] holds no other.)
      uint8_t n = fits ? position(static_cast<uint8_t>((atInfo & 15) - kGroupSlot), key, keyLen) : static_cast<uint8_t>(0);
      uint8_t node = n ? static_cast<uint8_t>(at + n) : static_cast<uint8_t>(kNone);
      s_.pending = node;
#if SL_CLIENT_READER_KEY_BUFFER
      s_.keyLen = 0;
#endif
      if (node == kEventBody) s_.body = true;
      if (node == kNone) {
        p.skipValue();
        return;  // (no slot to begin)
      }
      beginValue(node);
    }
    return;
  }
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) {
    // (Only an object's end finds kItem there: an array that ends at this
    // depth was descended, its own node in that place, or skipped, and
    // then its end is not seen.)
    if (inner < sizeof s_.node && s_.node[inner] == kItem) {
      s_.node[inner] = kNone;
      formValue(formValueFn);
    }
    return;
  }
  // A value: the member of the key just read, or an element.
  uint8_t target = p.inObject() ? s_.pending
                   : atInfo & kElements ? static_cast<uint8_t>(at + 1)
                                                            : static_cast<uint8_t>(kNone);
  const uint8_t info = SL_FLASH_READ(&kInfo[target]);  // (one read for both kinds of value)
  if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) {
    s_.pending = kNone;
    uint8_t want = e == JsonEvent::BeginObject ? kObject : kArray;
    if (!(info & want) || inner >= sizeof s_.node) {
      p.skipValue();
      // An object/array form value (kValue: neither kObject nor kArray):
      // its type only, captured below as a scalar's value is (the same
      // slot; finishScalar() has nothing to do for it).
      if (target != kValue) return;
    } else {
      s_.node[inner] = target;
      if (target == kItem) {
        bindForm();
      }
      return;
    }
  }
  // A scalar, a piece of a string (target kNone: no slot, nothing to
  // finish), or a form value's object/array (above).
  uint8_t slot = info & 15;  // slotOf(target)
  JsonValueCapture* c = captureFor(slot);  // (0 for kSuccess and kStatusCode)
  if (c) c->capture(e, p);  // (once cut, a string takes no later piece)
  // A Response's fields, at each piece: requestId's is read from scratch
  // again at its last one (nothing reads it in between).
  if (gResponses && bound_.responses && (target == kSuccess || target == kStatusCode || target == kRequestId)) {
    gResponses(*this, target, e, p);
  }
  if (e == JsonEvent::StringPart) return;  // more pieces follow
  finishScalar(target, slot);
  s_.pending = kNone;
}

// (No ClientFormValue here: this would be a frame of its own. The sink
// builds it, formValueNow(), with s_.items already counting it.)
void BasicInboundEventReader::formValue(FormValueFn fn) {
  ++s_.items;
  fn(bound_.sink, *this);
}

const char* BasicInboundEventReader::callerText(uint8_t i) const { return bound_.buf[i]; }

InboundMessage BasicInboundEventReader::message() const {
  InboundMessage m;
  m.feature = static_cast<ClientFeature>(s_.feature);
  m.senderId = callerText(kSender - kSender);
  m.chatId = callerText(kChat - kSender);
  m.componentType = bufs_;
  m.text = callerText(kText - kSender);
  m.senderIdTruncated = s_.cut[kSender - kType];
  m.chatIdTruncated = s_.cut[kChat - kType];
  m.componentTypeTruncated = s_.cut[kType - kType];
  m.textTruncated = s_.cut[kText - kType];
  // (one test of the pointer for both fields)
  if (const JsonValueCapture* id = bound_.messageId) {
    m.messageId = id->text();
    m.messageIdTruncated = id->truncated();
  } else {
    m.messageId = gNone;
    m.messageIdTruncated = false;
  }
  m.formValues = s_.items;
  return m;
}

}  // namespace sl
