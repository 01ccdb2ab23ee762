// The mock semilimes cloud: an HTTP/1.1 server (node `http`) and the
// WebSocket gateway on 127.0.0.1, over the spec-driven pipeline.
//
// Usage:
//   const cloud = await startCloud({ port: 0, apiKeys: ['test-key'] });
//   // cloud.url = "http://127.0.0.1:PORT"; Bearer test-key is a seeded account
//   const alice = cloud.app.person('alice');
//   ...
//   await cloud.close();
import * as http from 'http';
import type { Socket } from 'net';
import { App } from './app';
import { ConnectionFaults, FaultController, FaultPlan } from './faults';
import { allHandlers } from './handlers';
import { parseMultipart } from './multipart';
import { CallResult, CloudCore, HandlerTable } from './router';
import { LoadedSpec, loadSpec } from './spec';
import { Account, ApiKey, CloudState } from './state';
import { Stats } from './stats';
import { Validator } from './validation';
import { WsGateway } from './ws';

export interface SeedKey {
  key: string;
  name?: string;
  /** ISO date-time; default one year ahead. A past date seeds an expired key. */
  expireAt?: string;
}

export interface CloudOptions {
  port?: number;
  host?: string;
  apiKeys?: (string | SeedKey)[];
  faults?: FaultPlan;
  /** Defaults to schemas/openapi.yaml. */
  spec?: LoadedSpec | string;
  handlers?: HandlerTable;
  /** Largest request body accepted (413 beyond). */
  maxBodyBytes?: number;
  /** Check the mock's own answers against the spec: 'record' (default), 'strict' (500 on mismatch), 'off'. */
  responseCheck?: 'off' | 'record' | 'strict';
  /** Lifetime of a claimed device's authToken (default one year; e.g. 2 days to make the device rotate it). */
  deviceKeyLifetimeMs?: number;
}

export interface Cloud {
  url: string;
  wsUrl: string;
  port: number;
  app: App;
  state: CloudState;
  stats: Stats;
  core: CloudCore;
  faults: FaultController;
  ws: WsGateway;
  /** The account and key seeded for each api key, in order. */
  seeded: { account: Account; apiKey: ApiKey }[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function envelope(result: CallResult): { status: number; body: string } {
  const ok = result.status >= 200 && result.status < 300;
  return {
    status: result.status,
    body: JSON.stringify({ success: ok, statusCode: ok ? null : result.status, error: ok ? null : result.error ?? null, data: ok ? result.data ?? null : null }),
  };
}

function queryObject(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startCloud(opts: CloudOptions = {}): Promise<Cloud> {
  const spec = typeof opts.spec === 'object' ? opts.spec : loadSpec(opts.spec);
  const state = new CloudState();
  const stats = new Stats();
  const core = new CloudCore(spec, new Validator(spec), state, stats, opts.handlers ?? allHandlers);
  core.responseCheck = opts.responseCheck ?? 'record';
  if (opts.deviceKeyLifetimeMs !== undefined) core.deviceKeyLifetimeMs = opts.deviceKeyLifetimeMs;
  const faults = new FaultController(opts.faults, stats);
  const gateway = new WsGateway(core);
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;

  const seeded = (opts.apiKeys ?? []).map((k, i) => {
    const sk = typeof k === 'string' ? { key: k } : k;
    const account = state.createAccount(sk.name ?? `account ${i + 1}`);
    const apiKey = state.issueKey(account.accountId, { key: sk.key, name: sk.name ?? `seeded key ${i + 1}`, expireAt: sk.expireAt });
    return { account, apiKey };
  });
  const app = new App(core);

  const connFaults = new WeakMap<Socket, ConnectionFaults>();
  const sockets = new Set<Socket>();
  // Simulated boards run slower than real time: be patient with slow
  // requests and long pauses between keep-alive requests.
  const server = http.createServer({ keepAliveTimeout: 300_000, headersTimeout: 600_000, requestTimeout: 0 });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    stats.connections.http++;
    const f = faults.forConnection(socket.remotePort);
    connFaults.set(socket, f);
    f.installOnSocket(socket);
  });

  server.on('request', (req, res) => {
    void handleRequest(req, res).catch((err) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ success: false, statusCode: 500, error: `internal error: ${(err as Error).message}`, data: null }));
      }
    });
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req, maxBody);
    const rf = connFaults.get(req.socket)?.takeRequestFault();
    if (rf?.delayMs) await sleep(rf.delayMs);
    const send = (status: number, body: string, contentType = 'application/json') => {
      res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (rf?.status5xx) {
      return send(rf.status5xx, JSON.stringify({ success: false, statusCode: rf.status5xx, error: `injected fault: HTTP ${rf.status5xx}`, data: null }));
    }
    if (raw === 'too-large') return send(413, JSON.stringify({ success: false, statusCode: 413, error: `body larger than ${maxBody} bytes`, data: null }));

    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    let bodyParseError: string | undefined;
    let files;
    let multipartFields;
    if (/multipart\/form-data/i.test(contentType)) {
      try {
        const mp = parseMultipart(raw, contentType);
        files = mp.files;
        multipartFields = mp.fields;
      } catch (e) {
        bodyParseError = `multipart body is malformed: ${(e as Error).message}`;
      }
    } else if (raw.length > 0 && /json/i.test(contentType)) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        bodyParseError = `body is not valid JSON: ${(e as Error).message}`;
      }
    }

    const result = await core.call({
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: req.headers.authorization,
      query: queryObject(url),
      body,
      bodyParseError,
      files,
      multipartFields,
      contentType,
      hasBody: raw.length > 0,
      transport: 'http',
    });

    if (rf?.invalidJson) return send(200, '{"success":true,"statusCode":null,"error":null,"data":{"oops":tru', 'application/json');
    if (result.binary) {
      res.writeHead(200, {
        'Content-Type': result.binary.contentType,
        'Content-Length': result.binary.data.length,
        ...(result.binary.filename ? { 'Content-Disposition': `attachment; filename="${result.binary.filename.replace(/["\\\r\n]/g, '_')}"` } : {}),
      });
      res.end(result.binary.data);
      return;
    }
    const env = envelope(result);
    if (rf?.oversizedFrame !== undefined) {
      // Pad the envelope to exactly oversizedFrame bytes (it stays valid JSON).
      stats.countFault('oversizedResponse');
      const shell = env.body.slice(0, -1) + ',"padding":""}';
      env.body = env.body.slice(0, -1) + ',"padding":"' + 'x'.repeat(Math.max(rf.oversizedFrame - Buffer.byteLength(shell), 0)) + '"}';
    }
    const headers: Record<string, string> = {};
    if (result.status === 401) headers['WWW-Authenticate'] = 'Bearer';
    if (rf?.chunkedResponse && rf.chunkedResponse > 0) {
      // No Content-Length: node sends Transfer-Encoding: chunked, one chunk per write.
      stats.countFault('chunkedResponse');
      res.writeHead(env.status, { 'Content-Type': 'application/json', ...headers });
      const bytes = Buffer.from(env.body);
      for (let off = 0; off < bytes.length; off += rf.chunkedResponse) res.write(bytes.subarray(off, off + rf.chunkedResponse));
      res.end();
      return;
    }
    res.writeHead(env.status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(env.body)), ...headers });
    res.end(env.body);
  }

  server.on('upgrade', (req, socket: Socket, head) => {
    gateway.handleUpgrade(req, socket, head, connFaults.get(socket));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/service/ws`,
    port,
    app,
    state,
    stats,
    core,
    faults,
    ws: gateway,
    seeded,
    close: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
