// Support for test/firmware/json-check-tricky.test.ts: a seeded PRNG, a small
// JSON value model that keeps key order and duplicates, a serializer that
// writes one value in many equivalent spellings (escapes, whitespace, number
// notations), the canonical text json-check must print for it, and a value
// comparison of two JSON.parse results.
//
// Canonical text (tools/json-check/json_check.cpp + JsonWriter.h): compact,
// strings as JSON.stringify writes them after lone surrogates became U+FFFD,
// integers that fit int64 printed exactly. Doubles are only compared by value
// (JsonWriter::number(double) is the shortest form in "all but a few per
// mille", so its exact text is not pinned down), so a value holding a
// non-integer number has no canonical text here.

export { prng } from '../../helpers/prng';

export type J =
  | { t: 's'; v: string }
  | { t: 'i'; v: bigint } // an integer written without fraction or exponent
  | { t: 'f'; v: number; text?: string } // any other number (text: its exact spelling)
  | { t: 'b'; v: boolean }
  | { t: 'n' }
  | { t: 'a'; v: J[] }
  | { t: 'o'; v: [string, J][] };

export const S = (v: string): J => ({ t: 's', v });
export const I = (v: bigint | number): J => ({ t: 'i', v: BigInt(v) });
export const F = (v: number, text?: string): J => ({ t: 'f', v, text });
export const A = (...v: J[]): J => ({ t: 'a', v });
export const O = (...v: [string, J][]): J => ({ t: 'o', v });
export const TRUE: J = { t: 'b', v: true };
export const FALSE: J = { t: 'b', v: false };
export const NULL: J = { t: 'n' };

/** Lone UTF-16 surrogates replaced by U+FFFD (String#toWellFormed). */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** What json-check must print for `j` (no trailing newline), or undefined
 *  when `j` holds a number whose printed form is not pinned down. */
export function canonical(j: J): string | undefined {
  const out: string[] = [];
  const walk = (x: J): boolean => {
    switch (x.t) {
      case 's':
        out.push(JSON.stringify(wellFormed(x.v)));
        return true;
      case 'i':
        if (x.v < INT64_MIN || x.v > INT64_MAX) return false;
        out.push(x.v === 0n ? '0' : x.v.toString()); // -0 is the integer 0
        return true;
      case 'f':
        return false;
      case 'b':
        out.push(x.v ? 'true' : 'false');
        return true;
      case 'n':
        out.push('null');
        return true;
      case 'a':
        out.push('[');
        for (let i = 0; i < x.v.length; i++) {
          if (i) out.push(',');
          if (!walk(x.v[i])) return false;
        }
        out.push(']');
        return true;
      case 'o':
        out.push('{');
        for (let i = 0; i < x.v.length; i++) {
          if (i) out.push(',');
          out.push(JSON.stringify(wellFormed(x.v[i][0])), ':');
          if (!walk(x.v[i][1])) return false;
        }
        out.push('}');
        return true;
    }
  };
  return walk(j) ? out.join('') : undefined;
}

/** How a value is spelt. Probabilities in [0, 1]. */
export interface Style {
  rnd: () => number;
  escapeAll?: number; // a character that could be raw is written as \uXXXX
  shortEscape?: number; // \" \\ \/ \b \f \n \r \t where one exists (else \u00XX)
  slash?: number; // '/' written as \/ (or \u002f when escaping)
  upperHex?: number; // \u hex digits in upper case
  ws?: number; // whitespace between tokens
  wsMax?: number; // longest whitespace run
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex4(code: number, upper: boolean): string {
  const h = code.toString(16).padStart(4, '0');
  return '\\u' + (upper ? h.toUpperCase() : h);
}

/** The body of a JSON string (no quotes) spelling `s` in style `st`; the
 *  result holds no lone surrogate (those are always escaped), so its UTF-8
 *  encoding is exact. */
export function spellString(s: string, st: Style): string {
  const r = st.rnd;
  const out: string[] = [];
  const esc = (code: number) => hex4(code, r() < (st.upperHex ?? 0.5));
  const escapeAll = st.escapeAll ?? 0;
  const slash = st.slash ?? 0;
  for (let i = 0; i < s.length; i++) {
    if (escapeAll === 0) {
      // fast path: a run of characters that are written as they are
      const start = i;
      while (i < s.length) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c === 0x22 || c === 0x5c || (c === 0x2f && slash > 0) || (c >= 0xd800 && c <= 0xdfff)) break;
        i++;
      }
      if (i > start) out.push(s.slice(start, i));
      if (i === s.length) break;
    }
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      // an astral character: raw 4-byte UTF-8 or an escaped pair
      if (escapeAll > 0 && r() < escapeAll) out.push(esc(c), esc(s.charCodeAt(i + 1)));
      else out.push(s.slice(i, i + 2));
      i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      out.push(esc(c)); // lone surrogate: only expressible escaped
      continue;
    }
    const must = c < 0x20 || ch === '"' || ch === '\\';
    if (must || (ch === '/' && slash > 0 && r() < slash) || (escapeAll > 0 && r() < escapeAll)) {
      if (SHORT[ch] && r() < (st.shortEscape ?? 0.5)) out.push(SHORT[ch]);
      else out.push(esc(c));
    } else {
      out.push(ch);
    }
  }
  return out.join('');
}

