// The LampControl demo: firmware/examples/LampControl on a simulated board
// against the mock semilimes cloud, with the app played by a person (alice).
//
//   npx tsx scripts/demo.ts [--board mega] [--lamp on|off] [--dim 75] [--quiet] [--no-claim] [--no-wait]
//   const r = await runLampDemo({ board: 'mega' });   // from tests
//
// What happens:
//   1. the sketch is built with arduino-builder (uno, mega) or the
//      simulator's minimal core (cortex-m3, lx106);
//   2. a fresh mock cloud starts with a seeded API key (the device's
//      account) and alice, who owns the channel "Living room" and has made
//      the device an editor (the channel gets the id the sketch is built
//      with, LAMP_CHANNEL_ID);
//   3. the board runs with the ESP-AT modem emulator on its network UART;
//   4. alice waits for the gauge and the form in the channel, flips the
//      switch and moves the slider (submits lamp/dim), and waits for the
//      device's report (a text "Lamp on, dimmer 75 %" and a new gauge);
//   5. the board is stopped and its figures are read (flash, static RAM,
//      peak stack, heap, cycles), judged like `npm run sim` does.
//
// Provisioning by QR is its own step of the CLI, run twice with the sim runner
// against one cloud, the board's EEPROM kept: first boot with the claim QR
// read off the console, then a reboot from the key in EEPROM. On the Uno it
// is firmware/examples/ProvisioningUno (REST only, it fits the ATmega328P),
// on the other boards firmware/examples/Provisioning (WebSocket client too).
// LampControl itself still starts with a seeded API key.
import * as path from 'path';
import { loadBoard } from '../simulator/boards';
import { startCloud } from '../simulator/cloud';
import { summarize } from '../simulator/cloud/app';
import type { MessageEvent } from '../simulator/cloud/router';
import type { SketchBuild } from '../simulator/sketch/build';
import { EXAMPLE_CHANNEL_ID, seedExampleWorld } from '../simulator/sketch/exampleWorld';
import { buildForRun, runSketch, SimReport } from '../simulator/sketch/run';

export const ROOT = path.resolve(__dirname, '..');
export const LAMP_SKETCH = path.join(ROOT, 'firmware', 'examples', 'LampControl');
export const PROVISIONING_SKETCH = path.join(ROOT, 'firmware', 'examples', 'Provisioning');
export const PROVISIONING_UNO_SKETCH = path.join(ROOT, 'firmware', 'examples', 'ProvisioningUno');
/** The channel id LampControl.ino is built with by default (LAMP_CHANNEL_ID). */
export const LAMP_CHANNEL_ID = EXAMPLE_CHANNEL_ID;
export const DEMO_API_KEY = 'dev-key';

export interface LampDemoOptions {
  board?: string;
  /** What alice submits. */
  lamp?: boolean;
  dim?: number;
  /** Simulated seconds (AVR) or wall-clock seconds (QEMU) the board may run. */
  seconds?: number;
  /** How long alice waits for each thing she expects (wall-clock ms). */
  waitMs?: number;
  /** Progress lines ("building...", "alice submits ..."). */
  log?: (line: string) => void;
  /** Console bytes as the board prints them. */
  onConsole?: (text: string) => void;
  onBuilt?: (b: SketchBuild) => void;
  /** Build folder (default build/<board>/sketch-LampControl-<hash>); tests use their own so parallel runs never share one. */
  buildDir?: string;
}

export interface ConversationLine {
  /** Milliseconds since the board started (wall clock). */
  atMs: number;
  from: string;
  to: string;
  what: string;
  dataComponent: Record<string, any>;
}

export interface LampDemoResult {
  report: SimReport;
  conversation: ConversationLine[];
  /** What alice saw: the gauge, the form, the device's answer (undefined where missing). */
  seen: { gauge?: Record<string, any>; form?: Record<string, any>; stateText?: string; updatedGauge?: Record<string, any> };
  /** alice completed the whole exchange. */
  completed: boolean;
  appError?: string;
}

