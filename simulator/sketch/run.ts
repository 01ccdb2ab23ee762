// `npm run sim` as a function: build a sketch for a board, run it against a
// fresh mock cloud through the ESP-AT modem emulator on the board's network
// UART, and return the report (DESIGN.md, "Contracts").
//
//   const { failures } = await runSketch({ board: 'uno', sketch: 'examples/Hello', until: /done/ });
//
// One run, in order: the mock cloud starts (or `cloud` is used), `prepareCloud`
// seeds it (chats, channels, messages, faults; it may return -D the sketch
// needs, e.g. the id of a channel it made), the sketch is built (or `build` is
// run as it is), the board starts wired to the modem, `app` plays the phone
// app's side until it settles (the board is then stopped), and the report is
// collected and judged. A test playing the app:
//
//   let channelId = '';
//   const r = await runSketch({
//     board: 'mega', sketch: 'firmware/examples/ChannelGauge', analog: { 0: 3.3 },
//     prepareCloud: (cloud) => {
//       channelId = cloud.app.person('alice').createChannel('Greenhouse', [cloud.seeded[0].account.accountId]).channelId;
//       return [stringDefine('GAUGE_CHANNEL_ID', channelId)];
//     },
//     app: async (s) => void (await s.waitForConsole(/gauge \d+: Ok\r\n/, 30000)),
//   });
//   r.failures, r.app.error, r.cloud.requests
//
// With SL_FIGURES_FILE set, every run appends one JSON line (sketch, board,
// flash, static and peak RAM, heap, and the test's own definitions, which
// make it a variant) to that file: the figures table in
// firmware/examples/README.md is made from the runs of `npm test` this way
// (scripts/example-figures.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BoardProfile, loadBoard } from '../boards';
import { Cloud, CloudOptions, startCloud } from '../cloud';
import { EspAtModem, EspAtModemOptions } from '../modem/EspAtModem';
import { startAvrSketch } from './avr';
import { buildSketch, SketchBuild } from './build';
import { EepromOptions, SketchMachine } from './machine';
import { ConsoleQrScanner } from './qrscan';
import { startQemuSketch } from './qemu';

export const DEFAULT_API_KEY = 'dev-key';
export const DEFAULT_SECONDS = 10;
/** The host the sketches connect to; the modem maps it to the mock cloud. */
export const CLOUD_HOST = 'api.semilimes.net';

