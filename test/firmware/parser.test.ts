import * as path from 'path';
import { defineSlTestSuite } from '../helpers/cpp';
import { ROOT } from '../../simulator/boards';
import { runProgramSync } from '../../simulator/run';
import { buildFirmwareLibrary, buildProgram } from '../../simulator/build';
import { VARIANTS, writeInputHeader } from '../../bench/json-parse/benchInput';

// The parser-side JSON sources.
const jsonSources = [
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonPathMatcher.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
];

// parser_test.cpp's cases are in two parts (one program for the Uno's flash
// holds one part; boards.test.ts builds each alone): part 1 from the file
// itself (the flag), part 2 from parser_test_part2_test.cpp, linked here into
// one program with every case.
const parts = ['-DSL_JSON_PARSER_TEST_PART=1'];
const sources = [
  'test/firmware/json/parser_test.cpp',
  'test/firmware/json/parser_test_part2_test.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'test/firmware/support/host_main.cpp',
];

defineSlTestSuite('json parser (host g++)', { name: 'json_parser', sources, flags: parts });
defineSlTestSuite('json parser (host clang++, ASan+UBSan)', {
  name: 'json_parser_clang',
  sources,
  compiler: 'clang++',
  flags: [...parts, '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});

// The same tests against the compact implementation (SL_JSON_PARSER_SMALL=1):
// the same public API, events and errors.
defineSlTestSuite('json parser, SL_JSON_PARSER_SMALL=1 (host g++)', {
  name: 'json_parser_small',
  sources,
  flags: [...parts, '-DSL_JSON_PARSER_SMALL=1'],
});
defineSlTestSuite('json parser, SL_JSON_PARSER_SMALL=1 (host clang++, ASan+UBSan)', {
  name: 'json_parser_small_clang',
  sources,
  compiler: 'clang++',
  flags: [...parts, '-DSL_JSON_PARSER_SMALL=1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});

const pathSources = [
  'test/firmware/json/parser_path_test.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonPathMatcher.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
  'test/firmware/support/host_main.cpp',
];
defineSlTestSuite('json path matcher (host g++)', { name: 'json_path', sources: pathSources });
defineSlTestSuite('json path matcher (host clang++, ASan+UBSan)', {
  name: 'json_path_clang',
  sources: pathSources,
  compiler: 'clang++',
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
defineSlTestSuite('json path matcher, SL_JSON_PARSER_SMALL=1 (host g++)', {
  name: 'json_path_small',
  sources: pathSources,
  flags: ['-DSL_JSON_PARSER_SMALL=1'],
});

// The parse benchmark on a simulated ATmega2560 (avr8js): the 728-byte form
// submission event through JsonParser + JsonPathMatcher, extracting `lamp`
// and `dim`, fed whole / in 16-byte chunks / byte by byte, plus validation
// alone, plus pull-style (parser.parse(source), one read() per byte from
// flash, with a generic source and with sl::JsonFlashSource). Checks the
// answers, and guards against regressions with bounds a little above the
// measured cycles per byte (37.6 / 71.4 / 109.5 / 26.5 / 55.9 / 34.5 at
// the time of writing; the project target is 40 for the extraction, checked
// by npm run bench).
// Here parse<FlashSource> is compiled out of line (the source is reached
// through a reference); npm run bench, where it is inlined into main,
// measures ~39.8 (checked below). The last figure is
// parse(sl::JsonFlashSource&) (~34.7 in npm run bench).
describe('json parser benchmark on ATmega2560 (avr8js)', () => {
  const bytes = 728;
  test('extracts lamp and dim in every feeding mode, within the cycle bounds', () => {
    const r = runProgramSync(
      { board: 'mega', name: 'json_parser_bench', sources: ['test/firmware/json/parser_bench_avr.cpp', ...jsonSources] },
      { maxCycles: 5e7 },
    );
    expect(r.serial).toBe(
      'mode 0 lamp 1 dim 75 ok\nmode 1 lamp 1 dim 75 ok\nmode 2 lamp 1 dim 75 ok\nmode 3 lamp 1 dim 75 ok\nmode 4 lamp 1 dim 75 ok\n',
    );
    expect(r.exitCode).toBe(0);
    const at = (id: number) => r.markers.find((m) => m.id === id)!.cycles;
    const perByte = (a: number, b: number) => (at(b) - at(a)) / bytes;
    const figures = {
      whole: perByte(1, 2),
      chunks16: perByte(3, 4),
      bytewise: perByte(5, 6),
      validateOnly: perByte(7, 8),
      pull: perByte(9, 10),
      pullFlashSource: perByte(11, 12),
    };
    console.log(`cycles per byte: ${JSON.stringify(figures)}`);
    expect(figures.whole).toBeLessThan(40);
    expect(figures.chunks16).toBeLessThan(74);
    expect(figures.bytewise).toBeLessThan(112);
    expect(figures.validateOnly).toBeLessThan(29);
    expect(figures.pull).toBeLessThan(58);
    expect(figures.pullFlashSource).toBeLessThan(36);
  });
});

// The project target (issue 7, <= 40 cycles per input byte) on the build
// npm run bench measures for its generic Stream-like source: parse_bench.cpp
// with BENCH_PULL + BENCH_PULL_END (parser.parse(source), source.read()
// giving one byte from flash and -1 at an end pointer, no input buffer;
// JsonPathMatcher + two JsonValueCaptures extracting lamp and dim), inlined
// into main. 39.76 at the time of writing (41.8 before the matcher and
// capture work of that day).
describe('json parse benchmark, generic Stream-like source (npm run bench build, ATmega2560)', () => {
  test('extracts lamp and dim within the 40 cycles/byte target', () => {
    const dir = path.join(ROOT, 'build', 'bench', 'gen-parser-test');
    const input = writeInputHeader(dir);
    const r = runProgramSync(
      {
        board: 'mega',
        name: 'json_bench_generic_source',
        sources: ['bench/json-parse/parse_bench.cpp', ...jsonSources],
        includeDirs: [dir],
        defines: VARIANTS['pull-end'],
      },
      { maxCycles: 1e8 },
    );
    expect(r.serial).toMatch(/^lamp=1 dim=75 error=0 offset=728 /);
    expect(r.exitCode).toBe(0);
    const at = (id: number) => r.markers.find((m) => m.id === id)!.cycles;
    const perByte = (at(2) - at(1)) / input.length;
    console.log(`generic source: ${perByte.toFixed(2)} cycles/byte`);
    expect(perByte).toBeLessThan(40);
  });
});

// The whole-program flash of the compact parser on the Uno
// (SL_JSON_PARSER_SMALL=1, the Uno's default; issue 7's 3 KB target for
// writer + parser is on their own code, 2,769 B at 7c87469: see
// json-flash-share.test.ts) in bench/json-parse/size_probe.cpp (a small handler
// with JsonNumber::toInt32, one feed() per byte from the console), the
// parser build minus the bare one, as `npx tsx bench/json-parse/quick.ts
// size small` reports it; and the writer core and the parser linked
// together (they share detail::utf8Step()). At the time of writing: parser
// 2,572 B (2,694 before feed() took every byte through one loop; it now
// carries the shared UTF-8 step alone), both 3,758 B (3,818 before the
// shared step and a smaller toInt32); 2,582 and 3,768 B once the
// fraction-zeros adjustment saturated again (10 B: a long "0.000..."
// wrapped its int16 past -32768 without it); 2,224 and 3,208 B (with the
// writer core in AVR assembly too, as at 82831e0) with feedChunk(), its helpers
// piece(), decode() and numberOverflow() and the number grammar in AVR
// assembly (SL_JSON_PARSER_ASM, config/Config.h;
// test/firmware/json-avr-diff.test.ts compares it with the host's C++ on
// the simulated Uno); 2,228 and 3,212 B with the string-run loop (runs of
// plain string bytes taken in a tight loop, 50 B). The bounds keep a small
// margin.
describe('compact parser flash on the ATmega328P', () => {
  const flags = ['-DSL_JSON_PARSER_SMALL=1'];
  let lib: string | undefined; // built once, by the first test that runs
  const probe = (name: string, defines: string[]) =>
    buildProgram({
      board: 'uno',
      name: `parser_test_probe_${name}`,
      sources: ['bench/json-parse/size_probe.cpp'],
      defines: [...defines, 'SL_JSON_PARSER_SMALL=1'],
      libraries: [(lib ??= buildFirmwareLibrary('uno', 'fwlib-parser-test-small', flags).lib)],
    }).footprint.flashBytes;

  test('size_probe with PROBE_PARSER and SL_JSON_PARSER_SMALL=1 within its budget', () => {
    const parser = probe('parser', ['PROBE_PARSER']) - probe('base', []);
    console.log(`compact parser: ${parser} B`);
    expect(parser).toBeLessThanOrEqual(2233);
  }, 120000);

  test('size_probe with the writer core and the compact parser together within its budget', () => {
    const both = probe('both_core', ['PROBE_PARSER', 'PROBE_WRITER', 'PROBE_WRITER_CORE']) - probe('base', []);
    console.log(`writer core + compact parser: ${both} B`);
    expect(both).toBeLessThanOrEqual(3217);
  }, 120000);
});
