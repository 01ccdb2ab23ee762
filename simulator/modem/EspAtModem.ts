// An ESP-AT modem (ESP-01 style) emulated in Node: the far end of a board's
// UART. Bytes the board transmits go to input(); bytes for the board's
// receive line come out of onOutput. AT+CIPSTART opens a real TCP socket
// (net), with cloud host names mapped to local servers by `hostMap`.
//
//   const modem = new EspAtModem({ hostMap: { 'api.semilimes.net': { host: '127.0.0.1', port: cloudPort } } });
//   attachModemToMachine(machine, modem);          // simulator/modem/attach.ts
//
// Command set (single link, AT+CIPMUX=0): AT, ATE0/ATE1, AT+RST, AT+GMR,
// AT+CWMODE, AT+CWJAP (any network, or the `networks` option's), AT+CIFSR, AT+CIPMUX, AT+CIPRECVMODE,
// AT+CIPSTART="TCP"|"SSL",host,port, AT+CIPSEND=n ('>' then n raw bytes,
// "Recv n bytes", "SEND OK" once the socket took them), AT+CIPCLOSE,
// AT+CIPSTATUS, AT+CIPRECVLEN?, AT+CIPRECVDATA=n, AT+CIPDINFO=0. Anything
// else: ERROR. A command that arrives while CIPSTART is still connecting
// gets "busy p...". Echo is on until ATE0, like the real firmware.
//
// Receiving and pacing (so a simulated UART is never overrun):
// - Passive mode (AT+CIPRECVMODE=1, what sl::EspAtTransport uses): inbound
//   TCP bytes stay here; each arrival is announced with "+IPD,<n>"; the board
//   pulls them with AT+CIPRECVDATA=<k> and gets at most k bytes
//   ("+CIPRECVDATA:<k>,<bytes>", then OK). The board never receives more
//   than it asked for: this is the flow control. When more than
//   `passiveBufferLimit` bytes wait, the TCP socket is paused (backpressure
//   to the server). After the peer closes, "CLOSED" is sent and the data
//   already received stays readable until the next CIPSTART/CIPCLOSE.
// - Active mode (the default, as on real firmware): inbound bytes are pushed
//   as "+IPD,<n>:<bytes>" in pieces of at most `ipdChunk` bytes, one piece
//   every `ipdGapMs` ms (wall clock): a host that drains its UART faster than
//   that never overflows. "CLOSED" follows the last piece.
//
// Fault hooks: dropLink() (socket reset, "CLOSED", unread data discarded),
// failNextSends(n) (CIPSEND answers ERROR), garbage(text) (noise to the
// board), muteNextCommands(n) (no answer at all: timeouts), reboot()
// ("ready" banner, link and settings lost); options stallConnects (the
// first n AT+CIPSTART unanswered), lateConnectNumbers (answered late) and
// muteFirstCommands (no modem at first).
import * as net from 'net';
import * as tls from 'tls';

export interface HostTarget {
  host: string;
  port: number;
  /** Wrap the socket in TLS (only for "SSL" links); default false: the mock cloud is plain. */
  tls?: boolean;
}

/** Maps the host name (and port) a board asks for to where the emulator connects. */
export type HostMap =
  | Record<string, Partial<HostTarget>>
  | ((host: string, port: number, type: 'TCP' | 'SSL') => HostTarget | null | undefined);

