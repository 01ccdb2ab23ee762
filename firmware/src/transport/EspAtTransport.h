// EspAtTransport: a Transport over a serial line to an ESP-AT modem (an
// ESP-01 / ESP8266 / ESP32 running Espressif's AT firmware), for boards whose
// only network is a UART (Uno, Mega, bare Cortex-M). No heap; every buffer is
// a fixed member sized by the SL_ESPAT_* macros below.
//
//   Serial1.begin(115200);
//   sl::ArduinoByteStream line(Serial1);      // or your own sl::ByteStream
//   sl::EspAtTransport net(line);             // Arduino: clock = millis()
//   // bare metal / tests: sl::EspAtTransport net(line, myMillis);
//   if (net.connect("api.semilimes.net", 80)) { net.write(req, n); ... }
//   else print(net.lastError().name());
//
// Wi-Fi: the module joins its network by itself once it was joined once:
// joinWifi() (firmware/examples/WifiSetup) does that, or the module's own
// set-up; connect() assumes a joined module.
//
// What goes over the line:
//   connect()  first time, or after a timeout: "AT" (3 tries), "ATE0",
//              "AT+CIPMUX=0", "AT+CIPRECVMODE=1" (passive receive; if the
//              firmware answers ERROR the transport stays in active mode);
//              then AT+CIPSTART="TCP"|"SSL","<host>",<port>, whose answer
//              is awaited up to SL_ESPAT_CONNECT_TIMEOUT_MS in all (also
//              when it is sent again after "busy p...", 100 ms later).
//              connectStep() sends the same commands but never waits: each
//              call takes in what the modem sent and sends the next command
//              once the last one is answered (WsClient, so sl::Client,
//              connects this way: loop() is not held up by a slow or
//              unreachable cloud, nor by a missing modem). connect() is
//              connectStep() called until it ends.
//   write()    appends to a TX buffer of SL_ESPAT_TX_BUFFER bytes; when it is
//              full the buffer goes out as one AT+CIPSEND=<n>, '>' prompt,
//              <n> bytes, "SEND OK" (blocking up to SL_ESPAT_TIMEOUT_MS).
//   flush()    sends what is buffered now. Message boundaries: bytes are NOT
//              sent until the buffer fills, flush() is called, or the caller
//              starts reading: available(), read() and connected() flush
//              first. So a request/response protocol (an HTTP request, a
//              WebSocket frame followed by poll()) needs no explicit flush;
//              call flush() when you write and then do not read.
//   receive    passive mode (the default when supported): the modem keeps
//              inbound TCP data and announces it with "+IPD,<n>"; the
//              transport asks for at most min(free ring space,
//              SL_ESPAT_RECV_CHUNK) bytes with AT+CIPRECVDATA=<k>, one request
//              at a time, so it never receives more than it can hold: this
//              is the flow control. The reply ("+CIPRECVDATA:<k>,<bytes>",
//              or the 1.x form "+CIPRECVDATA,<k>:<bytes>") is parsed as it
//              arrives, byte by byte, straight into the ring. Size
//              SL_ESPAT_RECV_CHUNK so that chunk + ~30 bytes of framing fits
//              the UART driver's receive buffer (64 on AVR Arduino cores),
//              or poll often enough.
//              Active mode (old firmware): "+IPD,<n>:<bytes>" is pushed by the
//              modem whenever data arrives; the transport parses it the same
//              way and stops reading the serial line while the ring is full
//              (bytes then wait in the UART driver, which can overflow if the
//              sketch does not read: the limit of active mode).
//
// Transport contract notes: available()/read()/connected() never wait for
// the network, but may send a buffered CIPSEND (see flush: up to
// SL_ESPAT_TIMEOUT_MS if the modem is slow) or one "AT+CIPRECVDATA" line.
// stop() of an open link waits for the answer to AT+CIPCLOSE (up to
// SL_ESPAT_TIMEOUT_MS); stop() during connectStep() sends nothing (a link
// the modem opens after all is closed by the next connect).
// connected() stays true while received bytes are unread, also after the
// modem reported CLOSED, but not after a failure (a send or a serial write
// failed, a command timed out): the link is then unusable, and a sender that
// checks connected() after its message (WsClient::send) sees the failure.
// A write that fails returns fewer bytes than given; bytes of earlier writes
// still buffered are then lost too (flush() or connected() to know).
// Notices that come while a command waits for its answer ("+IPD,<n>" before
// or right behind the CIPSEND prompt "> ", or between "Recv N bytes" and
// "SEND OK"; "CLOSED") are recorded and acted on after the command: the data
// is asked for on the next poll, a close ends the link (no AT+CIPCLOSE).
// Lines the transport does not know (garbage, "WIFI GOT IP", echo) are
// ignored. Status lines are recognised as their bytes arrive by a 16-bit
// hash and the length, looked up in a table in flash: no line is held in
// RAM. The modem's other lines (numbered replies, notices, echoes) never
// hash as a status line (test/firmware/modem/espat_lines_test.cpp); an
// arbitrary line of a status line's length may, with odds of about 1 in
// 65,536.
// A command answered "busy p..." is sent again; "ready" (the module
// rebooted) drops the link and re-initialises the modem on the next connect.
//
// RAM: SL_ESPAT_RX_BUFFER + SL_ESPAT_TX_BUFFER + 32 bytes on AVR (128 with
// the Uno defaults 32 + 64, 160 with the Mega's 64 + 64), plus an 18-byte
// vtable in .data. Flash on an ATmega328P: about 2.7 KB alone
// (test/firmware/modem.test.ts measures it), about 2.2 KB in an LTO sketch
// (LampControl); its command lines go through http/PutBuffer (not counted),
// shared with the WebSocket handshake.
#ifndef SL_TRANSPORT_ESP_AT_TRANSPORT_H
#define SL_TRANSPORT_ESP_AT_TRANSPORT_H

