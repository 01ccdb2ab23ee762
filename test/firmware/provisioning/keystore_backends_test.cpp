// KeyStore over each NvStorage backend. Built several times by
// provisioning.test.ts: on the host as is (FileNvStorage, POSIX), and with
// -DARDUINO -DARDUINO_ARCH_AVR / -DARDUINO_ARCH_ESP8266 / -DARDUINO_ARCH_ESP32
// against the fakes in test/firmware/fakes (EEPROM.h, Preferences.h).
#include "SlTest.h"
#include "provisioning/EepromNvStorage.h"
#include "provisioning/FileNvStorage.h"
#include "provisioning/KeyStore.h"
#include "provisioning/PreferencesNvStorage.h"

namespace {
const char* const kKey = "slk_0123456789abcdef0123456789abcdef0123";

bool loads(sl::NvStorage& s, const char* want, size_t offset = 0) {
  sl::KeyStore ks(s, offset);
  char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
  return ks.load(key, sizeof key) == sl::KeyStoreError::Ok && strcmp(key, want) == 0;
}
}  // namespace

#if defined(ARDUINO) && (defined(ARDUINO_ARCH_AVR) || defined(ARDUINO_ARCH_ESP8266))

TEST_CASE(eeprom_backend_round_trip_and_reboot) {
  FakeEeprom::erase();
  {
#if defined(ARDUINO_ARCH_ESP8266)
    sl::EepromNvStorage eeprom(512);
    CHECK_EQ_INT(eeprom.size(), 512);
#else
    sl::EepromNvStorage eeprom;
    CHECK_EQ_INT(eeprom.size(), 1024);
    sl::EepromNvStorage part(300);
    CHECK_EQ_INT(part.size(), 300);
#endif
    sl::KeyStore ks(eeprom, 16);
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
    REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
    CHECK(loads(eeprom, kKey, 16));
  }
  // Reset: on ESP8266 the RAM copy is gone, only committed bytes remain.
  FakeEeprom::powerCycle();
#if defined(ARDUINO_ARCH_ESP8266)
  sl::EepromNvStorage eeprom(512);
#else
  sl::EepromNvStorage eeprom;
#endif
  CHECK(loads(eeprom, kKey, 16));
  // The record sits at EEPROM address 16 (magic 's' 'K').
  CHECK_EQ_INT(FakeEeprom::bytes()[16], 's');
  CHECK_EQ_INT(FakeEeprom::bytes()[17], 'K');
  CHECK_EQ_INT(FakeEeprom::bytes()[15], 0xFF);
}

TEST_CASE(eeprom_backend_rejects_out_of_range) {
  FakeEeprom::erase();
#if defined(ARDUINO_ARCH_ESP8266)
  sl::EepromNvStorage eeprom(200);  // smaller than one region (256 bytes)
#else
  sl::EepromNvStorage eeprom(200);
#endif
  sl::KeyStore ks(eeprom);
  CHECK(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::StorageTooSmall);
  uint8_t b[4] = {1, 2, 3, 4};
  CHECK(!eeprom.write(198, b, 4));
  CHECK(eeprom.write(196, b, 4));
}

#if defined(ARDUINO_ARCH_AVR)
TEST_CASE(avr_eeprom_writes_only_changed_cells) {
  FakeEeprom::erase();
  sl::EepromNvStorage eeprom;
  sl::KeyStore ks(eeprom);
  REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
  unsigned long first = FakeEeprom::writes();
  CHECK(first <= sl::KeyStore::kSlotSize);
  REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);  // slot 1: all cells new
  REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);  // slot 0 again: only sequence + CRC change
  unsigned long third = FakeEeprom::writes() - 2 * first;
  CHECK(third <= 8);
  CHECK(third >= 1);
}
#endif

#if defined(ARDUINO_ARCH_ESP8266)
TEST_CASE(esp8266_store_commits_to_flash) {
  FakeEeprom::erase();
  sl::EepromNvStorage eeprom(256);
  sl::KeyStore ks(eeprom);
  REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
  // Committed: flash (not only the RAM copy) holds the record.
  CHECK_EQ_INT(FakeEeprom::bytes()[0], 's');
  CHECK(FakeEeprom::writes() > 0);
}
#endif

#endif  // EEPROM

#if defined(ARDUINO) && defined(ARDUINO_ARCH_ESP32)

