// PreferencesNvStorage: NvStorage on ESP32 NVS through the Arduino
// Preferences library. The byte range is kept as blobs of
// SL_KEYSTORE_SLOT_SIZE bytes under keys "b0", "b1", ... in one namespace, so
// each KeyStore slot is its own blob; NVS replaces a blob atomically (the old
// value stays until the new one is complete). Missing blobs read as 0xFF.
// A write is read-modify-write of the blobs it touches (stack: one blob).
//
//   sl::PreferencesNvStorage nvs("semilimes");
//   sl::KeyStore keys(nvs);
#ifndef SL_PROVISIONING_PREFERENCESNVSTORAGE_H
#define SL_PROVISIONING_PREFERENCESNVSTORAGE_H

#include "KeyStore.h"
#include "NvStorage.h"

#if defined(ARDUINO) && (defined(ESP32) || defined(ARDUINO_ARCH_ESP32))
#include <Preferences.h>

namespace sl {

class PreferencesNvStorage : public NvStorage {
 public:
  static const size_t kBlockSize = SL_KEYSTORE_SLOT_SIZE;

  // `ns` (NVS namespace, at most 15 characters) must outlive the object.
  // `size` defaults to one KeyStore region (at most 100 blocks).
  explicit PreferencesNvStorage(const char* ns = "semilimes", size_t size = SL_KEYSTORE_REGION_SIZE)
      : ns_(ns), size_(size < 100 * kBlockSize ? size : 100 * kBlockSize), begun_(false) {}
  ~PreferencesNvStorage() {
    if (begun_) prefs_.end();
  }
  bool begin() {
    if (!begun_) begun_ = prefs_.begin(ns_, false);
    return begun_;
  }

  size_t size() const override { return size_; }
  bool read(size_t offset, uint8_t* data, size_t len) override {
    if (!begin() || !inRange(offset, len) || (len && !data)) return false;
    uint8_t block[kBlockSize];
    while (len) {
      size_t index = offset / kBlockSize, at = offset % kBlockSize;
      size_t n = kBlockSize - at < len ? kBlockSize - at : len;
      loadBlock(index, block);
      memcpy(data, block + at, n);
      data += n;
      offset += n;
      len -= n;
    }
    return true;
  }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (!begin() || !inRange(offset, len) || (len && !data)) return false;
    uint8_t block[kBlockSize];
    while (len) {
      size_t index = offset / kBlockSize, at = offset % kBlockSize;
      size_t n = kBlockSize - at < len ? kBlockSize - at : len;
      loadBlock(index, block);
      memcpy(block + at, data, n);
      char key[4];
      keyName(index, key);
      if (prefs_.putBytes(key, block, kBlockSize) != kBlockSize) return false;
      data += n;
      offset += n;
      len -= n;
    }
    return true;
  }

 private:
  PreferencesNvStorage(const PreferencesNvStorage&);
  PreferencesNvStorage& operator=(const PreferencesNvStorage&);
  static void keyName(size_t index, char* out) {
    out[0] = 'b';
    if (index < 10) {
      out[1] = static_cast<char>('0' + index);
      out[2] = '\0';
    } else {
      out[1] = static_cast<char>('0' + index / 10);
      out[2] = static_cast<char>('0' + index % 10);
      out[3] = '\0';
    }
  }
  void loadBlock(size_t index, uint8_t* block) {
    char key[4];
    keyName(index, key);
    if (prefs_.getBytesLength(key) != kBlockSize || prefs_.getBytes(key, block, kBlockSize) != kBlockSize) {
      memset(block, 0xFF, kBlockSize);
    }
  }

  Preferences prefs_;
  const char* ns_;
  size_t size_;
  bool begun_;
};

}  // namespace sl

#endif  // ESP32
#endif  // SL_PROVISIONING_PREFERENCESNVSTORAGE_H
