import { buildComponentsIR } from '../../codegen/ir/components';
import { specFromSchemas } from '../../codegen/load';
import type { ComponentIR, TypeIR } from '../../codegen/ir/types';
import { fixtureSchemas } from './fixtures/spec';

function comp(name: string): ComponentIR {
  const ir = buildComponentsIR(specFromSchemas(fixtureSchemas()));
  const c = ir.components.find((x) => x.typeValue === name);
  if (!c) throw new Error(name);
  return c;
}

function fieldType(c: string, f: string): TypeIR {
  const x = comp(c).fields.find((y) => y.json === f);
  if (!x) throw new Error(f);
  return x.type;
}

describe('IR from the component schemas', () => {
  const fields: { given: [string, string]; want: Partial<TypeIR> & { kind: string } }[] = [
    { given: ['text', 'text'], want: { kind: 'string' } },
    { given: ['gauge', 'degrees'], want: { kind: 'integer', minimum: 30, maximum: 360, cpp: 'int16_t' } },
    { given: ['gauge', 'value'], want: { kind: 'number', minimum: 0, maximum: 100 } },
    { given: ['gauge', 'pointerColor'], want: { kind: 'string', format: 'color' } },
    { given: ['slider', 'refName'], want: { kind: 'string', minLength: 1 } },
    { given: ['slider', 'step'], want: { kind: 'number', exclusiveMinimum: 0 } },
  ];
  test.each(fields)('$given.0.$given.1', ({ given, want }) => expect(fieldType(given[0], given[1])).toMatchObject(want));

  test('$ref to an enum $def becomes one shared enum', () => {
    const t = fieldType('gauge', 'pointer');
    expect(t.kind).toBe('enum');
    if (t.kind === 'enum') expect(t.ref).toMatchObject({ name: 'GaugePointer', scope: 'shared', values: ['none', 'needle'] });
  });

  test('inline enum is scoped to its component', () => {
    const t = fieldType('form', 'align');
    if (t.kind !== 'enum') throw new Error('not enum');
    expect(t.ref).toMatchObject({ name: 'FormAlign', scope: 'data' });
  });

  test('array of a shared object keeps its required fields', () => {
    const t = fieldType('gauge', 'segments');
    if (t.kind !== 'array' || t.items.kind !== 'struct') throw new Error('not array of struct');
    expect(t.items.ref.name).toBe('GaugeSegment');
    expect(t.items.ref.fields.map((f) => [f.json, f.required])).toEqual([
      ['from', true],
      ['to', true],
      ['color', false],
    ]);
  });

  test('a $ref to the other family file is "any form component"', () => {
    const t = fieldType('form', 'formComponents');
    expect(t).toMatchObject({ kind: 'array', items: { kind: 'component', family: 'form' } });
  });

  test('the discriminator is not a field; required and semantic rules are kept', () => {
    expect(comp('text').fields.map((f) => f.json)).toEqual(['text']);
    expect(comp('text').fields[0].required).toBe(true);
    expect(comp('slider').semantic).toContain('slider-min-below-max');
  });

  const refusals: { given: string; schema: Record<string, unknown>; want: RegExp }[] = [
    { given: 'an unknown pattern', schema: { type: 'string', pattern: '^[a-z]+$' }, want: /cannot be checked on the device/ },
    { given: 'a union of two types', schema: { type: ['string', 'integer'] }, want: /unsupported type/ },
  ];
  test.each(refusals)('refuses $given', ({ schema, want }) => {
    const s = fixtureSchemas();
    const data = s.get('data-component.schema.json') as { $defs: Record<string, { properties: Record<string, unknown> }> };
    data.$defs.text.properties.extra = schema;
    expect(() => buildComponentsIR(specFromSchemas(s))).toThrow(want);
  });

  test('refuses an x-semantic rule it cannot check', () => {
    const s = fixtureSchemas();
    const data = s.get('data-component.schema.json') as { $defs: Record<string, Record<string, unknown>> };
    data.$defs.text['x-semantic'] = ['text-is-polite'];
    expect(() => buildComponentsIR(specFromSchemas(s))).toThrow(/unknown x-semantic rule "text-is-polite"/);
  });
});
