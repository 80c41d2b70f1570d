/**
 * A request line in absolute form (helper F2, session 6), our own fixture over a raw socket: MI dispatches on the
 * path and query of the URL (ApiUtils.getFullRequestPath: new URL(url).getFile(); MI tests-service
 * ESBJAVA4852URITemplateWithCompleteURLTestCase). Ours looked for an API whose context starts with "http:" and ran main (404).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { api, startRuntime, type TestRuntime } from './helpers';

function rawRequest(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () =>
      s.write(`${line}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (data += c));
    s.on('end', () => resolve(data));
    s.on('error', reject);
    s.setTimeout(3000, () => s.destroy(new Error('timeout')));
  });
}

describe('runtime fidelity (F2 s6): absolute-form request URI', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Orders.xml': api(
        'Orders',
        '/orders',
        `<payloadFactory media-type="json"><format>{"order":"$1","ref":"$2"}</format>
           <args><arg expression="$ctx:uri.var.id"/><arg expression="$ctx:query.param.ref"/></args></payloadFactory><respond/>`,
        'methods="DELETE" uri-template="/{id}?ref={ref}"',
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('dispatches on the path and query of the URL', async () => {
    const port = Number(new URL(t.base).port);
    const answer = await rawRequest(port, `DELETE http://127.0.0.1:${port}/orders/77?ref=abc HTTP/1.1`);
    assert.match(answer, /^HTTP\/1\.1 200/);
    assert.match(answer, /\{"order":"77","ref":"abc"\}/);
  });
});
