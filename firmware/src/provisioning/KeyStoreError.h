// KeyStoreError: what went wrong in sl::KeyStore.
//
//   sl::KeyStoreError e = store.load(key, sizeof key);
//   if (e == sl::KeyStoreError::NoKey) { /* provision */ }
//   else if (e) Serial.println(e.name());
//
// `name()` returns a sl::FlashString (in flash on AVR).
#ifndef SL_PROVISIONING_KEYSTOREERROR_H
#define SL_PROVISIONING_KEYSTOREERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class KeyStoreError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    NoKey,             // neither slot holds a valid record (new device, erased, cleared or corrupt)
    KeyTooLong,        // store(): longer than SL_KEYSTORE_MAX_KEY_LEN; nothing was written
    BufferTooSmall,    // load(): the key needs length + 1 bytes (NUL); nothing was copied
    InvalidArgument,   // null or empty key
    StorageTooSmall,   // offset + KeyStore::kRegionSize exceeds the storage
    ReadFailed,        // the storage refused a read, or the record changed while being read
    WriteFailed,       // the storage refused a write or commit; the previous key is still current
    VerifyFailed,      // the record read back differs from what was written; the previous key is still current
    CodeCount
  };

  constexpr KeyStoreError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  // True when there is an error.
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }
  // Readable name, e.g. "no key".
  FlashString name() const { return name(code_); }
  static FlashString name(Code code);

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_KEYSTOREERROR_H
