// Streaming decoders (generated/decode/): a shared runtime, TreeDecoder, that
// walks a key tree stored in flash, and one small header per tree (inbound
// WebSocket events, each operation's JSON response) with its tables, a field
// enum and a typed handler. Known scalars are reported as soon as they have
// streamed by; everything else is skipped with JsonParser::skipValue(). RAM is
// fixed: three bounded value captures, a key buffer and a depth stack sized
// from the tree.
import type { DecoderIR } from '../ir/decoders';
import { cppString } from '../naming';
import { header } from './cpp';

const KIND: Record<string, number> = { root: 1, object: 1, leaf: 0, list: 2, leafList: 3, formList: 4 };

export function renderTreeDecoder(maxKey: number): string {
  const body = [
    `// Longest object key any generated decoder compares, plus one.`,
    `#define SL_DECODE_KEY_MAX ${maxKey + 1}`,
    '',
    `// Options: SL_DECODE_VALUE_MAX, SL_DECODE_REF_MAX (config/Config.h).`,
    '',
    'namespace sl {',
    '',
    '// One element of a form submission\'s formComponents, when its object closes.',
    '// `value` holds a scalar value; an array or object value (multichoice,',
    '// pickers) only has its type() recorded. Valid during the callback only.',
    'struct FormValue {',
    '  uint16_t index;',
    '  const JsonValueCapture& refName;',
    '  const JsonValueCapture& type;',
    '  const JsonValueCapture& value;',
    '};',
    '',
    'namespace detail {',
    '',
    '// The key tree of one decoder, in flash: node i has parent[i], kind[i]',
    '// (0 leaf, 1 object, 2 list of objects, 3 list of scalars, 4 form',
    '// components), field[i] (leaves) and its key at keys + keyLo/keyHi[i].',
    'struct TreeTables {',
    '  const char* keys;',
    '  const uint8_t* parent;',
    '  const uint8_t* kind;',
    '  const uint8_t* field;',
    '  const uint8_t* keyLo;',
    '  const uint8_t* keyHi;',
    '  uint8_t count;',
    '};',
    '',
    'class TreeDecoder : public JsonHandler {',
    ' public:',
    '  // Ready for the next document (the parser needs its own reset()).',
    '  void reset() {',
    '    for (uint8_t i = 0; i < depth_; ++i) {',
    '      node_[i] = kNone;',
    '      count_[i] = 0;',
    '      index_[i] = 0;',
    '    }',
    '    pending_ = kNone;',
    '    cont_ = false;',
    '    keyLen_ = 0;',
    '    itemDepth_ = 0;',
    '    items_ = 0;',
    '    value_.clear();',
    '  }',
    '',
    '  bool onJson(JsonEvent e, const JsonParser& p) override {',
    '    uint8_t d = p.depth();',
    '    if (e == JsonEvent::KeyPart || e == JsonEvent::Key) {',
    '      appendKey(p.data(), p.length());',
    '      if (e == JsonEvent::Key) {',
    '        pending_ = d < depth_ ? lookup(node_[d]) : static_cast<uint8_t>(kNone);',
    '        keyLen_ = 0;',
    '        if (pending_ == kNone) p.skipValue();',
    '      }',
    '      return true;',
    '    }',
    '    if (e == JsonEvent::EndObject || e == JsonEvent::EndArray) {',
    '      if (itemDepth_ && d + 1 == itemDepth_ && e == JsonEvent::EndObject) {',
    '        FormValue v = {items_++, *ref_, *type_, value_};',
    '        formValue(v);',
    '        itemDepth_ = 0;',
    '        value_.clear();',
    '      }',
    '      if (d + 1 < depth_) node_[d + 1] = kNone;',
    '      return true;',
    '    }',
    '    bool begin = e == JsonEvent::BeginObject || e == JsonEvent::BeginArray;',
    '    uint8_t target;',
    '    uint16_t index = d < depth_ ? index_[d] : 0;',
    '    if (cont_) {',
    '      // The next piece of a string value already resolved.',
    '      target = contTarget_;',
    '      index = contIndex_;',
    '      cont_ = false;',
    '    } else if (d == 0) {',
    '      target = 0;',
    '    } else if (p.inObject()) {',
    '      target = pending_;',
    '      pending_ = kNone;',
    '    } else {',
    '      // An array element: the array\'s node decides.',
    '      uint8_t list = d < depth_ ? node_[d] : static_cast<uint8_t>(kNone);',
    '      uint8_t k = list < count() ? kindOf(list) : 0;',
    '      if (list >= count() || k < 2) {',
    '        if (begin) p.skipValue();',
    '        return true;',
    '      }',
    '      index = count_[d]++;',
    '      if (k == 2 || k == 4) {',
    '        if (e != JsonEvent::BeginObject || d + 1 >= depth_ || (k == 4 && !ref_)) {',
    '          if (begin) p.skipValue();',
    '          return true;',
    '        }',
    '        index_[d + 1] = index;',
    '        if (k == 2) {',
    '          node_[d + 1] = list;',
    '        } else {',
    '          node_[d + 1] = kItem;',
    '          itemDepth_ = static_cast<uint8_t>(d + 1);',
    '          ref_->clear();',
    '          type_->clear();',
    '          value_.clear();',
    '        }',
    '        return true;',
    '      }',
    '      target = list;  // k == 3: a scalar item',
    '    }',
    '    if (target >= kItemRef && target <= kItemValue) {',
    '      JsonValueCapture& c = target == kItemRef ? *ref_ : target == kItemType ? *type_ : value_;',
    '      c.capture(e, p);',
    '      if (begin) p.skipValue();',
    '      keep(e, target, index);',
    '      return true;',
    '    }',
    '    if (target >= count()) {',
    '      if (begin) p.skipValue();',
    '      return true;',
    '    }',
    '    uint8_t k = kindOf(target);',
    '    if (k == 1 || (k >= 2 && (d == 0 || p.inObject()))) {',
    '      // A container node: follow an object (kind 1) or an array (lists).',
    '      bool want = k == 1 ? e == JsonEvent::BeginObject : e == JsonEvent::BeginArray;',
    '      if (want && d + 1 < depth_) {',
    '        node_[d + 1] = target;',
    '        index_[d + 1] = index;',
    '        count_[d + 1] = 0;',
    '      } else if (begin) {',
    '        p.skipValue();',
    '      }',
    '      return true;',
    '    }',
    '    // A leaf: capture the scalar; report it once complete.',
    '    value_.capture(e, p);',
    '    if (begin) p.skipValue();',
    '    if (e == JsonEvent::StringPart) {',
    '      keep(e, target, index);',
    '      return true;',
    '    }',
    '    leaf(SL_FLASH_READ(&tablePointer(t_.field)[target]), value_, index);',
    '    value_.clear();',
    '    return true;',
    '  }',
    '',
    ' protected:',
    '  // `ref` and `type` capture a form component\'s refName and type: both',
    '  // nullptr for a tree without form components (kind 4), whose decoder',
    '  // then needs no room for them.',
    '  TreeDecoder(const TreeTables& t, uint8_t* nodes, uint16_t* counts, uint16_t* indexes, uint8_t depth,',
    '              JsonValueCapture* ref, JsonValueCapture* type)',
    '      : t_(t), node_(nodes), count_(counts), index_(indexes), depth_(depth),',
    '        value_(valueBuf_, sizeof valueBuf_), ref_(ref), type_(type) {}',
    '  ~TreeDecoder() = default;  // trivial: no destructor code, no abstract vtable in RAM on AVR',
    '',
    '  // A known scalar (or each item of a list of scalars); `index` is the',
    '  // position in the innermost list around it (0 outside lists).',
    '  virtual void leaf(uint8_t field, const JsonValueCapture& value, uint16_t index) = 0;',
    '  virtual void formValue(const FormValue& v) { (void)v; }',
    '',
    ' private:',
    '  enum : uint8_t { kItem = 250, kItemRef = 251, kItemType = 252, kItemValue = 253, kNone = 255 };',
    '',
    '  // The tables struct itself is in flash (SL_PROGMEM) too: its members are',
    '  // read a byte at a time (a plain load where flash is not separate).',
    '  template <typename P>',
    '  static P tablePointer(const P& member) {',
    '    P p;',
    '    uint8_t* to = reinterpret_cast<uint8_t*>(&p);',
    '    const uint8_t* from = reinterpret_cast<const uint8_t*>(&member);',
    '    for (uint8_t i = 0; i < sizeof p; ++i) to[i] = SL_FLASH_READ(from + i);',
    '    return p;',
    '  }',
    '  uint8_t count() const { return SL_FLASH_READ(&t_.count); }',
    '  uint8_t kindOf(uint8_t n) const { return SL_FLASH_READ(&tablePointer(t_.kind)[n]); }',
    '',
    '  void keep(JsonEvent e, uint8_t target, uint16_t index) {',
    '    if (e != JsonEvent::StringPart) return;',
    '    cont_ = true;',
    '    contTarget_ = target;',
    '    contIndex_ = index;',
    '  }',
    '',
    '  void appendKey(const uint8_t* s, size_t n) {',
    '    for (size_t i = 0; i < n; ++i) {',
    '      if (keyLen_ < SL_DECODE_KEY_MAX) key_[keyLen_] = static_cast<char>(s[i]);',
    '      if (keyLen_ < 255) ++keyLen_;',
    '    }',
    '  }',
    '',
    '  bool keyIs(const char* flash) const {',
    '    if (keyLen_ > SL_DECODE_KEY_MAX) return false;',
    '    for (uint8_t i = 0; i < keyLen_; ++i) {',
    '      if (static_cast<char>(SL_FLASH_READ(flash + i)) != key_[i]) return false;',
    '    }',
    '    return SL_FLASH_READ(flash + keyLen_) == 0;',
    '  }',
    '',
    '  // The child of `parent` named by the key just read (kNone if unknown).',
    '  uint8_t lookup(uint8_t parent) const {',
    '    if (parent == kItem) {',
    `      static const char ref[] SL_PROGMEM = "refName";`,
    `      static const char type[] SL_PROGMEM = "formComponentType";`,
    `      static const char value[] SL_PROGMEM = "value";`,
    '      if (keyIs(ref)) return kItemRef;',
    '      if (keyIs(type)) return kItemType;',
    '      if (keyIs(value)) return kItemValue;',
    '      return kNone;',
    '    }',
    '    uint8_t n = count();',
    '    if (parent >= n) return kNone;',
    '    const uint8_t* parents = tablePointer(t_.parent);',
    '    const uint8_t* lo = tablePointer(t_.keyLo);',
    '    const uint8_t* hi = tablePointer(t_.keyHi);',
    '    const char* keys = tablePointer(t_.keys);',
    '    for (uint8_t i = 1; i < n; ++i) {',
    '      if (SL_FLASH_READ(&parents[i]) != parent) continue;',
    '      uint16_t at = static_cast<uint16_t>(SL_FLASH_READ(&lo[i]) | (SL_FLASH_READ(&hi[i]) << 8));',
    '      if (keyIs(keys + at)) return i;',
    '    }',
    '    return kNone;',
    '  }',
    '',
    '  const TreeTables& t_;  // in flash',
    '  uint8_t* node_;',
    '  uint16_t* count_;',
    '  uint16_t* index_;',
    '  uint8_t depth_;',
    '  char valueBuf_[SL_DECODE_VALUE_MAX];',
    '  JsonValueCapture value_;',
    '  JsonValueCapture* ref_;',
    '  JsonValueCapture* type_;',
    '  char key_[SL_DECODE_KEY_MAX];',
    '  uint8_t keyLen_;',
    '  uint8_t pending_;',
    '  bool cont_;',
    '  uint8_t contTarget_;',
    '  uint16_t contIndex_;',
    '  uint8_t itemDepth_;',
    '  uint16_t items_;',
    '};',
    '',
    '// The handler interface of one decoder, typed by its field enum F: every',
    '// generated <Name>Handler is a typedef of this (or of FormFieldHandler<F>',
    '// when the tree has form submissions), so the interface is written once.',
    'template <typename F>',
    'class FieldHandler {',
    ' public:',
    '  typedef F Field;',
    '  // A known scalar field as soon as it has streamed by (keys may come in any',
    '  // order: keep what you need until the parse ends). `index` is the position',
    '  // in the innermost list around the field (0 outside lists). `value` is',
    '  // valid during the call only.',
    '  virtual void onField(F field, const JsonValueCapture& value, uint16_t index) = 0;',
    '',
    ' protected:',
    '  // Trivial (defaulted, not {}): derived objects need no destructor code,',
    "  // which would also keep this abstract class's vtable in RAM on AVR.",
    '  ~FieldHandler() = default;',
    '};',
    '',
    'template <typename F>',
    'class FormFieldHandler : public FieldHandler<F> {',
    ' public:',
    '  // A submitted form component (refName, type, value), when its object closes.',
    '  // value holds a scalar (string, number, boolean, null); an array or object',
    '  // value (multichoice, pickers) cannot be represented: only its type()',
    '  // (Array / Object) is delivered, with an empty text().',
    '  virtual void onFormValue(const FormValue& v) { (void)v; }',
    '',
    ' protected:',
    '  ~FormFieldHandler() = default;',
    '};',
    '',
    '// Where a decoder sends a form value: to onFormValue() when its handler has',
    '// one, nowhere otherwise.',
    'template <typename F>',
    'inline void forwardFormValue(FormFieldHandler<F>& h, const FormValue& v) { h.onFormValue(v); }',
    'template <typename F>',
    'inline void forwardFormValue(FieldHandler<F>&, const FormValue&) {}',
    '',
    '// The refName and type captures of a decoder whose tree has form components',
    '// (Forms); none (no RAM, an empty base) otherwise.',
    'template <bool Forms>',
    'class FormCaptures {',
    ' protected:',
    '  FormCaptures() : ref_(refBuf_, sizeof refBuf_), type_(typeBuf_, sizeof typeBuf_) {}',
    '  JsonValueCapture* refCapture() { return &ref_; }',
    '  JsonValueCapture* typeCapture() { return &type_; }',
    '',
    ' private:',
    '  char refBuf_[SL_DECODE_REF_MAX];',
    '  char typeBuf_[20];',
    '  JsonValueCapture ref_;',
    '  JsonValueCapture type_;',
    '};',
    'template <>',
    'class FormCaptures<false> {',
    ' protected:',
    '  JsonValueCapture* refCapture() { return nullptr; }',
    '  JsonValueCapture* typeCapture() { return nullptr; }',
    '};',
    '',
    '// A JsonHandler: give it to a JsonParser and feed the bytes as they arrive.',
    '// H is the decoder\'s handler (FieldHandler<F> or FormFieldHandler<F>), Tables',
    '// its key tree (a struct with a static TreeTables `tables`), Depth the',
    '// deepest nesting it tracks. Every generated <Name>Decoder is a typedef of',
    '// this; `handler` must outlive the decoder. Forms: the tree has form',
    '// components (kind 4); false saves their refName/type buffers.',
    'template <typename H, typename Tables, uint8_t Depth, bool Forms = true>',
    'class TypedTreeDecoder : private FormCaptures<Forms>, public TreeDecoder {',
    ' public:',
    '  // FormCaptures is the first base: built before TreeDecoder keeps its pointers.',
    '  explicit TypedTreeDecoder(H& handler)',
    '      : TreeDecoder(Tables::tables, nodes_, counts_, indexes_, Depth, this->refCapture(), this->typeCapture()),',
    '        handler_(handler) {',
    '    reset();',
    '  }',
    '',
    ' protected:',
    '  void leaf(uint8_t field, const JsonValueCapture& value, uint16_t index) override {',
    '    handler_.onField(static_cast<typename H::Field>(field), value, index);',
    '  }',
    '  void formValue(const FormValue& v) override { forwardFormValue(handler_, v); }',
    '',
    ' private:',
    '  H& handler_;',
    '  uint8_t nodes_[Depth];',
    '  uint16_t counts_[Depth];',
    '  uint16_t indexes_[Depth];',
    '};',
    '',
    '}  // namespace detail',
    '}  // namespace sl',
  ];
  return header(
    'decode/TreeDecoder.h',
    ['The shared runtime of the generated streaming decoders (see InboundEventDecoder.h).'],
    ['../../config/Config.h', '../../io/FlashString.h', '../../json/JsonParser.h', '../../json/JsonValueCapture.h'],
    body,
  );
}

