// Stage 2: resolve the component schemas into the IR.
//
// A family file (data-component / form-component) has an `x-discriminator`
// whose mapping lists the components; each points to `$defs/<type>`.
// `$ref`s to object or enum `$defs` become shared named types; `$ref`s to
// primitive `$defs` (color, epoch, latitude) are inlined with their
// constraints; a `$ref` to a family file's root means "any component of that
// family". Anything the generator cannot check on a device (an unknown
// pattern, an unknown x-semantic rule) is an error, never silently dropped.
import type { Json, Spec } from '../load';
import { typeName } from '../naming';
import { KNOWN_RULES } from './semantic';
import type { ComponentIR, ComponentsIR, EnumIR, Family, FieldIR, StructIR, TypeIR } from './types';

type Scope = EnumIR['scope'];

const COLOR_PATTERN = '^#[0-9A-Fa-f]{6}$';

export const FAMILY_FILES: Record<Family, string> = {
  data: 'data-component.schema.json',
  form: 'form-component.schema.json',
};

export interface Ctx {
  spec: Spec;
  structs: Map<string, StructIR>;
  structOrder: StructIR[];
  enums: Map<string, EnumIR>;
  inProgress: Set<string>;
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function familyOfFile(file: string): Family | undefined {
  return (Object.keys(FAMILY_FILES) as Family[]).find((f) => FAMILY_FILES[f] === file);
}

/** Splits a $ref into (file, pointer) relative to the current file. */
export function splitRef(ref: string, currentFile: string): { file: string; pointer: string } {
  const [filePart, frag = ''] = ref.split('#');
  const file = filePart ? filePart.replace(/^.*\//, '') : currentFile;
  return { file, pointer: frag };
}

export function resolvePointer(spec: Spec, file: string, pointer: string): Json {
  const root = file === 'openapi.yaml' ? spec.openapi : spec.schemas.get(file);
  if (!root) throw new Error(`$ref to unknown file ${file}`);
  let node: unknown = root;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) || !(seg in node)) throw new Error(`unresolved $ref ${file}#${pointer}`);
    node = node[seg];
  }
  if (!isObj(node)) throw new Error(`$ref ${file}#${pointer} is not a schema object`);
  return node;
}

