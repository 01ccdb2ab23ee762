// gauge_form with one value set from a double: floating point is linked.
#include "generated/Components.h"
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  sl::form::Gauge gauge;
  gauge.setRefName("g").setValue(g_port * 0.5);
  const sl::FormComponent* parts[] = {&gauge};
  sl::ComponentError e = sl::data::Form().setRefName("boiler").setFormComponents(parts).writeTo(w);
  g_port = static_cast<uint8_t>(e.code);
}
