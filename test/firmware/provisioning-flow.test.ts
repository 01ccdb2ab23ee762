// The provisioning flow end to end: sl::Provisioner in a host program
// (test/firmware/provisioning/flow_device.cpp: PosixSocketTransport, a file
// key store, sl::Client; ASan + UBSan) against the real mock cloud started
// here. The QR the device prints is decoded with jsqr and claimed through the
// app side, exactly as a phone would.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildHost, defineSlTestSuite } from '../helpers/cpp';
import { addedBytes, compileFor, heapSymbols, isInstalled, linkFor, sizeOf, TOOLCHAINS, ToolchainName } from '../helpers/toolchains';
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { decodeScreen, parseInk } from './provisioning/qrCheck';

const FLOW_SOURCES = [
  'firmware/src/provisioning/Provisioner.cpp',
  'firmware/src/provisioning/ProvisionerError.cpp',
  'firmware/src/provisioning/KeyStore.cpp',
  'firmware/src/provisioning/KeyStoreError.cpp',
  'firmware/src/provisioning/QrCode.cpp',
  'firmware/src/provisioning/QrError.cpp',
  'firmware/src/provisioning/QrTextRenderer.cpp',
  'firmware/src/provisioning/Timestamp.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
];
const CLIENT_SOURCES = [
  'firmware/src/client/Client.cpp',
  'firmware/src/client/InboundEventReader.cpp',
  'firmware/src/json/JsonPathMatcher.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
];
// Short delays so that polling and retries do not slow the suite down.
const FAST = ['-DSL_PROVISIONER_POLL_MIN_MS=200UL', '-DSL_PROVISIONER_POLL_MAX_MS=800UL'];

// Unit cases: scripted replies, fake clock, RAM key store (g++ and clang++, ASan + UBSan on clang).
for (const compiler of ['g++', 'clang++']) {
  defineSlTestSuite(`provisioning flow units (host ${compiler})`, {
    name: `provisioning_flow_${compiler}`,
    compiler,
    flags: compiler === 'clang++' ? ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'] : [],
    sources: ['test/firmware/provisioning/flow_test.cpp', 'test/firmware/support/host_main.cpp', ...FLOW_SOURCES],
  });
}

// Every toolchain: warning-free with the defaults and with the largest limits.
describe('provisioning flow on every toolchain', () => {
  for (const name of Object.keys(TOOLCHAINS) as ToolchainName[]) {
    for (const flags of [[], ['-DSL_QR_MAX_VERSION=40', '-DSL_KEYSTORE_MAX_KEY_LEN=255']]) {
      test(`${name} ${flags.join(' ') || '(defaults)'}: Provisioner compiles warning-free`, async () => {
        if (!isInstalled(name)) throw new Error(`${TOOLCHAINS[name].cxx} is not installed`);
        const outDir = path.join('build', 'toolchains', name, `provisioning-flow${flags.length ? '-max' : ''}`);
        const r = await compileFor(name, ['firmware/src/provisioning/Provisioner.cpp', 'firmware/src/provisioning/ProvisionerError.cpp'], flags, { outDir });
        if (!r.ok) throw new Error(r.failures.map((f) => `${f.command}\n${f.output}`).join('\n'));
      });
    }
  }
});

describe('provisioning flow flash and RAM on ATmega328P (avr-g++ -Os, --gc-sections)', () => {
  const elfs: Record<string, string> = {};
  beforeAll(async () => {
    for (const [variant, defines] of Object.entries({ baseline: ['-DSL_SIZE_BASELINE'], flow: [] as string[] })) {
      elfs[variant] = await linkFor('avr', ['test/firmware/provisioning/flow_avr_size.cpp', ...FLOW_SOURCES], `provisioning_flow_${variant}`, defines);
    }
  }, 180000);

  test('no heap functions are linked; figures', () => {
    expect(heapSymbols('avr', elfs.flow)).toEqual([]);
    const added = addedBytes('avr', elfs.flow, elfs.baseline);
    const base = sizeOf('avr', elfs.baseline);
    const flow = sizeOf('avr', elfs.flow);
    const flash = flow.flash - base.flash;
    const ram = flow.data + flow.bss - (base.data + base.bss);
    console.log(
      [
        'Provisioning flow on atmega328p (Provisioner + default claim-QR hook + KeyStore(RAM) + HTTP + JSON parser/writer + Timestamp):',
        `  flash added ${flash} B (program ${base.flash} -> ${flow.flash}); static RAM added ${ram} B (Provisioner object, key store region ${SL_REGION} B in this program)`,
        `  largest symbols: ${added.symbols.slice(0, 10).map((s) => `${s.name} ${s.size}`).join(', ')}`,
      ].join('\n'),
    );
    expect(flash).toBeGreaterThan(4000); // the measurement sees the flow at all
    expect(flash).toBeLessThanOrEqual(30000); // measured 28.7 KB: too much for an Uno next to a Client; fits a Mega
    expect(ram).toBeLessThanOrEqual(650 + SL_REGION);
  });
});

