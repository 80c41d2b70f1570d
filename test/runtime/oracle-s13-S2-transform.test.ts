/**
 * Oracle sweep (session 13, S2): MI's payloadFactory and fastXSLT integration tests (mediator/test/payload/factory,
 * mediator/test/fastXslt). Our own project, names and values; the MI test class each case mirrors is named in its
 * title.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { send, startBackend, startProjectRuntime, type Backend, type TestRuntime } from './helpers';

const NSX = 'xmlns="http://ws.apache.org/ns/synapse"';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const A = 'src/main/wso2mi/artifacts';
const REG = 'src/main/wso2mi/resources/registry';

const envelope = (body: string) => `<e:Envelope xmlns:e="${S11}"><e:Body>${body}</e:Body></e:Envelope>`;
const stylesheet = (key: string, body: string) =>
  `<localEntry ${NSX} key="${key}"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">${body}</xsl:stylesheet></localEntry>`;

describe('oracle (MI integration tests, s13 S2): payloadFactory and fastXSLT', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // answers <n:ask><n:ticker>X</n:ticker></n:ask> with <r:quote><r:sym>X</r:sym><r:last>12.5</r:last></r:quote>
    be = await startBackend((req, res) => {
      const sym = /<n:ticker>([^<]*)/.exec(req.body)?.[1] ?? '';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(envelope(`<r:quote xmlns:r="urn:r"><r:sym>${sym}</r:sym><r:last>12.5</r:last></r:quote>`));
    });
    const send_ = `<send><endpoint><address uri="${be.url}/quotes"/></endpoint></send>`;
    t = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>Transforms</artifactId><version>1.0.0</version></project>',
        // PayloadFactoryWithDynamicKeyTestCase: a format from a registry resource, another from a local entry
        // whose <description/> is not part of it
        [`${REG}/conf/formats/ask.xml`]: `<n:ask xmlns:n="urn:n">\n    <n:ticker>ACME</n:ticker>\n</n:ask>`,
        [`${A}/local-entries/answer.xml`]: `<localEntry ${NSX} key="answer-format">
  <a:priceAnswer xmlns:a="urn:a">
    <a:code>$1</a:code>
    <a:price>$2</a:price>
  </a:priceAnswer>
  <description/>
</localEntry>`,
        [`${A}/proxy-services/KeyedFormats.xml`]: `<proxy ${NSX} name="KeyedFormats" transports="http"><target>
  <inSequence><payloadFactory><format key="conf:/formats/ask.xml"/></payloadFactory>${send_}</inSequence>
  <outSequence><payloadFactory><format key="answer-format"/><args><arg xmlns:r="urn:r" expression="//r:sym"/><arg xmlns:r="urn:r" expression="//r:last"/></args></payloadFactory><send/></outSequence>
</target></proxy>`,
        // PayloadMediaTypeJsonXmlDefaultTestCase: a request whose Content-Type header is empty
        [`${A}/proxy-services/NoType.xml`]: `<proxy ${NSX} name="NoType" transports="http"><target><inSequence>
  <header name="To" action="remove"/><property name="RESPONSE" value="true"/>
  <payloadFactory media-type="json"><format>{"code": "$1", "qty": "$2"}</format>
    <args><arg evaluator="xml" expression="//order/code"/><arg evaluator="xml" expression="//order/qty"/></args></payloadFactory>
  <property name="messageType" value="application/json" scope="axis2"/><send/>
</inSequence></target></proxy>`,
        // DynamicKeyFastXsltTransformationTestCase: the stylesheet's key is a property of a registry resource
        [`${A}/local-entries/toQuotes.xml`]: stylesheet(
          'to-quotes.xslt',
          `<xsl:template match="*[local-name()='priceCheck']"><n:ask xmlns:n="urn:n"><n:ticker><xsl:value-of select="*[local-name()='code']"/></n:ticker></n:ask></xsl:template>`,
        ),
        [`${A}/local-entries/fromQuotes.xml`]: stylesheet(
          'from-quotes.xslt',
          `<xsl:template match="*[local-name()='quote']"><a:priceAnswer xmlns:a="urn:a"><a:code><xsl:value-of select="*[local-name()='sym']"/></a:code></a:priceAnswer></xsl:template>`,
        ),
        [`${REG}/conf/sheets/request.txt.properties`]: 'sheetName=to-quotes.xslt\n',
        [`${REG}/conf/sheets/response.txt.properties`]: 'sheetName=from-quotes.xslt\n',
        [`${A}/proxy-services/DynamicSheets.xml`]: `<proxy ${NSX} name="DynamicSheets" transports="http"><target>
  <inSequence><fastXSLT key="{get-property('registry','conf:sheets/request.txt/@sheetName')}"/>${send_}</inSequence>
  <outSequence><fastXSLT key="{get-property('registry','conf:sheets/response.txt/@sheetName')}"/><send/></outSequence>
</target></proxy>`,
        // CallTemplateIntegrationSample750FastXSLTTestCase: a template's parameter names the stylesheet
        [`${A}/templates/transformWith.xml`]: `<template ${NSX} name="transformWith"><parameter name="sheet"/><sequence><xslt key="{$func:sheet}"/></sequence></template>`,
        [`${A}/proxy-services/TemplatedSheets.xml`]: `<proxy ${NSX} name="TemplatedSheets" transports="http"><target>
  <inSequence><call-template target="transformWith"><with-param name="sheet" value="to-quotes.xslt"/></call-template>${send_}</inSequence>
  <outSequence><call-template target="transformWith"><with-param name="sheet" value="from-quotes.xslt"/></call-template><send/></outSequence>
</target></proxy>`,
      },
      's13-s2-transform',
    );
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const post = (proxy: string, body: string) =>
    send(`${t.base}/services/${proxy}`, { body, type: 'text/xml', headers: { SOAPAction: 'urn:check' } });

  it('payloadFactory formats from a registry resource and from a local entry with a description (MI PayloadFactoryWithDynamicKeyTestCase)', async () => {
    const before = be.requests.length;
    const r = await post('KeyedFormats', envelope('<anything/>'));
    assert.equal(r.status, 200);
    assert.match(
      be.requests[before]!.body,
      /<e:Body><n:ask xmlns:n="urn:n"><n:ticker>ACME<\/n:ticker><\/n:ask><\/e:Body>/,
    );
    assert.match(
      r.text,
      /<e:Body><a:priceAnswer xmlns:a="urn:a"><a:code>ACME<\/a:code><a:price>12.5<\/a:price><\/a:priceAnswer><\/e:Body>/,
    );
  });

  it("fastXSLT with a key read from a registry resource's property, and xslt with a key from a template parameter (MI DynamicKeyFastXsltTransformationTestCase, CallTemplateIntegrationSample750FastXSLTTestCase)", async () => {
    for (const proxy of ['DynamicSheets', 'TemplatedSheets']) {
      const before = be.requests.length;
      const r = await post(
        proxy,
        envelope('<c:priceCheck xmlns:c="urn:c"><c:code>QX</c:code></c:priceCheck>'),
      );
      assert.equal(r.status, 200, proxy);
      assert.match(be.requests[before]!.body, /<n:ticker>QX<\/n:ticker>/, proxy);
      assert.match(
        r.text,
        /<e:Body><a:priceAnswer xmlns:a="urn:a"><a:code>QX<\/a:code><\/a:priceAnswer><\/e:Body>/,
        proxy,
      );
    }
  });

  it('a POST whose Content-Type header is empty is read as XML (a REST message no builder takes: the POX builder), one without the header as bytes (MI PayloadMediaTypeJsonXmlDefaultTestCase)', async () => {
    const post = (type: string | undefined) =>
      new Promise<string>((resolve, reject) => {
        const body = '<order><code>K9</code><qty>3</qty></order>';
        const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body)) };
        if (type !== undefined) headers['content-type'] = type;
        const u = new URL(`${t.base}/services/NoType`);
        const req = request(
          { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // ServerWorker.isRest("") and DeferredMessageBuilder: no builder for "", a REST message: the POX builder
    assert.equal(await post(''), '{"code": "K9", "qty": "3"}');
    // no header: handleRESTUrlPost takes it as application/octet-stream (the binary builder)
    assert.equal(await post(undefined), '{"code": "", "qty": ""}');
  });
});
