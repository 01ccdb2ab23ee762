// The "uninitialised members" rule of the component builders: a member that
// only tables read (by offset, under its presence bit) gets no
// zero-initialiser; one that any code of the class reads keeps it. The rule
// consults what the renderers declare they read (ReadBy in
// codegen/render/classes.ts), not the C++ text. Here: the declarations are
// audited against the text of every component of the real spec and of the
// fixture, and a synthetic hook that reads a member without naming it gets
// that member its initialiser.
import { buildComponentsIR, newCtx } from '../../codegen/ir/components';
import type { ComponentIR } from '../../codegen/ir/types';
import { DEFAULT_SCHEMA_DIR, loadSpec, specFromSchemas, type Spec } from '../../codegen/load';
import { renderComponentParts, type RenderedComponent, type RuleHook } from '../../codegen/render/components';
import { fixtureSchemas } from './fixtures/spec';

function components(spec: Spec): ComponentIR[] {
  return buildComponentsIR(spec, newCtx(spec)).components;
}

/** The data members of the class (its fields struct in the header). */
function membersOf(r: RenderedComponent): string[] {
  const body = /\nstruct \w+Fields \{\n([\s\S]*?)\n\};/.exec(r.header);
  if (!body) throw new Error('no fields struct');
  return [...body[1].matchAll(/\b(\w+_);/g)].map((m) => m[1]);
}

/** The class's C++ without comments and string literals (static_assert messages name members). */
const cppText = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/\/\/.*$/gm, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
const withoutOffsets = (code: string) => code.replace(/offsetof\(\w+, \w+\)/g, '');

/**
 * The audit: members some code names and its reader did not declare. A
 * member named outside `offsetof(...)` must be declared a code read; one
 * named only inside it (table rows, number rules, submission data, layout
 * asserts) must be declared some read. First each reader's own C++ (the
 * rows of the field table, each writeField/checkField case, the rules, a
 * hook, the inline checks and writer, refNameField, the submission data)
 * against its own declarations, then the whole class against all of them.
 */
function undeclared(r: RenderedComponent): string[] {
  const out: string[] = [];
  const audit = (where: string, lines: string[], declared: (m: string, code: boolean) => boolean) => {
    const code = cppText(lines);
    const outsideOffsets = withoutOffsets(code);
    for (const m of membersOf(r)) {
      const named = new RegExp(`\\b${m}\\b`);
      if (named.test(outsideOffsets) && !declared(m, true)) out.push(`${m} (code, ${where})`);
      else if (named.test(code) && !declared(m, false)) out.push(`${m} (table, ${where})`);
    }
  };
  for (const [reader, lines] of Object.entries(r.byReader)) {
    audit(reader, lines, (m, code) => r.reads.of(m).some((x) => x.reader === reader && (!code || x.kind === 'code')));
  }
  audit('class', r.code, (m, code) => (code ? r.reads.byCode(m) : r.reads.of(m).length > 0));
  return [...new Set(out)];
}

