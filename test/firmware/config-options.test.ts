// One set of SDK options for the whole build (firmware/src/config/Config.h):
// a sketch that #defines an option to another value than the library was
// compiled with must not link (in the Arduino IDE a #define in the sketch
// reaches only the sketch's file, and the two sides would disagree on class
// layouts); the same value, or none, links.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../../simulator/boards';
import { buildSketch } from '../../simulator/sketch/build';

const CONFIG = path.join(ROOT, 'firmware', 'src', 'config', 'Config.h');

test('SL_OPTIONS lists every option of Config.h, once', () => {
  const text = fs.readFileSync(CONFIG, 'utf8');
  const options = [...text.matchAll(/^#ifndef (SL_[A-Z0-9_]+)$/gm)].map((m) => m[1]).filter((o) => o !== 'SL_CONFIG_CONFIG_H');
  const macro = /^#define SL_OPTIONS\(X\)((?:.*\\\n)*.*)$/m.exec(text);
  expect(macro).not.toBeNull();
  const listed = [...macro![1].matchAll(/X\((SL_[A-Z0-9_]+)\)/g)].map((m) => m[1]);
  expect(new Set(listed).size).toBe(listed.length);
  expect([...listed].sort()).toEqual([...options].sort());
});

const CHECK = /undefined reference to `sl::detail::LibraryBuiltWithOtherSlOptions_SetThemForTheWholeBuild_SeeConfigH<\d+u?l?>::check\(\)'/;

// A sketch that uses the client (its layout depends on the option), with
// `line` before its #include.
function build(board: string, line: string): () => unknown {
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slopts-'));
    const sk = path.join(dir, 'Opts');
    fs.mkdirSync(sk);
    fs.writeFileSync(
      path.join(sk, 'Opts.ino'),
      `${line}\n#include <Semilimes.h>\nsl::Client client;\nvoid setup() { client.random().seed(1); }\nvoid loop() { client.loop(); }\n`,
    );
    try {
      return buildSketch({ board, sketch: sk, buildDir: path.join(dir, 'build') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

for (const board of ['uno', 'cortex-m3']) {
  describe(`${board} (Arduino build)`, () => {
    test('a sketch that #defines SL_CLIENT_OUTBOX_BYTES to another value does not link', () => {
      expect(build(board, '#define SL_CLIENT_OUTBOX_BYTES 200')).toThrow(CHECK);
    }, 240000);
    test('the same value as the library, or none, links', () => {
      const outbox = board === 'uno' ? 256 : 2048; // Config.h's defaults
      expect(build(board, `#define SL_CLIENT_OUTBOX_BYTES ${outbox}`)).not.toThrow();
      expect(build(board, '')).not.toThrow();
    }, 240000);
  });
}
