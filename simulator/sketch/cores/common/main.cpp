// Arduino's main(): setup(), then loop() forever, until the host asks the
// board to stop (sl_hal_stop_requested), which exits through sl_board_exit(0)
// so the board support reports the peak stack.
#include "Arduino.h"
#include "sl_board.h"

namespace {
uint32_t gRandom = 1;

void checkStop() {
  if (sl_hal_stop_requested()) sl_board_exit(0);
}
}  // namespace

extern "C" {

unsigned long millis(void) {
  checkStop();
  return sl_hal_millis();
}

unsigned long micros(void) { return sl_hal_micros(); }

void yield(void) {}

void delay(unsigned long ms) {
  uint32_t start = sl_hal_millis();
  while (sl_hal_millis() - start < ms) {
    checkStop();
    yield();
  }
}

void delayMicroseconds(unsigned int us) {
  uint32_t start = sl_hal_micros();
  while (sl_hal_micros() - start < us) {
  }
}

void pinMode(uint8_t, uint8_t) {}
void digitalWrite(uint8_t, uint8_t) {}
int digitalRead(uint8_t) { return LOW; }
int analogRead(uint8_t) { return 0; }

}  // extern "C"

void randomSeed(unsigned long seed) {
  if (seed) gRandom = static_cast<uint32_t>(seed);
}

long random(long howbig) {
  if (howbig <= 0) return 0;
  // xorshift32: deterministic, no libc state
  gRandom ^= gRandom << 13;
  gRandom ^= gRandom >> 17;
  gRandom ^= gRandom << 5;
  return static_cast<long>(gRandom % static_cast<uint32_t>(howbig));
}

long random(long howsmall, long howbig) {
  if (howsmall >= howbig) return howsmall;
  return random(howbig - howsmall) + howsmall;
}

int main() {
  sl_hal_init();
  setup();
  for (;;) {
    loop();
    checkStop();
  }
}
