// Runs on a simulated AVR board (avr8js): USART0 is the line to an ESP-AT
// modem (the Node emulator in test/simulator/modem-board.test.ts). Opens a
// TCP connection through it, sends a greeting and a 300-byte pattern, reads
// everything back from the echo server, closes, and exits with 0 on success
// (else 10 + EspAtError code, or 40+ for wrong data, 44 for UART overruns).
#include "AvrLine.h"
#include "transport/EspAtTransport.h"

namespace {

uint8_t pattern(uint16_t i) { return static_cast<uint8_t>('A' + (i * 7) % 26); }

Usart0 uart;
sl::EspAtTransport net(uart, millisNow);

int run() {
  if (!net.connect("echo.test", 7)) return 10 + net.lastError().code();
  static const char kHello[] = "hello from the board\n";
  const uint16_t kTotal = 300;
  const uint16_t helloLen = sizeof kHello - 1;
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
      uint8_t want = got < helloLen ? static_cast<uint8_t>(kHello[got]) : pattern(got - helloLen);
      if (buf[k] != want) return 40;
    }
    if (!n && !net.connected()) return 41;
  }
  if (got != helloLen + kTotal) return 42;
  net.stop();
  if (net.connected()) return 43;
  return gOverruns ? 44 : 0;
}

}  // namespace

int main() {
  avrLineBegin();
  sl_board_exit(run());
}
