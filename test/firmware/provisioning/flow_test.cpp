// sl::Provisioner unit cases against scripted HTTP replies (one reply per
// connection), a fake millisecond clock and a RAM key store: the flow, the
// poll backoff, bad input (wrong types, oversized tokens, 5xx, broken HTTP or
// JSON, timeouts), corrupt slots, 401, rotation and its restart.
//
// The scripted replies and the expected texts are in flash on AVR (SL_PSTR):
// the fake serves a reply's headers from a small buffer and its body from
// flash as it is read, so there are no per-reply RAM buffers (they were
// 7 x 512 B, with 2.7 KB of literals in .data: 6,382 B static on the Mega).
// One rig at a time is on the stack, so the Uno's 2 KB of RAM hold a case.
// The Uno's 32 KB of flash hold the Provisioner and two or three of the
// cases: on the boards this file is part 1 of 8 (the flag below), and
// flow_part2_test.cpp .. flow_part8_test.cpp build the other parts from this
// same file (SL_FLOW_PART(n) before each case). The host
// (provisioning-flow.test.ts) builds every case at once.
// sl-board-test: flags -DSL_FLOW_TEST_PART=1
#include <string.h>

#include "SlTest.h"
#include "provisioning/KeyStore.h"
#include "provisioning/Provisioner.h"
#include "provisioning/RamNvStorage.h"

#ifndef SL_FLOW_TEST_PART
#define SL_FLOW_TEST_PART 0  // every case
#endif
#define SL_FLOW_PART(n) (SL_FLOW_TEST_PART == 0 || SL_FLOW_TEST_PART == (n))

// The fake's buffers: reply headers (127 B the longest), the log of a case's
// requests (the longest a case compares: 89 B) and the last request (the
// longest: 219 B). Requests or headers that do not fit fail the case
// (FakeNet::overflowed(), checked by ~Rig); a log cut short fails the
// comparison that reads it. 512 B for the log and the request elsewhere, as
// before; the Uno's 2 KB of RAM hold one rig with the AVR sizes.
#ifndef SLT_FLOW_HEADER_CAP
#define SLT_FLOW_HEADER_CAP 136
#endif
#if defined(__AVR__) && !defined(SLT_FLOW_LOG_CAP)
#define SLT_FLOW_LOG_CAP 96
#endif
#if defined(__AVR__) && !defined(SLT_FLOW_REQUEST_CAP)
#define SLT_FLOW_REQUEST_CAP 232
#endif
#ifndef SLT_FLOW_LOG_CAP
#define SLT_FLOW_LOG_CAP 512
#endif
#ifndef SLT_FLOW_REQUEST_CAP
#define SLT_FLOW_REQUEST_CAP 512
#endif

