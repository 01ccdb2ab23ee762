// WsFrameParser (every slice size gives the same transcript) and
// WsFrameWriter (masking with a fixed seed, lengths, counting pass).
//
// The frames and transcripts of SAME / SAME_ENDS are in flash on AVR
// (SLT_STR): the Uno (2 KB of RAM) runs this suite too.
#include <string.h>

#include "SlTest.h"
#include "WsTestUtil.h"
#include "crypto/Random.h"
#include "ws/WsFrameParser.h"
#include "ws/WsFrameWriter.h"

namespace {

using sltest::putNum;
using sltest::putText;

// Transcript: B<t|b> D<bytes> E | C<op>[len] d<bytes> c[code] | X<error>
void transcribe(const uint8_t* in, size_t total, size_t slice, uint32_t limit, char* text, size_t cap) {
  sl::BufferSink out(text, cap);
  sl::WsFrameParser p(limit);
  size_t pos = 0;
  bool stop = false, inData = false;
  while (!stop && pos < total) {
    const uint8_t* data = in + pos;
    size_t len = total - pos < slice ? total - pos : slice;
    pos += len;
    for (;;) {
      sl::WsFrameParser::Event e = p.next(data, len);
      if (e == sl::WsFrameParser::NeedMore) break;
      bool data_ = e == sl::WsFrameParser::MessageData || e == sl::WsFrameParser::ControlData;
      if (data_ && !inData) putText(out, e == sl::WsFrameParser::MessageData ? "D" : "d");
      inData = data_;
      switch (e) {
        case sl::WsFrameParser::MessageBegin:
          putText(out, p.opcode() == sl::WsFrameParser::Text ? "Bt " : "Bb ");
          break;
        case sl::WsFrameParser::MessageData:
        case sl::WsFrameParser::ControlData:
          out.write(p.data(), p.length());
          break;
        case sl::WsFrameParser::MessageEnd:
          putText(out, " E ");
          break;
        case sl::WsFrameParser::ControlBegin:
          putText(out, "C");
          putNum(out, p.opcode());
          putText(out, "[");
          putNum(out, p.controlLength());
          putText(out, "] ");
          break;
        case sl::WsFrameParser::ControlEnd:
          putText(out, " c");
          if (p.opcode() == sl::WsFrameParser::Close) putNum(out, p.closeCode());
          putText(out, " ");
          break;
        default:
          putText(out, "X");
          putText(out, p.error().name());
          putNum(out, p.error().closeCode());
          stop = true;
          break;
      }
      if (stop) break;
    }
  }
}

// The longest transcript (ws_parser_extended_lengths) is 307 bytes; a longer
// one is cut by the sink and differs from every expected text.
const size_t kTextCap = 320;

// The transcript of `frames` (n bytes in RAM) is `want` (in flash when
// wantInFlash, SLT_STR) for every slice size.
bool same(const uint8_t* in, size_t n, const char* want, bool wantInFlash, uint32_t limit) {
  for (size_t slice = 1; slice <= n; ++slice) {
    char text[kTextCap];
    transcribe(in, n, slice, limit, text, sizeof text);
    if (!(wantInFlash ? CHECK_EQ_STR_FLASH_WANT(text, want) : CHECK_EQ_STR(text, want))) {
      CHECK_EQ_INT(slice, 0);
      return false;
    }
  }
  return true;
}

// Frames (n <= 32 bytes) in flash: copied to RAM for the parser.
bool sameFlash(const char* frames, size_t n, const char* want, uint32_t limit = 1000) {
  uint8_t in[32];
  if (!CHECK(n <= sizeof in)) return false;
  for (size_t i = 0; i < n; ++i) in[i] = static_cast<uint8_t>(SLT_READ(frames + i));
  return same(in, n, want, true, limit);
}

#define SAME(lit, want, ...) sameFlash(SLT_STR(lit), sizeof(lit) - 1, SLT_STR(want), ##__VA_ARGS__)

// Length of a flash text.
size_t flashLen(const char* p) {
  size_t n = 0;
  while (SLT_READ(p + n)) ++n;
  return n;
}
// True when text[0..len) equals the flash text flash[0..len).
bool equalsFlash(const char* text, const char* flash, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (text[i] != SLT_READ(flash + i)) return false;
  }
  return true;
}

