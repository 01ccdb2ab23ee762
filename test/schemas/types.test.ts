// The quicktype TypeScript types (simulator/cloud/types/api.ts) are fresh
// (regenerated in memory and compared), cover every schema, and type-check
// (with a fixture that uses them and expects wrong values to be rejected).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { bundle, generateTypes, OUT_FILE, REPO } from '../../scripts/gen-types';
import { loadOpenApi, JsonObject } from './openapi.helpers';
import { readSchema } from '../helpers/schemas';

let generated = '';
beforeAll(async () => {
  generated = await generateTypes();
}, 120000);

describe('generated TypeScript types', () => {
  test('the committed file is fresh (npm run types regenerates it byte for byte)', () => {
    const committed = fs.readFileSync(OUT_FILE, 'utf8');
    expect(committed === generated).toBe(true);
  });

  test('carry a do-not-edit banner with the generator version and no timestamp', () => {
    const head = generated.split('\n').slice(0, 3).join('\n');
    expect(head).toMatch(/GENERATED FILE, DO NOT EDIT/);
    expect(head).toMatch(/quicktype-core \d+\.\d+\.\d+/);
    expect(head).not.toMatch(/\b20\d\d-\d\d-\d\d|\d\d:\d\d:\d\d/);
  });

  test('generation is deterministic', async () => {
    expect(await generateTypes()).toBe(generated);
  });

  test('every OpenAPI component, WebSocket definition, event and component becomes a type', () => {
    const emitted = new Set([...generated.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1].toLowerCase()));
    const want = [
      // Empty ({}) has no properties: quicktype emits no named type for it.
      ...Object.keys(((loadOpenApi().components as JsonObject).schemas as JsonObject)).filter((n) => n !== 'Empty'),
      'WsRequest',
      ...Object.keys(readSchema('ws-request.schema.json').$defs as object),
      'InboundEvent',
      ...Object.keys(readSchema('inbound-event.schema.json').$defs as object),
      'AnyDataComponent',
      'AnyFormComponent',
      'AnyInboundEvent',
      'GaugeDataComponent',
      'GaugeFormComponent',
      'FormsubmissionDataComponent',
    ];
    const missing = want.filter((n) => !emitted.has(n.toLowerCase()));
    expect(missing).toEqual([]);
  });

  test('the bundle rewrites every reference to a local definition', () => {
    const { schema, names } = bundle();
    const text = JSON.stringify(schema);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(100);
    for (const r of refs) {
      expect(r).toMatch(/^#\/definitions\//);
      expect(names).toContain(r.slice('#/definitions/'.length));
    }
  });

  test('type-check with tsc --strict, and reject wrong values', () => {
    const dir = path.join(REPO, 'build', 'types-check');
    fs.mkdirSync(dir, { recursive: true });
    const rel = path.relative(dir, OUT_FILE).replace(/\.ts$/, '').split(path.sep).join('/');
    fs.writeFileSync(
      path.join(dir, 'use.ts'),
      `import type { SendP2PMessageBody, WsRequest, AnyInboundEvent, AnyDataComponent, GaugeDataComponent, Envelope, DeviceClaimStatus, GetP2PMessagesParameters } from '${rel}';
export const send: SendP2PMessageBody = { recipientId: 'u2', options: { silent: true }, dataComponent: { dataComponentType: 'text', text: 'hi' } };
export const req: WsRequest = { requestId: 'r1', requestType: '/communication/p2p/message/send', version: '2', body: { ...send } };
export const gauge: GaugeDataComponent = { dataComponentType: 'gauge', value: 50, pointer: 'needle' };
export const env: Envelope = { success: true, statusCode: null, error: null, data: [] };
export const claim: DeviceClaimStatus = { deviceId: 'd', claimed: true, authToken: 'k' };
export const params: GetP2PMessagesParameters = { recipientId: 'u2', limit: 10 };
export function who(e: AnyInboundEvent): string {
  if (e.eventType === 'Response') return e.requestId;
  return e.eventBody.senderId;
}
export function kind(c: AnyDataComponent): string {
  return c.dataComponentType;
}
// @ts-expect-error recipientId is required
export const noRecipient: SendP2PMessageBody = { dataComponent: { dataComponentType: 'text' } };
// @ts-expect-error requestType is an enum of the WebSocket request types
export const badType: WsRequest = { requestId: 'r', requestType: '/service/tunnel', version: '2' };
// @ts-expect-error version is the literal "2"
export const badVersion: WsRequest = { requestId: 'r', requestType: '/communication/p2p', version: '1' };
// @ts-expect-error pointer is an enum
export const badPointer: GaugeDataComponent = { dataComponentType: 'gauge', pointer: 'arrow' };
// @ts-expect-error limit is a number
export const badLimit: GetP2PMessagesParameters = { recipientId: 'u2', limit: '10' };
`,
    );
    const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
    let out = '';
    let code = 0;
    try {
      out = execFileSync(tsc, ['--noEmit', '--strict', '--skipLibCheck', '--target', 'ES2022', '--module', 'commonjs', '--types', 'node', OUT_FILE, path.join(dir, 'use.ts')], {
        cwd: REPO,
        encoding: 'utf8',
      });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      code = err.status;
      out = err.stdout;
    }
    expect(out).toBe('');
    expect(code).toBe(0);
  });
});