const SL_REGION = 2 * (32 + 96);

interface Run {
  code: number | null;
  lines: string[];
  qrs: string[];
  online: Array<{ key: string; id: number; expiresAt: number; previousId: number }>;
  stderr: string;
}

let exe = '';
let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-flow-'));
  exe = buildHost({
    name: 'provisioning_flow_device',
    compiler: 'clang++',
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', ...FAST],
    sources: ['test/firmware/provisioning/flow_device.cpp', ...FLOW_SOURCES, ...CLIENT_SOURCES],
  });
}, 180000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the device; `onQr` gets each claim QR's text (CRLF lines) as it is printed. */
function runDevice(cloud: Cloud, args: string[], onQr: (text: string) => void = () => undefined): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(exe, [String(cloud.port), ...args], { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
    const run: Run = { code: null, lines: [], qrs: [], online: [], stderr: '' };
    let buf = '';
    let qr: string | null = null;
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const raw = buf.slice(0, i + 1);
        buf = buf.slice(i + 1);
        const line = raw.replace(/\r?\n$/, '');
        if (qr !== null && line !== 'QR-END') {
          qr += raw;
          continue;
        }
        run.lines.push(line);
        if (line === 'QR-BEGIN') qr = '';
        else if (line === 'QR-END' && qr !== null) {
          run.qrs.push(qr);
          onQr(qr);
          qr = null;
        }
        const m = line.match(/^ONLINE (\S+) (\d+) (\d+) (\d+)$/);
        if (m) run.online.push({ key: m[1], id: Number(m[2]), expiresAt: Number(m[3]), previousId: Number(m[4]) });
      }
    });
    p.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('close', (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve(run);
    });
  });
}

/** The phone: decodes the printed QR with jsqr and claims the device as `person`. */
function scanAndClaim(cloud: Cloud, text: string, who = 'alice'): string {
  const decoded = decodeScreen(parseInk(text, 'H'), false);
  if (!decoded) throw new Error(`jsqr could not read the QR:\n${text}`);
  const scanned = Buffer.from(decoded).toString('utf8');
  cloud.app.claimDevice(scanned, cloud.app.person(who));
  return scanned;
}

async function rest(cloud: Cloud, method: string, p: string, key?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${cloud.url}${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: (await r.json()) as { data: Record<string, any> } };
}

const ops = (cloud: Cloud, op: string): number => (cloud.stats.toJSON() as any).requests.perOperation[op] ?? 0;
const DAY = 86400;

