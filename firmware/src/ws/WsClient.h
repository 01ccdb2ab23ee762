// WsClient: an RFC 6455 WebSocket client over any Transport, without heap
// and without holding a message in RAM.
//
// connect() connects the transport and writes the upgrade request
// (connectStep(): the same without waiting for a transport that connects in
// steps); poll() (call it from loop()) reads what the transport has,
// finishes the handshake, delivers messages to a
// WsHandler as spans, answers pings (streaming the pong back), completes
// the close handshake, and fails the connection with 1002 (invalid frame),
// 1007 (invalid UTF-8) or 1009 (message over `maxMessage`). poll() never
// blocks: it reads at most SL_WS_POLL_READS chunks of SL_WS_READ_CHUNK bytes
// (on the stack) per call.
//
// Sending: every frame gets a fresh mask from `rng`. Text is checked to be
// UTF-8 before anything is sent (InvalidArgument otherwise). send() (a
// message from a BodyFn: what sl::Client sends) ends with the transport's
// connected(), which sends what a transport that collects writes
// (EspAtTransport, ArduinoClientTransport) still holds (Transport.h): the
// message leaves at once (a sketch may send and then sleep), and a link
// that failed meanwhile is the send's WriteFailed (sl::Client then keeps
// the message in its outbox). The other sends leave the collected bytes
// to the next poll() (its reads send them) or to the transport's flush().
// Long messages can be sent in fragments (sendFragment) or from a BodyFn
// (length from a counting pass). Control frames may be sent between
// fragments. While a pong is half-way out (a ping whose payload has not
// fully arrived yet: the pong streams it back byte for byte), every send
// returns BadState; try again after the next poll().
//
// State: 47 bytes on AVR (76 on 32-bit targets) + the caller's line buffer (>= 64 bytes, at most 255
// used; only during the handshake).
//
// Size (ATmega328P, avr-gcc 5.4 -Os -flto, a program that connects, polls and
// sends text: test/firmware/ws.test.ts): ~5.0 KB of flash (SHA-1 in AVR
// assembly, SL_SHA1_ASM in crypto/Sha1.h), ~4.2 KB with
// SL_WS_CHECK_ACCEPT 0; about 130 B more with 16-byte mask chunks and an
// 8-byte PutBuffer (SL_WS_MASK_CHUNK, SL_PUT_BUFFER: config/Config.h). On AVR, frames and messages are limited to 65535 bytes
// each way (SL_WS_LONG_FRAMES).
//
//   char line[64];
//   sl::Random rng(seedFromNoise());
//   sl::WsClient ws(transport, rng, line, sizeof line, 2048);
//   ws.connect("api.semilimes.net", 443, "/service/ws", apiKey);
//   void loop() { ws.poll(handler); if (ws.state() == sl::WsClient::Open) ws.sendText("{...}"); }
#ifndef SL_WS_WS_CLIENT_H
#define SL_WS_WS_CLIENT_H

#include "../transport/Transport.h"
#include "WsFrameParser.h"
#include "WsFrameWriter.h"
#include "WsHandler.h"
#include "WsHandshake.h"

// Options: SL_WS_READ_CHUNK, SL_WS_POLL_READS (config/Config.h).

namespace sl {

class WsClient {
 public:
  enum State : uint8_t { Closed, Connecting, Open, Closing };

  // Sets only what is read before connect() (state_: connecting() is
  // read by connectStep(); fragment_, 0 whenever a connection opens, drop()
  // clears it): the rest of the state (the handshake / frame
  // parser storage, the outgoing UTF-8 check) is set by
  // connect() or when the connection opens, and nothing reads it while
  // Closed. A global client is thus built by a
  // handful of stores (LTO inlines this into the static initialisation).
  WsClient(Transport& transport, Random& rng, char* lineBuffer, size_t lineCapacity, uint32_t maxMessage)
      : line_(lineBuffer),
        lineCap_(static_cast<uint8_t>(lineCapacity > 255 ? 255 : lineCapacity)),
        maxMessage_(clampLength(maxMessage)),
        writer_(transport, rng),
        state_(Closed),
        fragment_(0),
        error_(WsError::Ok) {}
  // The same without a transport yet: call setTransport() before connect().
  // (An owner that learns its transport later needs no forwarding object:
  // on AVR every such object's vtable is RAM.)
  WsClient(Random& rng, char* lineBuffer, size_t lineCapacity, uint32_t maxMessage)
      : line_(lineBuffer),
        lineCap_(static_cast<uint8_t>(lineCapacity > 255 ? 255 : lineCapacity)),
        maxMessage_(clampLength(maxMessage)),
        writer_(rng),
        state_(Closed),
        fragment_(0),
        error_(WsError::Ok) {}
  // Only while Closed (connect() stops the old transport, not this one's).
  void setTransport(Transport& transport) { writer_.setTarget(transport); }
  // The transport given to the constructor or setTransport() (not before).
  Transport& transport() const { return static_cast<Transport&>(writer_.target()); }

