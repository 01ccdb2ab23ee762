// Runs a program on a QEMU board (cortex-m3 = mps2-an385, lx106 = xtensa sim).
//
// Console: cortex-m3 UART0 (-serial stdio); lx106 semihosting writes to fd 1.
// Both reach QEMU's stdout. The board support reports on a second channel that
// is read back after the run (cortex-m3: UART1 -> a report file; lx106:
// semihosting fd 2 = QEMU's stderr): "SLREPORT exit=<code> stack=<bytes>" and "SLMARK <id> <count>".
// Exit is a semihosting call, so QEMU terminates by itself.
//
//   const r = runQemuSync(board, elf, { input: 'abc', timeoutMs: 30000 });
//   const m = new QemuMachine(board, elf); m.onOutput = ...; m.input(...);
//   const r2 = await m.runAsync();
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BoardProfile } from '../boards';

export interface QemuRunOptions {
  /** Bytes for the console input (cortex-m3 UART0 receive, lx106 fd 0). */
  input?: string | Uint8Array;
  timeoutMs?: number;
  /** Extra QEMU arguments. */
  extraArgs?: string[];
  /** Count instructions with -icount (default true when the board says how). */
  countInstructions?: boolean;
}

export interface QemuRunResult {
  stopReason: 'exit' | 'timeout' | 'crash';
  exitCode: number | null;
  /** Deepest stack use in bytes, from the painted stack (null if not reported). */
  peakStackBytes: number | null;
  /** Instructions from reset to exit (with instruction counting), else null. */
  instructions: number | null;
  /** Marks in instructions since reset (with counting) or raw board timer ticks. */
  markers: { id: number; cycles: number }[];
  serial: string;
  /** QEMU's own diagnostics (stderr without the report lines). */
  diagnostics: string;
  qemuStatus: number | null;
}

let reportSeq = 0;

/** QEMU command line; `report` is the file cortex-m3's UART1 is written to. */
export function qemuCommand(
  board: BoardProfile,
  elf: string,
  extraArgs: string[] = [],
  countInstructions = true,
): { argv: string[]; report?: string } {
  const q = board.simulator.qemu;
  if (board.simulator.backend !== 'qemu' || !q) throw new Error(`${board.name} is not a QEMU board`);
  const args = [...q.args, '-kernel', elf, '-display', 'none', '-monitor', 'none', '-no-reboot'];
  if (countInstructions && q.icount) args.push('-icount', `shift=${q.icount.shift},align=off,sleep=off`);
  if (board.cpu.arch === 'arm') {
    const report = path.join(path.dirname(elf), `report-${process.pid}-${++reportSeq}.txt`);
    args.push('-semihosting-config', 'enable=on,target=native', '-serial', 'stdio', '-serial', `file:${report}`);
    return { argv: [q.binary, ...args, ...extraArgs], report };
  }
  args.push('-serial', 'none');
  return { argv: [q.binary, ...args, ...extraArgs] };
}

function takeReport(file: string | undefined): string {
  if (!file) return '';
  try {
    const text = fs.readFileSync(file, 'latin1');
    fs.rmSync(file, { force: true });
    return text;
  } catch {
    return '';
  }
}

function parse(
  stdout: string,
  stderr: string,
  status: number | null,
  timedOut: boolean,
  ticksPerInstruction: number | null,
): QemuRunResult {
  let exitCode: number | null = null;
  let peak: number | null = null;
  let ticks: number | null = null;
  const toInstructions = (t: number) => (ticksPerInstruction ? Math.round(t / ticksPerInstruction) : t);
  const markers: { id: number; cycles: number }[] = [];
  const diag: string[] = [];
  for (const line of stderr.split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/SLREPORT exit=(\d+) stack=(\d+)(?: ticks=(\d+))?/))) {
      exitCode = Number(m[1]);
      peak = Number(m[2]);
      if (m[3] !== undefined) ticks = Number(m[3]);
    } else if ((m = line.match(/SLMARK (\d+) (\d+)/))) {
      markers.push({ id: Number(m[1]), cycles: toInstructions(Number(m[2])) });
    } else if (line.trim()) diag.push(line);
  }
  const stopReason = exitCode !== null ? 'exit' : timedOut ? 'timeout' : 'crash';
  const instructions = ticksPerInstruction && ticks !== null ? toInstructions(ticks) : null;
  return {
    stopReason,
    exitCode,
    peakStackBytes: peak,
    instructions,
    markers,
    serial: stdout,
    diagnostics: diag.join('\n'),
    qemuStatus: status,
  };
}

export function runQemuSync(board: BoardProfile, elf: string, opts: QemuRunOptions = {}): QemuRunResult {
  const counting = opts.countInstructions !== false && !!board.simulator.qemu?.icount;
  const { argv, report } = qemuCommand(board, elf, opts.extraArgs, counting);
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, {
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? 60000,
    maxBuffer: 64 << 20,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  const stderr = (r.stderr?.toString('latin1') ?? '') + takeReport(report);
  const tpi = counting ? board.simulator.qemu!.icount!.ticksPerInstruction : null;
  return parse(r.stdout?.toString('latin1') ?? '', stderr, r.status, timedOut, tpi);
}

/** A running QEMU board with a live console (for bridges). */
export class QemuMachine {
  onOutput: ((bytes: Uint8Array) => void) | null = null;
  private child: ChildProcess | null = null;
  private pending: Buffer[] = [];

  constructor(readonly board: BoardProfile, readonly elf: string) {}

  input(data: string | Uint8Array): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    if (this.child?.stdin) this.child.stdin.write(buf);
    else this.pending.push(buf);
  }

  stop(): void {
    if (this.child?.pid) this.child.kill('SIGTERM');
  }

  runAsync(opts: QemuRunOptions = {}): Promise<QemuRunResult> {
    const counting = opts.countInstructions !== false && !!this.board.simulator.qemu?.icount;
    const tpi = counting ? this.board.simulator.qemu!.icount!.ticksPerInstruction : null;
    const { argv, report } = qemuCommand(this.board, this.elf, opts.extraArgs, counting);
    const [cmd, ...args] = argv;
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    if (opts.input) this.input(opts.input);
    for (const b of this.pending.splice(0)) child.stdin.write(b);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, opts.timeoutMs ?? 60000);
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      this.onOutput?.(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        this.child = null;
        const stderr = Buffer.concat(err).toString('latin1') + takeReport(report);
        resolve(parse(Buffer.concat(out).toString('latin1'), stderr, status, timedOut, tpi));
      });
    });
  }
}
