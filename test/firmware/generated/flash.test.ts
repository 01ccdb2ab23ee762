// The generated builders, request writers and decoder with flash strings
// (SL_F), run on simulated boards: on the ATmega328P flash is a separate
// address space, so any flash string read as RAM would change the output.
// Every board must print exactly what the host build prints, and the JSON
// it prints must pass the schemas.
import { spawnSync } from 'child_process';
import * as path from 'path';
import { buildHost, ROOT } from '../../helpers/cpp';
import { errorsOf, formatErrors } from '../../helpers/schemas';
import { runProgramSync } from '../../../simulator/run';

const SOURCES = [
  'test/firmware/generated/flash_program.cpp',
  ...['JsonWriter', 'JsonParser', 'JsonValueCapture', 'JsonNumber', 'JsonParseError'].map((n) => `firmware/src/json/${n}.cpp`),
  'firmware/src/json/detail/FloatToDecimal.cpp',
];

let host = '';
let hostError: unknown;
try {
  const exe = buildHost({
    name: 'generated_flash',
    sources: [...SOURCES, 'test/firmware/generated/flash_host_board.cpp'],
    flags: ['-I', path.join(ROOT, 'simulator', 'support')],
  });
  host = spawnSync(exe, [], { encoding: 'utf8' }).stdout;
} catch (e) {
  hostError = e;
}

describe('generated API with flash strings', () => {
  test('host output is valid', () => {
    if (hostError) throw hostError;
    const lines = host.split('\n');
    const json = (name: string) => JSON.parse((lines.find((l) => l.startsWith(`${name}\t`)) ?? '').split('\t')[3]);
    for (const name of ['gauge', 'form']) {
      const errs = errorsOf('data-component.schema.json', json(name));
      if (errs.length) throw new Error(formatErrors(errs));
    }
    expect(host).toContain('gauge-bad-color\tBadColor\tgauge.progressBarColor');
    expect(host).toContain('form-dup-refname\tFormRefnamesUnique\tform.formComponents[1].refName');
    expect(host).toContain('choice-not-an-option\tValueInOptions\tsinglechoice.value');
    expect(host).toContain('form level=55 form pump= field ComponentSubmitterId=u1 ok');
  });

  for (const board of ['uno', 'cortex-m3', 'lx106']) {
    test(`${board} prints what the host prints`, () => {
      const r = runProgramSync({ board, name: 'generated_flash', sources: SOURCES, includeDirs: ['firmware/src', 'simulator/support'] });
      expect(r.exitCode).toBe(0);
      expect(r.heapBytes).toBe(0);
      expect(r.serial).toBe(host);
      if (board === 'uno') console.log(`uno: flash ${r.flashBytes} B, static RAM ${r.staticRamBytes} B, peak RAM ${r.peakRamBytes} B`);
    }, 300000);
  }
});
