// Builder classes for objects of the IR: shared structs (GaugeSegment,
// Receiver...) and components. Members, chaining setters, presence bits,
// validation code (inlined per use site so error paths name the component)
// and the JSON writing code.
import { cppString, memberName, paramName, setterName, typeName } from '../naming';
import type { ArrayType, EnumIR, FieldIR, StructIR, TypeIR } from '../ir/types';
import { docComment, FlashStrings, indent } from './cpp';

/** Fields that get C++ members (deprecated aliases and free-form objects are skipped). */
export function liveFields(s: StructIR): FieldIR[] {
  return s.fields.filter((f) => !f.deprecated && f.type.kind !== 'any' && f.constValue === undefined);
}

export function skippedFields(s: StructIR): FieldIR[] {
  return s.fields.filter((f) => f.deprecated || f.type.kind === 'any');
}

/** Qualified C++ name of an enum or struct as seen from namespace sl::data / sl::form. */
export function qualified(t: { name: string; scope: string }): string {
  return t.name;
}

export function bitName(f: FieldIR): string {
  return `k${typeName(f.json)}`;
}

export function maskType(n: number): string {
  return n <= 8 ? 'uint8_t' : n <= 16 ? 'uint16_t' : 'uint32_t';
}

function scalarCpp(t: TypeIR): string {
  switch (t.kind) {
    case 'string':
      return 'const char*';
    case 'integer':
      return t.cpp;
    case 'number':
      return 'ComponentNumber';
    case 'boolean':
      return 'bool';
    case 'enum':
      return qualified(t.ref);
    case 'struct':
      return qualified(t.ref);
    case 'component':
      return `const ${componentClass(t)}*`;
    default:
      throw new Error(`no scalar C++ type for ${t.kind}`);
  }
}

/** C++ class of a component reference, seen from namespace sl::<x>. */
export function componentClass(t: { family: string; only?: { className: string } }): string {
  if (t.only) return `${t.family}::${t.only.className}`;
  return t.family === 'data' ? 'DataComponent' : 'FormComponent';
}

/** Element type of an array member: `const char* const`, `const GaugeSegment`, `const FormComponent* const`. */
function itemCpp(a: ArrayType): string {
  const it = a.items;
  if (it.kind === 'component') return `const ${componentClass(it)}* const`;
  if (it.kind === 'array' || it.kind === 'any') throw new Error('arrays of arrays / free objects are not supported');
  if (it.kind === 'string') return 'const char* const';
  return `const ${scalarCpp(it)}`;
}

export function defaultValue(t: TypeIR): string {
  switch (t.kind) {
    case 'string':
      return 'nullptr';
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    case 'enum':
      return `${qualified(t.ref)}::${'$FIRST'}`;
    default:
      return '';
  }
}

/** Members, initialisers, setters and getters of one class. */
// `lazy`: single value-object fields whose owner table's routine (json -> tableOf function: genObjectOf<&tableOf...>) the setter stores (lazyTableMember).
// `lazyEnums`: enum fields keep their names' routine (detail::genEnumOf<Names>) before the value (lazyNamesMember), stored by the setter.
export function classMembers(cls: string, s: StructIR, withGetters: boolean, enumFirst: (e: EnumIR) => string, lazy: Map<string, string> = new Map(), lazyEnums = false): {
  members: string[];
  inits: string[];
  setters: string[];
  getters: string[];
  bits: string[];
  usesFlash: boolean;
} {
  let usesFlash = false;
  const fields = liveFields(s);
  const members: string[] = [];
  const inits: string[] = ['set_(0)'];
  const setters: string[] = [];
  const getters: string[] = [];
  const bits: string[] = [];
  fields.forEach((f, i) => {
    const m = memberName(f.json);
    const b = bitName(f);
    bits.push(`${b} = ${maskType(fields.length)}(1u) << ${i}`);
    const doc = docComment(f.description, '  ');
    const p = paramName(f.json);
    const set = setterName(f.json);
    if (f.type.kind === 'array') {
      const it = itemCpp(f.type);
      members.push(`${it}* ${m};`, `size_t ${m.slice(0, -1)}Count_;`);
      inits.push(`${m}(nullptr)`, `${m.slice(0, -1)}Count_(0)`);
      setters.push(
        ...doc,
        `  // The array is caller-owned and must outlive writeTo(); it is not copied.`,
        `  ${cls}& ${set}(${it}* items, size_t count) {`,
        `    ${m} = items;`,
        `    ${m.slice(0, -1)}Count_ = count;`,
        `    set_ |= ${b};`,
        `    return *this;`,
        `  }`,
        `  template <size_t N>`,
        `  ${cls}& ${set}(${it} (&items)[N]) {`,
        `    return ${set}(items, N);`,
        `  }`,
      );
      if (withGetters) {
        getters.push(
          `  bool has${typeName(f.json)}() const { return (set_ & ${b}) != 0; }`,
          `  ${it}* get${typeName(f.json)}() const { return ${m}; }`,
          `  size_t get${typeName(f.json)}Count() const { return ${m.slice(0, -1)}Count_; }`,
        );
      }
      return;
    }
    if (f.type.kind === 'component') {
      const cls2 = componentClass(f.type);
      members.push(`const ${cls2}* ${m};`);
      inits.push(`${m}(nullptr)`);
      setters.push(
        ...doc,
        `  // The component is caller-owned and must outlive writeTo(); it is not copied.`,
        `  ${cls}& ${set}(const ${cls2}& ${p}) {`,
        `    ${m} = &${p};`,
        `    set_ |= ${b};`,
        `    return *this;`,
        `  }`,
      );
      if (withGetters) getters.push(`  bool has${typeName(f.json)}() const { return (set_ & ${b}) != 0; }`, `  const ${cls2}* get${typeName(f.json)}() const { return ${m}; }`);
      return;
    }
    const t = scalarCpp(f.type);
    const lazyTable = lazy.get(f.json);
    const lazyNames = lazyEnums && f.type.kind === 'enum' ? `&detail::genEnumOf<${enumNamesHolder(f.type.ref)}<>>` : undefined;
    if (lazyNames) members.push(`detail::GenViaFn ${lazyNamesMember(f)};  // the names' routine, stored by the setter`);
    if (lazyTable) {
      // In an anonymous union: not constructed with the builder (no stores
      // while the field stays unset); the setter's (trivial) assignment
      // starts its life, and the walk reads it only when its bit is set.
      members.push(`detail::GenViaFn ${lazyTableMember(f)};  // the owner table's routine, stored by the setter`, `union {`, `  ${t} ${m};  // assigned by the setter`, `};`);
    } else {
      members.push(`${t} ${m};`);
    }
    if (f.type.kind === 'string' && flashable(f)) usesFlash = true;
    if (lazyTable) {
      // (left uninitialised, see above)
    } else if (f.type.kind === 'struct') inits.push(`${m}()`);
    else if (f.type.kind === 'enum') inits.push(`${m}(${qualified(f.type.ref)}::${enumFirst(f.type.ref)})`);
    else inits.push(`${m}(${defaultValue(f.type)})`);
    const arg = f.type.kind === 'struct' ? `const ${t}& ${p}` : `${t} ${p}`;
    setters.push(...doc);
    const mt = maskType(fields.length);
    const fl = flashable(f);
    const clearFlash = fl ? [`    flash_ &= static_cast<${mt}>(~${b});`] : [];
    const flashSetter = (presence: string[]) =>
      fl
        ? [
            `  // The same from a flash string (SL_F("..."), F("...") on Arduino).`,
            `  ${cls}& ${set}(FlashString ${p}) {`,
            `    ${m} = ${p}.ptr();`,
            ...presence.map((l) => l.replace(new RegExp(`\\b${p}\\b`, 'g'), `${p}.ptr()`)),
            `    flash_ |= ${b};`,
            `    return *this;`,
            `  }`,
          ]
        : [];
    if (f.type.kind === 'string' && f.nullable) {
      setters.push(`  // nullptr writes JSON null.`, `  ${cls}& ${set}(${arg}) {`, `    ${m} = ${p};`, `    set_ |= ${b};`, ...clearFlash, `    return *this;`, `  }`);
      setters.push(...flashSetter([`    set_ |= ${b};`]));
    } else if (f.type.kind === 'string' && fl) {
      // Both setters through the shared detail::genSetString (pointer, presence bit, flash bit).
      setters.push(
        `  // Caller-owned, must outlive writeTo(); nullptr leaves the field out.`,
        `  ${cls}& ${set}(${arg}) {`,
        `    detail::genSetString(${m}, set_, flash_, ${b}, ${p}, false);`,
        `    return *this;`,
        `  }`,
        `  // The same from a flash string (SL_F("..."), F("...") on Arduino).`,
        `  ${cls}& ${set}(FlashString ${p}) {`,
        `    detail::genSetString(${m}, set_, flash_, ${b}, ${p}.ptr(), true);`,
        `    return *this;`,
        `  }`,
      );
    } else if (f.type.kind === 'string') {
      const presence = [`    if (${p}) set_ |= ${b}; else set_ &= static_cast<${mt}>(~${b});`];
      setters.push(
        `  // Caller-owned, must outlive writeTo(); nullptr leaves the field out.`,
        `  ${cls}& ${set}(${arg}) {`,
        `    ${m} = ${p};`,
        ...presence,
        ...clearFlash,
        `    return *this;`,
        `  }`,
      );
      setters.push(...flashSetter(presence));
    } else {
      setters.push(
        `  ${cls}& ${set}(${arg}) {`,
        ...(lazyTable ? [`    ${lazyTableMember(f)} = &detail::genObjectOf<&${lazyTable}>;`] : []),
        ...(lazyNames ? [`    ${lazyNamesMember(f)} = ${lazyNames};`] : []),
        `    ${m} = ${p};`,
        `    set_ |= ${b};`,
        `    return *this;`,
        `  }`,
      );
    }
    if (withGetters) {
      getters.push(`  bool has${typeName(f.json)}() const { return (set_ & ${b}) != 0; }`);
      if (f.type.kind === 'string') {
        getters.push(`  // The text and whether it lives in flash.`, `  detail::StrRef get${typeName(f.json)}() const { return ${strExpr(f)}; }`);
      } else {
        getters.push(`  ${f.type.kind === 'struct' ? `const ${t}&` : t} get${typeName(f.json)}() const { return ${m}; }`);
      }
    }
  });
  if (usesFlash) {
    members.unshift(`${maskType(fields.length)} flash_;  // string fields set from flash`);
    inits.splice(1, 0, 'flash_(0)');
  }
  return { members, inits, setters, getters, bits, usesFlash };
}

