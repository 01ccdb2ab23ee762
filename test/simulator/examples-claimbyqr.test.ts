// firmware/examples/ClaimByQr through the sim runner (runSketch): the device
// registers, draws the claim QR on its console, the app reads the QR off the
// console (jsqr) and claims the device, the device polls until it gets its
// API key and opens the WebSocket with it (a 401 would never print
// "connected").
import * as path from 'path';
import { runSketch, SimReport } from '../../simulator/sketch/run';

const SKETCH = path.resolve(__dirname, '../../firmware/examples/ClaimByQr');
const END = /(connected with the claimed key|not claimed|failed)\r\n/;

describe.each(['mega', 'cortex-m3', 'lx106'])('%s: ClaimByQr', (board) => {
  let r: SimReport;
  beforeAll(async () => {
    // its own define, so its build folder differs from the one npm run demo uses
    r = await runSketch({ board, sketch: SKETCH, until: END, seconds: 60, defines: ['SL_EXAMPLE_TEST=1'] });
    console.log(`ClaimByQr on ${board}: flash ${r.flashBytes}, peak RAM ${r.peakRamBytes} (static ${r.staticRamBytes} + stack ${r.peakStackBytes} + heap ${r.heapBytes}), cycles ${r.cycles}`);
  }, 240000);

  test('the QR is drawn, scanned and claimed; the device connects with its new key', () => {
    expect(r.serial).toMatch(/\u2588/);
    expect(r.serial.endsWith('scan the QR with the semilimes app\r\nclaimed\r\nconnected with the claimed key\r\n')).toBe(true);
    expect(r.app.qrScanned).toHaveLength(1);
    expect(r.app.qrScanned[0]).toMatch(/^SLCLAIM-[0-9a-f]+$/);
    expect(r.app.qrScanned[0]).not.toContain('pk-'); // the provisioning key never goes into the QR
    expect(r.cloud.claimedDevices).toEqual(['lamp-0001']);
    const ops = r.cloud.requestsPerOperation;
    expect(ops.registerDevice).toBe(1);
    expect(ops.getDeviceClaimStatus).toBeGreaterThanOrEqual(1);
    expect(ops.websocketUpgrade).toBe(1);
  });

  test('no validation errors, no heap; only the Mega is over its flash budget', () => {
    expect(r.cloud.validationErrors).toBe(0);
    expect(r.heapBytes).toBe(0);
    expect(r.heapSymbols).toEqual([]);
    expect(r.stopReason).toBe('until');
    if (board === 'mega') {
      expect(r.failures).toEqual([`flash ${r.flashBytes} bytes exceeds the mega budget of ${r.budget.flashBytes}`]);
    } else {
      expect(r.failures).toEqual([]);
    }
  });
});
