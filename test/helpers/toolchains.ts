// Cross-compile firmware sources with the hard firmware flags on every
// toolchain the SDK supports, and inspect the results (symbols, sizes).
//
//   const r = await compileFor('avr', firmwareSources());      // objects
//   if (!r.ok) console.log(r.failures[0].output);
//   const elf = await linkFor('avr', ['test/x.cpp', ...], 'x');  // program
//   undefinedOrDefined(symbolsOf('avr', elf)), sizeOf('avr', elf)
//
// Sources are compiled in parallel (one job per core) into
// build/toolchains/<toolchain>/. Every compile uses -std=gnu++11 -Wall -Wextra
// -Werror -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections and
// -I firmware/src, plus the toolchain's CPU flags below.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIRMWARE_SRC = path.join(ROOT, 'firmware', 'src');

export type ToolchainName = 'gcc' | 'clang' | 'avr' | 'cortex-m0plus' | 'cortex-m4' | 'lx106';

export interface Toolchain {
  name: ToolchainName;
  cxx: string;
  /** CPU/library flags for compiling and linking. */
  cpuFlags: string[];
  /** Extra flags for linking a program (startup files, libraries). */
  linkFlags: string[];
  nm: string;
  size: string;
}

const PICOLIBC_SPECS = ['/usr/lib/xtensa-lx106-elf/picolibc.specs', '/usr/lib/picolibc/xtensa-lx106-elf/picolibc.specs'].find(
  (p) => fs.existsSync(p),
);

export const TOOLCHAINS: Record<ToolchainName, Toolchain> = {
  gcc: { name: 'gcc', cxx: 'g++', cpuFlags: ['-O2'], linkFlags: [], nm: 'nm', size: 'size' },
  clang: { name: 'clang', cxx: 'clang++', cpuFlags: ['-O2'], linkFlags: [], nm: 'nm', size: 'size' },
  avr: {
    name: 'avr',
    cxx: 'avr-g++',
    cpuFlags: ['-mmcu=atmega328p', '-Os'],
    linkFlags: [],
    nm: 'avr-nm',
    size: 'avr-size',
  },
  'cortex-m0plus': {
    name: 'cortex-m0plus',
    cxx: 'arm-none-eabi-g++',
    cpuFlags: ['-mcpu=cortex-m0plus', '-mthumb', '-Os'],
    linkFlags: ['--specs=nano.specs', '--specs=nosys.specs'],
    nm: 'arm-none-eabi-nm',
    size: 'arm-none-eabi-size',
  },
  'cortex-m4': {
    name: 'cortex-m4',
    cxx: 'arm-none-eabi-g++',
    cpuFlags: ['-mcpu=cortex-m4', '-mthumb', '-Os'],
    linkFlags: ['--specs=nano.specs', '--specs=nosys.specs'],
    nm: 'arm-none-eabi-nm',
    size: 'arm-none-eabi-size',
  },
  lx106: {
    name: 'lx106',
    cxx: 'xtensa-lx106-elf-g++',
    cpuFlags: ['-mlongcalls', '-Os', ...(PICOLIBC_SPECS ? [`--specs=${PICOLIBC_SPECS}`] : [])],
    linkFlags: [],
    nm: 'xtensa-lx106-elf-nm',
    size: 'xtensa-lx106-elf-size',
  },
};

export const FIRMWARE_FLAGS = [
  '-std=gnu++11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-fno-exceptions',
  '-fno-rtti',
  '-ffunction-sections',
  '-fdata-sections',
];

export function toolchainFor(tc: ToolchainName | Toolchain): Toolchain {
  return typeof tc === 'string' ? TOOLCHAINS[tc] : tc;
}

/** True when the toolchain's compiler runs here. */
export function isInstalled(tc: ToolchainName | Toolchain): boolean {
  const r = spawnSync(toolchainFor(tc).cxx, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, ext));
    else if (e.name.endsWith(ext)) out.push(path.relative(ROOT, p));
  }
  return out.sort();
}

