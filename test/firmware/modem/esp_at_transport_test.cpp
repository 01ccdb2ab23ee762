// EspAtTransport against a scripted ESP-AT modem line: exact bytes out,
// scripted bytes in, every scenario replayed with the modem's output cut at
// every byte boundary and in bursts of 1..3 bytes.
//
// Built with small buffers so chunking shows: -DSL_ESPAT_RX_BUFFER=16
// -DSL_ESPAT_TX_BUFFER=16 -DSL_ESPAT_RECV_CHUNK=8 (see test/firmware/modem.test.ts).
#include "SlTest.h"
#include "ScriptedSerial.h"
#include "transport/EspAtTransport.h"
#include "EspAtReplay.h"

#if SL_ESPAT_RX_BUFFER != 16 || SL_ESPAT_TX_BUFFER != 16 || SL_ESPAT_RECV_CHUNK != 8
#error "build with -DSL_ESPAT_RX_BUFFER=16 -DSL_ESPAT_TX_BUFFER=16 -DSL_ESPAT_RECV_CHUNK=8"
#endif

using sltest::ScriptedSerial;
using sltest::readN;
using sltest::replay;
using sltest::waitClosed;
using sltest::writeText;

namespace {

// Scripts are strings of SLT_OUT / SLT_IN steps (ScriptedSerial.h), in flash
// on AVR: the Uno's 2 KB of RAM hold neither the texts nor a step table. Most
// start with the start-up (kInitPassive) or the start-up and the connect
// (kConnected), replayed in front of the rest: one copy of those in flash.
#define CONNECT_OK SCRIPT_CONNECT_OK

const char kInitPassive[] SLT_FLASH = SCRIPT_INIT_PASSIVE;
const char kConnected[] SLT_FLASH = SCRIPT_INIT_PASSIVE CONNECT_OK;

bool connectDefault(sl::EspAtTransport& t) { return t.connect("api.semilimes.net", 80); }

// ---- connect ---------------------------------------------------------------

void bodyConnect(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(t.passiveMode());
  CHECK(t.connected());
  CHECK(!t.lastError());
  CHECK_EQ_INT(t.available(), 0);
}

TEST_CASE(espat_connect_sends_init_and_cipstart_exactly) { replay(kConnected, bodyConnect); }

const char kConnectTls[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"SSL\",\"api.semilimes.net\",443\r\n"
    SLT_IN "CONNECT\r\n\r\nOK\r\n";

void bodyConnectTls(sl::EspAtTransport& t, ScriptedSerial&) {
  t.useTls(true);
  CHECK(t.connect("api.semilimes.net", 443));
}

TEST_CASE(espat_tls_uses_ssl_link_type) { replay(kInitPassive, kConnectTls, bodyConnectTls); }

const char kNoModem[] SLT_FLASH = SLT_OUT "AT\r\n" SLT_OUT "AT\r\n" SLT_OUT "AT\r\n";

void bodyNoModem(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(!connectDefault(t));
  CHECK(t.lastError() == sl::EspAtError::NoModem);
  CHECK(!t.connected());
  CHECK(sltest::espAtNow() < 3 * 1000 + 50);  // three 1 s probes, no more
  CHECK(writeText(t, "x") == 0);
}

TEST_CASE(espat_no_modem_gives_up_after_three_probes) { replay(kNoModem, bodyNoModem); }

const char kConnectError[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    SLT_IN "\r\nERROR\r\nCLOSED\r\n"
    // a second connect does not re-initialise a healthy modem
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    SLT_IN "CONNECT\r\n\r\nOK\r\n";

void bodyConnectError(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(!connectDefault(t));
  CHECK(t.lastError() == sl::EspAtError::ConnectFailed);
  CHECK(!t.connected());
  CHECK(connectDefault(t));
  CHECK(!t.lastError());
}

TEST_CASE(espat_connect_error_then_retry) { replay(kInitPassive, kConnectError, bodyConnectError); }

const char kAlready[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    SLT_IN "ALREADY CONNECTED\r\n\r\nERROR\r\n"
    SLT_OUT "AT+CIPCLOSE\r\n"
    SLT_IN "CLOSED\r\n\r\nOK\r\n"
    CONNECT_OK;

void bodyAlready(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(t.connected());
}

TEST_CASE(espat_already_connected_closes_stale_link_and_retries) {
  replay(kInitPassive, kAlready, bodyAlready);
}

const char kConnectTimeout[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    // no answer: timeout, then the next connect re-initialises the modem
    SCRIPT_INIT_PASSIVE
    CONNECT_OK;

void bodyConnectTimeout(sl::EspAtTransport& t, ScriptedSerial&) {
  uint32_t before = sltest::espAtNow();
  CHECK(!connectDefault(t));
  CHECK(t.lastError() == sl::EspAtError::Timeout);
  CHECK(sltest::espAtNow() - before >= SL_ESPAT_CONNECT_TIMEOUT_MS);
  CHECK(sltest::espAtNow() - before < SL_ESPAT_CONNECT_TIMEOUT_MS + 200);
  CHECK(connectDefault(t));
}

TEST_CASE(espat_connect_timeout_is_bounded_and_reinitialises) {
  replay(kInitPassive, kConnectTimeout, bodyConnectTimeout);
}

const char kActive[] SLT_FLASH =
    SLT_OUT "AT\r\n"
    SLT_IN "AT\r\n\r\nOK\r\n"
    SLT_OUT "ATE0\r\n"
    SLT_IN "ATE0\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPMUX=0\r\n"
    SLT_IN "\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVMODE=1\r\n"
    SLT_IN "\r\nERROR\r\n"  // old firmware: active mode only
    CONNECT_OK
    SLT_IN "\r\n+IPD,5:hello\r\n+IPD,0,3:a\r\n"  // with a link id; payload may hold CR LF
    SLT_IN "+IPD,40:0123456789abcdefghijklmnopqrstuvwxyzABCD\r\nCLOSED\r\n";

void bodyActive(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(!t.passiveMode());
  char buf[64];
  CHECK_EQ_INT(readN(t, buf, 8, 3), 8);
  CHECK_EQ_STR(buf, "helloa\r\n");
  // 40 bytes through a 16-byte ring: the rest waits in the serial line
  CHECK_EQ_INT(readN(t, buf, 40, 7), 40);
  CHECK_EQ_STR(buf, "0123456789abcdefghijklmnopqrstuvwxyzABCD");
  CHECK(waitClosed(t));
}

TEST_CASE(espat_active_mode_ipd_streams_through_small_ring) { replay(kActive, bodyActive); }

// ---- sending ---------------------------------------------------------------

const char kSend[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=16\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "{\"a\":1,\"bb\":[tru"
    SLT_IN "\r\nRecv 16 bytes\r\n\r\nSEND OK\r\n"
    SLT_OUT "AT+CIPSEND=9\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "e,false]}"
    SLT_IN "\r\nRecv 9 bytes\r\n\r\nSEND OK\r\n";

const char kJson[] = "{\"a\":1,\"bb\":[true,false]}";

size_t gPiece = 3;

void bodySend(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  size_t len = strlen(kJson);
  for (size_t at = 0; at < len; at += gPiece) {
    size_t n = len - at < gPiece ? len - at : gPiece;
    CHECK_EQ_INT(t.write(reinterpret_cast<const uint8_t*>(kJson) + at, n), n);
  }
  CHECK(t.flush());
  CHECK(t.flush());  // nothing buffered: no CIPSEND
  CHECK(t.connected());
}

TEST_CASE(espat_writes_batch_into_cipsend_chunks) {
  for (gPiece = 1; gPiece <= 26 && !sltest::failed(); ++gPiece) {
    if (gPiece == 3 || gPiece == 16) {
      replay(kConnected, kSend, bodySend);
    } else {
      ScriptedSerial s(kConnected, kSend);
      sltest::espAtNow() = 0;
      sl::EspAtTransport t(s, sltest::espAtClock);
      bodySend(t, s);
      CHECK_EQ_STR(s.error(), "");
      CHECK(s.done());
    }
  }
  if (sltest::failed()) CHECK_EQ_INT(gPiece, -1);
}

// write, then poll: the poll flushes; the answer arrives in passive mode,
// announced while the transport still waits for SEND OK.
const char kRequestResponse[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=4\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "ping"
    SLT_IN "\r\nRecv 4 bytes\r\n+IPD,4\r\n\r\nSEND OK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:4,pong\r\n\r\nOK\r\n";

void bodyRequestResponse(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "ping"), 4);
  char buf[8];
  CHECK_EQ_INT(readN(t, buf, 4), 4);
  CHECK_EQ_STR(buf, "pong");
  CHECK_EQ_INT(t.available(), 0);  // the modem said it was drained: no new request
  CHECK(t.connected());
}

TEST_CASE(espat_poll_flushes_and_passive_receive_requests_data) {
  replay(kConnected, kRequestResponse, bodyRequestResponse);
}

// Notices that arrive inside a CIPSEND exchange (issue 4, "nothing lost on
// faults"): a "+IPD,<n>" announced before the '>' prompt, right after it
// (the modem prints it behind "> " with no line break), between "Recv N
// bytes" and "SEND OK", and a "CLOSED" during the send. Each is recorded
// while the transport waits for the send's answer and acted on after it: the
// data is fetched with the next poll (not after a heartbeat timeout), the
// close ends the link without an AT+CIPCLOSE.
// (each played behind kConnected)
#define SEND_PING_WITH(beforePrompt, afterPrompt, afterRecv)                                    \
  SLT_OUT "AT+CIPSEND=4\r\n"                                                                    \
      SLT_IN "\r\nOK\r\n" beforePrompt "\r\n> " afterPrompt SLT_OUT "ping"                      \
      SLT_IN "\r\nRecv 4 bytes\r\n" afterRecv "\r\nSEND OK\r\n" SLT_OUT "AT+CIPRECVDATA=8\r\n" \
      SLT_IN "+CIPRECVDATA:4,pong\r\n\r\nOK\r\n"

const char kIpdBeforePrompt[] SLT_FLASH = SEND_PING_WITH("+IPD,4\r\n", "", "");
const char kIpdAfterPrompt[] SLT_FLASH = SEND_PING_WITH("", "+IPD,4\r\n", "");
const char kIpdAfterRecv[] SLT_FLASH = SEND_PING_WITH("", "", "+IPD,4\r\n");

void bodyPingPong(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "ping"), 4);
  CHECK(t.flush());
  // one poll after the send: the announced bytes are asked for at once
  char buf[8];
  CHECK_EQ_INT(readN(t, buf, 4), 4);
  CHECK_EQ_STR(buf, "pong");
  CHECK(t.connected());
}

TEST_CASE(espat_ipd_before_the_send_prompt_is_fetched_after_the_send) {
  replay(kConnected, kIpdBeforePrompt, bodyPingPong);
}
TEST_CASE(espat_ipd_right_after_the_send_prompt_is_fetched_after_the_send) {
  replay(kConnected, kIpdAfterPrompt, bodyPingPong);
}
TEST_CASE(espat_ipd_between_recv_and_send_ok_is_fetched_after_the_send) {
  replay(kConnected, kIpdAfterRecv, bodyPingPong);
}

// Active mode (old firmware): the data itself comes behind the prompt.
const char kActiveIpdAfterPrompt[] SLT_FLASH =
    SLT_OUT "AT\r\n" SLT_IN "AT\r\n\r\nOK\r\n" SLT_OUT "ATE0\r\n" SLT_IN "ATE0\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPMUX=0\r\n" SLT_IN "\r\nOK\r\n" SLT_OUT "AT+CIPRECVMODE=1\r\n" SLT_IN "\r\nERROR\r\n"
    CONNECT_OK
    SLT_OUT "AT+CIPSEND=4\r\n"
    SLT_IN "\r\nOK\r\n\r\n> +IPD,4:pong"
    SLT_OUT "ping"
    SLT_IN "\r\nRecv 4 bytes\r\n\r\nSEND OK\r\n";

TEST_CASE(espat_active_ipd_right_after_the_send_prompt_is_kept) {
  replay(kActiveIpdAfterPrompt, bodyPingPong);
}

// The peer closes while the modem is in send mode: "CLOSED" right behind
// the prompt, then the modem takes the bytes and answers SEND FAIL.
const char kClosedDuringSend[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=4\r\n"
    SLT_IN "\r\nOK\r\n\r\n> CLOSED\r\n"
    SLT_OUT "ping"
    SLT_IN "\r\nRecv 4 bytes\r\n\r\nSEND FAIL\r\n";

void bodyClosedDuringSend(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "ping"), 4);
  CHECK(!t.flush());
  CHECK(t.lastError() == sl::EspAtError::LinkClosed);
  CHECK(!t.connected());
  t.stop();  // the modem said the link is gone: no AT+CIPCLOSE
}

