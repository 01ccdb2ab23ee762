// Provisioner: the device side of provisioning by claim QR and of the API-key
// lifecycle (DESIGN.md "Provisioning"), as one non-blocking state machine
// advanced from loop().
//
// Flow:
//   Start      load the key from the KeyStore. A key with a pending
//              previousId (a rotation cut short by a reset) -> DeleteOld;
//              a key -> Validate; none (or both slots corrupt) -> Register.
//   Register   POST /registerDevice {deviceId, provisioningKey} -> data.claimKey
//   ShowQr     the claim hook gets the claim key (setQrSink() /
//              setQrSinkFixedMask(): the claim QR printed with QrTextRenderer
//              on a Sink; setClaimHook(): your own).
//   Poll       POST /deviceClaimStatus (same body) every 2 s growing by half
//              up to 30 s (SL_PROVISIONER_POLL_*), until data.authToken;
//              the token is stored (KeyStore::store) -> Validate.
//   Validate   GET /apikey/~validate (Bearer key) -> data.id, data.expire_at;
//              the id/expiry are stored with the key when they changed. When
//              expire_at is within SL_PROVISIONER_ROTATE_BEFORE_S (5 days) of
//              the server's clock (the HTTP Date header) -> Create; else Online.
//   Create     POST /apikey {name, expire_at: now + SL_PROVISIONER_NEW_KEY_DAYS}
//              -> data.key, data.id, data.expire_at; stored with previousId =
//              the old key's id BEFORE anything is deleted -> DeleteOld.
//   DeleteOld  DELETE /apikey/{previousId} (Bearer: the new key); 200 or 404
//              (already gone) -> the key is stored again with previousId 0 -> Online.
//   Online     apiKey() is the working key. Every SL_PROVISIONER_CHECK_INTERVAL_MS
//              (and after checkKey()) -> Validate again.
//   A 401 or 403 on Validate/Create/DeleteOld means the cloud no longer knows
//   the key (revoked, expired, device reset): the store is cleared -> Register
//   (after a backoff delay). A claim status that hands out that same refused
//   token again is not stored (KeyRejected; polling goes on until the owner
//   releases the device: the cloud then answers 404 -> Register, new QR).
//   resetDevice(): POST /resetDevice {deviceId} (Bearer key), then the store
//   is cleared -> Register. factoryReset(): clears the store -> Start.
//
// Power cuts: every store happens before the step that depends on it, so a
// restart at any point finds a key that works (the old one until the new one
// is durably stored; KeyStore keeps the previous record if a write is cut),
// and a pending previousId makes the restart finish the DELETE.
//
// Errors are never fatal: a failed exchange (no connection, timeout, 5xx,
// unparsable reply, a value of the wrong type, an authToken or key longer than
// SL_KEYSTORE_MAX_KEY_LEN, a failed store) is reported in lastError() and the
// same step is retried after a backoff delay (the poll delays). The working
// key (key_) only changes after the new key is stored.
//
// loop() contract: each call does at most one of: one step of an HTTP
// exchange's connect (Transport::connectStep: a look at the modem with
// EspAtTransport; the whole connect, which may block, with other
// transports), the step that connects also writing the request; read and
// parse at most SL_PROVISIONER_READS_PER_LOOP x 32 bytes (in reads of up
// to 8); one KeyStore operation; or the claim hook. Each exchange is one
// request on its own connection (Connection: close) and is dropped after
// SL_PROVISIONER_HTTP_TIMEOUT_MS.
//
// Sharing the network: the provisioner uses `net` only while an exchange
// runs (Online: once per SL_PROVISIONER_CHECK_INTERVAL_MS, after checkKey(),
// or to finish a rotation). On a single-link modem give sl::Client its own
// connection slot or pause it while state() != Online; a sketch that makes
// its own requests on that link does not call loop() while one runs
// (examples/ProvisioningUno): loop() may start the key check on any call
// in Online. After a rotation apiKey() holds the new key (same buffer;
// keyVersion() changes): a client that was started with it reconnects with
// the new key, and the old key is deleted on the cloud, so restart the
// client (end(); begin()) when keyVersion() changes.
//
// RAM: the object holds the current key and a scratch value (each
// SL_KEYSTORE_MAX_KEY_LEN + 1), a 44-byte header line (the only header read,
// Date, takes 36; longer lines are cut; it also holds the key id's digits,
// the new key's expiry text and (size_t wider than 16 bits) the
// Content-Length digits while a request is written, the JSON key name and expiry text while the body streams in, and
// the claim QR's scratch) and the HTTP and JSON parser state: 412 bytes on
// AVR with the defaults. The requests are written straight into the
// transport, their method, path and header names from flash (the bytes
// HttpRequestWriter wrote, without its checks of caller text; the host and
// the key are checked as it did); the bodies are counted, then written.
// Flash on an ATmega328P: the flow with everything it links (QR encoder and
// renderer, key store, HTTP, JSON parser, timestamps; the request bodies are
// written without JsonWriter) plus the ESP-AT transport, a pin console and a
// REST message fits an Uno: 21,496 of the 32,256 bytes below the
// bootloader, peak RAM about 869 bytes, within the SDK's Uno budget of 1,024
// (716 static + about 153 stack, measured on 29 Nov 2026, with the device id
// and provisioning key in flash:
// begin()'s FlashString overload; SL_CLAIM_QR_MASK defaults to a fixed mask
// there, and ClaimQr then links no mask scoring: QrCode::encodeFixedMask; firmware/examples/ProvisioningUno,
// test/simulator/provisioning-flow.test.ts).
// The QR claim hook encodes a claim key of up to 32 bytes (a version-2
// symbol, the cloud's keys) in the object's key and header-line buffers, idle
// then; a longer one on the stack (SL_QR_BUFFER_LEN_MAX + SL_QR_TEMP_LEN_MAX,
// 383 bytes at SL_QR_MAX_VERSION 6) for the duration of that one loop().
//
//   sl::PosixSocketTransport net;  sl::FileNvStorage file("key.bin", sl::KeyStore::kRegionSize);
//   sl::KeyStore keys(file);
//   sl::Provisioner prov(net, keys, clockMs);
//   prov.begin("api.semilimes.net", 443, "dev-1", "provisioning-secret");
//   prov.setQrSink(serialSink);
//   void loop() {
//     prov.loop();
//     if (prov.online() && !clientStarted) { client.begin(ws, host, 443, prov.apiKey(), clockMs); ... }
//   }
#ifndef SL_PROVISIONING_PROVISIONER_H
#define SL_PROVISIONING_PROVISIONER_H

