// Every operation of the spec succeeds on a valid request, and its answer
// matches the spec's response schema (responseCheck 'strict' turns any
// mismatch into a 500). The scenario runs over HTTP, then again over the
// WebSocket for the operations that have a request type. The last test fails
// when the spec gains an operation this scenario does not exercise yet.
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { matchOperation } from '../../simulator/cloud/spec';
import { WsClient, api } from './helpers';

interface Step {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  key?: string;
  /** Keeps values from the answer's data for later steps. */
  save?: (data: any, v: Vars) => void;
}
type Vars = Record<string, string>;

const text = (t: string) => ({ dataComponentType: 'text', text: t });

function scenario(v: Vars): (() => Step)[] {
  return [
    () => ({ method: 'GET', path: '/account/my', query: { main: true, sub: true, shared: true, details: true } }),
    () => ({ method: 'GET', path: '/account/profile' }),
    () => ({ method: 'POST', path: '/account/profile/update', body: { title: 'Station', visible: true } }),
    () => ({ method: 'POST', path: '/account/feed/post/add', body: { title: 'Post', enableReactions: true, dataComponents: [text('x')] }, save: (d, v) => (v.bucketId = d.addedPost.dataComponent.bucketId) }),
    () => ({ method: 'POST', path: '/account/feed/post/update', body: { bucketId: v.bucketId, title: 'Post 2' } }),
    () => ({ method: 'GET', path: '/account/feed', query: { limit: 5 } }),
    () => ({ method: 'GET', path: '/account/contacts' }),

    () => ({ method: 'POST', path: '/communication/p2p/message/send', body: { recipientId: v.alice, options: { silent: false }, dataComponent: text('hi') }, save: (d, v) => (v.p2pMsg = d.sentMessage.messageId) }),
    () => ({ method: 'GET', path: '/communication/p2p' }),
    () => ({ method: 'GET', path: '/communication/p2p/message', query: { recipientId: v.alice, limit: 10 } }),
    () => ({ method: 'POST', path: '/communication/p2p/message/update', body: { messageId: v.p2pMsg, dataComponent: text('hi!') } }),
    () => ({ method: 'POST', path: '/communication/p2p/message/reaction/send', body: { messageId: v.p2pMsg, reaction: '+1' } }),
    () => ({ method: 'POST', path: '/communication/p2p/message/reaction/remove', body: { messageId: v.p2pMsg, reaction: '+1' } }),
    () => ({ method: 'POST', path: '/communication/p2p/message/reply', body: { messageId: v.p2pMsg, dataComponent: text('re') } }),
    () => ({ method: 'POST', path: '/communication/p2p/signal/typing', body: { recipientId: v.alice } }),

    () => ({ method: 'POST', path: '/communication/groupchat/create', body: { title: 'G', recipientIds: [v.alice] }, save: (d, v) => (v.gid = d.createdGroupChat.groupChatId) }),
    () => ({ method: 'GET', path: '/communication/groupchat', query: { recipientIds: v.alice } }),
    () => ({ method: 'POST', path: '/communication/groupchat/invite', body: { groupChatId: v.gid, recipientIds: [v.other] } }),
    () => ({ method: 'POST', path: '/communication/groupchat/message/send', body: { groupChatId: v.gid, dataComponent: text('g') }, save: (d, v) => (v.gMsg = d.sentMessage.messageId) }),
    () => ({ method: 'GET', path: '/communication/groupchat/message', query: { groupChatId: v.gid, limit: 10 } }),
    () => ({ method: 'POST', path: '/communication/groupchat/message/update', body: { messageId: v.gMsg, dataComponent: text('g!') } }),
    () => ({ method: 'POST', path: '/communication/groupchat/message/reaction/send', body: { messageId: v.gMsg, reaction: '+1' } }),
    () => ({ method: 'POST', path: '/communication/groupchat/message/reaction/remove', body: { messageId: v.gMsg, reaction: '+1' } }),
    () => ({ method: 'POST', path: '/communication/groupchat/message/reply', body: { messageId: v.gMsg, dataComponent: text('re') } }),
    () => ({ method: 'POST', path: '/communication/groupchat/signal/typing', body: { groupChatId: v.gid } }),

    () => ({ method: 'POST', path: '/communication/channel/create', body: { title: `C-${v.run}`, visible: true, locked: false, editorIds: [] }, save: (d, v) => (v.cid = d.createdChannel.channelId) }),
    () => ({ method: 'GET', path: '/communication/channel/my', query: { owner: true } }),
    () => ({ method: 'GET', path: '/communication/channel', query: { channelId: v.cid } }),
    () => ({ method: 'POST', path: '/communication/channel/message/send', body: { channelId: v.cid, dataComponent: text('c') }, save: (d, v) => (v.cMsg = d.sentMessage.messageId) }),
    () => ({ method: 'GET', path: '/communication/channel/message', query: { channelId: v.cid, limit: 10 } }),
    () => ({ method: 'POST', path: '/communication/channel/message/update', body: { messageId: v.cMsg, dataComponent: text('c!') } }),
    () => ({ method: 'POST', path: '/communication/channel/subscribe', body: { channelId: v.cid }, key: 'other-key' }),
    () => ({ method: 'POST', path: '/communication/channel/unsubscribe', body: { channelId: v.cid }, key: 'other-key' }),

    () => ({ method: 'POST', path: '/communication/bucket', query: { bucketId: v.bucketId } }),
    () => ({ method: 'POST', path: '/communication/bucket/update', body: { bucketId: v.bucketId, title: 'B' } }),
    () => ({ method: 'POST', path: '/communication/bucket/like', body: { bucketId: v.bucketId }, key: 'other-key' }),
    () => ({ method: 'POST', path: '/communication/bucket/unlike', body: { bucketId: v.bucketId }, key: 'other-key' }),

    () => ({ method: 'POST', path: '/service/tunnel/create', body: { name: 'cam', clientPort: 554, publicKey: 'ssh-rsa AAAA' }, save: (d, v) => (v.tid = d.tunnelId) }),
    () => ({ method: 'POST', path: '/service/tunnel/open', body: { tunnelId: v.tid } }),
    () => ({ method: 'GET', path: '/service/tunnel' }),
    () => ({ method: 'POST', path: '/service/tunnel/close', body: { tunnelId: v.tid } }),
    () => ({ method: 'POST', path: '/service/tunnel/delete', body: { tunnelId: v.tid } }),
    () => ({ method: 'GET', path: '/service/llms' }),

    () => ({ method: 'GET', path: '/apikey/~validate' }),
    () => ({ method: 'POST', path: '/apikey', body: { name: 'spare', expire_at: '2099-01-01T00:00:00Z' }, save: (d, v) => (v.spareKeyId = String(d.id)) }),
    () => ({ method: 'DELETE', path: `/apikey/${v.spareKeyId}` }),

    () => ({ method: 'POST', path: '/registerDevice', body: { deviceId: `dev-${v.run}`, provisioningKey: 'pk' }, key: '' }),
    () => ({ method: 'POST', path: '/deviceClaimStatus', body: { deviceId: `dev-${v.run}`, provisioningKey: 'pk' }, key: '' }),
    () => ({ method: 'POST', path: '/resetDevice', body: { deviceId: `dev-${v.run}` } }),
  ];
}

