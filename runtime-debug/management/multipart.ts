/** A small multipart/form-data reader for the CAR upload (the body is already in memory, bounded by the size limit). */
import { boundaryOf as boundaryParam, partHeaders, splitMultipart } from '../engine/multipart';

export interface FormPart {
  name?: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  return boundaryParam(contentType);
}

/** A body of this many parts or more is refused. */
const MAX_PARTS = 1000;

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const { parts, end } = splitMultipart(body, boundary, MAX_PARTS);
  switch (end) {
    case 'no-delimiter':
      throw new MultipartError('no multipart boundary found in the body');
    case 'no-eol':
    case 'no-head-end':
      throw new MultipartError('truncated multipart part headers');
    case 'no-next':
      throw new MultipartError('truncated multipart body (no closing boundary)');
    case 'limit':
      throw new MultipartError('too many multipart parts');
  }
  return parts.map(({ head, data }) => {
    const part: FormPart = { data };
    for (const [k, value] of partHeaders(head.toString('utf8'))) {
      if (k === 'content-disposition') {
        part.name = /\bname="([^"]*)"/i.exec(value)?.[1];
        part.filename = /\bfilename="([^"]*)"/i.exec(value)?.[1];
      } else if (k === 'content-type') part.contentType = value;
    }
    return part;
  });
}
