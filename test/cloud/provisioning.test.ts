// Provisioning (register -> pending -> the app claims by QR -> authToken ->
// reset) and API-key rotation (validate / create / delete, expired and
// revoked keys -> 401).
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { WsClient, api, expectMatchesSpec } from './helpers';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await startCloud({
    port: 0,
    responseCheck: 'strict',
    apiKeys: ['test-key', { key: 'expired-key', expireAt: '2020-01-01T00:00:00Z' }, { key: 'short-key', expireAt: new Date(Date.now() + 2 * 86400_000).toISOString() }],
  });
});
afterAll(() => cloud.close());

describe('provisioning', () => {
  const creds = { deviceId: 'esp-0001', provisioningKey: 'pk-secret-1' };

  test('register -> pending -> claim by QR -> authToken works -> reset revokes it', async () => {
    const reg = await api(cloud, 'POST', '/registerDevice', creds, null);
    expect(reg.status).toBe(200);
    expectMatchesSpec(cloud, 'POST', '/registerDevice', reg);
    const claimKey: string = reg.json.data.claimKey;
    expect(claimKey.length).toBeGreaterThan(8);

    const pending = await api(cloud, 'POST', '/deviceClaimStatus', creds, null);
    expectMatchesSpec(cloud, 'POST', '/deviceClaimStatus', pending);
    expect(pending.json.data).toEqual({ deviceId: creds.deviceId, claimed: false });

    // The app scans the QR code (here: a URL wrapping the claim key).
    const alice = cloud.app.person('alice');
    const device = cloud.app.claimDevice(`https://semilimes.example/claim?k=${claimKey}`, alice);
    expect(device.status).toBe('claimed');
    expect(cloud.stats.claimedDevices).toContain(creds.deviceId);

    const claimed = await api(cloud, 'POST', '/deviceClaimStatus', creds, null);
    expectMatchesSpec(cloud, 'POST', '/deviceClaimStatus', claimed);
    expect(claimed.json.data).toEqual({ deviceId: creds.deviceId, claimed: true, authToken: expect.any(String) });
    const token = claimed.json.data.authToken;

    // The token is a working API key for the device's own account, a contact of alice.
    const me = await api(cloud, 'GET', '/account/my', undefined, token);
    expect(me.status).toBe(200);
    expect(me.json.data.currentAccount.parentAccountId).toBe(alice.accountId);
    const sent = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: { dataComponentType: 'text', text: 'booted' } }, token);
    expect(sent.status).toBe(200);
    expect(cloud.app.sentBy(creds.deviceId).map((m) => m.dataComponent.text)).toEqual(['booted']);
    const ws = await WsClient.connect(cloud, token);
    ws.close();

    const reset = await api(cloud, 'POST', '/resetDevice', { deviceId: creds.deviceId }, token);
    expectMatchesSpec(cloud, 'POST', '/resetDevice', reset);
    expect(reset.json.data).toEqual({ deviceId: creds.deviceId, reset: true });
    expect((await api(cloud, 'GET', '/account/my', undefined, token)).status).toBe(401);
    expect((await api(cloud, 'POST', '/deviceClaimStatus', creds, null)).status).toBe(404);
  });

  test('wrong provisioning key -> 403; unknown device -> 404; bad body -> 400 naming the field', async () => {
    await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-2', provisioningKey: 'right' }, null);
    expect((await api(cloud, 'POST', '/deviceClaimStatus', { deviceId: 'dev-2', provisioningKey: 'wrong' }, null)).status).toBe(403);
    expect((await api(cloud, 'POST', '/deviceClaimStatus', { deviceId: 'ghost', provisioningKey: 'x' }, null)).status).toBe(404);
    const bad = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-3' }, null);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/body\/provisioningKey/);
  });

  test('registering again before the claim keeps the same claim key', async () => {
    const a = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-4', provisioningKey: 'k' }, null);
    const b = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-4', provisioningKey: 'k' }, null);
    expect(b.json.data.claimKey).toBe(a.json.data.claimKey);
  });

  test('QR content forms: bare claim key, JSON with deviceId; unknown QR -> error', async () => {
    const r = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-5', provisioningKey: 'k5' }, null);
    expect(cloud.app.claimDevice(r.json.data.claimKey).deviceId).toBe('dev-5');
    await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-6', provisioningKey: 'k6' }, null);
    expect(cloud.app.claimDevice(JSON.stringify({ deviceId: 'dev-6' })).deviceId).toBe('dev-6');
    expect(() => cloud.app.claimDevice('garbage')).toThrow(/registered device/);
    // A second person cannot claim an already claimed device.
    expect(() => cloud.app.claimDevice(r.json.data.claimKey, cloud.app.person('mallory'))).toThrow(/already claimed/);
  });

  test('claimed devices are sub-accounts of the claimer (account/my as the person and as the device)', async () => {
    const bob = cloud.app.person('bob');
    const r = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-8', provisioningKey: 'k8' }, null);
    const d = cloud.app.claimDevice(r.json.data.claimKey, bob);
    const asBob = await api(cloud, 'GET', '/account/my?sub=true&details=true', undefined, bob.apiKey);
    expectMatchesSpec(cloud, 'GET', '/account/my', asBob);
    expect(asBob.json.data.subAccounts).toEqual([expect.objectContaining({ accountId: d.accountId, parentAccountId: bob.accountId, accessRole: 'Owner', onlineStatus: expect.any(String) })]);
    const asDevice = await api(cloud, 'GET', '/account/my?main=true&sub=false', undefined, d.authToken);
    expect(asDevice.json.data.mainAccount.accountId).toBe(bob.accountId);
    expect(asDevice.json.data.subAccounts).toBeUndefined();
    // A seeded API account can claim too.
    const r2 = await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-9', provisioningKey: 'k9' }, null);
    const d2 = cloud.app.claimDevice(r2.json.data.claimKey, cloud.seeded[0].account);
    const mine = await api(cloud, 'GET', '/account/my', undefined, 'test-key');
    expect(mine.json.data.subAccounts.map((a: any) => a.accountId)).toContain(d2.accountId);
  });

  test('waitForRegistration resolves when the device registers', async () => {
    const waiting = cloud.app.waitForRegistration('dev-7', 2000);
    await api(cloud, 'POST', '/registerDevice', { deviceId: 'dev-7', provisioningKey: 'k7' }, null);
    expect((await waiting).deviceId).toBe('dev-7');
  });
});