describe('provisioning by claim QR against the mock cloud', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0, responseCheck: 'strict' } as any);
  });
  afterAll(() => cloud.close());
  const store = () => path.join(tmp, 'dev-1.bin');
  let firstKey = '';

  test('fresh device: prints the QR, the app scans and claims it, the device stores the key and sends a message', async () => {
    const alice = cloud.app.person('alice');
    let claimKey = '';
    const r = await runDevice(cloud, ['dev-1', 'pk-secret-1', store(), '--send', alice.accountId], (qr) => {
      claimKey = scanAndClaim(cloud, qr);
    });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.qrs).toHaveLength(1);
    expect(claimKey).toBe(cloud.state.devices.get('dev-1')!.claimKey);
    expect(r.qrs[0]).not.toContain('pk-secret-1');
    const device = cloud.state.devices.get('dev-1')!;
    expect(device.status).toBe('claimed');
    expect(r.online).toHaveLength(1);
    expect(r.online[0].key).toBe(device.authToken);
    expect(r.online[0].id).toBe(cloud.state.keysBySecret.get(device.authToken!)!.id); // learnt from ~validate
    expect(r.online[0].expiresAt).toBeGreaterThan(Date.now() / 1000 + 300 * DAY);
    expect(r.lines).toContain('SENT Ok 0');
    const msg = await alice.waitForMessage((m) => m.senderId === device.accountId, 5000);
    expect(msg.dataComponent).toMatchObject({ dataComponentType: 'text', text: 'hello from dev-1' });
    firstKey = r.online[0].key;
    expect(ops(cloud, 'registerDevice')).toBe(1);
  });

  test('restart with the stored key: no provisioning, same key, validated', async () => {
    const before = ops(cloud, 'registerDevice');
    const validates = ops(cloud, 'validateApiKey');
    const r = await runDevice(cloud, ['dev-1', 'pk-secret-1', store()]);
    expect(r.code).toBe(0);
    expect(r.qrs).toHaveLength(0);
    expect(r.lines.filter((l) => l.startsWith('STATE Register'))).toEqual([]);
    expect(r.online[0].key).toBe(firstKey);
    expect(ops(cloud, 'registerDevice')).toBe(before);
    expect(ops(cloud, 'validateApiKey')).toBe(validates + 1);
    expect(r.lines).toContain('WRITES 0'); // nothing to store: the id and expiry were already kept
  });

  test('resetDevice: the device releases itself, shows a new QR, is claimed again with a new key', async () => {
    const r = await runDevice(cloud, ['dev-1', 'pk-secret-1', store(), '--reset'], (qr) => scanAndClaim(cloud, qr));
    expect(r.code).toBe(0);
    expect(r.lines).toContain('RESETTING');
    expect(r.qrs).toHaveLength(1);
    expect(ops(cloud, 'resetDevice')).toBe(1);
    const last = r.online[r.online.length - 1];
    expect(last.key).not.toBe(firstKey);
    expect(last.key).toBe(cloud.state.devices.get('dev-1')!.authToken);
    expect((await rest(cloud, 'GET', '/apikey/~validate', firstKey)).status).toBe(401);
    expect((await rest(cloud, 'GET', '/apikey/~validate', last.key)).status).toBe(200);
    firstKey = last.key;
  });

  test('factory reset (store erased): provisions again', async () => {
    fs.rmSync(store());
    const r = await runDevice(cloud, ['dev-1', 'pk-secret-1', store()], (qr) => scanAndClaim(cloud, qr));
    expect(r.code).toBe(0);
    // Still claimed on the cloud: registering again returns the same claim key and
    // the status poll hands out the same token without a new scan.
    expect(r.online[r.online.length - 1].key).toBe(firstKey);
  });

  test('revoked key: 401 on validate -> back to provisioning; the cloud released the device (never hands out the revoked token): new QR -> claimed again -> new key', async () => {
    const id = cloud.state.keysBySecret.get(firstKey)!.id;
    expect((await rest(cloud, 'DELETE', `/apikey/${id}`, firstKey)).status).toBe(200);
    const r = await runDevice(cloud, ['dev-1', 'pk-secret-1', store(), '--timeout', '20000'], (qr) => scanAndClaim(cloud, qr));
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.lines).toContain('STATE Register key rejected');
    expect(r.lines).not.toContain('STATE Poll key rejected'); // the revoked token never came back
    expect(r.qrs).toHaveLength(1);
    const key = r.online[r.online.length - 1].key;
    expect(key).not.toBe(firstKey);
    expect(key).toBe(cloud.state.devices.get('dev-1')!.authToken);
    expect((await rest(cloud, 'GET', '/apikey/~validate', key)).status).toBe(200);
  }, 60000);
});

describe('API-key rotation against the mock cloud (device keys live 4 days)', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0, responseCheck: 'strict', deviceKeyLifetimeMs: 4 * DAY * 1000 } as any);
  });
  afterAll(() => cloud.close());

  test('claimed token expiring in 4 days -> POST /apikey, stored, old key DELETEd on the cloud; restart keeps the new key', async () => {
    const file = path.join(tmp, 'rot-1.bin');
    const alice = cloud.app.person('alice');
    const r = await runDevice(cloud, ['rot-1', 'pk-rot-1', file, '--send', alice.accountId], (qr) => scanAndClaim(cloud, qr));
    expect(r.code).toBe(0);
    const token = cloud.state.devices.get('rot-1')!.authToken!;
    const old = cloud.state.keysBySecret.get(token)!;
    const online = r.online[r.online.length - 1];
    expect(online.key).not.toBe(token);
    const fresh = cloud.state.keysBySecret.get(online.key)!;
    expect(fresh.previousApiKeyId).toBe(old.id);
    expect(online.id).toBe(fresh.id);
    expect(online.previousId).toBe(0);
    expect(old.revokedAt).not.toBeNull();
    expect((await rest(cloud, 'GET', '/apikey/~validate', token)).status).toBe(401);
    const v = await rest(cloud, 'GET', '/apikey/~validate', online.key);
    expect(v.status).toBe(200);
    expect(Date.parse(v.json.data.expire_at) / 1000).toBeGreaterThan(Date.now() / 1000 + 360 * DAY);
    expect(r.lines.indexOf('STATE Create ok')).toBeLessThan(r.lines.indexOf('STATE DeleteOld ok'));
    expect(r.lines).toContain('SENT Ok 0'); // with the rotated key
    const again = await runDevice(cloud, ['rot-1', 'pk-rot-1', file]);
    expect(again.code).toBe(0);
    expect(again.online[0].key).toBe(online.key);
    expect(again.lines).not.toContain('STATE Create ok');
  });
});

