// Stage 2c: what the streaming decoders recognise. A decoder walks a tree of
// object keys built from a schema: leaves are scalar fields (reported as they
// stream by), `object` nodes are followed, `list` nodes are arrays of objects
// (their element's fields are reported with the element index), `leafList`
// nodes are arrays of scalars (each item reported with its index), and one
// `formList` (a form submission's formComponents) pairs refName/type/value.
// Trees come from inbound-event.schema.json (WebSocket events) and from each
// operation's JSON response in openapi.yaml (the {success, statusCode, error,
// data} envelope).
import type { Json, Spec } from '../load';
import { typeName } from '../naming';
import { FAMILY_FILES, flattenObject, newCtx, resolvePointer, splitRef, toType, type Ctx } from './components';

export type DecodeNodeKind = 'root' | 'object' | 'leaf' | 'list' | 'leafList' | 'formList';

export interface DecodeNode {
  id: number;
  parent: number;
  key: string;
  kind: DecodeNodeKind;
  /** Field enumerator for leaf / leafList nodes ("ComponentText"); empty otherwise. */
  field: string;
  /** Dotted path, "[]" after list keys ("data.messages[].messageId"). */
  path: string;
}

export interface DecoderIR {
  /** C++ class name ("InboundEventDecoder", "GetDeviceClaimStatusResponseDecoder"). */
  name: string;
  /** Field enum name ("InboundField", "GetDeviceClaimStatusField"). */
  fieldEnum: string;
  origin: string;
  nodes: DecodeNode[];
  /** Leaf and leafList nodes, in node order (the enum order). */
  fields: DecodeNode[];
  hasFormList: boolean;
  /** Nesting the decoder follows, including list elements. */
  depth: number;
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface TreeOptions {
  name: string;
  fieldEnum: string;
  origin: string;
  /** Path segments dropped from field names ("eventBody", "data"). */
  dropInNames: string[];
  /** Object levels followed below a data component. */
  componentLevels: number;
}

class TreeBuilder {
  readonly nodes: DecodeNode[] = [{ id: 0, parent: -1, key: '', kind: 'root', field: '', path: '' }];
  constructor(
    readonly spec: Spec,
    readonly ctx: Ctx,
    readonly opts: TreeOptions,
  ) {}

  fieldName(path: string): string {
    if (path.endsWith('dataComponent.dataComponentType')) return `${this.fieldName(path.slice(0, -'.dataComponentType'.length))}Type`;
    const segs = path
      .replace(/\[\]/g, '')
      .split('.')
      .filter((s) => !this.opts.dropInNames.includes(s));
    return segs.map((s) => (s === 'dataComponent' ? 'Component' : typeName(s))).join('') || 'Value';
  }

  child(parent: number, key: string, kind: DecodeNodeKind): DecodeNode {
    const found = this.nodes.find((n) => n.parent === parent && n.key === key);
    if (found) {
      if (found.kind !== kind) throw new Error(`${this.opts.origin}: ${found.path} is both ${found.kind} and ${kind}`);
      return found;
    }
    const base = parent === 0 ? key : `${this.nodes[parent].path}.${key}`;
    const path = kind === 'list' || kind === 'leafList' || kind === 'formList' ? `${base}[]` : base;
    const leafy = kind === 'leaf' || kind === 'leafList';
    const n: DecodeNode = { id: this.nodes.length, parent, key, kind, field: leafy ? this.fieldName(path) : '', path };
    this.nodes.push(n);
    return n;
  }

  deref(node: Json, file: string): { node: Json; file: string } {
    let cur = node;
    let f = file;
    for (let i = 0; typeof cur.$ref === 'string' && i < 8; i++) {
      const r = splitRef(cur.$ref, f);
      if (r.pointer === '' && r.file === FAMILY_FILES.data) return { node: cur, file: f };
      cur = resolvePointer(this.spec, r.file, r.pointer);
      f = r.file;
    }
    return { node: cur, file: f };
  }

  /** A `$ref` to the data component family or to one data component def. */
  isDataFamily(raw: Json, file: string): boolean {
    if (typeof raw.$ref !== 'string') return false;
    const r = splitRef(raw.$ref, file);
    if (r.file !== FAMILY_FILES.data) return false;
    if (r.pointer === '') return true;
    const fam = this.spec.schemas.get(FAMILY_FILES.data) as Json;
    const mapping = (fam['x-discriminator'] as Json).mapping as Record<string, string>;
    return Object.values(mapping).some((m) => splitRef(m, FAMILY_FILES.data).pointer === r.pointer);
  }

