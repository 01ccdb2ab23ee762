// Parse benchmark (runs on a simulated ATmega2560 in avr8js, see run.ts).
//
// Feeds the 728-byte form submission event to sl::JsonParser one byte at a
// time straight from flash (PROGMEM, no RAM input buffer) and extracts the
// form components `lamp` (switch) and `dim` (slider) by refName, the way a
// sketch reacting to a form would: only objects in
// eventBody.dataComponent.formComponents[] count. Cycle markers 1 and 2
// bracket the parse; the program prints what it found and exits 0 only when
// lamp == true and dim == 75.
#include <string.h>

#include "bench_input.h"  // generated: kInput[] SL_PROGMEM, kInputLength
#include "json/JsonParser.h"
#include "sl_board.h"

#if defined(__AVR__)
#define READ_INPUT(i) pgm_read_byte(&kInput[i])
#else
#define READ_INPUT(i) (kInput[i])
#endif

namespace {

// Key ids along the path we care about; 0 = any other key.
enum : uint8_t { kOther, kDataComponent, kEventBody, kFormComponents, kRefName, kValue };
// Sorted (byte order), so a prefix narrows them to a contiguous range.
const char* const kKeys[] = {"dataComponent", "eventBody", "formComponents", "refName", "value"};
const uint8_t kKeyIds[] = {kDataComponent, kEventBody, kFormComponents, kRefName, kValue};
const uint8_t kKeyCount = 5;

enum : uint8_t { kRefNone, kRefLamp, kRefDim, kRefOther };
const char* const kRefs[] = {"dim", "lamp"};  // sorted
const uint8_t kRefIds[] = {kRefDim, kRefLamp};

// Exact incremental match of a piecewise string against a sorted list: the
// candidates consistent with the bytes so far are [lo_, hi_). O(1) per byte
// in the common case; nothing is buffered.
class PrefixMatcher {
 public:
  void start(uint8_t count) {
    lo_ = 0;
    hi_ = count;
    pos_ = 0;
  }
  __attribute__((noinline)) void add(const char* const* names, const uint8_t* p, size_t n) {
    for (size_t k = 0; k < n && lo_ < hi_; ++k, ++pos_) {
      uint8_t c = p[k];
      while (lo_ < hi_ && static_cast<uint8_t>(names[lo_][pos_]) != c) {
        // names[lo_] shorter (NUL) or smaller at pos_: drop from the front
        if (static_cast<uint8_t>(names[lo_][pos_]) < c) ++lo_;
        else { hi_ = lo_; break; }
      }
      while (hi_ > lo_ && static_cast<uint8_t>(names[hi_ - 1][pos_]) != c) --hi_;
    }
  }
  bool alive() const { return lo_ < hi_; }
  // Index of the candidate equal to the whole string, or -1.
  int8_t result(const char* const* names) const {
    return lo_ < hi_ && names[lo_][pos_] == 0 ? static_cast<int8_t>(lo_) : -1;
  }

 private:
  uint8_t lo_, hi_, pos_;
};

class FormHandler : public sl::JsonHandler {
 public:
  FormHandler() : lamp(-1), dim(-1), inComponent_(false), key_(kOther), ref_(kRefNone), pendingKind_(0), pendingInt_(0) {
    memset(path_, 0, sizeof path_);
  }

  // Small on purpose: most events are one-byte key or string pieces, and a
  // lean entry keeps their cost down; the rest goes out of line.
  bool onJson(sl::JsonEvent e, const sl::JsonParser& p) override {
    if (e == sl::JsonEvent::KeyPart) {
      if (keyFresh_) {
        keys_.start(kKeyCount);
        keyFresh_ = false;
      }
      if (keys_.alive()) keys_.add(kKeys, p.data(), p.length());
      return true;
    }
    if (e == sl::JsonEvent::StringPart && !(inComponent_ && key_ == kRefName)) return true;
    return onEvent(e, p);
  }

