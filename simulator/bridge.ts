// Bridges a running board's console (its UART) to a TCP connection: bytes the
// board transmits go to the socket, bytes from the socket are injected into
// the board's receive line. This is the hook `npm run sim` uses to put a
// board on the network (the modem emulation sits on the socket side).
//
//   const m = startMachine(build);
//   const link = await bridgeToTcp(m, { host: '127.0.0.1', port: 4000 });
//   const report = await m.done;   // link.close() when done
import * as net from 'net';
import { LiveMachine } from './run';

export interface Bridge {
  socket: net.Socket;
  /** Bytes moved each way so far. */
  stats: { toNetwork: number; fromNetwork: number };
  close(): void;
}

export function bridgeToTcp(machine: LiveMachine, target: { host?: string; port: number }): Promise<Bridge> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: target.host ?? '127.0.0.1', port: target.port });
    const stats = { toNetwork: 0, fromNetwork: 0 };
    const previous = machine.onOutput;
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      machine.onOutput = (bytes) => {
        previous?.(bytes);
        stats.toNetwork += bytes.length;
        if (!socket.destroyed) socket.write(bytes);
      };
      socket.on('data', (b: Buffer) => {
        stats.fromNetwork += b.length;
        machine.input(b);
      });
      const close = () => {
        machine.onOutput = previous;
        socket.destroy();
      };
      void machine.done.finally(() => socket.end());
      resolve({ socket, stats, close });
    });
  });
}
