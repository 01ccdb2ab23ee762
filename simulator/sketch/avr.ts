// An Arduino AVR sketch (built by arduino-builder) on avr8js, with its console
// and its network UART separated (simulator/sketch/README.md):
//
//   ATmega2560 (mega): console = Serial (USART0), network = Serial1 (USART1)
//   ATmega328P (uno):  network = Serial (USART0, pins 0/1, as an ESP-01 on an
//                      Uno), console = SoftwareSerial TX on digital pin 3
//                      (PD3), decoded from the pin's edges with exact cycle
//                      counts (baud rate detected from the first characters).
import * as fs from 'fs';
import { AVREEPROM, AVRIOPort, AVRUSART, EEPROMBackend, eepromConfig, portDConfig, usart0Config } from 'avr8js';
import { AvrMachine, AvrRunResult } from '../avr/runner';
import { BuildResult } from '../build';
import { SymbolInfo, symbols } from '../elf';
import { SoftUartDecoder } from './softuart';
import { EepromOptions, SketchMachine, SketchRunResult } from './machine';
import { fixHardwareSerialUsart } from './usartfix';

/**
 * Suggested baud rate of the Uno's software-serial console (SoftwareSerial
 * console(2, 3); console.begin(57600)). The decoder finds the rate itself
 * from the first characters (any standard rate from 300 to 115200).
 */
export const CONSOLE_SOFT_BAUD = 57600;
/** Uno console pin: digital 3 = PD3. */
export const CONSOLE_SOFT_PIN = { port: 'D', bit: 3, arduinoPin: 3 };

// ATmega2560 USART1 (registers 0xC8.., vectors 36..38 at 4 bytes = 2 words each).
const USART1_2560: typeof usart0Config = {
  rxCompleteInterrupt: 0x48,
  dataRegisterEmptyInterrupt: 0x4a,
  txCompleteInterrupt: 0x4c,
  UCSRA: 0xc8,
  UCSRB: 0xc9,
  UCSRC: 0xca,
  UBRRL: 0xcc,
  UBRRH: 0xcd,
  UDR: 0xce,
};

/** A receive queue fed into a USART one character time apart (never overruns it). */
class PacedInput {
  private queue: number[] = [];
  constructor(private readonly usart: AVRUSART) {
    const prev = usart.onRxComplete;
    usart.onRxComplete = () => {
      prev?.();
      this.feed();
    };
  }
  push(data: Uint8Array): void {
    for (const b of data) this.queue.push(b);
    this.feed();
  }
  feed(): void {
    if (this.queue.length && this.usart.rxEnable && !this.usart.rxBusy) this.usart.writeByte(this.queue.shift()!);
  }
}

/**
 * Peak heap of a program that links malloc (avr-libc): the highest
 * __brkval - __heap_start seen. Writes to __brkval are hooked; the value is
 * read a few cycles later, once both bytes of the pointer are stored.
 * Returns a getter (0 when no allocator is linked, null when the symbols are missing).
 */
function trackHeap(b: BuildResult, m: AvrMachine): () => number | null {
  if (b.footprint.heapSymbols.length === 0) return () => 0;
  const syms = symbols(b.board, b.elf);
  const brk = syms.get('__brkval');
  const start = syms.get('__heap_start');
  if (!brk || !start) return () => null;
  const at = brk.addr & 0xffff;
  const base = start.addr & 0xffff;
  let peak = 0;
  let pending = false;
  const sample = () => {
    pending = false;
    const value = m.peek(at) | (m.peek(at + 1) << 8);
    if (value) peak = Math.max(peak, value - base);
  };
  for (const a of [at, at + 1]) {
    const previous = m.cpu.writeHooks[a];
    m.cpu.writeHooks[a] = (value, old, addr, mask) => {
      if (!pending) {
        pending = true;
        m.cpu.addClockEvent(sample, 8);
      }
      return previous ? previous(value, old, addr, mask) : false;
    };
  }
  return () => {
    sample();
    return peak;
  };
}

/** The peak call chain (AvrMachine callChain) in words: one line per call, then the peak's place. */
function describeChain(syms: Map<string, SymbolInfo>, chain: NonNullable<AvrRunResult['peakStackChain']>, peak: number): string[] {
  const funcs = [...syms.entries()]
    .filter(([, s]) => /^[tTwW]$/.test(s.type) && s.size > 0)
    .map(([name, s]) => ({ name, addr: s.addr, size: s.size }))
    .sort((x, y) => x.addr - y.addr);
  const where = (addr: number): string => {
    let lo = 0;
    let hi = funcs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = funcs[mid];
      if (addr < f.addr) hi = mid - 1;
      else if (addr >= f.addr + f.size) lo = mid + 1;
      else return addr === f.addr ? f.name : `${f.name}+0x${(addr - f.addr).toString(16)}`;
    }
    return `0x${addr.toString(16)}`;
  };
  const lines = chain.frames.map((f) => `${f.depth} B ${where(f.callee)} (called from ${where(f.site)})`);
  lines.push(`${peak} B at ${where(chain.pc)}`);
  return lines;
}

/** EEPROM bytes: ATmega2560 4 KB, ATmega328P 1 KB. */
export function avrEepromBytes(b: BuildResult): number {
  return b.board.simulator.vectors === 'atmega2560' ? 4096 : 1024;
}

