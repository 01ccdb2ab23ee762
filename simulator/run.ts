// One call from sources to measured run on a board:
//
//   const r = await runProgram({ board: 'mega', name: 'hello', sources: [...] });
//   r.serial, r.exitCode, r.cycles, r.flashBytes, r.peakStackBytes
//
// The result carries the fields of the `npm run sim` report (DESIGN.md):
// board, flashBytes, staticRamBytes, peakRamBytes, heapBytes, cycles, serial.
// `runBuiltSync` is the synchronous variant (jest needs case names at
// collection time). `startMachine` gives a live machine for bridges: its
// console output via onOutput and input injection via input().
import * as fs from 'fs';
import { AvrMachine, Marker } from './avr/runner';
import { BoardProfile } from './boards';
import { buildProgram, BuildRequest, BuildResult } from './build';
import { symbols } from './elf';
import { QemuMachine, runQemuSync } from './qemu/runner';

export interface RunOptions {
  /** Console input, queued before the program starts. */
  input?: string | Uint8Array;
  /** AVR: cycle limit (default 2e9 = 125 s of a 16 MHz part). */
  maxCycles?: number;
  /** QEMU: wall-clock limit (default 60 s). */
  timeoutMs?: number;
}

export interface RunReport {
  board: string;
  flashBytes: number;
  staticRamBytes: number;
  /** Heap in use at exit; 0 when no allocator is linked, null when unknown. */
  heapBytes: number | null;
  peakStackBytes: number | null;
  /** staticRamBytes + peakStackBytes + heapBytes. */
  peakRamBytes: number | null;
  /** Exact CPU cycles (AVR); null on QEMU boards (not cycle-accurate). */
  cycles: number | null;
  /** Instructions executed (QEMU boards with -icount; AVR: null, see cycles). */
  instructions: number | null;
  /** Markers from sl_board_mark (AVR: cycles; QEMU: instructions since reset). */
  markers: Marker[];
  serial: string;
  exitCode: number | null;
  stopReason: string;
  heapSymbols: string[];
  diagnostics?: string;
}

function avrHeapBytes(b: BuildResult, m: AvrMachine): number | null {
  if (b.footprint.heapSymbols.length === 0) return 0;
  const syms = symbols(b.board, b.elf);
  const brk = syms.get('__brkval');
  const start = syms.get('__heap_start');
  if (!brk || !start) return null;
  const at = brk.addr & 0xffff;
  const value = m.peek(at) | (m.peek(at + 1) << 8);
  return value ? value - (start.addr & 0xffff) : 0;
}

function report(
  b: BuildResult,
  r: { exitCode: number | null; stopReason: string; peakStackBytes: number | null; markers: Marker[]; serial: string },
  cycles: number | null,
  heapBytes: number | null,
  diagnostics?: string,
  instructions: number | null = null,
): RunReport {
  const fp = b.footprint;
  const peakRam =
    r.peakStackBytes === null || heapBytes === null ? null : fp.staticRamBytes + r.peakStackBytes + heapBytes;
  return {
    board: b.board.name,
    flashBytes: fp.flashBytes,
    staticRamBytes: fp.staticRamBytes,
    heapBytes,
    peakStackBytes: r.peakStackBytes,
    peakRamBytes: peakRam,
    cycles,
    instructions,
    markers: r.markers,
    serial: r.serial,
    exitCode: r.exitCode,
    stopReason: r.stopReason,
    heapSymbols: fp.heapSymbols,
    diagnostics,
  };
}

function qemuHeap(b: BuildResult): number | null {
  return b.footprint.heapSymbols.length === 0 ? 0 : null;
}

/** First data address above static RAM (AVR): where the stack must stop. */
function avrStackLimit(b: BuildResult): number | undefined {
  const syms = symbols(b.board, b.elf);
  const end = syms.get('__heap_start') ?? syms.get('_end') ?? syms.get('__bss_end');
  return end ? end.addr & 0xffff : undefined;
}

function newAvrMachine(b: BuildResult): AvrMachine {
  return new AvrMachine(b.board, fs.readFileSync(b.hex!, 'utf8'), { stackLimit: avrStackLimit(b) });
}

