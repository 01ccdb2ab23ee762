// Compile check of the Arduino adapter against the real Arduino AVR core
// headers (Client.h from arduino-core-avr): the adapter and a WsClient over it.
#include <Arduino.h>
#include <Client.h>

#include "transport/ArduinoClientTransport.h"
#include "ws/WsClient.h"

namespace {
struct Handler : sl::WsHandler {
  void onMessageData(const uint8_t* d, size_t n) override { Serial.write(d, n); }
};
}  // namespace

// The RAM documented in transport/ArduinoClientTransport.h: the buffer + 6
// bytes (vtable pointer, Client reference, fill, failure flag); 4 without.
static_assert(sizeof(sl::ArduinoClientTransport) == (SL_ARDUINO_CLIENT_TX_BUFFER ? SL_ARDUINO_CLIENT_TX_BUFFER + 6 : 4),
              "ArduinoClientTransport's size on AVR");

bool slCheckArduinoAdapter(Client& client) {
  static sl::ArduinoClientTransport transport(client);
  static sl::Random rng(analogRead(A0));
  static char line[64];
  static sl::WsClient ws(transport, rng, line, sizeof line, 512);
  static Handler handler;
  if (ws.connect("api.semilimes.net", 443, "/service/ws", "key")) {
    Serial.println(ws.error().name());
    return false;
  }
  ws.poll(handler);
  if (ws.sendText("{}")) return false;
  return transport.flush();
}