function schemaTypes(s: Json): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  if (Array.isArray(s.enum) || 'const' in s) return ['string'];
  if (isObj(s.properties)) return ['object'];
  return [];
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Follows a chain of `$ref`s to primitive defs, merging sibling constraints (the referrer wins). */
function inlineRef(ctx: Ctx, s: Json, file: string): { schema: Json; file: string; defName?: string } {
  let cur = s;
  let curFile = file;
  let defName: string | undefined;
  for (let guard = 0; typeof cur.$ref === 'string' && guard < 16; guard++) {
    const { file: f, pointer } = splitRef(cur.$ref, curFile);
    const target = resolvePointer(ctx.spec, f, pointer);
    const { $ref: _ignored, ...siblings } = cur;
    void _ignored;
    defName = pointer.replace(/^\/\$defs\//, '');
    // Named objects/enums stop here (they become shared types).
    const t = schemaTypes(target);
    if (pointer === '' || t.includes('object') || Array.isArray(target.enum)) {
      return { schema: { ...siblings, $ref: cur.$ref }, file: curFile, defName };
    }
    cur = { ...target, ...siblings };
    curFile = f;
  }
  return { schema: cur, file: curFile, defName: undefined };
}

function makeEnum(ctx: Ctx, s: Json, name: string, scope: EnumIR['scope'], origin: string): EnumIR {
  const key = `${scope}:${name}`;
  const values = (s.enum as unknown[]).map((v) => {
    if (typeof v !== 'string') throw new Error(`${origin}: only string enums are supported`);
    return v;
  });
  const existing = ctx.enums.get(key);
  if (existing) {
    if (existing.values.join('\u0000') !== values.join('\u0000')) throw new Error(`${origin}: enum name ${name} clashes with ${existing.origin}`);
    return existing;
  }
  const e: EnumIR = { name, scope, values, description: s.description as string | undefined, origin };
  ctx.enums.set(key, e);
  return e;
}

export function toType(ctx: Ctx, raw: Json, file: string, ownerName: string, jsonName: string, scope: Scope): { type: TypeIR; nullable: boolean } {
  const { schema: s, file: sFile } = inlineRef(ctx, raw, file);
  const origin = `${file} ${ownerName}.${jsonName}`;

  if (typeof s.$ref === 'string') {
    const { file: f, pointer } = splitRef(s.$ref, sFile);
    if (pointer === '') {
      const fam = familyOfFile(f);
      if (!fam) throw new Error(`${origin}: $ref to the root of ${f}, which is not a component family`);
      return { type: { kind: 'component', family: fam }, nullable: false };
    }
    const target = resolvePointer(ctx.spec, f, pointer);
    const defName = pointer.replace(/^\/\$defs\//, '');
    const fam = familyOfFile(f);
    if (fam) {
      const root = ctx.spec.schemas.get(f) as Json;
      const mapping = ((root['x-discriminator'] as Json | undefined)?.mapping as Record<string, string> | undefined) ?? {};
      const typeValue = Object.keys(mapping).find((k) => splitRef(mapping[k], f).pointer === pointer);
      if (typeValue) return { type: { kind: 'component', family: fam, only: { typeValue, className: typeName(typeValue) } }, nullable: false };
    }
    if (Array.isArray(target.enum)) {
      return { type: { kind: 'enum', ref: makeEnum(ctx, target, typeName(defName), 'shared', `${f}#${pointer}`) }, nullable: false };
    }
    return { type: { kind: 'struct', ref: makeStruct(ctx, target, f, typeName(defName), 'shared', defName) }, nullable: false };
  }

  if (Array.isArray(s.anyOf)) return anyOfType(ctx, s, sFile, ownerName, jsonName, scope, origin);

  let types = schemaTypes(s);
  if (!types.length && !Object.keys(s).some((k) => !['description', 'title', 'examples', 'deprecated', 'default'].includes(k))) {
    return { type: { kind: 'any' }, nullable: false }; // `{}`: any JSON value
  }
  const nullable = types.includes('null');
  types = types.filter((t) => t !== 'null');
  if (types.length !== 1) throw new Error(`${origin}: unsupported type ${JSON.stringify(s.type)}`);
  const t = types[0];

  if (Array.isArray(s.enum)) {
    return { type: { kind: 'enum', ref: makeEnum(ctx, s, ownerName + typeName(jsonName), scope, origin) }, nullable };
  }
  switch (t) {
    case 'string': {
      if (s.pattern !== undefined && s.pattern !== COLOR_PATTERN) throw new Error(`${origin}: pattern ${String(s.pattern)} cannot be checked on the device`);
      return {
        type: {
          kind: 'string',
          minLength: num(s.minLength),
          maxLength: num(s.maxLength),
          format: s.pattern === COLOR_PATTERN ? 'color' : typeof s.format === 'string' ? s.format : undefined,
        },
        nullable,
      };
    }
    case 'integer': {
      const minimum = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? (s.exclusiveMinimum as number) + 1 : undefined);
      const maximum = num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? (s.exclusiveMaximum as number) - 1 : undefined);
      let cpp: 'int16_t' | 'int32_t' | 'ComponentInt' = 'ComponentInt';
      if (minimum !== undefined && maximum !== undefined) {
        if (minimum >= -32768 && maximum <= 32767) cpp = 'int16_t';
        else if (minimum >= -2147483648 && maximum <= 2147483647) cpp = 'int32_t';
      }
      return { type: { kind: 'integer', minimum, maximum, cpp }, nullable };
    }
    case 'number':
      return {
        type: { kind: 'number', minimum: num(s.minimum), maximum: num(s.maximum), exclusiveMinimum: num(s.exclusiveMinimum), exclusiveMaximum: num(s.exclusiveMaximum) },
        nullable,
      };
    case 'boolean':
      return { type: { kind: 'boolean' }, nullable };
    case 'array': {
      if (!isObj(s.items)) throw new Error(`${origin}: array without items`);
      const inner = toType(ctx, s.items, sFile, ownerName, jsonName, scope);
      if (inner.nullable) throw new Error(`${origin}: nullable array items are not supported`);
      return {
        type: { kind: 'array', items: inner.type, minItems: num(s.minItems), maxItems: num(s.maxItems), unique: s.uniqueItems === true },
        nullable,
      };
    }
    case 'object': {
      if (!isObj(s.properties)) return { type: { kind: 'any' }, nullable };
      const ref = makeStruct(ctx, s, sFile, ownerName + typeName(jsonName), scope, `${ownerName}.${jsonName}`);
      return { type: { kind: 'struct', ref }, nullable };
    }
    default:
      throw new Error(`${origin}: unsupported type ${t}`);
  }
}