/** Every firmware/src/**\/*.cpp, relative to the repository root, sorted. */
export function firmwareSources(dir = FIRMWARE_SRC): string[] {
  return listFiles(dir, '.cpp');
}

/** Every firmware/src/**\/*.h, relative to the repository root, sorted. */
export function firmwareHeaders(dir = FIRMWARE_SRC): string[] {
  return listFiles(dir, '.h');
}

export interface CompileFailure {
  source: string;
  command: string;
  output: string;
}

export interface CompileResult {
  ok: boolean;
  objects: string[];
  failures: CompileFailure[];
}

interface Job {
  cmd: string;
  args: string[];
}

function runJob(job: Job): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(job.cmd, job.args, { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ status: -1, output: `${job.cmd}: ${e.message}` }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

async function runAll(jobs: Job[]): Promise<{ status: number | null; output: string }[]> {
  const results: { status: number | null; output: string }[] = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(os.cpus().length, jobs.length)) }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runJob(jobs[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

function objectPath(tc: Toolchain, source: string, outDir?: string): string {
  const rel = path.relative(ROOT, path.resolve(ROOT, source)).replace(/\.\.\//g, '_up_/');
  return path.join(outDir ?? path.join(ROOT, 'build', 'toolchains', tc.name), rel.replace(/\.(cpp|cc|c)$/, '.o'));
}

/**
 * Compiles each source to an object file (-c) with the firmware flags, the
 * toolchain's CPU flags and `flags`. Never throws for compile errors: they
 * come back in `failures`, one per source, with the compiler's output.
 */
export async function compileFor(
  toolchain: ToolchainName | Toolchain,
  sources: string[],
  flags: string[] = [],
  opts: { outDir?: string; includeDirs?: string[] } = {},
): Promise<CompileResult> {
  const tc = toolchainFor(toolchain);
  const includes = [FIRMWARE_SRC, ...(opts.includeDirs ?? [])].flatMap((d) => ['-I', path.resolve(ROOT, d)]);
  const jobs: Job[] = sources.map((s) => {
    const obj = objectPath(tc, s, opts.outDir);
    fs.mkdirSync(path.dirname(obj), { recursive: true });
    return { cmd: tc.cxx, args: [...FIRMWARE_FLAGS, ...tc.cpuFlags, ...includes, ...flags, '-c', path.resolve(ROOT, s), '-o', obj] };
  });
  const results = await runAll(jobs);
  const failures: CompileFailure[] = [];
  results.forEach((r, i) => {
    // Warnings are errors (-Werror), so a clean compile exits 0.
    if (r.status !== 0) failures.push({ source: sources[i], command: `${jobs[i].cmd} ${jobs[i].args.join(' ')}`, output: r.output });
  });
  return { ok: failures.length === 0, objects: jobs.map((j) => j.args[j.args.length - 1]), failures };
}

/**
 * Compiles and links a program with dead-code elimination (--gc-sections).
 * Throws with the tool output when compiling or linking fails.
 */
export async function linkFor(
  toolchain: ToolchainName | Toolchain,
  sources: string[],
  name: string,
  flags: string[] = [],
  opts: { includeDirs?: string[] } = {},
): Promise<string> {
  const tc = toolchainFor(toolchain);
  const outDir = path.join(ROOT, 'build', 'toolchains', tc.name, 'programs', name);
  const c = await compileFor(tc, sources, flags, { outDir, includeDirs: opts.includeDirs });
  if (!c.ok) throw new Error(c.failures.map((f) => `${f.command}\n${f.output}`).join('\n'));
  const elf = path.join(outDir, `${name}.elf`);
  const args = [...tc.cpuFlags, ...flags, ...tc.linkFlags, '-Wl,--gc-sections', ...c.objects, '-o', elf];
  const r = spawnSync(tc.cxx, args, { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`${tc.cxx} ${args.join(' ')}\n${r.stderr}${r.stdout}`);
  return elf;
}

export interface ElfSymbol {
  address: number;
  name: string;
  /** nm type letter: T/t code, D/d data, B/b bss, U undefined, W/w weak... */
  type: string;
  size: number;
}

/** Symbols of an object or ELF (demangled), with sizes where nm knows them. */
export function symbolsOf(toolchain: ToolchainName | Toolchain, file: string): ElfSymbol[] {
  const tc = toolchainFor(toolchain);
  const r = spawnSync(tc.nm, ['-S', '-C', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tc.nm} ${file}\n${r.stderr}`);
  const out: ElfSymbol[] = [];
  for (const line of r.stdout.split('\n')) {
    let m = line.match(/^([0-9a-fA-F]+) ([0-9a-fA-F]+) (\S) (.*)$/);
    if (m) {
      out.push({ address: parseInt(m[1], 16), name: m[4], type: m[3], size: parseInt(m[2], 16) });
      continue;
    }
    m = line.match(/^([0-9a-fA-F]+ )?\s*(\S) (.*)$/);
    if (m) out.push({ address: m[1] ? parseInt(m[1], 16) : -1, name: m[3], type: m[2], size: 0 });
  }
  return out;
}

/** Heap entry points a zero-heap firmware must not link (C and C++). */
export const HEAP_SYMBOL = /^(malloc|free|calloc|realloc|_malloc_r|_free_r|_calloc_r|_realloc_r|operator new|operator delete)\b/;

export function heapSymbols(toolchain: ToolchainName | Toolchain, elf: string): string[] {
  return symbolsOf(toolchain, elf)
    .map((s) => s.name)
    .filter((n) => HEAP_SYMBOL.test(n));
}

export interface SectionSizes {
  text: number;
  data: number;
  bss: number;
  /** Flash image: text + data (initial values of data live in flash). */
  flash: number;
}

export function sizeOf(toolchain: ToolchainName | Toolchain, elf: string): SectionSizes {
  const tc = toolchainFor(toolchain);
  const r = spawnSync(tc.size, [elf], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tc.size} ${elf}\n${r.stderr}`);
  const line = r.stdout.trim().split('\n')[1].trim().split(/\s+/).map(Number);
  return { text: line[0], data: line[1], bss: line[2], flash: line[0] + line[1] };
}

export interface AddedBytes {
  /** Code, constants and initial values of initialized data. */
  flash: number;
  /** Static RAM: initialized data and bss. */
  ram: number;
  symbols: ElfSymbol[];
}

/**
 * Bytes a feature adds to a program: the summed sizes of the symbols in `elf`
 * that `baselineElf` does not have (by name), counted once per address
 * (constructor aliases), excluding `main` and whatever `exclude` matches (the
 * test program's own helpers). Library helpers pulled in only by the feature
 * (e.g. libgcc's division) count too.
 */
export function addedBytes(
  toolchain: ToolchainName | Toolchain,
  elf: string,
  baselineElf: string,
  exclude: RegExp = /^main(::|$)|^\(anonymous namespace\)::|^vtable for \(anonymous namespace\)/,
): AddedBytes {
  const base = new Set(symbolsOf(toolchain, baselineElf).map((s) => s.name));
  const seen = new Set<string>();
  const added = symbolsOf(toolchain, elf).filter((s) => {
    if (s.type === 'U' || base.has(s.name) || exclude.test(s.name)) return false;
    // An alias of a sized symbol at its address counts once; a label without
    // a size (an entry point inside an assembly block) claims no address,
    // so the block's sized symbol there still counts.
    if (s.size === 0) return true;
    const key = `${s.type.toLowerCase()}@${s.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  added.sort((a, b) => b.size - a.size);
  const sum = (f: (s: ElfSymbol) => boolean) => added.filter(f).reduce((n, s) => n + s.size, 0);
  return {
    flash: sum((s) => !/^[bB]$/.test(s.type)),
    ram: sum((s) => /^[bBdD]$/.test(s.type)),
    symbols: added,
  };
}
