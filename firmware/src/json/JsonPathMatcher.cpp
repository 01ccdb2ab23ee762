#include "JsonPathMatcher.h"

namespace sl {

// All live paths at a level matched the same keys, so they share the same
// text up to their current segment: advancing into a container moves each by
// the same amount (plus one for a '.' separator), which is all a level has to
// remember to step back out. Neighbouring paths with a common prefix give the
// same answer for a key that lies inside it, so only the first is compared.
// Loops walk the masks bit by bit (variable shifts are loops on AVR).

JsonPathMatcher::JsonPathMatcher(const char* const* paths, uint8_t count, JsonMatchHandler& out)
    : out_(&out), count_(count > SL_JSON_PATH_MAX ? SL_JSON_PATH_MAX : count) {
  for (uint8_t i = 0; i < count_; ++i) {
#if SL_ARCH_AVR
    base_[i] = reinterpret_cast<const char*>(pgm_read_word(paths + i));
#else
    base_[i] = paths[i];
#endif
    uint8_t n = 0;
    if (i) {
      while (n < 255 && at(i, n) && at(i, n) == at(static_cast<uint8_t>(i - 1), n)) ++n;
    }
    common_[i] = n;
  }
  reset();
}

void JsonPathMatcher::reset() {
  live_ = static_cast<uint8_t>((1u << count_) - 1u);
  cand_ = 0;
  keyDone_ = 0;
  keyDots_ = 0;
  string_ = 0;
  keyLen_ = 0;
  levels_ = 0;
  dead_ = 0;
  inKey_ = 0;
  inString_ = 0;
  for (uint8_t i = 0; i < count_; ++i) {
    off_[i] = 0;
    first_[i] = at(i, 0);
  }
}

bool JsonPathMatcher::deliver(uint8_t mask, JsonEvent e, const JsonParser& p) {
  for (uint8_t i = 0; mask; ++i, mask = static_cast<uint8_t>(mask >> 1)) {
    if ((mask & 1) && !out_->onMatch(i, e, p)) return false;
  }
  return true;
}

// A key in pieces (it crossed a chunk boundary, or has escapes): compared
// with the live paths' next segment as the pieces come.
bool JsonPathMatcher::onKey(JsonEvent e, const JsonParser& p) {
  uint8_t cand;
  if (!inKey_) {
    inKey_ = 1;
    keyLen_ = 0;
    cand = 0;
    uint8_t bit = 1;
    for (uint8_t i = 0, m = live_; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
      if (m & 1) {
        uint8_t c = at(i, off_[i]);
        if (c && c != '[') cand |= bit;
      }
    }
  } else {
    cand = cand_;
  }
  size_t n = p.length();
  if (cand) {
    if (n > static_cast<size_t>(254 - keyLen_ - 1)) {
      cand = 0;  // longer than any path can be
    } else {
      uint8_t bit = 1;
      for (uint8_t i = 0, m = cand; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
        if (!(m & 1)) continue;
        const char* s = base_[i] + off_[i] + keyLen_;
        const uint8_t* d = p.data();
        for (uint8_t k = static_cast<uint8_t>(n); k; --k, ++s, ++d) {
          uint8_t c = SL_FLASH_READ(s);
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
    uint8_t done = 0, dots = 0;
    uint8_t bit = 1;
    for (uint8_t i = 0, m = cand; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
      if (m & 1) {
        uint8_t c = at(i, static_cast<uint8_t>(off_[i] + keyLen_));
        if (c == 0) done |= bit;
        else if (c == '.') dots |= bit;
        else if (c != '[') cand &= static_cast<uint8_t>(~bit);
      }
    }
    keyDone_ = done;
    keyDots_ = dots;
  }
  cand_ = cand;
  return true;
}

namespace {
// When the segment at `s` is exactly the n-byte key `d` (n >= 1; the first
// bytes are already known to be equal): the byte that ends it (0, '.' or
// '['); otherwise 0xFF.
__attribute__((noinline)) uint8_t sameSegment(const char* s, const uint8_t* d, uint8_t n) {
  uint8_t c = SL_FLASH_READ(s);
  for (;;) {
    // Keys may hold these bytes (all <= '[': most letters pass one test).
    if (c <= '[' && (c == 0 || c == '.' || c == '[')) return 0xFF;
    c = SL_FLASH_READ(++s);
    ++d;
    if (!--n) break;
    if (c != *d) return 0xFF;
  }
  return c == 0 || c == '.' || c == '[' ? c : 0xFF;
}
}  // namespace

// A whole key in one piece (the usual case), 1..253 bytes. Most keys differ
// from every segment in their first byte, so that test comes first. Also
// notes how each matching path goes on after the key (keyDone_, keyDots_),
// so that the value's event needs no flash reads.
void JsonPathMatcher::matchKey(const uint8_t* key, uint8_t n) {
  uint8_t cand = 0, done = 0, dots = 0;
  uint8_t bit = 1;
  uint8_t k0 = key[0];
  uint8_t prevOff = 0xFF;  // offset of path i-1 when it is live
  uint8_t end = 0xFF;      // what sameSegment() said for it
  for (uint8_t i = 0, m = live_; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
    if (!(m & 1)) {
      prevOff = 0xFF;
      continue;
    }
    uint8_t o = off_[i];
    // Path i-1 at the same offset, with a common prefix covering the key and
    // the byte after it, has the same answer.
    if (o != prevOff || o + n >= common_[i]) {
      end = first_[i] == k0 ? sameSegment(base_[i] + o, key, n) : 0xFF;  // first_: the byte at o
    }
    if (end != 0xFF) {
      cand |= bit;
      if (end == 0) done |= bit;
      else if (end == '.') dots |= bit;
    }
    prevOff = o;
  }
  cand_ = cand;
  keyDone_ = done;
  keyDots_ = dots;
  keyLen_ = n;
}

// A scalar value starts: the paths that end exactly here.
bool JsonPathMatcher::onScalar(JsonEvent e, const JsonParser& p) {
  uint8_t done = 0;
  if (p.depth() && p.inObject()) {
    // A member: the key matched cand_; the path must end right after it.
    done = static_cast<uint8_t>(cand_ & keyDone_);
    cand_ = 0;
  } else {
    // The root value, or an array element ("[*]").
    bool array = p.depth() != 0;
    uint8_t bit = 1;
    for (uint8_t i = 0, m = live_; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
      if (!(m & 1)) continue;
      const char* s = base_[i] + off_[i];
      if (array) {
        if (SL_FLASH_READ(s) != '[' || SL_FLASH_READ(s + 1) != '*' || SL_FLASH_READ(s + 2) != ']') continue;
        s += 3;
      }
      if (SL_FLASH_READ(s) == 0) done |= bit;
    }
  }
  if (e == JsonEvent::StringPart) {
    inString_ = 1;  // the next pieces belong to this value, matched or not
    string_ = done;
  }
  return done ? deliver(done, e, p) : true;
}

// A container value starts: which paths point exactly here (they get its
// Begin/End), which continue inside (the next level).
bool JsonPathMatcher::onContainer(JsonEvent e, const JsonParser& p) {
  uint8_t advance = 0;  // root: the first segment applies to the root's children
  uint8_t candidates = live_;
  bool array = false;
  uint8_t done = 0, cont = 0, dots = 0;
  if (p.depth()) {
    if (p.inObject()) {
      // A member: matchKey() already knows how each path goes on.
      done = static_cast<uint8_t>(cand_ & keyDone_);
      dots = static_cast<uint8_t>(cand_ & keyDots_);
      cont = static_cast<uint8_t>(cand_ & ~keyDone_);
      candidates = 0;
      cand_ = 0;
      advance = keyLen_;
    } else {
      advance = 3;  // "[*]"
      array = true;
    }
  }
  uint8_t bit = 1;
  for (uint8_t i = 0, m = candidates; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
    if (!(m & 1)) continue;
    const char* s = base_[i] + off_[i];
    if (array && (SL_FLASH_READ(s) != '[' || SL_FLASH_READ(s + 1) != '*' || SL_FLASH_READ(s + 2) != ']')) continue;
    uint8_t c = SL_FLASH_READ(s + advance);
    if (c == 0) {
      done |= bit;
    } else if (c == '.') {
      cont |= bit;
      dots |= bit;
    } else if (c == '[' || advance == 0) {
      cont |= bit;
    }
  }
  if (!done && !cont) {
    p.skipValue();  // nothing inside can match
    return true;
  }
  if (levels_ >= SL_JSON_PATH_MAX_DEPTH) {
    ++dead_;
    return true;
  }
  saved_[levels_] = live_;
  ends_[levels_] = done;
  back_[levels_] = advance;
  dots_[levels_] = dots;
  ++levels_;
  live_ = cont;
  for (uint8_t i = 0, m = cont, d = dots; m; ++i, m = static_cast<uint8_t>(m >> 1), d = static_cast<uint8_t>(d >> 1)) {
    if (m & 1) {
      off_[i] = static_cast<uint8_t>(off_[i] + advance + (d & 1));
      first_[i] = at(i, off_[i]);
    }
  }
  if (e == JsonEvent::BeginObject) setFilter(p, static_cast<uint8_t>(p.depth() + 1));
  return done ? deliver(done, e, p) : true;
}

// Tells the parser which first key bytes can matter at `depth`: those of the
// live paths' next segments (first_ also holds stale bytes of paths that are
// not live; they only let a few keys through to matchKey, which rejects them).
void JsonPathMatcher::setFilter(const JsonParser& p, uint8_t depth) {
  p.setKeyFilter(live_ ? first_ : 0, live_ ? count_ : 0, depth);
}

bool JsonPathMatcher::leave(JsonEvent e, const JsonParser& p) {
  uint8_t l = --levels_;
  uint8_t back = back_[l];
  for (uint8_t i = 0, m = live_, d = dots_[l]; m; ++i, m = static_cast<uint8_t>(m >> 1), d = static_cast<uint8_t>(d >> 1)) {
    if (m & 1) {
      off_[i] = static_cast<uint8_t>(off_[i] - back - (d & 1));
      first_[i] = at(i, off_[i]);
    }
  }
  live_ = saved_[l];
  cand_ = 0;
  setFilter(p, p.depth());
  uint8_t ends = ends_[l];
  return ends ? deliver(ends, e, p) : true;
}

// Fast paths first: most events are keys that match nothing (their values
// are then skipped by the parser without events).
bool JsonPathMatcher::onJson(JsonEvent e, const JsonParser& p) {
  if (dead_) {
    if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) ++dead_;
    else if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) --dead_;
    return true;
  }
  if (e == JsonEvent::Key && !inKey_) {
    size_t n = p.length();
    uint8_t hit = 0;
    if (n && n < 254) {
      // Cheap filter on the first byte before comparing anything in flash.
      uint8_t k0 = p.data()[0];
      const uint8_t* f = first_;
      for (uint8_t m = live_, bit = 1; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++f) {
        if ((m & 1) && *f == k0) hit |= bit;
      }
    }
    if (hit) {
      matchKey(p.data(), static_cast<uint8_t>(n));
    } else {
      cand_ = 0;
    }
    if (!cand_) p.skipValue();  // no path wants this member's value
    return true;
  }
  if (e == JsonEvent::KeyPart || e == JsonEvent::Key) {
    bool ok = onKey(e, p);
    if (e == JsonEvent::Key && !cand_) p.skipValue();
    return ok;
  }
  if (inString_) {
    if (e == JsonEvent::String) inString_ = 0;
    return string_ ? deliver(string_, e, p) : true;
  }
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) return leave(e, p);
  if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) return onContainer(e, p);
  return onScalar(e, p);
}

}  // namespace sl
