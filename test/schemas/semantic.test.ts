// The semantic validator (schemas/semantic/index.ts): rules JSON Schema cannot
// express. Table-driven {given, want}: want lists every issue as {path, rule},
// exactly and in order. `on` names the component that carries the rule in its
// schema `x-semantic` annotation; the annotations and this table must agree.
import { readSchema } from '../helpers/schemas';
import { SEMANTIC_RULES, SemanticKind, SemanticRuleId, validateSemantics } from '../../schemas/semantic';

type Want = { path: string; rule: SemanticRuleId };
interface Case {
  name: string;
  on: string; // "data/<type>" or "form/<type>": the $defs entry annotated with the rule
  kind: SemanticKind;
  given: unknown;
  want: Want[];
}

const seg = (from: number, to: number) => ({ from, to, color: '#00AAFF' });
const gauge = (segments: unknown) => ({ dataComponentType: 'gauge', segments });
const fgauge = (segments: unknown) => ({ refName: 'g', formComponentType: 'gauge', segments });
const opts = (...n: string[]) => n.map((name) => ({ name, value: name.toUpperCase() }));
const slider = (o: object) => ({ refName: 's', formComponentType: 'slider', ...o });
const event = (id: string, start = 1700000000000) => ({ id, start, title: id });
const form = (...formComponents: unknown[]) => ({ dataComponentType: 'form', formComponents });
const submission = (...formComponents: unknown[]) => ({ dataComponentType: 'formsubmission', replyTo: { messageId: 'm', refName: 'f' }, submitterId: 'u', formComponents });
const W = (path: string, rule: SemanticRuleId): Want => ({ path, rule });

