// Structure of the component schemas, as the code generator relies on it:
// one $defs entry per component named by its discriminator value, the
// discriminator wiring, the two gauges kept identical, every field the docs
// examples use declared (objects are open, so an undeclared field would pass
// untyped), and a description on every property.
import { docComponentExamples, readSchema } from '../helpers/schemas';

type Schema = Record<string, any>;
const DATA_TYPES = ['text', 'html', 'gauge', 'file', 'contact', 'location', 'appointment', 'webview', 'channel', 'tunnel', 'form', 'formsubmission', 'bucket'];
const FORM_TYPES = ['label', 'textbox', 'gauge', 'buttonlist', 'singlechoice', 'multichoice', 'switch', 'slider', 'datepicker', 'timepicker', 'locationpicker', 'photopicker', 'filepicker', 'contactpicker', 'colorpicker', 'bucketpicker', 'eventpicker', 'hiddenvalue', 'callbutton', 'qrcodescanner', 'nfcreader'];

const files: [string, string, string[], Schema][] = [
  ['data-component.schema.json', 'dataComponentType', DATA_TYPES, readSchema('data-component.schema.json')],
  ['form-component.schema.json', 'formComponentType', FORM_TYPES, readSchema('form-component.schema.json')],
];

describe.each(files)('%s', (file, disc, types, schema) => {
  test('is draft 2020-12 with the project $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://semilimes-sdk.example/schemas/${file}`);
  });

  test('the discriminator enum lists exactly the components', () => {
    expect(schema.required).toEqual([disc]);
    expect(schema.properties[disc].enum).toEqual(types);
  });

  test.each(types)('$defs/%s exists, is selected by its discriminator and requires it', (t) => {
    const def = schema.$defs[t];
    expect(def).toBeDefined();
    expect(def.properties[disc]).toMatchObject({ const: t });
    expect(def.required).toContain(disc);
    const branch = schema.allOf.find((b: Schema) => b.if.properties[disc].const === t);
    expect(branch.then).toEqual({ $ref: `#/$defs/${t}` });
    expect(schema['x-discriminator'].mapping[t]).toBe(`#/$defs/${t}`);
  });

  test('every property of every component has a description', () => {
    const missing: string[] = [];
    const hasDescription = (p: Schema): boolean => {
      if (typeof p.description === 'string' && p.description.length > 0) return true;
      const ref: string | undefined = p.$ref;
      if (!ref) return false;
      const [f, ptr] = ref.split('#');
      const target = f ? files.find(([name]) => name === f)![3] : schema;
      const def = ptr.split('/').slice(1).reduce((n: Schema, k) => n[k], target);
      return typeof def.description === 'string';
    };
    for (const [name, def] of Object.entries<Schema>(schema.$defs)) {
      for (const [prop, p] of Object.entries<Schema>(def.properties ?? {})) if (!hasDescription(p)) missing.push(`${name}.${prop}`);
    }
    expect(missing).toEqual([]);
  });
});

test('the data gauge and the form gauge declare the same fields with the same constraints', () => {
  const [, , , data] = files[0];
  const [, , , form] = files[1];
  const strip = (def: Schema, disc: string) => {
    const props = { ...def.properties };
    delete props[disc];
    delete props.refName;
    // Refs point into the data file from the form file: compare by target name.
    return JSON.parse(JSON.stringify(props).replace(/"data-component\.schema\.json#/g, '"#'));
  };
  expect(strip(form.$defs.gauge, 'formComponentType')).toEqual(strip(data.$defs.gauge, 'dataComponentType'));
  expect(form.$defs.gauge['x-semantic']).toEqual(data.$defs.gauge['x-semantic']);
});

test('every field used in a docs component example is a declared property', () => {
  const undeclared: string[] = [];
  for (const e of docComponentExamples()) {
    if (e.type === 'profileitem') continue; // not a component (decision in $defs/bucket)
    const schema = e.family === 'data' ? files[0][3] : files[1][3];
    const def = schema.$defs[e.type];
    for (const k of Object.keys(e.value)) if (!(k in def.properties)) undeclared.push(`${e.type}.${k} (docs line ${e.line})`);
  }
  expect(undeclared).toEqual([]);
});