TEST_CASE(espat_closed_during_a_send_ends_the_link) {
  replay(kConnected, kClosedDuringSend, bodyClosedDuringSend);
}

// The bytes went out, then the peer closed: SEND OK after the CLOSED. The
// send succeeded; the link is down afterwards (no AT+CIPCLOSE on stop).
const char kClosedAfterRecv[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=4\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "ping"
    SLT_IN "\r\nRecv 4 bytes\r\nCLOSED\r\n\r\nSEND OK\r\n";

void bodyClosedAfterRecv(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "ping"), 4);
  CHECK(t.flush());
  CHECK(!t.lastError());
  CHECK(!t.connected());
  CHECK_EQ_INT(writeText(t, "x"), 0);
  t.stop();
}

TEST_CASE(espat_closed_between_recv_and_send_ok_ends_the_link_after_the_send) {
  replay(kConnected, kClosedAfterRecv, bodyClosedAfterRecv);
}

// Data announced, then the close, both inside the send: the data is still
// fetched and read, then the link ends. connected() is false as soon as the
// send failed, also while the data waits to be read: a sender that checks
// connected() after its message (WsClient::send) must see the failure.
const char kIpdAndClosedDuringSend[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=4\r\n"
    SLT_IN "\r\nOK\r\n\r\n> +IPD,3\r\nCLOSED\r\n"
    SLT_OUT "ping"
    SLT_IN "\r\nRecv 4 bytes\r\n\r\nSEND FAIL\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:3,bye\r\n\r\nOK\r\n";

void bodyIpdAndClosedDuringSend(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "ping"), 4);
  CHECK(!t.flush());
  CHECK(t.lastError() == sl::EspAtError::LinkClosed);
  char first[2];
  CHECK_EQ_INT(readN(t, first, 1, 1), 1);  // "b": the rest is in the ring or on its way
  CHECK(!t.connected());
  char buf[8];
  CHECK_EQ_INT(readN(t, buf, 2), 2);
  CHECK_EQ_STR(first, "b");
  CHECK_EQ_STR(buf, "ye");
  CHECK(waitClosed(t));
}