  // Connects the transport and sends the upgrade request (`bearer` may be 0).
  // The handshake completes in poll() (onOpen).
  SL_NODISCARD WsError connect(const char* host, uint16_t port, const char* path, const char* bearer) {
    return open(host, port, path, bearer, 0, false);
  }
  // The same with the path in flash (SL_PSTR / SL_PROGMEM): no RAM for it on AVR.
  SL_NODISCARD WsError connect(const char* host, uint16_t port, FlashString path, const char* bearer) {
    return open(host, port, path.ptr(), bearer, WsHandshake::kPathInFlash, false);
  }
  // Any of path and bearer in flash: inFlash holds WsHandshake::kPathInFlash,
  // WsHandshake::kBearerInFlash for those that are (flash pointers as
  // const char*, as FlashString::ptr() gives them); WsHandshake::kPathVerbatim
  // for a constant path sent without escaping (see WsHandshake).
  SL_NODISCARD WsError connect(const char* host, uint16_t port, const char* path, const char* bearer,
                               uint8_t inFlash) {
    return open(host, port, path, bearer, inFlash, false);
  }
  // connect() without waiting for the transport's connect (sl::Client's
  // loop() connects this way): with a transport that connects in steps
  // (Transport::connectStep: EspAtTransport) it returns Ok while the
  // transport is still connecting (connecting(), state Connecting); call it
  // again with the same arguments (from loop(): each call a step, never a
  // wait) until connecting() is false. It then writes the request, or
  // returns the error (ConnectFailed, WriteFailed: Closed) as connect()
  // does. poll() does nothing meanwhile. Other transports: connect().
  SL_NODISCARD WsError connectStep(const char* host, uint16_t port, const char* path, const char* bearer,
                                   uint8_t inFlash = 0) {
    return open(host, port, path, bearer, inFlash, true);
  }

  // Reads and dispatches what has arrived. Returns the error that ended the
  // connection, if any (also passed to onClose).
  // Inline: called from one place (BasicClient::loop(), a sketch's loop()),
  // it goes into an Arduino main() on AVR, which saves no registers; out of
  // line its 18 register saves and restores cost more than its read buffer
  // and locals in main()'s frame (LampControl on the Uno 86 B less flash,
  // 12 B more peak stack, with loop()'s clock read after it).
  // `handler` is a WsHandler, or any class with the same six member
  // functions (called directly, not through a vtable: an owner like
  // BasicClient needs no vtable, which AVR keeps in RAM; it makes WsClient
  // a friend if they are private).
  template <typename Handler>
  WsError poll(Handler& handler) {
    if (connecting()) return error_;  // (connectStep() takes it on)
    uint8_t buf[SL_WS_READ_CHUNK];
    for (uint8_t i = 0; i < SL_WS_POLL_READS && state_ != Closed; ++i) {
      size_t n = transport().read(buf, sizeof buf);
      if (n == 0) {
        if (!transport().connected()) end(1006, WsError::ConnectionLost, handler, false);
        break;
      }
      feed(buf, n, handler);
      wsTraffic(handler);  // (WsHandler.h: nothing unless the handler's type has a hook)
    }
    return error_;
  }

  SL_NODISCARD WsError sendText(const char* text) {
    size_t n = 0;
    while (text[n]) ++n;
    return sendMessage(WsFrameParser::Text, reinterpret_cast<const uint8_t*>(text), n);
  }

  SL_NODISCARD WsError sendBinary(const uint8_t* data, size_t len) {
    return sendMessage(WsFrameParser::Binary, data, len);
  }

