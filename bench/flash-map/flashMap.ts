// Where a linked program's flash goes, by the source file each byte came
// from, read from the ELF's debug information with the board's binutils.
//
//   const m = flashMap(board, elf, { sketchDir });
//   m.total              // = footprint(board, elf).flashBytes
//   m.byLayer['sdk/ws']  // bytes of code and data from firmware/src/ws/
//   m.byFile             // {'firmware/src/ws/WsClient.h': 1234, ...}
//
// Code (executable sections) is attributed through the line table, byte
// by byte (addr2line): code the compiler inlined is counted where its
// source is, not in the function it was inlined into (the WebSocket's
// frame parser inlined into the client's loop counts for sdk/ws). The
// link-time optimizer keeps that table, so an Arduino build (-flto, -g)
// attributes as well as one without. Data (PROGMEM tables and strings in
// .text, read-only data, the initial values of .data) has no line table:
// a symbol holding it goes to the file that defines it, found by its name
// (a function's static, F() and SL_F() texts included: the file of that
// function; else the one SDK or sketch file that defines the name, the
// enclosing class or namespace deciding between several). Bytes in no
// symbol (alignment, assembly without line information) and names found
// nowhere are `unattributed`; the toolchain's own symbols (__vectors,
// __udivmodhi4, ...) are `toolchain`. Every flash byte is counted once:
// the layers add up to the ELF's flash size.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BoardProfile } from '../../simulator/boards';
import { imageSections, Section } from '../../simulator/elf';

export interface FlashMap {
  /** Flash bytes of the program (code, read-only data, .data's initial values): footprint().flashBytes. */
  total: number;
  /** Bytes per layer: sdk/<folder of firmware/src>, sketch, board core, Arduino libraries, toolchain, unattributed. */
  byLayer: Record<string, number>;
  /** Bytes per source file (SDK files as firmware/src/..., others as the debug information names them). */
  byFile: Record<string, number>;
  /** Of byLayer: bytes attributed by the line table (code). */
  codeBytes: number;
  /** The symbols whose bytes were attributed by their name (data), with the file found (undefined: none). */
  dataSymbols: { name: string; size: number; file?: string }[];
}

export interface FlashMapOptions {
  /** The sketch's folder: its files are the layer `sketch`. */
  sketchDir?: string;
}

const SDK_FILE = /(?:^|\/)(?:firmware|Semilimes)\/src\/(.+)$/;
const TOOLCHAIN_LAYER = 'toolchain (libc, libgcc, startup)';

