// schemas/openapi.yaml: a valid OpenAPI 3.1 document, every $ref resolves,
// exactly the 51 documented operations (plus the device SDK's provisioning
// calls), the envelope on every JSON reply, WebSocket request types, and
// examples that validate.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { errorsOf, formatErrors, readSchema, SCHEMAS_DIR } from '../helpers/schemas';
import {
  collectRefs,
  compileInOpenApi,
  getPointer,
  Json,
  JsonObject,
  loadOpenApi,
  operation,
  operations,
  REPO,
  requestBodySchema,
  responseSchema,
} from './openapi.helpers';

// [operationId, method, path, tag, WebSocket requestType?]
const EXPECTED: [string, string, string, string, boolean][] = [
  ['getMyAccounts', 'get', '/account/my', 'Accounts', false],
  ['getAccountProfile', 'get', '/account/profile', 'Accounts', false],
  ['updateAccountProfile', 'post', '/account/profile/update', 'Accounts', false],
  ['getAccountFeed', 'get', '/account/feed', 'Accounts', false],
  ['addFeedPost', 'post', '/account/feed/post/add', 'Accounts', false],
  ['updateFeedPost', 'post', '/account/feed/post/update', 'Accounts', false],
  ['getContacts', 'get', '/account/contacts', 'Accounts', false],

  ['getP2pChats', 'get', '/communication/p2p', 'P2P', true],
  ['getP2pMessages', 'get', '/communication/p2p/message', 'P2P', true],
  ['sendP2pMessage', 'post', '/communication/p2p/message/send', 'P2P', true],
  ['updateP2pMessage', 'post', '/communication/p2p/message/update', 'P2P', true],
  ['sendP2pReaction', 'post', '/communication/p2p/message/reaction/send', 'P2P', true],
  ['removeP2pReaction', 'post', '/communication/p2p/message/reaction/remove', 'P2P', true],
  ['replyP2pMessage', 'post', '/communication/p2p/message/reply', 'P2P', true],
  ['signalP2pTyping', 'post', '/communication/p2p/signal/typing', 'P2P', true],

  ['getGroupChats', 'get', '/communication/groupchat', 'GroupChat', true],
  ['createGroupChat', 'post', '/communication/groupchat/create', 'GroupChat', true],
  ['getGroupChatMessages', 'get', '/communication/groupchat/message', 'GroupChat', true],
  ['inviteToGroupChat', 'post', '/communication/groupchat/invite', 'GroupChat', true],
  ['sendGroupChatMessage', 'post', '/communication/groupchat/message/send', 'GroupChat', true],
  ['updateGroupChatMessage', 'post', '/communication/groupchat/message/update', 'GroupChat', true],
  ['sendGroupChatReaction', 'post', '/communication/groupchat/message/reaction/send', 'GroupChat', true],
  ['removeGroupChatReaction', 'post', '/communication/groupchat/message/reaction/remove', 'GroupChat', true],
  ['replyGroupChatMessage', 'post', '/communication/groupchat/message/reply', 'GroupChat', true],
  ['signalGroupChatTyping', 'post', '/communication/groupchat/signal/typing', 'GroupChat', true],

  ['getMyChannels', 'get', '/communication/channel/my', 'Channel', true],
  ['getChannels', 'get', '/communication/channel', 'Channel', true],
  ['createChannel', 'post', '/communication/channel/create', 'Channel', true],
  ['getChannelMessages', 'get', '/communication/channel/message', 'Channel', true],
  ['sendChannelMessage', 'post', '/communication/channel/message/send', 'Channel', true],
  ['updateChannelMessage', 'post', '/communication/channel/message/update', 'Channel', true],
  ['subscribeChannel', 'post', '/communication/channel/subscribe', 'Channel', true],
  ['unsubscribeChannel', 'post', '/communication/channel/unsubscribe', 'Channel', true],

  ['openBucket', 'post', '/communication/bucket', 'Bucket', true],
  ['updateBucket', 'post', '/communication/bucket/update', 'Bucket', true],
  ['likeBucket', 'post', '/communication/bucket/like', 'Bucket', true],
  ['unlikeBucket', 'post', '/communication/bucket/unlike', 'Bucket', true],

  ['getTunnels', 'get', '/service/tunnel', 'Services', false],
  ['createTunnel', 'post', '/service/tunnel/create', 'Services', false],
  ['openTunnel', 'post', '/service/tunnel/open', 'Services', false],
  ['closeTunnel', 'post', '/service/tunnel/close', 'Services', false],
  ['deleteTunnel', 'post', '/service/tunnel/delete', 'Services', false],
  ['uploadFile', 'post', '/service/file/upload', 'Services', false],
  ['downloadFile', 'post', '/service/file/download', 'Services', false],
  ['getLlms', 'get', '/service/llms', 'Services', false],

  ['validateApiKey', 'get', '/apikey/~validate', 'ApiKeys', false],
  ['createApiKey', 'post', '/apikey', 'ApiKeys', false],
  ['deleteApiKey', 'delete', '/apikey/{key_id}', 'ApiKeys', false],

  ['registerDevice', 'post', '/registerDevice', 'Provisioning', false],
  ['getDeviceClaimStatus', 'post', '/deviceClaimStatus', 'Provisioning', false],
  ['resetDevice', 'post', '/resetDevice', 'Provisioning', false],
];

