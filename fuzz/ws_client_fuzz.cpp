// libFuzzer target: WsClient after a valid handshake, fed fuzzed server bytes
// in fuzzed read sizes. Whatever arrives, everything the client writes must
// be well-formed masked client frames (pongs echo pings, at most one close),
// onClose is called at most once, and nothing crashes. (A pong may be left
// unfinished when the input ends inside the ping it echoes.)
#include <stdlib.h>
#include <string.h>

#include "../test/firmware/http/ScriptedTransport.h"
#include "../test/firmware/ws/WsTestUtil.h"
#include "ws/WsClient.h"

namespace {

struct Counter : sl::WsHandler {
  int closes = 0;
  int opens = 0;
  bool inMessage = false;
  void onOpen() override { ++opens; }
  void onMessageBegin(bool) override {
    if (inMessage) abort();
    inMessage = true;
  }
  void onMessageData(const uint8_t* d, size_t n) override {
    if (!inMessage || !d || !n) abort();
  }
  void onMessageEnd() override {
    if (!inMessage) abort();
    inMessage = false;
  }
  void onClose(uint16_t, sl::WsError) override { ++closes; }
};

const char kResponse[] =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: i7VpO1xUYQhYdzX5Oj9GsotAD/I=\r\n\r\n";  // for seed 12345

uint8_t script[sizeof kResponse + 4096];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 4096) return 0;
  size_t chunk = 1 + data[0] % 32;
  memcpy(script, kResponse, sizeof kResponse - 1);
  memcpy(script + sizeof kResponse - 1, data + 1, size - 1);
  static sltest::ScriptedTransport net;  // 2 KB of written bytes: keep it off the stack
  net = sltest::ScriptedTransport();
  net.script(script, sizeof kResponse - 1 + size - 1);
  net.setReadChunk(chunk);
  sl::Random rng(12345);
  char line[64];
  sl::WsClient ws(net, rng, line, sizeof line, 64 + (data[0] & 0xC0) * 4);
  Counter h;
  if (ws.connect("api.semilimes.net", 443, "/service/ws", "KEY")) abort();
  size_t requestLen = net.writtenLength();
  for (int i = 0; i < 10000 && ws.state() != sl::WsClient::Closed && net.available(); ++i) ws.poll(h);
  if (h.opens != 1 || h.closes > 1) abort();
  static char frames[16384];
  if (net.writtenLength() < SLT_SCRIPT_WRITE_CAP &&  // a full transcript buffer cuts the last frame
      !sltest::decodeClientFrames(net.written() + requestLen, net.writtenLength() - requestLen, frames, sizeof frames,
                                    0, false, true)) {
    abort();  // the client emitted a malformed frame
  }
  return 0;
}
