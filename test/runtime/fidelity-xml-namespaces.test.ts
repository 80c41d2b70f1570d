/**
 * XML text as Axiom writes it: a namespace declaration that binds a prefix the way it is already bound where the
 * element sits is left out (Axiom's serializer writes a declaration only when the writer has no such binding yet;
 * MI's tests-sample Sample18 checks the logged items for it). A declaration that rebinds a prefix, or that is new,
 * stays. Our own fixtures over real HTTP; the log is read from the runtime's console lines.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

describe('runtime fidelity: namespace declarations already in scope are not repeated', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      // foreach over q:i, each item replaced by a payloadFactory element that declares q itself
      'Items.xml': api(
        'Items',
        '/items',
        `<foreach xmlns:q="urn:q" expression="//q:list/q:i"><sequence>
<payloadFactory media-type="xml"><format><q:item xmlns:q="urn:q">$1</q:item></format>
<args><arg xmlns:q="urn:q" evaluator="xml" expression="//q:i"/></args></payloadFactory></sequence></foreach>
<log level="full" category="INFO"/><respond/>`,
      ),
      // the same prefix bound to another URI keeps its declaration; a new prefix keeps its own
      'Rebind.xml': api(
        'Rebind',
        '/rebind',
        `<payloadFactory media-type="xml"><format><q:outer xmlns:q="urn:q"><q:inner xmlns:q="urn:other">a</q:inner>
<q:same xmlns:q="urn:q">b</q:same><z:new xmlns:z="urn:z">c</z:new></q:outer></format><args/></payloadFactory>
<respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('foreach + payloadFactory: the items inside the envelope carry no repeated xmlns:q (log full and answer)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/items`, {
      body: `<s:Envelope xmlns:s="${SOAP12}" xmlns:q="urn:q"><s:Body><q:list><q:i>1</q:i><q:i>2</q:i></q:list></s:Body></s:Envelope>`,
      type: 'application/soap+xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<q:list><q:item>1<\/q:item><q:item>2<\/q:item><\/q:list>/);
    assert.doesNotMatch(r.text, /<q:item xmlns:q=/);
    const logged = t.logs
      .slice(from)
      .map((l) => l.message)
      .join('\n');
    assert.match(logged, /<q:list><q:item>1<\/q:item><q:item>2<\/q:item><\/q:list>/);
  });

  it('a declaration that rebinds a prefix or binds a new one stays; one that repeats the binding goes', async () => {
    const r = await send(`${t.base}/rebind`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '<q:outer xmlns:q="urn:q"><q:inner xmlns:q="urn:other">a</q:inner><q:same>b</q:same><z:new xmlns:z="urn:z">c</z:new></q:outer>',
    );
  });
});
