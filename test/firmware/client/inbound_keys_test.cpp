// sl::InboundEventReader's key and value names: every key of its tree is
// recognised in its own object and nowhere else, and nothing else is: each
// name and every one-byte variation of it (each byte changed, dropped,
// doubled, escaped; a byte inserted; cut short; run on past the parser's key
// buffer) in each object of the tree, fed whole and split in the middle;
// the names, their escaped forms and some variations also byte by byte and
// split at every byte. The same for the eventType and featureType values. A name that is
// recognised shows in what the reader reports (type, feature, requestId,
// success, statusCode, the text/sender/chat/messageId buffers, the component
// type, the form values, takeEventBody()); an unknown one leaves that as it
// is with the member absent.
// (inbound-keys.test.ts runs it on the host with the default parser, an
// 8-byte parser key buffer (the reader then gathers keys itself) and the
// compact parser; boards.test.ts on every board. The tree's names and values,
// the replacement bytes and the eventType/featureType values are in flash on
// AVR (SL_PROGMEM, copied into RAM one name at a time): the Uno holds it,
// 60 B static + 1,358 B stack, ~170 M cycles (not split at every byte there).)
#include <string.h>

#include "SlTest.h"
#include "client/InboundEventReader.h"

namespace {

struct FormLog : sl::InboundEventSink {
  char log[64];
  size_t n = 0;
  FormLog() { log[0] = 0; }
  void put(const char* s, size_t len) {
    while (len-- && n + 1 < sizeof log) log[n++] = *s++;
    log[n] = 0;
  }
  void put(char ch) { put(&ch, 1); }
  void onFormValue(const sl::ClientFormValue& v) override {
    put(v.refName.text(), v.refName.length());
    put('=');
    put(v.value.text(), v.value.length());
    put('/');
    put(v.type.text(), v.type.length());
    put(';');
  }
};

// Appends text and a separator to out (bounded).
void add(char* out, size_t cap, const char* text) {
  size_t n = strlen(out);
  while (*text && n + 2 < cap) out[n++] = *text++;
  out[n++] = '|';
  out[n] = 0;
}

void addInt(char* out, size_t cap, unsigned long v) {
  char b[12];
  int i = 11;
  b[i] = 0;
  do {
    b[--i] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  add(out, cap, b + i);
}

// What the reader reports for `doc` fed in pieces: whole (cut 0), split
// after byte `cut`, or byte by byte (cut == ~0). Empty when the parse fails.
void summary(const char* doc, size_t len, size_t cut, char* out, size_t cap) {
  out[0] = 0;
  FormLog forms;
  char sender[8], chat[8], text[8], id[8];
  sl::InboundEventReader reader(forms);
  reader.setBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  sl::JsonValueCapture idCapture(id, sizeof id);
  reader.setMessageId(&idCapture);
  sl::JsonParser parser(reader);
  reader.reset();
  bool body = false;
  bool ok = true;
  if (cut == static_cast<size_t>(~0)) {
    for (size_t i = 0; i < len && ok; ++i) {
      ok = !parser.feed(doc + i, 1);
      body = reader.takeEventBody() || body;
    }
  } else {
    ok = !parser.feed(doc, cut);
    body = reader.takeEventBody() || body;
    ok = ok && !parser.feed(doc + cut, len - cut);
    body = reader.takeEventBody() || body;
  }
  if (!ok || parser.finish()) return;
  sl::InboundMessage m = reader.message();
  addInt(out, cap, reader.type());
  addInt(out, cap, static_cast<unsigned long>(reader.feature()));
  addInt(out, cap, reader.hasRequestId());
  addInt(out, cap, reader.requestId());
  addInt(out, cap, reader.success());
  addInt(out, cap, reader.statusCode());
  addInt(out, cap, body);
  add(out, cap, m.senderId);
  add(out, cap, m.chatId);
  add(out, cap, m.componentType);
  add(out, cap, m.text);
  add(out, cap, m.messageId);
  addInt(out, cap, m.formValues);
  add(out, cap, forms.log);
}

// Strings in flash (SL_PROGMEM) on AVR, read a byte at a time; plain
// memory elsewhere.
char fget(const char* f) { return static_cast<char>(SL_FLASH_READ(f)); }
// Copies flash string f (with its NUL) to dst; returns its length.
size_t fcopy(char* dst, const char* f) {
  size_t n = 0;
  while ((dst[n] = fget(f + n)) != 0) ++n;
  return n;
}
// Is `ram` the same text as flash string f?
bool fequal(const char* ram, const char* f) {
  size_t i = 0;
  for (; ram[i] && ram[i] == fget(f + i); ++i) {
  }
  return ram[i] == fget(f + i);
}
// A constant (a table entry, a pointer in a table) kept in flash on AVR.
template <class T>
T fromFlash(const T& x) {
#ifdef __AVR__
  T t;
  memcpy_P(&t, &x, sizeof t);
  return t;
#else
  return x;
#endif
}

// The tree's objects: where a member goes in an event, and its names, each
// with a value that shows when the name is recognised. (All in flash on AVR:
// the names and values as kName_<name> / kValue_<name>.)
#define SL_IK_MEMBERS(X)                                   \
  X(eventType, "\"MessageReceived\"")                      \
  X(featureType, "\"channel\"")                            \
  X(requestId, "\"0badf00d\"")                             \
  X(eventBody, "{\"senderId\":\"S\"}")                      \
  X(success, "true")                                       \
  X(statusCode, "404")                                     \
  X(error, "\"E\"")                                        \
  X(senderId, "\"S\"")                                     \
  X(channelId, "\"C\"")                                    \
  X(groupChatId, "\"G\"")                                  \
  X(messageId, "\"M\"")                                    \
  X(dataComponent, "{\"text\":\"X\"}")                      \
  X(dataComponentType, "\"T\"")                            \
  X(text, "\"X\"")                                         \
  X(formComponents, "[{\"refName\":\"r\"}]")                \
  X(refName, "\"r\"")                                      \
  X(formComponentType, "\"f\"")                            \
  X(value, "\"v\"")
#define SL_IK_STRINGS(name, value)                  \
  const char kName_##name[] SL_PROGMEM = #name;     \
  const char kValue_##name[] SL_PROGMEM = value;
SL_IK_MEMBERS(SL_IK_STRINGS)
#undef SL_IK_STRINGS
#define SL_IK_MEMBER(name) {kName_##name, kValue_##name}

const char kPrefix0[] SL_PROGMEM = "{";
const char kSuffix0[] SL_PROGMEM = "}";
const char kPrefix1[] SL_PROGMEM = "{\"eventBody\":{";
const char kSuffix1[] SL_PROGMEM = "}}";
const char kPrefix2[] SL_PROGMEM = "{\"eventBody\":{\"dataComponent\":{";
const char kSuffix2[] SL_PROGMEM = "}}}";
const char kPrefix3[] SL_PROGMEM = "{\"eventBody\":{\"dataComponent\":{\"formComponents\":[{";
const char kSuffix3[] SL_PROGMEM = "}]}}}";

struct Member {
  const char* name;   // (flash)
  const char* value;  // (flash)
};
struct Container {
  const char* prefix;  // the event up to the member (flash)
  const char* suffix;  // and after it (flash)
  Member members[8];
};
const size_t kMembersMax = 8;
const Container kContainers[] SL_PROGMEM = {
    {kPrefix0, kSuffix0,
     {SL_IK_MEMBER(eventType), SL_IK_MEMBER(featureType), SL_IK_MEMBER(requestId), SL_IK_MEMBER(eventBody)}},
    {kPrefix1, kSuffix1,
     {SL_IK_MEMBER(success), SL_IK_MEMBER(statusCode), SL_IK_MEMBER(error), SL_IK_MEMBER(senderId),
      SL_IK_MEMBER(channelId), SL_IK_MEMBER(groupChatId), SL_IK_MEMBER(messageId), SL_IK_MEMBER(dataComponent)}},
    {kPrefix2, kSuffix2, {SL_IK_MEMBER(dataComponentType), SL_IK_MEMBER(text), SL_IK_MEMBER(formComponents)}},
    {kPrefix3, kSuffix3, {SL_IK_MEMBER(refName), SL_IK_MEMBER(formComponentType), SL_IK_MEMBER(value)}},
};
const size_t kContainerCount = sizeof kContainers / sizeof kContainers[0];
#undef SL_IK_MEMBER

// Member i of container c (its name 0 past the last one).
Member memberAt(size_t c, size_t i) { return fromFlash(kContainers[c].members[i]); }

// The fixed one-byte replacements (after the case flip and the neighbours):
// a NUL, a 2-byte and a 3-byte character, DEL, a space.
const char kRepNul[] SL_PROGMEM = "\\u0000";
const char kRep2Byte[] SL_PROGMEM = "\xc3\xa9";
const char kRep2ByteEscaped[] SL_PROGMEM = "\\u00e5";
const char kRep3Byte[] SL_PROGMEM = "\xe5\x80\x80";
const char kRepDel[] SL_PROGMEM = "\x7f";
const char kRepSpace[] SL_PROGMEM = " ";
const char* const kReplacements[] SL_PROGMEM = {kRepNul, kRep2Byte, kRep2ByteEscaped, kRep3Byte, kRepDel, kRepSpace};
const size_t kReplacementMax = 7;  // "\u0000" and its NUL

// (AVR: not split at every byte; the same variations.)
#ifdef __AVR__
const bool kEveryCut = false;
#else
const bool kEveryCut = true;
#endif

int gFailures = 0;
long gDocs = 0;

// The event with `key` (raw JSON string content, in RAM) holding `value`
// (flash) in container c; 0 when it does not fit in cap.
size_t makeDoc(char* doc, size_t cap, size_t c, const char* key, const char* value) {
  doc[0] = 0;
  static const char kQuote[] SL_PROGMEM = "\"";
  static const char kQuoteColon[] SL_PROGMEM = "\":";
  const char* parts[] = {fromFlash(kContainers[c].prefix), kQuote, key, kQuoteColon, value,
                         fromFlash(kContainers[c].suffix)};
  size_t n = 0;
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; ++i) {
    const bool inRam = i == 2;  // the key (the rest is in flash)
    for (const char* p = parts[i];; ++p) {
      const char ch = inRam ? *p : fget(p);
      if (!ch) break;
      if (n + 2 > cap) return 0;  // (room for the byte and the NUL)
      doc[n++] = ch;
    }
  }
  doc[n] = 0;
  return n;
}

// Checks that the event reads as `want`, fed whole and split in the middle;
// with everyCut also byte by byte and (not on AVR: time) split at every byte.
bool expect(const char* doc, size_t len, const char* want, bool everyCut) {
  char got[96];
  ++gDocs;
  size_t cuts[] = {0, len / 2, static_cast<size_t>(~0)};
  bool ok = true;
  for (size_t i = 0; ok && i < (everyCut ? 3 : 2); ++i) {
    summary(doc, len, cuts[i], got, sizeof got);
    ok = strcmp(got, want) == 0;
  }
  for (size_t cut = 1; ok && kEveryCut && everyCut && cut < len; ++cut) {
    summary(doc, len, cut, got, sizeof got);
    ok = strcmp(got, want) == 0;
  }
  if (!ok && ++gFailures <= 5) {
    CHECK_EQ_STR(doc, "");  // (shows the event)
    CHECK_EQ_STR(got, want);
  }
  return ok;
}

// Is `key` (plain bytes, in RAM) one of container c's names?
bool isName(size_t c, const char* key) {
  for (size_t i = 0; i < kMembersMax; ++i) {
    const Member m = memberAt(c, i);
    if (m.name && fequal(key, m.name)) return true;
  }
  return false;
}

// Every one-byte variation of the member of container c named `name` (in
// RAM) with `value` (flash) reads as an unknown key (`unknown`), unless it
// is another name of c.
void variations(size_t c, const char* name, const char* value, const char* unknown) {
  char key[64], doc[160];
  const size_t n = strlen(name);
  auto unknownKey = [&](const char* k, bool everyCut) {
    if (isName(c, k)) return;
    size_t len = makeDoc(doc, sizeof doc, c, k, value);
    if (CHECK(len)) expect(doc, len, unknown, everyCut);
  };
  for (size_t i = 0; i < n; ++i) {
    const char ch = name[i];
    // Changed: case flipped, the neighbours, then kReplacements (a NUL, a
    // 2-byte and a 3-byte character, DEL, a space).
    char flip[2] = {static_cast<char>(ch ^ 0x20), 0}, up[2] = {static_cast<char>(ch + 1), 0},
         down[2] = {static_cast<char>(ch - 1), 0}, fixed[kReplacementMax];
    const char* replacements[] = {flip, up, down};
    const size_t kFixed = sizeof kReplacements / sizeof kReplacements[0];
    for (size_t j = 0; j < 3 + kFixed; ++j) {
      const char* r = j < 3 ? replacements[j] : fixed;
      if (j >= 3) fcopy(fixed, fromFlash(kReplacements[j - 3]));
      memcpy(key, name, i);
      strcpy(key + i, r);
      strcat(key, name + i + 1);
      unknownKey(key, i == n - 1 || r == flip);
    }
    // Dropped, doubled, an 'x' inserted before it.
    memcpy(key, name, i);
    strcpy(key + i, name + i + 1);
    unknownKey(key, true);
    memcpy(key, name, i + 1);
    strcpy(key + i + 1, name + i);
    unknownKey(key, false);
    memcpy(key, name, i);
    key[i] = 'x';
    strcpy(key + i + 1, name + i);
    unknownKey(key, false);
    // Cut short after i bytes (the empty key too).
    memcpy(key, name, i);
    key[i] = 0;
    unknownKey(key, i + 1 == n);
  }
  // Run on: one byte more, up to 40 (past any parser key buffer), a NUL.
  for (size_t extra = 1; extra <= 40; ++extra) {
    strcpy(key, name);
    memset(key + n, extra & 1 ? 's' : 'x', extra);
    key[n + extra] = 0;
    unknownKey(key, extra == 1 || extra == 8 || extra == 20 || extra == 40);
  }
  strcpy(key, name);
  fcopy(key + n, kRepNul);  // "\u0000"
  unknownKey(key, true);
}

// The name written with escapes: byte i as \u00XX (mask bit i set), or every byte.
void escaped(const char* name, unsigned long mask, char* key) {
  static const char hex[] SL_PROGMEM = "0123456789abcdef";
  size_t k = 0;
  for (size_t i = 0; name[i]; ++i) {
    if (mask & (1ul << i)) {
      uint8_t b = static_cast<uint8_t>(name[i]);
      const char e[] = {'\\', 'u', '0', '0', fget(hex + (b >> 4)), fget(hex + (b & 15))};
      memcpy(key + k, e, sizeof e);
      k += sizeof e;
    } else {
      key[k++] = name[i];
    }
  }
  key[k] = 0;
}

// The eventType and featureType values (flash).
struct Value {
  const char* text;
  bool type;      // an eventType value (else featureType)
  unsigned want;  // Type / ClientFeature
};
const char kResponse[] SL_PROGMEM = "Response";
const char kMessageReceived[] SL_PROGMEM = "MessageReceived";
const char kP2p[] SL_PROGMEM = "p2p";
const char kGroupchat[] SL_PROGMEM = "groupchat";
const char kChannel[] SL_PROGMEM = "channel";
const Value kValues[] SL_PROGMEM = {
    {kResponse, true, sl::InboundEventReader::Response},
    {kMessageReceived, true, sl::InboundEventReader::MessageReceived},
    {kP2p, false, static_cast<unsigned>(sl::ClientFeature::P2p)},
    {kGroupchat, false, static_cast<unsigned>(sl::ClientFeature::GroupChat)},
    {kChannel, false, static_cast<unsigned>(sl::ClientFeature::Channel)},
};
const char kEventTypeOpen[] SL_PROGMEM = "{\"eventType\":\"";
const char kFeatureTypeOpen[] SL_PROGMEM = "{\"featureType\":\"";
const char kValueClose[] SL_PROGMEM = "\"}";

}  // namespace

