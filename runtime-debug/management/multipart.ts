/** A small multipart/form-data reader for the CAR upload (the body is already in memory, bounded by the size limit). */

export interface FormPart {
  name?: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw new MultipartError('no multipart boundary found in the body');
  for (let guard = 0; guard < 1000; guard++) {
    pos += delim.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // closing --
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new MultipartError('truncated multipart part headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headerEnd + 4);
    if (next < 0) throw new MultipartError('truncated multipart body (no closing boundary)');
    const part: FormPart = { data: body.subarray(headerEnd + 4, next) };
    for (const line of headers.split('\r\n')) {
      const [k, ...v] = line.split(':');
      const value = v.join(':').trim();
      if (/^content-disposition$/i.test(k)) {
        part.name = /\bname="([^"]*)"/i.exec(value)?.[1];
        part.filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
      } else if (/^content-type$/i.test(k)) part.contentType = value;
    }
    parts.push(part);
    pos = next + 2;
  }
  throw new MultipartError('too many multipart parts');
}
