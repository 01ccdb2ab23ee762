// Device provisioning (DESIGN.md "Provisioning"):
//   POST /registerDevice {deviceId, provisioningKey}   -> {deviceId, claimKey} (shown as a QR)
//   (the app scans the claim QR: claimDevice below)
//   POST /deviceClaimStatus {deviceId, provisioningKey} -> {claimed:false}, or {claimed:true, authToken}
//   POST /resetDevice {deviceId} (Bearer: the device's token or its owner's key) -> released, token revoked
// A claimed device gets its own account, a sub-account of the person who
// claimed it and a confirmed contact of that person, and an API key
// (the authToken) for it. States per device id: registered (pending),
// claimed (key issued; after a rotation the claim status names the newest
// usable key of the device's account), released (every key of the device was
// revoked or expired: a new claim key, claimed:false, so the device shows a
// new QR; never a refused token), reset (deleted by POST /resetDevice).
import { randomBytes } from 'crypto';
import { conflict, forbidden, notFound } from '../errors';
import type { CloudCore, HandlerTable } from '../router';
import { Account, Device, nowSec } from '../state';
import { requiredString } from './common';
import type { DeviceClaimStatus, DeviceRegistered, DeviceReset } from '../types/api';

/**
 * A test's stand-in answer for one provisioning or API-key operation: called
 * before the real handler with the request's context; returns the `data` to
 * answer instead (any shape: a wrong type, an oversized token), throws an
 * ApiError for a status (500...), or returns undefined to let the real
 * handler answer. The mock cloud of a test only (responseCheck 'record'
 * counts the broken answers in stats.responseSchemaErrors).
 */
export type Misbehaviour = (ctx: Parameters<HandlerTable[string]>[0]) => unknown;
const misbehaviours = new WeakMap<CloudCore, Map<string, Misbehaviour>>();

/** Sets (or with undefined clears) the stand-in for `operation` ("POST /deviceClaimStatus", "GET /apikey/~validate", ...). */
export function misbehave(core: CloudCore, operation: string, fn: Misbehaviour | undefined): void {
  let m = misbehaviours.get(core);
  if (!m) misbehaviours.set(core, (m = new Map()));
  if (fn) m.set(operation, fn);
  else m.delete(operation);
}

/** Wraps handlers so that a stand-in set with misbehave() answers first. */
export function withMisbehaviour(table: HandlerTable): HandlerTable {
  const out: HandlerTable = {};
  for (const [name, h] of Object.entries(table)) {
    out[name] = (ctx) => {
      const fn = misbehaviours.get(ctx.core)?.get(name);
      const data = fn ? fn(ctx) : undefined;
      return data === undefined ? h(ctx) : (data as ReturnType<typeof h>);
    };
  }
  return out;
}

function statusView(d: Device): DeviceClaimStatus {
  const v: DeviceClaimStatus = { deviceId: d.deviceId, claimed: d.status === 'claimed' };
  if (d.status === 'claimed') v.authToken = d.authToken;
  return v;
}

/**
 * Brings a claimed device's record up to date with its keys: the device's
 * current key is its authToken while that works, else the newest usable key
 * of the device's account (a rotation replaced it). When no key of the device
 * works any more (revoked, expired, deleted), the claim is void: the device is
 * released (status pending, a new claim key, no token), so the claim status
 * never hands out a refused token and the device shows a new QR to be claimed
 * again. Its account is kept for that new claim.
 */
export function refreshDevice(core: CloudCore, d: Device): Device {
  if (d.status !== 'claimed') return d;
  if (d.authToken && core.state.usableKey(d.authToken)) return d;
  let newest: { id: number; key: string } | undefined;
  for (const k of core.state.apiKeys.values()) {
    if (k.accountId === d.accountId && core.state.usableKey(k.key) && (!newest || k.id > newest.id)) newest = k;
  }
  if (newest) {
    d.authToken = newest.key;
    return d;
  }
  d.status = 'pending';
  d.claimKey = newClaimKey();
  d.authToken = undefined;
  d.claimedBy = undefined;
  core.bus.emit('released', d);
  return d;
}

