#include "KeyStore.h"

#include "Crc32.h"

namespace sl {

namespace {
const uint8_t kMagic0 = 0x73;  // 's'
const uint8_t kMagic1 = 0x4B;  // 'K'
const uint8_t kLayout = 1;
const size_t kHeaderSize = 28;
const size_t kCrcOffset = kHeaderSize + SL_KEYSTORE_MAX_KEY_LEN;

void putLe(uint8_t* p, uint64_t v, uint8_t n) {
  for (uint8_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint64_t getLe(const uint8_t* p, uint8_t n) {
  uint64_t v = 0;
  for (uint8_t i = n; i > 0; --i) v = (v << 8) | p[i - 1];
  return v;
}
// Serial-number order: true when a was written after b.
bool newer(uint32_t a, uint32_t b) { return a != b && static_cast<uint32_t>(a - b) < 0x80000000UL; }
}  // namespace

KeyStoreError KeyStore::readSlot(uint8_t slot, Slot& out, char* key, size_t capacity) {
  out.valid = false;
  uint8_t buf[kHeaderSize];
  size_t base = slotOffset(slot);
  if (!storage_.read(base, buf, kHeaderSize)) return KeyStoreError::ReadFailed;
  uint32_t crc = detail::Crc32::update(detail::Crc32::begin(), buf, kHeaderSize);
  out.length = buf[3];
  out.sequence = static_cast<uint32_t>(getLe(buf + 4, 4));
  out.meta.id = getLe(buf + 8, 8);
  out.meta.previousId = getLe(buf + 16, 8);
  out.meta.expiresAt = static_cast<uint32_t>(getLe(buf + 24, 4));
  bool plausible = buf[0] == kMagic0 && buf[1] == kMagic1 && buf[2] == kLayout && out.length >= 1 &&
                   out.length <= SL_KEYSTORE_MAX_KEY_LEN;
  // The key area, in header-sized chunks; copied out when asked (and it fits).
  bool copy = key && plausible && capacity > out.length;
  for (size_t done = 0; done < SL_KEYSTORE_MAX_KEY_LEN;) {
    size_t n = SL_KEYSTORE_MAX_KEY_LEN - done < kHeaderSize ? SL_KEYSTORE_MAX_KEY_LEN - done : kHeaderSize;
    if (!storage_.read(base + kHeaderSize + done, buf, n)) return KeyStoreError::ReadFailed;
    crc = detail::Crc32::update(crc, buf, n);
    for (size_t i = 0; copy && i < n && done + i < out.length; ++i) key[done + i] = static_cast<char>(buf[i]);
    done += n;
  }
  if (!storage_.read(base + kCrcOffset, buf, 4)) return KeyStoreError::ReadFailed;
  out.valid = plausible && static_cast<uint32_t>(getLe(buf, 4)) == detail::Crc32::finish(crc);
  if (copy) key[out.length] = '\0';
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::current(Slot slots[2], int8_t& which) {
  which = -1;
  if (offset_ > storage_.size() || storage_.size() - offset_ < kRegionSize) return KeyStoreError::StorageTooSmall;
  for (uint8_t s = 0; s < 2; ++s) {
    KeyStoreError e = readSlot(s, slots[s], 0, 0);
    if (e) return e;
  }
  if (slots[0].valid && slots[1].valid) which = newer(slots[1].sequence, slots[0].sequence) ? 1 : 0;
  else if (slots[0].valid) which = 0;
  else if (slots[1].valid) which = 1;
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::info(KeyInfo& info) {
  Slot slots[2];
  int8_t which;
  KeyStoreError e = current(slots, which);
  if (e) return e;
  if (which < 0) return KeyStoreError::NoKey;
  info.meta = slots[which].meta;
  info.length = slots[which].length;
  info.sequence = slots[which].sequence;
  info.slot = static_cast<uint8_t>(which);
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::load(char* key, size_t capacity, KeyInfo* infoOut) {
  KeyInfo found;
  KeyStoreError e = info(found);
  if (e) return e;
  if (infoOut) *infoOut = found;
  if (!key || capacity < static_cast<size_t>(found.length) + 1) return KeyStoreError::BufferTooSmall;
  Slot again;
  e = readSlot(found.slot, again, key, capacity);
  if (e) return e;
  // The slot was valid a moment ago; it must still be the same record.
  if (!again.valid || again.sequence != found.sequence || again.length != found.length) {
    return KeyStoreError::ReadFailed;
  }
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::store(const char* key, size_t len, const KeyMeta& meta) {
  if (!key || len == 0) return KeyStoreError::InvalidArgument;
  if (len > SL_KEYSTORE_MAX_KEY_LEN) return KeyStoreError::KeyTooLong;
  Slot slots[2];
  int8_t which;
  KeyStoreError e = current(slots, which);
  if (e) return e;
  uint8_t target = which == 0 ? 1 : 0;
  uint32_t sequence = which < 0 ? 1 : slots[which].sequence + 1;

  uint8_t buf[kHeaderSize];
  buf[0] = kMagic0;
  buf[1] = kMagic1;
  buf[2] = kLayout;
  buf[3] = static_cast<uint8_t>(len);
  putLe(buf + 4, sequence, 4);
  putLe(buf + 8, meta.id, 8);
  putLe(buf + 16, meta.previousId, 8);
  putLe(buf + 24, meta.expiresAt, 4);
  size_t base = slotOffset(target);
  const uint8_t* k = reinterpret_cast<const uint8_t*>(key);
  uint32_t crc = detail::Crc32::update(detail::Crc32::begin(), buf, kHeaderSize);
  crc = detail::Crc32::update(crc, k, len);
  if (!storage_.write(base, buf, kHeaderSize) || !storage_.write(base + kHeaderSize, k, len)) {
    return KeyStoreError::WriteFailed;
  }
  memset(buf, 0, sizeof buf);
  for (size_t done = len; done < SL_KEYSTORE_MAX_KEY_LEN;) {
    size_t n = SL_KEYSTORE_MAX_KEY_LEN - done < kHeaderSize ? SL_KEYSTORE_MAX_KEY_LEN - done : kHeaderSize;
    crc = detail::Crc32::update(crc, buf, n);
    if (!storage_.write(base + kHeaderSize + done, buf, n)) return KeyStoreError::WriteFailed;
    done += n;
  }
  putLe(buf, detail::Crc32::finish(crc), 4);
  if (!storage_.write(base + kCrcOffset, buf, 4) || !storage_.commit()) return KeyStoreError::WriteFailed;

  // Read back: the record must be valid, carry this sequence and this key.
  Slot check;
  e = readSlot(target, check, 0, 0);
  if (e) return e;
  if (!check.valid || check.sequence != sequence || check.length != len) return KeyStoreError::VerifyFailed;
  for (size_t done = 0; done < len;) {
    size_t n = len - done < kHeaderSize ? len - done : kHeaderSize;
    if (!storage_.read(base + kHeaderSize + done, buf, n)) return KeyStoreError::ReadFailed;
    if (memcmp(buf, k + done, n) != 0) return KeyStoreError::VerifyFailed;
    done += n;
  }
  return KeyStoreError::Ok;
}

KeyStoreError KeyStore::clear() {
  Slot slots[2];
  int8_t which;
  KeyStoreError e = current(slots, which);
  if (e) return e;
  // Older (or invalid) slot first, the current one last. Zeroing the magic
  // makes a record invalid; a cut mid-way leaves either slot as it was.
  uint8_t order[2] = {static_cast<uint8_t>(which == 0 ? 1 : 0), static_cast<uint8_t>(which == 0 ? 0 : 1)};
  const uint8_t zero[2] = {0, 0};
  for (uint8_t i = 0; i < 2; ++i) {
    uint8_t s = order[i];
    if (!slots[s].valid) continue;
    if (!storage_.write(slotOffset(s), zero, 2) || !storage_.commit()) return KeyStoreError::WriteFailed;
  }
  Slot check;
  for (uint8_t s = 0; s < 2; ++s) {
    e = readSlot(s, check, 0, 0);
    if (e) return e;
    if (check.valid) return KeyStoreError::WriteFailed;
  }
  return KeyStoreError::Ok;
}

}  // namespace sl
