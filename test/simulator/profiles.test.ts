// Board profiles: every file loads and validates, and the figures the SDK
// budget relies on are the documented ones.
import { spawnSync } from 'child_process';
import { boardNames, loadBoard } from '../../simulator/boards';

test('the profiles are the seven boards', () => {
  expect(boardNames()).toEqual(['cortex-m3', 'esp32dev', 'host', 'lx106', 'mega', 'nodemcuv2', 'uno']);
});

test.each(['cortex-m3', 'esp32dev', 'host', 'lx106', 'mega', 'nodemcuv2', 'uno'])('%s loads and is complete', (name) => {
  const b = loadBoard(name);
  expect(b.name).toBe(name);
  expect(b.platformio.env).toBeTruthy();
  if (name !== 'host') {
    expect(b.arduino?.fqbn).toMatch(/^[a-z0-9]+:[a-z0-9]+:[a-z0-9_]+/);
    expect(b.memory.flashBytes).toBeGreaterThan(0);
    expect(b.memory.ramBytes).toBeGreaterThan(0);
    expect(b.budget.flashBytes).toBeLessThanOrEqual(b.memory.flashBytes);
    expect(b.budget.peakRamBytes).toBeLessThanOrEqual(b.memory.ramBytes);
  }
});

test('uno: ATmega328P, 32 KB / 2 KB at 16 MHz, SDK budget 10 KB flash / 1 KB RAM', () => {
  const b = loadBoard('uno');
  expect(b.cpu).toEqual({ arch: 'avr', mcu: 'atmega328p', clockHz: 16000000 });
  expect(b.memory.flashBytes).toBe(32768);
  expect(b.memory.ramBytes).toBe(2048);
  expect(b.budget).toEqual({ flashBytes: 10240, peakRamBytes: 1024 });
  expect(b.arduino?.fqbn).toBe('arduino:avr:uno');
});

test('mega: ATmega2560, 256 KB / 8 KB, avr8js with 0x2100 bytes of data space', () => {
  const b = loadBoard('mega');
  expect(b.cpu.mcu).toBe('atmega2560');
  expect(b.memory.flashBytes).toBe(262144);
  expect(b.memory.ramBytes).toBe(8192);
  expect(b.simulator.sramBytes).toBe(0x2100);
  expect(b.simulator.vectors).toBe('atmega2560');
});

test('an unknown board is a readable error', () => {
  expect(() => loadBoard('pdp11')).toThrow(/unknown board "pdp11"/);
});

test.each(['uno', 'mega', 'cortex-m3', 'lx106'])('%s toolchain is installed', (name) => {
  const b = loadBoard(name);
  for (const tool of [b.toolchain.cc, b.toolchain.cxx, b.toolchain.objcopy, b.toolchain.nm]) {
    expect(spawnSync(tool, ['--version']).status).toBe(0);
  }
  if (b.simulator.qemu) expect(spawnSync(b.simulator.qemu.binary, ['--version']).status).toBe(0);
});
