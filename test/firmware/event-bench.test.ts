// `npm run bench`'s event-reader programs (bench/json-parse/event_bench.cpp)
// extract the 728-byte form submission correctly on the simulated Uno and
// Mega: measureEventReader throws when a program's exit or output is wrong.
// It prints the figures; it asserts none of them (cycles are benchmarks).
import * as path from 'path';
import { ROOT } from '../../simulator/boards';
import { INPUT, writeInputHeader } from '../../bench/json-parse/benchInput';
import { eventReaderLines, measureEventReader } from '../../bench/json-parse/eventReader';

test('the event-reader benchmark extracts the form submission on uno and mega', () => {
  const gen = path.join(ROOT, 'build', 'bench', 'gen-event-test');
  const input = writeInputHeader(gen);
  expect(path.basename(INPUT)).toBe('formsubmission-event.json');
  const figures = measureEventReader(gen, input.length, ['uno', 'mega']);
  console.log(eventReaderLines(figures).join('\n'));
  expect(figures.map((f) => [f.board, f.unit, f.chunkBytes, f.heapBytes])).toEqual([
    ['uno', 'cycles', 16, 0],
    ['mega', 'cycles', 16, 0],
  ]);
}, 300000);
