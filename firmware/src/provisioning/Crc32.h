// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial value and final
// XOR 0xFFFFFFFF), bit by bit: no table in flash. crc32("123456789") == 0xCBF43926.
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
      for (uint8_t k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320UL & (0UL - (crc & 1UL)));
    }
    return crc;
  }
  static uint32_t finish(uint32_t crc) { return crc ^ 0xFFFFFFFFUL; }
};

}  // namespace detail
}  // namespace sl

#endif  // SL_PROVISIONING_CRC32_H
