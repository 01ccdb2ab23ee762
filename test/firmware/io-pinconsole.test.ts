// sl::PinConsole (firmware/src/io/PinConsole.h), the Uno examples' console:
// a sketch prints every printable ASCII character through it on the
// simulated Uno (real Arduino AVR core, arduino-builder), and the
// simulator's soft-UART decoder (pin 3 edges with exact cycle counts,
// sampled mid-bit, baud rate found from the line) must read the text back
// byte for byte at the examples' 57600 baud and at 115200 (the shortest bit).
// A wrong bit time or frame shows as wrong bytes or a missing line.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function sketch(baud: number): string {
  return `#include <Semilimes.h>
#include <io/PinConsole.h>
sl::PinConsole console(3);
void setup() {
  console.begin(${baud});
  for (uint8_t c = 32; c < 127; ++c) console.write(c);
  console.println();
  console.print(F("baud "));
  console.println(${baud}UL);
  console.println(F("done"));
}
void loop() {}
`;
}

function runOnUno(baud: number): Promise<{ code: number | null; serial: string; flash: number; ram: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinconsole-'));
  const sk = path.join(dir, 'PinConsoleCheck');
  fs.mkdirSync(sk);
  fs.writeFileSync(path.join(sk, 'PinConsoleCheck.ino'), sketch(baud));
  const report = path.join(dir, 'report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(
      TSX,
      ['simulator/sim.ts', '--board', 'uno', '--sketch', sk, '--report', report, '--until', 'done\\r\\n', '--seconds', '5', '--quiet', '-D', `SL_PINCONSOLE_TEST=${baud}`],
      { cwd: ROOT },
    );
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (out += b));
    child.on('error', reject);
    child.on('close', (code) => {
      const r = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, serial: r?.serial ?? '', flash: r?.flashBytes ?? 0, ram: r?.staticRamBytes ?? 0, out });
    });
  });
}

describe.each([57600, 115200])('PinConsole on the simulated uno at %i baud', (baud) => {
  test('the decoder reads every printable character back', async () => {
    const r = await runOnUno(baud);
    expect(r.serial).toBe(`${PRINTABLE}\r\nbaud ${baud}\r\ndone\r\n`);
    expect(r.code).toBe(0);
    // transmit-only: far below SoftwareSerial's ~1.5 KB of flash and ~120 B of RAM
    console.log(`PinConsole sketch on uno at ${baud}: flash ${r.flash} B, static RAM ${r.ram} B`);
  }, 180000);
});
