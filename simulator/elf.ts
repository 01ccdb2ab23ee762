// What a linked ELF costs: flash, static RAM, whether a heap is linked, and
// symbol addresses (for the runners). Uses the board's binutils.
import { execFileSync } from 'child_process';
import { BoardProfile } from './boards';

export interface Section {
  name: string;
  type: string;
  addr: number;
  size: number;
  flags: string;
}

export interface Footprint {
  /** Bytes stored in flash: code + read-only data + initial values of .data. */
  flashBytes: number;
  /** Bytes of RAM fixed at link time: .data + .bss (+ .noinit). */
  staticRamBytes: number;
  text: number;
  data: number;
  bss: number;
  /** Heap functions linked into the image (malloc, operator new, ...). */
  heapSymbols: string[];
}

export interface SymbolInfo {
  addr: number;
  size: number;
  type: string;
}

// Sections that are not part of the program image or its RAM.
const IGNORED = /^(\.eeprom|\.fuse|\.lock|\.signature|\.stack|\.heap|\.comment|\.debug.*|\.note.*|\.ARM\.attributes|\.xtensa\.info|\.xt\.(lit|prop).*)$/;

export function sections(board: BoardProfile, elf: string): Section[] {
  const readelf = board.toolchain.nm.replace(/nm$/, 'readelf');
  const out = execFileSync(readelf, ['-S', '-W', elf], { encoding: 'utf8' });
  const result: Section[] = [];
  // [Nr] Name Type Address Off Size ES Flg Lk Inf Al
  const re = /^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Za-z]*)\s+\d+\s+\d+\s+\d+\s*$/;
  for (const line of out.split('\n')) {
    const m = line.match(re);
    if (!m) continue;
    result.push({ name: m[1], type: m[2], addr: parseInt(m[3], 16), size: parseInt(m[4], 16), flags: m[5] });
  }
  return result;
}

export function symbols(board: BoardProfile, elf: string): Map<string, SymbolInfo> {
  const out = execFileSync(board.toolchain.nm, ['-S', '-C', '--defined-only', elf], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const map = new Map<string, SymbolInfo>();
  for (const line of out.split('\n')) {
    const m = line.match(/^([0-9a-f]+)\s+(?:([0-9a-f]+)\s+)?(\S)\s+(.+)$/);
    if (m) map.set(m[4], { addr: parseInt(m[1], 16), size: m[2] ? parseInt(m[2], 16) : 0, type: m[3] });
  }
  return map;
}

// Allocation entry points. operator delete alone is not here: a virtual
// destructor references it without any allocation (the board support's
// delete traps, see simulator/support/cxx_runtime.cpp).
const HEAP_SYMBOLS = [
  'malloc', '_malloc_r', 'calloc', 'realloc', 'free', '_free_r', '__libc_malloc',
  'operator new(unsigned int)', 'operator new(unsigned long)', 'operator new[](unsigned int)',
  'operator new[](unsigned long)',
];

/** The sections of the program image and its RAM (allocated, not IGNORED, not empty). */
export function imageSections(board: BoardProfile, elf: string): Section[] {
  return sections(board, elf).filter((s) => s.flags.includes('A') && !IGNORED.test(s.name) && s.size > 0);
}

export function footprint(board: BoardProfile, elf: string): Footprint {
  let text = 0;
  let data = 0;
  let bss = 0;
  for (const s of imageSections(board, elf)) {
    if (s.type === 'NOBITS') bss += s.size;
    else if (s.flags.includes('W')) data += s.size;
    else text += s.size;
  }
  const syms = symbols(board, elf);
  const heapSymbols = HEAP_SYMBOLS.filter((n) => syms.has(n));
  return { flashBytes: text + data, staticRamBytes: data + bss, text, data, bss, heapSymbols };
}