TEST_CASE(espat_data_and_close_during_a_send_are_both_kept) {
  replay(kConnected, kIpdAndClosedDuringSend, bodyIpdAndClosedDuringSend);
}

// ---- passive receive -------------------------------------------------------

const char kPassiveChunks[] SLT_FLASH =
    SLT_IN "+IPD,20\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,01234567\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,89\r\nbcde\r\n\r\nOK\r\n"  // CR LF inside the payload
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA,4:fghi\r\nOK\r\n"  // AT 1.x form
    SLT_IN "CLOSED\r\n";

void bodyPassiveChunks(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  char buf[32];
  CHECK_EQ_INT(readN(t, buf, 20), 20);
  CHECK_EQ_STR(buf, "0123456789\r\nbcdefghi");
  CHECK(waitClosed(t));
  CHECK(writeText(t, "late") == 0);
  CHECK(t.lastError() == sl::EspAtError::LinkClosed);
}

TEST_CASE(espat_passive_receive_requests_at_most_free_space) {
  replay(kConnected, kPassiveChunks, bodyPassiveChunks);
}

// The peer closes before the data was fetched: it is still delivered, and
// an ERROR to CIPRECVDATA ends the connection.
const char kCloseBeforeRead[] SLT_FLASH =
    SLT_IN "+IPD,3\r\nCLOSED\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:3,bye\r\n\r\nOK\r\n";