/** anyOf: only "a colour, or the empty string, or null" style unions of one string kind. */
function anyOfType(ctx: Ctx, s: Json, file: string, ownerName: string, jsonName: string, scope: Scope, origin: string): { type: TypeIR; nullable: boolean } {
  let nullable = false;
  let allowEmpty = false;
  let base: TypeIR | undefined;
  for (const alt of s.anyOf as Json[]) {
    if (alt.type === 'null') nullable = true;
    else if (alt.const === '') allowEmpty = true;
    else {
      if (base) throw new Error(`${origin}: anyOf with two non-null alternatives is not supported`);
      const r = toType(ctx, alt, file, ownerName, jsonName, scope);
      base = r.type;
      nullable = nullable || r.nullable;
    }
  }
  if (!base || base.kind !== 'string') throw new Error(`${origin}: unsupported anyOf`);
  return { type: { ...base, allowEmpty: allowEmpty || undefined }, nullable };
}

function semanticOf(s: Json, origin: string): string[] {
  const x = s['x-semantic'];
  if (x === undefined) return [];
  if (!Array.isArray(x) || !x.every((r) => typeof r === 'string')) throw new Error(`${origin}: x-semantic must be a list of rule ids`);
  for (const r of x as string[]) if (!KNOWN_RULES.has(r)) throw new Error(`${origin}: unknown x-semantic rule "${r}" (add it to codegen/ir/semantic.ts)`);
  return x as string[];
}

/** Properties and required names of an object schema, merging `allOf` members (refs followed). */
export function flattenObject(ctx: Ctx, s: Json, file: string): { properties: [string, Json, string][]; required: Set<string> } {
  const properties: [string, Json, string][] = [];
  const required = new Set<string>();
  const add = (node: Json, f: string, guard: number) => {
    if (guard > 8) throw new Error(`${f}: allOf nesting too deep`);
    if (typeof node.$ref === 'string') {
      const r = splitRef(node.$ref, f);
      add(resolvePointer(ctx.spec, r.file, r.pointer), r.file, guard + 1);
    }
    for (const m of (node.allOf as Json[] | undefined) ?? []) add(m, f, guard + 1);
    for (const [k, v] of Object.entries((node.properties as Json) ?? {})) {
      const at = properties.findIndex(([n]) => n === k);
      if (at >= 0) properties[at] = [k, { ...(properties[at][1] as Json), ...(v as Json) }, f];
      else properties.push([k, v as Json, f]);
    }
    for (const r of (node.required as string[] | undefined) ?? []) required.add(r);
  };
  add(s, file, 0);
  return { properties, required };
}

