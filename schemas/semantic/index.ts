// Semantic validation of semilimes components: the rules JSON Schema cannot
// express. Shared by the mock cloud and the tests.
//
// Contract:
// - Run it after (or beside) the JSON Schema check. It never throws, whatever
//   the input: fields of the wrong type are skipped here (the schema reports
//   them), so a schema-invalid value gives no semantic noise for that field.
// - Each issue names the offending field as a JSON pointer relative to the
//   validated value, in the same style as ajv's `instancePath`
//   (e.g. "/segments/1/from", "/formComponents/2/value").
// - Every rule id below also appears in an `x-semantic` annotation of
//   schemas/data-component.schema.json or schemas/form-component.schema.json,
//   so the code generator can emit the same checks (test/schemas/semantic.test.ts
//   keeps the two lists equal).
//
// Usage:
//   const issues = validateSemantics('data-component', body.dataComponent);
//   if (issues.length) reply400(issues.map((i) => `${i.path}: ${i.message}`));

export type SemanticKind = 'data-component' | 'form-component';

export const SEMANTIC_RULES = {
  'gauge-segment-to-after-from': 'A gauge segment ends after it starts: to > from.',
  'gauge-segments-ordered': 'Gauge segments are listed in ascending order of from.',
  'gauge-segments-non-overlapping':
    'Gauge segments do not overlap: ranges are inclusive integers, so a segment starts after the previous one ends (from > previous to).',
  'gauge-segments-cover-0-100':
    'Gauge segments cover exactly 0-100 with no gap: the first starts at 0, the last ends at 100, each starts at previous to + 1.',
  'appointment-end-not-before-start': 'An appointment does not end before it starts: end >= start.',
  'form-refnames-unique': 'Form components of one form have distinct refNames (submissions are matched by refName).',
  'option-names-unique': 'The options of a button list, single choice or multi choice have distinct names.',
  'value-in-options':
    'A (default or submitted) value of a button list, single choice or multi choice names one of its options; an empty or null value means no selection.',
  'slider-min-below-max': 'A slider has min < max.',
  'slider-step-within-range': 'A slider step is not larger than max - min.',
  'slider-value-within-range': 'A slider value lies within [min, max].',
  'single-selection-at-most-one': 'A picker with multiSelection false holds at most one selected item.',
  'bucket-value-in-filter': 'Buckets picked by a bucket picker have a featureType allowed by its filter/types.',
  'event-ids-unique': 'The events of an event picker have distinct ids.',
  'event-value-in-events': 'Events selected in an event picker are among its events (matched by id).',
  'submission-values-present':
    'In a form submission every input component carries a value property (all but label, callbutton and gauge).',
  'submission-required-selection-filled':
    'In a form submission a component with requiredSelection true has a non-empty value (not null, "", or []).',
} as const;

export type SemanticRuleId = keyof typeof SEMANTIC_RULES;

export interface SemanticIssue {
  /** JSON pointer to the offending field, relative to the validated value ("" = the value itself). */
  path: string;
  message: string;
  rule: SemanticRuleId;
}

/** Form component types that carry no user input (exempt from submission-values-present). */
export const DISPLAY_ONLY_FORM_COMPONENTS: readonly string[] = ['label', 'callbutton', 'gauge'];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

class Collector {
  readonly issues: SemanticIssue[] = [];
  add(path: string, rule: SemanticRuleId, message: string): void {
    this.issues.push({ path, rule, message });
  }
}

/**
 * Checks the semantic rules of one data component or form component (and of
 * everything nested in it: form components of a form, data components of a
 * bucket). Returns [] when no rule is broken.
 */
export function validateSemantics(kind: SemanticKind, value: unknown): SemanticIssue[] {
  const c = new Collector();
  if (kind === 'data-component') checkDataComponent(value, '', c);
  else if (kind === 'form-component') checkFormComponent(value, '', c, false);
  return c.issues;
}

