// Builds every generated component builder with valid values and a table of
// invalid variants, and prints one tab-separated line per case for
// test/firmware/generated.test.ts:
//   valid   <name> <family> <error code> <json written by writeTo()>
//   invalid <name> <family> <error code> <error path> <json forced by writeJson()>
// The forced JSON (validation bypassed) is what the TypeScript validator
// judges, so both sides see exactly the same input.
#include <stdio.h>

#include "generated/Components.h"
#include "io/Sink.h"

namespace {

char buf[4096];

const char* family(bool data) { return data ? "data" : "form"; }

template <typename C>
void valid(const char* name, const C& c, bool data) {
  sl::BufferSink sink(buf, sizeof buf);
  sl::JsonWriter w(sink);
  sl::ComponentError e = c.writeTo(w);
  sl::JsonWriteError we = w.finish();
  printf("valid\t%s\t%s\t%s\t%s\n", name, family(data), sl::componentErrorCodeName(e.code),
         (we == sl::JsonWriteError::Ok && !sink.overflowed()) ? sink.c_str() : "WRITER-ERROR");
}

template <typename C>
void invalid(const char* name, const C& c, bool data) {
  sl::ComponentError e = c.validate();
  char path[96];
  e.formatPath(path, sizeof path);
  // Nothing is written when validation fails.
  sl::CountingSink count;
  sl::JsonWriter cw(count);
  sl::ComponentError e2 = c.writeTo(cw);
  if (count.count() != 0 || e2.code != e.code) {
    printf("invalid\t%s\t%s\tWROTE-BYTES\t%s\t{}\n", name, family(data), path);
    return;
  }
  sl::BufferSink sink(buf, sizeof buf);
  sl::JsonWriter w(sink);
  c.writeJson(w);
  sl::JsonWriteError we = w.finish();
  printf("invalid\t%s\t%s\t%s\t%s\t%s\n", name, family(data), sl::componentErrorCodeName(e.code), path,
         (we == sl::JsonWriteError::Ok && !sink.overflowed()) ? sink.c_str() : "WRITER-ERROR");
}

using namespace sl;

const GaugeSegment kSegments[] = {GaugeSegment(0, 20).setColor("#00AAFF"), GaugeSegment(21, 40).setColor("#ff12a1"),
                                  GaugeSegment(41, 100).setColor("#BF45F0")};
const char* const kIds[] = {"fileA", "fileB"};
const Option kOptions[] = {Option().setName("c1").setValue("Choice 1"), Option().setName("c2").setValue("Choice \"2\"")};
const ButtonOption kButtons[] = {ButtonOption().setName("b1").setValue("One").setType(ButtonOptionType::Text),
                                 ButtonOption().setName("b2").setType(ButtonOptionType::Icon).setIcon(Icon().setName("emoji_emotions"))};
const FileRef kFiles[] = {FileRef().setFileType("image/png").setFileId("f1").setFileName("a.png").setFileSize(1234)};
const BucketRef kBuckets[] = {BucketRef("g1", BucketType::Groupchat)};
const BucketType kTypes[] = {BucketType::Groupchat, BucketType::Channel};
const Event kEvents[] = {Event().setId("e1").setStart(1700000000000LL).setTitle("Meet").setDescription("desc"),
                         Event().setId("e2").setStart(1700003600000LL).setReferenceBucketId("bkt")};
const char* const kChoices[] = {"c2"};

void validCases() {
  valid("text", data::Text().setText("Hello \"world\"\n\t\x01 caf\xc3\xa9"), true);
  valid("html", data::Html().setHtml("<p>hi</p>"), true);
  valid("gauge", data::Gauge()
                     .setTitle("Speed")
                     .setThickness(20)
                     .setDegrees(270)
                     .setSpacing(0)
                     .setFontSize(12)
                     .setValue(42.5)
                     .setDisplayValue("130 km/h")
                     .setSegments(kSegments)
                     .setPointer(GaugePointer::Needle)
                     .setPointerColor("#ABABAB")
                     .setProgressBar(GaugeProgressBar::Rounded)
                     .setProgressBarColor("#CCDD11"),
        true);
  valid("file", data::File().setFileIds(kIds), true);
  valid("contact", data::Contact().setContactIds(kIds, 1), true);
  valid("location", data::Location().setLatitude(12.3456).setLongitude(-45.5).setLocationName("Office"), true);
  valid("appointment",
        data::Appointment("Title", 1700000000, 1700003600).setDescription("d").setAllDay(false).setLocation(Coordinates(1.5, 2.25)),
        true);
  valid("webview", data::WebView().setUrl("https://example.com").setDisplayMode(data::WebViewDisplayMode::Liveweb).setEnableFullScreenView(true).setViewSize(data::WebViewViewSize::V1x2).setLinkDisplayName("x"), true);
  valid("channel", data::Channel().setChannelId("ch1"), true);
  valid("tunnel", data::Tunnel().setTunnelId("tn1"), true);

  form::Label label;
  label.setRefName("label");
  label.setTitle("Label").setValue("text");
  form::Textbox textbox;
  textbox.setRefName("textbox");
  textbox.setTitle("Name").setRequiredSelection(true).setValue(nullptr);
  form::Gauge gauge;
  gauge.setRefName("gauge");
  gauge.setSegments(kSegments).setValue(10).setPointer(GaugePointer::None).setDisplayValue("10");
  form::ButtonList buttons;
  buttons.setRefName("buttons");
  buttons.setTitle("B").setVerticalList(true).setLineSize(form::ButtonListLineSize::V2).setOptions(kButtons).setValue("b1");
  form::SingleChoice single;
  single.setRefName("single");
  single.setMode(form::SingleChoiceMode::Dropdown).setOptions(kOptions).setValue("c1");
  form::MultiChoice multi;
  multi.setRefName("multi");
  multi.setOptions(kOptions).setValue(kChoices);
  form::Switch sw;
  sw.setRefName("switch");
  sw.setTitle("On").setValue(true);
  form::Slider slider;
  slider.setRefName("slider");
  slider.setTitle("Level").setMin(0).setMax(100).setStep(5).setValue(20);
  form::DatePicker date;
  date.setRefName("date");
  date.setActionButtonTitle("Pick").setValue("");
  form::TimePicker time;
  time.setRefName("time");
  time.setActionButtonTitle("Pick");
  form::LocationPicker loc;
  loc.setRefName("loc");
  loc.setCurrentLocationOnly(false);
  form::PhotoPicker photo;
  photo.setRefName("photo");
  photo.setMultiSelection(true).setValue(kFiles);
  form::FilePicker file;
  file.setRefName("file");
  file.setMultiSelection(false).setValue(kFiles);
  form::ContactPicker contact;
  contact.setRefName("contact");
  contact.setValue(kIds).setMultiSelection(true);
  form::ColorPicker color;
  color.setRefName("color");
  color.setValue("");
  form::BucketPicker bucket;
  bucket.setRefName("bucket");
  bucket.setFilter(form::BucketPickerFilter().setTypes(kTypes)).setValue(kBuckets).setMultiSelection(false);
  form::EventPicker events;
  events.setRefName("events");
  events.setEvents(kEvents).setValue(kEvents, 1).setEventsDisplayMode(form::EventPickerEventsDisplayMode::Buttons).setMultiSelection(true);
  form::HiddenValue hidden;
  hidden.setRefName("hidden");
  hidden.setValue("secret");
  form::CallButton call;
  call.setRefName("call");
  call.setTitle("Call").setActionButtonTitle("Call now");
  form::QrCodeScanner qr;
  qr.setRefName("qr");
  qr.setMode(form::QrCodeScannerMode::Barcode).setValue(nullptr);
  form::NfcReader nfc;
  nfc.setRefName("nfc");
  nfc.setActionButtonTitle("Read");

  const FormComponent* all[] = {&label, &textbox, &gauge, &buttons, &single, &multi, &sw,     &slider, &date,  &time, &loc,
                                &photo, &file,    &contact, &color, &bucket, &events, &hidden, &call,   &qr,   &nfc};
  const char* names[] = {"label", "textbox", "gauge", "buttonlist", "singlechoice", "multichoice", "switch",
                         "slider", "datepicker", "timepicker", "locationpicker", "photopicker", "filepicker", "contactpicker",
                         "colorpicker", "bucketpicker", "eventpicker", "hiddenvalue", "callbutton", "qrcodescanner", "nfcreader"};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) valid(names[i], *all[i], false);

