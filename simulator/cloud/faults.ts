// Fault injection, decided per TCP connection when it is accepted.
//
// Byte-level faults wrap the socket's write/end, so they apply to whatever
// the connection carries (HTTP responses, the WebSocket handshake, frames):
//   closeAtByte: N      the server closes the connection after N bytes
//   splitWrites: true   every byte goes out as its own TCP segment
//                       (setNoDelay + one write per byte, paced)
// Request-level faults apply to requests on that connection (optionally
// after `afterRequests` good ones, at most `times` times):
//   delayMs             wait before answering
//   status5xx: 503      answer with that status (HTTP) / success:false (WS)
//   invalidJson: true   answer with a body / text frame that is not JSON
//   oversizedFrame: n   (HTTP) the JSON answer padded to n bytes with a
//                       "padding" member; (WebSocket) see below
//   chunkedResponse: n  (HTTP) Transfer-Encoding: chunked, n bytes per chunk
// WebSocket-only faults, applied right after the upgrade:
//   pingStorm: n | {count, intervalMs}   n pings in a row
//   oversizedFrame: n   one text frame of n bytes (a valid JSON event padded to n)
//   fragmentFrames: n   every text message as a text frame + continuation frames of <= n bytes
//
// Usage:
//   const cloud = await startCloud({ apiKeys: ['k'], faults: { splitWrites: true } });
//   cloud.faults.next({ closeAtByte: 40 });      // only the next connection
//   cloud.faults.set((c) => c.index === 2 ? { status5xx: 503 } : undefined);
import type { Socket } from 'net';
import type { Stats } from './stats';

export interface FaultSpec {
  closeAtByte?: number;
  splitWrites?: boolean | { delayMs?: number };
  delayMs?: number;
  pingStorm?: number | { count: number; intervalMs?: number };
  status5xx?: number;
  oversizedFrame?: number;
  invalidJson?: boolean;
  chunkedResponse?: number;
  fragmentFrames?: number;
  afterRequests?: number;
  times?: number;
}

export interface ConnectionInfo {
  /** 0-based count of connections accepted by this cloud. */
  index: number;
  remotePort?: number;
}

export type FaultPlan = FaultSpec | ((conn: ConnectionInfo) => FaultSpec | undefined);

export interface RequestFault {
  delayMs?: number;
  status5xx?: number;
  invalidJson?: boolean;
  oversizedFrame?: number;
  chunkedResponse?: number;
}

/** The faults of one connection, plus its request counter. */
export class ConnectionFaults {
  private requests = 0;
  private applied = 0;
  constructor(readonly spec: FaultSpec | undefined, private readonly stats: Stats) {}

  get any(): boolean {
    return !!this.spec && Object.keys(this.spec).length > 0;
  }

  /** The request-level faults for the next request on this connection (or undefined). */
  takeRequestFault(): RequestFault | undefined {
    const s = this.spec;
    const n = this.requests++;
    if (!s || (s.delayMs === undefined && s.status5xx === undefined && !s.invalidJson && s.oversizedFrame === undefined && s.chunkedResponse === undefined)) return undefined;
    if (n < (s.afterRequests ?? 0)) return undefined;
    if (s.times !== undefined && this.applied >= s.times) return undefined;
    this.applied++;
    if (s.delayMs !== undefined) this.stats.countFault('delay');
    if (s.status5xx !== undefined) this.stats.countFault('status5xx');
    if (s.invalidJson) this.stats.countFault('invalidJson');
    return { delayMs: s.delayMs, status5xx: s.status5xx, invalidJson: s.invalidJson, oversizedFrame: s.oversizedFrame, chunkedResponse: s.chunkedResponse };
  }

