// Board profiles (boards/<name>.json): CPU, toolchain, memory, SDK budget,
// simulator backend, Arduino FQBN and PlatformIO env. One loader, typed.
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..');
export const BOARDS_DIR = path.join(ROOT, 'boards');

export type Arch = 'avr' | 'arm' | 'xtensa' | 'host';
export type Backend = 'avr8js' | 'qemu' | 'native' | 'none';

export interface Toolchain {
  cc: string;
  cxx: string;
  /** Link driver when not `cxx` (lx106: no libstdc++ is packaged, and none is needed). */
  linker?: string;
  objcopy: string;
  nm: string;
  /** Archiver (default: nm's name with `ar`). */
  ar?: string;
  size: string;
  /** Flags for every compile (C, C++ and assembler). */
  cflags: string[];
  /** Extra flags for C++ compiles. */
  cxxflags: string[];
  /** Link flags; paths are relative to the repository root. */
  ldflags: string[];
}

export interface SimulatorSpec {
  backend: Backend;
  /** avr8js: data memory size handed to the CPU (SRAM + extended I/O above 0x100). */
  sramBytes?: number;
  /** avr8js: interrupt vector layout. */
  vectors?: 'atmega328p' | 'atmega2560';
  qemu?: {
    binary: string;
    args: string[];
    /**
     * Instruction counting: QEMU runs with `-icount shift=<shift>` (each
     * instruction advances virtual time by 2^shift ns), so the board timer the
     * support code reads (cortex-m3 dual timer at 25 MHz, lx106 CCOUNT at
     * 40 MHz) advances `ticksPerInstruction` per instruction.
     */
    icount?: { shift: number; ticksPerInstruction: number };
  };
  /** Startup files linked before everything else (QEMU boards). */
  startup?: string[];
  /** Build-only boards: the board whose simulation covers this CPU. */
  simulatedAs?: string;
}

export interface BoardProfile {
  name: string;
  description: string;
  buildOnly?: boolean;
  cpu: { arch: Arch; mcu: string; clockHz: number };
  memory: { flashBytes: number; ramBytes: number; bootloaderBytes?: number };
  /** What an SDK sketch may use on this board (0 = unbounded). */
  budget: { flashBytes: number; peakRamBytes: number };
  toolchain: Toolchain;
  simulator: SimulatorSpec;
  arduino: { fqbn: string } | null;
  platformio: { env: string; platform: string; board: string | null };
}

const cache = new Map<string, BoardProfile>();

export function boardNames(): string[] {
  return fs
    .readdirSync(BOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadBoard(name: string): BoardProfile {
  const hit = cache.get(name);
  if (hit) return hit;
  const file = path.join(BOARDS_DIR, `${name}.json`);
  if (!fs.existsSync(file)) {
    throw new Error(`unknown board "${name}" (known: ${boardNames().join(', ')})`);
  }
  const board = JSON.parse(fs.readFileSync(file, 'utf8')) as BoardProfile;
  validateBoard(board, file);
  cache.set(name, board);
  return board;
}

/** Simulated boards: those a runner can execute (not host, not build-only). */
export function simulatedBoards(): BoardProfile[] {
  return boardNames()
    .map(loadBoard)
    .filter((b) => b.simulator.backend === 'avr8js' || b.simulator.backend === 'qemu');
}

function validateBoard(b: BoardProfile, file: string): void {
  const fail = (why: string) => {
    throw new Error(`${file}: ${why}`);
  };
  if (!b.name || path.basename(file) !== `${b.name}.json`) fail('name must match the file name');
  if (!['avr', 'arm', 'xtensa', 'host'].includes(b.cpu?.arch)) fail(`bad cpu.arch ${b.cpu?.arch}`);
  if (!['avr8js', 'qemu', 'native', 'none'].includes(b.simulator?.backend)) fail('bad simulator.backend');
  for (const k of ['cc', 'cxx', 'objcopy', 'nm', 'size'] as const) {
    if (typeof b.toolchain?.[k] !== 'string') fail(`toolchain.${k} missing`);
  }
  for (const k of ['cflags', 'cxxflags', 'ldflags'] as const) {
    if (!Array.isArray(b.toolchain[k])) fail(`toolchain.${k} must be an array`);
  }
  if (typeof b.budget?.flashBytes !== 'number' || typeof b.budget?.peakRamBytes !== 'number') fail('budget missing');
  if (b.simulator.backend === 'avr8js' && (!b.simulator.sramBytes || !b.simulator.vectors)) {
    fail('avr8js boards need simulator.sramBytes and simulator.vectors');
  }
  if (b.simulator.backend === 'qemu' && !b.simulator.qemu) fail('qemu boards need simulator.qemu');
  if (!b.platformio?.env) fail('platformio.env missing');
}