  data::Form everything;
  everything.setSubmitEnabled(true)
      .setRetainStatus(true)
      .setAlign(data::FormAlign::Center)
      .setAuthorizeSubmit(false)
      .setSubmitText("Send")
      .setReceiver(Receiver("acc1", ReceiverFeatureType::Contact))
      .setHideSubmissionMsg(false)
      .setRefName("everything")
      .setFormComponents(all);
  // (A copy: the receiver's owner table, which its setter stored, travels with the object.)
  const data::Form copied = everything;
  valid("form", copied, true);

  // A submission: every input carries a value.
  form::Textbox sName;
  sName.setRefName("name");
  sName.setRequiredSelection(true).setValue("Ada");
  form::Switch sOn;
  sOn.setRefName("on");
  sOn.setValue(false);
  form::Label sLabel;
  sLabel.setRefName("hello");
  const FormComponent* submitted[] = {&sName, &sOn, &sLabel};
  valid("formsubmission",
        data::FormSubmission().setReplyTo(ReplyTo().setMessageId("m1").setRefName("f")).setSubmitterId("u1").setFormComponents(submitted),
        true);

  data::Text child;
  child.setText("inside");
  data::Bucket inner;
  inner.setBucketId("existing");
  const DataComponent* children[] = {&child, &inner};
  valid("bucket", data::Bucket().setTitle("B").setDescription("d").setVisible(true).setLocked(false).setEnableReactions(true).setAvatar("av").setRole(data::BucketRole::Owner).setDataComponents(children), true);
}

