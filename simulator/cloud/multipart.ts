// A small multipart/form-data parser for file uploads (RFC 7578): splits the
// body on the boundary, reads each part's Content-Disposition (name,
// filename) and Content-Type. Parts with a filename are files; the others
// are plain fields.
import type { UploadedPart } from './router';

export interface ParsedMultipart {
  files: UploadedPart[];
  fields: Record<string, string>;
}

export function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? m[1] ?? m[2] : undefined;
}

/** Throws an Error with a readable message when the body is not well-formed multipart. */
export function parseMultipart(body: Buffer, contentType: string): ParsedMultipart {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error('multipart/form-data without a boundary parameter');
  const delim = Buffer.from('--' + boundary);
  const files: UploadedPart[] = [];
  const fields: Record<string, string> = {};
  let pos = body.indexOf(delim);
  if (pos < 0) throw new Error('multipart body does not contain the boundary');
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw new Error('malformed multipart delimiter line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part without header terminator');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headerEnd + 4);
    if (next < 0) throw new Error('multipart body is not terminated by the closing boundary');
    const data = body.subarray(headerEnd + 4, next);
    let name = '';
    let filename: string | undefined;
    let ctype = 'application/octet-stream';
    let sawType = false;
    for (const h of headers) {
      const [k, ...rest] = h.split(':');
      const v = rest.join(':').trim();
      if (/^content-disposition$/i.test(k.trim())) {
        name = /\bname="([^"]*)"/i.exec(v)?.[1] ?? '';
        filename = /\bfilename="([^"]*)"/i.exec(v)?.[1];
      } else if (/^content-type$/i.test(k.trim())) {
        ctype = v;
        sawType = true;
      }
    }
    if (filename !== undefined || (sawType && !/^text\/plain/i.test(ctype))) files.push({ field: name, filename, contentType: ctype, data: Buffer.from(data) });
    else fields[name] = data.toString('utf8');
    pos = next + 2;
  }
  return { files, fields };
}
