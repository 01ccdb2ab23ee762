// Every example sketch of the library (firmware/examples/<Name>/<Name>.ino)
// compiles through arduino-builder, the Arduino IDE's own build, with the
// real Arduino AVR core for the Uno and the Mega: what a user gets from
// File > Examples > Semilimes. (Running them is the job of npm run sim / demo.)
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

if (found.length === 0) {
  test.skip('firmware/examples holds no sketches yet', () => undefined);
} else {
  describe.each(found)('example %s', (name) => {
    test.each(['uno', 'mega'])('compiles with arduino-builder for %s', (board) => {
      const b = buildSketch({ board, sketch: path.join(EXAMPLES, name) });
      expect(b.tool).toBe('arduino-builder');
      expect(fs.existsSync(b.hex!)).toBe(true);
      expect(b.footprint.flashBytes).toBeGreaterThan(0);
      // the library never allocates: no malloc/new linked into an example
      expect(b.footprint.heapSymbols).toEqual([]);
    }, 300000);
  });
}
