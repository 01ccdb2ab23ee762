// Helpers for the OpenAPI / WebSocket schema suites: load schemas/openapi.yaml,
// put its components into the shared Ajv instance, read the doc examples kept
// in schemas/examples/operations/, and turn a docs snippet (JSON with
// comments, trailing commas, a missing brace) into a value.
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import type { ValidateFunction } from 'ajv';
import { loadSchemas, SCHEMAS_DIR, SCHEMA_ID_BASE } from '../helpers/schemas';
import { sharedPath } from '../helpers/paths';

export const REPO = path.resolve(__dirname, '..', '..');
export const OPENAPI_FILE = path.join(SCHEMAS_DIR, 'openapi.yaml');
export const OPENAPI_ID = SCHEMA_ID_BASE + 'openapi.yaml';
export const EXAMPLES_DIR = path.join(SCHEMAS_DIR, 'examples', 'operations');

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  op: JsonObject;
}

let openapiCache: JsonObject | undefined;
export function loadOpenApi(): JsonObject {
  if (!openapiCache) openapiCache = YAML.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as JsonObject;
  return openapiCache;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
export function operations(doc: JsonObject = loadOpenApi()): Operation[] {
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths as JsonObject)) {
    for (const [m, op] of Object.entries(item as JsonObject)) {
      if (!METHODS.includes(m)) continue;
      const o = op as JsonObject;
      out.push({ operationId: o.operationId as string, method: m, path: p, op: o });
    }
  }
  return out;
}

export function operation(operationId: string): Operation {
  const o = operations().find((x) => x.operationId === operationId);
  if (!o) throw new Error(`no operation ${operationId}`);
  return o;
}

/**
 * The shared Ajv instance (test/helpers/schemas.ts) plus the OpenAPI
 * components, added as a schema resource whose `$id` is
 * `.../schemas/openapi.yaml`, so `#/components/schemas/X` and
 * `./data-component.schema.json` resolve as they do in the document.
 */
const withOpenApi = new WeakSet<object>();
export function ajvWithOpenApi() {
  const ajv = loadSchemas();
  if (!withOpenApi.has(ajv)) {
    const doc = loadOpenApi();
    // `components` is not a JSON Schema keyword: declare it (annotation only)
    // so strict mode accepts the resource root; refs point inside it.
    if (!ajv.getKeyword('components')) ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
    ajv.addSchema({ $id: OPENAPI_ID, components: { schemas: (doc.components as JsonObject).schemas } } as object);
    withOpenApi.add(ajv);
  }
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();
/** Compiles a schema that lives inside openapi.yaml (refs resolve against the document). */
export function compileInOpenApi(schema: Json, key: string): ValidateFunction {
  const cached = compiled.get(key);
  if (cached) return cached;
  const ajv = ajvWithOpenApi();
  // A tiny wrapper resource with the same base URI resolves relative refs like the document does.
  const id = `${SCHEMA_ID_BASE}openapi-fragments/${encodeURIComponent(key)}`;
  const wrapped = rebase(schema);
  const v = ajv.compile({ $id: id, ...(wrapped as object) });
  compiled.set(key, v);
  return v;
}

/** Rewrites a fragment's refs so they resolve from a wrapper `$id` one folder down. */
function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out[k] = v.startsWith('#') ? OPENAPI_ID + v : new URL(v, OPENAPI_ID).href;
      else out[k] = rebase(v);
    }
    return out;
  }
  return node;
}

/** JSON schema of an operation's JSON request body (or undefined). */
export function requestBodySchema(o: Operation): Json | undefined {
  const content = (o.op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
  if (!content) return undefined;
  const media = (content['application/json'] ?? content['multipart/form-data']) as JsonObject;
  return media.schema;
}

/** JSON schema of the whole 200 response (envelope with typed data) or undefined for binary replies. */
export function responseSchema(o: Operation): Json | undefined {
  const r200 = (o.op.responses as JsonObject)['200'] as JsonObject;
  const media = (r200.content as JsonObject)['application/json'] as JsonObject | undefined;
  return media?.schema;
}

/** Just the `data` schema of the 200 response. */
export function responseDataSchema(o: Operation): Json | undefined {
  const s = responseSchema(o) as JsonObject | undefined;
  if (!s) return undefined;
  const parts = s.allOf as JsonObject[];
  return ((parts[1].properties as JsonObject).data as Json) ?? undefined;
}

// ---------------------------------------------------------------- docs snippets

export interface SnippetEntry {
  file: string;
  kind: 'request' | 'response' | 'ws-request' | 'event' | 'fragment';
  operationId?: string;
  event?: string;
  heading?: string;
  queryLine?: string;
  docsLine: number;
  note?: string;
}

export function snippetIndex(): SnippetEntry[] {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'index.json'), 'utf8'));
}

export function snippetText(e: SnippetEntry): string {
  return fs.readFileSync(path.join(EXAMPLES_DIR, e.file), 'utf8');
}

/** The platform docs, when a copy is reachable (CI has shared/ beside the clone). */
export function docsText(): string | undefined {
  const candidates = [
    process.env.SEMILIMES_DOCS,
    sharedPath('reference', 'semilimes-developer-docs.txt'),
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return fs.readFileSync(c, 'utf8');
  return undefined;
}

export const TEXT_SAMPLE: JsonObject = { dataComponentType: 'text', text: 'example' };
export const BUCKET_SAMPLE: JsonObject = { dataComponentType: 'bucket', bucketId: 'bucketId' };

/**
 * Docs snippet -> value. Comments are stripped, trailing commas dropped and
 * missing closing brackets appended. An object that held only a comment
 * (`{ //Data component here }`) is a placeholder for content the docs leave
 * out: it becomes a text data component, a bucket reference when the comment
 * mentions a bucket, and `{}` for the WebSocket template's
 * parameters/body/response-content placeholders.
 */
export function cleanDocJson(text: string): Json {
  let t = text.replace(/\{\s*\/\/([^\n]*)\n\s*\}/g, (_m, c: string) => JSON.stringify({ $placeholder: c.trim() }));
  t = t.split('\n').map(stripComment).join('\n');
  t = t.replace(/,(\s*[}\]])/g, '$1');
  const stack: string[] = [];
  let inStr = false;
  for (let k = 0; k < t.length; k++) {
    const c = t[k];
    if (inStr) {
      if (c === '\\') k++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') stack.pop();
  }
  t += stack.reverse().join('');
  return fill(JSON.parse(t) as Json);
}

function stripComment(line: string): string {
  let inStr = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (inStr) {
      if (c === '\\') k++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '/' && line[k + 1] === '/') return line.slice(0, k);
  }
  return line;
}

function fill(v: Json): Json {
  if (Array.isArray(v)) return v.map(fill);
  if (v && typeof v === 'object') {
    const ph = v.$placeholder;
    if (typeof ph === 'string' && Object.keys(v).length === 1) {
      if (/response content|parameters used|request body used/i.test(ph)) return {};
      if (/bucket/i.test(ph)) return { ...BUCKET_SAMPLE };
      return { ...TEXT_SAMPLE };
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
  }
  return v;
}

/** Wraps a response `data` in the documented envelope. */
export function envelope(data: Json): JsonObject {
  return { success: true, statusCode: null, error: null, data };
}

/** Walks every `$ref` string in a JSON tree. */
export function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

/** Resolves a JSON pointer (`/a/b`, with ~0 ~1 escapes) in a document; undefined when absent. */
export function getPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return doc;
  let cur: unknown = doc;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur && typeof cur === 'object' && key in (cur as object)) cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}

/** Deep-copies a JSON value. */
export function clone<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}
