// The firmware's C++ unit tests (test/firmware/**/*_test.cpp, picked up
// automatically) built for simulated boards and run there: one jest test per
// C++ TEST_CASE per board. Console: AVR USART0 (avr8js), Cortex-M3 UART0
// (QEMU mps2-an385), lx106 semihosting (QEMU xtensa sim).
//
// A suite that does not fit a board (its flash, its static RAM, or static RAM
// plus the deepest stack of its run; the Uno has 32 KB and 2 KB) is skipped
// there with its figures only where the file says it is expected not to fit
// ("does-not-fit" below). Anywhere else not fitting fails, so a suite that
// grows out of a board is never quietly skipped; and a declared suite that
// fits fails too ("fits now"), so the declarations stay true.
// Figures per suite and board go to build/boards-report.json.
//
// A test file can steer its board build with comment lines:
//   // sl-board-test: flags -DSL_X=16 -DSL_Y=8    (extra compile flags; they
//                                                 build the firmware library
//                                                 too: a class sized by SL_X
//                                                 must have one layout)
//   // sl-board-test: boards mega,cortex-m3       (only these boards)
//   // sl-board-test: skip <reason>               (host-only file)
//   // sl-board-test: max-cycles 1.5e9            (AVR cycle limit, default 3e8)
//   // sl-board-test: does-not-fit uno <why>      (expected not to fit these
//                                                 boards, comma-separated)
// FILE_CONFIG below holds the same for files that do not say it themselves.
// SL_TEST_BOARDS=uno,mega narrows the boards, SL_TEST_FILES=json/,ws/crypto
// the files (any part of the path under test/firmware).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { defineSlCases, parseSlTest, ROOT } from '../helpers/cpp';
import { loadBoard } from '../../simulator/boards';
import { buildFirmwareLibrary, buildProgram, BuildResult } from '../../simulator/build';
import { runBuiltSync, RunReport } from '../../simulator/run';

const BOARDS = (process.env.SL_TEST_BOARDS ?? 'mega,uno,cortex-m3,lx106').split(',');

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('_test.cpp')) out.push(path.relative(ROOT, p));
  }
  return out.sort();
}

const FILE_FILTER = (process.env.SL_TEST_FILES ?? '').split(',').filter(Boolean);
const TESTS = findTests(path.join(ROOT, 'test', 'firmware')).filter(
  (f) => FILE_FILTER.length === 0 || FILE_FILTER.some((part) => f.includes(part)),
);

interface FileConfig {
  flags?: string[];
  /** AVR cycle limit (default 3e8, about 19 s of a 16 MHz part). */
  maxCycles?: number;
  boards?: string[];
  skip?: string;
  /** Boards this suite is expected not to fit, with why. */
  doesNotFit?: { boards: string[]; why: string };
}

const FILE_CONFIG: Record<string, FileConfig> = {
  // same small buffers as its host suite (test/firmware/modem.test.ts) so chunking shows
  'test/firmware/modem/esp_at_transport_test.cpp': {
    flags: ['-DSL_ESPAT_RX_BUFFER=16', '-DSL_ESPAT_TX_BUFFER=16', '-DSL_ESPAT_RECV_CHUNK=8'],
    // every scenario replayed at every byte boundary: ~360 M instructions on
    // the Cortex-M3, ~1.38 G cycles on the uno and 1.43 G on the mega (the
    // scripts are read from flash there)
    maxCycles: 2e9,
  },
  // the same small buffers; its timeout case waits out 15 s of fake clock a
  // look at a time
  'test/firmware/modem/espat_connect_step_test.cpp': {
    flags: ['-DSL_ESPAT_RX_BUFFER=16', '-DSL_ESPAT_TX_BUFFER=16', '-DSL_ESPAT_RECV_CHUNK=8'],
    maxCycles: 1e9,
  },
  // the same small buffers; its timeout case waits out 20 s of fake clock
  'test/firmware/modem/espat_wifi_test.cpp': {
    flags: ['-DSL_ESPAT_RX_BUFFER=16', '-DSL_ESPAT_TX_BUFFER=16', '-DSL_ESPAT_RECV_CHUNK=8'],
    maxCycles: 1e9,
  },
  // the fake Arduino core (Print/Stream/millis) as in modem.test.ts
  'test/firmware/modem/arduino_adapter_test.cpp': { flags: ['-DARDUINO', '-I', 'test/firmware/fakes'] },
  'test/firmware/provisioning/keystore_backends_test.cpp': {
    skip: 'host-only: FileNvStorage is POSIX; the Arduino backends run against host fakes in provisioning.test.ts',
  },
};

