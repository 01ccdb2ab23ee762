// The API-key lifecycle of firmware/examples/Provisioning on a simulated
// Mega (its EEPROM modelled and carried from boot to boot) against the mock
// cloud:
//   - rotation: device keys issued for 4 days are renewed on the first check
//     (GET /apikey/~validate, POST /apikey, store, DELETE /apikey/{old id},
//     store); the old key is deleted on the cloud and the device keeps
//     working with the new one, also after a reboot;
//   - a key revoked while the device runs: its WebSocket is refused (401),
//     the device goes back to provisioning (new QR, claimed again) and the
//     readings it queued meanwhile still arrive, none missing;
//   - power cut at every write step of provisioning and rotation: each of
//     the four key-store records is cut at its first byte, in its key bytes,
//     in its CRC and in its magic (written last); the board restarts with
//     its EEPROM as the cut left it and comes back online with a valid
//     (rotated) key;
//   - the Uno (ATmega328P): the issue-6 flow end to end over REST with
//     firmware/examples/ProvisioningUno (first boot, reboot, reset).
import * as path from 'path';
import { Cloud } from '../../simulator/cloud';
import { runSketch, SimReport } from '../../simulator/sketch/run';
import { boot, DAY_MS, DEVICE_ID, longestLoops, ops, otherFailures, ownerCloud, readKeyStore, rest, UNO_DEVICE_ID, UNO_FLASH, UNO_RAM, UNO_SKETCH } from './provisioningBoard';

const BOARD = 'mega';
const ONLINE_AND_READING = /sending: reading 1 \(/;
const SLOT = 128; // 32 + SL_KEYSTORE_MAX_KEY_LEN (96)

/** The first key the cloud issued to the device (the claimed token). */
function claimedToken(cloud: Cloud): { id: number; key: string; revokedAt: string | null } {
  const account = cloud.state.devices.get(DEVICE_ID)!.accountId;
  const keys = [...cloud.state.apiKeys.values()].filter((k) => k.accountId === account).sort((a, b) => a.id - b.id);
  return keys[0];
}

describe(`${BOARD}: rotation of a key that expires in 4 days`, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await ownerCloud(4);
  });
  afterAll(() => cloud.close());
  let eeprom: Uint8Array;
  let rotated = '';

  test('claimed -> validate -> POST /apikey -> stored -> DELETE old -> stored; old key deleted on the cloud; the device keeps working', async () => {
    const { report: r, eeprom: ee } = await boot(cloud, BOARD, { until: ONLINE_AND_READING });
    expect(otherFailures(r)).toEqual([]);
    expect(r.serial).toMatch(/checking the key\r\nthe key expires soon: getting a new one\r\ndeleting the old key\r\nonline with key #\d+\r\nconnected\r\n/);
    const old = claimedToken(cloud);
    expect(old.revokedAt).not.toBeNull();
    expect((await rest(cloud, 'GET', '/apikey/~validate', old.key)).status).toBe(401);
    const stored = readKeyStore(ee).current!;
    expect(stored.key).not.toBe(old.key);
    expect(stored.previousId).toBe(0n);
    const fresh = cloud.state.keysBySecret.get(stored.key)!;
    expect(fresh.previousApiKeyId).toBe(old.id);
    expect(Number(stored.id)).toBe(fresh.id);
    const v = await rest(cloud, 'GET', '/apikey/~validate', stored.key);
    expect(v.status).toBe(200);
    expect(Date.parse(v.json.data.expire_at)).toBeGreaterThan(Date.now() + 360 * DAY_MS);
    expect(stored.expiresAt * 1000).toBe(Date.parse(v.json.data.expire_at));
    expect(ops(cloud, 'createApiKey')).toBe(1);
    expect(ops(cloud, 'deleteApiKey')).toBe(1);
    // the message went out with the new key, after the old one was deleted
    const alice = cloud.app.person('alice');
    const account = cloud.state.devices.get(DEVICE_ID)!.accountId;
    const msg = await alice.waitForMessage((m) => m.senderId === account && m.dataComponent.text === 'lamp-0001 online', 2000);
    expect(msg.receivedOn * 1000 + 999).toBeGreaterThanOrEqual(Date.parse(old.revokedAt!));
    // the claim status now names the working key, never the deleted one
    expect(cloud.state.devices.get(DEVICE_ID)!.authToken).toBe(old.key);
    const status = await fetch(`${cloud.url}/deviceClaimStatus`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceId: DEVICE_ID, provisioningKey: 'pk-lamp-0001-secret' }) });
    expect(((await status.json()) as any).data.authToken).toBe(stored.key);
    expect(Math.max(...longestLoops(r.serial))).toBeLessThan(1000);
    console.log(`rotation on ${BOARD}: ${r.eeprom!.writes} EEPROM bytes written, cycles ${r.cycles}, longest loop ${Math.max(...longestLoops(r.serial))} ms`);
    eeprom = ee;
    rotated = stored.key;
  }, 300000);

  test('reboot: the rotated key from EEPROM, no second rotation', async () => {
    const { report: r, eeprom: ee } = await boot(cloud, BOARD, { eeprom, until: ONLINE_AND_READING });
    expect(otherFailures(r)).toEqual([]);
    expect(r.serial).toMatch(/checking the key\r\nonline with key #\d+\r\nconnected\r\n/);
    expect(r.serial).not.toContain('expires soon');
    expect(ops(cloud, 'createApiKey')).toBe(1);
    expect(readKeyStore(ee).current!.key).toBe(rotated);
  }, 300000);
});