// For errors found inside a span: how much valid prefix was delivered depends
// on the slicing, so only the start and the end of the transcript are fixed.
// All three texts in flash (SLT_STR).
bool sameEnds(const char* frames, size_t n, const char* head, const char* tail) {
  uint8_t in[32];
  if (!CHECK(n <= sizeof in)) return false;
  for (size_t i = 0; i < n; ++i) in[i] = static_cast<uint8_t>(SLT_READ(frames + i));
  for (size_t slice = 1; slice <= n; ++slice) {
    char text[kTextCap];
    transcribe(in, n, slice, 1000, text, sizeof text);
    size_t t = strlen(text), h = flashLen(head), e = flashLen(tail);
    if (!CHECK(t >= h + e && equalsFlash(text, head, h) && equalsFlash(text + t - e, tail, e + 1))) {
      CHECK_EQ_STR_FLASH_WANT(text, head);
      CHECK_EQ_INT(slice, 0);
      return false;
    }
  }
  return true;
}
#define SAME_ENDS(lit, head, tail) sameEnds(SLT_STR(lit), sizeof(lit) - 1, SLT_STR(head), SLT_STR(tail))

}  // namespace

TEST_CASE(ws_parser_rfc_examples) {
  SAME("\x81\x05Hello", "Bt DHello E ");
  SAME("\x01\x03Hel\x80\x02lo", "Bt DHello E ");
  SAME("\x89\x05Hello", "C9[5] dHello c ");
  SAME("\x8a\x00", "C10[0]  c ");
}

TEST_CASE(ws_parser_control_frames_between_fragments) {
  SAME("\x01\x02He\x89\x01p\x00\x01l\x8a\x00\x80\x02lo\x82\x00", "Bt DHeC9[1] dp c DlC10[0]  c Dlo E Bb  E ");
}

TEST_CASE(ws_parser_extended_lengths) {
  char f[4 + 300];
  f[0] = '\x82';
  f[1] = 126;
  f[2] = 1;
  f[3] = 44;  // 300
  for (int i = 0; i < 300; ++i) f[4 + i] = static_cast<char>('a' + i % 26);
  char want[320] = "Bb D";
  memcpy(want + 4, f + 4, 300);
  strcpy(want + 304, " E ");
  CHECK(same(reinterpret_cast<const uint8_t*>(f), sizeof f, want, false, 1000));
  SAME("\x82\x7f\x00\x00\x00\x00\x00\x00\x00\x03xyz", "Bb Dxyz E ");
}

TEST_CASE(ws_parser_size_limit_is_checked_before_payload) {
  SAME("\x82\x7e\x01\x2c", "XMessageTooBig1009", 299);
  SAME("\x02\x02" "ab\x00\x02" "cd\x80\x02" "ef", "Bb DabcdXMessageTooBig1009", 5);
  SAME("\x02\x02" "ab\x00\x02" "cd\x80\x01" "e", "Bb Dabcde E ", 5);
  SAME("\x82\x7f\x00\x00\x00\x01\x00\x00\x00\x00", "XMessageTooBig1009", 0xFFFFFFFFu);
}

TEST_CASE(ws_parser_invalid_frames_are_1002) {
  SAME("\x81\x85\x00\x00\x00\x00Hello", "XProtocolError1002");  // masked server frame
  SAME("\xc1\x00", "XProtocolError1002");                    // RSV1
  SAME("\x83\x00", "XProtocolError1002");                    // reserved opcode
  SAME("\x8b\x00", "XProtocolError1002");
  SAME("\x09\x00", "XProtocolError1002");                    // fragmented ping
  SAME("\x89\x7e\x00\x7e", "XProtocolError1002");            // control > 125
  SAME("\x80\x00", "XProtocolError1002");                    // continuation without a message
  SAME("\x01\x01" "a\x81\x01" "b", "Bt DaXProtocolError1002");  // new message inside a fragmented one
  SAME("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x01", "XProtocolError1002");  // 64-bit length MSB
  SAME("\x88\x01\x03", "XProtocolError1002");                // close with a 1-byte payload
  SAME("\x88\x02\x03\xed", "C8[2] XProtocolError1002");      // close code 1005 on the wire
  SAME("\x88\x02\x03\xe7", "C8[2] XProtocolError1002");      // 999
  SAME("\x88\x02\x07\xd0", "C8[2] XProtocolError1002");      // 2000
}