export interface EspAtModemOptions {
  hostMap?: HostMap;
  /** Only mapped hosts may be reached (default true: nothing leaves the machine by accident). */
  mappedOnly?: boolean;
  /** Answer ERROR to AT+CIPRECVMODE (emulates old AT firmware). Default false. */
  noPassiveMode?: boolean;
  /** Active mode: largest +IPD payload (default 64). */
  ipdChunk?: number;
  /** Active mode: wall-clock ms between +IPD pieces (default 2). */
  ipdGapMs?: number;
  /** Passive mode: pause the TCP socket while this many bytes wait (default 8192). */
  passiveBufferLimit?: number;
  /** Largest AT+CIPRECVDATA answer (default 2048). */
  maxRecvData?: number;
  /** AT+CIPSTART gives up after this many ms (default 5000). */
  connectTimeoutMs?: number;
  /**
   * The first n AT+CIPSTART get no answer at all (a cloud the modem never
   * reaches, a modem that lost the command): the board's own timeout has to
   * end each. Later commands are answered as usual. Default 0.
   */
  stallConnects?: number;
  /**
   * These AT+CIPSTART, counted from 1 over the modem's life, get no answer
   * at all (as stallConnects, for a connect in the middle of a run: the
   * second one of a reboot, after the key check). Default none.
   */
  stallConnectNumbers?: number[];
  /**
   * These AT+CIPSTART, counted from 1 over the modem's life, are answered
   * (CONNECT, OK) only lateConnectMs of wall-clock time after the link is up
   * (a slow cloud: the board must not wait for it). Default none.
   */
  lateConnectNumbers?: number[];
  /** How late lateConnectNumbers are answered, in wall-clock ms (default 2000). */
  lateConnectMs?: number;
  /** The first n commands get no answer at all (a modem still booting, or none): muteNextCommands(n) from the start. Default 0. */
  muteFirstCommands?: number;
  /**
   * The Wi-Fi networks in reach, by SSID, with their passwords: AT+CWJAP
   * joins only one of these with its password ("+CWJAP:2", ERROR: wrong
   * password; "+CWJAP:3", ERROR: no such network; AT 2.x's answers, 1.x
   * ended them with FAIL). Default: any SSID and password join.
   */
  networks?: Record<string, string>;
  /** Every line in and out, for debugging. */
  log?: (dir: 'board' | 'modem' | 'event', text: string) => void;
}

export interface ModemStats {
  commands: number;
  bytesToNetwork: number;
  bytesFromNetwork: number;
  /** +IPD payload pieces (active) or notifications (passive). */
  ipd: number;
  /** AT+CIPRECVDATA answers and their largest size. */
  recvData: number;
  largestRecvData: number;
  /** Largest CIPRECVDATA request seen. */
  largestRecvRequest: number;
  sends: number;
  connects: number;
  /** AT+CIPSTART left unanswered (stallConnects). */
  stalledConnects: number;
  /** AT+CIPSTART answered late (lateConnectNumbers). */
  lateConnects: number;
}

type Mode = 'command' | 'data';

export class EspAtModem {
  /** Bytes for the board's UART receive line. */
  onOutput: ((bytes: Buffer) => void) | null = null;
  /** Command lines received, in order (without CR LF). */
  readonly commands: string[] = [];
  readonly stats: ModemStats = {
    commands: 0,
    bytesToNetwork: 0,
    bytesFromNetwork: 0,
    ipd: 0,
    recvData: 0,
    largestRecvData: 0,
    largestRecvRequest: 0,
    sends: 0,
    connects: 0,
    stalledConnects: 0,
    lateConnects: 0,
  };

  private readonly opts: Required<Omit<EspAtModemOptions, 'hostMap' | 'log' | 'networks'>> & Pick<EspAtModemOptions, 'hostMap' | 'log' | 'networks'>;
  /** The network AT+CWJAP joined (the SSID and password as the modem decoded them), or null. */
  joined: { ssid: string; password: string } | null = null;
  private echo = true;
  private passive = false;
  private mode: Mode = 'command';
  private line: number[] = [];
  private sendLeft = 0;
  private sendBuf: number[] = [];
  private socket: net.Socket | null = null;
  private linkType: 'TCP' | 'SSL' = 'TCP';
  private linkHost = '';
  private linkPort = 0;
  private connecting = false;
  /** Inbound bytes not yet given to the board. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private peerClosed = false;
  private closedSent = true;
  private activeTimer: NodeJS.Timeout | null = null;
  /** A late CIPSTART answer waiting (lateConnectNumbers). */
  private lateTimer: NodeJS.Timeout | null = null;
  private failSends = 0;
  private mute = 0;
  private stalls = 0;
  private connectCommands = 0;
  private closed = false;

