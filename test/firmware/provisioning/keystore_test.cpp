// sl::KeyStore: round trips, the documented record layout, a power cut after
// every single byte of a store or a clear, corrupt slots, limits and storage
// failures. Runs on the host (and boards: no heap, no stdio).
// sl-board-test: max-cycles 1e9
#include "SlTest.h"
#include "provisioning/Crc32.h"
#include "provisioning/KeyStore.h"
#include "provisioning/RamNvStorage.h"

namespace {

const size_t kRegion = sl::KeyStore::kRegionSize;
const size_t kSlot = sl::KeyStore::kSlotSize;

// RAM storage that loses power after `budget` more byte writes: the byte being
// written at the cut gets a torn value, every later call fails until reboot().
class CutRam : public sl::NvStorage {
 public:
  enum Tear { TearInvert, TearKeepOld, TearZero, TearFlipLowBit };
  CutRam(uint8_t* mem, size_t len) : mem_(mem), len_(len), budget_(-1), dead_(false), tear_(TearInvert), written_(0) {}
  void cutAfter(long bytes, Tear tear) {
    budget_ = bytes;
    tear_ = tear;
  }
  void reboot() {
    budget_ = -1;
    dead_ = false;
  }
  bool dead() const { return dead_; }
  long written() const { return written_; }
  size_t size() const override { return len_; }
  bool read(size_t offset, uint8_t* data, size_t len) override {
    if (dead_ || !inRange(offset, len)) return false;
    memcpy(data, mem_ + offset, len);
    return true;
  }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (dead_ || !inRange(offset, len)) return false;
    for (size_t i = 0; i < len; ++i) {
      if (budget_ == 0) {
        uint8_t& cell = mem_[offset + i];
        switch (tear_) {
          case TearInvert: cell = static_cast<uint8_t>(~data[i]); break;
          case TearKeepOld: break;
          case TearZero: cell = 0; break;
          case TearFlipLowBit: cell = static_cast<uint8_t>(data[i] ^ 1); break;
        }
        dead_ = true;
        return false;
      }
      if (budget_ > 0) --budget_;
      mem_[offset + i] = data[i];
      ++written_;
    }
    return true;
  }
  bool commit() override { return !dead_; }

 private:
  uint8_t* mem_;
  size_t len_;
  long budget_;
  bool dead_;
  Tear tear_;
  long written_;
};

// Storage whose writes can be silently lost, whose commit or reads can fail.
class FaultyRam : public sl::NvStorage {
 public:
  FaultyRam(uint8_t* mem, size_t len) : ram_(mem, len), dropWrites(false), failCommit(false), failReads(false) {}
  size_t size() const override { return ram_.size(); }
  bool read(size_t o, uint8_t* d, size_t n) override { return !failReads && ram_.read(o, d, n); }
  bool write(size_t o, const uint8_t* d, size_t n) override { return dropWrites ? true : ram_.write(o, d, n); }
  bool commit() override { return !failCommit; }
  sl::RamNvStorage ram_;
  bool dropWrites, failCommit, failReads;
};

bool loadEquals(sl::NvStorage& storage, const char* want, size_t offset = 0) {
  sl::KeyStore ks(storage, offset);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  sl::KeyInfo info;
  if (ks.load(key, sizeof key, &info) != sl::KeyStoreError::Ok) return false;
  return info.length == strlen(want) && strcmp(key, want) == 0;
}

sl::KeyStoreError storeText(sl::NvStorage& storage, const char* key, uint64_t id = 0, size_t offset = 0) {
  sl::KeyStore ks(storage, offset);
  sl::KeyMeta meta;
  meta.id = id;
  return ks.store(key, strlen(key), meta);
}

