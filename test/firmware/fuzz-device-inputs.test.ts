// Bounded libFuzzer runs (ASan + UBSan) of everything a device reads from
// outside besides raw JSON (fuzz.test.ts): the HTTP response parser, the
// WebSocket frame parser, the WebSocket client and its opening handshake,
// sl::Client's inbound events
// (messages, form submissions, Responses decoded by a generated decoder),
// the ESP-AT modem transport and the key store's EEPROM image (with a power
// cut in the middle of a key rotation) and the provisioning flow's HTTP
// responses. Each target starts from
// its checked-in seed corpus (fuzz/<target>_corpus, never modified; new
// inputs go to build/fuzz/<target>_new) and runs for SL_FUZZ_SECONDS
// (default 30; the client 20). A crash leaves build/fuzz/<target>-crash-*.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_LIBRARY_SOURCES, ROOT, FIRMWARE_SRC, TEST_SUPPORT } from '../helpers/cpp';

const SECONDS = Number(process.env.SL_FUZZ_SECONDS ?? 30);
const SHORTER = Math.max(5, Math.round((SECONDS * 2) / 3));
// A target is fuzz/<of or name>_fuzz.cpp with its seeds in
// fuzz/<of or name>_corpus, built with `flags`. `sources`: the library
// sources it links besides its own file. `reaches`: what the seeds' traces
// (SL_FUZZ_TRACE=1) must show between them, so that a harness that never
// gets past its first check fails.
interface Target {
  name: string;
  of?: string;
  flags?: string[];
  seconds: number;
  sources?: string[];
  dict?: string;
  reaches?: RegExp[];
}
const CLIENT_REACHES = [/messages [1-9]/, /form values [1-9]/, /responses 1 1/];
const TARGETS: Target[] = [
  // a bare CR outside the body fails the response (RFC 9112 section 2.2); CRs in a body are data;
  // so does a control byte other than HTAB, CR and LF (a chunk extension's too)
  { name: 'http_response', seconds: SECONDS, reaches: [/bare cr 1/, /bare cr 0/, /control byte 1/, /bare cr 0, control byte 0/] },
  { name: 'ws_frame', seconds: SECONDS },
  { name: 'ws_client', seconds: SHORTER },
  // the opening handshake: opens only on a 101 with this key's accept value
  { name: 'ws_handshake', seconds: SHORTER, reaches: [/opens 1/, /opens 0/] },
  { name: 'client_inbound', seconds: SECONDS, sources: CLIENT_LIBRARY_SOURCES, dict: 'fuzz/json.dict', reaches: CLIENT_REACHES },
  // The same with the compact parser, the default on the Uno (its C++ loop).
  {
    name: 'client_inbound_small', of: 'client_inbound', flags: ['-DSL_JSON_PARSER_SMALL=1'], seconds: SHORTER,
    sources: CLIENT_LIBRARY_SOURCES, dict: 'fuzz/json.dict', reaches: CLIENT_REACHES,
  },
  {
    name: 'espat_modem', seconds: SHORTER, sources: ['firmware/src/transport/EspAtTransport.cpp'],
    reaches: [/connects 1, bytes read [1-9]\d/],
  },
  {
    name: 'keystore',
    seconds: SHORTER,
    sources: ['firmware/src/provisioning/KeyStore.cpp', 'firmware/src/provisioning/KeyStoreError.cpp'],
    reaches: [/before ok, store ok, after new/, /before ok, store write failed, after old/, /before no key, store ok/],
  },
  {
    name: 'provisioner',
    seconds: SHORTER,
    sources: [
      'firmware/src/provisioning/KeyStore.cpp', 'firmware/src/provisioning/KeyStoreError.cpp',
      'firmware/src/provisioning/Provisioner.cpp', 'firmware/src/provisioning/ProvisionerError.cpp',
      'firmware/src/provisioning/QrCode.cpp', 'firmware/src/provisioning/QrError.cpp',
      'firmware/src/provisioning/QrTextRenderer.cpp', 'firmware/src/provisioning/Timestamp.cpp',
      'firmware/src/json/JsonParser.cpp', 'firmware/src/json/JsonNumber.cpp', 'firmware/src/json/JsonParseError.cpp',
    ],
    dict: 'fuzz/json.dict',
    // claimed by QR (printed and by hook), a rotation finished, a refused key
    reaches: [/state 8, error ok, requests 4, claims 1, qr bytes 0, key tok-/, /qr bytes [1-9]\d*, key tok-/, /key new-key/, /claims 2/],
  },
];
const OUT = path.join(ROOT, 'build', 'fuzz');

