// SL_*_MAX_JSON: for every shared type, component and request body whose
// generated header defines a size constant, a C++ host program writes it
// with every field set to its longest valid value (most negative integers
// or the longer bound, 25-character numbers, the longest enumerator,
// "#RRGGBB") and checks the output against the constant. The output must be
// valid JSON holding every field, and never longer than the constant.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC, ROOT } from '../../helpers/cpp';
import { buildComponentsIR, newCtx } from '../../../codegen/ir/components';
import { componentLookup, macroWords, structMax } from '../../../codegen/ir/maxjson';
import { buildOperationsIR } from '../../../codegen/ir/operations';
import type { FieldIR, StructIR, TypeIR } from '../../../codegen/ir/types';
import { loadSpec } from '../../../codegen/load';
import { enumeratorName, setterName } from '../../../codegen/naming';

const spec = loadSpec();
const ctx = newCtx(spec);
const ir = buildComponentsIR(spec, ctx);
const ops = buildOperationsIR(spec, ctx).operations;
const lookup = componentLookup(ir.components);

function inRange(t: { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number }, v: number): boolean {
  return (t.minimum === undefined || v >= t.minimum) && (t.maximum === undefined || v <= t.maximum) && (t.exclusiveMinimum === undefined || v > t.exclusiveMinimum) && (t.exclusiveMaximum === undefined || v < t.exclusiveMaximum);
}

/** A C++ expression of the longest valid value of `t`. */
function longest(t: TypeIR): string {
  switch (t.kind) {
    case 'string':
      if (t.format === 'color') return '"#AABBCC"';
      if (t.maxLength !== undefined) return JSON.stringify('\x01'.repeat(t.maxLength)).replace(/\\u0001/g, '\\x01');
      throw new Error('unbounded string');
    case 'integer': {
      if (t.minimum !== undefined && t.maximum !== undefined) {
        const v = String(t.minimum).length >= String(t.maximum).length ? t.minimum : t.maximum;
        return `static_cast<${t.cpp === 'ComponentInt' ? 'sl::ComponentInt' : t.cpp}>(${v})`;
      }
      if (t.cpp === 'int16_t') return 'static_cast<int16_t>(-32767 - 1)';
      if (t.cpp === 'int32_t') return 'static_cast<int32_t>(-2147483647L - 1)';
      return 'static_cast<sl::ComponentInt>(sizeof(sl::ComponentInt) == 8 ? (-9223372036854775807LL - 1) : (-2147483647LL - 1))';
    }
    case 'number': {
      const candidates = [-1.2345678901234567e-6, -1.2345678901234567e-300, 1.2345678901234567e-6, 1.2345678901234567e-300];
      const min = t.minimum ?? t.exclusiveMinimum ?? -1e300;
      const max = t.maximum ?? t.exclusiveMaximum ?? 1e300;
      candidates.push(min + (max - min) / 3);
      const v = candidates.find((c) => inRange(t, c));
      if (v === undefined) throw new Error('no number in range');
      return v.toPrecision(17);
    }
    case 'boolean':
      return 'false';
    case 'enum': {
      const best = t.ref.values.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
      return `sl::${t.ref.scope === 'shared' ? '' : `${t.ref.scope}::`}${t.ref.name}::${enumeratorName(best)}`;
    }
    case 'struct':
      return `sl::${t.ref.scope === 'shared' ? '' : `${t.ref.scope}::`}${t.ref.name}()${setAll(t.ref.fields)}`;
    default:
      throw new Error(`no longest value for ${t.kind} (a bounded spec type the test does not build yet)`);
  }
}

const written = (f: FieldIR) => !f.deprecated && f.type.kind !== 'any' && f.constValue === undefined;
const setAll = (fields: FieldIR[]) => fields.filter(written).map((f) => `.${setterName(f.json)}(${longest(f.type)})`).join('');

interface Item {
  name: string;
  macro: string;
  /** C++ statements writing the value with `w`; `e` may hold a ComponentError. */
  write: string;
  fields: string[];
}

