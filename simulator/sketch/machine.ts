// A running sketch as `npm run sim` sees it: a console (what the board
// prints) and a network UART (wired to the ESP-AT modem emulator), kept apart.
export interface SketchRunResult {
  /** exit, cycle-limit, timeout, stopped (by --until or stop()), stack-overflow, crash, ... */
  stopReason: string;
  exitCode: number | null;
  /** Exact CPU cycles (AVR); null where the simulator is not cycle-accurate (QEMU). */
  cycles: number | null;
  /** Deepest stack use in bytes; null when the board could not measure it. */
  peakStackBytes: number | null;
  /**
   * AVR boards: peakStackBytes split into the deepest stack outside
   * interrupt handlers and the most an interrupt added where it landed
   * (simulator/avr/runner.ts). Where an interrupt lands is timing, so runs
   * of one code path compare exactly on the first.
   */
  peakThreadStackBytes?: number;
  peakInterruptStackBytes?: number;
  /** Heap in use (0 when no allocator is linked; null when unknown). */
  heapBytes: number | null;
  diagnostics?: string;
  /**
   * AVR boards with the stackChain option: the calls on the stack at its
   * deepest, outermost first, one line each ("<stack bytes at entry> B
   * <function> (called from <function>+<offset>)"), then the function
   * executing at the peak ("<peak> B at <function>+<offset>").
   */
  peakStackChain?: string[];
}

export interface SketchMachine {
  /** Console bytes the board prints. */
  onConsole: ((bytes: Uint8Array) => void) | null;
  /** Bytes the board transmits on its network UART. */
  onNetwork: ((bytes: Uint8Array) => void) | null;
  /** Bytes for the board's network UART receive line. */
  toNetwork(bytes: Uint8Array): void;
  stop(): void;
  done: Promise<SketchRunResult>;
  /**
   * The board's EEPROM (AVR boards): its contents now and the bytes written
   * so far in this run (each changed byte counts once per write). Undefined
   * on boards without an EEPROM model.
   */
  eeprom?: () => { data: Uint8Array; writes: number; addresses: number[] };
}

/** EEPROM of a simulated board across runs (power cuts, reboots). */
export interface EepromOptions {
  /** Contents at power-on (default: erased, all 0xFF). Shorter input is padded with 0xFF. */
  eeprom?: Uint8Array;
  /**
   * Power cut: the board stops right after its Nth EEPROM byte write of this
   * run (1-based; the byte is written whole), stopReason 'power-cut'.
   */
  cutAtEepromWrite?: number;
  /**
   * Power cut chosen by the write: called after every EEPROM byte write with
   * its address and its 1-based number in this run; true stops the board there.
   */
  cutWhen?: (address: number, write: number) => boolean;
}