describe(`${BOARD}: a key revoked while the device runs`, () => {
  test('WebSocket refused -> validate 401 -> provisioning again (new QR, claimed) -> new key; the queued readings all arrive', async () => {
    const cloud = await ownerCloud();
    try {
      const alice = cloud.app.person('alice');
      let firstKey = '';
      // Once reading 2 has reached alice (the device is between sends: a
      // notification arriving in the middle of an AT+CIPSEND is the
      // EspAtTransport race noted in the report), the owner revokes the key in
      // the app and the cloud closes the device's WebSocket.
      void alice.waitForMessage((m) => m.dataComponent.text === 'reading 2', 120000).then(() => {
        const d = cloud.state.devices.get(DEVICE_ID)!;
        const k = cloud.state.keysBySecret.get(d.authToken!)!;
        firstKey = k.key;
        k.isActive = false;
        k.revokedAt = new Date().toISOString();
        cloud.ws.disconnect(d.accountId, 'close');
      }, () => undefined);
      const { report: r, eeprom: ee } = await boot(cloud, BOARD, {
        defines: ['SL_EXAMPLE_TEST=1', 'READING_INTERVAL_MS=500UL'],
        until: /connection lost[\s\S]*scan the QR[\s\S]*online with key #\d+\r\n[\s\S]*?connected\r\n(?:[\s\S]*?sending: reading \d+ ){3}/,
      });
      expect(otherFailures(r)).toEqual([]);
      expect(r.serial).toMatch(/connection lost[\s\S]*checking the key\r\n {2}\(retrying: key rejected\)\r\nregistering with the cloud/);
      expect(r.app.qrScanned).toHaveLength(2);
      const d = cloud.state.devices.get(DEVICE_ID)!;
      expect(d.status).toBe('claimed');
      expect(d.authToken).not.toBe(firstKey);
      expect(readKeyStore(ee).current!.key).toBe(d.authToken);
      // Readings the device took (printed without "not sent" after them), up to the last but one.
      const taken = [...r.serial.matchAll(/sending: reading (\d+) [^\n]*\n(not sent)?/g)].filter((m) => !m[2]).map((m) => Number(m[1]));
      const last = Math.max(...taken);
      const want = [...new Set(taken)].filter((n) => n < last).sort((a, b) => a - b);
      expect(want).toEqual(Array.from({ length: last - 1 }, (_, i) => i + 1));
      // Those taken while the connection was down were queued in the outbox and sent after re-provisioning.
      const lostAt = r.serial.indexOf('connection lost');
      const before = r.serial.slice(0, lostAt);
      const down = r.serial.slice(lostAt).split('online with key')[0];
      const queued = [...down.matchAll(/sending: reading (\d+) [^\n]*\n(?!not sent)/g)].map((m) => Number(m[1]));
      expect(queued.length).toBeGreaterThan(0);
      await new Promise((res) => setTimeout(res, 1000));
      const got = alice.inbox.filter((m) => m.senderId === d.accountId && /^reading \d+$/.test(m.dataComponent.text)).map((m) => Number(m.dataComponent.text.slice(8)));
      expect(queued.filter((n) => !got.includes(n))).toEqual([]);
      // The one reading that may be missing: written on the old connection just as
      // the key was revoked (the cloud refuses it with a 401; at most once, never resent).
      const inFlight = Math.max(...[...before.matchAll(/sending: reading (\d+) /g)].map((m) => Number(m[1])));
      expect(want.filter((n) => !got.includes(n) && n !== inFlight)).toEqual([]);
      expect(got).toEqual([...got].sort((a, b) => a - b)); // in order, none twice
      expect(new Set(got).size).toBe(got.length);
      expect(Math.max(...longestLoops(r.serial))).toBeLessThan(1000);
    } finally {
      await cloud.close();
    }
  }, 300000);
});

