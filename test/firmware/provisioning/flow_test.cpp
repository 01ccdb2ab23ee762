// sl::Provisioner unit cases against scripted HTTP replies (one reply per
// connection), a fake millisecond clock and a RAM key store: the flow, the
// poll backoff, bad input (wrong types, oversized tokens, 5xx, broken HTTP or
// JSON, timeouts), corrupt slots, 401, rotation and its restart.
// sl-board-test: does-not-fit uno,mega the flow's fake cloud, key store and client: over the Uno's 32 KB of flash, and over the Mega's 8 KB of RAM (6.4 KB static)
#include <string.h>

#include "SlTest.h"
#include "provisioning/KeyStore.h"
#include "provisioning/Provisioner.h"
#include "provisioning/RamNvStorage.h"

namespace {

uint32_t nowMs = 1000;
uint32_t clockMs() { return nowMs; }

const char* const kHang = "<hang>";  // connects, never answers
const char* const kRefuse = 0;       // connect fails

// Each connect() takes the next scripted reply; reads come 7 bytes at a time.
class FakeNet : public sl::Transport {
 public:
  FakeNet() : replies_(0), count_(0), next_(0), cur_(0), pos_(0), open_(false), logLen_(0), reqLen_(0), logged_(0) {
    log_[0] = 0;
  }
  void script(const char* const* replies, size_t count) {
    replies_ = replies;
    count_ = count;
    next_ = 0;
  }
  bool connect(const char*, uint16_t) override {
    flushLog();
    if (next_ >= count_) return false;
    cur_ = replies_[next_++];
    if (!cur_) return false;
    open_ = true;
    pos_ = 0;
    reqLen_ = 0;
    logged_ = 0;
    return true;
  }
  size_t write(const uint8_t* data, size_t len) override {
    if (!open_) return 0;
    for (size_t i = 0; i < len && reqLen_ < sizeof req_ - 1; ++i) req_[reqLen_++] = static_cast<char>(data[i]);
    return len;
  }
  using sl::Transport::write;
  size_t available() override {
    if (!open_ || cur_ == kHang) return 0;
    size_t left = strlen(cur_) - pos_;
    return left < 7 ? left : 7;
  }
  size_t read(uint8_t* buffer, size_t len) override {
    size_t n = available();
    if (n > len) n = len;
    memcpy(buffer, cur_ + pos_, n);
    pos_ += n;
    return n;
  }
  bool connected() override { return open_ && (cur_ == kHang || pos_ < strlen(cur_)); }
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

 private:
  // Adds "METHOD /path" of the last request to the log (once).
  void flushLog() {
    if (!reqLen_ || logged_ == reqLen_) return;
    if (logLen_) append("|");
    int spaces = 0;
    for (size_t i = 0; i < reqLen_ && req_[i] != '\r'; ++i) {
      if (req_[i] == ' ' && ++spaces == 2) break;
      char c[2] = {req_[i], 0};
      append(c);
    }
    logged_ = reqLen_;
  }
  void append(const char* s) {
    while (*s && logLen_ < sizeof log_ - 1) log_[logLen_++] = *s++;
    log_[logLen_] = 0;
  }
  const char* const* replies_;
  size_t count_;
  size_t next_;
  const char* cur_;
  size_t pos_;
  bool open_;
  char log_[512];
  size_t logLen_;
  char req_[512];
  size_t reqLen_;
  size_t logged_;
};

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

// An HTTP response with a Date header (2026-11-26T12:00:00Z = 1795694400).
const char* reply(char* buf, size_t cap, int status, const char* body) {
  Cat(buf, cap)
      .add("HTTP/1.1 ").add(static_cast<unsigned long>(status))
      .add(" X\r\nDate: Thu, 26 Nov 2026 12:00:00 GMT\r\nContent-Type: application/json\r\nContent-Length: ")
      .add(static_cast<unsigned long>(strlen(body)))
      .add("\r\nConnection: close\r\n\r\n").add(body);
  return buf;
}
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
  bool storedKey(const char* want, sl::KeyInfo* info = 0) {
    char k[sl::KeyStore::kMaxKeyLength + 1];
    if (keys.load(k, sizeof k, info)) return want == 0;
    return want && strcmp(k, want) == 0;
  }
};