const WS = [' ', '\t', '\n', '\r'];

function ws(st: Style): string {
  const r = st.rnd;
  if (r() >= (st.ws ?? 0)) return '';
  const n = 1 + Math.floor(r() * (st.wsMax ?? 3));
  let s = '';
  for (let i = 0; i < n; i++) s += WS[Math.floor(r() * 4)];
  return s;
}

/** One spelling of an integer value: plain digits, or (sometimes) with an
 *  exponent or fraction that keeps it an integer in value. */
function spellNumber(j: J & ({ t: 'i' } | { t: 'f' }), st: Style): string {
  if (j.t === 'i') return j.v.toString();
  if (j.text !== undefined) return j.text;
  const r = st.rnd;
  const v = j.v;
  if (Object.is(v, -0)) return ['-0.0', '-0e0', '-0E+00', '-0.000e-5'][Math.floor(r() * 4)];
  const p = r();
  if (p < 0.4) return String(v).replace('e+', r() < 0.5 ? 'e+' : 'e');
  if (p < 0.7) {
    const e = v.toExponential(); // "1.2345e+67"
    const [m, x] = e.split('e');
    const xs = x.startsWith('-') ? '-' + x.slice(1).padStart(3, '0') : (r() < 0.5 ? '+' : '') + x.replace('+', '');
    return m + (r() < 0.5 ? 'E' : 'e') + xs;
  }
  // 17 significant digits
  const e = v.toExponential(16);
  return e.replace('e+', 'e');
}

/** Serializes `j` in style `st` (a JSON text as a JS string, whitespace
 *  included around the value). */
export function spell(j: J, st: Style): string {
  const out: string[] = [];
  const walk = (x: J) => {
    switch (x.t) {
      case 's':
        out.push('"', spellString(x.v, st), '"');
        break;
      case 'i':
      case 'f':
        out.push(spellNumber(x, st));
        break;
      case 'b':
        out.push(x.v ? 'true' : 'false');
        break;
      case 'n':
        out.push('null');
        break;
      case 'a':
        out.push('[', ws(st));
        x.v.forEach((e, i) => {
          if (i) out.push(',', ws(st));
          walk(e);
          out.push(ws(st));
        });
        out.push(']');
        break;
      case 'o':
        out.push('{', ws(st));
        x.v.forEach(([k, e], i) => {
          if (i) out.push(',', ws(st));
          out.push('"', spellString(k, st), '"', ws(st), ':', ws(st));
          walk(e);
          out.push(ws(st));
        });
        out.push('}');
        break;
    }
  };
  out.push(ws(st));
  walk(j);
  out.push(ws(st));
  return out.join('');
}

/** A random string: ASCII mostly, plus controls, quotes, backslashes,
 *  2/3/4-byte characters, noncharacters and (if `lone`) lone surrogates. */
export function randomString(r: () => number, maxLen: number, lone: boolean): string {
  const n = Math.floor(r() * r() * (maxLen + 1));
  let s = '';
  for (let i = 0; i < n; i++) {
    const p = r();
    if (p < 0.55) s += String.fromCharCode(0x20 + Math.floor(r() * 0x5f));
    else if (p < 0.62) s += String.fromCharCode(Math.floor(r() * 0x20));
    else if (p < 0.66) s += '"\\/'[Math.floor(r() * 3)];
    else if (p < 0.74) s += String.fromCharCode(0x80 + Math.floor(r() * 0x780));
    else if (p < 0.84) {
      let c = 0x800 + Math.floor(r() * 0xf800);
      if (c >= 0xd800 && c <= 0xdfff) c += 0x800;
      s += String.fromCharCode(c);
    } else if (p < 0.93) s += String.fromCodePoint(0x10000 + Math.floor(r() * 0x100000));
    else if (p < 0.97) s += ['\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ufffe', '\ufeff', '\u2028', '\u2029', '\u{10ffff}', '\u{10000}'][Math.floor(r() * 12)];
    else if (lone) s += String.fromCharCode(0xd800 + Math.floor(r() * 0x800));
    else s += 'x';
  }
  return s;
}

/** A random integer (bigint): small, around 2^53, around the int64 limits,
 *  or longer than int64. */
