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

#include "RegisterTransport.h"

RegisterTransport net;
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
