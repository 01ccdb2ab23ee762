#include "QrTextRenderer.h"

namespace sl {

namespace {
const uint8_t kMaxQuiet = 16;

bool put(Sink& out, const char* s, size_t n) { return out.write(reinterpret_cast<const uint8_t*>(s), n) == n; }
}  // namespace

QrError QrTextRenderer::print(const QrCode& qr, Sink& out, QrTextStyle style, bool invert, uint8_t quiet) {
  if (!qr.valid() || quiet > kMaxQuiet) return QrError::InvalidArgument;
  const int q = quiet, last = qr.size() + q;  // text covers modules -q .. last-1
  const bool half = style == QrTextStyle::HalfBlocks;
  for (int y = -q; y < last; y += half ? 2 : 1) {
    for (int x = -q; x < last; ++x) {
      bool top = qr.module(x, y) != invert;
      if (!half) {
        if (!put(out, top ? "##" : "  ", 2)) return QrError::WriteFailed;
        continue;
      }
      // The row below the last one is outside the quiet zone: light too.
      bool bottom = qr.module(x, y + 1) != invert;
      bool ok;
      if (top && bottom) ok = put(out, "\xE2\x96\x88", 3);       // U+2588 full block
      else if (top) ok = put(out, "\xE2\x96\x80", 3);            // U+2580 upper half
      else if (bottom) ok = put(out, "\xE2\x96\x84", 3);         // U+2584 lower half
      else ok = put(out, " ", 1);
      if (!ok) return QrError::WriteFailed;
    }
    if (!put(out, "\r\n", 2)) return QrError::WriteFailed;
  }
  return QrError::Ok;
}

QrError QrTextRenderer::forEachModule(const QrCode& qr, ModuleFn fn, void* context, uint8_t quiet) {
  if (!qr.valid() || !fn || quiet > kMaxQuiet) return QrError::InvalidArgument;
  const int width = qr.size() + 2 * quiet;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      fn(context, static_cast<uint8_t>(x), static_cast<uint8_t>(y), qr.module(x - quiet, y - quiet));
    }
  }
  return QrError::Ok;
}

QrError QrTextRenderer::forEachRow(const QrCode& qr, RowFn fn, void* context, uint8_t* row, size_t rowLen,
                                   uint8_t quiet) {
  if (!qr.valid() || !fn || !row || quiet > kMaxQuiet) return QrError::InvalidArgument;
  const int width = qr.size() + 2 * quiet;
  if (rowLen < static_cast<size_t>((width + 7) / 8)) return QrError::BufferTooSmall;
  for (int y = 0; y < width; ++y) {
    memset(row, 0, static_cast<size_t>((width + 7) / 8));
    for (int x = 0; x < width; ++x) {
      if (qr.module(x - quiet, y - quiet)) row[x >> 3] |= static_cast<uint8_t>(0x80 >> (x & 7));
    }
    if (!fn(context, static_cast<uint8_t>(y), row, static_cast<uint8_t>(width))) return QrError::WriteFailed;
  }
  return QrError::Ok;
}

}  // namespace sl
