// The generated request writers (sl::api::*), end to end. A C++ program is
// generated from the IR with a valid sample value for every field of every
// operation; it prints each HTTP request (hex) and WebSocket envelope. Jest
// then checks the request line, the percent-encoded query and path, the
// headers, that Content-Length matches, that the JSON body passes the
// operation's OpenAPI schema, and that the WebSocket envelope passes
// ws-request.schema.json. A request missing a required field writes nothing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC, ROOT } from '../../helpers/cpp';
import { errorsOf, formatErrors } from '../../helpers/schemas';
import { compileInOpenApi, operation, requestBodySchema } from '../../schemas/openapi.helpers';
import { buildComponentsIR, newCtx } from '../../../codegen/ir/components';
import { buildOperationsIR, type OperationIR } from '../../../codegen/ir/operations';
import type { FieldIR, TypeIR } from '../../../codegen/ir/types';
import { loadSpec } from '../../../codegen/load';
import { enumeratorName, setterName } from '../../../codegen/naming';

const spec = loadSpec();
const ctx = newCtx(spec);
buildComponentsIR(spec, ctx);
const { operations: allOperations } = buildOperationsIR(spec, ctx);
// The multipart upload (uploadFile) has its own suite: upload.test.ts.
const operations = allOperations.filter((o) => !o.multipart);

// ---- sample values (C++ expression + the JSON value it must produce)
let arrays: string[] = [];
let counter = 0;
interface Sample {
  cpp: string;
  json: unknown;
}

const TRICKY = 'a b&c=d/é?';

function sample(t: TypeIR, f: FieldIR | undefined): Sample {
  switch (t.kind) {
    case 'string': {
      if (t.format === 'color') return { cpp: '"#00AAFF"', json: '#00AAFF' };
      if (t.format === 'date-time') return { cpp: '"2030-01-02T15:04:05Z"', json: '2030-01-02T15:04:05Z' };
      const s = f?.location === 'query' ? TRICKY : 'v1';
      return { cpp: JSON.stringify(s).replace(/é/g, '\\xc3\\xa9'), json: s };
    }
    case 'integer': {
      const v = t.minimum !== undefined ? Math.max(t.minimum, 1) : 7;
      const c = t.maximum !== undefined ? Math.min(v, t.maximum) : v;
      return { cpp: String(c), json: c };
    }
    case 'number':
      return { cpp: '1.5', json: 1.5 };
    case 'boolean':
      return { cpp: 'true', json: true };
    case 'enum':
      return { cpp: `sl::${t.ref.scope === 'shared' ? '' : `${t.ref.scope}::`}${t.ref.name}::${enumeratorName(t.ref.values[0])}`, json: t.ref.values[0] };
    case 'struct': {
      let cpp = `sl::${t.ref.scope === 'shared' ? '' : `${t.ref.scope}::`}${t.ref.name}()`;
      const json: Record<string, unknown> = {};
      for (const g of t.ref.fields) {
        if (g.constValue !== undefined) json[g.json] = g.constValue;
        if (g.deprecated || g.type.kind === 'any' || g.constValue !== undefined) continue;
        const s = sample(g.type, g);
        cpp += `.${setterName(g.json)}(${s.cpp})`;
        json[g.json] = s.json;
      }
      return { cpp, json };
    }
    case 'component':
      if (t.only) return { cpp: 'refBucket', json: { dataComponentType: 'bucket', bucketId: 'b1' } };
      return { cpp: 'text', json: { dataComponentType: 'text', text: 'hello' } };
    case 'array': {
      const item = sample(t.items, undefined);
      const name = `arr${counter++}`;
      const it = t.items;
      const type =
        it.kind === 'string'
          ? 'const char* const'
          : it.kind === 'component'
            ? `const sl::${it.family === 'data' ? 'DataComponent' : 'FormComponent'}* const`
            : it.kind === 'struct' || it.kind === 'enum'
              ? `const sl::${it.ref.name}`
              : `const ${it.kind === 'integer' ? 'sl::ComponentInt' : it.kind === 'number' ? 'double' : 'bool'}`;
      arrays.push(`static ${type} ${name}[] = {${it.kind === 'component' ? '&' : ''}${item.cpp}};`);
      return { cpp: name, json: [item.json] };
    }
    default:
      throw new Error(`no sample for ${t.kind}`);
  }
}

interface Expect {
  op: OperationIR;
  query: Record<string, string>;
  path: string;
  body: Record<string, unknown>;
  ws: Record<string, unknown>;
}