function row(xs: (string | number)[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length; i += 16) out.push('    ' + xs.slice(i, i + 16).join(', ') + ',');
  return out;
}

/** Decoders whose key trees have the same shape (parent, kind and field of
 * every node) share those tables: the first one rendered owns them, the
 * others point at its arrays; the keys (keys, keyLo, keyHi) and the
 * enumerator names come from the first of them with the same text, if any.
 * Keyed by the shape; the decoders rendered with it, in order. */
export type ShapeOwners = Map<string, { name: string; keyText: string; names: string }[]>;

/** One decoder header: tables, field enum, handler interface and decoder class. */
export function renderDecoder(ir: DecoderIR, ns: string | undefined, usage: string[], shapes?: ShapeOwners): string {
  const { nodes, fields } = ir;
  const fieldIndex = new Map(fields.map((f, i) => [f.id, i]));
  const keys: number[] = [];
  let keyText = '';
  for (const n of nodes) {
    keys.push(keyText.length);
    keyText += n.key + '\u0000';
  }
  const base = ir.name.replace(/Decoder$/, '');
  const tables = `${base}Tables`;
  const handler = `${base}Handler`;
  // Ends with the empty name, the end mark detail::flashNameAt() stops at.
  const names = fields.map((f) => f.field).join('\u0000') + '\u0000';
  const parents = nodes.map((n) => (n.parent < 0 ? 255 : n.parent));
  const kinds = nodes.map((n) => KIND[n.kind]);
  const fieldNos = nodes.map((n) => fieldIndex.get(n.id) ?? 0);
  const shapeKey = JSON.stringify([parents, kinds, fieldNos]);
  const twins = shapes?.get(shapeKey) ?? [];
  if (shapes) shapes.set(shapeKey, [...twins, { name: ir.name, keyText, names }]);
  const tablesOf = (name: string | undefined) => (name ? `${name.replace(/Decoder$/, '')}Tables` : undefined);
  const shapeOwner = twins[0]?.name;
  const keysOwner = twins.find((t) => t.keyText === keyText)?.name;
  const namesOwner = twins.find((t) => t.names === names)?.name;
  // Each table: its element type, its content, and the decoder whose copy serves (if any).
  const arrays: { name: string; type: string; lines: string[]; owner?: string }[] = [
    { name: 'keys', type: 'char', lines: [cppString(keyText)], owner: keysOwner },
    { name: 'parent', type: 'uint8_t', lines: row(parents), owner: shapeOwner },
    { name: 'kind', type: 'uint8_t', lines: row(kinds), owner: shapeOwner },
    { name: 'field', type: 'uint8_t', lines: row(fieldNos), owner: shapeOwner },
    { name: 'keyLo', type: 'uint8_t', lines: row(keys.map((k) => k & 255)), owner: keysOwner },
    { name: 'keyHi', type: 'uint8_t', lines: row(keys.map((k) => k >> 8)), owner: keysOwner },
    { name: 'names', type: 'char', lines: [cppString(names)], owner: namesOwner },
  ];
  const ref = (n: string, args = '<T>') => {
    const owner = arrays.find((x) => x.name === n)!.owner;
    return owner ? `${tablesOf(owner)}${args}::${n}` : args === '<T>' ? n : `${tables}${args}::${n}`;
  };
  const defs = arrays
    .filter((x) => !x.owner)
    .flatMap((x) =>
      x.type === 'char'
        ? [`template <typename T> const char ${tables}<T>::${x.name}[] SL_PROGMEM = ${x.lines[0]};`]
        : [`template <typename T> const uint8_t ${tables}<T>::${x.name}[] SL_PROGMEM = {`, ...x.lines, '};'],
    );
  const sameAll = !!shapeOwner && arrays.every((x) => x.owner === shapeOwner);
  const owners = [...new Set(arrays.map((x) => x.owner).filter((o): o is string => !!o))];
  const sharedNote = owners.map((o) => `// ${arrays.filter((x) => x.owner === o).map((x) => x.name).join(', ')}: those of ${o}${o === shapeOwner ? ' (the same tree)' : ''}.`);
  const open = ns ? ['namespace sl {', `namespace ${ns} {`] : ['namespace sl {'];
  const close = ns ? [`}  // namespace ${ns}`, '}  // namespace sl'] : ['}  // namespace sl'];
  const body = [
    ...open,
    '',
    `// The fields ${ir.name} reports (${fields.length}), from ${ir.origin}.`,
    `enum class ${ir.fieldEnum} : uint8_t {`,
    ...fields.map((f) => `  ${f.field},  // ${f.path}`),
    '};',
    '',
    'namespace detail {',
    ...(sameAll
      ? [
          `// Every table (keys, tree, names) is that of ${shapeOwner}: one copy, and one`,
          '// TreeTables, however many of these decoders a sketch uses.',
          'template <typename T = void>',
          `using ${tables} = ${tablesOf(shapeOwner)}<T>;`,
        ]
      : [
          'template <typename T = void>',
          `struct ${tables} {`,
          ...arrays.filter((x) => !x.owner).map((x) => `  static const ${x.type} ${x.name}[];`),
          '  static const sl::detail::TreeTables tables;',
          '};',
          ...defs,
          ...sharedNote,
          `// Pointers to the flash tables, in flash too (TreeDecoder reads it with SL_FLASH_READ).`,
          `template <typename T> const sl::detail::TreeTables ${tables}<T>::tables SL_PROGMEM = {${['keys', 'parent', 'kind', 'field', 'keyLo', 'keyHi'].map((n) => ref(n)).join(', ')}, ${nodes.length}};`,
        ]),
    '}  // namespace detail',
    '',
    `// The enumerator's name ("${fields[0]?.field ?? ''}"), a flash string on AVR.`,
    `inline const char* fieldName(${ir.fieldEnum} f) {`,
    `  return sl::detail::flashNameAt(detail::${sameAll ? `${tables}<>::names` : ref('names', '<>')}, static_cast<uint8_t>(f)).ptr();`,
    '}',
    '',
    `// The handler interface: onField(${ir.fieldEnum}, value, index)${ir.hasFormList ? ' and onFormValue(FormValue)' : ''}`,
    '// (see sl::detail::FieldHandler in TreeDecoder.h).',
    `typedef sl::detail::${ir.hasFormList ? 'FormFieldHandler' : 'FieldHandler'}<${ir.fieldEnum}> ${handler};`,
    '',
    `// A JsonHandler: give it to a JsonParser and feed the bytes as they arrive;`,
    `// \`${ir.name} decoder(handler)\`, the handler outlives it (tracks ${ir.depth} levels).`,
    `typedef sl::detail::TypedTreeDecoder<${handler}, detail::${tables}<>, ${ir.depth}${ir.hasFormList ? '' : ', false'}> ${ir.name};`,
    '',
    ...close,
  ];
  const rel = `decode/${ir.name}.h`;
  const includes = ['TreeDecoder.h', ...owners.map((o) => `${o}.h`)];
  return header(rel, [`${ns ? `sl::${ns}::` : 'sl::'}${ir.name}: streams ${ir.origin} and calls back with typed fields.`, '', ...usage], includes, body);
}

