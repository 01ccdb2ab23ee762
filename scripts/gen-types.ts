// Generates the TypeScript types of the semilimes API for the server side
// (simulator/cloud/types/api.ts) with quicktype from schemas/: the OpenAPI
// component schemas, the WebSocket request bodies/parameters, the inbound
// events, and the data and form components.
//
//   npm run types            # rewrite simulator/cloud/types/api.ts
//   npm run types -- --check # exit 1 when the committed file is stale
//
// Output is byte-stable: a banner with the quicktype-core version, no timestamp.
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { InputData, JSONSchemaInput, JSONSchemaStore, quicktype, type JSONSchema } from 'quicktype-core';

export const REPO = path.resolve(__dirname, '..');
export const SCHEMAS_DIR = path.join(REPO, 'schemas');
export const OUT_FILE = path.join(REPO, 'simulator', 'cloud', 'types', 'api.ts');

const BUNDLE_URI = 'https://semilimes-sdk.example/schemas/bundle.json';

/** Serves the in-memory bundle to quicktype. */
class BundleStore extends JSONSchemaStore {
  constructor(private readonly schema: Record<string, any>) {
    super();
  }
  async fetch(address: string): Promise<JSONSchema | undefined> {
    return address.replace(/#.*$/, '') === BUNDLE_URI ? (this.schema as JSONSchema) : undefined;
  }
}

function readJson(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, file), 'utf8'));
}

interface Part {
  /** file the schemas come from, as referenced from the others */
  file: string;
  doc: Record<string, any>;
  /** JSON pointer of the root type ('' = whole file) -> type name, and pointer prefix of named sub-schemas */
  rootName?: string;
  defsPointer: string;
  defName: (def: string) => string;
}

function parts(): Part[] {
  const openapi = YAML.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'openapi.yaml'), 'utf8'));
  const dcTypes = discriminatorValues('data-component.schema.json');
  const fcTypes = discriminatorValues('form-component.schema.json');
  return [
    { file: 'openapi.yaml', doc: openapi, defsPointer: '/components/schemas', defName: (d) => d },
    { file: 'ws-request.schema.json', doc: readJson('ws-request.schema.json'), rootName: 'WsRequest', defsPointer: '/$defs', defName: (d) => d },
    { file: 'inbound-event.schema.json', doc: readJson('inbound-event.schema.json'), rootName: 'InboundEvent', defsPointer: '/$defs', defName: (d) => d },
    { file: 'data-component.schema.json', doc: readJson('data-component.schema.json'), rootName: 'DataComponent', defsPointer: '/$defs', defName: (d) => componentTypeName(d, dcTypes, 'DataComponent') },
    { file: 'form-component.schema.json', doc: readJson('form-component.schema.json'), rootName: 'FormComponent', defsPointer: '/$defs', defName: (d) => componentTypeName(d, fcTypes, 'FormComponent') },
  ];
}

function defsOf(part: Part): Record<string, any> {
  return part.defsPointer.split('/').filter(Boolean).reduce((o, k) => o[k], part.doc);
}

/**
 * One in-memory JSON Schema with every type under `definitions/<TypeName>`
 * and every `$ref` (local, cross-file, OpenAPI component) rewritten to it.
 * quicktype then names each type after its definition and never merges two
 * files' same-named definitions (it folds e.g. both `$defs/gauge` into one
 * type when fed the files directly).
 */
export function bundle(): { schema: Record<string, any>; names: string[] } {
  const ps = parts();
  const target = new Map<string, string>(); // "file#pointer" -> type name
  const definitions: Record<string, any> = {};
  const names: string[] = [];
  const add = (key: string, name: string) => {
    if (definitions[name] !== undefined || names.includes(name)) throw new Error(`type name clash: ${name}`);
    target.set(key, name);
    names.push(name);
  };
  for (const p of ps) {
    if (p.rootName) add(`${p.file}#`, p.rootName);
    for (const d of Object.keys(defsOf(p)).sort()) add(`${p.file}#${p.defsPointer}/${d}`, p.defName(d));
  }
  const resolve = (from: Part, ref: string): string => {
    const [file, pointer = ''] = ref.split('#');
    const f = file === '' ? from.file : file.replace(/^\.\//, '');
    const name = target.get(`${f}#${pointer}`);
    if (!name) throw new Error(`cannot bundle $ref ${ref} from ${from.file}`);
    return `#/definitions/${name}`;
  };
  const rewrite = (from: Part, node: any): any => {
    if (Array.isArray(node)) return node.map((n) => rewrite(from, n));
    if (node && typeof node === 'object') {
      const out: Record<string, any> = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === '$id' || k === '$schema' || k === '$defs' || k === 'examples' || k.startsWith('x-')) continue;
        out[k] = k === '$ref' && typeof v === 'string' ? resolve(from, v) : rewrite(from, v);
      }
      return out;
    }
    return node;
  };
  for (const p of ps) {
    if (p.rootName) definitions[p.rootName] = rewrite(p, p.doc);
    const defs = defsOf(p);
    for (const d of Object.keys(defs).sort()) definitions[p.defName(d)] = rewrite(p, defs[d]);
  }
  return { schema: { $schema: 'http://json-schema.org/draft-07/schema#', definitions }, names };
}

