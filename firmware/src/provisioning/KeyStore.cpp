#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "KeyStore.h"

#include "Crc32.h"

namespace sl {

namespace {
const uint8_t kMagic0 = 0x73;  // 's'
const uint8_t kMagic1 = 0x4B;  // 'K'
const uint8_t kLayout = 1;
const size_t kHeaderSize = 28;
const size_t kCrcOffset = kHeaderSize + SL_KEYSTORE_MAX_KEY_LEN;

// Byte i of the little-endian bytes of an n-byte integer object, in place
// (the record's integers are read and written a byte at a time: no 64-bit
// arithmetic, which is large on AVR).
uint8_t* leByte(void* value, uint8_t n, uint8_t i) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return static_cast<uint8_t*>(value) + (n - 1 - i);
#else
  (void)n;
  return static_cast<uint8_t*>(value) + i;
#endif
}
void toLe(uint8_t* out, const void* value, uint8_t n) {
  const uint8_t* v = static_cast<const uint8_t*>(value);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  for (uint8_t i = 0; i < n; ++i) out[i] = v[n - 1 - i];
#else
  memcpy(out, v, n);
#endif
}
// Byte i (0..19) of the record's id, previous id and expiry (its bytes 8..27)
// in `m`.
uint8_t* metaByte(KeyMeta& m, uint8_t i) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  if (i < 8) return leByte(&m.id, 8, i);
  if (i < 16) return leByte(&m.previousId, 8, static_cast<uint8_t>(i - 8));
  return leByte(&m.expiresAt, 4, static_cast<uint8_t>(i - 16));
#else
  return reinterpret_cast<uint8_t*>(&m) + i;
#endif
}
static_assert(offsetof(KeyMeta, id) == 0 && offsetof(KeyMeta, previousId) == 8 && offsetof(KeyMeta, expiresAt) == 16,
              "KeyMeta's fields at the record's header offsets less 8 (metaByte())");
// Serial-number order: true when a was written after b.
bool newer(uint32_t a, uint32_t b) { return a != b && static_cast<uint32_t>(a - b) < 0x80000000UL; }
// A byte's place in a slot: 8-bit when a slot and readSlot()'s last chunk
// step past it fit in 255 (the default slot is 128 bytes), which makes
// readSlot()'s per-byte tests 8-bit compares (Provisioning on the Mega
// 62 B smaller than with size_t).
#if SL_KEYSTORE_SLOT_SIZE + 8 <= 255
typedef uint8_t SlotPos;
#else
typedef size_t SlotPos;
#endif
}  // namespace

KeyStoreError KeyStore::readSlot(uint8_t slot, KeyInfo& h, char* key, size_t capacity, bool readBack) {
  // The record in chunks of up to 8 bytes (a small buffer: this runs at the
  // deepest point of a store), each byte to its place: the header's
  // integers into `h`, the key area copied out when asked (and it fits) or
  // compared with `key` (read-back after a store: a difference makes the
  // slot invalid), then the CRC. One read and one CRC call in the code.
  static_assert(kSlotSize == kCrcOffset + 4, "a slot ends with its 4-byte CRC (the bytes past kCrcOffset go into `stored`)");
  uint8_t buf[8];
  size_t base = slotOffset(slot);
  uint32_t crc = detail::Crc32::begin();
  uint32_t stored = 0;
  bool plausible = true;
  bool copy = false;
  for (SlotPos at = 0; at < kSlotSize; at = static_cast<SlotPos>(at + sizeof buf)) {
    uint8_t n = static_cast<uint8_t>(kSlotSize - at < sizeof buf ? kSlotSize - at : sizeof buf);
    if (!storage_.read(base + at, buf, n)) return KeyStoreError::ReadFailed;
    if (at < kCrcOffset) crc = detail::Crc32::update(crc, buf, kCrcOffset - at < n ? kCrcOffset - at : n);
    for (uint8_t i = 0; i < n; ++i) {
      SlotPos p = static_cast<SlotPos>(at + i);
      uint8_t b = buf[i];
      if (p < 3) {
        static const uint8_t kHead[3] SL_PROGMEM = {kMagic0, kMagic1, kLayout};  // (one table read, no branches)
        if (b != SL_FLASH_READ(kHead + p)) plausible = false;
      } else if (p == 3) {
        h.length = b;
        // 1..max (written so a max of 255 does not warn); a read-back wants its length.
        if (b == 0 || b - 1 >= SL_KEYSTORE_MAX_KEY_LEN || (readBack && b != capacity)) plausible = false;
        copy = !readBack && key && plausible && capacity > b;
      } else if (p < 8) {
        *leByte(&h.sequence, 4, static_cast<uint8_t>(p - 4)) = b;
      } else if (p < kHeaderSize) {
        *metaByte(h.meta, static_cast<uint8_t>(p - 8)) = b;
      } else if (p < kCrcOffset) {
        SlotPos k = static_cast<SlotPos>(p - kHeaderSize);
        if (k < h.length && plausible) {
          if (copy) key[k] = static_cast<char>(b);
          if (readBack && static_cast<uint8_t>(key[k]) != b) plausible = false;
        }
      } else {
        *leByte(&stored, 4, static_cast<uint8_t>(p - kCrcOffset)) = b;
      }
    }
  }
  if (copy) key[h.length] = '\0';
  return plausible && stored == detail::Crc32::finish(crc) ? KeyStoreError::Ok : KeyStoreError::NoKey;
}