/** Runs an already built program to completion, synchronously. */
export function runBuiltSync(b: BuildResult, opts: RunOptions = {}): RunReport {
  if (b.board.simulator.backend === 'avr8js') {
    const m = newAvrMachine(b);
    if (opts.input) m.input(opts.input);
    const r = m.run({ maxCycles: opts.maxCycles });
    return report(b, r, r.cycles, avrHeapBytes(b, m));
  }
  if (b.board.simulator.backend === 'qemu') {
    const r = runQemuSync(b.board, b.elf, { input: opts.input, timeoutMs: opts.timeoutMs });
    return report(b, r, null, qemuHeap(b), r.diagnostics, r.instructions);
  }
  throw new Error(`board ${b.board.name} has no simulator`);
}

export interface LiveMachine {
  board: BoardProfile;
  onOutput: ((bytes: Uint8Array) => void) | null;
  input(data: string | Uint8Array): void;
  stop(): void;
  /** Resolves when the program exits, hits a limit or is stopped. */
  done: Promise<RunReport>;
}

/** Starts a built program without blocking the event loop. */
export function startMachine(b: BuildResult, opts: RunOptions = {}): LiveMachine {
  if (b.board.simulator.backend === 'avr8js') {
    const m = newAvrMachine(b);
    if (opts.input) m.input(opts.input);
    const live: LiveMachine = {
      board: b.board,
      onOutput: null,
      input: (d) => m.input(d),
      stop: () => m.stop(),
      done: Promise.resolve().then(async () => {
        m.onOutput = (bytes) => live.onOutput?.(bytes);
        const r = await m.runAsync({ maxCycles: opts.maxCycles });
        return report(b, r, r.cycles, avrHeapBytes(b, m));
      }),
    };
    return live;
  }
  if (b.board.simulator.backend === 'qemu') {
    const m = new QemuMachine(b.board, b.elf);
    const live: LiveMachine = {
      board: b.board,
      onOutput: null,
      input: (d) => m.input(d),
      stop: () => m.stop(),
      done: Promise.resolve().then(async () => {
        m.onOutput = (bytes) => live.onOutput?.(bytes);
        const r = await m.runAsync({ input: opts.input, timeoutMs: opts.timeoutMs });
        return report(b, r, null, qemuHeap(b), r.diagnostics, r.instructions);
      }),
    };
    return live;
  }
  throw new Error(`board ${b.board.name} has no simulator`);
}

/**
 * What a run uses beyond the board's SDK budget (boards/<name>.json `budget`):
 * an empty list when it fits. Unknown figures (null) are reported too.
 */
export function budgetViolations(r: RunReport, board: BoardProfile): string[] {
  const out: string[] = [];
  const { flashBytes, peakRamBytes } = board.budget;
  if (flashBytes && r.flashBytes > flashBytes) out.push(`flash ${r.flashBytes} B > budget ${flashBytes} B`);
  if (peakRamBytes) {
    if (r.peakRamBytes === null) out.push('peak RAM unknown (heap linked?)');
    else if (r.peakRamBytes > peakRamBytes) out.push(`peak RAM ${r.peakRamBytes} B > budget ${peakRamBytes} B`);
  }
  if (r.heapSymbols.length) out.push(`heap linked: ${r.heapSymbols.join(', ')}`);
  return out;
}

/** Builds and runs (asynchronously). */
export async function runProgram(req: BuildRequest, opts: RunOptions = {}): Promise<RunReport> {
  return startMachine(buildProgram(req), opts).done;
}

/** Builds and runs synchronously. */
export function runProgramSync(req: BuildRequest, opts: RunOptions = {}): RunReport {
  return runBuiltSync(buildProgram(req), opts);
}

// CLI: npx tsx simulator/run.ts --board mega [--input TEXT] file.cpp ...
if (require.main === module) {
  const args = process.argv.slice(2);
  let board = 'mega';
  let input: string | undefined;
  const sources: string[] = [];
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--board') board = args[++i];
    else if (args[i] === '--input') input = args[++i];
    else sources.push(args[i]);
  }
  const r = runProgramSync({ board, name: 'cli', sources }, { input });
  process.stdout.write(r.serial);
  const { serial, ...rest } = r;
  void serial;
  process.stderr.write(JSON.stringify(rest, null, 2) + '\n');
  process.exit(r.exitCode ?? 1);
}
