// Runs a firmware/examples sketch on a simulated board against a fresh mock
// cloud while a test plays the app side, and returns the sim report (the
// same fields and failure rules as `npm run sim`) plus the cloud, so the
// test can assert on what the cloud recorded.
//
//   const r = await runExample({
//     board: 'mega', example: 'P2PEcho', tag: 'p2pecho-test',
//     setup: (w) => ({ ... }),            // before the board starts: chats, ids
//     defines: (w) => [...],              // -D for the sketch (ids it must know)
//     app: async (w) => { ... },          // alice's side; the board stops when it returns
//   });
//   r.report.cloud.validationErrors, r.cloud.state.messages, r.appError
//
// The device's account is the one seeded with the API key (w.device), alice
// is the app person (w.alice). Analog inputs (AVR): `analog: { 0: 3.3 }`.
import * as path from 'path';
import { startCloud } from '../../simulator/cloud';
import type { Cloud, Person } from '../../simulator/cloud';
import type { Account } from '../../simulator/cloud/state';
import { EspAtModem } from '../../simulator/modem/EspAtModem';
import { buildSketch, SketchBuild } from '../../simulator/sketch/build';
import { CLOUD_HOST, judge, SimReport, startSketchMachine } from '../../simulator/sketch/run';

export const ROOT = path.resolve(__dirname, '../..');
export const EXAMPLES = path.join(ROOT, 'firmware', 'examples');
export const API_KEY = 'dev-key';

export interface ExampleWorld {
  cloud: Cloud;
  device: Account;
  alice: Person;
  /** Console text so far. */
  console(): string;
  /** Resolves once the console matches (rejects after timeoutMs wall-clock). */
  waitForConsole(re: RegExp, timeoutMs?: number): Promise<string>;
}

export interface ExampleRunOptions {
  board: string;
  example: string;
  /** Own build folder name: build/<board>/sketch-<example>-<tag> (parallel suites never share one). */
  tag: string;
  /** Extra -D definitions, computed once the cloud is up (ids of chats made in `setup`). */
  defines?: (w: ExampleWorld) => string[];
  /** Before the board starts. */
  setup?: (w: ExampleWorld) => void;
  /** The app side; the board is stopped when it settles. */
  app: (w: ExampleWorld) => Promise<void>;
  /** Analog input volts by channel (AVR boards). */
  analog?: Record<number, number>;
  /** Simulated seconds (AVR) / wall-clock seconds (QEMU) the board may run. Default 120. */
  seconds?: number;
}

export interface ExampleRunResult {
  report: SimReport;
  cloud: Cloud;
  device: Account;
  alice: Person;
  build: SketchBuild;
  /** Why the app side did not finish (undefined: it did). */
  appError?: string;
}

