// Shared by the JSON fuzz targets: an event-stream digest that does not depend
// on how strings were cut into pieces, and a hard failure that libFuzzer
// reports as a crash.
#ifndef SL_FUZZ_EVENTS_H
#define SL_FUZZ_EVENTS_H

#include <stdio.h>
#include <stdlib.h>

#include "json/JsonParser.h"

namespace fuzz {

inline void check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "fuzz check failed: %s\n", what);
    abort();
  }
}

// FNV-1a over event kinds and their bytes; string pieces are hashed as one
// string. `complete` is the digest after the last finished event (a failing
// input may deliver part of a string first, depending on chunking).
class Digest : public sl::JsonHandler {
 public:
  explicit Digest(bool numbersByValue = true) : numbers_(numbersByValue) {}
  uint64_t complete = 1469598103934665603ULL;
  uint64_t events = 0;

  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    bool piece = e == sl::JsonEvent::KeyPart || e == sl::JsonEvent::StringPart;
    if (!inString_) {
      running_ = complete;
      mix(static_cast<uint8_t>(e == sl::JsonEvent::KeyPart ? sl::JsonEvent::Key
                               : e == sl::JsonEvent::StringPart ? sl::JsonEvent::String
                                                                : e));
    }
    if (sl::isStringEvent(e) || (e == sl::JsonEvent::Number && numbers_)) {
      for (size_t i = 0; i < p.length(); ++i) mix(p.data()[i]);
    }
    check(p.length() == 0 || p.data() != 0, "piece without data");
    inString_ = piece;
    if (!piece) {
      complete = running_;
      ++events;
    }
    return true;
  }

 private:
  void mix(uint8_t b) {
    running_ ^= b;
    running_ *= 1099511628211ULL;
  }
  bool numbers_;
  bool inString_ = false;
  uint64_t running_ = 0;
};

}  // namespace fuzz

#endif
