// Runs each JSON libFuzzer target (fuzz/run.sh) for a bounded time and fails
// on a crash, sanitizer report, failed check, leak or timeout.
// FUZZ_SECONDS overrides the per-target budget (default 60).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/cpp';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
// json_parser_small: the parser built with SL_JSON_PARSER_SMALL=1 (fuzz/run.sh).
const TARGETS = ['json_parser', 'json_parser_small', 'json_roundtrip'];

const haveLibFuzzer = fs.existsSync('/usr/lib/llvm-14/lib/clang') &&
  spawnSync('bash', ['-c', 'ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'], { encoding: 'utf8' }).status === 0;

describe('libFuzzer (clang -fsanitize=fuzzer,address,undefined)', () => {
  for (const target of TARGETS) {
    test(`${target} runs ${SECONDS}s without a finding`, () => {
      if (!haveLibFuzzer) throw new Error('libFuzzer missing: install libclang-rt-14-dev (scripts/setup.sh)');
      expect(fs.existsSync(path.join(ROOT, 'fuzz', 'corpus', target.replace(/_small$/, '')))).toBe(true);
      const r = spawnSync('bash', [path.join(ROOT, 'fuzz', 'run.sh'), target, String(SECONDS)], {
        encoding: 'utf8',
        timeout: (SECONDS + 120) * 1000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const log = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      const tail = log.split('\n').slice(-40).join('\n');
      if (r.status !== 0 || r.signal) throw new Error(`exit ${r.status} signal ${r.signal}\n${tail}`);
      const runs = log.match(/stat::number_of_executed_units:\s+(\d+)/);
      expect(runs).not.toBeNull();
      expect(Number(runs![1])).toBeGreaterThan(1000); // it really fuzzed
    }, (SECONDS + 180) * 1000);
  }
});
