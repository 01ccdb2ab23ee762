// Tricky inputs through `npm run json-check` (the firmware's JSON parser and
// writer built for the host), differential against Node's JSON.parse: long
// strings, every escape, invalid UTF-8, long and escaped keys, nesting at and
// past SL_JSON_MAX_DEPTH (and 100,000 levels), big messages, numbers,
// whitespace, trailing garbage, empty input, BOM, chunk alignments, every
// prefix of a few documents, every one-byte change of three, unreadable
// files, and a few hundred seeded random documents.
//
// For each case:
// - the decision (accept / reject) is what JSON.parse says, except where
//   firmware/src/json/JsonParser.h ("Grammar decisions") documents another
//   choice (the `node: 'differs'` cases: invalid UTF-8, nesting depth);
// - multi-file mode: one `ok <file>` / `error <file>: <why> at byte <n>` line,
//   in order; the error's name is one of those allowed and its offset the one
//   byte that is unambiguously rejected (JsonParser.h: the 0-based offset of
//   the rejected byte; UnexpectedEnd reports the total length);
// - single-file mode: exit 0 and one line of canonical JSON whose JSON.parse
//   value equals the input's (numbers within 4 units in the last place, as
//   JsonNumber.h promises "a few", but never zero for nonzero nor infinite for
//   finite; lone surrogates as U+FFFD), byte for byte the expected canonical text where that is pinned
//   down (no non-integer numbers: see json-check-tricky/gen.ts); or exit 1 and
//   exactly the one line `error: <why> at byte <n>` of the multi-file mode;
//   nothing on stderr, no signal, no hang.
// Inputs are generated at test time into a temporary folder.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../helpers/cpp';
import {
  A,
  canonical,
  F,
  FALSE,
  firstDifference,
  I,
  J,
  NULL,
  O,
  prng,
  randomString,
  randomValue,
  S,
  sameValue,
  ulpDistance,
  spell,
  Style,
  TRUE,
} from './json-check-tricky/gen';

const CHECK = path.join(ROOT, 'tools', 'json-check', 'json-check.sh');
// The binary json-check.sh builds and then execs. Multi-file batches and
// every 8th single-file check go through the script; the other single-file
// checks run the binary directly (the script hashes every parser source on
// each call, ~25 ms). JSON_CHECK_TRICKY_BIN=<exe> runs everything on another
// build instead (used to check that this suite fails on broken parsers).
const OVERRIDE = process.env.JSON_CHECK_TRICKY_BIN;
const BIN = OVERRIDE ?? path.join(ROOT, 'build', 'json-check', 'json-check');

// The documented nesting limit: SL_JSON_MAX_DEPTH's default (json-check is
// built with the defaults).
const DEPTH = (() => {
  const cfg = fs.readFileSync(path.join(ROOT, 'firmware', 'src', 'config', 'Config.h'), 'utf8');
  const m = /#ifndef SL_JSON_MAX_DEPTH\s*\n#define SL_JSON_MAX_DEPTH (\d+)/.exec(cfg);
  if (!m) throw new Error('SL_JSON_MAX_DEPTH default not found in Config.h');
  return Number(m[1]);
})();

const E = {
  byte: 'unexpected byte',
  end: 'unexpected end of input',
  deep: 'nesting too deep',
  esc: 'invalid escape',
  uni: 'invalid \\u escape',
  utf8: 'invalid UTF-8',
  ctrl: 'control character in string',
  num: 'invalid number',
  lit: 'invalid literal',
  trail: 'trailing data',
};
// A number cut short or followed by a stray byte: which name is a matter of
// taste, the offset is not.
const NUMBER_ERRORS = [E.num, E.byte, E.end, E.trail];

interface Case {
  group: string;
  name: string;
  bytes: Buffer;
  want: 'accept' | 'reject';
  // 'differs': a documented choice where JSON.parse decides otherwise;
  // 'skip': JSON.parse is not asked (e.g. 100,000 levels).
  node?: 'differs' | 'skip';
  errors?: string[]; // allowed error names (reject)
  offset?: number; // the error offset (reject), when unambiguous
  canon?: string; // the exact canonical output (accept), when pinned down
  single?: boolean; // also run alone (default true)
  exact?: boolean; // numbers must be the very double JSON.parse reads (0 ulp; JsonNumber.h: correctly rounded)
  file?: string;
}