namespace {

uint32_t nowMs = 1000;
uint32_t clockMs() { return nowMs; }

// One scripted connection. The texts live in flash on AVR (SL_PSTR /
// SL_PROGMEM), except a body built at run time (`RamBody`).
struct Reply {
  enum Kind : uint8_t {
    Body,     // an HTTP response (reply headers below) with this JSON body
    RamBody,  // the same with the body in RAM
    Raw,      // these bytes as they are
    Hang,     // connects, never answers
    Refuse,   // connect fails
  };
  const char* text;
  int16_t status;
  Kind kind;
};

// The reply headers of every Body / RamBody reply, with a Date header
// (2026-11-26T12:00:00Z = 1795694400) and the body's Content-Length.
// (Built by a function: avr-gcc 5.4 drops the flash string of an SL_PSTR
// that sits directly in a local array's aggregate initializer.)
inline Reply reply(const char* text, int16_t status, Reply::Kind kind) {
  Reply r = {text, status, kind};
  return r;
}
#define R(status, body) reply(SL_PSTR(body), (status), Reply::Body)
#define R_P(status, flashBody) reply((flashBody), (status), Reply::Body)
#define R_RAM(status, ramBody) reply((ramBody), (status), Reply::RamBody)
#define RAW(bytes) reply(SL_PSTR(bytes), 0, Reply::Raw)
#define HANG reply(0, 0, Reply::Hang)
#define REFUSE reply(0, 0, Reply::Refuse)

// Bounded string building without the printf family (newlib's snprintf links
// malloc, and the board runs check that no allocator is linked).
struct Cat {
  Cat(char* buf, size_t cap) : buf_(buf), cap_(cap), len_(0) { buf_[0] = 0; }
  Cat& add(const char* s, size_t n) {
    for (size_t i = 0; i < n && len_ + 1 < cap_; ++i) buf_[len_++] = s[i];
    buf_[len_] = 0;
    return *this;
  }
  Cat& add(const char* s) { return add(s, strlen(s)); }
  // `s` in flash on AVR.
  Cat& addP(const char* s) {
    for (char c; (c = sl::detail::flashRead(s)) != 0; ++s) add(&c, 1);
    return *this;
  }
  Cat& add(unsigned long v) {
    char digits[12];
    size_t n = 0;
    do { digits[n++] = static_cast<char>('0' + v % 10); v /= 10; } while (v);
    while (n) add(&digits[--n], 1);
    return *this;
  }
  char* buf_;
  size_t cap_;
  size_t len_;
};

// `needle` (in flash on AVR) occurs in the RAM string `hay`.
inline bool containsP(const char* hay, const char* needle) {
  for (; *hay; ++hay) {
    size_t i = 0;
    while (sl::detail::flashRead(needle + i) && hay[i] == sl::detail::flashRead(needle + i)) ++i;
    if (!sl::detail::flashRead(needle + i)) return true;
  }
  return !sl::detail::flashRead(needle);
}
#define HAS(hay, literal) containsP((hay), SL_PSTR(literal))

// Each connect() takes the next scripted reply; reads come 7 bytes at a time.
class FakeNet : public sl::Transport {
 public:
  FakeNet()
      : replies_(0), count_(0), next_(0), cur_(0), hdrLen_(0), total_(0), pos_(0), open_(false), logLen_(0),
        reqLen_(0), logged_(0), overflowed_(false) {
    log_[0] = 0;
  }
  void script(const Reply* replies, size_t count) {
    replies_ = replies;
    count_ = count;
    next_ = 0;
  }
  bool connect(const char*, uint16_t) override {
    flushLog();
    if (next_ >= count_) return false;
    cur_ = &replies_[next_++];
    if (cur_->kind == Reply::Refuse) return false;
    open_ = true;
    pos_ = 0;
    reqLen_ = 0;
    logged_ = 0;
    hdrLen_ = 0;
    size_t bodyLen = cur_->kind == Reply::RamBody ? strlen(cur_->text) : sl::FlashString(cur_->text).length();
    if (cur_->kind == Reply::Body || cur_->kind == Reply::RamBody) {
      Cat(hdr_, sizeof hdr_)
          .addP(SL_PSTR("HTTP/1.1 ")).add(static_cast<unsigned long>(cur_->status))
          .addP(SL_PSTR(" X\r\nDate: Thu, 26 Nov 2026 12:00:00 GMT\r\nContent-Type: application/json\r\nContent-Length: "))
          .add(static_cast<unsigned long>(bodyLen))
          .addP(SL_PSTR("\r\nConnection: close\r\n\r\n"));
      hdrLen_ = strlen(hdr_);
      if (hdrLen_ + 1 >= sizeof hdr_) overflowed_ = true;
    }
    total_ = hdrLen_ + bodyLen;
    return true;
  }
  size_t write(const uint8_t* data, size_t len) override {
    if (!open_) return 0;
    for (size_t i = 0; i < len; ++i) {
      if (reqLen_ < sizeof req_ - 1) req_[reqLen_++] = static_cast<char>(data[i]);
      else overflowed_ = true;
    }
    return len;
  }
  using sl::Transport::write;
  size_t available() override {
    if (!open_ || cur_->kind == Reply::Hang) return 0;
    size_t left = total_ - pos_;
    return left < 7 ? left : 7;
  }
  size_t read(uint8_t* buffer, size_t len) override {
    size_t n = available();
    if (n > len) n = len;
    for (size_t i = 0; i < n; ++i, ++pos_) buffer[i] = static_cast<uint8_t>(byteAt(pos_));
    return n;
  }
  bool connected() override { return open_ && (cur_->kind == Reply::Hang || pos_ < total_); }
  void stop() override { open_ = false; }

