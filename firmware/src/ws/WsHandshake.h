// WsHandshake: the client side of the RFC 6455 opening handshake.
//
// writeRequest() sends the HTTP/1.1 Upgrade request with a fresh
// Sec-WebSocket-Key (16 bytes from `rng`) and an optional
// "Authorization: Bearer"; it keeps only the SHA-1 of the expected
// Sec-WebSocket-Accept. Feed the response events to check(); it says when
// the handshake is done (status 101, Upgrade: websocket, Connection: Upgrade,
// the right Sec-WebSocket-Accept, and no extension or subprotocol we did
// not offer). State: 21 bytes.
//
//   sl::WsHandshake hs;
//   hs.writeRequest(transport, rng, "api.semilimes.net", 443, "/service/ws", apiKey);
//   ... for each HttpResponseParser event e: err = hs.check(e, http); done when e == MessageComplete
#ifndef SL_WS_WS_HANDSHAKE_H
#define SL_WS_WS_HANDSHAKE_H

#include "../crypto/Base64.h"
#include "../crypto/Random.h"
#include "../crypto/Sha1.h"
#include "../http/HttpRequestWriter.h"
#include "../http/HttpResponseParser.h"
#include "../util/FlashOps.h"
#include "WsError.h"

// 1: verify Sec-WebSocket-Accept (SHA-1 + base64, RFC 6455 section 4.1).
// 0: only require the header (saves ~1.3 KB of flash and 20 bytes of RAM on
// AVR; acceptable only when the transport itself authenticates the server,
// e.g. TLS terminated in a modem). (To move into config/Config.h.)
#ifndef SL_WS_CHECK_ACCEPT
#define SL_WS_CHECK_ACCEPT 1
#endif

namespace sl {

class WsHandshake {
 public:
  WsHandshake() : seen_(0) {
#if SL_WS_CHECK_ACCEPT
    for (uint8_t i = 0; i < sizeof accept_; ++i) accept_[i] = 0;
#endif
  }

  // Computes Sec-WebSocket-Accept for `key` into out (28 chars + NUL).
  static void acceptFor(const char* key, char out[29]) {
    uint8_t digest[Sha1::kDigestSize];
    acceptDigest(key, digest);
    base64Encode(digest, sizeof digest, out, 29);
  }

  // Writes the upgrade request. `port` is added to Host unless 80 or 443;
  // `bearer` may be 0 (no Authorization header).
  SL_NODISCARD WsError writeRequest(Sink& out, Random& rng, const char* host, uint16_t port, const char* path,
                                    const char* bearer) {
    uint8_t nonce[16];
    rng.fill(nonce, sizeof nonce);
    char key[25];
    base64Encode(nonce, sizeof nonce, key, sizeof key);
#if SL_WS_CHECK_ACCEPT
    acceptDigest(key, accept_);
#endif
    seen_ = 0;
    HttpRequestWriter req(out);
    req.begin("GET", path).host(host, port == 80 || port == 443 ? 0 : port);
    req.headerP(SL_PSTR("Upgrade"), SL_PSTR("websocket"), true)
        .headerP(SL_PSTR("Connection"), SL_PSTR("Upgrade"), true)
        .headerP(SL_PSTR("Sec-WebSocket-Key"), key)
        .headerP(SL_PSTR("Sec-WebSocket-Version"), SL_PSTR("13"), true);
    if (bearer) req.bearer(bearer);
    HttpError e = req.end();
    if (e == HttpError::WriteFailed) return WsError::WriteFailed;
    return e ? WsError::InvalidArgument : WsError::Ok;
  }

  // Checks one response event. Returns Ok while all is well; at
  // MessageComplete, Ok means the connection is open.
  SL_NODISCARD WsError check(HttpResponseParser::Event e, const HttpResponseParser& http) {
    switch (e) {
      case HttpResponseParser::Error:
        return WsError::HandshakeFailed;
      case HttpResponseParser::Status:
        return http.status() == 101 ? WsError::Ok : WsError::HandshakeFailed;
      case HttpResponseParser::Header:
        return header(http);
      case HttpResponseParser::MessageComplete:
        if (http.status() != 101) return WsError::HandshakeFailed;
        if ((seen_ & (kUpgrade | kConnection)) != (kUpgrade | kConnection)) return WsError::BadUpgrade;
        return (seen_ & kAccept) ? WsError::Ok : WsError::BadAccept;
      default:
        return WsError::Ok;
    }
  }

 private:
  enum { kUpgrade = 1, kConnection = 2, kAccept = 4 };

  static void acceptDigest(const char* key, uint8_t digest[Sha1::kDigestSize]) {
    Sha1 sha;
    sha.update(key);
    const char* guid = SL_PSTR("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    for (uint8_t c; (c = static_cast<uint8_t>(detail::flashRead(guid))) != 0; ++guid) sha.update(&c, 1);
    sha.finish(digest);
  }

  WsError header(const HttpResponseParser& http) {
    const char* v = http.headerValue();
    if (http.headerIs(SL_PSTR("upgrade"))) {
      if (!detail::equalsIgnoreCaseFlash(v, SL_PSTR("websocket"))) return WsError::BadUpgrade;
      seen_ |= kUpgrade;
    } else if (http.headerIs(SL_PSTR("connection"))) {
      // A token list; "Upgrade" must be one of the tokens.
      for (const char* p = v; *p;) {
        while (*p == ',' || *p == ' ' || *p == '\t') ++p;
        const char* start = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t') ++p;
        char token[8];
        size_t n = static_cast<size_t>(p - start);
        if (n == 7) {
          for (uint8_t i = 0; i < 7; ++i) token[i] = start[i];
          token[7] = '\0';
          if (detail::equalsIgnoreCaseFlash(token, SL_PSTR("upgrade"))) seen_ |= kConnection;
        }
      }
      if (!(seen_ & kConnection)) return WsError::BadUpgrade;
    } else if (http.headerIs(SL_PSTR("sec-websocket-accept"))) {
#if SL_WS_CHECK_ACCEPT
      char want[29];
      base64Encode(accept_, sizeof accept_, want, sizeof want);
      for (uint8_t i = 0; i < 29; ++i) {
        if (v[i] != want[i]) return WsError::BadAccept;  // also compares the NUL
      }
#else
      (void)v;
#endif
      seen_ |= kAccept;
    } else if (http.headerIs(SL_PSTR("sec-websocket-extensions")) ||
               http.headerIs(SL_PSTR("sec-websocket-protocol"))) {
      return WsError::BadUpgrade;  // we offered none
    }
    return WsError::Ok;
  }

#if SL_WS_CHECK_ACCEPT
  uint8_t accept_[Sha1::kDigestSize];  // SHA-1 of the expected Sec-WebSocket-Accept
#endif
  uint8_t seen_;
};

}  // namespace sl

#endif  // SL_WS_WS_HANDSHAKE_H
