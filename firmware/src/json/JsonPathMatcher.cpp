#include "JsonPathMatcher.h"

namespace sl {

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
  for (uint8_t i = 0; i < SL_JSON_PATH_MAX; ++i) seg_[i] = 0;
}

const char* JsonPathMatcher::path(uint8_t i) const {
#if SL_ARCH_AVR
  return reinterpret_cast<const char*>(pgm_read_word(paths_ + i));
#else
  return paths_[i];
#endif
}

uint8_t JsonPathMatcher::charAt(uint8_t i, uint8_t off) const { return SL_FLASH_READ(path(i) + off); }

bool JsonPathMatcher::deliver(uint8_t mask, JsonEvent e, const JsonParser& p) {
  for (uint8_t i = 0; mask; ++i, mask >>= 1) {
    if ((mask & 1) && !out_->onMatch(i, e, p)) return false;
  }
  return true;
}

// Moves path i's offset from the start of a segment back to the start of the
// segment before it (undoing the advance made when a container was entered).
void JsonPathMatcher::stepBack(uint8_t i) {
  const char* s = path(i);
  uint8_t o = seg_[i];
  if (o && SL_FLASH_READ(s + o - 1) == '.') --o;
  if (o && SL_FLASH_READ(s + o - 1) == ']') {
    while (o && SL_FLASH_READ(s + o - 1) != '[') --o;
    if (o) --o;
  } else {
    while (o && SL_FLASH_READ(s + o - 1) != '.' && SL_FLASH_READ(s + o - 1) != ']') --o;
  }
  seg_[i] = o;
}

bool JsonPathMatcher::onJson(JsonEvent e, const JsonParser& p) {
  // Keys: compare against the live paths' next segment as the pieces come.
  if (e == JsonEvent::KeyPart || e == JsonEvent::Key) {
    if (dead_) return true;
    if (!inKey_) {
      inKey_ = 1;
      keyLen_ = 0;
      cand_ = 0;
      for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
        if (live_ & bit) {
          uint8_t c = charAt(i, seg_[i]);
          if (c && c != '[') cand_ |= bit;
        }
      }
    }
    size_t n = p.length();
    if (cand_) {
      const uint8_t* d = p.data();
      for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
        if (!(cand_ & bit)) continue;
        const char* s = path(i) + seg_[i] + keyLen_;
        size_t room = 255u - seg_[i] - keyLen_;
        if (n > room) {
          cand_ &= static_cast<uint8_t>(~bit);
          continue;
        }
        for (size_t k = 0; k < n; ++k) {
          uint8_t c = SL_FLASH_READ(s + k);
          if (c != d[k] || c == '.' || c == '[' || c == 0) {  // keys may hold NULs
            cand_ &= static_cast<uint8_t>(~bit);
            break;
          }
        }
      }
    }
    keyLen_ = static_cast<uint8_t>(keyLen_ + n > 255 ? 255 : keyLen_ + n);
    if (e == JsonEvent::Key) {
      inKey_ = 0;
      for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
        if (cand_ & bit) {
          uint8_t c = charAt(i, static_cast<uint8_t>(seg_[i] + keyLen_));
          if (c && c != '.' && c != '[') cand_ &= static_cast<uint8_t>(~bit);
        }
      }
    }
    return true;
  }

  // Containers closing.
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) {
    if (dead_) {
      --dead_;
      return true;
    }
    --levels_;
    for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
      if (live_ & bit) stepBack(i);
    }
    live_ = saved_[levels_];
    cand_ = 0;
    return deliver(ends_[levels_], e, p);
  }

  // More pieces of a string value already being delivered.
  if (inString_) {
    if (e == JsonEvent::String) inString_ = 0;
    return deliver(string_, e, p);
  }

  // A value starts: which paths point exactly here, which continue inside.
  uint8_t done = 0, cont = 0;
  uint8_t inner[SL_JSON_PATH_MAX];  // offsets inside the container, for `cont`
  bool begin = e == JsonEvent::BeginObject || e == JsonEvent::BeginArray;
  if (!dead_) {
    bool root = p.depth() == 0;
    bool inObject = !root && p.inObject();
    for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
      uint8_t next;
      if (root) {
        if (!(live_ & bit)) continue;
        next = seg_[i];
      } else if (inObject) {
        if (!(cand_ & bit)) continue;
        next = static_cast<uint8_t>(seg_[i] + keyLen_);
      } else {
        if (!(live_ & bit) || charAt(i, seg_[i]) != '[' || charAt(i, static_cast<uint8_t>(seg_[i] + 1)) != '*' ||
            charAt(i, static_cast<uint8_t>(seg_[i] + 2)) != ']') {
          continue;
        }
        next = static_cast<uint8_t>(seg_[i] + 3);
      }
      uint8_t c = charAt(i, next);
      if (c == 0) {
        done |= bit;
      } else if (begin) {
        if (c == '.') ++next;
        else if (c != '[' && !root) continue;
        cont |= bit;
        inner[i] = next;
      }
    }
    cand_ = 0;
  }

  if (begin) {
    if (dead_ || (!done && !cont) || levels_ >= SL_JSON_PATH_MAX_DEPTH) {
      ++dead_;
      return true;
    }
    saved_[levels_] = live_;
    ends_[levels_] = done;
    ++levels_;
    live_ = cont;
    for (uint8_t i = 0, bit = 1; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
      if (cont & bit) seg_[i] = inner[i];
    }
  } else if (e == JsonEvent::StringPart) {
    inString_ = 1;  // the next pieces belong to this value, matched or not
    string_ = done;
  }
  return deliver(done, e, p);
}

}  // namespace sl
