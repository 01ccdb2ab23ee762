// C++ for the x-semantic rules of one component, mirroring
// schemas/semantic/index.ts: same rule, same offending field, and the first
// issue the TypeScript validator reports is the one returned here.
import { DISPLAY_ONLY_FORM_COMPONENTS, ruleEnumerator } from '../ir/semantic';
import type { ComponentIR, FieldIR } from '../ir/types';
import { memberName } from '../naming';
import { bitName, fieldsStructName, selfAccess, type ArrayAccess, type Reader } from './classes';
import { indent, type FlashStrings } from './cpp';


function field(c: ComponentIR, json: string): FieldIR {
  const f = c.fields.find((x) => x.json === json);
  if (!f) throw new Error(`${c.origin}: semantic rule needs field "${json}"`);
  return f;
}

export interface RuleCtx {
  c: ComponentIR;
  strings: FlashStrings;
  /** The rules run in a `bool f(ComponentError& e, ...)` (table-driven classes); else they return a ComponentError. */
  into?: boolean;
  /** Where the rules declare the members they read (ReadBy in classes.ts). */
  reads?: Reader;
}

function E(ctx: RuleCtx, rule: string, path: string, index?: string): string {
  const p = ctx.strings.ref('p', `${ctx.c.pathRoot}.${path}`);
  const code = `ComponentErrorCode::${ruleEnumerator(rule)}`;
  const idx = index === undefined ? '' : `, static_cast<int16_t>(${index})`;
  return ctx.into ? `return detail::genFail(e, ${code}, ${p}${idx});` : `return ComponentError(${code}, ${p}${idx});`;
}

/** A field's presence bit in set_ (a code read of set_). */
const has = (ctx: RuleCtx, json: string) => {
  ctx.reads?.code('set_');
  return `(set_ & ${bitName(field(ctx.c, json))})`;
};
/** A member the rule's C++ reads by name (declared as a code read). */
const m = (ctx: RuleCtx, json: string) => {
  ctx.reads?.code(memberName(json));
  return memberName(json);
};
/** An array member's count. */
const cnt = (ctx: RuleCtx, json: string) => {
  const n = `${memberName(json).slice(0, -1)}Count_`;
  ctx.reads?.code(n);
  return n;
};
/** A string member's StrRef (its pointer and flash_). */
const str = (ctx: RuleCtx, f: FieldIR) => {
  const acc = selfAccess(f);
  ctx.reads?.code(...acc.members);
  return acc.val;
};

const GAUGE_RULES = ['gauge-segment-to-after-from', 'gauge-segments-cover-0-100', 'gauge-segments-non-overlapping', 'gauge-segments-ordered'];

/**
 * The gauge segment rules over array `s` of `n` items; `fail(rule, path, index)`
 * renders the return of an error ("segments" / "segments[].from" / "segments[].to").
 */
