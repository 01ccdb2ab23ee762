#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonPathMatcher.h"

namespace sl {

// All live paths at a level matched the same keys, so they share the same
// text up to the level's offset off_ (where each goes on with '.', '[' or
// ends): entering a container sets one offset for all of them, and the level
// stack keeps only the enclosing level's live mask and offset. What each live
// path expects next (a key starting with first_[i], or an array element) is
// read from flash once per level (scanLevel()), not per event.
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
  off_ = 0;
  cand_ = 0;
  keyDone_ = 0;
  string_ = 0;
  keyLen_ = 0;
  levels_ = 0;
  dead_ = 0;
  inKey_ = 0;
  inString_ = 0;
  stale_ = 1;
  atArr_ = 0;
  arrLevel_ = 0xFF;
  scannedLive_ = 0;
  scannedOff_ = 0xFF;  // no level read yet (paths are at most 254 bytes)
}

#if SL_ARCH_AVR && defined(__OPTIMIZE__)
// The members' offsets for the assembly of readLevel() and wholeKey(), all
// within reach of ldd/std/adiw (0..63); wholeKey() walks base_, common_ and
// first_ as one run of bytes.
struct JsonPathMatcher::Layout {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
  enum : uint8_t {
    kLive = offsetof(JsonPathMatcher, live_),
    kOff = offsetof(JsonPathMatcher, off_),
    kCount = offsetof(JsonPathMatcher, count_),
    kKeys = offsetof(JsonPathMatcher, keys_),
    kElemDone = offsetof(JsonPathMatcher, elemDone_),
    kElemCont = offsetof(JsonPathMatcher, elemCont_),
    kCand = offsetof(JsonPathMatcher, cand_),
    kDone = offsetof(JsonPathMatcher, keyDone_),
    kKeyLen = offsetof(JsonPathMatcher, keyLen_),
    kScannedLive = offsetof(JsonPathMatcher, scannedLive_),
    kScannedOff = offsetof(JsonPathMatcher, scannedOff_),
    kBase = offsetof(JsonPathMatcher, base_),
    kCommon = offsetof(JsonPathMatcher, common_),
    kFirst = offsetof(JsonPathMatcher, first_),
  };
#pragma GCC diagnostic pop
  static_assert(kLive < 64 && kOff < 64 && kCount < 64 && kKeys < 64 && kElemDone < 64 && kElemCont < 64 && kCand < 64 &&
                    kDone < 64 && kKeyLen < 64 && kScannedLive < 64 && kScannedOff < 64 && kBase < 64 && kFirst < 64,
                "the assembly reaches every member with ldd/std/adiw");
  static_assert(kBase + 2 * SL_JSON_PATH_MAX == kCommon && kFirst == kCommon + SL_JSON_PATH_MAX,
                "wholeKey(): base_, common_ and first_ next to each other");
};
#endif

// What the live paths expect at the current level: a key (first_, keys_) or
// an array element "[*]" after which they end (elemDone_) or go on
// (elemCont_).
namespace {
// The flash byte at s, then s moves past it (one instruction on AVR).
inline uint8_t flashNext(const char*& s) {
#if SL_ARCH_AVR
  uint8_t c;
  __asm__("lpm %0, Z+" : "=r"(c), "+z"(s));
  return c;
#else
  return static_cast<uint8_t>(*s++);
#endif
}
}  // namespace

