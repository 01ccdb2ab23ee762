// The Node ESP-AT emulator on its own: raw AT dialogues, byte-exact framing,
// passive/active receive and pacing, backpressure, host map and fault hooks.
import * as net from 'net';
import { atEscape, EspAtModem, EspAtModemOptions, parseAtStrings } from '../../simulator/modem/EspAtModem';

/** Collects what the modem sends to the board; waits for text to appear. */
class Board {
  out = '';
  chunks: { at: number; text: string }[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly modem: EspAtModem) {
    modem.onOutput = (b) => {
      const text = b.toString('latin1');
      this.out += text;
      this.chunks.push({ at: Date.now(), text });
      for (const w of this.waiters.splice(0)) w();
    };
  }
  send(text: string | Buffer): void {
    this.modem.input(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }
  /** Waits until `want` has arrived; returns everything up to and including it, and consumes it. */
  async expect(want: string | RegExp, timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = typeof want === 'string' ? (this.out.includes(want) ? { index: this.out.indexOf(want), len: want.length } : null) : (() => {
        const r = this.out.match(want);
        return r ? { index: r.index!, len: r[0].length } : null;
      })();
      if (m) {
        const upto = this.out.slice(0, m.index + m.len);
        this.out = this.out.slice(m.index + m.len);
        return upto;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${JSON.stringify(String(want))}; have ${JSON.stringify(this.out)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
  async command(cmd: string, want: string | RegExp = /\r\n(OK|ERROR)\r\n/): Promise<string> {
    this.send(cmd + '\r\n');
    return this.expect(want);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EspAtModem', () => {
  let server: net.Server;
  let port: number;
  const sockets: net.Socket[] = [];
  let onConnection: (s: net.Socket) => void = (s) => s.on('data', (b) => s.write(b));
  const modems: EspAtModem[] = [];

  beforeAll(async () => {
    server = net.createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      onConnection(s);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(() => {
    onConnection = (s) => s.on('data', (b) => s.write(b));
    for (const m of modems.splice(0)) m.close();
    for (const s of sockets.splice(0)) s.destroy();
  });
  afterAll(() => server.close());

  const make = (opts: EspAtModemOptions = {}) => {
    const m = new EspAtModem({ hostMap: { 'api.semilimes.net': { host: '127.0.0.1', port } }, ...opts });
    modems.push(m);
    return new Board(m);
  };
  const connect = async (b: Board, passive: boolean) => {
    await b.command('ATE0');
    if (passive) expect(await b.command('AT+CIPRECVMODE=1')).toBe('\r\nOK\r\n');
    expect(await b.command('AT+CIPSTART="TCP","api.semilimes.net",443', /\r\n(OK|ERROR)\r\n/)).toBe('CONNECT\r\n\r\nOK\r\n');
  };

  test('echo is on until ATE0, like the real firmware', async () => {
    const b = make();
    expect(await b.command('AT')).toBe('AT\r\n\r\nOK\r\n');
    expect(await b.command('ATE0')).toBe('ATE0\r\n\r\nOK\r\n');
    expect(await b.command('AT')).toBe('\r\nOK\r\n');
    expect(await b.command('ATE1')).toBe('\r\nOK\r\n');
    expect(await b.command('AT')).toBe('AT\r\n\r\nOK\r\n');
  });

  test('unknown and unsupported commands answer ERROR; lone LF ends a line too', async () => {
    const b = make({ noPassiveMode: true });
    await b.command('ATE0');
    const table: [string, string][] = [
      ['AT+NOPE', '\r\nERROR\r\n'],
      ['AT+CIPMUX=1', '\r\nERROR\r\n'],
      ['AT+CIPMUX=0', '\r\nOK\r\n'],
      ['AT+CIPRECVMODE=1', '\r\nERROR\r\n'], // old firmware
      ['AT+CIPSEND=4', 'link is not valid\r\n\r\nERROR\r\n'],
      ['AT+CIPCLOSE', '\r\nERROR\r\n'],
      ['AT+CIPSTATUS', 'STATUS:4\r\n\r\nOK\r\n'],
      ['AT+CWJAP="net","pw"', 'WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n'],
    ];
    for (const [cmd, want] of table) expect([cmd, await b.command(cmd)]).toEqual([cmd, want]);
    b.send('AT\n');
    expect(await b.expect('OK\r\n')).toBe('\r\nOK\r\n');
  });

  test('AT+CWJAP: escaped SSID and password decoded; with `networks`, a wrong password or an unknown network fails', async () => {
    expect(parseAtStrings('"a\\,b\\"c\\\\d","pw",,1')).toEqual(['a,b"c\\d', 'pw']);
    expect(parseAtStrings('"open')).toBeNull();
    expect(parseAtStrings('"a"x')).toBeNull();
    for (const t of ['plain', 'a,b', 'say "hi"', 'back\\slash', '\\",\\', '']) expect(parseAtStrings(`"${atEscape(t)}","x"`)).toEqual([t, 'x']);
    const ssid = 'Home "5G", 2nd\\floor';
    const password = 'p\\a,s"s';
    const b = make({ networks: { [ssid]: password } });
    await b.command('ATE0');
    expect(await b.command(`AT+CWJAP="${atEscape(ssid)}","${atEscape(password)}"`)).toBe('WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n');
    expect(b.modem.joined).toEqual({ ssid, password });
    expect(await b.command('AT+CWJAP?')).toBe(`+CWJAP:"${atEscape(ssid)}","00:00:00:00:00:00",1,-40\r\n\r\nOK\r\n`);
    // unescaped, its quotes end the strings early: a syntax ERROR, the network stays joined
    expect(await b.command(`AT+CWJAP="${ssid}","${password}"`)).toBe('\r\nERROR\r\n');
    expect(b.modem.joined).toEqual({ ssid, password });
    expect(await b.command(`AT+CWJAP="${atEscape(ssid)}","wrong"`)).toBe('+CWJAP:2\r\n\r\nERROR\r\n');
    expect(await b.command('AT+CWJAP="elsewhere","x"')).toBe('+CWJAP:3\r\n\r\nERROR\r\n');
    expect(await b.command('AT+CWJAP?')).toBe('No AP\r\n\r\nOK\r\n');
  });

  test('passive mode: +IPD,<n> notice, CIPRECVLEN, CIPRECVDATA gives at most what was asked', async () => {
    const b = make();
    await connect(b, true);
    expect(await b.command('AT+CIPSEND=12', '> ')).toBe('\r\nOK\r\n\r\n> ');
    b.send('hello\r\nAT\r\n!'); // data mode: CR LF and "AT" are payload
    expect(await b.expect('SEND OK\r\n')).toBe('\r\nRecv 12 bytes\r\n\r\nSEND OK\r\n');
    expect(await b.expect(/\+IPD,12\r\n/)).toMatch(/^\+IPD,12\r\n$/);
    expect(await b.command('AT+CIPRECVLEN?')).toBe('+CIPRECVLEN:12\r\n\r\nOK\r\n');
    expect(await b.command('AT+CIPRECVDATA=5')).toBe('+CIPRECVDATA:5,hello\r\n\r\nOK\r\n');
    expect(await b.command('AT+CIPRECVDATA=100')).toBe('+CIPRECVDATA:7,\r\nAT\r\n!\r\n\r\nOK\r\n');
    expect(await b.command('AT+CIPRECVDATA=100')).toBe('\r\nERROR\r\n'); // drained
    expect(b.modem.stats).toMatchObject({ largestRecvRequest: 100, largestRecvData: 7, recvData: 2, sends: 1 });
    expect(await b.command('AT+CIPCLOSE')).toBe('CLOSED\r\n\r\nOK\r\n');
  });

  test('passive mode: data stays readable after the peer closed', async () => {
    onConnection = (s) => s.end('bye');
    const b = make();
    await connect(b, true);
    expect(await b.expect('CLOSED\r\n')).toBe('+IPD,3\r\nCLOSED\r\n');
    expect(await b.command('AT+CIPRECVDATA=8')).toBe('+CIPRECVDATA:3,bye\r\n\r\nOK\r\n');
    expect(await b.command('AT+CIPRECVDATA=8')).toBe('\r\nERROR\r\n');
  });

  test('passive mode: the TCP socket is paused while too much waits (backpressure)', async () => {
    // What the modem took from the socket is the measure: whether the
    // server's write drains depends on the kernel's socket buffers (on a
    // loopback with large ones, 4 MB fit in them while the modem reads none).
    const big = Buffer.alloc(4 << 20, 0x61);
    onConnection = (s) => {
      s.write(big);
    };
    const limit = 1000;
    const b = make({ passiveBufferLimit: limit });
    await connect(b, true);
    await sleep(300);
    // Paused once `limit` bytes wait: at most the chunk that crossed it
    // beyond (a socket read is at most 64 KiB), and nothing more while paused.
    const held = b.modem.stats.bytesFromNetwork;
    expect(held).toBeGreaterThanOrEqual(limit);
    expect(held).toBeLessThan(limit + 65536);
    await sleep(300);
    expect(b.modem.stats.bytesFromNetwork).toBe(held);
    // reading makes room and the rest flows
    let got = 0;
    while (got < big.length) {
      const r = await b.command('AT+CIPRECVDATA=2048');
      const m = r.match(/\+CIPRECVDATA:(\d+),/);
      if (m) got += Number(m[1]);
      else await sleep(5);
    }
    expect(got).toBe(big.length);
  }, 60000);

  test('active mode: +IPD pieces of at most ipdChunk bytes, ipdGapMs apart, then CLOSED', async () => {
    const payload = Buffer.alloc(300, 0x42);
    onConnection = (s) => s.end(payload);
    const b = make({ ipdChunk: 64, ipdGapMs: 15 });
    await connect(b, false);
    const text = await b.expect('CLOSED\r\n');
    const pieces = [...text.matchAll(/\+IPD,(\d+):/g)].map((m) => Number(m[1]));
    expect(pieces).toEqual([64, 64, 64, 64, 44]);
    expect(text.replace(/\r\n\+IPD,\d+:/g, '')).toBe(payload.toString('latin1') + 'CLOSED\r\n');
    const times = b.chunks.filter((c) => c.text.includes('+IPD,')).map((c) => c.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(12);
  });

  test('ALREADY CONNECTED, and a refused connection reports CLOSED + ERROR', async () => {
    const b = make();
    await connect(b, true);
    expect(await b.command('AT+CIPSTART="TCP","api.semilimes.net",443')).toBe('ALREADY CONNECTED\r\n\r\nERROR\r\n');
    await b.command('AT+CIPCLOSE');
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = make({ hostMap: (host, p) => (host === 'dead.test' ? { host: '127.0.0.1', port: deadPort } : null) });
    await c.command('ATE0');
    expect(await c.command('AT+CIPSTART="TCP","dead.test",80')).toBe('CLOSED\r\n\r\nERROR\r\n');
    expect(await c.command('AT+CIPSTART="TCP","elsewhere.test",80')).toBe('DNS Fail\r\n\r\nERROR\r\n');
  });

  test('"SSL" links reach a plain mapped server (the mock cloud) unless the map asks for TLS', async () => {
    const b = make();
    await b.command('ATE0');
    expect(await b.command('AT+CIPSTART="SSL","api.semilimes.net",443')).toBe('CONNECT\r\n\r\nOK\r\n');
    expect(await b.command('AT+CIPSTATUS')).toBe(
      'STATUS:3\r\n+CIPSTATUS:0,"SSL","api.semilimes.net",443,50000,0\r\n\r\nOK\r\n',
    );
  });

  test('fault hooks: failNextSends, dropLink, muteNextCommands, garbage, reboot', async () => {
    let peerClosed = false;
    onConnection = (s) => s.on('close', () => (peerClosed = true)).resume();
    const b = make();
    await connect(b, true);
    b.modem.failNextSends(1);
    expect(await b.command('AT+CIPSEND=3')).toBe('\r\nERROR\r\n');
    expect(await b.command('AT+CIPSEND=3', '> ')).toBe('\r\nOK\r\n\r\n> ');
    b.send('abc');
    await b.expect('SEND OK\r\n');
    b.modem.dropLink();
    expect(await b.expect('CLOSED\r\n')).toBe('CLOSED\r\n');
    await sleep(50);
    expect(peerClosed).toBe(true);
    expect(b.modem.linkOpen).toBe(false);
    b.modem.muteNextCommands(1);
    b.send('AT\r\n');
    await sleep(50);
    expect(b.out).toBe('');
    expect(await b.command('AT')).toBe('\r\nOK\r\n');
    b.modem.garbage('\x00\xffnoise\r\n');
    expect(await b.expect('noise\r\n')).toBe('\x00\xffnoise\r\n');
    b.modem.reboot();
    expect(await b.expect('ready\r\n')).toMatch(/\r\nready\r\n$/);
    expect(await b.command('AT')).toBe('AT\r\n\r\nOK\r\n'); // echo back on
    expect(b.modem.passiveMode).toBe(false);
  });
});
