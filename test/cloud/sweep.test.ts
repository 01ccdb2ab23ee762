// A sweep over every operation in the spec, over HTTP and (where it has a
// request type) over the WebSocket, with empty and junk inputs: the cloud
// answers with a documented client error or success, never a 5xx, and its
// errors always come in the envelope.
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { WsClient, api } from './helpers';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'] });
});
afterAll(() => cloud.close());

const junkBodies: unknown[] = [undefined, {}, [], 'null', '"text"', 42, { dataComponent: { dataComponentType: 'nope' } }, { messageId: 7, channelId: null }];
const clientError = (s: number) => s === 200 || (s >= 400 && s < 500);

function concretePath(p: string): string {
  return p.replace(/\{[^}]+\}/g, '123');
}

test('HTTP: every operation x junk input -> 2xx/4xx in the envelope, never 5xx', async () => {
  const bad: string[] = [];
  for (const op of cloud.core.spec.operations) {
    for (const body of junkBodies) {
      const r = await api(cloud, op.method, concretePath(op.path), op.method === 'GET' ? undefined : body);
      if (!clientError(r.status)) bad.push(`${op.method} ${op.path} ${JSON.stringify(body)} -> ${r.status} ${JSON.stringify(r.json).slice(0, 200)}`);
      if (r.status !== 200 && !(r.json && r.json.success === false && r.json.statusCode === r.status && typeof r.json.error === 'string')) {
        bad.push(`${op.method} ${op.path}: error not in the envelope: ${JSON.stringify(r.json).slice(0, 200)}`);
      }
    }
  }
  expect(bad).toEqual([]);
});

test('WebSocket: every request type x junk input -> a Response, never 5xx', async () => {
  const c = await WsClient.connect(cloud);
  const bad: string[] = [];
  let n = 0;
  try {
    for (const [type] of cloud.core.spec.byWsRequestType) {
      for (const body of junkBodies) {
        const parameters = n % 2 ? {} : { limit: 'x', channelId: 5 };
        const r = await c.request(type, parameters, body, `s${n++}`);
        const status = r.eventBody.success ? 200 : r.eventBody.statusCode;
        if (!clientError(status)) bad.push(`${type} ${JSON.stringify(body)} -> ${status} ${r.eventBody.error}`);
      }
    }
  } finally {
    c.close();
  }
  expect(bad).toEqual([]);
});
