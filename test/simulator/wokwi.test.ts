// The Wokwi files of the examples (firmware/examples/README.md, "Wokwi").
// Wokwi itself cannot be reached from here, so this checks their shape:
// every example that runs on an AVR board has a diagram.json that parses,
// holds one Arduino Uno or Mega part that the sketch's sl-example-boards
// line lists, wires only pins that exist, and wires every pin the sketch
// uses (analogRead(Ax) to a potentiometer, *_PIN constants, the Uno's
// console, sl::PinConsole or SoftwareSerial, to the Serial Monitor); and a wokwi.toml whose
// firmware/elf are the files the README's build command writes. The
// IDE's builder (arduino-builder, same output names as arduino-cli) builds
// ChannelGauge into that folder to show the files do land there.
import * as fs from 'fs';
import * as path from 'path';
import { buildSketch } from '../../simulator/sketch/build';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'firmware', 'examples');
const README = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');

/** Sketch folders (DIR/DIR.ino) under firmware/examples, at any depth. */
function sketchDirs(dir = EXAMPLES): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'build') continue;
    const d = path.join(dir, e.name);
    if (fs.existsSync(path.join(d, `${e.name}.ino`))) out.push(d);
    out.push(...sketchDirs(d));
  }
  return out.sort();
}

function boardsOf(ino: string): string[] {
  const m = fs.readFileSync(ino, 'utf8').match(/^\/\/\s*sl-example-boards:\s*([^(\n]*)/m);
  return m ? m[1].split(/[\s,]+/).filter(Boolean) : [];
}

const BOARD_PARTS: Record<string, { board: string; digital: number; analog: number; gnd: number }> = {
  'wokwi-arduino-uno': { board: 'uno', digital: 14, analog: 6, gnd: 3 },
  'wokwi-arduino-mega': { board: 'mega', digital: 54, analog: 16, gnd: 5 },
};
/** Pins of the other Wokwi parts the diagrams use. */
const PART_PINS: Record<string, string[]> = {
  'wokwi-led': ['A', 'C'],
  'wokwi-resistor': ['1', '2'],
  'wokwi-potentiometer': ['GND', 'SIG', 'VCC'],
  'wokwi-pushbutton': ['1.l', '2.l', '1.r', '2.r'],
};

function boardPins(type: string): Set<string> {
  const b = BOARD_PARTS[type];
  const pins = ['5V', '3.3V', 'IOREF', 'RESET', 'VIN', 'AREF'];
  for (let i = 0; i < b.digital; ++i) pins.push(String(i));
  for (let i = 0; i < b.analog; ++i) pins.push(`A${i}`);
  for (let i = 1; i <= b.gnd; ++i) pins.push(`GND.${i}`);
  return new Set(pins);
}

/** Everything wrong with a diagram for this sketch (empty: fine). */
export function diagramProblems(diagram: any, inoText: string, boards: string[]): string[] {
  const problems: string[] = [];
  if (diagram?.version !== 1) problems.push('version is not 1');
  if (!Array.isArray(diagram?.parts) || !Array.isArray(diagram?.connections)) return [...problems, 'parts/connections missing'];
  const byId = new Map<string, any>();
  for (const p of diagram.parts) {
    if (typeof p?.id !== 'string' || typeof p?.type !== 'string') problems.push(`part without id/type: ${JSON.stringify(p)}`);
    else if (byId.has(p.id)) problems.push(`duplicate part id ${p.id}`);
    else byId.set(p.id, p);
    if (p?.type && !BOARD_PARTS[p.type] && !PART_PINS[p.type]) problems.push(`unknown part type ${p.type}`);
  }
  const boardParts = diagram.parts.filter((p: any) => BOARD_PARTS[p.type]);
  if (boardParts.length !== 1) return [...problems, `expected one Arduino Uno or Mega part, found ${boardParts.length}`];
  const boardPart = boardParts[0];
  const board = BOARD_PARTS[boardPart.type].board;
  if (!boards.includes(board)) problems.push(`the diagram's ${board} is not in the sketch's sl-example-boards (${boards.join(' ')})`);
  const bpins = boardPins(boardPart.type);
  // wires, as an undirected graph of "id:pin" nodes
  const wired = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    for (const [x, y] of [[a, b], [b, a]]) {
      if (!wired.has(x)) wired.set(x, new Set());
      wired.get(x)!.add(y);
    }
  };
  for (const c of diagram.connections) {
    if (!Array.isArray(c) || c.length < 3 || typeof c[0] !== 'string' || typeof c[1] !== 'string') {
      problems.push(`bad connection ${JSON.stringify(c)}`);
      continue;
    }
    for (const end of [c[0], c[1]]) {
      const [id, pin] = end.split(':');
      if (id === '$serialMonitor') {
        if (pin !== 'RX' && pin !== 'TX') problems.push(`bad Serial Monitor pin ${end}`);
        continue;
      }
      const part = byId.get(id);
      if (!part) problems.push(`connection to unknown part ${end}`);
      else if (BOARD_PARTS[part.type] ? !bpins.has(pin) : !PART_PINS[part.type]?.includes(pin)) problems.push(`${part.type} has no pin ${pin} (${end})`);
    }
    link(c[0], c[1]);
  }
  const b = boardPart.id;
  const neighbours = (node: string) => [...(wired.get(node) ?? [])];
  // every analogRead(Ax) input has a potentiometer's SIG on it
  for (const m of inoText.matchAll(/analogRead\((A\d+)\)/g)) {
    const sig = neighbours(`${b}:${m[1]}`).some((n) => byId.get(n.split(':')[0])?.type === 'wokwi-potentiometer' && n.endsWith(':SIG'));
    if (!sig) problems.push(`${m[1]} (analogRead) has no potentiometer SIG wired to it`);
  }
  // every output pin constant (LAMP_PIN = 13) leads, through a resistor, to an LED whose cathode is grounded
  for (const m of inoText.matchAll(/const\s+uint8_t\s+(\w+_PIN)\s*=\s*(\d+)\s*;/g)) {
    const start = `${b}:${m[2]}`;
    const seen = new Set<string>([start]);
    let frontier = [start];
    let led: string | undefined;
    while (frontier.length && !led) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const x of neighbours(n)) {
          const [id, pin] = x.split(':');
          const part = byId.get(id);
          if (part?.type === 'wokwi-led' && pin === 'A') led = id;
          // through a two-pin part to its other pin
          const other = part?.type === 'wokwi-resistor' ? `${id}:${pin === '1' ? '2' : '1'}` : undefined;
          for (const y of [x, other]) if (y && !seen.has(y)) (seen.add(y), next.push(y));
        }
      }
      frontier = next;
    }
    if (!led) problems.push(`${m[1]} (pin ${m[2]}) drives no LED`);
    else if (!neighbours(`${led}:C`).some((n) => n.startsWith(`${b}:GND`))) problems.push(`the LED on ${m[1]} has no cathode to GND`);
  }
  // an Uno's console transmits on a pin of its own (pins 0/1 are the modem's)
  const c = board === 'uno' ? unoConsole(inoText) : undefined;
  if (c && !neighbours(`${b}:${c.pin}`).includes('$serialMonitor:RX')) {
    problems.push(`the console (${c.kind} TX on pin ${c.pin}) is not wired to $serialMonitor:RX`);
  }
  return problems;
}