function checkDataComponent(v: unknown, at: string, c: Collector): void {
  if (!isObject(v)) return;
  switch (v.dataComponentType) {
    case 'gauge':
      checkGauge(v, at, c);
      break;
    case 'appointment':
      if (isNum(v.start) && isNum(v.end) && v.end < v.start) {
        c.add(`${at}/end`, 'appointment-end-not-before-start', `end (${v.end}) is before start (${v.start})`);
      }
      break;
    case 'form':
      checkFormComponents(v.formComponents, `${at}/formComponents`, c, false);
      break;
    case 'formsubmission':
      checkFormComponents(v.formComponents, `${at}/formComponents`, c, true);
      break;
    case 'bucket':
      if (Array.isArray(v.dataComponents)) {
        v.dataComponents.forEach((child, i) => checkDataComponent(child, `${at}/dataComponents/${i}`, c));
      }
      break;
    default:
      break;
  }
}

function checkFormComponents(list: unknown, at: string, c: Collector, submission: boolean): void {
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  list.forEach((fcomp, i) => {
    if (isObject(fcomp) && typeof fcomp.refName === 'string') {
      const first = seen.get(fcomp.refName);
      if (first !== undefined) {
        c.add(`${at}/${i}/refName`, 'form-refnames-unique', `refName "${fcomp.refName}" is already used by component ${first}`);
      } else {
        seen.set(fcomp.refName, i);
      }
    }
    checkFormComponent(fcomp, `${at}/${i}`, c, submission);
  });
}

function checkFormComponent(v: unknown, at: string, c: Collector, submission: boolean): void {
  if (!isObject(v)) return;
  const type = v.formComponentType;
  switch (type) {
    case 'gauge':
      checkGauge(v, at, c);
      break;
    case 'buttonlist':
    case 'singlechoice':
    case 'multichoice':
      checkOptions(v, at, c, type === 'multichoice');
      break;
    case 'slider':
      checkSlider(v, at, c);
      break;
    case 'photopicker':
    case 'filepicker':
    case 'contactpicker':
      checkSingleSelection(v, at, c);
      break;
    case 'bucketpicker':
      checkSingleSelection(v, at, c);
      checkBucketFilter(v, at, c);
      break;
    case 'eventpicker':
      checkSingleSelection(v, at, c);
      checkEvents(v, at, c);
      break;
    default:
      break;
  }
  if (submission && typeof type === 'string') {
    if (!DISPLAY_ONLY_FORM_COMPONENTS.includes(type) && !('value' in v)) {
      c.add(`${at}/value`, 'submission-values-present', `submitted ${type} "${String(v.refName)}" has no value`);
    } else if (v.requiredSelection === true && isEmptyValue(v.value)) {
      c.add(`${at}/value`, 'submission-required-selection-filled', `${type} "${String(v.refName)}" requires a selection but its value is empty`);
    }
  }
}

function checkGauge(v: Json, at: string, c: Collector): void {
  const segs = v.segments;
  if (!Array.isArray(segs)) return;
  if (segs.length === 0) {
    c.add(`${at}/segments`, 'gauge-segments-cover-0-100', 'segments is empty; the segments must cover 0-100');
    return;
  }
  // Only segments with numeric bounds take part; others are schema errors.
  const valid: { i: number; from: number; to: number }[] = [];
  segs.forEach((s, i) => {
    if (!isObject(s) || !isNum(s.from) || !isNum(s.to)) return;
    if (s.to <= s.from) {
      c.add(`${at}/segments/${i}/to`, 'gauge-segment-to-after-from', `to (${s.to}) must be greater than from (${s.from})`);
    }
    valid.push({ i, from: s.from, to: s.to });
  });
  for (let k = 1; k < valid.length; k++) {
    if (valid[k].from < valid[k - 1].from) {
      c.add(
        `${at}/segments/${valid[k].i}/from`,
        'gauge-segments-ordered',
        `segment starting at ${valid[k].from} is listed after a segment starting at ${valid[k - 1].from}; list segments in ascending order`,
      );
    }
  }
  if (valid.length !== segs.length || valid.length === 0) return; // coverage is undecidable with broken segments
  const sorted = [...valid].sort((a, b) => a.from - b.from || a.to - b.to);
  if (sorted[0].from !== 0) {
    c.add(`${at}/segments/${sorted[0].i}/from`, 'gauge-segments-cover-0-100', `the first segment starts at ${sorted[0].from}, not 0`);
  }
  const last = sorted.reduce((m, s) => (s.to > m.to ? s : m), sorted[0]);
  if (last.to !== 100) {
    c.add(`${at}/segments/${last.i}/to`, 'gauge-segments-cover-0-100', `the segments end at ${last.to}, not 100`);
  }
  let reach = sorted[0].to;
  for (let k = 1; k < sorted.length; k++) {
    const s = sorted[k];
    if (s.from <= reach) {
      c.add(`${at}/segments/${s.i}/from`, 'gauge-segments-non-overlapping', `segment ${s.from}-${s.to} overlaps a previous segment ending at ${reach}`);
    } else if (s.from > reach + 1) {
      c.add(`${at}/segments/${s.i}/from`, 'gauge-segments-cover-0-100', `gap: ${reach + 1}-${s.from - 1} is not covered by any segment`);
    }
    reach = Math.max(reach, s.to);
  }
}

