// npm run bench:flash [-- --board uno] [--sketch firmware/examples/LampControl] [--files N] [-D NAME=VALUE]...
//
// Builds the sketch for the board as `npm run sim` does and prints where its
// flash goes: bytes per layer (firmware/src/<folder>, the sketch, the board's
// core, the toolchain), then the N largest files (default 15). See
// bench/flash-map/README.md.
import { loadBoard } from '../../simulator/boards';
import { footprint } from '../../simulator/elf';
import { buildForRun } from '../../simulator/sketch/run';
import { flashMap } from './flashMap';

function main(): void {
  const args = process.argv.slice(2);
  let board = 'uno';
  let sketch = 'firmware/examples/LampControl';
  let files = 15;
  const defines: string[] = [];
  for (let i = 0; i < args.length; ++i) {
    const a = args[i];
    const val = () => {
      if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
      return args[++i];
    };
    if (a === '--board') board = val();
    else if (a === '--sketch') sketch = val();
    else if (a === '--files') files = Number(val());
    else if (a === '-D') defines.push(val());
    else throw new Error(`unknown argument ${a} (--board B --sketch DIR --files N -D NAME=VALUE)`);
  }
  const profile = loadBoard(board);
  process.stderr.write(`building ${sketch} for ${board}...\n`);
  const b = buildForRun({ board: profile, sketch, defines });
  const m = flashMap(profile, b.elf, { sketchDir: sketch });
  const flash = footprint(profile, b.elf).flashBytes;
  const pct = (n: number) => `${((100 * n) / m.total).toFixed(1).padStart(5)} %`;
  const row = (name: string, n: number) => `  ${name.padEnd(44)} ${String(n).padStart(7)} B ${pct(n)}`;
  console.log(`${sketch} on ${board}: ${flash} B of flash (budget ${profile.budget.flashBytes} B); ${m.codeBytes} B of it code with line information`);
  console.log('by layer:');
  for (const [k, n] of Object.entries(m.byLayer).sort((x, y) => y[1] - x[1])) console.log(row(k, n));
  console.log(`largest files (${files}):`);
  for (const [k, n] of Object.entries(m.byFile).sort((x, y) => y[1] - x[1]).slice(0, files)) console.log(row(k, n));
}

try {
  main();
} catch (e) {
  console.error(`bench:flash: ${(e as Error).message}`);
  process.exit(2);
}