export function stringDefine(name: string, value: string): string {
  return `${name}="${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export async function runExample(opts: ExampleRunOptions): Promise<ExampleRunResult> {
  const cloud = await startCloud({ port: 0, apiKeys: [API_KEY] });
  const device = cloud.seeded[0].account;
  const alice = cloud.app.person('alice');
  let text = '';
  const watchers: { re: RegExp; resolve: (s: string) => void; timer?: NodeJS.Timeout }[] = [];
  const world: ExampleWorld = {
    cloud,
    device,
    alice,
    console: () => text,
    waitForConsole: (re, timeoutMs = 120000) =>
      new Promise((resolve, reject) => {
        if (re.test(text)) return resolve(text);
        const w: (typeof watchers)[number] = { re, resolve: (s: string) => (clearTimeout(w.timer), resolve(s)) };
        w.timer = setTimeout(() => {
          watchers.splice(watchers.indexOf(w), 1);
          reject(new Error(`the console never matched ${re} within ${timeoutMs} ms; it shows:\n${text.slice(-600)}`));
        }, timeoutMs);
        watchers.push(w);
      }),
  };
  opts.setup?.(world);
  let build: SketchBuild;
  try {
    build = buildSketch({
      board: opts.board,
      sketch: path.join(EXAMPLES, opts.example),
      defines: [stringDefine('SL_SIM_API_KEY', API_KEY), ...(opts.defines?.(world) ?? [])],
      buildDir: path.join(ROOT, 'build', opts.board, `sketch-${opts.example}-${opts.tag}`),
    });
  } catch (e) {
    await cloud.close();
    throw e;
  }
  const modem = new EspAtModem({ hostMap: { [CLOUD_HOST]: { host: '127.0.0.1', port: cloud.port } } });
  const started = Date.now();
  // the AVR backend reads its analog inputs from SL_SIM_ANALOG when the machine is made
  const analog = opts.analog ? Object.entries(opts.analog).map(([ch, v]) => `A${ch}=${v}`).join(',') : undefined;
  const saved = process.env.SL_SIM_ANALOG;
  if (analog !== undefined) process.env.SL_SIM_ANALOG = analog;
  let machine;
  try {
    machine = startSketchMachine(build, { seconds: opts.seconds ?? 120 });
  } finally {
    if (saved === undefined) delete process.env.SL_SIM_ANALOG;
    else process.env.SL_SIM_ANALOG = saved;
  }
  const consoleBytes: number[] = [];
  const utf8 = new TextDecoder('utf-8');
  machine.onConsole = (bytes) => {
    for (const b of bytes) consoleBytes.push(b);
    text += utf8.decode(bytes, { stream: true });
    for (const w of watchers.slice()) {
      if (w.re.test(text)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(text);
      }
    }
  };
  machine.onNetwork = (bytes) => modem.input(bytes);
  modem.onOutput = (bytes) => machine.toNetwork(bytes);

  let appError: string | undefined;
  let appDone = false;
  let boardDone = false;
  void opts
    .app(world)
    .then(() => {
      appDone = true;
    })
    .catch((e) => {
      if (!boardDone) appError = (e as Error).message;
    })
    .finally(() => machine.stop());

  let r;
  try {
    r = await machine.done;
  } finally {
    boardDone = true;
    modem.close();
    // the board is gone: nothing more will match (no timers left to keep jest alive)
    for (const w of watchers.splice(0)) clearTimeout(w.timer);
  }
  // let the cloud finish answering what the board sent last
  await new Promise((res) => setTimeout(res, 100));
  if (!appDone && !appError) appError = `the board stopped (${r.stopReason}) before the app side finished`;
  const stats = cloud.stats.toJSON() as {
    requests: { count: number; perOperation: Record<string, number> };
    validationErrors: { count: number; list: unknown[] };
    claimedDevices: string[];
    connections: unknown;
  };
  await cloud.close();
  const fp = build.footprint;
  const peakRam = r.peakStackBytes === null || r.heapBytes === null ? null : fp.staticRamBytes + r.peakStackBytes + r.heapBytes;
  const base: Omit<SimReport, 'failures'> = {
    board: build.board.name,
    sketch: build.sketchName,
    buildTool: build.tool,
    flashBytes: fp.flashBytes,
    staticRamBytes: fp.staticRamBytes,
    peakStackBytes: r.peakStackBytes,
    peakRamBytes: peakRam,
    heapBytes: r.heapBytes,
    heapSymbols: fp.heapSymbols,
    cycles: r.cycles,
    simulatedSeconds: r.cycles === null ? null : r.cycles / build.board.cpu.clockHz,
    wallSeconds: (Date.now() - started) / 1000,
    stopReason: appDone && r.stopReason === 'stopped' ? 'until' : r.stopReason,
    exitCode: r.exitCode,
    budget: { ...build.board.budget },
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
    app: { qrScanned: [], qrUnreadable: 0, log: [] },
    diagnostics: r.diagnostics || undefined,
  };
  const failures = judge(base);
  if (appError) failures.push(`the app side did not finish: ${appError}`);
  return { report: { ...base, failures }, cloud, device, alice, build, appError };
}

/** One line of figures for the test log. */
export function figures(r: SimReport): string {
  return `${r.sketch} on ${r.board}: flash ${r.flashBytes} B, peak RAM ${r.peakRamBytes} B (static ${r.staticRamBytes} + stack ${r.peakStackBytes} + heap ${r.heapBytes}), cycles ${r.cycles ?? 'n/a'}, ${r.cloud.requests} requests, ${r.cloud.validationErrors} validation errors`;
}