/** String fields a sketch may set from flash (not URL parts: the HTTP writer reads RAM). */
export function flashable(f: FieldIR): boolean {
  return f.type.kind === 'string' && f.location !== 'query' && f.location !== 'path';
}

/** A detail::StrRef expression for a string member of the current class. */
export function strExpr(f: FieldIR): string {
  const m = memberName(f.json);
  return flashable(f) ? `detail::StrRef(${m}, (flash_ & ${bitName(f)}) != 0)` : `detail::StrRef(${m}, false)`;
}

/**
 * Which code reads each data member of a class, declared by the renderers
 * as they emit it: renderComponent() keeps a member's zero-initialiser when
 * code of the class reads it, and consults only this record (never the C++
 * text). Two kinds of read:
 * - `table`: by offset, by shared code walking flash data that tests the
 *   member's presence bit first (field-table rows, owner tables, the
 *   number-rule rows, a form component's submission data);
 * - `code`: by the class's own C++ (checkField/writeField cases, the
 *   x-semantic rules, refNameField(), the inline checks and writer), which
 *   the rule does not trust to test the presence bit first.
 * A renderer that emits C++ reading a member, by name or not (through an
 * offset, a helper, a cast of the fields struct), must declare it here.
 * test/codegen/readby.test.ts audits the declarations against the text.
 */
export type ReadKind = 'code' | 'table';

export interface MemberRead {
  /** The reading code: a C++ function of the class ('checkField', 'refNameField'...) or a table. */
  reader: string;
  kind: ReadKind;
}

/** One reader's declarations (ReadBy.reader()). */
export interface Reader {
  /** The reader's C++ reads these members (see ReadBy). */
  code(...members: string[]): void;
  /** The reader reads these members by offset, each only under its presence bit (see ReadBy). */
  table(...members: string[]): void;
}

export class ReadBy {
  private readonly reads = new Map<string, MemberRead[]>();

  reader(name: string): Reader {
    return { code: (...members) => this.add(name, 'code', members), table: (...members) => this.add(name, 'table', members) };
  }

  /** Adds the declarations of another record (a field table's). */
  merge(other: ReadBy): this {
    for (const [m, rs] of other.reads) for (const r of rs) this.add(r.reader, r.kind, [m]);
    return this;
  }

  /** The declared reads of a member. */
  of(member: string): readonly MemberRead[] {
    return this.reads.get(member) ?? [];
  }

  /** Code of the class reads the member (not only tables under its presence bit): it needs its initialiser. */
  byCode(member: string): boolean {
    return this.of(member).some((r) => r.kind === 'code');
  }

  /** Every member some reader declared. */
  members(): string[] {
    return [...this.reads.keys()];
  }

  private add(reader: string, kind: ReadKind, members: string[]): void {
    for (const m of members) {
      const rs = this.reads.get(m) ?? [];
      if (!rs.some((r) => r.reader === reader && r.kind === kind)) rs.push({ reader, kind });
      this.reads.set(m, rs);
    }
  }
}