/** Where two JSON.parse results first hold different numbers (0 ulp), for `exact` cases. */
function firstInexact(a: unknown, b: unknown, at = '$'): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? undefined : `${at}: got ${a}, want ${b} (${ulpDistance(a, b)} ulp)`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstInexact(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

const cases: Case[] = [];
const buf = (x: string | Buffer) => (typeof x === 'string' ? Buffer.from(x, 'utf8') : x);
function accept(group: string, name: string, text: string | Buffer, extra: Partial<Case> = {}): void {
  cases.push({ group, name, bytes: buf(text), want: 'accept', ...extra });
}
function reject(group: string, name: string, text: string | Buffer, errors: string | string[], offset: number | undefined, extra: Partial<Case> = {}): void {
  cases.push({ group, name, bytes: buf(text), want: 'reject', errors: typeof errors === 'string' ? [errors] : errors, offset, ...extra });
}
/** Accepts the spelling of `j` in `st`; its canonical text when pinned down. */
function acceptJ(group: string, name: string, j: J, st: Style, extra: Partial<Case> = {}): void {
  accept(group, name, spell(j, st), { canon: canonical(j), ...extra });
}
const plain = (seed = 1): Style => ({ rnd: prng(seed) });
const KB = 1024;
const MB = 1024 * 1024;

/** `unit` repeated up to about `bytes` UTF-8 bytes. */
function fill(unit: string, bytes: number): string {
  const n = Math.max(1, Math.ceil(bytes / Buffer.byteLength(unit)));
  return unit.repeat(n);
}

// ---------------------------------------------------------------- strings
{
  const G = 'string';
  let ascii = '';
  for (let c = 0x20; c < 0x7f; c++) ascii += String.fromCharCode(c);
  const multi = 'é€中😀\u0080\u07ff\u0800\uffff\u{10ffff}\u{10000}\ufffe\ufdd0\u2028a';
  let controls = '';
  for (let c = 0; c < 0x20; c++) controls += String.fromCharCode(c);
  const shorts = '"\\/\b\f\n\r\t';
  const lone = 'a\ud800b\udbff\udc00\udfffc\udc00\ud800\ud800\ud800\udc00\udfff\udbff\udfff\ud83dx\ude00';
  for (const [size, label] of [
    [64 * KB, '64 KB'],
    [MB, '1 MB'],
  ] as [number, string][]) {
    acceptJ(G, `${label} ASCII (quote, backslash, slash escaped)`, S(fill(ascii, size)), { rnd: prng(2), slash: 0.5 });
    acceptJ(G, `${label} multi-byte UTF-8 raw`, S(fill(multi, size)), plain(3));
    acceptJ(G, `${label} multi-byte as \\u escapes and pairs`, S(fill(multi, size / 3)), { rnd: prng(4), escapeAll: 1 });
    acceptJ(G, `${label} all 32 control characters escaped`, S(fill(controls, size / 4)), { rnd: prng(5), shortEscape: 0.5 });
    acceptJ(G, `${label} every short escape`, S(fill(shorts, size / 2)), { rnd: prng(6), shortEscape: 1, slash: 1 });
    acceptJ(G, `${label} \\u0000`, S('\u0000'.repeat(size / 6)), plain(7));
    acceptJ(G, `${label} lone and reversed surrogates -> U+FFFD`, S(fill(lone, size / 5)), plain(8));
    acceptJ(G, `${label} mixed spellings`, S(fill(ascii + multi + controls + lone, size)), { rnd: prng(9), escapeAll: 0.3, slash: 0.3 });
    acceptJ(G, `${label} string as an object value in an array`, A(O(['k', S(fill(multi + ascii, size))]), I(1)), plain(10));
    reject(G, `${label} unterminated`, '"' + fill(ascii.replace(/["\\]/g, ''), size), E.end, 1 + fill(ascii.replace(/["\\]/g, ''), size).length);
  }
  // Every BMP code point but the surrogates, escaped and raw; astral ones.
  let bmp = '';
  for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) bmp += String.fromCharCode(c);
  acceptJ(G, 'every BMP code point as \\uXXXX', S(bmp), { rnd: prng(11), escapeAll: 1, shortEscape: 0 });
  acceptJ(G, 'every BMP code point raw (controls escaped)', S(bmp), { rnd: prng(12), escapeAll: 0 });
  let astral = '';
  for (let c = 0x10000; c <= 0x10ffff; c += 97) astral += String.fromCodePoint(c);
  astral += '\u{10ffff}';
  acceptJ(G, 'astral code points as escaped surrogate pairs', S(astral), { rnd: prng(13), escapeAll: 1 });
  acceptJ(G, 'astral code points raw', S(astral), plain(14));

  // Small escapes with the exact expected output.
  const exact: [string, string][] = [
    ['"\\uD83D\\uDE00"', '"😀"'],
    ['"\\ud83d\\ude00"', '"😀"'],
    ['"\\uDBFF\\uDFFF"', '"\u{10ffff}"'],
    ['"\\uD800\\uDC00"', '"\u{10000}"'],
    ['"\\uD800"', '"\ufffd"'],
    ['"\\uDFFF"', '"\ufffd"'],
    ['"\\uDC00\\uD800"', '"\ufffd\ufffd"'],
    ['"\\uD800\\uD800\\uDC00"', '"\ufffd\u{10000}"'],
    ['"\\uD800\\n"', '"\ufffd\\n"'],
    ['"\\uD800\\u0041"', '"\ufffdA"'],
    ['"\\uD800x"', '"\ufffdx"'],
    ['"a\\uD800"', '"a\ufffd"'],
    ['"\\uD800😀"', '"\ufffd😀"'],
    ['"\\uD800\\u0000"', '"\ufffd\\u0000"'],
    ['"\\uD800\\\\"', '"\ufffd\\\\"'],
    ['"\\uD800\\uD800"', '"\ufffd\ufffd"'],
    ['"\\u0000"', '"\\u0000"'],
    ['"\\u001F\\u001f\\u007f\\u0080"', '"\\u001f\\u001f\u007f\u0080"'],
    ['"\\b\\f\\n\\r\\t\\"\\\\\\/"', '"\\b\\f\\n\\r\\t\\"\\\\/"'],
    ['"\\u0008\\u000C\\u000a\\u000D\\u0009\\u0022\\u005C\\u002F"', '"\\b\\f\\n\\r\\t\\"\\\\/"'],
    ['"\\u00e9\\u20AC\\uFFFF\\uFEFF"', '"é€\uffff\ufeff"'],
    ['"\u007f"', '"\u007f"'],
    ['"\u2028\u2029"', '"\u2028\u2029"'],
    ['""', '""'],
    ['"\ufeff"', '"\ufeff"'],
  ];
  exact.forEach(([inp, out], i) => accept(G, `escape ${i}: ${inp}`, inp, { canon: out }));
  exact.forEach(([inp, out], i) => accept(G, `escape ${i} as a key: ${inp}`, `{${inp}:${inp}}`, { canon: `{${out}:${out}}` }));

  // Invalid escapes: the offset is the byte after the backslash (or the bad
  // hex digit).
  const badEscapes: [string, string, number][] = [
    ['"\\x"', E.esc, 2],
    ['"\\U0041"', E.esc, 2],
    ['"\\0"', E.esc, 2],
    ['"\\a"', E.esc, 2],
    ["\"\\'\"", E.esc, 2],
    ['"\\ "', E.esc, 2],
    ['"\\\n"', E.esc, 2],
    ['"\\\u00e9"', E.esc, 2],
    ['"\\u12G4"', E.uni, 5],
    ['"\\u00"', E.uni, 5],
    ['"\\u"', E.uni, 3],
    ['"\\u+123"', E.uni, 3],
    ['"\\u-123"', E.uni, 3],
    ['"\\u 123"', E.uni, 3],
    ['"\\uD800\\uDC0G"', E.uni, 12],
    ['"\\uD800\\x"', E.esc, 8],
    ['"\\u00e"', E.uni, 6],
  ];
  for (const [inp, err, off] of badEscapes) reject(G, `bad escape ${inp}`, inp, err, off);
  reject(G, 'bad escape after 64 KB', '"' + 'a'.repeat(64 * KB) + '\\q"', E.esc, 64 * KB + 2);
  reject(G, 'unterminated \\u at end', '"\\u12', E.end, 5);
  reject(G, 'unterminated after backslash', '"\\', E.end, 2);

  // Raw control characters: each is rejected where it stands; DEL is fine.
  for (let c = 0; c < 0x20; c++) reject(G, `raw control 0x${c.toString(16)}`, `["ab${String.fromCharCode(c)}"]`, E.ctrl, 4, { single: c % 8 === 0 });
  reject(G, 'raw control after 1 MB', '"' + 'x'.repeat(MB) + '\u0001"', E.ctrl, MB + 1);
  reject(G, 'raw newline in a key', '{"a\nb":1}', E.ctrl, 3);

  // Invalid UTF-8 (documented: raw bytes must be valid UTF-8; InvalidUtf8 at
  // the first byte that cannot continue a valid sequence).
  const badUtf8: [string, number[], number][] = [
    ['stray continuation 80', [0x80], 0],
    ['stray continuation BF', [0xbf], 0],
    ['overlong C0 80', [0xc0, 0x80], 0],
    ['overlong C1 BF', [0xc1, 0xbf], 0],
    ['2-byte cut by quote', [0xc3], 1],
    ['2-byte cut by ASCII', [0xc3, 0x41], 1],
    ['overlong E0 80 80', [0xe0, 0x80, 0x80], 1],
    ['overlong E0 9F BF', [0xe0, 0x9f, 0xbf], 1],
    ['surrogate ED A0 80', [0xed, 0xa0, 0x80], 1],
    ['surrogate ED BF BF', [0xed, 0xbf, 0xbf], 1],
    ['3-byte cut after 2', [0xe2, 0x82], 2],
    ['3-byte cut by ASCII', [0xe2, 0x82, 0x41], 2],
    ['3-byte bad 2nd', [0xe2, 0x28, 0xa1], 1],
    ['overlong F0 80 80 80', [0xf0, 0x80, 0x80, 0x80], 1],
    ['overlong F0 8F BF BF', [0xf0, 0x8f, 0xbf, 0xbf], 1],
    ['above U+10FFFF F4 90 80 80', [0xf4, 0x90, 0x80, 0x80], 1],
    ['4-byte cut after 3', [0xf0, 0x9f, 0x98], 3],
    ['lead F5', [0xf5, 0x80, 0x80, 0x80], 0],
    ['lead F8', [0xf8, 0x88, 0x80, 0x80, 0x80], 0],
    ['lead FC', [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], 0],
    ['byte FE', [0xfe], 0],
    ['byte FF', [0xff], 0],
    ['Latin-1 e9', [0xe9, 0x74, 0xe9], 1],
  ];
  for (const [name, bytes, rel] of badUtf8) {
    const mk = (pre: string, post: string) => Buffer.concat([Buffer.from(pre), Buffer.from(bytes), Buffer.from(post)]);
    reject(G, `invalid UTF-8 ${name} in a value`, mk('["', '"]'), E.utf8, 2 + rel, { node: 'differs' });
    reject(G, `invalid UTF-8 ${name} in a key`, mk('{"k', '":1}'), E.utf8, 3 + rel, { node: 'differs', single: false });
    reject(G, `invalid UTF-8 ${name} after 64 KB`, mk('"' + 'é'.repeat(32 * KB), '"'), E.utf8, 1 + 64 * KB + rel, { node: 'differs', single: false });
  }
  reject(G, 'invalid UTF-8 after 1 MB of multi-byte', Buffer.concat([Buffer.from('"' + fill(multi, MB)), Buffer.from([0xed, 0xa0, 0x80, 0x22])]), E.utf8, 1 + Buffer.byteLength(fill(multi, MB)) + 1, { node: 'differs' });
  reject(G, 'invalid UTF-8 outside a string (raw é as a value)', '[é]', E.byte, 1);
}

