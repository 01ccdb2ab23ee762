// JSONTestSuite through `npm run json-check` (the firmware parser on the host):
// every y_ accepted, every n_ rejected, every i_ as decided in
// firmware/src/json/JsonParser.h, no crash or hang; and for every accepted
// file the canonical output re-parses (JSON.parse) to the same value.
//
// Value comparison: numbers must be exactly equal (JsonNumber::toDouble rounds
// correctly on the host and the writer's digits round-trip, see JsonNumber.h);
// -0 equals 0; strings are compared after
// String.prototype.toWellFormed(), because the parser decodes escaped lone
// surrogates to U+FFFD; numbers beyond the double range print as +-1e9999,
// which JSON.parse reads as +-Infinity like the input.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/cpp';
import { sharedPath } from '../helpers/paths';

const SUITE = sharedPath('reference', 'json-test-suite', 'test_parsing');
const CHECK = path.join(ROOT, 'tools', 'json-check', 'json-check.sh');

// The i_ decisions (see JsonParser.h "Grammar decisions").
const IMPLEMENTATION_DEFINED: Record<string, 'accept' | 'reject'> = {
  'i_number_double_huge_neg_exp.json': 'accept',
  'i_number_huge_exp.json': 'accept',
  'i_number_neg_int_huge_exp.json': 'accept',
  'i_number_pos_double_huge_exp.json': 'accept',
  'i_number_real_neg_overflow.json': 'accept',
  'i_number_real_pos_overflow.json': 'accept',
  'i_number_real_underflow.json': 'accept',
  'i_number_too_big_neg_int.json': 'accept',
  'i_number_too_big_pos_int.json': 'accept',
  'i_number_very_big_negative_int.json': 'accept',
  'i_object_key_lone_2nd_surrogate.json': 'accept', // escaped lone surrogate -> U+FFFD
  'i_string_1st_surrogate_but_2nd_missing.json': 'accept',
  'i_string_1st_valid_surrogate_2nd_invalid.json': 'accept',
  'i_string_incomplete_surrogate_and_escape_valid.json': 'accept',
  'i_string_incomplete_surrogate_pair.json': 'accept',
  'i_string_incomplete_surrogates_escape_valid.json': 'accept',
  'i_string_invalid_lonely_surrogate.json': 'accept',
  'i_string_invalid_surrogate.json': 'accept',
  'i_string_inverted_surrogates_U+1D11E.json': 'accept',
  'i_string_lone_second_surrogate.json': 'accept',
  'i_string_UTF-16LE_with_BOM.json': 'reject', // not UTF-8
  'i_string_utf16BE_no_BOM.json': 'reject',
  'i_string_utf16LE_no_BOM.json': 'reject',
  'i_string_UTF-8_invalid_sequence.json': 'reject', // raw bytes must be valid UTF-8
  'i_string_UTF8_surrogate_U+D800.json': 'reject',
  'i_string_invalid_utf-8.json': 'reject',
  'i_string_iso_latin_1.json': 'reject',
  'i_string_lone_utf8_continuation_byte.json': 'reject',
  'i_string_not_in_unicode_range.json': 'reject',
  'i_string_overlong_sequence_2_bytes.json': 'reject',
  'i_string_overlong_sequence_6_bytes.json': 'reject',
  'i_string_overlong_sequence_6_bytes_null.json': 'reject',
  'i_string_truncated-utf-8.json': 'reject',
  'i_structure_500_nested_arrays.json': 'reject', // deeper than SL_JSON_MAX_DEPTH (32)
  'i_structure_UTF-8_BOM_empty_object.json': 'reject', // a BOM is not whitespace
};

const files = fs.readdirSync(SUITE).filter((f) => f.endsWith('.json')).sort();

function expected(f: string): 'accept' | 'reject' {
  if (f.startsWith('y_')) return 'accept';
  if (f.startsWith('n_')) return 'reject';
  const d = IMPLEMENTATION_DEFINED[f];
  if (!d) throw new Error(`no decision for ${f}`);
  return d;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return (a as any).toWellFormed() === (b as any).toWellFormed();
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return (
      ka.length === kb.length &&
      ka.every((k, i) => (k as any).toWellFormed() === (kb[i] as any).toWellFormed() && sameValue((a as any)[k], (b as any)[kb[i]]))
    );
  }
  return a === b;
}