/** How generated code reaches a field: inside the class, or through getters of an element. */
export interface Access {
  has: string;
  val: string;
  count: string;
  /** The class's data members `val` and `count` name (none through getters). */
  members: string[];
  /** Those `has` names (set_; none through getters). */
  presence: string[];
}

export function selfAccess(f: FieldIR): Access {
  const m = memberName(f.json);
  const count = `${m.slice(0, -1)}Count_`;
  const members = f.type.kind === 'array' ? [m, count] : f.type.kind === 'string' && flashable(f) ? [m, 'flash_'] : [m];
  return { has: `(set_ & ${bitName(f)})`, val: f.type.kind === 'string' ? strExpr(f) : m, count, members, presence: ['set_'] };
}

export function getterAccess(obj: string, f: FieldIR): Access {
  const n = typeName(f.json);
  return { has: `${obj}.has${n}()`, val: `${obj}.get${n}()`, count: `${obj}.get${n}Count()`, members: [], presence: [] };
}

export interface CheckCtx {
  strings: FlashStrings;
  /** Current array index expression ("-1" outside arrays). */
  index: string;
  depth: number;
  /** Name of the depth parameter when children are checked. */
  usesDepth: { value: boolean };
  /**
   * JSON levels between the class's own object and a value at ctx.depth 0
   * (1 for a component: its object; 0 for a request body, whose object is
   * part of the envelope, SL_GEN_ENVELOPE_DEPTH). Default 1.
   */
  depthBase?: number;
  /** The class checks through a field table: nested value objects may too (else inline code). */
  tables?: boolean;
  /**
   * The table (an expression: `tableOfSegments()`) that checks the value
   * object of this field and writes it too (an owner table, see
   * ownerTable()); else structCheckTable() declares one in place.
   */
  ownTable?: string;
  /** Where the checks declare the members they read (ReadBy; a component's classes). */
  reads?: Reader;
}

/** The `depth` a component value at ctx is checked at, relative to its holder's. */
function childDepth(ctx: CheckCtx): number {
  return (ctx.depthBase ?? 1) + ctx.depth;
}

/**
 * JSON levels a value of type t reaches, `lvl` levels being open around it
 * inside its class's value (the class's object counted): a component value
 * counts one level, kept for it by its holder (the component checks its
 * deeper levels itself at the depth its holder passes).
 */
function jsonNeed(t: TypeIR, lvl: number): number {
  if (t.kind === 'component') return lvl + 1;
  if (t.kind === 'struct') return structNeed(t.ref, lvl + 1);
  if (t.kind === 'array') return jsonNeed(t.items, lvl + 1);
  return lvl;
}

function structNeed(s: StructIR, lvl: number): number {
  let deepest = lvl;
  for (const f of liveFields(s)) deepest = Math.max(deepest, jsonNeed(f.type, lvl));
  return deepest;
}

/**
 * JSON levels the given fields of an object reach, `lvl` levels being open
 * around their values (the object counted); a component counts one level
 * (see jsonNeed()). A WebSocket request: its body's and parameters' fields
 * at lvl 2 (the envelope's object and theirs).
 */
export function fieldsNeed(fields: FieldIR[], lvl: number): number {
  let deepest = lvl;
  for (const f of fields) deepest = Math.max(deepest, jsonNeed(f.type, lvl));
  return deepest;
}

/**
 * GenClass::nest of a component class: the JSON levels of its own value
 * (its object, the arrays and objects inside), one more for each component
 * it holds. TooDeep when depth + nest > SL_GEN_MAX_DEPTH.
 */
export function structNest(s: StructIR): number {
  return structNeed(s, 1);
}

function err(ctx: CheckCtx, code: string, path: string, index = ctx.index): string {
  const p = ctx.strings.ref('p', path);
  // Table-driven classes return errors through the out-of-line detail::genFail
  // (one call per site); inline code keeps the constructor inline, so a caller
  // that only tests ok() lets the optimiser drop the unused paths.
  const idx = index === '-1' ? '' : `, ${index}`;
  return ctx.tables ? `return detail::genFail(e, ComponentErrorCode::${code}, ${p}${idx});` : `return ComponentError(ComponentErrorCode::${code}, ${p}${idx});`;
}

function lit(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n);
}

/** A bound of a number field: an integer literal keeps floating point out of the sketch. */
function numberLit(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= 0x7fffffff) return String(n);
  return `ComponentNumber(${Number.isInteger(n) ? `${n}.0` : String(n)})`;
}

/** An array's items and count as a table's check reads them (once, into these locals of its block; `depth` 0: a row's own array). */
export interface ArrayAccess {
  items: string;
  count: string;
}
export const arrayLocals = (depth: number): ArrayAccess => ({ items: `a${depth}`, count: `n${depth}` });

/** Validation lines for one field (schema constraints only; x-semantic rules are separate). */
export function fieldChecks(f: FieldIR, acc: Access, path: string, ctx: CheckCtx): string[] {
  const body = valueChecks(f.type, acc.val, acc.count, path, ctx, f.nullable);
  // (Every non-empty body reads the value: valueChecks names it in each line it returns.)
  if (body.length) ctx.reads?.code(...acc.members);
  const out: string[] = [];
  if (f.required) {
    out.push(`if (!${acc.has}) ${err(ctx, 'MissingRequired', path)}`);
    if (body.length) out.push(`{`, ...indent(body), `}`);
  } else if (body.length) {
    out.push(`if (${acc.has}) {`, ...indent(body), `}`);
  }
  if (out.length) ctx.reads?.code(...acc.presence);
  return out;
}