let cloud: Cloud;
const succeeded = new Set<string>();
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key', 'other-key'] });
});
afterAll(() => cloud.close());

function vars(run: string): Vars {
  return { run, alice: cloud.app.person('alice').accountId, other: cloud.seeded[1].account.accountId };
}

function opIdOf(method: string, path: string): string {
  const m = matchOperation(cloud.core.spec, method, path);
  if (!m.op) throw new Error(`scenario step ${method} ${path} is not in the spec`);
  return m.op.operationId;
}

test('over HTTP: every scenario step answers 200', async () => {
  const v = vars('http');
  for (const make of scenario(v)) {
    const s = make();
    const qs = s.query ? '?' + new URLSearchParams(Object.entries(s.query).map(([k, x]) => [k, String(x)])).toString() : '';
    const key = s.key === undefined ? 'test-key' : s.key === '' ? null : s.key;
    const r = await api(cloud, s.method, s.path + qs, s.body, key);
    if (r.status !== 200) throw new Error(`${s.method} ${s.path}${qs} -> ${r.status} ${JSON.stringify(r.json)}`);
    s.save?.(r.json.data, v);
    succeeded.add(opIdOf(s.method, s.path));
  }
});

test('files over HTTP: multipart upload and download', async () => {
  const form = new FormData();
  form.append('httpFiles', new Blob([Buffer.from('abc')], { type: 'text/plain' }), 'a.txt');
  const up = await fetch(cloud.url + '/service/file/upload', { method: 'POST', headers: { Authorization: 'Bearer test-key' }, body: form });
  expect(up.status).toBe(200);
  const fileId = (await up.json()).data.uploadedFiles[0].fileId;
  succeeded.add('uploadFile');
  const down = await api(cloud, 'POST', '/service/file/download', { fileId, thumbnailSize: 100 });
  expect(down.status).toBe(200);
  expect(down.json).toBe('abc');
  succeeded.add('downloadFile');
});

test('over the WebSocket: every step with a request type answers success', async () => {
  const v = vars('ws');
  const clients = new Map<string, WsClient>();
  try {
    let n = 0;
    for (const make of scenario(v)) {
      const s = make();
      const op = matchOperation(cloud.core.spec, s.method, s.path).op!;
      if (!op.wsRequestType) {
        // REST-only: run it over HTTP so later steps have their ids.
        const qs = s.query ? '?' + new URLSearchParams(Object.entries(s.query).map(([k, x]) => [k, String(x)])).toString() : '';
        const r = await api(cloud, s.method, s.path + qs, s.body, s.key === '' ? null : s.key ?? 'test-key');
        s.save?.(r.json.data, v);
        continue;
      }
      const key = s.key || 'test-key';
      if (!clients.has(key)) clients.set(key, await WsClient.connect(cloud, key));
      const res = await clients.get(key)!.request(op.wsRequestType, s.query ?? {}, s.body ?? {}, `step-${n++}`);
      if (!res.eventBody.success) throw new Error(`${op.wsRequestType} -> ${JSON.stringify(res.eventBody)}`);
      s.save?.(res.eventBody.data, v);
    }
  } finally {
    for (const c of clients.values()) c.close();
  }
});

test('the scenario covers every operation in the spec', () => {
  const all = cloud.core.spec.operations.map((o) => o.operationId).sort();
  expect(all.filter((id) => !succeeded.has(id))).toEqual([]);
  expect(cloud.stats.responseSchemaErrors.count).toBe(0);
});
