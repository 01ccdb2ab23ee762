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
    Unsupported,       // not available on this client: request() on a sl::BasicClient (use sl::Client)
    InProgress,        // request()'s connect goes on: call request() again with the same arguments, after
                       // loop(), until it answers Ok or an error
  };

  ClientError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  // The code's name; "Unknown" for a value outside the list.
  FlashString name() const {
    static const char kNames[] SL_PROGMEM =
        "Ok\0"
        "NotStarted\0"
        "InvalidArgument\0"
        "OutboxFull\0"
        "TooManyPending\0"
        "Busy\0"
        "ConnectFailed\0"
        "WriteFailed\0"
        "Timeout\0"
        "ConnectionLost\0"
        "RequestFailed\0"
        "HttpFailed\0"
        "HandshakeTimeout\0"
        "HeartbeatTimeout\0"
        "Closed\0"
        "DecodeFailed\0"
        "Unsupported\0"
        "InProgress\0"
        "Unknown\0";
    return detail::flashNameAt(kNames, code_);
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_CLIENT_CLIENT_ERROR_H
