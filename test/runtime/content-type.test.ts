/**
 * The Content-Type of what the runtime writes, as MI's message formatters write it (wso2-synapse JsonStreamFormatter
 * and the Axis2 formatters): a body written by a formatter carries `; charset=UTF-8` after the media type, unless
 * the content type already names a charset or the axis2 property setCharacterEncoding is "false"; a body passed
 * through unchanged keeps the content type it came with. Real HTTP on 127.0.0.1, in both directions.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: content types of formatted and passed-through bodies', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      // echoes the body with the content type it was given
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' });
      res.end(req.body);
    });
    t = await startRuntime({
      'Json.xml': api(
        'Json',
        '/ct/json',
        `<payloadFactory media-type="json"><format>{"id": $1}</format><args><arg expression="json-eval($.id)"/></args></payloadFactory><respond/>`,
      ),
      'NoCharset.xml': api(
        'NoCharset',
        '/ct/no-charset',
        `<property name="setCharacterEncoding" value="false" scope="axis2"/><payloadFactory media-type="json"><format>{"id": $1}</format><args><arg expression="json-eval($.id)"/></args></payloadFactory><respond/>`,
      ),
      'Own.xml': api(
        'Own',
        '/ct/own',
        `<payloadFactory media-type="xml"><format><r xmlns="">$1</r></format><args><arg expression="json-eval($.id)"/></args></payloadFactory><property name="messageType" value="application/xml; charset=ISO-8859-1" scope="axis2"/><respond/>`,
      ),
      'Pass.xml': api(
        'Pass',
        '/ct/pass',
        `<call><endpoint><address uri="${backend.url}/echo"/></endpoint></call><respond/>`,
      ),
      'Out.xml': api(
        'Out',
        '/ct/out',
        `<payloadFactory media-type="xml"><format><r xmlns="">$1</r></format><args><arg expression="json-eval($.id)"/></args></payloadFactory><call><endpoint><address uri="${backend.url}/echo"/></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a payloadFactory JSON answer: application/json; charset=UTF-8', async () => {
    const r = await send(`${t.base}/ct/json`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.deepEqual(r.json(), { id: 7 });
  });

  it('setCharacterEncoding=false: no charset added', async () => {
    const r = await send(`${t.base}/ct/no-charset`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(r.headers.get('content-type'), 'application/json');
  });

  it('a content type that names its charset keeps it (no second one)', async () => {
    const r = await send(`${t.base}/ct/own`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(r.headers.get('content-type'), 'application/xml; charset=ISO-8859-1');
    assert.equal(r.text, '<r>7</r>');
  });

  it('a body passed through unchanged keeps its content type both ways', async () => {
    backend.requests.length = 0;
    const r = await send(`${t.base}/ct/pass`, { body: '<a>1</a>', type: 'application/xml' });
    assert.equal(backend.requests[0]?.headers['content-type'], 'application/xml');
    assert.equal(r.headers.get('content-type'), 'application/xml');
    assert.equal(r.text, '<a>1</a>');
  });

  it('a body the mediation wrote goes to the backend named by its axis2 ContentType, no charset (http.headers.preserve=Content-Type)', async () => {
    backend.requests.length = 0;
    const r = await send(`${t.base}/ct/out`, { body: '{"id":9}', type: 'application/json' });
    assert.equal(backend.requests[0]?.headers['content-type'], 'application/xml');
    assert.equal(backend.requests[0]?.body, '<r>9</r>');
    assert.equal(r.status, 200);
  });
});
