// Issue 5 (streaming) harness: runs test/simulator/sketches/StreamHistory on a
// simulated board against a mock cloud whose p2p chat (alice -> the sketch's
// account) has been seeded through the cloud's app side, and returns the
// run's report, the sketch's summary line and what the cloud's state says
// the summary must be. Used by test/simulator/streaming-uno.test.ts and
// bench/streaming/run.ts (`npm run bench:streaming`). A run is `npm run sim`'s
// runSketch() (simulator/sketch/run.ts) with the chat seeded in prepareCloud.
import * as path from 'path';
import { loadBoard } from '../../simulator/boards';
import type { Cloud, FaultPlan } from '../../simulator/cloud';
import type { EspAtModemOptions, ModemStats } from '../../simulator/modem/EspAtModem';
import type { SketchBuild } from '../../simulator/sketch/build';
import { buildForRun, DEFAULT_API_KEY, runSketch } from '../../simulator/sketch/run';

export const SKETCH = path.resolve(__dirname, '../../test/simulator/sketches/StreamHistory');
export const SUMMARY = /history status .*\r\n/;

/** A data component as the app sends it. */
export type Component = Record<string, any>;

/** The sketch's hashes: per string h = 5381, h = h * 33 ^ byte; per field H = H * 33 ^ h (uint32). */
export function djb(bytes: Uint8Array, seed = 5381): number {
  let h = seed >>> 0;
  for (const b of bytes) h = (Math.imul(h, 33) ^ b) >>> 0;
  return h;
}
export function mix32(h: number, v: number): number {
  return (Math.imul(h, 33) ^ v) >>> 0;
}

export interface Summary {
  status: number;
  success: number;
  messages: number;
  texts: number;
  textBytes: number;
  textHash: string;
  idHash: string;
  last: string;
  body: number;
  json: string;
  http: string;
  order: number;
  complete: number;
  /** Microseconds of the history request (connect, request, whole reply), and of those inside JsonParser::feed(). */
  micros: number;
  feedMicros: number;
  /** Deepest stack of the history request alone (AVR), painted by the sketch. */
  stack: number | null;
}

export function parseSummary(serial: string): Summary | null {
  const m = serial.match(
    /history status (\d+) success (\d) messages (\d+) texts (\d+) textBytes (\d+) textHash ([0-9A-F]+) idHash ([0-9A-F]+) last (\S+) body (\d+) json (.+?) http (\S+) order (\d+) complete (\d) us (\d+) feedUs (\d+)(?: stack (\d+))?\r\n/,
  );
  if (!m) return null;
  return {
    status: Number(m[1]),
    success: Number(m[2]),
    messages: Number(m[3]),
    texts: Number(m[4]),
    textBytes: Number(m[5]),
    textHash: m[6],
    idHash: m[7],
    last: m[8],
    body: Number(m[9]),
    json: m[10],
    http: m[11],
    order: Number(m[12]),
    complete: Number(m[13]),
    micros: Number(m[14]),
    feedMicros: Number(m[15]),
    stack: m[16] === undefined ? null : Number(m[16]),
  };
}

/** What the sketch must print for these messages (as the cloud lists them), computed here independently. */
export function expectedSummary(messages: { messageId: string; dataComponent: Component }[]): Omit<Summary, 'status' | 'success' | 'body' | 'json' | 'http' | 'order' | 'complete' | 'micros' | 'feedMicros' | 'stack'> {
  let textHash = 5381;
  let idHash = 5381;
  let texts = 0;
  let textBytes = 0;
  for (const m of messages) {
    idHash = mix32(idHash, djb(Buffer.from(m.messageId, 'utf8')));
    if (typeof m.dataComponent.text === 'string') {
      const b = Buffer.from(m.dataComponent.text, 'utf8');
      ++texts;
      textBytes += b.length;
      textHash = mix32(textHash, djb(b));
    }
  }
  return {
    messages: messages.length,
    texts,
    textBytes,
    textHash: textHash.toString(16).toUpperCase(),
    idHash: idHash.toString(16).toUpperCase(),
    last: messages.length ? messages[messages.length - 1].messageId : '-',
  };
}

export interface HistoryRun {
  build: SketchBuild;
  flashBytes: number;
  staticRamBytes: number;
  peakStackBytes: number | null;
  /** The deepest stack outside interrupts, and what interrupts added where they landed (simulator/avr/runner.ts). */
  peakThreadStackBytes?: number;
  peakInterruptStackBytes?: number;
  /** With SL_SIM_STACK_CHAIN=1: the calls on the stack at its peak (see simulator/README.md). */
  peakStackChain?: string[];
  peakRamBytes: number | null;
  heapBytes: number | null;
  heapSymbols: string[];
  cycles: number | null;
  stopReason: string;
  serial: string;
  summary: Summary | null;
  expected: ReturnType<typeof expectedSummary>;
  /** The history reply as the cloud serialises it (body bytes), and the whole HTTP answer's size on the wire per the modem. */
  historyBodyBytes: number;
  /** Messages in that reply (must be every message of the chat). */
  replyMessages: number;
  modem: ModemStats;
  cloud: { requests: number; perOperation: Record<string, number>; validationErrors: number; validationErrorList: unknown[]; responseSchemaErrors: unknown };
  budget: { flashBytes: number; peakRamBytes: number };
  wallSeconds: number;
}

export interface HistoryRunOptions {
  board?: string;
  /** A build from buildHistorySketch() (same board) to run instead of building now. */
  build?: SketchBuild;
  /** The messages alice sends to the sketch's account, in order. */
  seed: Component[];
  defines?: string[];
  /** Simulated seconds before giving up (AVR). */
  seconds?: number;
  /** Cloud faults for the board's connections (simulator/cloud/README.md). */
  faults?: FaultPlan;
  /** Modem emulator options (e.g. noPassiveMode for old AT firmware). */
  modem?: Omit<EspAtModemOptions, 'hostMap' | 'log'>;
  modemLog?: (dir: string, text: string) => void;
}

