// `npm run demo` as a user runs it, with stdin closed (not a terminal): it
// must finish on its own with exit 0 and print the board choice, the
// exchange, the conversation and the figures. The whole demo runs on the
// simulated Uno (issue 5): ProvisioningUno for the QR claim, then LampControl.
import { spawn } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
/** ATmega328P: flash beside the 512-byte bootloader, and SRAM. */
const UNO_FLASH = 32256;
const UNO_RAM = 2048;
/** The SDK's RAM budget for a sketch on the Uno (boards/uno). */
const UNO_RAM_BUDGET = 1024;

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

  test('tries the Uno first; LampControl fits it, and the whole demo runs on the Uno', () => {
    expect(r.out).toContain('the Uno build fits its flash: LampControl runs on the Uno.');
    expect(r.out).not.toContain('Using the Arduino Mega');
    expect(r.out).not.toMatch(/on the mega|for mega|\(mega,/);
    expect(r.out).toContain('3. LampControl: build for the uno');
    expect(r.out).toContain("5. LampControl's figures (uno, built with arduino-builder)");
    // two builds: ProvisioningUno and LampControl, each within the ATmega328P's flash (32,256 bytes beside the bootloader) and 2 KB of RAM
    const built = [...r.out.matchAll(/built with arduino-builder: (\d+) bytes flash, (\d+) bytes static RAM/g)];
    expect(built).toHaveLength(2);
    for (const m of built) {
      expect(Number(m[1])).toBeLessThanOrEqual(UNO_FLASH);
      expect(Number(m[2])).toBeLessThan(UNO_RAM);
    }
    // every numbered step appears once, in order
    const steps = r.out.split('\n').filter((l) => /^\d\. /.test(l)).map((l) => l[0]);
    expect(steps).toEqual(['1', '2', '3', '4', '5']);
  });

  test('provisioning by QR on the Uno: the QR is on the terminal, alice claims the device, it keeps its key in EEPROM, greets her, and comes back online from EEPROM after a reboot', () => {
    expect(r.out).toContain('2. Provisioning by QR (firmware/examples/ProvisioningUno on the uno)');
    const step2 = r.out.split('\n2. Provisioning by QR')[1]?.split('\n3. LampControl')[0] ?? '';
    const first = step2.split('-- first boot (EEPROM erased)')[1]?.split('-- reboot (EEPROM kept)')[0] ?? '';
    const reboot = step2.split('-- reboot (EEPROM kept)')[1] ?? '';
    // first boot: Register, the QR (half blocks, at least a QR's 21 rows), the app's scan and claim, online, the greeting sent
    expect(first).toContain('board console: state 2 0 (Register)');
    expect(first).toContain('board console: state 3 0 (ShowQr)');
    expect(first.split('\n').filter((l) => /[\u2580\u2584\u2588]/.test(l)).length).toBeGreaterThanOrEqual(10);
    expect(first).toContain('app: alice scanned the QR on the console and claimed device uno-0001');
    expect(first).toMatch(/board console: online, key id \d+/);
    expect(first).toMatch(/board console: message sent: 200/);
    // reboot: the key from EEPROM (Validate, Online), the greeting again; no QR, no registration, no scan
    expect(reboot).toContain('board console: state 8 0 (Online)');
    expect(reboot).toMatch(/board console: message sent: 200/);
    expect(reboot).not.toMatch(/[\u2580\u2584\u2588]|state [23] |Register|ShowQr|app: /);
    expect(step2).toMatch(/claimed by QR \(SLCLAIM-[0-9a-f]+ -> device uno-0001\); its own API key is in EEPROM; after the reboot it came online from EEPROM without a QR/);
    // one greeting per boot
    expect(step2).toContain('alice received 2 greeting(s) from the device ("uno online")');
    const fig = step2.match(/ProvisioningUno on the uno: flash (\d+), peak RAM (\d+), heap (\d+), (\d+) validation errors/);
    expect(fig).toBeTruthy();
    expect(Number(fig![1])).toBeGreaterThan(20000);
    expect(Number(fig![1])).toBeLessThanOrEqual(UNO_FLASH);
    // peak RAM: more than its static RAM alone (about 830 B), within the SDK's Uno budget
    expect(Number(fig![2])).toBeGreaterThan(800);
    expect(Number(fig![2])).toBeLessThanOrEqual(UNO_RAM_BUDGET);
    expect([fig![3], fig![4]]).toEqual(['0', '0']);
    expect(step2).not.toContain('FAILED');
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
    // the figure is the last build's (LampControl's) ELF, as the build reported it
    const built = [...r.out.matchAll(/built with [\w-]+: (\d+) bytes flash/g)].map((m) => Number(m[1]));
    expect(built.length).toBe(2);
    expect(Number(flash![1])).toBe(built[1]);
    expect(Number(flash![1])).toBeLessThanOrEqual(UNO_FLASH);
    expect(Number(ram![1])).toBe(Number(ram![2]) + Number(ram![3]) + Number(ram![4]));
    expect(Number(ram![1])).toBeLessThanOrEqual(UNO_RAM);
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
