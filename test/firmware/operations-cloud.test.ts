// The host-built C++ client against the mock semilimes cloud: every one of
// the 51 operations of openapi.yaml over REST (generated request writer ->
// PosixSocketTransport -> HttpResponseParser -> generated response decoder),
// then every operation with an `x-ws-request-type` (30) over the WebSocket
// through the device client itself: sl::Client::send(request, parser,
// onResponse) correlates the Response by requestId and streams its
// eventBody into the operation's generated response decoder as the frames
// arrive (no text search, no buffering in the SDK).
//
// A C++ program is generated from a scenario (create a channel, a group
// chat, a post, a tunnel, an API key, a device first, then use the ids the
// program itself decoded from those replies) with the setters of the
// operations IR; it prints one line per operation with the raw reply and one
// line per decoded field. Jest checks: every operation answered 2xx with
// success:true, each decoded field equals a TypeScript walk of the same reply
// bytes over the decoder's key tree (on the WebSocket: the Response event
// with the client's requestId, found by TypeScript in the bytes the client
// read), decoded values equal the cloud's state fetched from TypeScript, and
// the cloud counted every operation with zero validation errors.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC, ROOT } from '../helpers/cpp';
import { api } from '../cloud/helpers';
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { buildComponentsIR, newCtx } from '../../codegen/ir/components';
import { buildResponseDecodersIR, type DecoderIR } from '../../codegen/ir/decoders';
import { buildOperationsIR, type OperationIR } from '../../codegen/ir/operations';
import type { FieldIR, TypeIR } from '../../codegen/ir/types';
import { loadSpec } from '../../codegen/load';
import { setterName, typeName } from '../../codegen/naming';

const spec = loadSpec();
const ctx = newCtx(spec);
buildComponentsIR(spec, ctx);
const { operations } = buildOperationsIR(spec, ctx);
const decoders = buildResponseDecodersIR(spec, newCtx(spec));
const baseId = (id: string) => id.replace(/(NewBucketPost|BucketPost)$/, '');
const opById = new Map(operations.map((o) => [o.id, o]));
const allIds = [...new Set(operations.map((o) => baseId(o.id)))].sort();
const wsIds = [...new Set(operations.filter((o) => o.wsRequestType).map((o) => baseId(o.id)))].sort();

// ---- the scenario: values are JSON; "$name" is a variable of the C++ program
interface Step {
  op: string;
  set?: Record<string, unknown>;
  key?: 'other';
  /** [variable, decoder field enumerator]: keeps element 0 of that field. */
  save?: [string, string];
}
const text = (t: string) => ({ dataComponentType: 'text', text: t });

