// Intel hex -> flash image (little-endian 16-bit words, as avr8js wants).
export function loadIntelHex(text: string, flashBytes: number): Uint16Array {
  const bytes = new Uint8Array(flashBytes);
  let base = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line[0] !== ':') throw new Error(`bad hex line: ${line}`);
    const rec = Buffer.from(line.slice(1), 'hex');
    let sum = 0;
    for (const b of rec) sum = (sum + b) & 0xff;
    if (sum !== 0) throw new Error(`hex checksum error: ${line}`);
    const len = rec[0];
    const addr = (rec[1] << 8) | rec[2];
    const type = rec[3];
    if (type === 0) {
      const at = base + addr;
      if (at + len > flashBytes) throw new Error(`hex image does not fit in ${flashBytes} bytes of flash`);
      bytes.set(rec.subarray(4, 4 + len), at);
    } else if (type === 1) {
      break;
    } else if (type === 2) {
      base = ((rec[4] << 8) | rec[5]) << 4;
    } else if (type === 4) {
      base = ((rec[4] << 8) | rec[5]) << 16;
    }
  }
  return new Uint16Array(bytes.buffer);
}
