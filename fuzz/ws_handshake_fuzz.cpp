// libFuzzer target: WsClient's opening handshake against a fuzzed server
// response (status line, header lines, case, whitespace, folding, the
// accept value, extensions, subprotocols, a body or frames right behind),
// read in fuzzed sizes.
//
// Input: byte 0: read size 1..32 (bits 0..4); then the server's bytes.
//
// Whatever the server says, nothing crashes (ASan/UBSan), onOpen comes at
// most once and only if the response really accepted this client's key:
// its status line (after any empty lines) starts "HTTP/1." and has status
// 101, and the right
// Sec-WebSocket-Accept value (for the key of seed 12345) is in its headers.
// A client that did not open sent nothing after its request.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test/firmware/http/ScriptedTransport.h"
#include "ws/WsClient.h"

namespace {

struct Opens : sl::WsHandler {
  int opens = 0;
  void onOpen() override { ++opens; }
  void onMessageBegin(bool) override {}
  void onMessageData(const uint8_t*, size_t) override {}
  void onMessageEnd() override {}
  void onClose(uint16_t, sl::WsError) override {}
};

const char kAccept[] = "i7VpO1xUYQhYdzX5Oj9GsotAD/I=";  // for the key of seed 12345

// Whether the headers (up to the first empty line) hold `what`.
bool inHeaders(const uint8_t* d, size_t n, const char* what) {
  const uint8_t* end = static_cast<const uint8_t*>(memmem(d, n, "\r\n\r\n", 4));
  size_t len = end ? static_cast<size_t>(end - d) : n;
  return memmem(d, len, what, strlen(what)) != nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  size_t chunk = 1 + (data[0] & 31);
  const uint8_t* server = data + 1;
  size_t n = size - 1;
  static sltest::ScriptedTransport net;  // 2 KB of written bytes: off the stack
  net = sltest::ScriptedTransport();
  net.script(server, n);
  net.setReadChunk(chunk);
  sl::Random rng(12345);
  char line[64];
  sl::WsClient ws(net, rng, line, sizeof line, 1024);
  Opens h;
  if (ws.connect("api.semilimes.net", 443, "/service/ws", "KEY")) abort();
  size_t requestLen = net.writtenLength();
  for (int i = 0; i < 5000 && ws.state() != sl::WsClient::Closed && net.available(); ++i) ws.poll(h);
  if (h.opens > 1) abort();
  if (getenv("SL_FUZZ_TRACE")) fprintf(stderr, "trace: opens %d\n", h.opens);  // (for checking the seeds)
  if (h.opens) {
    // (empty lines before the status line are skipped, RFC 9112 section 2.2)
    while (n && (*server == '\r' || *server == '\n')) ++server, --n;
    const uint8_t* eol = static_cast<const uint8_t*>(memchr(server, '\n', n));
    size_t first = eol ? static_cast<size_t>(eol - server) : n;
    if (first < 12 || memcmp(server, "HTTP/1.", 7) != 0 || !memmem(server, first, " 101", 4)) abort();
    if (!inHeaders(server, n, kAccept)) abort();  // opened without the right accept value
  } else if (net.writtenLength() > requestLen && ws.state() != sl::WsClient::Closed) {
    abort();  // wrote after its request without having opened (a close frame needs an open link)
  }
  return 0;
}
