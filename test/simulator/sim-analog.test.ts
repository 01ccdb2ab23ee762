// `npm run sim -- --analog A0=3.3`: the CLI puts the voltages on the AVR
// board's ADC inputs (the adc_read sketch prints analogRead of A0, A1, A8 and
// A1 against 1.1 V on the Mega's console), --analog replaces SL_SIM_ANALOG,
// bad values and non-AVR boards are usage errors (exit 2). And --help names
// every option the CLI accepts, as does simulator/README.md.
import * as fs from 'fs';
import * as path from 'path';
import { sim } from './simCli';

const ROOT = path.resolve(__dirname, '../..');
const ADC_SKETCH = path.join(__dirname, 'sketches', 'adc_read');

/** floor(V / Vref x 1024), clamped: what the ATmega's ADC returns. */
const code = (v: number, ref = 5) => Math.min(1023, Math.floor((v / ref) * 1024));

function readings(serial: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of serial.split(/\r?\n/)) {
    const [k, v] = line.split(' ');
    if (v !== undefined) out[k] = Number(v);
  }
  return out;
}

test('mega: --analog sets the inputs (repeatable, comma lists), replacing SL_SIM_ANALOG', async () => {
  const r = await sim(
    ['--board', 'mega', '--sketch', ADC_SKETCH, '--analog', 'A0=3.3', '--analog', 'A1=0.55,A8=4.2', '--until', 'done\\r\\n', '--seconds', '2', '--quiet'],
    { SL_SIM_ANALOG: 'A0=1,A2=2' },
  );
  expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.report!.stopReason).toBe('until');
  expect(readings(r.report!.serial)).toEqual({ A0: code(3.3), A1: code(0.55), A8: code(4.2), 'A1/1.1V': code(0.55, 1.1) });
}, 300000);

test('mega: without --analog, SL_SIM_ANALOG still sets the inputs', async () => {
  const r = await sim(['--board', 'mega', '--sketch', ADC_SKETCH, '--until', 'done\\r\\n', '--seconds', '2', '--quiet'], { SL_SIM_ANALOG: 'A0=5,A1=1' });
  expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(readings(r.report!.serial)).toMatchObject({ A0: 1023, A1: code(1), A8: 0 });
}, 300000);

test('--analog errors are usage errors (exit 2), before anything is built', async () => {
  const over = await sim(['--board', 'mega', '--sketch', ADC_SKETCH, '--analog', 'A0=6']);
  expect(over.code).toBe(2);
  expect(over.stderr).toMatch(/A0=6.*above AVCC/);
  const syntax = await sim(['--board', 'mega', '--sketch', ADC_SKETCH, '--analog', 'A0:3']);
  expect(syntax.code).toBe(2);
  expect(syntax.stderr).toMatch(/A<channel>=<volts>/);
  const qemu = await sim(['--board', 'cortex-m3', '--sketch', ADC_SKETCH, '--analog', 'A0=1']);
  expect(qemu.code).toBe(2);
  expect(qemu.stderr).toMatch(/cortex-m3: analog inputs are simulated on AVR boards only/);
  expect(qemu.report).toBeNull();
}, 120000);

test('--help and simulator/README.md describe every option the CLI accepts', async () => {
  const source = fs.readFileSync(path.join(ROOT, 'simulator', 'sim.ts'), 'utf8');
  const accepted = [...source.matchAll(/a === '(-[-\w]+)'/g)].map((m) => m[1]).filter((o) => o !== '-h');
  expect(accepted).toEqual(expect.arrayContaining(['--board', '--sketch', '--analog', '--eeprom', '--cut-at-eeprom-write', '--key-lifetime-days']));
  const help = await sim(['--help']);
  expect(help.code).toBe(0);
  const readme = fs.readFileSync(path.join(ROOT, 'simulator', 'README.md'), 'utf8');
  const word = (o: string) => new RegExp(`(^|[^-\\w])${o.replace(/-/g, '\\-')}(?![-\\w])`, 'm');
  expect(accepted.filter((o) => !word(o).test(help.stdout))).toEqual([]);
  expect(accepted.filter((o) => !word(o).test(readme))).toEqual([]);
}, 60000);