  constructor(opts: EspAtModemOptions = {}) {
    this.opts = {
      mappedOnly: opts.mappedOnly ?? true,
      noPassiveMode: opts.noPassiveMode ?? false,
      ipdChunk: opts.ipdChunk ?? 64,
      ipdGapMs: opts.ipdGapMs ?? 2,
      passiveBufferLimit: opts.passiveBufferLimit ?? 8192,
      maxRecvData: opts.maxRecvData ?? 2048,
      connectTimeoutMs: opts.connectTimeoutMs ?? 5000,
      stallConnects: opts.stallConnects ?? 0,
      stallConnectNumbers: opts.stallConnectNumbers ?? [],
      lateConnectNumbers: opts.lateConnectNumbers ?? [],
      lateConnectMs: opts.lateConnectMs ?? 2000,
      muteFirstCommands: opts.muteFirstCommands ?? 0,
      networks: opts.networks,
      hostMap: opts.hostMap,
      log: opts.log,
    };
    this.mute = this.opts.muteFirstCommands;
    this.stalls = this.opts.stallConnects;
  }

  /** True while a TCP link is open. */
  get linkOpen(): boolean {
    return this.socket !== null && !this.connecting && !this.peerClosed;
  }

  /** True after AT+CIPRECVMODE=1. */
  get passiveMode(): boolean {
    return this.passive;
  }

  /** Bytes from the board's UART transmit line. */
  input(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (const b of bytes) {
      if (this.closed) return;
      if (this.mode === 'data') {
        this.sendBuf.push(b);
        if (--this.sendLeft === 0) this.finishSend();
        continue;
      }
      if (this.echo) this.out(Buffer.of(b));
      if (b === 0x0a) {
        const text = Buffer.from(this.line).toString('latin1').replace(/\r$/, '');
        this.line = [];
        if (text.length) this.command(text);
      } else if (this.line.length < 4096) {
        this.line.push(b);
      }
    }
  }

  // ---- fault hooks ---------------------------------------------------------

  /** Resets the TCP link as if the network dropped it: "CLOSED", unread data discarded. */
  dropLink(): void {
    if (!this.socket) return;
    this.log('event', 'fault: drop link');
    this.discardLink();
    this.text('CLOSED\r\n');
  }

  /** The next `n` AT+CIPSEND commands answer ERROR. */
  failNextSends(n = 1): void {
    this.failSends = n;
  }

