// arduino-builder, the Arduino IDE's build tool, as the simulator drives it:
// Debian's Arduino AVR core and a libraries folder holding only the
// Semilimes library (firmware/).
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../boards';

export const FIRMWARE_DIR = path.join(ROOT, 'firmware');
export const ARDUINO_HARDWARE = '/usr/share/arduino/hardware';

/** A libraries folder holding only `Semilimes` -> firmware/ (what the IDE's sketchbook would hold). */
export function libraryFolder(): string {
  const dir = path.join(ROOT, 'build', 'arduino-libraries');
  const link = path.join(dir, 'Semilimes');
  fs.mkdirSync(dir, { recursive: true });
  let ok = false;
  try {
    ok = fs.realpathSync(link) === fs.realpathSync(FIRMWARE_DIR);
  } catch {
    ok = false;
  }
  if (!ok) {
    fs.rmSync(link, { recursive: true, force: true });
    try {
      fs.symlinkSync(FIRMWARE_DIR, link, 'dir');
    } catch (e) {
      // another run made it at the same moment: fine if it points to firmware/
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || fs.realpathSync(link) !== fs.realpathSync(FIRMWARE_DIR)) throw e;
    }
  }
  return dir;
}

/** The arduino-builder command line for a sketch (the IDE's compile). */
export function arduinoBuilderArgs(fqbn: string, ino: string, buildDir: string, defines: string[] = []): string[] {
  const extra = ['-DDECIMAL_DIG=__DECIMAL_DIG__', ...defines.map((d) => `-D${d}`)].join(' ');
  return [
    '-compile',
    '-hardware', ARDUINO_HARDWARE,
    '-hardware', '/usr/share/arduino-builder',
    '-tools', '/usr/bin',
    '-libraries', libraryFolder(),
    '-fqbn', fqbn,
    '-build-path', buildDir,
    `-prefs=compiler.cpp.extra_flags=${extra}`,
    `-prefs=compiler.c.extra_flags=${extra}`,
    ino,
  ];
}

