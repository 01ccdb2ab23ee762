// AVR/host differential test of the compact JSON parser (SL_JSON_PARSER_SMALL=1,
// the Uno's default) and of sl::JsonWriter: the same program
// (test/firmware/json/avr_diff_main.cpp) is built for the Uno and run in the
// simulator (avr8js), and built for the host with g++ and the Uno build's JSON
// options; both get the same documents, each through eight parsers fed in
// different chunkings (see the program) and, raw, through the writer alone
// (plus flash text), and must print the same transcript (per document: a
// digest of every event, the number conversions, the error and its offset,
// the writer's re-serialization of the events and the raw writer output).
// This is what covers the AVR-only code (assembler loops) that host tests and
// libFuzzer never run.
//
// Documents: every file of JSONTestSuite's test_parsing (y_, n_, i_) and a few
// hundred deterministic ones (seeded PRNG): mutated suite files, long strings
// with escapes and surrogate pairs, invalid UTF-8, nesting past
// SL_JSON_MAX_DEPTH, numbers past SL_JSON_NUMBER_MAX, long keys, random values.
// They go through the simulated UART in frames (a length byte, then up to
// 168 bytes), one frame per request of the program, so nothing overruns and
// the AVR side never holds a whole document. On a difference the test reruns
// the document on both sides with every event printed and shows the first
// lines that differ.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AvrMachine } from '../../simulator/avr/runner';
import { ROOT } from '../../simulator/boards';
import { buildProgram, BuildResult } from '../../simulator/build';
import { symbols } from '../../simulator/elf';
import { sharedPath } from '../helpers/paths';
import { defineSlTestSuite, defineSlCases, parseSlTest } from '../helpers/cpp';
import { runBuiltSync } from '../../simulator/run';
import { prng } from '../helpers/prng';

const SUITE = sharedPath('reference', 'json-test-suite', 'test_parsing');
// SL_AVR_DIFF_ROOT=/some/checkout: take the firmware (firmware/src) from
// another tree, e.g. a `git archive` of a commit, to compare the committed
// firmware while the working tree has edits in progress (this test's own
// program always comes from this repository).
const FW_ROOT = path.resolve(process.env.SL_AVR_DIFF_ROOT ?? ROOT);
const FW_SRC = path.join(FW_ROOT, 'firmware', 'src');
const MAIN = 'test/firmware/json/avr_diff_main.cpp';
const JSON_SOURCES = [
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
  // setKeyFilter() of the compact parser's assembly, with the filter's code
  // (the one source an older tree may lack: SL_AVR_DIFF_ROOT)
  ...['firmware/src/json/JsonKeyFilter.cpp'].filter((s) => fs.existsSync(path.join(FW_ROOT, s))),
];
const FRAME_MAX = 168; // kFrameMax in the program
const REQ = 0x01;
const SKIP_REQ = 0x02;
const END_DOC = 0x00;
const VERBOSE = 0xfd;
const END_ALL = 0xff;
const MODES = ['whole frame', '1 byte', '3 bytes', '7 bytes', 'pattern', 'parse(source)', 'skip/filter, 5 bytes', 'validate, 2 bytes'];
// Beside the parsers: the frames' raw bytes straight through the writer.

interface Doc {
  name: string;
  bytes: Buffer;
  frames: Buffer[];
  /** Position in the full list (what SL_AVR_DIFF_DOCS selects). */
  index?: number;
}

// ---- deterministic documents ----