// A record is written from its byte 2 up to its CRC, then its magic (bytes 0
// and 1) last. The EEPROM skips bytes that do not change (EEPROM.update()), so
// the magic is written only into a slot that had no record. The cut points:
// a record's first byte written, its first key byte, its first CRC byte and
// its first magic byte (where it has one).
type Point = 'first byte' | 'key bytes' | 'CRC' | 'magic';
const POINTS: Point[] = ['first byte', 'key bytes', 'CRC', 'magic'];
const isAt = (point: Point, off: number) => ({ 'first byte': true, 'key bytes': off >= 28, CRC: off >= 28 + 96, magic: off < 2 })[point];

/** Whether the EEPROM write at `addr`, after the one at `prev`, starts another key-store record. */
function startsRecord(prev: number, addr: number): boolean {
  if (prev < 0 || Math.floor(addr / SLOT) !== Math.floor(prev / SLOT)) return true;
  const magicAfterCrc = addr % SLOT < 2 && prev % SLOT >= 28 + 96;
  return addr < prev && !magicAfterCrc;
}

/** Cut predicate: the `point` of the `record`-th key-store record written (1-based). */
function cutAt(record: number, point: Point): (addr: number) => boolean {
  let group = 0;
  let prev = -1;
  let done = false;
  return (addr) => {
    if (addr >= 2 * SLOT) return false;
    if (startsRecord(prev, addr)) {
      ++group;
      done = false;
    }
    prev = addr;
    const hit = !done && group === record && isAt(point, addr % SLOT);
    if (hit) done = true;
    return hit;
  };
}

/** The slot offsets each record in a write log wrote, in order (same rule as cutAt). */
function records(addresses: number[]): number[][] {
  const out: number[][] = [];
  let prev = -1;
  for (const addr of addresses) {
    if (addr >= 2 * SLOT) continue;
    if (startsRecord(prev, addr)) out.push([]);
    out[out.length - 1].push(addr % SLOT);
    prev = addr;
  }
  return out;
}

