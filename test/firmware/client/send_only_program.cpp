// A send-only sketch-like program (like examples/ChannelGauge): a
// sl::BasicClient that connects and posts a text component, with no event
// handler and no ResponseFn. Linked for AVR by client-sendonly.test.ts to
// check that none of the inbound event reader's code (nor the parser's
// feeding code) is linked. READS=1 sets an event handler: the same program
// then links that code (the check's control).
#include "client/Client.h"
#ifndef READS
#define READS 0
#endif

volatile uint8_t reg;
volatile uint32_t ticks;
struct T : sl::Transport {
  bool connect(const char*, uint16_t) override { return reg; }
  size_t write(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n; ++i) reg = d[i];
    return n;
  }
  using sl::Transport::write;
  size_t available() override { return reg; }
  size_t read(uint8_t* b, size_t n) override {
    size_t k = reg < n ? reg : n;
    for (size_t i = 0; i < k; ++i) b[i] = reg;
    return k;
  }
  bool connected() override { return reg; }
  void stop() override { reg = 0; }
};

uint32_t clockMs() { return ticks; }

// (The Arduino core provides this for abstract interfaces' vtables.)
extern "C" void __cxa_pure_virtual() {
  for (;;) {
  }
}

T net;
sl::BasicClient client;

bool writeText(sl::JsonWriter& w, void*) {
  w.beginObject().key("dataComponentType").string("text").key("text").integer(reg).endObject();
  return w.ok();
}

#if READS
struct Events : sl::ClientEvents {
  void onMessage(const sl::InboundMessage& m) { reg = static_cast<uint8_t>(m.text[0]); }
} events;
char sender[8], chat[8], text[16];
#endif

int main() {
#if READS
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.setHandler(events);
#endif
  if (client.begin(net, "api.semilimes.net", 443, "key", &clockMs)) return 1;
  for (;;) {
    client.loop();
    if (reg == 7 && client.connected()) {
      sl::ClientError e = client.sendToChannel("7c9e6679-7425-40de-944b-e07fc1f90ae7", &writeText, 0);
      reg = static_cast<uint8_t>(e.code());
    }
  }
}