const source = (t: Target) => t.of ?? t.name;

function build(t: Target): string {
  fs.mkdirSync(OUT, { recursive: true });
  const exe = path.join(OUT, `${t.name}_fuzz`);
  const args = [
    '-std=gnu++11', '-g', '-O1', '-Wall', '-Wextra', '-Werror',
    '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined',
    '-I', FIRMWARE_SRC, '-I', TEST_SUPPORT, ...(t.flags ?? []),
    path.join(ROOT, 'fuzz', `${source(t)}_fuzz.cpp`), ...(t.sources ?? []).map((f) => path.join(ROOT, f)), '-o', exe,
  ];
  const r = spawnSync('clang++', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang++ ${args.join(' ')}\n${r.stderr}`);
  return exe;
}

function fuzz(exe: string, t: Target): Promise<{ code: number | null; log: string }> {
  const fresh = path.join(OUT, `${t.name}_new`);
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(fresh, { recursive: true });
  const args = [
    `-max_total_time=${t.seconds}`, '-timeout=10', '-rss_limit_mb=2048', '-print_final_stats=1',
    `-artifact_prefix=${path.join(OUT, `${t.name}-`)}`,
    ...(t.dict ? [`-dict=${path.join(ROOT, t.dict)}`] : []),
    fresh, path.join(ROOT, 'fuzz', `${source(t)}_corpus`),
  ];
  return new Promise((resolve) => {
    const child = spawn(exe, args, { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
    let log = '';
    child.stderr.on('data', (d) => (log = (log + d).slice(-20000)));
    child.stdout.on('data', (d) => (log = (log + d).slice(-20000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), (t.seconds + 60) * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

describe('libFuzzer: HTTP responses, WebSocket frames and client, inbound events, ESP-AT modem, key store, provisioning', () => {
  const results = new Map<string, { code: number | null; log: string }>();
  const traces = new Map<string, string>();

  beforeAll(async () => {
    const exes = TARGETS.map(build);
    // Seeds alone must pass first (a fast regression check of the corpus).
    for (let i = 0; i < TARGETS.length; i++) {
      const seeds = path.join(ROOT, 'fuzz', `${source(TARGETS[i])}_corpus`);
      const files = fs.readdirSync(seeds).map((f) => path.join(seeds, f));
      const r = spawnSync(exes[i], files, { encoding: 'utf8', env: { ...process.env, SL_FUZZ_TRACE: '1' } });
      if (r.status !== 0) results.set(`${TARGETS[i].name}:seeds`, { code: r.status, log: r.stderr.slice(-5000) });
      traces.set(TARGETS[i].name, r.stderr.split('\n').filter((l) => l.startsWith('trace: ')).join('\n'));
    }
    const runs = await Promise.all(TARGETS.map((t, i) => fuzz(exes[i], t)));
    TARGETS.forEach((t, i) => results.set(t.name, runs[i]));
  }, (SECONDS + 300) * 1000);

  for (const t of TARGETS) {
    test(`${t.name}: seed corpus replays cleanly`, () => {
      const bad = results.get(`${t.name}:seeds`);
      if (bad) throw new Error(bad.log);
      expect(fs.readdirSync(path.join(ROOT, 'fuzz', `${source(t)}_corpus`)).length).toBeGreaterThanOrEqual(4);
      for (const want of t.reaches ?? []) expect(traces.get(t.name)).toMatch(want);
    });
    test(`${t.name}: ${t.seconds}s of fuzzing finds no crash, leak or UB`, () => {
      const r = results.get(t.name)!;
      if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.log.slice(-6000)}`);
      expect(r.log).toMatch(/Done \d+ runs/);
    });
  }
});
