// Operations and decoders of the generator, on the fixture spec: IR tables
// and golden headers (UPDATE_GOLDEN=1 rewrites them).
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../codegen/generate';
import { buildResponseDecodersIR } from '../../codegen/ir/decoders';
import { buildOperationsIR } from '../../codegen/ir/operations';
import { specFromSchemas } from '../../codegen/load';
import { fixtureOpenApi } from './fixtures/openapi';
import { fixtureSchemas } from './fixtures/spec';

const spec = () => specFromSchemas(fixtureSchemas(), undefined, fixtureOpenApi());

describe('operations IR', () => {
  const ops = buildOperationsIR(spec()).operations;
  const table: { given: string; want: { method: string; path: string; fields: string[]; ws?: string } }[] = [
    { given: 'getThings', want: { method: 'GET', path: '/things', fields: ['query:limit', 'query:owner!'] } },
    { given: 'deleteThing', want: { method: 'DELETE', path: '/things/{thing_id}', fields: ['path:thing_id!'] } },
    { given: 'sendThing', want: { method: 'POST', path: '/things/send', fields: ['body:to!', 'body:dataComponent!'], ws: '/things/send' } },
    { given: 'postThingByName', want: { method: 'POST', path: '/things/post', fields: ['body:name!'] } },
    { given: 'postThingById', want: { method: 'POST', path: '/things/post', fields: ['body:id!'] } },
  ];
  test.each(table)('$given', ({ given, want }) => {
    const op = ops.find((o) => o.id === given);
    expect(op).toBeDefined();
    expect(op?.method).toBe(want.method);
    expect(op?.path).toBe(want.path);
    expect(op?.wsRequestType).toBe(want.ws);
    expect(op?.request.fields.map((f) => `${f.location}:${f.json}${f.required ? '!' : ''}`)).toEqual(want.fields);
  });
});

describe('response decoder IR', () => {
  const trees = buildResponseDecodersIR(spec());
  const table: { given: string; want: string[] }[] = [
    { given: 'GetThingsResponseDecoder', want: ['leaf success', 'leaf statusCode', 'leaf error', 'list data[]', 'leaf data[].id', 'leafList data[].tags[]'] },
    { given: 'SendThingResponseDecoder', want: ['leaf success', 'leaf statusCode', 'leaf error', 'object data', 'leaf data.messageId'] },
  ];
  test.each(table)('$given', ({ given, want }) => {
    const t = trees.find((x) => x.name === given);
    expect(t?.nodes.slice(1).map((n) => `${n.kind} ${n.path}`)).toEqual(want);
  });
});

describe('golden request writer and decoder headers', () => {
  const out = generate(spec());
  const cases: { given: string; want: string }[] = [
    { given: 'api/GetThings.h', want: 'api_GetThings.h' },
    { given: 'api/DeleteThing.h', want: 'api_DeleteThing.h' },
    { given: 'api/SendThing.h', want: 'api_SendThing.h' },
    { given: 'decode/GetThingsResponseDecoder.h', want: 'decode_GetThingsResponseDecoder.h' },
  ];
  test.each(cases)('$given', ({ given, want }) => {
    const text = out.get(given);
    expect(text).toBeDefined();
    const file = path.join(__dirname, 'golden', want);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text as string);
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });

  test('the path parameter is percent-encoded into a bounded buffer', () => {
    expect(out.get('api/DeleteThing.h')).toContain('pb.segment(thingId_);');
    expect(out.get('api/DeleteThing.h')).toContain('ComponentErrorCode::TooLong');
  });
});

describe('multipart/form-data operations', () => {
  const withUpload = (schema: Record<string, unknown>, encoding?: Record<string, unknown>) => {
    const doc = fixtureOpenApi() as Record<string, Record<string, unknown>>;
    doc.paths['/things/upload'] = {
      post: {
        operationId: 'uploadThing',
        requestBody: { required: true, content: { 'multipart/form-data': { schema, ...(encoding ? { encoding } : {}) } } },
        responses: { '200': { description: 'ok' } },
      },
    };
    return specFromSchemas(fixtureSchemas(), undefined, doc);
  };
  const files = { type: 'array', items: { type: 'string', contentMediaType: 'image/png' } };

  test('a file array becomes a files part; its Content-Type from encoding, else the items contentMediaType', () => {
    const a = buildOperationsIR(withUpload({ type: 'object', required: ['pics'], properties: { pics: files } })).operations.find((o) => o.id === 'uploadThing');
    expect(a?.multipart).toEqual([{ json: 'pics', kind: 'files', required: true, contentType: 'image/png', description: undefined }]);
    expect(a?.hasBody).toBe(false);
    const b = buildOperationsIR(withUpload({ type: 'object', properties: { pics: files } }, { pics: { contentType: 'application/octet-stream' } })).operations.find((o) => o.id === 'uploadThing');
    expect(b?.multipart?.[0]).toMatchObject({ required: false, contentType: 'application/octet-stream' });
  });

  test('the writer is generated with the part name and type', () => {
    const out = generate(withUpload({ type: 'object', required: ['pics'], properties: { pics: files } }));
    const h = out.get('api/UploadThing.h') ?? '';
    expect(h).toContain('"pics"');
    expect(h).toContain('"image/png"');
    expect(h).toContain('setPics(const FilePart* pics, size_t count)');
    expect(out.get('ApiSupport.h')).toContain('class MultipartWriter');
  });

  test('what it cannot check or send yet is refused, not ignored', () => {
    expect(() => buildOperationsIR(withUpload({ type: 'object', properties: { pics: { ...files, maxItems: 3 } } }))).toThrow(/maxItems is not supported/);
    expect(() => buildOperationsIR(withUpload({ type: 'object', properties: { n: { type: 'integer' } } }))).toThrow(/not supported/);
    expect(() => generate(withUpload({ type: 'object', properties: { note: { type: 'string' } } }))).toThrow(/text field note is not supported yet/);
  });
});

