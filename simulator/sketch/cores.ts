// The minimal Arduino cores (simulator/sketch/cores/) for QEMU boards, which
// have no Arduino core here: common/ holds the Arduino API (Arduino.h, Print,
// Stream, HardwareSerial, Client, main), <board>/hal.c binds it to the
// board's UARTs / semihosting and timer.
//
// A sketch builds like the IDE would: the .ino becomes a .cpp with
// `#include <Arduino.h>` on top and prototypes for its functions, made by
// arduino-builder's own preprocessing (run for the Mega, whose Serial1 and
// HAVE_HWSERIAL1 match these cores; when that fails, e.g. for a sketch that
// includes a library only another platform has, the .ino is used as is:
// declare functions before use), the Semilimes library (firmware/src) is archived with ARDUINO
// defined and linked with --gc-sections, all with the board's toolchain and
// the firmware's strict flags (warnings are not errors in the sketch itself).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BoardProfile, ROOT } from '../boards';
import { arduinoBuilderArgs } from './arduino';
import { spawnSync } from 'child_process';
import { buildFirmwareLibrary, buildProgram, BuildError, BuildResult, FirmwareLibrary, FIRMWARE_SRC } from '../build';

export const CORES_DIR = path.join(ROOT, 'simulator', 'sketch', 'cores');
/** The Arduino version the cores claim (as arduino-builder passes -DARDUINO=...). */
export const ARDUINO_VERSION = '10819';

export function coreSources(board: BoardProfile): string[] {
  const boardDir = path.join(CORES_DIR, board.name);
  if (!fs.existsSync(path.join(boardDir, 'hal.c'))) throw new BuildError(`no minimal Arduino core for ${board.name} in ${boardDir}`);
  const common = path.join(CORES_DIR, 'common');
  return [
    ...fs.readdirSync(common).filter((f) => f.endsWith('.cpp')).sort().map((f) => path.join(common, f)),
    path.join(boardDir, 'hal.c'),
  ];
}

/** The .ino as a C++ translation unit (Arduino.h first, #line keeps diagnostics on the .ino). */
export function inoToCpp(ino: string, out: string): void {
  const text = fs.readFileSync(ino, 'utf8');
  fs.writeFileSync(out, `#include <Arduino.h>\n#line 1 ${JSON.stringify(ino)}\n${text}${text.endsWith('\n') ? '' : '\n'}`);
}

/** Size + mtime of every file under `dir` (what a rebuild depends on). */
function treeState(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) treeState(p, out);
    else {
      const st = fs.statSync(p);
      out.push(`${p} ${st.size} ${st.mtimeMs}`);
    }
  }
  return out;
}

/**
 * buildFirmwareLibrary, skipped when nothing it depends on changed since the
 * last build into the same folder (firmware/src, the cores, flags, toolchain):
 * the library is most of a minicore build's time.
 */
function cachedFirmwareLibrary(board: BoardProfile, name: string, flags: string[]): FirmwareLibrary {
  const dir = path.join(ROOT, 'build', board.name, name);
  const stampFile = path.join(dir, 'inputs.sha1');
  const stamp = createHash('sha1')
    .update(JSON.stringify({ flags, toolchain: board.toolchain }))
    .update(treeState(FIRMWARE_SRC).join('\n'))
    .update(treeState(path.join(CORES_DIR, 'common')).join('\n'))
    .digest('hex');
  const lib = path.join(dir, 'libsemilimes.a');
  const failuresFile = path.join(dir, 'failures.json');
  if (fs.existsSync(lib) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    return { lib, failures: fs.existsSync(failuresFile) ? JSON.parse(fs.readFileSync(failuresFile, 'utf8')) : [] };
  }
  const built = buildFirmwareLibrary(board, name, flags);
  fs.writeFileSync(failuresFile, JSON.stringify(built.failures));
  fs.writeFileSync(stampFile, stamp);
  return built;
}

/**
 * The .ino as arduino-builder turns it into C++ (Arduino.h, prototypes,
 * #line), or null when arduino-builder is missing or fails on the sketch.
 */
export function arduinoPreprocess(ino: string, dir: string, defines: string[]): string | null {
  const out = path.join(dir, 'preprocess');
  fs.mkdirSync(out, { recursive: true });
  const args = arduinoBuilderArgs('arduino:avr:mega:cpu=atmega2560', ino, out, defines).map((a) => (a === '-compile' ? '-preprocess' : a));
  const r = spawnSync('arduino-builder', args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
  const cpp = path.join(out, 'sketch', `${path.basename(ino)}.cpp`);
  if (r.error || r.status !== 0 || !fs.existsSync(cpp)) return null;
  return fs.readFileSync(cpp, 'utf8');
}

export function buildWithMiniCore(board: BoardProfile, ino: string, dir: string, defines: string[]): BuildResult & { log: string } {
  const name = path.basename(ino, '.ino');
  const arduinoDefines = [`ARDUINO=${ARDUINO_VERSION}`, `ARDUINO_SL_SIM_${board.name.replace(/\W/g, '_').toUpperCase()}`];
  const common = path.join(CORES_DIR, 'common');
  const lib = cachedFirmwareLibrary(board, path.join(path.relative(path.join(ROOT, 'build', board.name), dir), 'lib'), [
    ...[...arduinoDefines, ...defines].map((d) => `-D${d}`),
    '-I',
    common,
  ]);
  const src = path.join(dir, `${name}.ino.cpp`);
  const preprocessed = arduinoPreprocess(ino, dir, defines);
  if (preprocessed !== null) fs.writeFileSync(src, preprocessed);
  else inoToCpp(ino, src);
  // The sketch folder's own .cpp/.c files, as the IDE compiles them.
  const extra = fs
    .readdirSync(path.dirname(ino))
    .filter((f) => /\.(cpp|c)$/.test(f))
    .map((f) => path.join(path.dirname(ino), f));
  const b = buildProgram({
    board,
    name: path.relative(path.join(ROOT, 'build', board.name), dir),
    sources: [...coreSources(board), src, ...extra],
    includeDirs: [common, path.dirname(ino)],
    defines: [...arduinoDefines, ...defines],
    flags: ['-Wno-error'],
    libraries: [lib.lib],
  });
  const log = lib.failures.map((f) => `library source left out: ${f.source}\n${f.error}`).join('\n');
  return { ...b, log };
}
