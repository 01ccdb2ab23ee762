#include "InboundEventReader.h"

#include <string.h>

namespace sl {

static_assert(SL_CLIENT_TYPE_MAX >= 1 && SL_CLIENT_TYPE_MAX <= 255, "SL_CLIENT_TYPE_MAX: 1..255");
static_assert(SL_CLIENT_REF_MAX >= 1 && SL_CLIENT_REF_MAX <= 255, "SL_CLIENT_REF_MAX: 1..255");
static_assert(SL_CLIENT_FORM_VALUE_MAX >= 1, "SL_CLIENT_FORM_VALUE_MAX: at least 1");

namespace {

// The key tree. kTop is the virtual container of the event (its element is
// the event object, kRoot); kItem is an element of formComponents (no key).
enum : uint8_t {
  kNone = 0,
  kTop, kRoot,
  kEventType, kFeatureType, kRequestId, kEventBody,
  kSuccess, kStatusCode, kError, kSenderId, kChannelId, kGroupChatId, kMessageId, kDataComponent,
  kComponentType, kText, kFormList,
  kItem,
  kRefName, kFormType, kValue,
  kNodes,
  kAnyParent = 0xFF  // (position(): any entry)
};
// Per node, in flash: its parent, and what it is. Low nibble: capture slot
// (kNoSlot: none); kObject / kArray: descended into when it is one;
// kElements: its elements are node + 1.
enum : uint8_t { kObject = 0x10, kArray = 0x20, kElements = 0x40 };
#define SL_SLOT(s) static_cast<uint8_t>(InboundEventReaderSlots::s)
struct InboundEventReaderSlots {  // (BasicInboundEventReader's slots)
  enum : uint8_t { kRef, kFormType, kFormValue, kScratch, kType, kSender, kChat, kText, kMessageId, kNone = 15 };
};
const uint8_t kParent[kNodes] SL_PROGMEM = {
    kNone,
    kNone, kTop,
    kRoot, kRoot, kRoot, kRoot,
    kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody,
    kDataComponent, kDataComponent, kDataComponent,
    kFormList,
    kItem, kItem, kItem,
};
const uint8_t kInfo[kNodes] SL_PROGMEM = {
    SL_SLOT(kNone),
    kElements | SL_SLOT(kNone), kObject | SL_SLOT(kNone),
    SL_SLOT(kScratch), SL_SLOT(kScratch), SL_SLOT(kScratch), kObject | SL_SLOT(kNone),
    SL_SLOT(kNone), SL_SLOT(kNone), SL_SLOT(kText) /* a Response's error: the text buffer is free then */,
    SL_SLOT(kSender), SL_SLOT(kChat), SL_SLOT(kChat), SL_SLOT(kMessageId), kObject | SL_SLOT(kNone),
    SL_SLOT(kType), SL_SLOT(kText), kArray | kElements | SL_SLOT(kNone),
    kObject | SL_SLOT(kNone),
    SL_SLOT(kRef), SL_SLOT(kFormType), SL_SLOT(kFormValue),
};
#undef SL_SLOT
// Names of nodes kEventType.. (the n-th name is node kRoot + n; kItem's is empty).
const char kNames[] SL_PROGMEM =
    "eventType\0featureType\0requestId\0eventBody\0"
    "success\0statusCode\0error\0senderId\0channelId\0groupChatId\0messageId\0dataComponent\0"
    "dataComponentType\0text\0formComponents\0"
    "\0"
    "refName\0formComponentType\0value";
// eventType and featureType values, in Type / ClientFeature order from 1.
const char kTypes[] SL_PROGMEM = "Response\0MessageReceived";
const char kFeatures[] SL_PROGMEM = "p2p\0groupchat\0channel";

// The position (1..count) of the string text[0..len) in a NUL-separated
// flash list, considering only entries whose kParent (entry n is node
// kRoot + n) is `parent` unless parent is kAnyParent; 0 when absent. (No
// entry's parent is kNone: a key in an unknown container matches none.)
SL_NOINLINE uint8_t position(const char* list, uint8_t count, const char* text, size_t len, uint8_t parent) {
  for (uint8_t n = 1; n <= count; ++n) {
    size_t i = 0;
    uint8_t c;
    while ((c = SL_FLASH_READ(list + i)) != 0 && i < len && c == static_cast<uint8_t>(text[i])) ++i;
    if (c == 0 && i == len && (parent == kAnyParent || SL_FLASH_READ(&kParent[kRoot + n]) == parent)) return n;
    while (SL_FLASH_READ(list)) ++list;
    ++list;
  }
  return 0;
}

// The position of a captured string in a flash list (0: not a complete string, or absent).
uint8_t valueIn(const JsonValueCapture& v, const char* list, uint8_t count) {
  if (v.type() != JsonValueCapture::String || v.truncated()) return 0;
  return position(list, count, v.text(), v.length(), kAnyParent);
}

char gNone[1];  // the buffer of unbound captures: always ""

// Points `c` at buffer[0..n), cleared (one copy of the construction).
SL_NOINLINE void bind(JsonValueCapture& c, char* buffer, size_t n) { c = JsonValueCapture(buffer, n); }

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
    bound_.buf[i] = none ? 0 : buf[i];
    bound_.cap[i] = none ? 0 : cap[i];
    if (!none) buf[i][0] = 0;
  }
}

