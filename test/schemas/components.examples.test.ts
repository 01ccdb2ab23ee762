// Every component example in the platform docs validates against its schema.
//
// Examples are extracted programmatically from
// <shared>/reference/semilimes-developer-docs.txt (test/helpers/paths.ts; comments and trailing
// commas stripped). Comment-only placeholders ("{ //Form Component 1 }") become
// `{}`; where they stand for components, they are filled with the docs' own
// examples: every form-component example in a form's formComponents, every
// simple data-component example in a bucket's dataComponents, the docs' event
// in an event picker's value.
import {
  DocComponentExample,
  docComponentExamples,
  docJsonBlocks,
  errorsOf,
  formatErrors,
  validatorFor,
} from '../helpers/schemas';
import { SemanticIssue, validateSemantics } from '../../schemas/semantic';

const DATA = 'data-component.schema.json';
const FORM = 'form-component.schema.json';

const DATA_TYPES = ['text', 'html', 'gauge', 'file', 'contact', 'location', 'appointment', 'webview', 'channel', 'tunnel', 'form', 'formsubmission', 'bucket'];
const FORM_TYPES = ['label', 'textbox', 'gauge', 'buttonlist', 'singlechoice', 'multichoice', 'switch', 'slider', 'datepicker', 'timepicker', 'locationpicker', 'photopicker', 'filepicker', 'contactpicker', 'colorpicker', 'bucketpicker', 'eventpicker', 'hiddenvalue', 'callbutton', 'qrcodescanner', 'nfcreader'];
const SIMPLE_DATA_TYPES = DATA_TYPES.filter((t) => !['form', 'formsubmission', 'bucket'].includes(t));

// Docs examples that break a documented semantic rule, per component type.
// Paths are relative to the component. Decisions, recorded in the schema:
// - the gauge example lists a single 0-20 segment, which does not cover 0-100
//   as the docs require ("the total range covered by segments must match 0-100");
// - the button list example submits value "buttonName", which is not one of its
//   option names ("value will be populated with a button name").
const KNOWN_SEMANTIC_ISSUES: Record<string, { path: string; rule: string }[]> = {
  gauge: [{ path: '/segments/0/to', rule: 'gauge-segments-cover-0-100' }],
  buttonlist: [{ path: '/value', rule: 'value-in-options' }],
};

const blocks = docJsonBlocks();
// Every component object in the docs, nested ones too (a text inside a bucket
// is validated as part of the bucket and again on its own).
const all = docComponentExamples(blocks);
const examples = all;

const firstOf = (family: 'data' | 'form', type: string): Record<string, unknown> => {
  const e = all.find((x) => x.family === family && x.type === type && x.pointer === '');
  if (!e) throw new Error(`no top-level docs example for ${family} ${type}`);
  return e.value;
};

const isEmptyObject = (v: unknown): boolean =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0;

/** Deep copy with placeholders filled (see the header comment). */
function fillPlaceholders(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fillPlaceholders);
  if (!v || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = fillPlaceholders(x);
  const expand = (list: unknown, fill: () => unknown[]): unknown =>
    Array.isArray(list) ? list.flatMap((x) => (isEmptyObject(x) ? fill() : [x])) : list;
  if (o.dataComponentType === 'form' || o.dataComponentType === 'formsubmission') {
    o.formComponents = expand(o.formComponents, () => FORM_TYPES.map((t) => fillPlaceholders(firstOf('form', t))));
  }
  if (o.dataComponentType === 'bucket') {
    o.dataComponents = expand(o.dataComponents, () => SIMPLE_DATA_TYPES.map((t) => firstOf('data', t)));
  }
  if (o.formComponentType === 'eventpicker' && Array.isArray(o.events)) {
    const events = o.events;
    o.value = expand(o.value, () => events.slice(0, 1));
  }
  return o;
}

/** Expected semantic issues of a (filled) example: the known ones of itself and of nested components. */
function expectedIssues(v: unknown, at = ''): { path: string; rule: string }[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const o = v as Record<string, unknown>;
  const out: { path: string; rule: string }[] = [];
  const type = (o.formComponentType ?? o.dataComponentType) as string;
  for (const k of KNOWN_SEMANTIC_ISSUES[type] ?? []) {
    // The known issues hold for the docs' own example only (same segments / same value).
    const docs = firstOf(o.formComponentType ? 'form' : 'data', type);
    if (JSON.stringify(docs.segments) === JSON.stringify(o.segments) && JSON.stringify(docs.value) === JSON.stringify(o.value)) {
      out.push({ path: at + k.path, rule: k.rule });
    }
  }
  const nested = (key: string) =>
    Array.isArray(o[key]) && (o[key] as unknown[]).forEach((x, i) => out.push(...expectedIssues(x, `${at}/${key}/${i}`)));
  nested('formComponents');
  nested('dataComponents');
  return out;
}

