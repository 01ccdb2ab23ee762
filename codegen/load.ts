// Stage 1: read the spec files and check they are valid before anything is
// generated from them. JSON Schemas are compiled with Ajv (draft 2020-12,
// strict, `x-` annotations allowed); a broken spec stops the generator with
// Ajv's message instead of producing half-right C++.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';

export type Json = Record<string, unknown>;

export interface Spec {
  /** Absolute path of the schemas/ directory. */
  dir: string;
  /** File name ("data-component.schema.json") -> parsed schema. */
  schemas: Map<string, Json>;
  /** The Ajv instance with every schema added (for callers that validate instances). */
  ajv: Ajv2020;
  /** schemas/openapi.yaml, parsed, when present. */
  openapi?: Json;
}

export const DEFAULT_SCHEMA_DIR = path.resolve(__dirname, '..', 'schemas');

function collectXKeywords(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectXKeywords(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Json)) {
      if (k.startsWith('x-')) out.add(k);
      collectXKeywords(v, out);
    }
  }
}

/** Builds a Spec from already-parsed schemas (used by tests with small fixtures). */
export function specFromSchemas(schemas: Map<string, Json>, dir = DEFAULT_SCHEMA_DIR, openapi?: Json): Spec {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, allErrors: true });
  const xs = new Set<string>();
  for (const s of schemas.values()) collectXKeywords(s, xs);
  for (const k of xs) ajv.addKeyword({ keyword: k });
  addFormats(ajv);
  for (const [file, s] of schemas) {
    if (typeof s.$id !== 'string') throw new Error(`${file}: missing $id`);
    ajv.addSchema(s);
  }
  // Compile each one: reports unresolved $refs and invalid keywords.
  for (const [file, s] of schemas) {
    try {
      ajv.getSchema(s.$id as string);
    } catch (e) {
      throw new Error(`${file}: invalid schema: ${(e as Error).message}`);
    }
  }
  if (openapi) checkOpenApi(ajv, openapi);
  return { dir, schemas, ajv, openapi };
}

/**
 * The parts of openapi.yaml the generator relies on: unique operationIds, and
 * every component schema compiling (with its refs into the JSON Schema files)
 * under Ajv like the rest of the spec.
 */
function checkOpenApi(ajv: Ajv2020, doc: Json): void {
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) throw new Error('openapi.yaml: not an OpenAPI 3 document');
  const seen = new Set<string>();
  for (const [p, item] of Object.entries((doc.paths as Json) ?? {})) {
    for (const [m, op] of Object.entries(item as Json)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(m)) continue;
      const id = (op as Json).operationId;
      if (typeof id !== 'string' || !id) throw new Error(`openapi.yaml: ${m.toUpperCase()} ${p} has no operationId`);
      if (seen.has(id)) throw new Error(`openapi.yaml: operationId ${id} is used twice`);
      seen.add(id);
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {};
  if (!ajv.getKeyword('components')) ajv.addKeyword({ keyword: 'components', schemaType: 'object' });
  const id = `${ID_BASE}openapi.yaml`;
  ajv.addSchema({ $id: id, components: { schemas } });
  for (const name of Object.keys(schemas)) {
    try {
      ajv.getSchema(`${id}#/components/schemas/${name}`);
    } catch (e) {
      throw new Error(`openapi.yaml: components.schemas.${name}: ${(e as Error).message}`);
    }
  }
}

const ID_BASE = 'https://semilimes-sdk.example/schemas/';

/** Reads and validates every `*.schema.json` in `dir`. */
export function loadSpec(dir = DEFAULT_SCHEMA_DIR): Spec {
  const schemas = new Map<string, Json>();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    try {
      schemas.set(f, JSON.parse(text) as Json);
    } catch (e) {
      throw new Error(`${f}: not JSON: ${(e as Error).message}`);
    }
  }
  const oa = path.join(dir, 'openapi.yaml');
  const openapi = fs.existsSync(oa) ? (YAML.parse(fs.readFileSync(oa, 'utf8')) as Json) : undefined;
  return specFromSchemas(schemas, dir, openapi);
}