// A record written by hand from the layout documented in KeyStore.h.
void craft(uint8_t* slot, uint32_t seq, const char* key, uint8_t layout = 1, int lengthOverride = -1) {
  memset(slot, 0, kSlot);
  size_t len = strlen(key);
  slot[0] = 's';
  slot[1] = 'K';
  slot[2] = layout;
  slot[3] = static_cast<uint8_t>(lengthOverride >= 0 ? lengthOverride : static_cast<int>(len));
  for (int i = 0; i < 4; ++i) slot[4 + i] = static_cast<uint8_t>(seq >> (8 * i));
  memcpy(slot + 28, key, len);
  uint32_t crc = sl::detail::Crc32::finish(sl::detail::Crc32::update(sl::detail::Crc32::begin(), slot, kSlot - 4));
  for (int i = 0; i < 4; ++i) slot[kSlot - 4 + i] = static_cast<uint8_t>(crc >> (8 * i));
}

const char* const kOld = "slk_old_0123456789abcdef0123456789abcdef";
const char* const kNew = "slk_new_fedcba9876543210fedcba9876543210";

}  // namespace

TEST_CASE(crc32_check_value) {
  const char* s = "123456789";
  uint32_t c = sl::detail::Crc32::update(sl::detail::Crc32::begin(), reinterpret_cast<const uint8_t*>(s), 9);
  CHECK_EQ_INT(sl::detail::Crc32::finish(c), 0xCBF43926UL);
  CHECK_EQ_INT(sl::detail::Crc32::finish(sl::detail::Crc32::begin()), 0);
}

TEST_CASE(layout_sizes) {
  CHECK_EQ_INT(kSlot, 32 + SL_KEYSTORE_MAX_KEY_LEN);
  CHECK_EQ_INT(kRegion, 2 * kSlot);
  CHECK_EQ_INT(sl::KeyStore::kMaxKeyLength, SL_KEYSTORE_MAX_KEY_LEN);
}

TEST_CASE(erased_or_zero_storage_has_no_key) {
  uint8_t mem[kRegion];
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  char key[8];
  memset(mem, 0xFF, sizeof mem);
  CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
  memset(mem, 0, sizeof mem);
  CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
  sl::KeyInfo info;
  CHECK(ks.info(info) == sl::KeyStoreError::NoKey);
  CHECK_EQ_NAME(sl::KeyStoreError(sl::KeyStoreError::NoKey), "no key");
}

TEST_CASE(store_load_round_trip_alternates_slots) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  sl::KeyMeta meta;
  meta.id = 0x1122334455667788ULL;
  meta.previousId = 400;
  meta.expiresAt = 1788000000UL;
  REQUIRE(ks.store(kOld, strlen(kOld), meta) == sl::KeyStoreError::Ok);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  sl::KeyInfo info;
  REQUIRE(ks.load(key, sizeof key, &info) == sl::KeyStoreError::Ok);
  CHECK_EQ_STR(key, kOld);
  CHECK_EQ_INT(info.length, strlen(kOld));
  CHECK(info.meta.id == 0x1122334455667788ULL);
  CHECK(info.meta.previousId == 400);
  CHECK_EQ_INT(info.meta.expiresAt, 1788000000UL);
  CHECK_EQ_INT(info.sequence, 1);
  CHECK_EQ_INT(info.slot, 0);
  for (uint32_t i = 2; i <= 5; ++i) {
    const char* k = (i & 1) ? kOld : kNew;
    REQUIRE(ks.store(k, strlen(k)) == sl::KeyStoreError::Ok);
    REQUIRE(ks.load(key, sizeof key, &info) == sl::KeyStoreError::Ok);
    CHECK_EQ_STR(key, k);
    CHECK_EQ_INT(info.sequence, i);
    CHECK_EQ_INT(info.slot, (i - 1) % 2);
    CHECK(info.meta.id == 0);
  }
  // A fresh KeyStore object over the same bytes (a reboot) sees the same.
  sl::KeyStore again(ram);
  REQUIRE(again.load(key, sizeof key, &info) == sl::KeyStoreError::Ok);
  CHECK_EQ_STR(key, kOld);
  CHECK_EQ_INT(info.sequence, 5);
}

