// sl::JsonPathMatcher: picks values out of a streamed document by path,
// without building a tree. It is a JsonHandler: give it to the JsonParser.
//
// Path syntax: keys separated by '.', "[*]" for "every element of an array";
// "" is the whole document. Examples:
//   "eventType"
//   "eventBody.dataComponent.formComponents[*]"          (each element)
//   "eventBody.dataComponent.formComponents[*].refName"
//   "[*].id"                                             (top-level array)
// Keys are compared byte for byte with the decoded key (so a key written
// with escapes still matches); keys containing '.', '[' or ']' cannot be
// expressed. At most SL_JSON_PATH_MAX paths (4 on AVR, 8 elsewhere), each at
// most 254 characters and SL_JSON_PATH_MAX_DEPTH segments (6 on AVR, 8).
//
// Events for matched values go to a JsonMatchHandler with the path's index:
// - a scalar: all its events (string pieces + String, Number, True, False,
//   Null), exactly as the parser delivers them;
// - an object/array: its BeginObject/BeginArray and, when it closes, the
//   matching EndObject/EndArray (what is inside goes to the paths that
//   match inside it).
//
// Consuming a form submission (values by refName, in whichever order the two
// keys come): register the element and its two fields, keep a small capture
// per field, and act when the element closes:
//
//   static const char kItem[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*]";
//   static const char kRef[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].refName";
//   static const char kVal[] SL_PROGMEM = "eventBody.dataComponent.formComponents[*].value";
//   static const char* const kPaths[] SL_PROGMEM = {kItem, kRef, kVal};
//
//   class Form : public sl::JsonMatchHandler {
//     char ref_[16], val_[24];            // caller-sized; truncation flagged
//     sl::JsonValueCapture ref{ref_, sizeof ref_}, val{val_, sizeof val_};
//     bool onMatch(uint8_t path, sl::JsonEvent e, const sl::JsonParser& p) override {
//       if (path == 0 && e == sl::JsonEvent::BeginObject) { ref.clear(); val.clear(); }
//       else if (path == 1) ref.capture(e, p);
//       else if (path == 2) val.capture(e, p);
//       else if (path == 0 && e == sl::JsonEvent::EndObject) apply(ref, val);  // both known now
//       return true;                      // false aborts the parse
//     }
//   };
//   Form form;
//   sl::JsonPathMatcher matcher(kPaths, 3, form);
//   sl::JsonParser parser(matcher);       // then feed() as bytes arrive
//
// Members and elements no path can match are skipped with
// JsonParser::skipValue() and JsonParser::setKeyFilter(), so most of them
// cost no handler call at all. Give the matcher to one parser only, and
// reset() both together.
//
// RAM: sizeof(JsonPathMatcher) = (2 + SL_JSON_PATH_MAX) pointers + 18 +
// 2 * SL_JSON_PATH_MAX + 3 * SL_JSON_PATH_MAX_DEPTH bytes (56 bytes on AVR
// with the defaults: 4 paths, 6 levels). List paths that share a prefix next
// to each other: a key is then compared once for such neighbours. Containers nested deeper than
// SL_JSON_PATH_MAX_DEPTH inside the tracked ones match nothing.
// The paths are read from flash on AVR (both the array and the strings must be
// SL_PROGMEM there); elsewhere they are ordinary arrays.
// Cost (avr-gcc 5.4 -Os, ATmega2560; the form submission benchmark of
// JsonParser.h, the example above: 29 events reach the matcher, 11 of them
// the handler): ~11.7 cycles per input byte for the matcher (~8.4) and the
// handler with its two captures (~3.3), ~290 per event on average; a key a
// path may want costs ~150 plus ~13 per byte compared with the path
// (wholeKey(), assembly on AVR, as are readLevel() and the captures' copy
// and compare loops). The parser's key filter keeps most other keys from
// ever reaching it.
#ifndef SL_JSON_JSONPATHMATCHER_H
#define SL_JSON_JSONPATHMATCHER_H

#include "../config/Config.h"
#include "JsonHandler.h"
#include "JsonParser.h"

// Options: SL_JSON_PATH_MAX, SL_JSON_PATH_MAX_DEPTH (config/Config.h).

namespace sl {

class JsonMatchHandler {
 public:
  // `path`: index into the matcher's path array. Return false to abort.
  virtual bool onMatch(uint8_t path, JsonEvent event, const JsonParser& p) = 0;

 protected:
  ~JsonMatchHandler() {}
};

class JsonPathMatcher : public JsonHandler {
 public:
  JsonPathMatcher(const char* const* paths, uint8_t count, JsonMatchHandler& out);
  // Forget the position (call with JsonParser::reset()).
  void reset();
  bool onJson(JsonEvent event, const JsonParser& p) override;

