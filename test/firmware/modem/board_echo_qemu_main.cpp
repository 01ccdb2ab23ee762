// The TCP-echo-through-ESP-AT program for the QEMU Cortex-M3 board
// (mps2-an385): UART0 is the modem line, polled through sl_board_getc (QEMU
// holds input back while the receive register is full, so nothing is lost);
// millis() comes from SysTick at the 25 MHz system clock. Exit 0 on success,
// else 10 + EspAtError code, 40+ for wrong data.
#include "sl_board.h"
#include "transport/EspAtTransport.h"

namespace {

#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)

uint32_t gLast = 0;
uint64_t gCycles = 0;

uint32_t millisNow() {
  if (!(SYST_CSR & 1u)) {
    SYST_RVR = 0x00ffffffu;
    SYST_CVR = 0;
    SYST_CSR = 5u;  // enable, processor clock
    gLast = SYST_CVR;
  }
  uint32_t now = SYST_CVR;  // counts down, wraps every 2^24 clocks (0.67 s)
  gCycles += (gLast - now) & 0x00ffffffu;
  gLast = now;
  return static_cast<uint32_t>(gCycles / 25000u);
}

class Uart0 : public sl::ByteStream {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) sl_board_putc(static_cast<char>(data[i]));
    return len;
  }
  using sl::ByteStream::write;
  int read() override {
    millisNow();  // keep the SysTick extension fresh while polling
    return sl_board_getc();
  }
};

uint8_t pattern(uint16_t i) { return static_cast<uint8_t>('A' + (i * 7) % 26); }

int run() {
  static Uart0 uart;
  static sl::EspAtTransport net(uart, millisNow);
  if (!net.connect("echo.test", 7)) return 10 + net.lastError().code();
  static const char kHello[] = "hello from the board\n";
  const uint16_t helloLen = sizeof kHello - 1;
  const uint16_t kTotal = 300;
  if (net.write(reinterpret_cast<const uint8_t*>(kHello), helloLen) != helloLen) return 10 + net.lastError().code();
  for (uint16_t i = 0; i < kTotal; ++i) {
    uint8_t b = pattern(i);
    if (net.write(&b, 1) != 1) return 10 + net.lastError().code();
  }
  if (!net.flush()) return 10 + net.lastError().code();
  uint16_t got = 0;
  uint8_t buf[16];
  uint32_t start = millisNow();
  while (got < helloLen + kTotal && millisNow() - start < 20000) {
    size_t n = net.read(buf, sizeof buf);
    for (size_t k = 0; k < n; ++k, ++got) {
      uint8_t want = got < helloLen ? static_cast<uint8_t>(kHello[got]) : pattern(static_cast<uint16_t>(got - helloLen));
      if (buf[k] != want) return 40;
    }
    if (!n && !net.connected()) return 41;
  }
  if (got != helloLen + kTotal) return 42;
  net.stop();
  return net.connected() ? 43 : 0;
}

}  // namespace

int main() { sl_board_exit(run()); }
