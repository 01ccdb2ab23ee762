// The WebSocket side over a real `ws` client: upgrade auth, request/response
// correlation by requestId, validation errors as success:false Responses,
// MessageReceived fan-out to every member/subscriber (and nobody else), and
// app-side form submissions arriving as events. Every event is checked
// against schemas/inbound-event.schema.json.
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { WsClient, api, gauge, sleep } from './helpers';

let cloud: Cloud;
const open: WsClient[] = [];
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key', 'sub-key', 'outsider-key'] });
});
afterEach(() => {
  while (open.length) open.pop()!.close();
});
afterAll(() => cloud.close());

async function connect(key = 'test-key'): Promise<WsClient> {
  const c = await WsClient.connect(cloud, key);
  open.push(c);
  return c;
}

function expectInboundEvent(e: unknown): void {
  expect(cloud.core.validator.validateWithSchemaId('inbound-event.schema.json', e, 'event')).toBe(true);
}

describe('upgrade', () => {
  test.each([
    ['bad key', 'nope'],
    ['no key', ''],
  ])('%s -> HTTP 401, no socket', async (_n, key) => {
    await expect(WsClient.connect(cloud, key)).rejects.toThrow(/401/);
  });

  test('other paths -> 404', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(cloud.url.replace('http', 'ws') + '/wsclient', { headers: { Authorization: 'Bearer test-key' } });
    const status = await new Promise((resolve) => ws.once('unexpected-response', (_q, res) => resolve(res.statusCode)));
    expect(status).toBe(404);
  });
});

describe('request / response', () => {
  test('Response carries the requestId and the same data as REST', async () => {
    const c = await connect();
    await api(cloud, 'POST', '/communication/channel/create', { title: 'WS channel' });
    const res = await c.request('/communication/channel/my', { owner: true }, {}, 'abc-123');
    expectInboundEvent(res);
    expect(res).toMatchObject({ eventType: 'Response', requestId: 'abc-123', eventBody: { success: true, statusCode: null, error: null } });
    const rest = await api(cloud, 'GET', '/communication/channel/my?owner=true');
    expect(res.eventBody.data).toEqual(rest.json.data);
  });

  test('concurrent requests are answered each with its own requestId', async () => {
    const c = await connect();
    const ids = ['a', 'b', 'c', 'd'];
    const answers = await Promise.all(ids.map((id) => c.request('/communication/channel/create', {}, { title: `ch-${id}` }, id)));
    expect(answers.map((a) => a.eventBody.data.createdChannel.title)).toEqual(ids.map((id) => `ch-${id}`));
  });

  test('a bad body -> success:false naming the field, socket stays open', async () => {
    const c = await connect();
    const res = await c.request('/communication/channel/message/send', {}, { channelId: 'x', dataComponent: { ...gauge(10), degrees: 5 } });
    expectInboundEvent(res);
    expect(res.eventBody.success).toBe(false);
    expect(res.eventBody.statusCode).toBe(400);
    expect(res.eventBody.error).toMatch(/degrees/);
    const ok = await c.request('/communication/channel/my');
    expect(ok.eventBody.success).toBe(true);
  });

  test('bad parameter type -> success:false naming the parameter', async () => {
    const c = await connect();
    const res = await c.request('/communication/channel/message', { channelId: 'x', limit: 'lots' });
    expect(res.eventBody.success).toBe(false);
    expect(res.eventBody.error).toMatch(/limit/);
  });

  test('envelope errors: not JSON, missing requestType, unknown requestType', async () => {
    const c = await connect();
    c.ws.send('{not json');
    const e1 = await c.waitFor((e) => e.eventType === 'Response' && e.requestId === 'unparsed');
    expectInboundEvent(e1);
    expect(e1.eventBody.error).toMatch(/JSON/);
    c.ws.send('{"requestId":"half-1","requestType":');
    const e1b = await c.waitFor((e) => e.requestId === 'half-1');
    expect(e1b.eventBody.success).toBe(false);
    c.ws.send(JSON.stringify({ requestId: 'x1', version: '2' }));
    const e2 = await c.waitFor((e) => e.requestId === 'x1');
    expect(e2.eventBody).toMatchObject({ success: false, statusCode: 400 });
    expect(e2.eventBody.error).toMatch(/requestType/);
    expectInboundEvent(e2);
    const e3 = await c.request('/service/tunnel', {}, {}, 'x3'); // REST-only operation
    expect(e3.eventBody.success).toBe(false);
    expect(e3.eventBody.error).toMatch(/requestType/);
  });
});