function fileConfig(file: string): FileConfig {
  const cfg: FileConfig = { ...(FILE_CONFIG[file] ?? {}) };
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  for (const m of text.matchAll(/^\s*\/\/\s*sl-board-test:\s*(flags|boards|skip|max-cycles|does-not-fit)\b\s*(.*)$/gm)) {
    const value = m[2].trim();
    if (m[1] === 'max-cycles') cfg.maxCycles = Number(value);
    else if (m[1] === 'does-not-fit') {
      const [list, ...why] = value.split(/\s+/);
      cfg.doesNotFit = { boards: (list ?? '').split(',').filter(Boolean), why: why.join(' ') };
    }
    else if (m[1] === 'flags') cfg.flags = [...(cfg.flags ?? []), ...value.split(/\s+/).filter(Boolean)];
    else if (m[1] === 'boards') cfg.boards = value.split(/[\s,]+/).filter(Boolean);
    else cfg.skip = value || 'skipped by the file';
  }
  return cfg;
}
// The flags that matter to the firmware library: defines (-D/-U) and include
// dirs (-I, e.g. a fake Arduino core when -DARDUINO), relative paths from ROOT.
function libraryFlags(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    if (f === '-I' && i + 1 < flags.length) out.push('-I', path.resolve(ROOT, flags[++i]));
    else if (f.startsWith('-I')) out.push('-I', path.resolve(ROOT, f.slice(2)));
    else if (/^-[DU]/.test(f)) out.push(f);
  }
  return out;
}

const figures: Record<string, unknown>[] = [];