function valueChecks(t: TypeIR, v: string, count: string, path: string, ctx: CheckCtx, nullable: boolean): string[] {
  const out: string[] = [];
  switch (t.kind) {
    case 'string': {
      const c: string[] = [];
      if (t.minLength !== undefined && t.minLength > 0) c.push(`if (!detail::lengthAtLeast(${v}, ${t.minLength})) ${err(ctx, 'TooShort', path)}`);
      if (t.maxLength !== undefined) c.push(`if (!detail::lengthAtMost(${v}, ${t.maxLength})) ${err(ctx, 'TooLong', path)}`);
      if (t.format === 'date-time') c.push(`if (!detail::isDateTime(${v})) ${err(ctx, 'BadDateTime', path)}`);
      else if (t.format !== undefined && t.format !== 'color') throw new Error(`${path}: format "${t.format}" cannot be checked on the device`);
      if (!c.length && t.format !== 'color') return [];
      if (!v.startsWith('detail::StrRef') && !/\.get\w+\(\)$/.test(v)) throw new Error(`internal: string check on a raw pointer ${v}`);
      if (t.format === 'color') {
        c.push(`if (!detail::isColor(${v}${t.allowEmpty ? ', true' : ''})) ${err(ctx, 'BadColor', path)}`);
      }
      if (!c.length) return [];
      if (nullable) return [`if (!${v}.null()) {`, ...indent(c), `}`];
      return c;
    }
    case 'integer': {
      const conds: string[] = [];
      if (t.minimum !== undefined) conds.push(`${v} < ${lit(t.minimum)}`);
      if (t.maximum !== undefined) conds.push(`${v} > ${lit(t.maximum)}`);
      if (conds.length) out.push(`if (${conds.join(' || ')}) ${err(ctx, 'OutOfRange', path)}`);
      return out;
    }
    case 'number': {
      out.push(`if (!detail::numberFinite(${v})) ${err(ctx, 'NotFinite', path)}`);
      if (t.minimum !== undefined && t.exclusiveMinimum !== undefined) throw new Error(`${path}: both minimum and exclusiveMinimum`);
      if (t.maximum !== undefined && t.exclusiveMaximum !== undefined) throw new Error(`${path}: both maximum and exclusiveMaximum`);
      const lo = t.minimum ?? t.exclusiveMinimum;
      const hi = t.maximum ?? t.exclusiveMaximum;
      // numberOutside's mode: 1 lo applies, 2 hi applies, 4 lo exclusive, 8 hi exclusive.
      const mode = (lo !== undefined ? 1 : 0) | (hi !== undefined ? 2 : 0) | (t.exclusiveMinimum !== undefined ? 4 : 0) | (t.exclusiveMaximum !== undefined ? 8 : 0);
      if (mode) out.push(`if (detail::numberOutside(${v}, ${numberLit(lo ?? 0)}, ${numberLit(hi ?? 0)}, ${mode})) ${err(ctx, 'OutOfRange', path)}`);
      return out;
    }
    case 'boolean':
      return [];
    case 'enum':
      return [`if (static_cast<uint8_t>(${v}) >= ${t.ref.values.length}) ${err(ctx, 'NotInEnum', path)}`];
    case 'struct': {
      const tab = structCheckTable(t.ref, path, ctx);
      if (tab) {
        if (!tab.cls) return [];
        const idx = ctx.index === '-1' ? [] : [`    e.index = ${ctx.index};`];
        return [`{`, ...indent(tab.decl), `  if (!${v}.checkWith(e, ${tab.ref})) {`, ...idx, `    return false;`, `  }`, `}`];
      }
      const obj = `o${ctx.depth}`;
      const inner: string[] = [];
      const sub = { ...ctx, depth: ctx.depth + 1 };
      for (const f of liveFields(t.ref)) inner.push(...fieldChecks(f, getterAccess(obj, f), `${path}.${f.json}`, sub));
      if (!inner.length) return [];
      return [`{`, `  const ${qualified(t.ref)}& ${obj} = ${v};`, ...indent(inner), `}`];
    }
    case 'component': {
      ctx.usesDepth.value = true;
      if (ctx.tables) {
        return [`if (!${v}->check(e, static_cast<uint8_t>(depth + ${childDepth(ctx)}))) {`, `  if (!e.parent) e.parent = ${ctx.strings.ref('p', path)};`, `  return false;`, `}`];
      }
      return [
        `ComponentError e = ${v}->checkAt(static_cast<uint8_t>(depth + ${childDepth(ctx)}));`,
        `if (!e.ok()) {`,
        `  if (!e.parent) e.parent = ${ctx.strings.ref('p', path)};`,
        `  return e;`,
        `}`,
      ];
    }
    case 'array': {
      const i = `i${ctx.depth}`;
      // A table's hook reads the items pointer and count once, into locals
      // (a hook case has them to itself): a member is read again after each
      // call (uno LampControl: Form::checkOther -6 B, Gauge::checkOther -18 B).
      const locals: string[] = [];
      if (ctx.tables) {
        const l = arrayLocals(ctx.depth);
        locals.push(`${itemCpp(t)}* const ${l.items} = ${v};`, `const size_t ${l.count} = ${count};`);
        v = l.items;
        count = l.count;
      }
      out.push(...locals);
      out.push(`if (${count} && !${v}) ${err(ctx, 'NullItem', path)}`);
      if (t.minItems !== undefined && t.minItems > 0) out.push(`if (${count} < ${t.minItems}) ${err(ctx, 'TooFewItems', path)}`);
      if (t.maxItems !== undefined) out.push(`if (${count} > ${t.maxItems}) ${err(ctx, 'TooManyItems', path)}`);
      const sub: CheckCtx = { ...ctx, index: `static_cast<int16_t>(${i})`, depth: ctx.depth + 1 };
      const itemPath = `${path}[]`;
      const it = t.items;
      const loop: string[] = [];
      if (it.kind === 'component') {
        ctx.usesDepth.value = true;
        loop.push(
          `if (!${v}[${i}]) ${err(sub, 'NullItem', itemPath)}`,
          ...(ctx.tables
            ? [`if (!${v}[${i}]->check(e, static_cast<uint8_t>(depth + ${childDepth(sub)}))) {`]
            : [`ComponentError e = ${v}[${i}]->checkAt(static_cast<uint8_t>(depth + ${childDepth(sub)}));`, `if (!e.ok()) {`]),
          `  if (!e.parent) {`,
          `    e.parent = ${ctx.strings.ref('p', itemPath)};`,
          `    e.item = static_cast<int16_t>(${i});`,
          `  }`,
          `  return ${ctx.tables ? 'false' : 'e'};`,
          `}`,
        );
      } else if (it.kind === 'string') {
        loop.push(`if (!${v}[${i}]) ${err(sub, 'NullItem', itemPath)}`, ...valueChecks(it, `detail::StrRef(${v}[${i}], false)`, '', itemPath, sub, false));
      } else if (it.kind === 'struct' && structCheckTable(it.ref, itemPath, sub)) {
        const tab = structCheckTable(it.ref, itemPath, sub)!;
        if (tab.cls) {
          loop.push(...tab.decl, `if (!${v}[${i}].checkWith(e, ${tab.ref})) {`, `  e.index = static_cast<int16_t>(${i});`, `  return false;`, `}`);
        }
      } else if (it.kind === 'struct') {
        const inner: string[] = [];
        const obj = `o${ctx.depth}`;
        for (const f of liveFields(it.ref)) inner.push(...fieldChecks(f, getterAccess(obj, f), `${itemPath}.${f.json}`, sub));
        if (inner.length) loop.push(`const ${qualified(it.ref)}& ${obj} = ${v}[${i}];`, ...inner);
      } else {
        loop.push(...valueChecks(it, `${v}[${i}]`, '', itemPath, sub, false));
      }
      if (t.unique) {
        const j = `j${ctx.depth}`;
        const same = it.kind === 'string' ? `detail::sameString(detail::StrRef(${v}[${i}], false), detail::StrRef(${v}[${j}], false), true)` : `${v}[${i}] == ${v}[${j}]`;
        loop.push(`for (size_t ${j} = 0; ${j} < ${i}; ++${j}) {`, `  if (${same}) ${err(sub, 'Duplicate', itemPath)}`, `}`);
      }
      if (loop.length) out.push(`for (size_t ${i} = 0; ${i} < ${count}; ++${i}) {`, ...indent(loop), `}`);
      return locals.length ? [`{`, ...indent(out), `}`] : out;
    }
    default:
      return [];
  }
}