TEST_CASE(ws_parser_invalid_utf8_is_1007_even_across_fragments) {
  SAME_ENDS("\x81\x02\xc3\x28", "Bt ", "XInvalidUtf81007");
  SAME("\x01\x01\xc3\x80\x01\xa9", "Bt D\xc3\xa9 E ");  // a code point split across fragments is fine
  SAME("\x01\x01\xc3\x80\x00", "Bt D\xc3XInvalidUtf81007");
  SAME_ENDS("\x81\x03ok\xe2", "Bt ", "XInvalidUtf81007");
  SAME_ENDS("\x81\x05okok\xff", "Bt ", "XInvalidUtf81007");
  SAME("\x82\x02\xc3\x28", "Bb D\xc3\x28 E ");  // binary is not checked
  SAME_ENDS("\x88\x04\x03\xe8\xc3\x28", "C8[4] ", "XInvalidUtf81007");
}

TEST_CASE(ws_parser_close_frames) {
  SAME("\x88\x00", "C8[0]  c1005 ");
  SAME("\x88\x02\x03\xe8", "C8[2]  c1000 ");
  SAME("\x88\x05\x0f\xa0" "bye", "C8[5] dbye c4000 ");
}

TEST_CASE(ws_writer_masks_with_fresh_keys_from_the_rng) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::Random rng(12345);
  sl::WsFrameWriter w(out, rng);
  CHECK(!w.writeFrame(sl::WsFrameParser::Text, true, reinterpret_cast<const uint8_t*>("Hello"), 5));
  CHECK(!w.writeFrame(sl::WsFrameParser::Text, true, reinterpret_cast<const uint8_t*>("Hello"), 5));
  const uint8_t* b = reinterpret_cast<const uint8_t*>(buf);
  REQUIRE(out.length() == 22);
  CHECK_EQ_INT(b[0], 0x81);
  CHECK_EQ_INT(b[1], 0x85);
  // The key is the next 4 bytes of Random(12345), little-endian per word.
  sl::Random ref(12345);
  uint8_t k1[4], k2[4];
  ref.fill(k1, 4);
  ref.fill(k2, 4);
  CHECK(memcmp(b + 2, k1, 4) == 0);
  CHECK(memcmp(b + 13, k2, 4) == 0);
  CHECK(memcmp(k1, k2, 4) != 0);
  for (int i = 0; i < 5; ++i) CHECK_EQ_INT(b[6 + i] ^ k1[i & 3], "Hello"[i]);
  char text[64];
  CHECK(sltest::decodeClientFrames(b, out.length(), text, sizeof text));
  CHECK_EQ_STR_P(text, "1F:Hello|1F:Hello|");
}

TEST_CASE(ws_writer_golden_bytes_for_seed_1) {
  // The first draw of Random(1) is 0x8A0F3DB5 -> key bytes B5 3D 0F 8A (little-endian word).
  char buf[32];
  sl::BufferSink out(buf, sizeof buf);
  sl::Random rng(1);
  sl::WsFrameWriter w(out, rng);
  CHECK(!w.writeFrame(sl::WsFrameParser::Binary, false, reinterpret_cast<const uint8_t*>("\x01\x02\x03\x04\x05"), 5));
  const uint8_t want[] = {0x02, 0x85, 0xB5, 0x3D, 0x0F, 0x8A, 0x01 ^ 0xB5, 0x02 ^ 0x3D, 0x03 ^ 0x0F, 0x04 ^ 0x8A, 0x05 ^ 0xB5};
  REQUIRE(out.length() == sizeof want);
  CHECK(memcmp(buf, want, sizeof want) == 0);
}

