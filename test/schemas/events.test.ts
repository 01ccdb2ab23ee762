// WebSocket messages: inbound-event.schema.json (server -> client) and
// ws-request.schema.json (client -> server, discriminated by requestType).
import type { ErrorObject } from 'ajv';
import { errorsOf, formatErrors, readSchema, validatorFor } from '../helpers/schemas';
import { cleanDocJson, clone, Json, JsonObject, operations, snippetIndex, snippetText } from './openapi.helpers';

const index = snippetIndex();
const eventEntries = index.filter((e) => e.kind === 'event');
const named = (errs: ErrorObject[], field: string) =>
  errs.some(
    (e) =>
      e.instancePath.split('/').includes(field) ||
      (e.params as JsonObject).missingProperty === field ||
      (e.params as JsonObject).additionalProperty === field,
  );

describe('inbound events', () => {
  test('the four documented events are kept', () => {
    expect(eventEntries.map((e) => e.event).sort()).toEqual(['ChannelMessageReceived', 'GroupChatMessageReceived', 'P2pMessageReceived', 'ResponseEvent']);
  });

  test.each(eventEntries.map((e) => [e.event!, e] as const))('docs example of %s validates (whole schema and its $def)', (def, e) => {
    const v = cleanDocJson(snippetText(e));
    expect(formatErrors(errorsOf('inbound-event.schema.json', v))).toBe('');
    expect(formatErrors(errorsOf(`inbound-event.schema.json#/$defs/${def}`, v))).toBe('');
  });

  test('the schema carries the docs examples', () => {
    const s = readSchema('inbound-event.schema.json') as JsonObject;
    expect(s.examples).toEqual(eventEntries.map((e) => cleanDocJson(snippetText(e))));
  });

  const ev = (name: string) => cleanDocJson(snippetText(eventEntries.find((e) => e.event === name)!)) as JsonObject;
  const body = (v: JsonObject) => v.eventBody as JsonObject;
  const table: [string, string, (v: JsonObject) => void, string][] = [
    ['unknown eventType', 'ResponseEvent', (v) => (v.eventType = 'Ping'), 'eventType'],
    ['Response without requestId', 'ResponseEvent', (v) => delete v.requestId, 'requestId'],
    ['Response success type', 'ResponseEvent', (v) => (body(v).success = 'true'), 'success'],
    ['Response statusCode type', 'ResponseEvent', (v) => (body(v).statusCode = '500'), 'statusCode'],
    ['Response without eventBody', 'ResponseEvent', (v) => delete v.eventBody, 'eventBody'],
    ['unknown featureType', 'P2pMessageReceived', (v) => (v.featureType = 'sms'), 'featureType'],
    ['MessageReceived without featureType', 'P2pMessageReceived', (v) => delete v.featureType, 'featureType'],
    ['p2p without senderId', 'P2pMessageReceived', (v) => delete body(v).senderId, 'senderId'],
    ['p2p receivedOn type', 'P2pMessageReceived', (v) => (body(v).receivedOn = 'now'), 'receivedOn'],
    ['p2p bad data component', 'P2pMessageReceived', (v) => (body(v).dataComponent = { dataComponentType: 'hologram' }), 'dataComponentType'],
    ['group chat without groupChatId', 'GroupChatMessageReceived', (v) => delete body(v).groupChatId, 'groupChatId'],
    ['group chat messageId type', 'GroupChatMessageReceived', (v) => (body(v).messageId = 12), 'messageId'],
    ['channel without channelId', 'ChannelMessageReceived', (v) => delete body(v).channelId, 'channelId'],
    ['channel without dataComponent', 'ChannelMessageReceived', (v) => delete body(v).dataComponent, 'dataComponent'],
  ];
  test.each(table)('%s is rejected', (_what, name, mutate, field) => {
    const v = clone(ev(name));
    expect(errorsOf('inbound-event.schema.json', v)).toEqual([]);
    mutate(v);
    const errs = errorsOf('inbound-event.schema.json', v);
    expect(errs.length).toBeGreaterThan(0);
    expect(named(errs, field)).toBe(true);
  });

  test('a form submission arrives as a data component of a MessageReceived', () => {
    const v = clone(ev('ChannelMessageReceived'));
    body(v).dataComponent = { dataComponentType: 'formsubmission', replyTo: { messageId: 'm1', refName: 'f' }, submitterId: 'u1', formComponents: [] };
    expect(formatErrors(errorsOf('inbound-event.schema.json', v))).toBe('');
  });
});

