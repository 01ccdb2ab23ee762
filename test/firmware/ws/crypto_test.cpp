// SHA-1 (FIPS 180 vectors), base64 (RFC 4648 vectors), the RFC 6455 accept
// example, the PRNG (LFSR reference values, seed and hardware hook),
// and the incremental UTF-8 validator.
//
// Vectors and expected texts are in flash on AVR (SLT_FLASH, CHECK_EQ_STR_P):
// the Uno (2 KB of RAM) runs this suite too.
#include <string.h>

#include "SlTest.h"
#include "crypto/Base64.h"
#include "crypto/Random.h"
#include "crypto/Sha1.h"
#include "ws/Utf8Validator.h"
#include "ws/WsHandshake.h"

namespace {

const char* hex(const uint8_t* d, size_t n, char* out) {
  const char* digits = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 15];
  }
  out[2 * n] = 0;
  return out;
}

const char* sha1Hex(const char* text, char* out) {
  sl::Sha1 h;
  h.update(text);
  uint8_t d[20];
  h.finish(d);
  return hex(d, 20, out);
}

bool utf8(const char* bytes, size_t n, size_t split) {
  sl::Utf8Validator v;
  const uint8_t* b = reinterpret_cast<const uint8_t*>(bytes);
  return v.feed(b, split) && v.feed(b + split, n - split) && v.complete();
}

uint32_t fakeHardware() { return 0xA5A5A5A5u; }

// Copies a NUL-terminated text from flash (SLT_FLASH) into RAM.
char* fromFlash(char* out, const char* flash) {
  size_t i = 0;
  while ((out[i] = SLT_READ(flash + i)) != 0) ++i;
  return out;
}
// Appends a flash text to a RAM string.
void appendFlash(char* out, const char* flash) { fromFlash(out + strlen(out), flash); }
// True when the RAM text starts with the flash text.
bool startsWithFlash(const char* text, const char* flash) {
  size_t i = 0;
  for (char c; (c = SLT_READ(flash + i)) != 0; ++i) {
    if (text[i] != c) return false;
  }
  return true;
}
// strstr with the needle in flash.
const char* findFlash(const char* text, const char* flash) {
  for (; *text; ++text) {
    if (startsWithFlash(text, flash)) return text;
  }
  return 0;
}
// Position of c (not 0) in a flash text, or -1.
int indexInFlash(const char* flash, char c) {
  for (int i = 0; SLT_READ(flash + i); ++i) {
    if (SLT_READ(flash + i) == c) return i;
  }
  return -1;
}

// RFC 4648's base64 vectors (section 10).
const char kB64In[7][7] SLT_FLASH = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
const char kB64Want[7][9] SLT_FLASH = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};

}  // namespace

