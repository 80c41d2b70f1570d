/**
 * The form and multipart readers and writers of engine/formats.ts against the rules of the MI classes they follow
 * (Synapse XFormURLEncodedBuilder/-Formatter with Axis2's URIEncoderDecoder and MultipleEntryHashMap, Axis2
 * MultipartFormDataBuilder over commons-fileupload, MultipartFormDataFormatter over commons-httpclient parts).
 * Our own small inputs.
 */
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Payload } from '../../runtime-debug/engine/payload';
import {
  charsetParam,
  decodeCharset,
  readForm,
  readMultipart,
  writeForm,
  writeMultipart,
} from '../../runtime-debug/engine/formats';

const pairs = (fields: ReturnType<typeof readForm>) => fields.map((f) => [f.name, f.value]);

describe('engine/formats: MI form and multipart rules (R3, session 8)', () => {
  it('form: Java split drops trailing empty parts, a final newline ends the line, repeated names group', () => {
    assert.deepEqual(pairs(readForm(Buffer.from('a=1&b=2&a=3&\n'), 'application/x-www-form-urlencoded')), [
      ['a', '1'],
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('form: an empty part in the middle or a leading & fails, as substring(0, -1) does in MI', () => {
    // (session 17, mi-run harness: the build's own failure, in AbstractListMediator.buildMessage's words)
    const refused = (e: unknown) =>
      (e as { code?: string }).code === 'FORM_MALFORMED' &&
      (e as Error).message === 'Error while building message. Error while building Passthrough stream';
    assert.throws(() => readForm(Buffer.from('a=1&&b=2'), 'application/x-www-form-urlencoded'), refused);
    assert.throws(() => readForm(Buffer.from('&a=1'), 'application/x-www-form-urlencoded'), refused);
  });

  it('form: an incomplete or invalid % sequence fails; + is a space; %XX runs are bytes of the charset', () => {
    assert.throws(() => readForm(Buffer.from('a=%4'), 'application/x-www-form-urlencoded'), /Incomplete %/);
    assert.throws(() => readForm(Buffer.from('a=%zz'), 'application/x-www-form-urlencoded'), /Invalid %/);
    assert.deepEqual(pairs(readForm(Buffer.from('a=x+%C3%A9'), 'application/x-www-form-urlencoded')), [
      ['a', 'x é'],
    ]);
    assert.deepEqual(
      pairs(readForm(Buffer.from('a=%E9'), 'application/x-www-form-urlencoded; charset=ISO-8859-1')),
      [['a', 'é']],
    );
  });

  it('form: the query is read before the body; query parts without a name or = are skipped', () => {
    assert.deepEqual(pairs(readForm(Buffer.from('z=9'), 'application/x-www-form-urlencoded', 'y=1&x&=2')), [
      ['y', '1'],
      ['z', '9'],
    ]);
  });

  it('form formatter: URLEncoder with %20, names as written, _JsonReader_ prefixes undone', () => {
    assert.equal(
      writeForm([
        { name: 'q', text: "a b~*'()!" },
        { name: '_JsonReader_PD_9lives', text: 'x' },
        { name: '_JsonReader_PS_ref', text: '€' },
      ]),
      'q=a%20b%7E*%27%28%29%21&9lives=x&$ref=%E2%82%AC',
    );
    assert.equal(writeForm([]), '');
  });

  it('multipart: fields by name, file parts kept as bytes (even with an empty filename), nameless and non-form-data parts skipped', () => {
    const body = Buffer.concat([
      Buffer.from(
        'preamble\r\n--b1\r\nContent-Disposition: form-data; name="t"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.from([0xff, 0x00]),
      Buffer.from(
        '\r\n--b1\r\nContent-Disposition: form-data\r\n\r\nno name\r\n' +
          '--b1\r\nContent-Disposition: attachment; name="att"\r\n\r\nskipped\r\n' +
          '--b1\r\ncontent-disposition: form-data; name="n"\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n',
      ),
      Buffer.from('Zoë', 'latin1'),
      Buffer.from('\r\n--b1\r\nContent-Disposition: form-data; name="t"\r\n\r\nsecond\r\n--b1--\r\nepilogue'),
    ]);
    const f = readMultipart(body, 'multipart/form-data; boundary="b1"');
    assert.deepEqual(
      f.map((x) => [
        x.name,
        Buffer.isBuffer(x.value) ? x.value.toString('hex') : x.value,
        x.filename,
        x.charset,
      ]),
      [
        ['t', 'ff00', '', undefined],
        ['t', 'second', undefined, 'UTF-8'],
        ['n', 'Zoë', undefined, 'ISO-8859-1'],
      ],
    );
  });

  it('multipart: a body that ends before its closing boundary fails', () => {
    assert.throws(
      () =>
        readMultipart(
          Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx'),
          'multipart/form-data; boundary=b',
        ),
      /Stream ended unexpectedly/,
    );
  });

  it('multipart formatter: commons-httpclient part layout, no parts is no body', () => {
    assert.equal(
      writeMultipart(
        [
          { name: 'a', contentType: 'text/plain', charset: 'UTF-8', data: Buffer.from('1') },
          {
            name: 'f',
            filename: 'x.bin',
            contentType: 'image/png',
            charset: 'ISO-8859-1',
            transferEncoding: 'binary',
            data: Buffer.from('P'),
          },
        ],
        'BB',
      ).toString(),
      '--BB\r\nContent-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n1\r\n' +
        '--BB\r\nContent-Disposition: form-data; name="f"; filename="x.bin"\r\nContent-Type: image/png; charset=ISO-8859-1\r\nContent-Transfer-Encoding: binary\r\n\r\nP\r\n' +
        '--BB--\r\n',
    );
    assert.equal(writeMultipart([], 'BB').length, 0);
  });

  it('charsets: ISO-8859-1 is one byte per character (not windows-1252), unknown charsets fail', () => {
    assert.equal(charsetParam('text/plain; charset="ISO-8859-1"'), 'ISO-8859-1');
    assert.equal(charsetParam('text/plain'), undefined);
    assert.equal(decodeCharset(Buffer.from([0x80, 0xe9]), 'ISO-8859-1'), '\u0080é');
    assert.throws(() => decodeCharset(Buffer.from('x'), 'x-no-such-charset'), /Unsupported encoding/);
  });
});

describe('engine/payload: gzip bodies as MI reads and writes them (R3, session 8)', () => {
  const limits = { maxBytes: 1 << 20, maxDepth: 100 };

  it('a gzip body is inflated before it is read and the formatted output compressed again', () => {
    const p = new Payload('application/json', gzipSync('{"a":1}'), limits);
    p.setContentEncoding('gzip');
    assert.deepEqual(p.json(), { a: 1 });
    p.setJson({ a: 2 });
    const out = p.serialize(undefined, false);
    assert.equal(gunzipSync(out.body as Buffer).toString(), '{"a":2}');
  });

  it('a gzip body never read goes out as it came (no second compression)', () => {
    const zipped = gzipSync('<a>1</a>');
    const p = new Payload('application/xml', zipped, limits);
    p.setContentEncoding('gzip');
    assert.equal(p.serialize(undefined, false).body, zipped);
  });

  it('an inflated body larger than the limit is refused (no gzip bomb), a broken one fails the build', () => {
    const bomb = new Payload('text/plain', gzipSync(Buffer.alloc(2 << 20, 0x61)), limits);
    bomb.setContentEncoding('gzip');
    assert.throws(() => bomb.text(), /exceeds 1048576 bytes/);
    const broken = new Payload('application/xml', Buffer.from('not gzip'), limits);
    broken.setContentEncoding('gzip');
    assert.throws(() => broken.envelope(), /GZIP_MALFORMED|incorrect header/);
  });

  it('without a gzip Content-Encoding nothing changes', () => {
    const p = new Payload('application/json', Buffer.from('{"b":1}'), limits);
    p.setContentEncoding('identity');
    assert.deepEqual(p.json(), { b: 1 });
    assert.equal(p.serialize(undefined, false).body.toString(), '{"b":1}');
  });
});

describe('engine/payload: multipart formatter attributes (R3, session 8)', () => {
  it('a content-transfer-encoding attribute becomes the part header (MultipartFormDataFormatter preserves it)', () => {
    const p = new Payload(
      'application/xml',
      Buffer.from('<r><a content-transfer-encoding="8bit">x</a><b>y</b></r>'),
      { maxBytes: 1 << 20, maxDepth: 100 },
    );
    const out = p.serialize('multipart/form-data', true);
    const text = (out.body as Buffer).toString();
    assert.match(
      text,
      /name="a"\r\nContent-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nx\r\n/,
    );
    assert.match(text, /name="b"\r\nContent-Type: text\/plain; charset=UTF-8\r\n\r\ny\r\n/);
    assert.match(out.contentType, /^multipart\/form-data; charset=UTF-8; boundary=MIMEBoundary_\w+$/);
  });
});