describe('WebSocket requests are checked per requestType', () => {
  const ok = (requestType: string, parameters: JsonObject, body: JsonObject): JsonObject => ({ requestId: 'r1', requestType, version: '2', parameters, body });

  test('every WebSocket operation has its own branch', () => {
    const s = readSchema('ws-request.schema.json') as JsonObject;
    const branches = (s.allOf as JsonObject[]).map((b) => ((((b.if as JsonObject).properties as JsonObject).requestType as JsonObject).const as string));
    const wsOps = operations().filter((o) => o.op['x-ws-request-type']).map((o) => o.op['x-ws-request-type'] as string);
    expect(branches.sort()).toEqual(wsOps.sort());
  });

  const text = { dataComponentType: 'text', text: 'hi' };
  const valid: [string, JsonObject][] = [
    ['p2p list, params and body omitted', { requestId: 'a', requestType: '/communication/p2p', version: '2' }],
    ['p2p messages', ok('/communication/p2p/message', { recipientId: 'u2', limit: 10 }, {})],
    ['p2p send', ok('/communication/p2p/message/send', {}, { recipientId: 'u2', options: { silent: true }, dataComponent: text })],
    ['group send', ok('/communication/groupchat/message/send', {}, { groupChatId: 'g1', dataComponent: text })],
    ['group reply without dataComponentType', ok('/communication/groupchat/message/reply', {}, { messageId: 'm', dataComponent: { text: 'ok' } })],
    ['my channels', ok('/communication/channel/my', { owner: true, subscriber: false }, {})],
    ['open bucket', ok('/communication/bucket', { bucketId: 'b1' }, {})],
    ['update bucket', ok('/communication/bucket/update', {}, { bucketId: 'b1', title: 'T', dataComponents: [text] })],
  ];
  test.each(valid)('accepts %s', (_w, v) => {
    expect(formatErrors(errorsOf('ws-request.schema.json', v))).toBe('');
  });

  const invalid: [string, Json, string][] = [
    ['version 1', { ...ok('/communication/p2p', {}, {}), version: '1' }, 'version'],
    ['numeric version', { ...ok('/communication/p2p', {}, {}), version: 2 }, 'version'],
    ['unknown requestType', ok('/communication/p2p/poke', {}, {}), 'requestType'],
    ['REST-only operation over the socket', ok('/service/tunnel', {}, {}), 'requestType'],
    ['missing requestId', { requestType: '/communication/p2p', version: '2' }, 'requestId'],
    ['unknown envelope field', { ...ok('/communication/p2p', {}, {}), payload: {} }, 'payload'],
    ['limit as string', ok('/communication/p2p/message', { recipientId: 'u2', limit: '100' }, {}), 'limit'],
    ['missing recipientId parameter', ok('/communication/p2p/message', { limit: 5 }, {}), 'recipientId'],
    ['parameters missing where required', { requestId: 'a', requestType: '/communication/p2p/message', version: '2' }, 'parameters'],
    ['boolean parameter as string', ok('/communication/channel/my', { owner: 'true' }, {}), 'owner'],
    ['getChannels needs one parameter', ok('/communication/channel', {}, {}), 'parameters'],
    ['unknown parameter', ok('/communication/groupchat', { recipients: 'a,b' }, {}), 'recipients'],
    ['p2p body sent as group send', ok('/communication/groupchat/message/send', {}, { recipientId: 'u2', dataComponent: text }), 'groupChatId'],
    ['group body sent as p2p send', ok('/communication/p2p/message/send', {}, { groupChatId: 'g', dataComponent: text }), 'recipientId'],
    ['body on a GET', ok('/communication/p2p', {}, { recipientId: 'u2' }), 'recipientId'],
    ['silent as string', ok('/communication/channel/message/send', {}, { channelId: 'c', options: { silent: 'no' }, dataComponent: text }), 'silent'],
    ['reply with a gauge', ok('/communication/p2p/message/reply', {}, { messageId: 'm', dataComponent: { dataComponentType: 'gauge' } }), 'dataComponentType'],
    ['reaction without reaction', ok('/communication/groupchat/message/reaction/send', {}, { messageId: 'm' }), 'reaction'],
    ['invite ids not an array', ok('/communication/groupchat/invite', {}, { groupChatId: 'g', recipientIds: 'a,b' }), 'recipientIds'],
    ['like without bucketId', ok('/communication/bucket/like', {}, {}), 'bucketId'],
    ['open bucket without bucketId', ok('/communication/bucket', {}, {}), 'bucketId'],
    ['bad data component inside send', ok('/communication/p2p/message/send', {}, { recipientId: 'u', dataComponent: { dataComponentType: 'gauge', thickness: 5 } }), 'thickness'],
  ];
  test.each(invalid)('rejects %s, naming %s', (_w, v, field) => {
    const errs = errorsOf('ws-request.schema.json', v);
    expect(errs.length).toBeGreaterThan(0);
    expect(named(errs, field)).toBe(true);
  });

  test('validatorFor compiles the schema on its own (no YAML needed)', () => {
    expect(typeof validatorFor('ws-request.schema.json')).toBe('function');
    expect(typeof validatorFor('inbound-event.schema.json')).toBe('function');
  });
});