const steps: Step[] = [
  { op: 'getMyAccounts', set: { main: true, sub: true, shared: true, details: true } },
  { op: 'getAccountProfile' },
  { op: 'updateAccountProfile', set: { title: 'Station', visible: true } },
  { op: 'addFeedPostNewBucketPost', set: { title: 'Post', enableReactions: true, dataComponents: [text('x')] }, save: ['bucketId', 'AddedPostComponentBucketId'] },
  { op: 'addFeedPostBucketPost', set: { dataComponent: { dataComponentType: 'bucket', title: 'Single' } } },
  { op: 'updateFeedPost', set: { bucketId: '$bucketId', title: 'Post 2' } },
  { op: 'getAccountFeed', set: { limit: 5 } },
  { op: 'getContacts' },

  { op: 'sendP2pMessage', set: { recipientId: '$alice', dataComponent: text('hi') }, save: ['p2pMsg', 'SentMessageMessageId'] },
  { op: 'getP2pChats' },
  { op: 'getP2pMessages', set: { recipientId: '$alice', limit: 10 } },
  { op: 'updateP2pMessage', set: { messageId: '$p2pMsg', dataComponent: text('hi!') } },
  { op: 'sendP2pReaction', set: { messageId: '$p2pMsg', reaction: '+1' } },
  { op: 'removeP2pReaction', set: { messageId: '$p2pMsg', reaction: '+1' } },
  { op: 'replyP2pMessage', set: { messageId: '$p2pMsg', dataComponent: { text: 're' } } },
  { op: 'signalP2pTyping', set: { recipientId: '$alice' } },

  { op: 'createGroupChat', set: { title: 'G', recipientIds: ['$alice'] }, save: ['gid', 'CreatedGroupChatGroupChatId'] },
  { op: 'getGroupChats', set: { recipientIds: '$alice' } },
  { op: 'inviteToGroupChat', set: { groupChatId: '$gid', recipientIds: ['$other'] } },
  { op: 'sendGroupChatMessage', set: { groupChatId: '$gid', dataComponent: text('g') }, save: ['gMsg', 'SentMessageMessageId'] },
  { op: 'getGroupChatMessages', set: { groupChatId: '$gid', limit: 10 } },
  { op: 'updateGroupChatMessage', set: { messageId: '$gMsg', dataComponent: text('g!') } },
  { op: 'sendGroupChatReaction', set: { messageId: '$gMsg', reaction: '+1' } },
  { op: 'removeGroupChatReaction', set: { messageId: '$gMsg', reaction: '+1' } },
  { op: 'replyGroupChatMessage', set: { messageId: '$gMsg', dataComponent: { text: 're' } } },
  { op: 'signalGroupChatTyping', set: { groupChatId: '$gid' } },

  { op: 'createChannel', set: { title: '$run', visible: true, locked: false }, save: ['cid', 'CreatedChannelChannelId'] },
  { op: 'getMyChannels', set: { owner: true } },
  { op: 'getChannels', set: { channelId: '$cid' } },
  { op: 'sendChannelMessage', set: { channelId: '$cid', dataComponent: text('c') }, save: ['cMsg', 'SentMessageMessageId'] },
  { op: 'getChannelMessages', set: { channelId: '$cid', limit: 10 } },
  { op: 'updateChannelMessage', set: { messageId: '$cMsg', dataComponent: text('c!') } },
  { op: 'subscribeChannel', set: { channelId: '$cid' }, key: 'other' },
  { op: 'unsubscribeChannel', set: { channelId: '$cid' }, key: 'other' },

  { op: 'openBucket', set: { bucketId: '$bucketId' } },
  { op: 'updateBucket', set: { bucketId: '$bucketId', title: 'B' } },
  { op: 'likeBucket', set: { bucketId: '$bucketId' }, key: 'other' },
  { op: 'unlikeBucket', set: { bucketId: '$bucketId' }, key: 'other' },

  { op: 'createTunnel', set: { name: 'cam', clientPort: 554, publicKey: 'ssh-rsa AAAA' }, save: ['tid', 'TunnelId'] },
  { op: 'openTunnel', set: { tunnelId: '$tid' } },
  { op: 'getTunnels' },
  { op: 'closeTunnel', set: { tunnelId: '$tid' } },
  { op: 'deleteTunnel', set: { tunnelId: '$tid' } },
  { op: 'getLlms' },
  { op: 'uploadFile', save: ['fileId', 'UploadedFilesFileId'] },
  { op: 'downloadFile', set: { fileId: '$fileId', thumbnailSize: 100 } },

  { op: 'validateApiKey' },
  { op: 'createApiKey', set: { name: 'spare', expire_at: '2099-01-01T00:00:00Z' }, save: ['spareKeyId', 'Id'] },
  { op: 'deleteApiKey', set: { key_id: '$spareKeyId' } },

  { op: 'registerDevice', set: { deviceId: '$dev', provisioningKey: 'pk' } },
  { op: 'getDeviceClaimStatus', set: { deviceId: '$dev', provisioningKey: 'pk' } },
  { op: 'resetDevice', set: { deviceId: '$dev' } },
];

// Variables: 0..3 come from argv / the phase; the rest are saved from replies.
const vars = ['alice', 'other', 'dev', 'run'];
const varIndex = (name: string) => {
  if (!vars.includes(name)) vars.push(name);
  return vars.indexOf(name);
};
for (const s of steps) if (s.save) varIndex(s.save[0]);

function cppString(s: string): string {
  if (s.startsWith('$')) return `ops::V[${varIndex(s.slice(1))}]`;
  return JSON.stringify(s);
}

