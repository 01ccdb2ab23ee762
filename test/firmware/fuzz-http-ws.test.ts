// Bounded libFuzzer runs (ASan + UBSan) of the HTTP response parser, the
// WebSocket frame parser and the WebSocket client. Each target starts from
// its checked-in seed corpus (fuzz/<target>_corpus, never modified; new
// inputs go to build/fuzz/<target>_new) and runs for SL_FUZZ_SECONDS
// (default 30; the client 20). A crash leaves build/fuzz/<target>-crash-*.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, FIRMWARE_SRC, TEST_SUPPORT } from '../helpers/cpp';

const SECONDS = Number(process.env.SL_FUZZ_SECONDS ?? 30);
const TARGETS: { name: string; seconds: number }[] = [
  { name: 'http_response', seconds: SECONDS },
  { name: 'ws_frame', seconds: SECONDS },
  { name: 'ws_client', seconds: Math.max(5, Math.round((SECONDS * 2) / 3)) },
];
const OUT = path.join(ROOT, 'build', 'fuzz');

function build(name: string): string {
  fs.mkdirSync(OUT, { recursive: true });
  const exe = path.join(OUT, `${name}_fuzz`);
  const args = [
    '-std=gnu++11', '-g', '-O1', '-Wall', '-Wextra', '-Werror',
    '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined',
    '-I', FIRMWARE_SRC, '-I', TEST_SUPPORT,
    path.join(ROOT, 'fuzz', `${name}_fuzz.cpp`), '-o', exe,
  ];
  const r = spawnSync('clang++', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang++ ${args.join(' ')}\n${r.stderr}`);
  return exe;
}

function fuzz(exe: string, name: string, seconds: number): Promise<{ code: number | null; log: string }> {
  const fresh = path.join(OUT, `${name}_new`);
  fs.rmSync(fresh, { recursive: true, force: true });
  fs.mkdirSync(fresh, { recursive: true });
  const args = [
    `-max_total_time=${seconds}`, '-timeout=10', '-rss_limit_mb=2048', '-print_final_stats=1',
    `-artifact_prefix=${path.join(OUT, `${name}-`)}`,
    fresh, path.join(ROOT, 'fuzz', `${name}_corpus`),
  ];
  return new Promise((resolve) => {
    const child = spawn(exe, args, { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' } });
    let log = '';
    child.stderr.on('data', (d) => (log = (log + d).slice(-20000)));
    child.stdout.on('data', (d) => (log = (log + d).slice(-20000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

describe('libFuzzer: HTTP response parser, WS frame parser, WS client', () => {
  const results = new Map<string, { code: number | null; log: string }>();

  beforeAll(async () => {
    const exes = TARGETS.map((t) => build(t.name));
    // Seeds alone must pass first (a fast regression check of the corpus).
    for (let i = 0; i < TARGETS.length; i++) {
      const seeds = path.join(ROOT, 'fuzz', `${TARGETS[i].name}_corpus`);
      const files = fs.readdirSync(seeds).map((f) => path.join(seeds, f));
      const r = spawnSync(exes[i], files, { encoding: 'utf8' });
      if (r.status !== 0) results.set(`${TARGETS[i].name}:seeds`, { code: r.status, log: r.stderr.slice(-5000) });
    }
    const runs = await Promise.all(TARGETS.map((t, i) => fuzz(exes[i], t.name, t.seconds)));
    TARGETS.forEach((t, i) => results.set(t.name, runs[i]));
  }, (SECONDS + 120) * 1000);

  for (const t of TARGETS) {
    test(`${t.name}: seed corpus replays cleanly`, () => {
      const bad = results.get(`${t.name}:seeds`);
      if (bad) throw new Error(bad.log);
      expect(fs.readdirSync(path.join(ROOT, 'fuzz', `${t.name}_corpus`)).length).toBeGreaterThanOrEqual(4);
    });
    test(`${t.name}: ${t.seconds}s of fuzzing finds no crash, leak or UB`, () => {
      const r = results.get(t.name)!;
      if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.log.slice(-6000)}`);
      expect(r.log).toMatch(/Done \d+ runs/);
    });
  }
});