function randomInt(r: () => number): bigint {
  const p = r();
  const sign = r() < 0.3 ? -1n : 1n;
  if (p < 0.5) return sign * BigInt(Math.floor(r() * 1000));
  if (p < 0.7) return sign * BigInt(Math.floor(r() * 2 ** 52)) * BigInt(1 + Math.floor(r() * 4096));
  if (p < 0.8) return sign * (2n ** 53n + BigInt(Math.floor(r() * 5)) - 2n);
  if (p < 0.9) return r() < 0.5 ? INT64_MAX - BigInt(Math.floor(r() * 3)) : INT64_MIN + BigInt(Math.floor(r() * 3));
  let d = String(1 + Math.floor(r() * 9));
  const len = 19 + Math.floor(r() * 40);
  while (d.length < len) d += String(Math.floor(r() * 10));
  return sign * BigInt(d);
}

/** A random double: every magnitude from subnormal-free tiny to huge. */
function randomDouble(r: () => number): number {
  const p = r();
  if (p < 0.05) return -0;
  if (p < 0.35) return Math.round((r() - 0.5) * 2e6) / 1000;
  const mant = 1 + r();
  const exp = Math.floor((r() - 0.5) * 2 * 300);
  return (r() < 0.5 ? -1 : 1) * mant * 10 ** exp;
}

export interface GenOptions {
  floats: boolean; // include non-integer numbers (then no canonical text)
  lone: boolean; // strings may hold lone surrogates
  maxDepth: number; // container levels allowed
  size: number; // rough number of values
  container?: boolean; // the root is an array or an object
}

/** A random JSON value (keys may repeat, be empty or integer-like). */
export function randomValue(r: () => number, o: GenOptions): J {
  let budget = o.size;
  const keys = ['', 'a', 'id', '0', '10', '__proto__', 'eventType', 'key with space', 'ü', '😀', 'k\u0000', 'x'.repeat(33)];
  const gen = (depth: number): J => {
    budget--;
    const p = depth === 0 && o.container ? r() * 0.6 : r();
    const canNest = depth < o.maxDepth && budget > 0;
    if (canNest && p < 0.3) {
      const n = Math.floor(r() * Math.min(8, budget + 1));
      const v: J[] = [];
      for (let i = 0; i < n && budget > 0; i++) v.push(gen(depth + 1));
      return A(...v);
    }
    if (canNest && p < 0.6) {
      const n = Math.floor(r() * Math.min(8, budget + 1));
      const v: [string, J][] = [];
      for (let i = 0; i < n && budget > 0; i++) {
        const k = r() < 0.3 ? keys[Math.floor(r() * keys.length)] : randomString(r, 40, o.lone);
        v.push([k, gen(depth + 1)]);
      }
      return O(...v);
    }
    if (p < 0.72) return S(randomString(r, 80, o.lone));
    if (p < 0.82) return I(randomInt(r));
    if (p < 0.9 && o.floats) return F(randomDouble(r));
    if (p < 0.94) return TRUE;
    if (p < 0.97) return FALSE;
    return NULL;
  };
  return gen(0);
}

const f64 = new DataView(new ArrayBuffer(8));
/** Units in the last place between two finite doubles of the same sign. */
export function ulpDistance(a: number, b: number): bigint {
  f64.setFloat64(0, Math.abs(a));
  const x = f64.getBigInt64(0);
  f64.setFloat64(0, Math.abs(b));
  const y = f64.getBigInt64(0);
  return x > y ? x - y : y - x;
}

/** Numbers as JsonNumber.h promises them: "within a few units in the last
 *  place" (here at most MAX_ULPS), -0 equal to 0, the same infinity; never a
 *  nonzero turned into zero or a sign flipped. */
export const MAX_ULPS = 4n;
export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (a === 0 || b === 0 || a < 0 !== b < 0) return false;
  return ulpDistance(a, b) <= MAX_ULPS;
}

/** Equality of two JSON.parse results: numbers by sameNumber, strings after
 *  wellFormed, keys in order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return sameNumber(a, b);
  if (typeof a === 'string' && typeof b === 'string') return wellFormed(a) === wellFormed(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k, i) => wellFormed(k) === wellFormed(kb[i]) && sameValue((a as any)[k], (b as any)[kb[i]]));
  }
  return a === b;
}

/** Where two JSON.parse results first differ (for failure messages). */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (sameValue(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length === kb.length && ka.every((k, i) => wellFormed(k) === wellFormed(kb[i]))) {
      for (const k of ka) {
        const d = firstDifference((a as any)[k], (b as any)[k], `${at}.${JSON.stringify(k)}`);
        if (d) return d;
      }
    }
  }
  const show = (x: unknown) => {
    const s = typeof x === 'number' ? String(x) : JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 120 ? s.slice(0, 120) + `... (${s.length} chars)` : s;
  };
  return `${at}: got ${show(a)}, want ${show(b)}`;
}