  // One message from a BodyFn, in one frame: fn is called twice, a counting
  // pass (which also checks text is UTF-8) and the writing pass. fn must
  // write the same bytes both times: a failing or invalid counting pass
  // sends nothing (InvalidArgument); a writing pass of another length drops
  // the connection (InvalidArgument, state Closed).
  SL_NODISCARD WsError send(bool binary, BodyFn fn, void* context) {
    if (!canSend() || fragment_) return WsError::BadState;
    detail::WsLength length;
    // (text is checked by the masking sink's own validator in the counting
    // pass; a binary pass leaves its state at 0: complete)
    writer_.masked_.beginCount(binary);
    if (!writer_.counted(fn, context, length) || !writer_.masked_.textComplete()) {
      return WsError::InvalidArgument;
    }
    WsError e = writer_.start(binary ? WsFrameParser::Binary : WsFrameParser::Text, true, length);
    if (!e) e = writer_.body(fn, context);
    // The message goes out now, not at the next poll(): connected() sends
    // what the transport collected (no virtual flush() in Transport: a
    // vtable entry more for every transport, RAM on AVR).
    if (!e && !transport().connected()) e = WsError::WriteFailed;
    // Past the header any failure leaves a broken frame on the wire: a write
    // that failed, or a writing pass of fn that differed from its counting
    // pass (InvalidArgument): the connection is dropped either way.
    if (e) drop(e);
    return e;
  }

  // Sends one fragment of a message; the first call picks text or binary,
  // `final` ends the message. Text fragments must be UTF-8 together (a code
  // point may be split across fragments); an invalid fragment is not sent.
  SL_NODISCARD WsError sendFragment(bool binary, const uint8_t* data, size_t len, bool final) {
    if (!canSend()) return WsError::BadState;
    uint8_t op = binary ? WsFrameParser::Binary : WsFrameParser::Text;
    if (fragment_ && fragment_ != op) return WsError::BadState;
    if (!fragment_) outUtf8_.reset();
    if (op == WsFrameParser::Text) {
      Utf8Validator v = outUtf8_;
      if (!v.feed(data, len) || (final && !v.complete())) return WsError::InvalidArgument;
      outUtf8_ = v;
    }
    WsError e = written(writer_.frame(fragment_ ? static_cast<uint8_t>(WsFrameParser::Continuation) : op, final, data, len));
    if (!e) fragment_ = final ? 0 : op;
    return e;
  }

  // Ping with up to 125 bytes of payload; the pong arrives as onPong().
  SL_NODISCARD WsError ping(const uint8_t* data = 0, size_t len = 0) {
    if (!canSend()) return WsError::BadState;
    if (len > 125) return WsError::InvalidArgument;
    return written(writer_.frame(WsFrameParser::Ping, true, data, len));
  }

  // Starts the close handshake; the connection is Closed (and onClose
  // called) when the peer's close frame arrives. `code` must be a code an
  // endpoint may send (1000-1003, 1007-1014, 3000-4999); `reason` at most
  // 123 bytes of UTF-8 (may be 0).
  SL_NODISCARD WsError close(uint16_t code = 1000, const char* reason = 0) {
    if (!canSend()) return WsError::BadState;
    size_t n = 0;
    if (reason) {  // (no reason, the usual case: no UTF-8 check in the program)
      while (reason[n]) ++n;
      Utf8Validator v;
      if (n > 123 || !v.feed(reinterpret_cast<const uint8_t*>(reason), n) || !v.complete()) {
        return WsError::InvalidArgument;
      }
    }
    if (!WsFrameParser::validCloseCode(code)) return WsError::InvalidArgument;
    WsError e = writeClose(code, n);
    // (no reason, the usual case: a write of 0 bytes, Ok without a call)
    if (!e) e = writer_.put(reinterpret_cast<const uint8_t*>(reason), n);
    e = written(e);
    if (!e) state_ = Closing;
    return e;
  }

  // Drops the connection without a close handshake (e.g. after a close timeout).
  void abort() { drop(error_); }
  // Sends a close frame with `code` (as close(), no reason) when frames may
  // be written, best effort (a failed write is not reported), then drops
  // the connection at once, without waiting for the peer's close (as
  // abort(): no onClose; error() unchanged). For an owner's teardown.
  void closeNow(uint16_t code = 1000) { shut(code, error_); }