describe('one structure, written once', () => {
  // Three more operations: one whose response has sendThing's tree with another
  // key (data.postId), one with sendThing's response exactly, one with
  // deleteThing's ({data: {id}}, the first of that tree).
  const withTwins = () => {
    const doc = fixtureOpenApi() as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    const send = doc.paths['/things/send'].post;
    const response = (key: string) => {
      const r = JSON.parse(JSON.stringify(send.responses));
      const data = r['200'].content['application/json'].schema.allOf[1].properties.data;
      data.properties = { [key]: { type: 'string' } };
      return r;
    };
    doc.paths['/things/repost'] = { post: { ...send, operationId: 'repostThing', 'x-ws-request-type': '/things/repost', responses: response('postId') } };
    doc.paths['/things/resend'] = { post: { ...send, operationId: 'resendThing', 'x-ws-request-type': '/things/resend', responses: response('messageId') } };
    doc.paths['/things/unsend'] = { post: { ...send, operationId: 'unsendThing', 'x-ws-request-type': '/things/unsend', responses: response('id') } };
    return specFromSchemas(fixtureSchemas(), undefined, doc);
  };
  const out = generate(withTwins());

  test('a decoder with the tree of one rendered before points at its parent/kind/field tables, and at the keys of one with the same keys', () => {
    // deleteThing's response {data: {id}} is the first of this shape
    const owner = out.get('decode/DeleteThingResponseDecoder.h') as string;
    const send = out.get('decode/SendThingResponseDecoder.h') as string;
    const repost = out.get('decode/RepostThingResponseDecoder.h') as string;
    const resend = out.get('decode/ResendThingResponseDecoder.h') as string;
    expect(owner).toContain('DeleteThingResponseTables<T>::parent[] SL_PROGMEM');
    expect(owner).not.toMatch(/#include "\w+ResponseDecoder.h"/);
    for (const h of [send, repost, resend]) {
      expect(h).toContain('#include "DeleteThingResponseDecoder.h"');
      expect(h).not.toMatch(/Tables<T>::parent\[\] SL_PROGMEM/);
    }
    expect(repost).toContain('= {keys, DeleteThingResponseTables<T>::parent, DeleteThingResponseTables<T>::kind, DeleteThingResponseTables<T>::field, keyLo, keyHi, 6};');
    expect(repost).toContain('"\\000success\\000statusCode\\000error\\000data\\000postId\\000"');
    // resendThing's keys and names are sendThing's
    expect(resend).toContain('#include "SendThingResponseDecoder.h"');
    expect(resend).toContain('= {SendThingResponseTables<T>::keys, DeleteThingResponseTables<T>::parent, DeleteThingResponseTables<T>::kind, DeleteThingResponseTables<T>::field, SendThingResponseTables<T>::keyLo, SendThingResponseTables<T>::keyHi, 6};');
    // a decoder whose every table is another's uses that one's tables (one TreeTables in RAM)
    const unsend = out.get('decode/UnsendThingResponseDecoder.h') as string;
    expect(unsend).toContain('using UnsendThingResponseTables = DeleteThingResponseTables<T>;');
    expect(unsend).not.toContain('TreeTables UnsendThingResponseTables');
    expect(unsend).toContain('enum class UnsendThingField : uint8_t {');
    expect(resend).toContain('flashNameAt(detail::SendThingResponseTables<>::names, ');
    // the enum, handler and decoder stay the operation's own names
    expect(resend).toContain('enum class ResendThingField : uint8_t {');
    expect(resend).toContain('typedef sl::detail::FieldHandler<ResendThingField> ResendThingResponseHandler;');
    expect(resend).toContain('typedef sl::detail::TypedTreeDecoder<ResendThingResponseHandler, detail::ResendThingResponseTables<>, ');
    // a tree unlike the others owns all its tables
    expect(out.get('decode/GetThingsResponseDecoder.h')).not.toMatch(/#include "\w+ResponseDecoder.h"/);
  });

  test('request writers share the envelope head and take their keys from the pool', () => {
    const support = out.get('ApiSupport.h') as string;
    expect(support).toContain('SL_NOINLINE inline void genWsHead(JsonWriter& w, const char* requestId, const char* requestType) {');
    for (const op of ['SendThing', 'RepostThing', 'ResendThing', 'UnsendThing']) {
      const h = out.get(`api/${op}.h`) as string;
      expect(h).toMatch(/detail::genWsHead\(w, requestId, S::v_things_\w+\);/);
      expect(h).toContain('detail::genKey(w, detail::GenKeys<>::k_body);');
      expect(h).toContain('detail::genKey(w, detail::GenKeys<>::k_to);');
      expect(h).not.toMatch(/k_requestId|k_version|k_body\[\]/);
    }
    const errors = out.get('ComponentError.h') as string;
    for (const k of ['requestId', 'requestType', 'version', 'body', 'to']) expect(errors).toContain(`GenKeys<T>::k_${k}[] SL_PROGMEM = "${k}";`);
    for (const [file, text] of out) {
      for (const m of text.matchAll(/GenKeys<>::(k_\w+)/g)) expect(`${file}: ${errors.includes(`GenKeys<T>::${m[1]}[]`)}`).toBe(`${file}: true`);
    }
  });
});
