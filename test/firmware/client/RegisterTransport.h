// For the client's link-size programs (size_program.cpp, send_only_program.cpp):
// a do-nothing sl::Transport and clock reading volatile registers, so the
// optimizer can fold nothing away, and the pure-virtual hook the Arduino
// core (abi.cpp) provides for abstract interfaces' vtables, which these
// bare-metal programs stand in for. Include once per program.
#pragma once
#include "transport/Transport.h"

volatile uint8_t reg;
volatile uint32_t ticks;

struct RegisterTransport : sl::Transport {
  bool connect(const char*, uint16_t) override { return reg; }
  size_t write(const uint8_t* d, size_t n) override {
    for (size_t i = 0; i < n; ++i) reg = d[i];
    return n;
  }
  using sl::Transport::write;
  size_t available() override { return reg; }
  size_t read(uint8_t* b, size_t n) override {
    size_t k = reg < n ? reg : n;
    for (size_t i = 0; i < k; ++i) b[i] = reg;
    return k;
  }
  bool connected() override { return reg; }
  void stop() override { reg = 0; }
};

uint32_t clockMs() { return ticks; }

extern "C" void __cxa_pure_virtual() {
  for (;;) {
  }
}
