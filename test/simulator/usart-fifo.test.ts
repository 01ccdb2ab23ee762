// The simulated USART's receive buffer (simulator/sketch/usartfix.ts): like
// the ATmega's, two bytes deep (UDRn + one) plus the shift register, so a
// sketch that keeps interrupts off for up to two character times loses
// nothing (sl::PinConsole sends a console byte in 10 bits at 57600 baud,
// two characters of a 115200-baud modem line); longer, bytes are lost
// (DORn). avr8js alone holds one byte: with it, LampControl on the Uno lost
// every other modem byte that came while it printed, and which bytes those
// were depended on code timing (a97e0fe, a 14-byte change in the JSON
// parser, made the Uno run fail).
import * as fs from 'fs';
import * as path from 'path';
import { AvrMachine } from '../../simulator/avr/runner';
import { buildSketch } from '../../simulator/sketch/build';
import { fixHardwareSerialUsart } from '../../simulator/sketch/usartfix';

const sketch = path.join(__dirname, 'sketches', 'usart_fifo');
const burst = Buffer.from(Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('').slice(0, 800), 'latin1');
const charCycles = 1360; // 10 bits at UBRR 16 with U2X (Serial.begin(115200) at 16 MHz)

function echo(offUs: number): { out: string; overruns: number } {
  const build = buildSketch({ board: 'uno', sketch, defines: [`OFF_US=${offUs}`] });
  const m = new AvrMachine(build.board, fs.readFileSync(build.hex!, 'utf8'));
  const fix = fixHardwareSerialUsart(m.cpu, m.usart);
  m.input(burst); // back to back, one character time apart, once the receiver is on
  m.run({ maxCycles: 800000 + 2 * charCycles * (burst.length + 100) }); // in, then back out
  return { out: m.serial, overruns: fix.overruns() };
}

test('interrupts off for less than two character times (150 us) every 8 bytes: every byte comes back, in order', () => {
  const { out, overruns } = echo(150);
  expect(overruns).toBe(0);
  expect(out).toBe(burst.toString('latin1'));
}, 180000);

test('off for almost five character times (400 us): the receive buffer overruns and bytes are lost, as on the chip', () => {
  const { out, overruns } = echo(400);
  expect(overruns).toBeGreaterThan(0);
  expect(out.length).toBeGreaterThan(burst.length / 2); // it ran and echoed
  expect(out.length).toBe(burst.length - overruns); // each overrun lost one byte; nothing else was
}, 180000);
