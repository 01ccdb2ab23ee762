// HardwareSerial: Serial (console) and Serial1 (the network UART: the ESP-AT
// modem) of a simulated board; which device each is: sl_core_hal.h / README.
#ifndef HardwareSerial_h
#define HardwareSerial_h

#include "Stream.h"
#include "sl_core_hal.h"

#define SERIAL_8N1 0x06
#define HAVE_HWSERIAL0
#define HAVE_HWSERIAL1

class HardwareSerial : public Stream {
 public:
  explicit HardwareSerial(uint8_t port) : port_(port), peeked_(-1) {}
  void begin(unsigned long baud) { begin(baud, SERIAL_8N1); }
  void begin(unsigned long, uint8_t) {}
  void end() {}
  int available() override;
  int peek() override;
  int read() override;
  int availableForWrite() override { return 1; }
  void flush() override {}
  size_t write(uint8_t c) override;
  using Print::write;
  operator bool() { return true; }

 private:
  uint8_t port_;
  int peeked_;
};

extern HardwareSerial Serial;
extern HardwareSerial Serial1;

#endif
