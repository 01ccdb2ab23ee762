// firmware/examples/P2PEcho on simulated boards: alice writes to the device
// in a p2p chat; the device sends each text back to her. Texts longer than
// the sketch's 39-byte buffer come back cut at a UTF-8 boundary; a gauge
// gets a note. Checked in the cloud's own record of the p2p chat.
import { figures, runExample, ExampleRunResult } from './exampleRun';

const SHORT = 'hello device';
// 32 ASCII bytes + "ü" x 5 (2 bytes each): the cut at 39 bytes falls inside the fourth ü
const LONG = `${'x'.repeat(32)}üüüüü`;

describe.each(['mega', 'lx106'])('%s: P2PEcho', (board) => {
  let r: ExampleRunResult;
  beforeAll(async () => {
    r = await runExample({
      board,
      example: 'P2PEcho',
      tag: 'echo-test',
      app: async (w) => {
        await w.waitForConsole(/connected\r\n/, 150000);
        const fromDevice = (type: string, n: number) => (m: { senderId: string; dataComponent: any }) =>
          m.senderId === w.device.accountId && m.dataComponent.dataComponentType === type && w.alice.inbox.filter((x) => x.senderId === w.device.accountId).indexOf(m as any) === n;
        w.alice.sendP2P(w.device.accountId, { dataComponentType: 'text', text: SHORT });
        await w.alice.waitForMessage(fromDevice('text', 0), 150000);
        w.alice.sendP2P(w.device.accountId, { dataComponentType: 'text', text: LONG });
        await w.alice.waitForMessage(fromDevice('text', 1), 150000);
        w.alice.sendP2P(w.device.accountId, { dataComponentType: 'gauge', title: 'T', value: 5 });
        await w.alice.waitForMessage(fromDevice('text', 2), 150000);
      },
    });
    console.log(`${figures(r.report)}\n${r.report.serial}`);
  }, 400000);

  test('each text comes back to alice in the p2p chat, a long one cut at a character boundary', () => {
    expect(r.appError).toBeUndefined();
    const chat = [...r.cloud.state.messages.values()].filter((m) => m.container.featureType === 'p2p');
    const lines = chat.map((m) => `${m.publisherId === r.device.accountId ? 'device' : 'alice'}: ${m.dataComponent.dataComponentType} ${m.dataComponent.text ?? ''}`);
    expect(lines).toEqual([
      `alice: text ${SHORT}`,
      `device: text ${SHORT}`,
      `alice: text ${LONG}`,
      `device: text ${'x'.repeat(32)}üüü`,
      'alice: gauge ',
      'device: text I only echo texts',
    ]);
    expect(r.report.serial).toContain(`echoed ${SHORT.length} bytes: Ok\r\n`);
    expect(r.report.serial).toContain('echoed 38 bytes (cut): Ok\r\n');
  });

  test('zero validation errors, no heap', () => {
    expect(r.report.cloud.validationErrors).toBe(0);
    expect(r.report.cloud.requestsPerOperation.sendP2pMessage).toBe(3);
    expect(r.report.heapBytes).toBe(0);
    expect(r.report.heapSymbols).toEqual([]);
    expect(r.report.stopReason).toBe('until');
    expect(r.report.peakRamBytes).toBeLessThanOrEqual(r.report.budget.peakRamBytes);
    expect(r.report.failures).toEqual([]);
  });
});
