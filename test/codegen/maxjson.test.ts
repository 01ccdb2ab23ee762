// The longest-JSON computation behind the SL_*_MAX_JSON constants, on small
// hand-made types (the spec itself has no maxLength/maxItems yet).
import { boundExpr, macroWords, maxJsonLines, structMax, typeMax, NUMBER_MAX_JSON } from '../../codegen/ir/maxjson';
import type { StructIR, TypeIR } from '../../codegen/ir/types';

const none = () => undefined;
const max = (t: TypeIR, nullable = false) => typeMax(t, nullable, 'x', none);

describe('typeMax', () => {
  test('scalars', () => {
    expect(max({ kind: 'boolean' })).toEqual({ bound: { bytes: 5, ints: 0 } });
    expect(max({ kind: 'number' })).toEqual({ bound: { bytes: NUMBER_MAX_JSON, ints: 0 } });
    expect(NUMBER_MAX_JSON).toBe('-0.0000012345678901234567'.length);
    expect(max({ kind: 'integer', minimum: -5, maximum: 1000, cpp: 'int16_t' })).toEqual({ bound: { bytes: 4, ints: 0 } });
    expect(max({ kind: 'integer', minimum: 0, cpp: 'int32_t' })).toEqual({ bound: { bytes: 11, ints: 0 } });
    expect(max({ kind: 'integer', cpp: 'ComponentInt' })).toEqual({ bound: { bytes: 0, ints: 1 } });
    expect(max({ kind: 'string', format: 'color' })).toEqual({ bound: { bytes: 9, ints: 0 } });
    expect(max({ kind: 'string', maxLength: 3 })).toEqual({ bound: { bytes: 2 + 18, ints: 0 } });
    expect(max({ kind: 'boolean' }, true)).toEqual({ bound: { bytes: 5, ints: 0 } });
    expect(max({ kind: 'integer', minimum: 0, maximum: 9, cpp: 'int16_t' }, true)).toEqual({ bound: { bytes: 4, ints: 0 } });
  });
  test('enums: the longest value, at least "null"', () => {
    const ref = { name: 'E', scope: 'shared' as const, values: ['a', 'longer"q'], origin: '' };
    expect(max({ kind: 'enum', ref })).toEqual({ bound: { bytes: JSON.stringify('longer"q').length, ints: 0 } });
    expect(max({ kind: 'enum', ref: { ...ref, values: ['a'] } })).toEqual({ bound: { bytes: 4, ints: 0 } });
  });
  test('unbounded with a reason', () => {
    expect(max({ kind: 'string' })).toEqual({ unbounded: 'x: a string without maxLength' });
    expect(max({ kind: 'string', format: 'date-time' })).toEqual({ unbounded: 'x: a date-time string without maxLength' });
    expect(max({ kind: 'array', items: { kind: 'boolean' }, unique: false })).toEqual({ unbounded: 'x: an array without maxItems' });
    expect(max({ kind: 'component', family: 'data' })).toEqual({ unbounded: 'x: a data component of any type' });
  });
  test('arrays with maxItems', () => {
    expect(max({ kind: 'array', items: { kind: 'boolean' }, maxItems: 3, unique: false })).toEqual({ bound: { bytes: 2 + 2 + 15, ints: 0 } });
    expect(max({ kind: 'array', items: { kind: 'integer', cpp: 'ComponentInt' }, maxItems: 2, unique: false })).toEqual({ bound: { bytes: 3, ints: 2 } });
  });
});

describe('structMax', () => {
  const s: StructIR = {
    name: 'Seg',
    scope: 'shared',
    semantic: [],
    origin: '',
    pathRoot: 'seg',
    fields: [
      { json: 'type', type: { kind: 'string' }, required: true, nullable: false, deprecated: false, constValue: 'seg' },
      { json: 'on', type: { kind: 'boolean' }, required: false, nullable: false, deprecated: false },
      { json: 'old', type: { kind: 'string' }, required: false, nullable: false, deprecated: true },
      { json: 'n', type: { kind: 'integer', cpp: 'ComponentInt' }, required: false, nullable: false, deprecated: false },
    ],
  };
  test('const + live fields, deprecated ones never written', () => {
    // {"type":"seg","on":false,"n":<int>}
    expect(structMax(s, 'seg', none)).toEqual({ bound: { bytes: '{"type":"seg","on":false,"n":}'.length, ints: 1 } });
  });
  test('a field filter (request bodies) and self-containment', () => {
    expect(structMax(s, 'seg', none, new Set(), (f) => f.json === 'on')).toEqual({ bound: { bytes: '{"type":"seg","on":false}'.length, ints: 0 } });
    const self: StructIR = { ...s, fields: [] };
    self.fields.push({ json: 'me', type: { kind: 'struct', ref: self }, required: false, nullable: false, deprecated: false });
    expect(structMax(self, 'seg', none)).toEqual({ unbounded: 'seg.me: Seg contains itself' });
  });
  test('rendering', () => {
    expect(boundExpr({ bytes: 7, ints: 0 })).toBe('7');
    expect(boundExpr({ bytes: 7, ints: 2 })).toBe('(7 + 2 * SL_COMPONENT_INT_MAX_JSON)');
    expect(macroWords('GaugeSegment')).toBe('GAUGE_SEGMENT');
    expect(macroWords('SendP2pMessage')).toBe('SEND_P2P_MESSAGE');
    expect(maxJsonLines('SL_X_MAX_JSON', 'an X', { unbounded: 'x.y: why' })).toEqual(['// SL_X_MAX_JSON: none, an X is unbounded (x.y: why).']);
    expect(maxJsonLines('SL_X_MAX_JSON', 'an X', { bound: { bytes: 3, ints: 0 } })[1]).toBe('#define SL_X_MAX_JSON 3');
  });
});
