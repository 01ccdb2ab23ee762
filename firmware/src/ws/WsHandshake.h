// WsHandshake: the client side of the RFC 6455 opening handshake.
//
// writeRequest() sends the HTTP/1.1 Upgrade request with a fresh
// Sec-WebSocket-Key (16 random bytes from `rng`, base64) and an optional
// "Authorization: Bearer"; it keeps only the SHA-1 of the expected
// Sec-WebSocket-Accept. Nothing is written when an argument would make
// invalid HTTP (host outside [A-Za-z0-9.-:[]] or empty, control bytes in
// the bearer token); path bytes outside the URL path set are
// percent-encoded.
//
// The response is checked by feed(), a small line matcher (no chunked/body
// parser: a 101 has no body): the status line must be "HTTP/1.x 101", then
// Upgrade: websocket, Connection: Upgrade, the right Sec-WebSocket-Accept,
// and no extension or subprotocol we did not offer. Header lines are held
// one at a time in the caller's line buffer (>= 64 bytes; longer lines are
// cut, which only matters for the headers above, all far shorter); other
// headers are only checked to be well-formed. check() does the same from
// HttpResponseParser events. State: 22 bytes.
//
//   sl::WsHandshake hs;
//   hs.writeRequest(transport, rng, "api.semilimes.net", 443, "/service/ws", apiKey);
//   ... err = hs.feed(data, len, line, sizeof line); open when !err && hs.done()
#ifndef SL_WS_WS_HANDSHAKE_H
#define SL_WS_WS_HANDSHAKE_H

#include "../crypto/Base64.h"
#include "../crypto/Random.h"
#include "../crypto/Sha1.h"
#include "../http/HttpRequestLine.h"
#include "../http/HttpResponseParser.h"
#include "../http/PutBuffer.h"
#include "../io/FlashString.h"
#include "WsError.h"

// Options: SL_WS_CHECK_ACCEPT (config/Config.h).

namespace sl {

class WsHandshake {
 public:
  constexpr WsHandshake() : s_() {}

  // Computes Sec-WebSocket-Accept for `key` into out (28 chars + NUL).
  // Keys are 24 characters; only the first 200 of a longer one are hashed.
  static void acceptFor(const char* key, char out[29]) {
    uint8_t digest[Sha1::kDigestSize];
    uint8_t n = 0;
    while (key[n] && n < 200) ++n;  // (acceptDigest() counts key + GUID in 8 bits)
    acceptDigest(reinterpret_cast<const uint8_t*>(key), n, digest, guid() + 2);
    base64Encode(digest, sizeof digest, out, 29);
  }

  // Writes the upgrade request. `port` is added to Host unless 80 or 443;
  // `bearer` may be 0 (no Authorization header). inFlash: kPathInFlash,
  // kBearerInFlash: that string is in flash (SL_PROGMEM / SL_PSTR; the same
  // as RAM off AVR/ESP8266). kPathVerbatim (with kPathInFlash): the path is
  // a constant already in request form (a '/' then URL path bytes only, as
  // httpPathIsPlain() accepts: check it with a static_assert), sent as is:
  // no escaping code in a program whose only paths are such constants.
  //
  // Stack: this is inlined into the caller (BasicClient::connectWs(), whose
  // frame is live during the transport's connect). The key's digits are
  // drawn straight into the request and into this object's state (no key
  // buffer); the SHA-1 is taken after the request is out, by digest(), out
  // of line: its 88-byte Sha1 is on the stack only while it runs, neither
  // under the transport's connect nor under its writes.
  enum : uint8_t { kPathInFlash = 1, kBearerInFlash = 2, kPathVerbatim = 4 };
  SL_NODISCARD WsError writeRequest(Sink& out, Random& rng, const char* host, uint16_t port, const char* path,
                                    const char* bearer, uint8_t inFlash = 0) {
    if (!detail::httpHostIsValid(host)) return WsError::InvalidArgument;
    for (const char* p = bearer; p; ++p) {
      uint8_t c = detail::httpByte(p, (inFlash & kBearerInFlash) != 0);
      if (!c) break;
      if (detail::httpIsCtl(c)) return WsError::InvalidArgument;
    }
    bool ok = writeText(out, rng, host, port, path, bearer, inFlash);
#if SL_WS_CHECK_ACCEPT
    digest();
#endif
    s_[kSeen] = 0;
    s_[kLineLen] = 0;
    return ok ? WsError::Ok : WsError::WriteFailed;
  }

