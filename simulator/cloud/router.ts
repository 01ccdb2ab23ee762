// The request pipeline shared by HTTP and WebSocket: find the spec operation,
// authenticate, validate parameters and body, run the handler registered for
// "METHOD /path", count everything in the stats. Transports only parse bytes
// and write the result.
import { EventEmitter } from 'events';
import { ApiError, notFound, unauthorized } from './errors';
import { LoadedSpec, SpecOperation, matchOperation } from './spec';
import { Account, ApiKey, CloudState, Message } from './state';
import { Stats } from './stats';
import { Validator } from './validation';

export interface UploadedPart {
  field: string;
  filename?: string;
  contentType: string;
  data: Buffer;
}

/** A handler result that is raw bytes (file download) instead of a JSON envelope. */
export class BinaryResult {
  constructor(readonly data: Buffer, readonly contentType: string, readonly filename?: string) {}
}

export interface CallContext {
  core: CloudCore;
  state: CloudState;
  op: SpecOperation;
  /** Present whenever a usable Bearer key came with the request. */
  account?: Account;
  apiKey?: ApiKey;
  params: Record<string, any>;
  body: any;
  files: UploadedPart[];
  transport: 'http' | 'ws';
}

export type Handler = (ctx: CallContext) => unknown;
/** Handlers keyed by "METHOD /path/template", exactly as the spec spells the path. */
export type HandlerTable = Record<string, Handler>;

export interface CallInput {
  method?: string;
  path?: string;
  /** WebSocket requests name the operation by requestType instead of method+path. */
  wsRequestType?: string;
  authorization?: string;
  query: Record<string, unknown>;
  /** Parsed JSON body; undefined when there was none. */
  body?: unknown;
  /** Set when the body was not valid JSON. */
  bodyParseError?: string;
  files?: UploadedPart[];
  multipartFields?: Record<string, string>;
  contentType?: string;
  /** HTTP: whether the request carried body bytes (their Content-Type must be one the operation accepts). */
  hasBody?: boolean;
  transport: 'http' | 'ws';
}

export interface CallResult {
  status: number;
  data?: unknown;
  error?: string;
  binary?: BinaryResult;
  op?: SpecOperation;
  account?: Account;
}

/** What the fan-out listeners receive when a message is stored. */
export interface MessageEvent {
  message: Message;
  recipients: string[];
}

export class CloudCore {
  /** 'message' (MessageEvent), 'messageUpdated' (Message), 'claimed' (Device). */
  readonly bus = new EventEmitter();

  constructor(
    readonly spec: LoadedSpec,
    readonly validator: Validator,
    readonly state: CloudState,
    readonly stats: Stats,
    readonly handlers: HandlerTable,
  ) {
    this.bus.setMaxListeners(0);
  }

  /** Stores nothing itself: announces a stored message to its audience (WebSocket clients, app people). */
  deliver(message: Message, senderId: string): void {
    const recipients = this.state.audience(message.container, senderId);
    this.bus.emit('message', { message, recipients } satisfies MessageEvent);
  }