// ---------------------------------------------------------------- keys
{
  const G = 'key';
  for (const [size, label] of [
    [64 * KB, '64 KB'],
    [MB, '1 MB'],
  ] as [number, string][]) {
    acceptJ(G, `${label} ASCII key`, O([fill('key-', size), I(1)], ['b', TRUE]), plain(20));
    acceptJ(G, `${label} escaped key (mixed)`, O([fill('k\u00e9y\n"\\/\u0000😀\ud800\t', size / 3), S('v')]), { rnd: prng(21), escapeAll: 0.5, slash: 0.5 });
  }
  // Keys of every length 0..80 (around SL_JSON_KEY_BUFFER and the 64-byte
  // read chunk), each ending in an escape or a multi-byte character.
  const entries: [string, J][] = [];
  for (let n = 0; n <= 80; n++) entries.push(['k'.repeat(n) + ['', 'é', '\n', '😀', '\u0000', '\ud800'][n % 6], I(n)]);
  acceptJ(G, 'keys of length 0..80 ending in escapes, raw', O(...entries), plain(22));
  acceptJ(G, 'keys of length 0..80 ending in escapes, all escaped', O(...entries), { rnd: prng(23), escapeAll: 1 });
  accept(G, 'duplicate keys are kept in order', '{"a":1,"b":2,"a":3,"a":{"a":[]}}', { canon: '{"a":1,"b":2,"a":3,"a":{"a":[]}}' });
  accept(G, 'empty key', '{"":""}', { canon: '{"":""}' });
  accept(G, '__proto__ and integer-like keys keep their order', '{"b":1,"__proto__":2,"1":3,"0":4}', { canon: '{"b":1,"__proto__":2,"1":3,"0":4}' });
  reject(G, 'number as key', '{1:2}', E.byte, 1);
  reject(G, 'bare word key', '{a:1}', E.byte, 1);
  reject(G, "single-quoted key", "{'a':1}", E.byte, 1);
  reject(G, 'key without value', '{"a"}', E.byte, 4);
  reject(G, 'key with colon, no value', '{"a":}', E.byte, 5);
  reject(G, 'missing comma', '{"a":1 "b":2}', E.byte, 7);
  reject(G, 'leading comma', '{,}', E.byte, 1);
  reject(G, 'trailing comma', '{"a":1,}', E.byte, 7);
  reject(G, 'comma instead of colon', '{"a",1}', E.byte, 4);
  reject(G, 'unterminated 64 KB key', '{"' + 'k'.repeat(64 * KB), E.end, 2 + 64 * KB);
}

// ---------------------------------------------------------------- nesting
{
  const G = 'depth';
  const D = DEPTH;
  accept(G, `${D} arrays (the limit)`, '['.repeat(D) + ']'.repeat(D), { canon: '['.repeat(D) + ']'.repeat(D) });
  reject(G, `${D + 1} arrays`, '['.repeat(D + 1) + ']'.repeat(D + 1), E.deep, D, { node: 'differs' });
  const obj = (n: number, inner: string) => '{"a":'.repeat(n) + inner + '}'.repeat(n);
  accept(G, `${D} objects (the limit)`, obj(D, '1'), { canon: obj(D, '1') });
  accept(G, `${D} objects, innermost empty`, obj(D - 1, '{}'), { canon: obj(D - 1, '{}') });
  reject(G, `${D + 1} objects`, obj(D + 1, '1'), E.deep, 5 * D, { node: 'differs' });
  reject(G, `${D} objects holding an empty one`, obj(D, '{}'), E.deep, 5 * D, { node: 'differs' });
  const mixed = (n: number, inner: string) => {
    let open = '';
    let close = '';
    for (let i = 0; i < n; i++) {
      open += i % 2 ? '{"k":' : '[';
      close = (i % 2 ? '}' : ']') + close;
    }
    return open + inner + close;
  };
  accept(G, `${D} mixed levels (the limit)`, mixed(D, '"deep"'), { canon: mixed(D, '"deep"') });
  reject(G, `${D + 1} mixed levels`, mixed(D + 1, '0'), E.deep, '[{"k":'.repeat(D / 2).length, { node: 'differs' });
  const twice = '['.repeat(D - 1) + ']'.repeat(D - 1);
  accept(G, `two branches at the limit`, '[' + twice + ',' + twice + ']', { canon: '[' + twice + ',' + twice + ']' });
  accept(G, `the limit with whitespace`, ' \n'.repeat(3) + '[ \t'.repeat(D) + '\r]'.repeat(D) + '\n', { canon: '['.repeat(D) + ']'.repeat(D) });
  acceptJ(G, `a 1 MB string at the limit`, deepJ(D, S(fill('deep é ', MB))), plain(30));
  reject(G, `limit, then one level too many in a later branch`, '[' + twice + ',' + '['.repeat(D) + ']'.repeat(D) + ']', E.deep, 1 + twice.length + 1 + (D - 1), { node: 'differs' });
  reject(G, `${D} arrays, one close missing`, '['.repeat(D) + ']'.repeat(D - 1), E.end, 2 * D - 1);
  reject(G, `${D} arrays, one close too many`, '['.repeat(D) + ']'.repeat(D + 1), [E.trail, E.byte], 2 * D);
  reject(G, `close of the wrong kind at the limit`, '['.repeat(D) + '}' + ']'.repeat(D - 1), E.byte, D);
  const L = 100000;
  reject(G, '100,000 arrays', '['.repeat(L) + ']'.repeat(L), E.deep, D, { node: 'skip' });
  reject(G, '100,000 open arrays', '['.repeat(L), E.deep, D, { node: 'skip' });
  reject(G, '100,000 objects', obj(L, '1'), E.deep, 5 * D, { node: 'skip' });
  reject(G, '100,000 mixed levels', mixed(L, '0'), E.deep, '[{"k":'.repeat(D / 2).length, { node: 'skip' });
  reject(G, '100,000 closes', ']'.repeat(L), E.byte, 0);
  reject(G, '100,000 "[1," levels', '[1,'.repeat(L), E.deep, 3 * D, { node: 'skip' });
}
function deepJ(levels: number, inner: J): J {
  let j = inner;
  for (let i = levels - 1; i >= 0; i--) j = i % 2 ? O(['k', j]) : A(j);
  return j;
}

