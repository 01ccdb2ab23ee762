// The AVR runner's call chain at the stack's peak (AvrMachine callChain, the
// sim's --stack-chain / SL_SIM_STACK_CHAIN=1): a program recursing N deep
// shows N calls of its recursive function, in order, each frame deeper than
// the one before by the same step, under main, and the peak below them all.
import * as fs from 'fs';
import { AvrMachine } from '../../simulator/avr/runner';
import { buildProgram } from '../../simulator/build';
import { symbols } from '../../simulator/elf';

describe.each(['uno', 'mega'])('%s', (board) => {
  const b = buildProgram({ board, name: 'sim_recurse', sources: ['test/simulator/programs/recurse.cpp'] });
  const syms = symbols(b.board, b.elf);
  const addrOf = (re: RegExp) => [...syms.entries()].find(([name, s]) => re.test(name) && /[tT]/.test(s.type))![1].addr;

  const run = (n: number, callChain: boolean) => {
    const m = new AvrMachine(b.board, fs.readFileSync(b.hex!, 'utf8'), { callChain });
    m.input(`${n}\n`);
    return m.run({ maxCycles: 5e7 });
  };

  test('12 deep: twelve calls of depth() at one step each, under main, the peak below them', () => {
    const r = run(12, true);
    expect(r.serial).toBe('depth 12\n');
    const chain = r.peakStackChain!;
    const depthFn = addrOf(/^depth\(int\)/);
    const calls = chain.frames.filter((f) => f.callee === depthFn);
    // depth(12) .. depth(0): 13 calls, the last one holds the peak
    expect(calls.length).toBe(13);
    const steps = calls.slice(1).map((f, i) => f.depth - calls[i].depth);
    expect(new Set(steps).size).toBe(1);
    expect(steps[0]).toBeGreaterThanOrEqual(16 + (board === 'mega' ? 3 : 2));
    // the outermost call is main's (from the start-up code), before the recursion
    expect(chain.frames[0].callee).toBe(addrOf(/^main$/));
    expect(chain.frames.indexOf(calls[0])).toBeGreaterThan(0);
    for (let i = 1; i < chain.frames.length; ++i) expect(chain.frames[i].depth).toBeGreaterThan(chain.frames[i - 1].depth);
    expect(calls[12].depth).toBeLessThanOrEqual(r.peakStackBytes);
    expect(r.peakStackBytes - calls[12].depth).toBeLessThan(steps[0]);
    // the peak is inside depth() (its frame set up), not in a returned call
    expect(chain.pc).toBeGreaterThanOrEqual(depthFn);
    expect(chain.pc).toBeLessThan(depthFn + syms.get([...syms.keys()].find((k) => /^depth\(int\)/.test(k))!)!.size);
  });

  test('the same peak with or without the chain; no chain unless asked for', () => {
    const a = run(5, false);
    const c = run(5, true);
    expect(a.peakStackChain).toBeUndefined();
    expect(c.peakStackBytes).toBe(a.peakStackBytes);
    expect(c.cycles).toBe(a.cycles);
  });
});
