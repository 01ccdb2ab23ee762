// Review tests for EspAtTransport's byte-wise status line matcher (no line
// buffer: lines matched against a sorted flash table as they arrive) and
// its ring arithmetic (8-bit when the ring holds at most 128 bytes).
// Every script is replayed with the modem's output cut at every byte and in
// bursts of 1..3 bytes. Builds with any SL_ESPAT_RX_BUFFER >= 16 (review.test.ts
// builds 16, 32 = the Uno's, and 128 = the last 8-bit size); TX 16, chunk 8.
// Scripts are strings of SLT_OUT / SLT_IN steps (ScriptedSerial.h), in flash
// on AVR; only the ring's script, whose payload holds every byte value (the
// step markers too), is steps in RAM.
// sl-board-test: flags -DSL_ESPAT_RX_BUFFER=32 -DSL_ESPAT_TX_BUFFER=16 -DSL_ESPAT_RECV_CHUNK=8
// sl-board-test: max-cycles 2e9
#include "SlTest.h"
#include "../modem/ScriptedSerial.h"
#include "transport/EspAtTransport.h"
#include "../modem/EspAtReplay.h"

#if SL_ESPAT_TX_BUFFER != 16 || SL_ESPAT_RECV_CHUNK != 8 || SL_ESPAT_RX_BUFFER < 16
#error "build with -DSL_ESPAT_TX_BUFFER=16 -DSL_ESPAT_RECV_CHUNK=8 and a ring of at least 16 bytes"
#endif

using sltest::kIn;
using sltest::kOut;
using sltest::ScriptedSerial;
using sltest::SerialStep;
using sltest::readN;
using sltest::replay;
using sltest::waitClosed;
using sltest::writeText;

namespace {

// Pumps the line until every byte the modem has sent so far was taken in
// (a gap returns -1 once; each available() reads all there is).
void drain(sl::EspAtTransport& t) {
  for (int i = 0; i < 400; ++i) t.available();
}


#define INIT_ACTIVE                                                           \
  {kOut, "AT\r\n"}, {kIn, "\r\nOK\r\n"}, {kOut, "ATE0\r\n"}, {kIn, "\r\nOK\r\n"}, \
  {kOut, "AT+CIPMUX=0\r\n"}, {kIn, "\r\nOK\r\n"}, {kOut, "AT+CIPRECVMODE=1\r\n"}, {kIn, "\r\nERROR\r\n"}
#define CONNECT_OK \
  {kOut, "AT+CIPSTART=\"TCP\",\"h\",80\r\n"}, {kIn, "CONNECT\r\n\r\nOK\r\n"}
// The same as one-string script steps.
#define CONNECT_H_OK SLT_OUT "AT+CIPSTART=\"TCP\",\"h\",80\r\n" SLT_IN "CONNECT\r\n\r\nOK\r\n"

// ---- lines that look like known ones ----------------------------------------

// Passive mode. None of these lines is one the transport acts on: each
// shares a prefix with a known line, extends one, or has a bad link prefix.
// A wrongly taken CLOSED would fail the CIPSEND below (LinkClosed, no
// command); a wrongly taken "+IPD,<n>" / "+CIPRECVDATA" would send an
// AT+CIPRECVDATA the script does not expect; a wrongly taken "ready"
// would re-initialise the modem on the second connect().
const char kLookalikes[] SLT_FLASH =
    SCRIPT_INIT_PASSIVE
    CONNECT_H_OK
    SLT_IN
    "CLOSEDX\r\nxCLOSED\r\n5,CLOSED\r\n12,CLOSED\r\n1,CLOSEDx\r\nCLOSE\r\n1,\r\n4\r\n"
    "+IPDX,3\r\nx+IPD,3\r\n+IPD3\r\n+IP\r\n+CIPRECVDAT:3,abc\r\n+CIPRECVDATAX:3,abc\r\n"
    "readyX\r\nReady\r\nread\r\nlink is not validX\r\nCONNECTED\r\nALREADY CONNECT\r\n"
    "SEND OK\r\nbusy p..\r\nbusy p...X\r\n"
    SLT_OUT "AT+CIPSEND=2\r\n"
    // ERROR / FAIL look-alikes while waiting for the prompt: not errors
    SLT_IN "\r\nERRORS\r\nFAILED\r\nERR CODE:0x01090000\r\n0,ERRO\r\nbusy s..\r\n\r\nOK\r\n> "
    SLT_OUT "hi"
    // SEND OK / SEND FAIL look-alikes: neither ends the send
    SLT_IN "\r\nRecv 2 bytes\r\nSEND FAILX\r\nSEND OKAY\r\nSEND O\r\nSEND \r\nSEND FAI\r\n\r\nSEND OK\r\n"
    SLT_IN "0,CLOSED\r\n"
    CONNECT_H_OK;

void bodyLookalikes(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.connect("h", 80));
  drain(t);
  CHECK(t.connected());
  CHECK_EQ_INT(t.available(), 0);
  CHECK_EQ_INT(writeText(t, "hi"), 2);
  CHECK(t.flush());
  CHECK(!t.lastError());
  CHECK(waitClosed(t));  // "0,CLOSED": a link prefix 0..4 is skipped
  CHECK(t.connect("h", 80));  // no re-initialisation: no "ready" came
}