export interface SketchRunOptions {
  board: string;
  sketch: string;
  /** Simulated seconds (AVR: cycles = seconds x clock; QEMU: wall-clock seconds). Default 10. */
  seconds?: number;
  /** Exact cycle limit (AVR boards; overrides seconds there). */
  cycles?: number;
  /** Stop once the console text matches. */
  until?: RegExp;
  /** Seeded API key of the mock cloud; the sketch gets it as SL_SIM_API_KEY. */
  apiKey?: string;
  /** Extra preprocessor definitions (NAME or NAME=VALUE). */
  defines?: string[];
  /** Console bytes as they come (the CLI echoes them unless --quiet). */
  onConsole?: (bytes: Uint8Array) => void;
  /**
   * The app scans a claim QR the board draws on its console (sl::QrTextRenderer)
   * and claims the device with it, as a user would (default true).
   */
  scanQr?: boolean;
  /** The app claims every device that registers, this many ms after it registered (no QR needed). */
  autoClaimMs?: number;
  /** The app answers every form it receives with these values (by refName). */
  autoSubmit?: Record<string, unknown>;
  /** What the app person does and receives, one line each. */
  appLog?: (line: string) => void;
  /** Called once the sketch is built, before it runs. */
  onBuilt?: (b: SketchBuild) => void;
  /** Modem emulator dialogue (for debugging). */
  modemLog?: (dir: string, text: string) => void;
  /**
   * Lifetime of the API keys the fresh mock cloud issues to claimed devices,
   * in days (default 365); under 5 makes a device rotate its key at its next check.
   */
  keyLifetimeDays?: number;
  /**
   * Run against this mock cloud instead of a fresh one (several boots of one
   * device: reboots, power cuts). It is left running; `apiKey` and
   * `keyLifetimeDays` are then the cloud's business, and the report's `cloud`
   * figures are the cloud's totals so far, not this run's.
   */
  cloud?: Cloud;
  /**
   * The EEPROM at power-on (default erased); the report carries it at the end.
   * AVR boards (the chip's EEPROM) and cortex-m3 (the minimal core's, 1 KB).
   */
  eeprom?: Uint8Array;
  /** AVR boards: stop the board right after its Nth EEPROM byte write (stopReason 'power-cut'). */
  cutAtEepromWrite?: number;
  /** AVR boards: stop the board right after the EEPROM byte write this returns true for. */
  cutWhen?: (address: number, write: number) => boolean;
  /** AVR boards: analog input volts by ADC channel (0 = A0; Mega 8..15 = A8..A15), 0..5 V; unset inputs read 0 V. */
  analog?: Record<number, number>;
  /**
   * AVR boards: track calls and report the call chain at the stack's peak
   * (report.peakStackChain; a little slower). Default: the environment's
   * SL_SIM_STACK_CHAIN=1 (for runs started by tests or the demo). Ignored
   * on QEMU boards.
   */
  stackChain?: boolean;
  /**
   * Run this image (from buildForRun(), same board and API key) instead of
   * building the sketch: one build, many runs. `defines`, `buildDir` and
   * what `prepareCloud` returns are then not used.
   */
  build?: SketchBuild;
  /** Build folder (default build/<board>/sketch-<name>-<hash of the definitions>). */
  buildDir?: string;
  /** More options for the fresh mock cloud (e.g. responseCheck: 'strict', faults). */
  cloudOptions?: Omit<CloudOptions, 'port' | 'apiKeys'>;
  /** More options for the modem emulator (e.g. noPassiveMode: old AT firmware). */
  modemOptions?: Omit<EspAtModemOptions, 'hostMap' | 'log'>;
  /**
   * Called once the mock cloud is up, before the sketch is built and the
   * board starts: seed it (accounts, chats, channels, messages, faults). May
   * return extra preprocessor definitions for the sketch (ids it must know).
   */
  prepareCloud?: (cloud: Cloud) => void | string[] | Promise<void | string[]>;
  /**
   * The phone app's side, started once the board runs. The board is stopped
   * when it settles: resolved, the run stops as 'until'; rejected, or the
   * board stopped first, the report says why in app.error and fails.
   */
  app?: (session: SketchSession) => Promise<void>;
}

