// Where a linked AVR program's flash comes from, read from the linker map
// (build/<board>/<name>/program.map, written by simulator/build.ts): every
// input section placed in an output section that occupies flash (.text and
// the load image of .data), by the file it came from.
//
//   const s = flashShare(probe.dir + '/program.map', lib.lib);
//   s.library          // bytes from the firmware library's objects
//   s.libraryByObject  // {'JsonParser.o': 1234, ...}
//
// What `library` counts: the sizes of the input sections (functions with
// -ffunction-sections, their switch tables, PROGMEM tables, initialized
// data) that the link took from members of the given archive
// (libsemilimes.a). Not counted there, reported apart: the program's own
// objects (a probe's handler, its vtable, the call sites in main), the
// board support and C++ runtime objects, libgcc helpers (multiply, divide,
// __do_copy_data...), libc/libm, the startup code (vectors) and alignment
// fill. Sizes are whole input sections, as the linker placed them.
import * as fs from 'fs';
import * as path from 'path';

export interface FlashShare {
  /** Flash bytes (.text + .data load image) of the whole program, as laid out in the map. */
  total: number;
  /** From members of the library archive. */
  library: number;
  libraryByObject: Record<string, number>;
  /** The program's own objects (not the library, not board support). */
  program: number;
  /** simulator/ board support and C++ runtime. */
  boardSupport: number;
  /** libgcc.a members (arithmetic helpers, data copy, constructors). */
  libgcc: number;
  /** libc / libm / device library members. */
  libc: number;
  /** Startup objects (crt*.o: vectors and init). */
  startup: number;
  /** Alignment fill and anything else. */
  other: number;
}

const FLASH_SECTIONS = new Set(['.text', '.data']);

/** Splits a map's memory map into (output section, input section, size, origin) records. */
export function mapSections(mapText: string): { out: string; name: string; size: number; origin: string }[] {
  const start = mapText.indexOf('Linker script and memory map');
  const lines = (start >= 0 ? mapText.slice(start) : mapText).split('\n');
  const records: { out: string; name: string; size: number; origin: string }[] = [];
  let out = '';
  let pendingName: string | null = null;
  for (const line of lines) {
    // An output section: at column 0, e.g. ".text           0x00000000     0x10ec"
    const o = line.match(/^(\.[\w.]+)(\s|$)/);
    if (o) {
      out = o[1];
      pendingName = null;
      continue;
    }
    if (/^\S/.test(line)) {
      pendingName = null;
      continue;
    }
    // An input section, on one line or with its name alone on the line before.
    const one = line.match(/^ (\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$/);
    if (one) {
      records.push({ out, name: one[1], size: parseInt(one[3], 16), origin: one[4].trim() });
      pendingName = null;
      continue;
    }
    const nameOnly = line.match(/^ (\S+)\s*$/);
    if (nameOnly && !nameOnly[1].startsWith('*')) {
      pendingName = nameOnly[1];
      continue;
    }
    const cont = line.match(/^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$/);
    if (cont && pendingName) {
      records.push({ out, name: pendingName, size: parseInt(cont[2], 16), origin: cont[3].trim() });
      pendingName = null;
      continue;
    }
    const fill = line.match(/^ \*fill\*\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)/);
    if (fill) records.push({ out, name: '*fill*', size: parseInt(fill[2], 16), origin: '' });
    pendingName = null;
  }
  return records;
}

/** The flash of the program whose map is `mapFile`, by origin; `libraryArchive` is the firmware library's .a. */
export function flashShare(mapFile: string, libraryArchive: string): FlashShare {
  const libPath = path.resolve(libraryArchive);
  const programDir = path.dirname(path.resolve(mapFile));
  const s: FlashShare = { total: 0, library: 0, libraryByObject: {}, program: 0, boardSupport: 0, libgcc: 0, libc: 0, startup: 0, other: 0 };
  for (const r of mapSections(fs.readFileSync(mapFile, 'utf8'))) {
    if (!FLASH_SECTIONS.has(r.out) || r.size === 0) continue;
    s.total += r.size;
    const member = r.origin.match(/^(.*\.a)\((.*)\)$/);
    if (member && path.resolve(member[1]) === libPath) {
      s.library += r.size;
      const obj = member[2].replace(/^\d+_/, ''); // buildFirmwareLibrary numbers its objects
      s.libraryByObject[obj] = (s.libraryByObject[obj] ?? 0) + r.size;
    } else if (member && /libgcc\.a$/.test(member[1])) s.libgcc += r.size;
    else if (member) s.libc += r.size;
    else if (/\/crt[^/]*\.o$/.test(r.origin)) s.startup += r.size;
    else if (/_(board|cxx_runtime)\.o$/.test(r.origin)) s.boardSupport += r.size;
    else if (r.origin.startsWith(programDir)) s.program += r.size;
    else s.other += r.size;
  }
  return s;
}

/** "JsonParser.o 2,002 + JsonNumber.o 170 ..." for printing. */
export function byObjectText(share: FlashShare): string {
  return Object.entries(share.libraryByObject)
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${o} ${n}`)
    .join(' + ');
}
