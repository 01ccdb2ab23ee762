// "You only pay for what you use": an AVR program that sends one text message
// is byte-for-byte the same size whether it includes only the Text builder or
// every generated builder; a gauge + form program grows, as it should.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIRMWARE_SRC, ROOT, STRICT_FLAGS } from '../../helpers/cpp';

const SIZE_DIR = path.join(ROOT, 'test', 'firmware', 'generated', 'size');
const RUNTIME = [
  path.join(FIRMWARE_SRC, 'json', 'JsonWriter.cpp'),
  ...fs
    .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
    .filter((f) => f.endsWith('.cpp'))
    .map((f) => path.join(FIRMWARE_SRC, 'json', 'detail', f)),
];

interface Size {
  text: number;
  data: number;
  bss: number;
  /** Symbols of the linked program (avr-nm). */
  nm: string;
}

/** avr-libc / libgcc soft-float routines and the writer's float formatting. */
const FLOAT_SYMBOLS = /\b(__addsf3|__subsf3|__mulsf3|__divsf3|__floatsisf|__floatunsisf|__fixsfsi|__cmpsf2|__gesf2|__ltsf2|__fp_\w+|_ZN2sl10JsonWriter6numberE[fd])\b/;

function avrSize(sketch: string): Size {
  const out = path.join(ROOT, 'build', 'generated-size', `${sketch}.elf`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const args = [
    ...STRICT_FLAGS,
    '-mmcu=atmega328p',
    '-Os',
    '-fno-threadsafe-statics',
    '-ffunction-sections',
    '-fdata-sections',
    '-Wl,--gc-sections',
    '-I', FIRMWARE_SRC,
    '-I', SIZE_DIR,
    path.join(SIZE_DIR, `${sketch}.cpp`),
    ...RUNTIME,
    '-o', out,
  ];
  const r = spawnSync('avr-g++', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const s = spawnSync('avr-size', [out], { encoding: 'utf8' });
  const [text, data, bss] = s.stdout.trim().split('\n')[1].trim().split(/\s+/).map(Number);
  // No heap in the linked program.
  const nm = spawnSync('avr-nm', [out], { encoding: 'utf8' }).stdout;
  expect(nm).not.toMatch(/\b(malloc|free|_Znw|_Znaj|_ZdlPv)\b/);
  return { text, data, bss, nm };
}

const haveAvr = spawnSync('which', ['avr-g++']).status === 0;

(haveAvr ? describe : describe.skip)('AVR size of generated builders (atmega328p, -Os, gc-sections)', () => {
  const sizes: Record<string, Size> = {};
  beforeAll(() => {
    for (const s of ['text_raw', 'text_only', 'text_all', 'gauge_form', 'gauge_double', 'lamp']) sizes[s] = avrSize(s);
    // Shown in the test log for the report.
    console.log(Object.entries(sizes).map(([k, v]) => `${k}: text ${v.text} data ${v.data} bss ${v.bss}`).join('\n'));
  }, 300000);

  test('one text message costs the same with every builder included', () => {
    expect(sizes.text_all).toEqual(sizes.text_only);
  });

  test('the builder costs little over hand-written JsonWriter calls', () => {
    expect(sizes.text_only.text - sizes.text_raw.text).toBeLessThan(400);
    expect(sizes.text_only.data - sizes.text_raw.data).toBeLessThanOrEqual(16);
  });

  test('number fields set from integers link no floating point; a double does', () => {
    expect(sizes.gauge_form.nm).not.toMatch(FLOAT_SYMBOLS);
    expect(sizes.lamp.nm).not.toMatch(FLOAT_SYMBOLS);
    expect(sizes.gauge_double.nm).toMatch(FLOAT_SYMBOLS);
  });

  test('using more builders does grow the program', () => {
    expect(sizes.gauge_form.text).toBeGreaterThan(sizes.text_only.text + 1000);
  });
});
