#include "JsonPathMatcher.h"

namespace sl {

// All live paths at a level matched the same keys, so they share the same
// text up to their current segment: advancing into a container moves each by
// the same amount (plus one for a '.' separator), which is all a level has to
// remember to step back out. Loops walk the masks bit by bit (no variable
// shifts: they are loops themselves on AVR).

namespace {
inline uint8_t at(const char* s) { return SL_FLASH_READ(s); }
}  // namespace

JsonPathMatcher::JsonPathMatcher(const char* const* paths, uint8_t count, JsonMatchHandler& out)
    : paths_(paths), out_(&out), count_(count > SL_JSON_PATH_MAX ? SL_JSON_PATH_MAX : count) {
  reset();
}

void JsonPathMatcher::reset() {
  live_ = static_cast<uint8_t>((1u << count_) - 1u);
  cand_ = 0;
  string_ = 0;
  keyLen_ = 0;
  levels_ = 0;
  dead_ = 0;
  inKey_ = 0;
  inString_ = 0;
  for (uint8_t i = 0; i < count_; ++i) seg_[i] = path(i);
}

const char* JsonPathMatcher::path(uint8_t i) const {
#if SL_ARCH_AVR
  return reinterpret_cast<const char*>(pgm_read_word(paths_ + i));
#else
  return paths_[i];
#endif
}

bool JsonPathMatcher::deliver(uint8_t mask, JsonEvent e, const JsonParser& p) {
  for (uint8_t i = 0; mask; ++i, mask = static_cast<uint8_t>(mask >> 1)) {
    if ((mask & 1) && !out_->onMatch(i, e, p)) return false;
  }
  return true;
}

// Keys: compared with the live paths' next segment as the pieces come.
bool JsonPathMatcher::onKey(JsonEvent e, const JsonParser& p) {
  uint8_t cand;
  if (!inKey_) {
    inKey_ = 1;
    keyLen_ = 0;
    cand = 0;
    uint8_t bit = 1;
    const char* const* sp = seg_;
    for (uint8_t m = live_; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++sp) {
      if (m & 1) {
        uint8_t c = at(*sp);
        if (c && c != '[') cand |= bit;
      }
    }
  } else {
    cand = cand_;
  }
  size_t n = p.length();
  if (cand) {
    if (n > static_cast<size_t>(254 - keyLen_)) {
      cand = 0;  // longer than any path can be
    } else {
      uint8_t bit = 1;
      const char* const* sp = seg_;
      for (uint8_t m = cand; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++sp) {
        if (!(m & 1)) continue;
        const char* s = *sp + keyLen_;
        const uint8_t* d = p.data();
        for (uint8_t k = static_cast<uint8_t>(n); k; --k, ++s, ++d) {
          uint8_t c = at(s);
          if (c != *d || c == 0 || c == '.' || c == '[') {  // keys may hold these bytes
            cand &= static_cast<uint8_t>(~bit);
            break;
          }
        }
      }
      keyLen_ = static_cast<uint8_t>(keyLen_ + n);
    }
  }
  if (e == JsonEvent::Key) {
    inKey_ = 0;
    uint8_t bit = 1;
    const char* const* sp = seg_;
    for (uint8_t m = cand; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++sp) {
      if (m & 1) {
        uint8_t c = at(*sp + keyLen_);
        if (c && c != '.' && c != '[') cand &= static_cast<uint8_t>(~bit);
      }
    }
  }
  cand_ = cand;
  return true;
}

// A value starts: which paths point exactly here, which continue inside.
bool JsonPathMatcher::onValue(JsonEvent e, const JsonParser& p) {
  bool begin = e == JsonEvent::BeginObject || e == JsonEvent::BeginArray;
  uint8_t advance = 0;  // root: the first segment applies to the root's children
  uint8_t candidates = live_;
  if (p.depth()) {
    if (p.inObject()) {
      candidates = cand_;
      cand_ = 0;
      advance = keyLen_;
    } else {
      advance = 3;  // "[*]"
    }
  }
  uint8_t done = 0, cont = 0, dots = 0;
  uint8_t bit = 1;
  const char* const* sp = seg_;
  for (uint8_t m = candidates; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++sp) {
    if (!(m & 1)) continue;
    const char* s = *sp;
    if (advance == 3 && !p.inObject() && (at(s) != '[' || at(s + 1) != '*' || at(s + 2) != ']')) continue;
    uint8_t c = at(s + advance);
    if (c == 0) {
      done |= bit;
    } else if (c == '.') {
      cont |= bit;
      dots |= bit;
    } else if (c == '[' || advance == 0) {
      cont |= bit;
    }
  }
  if (begin) {
    if ((!done && !cont) || levels_ >= SL_JSON_PATH_MAX_DEPTH) {
      ++dead_;
      return true;
    }
    saved_[levels_] = live_;
    ends_[levels_] = done;
    back_[levels_] = advance;
    dots_[levels_] = dots;
    ++levels_;
    live_ = cont;
    const char** wp = seg_;
    for (uint8_t m = cont, d = dots; m; m = static_cast<uint8_t>(m >> 1), d = static_cast<uint8_t>(d >> 1), ++wp) {
      if (m & 1) *wp += advance + (d & 1);
    }
  } else if (e == JsonEvent::StringPart) {
    inString_ = 1;  // the next pieces belong to this value, matched or not
    string_ = done;
  }
  return done ? deliver(done, e, p) : true;
}

// A whole key in one piece (the usual case): compare it with each live path's
// next segment in one go.
namespace {
// True when the segment at `s` is exactly the n-byte key `d` (n >= 1, and the
// first byte is already known to be equal).
__attribute__((noinline)) bool sameSegment(const char* s, const uint8_t* d, uint8_t n) {
  uint8_t c = at(s);
  for (;;) {
    if (c == 0 || c == '.' || c == '[') return false;  // keys may hold these bytes
    c = at(++s);
    ++d;
    if (!--n) break;
    if (c != *d) return false;
  }
  return c == 0 || c == '.' || c == '[';
}
}  // namespace

// A whole key in one piece (the usual case). Most keys differ from every
// segment in their first byte, so that test comes first.
void JsonPathMatcher::matchKey(const uint8_t* key, uint8_t n) {
  uint8_t cand = 0;
  uint8_t bit = 1;
  uint8_t k0 = key[0];
  const char* const* sp = seg_;
  for (uint8_t m = live_; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++sp) {
    if ((m & 1) && at(*sp) == k0 && sameSegment(*sp, key, n)) cand |= bit;
  }
  cand_ = cand;
  keyLen_ = n;
}

bool JsonPathMatcher::leave(JsonEvent e, const JsonParser& p) {
  uint8_t l = --levels_;
  uint8_t back = back_[l];
  const char** wp = seg_;
  for (uint8_t m = live_, d = dots_[l]; m; m = static_cast<uint8_t>(m >> 1), d = static_cast<uint8_t>(d >> 1), ++wp) {
    if (m & 1) *wp -= back + (d & 1);
  }
  live_ = saved_[l];
  cand_ = 0;
  uint8_t ends = ends_[l];
  return ends ? deliver(ends, e, p) : true;
}

// Fast paths first: most events are keys that match nothing and the values
// that follow them.
bool JsonPathMatcher::onJson(JsonEvent e, const JsonParser& p) {
  if (dead_) {
    if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) ++dead_;
    else if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) --dead_;
    return true;
  }
  if (e == JsonEvent::Key && !inKey_) {
    size_t n = p.length();
    if (live_ && n && n < 255) matchKey(p.data(), static_cast<uint8_t>(n));
    else cand_ = 0;
    return true;
  }
  if (e == JsonEvent::KeyPart || e == JsonEvent::Key) return onKey(e, p);
  if (inString_) {
    if (e == JsonEvent::String) inString_ = 0;
    return string_ ? deliver(string_, e, p) : true;
  }
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) return leave(e, p);
  if (!cand_ && p.depth() && p.inObject()) {  // a member no path wants
    if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) ++dead_;
    else if (e == JsonEvent::StringPart) inString_ = 1, string_ = 0;
    return true;
  }
  return onValue(e, p);
}

}  // namespace sl
