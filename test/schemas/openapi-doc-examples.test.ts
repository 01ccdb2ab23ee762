// Every JSON example of the platform docs (kept verbatim in
// schemas/examples/operations/, comments stripped when read) validates
// against its schema in openapi.yaml / ws-request / inbound-event; the kept
// snippets are faithful to the docs; and for the constraints (required,
// types, enums, formats, ranges) a violating variant is rejected with an
// error that names the field.
import type { ErrorObject } from 'ajv';
import { errorsOf, formatErrors, readSchema, validatorFor } from '../helpers/schemas';
import {
  clone,
  cleanDocJson,
  compileInOpenApi,
  docsText,
  envelope,
  getPointer,
  Json,
  JsonObject,
  loadOpenApi,
  operation,
  requestBodySchema,
  responseDataSchema,
  responseSchema,
  snippetIndex,
  snippetText,
  SnippetEntry,
} from './openapi.helpers';

const index = snippetIndex();
const doc = loadOpenApi();
const wsSchema = readSchema('ws-request.schema.json') as JsonObject;

function valueOf(e: SnippetEntry & { valueOverride?: Json }): Json {
  return e.valueOverride !== undefined ? e.valueOverride : cleanDocJson(snippetText(e));
}

/** Typed sample for a `{placeholder}` query value, as a WebSocket client would send it. */
function sample(schema: JsonObject, name: string): Json {
  if (schema.type === 'boolean') return true;
  if (schema.type === 'integer') return schema.minimum === 0 && /Unix/.test(String(schema.description ?? '')) ? 1700562656 : 100;
  return name;
}

/**
 * The WebSocket example of an operation: the docs template with its
 * "parameters used in REST" taken from the documented query line and its
 * "request body used in REST" from the documented request body.
 */
function wsExample(e: SnippetEntry): JsonObject {
  const w = cleanDocJson(snippetText(e)) as JsonObject;
  const o = operation(e.operationId!);
  const qs = new URLSearchParams(e.queryLine!.split('?')[1] ?? '');
  const params: JsonObject = {};
  for (const p of ((o.op.parameters ?? []) as JsonObject[]).filter((x) => x.in === 'query')) {
    const name = p.name as string;
    const v = qs.get(name);
    const schema = p.schema as JsonObject;
    if (v != null) {
      const m = v.match(/^\{(.*)\}$/);
      params[name] = m ? sample(schema, m[1]) : schema.type === 'integer' ? Number(v) : v;
    } else if (p.required) params[name] = sample(schema, name);
  }
  const req = index.find((x) => x.operationId === e.operationId && x.kind === 'request' && !x.heading);
  expect(w.parameters).toEqual({});
  expect(w.body).toEqual({});
  w.parameters = params;
  w.body = req ? valueOf(req) : {};
  return w;
}

