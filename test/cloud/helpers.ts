// Test helpers for the mock cloud: a JSON HTTP call over real sockets, a
// WebSocket client that correlates Responses by requestId and queues events,
// and a response-vs-spec check.
import * as http from 'http';
import { WebSocket } from 'ws';
import type { Cloud } from '../../simulator/cloud/server';
import { matchOperation } from '../../simulator/cloud/spec';

export interface ApiResponse {
  status: number;
  json: any;
  headers: http.IncomingHttpHeaders;
}

/**
 * One JSON call on a fresh TCP connection (no keep-alive pool, so faults
 * queued for "the next connection" hit exactly this call). `key` null sends
 * no Authorization header; a string body is sent as-is (for invalid JSON).
 */
export function api(cloud: Cloud, method: string, path: string, body?: unknown, key: string | null = 'test-key'): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(cloud.url + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
        resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Throws when a 200 JSON reply does not match the operation's response schema in openapi.yaml. */
export function expectMatchesSpec(cloud: Cloud, method: string, path: string, res: ApiResponse): void {
  const found = matchOperation(cloud.core.spec, method, path.split('?')[0]);
  if (!found.op) throw new Error(`no spec operation for ${method} ${path}`);
  const ptr = found.op.responseSchemaPointer;
  if (!ptr) throw new Error(`operation ${found.op.operationId} has no JSON response schema`);
  cloud.core.validator.validateAgainst(ptr, res.json, 'response');
}

export class WsClient {
  readonly events: any[] = [];
  readonly pings: Buffer[] = [];
  private waiters: { pred: (e: any) => boolean; resolve: (e: any) => void }[] = [];
  private n = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      let e: any;
      try {
        e = JSON.parse(data.toString());
      } catch {
        e = { invalid: data.toString() };
      }
      this.events.push(e);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(e)) return true;
        w.resolve(e);
        return false;
      });
    });
    ws.on('ping', (d) => this.pings.push(d));
  }

  static connect(cloud: Cloud, key = 'test-key'): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(cloud.wsUrl, { headers: { Authorization: `Bearer ${key}` } });
      const c = new WsClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
    });
  }

  /** Resolves with the first (already received or future) event matching `pred`. */
  waitFor(pred: (e: any) => boolean, timeoutMs = 5000): Promise<any> {
    const hit = this.events.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(this.events).slice(0, 500)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  }

  /** Sends a request envelope and resolves with the Response event carrying its requestId. */
  request(requestType: string, parameters: Record<string, unknown> = {}, body: unknown = {}, requestId = `r${++this.n}`): Promise<any> {
    this.ws.send(JSON.stringify({ requestId, requestType, version: '2', parameters, body }));
    return this.waitFor((e) => e.eventType === 'Response' && e.requestId === requestId);
  }

  close(): void {
    this.ws.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const gauge = (value: number) => ({
  dataComponentType: 'gauge',
  title: 'Temperature',
  thickness: 20,
  degrees: 270,
  spacing: 0,
  fontSize: 12,
  value,
  displayValue: `${value} C`,
  segments: [
    { from: 0, to: 50, color: '#00AAFF' },
    { from: 51, to: 100, color: '#FF0000' },
  ],
  pointer: 'none',
  pointerColor: '#ABABAB',
  progressBar: 'basic',
  progressBarColor: '#CCDD11',
});
