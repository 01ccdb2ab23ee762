// The JSON writer: its C++ SlTest suite on the host, plus host-driven checks
// of its output against JavaScript's own JSON for thousands of random inputs
// (fixed seed): every output is valid JSON, strings equal TextDecoder's
// decoding of the same bytes (U+FFFD rule) re-encoded by JSON.stringify, and
// numbers read back exactly.
import { spawnSync } from 'child_process';
import { runProgramSync } from '../../simulator/run';
import { buildHost, defineSlTestSuite } from '../helpers/cpp';
import { prng } from '../helpers/prng';

const WRITER_SOURCES = ['firmware/src/json/JsonWriter.cpp', 'firmware/src/json/detail/FloatToDecimal.cpp'];

defineSlTestSuite('firmware JsonWriter (host g++)', {
  name: 'json_writer',
  sources: ['test/firmware/json/writer_test.cpp', 'test/firmware/support/host_main.cpp', ...WRITER_SOURCES],
});

defineSlTestSuite('firmware JsonWriter (host clang++, -DSL_USE_INT64=0, -DSL_JSON_MAX_DEPTH=100)', {
  name: 'json_writer_clang',
  compiler: 'clang++',
  flags: ['-DSL_USE_INT64=0', '-DSL_JSON_MAX_DEPTH=100'],
  sources: ['test/firmware/json/writer_test.cpp', 'test/firmware/support/host_main.cpp', ...WRITER_SOURCES],
});


const INTERESTING: number[][] = [
  [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf],
  [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xfe],
  [0xe2, 0x82], [0xf0, 0x9d, 0x84], [0xc3], [0x80], [0xbf], [0x22], [0x5c], [0x7f], [0x2f],
];

function randomBytes(next: () => number): Buffer {
  const len = Math.floor(next() * 48);
  const out: number[] = [];
  while (out.length < len) {
    const r = next();
    if (r < 0.35) out.push(Math.floor(next() * 256));
    else if (r < 0.5) out.push(0x20 + Math.floor(next() * 95));
    else if (r < 0.6) out.push(Math.floor(next() * 32));
    else if (r < 0.8) {
      const ranges = [0x80, 0x800, 0x10000, 0x110000];
      let cp = Math.floor(next() * ranges[Math.floor(next() * 4)]);
      if (cp >= 0xd800 && cp < 0xe000) cp = 0xfffd;
      out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
    } else out.push(...INTERESTING[Math.floor(next() * INTERESTING.length)]);
  }
  return Buffer.from(out);
}

function records(items: Buffer[]): Buffer {
  return Buffer.concat(
    items.flatMap((b) => {
      const h = Buffer.alloc(4);
      h.writeUInt32LE(b.length);
      return [h, b];
    }),
  );
}

function splitLines(out: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === 0x0a) {
      lines.push(out.subarray(start, i));
      start = i + 1;
    }
  }
  return lines;
}