void bodyCloseBeforeRead(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  char buf[8];
  CHECK_EQ_INT(readN(t, buf, 3), 3);
  CHECK_EQ_STR(buf, "bye");
  CHECK(waitClosed(t));
}

TEST_CASE(espat_data_fetched_after_close_is_still_read) {
  replay(kConnected, kCloseBeforeRead, bodyCloseBeforeRead);
}

const char kRecvError[] SLT_FLASH =
    SLT_IN "+IPD,3\r\nCLOSED\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "\r\nERROR\r\n";

void bodyRecvError(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(waitClosed(t));
  CHECK_EQ_INT(t.available(), 0);
}

TEST_CASE(espat_recvdata_error_after_close_ends_connection) {
  replay(kConnected, kRecvError, bodyRecvError);
}

// ---- errors while sending ----------------------------------------------------

const char kSendError[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=1\r\n"
    SLT_IN "\r\nERROR\r\n"
    SLT_OUT "AT+CIPCLOSE\r\n"
    SLT_IN "CLOSED\r\n\r\nOK\r\n";

void bodySendError(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "x"), 1);
  CHECK(!t.flush());
  CHECK(t.lastError() == sl::EspAtError::SendFailed);
  CHECK(!t.connected());
  CHECK_EQ_INT(writeText(t, "y"), 0);
  t.stop();
  t.stop();  // second stop sends nothing
  CHECK(!t.connected());
}

TEST_CASE(espat_cipsend_error_fails_the_link) { replay(kConnected, kSendError, bodySendError); }

