// Every fault kind, observed from the client side over real sockets.
import * as net from 'net';
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { WsClient, api, sleep } from './helpers';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'] });
});
afterEach(() => cloud.faults.clear());
afterAll(() => cloud.close());

/** Sends raw request text on a fresh TCP connection; collects every chunk until the server closes or `idleMs` passes. */
function rawExchange(request: string, idleMs = 1500): Promise<{ chunks: Buffer[]; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(cloud.port, '127.0.0.1', () => s.write(request));
    let timer = setTimeout(() => finish(false), idleMs);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ chunks, closedByServer: closed });
    };
    s.on('data', (c) => {
      chunks.push(c);
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), idleMs);
    });
    s.on('close', () => finish(true));
    s.on('error', reject);
  });
}

const GET_MY = 'GET /account/my HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\nConnection: close\r\n\r\n';

describe('byte-level faults', () => {
  test('closeAtByte: the connection closes after exactly N bytes', async () => {
    cloud.faults.next({ closeAtByte: 37 });
    const { chunks, closedByServer } = await rawExchange(GET_MY);
    expect(closedByServer).toBe(true);
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(37);
    expect(all.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(cloud.stats.faultsApplied.closeAtByte).toBeGreaterThanOrEqual(1);
  });

  test('without faults the same request yields the whole response', async () => {
    const { chunks } = await rawExchange(GET_MY);
    const text = Buffer.concat(chunks).toString();
    expect(text).toMatch(/"success":true/);
    expect(text.length).toBeGreaterThan(200);
  });

  test('splitWrites: the response arrives in many tiny segments, intact', async () => {
    cloud.faults.next({ splitWrites: { delayMs: 1 } });
    const { chunks } = await rawExchange(GET_MY);
    const all = Buffer.concat(chunks).toString();
    const body = all.slice(all.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body).success).toBe(true);
    // Unfaulted, this response arrives in one or two reads; split, in many
    // (how many the client sees depends on its read timing, so keep margin).
    expect(chunks.length).toBeGreaterThanOrEqual(20);
    expect(cloud.stats.faultsApplied.splitWrites).toBeGreaterThanOrEqual(1);
  });

  test('splitWrites on a WebSocket: handshake and frames still work', async () => {
    cloud.faults.next({ splitWrites: true });
    const c = await WsClient.connect(cloud);
    const r = await c.request('/communication/channel/my');
    expect(r.eventBody.success).toBe(true);
    c.close();
  });

  test('closeAtByte during a WebSocket exchange: the client sees the socket close', async () => {
    // Handshake response is ~130 bytes; cut inside the first Response frame.
    cloud.faults.next({ closeAtByte: 160 });
    const c = await WsClient.connect(cloud);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send(JSON.stringify({ requestId: 'x', requestType: '/communication/channel/my', version: '2' }));
    expect(await closed).toBe(1006);
  });
});

