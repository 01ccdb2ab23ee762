// The generated builders against the spec on random input: the host program
// test/firmware/generated/random_components_host.cpp sets random fields of
// the builders with the most rules (bounds, NaN, colours, URLs, dates,
// escaped and invalid-UTF-8 strings, bad enum values, forms with clashing
// refNames) from fixed seeds, and for each component:
// - accepted by the C++ validation: what writeTo() wrote must be JSON that
//   passes the JSON Schema (ajv) and the semantic rules (schemas/semantic):
//   the SDK never emits a component the cloud would refuse;
// - refused: nothing was written, and the TypeScript validator refuses the
//   same object (written with validation bypassed) on the same field: the
//   SDK refuses nothing the cloud would take. One documented exception: a
//   uniqueness or membership rule over names of which one is not
//   well-formed UTF-8 refuses (JsonWriter writes ill-formed parts as U+FFFD,
//   so the SDK cannot tell whether the cloud will see two names as one;
//   detail::sameString) where the cloud, seeing U+FFFD, may accept; such a
//   refusal must come from a name rule in a component that holds a U+FFFD.
// SL_RANDOM_COMPONENTS overrides the count per seed (default 3000).
import { spawnSync } from 'child_process';
import { buildHost } from '../helpers/cpp';
import { ajvPaths, componentSchemaFile, componentSemanticKind, errorsOf, pointerToPath } from '../helpers/schemas';
import { validateSemantics } from '../../schemas/semantic';

const SEEDS = [1, 2, 3, 20261128];
const COUNT = Number(process.env.SL_RANDOM_COMPONENTS ?? 3000);

const SOURCES = [
  'test/firmware/generated/random_components_host.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
];

interface Line {
  verdict: 'accept' | 'refuse';
  family: 'data' | 'form';
  code: string;
  path: string;
  json: string;
}


function run(exe: string, seed: number): Line[] {
  const r = spawnSync(exe, [String(seed), String(COUNT)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`host exited ${r.status} ${r.signal}\n${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => {
      const f = l.split('\t');
      if (f[0] === 'accept') return { verdict: 'accept', family: f[1], code: 'Ok', path: '', json: f[2] } as Line;
      return { verdict: 'refuse', family: f[1], code: f[2], path: f[3], json: f[4] } as Line;
    });
}

// The rules that compare names (detail::sameString).
const NAME_RULES = new Set(['FormRefnamesUnique', 'OptionNamesUnique', 'ValueInOptions', 'EventIdsUnique', 'EventValueInEvents', 'Duplicate']);

/** A refusal the SDK makes on purpose: a name rule in a component holding a
 * name written as U+FFFD (the names compared are the component's own). */
function refusedForIllFormedName(l: Line, value: unknown): boolean {
  return NAME_RULES.has(l.code) && JSON.stringify(value).includes('\uFFFD');
}

/** What the TypeScript side says about one component: the C++-style paths at fault. */
function tsIssues(family: string, value: Record<string, unknown>): string[] {
  const root = String(value.dataComponentType ?? value.formComponentType);
  const schema = ajvPaths(errorsOf(componentSchemaFile(family), value)).map((p) => pointerToPath(root, p));
  const semantic = validateSemantics(componentSemanticKind(family), value).map((i) => pointerToPath(root, i.path));
  return [...schema, ...semantic];
}

describe('generated builders on random input agree with the spec (host g++)', () => {
  const exe = buildHost({ name: 'random_components_g++', compiler: 'g++', sources: SOURCES });

  for (const seed of SEEDS) {
    test(`seed ${seed}: ${COUNT} components`, () => {
      const lines = run(exe, seed);
      expect(lines.length).toBe(COUNT);
      const emittedButInvalid: string[] = [];
      const refusedButValid: string[] = [];
      const otherField: string[] = [];
      let illFormedNames = 0;
      for (const l of lines) {
        if (l.code === 'WROTE-BYTES' || l.json === 'WRITER-ERROR') throw new Error(`${l.verdict} ${l.code} ${l.path}: ${l.json}`);
        const value = JSON.parse(l.json);
        const issues = tsIssues(l.family, value);
        if (l.verdict === 'refuse' && !issues.includes(l.path) && refusedForIllFormedName(l, value)) {
          ++illFormedNames;
          continue;
        }
        if (l.verdict === 'accept' && issues.length) emittedButInvalid.push(`${issues.join(', ')}: ${l.json}`);
        if (l.verdict === 'refuse' && !issues.length) refusedButValid.push(`${l.code} ${l.path}: ${l.json}`);
        if (l.verdict === 'refuse' && issues.length && !issues.includes(l.path)) {
          otherField.push(`C++ ${l.code} ${l.path}, TS ${issues.join(', ')}: ${l.json}`);
        }
      }
      expect(emittedButInvalid.slice(0, 5)).toEqual([]);
      expect(refusedButValid.slice(0, 5)).toEqual([]);
      expect(otherField.slice(0, 5)).toEqual([]);
      expect(illFormedNames).toBeLessThan(COUNT / 10);  // the exception stays one
      // Both verdicts occur often (the generator is not stuck on one side).
      const accepted = lines.filter((l) => l.verdict === 'accept').length;
      expect(accepted).toBeGreaterThan(COUNT / 5);
      expect(COUNT - accepted).toBeGreaterThan(COUNT / 5);
    }, 120000);
  }

  test('every rule the generator aims at is hit', () => {
    const codes = new Set(SEEDS.flatMap((s) => run(exe, s).map((l) => l.code)));
    for (const c of ['OutOfRange', 'MissingRequired', 'NotFinite', 'NotInEnum', 'TooShort', 'BadColor',
      'AppointmentEndNotBeforeStart', 'FormRefnamesUnique', 'ValueInOptions', 'SliderMinBelowMax',
      'GaugeSegmentsCover0To100', 'SliderValueWithinRange']) {
      expect([...codes]).toContain(c);
    }
  }, 120000);
});