const kept = (r: RenderedComponent) => r.inits.kept.map((i) => /^(\w+)\(/.exec(i)![1]);

/** The fixture with a gauge holding a specific component and an array of them: writeField cases (none in schemas/ today). */
function withWriteCases(): Spec {
  const schemas = fixtureSchemas();
  const data = schemas.get('data-component.schema.json') as { $defs: Record<string, { properties: Record<string, unknown> }> };
  Object.assign(data.$defs.gauge.properties, { caption: { $ref: '#/$defs/text' }, notes: { type: 'array', items: { $ref: '#/$defs/text' } } });
  return specFromSchemas(schemas);
}

const specs: [string, () => ComponentIR[]][] = [
  ['schemas/', () => components(loadSpec(DEFAULT_SCHEMA_DIR))],
  ['the fixture', () => components(specFromSchemas(fixtureSchemas()))],
  ['the fixture with writeField cases', () => components(withWriteCases())],
];

describe.each(specs)('declared reads of %s', (_name, load) => {
  const all = load();

  test.each(all.map((c) => [`${c.family}/${c.name}`, c] as const))('%s: every member its code names is declared', (_n, c) => {
    const r = renderComponentParts(c, all);
    expect(undeclared(r)).toEqual([]);
  });

  // Today every declared code read is also named in the text (so the
  // headers are the ones the former text search gave). A future hook that
  // reads a member without naming it may break this; the audit above may not.
  test.each(all.map((c) => [`${c.family}/${c.name}`, c] as const))('%s: members kept = set_, flash_ and the code reads', (_n, c) => {
    const r = renderComponentParts(c, all);
    const text = withoutOffsets(cppText(r.code));
    const want = r.inits.all.map((i) => /^(\w+)\(/.exec(i)![1]).filter((m) => m === 'set_' || m === 'flash_' || new RegExp(`\\b${m}\\b`).test(text));
    expect(kept(r)).toEqual(want);
  });
});

test('the writeField cases are rendered (and audited above)', () => {
  const all = components(withWriteCases());
  const r = renderComponentParts(all.find((c) => c.name === 'Gauge')!, all);
  expect(r.byReader.writeField.join('\n')).toContain('caption_->writeJson(w);');
  expect(r.reads.of('notesCount_')).toContainEqual({ reader: 'writeField', kind: 'code' });
});

describe('a hook that reads a member', () => {
  const all = components(specFromSchemas(fixtureSchemas()));
  const gauge = all.find((c) => c.family === 'data' && c.name === 'Gauge')!;
  // A hook whose C++ reaches degrees_ through the fields struct, never by name.
  const call = 'if (!detail::genDegreesHook(e, static_cast<const GaugeFields*>(this))) return false;';
  const declared: RuleHook = (ctx) => {
    ctx.reads?.code('degrees_');
    return [call];
  };
  const silent: RuleHook = () => [call];

  test('without it, degrees_ is table-only: no initialiser', () => {
    const r = renderComponentParts(gauge, all);
    expect(r.reads.of('degrees_').map((x) => x.kind)).toEqual(['table']);
    expect(kept(r)).not.toContain('degrees_');
    expect(r.header).toContain('GaugeFields() : set_(0), flash_(0), segments_(nullptr), segmentsCount_(0) {}');
  });

  test('a hook that declares the read, without naming the member, gets it zero-initialised', () => {
    const r = renderComponentParts(gauge, all, [declared]);
    expect(r.code.join('\n')).toContain(call);
    expect(withoutOffsets(cppText(r.code))).not.toMatch(/\bdegrees_\b/);  // (only its table row, by offset)
    expect(r.reads.of('degrees_')).toContainEqual({ reader: 'hook', kind: 'code' });
    expect(r.header).toContain('GaugeFields() : set_(0), flash_(0), degrees_(0), segments_(nullptr), segmentsCount_(0) {}');
  });

  test('the rule follows the declarations, not the text: the same hook undeclared leaves it uninitialised', () => {
    const r = renderComponentParts(gauge, all, [silent]);
    expect(r.code.join('\n')).toContain(call);
    expect(kept(r)).not.toContain('degrees_');
  });

  test('the audit reports a hook that names a member it did not declare', () => {
    const r = renderComponentParts(gauge, all, [() => ['if (degrees_ > 360) return false;']]);
    expect(undeclared(r)).toEqual(['degrees_ (code, hook)', 'degrees_ (code, class)']);
    const ok = renderComponentParts(gauge, all, [(ctx) => (ctx.reads?.code('degrees_'), ['if (degrees_ > 360) return false;'])]);
    expect(undeclared(ok)).toEqual([]);
    expect(kept(ok)).toContain('degrees_');
  });

  test('code that reads a member with no initialiser to keep (a lazy names pointer) is refused', () => {
    expect(() => renderComponentParts(gauge, all, [(ctx) => (ctx.reads?.code('pointerNames_'), [call])])).toThrow(/pointerNames_ is read by hook but has no initialiser/);
  });
});
