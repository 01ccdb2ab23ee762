// Headers for the component builders: one per component
// (generated/data/Gauge.h, generated/form/Slider.h), one per shared type
// (generated/types/GaugeSegment.h), and the umbrella generated/Components.h.
// Everything is inline in headers: a sketch links only what it calls.
import { componentLookup, macroWords, maxJsonLines, structMax } from '../ir/maxjson';
import type { ComponentIR, ComponentsIR, EnumIR, FieldIR, StructIR, TypeIR } from '../ir/types';
import { enumeratorName, escapeIdentifier, paramName, setterName } from '../naming';
import { arrayLocals, builderKeys, classMasks, classMembers, componentClass, fieldChecks, fieldsStructName, fieldTable, liveFields, ownedDecls, ownedDefs, ReadBy, structNest, renderEnum, selfAccess, skippedFields, structFieldWriter, tableDecl, writeFields, type CheckCtx, type FieldTable } from './classes';

/**
 * Components with at least this many fields are written and checked through
 * a field table walked by shared code (detail::genWriteObject / genCheck);
 * smaller ones get inline code, which is smaller for them and keeps a sketch
 * that only sends a text free of the walkers. Value objects inside a
 * table-driven component are checked by a table of that use.
 */
export const TABLE_MIN_FIELDS = 3;
/** The same for value objects (GaugeSegment, Receiver: a table; ReplyText: inline). */
export const STRUCT_TABLE_MIN_FIELDS = 2;
import { docComment, FlashStrings, header, indent } from './cpp';
import { componentRules, containerRules, submittedData, type RuleCtx } from './semantic';

export const enumFirst = (e: EnumIR) => enumeratorName(e.values[0]);

/** Shared types a type depends on directly (through arrays, not through other shared structs' fields). */
function sharedDeps(t: TypeIR, out: Set<string>, inline: (s: StructIR) => void): void {
  if (t.kind === 'enum' && t.ref.scope === 'shared') out.add(t.ref.name);
  if (t.kind === 'struct') {
    if (t.ref.scope === 'shared') out.add(t.ref.name);
    else {
      inline(t.ref);
      for (const f of liveFields(t.ref)) sharedDeps(f.type, out, inline);
    }
  }
  if (t.kind === 'array') sharedDeps(t.items, out, inline);
  if (t.kind === 'component') out.add(t.family === 'data' ? '@DataComponent' : '@FormComponent');
}

/** Inline (component-scoped) enums and structs used by a struct, dependencies first. */
function inlineTypes(s: StructIR): { enums: EnumIR[]; structs: StructIR[] } {
  const enums: EnumIR[] = [];
  const structs: StructIR[] = [];
  const visit = (t: TypeIR) => {
    if (t.kind === 'enum' && t.ref.scope !== 'shared' && !enums.includes(t.ref)) enums.push(t.ref);
    if (t.kind === 'array') visit(t.items);
    if (t.kind === 'struct' && t.ref.scope !== 'shared' && !structs.includes(t.ref)) {
      for (const f of liveFields(t.ref)) visit(f.type);
      structs.push(t.ref);
    }
  };
  for (const f of liveFields(s)) visit(f.type);
  return { enums, structs };
}

// Constructor arguments when the spec requires nothing: the field a sketch
// always sets (a text's text, a form component's refName). Policy of the
// generator, not of the spec: every field stays optional for validation.
const CONVENIENCE_CTORS: Record<string, string[]> = {
  text: ['text'],
  html: ['html'],
  channel: ['channelId'],
  tunnel: ['tunnelId'],
  webview: ['url'],
  location: ['latitude', 'longitude'],
  option: ['name'],
  buttonOption: ['name'],
  icon: ['name'],
  event: ['id', 'start'],
};

export function requiredCtorFields(s: StructIR, skip?: string, key?: string): FieldIR[] {
  const live = liveFields(s).filter((f) => f.json !== skip && f.type.kind !== 'array');
  const req = live.filter((f) => f.required);
  if (req.length) return req;
  const names = (key ? CONVENIENCE_CTORS[key] : undefined) ?? (live.some((f) => f.json === 'refName') && skip === 'formComponentType' ? ['refName'] : []);
  const picked = names.map((n) => live.find((f) => f.json === n)).filter((f): f is FieldIR => !!f);
  return picked.length === names.length ? picked : [];
}

export function paramDecl(f: FieldIR): string {
  const p = paramName(f.json);
  switch (f.type.kind) {
    case 'string':
      return `const char* ${p}`;
    case 'integer':
      return `${f.type.cpp} ${p}`;
    case 'number':
      return `ComponentNumber ${p}`;
    case 'boolean':
      return `bool ${p}`;
    case 'enum':
      return `${f.type.ref.name} ${p}`;
    case 'struct':
      return `const ${f.type.ref.name}& ${p}`;
    case 'component':
      return `const ${componentClass(f.type)}& ${p}`;
    default:
      throw new Error('no ctor param for ' + f.type.kind);
  }
}

