// libFuzzer target: KeyStore over a fuzzed EEPROM image (what a device may
// find after a power cut, a flash of other firmware, wear or a bit flip),
// then a key rotation cut short by a power failure at a fuzzed byte.
//
// Input: byte 0: bit 0 / bit 1: give slot 0 / slot 1 a correct CRC (so the
// fuzzer gets past the checksum to the fields behind it), bit 2: a correct
// magic and layout byte in both slots; bits 3..4: the load buffer (1, 8,
// 40 or K + 1 bytes). Byte 1: after how many written bytes the power fails
// during store() (0: it does not). Then the two slots' image (zero-filled
// when short).
//
// Whatever the image holds, nothing crashes (ASan/UBSan), load() and info()
// agree, a loaded key is NUL-terminated inside the buffer with the length
// its record says, and after store() and a reboot the store holds the new
// key (always when store() answered Ok) or the one it held before: never
// another, never garbage.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provisioning/Crc32.h"
#include "provisioning/KeyStore.h"
#include "provisioning/RamNvStorage.h"

namespace {

const size_t K = sl::KeyStore::kMaxKeyLength;
const size_t kSlot = sl::KeyStore::kSlotSize;

// EEPROM that loses power after `budget` more written bytes: the byte at
// the cut and everything after it are not written, and nothing works again.
class CutStorage : public sl::NvStorage {
 public:
  CutStorage(uint8_t* memory, size_t len, size_t budget) : ram_(memory, len), budget_(budget) {}
  size_t size() const override { return ram_.size(); }
  bool read(size_t offset, uint8_t* data, size_t len) override { return !dead_ && ram_.read(offset, data, len); }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (dead_) return false;
    for (size_t i = 0; i < len; ++i) {
      if (budget_ && --budget_ == 0) {
        dead_ = true;
        return false;
      }
      if (!ram_.write(offset + i, data + i, 1)) return false;
    }
    return true;
  }

 private:
  sl::RamNvStorage ram_;
  size_t budget_;  // 0: no cut
  bool dead_ = false;
};

void fixSlot(uint8_t* slot, bool header, bool crc) {
  if (header) {
    slot[0] = 0x73;
    slot[1] = 0x4B;
    slot[2] = 1;
  }
  if (crc) {
    uint32_t c = sl::detail::Crc32::finish(sl::detail::Crc32::update(sl::detail::Crc32::begin(), slot, 28 + K));
    for (int i = 0; i < 4; ++i) slot[28 + K + i] = static_cast<uint8_t>(c >> (8 * i));
  }
}

struct Loaded {
  sl::KeyStoreError error;
  sl::KeyInfo info;
  char key[K + 1];
};

// Loads into a buffer of `capacity` bytes and checks what load() promises.
Loaded loadChecked(sl::KeyStore& store, size_t capacity) {
  Loaded r;
  static char buffer[K + 2];
  memset(buffer, 0x5A, sizeof buffer);
  r.error = store.load(buffer, capacity, &r.info);
  r.key[0] = 0;
  if (buffer[capacity] != 0x5A) abort();  // wrote past the buffer
  if (r.error == sl::KeyStoreError::Ok) {
    if (r.info.length < 1 || r.info.length > K || r.info.slot > 1) abort();
    if (r.info.length + 1u > capacity) abort();
    if (buffer[r.info.length] != 0) abort();  // NUL right after the key's bytes
    memcpy(r.key, buffer, r.info.length + 1u);
  } else if (r.error == sl::KeyStoreError::BufferTooSmall) {
    if (r.info.length + 1u <= capacity || r.info.length < 1 || r.info.length > K) abort();
  } else if (r.error != sl::KeyStoreError::NoKey) {
    abort();  // reads from RAM never fail
  }
  sl::KeyInfo only;
  sl::KeyStoreError e = store.info(only);
  bool found = r.error == sl::KeyStoreError::Ok || r.error == sl::KeyStoreError::BufferTooSmall;
  if (found != (e == sl::KeyStoreError::Ok)) abort();
  if (found && (only.length != r.info.length || only.sequence != r.info.sequence || only.slot != r.info.slot ||
                only.meta.id != r.info.meta.id || only.meta.expiresAt != r.info.meta.expiresAt)) {
    abort();
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 2 + 2 * kSlot) return 0;
  static uint8_t eeprom[2 * kSlot];
  memset(eeprom, 0, sizeof eeprom);
  memcpy(eeprom, data + 2, size - 2);
  uint8_t flags = data[0];
  fixSlot(eeprom, flags & 4, flags & 1);
  fixSlot(eeprom + kSlot, flags & 4, flags & 2);
  static const size_t kCapacities[4] = {1, 8, 40, K + 1};
  size_t capacity = kCapacities[(flags >> 3) & 3];

  sl::RamNvStorage plain(eeprom, sizeof eeprom);
  sl::KeyStore before(plain);
  Loaded old = loadChecked(before, K + 1);
  Loaded small = loadChecked(before, capacity);
  if (small.error == sl::KeyStoreError::Ok && strcmp(small.key, old.key) != 0) abort();

  // A rotation with the power failing after data[1] bytes (0: no failure).
  const char kNew[] = "rotated-key-0123456789";
  sl::KeyMeta meta;
  meta.id = 0x1122334455667788ULL;
  meta.previousId = old.info.meta.id;
  meta.expiresAt = 1800000000UL;
  CutStorage cut(eeprom, sizeof eeprom, data[1]);
  sl::KeyStore during(cut);
  sl::KeyStoreError stored = during.store(kNew, sizeof kNew - 1, meta);

  sl::KeyStore after(plain);  // the reboot
  Loaded now = loadChecked(after, K + 1);
  bool isNew = now.error == sl::KeyStoreError::Ok && strcmp(now.key, kNew) == 0 && now.info.meta.id == meta.id &&
               now.info.meta.previousId == meta.previousId && now.info.meta.expiresAt == meta.expiresAt;
  bool isOld = now.error.code() == old.error.code() && (old.error != sl::KeyStoreError::Ok || strcmp(now.key, old.key) == 0);
  if (stored == sl::KeyStoreError::Ok && !isNew) abort();
  if (!isNew && !isOld) abort();  // neither key: the rotation lost or invented one
  if (data[1] == 0 && stored != sl::KeyStoreError::Ok) abort();  // nothing failed, yet store() did
  if (getenv("SL_FUZZ_TRACE")) {  // what an input reached (for checking the seeds)
    fprintf(stderr, "trace: before %s, store %s, after %s\n", old.error.name().ptr(), stored.name().ptr(), isNew ? "new" : "old");
  }

  // Forgetting it: no key afterwards.
  if (data[1] == 0) {
    if (after.clear() != sl::KeyStoreError::Ok) abort();
    if (loadChecked(after, K + 1).error != sl::KeyStoreError::NoKey) abort();
  }
  return 0;
}