TEST_CASE(sha1_fips_vectors) {
  char out[41];
  char text[57];
  CHECK_EQ_STR_P(sha1Hex("", out), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  CHECK_EQ_STR_P(sha1Hex(fromFlash(text, SLT_STR("abc")), out), "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK_EQ_STR_P(sha1Hex(fromFlash(text, SLT_STR("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")), out),
                 "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

// finish(digest, false) (the handshake's one-shot hash) gives the same
// digest as finish(digest); finish() leaves the state ready for a new hash.
TEST_CASE(sha1_finish_without_reset_same_digest) {
  uint8_t a[sl::Sha1::kDigestSize], b[sl::Sha1::kDigestSize], c[sl::Sha1::kDigestSize];
  sl::Sha1 h;
  h.update("abc");
  h.finish(a, false);
  sl::Sha1 g;
  g.update("abc");
  g.finish(b);
  CHECK(memcmp(a, b, sizeof a) == 0);
  CHECK_EQ_INT(a[0], 0xa9);  // a9993e36...
  CHECK_EQ_INT(a[19], 0x9d);
  g.update("abc");  // after finish(): a fresh hash
  g.finish(c);
  CHECK(memcmp(b, c, sizeof b) == 0);
}

// Lengths around the padding boundaries (the 0x80 byte and the 8-byte
// length landing at the end of a block or in the next one); digests from
// Python's hashlib.
TEST_CASE(sha1_padding_boundaries) {
  static const struct {
    uint8_t n;
    char hex[41];
  } cases[] SLT_FLASH = {
      {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"}, {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
      {57, "f08f24908d682555111be7ff6f004e78283d989a"}, {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
      {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"}, {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
      {119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56"}, {120, "f34c1488385346a55709ba056ddd08280dd4c6d6"},
  };
  char text[121];
  memset(text, 'a', sizeof text - 1);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    uint8_t n = static_cast<uint8_t>(SLT_READ(&cases[i].n));
    text[n] = '\0';
    char out[41];
    CHECK_EQ_STR_FLASH_WANT(sha1Hex(text, out), cases[i].hex);
    text[n] = 'a';
  }
}

#if !defined(__AVR__)  // ~10^9 AVR cycles: beyond the simulator's budget
TEST_CASE(sha1_million_a_in_odd_slices) {
  sl::Sha1 h;
  uint8_t a[97];
  memset(a, 'a', sizeof a);
  uint32_t left = 1000000;  // not size_t: 16 bits on AVR
  while (left) {
    size_t n = left < sizeof a ? static_cast<size_t>(left) : sizeof a;
    h.update(a, n);
    left -= n;
  }
  uint8_t d[20];
  h.finish(d);
  char out[41];
  CHECK_EQ_STR(hex(d, 20, out), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}
#endif

TEST_CASE(base64_rfc4648_vectors) {
  for (int i = 0; i < 7; ++i) {
    char in[7], want[9];
    fromFlash(in, kB64In[i]);
    fromFlash(want, kB64Want[i]);
    char out[16];
    size_t n = sl::base64Encode(reinterpret_cast<const uint8_t*>(in), strlen(in), out, sizeof out);
    CHECK_EQ_STR(out, want);
    CHECK_EQ_INT(n, strlen(want));
  }
  const uint8_t all[] = {0xfb, 0xff, 0xbf};
  char out[5];
  CHECK_EQ_INT(sl::base64Encode(all, 3, out, sizeof out), 4);
  CHECK_EQ_STR_P(out, "+/+/");
}

TEST_CASE(base64_refuses_a_short_buffer) {
  char out[8];
  memset(out, 'x', 7);
  out[7] = 0;
  char in[7];
  fromFlash(in, kB64In[6]);  // "foobar"
  CHECK_EQ_INT(sl::base64Encode(reinterpret_cast<const uint8_t*>(in), 6, out, 8), 0);
  CHECK_EQ_STR_P(out, "");
  CHECK_EQ_INT(sl::base64Encode(reinterpret_cast<const uint8_t*>(in), 6, out, 0), 0);
}

TEST_CASE(base64_equals_matches_exactly_the_encoding) {
  for (int i = 0; i < 7; ++i) {
    char in[7], want[9];
    fromFlash(in, kB64In[i]);
    fromFlash(want, kB64Want[i]);
    const uint8_t* b = reinterpret_cast<const uint8_t*>(in);
    size_t n = strlen(in);
    CHECK(sl::base64Equals(b, n, want));
    char t[16];
    strcpy(t, want);
    size_t tl = strlen(t);
    if (tl) {
      t[tl - 1] = '\0';  // one character short (a digit or the padding)
      CHECK(!sl::base64Equals(b, n, t));
      strcpy(t, want);
      t[0] = t[0] == 'Z' ? 'Y' : 'Z';  // first digit wrong
      CHECK(!sl::base64Equals(b, n, t));
    }
    strcpy(t, want);
    appendFlash(t, SLT_STR("="));  // one too many
    CHECK(!sl::base64Equals(b, n, t));
  }
  // Every digit value: 0xfb 0xff 0xbf is "+/+/"; the last bits of a digest-sized input.
  const uint8_t all[] = {0xfb, 0xff, 0xbf};
  char t[5];
  CHECK(sl::base64Equals(all, 3, fromFlash(t, SLT_STR("+/+/"))));
  CHECK(!sl::base64Equals(all, 3, fromFlash(t, SLT_STR("+/+-"))));
  uint8_t digest[20];
  for (uint8_t i = 0; i < 20; ++i) digest[i] = static_cast<uint8_t>(i * 37 + 11);
  char enc[29];
  CHECK_EQ_INT(sl::base64Encode(digest, 20, enc, sizeof enc), 28);
  CHECK(sl::base64Equals(digest, 20, enc));
  for (uint8_t i = 0; i < 28; ++i) {
    char bad[29];
    memcpy(bad, enc, sizeof bad);
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    CHECK(!sl::base64Equals(digest, 20, bad));
  }
}

// base64Equals agrees with base64Encode for every length 0..48 (all three
// tail cases, many digit positions), and refuses each one-digit change.
TEST_CASE(base64_equals_agrees_with_the_encoder) {
  uint8_t data[48];
  uint8_t x = 0x5a;
  for (uint8_t i = 0; i < sizeof data; ++i) data[i] = x = static_cast<uint8_t>(x * 29 + 71);
  for (size_t n = 0; n <= sizeof data; ++n) {
    char enc[68];
    CHECK_EQ_INT(sl::base64Encode(data, n, enc, sizeof enc), static_cast<int>(sl::base64EncodedLength(n)));
    CHECK(sl::base64Equals(data, n, enc));
    size_t len = strlen(enc);
    for (size_t i = 0; i < len; ++i) {
      char bad[68];
      memcpy(bad, enc, sizeof bad);
      bad[i] = bad[i] == 'A' ? 'B' : 'A';
      CHECK(!sl::base64Equals(data, n, bad));
    }
  }
}

TEST_CASE(rfc6455_accept_example) {
  char key[25];
  char accept[29];
  sl::WsHandshake::acceptFor(fromFlash(key, SLT_STR("dGhlIHNhbXBsZSBub25jZQ==")), accept);
  CHECK_EQ_STR_P(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

// The key is drawn directly as base64 (no encoder): it must still be the
// encoding of exactly 16 bytes (22 digits, the last one holding 2 bits, "=="),
// differ per draw, and use the whole alphabet.
TEST_CASE(handshake_key_is_base64_of_16_random_bytes) {
  static const char alphabet[] SLT_FLASH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  bool seen[64] = {};
  char previous[25] = "";
  for (uint32_t seed = 1; seed <= 64; ++seed) {
    sl::Random rng(seed * 2654435761u);
    char req[256];
    sl::BufferSink out(req, sizeof req);
    sl::WsHandshake hs;
    REQUIRE(!hs.writeRequest(out, rng, "h", 80, "/", 0));
    const char* k = findFlash(req, SLT_STR("Sec-WebSocket-Key: "));
    REQUIRE(k != 0);
    k += 19;
    for (int i = 0; i < 22; ++i) {
      int at = k[i] ? indexInFlash(alphabet, k[i]) : -1;
      REQUIRE(at >= 0);
      seen[at] = true;
    }
    CHECK(indexInFlash(SLT_STR("AQgw"), k[21]) >= 0);  // 16 bytes = 21 digits + 2 bits
    CHECK(startsWithFlash(k + 22, SLT_STR("==\r\n")));
    CHECK(strncmp(k, previous, 24) != 0);
    memcpy(previous, k, 24);
  }
  for (int i = 0; i < 64; ++i) CHECK(seen[i]);
}

TEST_CASE(random_is_lfsr32_seedable_with_hardware_hook) {
  sl::Random r(1);
  // 32 steps each of the Galois LFSR x >>= 1, XOR 0x80200003 when a 1 was
  // shifted out (reference values from a Python model of it).
  CHECK_EQ_INT(r.next(), 0x8A0F3DB5u);
  CHECK_EQ_INT(r.next(), 0x90BD2FA6u);
  sl::Random a(12345), b(12345);
  uint8_t x[7], y[7];
  a.fill(x, 7);
  b.fill(y, 7);
  CHECK(memcmp(x, y, 7) == 0);
  sl::Random z(0);
  CHECK(z.next() != 0);  // seed 0 must not lock the generator at 0
  sl::Random h(12345), p(12345);
  h.setSource(fakeHardware);
  CHECK_EQ_INT(h.next(), p.next() ^ 0xA5A5A5A5u);
}

TEST_CASE(utf8_accepts_valid_text_split_anywhere) {
  const char text[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xed\x9f\xbf\xf4\x8f\xbf\xbf";
  size_t n = sizeof text - 1;
  for (size_t split = 0; split <= n; ++split) CHECK(utf8(text, n, split));
}

TEST_CASE(utf8_rejects_invalid_sequences) {
  CHECK(!utf8("\xc0\xaf", 2, 1));          // overlong
  CHECK(!utf8("\xe0\x80\xaf", 3, 2));      // overlong 3-byte
  CHECK(!utf8("\xed\xa0\x80", 3, 1));      // surrogate
  CHECK(!utf8("\xf4\x90\x80\x80", 4, 2));  // above U+10FFFF
  CHECK(!utf8("\xf5\x80\x80\x80", 4, 0));
  CHECK(!utf8("\x80", 1, 0));              // lone continuation
  CHECK(!utf8("\xc3", 1, 1));              // incomplete at the end
  CHECK(!utf8("\xe2\x82", 2, 1));
  CHECK(!utf8("\xc3\x28", 2, 1));
  CHECK(!utf8("\xff", 1, 0));
}

#if !defined(__AVR__)
namespace {
// RFC 3629's table of well-formed sequences, written out as ranges: an
// independent reference for the validator.
bool wellFormed(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    uint8_t lo = 0x80, hi = 0xBF, more;
    if (c <= 0x7F) {
      more = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + more >= n + (more ? 0 : 1) && more) return false;  // cut short
    for (uint8_t k = 1; k <= more; ++k) {
      uint8_t d = p[i + k];
      if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) return false;
    }
    i += 1u + more;
  }
  return true;
}
}  // namespace

// Every pair of leading bytes, followed by what completes a 4-, 3- or
// 2-byte sequence (80 80, 80 'A', 'A' 'A'), against the reference table
// (host only: 3 x 65536 cases).
TEST_CASE(utf8_matches_the_rfc3629_table_for_every_two_leading_bytes) {
  int mismatches = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (int tail = 0; tail < 3; ++tail) {
        uint8_t buf[4] = {static_cast<uint8_t>(a), static_cast<uint8_t>(b), static_cast<uint8_t>(tail < 2 ? 0x80 : 0x41),
                          static_cast<uint8_t>(tail < 1 ? 0x80 : 0x41)};
        sl::Utf8Validator v;
        bool got = v.feed(buf, 4) && v.complete();
        if (got != wellFormed(buf, 4)) ++mismatches;
      }
    }
  }
  CHECK_EQ_INT(mismatches, 0);
}
#endif

// check(): the same upgrade checks from HttpResponseParser events (a
// program that already parses HTTP responses), each refusal with its error.
namespace {
// `head` (the status line and headers) is in flash on AVR (SLT_STR). One
// buffer holds the request, then the response (the key copied out first).
sl::WsError checkResponse(const char* head, bool withAccept) {
  sl::Random rng(99);
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::WsHandshake hs;
  if (hs.writeRequest(out, rng, "h", 80, "/", 0)) return sl::WsError::WriteFailed;
  const char* k = findFlash(buf, SLT_STR("Sec-WebSocket-Key: "));
  if (!k) return sl::WsError::WriteFailed;
  char key[25];
  memcpy(key, k + 19, 24);
  key[24] = '\0';
  char accept[29];
  sl::WsHandshake::acceptFor(key, accept);
  char* resp = buf;
  fromFlash(resp, head);
  if (withAccept) {
    appendFlash(resp, SLT_STR("Sec-WebSocket-Accept: "));
    strcat(resp, accept);
    appendFlash(resp, SLT_STR("\r\n"));
  }
  appendFlash(resp, SLT_STR("\r\n"));
  char line[64];
  sl::HttpResponseParser http(line, sizeof line);
  const uint8_t* data = reinterpret_cast<const uint8_t*>(resp);
  size_t len = strlen(resp);
  for (;;) {
    sl::HttpResponseParser::Event e = http.next(data, len);
    if (e == sl::HttpResponseParser::NeedMore) return sl::WsError::ConnectionLost;  // never completed
    sl::WsError err = hs.check(e, http);
    if (err || e == sl::HttpResponseParser::MessageComplete) return err;
  }
}
}  // namespace

TEST_CASE(handshake_check_from_http_parser_events) {
  static const char ok[] SLT_FLASH =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n";
  CHECK(checkResponse(ok, true) == sl::WsError::Ok);
  CHECK(checkResponse(ok, false) == sl::WsError::BadAccept);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 200 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"), true) ==
        sl::WsError::HandshakeFailed);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 101 X\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"), true) ==
        sl::WsError::BadUpgrade);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: close\r\n"), true) ==
        sl::WsError::BadUpgrade);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 101 X\r\nConnection: Upgrade\r\n"), true) == sl::WsError::BadUpgrade);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate\r\n"),
                      true) == sl::WsError::BadUpgrade);
  CHECK(checkResponse(SLT_STR("HTTP/1.1 101 X\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Protocol: chat\r\n"),
                      true) == sl::WsError::BadUpgrade);
}
