// The phone app's camera for `npm run sim`: watches the board's console for
// a QR code drawn by sl::QrTextRenderer (half blocks U+2580/U+2584/U+2588 or
// "##" cells, either polarity), renders it as a screen would and decodes it
// with jsqr, a decoder independent of the firmware. The caller hands the text
// to the mock cloud's app (claimDevice), as a user scanning the claim QR.
//
//   const scan = new ConsoleQrScanner((text) => cloud.app.claimDevice(text));
//   scan.feed(consoleText);   // as it arrives (decoded UTF-8)
//   scan.end();               // a QR on the last lines
import jsQR from 'jsqr';

const HALF: Record<string, [boolean, boolean]> = {
  ' ': [false, false],
  '\u2580': [true, false],
  '\u2584': [false, true],
  '\u2588': [true, true],
};
const MIN_WIDTH = 21; // modules of the smallest symbol (quiet zone not required)

type Style = 'H' | 'A';

function lineStyle(line: string): Style | null {
  if (line.length >= MIN_WIDTH && /^[ \u2580\u2584\u2588]+$/.test(line) && /[\u2580\u2584\u2588]/.test(line)) return 'H';
  if (line.length >= 2 * MIN_WIDTH && /^(##| {2})+$/.test(line) && line.includes('##')) return 'A';
  return null;
}

/** Ink grid (true = a drawn cell) of a block of console lines of one style. */
export function inkGrid(lines: string[], style: Style): boolean[][] {
  const grid: boolean[][] = [];
  for (const line of lines) {
    if (style === 'A') {
      const row: boolean[] = [];
      for (let k = 0; k + 1 < line.length; k += 2) row.push(line[k] === '#');
      grid.push(row);
    } else {
      const chars = [...line];
      grid.push(chars.map((c) => HALF[c][0]), chars.map((c) => HALF[c][1]));
    }
  }
  const w = Math.max(...grid.map((r) => r.length));
  return grid.map((r) => [...r, ...new Array<boolean>(w - r.length).fill(false)]);
}

/** Draws the grid dark-on-light (or inverted) with a light margin and decodes it. */
export function decodeInk(ink: boolean[][], invert: boolean, scale = 4): string | null {
  const margin = 6;
  const h = (ink.length + 2 * margin) * scale;
  const w = (ink[0].length + 2 * margin) * scale;
  const px = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < ink.length; y++) {
    for (let x = 0; x < ink[0].length; x++) {
      if (ink[y][x] === invert) continue; // light module
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + margin) * scale + dy) * w;
        for (let dx = 0; dx < scale; dx++) {
          const p = (row + (x + margin) * scale + dx) * 4;
          px[p] = px[p + 1] = px[p + 2] = 0;
        }
      }
    }
  }
  const r = jsQR(px, w, h, { inversionAttempts: 'dontInvert' });
  return r ? Buffer.from(r.binaryData).toString('utf8') : null;
}

export class ConsoleQrScanner {
  private partial = '';
  private block: string[] = [];
  private style: Style | null = null;
  /** Every QR text decoded so far, in order. */
  readonly found: string[] = [];
  /** Blocks that looked like a QR but did not decode. */
  unreadable = 0;

  constructor(private readonly onQr: (text: string) => void) {}

  feed(text: string): void {
    this.partial += text;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      const line = this.partial.slice(0, nl).replace(/\r$/, '');
      this.partial = this.partial.slice(nl + 1);
      this.line(line);
    }
  }

  end(): void {
    if (this.partial) this.line(this.partial.replace(/\r$/, ''));
    this.partial = '';
    this.closeBlock();
  }

  private line(line: string): void {
    const style = lineStyle(line);
    if (style && (this.style === null || style === this.style)) {
      this.style = style;
      this.block.push(line);
      return;
    }
    this.closeBlock();
    if (style) {
      this.style = style;
      this.block.push(line);
    }
  }

  private closeBlock(): void {
    const lines = this.block;
    const style = this.style;
    this.block = [];
    this.style = null;
    if (!style || lines.length * (style === 'H' ? 2 : 1) < MIN_WIDTH) return;
    const ink = inkGrid(lines, style);
    const text = decodeInk(ink, false) ?? decodeInk(ink, true);
    if (text === null) {
      this.unreadable++;
      return;
    }
    this.found.push(text);
    this.onQr(text);
  }
}