function setterArg(t: TypeIR, v: unknown, decls: string[]): string {
  switch (t.kind) {
    case 'string':
      return cppString(String(v));
    case 'integer':
      return typeof v === 'string' && v.startsWith('$') ? `atoi(${cppString(v)})` : String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'component': {
      // sl::data::<Type> with a string setter per member.
      const { dataComponentType, ...members } = v as Record<string, string>;
      const name = `c${decls.length}`;
      decls.push(`sl::data::${typeName(dataComponentType)} ${name};`);
      for (const [k, x] of Object.entries(members)) decls.push(`${name}.${setterName(k)}(${cppString(x)});`);
      return name;
    }
    case 'struct': {
      let e = `sl::${t.ref.scope === 'shared' ? '' : `${t.ref.scope}::`}${t.ref.name}()`;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const g = t.ref.fields.find((f: FieldIR) => f.json === k);
        if (!g) throw new Error(`scenario: ${t.ref.name} has no ${k}`);
        e += `.${setterName(k)}(${setterArg(g.type, x, decls)})`;
      }
      return e;
    }
    case 'array': {
      const items = v as unknown[];
      const name = `a${decls.length}`;
      if (t.items.kind === 'string') decls.push(`const char* ${name}[] = {${items.map((x) => cppString(String(x))).join(', ')}};`);
      else if (t.items.kind === 'component') {
        const parts = items.map((x) => setterArg(t.items, x, decls));
        decls.push(`const sl::DataComponent* ${name}[] = {${parts.map((p) => `&${p}`).join(', ')}};`);
      } else throw new Error(`scenario: arrays of ${t.items.kind}`);
      return name;
    }
    default:
      throw new Error(`scenario: no setter argument for ${t.kind}`);
  }
}

function decoderOf(op: OperationIR): DecoderIR | undefined {
  return decoders.find((d) => d.name === `${typeName(baseId(op.id))}ResponseDecoder`);
}

function block(s: Step, ws: boolean): string[] {
  const op = opById.get(s.op);
  if (!op) throw new Error(`scenario: no operation ${s.op}`);
  const decls: string[] = [];
  const sets: string[] = [];
  for (const [k, v] of Object.entries(s.set ?? {})) {
    const f = op.request.fields.find((x) => x.json === k);
    if (!f) throw new Error(`scenario: ${s.op} has no field ${k}`);
    sets.push(`.${setterName(k)}(${setterArg(f.type, v, decls)})`);
  }
  const key = s.key === 'other' ? '"other-key"' : '"test-key"';
  const lines = [...decls, `sl::api::${op.name} r;`, sets.length ? `r${sets.join('')};` : ''];
  if (op.multipart) {
    lines.push('sl::api::FilePart part = {"a.txt", abcSource, nullptr, "text/plain"};', 'r.setHttpFiles(&part, 1).setBoundary(ops::rng());');
  }
  const dec = decoderOf(op);
  if (!dec) {
    lines.push(`ops::rest("${op.id}", r, ${key}, nullptr);`);
    return lines;
  }
  const cls = typeName(baseId(op.id));
  const save = s.save ? `static_cast<int>(sl::api::${cls}Field::${s.save[1]}), ${varIndex(s.save[0])}` : '-1, -1';
  lines.push(
    `ops::Printer<sl::api::${cls}ResponseHandler, sl::api::${cls}Field> h("${op.id}", ${save});`,
    `sl::api::${cls}ResponseDecoder d(h);`,
    'sl::JsonParser jp(d);',
  );
  if (ws && op.wsRequestType) lines.push(`ops::wsCall(${s.key === 'other' ? 'wsOther' : 'wsMain'}, "${op.id}", r, jp);`);
  else lines.push(`ops::rest("${op.id}", r, ${key}, &jp);`);
  return lines;
}

