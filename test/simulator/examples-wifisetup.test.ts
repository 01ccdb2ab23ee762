// firmware/examples/WifiSetup on the simulated boards: the modem emulator
// knows one network whose name and password hold every character AT
// commands escape (quotes, commas, backslashes) and a space; the sketch,
// built with them, joins it (the emulator decodes the AT+CWJAP line and
// compares) and then reaches api.semilimes.net (the mock cloud) through the
// modem. A wrong password ends in "join failed: JoinFailed".
import * as path from 'path';
import { runSketch, SimReport } from '../../simulator/sketch/run';

/**
 * NAME="value" for -D with every character but letters and digits as a C
 * octal escape: arduino-builder splits its command lines at spaces and does
 * not keep an escaped quote, so neither may appear as such.
 */
function octalDefine(name: string, value: string): string {
  const body = [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('');
  return `${name}="${body}"`;
}

const SKETCH = path.join(__dirname, '..', '..', 'firmware', 'examples', 'WifiSetup');
const SSID = 'Home "5G", 2nd\\floor';
const PASSWORD = 'p\\a,s"s';

/** A run with `password` (null: the sketch as shipped, its placeholders, against a modem that joins any network). */
async function run(board: string, password: string | null, tag: string): Promise<SimReport> {
  const r = await runSketch({
    board,
    sketch: SKETCH,
    buildDir: path.join(__dirname, '..', '..', 'build', board, `sketch-WifiSetup-${tag}`),
    seconds: 60,
    until: /(reached: ready for the other examples|join failed: \w+|not reached: \w+)\r\n/,
    defines: password === null ? [] : [octalDefine('WIFI_SSID', SSID), octalDefine('WIFI_PASSWORD', password)],
    modemOptions: password === null ? {} : { networks: { [SSID]: PASSWORD } },
  });
  console.log(`WifiSetup on ${board} (${tag}): flash ${r.flashBytes} B, peak RAM ${r.peakRamBytes} B, heap ${r.heapBytes}, modem ${JSON.stringify(r.modem)}\n${r.serial}`);
  return r;
}

describe.each(['uno', 'mega', 'cortex-m3', 'lx106'])('%s: WifiSetup', (board) => {
  test('joins the network (name and password escaped for the modem) and reaches the cloud', async () => {
    const r = await run(board, PASSWORD, 'test');
    expect(r.stopReason).toBe('until');
    expect(r.serial).toBe(
      `joining ${SSID}\r\njoined: the modem joins this network by itself from now on\r\napi.semilimes.net reached: ready for the other examples\r\n`,
    );
    expect(r.modem.connects).toBe(1);
    expect(r.heapBytes).toBe(0);
    expect(r.failures.filter((f) => !/flash .* exceeds/.test(f))).toEqual([]);
  }, 300000);

  if (board === 'uno' || board === 'mega') {
    test('as shipped: joins its placeholder network (the emulator joins any) and reaches the cloud', async () => {
      const r = await run(board, null, 'shipped');
      expect(r.serial).toBe('joining your-network\r\njoined: the modem joins this network by itself from now on\r\napi.semilimes.net reached: ready for the other examples\r\n');
      expect(r.heapBytes).toBe(0);
    }, 300000);

    test('a wrong password: join failed: JoinFailed, nothing else sent', async () => {
      const r = await run(board, 'wrong', 'wrong');
      expect(r.stopReason).toBe('until');
      expect(r.serial).toBe(`joining ${SSID}\r\njoin failed: JoinFailed\r\n`);
      expect(r.modem.connects).toBe(0);
    }, 300000);
  }
});