  // Feeds upgrade-response bytes, consuming them up to the end of the header
  // section (the bytes after it are frames, left in data/len). `line` is the
  // caller's line buffer. Returns Ok while all is well (done() once the
  // connection is open), else the error; call again only after writeRequest().
  SL_NODISCARD WsError feed(const uint8_t*& data, size_t& len, char* line, size_t capacity) {
    uint8_t cap = static_cast<uint8_t>(capacity > 255 ? 255 : capacity);
    if (cap == 0) return WsError::HandshakeFailed;  // no room even for the terminating NUL
    while (len && !done()) {
      uint8_t c = *data++;
      --len;
      // CR only right before LF: a bare CR makes the response invalid (RFC
      // 9112 section 2.2; a bare LF ends a line, which it allows).
      uint8_t seen = s_[kSeen];
      if (seen & kCr) {
        if (c != '\n') return WsError::HandshakeFailed;
        s_[kSeen] = static_cast<uint8_t>(seen & ~kCr);
      } else if (c == '\r') {
        s_[kSeen] = static_cast<uint8_t>(seen | kCr);
        continue;
      }
      if (c != '\n') {
        if (detail::httpIsCtl(c)) return WsError::HandshakeFailed;
        uint8_t n = s_[kLineLen];  // (8-bit: at most cap - 1 <= 254, so n + 1 cannot wrap)
        if (static_cast<uint8_t>(n + 1) < cap) {
          line[n] = static_cast<char>(c);
          s_[kLineLen] = static_cast<uint8_t>(n + 1);
        }
        continue;
      }
      uint8_t n = s_[kLineLen];
      s_[kLineLen] = 0;
      line[n] = '\0';
      WsError e = lineDone(line, n);
      if (e) return e;
    }
    return WsError::Ok;
  }

  bool done() const { return (s_[kSeen] & kDone) != 0; }

  // Checks one response event. Returns Ok while all is well; at
  // MessageComplete, Ok means the connection is open.
  SL_NODISCARD WsError check(HttpResponseParser::Event e, const HttpResponseParser& http) {
    switch (e) {
      case HttpResponseParser::Error:
        return WsError::HandshakeFailed;
      case HttpResponseParser::Status:
        return http.status() == 101 ? WsError::Ok : WsError::HandshakeFailed;
      case HttpResponseParser::Header:
        return header(http.headerName(), http.headerValue());
      case HttpResponseParser::MessageComplete:
        if (http.status() != 101) return WsError::HandshakeFailed;
        return headersDone();
      default:
        return WsError::Ok;
    }
  }

 private:
  enum { kUpgrade = 1, kConnection = 2, kAccept = 4, kStatus = 8, kDone = 16, kCr = 32 /* feed(): a CR just read */ };
  static_assert(kUpgrade == 1 << 0 && kConnection == 1 << 1 && kAccept == 1 << 2,
                "header() sets 1 << the kNames index");

  // The words the request and the response's headers share, in the
  // request's case (header names and values are matched in any case):
  // Upgrade (at 0), Connection (8), the names header() looks for after the
  // prefix Sec-WebSocket (49); then the request's "\r\n" (63) and ": " (66).
  // kRequest holds 0x80 + the offset of each word it sends (LampControl on
  // the Uno 30 B smaller than with the request's text whole and the header
  // names apart, lower-case; 8 B more with the "\r\n" and ": " words).
#define SL_WS_WORDS "Upgrade\0Connection\0-accept\0-extensions\0-protocol\0Sec-WebSocket\0\r\n\0: "
  static_assert(SL_WS_WORDS[0] == 'U' && SL_WS_WORDS[8] == 'C' && SL_WS_WORDS[49] == 'S' && SL_WS_WORDS[63] == '\r' &&
                    SL_WS_WORDS[66] == ':',
                "the offsets kRequest and header() use");
  static const char* words() {
    static const char kWords[] SL_PROGMEM = SL_WS_WORDS;
    return kWords;
  }
#undef SL_WS_WORDS
  // The RFC 6455 GUID, after the "==" that ends every key, then SHA-1's
  // padding byte 0x80 (a flash string: digest() hashes it as it is, the
  // other hashes stop before it).
  static const char* guid() {
    static const char kGuid[] SL_PROGMEM = "==258EAFA5-E914-47DA-95CA-C5AB0DC85B11\x80";
    return kGuid;
  }
  // SHA-1 of the `len` bytes of key + tail (a flash string ending in 0x80:
  // guid() + 2 after a whole key; len + its length < 256). One loop over
  // both parts (34 B less flash on AVR than one loop each). acceptFor()'s;
  // digest() fills its two blocks itself.
  static void acceptDigest(const uint8_t* key, uint8_t len, uint8_t digest[Sha1::kDigestSize], const char* tail) {
    Sha1 sha;
    uint8_t i = 0;
    for (;; ++i) {
      uint8_t c = i < len ? key[i] : static_cast<uint8_t>(detail::flashRead(tail + (i - len)));
      if (i >= len && c == 0x80) break;  // the padding byte after the GUID
      sha.update(&c, 1);
    }
    // (a local hash: no reset after it; `digest` may overlap `key`; the
    // length, i bytes < 256, in bits: no 32-bit count shifted)
    sha.end(digest, 0, static_cast<uint16_t>(i << 3));
  }