const char kSendFail[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=16\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "0123456789abcdef"
    SLT_IN "\r\nRecv 16 bytes\r\n\r\nSEND FAIL\r\n";

void bodySendFail(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  // 20 bytes: 16 fill the buffer, its flush fails -> 16 of this call lost,
  // so fewer than 20 accepted
  size_t n = writeText(t, "0123456789abcdefghij");
  CHECK_EQ_INT(n, 0);
  CHECK(t.lastError() == sl::EspAtError::SendFailed);
}

TEST_CASE(espat_send_fail_reports_bytes_not_sent) { replay(kConnected, kSendFail, bodySendFail); }

// One write that fills the buffer twice: the first send (3 bytes of an
// earlier write + 13 of this one) goes out, the second fails: 13 accepted.
const char kSendFailLater[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=16\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "abc0123456789abc"
    SLT_IN "\r\nRecv 16 bytes\r\n\r\nSEND OK\r\n"
    SLT_OUT "AT+CIPSEND=16\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "defghijklmnopqrs"
    SLT_IN "\r\nRecv 16 bytes\r\n\r\nSEND FAIL\r\n";

void bodySendFailLater(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "abc"), 3);
  CHECK_EQ_INT(writeText(t, "0123456789abcdefghijklmnopqrstuvwxyz"), 13);
  CHECK(t.lastError() == sl::EspAtError::SendFailed);
  CHECK_EQ_INT(writeText(t, "x"), 0);
}

TEST_CASE(espat_send_fail_after_an_earlier_send_counts_the_bytes_sent) {
  replay(kConnected, kSendFailLater, bodySendFailLater);
}

const char kLinkInvalid[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=2\r\n"
    SLT_IN "\r\nlink is not valid\r\n\r\nERROR\r\n";

void bodyLinkInvalid(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "hi"), 2);
  CHECK(!t.flush());
  CHECK(t.lastError() == sl::EspAtError::LinkClosed);
  t.stop();  // the modem says the link is gone: no CIPCLOSE
}

TEST_CASE(espat_link_not_valid_is_link_closed) { replay(kConnected, kLinkInvalid, bodyLinkInvalid); }

const char kNoPrompt[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=2\r\n"
    SLT_IN "\r\nOK\r\n"  // and then nothing
    SLT_OUT "AT+CIPCLOSE\r\n";

void bodyNoPrompt(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "hi"), 2);
  uint32_t before = sltest::espAtNow();
  CHECK(!t.flush());
  CHECK(sltest::espAtNow() - before < SL_ESPAT_TIMEOUT_MS + 100);
  CHECK(t.lastError() == sl::EspAtError::Timeout);
  CHECK(!t.connected());
  t.stop();  // CIPCLOSE unanswered: bounded too
}

TEST_CASE(espat_missing_prompt_times_out) { replay(kConnected, kNoPrompt, bodyNoPrompt); }

// ---- noise, reboots, stop ---------------------------------------------------

const char kNoise[] SLT_FLASH =
    SLT_OUT "AT\r\n"
    SLT_IN "\xff\xfe" "garbage\r\nAT\r\n\r\nOK\r\n"
    SLT_OUT "ATE0\r\n"
    SLT_IN "WIFI GOT IP\r\n0123456789012345678901234567890123456789 OK\r\nbusy\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPMUX=0\r\n"
    SLT_IN "+IPD,x\r\n+IPDQ\r\n+CIPRECVLEN:0\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVMODE=1\r\n"
    SLT_IN "\r\nOK\r\n"
    CONNECT_OK
    SLT_IN "WIFI DISCONNECT\r\n>>>\r\nSEND OK\r\n"
    SLT_OUT "AT+CIPSEND=1\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "z"
    SLT_IN "\r\nbusy s...\r\nRecv 1 bytes\r\n\r\nSEND OK\r\n";

void bodyNoise(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(t.connected());  // "WIFI DISCONNECT" is not the link
  CHECK_EQ_INT(writeText(t, "z"), 1);
  CHECK(t.flush());
}

TEST_CASE(espat_unknown_long_and_garbage_lines_are_ignored) { replay(kNoise, bodyNoise); }

// Status lines are recognised by their hash from after a "<link>," prefix
// (one digit 0..4): "+IPD," behind a prefix is no notice (no AT+CIPRECVDATA
// goes out), a second prefix or link 5 is no prefix, and a line too long to
// count (over 254 bytes) is none, whatever it ends with. "1,CLOSED" is.
#define SL_X10 "xxxxxxxxxx"
#define SL_X100 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10 SL_X10
const char kPrefixed[] SLT_FLASH =
    SLT_IN "0,+IPD,5\r\n0,0,CLOSED\r\n5,CLOSED\r\n0,\r\n,CLOSED\r\n" SL_X100 SL_X100 SL_X100 "CLOSED\r\n"
    SLT_OUT "AT+CIPSEND=2\r\n"
    SLT_IN "\r\nOK\r\n> "
    SLT_OUT "hi"
    SLT_IN "\r\nSEND OK\r\n1,CLOSED\r\n";
