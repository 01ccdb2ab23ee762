// sl::BasicClient's loop() over sl::EspAtTransport never waits for a
// connect (test/simulator/sketches/reconnect_loop on the simulated Uno and
// Mega against the mock cloud): the transport connects in steps
// (Transport::connectStep), one look at the modem per loop(). The sketch
// times every loop() with millis(); the modem emulator leaves AT+CIPSTART
// unanswered (a cloud it never reaches: the transport's 15 s timeout ends
// each try) or answers nothing at first (no modem yet: three 1 s probes).
// A connect that blocked would make one loop() last that long. The longest
// loop()s left (~45 ms on the Uno) write the upgrade request and the
// message: AT+CIPSEND of 64-byte pieces at 115,200 baud, a few ms each,
// bounded by the bytes written, not by the network.
import * as path from 'path';
import { Cloud } from '../../simulator/cloud';
import { runSketch, SimReport, stringDefine } from '../../simulator/sketch/run';
import { boot, longestLoops, ops, otherFailures, ownerCloud, UNO_SKETCH } from './provisioningBoard';

const SKETCH = path.join(__dirname, 'sketches', 'reconnect_loop');
const API_KEY = 'dev-key';

function longestLoop(serial: string): number {
  return Math.max(...[...serial.matchAll(/longest loop so far (\d+) ms/g)].map((m) => Number(m[1])));
}

async function run(board: string, modemOptions: { stallConnects?: number; muteFirstCommands?: number }) {
  let cloud: Cloud | undefined;
  let channelId = '';
  const report: SimReport = await runSketch({
    board,
    sketch: SKETCH,
    apiKey: API_KEY,
    buildDir: path.join(__dirname, '..', '..', 'build', board, 'sketch-reconnect_loop-test'),
    seconds: 120,
    until: /sent: Ok\r\n/,
    modemOptions,
    prepareCloud: (c) => {
      cloud = c;
      channelId = c.app.person('alice').createChannel('Reconnects', [c.seeded[0].account.accountId]).channelId;
      return [stringDefine('CHANNEL_ID', channelId)];
    },
  });
  const device = cloud!.seeded[0].account.accountId;
  const texts = [...cloud!.state.channels.get(channelId)!.messages].filter((m) => m.publisherId === device).map((m) => m.dataComponent);
  await cloud!.close();
  console.log(`reconnect_loop on ${board} ${JSON.stringify(modemOptions)}: flash ${report.flashBytes} B, peak RAM ${report.peakRamBytes} B, ` +
    `${report.cycles} cycles, longest loop ${longestLoop(report.serial)} ms, modem ${JSON.stringify(report.modem)}\n${report.serial}`);
  return { report, texts };
}

describe.each(['uno', 'mega'])('%s: loop() never waits for the connect (ESP-AT)', (board) => {
  test('two AT+CIPSTART unanswered: each try ends on the transport timeout, no loop() over 100 ms, the third connects, the message arrives', async () => {
    const { report: r, texts } = await run(board, { stallConnects: 2 });
    expect(r.stopReason).toBe('until');
    expect(r.modem.stalledConnects).toBe(2);
    expect(r.modem.connects).toBe(1);
    expect(r.serial).toMatch(/disconnected: ConnectFailed\r\n[\s\S]*disconnected: ConnectFailed\r\n[\s\S]*connected\r\n[\s\S]*sent: Ok\r\n/);
    // Each unanswered try took the transport's whole connect timeout (15 s) of simulated time.
    expect(r.simulatedSeconds!).toBeGreaterThan(30);
    expect(longestLoop(r.serial)).toBeLessThanOrEqual(100);
    expect(texts).toEqual([{ dataComponentType: 'text', text: 'online after a slow start' }]);
    expect(r.cloud.validationErrors).toBe(0);
    expect(r.heapBytes).toBe(0);
    expect(r.peakRamBytes!).toBeLessThanOrEqual(r.budget.peakRamBytes);
  }, 300000);

  test('no modem at first (5 commands unanswered): NoModem after three 1 s probes, no loop() over 100 ms, then online', async () => {
    const { report: r, texts } = await run(board, { muteFirstCommands: 5 });
    expect(r.stopReason).toBe('until');
    expect(r.serial).toMatch(/disconnected: ConnectFailed\r\n[\s\S]*connected\r\n[\s\S]*sent: Ok\r\n/);
    expect(r.simulatedSeconds!).toBeGreaterThan(3);
    expect(longestLoop(r.serial)).toBeLessThanOrEqual(100);
    expect(texts).toEqual([{ dataComponentType: 'text', text: 'online after a slow start' }]);
    expect(r.cloud.validationErrors).toBe(0);
    expect(r.heapBytes).toBe(0);
  }, 300000);
});