  // A Sec-WebSocket-Key: the base64 form of a random 16-byte nonce, drawn
  // directly as base64: 21 random digits (126 bits), a digit holding the
  // last 2 bits (A, Q, g or w); the "==" padding follows in the request
  // text and in guid(). Same distribution as encoding 16 random bytes,
  // without the encoder. A draw per digit, its low 6 bits: one loop, no
  // byte buffer filled first (32 B less flash on AVR than six draws spread
  // over 24 bytes). Digit i (0..21) of the key:
  enum : uint8_t { kKeyDigits = 22 };
  static uint8_t drawDigit(Random& rng, uint8_t i) {
    uint8_t v = static_cast<uint8_t>(rng.next()) & 0x3F;
    if (i == kKeyDigits - 1) v &= 0x30;  // (applied after the draw: 8 B less on AVR than a mask picked before it)
    return static_cast<uint8_t>(detail::base64Digit(v));
  }
#if SL_WS_CHECK_ACCEPT
  // The key's digits in s_ -> the SHA-1 of the expected accept, in s_. Out
  // of line: its Sha1 is on the stack only while it runs.
  //
  // The message is always the 22 digits and guid()'s 38 characters: 60
  // bytes, so its padding and length are constants, and its two blocks are
  // written byte by byte straight into the hash's block (no byte count, no
  // Sha1::put()/end() in the program).
  SL_NOINLINE void digest() {
    enum : uint8_t { kGuidLen = 38, kLength = kKeyDigits + kGuidLen };
    static_assert(kLength == 60, "key + GUID: the padding's 0x80 fits in the first block, the length is 480 bits");
    Sha1 sha((Sha1::Blocks()));
    const char* g = guid();
    uint8_t i = 0;
    do {
      SL_OPAQUE_AVR(i);  // (an 8-bit count: not widened into a 16-bit index)
      uint8_t c = 0;
      if (i < kKeyDigits) {
        c = s_[i];
      } else if (i <= kLength) {  // the GUID, then the padding's 0x80
        c = static_cast<uint8_t>(detail::flashRead(g + (i - kKeyDigits)));
      } else if (i == 126) {
        c = (kLength * 8) >> 8;
      } else if (i == 127) {
        c = static_cast<uint8_t>(kLength * 8);
      }
      sha.store(i & 63, c);
      if ((i & 63) == 63) sha.compress();
    } while (++i < 128);
    sha.out(s_);
  }
#endif

  // The request text (the arguments were checked). Inlined: the caller's
  // constant inFlash bits drop the code of the path forms it does not use.
  bool writeText(Sink& out, Random& rng, const char* host, uint16_t port, const char* path, const char* bearer,
                 uint8_t inFlash) {
    // (the words of words() as 0x80 + their offset)
#define SL_WS_UPGRADE "\x80"
#define SL_WS_CONNECTION "\x88"
#define SL_WS_SEC_WEBSOCKET "\xb1"
#define SL_WS_CRLF "\xbf"
#define SL_WS_COLON "\xc2"
    static const char kRequest[] SL_PROGMEM =
        "GET \1 HTTP/1.1" SL_WS_CRLF
        "Host" SL_WS_COLON "\2" SL_WS_CRLF
        SL_WS_UPGRADE SL_WS_COLON "websocket" SL_WS_CRLF
        SL_WS_CONNECTION SL_WS_COLON SL_WS_UPGRADE SL_WS_CRLF
        SL_WS_SEC_WEBSOCKET "-Key" SL_WS_COLON "\3==" SL_WS_CRLF
        SL_WS_SEC_WEBSOCKET "-Version" SL_WS_COLON "13" SL_WS_CRLF
        "\4Authorization" SL_WS_COLON "Bearer \5" SL_WS_CRLF
        SL_WS_CRLF;
#undef SL_WS_UPGRADE
#undef SL_WS_CONNECTION
#undef SL_WS_SEC_WEBSOCKET
#undef SL_WS_CRLF
#undef SL_WS_COLON
    // (\4: without a bearer the text goes on at the final "\r\n")
    detail::PutBuffer b(out);
    for (const char* t = kRequest;;) {
      uint8_t c = static_cast<uint8_t>(detail::flashNext(t));
      if (c == 0) break;
      if (c == 1) {
        if (inFlash & kPathVerbatim) {
          b.putFlash(path);
        } else {
          bool query = false;  // (not needed here)
          detail::httpPutPath(b, path, (inFlash & kPathInFlash) != 0, query);
        }
      } else if (c == 2) {
        b.put(host);
        if (port != 80 && port != 443) {
          b.put(':');
          b.putNumber(port);
        }
      } else if (c == 3) {
        for (uint8_t i = 0; i < kKeyDigits; ++i) {
          uint8_t d = drawDigit(rng, i);
#if SL_WS_CHECK_ACCEPT
          s_[i] = d;  // (for digest(), after the request)
#endif
          b.put(d);
        }
      } else if (c == 4) {
        if (!bearer) t = kRequest + sizeof kRequest - 2;  // (the next byte is the final "\r\n")
      } else if (c == 5) {
        b.putText(bearer, (inFlash & kBearerInFlash) != 0);
      } else if (c & 0x80) {  // a word of words() at offset c - 0x80
        b.putFlash(words() + (c & 0x7F));
      } else {
        b.put(c);
      }
    }
    return b.flush();
  }