function skippedNote(s: StructIR): string[] {
  return skippedFields(s).map((f) =>
    f.deprecated ? `  // "${f.json}" is a deprecated alias in the spec: not written.` : `  // "${f.json}" (free-form object) cannot be set from the device.`,
  );
}

/** The struct of a class's data members, declared before the class (its private base). */
function fieldsStruct(cls: string, mask: string, cm: { inits: string[]; members: string[] }): string[] {
  const name = fieldsStructName(cls);
  return [
    `// The data members of ${cls} (its private base): its field table addresses them by offset.`,
    `struct ${name} {`,
    `  ${name}() : ${cm.inits.join(', ')} {}`,
    `  ${mask} set_;`,
    ...cm.members.map((m) => `  ${m}`),
    `};`,
    '',
  ];
}

interface Hooks {
  /** The class has a field table (table()). */
  table: boolean;
  write: boolean;
  check: boolean;
  rules: boolean;
}

/** Private declarations: the table and the hooks it calls (trampolines from the fields struct). */
function hookDecls(cls: string, h: Hooks): string[] {
  // genNonNull: no test for nullptr in the cast from the fields base to the class.
  const self = `static_cast<const ${cls}*>(static_cast<const ${fieldsStructName(cls)}*>(fields))`;
  const out = h.table ? [`  static const detail::GenClass* table();`] : [];
  if (h.write) {
    out.push(
      `  void writeField(JsonWriter& w, uint8_t i) const;`,
      `  static void writeOther(JsonWriter& w, const void* fields, uint8_t i) { detail::genNonNull(fields); ${self}->writeField(w, i); }`,
    );
  }
  if (h.check) {
    out.push(
      `  bool checkField(ComponentError& e, uint8_t i, uint8_t depth) const;`,
      `  SL_GEN_ONE_EXIT static bool checkOther(ComponentError& e, const void* fields, uint8_t i, uint8_t depth) { detail::genNonNull(fields); return ${self}->checkField(e, i, depth); }`,
    );
  }
  return out;
}

/** table(): the field table and the class record, in flash. */
function tableDef(cls: string, holder: string, tab: FieldTable, h: Hooks, masks: string, root: string, nest: number, ops?: { type: string; lines: string[] }): string[] {
  const n = tab.entries.length;
  const decl = tableDecl('fields', tab.entries, '    ');
  return [
    ops ? `inline const detail::${ops.type}* ${cls}::ops() {` : `inline const detail::GenClass* ${cls}::table() {`,
    ...tab.asserts.map((a) => `  ${a}`),
    ...(n ? [`  typedef detail::${holder}<> S;`, ...decl.lines.map((l) => `  ${l}`)] : []),
    // A component's class record and operations are one object (GenTableOps: the record first).
    ...(ops
      ? [
          `  static const detail::GenTableOps<detail::${ops.type}> r SL_PROGMEM = {`,
          `      {${n ? decl.ref : 'nullptr'}, ${h.write ? '&writeOther' : 'nullptr'}, ${h.check ? '&checkOther' : 'nullptr'}, ${root}, ${n}, ${h.rules ? `${masks} | 0x40` : masks}, ${nest}},`,
          `      ${ops.lines[0]}};`,
          `  return &r.o;`,
        ]
      : [`  static const detail::GenClass table SL_PROGMEM = {${n ? decl.ref : 'nullptr'}, ${h.write ? '&writeOther' : 'nullptr'}, ${h.check ? '&checkOther' : 'nullptr'}, ${root}, ${n}, ${h.rules ? `${masks} | 0x40` : masks}, ${nest}};`, `  return &table;`]),
    `}`,
  ];
}

/** The lines of a component's ops(): its operations record (`gen`: the GenOps part) and the return. */
// (`submitted`: a form component's submission checks as data, semantic.ts submittedData().)
function opsRecord(isForm: boolean, gen: string, submitted = '', refNameAt = ''): string[] {
  return isForm
    ? [`  static const detail::FormOps o SL_PROGMEM = {${gen}, ${refNameAt}, ${submitted}};`, `  return &o;`]
    : [`  static const detail::GenOps o SL_PROGMEM = ${gen};`, `  return &o;`];
}