#include "../config/Config.h"
#include "../http/HttpResponseParser.h"
#include "../io/FlashString.h"
#include "../io/Sink.h"
#include "../json/JsonHandler.h"
#include "../json/JsonParser.h"
#include "../transport/Transport.h"
#include "KeyStore.h"
#include "ProvisionerError.h"
#include "QrError.h"

// Options: SL_PROVISIONER_POLL_MIN_MS, SL_PROVISIONER_POLL_MAX_MS,
// SL_PROVISIONER_HTTP_TIMEOUT_MS, SL_PROVISIONER_CHECK_INTERVAL_MS,
// SL_PROVISIONER_ROTATE_BEFORE_S, SL_PROVISIONER_NEW_KEY_DAYS,
// SL_PROVISIONER_READS_PER_LOOP (config/Config.h).

namespace sl {

class Provisioner : private JsonHandler {
 public:
  typedef uint32_t (*Clock)();
  // Gets the claim key to show (NUL-terminated, `len` bytes, valid during the call).
  typedef void (*ClaimFn)(void* context, const char* claimKey, size_t len);

  enum State : uint8_t { Idle, Start, Register, ShowQr, Poll, Validate, Create, DeleteOld, Online, Reset };

  // `net`, `keys` must outlive the provisioner; `clock` is a millisecond clock
  // (only differences are used).
  Provisioner(Transport& net, KeyStore& keys, Clock clock);

