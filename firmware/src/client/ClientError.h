// ClientError: what went wrong in sl::Client (sends, requests, the connection).
//
// Test with `if (err)` (true on error), print `err.name()` (a sl::FlashString,
// in flash on AVR, as HttpError::name() and WsError::name()).
//
//   sl::ClientError e = client.sendToChannel(channelId, gauge);
//   if (e) Serial.println(e.name());   // e.g. "OutboxFull"
#ifndef SL_CLIENT_CLIENT_ERROR_H
#define SL_CLIENT_CLIENT_ERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class ClientError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    NotStarted,        // begin() was not called
    InvalidArgument,   // a body/component writer failed or wrote invalid JSON/UTF-8, bad id, bad method
    OutboxFull,        // offline and the message does not fit in the free outbox space: nothing kept
    TooManyPending,    // every response slot (SL_CLIENT_MAX_PENDING) is waiting for a Response
    Busy,              // a REST request is already running (or the WebSocket handshake holds the line buffer)
    ConnectFailed,     // the transport could not connect
    WriteFailed,       // the transport accepted fewer bytes than written
    Timeout,           // no Response / HTTP response within SL_CLIENT_REQUEST_TIMEOUT_MS
    ConnectionLost,    // the connection dropped after the request was written, before its Response:
                       // the cloud may or may not have processed it (it is not re-sent)
    RequestFailed,     // the cloud answered success:false (statusCode() tells why)
    HttpFailed,        // the HTTP response was not valid HTTP/1.1 (or was cut short)
    HandshakeTimeout,  // the WebSocket upgrade did not complete in SL_CLIENT_CONNECT_TIMEOUT_MS
    HeartbeatTimeout,  // no pong within SL_CLIENT_PONG_TIMEOUT_MS of a ping
    Closed,            // the WebSocket closed (by the peer, or after a protocol error)
    DecodeFailed,      // a Response with success:true whose eventBody did not reach the request's
                       // JsonParser whole: the parser or its handler failed, or the cloud put
                       // "eventBody" before "requestId" (not routable without buffering)
  };

  ClientError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  FlashString name() const {
    static const char n0[] SL_PROGMEM = "Ok";
    static const char n1[] SL_PROGMEM = "NotStarted";
    static const char n2[] SL_PROGMEM = "InvalidArgument";
    static const char n3[] SL_PROGMEM = "OutboxFull";
    static const char n4[] SL_PROGMEM = "TooManyPending";
    static const char n5[] SL_PROGMEM = "Busy";
    static const char n6[] SL_PROGMEM = "ConnectFailed";
    static const char n7[] SL_PROGMEM = "WriteFailed";
    static const char n8[] SL_PROGMEM = "Timeout";
    static const char n9[] SL_PROGMEM = "ConnectionLost";
    static const char n10[] SL_PROGMEM = "RequestFailed";
    static const char n11[] SL_PROGMEM = "HttpFailed";
    static const char n12[] SL_PROGMEM = "HandshakeTimeout";
    static const char n13[] SL_PROGMEM = "HeartbeatTimeout";
    static const char n14[] SL_PROGMEM = "Closed";
    static const char n15[] SL_PROGMEM = "DecodeFailed";
    static const char* const names[] SL_PROGMEM = {n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15};
    uint8_t i = code_ <= DecodeFailed ? code_ : 0;
#if SL_ARCH_AVR
    return FlashString(reinterpret_cast<const char*>(pgm_read_ptr(&names[i])));
#else
    return FlashString(names[i]);
#endif
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_CLIENT_CLIENT_ERROR_H
