// The generated inbound-event decoder: for a table of events (valid per
// inbound-event.schema.json), the fields and form values it reports are the
// ones a TypeScript walk of the same JSON over the same key tree expects,
// whatever the chunking of the input.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC, ROOT } from '../../helpers/cpp';
import { errorsOf, formatErrors } from '../../helpers/schemas';
import { buildDecoderIR, buildResponseDecodersIR, type DecoderIR } from '../../../codegen/ir/decoders';
import { loadSpec } from '../../../codegen/load';
import { cleanDocJson, envelope, snippetIndex, snippetText, type SnippetEntry } from '../../schemas/openapi.helpers';

const ir = buildDecoderIR(loadSpec()) as DecoderIR;

const json = (dir: string) =>
  fs
    .readdirSync(path.join(FIRMWARE_SRC, 'json', dir))
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => `firmware/src/json/${dir}/${f}`);
let exe = '';
let buildError: unknown;
try {
  exe = buildHost({
    name: 'generated_decoder',
    sources: [
      'test/firmware/generated/decoder_host.cpp',
      ...['JsonParser', 'JsonValueCapture', 'JsonNumber', 'JsonParseError'].map((n) => `firmware/src/json/${n}.cpp`),
      ...json('detail'),
    ],
  });
} catch (e) {
  buildError = e;
}

const TYPE = { string: 1, number: 2, true: 3, false: 4, null: 5, object: 6, array: 7 };

function typeOf(v: unknown): number {
  if (v === null) return TYPE.null;
  if (v === true) return TYPE.true;
  if (v === false) return TYPE.false;
  if (typeof v === 'string') return TYPE.string;
  if (typeof v === 'number') return TYPE.number;
  return Array.isArray(v) ? TYPE.array : TYPE.object;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? JSON.stringify(v) : '';
}

/** What a decoder over `tree` must report for `doc`, in document order. */
export function expectedFor(tree: DecoderIR, doc: unknown): string[] {
  const out: string[] = [];
  const isPlain = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const leaf = (field: string, index: number, v: unknown) => out.push(`field\t${field}\t${index}\t${typeOf(v)}\t${text(v)}`);
  const walk = (node: number, value: unknown, index: number) => {
    if (!isPlain(value)) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = tree.nodes.find((x) => x.parent === node && x.key === k);
      if (!n) continue;
      if (n.kind === 'leaf') leaf(n.field, index, v);
      else if (n.kind === 'object') walk(n.id, v, index);
      else if (n.kind === 'list' && Array.isArray(v)) v.forEach((el, i) => walk(n.id, el, i));
      else if (n.kind === 'leafList' && Array.isArray(v)) v.forEach((el, i) => leaf(n.field, i, el));
      else if (n.kind === 'formList' && Array.isArray(v)) {
        v.forEach((item, i) => {
          if (!isPlain(item)) return;
          const it = item as Record<string, unknown>;
          const val = 'value' in it ? typeOf(it.value) : 0;
          out.push(`form\t${i}\t${text(it.refName)}\t${text(it.formComponentType)}\t${val}\t${text(it.value)}`);
        });
      }
    }
  };
  walk(0, doc, 0);
  out.push('end\t0');
  return out;
}

const expected = (event: unknown) => expectedFor(ir, event);

