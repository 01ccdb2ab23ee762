// Decodes an 8N1 serial line from a simulated pin: the edges come with exact
// CPU cycle counts (avr8js GPIO listeners), each bit is sampled in its middle.
// Used for the Uno's console, a transmit-only SoftwareSerial on a GPIO pin.
//
//   const rx = new SoftUartDecoder(16e6 / 57600, (byte) => ...);
//   port.addListener((v, old) => { if ((v ^ old) & bit) rx.edge(cpu.cycles, v & bit ? 1 : 0); });
//   rx.flush(cpu.cycles);   // at the end of a run (or periodically)
//
// Auto-baud: `SoftUartDecoder.auto(clockHz, onByte)` holds the first
// AUTO_EDGES edges back, takes the shortest pulse as one bit, snaps it to the
// nearest standard rate, then decodes (the held edges first).
export const STANDARD_BAUDS = [300, 600, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 31250, 38400, 57600, 74880, 115200];
const AUTO_EDGES = 24;

export class SoftUartDecoder {
  private idle = true;
  private frameStart = 0;
  private edges: { cycle: number; level: number }[] = [];
  private held: { cycle: number; level: number }[] | null = null;
  private clockHz = 0;
  /** Frames whose stop bit was low (wrong baud, noise). */
  framingErrors = 0;
  /** The rate in use (auto mode: 0 until detected). */
  baud = 0;

  constructor(
    public cyclesPerBit: number,
    private readonly onByte: (byte: number) => void,
  ) {}

  /** A decoder that finds the baud rate from the line itself. */
  static auto(clockHz: number, onByte: (byte: number) => void): SoftUartDecoder {
    const d = new SoftUartDecoder(0, onByte);
    d.held = [];
    d.clockHz = clockHz;
    return d;
  }

  private detect(): void {
    const held = this.held!;
    this.held = null;
    let shortest = Infinity;
    for (let i = 1; i < held.length; ++i) shortest = Math.min(shortest, held[i].cycle - held[i - 1].cycle);
    const measured = this.clockHz / shortest;
    let best = STANDARD_BAUDS[0];
    for (const b of STANDARD_BAUDS) if (Math.abs(Math.log(b / measured)) < Math.abs(Math.log(best / measured))) best = b;
    this.baud = best;
    this.cyclesPerBit = this.clockHz / best;
    for (const e of held) this.edge(e.cycle, e.level);
  }

  /** The line changed to `level` (0 or 1) at `cycle`. */
  edge(cycle: number, level: number): void {
    if (this.held) {
      this.held.push({ cycle, level });
      if (this.held.length >= AUTO_EDGES) this.detect();
      return;
    }
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

  /**
   * Completes a frame whose stop bit has been sampled by `now`. In auto mode
   * `final` decides the rate from the edges seen so far (end of a run).
   */
  flush(now: number, final = false): void {
    if (this.held) {
      if (!final || this.held.length < 3) return;
      this.detect();
    }
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