// ---------------------------------------------------------------- big messages
{
  const G = 'big';
  const r = prng(40);
  const items: J[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 5 * MB; i++) {
    const o = O(
      ['id', I(i)],
      ['name', S(`item ${i} ${randomString(r, 30, false)}`)],
      ['tags', A(S('a'), S('b\n'), S('ü😀'))],
      ['ok', i % 3 ? TRUE : FALSE],
      ['none', NULL],
      ['big', I(BigInt(i) * 1000000000007n)],
      ['nested', O(['x', A(I(-i), O())], ['y', S('')])],
    );
    items.push(o);
    bytes += canonical(o)!.length + 1;
  }
  const all: J = { t: 'a', v: items };
  acceptJ(G, '5 MB array of objects (compact)', all, plain(41));
  acceptJ(G, '2.5 MB array of objects (whitespace everywhere)', { t: 'a', v: items.slice(0, items.length / 2) }, { rnd: prng(42), ws: 0.8, wsMax: 4 });
  const event = (floats: boolean): J => {
    const rr = prng(43);
    const comps: J[] = [];
    const num = (x: number) => (floats ? F(x) : I(Math.round(x)));
    let n = 0;
    for (let i = 0; n < 2 * MB; i++) {
      const kind = i % 4;
      let c: J;
      if (kind === 0)
        c = O(['refName', S(`textbox${i}`)], ['formComponentType', S('textbox')], ['title', S('Comment «' + i + '»')], ['value', S(randomString(rr, 400, true) + '\nline 2\t☃')]);
      else if (kind === 1)
        c = O(['refName', S(`gauge${i}`)], ['formComponentType', S('gauge')], ['min', num(-12.5)], ['max', num(1e6 + i / 7)], ['value', num(i * 3.14159)], ['pointerColor', S('#FF00AA')]);
      else if (kind === 2)
        c = O(
          ['refName', S(`picker${i}`)],
          ['formComponentType', S('eventpicker')],
          ['events', A(...[0, 1, 2].map((k) => O(['id', S(`ev${i}-${k}`)], ['start', I(1700562656000 + i * 1000 + k)], ['title', S('Zürich → 東京')], ['additionalInfo', O(['room', I(k)], ['tags', A(S('a'), NULL, TRUE)])])))],
          ['value', A(S(`ev${i}-1`))],
        );
      else c = O(['dataComponentType', S('location')], ['locationName', S('Ñandú "quoted" \\ path/to')], ['latitude', num(47.3769 + i / 1e5)], ['longitude', num(8.5417 - i / 1e5)]);
      comps.push(c);
      n += canonical(deepStrip(c))!.length;
    }
    return O(
      ['eventType', S('MessageReceived')],
      ['featureType', S('channel')],
      [
        'eventBody',
        O(
          ['messageId', S('3f2b9c1e-8d7a-4b6f-9e21-0a1b2c3d4e5f')],
          ['receivedOn', I(1700562656)],
          ['senderId', S('Sender Id')],
          ['channelId', S('Channel Id')],
          ['dataComponent', O(['dataComponentType', S('formsubmission')], ['replyTo', O(['messageId', S('formMessageId')], ['refName', S('formRefName')])], ['submitterId', S('SubmitterId')], ['formComponents', { t: 'a', v: comps }])],
        ),
      ],
    );
  };
  acceptJ(G, '2 MB semilimes event (integers only, compact)', event(false), plain(44));
  acceptJ(G, '2 MB semilimes event (floats, pretty-ish)', event(true), { rnd: prng(45), ws: 0.9, wsMax: 6, escapeAll: 0.05 });
  const manyKeys: [string, J][] = [];
  for (let i = 0; i < 100000; i++) manyKeys.push([`key${i}`, i % 2 ? I(i) : S('é')]);
  acceptJ(G, 'one object with 100,000 keys', { t: 'o', v: manyKeys }, plain(48));
  const manyInts: J[] = [];
  for (let i = 0; i < 500000; i++) manyInts.push(I(i * 7919 - 1000000));
  acceptJ(G, 'a flat array of 500,000 integers', { t: 'a', v: manyInts }, plain(49));
  const text = spell(all, plain(46));
  reject(G, '5 MB array, then trailing garbage', text + ' x', E.trail, Buffer.byteLength(text) + 1);
  reject(G, '5 MB array cut before its last ]', text.slice(0, -1), E.end, Buffer.byteLength(text) - 1);
}
/** `j` with every float made an integer (only to measure sizes). */
function deepStrip(j: J): J {
  if (j.t === 'f') return I(0);
  if (j.t === 'a') return A(...j.v.map(deepStrip));
  if (j.t === 'o') return O(...j.v.map(([k, v]) => [k, deepStrip(v)] as [string, J]));
  return j;
}