function program(): { src: string; expects: Expect[] } {
  const blocks: string[] = [];
  const expects: Expect[] = [];
  for (const op of operations) {
    arrays = [];
    const sets: string[] = [];
    const query: Record<string, string> = {};
    const body: Record<string, unknown> = {};
    const ws: Record<string, unknown> = {};
    let p = op.path;
    for (const f of op.request.fields) {
      if (f.deprecated || f.type.kind === 'any') continue;
      const s = sample(f.type, f);
      sets.push(`.${setterName(f.json)}(${s.cpp})`);
      if (f.location === 'query') {
        query[f.json] = String(s.json);
        ws[f.json] = s.json;
      } else if (f.location === 'path') p = p.replace(`{${f.json}}`, encodeURIComponent(String(s.json)));
      else body[f.json] = s.json;
    }
    expects.push({ op, query, path: p, body, ws });
    const hasRequired = op.request.fields.some((f) => f.required);
    blocks.push(
      `{`,
      ...arrays.map((a) => `  ${a}`),
      `  sl::api::${op.name} r;`,
      sets.length ? `  r${sets.join('')};` : '',
      `  http("${op.id}", r);`,
      op.wsRequestType ? `  wsOut("${op.id}", r);` : '',
      hasRequired ? `  empty("${op.id}", sl::api::${op.name}());` : '',
      `}`,
    );
  }
  const src = `// Generated by test/firmware/generated/operations.test.ts.
#include <stdio.h>
#include "generated/Api.h"
#include "generated/Components.h"
#include "io/Sink.h"

static char buf[8192];

template <typename R>
static void http(const char* id, const R& r) {
  sl::BufferSink out(buf, sizeof buf);
  sl::ComponentError e = r.writeHttp(out, "api.semilimes.net", "KEY");
  printf("http\\t%s\\t%s\\t", id, sl::componentErrorCodeName(e.code));
  for (size_t i = 0; i < out.length(); ++i) printf("%02x", static_cast<unsigned char>(buf[i]));
  printf("\\n");
}

template <typename R>
static void wsOut(const char* id, const R& r) {
  sl::BufferSink out(buf, sizeof buf);
  sl::JsonWriter w(out);
  sl::ComponentError e = r.writeWs(w, "req-1");
  sl::JsonWriteError we = w.finish();
  printf("ws\\t%s\\t%s\\t%s\\n", id, sl::componentErrorCodeName(e.code), we == sl::JsonWriteError::Ok ? buf : "WRITER-ERROR");
}

template <typename R>
static void empty(const char* id, const R& r) {
  sl::CountingSink count;
  sl::ComponentError e = r.writeHttp(count, "api.semilimes.net", "KEY");
  char where[64];
  e.formatPath(where, sizeof where);
  printf("empty\\t%s\\t%s\\t%s\\t%u\\n", id, sl::componentErrorCodeName(e.code), where, static_cast<unsigned>(count.count()));
}

int main() {
  sl::data::Text text("hello");
  sl::data::Bucket refBucket;
  refBucket.setBucketId("b1");
${blocks.filter(Boolean).map((l) => '  ' + l).join('\n')}
  {
    sl::api::GetContacts r;
    sl::CountingSink c1, c2;
    sl::ComponentError e1 = r.writeHttp(c1, "bad host\\r\\nX: y", "KEY");
    sl::ComponentError e2 = r.writeHttp(c2, "api.semilimes.net", "KEY\\r\\nX-Injected: 1");
    char p1[64], p2[64];
    e1.formatPath(p1, sizeof p1);
    e2.formatPath(p2, sizeof p2);
    printf("badarg\\thost\\t%s\\t%s\\t%u\\n", sl::componentErrorCodeName(e1.code), p1, static_cast<unsigned>(c1.count()));
    printf("badarg\\tkey\\t%s\\t%s\\t%u\\n", sl::componentErrorCodeName(e2.code), p2, static_cast<unsigned>(c2.count()));
  }
  return 0;
}
`;
  return { src, expects };
}

const { src, expects } = program();
const file = path.join(ROOT, 'build', 'generated', 'operations_host.cpp');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, src);

const sources = [
  file,
  'firmware/src/json/JsonWriter.cpp',
  ...fs
    .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => `firmware/src/json/detail/${f}`),
];
const out: Record<string, Record<string, string[]>> = { http: {}, ws: {}, empty: {}, badarg: {} };
let buildError: unknown;
try {
  const exe = buildHost({ name: 'generated_operations', sources });
  const r = spawnSync(exe, [], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`exit ${r.status} ${r.signal} ${r.stderr}`);
  for (const line of r.stdout.trim().split('\n')) {
    const [kind, id, ...rest] = line.split('\t');
    out[kind][id] = rest;
  }
} catch (e) {
  buildError = e;
}