export async function runLampDemo(opts: LampDemoOptions = {}): Promise<LampDemoResult> {
  const board = loadBoard(opts.board ?? 'mega');
  const log = opts.log ?? (() => undefined);
  const lamp = opts.lamp ?? true;
  const dim = opts.dim ?? 75;
  const waitMs = opts.waitMs ?? 180000;

  log(`building ${path.relative(ROOT, LAMP_SKETCH)} for ${board.name} (${board.description})...`);
  const build = buildForRun({ board, sketch: LAMP_SKETCH, apiKey: DEMO_API_KEY, buildDir: opts.buildDir });
  log(`built with ${build.tool}: ${build.footprint.flashBytes} bytes flash, ${build.footprint.staticRamBytes} bytes static RAM`);
  opts.onBuilt?.(build);

  let started = Date.now();
  const conversation: ConversationLine[] = [];
  const seen: LampDemoResult['seen'] = {};
  const utf8 = new TextDecoder('utf-8');
  const report = await runSketch({
    board: board.name,
    sketch: LAMP_SKETCH,
    build,
    apiKey: DEMO_API_KEY,
    seconds: opts.seconds ?? 120,
    onConsole: opts.onConsole && ((bytes) => opts.onConsole!(utf8.decode(bytes, { stream: true }))),
    prepareCloud: (cloud) => {
      const device = cloud.seeded[0].account;
      // alice's channel, with the device as an editor, under the id the sketch knows
      const { alice, channel: ch } = seedExampleWorld(cloud);
      log(`mock cloud on 127.0.0.1:${cloud.port}; alice owns channel "${ch.title}" (${ch.channelId}), the device (API key ${DEMO_API_KEY}) is an editor`);
      const names = new Map<string, string>([
        [device.accountId, 'device'],
        [alice.accountId, 'alice'],
      ]);
      // the cloud is closed after the run: no more messages then
      cloud.core.bus.on('message', (ev: MessageEvent) => {
        const m = ev.message;
        const c = m.container as { featureType: string; channelId?: string; groupChatId?: string };
        const to =
          c.featureType === 'channel'
            ? `channel "${cloud.state.channels.get(c.channelId!)?.title ?? c.channelId}"`
            : c.featureType === 'p2p'
              ? ev.recipients.map((r) => names.get(r) ?? r).join(', ')
              : `group ${c.groupChatId}`;
        conversation.push({ atMs: Date.now() - started, from: names.get(m.publisherId) ?? m.publisherId, to, what: summarize(m.dataComponent), dataComponent: m.dataComponent });
      });
    },
    // alice, the app
    app: async ({ cloud }) => {
      started = Date.now();
      log(`board ${board.name} running; alice waits for the lamp's gauge and form`);
      const device = cloud.seeded[0].account;
      const alice = cloud.app.person('alice');
      const fromDevice = (type: string) => (m: { senderId: string; dataComponent: Record<string, any> }) =>
        m.senderId === device.accountId && m.dataComponent.dataComponentType === type;
      const gauge = await alice.waitForMessage(fromDevice('gauge'), waitMs);
      seen.gauge = gauge.dataComponent;
      log(`alice sees the gauge: ${summarize(gauge.dataComponent)}`);
      const form = await alice.waitForMessage(fromDevice('form'), waitMs);
      seen.form = form.dataComponent;
      log(`alice sees the form: ${summarize(form.dataComponent)}`);
      log(`alice flips the switch to ${lamp ? 'on' : 'off'}, moves the slider to ${dim} and taps Apply`);
      const submittedAt = alice.inbox.length;
      alice.submitForm(form.messageId, { lamp, dim });
      const after = (type: string) => (m: Parameters<ReturnType<typeof fromDevice>>[0]) =>
        alice.inbox.indexOf(m as any) >= submittedAt && fromDevice(type)(m);
      const text = await alice.waitForMessage(after('text'), waitMs);
      seen.stateText = text.dataComponent.text;
      log(`alice sees the device's answer: ${summarize(text.dataComponent)}`);
      const g2 = await alice.waitForMessage(after('gauge'), waitMs);
      seen.updatedGauge = g2.dataComponent;
      log(`alice sees the updated gauge: ${summarize(g2.dataComponent)}`);
    },
  });
  const completed = seen.updatedGauge !== undefined;
  return { report, conversation, seen, completed, appError: report.app.error };
}

