// Fault matrix for sl::Client (host build, PosixSocketTransport, clang
// ASan + UBSan) against the mock semilimes cloud: one jest test per fault
// (or combination) the cloud can inject. Each run starts a fresh cloud with
// the fault, runs test/firmware/client/faults_main.cpp, which sends N
// numbered texts to a channel while the fault happens, and checks:
//  - exit 0 (every request completed before the deadline), no sanitizer report;
//  - the client recovered: the last message was delivered, and after a
//    drop the client reconnected (CONNECTED count);
//  - never written twice: each requestId reaches the cloud at most once
//    (every frame the cloud receives is recorded), in send order;
//  - delivered at most once, in send order; every Ok was delivered; every
//    missing message was reported as the fault allows (ConnectionLost /
//    Timeout / RequestFailed), per the guarantee in firmware/src/client/Client.h;
//  - the device never sent an invalid frame (the cloud's ws library reports one);
//  - the fault really happened (cloud.stats.faultsApplied / drops) and bad
//    input (invalid JSON, oversized frames) was reported as an error.
// Time and pacing (faults_main.cpp): the client's clock counts only the time
// the device waits idle for the network (work and scheduling delays of a
// busy machine do not count), and at most 4 requests wait for a Response at
// once, so what is in flight when a fault strikes does not depend on the
// machine's speed. Only the device's 40 s deadline is wall time.
// One summary line per fault is printed (delivered / replayed / lost); each
// run's output, the frames the cloud received and how each WebSocket ended
// are written to build/client-faults/<fault>.log.
// The pingStorm + splitWrites cases guard a bug they found: a pong streams a
// ping's payload back as it arrives, and a frame sent in between landed inside
// the pong (WsClient now refuses sends until the pong is complete).
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, CLIENT_LIBRARY_SOURCES } from '../helpers/cpp';
import { startCloud, Cloud } from '../../simulator/cloud';
import type { FaultPlan } from '../../simulator/cloud/faults';

const KEY = 'client-faults-key';
const REQUEST_TIMEOUT_MS = 3000;
const MAX_INBOUND = 16384;

let exe: string;
beforeAll(() => {
  exe = buildHost({
    name: 'client_faults_asan',
    compiler: 'clang++',
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-DSL_CLIENT_MAX_PENDING=64',
      '-DSL_CLIENT_OUTBOX_BYTES=8192', '-DSL_CLIENT_BACKOFF_MIN_MS=300UL',
      `-DSL_CLIENT_REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS}UL`, `-DSL_CLIENT_MAX_INBOUND=${MAX_INBOUND}UL`],
    sources: [
      'test/firmware/client/faults_main.cpp',
      ...CLIENT_LIBRARY_SOURCES,
    ],
  });
}, 180000);

type Outcome = 'Ok' | 'ConnectionLost' | 'Timeout' | 'RequestFailed';

interface Run {
  out: string;
  lines: string[];
  code: number | null;
  stderr: string;
  drops: string[];
  /** How each WebSocket ended, seen by the cloud: close code (and reason), or "error: ..." for an invalid frame. */
  closes: string[];
}

interface FaultCase {
  name: string;
  /** Fault plan for the cloud's connections (index 0 = the first WebSocket; with `rest`, index 1 = the REST call). */
  plan?: FaultPlan;
  count?: number;
  intervalMs?: number;
  rest?: boolean;
  /** Drops made by the test from the device's output: [after this many SENT lines, how]. */
  drops?: [number, 'terminate' | 'close'][];
  /** Outcomes a missing (undelivered) message may have. */
  missingMay?: Outcome[];
  /** Minimum CONNECTED lines (1 + forced reconnects). */
  minConnects?: number;
  /** faultsApplied counters that must be > 0. */
  applied?: string[];
  /** Wait this long after exit before reading the inbox (late deliveries). */
  settleMs?: number;
  check?: (r: Run, ctx: Checked) => void;
}

interface Checked {
  outcome: Map<string, { error: Outcome; status: number }>;
  sends: { seq: number; id: string; error: string; how: string }[];
  delivered: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runDevice(args: string[], onLine: (line: string) => void): Promise<Omit<Run, 'drops' | 'closes'>> {
  return new Promise((resolve) => {
    const p: ChildProcessWithoutNullStreams = spawn(exe, args, { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        onLine(line);
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines, out: lines.join('\n'), stderr });
    });
  });
}

