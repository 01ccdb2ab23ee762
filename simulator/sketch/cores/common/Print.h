// Print: Arduino's formatted output base class (subset, same signatures).
#ifndef Print_h
#define Print_h

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DEC 10
#define HEX 16
#define OCT 8
#define BIN 2

class __FlashStringHelper;

class Print {
 public:
  Print() : write_error(0) {}
  virtual ~Print() {}
  virtual size_t write(uint8_t) = 0;
  virtual size_t write(const uint8_t* buffer, size_t size);
  size_t write(const char* str) { return str ? write(reinterpret_cast<const uint8_t*>(str), strlen(str)) : 0; }
  size_t write(const char* buffer, size_t size) { return write(reinterpret_cast<const uint8_t*>(buffer), size); }
  virtual int availableForWrite() { return 0; }
  virtual void flush() {}

  int getWriteError() { return write_error; }
  void clearWriteError() { write_error = 0; }

  size_t print(const __FlashStringHelper*);
  size_t print(const char[]);
  size_t print(char);
  size_t print(unsigned char, int = DEC);
  size_t print(int, int = DEC);
  size_t print(unsigned int, int = DEC);
  size_t print(long, int = DEC);
  size_t print(unsigned long, int = DEC);
  size_t print(double, int = 2);

  size_t println(const __FlashStringHelper*);
  size_t println(const char[]);
  size_t println(char);
  size_t println(unsigned char, int = DEC);
  size_t println(int, int = DEC);
  size_t println(unsigned int, int = DEC);
  size_t println(long, int = DEC);
  size_t println(unsigned long, int = DEC);
  size_t println(double, int = 2);
  size_t println(void);

 protected:
  void setWriteError(int err = 1) { write_error = err; }

 private:
  int write_error;
  size_t printNumber(unsigned long, uint8_t);
  size_t printFloat(double, uint8_t);
};

#endif