/** A running board as `app` sees it. */
export interface SketchSession {
  cloud: Cloud;
  build: SketchBuild;
  /** Console text so far. */
  console(): string;
  /** Resolves with the console text once it matches (rejects after timeoutMs of wall-clock time). */
  waitForConsole(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the board now. */
  stop(): void;
}

export interface SimReport {
  board: string;
  sketch: string;
  buildTool: string;
  flashBytes: number;
  staticRamBytes: number;
  peakStackBytes: number | null;
  /** AVR boards: the deepest stack outside interrupts, and what interrupts added (SketchRunResult). */
  peakThreadStackBytes?: number;
  peakInterruptStackBytes?: number;
  /** With the stackChain option (AVR boards): the calls on the stack at its peak (SketchRunResult.peakStackChain). */
  peakStackChain?: string[];
  /** staticRamBytes + peakStackBytes + heapBytes. */
  peakRamBytes: number | null;
  heapBytes: number | null;
  heapSymbols: string[];
  cycles: number | null;
  /** cycles / clock (AVR); null on QEMU boards. */
  simulatedSeconds: number | null;
  wallSeconds: number;
  stopReason: string;
  exitCode: number | null;
  budget: { flashBytes: number; peakRamBytes: number };
  serial: string;
  cloud: {
    requests: number;
    validationErrors: number;
    claimedDevices: string[];
    requestsPerOperation: Record<string, number>;
    validationErrorList: unknown[];
    connections: unknown;
  };
  modem: Record<string, unknown>;
  /** The phone app's side: QR codes read off the console, what it did, why an `app` did not finish. */
  app: { qrScanned: string[]; qrUnreadable: number; log: string[]; error?: string };
  /**
   * The EEPROM at the end (hex), the bytes written in this run and their
   * addresses in order (AVR); on cortex-m3 the bytes that differ from the start.
   */
  eeprom?: { hex: string; writes: number; addresses: number[] };
  /** Why the run failed (empty: it passed). */
  failures: string[];
  diagnostics?: string;
}

/** NAME="value" for -D: a C string literal (arduino-builder splits recipes on spaces and honours double quotes). */
export function stringDefine(name: string, value: string): string {
  return `${name}="${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Builds a sketch as runSketch() does: with the mock cloud's API key as SL_SIM_API_KEY, then `defines`. */
export function buildForRun(req: { board: string | BoardProfile; sketch: string; apiKey?: string; defines?: string[]; buildDir?: string }): SketchBuild {
  return buildSketch({
    board: typeof req.board === 'string' ? loadBoard(req.board) : req.board,
    sketch: req.sketch,
    defines: [stringDefine('SL_SIM_API_KEY', req.apiKey ?? DEFAULT_API_KEY), ...(req.defines ?? [])],
    buildDir: req.buildDir,
  });
}

/** EEPROM bytes of the minimal cores (cores/common/EEPROM.h, SL_SIM_EEPROM_BYTES). */
export const QEMU_EEPROM_BYTES = 1024;
export const QEMU_EEPROM_FILE = 'sl-sim-eeprom.bin';

/**
 * The cortex-m3 core's EEPROM as a file in a directory of its own (QEMU's
 * working directory): written from `eeprom` (or erased) before the run; the
 * machine's eeprom() reads it back (writes = bytes that differ from the start).
 */
function qemuEeprom(b: SketchBuild, opts: EepromOptions): { cwd: string; read: () => { data: Uint8Array; writes: number; addresses: number[] } } | undefined {
  if (b.board.cpu.arch !== 'arm') return undefined;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-sim-eeprom-'));
  const start = new Uint8Array(QEMU_EEPROM_BYTES).fill(0xff);
  if (opts.eeprom) start.set(opts.eeprom.subarray(0, QEMU_EEPROM_BYTES));
  const file = path.join(cwd, QEMU_EEPROM_FILE);
  fs.writeFileSync(file, start);
  return {
    cwd,
    read: () => {
      const data = new Uint8Array(start);
      if (fs.existsSync(file)) data.set(new Uint8Array(fs.readFileSync(file)).subarray(0, QEMU_EEPROM_BYTES));
      const addresses: number[] = [];
      data.forEach((v, i) => v !== start[i] && addresses.push(i));
      fs.rmSync(cwd, { recursive: true, force: true });
      return { data, writes: addresses.length, addresses };
    },
  };
}

export function startSketchMachine(
  b: SketchBuild,
  opts: { seconds: number; cycles?: number; analog?: Record<number, number>; stackChain?: boolean } & EepromOptions,
): SketchMachine {
  if (b.board.simulator.backend === 'avr8js') {
    return startAvrSketch(b, opts.cycles ?? Math.round(opts.seconds * b.board.cpu.clockHz), opts, opts.analog, opts.stackChain);
  }
  if (opts.analog && Object.keys(opts.analog).length) throw new Error(`board ${b.board.name}: analog inputs are simulated on AVR boards only`);
  if (b.board.simulator.backend === 'qemu') {
    const ee = qemuEeprom(b, opts);
    const m = startQemuSketch(b, opts.seconds * 1000, { cwd: ee?.cwd });
    if (ee) {
      let result: ReturnType<typeof ee.read> | undefined;
      // read (and remove the directory) once, after the run
      m.done = m.done.then((r) => ((result = ee.read()), r));
      m.eeprom = () => result ?? { data: new Uint8Array(0), writes: 0, addresses: [] };
    }
    return m;
  }
  throw new Error(`board ${b.board.name} has no simulator`);
}

/** The contract's failure rules: over budget, validation errors, crashes. */
export function judge(r: Omit<SimReport, 'failures'>): string[] {
  const f: string[] = [];
  if (r.budget.flashBytes && r.flashBytes > r.budget.flashBytes) {
    f.push(`flash ${r.flashBytes} bytes exceeds the ${r.board} budget of ${r.budget.flashBytes}`);
  }
  if (r.peakRamBytes === null) {
    if (r.heapBytes === null) f.push(`peak RAM unknown: a heap allocator is linked (${r.heapSymbols.join(', ')}) and ${r.board} cannot measure its use`);
    else f.push(`peak RAM unknown: the stack could not be measured (stop: ${r.stopReason})`);
  }
  else if (r.budget.peakRamBytes && r.peakRamBytes > r.budget.peakRamBytes) {
    f.push(`peak RAM ${r.peakRamBytes} bytes (static ${r.staticRamBytes} + stack ${r.peakStackBytes} + heap ${r.heapBytes}) exceeds the ${r.board} budget of ${r.budget.peakRamBytes}`);
  }
  if (r.cloud.validationErrors > 0) f.push(`the mock cloud saw ${r.cloud.validationErrors} validation error(s)`);
  if (['stack-overflow', 'crash', 'break'].includes(r.stopReason)) f.push(`the board stopped: ${r.stopReason}`);
  if (r.stopReason === 'exit' && r.exitCode !== 0) f.push(`the sketch exited with code ${r.exitCode}`);
  return f;
}

export async function runSketch(opts: SketchRunOptions): Promise<SimReport> {
  const board = loadBoard(opts.board);
  if (opts.analog && Object.keys(opts.analog).length && board.simulator.backend !== 'avr8js') {
    throw new Error(`board ${board.name}: analog inputs are simulated on AVR boards only`);
  }
  const apiKey = opts.apiKey ?? DEFAULT_API_KEY;
  const ownCloud = !opts.cloud;
  const cloud =
    opts.cloud ??
    (await startCloud({
      ...opts.cloudOptions,
      port: 0,
      apiKeys: [apiKey],
      deviceKeyLifetimeMs: opts.keyLifetimeDays !== undefined ? opts.keyLifetimeDays * 86400_000 : opts.cloudOptions?.deviceKeyLifetimeMs,
    }));
  try {
    const more = (await opts.prepareCloud?.(cloud)) || [];
    const build = opts.build ?? buildForRun({ board, sketch: opts.sketch, apiKey, defines: [...(opts.defines ?? []), ...more], buildDir: opts.buildDir });
    opts.onBuilt?.(build);
    const report = await runOnBoard(build, cloud, opts);
    if (process.env.SL_FIGURES_FILE) {
      const { board: b, flashBytes, staticRamBytes, peakRamBytes, heapBytes } = report;
      // (a test's variant of the sketch is one built with definitions of its own: the table prefers the sketch as shipped)
      const defines = build.defines.filter((d) => !d.startsWith('SL_SIM_API_KEY='));
      const line = { sketch: path.basename(report.sketch), board: b, flashBytes, staticRamBytes, peakRamBytes, heapBytes, defines };
      fs.appendFileSync(process.env.SL_FIGURES_FILE, JSON.stringify(line) + '\n');
    }
    return report;
  } finally {
    if (ownCloud) await cloud.close();
  }
}

/** The board part of runSketch(): modem, machine, app, report. */
async function runOnBoard(build: SketchBuild, cloud: Cloud, opts: SketchRunOptions): Promise<SimReport> {
  const board = build.board;
  const modem = new EspAtModem({ ...opts.modemOptions, hostMap: { [CLOUD_HOST]: { host: '127.0.0.1', port: cloud.port } }, log: opts.modemLog });
  const started = Date.now();
  const seconds = opts.seconds ?? DEFAULT_SECONDS;
  const appLog: string[] = [];
  const logApp = (line: string) => {
    appLog.push(line);
    opts.appLog?.(line);
  };
  const person = cloud.app.person();
  const stopAutopilot =
    opts.autoClaimMs !== undefined || opts.autoSubmit
      ? cloud.app.autopilot({ person, claimAfterMs: opts.autoClaimMs, formValues: opts.autoSubmit, log: logApp })
      : () => undefined;
  const scanner = new ConsoleQrScanner((qr) => {
    if (opts.scanQr === false) return;
    try {
      const device = cloud.app.claimDevice(qr, person);
      logApp(`${person.account.accountName} scanned the QR on the console and claimed device ${device.deviceId}`);
    } catch (e) {
      logApp(`QR ${JSON.stringify(qr)} scanned, claim failed: ${(e as Error).message}`);
    }
  });
  let machine: SketchMachine;
  try {
    machine = startSketchMachine(build, { seconds, cycles: opts.cycles, eeprom: opts.eeprom, cutAtEepromWrite: opts.cutAtEepromWrite, cutWhen: opts.cutWhen, analog: opts.analog, stackChain: opts.stackChain });
  } catch (e) {
    modem.close();
    stopAutopilot();
    throw e;
  }
  const consoleBytes: number[] = [];
  const utf8 = new TextDecoder('utf-8');
  let text = '';
  const watchers: { re: RegExp; resolve: (s: string) => void; timer?: NodeJS.Timeout }[] = [];
  machine.onConsole = (bytes) => {
    for (const b of bytes) consoleBytes.push(b);
    const piece = utf8.decode(bytes, { stream: true });
    text += piece;
    opts.onConsole?.(bytes);
    scanner.feed(piece);
    for (const w of watchers.slice()) {
      if (w.re.test(text)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(text);
      }
    }
    if (opts.until && opts.until.test(text)) machine.stop();
  };
  machine.onNetwork = (bytes) => modem.input(bytes);
  modem.onOutput = (bytes) => machine.toNetwork(bytes);

  let boardDone = false;
  let appDone = false;
  let appError: string | undefined;
  if (opts.app) {
    const app = opts.app;
    const session: SketchSession = {
      cloud,
      build,
      console: () => text,
      waitForConsole: (re, timeoutMs = 120000) =>
        new Promise((resolve, reject) => {
          if (re.test(text)) return resolve(text);
          if (boardDone) return reject(new Error(`the board has stopped; the console never matched ${re}`));
          const w: (typeof watchers)[number] = { re, resolve: (s: string) => (clearTimeout(w.timer), resolve(s)) };
          w.timer = setTimeout(() => {
            watchers.splice(watchers.indexOf(w), 1);
            reject(new Error(`the console never matched ${re} within ${timeoutMs} ms; it shows:\n${text.slice(-600)}`));
          }, timeoutMs);
          watchers.push(w);
        }),
      stop: () => machine.stop(),
    };
    void Promise.resolve()
      .then(() => app(session))
      .then(
        () => {
          appDone = true;
        },
        (e) => {
          if (!boardDone) appError = (e as Error).message;
        },
      )
      .finally(() => machine.stop());
  }

  let r;
  try {
    r = await machine.done;
  } finally {
    boardDone = true;
    modem.close();
    stopAutopilot();
    // the board is gone: nothing more will match (no timers left to keep the process alive)
    for (const w of watchers.splice(0)) clearTimeout(w.timer);
  }
  scanner.end();
  // let the cloud finish answering what the board sent last
  await new Promise((res) => setTimeout(res, opts.app ? 100 : 50));
  if (opts.app && !appDone && !appError) appError = `the board stopped (${r.stopReason}) before the app side finished`;
  const stats = cloud.stats.toJSON() as {
    requests: { count: number; perOperation: Record<string, number> };
    validationErrors: { count: number; list: unknown[] };
    claimedDevices: string[];
    connections: unknown;
  };
  const ee = machine.eeprom?.();
  const fp = build.footprint;
  const peakRam =
    r.peakStackBytes === null || r.heapBytes === null ? null : fp.staticRamBytes + r.peakStackBytes + r.heapBytes;
  const untilMatched = !!opts.until && opts.until.test(text);
  const base: Omit<SimReport, 'failures'> = {
    board: board.name,
    sketch: build.sketchName,
    buildTool: build.tool,
    flashBytes: fp.flashBytes,
    staticRamBytes: fp.staticRamBytes,
    peakStackBytes: r.peakStackBytes,
    ...(r.peakThreadStackBytes !== undefined ? { peakThreadStackBytes: r.peakThreadStackBytes, peakInterruptStackBytes: r.peakInterruptStackBytes } : {}),
    peakRamBytes: peakRam,
    heapBytes: r.heapBytes,
    heapSymbols: fp.heapSymbols,
    cycles: r.cycles,
    simulatedSeconds: r.cycles === null ? null : r.cycles / board.cpu.clockHz,
    wallSeconds: (Date.now() - started) / 1000,
    stopReason: r.stopReason === 'stopped' && (untilMatched || appDone) ? 'until' : r.stopReason,
    exitCode: r.exitCode,
    budget: { ...board.budget },
    serial: Buffer.from(consoleBytes).toString('utf8'),
    cloud: {
      requests: stats.requests.count,
      validationErrors: stats.validationErrors.count,
      claimedDevices: stats.claimedDevices,
      requestsPerOperation: stats.requests.perOperation,
      validationErrorList: stats.validationErrors.list,
      connections: stats.connections,
    },
    modem: { ...modem.stats },
    app: { qrScanned: scanner.found, qrUnreadable: scanner.unreadable, log: appLog, ...(appError !== undefined ? { error: appError } : {}) },
    eeprom: ee ? { hex: Buffer.from(ee.data).toString('hex'), writes: ee.writes, addresses: ee.addresses } : undefined,
    ...(r.peakStackChain ? { peakStackChain: r.peakStackChain } : {}),
    diagnostics: r.diagnostics || undefined,
  };
  const failures = judge(base);
  if (opts.until && !untilMatched) failures.push(`the console never matched --until ${opts.until}`);
  if (appError !== undefined) failures.push(`the app side did not finish: ${appError}`);
  return { ...base, failures };
}
