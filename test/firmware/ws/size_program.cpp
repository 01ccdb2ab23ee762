// A minimal firmware program using the HTTP stack (WS=0) or the WebSocket
// client (WS=1) over a do-nothing transport, linked per toolchain to measure
// flash/RAM and to prove no heap symbol is linked. Also exports the state
// sizes of the parsers as `probe_*` arrays (read back with nm).
#include "transport/Transport.h"
#if WS
#include "ws/WsClient.h"
#else
#include "http/HttpRequestWriter.h"
#include "http/HttpResponseParser.h"
#endif
// A do-nothing transport reading from a volatile register so nothing folds away.
volatile uint8_t reg;
struct T : sl::Transport {
  bool connect(const char*, uint16_t) override { return reg; }
  size_t write(const uint8_t* d, size_t n) override { for (size_t i = 0; i < n; ++i) reg = d[i]; return n; }
  using sl::Transport::write;
  size_t available() override { return reg; }
  size_t read(uint8_t* b, size_t n) override { for (size_t i = 0; i < n; ++i) b[i] = reg; return n; }
  bool connected() override { return reg; }
  void stop() override { reg = 0; }
};
T t;

char probe_HttpResponseParser[sizeof(sl::HttpResponseParser)];
char probe_HttpRequestWriter[sizeof(sl::HttpRequestWriter)];
#if WS
char probe_WsFrameParser[sizeof(sl::WsFrameParser)];
char probe_WsFrameWriter[sizeof(sl::WsFrameWriter)];
char probe_WsHandshake[sizeof(sl::WsHandshake)];
char probe_WsClient[sizeof(sl::WsClient)];
char probe_Sha1[sizeof(sl::Sha1)];
char probe_Utf8Validator[sizeof(sl::Utf8Validator)];
#endif
#if WS
struct H : sl::WsHandler { void onMessageData(const uint8_t* d, size_t n) override { while (n--) reg = *d++; } };
sl::Random rng(1);
char line[64];
sl::WsClient ws(t, rng, line, sizeof line, 512);
H h;
int main() {
  probe_WsFrameParser[0] = probe_WsFrameWriter[0] = probe_WsHandshake[0] = probe_WsClient[0] = probe_Sha1[0] =
      probe_Utf8Validator[0] = probe_HttpResponseParser[0] = probe_HttpRequestWriter[0] = reg;
  if (ws.connect("api.semilimes.net", 443, "/service/ws", "k")) return 1;
  for (;;) {
    ws.poll(h);
    if (ws.state() == sl::WsClient::Open) reg = ws.sendText("x").code();
  }
}
#else
char line[64];
sl::HttpResponseParser p(line, sizeof line);
int main() {
  probe_HttpResponseParser[0] = probe_HttpRequestWriter[0] = reg;
  sl::HttpRequestWriter w(t);
  w.begin("POST", "/registerDevice").host("api.semilimes.net").bearer("k").contentType("application/json");
  if (w.end(reinterpret_cast<const uint8_t*>("{}"), 2)) return 1;
  uint8_t buf[16];
  for (;;) {
    size_t n = t.read(buf, sizeof buf);
    const uint8_t* d = buf;
    for (;;) { sl::HttpResponseParser::Event e = p.next(d, n); if (e == sl::HttpResponseParser::NeedMore) break; if (e == sl::HttpResponseParser::Body) reg = p.body()[0]; }
  }
}
#endif
