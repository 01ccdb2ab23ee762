// Quick look while working on the parser: `npx tsx bench/json-parse/quick.ts [pull|feed|validate|validate-feed]...`
// builds and runs only the named variants of parse_bench.cpp on the mega
// (same build as npm run bench) and prints cycles/byte, plus the hottest
// functions/lines of the first (SL_BENCH_LINES=N lines).
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../simulator/boards';
import { buildFirmwareLibrary, buildProgram } from '../../simulator/build';
import { runBuiltSync } from '../../simulator/run';
import { AvrMachine } from '../../simulator/avr/runner';
import { cyclesByFunction, cyclesByLine } from '../../simulator/avr/profile';
import { VARIANTS, writeInputHeader } from './benchInput';
import { byObjectText, flashShare } from './flashShare';

const qtag = process.env.SL_QUICK_TAG ? `_${process.env.SL_QUICK_TAG}` : '';
const dir = path.join(ROOT, 'build', 'bench', `gen-quick${qtag}`);
const bytes = writeInputHeader(dir);
const variants = VARIANTS;
const args = process.argv.slice(2).filter((a) => a !== 'size' && a !== 'small');
const want = args.length || !process.argv.includes('size') ? (args.length ? args : ['pull']) : [];
const lib = buildFirmwareLibrary('mega', `fwlib-bench-quick${qtag}`);
for (const f of lib.failures) console.error(`warning: ${f.source}: ${f.error.split('\n').slice(0, 5).join('\n')}`);
want.forEach((v, idx) => {
  const b = buildProgram({ board: 'mega', name: `quick_${v}${qtag}`, sources: ['bench/json-parse/parse_bench.cpp'], includeDirs: [dir], defines: variants[v], libraries: [lib.lib] });
  const r = runBuiltSync(b, { maxCycles: 1e8 });
  const a = r.markers.find((m) => m.id === 1)!;
  const z = r.markers.find((m) => m.id === 2)!;
  console.log(`${v}: ${((z.cycles - a.cycles) / bytes.length).toFixed(2)} c/B (${z.cycles - a.cycles} cycles) exit ${r.exitCode} ${r.serial.trim()}`);
  if (idx === 0 && process.env.SL_BENCH_LINES) {
    const m = new AvrMachine(b.board, fs.readFileSync(b.hex!, 'utf8'));
    const prof = m.enableProfile([1, 2]);
    m.run({ maxCycles: 1e8 });
    console.log(cyclesByFunction(b.board, b.elf, prof).slice(0, 20).map((f) => `${f.name.replace(/\(.*$/, '')} ${(f.cycles / bytes.length).toFixed(1)}`).join('\n'));
    console.log(cyclesByLine(b.board, b.elf, prof, ROOT).slice(0, Number(process.env.SL_BENCH_LINES)).map((l) => `${l.line} ${(l.cycles / bytes.length).toFixed(2)}`).join('\n'));
  }
});

// `quick.ts size`: parser / parser pull / writer core flash deltas on the Uno (as npm run bench),
// and the firmware library's own share of each link (flashShare.ts).
// `quick.ts size small`: the same with SL_JSON_PARSER_SMALL=1. SL_QUICK_TAG=x
// builds in directories of its own (two people measuring at once);
// SL_QUICK_DEFINES='SL_X=1 SL_Y=2' builds with more options.
if (process.argv.includes('size')) {
  const small = process.argv.includes('small');
  // explicit: the Uno's default is 1. SL_QUICK_DEFINES='A=1 B=2' adds options.
  const extra = [`SL_JSON_PARSER_SMALL=${small ? 1 : 0}`, ...(process.env.SL_QUICK_DEFINES ?? '').split(/\s+/).filter(Boolean)];
  const tag = `${small ? '_small' : ''}${process.env.SL_QUICK_TAG ? `_${process.env.SL_QUICK_TAG}` : ''}`;
  const uno = buildFirmwareLibrary('uno', `fwlib-bench-quick${tag}`, extra.map((d) => `-D${d}`));
  const probe = (name: string, defines: string[]) => {
    const b = buildProgram({ board: 'uno', name: `quick_probe_${name}${tag}`, sources: ['bench/json-parse/size_probe.cpp'], defines: [...defines, ...extra], libraries: [uno.lib] });
    return { flash: b.footprint.flashBytes, share: flashShare(path.join(b.dir, 'program.map'), uno.lib) };
  };
  const base = probe('base', []);
  const p = {
    parser: probe('parser', ['PROBE_PARSER']),
    'parser pull-only': probe('parser_pull', ['PROBE_PARSER', 'PROBE_PULL']),
    'writer core': probe('writer_core', ['PROBE_WRITER', 'PROBE_WRITER_CORE']),
    'writer core + parser': probe('both_core', ['PROBE_PARSER', 'PROBE_WRITER', 'PROBE_WRITER_CORE']),
  };
  const entries = Object.entries(p);
  console.log(`uno flash${small ? ' (SL_JSON_PARSER_SMALL=1)' : ''}: ${entries.map(([k, v]) => `${k} ${v.flash - base.flash} B`).join(', ')}`);
  // The library's own share of the same links (see flashShare.ts): the
  // deltas above also hold the probe's handler and call sites.
  console.log(
    `  library share (input sections from libsemilimes.a): ${entries.map(([k, v]) => `${k} ${v.share.library} B`).join(', ')}`,
  );
  for (const [k, v] of entries) {
    const s = v.share;
    console.log(
      `    ${k}: ${byObjectText(s)}; not counted: probe's own code ${s.program - base.share.program} B over the bare program, libgcc ${s.libgcc - base.share.libgcc} B more`,
    );
  }
  console.log("    (parser pull-only: parse(source)'s loop is inlined into the probe's main, so it counts as the probe's code)");
}