TEST_CASE(record_layout_matches_the_documentation) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  sl::KeyMeta meta;
  meta.id = 0x0102030405060708ULL;
  meta.previousId = 0x1112131415161718ULL;
  meta.expiresAt = 0xA1A2A3A4UL;
  REQUIRE(ks.store("abc", 3, meta) == sl::KeyStoreError::Ok);
  const uint8_t* s = mem;  // first store goes to slot 0
  CHECK_EQ_INT(s[0], 0x73);
  CHECK_EQ_INT(s[1], 0x4B);
  CHECK_EQ_INT(s[2], 1);
  CHECK_EQ_INT(s[3], 3);
  CHECK_EQ_INT(s[4], 1);
  CHECK_EQ_INT(s[5] | s[6] | s[7], 0);
  for (int i = 0; i < 8; ++i) CHECK_EQ_INT(s[8 + i], 8 - i);
  for (int i = 0; i < 8; ++i) CHECK_EQ_INT(s[16 + i], 0x18 - i);
  for (int i = 0; i < 4; ++i) CHECK_EQ_INT(s[24 + i], 0xA4 - i);
  CHECK(memcmp(s + 28, "abc", 3) == 0);
  for (size_t i = 28 + 3; i < 28 + SL_KEYSTORE_MAX_KEY_LEN; ++i) CHECK_EQ_INT(s[i], 0);
  uint32_t crc = sl::detail::Crc32::finish(sl::detail::Crc32::update(sl::detail::Crc32::begin(), s, kSlot - 4));
  uint32_t stored = static_cast<uint32_t>(s[kSlot - 4]) | (static_cast<uint32_t>(s[kSlot - 3]) << 8) |
                    (static_cast<uint32_t>(s[kSlot - 2]) << 16) | (static_cast<uint32_t>(s[kSlot - 1]) << 24);
  CHECK_EQ_INT(stored, crc);
  // Slot 1 untouched.
  for (size_t i = kSlot; i < kRegion; ++i) CHECK_EQ_INT(mem[i], 0xFF);
}

TEST_CASE(power_cut_after_every_byte_of_a_store_leaves_old_or_new) {
  static const CutRam::Tear tears[] = {CutRam::TearInvert, CutRam::TearKeepOld, CutRam::TearZero, CutRam::TearFlipLowBit};
  // Both slots hold keys (older "A" in slot 0, current kOld in slot 1), so
  // the store overwrites a valid record; each trial starts from this snapshot.
  uint8_t snapshot[kRegion];
  memset(snapshot, 0xFF, sizeof snapshot);
  {
    sl::RamNvStorage setup(snapshot, sizeof snapshot);
    REQUIRE(storeText(setup, "older-key-A") == sl::KeyStoreError::Ok);
    REQUIRE(storeText(setup, kOld) == sl::KeyStoreError::Ok);
  }
  uint8_t mem[kRegion];
  long fullWrite = -1;
  for (unsigned t = 0; t < 4; ++t) {
    for (long n = 0;; ++n) {
      memcpy(mem, snapshot, sizeof mem);
      CutRam ram(mem, sizeof mem);
      ram.cutAfter(n, tears[t]);
      sl::KeyStoreError e = storeText(ram, kNew);
      bool cut = ram.dead();
      ram.reboot();
      sl::KeyStore ks(ram);
      char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
      REQUIRE(ks.load(key, sizeof key) == sl::KeyStoreError::Ok);
      bool isOld = strcmp(key, kOld) == 0, isNew = strcmp(key, kNew) == 0;
      if (!(isOld || isNew)) {
        CHECK(isOld || isNew);
        CHECK_EQ_INT(n, -1);  // reports where
        return;
      }
      if (e == sl::KeyStoreError::Ok) CHECK(isNew);
      if (!cut) {
        CHECK(e == sl::KeyStoreError::Ok);
        fullWrite = ram.written();
        break;
      }
      CHECK(e == sl::KeyStoreError::WriteFailed);
      // A later store after the cut works and becomes current.
      if (n % 8 == 0) {
        REQUIRE(storeText(ram, "after-reboot") == sl::KeyStoreError::Ok);
        CHECK(loadEquals(ram, "after-reboot"));
      }
    }
  }
  CHECK_EQ_INT(fullWrite, kSlot);
}