  const char* log() {
    flushLog();
    return log_;
  }
  void clearLog() {
    flushLog();
    logLen_ = 0;
    log_[0] = 0;
  }
  // The whole last request (headers and body), NUL-terminated.
  const char* request() {
    req_[reqLen_ < sizeof req_ ? reqLen_ : sizeof req_ - 1] = 0;
    return req_;
  }
  size_t used() const { return next_; }
  // A request or reply headers did not fit the fake's buffers (a check that
  // a request lacks a text would pass on a cut one): every case checks it is false.
  bool overflowed() const { return overflowed_; }

 private:
  char byteAt(size_t i) const {
    if (i < hdrLen_) return hdr_[i];
    i -= hdrLen_;
    return cur_->kind == Reply::RamBody ? cur_->text[i] : sl::detail::flashRead(cur_->text + i);
  }
  // Adds "METHOD /path" of the last request to the log (once).
  void flushLog() {
    if (!reqLen_ || logged_ == reqLen_) return;
    if (logLen_) append('|');
    int spaces = 0;
    for (size_t i = 0; i < reqLen_ && req_[i] != '\r'; ++i) {
      if (req_[i] == ' ' && ++spaces == 2) break;
      append(req_[i]);
    }
    logged_ = reqLen_;
  }
  // A log cut short cannot equal the log a case expects (those fit): no flag.
  void append(char c) {
    if (logLen_ < sizeof log_ - 1) log_[logLen_++] = c;
    log_[logLen_] = 0;
  }
  const Reply* replies_;
  size_t count_;
  size_t next_;
  const Reply* cur_;
  char hdr_[SLT_FLOW_HEADER_CAP];
  size_t hdrLen_;
  size_t total_;
  size_t pos_;
  bool open_;
  char log_[SLT_FLOW_LOG_CAP];
  size_t logLen_;
  char req_[SLT_FLOW_REQUEST_CAP];
  size_t reqLen_;
  size_t logged_;
  bool overflowed_;
};

const uint32_t kNow = 1795694400UL;

char claimShown[64];
int claimCalls = 0;
void onClaim(void*, const char* key, size_t len) {
  ++claimCalls;
  Cat(claimShown, sizeof claimShown).add(key, len);
}

struct Rig {
  uint8_t mem[sl::KeyStore::kRegionSize];
  sl::RamNvStorage ram;
  sl::KeyStore keys;
  FakeNet net;
  sl::Provisioner prov;
  Rig() : ram(mem, sizeof mem), keys(ram), prov(net, keys, &clockMs) {
    memset(mem, 0xFF, sizeof mem);
    nowMs = 1000;
    claimCalls = 0;
    claimShown[0] = 0;
    prov.setClaimHook(&onClaim, 0);
  }
  // Whatever a case checked of the requests, the log and the replies, the
  // fake held all of it.
  ~Rig() { CHECK(!net.overflowed()); }
  bool start() { return !prov.begin("api.example", 443, "dev-1", "pk-1"); }
  // Runs loop() (jumping the clock over waits) until `want` is reached with
  // nothing in progress, or `maxSteps` calls.
  bool runUntil(sl::Provisioner::State want, int maxSteps = 400) {
    for (int i = 0; i < maxSteps; ++i) {
      if (prov.state() == want && prov.waitMs() == 0 && !busy()) return true;
      if (prov.waitMs()) nowMs += prov.waitMs();
      prov.loop();
      nowMs += 1;
    }
    return false;
  }
  // Runs until `n` more connections were used and the last exchange ended.
  void runExchanges(size_t n) {
    size_t target = net.used() + n;
    for (int i = 0; i < 2000; ++i) {
      if (net.used() >= target && !busy()) return;
      if (prov.waitMs()) nowMs += prov.waitMs();
      prov.loop();
      nowMs += busy() ? 50 : 1;  // a silent peer: let the time run
    }
  }
  bool busy() { return net.connected(); }
  // `want` in flash on AVR (SL_PSTR); 0: no key stored.
  bool storedKey(const char* want, sl::KeyInfo* info = 0) {
    char k[sl::KeyStore::kMaxKeyLength + 1];
    if (keys.load(k, sizeof k, info)) return want == 0;
    return want && sl::FlashString(want).equals(k);
  }
};

const char kValidateLong[] SL_PROGMEM = "{\"success\":true,\"statusCode\":null,\"error\":null,\"data\":{\"id\":7,\"name\":\"device\",\"expire_at\":\"2027-11-26T12:00:00Z\",\"is_active\":true}}";

}  // namespace