  authenticate(authorization: string | undefined): { account: Account; apiKey: ApiKey } | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return undefined;
    const apiKey = this.state.usableKey(m[1]);
    if (!apiKey) return undefined;
    const account = this.state.accounts.get(apiKey.accountId);
    if (!account) return undefined;
    return { account, apiKey };
  }

  async call(input: CallInput): Promise<CallResult> {
    let op: SpecOperation | undefined;
    try {
      let pathParams: Record<string, string> = {};
      if (input.wsRequestType !== undefined) {
        op = this.spec.byWsRequestType.get(input.wsRequestType);
        if (!op) throw notFound(`unknown requestType '${input.wsRequestType}'`);
      } else {
        const found = matchOperation(this.spec, input.method ?? 'GET', input.path ?? '/');
        if (!found.op) {
          throw found.methodMismatch ? new ApiError(405, `method ${input.method} not allowed on ${input.path}`) : notFound(`no route ${input.method} ${input.path}`);
        }
        op = found.op;
        pathParams = found.pathParams;
      }
      this.stats.countRequest(op.operationId);

      const auth = this.authenticate(input.authorization);
      if (op.authRequired && !auth) throw unauthorized();

      const label = input.transport === 'ws' ? 'parameter' : undefined;
      const query = { ...input.query };
      const pathValues: Record<string, unknown> = { ...pathParams };
      if (input.transport === 'ws') {
        // WebSocket requests carry path parameters inside `parameters` too.
        for (const n of op.pathParamNames) if (n in query) pathValues[n] = query[n];
        for (const n of op.pathParamNames) delete query[n];
      }
      this.validator.validateParams(op, 'path', pathValues, label ?? 'path parameter');
      this.validator.validateParams(op, 'query', query, label ?? 'query parameter');

      let body = input.body;
      const files = input.files ?? [];
      if (input.hasBody && op.requestBody) checkContentType(op, input.contentType);
      const isMultipart = /multipart\/form-data/i.test(input.contentType ?? '');
      if (input.bodyParseError) throw new ApiError(400, input.bodyParseError, 'body');
      if (isMultipart) {
        this.validateMultipart(op, input);
      } else {
        this.validator.validateJsonBody(op, body);
      }

      const handler = this.handlerFor(op);
      if (!handler) throw new ApiError(501, `operation ${op.operationId} is in the spec but not implemented by the mock cloud`);
      if (body === undefined) body = {};
      const data = await handler({
        core: this,
        state: this.state,
        op,
        account: auth?.account,
        apiKey: auth?.apiKey,
        params: { ...query, ...pathValues },
        body,
        files,
        transport: input.transport,
      });
      if (auth) auth.account.lastSeen = Math.floor(Date.now() / 1000);
      if (data instanceof BinaryResult) return { status: 200, binary: data, op, account: auth?.account };
      const out = data === undefined ? {} : data;
      this.checkResponse(op, out);
      return { status: 200, data: out, op, account: auth?.account };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, `internal error: ${(err as Error).message}`);
      if (!op) this.stats.countRequest('unrouted'); // 404/405: still a request the device made
      if (e.status === 400) this.stats.recordValidationError(op?.operationId ?? 'unknown', e.message, e.field);
      return { status: e.status, error: e.message, op };
    }
  }

  /**
   * What to do when a handler's answer does not match the operation's response
   * schema in the spec: 'record' (count it in stats.responseSchemaErrors),
   * 'strict' (also answer 500, for tests), or 'off'.
   */
  responseCheck: 'off' | 'record' | 'strict' = 'record';

  /** Lifetime of the authToken a claimed device receives (short values exercise key rotation). */
  deviceKeyLifetimeMs = 365 * 86400_000;

  private checkResponse(op: SpecOperation, data: unknown): void {
    if (this.responseCheck === 'off' || !op.responseSchemaPointer) return;
    // Validate what goes on the wire (undefined members dropped).
    const wire = JSON.parse(JSON.stringify({ success: true, statusCode: null, error: null, data }));
    try {
      this.validator.validateAgainst(op.responseSchemaPointer, wire, 'response');
    } catch (e) {
      const msg = (e as Error).message;
      this.stats.recordResponseSchemaError(op.operationId, msg);
      if (this.responseCheck === 'strict') throw new ApiError(500, `mock cloud answer breaks the spec: ${msg}`);
    }
  }

  /** Handler lookup ignores path parameter names: "DELETE /apikey/{key_id}" serves "/apikey/{keyId}". */
  handlerFor(op: SpecOperation): Handler | undefined {
    if (!this.normalized) {
      this.normalized = new Map(Object.entries(this.handlers).map(([k, h]) => [k.replace(/\{[^}]*\}/g, '{}'), h]));
    }
    return this.normalized.get(`${op.method} ${op.path}`.replace(/\{[^}]*\}/g, '{}'));
  }

  private normalized?: Map<string, Handler>;

  private validateMultipart(op: SpecOperation, input: CallInput): void {
    const media = op.requestBody?.content.find((m) => /multipart\/form-data/i.test(m.mediaType));
    if (!media) throw new ApiError(415, `operation ${op.operationId} does not accept multipart/form-data`);
    if ((input.files ?? []).length === 0 && op.requestBody?.required) throw new ApiError(400, 'body/httpFiles is required: no file part in the multipart body', 'body/httpFiles');
    if (!media.schemaPointer) return;
    // Present the parts as the object the schema describes: file parts are
    // binary strings, grouped into arrays when a field repeats or the schema says array.
    const schema = media.schemaPointer;
    const obj: Record<string, unknown> = { ...(input.multipartFields ?? {}) };
    for (const f of input.files ?? []) {
      const v = f.data.toString('latin1');
      const cur = obj[f.field];
      obj[f.field] = cur === undefined ? [v] : Array.isArray(cur) ? [...cur, v] : [cur, v];
    }
    try {
      this.validator.validateAgainst(schema, obj, 'body');
    } catch {
      // Retry with single files un-wrapped when the schema wants a string, not an array.
      const flat: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) flat[k] = Array.isArray(v) && v.length === 1 ? v[0] : v;
      this.validator.validateAgainst(schema, flat, 'body');
    }
  }
}

/** 415 unless the request's media type is one the operation's requestBody lists (wildcards allowed). */
function checkContentType(op: SpecOperation, contentType: string | undefined): void {
  const mt = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const accepted = op.requestBody?.content.map((m) => m.mediaType.toLowerCase()) ?? [];
  const ok = accepted.some((a) => a === mt || a === '*/*' || (a.endsWith('/*') && mt.startsWith(a.slice(0, -1))));
  if (!ok) {
    throw new ApiError(415, `Content-Type '${mt || '(none)'}' is not accepted by ${op.operationId}; use ${accepted.join(' or ')}`, 'Content-Type');
  }
}