function gaugeBody(s: string, n: string, rules: Set<string>, fail: (rule: string, path: string, index?: string) => string): string[] {
  const out: string[] = [];
  if (rules.has('gauge-segments-cover-0-100')) out.push(`if (${n} == 0) ${fail('gauge-segments-cover-0-100', 'segments')}`);
  if (rules.has('gauge-segment-to-after-from')) {
    out.push(`for (size_t i = 0; i < ${n}; ++i) {`, `  if (${s}[i].getTo() <= ${s}[i].getFrom()) ${fail('gauge-segment-to-after-from', 'segments[].to', 'i')}`, `}`);
  }
  if (rules.has('gauge-segments-ordered')) {
    out.push(`for (size_t i = 1; i < ${n}; ++i) {`, `  if (${s}[i].getFrom() < ${s}[i - 1].getFrom()) ${fail('gauge-segments-ordered', 'segments[].from', 'i')}`, `}`);
  }
  const cover = rules.has('gauge-segments-cover-0-100');
  const overlap = rules.has('gauge-segments-non-overlapping');
  if ((cover || overlap) && rules.has('gauge-segments-ordered')) {
    // Segments are now in ascending order of from, so array order is the sorted order.
    out.push(`if (${n} > 0) {`);
    const inner: string[] = [];
    if (cover) {
      inner.push(
        `if (${s}[0].getFrom() != 0) ${fail('gauge-segments-cover-0-100', 'segments[].from', '0')}`,
        `size_t last = 0;`,
        `for (size_t i = 1; i < ${n}; ++i) {`,
        `  if (${s}[i].getTo() > ${s}[last].getTo()) last = i;`,
        `}`,
        `if (${s}[last].getTo() != 100) ${fail('gauge-segments-cover-0-100', 'segments[].to', 'last')}`,
      );
    }
    inner.push(
      `int16_t reach = ${s}[0].getTo();`,
      `for (size_t i = 1; i < ${n}; ++i) {`,
      ...(overlap ? [`  if (${s}[i].getFrom() <= reach) ${fail('gauge-segments-non-overlapping', 'segments[].from', 'i')}`] : []),
      ...(cover ? [`  if (${s}[i].getFrom() > reach + 1) ${fail('gauge-segments-cover-0-100', 'segments[].from', 'i')}`] : []),
      `  if (${s}[i].getTo() > reach) reach = ${s}[i].getTo();`,
      `}`,
    );
    out.push(...indent(inner), `}`);
  }
  return out;
}

/**
 * The gauge segment rules shared by every gauge component (data and form):
 * one out-of-line template in ComponentError.h when the spec has all of them.
 */
export function sharedGaugeRules(allRules: string[]): string[] {
  if (!GAUGE_RULES.every((r) => allRules.includes(r))) return [];
  const e = (rule: string) => `ComponentErrorCode::${ruleEnumerator(rule)}`;
  // The same checks in the same order as gaugeBody(), with one error site:
  // each step sets the code and path it reports, a failing test jumps out.
  return [
    '// The x-semantic gauge segment rules (shared by the gauge components): `s`',
    '// holds `n` segments with getFrom()/getTo(); the paths name the fields.',
    '// In order: at least one segment, each to > from, ascending from, first',
    '// from 0, largest to 100, then each from right after the reach so far',
    '// (lower: overlap, higher: a gap). One error site for all of them.',
    'template <typename Segment>',
    'inline SL_NOINLINE SL_GEN_ONE_EXIT bool checkGaugeSegments(ComponentError& e, const Segment* s, size_t n, const char* pSegments, const char* pFrom, const char* pTo) {',
    `  ComponentErrorCode code = ${e('gauge-segments-cover-0-100')};`,
    '  const char* path = pSegments;',
    '  const Segment* p = s;  // the segment an error names',
    '  const Segment* const end = s + n;',
    '  const Segment* last = s;',
    '  int16_t reach;',
    '  if (n == 0) return genFail(e, code, path);',
    `  code = ${e('gauge-segment-to-after-from')};`,
    '  path = pTo;',
    '  for (; p != end; ++p) {',
    '    if (p->getTo() <= p->getFrom()) goto fail;',
    '    if (p->getTo() > last->getTo()) last = p;  // the first largest to',
    '  }',
    `  code = ${e('gauge-segments-ordered')};`,
    '  path = pFrom;',
    '  for (p = s + 1; p != end; ++p) {',
    '    if (p->getFrom() < p[-1].getFrom()) goto fail;',
    '  }',
    `  code = ${e('gauge-segments-cover-0-100')};`,
    '  p = s;',
    '  if (s->getFrom() != 0) goto fail;',
    '  path = pTo;',
    '  p = last;',
    '  if (last->getTo() != 100) goto fail;',
    '  path = pFrom;',
    '  reach = s->getTo();',
    '  for (p = s + 1; p != end; ++p) {',
    `    code = ${e('gauge-segments-non-overlapping')};`,
    '    if (p->getFrom() <= reach) goto fail;',
    `    code = ${e('gauge-segments-cover-0-100')};`,
    '    if (p->getFrom() > reach + 1) goto fail;',
    '    if (p->getTo() > reach) reach = p->getTo();',
    '  }',
    '  return true;',
    'fail:',
    '  return genFail(e, code, path, static_cast<int16_t>(p - s));',
    '}',
    '',
  ];
}