#include "../http/PutBuffer.h"
#include "../io/ByteStream.h"
#include "EspAtError.h"
#include "Transport.h"

#ifdef ARDUINO
#include <Arduino.h>
#endif

// Options: SL_ESPAT_RX_BUFFER, SL_ESPAT_TX_BUFFER, SL_ESPAT_RECV_CHUNK,
// SL_ESPAT_TIMEOUT_MS, SL_ESPAT_CONNECT_TIMEOUT_MS
// (config/Config.h).

namespace sl {

namespace detail {
// Link-time layout check. The buffer sizes are members, so every file that
// creates an EspAtTransport must see the same SL_ESPAT_* values as the file
// that compiled EspAtTransport.cpp. The constructor takes this empty tag
// (filled in at the call site) and EspAtTransport.cpp defines only the
// constructor for its own sizes: a mismatch is an undefined reference to
// EspAtTransport(..., EspAtLayout<rx, tx>) instead of silent memory
// corruption.
template <unsigned Rx, unsigned Tx>
struct EspAtLayout {};
typedef EspAtLayout<SL_ESPAT_RX_BUFFER, SL_ESPAT_TX_BUFFER> EspAtThisLayout;

// EspAtTransport's scalar state, a private base: all of it starts at zero
// (0 is kLine, no events, every flag false), and value-initialising one
// plain struct is a single clearing loop on AVR instead of a store per
// member (about 120 bytes of flash less for each transport constructed).
// Ring and TX buffer indexes: a byte when the buffer holds at most 255
// (the AVR defaults): less RAM, and 8-bit arithmetic on AVR.
template <bool Byte>
struct EspAtIndex {
  typedef uint16_t T;
  typedef uint_fast16_t Fast;  // (arithmetic on one: the target's natural width)
};
template <>
struct EspAtIndex<true> {
  typedef uint8_t T;
  typedef uint_fast8_t Fast;
};
typedef EspAtIndex<(SL_ESPAT_RX_BUFFER <= 255)>::T EspAtRxIndex;
typedef EspAtIndex<(SL_ESPAT_TX_BUFFER <= 255)>::T EspAtTxIndex;
typedef EspAtIndex<(SL_ESPAT_RX_BUFFER <= 255)>::Fast EspAtRxFast;

// The link's state: stop() puts all of it back to zero in one go.
struct EspAtLinkState {
  EspAtRxIndex rxHead_;
  EspAtRxIndex rxCount_;
  EspAtTxIndex txLen_;
  uint16_t number_;  // kLength / kRecvLength: the length after "+IPD," / "+CIPRECVDATA"; kPayload: bytes still to come
  EspAtRxIndex requested_;  // size of the outstanding AT+CIPRECVDATA (at most the ring)
  // Two times never needed at once: requestedAt_ is read only while
  // recvPending_, busyAt_ only during a command (dial_ is not 0: a phase of
  // connectStep() or stop()'s AT+CIPCLOSE). A command starts with no
  // AT+CIPRECVDATA outstanding (stop() and settleRecv() clear recvPending_)
  // and none is sent while dial_ is not 0 (requestData()), so recvPending_
  // stays false as long as busyAt_ is in use.
  union {
    uint16_t requestedAt_;  // clock's low 16 bits when AT+CIPRECVDATA was sent
    uint16_t busyAt_;       // ... when the command was answered "busy p..." (kPaused)
  };
  uint8_t lineLen_;  // bytes of the line so far (+0x80 after a "<link>," prefix; 0xFF: matches nothing)
  uint16_t lineHash_;  // hash of the line's bytes so far (EspAtTransport.cpp, kLines)
  uint8_t rxState_;
  uint8_t events_;
  uint8_t dial_;       // the phase whose command is out (EspAtTransport.cpp, Dial): connectStep()'s, stop()'s kClose; 0: none
  uint16_t sentAt_;    // clock's low 16 bits when the command now answered was first sent
  bool open_;        // link up as far as the modem told us
  bool failed_;      // a send failed or timed out: the link is unusable
  bool more_;        // passive mode: the modem holds unread data
  bool recvPending_; // an AT+CIPRECVDATA awaits its OK / ERROR
};

// ...and what outlives a link: the modem's.
struct EspAtState : EspAtLinkState {
  uint8_t ready_;    // not 0: modem initialised (echo off, single link, mode known)
  bool passive_;     // AT+CIPRECVMODE=1 accepted
  bool tls_;
#if SL_PUT_BUFFER != 0
  EspAtError error_;  // (here: zeroed with the rest, no store of its own)
#endif
};

#if SL_PUT_BUFFER == 0
// EspAtTransport's writer of command lines with the error, one object:
// sendLine() records SerialWriteFailed from the writer's address and keeps
// no register for the transport across its calls.
struct EspAtLine : PutBuffer {
  explicit EspAtLine(Sink& out) : PutBuffer(out), error() {}
  EspAtError error;
};
#endif
}  // namespace detail

class EspAtTransport : public Transport, private detail::EspAtState {
 public:
  // A millisecond clock (wraps at 2^32). Only the low 16 bits are used:
  // every wait is at most 65,535 ms, timed as a 16-bit difference.
  typedef uint32_t (*Clock)();