TEST_CASE(review_espat_lookalike_lines_are_ignored) { replay(kLookalikes, bodyLookalikes); }

// The known lines right after look-alikes, each one acted on: "OK" after
// "OKAY" gives the prompt, "4,CLOSED" ends the link, "ready" after "rea"
// forces a new init, "busy s..." after "busy" sends the command again.
const char kKnownAfterNoise[] SLT_FLASH =
    SCRIPT_INIT_PASSIVE
    CONNECT_H_OK
    SLT_OUT "AT+CIPSEND=2\r\n"
    SLT_IN "OKAY\r\n\r\nOK\r\n> "
    SLT_OUT "hi"
    SLT_IN "\r\nRecv 2 bytes\r\n\r\nSEND OK\r\nCLOSE\r\n4,CLOSED\r\nrea\r\nready\r\n"
    SCRIPT_INIT_PASSIVE
    CONNECT_H_OK
    SLT_OUT "AT+CIPCLOSE\r\n"
    SLT_IN "SEND\r\nbusy\r\nbusy s...\r\n"
    SLT_OUT "AT+CIPCLOSE\r\n"
    SLT_IN "CLOSED\r\n\r\nOK\r\n";

void bodyKnownAfterNoise(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.connect("h", 80));
  CHECK_EQ_INT(writeText(t, "hi"), 2);
  CHECK(t.flush());
  CHECK(waitClosed(t));
  drain(t);
  CHECK(t.connect("h", 80));
  t.stop();
  CHECK(!t.connected());
}

TEST_CASE(review_espat_known_lines_after_lookalikes) {
  replay(kKnownAfterNoise, bodyKnownAfterNoise);
}

// Passive: "+IPD,<n>" is acted on only at a line's start; the reply's
// both forms; a "+CIPRECVDATA" reply that is shorter than asked ends the
// modem's data.
const char kPassiveForms[] SLT_FLASH =
    SCRIPT_INIT_PASSIVE
    CONNECT_H_OK
    SLT_IN "x+IPD,5\r\n+IPD,5\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA,5:he\r\nl\r\nOK\r\n"
    SLT_IN "+IPD,3\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:3,+IP\r\nOK\r\n";

void bodyPassiveForms(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.connect("h", 80));
  char buf[16];
  CHECK_EQ_INT(readN(t, buf, 8, 3), 8);
  CHECK_EQ_STR_P(buf, "he\r\nl+IP");
  CHECK(t.connected());
}

TEST_CASE(review_espat_passive_reply_forms) { replay(kPassiveForms, bodyPassiveForms); }

// ---- the ring ----------------------------------------------------------------

// Active mode: 300 payload bytes (every byte value but NUL, CR kept) go
// through the ring in odd pieces: the write position wraps many times
// (8-bit sums when the ring is at most 128 bytes). The payload holds the
// step markers (0x01, 0x02), so this script is steps in RAM: the "+IPD"
// notice, its payload and CR LF, built by the case (312 bytes).
char ringByte(int i) { return static_cast<char>(1 + (i * 37) % 255); }
char gPayload[9 + 300 + 3];

const SerialStep kRing[] = {
    INIT_ACTIVE,
    CONNECT_OK,
    {kIn, gPayload},
    {kIn, "CLOSED\r\n"},
};

void bodyRing(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.connect("h", 80));
  static char buf[310];
  CHECK_EQ_INT(readN(t, buf, 300, 7), 300);
  int firstWrong = -1;
  for (int i = 0; i < 300 && firstWrong < 0; ++i) {
    if (buf[i] != ringByte(i)) firstWrong = i;
  }
  CHECK_EQ_INT(firstWrong, -1);  // got: the first payload byte that came out wrong
  CHECK(waitClosed(t));
}

TEST_CASE(review_espat_ring_wraps_with_every_byte_value) {
  const char head[] = "+IPD,300:";
  memcpy(gPayload, head, sizeof head - 1);
  for (int i = 0; i < 300; ++i) gPayload[sizeof head - 1 + i] = ringByte(i);
  memcpy(gPayload + sizeof head - 1 + 300, "\r\n", 3);
  replay(kRing, COUNT(kRing), bodyRing);
}

#if SL_ESPAT_RX_BUFFER >= 48
// Passive: requests never ask for more than the free ring; 40 bytes read
// one at a time through the whole ring (head and count at their largest).
const char kPassiveRing[] SLT_FLASH =
    SCRIPT_INIT_PASSIVE
    CONNECT_H_OK
    SLT_IN "+IPD,40\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,01234567\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,89abcdef\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,ghijklmn\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,opqrstuv\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:8,wxyzABCD\r\nOK\r\n"
    SLT_OUT "AT+CIPRECVDATA=8\r\n"
    SLT_IN "+CIPRECVDATA:0,\r\nOK\r\nCLOSED\r\n";

void bodyPassiveRing(sl::EspAtTransport& t, ScriptedSerial&) {
  CHECK(t.connect("h", 80));
  char buf[48];
  CHECK_EQ_INT(readN(t, buf, 40, 1), 40);
  CHECK_EQ_STR_P(buf, "0123456789abcdefghijklmnopqrstuvwxyzABCD");
  CHECK(waitClosed(t));
}

TEST_CASE(review_espat_passive_ring_one_byte_reads) { replay(kPassiveRing, bodyPassiveRing); }
#endif

}  // namespace
