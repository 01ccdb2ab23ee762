// The #ifdef ARDUINO pieces on the fake Arduino core: sl::ArduinoByteStream
// over a `Stream`, and EspAtTransport's one-argument constructor (millis()).
// The Stream is a tiny auto-answering modem (complete command lines in,
// canned ESP-AT answers out).
#include "SlTest.h"
#include "io/ArduinoByteStream.h"
#include "transport/EspAtTransport.h"

namespace {

class FakeModemStream : public Stream {
 public:
  FakeModemStream() : outLen_(0), outPos_(0), lineLen_(0), sendLeft_(0), sent_(0), hold_(false) { sentData_[0] = 0; }

  size_t write(uint8_t c) override {
    if (sendLeft_) {
      if (sent_ < sizeof sentData_ - 1) sentData_[sent_++] = static_cast<char>(c);
      sentData_[sent_] = 0;
      if (--sendLeft_ == 0) {
        answer("\r\nRecv bytes\r\n\r\nSEND OK\r\n");
        answer("+IPD,4\r\n");
      }
      return 1;
    }
    if (c != '\n') {
      if (lineLen_ < sizeof line_ - 1) line_[lineLen_++] = static_cast<char>(c);
      return 1;
    }
    line_[lineLen_ ? lineLen_ - 1 : 0] = 0;  // drop CR
    lineLen_ = 0;
    if (strncmp(line_, "AT+CIPSTART=", 12) == 0) answer("CONNECT\r\n\r\nOK\r\n");
    else if (strncmp(line_, "AT+CIPSEND=", 11) == 0) {
      sendLeft_ = static_cast<size_t>(atoiSmall(line_ + 11));
      answer("\r\nOK\r\n\r\n> ");
    } else if (strncmp(line_, "AT+CIPRECVDATA=", 15) == 0) answer("+CIPRECVDATA:4,pong\r\n\r\nOK\r\n");
    else if (strcmp(line_, "AT+CIPCLOSE") == 0) answer("CLOSED\r\n\r\nOK\r\n");
    else answer("\r\nOK\r\n");
    return 1;
  }
  using Print::write;
  int available() override { return static_cast<int>(outLen_ - outPos_); }
  int read() override { return outPos_ < outLen_ ? static_cast<uint8_t>(out_[outPos_++]) : -1; }
  int peek() override { return outPos_ < outLen_ ? static_cast<uint8_t>(out_[outPos_]) : -1; }

  const char* sentData() const { return sentData_; }

 private:
  static int atoiSmall(const char* s) {
    int n = 0;
    while (*s >= '0' && *s <= '9') n = n * 10 + (*s++ - '0');
    return n;
  }
  void answer(const char* text) {
    size_t n = strlen(text);
    if (outLen_ + n > sizeof out_) return;
    memcpy(out_ + outLen_, text, n);
    outLen_ += n;
  }

  char out_[1024];
  size_t outLen_, outPos_;
  char line_[96];
  size_t lineLen_;
  size_t sendLeft_;
  char sentData_[32];
  size_t sent_;
  bool hold_;
};

TEST_CASE(arduino_byte_stream_reads_minus_one_when_empty) {
  FakeModemStream modem;
  sl::ArduinoByteStream line(modem);
  CHECK_EQ_INT(line.read(), -1);
  CHECK_EQ_INT(line.write(reinterpret_cast<const uint8_t*>("AT\r\n"), 4), 4);
  CHECK_EQ_INT(line.read(), '\r');
  CHECK_EQ_INT(line.read(), '\n');
  CHECK_EQ_INT(line.read(), 'O');
}

TEST_CASE(espat_over_arduino_stream_round_trip) {
  FakeModemStream modem;
  sl::ArduinoByteStream line(modem);
  sl::EspAtTransport net(line);  // clock: millis()
  REQUIRE(net.connect("api.semilimes.net", 80));
  CHECK(net.passiveMode());
  CHECK_EQ_INT(net.write(reinterpret_cast<const uint8_t*>("ping"), 4), 4);
  uint8_t buf[8] = {0};
  size_t got = 0;
  for (int i = 0; i < 100 && got < 4; ++i) got += net.read(buf + got, sizeof buf - 1 - got);
  CHECK_EQ_INT(got, 4);
  CHECK_EQ_STR(reinterpret_cast<const char*>(buf), "pong");
  CHECK_EQ_STR(modem.sentData(), "ping");
  net.stop();
  CHECK(!net.connected());
}

}  // namespace
