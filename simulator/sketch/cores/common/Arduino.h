// Minimal Arduino core for the simulator's boards without a real one
// (cortex-m3 on QEMU mps2-an385, lx106 on QEMU's xtensa sim). It follows the
// Arduino API signatures for what sketches and the Semilimes library use:
// Serial / Serial1 (HardwareSerial: Stream: Print), millis, micros, delay,
// yield, F() / PROGMEM, pinMode & co. as no-ops, setup()/loop() from main().
// No heap: no String class. See simulator/sketch/README.md.
#ifndef Arduino_h
#define Arduino_h

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "sl_core_hal.h"

#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x0
#define OUTPUT 0x1
#define INPUT_PULLUP 0x2
#define LED_BUILTIN 13

#define DEC 10
#define HEX 16
#define OCT 8
#define BIN 2

typedef bool boolean;
typedef uint8_t byte;
typedef unsigned int word;

// Flash strings: code and constants share one address space here.
#define PROGMEM
#define PGM_P const char*
#define PSTR(s) (s)
#define pgm_read_byte(addr) (*(const unsigned char*)(addr))
#define pgm_read_word(addr) (*(const unsigned short*)(addr))
#define pgm_read_dword(addr) (*(const unsigned long*)(addr))
#define strlen_P strlen
#define strcmp_P strcmp
#define memcpy_P memcpy

#ifdef __cplusplus
class __FlashStringHelper;
#define F(string_literal) (reinterpret_cast<const __FlashStringHelper*>(PSTR(string_literal)))

extern "C" {
#endif

unsigned long millis(void);
unsigned long micros(void);
void delay(unsigned long ms);
void delayMicroseconds(unsigned int us);
void yield(void);
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t val);
int digitalRead(uint8_t pin);
int analogRead(uint8_t pin);
void setup(void);
void loop(void);

#ifdef __cplusplus
}  // extern "C"

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define constrain(amt, low, high) ((amt) < (low) ? (low) : ((amt) > (high) ? (high) : (amt)))

long random(long howbig);
long random(long howsmall, long howbig);
void randomSeed(unsigned long seed);

#include "HardwareSerial.h"
#endif

#endif  // Arduino_h
