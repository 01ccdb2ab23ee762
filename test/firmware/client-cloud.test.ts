// sl::Client (host build, PosixSocketTransport, ASan + UBSan) against the
// real mock semilimes cloud started in this jest process:
//  - happy path: connect, REST on a second connection, a gauge and a form
//    (generated builders) to a channel, alice submits the form, the device
//    gets the values by refName and replies; zero validation errors;
//  - fault run: the WebSocket is terminated, closed, and cut mid-frame
//    while messages are being sent; reconnects with backoff and the outbox
//    replay give no duplicate, no reordering, and no loss beyond the
//    stated at-most-once window (a frame written whole into a connection
//    that then died, reported as ConnectionLost).
import { ChildProcessWithoutNullStreams, spawn } from 'child_process';
import { buildHost, CLIENT_LIBRARY_SOURCES } from '../helpers/cpp';
import { startCloud, Cloud } from '../../simulator/cloud';

const KEY = 'client-test-key';

let exe: string;
beforeAll(() => {
  exe = buildHost({
    name: 'client_cloud_asan',
    compiler: 'clang++',
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-DSL_CLIENT_MAX_PENDING=64',
      '-DSL_CLIENT_OUTBOX_BYTES=8192', '-DSL_CLIENT_BACKOFF_MIN_MS=300UL'],
    sources: [
      'test/firmware/client/cloud_main.cpp',
      ...CLIENT_LIBRARY_SOURCES,
    ],
  });
}, 120000);

/** Runs the program; `onLine` sees each stdout line as it arrives. */
function runDevice(args: string[], onLine: (line: string, p: ChildProcessWithoutNullStreams) => void) {
  return new Promise<{ code: number | null; lines: string[]; stderr: string }>((resolve) => {
    const p = spawn(exe, args, { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
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
        onLine(line, p);
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 90000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, lines, stderr });
    });
  });
}

