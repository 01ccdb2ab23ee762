// The firmware WebSocket client (host build, PosixSocketTransport) against
// the `ws` npm server as a strict peer: ws rejects unmasked client frames,
// invalid UTF-8, bad close codes and bad lengths, so every frame the client
// sends is checked by an independent implementation.
import { spawn } from 'child_process';
import { AddressInfo } from 'net';
import { WebSocketServer, WebSocket } from 'ws';
import { buildHost, parseSlTest, CaseResult } from '../helpers/cpp';

const CASES = [
  'peer_text_and_binary_echo_then_clean_close',
  'peer_fragmented_send_with_ping_between_fragments',
  'peer_large_binary_from_body_fn_64bit_length',
  'peer_server_ping_is_answered_and_fragments_reassembled',
  'peer_too_big_message_closes_with_1009',
  'peer_invalid_utf8_closes_with_1007',
  'peer_server_initiated_close_is_echoed',
  'peer_wrong_key_is_refused_at_the_handshake',
];

interface Seen {
  messages: { text: string; binary: boolean; length: number }[];
  closes: { code: number; reason: string }[];
  errors: string[];
  pings: string[];
  keys: string[];
  rejected: number;
}

function startServer(seen: Seen): Promise<WebSocketServer> {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, cb) => {
        seen.keys.push(String(info.req.headers['sec-websocket-key']));
        if (info.req.headers.authorization === 'Bearer PEER-KEY' && info.req.url === '/service/ws') cb(true);
        else {
          seen.rejected++;
          cb(false, 401, 'Unauthorized');
        }
      },
    });
    wss.on('connection', (ws: WebSocket) => {
      ws.on('error', (e) => seen.errors.push(String(e.message)));
      ws.on('ping', (d) => seen.pings.push(d.toString()));
      ws.on('close', (code, reason) => seen.closes.push({ code, reason: reason.toString() }));
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        const text = isBinary ? '' : data.toString('utf8');
        seen.messages.push({ text, binary: isBinary, length: data.length });
        if (isBinary) ws.send(data, { binary: true });
        else if (text === 'ping-me') {
          ws.once('pong', (d) => ws.send(`ponged:${d.toString()}`));
          ws.ping('srv-ping');
        } else if (text === 'frag-me') {
          ws.send(Buffer.from([0x61, 0x62, 0xc3]), { binary: false, fin: false });
          ws.send(Buffer.from([0xa9, 0x63, 0x64]), { binary: false, fin: true });
        } else if (text === 'too-big') ws.send('x'.repeat(2000));
        else if (text === 'bad-utf8') ws.send(Buffer.from([0x6f, 0x6b, 0xc3, 0x28]), { binary: false });
        else if (text === 'close-me') ws.close(4001, 'server says bye');
        else ws.send(`echo:${text}`);
      });
    });
    wss.on('listening', () => resolve(wss));
  });
}

describe('firmware WsClient vs the ws npm server (strict peer)', () => {
  let exe: string;
  const seen: Seen = { messages: [], closes: [], errors: [], pings: [], keys: [], rejected: 0 };
  let results: CaseResult[] = [];
  let output = '';

  beforeAll(async () => {
    exe = buildHost({
      name: 'ws_peer',
      sources: ['test/firmware/ws/ws_peer_main.cpp', 'test/firmware/support/host_main.cpp'],
    });
    const wss = await startServer(seen);
    const port = (wss.address() as AddressInfo).port;
    output = await new Promise<string>((resolve, reject) => {
      const child = spawn(exe, [], { env: { ...process.env, SL_PEER_PORT: String(port) } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60000);
      child.on('error', reject);
      child.on('close', () => {
        clearTimeout(timer);
        resolve(out);
      });
    });
    results = parseSlTest(output).cases;
    await new Promise((r) => setTimeout(r, 200));  // let the last close events land
    await new Promise<void>((r) => wss.close(() => r()));
  });

  for (const name of CASES) {
    test(name, () => {
      const r = results.find((c) => c.name === name);
      if (!r) throw new Error(`case did not run\n${output}`);
      if (!r.ok) throw new Error(r.detail.join('\n'));
    });
  }

  test('the server accepted every frame (no protocol errors on its side)', () => {
    expect(seen.errors).toEqual([]);
  });

  test('the server received exactly the messages the client sent', () => {
    expect(seen.messages.map((m) => (m.binary ? `bin:${m.length}` : m.text))).toEqual([
      'hello €',
      'bin:200',
      'fragémented',
      'bin:70000',
      'ping-me',
      'frag-me',
      'too-big',
      'bad-utf8',
      'close-me',
    ]);
    expect(seen.pings).toEqual(['mid']);
  });

  test('close codes seen by the server: clean closes, 1009, 1007, echoed 4001', () => {
    expect(seen.closes).toEqual([
      { code: 1000, reason: 'done' },
      { code: 1000, reason: '' },
      { code: 1001, reason: '' },
      { code: 4000, reason: 'bye' },
      { code: 1009, reason: '' },
      { code: 1007, reason: '' },
      { code: 4001, reason: '' },
    ]);
  });

  test('every handshake used a fresh 16-byte key; the wrong bearer was refused', () => {
    expect(seen.keys.length).toBe(CASES.length);
    expect(new Set(seen.keys).size).toBe(seen.keys.length);
    for (const k of seen.keys) expect(Buffer.from(k, 'base64').length).toBe(16);
    expect(seen.rejected).toBe(1);
  });
});
