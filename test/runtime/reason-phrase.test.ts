/**
 * The back end's reason phrase, as MI keeps it: ClientWorker sets HTTP_SC_DESC from the answer's status line and the
 * listener writes it in the answer's status line (PassThroughTransportUtils.determineHttpStatusLine); a blocking
 * call's failure quotes it (HTTPSender: "Transport error: 404 Error: <reason>") and leaves the caller's HTTP_SC_DESC
 * alone (BlockingMsgSender sets none).
 */
import assert from 'node:assert/strict';
import { api, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: the back end reason phrase (HTTP_SC_DESC)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(404, 'Shelf Missing', { 'content-type': 'application/json' });
      res.end('{"shelf":"none"}');
    });
    t = await startRuntime({
      'Relay.xml': api(
        'Relay',
        '/relay',
        `<call><endpoint><http method="get" uri-template="${be.url}/shelf"/></endpoint></call>
         <log level="custom"><property name="desc" expression="$axis2:HTTP_SC_DESC"/></log><respond/>`,
      ),
      'Quiet.xml': api(
        'Quiet',
        '/quiet',
        `<call><endpoint><http method="get" uri-template="${be.url}/shelf"/></endpoint></call><drop/>`,
      ),
      'Block.xml': api(
        'Block',
        '/block',
        `<call blocking="true"><endpoint><http method="get" uri-template="${be.url}/shelf"/></endpoint></call><respond/>`,
      ).replace(
        '</resource>',
        `<faultSequence><payloadFactory media-type="text"><format>$1|$2</format><args><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="$axis2:HTTP_SC_DESC"/></args></payloadFactory><property name="HTTP_SC" value="502" scope="axis2"/><property name="NO_ENTITY_BODY" scope="axis2" action="remove"/><respond/></faultSequence></resource>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a relayed answer keeps the back end reason phrase, which the mediation reads as HTTP_SC_DESC', async () => {
    const r = await rawRequest(`${t.base}/relay`);
    assert.equal(r.status, 404);
    assert.equal(r.reason, 'Shelf Missing');
    assert.equal(r.text, '{"shelf":"none"}');
    assert.ok(
      t.logs.some((l) => l.message.includes('desc = Shelf Missing')),
      t.logs.map((l) => l.message).join(' | '),
    );
  });

  it('an answer the listener makes itself after a call (a flow that drops: 202) carries the standard phrase', async () => {
    const r = await rawRequest(`${t.base}/quiet`);
    assert.equal(r.status, 202);
    assert.equal(r.reason, 'Accepted');
  });

  it('a blocking call quotes it in its failure and leaves no HTTP_SC_DESC of its own', async () => {
    const r = await send(`${t.base}/block`);
    assert.equal(r.status, 502);
    assert.equal(r.text, 'Transport error: 404 Error: Shelf Missing|');
  });
});
