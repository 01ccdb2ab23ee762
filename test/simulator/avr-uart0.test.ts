// sl::AvrUart0 (firmware/src/io/AvrUart0.h), an ATmega's USART0 as an
// sl::ByteStream without Arduino's HardwareSerial, on the simulated Uno and
// Mega (real Arduino AVR core, arduino-builder; the simulator's USART has
// the ATmega's two-level receive buffer and counts overruns, see
// usart-fifo.test.ts). Sketch: test/simulator/sketches/avr_uart0.
//   - 800 bytes back to back at 115200 while the sketch keeps interrupts off
//     150 us every 8 bytes (sl::PinConsole's console character is 174 us):
//     every byte delivered, in order, lost() 0;
//   - the sketch busy (interrupts on, no read()) for 20 ms while 230 bytes
//     come: the ring keeps its first bytes (ring size - 1), the newest are
//     dropped and counted, what comes after the ring is read again is kept
//     (default ring and SL_AVR_UART_RX_BUFFER=16);
//   - interrupts off 400 us: the chip's overruns are counted in lost();
//   - write() sends exactly the bytes given (all 256 values); begin() sets
//     the baud rate registers as documented;
//   - the ELF has none of HardwareSerial, and a sketch that also uses
//     Serial fails to link with the documented error.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AvrMachine } from '../../simulator/avr/runner';
import { buildSketch, SketchBuild } from '../../simulator/sketch/build';
import { fixHardwareSerialUsart } from '../../simulator/sketch/usartfix';

const sketch = path.join(__dirname, 'sketches', 'avr_uart0');
const charCycles = 1360; // 10 bits at UBRR 16 with U2X (begin(115200) at 16 MHz)
// USART0's registers: the same data addresses on the ATmega328P and ATmega2560
const UCSR0A = 0xc0;
const UBRR0L = 0xc4;
const UBRR0H = 0xc5;
const U2X0 = 0x02;

function text(n: number): Buffer {
  return Buffer.from(Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join('').slice(0, n), 'latin1');
}

interface Run {
  out: string;
  overruns: number;
  build: SketchBuild;
  m: AvrMachine;
}

function run(board: string, defines: string[], input: Buffer | null, extraCycles = 0): Run {
  const build = buildSketch({ board, sketch, defines: ['SL_TAG_AVR_UART0=1', ...defines] });
  const m = new AvrMachine(build.board, fs.readFileSync(build.hex!, 'utf8'));
  const fix = fixHardwareSerialUsart(m.cpu, m.usart);
  if (input) m.input(input); // back to back, one character time apart, once the receiver is on
  m.run({ maxCycles: 800000 + 2 * charCycles * ((input?.length ?? 0) + 100) + extraCycles }); // in, then back out
  return { out: m.serial, overruns: fix.overruns(), build, m };
}

/** The echoed bytes and the lost() count the sketch reports after them. */
function echoed(out: string): { data: string; lost: number } {
  const m = /^([\s\S]*)\n#lost (\d+)\n$/.exec(out);
  if (!m) throw new Error(`no "#lost" trailer in the sketch's output: ${JSON.stringify(out.slice(-60))}`);
  return { data: m[1], lost: Number(m[2]) };
}

/** Defined symbols of an ELF, demangled; the unused vectors (weak aliases of __bad_interrupt, W) left out. */
function definedSymbols(elf: string): string {
  return execFileSync('avr-nm', ['-C', '--defined-only', elf], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => !/ W /.test(l))
    .join('\n');
}