 private:
  struct Layout;  // AVR: member offsets for the assembly (JsonPathMatcher.cpp)
  uint8_t at(uint8_t i, uint8_t off) const { return SL_FLASH_READ(base_[i] + off); }
  // Where the key segments of the current level start in the live paths
  // (after the '.' that separates them; the root's first segment has none).
  uint8_t keyStart() const { return off_ ? static_cast<uint8_t>(off_ + 1) : 0; }
  bool deliver(uint8_t mask, JsonEvent e, const JsonParser& p);  // mask != 0
  bool deliverAll(uint8_t mask, JsonEvent e, const JsonParser& p);
  bool onKey(JsonEvent e, const JsonParser& p);
  bool wholeKey(const JsonParser& p);
  bool otherKeys(const JsonParser& p, uint8_t rest);  // after cand_/keyDone_ for the first candidate
  // Path i has the same bytes as path i - 1 before offset `end`.
  bool sameAsPrevious(uint8_t i, uint16_t end) const { return i && common_[i] >= end; }
  uint8_t compare(uint8_t cand, const uint8_t* d, uint8_t n, uint8_t at, uint8_t* done) const;
  uint8_t rootDone() const;
  // The answer depends only on live_ and off_: the level read last is
  // often the one wanted again (the elements of an array), so that is
  // checked inline, and readLevel() reads the paths otherwise.
  void scanLevel() {
    stale_ = 0;
    if (live_ != scannedLive_ || off_ != scannedOff_) readLevel();
  }
  void readLevel();
  void scan() {
    if (stale_) scanLevel();
  }
  bool onScalar(JsonEvent e, const JsonParser& p);
  bool otherScalar(JsonEvent e, const JsonParser& p);
  // The scalar's events go to the paths `done`.
  bool scalarTo(uint8_t done, JsonEvent e, const JsonParser& p) {
    if (e == JsonEvent::StringPart) {
      inString_ = 1;  // the next pieces belong to this value, matched or not
      string_ = done;
    }
    return done ? deliver(done, e, p) : true;
  }
  bool onContainer(JsonEvent e, const JsonParser& p);
  bool leave(JsonEvent e, const JsonParser& p);
  // Tells the parser which first key bytes can matter at `depth` (after the
  // first key there, which came without a filter): those of the live
  // paths' next key segments (first_ is 0 for the others, so a key starting
  // with a NUL byte may get through to onKey(), which rejects it).
  void setFilter(const JsonParser& p, uint8_t depth) const {
    p.setKeyFilter(first_, keys_ ? count_ : 0, depth);
  }

  JsonMatchHandler* out_;
  uint8_t count_;
  uint8_t live_;      // paths matching every open container (the current level)
  uint8_t off_;       // where the live paths go on: all of them matched the same text
  uint8_t keys_;      // live paths whose next segment is a key (first_ valid)
  uint8_t elemDone_;  // live paths that end with the next "[*]"
  uint8_t elemCont_;  // live paths that go on after the next "[*]"
  uint8_t cand_;      // keys_ paths whose segment matches the key so far
  uint8_t keyDone_;   // of cand_ after a whole key: the path ends right after it
  uint8_t string_;    // paths receiving the pieces of the current string value
  uint8_t keyLen_;    // bytes of the current key compared
  uint8_t levels_;    // tracked containers (entries in the level stack)
  uint8_t dead_;      // untracked containers inside them (nothing can match)
  uint8_t arrLevel_;  // level of the array whose answer for its elements is kept below, 0xFF: none
  uint8_t arrDone_, arrCont_;  // elemDone_/elemCont_ of that array level
  uint8_t scannedLive_, scannedOff_;  // the level scanLevel() read last
  // stale_: keys_.. first_ not yet read for this level; atArr_: in the array of arrLevel_
  uint8_t inKey_ : 1, inString_ : 1, stale_ : 1, atArr_ : 1;
  const char* base_[SL_JSON_PATH_MAX];      // the paths (flash on AVR)
  uint8_t common_[SL_JSON_PATH_MAX];        // prefix length shared with the path before
  uint8_t first_[SL_JSON_PATH_MAX];         // first byte of the next key segment (0: none)
  uint8_t savedLive_[SL_JSON_PATH_MAX_DEPTH];  // live_ of the enclosing level
  uint8_t savedOff_[SL_JSON_PATH_MAX_DEPTH];   // off_ of the enclosing level
  uint8_t ends_[SL_JSON_PATH_MAX_DEPTH];       // paths matched by the container itself
};

}  // namespace sl

#endif  // SL_JSON_JSONPATHMATCHER_H
