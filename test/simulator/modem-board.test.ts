// A simulated board on the network through the emulated ESP-AT modem: the
// firmware (sl::EspAtTransport with the target's default buffer sizes) runs
// in avr8js (uno, mega: USART0) or QEMU (cortex-m3: UART0); the UART is wired
// to the Node emulator, which connects to a TCP echo server here.
import * as net from 'net';
import { buildProgram } from '../../simulator/build';
import { EspAtModem } from '../../simulator/modem/EspAtModem';
import { attachModemToMachine } from '../../simulator/modem/attach';
import { startMachine } from '../../simulator/run';
import { startCloud } from '../../simulator/cloud/server';


const PROGRAM: Record<string, string> = {
  mega: 'test/firmware/modem/board_echo_main.cpp',
  uno: 'test/firmware/modem/board_echo_main.cpp',
  'cortex-m3': 'test/firmware/modem/board_echo_qemu_main.cpp',
};

describe.each(['mega', 'uno', 'cortex-m3'])('%s: TCP echo through the emulated ESP-AT modem', (board) => {
  test('connects, sends 321 bytes, reads them back, closes', async () => {
    const received: Buffer[] = [];
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', (b) => {
        received.push(b);
        s.write(b);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const build = buildProgram({ board, name: 'modem_echo', sources: [PROGRAM[board], 'firmware/src/transport/EspAtTransport.cpp'] });
      const machine = startMachine(build, { maxCycles: 16e6 * 60, timeoutMs: 60000 });
      const modem = new EspAtModem({ hostMap: { 'echo.test': { host: '127.0.0.1', port } } });
      attachModemToMachine(machine, modem);
      const r = await machine.done;
      expect({ exit: r.exitCode, stop: r.stopReason }).toEqual({ exit: 0, stop: 'exit' });
      expect(Buffer.concat(received).toString('latin1').startsWith('hello from the board\n')).toBe(true);
      expect(Buffer.concat(received).length).toBe(321);
      expect(modem.commands.slice(0, 5)).toEqual([
        'AT',
        'ATE0',
        'AT+CIPMUX=0',
        'AT+CIPRECVMODE=1',
        'AT+CIPSTART="TCP","echo.test",7',
      ]);
      expect(modem.commands[modem.commands.length - 1]).toBe('AT+CIPCLOSE');
      // flow control: never more asked for than the chunk (32 on AVR, 256 on 32-bit)
      expect(modem.stats.largestRecvRequest).toBeLessThanOrEqual(board === 'cortex-m3' ? 256 : 32);
      expect(modem.stats.bytesFromNetwork).toBe(321);
      expect(r.heapBytes).toBe(0);
    } finally {
      server.close();
    }
  }, 120000);
});

test('uno: HTTP GET /account/my to the mock semilimes cloud through the emulated modem', async () => {
  const cloud = await startCloud({ port: 0, apiKeys: ['board-key'] });
  try {
    const build = buildProgram({
      board: 'uno',
      name: 'modem_cloud',
      sources: ['test/firmware/modem/board_cloud_main.cpp', 'firmware/src/transport/EspAtTransport.cpp'],
    });
    const machine = startMachine(build, { maxCycles: 16e6 * 60 });
    const modem = new EspAtModem({ hostMap: { 'api.semilimes.net': { host: '127.0.0.1', port: cloud.port } } });
    attachModemToMachine(machine, modem);
    const r = await machine.done;
    expect({ exit: r.exitCode, stop: r.stopReason }).toEqual({ exit: 0, stop: 'exit' });
    expect(modem.commands).toContain('AT+CIPSTART="TCP","api.semilimes.net",443');
    expect(modem.stats.bytesFromNetwork).toBeGreaterThan(100);
    // the whole program (transport + test code) on the Uno
    expect(r.flashBytes).toBeLessThan(32 * 1024);
  } finally {
    await cloud.close();
  }
}, 120000);
