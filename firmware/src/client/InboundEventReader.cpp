#include "InboundEventReader.h"

namespace sl {

namespace {

// The key tree. Node 0 is the event object; kItem is an element of
// formComponents (no key). Parents and names in flash.
enum : uint8_t {
  kRoot = 0,
  kEventType, kFeatureType, kRequestId, kEventBody,
  kSuccess, kStatusCode, kError, kSenderId, kChannelId, kGroupChatId, kMessageId, kDataComponent,
  kComponentType, kText, kFormList,
  kItem,
  kRefName, kFormType, kValue,
  kNodes,
  kNone = 255
};
const uint8_t kParent[kNodes] SL_PROGMEM = {
    255,
    kRoot, kRoot, kRoot, kRoot,
    kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody, kEventBody,
    kDataComponent, kDataComponent, kDataComponent,
    kFormList,
    kItem, kItem, kItem,
};
// Names of nodes 1..kNodes-1, NUL-separated (kItem's is empty).
const char kNames[] SL_PROGMEM =
    "eventType\0featureType\0requestId\0eventBody\0"
    "success\0statusCode\0error\0senderId\0channelId\0groupChatId\0messageId\0dataComponent\0"
    "dataComponentType\0text\0formComponents\0"
    "\0"
    "refName\0formComponentType\0value";

const char kResponse[] SL_PROGMEM = "Response";
const char kMessageReceived[] SL_PROGMEM = "MessageReceived";
const char kP2p[] SL_PROGMEM = "p2p";
const char kGroupChat[] SL_PROGMEM = "groupchat";
const char kChannel[] SL_PROGMEM = "channel";

// True when the captured string is exactly the flash string `flash`.
bool is(const JsonValueCapture& v, const char* flash) {
  if (v.type() != JsonValueCapture::String || v.truncated()) return false;
  size_t i = 0;
  for (; i < v.length(); ++i) {
    if (SL_FLASH_READ(flash + i) != static_cast<uint8_t>(v.text()[i])) return false;
  }
  return SL_FLASH_READ(flash + i) == 0;
}

}  // namespace

InboundEventReader::InboundEventReader(InboundEventSink& sink)
    : sink_(sink),
      scratch_(scratchBuf_, sizeof scratchBuf_),
      componentType_(typeBuf_, sizeof typeBuf_),
      sender_(none_, 1),
      chat_(none_, 1),
      text_(none_, 1),
      ref_(refBuf_, sizeof refBuf_),
      formType_(formTypeBuf_, sizeof formTypeBuf_),
      formValue_(formValueBuf_, sizeof formValueBuf_),
      messageId_(0) {
  reset();
}

void InboundEventReader::setBuffers(char* senderId, size_t senderCap, char* chatId, size_t chatCap, char* text,
                                    size_t textCap) {
  sender_ = senderId && senderCap ? JsonValueCapture(senderId, senderCap) : JsonValueCapture(none_, 1);
  chat_ = chatId && chatCap ? JsonValueCapture(chatId, chatCap) : JsonValueCapture(none_, 1);
  text_ = text && textCap ? JsonValueCapture(text, textCap) : JsonValueCapture(none_, 1);
}

void InboundEventReader::reset() {
  // (scratch_ is cleared by each key that uses it, ref_/formType_/formValue_
  // when each form component begins: only what is read after the parse.)
  componentType_.clear();
  sender_.clear();
  chat_.clear();
  text_.clear();
  if (messageId_) messageId_->clear();
  id_ = 0;
  status_ = 0;
  items_ = 0;
  keyLen_ = 0;
  for (uint8_t i = 0; i < sizeof node_; ++i) node_[i] = kNone;
  pending_ = kNone;
  type_ = Other;
  feature_ = ClientFeature::Unknown;
  success_ = false;
  hasId_ = false;
  body_ = false;
}

uint8_t InboundEventReader::lookup(uint8_t parent) const {
  if (keyLen_ > sizeof key_) return kNone;
  const char* name = kNames;
  for (uint8_t node = 1; node < kNodes; ++node) {
    if (SL_FLASH_READ(&kParent[node]) == parent) {
      uint8_t i = 0;
      while (i < keyLen_ && SL_FLASH_READ(name + i) == static_cast<uint8_t>(key_[i])) ++i;
      if (i == keyLen_ && SL_FLASH_READ(name + i) == 0) return node;
    }
    while (SL_FLASH_READ(name)) ++name;
    ++name;
  }
  return kNone;
}

JsonValueCapture* InboundEventReader::captureFor(uint8_t node) {
  switch (node) {
    case kEventType:
    case kFeatureType:
    case kRequestId:
      return &scratch_;
    case kSenderId:
      return &sender_;
    case kChannelId:
    case kGroupChatId:
      return &chat_;
    case kMessageId:
      return messageId_;  // 0 when not asked for: not kept
    case kComponentType:
      return &componentType_;
    case kText:
    case kError:  // a Response's error message: the text buffer is free then
      return &text_;
    case kRefName:
      return &ref_;
    case kFormType:
      return &formType_;
    case kValue:
      return &formValue_;
    default:
      return 0;
  }
}

void InboundEventReader::finishScalar(uint8_t node) {
  if (node == kEventType) {
    type_ = is(scratch_, kResponse) ? Response : is(scratch_, kMessageReceived) ? MessageReceived : Other;
  } else if (node == kFeatureType) {
    feature_ = is(scratch_, kP2p)         ? ClientFeature::P2p
               : is(scratch_, kGroupChat) ? ClientFeature::GroupChat
               : is(scratch_, kChannel)   ? ClientFeature::Channel
                                          : ClientFeature::Unknown;
  } else if (node == kRequestId) {
    hasId_ = scratch_.type() == JsonValueCapture::String && scratch_.length() == 8;
    id_ = 0;
    for (uint8_t i = 0; hasId_ && i < 8; ++i) {
      uint8_t c = static_cast<uint8_t>(scratch_.text()[i]);
      uint8_t v = static_cast<uint8_t>(c - '0');
      uint8_t a = static_cast<uint8_t>(c - 'a');
      if (v > 9) v = static_cast<uint8_t>(a < 6 ? a + 10 : 16);  // one shift site: 32-bit shifts are long on AVR
      hasId_ = v < 16;
      id_ = (id_ << 4) | v;
    }
  }
}

bool InboundEventReader::onJson(JsonEvent e, const JsonParser& p) {
  uint8_t d = p.depth();
  switch (e) {
    case JsonEvent::KeyPart:
    case JsonEvent::Key: {
      for (size_t i = 0; i < p.length(); ++i) {
        if (keyLen_ < sizeof key_) key_[keyLen_] = static_cast<char>(p.data()[i]);
        if (keyLen_ <= sizeof key_) ++keyLen_;
      }
      if (e == JsonEvent::Key) {
        pending_ = d < sizeof node_ && node_[d] != kNone ? lookup(node_[d]) : static_cast<uint8_t>(kNone);
        keyLen_ = 0;
        if (pending_ == kEventBody) body_ = true;
        JsonValueCapture* c = captureFor(pending_);
        if (c) c->clear();
        if (pending_ == kNone) p.skipValue();
      }
      return true;
    }
    case JsonEvent::EndObject:
    case JsonEvent::EndArray:
      if (e == JsonEvent::EndObject && d < sizeof node_ - 1 && node_[d + 1] == kItem) {
        node_[d + 1] = kNone;
        ClientFormValue v = {ref_, formType_, formValue_, items_};
        ++items_;
        sink_.onFormValue(v);
      }
      return true;
    case JsonEvent::BeginObject:
    case JsonEvent::BeginArray: {
      bool object = e == JsonEvent::BeginObject;
      uint8_t target = d == 0             ? static_cast<uint8_t>(kRoot)
                       : p.inObject()     ? pending_
                       : d < sizeof node_ && node_[d] == kFormList ? static_cast<uint8_t>(kItem)
                                                                    : static_cast<uint8_t>(kNone);
      pending_ = kNone;
      if (target == kValue) {  // an object/array form value: its type only
        formValue_.capture(e, p);
        p.skipValue();
        return true;
      }
      bool wantObject = target == kRoot || target == kEventBody || target == kDataComponent || target == kItem;
      bool fits = d < sizeof node_ - 1;
      if (!fits || !((wantObject && object) || (target == kFormList && !object))) {
        p.skipValue();
        return true;
      }
      node_[d + 1] = target;
      if (target == kItem) {
        ref_.clear();
        formType_.clear();
        formValue_.clear();
      }
      return true;
    }
    default: {  // a scalar, or a piece of a string
      uint8_t target = p.inObject() ? pending_ : static_cast<uint8_t>(kNone);
      if (target == kNone) return true;
      if (target == kSuccess) {
        success_ = e == JsonEvent::True;
      } else if (target == kStatusCode) {
        // 1..999 written as plain digits (a status code); anything else 0.
        uint16_t v = 0;
        bool ok = e == JsonEvent::Number && p.length() <= 3;
        for (uint8_t i = 0; ok && i < p.length(); ++i) {
          uint8_t c = static_cast<uint8_t>(p.data()[i] - '0');
          ok = c <= 9;
          v = static_cast<uint16_t>(v * 10 + c);
        }
        status_ = ok ? v : 0;
      } else {
        JsonValueCapture* c = captureFor(target);
        // Once cut, a string takes no later piece (a short piece could fit
        // the freed room and leave a non-prefix).
        if (c && !(c->truncated() && c->type() == JsonValueCapture::String)) c->capture(e, p);
      }
      if (e == JsonEvent::StringPart) return true;  // more pieces follow
      finishScalar(target);
      pending_ = kNone;
      return true;
    }
  }
}

InboundMessage InboundEventReader::message() const {
  InboundMessage m;
  m.feature = feature_;
  m.senderId = sender_.text();
  m.chatId = chat_.text();
  m.componentType = componentType_.text();
  m.text = text_.text();
  m.messageId = messageId_ ? messageId_->text() : none_;
  m.messageIdTruncated = messageId_ && messageId_->truncated();
  m.senderIdTruncated = sender_.truncated();
  m.chatIdTruncated = chat_.truncated();
  m.componentTypeTruncated = componentType_.truncated();
  m.textTruncated = text_.truncated();
  m.formValues = items_;
  return m;
}

}  // namespace sl
