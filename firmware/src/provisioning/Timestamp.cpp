#include "Timestamp.h"

namespace sl {

namespace {

bool leap(uint16_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

uint8_t daysInMonth(uint16_t y, uint8_t m) {
  if (m == 2) return leap(y) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// `n` decimal digits at text[at]; false if any is not a digit.
bool digits(const char* text, size_t at, uint8_t n, uint16_t& out) {
  uint16_t v = 0;
  for (uint8_t i = 0; i < n; ++i) {
    char c = text[at + i];
    if (c < '0' || c > '9') return false;
    v = static_cast<uint16_t>(v * 10 + (c - '0'));
  }
  out = v;
  return true;
}

// Seconds since 1970 for a checked civil date-time minus `offsetMinutes`.
bool toUnix(uint16_t y, uint8_t mo, uint8_t d, uint8_t h, uint8_t mi, uint8_t s, int16_t offsetMinutes,
            uint32_t& out) {
  if (y < 1969 || y > 2106 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 ||
      s > 59) {
    return false;
  }
  // Days since 1969-01-01 (1969 admits dates that a positive offset brings into 1970).
  uint32_t days = 0;
  for (uint16_t yy = 1969; yy < y; ++yy) days += leap(yy) ? 366 : 365;
  for (uint8_t mm = 1; mm < mo; ++mm) days += daysInMonth(y, mm);
  days += d - 1;
  // 1969 has 365 days: the epoch is day 365. 32-bit arithmetic only (64-bit
  // is large on AVR): a whole-day base plus a signed in-day remainder.
  int32_t dayFromEpoch = static_cast<int32_t>(days) - 365;
  if (dayFromEpoch < -1 || dayFromEpoch > 49710) return false;  // 49710 days = 4294944000 s
  uint32_t base = dayFromEpoch > 0 ? static_cast<uint32_t>(dayFromEpoch) * 86400UL : 0;
  int32_t rel = h * 3600L + mi * 60L + s - offsetMinutes * 60L + (dayFromEpoch < 0 ? -86400L : 0);
  if (rel < 0) {
    if (base < static_cast<uint32_t>(-rel)) return false;
    out = base - static_cast<uint32_t>(-rel);
  } else {
    if (base > 0xFFFFFFFFUL - static_cast<uint32_t>(rel)) return false;
    out = base + static_cast<uint32_t>(rel);
  }
  return true;
}

void put2(char* p, uint8_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

bool Timestamp::parseRfc3339(const char* t, size_t len, uint32_t& out) {
  uint16_t y, mo, d, h, mi, s;
  if (!t || len < 20 || !digits(t, 0, 4, y) || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' ||
      !digits(t, 8, 2, d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || !digits(t, 11, 2, h) ||
      t[13] != ':' || !digits(t, 14, 2, mi) || t[16] != ':' || !digits(t, 17, 2, s)) {
    return false;
  }
  size_t i = 19;
  if (t[i] == '.') {
    size_t start = ++i;
    while (i < len && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start) return false;
  }
  int16_t offset = 0;
  if (i + 1 == len && (t[i] == 'Z' || t[i] == 'z')) {
    // UTC
  } else if (i + 6 == len && (t[i] == '+' || t[i] == '-') && t[i + 3] == ':') {
    uint16_t oh, om;
    if (!digits(t, i + 1, 2, oh) || !digits(t, i + 4, 2, om) || oh > 23 || om > 59) return false;
    offset = static_cast<int16_t>(oh * 60 + om);
    if (t[i] == '-') offset = static_cast<int16_t>(-offset);
  } else {
    return false;
  }
  return toUnix(y, static_cast<uint8_t>(mo), static_cast<uint8_t>(d), static_cast<uint8_t>(h),
                static_cast<uint8_t>(mi), static_cast<uint8_t>(s), offset, out);
}

bool Timestamp::parseHttpDate(const char* t, size_t len, uint32_t& out) {
  static const char kMonths[] SL_PROGMEM = "JanFebMarAprMayJunJulAugSepOctNovDec";
  static const char kDays[] SL_PROGMEM = "MonTueWedThuFriSatSun";
  uint16_t d, y, h, mi, s;
  // "Sun, 06 Nov 1994 08:49:37 GMT": 29 bytes.
  if (!t || len != 29 || t[3] != ',' || t[4] != ' ' || !digits(t, 5, 2, d) || t[7] != ' ' || t[11] != ' ' ||
      !digits(t, 12, 4, y) || t[16] != ' ' || !digits(t, 17, 2, h) || t[19] != ':' || !digits(t, 20, 2, mi) ||
      t[22] != ':' || !digits(t, 23, 2, s) || t[25] != ' ' || t[26] != 'G' || t[27] != 'M' || t[28] != 'T') {
    return false;
  }
  bool dayOk = false;
  for (uint8_t k = 0; k < 7 && !dayOk; ++k) {
    dayOk = t[0] == static_cast<char>(SL_FLASH_READ(kDays + 3 * k)) &&
            t[1] == static_cast<char>(SL_FLASH_READ(kDays + 3 * k + 1)) &&
            t[2] == static_cast<char>(SL_FLASH_READ(kDays + 3 * k + 2));
  }
  uint8_t month = 0;
  for (uint8_t k = 0; k < 12 && !month; ++k) {
    if (t[8] == static_cast<char>(SL_FLASH_READ(kMonths + 3 * k)) &&
        t[9] == static_cast<char>(SL_FLASH_READ(kMonths + 3 * k + 1)) &&
        t[10] == static_cast<char>(SL_FLASH_READ(kMonths + 3 * k + 2))) {
      month = static_cast<uint8_t>(k + 1);
    }
  }
  if (!dayOk || !month) return false;
  return toUnix(y, month, static_cast<uint8_t>(d), static_cast<uint8_t>(h), static_cast<uint8_t>(mi),
                static_cast<uint8_t>(s), 0, out);
}

void Timestamp::formatRfc3339(uint32_t t, char* out) {
  uint32_t days = t / 86400, rest = t % 86400;
  uint16_t y = 1970;
  for (;;) {
    uint16_t n = leap(y) ? 366 : 365;
    if (days < n) break;
    days -= n;
    ++y;
  }
  uint8_t m = 1;
  while (days >= daysInMonth(y, m)) days -= daysInMonth(y, m++);
  put2(out, static_cast<uint8_t>(y / 100));
  put2(out + 2, static_cast<uint8_t>(y % 100));
  out[4] = '-';
  put2(out + 5, m);
  out[7] = '-';
  put2(out + 8, static_cast<uint8_t>(days + 1));
  out[10] = 'T';
  put2(out + 11, static_cast<uint8_t>(rest / 3600));
  out[13] = ':';
  put2(out + 14, static_cast<uint8_t>(rest / 60 % 60));
  out[16] = ':';
  put2(out + 17, static_cast<uint8_t>(rest % 60));
  out[19] = 'Z';
  out[20] = '\0';
}

}  // namespace sl
