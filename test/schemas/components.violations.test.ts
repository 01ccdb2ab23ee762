// Every documented constraint of the component schemas rejects a violating
// variant, with an error that names the field.
//
// Each case starts from the docs' own example of the component (extracted from
// the docs text), changes one field at a JSON pointer (undefined = delete it)
// and validates against the top-level schema, so the discriminator dispatch is
// exercised too. `want` is the field the error must name and the keyword that
// must fail; for `required`, want.path is the missing property's path.
import type { ErrorObject } from 'ajv';
import { docComponentExamples, errorsOf, formatErrors } from '../helpers/schemas';

const DATA = 'data-component.schema.json';
const FORM = 'form-component.schema.json';

type Obj = Record<string, unknown>;
const all = docComponentExamples();
const docs = (family: 'data' | 'form', type: string): Obj => {
  const e = all.find((x) => x.family === family && x.type === type && x.pointer === '');
  if (!e) throw new Error(`no docs example for ${type}`);
  return JSON.parse(JSON.stringify(e.value));
};

// Bases: the docs examples; containers get their placeholders filled.
const dataBase = (type: string): Obj => {
  const v = docs('data', type);
  if (type === 'form' || type === 'formsubmission') v.formComponents = [docs('form', 'label'), docs('form', 'slider')];
  if (type === 'bucket') v.dataComponents = [docs('data', 'text')];
  if (type === 'gauge') v.segments = [{ from: 0, to: 50, color: '#00AAFF' }, { from: 51, to: 100, color: '#FF12A1' }];
  return v;
};
const formBase = (type: string): Obj => {
  const v = docs('form', type);
  if (type === 'eventpicker') v.value = [];
  if (type === 'gauge') v.segments = [{ from: 0, to: 50, color: '#00AAFF' }, { from: 51, to: 100, color: '#FF12A1' }];
  return v;
};

