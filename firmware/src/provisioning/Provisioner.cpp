#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "Provisioner.h"

#include "../http/HttpRequestLine.h"
#include "../http/PutBuffer.h"
#include "../io/DecimalText.h"
#include "ClaimQr.h"
#include "Crc32.h"
#include "QrTextRenderer.h"
#include "Timestamp.h"

namespace sl {

namespace {

// The response members the flow reads, in Field order (1..6), then "data" (7).
const char kKeys[] SL_PROGMEM = "claimKey\0claimed\0authToken\0key\0id\0expire_at\0data";
const uint8_t kDataKey = 7;

bool equalsP(const char* ram, const char* flash) {
  for (size_t i = 0;; ++i) {
    char c = static_cast<char>(SL_FLASH_READ(flash + i));
    if (ram[i] != c) return false;
    if (!c) return true;
  }
}

// 1..7: the position of `name` in kKeys; 0: not there.
uint8_t keyIndex(const char* name) {
  const char* k = kKeys;
  for (uint8_t i = 1; i <= kDataKey; ++i) {
    if (equalsP(name, k)) return i;
    while (SL_FLASH_READ(k++)) {
    }
  }
  return 0;
}

// Appends the event's bytes to `buf` (`cap` bytes with the NUL) and
// terminates it; false when some did not fit (they are dropped).
bool appendPiece(char* buf, size_t cap, uint8_t& len, const JsonParser& p) {
  bool fit = true;
  for (size_t i = 0; i < p.length(); ++i) {
    if (static_cast<size_t>(len) + 1 < cap) {
      buf[len++] = static_cast<char>(p.data()[i]);
    } else {
      fit = false;
    }
  }
  buf[len] = 0;
  return fit;
}

size_t length(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

SL_NOINLINE uint32_t crcOf(const char* s, size_t len) {
  return detail::Crc32::finish(detail::Crc32::update(detail::Crc32::begin(), reinterpret_cast<const uint8_t*>(s), len));
}

// n bytes (a 64-bit id: as a loop, not 8 loads and stores of the
// provisioner's fields at fixed addresses, 48 bytes of code a copy on AVR).
SL_NOINLINE void copyBytes(void* dst, const void* src, uint8_t n) {
  uint8_t* d = static_cast<uint8_t*>(dst);
  const uint8_t* p = static_cast<const uint8_t*>(src);
  while (n--) *d++ = *p++;
}

// v != 0 for a 64-bit id, as a loop over its bytes (inline, 8 loads and
// an OR chain at each of its three uses on AVR).
SL_NOINLINE bool nonZero(const uint64_t& v) {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(&v);
  uint8_t any = 0;
  for (uint8_t i = 0; i < 8; ++i) any = static_cast<uint8_t>(any | b[i]);
  return any != 0;
}

void copy(char* dst, const char* src, size_t len) {
  for (size_t i = 0; i < len; ++i) dst[i] = src[i];
  dst[len] = 0;
}

// Byte i of `s`, which is in flash when `flash` (begin()'s FlashString
// overload) or in RAM.
char textAt(const char* s, bool flash, size_t i) {
  return flash ? static_cast<char>(SL_FLASH_READ(s + i)) : s[i];
}

// True when `s` is non-empty printable ASCII (0x20..0x7E): what begin()
// accepts for the device id and provisioning key, so that the request bodies
// below are valid JSON with only '"' and '\\' escaped.
bool printable(const char* s, bool flash) {
  if (!s || !textAt(s, flash, 0)) return false;
  for (size_t i = 0;; ++i) {
    char c = textAt(s, flash, i);
    if (!c) return true;
    if (c < 0x20 || c > 0x7E) return false;
  }
}

// The request bodies: {"n1":"v1","n2":"v2"} with the names from flash (NUL
// separated) and printable-ASCII values (each in flash when its `flash`
// flag is set; no v2 when null). A few hundred bytes of code instead of JsonWriter (~1 KB on
// AVR) for these fixed-shape objects.
// Without a sink (null) it only counts: the Content-Length pass, no
// CountingSink (its write() and vtable) linked for it.
struct Emitter {
  Sink* out;
  size_t count;
  bool ok;
  SL_NOINLINE void put(char c) {
    uint8_t b = static_cast<uint8_t>(c);
    ++count;
    if (out && out->write(&b, 1) != 1) ok = false;
  }
};

// The object's length, or 0 when a write failed (an object is never empty).
inline size_t writeObject(Sink* out, const char* names, const char* v1, const char* v2, bool flash1, bool flash2) {
  Emitter e = {out, 0, true};
  char sep = '{';
  const char* v = v1;
  bool flash = flash1;
  for (uint8_t i = 0; i < 2 && v; ++i) {
    e.put(sep);
    e.put('"');
    for (char c; (c = static_cast<char>(SL_FLASH_READ(names++))) != 0;) e.put(c);
    e.put('"');
    e.put(':');
    e.put('"');
    for (size_t j = 0;; ++j) {
      char c = textAt(v, flash, j);
      if (!c) break;
      if (c == '"' || c == '\\') e.put('\\');
      e.put(c);
    }
    e.put('"');
    sep = ',';
    v = v2;
    flash = flash2;
  }
  e.put('}');
  return e.ok ? e.count : 0;
}

// A uint64_t from its 8 bytes, least significant first (one copy on the
// targets known to be little-endian: no 64-bit shifts, which are library
// calls in a loop on AVR; shifts anywhere else).
void fromBytes(uint64_t& v, const uint8_t* b) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(&v, b, 8);
#else
  v = 0;
  for (uint8_t k = 8; k--;) v = (v << 8) | b[k];
#endif
}
// Zeroes `m` in place (`m = KeyMeta()` builds a temporary on the stack: 20
// bytes more in loadKey()'s frame, the deepest path of the flow on AVR), as
// KeyMeta() does: one clearing loop.
void forget(KeyMeta& m) { memset(static_cast<void*>(&m), 0, sizeof m); }

// The claim QR in half blocks on a Sink, encoded in the buffers given; its
// mask as SL_CLAIM_QR_MASK says (ClaimQr), or FixedMask:
// Provisioner::kFixedQrMask without the scoring. Reached only through the
// claim hook setQrSink() or setQrSinkFixedMask() installs: a program links
// only the one it uses.
template <bool FixedMask>
QrError printQrIn(Sink& out, const char* claimKey, size_t len, uint8_t* modules, size_t modulesLen, uint8_t* temp,
                  size_t tempLen) {
  QrCode qr;
  QrError e;
  if (FixedMask) {
    e = ClaimQr::encodeWithMask(qr, claimKey, len, modules, modulesLen, temp, tempLen, Provisioner::kFixedQrMask);
  } else {
    e = ClaimQr::encode(qr, claimKey, len, modules, modulesLen, temp, tempLen);
  }
  if (e == QrError::Ok) e = QrTextRenderer::print(qr, out);
  modules[0] = 0;  // empty again (the provisioner's key_ and line_ when they are the buffers)
  temp[0] = 0;
  return e;
}

// Same with buffers on the stack for any key up to SL_QR_MAX_VERSION (383
// bytes at version 6, AVR). Not inlined: the stack is taken only when called.
template <bool FixedMask>
SL_NOINLINE QrError printQrOnStack(Sink& out, const char* claimKey, size_t len) {
  uint8_t modules[SL_QR_BUFFER_LEN_MAX];
  uint8_t temp[SL_QR_TEMP_LEN_MAX];
  return printQrIn<FixedMask>(out, claimKey, len, modules, sizeof modules, temp, sizeof temp);
}

}  // namespace

Provisioner::Provisioner(Transport& net, KeyStore& keys, Clock clock)
    : net_(net), keys_(keys), clock_(clock), http_(line_, sizeof line_), json_(static_cast<JsonHandler*>(this)) {
  // The members from host_ to rejected_ (Provisioner.h: pointers, numbers,
  // flags, state_ Idle, error_ Ok) start as zero bytes: one loop instead of a
  // store each (170 B less flash in Provisioning on the Mega, 74 B in
  // ProvisioningUno on the Uno); clearResponse() zeroes the rest.
  static_assert(Idle == 0 && FNone == 0 && ProvisionerError::Ok == 0, "zero bytes are the start values");
  memset(&host_, 0, static_cast<size_t>(reinterpret_cast<char*>(&field_) - reinterpret_cast<char*>(&host_)));
  backoff_ = SL_PROVISIONER_POLL_MIN_MS;
  key_[0] = 0;
  value_[0] = 0;
  clearResponse();
}

// Forgets what the previous response said (one copy of this code for the
// constructor and every exchange).
void Provisioner::clearResponse() {
  http_.reset();
  json_.reset();
  // field_ (FNone), the response flags, depth_, expireAt_, id_, valueLen_ and
  // keyLen_: zero bytes (Provisioner.h), one loop.
  memset(&field_, 0, static_cast<size_t>(reinterpret_cast<char*>(&keyLen_ + 1) - reinterpret_cast<char*>(&field_)));
  pieceLong_ = expirePending_ = false;
  static_assert(sizeof line_ >= kKeyNameLen + kTimeLen, "line_ holds the key name and the expiry text");
  keyName()[0] = 0;
  timeText()[0] = 0;
}

ProvisionerError Provisioner::begin(const char* host, uint16_t port, const char* deviceId,
                                    const char* provisioningKey) {
  return begin(host, port, deviceId, provisioningKey, false);
}

ProvisionerError Provisioner::begin(const char* host, uint16_t port, FlashString deviceId,
                                    FlashString provisioningKey) {
  return begin(host, port, deviceId.ptr(), provisioningKey.ptr(), true);
}

ProvisionerError Provisioner::begin(const char* host, uint16_t port, const char* deviceId,
                                    const char* provisioningKey, bool inFlash) {
  if (!host || !*host || !printable(deviceId, inFlash) || !printable(provisioningKey, inFlash) || !clock_) {
    return ProvisionerError::InvalidArgument;
  }
  host_ = host;
  port_ = port;
  deviceId_ = deviceId;
  provisioningKey_ = provisioningKey;
  credentialsInFlash_ = inFlash;
  error_ = ProvisionerError::Ok;
  enter(Start);
  return ProvisionerError::Ok;
}

bool Provisioner::online() const {
  return key_[0] != 0 && (state_ == Online || state_ == Validate || state_ == Create || state_ == DeleteOld);
}

uint32_t Provisioner::waitMs() const {
  if (exchange_ || delay_ == 0) return 0;
  uint32_t gone = sinceStart();
  return gone >= delay_ ? 0 : delay_ - gone;
}

SL_NOINLINE uint32_t Provisioner::serverTime() const {
  if (!serverTime_) return 0;
  return serverTime_ + (clock_() - serverTimeAt_) / 1000UL;
}

void Provisioner::checkKey() {
  if (online()) checkDue_ = true;
}

// Closes the exchange's connection (one virtual call in the code, not five).
SL_NOINLINE void Provisioner::stop() {
  net_.stop();
  exchange_ = false;
}

void Provisioner::abortExchange() {
  if (exchange_) {
    stop();
  }
}

void Provisioner::resetDevice() {
  if (state_ == Idle) return;
  abortExchange();
  enter(Reset);
}

ProvisionerError Provisioner::factoryReset() {
  abortExchange();
  KeyStoreError e = keys_.clear();
  key_[0] = 0;
  forget(meta_);
  ++keyVersion_;
  if (state_ != Idle) enter(Start);
  return e ? ProvisionerError::StoreFailed : ProvisionerError::Ok;
}

void Provisioner::enter(State s) {
  state_ = s;
  delay_ = 0;
  if (s == Register || s == Start) backoff_ = SL_PROVISIONER_POLL_MIN_MS;
}

// started_ (the exchange's, the wait's or the last check's start) and the
// time since, out of line: an indirect call and four bytes of a field each.
SL_NOINLINE void Provisioner::start() { started_ = clock_(); }
SL_NOINLINE uint32_t Provisioner::sinceStart() const { return clock_() - started_; }

void Provisioner::wait(WaitMs ms) {
  start();
  delay_ = ms ? ms : 1;
}

void Provisioner::retryLater(ProvisionerError e) {
  error_ = e;
  wait(backoff_);
  backoff_ = static_cast<WaitMs>(backoff_ + backoff_ / 2);
  if (backoff_ > SL_PROVISIONER_POLL_MAX_MS) backoff_ = SL_PROVISIONER_POLL_MAX_MS;
}

void Provisioner::retry(ProvisionerError e) {
  if (online()) retryOnline(e);
  else retryLater(e);
}

// A failure while the key works: back to Online, check again after a backoff delay.
void Provisioner::retryOnline(ProvisionerError e) {
  state_ = Online;
  retryLater(e);
  checkDue_ = true;
}

void Provisioner::toProvisioning(ProvisionerError why) {
  // A rejected key is remembered (CRC) so that a cloud still handing out the
  // same token is not believed again (no store/validate loop wearing the EEPROM).
  if (why == ProvisionerError::KeyRejected) rejected_ = crcOf(key_, length(key_));
  KeyStoreError e = keys_.clear();
  key_[0] = 0;
  forget(meta_);
  ++keyVersion_;
  state_ = Register;
  if (why) {
    retryLater(e ? ProvisionerError::StoreFailed : why);
  } else {
    delay_ = 0;
    backoff_ = SL_PROVISIONER_POLL_MIN_MS;
    error_ = e ? ProvisionerError::StoreFailed : why;
  }
}

// Not inlined (one caller): the key store's locals are on the stack only while it runs.
SL_NOINLINE bool Provisioner::storeKey(const char* key, size_t len, const KeyMeta& meta) {
  KeyStoreError e = keys_.store(key, len, meta);
  // On failure the RAM key stays the old one; the store holds the old record,
  // or the new one if only the commit/read-back failed (then a restart uses it,
  // and a pending previousId in it finishes the rotation).
  if (e) return false;
  if (key != key_) {
    copy(key_, key, len);
    ++keyVersion_;
  }
  meta_ = meta;
  return true;
}

// Not inlined into loop(): its KeyInfo is on the stack only while it runs.
SL_NOINLINE void Provisioner::loadKey() {
  KeyInfo info;
  KeyStoreError e = keys_.load(key_, sizeof key_, &info);
  if (e == KeyStoreError::NoKey) {
    key_[0] = 0;
    forget(meta_);
    enter(Register);
    return;
  }
  if (e) {
    key_[0] = 0;
    retryLater(ProvisionerError::StoreFailed);
    return;
  }
  meta_ = info.meta;
  ++keyVersion_;
  error_ = ProvisionerError::Ok;
  // The key is used at once (online() is true); it is checked (or a rotation
  // cut short is finished) first.
  state_ = nonZero(meta_.previousId) ? DeleteOld : Validate;
  delay_ = 0;
}

// ShowQr: no key yet and no exchange running, so a claim key that makes a
// version-2 symbol (up to 32 bytes, as the cloud's "SLCLAIM-" keys) is encoded
// in key_ (the modules, 79 bytes) and line_ (the scratch, 44 bytes) instead of
// on the stack; both are left empty again.
// QrCode::byteCapacity(2, QrEcc::Low) (34 data codewords less the 12 bits of
// mode and count; qr_test checks it) as a constant: no call at run time.
const uint8_t kQrV2Bytes = 32;

template <bool FixedMask>
void Provisioner::printClaimQr() {
  QrError e;
  if (key_[0] || exchange_ || sizeof key_ < SL_QR_BUFFER_LEN_FOR_VERSION(2) ||
      sizeof line_ < SL_QR_TEMP_LEN_FOR_VERSION(2) || valueLen_ > kQrV2Bytes) {
    e = printQrOnStack<FixedMask>(*qrSink_, value_, valueLen_);
  } else {
    e = printQrIn<FixedMask>(*qrSink_, value_, valueLen_, reinterpret_cast<uint8_t*>(key_), sizeof key_,
                             reinterpret_cast<uint8_t*>(line_), sizeof line_);  // leaves both empty
  }
  if (e != QrError::Ok) error_ = ProvisionerError::QrFailed;
}

// The claim hooks of setQrSink() and setQrSinkFixedMask() (the claim key is
// value_, which printClaimQr() reads).
void Provisioner::printScoredQr(void* self, const char*, size_t) {
  static_cast<Provisioner*>(self)->printClaimQr<false>();
}

void Provisioner::printFixedMaskQr(void* self, const char*, size_t) {
  static_cast<Provisioner*>(self)->printClaimQr<true>();
}

void Provisioner::setQrSink(Sink& out) {
  qrSink_ = &out;
  setClaimHook(&printScoredQr, this);
}

void Provisioner::setQrSinkFixedMask(Sink& out) {
  qrSink_ = &out;
  setClaimHook(&printFixedMaskQr, this);
}

Provisioner::State Provisioner::loop() {
  if (state_ == Idle) return state_;
  if (exchange_) {
    uint8_t done = pump();
    if (done) finishExchange(done == 1);  // after pump() returned: its buffer is off the stack
    return state_;
  }
  if (delay_ && sinceStart() < delay_) return state_;
  delay_ = 0;
  switch (state_) {
    case Start:
      loadKey();
      break;
    case ShowQr:
      if (claimFn_) claimFn_(claimCtx_, value_, valueLen_);  // e.g. printScoredQr()
      state_ = Poll;
      backoff_ = SL_PROVISIONER_POLL_MIN_MS;
      wait(backoff_);
      break;
    case Online:
      // started_: when the key was last checked (Online has no wait or
      // exchange running unless checkDue_ is set).
      if (!checkDue_ && sinceStart() < SL_PROVISIONER_CHECK_INTERVAL_MS) break;
      checkDue_ = false;
      state_ = nonZero(meta_.previousId) ? DeleteOld : Validate;
      startExchange();
      break;
    case Register:
    case Poll:
    case Validate:
    case Create:
    case DeleteOld:
    case Reset:
      if (state_ == Reset && !key_[0]) {
        toProvisioning(ProvisionerError::Ok);
        break;
      }
      startExchange();
      break;
    default:
      break;
  }
  return state_;
}

// The request body (Register, Poll, Reset, Create): the credentials, or the
// new key's name and expiry (the text startExchange() put in line_). One
// function, writeObject() inlined: one frame less under the request writer.
size_t Provisioner::writeBody(Sink* out) const {
  const Provisioner& p = *this;
  bool create = p.state_ == Create;
  bool flash = p.credentialsInFlash_;
  return writeObject(out, create ? SL_PSTR("name\0expire_at") : SL_PSTR("deviceId\0provisioningKey"), p.deviceId_,
                     create ? p.line_ : p.state_ == Reset ? 0 : p.provisioningKey_, flash, flash && !create);
}

// The body's length (a counting pass: writeBody() without a sink, which
// never fails). Not inlined into startExchange(): its frame is not on the
// stack while the request is written.
SL_NOINLINE size_t Provisioner::bodyLength() { return writeBody(0); }

// Not inlined into startExchange(): its locals are not on the stack while
// the request is written.
SL_NOINLINE void Provisioner::formatNewExpiry() {
  Timestamp::formatRfc3339(serverTime() + SL_PROVISIONER_NEW_KEY_DAYS * 86400UL, line_);
}

void Provisioner::startExchange() {
  clearResponse();
  if (state_ == Create && !serverTime_) {
    retryOnline(ProvisionerError::BadTime);
    return;
  }
  // A transport that connects in steps (EspAtTransport): loop() calls this
  // again (the same state, no wait set) until it is connected.
  Transport::Progress p = net_.connectStep(host_, port_);
  if (p == Transport::Pending) return;
  if (p == Transport::Failed) {
    stop();
    retry(ProvisionerError::ConnectFailed);
    return;
  }
  // The request, written here (no HttpRequestWriter: its checks of the
  // method, path and header names are for caller text, and these are
  // constants), through a PutBuffer as HttpRequestWriter writes it: the same
  // bytes, and on a bad host or key the same ones up to where it stops.
  // Method and path from flash, one per state from Register to Reset (none
  // for ShowQr and Online, which make no request); DeleteOld appends the id.
  static const char kPaths[] SL_PROGMEM =
      "POST /registerDevice\0"     // Register
      "\0"                         // ShowQr
      "POST /deviceClaimStatus\0"  // Poll
      "GET /apikey/~validate\0"    // Validate
      "POST /apikey\0"             // Create
      "DELETE /apikey/\0"          // DeleteOld
      "\0"                         // Online
      "POST /resetDevice\0";       // Reset
  static_assert(ShowQr == Register + 1 && Poll == Register + 2 && Validate == Register + 3 &&
                    Create == Register + 4 && DeleteOld == Register + 5 && Online == Register + 6 &&
                    Reset == Register + 7,
                "kPaths follows the State order");
  uint8_t index = static_cast<uint8_t>(state_ - Register);
  const char* entry = kPaths;
  while (index) {
    if (!SL_FLASH_READ(entry++)) --index;
  }
  detail::PutBuffer out(net_);
  out.putFlash(entry);
  // line_ (idle until the response comes) holds the digits written: the
  // id, then Create's expire_at text and (size_t wider than 16 bits) the
  // Content-Length. The port (and on AVR the length) are written by
  // PutBuffer::putNumber(), which the WebSocket handshake links anyway.
  static_assert(sizeof line_ >= kDecimalTextSize, "line_ holds a 64-bit number's digits");
  if (state_ == DeleteOld) out.put(decimalText(line_, meta_.previousId));
  // HttpRequestWriter::host() refuses a bad host before the request line's end.
  bool ok = detail::httpHostIsValid(host_);
  if (ok) {
    out.putFlash(SL_PSTR(" HTTP/1.1\r\nHost: "));
    out.put(host_);
    if (port_) {
      out.put(':');
      out.putNumber(port_);
    }
    out.putFlash(SL_PSTR("\r\nConnection: close\r\n"));
    if (state_ != Register && state_ != Poll) {
      // A header value with a control byte (not tab) is refused, as bearer() does.
      for (const char* k = key_; *k; ++k) {
        if (detail::httpIsCtl(static_cast<uint8_t>(*k))) ok = false;
      }
      if (ok) {
        out.putFlash(SL_PSTR("Authorization: Bearer "));
        out.put(key_);
        out.putFlash(SL_PSTR("\r\n"));
      }
    }
  }
  bool body = state_ != Validate && state_ != DeleteOld;
  if (ok && body) {
    // Create's expire_at text in line_ (for writeBody()).
    static_assert(sizeof line_ >= Timestamp::kRfc3339Size, "line_ holds the new key's expiry");
    if (state_ == Create) formatNewExpiry();
    // Content-Length from a counting pass, then the body straight into net_:
    // not under end(BodyFn)'s frame (sinks, counting and limiting), which
    // made this the deepest stack of the flow on the Uno. The two passes
    // write the same bytes (the same values; Create's expiry text was
    // formatted once, above).
    size_t length = bodyLength();
    out.putFlash(SL_PSTR("Content-Type: application/json\r\nContent-Length: "));
    if (sizeof length <= 2) {
      out.putNumber(static_cast<uint16_t>(length));  // (16-bit size_t, AVR: PutBuffer's digits, as the port's)
    } else {
      static_assert(sizeof line_ >= Timestamp::kRfc3339Size + 11, "line_ holds the expiry and the length digits");
      char* digits = line_ + Timestamp::kRfc3339Size;
      digits[decimalDigits(digits, length)] = 0;
      out.put(digits);
    }
    out.putFlash(SL_PSTR("\r\n"));
  }
  if (ok) out.putFlash(SL_PSTR("\r\n"));
  ok = out.flush() && ok && (!body || writeBody(&net_));
  keyName()[0] = 0;  // line_ empty again for the response
  timeText()[0] = 0;
  if (!ok) {
    stop();
    retry(ProvisionerError::WriteFailed);
    return;
  }
  exchange_ = true;
  start();
}

// Not inlined into loop(): its read buffer is on the stack only while it runs.
SL_NOINLINE uint8_t Provisioner::pump() {
  // The parser through a pointer the optimizer cannot see through on AVR:
  // its fields at small offsets from a register pair (ldd/std, 2 bytes
  // each), not at the absolute addresses link-time optimization makes of
  // a global's fields (lds/sts, 4 bytes each). 76 B less flash in
  // Provisioning on the Mega.
  HttpCloseResponseParser* parser = &http_;
  SL_OPAQUE_AVR(parser);
  HttpCloseResponseParser& http = *parser;
  // SL_PROVISIONER_READS_PER_LOOP x 32 bytes, read 8 at a time (a quarter
  // of that on the stack under the transport, the JSON parser and onJson()).
  for (uint8_t r = 0; r < 4 * SL_PROVISIONER_READS_PER_LOOP; ++r) {
    uint8_t buf[8];
    size_t n = net_.read(buf, sizeof buf);
    if (n == 0) {
      if (!net_.connected()) {
        HttpCloseResponseParser::Event ev = http.finish();
        return ev != HttpCloseResponseParser::Error && http.complete() ? 1 : 2;
      }
      break;
    }
    const uint8_t* data = buf;
    size_t len = n;
    for (;;) {
      HttpCloseResponseParser::Event ev = http.next(data, len);
      if (ev == HttpCloseResponseParser::NeedMore) break;
      if (ev == HttpCloseResponseParser::Header) {
        if (!http.inTrailers() && http.headerIs(SL_PSTR("date"))) {
          const char* v = http.headerValue();
          uint32_t t;
          if (Timestamp::parseHttpDate(v, length(v), t)) {
            serverTime_ = t;
            serverTimeAt_ = clock_();
          }
        }
      } else if (ev == HttpCloseResponseParser::Body) {
        (void)json_.feedPiece(http.body(), http.bodyLength());  // (see feedPiece())
        if (expirePending_) parseExpiry();  // before line_ can take a trailer
      } else if (ev == HttpCloseResponseParser::MessageComplete) {
        return 1;
      } else if (ev == HttpCloseResponseParser::Error) {
        return 2;
      }
    }
  }
  if (sinceStart() >= SL_PROVISIONER_HTTP_TIMEOUT_MS) {
    stop();
    retry(ProvisionerError::Timeout);
  }
  return 0;
}

// The expire_at text onJson() gathered in timeText(). Not inlined: the
// parse's locals are on the stack only while it runs.
SL_NOINLINE void Provisioner::parseExpiry() {
  expirePending_ = false;
  uint32_t t;
  haveExpire_ = Timestamp::parseRfc3339(timeText(), length(timeText()), t);
  if (haveExpire_) expireAt_ = t;
}

void Provisioner::finishExchange(bool ok) {
  stop();
  bool jsonOk = ok && !json_.finish();
  if (!ok || http_.status() == 0) {
    retry(ProvisionerError::BadResponse);
    return;
  }
  onResponse(jsonOk);
}

// One path for the six exchanges: the refusals of the key, the status, the
// body's faults, the fields each needs, then at most one store and the next
// state; a failure retries the step (from Online in Validate, Create and
// DeleteOld, which run with a working key).
void Provisioner::onResponse(bool jsonOk) {
  uint16_t status = http_.status();  // set by the exchange just finished (clearResponse() resets it)
  State s = state_;
  if (s == Reset) {
    if (status >= 500) return retryLater(ProvisionerError::HttpStatus);
    // 200, or the cloud no longer knows the device or the key: forget it here too.
    return toProvisioning(ProvisionerError::Ok);
  }
  if (s == Poll && status == 404) {  // the cloud forgot the device: register again
    error_ = ProvisionerError::HttpStatus;
    state_ = Register;
    wait(backoff_);
    return;
  }
  bool keyed = s >= Validate && s <= DeleteOld;
  // A 401 (or a 403, but not to the DELETE) to the key's own requests: the cloud no longer knows it.
  if (keyed && (status == 401 || (status == 403 && s != DeleteOld))) {
    return toProvisioning(ProvisionerError::KeyRejected);
  }
  // A 404 to the DELETE: already deleted (a cut after it, before the store below).
  bool statusOk = status == 200 || (s == Create && status == 201) || (s == DeleteOld && (status == 204 || status == 404));
  bool value = haveValue_ && valueLen_ != 0;
  ProvisionerError e = ProvisionerError::HttpStatus;
  do {
    if (!statusOk) break;
    if (s != DeleteOld) {  // (the DELETE's body is not read)
      e = !jsonOk            ? ProvisionerError::BadResponse
          : valueWrongType_  ? ProvisionerError::WrongType
          : valueTooLong_    ? ProvisionerError::ValueTooLong
                             : ProvisionerError::Ok;
      if (e) break;
    }
    e = ProvisionerError::MissingField;
    if (s == Register) {
      if (!value) break;
      error_ = ProvisionerError::Ok;
      state_ = ShowQr;
      return;
    }
    // What to store: a new key (value_) or key_ again, and its metadata.
    bool fresh = s == Poll || s == Create;
    KeyMeta m = meta_;
    bool store = true;
    if (s == Poll) {
      if (!claimed_) {
        e = ProvisionerError::Ok;  // not yet: poll again
        break;
      }
      if (!value) break;
      if (rejected_ && crcOf(value_, valueLen_) == rejected_) {
        e = ProvisionerError::KeyRejected;
        break;
      }
      forget(m);  // an authToken: nothing known about it yet
    } else if (s == Validate || s == Create) {
      if (!haveId_ || (s == Create && !value)) break;
      if (s == Create) {
        // The new key is durable before the old one is deleted.
        copyBytes(&m.previousId, &m.id, 8);
        m.expiresAt = 0;
      }
      copyBytes(&m.id, &id_, 8);
      if (haveExpire_) m.expiresAt = expireAt_;
      // Validate stores only when the id or the expiry changed (the fields
      // are KeyMeta's first 20 bytes: KeyStore.cpp).
      if (s == Validate) store = memcmp(&m, &meta_, 20) != 0;
    } else {  // DeleteOld: the old key is gone
      m.previousId = 0;
    }
    if (store && !storeKey(fresh ? value_ : key_, fresh ? valueLen_ : length(key_), m)) {
      e = ProvisionerError::StoreFailed;
      break;
    }
    error_ = ProvisionerError::Ok;
    if (s == Poll) {
      backoff_ = SL_PROVISIONER_POLL_MIN_MS;
      state_ = Validate;
    } else if (s == Validate) {
      uint32_t now = serverTime();
      // Without expire_at or the server's Date the key is used as is (no rotation).
      if (!haveExpire_ || !now) error_ = ProvisionerError::BadTime;
      backoff_ = SL_PROVISIONER_POLL_MIN_MS;
      start();  // the last check (Online)
      bool due = haveExpire_ && now && (expireAt_ <= now || expireAt_ - now < SL_PROVISIONER_ROTATE_BEFORE_S);
      state_ = due ? Create : Online;
    } else if (s == Create) {
      // (Online: the check interval then runs from this exchange's start.)
      state_ = nonZero(m.previousId) ? DeleteOld : Online;
    } else {
      start();  // the last check (Online)
      state_ = Online;
    }
    return;
  } while (false);
  if (keyed) retryOnline(e);
  else retryLater(e);
}

// data.id: a positive integer up to 2^64-1, gathered in 8 bytes (times ten
// and plus the digit with an 8-bit carry: no 64-bit multiply, add or compare
// helpers on AVR). Not inlined: its locals are not on the stack under the
// JSON parser for the other values.
SL_NOINLINE bool Provisioner::parseId(JsonEvent e, const JsonParser& p) {
  size_t n = p.length();
  if (e != JsonEvent::Number || n == 0 || n > 20) return false;
  uint8_t b[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // least significant first
  for (size_t i = 0; i < n; ++i) {
    uint8_t d = static_cast<uint8_t>(p.data()[i] - '0');
    if (d > 9) return false;  // a sign, fraction or exponent: not an id
    uint16_t carry = d;
    for (uint8_t k = 0; k < 8; ++k) {
      carry = static_cast<uint16_t>(carry + b[k] * 10);
      b[k] = static_cast<uint8_t>(carry);
      carry >>= 8;
    }
    if (carry) return false;  // past 2^64-1
  }
  uint8_t any = 0;
  for (uint8_t k = 0; k < 8; ++k) any = static_cast<uint8_t>(any | b[k]);
  if (!any) return false;  // 0 is no id
  fromBytes(id_, b);
  return true;
}

bool Provisioner::onJson(JsonEvent e, const JsonParser& p) {
  switch (e) {
    case JsonEvent::BeginObject:
    case JsonEvent::BeginArray:
      if (depth_ == 1 && dataNext_ && e == JsonEvent::BeginObject) inData_ = true;
      if (depth_ == 2 && inData_ && field_ != FNone) valueWrongType_ = true;
      dataNext_ = false;
      field_ = depth_ == 2 ? FNone : field_;
      if (depth_ < 255) ++depth_;
      return true;
    case JsonEvent::EndObject:
    case JsonEvent::EndArray:
      if (depth_) --depth_;
      if (depth_ == 1) inData_ = false;
      return true;
    case JsonEvent::KeyPart:
    case JsonEvent::Key: {
      if (!appendPiece(keyName(), kKeyNameLen, keyLen_, p)) pieceLong_ = true;
      if (e == JsonEvent::KeyPart) return true;
      if (pieceLong_) keyName()[0] = 0;  // longer than any name the flow reads
      pieceLong_ = false;
      keyLen_ = 0;
      field_ = FNone;
      dataNext_ = false;
      uint8_t index = keyIndex(keyName());
      if (depth_ == 1) {
        dataNext_ = index == kDataKey;
      } else if (depth_ == 2 && inData_ && index < kDataKey) {
        field_ = static_cast<Field>(index);
      }
      return true;
    }
    default:
      break;
  }
  // A scalar value.
  dataNext_ = false;
  if (depth_ != 2 || !inData_ || field_ == FNone) return true;
  Field f = field_;
  if (e != JsonEvent::StringPart) field_ = FNone;  // a whole value: the field is done
  if (f == FClaimed) {
    if (e == JsonEvent::True) claimed_ = true;
    else if (e != JsonEvent::False) valueWrongType_ = true;
    return true;
  }
  if (f == FId) {
    if (parseId(e, p)) haveId_ = true;
    else valueWrongType_ = true;
    return true;
  }
  // The string fields (or null: as if absent).
  if (e != JsonEvent::StringPart && e != JsonEvent::String) {
    if (e != JsonEvent::Null) valueWrongType_ = true;
    return true;
  }
  if (f != FExpireAt) {  // claimKey, authToken, key
    if (!appendPiece(value_, sizeof value_, valueLen_, p)) valueTooLong_ = true;
    if (e == JsonEvent::String) haveValue_ = true;
    return true;
  }
  // expire_at
  if (!appendPiece(timeText(), kTimeLen, keyLen_, p)) pieceLong_ = true;  // not a timestamp
  if (e == JsonEvent::String) {
    // Parsed by pump() once the parser returns (parseExpiry(): not on
    // the stack under the JSON parser); a NUL inside is not a timestamp.
    bool whole = !pieceLong_ && length(timeText()) == static_cast<size_t>(keyLen_);
    expirePending_ = whole;
    if (!whole) haveExpire_ = false;
    keyLen_ = 0;
    pieceLong_ = false;
  }
  return true;
}

}  // namespace sl