/** Lines writing the value of a field (key already written). */
export function writeValue(t: TypeIR, v: string, count: string, depth: number): string[] {
  switch (t.kind) {
    case 'string':
      {
        // A member string (pointer and flash bit): the tables' writer, one call.
        const m = /^detail::StrRef\((\w+_), (.+)\)$/.exec(v);
        if (m) return [`detail::genWriteString(w, &${m[1]}, ${m[2]});`];
        return [v.startsWith('detail::StrRef') ? `detail::genString(w, ${v});` : `detail::genString(w, detail::StrRef(${v}, false));`];
      }
    case 'integer':
      return [t.cpp === 'ComponentInt' ? `detail::genInt(w, ${v});` : `detail::genInt32(w, ${v});`];
    case 'number':
      return [`detail::genNumber(w, ${v});`];
    case 'boolean':
      return [`detail::genBool(w, ${v});`];
    case 'enum':
      return [`detail::genEnum(w, ${v});`];
    case 'struct':
      return [`${v}.writeJson(w);`];
    case 'component':
      return [`${v}->writeJson(w);`];
    case 'array': {
      const i = `i${depth}`;
      const it = t.items;
      const item = it.kind === 'component' ? [`${v}[${i}]->writeJson(w);`] : writeValue(it, `${v}[${i}]`, '', depth + 1);
      return [`detail::genBeginArray(w);`, `for (size_t ${i} = 0; ${i} < ${count}; ++${i}) {`, ...indent(item), `}`, `detail::genEndArray(w);`];
    }
    default:
      return [];
  }
}

/** Body of writeJson for the fields of `s` (between begin/endObject); `reads`: where it declares the members it reads. */
export function writeFields(s: StructIR, strings: FlashStrings, only?: (f: FieldIR) => boolean, reads?: Reader): string[] {
  const out: string[] = [];
  for (const f of s.fields.filter((x) => x.constValue !== undefined)) {
    out.push(`detail::genKey(w, ${strings.ref('k', f.json)});`, `detail::genFlashString(w, ${strings.ref('v', f.constValue as string)});`);
  }
  for (const f of liveFields(s).filter((x) => !only || only(x))) {
    const acc = selfAccess(f);
    const key = strings.ref('k', f.json);
    reads?.code(...acc.presence, ...acc.members);
    out.push(`if (${acc.has}) {`, `  detail::genKey(w, ${key});`, ...indent(writeValue(f.type, acc.val, acc.count, 0)), `}`);
  }
  return out;
}

/** Enum declaration plus its JSON writer (genEnum overload). */
export function renderEnum(e: EnumIR, enumerator: (v: string) => string, holderPrefix: string, qual: string): { decl: string[]; detail: string[] } {
  const names = e.values.map(enumerator);
  const holder = `${holderPrefix}${e.name}Names`;
  const decl = [
    ...docComment(e.description),
    `enum class ${e.name} : uint8_t {`,
    ...e.values.map((v, i) => `  ${names[i]},  // ${cppString(v)}`),
    `};`,
  ];
  const detail = [
    `// The JSON names back to back, in enumerator order.`,
    `template <typename T = void>`,
    `struct ${holder} {`,
    `  static const char text[];`,
    `};`,
    `template <typename T> const char ${holder}<T>::text[] SL_PROGMEM = ${cppString(e.values.join('\u0000') + '\u0000')};  // (an empty name closes the list)`,
    '',
    `// Writes the name; null for a value that is not an enumerator (validation reports NotInEnum first).`,
    `inline void genEnum(JsonWriter& w, ${qual}${e.name} v) { genWriteEnumName(w, ${holder}<>::text, ${e.values.length}, static_cast<uint8_t>(v)); }`,
    `// The same through a pointer to the value (field tables).`,
    `inline void ${enumFieldWriter(e)}(JsonWriter& w, const void* v, bool) {`,
    `  genWriteEnumName(w, ${holder}<>::text, ${e.values.length}, *static_cast<const uint8_t*>(v));`,
    `}`,
  ];
  return { decl, detail };
}

/** Name of the struct holding a class's data members (a private base of the class). */
export function fieldsStructName(cls: string): string {
  return `${cls}Fields`;
}

/** The writer of an enum's value through a pointer (a field table's `write`). */
export function enumFieldWriter(e: EnumIR): string {
  return `gen${e.scope === 'shared' ? '' : e.scope === 'data' ? 'Data' : 'Form'}${e.name}Field`;
}

const INT16_MIN = -32768;
const INT16_MAX = 32767;
const fitsInt16 = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= INT16_MIN && n <= INT16_MAX);

interface TableCheck {
  fn: string;
  flags: string[];
  lo: number;
  hi: number;
}