// The form slots on bufs_ (bound afresh, which clears them), at each
// event and when each form component begins. Scratch shares its bytes with
// the form slots: it holds a top-level scalar (eventType, featureType,
// requestId) only until that value ends, and the form slots are read only
// inside a form component, which binds them afresh.
void BasicInboundEventReader::bindForm() {
  char* form = bufs_ + SL_CLIENT_TYPE_MAX + SL_CLIENT_REF_MAX;
  bind(slots_.form[kRef], bufs_ + SL_CLIENT_TYPE_MAX, SL_CLIENT_REF_MAX);
  bind(slots_.form[kFormType], form, SL_CLIENT_TYPE_MAX);
  bind(slots_.form[kFormValue], form + SL_CLIENT_TYPE_MAX, SL_CLIENT_FORM_VALUE_MAX);
}

void BasicInboundEventReader::reset() {
  bindForm();
  // The buffer slots read "" until their key comes.
  bufs_[0] = 0;
  for (uint8_t i = 0; i < 3; ++i) {
    if (char* b = bound_.buf[i]) b[0] = 0;
  }
  if (bound_.messageId) bound_.messageId->clear();
  s_ = State();
  s_.node[0] = kTop;
}

// The node's capture slot (kNoSlot: none).
inline uint8_t slotOf(uint8_t node) { return SL_FLASH_READ(&kInfo[node]) & 15; }

void BasicInboundEventReader::beginValue(uint8_t node) {
  uint8_t slot = slotOf(node);
  if (slot == kMessageIdSlot) {
    if (bound_.messageId) bound_.messageId->clear();
  } else if (slot <= kFormValue) {
    slots_.form[slot].clear();
  } else if (slot < kSlots) {
    char* buf;
    size_t cap;
    if (slot == kScratch) {
      buf = bufs_ + SL_CLIENT_TYPE_MAX + SL_CLIENT_REF_MAX;
      cap = kScratchBytes;
    } else if (slot == kType) {
      buf = bufs_;
      cap = SL_CLIENT_TYPE_MAX;
    } else {
      buf = bound_.buf[slot - kSender];
      cap = bound_.cap[slot - kSender];
      if (!buf) {  // none: a value that is cut to "" (flagged truncated)
        buf = gNone;
        cap = 1;
      }
    }
    bind(slots_.form[2], buf, cap);
  }
}

// The capture of a slot's value (beginValue() bound it).
JsonValueCapture* BasicInboundEventReader::captureFor(uint8_t slot) {
  if (slot == kMessageIdSlot) return bound_.messageId;
  if (slot >= kSlots) return 0;
  // (Constant offsets: an index would be a multiplication.)
  return slot == kRef ? &slots_.form[kRef] : slot == kFormType ? &slots_.form[kFormType] : &slots_.form[kFormValue];
}

