// Stage 2b: operations of openapi.yaml into the IR. Each operation becomes a
// request object whose fields are its path and query parameters plus the
// properties of its JSON body (refs resolved, allOf merged). A body that is
// `anyOf` several object shapes gives one request per alternative (named
// after the alternative's title), so every request the device can build is
// valid by construction. A multipart/form-data body (file upload) becomes a
// list of parts (`multipart`): file fields whose bytes a caller callback
// streams, and plain text fields.
import type { Json, Spec } from '../load';
import { typeName } from '../naming';
import { flattenObject, newCtx, resolvePointer, splitRef, toType, type Ctx } from './components';
import type { FieldIR, StructIR } from './types';

export interface OperationIR {
  /** operationId ("sendP2pMessage"), plus the alternative's title when the body is anyOf. */
  id: string;
  /** C++ class name ("SendP2pMessage"). */
  name: string;
  method: string;
  /** "/apikey/{key_id}" */
  path: string;
  /** The request's fields: parameters (location query/path) then body properties (location body). */
  request: StructIR;
  hasBody: boolean;
  /** `x-ws-request-type` when the operation also works over the WebSocket. */
  wsRequestType?: string;
  summary?: string;
  /** The JSON body schema (for tests that validate the written body). */
  bodySchema?: Json;
  /** Alternative index when the body is anyOf. */
  alternative?: number;
  /** The parts of a multipart/form-data body, in schema order (hasBody is then false). */
  multipart?: MultipartPartIR[];
}

export interface MultipartPartIR {
  /** Form field name ("httpFiles"). */
  json: string;
  /** files: an array of binary strings (one part per file); file: one binary string; text: a string. */
  kind: 'files' | 'file' | 'text';
  required: boolean;
  /** The part's Content-Type from the operation's `encoding` (files default to application/octet-stream). */
  contentType?: string;
  description?: string;
}

