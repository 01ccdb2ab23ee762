// Shared JSON Schema loader for tests (and anything else that validates
// against schemas/). One Ajv2020 instance with ajv-formats and every
// `schemas/*.schema.json` added under its `$id`.
//
// Usage:
//   const validate = validatorFor('data-component.schema.json#/$defs/gauge');
//   const errs = errorsOf(validate, value);   // [] when valid
//
// `fileOrRef` may be a bare file name ("data-component.schema.json"), a file
// name with a JSON pointer fragment ("x.schema.json#/$defs/text"), or a full
// `$id`-based URI. The instance is cached: schemas are compiled once per
// jest worker. Pass `{ fresh: true }` to loadSchemas to get a new instance.
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';

export const SCHEMAS_DIR = path.resolve(__dirname, '..', '..', 'schemas');
export const SCHEMA_ID_BASE = 'https://semilimes-sdk.example/schemas/';

let cached: Ajv2020 | undefined;

/** Lists `schemas/*.schema.json` (top level only), sorted. */
export function schemaFiles(): string[] {
  return fs
    .readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

/** Reads and parses one schema file from schemas/. */
export function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, file), 'utf8'));
}

/**
 * An Ajv2020 instance (strict types off, `x-` keywords allowed, all errors
 * collected) with ajv-formats and every schemas/*.schema.json added.
 */
export function loadSchemas(opts: { fresh?: boolean } = {}): Ajv2020 {
  if (cached && !opts.fresh) return cached;
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    // `x-` annotations (e.g. x-semantic) are metadata for the code generator.
    keywords: [],
  });
  // Allow any `x-*` annotation keyword: ajv strict mode rejects unknown
  // keywords, so register those found in the files as annotation-only.
  const seen = new Set<string>();
  const files = schemaFiles();
  const schemas = files.map((f) => readSchema(f));
  for (const s of schemas) collectXKeywords(s, seen);
  for (const k of seen) ajv.addKeyword({ keyword: k, schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
  addFormats(ajv);
  files.forEach((f, i) => {
    const s = schemas[i];
    ajv.addSchema(s, typeof s.$id === 'string' ? undefined : SCHEMA_ID_BASE + f);
  });
  if (!opts.fresh) cached = ajv;
  return ajv;
}

function collectXKeywords(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectXKeywords(n, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k.startsWith('x-')) out.add(k);
      collectXKeywords(v, out);
    }
  }
}

/** Turns "file.schema.json#/ptr" or a relative name into the full `$id` URI. */
export function resolveRef(fileOrRef: string): string {
  if (/^https?:\/\//.test(fileOrRef)) return fileOrRef;
  return SCHEMA_ID_BASE + fileOrRef.replace(/^\.?\/?(schemas\/)?/, '');
}

/** Compiled validator for a schema file or a `file#/pointer` ref. Throws if unknown. */
export function validatorFor(fileOrRef: string): ValidateFunction {
  const ajv = loadSchemas();
  const ref = resolveRef(fileOrRef);
  const v = ajv.getSchema(ref);
  if (!v) throw new Error(`no schema for ${fileOrRef} (${ref})`);
  return v;
}

/**
 * Validates `value` and returns ajv's errors ([] when valid). `validator` may
 * be a compiled function or anything `validatorFor` accepts.
 */
export function errorsOf(validator: ValidateFunction | string, value: unknown): ErrorObject[] {
  const v = typeof validator === 'string' ? validatorFor(validator) : validator;
  return v(value) ? [] : [...(v.errors ?? [])];
}

/** One line per error: "instancePath keyword message params", for failure messages. */
export function formatErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}