  /** Wraps the socket's write/end for closeAtByte and splitWrites. */
  installOnSocket(socket: Socket): void {
    const s = this.spec;
    if (!s || (s.closeAtByte === undefined && !s.splitWrites)) return;
    const stats = this.stats;
    const origWrite = socket.write.bind(socket) as (b: Buffer, cb?: (e?: Error | null) => void) => boolean;
    const origEnd = socket.end.bind(socket) as (...a: unknown[]) => Socket;
    const limit = s.closeAtByte;
    const split = !!s.splitWrites;
    const pace = typeof s.splitWrites === 'object' ? s.splitWrites.delayMs ?? 0 : 0;
    let written = 0;
    let cut = false;
    const queue: { buf: Buffer; off: number; cb?: (e?: Error | null) => void }[] = [];
    let pumping = false;
    let pendingEnd: unknown[] | undefined;
    if (split) {
      socket.setNoDelay(true);
      stats.countFault('splitWrites');
    }

    const cutNow = () => {
      if (cut) return;
      cut = true;
      stats.countFault('closeAtByte');
      queue.length = 0;
      socket.destroy();
    };

    // Bytes still allowed before the cut (Infinity without closeAtByte).
    const allowance = () => (limit === undefined ? Infinity : limit - written);

    const pump = () => {
      if (cut || socket.destroyed) return;
      const item = queue[0];
      if (!item) {
        pumping = false;
        if (pendingEnd) origEnd(...pendingEnd);
        if (pendingDestroySoon && origDestroySoon) origDestroySoon();
        return;
      }
      pumping = true;
      if (allowance() <= 0) return cutNow();
      const byte = item.buf.subarray(item.off, item.off + 1);
      item.off++;
      written++;
      const done = item.off >= item.buf.length;
      if (done) queue.shift();
      // The HTTP layer corks the socket around a response and only uncorks once
      // its own (queued here) writes complete: uncork so each byte leaves now.
      while (socket.writableCorked > 0) socket.uncork();
      origWrite(byte, (err) => {
        if (done && item.cb) item.cb(err);
        if (err) return;
        if (pace > 0) setTimeout(pump, pace);
        else setImmediate(pump);
      });
    };

    (socket as any).write = (chunk: unknown, enc?: unknown, cb?: unknown): boolean => {
      const callback = (typeof enc === 'function' ? enc : cb) as ((e?: Error | null) => void) | undefined;
      const buf = Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof enc === 'string' ? (enc as BufferEncoding) : 'utf8');
      if (cut) return false;
      if (split) {
        if (buf.length === 0) {
          callback?.();
          return true;
        }
        queue.push({ buf, off: 0, cb: callback });
        if (!pumping) pump();
        return true;
      }
      const room = allowance();
      if (buf.length <= room) {
        written += buf.length;
        return origWrite(buf, callback);
      }
      written += room;
      if (room > 0) origWrite(buf.subarray(0, room), () => cutNow());
      else cutNow();
      return false;
    };

    // http's "Connection: close" path calls destroySoon(), which destroys at
    // once when the real stream looks finished; wait for the split queue.
    const origDestroySoon = (socket as any).destroySoon?.bind(socket) as (() => void) | undefined;
    let pendingDestroySoon = false;
    if (origDestroySoon) {
      (socket as any).destroySoon = () => {
        if (split && (pumping || queue.length > 0)) pendingDestroySoon = true;
        else origDestroySoon();
      };
    }

    (socket as any).end = (...args: unknown[]): Socket => {
      // end(data) writes through the wrapper first; end() waits for the split queue.
      if (args.length > 0 && typeof args[0] !== 'function' && args[0] != null) {
        (socket as any).write(args[0], typeof args[1] === 'string' ? args[1] : undefined);
        args = args.filter((a) => typeof a === 'function');
      }
      if (cut) return socket;
      if (split && (pumping || queue.length > 0)) {
        pendingEnd = args;
        return socket;
      }
      return origEnd(...args);
    };
  }
}

export class FaultController {
  private plan: FaultPlan | undefined;
  private readonly once: FaultSpec[] = [];
  private count = 0;

  constructor(plan: FaultPlan | undefined, private readonly stats: Stats) {
    this.plan = plan;
  }

  /** Faults for every later connection (a spec, or a function of the connection). */
  set(plan: FaultPlan | undefined): void {
    this.plan = plan;
  }

  /** Faults for the next connection only (queued; each call adds one connection). */
  next(spec: FaultSpec): void {
    this.once.push(spec);
  }

  clear(): void {
    this.plan = undefined;
    this.once.length = 0;
  }

  /** Called for each accepted connection. */
  forConnection(remotePort?: number): ConnectionFaults {
    const info: ConnectionInfo = { index: this.count++, remotePort };
    const spec = this.once.length > 0 ? this.once.shift() : typeof this.plan === 'function' ? this.plan(info) : this.plan;
    return new ConnectionFaults(spec, this.stats);
  }
}

/** Parses "--faults" CLI values: JSON, or "k=v,k=v" (numbers and booleans). */
export function parseFaultArg(text: string): FaultSpec {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t) as FaultSpec;
  const out: Record<string, unknown> = {};
  for (const part of t.split(',').filter(Boolean)) {
    const [k, v = 'true'] = part.split('=');
    out[k.trim()] = v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out as FaultSpec;
}
