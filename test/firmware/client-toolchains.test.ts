// sl::Client on every firmware toolchain: warning-free builds (defaults and
// small/large limits), no heap symbol in a linked sketch-like program, and
// the flash/RAM figures of that program on AVR (written to
// build/client-sizes.json for the report).
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, TOOLCHAINS, ToolchainName, compileFor, heapSymbols, isInstalled, linkFor, sizeOf, symbolsOf } from '../helpers/toolchains';
import { CLIENT_LIBRARY_SOURCES } from '../helpers/cpp';

const PROGRAM = 'test/firmware/client/size_program.cpp';
const LIB = CLIENT_LIBRARY_SOURCES;

const figures: Record<string, unknown> = {};
afterAll(() => {
  fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'build', 'client-sizes.json'), JSON.stringify(figures, null, 2) + '\n');
});

const probes = (tc: ToolchainName, file: string) => {
  const out: Record<string, number> = {};
  for (const s of symbolsOf(tc, file)) {
    const m = s.name.match(/^probe_(\w+)$/);
    if (m) out[m[1]] = s.size;
  }
  return out;
};

describe('sl::Client on every firmware toolchain', () => {
  for (const tc of ['avr', 'cortex-m0plus', 'cortex-m4', 'lx106', 'gcc', 'clang'] as ToolchainName[]) {
    test(`${tc}: client + sketch-like program compile warning-free (defaults, tiny and large limits)`, async () => {
      if (!isInstalled(tc)) return;
      const variants: [string, string[]][] = [
        ['default', []],
        ['builders0', ['-DBUILDERS=0']],
        ['replies', ['-DREPLIES=1']],
        ['replies-builders0', ['-DREPLIES=1', '-DBUILDERS=0']],
        ['outbox0', ['-DSL_CLIENT_OUTBOX_BYTES=0']],
        ['tiny', ['-DSL_CLIENT_OUTBOX_BYTES=8', '-DSL_CLIENT_MAX_PENDING=1', '-DSL_CLIENT_TYPE_MAX=1']],
        ['large', [`-DSL_CLIENT_OUTBOX_BYTES=${tc === 'avr' ? 16000 : 70000}`, '-DSL_CLIENT_MAX_PENDING=200',
          '-DSL_CLIENT_MAX_INBOUND=4000000000UL', '-DSL_CLIENT_REF_MAX=255', '-DSL_CLIENT_FORM_VALUE_MAX=1000']],
      ];
      for (const [name, flags] of variants) {
        const r = await compileFor(tc, [PROGRAM, 'firmware/src/client/Client.cpp', 'firmware/src/client/InboundEventReader.cpp'], flags, {
          outDir: path.join(ROOT, 'build', 'toolchains', tc, 'client', name),
        });
        if (!r.ok) throw new Error(r.failures.map((f) => `${f.command}\n${f.output}`).join('\n'));
        if (name === 'default') {
          const state = probes(tc, r.objects[0]);
          figures[`state-${tc}`] = state;
          if (tc === 'avr') {
            // (712 / 309 B before the WebSocket state work of 28 Nov: the masking
            // sink's flags in one byte, the pong and the connect in steps as states)
            expect(state.Client).toBeLessThan(711);  // fixed RAM of the whole client on AVR (256-byte outbox, 3 slots): 709 B
            expect(state.BasicClient).toBeLessThan(307);  // without outbox, response slots and REST (LampControl): 306 B
            expect(state.Client - state.BasicClient).toBeGreaterThanOrEqual(256);
          }
        }
      }
    }, 180000);
  }

  test('avr: ATmega328P sketch (text via a ComponentFn) and ATmega2560 sketch (generated builders): flash, RAM, no heap', async () => {
    if (!isInstalled('avr')) return;
    const small = await linkFor('avr', [PROGRAM, ...LIB], 'client-328p', ['-flto', '-DBUILDERS=0']);
    expect(heapSymbols('avr', small)).toEqual([]);
    const s328 = sizeOf('avr', small);
    figures['avr-atmega328p-text-sketch'] = s328;
    expect(s328.flash).toBeLessThan(24 * 1024);   // leaves room for a bootloader and the sketch on a 32 KB part
    expect(s328.data + s328.bss).toBeLessThan(1300);
    // The same with a WebSocket request whose reply is decoded (the routing
    // code, a generated request writer and decoder, a reply parser).
    const replies = await linkFor('avr', [PROGRAM, ...LIB], 'client-328p-replies', ['-flto', '-DBUILDERS=0', '-DREPLIES=1']);
    expect(heapSymbols('avr', replies)).toEqual([]);
    const r328 = sizeOf('avr', replies);
    figures['avr-atmega328p-text-sketch-replies'] = r328;
    expect(r328.flash).toBeGreaterThan(s328.flash);
    expect(r328.flash).toBeLessThan(28 * 1024);

    const avr2560 = { ...TOOLCHAINS.avr, cpuFlags: ['-mmcu=atmega2560', '-Os'] };
    const mega = await linkFor(avr2560, [PROGRAM, ...LIB], 'client-2560', ['-flto']);
    expect(heapSymbols('avr', mega)).toEqual([]);
    const s2560 = sizeOf('avr', mega);
    figures['avr-atmega2560-builders-sketch'] = s2560;
    expect(s2560.flash).toBeLessThan(36 * 1024);
  }, 180000);
});