test('a client that sends its request one byte at a time (a UART-bridged board) is answered', async () => {
  const text = await new Promise<string>((resolve, reject) => {
    const s = net.connect(cloud.port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    const bytes = Buffer.from(GET_MY);
    let i = 0;
    const next = () => {
      if (i < bytes.length) {
        s.write(bytes.subarray(i, ++i));
        setTimeout(next, 2);
      }
    };
    s.setNoDelay(true);
    s.on('connect', next);
  });
  expect(text).toMatch(/^HTTP\/1\.1 200/);
  expect(text).toMatch(/"success":true/);
});

describe('request-level faults', () => {
  test('delayMs: the answer comes no earlier than the delay', async () => {
    cloud.faults.next({ delayMs: 300 });
    const t0 = Date.now();
    const r = await api(cloud, 'GET', '/account/my');
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  test('status5xx: HTTP 503 with the error envelope', async () => {
    cloud.faults.next({ status5xx: 503 });
    const r = await api(cloud, 'GET', '/account/my');
    expect(r.status).toBe(503);
    expect(r.json).toMatchObject({ success: false, statusCode: 503 });
  });

  test('invalidJson: a 200 whose body does not parse', async () => {
    cloud.faults.next({ invalidJson: true });
    const r = await api(cloud, 'GET', '/account/my');
    expect(r.status).toBe(200);
    expect(typeof r.json).toBe('string');
    expect(() => JSON.parse(r.json)).toThrow();
  });

  test('oversizedFrame on HTTP: a valid JSON answer of exactly N bytes', async () => {
    cloud.faults.next({ oversizedFrame: 100000 });
    const r = await api(cloud, 'GET', '/account/my');
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(r.json))).toBe(100000);
    expect(r.headers['content-length']).toBe('100000');
  });

  test('afterRequests/times: on one keep-alive connection only the 2nd request fails', async () => {
    cloud.faults.next({ status5xx: 500, afterRequests: 1, times: 1 });
    const req = 'GET /account/my HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-key\r\n\r\n';
    const { chunks } = await rawExchange(req + req + req.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
    const statuses = [...Buffer.concat(chunks).toString().matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '500', '200']);
  });

  test('a plan function picks faults per connection', async () => {
    const seen: number[] = [];
    cloud.faults.set((c) => {
      seen.push(c.index);
      return seen.length === 1 ? { status5xx: 502 } : undefined;
    });
    const a = await rawExchange(GET_MY);
    const b = await rawExchange(GET_MY);
    expect(Buffer.concat(a.chunks).toString()).toMatch(/^HTTP\/1\.1 502/);
    expect(Buffer.concat(b.chunks).toString()).toMatch(/^HTTP\/1\.1 200/);
  });

  test('WebSocket: 5xx and invalid JSON answers, delay', async () => {
    cloud.faults.next({ status5xx: 503, times: 1 });
    const c = await WsClient.connect(cloud);
    const r1 = await c.request('/communication/channel/my', {}, {}, 'q1');
    expect(r1.eventBody).toMatchObject({ success: false, statusCode: 503 });
    const r2 = await c.request('/communication/channel/my', {}, {}, 'q2');
    expect(r2.eventBody.success).toBe(true);
    c.close();

    cloud.faults.next({ invalidJson: true, delayMs: 200 });
    const d = await WsClient.connect(cloud);
    const t0 = Date.now();
    d.ws.send(JSON.stringify({ requestId: 'q3', requestType: '/communication/channel/my', version: '2' }));
    const bad = await d.waitFor((e) => e.invalid !== undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(() => JSON.parse(bad.invalid)).toThrow();
    d.close();
  });
});

describe('framing faults', () => {
  test('chunkedResponse: Transfer-Encoding chunked, N bytes per chunk, same JSON', async () => {
    cloud.faults.next({ chunkedResponse: 10 });
    const { chunks } = await rawExchange(GET_MY);
    const raw = Buffer.concat(chunks).toString('latin1');
    const [head, rest] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
    expect(head).toMatch(/\r\nTransfer-Encoding: chunked/i);
    expect(head).not.toMatch(/Content-Length/i);
    // Decode the chunked body by hand.
    let body = '';
    const sizes: number[] = [];
    let pos = 0;
    for (;;) {
      const eol = rest.indexOf('\r\n', pos);
      const size = parseInt(rest.slice(pos, eol), 16);
      if (size === 0) break;
      sizes.push(size);
      body += rest.slice(eol + 2, eol + 2 + size);
      pos = eol + 2 + size + 2;
    }
    expect(JSON.parse(body).success).toBe(true);
    expect(sizes.length).toBeGreaterThan(10);
    expect(sizes.slice(0, -1).every((n) => n === 10)).toBe(true);
  });

  test('fragmentFrames: a text frame then continuation frames of <= N bytes, reassembling to the Response', async () => {
    cloud.faults.next({ fragmentFrames: 16 });
    const frames = await rawWsExchange({ requestId: 'frag', requestType: '/communication/channel/my', version: '2' });
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[0]).toMatchObject({ fin: false, opcode: 1 });
    expect(frames.slice(1, -1).every((f) => !f.fin && f.opcode === 0)).toBe(true);
    expect(frames.at(-1)).toMatchObject({ fin: true, opcode: 0 });
    expect(frames.every((f) => f.payload.length <= 16)).toBe(true);
    const msg = JSON.parse(Buffer.concat(frames.map((f) => f.payload)).toString('utf8'));
    expect(msg).toMatchObject({ eventType: 'Response', requestId: 'frag', eventBody: { success: true } });
  });
});

/** A minimal raw WebSocket client: handshake, one masked text frame, then the server's frames up to the first FIN. */
function rawWsExchange(request: unknown): Promise<{ fin: boolean; opcode: number; payload: Buffer }[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(cloud.port, '127.0.0.1', () => {
      s.write('GET /service/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer test-key\r\n\r\n');
    });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    const frames: { fin: boolean; opcode: number; payload: Buffer }[] = [];
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!/^HTTP\/1\.1 101/.test(buf.toString('latin1'))) return reject(new Error(buf.toString()));
        upgraded = true;
        buf = buf.subarray(end + 4);
        const payload = Buffer.from(JSON.stringify(request));
        const mask = Buffer.from([1, 2, 3, 4]);
        const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
        s.write(Buffer.concat([header, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]));
      }
      for (;;) {
        if (buf.length < 2) return;
        const fin = (buf[0] & 0x80) !== 0;
        const opcode = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        }
        if (buf.length < off + len) return;
        frames.push({ fin, opcode, payload: buf.subarray(off, off + len) });
        buf = buf.subarray(off + len);
        if (fin) {
          s.destroy();
          return resolve(frames);
        }
      }
    });
    s.on('error', reject);
  });
}

describe('WebSocket-only faults', () => {
  test('pingStorm: the client receives N pings', async () => {
    cloud.faults.next({ pingStorm: 50 });
    const c = await WsClient.connect(cloud);
    for (let i = 0; i < 50 && c.pings.length < 50; i++) await sleep(20);
    expect(c.pings.length).toBe(50);
    const r = await c.request('/communication/channel/my');
    expect(r.eventBody.success).toBe(true);
    c.close();
  });

  test('oversizedFrame: one text frame of exactly N bytes', async () => {
    cloud.faults.next({ oversizedFrame: 70000 });
    const c = await WsClient.connect(cloud);
    const e = await c.waitFor((x) => x.eventType === 'Padding');
    expect(JSON.stringify(e).length).toBe(70000);
    c.close();
  });
});
