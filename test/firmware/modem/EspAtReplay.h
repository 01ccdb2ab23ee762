// Shared by the EspAtTransport scripted suites (modem/esp_at_transport_test,
// review/espat_review_test): a fake clock, replay() of a scripted modem line
// cut every way, and small helpers. Include once per test file, after
// SlTest.h and ScriptedSerial.h.
#ifndef SLTEST_ESPAT_REPLAY_H
#define SLTEST_ESPAT_REPLAY_H

#include <string.h>

#include "SlTest.h"
#include "ScriptedSerial.h"
#include "transport/EspAtTransport.h"

namespace sltest {

// The transport's clock: every look at it is 1 ms later (reset per run).
inline uint32_t& espAtNow() {
  static uint32_t now = 0;
  return now;
}
inline uint32_t espAtClock() { return ++espAtNow(); }

typedef void (*EspAtBody)(sl::EspAtTransport& t, ScriptedSerial& s);

// Runs `body` against the script: once per gap position (-1 = no gap) and
// once per burst size 1..3, each with a fresh transport on a fresh line.
// Stops at the first failing run and names it.
// `script` then `more` (one string each, in flash on AVR; ScriptedSerial.h)
// when `script` is not 0, else steps[0..count).
// everyGap false: the bursts only (4 runs), for a body that spends its time
// waiting out timeouts (the gaps are the blocking twin's to test).
inline void replay(const SerialStep* steps, size_t count, const char* script, const char* more, EspAtBody body,
                   bool everyGap = true) {
  long total = static_cast<long>(script ? ScriptedSerial::inboundTotal(script) + ScriptedSerial::inboundTotal(more)
                                        : ScriptedSerial::inboundTotal(steps, count));
  if (!everyGap) total = -1;
  for (long run = -4; run < total; ++run) {
    ScriptedSerial s = script ? ScriptedSerial(script, more) : ScriptedSerial(steps, count);
    if (run >= -1) s.gapAt(run);
    else s.readBurst(static_cast<size_t>(-1 - run));  // -2..-4 -> bursts 1..3
    espAtNow() = 0;
    sl::EspAtTransport t(s, espAtClock);
    body(t, s);
    for (int i = 0; i < 64; ++i) t.available();  // let trailing answers drain
    CHECK_EQ_STR(s.error(), "");
    CHECK(s.done());
    if (sltest::failed()) {
      CHECK_EQ_INT(run, -1000);  // shows which gap (>= -1) or burst (-2..-4) failed
      return;
    }
  }
}

inline void replay(const SerialStep* steps, size_t count, EspAtBody body) { replay(steps, count, 0, 0, body); }
// A one-string script (SLT_OUT / SLT_IN steps, SLT_FLASH; ScriptedSerial.h),
// or two played one after the other (`start` shared by several scripts).
inline void replay(const char* script, EspAtBody body) { replay(0, 0, script, 0, body); }
inline void replay(const char* start, const char* rest, EspAtBody body) { replay(0, 0, start, rest, body); }

// Polls until the transport reports the link closed (true), or gives up.
inline bool waitClosed(sl::EspAtTransport& t) {
  for (int i = 0; i < 20000; ++i) {
    if (!t.connected()) return true;
  }
  return false;
}

inline size_t writeText(sl::EspAtTransport& t, const char* text) {
  return t.write(reinterpret_cast<const uint8_t*>(text), strlen(text));
}

// Reads until `want` bytes arrived (or many polls passed), asking for up to
// `piece` bytes a call (default: as much as `out` still holds, which may go
// past `want`); NUL-terminates.
template <size_t N>
size_t readN(sl::EspAtTransport& t, char (&out)[N], size_t want, size_t piece = N) {
  size_t got = 0;
  for (int i = 0; i < 40000 && got < want; ++i) {
    size_t room = N - 1 - got;
    // default: drain all the ring holds; with `piece`: exact pieces up to want
    size_t ask = piece == N ? room : (want - got < piece ? want - got : piece);
    got += t.read(reinterpret_cast<uint8_t*>(out) + got, ask);
  }
  out[got] = 0;
  return got;
}

}  // namespace sltest

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

// Modem start-up with echo still on, then passive receive accepted.
#define INIT_PASSIVE                                                          \
  {kOut, "AT\r\n"}, {kIn, "AT\r\n\r\nOK\r\n"}, {kOut, "ATE0\r\n"}, {kIn, "ATE0\r\n\r\nOK\r\n"}, \
  {kOut, "AT+CIPMUX=0\r\n"}, {kIn, "\r\nOK\r\n"}, {kOut, "AT+CIPRECVMODE=1\r\n"}, {kIn, "\r\nOK\r\n"}

// The same as one-string script steps (SLT_FLASH scripts).
// AT+CIPSTART to api.semilimes.net:80, answered CONNECT and OK.
#define SCRIPT_CONNECT_OK \
  SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n" SLT_IN "CONNECT\r\n\r\nOK\r\n"

#define SCRIPT_INIT_PASSIVE                                                             \
  SLT_OUT "AT\r\n" SLT_IN "AT\r\n\r\nOK\r\n" SLT_OUT "ATE0\r\n" SLT_IN "ATE0\r\n\r\nOK\r\n" \
  SLT_OUT "AT+CIPMUX=0\r\n" SLT_IN "\r\nOK\r\n" SLT_OUT "AT+CIPRECVMODE=1\r\n" SLT_IN "\r\nOK\r\n"

#endif  // SLTEST_ESPAT_REPLAY_H