export function renderInboundDecoder(ir: DecoderIR): string {
  return renderDecoder(ir, undefined, [
    '  class Events : public sl::InboundEventHandler {',
    '   public:',
    '    void onField(sl::InboundField f, const sl::JsonValueCapture& v, uint16_t) override {',
    '      if (f == sl::InboundField::ComponentText && v.equals("lamp on")) { /* ... */ }',
    '    }',
    '    void onFormValue(const sl::FormValue& v) override {',
    '      if (v.refName.equals("pump")) { /* v.value.boolean() */ }',
    '    }',
    '  };',
    '  Events events;',
    '  sl::InboundEventDecoder decoder(events);',
    '  sl::JsonParser parser(decoder);',
    '  // parser.feed(bytes, n) as WebSocket payload bytes arrive, then finish()',
  ]);
}

export function renderResponseDecoder(ir: DecoderIR, shapes?: ShapeOwners): string {
  const base = ir.name.replace(/ResponseDecoder$/, '');
  const example = ir.fields.find((f) => !['Success', 'StatusCode', 'Error'].includes(f.field)) ?? ir.fields[0];
  return renderDecoder(ir, 'api', [
    `  class Reply : public sl::api::${base}ResponseHandler {`,
    '   public:',
    `    void onField(sl::api::${ir.fieldEnum} f, const sl::JsonValueCapture& v, uint16_t i) override {`,
    `      if (f == sl::api::${ir.fieldEnum}::${example.field}) { /* v.text(), element i */ }`,
    '      (void)v;',
    '      (void)i;',
    '    }',
    '  };',
    '  Reply reply;',
    `  sl::api::${ir.name} decoder(reply);`,
    '  sl::JsonParser parser(decoder);   // feed the HTTP body as it arrives',
  ], shapes);
}

export function renderDecodersUmbrella(files: string[]): string {
  return header(
    'Decoders.h',
    [
      'Streaming decoders: sl::InboundEventDecoder for WebSocket events and',
      'sl::api::<Operation>ResponseDecoder for each JSON response. Each is a',
      'JsonHandler that reports typed fields by callback; nothing is linked',
      'unless used.',
    ],
    files,
    [],
  );
}
