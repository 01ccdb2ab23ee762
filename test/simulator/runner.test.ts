// Tests of the simulator itself: build + run tiny programs on every simulated
// board and check console, exit codes, input injection, cycle counts, stack
// depth and heap detection.
import { loadBoard, simulatedBoards } from '../../simulator/boards';
import { buildProgram, BuildResult } from '../../simulator/build';
import { runBuiltSync, startMachine } from '../../simulator/run';

const P = 'test/simulator/programs';
const BOARDS = simulatedBoards().map((b) => b.name);

test('the simulated boards are the four the SDK targets', () => {
  expect(BOARDS.sort()).toEqual(['cortex-m3', 'lx106', 'mega', 'uno']);
});

describe.each(BOARDS)('%s', (board) => {
  const builds = new Map<string, BuildResult>();
  const build = (prog: string) => {
    let b = builds.get(prog);
    if (!b) {
      b = buildProgram({ board, name: `sim_${prog}`, sources: [`${P}/${prog}.cpp`] });
      builds.set(prog, b);
    }
    return b;
  };

  test('prints a known line and exits with its code', () => {
    const r = runBuiltSync(build('hello'));
    expect(r.serial).toBe('hello from the board\n');
    expect(r.exitCode).toBe(7);
    expect(r.stopReason).toBe('exit');
    expect(r.flashBytes).toBeGreaterThan(100);
    expect(r.heapBytes).toBe(0);
    expect(r.heapSymbols).toEqual([]);
    expect(r.peakStackBytes).toBeGreaterThan(0);
    expect(r.peakRamBytes).toBe(r.staticRamBytes + r.peakStackBytes!);
    const profile = loadBoard(board);
    expect(r.flashBytes).toBeLessThan(profile.memory.flashBytes);
  });

  test('console input reaches the program; stack grows linearly with recursion', () => {
    const peaks = [10, 20, 30].map((n) => {
      const r = runBuiltSync(build('recurse'), { input: `${n}\n`, maxCycles: 5e7, timeoutMs: 20000 });
      expect(r.serial).toBe(`depth ${n}\n`);
      expect(r.exitCode).toBe(0);
      return r.peakStackBytes!;
    });
    const step = peaks[1] - peaks[0];
    // a frame holds at least the 16-byte array and a return address
    expect(step / 10).toBeGreaterThanOrEqual(16 + (board === 'uno' || board === 'mega' ? 2 : 4));
    expect(peaks[2] - peaks[1]).toBe(step);
  });

  test('a program that never exits is stopped', () => {
    const r = runBuiltSync(build('spin'), { maxCycles: 1e6, timeoutMs: 1500 });
    expect(r.exitCode).toBeNull();
    // AVR: `rjmp .` with interrupts off is detected at once as a halt
    expect(['cycle-limit', 'timeout', 'halt']).toContain(r.stopReason);
  });

  test('a linked allocator is reported', () => {
    const r = runBuiltSync(build('heap'));
    expect(r.serial).toBe('y');
    expect(r.heapSymbols).toContain('malloc');
    if (board === 'uno' || board === 'mega') expect(r.heapBytes).toBeGreaterThanOrEqual(100);
    else expect(r.heapBytes).toBeNull();
  });

  test('live machine: output streams and input can be injected while running', async () => {
    const m = startMachine(build('recurse'), { timeoutMs: 20000 });
    const seen: number[] = [];
    m.onOutput = (bytes) => seen.push(...bytes);
    setTimeout(() => m.input('5\n'), 50);
    const r = await m.done;
    expect(Buffer.from(seen).toString()).toBe('depth 5\n');
    expect(r.exitCode).toBe(0);
  });
});

test('uno: a stack running into static data stops the run as stack-overflow', () => {
  const b = buildProgram({ board: 'uno', name: 'sim_recurse', sources: [`${P}/recurse.cpp`] });
  const r = runBuiltSync(b, { input: '200\n', maxCycles: 5e7 });
  expect(r.stopReason).toBe('stack-overflow');
  expect(r.exitCode).toBeNull();
  expect(r.staticRamBytes + r.peakStackBytes!).toBeGreaterThan(2048);
});