  // `serial` and `clock` must outlive the transport.
  EspAtTransport(ByteStream& serial, Clock clock, detail::EspAtThisLayout = detail::EspAtThisLayout());
#ifdef ARDUINO
  explicit EspAtTransport(ByteStream& serial) : EspAtTransport(serial, clockOf(&millis)) {}
#endif

  // connect() opens "SSL" links instead of "TCP" (the module does TLS).
  EspAtTransport& useTls(bool on) {
    tls_ = on;
    return *this;
  }

  // Joins the Wi-Fi network `ssid` (station mode: AT+CWMODE=1, then
  // AT+CWJAP with both strings escaped as ESP-AT reads them: a backslash
  // before each backslash, double quote and comma; `password` "" for an
  // open network). The module keeps the network in its own flash (the AT
  // firmware's default) and joins it again by itself after every reset: a
  // sketch does this once (firmware/examples/WifiSetup), not at every boot.
  // Closes an open link first. Waits for the modem's answer, up to 20 s
  // (it gives up after 15 s by itself): call it from setup(), never from a
  // loop() that must not wait. Ok; InvalidArgument (ssid empty, a control
  // byte in either); NoModem (no answer to AT+CWMODE); JoinFailed (wrong
  // password, no such network: the modem's ERROR / FAIL); Timeout;
  // SerialWriteFailed. Also lastError().
  EspAtError joinWifi(const char* ssid, const char* password);

  bool connect(const char* host, uint16_t port) override;
  Progress connectStep(const char* host, uint16_t port) override;
  size_t write(const uint8_t* data, size_t len) override;
  using Transport::write;
  // Sends the buffered bytes now; false (and lastError()) if that failed.
  bool flush();
  size_t available() override;
  size_t read(uint8_t* buffer, size_t len) override;
  bool connected() override;
  // Sends buffered bytes (best effort), closes the link (AT+CIPCLOSE) and
  // drops unread bytes. Safe to call twice.
  void stop() override;

#if SL_PUT_BUFFER == 0
  EspAtError lastError() const { return line_.error; }
#else
  EspAtError lastError() const { return error_; }
#endif
  // True once the modem accepted AT+CIPRECVMODE=1.
  bool passiveMode() const { return passive_; }