  State state() const { return state_ > Closing ? (state_ == kPonging ? Open : Connecting) : state_; }
  WsError error() const { return error_; }
  // The transport is still connecting (Connecting, the request not yet
  // written): call connectStep() again.
  bool connecting() const { return state_ == kDialing; }

 private:
  // Frames may be written: the connection is open and no pong is half-way
  // out. A pong streams a ping's payload back as it arrives, so until the
  // ping's last byte has been read its frame is open on the wire; any other
  // frame written then would land inside it. Senders get BadState meanwhile
  // (sl::Client keeps such a message in its outbox and retries).
  bool canSend() const { return state_ == Open; }
  // state_ while Open with a pong half-way out (state() is Open then): the
  // pong flag and the state in one byte, one test in canSend().
  static const State kPonging = static_cast<State>(Closing + 1);

  // state_ while the transport connects (state() is Connecting then).
  static const State kDialing = static_cast<State>(Closing + 2);

  // A connect (or, while connecting(), its next step): the transport's
  // connect (in steps with `steps`), then the upgrade request.
  WsError open(const char* host, uint16_t port, const char* path, const char* bearer, uint8_t inFlash,
               bool steps) {
    if (!steps || !connecting()) {
      if (state_ != Closed) drop(WsError::Ok);  // (the out-of-line stop: Closed either way now)
      error_ = WsError::Ok;
      state_ = kDialing;
    }
    Transport::Progress p = steps                              ? transport().connectStep(host, port)
                            : transport().connect(host, port) ? Transport::Done
                                                              : Transport::Failed;
    if (p == Transport::Pending) return WsError::Ok;
    state_ = Connecting;
    WsError e = WsError::ConnectFailed;
    if (p == Transport::Done) {
      // writeRequest() sets the whole handshake state (the frame parser's
      // storage holds it until Open); nothing reads it before.
      e = phase_.handshake.writeRequest(transport(), writer_.random(), host, port, path, bearer, inFlash);
      if (!e) return e;
    }
    drop(e);
    return e;
  }

  static WsFrameParser::Length clampLength(uint32_t n) {
    return n > static_cast<WsFrameParser::Length>(~WsFrameParser::Length(0))
               ? static_cast<WsFrameParser::Length>(~WsFrameParser::Length(0))
               : static_cast<WsFrameParser::Length>(n);
  }

  // The transport: the frame writer's target (the constructor gave it the
  // transport, so the cast is exact), not a second reference to it.

  // A close frame's header and code (code 0: none, no payload), for a
  // reason of reasonLen bytes that the caller writes next.
  // The code's bytes are stored before the header is written (a control
  // frame's header leaves scratch() as it was, see WsMaskingSink): nothing
  // is held across the header's write.
  WsError writeClose(uint16_t code, size_t reasonLen) {
    uint8_t* be = writer_.masked_.scratch();  // (no array on the stack)
    uint8_t n = 0;
    if (code) {
      be[0] = static_cast<uint8_t>(code >> 8);
      be[1] = static_cast<uint8_t>(code);
      n = 2;
    }
    WsError e = writer_.start(WsFrameParser::Close, true, static_cast<detail::WsLength>(n ? n + reasonLen : 0));
    if (!e) e = writer_.put(be, n);  // (n == 0: Ok, nothing written)
    return e;
  }

  WsError sendMessage(uint8_t op, const uint8_t* data, size_t len) {
    if (!canSend() || fragment_) return WsError::BadState;
    if (op == WsFrameParser::Text) {
      Utf8Validator v;
      if (!v.feed(data, len) || !v.complete()) return WsError::InvalidArgument;
    }
    return written(writer_.frame(op, true, data, len));
  }

  // Stops the transport: Closed, with `e` as error().
  // (The state first: nothing held across the transport's call.)
  SL_NOINLINE void drop(WsError e) {
    WsClient* c = this;
    SL_OPAQUE_AVR(c);  // (fields by displacement from one pointer: no 4-byte address for each)
    c->fragment_ = 0;
    c->state_ = Closed;
    c->error_ = e;
    c->transport().stop();
  }

  // A failed write leaves a broken frame on the wire: the connection is dropped.
  WsError written(WsError e) {
    if (e == WsError::WriteFailed) drop(e);
    return e;
  }