const cases: Case[] = [
  // ---- gauge segments (data gauge)
  { name: 'docs inline segments are valid', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 20), seg(21, 40), seg(41, 100)]), want: [] },
  { name: 'one segment 0-100 is valid', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 100)]), want: [] },
  { name: 'no segments field: nothing to check', on: 'data/gauge', kind: 'data-component', given: { dataComponentType: 'gauge', value: 3 }, want: [] },
  { name: 'to equal to from', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 50), seg(51, 51), seg(52, 100)]), want: [W('/segments/1/to', 'gauge-segment-to-after-from')] },
  { name: 'to before from', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 100), seg(60, 40)]), want: [W('/segments/1/to', 'gauge-segment-to-after-from'), W('/segments/1/from', 'gauge-segments-non-overlapping')] },
  { name: 'segments out of order', on: 'data/gauge', kind: 'data-component', given: gauge([seg(51, 100), seg(0, 50)]), want: [W('/segments/1/from', 'gauge-segments-ordered')] },
  { name: 'overlapping segments', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 50), seg(30, 100)]), want: [W('/segments/1/from', 'gauge-segments-non-overlapping')] },
  { name: 'shared boundary overlaps (inclusive ranges)', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 20), seg(20, 100)]), want: [W('/segments/1/from', 'gauge-segments-non-overlapping')] },
  { name: 'gap between segments', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 20), seg(25, 100)]), want: [W('/segments/1/from', 'gauge-segments-cover-0-100')] },
  { name: 'does not start at 0', on: 'data/gauge', kind: 'data-component', given: gauge([seg(10, 100)]), want: [W('/segments/0/from', 'gauge-segments-cover-0-100')] },
  { name: 'does not reach 100', on: 'data/gauge', kind: 'data-component', given: gauge([seg(0, 20), seg(21, 90)]), want: [W('/segments/1/to', 'gauge-segments-cover-0-100')] },
  { name: 'empty segments cover nothing', on: 'data/gauge', kind: 'data-component', given: gauge([]), want: [W('/segments', 'gauge-segments-cover-0-100')] },
  // ---- gauge segments (form gauge)
  { name: 'form gauge valid', on: 'form/gauge', kind: 'form-component', given: fgauge([seg(0, 49), seg(50, 100)]), want: [] },
  { name: 'form gauge overlap', on: 'form/gauge', kind: 'form-component', given: fgauge([seg(0, 60), seg(50, 100)]), want: [W('/segments/1/from', 'gauge-segments-non-overlapping')] },
  { name: 'form gauge order', on: 'form/gauge', kind: 'form-component', given: fgauge([seg(50, 100), seg(0, 49)]), want: [W('/segments/1/from', 'gauge-segments-ordered')] },
  { name: 'form gauge coverage', on: 'form/gauge', kind: 'form-component', given: fgauge([seg(0, 20)]), want: [W('/segments/0/to', 'gauge-segments-cover-0-100')] },
  { name: 'form gauge to after from', on: 'form/gauge', kind: 'form-component', given: fgauge([seg(0, 0), seg(1, 100)]), want: [W('/segments/0/to', 'gauge-segment-to-after-from')] },
  // ---- appointment
  { name: 'appointment end after start', on: 'data/appointment', kind: 'data-component', given: { dataComponentType: 'appointment', title: 't', start: 10, end: 20 }, want: [] },
  { name: 'appointment end equal start', on: 'data/appointment', kind: 'data-component', given: { dataComponentType: 'appointment', title: 't', start: 10, end: 10 }, want: [] },
  { name: 'appointment end before start', on: 'data/appointment', kind: 'data-component', given: { dataComponentType: 'appointment', title: 't', start: 20, end: 10 }, want: [W('/end', 'appointment-end-not-before-start')] },
  // ---- form refNames
  { name: 'distinct refNames', on: 'data/form', kind: 'data-component', given: form({ refName: 'a', formComponentType: 'label' }, { refName: 'b', formComponentType: 'label' }), want: [] },
  { name: 'duplicate refName', on: 'data/form', kind: 'data-component', given: form({ refName: 'a', formComponentType: 'label' }, { refName: 'b', formComponentType: 'switch' }, { refName: 'a', formComponentType: 'textbox' }), want: [W('/formComponents/2/refName', 'form-refnames-unique')] },
  { name: 'duplicate refName in a submission', on: 'data/formsubmission', kind: 'data-component', given: submission({ refName: 'a', formComponentType: 'switch', value: true }, { refName: 'a', formComponentType: 'switch', value: false }), want: [W('/formComponents/1/refName', 'form-refnames-unique')] },
  { name: 'rules of nested form components apply', on: 'form/slider', kind: 'data-component', given: form(slider({ min: 0, max: 10, value: 11 })), want: [W('/formComponents/0/value', 'slider-value-within-range')] },
  // ---- options
  { name: 'singlechoice value is an option', on: 'form/singlechoice', kind: 'form-component', given: { refName: 'c', formComponentType: 'singlechoice', value: 'a', options: opts('a', 'b') }, want: [] },
  { name: 'singlechoice empty/null value = no selection', on: 'form/singlechoice', kind: 'form-component', given: { refName: 'c', formComponentType: 'singlechoice', value: '', options: opts('a') }, want: [] },
  { name: 'singlechoice value not an option', on: 'form/singlechoice', kind: 'form-component', given: { refName: 'c', formComponentType: 'singlechoice', value: 'z', options: opts('a', 'b') }, want: [W('/value', 'value-in-options')] },
  { name: 'singlechoice duplicate option names', on: 'form/singlechoice', kind: 'form-component', given: { refName: 'c', formComponentType: 'singlechoice', options: opts('a', 'b', 'a') }, want: [W('/options/2/name', 'option-names-unique')] },
  { name: 'buttonlist value not a button name', on: 'form/buttonlist', kind: 'form-component', given: { refName: 'b', formComponentType: 'buttonlist', value: 'buttonLabel1', options: opts('button1') }, want: [W('/value', 'value-in-options')] },
  { name: 'buttonlist duplicate names', on: 'form/buttonlist', kind: 'form-component', given: { refName: 'b', formComponentType: 'buttonlist', options: opts('x', 'x') }, want: [W('/options/1/name', 'option-names-unique')] },
  { name: 'buttonlist value null', on: 'form/buttonlist', kind: 'form-component', given: { refName: 'b', formComponentType: 'buttonlist', value: null, options: opts('x') }, want: [] },
  { name: 'multichoice values are options', on: 'form/multichoice', kind: 'form-component', given: { refName: 'm', formComponentType: 'multichoice', value: ['a', 'b'], options: opts('a', 'b') }, want: [] },
  { name: 'multichoice value not an option', on: 'form/multichoice', kind: 'form-component', given: { refName: 'm', formComponentType: 'multichoice', value: ['a', 'q'], options: opts('a', 'b') }, want: [W('/value/1', 'value-in-options')] },
  { name: 'multichoice duplicate names', on: 'form/multichoice', kind: 'form-component', given: { refName: 'm', formComponentType: 'multichoice', options: opts('a', 'a') }, want: [W('/options/1/name', 'option-names-unique')] },
  // ---- slider
  { name: 'slider valid', on: 'form/slider', kind: 'form-component', given: slider({ min: 0, max: 100, step: 5, value: 20 }), want: [] },
  { name: 'slider value at bounds', on: 'form/slider', kind: 'form-component', given: slider({ min: -10, max: 10, step: 20, value: -10 }), want: [] },
  { name: 'slider min equal max', on: 'form/slider', kind: 'form-component', given: slider({ min: 5, max: 5, value: 5 }), want: [W('/max', 'slider-min-below-max')] },
  { name: 'slider min above max', on: 'form/slider', kind: 'form-component', given: slider({ min: 10, max: 0 }), want: [W('/max', 'slider-min-below-max')] },
  { name: 'slider step beyond range', on: 'form/slider', kind: 'form-component', given: slider({ min: 0, max: 10, step: 11 }), want: [W('/step', 'slider-step-within-range')] },
  { name: 'slider value below min', on: 'form/slider', kind: 'form-component', given: slider({ min: 0, max: 10, value: -1 }), want: [W('/value', 'slider-value-within-range')] },
  { name: 'slider value above max', on: 'form/slider', kind: 'form-component', given: slider({ min: 0, max: 10, value: 10.5 }), want: [W('/value', 'slider-value-within-range')] },
  { name: 'slider value above max (no min)', on: 'form/slider', kind: 'form-component', given: slider({ max: 10, value: 11 }), want: [W('/value', 'slider-value-within-range')] },
  // ---- single selection
  ...(['photopicker', 'filepicker', 'contactpicker', 'bucketpicker', 'eventpicker'] as const).flatMap((t): Case[] => {
    const item = t === 'contactpicker' ? 'c1' : t === 'bucketpicker' ? { id: 'b', featureType: 'channel' } : t === 'eventpicker' ? event('e1') : { fileID: 'f' };
    const item2 = t === 'contactpicker' ? 'c2' : t === 'bucketpicker' ? { id: 'b2', featureType: 'channel' } : t === 'eventpicker' ? event('e2') : { fileID: 'f2' };
    const extra = t === 'eventpicker' ? { events: [event('e1'), event('e2')] } : {};
    return [
      { name: `${t}: one item with multiSelection false`, on: `form/${t}`, kind: 'form-component', given: { refName: 'p', formComponentType: t, multiSelection: false, value: [item], ...extra }, want: [] },
      { name: `${t}: two items with multiSelection true`, on: `form/${t}`, kind: 'form-component', given: { refName: 'p', formComponentType: t, multiSelection: true, value: [item, item2], ...extra }, want: [] },
      { name: `${t}: two items with multiSelection false`, on: `form/${t}`, kind: 'form-component', given: { refName: 'p', formComponentType: t, multiSelection: false, value: [item, item2], ...extra }, want: [W('/value', 'single-selection-at-most-one')] },
    ];
  }),
  // ---- bucket filter
  { name: 'bucket picked within filter', on: 'form/bucketpicker', kind: 'form-component', given: { refName: 'b', formComponentType: 'bucketpicker', filter: { types: ['channel', 'post'] }, value: [{ id: 'x', featureType: 'post' }] }, want: [] },
  { name: 'bucket picked outside filter', on: 'form/bucketpicker', kind: 'form-component', given: { refName: 'b', formComponentType: 'bucketpicker', filter: { types: ['channel'] }, value: [{ id: 'x', featureType: 'channel' }, { id: 'y', featureType: 'groupchat' }] }, want: [W('/value/1/featureType', 'bucket-value-in-filter')] },
  { name: 'no filter: any bucket type', on: 'form/bucketpicker', kind: 'form-component', given: { refName: 'b', formComponentType: 'bucketpicker', value: [{ id: 'y', featureType: 'profile' }] }, want: [] },
  // ---- events
  { name: 'event ids unique', on: 'form/eventpicker', kind: 'form-component', given: { refName: 'e', formComponentType: 'eventpicker', events: [event('a'), event('b'), event('a')] }, want: [W('/events/2/id', 'event-ids-unique')] },
  { name: 'picked event among events', on: 'form/eventpicker', kind: 'form-component', given: { refName: 'e', formComponentType: 'eventpicker', events: [event('a')], value: [event('a')] }, want: [] },
  { name: 'picked event not among events', on: 'form/eventpicker', kind: 'form-component', given: { refName: 'e', formComponentType: 'eventpicker', events: [event('a')], value: [event('zz')] }, want: [W('/value/0/id', 'event-value-in-events')] },
  // ---- submissions
  { name: 'submission: every input has a value', on: 'data/formsubmission', kind: 'data-component', given: submission({ refName: 'l', formComponentType: 'label', title: 'L' }, { refName: 't', formComponentType: 'textbox', value: 'hi' }, { refName: 'c', formComponentType: 'callbutton' }, { refName: 'g', formComponentType: 'gauge' }), want: [] },
  { name: 'submission: input without value', on: 'data/formsubmission', kind: 'data-component', given: submission({ refName: 't', formComponentType: 'textbox', value: 'hi' }, { refName: 's', formComponentType: 'switch' }), want: [W('/formComponents/1/value', 'submission-values-present')] },
  { name: 'submission: required selection empty', on: 'data/formsubmission', kind: 'data-component', given: submission({ refName: 'd', formComponentType: 'datepicker', requiredSelection: true, value: '' }, { refName: 'p', formComponentType: 'photopicker', requiredSelection: true, value: [] }, { refName: 'q', formComponentType: 'qrcodescanner', requiredSelection: true, value: null }), want: [W('/formComponents/0/value', 'submission-required-selection-filled'), W('/formComponents/1/value', 'submission-required-selection-filled'), W('/formComponents/2/value', 'submission-required-selection-filled')] },
  { name: 'submission: required selection filled', on: 'data/formsubmission', kind: 'data-component', given: submission({ refName: 'd', formComponentType: 'datepicker', requiredSelection: true, value: '2024-01-01' }, { refName: 'n', formComponentType: 'nfcreader', requiredSelection: false, value: null }), want: [] },
  { name: 'a form (not a submission) needs no values', on: 'data/form', kind: 'data-component', given: form({ refName: 's', formComponentType: 'switch' }, { refName: 'd', formComponentType: 'datepicker', requiredSelection: true }), want: [] },
  // ---- nesting through buckets
  { name: 'bucket children are checked', on: 'data/gauge', kind: 'data-component', given: { dataComponentType: 'bucket', dataComponents: [{ dataComponentType: 'text', text: 'x' }, gauge([seg(0, 10)])] }, want: [W('/dataComponents/1/segments/0/to', 'gauge-segments-cover-0-100')] },
];

