// Wiring an EspAtModem to something that has a UART.
//
//   attachModemToMachine(machine, modem)   // a simulated board (simulator/run.ts)
//   attachModemToStreams(child.stdout, child.stdin, modem)   // a host program
//                                           // whose stdin/stdout is its serial line
// Both return a function that detaches (and closes the modem).
import { Readable, Writable } from 'stream';
import { LiveMachine } from '../run';
import { EspAtModem } from './EspAtModem';

export function attachModemToMachine(machine: LiveMachine, modem: EspAtModem): () => void {
  const previous = machine.onOutput;
  machine.onOutput = (bytes) => {
    previous?.(bytes);
    modem.input(bytes);
  };
  modem.onOutput = (bytes) => machine.input(bytes);
  void machine.done.finally(() => modem.close());
  return () => {
    machine.onOutput = previous;
    modem.onOutput = null;
    modem.close();
  };
}

export function attachModemToStreams(fromBoard: Readable, toBoard: Writable, modem: EspAtModem): () => void {
  const onData = (b: Buffer) => modem.input(b);
  fromBoard.on('data', onData);
  toBoard.on('error', () => undefined); // the board may exit while the modem still talks
  modem.onOutput = (bytes) => {
    if (!toBoard.destroyed && !toBoard.writableEnded) toBoard.write(bytes);
  };
  const detach = () => {
    fromBoard.off('data', onData);
    modem.onOutput = null;
    modem.close();
  };
  fromBoard.once('end', detach);
  return detach;
}
