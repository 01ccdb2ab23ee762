// `npm run demo` as a user runs it, with stdin closed (not a terminal): it
// must finish on its own with exit 0 and print the board choice, the
// exchange, the conversation and the figures.
import { spawn } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');

function runDemo(args: string[] = []): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'demo', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run demo with stdin closed', () => {
  let r: { code: number | null; out: string; err: string };
  beforeAll(async () => {
    r = await runDemo();
  }, 600000);

  test('exits 0 without waiting for a key', () => {
    expect({ code: r.code, err: r.code === 0 ? '' : r.err + r.out }).toEqual({ code: 0, err: '' });
    expect(r.out).not.toContain('Press Enter');
  });

  test('tries the Uno first and says which board LampControl runs on, and why', () => {
    const fits = r.out.includes('the Uno build fits its flash: LampControl runs on the Uno.');
    if (fits) {
      expect(r.out).toContain('3. LampControl: build for the uno');
      expect(r.out).toContain("5. LampControl's figures (uno, built with arduino-builder)");
    } else {
      expect(r.out).toMatch(/The Uno does not fit LampControl: its flash overflows the chip by \d+ bytes/);
      expect(r.out).toContain('Using the Arduino Mega 2560 for now');
      expect(r.out).toContain('3. LampControl: build for the mega');
    }
    expect(r.out).toMatch(/built with arduino-builder: \d+ bytes flash, \d+ bytes static RAM/);
    // every numbered step appears once, in order
    const steps = r.out.split('\n').filter((l) => /^\d\. /.test(l)).map((l) => l[0]);
    expect(steps).toEqual(['1', '2', '3', '4', '5']);
  });

  test('provisioning by QR: the QR is on the terminal, alice claims the device, it keeps its key in EEPROM and comes back online from it after a reboot', () => {
    expect(r.out).toContain('2. Provisioning by QR (firmware/examples/Provisioning on the mega)');
    expect(r.out).toMatch(/\u2588/); // the QR itself, in half blocks
    expect(r.out).toContain('app: alice scanned the QR on the console and claimed device lamp-0001');
    expect(r.out).toMatch(/board console: online with key #\d+/);
    expect(r.out).toMatch(/claimed by QR \(SLCLAIM-[0-9a-f]+ -> device lamp-0001\); its own API key is in EEPROM; after the reboot it came online from EEPROM without a QR/);
    expect(r.out).toMatch(/alice received [12] greeting\(s\) from the device/);
    const reboot = r.out.split('-- reboot (EEPROM kept)')[1]?.split('3. LampControl')[0] ?? '';
    expect(reboot).toContain('board console: checking the key');
    expect(reboot).not.toMatch(/\u2588|registering/);
    expect(r.out).toMatch(/Provisioning on the mega: flash \d+, peak RAM \d+, heap 0, 0 validation errors/);
  });

  test('alice sees the gauge and the form, submits, and the board answers', () => {
    expect(r.out).toContain('alice sees the gauge: gauge Lamp value=0 (0 %)');
    expect(r.out).toContain('alice sees the form: form lamp-control [label:hint, switch:lamp, slider:dim]');
    expect(r.out).toContain('alice flips the switch to on, moves the slider to 75');
    expect(r.out).toContain('board console: Lamp on, dimmer 75 %');
  });

  test('prints the conversation in order, who said what', () => {
    const conv = r.out.split('4. The conversation')[1]?.split('5. ')[0] ?? '';
    const lines = conv.split('\n').filter((l) => / -> /.test(l)).map((l) => l.replace(/^\s*[\d.]+ s\s+/, ''));
    expect(lines).toEqual([
      'device -> channel "Living room": gauge Lamp value=0 (0 %)',
      'device -> channel "Living room": form lamp-control [label:hint, switch:lamp, slider:dim]',
      'alice -> device: formsubmission lamp-control {hint="Switch the lamp and set its brightness", lamp=true, dim=75}',
      'device -> channel "Living room": text "Lamp on, dimmer 75 %"',
      'device -> channel "Living room": gauge Lamp value=75 (75 %)',
    ]);
  });

  test("prints the board's figures", () => {
    const flash = r.out.match(/flash: +(\d+) bytes/);
    const ram = r.out.match(/peak RAM: +(\d+) bytes = static (\d+) \+ stack (\d+) \+ heap (\d+)/);
    const cycles = r.out.match(/cycles: +(\d+) \(/);
    expect(flash && ram && cycles).toBeTruthy();
    expect(Number(flash![1])).toBeGreaterThan(20000);
    expect(Number(ram![1])).toBe(Number(ram![2]) + Number(ram![3]) + Number(ram![4]));
    expect(ram![4]).toBe('0');
    expect(r.out).toMatch(/heap: +0 bytes \(no allocator linked\)/);
    expect(Number(cycles![1])).toBeGreaterThan(1e6);
    expect(r.out).toMatch(/cloud: +5 requests, 0 validation errors/);
    expect(r.out).toMatch(/demo finished in [\d.]+ s/);
  });
});

test('npm run demo -- --lamp off --dim 30 --quiet --no-claim: the board reports what alice chose, no console, no claim step', async () => {
  const r = await runDemo(['--lamp', 'off', '--dim', '30', '--quiet', '--no-claim']);
  expect(r.code).toBe(0);
  expect(r.out).toContain('alice -> device: formsubmission lamp-control {hint="Switch the lamp and set its brightness", lamp=false, dim=30}');
  expect(r.out).toContain('device -> channel "Living room": text "Lamp off, dimmer 30 %"');
  expect(r.out).not.toContain('board console:');
  expect(r.out).not.toContain('Provisioning by QR');
}, 600000);