// Each name in its own object is recognised (also escaped, byte by byte or
// all at once); no other key is, nor any name in another object.
TEST_CASE(inbound_reader_recognises_exactly_its_keys) {
  char doc[200], key[112], known[96], unknown[96], name[20];
  for (size_t c = 0; c < kContainerCount; ++c) {
    for (size_t mi = 0; mi < kMembersMax; ++mi) {
      const Member m = memberAt(c, mi);
      if (!m.name) continue;
      fcopy(name, m.name);
      const char tilde[] = {'~', 0};
      size_t len = makeDoc(doc, sizeof doc, c, tilde, m.value);
      summary(doc, len, 0, unknown, sizeof unknown);
      len = makeDoc(doc, sizeof doc, c, name, m.value);
      summary(doc, len, 0, known, sizeof known);
      // (The check can fail: a recognised name shows.)
      if (!CHECK(known[0] && unknown[0] && strcmp(known, unknown) != 0)) {
        CHECK_EQ_STR(name, "");
        continue;
      }
      expect(doc, len, known, true);
      const size_t n = strlen(name);
      for (size_t i = 0; i <= n; ++i) {
        escaped(name, i < n ? 1ul << i : ~0ul, key);
        len = makeDoc(doc, sizeof doc, c, key, m.value);
        expect(doc, len, known, i == 0 || i == n);
      }
      variations(c, name, m.value, unknown);
      // Every name of the other objects, with this member's value.
      for (size_t o = 0; o < kContainerCount; ++o) {
        for (size_t oi = 0; oi < kMembersMax; ++oi) {
          const Member other = memberAt(o, oi);
          if (!other.name) continue;
          fcopy(key, other.name);
          if (isName(c, key)) continue;
          len = makeDoc(doc, sizeof doc, c, key, m.value);
          expect(doc, len, unknown, false);
        }
      }
    }
  }
  CHECK_EQ_INT(gFailures, 0);
  CHECK(gDocs > 2000);
}

