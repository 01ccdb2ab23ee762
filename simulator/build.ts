// Compile and link C/C++ sources for a board: the first stage of every run.
//
//   const b = buildProgram({ board: 'mega', name: 'hello', sources: ['x.cpp'] });
//   b.elf, b.hex (AVR), b.footprint.flashBytes
//
// Firmware rules apply to C++ (-std=gnu++11 -Wall -Wextra -Werror, no
// exceptions, no RTTI). The board support (console, exit, markers) and the
// board's startup code are linked in unless `boardSupport: false`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BoardProfile, loadBoard, ROOT } from './boards';
import { footprint, Footprint } from './elf';

export const FIRMWARE_SRC = path.join(ROOT, 'firmware', 'src');
export const SUPPORT_DIR = path.join(ROOT, 'simulator', 'support');
export const SLTEST_DIR = path.join(ROOT, 'test', 'firmware', 'support');

export const CXX_FLAGS = ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti'];
export const C_FLAGS = ['-std=gnu11', '-Wall', '-Wextra', '-Werror'];

export interface BuildRequest {
  board: string | BoardProfile;
  /** Output directory name under build/<board>/. */
  name: string;
  /** C, C++ or assembler sources, relative to the repository root or absolute. */
  sources: string[];
  includeDirs?: string[];
  defines?: string[];
  /** Extra compile flags (all languages). */
  flags?: string[];
  ldflags?: string[];
  /** Link simulator/support + the board's startup and board.c (default true). */
  boardSupport?: boolean;
  /** Keep debug info (default true; does not change flash figures). */
  debug?: boolean;
  /** Static libraries (e.g. from buildFirmwareLibrary) linked after the objects. */
  libraries?: string[];
}

export interface BuildResult {
  board: BoardProfile;
  dir: string;
  elf: string;
  /** Intel hex image (AVR boards). */
  hex?: string;
  footprint: Footprint;
}

export class BuildError extends Error {}

/** Board support sources for a board, relative to the repository root. */
export function boardSupportSources(board: BoardProfile): string[] {
  const arch = board.cpu.arch;
  const common = ['simulator/support/cxx_runtime.cpp'];
  if (arch === 'avr') return ['simulator/avr/board.c', ...common];
  if (board.simulator.backend === 'qemu') {
    return [...(board.simulator.startup ?? []), `simulator/qemu/${board.name}/board.c`, ...common];
  }
  return [];
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT });
  if (r.error) throw new BuildError(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new BuildError(`${cmd} ${args.join(' ')}\n${r.stderr}${r.stdout}`);
}

/**
 * Compiles one source unless its object is up to date: same command line
 * (kept in <obj>.cmd) and no dependency (from -MMD, <obj>.d) newer than the
 * object. Set SL_BUILD_NO_CACHE=1 to always recompile.
 */
function compile(cmd: string, args: string[], src: string, obj: string): void {
  const line = [cmd, ...args, src].join('\0');
  const cmdFile = `${obj}.cmd`;
  const depFile = `${obj}.d`;
  if (!process.env.SL_BUILD_NO_CACHE && upToDate(obj, cmdFile, depFile, line)) return;
  fs.rmSync(obj, { force: true });
  run(cmd, [...args, '-MMD', '-MF', depFile, '-c', src, '-o', obj]);
  fs.writeFileSync(cmdFile, line);
}

function upToDate(obj: string, cmdFile: string, depFile: string, line: string): boolean {
  try {
    if (fs.readFileSync(cmdFile, 'utf8') !== line) return false;
    const built = fs.statSync(obj).mtimeMs;
    const deps = fs
      .readFileSync(depFile, 'utf8')
      .replace(/\\\n/g, ' ')
      .replace(/^[^:]*:/, '')
      .split(/\s+/)
      .filter(Boolean);
    return deps.length > 0 && deps.every((d) => fs.statSync(d).mtimeMs <= built);
  } catch {
    return false;
  }
}

