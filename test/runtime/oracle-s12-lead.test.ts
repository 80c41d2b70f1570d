/**
 * Session 12 (lead): a GET request's messageType, as MI's pass-through listener sets it (our own fixtures and values).
 * PassThroughNHttpGetProcessor marks a plain GET a REST invocation (REST_GET_DELETE_INVOKE), and
 * ServerWorker.handleRESTUrlPost takes one with no Content-Type (or a form one) as a form post: messageType
 * application/xml. The call mediator's source type is that messageType (CallMediator.sourceMessageType), so a
 * property/variable target on a GET keeps a JSON answer as MI builds it in XML (<jsonObject>).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S12 (lead): the messageType of a GET request', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"shelf":"B-12"}');
    });
    t = await startRuntime({
      'Shelves.xml': `<api ${NS} name="Shelves" context="/shelves">
        <resource methods="GET" uri-template="/type"><inSequence>
          <property name="mt" expression="get-property('axis2','messageType')"/>
          <payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:mt"/></args></payloadFactory>
          <respond/></inSequence></resource>
        <resource methods="GET" uri-template="/kept"><inSequence>
          <call><endpoint><http method="get" uri-template="http://127.0.0.1:${be.port}/s"/></endpoint>
            <target type="property">kept</target></call>
          <log level="custom"><property name="kept" expression="$ctx:kept"/></log>
          <payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:kept"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a GET without Content-Type (or a form one) is application/xml; with another Content-Type it has none', async () => {
    assert.equal((await send(`${t.base}/shelves/type`)).text, '[application/xml]');
    const form = await send(`${t.base}/shelves/type`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.text, '[application/xml]');
    const json = await send(`${t.base}/shelves/type`, { headers: { 'content-type': 'application/json' } });
    assert.equal(json.text, '[]');
  });

  it('a call target property on a GET keeps the JSON answer as XML (the source type is application/xml)', async () => {
    const r = await send(`${t.base}/shelves/kept`);
    assert.equal(r.status, 200, r.text);
    const line = t.logs.map((l) => l.message).find((m) => m.includes('kept = '));
    assert.ok(line, 'the log line');
    assert.match(line, /kept = <jsonObject><shelf>B-12<\/shelf><\/jsonObject>/);
  });
});

describe('oracle S12 (lead): script setPayloadJSON leaves the message type (JsonUtil.getNewJsonPayload sets none)', () => {
  let t: TestRuntime;
  const SCRIPT = `<script language="js"><![CDATA[mc.setPayloadJSON({ bay: 7, open: true });]]></script>`;
  before(async () => {
    t = await startRuntime({
      'Bays.xml': `<api ${NS} name="Bays" context="/bays">
        <resource methods="GET POST" uri-template="/plain"><inSequence>${SCRIPT}<respond/></inSequence></resource>
        <resource methods="GET POST" uri-template="/named"><inSequence>${SCRIPT}
          <property name="messageType" value="application/json" scope="axis2"/><respond/></inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('an XML request answers the JSON payload in XML; a JSON request in JSON', async () => {
    const xml = await send(`${t.base}/bays/plain`, { body: '<bay/>', type: 'application/xml' });
    assert.equal(xml.text, '<jsonObject><bay>7</bay><open>true</open></jsonObject>');
    assert.match(xml.headers.get('content-type') ?? '', /^application\/xml/);
    const json = await send(`${t.base}/bays/plain`, { body: '{}', type: 'application/json' });
    assert.deepEqual(json.json(), { bay: 7, open: true });
  });

  it('messageType application/json set by the flow answers JSON', async () => {
    const r = await send(`${t.base}/bays/named`, { body: '<bay/>', type: 'application/xml' });
    assert.deepEqual(r.json(), { bay: 7, open: true });
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  });
});