char b0[512], b1[512], b2[512], b3[512], b4[512], b5[512], b6[512];

const char* kValidateLong = "{\"success\":true,\"statusCode\":null,\"error\":null,\"data\":{\"id\":7,\"name\":\"device\",\"expire_at\":\"2027-11-26T12:00:00Z\",\"is_active\":true}}";

}  // namespace

TEST_CASE(flow_fresh_device_register_qr_poll_store_validate_online) {
  Rig r;
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"success\":true,\"data\":{\"deviceId\":\"dev-1\",\"claimKey\":\"CK-123\"}}"),
      reply(b1, sizeof b1, 200, "{\"success\":true,\"data\":{\"deviceId\":\"dev-1\",\"claimed\":false}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"claimed\":true,\"deviceId\":\"dev-1\",\"authToken\":\"tok-1\"},\"success\":true}"),
      reply(b3, sizeof b3, 200, kValidateLong),
  };
  r.net.script(replies, 4);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR(r.net.log(),
               "POST /registerDevice|POST /deviceClaimStatus|POST /deviceClaimStatus|GET /apikey/~validate");
  CHECK_EQ_INT(claimCalls, 1);
  CHECK_EQ_STR(claimShown, "CK-123");
  CHECK_EQ_STR(r.prov.apiKey(), "tok-1");
  CHECK(r.prov.online());
  sl::KeyInfo info;
  CHECK(r.storedKey("tok-1", &info));
  CHECK(info.meta.id == 7);
  CHECK_EQ_INT(static_cast<long>(info.meta.expiresAt - kNow), 365L * 86400);
  CHECK(info.meta.previousId == 0);
  CHECK_EQ_NAME(r.prov.lastError(), "ok");
  CHECK(r.prov.serverTime() >= kNow);
  // The validate request carried the key.
  CHECK(strstr(r.net.request(), "Authorization: Bearer tok-1\r\n") != 0);
}

