// bench/flash-map: where LampControl's flash goes on the Uno, by layer.
// The map must account for every flash byte once, find code inlined into
// another layer's function where its source is, and find data tables by
// the file that defines them.
import { loadBoard } from '../../simulator/boards';
import { footprint } from '../../simulator/elf';
import { buildForRun } from '../../simulator/sketch/run';
import { baseName, flashMap, layerOf } from '../../bench/flash-map/flashMap';

const SKETCH = 'firmware/examples/LampControl';

describe('flash map', () => {
  test('layerOf: SDK files by folder (library copies too), the sketch, the board core, the toolchain', () => {
    expect(layerOf('/x/build/arduino-libraries/Semilimes/src/client/../ws/WsClient.h')).toEqual({ layer: 'sdk/ws', file: 'firmware/src/ws/WsClient.h' });
    expect(layerOf('/work/main/firmware/src/Semilimes.h').layer).toBe('sdk');
    expect(layerOf(`${process.cwd()}/${SKETCH}/LampControl.ino`, { sketchDir: SKETCH }).layer).toBe('sketch');
    expect(layerOf('/usr/share/arduino/hardware/arduino/avr/cores/arduino/wiring.c').layer).toBe('board core');
    expect(layerOf('../../../libgcc/config/avr/lib1funcs.S').layer).toMatch(/^toolchain/);
    expect(baseName('sl::EspAtTransport::pump(bool) [clone .constprop.11]')).toBe('sl::EspAtTransport::pump(bool)');
    expect(baseName('_ZL10CHANNEL_ID.lto_priv.130')).toBe('_ZL10CHANNEL_ID');
  });

  test('LampControl on the Uno: every flash byte in one layer; inlined code and data tables where their source is', () => {
    const board = loadBoard('uno');
    const b = buildForRun({ board, sketch: SKETCH });
    const m = flashMap(board, b.elf, { sketchDir: SKETCH });
    const sum = Object.values(m.byLayer).reduce((a, n) => a + n, 0);
    expect(m.total).toBe(footprint(board, b.elf).flashBytes);
    expect(sum).toBe(m.total);
    expect(Object.values(m.byFile).reduce((a, n) => a + n, 0)).toBe(m.total);
    // Most of it is code with line information; nearly nothing is left over.
    expect(m.codeBytes).toBeGreaterThan(0.8 * m.total);
    expect(m.byLayer.unattributed ?? 0).toBeLessThan(0.01 * m.total);
    for (const layer of ['sdk/transport', 'sdk/ws', 'sdk/http', 'sdk/json', 'sdk/client', 'sdk/generated', 'sdk/crypto', 'sdk/io', 'sketch', 'board core']) {
      expect(m.byLayer[layer] ?? 0).toBeGreaterThan(0);
    }
    // The frame parser has no function of its own in this program (inlined
    // into the client's poll): its bytes still count for sdk/ws.
    expect(m.byFile['firmware/src/ws/WsFrameParser.h'] ?? 0).toBeGreaterThan(200);
    // Data by the file that defines it: a table of a namespace, a table of
    // one name in two anonymous namespaces (told apart by its first text),
    // a function's F() text.
    const fileOf = (name: string) => m.dataSymbols.find((d) => d.name === name)?.file;
    expect(fileOf('sl::(anonymous namespace)::kDialLines')).toBe('firmware/src/transport/EspAtTransport.cpp');
    expect(fileOf('sl::(anonymous namespace)::kNames')).toBe('firmware/src/client/InboundEventReader.cpp');
    expect(fileOf('sendForm()::__c')).toBe(`${SKETCH}/LampControl.ino`);
  }, 300000);
});
