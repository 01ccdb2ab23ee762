// Runs an AVR program (ATmega328P or ATmega2560) in avr8js, cycle-exact.
//
//   const m = new AvrMachine(loadBoard('mega'), hexText);
//   m.onOutput = (bytes) => ...;          // USART0 transmit
//   m.input('hello\n');                   // queued into USART0 receive
//   const r = m.run({ maxCycles: 1e8 });   // or await m.runAsync(...) to let
//                                          // the event loop (a TCP bridge) in
//
// Stops on: the exit write of simulator/avr/board.c (GPIOR2), a BREAK
// instruction, SLEEP or a jump-to-self with interrupts disabled (avr-libc's
// exit loop), or the cycle limit. Peak stack = RAMEND - lowest SP seen, with
// SP sampled after every instruction (interrupt frames included). A frame
// set-up writes SPH and SPL with separate OUTs; the half-written SP in between
// is never used for memory, so samples are skipped until the pair completes.
// The peak is also split in two: the deepest stack of the program outside
// interrupts (peakThreadStackBytes), and the most an interrupt handler
// (nested ones included) added below the point where it landed
// (peakInterruptStackBytes). The first is a property of the code path; where
// an interrupt lands depends on timing, so peakStackBytes of two runs of the
// same path may differ by up to the second. An interrupt is served when the
// CPU's tick (not the instruction) moves the PC; it ends with its RETI.
// Interrupt latency as on the chip: after SEI, OUT SREG or RETI set the I
// flag, one more instruction runs before a pending interrupt is served (so
// an ISR never pushes onto the half-written SP of avr-gcc's epilogue
// "out SPH / out SREG / out SPL"; avr8js alone serves it at once).
//
// ADC: the ATmega's 10-bit ADC (avr8js AVRADC with the register map and
// vector of the board's chip). Every analog input reads 0 V unless set:
//   new AvrMachine(board, hex, { analogVolts: { 0: 3.3 } })  // A0 at 3.3 V
//   m.setAnalogInput(0, 1.25)                                // at any time
//   SL_SIM_ANALOG="A0=3.3,A2=1.1" npm run sim -- ...          // default for every machine
// A conversion takes its real time (25 ADC clocks first, then 13, at the
// prescaler the program set) and returns floor(V / Vref x 1024), clamped to
// 0..1023, with Vref = AVCC = 5 V (or AREF 5 V, or the internal 1.1 / 2.56 V).
import { ADCConfig, ADCMuxConfiguration, ADCMuxInputType, ADCReference, AVRADC, AVRTimer, AVRUSART, CPU, adcConfig, atmega328Channels, avrInstruction, timer0Config, usart0Config } from 'avr8js';
import { BoardProfile } from '../boards';
import { loadIntelHex } from './hex';

export type StopReason = 'exit' | 'break' | 'sleep' | 'halt' | 'cycle-limit' | 'stack-overflow' | 'stopped';

export interface Marker {
  id: number;
  cycles: number;
}

export interface AvrRunOptions {
  /** Stop after this many cycles (default 2e9). */
  maxCycles?: number;
  /** runAsync: cycles per slice between event-loop turns (default 200000). */
  sliceCycles?: number;
}

export interface AvrMachineOptions {
  /**
   * Lowest data address the stack may reach (the end of .data/.bss/.noinit,
   * or of the heap); below it the run stops with 'stack-overflow', since the
   * program would be overwriting its own variables.
   */
  stackLimit?: number;
  /**
   * Analog input voltages by ADC channel (0 = A0; on the Mega 8..15 = A8..A15),
   * 0..5 V. Default: the SL_SIM_ANALOG environment variable
   * ("A0=3.3,A1=0.5" or "0=3.3"), else 0 V everywhere.
   */
  analogVolts?: Record<number, number>;
  /**
   * Keep a shadow call stack (CALL / RCALL / ICALL / EICALL, popped when SP
   * rises above a call's return address) and snapshot it at each new peak
   * of the stack: the result's peakStackChain. Costs a little speed.
   */
  callChain?: boolean;
}