const brief = (issues: SemanticIssue[]) => issues.map((i) => ({ path: i.path, rule: i.rule }));
const label = (e: DocComponentExample) => `${e.family} ${e.type} (docs line ${e.line}${e.pointer ? ' ' + e.pointer : ''})`;

describe('docs component examples', () => {
  test('the docs show every data and form component', () => {
    const dataSeen = new Set(all.filter((e) => e.family === 'data').map((e) => e.type));
    const formSeen = new Set(all.filter((e) => e.family === 'form').map((e) => e.type));
    for (const t of DATA_TYPES) expect(dataSeen).toContain(t);
    for (const t of FORM_TYPES) expect(formSeen).toContain(t);
    expect(all.length).toBeGreaterThanOrEqual(DATA_TYPES.length + FORM_TYPES.length);
  });

  // "profileitem" appears once, as the dataComponentType of an updated bucket in
  // the /communication/bucket/update response. Decision: not a component.
  const accepted = examples.filter((e) => e.type !== 'profileitem');

  test.each(accepted.map((e) => [label(e), e] as const))('%s validates', (_name, e) => {
    const schema = e.family === 'data' ? DATA : FORM;
    const value = fillPlaceholders(e.value);
    const errs = errorsOf(schema, value);
    expect(formatErrors(errs)).toBe('');
    // And against its own $defs entry.
    expect(formatErrors(errorsOf(`${schema}#/$defs/${e.type}`, value))).toBe('');
  });

  test.each(accepted.map((e) => [label(e), e] as const))('%s has only the known semantic issues', (_name, e) => {
    const value = fillPlaceholders(e.value);
    const issues = validateSemantics(e.family === 'data' ? 'data-component' : 'form-component', value);
    expect(brief(issues)).toEqual(expectedIssues(value));
  });

  test('profileitem (bucket update response) is rejected as a data component', () => {
    const e = all.find((x) => x.type === 'profileitem');
    expect(e).toBeDefined();
    const errs = errorsOf(DATA, e!.value);
    expect(errs.some((x) => x.instancePath === '/dataComponentType' && x.keyword === 'enum')).toBe(true);
  });

  // Fragments of component examples: receivers, the inline segments example,
  // bucket picker values.
  const inComponents = blocks.filter((b) => b.line >= 62 && b.line < 1000);
  const fragments: [string, string, unknown][] = [];
  for (const b of inComponents) {
    const v = b.value as Record<string, unknown>;
    if (b.fragment && v && 'receiver' in v) fragments.push([`receiver (docs line ${b.line})`, `${DATA}#/$defs/receiver`, v.receiver]);
    if (b.fragment && v && 'segments' in v) {
      fragments.push([`segments (docs line ${b.line})`, `${DATA}#/$defs/gauge`, { dataComponentType: 'gauge', segments: v.segments }]);
    }
    if (!b.fragment && v && 'featureType' in v && 'id' in v) fragments.push([`bucket picker value (docs line ${b.line})`, `${FORM}#/$defs/bucketRef`, v]);
  }

  test('the fragments were found', () => {
    expect(fragments.filter(([n]) => n.startsWith('receiver'))).toHaveLength(3);
    expect(fragments.filter(([n]) => n.startsWith('segments'))).toHaveLength(2);
    expect(fragments.filter(([n]) => n.startsWith('bucket picker'))).toHaveLength(2);
  });

  test.each(fragments)('%s validates', (_n, ref, value) => {
    expect(formatErrors(errorsOf(ref, value))).toBe('');
  });

  test('the inline segments example satisfies every gauge rule', () => {
    for (const [n, , value] of fragments.filter(([x]) => x.startsWith('segments'))) {
      expect([n, validateSemantics('data-component', value)]).toEqual([n, []]);
    }
  });

  test('the docs form example filled with every form component example validates', () => {
    const form = fillPlaceholders(firstOf('data', 'form')) as { formComponents: unknown[] };
    expect(form.formComponents).toHaveLength(FORM_TYPES.length);
    expect(formatErrors(errorsOf(DATA, form))).toBe('');
  });
});