/** writeJson as inline code (classes below TABLE_MIN_FIELDS). */
// `typed`: a component's discriminator [key, value] (flash string refs), its object's head.
function inlineWriteDef(cls: string, holder: string, body: string[], name = 'writeJson', typed?: [string, string]): string[] {
  const head = typed ? [`  JsonWriter& w = detail::genTypedObject(out, ${typed[0]}, ${typed[1]});`] : [`  detail::genBeginObject(w);`];
  const all = [...head, ...body, `  detail::genEndObject(w);`];
  return [`inline void ${cls}::${name}(JsonWriter& ${typed ? 'out' : 'w'}) const {`, ...(all.some((l) => l.includes('S::')) ? [`  typedef detail::${holder}<> S;`] : []), ...all, `}`];
}

/** writeJson through the table (value objects; components write in walk()), and writeField. */
function writeDefs(cls: string, holder: string, tab: FieldTable, writeJson = true): string[] {
  const out = writeJson ? [`inline void ${cls}::writeJson(JsonWriter& w) const {`, `  detail::genWriteObject(w, static_cast<const ${fieldsStructName(cls)}*>(this), table());`, `}`] : [];
  if (tab.writeCases.length) {
    const body = indent(['switch (i) {', ...indent(tab.writeCases), '}']);
    out.push('', `inline void ${cls}::writeField(JsonWriter& w, uint8_t i) const {`, ...(body.some((l) => l.includes('S::')) ? [`  typedef detail::${holder}<> S;`] : []), ...body, `}`);
  }
  return out;
}

/** Class declaration + out-of-class definitions of a shared or inline struct. */
function renderStruct(s: StructIR, holder: string, qual = '', keys: Set<string> = new Set()): { decl: string[]; defs: string[]; strings: FlashStrings; writers: string[] } {
  const strings = new FlashStrings(holder, keys);
  const cm = classMembers(s.name, s, true, enumFirst);
  const req = requiredCtorFields(s, undefined, s.pathRoot);
  const ctors = [`  ${s.name}() {}`];
  if (req.length) {
    ctors.push(
      `  ${req.length === 1 ? 'explicit ' : ''}${s.name}(${req.map(paramDecl).join(', ')}) {`,
      ...req.map((f) => `    ${setterName(f.json)}(${paramName(f.json)});`),
      `  }`,
    );
    if (req.length === 1 && req[0].type.kind === 'string') {
      const p = paramName(req[0].json);
      ctors.push(`  explicit ${s.name}(FlashString ${p}) {`, `    ${setterName(req[0].json)}(${p});`, `  }`);
    }
  }
  const n = liveFields(s).length;
  const mask = n <= 8 ? 'uint8_t' : n <= 16 ? 'uint16_t' : 'uint32_t';
  const useTable = n >= STRUCT_TABLE_MIN_FIELDS;
  const tab = fieldTable(s, strings, fieldsStructName(s.name), undefined);
  const hooks: Hooks = { table: useTable, write: useTable && tab.writeCases.length > 0, check: false, rules: false };
  const decl = [
    ...fieldsStruct(s.name, mask, cm),
    ...docComment(s.description),
    `class ${s.name} : private ${fieldsStructName(s.name)} {`,
    ` public:`,
    ...ctors,
    '',
    ...cm.setters,
    '',
    ...cm.getters,
    ...skippedNote(s),
    '',
    `  // Writes the object; precondition: the owning component validated it.`,
    `  void writeJson(JsonWriter& w) const;`,
    `  // Checks the fields against a table of the owning component (its error paths).`,
    `  bool checkWith(ComponentError& e, const detail::GenClass* table) const { return detail::genCheck(e, static_cast<const ${fieldsStructName(s.name)}*>(this), table, 0); }`,
    `  // Writes the object by a table of the owning component (its owner table).`,
    `  void writeWith(JsonWriter& w, const detail::GenClass* table) const { detail::genWriteObject(w, static_cast<const ${fieldsStructName(s.name)}*>(this), table); }`,
    '',
    ` private:`,
    `  enum : ${mask} {`,
    ...cm.bits.map((b) => `    ${b},`),
    `  };`,
    ...hookDecls(s.name, hooks),
    `};`,
  ];
  const defs = useTable
    ? [...tableDef(s.name, holder, tab, hooks, classMasks(s), 'nullptr', 0), '', ...writeDefs(s.name, holder, tab)]
    : inlineWriteDef(s.name, holder, [...indent(writeFields(s, strings))]);
  const shared = strings.shareTails(defs);
  const q = `${qual}${s.name}`;
  const writers = [
    `// Field-table writers of a ${s.name} member and of an array of them.`,
    `inline void ${structFieldWriter(s, false)}(JsonWriter& w, const void* v, bool) { static_cast<const ${q}*>(v)->writeJson(w); }`,
    `inline void ${structFieldWriter(s, true)}(JsonWriter& w, const void* v, bool) { genWriteArray(w, v, sizeof(${q}), &${structFieldWriter(s, false)}); }`,
  ];
  return { decl, defs: shared, strings, writers };
}