#undef SL_X100
#undef SL_X10

void bodyPrefixed(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  for (int i = 0; i < 400; ++i) CHECK_EQ_INT(t.available(), 0);
  CHECK(t.connected());
  CHECK_EQ_INT(writeText(t, "hi"), 2);
  CHECK(t.flush());
  CHECK(waitClosed(t));
}

TEST_CASE(espat_link_prefixes_and_long_lines) { replay(kConnected, kPrefixed, bodyPrefixed); }

// "busy p...": the command was dropped; the earlier command's late OK must
// not count for it; the transport waits, then sends it again.
const char kBusy[] SLT_FLASH =
    SLT_OUT "AT\r\n"
    SLT_IN "AT\r\n\r\nOK\r\n"
    SLT_OUT "ATE0\r\n"
    SLT_IN "ATE0\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPMUX=0\r\n"
    SLT_IN "busy p...\r\n\r\nOK\r\n"
    SLT_OUT "AT+CIPMUX=0\r\n"
    SLT_IN "\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVMODE=1\r\n"
    SLT_IN "\r\nOK\r\n"
    CONNECT_OK;

void bodyBusy(sl::EspAtTransport& t, ScriptedSerial&) { CHECK(connectDefault(t)); }

TEST_CASE(espat_busy_command_is_sent_again) { replay(kBusy, bodyBusy); }

// AT+CIPSTART goes through the same exchange: dropped with "busy p...", sent again.
const char kBusyConnect[] SLT_FLASH =
    SLT_OUT "AT+CIPSTART=\"TCP\",\"api.semilimes.net\",80\r\n"
    SLT_IN "busy p...\r\n"
    CONNECT_OK;

TEST_CASE(espat_busy_cipstart_is_sent_again) { replay(kInitPassive, kBusyConnect, bodyBusy); }

// A modem that answers every AT+CIPSTART "busy p..." 14 s late (and OK to
// the rest at once): the command is sent again, but all tries together stay
// within the connect timeout (plus the 100 ms pause), then Timeout; a retry
// does not start a fresh 15 s wait.
class BusyStartModem : public sl::ByteStream {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) {
      if (lineLen_ < sizeof line_ - 1) line_[lineLen_++] = static_cast<char>(data[i]);
      if (data[i] != '\n') continue;
      line_[lineLen_] = 0;
      bool start = strncmp(line_, "AT+CIPSTART=", 12) == 0;
      if (start) ++starts;
      reply_ = start ? "busy p...\r\n" : "\r\nOK\r\n";
      readyAt_ = sltest::espAtNow() + (start ? 14000 : 0);
      lineLen_ = 0;
    }
    return len;
  }
  using sl::ByteStream::write;
  int read() override {
    if (!reply_ || !*reply_ || sltest::espAtNow() < readyAt_) return -1;
    return static_cast<uint8_t>(*reply_++);
  }
  int starts = 0;

 private:
  char line_[64] = {0};
  size_t lineLen_ = 0;
  const char* reply_ = 0;
  uint32_t readyAt_ = 0;
};

TEST_CASE(espat_busy_cipstart_gives_up_within_the_connect_timeout) {
  BusyStartModem modem;
  sltest::espAtNow() = 0;
  sl::EspAtTransport t(modem, sltest::espAtClock);
  CHECK(!connectDefault(t));
  CHECK(t.lastError() == sl::EspAtError::Timeout);
  CHECK_EQ_INT(modem.starts, 2);
  // (the fake clock advances 1 ms per look; init takes a few dozen)
  CHECK(sltest::espAtNow() < SL_ESPAT_CONNECT_TIMEOUT_MS + 400);
  CHECK(sltest::espAtNow() >= SL_ESPAT_CONNECT_TIMEOUT_MS);
}

const char kReboot[] SLT_FLASH =
    SLT_IN "\r\nets Jan  8 2013,rst cause:2\r\nready\r\n"
    SCRIPT_INIT_PASSIVE
    CONNECT_OK;

void bodyReboot(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK(waitClosed(t));
  CHECK(connectDefault(t));
}

TEST_CASE(espat_module_reboot_drops_link_and_reinitialises) { replay(kConnected, kReboot, bodyReboot); }

