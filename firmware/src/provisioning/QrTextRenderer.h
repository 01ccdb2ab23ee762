// QrTextRenderer: shows a QrCode on a serial console, or hands its modules to
// a sketch that draws them on a display.
//
// Text output (through sl::Sink, lines end with "\r\n"), with a light quiet
// zone around the symbol (4 modules by default, as the standard requires):
//   HalfBlocks: two module rows per text line, one module per column, using
//               U+2588 FULL BLOCK, U+2580 UPPER HALF, U+2584 LOWER HALF and a
//               space (UTF-8; square-looking on most terminal fonts).
//   Ascii:      one module row per line, "##" for ink and "  " for none.
// "Ink" is a dark module by default, which is right on a light background
// (Arduino IDE serial monitor). On a terminal with light text on a dark
// background pass `invert = true`, so that ink is the light modules and the
// quiet zone; scanners need dark modules on a light surround.
//
//   sl::QrTextRenderer::print(qr, serialSink);                               // half blocks
//   sl::QrTextRenderer::print(qr, serialSink, sl::QrTextStyle::Ascii, true);  // dark terminal
//
// Drawing on a display instead: a callback per module, or per row of packed
// bits (MSB first, like Adafruit_GFX::drawBitmap rows). Coordinates include the
// quiet zone: 0..size()+2*quiet-1 on both axes.
//
//   void px(void* tft, uint8_t x, uint8_t y, bool dark) { ... fillRect(x*3, y*3, 3, 3, dark ? BLACK : WHITE); }
//   sl::QrTextRenderer::forEachModule(qr, px, &tft);
#ifndef SL_PROVISIONING_QRTEXTRENDERER_H
#define SL_PROVISIONING_QRTEXTRENDERER_H

#include "../config/Config.h"
#include "../io/Sink.h"
#include "QrCode.h"
#include "QrError.h"

// Bytes of a row buffer for forEachRow(): version v with `quiet` modules of
// quiet zone on each side.
#define SL_QR_ROW_BUFFER_LEN_FOR_VERSION(v, quiet) ((SL_QR_SIZE_FOR_VERSION(v) + 2 * (quiet) + 7) / 8)

namespace sl {

enum class QrTextStyle : uint8_t { HalfBlocks = 0, Ascii = 1 };

class QrTextRenderer {
 public:
  static const uint8_t kQuietZone = 4;

  // Called for every module, row by row, top to bottom, left to right.
  typedef void (*ModuleFn)(void* context, uint8_t x, uint8_t y, bool dark);
  // Called for every row with `width` bits, MSB first, 1 = dark; the bits stay
  // valid during the call only. Return false to stop (the call then reports
  // WriteFailed).
  typedef bool (*RowFn)(void* context, uint8_t y, const uint8_t* bits, uint8_t width);

  // Prints the symbol. Errors: InvalidArgument (empty QrCode, quiet > 16),
  // WriteFailed (the sink took fewer bytes; output stops there).
  SL_NODISCARD static QrError print(const QrCode& qr, Sink& out, QrTextStyle style = QrTextStyle::HalfBlocks,
                                    bool invert = false, uint8_t quiet = kQuietZone);
  // Errors: InvalidArgument (empty QrCode, null fn, quiet > 16).
  SL_NODISCARD static QrError forEachModule(const QrCode& qr, ModuleFn fn, void* context,
                                            uint8_t quiet = kQuietZone);
  // `row` holds at least SL_QR_ROW_BUFFER_LEN_FOR_VERSION(qr.version(), quiet)
  // bytes (BufferTooSmall otherwise).
  SL_NODISCARD static QrError forEachRow(const QrCode& qr, RowFn fn, void* context, uint8_t* row, size_t rowLen,
                                         uint8_t quiet = kQuietZone);
};

}  // namespace sl

#endif  // SL_PROVISIONING_QRTEXTRENDERER_H