  // One response line (NUL-terminated in `line`, n bytes).
  WsError lineDone(char* line, uint8_t n) {
    if (n == 0) {
      if (!(s_[kSeen] & kStatus)) return WsError::Ok;  // blank lines before the status line are tolerated
      WsError e = headersDone();
      if (!e) s_[kSeen] |= kDone;
      return e;
    }
    if (!(s_[kSeen] & kStatus)) {
      // "HTTP/1.x 101" then the end or a space. The compare stops at the NUL.
      const char* pattern = SL_PSTR("HTTP/1.x 101");
      for (char want; (want = detail::flashNext(pattern)) != 0; ++line) {
        char c = *line;
        if (want == 'x' ? (c < '0' || c > '9') : c != want) return WsError::HandshakeFailed;
      }
      if (*line && *line != ' ') return WsError::HandshakeFailed;
      s_[kSeen] |= kStatus;
      return WsError::Ok;
    }
    const char* v = detail::httpSplitHeader(line);
    if (!v) return WsError::HandshakeFailed;
    return header(line, v);
  }

  WsError headersDone() const {
    if ((s_[kSeen] & (kUpgrade | kConnection)) != (kUpgrade | kConnection)) return WsError::BadUpgrade;
    return (s_[kSeen] & kAccept) ? WsError::Ok : WsError::BadAccept;
  }

  // The headers the upgrade depends on, matched from words(), the common
  // "Sec-WebSocket" of the last three matched once, Upgrade's value
  // "websocket" read from that prefix's text (LampControl on the Uno 10 B
  // smaller than with a "websocket" string of its own, measured at 7d4c657).
  WsError header(const char* name, const char* v) {
    const char* p = words();
    uint8_t i = 0, bit = 1;  // bit: 1 << i
    for (; i < 5; ++i, bit = static_cast<uint8_t>(bit << 1)) {
      if (i == 2) {  // the Sec-WebSocket- names: their common prefix once
        name = detail::skipIgnoreCaseFlash(name, words() + 49);
        if (!name) return WsError::Ok;
      }
      if (detail::equalsIgnoreCaseFlash(name, p)) break;
      while (detail::flashNext(p)) {
      }
    }
    if (i >= 5) return WsError::Ok;        // another header: only its form was checked
    if (i >= 3) return WsError::BadUpgrade;  // Sec-WebSocket-Extensions / -Protocol: we offered none
    bool ok;
    if (i == 0) {  // Upgrade: websocket
      ok = detail::equalsIgnoreCaseFlash(v, words() + 49 + 4);  // "WebSocket", in any case
    } else if (i == 1) {  // Connection: a list holding "upgrade"
      ok = detail::httpHasToken(v, words());
    } else {  // Sec-WebSocket-Accept
#if SL_WS_CHECK_ACCEPT
      if (!detail::base64EqualsOf<uint8_t>(s_, Sha1::kDigestSize, v)) return WsError::BadAccept;
#else
      (void)v;
#endif
      ok = true;
    }
    if (!ok) return WsError::BadUpgrade;
    s_[kSeen] |= bit;  // kUpgrade, kConnection, kAccept
    return WsError::Ok;
  }

  // The state, one array: with the accept check, bytes 0-19 are the SHA-1
  // of the expected Sec-WebSocket-Accept (while writeRequest() runs, bytes
  // 0-21 hold the key's 22 digits: no key buffer on the stack); then the
  // header bits (kUpgrade...) and the length of the response line being gathered.
#if SL_WS_CHECK_ACCEPT
  enum : uint8_t { kSeen = Sha1::kDigestSize, kLineLen = kSeen + 1 };
  static_assert(kLineLen + 1 >= kKeyDigits, "the key's digits fit in the state");
#else
  enum : uint8_t { kSeen = 0, kLineLen = 1 };
#endif
  uint8_t s_[kLineLen + 1];
};

}  // namespace sl

#endif  // SL_WS_WS_HANDSHAKE_H