/** How the table checks a field's value: a shared routine, 'other' (the class's checkField) or 'none'. */
function tableCheck(f: FieldIR): TableCheck | 'other' | 'none' {
  const t = f.type;
  switch (t.kind) {
    case 'string': {
      if (t.format !== undefined && t.format !== 'color' && t.format !== 'date-time') throw new Error(`${f.json}: format "${t.format}" cannot be checked on the device`);
      const minLen = t.minLength !== undefined && t.minLength > 0 ? t.minLength : undefined;
      const kinds = (minLen !== undefined || t.maxLength !== undefined ? 1 : 0) + (t.format === 'date-time' ? 1 : 0) + (t.format === 'color' ? 1 : 0);
      if (kinds === 0) return 'none';
      if (kinds > 1) return 'other';
      if (t.format === 'date-time') return { fn: 'genCheckDateTime', flags: [], lo: 0, hi: 0 };
      if (t.format === 'color') return { fn: 'genCheckColor', flags: t.allowEmpty ? ['kGenLo'] : [], lo: 0, hi: 0 };
      if (!fitsInt16(minLen) || !fitsInt16(t.maxLength)) return 'other';
      // minLength 1 alone (every refName and id today): one read, not genCheckLength's loops.
      if (minLen === 1 && t.maxLength === undefined) return { fn: 'genCheckNonEmpty', flags: [], lo: 0, hi: 0 };
      return {
        fn: 'genCheckLength',
        flags: [...(minLen !== undefined ? ['kGenLo'] : []), ...(t.maxLength !== undefined ? ['kGenHi'] : [])],
        lo: minLen ?? 0,
        hi: t.maxLength ?? 0,
      };
    }
    case 'integer': {
      if (t.minimum === undefined && t.maximum === undefined) return 'none';
      if (!fitsInt16(t.minimum) || !fitsInt16(t.maximum)) return 'other';
      const fn = t.cpp === 'int16_t' ? 'genCheckInt16' : t.cpp === 'int32_t' ? 'genCheckInt32' : 'genCheckInt';
      return { fn, flags: [...(t.minimum !== undefined ? ['kGenLo'] : []), ...(t.maximum !== undefined ? ['kGenHi'] : [])], lo: t.minimum ?? 0, hi: t.maximum ?? 0 };
    }
    case 'number': {
      if (t.minimum !== undefined && t.exclusiveMinimum !== undefined) return 'other';
      if (t.maximum !== undefined && t.exclusiveMaximum !== undefined) return 'other';
      // An exclusive bound is stored as the integer-inclusive one (exclusiveMinimum 0:
      // lo 1), so that the integer range check (genRange32) has no exclusive case;
      // numberFloatOp, given kGenLoExclusive / kGenHiExclusive, steps it back.
      const lo = t.minimum ?? (t.exclusiveMinimum !== undefined ? t.exclusiveMinimum + 1 : undefined);
      const hi = t.maximum ?? (t.exclusiveMaximum !== undefined ? t.exclusiveMaximum - 1 : undefined);
      if (!fitsInt16(lo) || !fitsInt16(hi)) return 'other';
      const flags = [
        ...(lo !== undefined ? ['kGenLo'] : []),
        ...(hi !== undefined ? ['kGenHi'] : []),
        ...(t.exclusiveMinimum !== undefined ? ['kGenLoExclusive'] : []),
        ...(t.exclusiveMaximum !== undefined ? ['kGenHiExclusive'] : []),
      ];
      return { fn: 'genCheckNumber', flags, lo: lo ?? 0, hi: hi ?? 0 };
    }
    case 'boolean':
      return 'none';
    case 'enum':
      return { fn: 'genCheckEnum', flags: ['kGenHi'], lo: 0, hi: t.ref.values.length };
    default:
      return 'other';
  }
}

/** Which shared routine writes a value of type `t` through a pointer; 'nullptr': the class's writeField. */
export function tableWriter(t: TypeIR): string {
  switch (t.kind) {
    case 'string':
      return '&detail::genWriteString';
    case 'integer':
      return t.cpp === 'int16_t' ? '&detail::genWriteInt16' : t.cpp === 'int32_t' ? '&detail::genWriteInt32' : '&detail::genWriteInt';
    case 'number':
      return '&detail::genWriteNumber';
    case 'boolean':
      return '&detail::genWriteBool';
    case 'enum':
      return `&detail::${enumFieldWriter(t.ref)}`;
    case 'struct':
      return `&detail::${structFieldWriter(t.ref, false)}`;
    case 'component':
      return t.only ? 'nullptr' : `&detail::genWrite${t.family === 'data' ? 'Data' : 'Form'}Component`;
    case 'array': {
      const it = t.items;
      if (it.kind === 'string') return '&detail::genWriteStringArray';
      if (it.kind === 'struct') return `&detail::${structFieldWriter(it.ref, true)}`;
      if (it.kind === 'component' && !it.only) return `&detail::genWrite${it.family === 'data' ? 'Data' : 'Form'}ComponentArray`;
      return 'nullptr';
    }
    default:
      return 'nullptr';
  }
}

/** The writer of a struct value (or of an array of them) through a pointer. */
export function structFieldWriter(s: StructIR, array: boolean): string {
  return `genWrite${s.scope === 'shared' ? '' : s.scope === 'data' ? 'Data' : 'Form'}${s.name}${array ? 'Array' : 'Field'}`;
}

export interface FieldTable {
  /** Entries of the table (C++ initialisers, inside a function where `S` is the string holder). */
  entries: TableRow[];
  /** `case` blocks of writeField (values the table cannot write). */
  writeCases: string[];
  /** `case` blocks of checkField (values the table cannot check). */
  checkCases: string[];
  /** checkField uses `depth`. */
  usesDepth: boolean;
  /** Owner tables of value-object fields (see ownerTable()). */
  owned: OwnedTable[];
  /** static_asserts of the layouts the rows rely on (in ops()). */
  asserts: string[];
  /** The members the rows (`table`) and the writeField/checkField cases (`code`) read. */
  reads: ReadBy;
}

/**
 * A value-object field (or array of them) of a component checked and
 * written by one table of the component (`tableOf<Field>()`: its error
 * paths, and the keys and writers of the value object's own table), so
 * that the value object's own table is not linked: one table instead of
 * a check table plus the object's write table. The row's writer is
 * `writeOf<Field>`.
 */
export interface OwnedTable {
  /** The field (a single value object: its setter stores `fn()` in lazyTableMember(field)). */
  json: string;
  fn: string;
  writer: string;
  entries: TableRow[];
  masks: string;
  st: StructIR;
  array: boolean;
  /** An array's row check (genCheckObjects), when it is all the array's checks (itemsChecker). */
  checker?: string;
}

/**
 * True for an array of value objects whose only checks are its items'
 * (no item count bounds, no uniqueness): a row can check it with
 * detail::genCheckObjects when the items have an owner table.
 */
export function itemsChecker(f: FieldIR): boolean {
  const t = f.type;
  return t.kind === 'array' && t.items.kind === 'struct' && !(t.minItems !== undefined && t.minItems > 0) && t.maxItems === undefined && !t.unique;
}

/** The owner table of a field, when it has checks and the object's every field has a table writer. */
function ownerTable(f: FieldIR, path: string, strings: FlashStrings): OwnedTable | undefined {
  const t = f.type;
  const array = t.kind === 'array';
  const st = t.kind === 'struct' ? t.ref : t.kind === 'array' && t.items.kind === 'struct' ? t.items.ref : undefined;
  if (!st) return undefined;
  if (st.fields.some((x) => x.constValue !== undefined)) return undefined;
  if (liveFields(st).some((x) => tableWriter(x.type) === 'nullptr')) return undefined;
  const ctx: CheckCtx = { strings, index: array ? 'i' : '-1', depth: array ? 1 : 0, usesDepth: { value: false }, tables: true };
  const tab = structCheckTable(st, array ? `${path}[]` : path, ctx, true);
  if (!tab || !tab.cls) return undefined;
  const p = setterName(f.json).slice(3);
  return { json: f.json, fn: `tableOf${p}`, writer: `writeOf${p}`, entries: tab.entries, masks: classMasks(st), st, array };
}

