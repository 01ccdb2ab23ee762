// All TypeScript in the repository (codegen, simulator, cloud, schemas'
// semantic rules, scripts, benchmarks, tests) type-checks in strict mode.
// jest itself only transpiles, so this is where type errors fail the build.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from './helpers/cpp';

test('tsc --strict over tsconfig.json reports no errors', () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 300000);
