// The generated multipart upload writer (sl::api::UploadFile): a C++ host
// program streams the request (file bytes from disk in 7-byte chunks, twice:
// counting pass + real pass) to stdout. Checked: the exact bytes of a small
// upload against RFC 7578 framing, node's own multipart parser (undici's
// Response.formData()) and the mock cloud's parser; a 200 KB binary file sent
// to the real mock cloud is accepted and downloads with identical bytes; the
// boundary comes from the seedable PRNG or the caller; every misuse writes
// nothing or ends in an error.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildHost, FIRMWARE_SRC } from '../../helpers/cpp';
import { parseMultipart } from '../../../simulator/cloud/multipart';
import { startCloud, type Cloud } from '../../../simulator/cloud/server';

let exe = '';
let buildError: unknown;
try {
  exe = buildHost({
    name: 'generated_upload',
    sources: [
      'test/firmware/generated/upload_host.cpp',
      ...['JsonParser', 'JsonValueCapture', 'JsonNumber', 'JsonParseError'].map((n) => `firmware/src/json/${n}.cpp`),
      ...fs
        .readdirSync(path.join(FIRMWARE_SRC, 'json', 'detail'))
        .filter((f) => f.endsWith('.cpp'))
        .map((f) => `firmware/src/json/detail/${f}`),
    ],
  });
} catch (e) {
  buildError = e;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-upload-'));
function file(name: string, data: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

interface Run {
  request: Buffer;
  code: string;
  errPath: string;
  boundary: string;
}

function run(mode: string, arg: string, files: string[]): Run {
  const r = spawnSync(exe, [mode, arg, ...files], { maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  const [code, errPath, boundary] = r.stderr.toString().trim().split('\t');
  return { request: r.stdout, code, errPath: errPath ?? '', boundary: boundary ?? '' };
}

function split(req: Buffer): { head: string; headers: Record<string, string>; body: Buffer } {
  const end = req.indexOf('\r\n\r\n');
  const lines = req.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { head: lines[0], headers, body: req.subarray(end + 4) };
}

describe('generated multipart upload writer (uploadFile)', () => {
  test('host program builds', () => {
    if (buildError) throw buildError;
  });

  test('a small upload: exact bytes, Content-Length, caller-given boundary', () => {
    const a = file('a.txt', Buffer.from('hello\r\n--not-the-boundary\r\n'));
    const r = run('given', 'B0undary-x_y', [a]);
    expect(r.code).toBe('Ok');
    const { head, headers, body } = split(r.request);
    expect(head).toBe('POST /service/file/upload HTTP/1.1');
    expect(headers.host).toBe('127.0.0.1');
    expect(headers.authorization).toBe('Bearer KEY-upload-1');
    expect(headers['content-type']).toBe('multipart/form-data; boundary=B0undary-x_y');
    const want =
      '--B0undary-x_y\r\n' +
      'Content-Disposition: form-data; name="httpFiles"; filename="a.txt"\r\n' +
      'Content-Type: application/octet-stream\r\n' +
      '\r\n' +
      'hello\r\n--not-the-boundary\r\n' +
      '\r\n--B0undary-x_y--\r\n';
    expect(body.toString('latin1')).toBe(want);
    expect(Number(headers['content-length'])).toBe(body.length);
  });

  test("node's multipart parser and the cloud's read the same files back (two parts, a per-part Content-Type)", async () => {
    const bin = crypto.randomBytes(300);
    const a = file('bin.dat', bin);
    const b = file('notes é.txt', Buffer.from('line 1\nline 2\n'));
    const r = run('seed', '12345', [a, b]);
    expect(r.code).toBe('Ok');
    const { headers, body } = split(r.request);
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': headers['content-type'] } }).formData();
    const got = form.getAll('httpFiles') as File[];
    expect(got.map((f) => f.name)).toEqual(['bin.dat', 'notes é.txt']);
    expect(Buffer.from(await got[0].arrayBuffer()).equals(bin)).toBe(true);
    expect(got[0].type).toBe('application/octet-stream');
    expect(await got[1].text()).toBe('line 1\nline 2\n');
    const mp = parseMultipart(body, headers['content-type']);
    expect(mp.files.map((f) => [f.field, f.filename, f.contentType])).toEqual([
      ['httpFiles', 'bin.dat', 'application/octet-stream'],
      ['httpFiles', 'notes é.txt', 'text/plain; charset=utf-8'],
    ]);
    expect(mp.files[0].data.equals(bin)).toBe(true);
  });

  test('the PRNG boundary follows the template and the seed', () => {
    const a = file('s.txt', Buffer.from('x'));
    const one = run('seed', '7', [a]).boundary;
    expect(one).toMatch(/^slFormBoundary[0-9A-Za-z]{16}$/);
    expect(run('seed', '7', [a]).boundary).toBe(one);
    expect(run('seed', '8', [a]).boundary).not.toBe(one);
  });

  test.each([
    ['none', '1', 'MissingRequired', 'uploadFile.boundary'],
    ['given', 'has space', 'BadHttpArgument', 'uploadFile.boundary'],
    ['given', 'x'.repeat(71), 'BadHttpArgument', 'uploadFile.boundary'],
    ['badname', '1', 'BadHttpArgument', 'httpFiles[0].filename'],
    ['nosource', '1', 'NullItem', 'httpFiles[0].source'],
    ['badflashkey', '1', 'BadHttpArgument', 'uploadFile.apiKey'],
  ])('%s %s: %s at %s, nothing written', (mode, arg, code, where) => {
    const r = run(mode, arg, [file('v.txt', Buffer.from('v'))]);
    expect(r.code).toBe(code);
    expect(r.errPath).toContain(where);
    expect(r.request.length).toBe(0);
  });

  test('an API key in flash (FlashString overload) writes the same request byte for byte', () => {
    const f = file('k.txt', Buffer.from('key in flash'));
    const ram = run('seed', '5', [f]);
    const flash = run('flashkey', '5', [f]);
    expect(flash.code).toBe('Ok');
    expect(ram.code).toBe('Ok');
    expect(split(flash.request).headers.authorization).toBe('Bearer KEY-upload-1');
    expect(flash.request.equals(ram.request)).toBe(true);
  });

  test('a source that cannot open its file: WriteFailed at that file, nothing written (the first pass fails)', () => {
    const ok = file('ok.txt', Buffer.from('fine'));
    const r = run('seed', '1', [ok, '/nonexistent/never-opened']);
    expect(r.code).toBe('WriteFailed');
    expect(r.errPath).toContain('httpFiles[1]');
    expect(r.request.length).toBe(0);
  });

  test('a file containing the delimiter: BoundaryInFile at that file, nothing written (any chunking, "\\r\\r\\n--" too)', () => {
    const ok = file('ok2.txt', Buffer.from('fine'));
    for (const content of ['x\r\n--B0undary-x_y', '\r\r\n--B0undary-x_y--', 'abcdef\r\n--B0undary-x_yz', '\r\n-\r\n--B0undary-x_y']) {
      const bad = file('bad.txt', Buffer.from(content));
      const r = run('given', 'B0undary-x_y', [ok, bad]);
      expect([content, r.code, r.request.length]).toEqual([content, 'BoundaryInFile', 0]);
      expect(r.errPath).toContain('httpFiles[1]');
    }
    // Near misses are data, not delimiters.
    for (const content of ['\r\n--B0undary-x_', '\n--B0undary-x_y', '\r\n-B0undary-x_y', '--B0undary-x_y']) {
      const r = run('given', 'B0undary-x_y', [file('near.txt', Buffer.from(content))]);
      expect([content, r.code]).toEqual([content, 'Ok']);
      const { headers, body } = split(r.request);
      expect(parseMultipart(body, headers['content-type']).files[0].data.toString()).toBe(content);
    }
  });

  test('a source that fails or changes on the second pass: WriteFailed, never more than Content-Length', () => {
    const a = file('f.txt', Buffer.from('0123456789'));
    for (const mode of ['fail', 'grow']) {
      const r = run(mode, '3', [a]);
      expect(r.code).toBe('WriteFailed');
      const { headers, body } = split(r.request);
      expect(body.length).toBeLessThanOrEqual(Number(headers['content-length']));
    }
  });

  describe('compiles warning-free on the MCU toolchains, writeHttp instantiated', () => {
    const src = `#include "generated/api/UploadFile.h"
static bool source(sl::Sink& out, void*) { static const uint8_t b[3] = {1, 2, 3}; return out.write(b, 3) == 3; }
sl::ComponentError upload(sl::Sink& out, uint32_t seed) {
  static const sl::api::FilePart parts[] = {{"a.bin", source, nullptr, nullptr}};
  sl::Random rng(seed);
  sl::api::UploadFile request(parts, 1);
  request.setBoundary(rng);
  return request.writeHttp(out, "api.semilimes.net", "KEY");
}
`;
    for (const c of [
      { compiler: 'avr-g++', flags: ['-mmcu=atmega328p', '-Os'] },
      { compiler: 'arm-none-eabi-g++', flags: ['-mcpu=cortex-m3', '-mthumb', '-Os'] },
      { compiler: 'xtensa-lx106-elf-g++', flags: ['-Os', '-mlongcalls'] },
      { compiler: 'clang++', flags: [] },
    ]) {
      const found = spawnSync('which', [c.compiler]).status === 0;
      (found ? test : test.skip)(c.compiler, () => {
        const file = path.join(dir, 'upload_mcu.cpp');
        fs.writeFileSync(file, src);
        const r = spawnSync(c.compiler, ['-std=gnu++11', '-Wall', '-Wextra', '-Werror', '-fno-exceptions', '-fno-rtti', ...c.flags, '-I', FIRMWARE_SRC, '-c', file, '-o', `${file}.${c.compiler}.o`], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(r.stderr);
        expect(r.stderr).toBe('');
      }, 120000);
    }
  });

  describe('against the mock cloud', () => {
    let cloud: Cloud;
    beforeAll(async () => {
      cloud = await startCloud({ port: 0, apiKeys: ['KEY-upload-1'] });
    });
    afterAll(() => cloud?.close());

    function send(req: Buffer): Promise<{ status: number; body: Buffer }> {
      return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        const s = net.connect(cloud.port, '127.0.0.1', () => {
          s.write(req);
        });
        s.on('data', (d) => {
          chunks.push(d);
          const all = Buffer.concat(chunks);
          const end = all.indexOf('\r\n\r\n');
          if (end < 0) return;
          const len = /content-length:\s*(\d+)/i.exec(all.subarray(0, end).toString('latin1'));
          if (len && all.length >= end + 4 + Number(len[1])) {
            s.destroy();
            resolve({ status: Number(all.subarray(9, 12).toString()), body: all.subarray(end + 4, end + 4 + Number(len[1])) });
          }
        });
        s.on('error', reject);
      });
    }

    test('a 200 KB binary file is accepted, the generated decoder reads the file id from the reply, and it downloads with identical bytes', async () => {
      const data = crypto.randomBytes(200 * 1024);
      const r = run('seed', String(Date.now() & 0xffffffff), [file('big.bin', data)]);
      expect(r.code).toBe('Ok');
      const res = await send(r.request);
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.body.toString('utf8'));
      expect(reply.success).toBe(true);
      const up = reply.data.uploadedFiles;
      expect(up).toHaveLength(1);
      expect(up[0].title).toBe('big.bin');
      expect(up[0].size).toBe(data.length);
      // The device reads the reply with the generated decoder.
      const dec = spawnSync(exe, ['decode'], { input: res.body, encoding: 'utf8' });
      // JsonValueCapture types: 1 string, 2 number, 3 true, 4 false, 5 null.
      const t = (v: unknown) => (v === null ? '5\t' : v === true ? '3\t' : v === false ? '4\t' : typeof v === 'number' ? `2\t${v}` : `1\t${String(v)}`);
      expect(dec.stdout.trim().split('\n')).toEqual([
        `field\tSuccess\t0\t${t(reply.success)}`,
        ...('statusCode' in reply ? [`field\tStatusCode\t0\t${t(reply.statusCode)}`] : []),
        ...('error' in reply ? [`field\tError\t0\t${t(reply.error)}`] : []),
        `field\tUploadedFilesFileId\t0\t${t(up[0].fileId)}`,
        'field\tUploadedFilesTitle\t0\t1\tbig.bin',
        `field\tUploadedFilesSize\t0\t2\t${data.length}`,
        'end\t0',
      ]);
      const dl = await fetch(`${cloud.url}/service/file/download`, {
        method: 'POST',
        headers: { authorization: 'Bearer KEY-upload-1', 'content-type': 'application/json' },
        body: JSON.stringify({ fileId: up[0].fileId }),
      });
      expect(dl.status).toBe(200);
      expect(Buffer.from(await dl.arrayBuffer()).equals(data)).toBe(true);
    }, 30000);

    test('a wrong API key is refused by the cloud (the request is read, not trusted blindly)', async () => {
      const r = run('seed', '5', [file('k.txt', Buffer.from('k'))]);
      const bad = Buffer.from(r.request.toString('latin1').replace('Bearer KEY-upload-1', 'Bearer KEY-upload-X'), 'latin1');
      const res = await send(bad);
      expect(res.status).toBe(401);
    });
  });
});