function gauge(ctx: RuleCtx, rules: Set<string>): string[] {
  const { c } = ctx;
  const s = m(ctx, 'segments');
  const n = cnt(ctx, 'segments');
  const p = (path: string) => ctx.strings.ref('p', `${c.pathRoot}.${path}`);
  if (GAUGE_RULES.every((r) => rules.has(r))) {
    const call = `detail::checkGaugeSegments(e, ${s}, ${n}, ${p('segments')}, ${p('segments[].from')}, ${p('segments[].to')})`;
    if (ctx.into) return [`if (${has(ctx, 'segments')} && !${call}) return false;`];
    return [`if (${has(ctx, 'segments')}) {`, `  ComponentError e;`, `  if (!${call}) return e;`, `}`];
  }
  const out = gaugeBody(s, n, rules, (rule, path, index) => E(ctx, rule, path, index));
  return [`if (${has(ctx, 'segments')}) {`, ...indent(out), `}`];
}

function options(ctx: RuleCtx, rules: Set<string>): string[] {
  const { c } = ctx;
  const o = m(ctx, 'options');
  const n = cnt(ctx, 'options');
  const inner: string[] = [];
  if (rules.has('option-names-unique')) {
    inner.push(
      `for (size_t i = 1; i < ${n}; ++i) {`,
      `  for (size_t j = 0; j < i; ++j) {`,
      `    if (detail::sameString(${o}[i].getName(), ${o}[j].getName(), true)) ${E(ctx, 'option-names-unique', 'options[].name', 'i')}`,
      `  }`,
      `}`,
    );
  }
  if (rules.has('value-in-options')) {
    const value = field(c, 'value');
    const find = (x: string) => [
      `bool found = false;`,
      `for (size_t j = 0; j < ${n} && !found; ++j) found = detail::sameString(${o}[j].getName(), ${x}, false);`,
    ];
    if (value.type.kind === 'array') {
      inner.push(
        `if (${has(ctx, 'value')}) {`,
        `  for (size_t i = 0; i < ${cnt(ctx, 'value')}; ++i) {`,
        ...indent(find(`detail::StrRef(${m(ctx, 'value')}[i], false)`), '    '),
        `    if (!found) ${E(ctx, 'value-in-options', 'value[]', 'i')}`,
        `  }`,
        `}`,
      );
    } else {
      const valueStr = str(ctx, value);
      inner.push(
        `if (${has(ctx, 'value')} && !${valueStr}.empty()) {`,
        ...indent(find(valueStr)),
        `  if (!found) ${E(ctx, 'value-in-options', 'value')}`,
        `}`,
      );
    }
  }
  return [`if (${has(ctx, 'options')}) {`, ...indent(inner), `}`];
}

/**
 * The slider rules as rows of a flash table run by detail::genNumberRules
 * (table-driven classes, presence bits in set_'s first byte): one shared
 * loop instead of a compare-and-fail block per rule. Same order, codes and
 * paths as the inline form in slider().
 */
