/**
 * Session 13, helper S5: MI's sample integration tests (tests-sample samples/test/*). Our own proxies, names and
 * payloads reproducing what each sample's test asserts; the MI test class is named in each title.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle s13 (S5): samples', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // a SOAP back end answering <t:fareAnswer> for each <t:route> asked (code from <t:code>)
    be = await startBackend((req, res) => {
      const codes = [...req.body.matchAll(/<(?:\w+:)?code>([^<]*)</g)].map((m) => m[1]);
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<s:Envelope xmlns:s="${SOAP11}"><s:Body><t:fareAnswer xmlns:t="urn:example:fares"><t:result><t:code>${codes[0] ?? '?'}</t:code><t:fare>120.5</t:fare><t:peak>130.25</t:peak></t:result></t:fareAnswer></s:Body></s:Envelope>`,
      );
    });
    const p = (name: string, target: string) =>
      `<proxy ${NS} name="${name}" transports="https http"><target>${target}</target></proxy>`;
    t = await startRuntime({
      'ToFares.xml': `<localEntry ${NS} key="toFares"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:t="urn:example:fares" version="2.0" exclude-result-prefixes="t">
        <xsl:output method="xml" omit-xml-declaration="yes" indent="yes"/>
        <xsl:template match="*"><xsl:element name="{local-name()}" namespace="urn:example:fares"><xsl:copy-of select="attribute::*"/><xsl:apply-templates/></xsl:element></xsl:template>
        </xsl:stylesheet></localEntry>`,
      // Sample 440: JSON in, XSLT into the service's namespace, enrich the body, SOAP 1.1 out, JSON back
      'JsonFares.xml': p(
        'JsonFares',
        `<endpoint><address uri="${be.url}/fares" format="soap11"/></endpoint>
         <inSequence><log><property name="JSON-Request" expression="json-eval($)"/></log>
           <xslt key="toFares"/><header name="Action" scope="default" value="urn:askFare"/>
           <enrich><source xmlns:t="urn:example:fares" clone="true" xpath="//t:askFare"/><target type="body"/></enrich>
           <property name="messageType" value="text/xml" scope="axis2"/></inSequence>
         <outSequence><property name="messageType" value="application/json" scope="axis2" type="STRING"/><send/></outSequence>`,
      ),
      // Sample 441: E4X script both ways
      'ScriptFares.xml': p(
        'ScriptFares',
        `<endpoint><address uri="${be.url}/fares-js" format="soap11"/></endpoint>
         <inSequence><script language="js"><![CDATA[
           var code = mc.getPayloadJSON().code.toString();
           mc.setPayloadXML(<t:askFare xmlns:t="urn:example:fares"><t:route><t:code>{code}</t:code></t:route></t:askFare>);
         ]]></script><header name="Action" value="urn:askFare"/></inSequence>
         <outSequence><script language="js"><![CDATA[
           var code = mc.getPayloadXML()..*::code.toString();
           var fare = parseFloat(mc.getPayloadXML()..*::fare);
           mc.setPayloadJSON({"Fare": {"Code": code, "Amount": fare, "Peak": parseFloat(mc.getPayloadXML()..*::peak)}, "Status": (fare >= 100 ? "HIGH" : "LOW")});
         ]]></script><property name="messageType" scope="axis2" value="application/json"/><send/></outSequence>`,
      ),
      // Sample 18: foreach (v1) rewrites each matched element in place
      'EachFares.xml': p(
        'EachFares',
        `<inSequence><foreach expression="//t:batch/t:route" xmlns:t="urn:example:fares"><sequence>
           <payloadFactory media-type="xml"><format><t:priced><t:code>$1</t:code></t:priced></format>
           <args><arg evaluator="xml" expression="//t:route/t:code"/></args></payloadFactory></sequence></foreach>
         <log level="full"/></inSequence><outSequence/>`,
      ),
      // Sample 400: iterate with preservePayload/attachPath, aggregate in the out sequence
      'SplitFares.xml': p(
        'SplitFares',
        `<inSequence><iterate xmlns:t="urn:example:fares" expression="//t:batch/t:route" preservePayload="true" attachPath="//t:batch">
           <target><sequence><send><endpoint><address uri="${be.url}/fares-split"/></endpoint></send></sequence></target></iterate></inSequence>
         <outSequence><aggregate><onComplete xmlns:t="urn:example:fares" expression="//t:fareAnswer"><send/></onComplete></aggregate></outSequence>`,
      ),
      // Sample 656: the builder mediator before a relay
      'BuiltRelay.xml': p(
        'BuiltRelay',
        `<inSequence><builder>
           <messageBuilder contentType="application/xml" class="org.apache.axis2.builder.ApplicationXMLBuilder" formatterClass="org.apache.axis2.transport.http.ApplicationXMLFormatter"/>
           <messageBuilder contentType="text/xml" class="org.apache.axis2.format.PlainTextBuilder" formatterClass="org.apache.axis2.format.PlainTextFormatter"/>
           <messageBuilder contentType="application/soap+xml" class="org.apache.axis2.builder.SOAPBuilder"/></builder>
           <log level="full"/><send><endpoint name="relayEp"><address uri="${be.url}/fares-relay"/></endpoint></send></inSequence>
         <outSequence><builder><messageBuilder contentType="text/xml" class="org.apache.axis2.format.PlainTextBuilder" formatterClass="org.apache.axis2.format.PlainTextFormatter"/></builder>
           <log level="full"/><send/></outSequence>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const batch = (...codes: string[]) =>
    `<s:Envelope xmlns:s="${SOAP11}" xmlns:t="urn:example:fares"><s:Body><t:batch>${codes
      .map((c) => `<t:route><t:code>${c}</t:code></t:route>`)
      .join('')}</t:batch></s:Body></s:Envelope>`;

  it('JSON request -> XSLT 2.0 local entry -> enrich -> SOAP 1.1 back end -> JSON answer (MI JSONToSOAPConversionUsingSample440TestCase, Sample440TestCase)', async () => {
    const r = await send(`${t.base}/services/JsonFares`, {
      body: JSON.stringify({ askFare: { route: { code: 'LHR' } } }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(r.json(), { fareAnswer: { result: { code: 'LHR', fare: 120.5, peak: 130.25 } } });
    const sent = be.requests.find((q) => q.url === '/fares');
    assert.ok(sent);
    assert.match(String(sent.headers['content-type']), /^text\/xml/);
    assert.equal(sent.headers.soapaction, '"urn:askFare"');
    assert.match(
      sent.body,
      /<askFare xmlns="urn:example:fares">\s*<route>\s*<code>LHR<\/code>\s*<\/route>\s*<\/askFare>/,
    );
    assert.ok(t.logs.some((l) => l.message.includes('JSON-Request = {"askFare":{"route":{"code":"LHR"}}}')));
  });

  it('E4X scripts turn JSON into SOAP and the answer into JSON (MI Sample441TestCase)', async () => {
    const r = await send(`${t.base}/services/ScriptFares`, {
      body: JSON.stringify({ code: 'CDG', id: 'FareQuote' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { Fare: { Code: 'CDG', Amount: 120.5, Peak: 130.25 }, Status: 'HIGH' });
  });

  it('foreach rewrites each matched element, the prefix declared once above (MI Sample18TestCase)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/services/EachFares`, {
      body: batch('AMS', 'FRA', 'MAD'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:each' },
    });
    assert.equal(r.status, 202);
    const logged = t.logs.slice(n).find((l) => l.message.includes('<t:batch>'))?.message ?? '';
    assert.ok(
      logged.includes(
        '<t:batch><t:priced><t:code>AMS</t:code></t:priced><t:priced><t:code>FRA</t:code></t:priced><t:priced><t:code>MAD</t:code></t:priced></t:batch>',
      ),
      logged,
    );
  });

  it('iterate keeps the payload around each part; the out sequence aggregates the answers (MI Sample400TestCase)', async () => {
    const r = await send(`${t.base}/services/SplitFares`, {
      body: batch('OSL', 'HEL', 'CPH', 'RIX'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:split' },
    });
    assert.equal(r.status, 200, r.text);
    const split = be.requests.filter((q) => q.url === '/fares-split');
    assert.equal(split.length, 4);
    for (const q of split)
      assert.match(q.body, /<t:batch><t:route><t:code>[A-Z]{3}<\/t:code><\/t:route><\/t:batch>/);
    assert.equal([...r.text.matchAll(/<t:fareAnswer /g)].length, 4, r.text);
  });

  it('the builder mediator before and after a relay (MI Sample656TestCase, Sample655TestCase)', async () => {
    const r = await send(`${t.base}/services/BuiltRelay`, {
      body: batch('VIE'),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:relay' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<t:code>VIE<\/t:code>/);
    assert.match(
      be.requests.find((q) => q.url === '/fares-relay')?.body ?? '',
      /<t:route><t:code>VIE<\/t:code><\/t:route>/,
    );
  });
});