/** One call on the stack at its peak (byte addresses in flash). */
export interface CallFrame {
  /** Address of the called function (where the call went). */
  callee: number;
  /** Address of the call instruction. */
  site: number;
  /** Stack bytes in use (below RAMEND) right after the call pushed its return address. */
  depth: number;
}

/**
 * Parses "A0=3.3,A2=1.1" (or "0=3.3") into {0: 3.3, 2: 1.1}; throws on
 * anything else, naming the bad part.
 */
export function parseAnalogVolts(text: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const part of text.split(/[,\s]+/).filter(Boolean)) {
    const m = part.match(/^A?(\d{1,2})=(\d+(?:\.\d*)?|\.\d+)$/i);
    if (!m) throw new Error(`analog input "${part}": expected A<channel>=<volts>, e.g. A0=3.3`);
    const ch = Number(m[1]);
    const v = Number(m[2]);
    if (ch > 15) throw new Error(`analog input "${part}": channel ${ch} > 15`);
    if (v > 5) throw new Error(`analog input "${part}": ${v} V is above AVCC (5 V)`);
    out[ch] = v;
  }
  return out;
}

// ATmega2560: ADC vector 29 (word address 0x3a); MUX5 (ADCSRB) selects ADC8-15;
// MUX 0x1e is the 1.1 V bandgap, 0x1f ground; REFS 2 = 1.1 V, 3 = 2.56 V.
const ATMEGA2560_ADC_CHANNELS: ADCMuxConfiguration = (() => {
  const c: ADCMuxConfiguration = {};
  for (let i = 0; i < 8; ++i) {
    c[i] = { type: ADCMuxInputType.SingleEnded, channel: i };
    c[0x20 + i] = { type: ADCMuxInputType.SingleEnded, channel: 8 + i };
  }
  c[0x1e] = { type: ADCMuxInputType.Constant, voltage: 1.1 };
  c[0x1f] = { type: ADCMuxInputType.Constant, voltage: 0 };
  return c;
})();
const ADC_2560: ADCConfig = {
  ...adcConfig,
  adcInterrupt: 0x3a,
  numChannels: 16,
  muxInputMask: 0x3f,
  muxChannels: ATMEGA2560_ADC_CHANNELS,
  adcReferences: [ADCReference.AREF, ADCReference.AVCC, ADCReference.Internal1V1, ADCReference.Internal2V56],
};
const ADC_328P: ADCConfig = { ...adcConfig, muxChannels: atmega328Channels };

/** Cycles spent at each flash word address (see AvrMachine.enableProfile). */
export type CycleProfile = Float64Array;

export interface AvrRunResult {
  stopReason: StopReason;
  exitCode: number | null;
  cycles: number;
  /** Deepest stack use in bytes below RAMEND (return addresses, frames, ISRs). */
  peakStackBytes: number;
  /** Deepest stack use outside interrupt handlers (bytes below RAMEND). */
  peakThreadStackBytes: number;
  /** Most bytes an interrupt handler (with nested ones) pushed below where it landed. */
  peakInterruptStackBytes: number;
  markers: Marker[];
  serial: string;
  /**
   * With the callChain option: the calls on the stack when it was deepest,
   * outermost first, and the address executing then (byte addresses).
   */
  peakStackChain?: { frames: CallFrame[]; pc: number };
}

const GPIOR1 = 0x4a; // marker
const GPIOR2 = 0x4b; // exit code
const SPL = 0x5d;
const SPH = 0x5e;
const SREG = 0x5f;
const SREG_I = 0x80;
const OP_BREAK = 0x9598;
const OP_SLEEP = 0x9588;
const OP_RJMP_SELF = 0xcfff;
const OP_RETI = 0x9518;

