// The event-reader part of `npm run bench` (run.ts): event_bench.cpp, the
// same input through sl::InboundEventReader + sl::JsonParser (what sl::Client
// runs on each inbound message), on every simulated board with its default
// parser and read size, fed in WebSocket-read pieces (SL_WS_READ_CHUNK: 16
// bytes on AVR, 256 elsewhere) and in one piece. AVR boards count cycles,
// QEMU boards instructions. Fails (throws) when a program does not extract
// the event.
import { buildFirmwareLibrary, buildProgram } from '../../simulator/build';
import { runBuiltSync } from '../../simulator/run';

export interface EventReaderFigure {
  board: string;
  unit: 'cycles' | 'instructions';
  /** SL_WS_READ_CHUNK of the board (bytes per feed()). */
  chunkBytes: number;
  count: number;
  perByte: number;
  /** The whole input in one feed(). */
  wholeCount: number;
  wholePerByte: number;
  parserRamBytes: number;
  readerRamBytes: number;
  programStaticRamBytes: number;
  peakStackBytes: number | null;
  heapBytes: number | null;
}

export const EVENT_READER_BOARDS = ['uno', 'mega', 'cortex-m3', 'lx106'];

export function measureEventReader(genDir: string, inputLength: number, boards = EVENT_READER_BOARDS): EventReaderFigure[] {
  const out: EventReaderFigure[] = [];
  for (const board of boards) {
    const lib = buildFirmwareLibrary(board, 'fwlib-bench');
    const run = (chunk: number | null) => {
      const b = buildProgram({
        board,
        name: `bench_event_reader${chunk === null ? '' : `_${chunk}`}`,
        sources: ['bench/json-parse/event_bench.cpp'],
        includeDirs: [genDir],
        defines: chunk === null ? [] : [`BENCH_CHUNK=${chunk}`],
        libraries: [lib.lib],
      });
      const r = runBuiltSync(b, { maxCycles: 1e8, timeoutMs: 60000 });
      const a = r.markers.find((m) => m.id === 1);
      const z = r.markers.find((m) => m.id === 2);
      if (r.exitCode !== 0 || !a || !z) {
        throw new Error(`event reader on ${board}: exit ${r.exitCode}: ${r.serial.trim()} ${r.diagnostics ?? ''}`);
      }
      const said = Object.fromEntries([...r.serial.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
      return { r, count: z.cycles - a.cycles, said };
    };
    const pieces = run(null);
    const whole = run(inputLength);
    out.push({
      board,
      unit: pieces.r.cycles === null ? 'instructions' : 'cycles',
      chunkBytes: pieces.said.chunk,
      count: pieces.count,
      perByte: Number((pieces.count / inputLength).toFixed(1)),
      wholeCount: whole.count,
      wholePerByte: Number((whole.count / inputLength).toFixed(1)),
      parserRamBytes: pieces.said.sizeofParser,
      readerRamBytes: pieces.said.sizeofReader,
      programStaticRamBytes: pieces.r.staticRamBytes,
      peakStackBytes: pieces.r.peakStackBytes,
      heapBytes: pieces.r.heapBytes,
    });
  }
  return out;
}

export function eventReaderLines(figures: EventReaderFigure[]): string[] {
  const lines = [
    `  sl::Client's own event reader (sl::InboundEventReader + each board's default parser; type, feature, sender, channel, component type and every form value, no path table), fed from RAM:`,
  ];
  for (const f of figures) {
    lines.push(
      `    ${f.board}: ${f.count} ${f.unit} = ${f.perByte} ${f.unit}/byte in ${f.chunkBytes}-byte pieces (the WebSocket read size), ${f.wholePerByte} in one piece; RAM: parser ${f.parserRamBytes} B + reader ${f.readerRamBytes} B, peak stack ${f.peakStackBytes} B, heap ${f.heapBytes ?? 0}`,
    );
  }
  return lines;
}
