// One text message, including only the Text builder's header.
#include "generated/data/Text.h"
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  sl::ComponentError e = sl::data::Text().setText("hello").writeTo(w);
  g_port = static_cast<uint8_t>(e.code);
}
