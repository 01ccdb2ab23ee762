// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final
// XOR 0xFFFFFFFF), four bits at a time from a 64-byte table in flash.
// crc32("123456789") == 0xCBF43926.
//
//   uint32_t c = sl::detail::Crc32::begin();
//   c = sl::detail::Crc32::update(c, data, len);   // as many times as needed
//   uint32_t crc = sl::detail::Crc32::finish(c);
#ifndef SL_PROVISIONING_CRC32_H
#define SL_PROVISIONING_CRC32_H

#include "../config/Config.h"

namespace sl {
namespace detail {

class Crc32 {
 public:
  static uint32_t begin() { return 0xFFFFFFFFUL; }
  static uint32_t update(uint32_t crc, const uint8_t* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
      crc ^= data[i];
      crc = (crc >> 4) ^ entry(static_cast<uint8_t>(crc & 15));
      crc = (crc >> 4) ^ entry(static_cast<uint8_t>(crc & 15));
    }
    return crc;
  }
  static uint32_t finish(uint32_t crc) { return crc ^ 0xFFFFFFFFUL; }

 private:
  // CRC of each 4-bit value: the table of the nibble-wise algorithm.
  static uint32_t entry(uint8_t i) {
    static const uint32_t kTable[16] SL_PROGMEM = {
        0x00000000UL, 0x1DB71064UL, 0x3B6E20C8UL, 0x26D930ACUL, 0x76DC4190UL, 0x6B6B51F4UL,
        0x4DB26158UL, 0x5005713CUL, 0xEDB88320UL, 0xF00F9344UL, 0xD6D6A3E8UL, 0xCB61B38CUL,
        0x9B64C2B0UL, 0x86D3D2D4UL, 0xA00AE278UL, 0xBDBDF21CUL};
#if SL_ARCH_AVR
    return pgm_read_dword(&kTable[i]);
#else
    return kTable[i];
#endif
  }
};

}  // namespace detail
}  // namespace sl

#endif  // SL_PROVISIONING_CRC32_H