// ATmega2560 vectors are 4 bytes apart and shifted by the extra peripherals.
const USART0_2560 = { rxCompleteInterrupt: 0x32, dataRegisterEmptyInterrupt: 0x34, txCompleteInterrupt: 0x36 };
const TIMER0_2560 = { compAInterrupt: 0x2a, compBInterrupt: 0x2c, ovfInterrupt: 0x2e };

export class AvrMachine {
  readonly cpu: CPU;
  readonly usart: AVRUSART;
  readonly timer0: AVRTimer;
  /** The ADC; set inputs with setAnalogInput(). */
  readonly adc: AVRADC;
  readonly ramEnd: number;
  /** Called with every byte the program transmits on USART0. */
  onOutput: ((bytes: Uint8Array) => void) | null = null;
  readonly markers: Marker[] = [];
  private serialBytes: number[] = [];
  private pendingInput: number[] = [];
  private minSp: number;
  /** Lowest SP outside interrupt handlers. */
  private minThreadSp: number;
  /** Interrupt handlers running (nested: more than 1). */
  private isrDepth = 0;
  /** SP where the outermost running interrupt landed. */
  private isrLandingSp = 0;
  private maxIsrBytes = 0;
  /** Halves of SP written since the last complete SP write (0, 1). */
  private spHalves = 0;
  private spHalfAge = 0;
  private stopReason: StopReason | null = null;
  private profile: CycleProfile | null = null;
  /** Profile only between these two marker ids (inclusive start, exclusive end). */
  private profileWindow: [number, number] | null = null;
  private profiling = false;
  private exitCode: number | null = null;

  private readonly stackLimit: number;
  /** Shadow call stack (callChain option): SP after each call, its site and target (word addresses). */
  private chain: { sp: Int32Array; site: Int32Array; callee: Int32Array; depth: number } | null = null;
  private peakChain: { frames: CallFrame[]; pc: number } | undefined;

  constructor(readonly board: BoardProfile, hex: string, opts: AvrMachineOptions = {}) {
    this.stackLimit = opts.stackLimit ?? 0;
    if (opts.callChain) this.chain = { sp: new Int32Array(1024), site: new Int32Array(1024), callee: new Int32Array(1024), depth: 0 };
    if (board.simulator.backend !== 'avr8js') throw new Error(`${board.name} is not an avr8js board`);
    const is2560 = board.simulator.vectors === 'atmega2560';
    const prog = loadIntelHex(hex, board.memory.flashBytes);
    this.cpu = new CPU(prog, board.simulator.sramBytes);
    const clock = board.cpu.clockHz;
    this.usart = new AVRUSART(this.cpu, is2560 ? { ...usart0Config, ...USART0_2560 } : usart0Config, clock);
    this.timer0 = new AVRTimer(this.cpu, is2560 ? { ...timer0Config, ...TIMER0_2560 } : timer0Config);
    this.adc = new AVRADC(this.cpu, is2560 ? ADC_2560 : ADC_328P);
    const env = process.env.SL_SIM_ANALOG;
    const volts = opts.analogVolts ?? (env ? parseAnalogVolts(env) : {});
    for (const [ch, v] of Object.entries(volts)) this.setAnalogInput(Number(ch), v);
    this.ramEnd = this.cpu.data.length - 1;
    this.minSp = this.ramEnd;
    this.minThreadSp = this.ramEnd;
    this.usart.onByteTransmit = (b) => {
      this.serialBytes.push(b);
      this.onOutput?.(Uint8Array.of(b));
    };
    this.usart.onRxComplete = () => this.feedInput();
    this.cpu.writeHooks[GPIOR1] = (value) => {
      this.markers.push({ id: value, cycles: this.cpu.cycles });
      if (this.profileWindow) {
        if (value === this.profileWindow[0]) this.profiling = true;
        if (value === this.profileWindow[1]) this.profiling = false;
      }
      return false;
    };
    const spHalf = () => {
      if (this.spHalves === 0) {
        this.spHalves = 1;
        this.spHalfAge = 0;
      } else this.spHalves = 0;
      return false;
    };
    this.cpu.writeHooks[SPL] = spHalf;
    this.cpu.writeHooks[SPH] = spHalf;
    this.cpu.writeHooks[GPIOR2] = (value) => {
      this.stop('exit', value);
      return false;
    };
  }

