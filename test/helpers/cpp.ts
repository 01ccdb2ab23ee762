// Build and run C++ SlTest suites from jest: one jest test per C++ TEST_CASE.
//
// Suites are compiled synchronously at collection time (jest needs the case
// names up front) into build/host/<name>, with the firmware's hard flags.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIRMWARE_SRC = path.join(ROOT, 'firmware', 'src');
export const TEST_SUPPORT = path.join(ROOT, 'test', 'firmware', 'support');

// The client with everything it links (its JSON parser, matcher, writer): the
// sources the client suites build together with their own test program.
export const CLIENT_LIBRARY_SOURCES = [
  'firmware/src/client/Client.cpp',
  'firmware/src/client/InboundEventReader.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonPathMatcher.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
];

export const STRICT_FLAGS = ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti'];

export interface HostBuild {
  /** Output name under build/host/. */
  name: string;
  /** Source files, relative to the repository root or absolute. */
  sources: string[];
  compiler?: string;
  flags?: string[];
}

export interface CaseResult {
  name: string;
  ok: boolean;
  detail: string[];
}

/** Compiles a host program; throws with the compiler's output on failure. */
export function buildHost(b: HostBuild): string {
  const outDir = path.join(ROOT, 'build', 'host');
  fs.mkdirSync(outDir, { recursive: true });
  const exe = path.join(outDir, b.name);
  const args = [
    ...STRICT_FLAGS,
    '-g',
    '-I', FIRMWARE_SRC,
    '-I', TEST_SUPPORT,
    ...(b.flags ?? []),
    ...b.sources.map((s) => path.resolve(ROOT, s)),
    '-o', exe,
  ];
  const r = spawnSync(b.compiler ?? 'g++', args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${b.compiler ?? 'g++'} ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  }
  return exe;
}

/** Parses SlTest output (see test/firmware/support/SlTest.h). */
export function parseSlTest(output: string): { cases: CaseResult[]; summary?: { passed: number; failed: number } } {
  const cases: CaseResult[] = [];
  let summary: { passed: number; failed: number } | undefined;
  const pendingDetail: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^#   (.*)$/))) pendingDetail.push(m[1]);
    else if ((m = line.match(/^(ok|not ok) (\S+)$/))) {
      cases.push({ name: m[2], ok: m[1] === 'ok', detail: pendingDetail.splice(0) });
    } else if ((m = line.match(/^# (\d+) passed, (\d+) failed$/))) {
      summary = { passed: Number(m[1]), failed: Number(m[2]) };
    }
  }
  return { cases, summary };
}

/**
 * Defines a jest describe block whose tests are the C++ cases of one suite.
 * A build failure or a crash shows up as a failing test with the reason.
 */
/** One jest test per C++ TEST_CASE result (failing with its CHECK details). */
export function defineSlCases(cases: CaseResult[]): void {
  for (const c of cases) {
    test(c.name, () => {
      if (!c.ok) throw new Error(c.detail.join('\n') || 'failed');
    });
  }
}

export function defineSlTestSuite(title: string, build: HostBuild, runner: string[] = []): void {
  describe(title, () => {
    let exe: string;
    try {
      exe = buildHost(build);
    } catch (e) {
      test('builds', () => {
        throw e;
      });
      return;
    }
    const cmd = [...runner, exe];
    const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: 120000 });
    const { cases, summary } = parseSlTest(r.stdout ?? '');
    defineSlCases(cases);
    test('runs to completion', () => {
      if (!summary) {
        throw new Error(`no summary line; exit ${r.status} signal ${r.signal}\n${r.stderr}\n${(r.stdout ?? '').slice(-2000)}`);
      }
      expect(summary.passed + summary.failed).toBe(cases.length);
      if (summary.failed === 0 && r.status !== 0) throw new Error(`exit ${r.status}\n${r.stderr}`);
    });
  });
}

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, input: opts.input });
}
