// KeyStore: keeps the device's API key (the authToken from provisioning, or a
// rotated key) in non-volatile memory so that a power cut at any moment leaves
// a working key.
//
// Two slots. store() writes the new record into the slot that is NOT current,
// with a sequence number one higher and its magic last, commits, reads it
// back; only then does it count as current. clear() zeroes each valid slot's
// magic; as a store writes the magic after the rest, a cut in a store into a
// cleared slot never makes the record that was there valid again. load()
// takes the valid slot (magic, layout, length and CRC-32 all right) with the
// highest sequence number (serial-number order, so the counter may wrap; equal
// numbers, never written by store(), pick slot 0). A cut while writing leaves
// a record without its magic or failing its CRC, and the previous key stays
// current; a cut after the write made the new key current. Rotation
// (DESIGN.md): store the new key with `previousId` = the old key's id,
// DELETE /apikey/{previousId}, then store the same key again with previousId
// 0; after a reboot in between, info().meta.previousId says what is left to
// delete.
//
// Record layout (one slot; integers little-endian; K = SL_KEYSTORE_MAX_KEY_LEN):
//   offset  size  field
//   0       2     magic 's' 'K' (0x73 0x4B)
//   2       1     layout version, 1
//   3       1     key length L, 1..K
//   4       4     sequence number (uint32)
//   8       8     key id (uint64; 0 = unknown, e.g. an authToken before ~validate)
//   16      8     previous key id still to DELETE after a rotation (uint64; 0 = none)
//   24      4     expiry, Unix seconds UTC (uint32; 0 = unknown)
//   28      K     key bytes; bytes L..K-1 are 0
//   28+K    4     CRC-32 (IEEE) of bytes 0..27+K
// Slot size 32 + K (128 by default); slot 0 at `offset`, slot 1 right after:
// the store uses kRegionSize = 2 * slot size bytes from `offset`. Changing
// SL_KEYSTORE_MAX_KEY_LEN changes the layout (stored keys then read as NoKey).
//
// RAM: the object is 4-8 bytes; the key buffer is the caller's; the deepest
// calls (load, store: scan, write, read back) use about 140 bytes of stack on
// AVR (slots read 8 bytes at a time, the caller's KeyInfo as the scratch).
//
//   sl::EepromNvStorage eeprom;                       // or RamNvStorage, FileNvStorage...
//   sl::KeyStore keys(eeprom);                        // region at offset 0
//   char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
//   sl::KeyInfo info;
//   sl::KeyStoreError e = keys.load(key, sizeof key, &info);
//   if (e == sl::KeyStoreError::NoKey) { /* provision, then: */
//     sl::KeyMeta meta;  meta.expiresAt = 1788000000;
//     e = keys.store(token, strlen(token), meta);
//   }
#ifndef SL_PROVISIONING_KEYSTORE_H
#define SL_PROVISIONING_KEYSTORE_H

#include "../config/Config.h"
#include "KeyStoreError.h"
#include "NvStorage.h"

// Options: SL_KEYSTORE_MAX_KEY_LEN (config/Config.h).

#if SL_KEYSTORE_MAX_KEY_LEN < 1 || SL_KEYSTORE_MAX_KEY_LEN > 255
#error "SL_KEYSTORE_MAX_KEY_LEN must be 1..255"
#endif

// Bytes of one slot, and of the two-slot region the store occupies.
#define SL_KEYSTORE_SLOT_SIZE (32 + SL_KEYSTORE_MAX_KEY_LEN)
#define SL_KEYSTORE_REGION_SIZE (2 * SL_KEYSTORE_SLOT_SIZE)

namespace sl {

// What is stored next to the key.
struct KeyMeta {
  // All zero (one clearing loop on AVR where it is inlined, not a store per byte).
  KeyMeta() { memset(static_cast<void*>(this), 0, sizeof *this); }
  uint64_t id;          // the key's id (DELETE /apikey/{id}); 0 = unknown
  uint64_t previousId;  // a replaced key still to delete; 0 = none
  uint32_t expiresAt;   // Unix seconds UTC; 0 = unknown
};

// What load()/info() report about the current record.
struct KeyInfo {
  KeyInfo() { memset(static_cast<void*>(this), 0, sizeof *this); }  // all zero
  KeyMeta meta;
  uint8_t length;     // key bytes (without NUL)
  uint32_t sequence;  // of the current record
  uint8_t slot;       // 0 or 1
};

class KeyStore {
 public:
  static const size_t kMaxKeyLength = SL_KEYSTORE_MAX_KEY_LEN;
  static const size_t kSlotSize = SL_KEYSTORE_SLOT_SIZE;
  static const size_t kRegionSize = SL_KEYSTORE_REGION_SIZE;

  // The store uses bytes offset .. offset + kRegionSize - 1 of `storage`, which
  // must outlive it. Nothing is read until the first call.
  explicit constexpr KeyStore(NvStorage& storage, size_t offset = 0) : storage_(storage), offset_(offset) {}

  // Copies the current key into `key` and NUL-terminates it; fills `info` when
  // not null. Errors: NoKey, BufferTooSmall (capacity < length + 1; `info` is
  // still filled), StorageTooSmall, ReadFailed. `key` is unspecified on error,
  // and so is `info` on the other errors (it is the reads' scratch).
  SL_NODISCARD KeyStoreError load(char* key, size_t capacity, KeyInfo* info = 0);
  // The current record's metadata, without the key. Errors as load().
  SL_NODISCARD KeyStoreError info(KeyInfo& info);
  // Makes `key` (`len` bytes, any values) current, as described above. Errors:
  // InvalidArgument (null or empty), KeyTooLong, StorageTooSmall (nothing
  // written in these three cases), ReadFailed, WriteFailed, VerifyFailed: the
  // previous key (if any) is then still current, unless the new record got
  // completely written and only the commit or the read-back failed; load()
  // tells which.
  SL_NODISCARD KeyStoreError store(const char* key, size_t len, const KeyMeta& meta = KeyMeta());
  // Forgets the key: invalidates the older slot, then the current one, so a
  // cut in between leaves the current key or none, never an older one.
  // Errors: StorageTooSmall, ReadFailed, WriteFailed.
  SL_NODISCARD KeyStoreError clear();

 private:
  struct Scan {
    int8_t current;     // slot with the newest valid record, -1 when none
    uint8_t validMask;  // bit s set when slot s is valid
    uint32_t sequence;  // of the current record
  };
  // Slot reads fill a KeyInfo's length, sequence and meta (`header`: the
  // caller's scratch, reused from call to call to keep the stack small).
  // readBack: `key` holds the `capacity` bytes the slot's key must be (only
  // read; a difference makes the slot invalid); else the key is copied into
  // `key` (when not null and it fits). Returns Ok for a valid record, NoKey
  // for an invalid one, ReadFailed when the storage refused a read.
  KeyStoreError readSlot(uint8_t slot, KeyInfo& header, char* key, size_t capacity, bool readBack = false);
  KeyStoreError scan(Scan& out, KeyInfo& scratch);
  KeyStoreError loadInto(char* key, size_t capacity, KeyInfo& info, bool infoOnly);
  // Writes and commits one record (header, key, zero padding, CRC); false on a failed write.
  bool writeSlot(uint8_t target, uint32_t sequence, const uint8_t* key, size_t len, const KeyMeta& meta);
  KeyStoreError verify(uint8_t slot, uint32_t sequence, const uint8_t* key, size_t len, KeyInfo& scratch);
  size_t slotOffset(uint8_t slot) const { return offset_ + slot * kSlotSize; }

  NvStorage& storage_;
  size_t offset_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_KEYSTORE_H