// The provisioner's HTTP exchanges connect in steps too (firmware/examples/
// Provisioning on the Mega: registerDevice, deviceClaimStatus, ~validate,
// then sl::Client's WebSocket). The sketch prints its longest loop() with
// each reading: ~470 ms, the loop() that prints the claim QR on the console
// at 57,600 baud (a blocked connect: 15 s).
describe('mega: Provisioning, the cloud unanswered at first', () => {
  test('the first two AT+CIPSTART unanswered (registerDevice): retried, claimed, online, no loop() of a second', async () => {
    const cloud = await ownerCloud();
    try {
      const { report: r } = await boot(cloud, 'mega', { until: /sending: reading 1 \(/, modemOptions: { stallConnects: 2 } });
      console.log(`Provisioning on mega, stallConnects 2: longest loop ${Math.max(...longestLoops(r.serial))} ms, modem ${JSON.stringify(r.modem)}`);
      expect(otherFailures(r)).toEqual([]);
      expect(r.stopReason).toBe('until');
      expect(r.modem.stalledConnects).toBe(2);
      expect(r.serial).toMatch(/registering with the cloud\r\n  \(retrying: connect failed\)[\s\S]*scan the QR[\s\S]*online with key #\d+/);
      expect(r.app.qrScanned).toHaveLength(1);
      expect(Math.max(...longestLoops(r.serial))).toBeLessThan(1000);
    } finally {
      await cloud.close();
    }
  }, 300000);
});

// firmware/examples/ProvisioningUno sends its message over REST with its own
// request (HttpRequestWriter on the transport), connecting in steps as well.
// A reboot with the key in EEPROM makes two connects: ~validate (the
// provisioner's), then the message's; the modem leaves the message's first
// two AT+CIPSTART unanswered. (A blocked connect: a loop() of 15 s each.)
describe('uno: ProvisioningUno, the message\'s connect unanswered twice', () => {
  test('each try ends on the transport timeout, no loop() over 100 ms, the third sends the message', async () => {
    const cloud = await ownerCloud();
    try {
      const SENT = /message sent: 2\d\d\r\n/;
      const first = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines: [], until: SENT });
      expect(first.report.stopReason).toBe('until');
      const { report: r } = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines: [], eeprom: first.eeprom, until: SENT, modemOptions: { stallConnectNumbers: [2, 3] } });
      console.log(`ProvisioningUno on uno, reboot, connects 2 and 3 unanswered: longest loop ${Math.max(...longestLoops(r.serial))} ms, ` +
        `${r.simulatedSeconds} s simulated, modem ${JSON.stringify(r.modem)}\n${r.serial}`);
      expect(otherFailures(r)).toEqual([]);
      expect(r.stopReason).toBe('until');
      expect(r.modem.stalledConnects).toBe(2);
      expect(r.modem.connects).toBe(2); // ~validate, then the message's third try
      expect(r.app.qrScanned).toEqual([]); // the key came from EEPROM
      // Each unanswered try took the transport's whole connect timeout (15 s) of simulated time.
      expect(r.simulatedSeconds!).toBeGreaterThan(30);
      expect(Math.max(...longestLoops(r.serial))).toBeLessThanOrEqual(100);
      expect(r.cloud.validationErrors).toBe(0);
      expect(r.heapBytes).toBe(0);
    } finally {
      await cloud.close();
    }
  }, 600000);
});

// The sketch and its provisioner share one link (the Uno's modem): while the
// message's exchange runs (its connect, its reply), the provisioner's periodic
// key check (Online, every SL_PROVISIONER_CHECK_INTERVAL_MS) must wait, or its
// ~validate would step the same connect or take the connection from under
// the message. Built with a 4 s check interval, the reboot's message connect
// unanswered once (15 s of simulated time): the check falls due in the middle
// of it, and runs on its own connection once that try has ended.
describe('uno: ProvisioningUno, its key check falls due while the message is sending', () => {
  test('the check waits for the message\'s try, then runs on its own connection; one message, sent once', async () => {
    const cloud = await ownerCloud();
    try {
      const SENT = /message sent: 2\d\d\r\n/;
      const defines = ['SL_PROVISIONER_CHECK_INTERVAL_MS=4000UL'];
      const first = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines, until: SENT });
      expect(first.report.stopReason).toBe('until');
      const device = cloud.state.devices.get('uno-0001')!.accountId;
      const messages = () => cloud.app.person('alice').inbox.filter((m) => m.senderId === device && m.dataComponent.text === 'uno online').length;
      const before = { messages: messages(), validate: ops(cloud, 'validateApiKey') };
      // Runs until a check after the message (state Validate = 5, then Online = 8; error code 0).
      const CHECKED = /message sent: 2\d\d\r\n[\s\S]*state 5 0\r\n[\s\S]*state 8 0\r\n/;
      const { report: r } = await boot(cloud, 'uno', { sketch: UNO_SKETCH, defines, eeprom: first.eeprom, until: CHECKED, modemOptions: { stallConnectNumbers: [2] } });
      console.log(`ProvisioningUno on uno, 4 s key checks, the message's first connect unanswered: ${r.simulatedSeconds} s simulated, modem ${JSON.stringify(r.modem)}\n${r.serial}`);
      expect(otherFailures(r)).toEqual([]);
      expect(r.stopReason).toBe('until');
      expect(r.modem.stalledConnects).toBe(1);
      expect(r.simulatedSeconds!).toBeGreaterThan(15);
      // No exchange of the provisioner failed (one sharing the message's
      // stalled connect fails with it: "state 8 2", ConnectFailed).
      expect(r.serial).not.toMatch(/state \d+ [1-9]/);
      // Four connections: ~validate at boot, the check that fell due (after
      // the message's unanswered try), the message, the next check.
      expect(r.modem.connects).toBe(4);
      expect(ops(cloud, 'validateApiKey') - before.validate).toBe(3);
      expect(r.serial).not.toMatch(/message not sent/);
      expect(r.serial.match(/message sent: /g)).toHaveLength(1);
      expect(messages() - before.messages).toBe(1);
      expect(Math.max(...longestLoops(r.serial))).toBeLessThanOrEqual(100);
      expect(r.cloud.validationErrors).toBe(0);
      expect(r.heapBytes).toBe(0);
    } finally {
      await cloud.close();
    }
  }, 600000);
});