describe('MessageReceived fan-out', () => {
  test('channel message reaches every subscriber connection, not the sender or outsiders', async () => {
    const owner = await connect('test-key');
    const sub1 = await connect('sub-key');
    const sub2 = await connect('sub-key');
    const outsider = await connect('outsider-key');
    const created = await owner.request('/communication/channel/create', {}, { title: 'fan-out' });
    const channelId = created.eventBody.data.createdChannel.channelId;
    expect((await sub1.request('/communication/channel/subscribe', {}, { channelId })).eventBody.data.subscribed).toBe(true);
    const alice = cloud.app.person('alice');
    alice.subscribe(channelId);

    const sent = await owner.request('/communication/channel/message/send', {}, { channelId, dataComponent: gauge(77) });
    const messageId = sent.eventBody.data.sentMessage.messageId;
    for (const c of [sub1, sub2]) {
      const ev = await c.waitFor((e) => e.eventType === 'MessageReceived' && e.eventBody.messageId === messageId);
      expectInboundEvent(ev);
      expect(ev).toMatchObject({ featureType: 'channel', eventBody: { channelId, senderId: cloud.seeded[0].account.accountId, dataComponent: { value: 77 } } });
      expect(typeof ev.eventBody.receivedOn).toBe('number');
    }
    expect((await alice.waitForMessage((m) => m.messageId === messageId)).channelId).toBe(channelId);
    await sleep(100);
    expect(owner.events.filter((e) => e.eventType === 'MessageReceived')).toEqual([]);
    expect(outsider.events.filter((e) => e.eventType === 'MessageReceived')).toEqual([]);
  });

  test('group chat and p2p messages from the app reach the device socket', async () => {
    const device = await connect('test-key');
    const alice = cloud.app.person('alice');
    const created = await device.request('/communication/groupchat/create', {}, { title: 'g', recipientIds: [alice.accountId] });
    const groupChatId = created.eventBody.data.createdGroupChat.groupChatId;
    const gm = alice.sendToGroup(groupChatId, { dataComponentType: 'text', text: 'hello group' });
    const gev = await device.waitFor((e) => e.eventBody?.messageId === gm.messageId);
    expectInboundEvent(gev);
    expect(gev).toMatchObject({ eventType: 'MessageReceived', featureType: 'groupchat', eventBody: { groupChatId, senderId: alice.accountId } });

    const pm = alice.sendP2P(cloud.seeded[0].account.accountId, { dataComponentType: 'text', text: 'hello p2p' });
    const pev = await device.waitFor((e) => e.eventBody?.messageId === pm.messageId);
    expectInboundEvent(pev);
    expect(pev).toMatchObject({ featureType: 'p2p', eventBody: { senderId: alice.accountId, dataComponent: { text: 'hello p2p' } } });
    expect(pev.eventBody.groupChatId).toBeUndefined();
  });

  test('app-side form submission arrives as a formsubmission event', async () => {
    const device = await connect('test-key');
    const alice = cloud.app.person('alice');
    const deviceId = cloud.seeded[0].account.accountId;
    const form = {
      dataComponentType: 'form',
      refName: 'setpoint',
      submitEnabled: true,
      receiver: { id: deviceId, featureType: 'contact' },
      formComponents: [
        { refName: 'hdr', formComponentType: 'label', title: 'Thermostat' },
        { refName: 'target', formComponentType: 'textbox', title: 'Target', requiredSelection: true },
      ],
    };
    const sent = await device.request('/communication/p2p/message/send', {}, { recipientId: alice.accountId, dataComponent: form });
    expect(sent.eventBody.success).toBe(true);
    const formMsg = await alice.waitForMessage((m) => m.dataComponent.dataComponentType === 'form');
    const sub = alice.submitForm(formMsg.messageId, { target: '21.5' });
    const ev = await device.waitFor((e) => e.eventBody?.messageId === sub.messageId);
    expectInboundEvent(ev);
    expect(ev).toMatchObject({
      eventType: 'MessageReceived',
      featureType: 'p2p',
      eventBody: {
        senderId: alice.accountId,
        dataComponent: {
          dataComponentType: 'formsubmission',
          replyTo: { messageId: formMsg.messageId, refName: 'setpoint' },
          submitterId: alice.accountId,
          formComponents: [{ refName: 'hdr' }, { refName: 'target', value: '21.5' }],
        },
      },
    });
  });

  test('a submission missing a required value is refused by the semantic rules', async () => {
    const alice = cloud.app.person('alice');
    const form = { dataComponentType: 'form', refName: 'f', formComponents: [{ refName: 't', formComponentType: 'textbox', title: 'T', requiredSelection: true }] };
    const r = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: form });
    expect(() => alice.submitForm(r.json.data.sentMessage.messageId, {})).toThrow(/formComponents\/0/);
  });

  test('a closed socket stops receiving; the stats count sent events', async () => {
    const c = await connect('sub-key');
    const before = cloud.stats.eventsSent;
    const alice = cloud.app.person('alice');
    alice.sendP2P(cloud.seeded[1].account.accountId, { dataComponentType: 'text', text: 'one' });
    await c.waitFor((e) => e.eventBody?.dataComponent?.text === 'one');
    expect(cloud.stats.eventsSent).toBeGreaterThan(before);
    c.close();
    await sleep(100);
    expect(cloud.ws.connectedCount(cloud.seeded[1].account.accountId)).toBe(0);
  });
});

describe('disconnect (for reconnect tests)', () => {
  test.each([
    ['terminate', 1006],
    ['close', 4001],
  ] as const)('%s -> the client sees code %d; it can reconnect and is served again', async (how, want) => {
    const sub = cloud.seeded[1].account.accountId;
    // Earlier tests' sockets of this account finish closing first.
    for (let i = 0; i < 200 && cloud.ws.connectedCount(sub) > 0; i++) await sleep(10);
    const c = await connect('sub-key');
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    expect(cloud.ws.disconnect(cloud.seeded[1].account.accountId, how, 4001)).toBe(1);
    expect(await closed).toBe(want);
    const again = await connect('sub-key');
    expect((await again.request('/communication/channel/my')).eventBody.success).toBe(true);
  });

  test('without an account id every connection is dropped', async () => {
    const a = await connect('test-key');
    const b = await connect('sub-key');
    const both = Promise.all([a, b].map((c) => new Promise((r) => c.ws.once('close', r))));
    expect(cloud.ws.disconnect()).toBeGreaterThanOrEqual(2);
    await both;
  });
});

test('every event the gateway sent matched inbound-event.schema.json', () => {
  expect(cloud.stats.eventsSent).toBeGreaterThan(0);
  expect(cloud.stats.responseSchemaErrors).toEqual({ count: 0, list: [] });
});
