/**
 * MI behaviours the session's helpers found and left to the lead, over real HTTP with our own fixtures:
 * makefault's role and node (FaultMediator.setFaultRole/setFaultNode), an inline named sequence with its onError
 * (SequenceMediatorFactory), a script's mc.getEnvelope() (ScriptMessageContext), and the classic foreach's
 * FOREACH_ORIGINAL_MESSAGE and FOREACH_COUNTER (ForEachMediator).
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

describe('runtime fidelity (session 6, lead): makefault role/node, inline sequence onError, foreach properties', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Fault11.xml': `<proxy ${NS} name="Fault11" transports="http"><target><inSequence>
<makefault version="soap11"><code xmlns:soap11Env="${S11}" value="soap11Env:Server"/><reason value="shelf empty"/>
<role>urn:stock-keeper</role><node>urn:ignored-in-1.1</node><detail>none left</detail></makefault><respond/>
</inSequence></target></proxy>`,
      'Fault12.xml': `<proxy ${NS} name="Fault12" transports="http"><target><inSequence>
<makefault version="soap12"><code xmlns:soap12Env="${S12}" value="soap12Env:Receiver"/><reason value="shelf empty"/>
<role>urn:stock-keeper</role><node>urn:shelf-node</node><detail>none left</detail></makefault><respond/>
</inSequence></target></proxy>`,
      'Inline.xml': api(
        'Inline',
        '/inline',
        `<sequence name="guarded" onError="Rescue"><throwError type="STOCK" errorMessage="out of stock"/></sequence>
<payloadFactory media-type="text"><format>not reached</format><args/></payloadFactory><respond/>`,
      ),
      'Rescue.xml': `<sequence ${NS} name="Rescue"><payloadFactory media-type="text"><format>rescued: $1</format>
<args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></sequence>`,
      'Env.xml': api(
        'Env',
        '/env',
        `<script language="js"><![CDATA[var env = mc.getEnvelope(); env.buildWithAttachments();
mc.setProperty('seenEnvelope', String(env).indexOf('<order>') >= 0 ? 'yes' : 'no');]]></script>
<payloadFactory media-type="text"><format>envelope read: $1</format>
<args><arg expression="get-property('seenEnvelope')"/></args></payloadFactory><respond/>`,
      ),
      'Loop.xml': api(
        'Loop',
        '/loop',
        `<foreach id="f1" expression="//i"><sequence><log level="custom">
<property name="seen" expression="get-property('f1_FOREACH_COUNTER')"/></log></sequence></foreach>
<payloadFactory media-type="text"><format>count=$1 items=$2 root=$3</format><args>
<arg expression="get-property('f1_FOREACH_COUNTER')"/>
<arg expression="count(get-property('f1_FOREACH_ORIGINAL_MESSAGE')//i)"/>
<arg expression="local-name(get-property('f1_FOREACH_ORIGINAL_MESSAGE'))"/>
</args></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('makefault writes the role as the SOAP 1.1 faultactor (no node), and Node then Role in SOAP 1.2', async () => {
    const r11 = await send(`${t.base}/services/Fault11`, {
      body: `<s:Envelope xmlns:s="${S11}"><s:Body><ask/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.match(
      r11.text,
      /<faultstring>shelf empty<\/faultstring><faultactor>urn:stock-keeper<\/faultactor><detail>none left<\/detail>/,
    );
    assert.doesNotMatch(r11.text, /ignored-in-1\.1/);
    const r12 = await send(`${t.base}/services/Fault12`, {
      body: `<s:Envelope xmlns:s="${S12}"><s:Body><ask/></s:Body></s:Envelope>`,
      type: 'application/soap+xml',
    });
    assert.match(
      r12.text,
      /<\/soapenv:Reason><soapenv:Node>urn:shelf-node<\/soapenv:Node><soapenv:Role>urn:stock-keeper<\/soapenv:Role><soapenv:Detail>none left<\/soapenv:Detail>/,
    );
  });

  it('an inline named sequence runs its onError sequence when one of its mediators fails', async () => {
    const r = await send(`${t.base}/inline`);
    assert.equal(r.text, 'rescued: out of stock');
  });

  it("a script's mc.getEnvelope().buildWithAttachments() goes through, and the envelope prints", async () => {
    const r = await send(`${t.base}/env`, { body: '<order><id>1</id></order>', type: 'application/xml' });
    assert.equal(r.text, 'envelope read: yes');
  });

  it('the classic foreach sets <id>_FOREACH_COUNTER after each item and keeps the original envelope', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/loop`, {
      body: '<list><i>a</i><i>b</i><i>c</i></list>',
      type: 'application/xml',
    });
    // count() is a Java double in Synapse's XPath, printed 3.0
    assert.equal(r.text, 'count=3 items=3.0 root=Envelope');
    const seen = t.logs
      .slice(from)
      .map((l) => /seen = (\d+)/.exec(l.message)?.[1])
      .filter(Boolean);
    assert.deepEqual(seen, ['0', '1', '2']);
  });
});
