// A gauge and a form with a slider and a switch: pays for what it uses.
#include "generated/Components.h"
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  static const sl::GaugeSegment segments[] = {sl::GaugeSegment(0, 60).setColor("#00AA00"),
                                              sl::GaugeSegment(61, 100).setColor("#FF0000")};
  sl::form::Gauge gauge;
  gauge.setRefName("g").setValue(g_port).setSegments(segments).setPointer(sl::GaugePointer::Needle);
  sl::form::Slider level;
  level.setRefName("level").setMin(0).setMax(90).setStep(1).setValue(g_port);
  sl::form::Switch pump;
  pump.setRefName("pump").setValue(g_port != 0);
  const sl::FormComponent* parts[] = {&gauge, &level, &pump};
  sl::ComponentError e = sl::data::Form().setRefName("boiler").setFormComponents(parts).writeTo(w);
  g_port = static_cast<uint8_t>(e.code);
}
