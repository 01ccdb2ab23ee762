// Request writers for the operations of openapi.yaml: one class per
// operation in generated/api/<Name>.h (namespace sl::api). Each validates
// every field before writing and then produces either the whole HTTP/1.1
// request (through sl::HttpRequestWriter: percent-encoded path and query,
// Content-Length from a counting pass over the JSON body) or the WebSocket
// envelope {requestId, requestType, version: "2", parameters, body}.
import type { OperationIR, OperationsIR } from '../ir/operations';
import type { ComponentIR, FieldIR } from '../ir/types';
import { componentLookup, macroWords, maxJsonLines, structMax } from '../ir/maxjson';
import { memberName, paramName, setterName } from '../naming';
import { builderKeys, classMembers, componentClass, fieldChecks, fieldsNeed, liveFields, selfAccess, writeFields, writeValue, type CheckCtx } from './classes';
import { docComment, FlashStrings, header, indent } from './cpp';
import { enumFirst, includesFor, paramDecl, requiredCtorFields } from './components';
import { MULTIPART_SUPPORT, renderMultipartOperation } from './multipart';

export function renderApiSupport(multipart = false): string {
  return header(
    'ApiSupport.h',
    ['Shared helpers of the generated request writers (sl::api::*).'],
    ['../config/Config.h', 'ComponentError.h', '../http/HttpRequestWriter.h', ...(multipart ? ['../crypto/Random.h', '../io/FlashString.h'] : [])],
    [
      ...(multipart ? MULTIPART_SUPPORT : []),
      '// Options: SL_API_PATH_MAX (config/Config.h).',
      '',
      'namespace sl {',
      'namespace detail {',
      '',
      '// Decimal text of `v` in `buf` (21 bytes hold any 64-bit value); returns buf.',
      'inline const char* formatInt(char (&buf)[21], ComponentInt v) {',
      '  char tmp[21];',
      '  uint8_t n = 0;',
      '  bool negative = v < 0;',
      '  // Work on the negative side so the most negative value does not overflow.',
      '  ComponentInt x = negative ? v : -v;',
      '  do {',
      "    tmp[n++] = static_cast<char>('0' - x % 10);",
      '    x /= 10;',
      '  } while (x);',
      '  uint8_t k = 0;',
      "  if (negative) buf[k++] = '-';",
      '  while (n) buf[k++] = tmp[--n];',
      "  buf[k] = '\\0';",
      '  return buf;',
      '}',
      '',
      '// The head of every WebSocket request: {"requestId": requestId,',
      '// "requestType": requestType (a flash string), "version": "2"; the object',
      '// stays open for the caller\'s "parameters" and "body" and its close.',
      '// Writes only (the caller has checked requestId); errors stay in `w`.',
      '// Out of line: one copy however many request writers a sketch uses.',
      'SL_NOINLINE inline void genWsHead(JsonWriter& w, const char* requestId, const char* requestType) {',
      '  static const char version[] SL_PROGMEM = "2";',
      '  // (One chain: each call gets the writer from the one before.)',
      '  w.beginObject()',
      '      .key(FlashString(GenKeys<>::k_requestId)).string(requestId)',
      '      .key(FlashString(GenKeys<>::k_requestType)).string(FlashString(requestType))',
      '      .key(FlashString(GenKeys<>::k_version)).string(FlashString(version));',
      '}',
      '',
      '// The BodyFn of every request writer R with a JSON body: R::writeBody()',
      '// into `out` (context: the R); false when the writer or the sink failed.',
      'template <typename R>',
      'inline bool genBodyFn(Sink& out, void* self) {',
      '  JsonWriter w(out);',
      '  static_cast<const R*>(self)->writeBody(w);',
      '  return w.finish() == JsonWriteError::Ok;',
      '}',
      '',
      '// What HttpRequestWriter accepts, checked before the first byte is written.',
      'inline bool isHostName(const char* s) {',
      '  if (!s || !*s) return false;',
      '  for (; *s; ++s) {',
      '    uint8_t c = static_cast<uint8_t>(*s);',
      "    if (!httpIsAlnum(c) && c != '.' && c != '-' && c != ':' && c != '[' && c != ']') return false;",
      '  }',
      '  return true;',
      '}',
      '',
      'inline bool isHeaderValue(const char* s) {',
      '  if (!s) return false;',
      '  for (; *s; ++s) {',
      '    uint8_t c = static_cast<uint8_t>(*s);',
      "    if ((c < 0x20 && c != '\\t') || c == 0x7f) return false;",
      '  }',
      '  return true;',
      '}',
      '',
      '// Builds a request path into a caller buffer; path parameters are',
      '// percent-encoded as one segment (everything but ALPHA DIGIT - . _ ~).',
      'class PathBuilder {',
      ' public:',
      "  PathBuilder(char* buf, size_t cap) : buf_(buf), cap_(cap), len_(0), ok_(cap > 0) { if (cap) buf[0] = '\\0'; }",
      '  void literal(const char* s) {',
      '    while (*s) put(*s++);',
      '  }',
      '  void segment(const char* s) {',
      "    static const char hex[] = \"0123456789ABCDEF\";",
      '    for (; *s; ++s) {',
      '      uint8_t c = static_cast<uint8_t>(*s);',
      "      if (httpIsUnreserved(c)) {",
      '        put(static_cast<char>(c));',
      '      } else {',
      "        put('%');",
      '        put(hex[c >> 4]);',
      '        put(hex[c & 15]);',
      '      }',
      '    }',
      '  }',
      '  void segment(ComponentInt v) {',
      '    char n[21];',
      '    segment(formatInt(n, v));',
      '  }',
      '  bool ok() const { return ok_; }',
      '',
      ' private:',
      '  void put(char c) {',
      '    if (len_ + 1 >= cap_) {',
      '      ok_ = false;',
      '      return;',
      '    }',
      '    buf_[len_++] = c;',
      "    buf_[len_] = '\\0';",
      '  }',
      '  char* buf_;',
      '  size_t cap_;',
      '  size_t len_;',
      '  bool ok_;',
      '};',
      '',
      '}  // namespace detail',
      '}  // namespace sl',
    ],
  );
}

