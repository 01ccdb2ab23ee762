// libFuzzer target: the Provisioner (register, claim QR, poll, validate,
// rotate, delete) against a cloud whose every HTTP response is fuzzed:
// status lines, headers (Date, Content-Length, chunked), JSON bodies with
// claim keys, tokens, ids and expiry dates of any shape.
//
// Input: byte 0: bits 0..2, the bytes per transport read (1..8); bit 3: a
// key already in the store at power-up (then the flow starts by validating
// it); bit 4: print the claim QR (else a claim hook). Then the responses,
// separated by 0xFF: each connect() serves the next one (none left: the
// connect fails).
//
// Whatever the cloud says, nothing crashes (ASan/UBSan), and after every
// loop():
//  - the working key is NUL-terminated within SL_KEYSTORE_MAX_KEY_LEN, and
//    when there is one it is the key store's current key, with the same id
//    and expiry (it only changes after the new key is stored);
//  - state() and lastError() are values of their enums;
//  - every request written is one well-formed HTTP/1.1 request: a request
//    line, header lines, a blank line, then exactly Content-Length bytes of
//    body, a JSON object.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test/firmware/http/ScriptedTransport.h"
#include "io/Sink.h"
#include "json/JsonParser.h"
#include "provisioning/KeyStore.h"
#include "provisioning/Provisioner.h"
#include "provisioning/RamNvStorage.h"

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return gNow; }

struct NoHandler : sl::JsonHandler {
  bool onJson(sl::JsonEvent, const sl::JsonParser&) override { return true; }
};

// Checks one complete request (what was written on one connection).
void checkRequest(const char* r, size_t n) {
  if (n == 0) return;  // the exchange was dropped before writing
  const char* end = static_cast<const char*>(memmem(r, n, "\r\n\r\n", 4));
  if (!end) abort();  // no end of headers
  if (strncmp(r, "GET /", 5) != 0 && strncmp(r, "POST /", 6) != 0 && strncmp(r, "DELETE /", 8) != 0) abort();
  const char* line = static_cast<const char*>(memchr(r, '\r', n));
  if (line - r < 14 || memcmp(line - 9, " HTTP/1.1", 9) != 0) abort();
  size_t headerLen = static_cast<size_t>(end - r) + 4;
  size_t contentLength = 0;
  bool hasLength = false;
  for (const char* p = line + 2; p < end; p = static_cast<const char*>(memchr(p, '\n', end + 2 - p)) + 1) {
    const char* eol = static_cast<const char*>(memchr(p, '\r', end + 2 - p));
    if (!eol || eol[1] != '\n' || !memchr(p, ':', eol - p)) abort();  // a header line without a name
    for (const char* c = p; c < eol; ++c) {
      if (static_cast<uint8_t>(*c) < 0x20 || *c == 0x7f) abort();  // a control byte in a header
    }
    if (strncmp(p, "Content-Length: ", 16) == 0) {
      hasLength = true;
      contentLength = strtoul(p + 16, nullptr, 10);
    }
  }
  size_t body = n - headerLen;
  if (body != (hasLength ? contentLength : 0)) abort();  // body and Content-Length disagree
  if (body) {
    if (r[headerLen] != '{') abort();
    NoHandler h;
    sl::JsonParser p(h);
    if (p.feed(reinterpret_cast<const uint8_t*>(r + headerLen), body) || p.finish()) abort();
  }
}