function sliderTable(ctx: RuleCtx, rules: Set<string>): string[] {
  const { c } = ctx;
  const fs = fieldsStructName(c.name);
  // The rows read the numbers by offset, each row only when its `need` bits are all set.
  const off = (json: string) => {
    ctx.reads?.table(memberName(json));
    return `offsetof(${fs}, ${memberName(json)})`;
  };
  const bits = (names: string[]) => names.map((n) => bitName(field(c, n))).join(' | ');
  ctx.reads?.table('set_');  // (the rows' `need` bits)
  const rows: string[] = [];
  // fail: 1 (<0), 2 (==0), 4 (>0) of numberCompare(a, b[, c]).
  const row = (rule: string, path: string, need: string[], a: string, b: string, cc: string | null, fail: number) => {
    const p = ctx.strings.ref('p', `${c.pathRoot}.${path}`);
    rows.push(`{static_cast<uint8_t>(${bits(need)}), ${off(a)}, ${off(b)}, ${cc ? off(cc) : '0'}, ${fail}, static_cast<uint8_t>(ComponentErrorCode::${ruleEnumerator(rule)}), ${p}},`);
  };
  if (rules.has('slider-min-below-max')) row('slider-min-below-max', 'max', ['min', 'max'], 'min', 'max', null, 2 | 4);
  if (rules.has('slider-step-within-range')) {
    // The step row needs max > min (see numberCompare): the min-below-max row fails first.
    if (!rules.has('slider-min-below-max')) throw new Error(`${c.origin}: slider-step-within-range needs slider-min-below-max`);
    row('slider-step-within-range', 'step', ['min', 'max', 'step'], 'step', 'max', 'min', 4);
  }
  if (rules.has('slider-value-within-range')) {
    row('slider-value-within-range', 'value', ['value', 'min'], 'value', 'min', null, 1);
    row('slider-value-within-range', 'value', ['value', 'max'], 'value', 'max', null, 4);
  }
  return [
    `static_assert((${bits(['min', 'max', 'step', 'value'])}) < 0x100, "the number rules read the first byte of set_");`,
    `static const detail::GenNumberRule r[] SL_PROGMEM = {`,
    ...indent(rows),
    `};`,
    `if (!detail::genNumberRules(e, static_cast<const ${fs}*>(this), r, ${rows.length})) return false;`,
  ];
}

function slider(ctx: RuleCtx, rules: Set<string>): string[] {
  const { c } = ctx;
  if (ctx.into) return sliderTable(ctx, rules);
  const out: string[] = [];

  const [mn, mx, st, v] = ['min', 'max', 'step', 'value'].map((json) => m(ctx, json));
  if (rules.has('slider-min-below-max')) out.push(`if (${has(ctx, 'min')} && ${has(ctx, 'max')} && detail::numberCompare(${mn}, ${mx}) >= 0) ${E(ctx, 'slider-min-below-max', 'max')}`);
  if (rules.has('slider-step-within-range')) {
    // numberStepExceeds needs max > min: the min-below-max rule returns first.
    if (!rules.has('slider-min-below-max')) throw new Error(`${c.origin}: slider-step-within-range needs slider-min-below-max`);
    out.push(`if (${has(ctx, 'min')} && ${has(ctx, 'max')} && ${has(ctx, 'step')} && detail::numberStepExceeds(${st}, ${mx}, ${mn})) ${E(ctx, 'slider-step-within-range', 'step')}`);
  }
  if (rules.has('slider-value-within-range')) {
    out.push(
      `if (${has(ctx, 'value')} && ${has(ctx, 'min')} && detail::numberCompare(${v}, ${mn}) < 0) ${E(ctx, 'slider-value-within-range', 'value')}`,
      `if (${has(ctx, 'value')} && ${has(ctx, 'max')} && detail::numberCompare(${v}, ${mx}) > 0) ${E(ctx, 'slider-value-within-range', 'value')}`,
    );
  }
  return out;
}

function singleSelection(ctx: RuleCtx): string[] {
  return [`if (${has(ctx, 'multiSelection')} && !${m(ctx, 'multiSelection')} && ${has(ctx, 'value')} && ${cnt(ctx, 'value')} > 1) ${E(ctx, 'single-selection-at-most-one', 'value')}`];
}