TEST_CASE(flow_register_body_and_no_key_in_claim_requests) {
  Rig r;
  const char* replies[] = {reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.runExchanges(1);
  const char* req = r.net.request();
  CHECK(strstr(req, "{\"deviceId\":\"dev-1\",\"provisioningKey\":\"pk-1\"}") != 0);
  CHECK(strstr(req, "Authorization") == 0);
  CHECK(strstr(req, "Connection: close") != 0);
}

TEST_CASE(flow_poll_backoff_grows_from_2s_to_30s) {
  Rig r;
  const char* replies[14];
  replies[0] = reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}");
  for (int i = 1; i < 14; ++i) replies[i] = reply(b1, sizeof b1, 200, "{\"data\":{\"claimed\":false}}");
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

TEST_CASE(flow_claim_status_wrong_types_and_oversized_token_refused_then_ok) {
  Rig r;
  char big[256];
  char tok[200];
  memset(tok, 'a', sizeof tok);
  tok[sl::KeyStore::kMaxKeyLength + 1] = 0;  // one byte too long
  Cat(big, sizeof big).add("{\"data\":{\"claimed\":true,\"authToken\":\"").add(tok).add("\"}}");
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      reply(b1, sizeof b1, 200, "{\"data\":{\"claimed\":true,\"authToken\":12345}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"claimed\":\"yes\",\"authToken\":\"t\"}}"),
      reply(b3, sizeof b3, 200, "{\"data\":{\"claimed\":true,\"authToken\":{\"k\":\"v\"}}}"),
      reply(b4, sizeof b4, 200, big),
      reply(b5, sizeof b5, 200, "{\"data\":{\"claimed\":true,\"authToken\":\"good\"}}"),
      reply(b6, sizeof b6, 200, kValidateLong),
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
  CHECK(r.storedKey("good"));
}

TEST_CASE(flow_claim_status_500_is_retried_with_backoff_and_never_stored) {
  Rig r;
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      reply(b1, sizeof b1, 500, "{\"success\":false,\"statusCode\":500,\"data\":{\"claimed\":true,\"authToken\":\"bad\"}}"),
      reply(b2, sizeof b2, 502, "<html>bad gateway</html>"),
      reply(b3, sizeof b3, 200, "{\"data\":{\"claimed\":true,\"authToken\":\"good\"}}"),
      reply(b4, sizeof b4, 200, kValidateLong),
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
  CHECK(r.storedKey("good"));
}

TEST_CASE(flow_5xx_broken_http_bad_json_timeout_connect_failure_are_retried) {
  Rig r;
  const char* replies[] = {
      reply(b0, sizeof b0, 500, "{\"success\":false,\"statusCode\":500}"),
      "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"data\":",  // cut short
      kRefuse,
      reply(b1, sizeof b1, 200, "{\"data\":{\"claimKey\":\"CK\"}"),  // not closed
      kHang,
      "garbage\r\n\r\n",
      reply(b2, sizeof b2, 200, "{\"data\":{\"claimKey\":\"CK-9\"}}"),
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
  CHECK_EQ_STR(claimShown, "CK-9");
}

TEST_CASE(flow_stored_key_goes_online_without_provisioning) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 365UL * 86400;
  REQUIRE(!r.keys.store("stored", 6, m));
  const char* replies[] = {reply(b0, sizeof b0, 200, kValidateLong)};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.prov.loop();  // load
  CHECK(r.prov.online());
  CHECK_EQ_STR(r.prov.apiKey(), "stored");
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR(r.net.log(), "GET /apikey/~validate");
  CHECK_EQ_INT(claimCalls, 0);
  // Checked again after the interval only.
  r.net.clearLog();
  nowMs += SL_PROVISIONER_CHECK_INTERVAL_MS - 10;
  r.prov.loop();
  CHECK_EQ_STR(r.net.log(), "");
}

TEST_CASE(flow_corrupt_slot_falls_back_to_the_other_then_to_provisioning) {
  Rig r;
  REQUIRE(!r.keys.store("older", 5));
  REQUIRE(!r.keys.store("newer", 5));
  sl::KeyInfo info;
  REQUIRE(!r.keys.info(info));
  r.mem[info.slot * sl::KeyStore::kSlotSize + 30] ^= 0x55;  // a key byte of the newer record
  const char* replies[] = {reply(b0, sizeof b0, 200, kValidateLong)};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  r.prov.loop();
  CHECK_EQ_STR(r.prov.apiKey(), "older");
  CHECK(r.prov.online());

  Rig r2;
  REQUIRE(!r2.keys.store("only", 4));
  r2.mem[5] ^= 1;  // the sequence number: CRC fails
  const char* replies2[] = {reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r2.net.script(replies2, 1);
  REQUIRE(r2.start());
  r2.prov.loop();
  CHECK(!r2.prov.online());
  CHECK(r2.prov.state() == sl::Provisioner::Register);
}

TEST_CASE(flow_401_on_validate_clears_and_provisions_again_refusing_the_same_token) {
  Rig r;
  REQUIRE(!r.keys.store("revoked", 7));
  const char* replies[] = {
      reply(b0, sizeof b0, 401, "{\"success\":false,\"statusCode\":401}"),
      reply(b1, sizeof b1, 200, "{\"data\":{\"claimKey\":\"CK\"}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"claimed\":true,\"authToken\":\"revoked\"}}"),
      reply(b3, sizeof b3, 404, "{\"success\":false,\"statusCode\":404}"),
      reply(b4, sizeof b4, 200, "{\"data\":{\"claimKey\":\"CK-new\"}}"),
      reply(b5, sizeof b5, 200, "{\"data\":{\"claimed\":true,\"authToken\":\"fresh\"}}"),
      reply(b6, sizeof b6, 200, kValidateLong),
  };
  r.net.script(replies, 7);
  REQUIRE(r.start());
  r.runExchanges(1);
  CHECK_EQ_NAME(r.prov.lastError(), "key rejected");
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(!r.prov.online());
  CHECK_EQ_STR(r.prov.apiKey(), "");
  CHECK(r.storedKey(0));
  CHECK(r.prov.waitMs() > 0);  // not at once: no hammering
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "key rejected");  // the same token again: not stored
  CHECK(r.storedKey(0));
  r.runExchanges(1);                                  // 404: the owner released the device
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR(claimShown, "CK-new");
  CHECK(r.storedKey("fresh"));
}

TEST_CASE(flow_rotation_store_new_then_delete_old) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 4UL * 86400;
  REQUIRE(!r.keys.store("old-key", 7, m));
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-30T12:00:00Z\"}}"),
      reply(b1, sizeof b1, 200, "{\"data\":{\"id\":12345678901,\"key\":\"new-key\",\"expire_at\":\"2027-11-26T12:00:00Z\",\"previous_api_key_id\":7}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"id\":7}}"),
  };
  r.net.script(replies, 3);
  REQUIRE(r.start());
  r.runExchanges(1);
  CHECK(r.prov.state() == sl::Provisioner::Create);
  r.runExchanges(1);
  // Stored before anything is deleted, with the old id pending.
  sl::KeyInfo info;
  CHECK(r.storedKey("new-key", &info));
  CHECK(info.meta.previousId == 7);
  CHECK(info.meta.id == 12345678901ULL);
  CHECK(r.prov.state() == sl::Provisioner::DeleteOld);
  CHECK(strstr(r.net.request(), "\"expire_at\":\"2027-11-26T12:00:") != 0);
  CHECK(strstr(r.net.request(), "Bearer old-key") != 0);
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR(r.net.log(), "GET /apikey/~validate|POST /apikey|DELETE /apikey/7");
  CHECK(strstr(r.net.request(), "Bearer new-key") != 0);
  CHECK(r.storedKey("new-key", &info));
  CHECK(info.meta.previousId == 0);
  CHECK_EQ_STR(r.prov.apiKey(), "new-key");
}

