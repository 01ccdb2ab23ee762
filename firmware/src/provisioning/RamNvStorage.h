// RamNvStorage: NvStorage over a caller-owned RAM buffer (tests, or a board
// with battery-backed RAM). Not persistent across resets by itself.
//
//   uint8_t mem[sl::KeyStore::kRegionSize];
//   sl::RamNvStorage ram(mem, sizeof mem);
//   sl::KeyStore store(ram);
#ifndef SL_PROVISIONING_RAMNVSTORAGE_H
#define SL_PROVISIONING_RAMNVSTORAGE_H

#include "NvStorage.h"

namespace sl {

class RamNvStorage : public NvStorage {
 public:
  // `memory` (len bytes) must outlive the storage; its contents are kept.
  RamNvStorage(uint8_t* memory, size_t len) : memory_(memory), len_(memory ? len : 0) {}
  size_t size() const override { return len_; }
  bool read(size_t offset, uint8_t* data, size_t len) override {
    if (!inRange(offset, len) || (len && !data)) return false;
    for (size_t i = 0; i < len; ++i) data[i] = memory_[offset + i];
    return true;
  }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (!inRange(offset, len) || (len && !data)) return false;
    for (size_t i = 0; i < len; ++i) memory_[offset + i] = data[i];
    return true;
  }

 private:
  uint8_t* memory_;
  size_t len_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_RAMNVSTORAGE_H