// Each connect() serves the next response (ScriptedTransport: reads of
// `readSize` bytes, the peer closing after the last one) and checks the
// request written on the connection before.
class FuzzCloud : public sltest::ScriptedTransport {
 public:
  FuzzCloud(const uint8_t* data, size_t len, size_t readSize) : data_(data), len_(len) { setReadChunk(readSize); }
  bool connect(const char* host, uint16_t port) override {
    endRequest();
    if (next_ > len_) {  // every response served
      ++refused;
      return false;
    }
    const uint8_t* sep = static_cast<const uint8_t*>(memchr(data_ + next_, 0xFF, len_ - next_));
    size_t end = sep ? static_cast<size_t>(sep - data_) : len_;
    script(data_ + next_, end - next_);
    keepOpen(false);
    next_ = end + 1;
    ++connects;
    return ScriptedTransport::connect(host, port);
  }
  void stop() override {
    ScriptedTransport::stop();
    endRequest();
  }
  // The request written on the current connection is complete: check it.
  void endRequest() {
    if (writtenLength() == SLT_SCRIPT_WRITE_CAP) abort();  // no request of the flow is this long
    checkRequest(reinterpret_cast<const char*>(written()), writtenLength());
    if (writtenLength()) ++requests;
    clearWritten();
  }
  // Every response served and the last connection over.
  bool done() { return next_ > len_ && !connected(); }
  int connects = 0, requests = 0, refused = 0;

 private:
  const uint8_t* data_;
  size_t len_;
  size_t next_ = 0;
};

struct CountingSink : sl::Sink {
  size_t write(const uint8_t*, size_t len) override {
    bytes += len;
    return len;
  }
  size_t bytes = 0;
};

int gClaims = 0;
void onClaim(void*, const char* claimKey, size_t len) {
  if (strlen(claimKey) != len) abort();
  ++gClaims;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 8192) return 0;
  uint8_t flags = data[0];
  static uint8_t eeprom[sl::KeyStore::kRegionSize];
  memset(eeprom, 0xFF, sizeof eeprom);
  sl::RamNvStorage storage(eeprom, sizeof eeprom);
  sl::KeyStore keys(storage);
  if (flags & 8) {
    sl::KeyMeta meta;
    meta.id = 400;
    meta.expiresAt = 1795694400UL + 30 * 86400UL;
    if (keys.store("stored-key-1", 12, meta)) abort();
  }
  FuzzCloud cloud(data + 1, size - 1, 1 + (flags & 7));
  gNow = 5000;
  gClaims = 0;
  sl::Provisioner prov(cloud, keys, clockFn);
  CountingSink qr;
  if (flags & 16) prov.setQrSink(qr);
  else prov.setClaimHook(&onClaim, nullptr);
  if (prov.begin("api.semilimes.net", 443, "dev-1", "prov-secret")) abort();
  sl::KeyStore check(storage);  // a second view of the same EEPROM
  static char stored[SL_KEYSTORE_MAX_KEY_LEN + 1];
  for (int i = 0; i < 3000; ++i) {
    sl::Provisioner::State s = prov.loop();
    if (s > sl::Provisioner::Reset || prov.lastError().code() >= sl::ProvisionerError::CodeCount) abort();
    const char* key = prov.apiKey();
    if (strnlen(key, SL_KEYSTORE_MAX_KEY_LEN + 1) > SL_KEYSTORE_MAX_KEY_LEN) abort();
    if (*key) {
      sl::KeyInfo info;
      if (check.load(stored, sizeof stored, &info) || strcmp(stored, key) != 0) abort();
      if (info.meta.id != prov.keyMeta().id || info.meta.expiresAt != prov.keyMeta().expiresAt) abort();
    }
    // Time passes: a waiting step comes due, a hanging exchange times out.
    uint32_t wait = prov.waitMs();
    gNow += wait ? wait : 50;
    // Nothing more to hear: stop once online or after three refused connects.
    if (cloud.done() && (s == sl::Provisioner::Online || cloud.refused >= 3)) break;
  }
  cloud.endRequest();
  if (getenv("SL_FUZZ_TRACE")) {  // what an input reached (for checking the seeds)
    fprintf(stderr, "trace: state %d, error %s, requests %d, claims %d, qr bytes %zu, key %s\n", prov.state(),
            prov.lastError().name().ptr(), cloud.requests, gClaims, qr.bytes, prov.apiKey());
  }
  return 0;
}