  /** Sends noise to the board (default: bytes no modem line starts with). */
  garbage(text: string | Buffer = '\xff\xfe\x80garbage \x01\x02\r\n'): void {
    this.out(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  /** The next `n` commands get no answer at all. */
  muteNextCommands(n = 1): void {
    this.mute = n;
  }

  /** A module reset: link dropped, echo and receive mode back to defaults, "ready". */
  reboot(): void {
    this.discardLink();
    this.echo = true;
    this.passive = false;
    this.mode = 'command';
    this.line = [];
    this.text('\r\nets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n\r\nready\r\n');
  }

  /** Closes the link and stops all timers; later input is ignored. */
  close(): void {
    this.discardLink();
    this.closed = true;
  }

  // ---- commands ------------------------------------------------------------

  private command(text: string): void {
    this.commands.push(text);
    this.stats.commands++;
    this.log('board', text);
    if (this.mute > 0) {
      this.mute--;
      this.log('event', `fault: no answer to ${text}`);
      return;
    }
    if (this.connecting) {
      this.text('busy p...\r\n');
      return;
    }
    const ok = () => this.text('\r\nOK\r\n');
    const error = () => this.text('\r\nERROR\r\n');
    let m: RegExpMatchArray | null;
    const cmd = text.trim();
    if (cmd === 'AT') ok();
    else if (cmd === 'ATE0' || cmd === 'ATE1') {
      this.echo = cmd === 'ATE1';
      ok();
    } else if (cmd === 'AT+RST') {
      ok();
      setTimeout(() => this.reboot(), 20);
    } else if (cmd === 'AT+GMR') {
      this.text('AT version:2.2.0.0(emulated semilimes-sdk)\r\nSDK version:emulated\r\n\r\nOK\r\n');
    } else if ((m = cmd.match(/^AT\+CWMODE(?:_CUR|_DEF)?=(\d)$/))) ok();
    else if (cmd === 'AT+CWMODE?') this.text('+CWMODE:1\r\n\r\nOK\r\n');
    else if ((m = cmd.match(/^AT\+CWJAP(?:_CUR|_DEF)?=(.*)$/))) this.join(m[1]);
    else if (cmd === 'AT+CWJAP?') {
      if (this.joined) this.text(`+CWJAP:"${atEscape(this.joined.ssid)}","00:00:00:00:00:00",1,-40\r\n\r\nOK\r\n`);
      else this.text('No AP\r\n\r\nOK\r\n');
    }
    else if (cmd === 'AT+CIFSR') this.text('+CIFSR:STAIP,"10.0.0.2"\r\n+CIFSR:STAMAC,"02:00:00:00:00:01"\r\n\r\nOK\r\n');
    else if (cmd === 'AT+CIPMUX=0') ok();
    else if (cmd === 'AT+CIPMUX=1') error(); // multiple links are not emulated
    else if (cmd === 'AT+CIPMUX?') this.text('+CIPMUX:0\r\n\r\nOK\r\n');
    else if (cmd === 'AT+CIPDINFO=0') ok();
    else if ((m = cmd.match(/^AT\+CIPRECVMODE=([01])$/))) {
      if (this.opts.noPassiveMode) error();
      else {
        this.passive = m[1] === '1';
        ok();
      }
    } else if (cmd === 'AT+CIPRECVMODE?') this.text(`+CIPRECVMODE:${this.passive ? 1 : 0}\r\n\r\nOK\r\n`);
    else if ((m = cmd.match(/^AT\+CIPSTART="(TCP|SSL)","([^"]+)",(\d+)(?:,\d+)?$/))) {
      ++this.connectCommands;
      const numbered = this.opts.stallConnectNumbers.includes(this.connectCommands);
      if (this.stalls > 0 || numbered) {
        if (!numbered) this.stalls--;
        this.stats.stalledConnects++;
        this.log('event', `fault: no answer to ${text} (stallConnects)`);
        return;
      }
      this.startLink(m[1] as 'TCP' | 'SSL', m[2], Number(m[3]));
    } else if ((m = cmd.match(/^AT\+CIPSEND=(\d+)$/))) this.startSend(Number(m[1]));
    else if (cmd === 'AT+CIPCLOSE') {
      if (this.socket || !this.closedSent) {
        this.discardLink();
        this.text('CLOSED\r\n\r\nOK\r\n');
      } else error();
    } else if (cmd === 'AT+CIPSTATUS') {
      if (this.linkOpen) {
        this.text(`STATUS:3\r\n+CIPSTATUS:0,"${this.linkType}","${this.linkHost}",${this.linkPort},50000,0\r\n\r\nOK\r\n`);
      } else this.text('STATUS:4\r\n\r\nOK\r\n');
    } else if (cmd === 'AT+CIPRECVLEN?') this.text(`+CIPRECVLEN:${this.pendingBytes}\r\n\r\nOK\r\n`);
    else if ((m = cmd.match(/^AT\+CIPRECVDATA=(\d+)$/))) this.recvData(Number(m[1]));
    else error();
  }

  /** AT+CWJAP="<ssid>","<password>"[,...]: strings with ESP-AT's escapes (a backslash before each backslash, " and ,). */
  private join(args: string): void {
    const strings = parseAtStrings(args);
    if (!strings || strings.length < 2) {
      this.text('\r\nERROR\r\n');
      return;
    }
    const [ssid, password] = strings;
    const networks = this.opts.networks;
    this.log('event', `join ${JSON.stringify(ssid)} with password ${JSON.stringify(password)}`);
    if (networks && !Object.prototype.hasOwnProperty.call(networks, ssid)) {
      this.joined = null;
      this.text('+CWJAP:3\r\n\r\nERROR\r\n');
    } else if (networks && networks[ssid] !== password) {
      this.joined = null;
      this.text('+CWJAP:2\r\n\r\nERROR\r\n');
    } else {
      this.joined = { ssid, password };
      this.text('WIFI CONNECTED\r\nWIFI GOT IP\r\n\r\nOK\r\n');
    }
  }

  private resolve(host: string, port: number, type: 'TCP' | 'SSL'): HostTarget | null {
    const map = this.opts.hostMap;
    let t: HostTarget | null | undefined;
    if (typeof map === 'function') t = map(host, port, type);
    else if (map && Object.prototype.hasOwnProperty.call(map, host)) {
      const e = map[host];
      t = { host: e.host ?? '127.0.0.1', port: e.port ?? port, tls: e.tls };
    }
    if (t) return t;
    return this.opts.mappedOnly ? null : { host, port, tls: type === 'SSL' };
  }

  private startLink(type: 'TCP' | 'SSL', host: string, port: number): void {
    if (this.socket) {
      this.text('ALREADY CONNECTED\r\n\r\nERROR\r\n');
      return;
    }
    const target = this.resolve(host, port, type);
    if (!target) {
      this.log('event', `no route for ${host}:${port}`);
      this.text('DNS Fail\r\n\r\nERROR\r\n');
      return;
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.peerClosed = false;
    this.closedSent = false;
    this.connecting = true;
    this.linkType = type;
    this.linkHost = host;
    this.linkPort = port;
    const useTls = type === 'SSL' && target.tls === true;
    const socket = useTls
      ? tls.connect({ host: target.host, port: target.port, servername: host, rejectUnauthorized: false })
      : net.createConnection({ host: target.host, port: target.port });
    this.socket = socket;
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), this.opts.connectTimeoutMs);
    const late = this.opts.lateConnectNumbers.includes(this.connectCommands);
    socket.once(useTls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      if (this.socket !== socket) return;
      const answer = () => {
        this.lateTimer = null;
        if (this.socket !== socket) return;
        this.connecting = false;
        this.stats.connects++;
        this.log('event', `connected to ${target.host}:${target.port} for ${host}:${port}`);
        this.text('CONNECT\r\n\r\nOK\r\n');
      };
      if (!late) return answer();
      this.stats.lateConnects++;
      this.log('event', `fault: ${host}:${port} answered ${this.opts.lateConnectMs} ms late (lateConnectNumbers)`);
      this.lateTimer = setTimeout(answer, this.opts.lateConnectMs);
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.stats.bytesFromNetwork += chunk.length;
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.passive) {
        this.stats.ipd++;
        this.text(`+IPD,${chunk.length}\r\n`);
        if (this.pendingBytes >= this.opts.passiveBufferLimit) socket.pause();
      } else {
        this.scheduleActive();
      }
    });
    const ended = () => {
      clearTimeout(timer);
      if (this.socket !== socket) return;
      if (this.connecting) {
        this.connecting = false;
        this.socket = null;
        this.closedSent = true;
        this.text('CLOSED\r\n\r\nERROR\r\n');
        return;
      }
      this.peerClosed = true;
      this.socket = null;
      if (this.passive || this.pendingBytes === 0) this.sendClosed();
      else this.scheduleActive();
    };
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', (e) => {
      this.log('event', `socket error: ${e.message}`);
      ended();
    });
  }

  private sendClosed(): void {
    if (this.closedSent) return;
    this.closedSent = true;
    this.text('CLOSED\r\n');
  }

  private startSend(n: number): void {
    if (!this.linkOpen) {
      this.text('link is not valid\r\n\r\nERROR\r\n');
      return;
    }
    if (n < 1 || n > 2048) {
      this.text('\r\nERROR\r\n');
      return;
    }
    if (this.failSends > 0) {
      this.failSends--;
      this.log('event', 'fault: CIPSEND -> ERROR');
      this.text('\r\nERROR\r\n');
      return;
    }
    this.mode = 'data';
    this.sendLeft = n;
    this.sendBuf = [];
    this.text('\r\nOK\r\n\r\n> ');
  }

  private finishSend(): void {
    this.mode = 'command';
    const data = Buffer.from(this.sendBuf);
    this.sendBuf = [];
    this.text(`\r\nRecv ${data.length} bytes\r\n`);
    const socket = this.socket;
    if (!socket || socket.destroyed || this.peerClosed) {
      this.text('\r\nSEND FAIL\r\n');
      return;
    }
    this.stats.sends++;
    this.stats.bytesToNetwork += data.length;
    this.log('event', `send ${data.length} bytes`);
    socket.write(data, (err) => {
      this.text(err ? '\r\nSEND FAIL\r\n' : '\r\nSEND OK\r\n');
    });
  }

  private recvData(n: number): void {
    this.stats.largestRecvRequest = Math.max(this.stats.largestRecvRequest, n);
    const k = Math.min(n, this.pendingBytes, this.opts.maxRecvData);
    if (!this.passive || k === 0) {
      this.text('\r\nERROR\r\n');
      return;
    }
    const data = this.take(k);
    this.stats.recvData++;
    this.stats.largestRecvData = Math.max(this.stats.largestRecvData, k);
    this.out(Buffer.concat([Buffer.from(`+CIPRECVDATA:${k},`, 'latin1'), data, Buffer.from('\r\n\r\nOK\r\n', 'latin1')]));
    if (this.socket && this.socket.isPaused() && this.pendingBytes < this.opts.passiveBufferLimit) this.socket.resume();
  }

  private take(k: number): Buffer {
    const parts: Buffer[] = [];
    let need = k;
    while (need > 0 && this.pending.length) {
      const head = this.pending[0];
      if (head.length <= need) {
        parts.push(head);
        this.pending.shift();
        need -= head.length;
      } else {
        parts.push(head.subarray(0, need));
        this.pending[0] = head.subarray(need);
        need = 0;
      }
    }
    this.pendingBytes -= k - need;
    return Buffer.concat(parts);
  }

  private scheduleActive(): void {
    if (this.activeTimer || this.closed) return;
    const tick = () => {
      this.activeTimer = null;
      if (this.closed) return;
      if (this.pendingBytes > 0 && !this.passive) {
        const k = Math.min(this.pendingBytes, this.opts.ipdChunk);
        const data = this.take(k);
        this.stats.ipd++;
        this.out(Buffer.concat([Buffer.from(`\r\n+IPD,${k}:`, 'latin1'), data]));
        this.activeTimer = setTimeout(tick, this.opts.ipdGapMs);
        return;
      }
      if (this.peerClosed) this.sendClosed();
    };
    this.activeTimer = setTimeout(tick, 0);
  }

  private discardLink(): void {
    if (this.socket) {
      const s = this.socket;
      this.socket = null;
      s.destroy();
    }
    if (this.activeTimer) clearTimeout(this.activeTimer);
    this.activeTimer = null;
    if (this.lateTimer) clearTimeout(this.lateTimer);
    this.lateTimer = null;
    this.connecting = false;
    this.peerClosed = false;
    this.pending = [];
    this.pendingBytes = 0;
    this.closedSent = true;
    if (this.mode === 'data') {
      this.mode = 'command';
      this.sendBuf = [];
    }
  }

  private text(s: string): void {
    this.out(Buffer.from(s, 'latin1'));
  }

  private out(b: Buffer): void {
    if (this.closed) return;
    if (this.opts.log && !(b.length === 1 && this.echo)) this.log('modem', b.toString('latin1'));
    this.onOutput?.(b);
  }

  private log(dir: 'board' | 'modem' | 'event', text: string): void {
    this.opts.log?.(dir, text);
  }
}

/**
 * The quoted string arguments of an AT command ("a\,b","c"), with ESP-AT's
 * escapes undone (a backslash takes the next character as it is); null when
 * a string is not closed or something other than a comma separates them.
 * Unquoted arguments (numbers) are skipped.
 */
export function parseAtStrings(args: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    if (args[i] === '"') {
      let v = '';
      let closed = false;
      for (i++; i < args.length; i++) {
        const c = args[i];
        if (c === '\\' && i + 1 < args.length) v += args[++i];
        else if (c === '"') {
          closed = true;
          i++;
          break;
        } else v += c;
      }
      if (!closed) return null;
      out.push(v);
    } else {
      while (i < args.length && args[i] !== ',') i++;
    }
    if (i < args.length) {
      if (args[i] !== ',') return null;
      i++;
    }
  }
  return out;
}

/** A string as an AT command argument carries it: a backslash before each backslash, " and ,. */
export function atEscape(text: string): string {
  return text.replace(/[\\",]/g, (c) => `\\${c}`);
}
