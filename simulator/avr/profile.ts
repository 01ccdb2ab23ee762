// Turns an AvrMachine cycle profile into cycles per function (from the ELF's
// symbols): which code the cycles went to between two markers.
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
