// Request validation driven by the spec: Ajv2020 + ajv-formats, with every
// schemas/*.schema.json and the OpenAPI document itself registered under
// their `$id`s, so operation schemas compile in their own scope and their
// `$ref`s (local or to the component schema files) resolve.
//
// - Query/path parameters and WebSocket `parameters` go through a coercing
//   Ajv instance ("5" -> 5 for integers, "true" -> true for booleans).
// - JSON bodies go through a strict (non-coercing) instance.
// - Bodies that pass the schema then go through the shared semantic rules
//   (schemas/semantic, `validateSemantics(kind, value)`) for every data
//   component and form component they contain.
// Every failure is an ApiError(400) whose message names the field, e.g.
// "query parameter 'limit' must be integer" or
// "body/dataComponent/thickness must be <= 100".
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { ApiError } from './errors';
import { LoadedSpec, OPENAPI_ID, SCHEMAS_DIR, SCHEMA_ID_BASE, SpecOperation } from './spec';

export type SemanticFn = (kind: string, value: unknown) => unknown;

function newAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    coerceTypes: coerce ? 'array' : false,
    validateSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

function schemaFilesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  } catch {
    return [];
  }
}

/** Tries to load the shared semantic validator; undefined while it does not exist yet. */
export function loadSemantic(dir = SCHEMAS_DIR): SemanticFn | undefined {
  const candidates = ['semantic/index.ts', 'semantic/index.js'].map((f) => path.join(dir, f));
  for (const c of candidates) {
    if (!fs.existsSync(c)) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const mod = require(c);
      if (typeof mod.validateSemantics === 'function') return mod.validateSemantics as SemanticFn;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export class Validator {
  private readonly strictAjv = newAjv(false);
  private readonly coercingAjv = newAjv(true);
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    readonly spec: LoadedSpec,
    private readonly semantic: SemanticFn | undefined = loadSemantic(),
    schemasDir = SCHEMAS_DIR,
  ) {
    for (const ajv of [this.strictAjv, this.coercingAjv]) {
      for (const f of schemaFilesIn(schemasDir)) {
        const s = JSON.parse(fs.readFileSync(path.join(schemasDir, f), 'utf8'));
        ajv.addSchema(s, typeof s.$id === 'string' ? undefined : SCHEMA_ID_BASE + f);
      }
      ajv.addSchema({ ...spec.doc, $id: OPENAPI_ID }, undefined);
    }
  }

  private compiled(ajv: Ajv2020, key: string, schema: object): ValidateFunction {
    const k = (ajv === this.coercingAjv ? 'c:' : 's:') + key;
    let v = this.cache.get(k);
    if (!v) {
      v = ajv.compile(schema);
      this.cache.set(k, v);
    }
    return v;
  }

  /** Validates (and coerces, in place) the parameters found in `where`. */
  validateParams(op: SpecOperation, where: 'query' | 'path', values: Record<string, unknown>, label = `${where} parameter`): void {
    const list = op.parameters.filter((p) => p.in === where);
    const properties: Record<string, object> = {};
    const required: string[] = [];
    for (const p of list) {
      properties[p.name] = p.schemaPointer ? { $ref: OPENAPI_ID + p.schemaPointer } : {};
      if (p.required) required.push(p.name);
    }
    const v = this.compiled(this.coercingAjv, `${op.pointer}:${where}`, { type: 'object', properties, required });
    if (!v(values)) throw paramError(v.errors ?? [], label);
  }

  /** Validates a parsed JSON body against the operation's application/json schema. */
  validateJsonBody(op: SpecOperation, body: unknown, prefix = 'body'): void {
    const media = op.requestBody?.content.find((m) => /json/.test(m.mediaType));
    if (!op.requestBody) return;
    if (body === undefined) {
      if (op.requestBody.required) throw new ApiError(400, `${prefix} is required`, prefix);
      return;
    }
    if (!media?.schemaPointer) return;
    const v = this.compiled(this.strictAjv, media.schemaPointer, { $ref: OPENAPI_ID + media.schemaPointer });
    if (!v(body)) throw bodyError(v.errors ?? [], prefix);
    this.validateBodySemantics(body, prefix);
  }

  /** Validates any value against a schema pointer inside the OpenAPI document. */
  validateAgainst(pointer: string, value: unknown, prefix: string): void {
    const v = this.compiled(this.strictAjv, pointer, { $ref: OPENAPI_ID + pointer });
    if (!v(value)) throw bodyError(v.errors ?? [], prefix);
  }

  /** Validates a value against a schema file / `$id` URI (e.g. ws-request.schema.json). Returns false if that schema is unknown. */
  validateWithSchemaId(idOrFile: string, value: unknown, prefix: string): boolean {
    const id = /^https?:/.test(idOrFile) ? idOrFile : SCHEMA_ID_BASE + idOrFile;
    const v = this.strictAjv.getSchema(id);
    if (!v) return false;
    if (!v(value)) throw bodyError(v.errors ?? [], prefix);
    return true;
  }

  /** Runs the shared semantic rules on every data/form component found in the body. */
  validateBodySemantics(body: unknown, prefix = 'body'): void {
    if (!this.semantic) return;
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => visit(n, `${at}/${i}`));
        return;
      }
      if (!node || typeof node !== 'object') return;
      const obj = node as Record<string, unknown>;
      let kind: string | undefined;
      if (typeof obj.dataComponentType === 'string') kind = 'data-component';
      else if (typeof obj.formComponentType === 'string') kind = 'form-component';
      if (kind) {
        const problems = normalizeSemantic(this.semantic!(kind, obj));
        if (problems.length > 0) {
          const first = problems[0];
          const field = `${at}${first.path && first.path !== '/' ? first.path : ''}`;
          throw new ApiError(400, `${field}: ${first.message}`, field);
        }
        return; // the semantic rules walk nested components themselves
      }
      for (const [k, v] of Object.entries(obj)) visit(v, `${at}/${k}`);
    };
    visit(body, prefix);
  }
}