const char kStop[] SLT_FLASH =
    SLT_OUT "AT+CIPSEND=3\r\n"
    SLT_IN "\r\nOK\r\n\r\n> "
    SLT_OUT "bye"
    SLT_IN "\r\nRecv 3 bytes\r\n\r\nSEND OK\r\n"
    SLT_OUT "AT+CIPCLOSE\r\n"
    SLT_IN "CLOSED\r\n\r\nOK\r\n";

void bodyStop(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(connectDefault(t));
  CHECK_EQ_INT(writeText(t, "bye"), 3);
  t.stop();  // flushes first
  CHECK(!t.connected());
  t.stop();
  CHECK_EQ_INT(writeText(t, "x"), 0);
}

TEST_CASE(espat_stop_flushes_then_closes_once) { replay(kConnected, kStop, bodyStop); }

const char kNothing[] SLT_FLASH = SLT_OUT "";

void bodyBadHost(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(!t.connect("bad\"host", 80));
  CHECK(t.lastError() == sl::EspAtError::InvalidArgument);
  CHECK(!t.connect("two words", 80));
  CHECK(!t.connect("", 80));
  CHECK(!t.connect(0, 80));
  CHECK(t.lastError() == sl::EspAtError::InvalidArgument);
  CHECK(!t.connect("api.semilimes.net", 0));  // no port 0 (it would go out without one)
  CHECK(t.lastError() == sl::EspAtError::InvalidArgument);
}

TEST_CASE(espat_host_that_would_break_the_command_is_refused) { replay(kNothing, bodyBadHost); }

const char kSerialRefuses[] SLT_FLASH = SLT_OUT "AT\r";

TEST_CASE(espat_serial_write_failure_is_reported) {
  ScriptedSerial s(kSerialRefuses);
  s.writeLimit(3);
  sltest::espAtNow() = 0;
  sl::EspAtTransport t(s, sltest::espAtClock);
  CHECK(!connectDefault(t));
  CHECK(t.lastError() == sl::EspAtError::SerialWriteFailed);
  CHECK_EQ_STR(s.error(), "");
}

TEST_CASE(espat_error_names) {
  CHECK(sl::EspAtError().name().equals("Ok"));
  CHECK(sl::EspAtError(sl::EspAtError::NoModem).name().equals("NoModem"));
  CHECK(sl::EspAtError(sl::EspAtError::SendFailed).name().equals("SendFailed"));
  CHECK(sl::EspAtError(sl::EspAtError::SerialWriteFailed).name().equals("SerialWriteFailed"));
  CHECK(!sl::EspAtError());
  CHECK(static_cast<bool>(sl::EspAtError(sl::EspAtError::Timeout)));
}

// ---- flow control invariant ---------------------------------------------------