describe('doc examples are faithful to the docs', () => {
  const docs = docsText();
  const maybe = docs ? test : test.skip;

  maybe('each kept snippet is the docs text at the recorded line', () => {
    const lines = docs!.split('\n');
    for (const e of index) {
      const text = snippetText(e);
      const n = text.split('\n').length - 1;
      expect(lines.slice(e.docsLine - 1, e.docsLine - 1 + n).join('\n') + '\n').toBe(text);
    }
  });

  maybe('every JSON block under a Request body / Response body / WebSocket heading is kept', () => {
    const lines = docs!.split('\n');
    const kept = new Set(index.map((e) => e.docsLine));
    // Known non-JSON or deliberately unused blocks: the upload's
    // "application/json {}" part (the body is multipart) and the `{}` body of
    // GET /service/llms (a GET has no body).
    const excluded = new Set<number>();
    const missing: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (!/^(Request body|Response body|Send to \/wsclient)/.test(lines[i])) continue;
      // the JSON block, if any, starts within the next three lines
      for (let j = i + 1; j <= i + 3 && j < lines.length; j++) {
        if (/^[{[]/.test(lines[j])) {
          const near = lines.slice(Math.max(0, i - 30), i).reverse().find((l) => /^(GET|POST|DELETE) \//.test(l));
          if (/^(POST \/service\/file\/upload|GET \/service\/llms)$/.test(near ?? '') && lines[i].startsWith('Request body')) excluded.add(j + 1);
          else if (!kept.has(j + 1)) missing.push(`${j + 1}: ${lines[i]} (${near})`);
          break;
        }
      }
    }
    expect(missing).toEqual([]);
    expect(excluded.size).toBe(2);
    expect(index.filter((e) => e.kind === 'ws-request')).toHaveLength(30);
    expect(index.filter((e) => e.kind === 'event')).toHaveLength(4);
  });
});

describe('doc request bodies validate', () => {
  const cases = index.filter((e) => e.kind === 'request').map((e) => [e.file, e] as const);
  test.each(cases)('%s', (_f, e) => {
    const o = operation(e.operationId!);
    const v = compileInOpenApi(requestBodySchema(o)!, `${o.operationId}.request`);
    expect(formatErrors(errorsOf(v, valueOf(e)))).toBe('');
  });
});

describe('doc responses validate (as envelope data)', () => {
  const cases = index.filter((e) => e.kind === 'response').map((e) => [e.file, e] as const);
  test.each(cases)('%s', (_f, e) => {
    const o = operation(e.operationId!);
    const schema = responseSchema(o);
    if (!schema) throw new Error(`${o.operationId} has no JSON response`);
    const v = compileInOpenApi(schema, `${o.operationId}.response`);
    expect(formatErrors(errorsOf(v, envelope(valueOf(e))))).toBe('');
    const d = compileInOpenApi(responseDataSchema(o)!, `${o.operationId}.data`);
    expect(formatErrors(errorsOf(d, valueOf(e)))).toBe('');
  });
});

describe('doc fragment: account advanced properties', () => {
  test('merged over the base account, it validates; a wrong onlineStatus is rejected', () => {
    const frag = index.find((e) => e.kind === 'fragment' && e.operationId === 'getMyAccounts')!;
    const adv = (cleanDocJson('{' + snippetText(frag) + '}') as JsonObject).currentAccount as JsonObject;
    expect(Object.keys(adv).sort()).toEqual(['commentCount', 'likeCount', 'onlineStatus', 'viewCount']);
    const base = valueOf(index.find((e) => e.operationId === 'getMyAccounts' && e.kind === 'response')!) as JsonObject;
    const merged = { ...base, currentAccount: { ...(base.currentAccount as JsonObject), ...adv } };
    const v = compileInOpenApi(responseDataSchema(operation('getMyAccounts'))!, 'getMyAccounts.data');
    expect(formatErrors(errorsOf(v, merged))).toBe('');
    const bad = clone(merged as Json) as JsonObject;
    (bad.currentAccount as JsonObject).onlineStatus = 'Away';
    expect(errorsOf(v, bad).some((e) => e.instancePath === '/currentAccount/onlineStatus')).toBe(true);
  });
});

describe('doc WebSocket requests validate against ws-request.schema.json', () => {
  const cases = index.filter((e) => e.kind === 'ws-request').map((e) => [e.file, e] as const);
  test.each(cases)('%s', (_f, e) => {
    const w = wsExample(e);
    expect(w.requestType).toBe(operation(e.operationId!).op['x-ws-request-type']);
    expect(formatErrors(errorsOf('ws-request.schema.json', w))).toBe('');
  });

  test('ws-request.schema.json carries the same examples', () => {
    const built = index.filter((e) => e.kind === 'ws-request').map(wsExample);
    expect(wsSchema.examples).toEqual(built);
  });
});

describe('openapi.yaml inline examples are the doc examples', () => {
  test.each(index.filter((e) => e.kind === 'request' || e.kind === 'response').map((e) => [e.file, e] as const))('%s', (_f, e) => {
    const o = operation(e.operationId!);
    if (e.kind === 'request') {
      const media = Object.values(((o.op.requestBody as JsonObject).content as JsonObject))[0] as JsonObject;
      const name = e.heading ? (e.file.split('.')[2] as string) : 'docs';
      expect(((media.examples as JsonObject)[name] as JsonObject).value).toEqual(valueOf(e));
    } else {
      const media = (((o.op.responses as JsonObject)['200'] as JsonObject).content as JsonObject)['application/json'] as JsonObject;
      expect(((media.examples as JsonObject).docs as JsonObject).value).toEqual(envelope(valueOf(e)));
    }
  });
});

// ------------------------------------------------------------------ violations

/** Follows $refs (local to `base`, or to a file beside it) to the schema object they name. */
function deref(s: JsonObject, base: unknown = doc): JsonObject {
  const ref = s.$ref as string | undefined;
  if (!ref) return s;
  const [file, ptr = ''] = ref.split('#');
  const target = file === '' ? base : file.includes('ws-request') ? wsSchema : readSchema(file.replace(/^\.\//, ''));
  const next = getPointer(target, ptr) as JsonObject;
  if (next === undefined) throw new Error(`unresolved ${ref}`);
  return deref(next, target);
}
/** A property's schema, dereferenced within the document that holds `schema`. */
function propSchema(schema: JsonObject, key: string): JsonObject {
  const p = (schema.properties as JsonObject)[key] as JsonObject;
  return ((p.$ref as string | undefined)?.startsWith('#/$defs/') ? deref(p, wsSchema) : deref(p));
}

const named = (errs: ErrorObject[], field: string) =>
  errs.some(
    (e) =>
      e.instancePath.split('/').includes(field) ||
      (e.params as JsonObject).missingProperty === field ||
      (e.params as JsonObject).additionalProperty === field ||
      (e.params as JsonObject).unevaluatedProperty === field,
  );

const wrongValue = (type: Json): Json => (type === 'string' ? 12345 : type === 'array' ? 'not-an-array' : type === 'object' ? 'not-an-object' : 'not-a-' + type);

describe('violating request bodies are rejected, naming the field', () => {
  const cases: [string, string, 'required' | 'type', JsonObject, Json][] = [];
  for (const e of index.filter((x) => x.kind === 'request' && !x.heading)) {
    const o = operation(e.operationId!);
    const whole = deref(requestBodySchema(o) as JsonObject);
    // addFeedPost is anyOf(flat new bucket, {dataComponent}): check the flat form the endpoint documents.
    const schema = whole.anyOf ? deref((whole.anyOf as JsonObject[])[0]) : whole;
    const value = valueOf(e) as JsonObject;
    for (const r of (schema.required ?? []) as string[]) cases.push([e.operationId!, r, 'required', schema, value]);
    for (const k of Object.keys((schema.properties ?? {}) as JsonObject)) {
      const t = propSchema(schema, k).type;
      if (typeof t === 'string' && k in value) cases.push([e.operationId!, k, 'type', schema, value]);
    }
  }

  test('the table covers every operation with a documented body', () => {
    const withBody = new Set(index.filter((x) => x.kind === 'request').map((x) => x.operationId));
    expect(new Set(cases.map((c) => c[0]))).toEqual(withBody);
    expect(cases.length).toBeGreaterThan(60);
  });

  test.each(cases)('%s: %s (%s)', (id, field, kind, schema, value) => {
    const o = operation(id);
    const v = compileInOpenApi(requestBodySchema(o)!, `${id}.request`);
    const bad = clone(value) as JsonObject;
    if (kind === 'required') delete bad[field];
    else bad[field] = wrongValue(propSchema(schema, field).type as Json);
    const errs = errorsOf(v, bad);
    expect(errs.length).toBeGreaterThan(0);
    expect(named(errs, field)).toBe(true);
  });
});

describe('constraint table: enums, formats, ranges, nesting, unknown fields', () => {
  // [what, operationId, request|response, mutate(example), field the error must name]
  const table: [string, string, 'request' | 'response', (v: JsonObject) => void, string][] = [
    ['unknown body field', 'sendP2pMessage', 'request', (v) => (v.recipient = 'x'), 'recipient'],
    ['options.silent type', 'sendP2pMessage', 'request', (v) => ((v.options as JsonObject).silent = 'no'), 'silent'],
    ['dataComponent type enum', 'sendGroupChatMessage', 'request', (v) => (v.dataComponent = { dataComponentType: 'hologram' }), 'dataComponentType'],
    ['dataComponent text type', 'sendChannelMessage', 'request', (v) => (v.dataComponent = { dataComponentType: 'text', text: 42 }), 'text'],
    ['gauge range inside a message', 'sendP2pMessage', 'request', (v) => (v.dataComponent = { dataComponentType: 'gauge', value: 500 }), 'value'],
    ['reply must be text', 'replyGroupChatMessage', 'request', (v) => (v.dataComponent = { dataComponentType: 'html', text: 'x' }), 'dataComponentType'],
    ['reply text type', 'replyP2pMessage', 'request', (v) => ((v.dataComponent as JsonObject).text = 5), 'text'],
    ['recipientIds item type', 'createGroupChat', 'request', (v) => ((v.recipientIds as Json[])[0] = 7), 'recipientIds'],
    ['channel editorIds type', 'createChannel', 'request', (v) => (v.editorIds = 'a,b'), 'editorIds'],
    ['expire_at format', 'createApiKey', 'request', (v) => (v.expire_at = 'next tuesday'), 'expire_at'],
    ['clientPort range', 'createTunnel', 'request', (v) => (v.clientPort = 70000), 'clientPort'],
    ['thumbnailSize type', 'downloadFile', 'request', (v) => (v.thumbnailSize = '800'), 'thumbnailSize'],
    ['pinWall item', 'updateAccountProfile', 'request', (v) => (v.pinWall = [{ dataComponentType: 'gauge', value: 500 }]), 'pinWall'],
    ['bucket update unknown field', 'updateBucket', 'request', (v) => (v.colour = 'red'), 'colour'],
    ['bucket update visible type', 'updateBucket', 'request', (v) => (v.visible = 'yes'), 'visible'],
    ['feed post bucketId required', 'updateFeedPost', 'request', (v) => delete v.bucketId, 'bucketId'],
    ['contactStatus enum', 'getContacts', 'response', (v) => (((v as unknown as Json[])[0] as JsonObject).contactStatus = 'FRIEND'), 'contactStatus'],
    ['channel role enum', 'getMyChannels', 'response', (v) => (((v as unknown as Json[])[0] as JsonObject).role = 'King'), 'role'],
    ['accessRole enum', 'getMyAccounts', 'response', (v) => (((v.subAccounts as Json[])[0] as JsonObject).accessRole = 'God'), 'accessRole'],
    ['lastSeen type', 'getMyAccounts', 'response', (v) => ((v.currentAccount as JsonObject).lastSeen = 'yesterday'), 'lastSeen'],
    ['currentAccount required', 'getMyAccounts', 'response', (v) => delete v.currentAccount, 'currentAccount'],
    ['post publishedOn type', 'getAccountFeed', 'response', (v) => (((v.posts as Json[])[0] as JsonObject).publishedOn = 'now'), 'publishedOn'],
    ['message reactions type', 'getP2pMessages', 'response', (v) => (((v.messages as Json[])[0] as JsonObject).messageReactions = { '👍': 'me' }), 'messageReactions'],
    ['sentMessage required', 'sendChannelMessage', 'response', (v) => delete v.sentMessage, 'sentMessage'],
    ['subscribed type', 'subscribeChannel', 'response', (v) => (v.subscribed = 'true'), 'subscribed'],
    ['like type', 'likeBucket', 'response', (v) => (v.like = 1), 'like'],
    ['tunnel port type', 'openTunnel', 'response', (v) => (v.port = '1234'), 'port'],
    ['uploaded fileId required', 'uploadFile', 'response', (v) => delete ((v.uploadedFiles as Json[])[0] as JsonObject).fileId, 'fileId'],
    ['llm autoResponse type', 'getLlms', 'response', (v) => (((v.llms as Json[])[0] as JsonObject).autoResponse = 'no'), 'autoResponse'],
    ['api key id type', 'validateApiKey', 'response', (v) => (v.id = '400'), 'id'],
    ['revoked_at type', 'createApiKey', 'response', (v) => (v.revoked_at = 0), 'revoked_at'],
    ['updated bucket type enum', 'updateBucket', 'response', (v) => ((v.updatedBucket as JsonObject).dataComponentType = 'folder'), 'dataComponentType'],
  ];

  test.each(table)('%s (%s %s)', (_what, id, kind, mutate, field) => {
    const o = operation(id);
    const e = index.find((x) => x.operationId === id && x.kind === kind && !x.heading)!;
    const value = clone(valueOf(e)) as JsonObject;
    const schema = kind === 'request' ? requestBodySchema(o)! : responseDataSchema(o)!;
    const v = compileInOpenApi(schema, `${id}.${kind === 'request' ? 'request' : 'data'}`);
    expect(errorsOf(v, value)).toEqual([]);
    mutate(value);
    const errs = errorsOf(v, value);
    expect(errs.length).toBeGreaterThan(0);
    expect(named(errs, field)).toBe(true);
  });

  test('provisioning: claim status needs authToken once claimed', () => {
    const o = operation('getDeviceClaimStatus');
    const v = compileInOpenApi(responseDataSchema(o)!, 'getDeviceClaimStatus.data');
    expect(errorsOf(v, { deviceId: 'd1', claimed: false })).toEqual([]);
    expect(errorsOf(v, { deviceId: 'd1', claimed: true, authToken: 'k' })).toEqual([]);
    const errs = errorsOf(v, { deviceId: 'd1', claimed: true });
    expect(named(errs, 'authToken')).toBe(true);
    const body = compileInOpenApi(requestBodySchema(o)!, 'getDeviceClaimStatus.request');
    expect(errorsOf(body, { deviceId: 'd1', provisioningKey: 'p' })).toEqual([]);
    expect(named(errorsOf(body, { deviceId: 'd1' }), 'provisioningKey')).toBe(true);
    const reset = compileInOpenApi(requestBodySchema(operation('resetDevice'))!, 'resetDevice.request');
    expect(named(errorsOf(reset, { deviceId: 5 }), 'deviceId')).toBe(true);
  });

  test('add feed post: both documented forms pass, a mix is rejected', () => {
    const v = compileInOpenApi(requestBodySchema(operation('addFeedPost'))!, 'addFeedPost.request');
    expect(errorsOf(v, { title: 't', dataComponents: [{ dataComponentType: 'text', text: 'x' }] })).toEqual([]);
    expect(errorsOf(v, { dataComponent: { dataComponentType: 'bucket', bucketId: 'b' } })).toEqual([]);
    expect(errorsOf(v, { dataComponent: { dataComponentType: 'text', text: 'x' } }).length).toBeGreaterThan(0);
    expect(errorsOf(v, { title: 5 }).length).toBeGreaterThan(0);
  });

  test('the envelope wraps data: a response without success is rejected', () => {
    const o = operation('getContacts');
    const v = compileInOpenApi(responseSchema(o)!, 'getContacts.response');
    const errs = errorsOf(v, { statusCode: null, error: null, data: [] });
    expect(named(errs, 'success')).toBe(true);
  });

  test('validatorFor still resolves the shared component schemas', () => {
    expect(typeof validatorFor('data-component.schema.json')).toBe('function');
  });
});