/**
 * The console an Uno build of the sketch uses: `sl::PinConsole console(TX)`
 * (io/PinConsole.h, what the examples compile on one-UART AVR boards) or,
 * when the sketch declares none, `SoftwareSerial console(RX, TX)`.
 */
function unoConsole(inoText: string): { kind: string; pin: string } | undefined {
  const pin = inoText.match(/(?:\bsl::)?\bPinConsole\s+\w+\s*\(\s*(\d+)\s*\)/);
  if (pin) return { kind: 'sl::PinConsole', pin: pin[1] };
  const soft = inoText.match(/\bSoftwareSerial\s+\w+\s*\(\s*\d+\s*,\s*(\d+)\s*\)/);
  if (soft) return { kind: 'software serial', pin: soft[1] };
  return undefined;
}

/** The [wokwi] table of a wokwi.toml (string and integer values). */
function parseWokwiToml(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#')) continue;
    const s = line.match(/^\[([^\]]+)\]$/);
    if (s) {
      section = s[1];
      continue;
    }
    const kv = line.match(/^(\w+)\s*=\s*(?:"([^"]*)"|(\d+))$/);
    if (!kv) throw new Error(`wokwi.toml: cannot read line ${JSON.stringify(line)}`);
    if (section === 'wokwi') out[kv[1]] = kv[2] ?? Number(kv[3]);
  }
  return out;
}