const events: { name: string; event: unknown }[] = [
  {
    name: 'file message in a p2p chat (a list of scalars)',
    event: { eventType: 'MessageReceived', featureType: 'p2p', eventBody: { messageId: 'm0', senderId: 's0', dataComponent: { dataComponentType: 'file', fileIds: ['f1', 'f2', 'f3'] } } },
  },
  {
    name: 'text message in a p2p chat',
    event: { eventType: 'MessageReceived', featureType: 'p2p', eventBody: { messageId: 'm1', senderId: 's1', receivedOn: 1700000000, dataComponent: { dataComponentType: 'text', text: 'lamp on "now" \\ é' } } },
  },
  {
    name: 'form submission in a channel, keys in unusual order, unknown members',
    event: {
      eventBody: {
        extra: { deep: [1, { x: [true] }] },
        channelId: 'c1',
        dataComponent: {
          formComponents: [
            { value: 55, formComponentType: 'slider', refName: 'level' },
            { refName: 'pump', formComponentType: 'switch', value: true },
            { refName: 'modes', formComponentType: 'multichoice', value: ['a', 'b'] },
            { refName: 'name', formComponentType: 'textbox', value: null },
            { refName: 'photos', formComponentType: 'photopicker', value: [{ fileID: 'f' }] },
          ],
          replyTo: { messageId: 'form-1', refName: 'boiler' },
          submitterId: 'u9',
          dataComponentType: 'formsubmission',
        },
        senderId: 's2',
        messageId: 'm2',
      },
      featureType: 'channel',
      eventType: 'MessageReceived',
    },
  },
  {
    name: 'response to a request',
    event: { eventType: 'Response', requestId: 'req-7', eventBody: { success: false, statusCode: 404, error: 'not found', data: { a: [1, 2, { b: 'c' }] } } },
  },
  {
    name: 'gauge in a group chat',
    event: {
      eventType: 'MessageReceived',
      featureType: 'groupchat',
      eventBody: {
        messageId: 'm3',
        senderId: 's3',
        groupChatId: 'g1',
        dataComponent: {
          dataComponentType: 'gauge',
          title: 'T',
          value: 42.5,
          pointer: 'needle',
          segments: [
            { from: 0, to: 50, color: '#00AAFF' },
            { from: 51, to: 100 },
          ],
        },
      },
    },
  },
];

describe('generated inbound-event decoder', () => {
  test('host program builds', () => {
    if (buildError) throw buildError;
  });
  for (const { name, event } of events) {
    describe(name, () => {
      test('the event is valid per inbound-event.schema.json', () => {
        const errs = errorsOf('inbound-event.schema.json', event);
        if (errs.length) throw new Error(formatErrors(errs));
      });
      for (const chunk of [1, 3, 64, 100000]) {
        test(`reports what the spec tree expects (chunks of ${chunk})`, () => {
          const r = spawnSync(exe, [String(chunk)], { input: JSON.stringify(event), encoding: 'utf8' });
          expect(r.stdout.trim().split('\n')).toEqual(expected(event));
        });
      }
    });
  }

  test('a long string is cut and flagged, not overflowed', () => {
    const event = { eventType: 'MessageReceived', featureType: 'p2p', eventBody: { messageId: 'm', senderId: 's', dataComponent: { dataComponentType: 'text', text: 'x'.repeat(5000) } } };
    const r = spawnSync(exe, ['5'], { input: JSON.stringify(event), encoding: 'utf8' });
    const line = r.stdout.split('\n').find((l) => l.startsWith('field\tComponentText'));
    expect(line).toMatch(/\t\[truncated\]$/);
    expect(r.stdout).toContain('end\t0');
  });
});

describe('decoder compiles warning-free on every toolchain', () => {
  const cross: { compiler: string; flags: string[] }[] = [
    { compiler: 'clang++', flags: [] },
    { compiler: 'avr-g++', flags: ['-mmcu=atmega328p', '-Os'] },
    { compiler: 'arm-none-eabi-g++', flags: ['-mcpu=cortex-m3', '-mthumb', '-Os'] },
    { compiler: 'xtensa-lx106-elf-g++', flags: ['-Os', '-mlongcalls'] },
  ];
  for (const c of cross) {
    const found = spawnSync('which', [c.compiler]).status === 0;
    (found ? test : test.skip)(c.compiler, () => {
      const src = path.resolve(__dirname, 'decoder_host.cpp');
      const r = spawnSync(
        c.compiler,
        ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti', ...c.flags, '-I', FIRMWARE_SRC, '-c', src, '-o', path.join(path.dirname(exe || '/tmp/x'), `decoder.${c.compiler}.o`)],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      expect(r.stderr).toBe('');
    }, 300000);
  }
});

// ---- every example of the spec: each `examples` entry of every response in
// openapi.yaml (the 200 replies and components/responses, resolved through
// $ref), each response / event / fragment snippet of schemas/examples/operations/
// (README there) and each example of inbound-event.schema.json.
const spec = loadSpec();
const responses = buildResponseDecodersIR(spec);
type Json = Parameters<typeof envelope>[0];

interface Case {
  /** Where the example comes from. */
  id: string;
  /** A response decoder, or undefined for the inbound-event decoder. */
  decoder?: DecoderIR;
  value: unknown;
}

function deref(doc: Record<string, unknown>, node: Record<string, unknown>): Record<string, unknown> {
  let cur = node;
  for (let i = 0; typeof cur?.$ref === 'string' && i < 8; i++) {
    const ptr = (cur.$ref as string).replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    cur = ptr.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, doc);
  }
  return cur;
}