  // Starts the flow (the first loop() loads the key). The strings are
  // caller-owned and must outlive the provisioner. `deviceId` and
  // `provisioningKey` must be printable ASCII (0x20..0x7E; they go into the
  // JSON request bodies, '"' and '\\' escaped). Errors: InvalidArgument.
  SL_NODISCARD ProvisionerError begin(const char* host, uint16_t port, const char* deviceId,
                                      const char* provisioningKey);
  // Same with the device id and provisioning key in flash (SL_PSTR, or F()
  // on Arduino): no RAM for them (28 B in ProvisioningUno).
  SL_NODISCARD ProvisionerError begin(const char* host, uint16_t port, FlashString deviceId,
                                      FlashString provisioningKey);
  // The claim QR (half blocks) printed on `out`, its mask chosen as
  // SL_CLAIM_QR_MASK says (AVR with 32 KB of flash or less: fixed; else the 8
  // masks scored, the standard's choice).
  void setQrSink(Sink& out);
  // Same with the mask forced to kFixedQrMask and no mask scoring linked
  // (1,040 B less flash in firmware/examples/Provisioning on the Mega: 38,122
  // -> 37,082 B). Any QR reader decodes any mask; the standard's scoring only
  // picks the one with the fewest patterns that may confuse a reader. Mask 2
  // for the cloud's claim keys ("SLCLAIM-" + 24 hex digits, a version-2-L
  // symbol): over 2,000 random keys its penalty (QrCode::penalty(), N1..N4)
  // is 1.0% above the best of the 8 on average (1,136 vs 1,124), at most 187
  // above (mask 3: 11.5%, 316). SL_CLAIM_QR_MASK's default on small AVRs is
  // this mask too.
  void setQrSinkFixedMask(Sink& out);
  static const uint8_t kFixedQrMask = 2;
  // Replaces the claim hook (e.g. to draw on a display). The claim QR of
  // setQrSink() / setQrSinkFixedMask() is a claim hook too: the last of these
  // calls decides (only the QR printing set up by one of them is linked).
  void setClaimHook(ClaimFn fn, void* context) {
    claimFn_ = fn;
    claimCtx_ = context;
  }

  // Advances the flow by one bounded step; returns the state after it.
  State loop();

  State state() const { return state_; }
  // True while a stored key is believed to work (Online, or validating/rotating it).
  bool online() const;
  // The working key ("" when none); the buffer stays at the same address and
  // only changes after a new key was stored. Changes are counted by keyVersion().
  const char* apiKey() const { return key_; }
  uint8_t keyVersion() const { return keyVersion_; }
  const KeyMeta& keyMeta() const { return meta_; }
  // The most recent failure (Ok after a successful step); sticky until then.
  ProvisionerError lastError() const { return error_; }
  // Milliseconds until the next attempt while waiting (poll or retry), else 0.
  uint32_t waitMs() const;
  // Server clock (Unix seconds) from the last response's Date header, advanced
  // by the local clock; 0 when never seen.
  uint32_t serverTime() const;

  // Online: validate (and maybe rotate) at the next loop().
  void checkKey();
  // The application saw the key refused (e.g. a 401 on its own connection):
  // validates at once; a 401 there leads back to provisioning.
  void keyRejected() { checkKey(); }
  // POST /resetDevice with the current key, then clears the store and
  // provisions again. Without a key it only clears. Runs from loop().
  void resetDevice();
  // Clears the store now and starts over. Errors: those of KeyStore::clear
  // (the flow restarts anyway; the next load decides).
  SL_NODISCARD ProvisionerError factoryReset();

 private:
  // In the order of the names in Provisioner.cpp's kKeys.
  enum Field : uint8_t { FNone, FClaimKey, FClaimed, FAuthToken, FKey, FId, FExpireAt };

  bool onJson(JsonEvent e, const JsonParser& p) override;

  // The waits are backoff delays, at most SL_PROVISIONER_POLL_MAX_MS: 16 bits
  // when that and the next step (x 1.5, before the cap) fit.
#if SL_PROVISIONER_POLL_MAX_MS <= 43690
  typedef uint16_t WaitMs;
#else
  typedef uint32_t WaitMs;
#endif

  static const size_t kKeyNameLen = 12;  // longer than any name the flow reads
  static const size_t kTimeLen = 32;     // longer than any RFC 3339 time it accepts
  char* keyName() { return line_; }
  char* timeText() { return line_ + kKeyNameLen; }