/** The figures as the demo prints them. */
export function figureLines(rep: SimReport): string[] {
  const pct = (v: number, of: number) => (of ? ` (${Math.round((100 * v) / of)} % of the ${rep.board} budget of ${of})` : '');
  return [
    `flash:     ${rep.flashBytes} bytes${pct(rep.flashBytes, rep.budget.flashBytes)}`,
    `peak RAM:  ${rep.peakRamBytes ?? 'unknown'} bytes = static ${rep.staticRamBytes} + stack ${rep.peakStackBytes ?? '?'} + heap ${rep.heapBytes ?? '?'}${rep.peakRamBytes === null ? '' : pct(rep.peakRamBytes, rep.budget.peakRamBytes)}`,
    `heap:      ${rep.heapBytes ?? 'unknown'} bytes${rep.heapSymbols.length ? ` (allocator linked: ${rep.heapSymbols.join(', ')})` : ' (no allocator linked)'}`,
    `cycles:    ${rep.cycles ?? 'not counted on this board'}${rep.simulatedSeconds !== null ? ` (${rep.simulatedSeconds.toFixed(2)} simulated seconds)` : ''}`,
    `cloud:     ${rep.cloud.requests} requests, ${rep.cloud.validationErrors} validation errors`,
  ];
}

// ---------------------------------------------------------------------------
// The CLI: `npm run demo` (scripts/demo.sh runs scripts/setup.sh, then this).

