// TypeScript side of the QR tests: parses sl::QrTextRenderer output back into
// modules, draws it as a screen would (RGBA pixels) and decodes it with jsqr,
// a QR decoder independent of the firmware. Also an independent reading of the
// format/version information and the mask penalty rules of ISO/IEC 18004.
import { spawnSync } from 'child_process';
import jsQR from 'jsqr';

/** ISO/IEC 18004 Table 7: byte-mode capacity (bytes) of versions 1..40 at L, M, Q, H. */
export const BYTE_CAPACITY: number[][] = [
  [17, 14, 11, 7], [32, 26, 20, 14], [53, 42, 32, 24], [78, 62, 46, 34], [106, 84, 60, 44],
  [134, 106, 74, 58], [154, 122, 86, 64], [192, 152, 108, 84], [230, 180, 130, 98], [271, 213, 151, 119],
  [321, 251, 177, 137], [367, 287, 203, 155], [425, 331, 241, 177], [458, 362, 258, 194], [520, 412, 292, 220],
  [586, 450, 322, 250], [644, 504, 364, 280], [718, 560, 394, 310], [792, 624, 442, 338], [858, 666, 482, 382],
  [929, 711, 509, 403], [1003, 779, 565, 439], [1091, 857, 611, 461], [1171, 911, 661, 511], [1273, 997, 715, 535],
  [1367, 1059, 751, 593], [1465, 1125, 805, 625], [1528, 1190, 868, 658], [1628, 1264, 908, 698], [1732, 1370, 982, 742],
  [1840, 1452, 1030, 790], [1952, 1538, 1112, 842], [2068, 1628, 1168, 898], [2188, 1722, 1228, 958], [2303, 1809, 1283, 983],
  [2431, 1911, 1351, 1051], [2563, 1989, 1423, 1093], [2699, 2099, 1499, 1139], [2809, 2213, 1579, 1219], [2953, 2331, 1663, 1273],
];
export const ECC_NAMES = ['L', 'M', 'Q', 'H'];

/** What the standard says the encoder should pick: smallest version at minEcc, then the highest level that still fits. */
export function expectedChoice(len: number, minEcc: number, maxVersion: number): { version: number; ecc: number } | null {
  for (let v = 1; v <= maxVersion; v++) {
    if (BYTE_CAPACITY[v - 1][minEcc] < len) continue;
    let ecc = minEcc;
    while (ecc < 3 && BYTE_CAPACITY[v - 1][ecc + 1] >= len) ecc++;
    return { version: v, ecc };
  }
  return null;
}

export interface Job {
  payload: Buffer;
  style: 'H' | 'A';
  invert: boolean;
  minEcc: number;
  mask: number;
}

export interface DumpResult {
  error?: string;
  version: number;
  ecc: number;
  mask: number;
  size: number;
  penalty: number;
  text: string;
  rows: string[];
  moduleCount: number;
  moduleDark: number;
}

/** Runs the qr_dump host tool over all jobs at once. */
export function runDump(exe: string, jobs: Job[]): DumpResult[] {
  const input = jobs
    .map((j) => `${j.payload.length ? j.payload.toString('hex') : '-'} ${j.style} ${j.invert ? 1 : 0} ${j.minEcc} ${j.mask}\n`)
    .join('');
  const r = spawnSync(exe, [], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`qr_dump exit ${r.status} ${r.signal}: ${r.stderr}`);
  const out: DumpResult[] = [];
  const lines = r.stdout.split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i++];
    if (line === '') continue;
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^ERROR (.*)$/))) {
      out.push({ error: m[1], version: 0, ecc: 0, mask: 0, size: 0, penalty: 0, text: '', rows: [], moduleCount: 0, moduleDark: 0 });
      continue;
    }
    m = line.match(/^BEGIN v=(\d+) ecc=(\d) mask=(\d) size=(\d+) penalty=(\d+)$/);
    if (!m) throw new Error(`unexpected line ${JSON.stringify(line)}`);
    const res: DumpResult = {
      version: +m[1], ecc: +m[2], mask: +m[3], size: +m[4], penalty: +m[5], text: '', rows: [], moduleCount: 0, moduleDark: 0,
    };
    const text: string[] = [];
    while (lines[i] !== 'ROWS') text.push(lines[i++] + '\n');
    i++;
    res.text = text.join('');
    while (!lines[i].startsWith('MODULES')) res.rows.push(lines[i++]);
    const mm = lines[i++].match(/^MODULES (\d+) (\d+)$/)!;
    res.moduleCount = +mm[1];
    res.moduleDark = +mm[2];
    if (lines[i++] !== 'END') throw new Error('missing END');
    out.push(res);
  }
  return out;
}