/** Returns a copy of `base` with the value at JSON pointer `ptr` replaced (undefined deletes it). */
function withValue(base: unknown, ptr: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base));
  if (ptr === '') return value;
  const toks = ptr.split('/').slice(1);
  let node = copy;
  for (const t of toks.slice(0, -1)) node = node[t];
  const last = toks[toks.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function names(e: ErrorObject, wantPath: string, keyword: string): boolean {
  if (e.keyword !== keyword) return false;
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` === wantPath;
  return e.instancePath === wantPath;
}

interface Case {
  name: string;
  schema: string;
  base: Obj;
  given: { path: string; value: unknown };
  want: { path: string; keyword: string };
}

const D = (type: string, path: string, value: unknown, keyword: string, wantPath = path): Case => ({
  name: `data ${type}: ${path} = ${JSON.stringify(value)} -> ${keyword} at ${wantPath}`,
  schema: DATA,
  base: dataBase(type),
  given: { path, value },
  want: { path: wantPath, keyword },
});
const F = (type: string, path: string, value: unknown, keyword: string, wantPath = path): Case => ({
  name: `form ${type}: ${path} = ${JSON.stringify(value)} -> ${keyword} at ${wantPath}`,
  schema: FORM,
  base: formBase(type),
  given: { path, value },
  want: { path: wantPath, keyword },
});
const DEL = undefined;

// Gauge cases shared by the data and the form gauge.
const gaugeCases = (mk: typeof D): Case[] => [
  mk('gauge', '/thickness', 9, 'minimum'),
  mk('gauge', '/thickness', 101, 'maximum'),
  mk('gauge', '/thickness', 20.5, 'type'),
  mk('gauge', '/degrees', 29, 'minimum'),
  mk('gauge', '/degrees', 361, 'maximum'),
  mk('gauge', '/spacing', -1, 'minimum'),
  mk('gauge', '/spacing', 21, 'maximum'),
  mk('gauge', '/fontSize', 7, 'minimum'),
  mk('gauge', '/fontSize', 49, 'maximum'),
  mk('gauge', '/value', -0.5, 'minimum'),
  mk('gauge', '/value', 100.1, 'maximum'),
  mk('gauge', '/value', '50', 'type'),
  mk('gauge', '/title', 7, 'type'),
  mk('gauge', '/displayValue', null, 'type'),
  mk('gauge', '/segments', {}, 'type'),
  mk('gauge', '/segments/0/from', -1, 'minimum'),
  mk('gauge', '/segments/0/from', 100, 'maximum'),
  mk('gauge', '/segments/1/to', 0, 'minimum'),
  mk('gauge', '/segments/1/to', 101, 'maximum'),
  mk('gauge', '/segments/0/from', DEL, 'required'),
  mk('gauge', '/segments/1/to', DEL, 'required'),
  mk('gauge', '/segments/0/color', 'blue', 'pattern'),
  mk('gauge', '/segments/0/color', '#0AF', 'pattern'),
  mk('gauge', '/segments/0/color', '#00AAFF00', 'pattern'),
  mk('gauge', '/pointer', 'arrow', 'enum'),
  mk('gauge', '/pointerColor', 'ABABAB', 'pattern'),
  mk('gauge', '/pointerColor', '#GGGGGG', 'pattern'),
  mk('gauge', '/progressBar', 'square', 'enum'),
  mk('gauge', '/progress', 'square', 'enum'),
  mk('gauge', '/progressBarColor', '#CCDD1', 'pattern'),
];

const cases: Case[] = [
  // ---- discriminator
  D('text', '/dataComponentType', DEL, 'required'),
  D('text', '/dataComponentType', 'video', 'enum'),
  D('text', '/dataComponentType', 3, 'type'),
  { ...D('text', '', 'hello', 'type'), name: 'data: a string is not a component' },
  // ---- text, html
  D('text', '/text', 42, 'type'),
  D('html', '/html', ['<p>'], 'type'),
  // ---- gauge
  ...gaugeCases(D),
  // ---- file, contact
  D('file', '/fileIds', [], 'minItems'),
  D('file', '/fileIds', 'myFileId', 'type'),
  D('file', '/fileIds/0', 7, 'type'),
  D('file', '/fileIds/0', '', 'minLength'),
  D('contact', '/contactIds', [], 'minItems'),
  D('contact', '/contactIds/0', null, 'type'),
  // ---- location
  D('location', '/latitude', 90.5, 'maximum'),
  D('location', '/latitude', -91, 'minimum'),
  D('location', '/longitude', 180.01, 'maximum'),
  D('location', '/longitude', -181, 'minimum'),
  D('location', '/latitude', '12.3', 'type'),
  D('location', '/locationName', 1, 'type'),
  // ---- appointment
  D('appointment', '/title', DEL, 'required'),
  D('appointment', '/start', DEL, 'required'),
  D('appointment', '/end', DEL, 'required'),
  D('appointment', '/start', '2024-01-01', 'type'),
  D('appointment', '/start', 1.5, 'type'),
  D('appointment', '/end', -1, 'minimum'),
  D('appointment', '/allDay', 'no', 'type'),
  D('appointment', '/description', false, 'type'),
  D('appointment', '/location/latitude', DEL, 'required'),
  D('appointment', '/location/longitude', DEL, 'required'),
  D('appointment', '/location/longitude', 200, 'maximum'),
  D('appointment', '/location', 'Rome', 'type'),
  D('appointment', '/timezone', 1, 'type'),
  // ---- webview
  D('webview', '/url', null, 'type'),
  D('webview', '/displayMode', 'iframe', 'enum'),
  D('webview', '/viewSize', '16:9', 'enum'),
  D('webview', '/viewSize', 1, 'enum'),
  D('webview', '/enableFullScreenView', 'true', 'type'),
  D('webview', '/linkDisplayName', 0, 'type'),
  // ---- channel, tunnel
  D('channel', '/channelId', '', 'minLength'),
  D('tunnel', '/tunnelId', 12, 'type'),
  // ---- form
  D('form', '/formComponents', {}, 'type'),
  D('form', '/submitEnabled', 'yes', 'type'),
  D('form', '/retainStatus', 1, 'type'),
  D('form', '/align', 'justify', 'enum'),
  D('form', '/authorizeSubmit', null, 'type'),
  D('form', '/submitText', false, 'type'),
  D('form', '/hideSubmissionMsg', 'false', 'type'),
  D('form', '/refName', 5, 'type'),
  D('form', '/receiver/id', DEL, 'required'),
  D('form', '/receiver/featureType', DEL, 'required'),
  D('form', '/receiver/featureType', 'p2p', 'enum'),
  D('form', '/receiver/id', '', 'minLength'),
  D('form', '/formComponents/0/formComponentType', 'checkbox', 'enum'),
  D('form', '/formComponents/0/formComponentType', DEL, 'required'),
  D('form', '/formComponents/0/refName', '', 'minLength'),
  D('form', '/formComponents/1/step', 0, 'exclusiveMinimum'),
  // ---- formsubmission
  D('formsubmission', '/replyTo', 'formMessageId', 'type'),
  D('formsubmission', '/replyTo/messageId', 1, 'type'),
  D('formsubmission', '/submitterId', null, 'type'),
  D('formsubmission', '/formComponents/1/value', 'twenty', 'type'),
  // ---- bucket
  D('bucket', '/role', 'Guest', 'enum'),
  D('bucket', '/visible', 'true', 'type'),
  D('bucket', '/locked', 0, 'type'),
  D('bucket', '/enableReactions', null, 'type'),
  D('bucket', '/bucketId', 1, 'type'),
  D('bucket', '/title', [], 'type'),
  D('bucket', '/avatar', {}, 'type'),
  D('bucket', '/dataComponents', {}, 'type'),
  D('bucket', '/dataComponents/0/text', 5, 'type'),
  D('bucket', '/dataComponents/0/dataComponentType', DEL, 'required'),
  D('bucket', '/dataComponents/0/dataComponentType', 'profileitem', 'enum'),

  // ---- form components: discriminator and refName
  F('label', '/formComponentType', DEL, 'required'),
  F('label', '/formComponentType', 'checkbox', 'enum'),
  ...['label', 'textbox', 'gauge', 'buttonlist', 'singlechoice', 'multichoice', 'switch', 'slider', 'datepicker', 'timepicker', 'locationpicker', 'photopicker', 'filepicker', 'contactpicker', 'colorpicker', 'bucketpicker', 'eventpicker', 'hiddenvalue', 'callbutton', 'qrcodescanner', 'nfcreader'].flatMap((t) => [
    F(t, '/refName', '', 'minLength'),
    F(t, '/refName', 5, 'type'),
  ]),
  // ---- label, textbox
  F('label', '/title', 1, 'type'),
  F('label', '/value', {}, 'type'),
  F('textbox', '/title', null, 'type'),
  F('textbox', '/requiredSelection', 'false', 'type'),
  F('textbox', '/value', 42, 'type'),
  // ---- gauge
  ...gaugeCases(F),
  // ---- buttonlist
  F('buttonlist', '/title', 1, 'type'),
  F('buttonlist', '/requiredSelection', 0, 'type'),
  F('buttonlist', '/value', ['button1'], 'type'),
  F('buttonlist', '/verticalList', 'true', 'type'),
  F('buttonlist', '/lineSize', '7', 'enum'),
  F('buttonlist', '/lineSize', 2, 'enum'),
  F('buttonlist', '/lineSize', 'auto', 'enum'),
  F('buttonlist', '/options', {}, 'type'),
  F('buttonlist', '/options/0/name', '', 'minLength'),
  F('buttonlist', '/options/0/value', 3, 'type'),
  F('buttonlist', '/options/0/type', 'image', 'enum'),
  F('buttonlist', '/options/1/icon', 'emoji_emotions', 'type'),
  F('buttonlist', '/options/1/icon/name', 5, 'type'),
  // ---- singlechoice, multichoice
  F('singlechoice', '/mode', 'radio', 'enum'),
  F('singlechoice', '/value', ['choice1'], 'type'),
  F('singlechoice', '/requiredSelection', 'no', 'type'),
  F('singlechoice', '/options/1/value', null, 'type'),
  F('multichoice', '/value', 'choice1', 'type'),
  F('multichoice', '/value/1', 2, 'type'),
  F('multichoice', '/value', ['choice1', 'choice1'], 'uniqueItems'),
  F('multichoice', '/title', false, 'type'),
  // ---- switch, slider
  F('switch', '/value', 'false', 'type'),
  F('switch', '/value', 0, 'type'),
  F('switch', '/title', 0, 'type'),
  F('slider', '/value', '20', 'type'),
  F('slider', '/min', null, 'type'),
  F('slider', '/max', '100', 'type'),
  F('slider', '/step', 0, 'exclusiveMinimum'),
  F('slider', '/step', -5, 'exclusiveMinimum'),
  F('slider', '/requiredSelection', 1, 'type'),
  // ---- date/time/location pickers
  F('datepicker', '/value', 1700000000, 'type'),
  F('datepicker', '/actionButtonTitle', 1, 'type'),
  F('datepicker', '/requiredSelection', 'true', 'type'),
  F('timepicker', '/value', {}, 'type'),
  F('timepicker', '/title', [], 'type'),
  F('locationpicker', '/currentLocationOnly', 'false', 'type'),
  F('locationpicker', '/value', 12.34, 'type'),
  // ---- photo/file/contact pickers
  F('photopicker', '/value', 'fileId', 'type'),
  F('photopicker', '/value/0/fileSize', -1, 'minimum'),
  F('photopicker', '/value/0/fileSize', '1234', 'type'),
  F('photopicker', '/value/0/fileID', 1, 'type'),
  F('photopicker', '/multiSelection', 'true', 'type'),
  F('filepicker', '/value/0/fileName', null, 'type'),
  F('filepicker', '/value/0/fileType', 1, 'type'),
  F('filepicker', '/value/0/fileSize', 1.5, 'type'),
  F('filepicker', '/actionButtonTitle', false, 'type'),
  F('contactpicker', '/value', 'myContactId', 'type'),
  F('contactpicker', '/value', [7], 'type', '/value/0'),
  F('contactpicker', '/value', [''], 'minLength', '/value/0'),
  F('contactpicker', '/multiSelection', null, 'type'),
  // ---- colorpicker
  F('colorpicker', '/value', 'red', 'pattern'),
  F('colorpicker', '/value', '#FFF', 'pattern'),
  F('colorpicker', '/value', 0xffffff, 'anyOf'),
  F('colorpicker', '/actionButtonTitle', 0, 'type'),
  // ---- bucketpicker
  F('bucketpicker', '/filter/types/0', 'p2p', 'enum'),
  F('bucketpicker', '/filter/types', ['post', 'post'], 'uniqueItems'),
  F('bucketpicker', '/filter/types', 'post', 'type'),
  F('bucketpicker', '/filter', [], 'type'),
  F('bucketpicker', '/value/0/featureType', 'contact', 'enum'),
  F('bucketpicker', '/value/0/featureType', DEL, 'required'),
  F('bucketpicker', '/value/0/id', DEL, 'required'),
  F('bucketpicker', '/value/0/id', '', 'minLength'),
  F('bucketpicker', '/value', { id: 'x', featureType: 'channel' }, 'type'),
  // ---- eventpicker
  F('eventpicker', '/eventsDisplayMode', 'grid', 'enum'),
  F('eventpicker', '/multiSelection', 'yes', 'type'),
  F('eventpicker', '/events/0/id', '', 'minLength'),
  F('eventpicker', '/events/0/start', '123456789', 'type'),
  F('eventpicker', '/events/0/start', -5, 'minimum'),
  F('eventpicker', '/events/0/title', 1, 'type'),
  F('eventpicker', '/events/0/referenceBucketId', 1, 'type'),
  F('eventpicker', '/events/0/additionalInfo', 'info', 'type'),
  F('eventpicker', '/events', {}, 'type'),
  F('eventpicker', '/value', [{ id: 7 }], 'type', '/value/0/id'),
  F('eventpicker', '/value', 'e1', 'type'),
  // ---- hiddenvalue, callbutton, scanners
  F('hiddenvalue', '/value', 5, 'type'),
  F('callbutton', '/title', 5, 'type'),
  F('callbutton', '/actionButtonTitle', null, 'type'),
  F('qrcodescanner', '/mode', 'datamatrix', 'enum'),
  F('qrcodescanner', '/value', 5, 'type'),
  F('qrcodescanner', '/requiredSelection', null, 'type'),
  F('nfcreader', '/value', [], 'type'),
  F('nfcreader', '/actionButtonTitle', 1, 'type'),
];

describe('component schemas reject violations, naming the field', () => {
  test('every base (the docs example) is valid', () => {
    const bases = new Map<string, [string, Obj]>();
    for (const c of cases) bases.set(`${c.schema} ${JSON.stringify(c.base)}`, [c.schema, c.base]);
    for (const [schema, base] of bases.values()) expect(formatErrors(errorsOf(schema, base))).toBe('');
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const given = withValue(c.base, c.given.path, c.given.value);
    const errs = errorsOf(c.schema, given);
    expect(errs.length).toBeGreaterThan(0);
    const hit = errs.some((e) => names(e, c.want.path, c.want.keyword));
    if (!hit) throw new Error(`no ${c.want.keyword} error at ${c.want.path}; got:\n${formatErrors(errs)}`);
  });
});

describe('component schemas accept documented variants', () => {
  const ok: [string, string, unknown][] = [
    ['lower-case colour', DATA, { ...dataBase('gauge'), pointerColor: '#abcdef' }],
    ['gauge with only the discriminator', DATA, { dataComponentType: 'gauge' }],
    ['deprecated progress alias', DATA, { ...dataBase('gauge'), progress: 'rounded' }],
    ['fractional gauge value', DATA, { ...dataBase('gauge'), value: 42.5 }],
    ['webview thumbnail, no optional fields', DATA, { dataComponentType: 'webview', url: 'https://example.com', displayMode: 'thumbnail' }],
    ['appointment with timezone and no location', DATA, { dataComponentType: 'appointment', title: 't', start: 1, end: 2, timezone: 'Europe/Rome' }],
    ['bucket reference (id only)', DATA, { dataComponentType: 'bucket', bucketId: 'b1' }],
    ['bucket creation (no id)', DATA, { dataComponentType: 'bucket', title: 'New', dataComponents: [] }],
    ['unknown extra property (open objects)', DATA, { dataComponentType: 'text', text: 'x', refName: 'greeting' }],
    ['form receiver groupchat', DATA, { ...dataBase('form'), receiver: { id: 'g', featureType: 'groupchat' } }],
    ['colorpicker colour value', FORM, { ...formBase('colorpicker'), value: '#00aaFF' }],
    ['colorpicker null value', FORM, { ...formBase('colorpicker'), value: null }],
    ['textbox null value', FORM, { ...formBase('textbox'), value: null }],
    ['label with value text', FORM, { ...formBase('label'), value: 'The label text' }],
    ['buttonlist option type icon', FORM, { ...formBase('buttonlist'), options: [{ name: 'b', type: 'icon', icon: { name: 'home' } }] }],
    ['bucketpicker picks a post', FORM, { ...formBase('bucketpicker'), value: [{ id: 'p', featureType: 'post' }] }],
    ['every lineSize', FORM, { ...formBase('buttonlist'), lineSize: '6' }],
    // Fields not documented as required are optional (only the discriminator,
    // appointment title/start/end and coordinates inside an appointment are).
    ...['text', 'html', 'gauge', 'file', 'contact', 'location', 'webview', 'channel', 'tunnel', 'form', 'formsubmission', 'bucket'].map(
      (t): [string, string, unknown] => [`bare ${t}`, DATA, { dataComponentType: t }],
    ),
    ...['label', 'textbox', 'gauge', 'buttonlist', 'singlechoice', 'multichoice', 'switch', 'slider', 'datepicker', 'timepicker', 'locationpicker', 'photopicker', 'filepicker', 'contactpicker', 'colorpicker', 'bucketpicker', 'eventpicker', 'hiddenvalue', 'callbutton', 'qrcodescanner', 'nfcreader'].map(
      (t): [string, string, unknown] => [`bare ${t} (no refName)`, FORM, { formComponentType: t }],
    ),
    ['option without name', FORM, { ...formBase('singlechoice'), options: [{ value: 'shown' }] }],
    ['event without id or start', FORM, { ...formBase('eventpicker'), events: [{ title: 'x' }] }],
  ];
  test.each(ok)('%s', (_n, schema, value) => {
    expect(formatErrors(errorsOf(schema, value))).toBe('');
  });
});

export const VIOLATION_CASE_COUNT = cases.length;
