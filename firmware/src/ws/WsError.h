// WsError: what went wrong in the WebSocket client, and the close code that
// reports it to the peer (closeCode()).
//
// Test with `if (err)` (true on error), print `err.name()` (a sl::FlashString,
// as HttpError::name()).
#ifndef SL_WS_WS_ERROR_H
#define SL_WS_WS_ERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

// Out of line and never specialised for one object. On AVR, a clone made
// for a global object (GCC's constant propagation of `this`) reaches every
// member by its absolute address, 4 bytes an access instead of 2 through
// the pointer: the bigger member functions keep `this` a pointer.
#if defined(__GNUC__) && !defined(__clang__)
#define SL_WS_NOCLONE __attribute__((noinline, noclone))
#else
#define SL_WS_NOCLONE SL_NOINLINE
#endif

namespace sl {

class WsError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    ConnectFailed,     // the transport could not connect
    WriteFailed,       // the transport accepted fewer bytes than written
    HandshakeFailed,   // upgrade response was not 101, or not valid HTTP
    BadAccept,         // Sec-WebSocket-Accept missing or wrong
    BadUpgrade,        // Upgrade/Connection headers missing, or an extension/subprotocol we did not offer
    ProtocolError,     // invalid frame from the peer (close code 1002)
    InvalidUtf8,       // text message or close reason is not UTF-8 (1007)
    MessageTooBig,     // inbound message over the configured limit (1009)
    InvalidArgument,   // bad close code, control payload > 125, invalid UTF-8 text to send
    BadState,          // not open, or a fragmented message is (not) in progress
    ConnectionLost,    // the transport closed without a close handshake (1006)
  };

  constexpr WsError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  // The close code sent to the peer for an inbound error (1002, 1007, 1009), else 1000.
  uint16_t closeCode() const {
    return static_cast<uint8_t>(code_ - ProtocolError) < 3 ? inboundCloseCode() : 1000;
  }
  // closeCode() of ProtocolError, InvalidUtf8 or MessageTooBig, the errors
  // a frame parser fails with (WsClient's: no range test for the others).
  uint16_t inboundCloseCode() const {
    // 1002, 1007, 1009 for ProtocolError, InvalidUtf8, MessageTooBig
    // (adjacent codes): their low bytes, under the high byte they share
    static_assert(InvalidUtf8 == ProtocolError + 1 && MessageTooBig == ProtocolError + 2, "one range");
    static_assert(1002 >> 8 == 3 && 1009 >> 8 == 3, "one high byte");
    static const uint8_t kLow[3] SL_PROGMEM = {1002 & 0xFF, 1007 & 0xFF, 1009 & 0xFF};
    return static_cast<uint16_t>(0x300 | SL_FLASH_READ(kLow + (code_ - ProtocolError)));
  }

  FlashString name() const {
    static const char kNames[] SL_PROGMEM =
        "Ok\0"
        "ConnectFailed\0"
        "WriteFailed\0"
        "HandshakeFailed\0"
        "BadAccept\0"
        "BadUpgrade\0"
        "ProtocolError\0"
        "InvalidUtf8\0"
        "MessageTooBig\0"
        "InvalidArgument\0"
        "BadState\0"
        "ConnectionLost\0"
        "Unknown\0";
    return detail::flashNameAt(kNames, code_);
  }

 private:
  Code code_;
};

namespace detail {
// A WebSocket frame or message length: 16 bits on AVR (SL_WS_LONG_FRAMES 0:
// frames and messages of at most 65535 bytes each way), else 32 bits.
#if SL_WS_LONG_FRAMES
typedef uint32_t WsLength;
#else
typedef uint16_t WsLength;
#endif
}  // namespace detail

}  // namespace sl

#endif  // SL_WS_WS_ERROR_H
