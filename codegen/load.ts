// Stage 1: read the spec files and check they are valid before anything is
// generated from them. JSON Schemas are compiled with Ajv (draft 2020-12,
// strict, `x-` annotations allowed); a broken spec stops the generator with
// Ajv's message instead of producing half-right C++.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';

export type Json = Record<string, unknown>;

export interface Spec {
  /** Absolute path of the schemas/ directory. */
  dir: string;
  /** File name ("data-component.schema.json") -> parsed schema. */
  schemas: Map<string, Json>;
  /** The Ajv instance with every schema added (for callers that validate instances). */
  ajv: Ajv2020;
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
export function specFromSchemas(schemas: Map<string, Json>, dir = DEFAULT_SCHEMA_DIR): Spec {
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
  return { dir, schemas, ajv };
}

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
  return specFromSchemas(schemas, dir);
}