  // A close frame with `code` when frames may be written (0: none; 1005: one
  // without a code), its write failure ignored (the transport is stopped
  // next), then drop(error). Out of line: one copy for poll()'s ends and
  // closeNow().
  SL_NOINLINE void shut(uint16_t code, WsError error) {
    if (code && canSend()) (void)writeClose(code == 1005 ? 0 : code, 0);
    drop(error);
  }

  template <typename Handler>
  void end(uint16_t code, WsError error, Handler& handler, bool sendClose) {
    if (sendClose) {  // (a constant at each call: no close code passed for none)
      shut(code, error);
    } else {
      drop(error);
    }
    handler.onClose(code, error);
  }

  template <typename Handler>
  void feed(const uint8_t* data, size_t len, Handler& h) {
    while (state_ != Closed) {
      if (state_ == Connecting) {
        WsError err = phase_.handshake.feed(data, len, line_, lineCap_);
        if (err) return end(1006, err, h, false);
        if (!phase_.handshake.done()) return;
        phase_.frames.reset(maxMessage_);
        state_ = Open;
        h.onOpen();
        continue;
      }
      WsFrameParser::Event e = phase_.frames.next(data, len);
      switch (e) {
        case WsFrameParser::NeedMore:
          return;
        case WsFrameParser::MessageBegin:
          h.onMessageBegin(phase_.frames.messageOpcode() == WsFrameParser::Binary);
          break;
        case WsFrameParser::MessageData:
          h.onMessageData(phase_.frames.data(), phase_.frames.length());
          break;
        case WsFrameParser::MessageEnd:
          h.onMessageEnd();
          break;
        case WsFrameParser::ControlBegin:
          if (phase_.frames.controlOpcode() == WsFrameParser::Ping && state_ == Open) {
            // (a control frame of at most 125 bytes: WriteFailed is the only error)
            if (writer_.start(WsFrameParser::Pong, true, phase_.frames.controlLength())) {
              drop(WsError::WriteFailed);  // the frame is broken: dropped (onClose below)
            } else {
              state_ = kPonging;
            }
          }
          break;
        case WsFrameParser::ControlData:  // a ping's payload streams straight back into the pong
          if (state_ == kPonging) {
            // (the pong is as long as the ping: all its spans fit, so a
            // short write is the sink's failed(); no length kept across it)
            (void)writer_.masked_.write(phase_.frames.data(), phase_.frames.length());
            if (writer_.masked_.failed()) drop(WsError::WriteFailed);  // (onClose below)
          }
          break;
        case WsFrameParser::ControlEnd: {
          if (state_ == kPonging) state_ = Open;
          uint8_t op = phase_.frames.controlOpcode();
          if (op == WsFrameParser::Pong) h.onPong();
          if (op == WsFrameParser::Close) return end(phase_.frames.closeCode(), WsError::Ok, h, true);
          break;
        }
        default:  // Error: fail the connection with 1002/1007/1009
          return end(phase_.frames.error().inboundCloseCode(), phase_.frames.error(), h, true);
      }
    }
    // Closed inside this loop, not by end() (which returns): a write failed,
    // the pong's or a send*() from a callback (onOpen, onMessage*, onPong),
    // and dropped the connection: reported here. (abort() from a callback
    // is the caller's own doing: no onClose, as outside poll().)
    if (error_ == WsError::WriteFailed) h.onClose(1006, error_);
  }

  char* line_;       // the caller's line buffer (handshake only)
  uint8_t lineCap_;  // its usable size, at most 255
  // The handshake (Connecting) and the frame parser (Open, Closing) are
  // never needed at the same time: they share their storage (22 bytes).
  // Neither is built at construction: connect() stores a fresh handshake,
  // the Open transition a fresh parser.
  union Phase {
    Phase() {}
    WsHandshake handshake;
    WsFrameParser frames;
  } phase_;
  WsFrameParser::Length maxMessage_;  // for the parser of each new connection
  WsFrameWriter writer_;  // also holds the Random for the handshake key
  union {  // not built at construction: reset by the first fragment of each message
    Utf8Validator outUtf8_;
  };
  State state_;       // also kDialing, kPonging
  uint8_t fragment_;  // opcode of the message being sent in fragments, 0 when none
  WsError error_;
};

}  // namespace sl

#endif  // SL_WS_WS_CLIENT_H