function bucketFilter(ctx: RuleCtx): string[] {
  const f = m(ctx, 'filter');
  return [
    `if (${has(ctx, 'filter')} && ${f}.hasTypes() && ${has(ctx, 'value')}) {`,
    `  for (size_t i = 0; i < ${cnt(ctx, 'value')}; ++i) {`,
    `    bool found = false;`,
    `    for (size_t j = 0; j < ${f}.getTypesCount() && !found; ++j) found = ${f}.getTypes()[j] == ${m(ctx, 'value')}[i].getFeatureType();`,
    `    if (!found) ${E(ctx, 'bucket-value-in-filter', 'value[].featureType', 'i')}`,
    `  }`,
    `}`,
  ];
}

function events(ctx: RuleCtx, rules: Set<string>): string[] {
  const ev = m(ctx, 'events');
  const n = cnt(ctx, 'events');
  const out: string[] = [];
  if (rules.has('event-ids-unique')) {
    out.push(
      `if (${has(ctx, 'events')}) {`,
      `  for (size_t i = 1; i < ${n}; ++i) {`,
      `    for (size_t j = 0; j < i; ++j) {`,
      `      if (detail::sameString(${ev}[i].getId(), ${ev}[j].getId(), true)) ${E(ctx, 'event-ids-unique', 'events[].id', 'i')}`,
      `    }`,
      `  }`,
      `}`,
    );
  }
  if (rules.has('event-value-in-events')) {
    out.push(
      `if (${has(ctx, 'events')} && ${has(ctx, 'value')}) {`,
      `  for (size_t i = 0; i < ${cnt(ctx, 'value')}; ++i) {`,
      `    bool found = false;`,
      `    for (size_t j = 0; j < ${n} && !found; ++j) found = detail::sameString(${ev}[j].getId(), ${m(ctx, 'value')}[i].getId(), false);`,
      `    if (!found) ${E(ctx, 'event-value-in-events', 'value[].id', 'i')}`,
      `  }`,
      `}`,
    );
  }
  return out;
}

function appointment(ctx: RuleCtx): string[] {
  return [`if (${has(ctx, 'start')} && ${has(ctx, 'end')} && ${m(ctx, 'end')} < ${m(ctx, 'start')}) ${E(ctx, 'appointment-end-not-before-start', 'end')}`];
}

/** Rules checked inside the component itself (after its fields). */
export function componentRules(ctx: RuleCtx): string[] {
  const rules = new Set(ctx.c.semantic);
  const out: string[] = [];
  if ([...rules].some((r) => r.startsWith('gauge-'))) out.push(...gauge(ctx, rules));
  if (rules.has('appointment-end-not-before-start')) out.push(...appointment(ctx));
  if (rules.has('option-names-unique') || rules.has('value-in-options')) out.push(...options(ctx, rules));
  if ([...rules].some((r) => r.startsWith('slider-'))) out.push(...slider(ctx, rules));
  if (rules.has('single-selection-at-most-one')) out.push(...singleSelection(ctx));
  if (rules.has('bucket-value-in-filter')) out.push(...bucketFilter(ctx));
  if (rules.has('event-ids-unique') || rules.has('event-value-in-events')) out.push(...events(ctx, rules));
  return out;
}

/**
 * Rules over a container's child components (after each child checked
 * itself). `over`: where the rules read the items and count, locals of the
 * code they run in (the container row's check, arrayLocals()); without it,
 * the members.
 */
