// `npm run sim` with test/simulator/sketches/provisioning_flow: sl::Provisioner
// on a simulated board, through the ESP-AT modem emulator, against a fresh
// mock cloud. The runner's app reads the claim QR off the serial console with
// jsqr and claims the device; the sketch then stores the token, validates it
// and reports "online".
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const SKETCH = path.join(__dirname, 'sketches', 'provisioning_flow');

function sim(args: string[]): Promise<{ code: number | null; stderr: string; report: Record<string, any> | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-prov-'));
  const reportFile = path.join(dir, 'report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['simulator/sim.ts', ...args, '--report', reportFile], { cwd: ROOT });
    let stderr = '';
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => {
      const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stderr, report });
    });
  });
}

// Provisioner states as the sketch prints them (sl::Provisioner::State).
const STATE = { Register: 2, ShowQr: 3, Poll: 4, Validate: 5, Online: 8 };

describe('provisioning flow sketch on simulated boards (QR scanned off the console)', () => {
  test.each(['mega'])('%s: register -> QR -> app claims -> token stored -> validated -> online', async (board) => {
    const r = await sim(['--board', board, '--sketch', SKETCH, '--until', 'online, key id \\d+\\r\\n', '--seconds', '60', '--quiet']);
    const rep = r.report!;
    expect(rep).not.toBeNull();
    // The flow itself: every failure other than the board's flash budget fails the test.
    const other = (rep.failures as string[]).filter((f) => !/flash \d+ bytes exceeds the \w+ budget/.test(f));
    expect({ failures: other, stop: rep.stopReason }).toEqual({ failures: [], stop: 'until' });
    const states = [...(rep.serial as string).matchAll(/state (\d+) (.*)\r\n/g)].map((m) => [Number(m[1]), m[2]]);
    expect(states.map((s) => s[0])).toEqual([STATE.Register, STATE.ShowQr, STATE.Poll, STATE.Validate, STATE.Online]);
    expect(states.every((s) => s[1] === '0')).toBe(true); // ProvisionerError::Ok
    expect(rep.serial).toMatch(/\u2588/); // the QR in half blocks
    expect(rep.app.qrScanned).toHaveLength(1);
    expect(rep.app.qrScanned[0]).toMatch(/^SLCLAIM-/);
    expect(rep.cloud.claimedDevices).toEqual(['sim-device-1']);
    expect(rep.cloud.requestsPerOperation.registerDevice).toBe(1);
    expect(rep.cloud.requestsPerOperation.getDeviceClaimStatus).toBeGreaterThanOrEqual(1);
    expect(rep.cloud.requestsPerOperation.validateApiKey).toBe(1);
    expect(rep.cloud.validationErrors).toBe(0);
    expect(rep.heapBytes).toBe(0);
    console.log(`${board}: provisioning_flow sketch flash ${rep.flashBytes}, static RAM ${rep.staticRamBytes}, peak RAM ${rep.peakRamBytes}; failures: ${JSON.stringify(rep.failures)}`);
  }, 240000);

  // Measured: the sketch (flow + default QR hook + ESP-AT transport + SoftwareSerial)
  // needs about 34.6 KB; the ATmega328P has 32 KB. Recorded here so that a change
  // in either direction is noticed (make this the test above once it fits).
  test('uno: does not fit (the link overflows the 32 KB flash)', async () => {
    const r = await sim(['--board', 'uno', '--sketch', SKETCH, '--until', 'online', '--seconds', '5', '--quiet']);
    expect(r.code).toBe(2);
    const m = r.stderr.match(/region `text' overflowed by (\d+) bytes/);
    expect(m).not.toBeNull();
    console.log(`uno: provisioning_flow sketch overflows flash by ${m![1]} bytes`);
  }, 240000);
});
