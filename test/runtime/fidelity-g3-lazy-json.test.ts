/**
 * A content-aware mediator does not parse a JSON body up front, as MI's JSON builder does not (it keeps the stream
 * and only looks at its first character): a body that is not valid JSON flows on to respond unchanged; a
 * malformed XML body still fails the build (MI's XML builder).
 * Our own fixture; real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity G3: malformed JSON is read only where a mediator needs it (MI JSON builder)', () => {
  let t: TestRuntime;
  const fault = `<faultSequence><payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory><property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>`;
  before(async () => {
    t = await startRuntime({
      'Ledger.xml': `<api ${NS} name="Ledger" context="/ledger">
        <resource methods="POST" uri-template="/echo"><inSequence><log level="full"/><respond/></inSequence>${fault}</resource>
        <resource methods="POST" uri-template="/xml"><inSequence><log level="full"/><respond/></inSequence>${fault}</resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('a full log of a cut JSON body does not fail: the body is answered as it came', async () => {
    const body = '[{"amount": 12.5, "memo": "rent"';
    const r = await send(`${t.base}/ledger/echo`, { body, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, body);
  });

  it('well-formed JSON is still read and logged', async () => {
    const r = await send(`${t.base}/ledger/echo`, { body: '{"amount":3}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { amount: 3 });
  });

  it('a malformed XML body still fails the build (no echo): the full log fails with MESSAGE_PARSING_ERROR', async () => {
    const r = await send(`${t.base}/ledger/xml`, {
      body: '<entry><amount>3</entry>',
      type: 'application/xml',
    });
    assert.ok(r.status >= 400, `status ${r.status}`);
    // LogMediator's "Could not build full log message" SynapseException: AbstractListMediator sets 601000
    assert.equal(r.text, '{"fault":"601000"}');
  });
});
