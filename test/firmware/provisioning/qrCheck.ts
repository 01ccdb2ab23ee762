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

/** ISO/IEC 18004 Annex E: alignment pattern centre coordinates per version (row v-1). */
export const ALIGNMENT: number[][] = [
  [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
  [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
  [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90],
  [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106], [6, 32, 58, 84, 110],
  [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
  [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134],
  [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
  [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
  [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
];

/** ISO/IEC 18004 Table 9: [ECC codewords per block, number of blocks] per version (row v-1) for L, M, Q, H. */
const EC_PER_BLOCK = [
  '7,10,15,20,26,18,20,24,30,18,20,24,26,30,22,24,28,30,28,28,28,28,30,30,26,28,30,30,30,30,30,30,30,30,30,30,30,30,30,30',
  '10,16,26,18,24,16,18,22,22,26,30,22,22,24,24,28,28,26,26,26,26,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28',
  '13,22,18,26,18,24,18,22,20,24,28,26,24,20,30,24,28,28,26,30,28,30,30,30,30,28,30,30,30,30,30,30,30,30,30,30,30,30,30,30',
  '17,28,22,16,22,28,26,26,24,28,24,28,22,24,24,30,28,28,26,28,30,24,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30,30',
].map((r) => r.split(',').map(Number));
const BLOCKS = [
  '1,1,1,1,1,2,2,2,2,4,4,4,4,4,6,6,6,6,7,8,8,9,9,10,12,12,12,13,14,15,16,17,18,19,19,20,21,22,24,25',
  '1,1,1,2,2,4,4,4,5,5,5,8,9,9,10,10,11,13,14,16,17,17,18,20,21,23,25,26,28,29,31,33,35,37,38,40,43,45,47,49',
  '1,1,2,2,4,4,6,6,8,8,8,10,12,16,12,17,16,18,21,20,23,23,25,27,29,34,34,35,38,40,43,45,48,51,53,56,59,62,65,68',
  '1,1,2,4,4,4,5,6,8,8,11,11,16,16,18,16,19,21,25,25,25,34,30,32,35,37,40,42,45,48,51,54,57,60,63,66,70,74,77,81',
].map((r) => r.split(',').map(Number));

/** Function modules of a version (finders + separators + format areas, timing, alignment, version info). */
export function functionModules(version: number): boolean[][] {
  const n = 17 + 4 * version;
  const f = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const fill = (x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) f[y][x] = true;
  };
  fill(0, 0, 9, 9);
  fill(n - 8, 0, 8, 9);
  fill(0, n - 8, 9, 8);
  fill(6, 0, 1, n);
  fill(0, 6, n, 1);
  const a = ALIGNMENT[version - 1];
  for (const cy of a) {
    for (const cx of a) {
      if ((cx === 6 && cy === 6) || (cx === 6 && cy === a[a.length - 1]) || (cx === a[a.length - 1] && cy === 6)) continue;
      fill(cx - 2, cy - 2, 5, 5);
    }
  }
  if (version >= 7) {
    fill(n - 11, 0, 3, 6);
    fill(0, n - 11, 6, 3);
  }
  return f;
}

const MASKS: Array<(i: number, j: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function gfMul(a: number, b: number): number {
  let z = 0;
  for (let k = 7; k >= 0; k--) {
    z = (z << 1) ^ (z & 0x80 ? 0x11d : 0);
    if ((b >> k) & 1) z ^= a;
  }
  return z & 0xff;
}

/**
 * Reads the symbol the way a decoder does, without error correction: checks
 * the alignment patterns, unmasks, reads the codewords in placement order,
 * de-interleaves the blocks, requires every Reed-Solomon syndrome to be zero,
 * and parses the data (byte mode, count, terminator, 0xEC/0x11 padding).
 * Returns the payload; throws on the first deviation.
 */
export function readExact(m: boolean[][], version: number, ecc: number, mask: number): Buffer {
  const n = m.length;
  if (n !== 17 + 4 * version) throw new Error('size does not match version');
  const a = ALIGNMENT[version - 1];
  for (const cy of a) {
    for (const cx of a) {
      if ((cx === 6 && cy === 6) || (cx === 6 && cy === a[a.length - 1]) || (cx === a[a.length - 1] && cy === 6)) continue;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          if (m[cy + dy][cx + dx] !== (Math.max(Math.abs(dx), Math.abs(dy)) !== 1)) throw new Error(`alignment pattern at ${cx},${cy} broken`);
        }
      }
    }
  }
  for (let i = 8; i < n - 8; i++) if (m[6][i] !== (i % 2 === 0) || m[i][6] !== (i % 2 === 0)) throw new Error('timing pattern broken');
  const func = functionModules(version);
  const bits: number[] = [];
  let upward = true;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let step = 0; step < n; step++) {
      const y = upward ? n - 1 - step : step;
      for (const x of [right, right - 1]) {
        if (func[y][x]) continue;
        bits.push((m[y][x] !== MASKS[mask](y, x)) ? 1 : 0);
      }
    }
    upward = !upward;
  }
  const total = Math.floor(bits.length / 8);
  if (bits.slice(total * 8).some((b) => b)) throw new Error('remainder bits not light after unmasking');
  const codewords: number[] = [];
  for (let k = 0; k < total; k++) codewords.push(bits.slice(k * 8, k * 8 + 8).reduce((v, b) => (v << 1) | b, 0));
  const eccLen = EC_PER_BLOCK[ecc][version - 1];
  const count = BLOCKS[ecc][version - 1];
  const shortLen = Math.floor(total / count);
  const longCount = total % count;
  const dataLens = Array.from({ length: count }, (_, b) => shortLen - eccLen + (b >= count - longCount ? 1 : 0));
  const blocks: number[][] = dataLens.map(() => []);
  let k = 0;
  for (let i = 0; i < Math.max(...dataLens); i++) for (let b = 0; b < count; b++) if (i < dataLens[b]) blocks[b].push(codewords[k++]);
  for (let i = 0; i < eccLen; i++) for (let b = 0; b < count; b++) blocks[b].push(codewords[k++]);
  if (k !== total) throw new Error('codeword count mismatch');
  blocks.forEach((blk, b) => {
    // Syndromes: the block polynomial evaluated at a^0 .. a^(eccLen-1) must be 0.
    let root = 1;
    for (let s = 0; s < eccLen; s++) {
      let v = 0;
      for (const c of blk) v = gfMul(v, root) ^ c;
      if (v !== 0) throw new Error(`block ${b}: syndrome ${s} is ${v}`);
      root = gfMul(root, 2);
    }
  });
  const data = blocks.flatMap((blk, b) => blk.slice(0, dataLens[b]));
  const dbits = data.flatMap((c) => [7, 6, 5, 4, 3, 2, 1, 0].map((s) => (c >> s) & 1));
  let p = 0;
  const take = (w: number) => {
    let v = 0;
    for (let i = 0; i < w; i++) v = (v << 1) | dbits[p++];
    return v;
  };
  if (take(4) !== 0b0100) throw new Error('not byte mode');
  const len = take(version <= 9 ? 8 : 16);
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = take(8);
  const term = Math.min(4, dbits.length - p);
  if (take(term) !== 0) throw new Error('terminator not zero');
  while (p % 8) if (take(1)) throw new Error('bit padding not zero');
  for (let pad = 0xec; p < dbits.length; pad ^= 0xec ^ 0x11) if (take(8) !== pad) throw new Error('pad codewords not EC/11');
  return out;
}