describe(`${BOARD}: power cut at every write step of provisioning and rotation (4-day keys)`, () => {
  let written: number[][] = [];
  test('uncut: four records (token; token with id and expiry; new key with the old id to delete; new key), each magic last', async () => {
    const cloud = await ownerCloud(4);
    try {
      const { report: r } = await boot(cloud, BOARD, { until: ONLINE_AND_READING });
      expect(otherFailures(r)).toEqual([]);
      written = records(r.eeprom!.addresses);
      expect(written).toHaveLength(4);
      // Records 1 and 2 are the first in slots 0 and 1: their magic is written, after the CRC.
      for (const offs of written) {
        const firstMagic = offs.findIndex((o) => o < 2);
        if (firstMagic >= 0) expect(offs.slice(firstMagic).every((o) => o < 2) && offs.slice(0, firstMagic).some((o) => o >= 28 + 96)).toBe(true);
      }
      expect(written.map((offs) => offs.some((o) => o < 2))).toEqual([true, true, false, false]);
    } finally {
      await cloud.close();
    }
  }, 300000);

  test('each cut, then a restart with the EEPROM as left: online with a valid rotated key, the claimed token deleted', async () => {
    expect(written).toHaveLength(4);
    const failures: string[] = [];
    let runs = 0;
    let expected = 0;
    for (let record = 1; record <= written.length; record++) {
      for (const point of POINTS.filter((p) => written[record - 1].some((off) => isAt(p, off)))) {
        ++expected;
        const what = `record ${record}, ${point}`;
        const cloud = await ownerCloud(4);
        try {
          const cut = await boot(cloud, BOARD, { cutWhen: cutAt(record, point) });
          if (cut.report.stopReason !== 'power-cut' || otherFailures(cut.report).length) {
            failures.push(`${what}: the cut run ended ${cut.report.stopReason}: ${otherFailures(cut.report).join('; ')} ${JSON.stringify(cut.report.cloud.validationErrorList)}`);
            continue;
          }
          const r = await boot(cloud, BOARD, { eeprom: cut.eeprom, until: ONLINE_AND_READING });
          ++runs;
          const stored = readKeyStore(r.eeprom).current;
          const v = stored ? await rest(cloud, 'GET', '/apikey/~validate', stored.key) : undefined;
          const token = claimedToken(cloud);
          const problems = [
            ...otherFailures(r.report),
            r.report.stopReason === 'until' ? '' : `restart ended ${r.report.stopReason}`,
            v?.status === 200 ? '' : `stored key validates ${v?.status}`,
            v && Date.parse(v.json.data?.expire_at) > Date.now() + 360 * DAY_MS ? '' : 'stored key is not the rotated one',
            token?.revokedAt ? '' : 'claimed token not deleted',
            stored?.previousId === 0n ? '' : `previousId ${stored?.previousId} left`,
            Math.max(...longestLoops(r.report.serial)) < 1000 ? '' : 'a loop() took 1 s or more',
          ].filter(Boolean);
          if (problems.length) failures.push(`${what}: ${problems.join('; ')} ${JSON.stringify(r.report.cloud.validationErrorList)}\n${r.report.serial.replace(/[\u2580-\u2588 ]{20,}\r\n/g, '')}`);
        } finally {
          await cloud.close();
        }
      }
    }
    expect(failures).toEqual([]);
    expect(runs).toBe(expected);
    expect(expected).toBe(4 * 3 + 2);
  }, 1200000);
});

describe('SL_CLAIM_QR_MASK (a forced QR mask): smaller, and the claim QR still scans', () => {
  test('mega, test/simulator/sketches/provisioning_flow: default vs mask 3', async () => {
    const sketch = path.join(__dirname, 'sketches', 'provisioning_flow');
    const run = (defines: string[]) => runSketch({ board: 'mega', sketch, until: /online, key id \d+\r\n/, seconds: 60, defines: ['SL_EXAMPLE_TEST=1', ...defines] });
    const auto = await run([]);
    const fixed = await run(['SL_CLAIM_QR_MASK=3']);
    for (const r of [auto, fixed]) {
      expect(r.stopReason).toBe('until');
      expect(r.app.qrScanned).toHaveLength(1); // decoded off the console by jsqr
      expect(r.cloud.claimedDevices).toEqual(['sim-device-1']);
    }
    console.log(`provisioning_flow on mega: flash ${auto.flashBytes} (mask scored) vs ${fixed.flashBytes} (SL_CLAIM_QR_MASK=3)`);
    expect(auto.flashBytes - fixed.flashBytes).toBeGreaterThan(500);
  }, 300000);
});

