// ArduinoClientTransport: a Transport over any Arduino `Client`
// (WiFiClient, WiFiClientSecure, EthernetClient, WiFiSSLClient, GSMClient...).
// Compiles only when ARDUINO is defined.
//
// The adapter owns nothing: the Client must outlive it. TLS, certificates
// and timeouts are configured on the Client itself.
//
//   WiFiClientSecure tls;
//   tls.setCACert(rootCa);
//   sl::ArduinoClientTransport net(tls);
//   net.connect("api.semilimes.net", 443);
//
// <Client.h> is not included here: it brings IPAddress.h, whose
// `const IPAddress INADDR_NONE` is a static with a constructor in every file
// that includes it, and that links IPAddress's vtable and printTo() (~190 B
// of flash, 12 B of RAM on AVR) into every sketch that includes Semilimes.h,
// also those that never use this adapter. The class is therefore a template
// over the client type, instantiated (and Client's members looked up) only
// where a sketch creates one; the sketch's network library (WiFi.h,
// Ethernet.h...) has included Client.h by then.
#ifndef SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H
#define SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H

#ifdef ARDUINO

#include "Transport.h"

class Client;  // Arduino's (Client.h), see above

namespace sl {

namespace detail {
template <class ClientT>
class ArduinoClientTransportT : public Transport {
 public:
  explicit ArduinoClientTransportT(ClientT& client) : client_(client) {}

  bool connect(const char* host, uint16_t port) override { return client_.connect(host, port) == 1; }

  size_t write(const uint8_t* data, size_t len) override {
    size_t done = 0;
    while (done < len) {
      size_t n = client_.write(data + done, len - done);
      if (n == 0) break;  // Client gave up (connection lost or its own timeout)
      done += n;
    }
    return done;
  }
  using Transport::write;

  size_t available() override {
    int n = client_.available();
    return n > 0 ? static_cast<size_t>(n) : 0;
  }

  size_t read(uint8_t* buffer, size_t len) override {
    size_t n = available();
    if (n == 0 || len == 0) return 0;
    int got = client_.read(buffer, n < len ? n : len);
    return got > 0 ? static_cast<size_t>(got) : 0;
  }

  bool connected() override { return client_.connected() != 0 || client_.available() > 0; }

  void stop() override { client_.stop(); }

 private:
  ClientT& client_;
};
}  // namespace detail

typedef detail::ArduinoClientTransportT< ::Client> ArduinoClientTransport;

}  // namespace sl

#endif  // ARDUINO

#endif  // SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H