const items: Item[] = [];
for (const s of ctx.structOrder.filter((x) => x.scope === 'shared')) {
  if (!('bound' in structMax(s, s.pathRoot, lookup))) continue;
  items.push({ name: s.name, macro: `SL_${macroWords(s.name)}_MAX_JSON`, write: `sl::${s.name}()${setAll(s.fields)}.writeJson(w);`, fields: s.fields.filter(written).map((f) => f.json) });
}
for (const c of ir.components) {
  if (!('bound' in structMax(lookup(c.name) as StructIR, c.pathRoot, lookup))) continue;
  items.push({
    name: `${c.family}/${c.name}`,
    macro: `SL_${c.family.toUpperCase()}_${macroWords(c.name)}_MAX_JSON`,
    write: `e = sl::${c.family}::${c.name}()${setAll(c.fields)}.writeTo(w);`,
    fields: [c.discriminator, ...c.fields.filter(written).map((f) => f.json)],
  });
}
for (const o of ops) {
  if (!o.hasBody) continue;
  const body = (f: FieldIR) => f.location === 'body';
  if (!('bound' in structMax(o.request, o.request.pathRoot, lookup, new Set(), body))) continue;
  items.push({
    name: `api/${o.name}`,
    macro: `SL_API_${macroWords(o.name)}_BODY_MAX_JSON`,
    write: `sl::api::${o.name}()${setAll(o.request.fields.filter(body))}.writeBody(w);`,
    fields: o.request.fields.filter((f) => body(f) && written(f)).map((f) => f.json),
  });
}

const src = `// Generated by test/firmware/generated/maxjson.test.ts.
#include <stdio.h>
#include "generated/Components.h"
#include "generated/Api.h"
#include "io/Sink.h"

static char buf[65536];

int main() {
${items
  .map(
    (it) => `  {
    sl::BufferSink out(buf, sizeof buf);
    sl::JsonWriter w(out);
    sl::ComponentError e;
    ${it.write}
    sl::JsonWriteError we = w.finish();
    printf("%s\\t%s\\t%d\\t%lu\\t%lu\\t%s\\n", "${it.name}", sl::componentErrorCodeName(e.code), we == sl::JsonWriteError::Ok ? 1 : 0, static_cast<unsigned long>(out.length()), static_cast<unsigned long>(${it.macro}), out.c_str());
  }`,
  )
  .join('\n')}
  return 0;
}
`;

describe(`SL_*_MAX_JSON size constants (${items.length} bounded: ${items.map((i) => i.name).join(', ')})`, () => {
  let lines: string[][] = [];
  let err: unknown;
  try {
    const file = path.join(ROOT, 'build', 'generated', 'maxjson_host.cpp');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, src);
    for (const int64 of ['0', '1']) {
      const sources = [
        file,
        'firmware/src/json/JsonWriter.cpp',
        ...fs
          .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
          .filter((f) => f.endsWith('.cpp'))
          .map((f) => `firmware/src/json/detail/${f}`),
      ];
      const exe = buildHost({ name: `generated_maxjson_${int64}`, sources, flags: [`-DSL_USE_INT64=${int64}`] });
      const r = spawnSync(exe, [], { encoding: 'utf8' });
      lines = lines.concat(r.stdout.trim().split('\n').filter(Boolean).map((l) => [int64, ...l.split('\t')]));
    }
  } catch (e) {
    err = e;
  }
  test('host program builds (SL_USE_INT64 0 and 1)', () => {
    if (err) throw err;
  });
  test('the spec has bounded values to check', () => expect(items.length).toBeGreaterThan(0));
  for (const it of items) {
    test(`${it.name}: the longest valid value fits ${it.macro}`, () => {
      const mine = lines.filter((l) => l[1] === it.name);
      expect(mine).toHaveLength(2);
      for (const [, , code, ok, len, max, json] of mine) {
        expect(code).toBe('Ok');
        expect(ok).toBe('1');
        expect(Number(len)).toBe(Buffer.byteLength(json));
        expect(Object.keys(JSON.parse(json)).sort()).toEqual([...it.fields].sort());
        expect(Number(len)).toBeLessThanOrEqual(Number(max));
      }
    });
  }
  test('every header without a constant says why it is unbounded', () => {
    const dirs = ['data', 'form', 'types', 'api'];
    let unbounded = 0;
    for (const d of dirs) {
      for (const f of fs.readdirSync(path.join(FIRMWARE_SRC, 'generated', d))) {
        const text = fs.readFileSync(path.join(FIRMWARE_SRC, 'generated', d, f), 'utf8');
        if (d === 'types' && !/^class /m.test(text)) continue; // enums
        if (d === 'api' && !/writeBody\(JsonWriter/.test(text)) continue; // no JSON body
        const has = /#define SL_\w+_MAX_JSON /.test(text);
        const none = /SL_\w+_MAX_JSON: none, .* is unbounded \(.+\)\./.test(text);
        expect([f, has || none]).toEqual([f, true]);
        if (none) unbounded++;
      }
    }
    expect(unbounded).toBeGreaterThan(0);
  });
});