function program(): string {
  const phase = (ws: boolean) => steps.map((s) => ['{', ...block(s, ws).filter(Boolean).map((l) => `  ${l}`), '}'].join('\n    ')).join('\n    ');
  return `// Generated by test/firmware/operations-cloud.test.ts.
#include <stdlib.h>
#include "OpsHarness.h"

static bool abcSource(sl::Sink& out, void*) { return out.write(reinterpret_cast<const uint8_t*>("abc"), 3) == 3; }

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  ops::gPort = static_cast<uint16_t>(atoi(argv[1]));
  strcpy(ops::V[0], argv[2]);
  strcpy(ops::V[1], argv[3]);
  printf("phase\\trest\\n");
  strcpy(ops::V[2], "dev-rest");
  strcpy(ops::V[3], "C-rest");
  {
    ${phase(false)}
  }
  printf("phase\\tws\\n");
  strcpy(ops::V[2], "dev-ws");
  strcpy(ops::V[3], "C-ws");
  static uint8_t logMain[ops::Tee::kCap], logOther[ops::Tee::kCap];
  static ops::Conn wsMain("main", logMain), wsOther("other", logOther);
  if (!wsMain.open("test-key") || !wsOther.open("other-key")) {
    printf("ws-open-failed\\n");
    return 1;
  }
  {
    ${phase(true)}
  }
  wsMain.printStream();
  wsOther.printStream();
  printf("done\\n");
  return 0;
}
`;
}

// ---- what the program printed
interface Reply {
  transport: 'rest' | 'ws';
  op: string;
  status: string; // HTTP status, or the client's requestId (8 hex digits) on the WebSocket
  parse: string; // REST: ok / json-error / ...; WebSocket: ok or the ResponseFn's error name
  body: Buffer; // REST: the body; WebSocket: the eventBody found by TypeScript (see wsEventBodies)
  fields: { name: string; index: number; truncated: boolean; type: number; text: string }[];
}

function parseOutput(out: string): { replies: Record<'rest' | 'ws', Reply[]>; streams: Record<string, Buffer> } {
  const r: Record<'rest' | 'ws', Reply[]> = { rest: [], ws: [] };
  const streams: Record<string, Buffer> = {};
  let phase: 'rest' | 'ws' = 'rest';
  let pending: Reply['fields'] = [];
  for (const line of out.split('\n')) {
    const p = line.split('\t');
    if (p[0] === 'phase') phase = p[1] as 'rest' | 'ws';
    else if (p[0] === 'field') pending.push({ name: p[2], index: Number(p[3]), truncated: p[4] === '1', type: Number(p[5]), text: p.slice(6).join('\t') });
    else if (p[0] === 'stream') streams[p[1]] = Buffer.from(p[2] ?? '', 'hex');
    else if (p[0] === 'rest') {
      r[phase].push({ transport: 'rest', op: p[1], status: p[2], parse: p[3], body: Buffer.from(p[4] ?? '', 'hex'), fields: pending });
      pending = [];
    } else if (p[0] === 'ws') {
      r[phase].push({ transport: 'ws', op: p[1], status: p[2], parse: p[3], body: Buffer.alloc(0), fields: pending });
      pending = [];
    }
  }
  return { replies: r, streams };
}

/**
 * The test's own reading of what the device received on a WebSocket: skip
 * the 101 response, reassemble the (unmasked, possibly fragmented) server
 * frames into text messages, and return each Response's eventBody by
 * requestId.
 */
function wsEventBodies(stream: Buffer): Map<string, unknown> {
  const out = new Map<string, unknown>();
  let off = stream.indexOf('\r\n\r\n');
  if (off < 0) return out;
  off += 4;
  let message: Buffer[] = [];
  while (off + 2 <= stream.length) {
    const b0 = stream[off];
    let len = stream[off + 1] & 0x7f;
    let p = off + 2;
    if (len === 126) {
      len = stream.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      len = Number(stream.readBigUInt64BE(p));
      p += 8;
    }
    if (p + len > stream.length) break;
    const op = b0 & 15;
    const payload = stream.subarray(p, p + len);
    off = p + len;
    if (op === 1 || op === 0) {
      if (op === 1) message = [];
      message.push(payload);
      if (b0 & 0x80) {
        const event = JSON.parse(Buffer.concat(message).toString('utf8'));
        if (event.eventType === 'Response') out.set(event.requestId, event.eventBody);
      }
    }
  }
  return out;
}

