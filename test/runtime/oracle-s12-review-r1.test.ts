/**
 * Session 12 review (R1): cases for fixes made while reviewing the helpers' commits (our own fixtures and values).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { startRawBackend, type RawBackend } from './rawBackend';

const CRLF = '\r\n';

describe('review S12 (R1): a response head whose end comes split over several reads (cutHead.ts)', () => {
  let t: TestRuntime;
  let be: RawBackend;
  before(async () => {
    // a body read until the close: bytes added at the end of the stream would show in it
    const pieces = [
      `HTTP/1.1 200 OK${CRLF}Content-Type: text/plain${CRLF}Connection: close${CRLF.slice(0, 1)}`,
      '\n',
      '\r',
      '\n',
      'aisle-9',
    ];
    be = await startRawBackend((s) => {
      const next = (i: number): void => {
        if (i === pieces.length) {
          s.end();
          return;
        }
        s.write(pieces[i]);
        setTimeout(() => next(i + 1), 15);
      };
      next(0);
    });
    t = await startRuntime({
      'Aisles.xml': `<api ${NS} name="Aisles" context="/aisles"><resource methods="GET"><inSequence>
        <call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/a"/></endpoint></call>
        <respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('the empty line is found across the reads: the body is what the back end wrote, nothing added', async () => {
    const r = await send(`${t.base}/aisles`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'aisle-9');
  });
});

describe('review S12 (R1): call with a <source type="body"> (CallMediatorFactory.populateSource: not "available")', () => {
  let t: TestRuntime;
  let be: Backend;
  const seen: string[] = [];
  before(async () => {
    be = await startBackend((req, res) => {
      seen.push(`${req.headers['content-type']?.split(';')[0]} ${req.body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"bin":3}');
    });
    const call = (source: string) =>
      `<call><endpoint><http method="post" uri-template="${be.url}/bins"/></endpoint>${source}<target type="property">got</target></call>
       <log level="custom"><property name="got" expression="$ctx:got"/></log><respond/>`;
    t = await startRuntime({
      'Bins.xml': `<api ${NS} name="Bins" context="/bins">
        <resource methods="POST" uri-template="/typed"><inSequence>${call('<source type="body" contentType="application/json"/>')}</inSequence></resource>
        <resource methods="POST" uri-template="/twice"><inSequence>${call('<source type="body"/>')}</inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('its contentType does not change the type the message goes out in (mediate sets it only for an available source)', async () => {
    seen.length = 0;
    await send(`${t.base}/bins/typed`, { body: '<bin>1</bin>', type: 'application/xml' });
    assert.deepEqual(seen, ['application/xml <bin>1</bin>']);
  });

  it('the answer stays the message (postMediate puts the request back only for an available source)', async () => {
    const r = await send(`${t.base}/bins/typed`, { body: '<bin>4</bin>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type')?.split(';')[0], 'application/json');
    assert.deepEqual(r.json(), { bin: 3 });
    assert.equal(t.logs.filter((l) => l.message.startsWith('got = ')).pop()?.message, 'got = {"bin":3}');
  });

  it('a later message of another type goes out in its own type, not in the first one s', async () => {
    seen.length = 0;
    await send(`${t.base}/bins/twice`, { body: '{"bin":1}', type: 'application/json' });
    await send(`${t.base}/bins/twice`, { body: '<bin>2</bin>', type: 'application/xml' });
    assert.deepEqual(seen, ['application/json {"bin":1}', 'application/xml <bin>2</bin>']);
  });
});