void JsonPathMatcher::readLevel() {
#if SL_ARCH_AVR && defined(__OPTIMIZE__)
  // The loop below in assembly with its own register plan (avr-gcc reached
  // the members through X with an adiw/sbiw pair each): r22 live_, r23
  // off_, r20 paths left, r21 the path's bit, r24:25 walks base_, X first_,
  // Z the path text in flash, r18 its byte (then first_[i]), r16 keys, r17
  // elemDone, r19 elemCont.
  register JsonPathMatcher* self asm("r24") = this;
  __asm__ volatile(
      "movw r30, r24\n\t"
      "ldd  r22, Z+%[kLive]\n\t"
      "ldd  r23, Z+%[kOff]\n\t"
      "std  Z+%[kScannedLive], r22\n\t"
      "std  Z+%[kScannedOff], r23\n\t"
      "ldd  r20, Z+%[kCount]\n\t"
      "push r24\n\t"
      "push r25\n\t"
      "movw r26, r24\n\t"
      "adiw r26, %[kFirst]\n\t"
      "adiw r24, %[kBase]\n\t"
      "ldi  r21, 1\n\t"
      "clr  r16\n\t"
      "clr  r17\n\t"
      "clr  r19\n\t"
      "tst  r20\n\t"
      "breq 9f\n\t"
      "1:\n\t"
      "clr  r18\n\t"
      "mov  r0, r22\n\t"
      "and  r0, r21\n\t"
      "breq 8f\n\t"  // not live: first_ 0
      "movw r30, r24\n\t"
      "ld   r18, Z+\n\t"
      "ld   r31, Z\n\t"
      "mov  r30, r18\n\t"
      "add  r30, r23\n\t"
      "adc  r31, __zero_reg__\n\t"
      "lpm  r18, Z+\n\t"
      "cpi  r18, 0x5B\n\t"  // '['
      "brne 4f\n\t"
      "lpm  r18, Z+\n\t"
      "cpi  r18, 0x2A\n\t"  // '*'
      "brne 7f\n\t"
      "lpm  r18, Z+\n\t"
      "cpi  r18, 0x5D\n\t"  // ']'
      "brne 7f\n\t"
      "lpm  r18, Z\n\t"
      "tst  r18\n\t"
      "brne 3f\n\t"
      "or   r17, r21\n\t"  // "[*]" ends the path
      "rjmp 7f\n\t"
      "3:\n\t"
      "cpi  r18, 0x2E\n\t"  // '.'
      "breq 2f\n\t"
      "cpi  r18, 0x5B\n\t"
      "brne 7f\n\t"
      "2:\n\t"
      "or   r19, r21\n\t"  // "[*]" and more
      "rjmp 7f\n\t"
      "4:\n\t"  // a key segment (after its '.')
      "cpi  r18, 0x2E\n\t"
      "brne 5f\n\t"
      "lpm  r18, Z\n\t"
      "5:\n\t"
      "tst  r18\n\t"
      "breq 8f\n\t"
      "cpi  r18, 0x2E\n\t"
      "breq 7f\n\t"
      "cpi  r18, 0x5B\n\t"
      "breq 7f\n\t"
      "or   r16, r21\n\t"
      "rjmp 8f\n\t"
      "7:\n\t"
      "clr  r18\n\t"
      "8:\n\t"
      "st   X+, r18\n\t"
      "adiw r24, 2\n\t"
      "lsl  r21\n\t"
      "dec  r20\n\t"
      "brne 1b\n\t"
      "9:\n\t"
      "pop  r25\n\t"
      "pop  r24\n\t"
      "movw r30, r24\n\t"
      "std  Z+%[kKeys], r16\n\t"
      "std  Z+%[kElemDone], r17\n\t"
      "std  Z+%[kElemCont], r19\n\t"
      : "+r"(self)
      : [kLive] "I"(Layout::kLive), [kOff] "I"(Layout::kOff), [kCount] "I"(Layout::kCount), [kKeys] "I"(Layout::kKeys), [kElemDone] "I"(Layout::kElemDone),
        [kElemCont] "I"(Layout::kElemCont), [kScannedLive] "I"(Layout::kScannedLive), [kScannedOff] "I"(Layout::kScannedOff),
        [kBase] "I"(Layout::kBase), [kFirst] "I"(Layout::kFirst)
      : "r0", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r26", "r27", "r30", "r31", "memory");
#else
  const uint8_t live = live_;
  const uint8_t off = off_;
  scannedLive_ = live;
  scannedOff_ = off;
  uint8_t keys = 0, eDone = 0, eCont = 0;
  const char* const* b = base_;
  uint8_t* fp = first_;
  for (uint8_t bit = 1, n = count_; n; --n, bit = static_cast<uint8_t>(bit << 1), ++b, ++fp) {
    uint8_t f = 0;
    if (live & bit) {
      const char* s = *b + off;
      uint8_t c = flashNext(s);
      if (c == '[') {
        if (flashNext(s) == '*' && flashNext(s) == ']') {
          c = flashNext(s);
          if (c == 0) eDone |= bit;
          else if (c == '.' || c == '[') eCont |= bit;
        }
      } else {
        if (c == '.') c = flashNext(s);
        if (c && c != '.' && c != '[') {
          keys |= bit;
          f = c;
        }
      }
    }
    *fp = f;
  }
  keys_ = keys;
  elemDone_ = eDone;
  elemCont_ = eCont;
#endif
}

// The live paths that are the whole document ("").
uint8_t JsonPathMatcher::rootDone() const {
  uint8_t done = 0, bit = 1;
  for (uint8_t i = 0; i < count_; ++i, bit = static_cast<uint8_t>(bit << 1)) {
    if ((live_ & bit) && at(i, 0) == 0) done |= bit;
  }
  return done;
}

// One path (the usual case): a tail call of the handler, no frame.
bool JsonPathMatcher::deliver(uint8_t mask, JsonEvent e, const JsonParser& p) {
  if (mask & static_cast<uint8_t>(mask - 1)) return deliverAll(mask, e, p);
  uint8_t i = 0;
  while (!(mask & 1)) {
    ++i;
    mask = static_cast<uint8_t>(mask >> 1);
  }
  return out_->onMatch(i, e, p);
}

bool JsonPathMatcher::deliverAll(uint8_t mask, JsonEvent e, const JsonParser& p) {
  for (uint8_t i = 0; mask; ++i, mask = static_cast<uint8_t>(mask >> 1)) {
    if ((mask & 1) && !out_->onMatch(i, e, p)) return false;
  }
  return true;
}

namespace {
// The path text at `s` against the key bytes d[0..n), none of which may end
// a segment (keys may hold '.', '[' or NUL bytes): 0 if they differ; else,
// with `last` (the key's last piece), 0 unless the segment ends right after
// them, 2 when the path ends there, 1 otherwise.
__attribute__((always_inline)) inline uint8_t segmentMatch(const char* s, const uint8_t* d, uint8_t n, bool last) {
  uint8_t c;
#if SL_ARCH_AVR
  // ~13 cycles per byte (letters, above '[', skip the end tests); n is
  // left at 0 only when every byte matched.
  uint8_t k;
  __asm__(
      "tst %[n]\n\t"
      "breq 2f\n\t"
      "1:\n\t"
      "lpm %[c], Z+\n\t"
      "ld %[k], X+\n\t"
      "cp %[c], %[k]\n\t"
      "brne 2f\n\t"
      "cpi %[c], 0x5C\n\t"
      "brsh 3f\n\t"
      "tst %[c]\n\t"
      "breq 2f\n\t"
      "cpi %[c], 0x2E\n\t"  // '.'
      "breq 2f\n\t"
      "cpi %[c], 0x5B\n\t"  // '['
      "breq 2f\n\t"
      "3:\n\t"
      "dec %[n]\n\t"
      "brne 1b\n\t"
      "2:\n\t"
      : [s] "+z"(s), [d] "+x"(d), [n] "+r"(n), [c] "=&d"(c), [k] "=&r"(k));
  if (n) return 0;
#else
  for (; n; --n) {
    c = SL_FLASH_READ(s++);
    if (c != *d++ || (c <= '[' && (c == 0 || c == '.' || c == '['))) return 0;
  }
#endif
  if (!last) return 1;
  c = SL_FLASH_READ(s);
  return c == 0 ? 2 : c == '.' || c == '[' ? 1 : 0;
}
}  // namespace

// Of `cand`, the paths whose text at offset `o` is d[0..n) (segmentMatch());
// *done (for the last piece) gets those that end with it. A path whose
// prefix shared with the path before covers the bytes read gets the same
// answer as that one.
uint8_t JsonPathMatcher::compare(uint8_t cand, const uint8_t* d, uint8_t n, uint8_t o, uint8_t* done) const {
  const uint8_t orig = cand;
  const uint16_t end = static_cast<uint16_t>(o + n + (done ? 1 : 0));
  uint8_t dn = 0;
  uint8_t r = 0;  // the answer for the path before
  uint8_t bit = 1;
  for (uint8_t i = 0, m = orig; m; ++i, m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1)) {
    if (!(m & 1)) continue;
    if (!((orig & static_cast<uint8_t>(bit >> 1)) && sameAsPrevious(i, end))) {
      r = segmentMatch(base_[i] + o, d, n, done != 0);
    }
    if (!r) cand &= static_cast<uint8_t>(~bit);
    else if (r == 2) dn |= bit;
  }
  if (done) *done = dn;
  return cand;
}

