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
#ifndef SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H
#define SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H

#ifdef ARDUINO

#include <Arduino.h>
#include <Client.h>

#include "Transport.h"

namespace sl {

class ArduinoClientTransport : public Transport {
 public:
  explicit ArduinoClientTransport(::Client& client) : client_(client) {}

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
  ::Client& client_;
};

}  // namespace sl

#endif  // ARDUINO

#endif  // SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H
