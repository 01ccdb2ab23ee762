// A sketch-like program using sl::Client over a do-nothing transport:
// connect, send a gauge every 10 s, a form once, read form values by
// refName and reply. BUILDERS=1 (default) uses the generated Gauge/Form/Text
// builders (they validate every documented constraint and format floats);
// BUILDERS=0 writes a text component with an integer from a ComponentFn,
// which is what fits an ATmega328P next to the WebSocket stack. REPLIES=1
// adds a WebSocket request whose reply streams into a generated response
// decoder (Client::send(request, parser, fn)). Linked per toolchain to
// measure flash/RAM and to prove no heap symbol is linked; probe_* arrays
// export the state sizes (nm).
#include "client/Client.h"
#ifndef BUILDERS
#define BUILDERS 1
#endif
#ifndef REPLIES
#define REPLIES 0
#endif
#if REPLIES
#include "generated/api/GetMyChannels.h"
#include "generated/decode/GetMyChannelsResponseDecoder.h"
#endif
#if BUILDERS
#include "generated/data/Form.h"
#include "generated/data/Gauge.h"
#include "generated/data/Text.h"
#include "generated/form/Switch.h"
#include "generated/form/Slider.h"
#endif

#include "RegisterTransport.h"

RegisterTransport net;
sl::Client client;
char sender[24], chat[40], text[32];
bool pump;
int32_t level;
bool answered;

struct Events : sl::ClientHandler {
  void onFormValue(const sl::InboundMessage&, const sl::ClientFormValue& v) override {
    if (v.refName.equals("pump")) pump = v.value.boolean();
    if (v.refName.equals("level") && v.value.number().toInt32(level) != sl::JsonNumber::Ok) level = -1;
  }
  void onMessage(const sl::InboundMessage& m) override {
    if (m.formValues) answered = true;
  }
};
Events events;

char probe_Client[sizeof(sl::Client)];
char probe_BasicClient[sizeof(sl::BasicClient)];
char probe_WsClient[sizeof(sl::WsClient)];
char probe_Outbox[sizeof(sl::Outbox)];
char probe_InboundEventReader[sizeof(sl::InboundEventReader)];
char probe_JsonParser[sizeof(sl::JsonParser)];

#if REPLIES
// The first channel id of the account, from the reply of a WebSocket request.
char firstChannel[40];
struct Channels : sl::api::GetMyChannelsResponseHandler {
  void onField(sl::api::GetMyChannelsField f, const sl::JsonValueCapture& v, uint16_t i) override {
    if (f != sl::api::GetMyChannelsField::ChannelId || i != 0) return;
    size_t n = v.length() < sizeof firstChannel - 1 ? v.length() : sizeof firstChannel - 1;
    memcpy(firstChannel, v.text(), n);
    firstChannel[n] = 0;
  }
};
Channels channels;
sl::api::GetMyChannelsResponseDecoder channelsDecoder(channels);
sl::JsonParser channelsReply(channelsDecoder);
bool asked;
void onChannels(const sl::ClientResponse& r, void*) { reg = r.error.code(); }
#endif

#if !BUILDERS
bool writeReading(sl::JsonWriter& w, void* ctx) {
  w.beginObject().key(SL_F("dataComponentType")).string(SL_F("text"));
  w.key(SL_F("text")).integer(static_cast<long>(reinterpret_cast<intptr_t>(ctx))).endObject();
  return w.ok();
}
#endif

int main() {
  probe_Client[0] = probe_BasicClient[0] = probe_WsClient[0] = probe_Outbox[0] = probe_InboundEventReader[0] = probe_JsonParser[0] = reg;
  client.random().seed(reg);
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.setHandler(events);
  if (client.begin(net, "api.semilimes.net", 443, "key", &clockMs)) return 1;
#if BUILDERS
  sl::form::Switch sw;
  sw.setRefName("pump").setTitle("Pump").setValue(false);
  sl::form::Slider sl_;
  sl_.setRefName("level").setTitle("Level").setMin(0).setMax(100).setStep(1).setValue(20);
  const sl::FormComponent* parts[] = {&sw, &sl_};
  sl::data::Form form;
  form.setRefName("boiler").setSubmitText("Apply").setFormComponents(parts);
  bool formSent = false;
  uint32_t last = 0;
  for (;;) {
    client.loop();
#if REPLIES
    if (!asked && client.connected()) {
      sl::api::GetMyChannels req;
      req.setOwner(true);
      asked = !client.send(req, channelsReply, &onChannels);
    }
#endif
    if (!formSent && client.connected()) formSent = !client.sendToChannel("channel", form);
    if (ticks - last > 10000) {
      last = ticks;
      sl::data::Gauge gauge;
      gauge.setTitle("Boiler").setValue(reg);
      reg = client.sendToChannel("channel", gauge).code();
    }
    if (answered) {
      answered = false;
      sl::data::Text reply(pump ? "pump on" : "pump off");
      reg = client.sendToChannel("channel", reply).code();
    }
  }
#else
  uint32_t last = 0;
  for (;;) {
    client.loop();
#if REPLIES
    if (!asked && client.connected()) {
      sl::api::GetMyChannels req;
      req.setOwner(true);
      asked = !client.send(req, channelsReply, &onChannels);
    }
#endif
    if (ticks - last > 10000) {
      last = ticks;
      reg = client.sendToChannel("channel", &writeReading, reinterpret_cast<void*>(static_cast<intptr_t>(reg))).code();
    }
    if (answered) {
      answered = false;
      reg = client.sendToChannel("channel", &writeReading, reinterpret_cast<void*>(static_cast<intptr_t>(pump ? level : -level))).code();
    }
  }
#endif
}