// Out of line (load, store and clear call it): 230 B of flash less than a
// copy inlined into each, for a frame of its own under readSlot(), 23 B
// more peak stack in ProvisioningUno on the Uno (870 -> 893 B, within the
// Uno's 1 KB budget; 24,776 -> 24,546 B of flash); no more in Provisioning
// on the Mega (-228 B of flash).
SL_NOINLINE KeyStoreError KeyStore::scan(Scan& out, KeyInfo& h) {
  out.current = -1;
  out.validMask = 0;
  out.sequence = 0;
  size_t size = storage_.size();  // (one virtual call)
  if (offset_ > size || size - offset_ < kRegionSize) return KeyStoreError::StorageTooSmall;
  for (uint8_t s = 0; s < 2; ++s) {
    KeyStoreError e = readSlot(s, h, 0, 0);
    if (e == KeyStoreError::NoKey) continue;  // not a valid record
    if (e) return e;
    // (Slot s's bit, 1 << s, is s + 1 for slots 0 and 1: no shift loop.)
    out.validMask = static_cast<uint8_t>(out.validMask | (s + 1));
    // Slot 1 wins only when strictly newer (equal sequences: slot 0).
    if (out.current < 0 || newer(h.sequence, out.sequence)) {
      out.current = static_cast<int8_t>(s);
      out.sequence = h.sequence;
    }
  }
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::info(KeyInfo& info) {
  return load(0, 0, &info);
}

KeyStoreError KeyStore::load(char* key, size_t capacity, KeyInfo* infoOut) {
  // The caller's KeyInfo is the scratch of the slot reads (no second one on
  // the stack); without one, a local.
  if (infoOut) return loadInto(key, capacity, *infoOut, true);
  KeyInfo scratch;
  return loadInto(key, capacity, scratch, false);
}

SL_NOINLINE KeyStoreError KeyStore::loadInto(char* key, size_t capacity, KeyInfo& h, bool infoOnly) {
  Scan sc;
  KeyStoreError e = scan(sc, h);
  if (e) return e;
  if (sc.current < 0) return KeyStoreError::NoKey;
  uint8_t slot = static_cast<uint8_t>(sc.current);
  // The slot was valid a moment ago; it must still be (ReadFailed when not,
  // as when the read fails) and hold the same record.
  e = readSlot(slot, h, key, capacity);
  if (e || h.sequence != sc.sequence) return KeyStoreError::ReadFailed;
  h.slot = slot;
  if (!key && !capacity && infoOnly) return KeyStoreError::Ok;  // info() only
  if (!key || capacity < static_cast<size_t>(h.length) + 1) return KeyStoreError::BufferTooSmall;
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::store(const char* key, size_t len, const KeyMeta& meta) {
  if (!key || len == 0) return KeyStoreError::InvalidArgument;
  if (len > SL_KEYSTORE_MAX_KEY_LEN) return KeyStoreError::KeyTooLong;
  Scan sc;
  KeyInfo scratch;
  KeyStoreError e = scan(sc, scratch);
  if (e) return e;
  uint8_t target = sc.current == 0 ? 1 : 0;
  uint32_t sequence = sc.current < 0 ? 1 : sc.sequence + 1;
  const uint8_t* k = reinterpret_cast<const uint8_t*>(key);
  if (!writeSlot(target, sequence, k, len, meta)) return KeyStoreError::WriteFailed;
  // Read back: the record must be valid, carry this sequence and this key
  // (scan()'s scratch header reused: one less on the stack).
  return verify(target, sequence, k, len, scratch);
}

// Not inlined into store(): its buffer is not on the stack while scan() and
// verify() read the slots.
SL_NOINLINE bool KeyStore::writeSlot(uint8_t target, uint32_t sequence, const uint8_t* k, size_t len,
                                                   const KeyMeta& meta) {
  uint8_t buf[kHeaderSize];
  buf[0] = kMagic0;
  buf[1] = kMagic1;
  buf[2] = kLayout;
  buf[3] = static_cast<uint8_t>(len);
  toLe(buf + 4, &sequence, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  toLe(buf + 8, &meta.id, 8);
  toLe(buf + 16, &meta.previousId, 8);
  toLe(buf + 24, &meta.expiresAt, 4);
#else
  memcpy(buf + 8, &meta, 20);  // id, previousId, expiresAt: KeyMeta's first 20 bytes (checked above)
#endif
  size_t base = slotOffset(target);
  uint32_t crc = detail::Crc32::update(detail::Crc32::begin(), buf, kHeaderSize);
  crc = detail::Crc32::update(crc, k, len);
  // The magic goes last (below): until it is written, the slot is no record
  // at all, also when it held one that clear() zeroed only the magic of.
  if (!storage_.write(base + 2, buf + 2, kHeaderSize - 2) || !storage_.write(base + kHeaderSize, k, len)) return false;
  memset(buf, 0, sizeof buf);
  for (size_t done = len; done < SL_KEYSTORE_MAX_KEY_LEN;) {
    size_t n = SL_KEYSTORE_MAX_KEY_LEN - done < kHeaderSize ? SL_KEYSTORE_MAX_KEY_LEN - done : kHeaderSize;
    crc = detail::Crc32::update(crc, buf, n);
    if (!storage_.write(base + kHeaderSize + done, buf, n)) return false;
    done += n;
  }
  crc = detail::Crc32::finish(crc);
  toLe(buf, &crc, 4);
  buf[4] = kMagic0;
  buf[5] = kMagic1;
  return storage_.write(base + kCrcOffset, buf, 4) && storage_.write(base, buf + 4, 2) && storage_.commit();
}

KeyStoreError KeyStore::verify(uint8_t slot, uint32_t sequence, const uint8_t* key, size_t len, KeyInfo& h) {
  // (readSlot() only reads the key in a read-back)
  KeyStoreError e = readSlot(slot, h, const_cast<char*>(reinterpret_cast<const char*>(key)), len, true);
  if (e == KeyStoreError::ReadFailed) return e;
  return !e && h.sequence == sequence ? KeyStoreError::Ok : KeyStoreError::VerifyFailed;
}

KeyStoreError KeyStore::clear() {
  Scan sc;
  KeyInfo scratch;
  // Pass 0 zeroes the valid slots, pass 1 checks that none is left (one
  // scan() in the code, not two).
  for (uint8_t pass = 0;; ++pass) {
    KeyStoreError e = scan(sc, scratch);
    if (e) return e;
    if (pass) return sc.validMask ? KeyStoreError::WriteFailed : KeyStoreError::Ok;
    // Older (or invalid) slot first, the current one last. Zeroing the magic
    // makes a record invalid; a cut mid-way leaves either slot as it was.
    uint8_t first = sc.current == 0 ? 1 : 0;
    const uint8_t zero[2] = {0, 0};
    for (uint8_t i = 0; i < 2; ++i) {
      uint8_t s = static_cast<uint8_t>(first ^ i);  // first, then the other one
      if (!(sc.validMask & (s + 1))) continue;  // (bit 1 << s, as scan() sets it)
      if (!storage_.write(slotOffset(s), zero, 2) || !storage_.commit()) return KeyStoreError::WriteFailed;
    }
  }
}

}  // namespace sl