// eventType and featureType values: the names, each in the other member,
// and their one-byte variations.
TEST_CASE(inbound_reader_recognises_exactly_its_values) {
  char doc[128], text[64], name[16];
  int failures = 0;
  // The Type / ClientFeature read from the event with value v, the same
  // whole and split at every third byte (-2 if not; -1: a parse error).
  auto read = [&](bool type, const char* v) -> int {
    size_t len = fcopy(doc, type ? kEventTypeOpen : kFeatureTypeOpen);
    strcpy(doc + len, v);
    len += strlen(v);
    len += fcopy(doc + len, kValueClose);
    FormLog forms;
    sl::InboundEventReader reader(forms);
    sl::JsonParser parser(reader);
    int first = -1;
    for (size_t cut = 0; cut <= len; cut += 3) {
      reader.reset();
      parser.reset();
      if (parser.feed(doc, cut) || parser.feed(doc + cut, len - cut) || parser.finish()) return -1;
      int got = type ? static_cast<int>(reader.type()) : static_cast<int>(reader.feature());
      if (cut == 0) {
        first = got;
      } else if (got != first) {
        return -2;
      }
    }
    return first;
  };
  for (size_t k = 0; k < sizeof kValues / sizeof kValues[0]; ++k) {
    const Value v = fromFlash(kValues[k]);
    const size_t n = fcopy(name, v.text);
    failures += !CHECK_EQ_INT(read(v.type, name), static_cast<int>(v.want));
    failures += !CHECK_EQ_INT(read(!v.type, name), 0);
    for (size_t i = 0; i < n; ++i) {
      char ch = name[i];
      // (A letter's case flipped; '2' becomes '0'.) Then a NUL and a 2-byte
      // character (kReplacements' first two).
      char flip[2] = {static_cast<char>(ch >= 'A' ? ch ^ 0x20 : ch - 2), 0}, up[2] = {static_cast<char>(ch + 1), 0},
           fixed[kReplacementMax];
      for (size_t j = 0; j < 4; ++j) {
        const char* r = j == 0 ? flip : j == 1 ? up : fixed;
        if (j >= 2) fcopy(fixed, fromFlash(kReplacements[j - 2]));
        memcpy(text, name, i);
        strcpy(text + i, r);
        strcat(text, name + i + 1);
        failures += !CHECK_EQ_INT(read(v.type, text), 0);
      }
      memcpy(text, name, i);
      strcpy(text + i, name + i + 1);
      failures += !CHECK_EQ_INT(read(v.type, text), 0);
      escaped(name, 1ul << i, text);
      failures += !CHECK_EQ_INT(read(v.type, text), static_cast<int>(v.want));
    }
    strcpy(text, name);
    text[n] = 's';
    text[n + 1] = 0;
    failures += !CHECK_EQ_INT(read(v.type, text), 0);
    if (failures > 5) break;
  }
}