/** Ink grid (true = the glyph paints the cell) of printed text; one cell per module. */
export function parseInk(text: string, style: 'H' | 'A'): boolean[][] {
  if (!text.endsWith('\r\n')) throw new Error('text must end with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  const grid: boolean[][] = [];
  for (const line of lines) {
    if (style === 'A') {
      if (line.length % 2) throw new Error(`odd ASCII line ${JSON.stringify(line)}`);
      const row: boolean[] = [];
      for (let k = 0; k < line.length; k += 2) {
        const cell = line.slice(k, k + 2);
        if (cell !== '##' && cell !== '  ') throw new Error(`bad ASCII cell ${JSON.stringify(cell)}`);
        row.push(cell === '##');
      }
      grid.push(row);
    } else {
      const top: boolean[] = [];
      const bottom: boolean[] = [];
      for (const ch of line) {
        const glyph = { ' ': [false, false], '\u2580': [true, false], '\u2584': [false, true], '\u2588': [true, true] }[ch];
        if (!glyph) throw new Error(`bad glyph U+${ch.codePointAt(0)!.toString(16)}`);
        top.push(glyph[0]);
        bottom.push(glyph[1]);
      }
      grid.push(top, bottom);
    }
  }
  const w = grid[0].length;
  if (!grid.every((r) => r.length === w)) throw new Error('ragged lines');
  return grid;
}

/**
 * Module bitmap (true = dark) from an ink grid; checks the quiet zone (4
 * light modules each side; half blocks add one light row at the bottom).
 */
export function inkToModules(ink: boolean[][], invert: boolean, quiet = 4): boolean[][] {
  const w = ink[0].length;
  const size = w - 2 * quiet;
  const expectedRows = w + (ink.length > w ? 1 : 0);
  if (ink.length !== expectedRows) throw new Error(`grid ${w} wide but ${ink.length} rows`);
  const dark = ink.map((row) => row.map((c) => c !== invert));
  for (let y = 0; y < dark.length; y++) {
    for (let x = 0; x < w; x++) {
      const inSymbol = x >= quiet && x < quiet + size && y >= quiet && y < quiet + size;
      if (!inSymbol && dark[y][x]) throw new Error(`dark module in the quiet zone at ${x},${y}`);
    }
  }
  return dark.slice(quiet, quiet + size).map((row) => row.slice(quiet, quiet + size));
}

/** Draws the ink grid as a screen shows it (ink on background) and decodes it with jsqr. */
export function decodeScreen(ink: boolean[][], invert: boolean, scale = 3): Uint8Array | null {
  // Normal: black text on a white screen. Inverted: white text on a black screen.
  const margin = 2;
  const h = (ink.length + 2 * margin) * scale;
  const w = (ink[0].length + 2 * margin) * scale;
  const bg = invert ? 0 : 255;
  const fg = 255 - bg;
  const px = new Uint8ClampedArray(w * h * 4).fill(bg);
  for (let i = 3; i < px.length; i += 4) px[i] = 255;
  for (let y = 0; y < ink.length; y++) {
    for (let x = 0; x < ink[0].length; x++) {
      if (!ink[y][x]) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + margin) * scale + dy) * w;
        for (let dx = 0; dx < scale; dx++) {
          const p = (row + (x + margin) * scale + dx) * 4;
          px[p] = px[p + 1] = px[p + 2] = fg;
        }
      }
    }
  }
  const r = jsQR(px, w, h, { inversionAttempts: 'dontInvert' });
  return r ? Uint8Array.from(r.binaryData) : null;
}