describe('validateSemantics', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const got = validateSemantics(c.kind, c.given).map((i) => ({ path: i.path, rule: i.rule }));
    expect(got).toEqual(c.want);
  });

  test('every issue has a readable message', () => {
    for (const c of cases) for (const i of validateSemantics(c.kind, c.given)) expect(i.message.length).toBeGreaterThan(10);
  });

  test.each([
    ['null', null],
    ['a number', 5],
    ['an array', [1, 2]],
    ['unknown type', { dataComponentType: 'video' }],
    ['segments not an array', { dataComponentType: 'gauge', segments: 'all' }],
    ['segments of garbage', { dataComponentType: 'gauge', segments: [null, 3, { from: 'a' }] }],
    ['options of garbage', { formComponentType: 'singlechoice', options: [null, { name: 3 }] }],
    ['form components not an array', { dataComponentType: 'form', formComponents: 'x' }],
    ['slider with string bounds', { formComponentType: 'slider', min: '0', max: '1', value: 5 }],
  ])('never throws, nothing to report: %s', (_n, given) => {
    expect(validateSemantics('data-component', given)).toEqual([]);
    expect(validateSemantics('form-component', given)).toEqual([]);
  });
});

describe('x-semantic annotations match the validator', () => {
  const files = { data: readSchema('data-component.schema.json'), form: readSchema('form-component.schema.json') };
  const annotated = new Set<string>(); // "data/gauge rule-id" pairs
  const everywhere = new Set<string>(); // every rule id mentioned anywhere
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'x-semantic') (v as string[]).forEach((r) => everywhere.add(r));
      walk(v);
    }
  };
  for (const [family, schema] of Object.entries(files)) {
    walk(schema);
    // Component defs only (those with a discriminator); helper defs such as
    // gaugeSegment repeat a component's rule for the generator's benefit.
    const defs = schema.$defs as Record<string, { 'x-semantic'?: string[]; properties?: Record<string, unknown> }>;
    for (const [name, def] of Object.entries(defs)) {
      const isComponent = !!def.properties && ('dataComponentType' in def.properties || 'formComponentType' in def.properties);
      if (isComponent) for (const r of def['x-semantic'] ?? []) annotated.add(`${family}/${name} ${r}`);
    }
  }

  test('every annotated rule id exists in the validator', () => {
    for (const r of everywhere) expect(Object.keys(SEMANTIC_RULES)).toContain(r);
  });

  test('every validator rule is annotated on a component', () => {
    const onComponents = new Set([...annotated].map((p) => p.split(' ')[1]));
    for (const r of Object.keys(SEMANTIC_RULES)) expect(onComponents).toContain(r);
  });

  test('every (component, rule) annotation has a violating case, and every violating case is annotated', () => {
    const tested = new Set<string>();
    for (const c of cases) for (const w of c.want) tested.add(`${c.on} ${w.rule}`);
    expect([...tested].filter((p) => !annotated.has(p))).toEqual([]);
    expect([...annotated].filter((p) => !tested.has(p))).toEqual([]);
  });
});

export const SEMANTIC_CASE_COUNT = cases.length;