// ---------------------------------------------------------------- numbers
{
  const G = 'number';
  const exactInts = ['0', '1', '-1', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '1234567890123456789', '100000000000000000'];
  for (const t of exactInts) {
    accept(G, t, t, { canon: t });
    accept(G, `[${t}] in an array`, ` [ ${t} ]\n`, { canon: `[${t}]`, single: false });
  }
  accept(G, '-0 (an integer: 0)', '-0', { canon: '0' });
  accept(G, '1e400 -> 1e9999', '1e400', { canon: '1e9999' });
  accept(G, '-1e400 -> -1e9999', '-1e400', { canon: '-1e9999' });
  accept(G, '1e99999999999999999999 -> 1e9999', '1e99999999999999999999', { canon: '1e9999' });
  accept(G, '[1E400,-1E+400]', '[1E400,-1E+400]', { canon: '[1e9999,-1e9999]' });
  const digits = (n: number, seed: number) => {
    const r = prng(seed);
    let s = String(1 + Math.floor(r() * 9));
    while (s.length < n) s += String(Math.floor(r() * 10));
    return s;
  };
  const values: string[] = [
    '9223372036854775808',
    '-9223372036854775809',
    '18446744073709551616',
    '123456789012345678901234567890',
    digits(400, 1),
    '-' + digits(400, 2),
    digits(31, 3),
    digits(32, 4),
    digits(33, 5),
    digits(34, 6),
    '0.' + digits(30, 7),
    '0.' + digits(31, 8),
    '0.' + digits(32, 9),
    digits(16, 10) + '.' + digits(16, 11),
    '1e-400',
    '-1e-400',
    '0.1e-400',
    '0e400',
    '-0e-400',
    '0.0e99999999999999999999',
    '1e-99999999999999999999',
    '0.' + '0'.repeat(500) + '1e500',
    '1' + '0'.repeat(400) + 'e-400',
    '0.' + '0'.repeat(400) + '1',
    '3.14159265358979323846264338327950288419716939937510',
    '0.1000000000000000055511151231257827021181583404541015625',
    '1.00000000000000000000000000000000000000000000000001',
    '9'.repeat(400) + '.' + '9'.repeat(100),
    '1.7976931348623157e308',
    '-1.7976931348623157e308',
    '2.2250738585072014e-308',
    '123.456e-2',
    '1E5',
    '1e+5',
    '1e-5',
    '1E-0',
    '1e00001',
    '1e0000000000000000000000000005',
    '-0.0',
    '0.5',
    '-0.5e-0',
    '100e-2',
    '1.5e300',
    '-2.5E-300',
    '5e-324',
    '1e-320',
    '0.000001',
    '1e21',
    '123456789.123456789e-9',
    '12345678901234567890123456789012345678901234567890e-30',
  ];
  values.forEach((t, i) => {
    accept(G, `value ${i}: ${t.length > 40 ? t.slice(0, 30) + `... (${t.length} chars)` : t}`, t);
    accept(G, `value ${i} in an object`, `{"n":${t},"m":[${t}]}`, { single: i % 3 === 0 });
  });
  const bad: [string, number, string[]?][] = [
    ['01', 1],
    ['-01', 2],
    ['00', 1],
    ['-', 1, [E.end, E.num]],
    ['1.', 2, [E.end, E.num]],
    ['.5', 0, [E.byte]],
    ['1e', 2, [E.end, E.num]],
    ['1e+', 3, [E.end, E.num]],
    ['1E-', 3, [E.end, E.num]],
    ['+1', 0, [E.byte]],
    ['--1', 1],
    ['1.e5', 2],
    ['0x10', 1],
    ['1.5.', 3],
    ['Infinity', 0],
    ['NaN', 0],
    ['-Infinity', 1],
    ['1e5.5', 3],
    ['\u0663', 0, [E.byte]],
    ['1_000', 1],
    ['- 1', 1],
    ['0.e1', 2],
    ['1.5e', 4, [E.end, E.num]],
    ['-.5', 1],
    ['[01]', 2],
    ['[-]', 2],
    ['[1.]', 3],
    ['[.5]', 1],
    ['[1e]', 3],
    ['[+1]', 1],
    ['[1e+]', 4],
    ['{"a":01}', 6],
    ['{"a":-}', 6],
    ['[1,-]', 4],
    ['[-01]', 3],
    [digits(50, 12) + 'x', 50],
    ['[' + digits(400, 13) + '.]', 402],
    ['[0.' + '0'.repeat(100) + 'e]', 104],
  ];
  for (const [t, off, names] of bad) reject(G, `invalid ${t.length > 40 ? t.slice(0, 30) + '...' : t}`, t, names ?? NUMBER_ERRORS, off);

  // Doubles from random bit patterns, in JavaScript's shortest form and with
  // more digits than a double holds; subnormals of every magnitude.
  const r = prng(70);
  const dv = new DataView(new ArrayBuffer(8));
  const randomDoubles = (n: number, subnormal: boolean) => {
    const xs: number[] = [];
    while (xs.length < n) {
      dv.setUint32(0, Math.floor(r() * 2 ** 32));
      dv.setUint32(4, Math.floor(r() * 2 ** 32));
      if (subnormal) {
        // exponent field 0, mantissa shifted right by 0..51 bits
        const shift = BigInt(Math.floor(r() * 52));
        dv.setBigUint64(0, (dv.getBigUint64(0) & 0x800fffffffffffffn & ~(0xfffffffffffffn >> (52n - shift) << (52n - shift))) | 1n);
      }
      const x = dv.getFloat64(0);
      if (Number.isFinite(x)) xs.push(x);
    }
    return xs;
  };
  const any = randomDoubles(20000, false);
  const sub = randomDoubles(5000, true);
  // These fit the parser's number buffer: the exact double (0 ulp).
  accept(G, '20,000 random doubles, shortest form', '[' + any.map(String).join(',') + ']', { exact: true });
  accept(G, '20,000 random doubles, 21 significant digits', '[' + any.map((x) => x.toExponential(20)).join(',') + ']', { exact: true });
  accept(G, '5,000 subnormals of every magnitude, shortest form', '[' + sub.map(String).join(',') + ']', { exact: true });
  accept(G, '5,000 subnormals of every magnitude, 17 significant digits', '[' + sub.map((x) => x.toExponential(16)).join(',') + ']', { exact: true });
  // Decimal spellings of every shape: 0-44 integer digits, 0-44 zeros after
  // the point, 0-44 further fraction digits, an optional exponent; many are
  // longer than the parser's number buffer (SL_JSON_NUMBER_MAX).
  const digitsR = (n: number, lead: boolean) => {
    let t = '';
    for (let i = 0; i < n; i++) t += String(i === 0 && lead ? 1 + Math.floor(r() * 9) : Math.floor(r() * 10));
    return t;
  };
  const spellings: string[] = [];
  for (let i = 0; i < 20000; i++) {
    const il = Math.floor(r() * 45);
    const fz = Math.floor(r() * 45);
    const fl = Math.floor(r() * 45);
    let t = (r() < 0.3 ? '-' : '') + (il ? digitsR(il, true) : '0');
    if (fz + fl > 0 && r() < 0.8) t += '.' + '0'.repeat(fz) + (fl ? digitsR(fl, false) : '0');
    if (r() < 0.6) t += (r() < 0.5 ? 'e' : 'E') + ['', '+', '-'][Math.floor(r() * 3)] + String(Math.floor(r() * r() * 400));
    spellings.push(t);
  }
  accept(G, '20,000 random decimal spellings up to 140 characters', '[' + spellings.join(',') + ']');
  // Leading zeros after the point push significant digits past the buffer.
  for (const k of [21, 22, 25, 28, 30]) accept(G, `0.{${k} zeros}123456789`, '0.' + '0'.repeat(k) + '123456789');
  accept(G, '-0.{26 zeros}31415926535 in an array', '[-0.' + '0'.repeat(26) + '31415926535]');
  // Edges of the double range (JSON.parse: the nearest double).
  for (const t of [
    '4.9406564584124654e-324', // the smallest subnormal as %.17g prints it
    '1.2345678901234567e-316',
    '2.2250738585072009e-308', // the largest subnormal
    '1.7976931348623158e308', // rounds to DBL_MAX
    '179769313486231570000e288', // DBL_MAX with trailing zeros
    '0.000017976931348623157e313',
    '1' + '0'.repeat(10000) + 'e-10000', // 1, with 10,000 digits
    '0.' + '0'.repeat(9999) + '1e10000', // 1
    '-' + '1' + '0'.repeat(10000) + 'e-9990', // -1e10
  ])
    accept(G, `edge ${t.length > 40 ? t.slice(0, 30) + `... (${t.length} chars)` : t}`, t, { exact: true });
}

