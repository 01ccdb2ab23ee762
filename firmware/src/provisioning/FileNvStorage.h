// FileNvStorage: NvStorage in a file, for POSIX hosts (Linux, macOS; the
// simulator and host tools). Bytes past the end of the file read as 0xFF,
// like erased EEPROM; commit() is fsync().
//
//   sl::FileNvStorage file("/var/lib/mydevice/keys.bin", sl::KeyStore::kRegionSize);
//   if (!file.open()) { /* errno tells why */ }
//   sl::KeyStore keys(file);
#ifndef SL_PROVISIONING_FILENVSTORAGE_H
#define SL_PROVISIONING_FILENVSTORAGE_H

#include "NvStorage.h"

#if !defined(ARDUINO) && (defined(__unix__) || defined(__APPLE__))

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace sl {

class FileNvStorage : public NvStorage {
 public:
  // `path` must outlive the object; `size` is the addressable size.
  FileNvStorage(const char* path, size_t size) : path_(path), size_(size), fd_(-1) {}
  ~FileNvStorage() { close(); }

  // Opens (creating, mode 0600) the file; true on success. read()/write()
  // open it on first use too.
  bool open() {
    if (fd_ < 0 && path_) fd_ = ::open(path_, O_RDWR | O_CREAT, 0600);
    return fd_ >= 0;
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  size_t size() const override { return size_; }
  bool read(size_t offset, uint8_t* data, size_t len) override {
    if (!inRange(offset, len) || (len && !data) || !open()) return false;
    size_t done = 0;
    while (done < len) {
      ssize_t n = ::pread(fd_, data + done, len - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      if (n == 0) break;  // end of file: the rest reads as erased
      done += static_cast<size_t>(n);
    }
    for (; done < len; ++done) data[done] = 0xFF;
    return true;
  }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    if (!inRange(offset, len) || (len && !data) || !open()) return false;
    // Extend a short file with 0xFF so that the gap reads as erased.
    off_t end = ::lseek(fd_, 0, SEEK_END);
    if (end < 0) return false;
    static const uint8_t kErased[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    while (static_cast<size_t>(end) < offset) {
      size_t gap = offset - static_cast<size_t>(end);
      ssize_t n = ::pwrite(fd_, kErased, gap < sizeof kErased ? gap : sizeof kErased, end);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      end += n;
    }
    size_t done = 0;
    while (done < len) {
      ssize_t n = ::pwrite(fd_, data + done, len - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  bool commit() override { return open() && ::fsync(fd_) == 0; }

 private:
  FileNvStorage(const FileNvStorage&);
  FileNvStorage& operator=(const FileNvStorage&);
  const char* path_;
  size_t size_;
  int fd_;
};

}  // namespace sl

#endif  // POSIX host
#endif  // SL_PROVISIONING_FILENVSTORAGE_H