#if SL_FLOW_PART(1)
TEST_CASE(flow_fresh_device_register_qr_poll_store_validate_online) {
  Rig r;
  const Reply replies[] = {
      R(200, "{\"success\":true,\"data\":{\"deviceId\":\"dev-1\",\"claimKey\":\"CK-123\"}}"),
      R(200, "{\"success\":true,\"data\":{\"deviceId\":\"dev-1\",\"claimed\":false}}"),
      R(200, "{\"data\":{\"claimed\":true,\"deviceId\":\"dev-1\",\"authToken\":\"tok-1\"},\"success\":true}"),
      R_P(200, kValidateLong),
  };
  r.net.script(replies, 4);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR_P(r.net.log(),
               "POST /registerDevice|POST /deviceClaimStatus|POST /deviceClaimStatus|GET /apikey/~validate");
  CHECK_EQ_INT(claimCalls, 1);
  CHECK_EQ_STR_P(claimShown, "CK-123");
  CHECK_EQ_STR_P(r.prov.apiKey(), "tok-1");
  CHECK(r.prov.online());
  sl::KeyInfo info;
  CHECK(r.storedKey(SL_PSTR("tok-1"), &info));
  CHECK(info.meta.id == 7);
  CHECK_EQ_INT(static_cast<long>(info.meta.expiresAt - kNow), 365L * 86400);
  CHECK(info.meta.previousId == 0);
  CHECK_EQ_NAME(r.prov.lastError(), "ok");
  CHECK(r.prov.serverTime() >= kNow);
  // The validate request carried the key.
  CHECK(HAS(r.net.request(), "Authorization: Bearer tok-1\r\n"));
}
#endif

