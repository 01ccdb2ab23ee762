// EEPROM of the minimal cores: see EEPROM.h.
#include "EEPROM.h"

#include <string.h>

EEPROMClass EEPROM;

namespace {

uint8_t cells[SL_SIM_EEPROM_BYTES];
bool loaded = false;

#if defined(__arm__)
// ARM semihosting (QEMU -semihosting-config enable=on,target=native).
const int kSysOpen = 0x01, kSysWrite = 0x05, kSysRead = 0x06, kSysSeek = 0x0A;
int handle = -1;

int semihost(int op, const void* args) {
  register int r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = args;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void load() {
  static const char kName[] = "sl-sim-eeprom.bin";
  uint32_t open[3] = {reinterpret_cast<uint32_t>(kName), 3 /* "r+b": the runner made it */, sizeof kName - 1};
  handle = semihost(kSysOpen, open);
  if (handle >= 0) {
    uint32_t rd[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(cells), sizeof cells};
    (void)semihost(kSysRead, rd);  // a short file leaves the rest erased
  }
}

void store(int address) {
  if (handle < 0) return;
  uint32_t seek[2] = {static_cast<uint32_t>(handle), static_cast<uint32_t>(address)};
  if (semihost(kSysSeek, seek) != 0) return;
  uint32_t wr[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(&cells[address]), 1};
  (void)semihost(kSysWrite, wr);
}
#else
void load() {}
void store(int) {}
#endif

void ensureLoaded() {
  if (loaded) return;
  loaded = true;
  memset(cells, 0xFF, sizeof cells);
  load();
}

}  // namespace

uint8_t EEPROMClass::read(int address) {
  ensureLoaded();
  return address >= 0 && address < SL_SIM_EEPROM_BYTES ? cells[address] : 0xFF;
}

void EEPROMClass::write(int address, uint8_t value) {
  ensureLoaded();
  if (address < 0 || address >= SL_SIM_EEPROM_BYTES) return;
  cells[address] = value;
  store(address);
}