/**
 * The chip's EEPROM (EECR/EEDR/EEAR, the same addresses on both parts; the
 * EE READY vector differs) over a byte array the caller may keep across runs.
 * `onWrite` is called after every byte written.
 */
function attachEeprom(b: BuildResult, m: AvrMachine, data: Uint8Array, onWrite: (addr: number) => void): void {
  const backend: EEPROMBackend = {
    readMemory: (addr) => data[addr % data.length],
    writeMemory: (addr, value) => {
      data[addr % data.length] &= value;
      onWrite(addr % data.length);
    },
    eraseMemory: (addr) => {
      data[addr % data.length] = 0xff;
    },
  };
  // EE READY: vector 22 on the 328P (word address 0x2C), 30 on the 2560 (0x3C, two-word vectors).
  const vector = b.board.simulator.vectors === 'atmega2560' ? 0x3c : eepromConfig.eepromReadyInterrupt;
  new AVREEPROM(m.cpu, backend, { ...eepromConfig, eepromReadyInterrupt: vector });
}

/**
 * Starts a built sketch. `analogVolts`: the ADC inputs by channel (0..5 V);
 * without it the SL_SIM_ANALOG environment variable, else 0 V (avr/runner.ts).
 */
export function startAvrSketch(
  b: BuildResult,
  maxCycles: number,
  eepromOpts: EepromOptions = {},
  analogVolts?: Record<number, number>,
  stackChain = process.env.SL_SIM_STACK_CHAIN === '1',
): SketchMachine {
  const syms = symbols(b.board, b.elf);
  const end = syms.get('__heap_start') ?? syms.get('_end') ?? syms.get('__bss_end');
  const m = new AvrMachine(b.board, fs.readFileSync(b.hex!, 'utf8'), { stackLimit: end ? end.addr & 0xffff : undefined, analogVolts, callChain: stackChain });
  const clock = b.board.cpu.clockHz;
  fixHardwareSerialUsart(m.cpu, m.usart);
  const heapPeak = trackHeap(b, m);
  const eeprom = new Uint8Array(avrEepromBytes(b)).fill(0xff);
  if (eepromOpts.eeprom) eeprom.set(eepromOpts.eeprom.subarray(0, eeprom.length));
  let eepromWrites = 0;
  const addresses: number[] = [];
  let powerCut = false;
  attachEeprom(b, m, eeprom, (addr) => {
    ++eepromWrites;
    addresses.push(addr);
    const cut =
      (eepromOpts.cutAtEepromWrite !== undefined && eepromWrites === eepromOpts.cutAtEepromWrite) ||
      (eepromOpts.cutWhen !== undefined && eepromOpts.cutWhen(addr, eepromWrites));
    if (cut && !powerCut) {
      powerCut = true;
      m.stop('stopped');
    }
  });
  const sm: SketchMachine = {
    eeprom: () => ({ data: eeprom.slice(), writes: eepromWrites, addresses: addresses.slice() }),
    onConsole: null,
    onNetwork: null,
    toNetwork: () => undefined,
    stop: () => m.stop('stopped'),
    done: Promise.resolve(null as unknown as SketchRunResult),
  };
  let poll: () => void = () => undefined;
  let finalPoll: () => void = () => poll();

  if (b.board.simulator.vectors === 'atmega2560') {
    m.onOutput = (bytes) => sm.onConsole?.(bytes);
    const usart1 = new AVRUSART(m.cpu, USART1_2560, clock);
    fixHardwareSerialUsart(m.cpu, usart1);
    const rx = new PacedInput(usart1);
    usart1.onByteTransmit = (byte) => sm.onNetwork?.(Uint8Array.of(byte));
    sm.toNetwork = (bytes) => rx.push(bytes);
    poll = () => rx.feed();
  } else {
    m.onOutput = (bytes) => sm.onNetwork?.(bytes);
    sm.toNetwork = (bytes) => m.input(bytes);
    const portD = new AVRIOPort(m.cpu, portDConfig);
    const mask = 1 << CONSOLE_SOFT_PIN.bit;
    const decoder = SoftUartDecoder.auto(clock, (byte) => sm.onConsole?.(Uint8Array.of(byte)));
    portD.addListener((value, old) => {
      if ((value ^ old) & mask) decoder.edge(m.cpu.cycles, value & mask ? 1 : 0);
    });
    poll = () => decoder.flush(m.cpu.cycles);
    finalPoll = () => decoder.flush(m.cpu.cycles + 1e9, true);
  }

  sm.done = (async () => {
    await new Promise((r) => setImmediate(r)); // let the caller attach onConsole/onNetwork first
    const timer = setInterval(poll, 10);
    try {
      const r = await m.runAsync({ maxCycles });
      finalPoll();
      return {
        stopReason: powerCut && r.stopReason === 'stopped' ? 'power-cut' : r.stopReason,
        exitCode: r.exitCode,
        cycles: r.cycles,
        peakStackBytes: r.peakStackBytes,
        peakThreadStackBytes: r.peakThreadStackBytes,
        peakInterruptStackBytes: r.peakInterruptStackBytes,
        heapBytes: heapPeak(),
        ...(r.peakStackChain ? { peakStackChain: describeChain(syms, r.peakStackChain, r.peakStackBytes) } : {}),
      };
    } finally {
      clearInterval(timer);
    }
  })();
  return sm;
}