TEST_CASE(ws_writer_length_encodings) {
  // The payload bytes come from a small repeating buffer through payload():
  // no 64 KB array is needed, so this runs on 8-bit boards too.
  static const uint8_t pattern[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  sl::CountingSink count;
  sl::Random rng(7);
  sl::WsFrameWriter w(count, rng);
  const uint32_t lengths[] = {0, 125, 126, 65535, 65536, 70000};
  const uint32_t headers[] = {6, 6, 8, 8, 14, 14};
  // Without SL_WS_LONG_FRAMES (AVR) a frame holds at most 65535 bytes.
  const int kinds = SL_WS_LONG_FRAMES ? 6 : 4;
  for (int i = 0; i < kinds; ++i) {
    count.reset();
    REQUIRE(!w.beginFrame(sl::WsFrameParser::Binary, true, lengths[i]));
    CHECK_EQ_INT(count.count(), headers[i]);
    for (uint32_t left = lengths[i]; left;) {
      size_t n = left < sizeof pattern ? static_cast<size_t>(left) : sizeof pattern;
      REQUIRE(w.payload().write(pattern, n) == n);
      left -= n;
    }
    CHECK_EQ_INT(count.count(), headers[i] + lengths[i]);  // 32-bit count: exact past 64 KB on AVR too
  }
  char buf[32];
  sl::BufferSink out(buf, sizeof buf);
  sl::WsFrameWriter w2(out, rng);
#if SL_WS_LONG_FRAMES
  CHECK(!w2.beginFrame(sl::WsFrameParser::Binary, true, 65536));
  const uint8_t want[] = {0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0};
  CHECK(memcmp(buf, want, sizeof want) == 0);
#else
  CHECK(w2.beginFrame(sl::WsFrameParser::Binary, true, 65536) == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(out.length(), 0);  // nothing written
#endif
  out.clear();
  CHECK(!w2.beginFrame(sl::WsFrameParser::Binary, false, 300));
  const uint8_t want16[] = {0x02, 0xfe, 0x01, 0x2c};
  CHECK(memcmp(buf, want16, sizeof want16) == 0);
  CHECK(w2.beginFrame(sl::WsFrameParser::Ping, true, 126) == sl::WsError::InvalidArgument);
  CHECK(w2.beginFrame(sl::WsFrameParser::Ping, false, 1) == sl::WsError::InvalidArgument);
}

namespace {
bool body(sl::Sink& out, void*) {
  for (int i = 0; i < 10; ++i) {
    if (out.write(reinterpret_cast<const uint8_t*>("0123456789"), 10) != 10) return false;
  }
  return true;
}
}  // namespace

TEST_CASE(ws_writer_counting_pass_and_streaming_mask) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::Random rng(3);
  sl::WsFrameWriter w(out, rng);
  CHECK(!w.writeFrame(sl::WsFrameParser::Text, true, body, 0));
  char text[160];
  CHECK(sltest::decodeClientFrames(reinterpret_cast<const uint8_t*>(buf), out.length(), text, sizeof text, 0, true));
  CHECK_EQ_STR_P(text,
                 "1F100:0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789|");
}

namespace {
// Writes `*n` bytes of 'x' (10 at a time); the count changes between the
// passes when the caller moves *n, as a misbehaving BodyFn would.
bool growing(sl::Sink& out, void* ctx) {
  int* n = static_cast<int*>(ctx);
  for (int i = 0; i < *n; i += 10) {
    size_t k = *n - i < 10 ? static_cast<size_t>(*n - i) : 10;
    if (out.write(reinterpret_cast<const uint8_t*>("xxxxxxxxxx"), k) != k) return false;
  }
  *n += 5;  // the next pass writes 5 bytes more
  return true;
}
bool shrinking(sl::Sink& out, void* ctx) {
  int* n = static_cast<int*>(ctx);
  bool ok = out.write(reinterpret_cast<const uint8_t*>("yyyyyyyyyyyyyyyyyyyy"), static_cast<size_t>(*n)) ==
            static_cast<size_t>(*n);
  *n -= 3;
  return ok;
}
}  // namespace

// The masking sink holds a payload to its header's length: a BodyFn whose
// second pass writes more is cut there (InvalidArgument, the frame on the
// wire is still exactly header + announced length); one that writes less is
// InvalidArgument too. payload() refuses bytes past the announced length.
TEST_CASE(ws_writer_payload_never_exceeds_the_header_length) {
  char buf[256];
  sl::BufferSink out(buf, sizeof buf);
  sl::Random rng(5);
  sl::WsFrameWriter w(out, rng);
  int n = 20;
  CHECK(w.writeFrame(sl::WsFrameParser::Binary, true, growing, &n) == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(out.length(), 6 + 20);  // 2-byte header + mask + the 20 counted bytes, not 25
  out.clear();
  n = 20;
  CHECK(w.writeFrame(sl::WsFrameParser::Binary, true, shrinking, &n) == sl::WsError::InvalidArgument);
  CHECK_EQ_INT(out.length(), 6 + 17);  // what the second pass gave: the caller must drop the connection
  out.clear();
  REQUIRE(!w.beginFrame(sl::WsFrameParser::Binary, true, 4));
  CHECK_EQ_INT(w.payload().write(reinterpret_cast<const uint8_t*>("abc"), 3), 3);
  CHECK_EQ_INT(w.payload().write(reinterpret_cast<const uint8_t*>("def"), 3), 1);  // only 1 byte left
  CHECK_EQ_INT(w.payload().write(reinterpret_cast<const uint8_t*>("g"), 1), 0);
  CHECK_EQ_INT(out.length(), 6 + 4);
}