#if SL_FLOW_PART(1)
TEST_CASE(flow_register_body_and_no_key_in_claim_requests) {
  Rig r;
  const Reply replies[] = {R(200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.runExchanges(1);
  const char* req = r.net.request();
  CHECK(HAS(req, "{\"deviceId\":\"dev-1\",\"provisioningKey\":\"pk-1\"}"));
  CHECK(!HAS(req, "Authorization"));
  CHECK(HAS(req, "Connection: close"));
}
#endif

#if SL_FLOW_PART(1)
TEST_CASE(flow_poll_backoff_grows_from_2s_to_30s) {
  Rig r;
  Reply replies[14];
  const Reply first = R(200, "{\"data\":{\"claimKey\":\"CK\"}}");
  const Reply notYet = R(200, "{\"data\":{\"claimed\":false}}");
  replies[0] = first;
  for (int i = 1; i < 14; ++i) replies[i] = notYet;
  r.net.script(replies, 14);
  REQUIRE(r.start());
  r.runExchanges(1);
  r.prov.loop();  // ShowQr
  const uint32_t want[] = {2000, 2000, 3000, 4500, 6750, 10125, 15187, 22780, 30000, 30000};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; ++i) {
    CHECK(r.prov.waitMs() <= want[i] && r.prov.waitMs() + 2 >= want[i]);  // (the rig's clock ticks 1 ms per loop)
    CHECK(r.prov.state() == sl::Provisioner::Poll);
    r.runExchanges(1);
  }
  CHECK_EQ_NAME(r.prov.lastError(), "ok");
  CHECK(r.storedKey(0));
}
#endif

#if SL_FLOW_PART(2)
TEST_CASE(flow_claim_status_wrong_types_and_oversized_token_refused_then_ok) {
  Rig r;
  char big[48 + sl::KeyStore::kMaxKeyLength];
  Cat c(big, sizeof big);
  c.addP(SL_PSTR("{\"data\":{\"claimed\":true,\"authToken\":\""));
  for (size_t i = 0; i < sl::KeyStore::kMaxKeyLength + 1; ++i) c.add("a", 1);  // one byte too long
  c.addP(SL_PSTR("\"}}"));
  REQUIRE(c.len_ + 1 < sizeof big);  // not cut
  const Reply replies[] = {
      R(200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":12345}}"),
      R(200, "{\"data\":{\"claimed\":\"yes\",\"authToken\":\"t\"}}"),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":{\"k\":\"v\"}}}"),
      R_RAM(200, big),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":\"good\"}}"),
      R_P(200, kValidateLong),
  };
  r.net.script(replies, 7);
  REQUIRE(r.start());
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "field of the wrong type");
  CHECK(r.prov.state() == sl::Provisioner::Poll);
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "field of the wrong type");
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "field of the wrong type");
  CHECK(r.storedKey(0));
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "auth token too long");
  CHECK(r.prov.state() == sl::Provisioner::Poll);
  CHECK(r.storedKey(0));
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK(r.storedKey(SL_PSTR("good")));
}
#endif

#if SL_FLOW_PART(2)
TEST_CASE(flow_claim_status_500_is_retried_with_backoff_and_never_stored) {
  Rig r;
  const Reply replies[] = {
      R(200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      R(500, "{\"success\":false,\"statusCode\":500,\"data\":{\"claimed\":true,\"authToken\":\"bad\"}}"),
      R(502, "<html>bad gateway</html>"),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":\"good\"}}"),
      R_P(200, kValidateLong),
  };
  r.net.script(replies, 5);
  REQUIRE(r.start());
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "unexpected HTTP status");
  CHECK(r.prov.state() == sl::Provisioner::Poll);
  CHECK(r.prov.waitMs() <= 2000 && r.prov.waitMs() >= 1998);
  CHECK(r.storedKey(0));
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "unexpected HTTP status");
  CHECK(r.prov.waitMs() <= 3000 && r.prov.waitMs() >= 2998);
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK(r.storedKey(SL_PSTR("good")));
}
#endif

#if SL_FLOW_PART(3)
TEST_CASE(flow_5xx_broken_http_bad_json_timeout_connect_failure_are_retried) {
  Rig r;
  const Reply replies[] = {
      R(500, "{\"success\":false,\"statusCode\":500}"),
      RAW("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"data\":"),  // cut short
      REFUSE,
      R(200, "{\"data\":{\"claimKey\":\"CK\"}"),  // not closed
      HANG,
      RAW("garbage\r\n\r\n"),
      R(200, "{\"data\":{\"claimKey\":\"CK-9\"}}"),
  };
  r.net.script(replies, 7);
  REQUIRE(r.start());
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "unexpected HTTP status");
  CHECK(r.prov.waitMs() <= 2000 && r.prov.waitMs() >= 1998);
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "bad response");
  CHECK(r.prov.waitMs() <= 3000 && r.prov.waitMs() >= 2998);
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "connect failed");
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "bad response");
  // A connection that never answers is dropped after the timeout.
  uint32_t before = nowMs;
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "timeout");
  CHECK(nowMs - before >= SL_PROVISIONER_HTTP_TIMEOUT_MS);
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "bad response");
  CHECK(r.prov.state() == sl::Provisioner::Register);
  r.runExchanges(1);
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
  r.prov.loop();
  CHECK_EQ_STR_P(claimShown, "CK-9");
}
#endif