function queryValue(f: FieldIR, m: string): string[] {
  switch (f.type.kind) {
    case 'string':
      return [`req.query("${f.json}", ${memberName(f.json)});`];
    case 'boolean':
      return [`req.query("${f.json}", ${m} ? "true" : "false");`];
    case 'integer':
      return [`char n[21];`, `req.query("${f.json}", detail::formatInt(n, ${m}));`];
    case 'enum':
      throw new Error(`${f.json}: enum query parameters are not supported yet`);
    default:
      throw new Error(`${f.json}: ${f.type.kind} query parameters are not supported`);
  }
}

/** A C++ expression a usage example passes for a required field. */
function placeholder(f: FieldIR): string {
  const t = f.type;
  switch (t.kind) {
    case 'string':
      return t.format === 'date-time' ? '"2030-01-02T15:04:05Z"' : `"${f.json}"`;
    case 'integer':
    case 'number':
      return String(Math.max(t.minimum ?? 1, 1));
    case 'boolean':
      return 'true';
    case 'enum':
      return `sl::${t.ref.name}::${enumFirst(t.ref)}`;
    case 'component':
      return t.only ? paramName(f.json) : 'component';
    case 'struct':
      return `sl::${t.ref.name}(${requiredCtorFields(t.ref, undefined, t.ref.pathRoot).map(placeholder).join(', ')})`;
    default:
      return '{}';
  }
}

/** The WebSocket envelope's keys, written by detail::genWsHead() and the request writers. */
const ENVELOPE_KEYS = ['requestId', 'requestType', 'version', 'parameters', 'body'];

/** Keys of the request writers for the shared pool (detail::GenKeys): the
 * envelope's and every request field's, so "messageId" or "body" is stored
 * once however many request writers a sketch uses. */
export function apiKeys(ops: OperationsIR): string[] {
  return [...ENVELOPE_KEYS, ...builderKeys(ops.operations.filter((o) => !o.multipart).map((o) => o.request))];
}