 private:
  // (the length states share bit 1, kRecvLength has bit 0 too: the
  // number belongs to +CIPRECVDATA; kPayload's bit is its own)
  enum RxState : uint8_t { kLine = 0, kLength = 2, kRecvLength = 3, kPayload = 4 };
  enum Event : uint8_t {
    kOk = 1,
    kError = 2,  // also "SEND FAIL"
    kPrompt = 4,
    kSendOk = 8,
    kSettled = 16,  // (waitFor only) no AT+CIPRECVDATA outstanding
    kTimeout = 32,  // (answer()'s result only) no answer in the command's time
    kPaused = 32,   // (in events_ only) answered "busy p...": sent again 100 ms later
    kLink = 64,  // a CONNECT, ALREADY CONNECTED or CLOSED line
    kBusy = 128,  // "busy p..." / "busy s..."
  };

#ifdef ARDUINO
  static uint32_t arduinoMillis() { return static_cast<uint32_t>(millis()); }
  // millis() itself when it already returns uint32_t (AVR, ARM cores): no
  // wrapper function in flash; otherwise (64-bit hosts, ESP8266) the wrapper.
  static Clock clockOf(Clock millisFn) { return millisFn; }
  template <typename F>
  static Clock clockOf(F) {
    return &arduinoMillis;
  }
#endif

  // Takes in what the modem sent; with mayRequest (never inside a command
  // exchange: waitFor, settleRecv) may send one AT+CIPRECVDATA.
  void pump(bool mayRequest);
  void sync(bool mayRequest);
  SL_NOINLINE void feed(uint8_t c);  // (out of line: pump() keeps no constants of its own in registers)
  void endLine();
  void requestData();
  SL_NOINLINE uint16_t now() const;
#if SL_ARCH_AVR
  // (out of line on AVR: a caller keeps no start in callee-saved registers
  // across the clock call, and does no subtraction of its own; inline on
  // the 32-bit boards, where that measured smaller)
  SL_NOINLINE uint16_t elapsed(uint16_t start) const;
#else
  uint16_t elapsed(uint16_t start) const { return static_cast<uint16_t>(now() - start); }
#endif
  uint8_t waitFor(uint8_t events, uint16_t timeoutMs);
  void settleRecv();
  // (dial(): connectStep(), connect(), stop(); kDialClose is tested as a bit)
  enum DialMode : uint8_t { kDialStep, kDialWait, kDialClose };
  Progress dial(const char* host, uint16_t port, uint8_t mode);
  uint8_t sendDial(const char* host, uint16_t port);
  void issue(const char* host, uint16_t port);
  uint8_t answer(const char* host, uint16_t port);
  uint8_t sendLine(const char* flashPrefix, const char* host, uint16_t n);
  SL_NOINLINE void fail(EspAtError::Code code);
  void newLine();
  // The writer of command lines (sendLine(), joinWifi()): kept here when it
  // holds no buffer (SL_PUT_BUFFER 0, the AVR default), so a command line
  // takes no stack frame of its own (2 bytes of RAM here, 4 bytes less
  // stack at the deepest point of a send); else a local over serial_.
#if SL_PUT_BUFFER == 0
  // (line_ was made from a ByteStream)
  ByteStream& serial() const { return static_cast<ByteStream&>(line_.sink()); }
  EspAtError& error() { return line_.error; }
  detail::EspAtLine line_;  // the serial line (serial()) behind the writer, and the error
#else
  ByteStream& serial() const { return serial_; }
  EspAtError& error() { return error_; }
  ByteStream& serial_;
  Clock clock_;
#endif
  // The scalars are in detail::EspAtState (zeroed by the constructor).
  // Buffers last: on AVR the scalars above, and the TX buffer's start, stay
  // within reach of the short displacement addressing (Z+0..63), which
  // keeps the code small.
  uint8_t rx_[SL_ESPAT_RX_BUFFER];
  uint8_t tx_[SL_ESPAT_TX_BUFFER];
#if SL_PUT_BUFFER == 0
  Clock clock_;  // (behind the buffers: read in one place, now(); the TX buffer stays within Z+63)
#endif
};

}  // namespace sl

#endif  // SL_TRANSPORT_ESP_AT_TRANSPORT_H