// A key, whole (Key) or in pieces (KeyPart..., Key): compared with the
// live paths' next segment as the pieces come. After the whole key, cand_
// holds the paths it matches and keyDone_ those that end with it.
bool JsonPathMatcher::onKey(JsonEvent e, const JsonParser& p) {
  const uint8_t* d = p.data();
  size_t n = p.length();
  uint8_t cand;
  uint8_t from = 0;
  if (!inKey_) {
    if (stale_) {
      // The first key at this level: what the paths expect here, and the
      // parser's key filter for the keys that follow.
      scanLevel();
      setFilter(p, p.depth());
    }
    keyLen_ = 0;
    cand = 0;
    if (n) {
      // Most keys differ from every segment in their first byte.
      uint8_t k0 = d[0];
      const uint8_t* f = first_;
      for (uint8_t m = keys_, bit = 1; m; m = static_cast<uint8_t>(m >> 1), bit = static_cast<uint8_t>(bit << 1), ++f) {
        if ((m & 1) && *f == k0) cand |= bit;
      }
      from = 1;  // that byte is compared
    } else {
      cand = keys_;
    }
  } else {
    cand = cand_;
  }
  uint8_t done = 0;
  if (cand) {
    if (n > static_cast<size_t>(250 - keyLen_)) {
      cand = 0;  // longer than any path can be
    } else {
      uint8_t start = static_cast<uint8_t>(keyStart() + keyLen_);
      cand = compare(cand, d + from, static_cast<uint8_t>(n - from), static_cast<uint8_t>(start + from),
                     e == JsonEvent::Key ? &done : 0);
      keyLen_ = static_cast<uint8_t>(keyLen_ + n);
    }
  }
  cand_ = cand;
  if (e == JsonEvent::KeyPart) {
    inKey_ = 1;
    return true;
  }
  inKey_ = 0;
  keyDone_ = done;
  if (!cand) p.skipValue();  // no path wants this member's value
  return true;
}