/** The fields a decoder over `tree` must report for `doc`, in document order (leaves only). */
function expectedFields(tree: DecoderIR, doc: unknown): string[] {
  const out: string[] = [];
  const isPlain = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const flat = (v: unknown) => (typeof v === 'string' ? v.replace(/[\t\n\r]/g, ' ') : typeof v === 'number' ? JSON.stringify(v) : '');
  const leaf = (field: string, index: number, v: unknown) => out.push(`${field}\t${index}\t${typeof v === 'object' ? '' : flat(v)}`);
  const walk = (node: number, value: unknown, index: number) => {
    if (!isPlain(value)) return;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const n = tree.nodes.find((x) => x.parent === node && x.key === k);
      if (!n) continue;
      if (n.kind === 'leaf') leaf(n.field, index, v);
      else if (n.kind === 'object') walk(n.id, v, index);
      else if (n.kind === 'list' && Array.isArray(v)) v.forEach((el, i) => walk(n.id, el, i));
      else if (n.kind === 'leafList' && Array.isArray(v)) v.forEach((el, i) => leaf(n.field, i, el));
    }
  };
  walk(0, doc, 0);
  return out;
}

// Type codes of sl::JsonValueCapture::Type for strings and numbers: the text is compared for these only.
const TEXT_TYPES = new Set([1, 2]);
function decodedFields(r: Reply, doc: unknown, tree: DecoderIR): { got: string[]; want: string[] } {
  const want = expectedFields(tree, doc);
  const got = r.fields.map((f, i) => {
    let t = TEXT_TYPES.has(f.type) ? f.text : '';
    // A truncated capture must be a prefix of the value: compare that prefix.
    if (f.truncated) {
      const w = want[i]?.split('\t')[2] ?? '';
      if (w.startsWith(t)) t = w;
    }
    return `${f.name}\t${f.index}\t${t}`;
  });
  return { got, want };
}

// ---- build at collection time, run in beforeAll
const dir = path.join(ROOT, 'build', 'operations-cloud');
fs.mkdirSync(dir, { recursive: true });
const srcFile = path.join(dir, 'operations_cloud_host.cpp');
let generateError: unknown;
try {
  fs.writeFileSync(srcFile, program());
} catch (e) {
  generateError = e;
}
const jsonSources = [
  ...['JsonParser', 'JsonValueCapture', 'JsonNumber', 'JsonParseError', 'JsonWriter'].map((n) => `firmware/src/json/${n}.cpp`),
  ...fs
    .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => `firmware/src/json/detail/${f}`),
];

const clientSources = ['Client', 'InboundEventReader'].map((n) => `firmware/src/client/${n}.cpp`);