describe('uno: the whole flow over REST (firmware/examples/ProvisioningUno) on an ATmega328P', () => {
  // One cloud, one device, three boots: factory-fresh, reboot, reset.
  let cloud: Cloud;
  let eeprom: Uint8Array;
  let firstKey = '';
  beforeAll(async () => {
    cloud = await ownerCloud();
  });
  afterAll(() => cloud.close());
  const SENT = /message sent: 2\d\d\r\n/;
  const uno = (opts: Parameters<typeof boot>[2]) => boot(cloud, 'uno', { sketch: UNO_SKETCH, defines: [], ...opts });
  const fromDevice = (account: string | undefined) =>
    cloud.app.person('alice').inbox.filter((m) => m.senderId === account && m.dataComponent.text === 'uno online');
  const fits = (r: SimReport) => {
    console.log(`ProvisioningUno on uno: peak RAM ${r.peakRamBytes} B (static ${r.staticRamBytes} + stack ${r.peakStackBytes}), flash ${r.flashBytes} B`);
    expect(r.flashBytes).toBeLessThanOrEqual(UNO_FLASH);
    // Flash measured 26,424-26,510 B over these builds (27 Nov, after the
    // QR encoder and provisioner size work; 29,250 B before): it must not
    // creep back. The SDK's Uno flash budget (10 KB) is still far off.
    // 24,862 B at 9da9f84 (sl::AvrUart0 for the modem's UART); 24,450 B
    // after KeyStore::scan() went out of line (-230 B; peak RAM 870 -> 893 B)
    // and putDecimal() lost its 64-bit shifts (-96 B). 22,304 B at 44213b3
    // (the provisioner, key store and QR encoder made smaller; 24,178 B
    // before), 22,360 B built with RESET_AFTER_SEND=1 (the reset case).
    // 22,342 / 22,398 B after two fixes: the provisioner waits while the
    // message's exchange runs (+10 B) and a control byte in a chunk
    // extension fails the response (+28 B); 22,324 / 22,380 B after the
    // WebSocket layer's work (its shared flash-string helpers) at 90f012a;
    // 22,108 / 22,164 B with the provisioner's HTTP parser not reading the
    // Connection header (HttpCloseResponseParser), 22,042 / 22,098 B with
    // its port and Content-Length digits from PutBuffer::putNumber();
    // 22,026 / 22,082 B with flash text walked by lpm Z+ (detail::flashNext);
    // 21,968 / 22,024 B with the provisioner's HTTP parser read through
    // an opaque pointer (SL_OPAQUE_AVR); 21,732 / 21,788 B with the key store's slot reads smaller;
    // 21,586 / 21,642 B with the modem transport, WebSocket and JSON reader smaller; 21,602 / 21,658 B
    // with the transport's elapsed() by value again (a fix); 21,496 / 21,558 B with
    // every layer a little smaller again (one session's pass); 21,446 / 21,508 B
    // with the modem's command lines written by a member PutBuffer; 21,416 / 21,478 B with
    // SHA-1 and the modem smaller again.
    expect(r.flashBytes).toBeLessThanOrEqual(21478);
    // Within the SDK's Uno RAM budget (1,024 B): 985 B over these boots
    // (static 833 + stack 152; 1,143 B, static 930, before the
    // Provisioner's fields were packed, the credentials moved to flash and
    // the request bodies written outside HttpRequestWriter::end(BodyFn)).
    expect(r.budget.peakRamBytes).toBe(1024);
    expect(r.peakRamBytes).toBeLessThanOrEqual(r.budget.peakRamBytes);
    expect(r.heapBytes).toBe(0);
    expect(r.cloud.validationErrors).toBe(0);
    // Only the SDK's Uno flash budget (10 KB) is over: the sim's own RAM
    // budget check applies (a RAM overrun is a failure here).
    expect(otherFailures(r)).toEqual([]);
    const loops = longestLoops(r.serial);
    expect(loops.length).toBeGreaterThan(0);
    expect(Math.max(...loops)).toBeLessThan(1000);
  };

  test('factory-fresh: claim QR on the console, decoded by jsqr, claimed by the app; key stored in EEPROM; a message sent', async () => {
    const { report: r, eeprom: ee } = await uno({ until: SENT });
    console.log(`ProvisioningUno on uno: flash ${r.flashBytes} B of ${UNO_FLASH}, peak RAM ${r.peakRamBytes} B of ${UNO_RAM} (static ${r.staticRamBytes} + stack ${r.peakStackBytes}), longest loop ${Math.max(...longestLoops(r.serial))} ms, ${r.eeprom!.writes} EEPROM bytes written`);
    expect(r.stopReason).toBe('until');
    fits(r);
    expect(r.app.qrScanned).toHaveLength(1); // the real decoder read it off the console
    const d = cloud.state.devices.get(UNO_DEVICE_ID)!;
    expect(r.app.qrScanned[0]).toBe(d.claimKey);
    expect(r.cloud.claimedDevices).toEqual([UNO_DEVICE_ID]);
    const stored = readKeyStore(ee).current!;
    expect(stored.key).toBe(d.authToken);
    expect((await rest(cloud, 'GET', '/apikey/~validate', stored.key)).status).toBe(200);
    expect(fromDevice(d.accountId)).toHaveLength(1);
    expect(ops(cloud, 'registerDevice')).toBe(1);
    eeprom = ee;
    firstKey = stored.key;
  }, 300000);

  test('reboot: online with the key from EEPROM, no provisioning, the message sent again', async () => {
    expect(firstKey).not.toBe('');
    const claimPolls = ops(cloud, 'getDeviceClaimStatus');
    const { report: r, eeprom: ee } = await uno({ eeprom, until: SENT });
    expect(r.stopReason).toBe('until');
    fits(r);
    expect(r.app.qrScanned).toHaveLength(0);
    expect(r.serial).not.toMatch(/state [23] /); // never Register nor ShowQr
    expect(ops(cloud, 'registerDevice')).toBe(1);
    expect(readKeyStore(ee).current!.key).toBe(firstKey);
    expect(fromDevice(cloud.state.devices.get(UNO_DEVICE_ID)!.accountId)).toHaveLength(2);
    expect(ops(cloud, 'getDeviceClaimStatus')).toBe(claimPolls);
    eeprom = ee;
  }, 300000);

  test('reset (POST /resetDevice after the message, RESET_AFTER_SEND=1): provisions again, a new QR and key', async () => {
    expect(firstKey).not.toBe('');
    const { report: r, eeprom: ee } = await uno({ eeprom, defines: ['RESET_AFTER_SEND=1'], until: /resetting\r\n[\s\S]*message sent: 2\d\d\r\n/ });
    expect(r.stopReason).toBe('until');
    fits(r);
    expect(ops(cloud, 'resetDevice')).toBe(1);
    expect(ops(cloud, 'registerDevice')).toBe(2);
    expect(r.app.qrScanned).toHaveLength(1);
    const d = cloud.state.devices.get(UNO_DEVICE_ID)!;
    expect(r.app.qrScanned[0]).toBe(d.claimKey);
    expect(d.status).toBe('claimed');
    const stored = readKeyStore(ee).current!;
    expect(stored.key).toBe(d.authToken);
    expect(stored.key).not.toBe(firstKey);
    // the message with the new key (the claim may give the device a new account)
    expect(fromDevice(d.accountId).length).toBeGreaterThanOrEqual(1);
    expect(cloud.app.person('alice').inbox.filter((m) => m.dataComponent.text === 'uno online')).toHaveLength(4);
  }, 300000);
});