export function buildProgram(req: BuildRequest): BuildResult {
  const board = typeof req.board === 'string' ? loadBoard(req.board) : req.board;
  if (board.buildOnly) throw new BuildError(`board ${board.name} is build-only: its toolchain is not installed here`);
  const tc = board.toolchain;
  const dir = path.join(ROOT, 'build', board.name, req.name);
  const objDir = path.join(dir, 'obj');
  fs.mkdirSync(objDir, { recursive: true });

  const support = req.boardSupport === false ? [] : boardSupportSources(board);
  const sources = [...support, ...req.sources].map((s) => path.resolve(ROOT, s));
  const includes = [FIRMWARE_SRC, SUPPORT_DIR, SLTEST_DIR, ...(req.includeDirs ?? [])].flatMap((d) => [
    '-I',
    path.resolve(ROOT, d),
  ]);
  const common = [
    ...tc.cflags,
    ...(req.debug === false ? [] : ['-g']),
    ...includes,
    ...(req.defines ?? []).map((d) => `-D${d}`),
    ...(req.flags ?? []),
  ];
  const objects: string[] = [];
  sources.forEach((src, i) => {
    const ext = path.extname(src);
    const obj = path.join(objDir, `${i}_${path.basename(src, ext)}.o`);
    if (ext === '.c') compile(tc.cc, [...C_FLAGS, ...common], src, obj);
    else if (ext === '.S' || ext === '.s') compile(tc.cc, common, src, obj);
    else compile(tc.cxx, [...CXX_FLAGS, ...tc.cxxflags, ...common], src, obj);
    objects.push(obj);
  });

  const elf = path.join(dir, 'program.elf');
  objects.push(...(req.libraries ?? []));
  const ldflags = tc.ldflags.map((f) => (f.startsWith('simulator/') ? path.join(ROOT, f) : f));
  run(tc.linker ?? tc.cxx, [...ldflags, ...(req.ldflags ?? []), ...objects, `-Wl,-Map,${path.join(dir, 'program.map')}`, '-o', elf]);

  let hex: string | undefined;
  if (board.cpu.arch === 'avr') {
    hex = path.join(dir, 'program.hex');
    run(tc.objcopy, ['-O', 'ihex', '-R', '.eeprom', '-R', '.fuse', '-R', '.lock', '-R', '.signature', elf, hex]);
  }
  return { board, dir, elf, hex, footprint: footprint(board, elf) };
}

/** Every C++ source of the firmware library (what the Arduino IDE compiles). */
export function firmwareSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.cpp')) out.push(path.relative(ROOT, p));
    }
  };
  walk(FIRMWARE_SRC);
  return out.sort();
}

export interface FirmwareLibrary {
  /** The archive (holds every source that compiled). */
  lib: string;
  /** Sources that did not compile for this board, with the compiler output. */
  failures: { source: string; error: string }[];
}

/**
 * Compiles firmware/src/**.cpp for a board into build/<board>/<name>/libsemilimes.a
 * (with the firmware's strict flags). Linking the archive pulls in only the
 * objects a program uses, as an Arduino library build does with --gc-sections.
 * A source that fails to compile is left out and listed in `failures`, so one
 * broken file fails only the programs that need it.
 */
export function buildFirmwareLibrary(board: string | BoardProfile, name = 'fwlib', flags: string[] = []): FirmwareLibrary {
  const b = typeof board === 'string' ? loadBoard(board) : board;
  const tc = b.toolchain;
  const dir = path.join(ROOT, 'build', b.name, name);
  fs.mkdirSync(dir, { recursive: true });
  const failures: { source: string; error: string }[] = [];
  const objects: string[] = [];
  firmwareSources().forEach((src, i) => {
    const obj = path.join(dir, `${i}_${path.basename(src, '.cpp')}.o`);
    try {
      compile(tc.cxx, [...CXX_FLAGS, ...tc.cxxflags, ...tc.cflags, '-g', '-I', FIRMWARE_SRC, ...flags], path.join(ROOT, src), obj);
      objects.push(obj);
    } catch (e) {
      failures.push({ source: src, error: (e as Error).message });
    }
  });
  const lib = path.join(dir, 'libsemilimes.a');
  fs.rmSync(lib, { force: true });
  run(tc.ar ?? tc.nm.replace(/nm$/, 'ar'), ['rcs', lib, ...objects]);
  return { lib, failures };
}
