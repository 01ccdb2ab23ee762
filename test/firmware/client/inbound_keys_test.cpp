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
// compact parser; boards.test.ts on the simulated Mega, where the names are
// read from flash: ~136 M cycles. The Uno's 2 KB of RAM do not hold it.)
// sl-board-test: boards mega
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
  void onFormValue(const sl::ClientFormValue& v) override {
    put(v.refName.text(), v.refName.length());
    put("=", 1);
    put(v.value.text(), v.value.length());
    put("/", 1);
    put(v.type.text(), v.type.length());
    put(";", 1);
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

// The tree's objects: where a member goes in an event, and its names, each
// with a value that shows when the name is recognised.
struct Member {
  const char* name;
  const char* value;
};
struct Container {
  const char* prefix;  // the event up to the member
  const char* suffix;  // and after it
  Member members[8];
};
const Container kContainers[] = {
    {"{", "}",
     {{"eventType", "\"MessageReceived\""},
      {"featureType", "\"channel\""},
      {"requestId", "\"0badf00d\""},
      {"eventBody", "{\"senderId\":\"S\"}"}}},
    {"{\"eventBody\":{", "}}",
     {{"success", "true"},
      {"statusCode", "404"},
      {"error", "\"E\""},
      {"senderId", "\"S\""},
      {"channelId", "\"C\""},
      {"groupChatId", "\"G\""},
      {"messageId", "\"M\""},
      {"dataComponent", "{\"text\":\"X\"}"}}},
    {"{\"eventBody\":{\"dataComponent\":{", "}}}",
     {{"dataComponentType", "\"T\""}, {"text", "\"X\""}, {"formComponents", "[{\"refName\":\"r\"}]"}}},
    {"{\"eventBody\":{\"dataComponent\":{\"formComponents\":[{", "}]}}}",
     {{"refName", "\"r\""}, {"formComponentType", "\"f\""}, {"value", "\"v\""}}},
};
const size_t kContainerCount = sizeof kContainers / sizeof kContainers[0];

// (AVR: not split at every byte; the same variations.)
#ifdef __AVR__
const bool kEveryCut = false;
#else
const bool kEveryCut = true;
#endif

int gFailures = 0;
long gDocs = 0;

// The event with `key` (raw JSON string content) holding `value` in container c.
size_t makeDoc(char* doc, size_t cap, size_t c, const char* key, const char* value) {
  doc[0] = 0;
  const char* parts[] = {kContainers[c].prefix, "\"", key, "\":", value, kContainers[c].suffix};
  size_t n = 0;
  for (const char* p : parts) {
    size_t l = strlen(p);
    if (n + l + 1 > cap) return 0;
    memcpy(doc + n, p, l);
    n += l;
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

// Is `key` (plain bytes) one of container c's names?
bool isName(size_t c, const char* key) {
  for (const Member& m : kContainers[c].members) {
    if (m.name && strcmp(m.name, key) == 0) return true;
  }
  return false;
}

// Every one-byte variation of member m of container c reads as an unknown
// key (`unknown`), unless it is another name of c.
void variations(size_t c, const Member& m, const char* unknown) {
  char key[64], doc[160];
  const size_t n = strlen(m.name);
  auto unknownKey = [&](const char* k, bool everyCut) {
    if (isName(c, k)) return;
    size_t len = makeDoc(doc, sizeof doc, c, k, m.value);
    if (CHECK(len)) expect(doc, len, unknown, everyCut);
  };
  for (size_t i = 0; i < n; ++i) {
    const char ch = m.name[i];
    // Changed: case flipped, the neighbours, a NUL, a 2-byte and a 3-byte character.
    const char* replacements[] = {"", "", "", "\\u0000", "\xc3\xa9", "\\u00e5", "\xe5\x80\x80", "\x7f", " "};
    char flip[2] = {static_cast<char>(ch ^ 0x20), 0}, up[2] = {static_cast<char>(ch + 1), 0},
         down[2] = {static_cast<char>(ch - 1), 0};
    replacements[0] = flip;
    replacements[1] = up;
    replacements[2] = down;
    for (const char* r : replacements) {
      memcpy(key, m.name, i);
      strcpy(key + i, r);
      strcat(key, m.name + i + 1);
      unknownKey(key, i == n - 1 || r == flip);
    }
    // Dropped, doubled, an 'x' inserted before it.
    memcpy(key, m.name, i);
    strcpy(key + i, m.name + i + 1);
    unknownKey(key, true);
    memcpy(key, m.name, i + 1);
    strcpy(key + i + 1, m.name + i);
    unknownKey(key, false);
    memcpy(key, m.name, i);
    key[i] = 'x';
    strcpy(key + i + 1, m.name + i);
    unknownKey(key, false);
    // Cut short after i bytes (the empty key too).
    memcpy(key, m.name, i);
    key[i] = 0;
    unknownKey(key, i + 1 == n);
  }
  // Run on: one byte more, up to 40 (past any parser key buffer), a NUL.
  for (size_t extra = 1; extra <= 40; ++extra) {
    strcpy(key, m.name);
    memset(key + n, extra & 1 ? 's' : 'x', extra);
    key[n + extra] = 0;
    unknownKey(key, extra == 1 || extra == 8 || extra == 20 || extra == 40);
  }
  strcpy(key, m.name);
  strcat(key, "\\u0000");
  unknownKey(key, true);
}

// The name written with escapes: byte i as \u00XX (mask bit i set), or every byte.
void escaped(const char* name, unsigned long mask, char* key) {
  static const char hex[] = "0123456789abcdef";
  size_t k = 0;
  for (size_t i = 0; name[i]; ++i) {
    if (mask & (1ul << i)) {
      uint8_t b = static_cast<uint8_t>(name[i]);
      const char e[] = {'\\', 'u', '0', '0', hex[b >> 4], hex[b & 15]};
      memcpy(key + k, e, sizeof e);
      k += sizeof e;
    } else {
      key[k++] = name[i];
    }
  }
  key[k] = 0;
}

}  // namespace

// Each name in its own object is recognised (also escaped, byte by byte or
// all at once); no other key is, nor any name in another object.
TEST_CASE(inbound_reader_recognises_exactly_its_keys) {
  char doc[200], key[112], known[96], unknown[96];
  for (size_t c = 0; c < kContainerCount; ++c) {
    for (const Member& m : kContainers[c].members) {
      if (!m.name) continue;
      size_t len = makeDoc(doc, sizeof doc, c, "~", m.value);
      summary(doc, len, 0, unknown, sizeof unknown);
      len = makeDoc(doc, sizeof doc, c, m.name, m.value);
      summary(doc, len, 0, known, sizeof known);
      // (The check can fail: a recognised name shows.)
      if (!CHECK(known[0] && unknown[0] && strcmp(known, unknown) != 0)) {
        CHECK_EQ_STR(m.name, "");
        continue;
      }
      expect(doc, len, known, true);
      const size_t n = strlen(m.name);
      for (size_t i = 0; i <= n; ++i) {
        escaped(m.name, i < n ? 1ul << i : ~0ul, key);
        len = makeDoc(doc, sizeof doc, c, key, m.value);
        expect(doc, len, known, i == 0 || i == n);
      }
      variations(c, m, unknown);
      // Every name of the other objects, with this member's value.
      for (size_t o = 0; o < kContainerCount; ++o) {
        for (const Member& other : kContainers[o].members) {
          if (!other.name || isName(c, other.name)) continue;
          len = makeDoc(doc, sizeof doc, c, other.name, m.value);
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
  struct Value {
    const char* text;
    bool type;     // an eventType value (else featureType)
    unsigned want; // Type / ClientFeature
  };
  const Value values[] = {
      {"Response", true, sl::InboundEventReader::Response},
      {"MessageReceived", true, sl::InboundEventReader::MessageReceived},
      {"p2p", false, static_cast<unsigned>(sl::ClientFeature::P2p)},
      {"groupchat", false, static_cast<unsigned>(sl::ClientFeature::GroupChat)},
      {"channel", false, static_cast<unsigned>(sl::ClientFeature::Channel)},
  };
  char doc[128], text[64];
  int failures = 0;
  // The Type / ClientFeature read from the event with value v, the same
  // whole and split at every third byte (-2 if not; -1: a parse error).
  auto read = [&](bool type, const char* v) -> int {
    strcpy(doc, type ? "{\"eventType\":\"" : "{\"featureType\":\"");
    strcat(doc, v);
    strcat(doc, "\"}");
    FormLog forms;
    sl::InboundEventReader reader(forms);
    sl::JsonParser parser(reader);
    const size_t len = strlen(doc);
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
  for (const Value& v : values) {
    const size_t n = strlen(v.text);
    failures += !CHECK_EQ_INT(read(v.type, v.text), static_cast<int>(v.want));
    failures += !CHECK_EQ_INT(read(!v.type, v.text), 0);
    for (size_t i = 0; i < n; ++i) {
      char ch = v.text[i];
      const char* replacements[] = {"", "", "\\u0000", "\xc3\xa9"};
      // (A letter's case flipped; '2' becomes '0'.)
      char flip[2] = {static_cast<char>(ch >= 'A' ? ch ^ 0x20 : ch - 2), 0}, up[2] = {static_cast<char>(ch + 1), 0};
      replacements[0] = flip;
      replacements[1] = up;
      for (const char* r : replacements) {
        memcpy(text, v.text, i);
        strcpy(text + i, r);
        strcat(text, v.text + i + 1);
        failures += !CHECK_EQ_INT(read(v.type, text), 0);
      }
      memcpy(text, v.text, i);
      strcpy(text + i, v.text + i + 1);
      failures += !CHECK_EQ_INT(read(v.type, text), 0);
      escaped(v.text, 1ul << i, text);
      failures += !CHECK_EQ_INT(read(v.type, text), static_cast<int>(v.want));
    }
    strcpy(text, v.text);
    strcat(text, "s");
    failures += !CHECK_EQ_INT(read(v.type, text), 0);
    if (failures > 5) break;
  }
}