interface BuildCommand {
  fqbn: string;
  outputDir: string;
  sketch: string;
}

/** The README's arduino-cli command for a sketch folder (relative to the repository root). */
function readmeCommand(rel: string): BuildCommand | undefined {
  const re = /`arduino-cli compile --fqbn (\S+) --library firmware --output-dir (\S+) (\S+)`/g;
  for (const m of README.matchAll(re)) if (m[3] === rel) return { fqbn: m[1], outputDir: m[2], sketch: m[3] };
  return undefined;
}

const avrExamples = sketchDirs().filter((d) => boardsOf(path.join(d, `${path.basename(d)}.ino`)).some((b) => b === 'uno' || b === 'mega'));

test('there are AVR examples to check', () => {
  expect(avrExamples.map((d) => path.basename(d))).toEqual(expect.arrayContaining(['ChannelGauge', 'LampControl']));
});

describe.each(avrExamples.map((d) => [path.relative(ROOT, d), d]))('%s', (rel, dir) => {
  const name = path.basename(dir);
  const ino = path.join(dir, `${name}.ino`);
  const inoText = fs.readFileSync(ino, 'utf8');

  test('diagram.json parses, names a listed Arduino board part and wires the pins the sketch uses', () => {
    const diagram = JSON.parse(fs.readFileSync(path.join(dir, 'diagram.json'), 'utf8'));
    expect(diagramProblems(diagram, inoText, boardsOf(ino))).toEqual([]);
  });

  test("wokwi.toml loads the hex and elf that the README's build command writes", () => {
    const tomlText = fs.readFileSync(path.join(dir, 'wokwi.toml'), 'utf8');
    const toml = parseWokwiToml(tomlText);
    expect(toml.version).toBe(1);
    const cmd = readmeCommand(rel);
    expect(cmd).toBeDefined();
    // the command builds for the board in the diagram
    const diagram = JSON.parse(fs.readFileSync(path.join(dir, 'diagram.json'), 'utf8'));
    const board = BOARD_PARTS[diagram.parts.find((p: any) => BOARD_PARTS[p.type]).type].board;
    expect(cmd!.fqbn).toBe(`arduino:avr:${board}`);
    // arduino-cli --output-dir D writes D/<Sketch>.ino.hex and .elf
    const out = path.resolve(ROOT, cmd!.outputDir);
    expect(path.resolve(dir, String(toml.firmware))).toBe(path.join(out, `${name}.ino.hex`));
    expect(path.resolve(dir, String(toml.elf))).toBe(path.join(out, `${name}.ino.elf`));
    // and the comment in wokwi.toml repeats the README's command
    expect(tomlText).toContain(`arduino-cli compile --fqbn ${cmd!.fqbn} --library firmware --output-dir ${cmd!.outputDir} ${cmd!.sketch}`);
  });
});

