// EepromNvStorage: NvStorage on the Arduino EEPROM library, for AVR boards
// (real EEPROM, byte-wise; EEPROM.update() skips unchanged bytes to save wear)
// and ESP8266 (EEPROM emulated in one flash sector: EEPROM.begin(size) keeps a
// RAM copy, commit() writes the sector).
//
// ESP8266 caveat: commit() erases and rewrites the whole sector, so a power cut
// during those few milliseconds can lose both slots (the store then reports
// NoKey and the device needs provisioning again). The two-slot scheme still
// covers cuts at every other moment. AVR EEPROM has no such window.
//
// Also the simulator's minimal Cortex-M3 / lx106 cores
// (simulator/sketch/cores/common/EEPROM.h: the AVR API, write-through).
//
//   sl::EepromNvStorage eeprom;             // AVR: all of EEPROM.length()
//   sl::EepromNvStorage eeprom(512);        // ESP8266: 512 emulated bytes
//   sl::KeyStore keys(eeprom, 0);           // region at EEPROM address 0
#ifndef SL_PROVISIONING_EEPROMNVSTORAGE_H
#define SL_PROVISIONING_EEPROMNVSTORAGE_H

#include "NvStorage.h"

#if defined(ARDUINO) && (defined(ARDUINO_ARCH_AVR) || defined(ARDUINO_ARCH_MEGAAVR) ||    \
                         defined(ARDUINO_ARCH_ESP8266) || defined(ESP8266) ||                \
                         defined(ARDUINO_SL_SIM_CORTEX_M3) || defined(ARDUINO_SL_SIM_LX106))
#include <EEPROM.h>

#if defined(ARDUINO_ARCH_ESP8266) || defined(ESP8266)
#define SL_EEPROM_NEEDS_BEGIN 1
#else
#define SL_EEPROM_NEEDS_BEGIN 0
#endif

namespace sl {

class EepromNvStorage : public NvStorage {
 public:
#if SL_EEPROM_NEEDS_BEGIN
  // ESP8266: `size` emulated bytes (4..4096); EEPROM.begin(size) is called on
  // first use (or by begin()).
  explicit constexpr EepromNvStorage(size_t size = 512) : size_(size), begun_(false) {}
  bool begin() {
    if (!begun_) {
      EEPROM.begin(size_);
      begun_ = EEPROM.length() >= size_;
    }
    return begun_;
  }
  size_t size() const override { return size_; }
  bool commit() override { return begin() && EEPROM.commit(); }
#else
  // AVR: the whole EEPROM, or its first `size` bytes. constexpr: a global
  // one is set up at compile time (no constructor code, no NvStorage vtable
  // kept in RAM for it).
  explicit constexpr EepromNvStorage(size_t size = 0) : size_(size) {}
  bool begin() { return true; }
  size_t size() const override {
    size_t all = EEPROM.length();
    return size_ && size_ < all ? size_ : all;
  }
#endif

  bool read(size_t offset, uint8_t* data, size_t len) override {
    if (!begin() || !fits(offset, len) || (len && !data)) return false;
    for (uint8_t* end = data + len; data != end; ++data, ++offset) *data = EEPROM.read(static_cast<int>(offset));
    return true;
  }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (!begin() || !fits(offset, len) || (len && !data)) return false;
    for (const uint8_t* end = data + len; data != end; ++data, ++offset) {
#if SL_EEPROM_NEEDS_BEGIN
      EEPROM.write(static_cast<int>(offset), *data);  // RAM copy; commit() writes flash
#else
      EEPROM.update(static_cast<int>(offset), *data);  // writes only changed bytes
#endif
    }
    return true;
  }

 private:
  // inRange() without the virtual call to size() (this runs at the deepest
  // point of a key store).
  bool fits(size_t offset, size_t len) const {
    size_t n = EepromNvStorage::size();
    return offset <= n && len <= n - offset;
  }

  size_t size_;
#if SL_EEPROM_NEEDS_BEGIN
  bool begun_;
#endif
};

}  // namespace sl

#endif  // Arduino AVR / ESP8266 / the simulator's minimal cores
#endif  // SL_PROVISIONING_EEPROMNVSTORAGE_H
