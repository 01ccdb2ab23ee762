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
// A run is runSketch() (simulator/sketch/run.ts): `setup` and `defines` are
// its prepareCloud, `app` its app side.
import * as path from 'path';
import type { Cloud, Person } from '../../simulator/cloud';
import type { Account } from '../../simulator/cloud/state';
import type { SketchBuild } from '../../simulator/sketch/build';
import { runSketch, SimReport, SketchSession } from '../../simulator/sketch/run';

export { stringDefine } from '../../simulator/sketch/run';

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

/** runSketch() with the world made in prepareCloud (the board's console joins it once the board runs). */
export async function runExample(opts: ExampleRunOptions): Promise<ExampleRunResult> {
  let world: ExampleWorld | undefined;
  let session: SketchSession | undefined;
  let build: SketchBuild | undefined;
  const report = await runSketch({
    board: opts.board,
    sketch: path.join(EXAMPLES, opts.example),
    apiKey: API_KEY,
    buildDir: path.join(ROOT, 'build', opts.board, `sketch-${opts.example}-${opts.tag}`),
    seconds: opts.seconds ?? 120,
    analog: opts.analog,
    prepareCloud: (cloud) => {
      world = {
        cloud,
        device: cloud.seeded[0].account,
        alice: cloud.app.person('alice'),
        console: () => session?.console() ?? '',
        waitForConsole: (re, timeoutMs) =>
          session ? session.waitForConsole(re, timeoutMs) : Promise.reject(new Error('the board has not started yet')),
      };
      opts.setup?.(world);
      return opts.defines?.(world);
    },
    onBuilt: (b) => (build = b),
    app: (s) => {
      session = s;
      return opts.app(world!);
    },
  });
  const w = world!;
  return { report, cloud: w.cloud, device: w.device, alice: w.alice, build: build!, appError: report.app.error };
}

/** One line of figures for the test log. */
export function figures(r: SimReport): string {
  return `${r.sketch} on ${r.board}: flash ${r.flashBytes} B, peak RAM ${r.peakRamBytes} B (static ${r.staticRamBytes} + stack ${r.peakStackBytes} + heap ${r.heapBytes}), cycles ${r.cycles ?? 'n/a'}, ${r.cloud.requests} requests, ${r.cloud.validationErrors} validation errors`;
}