// USART0's receive interrupt: vector 18 on the ATmega328P, 25 on the ATmega2560
describe.each([
  ['uno', 18],
  ['mega', 25],
])('%s', (board, vector) => {
  test('800 bytes back to back while interrupts go off 150 us every 8 bytes: all delivered in order, none lost', () => {
    const burst = text(800);
    const { out, overruns } = run(board as string, ['OFF_US=150'], burst);
    expect(overruns).toBe(0);
    expect(echoed(out)).toEqual({ data: burst.toString('latin1'), lost: 0 });
  }, 180000);

  test('write() sends exactly the bytes given; 115200 is UBRR 16 with U2X; no HardwareSerial in the ELF', () => {
    const { out, build, m } = run(board as string, ['TEST_TX=1'], null);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('latin1');
    expect(out).toBe(`${all}\x55\xaadone\n`);
    expect({ ubrr: m.cpu.data[UBRR0L] | (m.cpu.data[UBRR0H] << 8), u2x: (m.cpu.data[UCSR0A] & U2X0) !== 0 }).toEqual({ ubrr: 16, u2x: true });
    const syms = definedSymbols(build.elf);
    expect(syms).toMatch(new RegExp(` T __vector_${vector}\\b`)); // the receive interrupt is the driver's
    expect(syms).toMatch(/sl::AvrUart0::read\(\)/);
    expect(syms).not.toMatch(/HardwareSerial|\bSerial\b|Serial0_available|_tx_udr_empty_irq/);
    // USART0's data-register-empty and transmit-complete interrupts: not used
    expect(syms).not.toMatch(new RegExp(` T __vector_(${vector + 1}|${vector + 2})\\b`));
  }, 180000);

  test('a sketch that also uses Serial does not link: multiple definition of the receive vector', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'avruart0-'));
    const sk = path.join(dir, 'BothUarts');
    fs.mkdirSync(sk);
    fs.writeFileSync(
      path.join(sk, 'BothUarts.ino'),
      '#include <Semilimes.h>\n#include <io/AvrUart0.h>\nsl::AvrUart0 line;\nvoid setup() { line.begin(115200); Serial.begin(9600); }\nvoid loop() {}\n',
    );
    try {
      expect(() => buildSketch({ board: board as string, sketch: sk, buildDir: path.join(dir, 'build') })).toThrow(
        new RegExp(`multiple definition of \`__vector_${vector}'`),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180000);
});

describe.each([
  [64, []], // SL_AVR_UART_RX_BUFFER's default
  [16, ['SL_AVR_UART_RX_BUFFER=16']],
])('uno, ring of %i bytes', (ring, defines) => {
  test('full while the sketch is busy: the newest bytes are dropped and counted, the ring keeps the oldest in order', () => {
    // 20 ms busy after the first byte: 230 characters (87 us each) arrive meanwhile
    const burst = text(700);
    const { out, overruns } = run('uno', ['BUSY_MS=20', ...(defines as string[])], burst, 20 * 16000);
    const { data, lost } = echoed(out);
    expect(overruns).toBe(0); // the interrupt kept emptying the USART: only the ring overflowed
    expect(lost).toBeGreaterThan(100);
    expect(data.length).toBe(burst.length - lost); // each count is one byte missing, nothing else is
    // the first byte (read before the pause) and the ring's ring - 1 bytes: the oldest, kept
    const kept = 1 + ((ring as number) - 1);
    const b = burst.toString('latin1');
    expect(data.slice(0, kept)).toBe(b.slice(0, kept));
    // then the gap (the dropped bytes), then everything that came after the ring was read again
    expect(data.slice(kept)).toBe(b.slice(kept + lost));
  }, 180000);
});

test('uno, interrupts off 400 us (almost five characters): the chip overruns, lost() counts each overrun once', () => {
  const burst = text(800);
  const { out, overruns } = run('uno', ['OFF_US=400'], burst);
  const { data, lost } = echoed(out);
  expect(overruns).toBeGreaterThan(0);
  expect(data.length).toBe(burst.length - overruns); // the ring lost nothing: only the chip did
  // The chip's DOR0 flag says "one or more bytes lost" (it does not count):
  // one per pause here, which loses 2 bytes (4.6 characters come, the chip
  // holds 3) or 1, depending on where the pause falls in a character.
  expect(lost).toBeGreaterThanOrEqual(Math.ceil(overruns / 2));
  expect(lost).toBeLessThanOrEqual(overruns);
}, 180000);

test.each([
  // baud, UBRR0, U2X0: the rounded divider with U2X; without U2X when it would pass 4095
  [9600, 207, true], // 9615, +0.2 %
  [57600, 34, true], // 57143, -0.8 % (Arduino's Serial: UBRR 16 without U2X, +2.1 %)
  [1000000, 1, true], // exact
  [300, 3332, false], // 300.0
])('uno, begin(%i): UBRR0 %i, U2X %s', (baud, ubrr, u2x) => {
  const { m } = run('uno', ['TEST_TX=1', `TEST_BAUD=${baud}UL`], null);
  expect({ ubrr: m.cpu.data[UBRR0L] | (m.cpu.data[UBRR0H] << 8), u2x: (m.cpu.data[UCSR0A] & U2X0) !== 0 }).toEqual({ ubrr, u2x });
}, 180000);