describe('uno: a power cut in the middle of the second key-store record (the key id and expiry after ~validate)', () => {
  test('the restart finds the claimed key in the other slot: online without a QR, the message sent', async () => {
    const cloud = await ownerCloud();
    try {
      const cut = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines: [], cutWhen: cutAt(2, 'key bytes') });
      expect(cut.report.stopReason).toBe('power-cut');
      expect(cut.report.app.qrScanned).toHaveLength(1);
      const token = cloud.state.devices.get(UNO_DEVICE_ID)!.authToken;
      const left = readKeyStore(cut.eeprom);
      expect(left.current!.key).toBe(token);
      expect(left.current!.id).toBe(0n); // the first record: the token alone
      const r = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines: [], eeprom: cut.eeprom, until: /message sent: 2\d\d\r\n/ });
      expect(r.report.stopReason).toBe('until');
      expect(otherFailures(r.report)).toEqual([]); // RAM within the Uno budget after the cut too
      expect(r.report.app.qrScanned).toHaveLength(0);
      expect(ops(cloud, 'registerDevice')).toBe(1);
      const stored = readKeyStore(r.eeprom).current!;
      expect(stored.key).toBe(token);
      expect(Number(stored.id)).toBe(cloud.state.keysBySecret.get(token!)!.id);
      expect(Math.max(...longestLoops(r.report.serial))).toBeLessThan(1000);
    } finally {
      await cloud.close();
    }
  }, 300000);
});
