// firmware/examples/Provisioning on a simulated Mega against bad input: a
// corrupt key slot in EEPROM, claim status replies of the wrong type, an
// authToken longer than the key store takes, and 500s from the cloud. Each
// time: no crash, no stored garbage, the working key kept, and the device
// online in the end. (The cloud's stand-in answers: misbehave() in
// simulator/cloud/handlers/provisioning.ts.)
import { Cloud } from '../../simulator/cloud';
import { ApiError } from '../../simulator/cloud/errors';
import { misbehave } from '../../simulator/cloud/handlers/provisioning';
import { boot, DEVICE_ID, longestLoops, ops, otherFailures, ownerCloud, readKeyStore, rest } from './provisioningBoard';

const BOARD = 'mega';
const ONLINE_AND_READING = /sending: reading 1 \(/;
const SLOT = 128;

describe(`${BOARD}: bad input while provisioning and later`, () => {
  let cloud: Cloud;
  let eeprom: Uint8Array;
  let token = '';
  beforeAll(async () => {
    cloud = await ownerCloud();
  });
  afterAll(() => cloud.close());

  test('claim status: claimed of the wrong type, authToken a number, an oversized authToken, a 500: each refused, polling goes on, the real token stored', async () => {
    const bad: unknown[] = [
      { deviceId: DEVICE_ID, claimed: 'yes', authToken: 'slk_not_this_one' },
      { deviceId: DEVICE_ID, claimed: true, authToken: 12345 },
      { deviceId: DEVICE_ID, claimed: true, authToken: 'x'.repeat(300) },
      500,
    ];
    const served: unknown[] = [];
    misbehave(cloud.core, 'POST /deviceClaimStatus', () => {
      const d = cloud.state.devices.get(DEVICE_ID);
      if (d?.status !== 'claimed' || bad.length === 0) return undefined;
      const next = bad.shift();
      served.push(next);
      if (next === 500) throw new ApiError(500, 'mock cloud: internal error (test)');
      return next;
    });
    try {
      const { report: r, eeprom: ee } = await boot(cloud, BOARD, { until: ONLINE_AND_READING, seconds: 300 });
      const shown = r.serial.replace(/[\u2580-\u2588 ]{20,}\r\n/g, '');
      expect({ failures: otherFailures(r), served: served.length }).toEqual({ failures: [], served: 4, ...(otherFailures(r).length ? { shown } : {}) });
      expect(r.serial).toContain('(retrying: field of the wrong type)');
      expect(r.serial).toContain('(retrying: auth token too long)');
      expect(r.serial).toContain('(retrying: unexpected HTTP status)');
      const d = cloud.state.devices.get(DEVICE_ID)!;
      const stored = readKeyStore(ee);
      expect(stored.current?.key).toBe(d.authToken);
      // nothing but the real token ever reached the EEPROM
      for (const s of stored.slots) if (s) expect(s.key).toBe(d.authToken);
      expect(ops(cloud, 'validateApiKey')).toBe(1);
      expect(Math.max(...longestLoops(r.serial))).toBeLessThan(1000);
      eeprom = ee;
      token = d.authToken!;
    } finally {
      misbehave(cloud.core, 'POST /deviceClaimStatus', undefined);
    }
  }, 300000);

  test('reboot while ~validate answers 500, then a wrong type: the stored key is kept and used; online once the cloud recovers', async () => {
    let left = 2;
    const validates = ops(cloud, 'validateApiKey');
    misbehave(cloud.core, 'GET /apikey/~validate', () => {
      if (left === 0) return undefined;
      left--;
      if (left === 1) throw new ApiError(500, 'mock cloud: internal error (test)');
      return { id: 'not-a-number', expire_at: 17 };
    });
    try {
      const { report: r, eeprom: ee } = await boot(cloud, BOARD, {
        eeprom,
        defines: ['SL_EXAMPLE_TEST=1', 'READING_INTERVAL_MS=3000UL', 'KEY_RETRY_INTERVAL_MS=3000UL'],
        until: /(?:checking the key[\s\S]*?){3}online with key #\d+\r\n[\s\S]*?connected\r\n/,
        seconds: 300,
      });
      expect(otherFailures(r)).toEqual([]);
      expect(left).toBe(0);
      expect(ops(cloud, 'validateApiKey')).toBe(validates + 3);
      // online with the stored key between the failed checks
      expect(r.serial).toMatch(/unexpected HTTP status\)\r\nonline with key #\d+\r\nconnected\r\nsending: lamp-0001 online/);
      expect(r.serial).toContain('(retrying: unexpected HTTP status)');
      expect(r.serial).toContain('(retrying: field of the wrong type)');
      expect(r.serial).not.toMatch(/registering|\u2588/);
      expect(readKeyStore(ee).current?.key).toBe(token);
      expect((await rest(cloud, 'GET', '/apikey/~validate', token)).status).toBe(200);
    } finally {
      misbehave(cloud.core, 'GET /apikey/~validate', undefined);
    }
  }, 300000);

  test('the current key slot corrupt (one key byte flipped): the older slot is used, no provisioning', async () => {
    const { current, slots } = readKeyStore(eeprom);
    expect(slots.filter(Boolean)).toHaveLength(2); // token, then token with its id and expiry
    const broken = eeprom.slice();
    broken[current!.slot * SLOT + 30] ^= 0x01;
    const after = readKeyStore(broken);
    expect(after.current?.slot).toBe(1 - current!.slot);
    const registers = ops(cloud, 'registerDevice');
    const { report: r, eeprom: ee } = await boot(cloud, BOARD, { eeprom: broken, until: ONLINE_AND_READING });
    expect(otherFailures(r)).toEqual([]);
    expect(r.serial).not.toMatch(/registering|\u2588/);
    expect(ops(cloud, 'registerDevice')).toBe(registers);
    expect(readKeyStore(ee).current?.key).toBe(token);
    eeprom = ee;
  }, 300000);

  test('both slots corrupt (CRC bytes flipped): provisioning again; the cloud still has the device claimed, so the same token comes back', async () => {
    const broken = eeprom.slice();
    broken[SLOT - 1] ^= 0xff;
    broken[2 * SLOT - 1] ^= 0xff;
    expect(readKeyStore(broken).current).toBeNull();
    const { report: r, eeprom: ee } = await boot(cloud, BOARD, { eeprom: broken, until: ONLINE_AND_READING });
    expect(otherFailures(r)).toEqual([]);
    expect(r.serial).toMatch(/registering with the cloud[\s\S]*online with key/);
    expect(readKeyStore(ee).current?.key).toBe(token);
  }, 300000);
});