/** `pool`: the keys of detail::GenKeys (apiKeys() must be among them). */
export function renderOperation(op: OperationIR, all: ComponentIR[] = [], pool: Set<string> = new Set()): string {
  if (op.multipart) return renderMultipartOperation(op);
  const cls = op.name;
  const holder = `Api${cls}Text`;
  const strings = new FlashStrings(holder, pool);
  const s = op.request;
  const cm = classMembers(cls, s, false, enumFirst);
  const fields = liveFields(s);
  const n = fields.length;
  const mask = n <= 8 ? 'uint8_t' : n <= 16 ? 'uint16_t' : 'uint32_t';
  const req = requiredCtorFields(s);
  const ctors = [n ? `  ${cls}() : ${cm.inits.join(', ')} {}` : `  ${cls}() {}`];
  if (req.length) {
    ctors.push(
      `  ${req.length === 1 ? 'explicit ' : ''}${cls}(${req.map(paramDecl).join(', ')}) : ${cm.inits.join(', ')} {`,
      ...req.map((f) => `    ${setterName(f.json)}(${paramName(f.json)});`),
      `  }`,
    );
  }
  const query = fields.filter((f) => f.location === 'query');
  const pathParams = fields.filter((f) => f.location === 'path');
  const body = (f: FieldIR) => f.location === 'body';
  const ws = op.wsRequestType;
  const decl = [
    `// ${op.method} ${op.path} (${op.id})${ws ? ', also over the WebSocket' : ''}.`,
    ...docComment(op.summary),
    ...docComment(s.description),
    `class ${cls} {`,
    ` public:`,
    ...ctors,
    '',
    ...cm.setters,
    '',
    `  // Checks every field (and any component it carries); writes nothing.`,
    `  SL_NODISCARD ComponentError validate() const { return checkAt(0); }`,
    '',
    `  // Validates, then writes the whole HTTP/1.1 request into \`out\`: request`,
    `  // line with the percent-encoded path and query, Host, Authorization:`,
    `  // Bearer, and ${op.hasBody ? 'the JSON body with its Content-Length' : 'no body'}. Nothing is written when`,
    `  // validation fails (a bad host or API key: BadHttpArgument); WriteFailed`,
    `  // when the HTTP writer or the sink failed.`,
    `  SL_NODISCARD ComponentError writeHttp(Sink& out, const char* host, const char* apiKey) const;`,
    ...(op.hasBody
      ? [
          '',
          `  // The JSON body alone; precondition: validate() returned ok.`,
          `  void writeBody(JsonWriter& w) const;`,
          `  // A BodyFn (see http/BodyFn.h) for HttpRequestWriter::end(); context = this.`,
          `  static bool bodyFn(Sink& out, void* self) { return detail::genBodyFn<${cls}>(out, self); }`,
        ]
      : []),
    ...(ws
      ? [
          '',
          `  // Validates, then writes the WebSocket request {requestId, requestType:`,
          `  // "${ws}", version: "2"${query.length ? ', parameters' : ''}${op.hasBody ? ', body' : ''}} as one JSON value.`,
          `  // The nesting is checked where \`w\` is (its open containers count):`,
          `  // TooDeep, nothing written, when the request would not fit below`,
          `  // SL_JSON_WRITER_MAX_DEPTH there; what is accepted is written whole`,
          `  // (WriteFailed only when the sink fails or \`w\` had failed before).`,
          `  SL_NODISCARD ComponentError writeWs(JsonWriter& w, const char* requestId) const;`,
        ]
      : []),
    '',
    ` private:`,
    `  ComponentError checkAt(uint8_t depth) const;`,
    ...(n
      ? [`  enum : ${mask} {`, ...cm.bits.map((b) => `    ${b},`), `  };`, `  ${mask} set_;`, ...cm.members.map((m) => `  ${m}`)]
      : []),
    `};`,
  ];

  // checkAt
  const usesDepth = { value: false };
  // The body's object is inside the envelope (SL_GEN_ENVELOPE_DEPTH): a
  // component field of the body is checked at depth 0 (its own check does
  // the rest), an array item at 1.
  const ctx: CheckCtx = { strings, index: '-1', depth: 0, usesDepth, depthBase: 0 };
  const checks: string[] = [];
  for (const f of fields) checks.push(...fieldChecks(f, selfAccess(f), `${s.pathRoot}.${f.json}`, ctx));
  const typedef = (b: string[]) => (b.some((l) => l.includes('S::')) ? [`  typedef detail::${holder}<> S;`] : []);
  const checkBody = indent(checks);
  const defs: string[] = [
    `inline ComponentError ${cls}::checkAt(uint8_t${usesDepth.value ? ' depth' : ''}) const {`,
    ...typedef(checkBody),
    ...checkBody,
    `  return ComponentError();`,
    `}`,
    '',
  ];

  // writeHttp
  const http: string[] = [
    `ComponentError e = checkAt(0);`,
    `if (!e.ok()) return e;`,
    `if (!detail::isHostName(host)) return ComponentError(ComponentErrorCode::BadHttpArgument, ${strings.ref('p', `${s.pathRoot}.host`)});`,
    `if (!detail::isHeaderValue(apiKey)) return ComponentError(ComponentErrorCode::BadHttpArgument, ${strings.ref('p', `${s.pathRoot}.apiKey`)});`,
  ];
  let pathExpr = JSON.stringify(op.path);
  if (pathParams.length) {
    http.push(`char path[SL_API_PATH_MAX];`, `detail::PathBuilder pb(path, sizeof path);`);
    const parts = op.path.split(/(\{[^}]+\})/).filter(Boolean);
    for (const part of parts) {
      const m = part.match(/^\{(.+)\}$/);
      if (m) {
        const f = pathParams.find((x) => x.json === m[1]);
        if (!f) throw new Error(`${op.id}: no parameter for ${part}`);
        http.push(`pb.segment(${memberName(f.json)});`);
      } else http.push(`pb.literal(${JSON.stringify(part)});`);
    }
    http.push(`if (!pb.ok()) return ComponentError(ComponentErrorCode::TooLong, ${strings.ref('p', `${s.pathRoot}.${pathParams[0].json}`)});`);
    pathExpr = 'path';
  }
  http.push(`HttpRequestWriter req(out);`, `req.begin("${op.method}", ${pathExpr});`);
  for (const f of query) {
    const acc = selfAccess(f);
    http.push(`if (${acc.has}) {`, ...indent(queryValue(f, acc.val)), `}`);
  }
  http.push(`req.host(host).bearer(apiKey);`);
  if (op.hasBody) {
    http.push(`req.contentType("application/json");`, `HttpError he = req.end(&${cls}::bodyFn, const_cast<${cls}*>(this));`);
  } else if (op.method === 'GET' || op.method === 'DELETE') {
    http.push(`HttpError he = req.end();`);
  } else {
    http.push(`HttpError he = req.end(static_cast<const uint8_t*>(nullptr), 0);  // Content-Length: 0`);
  }
  http.push(`if (he != HttpError::Ok) e.code = ComponentErrorCode::WriteFailed;`, `return e;`);
  const httpBody = indent(http);
  defs.push(`inline ComponentError ${cls}::writeHttp(Sink& out, const char* host, const char* apiKey) const {`, ...typedef(httpBody), ...httpBody, `}`);

  if (op.hasBody) {
    const b = indent([`detail::genBeginObject(w);`, ...writeFields(s, strings, body), `detail::genEndObject(w);`]);
    defs.push('', `inline void ${cls}::writeBody(JsonWriter& w) const {`, ...typedef(b), ...b, `}`);
  }
  if (ws) {
    // The levels the request's own values reach where `w` is: its object,
    // the parameters' or body's (SL_GEN_ENVELOPE_DEPTH) and the value
    // objects and arrays inside, one for each component (which checks its
    // deeper levels itself at depth w.depth(): with no container open in
    // `w`, the envelope's two levels are the ones every check keeps free).
    const need = query.length || op.hasBody ? fieldsNeed(fields.filter((f) => f.location === 'query' || body(f)), 2) : 1;
    const wsLines = [
      `ComponentError e = checkAt(${usesDepth.value ? 'w.depth()' : '0'});`,
      `if (!e.ok()) return e;`,
      `if (!requestId || !*requestId) return ComponentError(ComponentErrorCode::TooShort, ${strings.ref('p', `${s.pathRoot}.requestId`)});`,
      `if (w.depth() > SL_JSON_WRITER_MAX_DEPTH - ${need}) return ComponentError(ComponentErrorCode::TooDeep, nullptr);`,
      `detail::genWsHead(w, requestId, ${strings.ref('v', ws)});`,
    ];
    if (query.length) {
      wsLines.push(`detail::genKey(w, ${strings.ref('k', 'parameters')});`, `detail::genBeginObject(w);`);
      for (const f of query) {
        const acc = selfAccess(f);
        wsLines.push(`if (${acc.has}) {`, `  detail::genKey(w, ${strings.ref('k', f.json)});`, ...indent(writeValue(f.type, acc.val, acc.count, 0)), `}`);
      }
      wsLines.push(`detail::genEndObject(w);`);
    }
    if (op.hasBody) wsLines.push(`detail::genKey(w, ${strings.ref('k', 'body')});`, `writeBody(w);`);
    wsLines.push(`detail::genEndObject(w);`, `if (!detail::genOk(w)) e.code = ComponentErrorCode::WriteFailed;`, `return e;`);
    const wb = indent(wsLines);
    defs.push('', `inline ComponentError ${cls}::writeWs(JsonWriter& w, const char* requestId) const {`, ...typedef(wb), ...wb, `}`);
  }

  const pooled = pool.size ? strings.shareTails(defs, false) : defs;
  defs.splice(0, defs.length, ...pooled);
  const includes = ['../ApiSupport.h', ...includesFor(s, undefined, '../')];
  for (const f of fields) {
    const t = f.type.kind === 'array' ? f.type.items : f.type;
    if (t.kind === 'component' && t.only) includes.push(`../${t.family}/${t.only.className}.h`);
  }
  return header(
    `api/${cls}.h`,
    [
      `sl::api::${cls}: ${op.method} ${op.path}${ws ? ` (WebSocket requestType "${ws}")` : ''}.`,
      '',
      ...req.filter((f) => f.type.kind === 'component' && f.type.only).map((f) => `  sl::${componentClass(f.type as never)} ${paramName(f.json)};   // the component to send`),
      `  sl::api::${cls} request${req.length ? `(${req.map((f) => placeholder(f)).join(', ')})` : ''};`,
      `  sl::ComponentError e = request.writeHttp(client, "api.semilimes.net", apiKey);`,
      ...(ws ? [`  // or, on the WebSocket: request.writeWs(writer, "req-1");`] : []),
    ],
    [...new Set(includes)],
    [
      ...(op.hasBody ? maxJsonLines(`SL_API_${macroWords(cls)}_BODY_MAX_JSON`, `the ${op.id} request body`, structMax(s, s.pathRoot, componentLookup(all), new Set(), body)) : []),
      '',
      'namespace sl {', 'namespace api {', '', ...decl, '', '}  // namespace api', '', 'namespace detail {', '', ...strings.render(), '', '}  // namespace detail', '', 'namespace api {', '', ...defs, '', '}  // namespace api', '}  // namespace sl'],
  );
}

export function renderApiUmbrella(ops: OperationsIR): string {
  return header(
    'Api.h',
    [
      `Request writers for the ${new Set(ops.operations.map((o) => `${o.method} ${o.path}`)).size} operations of openapi.yaml (sl::api::*), ${ops.operations.length} request shapes`,
      `counting body alternatives${ops.operations.some((o) => o.multipart) ? `; multipart/form-data bodies are streamed (${ops.operations.filter((o) => o.multipart).map((o) => `api/${o.name}.h`).join(', ')})` : ''}.`,
      ...ops.skipped.map((s) => `Not generated: ${s.id}: ${s.reason}.`),
      '',
      '  sl::data::Gauge gauge;',
      '  gauge.setTitle("Boiler").setValue(42);',
      '  sl::api::SendChannelMessage send;',
      '  send.setChannelId(channelId).setDataComponent(gauge);',
      '  sl::ComponentError e = send.writeHttp(client, "api.semilimes.net", apiKey);',
    ],
    ops.operations.map((o) => `api/${o.name}.h`),
    [],
  );
}
