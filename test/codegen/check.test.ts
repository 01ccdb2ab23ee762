// `npm run codegen -- --check`: the committed generated headers match what the
// generator makes from schemas/ now, and the check notices a stale file.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../codegen/main';

const ROOT = path.resolve(__dirname, '..', '..');

describe('codegen --check', () => {
  test('committed headers are up to date', () => {
    const r = spawnSync('npx', ['tsx', 'codegen/main.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr + r.stdout);
  });

  test('reports stale, missing and extra files, and regeneration fixes them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-codegen-'));
    expect(run({ check: true, outDir: dir }).stale.length).toBeGreaterThan(30); // nothing there yet
    run({ check: false, outDir: dir });
    expect(run({ check: true, outDir: dir }).stale).toEqual([]);
    fs.appendFileSync(path.join(dir, 'data', 'Text.h'), '// edited by hand\n');
    fs.writeFileSync(path.join(dir, 'Extra.h'), '');
    fs.unlinkSync(path.join(dir, 'form', 'Slider.h'));
    expect(run({ check: true, outDir: dir }).stale.sort()).toEqual(['Extra.h', 'data/Text.h', 'form/Slider.h']);
    run({ check: false, outDir: dir });
    expect(run({ check: true, outDir: dir }).stale).toEqual([]);
    fs.rmSync(dir, { recursive: true });
  });
});