test('deviceKeyLifetimeMs: a short-lived device token, rotated by the documented flow', async () => {
  const c = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'], deviceKeyLifetimeMs: 2 * 86400_000 });
  try {
    const creds = { deviceId: 'rot-1', provisioningKey: 'pk' };
    const reg = await api(c, 'POST', '/registerDevice', creds, null);
    c.app.claimDevice(reg.json.data.claimKey);
    const token = (await api(c, 'POST', '/deviceClaimStatus', creds, null)).json.data.authToken;
    const info = (await api(c, 'GET', '/apikey/~validate', undefined, token)).json.data;
    expect(Date.parse(info.expire_at) - Date.now()).toBeLessThan(5 * 86400_000);
    const fresh = (await api(c, 'POST', '/apikey', { name: 'rotated', expire_at: '2099-01-01T00:00:00Z' }, token)).json.data;
    expect((await api(c, 'DELETE', `/apikey/${info.id}`, undefined, fresh.key)).status).toBe(200);
    expect((await api(c, 'GET', '/account/my', undefined, token)).status).toBe(401);
    expect((await api(c, 'GET', '/apikey/~validate', undefined, fresh.key)).json.data.previous_api_key_id).toBe(info.id);
  } finally {
    await c.close();
  }
});

test('claim status after a rotation names the new key; after every key of the device is revoked it never hands out the refused token: released, new claim key, claimed again on the same account', async () => {
  const c = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'], deviceKeyLifetimeMs: 4 * 86400_000 });
  try {
    const creds = { deviceId: 'rev-1', provisioningKey: 'pk-rev' };
    const reg = await api(c, 'POST', '/registerDevice', creds, null);
    const alice = c.app.person('alice');
    c.app.claimDevice(reg.json.data.claimKey, alice);
    const token = (await api(c, 'POST', '/deviceClaimStatus', creds, null)).json.data.authToken;
    const accountId = c.state.devices.get('rev-1')!.accountId;
    const info = (await api(c, 'GET', '/apikey/~validate', undefined, token)).json.data;
    const fresh = (await api(c, 'POST', '/apikey', { name: 'rotated', expire_at: '2099-01-01T00:00:00Z' }, token)).json.data;
    expect((await api(c, 'DELETE', `/apikey/${info.id}`, undefined, fresh.key)).status).toBe(200);
    // rotated: the status names the device's working key, not the deleted one
    const after = await api(c, 'POST', '/deviceClaimStatus', creds, null);
    expectMatchesSpec(c, 'POST', '/deviceClaimStatus', after);
    expect(after.json.data).toEqual({ deviceId: 'rev-1', claimed: true, authToken: fresh.key });
    // the owner revokes the device's key (e.g. it leaked)
    expect((await api(c, 'DELETE', `/apikey/${fresh.id}`, undefined, alice.apiKey)).status).toBe(403); // not alice's key
    expect((await api(c, 'DELETE', `/apikey/${fresh.id}`, undefined, fresh.key)).status).toBe(200);
    const released = await api(c, 'POST', '/deviceClaimStatus', creds, null);
    expectMatchesSpec(c, 'POST', '/deviceClaimStatus', released);
    expect(released.json.data).toEqual({ deviceId: 'rev-1', claimed: false });
    const again = await api(c, 'POST', '/registerDevice', creds, null);
    expect(again.json.data.claimKey).not.toBe(reg.json.data.claimKey);
    expect(() => c.app.claimDevice(reg.json.data.claimKey, alice)).toThrow(); // the old QR no longer claims
    c.app.claimDevice(again.json.data.claimKey, alice);
    const reclaimed = (await api(c, 'POST', '/deviceClaimStatus', creds, null)).json.data;
    expect(reclaimed.claimed).toBe(true);
    expect([token, fresh.key]).not.toContain(reclaimed.authToken);
    expect((await api(c, 'GET', '/apikey/~validate', undefined, reclaimed.authToken)).status).toBe(200);
    expect(c.state.devices.get('rev-1')!.accountId).toBe(accountId);
  } finally {
    await c.close();
  }
});

