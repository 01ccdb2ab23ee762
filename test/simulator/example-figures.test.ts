// scripts/example-figures.ts: the figures table of firmware/examples/README.md
// from the runs' JSON lines. A test's variant of a sketch (built with its own
// definitions) must not stand for the sketch as shipped.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function output(lines: object[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-figures-'));
  const file = path.join(dir, 'figures.jsonl');
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/example-figures.ts', file], { cwd: ROOT, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}
const rowsOf = (out: string) => out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| sketch') && !l.startsWith('| ---'));
const table = (lines: object[]) => rowsOf(output(lines));

const run = (sketch: string, flashBytes: number, peakRamBytes: number, variant?: boolean) => ({
  sketch, board: 'uno', flashBytes, staticRamBytes: 500, peakRamBytes, heapBytes: 0,
  ...(variant === undefined ? {} : { defines: variant ? ['SL_EXAMPLE_TEST=1'] : [] }),
});

test('the sketch as shipped is shown, with its highest peak, even when a variant peaked higher', () => {
  const rows = table([
    run('ChannelGauge', 12000, 740, false),
    run('ChannelGauge', 12900, 790, true),
    run('ChannelGauge', 12000, 745, false),
  ]);
  expect(rows).toEqual(['| ChannelGauge | uno | 12,000 B (12.0 KB) | 745 B (500 + 245 + 0) | 10 KB / 1 KB: flash over |']);
});

test('a row from a test build says so, and its definitions are listed under the table', () => {
  const out = output([run('LampControl', 20000, 800, true), run('ChannelGauge', 12000, 740, false)]);
  expect(rowsOf(out)).toEqual([
    '| ChannelGauge | uno | 12,000 B (12.0 KB) | 740 B (500 + 240 + 0) | 10 KB / 1 KB: flash over |',
    '| LampControl | uno | 20,000 B (20.0 KB), test build | 800 B (500 + 300 + 0) | 10 KB / 1 KB: flash over |',
  ]);
  expect(out).toContain('\n- LampControl: `SL_EXAMPLE_TEST=1`\n');
  expect(out).not.toContain('- ChannelGauge');
});

test('a sketch that only ran as a variant is shown from its variants; lines without definitions count as shipped', () => {
  const rows = table([
    run('LampControl', 20000, 800, true),
    run('LampControl', 20100, 810, true),
    run('FileUpload', 23000, 840),
    run('not-an-example', 1, 1),
  ]);
  expect(rows).toEqual([
    '| FileUpload | uno | 23,000 B (23.0 KB) | 840 B (500 + 340 + 0) | 10 KB / 1 KB: flash over |',
    '| LampControl | uno | 20,100 B (20.1 KB), test build | 810 B (500 + 310 + 0) | 10 KB / 1 KB: flash over |',
  ]);
});