  /** Adds one property (key, schema) under `parent`. */
  add(parent: number, key: string, raw: Json, file: string, levels: number): void {
    if (typeof raw.const === 'string') {
      this.child(parent, key, 'leaf');
      return;
    }
    if (this.isDataFamily(raw, file)) {
      if (levels > 0) this.addDataComponents(this.child(parent, key, 'object').id, levels - 1, raw, file);
      return;
    }
    const { type } = toType(this.ctx, raw, file, `Decode${this.nodes.length}`, key, 'shared');
    if (type.kind === 'any' || type.kind === 'component') return;
    if (type.kind === 'array') {
      const it = type.items;
      if (it.kind === 'component' && it.family === 'form') {
        this.child(parent, key, 'formList');
      } else if (it.kind === 'struct' && levels > 0) {
        const items = this.deref(raw, file);
        const item = this.deref(items.node.items as Json, items.file);
        this.addObject(this.child(parent, key, 'list').id, item.node, item.file, levels - 1);
      } else if (it.kind === 'component' && it.family === 'data' && levels > 0) {
        this.addDataComponents(this.child(parent, key, 'list').id, levels - 1, undefined, file);
      } else if (it.kind !== 'struct' && it.kind !== 'component' && it.kind !== 'array' && it.kind !== 'any') {
        this.child(parent, key, 'leafList');
      }
      return;
    }
    if (type.kind === 'struct') {
      if (levels > 0) {
        const t = this.deref(raw, file);
        this.addObject(this.child(parent, key, 'object').id, t.node, t.file, levels - 1);
      }
      return;
    }
    this.child(parent, key, 'leaf');
  }

  addObject(parent: number, schema: Json, file: string, levels: number): void {
    const { properties } = flattenObject(this.ctx, schema, file);
    for (const [key, raw, pf] of properties) if (isObj(raw)) this.add(parent, key, raw, pf, levels);
  }

  /** Fields of every data component (or of the one a `$defs/x` ref names). */
  addDataComponents(parent: number, levels: number, raw: Json | undefined, file: string): void {
    const fam = this.spec.schemas.get(FAMILY_FILES.data) as Json;
    const disc = fam['x-discriminator'] as Json;
    let refs = Object.values(disc.mapping as Record<string, string>).map((r) => splitRef(r, FAMILY_FILES.data));
    if (raw && typeof raw.$ref === 'string') {
      const r = splitRef(raw.$ref, file);
      if (r.pointer) refs = [r];
    }
    this.child(parent, disc.propertyName as string, 'leaf');
    for (const r of refs) this.addObject(parent, resolvePointer(this.spec, r.file, r.pointer), r.file, levels);
  }

  finish(): DecoderIR {
    const names = new Map<string, string>();
    const fields = this.nodes.filter((x) => x.kind === 'leaf' || x.kind === 'leafList');
    for (const n of fields) {
      const prev = names.get(n.field);
      if (prev) throw new Error(`${this.opts.origin}: decoder field name ${n.field} is used by ${prev} and ${n.path}`);
      names.set(n.field, n.path);
    }
    if (this.nodes.length > 240) throw new Error(`${this.opts.origin}: decoder tree too large (${this.nodes.length} nodes)`);
    const depthOf = (id: number): number => {
      if (id <= 0) return 0;
      const n = this.nodes[id];
      return depthOf(n.parent) + (n.kind === 'list' || n.kind === 'leafList' || n.kind === 'formList' ? 2 : 1);
    };
    return {
      name: this.opts.name,
      fieldEnum: this.opts.fieldEnum,
      origin: this.opts.origin,
      nodes: this.nodes,
      fields,
      hasFormList: this.nodes.some((n) => n.kind === 'formList'),
      depth: Math.max(1, ...this.nodes.map((n) => depthOf(n.id))) + 2,
    };
  }
}

const INBOUND = 'inbound-event.schema.json';

/** The decoder of inbound WebSocket events. */
export function buildDecoderIR(spec: Spec, ctx: Ctx = newCtx(spec)): DecoderIR | undefined {
  const root = spec.schemas.get(INBOUND);
  if (!root) return undefined;
  const b = new TreeBuilder(spec, ctx, {
    name: 'InboundEventDecoder',
    fieldEnum: 'InboundField',
    origin: INBOUND,
    dropInNames: ['eventBody'],
    componentLevels: 1,
  });
  b.addObject(0, root, INBOUND, 3);
  for (const def of Object.values((root.$defs as Json) ?? {})) if (isObj(def)) b.addObject(0, def, INBOUND, 3);
  return b.finish();
}

/** One decoder per operation with a JSON response: the envelope and its `data`. */
export function buildResponseDecodersIR(spec: Spec, ctx: Ctx = newCtx(spec)): DecoderIR[] {
  const out: DecoderIR[] = [];
  const doc = spec.openapi;
  if (!doc) return out;
  for (const [p, item] of Object.entries(doc.paths as Json)) {
    for (const [m, raw] of Object.entries(item as Json)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(m)) continue;
      const op = raw as Json;
      const r200 = ((op.responses as Json)['200'] as Json | undefined) ?? {};
      const media = ((r200.content as Json | undefined)?.['application/json'] as Json | undefined) ?? undefined;
      if (!media) continue;
      const name = typeName(op.operationId as string);
      const b = new TreeBuilder(spec, ctx, {
        name: `${name}ResponseDecoder`,
        fieldEnum: `${name}Field`,
        origin: `openapi.yaml ${m.toUpperCase()} ${p}`,
        dropInNames: ['data'],
        componentLevels: 1,
      });
      b.addObject(0, media.schema as Json, 'openapi.yaml', 3);
      out.push(b.finish());
    }
  }
  return out;
}
