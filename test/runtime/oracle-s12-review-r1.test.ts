/**
 * Session 12 review (R1): cases for fixes made while reviewing the helpers' commits (our own fixtures and values).
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
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