test('person(name, {accountId}) fixes the account id', async () => {
  const c = await startCloud({ port: 0, apiKeys: ['test-key'] });
  try {
    const bob = c.app.person('bob', { accountId: '11111111-2222-4333-8444-555555555555' });
    expect(bob.accountId).toBe('11111111-2222-4333-8444-555555555555');
    expect(c.app.person('bob')).toBe(bob);
    expect(() => c.app.person('bob', { accountId: 'other' })).toThrow();
  } finally {
    await c.close();
  }
});

describe('api keys', () => {
  test('validate shows the calling key', async () => {
    const r = await api(cloud, 'GET', '/apikey/~validate', undefined, 'short-key');
    expectMatchesSpec(cloud, 'GET', '/apikey/~validate', r);
    const days = (Date.parse(r.json.data.expire_at) - Date.now()) / 86400_000;
    expect(days).toBeLessThan(5);
    expect(r.json.data.is_active).toBe(true);
  });

  test('rotation: create a new key, switch to it, delete the previous one', async () => {
    const old = await api(cloud, 'GET', '/apikey/~validate', undefined, 'short-key');
    const expire = new Date(Date.now() + 90 * 86400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const created = await api(cloud, 'POST', '/apikey', { name: 'rotated', expire_at: expire }, 'short-key');
    expectMatchesSpec(cloud, 'POST', '/apikey', created);
    const newKey = created.json.data.key;
    expect(newKey).not.toBe('short-key');

    const v = await api(cloud, 'GET', '/apikey/~validate', undefined, newKey);
    expect(v.json.data.previous_api_key_id).toBe(old.json.data.id);
    expect(v.json.data.expire_at).toBe(expire);

    const del = await api(cloud, 'DELETE', `/apikey/${old.json.data.id}`, undefined, newKey);
    expectMatchesSpec(cloud, 'DELETE', '/apikey/1', del);
    expect(del.json.data).toEqual({ id: old.json.data.id });
    expect((await api(cloud, 'GET', '/account/my', undefined, 'short-key')).status).toBe(401);
    expect((await api(cloud, 'GET', '/account/my', undefined, newKey)).status).toBe(200);
    // Deleting it twice -> 404.
    expect((await api(cloud, 'DELETE', `/apikey/${old.json.data.id}`, undefined, newKey)).status).toBe(404);
  });

  test('a key revoked while its WebSocket is open: later requests on it get 401', async () => {
    const created = (await api(cloud, 'POST', '/apikey', { name: 'ws', expire_at: '2099-01-01T00:00:00Z' })).json.data;
    const ws = await WsClient.connect(cloud, created.key);
    try {
      expect((await ws.request('/communication/channel/my')).eventBody.success).toBe(true);
      expect((await api(cloud, 'DELETE', `/apikey/${created.id}`)).status).toBe(200);
      const after = await ws.request('/communication/channel/my');
      expect(after.eventBody).toMatchObject({ success: false, statusCode: 401 });
    } finally {
      ws.close();
    }
  });

  test('expired key -> 401 on REST and on the WebSocket upgrade', async () => {
    expect((await api(cloud, 'GET', '/apikey/~validate', undefined, 'expired-key')).status).toBe(401);
    await expect(WsClient.connect(cloud, 'expired-key')).rejects.toThrow(/401/);
  });

  test('a key of another account cannot be deleted (403); create with a past date -> 400', async () => {
    const id = cloud.seeded[0].apiKey.id;
    const other = await api(cloud, 'POST', '/apikey', { name: 'x', expire_at: '2099-01-01T00:00:00Z' }, 'test-key');
    const mine = await api(cloud, 'GET', '/apikey/~validate', undefined, 'test-key');
    expect(mine.json.data.id).toBe(id);
    const d = cloud.state.createAccount('stranger');
    const k = cloud.state.issueKey(d.accountId, { key: 'stranger-key' });
    expect((await api(cloud, 'DELETE', `/apikey/${k.id}`, undefined, 'test-key')).status).toBe(403);
    expect(other.status).toBe(200);
    const past = await api(cloud, 'POST', '/apikey', { name: 'x', expire_at: '2001-01-01T00:00:00Z' }, 'test-key');
    expect(past.status).toBe(400);
    expect(past.json.error).toMatch(/expire_at/);
  });
});