interface SemanticProblem {
  path: string;
  message: string;
}

/** Accepts the likely shapes of a semantic result: [], [{path,message}], strings, {ok, errors}. */
function normalizeSemantic(result: unknown): SemanticProblem[] {
  if (result == null || result === true) return [];
  if (typeof result === 'string') return [{ path: '', message: result }];
  if (Array.isArray(result)) {
    return result.map((r) => {
      if (typeof r === 'string') return { path: '', message: r };
      const o = (r ?? {}) as Record<string, unknown>;
      const p = (o.path ?? o.instancePath ?? o.pointer ?? '') as string;
      return { path: typeof p === 'string' ? (p.startsWith('/') || p === '' ? p : '/' + p) : '', message: String(o.message ?? o.error ?? JSON.stringify(r)) };
    });
  }
  if (typeof result === 'object') {
    const o = result as Record<string, unknown>;
    if (o.ok === true || o.valid === true) return [];
    if (Array.isArray(o.errors)) return normalizeSemantic(o.errors);
  }
  return [];
}

/** Picks the most telling Ajv error: deepest instance path, leaf keywords before combinators. */
function bestError(errors: ErrorObject[]): ErrorObject | undefined {
  const score = (e: ErrorObject) =>
    e.instancePath.split('/').length * 10 +
    (['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not', '$ref'].includes(e.keyword) ? 0 : 5) +
    (e.keyword === 'const' || e.keyword === 'enum' ? 1 : 0) +
    (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 3 : 2);
  let best: ErrorObject | undefined;
  for (const e of errors) if (!best || score(e) > score(best)) best = e;
  return best;
}

function fieldOf(e: ErrorObject): string {
  let p = e.instancePath;
  if (e.keyword === 'required') p += '/' + (e.params as { missingProperty: string }).missingProperty;
  if (e.keyword === 'additionalProperties') p += '/' + (e.params as { additionalProperty: string }).additionalProperty;
  return p;
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not allowed';
  if (e.keyword === 'enum') return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  if (e.keyword === 'const') return `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return e.message ?? e.keyword;
}

export function bodyError(errors: ErrorObject[], prefix: string): ApiError {
  const e = bestError(errors);
  if (!e) return new ApiError(400, `${prefix} is invalid`, prefix);
  const field = prefix + fieldOf(e);
  const more = errors.length > 1 ? ` (${errors.length - 1} more schema errors)` : '';
  return new ApiError(400, `${field} ${describe(e)}${more}`, field);
}

function paramError(errors: ErrorObject[], label: string): ApiError {
  const e = bestError(errors);
  if (!e) return new ApiError(400, `invalid ${label}`);
  const name = fieldOf(e).replace(/^\//, '').split('/')[0];
  return new ApiError(400, `${label} '${name}' ${describe(e)}`, name);
}
