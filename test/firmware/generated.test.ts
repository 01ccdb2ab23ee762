// The generated component builders, end to end:
// - a host program (g++ and clang++) builds every component with valid values;
//   each JSON it writes must pass the JSON Schema (ajv) and the semantic rules;
// - a table of invalid variants must be refused by the C++ builder, writing
//   nothing, and the TypeScript validator (ajv + schemas/semantic) must reject
//   the same object (written with validation bypassed) on the same field;
// - the generated headers compile warning-free with -Wall -Wextra -Werror on
//   every toolchain of the project.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC, ROOT, STRICT_FLAGS } from '../helpers/cpp';
import { ajvPaths, componentSchemaFile, componentSemanticKind, errorsOf, pointerToPath, readSchema } from '../helpers/schemas';
import { validateSemantics } from '../../schemas/semantic';
import { ruleEnumerator } from '../../codegen/ir/semantic';

const HOST_SOURCES = [
  'test/firmware/generated/components_host.cpp',
  'firmware/src/json/JsonWriter.cpp',
  ...fs
    .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => `firmware/src/json/detail/${f}`),
];

interface Line {
  kind: 'valid' | 'invalid';
  name: string;
  family: 'data' | 'form';
  code: string;
  path: string;
  json: string;
}

function runHost(compiler: string): Line[] {
  const exe = buildHost({ name: `generated_components_${compiler.replace(/\W/g, '')}`, compiler, sources: HOST_SOURCES });
  const r = spawnSync(exe, [], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`host exited ${r.status} ${r.signal}\n${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => {
      const f = l.split('\t');
      if (f[0] === 'valid') return { kind: 'valid', name: f[1], family: f[2], code: f[3], path: '', json: f[4] } as Line;
      return { kind: 'invalid', name: f[1], family: f[2], code: f[3], path: f[4], json: f[5] } as Line;
    });
}


let gxx: Line[] = [];
let buildError: unknown;
try {
  gxx = runHost('g++');
} catch (e) {
  buildError = e;
}

describe('generated component builders (host g++)', () => {
  test('host program builds and runs', () => {
    if (buildError) throw buildError;
    expect(gxx.length).toBeGreaterThan(0);
  });

  test('every data and form component has a valid case', () => {
    for (const family of ['data', 'form']) {
      const mapping = (readSchema(componentSchemaFile(family))['x-discriminator'] as { mapping: Record<string, string> }).mapping;
      const covered = new Set(gxx.filter((l) => l.kind === 'valid' && l.family === family).map((l) => l.name));
      expect(Object.keys(mapping).filter((t) => !covered.has(t))).toEqual([]);
    }
    expect(gxx.filter((l) => l.kind === 'valid').length).toBe(34);
  });

  describe('valid builders write schema-valid JSON', () => {
    for (const l of gxx.filter((x) => x.kind === 'valid')) {
      test(`${l.family} ${l.name}`, () => {
        expect(l.code).toBe('Ok');
        const value = JSON.parse(l.json);
        expect(value[l.family === 'data' ? 'dataComponentType' : 'formComponentType']).toBe(l.name);
        expect(ajvPaths(errorsOf(componentSchemaFile(l.family), value))).toEqual([]);
        expect(validateSemantics(componentSemanticKind(l.family), value)).toEqual([]);
      });
    }
  });

  test('every x-semantic rule is refused by at least one invalid variant', () => {
    const rules = new Set<string>();
    const collect = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(collect);
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'x-semantic' && Array.isArray(v)) v.forEach((r) => rules.add(String(r)));
          else collect(v);
        }
      }
    };
    collect(readSchema('data-component.schema.json'));
    collect(readSchema('form-component.schema.json'));
    const codes = new Set(gxx.filter((l) => l.kind === 'invalid').map((l) => l.code));
    expect([...rules].filter((r) => !codes.has(ruleEnumerator(r))).sort()).toEqual([]);
  });

  describe('invalid variants: refused by C++ and by the TypeScript validator on the same field', () => {
    for (const l of gxx.filter((x) => x.kind === 'invalid')) {
      test(l.name, () => {
        expect(l.code).not.toBe('Ok');
        expect(l.code).not.toBe('WROTE-BYTES');
        const value = JSON.parse(l.json);
        const root = String(value.dataComponentType ?? value.formComponentType);
        const schemaIssues = ajvPaths(errorsOf(componentSchemaFile(l.family), value)).map((p) => pointerToPath(root, p));
        const semantic = validateSemantics(componentSemanticKind(l.family), value);
        const semanticPaths = semantic.map((i) => pointerToPath(root, i.path));
        const all = [...schemaIssues, ...semanticPaths];
        expect(all.length).toBeGreaterThan(0);
        expect(all).toContain(l.path);
        const rule = semantic.find((i) => ruleEnumerator(i.rule) === l.code);
        if (rule) {
          expect(pointerToPath(root, rule.path)).toBe(l.path);
        } else {
          // A schema-level code: the C++ field is one ajv names, and no rule code was invented.
          expect(schemaIssues).toContain(l.path);
        }
      });
    }
  });
});

describe('generated component builders (host clang++)', () => {
  test('prints exactly what the g++ build prints', () => {
    if (buildError) throw buildError;
    const clang = runHost('clang++');
    expect(clang).toEqual(gxx);
  }, 300000);
});

const CROSS: { compiler: string; flags: string[] }[] = [
  { compiler: 'avr-g++', flags: ['-mmcu=atmega328p', '-Os'] },
  { compiler: 'arm-none-eabi-g++', flags: ['-mcpu=cortex-m3', '-mthumb', '-Os'] },
  { compiler: 'xtensa-lx106-elf-g++', flags: ['-Os', '-mlongcalls'] },
];

describe('generated headers compile warning-free on every toolchain', () => {
  for (const c of CROSS) {
    const found = spawnSync('which', [c.compiler]).status === 0;
    (found ? test : test.skip)(`${c.compiler} ${c.flags.join(' ')}`, () => {
      const out = path.join(ROOT, 'build', 'generated', `${c.compiler}.o`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      const r = spawnSync(
        c.compiler,
        [...STRICT_FLAGS, ...c.flags, '-I', FIRMWARE_SRC, '-c', path.join(ROOT, 'test/firmware/generated/components_host.cpp'), '-o', out],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stderr).toBe('');
    }, 300000);
  }
});

describe('usage examples in the generated headers compile', () => {
  /** The indented code lines of a header's top comment, wrapped in a function. */
  function exampleOf(rel: string): string {
    const text = fs.readFileSync(path.join(FIRMWARE_SRC, 'generated', rel), 'utf8');
    const code: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith('#')) break;
      const m = line.match(/^\/\/ {3}(.*)$/);
      if (m) code.push(m[1]);
    }
    return code.join('\n');
  }
  const headers = [
    'Components.h',
    'ComponentError.h',
    'Api.h',
    ...['data', 'form', 'api', 'decode'].flatMap((d) => fs.readdirSync(path.join(FIRMWARE_SRC, 'generated', d)).map((f) => `${d}/${f}`)),
  ];
  test(`${headers.length} examples`, () => {
    const fns = headers.map((h, i) => {
      let body = exampleOf(h);
      // Per-component examples name a caller-owned array `items`.
      body = body.replace(/setFormComponents\(items\)/g, 'setFormComponents(formItems)').replace(/\b(set\w+)\(items\)/g, '$1(items, 0)');
      const prelude = [
        'const sl::FormComponent* formItems[1] = {nullptr};',
        'const char* const* items = nullptr;',
        'sl::data::Text component("x");',
        '(void)formItems; (void)items; (void)writer; (void)client; (void)apiKey; (void)channelId;',
      ].join('\n  ');
      return `void example${i}(sl::JsonWriter& writer, sl::Sink& client, const char* apiKey, const char* channelId) {\n  ${prelude}\n${body}\n}\n// ${h}`;
    });
    const src = `#include "generated/Components.h"\n#include "generated/Api.h"\n#include "generated/Decoders.h"\n#if defined(__GNUC__)\n#pragma GCC diagnostic ignored "-Wunused-variable"\n#pragma GCC diagnostic ignored "-Wunused-result"\n#pragma GCC diagnostic ignored "-Wunused-but-set-variable"\n#endif\n${fns.join('\n')}\n`;
    const file = path.join(ROOT, 'build', 'generated', 'examples.cpp');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, src);
    const r = spawnSync('g++', [...STRICT_FLAGS, '-I', FIRMWARE_SRC, '-c', file, '-o', file + '.o'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }, 300000);
});

