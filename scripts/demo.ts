// The LampControl demo: firmware/examples/LampControl on a simulated board
// against the mock semilimes cloud, with the app played by a person (alice).
//
//   npx tsx scripts/demo.ts [--board mega] [--lamp on|off] [--dim 75] [--seconds 120] [--quiet]
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
// Provisioning by QR is not part of this demo yet: the device starts with
// a seeded API key (see test/simulator/sketches/claim_qr for the QR flow).
import * as path from 'path';
import { loadBoard } from '../simulator/boards';
import { startCloud } from '../simulator/cloud';
import { summarize } from '../simulator/cloud/app';
import type { MessageEvent } from '../simulator/cloud/router';
import { EspAtModem } from '../simulator/modem/EspAtModem';
import { buildSketch, SketchBuild } from '../simulator/sketch/build';
import { CLOUD_HOST, judge, SimReport, startSketchMachine } from '../simulator/sketch/run';

export const ROOT = path.resolve(__dirname, '..');
export const LAMP_SKETCH = path.join(ROOT, 'firmware', 'examples', 'LampControl');
/** The channel id LampControl.ino is built with by default (LAMP_CHANNEL_ID). */
export const LAMP_CHANNEL_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
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

function stringDefine(name: string, value: string): string {
  return `${name}="${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export async function runLampDemo(opts: LampDemoOptions = {}): Promise<LampDemoResult> {
  const board = loadBoard(opts.board ?? 'mega');
  const log = opts.log ?? (() => undefined);
  const lamp = opts.lamp ?? true;
  const dim = opts.dim ?? 75;
  const waitMs = opts.waitMs ?? 180000;

  log(`building ${path.relative(ROOT, LAMP_SKETCH)} for ${board.name} (${board.description})...`);
  const build = buildSketch({ board, sketch: LAMP_SKETCH, defines: [stringDefine('SL_SIM_API_KEY', DEMO_API_KEY)] });
  log(`built with ${build.tool}: ${build.footprint.flashBytes} bytes flash, ${build.footprint.staticRamBytes} bytes static RAM`);
  opts.onBuilt?.(build);

  const cloud = await startCloud({ port: 0, apiKeys: [DEMO_API_KEY] });
  const device = cloud.seeded[0].account;
  const alice = cloud.app.person('alice');
  // alice's channel, with the device as an editor, under the id the sketch knows
  const ch = alice.createChannel('Living room', [device.accountId]);
  cloud.state.channels.delete(ch.channelId);
  ch.channelId = LAMP_CHANNEL_ID;
  cloud.state.channels.set(ch.channelId, ch);
  log(`mock cloud on 127.0.0.1:${cloud.port}; alice owns channel "${ch.title}" (${ch.channelId}), the device (API key ${DEMO_API_KEY}) is an editor`);

  const names = new Map<string, string>([
    [device.accountId, 'device'],
    [alice.accountId, 'alice'],
  ]);
  const started = Date.now();
  const conversation: ConversationLine[] = [];
  const onMessage = (ev: MessageEvent) => {
    const m = ev.message;
    const c = m.container as { featureType: string; channelId?: string; groupChatId?: string };
    const to =
      c.featureType === 'channel'
        ? `channel "${cloud.state.channels.get(c.channelId!)?.title ?? c.channelId}"`
        : c.featureType === 'p2p'
          ? ev.recipients.map((r) => names.get(r) ?? r).join(', ')
          : `group ${c.groupChatId}`;
    conversation.push({ atMs: Date.now() - started, from: names.get(m.publisherId) ?? m.publisherId, to, what: summarize(m.dataComponent), dataComponent: m.dataComponent });
  };
  cloud.core.bus.on('message', onMessage);

  const modem = new EspAtModem({ hostMap: { [CLOUD_HOST]: { host: '127.0.0.1', port: cloud.port } } });
  const machine = startSketchMachine(build, { seconds: opts.seconds ?? 120 });
  const consoleBytes: number[] = [];
  const utf8 = new TextDecoder('utf-8');
  machine.onConsole = (bytes) => {
    for (const b of bytes) consoleBytes.push(b);
    opts.onConsole?.(utf8.decode(bytes, { stream: true }));
  };
  machine.onNetwork = (bytes) => modem.input(bytes);
  modem.onOutput = (bytes) => machine.toNetwork(bytes);
  log(`board ${board.name} running; alice waits for the lamp's gauge and form`);

  // alice, the app
  const seen: LampDemoResult['seen'] = {};
  let appError: string | undefined;
  let boardDone = false;
  const fromDevice = (type: string) => (m: { senderId: string; dataComponent: Record<string, any> }) =>
    m.senderId === device.accountId && m.dataComponent.dataComponentType === type;
  const app = (async () => {
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
  })().catch((e) => {
    if (!boardDone) appError = (e as Error).message;
  });
  const appDone = app.then(() => machine.stop());

  let r;
  try {
    r = await machine.done;
  } finally {
    boardDone = true;
    modem.close();
  }
  void appDone;
  await new Promise((res) => setTimeout(res, 50));
  cloud.core.bus.off('message', onMessage);
  const stats = cloud.stats.toJSON() as {
    requests: { count: number; perOperation: Record<string, number> };
    validationErrors: { count: number; list: unknown[] };
    claimedDevices: string[];
    connections: unknown;
  };
  await cloud.close();

  const completed = seen.updatedGauge !== undefined;
  if (!completed && !appError) appError = `the board stopped (${r.stopReason}) before the exchange finished`;
  const fp = build.footprint;
  const peakRam = r.peakStackBytes === null || r.heapBytes === null ? null : fp.staticRamBytes + r.peakStackBytes + r.heapBytes;
  const base: Omit<SimReport, 'failures'> = {
    board: board.name,
    sketch: build.sketchName,
    buildTool: build.tool,
    flashBytes: fp.flashBytes,
    staticRamBytes: fp.staticRamBytes,
    peakStackBytes: r.peakStackBytes,
    peakRamBytes: peakRam,
    heapBytes: r.heapBytes,
    heapSymbols: fp.heapSymbols,
    cycles: r.cycles,
    simulatedSeconds: r.cycles === null ? null : r.cycles / board.cpu.clockHz,
    wallSeconds: (Date.now() - started) / 1000,
    stopReason: completed && r.stopReason === 'stopped' ? 'until' : r.stopReason,
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
    app: { qrScanned: [], qrUnreadable: 0, log: [] },
    diagnostics: r.diagnostics || undefined,
  };
  const failures = judge(base);
  if (!completed) failures.push(`the exchange did not finish: ${appError}`);
  return { report: { ...base, failures }, conversation, seen, completed, appError };
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
