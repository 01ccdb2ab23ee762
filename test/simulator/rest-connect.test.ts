// sl::Client::request() never waits for its connect
// (test/simulator/sketches/rest_connect on simulated boards against the mock
// cloud, through the ESP-AT modem emulator and the real sl::EspAtTransport):
// the modem answers the REST call's AT+CIPSTART (the second one: the first
// is the WebSocket's) 1 s of wall-clock time late. request() answers
// InProgress meanwhile and the sketch calls it again after each loop(),
// counting the loop()s and timing each loop() with its request() call. A
// request() that waited for the connect (as before: Transport::connect())
// would answer Ok at its first call, after 0 loop()s, in one long loop().
// Then the response arrives, the WebSocket (which stepped aside for the
// call on its transport) comes back and a message goes out.
import * as path from 'path';
import { Cloud } from '../../simulator/cloud';
import { runSketch, SimReport, stringDefine } from '../../simulator/sketch/run';

const SKETCH = path.join(__dirname, 'sketches', 'rest_connect');
const API_KEY = 'dev-key';

function longestLoop(serial: string): number {
  return Math.max(...[...serial.matchAll(/longest loop so far (\d+) ms/g)].map((m) => Number(m[1])));
}

describe.each(['uno', 'mega', 'cortex-m3'])('%s: request() never waits for its connect (ESP-AT)', (board) => {
  test('AT+CIPSTART answered late: InProgress while loop() runs on, then Ok, the response, the WebSocket back', async () => {
    let cloud: Cloud | undefined;
    let channelId = '';
    const report: SimReport = await runSketch({
      board,
      sketch: SKETCH,
      apiKey: API_KEY,
      buildDir: path.join(__dirname, '..', '..', 'build', board, 'sketch-rest_connect-test'),
      seconds: 120,
      until: /sent: \w+\r\n/,
      modemOptions: { lateConnectNumbers: [2], lateConnectMs: 1000 },
      // The late answer is late in wall-clock time, which the boards' clocks
      // outrun (QEMU counts instructions: about 12 simulated seconds to one
      // here): the transport's own connect timeout (15 s) is raised to 60 s, out of
      // the way.
      defines: ['SL_ESPAT_CONNECT_TIMEOUT_MS=60000'],
      prepareCloud: (c) => {
        cloud = c;
        channelId = c.app.person('alice').createChannel('REST', [c.seeded[0].account.accountId]).channelId;
        return [stringDefine('CHANNEL_ID', channelId)];
      },
    });
    const device = cloud!.seeded[0].account.accountId;
    const texts = [...cloud!.state.channels.get(channelId)!.messages].filter((m) => m.publisherId === device).map((m) => m.dataComponent);
    await cloud!.close();
    const r = report;
    const call = /rest call: (\w+) after (\d+) loops, (\d+) ms, longest (\d+) ms/.exec(r.serial);
    console.log(`rest_connect on ${board}: flash ${r.flashBytes} B, peak RAM ${r.peakRamBytes} B, ${r.cycles} cycles, ` +
      `longest loop ${longestLoop(r.serial)} ms, modem ${JSON.stringify(r.modem)}\n${r.serial}`);
    expect(r.stopReason).toBe('until');
    expect(r.modem.lateConnects).toBe(1);
    expect(r.serial).toMatch(
      /connected\r\n[\s\S]*disconnected: Busy\r\n[\s\S]*rest call: Ok after \d+ loops[\s\S]*rest done: Ok 200 [1-9]\d*\r\n[\s\S]*connected\r\n[\s\S]*sent: Ok\r\n/,
    );
    // loop() ran on while the connect went on: many passes, none of them
    // a sizable share of the call (the call that found the link up wrote
    // the request: AT+CIPSEND, bounded by its bytes). On the AVR boards
    // (cycle-exact, the modem's answers a few ms late) no loop() at all
    // took over 100 ms, as in reconnect-loop.test.ts; QEMU's instruction
    // clock runs on while the board waits for a modem answer, so there
    // the share of the call is checked instead. (Not on the AVR boards:
    // the call lasts the late answer's wall-clock second in simulated
    // time, which a loaded machine shrinks: 514 ms unloaded, 151 ms at a
    // load of 8 on two cores, under ten of the CIPSEND's 19 ms loop.)
    expect(call).not.toBeNull();
    expect(Number(call![2])).toBeGreaterThanOrEqual(20);
    if (board === 'cortex-m3') {
      expect(Number(call![4]) * 10).toBeLessThanOrEqual(Number(call![3]));
    } else {
      expect(longestLoop(r.serial)).toBeLessThanOrEqual(100); // (the call's loops among them)
    }
    expect(r.modem.connects).toBe(3); // the WebSocket, the REST call, the WebSocket again
    expect(texts).toEqual([{ dataComponentType: 'text', text: 'online after the REST call' }]);
    expect(r.cloud.validationErrors).toBe(0);
    expect(r.heapBytes).toBe(0);
    // (On the Uno a whole sl::Client, outbox and REST state included, is
    // over the SDK's 1 KB share of the RAM: within the chip's 2 KB.)
    if (board === 'uno') expect(r.peakRamBytes!).toBeLessThanOrEqual(2048);
    else expect(r.peakRamBytes!).toBeLessThanOrEqual(r.budget.peakRamBytes);
  }, 300000);
});