export function includesFor(s: StructIR, self: string | undefined, prefix: string): string[] {
  const deps = new Set<string>();
  for (const f of liveFields(s)) sharedDeps(f.type, deps, () => undefined);
  if (self) deps.delete(self);
  return [...deps].sort().map((d) => (d.startsWith('@') ? `${prefix}${d.slice(1)}.h` : `${prefix}types/${d}.h`));
}

export function renderSharedStruct(s: StructIR, all: ComponentIR[] = []): string {
  const { decl, defs, strings, writers } = renderStruct(s, `${s.name}Text`, '', builderKeys(all));
  const inl = inlineTypes(s);
  if (inl.enums.length || inl.structs.length) throw new Error(`${s.origin}: inline types inside shared types are not supported`);
  return header(
    `types/${s.name}.h`,
    [`${s.name}: a value object used by the component builders (${s.origin}).`],
    ['../ComponentError.h', ...includesFor(s, s.name, '../')],
    [
      ...maxJsonLines(`SL_${macroWords(s.name)}_MAX_JSON`, `a ${s.name}`, structMax(s, s.pathRoot, componentLookup(all))),
      '',
      'namespace sl {',
      '',
      ...decl,
      '',
      'namespace detail {',
      '',
      ...strings.render(),
      '',
      '}  // namespace detail',
      '',
      ...defs,
      '',
      'namespace detail {',
      '',
      ...writers,
      '',
      '}  // namespace detail',
      '}  // namespace sl',
    ],
  );
}

export function renderSharedEnum(e: EnumIR): string {
  const { decl, detail } = renderEnum(e, enumeratorName, '', '');
  return header(
    `types/${e.name}.h`,
    [`${e.name}: an enumeration of the spec (${e.origin}), written as its JSON string.`],
    ['../ComponentError.h'],
    ['namespace sl {', '', ...decl, '', 'namespace detail {', '', ...detail, '', '}  // namespace detail', '}  // namespace sl'],
  );
}

function placeholder(f: FieldIR): string {
  switch (f.type.kind) {
    case 'string':
      return f.json === 'refName' ? '"myRef"' : `"${f.json}"`;
    case 'integer':
    case 'number':
      return f.type.minimum !== undefined ? String(f.type.minimum) : '0';
    case 'boolean':
      return 'true';
    case 'enum':
      return `sl::${f.type.ref.name}::${enumFirst(f.type.ref)}`;
    default:
      return '...';
  }
}

function usage(c: ComponentIR): string[] {
  const ns = `sl::${c.family}`;
  const req = requiredCtorFields(c, c.discriminator, c.typeValue);
  const arrays = liveFields(c).filter((f) => f.required && f.type.kind === 'array');
  const v = escapeIdentifier(c.typeValue);
  const lines = [`  ${ns}::${c.name} ${v}${req.length ? `(${req.map(placeholder).join(', ')})` : ''};`];
  for (const a of arrays) lines.push(`  ${v}.${setterName(a.json)}(items);   // caller-owned array`);
  lines.push(`  sl::ComponentError e = ${v}.writeTo(writer);   // validates, then writes`);
  return lines;
}

/**
 * Drops sentences every component description repeats (schema-wide notes
 * such as "Unknown properties are allowed...") from one description.
 */
export function ownDescription(c: ComponentIR, all: ComponentIR[]): string | undefined {
  if (!c.description) return undefined;
  const split = (d: string) => d.match(/[^.!?]+(?:\([^)]*\)[^.!?]*)*[.!?]+(\s|$)/g)?.map((x) => x.trim()) ?? [d];
  const counts = new Map<string, number>();
  for (const o of all) for (const sentence of new Set(split(o.description ?? ''))) counts.set(sentence, (counts.get(sentence) ?? 0) + 1);
  const keep = split(c.description).filter((x) => (counts.get(x) ?? 0) < Math.max(5, all.length / 3));
  return keep.join(' ') || undefined;
}

/**
 * A hook of a component class beyond its x-semantic rules: C++ run after
 * them (checkField(kGenRules) of a table-driven class, else checkFields),
 * which declares every member it reads through `ctx.reads` (see ReadBy).
 * None today; tests render classes with synthetic ones.
 */
export type RuleHook = (ctx: RuleCtx) => string[];

/** A component's header and what its members' initialisers were decided from. */
export interface RenderedComponent {
  header: string;
  /** The declared reads of the class's members. */
  reads: ReadBy;
  /** The initialisers of its fields struct: every member's (`all`), the ones it keeps (`kept`). */
  inits: { all: string[]; kept: string[] };
  /** The class's C++ outside its setters and fields struct (test/codegen/readby.test.ts audits the declarations against it). */
  code: string[];
  /** The same by reader, as declared in `reads` (the rows of the field table, each check and write case, the rules...). */
  byReader: Record<string, string[]>;
}