/** Declarations (in the class) and definitions (`cls`: the class) of its owner tables. */
export function ownedDecls(owned: OwnedTable[]): string[] {
  return owned.flatMap((o) => [
    `  static const detail::GenClass* ${o.fn}();`,
    ...(o.array ? [`  static void ${o.writer}(JsonWriter& w, const void* v, bool);`] : []),
    ...(o.checker ? [`  static ComponentErrorCode ${o.checker}(const void* v, uint8_t, const detail::GenBounds*, ComponentError& e);`] : []),
  ]);
}

/**
 * The member holding a single value object's owner table routine
 * (genObjectOf<tableOf<Field>>, right before the object): the setter
 * stores it, so that a sketch that never sets the field links neither the
 * table nor its paths and writers, nor the routine (uno LampControl:
 * Form.receiver).
 */
export function lazyTableMember(f: FieldIR): string {
  return `${memberName(f.json).slice(0, -1)}Table_`;
}

/**
 * The member holding an enum field's names' routine (genEnumOf<Names>,
 * right before the value) in a table-driven component: its setter stores
 * it, so a sketch links the names, and the enum code, of the enums it
 * sets only (uno LampControl: Gauge.pointer, Gauge.progressBar and
 * Form.align unset).
 */
export function lazyNamesMember(f: FieldIR): string {
  return `${memberName(f.json).slice(0, -1)}Names_`;
}

/** The detail:: holder of an enum's names (renderEnum's). */
export function enumNamesHolder(e: EnumIR): string {
  return `detail::${e.scope === 'shared' ? '' : e.scope === 'data' ? 'Data' : 'Form'}${e.name}Names`;
}

export function ownedDefs(cls: string, holder: string, owned: OwnedTable[]): string[] {
  return owned.flatMap((o) => {
    const q = qualified(o.st);
    const f = `${cls}Fields`;
    const m = memberName(o.json);
    const t = `${m.slice(0, -1)}Table_`;
    const decl = tableDecl('t', o.entries, '    ');
    return [
      `inline const detail::GenClass* ${cls}::${o.fn}() {`,
      ...(o.array ? [] : [`  static_assert(offsetof(${f}, ${m}) == offsetof(${f}, ${t}) + sizeof(detail::GenViaFn), "genObjectOf finds the object right after its routine");`]),
      ...(o.entries.some((e) => e.row.includes('S::')) ? [`  typedef detail::${holder}<> S;`] : []),
      ...decl.lines.map((l) => `  ${l}`),
      `  static const detail::GenClass c SL_PROGMEM = {${decl.ref}, nullptr, nullptr, nullptr, ${o.entries.length}, ${o.masks}, 0};`,
      `  return &c;`,
      `}`,
      '',
      ...(o.array
        ? [
            `inline void ${cls}::${o.writer}(JsonWriter& w, const void* v, bool) {`,
            `  static_assert(sizeof(${q}) == sizeof(${q}Fields), "genWriteObjects walks the items as their fields structs");`,
            `  detail::genWriteObjects(w, v, sizeof(${q}), ${o.fn}());`,
            `}`,
            '',
          ]
        : []),
      ...(o.checker
        ? [`inline ComponentErrorCode ${cls}::${o.checker}(const void* v, uint8_t, const detail::GenBounds*, ComponentError& e) {`, `  return detail::genCheckObjects(v, e, sizeof(${q}), ${o.fn}());`, `}`, '']
        : []),
    ];
  });
}

interface EntryParts {
  key: string;
  path: string;
  write: string;
  check: string;
  flags: string[];
  lo: number;
  hi: number;
}

/**
 * A row: one name (GenField::name), the path when the field has one (its
 * key is the path's text after the last '.': `json`, which must have no
 * '.'), else the key.
 */
function entryText(e: EntryParts, offset: string, json: string): TableRow {
  if (e.path !== 'nullptr' && json.includes('.')) throw new Error(`${json}: a key with '.' cannot be the tail of its error path (GenField::name)`);
  const key = e.path !== 'nullptr' ? 'nullptr' : e.key;
  const row = `{${key}, ${e.path}, detail::genKind<${e.write}, ${e.check}>(), ${e.flags.length ? e.flags.map((f) => `detail::${f}`).join(' | ') : '0'}, ${offset}}`;
  const bounded = e.flags.includes('kGenLo') || e.flags.includes('kGenHi');
  return bounded ? { row, bounds: `{${e.lo}, ${e.hi}},  // ${json}` } : { row };
}

/** A field table row (a GenField initialiser) and, when it has kGenLo or kGenHi, its bounds (GenBounds). */
export interface TableRow {
  row: string;
  bounds?: string;
}

/**
 * The declaration of field table `name` in flash (lines, rows indented by
 * `ind`) and the expression of its rows: a GenField array, or a
 * detail::GenTable (the rows, then the bounds of the bounded rows) when
 * some row has bounds.
 */
export function tableDecl(name: string, rows: TableRow[], ind: string): { lines: string[]; ref: string } {
  const bounds = rows.filter((r) => r.bounds !== undefined).map((r) => `${ind}${r.bounds}`);
  if (!bounds.length) return { lines: [`static const detail::GenField ${name}[] SL_PROGMEM = {`, ...rows.map((r) => `${ind}${r.row},`), `};`], ref: name };
  return {
    lines: [`static const detail::GenTable<${rows.length}, ${bounds.length}> ${name} SL_PROGMEM = {{`, ...rows.map((r) => `${ind}${r.row},`), `}, {`, ...bounds, `}};`],
    ref: `${name}.rows`,
  };
}

/**
 * The field table of a class: constants first (`"dataComponentType":"gauge"`),
 * then one entry per live field in presence-bit order. `checks`: the class
 * validates its own fields (components), with error paths under `pathRoot`.
 */
