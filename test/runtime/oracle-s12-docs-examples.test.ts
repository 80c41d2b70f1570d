/**
 * MI 4.4 documentation examples (learn/examples/**), request by request (H1, session 12): our own artifacts, names and
 * payloads with the behaviour each page shows; back ends on 127.0.0.1 stand in for the sample services. Where a page
 * and MI's sources disagree the sources win (named in the case).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NS,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';
import { until } from '../support';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

function proxy(name: string, inSequence: string): string {
  return `<proxy ${NS} name="${name}" transports="http https" startOnLoad="true"><target><inSequence>${inSequence}</inSequence></target></proxy>`;
}

describe('oracle (MI documentation examples, s12)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // a SOAP 1.1 quote service: answers any request with a quote whose return element carries an xsi:type
    be = await startBackend((req, res) => {
      const sym = /<(?:\w+:)?code>([^<]*)</.exec(req.body)?.[1] ?? '?';
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body>` +
          `<ns:priceResponse xmlns:ns="urn:example:prices"><ns:return xmlns:ax="urn:example:prices/xsd" ` +
          `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="ax:Price"><ax:code>${sym}</ax:code>` +
          `<ax:amount>41.50</ax:amount><ax:stamp>Mon Mar 02 10:00:00 UTC 2026</ax:stamp></ns:return></ns:priceResponse>` +
          `</soapenv:Body></soapenv:Envelope>`,
      );
    });
    t = await startRuntime({
      // message-transformation-examples/json-to-soap-conversion (XSLT): xsl:element with a namespace attribute
      'ToPricesNs.xml': `<localEntry ${NS} key="toPricesNs"><xsl:stylesheet version="2.0" exclude-result-prefixes="p"
          xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:p="urn:example:prices">
          <xsl:output method="xml" omit-xml-declaration="yes"/>
          <xsl:template match="*"><xsl:element name="{local-name()}" namespace="urn:example:prices">
            <xsl:copy-of select="attribute::*"/><xsl:apply-templates/></xsl:element></xsl:template></xsl:stylesheet></localEntry>`,
      'PriceEp.xml': `<endpoint ${NS} name="PriceEp"><address format="soap11" uri="${be.url}/services/Prices"/></endpoint>`,
      'PriceJson.xml': `<api ${NS} name="PriceJson" context="/price-json"><resource methods="POST"><inSequence>
          <xslt key="toPricesNs"/>
          <header name="Action" value="urn:price"/>
          <enrich><source clone="true" type="custom" xpath="//p:price" xmlns:p="urn:example:prices"/><target type="body"/></enrich>
          <call><endpoint key="PriceEp"/></call>
          <property name="messageType" value="application/json" scope="axis2"/>
          <respond/></inSequence></resource></api>`,
      // xsl:element name="q:..." without a namespace attribute: the stylesheet's declaration of q
      'Prefixed.xml': `<localEntry ${NS} key="prefixed"><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
          xmlns:q="urn:example:q"><xsl:template match="/*"><xsl:element name="q:{local-name()}"><xsl:value-of select="."/></xsl:element></xsl:template></xsl:stylesheet></localEntry>`,
      'PrefixedApi.xml': `<api ${NS} name="PrefixedApi" context="/prefixed"><resource methods="POST"><inSequence>
          <xslt key="prefixed"/><log level="custom"><property name="ns" expression="namespace-uri($body/*)"/></log><respond/></inSequence></resource></api>`,
      // inbound-endpoint-examples/file-inbound-endpoint (log level full of a built SOAP message), answered back
      'LogFull.xml': proxy('LogFull', `<log level="full"/><respond/>`),
      // a SOAP header with content is written; one the mediation only reads is passed through as received
      'PassOn.xml': proxy('PassOn', `<property name="seen" value="yes"/><respond/>`),
      // routing-examples/splitting-aggregating-messages, file-processing/vfs-transport-examples: the header mediator's
      // Action is the SOAP action of a call through an endpoint without a format
      'ActionOut.xml': proxy(
        'ActionOut',
        `<header name="Action" value="urn:price"/><call><endpoint><address uri="${be.url}/services/Prices"/></endpoint></call><respond/>`,
      ),
      'ActionKeep.xml': proxy(
        'ActionKeep',
        `<property name="SOAPAction" value="urn:set-by-property" scope="transport"/><call><endpoint><address uri="${be.url}/services/Prices"/></endpoint></call><respond/>`,
      ),
      'ActionPox.xml': proxy(
        'ActionPox',
        `<header name="Action" value="urn:price"/><property name="messageType" value="application/xml" scope="axis2"/><call><endpoint><address uri="${be.url}/services/Prices"/></endpoint></call><respond/>`,
      ),
      // integration-tutorials/storing-and-forwarding-messages: an API stores, a sampling processor's sequence logs
      'ParkStore.xml': `<messageStore ${NS} name="ParkStore"/>`,
      'ParkSampler.xml': `<messageProcessor ${NS} class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" name="ParkSampler" messageStore="ParkStore"><parameter name="interval">50</parameter><parameter name="sequence">ParkLog</parameter><parameter name="is.active">true</parameter></messageProcessor>`,
      'ParkLog.xml': `<sequence ${NS} name="ParkLog"><log level="custom"><property name="parked" expression="json-eval($.slot)"/></log><drop/></sequence>`,
      'Park.xml': `<api ${NS} name="ParkApi" context="/park"><resource methods="POST"><inSequence><store messageStore="ParkStore"/><respond/></inSequence></resource></api>`,
      // integration-tutorials/using-scheduled-tasks: a task injects into a sequence that logs
      'TownSeq.xml': `<sequence ${NS} name="TownSeq"><log level="simple"><property name="Town" expression="//town"/></log><drop/></sequence>`,
      'TownTask.xml': `<task ${NS} class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz" name="TownTask"><trigger count="1" interval="1"/>
          <property name="message"><visit xmlns=""><place><town>Ghent</town></place></visit></property>
          <property name="injectTo" value="sequence"/><property name="sequenceName" value="TownSeq"/></task>`,
      // rest-api-examples/securing-rest-apis: the API engages MI's basic-auth handler
      'Vault.xml': `<api ${NS} name="Vault" context="/vault"><resource methods="GET" uri-template="/item/{id}"><inSequence>
          <payloadFactory media-type="json"><format>{"item":"$1"}</format><args><arg evaluator="xml" expression="$ctx:uri.var.id"/></args></payloadFactory>
          <respond/></inSequence><faultSequence/></resource>
          <handlers><handler class="org.wso2.micro.integrator.security.handler.RESTBasicAuthHandler"></handler></handlers></api>`,
      // integration-tutorials/using-templates log line: MessageID urn:uuid:<id>, correlation_id <id>
      'Corr.xml': `<api ${NS} name="Corr" context="/corr"><resource methods="POST"><inSequence><log/><respond/></inSequence></resource></api>`,
      'CorrOut.xml': `<api ${NS} name="CorrOut" context="/corr-out"><resource methods="POST"><inSequence><send><endpoint><address uri="${be.url}/services/Prices"/></endpoint></send></inSequence><outSequence><send/></outSequence></resource></api>`,
      // message-transformation-examples/pox-to-json-conversion: messageType application/json and respond
      'PoxToJson.xml': proxy(
        'PoxToJson',
        `<property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('xsl:element namespace="…" puts the element in that namespace (json-to-soap via XSLT and enrich)', async () => {
    const r = await send(`${t.base}/price-json`, {
      body: '{"price":{"request":{"code":"KX"}}}',
      type: 'application/json',
    });
    // the enrich found //p:price, so the SOAP back end got the request in its namespace
    const sent = be.requests.at(-1)!;
    assert.match(
      sent.body,
      /<soapenv:Body><price xmlns="urn:example:prices">\s*<request>\s*<code>KX<\/code>/,
    );
    assert.equal(sent.headers.soapaction, '"urn:price"');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.deepEqual(r.json(), {
      priceResponse: {
        return: { '@type': 'ax:Price', code: 'KX', amount: 41.5, stamp: 'Mon Mar 02 10:00:00 UTC 2026' },
      },
    });
    assert.match(r.text, /"amount":41\.50/);
    assert.ok(!t.logs.some((l) => l.level === 'ERROR'), 'no enrich error');
  });

  it("xsl:element with a prefixed name and no namespace attribute takes the stylesheet's declaration", async () => {
    const r = await send(`${t.base}/prefixed`, { body: '<item>v</item>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<q:item xmlns:q="urn:example:q">v</q:item>');
    assert.ok(t.logs.some((l) => l.message.endsWith('ns = urn:example:q')));
  });

  it('a SOAP envelope posted as application/xml is a plain XML document in the body (ApplicationXMLBuilder)', async () => {
    const env = `<soapenv:Envelope xmlns:soapenv="${SOAP11}">\n  <soapenv:Header/>\n  <soapenv:Body>\n    <Pads><Pad><Name>North</Name><Tries>7</Tries><Lat>28.6080585</Lat></Pad></Pads>\n  </soapenv:Body>\n</soapenv:Envelope>`;
    const pox = await send(`${t.base}/services/PoxToJson`, { body: env, type: 'application/xml' });
    assert.equal(pox.status, 200);
    assert.equal(pox.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(
      pox.text,
      '{"Envelope":{"Header":null,"Body":{"Pads":{"Pad":{"Name":"North","Tries":7,"Lat":28.6080585}}}}}',
    );
    // text/xml goes to the SOAPBuilder: the body's first element is written
    const soap = await send(`${t.base}/services/PoxToJson`, {
      body: env,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:any' },
    });
    assert.equal(soap.text, '{"Pads":{"Pad":{"Name":"North","Tries":7,"Lat":28.6080585}}}');
  });

  it('a built SOAP envelope is written as Axiom writes it: Header only when it has content, Body, nothing between', async () => {
    const pretty = `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:w="urn:example:w">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <w:ping><w:n>3</w:n></w:ping>\n   </soapenv:Body>\n</soapenv:Envelope>\n`;
    const body = `<soapenv:Body>\n      <w:ping><w:n>3</w:n></w:ping>\n   </soapenv:Body>`;
    const r = await send(`${t.base}/services/LogFull`, {
      body: pretty,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:ping' },
    });
    assert.equal(r.status, 200);
    const env = `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:w="urn:example:w">${body}</soapenv:Envelope>`;
    // the answer: the full log read the envelope no further than its Body, so the formatter's serializeAndConsume
    // writes it as parsed (SOAPEnvelopeImpl.internalSerialize: serializeByPullStream), the trailing newline after
    // the envelope aside; the log line (toString: serialize with caching) is the built form (session 17 A1 oracle)
    assert.equal(
      r.text,
      `<?xml version='1.0' encoding='UTF-8'?>${pretty.slice(pretty.indexOf('<soapenv:Envelope'), -1)}`,
    );
    const line = t.logs.find((l) => l.artifact === 'proxy:LogFull' && l.category === 'LogMediator')!;
    assert.ok(line.message.endsWith(`Envelope: <?xml version='1.0' encoding='utf-8'?>${env}`), line.message);
    // a header with a child: written in the log line, and in the answer as parsed
    const withHeader = pretty.replace('<soapenv:Header/>', '<soapenv:Header><w:id>7</w:id></soapenv:Header>');
    const h = await send(`${t.base}/services/LogFull`, {
      body: withHeader,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:ping' },
    });
    assert.equal(
      h.text,
      `<?xml version='1.0' encoding='UTF-8'?>${withHeader.slice(withHeader.indexOf('<soapenv:Envelope'), -1)}`,
    );
    // a message never built goes back as it came
    const raw = await send(`${t.base}/services/PassOn`, {
      body: pretty,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:ping' },
    });
    assert.equal(raw.text, pretty);
  });

  it("the message's SOAP action (the client's, or the header mediator's Action) is the SOAPAction of a call, as the message's formatter writes it (TargetRequest)", async () => {
    const env = `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><price xmlns="urn:example:prices"><code>Q1</code></price></soapenv:Body></soapenv:Envelope>`;
    const soap = await send(`${t.base}/services/ActionOut`, {
      body: env,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:from-client"' },
    });
    assert.equal(soap.status, 200);
    assert.equal(be.requests.at(-1)!.headers.soapaction, '"urn:price"');
    // the action the client sent is the message's action: written quoted by the SOAP formatter, whatever a
    // SOAPAction transport header says by then
    await send(`${t.base}/services/ActionKeep`, {
      body: env,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:from-client' },
    });
    assert.equal(be.requests.at(-1)!.headers.soapaction, '"urn:from-client"');
    // without one, the transport header goes as it is
    await send(`${t.base}/services/ActionKeep`, { body: env, type: 'text/xml; charset=UTF-8' });
    assert.equal(be.requests.at(-1)!.headers.soapaction, 'urn:set-by-property');
    // the XML formatter writes the action as it is
    await send(`${t.base}/services/ActionPox`, { body: env, type: 'text/xml; charset=UTF-8' });
    const pox = be.requests.at(-1)!;
    assert.match(pox.headers['content-type'] ?? '', /^application\/xml/);
    assert.equal(pox.headers.soapaction, 'urn:price');
  });

  it("a processor's log lines name the API the stored message came through (ARTIFACT_NAME stays with the message)", async () => {
    const r = await send(`${t.base}/park`, { body: '{"slot":"B7"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{"slot":"B7"}');
    await until("the processor's line", () => t.logs.some((l) => l.message === 'parked = B7'));
    const line = t.logs.find((l) => l.message === 'parked = B7');
    assert.equal(line?.artifact, 'api:ParkApi');
  });

  it("a task's sequence and the main sequence log without an {artifact}: only APIs, proxies and inbound endpoints set one", async () => {
    await until("the task's line", () => t.logs.some((l) => l.message.endsWith('Town = Ghent')));
    const task = t.logs.find((l) => l.message.endsWith('Town = Ghent'));
    assert.ok(task, 'the task ran');
    // no {artifact}, and no correlation_id: a task's message has no CORRELATION_ID (MessageInjector)
    assert.match(
      task.line,
      /INFO \{LogMediator\} - To: , MessageID: urn:uuid:[0-9a-f-]+, Direction: request, Town = Ghent$/,
    );
    await send(`${t.base}/no-such-context/x`);
    const main = t.logs.find(
      (l) => l.category === 'LogMediator' && l.message.includes('/no-such-context/x'),
    )!;
    assert.equal(main.artifact || undefined, undefined);
  });

  it("RESTBasicAuthHandler: 401 without credentials, 403 with wrong ones, the resource with the user store's admin", async () => {
    const none = await send(`${t.base}/vault/item/7`, { headers: { 'X-Trace': 'on' } });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Basic realm="WSO2 EI"');
    assert.equal(none.headers.get('x-trace'), null);
    assert.equal(none.text, '');
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' && l.message === 'Authentication failed. Authorization header does not exist.',
      ),
    );
    const basic = (s: string) => ({ Authorization: `Basic ${Buffer.from(s).toString('base64')}` });
    const wrong = await send(`${t.base}/vault/item/7`, { headers: basic('admin:nope') });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers.get('www-authenticate'), null);
    assert.equal(wrong.text, '');
    const ok = await send(`${t.base}/vault/item/7`, { headers: basic('admin:admin') });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { item: '7' });
    // the handler runs before a resource is chosen
    assert.equal((await send(`${t.base}/vault/none`)).status, 401);
  });

  it("inbound-endpoint-with-registry: a parameter given by key takes the registry resource's text; a missing one fails the endpoint", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h1-inreg-'));
    const inbound = (name: string, key: string) =>
      `<inboundEndpoint ${NS} name="${name}" sequence="Seen" onError="fault" protocol="file" suspend="false"><parameters>
        <parameter name="interval">50</parameter><parameter name="transport.vfs.FileURI" key="${key}"/>
        <parameter name="transport.vfs.FileNamePattern">.*\\.txt</parameter><parameter name="transport.vfs.ContentType">text/plain</parameter>
        <parameter name="transport.vfs.ActionAfterProcess">DELETE</parameter></parameters></inboundEndpoint>`;
    const p = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>Reg</artifactId><version>1.0.0</version></project>',
        'src/main/wso2mi/resources/registry/gov/dirs/in.txt': `file://${dir}`,
        'src/main/wso2mi/artifacts/inbound-endpoints/Watch.xml': inbound('Watch', 'gov:/dirs/in.txt'),
        'src/main/wso2mi/artifacts/inbound-endpoints/Lost.xml': inbound('Lost', 'gov:/dirs/none.txt'),
        'src/main/wso2mi/artifacts/sequences/Seen.xml': `<sequence ${NS} name="Seen"><log level="custom"><property name="seen" expression="$body/*"/></log></sequence>`,
      },
      'h1-inreg',
    );
    try {
      writeFileSync(join(dir, 'note.txt'), 'ping');
      // (the file is deleted after its message is mediated: wait for both)
      await until(
        'the file mediated and deleted',
        () => p.logs.some((l) => l.message === 'seen = ping') && readdirSync(dir).length === 0,
      );
      const line = p.logs.find((l) => l.message === 'seen = ping');
      assert.equal(line?.artifact, 'inbound:Watch');
      assert.deepEqual(readdirSync(dir), []);
      assert.ok(
        p.logs.some(
          (l) =>
            l.level === 'ERROR' &&
            l.message ===
              'Error while deploying inbound endpoint Lost.Registry entry defined with key: gov:/dirs/none.txt not found.',
        ),
      );
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the HTTP transport adds activityid (the correlation id, also the MessageID) to a request without one (SourceHandler.setCorrelationId)', async () => {
    const r = await send(`${t.base}/corr`, { body: '<a/>', type: 'application/xml' });
    const id = r.headers.get('activityid');
    assert.match(id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(
      t.logs.some(
        (l) =>
          l.artifact === 'api:Corr' &&
          l.message.includes(`MessageID: urn:uuid:${id}, correlation_id: ${id},`),
      ),
    );
    // a client's activityid is the correlation id; the message id is another one
    const own = await send(`${t.base}/corr`, {
      body: '<a/>',
      type: 'application/xml',
      headers: { activityid: 'trace-42' },
    });
    assert.equal(own.headers.get('activityid'), 'trace-42');
    const line = t.logs.filter((l) => l.artifact === 'api:Corr').at(-1)!;
    assert.match(line.message, /MessageID: urn:uuid:[0-9a-f-]+, correlation_id: trace-42,/);
    assert.ok(!line.message.includes('urn:uuid:trace-42'));
    // a response coming back through the API (send and the out-sequence) gets it from API.process
    const viaOut = await send(`${t.base}/corr-out`, {
      body: '<a/>',
      type: 'application/xml',
      headers: { activityid: 'trace-43' },
    });
    assert.equal(viaOut.headers.get('activityid'), 'trace-43');
    assert.equal(be.requests.at(-1)!.headers.activityid, 'trace-43');
  });
});
