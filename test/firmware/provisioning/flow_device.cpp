// Host program: sl::Provisioner over PosixSocketTransport and a file key
// store, against the mock semilimes cloud started by
// test/firmware/provisioning-flow.test.ts.
//
//   flow_device <port> <deviceId> <provisioningKey> <storeFile> [options]
//     --send <accountId>   once online, send one text over sl::Client to that contact
//     --reset              once online (and sent), POST /resetDevice, then provision again
//     --cut-at <n>         power cut: write call n to the storage writes half its
//                          bytes, then the program dies (exit 42)
//     --timeout <ms>       give up (exit 1) after this long (default 60000)
//
// Prints one line per event: "STATE <state> <error>", the claim QR between
// "QR-BEGIN" and "QR-END" (half blocks, CRLF lines), "ONLINE <key> <id>
// <expiresAt> <previousId>", "SENT <error>", "WRITES <count>", "POWERCUT <n>".
// Exit 0 once online with no rotation pending (and the message sent).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/Client.h"
#include "generated/Components.h"
#include "provisioning/FileNvStorage.h"
#include "provisioning/KeyStore.h"
#include "provisioning/Provisioner.h"
#include "transport/PosixSocketTransport.h"

namespace {

uint32_t clockMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint32_t>(ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000ULL);
}

void sleepMs(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, 0);
}

// Counts write calls; the cut-th one writes half its bytes and the program dies.
class CuttingStorage : public sl::NvStorage {
 public:
  CuttingStorage(sl::NvStorage& inner, long cutAt) : inner_(inner), cutAt_(cutAt), writes_(0) {}
  size_t size() const override { return inner_.size(); }
  bool read(size_t offset, uint8_t* data, size_t len) override { return inner_.read(offset, data, len); }
  bool write(size_t offset, const uint8_t* data, size_t len) override {
    ++writes_;
    if (cutAt_ > 0 && writes_ == cutAt_) {
      if (!inner_.write(offset, data, len / 2)) return false;
      printf("POWERCUT %ld\n", writes_);
      fflush(stdout);
      _exit(42);
    }
    return inner_.write(offset, data, len);
  }
  bool commit() override { return inner_.commit(); }
  long writes() const { return writes_; }

 private:
  sl::NvStorage& inner_;
  long cutAt_;
  long writes_;
};

class StdoutSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override { return fwrite(data, 1, len, stdout); }
  using sl::Sink::write;
};

const char* stateName(sl::Provisioner::State s) {
  static const char* const names[] = {"Idle", "Start", "Register", "ShowQr", "Poll",
                                      "Validate", "Create", "DeleteOld", "Online", "Reset"};
  return names[s];
}

int sent = 0;  // 0 not yet, 1 ok, -1 failed
void onSent(const sl::ClientResponse& r, void*) {
  printf("SENT %s %u\n", r.error.name().ptr(), static_cast<unsigned>(r.statusCode));
  sent = r.error ? -1 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  setvbuf(stdout, 0, _IOLBF, 0);
  if (argc < 5) return 2;
  uint16_t port = static_cast<uint16_t>(atoi(argv[1]));
  const char* deviceId = argv[2];
  const char* provisioningKey = argv[3];
  const char* storeFile = argv[4];
  const char* sendTo = 0;
  bool reset = false;
  long cutAt = 0;
  uint32_t timeout = 60000;
  for (int i = 5; i < argc; ++i) {
    if (!strcmp(argv[i], "--send") && i + 1 < argc) sendTo = argv[++i];
    else if (!strcmp(argv[i], "--reset")) reset = true;
    else if (!strcmp(argv[i], "--cut-at") && i + 1 < argc) cutAt = atol(argv[++i]);
    else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) timeout = static_cast<uint32_t>(atol(argv[++i]));
    else return 2;
  }

  sl::FileNvStorage file(storeFile, sl::KeyStore::kRegionSize);
  CuttingStorage storage(file, cutAt);
  sl::KeyStore keys(storage);
  sl::PosixSocketTransport net;
  StdoutSink out;
  sl::Provisioner prov(net, keys, &clockMs);
  prov.setQrSink(out);
  if (prov.begin("127.0.0.1", port, deviceId, provisioningKey)) return 3;

  sl::PosixSocketTransport ws;
  sl::Client client;
  char sender[48], chat[48], text[64];
  client.setInboundBuffers(sender, sizeof sender, chat, sizeof chat, text, sizeof text);
  client.random().seed(clockMs() ^ 0x9e37);
  bool clientStarted = false;
  bool resetDone = false;
  bool validated = false;

  sl::Provisioner::State last = sl::Provisioner::Idle;
  sl::ProvisionerError lastErr;
  uint32_t start = clockMs();
  int rc = -1;
  while (rc < 0) {
    sl::Provisioner::State before = prov.state();
    if (before == sl::Provisioner::ShowQr && prov.waitMs() == 0) printf("QR-BEGIN\n");
    sl::Provisioner::State s = prov.loop();
    if (before == sl::Provisioner::ShowQr && s != sl::Provisioner::ShowQr) printf("QR-END\n");
    if (s != last || prov.lastError() != lastErr.code()) {
      printf("STATE %s %s\n", stateName(s), prov.lastError().name().ptr());
      if (s == sl::Provisioner::Online && last != sl::Provisioner::Online) {
        const sl::KeyMeta& m = prov.keyMeta();
        printf("ONLINE %s %llu %lu %llu\n", prov.apiKey(), static_cast<unsigned long long>(m.id),
               static_cast<unsigned long>(m.expiresAt), static_cast<unsigned long long>(m.previousId));
      }
      last = s;
      lastErr = prov.lastError();
    }
    if (s == sl::Provisioner::Validate || s == sl::Provisioner::DeleteOld) validated = true;
    // Settled: online, the key used with the cloud in this run (validate or delete), no rotation step left.
    bool settled = validated && s == sl::Provisioner::Online && prov.keyMeta().previousId == 0 &&
                   prov.waitMs() == 0 && !prov.lastError();
    if (settled && sendTo && sent == 0 && !clientStarted) {
      if (client.begin(ws, "127.0.0.1", port, prov.apiKey(), &clockMs)) return 4;
      clientStarted = true;
    }
    if (clientStarted) {
      client.loop();
      if (client.connected() && sent == 0 && client.pendingCount() == 0) {
        static char msg[64];
        snprintf(msg, sizeof msg, "hello from %s", deviceId);
        sl::data::Text t(msg);
        sl::ClientError e = client.sendToContact(sendTo, t, &onSent, 0);
        if (e) {
          printf("SENT %s\n", e.name().ptr());
          sent = -1;
        } else {
          sent = 2;  // waiting for the Response
        }
      }
    }
    if (sent == -1) rc = 5;
    bool messageDone = !sendTo || sent == 1;
    if (settled && messageDone) {
      if (reset && !resetDone) {
        client.end();
        clientStarted = false;
        sent = 0;
        resetDone = true;
        validated = false;
        printf("RESETTING\n");
        prov.resetDevice();
      } else {
        rc = 0;
      }
    }
    if (clockMs() - start > timeout) {
      printf("TIMEOUT %s %s\n", stateName(prov.state()), prov.lastError().name().ptr());
      rc = 1;
    }
    if (!prov.waitMs() && !client.connected()) sleepMs(1);
    else sleepMs(5);
  }
  printf("WRITES %ld\n", storage.writes());
  return rc;
}