TEST_CASE(power_cut_during_the_first_store_leaves_no_key_or_the_key) {
  uint8_t mem[kRegion];
  for (long n = 0; n <= static_cast<long>(kSlot); ++n) {
    memset(mem, 0xFF, sizeof mem);
    CutRam ram(mem, sizeof mem);
    ram.cutAfter(n, CutRam::TearInvert);
    sl::KeyStoreError e = storeText(ram, kNew);
    ram.reboot();
    sl::KeyStore ks(ram);
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    sl::KeyStoreError le = ks.load(key, sizeof key);
    if (n < static_cast<long>(kSlot)) {
      CHECK(e == sl::KeyStoreError::WriteFailed);
      CHECK(le == sl::KeyStoreError::NoKey);
    } else {
      CHECK(e == sl::KeyStoreError::Ok);
      CHECK(le == sl::KeyStoreError::Ok);
      CHECK_EQ_STR(key, kNew);
    }
  }
}

TEST_CASE(power_cut_at_every_byte_of_short_and_longest_keys) {
  char longest[SL_KEYSTORE_MAX_KEY_LEN + 1];
  for (size_t i = 0; i < SL_KEYSTORE_MAX_KEY_LEN; ++i) longest[i] = static_cast<char>('a' + i % 26);
  longest[SL_KEYSTORE_MAX_KEY_LEN] = '\0';
  const char* keys[] = {"x", longest};
  uint8_t mem[kRegion];
  for (int k = 0; k < 2; ++k) {
    for (long n = 0; n < static_cast<long>(kSlot); ++n) {
      memset(mem, 0xFF, sizeof mem);
      CutRam ram(mem, sizeof mem);
      REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);
      REQUIRE(storeText(ram, kNew) == sl::KeyStoreError::Ok);
      ram.cutAfter(n, CutRam::TearFlipLowBit);
      CHECK(storeText(ram, keys[k]) == sl::KeyStoreError::WriteFailed);
      ram.reboot();
      CHECK(loadEquals(ram, kNew));
    }
  }
}

TEST_CASE(power_cut_during_clear_never_brings_back_an_older_key) {
  uint8_t mem[kRegion];
  // The current key in slot 1 (two stores) and in slot 0 (three stores).
  for (long n = 0; n <= 9; ++n) {
    memset(mem, 0xFF, sizeof mem);
    CutRam ram(mem, sizeof mem);
    if (n >= 5) REQUIRE(storeText(ram, "oldest") == sl::KeyStoreError::Ok);
    REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);
    REQUIRE(storeText(ram, kNew) == sl::KeyStoreError::Ok);
    ram.cutAfter(n % 5, CutRam::TearInvert);
    sl::KeyStore ks(ram);
    sl::KeyStoreError e = ks.clear();
    bool cut = ram.dead();
    ram.reboot();
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    sl::KeyStoreError le = ks.load(key, sizeof key);
    CHECK(!loadEquals(ram, kOld));
    if (le == sl::KeyStoreError::Ok) CHECK_EQ_STR(key, kNew);
    else CHECK(le == sl::KeyStoreError::NoKey);
    if (!cut) {
      CHECK(e == sl::KeyStoreError::Ok);
      CHECK(le == sl::KeyStoreError::NoKey);
    }
  }
}