const decoderFor = (id: string) => responses.find((r) => r.name === `${id.charAt(0).toUpperCase()}${id.slice(1)}ResponseDecoder`);

function allExamples(): { cases: Case[]; counts: Record<string, number> } {
  const cases: Case[] = [];
  const counts: Record<string, number> = { openapiResponse: 0, snippetResponse: 0, snippetEvent: 0, schemaEvent: 0 };
  const doc = spec.openapi as Record<string, unknown>;
  // Response examples shared through components/responses are counted once
  // and decoded with every response decoder whose operation refers to them.
  const shared = new Map<string, { value: unknown; ids: string[] }>();
  for (const item of Object.values(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const op of Object.values(item)) {
      const id = op.operationId as string | undefined;
      if (!id) continue;
      for (const [code, raw] of Object.entries((op.responses as Record<string, Record<string, unknown>>) ?? {})) {
        const resp = deref(doc, raw);
        const media = ((resp.content as Record<string, Record<string, unknown>>) ?? {})['application/json'];
        for (const [name, ex] of Object.entries((media?.examples as Record<string, Record<string, unknown>>) ?? {})) {
          const value = deref(doc, ex).value;
          if (typeof raw.$ref === 'string') {
            const key = `${raw.$ref as string} ${name}`;
            const s = shared.get(key) ?? { value, ids: [] };
            s.ids.push(id);
            shared.set(key, s);
            continue;
          }
          const decoder = decoderFor(id);
          if (!decoder) throw new Error(`${id} ${code}: a JSON example but no response decoder`);
          cases.push({ id: `openapi ${id} ${code} ${name}`, decoder, value });
          counts.openapiResponse++;
        }
      }
    }
  }
  for (const [key, s] of shared) {
    counts.openapiResponse++;
    for (const id of s.ids) {
      const decoder = decoderFor(id);
      // downloadFile answers raw bytes on success: no JSON response decoder to pair the error envelope with.
      if (decoder) cases.push({ id: `openapi ${key} via ${id}`, decoder, value: s.value });
    }
  }
  const index = snippetIndex() as (SnippetEntry & { valueOverride?: Json })[];
  const valueOf = (e: SnippetEntry & { valueOverride?: Json }) => (e.valueOverride !== undefined ? e.valueOverride : cleanDocJson(snippetText(e)));
  for (const e of index) {
    if (e.kind === 'response') {
      const decoder = decoderFor(e.operationId!);
      if (!decoder) throw new Error(`${e.file}: no response decoder`);
      cases.push({ id: `snippet ${e.file}`, decoder, value: envelope(valueOf(e)) });
      counts.snippetResponse++;
    } else if (e.kind === 'fragment') {
      // Merged over the base account of the main example (README there).
      const adv = (cleanDocJson('{' + snippetText(e) + '}') as Record<string, Record<string, unknown>>).currentAccount;
      const base = valueOf(index.find((x) => x.operationId === e.operationId && x.kind === 'response')!) as Record<string, Record<string, unknown>>;
      cases.push({ id: `snippet ${e.file}`, decoder: decoderFor(e.operationId!), value: envelope({ ...base, currentAccount: { ...base.currentAccount, ...adv } } as Json) });
      counts.snippetResponse++;
    } else if (e.kind === 'event') {
      cases.push({ id: `snippet ${e.file}`, value: valueOf(e) });
      counts.snippetEvent++;
    }
  }
  const inbound = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'inbound-event.schema.json'), 'utf8')) as { examples?: unknown[] };
  (inbound.examples ?? []).forEach((value, i) => {
    cases.push({ id: `inbound-event.schema.json examples[${i}]`, value });
    counts.schemaEvent++;
  });
  return { cases, counts };
}

