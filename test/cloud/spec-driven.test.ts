// The spec drives the cloud: every operation in openapi.yaml is routed and
// has a handler, and an operation added to the spec is routed and validated
// with no code change (501 until a handler exists). Also the CLI.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { allHandlers } from '../../simulator/cloud/handlers';
import { loadSpec, loadSpecFrom } from '../../simulator/cloud/spec';
import { WsClient, api } from './helpers';

describe('spec coverage', () => {
  const spec = loadSpec();

  test('the spec has operations, each with an operationId, and WebSocket request types', () => {
    expect(spec.operations.length).toBeGreaterThanOrEqual(51);
    expect(new Set(spec.operations.map((o) => o.operationId)).size).toBe(spec.operations.length);
    expect(spec.byWsRequestType.size).toBeGreaterThan(0);
  });

  test('every spec operation has a handler', async () => {
    const cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['k'] });
    try {
      const missing = spec.operations.filter((o) => !cloud.core.handlerFor(o)).map((o) => `${o.method} ${o.path}`);
      expect(missing).toEqual([]);
    } finally {
      await cloud.close();
    }
  });

  test('provisioning operations need no API key; the rest do', () => {
    const open = spec.operations.filter((o) => !o.authRequired).map((o) => o.path).sort();
    expect(open).toEqual(['/deviceClaimStatus', '/registerDevice']);
  });

  test('literal paths win over templates (/apikey/~validate is not /apikey/{key_id})', () => {
    expect(allHandlers['GET /apikey/~validate']).toBeDefined();
    const idx = (p: string) => spec.operations.findIndex((o) => o.path === p);
    expect(idx('/apikey/~validate')).toBeLessThan(idx('/apikey/{key_id}'));
  });
});

describe('a grown spec is validated without code changes', () => {
  let cloud: Cloud;
  beforeAll(async () => {
    const doc = JSON.parse(JSON.stringify(loadSpec().doc));
    doc.paths['/service/widget/create'] = {
      post: {
        operationId: 'createWidget',
        parameters: [{ name: 'dryRun', in: 'query', schema: { type: 'boolean' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['size', 'face'],
                properties: { size: { type: 'integer', minimum: 1, maximum: 10 }, face: { $ref: './data-component.schema.json#/$defs/gauge' } },
                additionalProperties: false,
              },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    };
    cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'], spec: loadSpecFrom(doc) });
  });
  afterAll(() => cloud.close());

  test.each([
    [{ face: { dataComponentType: 'gauge' } }, /body\/size is required/],
    [{ size: 11, face: { dataComponentType: 'gauge' } }, /body\/size must be <= 10/],
    [{ size: 2, face: { dataComponentType: 'gauge', fontSize: 99 } }, /body\/face\/fontSize/],
    [{ size: 2, face: { dataComponentType: 'gauge' }, extra: 1 }, /body\/extra is not allowed/],
  ])('invalid body %j -> 400', async (body, msg) => {
    const r = await api(cloud, 'POST', '/service/widget/create', body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(msg);
  });

  test('invalid query -> 400; valid request -> 501 (no handler yet), counted per operationId', async () => {
    const q = await api(cloud, 'POST', '/service/widget/create?dryRun=perhaps', { size: 2, face: { dataComponentType: 'gauge' } });
    expect(q.status).toBe(400);
    expect(q.json.error).toMatch(/dryRun/);
    const ok = await api(cloud, 'POST', '/service/widget/create?dryRun=true', { size: 2, face: { dataComponentType: 'gauge' } });
    expect(ok.status).toBe(501);
    expect(cloud.stats.requests.perOperation.createWidget).toBe(6);
  });

  test('a handler plugged in for the new operation gets coerced parameters', async () => {
    const c2 = await startCloud({
      port: 0,
      apiKeys: ['test-key'],
      spec: cloud.core.spec,
      handlers: { ...allHandlers, 'POST /service/widget/create': (ctx) => ({ size: ctx.body.size, dryRun: ctx.params.dryRun }) },
    });
    try {
      const r = await api(c2, 'POST', '/service/widget/create?dryRun=true', { size: 3, face: { dataComponentType: 'gauge' } });
      expect(r.json).toEqual({ success: true, statusCode: null, error: null, data: { size: 3, dryRun: true } });
    } finally {
      await c2.close();
    }
  });
});

describe('the mock checks its own answers against the spec', () => {
  const broken = { ...allHandlers, 'GET /service/llms': () => ({ llms: 'not a list' }) };

  test.each([
    ['strict', 500],
    ['record', 200],
  ] as const)('responseCheck %s -> HTTP %d, mismatch recorded', async (mode, status) => {
    const c = await startCloud({ port: 0, apiKeys: ['test-key'], handlers: broken, responseCheck: mode });
    try {
      const r = await api(c, 'GET', '/service/llms');
      expect(r.status).toBe(status);
      expect(c.stats.responseSchemaErrors.count).toBe(1);
      expect(c.stats.responseSchemaErrors.list[0]).toMatchObject({ operation: 'getLlms', error: expect.stringMatching(/response\/data\/llms/) });
    } finally {
      await c.close();
    }
  });
});

test('an outgoing event that breaks inbound-event.schema.json is counted', async () => {
  const c = await startCloud({ port: 0, apiKeys: ['test-key'] });
  try {
    const ws = await WsClient.connect(c);
    const alice = c.app.person('alice');
    const chat = c.state.p2pChat(alice.accountId, c.seeded[0].account.accountId, true)!;
    // Bypass validation: a stored message whose component has no dataComponentType.
    const m = c.state.addMessage({ featureType: 'p2p', key: chat.key, members: chat.members }, alice.accountId, { text: 'typeless' });
    c.core.deliver(m, alice.accountId);
    await ws.waitFor((e) => e.eventBody?.messageId === m.messageId);
    ws.close();
    expect(c.stats.responseSchemaErrors.count).toBe(1);
    expect(c.stats.responseSchemaErrors.list[0].operation).toBe('websocketEvent');
  } finally {
    await c.close();
  }
});

describe('CLI: npm run cloud -- --port P --api-key K', () => {
  test('serves the seeded key, auto-claims devices, writes stats on SIGTERM', async () => {
    const statsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cloud-')), 'stats.json');
    const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
    const child = spawn(tsx, ['simulator/cloud/main.ts', '--port', '0', '--api-key', 'cli-key', '--stats', statsFile, '--auto-claim', '10'], { cwd: path.resolve(__dirname, '../..') });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`cloud exited ${code}: ${out}`)));
      });
      const fake = { url } as Cloud;
      expect((await api(fake, 'GET', '/account/my', undefined, 'cli-key')).status).toBe(200);
      expect((await api(fake, 'GET', '/account/my', undefined, 'wrong')).status).toBe(401);
      const creds = { deviceId: 'cli-dev', provisioningKey: 'pk' };
      expect((await api(fake, 'POST', '/registerDevice', creds, null)).status).toBe(200);
      let claim: any;
      for (let i = 0; i < 100 && !claim?.claimed; i++) {
        await new Promise((r) => setTimeout(r, 20));
        claim = (await api(fake, 'POST', '/deviceClaimStatus', creds, null)).json.data;
      }
      expect(claim).toEqual({ deviceId: 'cli-dev', claimed: true, authToken: expect.any(String) });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      expect(stats.requests.perOperation.getMyAccounts).toBe(2);
      expect(stats.requests.perOperation.registerDevice).toBe(1);
      expect(stats.claimedDevices).toEqual(['cli-dev']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
