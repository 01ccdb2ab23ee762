// Shared by the size sketches: a sink that writes to a volatile register-like
// byte (so nothing is optimised away) and a main that calls sendMessage().
#include "io/Sink.h"
#include "json/JsonWriter.h"

volatile uint8_t g_port;

class PortSink : public sl::Sink {
 public:
  size_t write(const uint8_t* data, size_t len) override {
    for (size_t i = 0; i < len; ++i) g_port = data[i];
    return len;
  }
  using sl::Sink::write;
};

void sendMessage(sl::JsonWriter& w);

int main() {
  PortSink sink;
  sl::JsonWriter w(sink);
  sendMessage(w);
  return w.finish() == sl::JsonWriteError::Ok ? 0 : 1;
}
