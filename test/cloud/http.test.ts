// The mock cloud over real HTTP: auth, routing, validation errors that name
// the field, and a representative operation of each family that works,
// changes state and answers in the shape openapi.yaml documents.
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { api, expectMatchesSpec, gauge } from './helpers';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key', 'other-key'] });
});
afterAll(() => cloud.close());

describe('auth and routing', () => {
  test.each([
    ['no header', null],
    ['unknown key', 'nope'],
  ])('%s -> 401 with the error envelope', async (_n, key) => {
    const r = await api(cloud, 'GET', '/account/my', undefined, key);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ success: false, statusCode: 401, error: expect.any(String), data: null });
  });

  test('malformed Authorization header -> 401', async () => {
    const r = await fetch(cloud.url + '/account/my', { headers: { Authorization: 'Basic dGVzdC1rZXk=' } });
    expect(r.status).toBe(401);
  });

  test('unknown route -> 404 (counted as unrouted)', async () => {
    const before = cloud.stats.requests.perOperation.unrouted ?? 0;
    const r = await api(cloud, 'GET', '/no/such/route');
    expect(r.status).toBe(404);
    expect(cloud.stats.requests.perOperation.unrouted).toBe(before + 1);
    expect(r.json.success).toBe(false);
  });

  test('known path, wrong method -> 405', async () => {
    const r = await api(cloud, 'DELETE', '/account/my');
    expect(r.status).toBe(405);
  });

  test('success envelope: statusCode null, error null', async () => {
    const r = await api(cloud, 'GET', '/account/my');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: true, statusCode: null, error: null });
    expectMatchesSpec(cloud, 'GET', '/account/my', r);
  });
});

describe('validation errors name the field (400)', () => {
  const cases: { name: string; method: string; path: string; body?: unknown; field: RegExp }[] = [
    { name: 'query integer', method: 'GET', path: '/communication/channel/message?channelId=x&limit=ten', field: /'limit'/ },
    { name: 'query boolean', method: 'GET', path: '/account/my?details=maybe', field: /'details'/ },
    { name: 'missing required query', method: 'GET', path: '/communication/p2p/message', field: /'recipientId'/ },
    { name: 'path parameter type', method: 'DELETE', path: '/apikey/abc', field: /'key_id'/ },
    { name: 'missing body field', method: 'POST', path: '/communication/channel/create', body: { avatar: 'x' }, field: /body\/title/ },
    { name: 'wrong body type', method: 'POST', path: '/communication/channel/create', body: { title: 5 }, field: /body\/title/ },
    {
      name: 'component range',
      method: 'POST',
      path: '/communication/p2p/message/send',
      body: { recipientId: 'r', dataComponent: { ...gauge(50), thickness: 500 } },
      field: /body\/dataComponent\/thickness/,
    },
    {
      name: 'semantic rule (segments overlap)',
      method: 'POST',
      path: '/communication/p2p/message/send',
      body: { recipientId: 'r', dataComponent: { ...gauge(50), segments: [{ from: 0, to: 60, color: '#000000' }, { from: 50, to: 100, color: '#FFFFFF' }] } },
      field: /body\/dataComponent\/segments\/1/,
    },
    { name: 'body not JSON', method: 'POST', path: '/communication/channel/create', body: '{"title":', field: /body/ },
    { name: 'body missing', method: 'POST', path: '/communication/channel/create', field: /body/ },
    { name: 'api key date', method: 'POST', path: '/apikey', body: { name: 'n', expire_at: 'tomorrow' }, field: /body\/expire_at/ },
  ];
  test.each(cases)('$name', async ({ method, path, body, field }) => {
    const before = cloud.stats.validationErrors.count;
    const r = await api(cloud, method, path, body);
    expect(r.status).toBe(400);
    expect(r.json.success).toBe(false);
    expect(r.json.statusCode).toBe(400);
    expect(r.json.error).toMatch(field);
    expect(cloud.stats.validationErrors.count).toBe(before + 1);
    expect(cloud.stats.validationErrors.list.at(-1)!.error).toBe(r.json.error);
  });

  test.each([
    ['text/plain to a JSON operation', '/communication/channel/create', 'text/plain', '{"title":"x"}'],
    ['no Content-Type', '/communication/channel/create', undefined, '{"title":"x"}'],
    ['JSON to the multipart upload', '/service/file/upload', 'application/json', '{"httpFiles":[]}'],
  ])('%s -> 415 naming the accepted types', async (_n, path, type, payload) => {
    const headers: Record<string, string> = { Authorization: 'Bearer test-key' };
    if (type) headers['Content-Type'] = type;
    const r = await fetch(cloud.url + path, { method: 'POST', headers, body: Buffer.from(payload) });
    expect(r.status).toBe(415);
    const j = await r.json();
    expect(j).toMatchObject({ success: false, statusCode: 415 });
    expect(j.error).toMatch(path.includes('upload') ? /multipart\/form-data/ : /application\/json/);
  });

  test('a charset parameter on application/json is fine', async () => {
    const r = await fetch(cloud.url + '/communication/channel/create', {
      method: 'POST',
      headers: { Authorization: 'Bearer test-key', 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"title":"charset"}',
    });
    expect(r.status).toBe(200);
  });

  test('a valid gauge passes the same checks', async () => {
    const alice = cloud.app.person('alice');
    const r = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: gauge(42) });
    expect(r.status).toBe(200);
  });
});

