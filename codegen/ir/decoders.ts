// Stage 2c: what the inbound-event decoder recognises, from
// inbound-event.schema.json (+ the data components it carries): a tree of
// object keys whose leaves are scalar fields (reported as they stream by)
// and one list of form components (a submission's refName/type/value).
import type { Json, Spec } from '../load';
import { typeName } from '../naming';
import { flattenObject, newCtx, resolvePointer, splitRef, toType, type Ctx } from './components';
import { FAMILY_FILES } from './components';

export type DecodeNodeKind = 'root' | 'object' | 'leaf' | 'formList';

export interface DecodeNode {
  id: number;
  parent: number;
  key: string;
  kind: DecodeNodeKind;
  /** Leaf enumerator ("ComponentText"); empty for containers. */
  field: string;
  /** Dotted path ("eventBody.dataComponent.text"). */
  path: string;
}

export interface DecoderIR {
  nodes: DecodeNode[];
  /** Leaves in node order. */
  fields: DecodeNode[];
}

const FILE = 'inbound-event.schema.json';

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fieldName(path: string): string {
  if (path.endsWith('.dataComponentType')) return 'ComponentType';
  const segs = path.split('.').filter((s) => s !== 'eventBody');
  return segs.map((s) => (s === 'dataComponent' ? 'Component' : typeName(s))).join('');
}

export function buildDecoderIR(spec: Spec, ctx: Ctx = newCtx(spec)): DecoderIR | undefined {
  const root = spec.schemas.get(FILE);
  if (!root) return undefined;
  const nodes: DecodeNode[] = [{ id: 0, parent: -1, key: '', kind: 'root', field: '', path: '' }];
  const child = (parent: number, key: string, kind: DecodeNodeKind): DecodeNode => {
    const found = nodes.find((n) => n.parent === parent && n.key === key);
    if (found) {
      if (found.kind !== kind) throw new Error(`${FILE}: ${found.path} is both ${found.kind} and ${kind}`);
      return found;
    }
    const path = parent === 0 ? key : `${nodes[parent].path}.${key}`;
    const n: DecodeNode = { id: nodes.length, parent, key, kind, field: kind === 'leaf' ? fieldName(path) : '', path };
    nodes.push(n);
    return n;
  };

  // Adds the properties of an object schema under `parent`, `levels` deep.
  const addObject = (parent: number, schema: Json, file: string, levels: number) => {
    const { properties } = flattenObject(ctx, schema, file);
    for (const [key, raw, pf] of properties) {
      if (!isObj(raw)) continue;
      if (typeof raw.const === 'string' || (Array.isArray(raw.enum) && !raw.$ref && !raw.type)) {
        child(parent, key, 'leaf');
        continue;
      }
      if (typeof raw.$ref === 'string') {
        const r = splitRef(raw.$ref, pf);
        if (r.file === FAMILY_FILES.data && r.pointer === '') {
          addDataComponents(child(parent, key, 'object').id);
          continue;
        }
      }
      const { type } = toType(ctx, raw, pf, `Decode${parent}`, key, 'shared');
      if (type.kind === 'array') {
        if (type.items.kind === 'component' && type.items.family === 'form') child(parent, key, 'formList');
        continue; // other arrays are not decoded (use JsonPathMatcher for them)
      }
      if (type.kind === 'struct') {
        if (levels > 0) {
          const o = child(parent, key, 'object');
          let target = raw;
          let tf = pf;
          if (typeof raw.$ref === 'string') {
            const r = splitRef(raw.$ref, pf);
            target = resolvePointer(ctx.spec, r.file, r.pointer);
            tf = r.file;
          }
          addObject(o.id, target, tf, levels - 1);
        }
        continue;
      }
      if (type.kind === 'any' || type.kind === 'component') continue;
      child(parent, key, 'leaf');
    }
  };

  const addDataComponents = (parent: number) => {
    const fam = spec.schemas.get(FAMILY_FILES.data) as Json;
    child(parent, (fam['x-discriminator'] as Json).propertyName as string, 'leaf');
    for (const ref of Object.values((fam['x-discriminator'] as Json).mapping as Record<string, string>)) {
      const r = splitRef(ref, FAMILY_FILES.data);
      addObject(parent, resolvePointer(spec, r.file, r.pointer), r.file, 1);
    }
  };

  addObject(0, root, FILE, 1);
  for (const def of Object.values((root.$defs as Json) ?? {})) {
    if (isObj(def)) addObject(0, def, FILE, 1);
  }
  const names = new Map<string, string>();
  for (const n of nodes.filter((x) => x.kind === 'leaf')) {
    const prev = names.get(n.field);
    if (prev) throw new Error(`decoder field name ${n.field} is used by ${prev} and ${n.path}`);
    names.set(n.field, n.path);
  }
  if (nodes.length > 250) throw new Error('decoder tree too large for uint8_t node ids');
  return { nodes, fields: nodes.filter((n) => n.kind === 'leaf') };
}