TEST_CASE(flow_restart_with_pending_delete_finishes_it_first) {
  Rig r;
  sl::KeyMeta m;
  m.id = 8;
  m.previousId = 7;
  m.expiresAt = kNow + 365UL * 86400;
  REQUIRE(!r.keys.store("new-key", 7, m));
  const char* replies[] = {reply(b0, sizeof b0, 404, "{\"success\":false,\"statusCode\":404}")};
  r.net.script(replies, 1);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  CHECK_EQ_STR(r.net.log(), "DELETE /apikey/7");
  sl::KeyInfo info;
  CHECK(r.storedKey("new-key", &info));
  CHECK(info.meta.previousId == 0);
  CHECK(info.meta.id == 8);
}

TEST_CASE(flow_rotation_bad_new_key_keeps_the_old_one) {
  Rig r;
  sl::KeyMeta m;
  m.id = 7;
  m.expiresAt = kNow + 86400;
  REQUIRE(!r.keys.store("old-key", 7, m));
  char big[300], tok[200];
  memset(tok, 'k', sizeof tok);
  tok[sl::KeyStore::kMaxKeyLength + 5] = 0;
  Cat(big, sizeof big).add("{\"data\":{\"id\":9,\"key\":\"").add(tok).add("\"}}");
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-27T12:00:00Z\"}}"),
      reply(b1, sizeof b1, 200, big),
      reply(b2, sizeof b2, 200, "{\"data\":{\"id\":7,\"expire_at\":\"2026-11-27T12:00:00Z\"}}"),
      reply(b3, sizeof b3, 503, "{}"),
  };
  r.net.script(replies, 4);
  REQUIRE(r.start());
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "auth token too long");
  CHECK(r.prov.online());
  CHECK_EQ_STR(r.prov.apiKey(), "old-key");
  CHECK(r.storedKey("old-key"));
  r.runExchanges(2);
  CHECK_EQ_NAME(r.prov.lastError(), "unexpected HTTP status");
  CHECK(r.storedKey("old-key"));
  CHECK_EQ_STR(r.prov.apiKey(), "old-key");
}