export function fieldTable(s: StructIR, strings: FlashStrings, fieldsName: string, checks: { pathRoot: string; lazyEnums?: boolean } | undefined, consts: [string, string][] = []): FieldTable {
  const entries: TableRow[] = [];
  for (const [k, v] of [...consts, ...s.fields.filter((x) => x.constValue !== undefined).map((f): [string, string] => [f.json, f.constValue as string])]) {
    // Two rows (GenField has one name): the key's, then the value's.
    entries.push({ row: `{${strings.ref('k', k)}, nullptr, nullptr, detail::kGenConst, 0}` }, { row: `{${strings.ref('v', v)}, nullptr, nullptr, detail::kGenConst, 0}` });
  }
  const writeCases: string[] = [];
  const checkCases: string[] = [];
  const owned: OwnedTable[] = [];
  const asserts: string[] = [];
  const usesDepth = { value: false };
  const reads = new ReadBy();
  const rows = reads.reader('field table');
  const writeField = reads.reader('writeField');
  const checkField = reads.reader('checkField');
  liveFields(s).forEach((f, i) => {
    const acc = selfAccess(f);
    const e: EntryParts = { key: strings.ref('k', f.json), path: 'nullptr', write: tableWriter(f.type), check: 'nullptr', flags: [], lo: 0, hi: 0 };
    const own = checks ? ownerTable(f, `${checks.pathRoot}.${f.json}`, strings) : undefined;
    if (own) {
      owned.push(own);
      e.write = own.array ? `&${own.writer}` : '&detail::genWriteVia';
    }
    if (e.write === 'nullptr') {
      writeField.code(...acc.members);
      writeCases.push(`case ${i}: {`, ...indent(writeValue(f.type, acc.val, acc.count, 0)), `  break;`, `}`);
    }
    if (checks) {
      const p = `${checks.pathRoot}.${f.json}`;
      if (f.required) e.flags.push('kGenRequired');
      const tc = tableCheck(f);
      if (own && !own.array) {
        // Its owner table's routine, stored by the setter before the value (kGenVia).
        e.flags.push('kGenVia');
      } else if (own && own.array && itemsChecker(f)) {
        // Each item by its owner table, in the row's check (genCheckObjects),
        // as genWriteObjects writes them: no case of the class's checkField
        // (uno LampControl: Gauge::checkOther keeps only the rules).
        own.checker = `checkOf${setterName(f.json).slice(3)}`;
        e.check = `&${own.checker}`;
      } else if (tc === 'other') {
        const ctx: CheckCtx = { strings, index: '-1', depth: 0, usesDepth, tables: true, ownTable: own ? `${own.fn}()` : undefined };
        const body = valueChecks(f.type, acc.val, acc.count, p, ctx, f.nullable);
        if (body.length) {
          checkField.code(...acc.members);
          e.flags.push('kGenOther');
          checkCases.push(`case ${i}: {`, ...indent(body), `  break;`, `}`);
        }
      } else if (tc !== 'none') {
        e.check = `&detail::${tc.fn}`;
        e.flags.push(...tc.flags);
        e.lo = tc.lo;
        e.hi = tc.hi;
      }
      if (e.flags.length || e.check !== 'nullptr') e.path = strings.ref('p', p);
    }
    const lazyEnum = checks?.lazyEnums && f.type.kind === 'enum';
    if (lazyEnum) {
      // The setter stores the names' routine before the value
      // (lazyNamesMember): a sketch links an enum's names, and genEnumVia,
      // only when it sets such a field.
      e.write = '&detail::genWriteVia';
      e.check = 'nullptr';
      // (No bound: the check walks the names as the writer does, past the last one: NotInEnum.)
      e.flags = [...e.flags.filter((x) => x !== 'kGenHi'), 'kGenVia'];
      e.hi = 0;
      asserts.push(`static_assert(offsetof(${fieldsName}, ${memberName(f.json)}) == offsetof(${fieldsName}, ${lazyNamesMember(f)}) + sizeof(detail::GenViaFn), "genEnumVia finds the value right after its names' routine");`);
    }
    const at = own && !own.array ? lazyTableMember(f) : lazyEnum ? lazyNamesMember(f) : memberName(f.json);
    // The row's routines reach the value (and an array's count, a lazy table or names before it) from `at`, under the presence bit.
    rows.table(...new Set([...acc.presence, at, ...acc.members]));
    entries.push(entryText(e, `offsetof(${fieldsName}, ${at})`, f.json));
  });
  return { entries, writeCases, checkCases, usesDepth: usesDepth.value, owned, asserts, reads };
}

/**
 * Validation of a struct value by a table (paths under `path`), when every
 * field can be checked by one; undefined otherwise. The lines declare the
 * table `t<depth>`/`c<depth>` in flash; `call` is the checkWith expression.
 */
function structCheckTable(st: StructIR, path: string, ctx: CheckCtx, write = false): { decl: string[]; cls: string; ref: string; entries: TableRow[] } | undefined {
  if (!ctx.tables) return undefined;
  const fields = liveFields(st);
  const entries: TableRow[] = [];
  for (const f of fields) {
    const tc = tableCheck(f);
    if (tc === 'other') return undefined;
    const e: EntryParts = { key: 'nullptr', path: 'nullptr', write: 'nullptr', check: 'nullptr', flags: [], lo: 0, hi: 0 };
    if (write) {
      e.key = ctx.strings.ref('k', f.json);
      e.write = tableWriter(f.type);
    }
    if (f.required) e.flags.push('kGenRequired');
    if (tc !== 'none') {
      e.check = `&detail::${tc.fn}`;
      e.flags.push(...tc.flags);
      e.lo = tc.lo;
      e.hi = tc.hi;
    }
    if (e.flags.length || e.check !== 'nullptr') e.path = ctx.strings.ref('p', `${path}.${f.json}`);
    entries.push(entryText(e, `offsetof(${qualified(st)}Fields, ${memberName(f.json)})`, f.json));
  }
  if (!fields.some((f) => f.required || tableCheck(f) !== 'none')) return { decl: [], cls: '', ref: '', entries };
  if (ctx.ownTable) return { decl: [], cls: 'own', ref: ctx.ownTable, entries };
  const t = `t${ctx.depth}`;
  const c = `c${ctx.depth}`;
  const decl = tableDecl(t, entries, '    ');
  return {
    ref: `&${c}`,
    entries,
    decl: [...decl.lines, `static const detail::GenClass ${c} SL_PROGMEM = {${decl.ref}, nullptr, nullptr, nullptr, ${entries.length}, ${classMasks(st)}, 0};`],
    cls: c,
  };
}

/** GenClass::masks of a class: bytes of set_, 0x80 when flash_ follows. */
export function classMasks(s: StructIR): string {
  const n = liveFields(s).length;
  if (n > 16) throw new Error(`${s.origin}: more than 16 fields; the field-table walkers read 16-bit masks`);
  const bytes = n <= 8 ? 1 : 2;
  const flash = liveFields(s).some((f) => flashable(f));
  return flash ? `${bytes} | 0x80` : `${bytes}`;
}

/**
 * Every JSON key a component builder may write: the discriminators and the
 * fields of the components and of the objects inside them (the key pool,
 * detail::GenKeys in ComponentError.h).
 */
export function builderKeys(components: StructIR[]): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<StructIR>();
  const visit = (s: StructIR) => {
    if (seen.has(s)) return;
    seen.add(s);
    for (const f of s.fields) {
      keys.add(f.json);
      let t: TypeIR = f.type;
      if (t.kind === 'array') t = t.items;
      if (t.kind === 'struct') visit(t.ref);
    }
    const disc = (s as { discriminator?: string }).discriminator;
    if (disc) keys.add(disc);
  };
  components.forEach(visit);
  return keys;
}