// A whole key at a level already read (the usual case; onKey() does the
// same in general): the paths whose next segment is the key. The first
// path whose segment starts with the key's first byte is compared, its
// neighbours that share the bytes compared get its answer; any other
// candidate (rare: paths not listed next to each other) goes through
// compare(). (Few values live across the one call: a short prologue.)
bool JsonPathMatcher::wholeKey(const JsonParser& p) {
#if SL_ARCH_AVR && defined(__OPTIMIZE__)
  // One block of assembly with its own register plan (avr-gcc kept ~200
  // cycles of register saves, moves, bit loops and 16-bit sums around the
  // byte compare): the first path i whose segment starts with the key's
  // first byte (first_[i]) is compared (as segmentMatch()); the paths after
  // it that share the bytes compared and the one after (common_) get its
  // answer; any other path whose segment starts with that byte goes to
  // otherKeys() (rest). this and &p wait on the stack; Z walks common_
  // (first_ follows it, base_ is just before it, see the asserts) and then
  // the path in flash, X the key. Registers: r18 scratch, r19 the key's
  // first byte, r20 paths left, r21 offset of the key's second byte then
  // rest, r22 end (offset after the key + 1), r23 bytes left to compare then
  // the answer (0 no, 1 goes on, 2 ends), r24 the path's bit, r25 the paths
  // sharing the answer, r0 count_ until the first candidate.
  register JsonPathMatcher* self asm("r24") = this;
  register const JsonParser* pp asm("r22") = &p;
  register const uint8_t* d asm("r26") = p.data();
  register size_t len asm("r20") = p.length();
  register uint8_t cand asm("r18");
  register uint8_t rest asm("r19");
  __asm__ volatile(
      "push r24\n\t"
      "push r25\n\t"
      "push r22\n\t"
      "push r23\n\t"
      "movw r30, r24\n\t"
      "ldd  r18, Z+%[kOff]\n\t"  // where the level's key segments start
      "cpse r18, __zero_reg__\n\t"
      "inc  r18\n\t"
      // 1 <= len and start + len <= 254 (a key ending further matches
      // nothing), a first byte != 0
      "tst  r21\n\t"
      "brne 98f\n\t"
      "mov  r22, r20\n\t"
      "tst  r22\n\t"
      "breq 98f\n\t"
      "add  r22, r18\n\t"
      "brcs 98f\n\t"
      "cpi  r22, 0xFF\n\t"
      "breq 98f\n\t"
      "inc  r22\n\t"  // end
      "ld   r19, X+\n\t"
      "tst  r19\n\t"
      "breq 98f\n\t"
      "std  Z+%[kKeyLen], r20\n\t"
      "mov  r23, r20\n\t"
      "mov  r21, r22\n\t"  // end - len: the offset of the key's second byte
      "sub  r21, r20\n\t"
      "ldd  r20, Z+%[kCount]\n\t"
      "mov  r0, r20\n\t"
      "adiw r30, %[kCommon]\n\t"
      "ldi  r24, 1\n\t"
      "tst  r20\n\t"
      "brne 1f\n\t"
      "98:\n\t"
      "rjmp 97f\n\t"
      "1:\n\t"  // the first path whose segment starts with the key's first byte
      "ldd  r18, Z+%[fo]\n\t"
      "cp   r18, r19\n\t"
      "breq 2f\n\t"
      "adiw r30, 1\n\t"
      "lsl  r24\n\t"
      "dec  r20\n\t"
      "brne 1b\n\t"
      "rjmp 97f\n\t"
      "2:\n\t"  // path i = count_ - r20 (Z at common_[i], kept on the stack)
      "mov  r25, r24\n\t"
      "push r30\n\t"
      "push r31\n\t"
      "sub  r0, r20\n\t"
      "add  r30, r0\n\t"
      "adc  r31, __zero_reg__\n\t"
      "sbiw r30, %[bo]\n\t"  // &base_[i]
      "ld   r18, Z+\n\t"
      "ld   r31, Z\n\t"
      "mov  r30, r18\n\t"
      "add  r30, r21\n\t"
      "adc  r31, __zero_reg__\n\t"
      "clr  r21\n\t"  // rest
      "dec  r23\n\t"  // the bytes after the first
      "breq 4f\n\t"
      "3:\n\t"  // the key's other bytes (as segmentMatch())
      "lpm  r18, Z+\n\t"
      "ld   __tmp_reg__, X+\n\t"
      "cp   r18, __tmp_reg__\n\t"
      "brne 6f\n\t"
      "cpi  r18, 0x5C\n\t"
      "brsh 5f\n\t"
      "tst  r18\n\t"
      "breq 6f\n\t"
      "cpi  r18, 0x2E\n\t"  // '.'
      "breq 6f\n\t"
      "cpi  r18, 0x5B\n\t"  // '['
      "breq 6f\n\t"
      "5:\n\t"
      "dec  r23\n\t"
      "brne 3b\n\t"
      "4:\n\t"  // all equal (r23 0): the segment must end right after them
      "lpm  r18, Z\n\t"
      "inc  r23\n\t"  // 1: goes on
      "cpi  r18, 0x2E\n\t"
      "breq 7f\n\t"
      "cpi  r18, 0x5B\n\t"
      "breq 7f\n\t"
      "inc  r23\n\t"  // 2: ends
      "tst  r18\n\t"
      "breq 7f\n\t"
      "6:\n\t"  // no
      "clr  r23\n\t"
      "7:\n\t"  // the paths after i
      "pop  r31\n\t"
      "pop  r30\n\t"
      "8:\n\t"  // ... that share what was compared: the same answer
      "dec  r20\n\t"
      "breq 9f\n\t"
      "adiw r30, 1\n\t"
      "lsl  r24\n\t"
      "ldd  r18, Z+%[fo]\n\t"
      "cp   r18, r19\n\t"
      "brne 10f\n\t"
      "ld   r18, Z\n\t"  // common_
      "cp   r18, r22\n\t"
      "brlo 11f\n\t"
      "or   r25, r24\n\t"
      "rjmp 8b\n\t"
      "10:\n\t"  // any further candidate: rest
      "dec  r20\n\t"
      "breq 9f\n\t"
      "adiw r30, 1\n\t"
      "lsl  r24\n\t"
      "ldd  r18, Z+%[fo]\n\t"
      "cp   r18, r19\n\t"
      "brne 10b\n\t"
      "11:\n\t"
      "or   r21, r24\n\t"
      "rjmp 10b\n\t"
      "97:\n\t"  // none
      "clr  r23\n\t"
      "clr  r21\n\t"
      "9:\n\t"  // cand = answer ? same : 0, keyDone_ = answer == 2 ? same : 0
      "clr  r18\n\t"
      "mov  r19, r21\n\t"
      "clr  r20\n\t"
      "tst  r23\n\t"
      "breq 12f\n\t"
      "mov  r18, r25\n\t"
      "cpi  r23, 2\n\t"
      "brne 12f\n\t"
      "mov  r20, r25\n\t"
      "12:\n\t"
      "pop  r23\n\t"
      "pop  r22\n\t"
      "pop  r25\n\t"
      "pop  r24\n\t"
      "movw r30, r24\n\t"
      "std  Z+%[kCand], r18\n\t"
      "std  Z+%[kDone], r20\n\t"
      : "=r"(cand), "=r"(rest), "+r"(self), "+r"(pp), "+x"(d), "+r"(len)
      : [kOff] "I"(Layout::kOff), [kCount] "I"(Layout::kCount), [kCand] "I"(Layout::kCand), [kDone] "I"(Layout::kDone), [kKeyLen] "I"(Layout::kKeyLen),
        [kCommon] "I"(Layout::kCommon), [fo] "I"(SL_JSON_PATH_MAX), [bo] "I"(2 * SL_JSON_PATH_MAX)
      : "r0", "r30", "r31", "memory");
  if (rest) return self->otherKeys(*pp, rest);
  if (!cand) pp->skipValue();  // no path wants this member's value
  return true;
#else
  size_t len = p.length();
  uint8_t cand = 0, done = 0;
  if (len && len < 250) {
    keyLen_ = static_cast<uint8_t>(len);
    uint8_t m = 0;  // the paths whose segment starts with the key's first byte
    {
      const uint8_t k0 = p.data()[0];
      const uint8_t* f = first_;
      for (uint8_t k = keys_, bit = 1; k; k = static_cast<uint8_t>(k >> 1), bit = static_cast<uint8_t>(bit << 1), ++f) {
        if ((k & 1) && *f == k0) m |= bit;
      }
    }
    if (m) {
      uint8_t i = 0, bit = 1;
      while (!(m & bit)) {
        ++i;
        bit = static_cast<uint8_t>(bit << 1);
      }
      uint8_t r = segmentMatch(base_[i] + keyStart() + 1, p.data() + 1, static_cast<uint8_t>(len - 1), true);
      // (from the members again: fewer values live across the call)
      const uint16_t end = static_cast<uint16_t>(keyStart() + 1 + keyLen_);  // the bytes compared and the one after
      uint8_t same = bit;
      for (;;) {
        ++i;
        bit = static_cast<uint8_t>(bit << 1);
        if (!(m & bit) || common_[i] < end) break;
        same |= bit;
      }
      if (r) {
        cand = same;
        if (r == 2) done = same;
      }
      uint8_t rest = static_cast<uint8_t>(m & ~same);
      if (rest) {
        cand_ = cand;
        keyDone_ = done;
        return otherKeys(p, rest);
      }
    }
  }
  cand_ = cand;
  keyDone_ = done;
  if (!cand) p.skipValue();  // no path wants this member's value
  return true;
#endif
}

