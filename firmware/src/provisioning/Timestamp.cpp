#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "Timestamp.h"

namespace sl {

namespace {

// Every year this file handles is within 1969..2106 (toUnix() checks first;
// formatRfc3339() reaches 2106 at most), where 2100 is the one year divisible
// by 4 that is not leap: no divisions.
bool leap(uint16_t y) { return (y & 3) == 0 && y != 2100; }

uint8_t daysInMonth(uint16_t y, uint8_t m) {
  if (m == 2) return leap(y) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

// Matches `text` against a pattern in flash: 'N' is a decimal digit (a run of
// them is one number, stored in order into `fields`), '?' is any byte, anything
// else must be equal. The text must be at least as long as the pattern.
bool scan(const char* text, const char* pattern, uint16_t* fields) {
  uint16_t value = 0;
  bool inNumber = false;
  for (size_t i = 0;; ++i) {
    char p = static_cast<char>(SL_FLASH_READ(pattern + i));
    if (p != 'N' && inNumber) {
      *fields++ = value;
      inNumber = false;
    }
    if (!p) return true;
    char c = text[i];
    if (p == 'N') {
      if (c < '0' || c > '9') return false;
      value = static_cast<uint16_t>((inNumber ? value * 10 : 0) + (c - '0'));
      inNumber = true;
    } else if (p != '?' && p != c) {
      return false;
    }
  }
}

// Index of the 3-letter name at `text` in `names` (in flash), or -1.
int8_t nameIndex(const char* text, const char* names, uint8_t count) {
  for (uint8_t k = 0; k < count; ++k) {
    const char* n = names + 3 * k;
    if (text[0] == static_cast<char>(SL_FLASH_READ(n)) && text[1] == static_cast<char>(SL_FLASH_READ(n + 1)) &&
        text[2] == static_cast<char>(SL_FLASH_READ(n + 2))) {
      return static_cast<int8_t>(k);
    }
  }
  return -1;
}

// Seconds since 1970 for a checked civil date-time minus `offsetMinutes`.
bool toUnix(uint16_t y, uint8_t mo, uint8_t d, uint8_t h, uint8_t mi, uint8_t s, int16_t offsetMinutes,
            uint32_t& out) {
  if (y < 1969 || y > 2106 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 ||
      s > 59) {
    return false;
  }
  // Days since 1969-01-01 (1969 admits dates that a positive offset brings
  // into 1970): 16 bits (2106 is day 50,439).
  uint16_t days = static_cast<uint16_t>(d - 1);
  for (uint16_t yy = 1969; yy < y; ++yy) days = static_cast<uint16_t>(days + (leap(yy) ? 366 : 365));
  for (uint8_t mm = 1; mm < mo; ++mm) days = static_cast<uint16_t>(days + daysInMonth(y, mm));
  // 1969 has 365 days: the epoch is day 365. Days -1 .. 49710 from it
  // (49710 days = 4294944000 s).
  if (days < 365 - 1 || days > 365 + 49710) return false;
  // Minutes since the epoch, then seconds: 32-bit arithmetic only (64-bit is
  // large on AVR). The result must be 0 .. 2^32-1.
  int32_t minutes = (static_cast<int32_t>(days) - 365) * 1440 + (h * 60 + mi - offsetMinutes);
  if (minutes < 0) return false;                                         // s < 60: before the epoch
  if (static_cast<uint32_t>(minutes) > 0xFFFFFFFFUL / 60) return false;  // past 2^32-1
  uint32_t whole = static_cast<uint32_t>(minutes) * 60UL;
  if (whole + s < whole) return false;  // adding s wrapped: past 2^32-1
  out = whole + s;
  return true;
}

void put2(char* p, uint8_t v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

bool Timestamp::parseRfc3339(const char* t, size_t len, uint32_t& out) {
  static const char kPattern[] SL_PROGMEM = "NNNN-NN-NN?NN:NN:NN";
  uint16_t f[6];  // year month day hour minute second
  if (!t || len < 20 || !scan(t, kPattern, f) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ')) return false;
  size_t i = 19;
  if (t[i] == '.') {
    size_t start = ++i;
    while (i < len && t[i] >= '0' && t[i] <= '9') ++i;
    if (i == start) return false;
  }
  int16_t offset = 0;
  if (i + 1 == len && (t[i] == 'Z' || t[i] == 'z')) {
    // UTC
  } else if (i + 6 == len && (t[i] == '+' || t[i] == '-')) {
    static const char kOffset[] SL_PROGMEM = "?NN:NN";
    uint16_t o[2];
    if (!scan(t + i, kOffset, o) || o[0] > 23 || o[1] > 59) return false;
    offset = static_cast<int16_t>(o[0] * 60 + o[1]);
    if (t[i] == '-') offset = static_cast<int16_t>(-offset);
  } else {
    return false;
  }
  return toUnix(f[0], static_cast<uint8_t>(f[1]), static_cast<uint8_t>(f[2]), static_cast<uint8_t>(f[3]),
                static_cast<uint8_t>(f[4]), static_cast<uint8_t>(f[5]), offset, out);
}

bool Timestamp::parseHttpDate(const char* t, size_t len, uint32_t& out) {
  static const char kPattern[] SL_PROGMEM = "???, NN ??? NNNN NN:NN:NN GMT";
  static const char kMonths[] SL_PROGMEM = "JanFebMarAprMayJunJulAugSepOctNovDec";
  static const char kDays[] SL_PROGMEM = "MonTueWedThuFriSatSun";
  uint16_t f[5];  // day year hour minute second
  if (!t || len != 29 || !scan(t, kPattern, f) || nameIndex(t, kDays, 7) < 0) return false;
  int8_t month = nameIndex(t + 8, kMonths, 12);
  if (month < 0) return false;
  return toUnix(f[1], static_cast<uint8_t>(month + 1), static_cast<uint8_t>(f[0]), static_cast<uint8_t>(f[2]),
                static_cast<uint8_t>(f[3]), static_cast<uint8_t>(f[4]), 0, out);
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
  uint16_t minutes = static_cast<uint16_t>(rest / 60);  // < 1440: 16-bit steps from here
  put2(out + 11, static_cast<uint8_t>(minutes / 60));
  out[13] = ':';
  put2(out + 14, static_cast<uint8_t>(minutes % 60));
  out[16] = ':';
  put2(out + 17, static_cast<uint8_t>(rest - minutes * 60UL));
  out[19] = 'Z';
  out[20] = '\0';
}

}  // namespace sl