  __attribute__((noinline)) bool onEvent(sl::JsonEvent e, const sl::JsonParser& p) {
    uint8_t depth = p.depth();
    switch (e) {
      case sl::JsonEvent::KeyPart:
      case sl::JsonEvent::Key:
        if (keyFresh_) {
          keys_.start(kKeyCount);
          keyFresh_ = false;
        }
        if (keys_.alive()) keys_.add(kKeys, p.data(), p.length());
        if (e == sl::JsonEvent::Key) {
          int8_t k = keys_.result(kKeys);
          key_ = k < 0 ? static_cast<uint8_t>(kOther) : kKeyIds[k];
          keyFresh_ = true;
          // depth of the object holding this key = depth - 1; the value below it
          if (depth >= 1 && depth - 1 < kMaxPath) path_[depth - 1] = key_;
        }
        return true;
      case sl::JsonEvent::BeginObject:
        // a form component: an object directly inside formComponents[]
        inComponent_ = depth == 4 && path_[0] == kEventBody && path_[1] == kDataComponent && path_[2] == kFormComponents;
        if (inComponent_) {
          ref_ = kRefNone;
          pendingKind_ = 0;
        }
        return true;
      case sl::JsonEvent::EndObject:
        if (inComponent_ && depth == 4) {
          if (ref_ == kRefLamp && pendingKind_ == 1) lamp = static_cast<int8_t>(pendingInt_);
          if (ref_ == kRefDim && pendingKind_ == 2) dim = pendingInt_;
          inComponent_ = false;
        }
        return true;
      case sl::JsonEvent::StringPart:
      case sl::JsonEvent::String:
        if (inComponent_ && depth == 5 && key_ == kRefName) {
          if (refFresh_) {
            refs_.start(2);
            refFresh_ = false;
          }
          refs_.add(kRefs, p.data(), p.length());
          if (e == sl::JsonEvent::String) {
            int8_t r = refs_.result(kRefs);
            ref_ = r < 0 ? static_cast<uint8_t>(kRefOther) : kRefIds[r];
            refFresh_ = true;
          }
        }
        return true;
      case sl::JsonEvent::True:
      case sl::JsonEvent::False:
        if (inComponent_ && depth == 5 && key_ == kValue) {
          pendingKind_ = 1;
          pendingInt_ = e == sl::JsonEvent::True ? 1 : 0;
        }
        return true;
      case sl::JsonEvent::Number:
        if (inComponent_ && depth == 5 && key_ == kValue) {
          int32_t v;
          if (p.number().toInt32(v) == sl::JsonNumber::Ok) {
            pendingKind_ = 2;
            pendingInt_ = v;
          }
        }
        return true;
      default:
        return true;
    }
  }

  int8_t lamp;  // -1 not found, 0 false, 1 true
  int32_t dim;  // -1 not found

 private:
  static const uint8_t kMaxPath = 8;
  bool inComponent_;
  bool keyFresh_ = true;
  bool refFresh_ = true;
  uint8_t key_;
  uint8_t ref_;
  uint8_t pendingKind_;  // 0 none, 1 bool, 2 number
  int32_t pendingInt_;
  uint8_t path_[kMaxPath];
  PrefixMatcher keys_;
  PrefixMatcher refs_;
};

void putStr(const char* s) {
  while (*s) sl_board_putc(*s++);
}

void putNum(long v) {
  char d[12];
  int n = 0;
  if (v < 0) {
    sl_board_putc('-');
    v = -v;
  }
  do {
    d[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) sl_board_putc(d[--n]);
}

}  // namespace

int main() {
  FormHandler handler;
#ifdef BENCH_VALIDATE_ONLY
  sl::JsonParser parser;  // no handler: the parser's own cost
#else
  sl::JsonParser parser(handler);
#endif
  sl_board_mark(1);
  for (uint16_t i = 0; i < kInputLength; ++i) {
    uint8_t b = READ_INPUT(i);
    if (parser.feed(&b, 1) != sl::JsonParseError::Ok) break;
  }
  sl::JsonParseError err = parser.finish();
  sl_board_mark(2);
  putStr("lamp=");
  putNum(handler.lamp);
  putStr(" dim=");
  putNum(handler.dim);
  putStr(" error=");
  putNum(static_cast<long>(err.code()));
  putStr(" offset=");
  putNum(static_cast<long>(parser.errorOffset()));
  putStr(" sizeofParser=");
  putNum(static_cast<long>(sizeof(sl::JsonParser)));
  putStr(" sizeofHandler=");
  putNum(static_cast<long>(sizeof(FormHandler)));
  sl_board_putc('\n');
#ifdef BENCH_VALIDATE_ONLY
  bool ok = err == sl::JsonParseError::Ok;
#else
  bool ok = err == sl::JsonParseError::Ok && handler.lamp == 1 && handler.dim == 75;
#endif
  sl_board_exit(ok ? 0 : 1);
}