class Gen {
  private r: () => number;
  constructor(seed: number) {
    this.r = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
}

const b = (s: string) => Buffer.from(s, 'utf8');
const raw = (...bytes: number[]) => Buffer.from(bytes);

// String content pieces (already JSON-escaped where needed), valid JSON.
const STRING_PIECES: Buffer[] = [
  b('a'), b('plain text '), b('\\n'), b('\\t'), b('\\"'), b('\\\\'), b('\\/'), b('\\b'), b('\\f'), b('\\r'),
  b('\\u0000'), b('\\u001f'), b('\\u00e9'), b('\\u20AC'), b('\\uD83D\\uDE00'), b('\\uDBFF\\uDFFF'), b('\\ud800'),
  b('\\uDC00'), b('\\uD800\\u0041'), b('\\uDE00\\uD83D'), b('é'), b('€'), b('😀'), b('\u007f'), b('ÿ'), b('中文'),
  b(' '), b('x'.repeat(40)), b('\\u0041\\u0042'), b('"'.replace('"', '\\"')), b('\u0080'), b('\u07ff'), b('\uffff'),
];
// Invalid UTF-8 (and other raw bytes a string must reject).
const BAD_BYTES: Buffer[] = [
  raw(0xc0, 0x80), raw(0xed, 0xa0, 0x80), raw(0xf4, 0x90, 0x80, 0x80), raw(0xf5), raw(0x80), raw(0xe2, 0x82),
  raw(0xff), raw(0xc3), raw(0xe0, 0x9f, 0xbf), raw(0xf0, 0x8f, 0xbf, 0xbf), raw(0x01), raw(0x1f), raw(0x0a),
  raw(0xc2, 0x41), raw(0xef, 0xbb, 0xbf), raw(0xfe, 0xff),
];

function stringBody(g: Gen, minLen: number, maxLen: number, bad = 0): Buffer {
  const parts: Buffer[] = [];
  let len = 0;
  const target = g.range(minLen, maxLen);
  while (len < target) {
    const p = g.pick(STRING_PIECES);
    parts.push(p);
    len += p.length;
  }
  for (let i = 0; i < bad; ++i) parts.splice(g.int(parts.length + 1), 0, g.pick(BAD_BYTES));
  return Buffer.concat(parts);
}

function numberText(g: Gen): string {
  switch (g.int(9)) {
    case 0: return String(g.range(-1000, 1000));
    case 1: return `${g.chance(0.5) ? '-' : ''}${g.range(1, 9)}${'0123456789'.repeat(g.range(1, 6)).slice(0, g.range(5, 60))}`;
    case 2: return `${g.chance(0.5) ? '-' : ''}0.${'0'.repeat(g.range(1, 300))}${g.range(1, 99999)}${g.chance(0.5) ? `e${g.pick(['', '+', '-'])}${g.range(0, 400)}` : ''}`;
    case 3: return `${g.range(1, 9)}.${'0'.repeat(g.range(10, 80))}${g.chance(0.5) ? '1' : ''}`;
    case 4: return `${g.range(-9, 9)}e${g.pick(['', '+', '-'])}${'9'.repeat(g.range(1, 12))}`;
    case 5: return String(g.pick([2147483647, -2147483648, 2147483648, -2147483649, 4294967296, 0, -0]));
    case 6: return g.pick(['9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '-0', '0.0', '1E2', '1e-2', '-1.5E+3']);
    case 7: return `${g.range(1, 99999)}.${g.range(0, 99999)}e${g.range(-40, 40)}`;
    default: return `${'1234567890'.repeat(g.range(2, 8))}.${'5'.repeat(g.range(0, 30))}`;
  }
}

function value(g: Gen, depth: number, maxDepth: number): Buffer {
  const k = depth >= maxDepth ? g.int(5) : g.int(8);
  switch (k) {
    case 0: return b(numberText(g));
    case 1: return Buffer.concat([b('"'), stringBody(g, 0, 60), b('"')]);
    case 2: return b(g.pick(['true', 'false', 'null']));
    case 3: return Buffer.concat([b('"'), stringBody(g, 0, 8), b('"')]);
    case 4: return b(numberText(g));
    case 5:
    case 6: {
      const n = g.int(6);
      const items: Buffer[] = [];
      for (let i = 0; i < n; ++i) {
        const key = g.chance(0.2) ? stringBody(g, 25, 90) : stringBody(g, 0, 12);
        items.push(Buffer.concat([b('"'), key, b('"'), b(g.pick([':', ' : ', ':\n'])), value(g, depth + 1, maxDepth)]));
      }
      return Buffer.concat([b('{'), ...join(items, g), b('}')]);
    }
    default: {
      const n = g.int(6);
      const items: Buffer[] = [];
      for (let i = 0; i < n; ++i) items.push(value(g, depth + 1, maxDepth));
      return Buffer.concat([b('['), ...join(items, g), b(']')]);
    }
  }
}

function join(items: Buffer[], g: Gen): Buffer[] {
  const out: Buffer[] = [];
  items.forEach((it, i) => {
    if (i) out.push(b(g.pick([',', ', ', ' ,', ',\r\n\t'])));
    out.push(it);
  });
  return out;
}

const MUTATION_BYTES = [...'"\\{}[],:0-e.u tfn1E+'].map((c) => c.charCodeAt(0)).concat([0x80, 0xc3, 0xed, 0xf4, 0x00, 0x1f, 0x7f, 0xff]);

function mutate(g: Gen, src: Buffer): Buffer {
  let d = Buffer.from(src);
  const n = g.range(1, 4);
  for (let i = 0; i < n; ++i) {
    const at = g.int(d.length + 1);
    switch (g.int(6)) {
      case 0: if (d.length) d[Math.min(at, d.length - 1)] = g.pick(MUTATION_BYTES); break;
      case 1: d = Buffer.concat([d.subarray(0, at), raw(g.pick(MUTATION_BYTES)), d.subarray(at)]); break;
      case 2: d = Buffer.concat([d.subarray(0, at), d.subarray(at + 1)]); break;
      case 3: {
        const from = g.int(d.length + 1);
        const slice = d.subarray(from, from + g.range(1, 20));
        d = Buffer.concat([d.subarray(0, at), slice, d.subarray(at)]);
        break;
      }
      case 4: d = d.subarray(0, at); break;
      default: if (d.length) d[Math.min(at, d.length - 1)] ^= 1 << g.int(8);
    }
  }
  return d;
}

function generated(suite: Doc[]): Doc[] {
  const g = new Gen(0x5eed1e5);
  const out: Doc[] = [];
  const add = (name: string, bytes: Buffer) => out.push({ name, bytes, frames: [] });
  const ys = suite.filter((d) => d.name.startsWith('y_') || d.name.startsWith('i_'));
  for (let i = 0; i < 120; ++i) {
    const src = g.pick(ys);
    add(`mutated ${i} of ${src.name}`, mutate(g, src.bytes));
  }
  for (let i = 0; i < 40; ++i) {
    const s = stringBody(g, 100, 700);
    add(`long string ${i}`, g.chance(0.5) ? Buffer.concat([b('["'), s, b('"]')]) : Buffer.concat([b('{"k":"'), s, b('","'), stringBody(g, 0, 40), b('":"'), s.subarray(0, 50), b('"}')]));
  }
  for (let i = 0; i < 30; ++i) {
    add(`invalid utf-8 ${i}`, Buffer.concat([b(g.chance(0.5) ? '["' : '{"'), stringBody(g, 0, 80, 1), b(g.chance(0.5) ? '"]' : '":1}')]));
  }
  for (let i = 0; i < 30; ++i) {
    const depth = g.range(28, 40);
    const opens: string[] = [];
    let s = '';
    for (let j = 0; j < depth; ++j) {
      if (g.chance(0.5)) {
        s += '[';
        opens.push(']');
      } else {
        s += `{"k${j}":`;
        opens.push('}');
      }
    }
    s += numberText(g);
    const closeAll = g.chance(0.8);
    s += (closeAll ? opens : opens.slice(g.int(opens.length))).reverse().join('');
    add(`nesting ${depth} ${i}`, b(s));
  }
  for (let i = 0; i < 40; ++i) {
    const nums = Array.from({ length: g.range(1, 8) }, () => numberText(g));
    add(`numbers ${i}`, b(g.chance(0.2) ? nums[0] : `[${nums.join(',')}]`));
  }
  for (let i = 0; i < 30; ++i) {
    const items: Buffer[] = [];
    for (let j = g.range(1, 5); j > 0; --j) {
      items.push(Buffer.concat([b('"'), stringBody(g, 20, 120), b('":'), value(g, 1, 3)]));
    }
    add(`long keys ${i}`, Buffer.concat([b('{'), ...join(items, g), b('}')]));
  }
  for (let i = 0; i < 110; ++i) {
    let d = value(g, 0, g.range(1, 6));
    if (g.chance(0.1)) d = Buffer.concat([b(' \n'), d, b(g.pick(['', ' ', '\t\r\n', ' x', ',', '1']))]);
    add(`random ${i}`, d);
  }
  return out;
}

function frame(docs: Doc[]): void {
  const g = new Gen(0xf4a3e5);
  for (const d of docs) {
    d.frames = [];
    for (let at = 0; at < d.bytes.length; ) {
      const n = Math.min(d.bytes.length - at, g.chance(0.5) ? FRAME_MAX : g.range(1, FRAME_MAX));
      d.frames.push(d.bytes.subarray(at, at + n));
      at += n;
    }
  }
}

// ---- the two sides ----

/** The host side's input: every frame of every document, as the AVR side is answered. */
function hostStream(docs: Doc[], verbose: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const d of docs) {
    if (verbose) parts.push(raw(VERBOSE));
    for (const f of d.frames) parts.push(raw(f.length), f);
    parts.push(raw(END_DOC));
  }
  parts.push(raw(END_ALL));
  return Buffer.concat(parts);
}

interface AvrRun {
  transcript: string;
  cycles: number;
  stopReason: string;
  exitCode: number | null;
  peakStackBytes: number;
  bytesSent: number;
}

function runAvr(built: BuildResult, docs: Doc[], verbose: boolean): AvrRun {
  const syms = symbols(built.board, built.elf);
  const end = syms.get('__heap_start') ?? syms.get('_end') ?? syms.get('__bss_end');
  const m = new AvrMachine(built.board, fs.readFileSync(built.hex!, 'utf8'), { stackLimit: end ? end.addr & 0xffff : undefined });
  let doc = 0;
  let next = 0;
  let verboseSent = false;
  let bytesSent = 0;
  const answer = (skip: boolean) => {
    if (doc >= docs.length) return m.input(raw(END_ALL));
    const frames = docs[doc].frames;
    if (skip || next >= frames.length) {
      ++doc;
      next = 0;
      verboseSent = false;
      return m.input(raw(END_DOC));
    }
    if (verbose && !verboseSent) {
      verboseSent = true;
      return m.input(raw(VERBOSE));
    }
    const f = frames[next++];
    bytesSent += f.length;
    m.input(Buffer.concat([raw(f.length), f]));
  };
  m.onOutput = (bytes) => {
    for (const c of bytes) {
      if (c === REQ) answer(false);
      else if (c === SKIP_REQ) answer(true);
    }
  };
  // An empty document still asks once before its END_DOC: the verbose
  // header is sent on the first request of a document.
  const r = m.run({ maxCycles: 4e9 });
  return {
    transcript: r.serial.replace(/[\x01\x02]/g, ''),
    cycles: r.cycles,
    stopReason: r.stopReason,
    exitCode: r.exitCode,
    peakStackBytes: r.peakStackBytes,
    bytesSent,
  };
}

function runHost(exe: string, docs: Doc[], verbose: boolean): string {
  const r = spawnSync(exe, [], { input: hostStream(docs, verbose), maxBuffer: 256 << 20, timeout: 60000 });
  if (r.status !== 0) throw new Error(`host program: status ${r.status} signal ${r.signal}\n${r.stderr}`);
  return r.stdout.toString('latin1').replace(/[\x01\x02]/g, '');
}

function buildHost(defines: string[]): string {
  const dir = path.join(ROOT, 'build', 'host', 'json_avr_diff');
  fs.mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, 'avr_diff');
  const r = spawnSync(
    'g++',
    ['-std=gnu++11', '-O1', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti', ...defines.map((d) => `-D${d}`),
      '-I', FW_SRC, path.join(ROOT, MAIN), ...JSON_SOURCES.map((s) => path.join(FW_ROOT, s)), '-o', exe],
    { encoding: 'utf8', timeout: 120000 },
  );
  if (r.status !== 0) throw new Error(`host build failed:\n${r.stderr}`);
  return exe;
}

// ---- the test ----

describe('compact JSON parser + writer: simulated Uno vs host, byte for byte', () => {
  const haveSuite = fs.existsSync(SUITE);
  (haveSuite ? test : test.skip)('every document, every chunking: the same transcript', () => {
    const t0 = Date.now();
    const suite: Doc[] = fs
      .readdirSync(SUITE)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ name: f, bytes: fs.readFileSync(path.join(SUITE, f)), frames: [] }));
    let docs = [...suite, ...generated(suite), { name: 'empty', bytes: Buffer.alloc(0), frames: [] }];
    frame(docs);
    docs.forEach((d, i) => (d.index = i));
    // SL_AVR_DIFF_DOCS=12,40-45: only those documents (by index), to look
    // into a difference (the sanity checks below then only count those).
    const only = process.env.SL_AVR_DIFF_DOCS;
    if (only) {
      const keep = new Set<number>();
      for (const part of only.split(',')) {
        const [lo, hi] = part.split('-').map(Number);
        for (let i = lo; i <= (hi ?? lo); ++i) keep.add(i);
      }
      docs = docs.filter((_, i) => keep.has(i));
    }

    const avrBuild = buildProgram({
      board: 'uno',
      name: 'json_avr_diff',
      sources: [MAIN, ...JSON_SOURCES.map((s) => path.join(FW_ROOT, s))],
      // quoted includes of the program from FW_SRC before the repository's firmware/src
      flags: FW_ROOT === ROOT ? [] : ['-iquote', FW_SRC],
    });
    const avr = runAvr(avrBuild, docs, false);
    expect({ stop: avr.stopReason, exit: avr.exitCode }).toEqual({ stop: 'exit', exit: 0 });
    // Streaming: the program fits the Uno's 2 KB (stack-overflow would have stopped it too).
    expect(avrBuild.footprint.staticRamBytes + avr.peakStackBytes).toBeLessThanOrEqual(2048);
    const avrLines = avr.transcript.split('\n');
    const cfg = avrLines[0].match(/^cfg (.*)$/);
    if (!cfg) throw new Error(`no cfg line: ${avrLines[0]}`);
    const defines = cfg[1].split(' ').map((d) => d.replace(/=(\w+)$/, (_, v) => `=0x${v}`));
    expect(defines.join(' ')).toMatch(/SL_JSON_PARSER_SMALL=0x1 /);

    const exe = buildHost(defines);
    const host = runHost(exe, docs, false);
    const hostLines = host.split('\n');

    // One line per document plus cfg, end and the final newline.
    expect(avrLines.length).toBe(docs.length + 3);
    expect(avrLines[docs.length + 1]).toBe(`end ${docs.length.toString(16)}`);

    const differ: number[] = [];
    for (let i = 0; i < docs.length; ++i) if (avrLines[i + 1] !== hostLines[i + 1]) differ.push(i);
    const totalBytes = docs.reduce((n, d) => n + d.bytes.length, 0);
    const secs = (Date.now() - t0) / 1000;
    console.log(
      `json-avr-diff: ${docs.length} documents (${docs.filter((d) => /^[yni]_/.test(d.name)).length} from JSONTestSuite), ${totalBytes} bytes ` +
        `(${avr.bytesSent} sent to the Uno, the rest skipped after every parser failed), ` +
        `${MODES.length} chunkings each (${MODES.join(', ')}) and the raw bytes through the writer alone: ${docs.length - differ.length} identical, ${differ.length} differ; ` +
        `${(avr.cycles / 1e6).toFixed(1)} M AVR cycles, peak stack ${avr.peakStackBytes} B, ` +
        `static RAM ${avrBuild.footprint.staticRamBytes} B, ${secs.toFixed(1)} s`,
    );
    if (avrLines.length !== hostLines.length || avrLines[0] !== hostLines[0]) differ.push(-1);
    if (differ.length) {
      const shown = differ
        .filter((i) => i >= 0)
        .slice(0, 3)
        .map((i) => {
          const d = docs[i];
          const rerun = runAvr(avrBuild, [d], true);
          const a = rerun.transcript.split('\n');
          if (rerun.stopReason !== 'exit') a.push(`(the simulated run stopped: ${rerun.stopReason})`);
          const h = runHost(exe, [d], true).split('\n');
          let at = a.findIndex((l, k) => l !== h[k]);
          if (at < 0) at = a.length;
          const lines = (x: string[]) => x.slice(Math.max(0, at - 2), at + 3).join('\n    ');
          return `document ${d.index} "${d.name}" (${d.bytes.length} B: ${JSON.stringify(d.bytes.toString('latin1').slice(0, 120))})\n` +
            `  digests avr : ${avrLines[i + 1]}\n  digests host: ${hostLines[i + 1]}\n` +
            `  first differing event line (verbose rerun, line ${at}):\n  avr:\n    ${lines(a)}\n  host:\n    ${lines(h)}`;
        });
      throw new Error(`AVR and host transcripts differ for ${differ.length} document(s):\n${shown.join('\n')}`);
    }
    // The harness parses (both sides agree by now): y_ files are accepted and n_ files rejected (mode 0).
    const errorOf = (i: number) => parseInt(avrLines[i + 1].split(' ')[1].split('@')[0], 16);
    const notAccepted = docs.map((d, i) => (d.name.startsWith('y_') && errorOf(i) !== 0 ? d.name : '')).filter(Boolean);
    const notRejected = docs.map((d, i) => (d.name.startsWith('n_') && errorOf(i) === 0 ? d.name : '')).filter(Boolean);
    expect({ notAccepted, notRejected }).toEqual({ notAccepted: [], notRejected: [] });
  }, 300000);
});