TEST_CASE(flow_reset_device_and_factory_reset_start_over) {
  Rig r;
  REQUIRE(!r.keys.store("k1", 2));
  const char* replies[] = {
      reply(b0, sizeof b0, 200, kValidateLong),
      reply(b1, sizeof b1, 200, "{\"data\":{\"deviceId\":\"dev-1\",\"reset\":true}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"claimKey\":\"CK\"}}"),
  };
  r.net.script(replies, 3);
  REQUIRE(r.start());
  CHECK(r.runUntil(sl::Provisioner::Online));
  r.prov.resetDevice();
  r.runExchanges(1);
  CHECK(strstr(r.net.request(), "POST /resetDevice") != 0);
  CHECK(strstr(r.net.request(), "Bearer k1") != 0);
  CHECK(strstr(r.net.request(), "{\"deviceId\":\"dev-1\"}") != 0);
  CHECK(r.prov.state() == sl::Provisioner::Register);
  CHECK(r.storedKey(0));
  r.runExchanges(1);
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);

  Rig f;
  REQUIRE(!f.keys.store("k2", 2));
  const char* none[] = {kHang};
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

TEST_CASE(flow_key_ids_up_to_2_64_minus_1_others_refused) {
  Rig r;
  REQUIRE(!r.keys.store("k", 1));
  const char* replies[] = {
      reply(b0, sizeof b0, 200, "{\"data\":{\"id\":18446744073709551616,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      reply(b1, sizeof b1, 200, "{\"data\":{\"id\":-3,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      reply(b2, sizeof b2, 200, "{\"data\":{\"id\":1.5,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      reply(b3, sizeof b3, 200, "{\"data\":{\"id\":\"7\",\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
      reply(b4, sizeof b4, 200, "{\"data\":{\"id\":18446744073709551615,\"expire_at\":\"2027-11-26T12:00:00Z\"}}"),
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
  CHECK(r.storedKey("k", &info));
  CHECK(info.meta.id == 18446744073709551615ULL);
}

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
  const char* replies[] = {reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(!r.prov.begin("api.example", 443, sl::FlashString(SL_PSTR("dev \"1\"")), sl::FlashString(SL_PSTR("p\\k"))));
  r.runExchanges(1);
  CHECK(strstr(r.net.request(), "POST /registerDevice") != 0);
  CHECK(strstr(r.net.request(), "Content-Length: 49\r\n") != 0);
  CHECK(strstr(r.net.request(), "\r\n\r\n{\"deviceId\":\"dev \\\"1\\\"\",\"provisioningKey\":\"p\\\\k\"}") != 0);
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
}

TEST_CASE(flow_request_body_escapes_quote_and_backslash) {
  Rig r;
  const char* replies[] = {reply(b0, sizeof b0, 200, "{\"data\":{\"claimKey\":\"CK\"}}")};
  r.net.script(replies, 1);
  REQUIRE(!r.prov.begin("api.example", 443, "dev \"1\"", "p\\k"));
  r.runExchanges(1);
  CHECK(strstr(r.net.request(), "POST /registerDevice") != 0);
  CHECK(strstr(r.net.request(), "Content-Length: 49\r\n") != 0);
  CHECK(strstr(r.net.request(), "\r\n\r\n{\"deviceId\":\"dev \\\"1\\\"\",\"provisioningKey\":\"p\\\\k\"}") != 0);
  CHECK(r.prov.state() == sl::Provisioner::ShowQr);
}
