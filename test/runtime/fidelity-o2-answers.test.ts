/**
 * What MI answers when the mediation itself does not (helper O2, session 5), from the Synapse sources:
 * - a request nothing takes runs the distribution's `main` sequence: a log line with the address, 404 with no body;
 * - a flow that ends (or fails, its fault sequence dropping the message) on the listener's thread, with no request
 *   sent out without waiting, gets ServerWorker.sendAck's 202 with no body and no transport headers;
 * - FORCE_SC_ACCEPTED: that 202 goes as soon as the request is on its way, before the back end answers;
 * - a SOAP fault answered to a client that is not a SOAP client becomes `<Exception>` (Axis2Sender.sendBack,
 *   POXUtils.convertSOAPFaultToPOX);
 * - a back end's answer carries no To, so a fault sequence's `send` without an endpoint answers the client
 *   (SynapseCallbackReceiver makes the continuation's context on the response; MI tests-other
 *   TestFaultSequenceExecutionForMalformedResponse). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (O2): answers MI gives when the flow gives none', () => {
  let t: TestRuntime;
  let held: Backend;
  let release: (() => void) | undefined;
  let faulty: Backend;
  let broken: Backend;
  before(async () => {
    broken = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end('<stock><level>4</stock>');
    });
    held = await startBackend((_req, res) => {
      release = () => {
        release = undefined;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"late":true}');
      };
    });
    faulty = await startBackend((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/xml' });
      res.end(
        `<e:Envelope xmlns:e="${S11}"><e:Body><e:Fault><faultcode>e:Server</faultcode>` +
          '<faultstring>ledger offline</faultstring><detail>try the mirror</detail></e:Fault></e:Body></e:Envelope>',
      );
    });
    t = await startRuntime({
      'Typed.xml': api(
        'Typed',
        '/o2a/typed',
        `<property name="qty" expression="string('seven')" type="INTEGER"/><respond/>`,
      ),
      'Quiet.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="Quiet" context="/o2a/quiet">
        <resource methods="GET"><inSequence><property name="qty" expression="string('x')" type="INTEGER"/><respond/></inSequence>
        <faultSequence><log level="custom"><property name="seen" expression="get-property('ERROR_CODE')"/></log></faultSequence>
        </resource></api>`,
      'Early.xml': api(
        'Early',
        '/o2a/early',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <call><endpoint><address uri="${held.url}/slow"/></endpoint></call>
         <log level="custom"><property name="o2a" value="back end answered"/></log><respond/>`,
      ),
      'Fault.xml': api(
        'Fault',
        '/o2a/fault',
        `<makefault version="soap11"><code value="soapenv:Server" xmlns:soapenv="${S11}"/><reason value="no stock"/>
           <detail>shelf 4 is empty</detail></makefault><respond/>`,
      ),
      'FaultXml.xml': api(
        'FaultXml',
        '/o2a/fault-xml',
        `<makefault version="soap11"><code value="soapenv:Client" xmlns:soapenv="${S11}"/><reason value="bad order"/>
           <detail>&lt;hint&gt;check the sku&lt;/hint&gt;</detail></makefault><respond/>`,
      ),
      'Reason.xml': api(
        'Reason',
        '/o2a/reason',
        `<makefault version="soap11"><code value="soapenv:Server" xmlns:soapenv="${S11}"/><reason value="only a reason"/></makefault><respond/>`,
      ),
      'Relay.xml': api(
        'Relay',
        '/o2a/relay',
        `<call><endpoint><address uri="${faulty.url}/ledger"/></endpoint></call><respond/>`,
      ),
      'Mend.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="Mend" context="/o2a/mend">
        <resource methods="POST"><inSequence>
          <call><endpoint><address uri="${broken.url}/stock"/></endpoint></call>
          <log level="full"/><respond/></inSequence>
        <faultSequence><payloadFactory media-type="xml"><format><sorry xmlns="">$1</sorry></format>
          <args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory><send/></faultSequence>
        </resource></api>`,
      'Read.xml': api(
        'Read',
        '/o2a/read',
        `<call><endpoint><address uri="${faulty.url}/ledger"/></endpoint></call>
         <property name="why" expression="//faultstring"/><respond/>`,
      ),
    });
  });
  after(async () => {
    release?.();
    await t.close();
    await held.close();
    await faulty.close();
    await broken.close();
  });

  it('a path nothing takes: the distribution main logs the address and answers 404 with no body', async () => {
    const r = await send(`${t.base}/o2a/nowhere?x=1`);
    assert.equal(r.status, 404);
    assert.equal(r.text, '');
    assert.ok(
      t.logs.some((l) => l.message === 'main sequence executed for call to non-existent = /o2a/nowhere?x=1'),
      'main sequence log line',
    );
  });

  it('a failure on the listener thread, the default fault sequence dropping: 202, no body, no echoed headers', async () => {
    const r = await send(`${t.base}/o2a/typed`, { headers: { 'x-order': 'A-17' } });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    assert.equal(r.headers.get('x-order'), null);
    assert.ok(t.logs.some((l) => l.message.includes("MESSAGE = Executing default 'fault' sequence")));
  });

  it("a resource's own fault sequence that does not answer: 202 as well", async () => {
    const r = await send(`${t.base}/o2a/quiet`);
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    assert.ok(t.logs.some((l) => l.message === 'seen = 0'));
  });

  it('FORCE_SC_ACCEPTED: the 202 comes before the back end has answered', async () => {
    const r = await send(`${t.base}/o2a/early`);
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    // the back end still holds its answer: nothing after the call has run yet
    assert.ok(!t.logs.some((l) => l.message === 'o2a = back end answered'));
    await until('the held back end', () => !!release);
    const go = release;
    assert.ok(go, 'the request reached the back end');
    go();
    await until('the back end answer logged', () =>
      t.logs.some((l) => l.message === 'o2a = back end answered'),
    );
    assert.ok(
      t.logs.some((l) => l.message === 'o2a = back end answered'),
      'the flow went on after the call',
    );
  });

  it('a SOAP fault answered to an XML (REST) client: <Exception> with the detail text, 500', async () => {
    const r = await send(`${t.base}/o2a/fault`, { body: '<order/>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.equal(r.text, '<Exception>shelf 4 is empty</Exception>');
  });

  it('a detail whose text reads as XML becomes an element; no detail: the reason', async () => {
    const x = await send(`${t.base}/o2a/fault-xml`, { body: '<order/>', type: 'application/xml' });
    assert.equal(x.text, '<Exception><hint>check the sku</hint></Exception>');
    // a POST: a GET is NO_ENTITY_BODY TRUE (ServerWorker) and makefault does not clear it, so MI answers no body
    const g = await send(`${t.base}/o2a/reason`, { body: '<order/>', type: 'application/xml' });
    assert.equal(g.status, 500);
    assert.equal(g.text, '<Exception>only a reason</Exception>');
  });

  it('a SOAP client still gets the SOAP fault', async () => {
    const r = await send(`${t.base}/o2a/fault`, {
      body: `<s:Envelope xmlns:s="${S11}"><s:Body><order/></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:order' },
    });
    assert.equal(r.status, 500);
    assert.match(r.text, /<faultstring>no stock<\/faultstring><detail>shelf 4 is empty<\/detail>/);
  });

  it("a back end's SOAP fault: relayed as it came when unread, <Exception> once the mediation read it", async () => {
    const raw = await send(`${t.base}/o2a/relay`, { body: '<order/>', type: 'application/xml' });
    assert.equal(raw.status, 500);
    assert.match(raw.text, /<faultstring>ledger offline<\/faultstring>/);
    const read = await send(`${t.base}/o2a/read`, { body: '<order/>', type: 'application/xml' });
    assert.equal(read.status, 500);
    assert.equal(read.text, '<Exception>try the mirror</Exception>');
  });

  it("a back end's answer has no To: the fault sequence's send without an endpoint answers the client", async () => {
    const r = await send(`${t.base}/o2a/mend`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.match(r.text, /^<sorry>.+<\/sorry>$/);
  });
});
