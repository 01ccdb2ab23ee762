// EEPROM for the minimal cores (the Arduino AVR EEPROM API: read, write,
// update, length; begin/commit as on ESP8266, no-ops here). SL_SIM_EEPROM_BYTES
// cells, erased (0xFF) at power-on unless the runner keeps them:
//   cortex-m3: the cells live in the file "sl-sim-eeprom.bin" in QEMU's
//   working directory, read once over ARM semihosting and written through one
//   byte per write() (so a board stopped at any moment keeps exactly the bytes
//   written before); without that file they live in RAM only.
//   lx106: RAM only (lost when the board stops).
// simulator/sketch/run.ts gives each QEMU run its own directory with that file
// (the `eeprom` option / `npm run sim -- --eeprom FILE`).
#ifndef EEPROM_h
#define EEPROM_h

#include <stddef.h>
#include <stdint.h>

#ifndef SL_SIM_EEPROM_BYTES
#define SL_SIM_EEPROM_BYTES 1024
#endif

class EEPROMClass {
 public:
  uint8_t read(int address);
  void write(int address, uint8_t value);
  void update(int address, uint8_t value) {
    if (read(address) != value) write(address, value);
  }
  uint16_t length() const { return SL_SIM_EEPROM_BYTES; }
  void begin(size_t size) { (void)size; }
  bool commit() { return true; }
};

extern EEPROMClass EEPROM;

#endif  // EEPROM_h