describe('JsonWriter output through JSON.parse (host, random inputs, fixed seed)', () => {
  let exe: string;
  beforeAll(() => {
    exe = buildHost({ name: 'json_writer_stdio', sources: ['test/firmware/json/writer_stdio_main.cpp', ...WRITER_SOURCES] });
  });

  function run(mode: string, input: Buffer | string): Buffer {
    const r = spawnSync(exe, [mode], { input, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`writer_stdio ${mode}: exit ${r.status}\n${r.stderr}`);
    return r.stdout;
  }

  test('3000 random byte strings: valid JSON, TextDecoder semantics, JSON.stringify bytes, pieces == one shot', () => {
    const next = prng(20261126);
    const inputs = Array.from({ length: 3000 }, () => randomBytes(next));
    inputs.push(Buffer.from([]), Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    const lines = splitLines(run('strings', records(inputs)));
    expect(lines.length).toBe(inputs.length * 2);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const problems: string[] = [];
    inputs.forEach((bytes, i) => {
      const whole = lines[2 * i];
      const pieces = lines[2 * i + 1];
      const text = whole.toString('utf8');
      const want = decoder.decode(bytes);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        problems.push(`#${i} ${bytes.toString('hex')}: invalid JSON ${whole.toString('hex')}`);
        return;
      }
      if (!Buffer.from(text, 'utf8').equals(whole)) problems.push(`#${i}: output is not valid UTF-8`);
      if (parsed !== want) problems.push(`#${i} ${bytes.toString('hex')}: decoded ${JSON.stringify(parsed)} want ${JSON.stringify(want)}`);
      if (!whole.equals(Buffer.from(JSON.stringify(want), 'utf8'))) problems.push(`#${i}: bytes differ from JSON.stringify`);
      if (!pieces.equals(whole)) problems.push(`#${i}: pieces ${pieces.toString('hex')} != whole ${whole.toString('hex')}`);
    });
    expect(problems.slice(0, 10)).toEqual([]);
  });

  test('counting pass == buffered length for random keys and strings', () => {
    const next = prng(7);
    const inputs = Array.from({ length: 500 }, () => randomBytes(next));
    const lines = run('count', records(inputs)).toString('utf8').trim().split('\n');
    expect(lines.length).toBe(inputs.length);
    for (const l of lines) {
      const [count, length] = l.split(' ').map(Number);
      expect(count).toBe(length);
      expect(count).toBeGreaterThanOrEqual(7);
    }
  });

  test('2000 random call sequences (misuse included): finish() always leaves one valid JSON text; count == length', () => {
    const next = prng(31337);
    const programs = Array.from({ length: 2000 }, () => {
      const len = 1 + Math.floor(next() * 60);
      // Bias towards structure calls so that deep, long documents happen too.
      return Buffer.from(
        Array.from({ length: len }, () => (next() < 0.5 ? [0, 2, 4, 5, 6, 3, 1][Math.floor(next() * 7)] : Math.floor(next() * 256))),
      );
    });
    const lines = splitLines(run('calls', records(programs)));
    expect(lines.length).toBe(programs.length * 2);
    const errors = new Map<string, number>();
    const problems: string[] = [];
    programs.forEach((prog, i) => {
      const out = lines[2 * i].toString('utf8');
      const [name, count, length, ...rest] = lines[2 * i + 1].toString('utf8').split(' ');
      errors.set(name, (errors.get(name) ?? 0) + 1);
      try {
        JSON.parse(out);
      } catch {
        problems.push(`program ${prog.toString('hex')}: invalid JSON ${JSON.stringify(out)} (${name})`);
      }
      if (count !== length || rest.length) problems.push(`program ${prog.toString('hex')}: count ${count} length ${length} ${rest.join(' ')}`);
      if (Number(length) !== lines[2 * i].length) problems.push(`program ${prog.toString('hex')}: reported length ${length} != ${lines[2 * i].length}`);
    });
    console.log(`call sequences: final errors ${JSON.stringify(Object.fromEntries(errors))}`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(errors.get('Ok') ?? 0).toBeGreaterThan(20); // some programs are entirely valid
    expect(errors.size).toBeGreaterThan(6); // and misuse of many kinds happens
  });

  test('doubles: exact round trip through JSON.parse, at most 17 digits, same as Number#toString in > 99.5%', () => {
    const next = prng(99);
    const values: number[] = [0.1, 0.2, 0.3, 1e300, 1e-300, -0, 0, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE, 2.2250738585072014e-308,
      1e21, 1e20, 1e-7, 1e-6, 123.456, 9007199254740993, NaN, Infinity, -Infinity, 1 / 3, 2 ** 63, 2 ** -1074, 4.35, 0.000123];
    const view = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 20000; i++) {
      view.setUint32(0, Math.floor(next() * 2 ** 32));
      view.setUint32(4, Math.floor(next() * 2 ** 32));
      values.push(view.getFloat64(0));
    }
    for (let i = 0; i < 5000; i++) values.push(Math.round(next() * 1e6) / 10 ** Math.floor(next() * 8)); // "human" decimals
    const hex = values.map((v) => {
      view.setFloat64(0, v);
      return view.getBigUint64(0).toString(16).padStart(16, '0');
    });
    const lines = run('doubles', hex.join('\n') + '\n').toString('utf8').trim().split('\n');
    expect(lines.length).toBe(values.length);
    let notShortest = 0;
    const problems: string[] = [];
    values.forEach((v, i) => {
      const out = lines[i];
      if (!Number.isFinite(v)) {
        if (out !== 'null') problems.push(`${v} -> ${out}`);
        return;
      }
      const back = JSON.parse(out);
      if (!Object.is(back, v)) problems.push(`${v} -> ${out} -> ${back}`);
      const js = Object.is(v, -0) ? '-0' : String(v);
      if (out !== js) notShortest++;
      const digits = out.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
      if (digits > 17) problems.push(`${v}: ${out} has ${digits} digits`);
    });
    console.log(`doubles: ${values.length} values, ${notShortest} differ from Number#toString (${((100 * notShortest) / values.length).toFixed(3)}%)`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(notShortest / values.length).toBeLessThan(0.005);
  });

  test('floats: exact round trip (Math.fround), at most 9 digits, shortest in > 98%', () => {
    const next = prng(4242);
    const view = new DataView(new ArrayBuffer(4));
    const bits: number[] = [0x3dcccccd, 0x7f7fffff, 0x00000001, 0x00800000, 0x80000000, 0x7fc00000, 0x7f800000, 0xff800000, 0x4b800000];
    for (let i = 0; i < 20000; i++) bits.push(Math.floor(next() * 2 ** 32));
    // Every binary exponent at the edges of its mantissa range (powers of two
    // have the narrower gap below), both signs.
    for (let e = 0; e < 255; e++) {
      for (const m of [0, 1, 2, 0x400000, 0x7ffffe, 0x7fffff]) bits.push(((e << 23) | m) >>> 0, (0x80000000 | (e << 23) | m) >>> 0);
    }
    for (let i = 0; i < 5000; i++) {
      view.setFloat32(0, Math.round(next() * 1e5) / 10 ** Math.floor(next() * 6));
      bits.push(view.getUint32(0));
    }
    const lines = run('floats', bits.map((b) => b.toString(16).padStart(8, '0')).join('\n') + '\n').toString('utf8').trim().split('\n');
    expect(lines.length).toBe(bits.length);
    let notShortest = 0;
    const problems: string[] = [];
    bits.forEach((b, i) => {
      view.setUint32(0, b);
      const f = view.getFloat32(0);
      const out = lines[i];
      if (!Number.isFinite(f)) {
        if (out !== 'null') problems.push(`${f} -> ${out}`);
        return;
      }
      const back = Math.fround(JSON.parse(out));
      if (!Object.is(back, f)) problems.push(`bits ${b.toString(16)}: ${out} reads back as ${back}, want ${f}`);
      const digits = out.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
      if (digits > 9) problems.push(`${f}: ${out} has ${digits} digits`);
      let shortest = 9;
      for (let p = 1; p <= 9; p++) {
        if (Object.is(Math.fround(Number(f.toPrecision(p))), f)) {
          shortest = p;
          break;
        }
      }
      if (digits > shortest) notShortest++;
    });
    console.log(`floats: ${bits.length} values, ${notShortest} longer than the shortest round-trip (${((100 * notShortest) / bits.length).toFixed(3)}%)`);
    expect(problems.slice(0, 10)).toEqual([]);
    expect(notShortest / bits.length).toBeLessThan(0.02);
  });
});

// The writer benchmark on a simulated ATmega2560 (avr8js):
// test/firmware/json/writer_bench_avr.cpp writes a typical message, long
// strings, integers, structure and raw() into a counting sink. Checks the
// message's bytes, and guards against regressions with bounds a little above
// the measured cycles (per output byte: message 215, strings 137, structure
// 182, raw 10.6 (one sink write for the whole text; 132 when it went byte by
// byte); per 32-bit integer with its separator 2,930; at the time of writing,
// avr-gcc 5.4 -Os).
describe('JsonWriter benchmark on ATmega2560 (avr8js)', () => {
  test('writes the message byte for byte, within the cycle bounds', () => {
    const r = runProgramSync(
      { board: 'mega', name: 'json_writer_bench', sources: ['test/firmware/json/writer_bench_avr.cpp', ...WRITER_SOURCES] },
      { maxCycles: 5e7 },
    );
    expect(r.exitCode).toBe(0);
    const [line, counts] = r.serial.split('\n');
    const values = [0, 7, 2153, -40, 125, 65535, -666666, 2147483647, -2147483648];
    const text = 'The quick brown fox jumps over the lazy dog, then rests a while in the shade.';
    const want = JSON.stringify({
      type: 'gauge',
      refName: 'temperature',
      value: 2153,
      min: -40,
      max: 125,
      label: 'Temp\u00e9rature "int"\n\tline \u20ac \u{1f600} end\\',
      on: true,
      list: [...values, null, false],
      text,
      nested: { a: [[]] },
    });
    expect(Buffer.from(line, 'latin1').toString('utf8')).toBe(want);
    const [message, strings, integers, structure, raw] = counts.split(' ').map(Number);
    expect(message).toBe(10 * Buffer.byteLength(want));
    const at = (id: number) => r.markers.find((m) => m.id === id)!.cycles;
    const figures = {
      messagePerByte: (at(2) - at(1)) / message,
      stringsPerByte: (at(4) - at(3)) / strings,
      perInteger: (at(6) - at(5)) / (10 * values.length),
      structurePerByte: (at(8) - at(7)) / structure,
      rawPerByte: (at(10) - at(9)) / raw,
      integerBytes: integers,
    };
    console.log(`writer cycles: ${JSON.stringify(figures)}`);
    expect(figures.messagePerByte).toBeLessThan(230);
    expect(figures.stringsPerByte).toBeLessThan(150);
    expect(figures.perInteger).toBeLessThan(3150);
    expect(figures.structurePerByte).toBeLessThan(195);
    expect(figures.rawPerByte).toBeLessThan(15);
  });
});
