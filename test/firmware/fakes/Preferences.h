// Host fake of the ESP32 Arduino Preferences library (NVS key/value storage),
// faithful in the parts sl::PreferencesNvStorage uses: begin(name, readOnly),
// end(), putBytes / getBytes / getBytesLength, remove, clear. One namespace
// at a time, up to 32 blobs of up to 512 bytes; getBytes() into a buffer
// shorter than the blob returns 0 (as the real one does); putBytes() on a
// read-only or unopened handle returns 0. Writes replace a blob atomically.
// Test hooks (not in the real library): FakeNvs::reset(), FakeNvs::puts().
#ifndef SL_TEST_FAKE_PREFERENCES_H
#define SL_TEST_FAKE_PREFERENCES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

namespace FakeNvs {
struct Entry {
  bool used;
  char ns[16];
  char key[16];
  size_t len;
  uint8_t data[512];
};
const size_t kEntries = 32;
inline Entry* entries() {
  static Entry e[kEntries];
  return e;
}
inline unsigned long& puts() {
  static unsigned long n = 0;
  return n;
}
inline void reset() {
  memset(entries(), 0, sizeof(Entry) * kEntries);
  puts() = 0;
}
}  // namespace FakeNvs

class Preferences {
 public:
  Preferences() : open_(false), readOnly_(false) { ns_[0] = '\0'; }
  ~Preferences() { end(); }

  bool begin(const char* name, bool readOnly = false, const char* partition_label = NULL) {
    (void)partition_label;
    if (open_ || !name || strlen(name) > 15) return false;
    strcpy(ns_, name);
    readOnly_ = readOnly;
    open_ = true;
    return true;
  }
  void end() { open_ = false; }

  size_t putBytes(const char* key, const void* value, size_t len) {
    if (!open_ || readOnly_ || !key || strlen(key) > 15 || !value || len == 0 || len > 512) return 0;
    FakeNvs::Entry* e = find(key);
    if (!e) e = freeEntry();
    if (!e) return 0;
    e->used = true;
    strcpy(e->ns, ns_);
    strcpy(e->key, key);
    memcpy(e->data, value, len);
    e->len = len;
    ++FakeNvs::puts();
    return len;
  }
  size_t getBytesLength(const char* key) {
    FakeNvs::Entry* e = open_ && key ? find(key) : 0;
    return e ? e->len : 0;
  }
  size_t getBytes(const char* key, void* buf, size_t maxLen) {
    FakeNvs::Entry* e = open_ && key ? find(key) : 0;
    if (!e || !buf || maxLen < e->len) return 0;
    memcpy(buf, e->data, e->len);
    return e->len;
  }
  bool remove(const char* key) {
    FakeNvs::Entry* e = open_ && !readOnly_ && key ? find(key) : 0;
    if (!e) return false;
    e->used = false;
    return true;
  }
  bool clear() {
    if (!open_ || readOnly_) return false;
    for (size_t i = 0; i < FakeNvs::kEntries; ++i) {
      if (FakeNvs::entries()[i].used && strcmp(FakeNvs::entries()[i].ns, ns_) == 0) FakeNvs::entries()[i].used = false;
    }
    return true;
  }

 private:
  FakeNvs::Entry* find(const char* key) {
    for (size_t i = 0; i < FakeNvs::kEntries; ++i) {
      FakeNvs::Entry& e = FakeNvs::entries()[i];
      if (e.used && strcmp(e.ns, ns_) == 0 && strcmp(e.key, key) == 0) return &e;
    }
    return 0;
  }
  FakeNvs::Entry* freeEntry() {
    for (size_t i = 0; i < FakeNvs::kEntries; ++i) {
      if (!FakeNvs::entries()[i].used) return &FakeNvs::entries()[i];
    }
    return 0;
  }
  char ns_[16];
  bool open_;
  bool readOnly_;
};

#endif  // SL_TEST_FAKE_PREFERENCES_H
