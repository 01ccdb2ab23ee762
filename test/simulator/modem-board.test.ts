// A simulated board on the network through the emulated ESP-AT modem: the
// firmware (sl::EspAtTransport, AVR buffer sizes) runs in avr8js, its USART0
// is wired to the Node emulator, which connects to a TCP echo server here.
import * as net from 'net';
import { buildProgram } from '../../simulator/build';
import { EspAtModem } from '../../simulator/modem/EspAtModem';
import { attachModemToMachine } from '../../simulator/modem/attach';
import { startMachine } from '../../simulator/run';

const SOURCES = ['test/firmware/modem/board_echo_main.cpp', 'firmware/src/transport/EspAtTransport.cpp'];

describe.each(['mega', 'uno'])('%s: TCP echo through the emulated ESP-AT modem', (board) => {
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
      const build = buildProgram({ board, name: 'modem_echo', sources: SOURCES });
      const machine = startMachine(build, { maxCycles: 16e6 * 60 });
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
      // flow control: never more asked for than the 32-byte chunk / 64-byte ring
      expect(modem.stats.largestRecvRequest).toBeLessThanOrEqual(32);
      expect(modem.stats.bytesFromNetwork).toBe(321);
      expect(r.heapBytes).toBe(0);
    } finally {
      server.close();
    }
  }, 120000);
});