test('the checks catch a miswired diagram', () => {
  const dir = path.join(EXAMPLES, 'LampControl');
  const inoText = fs.readFileSync(path.join(dir, 'LampControl.ino'), 'utf8');
  const good = JSON.parse(fs.readFileSync(path.join(dir, 'diagram.json'), 'utf8'));
  expect(diagramProblems(good, inoText, ['mega'])).toEqual([]);
  const moved = JSON.parse(JSON.stringify(good));
  moved.connections = moved.connections.map((c: string[]) => c.map((e) => (e === 'mega:13' ? 'mega:12' : e)));
  expect(diagramProblems(moved, inoText, ['mega'])).toEqual(['LAMP_PIN (pin 13) drives no LED']);
  expect(diagramProblems(good, inoText, ['uno'])).toEqual(["the diagram's mega is not in the sketch's sl-example-boards (uno)"]);
  const bad = JSON.parse(JSON.stringify(good));
  bad.connections.push(['mega:D99', 'lamp:X', 'green', []]);
  expect(diagramProblems(bad, inoText, ['mega'])).toEqual(['wokwi-arduino-mega has no pin D99 (mega:D99)', 'wokwi-led has no pin X (lamp:X)']);
  const gauge = fs.readFileSync(path.join(EXAMPLES, 'ChannelGauge', 'ChannelGauge.ino'), 'utf8');
  const noPot = { version: 1, parts: [{ type: 'wokwi-arduino-uno', id: 'uno' }], connections: [] };
  expect(diagramProblems(noPot, gauge, ['uno'])).toEqual([
    'A0 (analogRead) has no potentiometer SIG wired to it',
    'the console (sl::PinConsole TX on pin 3) is not wired to $serialMonitor:RX',
  ]);
});

test('the Uno console check knows sl::PinConsole and SoftwareSerial, and their TX pin', () => {
  const diagram = (pin: number) => ({
    version: 1,
    parts: [{ type: 'wokwi-arduino-uno', id: 'uno' }],
    connections: [[`uno:${pin}`, '$serialMonitor:RX', 'green', []]],
  });
  const pinConsole = '#include <io/PinConsole.h>\nsl::PinConsole console(4);\n#define CONSOLE console\n';
  const software = '#include <SoftwareSerial.h>\nSoftwareSerial console(2, 5);\n';
  expect(diagramProblems(diagram(4), pinConsole, ['uno'])).toEqual([]);
  expect(diagramProblems(diagram(3), pinConsole, ['uno'])).toEqual(['the console (sl::PinConsole TX on pin 4) is not wired to $serialMonitor:RX']);
  expect(diagramProblems(diagram(5), software, ['uno'])).toEqual([]);
  expect(diagramProblems(diagram(2), software, ['uno'])).toEqual(['the console (software serial TX on pin 5) is not wired to $serialMonitor:RX']);
  // both declared (PinConsole on AVR, SoftwareSerial elsewhere): the Uno compiles the PinConsole
  expect(diagramProblems(diagram(4), pinConsole + software, ['uno'])).toEqual([]);
  expect(diagramProblems(diagram(5), pinConsole + software, ['uno'])).toEqual(['the console (sl::PinConsole TX on pin 4) is not wired to $serialMonitor:RX']);
  // the examples on the Uno use sl::PinConsole
  for (const name of ['LampControl', 'ChannelGauge']) {
    const text = fs.readFileSync(path.join(EXAMPLES, name, `${name}.ino`), 'utf8');
    expect(diagramProblems(diagram(3), text, ['uno']).filter((p) => p.includes('console'))).toEqual([]);
    expect(diagramProblems(diagram(2), text, ['uno']).filter((p) => p.includes('console'))).toEqual([
      'the console (sl::PinConsole TX on pin 3) is not wired to $serialMonitor:RX',
    ]);
  }
});

test('the Arduino IDE builder writes ChannelGauge.ino.hex/.elf where its wokwi.toml looks', () => {
  const dir = path.join(EXAMPLES, 'ChannelGauge');
  const cmd = readmeCommand(path.relative(ROOT, dir))!;
  const out = path.resolve(ROOT, cmd.outputDir);
  fs.rmSync(out, { recursive: true, force: true });
  try {
    const b = buildSketch({ board: cmd.fqbn.split(':')[2], sketch: dir, buildDir: out });
    expect(b.tool).toBe('arduino-builder');
    const toml = parseWokwiToml(fs.readFileSync(path.join(dir, 'wokwi.toml'), 'utf8'));
    const hex = path.resolve(dir, String(toml.firmware));
    const elf = path.resolve(dir, String(toml.elf));
    expect(hex).toBe(b.hex);
    expect(fs.readFileSync(hex, 'utf8')).toMatch(/^:[0-9A-F]{10}/);
    expect(fs.readFileSync(elf).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}, 300000);
