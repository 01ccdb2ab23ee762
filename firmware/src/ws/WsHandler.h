// WsHandler: what a WsClient reports from poll(). Override what you need.
//
// Message payload arrives as spans (onMessageData, possibly many per message,
// each valid only during the call); text spans are already UTF-8 validated.
// onClose is called once per connection: `code` is the peer's close code
// (1005 if it sent none), the code we closed with after an error, or 1006
// when the connection dropped; `error` is Ok for a clean close handshake.
// A failed write inside a send*() call is reported by that call's result and
// state() == Closed; onClose(1006, WriteFailed) follows only when the call
// was made from one of these callbacks (poll() is running then), never for
// a send*() outside poll().
//
// A handler type may also take a traffic hook: WsClient::poll() calls
// wsTraffic(handler) after each read that brought bytes (and after they
// were dispatched), found by argument-dependent lookup; the default below
// does nothing. Overload it for your handler type, e.g. as a friend:
//   friend void wsTraffic(MyHandler& h) { h.lastSeen = millis(); }
// (sl::BasicClient keeps its heartbeat clock with it: one call per read
// instead of one per callback.)
#ifndef SL_WS_WS_HANDLER_H
#define SL_WS_WS_HANDLER_H

#include "WsError.h"

namespace sl {

class WsHandler {
 public:
  virtual void onOpen() {}
  virtual void onMessageBegin(bool binary) { (void)binary; }
  virtual void onMessageData(const uint8_t* data, size_t len) {
    (void)data;
    (void)len;
  }
  virtual void onMessageEnd() {}
  virtual void onPong() {}
  virtual void onClose(uint16_t code, WsError error) {
    (void)code;
    (void)error;
  }

 protected:
  // Trivial (defaulted, not {}): derived globals need no destructor code, which
  // would also keep this abstract class's vtable in RAM on AVR.
  ~WsHandler() = default;
};

// No traffic hook (see above): the most general overload, chosen only when
// the handler's type has none of its own.
template <typename Handler>
inline void wsTraffic(Handler&) {}

}  // namespace sl

#endif  // SL_WS_WS_HANDLER_H
