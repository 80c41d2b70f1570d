/**
 * Session 12 (H11): the format a built message is written in when no mediator named one (our own fixtures and
 * values). ServerWorker.handleRESTUrlPost takes a request with no Content-Type, or a form one, as a form post: its
 * MESSAGE_TYPE is application/xml and its axis2 ContentType the form type as received (application/octet-stream for
 * a POST with none). Bytes never built go out as they came; once a mediator built the message, PassThroughHttpSender
 * (the answer) and the call's sender pick the formatter by messageType (MessageProcessorSelector.getMessageFormatter):
 * ApplicationXMLFormatter writes the body's first element, and its getContentType (like setContentType) names the
 * axis2 ContentType with the charset appended.
 */
import assert from 'node:assert/strict';
import { NS, rawRequest, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const PAYLOAD_NS = 'http://ws.apache.org/commons/ns/payload';

/** A POST through node:http, with the Content-Type given or none at all (fetch always names one). */
async function post(
  url: string,
  body: string,
  type?: string,
): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body)) };
  if (type !== undefined) headers['content-type'] = type;
  const r = await rawRequest(url, 'POST', { headers, body });
  return { status: r.status, type: String(r.headers['content-type'] ?? ''), text: r.text };
}

describe('oracle S12 (H11): a built form or untyped request is written by its messageType, application/xml', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend();
    t = await startRuntime({
      'Parcels.xml': `<api ${NS} name="Parcels" context="/parcels">
        <resource methods="POST" uri-template="/seen"><inSequence><log level="full"/><respond/></inSequence></resource>
        <resource methods="POST" uri-template="/relayed"><inSequence><respond/></inSequence></resource>
        <resource methods="POST" uri-template="/onward"><inSequence><log level="full"/>
          <call><endpoint><http method="post" uri-template="${be.url}/depot"/></endpoint></call><respond/></inSequence></resource>
        <resource methods="POST" uri-template="/handed"><inSequence>
          <call><endpoint><http method="post" uri-template="${be.url}/depot"/></endpoint></call><respond/></inSequence></resource>
        <resource methods="POST" uri-template="/asform"><inSequence><log level="full"/>
          <property name="messageType" value="application/x-www-form-urlencoded" scope="axis2"/><respond/></inSequence></resource>
        <resource methods="GET POST" uri-template="/types"><inSequence>
          <property name="ct" expression="get-property('axis2','ContentType')"/>
          <payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:ct"/></args></payloadFactory>
          <respond/></inSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a form answered after a content-aware mediator is the XML of its fields, named by the form type', async () => {
    const r = await post(`${t.base}/parcels/seen`, 'bay=4&tag=x+y', 'application/x-www-form-urlencoded');
    assert.equal(r.status, 200);
    assert.equal(r.text, '<xformValues><bay>4</bay><tag>x y</tag></xformValues>');
    assert.equal(r.type, 'application/x-www-form-urlencoded; charset=UTF-8');
    // relayed unread: its bytes as they came
    const relayed = await post(`${t.base}/parcels/relayed`, 'bay=4', 'application/x-www-form-urlencoded');
    assert.equal(relayed.text, 'bay=4');
    // the flow names the form type again: the form formatter
    const form = await post(`${t.base}/parcels/asform`, 'bay=4&tag=x+y', 'application/x-www-form-urlencoded');
    assert.equal(form.text, 'bay=4&tag=x%20y');
  });

  it('a built form goes to the back end as XML too (the call formats by the same messageType)', async () => {
    const r = await post(`${t.base}/parcels/onward`, 'bay=9', 'application/x-www-form-urlencoded');
    assert.equal(r.status, 200);
    const sent = be.requests[be.requests.length - 1];
    assert.equal(sent.body, '<xformValues><bay>9</bay></xformValues>');
    // the axis2 ContentType (the form type as received) as it is: MI's default http.headers.preserve=Content-Type
    assert.equal(sent.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  it('a POST without Content-Type, once built, is its binary wrapper named application/octet-stream', async () => {
    const r = await post(`${t.base}/parcels/seen`, '<lot/>');
    assert.equal(
      r.text,
      `<ns:binary xmlns:ns="${PAYLOAD_NS}">${Buffer.from('<lot/>').toString('base64')}</ns:binary>`,
    );
    assert.equal(r.type, 'application/octet-stream; charset=UTF-8');
    const relayed = await post(`${t.base}/parcels/relayed`, '<lot/>');
    assert.equal(relayed.text, '<lot/>');
  });

  it('a POST without Content-Type relayed unread to a back end goes on without one (shouldOverwriteContentType)', async () => {
    const r = await post(`${t.base}/parcels/handed`, '<lot/>');
    assert.equal(r.status, 200);
    const sent = be.requests[be.requests.length - 1];
    assert.equal(sent.body, '<lot/>');
    assert.equal(sent.headers['content-type'], undefined);
    // built, it has a type again (the formatter's, named by the axis2 ContentType)
    await post(`${t.base}/parcels/onward`, '<lot/>');
    assert.equal(
      be.requests[be.requests.length - 1].headers['content-type'],
      'application/octet-stream; charset=UTF-8',
    );
  });

  it('a formatted body names its charset after the parameters of its type (setContentType appends it)', async () => {
    const json = await post(`${t.base}/parcels/seen`, '{"bay":4}', 'application/json; profile=crate');
    assert.equal(json.type, 'application/json; profile=crate; charset=UTF-8');
    assert.equal(json.text, '{"bay":4}');
    const soap12 = await post(
      `${t.base}/parcels/seen`,
      '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><lot/></e:Body></e:Envelope>',
      'application/soap+xml; action="urn:lot"',
    );
    assert.equal(soap12.type, 'application/soap+xml; action="urn:lot"; charset=UTF-8');
  });

  it("the axis2 ContentType of such a request is the listener's: octet-stream for a POST, the form type for a GET", async () => {
    assert.equal((await post(`${t.base}/parcels/types`, 'x')).text, '[application/octet-stream]');
    assert.equal(
      await (await fetch(`${t.base}/parcels/types`)).text(),
      '[application/x-www-form-urlencoded]',
    );
    assert.equal(
      (await post(`${t.base}/parcels/types`, '{}', 'application/json')).text,
      '[application/json]',
    );
  });
});
