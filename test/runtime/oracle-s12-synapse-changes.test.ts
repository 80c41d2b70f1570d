/**
 * Session 12 (H8): behaviours Synapse changed after December 2024 (the newest MI), checked on our runtime with our
 * own fixtures. Each case names the Synapse commit and the code it follows.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync } from 'node:zlib';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S12 (H8): Synapse changes since December 2024', () => {
  let t: TestRuntime;
  let be: Backend;
  let raw: Server;
  const rawSeen: { type: string | undefined; bytes: Buffer }[] = [];
  before(async () => {
    raw = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        rawSeen.push({ type: req.headers['content-type'], bytes: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', () => r()));
    const rawPort = (raw.address() as AddressInfo).port;
    be = await startBackend((req, res) => {
      if (req.url === '/stock') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<stock><qty>3</qty></stock>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end(brotliCompressSync(Buffer.from('{"lane":"north","bay":14}')));
    });
    t = await startRuntime(
      {
        'Docks.xml': `<api ${NS} name="Docks" context="/docks">
        <resource methods="POST" uri-template="/in"><inSequence>
          <payloadFactory media-type="text"><format>[\${payload.ship}]</format><args/></payloadFactory>
          <property name="Content-Encoding" scope="transport" action="remove"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/out"><inSequence>
          <call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/bay"/></endpoint></call>
          <payloadFactory media-type="text"><format>[\${payload.lane}-\${payload.bay}]</format><args/></payloadFactory>
          <property name="Content-Encoding" scope="transport" action="remove"/><respond/></inSequence></resource>
      </api>`,
        'Parcels.xml': `<api ${NS} name="Parcels" context="/parcels">
        <resource methods="GET" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>get</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="POST OPTIONS" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>post-or-options</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="OPTIONS" uri-template="/box/{id}"><inSequence>
          <payloadFactory media-type="text"><format>options-only</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="GET" url-mapping="/crate"><inSequence>
          <payloadFactory media-type="text"><format>crate-get</format><args/></payloadFactory><respond/></inSequence></resource>
        <resource methods="OPTIONS" url-mapping="/crate"><inSequence>
          <payloadFactory media-type="text"><format>crate-options</format><args/></payloadFactory><respond/></inSequence></resource>
      </api>`,
        'Depots.xml': `<api ${NS} name="Depots" context="/depots">
        <resource methods="GET" uri-template="/{into}" faultSequence="DepotFault"><inSequence>
          <filter xpath="\$ctx:uri.var.into = 'var'"><then>
            <scatter-gather parallel-execution="false" target="variable" target-variable="stocks" result-content-type="JSON">
              <aggregation expression="\${payload}"/>
              <sequence><call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/stock"/></endpoint></call></sequence>
              <sequence><call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/stock"/></endpoint></call></sequence>
            </scatter-gather>
            <payloadFactory media-type="text"><format>kept</format><args/></payloadFactory></then>
          <else>
            <scatter-gather parallel-execution="false" target="body" result-content-type="JSON">
              <aggregation expression="\${payload}"/>
              <sequence><call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/stock"/></endpoint></call></sequence>
            </scatter-gather></else></filter>
          <respond/></inSequence></resource>
      </api>`,
        'DepotFault.xml': `<sequence ${NS} name="DepotFault">
        <payloadFactory media-type="text"><format>fault: \${props.synapse.ERROR_MESSAGE}</format><args/></payloadFactory><respond/></sequence>`,
        'Gates.xml': `<api ${NS} name="Gates" context="/gates"><resource methods="GET"><inSequence>
        <throttle id="h8gate"><policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle">
          <throttle:MediatorThrottleAssertion><wsp:All><throttle:ID throttle:type="IP">other</throttle:ID><wsp:ExactlyOne><wsp:All>
          <throttle:MaximumCount>$SYSTEM:H8_GATE_COUNT</throttle:MaximumCount><throttle:UnitTime>\${configs.gateWindow}</throttle:UnitTime></wsp:All>
          <throttle:IsAllowed>true</throttle:IsAllowed></wsp:ExactlyOne></wsp:All></throttle:MediatorThrottleAssertion></wsp:Policy></policy>
          <onAccept><payloadFactory media-type="text"><format>open</format><args/></payloadFactory><respond/></onAccept>
          <onReject><payloadFactory media-type="text"><format>shut</format><args/></payloadFactory><respond/></onReject></throttle>
        </inSequence></resource></api>`,
        'Bakery.xml': `<api ${NS} name="Bakery" context="/bakery">
        <resource methods="POST" uri-template="/edited"><inSequence>
          <enrich><source type="inline" clone="true"><tray xmlns="">7</tray></source><target type="body" action="child"/></enrich>
          <call><endpoint><http method="post" uri-template="http://127.0.0.1:${rawPort}/oven"/></endpoint></call>
          <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/as-json"><inSequence>
          <property name="messageType" scope="axis2" value="application/json; charset=ISO-8859-1"/>
          <respond/></inSequence></resource>
        <resource methods="POST" uri-template="/blocking"><inSequence>
          <call blocking="true"><endpoint><http method="post" uri-template="http://127.0.0.1:${rawPort}/oven"/></endpoint></call>
          <respond/></inSequence></resource>
      </api>`,
      },
      { env: { H8_GATE_COUNT: '2' }, configs: { gateWindow: '60000' } },
    );
  });
  after(async () => {
    await t?.close();
    await be?.close();
    raw?.close();
  });

  it('an OPTIONS request goes to a resource whose only method is OPTIONS first (ApiUtils.getAcceptableResources, a84dfd68c)', async () => {
    const r = await send(`${t.base}/parcels/box/7`, { method: 'OPTIONS' });
    assert.equal(r.text, 'options-only');
    const c = await send(`${t.base}/parcels/crate`, { method: 'OPTIONS' });
    assert.equal(c.text, 'crate-options');
    // other methods dispatch as before
    assert.equal((await send(`${t.base}/parcels/box/7`)).text, 'get');
    assert.equal(
      (await send(`${t.base}/parcels/box/7`, { method: 'POST', body: 'x' })).text,
      'post-or-options',
    );
  });

  it('a body with Content-Encoding br is read through Brotli (DeferredMessageBuilder.handleContentEncoding, f4679c5f0)', async () => {
    const req = await fetch(`${t.base}/docks/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      body: brotliCompressSync(Buffer.from('{"ship":"Aurora"}')),
    });
    assert.equal(await req.text(), '[Aurora]');
    const answer = await send(`${t.base}/docks/out`);
    assert.equal(answer.text, '[north-14]');
  });

  it('an XML message written again goes out in the charset its content type names (blocking too: ed609fbb6)', async () => {
    // ApplicationXMLFormatter writes with OMOutputFormat's CHARACTER_SET_ENCODING, the request's ISO-8859-1;
    // BlockingMsgSenderUtils copies CHARACTER_SET_ENCODING to the blocking call since Synapse ed609fbb6 (2025-06)
    rawSeen.length = 0;
    for (const path of ['edited', 'blocking']) {
      const r = await fetch(`${t.base}/bakery/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=ISO-8859-1' },
        body: Buffer.from('<loaf>Brötchen €</loaf>'.replace('€', '&#8364;'), 'latin1'),
      });
      assert.equal(r.status, 200);
    }
    assert.equal(rawSeen.length, 2);
    for (const seen of rawSeen) assert.equal(seen.type, 'application/xml; charset=ISO-8859-1');
    // (Woodstox's ISOLatin1XmlWriter: a character ISO-8859-1 cannot hold as a lower-case hexadecimal reference)
    assert.equal(rawSeen[0].bytes.toString('latin1'), '<loaf>Brötchen &#x20ac;<tray>7</tray></loaf>');
    assert.equal(rawSeen[1].bytes.toString('latin1'), '<loaf>Brötchen &#x20ac;</loaf>');
    // XML written as JSON goes through a writer in that charset too (JsonUtil.writeAsJson), '?' for what it cannot hold
    const json = await fetch(`${t.base}/bakery/as-json`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml; charset=ISO-8859-1' },
      body: Buffer.from('<loaf><name>Brötchen &#8364;</name></loaf>', 'latin1'),
    });
    assert.equal(json.headers.get('content-type'), 'application/json; charset=ISO-8859-1');
    assert.equal(Buffer.from(await json.arrayBuffer()).toString('latin1'), '{"loaf":{"name":"Brötchen ?"}}');
    // (R4) a character outside the BMP is one character to Java's encoder: one '?', not one per UTF-16 unit
    const astral = await fetch(`${t.base}/bakery/as-json`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml; charset=ISO-8859-1' },
      body: Buffer.from('<loaf><name>&#128512;!</name></loaf>', 'latin1'),
    });
    assert.equal(Buffer.from(await astral.arrayBuffer()).toString('latin1'), '{"loaf":{"name":"?!"}}');
  });

  it('scatter-gather into a JSON variable refuses a result that is not JSON (ScatterGather.setJSONResultToVariable, fd500ad44)', async () => {
    const v = await send(`${t.base}/depots/var`);
    assert.equal(v.text, 'fault: Aggregation expression payload did not return a valid JSON element');
    // into the body, the XML result goes in as the text of its node list (List.toString)
    const b = await send(`${t.base}/depots/body`);
    assert.equal(b.status, 200);
    assert.deepEqual(b.json(), [
      '[<soapenv:Body xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><stock><qty>3</qty></stock></soapenv:Body>]',
    ]);
  });

  it('a throttle policy count and unit time may be $SYSTEM: / ${configs.} placeholders (ThrottleFactory, 9829e4800)', async () => {
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push((await send(`${t.base}/gates`)).text);
    assert.deepEqual(seen, ['open', 'open', 'shut']);
  });
});
