// EspAtTransport's status-line recognition (a 16-bit hash of the line and its
// length, looked up in a flash table) against the lines an ESP-AT modem
// prints: every table line is found with its code (at a line's end, or at
// its start for "+IPD," and "+CIPRECVDATA:" / ","), and no other line, nor
// any beginning of one, is taken for a table line. White-box: includes the
// transport's source to reach lineStep() / lineCode().
// Host-only (the boards' test library links EspAtTransport.cpp too; ~100,000
// lines with snprintf): the boards run esp_at_transport_test.cpp.
// sl-board-test: skip host-only: includes EspAtTransport.cpp, ~100,000 lines
#include "SlTest.h"
#include "../../../firmware/src/transport/EspAtTransport.cpp"

#include <stdio.h>

namespace {

uint16_t hashOf(const char* text, size_t len) {
  uint16_t h = 0;
  for (size_t i = 0; i < len; ++i) h = sl::lineStep(h, static_cast<uint8_t>(text[i]));
  return h;
}

// The code lineCode() gives `text` as feed() looks it up (hashed from the
// start): at the line's end (its length modulo 64), and while it arrives
// (a beginning, with kAtStart).
uint8_t codeOf(const char* text, size_t len) {
  return sl::lineCode(hashOf(text, len), static_cast<uint8_t>(len & 63));
}
uint8_t startCodeOf(const char* text, size_t len) {
  return sl::lineCode(hashOf(text, len), static_cast<uint8_t>(len | sl::kAtStart));
}

struct Known {
  const char* text;
  uint8_t code;
  bool atStart;  // looked for at the start of a line (the rest is a length)
};
const Known kKnown[] = {
    {"OK", sl::kLineOk, false},
    {"ERROR", sl::kLineError, false},
    {"FAIL", sl::kLineError, false},
    {"SEND FAIL", sl::kLineError, false},
    {"SEND OK", sl::kLineSendOk, false},
    {"busy p...", sl::kLineBusy, false},
    {"busy s...", sl::kLineBusy, false},
    {"CONNECT", sl::kLineConnect, false},
    {"ALREADY CONNECTED", sl::kLineConnect, false},
    {"CLOSED", sl::kLineClosed, false},
    {"link is not valid", sl::kLineClosed, false},
    {"ready", sl::kLineReady, false},
    {"+IPD,", sl::kLineIpd, true},
    {"+CIPRECVDATA:", sl::kLineRecvData, true},
    {"+CIPRECVDATA,", sl::kLineRecvData, true},
};

// The code of the table line spelled exactly `text` (at a line's end, or
// with atStart at its start), else 0.
uint8_t expected(const char* text, size_t len, bool atStart = false) {
  for (const Known& k : kKnown) {
    if (k.atStart == atStart && strlen(k.text) == len && memcmp(k.text, text, len) == 0) return k.code;
  }
  return 0;
}

// `line` as feed() sees it: while it arrives, a beginning of it that is
// looked up is acted on only if it is "+IPD," or "+CIPRECVDATA:" / ","
// (then the rest is a length, not hashed); at its end, the whole line.
// Returns the number of lookups that take it for what it is not.
int checkLine(const char* line) {
  int wrong = 0;
  size_t n = strlen(line);
  for (size_t len = 1; len <= n; ++len) {
    if (startCodeOf(line, len) != expected(line, len, true)) ++wrong;
  }
  if (codeOf(line, n) != expected(line, n)) ++wrong;
  return wrong;
}

}  // namespace

TEST_CASE(espat_lines_table_lines_have_their_codes) {
  for (const Known& k : kKnown) {
    size_t n = strlen(k.text);
    CHECK_EQ_INT(k.atStart ? startCodeOf(k.text, n) : codeOf(k.text, n), k.code);
    CHECK_EQ_INT(k.atStart ? codeOf(k.text, n) : startCodeOf(k.text, n), 0);  // never found the other way
  }
  CHECK_EQ_INT(codeOf("", 0), 0);
}

