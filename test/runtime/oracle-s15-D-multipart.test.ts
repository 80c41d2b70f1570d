/**
 * The one multipart splitter (runtime-debug/engine/multipart.ts) the form-data builder, the multipart/related reader
 * and the management API's CAR upload share: RFC 2046 delimiters (a CRLF before each), transport padding after a
 * delimiter, a part without headers, and where a malformed body ends.
 */
import assert from 'node:assert/strict';
import { boundaryOf, partHeaders, splitMultipart } from '../../runtime-debug/engine/multipart';

const parts = (text: string, max?: number) => {
  const r = splitMultipart(Buffer.from(text, 'latin1'), 'b0', max);
  return { end: r.end, parts: r.parts.map((p) => [p.head.toString('latin1'), p.data.toString('latin1')]) };
};

describe('multipart: one splitter (form-data, multipart/related, the CAR upload)', () => {
  it('splits at CRLF-led delimiters, takes padding after one and a part without headers', () => {
    const body =
      'preamble\r\n--b0  \r\nContent-Type: text/plain\r\n X-Folded: yes\r\n\r\none\r\n--b0\r\n' +
      '\r\ntwo--b0 stays\r\n--b0--\r\nepilogue';
    assert.deepEqual(parts(body), {
      end: 'closed',
      parts: [
        ['Content-Type: text/plain\r\n X-Folded: yes', 'one'],
        ['', 'two--b0 stays'],
      ],
    });
    assert.deepEqual(
      [...partHeaders('Content-Type: text/plain\r\n X-Folded: yes\r\nContent-ID: <a>')],
      [
        ['content-type', 'text/plain\r\n X-Folded: yes'],
        ['content-id', '<a>'],
      ],
    );
  });

  it('says where a malformed body ends, with the parts before', () => {
    assert.equal(parts('no delimiter').end, 'no-delimiter');
    assert.equal(parts('--b0').end, 'no-eol');
    assert.equal(parts('--b0\r\nContent-Type: x\r\n').end, 'no-head-end');
    assert.deepEqual(parts('--b0\r\n\r\none\r\n--b0\r\n\r\ntwo'), { end: 'no-next', parts: [['', 'one']] });
    assert.deepEqual(parts('--b0\r\n\r\none\r\n--b0\r\n\r\ntwo\r\n--b0--', 1), {
      end: 'limit',
      parts: [['', 'one']],
    });
  });

  it('reads the boundary parameter quoted or not', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="a b;c"'), 'a b;c');
    assert.equal(
      boundaryOf('multipart/related; type="text/xml"; boundary = MIME_x1; start="<r>"'),
      'MIME_x1',
    );
    assert.equal(boundaryOf('multipart/form-data'), undefined);
  });
});