TEST_CASE(power_cut_during_a_store_after_clear_never_brings_back_a_cleared_key) {
  // clear() zeroes only the magic of each record, so a store into a cleared
  // slot must not make the old record whole again before its own is: after a
  // cut, the cleared keys stay gone (no key, or the new one when complete).
  static const CutRam::Tear tears[] = {CutRam::TearInvert, CutRam::TearKeepOld, CutRam::TearZero, CutRam::TearFlipLowBit};
  uint8_t snapshot[kRegion];
  memset(snapshot, 0xFF, sizeof snapshot);
  {
    sl::RamNvStorage setup(snapshot, sizeof snapshot);
    REQUIRE(storeText(setup, "older-key-A") == sl::KeyStoreError::Ok);  // slot 0
    REQUIRE(storeText(setup, kOld) == sl::KeyStoreError::Ok);           // slot 1
    sl::KeyStore ks(setup);
    REQUIRE(ks.clear() == sl::KeyStoreError::Ok);
  }
  uint8_t mem[kRegion];
  for (unsigned t = 0; t < 4; ++t) {
    for (long n = 0; n <= static_cast<long>(kSlot); ++n) {
      memcpy(mem, snapshot, sizeof mem);
      CutRam ram(mem, sizeof mem);
      ram.cutAfter(n, tears[t]);
      sl::KeyStoreError e = storeText(ram, kNew);
      ram.reboot();
      sl::KeyStore ks(ram);
      char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
      sl::KeyStoreError le = ks.load(key, sizeof key);
      if (le == sl::KeyStoreError::Ok && strcmp(key, kNew) != 0) {
        CHECK_EQ_STR(key, kNew);
        CHECK_EQ_INT(n, -1);  // reports where
        return;
      }
      if (n < static_cast<long>(kSlot)) {
        CHECK(e == sl::KeyStoreError::WriteFailed);
        CHECK(le == sl::KeyStoreError::NoKey);
      } else {
        CHECK(e == sl::KeyStoreError::Ok);
        CHECK(le == sl::KeyStoreError::Ok);
      }
    }
  }
}

TEST_CASE(any_single_corrupt_byte_of_the_current_slot_falls_back_to_the_other) {
  uint8_t mem[kRegion];
  for (size_t i = 0; i < kSlot; ++i) {
    memset(mem, 0xFF, sizeof mem);
    sl::RamNvStorage ram(mem, sizeof mem);
    REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);  // slot 0
    REQUIRE(storeText(ram, kNew) == sl::KeyStoreError::Ok);  // slot 1, current
    mem[kSlot + i] ^= static_cast<uint8_t>(1u << (i % 8));
    CHECK(loadEquals(ram, kOld));
    mem[kSlot + i] ^= static_cast<uint8_t>(1u << (i % 8));
    CHECK(loadEquals(ram, kNew));
  }
}

TEST_CASE(torn_sequence_number_is_rejected) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  for (int i = 0; i < 255; ++i) REQUIRE(storeText(ram, (i & 1) ? kOld : kNew) == sl::KeyStoreError::Ok);
  // Sequence 255 (kNew) sits in slot 0, 254 (kOld) in slot 1. A store of
  // sequence 256 into slot 1 cut after its first sequence byte: 0x00 new, 0x00 old high.
  CHECK(loadEquals(ram, kNew));
  mem[kSlot + 4] = 0x00;  // low byte of 256; the rest keeps 254's bytes -> seq 0, CRC wrong
  CHECK(loadEquals(ram, kNew));
  mem[kSlot + 4] = 0xFF;  // would be sequence 255 + 0 high bytes = newer-equal; still CRC wrong
  mem[kSlot + 5] = 0x01;
  CHECK(loadEquals(ram, kNew));
}

TEST_CASE(both_slots_garbage_means_no_key) {
  uint8_t mem[kRegion];
  uint32_t x = 12345;
  for (int round = 0; round < 50; ++round) {
    for (size_t i = 0; i < kRegion; ++i) {
      x = x * 1103515245UL + 12345UL;
      mem[i] = static_cast<uint8_t>(x >> 24);
    }
    if (round % 2) {  // plausible headers, bad CRCs
      mem[0] = mem[kSlot] = 's';
      mem[1] = mem[kSlot + 1] = 'K';
      mem[2] = mem[kSlot + 2] = 1;
      mem[3] = mem[kSlot + 3] = 10;
    }
    sl::RamNvStorage ram(mem, sizeof mem);
    sl::KeyStore ks(ram);
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
  }
}

TEST_CASE(valid_crc_but_bad_fields_is_not_a_key) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  craft(mem, 7, "good");
  craft(mem + kSlot, 8, "v2", 2);  // unknown layout version
  CHECK(loadEquals(ram, "good"));
  craft(mem + kSlot, 8, "", 1);  // empty key
  CHECK(loadEquals(ram, "good"));
  craft(mem + kSlot, 8, "long", 1, SL_KEYSTORE_MAX_KEY_LEN + 1);  // length beyond the key area
  CHECK(loadEquals(ram, "good"));
  craft(mem + kSlot, 8, "newer", 1);
  CHECK(loadEquals(ram, "newer"));
}