describe('each family works, changes state and matches the spec', () => {
  test('accounts: profile update then read back', async () => {
    const u = await api(cloud, 'POST', '/account/profile/update', { title: 'Weather station', description: 'roof' });
    expect(u.status).toBe(200);
    expectMatchesSpec(cloud, 'POST', '/account/profile/update', u);
    const r = await api(cloud, 'GET', '/account/profile');
    expect(r.json.data).toMatchObject({ title: 'Weather station', description: 'roof' });
    expectMatchesSpec(cloud, 'GET', '/account/profile', r);
  });

  test('accounts: feed post add, update, list', async () => {
    const add = await api(cloud, 'POST', '/account/feed/post/add', { title: 'Post', dataComponents: [{ dataComponentType: 'text', text: 'hello' }] });
    expect(add.status).toBe(200);
    expectMatchesSpec(cloud, 'POST', '/account/feed/post/add', add);
    const bucketId = add.json.data.addedPost.dataComponent.bucketId;
    const upd = await api(cloud, 'POST', '/account/feed/post/update', { bucketId, title: 'Edited' });
    expect(upd.status).toBe(200);
    const feed = await api(cloud, 'GET', '/account/feed?limit=10');
    expectMatchesSpec(cloud, 'GET', '/account/feed', feed);
    expect(feed.json.data.posts.map((p: any) => p.dataComponent.bucketId)).toContain(bucketId);
    const open = await api(cloud, 'POST', `/communication/bucket?bucketId=${bucketId}`);
    expectMatchesSpec(cloud, 'POST', '/communication/bucket', open);
    expect(open.json.data.title).toBe('Edited');
  });

  test('accounts: contacts include the app person', async () => {
    const alice = cloud.app.person('alice');
    const r = await api(cloud, 'GET', '/account/contacts');
    expectMatchesSpec(cloud, 'GET', '/account/contacts', r);
    expect(r.json.data).toContainEqual({ accountId: alice.accountId, accountName: 'alice', contactStatus: 'CONFIRMED' });
  });

  test('p2p: send, list chats, read messages, react, reply, edit', async () => {
    const alice = cloud.app.person('alice');
    const sent = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: { dataComponentType: 'text', text: 'ping' } });
    expectMatchesSpec(cloud, 'POST', '/communication/p2p/message/send', sent);
    const messageId = sent.json.data.sentMessage.messageId;
    expect((await alice.waitForMessage((m) => m.messageId === messageId)).dataComponent.text).toBe('ping');

    const chats = await api(cloud, 'GET', '/communication/p2p');
    expect(chats.json.data).toContainEqual({ recipientId: alice.accountId });
    const react = await api(cloud, 'POST', '/communication/p2p/message/reaction/send', { messageId, reaction: '👍' });
    expect(react.json.data).toEqual({ messageId, addedReaction: '👍' });
    const edit = await api(cloud, 'POST', '/communication/p2p/message/update', { messageId, dataComponent: { dataComponentType: 'text', text: 'pong' } });
    expectMatchesSpec(cloud, 'POST', '/communication/p2p/message/update', edit);
    const reply = await api(cloud, 'POST', '/communication/p2p/message/reply', { messageId, dataComponent: { dataComponentType: 'text', text: 're' } });
    expect(reply.json.data.messageId).toBe(messageId);

    const msgs = await api(cloud, 'GET', `/communication/p2p/message?recipientId=${alice.accountId}&messageId=${messageId}`);
    expectMatchesSpec(cloud, 'GET', '/communication/p2p/message', msgs);
    expect(msgs.json.data.messages).toHaveLength(1);
    expect(msgs.json.data.messages[0]).toMatchObject({ dataComponent: { text: 'pong' }, messageReactions: { '👍': [cloud.seeded[0].account.accountId] } });
    const un = await api(cloud, 'POST', '/communication/p2p/message/reaction/remove', { messageId, reaction: '👍' });
    expect(un.json.data).toEqual({ messageId, removedReaction: '👍' });
  });

  test('p2p: unknown recipient -> 404; editing someone else\'s message -> 403', async () => {
    const r = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: 'nobody', dataComponent: { dataComponentType: 'text', text: 'x' } });
    expect(r.status).toBe(404);
    const mine = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: cloud.seeded[1].account.accountId, dataComponent: { dataComponentType: 'text', text: 'x' } });
    const other = await api(cloud, 'POST', '/communication/p2p/message/update', { messageId: mine.json.data.sentMessage.messageId, dataComponent: { dataComponentType: 'text', text: 'y' } }, 'other-key');
    expect(other.status).toBe(403);
  });

  test('group chat: create, invite, send, read', async () => {
    const alice = cloud.app.person('alice');
    const bob = cloud.app.person('bob');
    const c = await api(cloud, 'POST', '/communication/groupchat/create', { title: 'Home', recipientIds: [alice.accountId] });
    expectMatchesSpec(cloud, 'POST', '/communication/groupchat/create', c);
    const groupChatId = c.json.data.createdGroupChat.groupChatId;
    const inv = await api(cloud, 'POST', '/communication/groupchat/invite', { groupChatId, recipientIds: [bob.accountId] });
    expect(inv.json.data).toEqual({ groupChatId, invitedRecipientsIds: [bob.accountId] });
    const s = await api(cloud, 'POST', '/communication/groupchat/message/send', { groupChatId, dataComponent: gauge(10) });
    expectMatchesSpec(cloud, 'POST', '/communication/groupchat/message/send', s);
    await bob.waitForMessage((m) => m.groupChatId === groupChatId);
    const list = await api(cloud, 'GET', `/communication/groupchat?recipientIds=${alice.accountId},${bob.accountId}`);
    expect(list.json.data.map((g: any) => g.groupChatId)).toEqual([groupChatId]);
    const msgs = await api(cloud, 'GET', `/communication/groupchat/message?groupChatId=${groupChatId}&limit=5`);
    expect(msgs.json.data.messages).toHaveLength(1);
    const outsider = await api(cloud, 'POST', '/communication/groupchat/message/send', { groupChatId, dataComponent: { dataComponentType: 'text', text: 'x' } }, 'other-key');
    expect(outsider.status).toBe(403);
  });

  test('channel: create, subscribe, send, my channels with roles', async () => {
    const c = await api(cloud, 'POST', '/communication/channel/create', { title: 'Weather', visible: true, editorIds: [] });
    expectMatchesSpec(cloud, 'POST', '/communication/channel/create', c);
    const channelId = c.json.data.createdChannel.channelId;
    const sub = await api(cloud, 'POST', '/communication/channel/subscribe', { channelId }, 'other-key');
    expect(sub.json.data).toEqual({ channelId, subscribed: true });
    const mine = await api(cloud, 'GET', '/communication/channel/my?subscriber=true', undefined, 'other-key');
    expectMatchesSpec(cloud, 'GET', '/communication/channel/my', mine);
    expect(mine.json.data).toEqual([expect.objectContaining({ channelId, role: 'Subscriber' })]);
    const send = await api(cloud, 'POST', '/communication/channel/message/send', { channelId, dataComponent: { dataComponentType: 'text', text: 'sunny' } });
    expectMatchesSpec(cloud, 'POST', '/communication/channel/message/send', send);
    const notEditor = await api(cloud, 'POST', '/communication/channel/message/send', { channelId, dataComponent: { dataComponentType: 'text', text: 'x' } }, 'other-key');
    expect(notEditor.status).toBe(403);
    const found = await api(cloud, 'GET', '/communication/channel?title=Weather');
    expect(found.json.data.map((x: any) => x.channelId)).toContain(channelId);
    const none = await api(cloud, 'GET', '/communication/channel');
    expect(none.status).toBe(400);
    const unsub = await api(cloud, 'POST', '/communication/channel/unsubscribe', { channelId }, 'other-key');
    expect(unsub.json.data.subscribed).toBe(false);
  });

  test('bucket: like and unlike change the like state', async () => {
    const add = await api(cloud, 'POST', '/account/feed/post/add', { title: 'Likeable', enableReactions: true });
    const bucketId = add.json.data.addedPost.dataComponent.bucketId;
    const like = await api(cloud, 'POST', '/communication/bucket/like', { bucketId }, 'other-key');
    expectMatchesSpec(cloud, 'POST', '/communication/bucket/like', like);
    expect(cloud.state.buckets.get(bucketId)!.likes.size).toBe(1);
    await api(cloud, 'POST', '/communication/bucket/unlike', { bucketId }, 'other-key');
    expect(cloud.state.buckets.get(bucketId)!.likes.size).toBe(0);
    const upd = await api(cloud, 'POST', '/communication/bucket/update', { bucketId, title: 'Renamed' });
    expectMatchesSpec(cloud, 'POST', '/communication/bucket/update', upd);
  });

  test('services: tunnel lifecycle', async () => {
    const c = await api(cloud, 'POST', '/service/tunnel/create', { name: 'cam', description: 'rtsp', clientPort: 554, clientPath: 'live', publicKey: 'ssh-rsa AAAA' });
    expectMatchesSpec(cloud, 'POST', '/service/tunnel/create', c);
    const tunnelId = c.json.data.tunnelId;
    const o = await api(cloud, 'POST', '/service/tunnel/open', { tunnelId });
    expectMatchesSpec(cloud, 'POST', '/service/tunnel/open', o);
    expect(o.json.data.port).toBeGreaterThan(0);
    const l = await api(cloud, 'GET', '/service/tunnel');
    expectMatchesSpec(cloud, 'GET', '/service/tunnel', l);
    expect(l.json.data[0]).toMatchObject({ tunnelId, host: o.json.data.host });
    await api(cloud, 'POST', '/service/tunnel/close', { tunnelId });
    expect((await api(cloud, 'GET', '/service/tunnel')).json.data[0].host).toBeUndefined();
    await api(cloud, 'POST', '/service/tunnel/delete', { tunnelId });
    expect((await api(cloud, 'GET', '/service/tunnel')).json.data).toEqual([]);
  });

  test('services: multipart upload, then download the same bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
    const form = new FormData();
    form.append('httpFiles', new Blob([bytes], { type: 'image/png' }), 'pic.png');
    const up = await fetch(cloud.url + '/service/file/upload', { method: 'POST', headers: { Authorization: 'Bearer test-key' }, body: form });
    const json = await up.json();
    expect(up.status).toBe(200);
    expectMatchesSpec(cloud, 'POST', '/service/file/upload', { status: 200, json, headers: {} });
    expect(json.data.uploadedFiles).toEqual([{ fileId: expect.any(String), title: 'pic.png', size: bytes.length }]);
    const down = await fetch(cloud.url + '/service/file/download', {
      method: 'POST',
      headers: { Authorization: 'Bearer test-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ fileId: json.data.uploadedFiles[0].fileId }),
    });
    expect(down.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await down.arrayBuffer())).toEqual(bytes);
    const missing = await api(cloud, 'POST', '/service/file/download', { fileId: 'nope' });
    expect(missing.status).toBe(404);
  });

  test('services: upload without a file part -> 400', async () => {
    const form = new FormData();
    form.append('note', 'no file');
    const up = await fetch(cloud.url + '/service/file/upload', { method: 'POST', headers: { Authorization: 'Bearer test-key' }, body: form });
    expect(up.status).toBe(400);
    expect((await up.json()).error).toMatch(/httpFiles/);
  });

  test('services: LLM list', async () => {
    const r = await api(cloud, 'GET', '/service/llms');
    expectMatchesSpec(cloud, 'GET', '/service/llms', r);
    expect(r.json.data.llms.length).toBeGreaterThan(0);
  });

  test('stats count requests per operation', () => {
    const s = cloud.stats.toJSON() as any;
    expect(s.requests.count).toBeGreaterThan(20);
    expect(s.requests.perOperation.getMyAccounts).toBeGreaterThanOrEqual(1);
  });
});