/** The layer of a source file (its path as the debug information gives it). */
export function layerOf(file: string, opts: FlashMapOptions = {}): { layer: string; file: string } {
  const norm = path.posix.normalize(file);
  const sdk = norm.match(SDK_FILE);
  if (sdk) {
    const rel = sdk[1];
    const slash = rel.indexOf('/');
    return { layer: slash < 0 ? 'sdk' : `sdk/${rel.slice(0, slash)}`, file: `firmware/src/${rel}` };
  }
  if (opts.sketchDir) {
    const dir = path.resolve(opts.sketchDir);
    if (norm.startsWith(dir + '/')) return { layer: 'sketch', file: path.relative(process.cwd(), norm) };
  }
  if (/\/(cores|variants)\//.test(norm)) return { layer: 'board core', file: norm };
  if (/\/libraries\//.test(norm)) return { layer: 'Arduino libraries', file: norm };
  return { layer: TOOLCHAIN_LAYER, file: norm };
}

interface Sym {
  addr: number;
  size: number;
  type: string;
  /** Demangled, without the optimizer's suffixes (.lto_priv.N, [clone .constprop.N]). */
  name: string;
}

function tool(board: BoardProfile, name: string): string {
  return board.toolchain.nm.replace(/nm$/, name);
}

/** A demangled name without the suffixes the optimizer adds to the symbols it clones or promotes. */
export function baseName(name: string): string {
  return name.replace(/ \[clone [^\]]*\]/g, '').replace(/\.(lto_priv|constprop|isra|part|cold)\.\d+/g, '');
}

/**
 * The symbols with a size (`syms`), demangled once their suffixes are off
 * (nm -C leaves _ZL10CHANNEL_ID.lto_priv.130 as it is), and those without
 * one (`marks`, by address: __vectors, __ctors_end, ...).
 */
function symbolTable(board: BoardProfile, elf: string): { syms: Sym[]; marks: Sym[] } {
  const out = execFileSync(board.toolchain.nm, ['-S', '-n', '--defined-only', elf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const syms: Sym[] = [];
  const marks: Sym[] = [];
  for (const line of out.split('\n')) {
    const m = line.match(/^([0-9a-f]+) (?:([0-9a-f]+) )?(\S) (.+)$/);
    if (!m) continue;
    const sym = { addr: parseInt(m[1], 16), size: m[2] ? parseInt(m[2], 16) : 0, type: m[3], name: baseName(m[4]) };
    if (sym.size > 0) syms.push(sym);
    else if (!/^[aA]$/.test(sym.type)) marks.push(sym);  // (not absolute values: __SREG__, __FUSE_REGION_LENGTH__)
  }
  if (syms.length) {
    const demangled = execFileSync(tool(board, 'c++filt'), [], { input: syms.map((s) => s.name).join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
    syms.forEach((s, i) => (s.name = baseName(demangled[i] || s.name)));
  }
  return { syms, marks };
}

/** The bytes of a section as they are stored (objcopy -O binary). */
function sectionBytes(board: BoardProfile, elf: string, name: string): Uint8Array {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-flash-map-')), 'section.bin');
  try {
    execFileSync(board.toolchain.objcopy, ['-O', 'binary', '-j', name, elf, tmp]);
    return fs.readFileSync(tmp);
  } finally {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }
}

const REPO = path.resolve(__dirname, '../..');

function sourceFiles(dirs: string[]): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      // (Without comments: they name functions and tables they do not define.)
      else if (/\.(h|hpp|c|cpp|ino)$/.test(e.name)) out.push({ file: p, text: stripComments(fs.readFileSync(p, 'utf8')) });
    }
  };
  dirs.forEach(walk);
  return out;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
}

/** The longest run of 3 or more printable ASCII bytes in the first 64 (a table's first text). */
function firstText(bytes: Uint8Array): string | undefined {
  let best = '';
  let run = '';
  for (const b of bytes.subarray(0, 64)) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) run += String.fromCharCode(b);
    else run = '';
    if (run.length > best.length) best = run;
  }
  return best.length >= 3 ? best : undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The file that defines the data symbol `name` (demangled): its function's
 * (a static of a function whose code is in `funcFile`), else the one source
 * file with a definition of the name (a function's name for its statics),
 * the enclosing classes and namespaces deciding between several.
 */
function definingFile(
  name: string,
  funcFile: Map<string, string>,
  sources: { file: string; text: string }[],
  bytes: Uint8Array,
  layer: (file: string) => string,
): string | undefined {
  const vtable = name.match(/^vtable for (.*)$/);
  if (vtable) name = `${vtable[1]}::(vtable)`;
  // The scopes and the name: split at each "::" outside parentheses and
  // template arguments.
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < name.length; ++i) {
    const c = name[i];
    if (c === '(' || c === '<') ++depth;
    else if (c === ')' || c === '>') --depth;
    else if (depth === 0 && c === ':' && name[i + 1] === ':') {
      parts.push(name.slice(from, i));
      from = i + 2;
      ++i;
    }
  }
  parts.push(name.slice(from));
  const ident = parts[parts.length - 1];
  const scopes = parts.slice(0, -1);
  const owner = scopes.join('::');
  if (owner && funcFile.has(owner)) return funcFile.get(owner);
  // A function's static: the function's definition; else the name's.
  const last = scopes.length ? scopes[scopes.length - 1] : '';
  const fn = last.match(/^(~?[A-Za-z_]\w*)(?:<.*>)?(?:\(.*\))?(?: const)?$/);
  // (F() and SL_F() texts are __c; in a function of C linkage, setup::__c.)
  const isFunction = /\)( const)?$/.test(last) || ident === '__c';
  let target: RegExp;
  let scopeNames: string[];
  if (vtable) {
    const cls = scopes[scopes.length - 1].replace(/<.*>/, '');
    target = new RegExp(`\\b(class|struct)\\s+${escapeRe(cls)}\\b[^;]*$`, 'm');
    scopeNames = scopes.slice(0, -1);
  } else if (fn && isFunction) {
    target = new RegExp(`\\b${escapeRe(fn[1])}\\s*\\([^;]*$`, 'm');
    scopeNames = scopes.slice(0, -1);
  } else {
    // A definition: a type, the name, then [n], an initializer or constructor arguments.
    target = new RegExp(`^[ \\t]*[A-Za-z_][\\w:<>, \\t*&]*[\\s*&:]${escapeRe(ident)}\\s*(\\[[^\\]]*\\]\\s*)*(=|\\{|\\(|SL_PROGMEM|PROGMEM)`, 'm');
    scopeNames = scopes;
  }
  const words = scopeNames
    .map((sc) => sc.replace(/<.*>|\(.*\)| const$/g, ''))
    .filter((w) => /^[A-Za-z_]\w*$/.test(w) && w !== 'sl' && w !== 'detail');
  const word = vtable ? scopes[scopes.length - 1].replace(/<.*>/, '') : fn && isFunction ? fn[1] : ident;
  const candidates = sources.filter((f) => f.text.includes(word) && target.test(f.text));
  if (candidates.length <= 1) return candidates[0]?.file;
  // (2 for a file that defines an enclosing class or namespace, 1 for one that defines its members.)
  const score = (f: { text: string }) =>
    words.reduce((n, w) => {
      if (new RegExp(`\\b(class|struct|namespace|union)\\s+${escapeRe(w)}\\b[^;]*$`, 'm').test(f.text)) return n + 2;
      return new RegExp(`\\b${escapeRe(w)}(<[^>]*>)?::`).test(f.text) ? n + 1 : n;
    }, 0);
  const best = Math.max(...candidates.map(score));
  let top = candidates.filter((f) => score(f) === best);
  // Still several (tables of one name in anonymous namespaces): the one
  // whose source holds the table's first text.
  const text = firstText(bytes);
  if (top.length > 1 && text) top = top.filter((f) => f.text.includes(text));
  if (top.length === 1) return top[0].file;
  // Of one layer all the same (a board core's variants each define the
  // pin tables): their common folder, for the layer.
  if (top.length > 1 && top.every((f) => layer(f.file) === layer(top[0].file))) {
    let dir = path.dirname(top[0].file);
    while (dir.length > 1 && !top.every((f) => f.file.startsWith(dir + '/'))) dir = path.dirname(dir);
    if (dir.length > 1) return `${dir}/`;
  }
  return undefined;
}

