// NvStorage: a byte range of non-volatile memory (EEPROM, NVS, a file, RAM in
// tests) that sl::KeyStore keeps the API key in.
//
// Contract for implementations:
//   - offsets run from 0 to size()-1; read()/write() outside that range fail
//     (return false) without touching anything;
//   - write() may be cut by a power loss after any byte; the bytes written
//     before the cut persist, the one being written may hold any value, later
//     ones keep their old values (KeyStore is built to survive exactly this);
//   - commit() makes the writes so far durable (ESP8266 EEPROM.commit(),
//     fsync); backends that write through return true.
// Backends: RamNvStorage.h, FileNvStorage.h (POSIX host), EepromNvStorage.h
// (AVR and ESP8266 Arduino EEPROM), PreferencesNvStorage.h (ESP32 NVS).
#ifndef SL_PROVISIONING_NVSTORAGE_H
#define SL_PROVISIONING_NVSTORAGE_H

#include "../config/Config.h"

namespace sl {

class NvStorage {
 public:
  // Bytes addressable.
  virtual size_t size() const = 0;
  SL_NODISCARD virtual bool read(size_t offset, uint8_t* data, size_t len) = 0;
  SL_NODISCARD virtual bool write(size_t offset, const uint8_t* data, size_t len) = 0;
  SL_NODISCARD virtual bool commit() { return true; }

 protected:
  ~NvStorage() {}
  bool inRange(size_t offset, size_t len) const { return offset <= size() && len <= size() - offset; }
};

}  // namespace sl

#endif  // SL_PROVISIONING_NVSTORAGE_H
