// Timestamp: Unix seconds (uint32, UTC) from and to the text forms the key
// rotation flow meets: the API key's `expire_at` (RFC 3339, e.g.
// "2027-09-06T17:41:33Z" or "...+02:00") and an HTTP `Date` header (IMF-fixdate,
// "Sun, 06 Nov 1994 08:49:37 GMT") as a clock for devices without one.
// The range is 1970-01-01T00:00:00Z .. 2106-02-07T06:28:15Z; anything outside,
// or malformed, is refused (false) and `out` is left unchanged.
//
//   uint32_t expires, now;
//   if (sl::Timestamp::parseRfc3339(v, len, expires) && sl::Timestamp::parseHttpDate(d, dlen, now)
//       && expires - now < 5UL * 86400) { /* rotate */ }
//   char when[sl::Timestamp::kRfc3339Size];
//   sl::Timestamp::formatRfc3339(now + 365UL * 86400, when);   // "2027-11-26T11:00:00Z"
#ifndef SL_PROVISIONING_TIMESTAMP_H
#define SL_PROVISIONING_TIMESTAMP_H

#include "../config/Config.h"

namespace sl {

class Timestamp {
 public:
  // "YYYY-MM-DDTHH:MM:SSZ" plus the NUL.
  static const size_t kRfc3339Size = 21;

  // YYYY-MM-DD('T'|'t'|' ')HH:MM:SS[.fraction]('Z'|'z'|(+|-)HH:MM), exactly
  // `len` bytes; leap second 60 is refused; the fraction is dropped.
  SL_NODISCARD static bool parseRfc3339(const char* text, size_t len, uint32_t& out);
  // IMF-fixdate: "Www, DD Mon YYYY HH:MM:SS GMT" (RFC 9110 5.6.7), exactly `len` bytes.
  SL_NODISCARD static bool parseHttpDate(const char* text, size_t len, uint32_t& out);
  // Writes "YYYY-MM-DDTHH:MM:SSZ" and a NUL into `out` (kRfc3339Size bytes).
  static void formatRfc3339(uint32_t unixSeconds, char* out);
};

}  // namespace sl

#endif  // SL_PROVISIONING_TIMESTAMP_H