function parseHttp(hex: string): { method: string; target: string; headers: Record<string, string>; body: string } {
  const text = Buffer.from(hex, 'hex').toString('utf8');
  const [head, ...rest] = text.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const [method, target, version] = lines[0].split(' ');
  expect(version).toBe('HTTP/1.1');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { method, target, headers, body: rest.join('\r\n\r\n') };
}

describe('generated request writers', () => {
  test('host program builds and runs', () => {
    if (buildError) throw buildError;
  });

  test('one request writer per operation (and per body alternative)', () => {
    const ids = new Set(allOperations.map((o) => o.id.replace(/(NewBucketPost|BucketPost)$/, '')));
    // Every one of the 51 operations of openapi.yaml, the multipart upload included.
    expect(ids.size).toBe(51);
    expect(allOperations.filter((o) => o.multipart).map((o) => o.id)).toEqual(['uploadFile']);
  });

  describe('HTTP', () => {
    for (const e of expects) {
      test(`${e.op.method} ${e.op.path} (${e.op.id})`, () => {
        const [code, hex] = out.http[e.op.id] ?? [];
        expect(code).toBe('Ok');
        const req = parseHttp(hex);
        expect(req.method).toBe(e.op.method);
        const url = new URL(req.target, 'https://api.semilimes.net');
        expect(url.pathname).toBe(e.path);
        expect(Object.fromEntries(url.searchParams.entries())).toEqual(e.query);
        expect(req.headers.host).toBe('api.semilimes.net');
        expect(req.headers.authorization).toBe('Bearer KEY');
        if (e.op.hasBody) {
          expect(req.headers['content-type']).toBe('application/json');
          expect(Number(req.headers['content-length'])).toBe(Buffer.byteLength(req.body));
          const body = JSON.parse(req.body);
          expect(body).toEqual(e.body);
          const schema = requestBodySchema(operation(e.op.id.replace(/(NewBucketPost|BucketPost)$/, '')));
          const v = compileInOpenApi(schema as never, `body:${e.op.id}`);
          if (!v(body)) throw new Error(formatErrors(v.errors ?? []));
        } else {
          expect(req.body).toBe('');
        }
      });
    }
  });

  describe('WebSocket envelope', () => {
    for (const e of expects.filter((x) => x.op.wsRequestType)) {
      test(`${e.op.wsRequestType}`, () => {
        const [code, json] = out.ws[e.op.id] ?? [];
        expect(code).toBe('Ok');
        const env = JSON.parse(json);
        expect(env).toMatchObject({ requestId: 'req-1', requestType: e.op.wsRequestType, version: '2' });
        if (Object.keys(e.ws).length) expect(env.parameters).toEqual(e.ws);
        if (e.op.hasBody) expect(env.body).toEqual(e.body);
        const errs = errorsOf('ws-request.schema.json', env);
        if (errs.length) throw new Error(formatErrors(errs));
      });
    }
  });

  test('a host or API key that would break HTTP is refused before any byte', () => {
    expect(out.badarg.host).toEqual(['BadHttpArgument', 'getContacts.host', '0']);
    expect(out.badarg.key).toEqual(['BadHttpArgument', 'getContacts.apiKey', '0']);
  });

  describe('a request missing a required field writes nothing', () => {
    for (const e of expects.filter((x) => x.op.request.fields.some((f) => f.required))) {
      test(e.op.id, () => {
        const [code, where, bytes] = out.empty[e.op.id] ?? [];
        expect(code).toBe('MissingRequired');
        const first = e.op.request.fields.find((f) => f.required);
        expect(where).toBe(`${e.op.request.pathRoot}.${first?.json}`);
        expect(bytes).toBe('0');
      });
    }
  });
});

describe('request writers compile warning-free on every toolchain', () => {
  const cross: { compiler: string; flags: string[] }[] = [
    { compiler: 'clang++', flags: [] },
    { compiler: 'avr-g++', flags: ['-mmcu=atmega328p', '-Os'] },
    { compiler: 'arm-none-eabi-g++', flags: ['-mcpu=cortex-m3', '-mthumb', '-Os'] },
    { compiler: 'xtensa-lx106-elf-g++', flags: ['-Os', '-mlongcalls'] },
  ];
  for (const c of cross) {
    const found = spawnSync('which', [c.compiler]).status === 0;
    (found ? test : test.skip)(c.compiler, () => {
      const r = spawnSync(
        c.compiler,
        ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti', ...c.flags, '-I', FIRMWARE_SRC, '-c', file, '-o', `${file}.${c.compiler}.o`],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stderr).toBe('');
    }, 300000);
  }
});
