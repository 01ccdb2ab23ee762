// Baseline: the same text message written by hand with JsonWriter (no builder).
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  w.beginObject().key(SL_F("dataComponentType")).string(SL_F("text")).key(SL_F("text")).string("hello").endObject();
  g_port = 0;
}