const { cases, counts } = allExamples();
const total = Object.values(counts).reduce((a, b) => a + b, 0);
/** Scalar values compared (decoded fields and form values), over all examples. */
const scalars = cases.reduce((n, c) => n + expectedFor(c.decoder ?? ir, c.value).filter((l) => !l.startsWith('end')).length, 0);
const hostSrc = `// Generated by test/firmware/generated/decoder.test.ts: every response decoder.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "generated/Decoders.h"

static char input[1 << 16];

template <typename Field>
struct Printer {
  void field(Field f, const sl::JsonValueCapture& v, uint16_t index) {
    printf("field\\t%s\\t%u\\t%d\\t%s\\n", sl::api::fieldName(f), static_cast<unsigned>(index), static_cast<int>(v.type()), v.text());
  }
};

template <typename Decoder>
static int run(Decoder& d, size_t n, size_t chunk) {
  sl::JsonParser parser(d);
  for (size_t at = 0; at < n; at += chunk) {
    size_t len = n - at < chunk ? n - at : chunk;
    if (parser.feed(input + at, len) != sl::JsonParseError::Ok) break;
  }
  printf("end\\t%d\\n", static_cast<int>(parser.finish().code()));
  return 0;
}

${responses
  .map((r) => {
    const base = r.name.replace(/ResponseDecoder$/, '');
    return `struct ${base}H : sl::api::${base}ResponseHandler {
  void onField(sl::api::${r.fieldEnum} f, const sl::JsonValueCapture& v, uint16_t i) override { Printer<sl::api::${r.fieldEnum}>().field(f, v, i); }
};`;
  })
  .join('\n')}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  size_t chunk = static_cast<size_t>(atoi(argv[2]));
  size_t n = fread(input, 1, sizeof input, stdin);
${responses
  .map((r) => {
    const base = r.name.replace(/ResponseDecoder$/, '');
    return `  if (!strcmp(argv[1], "${r.name}")) { ${base}H h; sl::api::${r.name} d(h); return run(d, n, chunk); }`;
  })
  .join('\n')}
  return 3;
}
`;

describe(`every spec example (${total}: ${counts.openapiResponse} openapi.yaml response examples, ${counts.snippetResponse} response and ${counts.snippetEvent} event snippets, ${counts.schemaEvent} inbound-event.schema.json examples; ${scalars} scalar values) decoded in C++ equals JSON.parse`, () => {
  let exe2 = '';
  let err: unknown;
  try {
    const file = path.join(ROOT, 'build', 'generated', 'responses_host.cpp');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, hostSrc);
    exe2 = buildHost({
      name: 'generated_responses',
      sources: [file, ...['JsonParser', 'JsonValueCapture', 'JsonNumber', 'JsonParseError'].map((n) => `firmware/src/json/${n}.cpp`), ...json('detail')],
    });
  } catch (e) {
    err = e;
  }
  test('host program builds', () => {
    if (err) throw err;
  });
  test('the count covers the spec: 48 openapi examples, 4+ events', () => {
    expect(counts.openapiResponse).toBeGreaterThanOrEqual(48);
    expect(counts.snippetResponse).toBeGreaterThan(30);
    expect(counts.snippetEvent + counts.schemaEvent).toBeGreaterThanOrEqual(8);
  });
  for (const c of cases) {
    test(`${c.id} (fed byte by byte and whole)`, () => {
      const input = JSON.stringify(c.value);
      const want = expectedFor(c.decoder ?? ir, c.value);
      // Every scalar the tree knows is reported: the walk above reads JSON.parse's value.
      expect(want.filter((l) => l.startsWith('field') || l.startsWith('form')).length).toBeGreaterThan(0);
      for (const chunk of ['1', '100000']) {
        const r = c.decoder ? spawnSync(exe2, [c.decoder.name, chunk], { input, encoding: 'utf8' }) : spawnSync(exe, [chunk], { input, encoding: 'utf8' });
        expect(r.stdout.trim().split('\n')).toEqual(want);
      }
    });
  }
});