/** The discriminator enum of a component file (its first root property). */
function discriminatorValues(file: string): string[] {
  const s = readJson(file);
  return s.properties[Object.keys(s.properties)[0]].enum;
}

/** `gauge` -> `GaugeDataComponent`; helper defs (e.g. `coordinates`) -> `Coordinates`. */
function componentTypeName(def: string, componentTypes: string[], suffix: string): string {
  const p = def[0].toUpperCase() + def.slice(1);
  return componentTypes.includes(def) ? p + suffix : p;
}

/**
 * Discriminated unions quicktype cannot express from if/then chains:
 * [union name, doc, discriminator property, members as [discriminator value, ...]].
 */
export function unions(): { name: string; doc: string; members: { prop: string; value: string }[] }[] {
  const byDiscriminator = (file: string, prop: string) => discriminatorValues(file).map((value) => ({ prop, value }));
  return [
    { name: 'AnyDataComponent', doc: 'Every data component, told apart by dataComponentType.', members: byDiscriminator('data-component.schema.json', 'dataComponentType') },
    { name: 'AnyFormComponent', doc: 'Every form component, told apart by formComponentType.', members: byDiscriminator('form-component.schema.json', 'formComponentType') },
    {
      name: 'AnyInboundEvent',
      doc: 'Every server-to-client WebSocket message, told apart by eventType and featureType.',
      members: [
        { prop: 'eventType', value: 'Response' },
        { prop: 'featureType', value: 'p2p' },
        { prop: 'featureType', value: 'groupchat' },
        { prop: 'featureType', value: 'channel' },
      ],
    },
  ];
}

/**
 * quicktype picks its own type names: find the emitted interface whose
 * required `prop` is typed by an alias of exactly the string `value` (or the literal).
 */
function emittedMember(code: string, prop: string, value: string): string {
  const literal = JSON.stringify(value);
  const aliases = [...code.matchAll(/^export type (\w+) = ("[^"\n]*");$/gm)].filter((m) => m[2] === literal).map((m) => m[1]);
  const hits: string[] = [];
  for (const m of code.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const props = [...m[2].matchAll(/^\s+(\w+):\s*([^;]+);/gm)]; // required properties only
    if (props.some(([, k, t]) => k === prop && (aliases.includes(t.trim()) || t.trim() === literal))) hits.push(m[1]);
  }
  if (hits.length !== 1) throw new Error(`expected one emitted type with ${prop}: ${literal}, found [${hits.join(', ')}]`);
  return hits[0];
}

function quicktypeVersion(): string {
  const pkg = require.resolve('quicktype-core/package.json');
  return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
}

/** Runs quicktype over the schemas and returns the whole file content. */
export async function generateTypes(): Promise<string> {
  const { schema, names } = bundle();
  // One store address for the bundle, so every source shares its types.
  const input = new JSONSchemaInput(new BundleStore(schema));
  for (const name of names) await input.addSource({ name, uris: [`${BUNDLE_URI}#/definitions/${name}`] });
  const inputData = new InputData();
  inputData.addInput(input);
  const result = await quicktype({
    inputData,
    lang: 'typescript',
    rendererOptions: { 'just-types': 'true', 'prefer-unions': 'true', 'prefer-types': 'false' },
    leadingComments: [],
    // Keep each schema its own type: merging similar classes would fold the data
    // gauge into the form gauge (they differ only by discriminator).
    combineClasses: false,
  });
  const banner = [
    '// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run types`.',
    `// Source: schemas/ (openapi.yaml, ws-request, inbound-event, data/form components); quicktype-core ${quicktypeVersion()}.`,
    '/* eslint-disable */',
    '',
  ];
  const code = result.lines.join('\n').replace(/\s+$/, '');
  const extra = unions().map(
    ({ name, doc, members }) =>
      `\n/**\n * ${doc}\n */\nexport type ${name} =\n${members.map((m) => `    | ${emittedMember(code, m.prop, m.value)}`).join('\n')};\n`,
  );
  return banner.join('\n') + code + '\n' + extra.join('');
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const text = await generateTypes();
  if (check) {
    const current = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(REPO, OUT_FILE)} is stale: run npm run types`);
      process.exit(1);
    }
    console.log(`${path.relative(REPO, OUT_FILE)} is fresh`);
    return;
  }
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  fs.writeFileSync(OUT_FILE, text);
  console.log(`wrote ${path.relative(REPO, OUT_FILE)} (${text.split('\n').length} lines)`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
