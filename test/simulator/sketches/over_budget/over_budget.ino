// Test sketch for `npm run sim`: deliberately over the Uno's budget (flash
// 10240, peak RAM 1024 bytes): an 11000-byte table in flash and a 1100-byte
// buffer in RAM, both really used so the linker keeps them. The run must fail.
#include <Semilimes.h>

#ifndef SL_OVER_BUDGET_FLASH
#define SL_OVER_BUDGET_FLASH 11000
#endif
#ifndef SL_OVER_BUDGET_RAM
#define SL_OVER_BUDGET_RAM 1100
#endif

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);  // the Uno's console pin (simulator/sketch/README.md)
#define CONSOLE console
#endif

static const uint8_t kTable[SL_OVER_BUDGET_FLASH] SL_PROGMEM = {1, 2, 3};
static volatile uint8_t gBuffer[SL_OVER_BUDGET_RAM];

void setup() {
  CONSOLE.begin(57600);
  uint16_t sum = 0;
  for (uint16_t i = 0; i < sizeof gBuffer; ++i) {
    gBuffer[i] = static_cast<uint8_t>(SL_FLASH_READ(&kTable[(i * 7u) % sizeof kTable]) + i);
    sum = static_cast<uint16_t>(sum + gBuffer[i]);
  }
  CONSOLE.print(F("sum "));
  CONSOLE.println(sum);
}

void loop() {}
