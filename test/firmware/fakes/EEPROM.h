// Host fake of the Arduino EEPROM library, faithful to the API of the core
// selected by the defines (enough to compile-check and run sl::EepromNvStorage):
//   ARDUINO_ARCH_AVR / ARDUINO_ARCH_MEGAAVR: EEPROMClass with read(int),
//     write(int, uint8_t), update(int, uint8_t), length() (1024, ATmega328P);
//     no begin(size)/commit() (the real AVR begin() is an iterator).
//   ARDUINO_ARCH_ESP8266 / ESP8266: begin(size) copies "flash" into a RAM cache,
//     read/write work on the cache (0 / ignored before begin or out of range),
//     commit() copies the cache to flash, end() commits and drops the cache.
// Test hooks (not in the real library): FakeEeprom::bytes() (the persistent
// cells), FakeEeprom::writes() (cells physically written), FakeEeprom::powerCycle()
// (ESP8266: drops the uncommitted cache, as a reset does), FakeEeprom::erase().
#ifndef SL_TEST_FAKE_EEPROM_H
#define SL_TEST_FAKE_EEPROM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

namespace FakeEeprom {
const size_t kFlashSize = 4096;
inline uint8_t* bytes() {
  static uint8_t cells[kFlashSize];
  return cells;
}
inline unsigned long& writes() {
  static unsigned long n = 0;
  return n;
}
inline uint8_t* cache() {
  static uint8_t c[kFlashSize];
  return c;
}
inline size_t& cacheSize() {
  static size_t n = 0;
  return n;
}
inline void powerCycle() { cacheSize() = 0; }
inline void erase() {
  memset(bytes(), 0xFF, kFlashSize);
  cacheSize() = 0;
  writes() = 0;
}
}  // namespace FakeEeprom

#if defined(ARDUINO_ARCH_ESP8266) || defined(ESP8266)

class EEPROMClass {
 public:
  void begin(size_t size) {
    if (size == 0 || size > FakeEeprom::kFlashSize) return;
    size = (size + 3) & ~static_cast<size_t>(3);
    memcpy(FakeEeprom::cache(), FakeEeprom::bytes(), size);
    FakeEeprom::cacheSize() = size;
    dirty_ = false;
  }
  uint8_t read(int const address) {
    if (address < 0 || static_cast<size_t>(address) >= FakeEeprom::cacheSize()) return 0;
    return FakeEeprom::cache()[address];
  }
  void write(int const address, uint8_t const val) {
    if (address < 0 || static_cast<size_t>(address) >= FakeEeprom::cacheSize()) return;
    if (FakeEeprom::cache()[address] != val) {
      FakeEeprom::cache()[address] = val;
      dirty_ = true;
    }
  }
  bool commit() {
    if (FakeEeprom::cacheSize() == 0) return false;
    if (!dirty_) return true;
    for (size_t i = 0; i < FakeEeprom::cacheSize(); ++i) {
      if (FakeEeprom::bytes()[i] != FakeEeprom::cache()[i]) ++FakeEeprom::writes();
      FakeEeprom::bytes()[i] = FakeEeprom::cache()[i];
    }
    dirty_ = false;
    return true;
  }
  bool end() {
    bool ok = commit();
    FakeEeprom::cacheSize() = 0;
    return ok;
  }
  size_t length() { return FakeEeprom::cacheSize(); }
  uint8_t* getDataPtr() {
    dirty_ = true;
    return FakeEeprom::cacheSize() ? FakeEeprom::cache() : 0;
  }

 private:
  bool dirty_ = false;
};

#else  // AVR

class EEPROMClass {
 public:
  uint8_t read(int idx) { return inRange(idx) ? FakeEeprom::bytes()[idx] : 0; }
  void write(int idx, uint8_t val) {
    if (!inRange(idx)) return;
    FakeEeprom::bytes()[idx] = val;
    ++FakeEeprom::writes();
  }
  void update(int idx, uint8_t val) {
    if (inRange(idx) && FakeEeprom::bytes()[idx] != val) write(idx, val);
  }
  uint16_t length() { return kLength; }
  int begin() { return 0; }  // the real one returns an iterator (EEPtr) to cell 0
  int end() { return kLength; }

 private:
  static const uint16_t kLength = 1024;  // E2END + 1 on the ATmega328P
  static bool inRange(int idx) { return idx >= 0 && idx < kLength; }
};

#endif

static EEPROMClass EEPROM;

#endif  // SL_TEST_FAKE_EEPROM_H
