// `npm run bench`: the JSON parse benchmark on a simulated ATmega2560
// (avr8js, cycle-exact) plus the flash cost of writer + parser on the
// ATmega328P. Prints numbers and writes build/bench/json-parse.json; it makes
// no timing assertions (it fails only if the extraction itself is wrong).
// Both feeding styles are measured, each reading the input byte by byte from
// flash: pull (parser.parse(source) with sl::JsonFlashSource, the headline
// figure, profiled: plain-string runs are taken in a tight loop rather than
// one read() each; also with a generic Stream-like source whose read()
// compares a pointer with an end pointer, atmega2560.endPointerSource) and
// one feed() call per byte (atmega2560.perFeedCall). SL_BENCH_PROFILE=validate |
// feed | validate-feed profiles another build; SL_BENCH_LINES=N lists N lines.
//
// The client's own event reader on the same input (eventReader.ts,
// event_bench.cpp): every simulated board, its default parser and read size.
//
// ATmega328P flash: each size_probe.cpp build minus the bare program (which
// includes the probe's own handler and call sites), and beside it the firmware
// library's own share of the same link (flashShare.ts: the input sections
// taken from libsemilimes.a, read from the map file).
//
// Reference for the same input and job (bench/README in the shared folder, see test/helpers/paths.ts):
// ArduinoJson ~273 cycles/byte, jsmn ~72 cycles/byte; target <= 40.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../simulator/boards';
import { buildFirmwareLibrary, buildProgram } from '../../simulator/build';
import { runBuiltSync } from '../../simulator/run';
import { AvrMachine } from '../../simulator/avr/runner';
import { cyclesByFunction, cyclesByLine } from '../../simulator/avr/profile';
import { INPUT, writeInputHeader } from './benchInput';
import { byObjectText, flashShare, FlashShare } from './flashShare';
import { eventReaderLines, measureEventReader } from './eventReader';

const OUT_DIR = path.join(ROOT, 'build', 'bench');

// The project's targets (issue 7), printed next to each measured figure.
const TARGETS = {
  cyclesPerByte: 40, // the whole job (parse + path matching + value capture), pull and per feed()
  writerPlusParserFlashBytes: 3072, // ATmega328P, writer core + parser: their code in the link (libraryShareBytes)
};
const vs = (value: number | null, target: number) =>
  value === null ? 'not measured' : `${value} (target <= ${target}: ${value <= target ? 'met' : 'NOT met'})`;

function generateInputHeader(): string {
  const dir = path.join(OUT_DIR, 'gen');
  writeInputHeader(dir);
  return dir;
}

// A firmware source that does not compile right now is left out of the
// library; only the measurements that need it are lost.
function warnFailures(board: string, failures: { source: string; error: string }[]): void {
  for (const f of failures) console.error(`warning: ${f.source} does not compile for ${board}; measurements needing it are skipped`);
}