afterAll(() => {
  const file = path.join(ROOT, 'build', 'boards-report.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(figures, null, 2) + '\n');
});

test('finds the C++ test files', () => {
  if (FILE_FILTER.length === 0) expect(TESTS).toContain('test/firmware/io/sink_test.cpp');
  else expect(TESTS.length).toBeGreaterThan(0); // SL_TEST_FILES matched something
});

for (const boardName of BOARDS) {
  const board = loadBoard(boardName);
  describe(`on ${boardName}`, () => {
    let lib: string;
    // A file's flags (SL_ESPAT_RX_BUFFER=16, ...) change class layouts, so the
    // firmware library it links must be compiled with the same flags: a test
    // object with 16-byte buffers linked against a library built with the
    // defaults writes past the object (an ODR violation, not a firmware bug).
    const libs = new Map<string, string>();
    const libraryFor = (flags: string[]): string => {
      const key = flags.join(' ');
      let l = libs.get(key);
      if (!l) {
        const tag = key ? `fwlib-tests-${createHash('sha1').update(key).digest('hex').slice(0, 10)}` : 'fwlib-tests';
        const fw = buildFirmwareLibrary(board, tag, flags);
        if (fw.failures.length) throw new Error(fw.failures.map((f) => `${f.source}: ${f.error}`).join('\n'));
        l = fw.lib;
        libs.set(key, l);
      }
      return l;
    };
    try {
      const fw = buildFirmwareLibrary(board, 'fwlib-tests');
      lib = fw.lib;
      libs.set('', lib);
      for (const f of fw.failures) {
        test(`${f.source} compiles`, () => {
          throw new Error(f.error);
        });
      }
    } catch (e) {
      test('firmware library builds', () => {
        throw e;
      });
      return;
    }
    for (const file of TESTS) {
      // component/name_test: basenames repeat across components (ws/client_test, client/client_test)
      const suite = path.relative(path.join(ROOT, 'test', 'firmware'), path.join(ROOT, file)).replace(/\.cpp$/, '');
      const cfg = fileConfig(file);
      describe(suite, () => {
        if (cfg.skip) {
          test.skip(cfg.skip, () => undefined);
          return;
        }
        if (cfg.boards && !cfg.boards.includes(boardName)) {
          test.skip(`not for ${boardName} (boards: ${cfg.boards.join(', ')})`, () => undefined);
          return;
        }
        // Skipped where the file expects it; a failure anywhere else.
        const expectedNotToFit = cfg.doesNotFit?.boards.includes(boardName) ?? false;
        const doesNotFit = (what: string): void => {
          if (expectedNotToFit) {
            test.skip(`does not fit ${boardName} (declared: ${cfg.doesNotFit!.why}): ${what}`, () => undefined);
          } else {
            test(`fits ${boardName}`, () => {
              throw new Error(
                `${suite} does not fit ${boardName}: ${what}. If that is expected, say so in the file: // sl-board-test: does-not-fit ${boardName} <why>`,
              );
            });
          }
        };
        let built: BuildResult;
        try {
          built = buildProgram({
            board,
            name: `test_${suite.replace(/[\\/]/g, '_')}`,
            sources: [file, 'simulator/support/sltest_main.cpp'],
            includeDirs: [path.dirname(file)],
            flags: cfg.flags,
            libraries: [cfg.flags?.length ? libraryFor(libraryFlags(cfg.flags)) : lib],
          });
        } catch (e) {
          const msg = String((e as Error).message);
          if (/region [`']?\S+[`']? overflowed|will not fit in region|is not within region/.test(msg)) {
            const what = msg.split('\n').find((l) => /overflowed|not within region|will not fit/.test(l)) ?? '';
            doesNotFit(`${what.replace(/^.*ld: /, '').replace(/\/\S+\/program\.elf/, 'program.elf').slice(0, 160)}`);
          } else {
            test('builds', () => {
              throw e;
            });
          }
          return;
        }
        const ram = board.memory.ramBytes;
        if (built.footprint.staticRamBytes >= ram) {
          doesNotFit(`${built.footprint.staticRamBytes} B static RAM, board has ${ram}`);
          return;
        }
        const r: RunReport = runBuiltSync(built, { maxCycles: cfg.maxCycles ?? 3e8, timeoutMs: 120000 });
        figures.push({
          board: boardName,
          suite,
          flashBytes: r.flashBytes,
          staticRamBytes: r.staticRamBytes,
          peakStackBytes: r.peakStackBytes,
          peakRamBytes: r.peakRamBytes,
          cycles: r.cycles,
          instructions: r.instructions,
          exitCode: r.exitCode,
          stopReason: r.stopReason,
        });
        if (r.stopReason === 'stack-overflow' || (r.peakRamBytes !== null && r.peakRamBytes > ram)) {
          doesNotFit(`${r.staticRamBytes} B static + ${r.peakStackBytes}${r.stopReason === 'stack-overflow' ? '+' : ''} B stack > ${ram} B RAM`);
          return;
        }
        if (expectedNotToFit) {
          test(`fits now (declared does-not-fit ${boardName}): remove ${boardName} from the file's does-not-fit line`, () => {
            throw new Error(
              `${suite} fits ${boardName}: ${r.flashBytes} B flash, ${r.staticRamBytes} B static + ${r.peakStackBytes} B stack of ${ram} B RAM`,
            );
          });
        }
        const { cases, summary } = parseSlTest(r.serial);
        defineSlCases(cases);
        test('runs to completion', () => {
          if (!summary) {
            throw new Error(
              `no summary line; stop ${r.stopReason} exit ${r.exitCode}\n${r.diagnostics ?? ''}\n${r.serial.slice(-2000)}`,
            );
          }
          expect(cases.length).toBeGreaterThan(0);
          expect(summary.passed + summary.failed).toBe(cases.length);
          expect(r.exitCode).toBe(Math.min(summary.failed, 255));
          expect(r.heapSymbols).toEqual([]);
        });
      });
    }
  });
}