function checkOptions(v: Json, at: string, c: Collector, multi: boolean): void {
  if (!Array.isArray(v.options)) return;
  const names = new Set<string>();
  v.options.forEach((o, i) => {
    if (!isObject(o) || typeof o.name !== 'string') return;
    if (names.has(o.name)) c.add(`${at}/options/${i}/name`, 'option-names-unique', `option name "${o.name}" is used twice`);
    names.add(o.name);
  });
  const list = names.size ? [...names].map((n) => `"${n}"`).join(', ') : '(none)';
  if (multi) {
    if (!Array.isArray(v.value)) return;
    v.value.forEach((name, i) => {
      if (typeof name === 'string' && !names.has(name)) {
        c.add(`${at}/value/${i}`, 'value-in-options', `"${name}" is not an option name; expected one of ${list}`);
      }
    });
  } else if (typeof v.value === 'string' && v.value !== '' && !names.has(v.value)) {
    c.add(`${at}/value`, 'value-in-options', `"${v.value}" is not an option name; expected one of ${list}`);
  }
}

function checkSlider(v: Json, at: string, c: Collector): void {
  const { min, max, step, value } = v;
  if (isNum(min) && isNum(max) && min >= max) {
    c.add(`${at}/max`, 'slider-min-below-max', `max (${max}) must be greater than min (${min})`);
    return;
  }
  if (isNum(min) && isNum(max) && isNum(step) && step > max - min) {
    c.add(`${at}/step`, 'slider-step-within-range', `step (${step}) is larger than max - min (${max - min})`);
  }
  if (isNum(value)) {
    if (isNum(min) && value < min) c.add(`${at}/value`, 'slider-value-within-range', `value (${value}) is below min (${min})`);
    if (isNum(max) && value > max) c.add(`${at}/value`, 'slider-value-within-range', `value (${value}) is above max (${max})`);
  }
}

function checkSingleSelection(v: Json, at: string, c: Collector): void {
  if (v.multiSelection === false && Array.isArray(v.value) && v.value.length > 1) {
    c.add(`${at}/value`, 'single-selection-at-most-one', `multiSelection is false but ${v.value.length} items are selected`);
  }
}

function checkBucketFilter(v: Json, at: string, c: Collector): void {
  const types = isObject(v.filter) && Array.isArray(v.filter.types) ? v.filter.types : undefined;
  if (!types || !Array.isArray(v.value)) return;
  v.value.forEach((b, i) => {
    if (isObject(b) && typeof b.featureType === 'string' && !types.includes(b.featureType)) {
      c.add(`${at}/value/${i}/featureType`, 'bucket-value-in-filter', `"${b.featureType}" is not allowed by filter/types (${types.join(', ')})`);
    }
  });
}

function checkEvents(v: Json, at: string, c: Collector): void {
  const ids = new Set<string>();
  if (Array.isArray(v.events)) {
    v.events.forEach((e, i) => {
      if (!isObject(e) || typeof e.id !== 'string') return;
      if (ids.has(e.id)) c.add(`${at}/events/${i}/id`, 'event-ids-unique', `event id "${e.id}" is used twice`);
      ids.add(e.id);
    });
  }
  if (!Array.isArray(v.events) || !Array.isArray(v.value)) return;
  v.value.forEach((e, i) => {
    if (isObject(e) && typeof e.id === 'string' && !ids.has(e.id)) {
      c.add(`${at}/value/${i}/id`, 'event-value-in-events', `selected event "${e.id}" is not among the events`);
    }
  });
}