// ---------------------------------------------------------------- whitespace, literals, structure, trailing, empty, BOM
{
  const G = 'whitespace';
  accept(G, 'all four kinds everywhere', '\t\n\r [\t\n\r 1\t\n\r ,\r\n\t {\n"a"\t:\r1 }\t, "x" ,true ,false\n,null]\n\r\t ', { canon: '[1,{"a":1},"x",true,false,null]' });
  const gap = fill(' \t\n\r', 256 * KB);
  accept(G, '256 KB of whitespace between every two tokens', ['', '[', '1', ',', '{', '"a"', ':', '2', '}', ']', ''].join(gap), { canon: '[1,{"a":2}]' });
  accept(G, '1 MB of whitespace around a value', fill(' \t\n\r', MB / 2) + '{"a":[]}' + fill('\r\n\t ', MB / 2), { canon: '{"a":[]}' });
  const forbidden: [string, string][] = [
    ['form feed', '\f'],
    ['vertical tab', '\v'],
    ['NBSP', '\u00a0'],
    ['U+2028', '\u2028'],
    ['BOM mid-document', '\ufeff'],
    ['NUL', '\u0000'],
    ['file separator 0x1c', '\u001c'],
    ['NEL U+0085', '\u0085'],
    ['ideographic space', '\u3000'],
  ];
  for (const [name, w] of forbidden) {
    reject(G, `${name} before the value`, w + '[]', E.byte, 0);
    reject(G, `${name} inside an array`, '[' + w + '1]', E.byte, 1, { single: false });
    reject(G, `${name} after a comma`, '[1,' + w + '2]', E.byte, 3, { single: false });
    reject(G, `${name} before a colon`, '{"a"' + w + ':1}', E.byte, 4, { single: false });
    reject(G, `${name} after the value`, '[]' + w, [E.trail, E.byte], 2, { single: false });
  }
}
{
  const G = 'literal';
  for (const t of ['true', 'false', 'null']) accept(G, t, ` ${t} `, { canon: t });
  accept(G, 'all three in an array', '[true,false,null]', { canon: '[true,false,null]' });
  const bad: [string, string[], number][] = [
    ['tru', [E.end], 3],
    ['nul', [E.end], 3],
    ['fals', [E.end], 4],
    ['tRue', [E.lit, E.byte], 1],
    ['True', [E.byte, E.lit], 0],
    ['nulL', [E.lit, E.byte], 3],
    ['nan', [E.lit, E.byte], 1],
    ['falsee', [E.trail, E.lit], 5],
    ['nullx', [E.trail, E.lit], 4],
    ['[nulx]', [E.lit, E.byte], 4],
    ['[tru]', [E.lit, E.byte], 4],
    ['[t', [E.end], 2],
    ['[true false]', [E.byte], 6],
  ];
  for (const [t, names, off] of bad) reject(G, `invalid ${t}`, t, names, off);
}
{
  const G = 'structure';
  const bad: [string, string[], number][] = [
    ['[1,]', [E.byte], 3],
    ['[,1]', [E.byte], 1],
    ['[1 2]', [E.byte], 3],
    ['[', [E.end], 1],
    ['{', [E.end], 1],
    ['{"a"', [E.end], 4],
    ['{"a":', [E.end], 5],
    ['{"a":1', [E.end], 6],
    ['[1,', [E.end], 3],
    [']', [E.byte], 0],
    ['}', [E.byte], 0],
    [':', [E.byte], 0],
    [',', [E.byte], 0],
    ['[1:2]', [E.byte], 2],
    ['[}', [E.byte], 1],
    ['{]', [E.byte], 1],
    ['[1}', [E.byte], 2],
    ['{"a":1]', [E.byte], 6],
    ['[[]', [E.end], 3],
    ["'a'", [E.byte], 0],
    ['[1,,2]', [E.byte], 3],
  ];
  for (const [t, names, off] of bad) reject(G, `invalid ${t}`, t, names, off);
  accept(G, 'empty containers', '[[],{},[{}],{"a":[]},""]', { canon: '[[],{},[{}],{"a":[]},""]' });
}
{
  const G = 'trailing';
  const bad: [string, string[], number][] = [
    ['{} x', [E.trail], 3],
    ['[]]', [E.trail], 2],
    ['1 2', [E.trail], 2],
    ['"a""b"', [E.trail], 3],
    ['"a" "b"', [E.trail], 4],
    ['{}\u0000', [E.trail, E.byte], 2],
    ['[] // c', [E.trail], 3],
    ['{}\n\n,', [E.trail], 4],
    ['1/', [E.trail, E.num, E.byte], 1],
    ['true false', [E.trail], 5],
    ['{}{}', [E.trail], 2],
    ['0 0', [E.trail], 2],
    ['"a" :', [E.trail], 4],
    ['null\t\n\r x', [E.trail], 8],
    ['[1]\ufeff', [E.trail, E.byte], 3],
    ['"' + 'x'.repeat(MB) + '"x', [E.trail], MB + 2],
  ];
  for (const [t, names, off] of bad) reject(G, `trailing ${t.length > 20 ? t.slice(0, 10) + '...' : JSON.stringify(t)}`, t, names, off);
}
{
  const G = 'empty';
  reject(G, 'empty file', '', E.end, 0);
  reject(G, 'whitespace only', ' \t\r\n', E.end, 4);
  reject(G, '1 MB of whitespace only', fill('\n \t\r', MB), E.end, MB);
  // Documented: a byte order mark is not whitespace (UnexpectedByte at 0).
  reject(G, 'BOM only', Buffer.from([0xef, 0xbb, 0xbf]), E.byte, 0);
  reject(G, 'BOM then {}', Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), E.byte, 0);
  reject(G, 'space, BOM, {}', Buffer.from([0x20, 0xef, 0xbb, 0xbf, 0x7b, 0x7d]), E.byte, 1);
  reject(G, 'UTF-16LE BOM then {}', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), E.byte, 0, { node: 'skip' });
  reject(G, 'UTF-16BE "1"', Buffer.from([0x00, 0x31]), E.byte, 0, { node: 'skip' });
}

// ---------------------------------------------------------------- chunk alignment
// A short document shifted by 0..63 bytes of whitespace, so that every
// multi-byte character, escape and key boundary falls on each position of
// json-check's 64-byte read chunks.
{
  const G = 'align';
  const doc = O(['k'.repeat(31) + 'é' + 'x'.repeat(5), S('€😀\n\u0000\ud800é')], ['😀', A(S('\udc00\ud800'), I(-12), NULL)]);
  const text = spell(doc, { rnd: prng(50), escapeAll: 0.5 });
  for (let k = 0; k < 64; k++) accept(G, `shift ${k}`, ' '.repeat(k) + text, { canon: canonical(doc), single: k % 4 === 0 });
  const bad = Buffer.from([0xf0, 0x9f, 0x98, 0x41]);
  for (let k = 0; k < 64; k++) reject(G, `shift ${k}, 4-byte sequence cut`, Buffer.concat([Buffer.from(' '.repeat(k) + '["ab'), bad, Buffer.from('"]')]), E.utf8, k + 4 + 3, { node: 'differs', single: false });
  for (let k = 0; k < 64; k++) reject(G, `shift ${k}, \\u cut`, ' '.repeat(k) + '["ab\\uD83D\\uDE0', E.end, k + 15, { single: false });
  const pairs = '["\\uD83D\\uDE00","\\uD800\\n","😀",{"\\uDBFF\\uDFFF":"\\u0000\\uDC00"}]';
  const pairsCanon = '["😀","\ufffd\\n","😀",{"\u{10ffff}":"\\u0000\ufffd"}]';
  for (let k = 0; k < 64; k++) accept(G, `shift ${k}, surrogate pairs and lone surrogates`, ' '.repeat(k) + pairs, { canon: pairsCanon });
}

// ---------------------------------------------------------------- random documents
const RANDOM_DOCS = 300;
{
  const G = 'random';
  const r = prng(20261126);
  for (let i = 0; i < RANDOM_DOCS; i++) {
    const floats = i % 3 === 0;
    const big = i % 25 === 24;
    const j = randomValue(r, { floats, lone: i % 2 === 0, maxDepth: i % 10 === 9 ? DEPTH : 6, size: big ? 3000 : 1 + Math.floor(r() * 60), container: big });
    const st: Style = { rnd: prng(1000 + i), escapeAll: r() * 0.6, shortEscape: r(), slash: r() * 0.5, upperHex: r(), ws: r() * 0.6, wsMax: 1 + Math.floor(r() * 4) };
    acceptJ(G, `doc ${i}${floats ? ' (floats)' : ''}${big ? ' (big)' : ''}`, j, st);
  }
}