/** Does the sketch fit this board's chip at all? Returns why not, or null when it builds. */
function buildError(board: string): string | null {
  try {
    buildForRun({ board, sketch: LAMP_SKETCH, apiKey: DEMO_API_KEY });
    return null;
  } catch (e) {
    const msg = (e as Error).message;
    const over = msg.match(/region `text' overflowed by (\d+) bytes/);
    if (over) return `its flash overflows the chip by ${over[1]} bytes`;
    // Linked, but over what the bootloader leaves (arduino-builder's size check).
    const size = msg.match(/Sketch uses (\d+) bytes[\s\S]*?Maximum is (\d+) bytes/);
    if (size) return `its flash overflows the chip by ${Number(size[1]) - Number(size[2])} bytes (${size[1]} of the ${size[2]} bytes the bootloader leaves)`;
    return msg.split('\n').slice(0, 3).join(' ');
  }
}

/** Prints dots while a synchronous step (arduino-builder) blocks the event loop. */
function ticker(): () => void {
  if (!process.stdout.isTTY) return () => undefined;
  // a child process, so it keeps ticking while this one waits for the compiler
  const { spawn } = require('child_process') as typeof import('child_process');
  // (it also ends by itself once this process is gone)
  const child = spawn('sh', ['-c', 'while sleep 2 && kill -0 $PPID 2>/dev/null; do printf .; done'], { stdio: ['ignore', 'inherit', 'ignore'] });
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    child.kill();
    process.stdout.write('\n');
  };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** What step 2 runs on a board: the sketch, how a boot ends, the device and its greeting. */
interface ProvisioningPlan {
  name: string;
  sketch: string;
  defines: string[];
  /** The console line that ends a boot (the greeting has gone out). */
  until: RegExp;
  deviceId: string;
  greeting: string;
  /** The console shows that the device registered (or drew a QR) in this boot. */
  provisioned: RegExp;
}

function provisioningPlan(board: string): ProvisioningPlan {
  if (board === 'uno')
    return {
      name: 'ProvisioningUno',
      sketch: PROVISIONING_UNO_SKETCH,
      defines: [],
      until: /message sent: 2\d\d\r?\n/,
      deviceId: 'uno-0001',
      greeting: 'uno online',
      provisioned: /state [23] /, // Register, ShowQr
    };
  return {
    name: 'Provisioning',
    sketch: PROVISIONING_SKETCH,
    // a reading every 2 s (instead of a minute): the run stops at the first,
    // once the greeting before it has gone out
    defines: ['READING_INTERVAL_MS=2000UL'],
    until: /sending: reading 1 /,
    deviceId: 'lamp-0001',
    greeting: 'lamp-0001 online',
    provisioned: /registering/,
  };
}

/** ProvisioningUno prints "state <n> <error>": the state's name beside it. */
const STATE_NAMES = ['Idle', 'Start', 'Register', 'ShowQr', 'Poll', 'Validate', 'Create', 'DeleteOld', 'Online', 'Reset'];
function explainConsole(line: string): string {
  const m = line.match(/^state (\d+) (\d+)$/);
  if (!m || !STATE_NAMES[Number(m[1])]) return line;
  return `${line} (${STATE_NAMES[Number(m[1])]}${m[2] === '0' ? '' : `, error ${m[2]}`})`;
}

/**
 * Step 2: the board's provisioning example, first boot (claim QR on the
 * console, alice scans and claims it, the key goes to EEPROM, the device
 * greets her), then a reboot that comes online from EEPROM without a QR.
 * True when both boots did what they should (a board over the SDK budget is
 * only noted).
 */
async function provisioningStep(board: string, quietConsole: boolean, say: (l?: string) => void, elapsed: () => string): Promise<boolean> {
  const plan = provisioningPlan(board);
  say(`2. Provisioning by QR (firmware/examples/${plan.name} on the ${board}): the device registers and draws its claim QR;`);
  say('   alice scans it off the console with the app and claims the device; the device gets its own API key,');
  say('   keeps it in EEPROM, goes online and greets alice. Then the board reboots: online from EEPROM, no QR.');
  if (board === 'uno') say('   (On the Uno over REST only: the WebSocket client of firmware/examples/Provisioning does not fit beside the QR code.)');
  const cloud = await startCloud({ port: 0, apiKeys: [DEMO_API_KEY] });
  const { alice } = seedExampleWorld(cloud);
  try {
    let eeprom: Uint8Array | undefined;
    const boots: SimReport[] = [];
    for (const which of ['first boot', 'reboot']) {
      say(`   -- ${which}${eeprom ? ' (EEPROM kept)' : ' (EEPROM erased)'}`);
      let stop: () => void = () => undefined;
      if (!eeprom) {
        process.stdout.write(`   building ${plan.name} for the ${board}`);
        stop = ticker();
      }
      let pending = '';
      const r = await runSketch({
        board,
        sketch: plan.sketch,
        cloud,
        eeprom,
        defines: plan.defines,
        until: plan.until,
        // simulated seconds; the boot ends at `until` (a loaded host makes the
        // modem answer later in simulated time, and retries back off)
        seconds: 180,
        onBuilt: (b) => {
          if (eeprom) return;
          stop();
          if (!process.stdout.isTTY) say('');
          say(`   [${elapsed()}] built with ${b.tool}: ${b.footprint.flashBytes} bytes flash, ${b.footprint.staticRamBytes} bytes static RAM`);
        },
        onConsole: quietConsole
          ? undefined
          : (bytes) => {
              pending += Buffer.from(bytes).toString('latin1');
              const lines = pending.split(/\r?\n/);
              pending = lines.pop() ?? '';
              for (const raw of lines) {
                const l = Buffer.from(raw, 'latin1').toString('utf8');
                say(/[\u2580-\u2588]/.test(l) || !l.trim() ? `   ${l}` : `   [${elapsed()}] board console: ${explainConsole(l)}`);
              }
            },
        appLog: (line) => say(`   [${elapsed()}] app: ${line}`),
      }).finally(stop); // the ticker ends even when the build fails
      boots.push(r);
      eeprom = r.eeprom ? new Uint8Array(Buffer.from(r.eeprom.hex, 'hex')) : undefined;
      const bad = r.failures.filter((f) => !/ exceeds the \S+ budget /.test(f));
      if (r.stopReason !== 'until') bad.push(`${which}: the device did not greet alice (stopped: ${r.stopReason})`);
      for (const f of bad) say(`FAILED: ${f}`);
      if (bad.length) return false;
    }
    const device = cloud.state.devices.get(plan.deviceId);
    const greetings = device ? alice.inbox.filter((m) => m.senderId === device.accountId && m.dataComponent.text === plan.greeting) : [];
    const [first, second] = boots;
    const ok =
      first.app.qrScanned.length === 1 &&
      first.cloud.claimedDevices.includes(plan.deviceId) &&
      second.app.qrScanned.length === 0 &&
      !plan.provisioned.test(second.serial);
    say(
      ok
        ? `   claimed by QR (${first.app.qrScanned[0]} -> device ${first.cloud.claimedDevices.join(', ')}); its own API key is in EEPROM; after the reboot it came online from EEPROM without a QR`
        : '   provisioning did not finish',
    );
    say(`   alice received ${greetings.length} greeting(s) from the device ("${plan.greeting}")`);
    const peak = Math.max(...boots.map((b) => b.peakRamBytes ?? 0));
    const errors = boots.reduce((n, b) => n + b.cloud.validationErrors, 0);
    say(`   ${plan.name} on the ${board}: flash ${first.flashBytes}, peak RAM ${peak}, heap ${first.heapBytes}, ${errors} validation errors`);
    for (const f of first.failures.filter((x) => / exceeds the \S+ budget /.test(x))) say(`   NOTE: ${f} (the SDK's own target for this board; the chip itself has room).`);
    if (!ok) say('FAILED: Provisioning did not come online with a claimed key, or provisioned again after the reboot');
    say('   (LampControl below still starts with a seeded API key.)');
    say('');
    return ok && greetings.length >= 1;
  } finally {
    await cloud.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const t0 = Date.now();
  const say = (line = '') => process.stdout.write(`${line}\n`);
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const quietConsole = argv.includes('--quiet');
  const lamp = (arg(argv, '--lamp') ?? 'on') !== 'off';
  const dim = Number(arg(argv, '--dim') ?? 75);
  if (!Number.isInteger(dim) || dim < 0 || dim > 100) {
    process.stderr.write('demo: --dim takes an integer 0-100\n');
    return 2;
  }

  say('semilimes SDK demo: firmware/examples on a simulated Arduino, the mock semilimes cloud, and alice in the app');
  say('');
  say('1. Which board? LampControl is tried on the Arduino Uno first.');
  let board = arg(argv, '--board');
  if (board) loadBoard(board); // an unknown board fails here, before anything runs
  else {
    process.stdout.write('   building for the uno (arduino-builder)');
    const stop = ticker();
    const why = buildError('uno');
    stop();
    if (!process.stdout.isTTY) say('');
    if (why === null) {
      board = 'uno';
      say('   the Uno build fits its flash: LampControl runs on the Uno.');
    } else {
      board = 'mega';
      say(`   The Uno does not fit LampControl: ${why} (32 KB on an ATmega328P).`);
      say('   Using the Arduino Mega 2560 for now. (firmware/examples/ChannelGauge is the example that builds for the Uno.)');
    }
  }
  say('');
  if (!argv.includes('--no-claim')) {
    const ok = await provisioningStep(board, quietConsole, say, elapsed);
    if (!ok) return 1;
  }
  say(`3. LampControl: build for the ${board}, start the mock cloud, run the board.`);
  let stopTicker: () => void = () => undefined;
  let pending = '';
  const r = await runLampDemo({
    board,
    lamp,
    dim,
    seconds: 120,
    log: (line) => {
      if (line.startsWith('building')) {
        process.stdout.write(`   ${line}`);
        stopTicker = ticker();
        if (!process.stdout.isTTY) say('');
        return;
      }
      if (line.startsWith('built')) stopTicker();
      say(`   [${elapsed()}] ${line}`);
    },
    onConsole: quietConsole
      ? undefined
      : (text) => {
          pending += text;
          const lines = pending.split(/\r?\n/);
          pending = lines.pop() ?? '';
          for (const l of lines) if (l.trim()) say(`   [${elapsed()}] board console: ${l}`);
        },
  }).finally(() => stopTicker());
  if (pending.trim() && !quietConsole) say(`   board console: ${pending}`);
  say('');
  say('4. The conversation (who said what, in the order the cloud saw it; wall-clock seconds since the board started):');
  for (const c of r.conversation) say(`   ${(c.atMs / 1000).toFixed(1).padStart(5)} s  ${c.from} -> ${c.to}: ${c.what}`);
  say('');
  say(`5. LampControl's figures (${r.report.board}, built with ${r.report.buildTool}):`);
  for (const l of figureLines(r.report)) say(`   ${l}`);
  say('');
  const overBudget = r.report.failures.filter((f) => / exceeds the \S+ budget /.test(f));
  const otherFailures = r.report.failures.filter((f) => !overBudget.includes(f));
  for (const f of overBudget) say(`   NOTE: ${f} (the SDK's own target for this board; the chip itself has room).`);
  say('');
  if (otherFailures.length) {
    for (const f of otherFailures) say(`FAILED: ${f}`);
    return 1;
  }
  say(`demo finished in ${elapsed()}: the app saw the gauge and the form, alice set lamp=${lamp ? 'on' : 'off'} dim=${dim}, the board answered "${r.seen.stateText}".`);
  if (process.stdin.isTTY && !argv.includes('--no-wait')) {
    process.stdout.write('Press Enter to finish. ');
    await new Promise<void>((res) => {
      process.stdin.once('data', () => res());
      process.stdin.resume();
    });
    process.stdin.pause();
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      // a build error or an unknown board: its message says it all (DEBUG=1 for the stack)
      process.stderr.write(`demo: ${process.env.DEBUG ? (e as Error).stack : (e as Error).message ?? e}\n`);
      process.exit(1);
    },
  );
}