describe.each(['uno', 'mega'])('%s cycle counting (avr8js)', (board) => {
  test('dec/brne loop costs exactly 3 cycles a pass', () => {
    const r = runBuiltSync(buildProgram({ board, name: 'sim_cycles', sources: [`${P}/cycles.cpp`] }));
    expect(r.exitCode).toBe(0);
    const at = new Map(r.markers.map((m) => [m.id, m.cycles]));
    expect(r.markers.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const empty = at.get(2)! - at.get(1)!;
    expect(empty).toBeGreaterThan(0);
    expect(at.get(4)! - at.get(3)! - empty).toBe(300);
    expect(at.get(6)! - at.get(5)! - empty).toBe(600);
    expect(r.cycles).toBeGreaterThan(at.get(6)!);
  });
});

describe.each(['cortex-m3', 'lx106'])('%s faults', (board) => {
  test('a jump to a bad address ends the run with exit 139', () => {
    const r = runBuiltSync(buildProgram({ board, name: 'sim_fault', sources: [`${P}/fault.cpp`] }), {
      timeoutMs: 10000,
    });
    expect(r.exitCode).toBe(139);
  });
});

describe.each(['mega', 'cortex-m3', 'lx106'])('%s TCP bridge', (board) => {
  test('the console is carried over a TCP connection both ways', async () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const net = require('net') as typeof import('net');
    const { bridgeToTcp } = await import('../../simulator/bridge');
    const received: Buffer[] = [];
    const server = net.createServer((sock) => {
      sock.write('12\n');
      sock.on('data', (b) => received.push(b));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as import('net').AddressInfo).port;
    try {
      const m = startMachine(buildProgram({ board, name: 'sim_bridge', sources: [`${P}/recurse.cpp`] }), {
        timeoutMs: 20000,
        maxCycles: 5e7,
      });
      const link = await bridgeToTcp(m, { port });
      const r = await m.done;
      await new Promise((res) => setTimeout(res, 50));
      link.close();
      expect(r.exitCode).toBe(0);
      expect(Buffer.concat(received).toString()).toBe('depth 12\n');
      expect(link.stats.fromNetwork).toBe(3);
    } finally {
      server.close();
    }
  });
});

test('budget check: a small program fits the Uno budget, a heap never does', async () => {
  const { budgetViolations } = await import('../../simulator/run');
  const uno = loadBoard('uno');
  const hello = runBuiltSync(buildProgram({ board: 'uno', name: 'sim_hello', sources: [`${P}/hello.cpp`] }));
  expect(budgetViolations(hello, uno)).toEqual([]);
  const heap = runBuiltSync(buildProgram({ board: 'uno', name: 'sim_heap', sources: [`${P}/heap.cpp`] }));
  expect(budgetViolations(heap, uno).join()).toMatch(/heap linked: .*malloc/);
  expect(budgetViolations({ ...hello, flashBytes: 20000 }, uno)).toEqual(['flash 20000 B > budget 10240 B']);
});

describe.each(['cortex-m3', 'lx106'])('%s instruction counting (QEMU -icount)', (board) => {
  test('a two-instruction loop costs 2 instructions a pass', () => {
    const r = runBuiltSync(buildProgram({ board, name: 'sim_insns', sources: [`${P}/insns.cpp`] }));
    expect(r.exitCode).toBe(0);
    const at = new Map(r.markers.map((m) => [m.id, m.cycles]));
    const short = at.get(2)! - at.get(1)!;
    const long = at.get(4)! - at.get(3)!;
    expect(short).toBeGreaterThanOrEqual(2000);
    expect(short).toBeLessThan(2040); // plus the mark call itself
    expect(Math.abs(long - short - 2000)).toBeLessThanOrEqual(1);
    expect(r.instructions).toBeGreaterThan(at.get(4)!);
    expect(r.cycles).toBeNull();
  });

  // The virtual clock counts instructions only (-icount sleep=off): the same
  // program gives the same counts run after run, however loaded the host is.
  // (With QEMU's default sleep=on lx106's marks drifted by up to 30,000
  // instructions between runs and the loop difference above by 2.)
  test('counts are the same run after run', () => {
    const b = buildProgram({ board, name: 'sim_insns', sources: [`${P}/insns.cpp`] });
    const runs = [0, 1, 2].map(() => runBuiltSync(b)).map((r) => ({ markers: r.markers, instructions: r.instructions }));
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });
});