// ---------------------------------------------------------------- truncation documents
// Every proper prefix of these is rejected with UnexpectedEnd at its length,
// unless JSON.parse accepts it (a top-level number cut after a digit).
const truncationDocs: [string, string][] = [
  [
    'event',
    spell(
      O(
        ['eventType', S('MessageReceived')],
        ['featureType', S('groupchat')],
        [
          'eventBody',
          O(
            ['messageId', S('m-1')],
            ['receivedOn', I(1700562656)],
            ['ratio', F(-12.5e3, '-12.5e+3')],
            ['tiny', F(1e-7, '1E-7')],
            ['dataComponent', O(['dataComponentType', S('text')], ['text', S('Grüße 😀 "quoted"\n\ttab \u0000 \ud800 / \\ 東京')])],
            ['flags', A(TRUE, FALSE, NULL, A(), O(), S(''), I(0), I(-0), F(0.5, '0.5'))],
            ['k\u00e9y\u{1F600}', O(['nested', A(A(A(O(['deep', S('yes')]))))])],
          ),
        ],
      ),
      { rnd: prng(60), escapeAll: 0.3, ws: 0.5, wsMax: 2, slash: 0.5 },
    ),
  ],
  ['string', spell(S('a\b\f\n\r\t"\\/\u0000\u001f é€😀\ud800\udc00x'), { rnd: prng(61), escapeAll: 0.5, shortEscape: 0.5, slash: 0.5 })],
  ['number', '-12.5e+3'],
  ['number 2', '0.000123E-45'],
  ['true', 'true'],
  ['false', 'false'],
  ['null', 'null'],
  ['nesting at the limit', ' ' + deepText(DEPTH) + ' '],
  ['long key', spell(O(['k'.repeat(40) + '\n\u00e9\ud83d\ude00' + 'x'.repeat(30), S('v'.repeat(100) + '"\\')], ['b', A(I(1), F(2.5, '2.5'))]), { rnd: prng(65), escapeAll: 0.2 })],
  ['random', spell(randomValue(prng(62), { floats: true, lone: true, maxDepth: 8, size: 120, container: true }), { rnd: prng(63), escapeAll: 0.3, ws: 0.3 })],
];
function deepText(levels: number): string {
  return spell(deepJ(levels - 1, A(S('é'), I(1), F(2.5, '2.5e0'))), { rnd: prng(64), ws: 0.5 });
}

