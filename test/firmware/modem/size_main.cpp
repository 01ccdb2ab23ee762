// Footprint probe: a tiny program that uses sl::EspAtTransport (connect,
// write, flush, read, stop) over a register-level UART, and, without
// SLT_WITH_ESPAT, the same program with the transport calls replaced by the
// raw UART. The difference is the transport's flash and static RAM.
#include "io/ByteStream.h"
#ifdef SLT_WITH_ESPAT
#include "transport/EspAtTransport.h"
#endif

namespace {

volatile uint8_t gRx;
volatile uint8_t gTx;
volatile uint32_t gTicks;

class Uart : public sl::ByteStream {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) gTx = data[i];
    return len;
  }
  using sl::ByteStream::write;
  int read() override { return gRx ? gRx : -1; }
};

uint32_t ticks() { return gTicks++; }

Uart uart;
#ifdef SLT_WITH_ESPAT
sl::EspAtTransport net(uart, ticks);
#endif

}  // namespace

int main() {
  uint8_t buf[8];
#ifdef SLT_WITH_ESPAT
  if (net.connect("api.semilimes.net", 80)) {
    net.write(reinterpret_cast<const uint8_t*>("GET / HTTP/1.1\r\n\r\n"), 18);
    net.flush();
    while (net.connected()) {
      if (net.available()) gTx = static_cast<uint8_t>(net.read(buf, sizeof buf));
    }
    net.stop();
  }
  return net.lastError().code();
#else
  uart.write(reinterpret_cast<const uint8_t*>("GET / HTTP/1.1\r\n\r\n"), 18);
  buf[0] = static_cast<uint8_t>(uart.read());
  gTx = buf[0];
  return static_cast<int>(ticks());
#endif
}