/** Builds StreamHistory (own build folder: -D SL_TAG_H6=1). Reuse the result to run the very same image several times. */
export function buildHistorySketch(board = 'uno', defines: string[] = []): SketchBuild {
  return buildForRun({ board, sketch: SKETCH, defines: ['SL_TAG_H6=1', ...defines] });
}

export async function runHistory(opts: HistoryRunOptions): Promise<HistoryRun> {
  const board = loadBoard(opts.board ?? 'uno');
  const started = Date.now();
  const build = opts.build ?? buildHistorySketch(board.name, opts.defines);
  let cloud: Cloud | undefined;
  let listed: { messageId: string; dataComponent: Component }[] = [];
  let replyText = '';
  let requestsBefore = 0;
  const r = await runSketch({
    board: board.name,
    sketch: SKETCH,
    build,
    seconds: opts.seconds ?? 60,
    // the summary line, or the sketch giving up
    until: new RegExp(`${SUMMARY.source}|failed|not written`),
    cloudOptions: { responseCheck: 'strict' },
    modemOptions: opts.modem,
    modemLog: opts.modemLog,
    prepareCloud: async (c) => {
      cloud = c;
      const device = c.seeded[0].account;
      const alice = c.app.person('alice');
      for (const dc of opts.seed) alice.sendP2P(device.accountId, dc);
      const chat = c.state.p2pChat(alice.accountId, device.accountId, false);
      listed = chat ? chat.messages : [];
      // The reply body exactly as the cloud will send it (same handler, same envelope).
      const reply = await fetch(`${c.url}/communication/p2p/message?recipientId=${alice.accountId}&limit=2000`, {
        headers: { Authorization: `Bearer ${DEFAULT_API_KEY}` },
      });
      replyText = await reply.text();
      requestsBefore = (c.stats.toJSON() as any).requests.count;
      // Faults apply to the board's connections only (not to the fetch above).
      if (opts.faults) c.faults.set(opts.faults);
    },
  });
  const stats = cloud!.stats.toJSON() as any;
  return {
    build,
    flashBytes: r.flashBytes,
    staticRamBytes: r.staticRamBytes,
    peakStackBytes: r.peakStackBytes,
    peakThreadStackBytes: r.peakThreadStackBytes,
    peakInterruptStackBytes: r.peakInterruptStackBytes,
    peakRamBytes: r.peakRamBytes,
    peakStackChain: r.peakStackChain,
    heapBytes: r.heapBytes,
    heapSymbols: r.heapSymbols,
    cycles: r.cycles,
    // stopped by the summary line (or the sketch's failure line): the board's own word for it
    stopReason: r.stopReason === 'until' ? 'stopped' : r.stopReason,
    serial: r.serial,
    summary: parseSummary(r.serial),
    expected: expectedSummary(listed),
    replyMessages: JSON.parse(replyText).data.messages.length,
    historyBodyBytes: Buffer.byteLength(replyText),
    modem: r.modem as unknown as ModemStats,
    cloud: {
      requests: r.cloud.requests - requestsBefore,
      perOperation: r.cloud.requestsPerOperation,
      validationErrors: r.cloud.validationErrors,
      validationErrorList: r.cloud.validationErrorList,
      responseSchemaErrors: stats.responseSchemaErrors,
    },
    budget: { ...board.budget },
    wallSeconds: (Date.now() - started) / 1000,
  };
}

/** A deterministic pseudo-random generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** About 0.7 KB of history on the wire: two short text messages. */
export function smallHistory(): Component[] {
  return [
    { dataComponentType: 'text', text: 'Hi! Lamp on?' },
    { dataComponentType: 'text', text: 'ok' },
  ];
}

// Pieces of text that make the JSON interesting: escapes JSON.stringify
// writes (\" \\ \n \t \u0001 and a lone surrogate as \udc00), 2-, 3- and
// 4-byte UTF-8 characters written raw.
const PIECES = ['plain words ', 'quote " and backslash \\ ', 'line\nbreak\ttab ', 'ctl \u0001\u001f ', 'caf\u00e9 na\u00efve ', '\u4e2d\u6587 ', '\ud83d\ude00 emoji ', 'lone \udc00 surrogate ', '{"json":[1,2]} '];

/**
 * At least `minBytes` of history on the wire: many short texts, some long
 * ones (up to ~3 KB) full of escapes and non-ASCII, and a few non-text
 * components (gauge, location) that the decoder reports without text.
 */
export function largeHistory(minBytes = 33 * 1024, seed = 5): Component[] {
  const rand = rng(seed);
  const out: Component[] = [];
  let bytes = 0;
  for (let i = 0; bytes < minBytes; ++i) {
    let dc: Component;
    if (i % 17 === 5) dc = { dataComponentType: 'gauge', title: `sensor ${i}`, value: Math.floor(rand() * 100) };
    else if (i % 23 === 11) dc = { dataComponentType: 'location', locationName: `place ${i} \u00fc`, latitude: 46.5, longitude: 6.6 };
    else {
      const long = i % 9 === 3;
      const n = long ? 100 + Math.floor(rand() * 200) : 1 + Math.floor(rand() * 6);
      let text = `#${i} `;
      for (let k = 0; k < n; ++k) text += PIECES[Math.floor(rand() * PIECES.length)];
      dc = { dataComponentType: 'text', text };
    }
    out.push(dc);
    bytes += JSON.stringify(dc).length + 200; // ids, dates and reactions of the message view
  }
  return out;
}