// wholeKey()'s other candidates `rest`, after cand_/keyDone_ for the first.
bool JsonPathMatcher::otherKeys(const JsonParser& p, uint8_t rest) {
  uint8_t dn;
  const uint8_t cand = static_cast<uint8_t>(
      cand_ | compare(rest, p.data() + 1, static_cast<uint8_t>(p.length() - 1), static_cast<uint8_t>(keyStart() + 1), &dn));
  cand_ = cand;
  keyDone_ = static_cast<uint8_t>(keyDone_ | dn);
  if (!cand) p.skipValue();
  return true;
}

// A scalar value: the paths that end exactly here.
bool JsonPathMatcher::onScalar(JsonEvent e, const JsonParser& p) {
  // A member's value (the usual case) without a call: no registers to save.
  if (p.depth() && p.inObject()) {
    const uint8_t done = static_cast<uint8_t>(cand_ & keyDone_);  // the member's key matched cand_
    cand_ = 0;
    return scalarTo(done, e, p);
  }
  return otherScalar(e, p);
}

// A scalar that is the document or an array element.
bool JsonPathMatcher::otherScalar(JsonEvent e, const JsonParser& p) {
  uint8_t done;
  if (!p.depth()) {
    done = rootDone();
  } else if (atArr_) {
    done = arrDone_;
  } else {
    scan();
    done = elemDone_;
  }
  return scalarTo(done, e, p);
}