describe('sl::Client against the mock semilimes cloud', () => {
  let cloud: Cloud;
  beforeEach(async () => {
    cloud = await startCloud({ port: 0, apiKeys: [KEY], responseCheck: 'strict' } as any);
  });
  afterEach(async () => {
    await cloud.close();
  });

  test('gauge + form to a channel, form submitted by the app, values by refName, reply', async () => {
    const device = cloud.seeded[0].account;
    const alice = cloud.app.person('alice');
    const channel = alice.createChannel('Boiler room', [device.accountId]);
    const group = alice.createGroupChat('Family', [device.accountId]);
    const submitted = (async () => {
      const form = await alice.waitForMessage((m) => m.dataComponent.dataComponentType === 'form', 20000);
      // Inbound on the two other features too, before the submission.
      alice.sendToGroup(group.groupChatId, { dataComponentType: 'text', text: 'group says hi' });
      alice.sendP2P(device.accountId, { dataComponentType: 'text', text: 'alice says hi' });
      alice.submitForm(form.messageId, { pump: true, level: 55, note: 'warm "day" \u263a' });
    })();
    const r = await runDevice([String(cloud.port), KEY, channel.channelId, 'happy', group.groupChatId, alice.accountId], () => undefined);
    await submitted;
    const out = r.lines.join('\n');
    expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error/);
    expect({ code: r.code, out }).toEqual({ code: 0, out: expect.stringContaining('EXIT 1') });
    expect(out).toMatch(/^REST Ok 200 \d+$/m);
    expect(out).toMatch(/^VALUE pump switch true$/m);
    expect(out).toMatch(/^VALUE level slider 55$/m);
    expect(out).toContain('VALUE note textbox warm "day" \u263a');
    expect(out).toMatch(new RegExp(`^MESSAGE p2p formsubmission from=${alice.accountId} chat= text=$`, 'm'));
    expect(out).toContain(`MESSAGE groupchat text from=${alice.accountId} chat=${group.groupChatId} text=group says hi`);
    expect(out).toContain(`MESSAGE p2p text from=${alice.accountId} chat= text=alice says hi`);
    // Every send got its Response, all Ok.
    const sent = [...out.matchAll(/^SENT (?:gauge|form|group|p2p) ([0-9a-f]{8}) Ok$/gm)].map((m) => m[1]);
    const replied = /^REPLIED ([0-9a-f]{8}) Ok /m.exec(out)?.[1];
    expect(sent).toHaveLength(4);
    for (const id of [...sent, replied]) expect(out).toMatch(new RegExp(`^RESP ${id} Ok 0$`, 'm'));
    // What alice saw on the channel: gauge, form, and the reply with the values.
    const fromDevice = alice.inbox.filter((m) => m.channelId === channel.channelId && m.senderId === device.accountId);
    expect(fromDevice.map((m) => m.dataComponent.dataComponentType)).toEqual(['gauge', 'form', 'text']);
    expect(fromDevice[0].dataComponent).toMatchObject({ title: 'Boiler', value: 42.5, displayValue: '42.5 C' });
    expect(fromDevice[2].dataComponent.text).toBe('pump=on level=55 note=warm "day" \u263a');
    expect(alice.inbox.filter((m) => m.senderId === device.accountId && m.featureType === 'groupchat')
      .map((m) => [m.groupChatId, m.dataComponent.text])).toEqual([[group.groupChatId, 'hello group']]);
    expect(alice.inbox.filter((m) => m.senderId === device.accountId && m.featureType === 'p2p')
      .map((m) => m.dataComponent.text)).toEqual(['hello contact']);
    const stats = cloud.stats.toJSON() as any;
    expect(stats.validationErrors.count).toBe(0);
    expect(stats.responseSchemaErrors.count).toBe(0);
  }, 60000);

  test('fault run: terminate, close, cut mid-frame while sending; reconnect + outbox replay, at most once, in order', async () => {
    const device = cloud.seeded[0].account;
    const alice = cloud.app.person('alice');
    const channel = alice.createChannel('Sequence', [device.accountId]);
    const faults: string[] = [];
    let sentCount = 0;
    let online = false;
    let okSinceConnect = 0;  // Responses on the current connection: the cloud is keeping up
    // Three drops while the sequence is being sent, each once the device is
    // connected again and the cloud has answered on that connection (so the
    // loss window is the frames in flight, not a cloud still compiling its
    // schemas): terminate, a close handshake (after which the next connection
    // is cut mid-frame by the cloud), terminate.
    const plan: [number, () => string][] = [
      [5, () => `terminate:${cloud.ws.disconnect(undefined, 'terminate')}`],
      [14, () => {
        const n = cloud.ws.disconnect(undefined, 'close', 1001);
        if (n) cloud.faults.next({ closeAtByte: 300 } as any);
        return `close:${n}`;
      }],
      [27, () => `terminate:${cloud.ws.disconnect(undefined, 'terminate')}`],
    ];
    const r = await runDevice([String(cloud.port), KEY, channel.channelId, 'fault'], (line) => {
      if (line.startsWith('SENT ')) sentCount++;
      if (line === 'CONNECTED') {
        online = true;
        okSinceConnect = 0;
      }
      if (line.startsWith('DISCONNECTED')) online = false;
      if (/^RESP \S+ Ok /.test(line)) okSinceConnect++;
      if (online && okSinceConnect >= 2 && plan.length && sentCount >= plan[0][0]) {
        const f = plan[0][1]();
        if (!f.endsWith(':0')) {
          faults.push(f);
          plan.shift();
        }
      }
    });
    const out = r.lines.join('\n');
    expect(r.stderr).not.toMatch(/AddressSanitizer|runtime error/);
    require('fs').writeFileSync(require('path').join(__dirname, '../../build/client-fault-run.log'), out + '\n');
    expect({ code: r.code, tail: r.lines.slice(-3) }).toEqual({ code: 0, tail: expect.arrayContaining(['EXIT 1']) });

    const sends = [...out.matchAll(/^SENT (\d+) ([0-9a-f]{8}) (\w+) (direct|queued)$/gm)].map((m) => ({
      seq: Number(m[1]), id: m[2], error: m[3], how: m[4],
    }));
    expect(sends).toHaveLength(40);
    expect(sends.every((s) => s.error === 'Ok')).toBe(true);
    const outcome = new Map([...out.matchAll(/^RESP ([0-9a-f]{8}) (\w+) \d+$/gm)].map((m) => [m[1], m[2]]));
    // Every request completed exactly once.
    expect([...out.matchAll(/^RESP /gm)]).toHaveLength(40);
    for (const s of sends) expect(outcome.has(s.id)).toBe(true);

    const received = alice.inbox
      .filter((m) => m.channelId === channel.channelId && m.senderId === device.accountId)
      .map((m) => Number(/^seq-(\d+)$/.exec(m.dataComponent.text)![1]));
    require('fs').appendFileSync(require('path').join(__dirname, '../../build/client-fault-run.log'), `received ${received.join(',')}\n`);
    // No duplicates, in send order.
    expect(new Set(received).size).toBe(received.length);
    expect([...received].sort((a, b) => a - b)).toEqual(received);
    // Loss only where the guarantee allows it: the request reported ConnectionLost.
    const missing = sends.filter((s) => !received.includes(s.seq));
    for (const s of missing) expect(outcome.get(s.id)).toBe('ConnectionLost');
    // Everything acknowledged Ok arrived.
    for (const s of sends) if (outcome.get(s.id) === 'Ok') expect(received).toContain(s.seq);
    // The faults happened: reconnects, and messages queued while offline were replayed.
    expect((out.match(/^CONNECTED$/gm) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(faults).toHaveLength(3);
    const queued = sends.filter((s) => s.how === 'queued');
    expect(queued.filter((s) => received.includes(s.seq)).length).toBeGreaterThan(0);
    const stats = cloud.stats.toJSON() as any;
    expect(stats.validationErrors.count).toBe(0);
    // For the report.
    console.log(`fault run: ${received.length}/40 delivered, ${queued.length} replayed from the outbox, lost (ConnectionLost): ${missing.map((s) => s.seq).join(',') || 'none'}; ${faults.join(' ')}`);
  }, 120000);
});
