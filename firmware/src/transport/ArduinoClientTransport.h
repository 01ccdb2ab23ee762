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
// Writes are collected (SL_ARDUINO_CLIENT_TX_BUFFER, config/Config.h: 64
// bytes on AVR, 512 elsewhere). The SDK writes in small
// pieces: masked WebSocket payload in SL_WS_MASK_CHUNK-byte chunks (1: a
// byte at a time), request lines and headers through http/PutBuffer
// (SL_PUT_BUFFER bytes, 0: a byte at a time). Passed straight through, every
// such write is a TCP segment on an EthernetClient (W5100/W5500: one SEND
// command per write) and, as far as we know, one TLS record (~30 bytes of
// header, nonce and tag) per write on arduino-esp32's WiFiClientSecure.
// With the buffer the Client sees one write per
// SL_ARDUINO_CLIENT_TX_BUFFER bytes, the same bytes in the same order.
//
// Contract (Transport.h; as EspAtTransport):
//   write()      copies into the buffer; when it is full, the buffer goes out
//                with Client::write() (repeated while the Client takes a
//                part; a Client::write() of 0 is a failure). Bytes are NOT
//                sent until the buffer fills, flush() is called, or the
//                caller starts reading: available(), read() and connected()
//                flush first. So a request/response exchange (an HTTP
//                request, a WebSocket frame followed by poll()) needs no
//                explicit flush, nor does WsClient::send() (sl::Client's
//                messages: it ends with connected()); call flush() when
//                you write otherwise and then do not read (or sleep).
//   failure      a send that the Client does not take whole breaks the
//                link: the write() that triggered it returns fewer bytes
//                than given (those of this call that went out before);
//                bytes of earlier writes still buffered are lost with it,
//                and a write() may have returned len for them: flush() (or
//                connected()) tells. From then on write() returns 0,
//                flush() and connected() return false, until connect().
//   flush()      sends what is buffered now (Client::write, never
//                Client::flush(): on arduino-esp32 WiFiClient::flush()
//                discards received data); false if the Client took fewer
//                bytes, or the link is broken or stopped.
//   stop()       sends what is buffered (best effort), stops the Client;
//                write() returns 0 until connect(). Safe to call twice.
//   connect()    drops unsent bytes of an earlier link.
// A Client connected by the sketch itself (connect(IPAddress, port)) may be
// used without connect() here, until stop().
//
// RAM: SL_ARDUINO_CLIENT_TX_BUFFER + 6 bytes on AVR (70 with the default
// 64: the vtable pointer, the Client reference, the fill and the failure
// flag), plus the vtable (in .data on AVR). With 0: 4 bytes, every
// write() goes straight to the Client (the adapter before the buffer).
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

#if SL_ARDUINO_CLIENT_TX_BUFFER < 0 || SL_ARDUINO_CLIENT_TX_BUFFER > 65535
#error "SL_ARDUINO_CLIENT_TX_BUFFER must be 0..65535"
#endif

class Client;  // Arduino's (Client.h), see above

namespace sl {

namespace detail {
// Writes all of data to the Client, repeating while it takes a part;
// returns the bytes taken (fewer: the Client gave up, connection lost or
// its own timeout).
template <class ClientT>
size_t clientPush(ClientT& client, const uint8_t* data, size_t len) {
  size_t done = 0;
  while (done < len) {
    size_t n = client.write(data + done, len - done);
    if (n == 0) break;
    done += n;
  }
  return done;
}

// Bytes the Client has ready (0 for none or its -1).
template <class ClientT>
size_t clientAvailable(ClientT& client) {
  int n = client.available();
  return n > 0 ? static_cast<size_t>(n) : 0;
}

// Up to len bytes that the Client has ready; 0 when none.
template <class ClientT>
size_t clientRead(ClientT& client, uint8_t* buffer, size_t len) {
  size_t n = clientAvailable(client);
  if (n == 0 || len == 0) return 0;
  int got = client.read(buffer, n < len ? n : len);
  return got > 0 ? static_cast<size_t>(got) : 0;
}

// The buffer's fill: a byte when it holds at most 255 (the AVR default).
template <bool Byte>
struct ClientTxIndex {
  typedef uint16_t T;
};
template <>
struct ClientTxIndex<true> {
  typedef uint8_t T;
};

// The buffer size is a template parameter: a file built with another
// SL_ARDUINO_CLIENT_TX_BUFFER makes another type (no silent layout mismatch
// between files).
template <class ClientT, unsigned Cap>
class ArduinoClientTransportT : public Transport {
 public:
  explicit ArduinoClientTransportT(ClientT& client) : client_(client), len_(0), broken_(false) {}

  bool connect(const char* host, uint16_t port) override {
    len_ = 0;
    broken_ = client_.connect(host, port) != 1;
    return !broken_;
  }

  size_t write(const uint8_t* data, size_t len) override {
    if (broken_) return 0;
    Index n = len_;    // (a local: not reloaded after every byte stored)
    size_t sent = 0;   // bytes of this call that went out
    for (size_t i = 0; i < len; ++i) {
      if (n == Cap) {
        len_ = n;
        if (!flush()) return sent;
        sent = i;
        n = 0;  // (flush() emptied it)
      }
      tx_[n++] = data[i];
    }
    len_ = n;
    return len;
  }
  using Transport::write;

  // Sends the buffered bytes now; false if the Client took fewer (the link
  // is then broken, see above) or after stop().
  bool flush() {
    if (len_) {  // (never set while broken_)
      Index n = len_;
      len_ = 0;
      if (clientPush(client_, tx_, n) != n) broken_ = true;
    }
    return !broken_;
  }

  size_t available() override {
    flush();
    return clientAvailable(client_);
  }

  size_t read(uint8_t* buffer, size_t len) override {
    flush();
    return clientRead(client_, buffer, len);
  }

  bool connected() override { return flush() && (client_.connected() != 0 || clientAvailable(client_) != 0); }

  void stop() override {
    flush();
    client_.stop();
    broken_ = true;
  }

 private:
  typedef typename ClientTxIndex<(Cap <= 255)>::T Index;

  ClientT& client_;
  Index len_;    // bytes in tx_
  bool broken_;  // a send failed, or stop(): nothing more is taken until connect()
  uint8_t tx_[Cap];
};

// SL_ARDUINO_CLIENT_TX_BUFFER 0: every write() goes straight to the Client.
template <class ClientT>
class ArduinoClientTransportT<ClientT, 0> : public Transport {
 public:
  explicit ArduinoClientTransportT(ClientT& client) : client_(client) {}

  bool connect(const char* host, uint16_t port) override { return client_.connect(host, port) == 1; }

  size_t write(const uint8_t* data, size_t len) override { return clientPush(client_, data, len); }
  using Transport::write;

  // Nothing is held.
  bool flush() { return true; }

  size_t available() override { return clientAvailable(client_); }

  size_t read(uint8_t* buffer, size_t len) override { return clientRead(client_, buffer, len); }

  bool connected() override { return client_.connected() != 0 || clientAvailable(client_) != 0; }

  void stop() override { client_.stop(); }

 private:
  ClientT& client_;
};
}  // namespace detail

typedef detail::ArduinoClientTransportT< ::Client, SL_ARDUINO_CLIENT_TX_BUFFER> ArduinoClientTransport;

}  // namespace sl

#endif  // ARDUINO

#endif  // SL_TRANSPORT_ARDUINO_CLIENT_TRANSPORT_H