// A container value starts: which paths point exactly here (they get its
// Begin/End), which continue inside (the next level).
bool JsonPathMatcher::onContainer(JsonEvent e, const JsonParser& p) {
  uint8_t done, cont, off;
  bool element = false;
  if (!p.depth()) {
    done = rootDone();
    cont = static_cast<uint8_t>(live_ & ~done);
    off = 0;  // the first segment applies to the root's children
  } else if (p.inObject()) {
    done = static_cast<uint8_t>(cand_ & keyDone_);
    cont = static_cast<uint8_t>(cand_ & ~keyDone_);
    off = static_cast<uint8_t>(keyStart() + keyLen_);
    cand_ = 0;
  } else {
    if (!atArr_) {
      scan();
      arrDone_ = elemDone_;
      arrCont_ = elemCont_;
    }
    done = arrDone_;
    cont = arrCont_;
    off = static_cast<uint8_t>(off_ + 3);  // "[*]"
    element = true;
  }
  if (!done && !cont) {
    p.skipValue();  // nothing inside can match
    return true;
  }
  if (levels_ >= SL_JSON_PATH_MAX_DEPTH) {
    ++dead_;
    return true;
  }
  uint8_t l = levels_++;
  if (element) arrLevel_ = l;  // arrDone_/arrCont_ hold its answer for the next element (see leave())
  savedLive_[l] = live_;
  savedOff_[l] = off_;
  ends_[l] = done;
  live_ = cont;
  off_ = off;
  if (e == JsonEvent::BeginObject) {
    // scanLevel() inline (cont and off are at hand): now, so that its keys
    // are filtered from the first one on.
    atArr_ = 0;
    stale_ = 0;
    if (cont != scannedLive_ || off != scannedOff_) readLevel();
    setFilter(p, static_cast<uint8_t>(p.depth() + 1));
  } else {
    atArr_ = 0;
    stale_ = 1;  // read when the first element comes (scanLevel())
  }
  return done ? deliver(done, e, p) : true;
}


