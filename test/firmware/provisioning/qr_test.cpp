// sl::QrCode / QrTextRenderer / ClaimQr unit cases: sizes, choices, errors and
// the hooks. (Whether the symbols scan is checked by jsqr in provisioning.test.ts.)
#include "SlTest.h"
#include "io/Sink.h"
#include "provisioning/ClaimQr.h"
#include "provisioning/Crc32.h"
#include "provisioning/QrCode.h"
#include "provisioning/QrTextRenderer.h"

// Golden checksums of two symbols (see golden_symbols_match_the_host).
#define SLT_GOLDEN_CLAIM 0x6A03FCC7UL
#define SLT_GOLDEN_CLAIM_MASK 2
#define SLT_GOLDEN_V6 0x53C1718BUL
#define SLT_GOLDEN_V6_MASK 0

namespace {
uint8_t modules[SL_QR_BUFFER_LEN_MAX];
uint8_t temp[SL_QR_TEMP_LEN_MAX];

// Accepts `room` bytes, then refuses.
class ShortSink : public sl::Sink {
 public:
  explicit ShortSink(size_t room) : room_(room), got_(0) {}
  size_t write(const uint8_t*, size_t len) override {
    size_t n = len < room_ ? len : room_;
    room_ -= n;
    got_ += n;
    return n;
  }
  using sl::Sink::write;
  size_t got() const { return got_; }

 private:
  size_t room_, got_;
};

struct Drawn {
  int calls;
  int dark;
  int maxX, maxY;
};
void drawModule(void* ctx, uint8_t x, uint8_t y, bool dark) {
  Drawn* d = static_cast<Drawn*>(ctx);
  ++d->calls;
  if (dark) ++d->dark;
  if (x > d->maxX) d->maxX = x;
  if (y > d->maxY) d->maxY = y;
}
int rowsSeen = 0;
bool stopAfterTwo(void*, uint8_t, const uint8_t*, uint8_t) { return ++rowsSeen < 2; }
}  // namespace

TEST_CASE(size_constants) {
  CHECK_EQ_INT(SL_QR_SIZE_FOR_VERSION(1), 21);
  CHECK_EQ_INT(SL_QR_SIZE_FOR_VERSION(40), 177);
  CHECK_EQ_INT(SL_QR_BUFFER_LEN_FOR_VERSION(1), 56);   // 441 bits
  CHECK_EQ_INT(SL_QR_BUFFER_LEN_FOR_VERSION(6), 211);  // 1681 bits
  // Total codewords per version (ISO/IEC 18004 Table 1).
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(1), 26);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(2), 44);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(6), 172);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(7), 196);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(14), 581);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(32), 2465);
  CHECK_EQ_INT(SL_QR_TEMP_LEN_FOR_VERSION(40), 3706);
  CHECK_EQ_INT(SL_QR_ROW_BUFFER_LEN_FOR_VERSION(1, 4), 4);  // 29 bits
}

TEST_CASE(byte_capacity_matches_the_standard_for_compiled_versions) {
  static const uint16_t want[][4] = {{17, 14, 11, 7}, {32, 26, 20, 14}, {53, 42, 32, 24}, {78, 62, 46, 34},
                                     {106, 84, 60, 44}, {134, 106, 74, 58}};
  for (uint8_t v = 1; v <= 6 && v <= SL_QR_MAX_VERSION; ++v) {
    for (uint8_t e = 0; e < 4; ++e) CHECK_EQ_INT(sl::QrCode::byteCapacity(v, static_cast<sl::QrEcc>(e)), want[v - 1][e]);
  }
  CHECK_EQ_INT(sl::QrCode::byteCapacity(0, sl::QrEcc::Low), 0);
  CHECK_EQ_INT(sl::QrCode::byteCapacity(SL_QR_MAX_VERSION + 1, sl::QrEcc::Low), 0);
}

