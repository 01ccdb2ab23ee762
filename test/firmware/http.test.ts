import { spawn } from 'child_process';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { buildHost, defineSlTestSuite, parseSlTest, CaseResult } from '../helpers/cpp';

for (const compiler of ['g++', 'clang++']) {
  defineSlTestSuite(`firmware http response parser (host ${compiler})`, {
    name: `http_parser_${compiler}`,
    compiler,
    sources: ['test/firmware/http/http_parser_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
  defineSlTestSuite(`firmware http request writer (host ${compiler})`, {
    name: `http_writer_${compiler}`,
    compiler,
    sources: ['test/firmware/http/http_writer_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
}
// The request writer unbuffered (SL_PUT_BUFFER=0: a write per byte): the same bytes, the same failures.
defineSlTestSuite('firmware http request writer, SL_PUT_BUFFER=0 (host g++)', {
  name: 'http_writer_put_unbuffered_g++',
  flags: ['-DSL_PUT_BUFFER=0'],
  sources: ['test/firmware/http/http_writer_test.cpp', 'test/firmware/support/host_main.cpp'],
});

// The firmware HTTP writer + parser (host build, PosixSocketTransport)
// against node's http server: Content-Length, chunked, keep-alive, HEAD,
// close-delimited and truncated bodies.

const PEER_CASES = [
  'http_peer_keep_alive_sequence_on_one_connection',
  'http_peer_large_chunked_body_streams_through_a_small_buffer',
  'http_peer_body_delimited_by_close',
  'http_peer_truncated_body_is_reported',
];

interface SeenRequest {
  method: string;
  url: string;
  host: string;
  socket: number;
}

function startHttpServer(seen: SeenRequest[]): Promise<http.Server> {
  const sockets = new Map<Socket, number>();
  const server = http.createServer((req, res) => {
    if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
    seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', socket: sockets.get(req.socket)! });
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (url.pathname === '/cl') {
        const body = JSON.stringify({
          x: url.searchParams.get('x'),
          emoji: url.searchParams.get('emoji'),
          auth: req.headers.authorization,
        });
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body);
      } else if (url.pathname === '/chunked') {
        res.setHeader('X-Seen', 'chunked-route');
        res.write('part1-');
        setTimeout(() => {
          res.write('part2-');
          res.end('part3');
        }, 20);
      } else if (url.pathname === '/echo') {
        const body = Buffer.concat(chunks);
        res.statusCode = 201;
        res.setHeader('X-Seen', `${req.headers['content-type']} ${req.headers['content-length']}`);
        res.setHeader('Content-Length', body.length);
        res.end(body);
      } else if (url.pathname === '/big') {
        const all = Buffer.alloc(200000);
        for (let i = 0; i < all.length; i++) all[i] = (i * 13) & 255;
        for (let off = 0; off < all.length; off += 7001) res.write(all.subarray(off, off + 7001));
        res.end();
      } else if (url.pathname === '/raw-close') {
        req.socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end');
      } else if (url.pathname === '/raw-truncated') {
        req.socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort');
      } else {
        res.statusCode = 404;
        res.setHeader('Content-Length', 9);
        res.end('not found');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('firmware HTTP client pieces vs node http server', () => {
  const seen: SeenRequest[] = [];
  let results: CaseResult[] = [];
  let output = '';
  let port = 0;

  beforeAll(async () => {
    const exe = buildHost({
      name: 'http_peer',
      sources: ['test/firmware/http/http_peer_main.cpp', 'test/firmware/support/host_main.cpp'],
    });
    const server = await startHttpServer(seen);
    port = (server.address() as AddressInfo).port;
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
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  for (const name of PEER_CASES) {
    test(name, () => {
      const r = results.find((c) => c.name === name);
      if (!r) throw new Error(`case did not run\n${output}`);
      if (!r.ok) throw new Error(r.detail.join('\n'));
    });
  }

  test('the server saw percent-encoded queries, Host with port, and one kept-alive connection', () => {
    expect(seen.slice(0, 5).map((s) => `${s.method} ${s.url} ${s.socket}`)).toEqual([
      'GET /cl?x=a%20b%26c&emoji=%E2%82%AC 0',
      'GET /chunked 0',
      'POST /echo 0',
      'HEAD /cl 0',
      'GET /nope 0',
    ]);
    for (const s of seen) expect(s.host).toBe(`127.0.0.1:${port}`);
    expect(seen.length).toBe(8);
  });
});