// An answering modem holding `total` bytes for the device. Flow control
// holds when bytes handed out minus bytes the test has read never exceed the
// transport's RX ring (checked after every read).
class AutoModem : public sl::ByteStream {
 public:
  explicit AutoModem(size_t total) : total_(total), given_(0), consumed_(0), outLen_(0), outPos_(0), lineLen_(0),
      requests_(0), violations_(0), maxRequest_(0) {
    put("\r\nOK\r\n");  // nothing: the test connects first; this OK is never read
    outLen_ = 0;
  }
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) {
      char c = static_cast<char>(data[i]);
      if (c != '\n') {
        if (lineLen_ < sizeof line_ - 1) line_[lineLen_++] = c;
        continue;
      }
      line_[lineLen_ ? lineLen_ - 1 : 0] = 0;
      lineLen_ = 0;
      if (strncmp(line_, "AT+CIPSTART=", 12) == 0) {
        put("CONNECT\r\n\r\nOK\r\n+IPD,");
        putNum(total_);
        put("\r\n");
      } else if (strncmp(line_, "AT+CIPRECVDATA=", 15) == 0) {
        size_t k = 0;
        for (const char* p = line_ + 15; *p >= '0' && *p <= '9'; ++p) k = k * 10 + static_cast<size_t>(*p - '0');
        ++requests_;
        if (k > maxRequest_) maxRequest_ = k;
        size_t n = total_ - given_ < k ? total_ - given_ : k;
        if (n == 0) {
          put("\r\nERROR\r\n");
          continue;
        }
        put("+CIPRECVDATA:");
        putNum(n);
        put(",");
        for (size_t j = 0; j < n; ++j) putByte(static_cast<char>(pattern(given_ + j)));
        given_ += n;
        put("\r\n\r\nOK\r\n");
      } else {
        put("\r\nOK\r\n");
      }
    }
    return len;
  }
  using sl::ByteStream::write;
  int read() override {
    if (outPos_ == outLen_) {
      outPos_ = outLen_ = 0;
      return -1;
    }
    return static_cast<uint8_t>(out_[outPos_++]);
  }
  static uint8_t pattern(size_t i) { return static_cast<uint8_t>((i * 13 + 5) & 0xff); }
  // After each read: everything answered but not yet read by the test must
  // fit the transport's ring (it asked only for what fits).
  void consumed(size_t n) {
    consumed_ += n;
    if (given_ - consumed_ > SL_ESPAT_RX_BUFFER) ++violations_;
  }
  size_t requests() const { return requests_; }
  size_t violations() const { return violations_; }
  size_t maxRequest() const { return maxRequest_; }

 private:
  void putByte(char c) {
    if (outLen_ < sizeof out_) out_[outLen_++] = c;
  }
  void put(const char* t) {
    while (*t) putByte(*t++);
  }
  void putNum(size_t v) {
    char d[12];
    size_t k = 0;
    do {
      d[k++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (k) putByte(d[--k]);
  }

  size_t total_, given_, consumed_;
  char out_[512];
  size_t outLen_, outPos_;
  char line_[64];
  size_t lineLen_;
  size_t requests_, violations_, maxRequest_;
};

TEST_CASE(espat_passive_requests_never_exceed_free_ring_space) {
  // read in pieces of 1..5 bytes with idle polls in between, 600 bytes in all
  AutoModem modem(600);
  sltest::espAtNow() = 0;
  sl::EspAtTransport t(modem, sltest::espAtClock);
  REQUIRE(t.connect("api.semilimes.net", 80));
  size_t got = 0;
  bool inOrder = true;
  for (int i = 0; i < 20000 && got < 600; ++i) {
    uint8_t buf[5];
    size_t piece = 1 + static_cast<size_t>(i % 5);
    size_t n = (i % 3 == 0) ? 0 : t.read(buf, piece);
    if (i % 3 == 0) t.available();  // a poll that reads nothing
    for (size_t k = 0; k < n; ++k) inOrder = inOrder && buf[k] == AutoModem::pattern(got + k);
    got += n;
    modem.consumed(n);
  }
  CHECK_EQ_INT(got, 600);
  CHECK(inOrder);
  CHECK_EQ_INT(modem.violations(), 0);
  CHECK(modem.maxRequest() <= SL_ESPAT_RECV_CHUNK);
  CHECK(modem.requests() >= 600 / SL_ESPAT_RECV_CHUNK);
  for (int i = 0; i < 10; ++i) t.available();
  CHECK(t.connected());  // the link is still up; the modem answered ERROR once drained
}

// The fake itself must catch a wrong byte (the replay harness relies on it).
const char kFakeCheck[] SLT_FLASH = SLT_OUT "AT\r\n";

TEST_CASE(scripted_serial_reports_a_wrong_byte) {
  ScriptedSerial s(kFakeCheck);
  s.write(reinterpret_cast<const uint8_t*>("AX\r\n"), 4);
  CHECK(s.error()[0] != 0);
  CHECK(!s.done());
}

// A flash script longer than the fake's step table is refused, not cut.
#define SL_STEPS4 SLT_OUT "a" SLT_IN "b" SLT_OUT "c" SLT_IN "d"
#define SL_STEPS32 SL_STEPS4 SL_STEPS4 SL_STEPS4 SL_STEPS4 SL_STEPS4 SL_STEPS4 SL_STEPS4 SL_STEPS4
const char kTooLong[] SLT_FLASH = SL_STEPS32 SLT_OUT "e";
const char kLongest[] SLT_FLASH = SL_STEPS32;
#undef SL_STEPS32
#undef SL_STEPS4

TEST_CASE(scripted_serial_refuses_a_script_with_too_many_steps) {
  CHECK_EQ_INT(ScriptedSerial::kMaxSteps, 32);
  ScriptedSerial full(kLongest);
  CHECK_EQ_STR(full.error(), "");
  CHECK_EQ_INT(full.write(reinterpret_cast<const uint8_t*>("a"), 1), 1);
  CHECK_EQ_INT(full.read(), 'b');
  CHECK_EQ_STR(full.error(), "");
  ScriptedSerial s(kTooLong);
  CHECK(s.error()[0] != 0);
  ScriptedSerial split(kLongest, kNoModem);  // 32 + 3 steps
  CHECK(split.error()[0] != 0);
}

}  // namespace
