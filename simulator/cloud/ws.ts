// The WebSocket side at /service/ws: Bearer auth on the upgrade, request
// envelopes {requestId, requestType, version, parameters, body} dispatched to
// the same pipeline as REST, `Response` events carrying the requestId, and
// `MessageReceived` fan-out to every connected client of each recipient.
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ConnectionFaults } from './faults';
import type { CloudCore, MessageEvent } from './router';
import type { Message } from './state';
import type { ChannelMessageReceived, DataComponent, GroupChatMessageReceived, P2PMessageReceived, ResponseEvent } from './types/api';

export const WS_PATH = '/service/ws';

/**
 * The documented inbound event for a stored message. Ids come before the
 * dataComponent, as in the docs, so a streaming parser knows the
 * conversation before the payload.
 */
export function messageReceivedEvent(m: Message): P2PMessageReceived | GroupChatMessageReceived | ChannelMessageReceived {
  const head = { messageId: m.messageId, receivedOn: m.publishedOn, senderId: m.publisherId };
  const dataComponent = m.dataComponent as DataComponent;
  const c = m.container;
  if (c.featureType === 'groupchat') {
    return { eventType: 'MessageReceived', featureType: 'groupchat', eventBody: { ...head, groupChatId: c.groupChatId, dataComponent } };
  }
  if (c.featureType === 'channel') {
    return { eventType: 'MessageReceived', featureType: 'channel', eventBody: { ...head, channelId: c.channelId, dataComponent } };
  }
  return { eventType: 'MessageReceived', featureType: 'p2p', eventBody: { ...head, dataComponent } };
}

/**
 * requestId for a Response: the request's own, else (unparseable request, or
 * no usable requestId) one recovered from the raw text, else "unparsed": the
 * event schema requires a non-empty string, and the client can then at least
 * log the failure.
 */
export const UNPARSED_REQUEST_ID = 'unparsed';

function requestIdOf(id: unknown, raw?: string): string {
  if (typeof id === 'string' && id.length > 0) return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  const m = raw ? /"requestId"\s*:\s*"([^"\\]{1,128})"/.exec(raw) : null;
  return m ? m[1] : UNPARSED_REQUEST_ID;
}

