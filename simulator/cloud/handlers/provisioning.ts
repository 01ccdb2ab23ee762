// Device provisioning (DESIGN.md "Provisioning"):
//   POST /registerDevice {deviceId, provisioningKey}   -> {deviceId, claimKey} (shown as a QR)
//   (the app scans the claim QR: claimDevice below)
//   POST /deviceClaimStatus {deviceId, provisioningKey} -> {claimed:false}, or {claimed:true, authToken}
//   POST /resetDevice {deviceId} (Bearer: the device's token or its owner's key) -> released, token revoked
// A claimed device gets its own account, a sub-account of the person who
// claimed it and a confirmed contact of that person, and an API key
// (the authToken) for it.
import { randomBytes } from 'crypto';
import { conflict, forbidden, notFound } from '../errors';
import type { CloudCore, HandlerTable } from '../router';
import { Account, Device, nowSec } from '../state';
import { requiredString } from './common';
import type { DeviceClaimStatus, DeviceRegistered, DeviceReset } from '../types/api';

function statusView(d: Device): DeviceClaimStatus {
  const v: DeviceClaimStatus = { deviceId: d.deviceId, claimed: d.status === 'claimed' };
  if (d.status === 'claimed') v.authToken = d.authToken;
  return v;
}

/** Marks a registered device as claimed by `claimer`; returns the device. Idempotent for the same claimer. */
export function claimDevice(core: CloudCore, deviceId: string, claimer: Account): Device {
  const d = core.state.devices.get(deviceId);
  if (!d) throw notFound(`device '${deviceId}' is not registered`);
  if (d.status === 'claimed') {
    if (d.claimedBy === claimer.accountId) return d;
    throw conflict(`device '${deviceId}' is already claimed`);
  }
  const acc = core.state.createAccount(`device ${deviceId}`, { parent: claimer });
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

export const provisioningHandlers: HandlerTable = {
  'POST /registerDevice': (ctx) => {
    const deviceId = requiredString(ctx, 'deviceId');
    const provisioningKey = requiredString(ctx, 'provisioningKey');
    const existing = ctx.state.devices.get(deviceId);
    if (existing) {
      // Registering again (a reboot before or after the claim) keeps the state and
      // the claim key; a claimed device must present its original key.
      if (existing.status === 'claimed') checkKey(existing, provisioningKey);
      else existing.provisioningKey = provisioningKey;
      return { deviceId, claimKey: existing.claimKey } satisfies DeviceRegistered;
    }
    const d: Device = { deviceId, provisioningKey, claimKey: 'SLCLAIM-' + randomBytes(12).toString('hex'), status: 'pending', registeredAt: nowSec() };
    ctx.state.devices.set(deviceId, d);
    ctx.core.bus.emit('registered', d);
    return { deviceId, claimKey: d.claimKey } satisfies DeviceRegistered;
  },

  'POST /deviceClaimStatus': (ctx) => {
    const deviceId = requiredString(ctx, 'deviceId');
    const d = ctx.state.devices.get(deviceId);
    if (!d) throw notFound(`device '${deviceId}' is not registered`);
    checkKey(d, requiredString(ctx, 'provisioningKey'));
    return statusView(d);
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
};