TEST_CASE(preferences_backend_round_trip_and_reboot) {
  FakeNvs::reset();
  {
    sl::PreferencesNvStorage nvs("semilimes");
    CHECK_EQ_INT(nvs.size(), sl::KeyStore::kRegionSize);
    sl::KeyStore ks(nvs);
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
    REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
    REQUIRE(ks.store("second", 6) == sl::KeyStoreError::Ok);
  }
  sl::PreferencesNvStorage nvs("semilimes");
  CHECK(loads(nvs, "second"));
  // One blob per slot, exactly a slot long.
  Preferences p;
  REQUIRE(p.begin("semilimes", true));
  CHECK_EQ_INT(p.getBytesLength("b0"), sl::KeyStore::kSlotSize);
  CHECK_EQ_INT(p.getBytesLength("b1"), sl::KeyStore::kSlotSize);
  CHECK_EQ_INT(p.getBytesLength("b2"), 0);
  uint8_t blob[sl::KeyStore::kSlotSize];
  CHECK_EQ_INT(p.getBytes("b1", blob, sizeof blob), sl::KeyStore::kSlotSize);
  CHECK_EQ_INT(blob[0], 's');
  CHECK(memcmp(blob + 28, "second", 6) == 0);
  p.end();
  // Another namespace is another store.
  sl::PreferencesNvStorage other("other");
  sl::KeyStore ks(other);
  char key[8];
  CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
}

TEST_CASE(preferences_backend_reads_missing_blobs_as_erased_and_spans_blocks) {
  FakeNvs::reset();
  sl::PreferencesNvStorage nvs("spans", 3 * sl::PreferencesNvStorage::kBlockSize);
  uint8_t b[10];
  REQUIRE(nvs.read(sl::PreferencesNvStorage::kBlockSize - 5, b, sizeof b));
  for (size_t i = 0; i < sizeof b; ++i) CHECK_EQ_INT(b[i], 0xFF);
  const uint8_t data[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  REQUIRE(nvs.write(sl::PreferencesNvStorage::kBlockSize - 5, data, sizeof data));
  REQUIRE(nvs.read(sl::PreferencesNvStorage::kBlockSize - 5, b, sizeof b));
  CHECK(memcmp(b, data, sizeof b) == 0);
  CHECK(!nvs.write(3 * sl::PreferencesNvStorage::kBlockSize - 2, data, 3));
  sl::KeyStore ks(nvs, sl::PreferencesNvStorage::kBlockSize / 2);  // straddles blobs
  REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
  CHECK(loads(nvs, kKey, sl::PreferencesNvStorage::kBlockSize / 2));
}

#endif  // ESP32

#if !defined(ARDUINO)
#include <unistd.h>

TEST_CASE(file_backend_round_trip_reopen_and_erased_tail) {
  const char* path = "build/host/keystore_test.bin";
  unlink(path);
  {
    sl::FileNvStorage file(path, 1024);
    REQUIRE(file.open());
    sl::KeyStore ks(file, 300);  // leaves a gap that must read as erased
    char key[SL_KEYSTORE_MAX_KEY_LEN + 1];
    CHECK(ks.load(key, sizeof key) == sl::KeyStoreError::NoKey);
    REQUIRE(ks.store(kKey, strlen(kKey)) == sl::KeyStoreError::Ok);
    uint8_t gap[4];
    REQUIRE(file.read(100, gap, sizeof gap));
    CHECK_EQ_INT(gap[0] & gap[1] & gap[2] & gap[3], 0xFF);
    uint8_t tail[4];
    REQUIRE(file.read(1020, tail, sizeof tail));  // past the end of the file
    CHECK_EQ_INT(tail[0] & tail[3], 0xFF);
    CHECK(!file.read(1022, tail, sizeof tail));  // past size()
  }
  sl::FileNvStorage again(path, 1024);
  CHECK(loads(again, kKey, 300));
  sl::KeyStore ks(again, 300);
  REQUIRE(ks.store("rotated", 7) == sl::KeyStoreError::Ok);
  sl::FileNvStorage third(path, 1024);
  CHECK(loads(third, "rotated", 300));
  // Truncated to nothing: no key.
  REQUIRE(truncate(path, 0) == 0);
  sl::FileNvStorage empty(path, 1024);
  sl::KeyStore ke(empty, 300);
  char key[8];
  CHECK(ke.load(key, sizeof key) == sl::KeyStoreError::NoKey);
  sl::FileNvStorage bad("/nonexistent-dir/x.bin", 1024);
  CHECK(!bad.open());
  CHECK(ke.store("x", 1) == sl::KeyStoreError::Ok);
  sl::KeyStore kb(bad);
  CHECK(kb.store("x", 1) == sl::KeyStoreError::ReadFailed);
  unlink(path);
}

#endif  // host
