// The same text message, with every builder of the API included.
#include "generated/Components.h"
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  sl::ComponentError e = sl::data::Text().setText("hello").writeTo(w);
  g_port = static_cast<uint8_t>(e.code);
}
