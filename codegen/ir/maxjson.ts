// The longest JSON the generated writers can emit for a value, when the spec
// bounds it: the C++ validates every constraint before writing, so an integer
// with minimum and maximum, an enum, a "#RRGGBB" colour, a boolean and a
// number (at most 25 characters in the JsonWriter's Number#toString layout:
// "-0.000001" + 16 more digits) have a known longest text. A free string
// (no maxLength), a date-time (any number of fraction digits), an array
// without maxItems or a component of any type (nesting) make the value
// unbounded; the reason is kept for the header comment.
//
// A bound is `bytes + ints * SL_COMPONENT_INT_MAX_JSON` (integers of
// sl::ComponentInt without both bounds: 11 or 20 characters with SL_USE_INT64).
import type { ComponentIR, StructIR, TypeIR } from './types';

export interface Bound {
  bytes: number;
  ints: number;
}
export type MaxJson = { bound: Bound } | { unbounded: string };

/** Longest JsonWriter::number(double) text: "-0.0000012345678901234567". */
export const NUMBER_MAX_JSON = 25;
/** Characters of the most negative int16_t / int32_t. */
const INT_TEXT = { int16_t: 6, int32_t: 11 } as const;

const add = (a: Bound, b: Bound): Bound => ({ bytes: a.bytes + b.bytes, ints: a.ints + b.ints });

/** Resolves the component class a `only` component reference names (bounded components only). */
export type ComponentLookup = (className: string) => StructIR | undefined;

export function typeMax(t: TypeIR, nullable: boolean, where: string, lookup: ComponentLookup, seen: Set<StructIR> = new Set()): MaxJson {
  const r = typeMaxInner(t, where, lookup, seen);
  if (nullable && 'bound' in r && r.bound.ints === 0 && r.bound.bytes < 4) return { bound: { bytes: 4, ints: 0 } };
  return r;
}

function typeMaxInner(t: TypeIR, where: string, lookup: ComponentLookup, seen: Set<StructIR>): MaxJson {
  switch (t.kind) {
    case 'string':
      if (t.format === 'color') return { bound: { bytes: 9, ints: 0 } };
      if (t.maxLength !== undefined) {
        // The C++ checks strlen <= maxLength; the worst byte is a control character written as \u00XX.
        return { bound: { bytes: 2 + 6 * t.maxLength, ints: 0 } };
      }
      return { unbounded: `${where}: ${t.format ? `a ${t.format} string` : 'a string'} without maxLength` };
    case 'integer':
      if (t.minimum !== undefined && t.maximum !== undefined) return { bound: { bytes: Math.max(String(t.minimum).length, String(t.maximum).length), ints: 0 } };
      return t.cpp === 'ComponentInt' ? { bound: { bytes: 0, ints: 1 } } : { bound: { bytes: INT_TEXT[t.cpp], ints: 0 } };
    case 'number':
      return { bound: { bytes: NUMBER_MAX_JSON, ints: 0 } };
    case 'boolean':
      return { bound: { bytes: 5, ints: 0 } };
    case 'enum':
      // genEnum writes null for a value outside the enumerators.
      return { bound: { bytes: Math.max(4, ...t.ref.values.map((v) => JSON.stringify(v).length)), ints: 0 } };
    case 'struct':
      return structMax(t.ref, where, lookup, seen);
    case 'component': {
      if (!t.only) return { unbounded: `${where}: a ${t.family} component of any type` };
      const c = lookup(t.only.className);
      return c ? structMax(c, where, lookup, seen) : { unbounded: `${where}: ${t.only.className}` };
    }
    case 'array': {
      if (t.maxItems === undefined) return { unbounded: `${where}: an array without maxItems` };
      const item = typeMaxInner(t.items, `${where}[]`, lookup, seen);
      if (!('bound' in item)) return item;
      // "[" + items joined by "," + "]".
      return { bound: { bytes: 2 + Math.max(0, t.maxItems - 1) + t.maxItems * item.bound.bytes, ints: t.maxItems * item.bound.ints } };
    }
    default:
      return { unbounded: `${where}: a free-form value` };
  }
}

/**
 * The object the generated writeJson/writeBody emits for `s`: the const
 * fields, then every live field (deprecated and free-form ones are never
 * written), all assumed set.
 */
export function structMax(s: StructIR, where: string, lookup: ComponentLookup, seen: Set<StructIR> = new Set(), only?: (f: StructIR['fields'][number]) => boolean): MaxJson {
  if (seen.has(s)) return { unbounded: `${where}: ${s.name} contains itself` };
  const inner = new Set(seen).add(s);
  let total: Bound = { bytes: 2, ints: 0 };
  let n = 0;
  for (const f of s.fields) {
    if (f.constValue === undefined && (f.deprecated || f.type.kind === 'any')) continue;
    if (only && f.constValue === undefined && !only(f)) continue;
    const v: MaxJson = f.constValue !== undefined ? { bound: { bytes: JSON.stringify(f.constValue).length, ints: 0 } } : typeMax(f.type, f.nullable, `${where}.${f.json}`, lookup, inner);
    if (!('bound' in v)) return v;
    total = add(total, add(v.bound, { bytes: JSON.stringify(f.json).length + 1, ints: 0 }));
    n++;
  }
  total.bytes += Math.max(0, n - 1);
  return { bound: total };
}

/** A C++ expression for a bound. */
export function boundExpr(b: Bound): string {
  return b.ints ? `(${b.bytes} + ${b.ints} * SL_COMPONENT_INT_MAX_JSON)` : String(b.bytes);
}

/** "GaugeSegment" -> "GAUGE_SEGMENT". */
export function macroWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/** The #define (or the comment saying why there is none) for a header. */
export function maxJsonLines(macro: string, what: string, m: MaxJson): string[] {
  if ('bound' in m) return [`// Longest JSON ${what} can be (bytes, every field set to its longest valid value).`, `#define ${macro} ${boundExpr(m.bound)}`];
  return [`// ${macro}: none, ${what} is unbounded (${m.unbounded}).`];
}

/** A lookup over the components, each with its discriminator as a leading const field (as writeJson writes it). */
export function componentLookup(all: ComponentIR[]): ComponentLookup {
  const map = new Map<string, StructIR>();
  for (const c of all) {
    map.set(c.name, { ...c, fields: [{ json: c.discriminator, type: { kind: 'string' }, required: true, nullable: false, deprecated: false, constValue: c.typeValue }, ...c.fields] });
  }
  return (name) => map.get(name);
}
