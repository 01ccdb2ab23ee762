// Runs on a simulated AVR board: an HTTP GET to the mock semilimes cloud
// (api.semilimes.net, mapped by the ESP-AT emulator) through
// sl::EspAtTransport. Checks the status line and that the JSON envelope says
// success, scanning the response as it streams (no response buffer).
// Exit 0 on success; 10 + EspAtError code; 50+ for a wrong answer.
#include "AvrLine.h"
#include "transport/EspAtTransport.h"

namespace {

Usart0 uart;
sl::EspAtTransport net(uart, millisNow);

// Streaming search for a fixed needle (the needles here have no self-overlap).
struct Finder {
  const char* needle;
  uint8_t matched;
  bool found;
  void feed(uint8_t c) {
    if (found) return;
    if (c == static_cast<uint8_t>(needle[matched])) {
      if (!needle[++matched]) found = true;
    } else {
      matched = c == static_cast<uint8_t>(needle[0]) ? 1 : 0;
    }
  }
};

int run() {
  if (!net.connect("api.semilimes.net", 443)) return 10 + net.lastError().code();
  static const char kRequest[] =
      "GET /account/my HTTP/1.1\r\nHost: api.semilimes.net\r\nAuthorization: Bearer board-key\r\n"
      "Connection: close\r\n\r\n";
  const size_t len = sizeof kRequest - 1;
  if (net.write(reinterpret_cast<const uint8_t*>(kRequest), len) != len) return 10 + net.lastError().code();
  Finder status = {"HTTP/1.1 200 ", 0, false};
  Finder success = {"\"success\":true", 0, false};
  uint16_t total = 0;
  uint8_t buf[16];
  uint32_t start = millisNow();
  while (net.connected() && millisNow() - start < 20000) {
    size_t n = net.read(buf, sizeof buf);
    for (size_t k = 0; k < n; ++k) {
      if (total < 13) status.feed(buf[k]);
      success.feed(buf[k]);
      ++total;
    }
  }
  net.stop();
  if (!status.found) return 50;
  if (!success.found) return 51;
  return gOverruns ? 44 : 0;
}

}  // namespace

int main() {
  avrLineBegin();
  sl_board_exit(run());
}