export function renderComponent(c: ComponentIR, all: ComponentIR[] = [c]): string {
  return renderComponentParts(c, all).header;
}

export function renderComponentParts(c: ComponentIR, all: ComponentIR[] = [c], extraHooks: RuleHook[] = []): RenderedComponent {
  const fam = c.family === 'data' ? 'Data' : 'Form';
  const base = c.family === 'data' ? 'DataComponent' : 'FormComponent';
  const holder = `${fam}${c.name}Text`;
  const keys = builderKeys(all);
  const strings = new FlashStrings(holder, keys);
  const inl = inlineTypes(c);

  // Inline enums and structs (declared in sl::data / sl::form).
  const inlineDecl: string[] = [];
  const inlineDetail: string[] = [];
  const inlineDefs: string[] = [];
  // (The enums' names and writers before the class: its setters store the names.)
  const enumDetail: string[] = [];
  for (const e of inl.enums) {
    const r = renderEnum(e, enumeratorName, fam, `${c.family}::`);
    inlineDecl.push(...r.decl, '');
    enumDetail.push(...r.detail, '');
  }
  for (const s of inl.structs) {
    const r = renderStruct(s, `${fam}${s.name}Text`, `${c.family}::`, keys);
    inlineDecl.push(...r.decl, '');
    inlineDetail.push(...r.strings.render(), '', ...r.writers, '');
    inlineDefs.push(...r.defs, '');
  }

  // The class.
  const fields = liveFields(c);
  const req = requiredCtorFields(c, c.discriminator, c.typeValue);
  const isForm = c.family === 'form';
  // The base points to the class's operations record (in flash): no vtable.
  const baseInit = `${base}(ops())`;
  const ctors = [`  ${c.name}() : ${baseInit} {}`];
  if (req.length) {
    ctors.push(
      `  ${req.length === 1 ? 'explicit ' : ''}${c.name}(${req.map(paramDecl).join(', ')}) : ${baseInit} {`,
      ...req.map((f) => `    ${setterName(f.json)}(${paramName(f.json)});`),
      `  }`,
    );
    if (req.length === 1 && req[0].type.kind === 'string') {
      const p = paramName(req[0].json);
      ctors.push(`  explicit ${c.name}(FlashString ${p}) : ${baseInit} {`, `    ${setterName(req[0].json)}(${p});`, `  }`);
    }
  }
  const n = fields.length;
  const mask = n <= 8 ? 'uint8_t' : n <= 16 ? 'uint16_t' : 'uint32_t';
  // The discriminator of a table-driven class is in its class record (GenClass root + masks).
  const tab = fieldTable(c, strings, fieldsStructName(c.name), { pathRoot: c.pathRoot, lazyEnums: n >= TABLE_MIN_FIELDS });
  // Who reads each member: every renderer below declares what its C++ reads.
  const reads = new ReadBy().merge(tab.reads);
  const cm = classMembers(c.name, c, false, enumFirst, new Map(tab.owned.filter((o) => !o.array).map((o): [string, string] => [o.json, o.fn])), n >= TABLE_MIN_FIELDS);
  // x-semantic rules, run after the fields.
  const useTable = n >= TABLE_MIN_FIELDS;
  const ruleCtx: RuleCtx = { c, strings, into: useTable, reads: reads.reader('rules') };
  const rules: string[] = [...componentRules(ruleCtx)];
  const container = fields.find((f) => f.type.kind === 'array' && f.type.items.kind === 'component');
  // Rules over a container's children that are its table's last row, with
  // no other rule (a form's formComponents): they run at the end of that
  // row's check instead of as checkField(kGenRules). The same order: the
  // row is checked last, so the rules still follow every field; unset, its
  // count is 0 and they do nothing, as before. One case, no rules call
  // (uno LampControl: Form::checkOther without its second case and reloads).
  const checkCases = [...tab.checkCases];
  const lastCase = useTable && container && fields.indexOf(container) === fields.length - 1 && !rules.length ? checkCases.lastIndexOf(`case ${fields.length - 1}: {`) : -1;
  const at = checkCases.lastIndexOf('  break;');
  if (lastCase >= 0 && at < lastCase) throw new Error(`${c.origin}: the last row's check case has no end`);
  // Inside the row's block, over its locals (the same values: the checks
  // of the items change no member) instead of reading the members again
  // after the items' calls (uno LampControl: Form::checkOther -12 B).
  const inBlock = lastCase >= 0 && checkCases[at - 1] === '  }';
  const childRules = container ? containerRules(ruleCtx, container, inBlock ? arrayLocals(0) : undefined) : [];
  if (lastCase >= 0 && childRules.length) {
    if (inBlock) checkCases.splice(at - 1, 0, ...indent(childRules, '    '));
    else checkCases.splice(at, 0, ...indent(childRules));
  } else {
    rules.push(...childRules);
  }
  const byReader: Record<string, string[]> = { 'field table': [...tab.entries.map((e) => e.row), ...tab.asserts], writeField: tab.writeCases, checkField: checkCases, rules: [...rules, ...(rules.length ? [] : childRules)], hook: [] };
  for (const h of extraHooks) {
    const lines = h({ ...ruleCtx, reads: reads.reader('hook') });
    byReader.hook.push(...lines);
    rules.push(...lines);
  }
  const hooks: Hooks = useTable
    ? { table: true, write: tab.writeCases.length > 0, check: tab.checkCases.length > 0 || rules.length > 0, rules: rules.length > 0 }
    : { table: false, write: false, check: false, rules: false };
  // A class without a table checks with inline code (checkFields).
  const inlineChecks = { checks: [] as string[], usesDepth: { value: false } };
  if (!useTable) {
    const ctx: CheckCtx = { strings, index: '-1', depth: 0, usesDepth: inlineChecks.usesDepth, reads: reads.reader('checkFields') };
    const checks = inlineChecks.checks;
    for (const f of fields) checks.push(...fieldChecks(f, selfAccess(f), `${c.pathRoot}.${f.json}`, ctx));
    byReader.checkFields = [...checks];
    checks.push(...rules);
    // Nesting: a container checks its own JSON and one level for each
    // child (each child checks its deeper levels); a leaf whose JSON is one
    // object needs no check (its holder kept a level for it).
    if (structNest(c) > 1) inlineChecks.usesDepth.value = true;
    if (inlineChecks.usesDepth.value) checks.unshift(`if (depth + ${structNest(c)} > SL_GEN_MAX_DEPTH) return ComponentError(ComponentErrorCode::TooDeep, ${strings.ref('p', c.pathRoot)});`);
  }
  const refName = fields.find((f) => f.json === 'refName');
  const refNameAcc = refName && selfAccess(refName);
  if (isForm && refNameAcc) reads.reader('refNameField').code(...refNameAcc.members);
  if (isForm) byReader.refNameField = [refNameAcc ? refNameAcc.val : ''];
  // FormComponent::refName() reads refName_ and bit 0 of flash_ (kRefName) by these offsets.
  if (isForm && (!refNameAcc || fields.indexOf(refName!) !== 0)) throw new Error(`form component ${c.name}: refName must be its first field`);
  const refNameAt = isForm ? `offsetof(${fieldsStructName(c.name)}, flash_)` : '';
  const fs = fieldsStructName(c.name);
  // What FormComponent::refName() assumes of every form component.
  const refNameAsserts = isForm
    ? [
        `static_assert((!detail::kGenFieldsAfterOps || detail::genFieldsAt<FormComponent, ${fs}>() == sizeof(FormComponent)) && offsetof(${fs}, refName_) == detail::genRefNameAt(offsetof(${fs}, flash_)) && kRefName == 1, "FormComponent::refName() finds refName_ and its flash bit");`,
      ]
    : [];
  const decl = [
    ...docComment(ownDescription(c, all)),
    `class ${c.name} : public ${base}, private ${fieldsStructName(c.name)} {`,
    ` public:`,
    ...ctors,
    '',
    ...cm.setters,
    ...skippedNote(c),
    '',
    ` private:`,
    `  // The functions ${base} calls (through the operations record; a table-driven`,
    `  // class's walk is the shared detail::genWalkTable).`,
    ...(useTable ? [] : [`  static bool walkOf(const void* self, ComponentError* e, JsonWriter* w, uint8_t depth) { return static_cast<const ${c.name}*>(static_cast<const ${base}*>(self))->walkFields(e, w, depth); }`]),
    `  static const detail::${isForm ? 'FormOps' : 'GenOps'}* ops();`,
    ...(isForm
      ? [
          `  detail::StrRef refNameField() const { return ${refNameAcc ? refNameAcc.val : 'detail::StrRef(nullptr, false)'}; }`,
        ]
      : []),
    ...(useTable ? [] : [`  bool walkFields(ComponentError* e, JsonWriter* w, uint8_t depth) const;`]),
    `  enum : ${mask} {`,
    ...cm.bits.map((b) => `    ${b},`),
    `  };`,
    ...hookDecls(c.name, { ...hooks, table: false }),
    ...(useTable ? ownedDecls(tab.owned) : [`  void writeMembers(JsonWriter& w) const;`]),
    ...(inlineChecks.checks.length ? [`  ComponentError checkFields(uint8_t depth) const;`] : []),
    `};`,
  ];

  // checkAt: nesting guard, the table's checks (checkField for the rest),
  // then the x-semantic rules (checkField(kGenRules)), all in detail::genCheck.
  const typedef = (body: string[]) => (body.some((l) => l.includes('S::')) ? [`  typedef detail::${holder}<> S;`] : []);
  const defs: string[] = [];
  const submitted = isForm ? submittedData({ c, strings, reads: reads.reader('FormOps') }, fields) : '';
  byReader.FormOps = [submitted];
  if (useTable) {
    if (c.pathRoot !== c.typeValue) throw new Error(`${c.origin}: the class record's root is both the type value and the path root`);
    const masks = `${classMasks(c)} | ${c.family === 'data' ? '0x08' : '0x10'}`;
    const record = `{&detail::genWalkTable, detail::genFieldsAt<${base}, ${fieldsStructName(c.name)}>()}`;
    const fieldsAfterOps = `static_assert(!detail::kGenFieldsAfterOps || detail::genFieldsAt<${base}, ${fieldsStructName(c.name)}>() == sizeof(const void*), "genWalkTable finds the fields right after the operations pointer");`;
    defs.push(...tableDef(c.name, holder, { ...tab, asserts: [...tab.asserts, fieldsAfterOps, ...refNameAsserts] }, hooks, masks, strings.ref('v', c.typeValue), structNest(c), { type: isForm ? 'FormOps' : 'GenOps', lines: [isForm ? `{${record}, ${refNameAt}, ${submitted}}` : record] }), '');
    defs.push(...ownedDefs(c.name, holder, tab.owned));
  } else if (!inlineChecks.checks.length) {
    defs.push(
      `inline bool ${c.name}::walkFields(ComponentError*, JsonWriter* w, uint8_t) const {`,
      `  if (w) writeMembers(*w);`,
      `  return true;`,
      `}`,
      '',
    );
  } else {
    const { checks, usesDepth } = inlineChecks;
    const body = indent(checks);
    defs.push(
      `inline bool ${c.name}::walkFields(ComponentError* e, JsonWriter* w, uint8_t depth) const {`,
      `  if (w) {`,
      `    writeMembers(*w);`,
      `    return true;`,
      `  }`,
      `  *e = checkFields(depth);`,
      `  return e->ok();`,
      `}`,
      '',
      `inline ComponentError ${c.name}::checkFields(uint8_t${usesDepth.value ? ' depth' : ''}) const {`,
      ...typedef(body),
      ...body,
      `  return ComponentError();`,
      `}`,
      '',
    );
  }
  if (hooks.check) {
    const cases = [...checkCases, ...(rules.length ? ['case detail::kGenRules: {', ...indent(rules), '  break;', '}'] : [])];
    // One case: genCheckFields calls checkField for that row only (no
    // rules), so its body stands alone, without a test of `i`.
    const single = cases.filter((l) => l.startsWith('case ')).length === 1;
    const body = single ? indent(['// (The one case genCheckFields calls this for.)', ...cases.slice(1, -2).map((l) => l.replace(/^  /, ''))]) : indent(['switch (i) {', ...indent(cases), '}']);
    defs.push(
      `inline bool ${c.name}::checkField(ComponentError& e, uint8_t${single ? '' : ' i'}, uint8_t${tab.usesDepth ? ' depth' : ''}) const {`,
      ...typedef(body),
      ...body,
      `  return true;`,
      `}`,
      '',
    );
  }
  if (useTable) {
    defs.push(...writeDefs(c.name, holder, tab, false));
  } else {
    byReader.writeMembers = writeFields(c, strings, undefined, reads.reader('writeMembers'));
    defs.push(...inlineWriteDef(c.name, holder, indent(byReader.writeMembers), 'writeMembers', [strings.ref('k', c.discriminator), strings.ref('v', c.typeValue)]));
  }
  if (isForm) {
    if (!useTable) {
      const lines = [...refNameAsserts.map((a) => `  ${a}`), ...opsRecord(true, `{&walkOf, detail::genFieldsAt<${base}, ${fieldsStructName(c.name)}>()}`, submitted, refNameAt)];
      defs.push('', `inline const detail::FormOps* ${c.name}::ops() {`, ...typedef(lines), ...lines, `}`);
    }
  } else if (!useTable) {
    defs.push('', `inline const detail::GenOps* ${c.name}::ops() {`, ...opsRecord(false, '{&walkOf, 0}'), `}`);
  }

  // A member that only tables read (by offset, under its presence bit: the
  // field table, the number rules, the submission data) and the setters
  // write is left uninitialised: nothing reads it while its bit is clear,
  // and a sketch's builder then stores only what it sets (uno LampControl:
  // the zero stores of the unset fields, -48 B). A member any code of the
  // class reads (hooks, rules, refNameField, checkField/writeField cases,
  // the inline checks and writer) keeps its initialiser. Decided from the
  // renderers' declarations (ReadBy), not from the C++ text.
  const memberOf = (init: string) => /^(\w+)\(/.exec(init)![1];
  const inits = cm.inits.filter((i) => ['set_', 'flash_'].includes(memberOf(i)) || reads.byCode(memberOf(i)));
  // A member code reads must have one to keep (not a lazy table or names pointer, a value in a union).
  const initialisable = new Set(cm.inits.map(memberOf));
  for (const m of reads.members()) {
    if (reads.byCode(m) && !initialisable.has(m)) throw new Error(`${c.origin}: ${m} is read by ${reads.of(m).filter((r) => r.kind === 'code').map((r) => r.reader).join(', ')} but has no initialiser to keep`);
  }
  const sharedDefs = strings.shareTails(defs);
  const includes = [`../${base}.h`, ...includesFor(c, undefined, '../')];
  for (const s of inl.structs) for (const i of includesFor(s, undefined, '../')) if (!includes.includes(i)) includes.push(i);
  const text = header(
    `${c.family}/${c.name}.h`,
    [`sl::${c.family}::${c.name}: the "${c.typeValue}" ${c.family === 'data' ? 'data' : 'form'} component (${c.origin}).`, '', ...usage(c)],
    includes,
    [
      ...maxJsonLines(`SL_${c.family.toUpperCase()}_${macroWords(c.name)}_MAX_JSON`, `a ${c.family} ${c.name} component`, structMax(componentLookup(all)(c.name)!, c.pathRoot, componentLookup(all))),
      '',
      'namespace sl {',
      `namespace ${c.family} {`,
      '',
      ...inlineDecl,
      ...(enumDetail.length ? [`}  // namespace ${c.family}`, '', 'namespace detail {', '', ...enumDetail, '}  // namespace detail', '', `namespace ${c.family} {`, ''] : []),
      ...fieldsStruct(c.name, mask, { members: cm.members, inits }),
      ...decl,
      '',
      `}  // namespace ${c.family}`,
      '',
      'namespace detail {',
      '',
      ...inlineDetail,
      ...strings.render(),
      '',
      '}  // namespace detail',
      '',
      `namespace ${c.family} {`,
      '',
      ...inlineDefs,
      ...sharedDefs,
      '',
      `}  // namespace ${c.family}`,
      '}  // namespace sl',
    ],
  );
  return { header: text, reads, inits: { all: cm.inits, kept: inits }, code: [...decl.filter((l) => !cm.setters.includes(l)), ...defs], byReader };
}

export function renderUmbrella(ir: ComponentsIR): string {
  const data = ir.components.filter((c) => c.family === 'data');
  const form = ir.components.filter((c) => c.family === 'form');
  return header(
    'Components.h',
    [
      `Builders for the ${data.length} data components (sl::data::*) and ${form.length} form`,
      'components (sl::form::*). Each builder checks every documented constraint',
      'before a byte is written, and writes straight into an sl::JsonWriter: no',
      'heap, no intermediate strings. Including this header costs nothing until a',
      'builder is used; every function is inline, so a sketch links only what it',
      'calls. Strings and arrays are caller-owned and must outlive writeTo().',
      '',
      '  // A text message:',
      '  sl::ComponentError e = sl::data::Text("Hello from the boiler").writeTo(writer);',
      '',
      '  // A gauge: segments are a caller-owned array.',
      '  const sl::GaugeSegment segments[] = {',
      '      sl::GaugeSegment(0, 60).setColor("#00AA00"),',
      '      sl::GaugeSegment(61, 100).setColor("#FF0000")};',
      '  sl::data::Gauge gauge;',
      '  gauge.setTitle("Boiler").setValue(42).setSegments(segments)',
      '       .setPointer(sl::GaugePointer::Needle);',
      '',
      '  // A form holds pointers to its form components.',
      '  sl::form::Slider level("level");',
      '  level.setTitle("Target").setMin(0).setMax(90).setStep(1).setValue(55);',
      '  sl::form::Switch pump("pump");',
      '  pump.setTitle("Pump").setValue(true);',
      '  const sl::FormComponent* parts[] = {&level, &pump};',
      '  sl::data::Form form;',
      '  form.setRefName("boiler").setSubmitText("Apply").setFormComponents(parts);',
      '  sl::ComponentError err = form.writeTo(writer);',
      '  if (!err.ok()) {          // nothing was written',
      '    char where[48];',
      '    err.formatPath(where, sizeof where);   // e.g. "form.formComponents[0].max"',
      '  }',
    ],
    [...data.map((c) => `data/${c.name}.h`), ...form.map((c) => `form/${c.name}.h`)],
    [],
  );
}
