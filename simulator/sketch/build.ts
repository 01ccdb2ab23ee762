// Builds an Arduino sketch folder (DIR/DIR-name.ino) for a board profile.
//
//   const b = buildSketch({ board: 'uno', sketch: 'examples/Hello' });
//   b.elf, b.hex (AVR), b.footprint.flashBytes, b.tool
//
// Boards with an Arduino AVR FQBN (uno, mega) go through arduino-builder with
// the real Arduino AVR core from Debian, exactly the IDE's path; the
// Semilimes library is firmware/ (linked into a private libraries folder).
// QEMU boards (cortex-m3, lx106) have no Arduino core here: the sketch is
// built with the minimal core in simulator/sketch/cores/<board>/ (see
// cores.ts) and the board's own toolchain and strict flags.
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { BoardProfile, loadBoard, ROOT } from '../boards';
import { BuildError, BuildResult } from '../build';
import { footprint } from '../elf';
import { arduinoBuilderArgs } from './arduino';
import { buildWithMiniCore } from './cores';

export { arduinoBuilderArgs, libraryFolder, FIRMWARE_DIR, ARDUINO_HARDWARE } from './arduino';

export interface SketchBuildRequest {
  board: string | BoardProfile;
  /** Sketch folder: DIR/<basename(DIR)>.ino (plus any .cpp/.h beside it). */
  sketch: string;
  /** Preprocessor definitions for the sketch, the library and the core: NAME or NAME=VALUE. */
  defines?: string[];
  /** Build directory (default build/<board>/sketch-<name>[-<hash of defines>]). Reused: rebuilds are incremental. */
  buildDir?: string;
}

export interface SketchBuild extends BuildResult {
  sketchName: string;
  /** 'arduino-builder' or 'minicore'. */
  tool: string;
  /** The compiler output (warnings, the IDE's size summary). */
  log: string;
  /** The definitions it was built with (SketchBuildRequest.defines). */
  defines: string[];
}

/** The .ino of a sketch folder; throws a readable error when it is missing. */
export function sketchMain(sketchDir: string): { dir: string; name: string; ino: string } {
  const dir = path.resolve(sketchDir);
  const name = path.basename(dir);
  const ino = path.join(dir, `${name}.ino`);
  if (!fs.existsSync(ino)) throw new BuildError(`${sketchDir}: no ${name}.ino (an Arduino sketch folder holds DIR/DIR-name.ino)`);
  return { dir, name, ino };
}

/** True when the board is built with arduino-builder and the Arduino AVR core. */
export function usesArduinoBuilder(board: BoardProfile): boolean {
  return board.cpu.arch === 'avr' && !!board.arduino?.fqbn.startsWith('arduino:avr:');
}

export function buildSketch(req: SketchBuildRequest): SketchBuild {
  const board = typeof req.board === 'string' ? loadBoard(req.board) : req.board;
  if (board.buildOnly) throw new BuildError(`board ${board.name} is build-only: its toolchain is not installed here`);
  const { name, ino } = sketchMain(req.sketch);
  // one build folder per sketch and set of definitions: incremental rebuilds, no thrashing between variants
  const tag = req.defines?.length ? `-${createHash('sha1').update(req.defines.join('\n')).digest('hex').slice(0, 8)}` : '';
  const dir = path.resolve(req.buildDir ?? path.join(ROOT, 'build', board.name, `sketch-${name}${tag}`));
  fs.mkdirSync(dir, { recursive: true });

  if (usesArduinoBuilder(board)) {
    const args = arduinoBuilderArgs(board.arduino!.fqbn, ino, dir, req.defines);
    const r = spawnSync('arduino-builder', args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
    if (r.error) throw new BuildError(`arduino-builder: ${r.error.message} (is the arduino-builder package installed?)`);
    const log = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new BuildError(`arduino-builder failed for ${board.name}:\n${log}`);
    const elf = path.join(dir, `${name}.ino.elf`);
    const hex = path.join(dir, `${name}.ino.hex`);
    if (!fs.existsSync(elf) || !fs.existsSync(hex)) throw new BuildError(`arduino-builder left no ${name}.ino.elf/.hex in ${dir}\n${log}`);
    return { board, dir, elf, hex, footprint: footprint(board, elf), sketchName: name, tool: 'arduino-builder', log, defines: req.defines ?? [] };
  }
  if (board.simulator.backend === 'qemu') {
    const b = buildWithMiniCore(board, ino, dir, req.defines ?? []);
    return { ...b, sketchName: name, tool: 'minicore', defines: req.defines ?? [] };
  }
  throw new BuildError(`board ${board.name}: no way to build Arduino sketches (no Arduino AVR FQBN, no simulator core)`);
}