// The assembly's edges the documents above do not reach (a handler and a
// sink that scramble every call-used register and the T flag, aborts and
// reset() at every event, chunks of 0 and > 255 bytes, the depth limit,
// feed() after an error): test/firmware/json/parser_asm_edges_test.cpp on
// the host (the C++ loop) and on the simulated Uno (the assembly; the boards
// suite runs it on the mega), with the default sizes and with big text buffers.
const EDGES = 'test/firmware/json/parser_asm_edges_test.cpp';
const EDGES_SOURCES = [EDGES, ...JSON_SOURCES];
// The defaults, and text buffers that put u_'s number fields past the 63
// bytes ldd/std reach from Y and Z (that build did not compile before).
const EDGE_CONFIGS: { tag: string; flags: string[] }[] = [
  { tag: 'defaults', flags: [] },
  { tag: 'SL_JSON_KEY_BUFFER=64 SL_JSON_NUMBER_MAX=64', flags: ['-DSL_JSON_KEY_BUFFER=64', '-DSL_JSON_NUMBER_MAX=64'] },
];
EDGE_CONFIGS.forEach(({ tag, flags }, k) => {
  defineSlTestSuite(`compact JSON parser + writer edges, ${tag} (host g++)`, {
    name: `json_parser_asm_edges_${k}`,
    sources: [...EDGES_SOURCES, 'test/firmware/support/host_main.cpp'],
    flags: ['-DSL_JSON_PARSER_SMALL=1', ...flags],
  });
  describe(`compact JSON parser + writer edges, ${tag} (simulated Uno, assembly)`, () => {
    let r: ReturnType<typeof runBuiltSync>;
    try {
      const built = buildProgram({
        board: 'uno',
        name: `json_parser_asm_edges_${k}`,
        sources: [...EDGES_SOURCES, 'simulator/support/sltest_main.cpp'],
        flags,
      });
      r = runBuiltSync(built, { maxCycles: 1e9, timeoutMs: 120000 });
    } catch (e) {
      test('builds', () => {
        throw e;
      });
      return;
    }
    const { cases, summary } = parseSlTest(r.serial);
    defineSlCases(cases);
    test('runs to completion', () => {
      expect({ stop: r.stopReason, exit: r.exitCode, cases: cases.length }).toEqual({ stop: 'exit', exit: 0, cases: 5 });
      expect(summary).toEqual({ passed: 5, failed: 0 });
    });
  });
});
