// Turns an AvrMachine cycle profile into cycles per function (from the ELF's
// symbols): which code the cycles went to between two markers.
import { execFileSync } from 'child_process';
import { BoardProfile } from '../boards';
import { symbols } from '../elf';
import { CycleProfile } from './runner';

export interface FunctionCycles {
  name: string;
  cycles: number;
}

export function cyclesByFunction(board: BoardProfile, elf: string, profile: CycleProfile): FunctionCycles[] {
  const funcs = [...symbols(board, elf).entries()]
    .filter(([, s]) => /[tTwW]/.test(s.type) && s.addr < 0x800000)
    .map(([name, s]) => ({ name, start: s.addr, end: s.addr + Math.max(s.size, 2) }))
    .sort((a, b) => a.start - b.start);
  const totals = new Map<string, number>();
  let fi = 0;
  for (let word = 0; word < profile.length; ++word) {
    const c = profile[word];
    if (!c) continue;
    const addr = word * 2;
    while (fi + 1 < funcs.length && funcs[fi + 1].start <= addr) ++fi;
    const f = funcs[fi];
    const name = f && addr >= f.start && addr < f.end ? f.name : `0x${addr.toString(16)}`;
    totals.set(name, (totals.get(name) ?? 0) + c);
  }
  return [...totals.entries()].map(([name, cycles]) => ({ name, cycles })).sort((a, b) => b.cycles - a.cycles);
}

export interface LineCycles {
  /** file:line (path relative to the repository when inside it). */
  line: string;
  cycles: number;
}

/** Cycles per source line (from the ELF's debug info, via addr2line). */
export function cyclesByLine(board: BoardProfile, elf: string, profile: CycleProfile, root = ''): LineCycles[] {
  const addrs: number[] = [];
  for (let word = 0; word < profile.length; ++word) if (profile[word]) addrs.push(word);
  if (addrs.length === 0) return [];
  const addr2line = board.toolchain.nm.replace(/nm$/, 'addr2line');
  const out = execFileSync(addr2line, ['-e', elf, ...addrs.map((w) => `0x${(w * 2).toString(16)}`)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).split('\n');
  const totals = new Map<string, number>();
  addrs.forEach((w, i) => {
    let line = (out[i] ?? '?').replace(/ \(discriminator \d+\)$/, '');
    if (root && line.startsWith(root)) line = line.slice(root.length + 1);
    totals.set(line, (totals.get(line) ?? 0) + profile[w]);
  });
  return [...totals.entries()].map(([line, cycles]) => ({ line, cycles })).sort((a, b) => b.cycles - a.cycles);
}
