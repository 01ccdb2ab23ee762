// Arduino's HardwareSerial on avr8js: receiving while transmitting loses
// bytes unless the USART hooks are corrected (simulator/sketch/usartfix.ts).
// An echo sketch built with arduino-builder gets a burst at full line rate.
import * as fs from 'fs';
import * as path from 'path';
import { AvrMachine } from '../../simulator/avr/runner';
import { buildSketch } from '../../simulator/sketch/build';
import { fixHardwareSerialUsart } from '../../simulator/sketch/usartfix';

const build = buildSketch({ board: 'uno', sketch: path.join(__dirname, 'sketches', 'echo_burst') });
const burst = Buffer.from(Array.from({ length: 600 }, (_, i) => `line ${i}\n`).join('').slice(0, 600), 'latin1');

function echo(fixed: boolean): string {
  const m = new AvrMachine(build.board, fs.readFileSync(build.hex!, 'utf8'));
  if (fixed) fixHardwareSerialUsart(m.cpu, m.usart);
  m.input(burst); // fed one character time apart once Serial.begin() enabled the receiver
  m.run({ maxCycles: 200000 + 1400 * (burst.length + 50) });
  return m.serial;
}

test('with the fix every byte comes back, in order', () => {
  expect(echo(true)).toBe(burst.toString('latin1'));
});

test('without it avr8js loses received bytes (why the fix exists)', () => {
  const out = echo(false);
  expect(out.length).toBeGreaterThan(burst.length / 2); // it ran and echoed
  expect(out.length).toBeLessThan(burst.length); // but dropped some
});
