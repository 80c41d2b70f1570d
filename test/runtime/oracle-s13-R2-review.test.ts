/**
 * Session 13 review R2: cases for behaviours of the reviewed commits that had no test of their own. Our own
 * fixtures over real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle S13 R2: review cases', () => {
  it('a SOAP 1.1 answer of a format="rest" call is built and written by the SOAP formatter for a SOAP 1.1 client, not relayed as its bytes (Axis2Sender.doSOAPFormatConversion; MI EndpointFormatRestPTTestCase)', async () => {
    const answer = `<f:Envelope xmlns:f="${S11}">\n  <f:Body><gauge>low</gauge></f:Body>\n</f:Envelope>`;
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(answer);
    });
    const t = await startRuntime({
      'RestLeg.xml': `<proxy ${NS} name="RestLeg" transports="http"><target><inSequence><send><endpoint>
        <address uri="${be.url}/gauge" format="rest"/></endpoint></send></inSequence>
        <outSequence><send/></outSequence></target></proxy>`,
    });
    try {
      const r = await send(`${t.base}/services/RestLeg`, {
        body: `<s:Envelope xmlns:s="${S11}"><s:Body><read/></s:Body></s:Envelope>`,
        type: 'text/xml',
        headers: { SOAPAction: 'urn:read' },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
      assert.ok(r.text.startsWith("<?xml version='1.0' encoding='UTF-8'?>"), r.text);
      assert.match(r.text, /<gauge>low<\/gauge>/);
      // the bytes as the back end sent them would not start with the declaration
      assert.notEqual(r.text, answer);
    } finally {
      await t.close();
      await be.close();
    }
  });

  it('an xquery DOUBLE variable is an xs:double: returned as it is it becomes the target text, instance of xs:double is true, in element content it prints as Saxon does (XQueryMediator binds XdmAtomicValue(..., ItemType.DOUBLE); MI XQueryCustomVariableAsDouble)', async () => {
    const t = await startRuntime({
      'asIs.xml': `<localEntry ${NS} key="asIs"><q><![CDATA[
declare variable $rate as xs:double external;
$rate]]></q></localEntry>`,
      'isDouble.xml': `<localEntry ${NS} key="isDouble"><q><![CDATA[
declare variable $rate as xs:double external;
$rate instance of xs:double]]></q></localEntry>`,
      'inContent.xml': `<localEntry ${NS} key="inContent"><q><![CDATA[
declare variable $rate as xs:double external;
<quote><rate>{$rate}</rate><twice>{$rate * 2}</twice></quote>]]></q></localEntry>`,
      'Rates.xml': `<proxy ${NS} name="Rates" transports="http"><target><inSequence>
        <xquery key="asIs" target="//first"><variable name="rate" type="DOUBLE" value="0.75"/></xquery>
        <xquery key="isDouble" target="//second"><variable name="rate" type="DOUBLE" value="0.75"/></xquery>
        <xquery key="inContent" target="//third"><variable name="rate" type="DOUBLE" value="3500000000"/></xquery>
        <respond/></inSequence></target></proxy>`,
    });
    try {
      const r = await send(`${t.base}/services/Rates`, {
        body: `<s:Envelope xmlns:s="${S11}"><s:Body><rates><first>a</first><second>b</second><third/></rates></s:Body></s:Envelope>`,
        type: 'text/xml',
        headers: { SOAPAction: 'urn:rates' },
      });
      assert.equal(r.status, 200, r.text);
      assert.match(
        r.text,
        /<rates><first>0\.75<\/first><second>true<\/second><quote><rate>3\.5E9<\/rate><twice>7\.0E9<\/twice><\/quote><\/rates>/,
      );
    } finally {
      await t.close();
    }
  });

  it("a dynamic endpoint timeout beyond a long is Long.parseLong's NumberFormatException: the WARN and the global timeout (EndpointDefinition.evaluateDynamicEndpointTimeout; MI DynamicTimeoutEndpointTestCase)", async () => {
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":1}');
    });
    const t = await startRuntime({
      'Huge.xml': `<api ${NS} name="Huge" context="/huge"><resource methods="GET"><inSequence>
        <property name="wait" value="99999999999999999999"/>
        <call><endpoint name="HugeWait"><http method="GET" uri-template="${be.url}/x"><timeout>
          <duration>{get-property('wait')}</duration><responseAction>fault</responseAction></timeout></http></endpoint></call>
        <respond/></inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/huge`);
      assert.equal(r.text, '{"ok":1}');
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'WARN' &&
            l.message ===
              `Error while evaluating dynamic endpoint timeout expression: get-property('wait') in endpoint: 'HugeWait'. Using the Synapse global timeout: 120000 as the effective timeout. Error: For input string: "99999999999999999999"`,
        ),
        t.logs.map((l) => l.message).join('\n'),
      );
    } finally {
      await t.close();
      await be.close();
    }
  });
});