  void enter(State s);
  void wait(WaitMs ms);
  void start();                // started_ = now
  uint32_t sinceStart() const;  // ms since started_
  void retryLater(ProvisionerError e);
  void retryOnline(ProvisionerError e);
  void retry(ProvisionerError e);  // retryOnline while the key works, else retryLater
  void abortExchange();
  void stop();  // closes the connection; no exchange
  void clearResponse();
  void startExchange();
  uint8_t pump();  // 0: more to read; 1/2: the exchange ended, ok/failed (finishExchange)
  void finishExchange(bool ok);
  void onResponse(bool jsonOk);
  ProvisionerError begin(const char* host, uint16_t port, const char* deviceId, const char* provisioningKey,
                         bool inFlash);
  void parseExpiry();
  bool parseId(JsonEvent e, const JsonParser& p);
  void loadKey();
  template <bool FixedMask>
  void printClaimQr();
  static void printScoredQr(void* self, const char* claimKey, size_t len);
  static void printFixedMaskQr(void* self, const char* claimKey, size_t len);
  bool storeKey(const char* key, size_t len, const KeyMeta& meta);
  void toProvisioning(ProvisionerError why);

  size_t writeBody(Sink* out) const;  // the body's length; 0: a write failed; null `out`: only counts
  size_t bodyLength();
  void formatNewExpiry();

  Transport& net_;
  KeyStore& keys_;
  Clock clock_;
  // From host_ to rejected_: zero bytes when constructed (one memset in the
  // constructor; a member added here starts as 0 / false / null).
  const char* host_;
  const char* deviceId_;
  const char* provisioningKey_;
  Sink* qrSink_;
  ClaimFn claimFn_;
  void* claimCtx_;
  uint16_t port_;
  State state_;
  ProvisionerError error_;
  uint8_t keyVersion_;
  // One bit each (RAM is what the Uno is short of).
  bool exchange_ : 1;  // waiting for the response
  bool checkDue_ : 1;
  bool credentialsInFlash_ : 1;  // deviceId_, provisioningKey_ (begin()'s FlashString overload)
  bool pieceLong_ : 1;  // the key or expire_at text being gathered did not fit
  bool expirePending_ : 1;  // timeText() holds a whole expire_at string, for parseExpiry()
  uint32_t started_;  // exchange start / wait start / Online: the last key check (ms)
  WaitMs delay_;    // current wait (ms)
  WaitMs backoff_;  // next retry delay (ms)
  uint32_t serverTime_;
  uint32_t serverTimeAt_;
  uint32_t rejected_;  // CRC-32 of the last key the cloud refused (0 = none)
  // Response fields of the exchange in progress: from field_ to keyLen_,
  // zero bytes after clearResponse() (one memset; pieceLong_ and
  // expirePending_ above are cleared there too).
  Field field_;
  bool inData_ : 1;
  bool dataNext_ : 1;
  bool claimed_ : 1;
  bool valueTooLong_ : 1;
  bool valueWrongType_ : 1;
  bool haveId_ : 1;
  bool haveExpire_ : 1;
  bool haveValue_ : 1;
  uint8_t depth_;
  uint32_t expireAt_;
  uint64_t id_;
  uint8_t valueLen_;  // bytes in value_ (at most SL_KEYSTORE_MAX_KEY_LEN)
  uint8_t keyLen_;    // bytes in keyName() (or timeText() while expire_at streams in)
  KeyMeta meta_;
  // The HTTP parser's header line (the Date header, 36 bytes, is the only one
  // read); while the JSON body streams in (after the headers, before any
  // trailer) it holds the key name being read (first kKeyNameLen bytes) and
  // the expire_at text (the next kTimeLen). Also the key id's digits while
  // the request line is written, then Create's expire_at text and (size_t
  // wider than 16 bits) the Content-Length digits while the headers and
  // body are written, and the claim QR's scratch (44 bytes, ShowQr).
  char line_[44];
  HttpCloseResponseParser http_;  // (each exchange: one request, Connection: close)
  JsonParser json_;
  char key_[SL_KEYSTORE_MAX_KEY_LEN + 1];
  char value_[SL_KEYSTORE_MAX_KEY_LEN + 1];
};

}  // namespace sl

#endif  // SL_PROVISIONING_PROVISIONER_H
