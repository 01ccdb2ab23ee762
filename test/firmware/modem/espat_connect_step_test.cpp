// EspAtTransport::connectStep(): the connect in steps that sl::Client's
// loop() uses. The same command lines as connect() (esp_at_transport_test.cpp
// has the blocking twin of each case), but every call only looks: it never
// waits for an answer, so no call takes more than a few looks at the clock,
// however long the modem takes or whether it answers at all.
//
// Built with the same small buffers as esp_at_transport_test.cpp
// (test/firmware/modem.test.ts, boards.test.ts).
#include "SlTest.h"
#include "ScriptedSerial.h"
#include "transport/EspAtTransport.h"
#include "EspAtReplay.h"

using sltest::ScriptedSerial;
using sltest::replay;

namespace {

#define CONNECT_OK SCRIPT_CONNECT_OK

const char kInitPassive[] SLT_FLASH = SCRIPT_INIT_PASSIVE;
const char kConnected[] SLT_FLASH = SCRIPT_INIT_PASSIVE CONNECT_OK;
const char kNoModem[] SLT_FLASH = SLT_OUT "AT\r\n" SLT_OUT "AT\r\n" SLT_OUT "AT\r\n";
const char kConnectTimeout[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    // no answer: timeout, then the next connect sets the modem up again
    SCRIPT_INIT_PASSIVE
    CONNECT_OK;

// The most clock looks (1 ms each) one call may take: answer() looks at most
// three times (the busy pause, the command's time; issue() once).
const uint32_t kLooksPerCall = 3;

// Steps until the connect ends; `longest`: the most clock looks one call took.
sl::Transport::Progress stepConnect(sl::EspAtTransport& t, uint32_t& longest, long& calls) {
  longest = 0;
  calls = 0;
  for (;;) {
    uint32_t before = sltest::espAtNow();
    sl::Transport::Progress p = t.connectStep("api.semilimes.net", 80);
    ++calls;
    if (sltest::espAtNow() - before > longest) longest = sltest::espAtNow() - before;
    if (p != sl::Transport::Pending || calls > 100000) return p;
  }
}

void bodyConnectSteps(sl::EspAtTransport& t, ScriptedSerial&) {
  uint32_t longest;
  long calls;
  CHECK(stepConnect(t, longest, calls) == sl::Transport::Done);
  CHECK(longest <= kLooksPerCall);
  CHECK(calls >= 6);  // the start, then a call at least per answer (four set-up commands, CIPSTART)
  CHECK(t.passiveMode());
  CHECK(t.connected());
  CHECK(!t.lastError());
}

void bodyNoModemSteps(sl::EspAtTransport& t, ScriptedSerial&) {
  uint32_t longest;
  long calls;
  CHECK(stepConnect(t, longest, calls) == sl::Transport::Failed);
  CHECK(longest <= kLooksPerCall);
  CHECK(calls > 1000);  // three 1 s probes, looked at a call at a time
  CHECK(t.lastError() == sl::EspAtError::NoModem);
  CHECK(sltest::espAtNow() >= 3 * 1000);
  CHECK(sltest::espAtNow() < 3 * 1000 + 50);
  CHECK(!t.connected());
}

void bodyConnectTimeoutSteps(sl::EspAtTransport& t, ScriptedSerial&) {
  uint32_t longest;
  long calls;
  uint32_t before = sltest::espAtNow();
  CHECK(stepConnect(t, longest, calls) == sl::Transport::Failed);
  CHECK(longest <= kLooksPerCall);
  CHECK(t.lastError() == sl::EspAtError::Timeout);
  CHECK(sltest::espAtNow() - before >= SL_ESPAT_CONNECT_TIMEOUT_MS);
  CHECK(sltest::espAtNow() - before < SL_ESPAT_CONNECT_TIMEOUT_MS + 200);
  CHECK(stepConnect(t, longest, calls) == sl::Transport::Done);  // set up again, connected
  CHECK(longest <= kLooksPerCall);
}

// stop() while AT+CIPSTART is unanswered sends nothing; the next connect
// sends it again (the modem stays set up).
const char kStopWhileStarting[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    CONNECT_OK;

void bodyStopWhileStarting(sl::EspAtTransport& t, ScriptedSerial&) {
  for (int i = 0; i < 2000; ++i) {  // (2 s of looks: set up, then AT+CIPSTART waits)
    if (t.connectStep("api.semilimes.net", 80) != sl::Transport::Pending) {
      CHECK(false);
      return;
    }
  }
  t.stop();
  CHECK(!t.connected());
  CHECK(t.connect("api.semilimes.net", 80));
  CHECK(t.connected());
}

}  // namespace

TEST_CASE(espat_connect_step_sends_the_same_lines_and_never_waits) { replay(kConnected, bodyConnectSteps); }

TEST_CASE(espat_connect_step_without_a_modem_gives_up_a_look_at_a_time) { replay(kNoModem, bodyNoModemSteps); }

// (bursts only: 15 s of looks per run; connect()'s twin replays every gap)
TEST_CASE(espat_connect_step_timeout_is_bounded_and_reinitialises) {
  replay(0, 0, kInitPassive, kConnectTimeout, bodyConnectTimeoutSteps, false);
}

TEST_CASE(espat_stop_abandons_a_connect_in_steps) { replay(kInitPassive, kStopWhileStarting, bodyStopWhileStarting); }
