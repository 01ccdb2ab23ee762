// EspAtTransport: see EspAtTransport.h for the contract and the line protocol.
#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "EspAtTransport.h"

#include "../http/PutBuffer.h"


namespace sl {

#if SL_ESPAT_RX_BUFFER < 1 || SL_ESPAT_RX_BUFFER > 4096
#error "SL_ESPAT_RX_BUFFER must be 1..4096"
#endif
#if SL_ESPAT_TX_BUFFER < 1 || SL_ESPAT_TX_BUFFER > 2048
#error "SL_ESPAT_TX_BUFFER must be 1..2048 (AT+CIPSEND limit)"
#endif
#if SL_ESPAT_RECV_CHUNK < 1
#error "SL_ESPAT_RECV_CHUNK must be at least 1"
#endif
#if SL_ESPAT_TIMEOUT_MS > 65535 || SL_ESPAT_CONNECT_TIMEOUT_MS > 65535
#error "SL_ESPAT_TIMEOUT_MS and SL_ESPAT_CONNECT_TIMEOUT_MS must be at most 65535"
#endif

namespace {

// Smallest passive request worth a command line: half a chunk (or half the ring).
const uint16_t kRecvChunk = SL_ESPAT_RECV_CHUNK < SL_ESPAT_RX_BUFFER ? SL_ESPAT_RECV_CHUNK : SL_ESPAT_RX_BUFFER;
const uint16_t kMinRequest = kRecvChunk / 2 ? kRecvChunk / 2 : 1;

// The command lines of connectStep()'s phases and stop() (Dial, below), one
// after the other in one flash text: the "AT" probe, the set-up commands,
// AT+CIPCLOSE, and AT+CIPSTART's beginning for "TCP" and for "SSL" (the
// host and port follow it).
const char kDialLines[] SL_PROGMEM =
    "AT\0ATE0\0AT+CIPMUX=0\0AT+CIPRECVMODE=1\0AT+CIPCLOSE\0AT+CIPSTART=\"TCP\",\"\0AT+CIPSTART=\"SSL\",\"";

// The phases of a connect (dial_), one command each: three tries of the "AT"
// probe, the other set-up commands (only while the modem is not
// initialised), AT+CIPSTART, and after an "ALREADY CONNECTED" (a link that
// survived our reset) AT+CIPCLOSE and AT+CIPSTART once more. stop() sends
// its AT+CIPCLOSE as kClose too. Each phase below kStart sends the
// (phase - kProbe3)-th line of kDialLines (the probes: the first), the
// AT+CIPSTART phases the 5th or (TLS) the 6th.
enum Dial : uint8_t { kIdle, kProbe1, kProbe2, kProbe3, kEcho, kMux, kRecvMode, kClose, kStart, kStartAgain };

}  // namespace

EspAtTransport::EspAtTransport(ByteStream& serial, Clock clock, detail::EspAtThisLayout)
#if SL_PUT_BUFFER == 0
    : detail::EspAtState(), line_(serial), clock_(clock) {}
#else
    : detail::EspAtState(), serial_(serial), clock_(clock) {}
#endif

// ---- serial output -------------------------------------------------------

// One command line: flashPrefix; for AT+CIPSTART the host and "\","; n in
// decimal unless 0; CR LF. Goes out 8 bytes at a time (PutBuffer). 0 when
// written; kError (an answer a command cannot get) when not (error() says
// SerialWriteFailed).
uint8_t EspAtTransport::sendLine(const char* flashPrefix, const char* host, uint16_t n) {
#if SL_PUT_BUFFER == 0
  detail::EspAtLine* line = &line_;  // (kept: see EspAtTransport.h)
  SL_OPAQUE(line);  // (the writer's address from here on, not the transport's)
  detail::EspAtLine& b = *line;
  EspAtError& error = b.error;
  b.restart();
#else
  detail::PutBuffer b(serial_);
  EspAtError& error = error_;
#endif
  b.putFlash(flashPrefix);
  if (host) {
    b.put(host);
    b.putFlash(SL_PSTR("\","));
  }
  if (n) b.putNumber(n);
  b.putFlash(SL_PSTR("\r\n"));
  if (b.flush()) return 0;
  error = EspAtError::SerialWriteFailed;
  return kError;
}

// ---- inbound parsing -----------------------------------------------------

// Modem lines the transport acts on, recognised as their bytes arrive with
// no line kept in RAM: each byte goes into a 16-bit hash of the line
// (h * 139 + byte, from 0), and a line is the table's line with the same
// hash and the same length (modulo 64). Each entry: its LineCode, its
// length, then the hash (low, high byte); a 0 byte ends the table. Where it
// matters the hash is exact: two lines of one length that differ in one byte
// never hash alike (139 is odd), nor do two lines of two ASCII characters
// (139 > 127); no two entries collide, and none collides with the other
// lines an ESP-AT modem prints ("Recv <n> bytes", "+CIPRECVLEN:<n>", "WIFI
// ...", echoes: test/firmware/modem/espat_lines_test.cpp checks a
// vocabulary of them). An arbitrary line of a table line's length (garbage)
// is taken for it with odds of about 1 in 65,536. A "<link>," prefix
// (multi-link firmware) is skipped before hashing. "+IPD," and
// "+CIPRECVDATA:" / "," are looked for at the start of a line (no prefix),
// not at its end: the length and the payload follow them on the same line;
// their entries' lengths carry kAtStart, which no line end's length (modulo
// 64) has.
//
// A status line's LineCode is what it does: the events it reports (the
// values of EspAtTransport's Event bits: endLine() checks them) and, in bits
// no line event uses, link up, link down, module rebooted. The start-of-line
// codes only tell their two lines apart.
enum LineCode : uint8_t {
  kLineOk = 1,                         // kOk
  kLineError = 2,                      // kError ("ERROR", "FAIL", "SEND FAIL")
  kLineUp = 4,                         // (the link is up)
  kLineSendOk = 8,                     // kSendOk
  kLineDown = 16,                      // (the link is down)
  kLineReboot = 32,                    // (the module rebooted)
  kLineLink = 64,                      // kLink
  kLineBusy = 128,                     // kBusy
  kLineConnect = kLineLink | kLineUp,  // "CONNECT", "ALREADY CONNECTED"
  kLineClosed = kLineLink | kLineDown,
  kLineReady = kLineDown | kLineReboot,
  // at the start of a line
  kLineIpd = 2,       // "+IPD,": a length (and in active mode ':' and the data) follows (kLength)
  kLineRecvData = 3,  // "+CIPRECVDATA:" or "," (AT 1.x): the reply to AT+CIPRECVDATA (kRecvLength)
};

const uint8_t kAtStart = 0x40;  // the length flag of the start-of-line entries
const uint8_t kLinked = 0x80;   // lineLen_ after a "<link>," prefix
const uint8_t kNoLine = 0xFF;   // lineLen_ of a line that matches nothing (a NUL in it); 63 modulo 64

constexpr uint16_t lineStep(uint16_t h, uint8_t c) {
  return static_cast<uint16_t>(static_cast<unsigned>(h) * 139u + c);
}
constexpr uint16_t lineHash(const char* s, uint16_t h) {
  return *s ? lineHash(s + 1, lineStep(h, static_cast<uint8_t>(*s))) : h;
}
// (no entry 63 bytes long: that is kNoLine's)
#define SL_ESPAT_LINE(code, text, flag)                                                                  \
  static_cast<char>(code), static_cast<char>((sizeof(text) - 1) | (flag)),                              \
      static_cast<char>(lineHash(text, 0) & 0xFF), static_cast<char>(lineHash(text, 0) >> 8)
static const char kLines[] SL_PROGMEM = {
    SL_ESPAT_LINE(kLineOk, "OK", 0),
    SL_ESPAT_LINE(kLineError, "ERROR", 0),
    SL_ESPAT_LINE(kLineSendOk, "SEND OK", 0),
    SL_ESPAT_LINE(kLineIpd, "+IPD,", kAtStart),
    SL_ESPAT_LINE(kLineRecvData, "+CIPRECVDATA:", kAtStart),
    SL_ESPAT_LINE(kLineRecvData, "+CIPRECVDATA,", kAtStart),
    SL_ESPAT_LINE(kLineConnect, "CONNECT", 0),
    SL_ESPAT_LINE(kLineClosed, "CLOSED", 0),
    SL_ESPAT_LINE(kLineBusy, "busy p...", 0),
    SL_ESPAT_LINE(kLineBusy, "busy s...", 0),
    SL_ESPAT_LINE(kLineError, "SEND FAIL", 0),
    SL_ESPAT_LINE(kLineError, "FAIL", 0),
    SL_ESPAT_LINE(kLineConnect, "ALREADY CONNECTED", 0),
    SL_ESPAT_LINE(kLineClosed, "link is not valid", 0),
    SL_ESPAT_LINE(kLineReady, "ready", 0),
    0,
};
#undef SL_ESPAT_LINE

// The LineCode of the table's line with this hash and length (at a line's
// end: modulo 64; at its start: with kAtStart); 0 if none.
SL_NOINLINE static uint8_t lineCode(uint16_t h, uint8_t len) {
#if SL_ARCH_AVR
  // (avr-gcc reloaded the entry's address and added to it for every byte;
  // lpm Z+ walks the table)
  const char* e = kLines;
  uint8_t code, n, lo, hi;
  __asm__(
      "1:\n\t"
      "lpm  %[code], Z+\n\t"
      "tst  %[code]\n\t"
      "breq 2f\n\t"  // the end of the table: 0
      "lpm  %[n], Z+\n\t"
      "lpm  %[lo], Z+\n\t"
      "lpm  %[hi], Z+\n\t"
      "cp   %[n], %[len]\n\t"
      "brne 1b\n\t"
      "cp   %[lo], %A[h]\n\t"
      "brne 1b\n\t"
      "cp   %[hi], %B[h]\n\t"
      "brne 1b\n\t"
      "2:\n\t"
      : [code] "=&r"(code), [n] "=&r"(n), [lo] "=&r"(lo), [hi] "=&r"(hi), [e] "+z"(e)
      : [h] "r"(h), [len] "r"(len));
  return code;
#else
  // (SL_PROGMEM is empty here: kLines is plain constant data, read directly)
  const uint8_t* e = reinterpret_cast<const uint8_t*>(kLines);
  for (; *e; e += 4) {
    if (e[1] == len && (e[2] | e[3] << 8) == h) return *e;
  }
  return 0;
#endif
}

void EspAtTransport::pump(bool mayRequest) {
  for (;;) {
    // Flow control: with a full ring, payload bytes stay in the serial driver.
    if (rxState_ == kPayload && rxCount_ == SL_ESPAT_RX_BUFFER) break;
    int c = serial().read();
    if (c < 0) break;
    feed(static_cast<uint8_t>(c));
  }
  if (recvPending_) {
    // One request at a time: none while the reply is awaited.
    if (elapsed(requestedAt_) < SL_ESPAT_TIMEOUT_MS) return;
    recvPending_ = false;  // the reply was lost: ask again later
  }
  if (mayRequest) requestData();
}

// (Only from pump(), with no AT+CIPRECVDATA outstanding: recvPending_ false.)
void EspAtTransport::requestData() {
  // (more_ is only set by a passive-mode "+IPD,<n>" notice)
  // (bitwise: one test instead of a branch per member)
  // Never during a command (dial_: a connect's phase, or stop()'s
  // AT+CIPCLOSE): its answer would be taken for the command's, and busyAt_
  // shares requestedAt_'s bytes (EspAtLinkState).
  if (!more_ || static_cast<uint_fast8_t>(rxState_ | lineLen_ | dial_)) return;  // (kLine is 0)
  // (in the ring's index type: 8-bit arithmetic with the AVR defaults)
  detail::EspAtRxIndex n = static_cast<detail::EspAtRxIndex>(SL_ESPAT_RX_BUFFER - rxCount_);
  if (n < kMinRequest) return;
  if (kRecvChunk < SL_ESPAT_RX_BUFFER && n > kRecvChunk) n = kRecvChunk;  // (no test when a chunk is the ring)
  if (sendLine(SL_PSTR("AT+CIPRECVDATA="), 0, n)) {
    failed_ = true;
    return;
  }
  recvPending_ = true;
  requested_ = n;
  requestedAt_ = now();
}

void EspAtTransport::feed(uint8_t c) {
  const uint8_t state = rxState_;
  if (state == kPayload) {
    // (8-bit arithmetic when head + count stays below 256)
    typedef detail::EspAtIndex<(SL_ESPAT_RX_BUFFER <= 128)>::T Sum;
    Sum at = static_cast<Sum>(rxHead_ + rxCount_);
    if (at >= SL_ESPAT_RX_BUFFER) at = static_cast<Sum>(at - SL_ESPAT_RX_BUFFER);
    rx_[at] = c;
    ++rxCount_;
    if (--number_ == 0) rxState_ = kLine;  // (number_ counts the payload down)
    return;
  }
  // kLength or kRecvLength (kPayload is handled above). (On AVR a bit test;
  // on the 32-bit boards a compare with an immediate is shorter.)
  if (SL_ARCH_AVR ? (state & kLength) != 0 : state >= kLength) {
    // (the reply to AT+CIPRECVDATA: the low bit)
    const bool recvReply = (state & (kRecvLength ^ kLength)) != 0;
    if (c >= '0' && c <= '9') {
      // stops growing at 6400..63999 (more than any AT length; such a
      // payload is just long): no overflow. (Below 6400: the high byte
      // below 25, one compare.)
      uint16_t v = number_;
      uint8_t high = static_cast<uint8_t>(v >> 8);
      SL_OPAQUE_AVR(high);  // (avr-gcc compared all 16 bits again)
      if (high < 25) number_ = static_cast<uint16_t>(v * 10 + (c - '0'));
      return;
    }
    if (c == ':' || (c == ',' && recvReply)) {
      // "+IPD,<n>:" (active) or "+CIPRECVDATA:<n>," / "+CIPRECVDATA,<n>:"
      rxState_ = kLine;  // (then kPayload if a payload follows: no select of two constants)
      if (number_) rxState_ = kPayload;
      if (recvReply && number_ < requested_) more_ = false;  // the modem is drained
      return;
    }
    if (c == ',') {  // "+IPD,<link>,<n>": the link id came first
      number_ = 0;
      return;
    }
    // "+IPD,<n>\r\n": passive-mode notification. Anything else: malformed,
    // dropped; the rest of the line is ignored as an unknown line.
    rxState_ = kLine;
    if (c == '\r' || c == '\n') {
      if (!recvReply) more_ = true;
    } else {
      lineLen_ = kNoLine;
    }
    return;
  }
  // kLine
  if (c == '\n') {
    endLine();
    return;
  }
  // A line never starts with a space: so the space of the CIPSEND prompt
  // "> " is not taken into the next line. The modem prints a notice that
  // comes in send mode ("+IPD,<n>", "CLOSED") right behind the prompt with
  // no line break; it must still be recognised (and recorded while the send
  // waits for its answer), not dropped as an unknown " +IPD,4" line.
  if (c == '\r' || (c == ' ' && lineLen_ == 0)) return;
  if (lineLen_ == 0 && c == '>' && (events_ & kOk)) {
    events_ |= kPrompt;  // CIPSEND prompt "> " (no line end), always after its OK
    return;
  }
  uint8_t n = lineLen_;
  // "<link>,": the line is hashed from after the comma (link 0..4; the hash
  // of one byte is that byte)
  if (n == 1 && c == ',' && static_cast<uint8_t>(static_cast<uint8_t>(lineHash_) - '0') < 5) {
    lineLen_ = kLinked;
    lineHash_ = 0;
    return;
  }
  if (n == kNoLine) return;
  lineHash_ = lineStep(lineHash_, c);
  lineLen_ = n = c ? static_cast<uint8_t>(n + 1) : kNoLine;  // (no line holds a NUL)
  // "+IPD," / "+CIPRECVDATA:" at the very start of a line (no link prefix:
  // n would be kLinked or more): only lines of their lengths are looked up
  // (not every byte of every status line).
  if (n != 5 && n != 13) return;
  uint8_t code = lineCode(lineHash_, static_cast<uint8_t>(n | kAtStart));
  if (code) {
    // (the code is the state that parses the length: no mapping)
    static_assert(+kLineIpd == +kLength && +kLineRecvData == +kRecvLength, "a start-of-line code is its length state");
    rxState_ = code;
    number_ = 0;
    newLine();
  }
}

// The line is over: nothing matched yet.
void EspAtTransport::newLine() {
  lineLen_ = 0;
  lineHash_ = 0;
}

void EspAtTransport::endLine() {
  // What the line does: its LineCode (modulo 64: no start-of-line entry).
  uint8_t a = lineCode(lineHash_, lineLen_ & 63u);
  newLine();
  const uint8_t kUp = kLineUp, kDown = kLineDown, kReboot = kLineReboot;
  static_assert(+kLineOk == +kOk && +kLineError == +kError && +kLineSendOk == +kSendOk && +kLineLink == +kLink &&
                    +kLineBusy == +kBusy && !((kUp | kDown | kReboot) & (kOk | kError | kSendOk | kLink | kBusy)),
                "a line's code is its events, plus bits no line event uses");
  if (recvPending_ && (a & (kOk | kError))) {
    // the answer to AT+CIPRECVDATA (no command waits while one is
    // outstanding, so its OK is no command's); ERROR: nothing to read after
    // all (or the link is gone)
    recvPending_ = false;
    if (a & kError) more_ = false;
  }
  events_ |= static_cast<uint8_t>(a & ~(kUp | kDown | kReboot));
  if (a & (kUp | kDown)) open_ = (a & kUp) != 0;
  if (a & kReboot) {
    // the module rebooted: echo is back on, the link and its data are gone
    ready_ = false;
    more_ = false;
    recvPending_ = false;
  }
  // Unknown lines (echo, "WIFI GOT IP", "Recv N bytes", garbage): nothing.
}

// ---- commands ------------------------------------------------------------

// One clock check for every wait: 16-bit times and limits (every wait is at
// most 65,535 ms), so short arithmetic on AVR. A reply awaited from pump()
// (requestedAt_) that the sketch does not poll for over 65 s may wait up to
// one more timeout: the difference has wrapped.
uint16_t EspAtTransport::now() const { return static_cast<uint16_t>(clock_()); }
#if SL_ARCH_AVR
uint16_t EspAtTransport::elapsed(uint16_t start) const { return static_cast<uint16_t>(now() - start); }
#endif

// Waits for any of `events` to come in from now on (events_ is cleared
// first: earlier answers do not count). 0 after timeoutMs.
uint8_t EspAtTransport::waitFor(uint8_t events, uint16_t timeoutMs) {
  events_ = 0;
  uint16_t start = now();
  for (;;) {
    pump(false);
    uint8_t got = events_;
    if (!recvPending_) got |= kSettled;
    got &= events;
    if (got) return got;
    if (elapsed(start) >= timeoutMs) return 0;
  }
}

// Lets an outstanding AT+CIPRECVDATA finish so its OK is not taken for the
// next command's.
void EspAtTransport::settleRecv() {
  waitFor(kSettled, SL_ESPAT_TIMEOUT_MS);
  recvPending_ = false;
}

// Sends the command line of phase dial_ (for AT+CIPSTART with the host and
// port): 0, or kError when it could not be written (error() says
// SerialWriteFailed).
uint8_t EspAtTransport::sendDial(const char* host, uint16_t port) {
  uint8_t d = dial_;
  if (d >= kStart) {
    d = static_cast<uint8_t>(kProbe3 + 5 + tls_);
  } else {
    host = 0;
    port = 0;
  }
  const char* line = kDialLines;
  for (; d > kProbe3; --d) {
    while (detail::flashNext(line)) {
    }
  }
  return sendLine(line, host, port);
}

// Sends phase dial_'s command (sendDial), whose answer is awaited from now
// on (answer()). A line that could not be written counts as answered ERROR
// (error() says SerialWriteFailed).
void EspAtTransport::issue(const char* host, uint16_t port) {
  sentAt_ = now();
  events_ = sendDial(host, port);
}

// One look for the answer to the command issue() sent (the same arguments):
// kOk or kError once it came; kTimeout once its time passed (up to
// SL_ESPAT_CONNECT_TIMEOUT_MS for AT+CIPSTART; 1 s for the "AT" probe;
// SL_ESPAT_TIMEOUT_MS for the others); else 0: look again later. "busy
// p..." means the modem dropped the command while finishing an earlier one
// (whose OK/ERROR may still come): the command is sent again 100 ms later,
// what comes meanwhile is discarded (events_ holds only kPaused), and all
// tries together get the command's time.
uint8_t EspAtTransport::answer(const char* host, uint16_t port) {
  pump(false);
  uint8_t e = events_;
  if (e & kBusy) {
    e = kPaused;
    busyAt_ = now();
  }
  if (e & kPaused) e = elapsed(busyAt_) < 100 ? static_cast<uint8_t>(kPaused) : sendDial(host, port);
  events_ = e;
  e &= kOk | kError;
  if (!e) {
    // (compared with each limit, not with a limit picked first: the picked
    // value took registers of its own)
    uint16_t t = elapsed(sentAt_);
    uint8_t d = dial_;
    if (d >= kStart ? t >= SL_ESPAT_CONNECT_TIMEOUT_MS : d <= kProbe3 ? t >= 1000 : t >= SL_ESPAT_TIMEOUT_MS) {
      e = kTimeout;
    }
  }
  return e;
}

void EspAtTransport::fail(EspAtError::Code code) {
  if (!error()) error() = code;
  failed_ = true;
  txLen_ = 0;
  if (code == EspAtError::Timeout) ready_ = false;  // state unknown: re-init next time
}

// ---- Transport -----------------------------------------------------------

bool EspAtTransport::connect(const char* host, uint16_t port) {
  dial_ = kIdle;  // a connect from the start
  return dial(host, port, kDialWait) >= Pending;  // Done (waiting, it never returns Pending; a sign test)
}

Transport::Progress EspAtTransport::connectStep(const char* host, uint16_t port) { return dial(host, port, kDialStep); }

// connectStep() (kDialStep), connect() (kDialWait) and stop()'s AT+CIPCLOSE
// (kDialClose, no host): each turn, the first (dial_ kIdle) checks the
// arguments and sends the first command (kDialClose: AT+CIPCLOSE, the kClose
// phase); the others look for the answer to the phase's command and, once it
// came, send the next phase's (kDialClose: Done, answered or timed out).
// kDialStep: one turn a call; the others: turns until the connect (or the
// close) ends.
Transport::Progress EspAtTransport::dial(const char* host, uint16_t port, uint8_t mode) {
 for (;;) {
  uint8_t d = dial_;
  if (d == kIdle) {
    d = kClose;
    static_assert((kDialClose & ~(kDialStep | kDialWait)) == kDialClose, "kDialClose is a bit no other mode has");
    // stop()'s AT+CIPCLOSE. (On AVR a bit test: shorter than a compare, mode
    // being in a register ldi cannot load; on ARM the compare is shorter.)
    if (SL_ARCH_AVR ? (mode & kDialClose) != 0 : mode == kDialClose) goto next;
    EspAtTransport::stop();  // (also clears failed_; a direct call)
    error() = EspAtError::Ok;
    // A host of one byte at least (the empty host fails at its NUL, below 0x21)
    const char* p = host;
    uint8_t c;
    if (!p || !port) goto invalid;
    do {
      c = static_cast<uint8_t>(*p++);
      if (c < 0x21 || c == '"' || c == '\\' || c == 0x7f) {
      invalid:
        error() = EspAtError::InvalidArgument;
        return Failed;
      }
    } while (*p);
    d = ready_ ? kStart : kProbe1;
  } else {
    uint8_t got = answer(host, port);
    if (!got) {
      if (mode) continue;
      return Pending;
    }
    dial_ = kIdle;  // (the phase is over; a next one is set below)
    if (mode & kDialClose) return Done;  // stop()'s AT+CIPCLOSE, answered or timed out
    bool ok = (got & kOk) != 0;
    EspAtError::Code why = EspAtError::NoModem;
    if (d >= kStart) {
      if (ok) {
        // CONNECT / CLOSED lines set open_ in order (the peer may already
        // have closed); firmware that prints neither: OK means connected.
        if (!(events_ & kLink)) open_ = true;
        return Done;
      }
      why = EspAtError::Timeout;  // (fail() re-initialises the modem next time)
      if (got & kTimeout) goto failed;
      // ERROR, or the line could not be written (error() already says so).
      // Still open_: "ALREADY CONNECTED" (or CONNECT) came with the ERROR:
      // a link survived our reset; close it and try once more.
      why = EspAtError::ConnectFailed;
      static_assert(kStart % 2 == 0 && kStartAgain == kStart + 1, "the low bit tells the two AT+CIPSTART phases apart");
      if (!open_ || (d & 1u)) goto failed;  // (kStartAgain: a bit test)
      d = kClose;
    } else {
      if (d == kRecvMode) {
        passive_ = ok;  // ERROR: old firmware, active mode
        ready_ = d;  // (not 0: the phase in a register, no constant 1 kept for it)
      }
      // The next phase: after OK (low 4 bits), after none (high 4 bits);
      // 0: NoModem (no answer to three probes, or ATE0 / AT+CIPMUX=0
      // refused). A probe unanswered: "AT" again.
      static const uint8_t kNext[] SL_PROGMEM = {
          kEcho | kProbe2 << 4, kEcho | kProbe3 << 4, kEcho, kMux, kRecvMode,
          kStart | kStart << 4, kStartAgain | kStartAgain << 4};
      {
        uint8_t next = SL_FLASH_READ(&kNext[d - kProbe1]);
        d = ok ? next & 15 : next >> 4;
      }
      if (d) goto next;
    failed:
      fail(why);
      open_ = false;
      return Failed;
    }
  }
next:
  dial_ = d;
  issue(host, port);
  SL_OPAQUE(mode);  // (one copy of this tail for every path into it)
  if (!mode) return Pending;
 }
}

size_t EspAtTransport::write(const uint8_t* data, size_t len) {
  if (!open_ || failed_) {
    if (!error()) error() = EspAtError::LinkClosed;
    return 0;
  }
  detail::EspAtTxIndex n = txLen_;  // (a local: not reloaded after every byte stored)
  for (size_t i = 0; i < len; ++i) {
    if (n == SL_ESPAT_TX_BUFFER) {
      txLen_ = n;
      // The failed send took the full buffer with it: its last i bytes, or
      // all of it if this call filled it more than once (the bytes before it
      // went out with earlier sends). No count kept: less stack here.
      if (!flush()) return i > SL_ESPAT_TX_BUFFER ? i - SL_ESPAT_TX_BUFFER : 0;
      n = 0;  // (flush() emptied it)
    }
    tx_[n++] = data[i];
  }
  txLen_ = n;
  return len;
}

bool EspAtTransport::flush() {
  if (txLen_ == 0) return !failed_;
  EspAtError::Code why = EspAtError::LinkClosed;
  if (open_ && !failed_) {
    // Not through issue() / answer(): this runs at the deepest point of a send (under
    // a message's JSON writer), where one more frame is stack the Uno lacks.
    settleRecv();
    why = EspAtError::SendFailed;  // (a line or the data not written: error() already says SerialWriteFailed)
    if (!sendLine(SL_PSTR("AT+CIPSEND="), 0, txLen_)) {
      uint8_t got = waitFor(kPrompt | kError, SL_ESPAT_TIMEOUT_MS);
      if (got & kPrompt) {
        if (serial().write(tx_, txLen_) != txLen_) {
          error() = EspAtError::SerialWriteFailed;
        } else {
          got = waitFor(kSendOk | kError, SL_ESPAT_TIMEOUT_MS);
          if (got & kSendOk) {
            txLen_ = 0;
            return true;
          }
        }
      }
      if (!got) why = EspAtError::Timeout;
    }
    if (!open_) why = EspAtError::LinkClosed;  // (CLOSED came meanwhile)
  }
  fail(why);  // (also empties the buffer)
  return false;
}

// What every read-side call starts with: buffered bytes go out (the caller
// now waits for an answer), then whatever the modem sent is taken in.
void EspAtTransport::sync(bool mayRequest) {
  flush();  // (returns at once when nothing is buffered)
  pump(mayRequest);
}

size_t EspAtTransport::available() {
  sync(true);
  return rxCount_;
}

size_t EspAtTransport::read(uint8_t* buffer, size_t len) {
  sync(false);  // no request yet: the copy below frees room for a bigger one
  // (locals in the ring's index type: the stores into buffer could alias
  // the members, which would be reloaded every byte)
  detail::EspAtRxIndex n = rxCount_;
  if (len < n) n = static_cast<detail::EspAtRxIndex>(len);
  detail::EspAtRxIndex head = rxHead_;
  for (uint8_t* out = buffer; out != buffer + n; ++out) {
    *out = rx_[head];
    if (++head == SL_ESPAT_RX_BUFFER) head = 0;
  }
  rxHead_ = head;
  rxCount_ = static_cast<detail::EspAtRxIndex>(rxCount_ - n);
  pump(true);  // room again: continue a payload or ask for more
  return n;
}

bool EspAtTransport::connected() {
  // available() first: it sends what write() collected, which may fail. A
  // failed link is not connected even with bytes left to read (a message
  // sent and then checked with connected() must see its send fail).
  // (on AVR its count is reused: rxCount_ not loaded again; on the 32-bit
  // boards loading it measured smaller)
  size_t n = EspAtTransport::available();  // (direct call)
  // Readable: bytes in the ring, or a payload still coming (kPayload, the
  // only state with its bit). (more_ and recvPending_ are only ever set in
  // passive mode; bitwise, as wide as the ring's count needs: no branch per
  // member)
  static_assert(!((kLength | kRecvLength) & kPayload), "kPayload's bit is its own");
  return !failed_ && static_cast<detail::EspAtRxFast>((SL_ARCH_AVR ? n : rxCount_) | (rxState_ & kPayload) | open_ |
                                                       more_ | recvPending_) != 0;
}

void EspAtTransport::stop() {
  if (open_ && !failed_) flush();  // (returns at once when nothing is buffered)
  // An outstanding AT+CIPRECVDATA finishes first, so its OK is not taken for
  // AT+CIPCLOSE's (sent as connectStep()'s kClose phase; answered before
  // stop() returns). (open_ as it was before that wait.)
  bool open = open_;
  settleRecv();
  if (open) {
    dial_ = kIdle;  // (a connectStep() may be under way: a CONNECT came)
    dial(0, 0, kDialClose);  // (waits for its answer)
  }
  // The link's state back to zero (closed, no error, empty buffers, kLine,
  // nothing matched, nothing to fetch); the modem's (ready_, passive_) stays.
  static_cast<detail::EspAtLinkState&>(*this) = detail::EspAtLinkState();
}

// ---- Wi-Fi -----------------------------------------------------------------

namespace {
const char kCwMode[] SL_PROGMEM = "AT+CWMODE=1";
// The modem gives up joining by itself after 15 s (AT 2.x's default).
const uint16_t kJoinTimeoutMs = 20000;

// No control byte: the text fits inside one command line.
bool lineText(const char* s) {
  for (; *s; ++s) {
    uint8_t c = static_cast<uint8_t>(*s);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// `s` as a quoted AT command argument: ESP-AT reads a backslash before a
// backslash, a double quote or a comma as that character.
void putAtString(detail::PutBuffer& b, const char* s) {
  b.put(static_cast<uint8_t>('"'));
  for (; *s; ++s) {
    if (*s == '\\' || *s == '"' || *s == ',') b.put(static_cast<uint8_t>('\\'));
    b.put(static_cast<uint8_t>(*s));
  }
  b.put(static_cast<uint8_t>('"'));
}
}  // namespace

EspAtError EspAtTransport::joinWifi(const char* ssid, const char* password) {
  EspAtTransport::stop();  // (no link while the modem joins; a direct call)
  error() = EspAtError::Ok;
  if (!ssid || !*ssid || !password || !lineText(ssid) || !lineText(password)) return error() = EspAtError::InvalidArgument;
  // AT+CWMODE=1 (station mode), then AT+CWJAP="<ssid>","<password>"; each
  // sent again 100 ms after a "busy p..." (the modem still busy with
  // something), within its time.
  for (uint8_t step = 0; step < 2; ++step) {
    uint16_t limit = step ? kJoinTimeoutMs : SL_ESPAT_TIMEOUT_MS;
    uint16_t start = now();
    uint8_t got;
    for (;;) {
#if SL_PUT_BUFFER == 0
      detail::PutBuffer& b = line_;
      b.restart();
#else
      detail::PutBuffer b(serial_);
#endif
      if (step) {
        b.putFlash(SL_PSTR("AT+CWJAP="));
        putAtString(b, ssid);
        b.put(static_cast<uint8_t>(','));
        putAtString(b, password);
      } else {
        b.putFlash(kCwMode);
      }
      b.putFlash(SL_PSTR("\r\n"));
      if (!b.flush()) {
        error() = EspAtError::SerialWriteFailed;
        return error();
      }
      uint16_t used = elapsed(start);
      got = used < limit ? waitFor(kOk | kError | kBusy, static_cast<uint16_t>(limit - used)) : 0;
      if (!(got & kBusy)) break;
      waitFor(0, 100);  // (what comes meanwhile is discarded)
    }
    if (!(got & kOk)) {
      // ERROR (or 1.x FAIL): station mode refused, or after "+CWJAP:<reason>"
      // a wrong password, no such network...; no answer: no modem (to
      // AT+CWMODE), or it never finished joining
      error() = got ? EspAtError::JoinFailed : step ? EspAtError::Timeout : EspAtError::NoModem;
      if (error() == EspAtError::Timeout) ready_ = false;  // state unknown: set up again by the next connect
      return error();
    }
  }
  return error();  // joined ("WIFI CONNECTED", "WIFI GOT IP", OK)
}

}  // namespace sl
