// The builders LampControl uses (a gauge with three segments, a form with a
// label, a switch and a slider), numbers set from integers.
#include "generated/data/Form.h"
#include "generated/data/Gauge.h"
#include "generated/form/Label.h"
#include "generated/form/Slider.h"
#include "generated/form/Switch.h"
#include "Sketch.h"

void sendMessage(sl::JsonWriter& w) {
  sl::GaugeSegment ranges[3];
  ranges[0].setFrom(0).setTo(33).setColor(SL_F("#3B82F6"));
  ranges[1].setFrom(34).setTo(66).setColor(SL_F("#F59E0B"));
  ranges[2].setFrom(67).setTo(100).setColor(SL_F("#EF4444"));
  int32_t percent = g_port;
  sl::data::Gauge gauge;
  gauge.setTitle(SL_F("Lamp")).setValue(percent).setDisplayValue("50 %").setSegments(ranges);
  w.beginArray();
  sl::ComponentError e = gauge.writeTo(w);
  sl::form::Label label;
  label.setRefName(SL_F("hint")).setValue(SL_F("Switch the lamp and set its brightness"));
  sl::form::Switch lamp;
  lamp.setRefName(SL_F("lamp")).setTitle(SL_F("Lamp")).setValue(g_port != 0);
  sl::form::Slider dim;
  dim.setRefName(SL_F("dim")).setTitle(SL_F("Dimmer %")).setMin(0).setMax(100).setStep(1).setValue(percent);
  const sl::FormComponent* parts[] = {&label, &lamp, &dim};
  sl::data::Form form;
  form.setRefName(SL_F("lamp-control")).setSubmitText(SL_F("Apply")).setFormComponents(parts);
  sl::ComponentError e2 = form.writeTo(w);
  w.endArray();
  g_port = static_cast<uint8_t>(static_cast<uint8_t>(e.code) + static_cast<uint8_t>(e2.code));
}
