#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "QrTextRenderer.h"

namespace sl {

namespace {
const uint8_t kMaxQuiet = 16;
}  // namespace

// Glyph bytes are built in code, not kept as string literals (which would
// sit in RAM on AVR). Each text line ends with CR LF, written as one more
// glyph after the last module.
QrError QrTextRenderer::print(const QrCode& qr, Sink& out, QrTextStyle style, bool invert, uint8_t quiet) {
  if (!qr.valid() || quiet > kMaxQuiet) return QrError::InvalidArgument;
  const int q = quiet, last = qr.size() + q;  // text covers modules -q .. last-1
  const bool half = style == QrTextStyle::HalfBlocks;
  for (int y = -q; y < last; y += half ? 2 : 1) {
    for (int x = -q; x <= last; ++x) {
      uint8_t g[3];
      size_t n = 2;
      // With half blocks, the row below the last one is outside the quiet zone: light too.
      bool top = qr.module(x, y) != invert;
      bool bottom = half && qr.module(x, y + 1) != invert;
      if (x == last) {
        g[0] = '\r';
        g[1] = '\n';
      } else if (!half) {
        g[0] = g[1] = top ? '#' : ' ';
      } else if (!top && !bottom) {
        g[0] = ' ';
        n = 1;
      } else {
        // U+2588 full block, U+2580 upper half, U+2584 lower half: E2 96 xx.
        g[0] = 0xE2;
        g[1] = 0x96;
        g[2] = top && bottom ? 0x88 : (top ? 0x80 : 0x84);
        n = 3;
      }
      if (out.write(g, n) != n) return QrError::WriteFailed;
    }
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
