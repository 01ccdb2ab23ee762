// EspAtTransport::joinWifi(): station mode, then AT+CWJAP with the SSID and
// password escaped as ESP-AT reads them (a backslash before each backslash,
// double quote and comma), against a scripted modem line cut at every byte
// boundary; the modem's refusals (AT 2.x ERROR, 1.x FAIL), "busy p...", no
// answer, and arguments that would break the command line.
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

// SSID `Home "5G", 2nd\floor`, password `p\a,s"s`: every character ESP-AT
// wants escaped, in both.
const char kSsid[] = "Home \"5G\", 2nd\\floor";
const char kPassword[] = "p\\a,s\"s";
#define CWMODE_OK SLT_OUT "AT+CWMODE=1\r\n" SLT_IN "\r\nOK\r\n"
#define CWJAP_LINE SLT_OUT "AT+CWJAP=\"Home \\\"5G\\\"\\, 2nd\\\\floor\",\"p\\\\a\\,s\\\"s\"\r\n"

const char kJoined[] SLT_FLASH = CWMODE_OK CWJAP_LINE SLT_IN "WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n";

void bodyJoin(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(!t.joinWifi(kSsid, kPassword));
  CHECK(!t.lastError());
}

// AT 2.x: the reason, then ERROR; 1.x: FAIL.
const char kWrongPassword[] SLT_FLASH = CWMODE_OK CWJAP_LINE SLT_IN "+CWJAP:2\r\n\r\nERROR\r\n";
const char kNoNetwork1x[] SLT_FLASH = CWMODE_OK CWJAP_LINE SLT_IN "+CWJAP:3\r\n\r\nFAIL\r\n";

void bodyRefused(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.joinWifi(kSsid, kPassword) == sl::EspAtError::JoinFailed);
  CHECK(t.lastError() == sl::EspAtError::JoinFailed);
  CHECK(sltest::espAtNow() < 1000);  // answered: no waiting out a timeout
}

// "busy p...": the same line again, 100 ms later.
const char kBusy[] SLT_FLASH =
    CWMODE_OK CWJAP_LINE SLT_IN "busy p...\r\n" CWJAP_LINE SLT_IN "WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n";

void bodyBusy(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(!t.joinWifi(kSsid, kPassword));
  CHECK(sltest::espAtNow() >= 100);
}

// An open network: an empty password.
const char kOpen[] SLT_FLASH =
    CWMODE_OK SLT_OUT "AT+CWJAP=\"cafe\",\"\"\r\n" SLT_IN "WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n";

void bodyOpen(sl::EspAtTransport& t, ScriptedSerial&) { CHECK(!t.joinWifi("cafe", "")); }

// No modem: AT+CWMODE=1 unanswered.
const char kNoModem[] SLT_FLASH = SLT_OUT "AT+CWMODE=1\r\n";

void bodyNoModem(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.joinWifi(kSsid, kPassword) == sl::EspAtError::NoModem);
  CHECK(sltest::espAtNow() >= SL_ESPAT_TIMEOUT_MS);
  CHECK(sltest::espAtNow() < SL_ESPAT_TIMEOUT_MS + 50);
}

// AT+CWJAP unanswered: Timeout after 20 s; the next connect sets the modem
// up again (its state is unknown).
const char kJoinTimeout[] SLT_FLASH = CWMODE_OK CWJAP_LINE SCRIPT_INIT_PASSIVE SCRIPT_CONNECT_OK;

void bodyJoinTimeout(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.joinWifi(kSsid, kPassword) == sl::EspAtError::Timeout);
  CHECK(sltest::espAtNow() >= 20000);
  CHECK(sltest::espAtNow() < 20000 + 200);
  CHECK(t.connect("api.semilimes.net", 80));
}

// Nothing that would end or break the command line goes out.
const char kNothing[] SLT_FLASH = "";

void bodyInvalid(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.joinWifi("", "x") == sl::EspAtError::InvalidArgument);
  CHECK(t.joinWifi(0, "x") == sl::EspAtError::InvalidArgument);
  CHECK(t.joinWifi("net", 0) == sl::EspAtError::InvalidArgument);
  CHECK(t.joinWifi("net\r\nAT+RST", "x") == sl::EspAtError::InvalidArgument);
  CHECK(t.joinWifi("net", "pass\n") == sl::EspAtError::InvalidArgument);
  CHECK(t.joinWifi("net", "a\x7f") == sl::EspAtError::InvalidArgument);
  CHECK(t.lastError() == sl::EspAtError::InvalidArgument);
}

}  // namespace

TEST_CASE(espat_join_wifi_escapes_ssid_and_password) { replay(kJoined, bodyJoin); }

TEST_CASE(espat_join_wifi_refused_is_join_failed) {
  replay(kWrongPassword, bodyRefused);
  replay(kNoNetwork1x, bodyRefused);
}

TEST_CASE(espat_join_wifi_busy_is_sent_again) { replay(kBusy, bodyBusy); }

TEST_CASE(espat_join_wifi_open_network) { replay(kOpen, bodyOpen); }

TEST_CASE(espat_join_wifi_without_a_modem) { replay(kNoModem, bodyNoModem); }

// (bursts only: 20 s of looks per run)
TEST_CASE(espat_join_wifi_timeout_then_connect_sets_up_again) {
  replay(0, 0, kJoinTimeout, 0, bodyJoinTimeout, false);
}

TEST_CASE(espat_join_wifi_refuses_arguments_that_break_the_line) { replay(kNothing, bodyInvalid); }

TEST_CASE(espat_join_failed_has_a_name) {
  CHECK(sl::EspAtError(sl::EspAtError::JoinFailed).name().equals("JoinFailed"));
}