function runProgram(exe: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(exe, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

interface Variant {
  title: string;
  exe: string;
  compiler?: string;
  flags?: string[];
}

function defineRun(v: Variant): void {
  describe(v.title, () => {
    let cloud: Cloud;
    let output = '';
    let stderr = '';
    let exitCode: number | null = null;
    let replies: Record<'rest' | 'ws', Reply[]> = { rest: [], ws: [] };
    // Response eventBodies by requestId, from the bytes each sl::Client read.
    let wsBodies = new Map<string, unknown>();
    let runError: unknown;
    // The cloud's counters right after the program ended (before any TypeScript fetch).
    let counted: Record<string, number> = {};
    let wsConnections = 0;

    beforeAll(async () => {
      // A fresh cloud per build: the stats below count this program's requests only.
      cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key', 'other-key'] });
      try {
        if (generateError) throw generateError;
        const exe = buildHost({ name: v.exe, compiler: v.compiler, sources: [srcFile, ...jsonSources, ...clientSources], flags: ['-I', path.join(ROOT, 'test', 'firmware', 'operations'), ...(v.flags ?? [])] });
        const port = String(new URL(cloud.url).port);
        const r = await runProgram(exe, [port, cloud.app.person('alice').accountId, cloud.seeded[1].account.accountId]);
        output = r.stdout;
        stderr = r.stderr;
        exitCode = r.code;
        const parsed = parseOutput(output);
        replies = parsed.replies;
        wsBodies = new Map([...wsEventBodies(parsed.streams.main ?? Buffer.alloc(0)), ...wsEventBodies(parsed.streams.other ?? Buffer.alloc(0))]);
        counted = { ...cloud.stats.requests.perOperation };
        wsConnections = cloud.stats.connections.ws;
      } catch (e) {
        runError = e;
      }
    }, 300000);
    afterAll(() => cloud?.close());

    function replyFor(transport: 'rest' | 'ws', id: string): Reply[] {
      return replies[transport].filter((r) => baseId(r.op) === id);
    }

    test('the program is generated, builds, and runs to the end', () => {
      if (runError) throw runError;
      expect(output).toContain('done\n');
      expect(exitCode).toBe(0);
      // No sanitizer report (and nothing else) on stderr.
      expect(stderr).toBe('');
    });

    test(`the scenario covers all ${allIds.length} operations of openapi.yaml (${wsIds.length} over the WebSocket)`, () => {
      expect(allIds.length).toBe(51);
      expect(wsIds.length).toBe(30);
      // The IR's operations are exactly the spec's, as the cloud loaded it from openapi.yaml.
      expect(allIds).toEqual(cloud.core.spec.operations.map((o) => o.operationId).sort());
      expect(wsIds).toEqual(cloud.core.spec.operations.filter((o) => o.wsRequestType).map((o) => o.operationId).sort());
      const covered = new Set(steps.map((s) => baseId(s.op)));
      expect(allIds.filter((id) => !covered.has(id))).toEqual([]);
    });

    describe(`REST: all ${allIds.length} operations answer 2xx with success:true and decode`, () => {
      for (const id of allIds) {
        test(id, () => {
          const rs = replyFor('rest', id);
          expect(rs.length).toBeGreaterThan(0);
          for (const r of rs) {
            if (!/^2\d\d$/.test(r.status) || r.parse !== 'ok') throw new Error(`${r.op}: ${r.status} ${r.parse} ${r.body.toString('utf8').slice(0, 300)}`);
            const op = opById.get(r.op)!;
            const dec = decoderOf(op);
            if (!dec) {
              // The binary download: the bytes the upload sent.
              expect(r.body.toString('utf8')).toBe('abc');
              continue;
            }
            const doc = JSON.parse(r.body.toString('utf8'));
            expect(doc.success).toBe(true);
            const { got, want } = decodedFields(r, doc, dec);
            expect(got).toEqual(want);
            expect(r.fields.find((f) => f.name === 'Success')?.type).toBe(3);
          }
        });
      }
    });

    describe(`WebSocket (sl::Client): all ${wsIds.length} request types answer a matching Response with success:true, decoded by the client`, () => {
      for (const id of wsIds) {
        test(id, () => {
          const rs = replyFor('ws', id);
          expect(rs.length).toBeGreaterThan(0);
          for (const r of rs) {
            // The client's ResponseFn said Ok: success:true and the eventBody parsed whole by the decoder's parser.
            if (r.parse !== 'ok') throw new Error(`${r.op}: ${r.parse} ${JSON.stringify(wsBodies.get(r.status) ?? null).slice(0, 300)}`);
            expect(r.status).toMatch(/^[0-9a-f]{8}$/);
            // The Response the cloud sent for that requestId, read by TypeScript from the device's bytes.
            expect(wsBodies.has(r.status)).toBe(true);
            const doc = wsBodies.get(r.status) as { success?: unknown };
            expect(doc.success).toBe(true);
            const { got, want } = decodedFields(r, doc, decoderOf(opById.get(r.op)!)!);
            expect(got).toEqual(want);
            expect(r.fields.find((f) => f.name === 'Success')?.type).toBe(3);
          }
        });
      }
    });

    const field = (transport: 'rest' | 'ws', op: string, name: string) => replyFor(transport, op)[0]?.fields.find((f) => f.name === name && f.index === 0)?.text;

    test('decoded values equal the cloud state fetched from TypeScript', async () => {
      // The channel the C++ client created (REST and WebSocket), as the cloud has it.
      for (const [t, title] of [['rest', 'C-rest'], ['ws', 'C-ws']] as const) {
        const cid = field(t, 'createChannel', 'CreatedChannelChannelId');
        expect(cid).toBeTruthy();
        expect(field(t, 'createChannel', 'CreatedChannelTitle')).toBe(title);
        const res = await api(cloud, 'GET', `/communication/channel?channelId=${encodeURIComponent(cid!)}`);
        expect(res.status).toBe(200);
        expect(res.json.data).toHaveLength(1);
        const ch = res.json.data[0];
        expect(ch.channelId).toBe(cid);
        expect(ch.title).toBe(title);
        expect(field(t, 'createChannel', 'CreatedChannelOwnerId')).toBe(ch.ownerId);
      }
      // The group chats the C++ client created (REST and through sl::Client) are listed for their member.
      const gc = await api(cloud, 'GET', `/communication/groupchat?recipientIds=${encodeURIComponent(cloud.app.person('alice').accountId)}`);
      for (const t of ['rest', 'ws'] as const) {
        const gid = field(t, 'createGroupChat', 'CreatedGroupChatGroupChatId');
        expect(gid).toBeTruthy();
        expect(gc.json.data.map((g: { groupChatId: string }) => g.groupChatId)).toContain(gid);
      }
      // The channel message sent through sl::Client, as decoded from its Response, is in the cloud's channel.
      const wsCid = field('ws', 'createChannel', 'CreatedChannelChannelId');
      const wsMsg = field('ws', 'sendChannelMessage', 'SentMessageMessageId');
      expect(wsMsg).toBeTruthy();
      const msgs = await api(cloud, 'GET', `/communication/channel/message?channelId=${encodeURIComponent(wsCid!)}`);
      expect(msgs.status).toBe(200);
      expect(msgs.json.data.messages.map((m: { messageId: string }) => m.messageId)).toContain(wsMsg);
      // And the group chat message sent the same way.
      const wsGid = field('ws', 'createGroupChat', 'CreatedGroupChatGroupChatId');
      const wsGMsg = field('ws', 'sendGroupChatMessage', 'SentMessageMessageId');
      const gmsgs = await api(cloud, 'GET', `/communication/groupchat/message?groupChatId=${encodeURIComponent(wsGid!)}`);
      expect(gmsgs.status).toBe(200);
      expect(gmsgs.json.data.messages.map((m: { messageId: string }) => m.messageId)).toContain(wsGMsg);
      // The account the C++ client decoded is the seeded one of its API key.
      expect(replyFor('rest', 'getMyAccounts')[0].fields.filter((f) => /AccountId$/.test(f.name)).map((f) => f.text)).toContain(cloud.seeded[0].account.accountId);
      // The LLM list is static: REST reply == TypeScript fetch.
      const llms = await api(cloud, 'GET', '/service/llms');
      expect(JSON.parse(replyFor('rest', 'getLlms')[0].body.toString('utf8'))).toEqual(llms.json);
    });

    test(`the cloud counted all ${allIds.length} operations (${wsIds.length} twice: REST + WebSocket) with zero validation errors`, () => {
      const per = counted;
      // Each step ran once per phase (REST, then WebSocket or REST again): exactly twice per step.
      const sent = (id: string) => 2 * steps.filter((s) => baseId(s.op) === id).length;
      expect(Object.fromEntries(allIds.map((id) => [id, per[id] ?? 0]))).toEqual(Object.fromEntries(allIds.map((id) => [id, sent(id)])));
      expect(wsConnections).toBe(2);
      expect(cloud.stats.validationErrors.list).toEqual([]);
      expect(cloud.stats.validationErrors.count).toBe(0);
      expect(cloud.stats.responseSchemaErrors.count).toBe(0);
    });
  });
}

defineRun({ title: 'the C++ client (g++) against the mock cloud', exe: 'operations_cloud' });

// The same program under AddressSanitizer and UndefinedBehaviorSanitizer.
const hasClang = spawnSync('which', ['clang++']).status === 0;
if (hasClang) {
  defineRun({
    title: 'the C++ client (clang++ -fsanitize=address,undefined) against the mock cloud',
    exe: 'operations_cloud_asan',
    compiler: 'clang++',
    flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer'],
  });
} else {
  test.skip('clang++ with sanitizers (clang++ not installed)', () => undefined);
}