/** The device's WebSocket frames (masked, client to server) as one line each, for the run's log. */
function describeFrames(b: Buffer): string {
  const out: string[] = [];
  let off = 0;
  while (off + 2 <= b.length) {
    const b0 = b[off], b1 = b[off + 1];
    let len = b1 & 0x7f;
    let p = off + 2;
    if (len === 126) { len = b.readUInt16BE(p); p += 2; } else if (len === 127) { len = Number(b.readBigUInt64BE(p)); p += 8; }
    const mask = b1 & 0x80 ? b.subarray(p, p + 4) : undefined;
    if (mask) p += 4;
    const payload = Buffer.from(b.subarray(p, p + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
    out.push(`@${off} fin=${b0 >> 7} rsv=${(b0 >> 4) & 7} op=${b0 & 15} len=${len}${p + len > b.length ? ' (cut)' : ''} ${JSON.stringify(payload.toString('latin1').slice(0, 60))}`);
    off = p + len;
  }
  if (off < b.length) out.push(`@${off} ${b.length - off} trailing bytes`);
  return out.join('\n');
}

const onlyConnection = (index: number, spec: object): FaultPlan => (c) => (c.index === index ? spec : undefined);

const CASES: FaultCase[] = [
  { name: 'no fault (baseline)', missingMay: [] },
  // Byte-level faults.
  { name: 'closeAtByte 60: cut inside the WebSocket handshake', plan: onlyConnection(0, { closeAtByte: 60 }),
    minConnects: 1, applied: ['closeAtByte'], missingMay: [],
    check: (r) => expect(r.out).toMatch(/^DISCONNECTED \w+$/m) },
  { name: 'closeAtByte 700 then 1500: two connections cut mid-frame', plan: (c) =>
      c.index === 0 ? { closeAtByte: 700 } : c.index === 1 ? { closeAtByte: 1500 } : undefined,
    minConnects: 3, applied: ['closeAtByte'], missingMay: ['ConnectionLost'] },
  { name: 'splitWrites: every byte its own TCP segment', plan: { splitWrites: true }, applied: ['splitWrites'], missingMay: [] },
  // Request-level faults.
  { name: 'delayMs 300 on every request', plan: { delayMs: 300 }, applied: ['delay'], missingMay: [] },
  { name: 'delayMs 4000 (over the request timeout) on every request', plan: { delayMs: 4000 }, count: 10,
    applied: ['delay'], missingMay: ['Timeout'], settleMs: 4500,
    check: (_r, c) => {
      // Each was reported Timeout ("may or may not have arrived"), and arrived late.
      expect([...c.outcome.values()].filter((o) => o.error === 'Timeout').length).toBe(10);
      expect(c.delivered).toHaveLength(10);
    } },
  { name: 'status5xx 503 on requests 4..6', plan: { status5xx: 503, afterRequests: 3, times: 3 },
    applied: ['status5xx'], missingMay: ['RequestFailed'],
    check: (_r, c) => {
      const failed = c.sends.filter((s) => c.outcome.get(s.id)?.error === 'RequestFailed');
      expect(failed.map((s) => [s.seq, c.outcome.get(s.id)!.status])).toEqual([[3, 503], [4, 503], [5, 503]]);
    } },
  { name: 'status5xx 503 on the 5th request only (k-th request)', plan: { status5xx: 503, afterRequests: 4, times: 1 },
    applied: ['status5xx'], missingMay: ['RequestFailed'],
    check: (_r, c) => {
      expect(c.sends.filter((s) => c.outcome.get(s.id)?.error === 'RequestFailed').map((s) => s.seq)).toEqual([4]);
    } },
  { name: 'invalidJson answers to requests 3..4', plan: { invalidJson: true, afterRequests: 2, times: 2 },
    applied: ['invalidJson'], missingMay: [],
    check: (r, c) => {
      // The cloud processed both (delivered) but its answers were not JSON:
      // ignored by the parser, so those two requests end in Timeout; no crash, no drop.
      expect(c.sends.filter((s) => c.outcome.get(s.id)?.error === 'Timeout').map((s) => s.seq)).toEqual([2, 3]);
      expect(r.out).not.toMatch(/^DISCONNECTED/m);
    } },
  // WebSocket faults.
  { name: 'pingStorm 300 pings after the upgrade', plan: { pingStorm: 300 }, applied: ['pingStorm'], missingMay: [] },
  { name: 'pingStorm 100 pings every 5 ms while sending', plan: { pingStorm: { count: 100, intervalMs: 5 } },
    applied: ['pingStorm'], missingMay: [] },
  { name: `oversizedFrame 12000 (under SL_CLIENT_MAX_INBOUND ${MAX_INBOUND})`, plan: { oversizedFrame: 12000 },
    applied: ['oversizedFrame'], missingMay: [],
    check: (r) => expect(r.out).not.toMatch(/^DISCONNECTED/m) },
  { name: `oversizedFrame 100000 (over SL_CLIENT_MAX_INBOUND ${MAX_INBOUND}) on the first connection`,
    plan: onlyConnection(0, { oversizedFrame: 100000 }), applied: ['oversizedFrame'], minConnects: 2,
    missingMay: ['ConnectionLost'],
    check: (r) => {
      // The device failed that connection with 1009 (message too big), then reconnected.
      expect(r.out).toMatch(/^DISCONNECTED (?!Ok)\w+$/m);
      expect(r.closes[0]).toMatch(/^1009\b/);
    } },
  { name: 'fragmentFrames 7: every event in continuation frames', plan: { fragmentFrames: 7 },
    applied: ['fragmentFrames'], missingMay: [] },
  { name: 'ws.disconnect terminate twice while sending', drops: [[5, 'terminate'], [15, 'terminate']],
    minConnects: 3, missingMay: ['ConnectionLost'] },
  { name: 'ws.disconnect close 1001 while sending', drops: [[8, 'close']], minConnects: 2, missingMay: ['ConnectionLost'] },
  // Combinations.
  // A pong is streamed back as the ping's payload arrives; with 1-byte segments
  // the payload spans reads, and a send must not land inside that pong.
  { name: 'splitWrites + pingStorm 200 while sending every 5 ms', plan: { splitWrites: true, pingStorm: 200 },
    count: 60, intervalMs: 5, applied: ['splitWrites', 'pingStorm'], missingMay: [] },
  { name: 'splitWrites + fragmentFrames 5', plan: { splitWrites: true, fragmentFrames: 5 }, applied: ['splitWrites', 'fragmentFrames'], missingMay: [] },
  { name: 'fragmentFrames 5 + pingStorm 50', plan: { fragmentFrames: 5, pingStorm: 50 }, applied: ['fragmentFrames', 'pingStorm'], missingMay: [] },
  { name: 'splitWrites 1 ms/byte + pingStorm 40', plan: { splitWrites: { delayMs: 1 }, pingStorm: 40 },
    count: 10, intervalMs: 20,
    applied: ['splitWrites', 'pingStorm'], missingMay: [] },
  { name: 'splitWrites 5 ms/byte + pingStorm 3', plan: { splitWrites: { delayMs: 5 }, pingStorm: 3 },
    count: 5, intervalMs: 10, applied: ['splitWrites', 'pingStorm'], missingMay: [] },
  { name: 'splitWrites + fragmentFrames 5 + pingStorm 50', plan: { splitWrites: true, fragmentFrames: 5, pingStorm: 50 },
    applied: ['splitWrites', 'fragmentFrames', 'pingStorm'], missingMay: [] },
  { name: 'closeAtByte 900 + delayMs 100, then a terminate', plan: onlyConnection(0, { closeAtByte: 900, delayMs: 100 }),
    drops: [[20, 'terminate']], minConnects: 3, applied: ['closeAtByte', 'delay'], missingMay: ['ConnectionLost'] },
  { name: 'fragmentFrames 3 + status5xx on request 2 + terminate', plan: { fragmentFrames: 3, status5xx: 502, afterRequests: 1, times: 1 },
    drops: [[10, 'terminate']], minConnects: 2, applied: ['fragmentFrames', 'status5xx'], missingMay: ['ConnectionLost', 'RequestFailed'] },
  // REST (HTTP/1.1 on a second transport) faults, while the WebSocket sends.
  ...([
    ['status5xx 503', { status5xx: 503 }, /^REST Ok 503 \d+$/m, 'status5xx'],
    ['invalidJson body', { invalidJson: true }, /^REST Ok 200 \d+$/m, 'invalidJson'],
    ['oversized 100000-byte body', { oversizedFrame: 100000 }, /^REST Ok 200 1\d{5}$/m, 'oversizedResponse'],
    ['chunked 7-byte chunks', { chunkedResponse: 7 }, /^REST Ok 200 [1-9]\d*$/m, 'chunkedResponse'],
    ['splitWrites', { splitWrites: true }, /^REST Ok 200 [1-9]\d*$/m, 'splitWrites'],
    ['closeAtByte 40 (cut in the status line)', { closeAtByte: 40 }, /^REST (ConnectionLost|HttpFailed) \d+ \d+$/m, 'closeAtByte'],
    ['delayMs 4000 (over the request timeout)', { delayMs: 4000 }, /^REST Timeout \d+ \d+$/m, 'delay'],
  ] as [string, object, RegExp, string][]).map(([n, spec, rest, applied]): FaultCase => ({
    name: `REST: ${n}`, plan: onlyConnection(1, spec), rest: true, applied: [applied], missingMay: [],
    check: (r) => expect(r.out).toMatch(rest),
  })),
];

describe('sl::Client fault matrix (ASan + UBSan, mock cloud)', () => {
  let cloud: Cloud;
  afterEach(async () => {
    await cloud?.close();
  });

  for (const fc of CASES) {
    test(fc.name, async () => {
      cloud = await startCloud({ port: 0, apiKeys: [KEY], responseCheck: 'strict', faults: fc.plan } as any);
      // Record every frame the cloud receives, in arrival order.
      const frames: string[] = [];
      const gw = cloud.ws as any;
      const orig = gw.onRequest.bind(gw);
      gw.onRequest = (ws: unknown, raw: Buffer | Buffer[], ...rest: unknown[]) => {
        frames.push(Array.isArray(raw) ? Buffer.concat(raw).toString() : raw.toString());
        return orig(ws, raw, ...rest);
      };
      // And how each WebSocket ended, seen from the cloud (close code sent by the device).
      const closes: string[] = [];
      const wireIn: Buffer[][] = [];  // the device's bytes on each WebSocket, after the upgrade
      const origConn = gw.onConnection.bind(gw);
      gw.onConnection = (ws: any, ...rest: unknown[]) => {
        const raw: Buffer[] = [];
        wireIn.push(raw);
        ws._socket?.prependListener('data', (d: Buffer) => raw.push(Buffer.from(d)));  // before ws unmasks in place
        ws.on('error', (e: Error) => closes.push(`error: ${e.message}`));
        ws.on('close', (code: number, reason: Buffer) => closes.push(`${code}${reason.length ? ` ${reason.toString()}` : ''}`));
        return origConn(ws, ...rest);
      };
      const device = cloud.seeded[0].account;
      const alice = cloud.app.person('alice');
      const channel = alice.createChannel('Faults', [device.accountId]);
      const count = fc.count ?? 30;
      const plan = [...(fc.drops ?? [])];
      const drops: string[] = [];
      let sent = 0;
      let online = false;
      let okSinceConnect = 0;
      const r = await runDevice(
        [String(cloud.port), KEY, channel.channelId, String(count), String(fc.intervalMs ?? 30), '40000', ...(fc.rest ? ['rest'] : [])],
        (line) => {
          if (line.startsWith('SENT ')) sent++;
          if (line === 'CONNECTED') {
            online = true;
            okSinceConnect = 0;
          }
          if (line.startsWith('DISCONNECTED')) online = false;
          if (/^RESP \S+ Ok /.test(line)) okSinceConnect++;
          if (online && okSinceConnect >= 1 && plan.length && sent >= plan[0][0]) {
            const n = cloud.ws.disconnect(undefined, plan[0][1], 1001);
            if (n) drops.push(`${plan.shift()![1]}@${sent}`);
          }
        },
      );
      await sleep(fc.settleMs ?? 300);
      const run: Run = { ...r, drops, closes };
      // The run's log, for a failure's post-mortem.
      const logDir = path.join(__dirname, '../../build/client-faults');
      fs.mkdirSync(logDir, { recursive: true });
      fs.writeFileSync(path.join(logDir, `${fc.name.replace(/[^A-Za-z0-9]+/g, '-')}.log`),
        `${r.out}\n--- stderr\n${r.stderr}\n--- cloud frames\n${frames.join('\n')}\n--- drops ${drops.join(' ')}\n--- closes ${closes.join(', ')}\n--- device frames\n${wireIn.map((w) => describeFrames(Buffer.concat(w))).join('\n---\n')}\n`);
      const out = r.out;
      expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error|LeakSanitizer/);
      // The device never wrote an invalid frame (the cloud's ws library would have failed the connection).
      expect(closes.filter((c) => c.startsWith('error:'))).toEqual([]);
      expect({ code: r.code, tail: r.lines.slice(-2) }).toEqual({ code: 0, tail: [expect.stringMatching(/^DONE/), 'EXIT 0'] });

      const sends = [...out.matchAll(/^SENT (\d+) ([0-9a-f]{8}) (\w+) (direct|queued)$/gm)].map((m) => ({
        seq: Number(m[1]), id: m[2], error: m[3], how: m[4],
      }));
      expect(sends.map((s) => s.seq)).toEqual([...Array(count).keys()]);
      expect(sends.filter((s) => s.error !== 'Ok')).toEqual([]);
      // Every request completed exactly once.
      const resps = [...out.matchAll(/^RESP ([0-9a-f]{8}) (\w+) (\d+)$/gm)];
      expect(resps).toHaveLength(count);
      const outcome = new Map(resps.map((m) => [m[1], { error: m[2] as Outcome, status: Number(m[3]) }]));
      for (const s of sends) expect(outcome.has(s.id)).toBe(true);

      // Never written twice, written in send order.
      const arrived = frames.map((f) => JSON.parse(f)).filter((e) => e.body?.dataComponent?.text?.startsWith('seq-'));
      const arrivedIds = arrived.map((e) => e.requestId as string);
      expect(new Set(arrivedIds).size).toBe(arrivedIds.length);
      const idSeq = new Map(sends.map((s) => [s.id, s.seq]));
      const arrivedSeq = arrivedIds.map((id) => idSeq.get(id));
      expect(arrivedSeq.every((s) => s !== undefined)).toBe(true);
      expect([...(arrivedSeq as number[])].sort((a, b) => a - b)).toEqual(arrivedSeq);
      // A replayed message keeps its requestId and text.
      for (const e of arrived) expect(e.body.dataComponent.text).toBe(`seq-${String(idSeq.get(e.requestId)).padStart(2, '0')}`);

      // Delivered at most once, in order.
      const delivered = alice.inbox
        .filter((m) => m.channelId === channel.channelId && m.senderId === device.accountId)
        .map((m) => Number(/^seq-(\d+)$/.exec(m.dataComponent.text)![1]));
      expect(new Set(delivered).size).toBe(delivered.length);
      expect([...delivered].sort((a, b) => a - b)).toEqual(delivered);
      // Everything acknowledged Ok arrived; RequestFailed ones did not; the rest as the fault allows.
      for (const s of sends) {
        const o = outcome.get(s.id)!.error;
        if (o === 'Ok') expect({ seq: s.seq, delivered: delivered.includes(s.seq) }).toEqual({ seq: s.seq, delivered: true });
        if (o === 'RequestFailed') expect({ seq: s.seq, delivered: delivered.includes(s.seq) }).toEqual({ seq: s.seq, delivered: false });
      }
      const missing = sends.filter((s) => !delivered.includes(s.seq));
      expect(missing.filter((s) => !(fc.missingMay ?? []).includes(outcome.get(s.id)!.error)).map((s) => [s.seq, outcome.get(s.id)!.error])).toEqual([]);

      // Recovered: the last message got through; reconnected after each drop.
      expect(delivered).toContain(count - 1);
      const connects = (out.match(/^CONNECTED$/gm) ?? []).length;
      expect(connects).toBeGreaterThanOrEqual(fc.minConnects ?? 1);
      expect(drops).toHaveLength(fc.drops?.length ?? 0);
      const applied = cloud.stats.faultsApplied as Record<string, number>;
      for (const a of fc.applied ?? []) expect({ fault: a, applied: (applied[a] ?? 0) > 0 }).toEqual({ fault: a, applied: true });
      expect((cloud.stats.toJSON() as any).validationErrors.count).toBe(0);
      fc.check?.(run, { outcome, sends, delivered });

      const queued = sends.filter((s) => s.how === 'queued');
      const lost = missing.map((s) => `${s.seq}:${outcome.get(s.id)!.error}`);
      const late = sends.filter((s) => outcome.get(s.id)!.error !== 'Ok' && delivered.includes(s.seq)).map((s) => `${s.seq}:${outcome.get(s.id)!.error}`);
      const rest = /^REST .*$/m.exec(out)?.[0];
      console.log(`[fault] ${fc.name}: delivered ${delivered.length}/${count}, replayed ${queued.filter((s) => delivered.includes(s.seq)).length}/${queued.length} queued, ` +
        `lost ${lost.join(',') || 'none'}, delivered-but-not-Ok ${late.join(',') || 'none'}, connects ${connects}` +
        `${drops.length ? `, drops ${drops.join(' ')}` : ''}${rest ? `, ${rest}` : ''}`);
    }, 90000);
  }
});