#if SL_FLOW_PART(3)
TEST_CASE(flow_stored_key_goes_online_without_provisioning) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 365UL * 86400;
  REQUIRE(!r.keys.store("stored", 6, m));
  const Reply replies[] = {R_P(200, kValidateLong)};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.prov.loop();  // load
  CHECK(r.prov.online());
  CHECK_EQ_STR_P(r.prov.apiKey(), "stored");
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR_P(r.net.log(), "GET /apikey/~validate");
  CHECK_EQ_INT(claimCalls, 0);
  // Checked again after the interval only.
  r.net.clearLog();
  nowMs += SL_PROVISIONER_CHECK_INTERVAL_MS - 10;
  r.prov.loop();
  CHECK_EQ_STR_P(r.net.log(), "");
}
#endif

#if SL_FLOW_PART(4)
TEST_CASE(flow_corrupt_slot_falls_back_to_the_other_then_to_provisioning) {
  {  // (each rig in its own scope: one at a time on the stack)
  Rig r;
  REQUIRE(!r.keys.store("older", 5));
  REQUIRE(!r.keys.store("newer", 5));
  sl::KeyInfo info;
  REQUIRE(!r.keys.info(info));
  r.mem[info.slot * sl::KeyStore::kSlotSize + 30] ^= 0x55;  // a key byte of the newer record
  const Reply replies[] = {R_P(200, kValidateLong)};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.prov.loop();
  CHECK_EQ_STR_P(r.prov.apiKey(), "older");
  CHECK(r.prov.online());
  }

  Rig r2;
  REQUIRE(!r2.keys.store("only", 4));
  r2.mem[5] ^= 1;  // the sequence number: CRC fails
  const Reply replies2[] = {R(200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r2.net.script(replies2, 1);
  REQUIRE(r2.start());
  r2.prov.loop();
  CHECK(!r2.prov.online());
  CHECK(r2.prov.state() == sl::Provisioner::Register);
}
#endif

#if SL_FLOW_PART(4)
TEST_CASE(flow_401_on_validate_clears_and_provisions_again_refusing_the_same_token) {
  Rig r;
  REQUIRE(!r.keys.store("revoked", 7));
  const Reply replies[] = {
      R(401, "{\"success\":false,\"statusCode\":401}"),
      R(200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":\"revoked\"}}"),
      R(404, "{\"success\":false,\"statusCode\":404}"),
      R(200, "{\"data\":{\"claimKey\":\"CK-new\"}}"),
      R(200, "{\"data\":{\"claimed\":true,\"authToken\":\"fresh\"}}"),
      R_P(200, kValidateLong),
  };
  r.net.script(replies, 7);
  REQUIRE(r.start());
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "key rejected");
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(!r.prov.online());
  CHECK_EQ_STR_P(r.prov.apiKey(), "");
  CHECK(r.storedKey(0));
  CHECK(r.prov.waitMs() > 0);  // not at once: no hammering
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "key rejected");  // the same token again: not stored
  CHECK(r.storedKey(0));
  r.runExchanges(1);                                  // 404: the owner released the device
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR_P(claimShown, "CK-new");
  CHECK(r.storedKey(SL_PSTR("fresh")));
}
#endif

#if SL_FLOW_PART(5)
TEST_CASE(flow_rotation_store_new_then_delete_old) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 4UL * 86400;
  REQUIRE(!r.keys.store("old-key", 7, m));
  const Reply replies[] = {
      R(200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-30T12:00:00Z\"}}"),
      R(200, "{\"data\":{\"id\":12345678901,\"key\":\"new-key\",\"expire_at\":\"2027-11-26T12:00:00Z\",\"previous_api_key_id\":7}}"),
      R(200, "{\"data\":{\"id\":7}}"),
  };
  r.net.script(replies, 3);
  REQUIRE(r.start());
  r.runExchanges(1);
  CHECK(r.prov.state() == sl::Provisioner::Create);
  r.runExchanges(1);
  // Stored before anything is deleted, with the old id pending.
  sl::KeyInfo info;
  CHECK(r.storedKey(SL_PSTR("new-key"), &info));
  CHECK(info.meta.previousId == 7);
  CHECK(info.meta.id == 12345678901ULL);
  CHECK(r.prov.state() == sl::Provisioner::DeleteOld);
  CHECK(HAS(r.net.request(), "\"expire_at\":\"2027-11-26T12:00:"));
  CHECK(HAS(r.net.request(), "Bearer old-key"));
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR_P(r.net.log(), "GET /apikey/~validate|POST /apikey|DELETE /apikey/7");
  CHECK(HAS(r.net.request(), "Bearer new-key"));
  CHECK(r.storedKey(SL_PSTR("new-key"), &info));
  CHECK(info.meta.previousId == 0);
  CHECK_EQ_STR_P(r.prov.apiKey(), "new-key");
}
#endif