const FAMILY_COUNTS: Record<string, number> = {
  Accounts: 7, P2P: 8, GroupChat: 10, Channel: 8, Bucket: 4, Services: 8, ApiKeys: 3, Provisioning: 3,
};

const doc = loadOpenApi();
const ops = operations(doc);

describe('openapi.yaml document', () => {
  test('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', () => {
    // The validator is ESM-only: run it in a child node process. External refs
    // (the JSON Schema files beside the document) are registered under the
    // relative names used in the documents.
    const script = `
      import { Validator } from '@seriousme/openapi-schema-validator';
      import fs from 'fs';
      const v = new Validator();
      for (const f of fs.readdirSync('schemas').filter((f) => f.endsWith('.schema.json'))) {
        const s = JSON.parse(fs.readFileSync('schemas/' + f, 'utf8'));
        await v.addSpecRef(structuredClone(s), './' + f);
        await v.addSpecRef(structuredClone(s), f);
      }
      const res = await v.validate('schemas/openapi.yaml');
      console.log(JSON.stringify({ valid: res.valid, version: v.version, errors: res.errors ?? null }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    const res = JSON.parse(out.trim().split('\n').pop()!);
    expect(res.errors).toBeNull();
    expect(res.valid).toBe(true);
    expect(res.version).toBe('3.1');
    expect(doc.openapi).toMatch(/^3\.1\./);
  });

  test('the validator does reject a broken document (the check can fail)', () => {
    const broken = JSON.parse(JSON.stringify(doc));
    delete broken.paths['/account/my'].get.responses;
    broken.paths['/account/my'].get.parameters[0].in = 'body';
    const tmp = path.join(REPO, 'build', 'openapi-broken.json');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(broken));
    const script = `
      import { Validator } from '@seriousme/openapi-schema-validator';
      const v = new Validator();
      const res = await v.validate(${JSON.stringify(tmp)});
      console.log(JSON.stringify({ valid: res.valid }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' });
    expect(JSON.parse(out.trim()).valid).toBe(false);
  });

  test('every $ref in openapi.yaml and the WebSocket schemas resolves', () => {
    const files: Record<string, unknown> = { 'openapi.yaml': doc };
    for (const f of fs.readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json'))) files[f] = readSchema(f);
    const unresolved: string[] = [];
    for (const from of ['openapi.yaml', 'ws-request.schema.json', 'inbound-event.schema.json']) {
      for (const ref of collectRefs(files[from])) {
        const [file, pointer = ''] = ref.split('#');
        const target = file === '' ? files[from] : files[file.replace(/^\.\//, '')];
        if (target === undefined || getPointer(target, pointer) === undefined) unresolved.push(`${from}: ${ref}`);
      }
    }
    expect(unresolved).toEqual([]);
    // and the walk itself sees refs of all three kinds
    const all = collectRefs(doc);
    expect(all.some((r) => r.startsWith('#/components/schemas/'))).toBe(true);
    expect(all.some((r) => r.startsWith('./ws-request.schema.json#/$defs/'))).toBe(true);
    expect(all.some((r) => r.startsWith('./data-component.schema.json'))).toBe(true);
  });

  test('uses bearer API key security globally; only register/claim-status are anonymous', () => {
    const schemes = (doc.components as JsonObject).securitySchemes as JsonObject;
    expect(schemes.bearerApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerApiKey: [] }]);
    const anonymous = ops.filter((o) => Array.isArray(o.op.security) && (o.op.security as Json[]).length === 0).map((o) => o.operationId);
    expect(anonymous.sort()).toEqual(['getDeviceClaimStatus', 'registerDevice']);
  });

  test('describes the WebSocket (x-websocket) with Bearer auth and both message schemas', () => {
    const ws = doc['x-websocket'] as JsonObject;
    expect(ws.path).toBe('/service/ws');
    expect(ws.url).toBe('wss://api.semilimes.net/service/ws');
    expect(ws.security).toEqual([{ bearerApiKey: [] }]);
    expect(ws.request).toEqual({ $ref: './ws-request.schema.json' });
    expect(ws.events).toEqual({ $ref: './inbound-event.schema.json' });
    expect(String(ws.description)).toMatch(/Bearer/);
  });
});

describe('operations', () => {
  test('exactly 51 operations, with unique camelCase operationIds', () => {
    expect(ops).toHaveLength(51);
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(51);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });

  test('each documented family is present with its count', () => {
    const counts: Record<string, number> = {};
    for (const o of ops) for (const t of o.op.tags as string[]) counts[t] = (counts[t] ?? 0) + 1;
    expect(counts).toEqual(FAMILY_COUNTS);
    const tagNames = (doc.tags as JsonObject[]).map((t) => t.name);
    expect(tagNames.sort()).toEqual(Object.keys(FAMILY_COUNTS).sort());
  });

  test.each(EXPECTED)('%s is %s %s (%s)', (id, method, p, tag, ws) => {
    const o = operation(id);
    expect([o.method, o.path]).toEqual([method, p]);
    expect(o.op.tags).toEqual([tag]);
    if (ws) expect(o.op['x-ws-request-type']).toBe(p);
    else expect(o.op['x-ws-request-type']).toBeUndefined();
    expect(typeof o.op.summary).toBe('string');
    expect(typeof o.op.description).toBe('string');
  });

  test('the WebSocket request types are exactly the ws-request.schema.json enum', () => {
    const ws = readSchema('ws-request.schema.json') as JsonObject;
    const en = ((ws.properties as JsonObject).requestType as JsonObject).enum as string[];
    const fromOps = ops.map((o) => o.op['x-ws-request-type']).filter(Boolean);
    expect(fromOps).toHaveLength(30);
    expect([...en].sort()).toEqual((fromOps as string[]).sort());
  });

  test('every JSON 200 reply is the envelope with typed data; every operation has an error reply', () => {
    for (const o of ops) {
      const responses = o.op.responses as JsonObject;
      expect(responses.default).toEqual({ $ref: '#/components/responses/Error' });
      const s = responseSchema(o) as JsonObject | undefined;
      if (o.operationId === 'downloadFile') {
        expect(s).toBeUndefined();
        continue;
      }
      expect(s).toBeDefined();
      const parts = s!.allOf as JsonObject[];
      expect(parts[0]).toEqual({ $ref: '#/components/schemas/Envelope' });
      expect((parts[1].properties as JsonObject).data).toBeDefined();
    }
    const env = ((doc.components as JsonObject).schemas as JsonObject).Envelope as JsonObject;
    expect(env.required).toEqual(['success', 'statusCode', 'error', 'data']);
  });

  test('query parameters match the WebSocket `parameters` schema of the same operation', () => {
    const ws = readSchema('ws-request.schema.json') as JsonObject;
    const defs = ws.$defs as JsonObject;
    for (const o of ops.filter((x) => x.op['x-ws-request-type'])) {
      const query = ((o.op.parameters ?? []) as JsonObject[]).filter((p) => p.in === 'query');
      const name = o.operationId[0].toUpperCase() + o.operationId.slice(1) + 'Parameters';
      const def = defs[name] as JsonObject | undefined;
      if (query.length === 0) {
        expect(def).toBeUndefined();
        continue;
      }
      expect(def).toBeDefined();
      const props = def!.properties as JsonObject;
      expect(Object.keys(props).sort()).toEqual(query.map((p) => p.name as string).sort());
      for (const p of query) {
        expect((props[p.name as string] as JsonObject).type).toEqual((p.schema as JsonObject).type);
      }
      expect(((def!.required ?? []) as string[]).sort()).toEqual(query.filter((p) => p.required).map((p) => p.name as string).sort());
    }
  });

  test('documented query parameters have the documented types and optionality', () => {
    const q = (id: string) =>
      Object.fromEntries(
        ((operation(id).op.parameters ?? []) as JsonObject[]).map((p) => [p.name, `${(p.schema as JsonObject).type}${p.required ? '!' : '?'}`]),
      );
    expect(q('getMyAccounts')).toEqual({ main: 'boolean?', sub: 'boolean?', shared: 'boolean?', details: 'boolean?' });
    expect(q('getAccountFeed')).toEqual({ accountId: 'string?', before: 'integer?', after: 'integer?', limit: 'integer?' });
    expect(q('getP2pMessages')).toEqual({ recipientId: 'string!', messageId: 'string?', limit: 'integer?' });
    expect(q('getGroupChatMessages')).toEqual({ groupChatId: 'string!', messageId: 'string?', limit: 'integer?' });
    expect(q('getMyChannels')).toEqual({ owner: 'boolean?', editor: 'boolean?', subscriber: 'boolean?' });
    expect(q('getChannels')).toEqual({ ownerId: 'string?', editorId: 'string?', channelId: 'string?', title: 'string?' });
    expect(q('getChannelMessages')).toEqual({ channelId: 'string?', messageId: 'string?', limit: 'integer?' });
    expect(q('openBucket')).toEqual({ bucketId: 'string!' });
    expect(q('deleteApiKey')).toEqual({ key_id: 'integer!' });
    expect(q('getP2pChats')).toEqual({});
  });

  test('file upload is multipart with binary httpFiles; download answers raw bytes', () => {
    const up = operation('uploadFile').op.requestBody as JsonObject;
    expect(Object.keys(up.content as JsonObject)).toEqual(['multipart/form-data']);
    const dl = ((operation('downloadFile').op.responses as JsonObject)['200'] as JsonObject).content as JsonObject;
    expect(Object.keys(dl)).toContain('application/octet-stream');
  });

  test('contradictions and silences are recorded as DECISION descriptions', () => {
    const text = fs.readFileSync(path.join(SCHEMAS_DIR, 'openapi.yaml'), 'utf8') + fs.readFileSync(path.join(SCHEMAS_DIR, 'ws-request.schema.json'), 'utf8');
    const n = (text.match(/DECISION/g) ?? []).length;
    expect(n).toBeGreaterThanOrEqual(10);
  });
});

describe('every schema compiles under strict Ajv', () => {
  const names = Object.keys(((doc.components as JsonObject).schemas as JsonObject));
  test.each(names)('components.schemas.%s', (name) => {
    expect(typeof compileInOpenApi({ $ref: `#/components/schemas/${name}` }, `component.${name}`)).toBe('function');
  });
  test.each(ops.map((o) => [o.operationId, o] as const))('%s request and response', (_id, o) => {
    const body = requestBodySchema(o);
    if (body) expect(typeof compileInOpenApi(body, `${o.operationId}.request`)).toBe('function');
    const res = responseSchema(o);
    if (res) expect(typeof compileInOpenApi(res, `${o.operationId}.response`)).toBe('function');
  });
});

describe('inline examples of openapi.yaml validate', () => {
  const cases: [string, string, Json, Json][] = [];
  for (const o of ops) {
    const content = (o.op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
    for (const media of Object.values(content ?? {}) as JsonObject[]) {
      for (const [name, ex] of Object.entries((media.examples ?? {}) as JsonObject)) {
        cases.push([`${o.operationId} request ${name}`, `${o.operationId}.request`, requestBodySchema(o)!, (ex as JsonObject).value]);
      }
    }
    const r200 = ((o.op.responses as JsonObject)['200'] as JsonObject).content as JsonObject;
    const json = r200['application/json'] as JsonObject | undefined;
    for (const [name, ex] of Object.entries((json?.examples ?? {}) as JsonObject)) {
      cases.push([`${o.operationId} response ${name}`, `${o.operationId}.response`, responseSchema(o)!, (ex as JsonObject).value]);
    }
  }

  test('there are examples for most operations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(75);
  });

  test.each(cases)('%s', (_name, key, schema, value) => {
    const v = compileInOpenApi(schema, key);
    const errs = errorsOf(v, value);
    expect(formatErrors(errs)).toBe('');
  });

  test('the error example validates against the envelope and a wrong envelope is rejected', () => {
    const v = compileInOpenApi({ $ref: '#/components/schemas/Envelope' }, 'Envelope');
    expect(errorsOf(v, { success: false, statusCode: 401, error: 'Unauthorized', data: null })).toEqual([]);
    const errs = errorsOf(v, { success: 'yes', statusCode: '200', error: null });
    const where = errs.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).join('\n');
    expect(where).toMatch(/\/success type/);
    expect(where).toMatch(/\/statusCode type/);
    expect(where).toMatch(/"missingProperty":"data"/);
  });
});
