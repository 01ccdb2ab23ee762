// Decodes an 8N1 serial line from a simulated pin: the edges come with exact
// CPU cycle counts (avr8js GPIO listeners), each bit is sampled in its middle.
// Used for the Uno's console, a transmit-only SoftwareSerial on a GPIO pin.
//
//   const rx = new SoftUartDecoder(16e6 / 57600, (byte) => ...);
//   port.addListener((v, old) => { if ((v ^ old) & bit) rx.edge(cpu.cycles, v & bit ? 1 : 0); });
//   rx.flush(cpu.cycles);   // at the end of a run (or periodically)
export class SoftUartDecoder {
  private idle = true;
  private frameStart = 0;
  private edges: { cycle: number; level: number }[] = [];
  /** Frames whose stop bit was low (wrong baud, noise). */
  framingErrors = 0;

  constructor(
    readonly cyclesPerBit: number,
    private readonly onByte: (byte: number) => void,
  ) {}

  /** The line changed to `level` (0 or 1) at `cycle`. */
  edge(cycle: number, level: number): void {
    this.flush(cycle);
    if (this.idle) {
      if (level === 0) {
        this.idle = false;
        this.frameStart = cycle;
        this.edges = [];
      }
    } else {
      this.edges.push({ cycle, level });
    }
  }

  /** Completes a frame whose stop bit has been sampled by `now`. */
  flush(now: number): void {
    if (this.idle || now < this.frameStart + 9.5 * this.cyclesPerBit) return;
    let byte = 0;
    for (let i = 0; i < 8; ++i) {
      if (this.levelAt(this.frameStart + (i + 1.5) * this.cyclesPerBit)) byte |= 1 << i;
    }
    if (!this.levelAt(this.frameStart + 9.5 * this.cyclesPerBit)) this.framingErrors++;
    this.idle = true;
    this.onByte(byte);
  }

  private levelAt(t: number): number {
    let level = 0; // the start bit
    for (const e of this.edges) {
      if (e.cycle > t) break;
      level = e.level;
    }
    return level;
  }
}