// What ESP-AT firmware prints besides the table's lines (notices, boot
// banner, echoes of the commands the transport sends, numbered replies),
// and look-alikes of the table's lines: at the end of the line, and while
// it arrives.
TEST_CASE(espat_lines_modem_vocabulary_is_not_taken_for_status_lines) {
  static const char* const kLines[] = {
      "WIFI CONNECTED", "WIFI GOT IP", "WIFI DISCONNECT", "no change", "DNS Fail", "UNLINK", "Linked", "Unlink",
      "CONNECT FAIL", "SEND FAILED", "SEND OKAY", "SEND O", "SEND ", "SEND FAI", "ERRORS", "FAILED", "ERRO", "busy",
      "busy s..", "busy p..", "busy ...", "OKAY", "O", "K", "KO", "ok", "CLOSE", "CLOSED.", "rea", "ready.", "Ready",
      "READY", "CONNECTED", "ALREADY CONNECT", "link is not", "link is not valid.", "+IPD", "+IPD:", "+CIPRECVDATA",
      "+CIPRECVLEN:0", "+CIPRECVDATA=32", "+CIPSTATUS:0,\"TCP\",\"1.2.3.4\",443,4321,0", "STATUS:2", "STATUS:3",
      "STATUS:4", "STATUS:5", "+CWJAP:1", "+CWJAP:2", "+CWJAP:3", "+CWJAP:4", "+TIME_UPDATED", "+CIPSNTPTIME:x",
      "AT version:1.7.4.0(May 11 2020 19:13:04)", "SDK version:3.0.4(9532ceb)", "compile time:May 27 2020 10:12:17",
      "Bin version(Wroom 02):1.7.4", "AT version:2.2.0.0(c6fa6bf - ESP32 - Jul  2 2021 06:44:05)", "ready ", " ready",
      "ets Jan  8 2013,rst cause:2, boot mode:(3,7)", "load 0x40100000, len 2408, room 16", "tail 8", "chksum 0xe5",
      "jump to run user fw", "Ai-Thinker Technology Co. Ltd.", "invalid", "AT", "ATE0", "AT+CIPMUX=0",
      "AT+CIPRECVMODE=1", "AT+CIPCLOSE", "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80",
      "AT+CIPSTART=\"SSL\",\"api.semilimes.net\",443", "AT+GMR", "AT+RST", "AT+CWMODE=1", "+STA_CONNECTED:\"x\"",
      "+DIST_STA_IP:\"x\",\"192.168.4.2\"", "+STA_DISCONNECTED:\"x\"", "+CIFSR:STAIP,\"192.168.1.7\"",
      "0123456789012345678901234567890123456789 OK", "garbage", "x+IPD,5", "SEND\tOK", "send ok", "Send ok",
  };
  int wrong = 0;
  for (const char* line : kLines) wrong += checkLine(line);
  CHECK_EQ_INT(wrong, 0);
}

// Numbered lines: every count a modem reports or echoes (up to the largest
// AT+CIPSEND, 8192 for receive lengths).
TEST_CASE(espat_lines_numbered_lines_are_not_taken_for_status_lines) {
  static const char* const kFormats[] = {
      "Recv %d bytes", "+CIPRECVLEN:%d",  "+IPD,%d",  "+IPD,0,%d", "+CIPRECVDATA:%d,", "+CIPRECVDATA,%d:",
      "AT+CIPSEND=%d", "AT+CIPRECVDATA=%d", "ERR CODE:0x%08x", "+CIPSEND:%d", "%d,CONNECT FAIL", "%d bytes",
  };
  int wrong = 0;
  char line[48];
  for (const char* f : kFormats) {
    for (int n = 0; n <= 8192; ++n) {
      snprintf(line, sizeof line, f, n);
      wrong += checkLine(line);
    }
  }
  CHECK_EQ_INT(wrong, 0);
}

// Short lines: every line of 1 to 3 printable ASCII characters is found
// only when it is a table line ("OK"; two ASCII bytes never hash alike as
// 139 > 127). (Longer lines cannot all be told apart by 16 bits: of the
// 531,441 lines of four upper-case letters or spaces, 10 hash as "FAIL".)
TEST_CASE(espat_lines_short_lines_match_only_exactly) {
  int wrong = 0;
  char s[3];
  for (int a = 32; a < 127; ++a) {
    s[0] = static_cast<char>(a);
    if (codeOf(s, 1) != expected(s, 1) || startCodeOf(s, 1)) ++wrong;
    for (int b = 32; b < 127; ++b) {
      s[1] = static_cast<char>(b);
      if (codeOf(s, 2) != expected(s, 2) || startCodeOf(s, 2)) ++wrong;
      for (int c = 32; c < 127; ++c) {
        s[2] = static_cast<char>(c);
        if (codeOf(s, 3) != expected(s, 3) || startCodeOf(s, 3)) ++wrong;
      }
    }
  }
  CHECK_EQ_INT(wrong, 0);
}

// Lines one byte away from a table line (any byte value at any position, the
// same length) are never taken for it (139 is odd: the hashes differ), nor for
// another table line unless they spell it.
TEST_CASE(espat_lines_one_byte_off_never_matches) {
  int wrong = 0;
  char s[32];
  for (const Known& k : kKnown) {
    size_t n = strlen(k.text);
    for (size_t i = 0; i < n; ++i) {
      for (int v = 1; v < 256; ++v) {
        if (v == '\r' || v == '\n') continue;
        memcpy(s, k.text, n);
        if (static_cast<uint8_t>(s[i]) == v) continue;
        s[i] = static_cast<char>(v);
        if (codeOf(s, n) != expected(s, n) || startCodeOf(s, n) != expected(s, n, true)) ++wrong;
      }
    }
  }
  CHECK_EQ_INT(wrong, 0);
}