function makeFields(ctx: Ctx, s: Json, file: string, name: string, scope: Scope, skip: string | undefined): { fields: FieldIR[]; semantic: string[] } {
  const { properties, required } = flattenObject(ctx, s, file);
  const fields: FieldIR[] = [];
  const semantic: string[] = [];
  for (const [json, prop, propFile] of properties) {
    if (json === skip || !isObj(prop)) continue;
    if (typeof prop.const === 'string') {
      fields.push({ json, type: { kind: 'string' }, required: true, nullable: false, deprecated: false, constValue: prop.const });
      continue;
    }
    const { type, nullable } = toType(ctx, prop, propFile, name, json, scope);
    semantic.push(...semanticOf(prop, `${file} ${name}.${json}`));
    fields.push({
      json,
      type,
      required: required.has(json),
      nullable,
      deprecated: prop.deprecated === true,
      description: typeof prop.description === 'string' ? prop.description : undefined,
    });
  }
  return { fields, semantic };
}

export function makeStruct(ctx: Ctx, s: Json, file: string, name: string, scope: StructIR['scope'], pathRoot: string): StructIR {
  const key = `${scope}:${name}`;
  const existing = ctx.structs.get(key);
  if (existing) return existing;
  if (ctx.inProgress.has(key)) throw new Error(`${file} ${name}: recursive object types are not supported`);
  ctx.inProgress.add(key);
  const { fields, semantic } = makeFields(ctx, s, file, name, scope, undefined);
  const st: StructIR = {
    name,
    scope,
    fields,
    semantic: [...new Set([...semantic, ...semanticOf(s, `${file} ${name}`)])],
    description: typeof s.description === 'string' ? s.description : undefined,
    origin: `${file} ${name}`,
    pathRoot,
  };
  ctx.inProgress.delete(key);
  ctx.structs.set(key, st);
  ctx.structOrder.push(st);
  return st;
}

export function newCtx(spec: Spec): Ctx {
  return { spec, structs: new Map(), structOrder: [], enums: new Map(), inProgress: new Set() };
}

export function buildComponentsIR(spec: Spec, ctx: Ctx = newCtx(spec)): ComponentsIR {
  const components: ComponentIR[] = [];
  for (const family of Object.keys(FAMILY_FILES) as Family[]) {
    const file = FAMILY_FILES[family];
    const root = spec.schemas.get(file);
    if (!root) throw new Error(`missing schemas/${file}`);
    const disc = root['x-discriminator'];
    if (!isObj(disc) || typeof disc.propertyName !== 'string' || !isObj(disc.mapping)) {
      throw new Error(`${file}: needs x-discriminator {propertyName, mapping}`);
    }
    for (const [typeValue, ref] of Object.entries(disc.mapping)) {
      const { file: f, pointer } = splitRef(String(ref), file);
      const def = resolvePointer(spec, f, pointer);
      const props = (def.properties as Json | undefined) ?? {};
      const d = props[disc.propertyName];
      if (!isObj(d) || d.const !== typeValue) throw new Error(`${file} ${typeValue}: ${disc.propertyName} must be const "${typeValue}"`);
      const name = typeName(typeValue);
      const { fields, semantic } = makeFields(ctx, def, f, name, family, disc.propertyName);
      components.push({
        name,
        scope: family,
        family,
        typeValue,
        discriminator: disc.propertyName,
        fields,
        semantic: [...new Set([...semantic, ...semanticOf(def, `${file} ${typeValue}`)])],
        description: typeof def.description === 'string' ? def.description : undefined,
        origin: `${f}#${pointer}`,
        pathRoot: typeValue,
      });
    }
  }
  // Struct semantic rules belong to the components that hold them (the TS
  // validator checks them there); keep them on the struct for documentation.
  const rules = new Set<string>();
  for (const c of components) c.semantic.forEach((r) => rules.add(r));
  for (const s of ctx.structOrder) s.semantic.forEach((r) => rules.add(r));
  const names = new Map<string, string>();
  for (const t of [...ctx.structOrder, ...ctx.enums.values()]) {
    if (t.scope !== 'shared') continue;
    const prev = names.get(t.name);
    if (prev) throw new Error(`shared type name ${t.name} is used by ${prev} and ${t.origin}`);
    names.set(t.name, t.origin);
  }
  return {
    components,
    structs: ctx.structOrder,
    enums: [...ctx.enums.values()],
    rules: [...rules].sort(),
  };
}
