// libFuzzer target: WsFrameParser.
//
// Input: [config] frame-bytes. Parsed whole, in slices of 1..8 bytes, and
// byte by byte: the digests of events, opcodes, close codes and payload
// bytes must agree up to the first error, except that how much valid UTF-8
// prefix is delivered before an InvalidUtf8 error depends on the slicing,
// so data events are digested only when the run ends without that error.
// Also checks the event grammar (Begin/Data/End nesting, control frame
// pairs), that spans lie inside the input, that control payloads are at
// most 125 bytes and that a message never exceeds the limit.
#include <stdlib.h>
#include <string.h>

#include "ws/WsFrameParser.h"

namespace {

struct Digest {
  uint32_t h = 2166136261u;
  void byte(uint8_t b) { h = (h ^ b) * 16777619u; }
};

struct Result {
  uint32_t events;  // event kinds and metadata
  uint32_t payload; // payload bytes
  uint8_t error;
};

Result parse(const uint8_t* in, size_t size, size_t slice, uint32_t limit) {
  sl::WsFrameParser p(limit);
  Digest ev, pay;
  bool inMessage = false, inControl = false;
  uint32_t messageBytes = 0, controlBytes = 0;
  size_t pos = 0;
  bool stop = false;
  while (!stop && pos < size) {
    size_t n = size - pos < slice ? size - pos : slice;
    const uint8_t* data = in + pos;
    size_t len = n;
    pos += n;
    for (;;) {
      const uint8_t* before = data;
      size_t beforeLen = len;
      sl::WsFrameParser::Event e = p.next(data, len);
      if (e == sl::WsFrameParser::NeedMore) break;
      if (e != sl::WsFrameParser::MessageData && e != sl::WsFrameParser::ControlData) ev.byte(static_cast<uint8_t>(e));
      switch (e) {
        case sl::WsFrameParser::MessageBegin:
          if (inMessage || inControl) abort();
          inMessage = true;
          messageBytes = 0;
          ev.byte(p.opcode());
          break;
        case sl::WsFrameParser::MessageData:
        case sl::WsFrameParser::ControlData:
          if (p.data() < before || p.data() + p.length() > before + beforeLen || p.length() == 0) abort();
          if (e == sl::WsFrameParser::MessageData) {
            if (!inMessage || inControl) abort();
            messageBytes += static_cast<uint32_t>(p.length());
            if (messageBytes > limit) abort();
          } else {
            if (!inControl) abort();
            controlBytes += static_cast<uint32_t>(p.length());
            if (controlBytes > 125) abort();
          }
          for (size_t i = 0; i < p.length(); ++i) pay.byte(p.data()[i]);
          break;
        case sl::WsFrameParser::MessageEnd:
          if (!inMessage || inControl) abort();
          inMessage = false;
          break;
        case sl::WsFrameParser::ControlBegin:
          if (inControl || p.controlLength() > 125) abort();
          inControl = true;
          controlBytes = 0;
          ev.byte(p.opcode());
          ev.byte(p.controlLength());
          break;
        case sl::WsFrameParser::ControlEnd:
          if (!inControl) abort();
          inControl = false;
          ev.byte(static_cast<uint8_t>(p.closeCode()));
          ev.byte(static_cast<uint8_t>(p.closeCode() >> 8));
          break;
        default:
          ev.byte(p.error().code());
          stop = true;
          break;
      }
      if (stop) break;
    }
  }
  Result r = {ev.h, pay.h, p.error().code()};
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t slice = 1 + data[0] % 8;
  uint32_t limit = (data[0] & 0x80) ? 0xFFFFFFFFu : 16u + (data[0] & 0x7F) * 8u;
  ++data;
  --size;
  Result whole = parse(data, size, size ? size : 1, limit);
  Result sliced = parse(data, size, slice, limit);
  Result bytes = parse(data, size, 1, limit);
  if (whole.error != sliced.error || whole.error != bytes.error) abort();
  if (whole.error == sl::WsError::InvalidUtf8) return 0;  // delivered prefix depends on slicing
  if (whole.events != sliced.events || whole.events != bytes.events) abort();
  if (whole.payload != sliced.payload || whole.payload != bytes.payload) abort();
  return 0;
}