#if SL_FLOW_PART(5)
TEST_CASE(flow_restart_with_pending_delete_finishes_it_first) {
  Rig r;
  sl::KeyMeta m;
  m.id = 8;
  m.previousId = 7;
  m.expiresAt = kNow + 365UL * 86400;
  REQUIRE(!r.keys.store("new-key", 7, m));
  const Reply replies[] = {R(404, "{\"success\":false,\"statusCode\":404}")};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR_P(r.net.log(), "DELETE /apikey/7");
  sl::KeyInfo info;
  CHECK(r.storedKey(SL_PSTR("new-key"), &info));
  CHECK(info.meta.previousId == 0);
  CHECK(info.meta.id == 8);
}
#endif

#if SL_FLOW_PART(6)
TEST_CASE(flow_rotation_bad_new_key_keeps_the_old_one) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 86400;
  REQUIRE(!r.keys.store("old-key", 7, m));
  char big[32 + sl::KeyStore::kMaxKeyLength + 5];
  Cat c(big, sizeof big);
  c.addP(SL_PSTR("{\"data\":{\"id\":9,\"key\":\""));
  for (size_t i = 0; i < sl::KeyStore::kMaxKeyLength + 5; ++i) c.add("k", 1);
  c.addP(SL_PSTR("\"}}"));
  REQUIRE(c.len_ + 1 < sizeof big);  // not cut
  const Reply replies[] = {
      R(200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-27T12:00:00Z\"}}"),
      R_RAM(200, big),
      R(200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-27T12:00:00Z\"}}"),
      R(503, "{}"),
  };
  r.net.script(replies, 4);
  REQUIRE(r.start());
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "auth token too long");
  CHECK(r.prov.online());
  CHECK_EQ_STR_P(r.prov.apiKey(), "old-key");
  CHECK(r.storedKey(SL_PSTR("old-key")));
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "unexpected HTTP status");
  CHECK(r.storedKey(SL_PSTR("old-key")));
  CHECK_EQ_STR_P(r.prov.apiKey(), "old-key");
}
#endif

#if SL_FLOW_PART(6)
TEST_CASE(flow_reset_device_and_factory_reset_start_over) {
  {  // (each rig in its own scope: one at a time on the stack)
  Rig r;
  REQUIRE(!r.keys.store("k1", 2));
  const Reply replies[] = {
      R_P(200, kValidateLong),
      R(200, "{\"data\":{\"deviceId\":\"dev-1\",\"reset\":true}}"),
      R(200, "{\"data\":{\"claimKey\":\"CK\"}}"),
  };
  r.net.script(replies, 3);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  r.prov.resetDevice();
  r.runExchanges(1);
  CHECK(HAS(r.net.request(), "POST /resetDevice"));
  CHECK(HAS(r.net.request(), "Bearer k1"));
  CHECK(HAS(r.net.request(), "{\"deviceId\":\"dev-1\"}"));
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(r.storedKey(0));
  r.runExchanges(1);
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
  }

  Rig f;
  REQUIRE(!f.keys.store("k2", 2));
  const Reply none[] = {HANG};
  f.net.script(none, 1);
  REQUIRE(f.start());
  f.prov.loop();
  CHECK(f.prov.online());
  CHECK_EQ_NAME(f.prov.factoryReset(), "ok");
  CHECK(f.storedKey(0));
  CHECK(!f.prov.online());
  f.prov.loop();
  CHECK(f.prov.state() == sl::Provisioner::Register);
}
#endif

