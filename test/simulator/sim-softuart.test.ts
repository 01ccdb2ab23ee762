// The Uno console decoder (simulator/sketch/softuart.ts): 8N1 frames from pin
// edges with cycle stamps, sampled mid-bit.
import { SoftUartDecoder } from '../../simulator/sketch/softuart';

/** Edges of an 8N1 line sending `bytes`, `gap` idle bit times between frames, bit time `bit`, with a timing skew. */
function edges(bytes: number[], bit: number, skew = 1, gap = 0): { cycle: number; level: number }[] {
  const out: { cycle: number; level: number }[] = [];
  let t = 1000;
  let level = 1;
  const set = (l: number) => {
    if (l !== level) out.push({ cycle: Math.round(t), level: l });
    level = l;
  };
  for (const b of bytes) {
    const frame = [0, ...Array.from({ length: 8 }, (_, i) => (b >> i) & 1), 1];
    for (const l of frame) {
      set(l);
      t += bit * skew;
    }
    t += gap * bit;
  }
  return out;
}

function decode(bytes: number[], skew = 1, gap = 0): { out: number[]; framing: number } {
  const bit = 16e6 / 57600;
  const out: number[] = [];
  const d = new SoftUartDecoder(bit, (b) => out.push(b));
  let last = 0;
  for (const e of edges(bytes, bit, skew, gap)) {
    d.edge(e.cycle, e.level);
    last = e.cycle;
  }
  d.flush(last + 20 * bit);
  return { out, framing: d.framingErrors };
}

test('decodes back-to-back frames, all byte values', () => {
  const all = Array.from({ length: 256 }, (_, i) => i);
  expect(decode(all)).toEqual({ out: all, framing: 0 });
});

test('tolerates idle gaps and a few percent of baud error', () => {
  const text = [...Buffer.from('hello from the sketch\r\n')];
  expect(decode(text, 1, 3).out).toEqual(text);
  expect(decode(text, 1.03).out).toEqual(text);
  expect(decode(text, 0.97).out).toEqual(text);
});

test('a wrong baud rate gives wrong bytes (the decoder really samples)', () => {
  const text = [...Buffer.from('hello')];
  const r = decode(text, 2);
  expect(r.out).not.toEqual(text);
});

test('the last byte is only complete once its stop bit time has passed', () => {
  const bit = 16e6 / 57600;
  const out: number[] = [];
  const d = new SoftUartDecoder(bit, (b) => out.push(b));
  for (const e of edges([0x41], bit)) d.edge(e.cycle, e.level);
  d.flush(1000 + 9 * bit);
  expect(out).toEqual([]);
  d.flush(1000 + 10 * bit);
  expect(out).toEqual([0x41]);
});

test.each([9600, 38400, 57600, 115200])('auto-baud finds %i from the text itself', (baud) => {
  const text = [...Buffer.from('hello from the sketch\r\n')];
  const bit = 16e6 / baud;
  const out: number[] = [];
  const d = SoftUartDecoder.auto(16e6, (b) => out.push(b));
  let last = 0;
  for (const e of edges(text, bit, 1.01, 2)) {
    d.edge(e.cycle, e.level);
    last = e.cycle;
  }
  d.flush(last + 20 * bit, true);
  expect(d.baud).toBe(baud);
  expect(out).toEqual(text);
});

test('auto-baud: a short message is decoded at the end of the run', () => {
  const bit = 16e6 / 57600;
  const out: number[] = [];
  const d = SoftUartDecoder.auto(16e6, (b) => out.push(b));
  for (const e of edges([0x55], bit)) d.edge(e.cycle, e.level);
  d.flush(1e7);
  expect(out).toEqual([]); // still holding: too few edges to be sure
  d.flush(1e7, true);
  expect(out).toEqual([0x55]);
});
