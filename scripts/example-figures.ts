// Prints the figures table of firmware/examples/README.md from the JSON lines
// that runSketch() appends when SL_FIGURES_FILE is set (one line per run):
//
//   SL_FIGURES_FILE=/tmp/figures.jsonl npx jest test/simulator/examples- test/simulator/demo test/simulator/provisioning-flow
//   npx tsx scripts/example-figures.ts /tmp/figures.jsonl
//
// For each sketch and board: the flash of its build and the highest peak RAM
// of its runs (runs differ by what the app side did). Only the sketch as
// shipped counts when it ran: a test's variant (built with definitions of
// its own, `defines` in the line) only when no run was of the sketch as is;
// it is then marked "test build" and its definitions listed under the table.
// KB = 1,000 bytes.
import * as fs from 'fs';
import * as path from 'path';
import { loadBoard } from '../simulator/boards';

interface Run {
  sketch: string;
  board: string;
  flashBytes: number;
  staticRamBytes: number;
  peakRamBytes: number | null;
  heapBytes: number | null;
  defines?: string[]; // the test's own definitions (none: the sketch as shipped)
}

const file = process.argv[2];
if (!file) {
  console.error('usage: tsx scripts/example-figures.ts FIGURES.jsonl');
  process.exit(2);
}
// Only the library's examples (firmware/examples/<Name>/<Name>.ino).
const EXAMPLES = path.resolve(__dirname, '../firmware/examples');
const isExample = (sketch: string) => fs.existsSync(path.join(EXAMPLES, sketch, `${sketch}.ino`));
const isVariant = (r: Run) => (r.defines?.length ?? 0) > 0;
const best = new Map<string, Run>();
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as Run;
  if (!isExample(r.sketch)) continue; // a test's own sketch (e.g. provisioning-flow's)
  const key = `${r.sketch} ${r.board}`;
  const had = best.get(key);
  const shipped = (x: Run) => !isVariant(x);
  const better = !had
    || (shipped(r) && !shipped(had))
    || (shipped(r) === shipped(had) && (r.peakRamBytes ?? 0) > (had.peakRamBytes ?? 0));
  if (better) best.set(key, r);
}
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
const kib = (n: number) => `${n / 1024} KB`;
console.log('| sketch | board | flash | peak RAM (static + stack + heap) | SDK budget (flash / RAM) |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of [...best.values()].sort((a, b) => a.sketch.localeCompare(b.sketch) || a.board.localeCompare(b.board))) {
  const budget = loadBoard(r.board).budget;
  const over = [r.flashBytes > budget.flashBytes ? 'flash' : '', (r.peakRamBytes ?? 0) > budget.peakRamBytes ? 'RAM' : ''].filter(Boolean);
  const verdict = over.length ? `: ${over.join(' and ')} over` : '';
  const peak = r.peakRamBytes === null ? 'not measured' : `${r.peakRamBytes.toLocaleString('en-US')} B (${r.staticRamBytes.toLocaleString('en-US')} + ${(r.peakRamBytes - r.staticRamBytes - (r.heapBytes ?? 0)).toLocaleString('en-US')} + ${r.heapBytes ?? 0})`;
  const mark = isVariant(r) ? ', test build' : '';
  console.log(`| ${r.sketch} | ${r.board} | ${r.flashBytes.toLocaleString('en-US')} B (${kb(r.flashBytes)})${mark} | ${peak} | ${kib(budget.flashBytes)} / ${kib(budget.peakRamBytes)}${verdict} |`);
}
const variants = [...best.values()].filter(isVariant);
if (variants.length) {
  // (each sketch once; a text value, such as the id of a channel the test
  // made in the mock cloud, differs from run to run but not in size: "…")
  const shown = (d: string) => `\`${d.replace(/="[^"]*"$/, '="…"')}\``;
  const lines = new Set(variants.map((r) => `- ${r.sketch}: ${(r.defines ?? []).map(shown).join(', ') }`));
  console.log('');
  console.log('"test build": the sketch as its tests build it (it did not run as shipped there), with:');
  for (const line of [...lines].sort()) console.log(line);
}