void BasicInboundEventReader::finishScalar(uint8_t node, uint8_t slot) {
  const JsonValueCapture& v = slots_.form[2];  // (a buffer slot's value, just ended)
  if (slot >= kType && slot < kSlots) {
    s_.cut[slot - kType] = v.truncated();
  }
  if (node == kEventType || node == kFeatureType) {  // (one call site)
    bool type = node == kEventType;
    uint8_t n = valueIn(v, type ? kTypes : kFeatures, type ? 2 : 3);
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

bool BasicInboundEventReader::onJson(JsonEvent e, const JsonParser& p) { return bound_.event && bound_.event(*this, e, p); }

void BasicInboundEventReader::parse(JsonEvent e, const JsonParser& p, FormValueFn formValueFn) {
  const uint8_t d = p.depth();
  const uint8_t at = d < sizeof s_.node ? s_.node[d] : static_cast<uint8_t>(kNone);
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
    if (e == JsonEvent::KeyPart) s_.keyPart = true;
    const char* key = reinterpret_cast<const char*>(p.data());
    size_t keyLen = p.length();
    bool fits = !s_.keyPart;
#endif
    if (e == JsonEvent::Key) {
      uint8_t n = fits ? position(kNames, kNodes - kEventType, key, keyLen, at) : static_cast<uint8_t>(0);
      uint8_t node = n ? static_cast<uint8_t>(kRoot + n) : static_cast<uint8_t>(kNone);
      s_.pending = node;
#if SL_CLIENT_READER_KEY_BUFFER
      s_.keyLen = 0;
#else
      s_.keyPart = false;
#endif
      if (node == kEventBody) s_.body = true;
      if (node == kNone) p.skipValue();
      beginValue(node);
    }
    return;
  }
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) {
    if (e == JsonEvent::EndObject && inner < sizeof s_.node && s_.node[inner] == kItem) {
      s_.node[inner] = kNone;
      formValue(formValueFn);
    }
    return;
  }
  // A value: the member of the key just read, or an element.
  uint8_t target = p.inObject() ? s_.pending
                   : SL_FLASH_READ(&kInfo[at]) & kElements ? static_cast<uint8_t>(at + 1)
                                                            : static_cast<uint8_t>(kNone);
  if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) {
    s_.pending = kNone;
    if (target == kValue) {  // an object/array form value: its type only
      slots_.form[kFormValue].capture(e, p);
      p.skipValue();
      return;
    }
    uint8_t want = e == JsonEvent::BeginObject ? kObject : kArray;
    if (!(SL_FLASH_READ(&kInfo[target]) & want) || inner >= sizeof s_.node) {
      p.skipValue();
      return;
    }
    s_.node[inner] = target;
    if (target == kItem) {
      bindForm();
    }
    return;
  }
  // A scalar, or a piece of a string (target kNone: no slot, nothing to finish).
  uint8_t slot = slotOf(target);
  JsonValueCapture* c = captureFor(slot);  // (0 for kSuccess and kStatusCode)
  if (c) c->capture(e, p);  // (once cut, a string takes no later piece)
  // A Response's fields, at each piece: requestId's is read from scratch
  // again at its last one (nothing reads it in between).
  if (bound_.responses && (target == kSuccess || target == kStatusCode || target == kRequestId)) {
    bound_.responses(*this, target, e, p);
  }
  if (e == JsonEvent::StringPart) return;  // more pieces follow
  finishScalar(target, slot);
  s_.pending = kNone;
}

void BasicInboundEventReader::formValue(FormValueFn fn) {
  ClientFormValue v = {slots_.form[0], slots_.form[1], slots_.form[2], s_.items};
  ++s_.items;
  fn(bound_.sink, v);
}

const char* BasicInboundEventReader::callerText(uint8_t i) const { return bound_.buf[i] ? bound_.buf[i] : gNone; }

InboundMessage BasicInboundEventReader::message() const {
  InboundMessage m;
  m.feature = static_cast<ClientFeature>(s_.feature);
  m.senderId = callerText(kSender - kSender);
  m.chatId = callerText(kChat - kSender);
  m.componentType = bufs_;
  m.text = callerText(kText - kSender);
  m.messageId = bound_.messageId ? bound_.messageId->text() : gNone;
  m.senderIdTruncated = s_.cut[kSender - kType];
  m.chatIdTruncated = s_.cut[kChat - kType];
  m.componentTypeTruncated = s_.cut[kType - kType];
  m.textTruncated = s_.cut[kText - kType];
  m.messageIdTruncated = bound_.messageId && bound_.messageId->truncated();
  m.formValues = s_.items;
  return m;
}

}  // namespace sl
