// A sketch built with a minimal core (cores.ts) on a QEMU board, with its
// console and network apart (simulator/sketch/README.md):
//
//   cortex-m3: console = UART0 (QEMU stdio), network = UART2 over a TCP link
//              to this process, stop control = UART3 over a second link.
//   lx106:     console = semihosting fd 1, network = fd 3 (a socket pair),
//              stop control = fd 4 (QEMU's extra inherited descriptors).
// Stopping (--until, time limit) sends a byte on the control channel: the
// core exits through sl_board_exit(0), whose report carries the peak stack
// (painted RAM scanned at exit). Without an answer within STOP_GRACE_MS
// QEMU is killed and the stack stays unknown.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { Duplex, Writable } from 'stream';
import { BuildResult } from '../build';
import { qemuCommand } from '../qemu/runner';
import { SketchMachine, SketchRunResult } from './machine';

export const STOP_GRACE_MS = 5000;

function listen(): Promise<{ server: net.Server; port: number; socket: Promise<net.Socket> }> {
  return new Promise((resolve, reject) => {
    let accept: (s: net.Socket) => void;
    const socket = new Promise<net.Socket>((r) => (accept = r));
    const server = net.createServer((s) => {
      s.setNoDelay(true);
      s.on('error', () => undefined);
      accept(s);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, socket }));
  });
}

function parseReport(text: string): { exitCode: number | null; stack: number | null; ticks: number | null; diag: string[] } {
  let exitCode: number | null = null;
  let stack: number | null = null;
  let ticks: number | null = null;
  const diag: string[] = [];
  for (const line of text.split('\n')) {
    const m = line.match(/SLREPORT exit=(\d+) stack=(\d+)/);
    if (m) {
      exitCode = Number(m[1]);
      stack = Number(m[2]);
      const t = line.match(/ticks=(\d+)/);
      ticks = t ? Number(t[1]) : null;
    } else if (line.trim() && !/^SLMARK /.test(line)) diag.push(line);
  }
  return { exitCode, stack, ticks, diag };
}

/**
 * `cwd`: QEMU's working directory (default this process's). The cortex-m3
 * core keeps its EEPROM in `cwd`/sl-sim-eeprom.bin when that file exists
 * (cores/common/EEPROM.h).
 */
export function startQemuSketch(b: BuildResult, timeoutMs: number, opts: { cwd?: string } = {}): SketchMachine {
  const arm = b.board.cpu.arch === 'arm';
  let child: ChildProcess | null = null;
  let network: Duplex | null = null;
  let control: Writable | null = null;
  let stopWanted: string | null = null;
  const pendingNet: Buffer[] = [];
  const servers: net.Server[] = [];

  const sm: SketchMachine = {
    onConsole: null,
    onNetwork: null,
    toNetwork: (bytes) => {
      const buf = Buffer.from(bytes);
      if (network && !network.destroyed) network.write(buf);
      else pendingNet.push(buf);
    },
    stop: () => requestStop('stopped'),
    done: Promise.resolve(null as unknown as SketchRunResult),
  };

  let killTimer: NodeJS.Timeout | null = null;
  function requestStop(reason: string): void {
    if (stopWanted || !child) return;
    stopWanted = reason;
    if (control && !control.destroyed) control.write('Q');
    killTimer = setTimeout(() => child?.kill('SIGTERM'), STOP_GRACE_MS);
  }

  sm.done = (async (): Promise<SketchRunResult> => {
    await new Promise((r) => setImmediate(r)); // let the caller attach onConsole/onNetwork first
    let extraArgs: string[] = [];
    let netLink: Awaited<ReturnType<typeof listen>> | null = null;
    let ctlLink: Awaited<ReturnType<typeof listen>> | null = null;
    if (arm) {
      netLink = await listen();
      ctlLink = await listen();
      servers.push(netLink.server, ctlLink.server);
      extraArgs = ['-serial', `tcp:127.0.0.1:${netLink.port},nodelay`, '-serial', `tcp:127.0.0.1:${ctlLink.port},nodelay`];
    }
    const { argv, report } = qemuCommand(b.board, b.elf, extraArgs);
    const [cmd, ...args] = argv;
    const proc = spawn(cmd, args, { cwd: opts.cwd, stdio: arm ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
    child = proc;
    const err: Buffer[] = [];
    proc.stdout!.on('data', (d: Buffer) => sm.onConsole?.(d));
    proc.stderr!.on('data', (d: Buffer) => err.push(d));
    proc.stdin!.on('error', () => undefined);
    if (arm) {
      network = await netLink!.socket;
      control = await ctlLink!.socket;
    } else {
      network = proc.stdio[3] as unknown as Duplex;
      control = proc.stdio[4] as unknown as Writable;
    }
    network.on('error', () => undefined);
    control.on('error', () => undefined);
    network.on('data', (d: Buffer) => sm.onNetwork?.(d));
    for (const buf of pendingNet.splice(0)) network.write(buf);
    const limit = setTimeout(() => requestStop('timeout'), timeoutMs);
    const status = await new Promise<number | null>((resolve, reject) => {
      proc.on('error', reject);
      proc.on('close', (code) => resolve(code));
    });
    clearTimeout(limit);
    if (killTimer) clearTimeout(killTimer);
    for (const s of servers) s.close();
    network.destroy();
    control.destroy();
    let reportText = Buffer.concat(err).toString('latin1');
    if (report) {
      try {
        reportText += fs.readFileSync(report, 'latin1');
      } catch {
        // no report written
      }
      fs.rmSync(report, { force: true });
    }
    const rep = parseReport(reportText);
    let stopReason: string;
    if (rep.exitCode !== null) stopReason = stopWanted && rep.exitCode === 0 ? stopWanted : 'exit';
    else stopReason = stopWanted ? `${stopWanted} (killed: no stack report)` : 'crash';
    if (rep.diag.some((l) => l.startsWith('SLCRASH'))) stopReason = 'crash';
    return {
      stopReason,
      exitCode: stopWanted && rep.exitCode === 0 ? null : rep.exitCode,
      // lx106: QEMU advances CCOUNT by the instructions executed (32-bit, wraps after 2^32)
      cycles: arm ? null : rep.ticks,
      peakStackBytes: rep.stack,
      heapBytes: b.footprint.heapSymbols.length === 0 ? 0 : null,
      diagnostics: [...rep.diag, status !== 0 && status !== null ? `qemu exit status ${status}` : ''].filter(Boolean).join('\n') || undefined,
    };
  })();
  return sm;
}