/** The file of a function of the same class as the member function `name` (undefined for others). */
function memberFile(name: string, funcFile: Map<string, string>): string | undefined {
  const paren = name.indexOf('(');
  if (paren < 0) return undefined;
  const head = name.slice(0, paren);
  const scope = head.slice(0, head.lastIndexOf('::'));
  if (!scope) return undefined;
  for (const [fn, file] of funcFile) if (fn.startsWith(scope + '::')) return file;
  return undefined;
}

/** addr2line's file for each address (undefined where the line table has none). */
function lineFiles(board: BoardProfile, elf: string, addrs: number[]): (string | undefined)[] {
  if (addrs.length === 0) return [];
  const out = execFileSync(tool(board, 'addr2line'), ['-e', elf], {
    input: addrs.map((a) => a.toString(16)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const lines = out.split('\n');
  return addrs.map((_, i) => {
    const m = (lines[i] ?? '').match(/^(.*):(\d+|\?)(?: \(discriminator \d+\))?$/);
    // (An LTO partition's own object, /tmp/cc*.ltrans7.o: the compiler lost
    // the function's source lines; it is placed by its symbol instead, and
    // its folder, the build machine's temporary one, is not read for sources.)
    return m && m[1] !== '??' && m[2] !== '0' && !/\.ltrans\d*\.o$/.test(m[1]) ? m[1] : undefined;
  });
}

/** The flash map of `elf`, a program built for `board`. */
export function flashMap(board: BoardProfile, elf: string, opts: FlashMapOptions = {}): FlashMap {
  // (The sections footprint() counts as flash: all but the NOBITS ones.)
  const flashSections = imageSections(board, elf).filter((s) => s.type !== 'NOBITS');
  const { syms, marks } = symbolTable(board, elf);
  // AVR: instructions are 2 or 4 bytes long, every one at an even address.
  const step = board.cpu.arch === 'avr' ? 2 : 1;
  const byLayer: Record<string, number> = {};
  const byFile: Record<string, number> = {};
  let total = 0;
  let codeBytes = 0;
  const add = (layer: string, key: string, n: number) => {
    byLayer[layer] = (byLayer[layer] ?? 0) + n;
    byFile[key] = (byFile[key] ?? 0) + n;
  };
  const addFile = (file: string, n: number) => {
    const l = layerOf(file, opts);
    add(l.layer, l.file, n);
  };
  // Pass 1: the line table of every code byte; the file of each function.
  const lineFile = new Map<Section, (string | undefined)[]>();
  const funcFile = new Map<string, string>();
  const seenDirs = new Set<string>();
  for (const sec of flashSections) {
    if (!sec.flags.includes('X')) continue;
    const addrs: number[] = [];
    for (let a = sec.addr; a < sec.addr + sec.size; a += step) addrs.push(a);
    const files = lineFiles(board, elf, addrs);
    lineFile.set(sec, files);
    for (const f of files) if (f) seenDirs.add(path.dirname(path.posix.normalize(f)));
    for (const s of syms) {
      if (s.addr < sec.addr || s.addr >= sec.addr + sec.size) continue;
      const f = files[Math.floor((s.addr - sec.addr) / step)];
      if (f && !funcFile.has(s.name)) funcFile.set(s.name, f);
    }
  }
  // Where data symbols are looked for: the SDK, the sketch, and the
  // folders of the other code (the board's core, with its variants).
  const dirs = new Set<string>([path.join(REPO, 'firmware/src')]);
  if (opts.sketchDir) dirs.add(path.resolve(opts.sketchDir));
  for (const d of seenDirs) {
    if (SDK_FILE.test(d + '/x') || (opts.sketchDir && d.startsWith(path.resolve(opts.sketchDir)))) continue;
    dirs.add(d);
    const core = d.match(/^(.*)\/cores\/[^/]+$/);
    if (core) dirs.add(`${core[1]}/variants`);
  }
  let sources: { file: string; text: string }[] | undefined;
  const dataFile = new Map<Sym, string | undefined>();
  const contents = new Map<Section, Uint8Array>();
  const fileOfData = (s: Sym, sec: Section): string | undefined => {
    if (!dataFile.has(s)) {
      sources ??= sourceFiles([...dirs]);
      if (!contents.has(sec)) contents.set(sec, sectionBytes(board, elf, sec.name));
      const bytes = contents.get(sec)!.subarray(s.addr - sec.addr, s.addr - sec.addr + s.size);
      dataFile.set(s, definingFile(s.name, funcFile, sources, bytes, (f) => layerOf(f, opts).layer));
    }
    return dataFile.get(s);
  };
  // Pass 2: every byte once.
  for (const sec of flashSections) {
    total += sec.size;
    const owner = new Array<Sym | undefined>(sec.size);
    for (const s of syms) {
      if (s.addr < sec.addr || s.addr >= sec.addr + sec.size) continue;
      for (let a = s.addr; a < s.addr + s.size && a < sec.addr + sec.size; ++a) {
        if (!owner[a - sec.addr]) owner[a - sec.addr] = s;  // (aliases: the first one holds the bytes)
      }
    }
    const files = lineFile.get(sec);
    let mark = -1;  // (marks are sorted by address: the last one at or before the byte)
    for (let off = 0; off < sec.size; ) {
      const n = files ? Math.min(step, sec.size - off) : 1;
      const lf = files?.[off / step];
      const s = owner[off];
      if (lf) {
        codeBytes += n;
        addFile(lf, n);
      } else if (s) {
        // (Code without source lines, e.g. a function whose lines the link-time
        // optimizer lost: the file of another member function of its class.)
        const f = fileOfData(s, sec) ?? (sec.flags.includes('X') ? memberFile(s.name, funcFile) : undefined);
        if (f) addFile(f, n);
        else if (/^_/.test(s.name) && !/^_Z/.test(s.name)) add(TOOLCHAIN_LAYER, s.name, n);
        else add('unattributed', s.name, n);
      } else {
        // In no sized symbol: the startup's code and tables (__vectors,
        // __ctors_end: sizeless toolchain symbols) or alignment.
        while (mark + 1 < marks.length && marks[mark + 1].addr <= sec.addr + off) ++mark;
        const before = mark >= 0 && marks[mark].addr <= sec.addr + off ? marks[mark] : undefined;
        if (before && /^__/.test(before.name)) add(TOOLCHAIN_LAYER, before.name, n);
        else add('unattributed', `(no symbol, ${sec.name})`, n);
      }
      off += n;
    }
  }
  const dataSymbols = [...dataFile.entries()].map(([sym, file]) => ({ name: sym.name, size: sym.size, file: file && layerOf(file, opts).file }));
  return { total, byLayer, byFile, codeBytes, dataSymbols };
}
