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
import type { SemanticKind } from '../../schemas/semantic';
import { sharedPath } from './paths';

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

// ---------------------------------------------------------------------------
// JSON examples embedded in the platform docs.

export const DOCS_PATH = sharedPath('reference', 'semilimes-developer-docs.txt');

export interface DocJsonBlock {
  /** 1-based line of the block's first line in the docs. */
  line: number;
  /** Up to three non-empty docs lines before the block (section title, description). */
  before: string[];
  /** The raw text of the block, comments included. */
  raw: string;
  /**
   * True when the block was a `"key": value` fragment (e.g. `"receiver" : {...}`),
   * wrapped in braces to parse: `value` is then `{ key: ... }`.
   */
  fragment: boolean;
  /** Parsed value (comments and trailing commas stripped), or undefined if it did not parse. */
  value?: unknown;
  /** JSON.parse's message when the block did not parse. */
  parseError?: string;
}

/**
 * Removes `//` comments (outside strings) and trailing commas before `}`/`]`.
 * A comment-only object such as `{ //Data component here }` becomes `{}`.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inStr) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inStr = false;
    } else if (ch === '"') {
      inStr = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += ch;
    }
  }
  // Trailing commas (possibly followed by whitespace/newlines) before a closer.
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** Net bracket depth change of a line, ignoring brackets inside strings and comments. */
function depthDelta(line: string): number {
  let d = 0;
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
    } else if (ch === '"') inStr = true;
    else if (ch === '/' && line[i + 1] === '/') break;
    else if (ch === '{' || ch === '[') d++;
    else if (ch === '}' || ch === ']') d--;
  }
  return d;
}

/**
 * Every JSON example in the docs: blocks starting with a line "{" or "[", and
 * fragments starting with a `"key" : {` / `"key": [` line. `from`/`to` limit
 * the scan to a 1-based, inclusive line range.
 */
export function docJsonBlocks(opts: { text?: string; from?: number; to?: number } = {}): DocJsonBlock[] {
  const lines = (opts.text ?? fs.readFileSync(DOCS_PATH, 'utf8')).split('\n');
  const from = Math.max(1, opts.from ?? 1);
  const to = Math.min(lines.length, opts.to ?? lines.length);
  const blocks: DocJsonBlock[] = [];
  for (let n = from; n <= to; n++) {
    const first = lines[n - 1].trim();
    const whole = first === '{' || first === '[';
    const fragment = !whole && /^"[^"]+"\s*:\s*[[{]/.test(first);
    if (!whole && !fragment) continue;
    let depth = 0;
    let end = n;
    for (; end <= lines.length; end++) {
      depth += depthDelta(lines[end - 1]);
      if (depth <= 0) break;
    }
    if (depth > 0) continue; // unbalanced: not an example
    const raw = lines.slice(n - 1, end).join('\n');
    const before: string[] = [];
    for (let b = n - 1; b >= 1 && before.length < 3; b--) {
      const t = lines[b - 1].trim();
      if (t) before.unshift(t);
    }
    const body = stripJsonComments(raw).trim().replace(/,\s*$/, '');
    const block: DocJsonBlock = { line: n, before, raw, fragment };
    try {
      block.value = JSON.parse(fragment ? `{${body}}` : body);
    } catch (e) {
      block.parseError = (e as Error).message;
    }
    blocks.push(block);
    n = end;
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Component examples found in the docs.

export interface DocComponentExample {
  /** "data" for a dataComponentType object, "form" for a formComponentType object. */
  family: 'data' | 'form';
  /** The discriminator value. */
  type: string;
  /** Docs line of the enclosing JSON block, and the JSON pointer inside it. */
  line: number;
  pointer: string;
  /** Docs section: the lines just before the block. */
  section: string;
  value: Record<string, unknown>;
}

/**
 * Every object in every docs JSON block that carries a `dataComponentType` or
 * `formComponentType` string, outermost first (a form inside a bucket is listed
 * as well as the bucket). Comments are stripped; comment-only placeholder
 * objects appear as `{}`.
 */
export function docComponentExamples(blocks: DocJsonBlock[] = docJsonBlocks()): DocComponentExample[] {
  const out: DocComponentExample[] = [];
  const walk = (v: unknown, ptr: string, b: DocJsonBlock): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${ptr}/${i}`, b));
      return;
    }
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const section = b.before.join(' | ');
    if (typeof o.dataComponentType === 'string') {
      out.push({ family: 'data', type: o.dataComponentType, line: b.line, pointer: ptr, section, value: o });
    } else if (typeof o.formComponentType === 'string') {
      out.push({ family: 'form', type: o.formComponentType, line: b.line, pointer: ptr, section, value: o });
    }
    for (const [k, x] of Object.entries(o)) walk(x, `${ptr}/${k}`, b);
  };
  for (const b of blocks) if (b.value !== undefined) walk(b.value, '', b);
  return out;
}

// ---------------------------------------------------------------------------
// Component validation results in the C++ builders' terms

/** The schema file and semantic-rule kind of a data or form component. */
export const componentSchemaFile = (family: string) =>
  family === 'data' ? 'data-component.schema.json' : 'form-component.schema.json';
export const componentSemanticKind = (family: string): SemanticKind => (family === 'data' ? 'data-component' : 'form-component');

/** An instance path as the C++ ComponentError::formatPath writes it:
 * "/segments/1/from" -> "gauge.segments[1].from" (root "gauge"). */
export function pointerToPath(root: string, pointer: string): string {
  let out = root;
  for (const seg of pointer.split('/').filter(Boolean)) out += /^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, '/').replace(/~0/g, '~')}`;
  return out;
}

/** The instance paths of ajv's errors, each naming the field at fault as the
 * C++ builders do (a missing property, the later of two duplicates). */
export function ajvPaths(errors: ErrorObject[]): string[] {
  return errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
      // ajv names the array; the duplicate is the later of items params.i / params.j.
      if (e.keyword === 'uniqueItems') {
        const p = e.params as { i: number; j: number };
        return `${e.instancePath}/${Math.max(p.i, p.j)}`;
      }
      return e.instancePath;
    });
}