void invalidCases() {
  invalid("appointment-missing-title", data::Appointment().setStart(1).setEnd(2), true);
  invalid("appointment-missing-start", data::Appointment().setTitle("T").setEnd(2), true);
  invalid("gauge-thickness-low", data::Gauge().setThickness(9), true);
  invalid("gauge-degrees-high", data::Gauge().setDegrees(361), true);
  invalid("gauge-spacing-high", data::Gauge().setSpacing(21), true);
  invalid("gauge-fontsize-low", data::Gauge().setFontSize(7), true);
  invalid("gauge-value-high", data::Gauge().setValue(100.5), true);
  invalid("gauge-value-negative", data::Gauge().setValue(-0.5), true);
  invalid("gauge-pointer-color", data::Gauge().setPointerColor("#12345"), true);
  invalid("gauge-progress-color", data::Gauge().setProgressBarColor("red"), true);
  // isColor's single pass: one byte too many, none at all, '#' alone, a bad digit last, '#' not first.
  invalid("gauge-pointer-color-long", data::Gauge().setPointerColor("#1234567"), true);
  invalid("gauge-pointer-color-empty", data::Gauge().setPointerColor(""), true);
  invalid("gauge-pointer-color-hash", data::Gauge().setPointerColor("#"), true);
  invalid("gauge-pointer-color-last", data::Gauge().setPointerColor(SL_F("#aBcDeZ")), true);
  invalid("gauge-pointer-color-order", data::Gauge().setPointerColor("1234567#"), true);
  invalid("gauge-pointer-enum", data::Gauge().setPointer(static_cast<GaugePointer>(7)), true);
  invalid("gauge-pointer-count", data::Gauge().setPointer(static_cast<GaugePointer>(4)), true);  // one past the last name
  static const GaugeSegment badColor[] = {GaugeSegment(0, 50), GaugeSegment(51, 100).setColor("#GG0000")};
  invalid("gauge-segment-color", data::Gauge().setSegments(badColor), true);
  static const GaugeSegment fromHigh[] = {GaugeSegment(0, 50), GaugeSegment(100, 100)};
  invalid("gauge-segment-from-range", data::Gauge().setSegments(fromHigh), true);
  static const GaugeSegment missingTo[] = {GaugeSegment(0, 100), GaugeSegment().setFrom(3)};
  invalid("gauge-segment-missing-to", data::Gauge().setSegments(missingTo), true);
  static const GaugeSegment toBeforeFrom[] = {GaugeSegment(0, 50), GaugeSegment(60, 55), GaugeSegment(56, 100)};
  invalid("gauge-segment-to-after-from", data::Gauge().setSegments(toBeforeFrom), true);
  static const GaugeSegment unordered[] = {GaugeSegment(0, 20), GaugeSegment(41, 100), GaugeSegment(21, 40)};
  invalid("gauge-segments-ordered", data::Gauge().setSegments(unordered), true);
  static const GaugeSegment overlap[] = {GaugeSegment(0, 20), GaugeSegment(20, 100)};
  invalid("gauge-segments-overlap", data::Gauge().setSegments(overlap), true);
  static const GaugeSegment gap[] = {GaugeSegment(0, 20), GaugeSegment(30, 100)};
  invalid("gauge-segments-gap", data::Gauge().setSegments(gap), true);
  static const GaugeSegment notZero[] = {GaugeSegment(5, 100)};
  invalid("gauge-segments-start", data::Gauge().setSegments(notZero), true);
  static const GaugeSegment short100[] = {GaugeSegment(0, 99)};
  invalid("gauge-segments-end", data::Gauge().setSegments(short100), true);
  invalid("gauge-segments-empty", data::Gauge().setSegments(static_cast<const GaugeSegment*>(nullptr), 0), true);
  static const char* const emptyId[] = {"a", ""};
  invalid("file-empty", data::File().setFileIds(kIds, 0), true);
  invalid("file-id-empty", data::File().setFileIds(emptyId), true);
  invalid("location-lat", data::Location().setLatitude(90.5).setLongitude(0), true);
  invalid("location-lon", data::Location().setLatitude(0).setLongitude(-180.01), true);
  invalid("appointment-end", data::Appointment("T", 200, 100), true);
  invalid("appointment-negative", data::Appointment("T", -1, 100), true);
  invalid("appointment-location", data::Appointment("T", 1, 2).setLocation(Coordinates(0, 200)), true);
  invalid("webview-mode", data::WebView().setDisplayMode(static_cast<data::WebViewDisplayMode>(5)), true);
  invalid("channel-empty", data::Channel().setChannelId(""), true);
  invalid("form-receiver-missing-type", data::Form().setReceiver(Receiver().setId("x")), true);
  invalid("form-receiver-enum", data::Form().setReceiver(Receiver("x", static_cast<ReceiverFeatureType>(9))), true);
  invalid("form-receiver", data::Form().setFormComponents(static_cast<const FormComponent* const*>(nullptr), 0).setReceiver(Receiver("", ReceiverFeatureType::Channel)), true);
  static const BucketRef noType[] = {BucketRef().setId("b")};
  form::BucketPicker bpm;
  bpm.setRefName("bp").setValue(noType);
  invalid("bucketpicker-ref-missing-type", bpm, false);

  form::Slider sl1;
  sl1.setRefName("s");
  sl1.setMin(10).setMax(5);
  invalid("slider-min-max", sl1, false);
  form::Slider sl2;
  sl2.setRefName("s");
  sl2.setMin(0).setMax(10).setStep(11);
  invalid("slider-step", sl2, false);
  form::Slider sl3;
  sl3.setRefName("s");
  sl3.setMin(0).setMax(10).setValue(11);
  invalid("slider-value", sl3, false);
  form::Slider sl4;
  sl4.setRefName("s");
  sl4.setStep(0);
  invalid("slider-step-zero", sl4, false);
  invalid("label-refname-empty", form::Label().setRefName(""), false);
  // genCheckNonEmpty (minLength 1): empty from flash too, and a one-byte name passes.
  invalid("switch-refname-empty-flash", form::Switch().setRefName(SL_F("")).setValue(true), false);
  invalid("slider-refname-one-then-step", form::Slider().setRefName("x").setMin(0).setMax(10).setStep(0), false);
  static const Option dupOptions[] = {Option().setName("a"), Option().setName("b"), Option().setName("a")};
  form::SingleChoice sc1;
  sc1.setRefName("sc");
  sc1.setOptions(dupOptions);
  invalid("singlechoice-dup", sc1, false);
  form::SingleChoice sc2;
  sc2.setRefName("sc");
  sc2.setOptions(kOptions).setValue("zz");
  invalid("singlechoice-value", sc2, false);
  static const char* const badChoices[] = {"c1", "nope"};
  form::MultiChoice mc;
  mc.setRefName("mc");
  mc.setOptions(kOptions).setValue(badChoices);
  invalid("multichoice-value", mc, false);
  static const char* const dupChoices[] = {"c1", "c1"};
  form::MultiChoice mc2;
  mc2.setRefName("mc");
  mc2.setValue(dupChoices);
  invalid("multichoice-unique", mc2, false);
  static const ButtonOption dupButtons[] = {ButtonOption().setName("x"), ButtonOption(), ButtonOption().setName("x")};
  form::ButtonList bl;
  bl.setRefName("bl");
  bl.setOptions(dupButtons);
  invalid("buttonlist-option-dup", bl, false);
  form::ButtonList bl2;
  bl2.setRefName("bl");
  bl2.setLineSize(static_cast<form::ButtonListLineSize>(9));
  invalid("buttonlist-linesize", bl2, false);
  form::ColorPicker cp;
  cp.setRefName("cp");
  cp.setValue("#12");
  invalid("colorpicker-value", cp, false);
  form::ColorPicker cpHash;  // "" is allowed there (the valid case), a lone '#' is not
  cpHash.setRefName("cp").setValue(SL_F("#"));
  invalid("colorpicker-hash", cpHash, false);
  static const FileRef twoFiles[] = {FileRef().setFileId("a"), FileRef().setFileId("b").setFileSize(-1)};
  form::PhotoPicker pp;
  pp.setRefName("pp");
  pp.setValue(twoFiles, 1).setMultiSelection(false);
  static const FileRef negFile[] = {FileRef().setFileSize(-1)};
  form::FilePicker fp;
  fp.setRefName("fp");
  fp.setValue(negFile);
  invalid("filepicker-size", fp, false);
  form::PhotoPicker pp2;
  pp2.setRefName("pp");
  pp2.setValue(twoFiles, 1).setMultiSelection(false);
  static const FileRef twoOk[] = {FileRef().setFileId("a"), FileRef().setFileId("b")};
  pp2.setValue(twoOk);
  invalid("photopicker-single", pp2, false);
  static const BucketType onlyChannel[] = {BucketType::Channel};
  form::BucketPicker bp;
  bp.setRefName("bp");
  bp.setFilter(form::BucketPickerFilter().setTypes(onlyChannel)).setValue(kBuckets);
  invalid("bucketpicker-filter", bp, false);
  static const BucketType dupTypes[] = {BucketType::Channel, BucketType::Channel};
  form::BucketPicker bp2;
  bp2.setRefName("bp");
  bp2.setFilter(form::BucketPickerFilter().setTypes(dupTypes));
  invalid("bucketpicker-filter-unique", bp2, false);
  static const BucketRef emptyRef[] = {BucketRef("", BucketType::Post)};
  form::BucketPicker bp3;
  bp3.setRefName("bp");
  bp3.setValue(emptyRef);
  invalid("bucketpicker-ref-id", bp3, false);
  static const Event dupEvents[] = {Event().setId("e1").setStart(1), Event().setId("e1").setStart(2)};
  form::EventPicker ep;
  ep.setRefName("ep");
  ep.setEvents(dupEvents);
  invalid("eventpicker-ids", ep, false);
  static const Event other[] = {Event().setId("zz").setStart(1)};
  form::EventPicker ep2;
  ep2.setRefName("ep");
  ep2.setEvents(kEvents).setValue(other);
  invalid("eventpicker-value", ep2, false);
  static const Event negEvent[] = {Event().setId("e").setStart(-5)};
  form::EventPicker ep3;
  ep3.setRefName("ep");
  ep3.setEvents(negEvent);
  invalid("eventpicker-start", ep3, false);
  form::QrCodeScanner qr;
  qr.setRefName("qr");
  qr.setMode(static_cast<form::QrCodeScannerMode>(3));
  invalid("qrcodescanner-mode", qr, false);

  // Children of containers.
  form::Slider bad;
  bad.setRefName("level");
  bad.setMin(0).setMax(10).setValue(50);
  form::Switch ok;
  ok.setRefName("pump");
  const FormComponent* parts[] = {&ok, &bad};
  invalid("form-child", data::Form().setFormComponents(parts), true);
  form::Switch dup;
  dup.setRefName("pump");
  const FormComponent* dups[] = {&ok, &dup};
  invalid("form-refnames", data::Form().setFormComponents(dups), true);
  form::Textbox empty;
  empty.setRefName("name");
  empty.setRequiredSelection(true).setValue("");
  form::Switch on;
  on.setRefName("on").setValue(true);
  const FormComponent* sub1[] = {&on, &empty};
  invalid("submission-required", data::FormSubmission().setFormComponents(sub1), true);
  form::Textbox novalue;
  novalue.setRefName("name");
  const FormComponent* sub2[] = {&novalue};
  invalid("submission-value", data::FormSubmission().setFormComponents(sub2), true);
  form::CallButton call;
  call.setRefName("call");
  form::Switch noSwitch;
  noSwitch.setRefName("sw");
  const FormComponent* sub3[] = {&call, &noSwitch};
  invalid("submission-switch", data::FormSubmission().setFormComponents(sub3), true);
  // The submission checks as FormOps data (genCheckSubmitted): an array
  // value required and empty; one with an item; requiredSelection false.
  const char* const picked[] = {"a"};
  form::MultiChoice noPick;
  noPick.setRefName("pick");
  noPick.setRequiredSelection(true).setValue(picked, 0);
  const FormComponent* sub4[] = {&on, &noPick};
  invalid("submission-required-array", data::FormSubmission().setFormComponents(sub4), true);
  form::MultiChoice onePick;
  onePick.setRefName("pick");
  onePick.setRequiredSelection(true).setValue(picked);
  form::Textbox optional;
  optional.setRefName("opt");
  optional.setRequiredSelection(false).setValue("");
  form::Switch later;
  later.setRefName("later");
  const FormComponent* sub5[] = {&onePick, &optional, &later};
  invalid("submission-after-filled", data::FormSubmission().setFormComponents(sub5), true);
  form::HiddenValue hidden;
  hidden.setRefName("h");
  const FormComponent* sub6[] = {&hidden};
  invalid("submission-hidden", data::FormSubmission().setFormComponents(sub6), true);
  data::Channel badChannel;
  badChannel.setChannelId("");
  const DataComponent* kids[] = {&badChannel};
  invalid("bucket-child", data::Bucket().setDataComponents(kids), true);
  invalid("bucket-role", data::Bucket().setRole(static_cast<data::BucketRole>(4)), true);
}

}  // namespace

int main() {
  validCases();
  invalidCases();
  return 0;
}