function main(): void {
  const inputLength = fs.statSync(INPUT).size;
  const genDir = generateInputHeader();
  const here = 'bench/json-parse';

  // 1. Parse on the ATmega2560, in both feeding styles: one feed() call per
  // byte (the sketch reads and hands over each byte) and pull-style
  // (JsonParser::parse(source) reads the bytes itself, one source.read() per
  // byte as from a Stream). Both read the input from flash, byte by byte.
  const megaLib = buildFirmwareLibrary('mega', 'fwlib-bench');
  warnFailures('mega', megaLib.failures);
  const build = (name: string, defines: string[]) =>
    buildProgram({
      board: 'mega',
      name,
      sources: [`${here}/parse_bench.cpp`],
      includeDirs: [genDir],
      defines,
      libraries: [megaLib.lib],
    });
  const measure = (b: ReturnType<typeof build>) => {
    const r = runBuiltSync(b, { maxCycles: 1e8 });
    const a = r.markers.find((m) => m.id === 1);
    const z = r.markers.find((m) => m.id === 2);
    if (!a || !z) throw new Error(`markers missing: ${JSON.stringify(r)}`);
    return { run: r, cycles: z.cycles - a.cycles };
  };
  const parseBuild = build('bench_json_parse_pull', ['BENCH_PULL']);
  const { run, cycles: parseCycles } = measure(parseBuild);
  const endSourceCycles = measure(build('bench_json_parse_pull_end', ['BENCH_PULL', 'BENCH_PULL_END'])).cycles;
  const feedBuild = build('bench_json_parse', []);
  const feed = measure(feedBuild);
  // The same feeding with the parser built -DSL_JSON_PARSER_SMALL=1 (no
  // inline path for one byte per feed(); see JsonParser.h).
  const megaSmall = buildFirmwareLibrary('mega', 'fwlib-bench-small', ['-DSL_JSON_PARSER_SMALL=1']);
  const smallFeedCycles = measure(
    buildProgram({
      board: 'mega',
      name: 'bench_json_parse_small',
      sources: [`${here}/parse_bench.cpp`],
      includeDirs: [genDir],
      defines: ['SL_JSON_PARSER_SMALL=1'],
      libraries: [megaSmall.lib],
    }),
  ).cycles;
  const feedCycles = feed.cycles;
  const found = run.serial.trim();
  const sizes = Object.fromEntries(
    [...found.matchAll(/(\w+)=(-?\d+)/g)].map((m) => [m[1], Number(m[2])]),
  ) as Record<string, number>;

  // 1b. Where the cycles go: the pull parse profiled per function, and the
  // parser alone (no handler, validation only), in both styles.
  // SL_BENCH_PROFILE=validate | feed | validate-feed profiles another build.
  const validateBuild = build('bench_json_validate_pull', ['BENCH_PULL', 'BENCH_VALIDATE_ONLY']);
  const validateFeedBuild = build('bench_json_validate', ['BENCH_VALIDATE_ONLY']);
  const profiled =
    { validate: validateBuild, feed: feedBuild, 'validate-feed': validateFeedBuild }[process.env.SL_BENCH_PROFILE ?? ''] ?? parseBuild;
  const m = new AvrMachine(profiled.board, fs.readFileSync(profiled.hex!, 'utf8'));
  const profile = m.enableProfile([1, 2]);
  m.run({ maxCycles: 1e8 });
  const byFunction = cyclesByFunction(profiled.board, profiled.elf, profile).slice(0, 16);
  const byLine = cyclesByLine(profiled.board, profiled.elf, profile, ROOT).slice(0, Number(process.env.SL_BENCH_LINES ?? 25));
  const validateCycles = measure(validateBuild).cycles;
  const validateFeedCycles = measure(validateFeedBuild).cycles;
  const feedOk = feed.run.exitCode === 0;

  // 1c. The same program on the QEMU boards: instructions (not cycles).
  const qemu: Record<string, { instructions: number; perByte: number; peakStackBytes: number | null } | string> = {};
  for (const board of ['cortex-m3', 'lx106']) {
    try {
      const lib = buildFirmwareLibrary(board, 'fwlib-bench');
      const b = buildProgram({
        board,
        name: 'bench_json_parse',
        sources: [`${here}/parse_bench.cpp`],
        includeDirs: [genDir],
        libraries: [lib.lib],
      });
      const q = runBuiltSync(b, { timeoutMs: 60000 });
      const a1 = q.markers.find((m) => m.id === 1);
      const a2 = q.markers.find((m) => m.id === 2);
      if (q.exitCode !== 0 || !a1 || !a2) throw new Error(`exit ${q.exitCode}: ${q.serial.trim()} ${q.diagnostics ?? ''}`);
      const n = a2.cycles - a1.cycles;
      qemu[board] = { instructions: n, perByte: Number((n / inputLength).toFixed(1)), peakStackBytes: q.peakStackBytes };
    } catch (e) {
      qemu[board] = `not measured: ${String((e as Error).message).split('\n')[0]}`;
    }
  }

  // 1d. What sl::Client runs on the same event: its event reader, every board.
  const eventReader = measureEventReader(genDir, inputLength);

  // 2. Flash of writer + parser on the ATmega328P (same program with and without).
  // The Uno's default is the compact parser (config/Config.h): the default
  // implementation is measured with SL_JSON_PARSER_SMALL=0 given explicitly.
  const unoLib = buildFirmwareLibrary('uno', 'fwlib-bench', ['-DSL_JSON_PARSER_SMALL=0']);
  warnFailures('uno', unoLib.failures);
  // Each probe's footprint plus the library's own share of its link (the
  // input sections taken from libsemilimes.a, read from the map file: see
  // flashShare.ts), which leaves out the probe's handler and call sites.
  const withShare = (b: ReturnType<typeof buildProgram>, lib: string) => ({
    ...b.footprint,
    share: flashShare(path.join(b.dir, 'program.map'), lib),
  });
  const probe = (name: string, defines: string[]) => {
    try {
      return withShare(
        buildProgram({
          board: 'uno',
          name: `bench_probe_${name}`,
          sources: [`${here}/size_probe.cpp`],
          defines: [...defines, 'SL_JSON_PARSER_SMALL=0'],
          libraries: [unoLib.lib],
        }),
        unoLib.lib,
      );
    } catch (e) {
      console.error(`warning: flash probe "${name}" does not build: ${String((e as Error).message).split('\n').slice(1, 3).join(' ')}`);
      return null;
    }
  };
  const unoSmall = buildFirmwareLibrary('uno', 'fwlib-bench-small', ['-DSL_JSON_PARSER_SMALL=1']);
  const probeSmall = (name: string, defines: string[]) => {
    try {
      return withShare(
        buildProgram({
          board: 'uno',
          name: `bench_probe_small_${name}`,
          sources: [`${here}/size_probe.cpp`],
          defines: [...defines, 'SL_JSON_PARSER_SMALL=1'],
          libraries: [unoSmall.lib],
        }),
        unoSmall.lib,
      );
    } catch (e) {
      console.error(`warning: flash probe "small ${name}" does not build: ${String((e as Error).message).split('\n').slice(1, 3).join(' ')}`);
      return null;
    }
  };
  const base = probe('base', [])!;
  const parserSmall = probeSmall('parser', ['PROBE_PARSER']);
  const bothCoreSmall = probeSmall('both_core', ['PROBE_PARSER', 'PROBE_WRITER', 'PROBE_WRITER_CORE']);
  const parserOnly = probe('parser', ['PROBE_PARSER']);
  const writerOnly = probe('writer', ['PROBE_WRITER']);
  const both = probe('both', ['PROBE_PARSER', 'PROBE_WRITER']);
  const writerCore = probe('writer_core', ['PROBE_WRITER', 'PROBE_WRITER_CORE']);
  const bothCore = probe('both_core', ['PROBE_PARSER', 'PROBE_WRITER', 'PROBE_WRITER_CORE']);
  const parserPull = probe('parser_pull', ['PROBE_PARSER', 'PROBE_PULL']);
  const bothPull = probe('both_pull', ['PROBE_PARSER', 'PROBE_PULL', 'PROBE_WRITER']);
  const delta = (f: { flashBytes: number; staticRamBytes: number } | null, k: 'flashBytes' | 'staticRamBytes') =>
    f ? f[k] - base[k] : null;
  const share = (f: { share: FlashShare } | null) => (f ? f.share.library : null);
  const objects = (f: { share: FlashShare } | null) => (f ? f.share.libraryByObject : null);

  const result = {
    input: path.basename(INPUT),
    inputBytes: inputLength,
    atmega2560: {
      extracted: { lamp: sizes.lamp === 1, dim: sizes.dim },
      parseCycles,
      cyclesPerByte: Number((parseCycles / inputLength).toFixed(1)),
      endPointerSource: { parseCycles: endSourceCycles, cyclesPerByte: Number((endSourceCycles / inputLength).toFixed(1)) },
      validateOnlyCycles: validateCycles,
      validateOnlyCyclesPerByte: Number((validateCycles / inputLength).toFixed(1)),
      perFeedCall: {
        parseCycles: feedCycles,
        cyclesPerByte: Number((feedCycles / inputLength).toFixed(1)),
        validateOnlyCyclesPerByte: Number((validateFeedCycles / inputLength).toFixed(1)),
        extractedOk: feedOk,
        smallParserCyclesPerByte: Number((smallFeedCycles / inputLength).toFixed(1)),
      },
      cyclesByFunction: byFunction.map((f) => ({ name: f.name, cycles: f.cycles, perByte: Number((f.cycles / inputLength).toFixed(1)) })),
      hottestLines: byLine.map((l) => ({ line: l.line, cycles: l.cycles, perByte: Number((l.cycles / inputLength).toFixed(1)) })),
      parseMicrosecondsAt16MHz: Number((parseCycles / 16).toFixed(0)),
      parserRamBytes: sizes.sizeofParser,
      pathMatcherRamBytes: sizes.sizeofMatcher,
      handlerRamBytes: sizes.sizeofHandler,
      programPeakStackBytes: run.peakStackBytes,
      programStaticRamBytes: run.staticRamBytes,
      programFlashBytes: run.flashBytes,
      heapBytes: run.heapBytes,
    },
    qemuInstructions: qemu,
    eventReader,
    atmega328p: {
      flashBytes: {
        baseline: base.flashBytes,
        parser: delta(parserOnly, 'flashBytes'),
        writer: delta(writerOnly, 'flashBytes'),
        writerPlusParser: delta(both, 'flashBytes'),
        writerCore: delta(writerCore, 'flashBytes'),
        writerCorePlusParser: delta(bothCore, 'flashBytes'),
        parserSmall: delta(parserSmall, 'flashBytes'),
        writerCorePlusParserSmall: delta(bothCoreSmall, 'flashBytes'),
        parserPull: delta(parserPull, 'flashBytes'),
        writerPlusParserPull: delta(bothPull, 'flashBytes'),
      },
      // The firmware library's own share of the same links: the sizes of the
      // input sections (functions, switch and PROGMEM tables, initialized
      // data) taken from libsemilimes.a's objects, read from each probe's
      // program.map. Not counted: the probe's own code (its handler, the
      // handler's vtable, the call sites in main), board support, libgcc
      // helpers, startup code. The flashBytes figures above are the whole
      // program minus the bare one, so they include the probe's code.
      libraryShareBytes: {
        parser: share(parserOnly),
        writer: share(writerOnly),
        writerPlusParser: share(both),
        writerCore: share(writerCore),
        writerCorePlusParser: share(bothCore),
        parserSmall: share(parserSmall),
        writerCorePlusParserSmall: share(bothCoreSmall),
        parserPull: share(parserPull),
        writerPlusParserPull: share(bothPull),
      },
      libraryShareByObject: {
        parserSmall: objects(parserSmall),
        writerCore: objects(writerCore),
        writerCorePlusParserSmall: objects(bothCoreSmall),
      },
      staticRamBytes: {
        parser: delta(parserOnly, 'staticRamBytes'),
        writer: delta(writerOnly, 'staticRamBytes'),
        writerPlusParser: delta(both, 'staticRamBytes'),
      },
    },
    reference: { arduinoJsonCyclesPerByte: 273, jsmnCyclesPerByte: 72 },
    targets: TARGETS,
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'json-parse.json'), JSON.stringify(result, null, 2) + '\n');

  const a = result.atmega2560;
  const f = result.atmega328p.flashBytes;
  console.log(`json-parse benchmark: ${result.input} (${inputLength} bytes), read byte by byte from PROGMEM`);
  console.log(`  ATmega2560 (avr8js), pull with sl::JsonFlashSource (parser.parse(source); bytes read one at a time from flash, no buffer; runs of plain string bytes in a tight loop instead of one read() each): ${parseCycles} cycles = ${vs(a.cyclesPerByte, TARGETS.cyclesPerByte)} cycles/byte (${a.parseMicrosecondsAt16MHz} us at 16 MHz)`);
  console.log(`    parser alone (no handler): ${validateCycles} cycles = ${a.validateOnlyCyclesPerByte} cycles/byte`);
  console.log(`    pull with a generic Stream-like source (one read() per byte, end found by comparing pointers): ${endSourceCycles} cycles = ${vs(a.endPointerSource.cyclesPerByte, TARGETS.cyclesPerByte)} cycles/byte`);
  console.log(`  ATmega2560 (avr8js), one feed() call per byte: ${feedCycles} cycles = ${vs(a.perFeedCall.cyclesPerByte, TARGETS.cyclesPerByte)} cycles/byte; parser alone ${a.perFeedCall.validateOnlyCyclesPerByte}`);
  console.log(`    by function: ${a.cyclesByFunction.map((f) => `${f.name.replace(/\(anonymous namespace\)::/g, '').replace(/\(.*$/, '')} ${f.perByte}`).join(', ')}`);
  console.log(`    extracted lamp=${a.extracted.lamp} dim=${a.extracted.dim}; exit ${run.exitCode}`);
  console.log(`    RAM: parser ${a.parserRamBytes} B + path matcher ${a.pathMatcherRamBytes} B + handler with captures ${a.handlerRamBytes} B; program static ${a.programStaticRamBytes} B, peak stack ${a.programPeakStackBytes} B, heap ${a.heapBytes}`);
  for (const [board, q] of Object.entries(qemu)) {
    console.log(`  ${board} (QEMU, instructions): ${typeof q === 'string' ? q : `${q.instructions} = ${q.perByte} instructions/byte`}`);
  }
  for (const line of eventReaderLines(eventReader)) console.log(line);
  // The issue's target is the flash of writer + parser: the library's
  // share below. The whole-program growth also holds the probe's own code
  // (its handler with JsonNumber::toInt32 calls, the handler's vtable and
  // the writer/parser call sites in main), printed for context.
  console.log(`  ATmega328P flash, whole probe program minus the bare one (baseline ${f.baseline} B; includes the probe's handler, its vtable and call sites):`);
  console.log(`    parser ${f.parser} B; writer core (no float) ${f.writerCore} B, writer core + parser ${f.writerCorePlusParser} B`);
  console.log(`    built with SL_JSON_PARSER_SMALL=1: parser ${f.parserSmall} B, writer core + parser ${f.writerCorePlusParserSmall} B (one feed() per byte then ${a.perFeedCall.smallParserCyclesPerByte} cycles/byte)`);
  console.log(`    with the writer's float formatting: writer ${f.writer} B, writer+parser ${f.writerPlusParser} B`);
  console.log(`    parser used through parse(source) only: ${f.parserPull} B, writer+parser ${f.writerPlusParserPull} B`);
  const ls = result.atmega328p.libraryShareBytes;
  const lo = result.atmega328p.libraryShareByObject;
  const objs = (o: Record<string, number> | null) => (o ? byObjectText({ libraryByObject: o } as FlashShare) : 'not measured');
  console.log(`  ATmega328P flash, the library's own share of the same links (input sections from libsemilimes.a in program.map; without the probe's handler, vtable and call sites, libgcc, board support):`);
  console.log(`    parser ${ls.parser} B; writer core ${ls.writerCore} B, writer core + parser ${ls.writerCorePlusParser} B; with float formatting: writer ${ls.writer} B, writer+parser ${ls.writerPlusParser} B; parse(source) only (its loop is inlined into the probe's main, so outside this share): parser ${ls.parserPull} B, writer+parser ${ls.writerPlusParserPull} B`);
  console.log(`    SL_JSON_PARSER_SMALL=1 (the Uno's default): parser ${ls.parserSmall} B (${objs(lo.parserSmall)}), writer core ${ls.writerCore} B (${objs(lo.writerCore)}), writer core + parser ${vs(ls.writerCorePlusParserSmall, TARGETS.writerPlusParserFlashBytes)} B (${objs(lo.writerCorePlusParserSmall)})`);
  console.log(`  reference: ArduinoJson ~273 cycles/byte, jsmn ~72; target <= ${TARGETS.cyclesPerByte}`);
  console.log(`  written: build/bench/json-parse.json`);
  if (run.exitCode !== 0 || !feedOk) {
    console.error(`extraction failed: ${found} / per feed(): ${feed.run.serial.trim()}`);
    process.exit(1);
  }
}

main();