export function containerRules(ctx: RuleCtx, arrayField: FieldIR, over?: ArrayAccess): string[] {
  const rules = new Set(ctx.c.semantic);
  const out: string[] = [];
  const parent = ctx.strings.ref('p', `${ctx.c.pathRoot}.${arrayField.json}[]`);
  if (rules.has('submission-values-present') || rules.has('submission-required-selection-filled')) {
    // (The members, even where `over` has them in locals.)
    const a = m(ctx, arrayField.json);
    const n = cnt(ctx, arrayField.json);
    out.push(
      `for (size_t i = 0; i < ${n}; ++i) {`,
      ...(ctx.into ? [] : [`  ComponentError e;`]),
      `  if (!${a}[i]->checkSubmitted(e)) {`,
      `    e.parent = ${parent};`,
      `    e.item = static_cast<int16_t>(i);`,
      `    return ${ctx.into ? 'false' : 'e'};`,
      `  }`,
      `}`,
    );
  }
  if (rules.has('form-refnames-unique')) {
    // The items and count read once, into locals (a member is read again
    // after each call; `over`: the caller's); each item's earlier ones
    // walked back from it (the error names the item, in any order). uno
    // LampControl: Form::checkOther -12 B.
    const loop = (a: string, n: string) => [
      `for (size_t i = 1; i < ${n}; ++i) {`,
      `  const detail::StrRef name = ${a}[i]->refName();  // once per item, not per pair`,
      `  for (const FormComponent* const* q = ${a} + i; q != ${a};) {`,
      `    if (detail::sameString(name, (*--q)->refName(), true)) ${E(ctx, 'form-refnames-unique', `${arrayField.json}[].refName`, 'i')}`,
      `  }`,
      `}`,
    ];
    if (over) out.push(...loop(over.items, over.count));
    else out.push(`{`, `  const FormComponent* const* const a = ${m(ctx, arrayField.json)};`, `  const size_t n = ${cnt(ctx, arrayField.json)};`, ...indent(loop('a', 'n')), `}`);
  }
  return out;
}

/**
 * The submission checks of one form component as data, the tail of its
 * FormOps record (detail::genCheckSubmitted runs them): {path, value,
 * valueAt, filled, requiredAt}. `value`: the value's presence bit (0-15),
 * 0x10 the class has a value, 0x20 the values-present check applies, 0x40
 * set_ is two bytes (flash_ follows it); `filled`: 0, or requiredSelection's
 * presence bit with 0x10 (value a string: filled when not empty) or 0x20
 * (value an array: when it has items). The same checks, in the same order,
 * as the TypeScript validator's submission rules (value present, then
 * required selection filled).
 */
export function submittedData(ctx: RuleCtx, fields: FieldIR[]): string {
  const { c } = ctx;
  if (fields.length > 16) throw new Error(`${c.origin}: a form component's submission data holds presence bits 0-15`);
  const value = c.fields.find((f) => f.json === 'value' && !f.deprecated);
  const req = c.fields.find((f) => f.json === 'requiredSelection');
  const displayOnly = DISPLAY_ONLY_FORM_COMPONENTS.has(c.typeValue);
  const path = () => ctx.strings.ref('p', `${c.pathRoot}.value`);
  // genCheckSubmitted reads the value and requiredSelection by offset, each under its presence bit.
  const at = (f: FieldIR) => {
    ctx.reads?.table(memberName(f.json));
    return `offsetof(${fieldsStructName(c.name)}, ${memberName(f.json)})`;
  };
  const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
  if (!value) return displayOnly ? 'nullptr, 0, 0, 0, 0' : `${path()}, 0x20, 0, 0, 0`;
  const bit = (f: FieldIR) => {
    ctx.reads?.table('set_');
    const i = fields.indexOf(f);
    if (i < 0) throw new Error(`${c.origin}: ${f.json} has no presence bit`);
    return i;
  };
  const v = bit(value) | 0x10 | (displayOnly ? 0 : 0x20) | (fields.length > 8 ? 0x40 : 0);
  let filled = '0';
  let reqAt = '0';
  if (req && (value.type.kind === 'array' || value.type.kind === 'string')) {
    filled = hex(bit(req) | (value.type.kind === 'array' ? 0x20 : 0x10));
    reqAt = at(req);
  }
  if (!displayOnly || filled !== '0') return `${path()}, ${hex(v)}, ${at(value)}, ${filled}, ${reqAt}`;
  return 'nullptr, 0, 0, 0, 0';
}
