// Every example sketch of the library (firmware/examples/<Name>/<Name>.ino)
// compiles through arduino-builder, the Arduino IDE's own build, with the
// real Arduino AVR core for the Uno and the Mega: what a user gets from
// File > Examples > Semilimes. (Running them is the job of npm run sim / demo.)
// Each sketch names the boards it is meant for in a header line
// `// sl-example-boards: mega cortex-m3 lx106 (not uno: not enough RAM)`; a listed
// board must build, and an AVR board left out must fail for want of room (so
// the line stays true when the library shrinks or grows).
import * as fs from 'fs';
import * as path from 'path';
import { buildSketch } from '../../simulator/sketch/build';

const EXAMPLES = path.resolve(__dirname, '../../firmware/examples');

function examples(): string[] {
  if (!fs.existsSync(EXAMPLES)) return [];
  return fs
    .readdirSync(EXAMPLES)
    .filter((d) => fs.existsSync(path.join(EXAMPLES, d, `${d}.ino`)))
    .sort();
}

const found = examples();

/** The boards a sketch's `sl-example-boards:` line names (words before any '('). */
function exampleBoards(name: string): string[] {
  const text = fs.readFileSync(path.join(EXAMPLES, name, `${name}.ino`), 'utf8');
  const m = text.match(/^\/\/\s*sl-example-boards:\s*([^(\n]*)/m);
  if (!m) throw new Error(`${name}.ino has no "// sl-example-boards:" line`);
  return m[1].split(/[\s,]+/).filter(Boolean);
}

if (found.length === 0) {
  test.skip('firmware/examples holds no sketches yet', () => undefined);
} else {
  describe.each(found)('example %s', (name) => {
    const boards = exampleBoards(name);
    test.each(boards)('compiles for %s', (board) => {
      const b = buildSketch({ board, sketch: path.join(EXAMPLES, name) });
      if (board === 'uno' || board === 'mega') expect(b.tool).toBe('arduino-builder');
      expect(b.footprint.flashBytes).toBeGreaterThan(0);
      // the library never allocates: no malloc/new linked into an example
      expect(b.footprint.heapSymbols).toEqual([]);
    }, 300000);
    const unlisted = ['uno', 'mega'].filter((b) => !boards.includes(b));
    if (unlisted.length) {
      test.each(unlisted)('is left out for %s because it does not fit', (board) => {
        expect(() => buildSketch({ board, sketch: path.join(EXAMPLES, name) })).toThrow(/overflow|too big|not enough/i);
      }, 300000);
    }
  });
}
