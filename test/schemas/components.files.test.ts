// The component examples kept as files in schemas/examples/components/ (for
// tools that should not parse the docs) are verbatim copies of docs blocks,
// indexed in index.json with their docs section, and valid against the
// schema named there. Comment-only placeholder objects ({} after stripping
// comments) inside formComponents / dataComponents are dropped before
// validating; components.examples.test.ts fills them instead.
import * as fs from 'fs';
import * as path from 'path';
import { DOCS_PATH, errorsOf, formatErrors, SCHEMAS_DIR, stripJsonComments } from '../helpers/schemas';

interface Entry {
  file: string;
  section: string;
  schema: string;
  at: string;
  fragment?: boolean;
}

const DIR = path.join(SCHEMAS_DIR, 'examples', 'components');
const index: Entry[] = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8'));
const docs = fs.readFileSync(DOCS_PATH, 'utf8');

function dropPlaceholders(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropPlaceholders);
  if (!v || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const isList = k === 'formComponents' || k === 'dataComponents';
    o[k] = isList && Array.isArray(x) ? x.filter((i) => !(i && typeof i === 'object' && Object.keys(i).length === 0)).map(dropPlaceholders) : dropPlaceholders(x);
  }
  return o;
}

const at = (v: unknown, ptr: string): unknown => ptr.split('/').slice(1).reduce((n: any, k) => n?.[k], v);

describe('schemas/examples/components', () => {
  test('index.json lists exactly the .jsonc files', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonc')).sort();
    expect(index.map((e) => e.file).sort()).toEqual(files);
  });

  test('every component of both schemas has an example file', () => {
    const covered = new Set(index.map((e) => e.schema));
    for (const t of ['text', 'html', 'gauge', 'file', 'contact', 'location', 'appointment', 'webview', 'channel', 'tunnel', 'form', 'formsubmission', 'bucket']) {
      expect(covered).toContain(`data-component.schema.json#/$defs/${t}`);
    }
    for (const t of ['label', 'textbox', 'gauge', 'buttonlist', 'singlechoice', 'multichoice', 'switch', 'slider', 'datepicker', 'timepicker', 'locationpicker', 'photopicker', 'filepicker', 'contactpicker', 'colorpicker', 'bucketpicker', 'eventpicker', 'hiddenvalue', 'callbutton', 'qrcodescanner', 'nfcreader']) {
      expect(covered).toContain(`form-component.schema.json#/$defs/${t}`);
    }
  });

  test.each(index.map((e) => [e.file, e] as const))('%s is a verbatim docs block and validates', (_f, e) => {
    const text = fs.readFileSync(path.join(DIR, e.file), 'utf8').replace(/\n$/, '');
    expect(docs.includes(text + '\n')).toBe(true);
    const body = stripJsonComments(text).trim().replace(/,\s*$/, '');
    const value = dropPlaceholders(JSON.parse(e.fragment ? `{${body}}` : body));
    const target = at(value, e.at);
    expect(target).toBeDefined();
    expect(formatErrors(errorsOf(e.schema, target))).toBe('');
  });
});