bool JsonPathMatcher::leave(JsonEvent e, const JsonParser& p) {
  // The key filter: an object set its own at its BeginObject (for its keys,
  // one level deeper than this level's), which replaced this level's; that
  // one stays (it applies at that depth only, and every object there that a
  // path can still match sets its own; the others are skipped or
  // untracked). An array set none: this level's filter would still be on,
  // with first_ since read for a deeper level, so it goes. Either way this
  // level's next key comes unfiltered and sets it again (onKey()).
  if (e == JsonEvent::EndArray) p.setKeyFilter(0, 0, 0);
  uint8_t l = static_cast<uint8_t>(levels_ - 1);
  levels_ = l;
  const uint8_t arr = arrLevel_;
  // Back in an array from one of its elements: what the paths expect of the
  // next element is in arrDone_/arrCont_ (and what scanLevel() found for the
  // element's level stays valid for the next one).
  atArr_ = l == arr;
  stale_ = 1;
  if (l < arr) arrLevel_ = 0xFF;  // that level is gone
  cand_ = 0;
  live_ = savedLive_[l];
  off_ = savedOff_[l];
  uint8_t ends = ends_[l];
  return ends ? deliver(ends, e, p) : true;
}

// Most events are keys that match nothing (their values are then skipped by
// the parser without events).
bool JsonPathMatcher::onJson(JsonEvent e, const JsonParser& p) {
  if (dead_) {
    if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) ++dead_;
    else if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) --dead_;
    return true;
  }
  if (e == JsonEvent::Key && !inKey_ && !stale_) return wholeKey(p);
  if (e == JsonEvent::KeyPart || e == JsonEvent::Key) return onKey(e, p);
  if (inString_) {
    if (e == JsonEvent::String) inString_ = 0;
    return string_ ? deliver(string_, e, p) : true;
  }
  if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) return leave(e, p);
  if (e == JsonEvent::BeginObject || e == JsonEvent::BeginArray) return onContainer(e, p);
  return onScalar(e, p);
}

}  // namespace sl