function bchRemainder(value: number, dataBits: number, poly: number, polyDegree: number): number {
  let rem = value << polyDegree;
  for (let i = dataBits + polyDegree - 1; i >= polyDegree; i--) if (rem & (1 << i)) rem ^= poly << (i - polyDegree);
  return rem;
}

/** Reads both copies of the format information; returns ecc (0..3 = L M Q H) and mask, or throws. */
export function readFormat(m: boolean[][]): { ecc: number; mask: number } {
  const n = m.length;
  const bit = (x: number, y: number) => (m[y][x] ? 1 : 0);
  let a = 0;
  let b = 0;
  for (let i = 0; i < 15; i++) {
    const [ax, ay] = i < 6 ? [8, i] : i < 8 ? [8, i + 1] : i === 8 ? [7, 8] : [14 - i, 8];
    const [bx, by] = i < 8 ? [n - 1 - i, 8] : [8, n - 15 + i];
    a |= bit(ax, ay) << i;
    b |= bit(bx, by) << i;
  }
  if (a !== b) throw new Error(`format copies differ: ${a.toString(2)} vs ${b.toString(2)}`);
  if (!m[n - 8][8]) throw new Error('dark module missing');
  const raw = a ^ 0x5412;
  const data = raw >> 10;
  if ((raw & 0x3ff) !== bchRemainder(data, 5, 0x537, 10)) throw new Error('format BCH mismatch');
  return { ecc: [1, 0, 3, 2][data >> 3], mask: data & 7 };
}

/** Reads both copies of the version information (versions >= 7); throws when they differ or fail BCH. */
export function readVersion(m: boolean[][]): number {
  const n = m.length;
  let a = 0;
  let b = 0;
  for (let i = 0; i < 18; i++) {
    const p = n - 11 + (i % 3);
    const q = Math.floor(i / 3);
    a |= (m[q][p] ? 1 : 0) << i; // upper right: x = p, y = q
    b |= (m[p][q] ? 1 : 0) << i; // lower left: x = q, y = p
  }
  if (a !== b) throw new Error('version copies differ');
  const v = a >> 12;
  if ((a & 0xfff) !== bchRemainder(v, 6, 0x1f25, 12)) throw new Error('version BCH mismatch');
  return v;
}

/** Penalty score N1+N2+N3+N4 (ISO/IEC 18004 7.8.3); outside the symbol counts as light; a 1:1:3:1:1 core counts once. */
export function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const lines: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    lines.push(m[i]);
    lines.push(m.map((row) => row[i]));
  }
  const core = [true, false, true, true, true, false, true];
  for (const line of lines) {
    let run = 1;
    for (let k = 1; k <= n; k++) {
      if (k < n && line[k] === line[k - 1]) run++;
      else {
        if (run >= 5) score += 3 + run - 5;
        run = 1;
      }
    }
    const at = (k: number) => (k >= 0 && k < n ? line[k] : false);
    for (let s = 0; s + 7 <= n; s++) {
      if (!core.every((c, j) => at(s + j) === c)) continue;
      const lightBefore = [1, 2, 3, 4].every((d) => !at(s - d));
      const lightAfter = [0, 1, 2, 3].every((d) => !at(s + 7 + d));
      if (lightBefore || lightAfter) score += 40;
    }
  }
  let dark = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (m[y][x]) dark++;
      if (y + 1 < n && x + 1 < n && m[y][x] === m[y][x + 1] && m[y][x] === m[y + 1][x] && m[y][x] === m[y + 1][x + 1]) score += 3;
    }
  }
  const total = n * n;
  score += Math.floor(Math.abs(20 * dark - 10 * total) / total) * 10;
  return score;
}

/** Deterministic pseudo-random bytes. */
export function bytes(len: number, seed: number): Buffer {
  const b = Buffer.alloc(len);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}