TEST_CASE(empty_and_tiny_payloads_are_version_1_high) {
  sl::QrCode qr;
  CHECK(!qr.valid());
  CHECK(!qr.module(0, 0));
  REQUIRE(qr.encode(0, 0, modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  CHECK_EQ_INT(qr.version(), 1);
  CHECK_EQ_INT(qr.size(), 21);
  CHECK(qr.ecc() == sl::QrEcc::High);
  REQUIRE(qr.encodeText("hello", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  CHECK(qr.ecc() == sl::QrEcc::High);
  // Finder corners dark, separator light, outside light.
  CHECK(qr.module(0, 0));
  CHECK(qr.module(20, 0));
  CHECK(qr.module(0, 20));
  CHECK(!qr.module(7, 0));
  CHECK(!qr.module(-1, 0));
  CHECK(!qr.module(21, 5));
  CHECK(qr.module(8, 21 - 8));  // the dark module
}

TEST_CASE(options_min_ecc_no_boost_and_forced_mask) {
  sl::QrCode qr;
  REQUIRE(qr.encodeText("hello", modules, sizeof modules, temp, sizeof temp,
                        sl::QrOptions().boostEcc(false)) == sl::QrError::Ok);
  CHECK(qr.ecc() == sl::QrEcc::Low);
  REQUIRE(qr.encodeText("0123456789abcdef", modules, sizeof modules, temp, sizeof temp,
                        sl::QrOptions().minEcc(sl::QrEcc::Quartile)) == sl::QrError::Ok);
  CHECK_EQ_INT(qr.version(), 2);  // 16 bytes > 11 (1-Q), <= 20 (2-Q)
  CHECK(qr.ecc() == sl::QrEcc::Quartile);
  for (int8_t m = 0; m < 8; ++m) {
    REQUIRE(qr.encodeText("hello", modules, sizeof modules, temp, sizeof temp, sl::QrOptions().mask(m)) ==
            sl::QrError::Ok);
    CHECK_EQ_INT(qr.mask(), m);
  }
  if (SL_QR_MAX_VERSION >= 3) {
    REQUIRE(qr.encodeText("x", modules, sizeof modules, temp, sizeof temp, sl::QrOptions().versions(3, 3)) ==
            sl::QrError::Ok);
    CHECK_EQ_INT(qr.version(), 3);
  }
}

// encodeFixedMask() masks each data module as it places it (maskDark());
// encode() with a forced mask XORs the pattern over the finished symbol
// (Symbol::xorMask(), residues per row): two writings of the eight
// patterns, which must give the same symbol, bit for bit, for every mask,
// in versions with and without alignment patterns and with several blocks.
uint8_t fixedCopy[SL_QR_BUFFER_LEN_MAX];
TEST_CASE(fixed_mask_encoder_matches_the_forced_mask_encoder) {
  static const char* const kTexts[] = {
      "hello",                                                          // 1-Q
      "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d",                               // 2-L
      "https://example.com/claim?k=5f0c2e8a9b1d4c7e3a6f0b2d&v=2&x=1",   // 3-M/4-L
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",  // 5-M or more
  };
  for (size_t t = 0; t < sizeof kTexts / sizeof kTexts[0]; ++t) {
    const uint8_t* data = reinterpret_cast<const uint8_t*>(kTexts[t]);
    size_t len = strlen(kTexts[t]);
    for (int8_t m = 0; m < 8; ++m) {
      sl::QrCode fixed, forced;
      sl::QrError e = fixed.encodeFixedMask(data, len, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().mask(m));
      if (e == sl::QrError::DataTooLong) break;  // beyond SL_QR_MAX_VERSION on this build
      REQUIRE(e == sl::QrError::Ok);
      CHECK_EQ_INT(fixed.mask(), m);
      size_t bytes = SL_QR_BUFFER_LEN_FOR_VERSION(fixed.version());
      memcpy(fixedCopy, modules, bytes);
      memset(modules, 0xA5, sizeof modules);  // encode() must write every byte it uses
      REQUIRE(forced.encode(data, len, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().mask(m)) ==
              sl::QrError::Ok);
      CHECK_EQ_INT(forced.version(), fixed.version());
      CHECK(forced.ecc() == fixed.ecc());
      CHECK(memcmp(fixedCopy, modules, bytes) == 0);
    }
  }
}

TEST_CASE(automatic_mask_has_the_lowest_penalty) {
  sl::QrCode qr;
  const char* text = "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d";
  uint32_t best = 0xFFFFFFFFUL;
  int bestMask = -1;
  for (int8_t m = 0; m < 8; ++m) {
    REQUIRE(qr.encodeText(text, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().mask(m)) ==
            sl::QrError::Ok);
    if (qr.penalty() < best) {
      best = qr.penalty();
      bestMask = m;
    }
  }
  REQUIRE(qr.encodeText(text, modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  CHECK_EQ_INT(qr.mask(), bestMask);
  CHECK_EQ_INT(qr.penalty(), best);
}

TEST_CASE(errors_leave_an_empty_code) {
  sl::QrCode qr;
  REQUIRE(qr.encodeText("ok", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  uint8_t big[SL_QR_BUFFER_LEN_MAX];
  memset(big, 'a', sizeof big);
  size_t tooMany = sl::QrCode::byteCapacity(SL_QR_MAX_VERSION, sl::QrEcc::Low) + 1;
  REQUIRE(tooMany <= sizeof big);
  CHECK(qr.encode(big, tooMany, modules, sizeof modules, temp, sizeof temp) == sl::QrError::DataTooLong);
  CHECK(!qr.valid());
  CHECK(qr.encode(big, tooMany - 1, modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  CHECK(qr.encode(big, 20, modules, SL_QR_BUFFER_LEN_FOR_VERSION(1), temp, sizeof temp) ==
        sl::QrError::BufferTooSmall);  // 20 bytes need version 2
  CHECK(qr.encode(big, 20, modules, sizeof modules, temp, SL_QR_TEMP_LEN_FOR_VERSION(2) - 1) ==
        sl::QrError::BufferTooSmall);
  CHECK(qr.encode(big, 20, modules, SL_QR_BUFFER_LEN_FOR_VERSION(2), temp, SL_QR_TEMP_LEN_FOR_VERSION(2)) ==
        sl::QrError::Ok);
  CHECK(qr.encode(0, 3, modules, sizeof modules, temp, sizeof temp) == sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 3, 0, sizeof modules, temp, sizeof temp) == sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 3, modules, sizeof modules, 0, sizeof temp) == sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 3, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().mask(8)) ==
        sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 3, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().versions(0, 1)) ==
        sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 3, modules, sizeof modules, temp, sizeof temp,
                  sl::QrOptions().versions(1, SL_QR_MAX_VERSION + 1)) == sl::QrError::InvalidArgument);
  CHECK(qr.encode(big, 30, modules, sizeof modules, temp, sizeof temp, sl::QrOptions().versions(1, 1)) ==
        sl::QrError::DataTooLong);
  CHECK(qr.encodeText(0, modules, sizeof modules, temp, sizeof temp) == sl::QrError::InvalidArgument);
  CHECK(!qr.valid());
  CHECK_EQ_NAME(sl::QrError(sl::QrError::DataTooLong), "data too long");
  CHECK(sl::QrError::name(sl::QrError::CodeCount).equals("unknown error"));
}

TEST_CASE(encoding_is_deterministic) {
  sl::QrCode a;
  uint8_t copy[SL_QR_BUFFER_LEN_MAX];
  REQUIRE(a.encodeText("determinism", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  memcpy(copy, modules, sizeof copy);
  memset(temp, 0xA5, sizeof temp);  // leftover scratch must not matter
  REQUIRE(a.encodeText("determinism", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  CHECK(memcmp(copy, modules, SL_QR_BUFFER_LEN_FOR_VERSION(a.version())) == 0);
}

TEST_CASE(text_output_sizes_and_write_failures) {
  sl::QrCode qr;
  REQUIRE(qr.encodeText("hello", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  // ASCII: 29 lines of 29 cells * 2 chars + CRLF.
  sl::CountingSink count;
  REQUIRE(sl::QrTextRenderer::print(qr, count, sl::QrTextStyle::Ascii) == sl::QrError::Ok);
  CHECK_EQ_INT(count.count(), 29 * (29 * 2 + 2));
  // Quiet zone 0: 21 lines.
  count.reset();
  REQUIRE(sl::QrTextRenderer::print(qr, count, sl::QrTextStyle::Ascii, false, 0) == sl::QrError::Ok);
  CHECK_EQ_INT(count.count(), 21 * (21 * 2 + 2));
  // Half blocks: the first line is all quiet zone (29 spaces), inverted all full blocks.
  char buf[200];
  sl::BufferSink line(buf, sizeof buf);
  ShortSink firstLine(29 + 2);
  CHECK(sl::QrTextRenderer::print(qr, firstLine) == sl::QrError::WriteFailed);
  CHECK_EQ_INT(firstLine.got(), 31);
  ShortSink refused(0);
  CHECK(sl::QrTextRenderer::print(qr, refused) == sl::QrError::WriteFailed);
  CHECK(sl::QrTextRenderer::print(qr, refused, sl::QrTextStyle::Ascii) == sl::QrError::WriteFailed);
  sl::BufferSink small(buf, 3 * 29 + 3);
  CHECK(sl::QrTextRenderer::print(qr, small, sl::QrTextStyle::HalfBlocks, true) == sl::QrError::WriteFailed);
  size_t full = 0;
  for (size_t i = 0; i + 2 < small.length(); i += 3) {
    if (memcmp(small.c_str() + i, "\xE2\x96\x88", 3) == 0) ++full;
  }
  CHECK_EQ_INT(full, 29);
  // Half blocks: 15 lines (29 rows / 2, rounded up).
  count.reset();
  REQUIRE(sl::QrTextRenderer::print(qr, count) == sl::QrError::Ok);
  CHECK(count.count() > 15 * (29 + 2));
  sl::QrCode empty;
  CHECK(sl::QrTextRenderer::print(empty, count) == sl::QrError::InvalidArgument);
  CHECK(sl::QrTextRenderer::print(qr, count, sl::QrTextStyle::Ascii, false, 17) == sl::QrError::InvalidArgument);
  (void)line;
}

TEST_CASE(module_and_row_hooks) {
  sl::QrCode qr;
  REQUIRE(qr.encodeText("hooks", modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  Drawn d = {0, 0, 0, 0};
  REQUIRE(sl::QrTextRenderer::forEachModule(qr, drawModule, &d) == sl::QrError::Ok);
  CHECK_EQ_INT(d.calls, 29 * 29);
  CHECK_EQ_INT(d.maxX, 28);
  CHECK_EQ_INT(d.maxY, 28);
  int dark = 0;
  for (int y = 0; y < qr.size(); ++y)
    for (int x = 0; x < qr.size(); ++x) dark += qr.module(x, y) ? 1 : 0;
  CHECK_EQ_INT(d.dark, dark);
  Drawn z = {0, 0, 0, 0};
  REQUIRE(sl::QrTextRenderer::forEachModule(qr, drawModule, &z, 0) == sl::QrError::Ok);
  CHECK_EQ_INT(z.calls, 21 * 21);
  CHECK(sl::QrTextRenderer::forEachModule(qr, 0, &z) == sl::QrError::InvalidArgument);
  uint8_t row[SL_QR_ROW_BUFFER_LEN_FOR_VERSION(1, 4)];
  rowsSeen = 0;
  CHECK(sl::QrTextRenderer::forEachRow(qr, stopAfterTwo, 0, row, sizeof row) == sl::QrError::WriteFailed);
  CHECK_EQ_INT(rowsSeen, 2);
  CHECK(sl::QrTextRenderer::forEachRow(qr, stopAfterTwo, 0, row, sizeof row - 1) == sl::QrError::BufferTooSmall);
  CHECK(sl::QrTextRenderer::forEachRow(qr, stopAfterTwo, 0, 0, sizeof row) == sl::QrError::InvalidArgument);
}

TEST_CASE(claim_qr_is_the_bare_claim_key) {
  sl::QrCode claim, plain;
  const char* key = "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d";
  REQUIRE(sl::ClaimQr::encode(claim, key, strlen(key), modules, sizeof modules, temp, sizeof temp) ==
          sl::QrError::Ok);
  CHECK_EQ_INT(claim.version(), 2);
  CHECK(claim.ecc() == sl::QrEcc::Low);
  uint8_t copy[SL_QR_BUFFER_LEN_MAX];
  memcpy(copy, modules, sizeof copy);
  // SL_CLAIM_QR_MASK forces the mask on small AVRs (2 on the Uno); otherwise
  // the claim QR is the scored default symbol of the bare key.
  if (SL_CLAIM_QR_MASK >= 0) CHECK_EQ_INT(claim.mask(), SL_CLAIM_QR_MASK);
  REQUIRE(plain.encodeText(key, modules, sizeof modules, temp, sizeof temp,
                           SL_CLAIM_QR_MASK >= 0 ? sl::QrOptions().mask(static_cast<int8_t>(claim.mask()))
                                                 : sl::QrOptions()) == sl::QrError::Ok);
  CHECK(memcmp(copy, modules, SL_QR_BUFFER_LEN_FOR_VERSION(2)) == 0);
  CHECK(sl::ClaimQr::encode(claim, key, 0, modules, sizeof modules, temp, sizeof temp) ==
        sl::QrError::InvalidArgument);
  CHECK(!claim.valid());
  CHECK(sl::ClaimQr::encode(claim, 0, 4, modules, sizeof modules, temp, sizeof temp) ==
        sl::QrError::InvalidArgument);
}

// The same symbols on every target: CRC-32 of the module bitmap. The host
// jest suite decodes these very symbols with jsqr (claim key; the 134-byte
// payload i * 37 + 11), so equal checksums on a board mean valid symbols there,
// tables read from flash included.
TEST_CASE(golden_symbols_match_the_host) {
  sl::QrCode qr;
  const char* key = "SLCLAIM-5f0c2e8a9b1d4c7e3a6f0b2d";
  // The encoder with its default options (mask scored), which is the claim QR
  // wherever SL_CLAIM_QR_MASK is -1 (claim_qr_is_the_bare_claim_key).
  REQUIRE(qr.encodeText(key, modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  uint32_t crc = sl::detail::Crc32::update(sl::detail::Crc32::begin(), modules, SL_QR_BUFFER_LEN_FOR_VERSION(2));
  CHECK_EQ_INT(sl::detail::Crc32::finish(crc), SLT_GOLDEN_CLAIM);
  CHECK_EQ_INT(qr.mask(), SLT_GOLDEN_CLAIM_MASK);
  uint8_t payload[134];
  for (uint8_t i = 0; i < sizeof payload; ++i) payload[i] = static_cast<uint8_t>(i * 37 + 11);
  REQUIRE(qr.encode(payload, sizeof payload, modules, sizeof modules, temp, sizeof temp) == sl::QrError::Ok);
  REQUIRE(qr.version() == 6);
  crc = sl::detail::Crc32::update(sl::detail::Crc32::begin(), modules, SL_QR_BUFFER_LEN_FOR_VERSION(6));
  CHECK_EQ_INT(sl::detail::Crc32::finish(crc), SLT_GOLDEN_V6);
  CHECK_EQ_INT(qr.mask(), SLT_GOLDEN_V6_MASK);
}