export interface OperationsIR {
  operations: OperationIR[];
  /** Operations the generator does not make a request writer for, with the reason. */
  skipped: { id: string; reason: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const FILE = 'openapi.yaml';

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deref(ctx: Ctx, node: Json, file: string): { node: Json; file: string } {
  let cur = node;
  let f = file;
  for (let i = 0; typeof cur.$ref === 'string' && i < 8; i++) {
    const r = splitRef(cur.$ref, f);
    cur = resolvePointer(ctx.spec, r.file, r.pointer);
    f = r.file;
  }
  return { node: cur, file: f };
}

export function buildOperationsIR(spec: Spec, ctx: Ctx = newCtx(spec)): OperationsIR {
  const operations: OperationIR[] = [];
  const skipped: { id: string; reason: string }[] = [];
  const doc = spec.openapi;
  if (!doc) return { operations, skipped };
  for (const [p, item] of Object.entries(doc.paths as Json)) {
    for (const [method, raw] of Object.entries(item as Json)) {
      if (!METHODS.includes(method)) continue;
      const op = raw as Json;
      const id = op.operationId as string;
      const name = typeName(id);
      const params: FieldIR[] = [];
      for (const rawParam of (op.parameters as Json[] | undefined) ?? []) {
        const { node: prm, file: pf } = deref(ctx, rawParam, FILE);
        const where = prm.in as string;
        if (where !== 'query' && where !== 'path') throw new Error(`${id}: parameter ${String(prm.name)} in ${where} is not supported`);
        const { type, nullable } = toType(ctx, prm.schema as Json, pf, name, prm.name as string, 'shared');
        if (type.kind === 'array' || type.kind === 'struct' || type.kind === 'component' || type.kind === 'any') {
          throw new Error(`${id}: parameter ${String(prm.name)} of kind ${type.kind} cannot go in a URL`);
        }
        params.push({
          json: prm.name as string,
          type,
          required: prm.required === true || where === 'path',
          nullable,
          deprecated: prm.deprecated === true,
          description: typeof prm.description === 'string' ? prm.description : undefined,
          location: where,
        });
      }
      const content = isObj(op.requestBody) ? ((deref(ctx, op.requestBody, FILE).node.content as Json | undefined) ?? {}) : {};
      const json = content['application/json'] as Json | undefined;
      const multipart = content['multipart/form-data'] as Json | undefined;
      if (!json && multipart) {
        const { node: mschema, file: mf } = deref(ctx, multipart.schema as Json, FILE);
        const { properties, required } = flattenObject(ctx, mschema, mf);
        const encoding = (multipart.encoding as Json | undefined) ?? {};
        const parts: MultipartPartIR[] = [];
        const isBinary = (x: Json) => x.type === 'string' && (typeof x.contentMediaType === 'string' || x.format === 'binary');
        for (const [prop, raw, pf] of properties) {
          const { node: ps } = deref(ctx, raw, pf);
          for (const k of ['minItems', 'maxItems', 'maxLength', 'minLength', 'enum', 'pattern']) {
            if (k in ps || (isObj(ps.items) && k in ps.items)) throw new Error(`${id}: multipart field ${prop}: ${k} is not supported yet`);
          }
          const enc = (encoding[prop] as Json | undefined)?.contentType as string | undefined;
          let kind: MultipartPartIR['kind'];
          if (ps.type === 'array' && isObj(ps.items) && isBinary(deref(ctx, ps.items, pf).node)) kind = 'files';
          else if (isBinary(ps)) kind = 'file';
          else if (ps.type === 'string') kind = 'text';
          else throw new Error(`${id}: multipart field ${prop} of type ${String(ps.type)} is not supported`);
          const itemType = kind === 'files' ? (deref(ctx, ps.items as Json, pf).node.contentMediaType as string | undefined) : (ps.contentMediaType as string | undefined);
          parts.push({
            json: prop,
            kind,
            required: required.has(prop),
            contentType: kind === 'text' ? enc : enc ?? itemType ?? 'application/octet-stream',
            description: typeof ps.description === 'string' ? ps.description : undefined,
          });
        }
        const request: StructIR = {
          name,
          scope: 'shared',
          fields: params,
          semantic: [],
          description: typeof op.description === 'string' ? op.description : undefined,
          origin: `${FILE} ${method.toUpperCase()} ${p}`,
          pathRoot: id,
        };
        operations.push({ method: method.toUpperCase(), path: p, summary: op.summary as string | undefined, id, name, request, hasBody: false, multipart: parts });
        continue;
      }
      if (!json && Object.keys(content).length) {
        skipped.push({ id, reason: `request body ${Object.keys(content).join(', ')} (not JSON)` });
        continue;
      }
      const base = { method: method.toUpperCase(), path: p, wsRequestType: op['x-ws-request-type'] as string | undefined, summary: op.summary as string | undefined };
      const make = (suffix: string, body: Json | undefined, bodyFile: string, bodySchema: Json | undefined, alternative?: number): OperationIR => {
        const fields = [...params];
        if (body) {
          const { properties, required } = flattenObject(ctx, body, bodyFile);
          for (const [prop, schema, pf] of properties) {
            if (fields.some((f) => f.json === prop)) throw new Error(`${id}: body property ${prop} clashes with a parameter`);
            const { type, nullable } = toType(ctx, schema, pf, name + suffix, prop, 'shared');
            fields.push({
              json: prop,
              type,
              required: required.has(prop),
              nullable,
              deprecated: schema.deprecated === true,
              description: typeof schema.description === 'string' ? schema.description : undefined,
              location: 'body',
            });
          }
        }
        const request: StructIR = {
          name: name + suffix,
          scope: 'shared',
          fields,
          semantic: [],
          description: typeof op.description === 'string' ? op.description : undefined,
          origin: `${FILE} ${method.toUpperCase()} ${p}`,
          pathRoot: id + suffix,
        };
        return { ...base, id: id + suffix, name: name + suffix, request, hasBody: !!body, bodySchema, alternative };
      };
      if (!json) {
        operations.push(make('', undefined, FILE, undefined));
        continue;
      }
      const schema = json.schema as Json;
      const { node: body, file: bodyFile } = deref(ctx, schema, FILE);
      if (Array.isArray(body.anyOf) || Array.isArray(body.oneOf)) {
        const alts = (body.anyOf ?? body.oneOf) as Json[];
        alts.forEach((altRaw, i) => {
          const { node: alt, file: af } = deref(ctx, altRaw, bodyFile);
          const title = typeof alt.title === 'string' ? alt.title : `Alt${i + 1}`;
          operations.push(make(typeName(title), alt, af, schema, i));
        });
      } else {
        operations.push(make('', body, bodyFile, schema));
      }
    }
  }
  return { operations, skipped };
}