describe('power cut at every storage write of provisioning + rotation', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0, responseCheck: 'strict', deviceKeyLifetimeMs: 4 * DAY * 1000 } as any);
  });
  afterAll(() => cloud.close());

  let writes = 0;
  test('uncut run: count the writes', async () => {
    const r = await runDevice(cloud, ['cut-0', 'pk-cut', path.join(tmp, 'cut-0.bin')], (qr) => scanAndClaim(cloud, qr));
    expect(r.code).toBe(0);
    const m = r.lines.find((l) => l.startsWith('WRITES '));
    writes = Number(m!.slice(7));
    // token stored, id/expiry stored, new key stored (with previousId), previousId cleared: 4 records.
    expect(writes).toBeGreaterThanOrEqual(4);
  });

  test('each cut: the restarted device comes online with a valid, rotated key and the claimed token deleted', async () => {
    expect(writes).toBeGreaterThan(0);
    const failures: string[] = [];
    for (let n = 1; n <= writes; n++) {
      const dev = `cut-${n}`;
      const file = path.join(tmp, `${dev}.bin`);
      const cut = await runDevice(cloud, [dev, 'pk-cut', file, '--cut-at', String(n)], (qr) => scanAndClaim(cloud, qr));
      if (cut.code !== 42 || !cut.lines.includes(`POWERCUT ${n}`)) {
        failures.push(`${dev}: cut run ended ${cut.code}: ${cut.lines.filter((l) => !l.startsWith(' ')).join(' | ')}`);
        continue;
      }
      const r = await runDevice(cloud, [dev, 'pk-cut', file, '--timeout', '15000'], (qr) => scanAndClaim(cloud, qr));
      const online = r.online[r.online.length - 1];
      const token = cloud.state.devices.get(dev)?.authToken;
      const old = token ? cloud.state.keysBySecret.get(token) : undefined;
      const v = online ? await rest(cloud, 'GET', '/apikey/~validate', online.key) : undefined;
      const ok =
        r.code === 0 &&
        r.stderr === '' &&
        v?.status === 200 &&
        Date.parse(v.json.data.expire_at) / 1000 > Date.now() / 1000 + 360 * DAY &&
        old !== undefined &&
        old.revokedAt !== null;
      if (!ok) failures.push(`${dev}: restart ended ${r.code}, key ${v?.status}, old revoked ${old?.revokedAt}: ${r.lines.filter((l) => !l.startsWith(' ')).join(' | ')} ${r.stderr}`);
    }
    expect(failures).toEqual([]);
  }, 120000);
});

describe('power cut while resetDevice clears the store', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await startCloud({ port: 0, responseCheck: 'strict' } as any);
  });
  afterAll(() => cloud.close());

  test.each([1, 2])('cut at write %i of the clear: the restarted device provisions again and gets a new key', async (n) => {
    const dev = `clear-${n}`;
    const file = path.join(tmp, `${dev}.bin`);
    const first = await runDevice(cloud, [dev, 'pk-clear', file], (qr) => scanAndClaim(cloud, qr));
    expect(first.code).toBe(0);
    const oldKey = first.online[first.online.length - 1].key;
    // Online again with the stored key (no writes: the id and expiry are known), then
    // resetDevice: the cloud forgets the device, the store is cleared (2 writes).
    const cut = await runDevice(cloud, [dev, 'pk-clear', file, '--reset', '--cut-at', String(n)]);
    expect(cut.code).toBe(42);
    expect(cut.lines).toContain('RESETTING');
    expect(cloud.state.devices.has(dev)).toBe(false);
    const r = await runDevice(cloud, [dev, 'pk-clear', file, '--timeout', '15000'], (qr) => scanAndClaim(cloud, qr));
    expect(r.code).toBe(0);
    expect(r.qrs).toHaveLength(1);
    const key = r.online[r.online.length - 1].key;
    expect(key).not.toBe(oldKey);
    expect((await rest(cloud, 'GET', '/apikey/~validate', key)).status).toBe(200);
    expect((await rest(cloud, 'GET', '/apikey/~validate', oldKey)).status).toBe(401);
    // The cut left the revoked key current (first write) or no key (second).
    expect(r.lines.includes('STATE Register key rejected')).toBe(n === 1);
  }, 60000);
});