// ---------------------------------------------------------------- running
interface Single {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}
function runCheck(files: string[], direct = false): Single {
  const r =
    direct || OVERRIDE
      ? spawnSync(BIN, files, { maxBuffer: 256 * MB, timeout: 120000 })
      : spawnSync('nice', ['bash', CHECK, ...files], { maxBuffer: 256 * MB, timeout: 120000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout ? r.stdout.toString('utf8') : '', stderr: r.stderr ? r.stderr.toString('utf8') : '' };
}

let dir = '';
const multiLine = new Map<string, string>();
const batchProblems: string[] = [];

function nodeValid(b: Buffer): boolean {
  try {
    JSON.parse(b.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function runBatches(files: string[], wantStatus: number | undefined): void {
  for (let i = 0; i < files.length; i += 400) {
    const batch = files.slice(i, i + 400);
    const r = runCheck(batch);
    const lines = r.stdout.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (r.signal || r.stderr) batchProblems.push(`batch at ${i}: signal ${r.signal}, stderr ${r.stderr.slice(0, 200)}`);
    if (lines.length !== batch.length) batchProblems.push(`batch at ${i}: ${lines.length} lines for ${batch.length} files`);
    if (wantStatus !== undefined && r.status !== wantStatus) batchProblems.push(`batch at ${i}: exit ${r.status}, want ${wantStatus}`);
    batch.forEach((f, k) => multiLine.set(f, lines[k] ?? '(no line)'));
  }
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function describeDiff(got: string, want: string): string {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const ctx = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 30), i + 30));
  return `canonical output differs at char ${i} (got ${got.length} chars, want ${want.length}): got ${ctx(got)}, want ${ctx(want)}`;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-check-tricky-'));
  cases.forEach((c, i) => {
    c.file = path.join(dir, `${String(i).padStart(4, '0')}-${c.group}.json`);
    fs.writeFileSync(c.file, c.bytes);
  });
  // Warm-up (json-check.sh rebuilds when a source changed).
  runCheck([cases[0].file!]);
  runBatches(
    cases.filter((c) => c.want === 'accept').map((c) => c.file!),
    0,
  );
  runBatches(
    cases.filter((c) => c.want === 'reject').map((c) => c.file!),
    1,
  );
}, 300000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function checkCase(c: Case, index: number): void {
  const file = c.file!;
  const problems: string[] = [];
  // The expectation agrees with JSON.parse unless documented otherwise.
  if (!c.node) {
    const nv = nodeValid(c.bytes);
    if (nv !== (c.want === 'accept')) problems.push(`test expectation: JSON.parse says ${nv ? 'valid' : 'invalid'} but the case wants ${c.want}`);
  } else if (c.node === 'differs') {
    if (nodeValid(c.bytes) === (c.want === 'accept')) problems.push('test expectation: marked as differing from JSON.parse, but it agrees');
  }
  const line = multiLine.get(file);
  let why = '';
  if (c.want === 'accept') {
    if (line !== `ok ${file}`) problems.push(`multi-file: want "ok", got "${line}"`);
  } else {
    const prefix = `error ${file}: `;
    if (!line || !line.startsWith(prefix)) problems.push(`multi-file: want an error line, got "${line}"`);
    else {
      why = line.slice(prefix.length);
      const m = /^(.+) at byte (\d+)$/.exec(why);
      if (!m) problems.push(`multi-file: no "<name> at byte <n>" in "${why}"`);
      else {
        if (c.errors && !c.errors.includes(m[1])) problems.push(`error name: want ${c.errors.map((e) => JSON.stringify(e)).join(' or ')}, got "${why}"`);
        if (c.offset !== undefined && Number(m[2]) !== c.offset) problems.push(`error offset: want ${c.offset}, got "${why}"`);
      }
    }
  }
  if (c.single !== false) {
    const r = runCheck([file], index % 8 !== 0);
    if (r.signal) problems.push(`single-file: killed by ${r.signal}`);
    if (r.stderr) problems.push(`single-file: stderr ${JSON.stringify(r.stderr.slice(0, 200))}`);
    if (c.want === 'accept') {
      if (r.status !== 0) problems.push(`single-file: exit ${r.status}, output ${JSON.stringify(r.stdout.slice(-200))}`);
      else if (!r.stdout.endsWith('\n') || r.stdout.indexOf('\n') !== r.stdout.length - 1) problems.push(`single-file: not exactly one line`);
      else {
        const out = r.stdout.slice(0, -1);
        let got: unknown;
        try {
          got = JSON.parse(out);
        } catch (e) {
          problems.push(`single-file: output is not JSON (${(e as Error).message}): ${JSON.stringify(out.slice(0, 200))}`);
        }
        if (got !== undefined) {
          const want = JSON.parse(c.bytes.toString('utf8'));
          const d = firstDifference(got, want);
          if (d) problems.push(`value differs from JSON.parse of the input: ${d}`);
          const x = c.exact ? firstInexact(got, want) : undefined;
          if (x) problems.push(`number not the correctly rounded double: ${x}`);
        }
        if (c.canon !== undefined && out !== c.canon) problems.push(describeDiff(out, c.canon));
      }
    } else {
      if (r.status !== 1) problems.push(`single-file: exit ${r.status}, want 1`);
      if (why && r.stdout !== `error: ${why}\n`) problems.push(`single-file: want exactly "error: ${why}\\n", got ${JSON.stringify(r.stdout.slice(0, 300))}`);
    }
  }
  if (problems.length) {
    const shown = c.bytes.length > 120 ? JSON.stringify(c.bytes.subarray(0, 80).toString('latin1')) + `... (${c.bytes.length} bytes)` : JSON.stringify(c.bytes.toString('latin1'));
    throw new Error(`${c.group}: ${c.name}\ninput (latin1 view): ${shown}\n- ${problems.join('\n- ')}`);
  }
}

describe('json-check on tricky inputs (differential with JSON.parse)', () => {
  test('the batches ran cleanly: one line per file, exit 0 for valid files only, 1 otherwise', () => {
    expect(batchProblems).toEqual([]);
    expect(cases.length).toBeGreaterThan(500);
  });

  test('the generator is sound: canonical texts re-parse to the value of their input', () => {
    const bad: string[] = [];
    for (const c of cases) {
      if (c.canon === undefined || c.bytes.length > 6 * MB) continue;
      const d = firstDifference(JSON.parse(c.canon), JSON.parse(c.bytes.toString('utf8')));
      if (d) bad.push(`${c.group}: ${c.name}: ${d}`);
    }
    expect(bad).toEqual([]);
  });

  const groups = [...new Set(cases.map((c) => c.group))];
  for (const g of groups) {
    describe(g, () => {
      cases.forEach((c, i) => {
        if (c.group === g) test(c.name, () => checkCase(c, i));
      });
    });
  }

  describe('truncation: every proper prefix', () => {
    for (const [name, text] of truncationDocs) {
      test(`${name} (${Buffer.byteLength(text)} bytes)`, () => {
        const full = Buffer.from(text, 'utf8');
        expect(nodeValid(full)).toBe(true);
        const tdir = fs.mkdtempSync(path.join(dir, 'cut-'));
        const files: string[] = [];
        for (let n = 0; n < full.length; n++) {
          const f = path.join(tdir, `${n}.json`);
          fs.writeFileSync(f, full.subarray(0, n));
          files.push(f);
        }
        const wrong: string[] = [];
        for (let i = 0; i < files.length; i += 400) {
          const batch = files.slice(i, i + 400);
          const r = runCheck(batch);
          expect(r.signal).toBeNull();
          expect(r.stderr).toBe('');
          const lines = r.stdout.split('\n');
          batch.forEach((f, k) => {
            const n = i + k;
            const prefix = full.subarray(0, n);
            const want = nodeValid(prefix) ? `ok ${f}` : `error ${f}: ${E.end} at byte ${n}`;
            if (lines[k] !== want) wrong.push(`cut at ${n} (${JSON.stringify(prefix.subarray(Math.max(0, n - 20)).toString('latin1'))}): got "${lines[k]}", want "${want}"`);
          });
        }
        // Single-file mode on some of them: the same verdict, one line.
        for (let n = 0; n < full.length; n += Math.max(1, Math.floor(full.length / 12))) {
          const r = runCheck([files[n]], n % 2 === 0);
          const prefix = full.subarray(0, n);
          if (nodeValid(prefix)) {
            if (r.status !== 0 || !sameValue(tryParse(r.stdout), JSON.parse(prefix.toString('utf8')))) wrong.push(`single cut at ${n}: exit ${r.status}, "${r.stdout}"`);
          } else if (r.status !== 1 || r.stdout !== `error: ${E.end} at byte ${n}\n`) wrong.push(`single cut at ${n}: exit ${r.status}, "${r.stdout}"`);
        }
        expect(wrong.slice(0, 20)).toEqual([]);
      });
    }
  });

  // Files that cannot be read are errors too, one line each, never taken for
  // an empty document.
  test('a missing file and a directory: one error line each, not a parse result', () => {
    const missing = path.join(dir, 'no-such-file.json');
    const single = runCheck([missing]);
    expect(single.status).toBe(1);
    expect(single.stdout).toMatch(/^error: cannot open: .+\n$/);
    const multi = runCheck([cases[0].file!, missing, dir]);
    expect(multi.status).toBe(1);
    const lines = multi.stdout.split('\n');
    expect(lines.length).toBe(4);
    expect(lines[0]).toBe(`ok ${cases[0].file}`);
    expect(lines[1]).toMatch(new RegExp(`^error ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot open`));
    expect(lines[2].startsWith(`error ${dir}: `)).toBe(true);
    // A directory reads as an I/O error (EISDIR), not as JSON.
    expect(lines[2]).not.toMatch(/at byte \d+$/);
  });

  // Every byte of a few documents replaced by each of a few bytes, and every
  // byte deleted: json-check must decide as JSON.parse does (plus the
  // documented UTF-8 rule), and an error can never be reported before the
  // change (the bytes before it are a prefix of a valid document).
  describe('mutation: every byte replaced or deleted', () => {
    const REPLACEMENTS = ['"', ',', ']', '}', '[', '{', ':', 'x', '\\', ' ', '0', '-', '.', 'e', '\n', '\u0001', '/', 't'];
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const validUtf8 = (b: Buffer) => {
      try {
        utf8.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    for (const [name, text] of truncationDocs.filter(([n]) => ['event', 'string', 'random'].includes(n))) {
      test(`${name} (${Buffer.byteLength(text)} bytes)`, () => {
        const full = Buffer.from(text, 'utf8');
        const tdir = fs.mkdtempSync(path.join(dir, 'mut-'));
        const variants: { at: number; bytes: Buffer; file: string }[] = [];
        for (let i = 0; i < full.length; i++) {
          const add = (bytes: Buffer) => {
            const file = path.join(tdir, `${variants.length}.json`);
            fs.writeFileSync(file, bytes);
            variants.push({ at: i, bytes, file });
          };
          add(Buffer.concat([full.subarray(0, i), full.subarray(i + 1)]));
          for (const c of REPLACEMENTS) if (full[i] !== c.charCodeAt(0)) add(Buffer.concat([full.subarray(0, i), Buffer.from(c), full.subarray(i + 1)]));
        }
        const wrong: string[] = [];
        let accepted = 0;
        for (let k = 0; k < variants.length; k += 500) {
          const batch = variants.slice(k, k + 500);
          const r = runCheck(
            batch.map((v) => v.file),
            true,
          );
          expect(r.signal).toBeNull();
          const lines = r.stdout.split('\n');
          batch.forEach((v, j) => {
            const valid = nodeValid(v.bytes) && validUtf8(v.bytes);
            const line = lines[j];
            const show = () => JSON.stringify(v.bytes.subarray(Math.max(0, v.at - 15), v.at + 15).toString('latin1'));
            if (valid) {
              accepted++;
              if (line !== `ok ${v.file}`) wrong.push(`change at ${v.at} (${show()}): valid, got "${line}"`);
              return;
            }
            const m = new RegExp(`^error ${v.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (.+) at byte (\\d+)$`).exec(line ?? '');
            if (!m) wrong.push(`change at ${v.at} (${show()}): invalid, got "${line}"`);
            else if (Number(m[2]) < v.at || Number(m[2]) > v.bytes.length) wrong.push(`change at ${v.at} (${show()}): error offset outside [${v.at}, ${v.bytes.length}]: "${m[1]} at byte ${m[2]}"`);
          });
        }
        // Some accepted variants alone: the value of JSON.parse.
        const ok = variants.filter((v) => nodeValid(v.bytes) && validUtf8(v.bytes));
        for (let k = 0; k < ok.length; k += Math.max(1, Math.floor(ok.length / 25))) {
          const r = runCheck([ok[k].file], true);
          const d = r.status === 0 ? firstDifference(tryParse(r.stdout), JSON.parse(ok[k].bytes.toString('utf8'))) : `exit ${r.status}: ${r.stdout}`;
          if (d) wrong.push(`change at ${ok[k].at}, alone: ${d}`);
        }
        expect(wrong.slice(0, 20)).toEqual([]);
        expect(accepted).toBeGreaterThan(10);
      });
    }
  });
});
