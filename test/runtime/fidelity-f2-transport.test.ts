import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime fidelity (F2): transport properties of the answer', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          length: req.headers['content-length'] ?? null,
          te: req.headers['transfer-encoding'] ?? null,
          connection: req.headers.connection ?? null,
          body: req.body,
        }),
      );
    });
    t = await startRuntime({
      'Forced.xml': api(
        'Forced',
        '/forced',
        `<property name="FORCE_HTTP_CONTENT_LENGTH" value="true" scope="axis2"/>
         <call><endpoint><http method="post" uri-template="${backend.url}/in"/></endpoint></call><respond/>`,
      ),
      'Closing.xml': api(
        'Closing',
        '/closing',
        `<property name="NO_KEEPALIVE" value="true" scope="axis2"/>
         <call><endpoint><http method="get" uri-template="${backend.url}/in"/></endpoint></call><respond/>`,
      ),
      'Accepted.xml': api(
        'Accepted',
        '/accepted',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <call><endpoint><http method="post" uri-template="${backend.url}/in"/></endpoint></call>
         <log level="custom"><property name="after" expression="json-eval($.body)"/></log><respond/>`,
      ),
      'Chunky.xml': api(
        'Chunky',
        '/chunky',
        `<call><endpoint><http method="post" uri-template="${backend.url}/in"/></endpoint></call><respond/>`,
      ),
      'Reason.xml': api(
        'Reason',
        '/reason',
        `<payloadFactory media-type="json"><format>{"queued":true}</format></payloadFactory>
         <property name="HTTP_SC" value="299" scope="axis2"/><property name="HTTP_SC_DESC" value="Queued For Later" scope="axis2"/><respond/>`,
      ),
      'Plain.xml': api('Plain', '/plain', `<property name="HTTP_SC" value="404" scope="axis2"/><respond/>`),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  /** POSTs a chunked body (no Content-Length) and gives what the backend saw. */
  const chunked = (path: string) =>
    new Promise<{ length: string | null; te: string | null; connection: string | null; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${t.base}${path}`,
          { method: 'POST', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } },
          (res) => {
            let s = '';
            res.setEncoding('utf8');
            res.on('data', (d) => (s += d));
            res.on('end', () => resolve(JSON.parse(s)));
          },
        );
        req.on('error', reject);
        // the parts come apart in time, so the runtime sees a stream, not a body already complete
        let i = 0;
        const next = () => {
          if (i === 4) return void req.end();
          req.write(`crate${i++};`);
          setTimeout(next, 15);
        };
        next();
      },
    );

  it('FORCE_HTTP_CONTENT_LENGTH sends a chunked request on with a Content-Length; without it, chunked', async () => {
    assert.deepEqual(await chunked('/forced'), {
      length: '28',
      te: null,
      connection: 'keep-alive',
      body: 'crate0;crate1;crate2;crate3;',
    });
    const plain = await chunked('/chunky');
    assert.equal(plain.te, 'chunked');
    assert.equal(plain.length, null);
    assert.equal(plain.body, 'crate0;crate1;crate2;crate3;');
  });

  it('HTTP_SC_DESC sets the reason phrase of the status line', async () => {
    const r = await fetch(`${t.base}/reason`);
    assert.equal(r.status, 299);
    assert.equal(r.statusText, 'Queued For Later');
    assert.deepEqual(await r.json(), { queued: true });
    const p = await send(`${t.base}/plain`);
    assert.equal(p.status, 404);
  });

  it('NO_KEEPALIVE closes the backend connection after the call', async () => {
    const r = await send(`${t.base}/closing`);
    assert.equal((r.json() as { connection: string }).connection, 'close');
  });

  it('FORCE_SC_ACCEPTED on a call: the client gets 202 with no body, the flow goes on with the backend answer', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/accepted`, { body: 'order-9', type: 'text/plain' });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    await until('the flow going on after the call', () =>
      t.logs.some((l) => l.message === 'after = order-9'),
    );
    assert.ok(
      t.logs.some((l) => l.message === 'after = order-9'),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