function newClaimKey(): string {
  return 'SLCLAIM-' + randomBytes(12).toString('hex');
}

/** Marks a registered device as claimed by `claimer`; returns the device. Idempotent for the same claimer. */
export function claimDevice(core: CloudCore, deviceId: string, claimer: Account): Device {
  const found = core.state.devices.get(deviceId);
  if (!found) throw notFound(`device '${deviceId}' is not registered`);
  const d = refreshDevice(core, found);
  if (d.status === 'claimed') {
    if (d.claimedBy === claimer.accountId) return d;
    throw conflict(`device '${deviceId}' is already claimed`);
  }
  // A device claimed again after its key was refused keeps its account.
  const old = d.accountId ? core.state.accounts.get(d.accountId) : undefined;
  const acc = old && old.parentAccountId === claimer.accountId ? old : core.state.createAccount(`device ${deviceId}`, { parent: claimer });
  core.state.addContact(claimer.accountId, acc.accountId);
  const expireAt = new Date(Date.now() + core.deviceKeyLifetimeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const key = core.state.issueKey(acc.accountId, { name: `device ${deviceId}`, expireAt });
  d.status = 'claimed';
  d.claimedBy = claimer.accountId;
  d.accountId = acc.accountId;
  d.authToken = key.key;
  if (!core.stats.claimedDevices.includes(deviceId)) core.stats.claimedDevices.push(deviceId);
  core.bus.emit('claimed', d);
  return d;
}

function checkKey(d: Device, provisioningKey: string): void {
  if (d.provisioningKey !== provisioningKey) throw forbidden(`provisioningKey does not match device '${d.deviceId}'`);
}

export const provisioningHandlers: HandlerTable = withMisbehaviour({
  'POST /registerDevice': (ctx) => {
    const deviceId = requiredString(ctx, 'deviceId');
    const provisioningKey = requiredString(ctx, 'provisioningKey');
    const found = ctx.state.devices.get(deviceId);
    const existing = found && refreshDevice(ctx.core, found);
    if (existing) {
      // Registering again (a reboot before or after the claim) keeps the state and
      // the claim key; a claimed device must present its original key.
      if (existing.status === 'claimed') checkKey(existing, provisioningKey);
      else existing.provisioningKey = provisioningKey;
      return { deviceId, claimKey: existing.claimKey } satisfies DeviceRegistered;
    }
    const d: Device = { deviceId, provisioningKey, claimKey: newClaimKey(), status: 'pending', registeredAt: nowSec() };
    ctx.state.devices.set(deviceId, d);
    ctx.core.bus.emit('registered', d);
    return { deviceId, claimKey: d.claimKey } satisfies DeviceRegistered;
  },

  'POST /deviceClaimStatus': (ctx) => {
    const deviceId = requiredString(ctx, 'deviceId');
    const d = ctx.state.devices.get(deviceId);
    if (!d) throw notFound(`device '${deviceId}' is not registered`);
    checkKey(d, requiredString(ctx, 'provisioningKey'));
    return statusView(refreshDevice(ctx.core, d));
  },

  'POST /resetDevice': (ctx) => {
    const deviceId = requiredString(ctx, 'deviceId');
    const d = ctx.state.devices.get(deviceId);
    if (!d) throw notFound(`device '${deviceId}' is not registered`);
    // A claimed device is released by its own token or by the person who claimed it.
    const caller = ctx.account?.accountId;
    const allowed = d.status === 'pending' || (caller !== undefined && (caller === d.accountId || caller === d.claimedBy));
    if (!allowed) throw forbidden(`not allowed to reset device '${deviceId}'`);
    if (d.authToken) {
      const k = ctx.state.keysBySecret.get(d.authToken);
      if (k) {
        k.isActive = false;
        k.revokedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      }
    }
    ctx.state.devices.delete(deviceId);
    ctx.core.bus.emit('reset', d);
    return { deviceId, reset: true } satisfies DeviceReset;
  },
});
