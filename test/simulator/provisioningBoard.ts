// Helpers for firmware/examples/Provisioning on simulated boards: one mock
// cloud kept across boots (reboots, power cuts), the board's EEPROM carried
// from run to run, and a reader for sl::KeyStore records in that EEPROM
// (layout in firmware/src/provisioning/KeyStore.h), written here from the
// documented layout, not from the firmware.
import * as path from 'path';
import { Cloud, startCloud } from '../../simulator/cloud';
import { EXAMPLE_OWNER_ID, seedExampleWorld } from '../../simulator/sketch/exampleWorld';
import { runSketch, SimReport, SketchRunOptions } from '../../simulator/sketch/run';

export const ROOT = path.resolve(__dirname, '../..');
export const PROVISIONING_SKETCH = path.join(ROOT, 'firmware', 'examples', 'Provisioning');
/** The owner id the example is built with (OWNER_ID): alice gets it. */
export const OWNER_ID = EXAMPLE_OWNER_ID;
export const DEVICE_ID = 'lamp-0001';
export const DAY_MS = 86400_000;

/** A mock cloud with alice (the owner) at OWNER_ID; device keys live `keyDays`. */
export async function ownerCloud(keyDays = 365): Promise<Cloud> {
  const cloud = await startCloud({ port: 0, apiKeys: ['dev-key'], deviceKeyLifetimeMs: keyDays * DAY_MS });
  seedExampleWorld(cloud);
  return cloud;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface KeyRecord {
  slot: number;
  sequence: number;
  key: string;
  id: bigint;
  previousId: bigint;
  expiresAt: number;
}

/** Both slots (null where invalid) and the current record (highest sequence, serial-number order). */
export function readKeyStore(eeprom: Uint8Array, maxKeyLen = 96): { slots: (KeyRecord | null)[]; current: KeyRecord | null } {
  const slotSize = 32 + maxKeyLen;
  const slots: (KeyRecord | null)[] = [0, 1].map((slot) => {
    const r = eeprom.subarray(slot * slotSize, (slot + 1) * slotSize);
    const dv = new DataView(r.buffer, r.byteOffset, r.byteLength);
    const len = r[3];
    if (r[0] !== 0x73 || r[1] !== 0x4b || r[2] !== 1 || len < 1 || len > maxKeyLen) return null;
    if (crc32(r.subarray(0, 28 + maxKeyLen)) !== dv.getUint32(28 + maxKeyLen, true)) return null;
    return {
      slot,
      sequence: dv.getUint32(4, true),
      id: dv.getBigUint64(8, true),
      previousId: dv.getBigUint64(16, true),
      expiresAt: dv.getUint32(24, true),
      key: Buffer.from(r.subarray(28, 28 + len)).toString('latin1'),
    };
  });
  let current: KeyRecord | null = null;
  for (const s of slots) {
    if (s && (!current || (s.sequence !== current.sequence && ((s.sequence - current.sequence) >>> 0) < 0x80000000))) current = s;
  }
  return { slots, current };
}

export interface Boot {
  report: SimReport;
  eeprom: Uint8Array;
}

/** One boot of the example against `cloud`, starting from `eeprom` (default erased). */
export async function boot(
  cloud: Cloud,
  board: string,
  opts: Partial<SketchRunOptions> & { eeprom?: Uint8Array; until?: RegExp; seconds?: number },
): Promise<Boot> {
  const report = await runSketch({
    board,
    sketch: PROVISIONING_SKETCH,
    // simulated time; a run stops at `until`. Generous: under a loaded host the
    // modem's answers take more simulated time, and retries back off.
    seconds: 180,
    defines: ['SL_EXAMPLE_TEST=1', 'READING_INTERVAL_MS=3000UL'],
    ...opts,
    cloud,
  });
  return { report, eeprom: report.eeprom ? new Uint8Array(Buffer.from(report.eeprom.hex, 'hex')) : new Uint8Array(0) };
}

/** The failures other than the board's SDK flash budget (the provisioning
 * sketches are over it: the Uno's 10 KB, the Mega's 32 KB; the tests check
 * the chip's flash instead). RAM budget overruns stay failures. */
export function otherFailures(r: SimReport): string[] {
  return r.failures.filter((f) => !/^flash \d+ bytes exceeds the \w+ budget/.test(f));
}

/** The Uno example of the issue-6 flow over REST (firmware/examples/ProvisioningUno). */
export const UNO_SKETCH = path.join(ROOT, 'firmware', 'examples', 'ProvisioningUno');
export const UNO_DEVICE_ID = 'uno-0001';
/** ATmega328P: flash left by the 512-byte bootloader, and SRAM. */
export const UNO_FLASH = 32256;
export const UNO_RAM = 2048;

/** "longest loop so far N ms" figures the sketch printed. */
export function longestLoops(serial: string): number[] {
  return [...serial.matchAll(/longest loop so far (\d+) ms/g)].map((m) => Number(m[1]));
}

export const ops = (cloud: Cloud, op: string): number => (cloud.stats.toJSON() as any).requests.perOperation[op] ?? 0;

export async function rest(cloud: Cloud, method: string, p: string, key?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  const r = await fetch(`${cloud.url}${p}`, { method, headers });
  return { status: r.status, json: await r.json() };
}
