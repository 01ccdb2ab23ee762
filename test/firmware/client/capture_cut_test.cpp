// JsonValueCapture as the client's event reader uses it: a string cut to
// its buffer, at every buffer size, fed whole or one byte at a time. On the
// host (client.test.ts) and on the simulated AVR boards (boards.test.ts:
// the capture's copy loop is inline assembly there).
// sl-board-test: boards uno,mega
#include <string.h>

#include "SlTest.h"
#include "json/JsonParser.h"
#include "json/JsonValueCapture.h"

namespace {
// Feeds every event of a document to one capture, as the event reader
// does: a string once cut takes no later piece.
struct CaptureAll : sl::JsonHandler {
  sl::JsonValueCapture* v;
  bool onJson(sl::JsonEvent e, const sl::JsonParser&) override;
};
bool CaptureAll::onJson(sl::JsonEvent e, const sl::JsonParser& p) {
  if (!(v->truncated() && v->type() == sl::JsonValueCapture::String)) v->capture(e, p);
  return true;
}
}  // namespace

// A string cut to its buffer keeps the longest prefix that ends on a UTF-8
// character boundary, whatever the buffer size and however the value's
// bytes arrive (whole, or one byte per feed: the string comes in pieces).
// The expected prefix is computed here from the characters' lengths.
TEST_CASE(capture_cuts_strings_at_utf8_boundaries) {
  // a, e-acute (2), euro (3), G clef (4), b, euro, e-acute, G clef
  const char text[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e" "b\xe2\x82\xac\xc3\xa9\xf0\x9d\x84\x9e";
  const uint8_t charLen[] = {1, 2, 3, 4, 1, 3, 2, 4};
  const size_t total = sizeof text - 1;
  char doc[64];
  doc[0] = '"';
  memcpy(doc + 1, text, total);
  doc[total + 1] = '"';
  const size_t docLen = total + 2;
  for (size_t cap = 1; cap <= total + 2; ++cap) {
    size_t want = 0;  // whole characters that fit in cap - 1 bytes
    for (size_t i = 0; i < sizeof charLen && want + charLen[i] <= cap - 1; ++i) want += charLen[i];
    for (int bytewise = 0; bytewise < 2; ++bytewise) {
      char buf[64];
      memset(buf, 'x', sizeof buf);
      sl::JsonValueCapture v(buf, cap);
      CaptureAll h;
      h.v = &v;
      sl::JsonParser p(h);
      if (bytewise) {
        for (size_t i = 0; i < docLen; ++i) (void)p.feed(reinterpret_cast<const uint8_t*>(doc + i), 1);
      } else {
        (void)p.feed(reinterpret_cast<const uint8_t*>(doc), docLen);
      }
      CHECK(p.error() == sl::JsonParseError::Ok);
      CHECK(v.type() == sl::JsonValueCapture::String);
      CHECK_EQ_INT(static_cast<long>(v.length()), static_cast<long>(want));
      CHECK(memcmp(v.text(), text, want) == 0);
      CHECK_EQ_INT(v.text()[want], 0);
      CHECK(v.truncated() == (cap - 1 < total));
      CHECK(v.equals(text) == (cap - 1 >= total));
    }
  }
}