#if SL_FLOW_PART(7)
TEST_CASE(flow_key_ids_up_to_2_64_minus_1_others_refused) {
  Rig r;
  REQUIRE(!r.keys.store("k", 1));
  const Reply replies[] = {
      R(200, "{\"data\":{\"id\":18446744073709551616,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      R(200, "{\"data\":{\"id\":-3,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      R(200, "{\"data\":{\"id\":1.5,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      R(200, "{\"data\":{\"id\":\"7\",\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      R(200, "{\"data\":{\"id\":18446744073709551615,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
  };
  r.net.script(replies, 5);
  REQUIRE(r.start());
  for (int i = 0; i < 4; ++i) {
    r.runExchanges(1);
    CHECK_EQ_NAME(r.prov.lastError(), "field of the wrong type");
    CHECK(r.prov.online());
    CHECK(r.prov.keyMeta().id == 0);
  }
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "ok");
  CHECK(r.prov.keyMeta().id == 18446744073709551615ULL);
  sl::KeyInfo info;
  CHECK(r.storedKey(SL_PSTR("k"), &info));
  CHECK(info.meta.id == 18446744073709551615ULL);
}
#endif

#if SL_FLOW_PART(7)
TEST_CASE(flow_begin_refuses_bad_arguments) {
  Rig r;
  CHECK_EQ_NAME(r.prov.begin("", 443, "d", "p"), "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, 0, "p"), "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, "d", ""), "invalid argument");
  // Ids and keys are printable ASCII (the request bodies stay valid JSON).
  CHECK_EQ_NAME(r.prov.begin("h", 443, "d\n1", "p"), "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, "d", "p\x7f"), "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, "d\xc3\xa9", "p"), "invalid argument");
  CHECK(r.prov.loop() == sl::Provisioner::Idle);
}
#endif

#if SL_FLOW_PART(8)
// begin()'s FlashString overload: the id and key read from flash (SL_PSTR),
// checked and escaped like RAM strings.
TEST_CASE(flow_begin_with_flash_credentials) {
  Rig r;
  CHECK_EQ_NAME(r.prov.begin("h", 443, sl::FlashString(SL_PSTR("d\n1")), sl::FlashString(SL_PSTR("p"))),
                "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, sl::FlashString(SL_PSTR("d")), sl::FlashString(SL_PSTR(""))),
                "invalid argument");
  CHECK_EQ_NAME(r.prov.begin("h", 443, sl::FlashString(SL_PSTR("d")), sl::FlashString(0)), "invalid argument");
  CHECK(r.prov.loop() == sl::Provisioner::Idle);
  const Reply replies[] = {R(200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(!r.prov.begin("api.example", 443, sl::FlashString(SL_PSTR("dev \"1\"")), sl::FlashString(SL_PSTR("p\\k"))));
  r.runExchanges(1);
  CHECK(HAS(r.net.request(), "POST /registerDevice"));
  CHECK(HAS(r.net.request(), "Content-Length: 49\r\n"));
  CHECK(HAS(r.net.request(), "\r\n\r\n{\"deviceId\":\"dev \\\"1\\\"\",\"provisioningKey\":\"p\\\\k\"}"));
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
}
#endif

#if SL_FLOW_PART(8)
TEST_CASE(flow_request_body_escapes_quote_and_backslash) {
  Rig r;
  const Reply replies[] = {R(200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(!r.prov.begin("api.example", 443, "dev \"1\"", "p\\k"));
  r.runExchanges(1);
  CHECK(HAS(r.net.request(), "POST /registerDevice"));
  CHECK(HAS(r.net.request(), "Content-Length: 49\r\n"));
  CHECK(HAS(r.net.request(), "\r\n\r\n{\"deviceId\":\"dev \\\"1\\\"\",\"provisioningKey\":\"p\\\\k\"}"));
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
}
#endif