describe('JSONTestSuite via json-check', () => {
  test('every i_ case has a decision', () => {
    for (const f of files.filter((f) => f.startsWith('i_'))) expect(IMPLEMENTATION_DEFINED[f]).toBeDefined();
    expect(files.filter((f) => f.startsWith('y_')).length).toBe(95);
    expect(files.filter((f) => f.startsWith('n_')).length).toBe(188);
  });

  test('multi-file mode: one ok/error line per file, as decided', () => {
    const r = spawnSync('bash', [CHECK, ...files.map((f) => path.join(SUITE, f))], { encoding: 'utf8', timeout: 60000 });
    expect(r.signal).toBeNull();
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(files.length);
    const wrong: string[] = [];
    files.forEach((f, i) => {
      const line = lines[i];
      const full = path.join(SUITE, f);
      const got = line === `ok ${full}` ? 'accept' : line.startsWith(`error ${full}: `) ? 'reject' : 'garbled';
      if (got !== expected(f)) wrong.push(`${f}: want ${expected(f)}, got "${line}"`);
    });
    expect(wrong).toEqual([]);
    expect(r.status).toBe(1); // n_ files fail
  });

  describe('single-file mode', () => {
    for (const f of files) {
      const want = expected(f);
      test(`${f} -> ${want}`, () => {
        const full = path.join(SUITE, f);
        const r = spawnSync('bash', [CHECK, full], { timeout: 20000 });
        expect(r.signal).toBeNull();
        const out = r.stdout.toString('utf8');
        if (want === 'reject') {
          expect(r.status).toBe(1);
          expect(out).toMatch(/^error: .+ at byte \d+\n$/);
          return;
        }
        expect(r.status).toBe(0);
        expect(out.endsWith('\n')).toBe(true);
        expect(out.trim().split('\n').length).toBe(1);
        const input = JSON.parse(fs.readFileSync(full, 'utf8'));
        const output = JSON.parse(out);
        if (!sameValue(output, input)) {
          throw new Error(`round trip differs:\n in: ${fs.readFileSync(full, 'utf8').slice(0, 300)}\nout: ${out.slice(0, 300)}`);
        }
      });
    }
  });
});

// The compact parser (SL_JSON_PARSER_SMALL=1, see config/Config.h) must make
// the same decisions with the same error names and offsets, and print the
// same canonical output: json-check built that way, compared file by file
// with the default build.
describe('JSONTestSuite via json-check built with SL_JSON_PARSER_SMALL=1', () => {
  const out = path.join(ROOT, 'build', 'json-check-small');
  const exe = path.join(out, 'json-check');
  const defaultExe = path.join(ROOT, 'build', 'json-check', 'json-check');

  beforeAll(() => {
    fs.mkdirSync(out, { recursive: true });
    const srcs = [
      path.join(ROOT, 'tools', 'json-check', 'json_check.cpp'),
      ...fs.readdirSync(path.join(ROOT, 'firmware', 'src', 'json')).filter((f) => f.endsWith('.cpp')).map((f) => path.join(ROOT, 'firmware', 'src', 'json', f)),
      ...fs.readdirSync(path.join(ROOT, 'firmware', 'src', 'json', 'detail')).filter((f) => f.endsWith('.cpp')).map((f) => path.join(ROOT, 'firmware', 'src', 'json', 'detail', f)),
    ];
    const b = spawnSync('g++', ['-std=gnu++11', '-O2', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti', '-DSL_JSON_PARSER_SMALL=1',
      '-I', path.join(ROOT, 'firmware', 'src'), ...srcs, '-o', exe], { encoding: 'utf8', timeout: 300000 });
    if (b.status !== 0) throw new Error(`small json-check does not build:\n${b.stderr}`);
    // The default build (json-check.sh builds it on demand).
    spawnSync('bash', [CHECK, path.join(SUITE, files[0])], { timeout: 300000 });
  }, 320000);

  test('multi-file mode: the same line for every file as the default build', () => {
    const args = files.map((f) => path.join(SUITE, f));
    const small = spawnSync(exe, args, { encoding: 'utf8', timeout: 60000 });
    const full = spawnSync(defaultExe, args, { encoding: 'utf8', timeout: 60000 });
    expect(small.signal).toBeNull();
    expect(small.stdout.split('\n').length).toBe(files.length + 1);
    expect(small.stdout).toBe(full.stdout);
    expect(small.status).toBe(full.status);
  });

  test('single-file mode: the same output and status for every file', () => {
    const differ: string[] = [];
    for (const f of files) {
      const full = path.join(SUITE, f);
      const a = spawnSync(exe, [full], { timeout: 20000 });
      const b = spawnSync(defaultExe, [full], { timeout: 20000 });
      if (a.signal || a.status !== b.status || Buffer.compare(a.stdout, b.stdout) !== 0) differ.push(`${f}: ${a.stdout.toString().slice(0, 80)} vs ${b.stdout.toString().slice(0, 80)}`);
    }
    expect(differ).toEqual([]);
  }, 120000);
});