  /** Sets the voltage (0..5 V) on an analog input (0 = A0); the next conversion reads it. */
  setAnalogInput(channel: number, volts: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.adc.channelValues.length) {
      throw new Error(`${this.board.name} has no analog input ${channel} (0..${this.adc.channelValues.length - 1})`);
    }
    if (!(volts >= 0 && volts <= 5)) throw new Error(`analog input ${channel}: ${volts} V is outside 0..5 V`);
    this.adc.channelValues[channel] = volts;
  }

  /** Queues bytes for USART0 receive; they arrive at the configured baud rate. */
  input(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (const b of bytes) this.pendingInput.push(b);
    this.feedInput();
  }

  /** Asks a running simulation to stop at the next instruction boundary. */
  stop(reason: StopReason = 'stopped', exitCode: number | null = null): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.exitCode = exitCode;
  }

  get serial(): string {
    return Buffer.from(this.serialBytes).toString('latin1');
  }

  get peakStackBytes(): number {
    return this.ramEnd - this.minSp;
  }

  get peakThreadStackBytes(): number {
    return this.ramEnd - this.minThreadSp;
  }

  get peakInterruptStackBytes(): number {
    return this.maxIsrBytes;
  }

  /**
   * Counts the cycles of every instruction by its address (word index).
   * With `between`, only cycles from marker a to marker b are counted.
   */
  enableProfile(between?: [number, number]): CycleProfile {
    this.profile = new Float64Array(this.cpu.progMem.length);
    this.profileWindow = between ?? null;
    this.profiling = !between;
    return this.profile;
  }

  /** Reads a byte of data memory (SRAM, registers, I/O). */
  peek(addr: number): number {
    return this.cpu.data[addr];
  }

  private feedInput(): void {
    if (this.pendingInput.length && this.usart.rxEnable && !this.usart.rxBusy) {
      this.usart.writeByte(this.pendingInput.shift()!);
    }
  }

  /** Executes until a stop condition or `untilCycles`; returns true when stopped. */
  private execute(untilCycles: number): boolean {
    const cpu = this.cpu;
    const prog = cpu.progMem;
    const data = cpu.data;
    const profile = this.profile;
    let minSp = this.minSp;
    let n = 0;
    while (cpu.cycles < untilCycles && this.stopReason === null) {
      const pc = cpu.pc;
      const op = prog[pc];
      if (op === OP_BREAK) {
        this.stop('break');
        break;
      }
      if ((op === OP_SLEEP || op === OP_RJMP_SELF) && !(data[SREG] & SREG_I)) {
        this.stop(op === OP_SLEEP ? 'sleep' : 'halt');
        break;
      }
      const before = cpu.cycles;
      const chain = this.chain;
      const isCall = chain !== null && ((op & 0xfe0e) === 0x940e || (op & 0xf000) === 0xd000 || op === 0x9509 || op === 0x9519);
      const interruptsWereOff = (data[SREG] & SREG_I) === 0;
      avrInstruction(cpu);
      if (op === OP_RETI && this.isrDepth > 0) --this.isrDepth;
      if (interruptsWereOff && data[SREG] & SREG_I) {
        // SEI, OUT SREG or RETI just set I: the chip runs one more instruction
        // before it serves a pending interrupt (avr8js 0.21 serves it at once).
        // avr-gcc's epilogue "out SPH / out SREG / out SPL" relies on it.
        data[SREG] &= ~SREG_I;
        cpu.tick();
        data[SREG] |= SREG_I;
      } else {
        const pcAfter = cpu.pc;
        cpu.tick();
        if (cpu.pc !== pcAfter) {
          // an interrupt was served: it landed where SP was before its
          // return address (2 bytes, 3 on the 2560) was pushed
          if (this.isrDepth++ === 0) this.isrLandingSp = (data[SPL] | (data[SPH] << 8)) + (cpu.pc22Bits ? 3 : 2);
        }
      }
      if (profile !== null && this.profiling) profile[pc] += cpu.cycles - before;
      if (chain !== null && this.spHalves === 0) this.trackCall(chain, isCall, pc);
      if (this.spHalves === 0) {
        const sp = data[SPL] | (data[SPH] << 8);
        if (this.isrDepth === 0) {
          if (sp < this.minThreadSp) this.minThreadSp = sp;
        } else if (this.isrLandingSp - sp > this.maxIsrBytes) this.maxIsrBytes = this.isrLandingSp - sp;
        if (sp < minSp) {
          minSp = sp;
          if (chain !== null) this.snapshotChain(chain, pc);
          // SP points at the next free byte: the deepest byte written is sp + 1
          if (sp + 1 < this.stackLimit) this.stop('stack-overflow');
        }
      } else if (++this.spHalfAge > 4) {
        this.spHalves = 0; // a lone half write (8-bit SP use): trust SP again
      }
      // input queued before the program enabled its receiver
      if ((++n & 1023) === 0 && this.pendingInput.length !== 0) this.feedInput();
    }
    this.minSp = minSp;
    return this.stopReason !== null;
  }

  /** Shadow stack step: drops returned calls, pushes the call just made. */
  private trackCall(chain: NonNullable<AvrMachine['chain']>, isCall: boolean, pc: number): void {
    const data = this.cpu.data;
    const sp = data[SPL] | (data[SPH] << 8);
    while (chain.depth > 0 && sp > chain.sp[chain.depth - 1]) --chain.depth;
    // a call that ran (not an interrupt served in its place) leaves SP below its return address
    if (isCall && chain.depth < chain.sp.length && (chain.depth === 0 || sp < chain.sp[chain.depth - 1])) {
      chain.sp[chain.depth] = sp;
      chain.site[chain.depth] = pc;
      chain.callee[chain.depth] = this.cpu.pc;
      ++chain.depth;
    }
  }

  private snapshotChain(chain: NonNullable<AvrMachine['chain']>, pc: number): void {
    const frames: CallFrame[] = [];
    for (let i = 0; i < chain.depth; ++i) {
      frames.push({ callee: chain.callee[i] * 2, site: chain.site[i] * 2, depth: this.ramEnd - chain.sp[i] });
    }
    this.peakChain = { frames, pc: pc * 2 };
  }

  run(opts: AvrRunOptions = {}): AvrRunResult {
    const max = opts.maxCycles ?? 2e9;
    if (!this.execute(max)) this.stop('cycle-limit');
    return this.result();
  }

  async runAsync(opts: AvrRunOptions = {}): Promise<AvrRunResult> {
    const max = opts.maxCycles ?? 2e9;
    const slice = opts.sliceCycles ?? 200000;
    for (;;) {
      const until = Math.min(max, this.cpu.cycles + slice);
      if (this.execute(until)) break;
      if (this.cpu.cycles >= max) {
        this.stop('cycle-limit');
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    return this.result();
  }

  private result(): AvrRunResult {
    return {
      stopReason: this.stopReason ?? 'stopped',
      exitCode: this.exitCode,
      cycles: this.cpu.cycles,
      peakStackBytes: this.peakStackBytes,
      peakThreadStackBytes: this.peakThreadStackBytes,
      peakInterruptStackBytes: this.peakInterruptStackBytes,
      markers: this.markers.slice(),
      serial: this.serial,
      ...(this.peakChain ? { peakStackChain: this.peakChain } : {}),
    };
  }
}
