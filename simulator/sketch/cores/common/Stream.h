// Stream: Arduino's input side (subset, same signatures; no String).
#ifndef Stream_h
#define Stream_h

#include "Print.h"

extern "C" unsigned long millis(void);

class Stream : public Print {
 public:
  Stream() : timeout_(1000) {}
  virtual int available() = 0;
  virtual int read() = 0;
  virtual int peek() = 0;

  void setTimeout(unsigned long timeout) { timeout_ = timeout; }
  unsigned long getTimeout() { return timeout_; }

  // Reads up to `length` bytes, waiting up to the timeout for each.
  size_t readBytes(char* buffer, size_t length) {
    size_t count = 0;
    while (count < length) {
      int c = timedRead();
      if (c < 0) break;
      *buffer++ = static_cast<char>(c);
      ++count;
    }
    return count;
  }
  size_t readBytes(uint8_t* buffer, size_t length) { return readBytes(reinterpret_cast<char*>(buffer), length); }

 protected:
  int timedRead() {
    unsigned long start = millis();
    do {
      int c = read();
      if (c >= 0) return c;
    } while (millis() - start < timeout_);
    return -1;
  }

 private:
  unsigned long timeout_;
};

#endif
