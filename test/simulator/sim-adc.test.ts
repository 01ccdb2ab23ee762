// The ATmega ADC in the avr8js backend (simulator/avr/runner.ts): analogRead
// of a sketch built with arduino-builder returns floor(V / Vref x 1024) for
// the voltage the simulator puts on the pin, on the Uno and the Mega
// (different ADC vectors and mux tables), with the internal reference too.
import * as fs from 'fs';
import * as path from 'path';
import { AvrMachine, parseAnalogVolts } from '../../simulator/avr/runner';
import { buildSketch } from '../../simulator/sketch/build';

function reads(board: string, volts: Record<number, number>, viaEnv = false): Record<string, number> {
  const b = buildSketch({ board, sketch: path.join(__dirname, 'sketches', 'adc_read') });
  const hex = fs.readFileSync(b.hex!, 'utf8');
  let m: AvrMachine;
  if (viaEnv) {
    process.env.SL_SIM_ANALOG = Object.entries(volts).map(([ch, v]) => `A${ch}=${v}`).join(',');
    try {
      m = new AvrMachine(b.board, hex);
    } finally {
      delete process.env.SL_SIM_ANALOG;
    }
  } else m = new AvrMachine(b.board, hex, { analogVolts: volts });
  // the machine's own USART0 output is the sketch's Serial
  const r = m.run({ maxCycles: 4e6 });
  expect(r.serial).toContain('done');
  const out: Record<string, number> = {};
  for (const line of r.serial.split(/\r?\n/)) {
    const [k, v] = line.split(' ');
    if (v !== undefined) out[k] = Number(v);
  }
  return out;
}

const code = (v: number, ref = 5) => Math.min(1023, Math.floor((v / ref) * 1024));

describe.each(['uno', 'mega'])('%s ADC', (board) => {
  test('each input reads its own voltage against AVCC and against 1.1 V', () => {
    const volts: Record<number, number> = board === 'mega' ? { 0: 3.3, 1: 0.55, 8: 4.2 } : { 0: 3.3, 1: 0.55 };
    const got = reads(board, volts);
    expect(got.A0).toBe(code(3.3)); // 675
    expect(got.A1).toBe(code(0.55)); // 112
    expect(got['A1/1.1V']).toBe(code(0.55, 1.1)); // 512
    if (board === 'mega') expect(got.A8).toBe(code(4.2)); // ADC8 through MUX5
  }, 300000);

  test('unset inputs read 0, 5 V reads 1023; SL_SIM_ANALOG sets the default', () => {
    expect(reads(board, { 0: 5 }, true)).toMatchObject({ A0: 1023, A1: 0 });
    expect(reads(board, {})).toMatchObject({ A0: 0, A1: 0 });
    if (board === 'uno') expect(() => reads(board, { 8: 1 })).toThrow(/uno has no analog input 8/);
  }, 300000);
});

test('SL_SIM_ANALOG syntax', () => {
  expect(parseAnalogVolts('A0=3.3, a2=1.1 7=.5')).toEqual({ 0: 3.3, 2: 1.1, 7: 0.5 });
  expect(() => parseAnalogVolts('A0=6')).toThrow(/above AVCC/);
  expect(() => parseAnalogVolts('A0:3')).toThrow(/A<channel>=<volts>/);
  expect(() => parseAnalogVolts('A16=1')).toThrow(/channel 16/);
});