TEST_CASE(crafted_records_follow_serial_number_order_across_wrap) {
  uint8_t mem[kRegion];
  sl::RamNvStorage ram(mem, sizeof mem);
  craft(mem, 0xFFFFFFFFUL, "before-wrap");
  craft(mem + kSlot, 0, "after-wrap");
  CHECK(loadEquals(ram, "after-wrap"));
  REQUIRE(storeText(ram, "next") == sl::KeyStoreError::Ok);  // into slot 0 with sequence 1
  sl::KeyStore ks(ram);
  sl::KeyInfo info;
  REQUIRE(ks.info(info) == sl::KeyStoreError::Ok);
  CHECK_EQ_INT(info.slot, 0);
  CHECK_EQ_INT(info.sequence, 1);
  CHECK(loadEquals(ram, "next"));
  // Equal sequences (never written by the store): slot 0 wins.
  craft(mem, 9, "zero");
  craft(mem + kSlot, 9, "one");
  CHECK(loadEquals(ram, "zero"));
}

TEST_CASE(oversized_empty_and_null_keys_are_refused_without_writing) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  CutRam ram(mem, sizeof mem);
  REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);
  long before = ram.written();
  char big[SL_KEYSTORE_MAX_KEY_LEN + 2];
  memset(big, 'k', sizeof big);
  sl::KeyStore ks(ram);
  CHECK(ks.store(big, SL_KEYSTORE_MAX_KEY_LEN + 1) == sl::KeyStoreError::KeyTooLong);
  CHECK(ks.store(big, 0) == sl::KeyStoreError::InvalidArgument);
  CHECK(ks.store(0, 5) == sl::KeyStoreError::InvalidArgument);
  CHECK_EQ_INT(ram.written(), before);
  CHECK(loadEquals(ram, kOld));
  CHECK(ks.store(big, SL_KEYSTORE_MAX_KEY_LEN) == sl::KeyStoreError::Ok);  // exactly the maximum fits
  CHECK_EQ_NAME(sl::KeyStoreError(sl::KeyStoreError::KeyTooLong), "key too long");
}

TEST_CASE(load_needs_room_for_the_nul) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  REQUIRE(storeText(ram, "12345") == sl::KeyStoreError::Ok);
  sl::KeyStore ks(ram);
  char key[6];
  sl::KeyInfo info;
  memset(key, '#', sizeof key);
  CHECK(ks.load(key, 5, &info) == sl::KeyStoreError::BufferTooSmall);
  CHECK_EQ_INT(info.length, 5);
  CHECK_EQ_INT(key[0], '#');
  CHECK(ks.load(0, 0) == sl::KeyStoreError::BufferTooSmall);
  CHECK(ks.load(key, 6) == sl::KeyStoreError::Ok);
  CHECK_EQ_STR(key, "12345");
}

TEST_CASE(binary_keys_round_trip_by_length) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  const char bin[] = {'a', '\0', '\xFF', '\x80', 'z'};
  REQUIRE(ks.store(bin, sizeof bin) == sl::KeyStoreError::Ok);
  char key[16];
  sl::KeyInfo info;
  REQUIRE(ks.load(key, sizeof key, &info) == sl::KeyStoreError::Ok);
  CHECK_EQ_INT(info.length, 5);
  CHECK(memcmp(key, bin, 5) == 0);
  CHECK_EQ_INT(key[5], 0);
}