describe('misuse does not compile (type-safe builders)', () => {
  const prelude = '#include "generated/Components.h"\nvoid f(sl::JsonWriter& w) {\n';
  const cases: { given: string; code: string; want: RegExp }[] = [
    { given: 'control: valid use compiles', code: 'sl::ComponentError e = sl::data::Gauge().setPointer(sl::GaugePointer::Needle).writeTo(w); (void)e;', want: /^$/ },
    { given: 'an int where an enum is expected', code: 'sl::data::Gauge().setPointer(2);', want: /setPointer/ },
    { given: 'another enum type', code: 'sl::data::Gauge().setPointer(sl::GaugeProgressBar::Basic);', want: /setPointer/ },
    { given: 'a form component among data components', code: 'sl::form::Slider s; const sl::DataComponent* d[] = {&s}; (void)d;', want: /cannot convert|invalid conversion|no viable/ },
    { given: 'data components as form components', code: 'sl::data::Text t; const sl::DataComponent* d[] = {&t}; sl::data::Form().setFormComponents(d);', want: /setFormComponents/ },
    { given: 'ignoring the result of writeTo()', code: 'sl::data::Text("x").writeTo(w);', want: /warn_unused_result|unused-result|nodiscard/ },
  ];
  for (const c of cases) {
    test(c.given, () => {
      const file = path.join(ROOT, 'build', 'generated', `misuse_${cases.indexOf(c)}.cpp`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${prelude}  ${c.code}\n}\n`);
      const r = spawnSync('g++', [...STRICT_FLAGS, '-I', FIRMWARE_SRC, '-fsyntax-only', file], { encoding: 'utf8' });
      if (c.want.source === '^$') {
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
      } else {
        expect(r.status).not.toBe(0);
        expect(r.stderr).toMatch(c.want);
      }
    });
  }
});