export function responseEvent(requestId: unknown, status: number, data: unknown, error?: string, raw?: string): ResponseEvent {
  const ok = status >= 200 && status < 300;
  return {
    eventType: 'Response',
    requestId: requestIdOf(requestId, raw),
    eventBody: { success: ok, statusCode: ok ? null : status, error: ok ? null : error ?? `HTTP ${status}`, data: ok ? data ?? null : null },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WsGateway {
  readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
  private readonly byAccount = new Map<string, Set<WebSocket>>();
  /** Sockets whose text messages go out fragmented (fault `fragmentFrames`): fragment size. */
  private readonly fragmentSize = new WeakMap<WebSocket, number>();

  constructor(private readonly core: CloudCore) {
    core.bus.on('message', (ev: MessageEvent) => this.fanOut(ev));
  }

  /** Number of open WebSocket connections for an account (tests wait on this). */
  connectedCount(accountId: string): number {
    return this.byAccount.get(accountId)?.size ?? 0;
  }

  /**
   * Sends one text message: a single frame, or (fault `fragmentFrames`) a text
   * frame plus continuation frames of at most that many bytes, queued
   * back-to-back so messages never interleave.
   */
  private sendText(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    const size = this.fragmentSize.get(ws);
    const buf = Buffer.from(text, 'utf8');
    if (!size || buf.length <= size) {
      ws.send(text);
      return;
    }
    for (let off = 0; off < buf.length; off += size) {
      ws.send(buf.subarray(off, off + size), { binary: false, fin: off + size >= buf.length });
    }
  }

  /** Checks an outgoing event against inbound-event.schema.json (responseCheck != 'off'); mismatches are counted. */
  private checkEvent(event: unknown): void {
    if (this.core.responseCheck === 'off') return;
    try {
      this.core.validator.validateWithSchemaId('inbound-event.schema.json', JSON.parse(JSON.stringify(event)), 'event');
    } catch (e) {
      this.core.stats.recordResponseSchemaError('websocketEvent', (e as Error).message);
    }
  }

  private fanOut(ev: MessageEvent): void {
    const event = messageReceivedEvent(ev.message);
    this.checkEvent(event);
    const text = JSON.stringify(event);
    for (const id of ev.recipients) {
      for (const ws of this.byAccount.get(id) ?? []) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        this.sendText(ws, text);
        this.core.stats.eventsSent++;
      }
    }
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, faults: ConnectionFaults | undefined): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reject = (status: number, text: string) => {
      const body = JSON.stringify({ success: false, statusCode: status, error: text, data: null });
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    if (url.pathname !== WS_PATH) return reject(404, `no WebSocket endpoint at ${url.pathname}`);
    this.core.stats.countRequest('websocketUpgrade');
    const auth = this.core.authenticate(req.headers.authorization);
    if (!auth) return reject(401, 'missing or invalid API key');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, auth.account.accountId, req.headers.authorization as string, faults));
  }

  private onConnection(ws: WebSocket, accountId: string, authorization: string, faults: ConnectionFaults | undefined): void {
    this.core.stats.connections.ws++;
    let set = this.byAccount.get(accountId);
    if (!set) this.byAccount.set(accountId, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set!.delete(ws));
    ws.on('error', () => set!.delete(ws));

    const spec = faults?.spec;
    if (spec?.fragmentFrames !== undefined && spec.fragmentFrames > 0) {
      this.core.stats.countFault('fragmentFrames');
      this.fragmentSize.set(ws, spec.fragmentFrames);
    }
    if (spec?.pingStorm !== undefined) {
      const storm = typeof spec.pingStorm === 'number' ? { count: spec.pingStorm, intervalMs: 0 } : spec.pingStorm;
      this.core.stats.countFault('pingStorm');
      void (async () => {
        for (let i = 0; i < storm.count && ws.readyState === WebSocket.OPEN; i++) {
          ws.ping(Buffer.from(`storm ${i}`));
          if (storm.intervalMs) await sleep(storm.intervalMs);
        }
      })();
    }
    if (spec?.oversizedFrame !== undefined) {
      this.core.stats.countFault('oversizedFrame');
      const head = '{"eventType":"Padding","eventBody":{"pad":"';
      const tail = '"}}';
      const n = Math.max(spec.oversizedFrame - head.length - tail.length, 0);
      this.sendText(ws, head + 'x'.repeat(n) + tail);
    }

    ws.on('message', (raw, isBinary) => {
      void this.onRequest(ws, raw as Buffer, isBinary, authorization, faults);
    });
  }

  private async onRequest(ws: WebSocket, raw: Buffer, isBinary: boolean, authorization: string, faults: ConnectionFaults | undefined): Promise<void> {
    const send = (obj: unknown) => {
      this.checkEvent(obj);
      this.sendText(ws, JSON.stringify(obj));
    };
    let env: any;
    const text = raw.toString('utf8');
    try {
      env = JSON.parse(text);
    } catch (e) {
      this.core.stats.recordValidationError('websocket', `request is not valid JSON: ${(e as Error).message}`, 'request');
      return send(responseEvent(null, 400, null, `request is not valid JSON: ${(e as Error).message}`, text));
    }
    if (isBinary) {
      this.core.stats.recordValidationError('websocket', 'requests must be text frames', 'request');
      return send(responseEvent(env?.requestId, 400, null, 'requests must be text frames'));
    }
    const envelopeError = this.checkEnvelope(env);
    if (envelopeError) {
      this.core.stats.recordValidationError('websocket', envelopeError.message, envelopeError.field);
      return send(responseEvent(env?.requestId, 400, null, envelopeError.message));
    }
    const rf = faults?.takeRequestFault();
    if (rf?.delayMs) await sleep(rf.delayMs);
    if (rf?.status5xx) return send(responseEvent(env.requestId, rf.status5xx, null, `injected fault: HTTP ${rf.status5xx}`));
    const result = await this.core.call({
      wsRequestType: env.requestType,
      authorization,
      query: env.parameters && typeof env.parameters === 'object' ? { ...env.parameters } : {},
      body: env.body === null ? undefined : env.body,
      transport: 'ws',
    });
    if (rf?.invalidJson) {
      this.sendText(ws, `{"eventType":"Response","requestId":${JSON.stringify(env.requestId)},"eventBody":{"success":tru`);
      return;
    }
    const data = result.binary ? { contentType: result.binary.contentType, base64: result.binary.data.toString('base64') } : result.data;
    send(responseEvent(env.requestId, result.status, data, result.error));
  }

  /** Checks the request envelope: against schemas/ws-request.schema.json when it exists, else by hand. */
  private checkEnvelope(env: any): { message: string; field: string } | undefined {
    try {
      if (this.core.validator.validateWithSchemaId('ws-request.schema.json', env, 'request')) return undefined;
    } catch (e) {
      const err = e as { message: string; field?: string };
      return { message: err.message, field: err.field ?? 'request' };
    }
    if (!env || typeof env !== 'object' || Array.isArray(env)) return { message: 'request must be a JSON object', field: 'request' };
    if (typeof env.requestId !== 'string' || env.requestId.length === 0) return { message: 'request/requestId is required (non-empty string)', field: 'request/requestId' };
    if (typeof env.requestType !== 'string') return { message: 'request/requestType is required (string)', field: 'request/requestType' };
    if (env.parameters !== undefined && (typeof env.parameters !== 'object' || env.parameters === null || Array.isArray(env.parameters))) {
      return { message: 'request/parameters must be an object', field: 'request/parameters' };
    }
    return undefined;
  }

  /**
   * Drops WebSocket connections, to exercise a client's reconnect: those of one
   * account, or all. 'terminate' cuts the TCP connection (the client sees 1006);
   * 'close' sends a close frame with `code` first. Returns how many were dropped.
   */
  disconnect(accountId?: string, how: 'terminate' | 'close' = 'terminate', code = 1001): number {
    const all = accountId === undefined ? [...this.wss.clients] : [...(this.byAccount.get(accountId) ?? [])];
    const targets = all.filter((ws) => ws.readyState === WebSocket.OPEN);
    for (const ws of targets) {
      if (how === 'terminate') ws.terminate();
      else ws.close(code, 'mock cloud: disconnect');
    }
    return targets.length;
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }
}
