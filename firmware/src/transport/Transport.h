// Transport: the byte pipe under HTTP and WebSocket (TCP, TLS, a modem link).
//
// A Transport is a Sink for writes, plus non-blocking reads. Implementations:
// PosixSocketTransport (host builds), ArduinoClientTransport (any Arduino
// `Client`: WiFiClientSecure, EthernetClient, ...), and a serial modem link.
//
// Contract:
//   connect(host, port)  opens the connection; may block for the connect
//                        only; returns false on failure.
//   connectStep(host, port)
//                        the same without blocking, for callers that must
//                        not wait (WsClient, so sl::Client's loop()): the
//                        first call starts a connect (as connect(): an
//                        earlier link is closed), each later call with the
//                        same arguments takes it further. Pending while it
//                        goes on, Done once connected, Failed when it
//                        failed; a transport that connects in steps ends
//                        every connect on its own (its timeouts). stop()
//                        abandons one. The default is connect() in one
//                        step: it blocks (EspAtTransport connects in steps).
//   write(data, len)     (from Sink) returns bytes accepted; fewer than len
//                        means the connection failed. A transport may
//                        collect writes (EspAtTransport, ArduinoClientTransport:
//                        each has a flush()): it then sends them when its
//                        buffer fills, on its flush(), and first thing in
//                        available(), read() and connected() (the caller
//                        waits for an answer); a send that fails then is
//                        reported by connected() (false; EspAtTransport:
//                        once received bytes are read) and later writes (0).
//   available()          bytes readable now (0 when none; never blocks).
//   read(buf, len)       copies up to len bytes that are available now;
//                        returns 0 when none. Never blocks.
//   connected()          false once the peer closed and every byte was read,
//                        after an error (also one sending collected bytes),
//                        or after stop(). WsClient::send() calls it at a
//                        message's end to send the message.
//   stop()               closes; safe to call twice.
//
//   sl::PosixSocketTransport net;
//   if (net.connect("127.0.0.1", 8080)) { net.write(req, n); ... }
#ifndef SL_TRANSPORT_TRANSPORT_H
#define SL_TRANSPORT_TRANSPORT_H

#include "../io/Sink.h"

namespace sl {

class Transport : public Sink {
 public:
  enum Progress : int8_t { Failed = -1, Pending = 0, Done = 1 };

  virtual bool connect(const char* host, uint16_t port) = 0;
  // (Done or Failed as 2 * ok - 1, no branch: 20 B on AVR, not 26. An LTO
  // sketch links it even when its transport overrides it, as LampControl's
  // EspAtTransport does: the base constructor refers to Transport's vtable
  // until late, and the Arduino link step puts all functions in one section.)
  virtual Progress connectStep(const char* host, uint16_t port) {
    return static_cast<Progress>(2 * connect(host, port) - 1);
  }
  virtual size_t available() = 0;
  virtual size_t read(uint8_t* buffer, size_t len) = 0;
  virtual bool connected() = 0;
  virtual void stop() = 0;
  using Sink::write;

 protected:
  // Trivial (defaulted, not {}): derived globals need no destructor code, which
  // would also keep this abstract class's vtable in RAM on AVR.
  ~Transport() = default;
};

}  // namespace sl

#endif  // SL_TRANSPORT_TRANSPORT_H
