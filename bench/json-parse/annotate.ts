// Local profiling aid: `npx tsx bench/json-parse/annotate.ts <variant>` builds
// one variant of parse_bench.cpp (as quick.ts) and prints its disassembly with
// the cycles spent at each instruction between the markers (per input byte,
// x100), hottest functions only. SL_QUICK_TAG / SL_ANNOTATE_FN=name filter;
// SL_ANNOTATE_RAW=1 prints whole cycles instead (functions called a few times).
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { ROOT } from '../../simulator/boards';
import { buildFirmwareLibrary, buildProgram } from '../../simulator/build';
import { AvrMachine } from '../../simulator/avr/runner';
import { VARIANTS, writeInputHeader } from './benchInput';

const qtag = process.env.SL_QUICK_TAG ? `_${process.env.SL_QUICK_TAG}` : '';
const dir = path.join(ROOT, 'build', 'bench', `gen-quick${qtag}`);
const bytes = writeInputHeader(dir);
const variants = VARIANTS;
const v = process.argv[2] ?? 'pull-end';
const lib = buildFirmwareLibrary('mega', `fwlib-bench-quick${qtag}`);
const b = buildProgram({ board: 'mega', name: `quick_${v}${qtag}`, sources: ['bench/json-parse/parse_bench.cpp'], includeDirs: [dir], defines: variants[v], libraries: [lib.lib] });
const m = new AvrMachine(b.board, fs.readFileSync(b.hex!, 'utf8'));
const prof = m.enableProfile([1, 2]);
m.run({ maxCycles: 1e8 });
const dis = execFileSync('avr-objdump', ['-d', '-C', b.elf], { maxBuffer: 1 << 28 }).toString().split('\n');
const want = process.env.SL_ANNOTATE_FN;
let fn = '';
let fnTotal = 0;
const out: string[] = [];
for (const line of dis) {
  const h = /^([0-9a-f]+) <(.*)>:/.exec(line);
  if (h) {
    if (fn && fnTotal) out.push(`;; total ${fn}: ${(fnTotal / bytes.length).toFixed(2)} c/B`);
    fn = h[2];
    fnTotal = 0;
    out.push(line);
    continue;
  }
  const mm = /^\s+([0-9a-f]+):/.exec(line);
  if (mm) {
    const c = prof[parseInt(mm[1], 16) / 2] ?? 0;
    fnTotal += c;
    if (want && !fn.includes(want)) continue;
    const shown = process.env.SL_ANNOTATE_RAW ? String(c) : ((100 * c) / bytes.length).toFixed(0);
    out.push(`${c ? shown.padStart(6) : '      '} ${line}`);
  }
}
console.log(out.join('\n'));