TEST_CASE(storage_too_small_and_offsets) {
  uint8_t mem[3 * kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage small(mem, kRegion - 1);
  sl::KeyStore tiny(small);
  char key[8];
  CHECK(tiny.store("k", 1) == sl::KeyStoreError::StorageTooSmall);
  CHECK(tiny.load(key, sizeof key) == sl::KeyStoreError::StorageTooSmall);
  CHECK(tiny.clear() == sl::KeyStoreError::StorageTooSmall);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore beyond(ram, 2 * kRegion + 1);
  CHECK(beyond.store("k", 1) == sl::KeyStoreError::StorageTooSmall);
  sl::KeyStore huge(ram, static_cast<size_t>(-1));
  CHECK(huge.store("k", 1) == sl::KeyStoreError::StorageTooSmall);
  // Two stores side by side do not disturb each other; the edge of the storage fits.
  REQUIRE(storeText(ram, "first", 1, 0) == sl::KeyStoreError::Ok);
  REQUIRE(storeText(ram, "second", 2, kRegion) == sl::KeyStoreError::Ok);
  REQUIRE(storeText(ram, "third", 3, 2 * kRegion) == sl::KeyStoreError::Ok);
  REQUIRE(storeText(ram, "second-b", 2, kRegion) == sl::KeyStoreError::Ok);
  CHECK(loadEquals(ram, "first", 0));
  CHECK(loadEquals(ram, "second-b", kRegion));
  CHECK(loadEquals(ram, "third", 2 * kRegion));
}

TEST_CASE(lost_writes_failed_commit_and_reads_are_reported) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  FaultyRam ram(mem, sizeof mem);
  REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);
  ram.dropWrites = true;
  CHECK(storeText(ram, kNew) == sl::KeyStoreError::VerifyFailed);
  ram.dropWrites = false;
  CHECK(loadEquals(ram, kOld));
  ram.failCommit = true;
  CHECK(storeText(ram, kNew) == sl::KeyStoreError::WriteFailed);
  ram.failCommit = false;
  ram.failReads = true;
  sl::KeyStore ks(ram);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::ReadFailed);
  CHECK(ks.store("x", 1) == sl::KeyStoreError::ReadFailed);
  CHECK(ks.clear() == sl::KeyStoreError::ReadFailed);
}

TEST_CASE(clear_forgets_and_store_works_again) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  CHECK(ks.clear() == sl::KeyStoreError::Ok);  // nothing to clear
  REQUIRE(storeText(ram, kOld) == sl::KeyStoreError::Ok);
  REQUIRE(storeText(ram, kNew) == sl::KeyStoreError::Ok);
  CHECK(ks.clear() == sl::KeyStoreError::Ok);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
  REQUIRE(storeText(ram, "fresh") == sl::KeyStoreError::Ok);
  CHECK(loadEquals(ram, "fresh"));
}

TEST_CASE(rotation_records_the_key_to_delete) {
  uint8_t mem[kRegion];
  memset(mem, 0xFF, sizeof mem);
  sl::RamNvStorage ram(mem, sizeof mem);
  sl::KeyStore ks(ram);
  // Claimed: the authToken, id unknown until GET /apikey/~validate.
  REQUIRE(ks.store("auth-token", 10) == sl::KeyStoreError::Ok);
  sl::KeyMeta meta;
  meta.id = 400;
  meta.expiresAt = 1000;
  REQUIRE(ks.store("auth-token", 10, meta) == sl::KeyStoreError::Ok);
  // Rotation: POST /apikey -> id 12345; the old id 400 is still to delete.
  sl::KeyMeta rotated;
  rotated.id = 12345;
  rotated.previousId = 400;
  rotated.expiresAt = 2000;
  REQUIRE(ks.store("rotated-key", 11, rotated) == sl::KeyStoreError::Ok);
  sl::KeyInfo info;
  REQUIRE(ks.info(info) == sl::KeyStoreError::Ok);  // e.g. after a reboot
  CHECK(info.meta.previousId == 400);
  // DELETE /apikey/400 succeeded: record that nothing is left to delete.
  rotated.previousId = 0;
  REQUIRE(ks.store("rotated-key", 11, rotated) == sl::KeyStoreError::Ok);
  REQUIRE(ks.info(info) == sl::KeyStoreError::Ok);
  CHECK(info.meta.previousId == 0);
  CHECK(info.meta.id == 12345);
  CHECK_EQ_INT(info.meta.expiresAt, 2000);
  CHECK(loadEquals(ram, "rotated-key"));
}
