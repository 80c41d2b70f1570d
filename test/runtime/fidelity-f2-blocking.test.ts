import { strict as assert } from 'node:assert';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (F2): call blocking="true" fails as MI blocking sender does', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"no such tracker"}');
      } else if (req.url === '/broken') {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end(
          `<e:Envelope xmlns:e="${SOAP11}"><e:Body><e:Fault><faultcode>e:Server</faultcode><faultstring>tracker offline</faultstring></e:Fault></e:Body></e:Envelope>`,
        );
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"tracked":true}');
      }
    });
    const dead = await closedPort();
    const fault = `<faultSequence><payloadFactory media-type="text"><format>$1|$2|$3</format><args>
        <arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="$axis2:HTTP_SC"/></args></payloadFactory>
        <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>`;
    const apiFor = (name: string, path: string, blocking: boolean, url: string) =>
      `<api ${NS} name="${name}" context="${path}"><resource methods="GET"><inSequence>
        <call${blocking ? ' blocking="true"' : ''}><endpoint><http method="get" uri-template="${url}"/></endpoint></call>
        <!-- a GET is NO_ENTITY_BODY TRUE (ServerWorker) and the blocking call leaves it (BlockingMsgSender): removed so
             the answer is seen -->
        <property name="NO_ENTITY_BODY" scope="axis2" action="remove"/><respond/>
        </inSequence>${fault}</resource></api>`;
    t = await startRuntime({
      'B404.xml': apiFor('B404', '/b404', true, `${backend.url}/missing`),
      'N404.xml': apiFor('N404', '/n404', false, `${backend.url}/missing`),
      // a fault answer fails a blocking call only with FORCE_ERROR_ON_SOAP_FAULT "true"
      // (BlockingMsgSenderUtils.fillClientOptions -> Options.setExceptionToBeThrownOnSOAPFault)
      'B500.xml': apiFor('B500', '/b500', true, `${backend.url}/broken`).replace(
        '<call blocking',
        '<property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/><call blocking',
      ),
      'BRef.xml': apiFor('BRef', '/bref', true, `http://127.0.0.1:${dead}/x`),
      'BOk.xml': apiFor('BOk', '/bok', true, `${backend.url}/ok`),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it("a 2xx answer is the message, written in the request's message type", async () => {
    const r = await send(`${t.base}/bok`);
    assert.equal(r.status, 200);
    // BlockingMsgSender.send sets only the envelope and HTTP_SC: a GET keeps messageType application/xml
    // (ServerWorker.handleRESTUrlPost), so the JSON answer goes back as XML
    assert.equal(r.text, '<jsonObject><tracked>true</tracked></jsonObject>');
  });

  it('a 404 runs the fault sequence with ERROR_CODE 404 and the transport error (non-blocking passes it through)', async () => {
    const r = await send(`${t.base}/b404`);
    assert.equal(r.status, 502);
    assert.equal(r.text, '404|Transport error: 404 Error: Not Found|404');
    const n = await send(`${t.base}/n404`);
    assert.equal(n.status, 404);
    assert.equal(n.text, '{"error":"no such tracker"}');
  });

  it('a SOAP fault answered to a REST call is read as application/xml: 401002, the envelope as the message', async () => {
    const r = await send(`${t.base}/b500`);
    assert.equal(
      r.text,
      `401002|<e:Envelope xmlns:e="${SOAP11}"><e:Body><e:Fault><faultcode>e:Server</faultcode><faultstring>tracker offline</faultstring></e:Fault></e:Body></e:Envelope>|`,
    );
  });

  it('a refused connection gives 401002 (BLOCKING_SENDER_OPERATION_FAILED)', async () => {
    const r = await send(`${t.base}/bref`);
    assert.equal(r.text, '401002|Connection refused|');
  });
});
