// sl::Client built with -DSL_CLIENT_OUTBOX_BYTES=0 (the outbox is the
// caller's or none; e5a4b9d moved it into ClientFields, stored only when given).
// sl-board-test: flags -DSL_CLIENT_OUTBOX_BYTES=0
// sl-board-test: boards cortex-m3,lx106
#include <string.h>

#include "../client/FakeCloud.h"
#include "SlTest.h"
#include "client/Client.h"

#if SL_CLIENT_OUTBOX_BYTES != 0
#error "build with -DSL_CLIENT_OUTBOX_BYTES=0"
#endif

namespace {

uint32_t gNow = 0;
uint32_t clockFn() { return gNow; }

bool writeText(sl::JsonWriter& w, void* ctx) {
  w.beginObject().key("dataComponentType").string("text").key("text").string(static_cast<const char*>(ctx)).endObject();
  return w.ok();
}

bool connect(sl::Client& c) {
  for (int i = 0; i < 20 && !c.connected(); ++i) c.loop();
  return c.connected();
}

TEST_CASE(review_client_without_outbox_sends_online_refuses_offline) {
  sltest::FakeCloud cloud;
  sl::Client client;
  gNow = 1000;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("early"), 0, 0) == sl::ClientError::OutboxFull);
  REQUIRE(connect(client));
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("one"), 0, 0) == sl::ClientError::Ok);
  client.loop();
  CHECK_EQ_INT(cloud.messageCount, 1);
  CHECK(strstr(cloud.messages[0], "\"text\":\"one\"") != 0);
  cloud.drop();
  client.loop();
  CHECK(!client.connected());
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("two"), 0, 0) == sl::ClientError::OutboxFull);
}

TEST_CASE(review_client_with_caller_outbox_replays_after_reconnect) {
  sltest::FakeCloud cloud;
  static uint8_t box[256];
  sl::Client client(box, sizeof box);
  gNow = 1000;
  REQUIRE(!client.begin(cloud, "cloud.test", 8080, "KEY", &clockFn));
  CHECK(client.sendToChannel("c", &writeText, const_cast<char*>("queued"), 0, 0) == sl::ClientError::Ok);
  REQUIRE(connect(client));
  client.loop();
  CHECK_EQ_INT(cloud.messageCount, 1);
  CHECK(strstr(cloud.messages[0], "\"text\":\"queued\"") != 0);
  CHECK_EQ_INT(client.pendingCount(), 0);
}

}  // namespace
