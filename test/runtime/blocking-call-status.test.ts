/**
 * call blocking="true" answers and failures for each status and content type, as MI 4.4's blocking sender gives them
 * (Axis2 HTTPSender.handleResponse, OutInAxisOperation.handleResponse, Utils.getInboundFaultFromMessageContext,
 * Synapse BlockingMsgSender.send; the table is in /work/notes/s9/findings-C5.md). Real HTTP on 127.0.0.1.
 */
import { strict as assert } from 'node:assert';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
/**
 * Every failure of a blocking call is the endpoint's (BlockingMsgSender.send -> the endpoint's onFault): with no
 * suspend codes an endpoint is SUSPENDED by any of them, and the next case would meet a suspended endpoint. The
 * endpoints here are shared by many cases, so they never stay suspended (blocking-after-call-failover.test.ts has
 * the suspension itself).
 */
const NO_SUSPEND = '<suspendOnFailure><initialDuration>0</initialDuration></suspendOnFailure>';
/**
 * The blocking client throws for a fault answer only with FORCE_ERROR_ON_SOAP_FAULT "true"
 * (BlockingMsgSenderUtils.fillClientOptions -> Options.setExceptionToBeThrownOnSOAPFault): the cases of failures are
 * run with it; without it the answer is the message (the last cases).
 */
const FORCE = '<property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/>';
const ORDER = '{"order":7,"qty":2}';

/** What the fault sequence saw: ERROR_CODE, ERROR_MESSAGE, ERROR_DETAIL, $axis2:HTTP_SC, get-property('HTTP_SC'). */
interface Seen {
  status: number;
  code: string | null;
  message: string | null;
  detail: string | null;
  axis2Sc: string | null;
  sc: string | null;
  body: string;
  faulted: boolean;
}

const FAULT = `<faultSequence>
    <property name="X-Code" expression="get-property('ERROR_CODE')" scope="transport"/>
    <property name="X-Message" expression="get-property('ERROR_MESSAGE')" scope="transport"/>
    <property name="X-Detail" expression="get-property('ERROR_DETAIL')" scope="transport"/>
    <property name="X-Axis2-Sc" expression="$axis2:HTTP_SC" scope="transport"/>
    <property name="X-Sc" expression="get-property('HTTP_SC')" scope="transport"/>
    <property name="X-Faulted" value="yes" scope="transport"/>
    <property name="HTTP_SC" value="200" scope="axis2"/>
    <respond/></faultSequence>`;

async function seen(url: string, init: Parameters<typeof send>[1]): Promise<Seen> {
  const r = await send(url, init);
  const h = (n: string) => r.headers.get(n);
  return {
    status: r.status,
    code: h('x-code'),
    message: h('x-message'),
    detail: h('x-detail'),
    axis2Sc: h('x-axis2-sc'),
    sc: h('x-sc'),
    body: r.text,
    faulted: h('x-faulted') === 'yes',
  };
}

describe('runtime: call blocking="true" by status and content type (MI blocking sender)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      const soapFault = (code: string, reason: string, detail: string) =>
        `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>${code}</faultcode><faultstring>${reason}</faultstring>${detail}</s:Fault></s:Body></s:Envelope>`;
      // a blocking call appends the API's REST_URL_POSTFIX (/<case>) to the http endpoint's expanded uri-template
      // (BlockingMsgSenderUtils.fillMessageContext): /<case>/<case>; the first segment names the case
      switch ('/' + (req.url ?? '').split('/')[1]) {
        case '/json404':
          res.writeHead(404, { 'content-type': 'application/json' });
          return void res.end('{"error":"no such shelf"}');
        case '/text503':
          res.writeHead(503, { 'content-type': 'text/plain' });
          return void res.end('resting');
        case '/json500':
          res.writeHead(500, { 'content-type': 'application/json' });
          return void res.end('{"error":"till jammed"}');
        case '/xml400':
          res.writeHead(400, { 'content-type': 'application/xml' });
          return void res.end('<problem>bad quantity<field>qty</field></problem>');
        case '/text409':
          res.writeHead(409, { 'content-type': 'text/plain' });
          return void res.end('already booked');
        case '/empty500':
          res.writeHead(500, { 'content-type': 'application/json', 'content-length': '0' });
          return void res.end();
        case '/bare500':
          // no Content-Type: HTTPSender does not read the answer
          res.writeHead(500, { 'content-length': '4' });
          return void res.end('oops');
        case '/soap500':
          res.writeHead(500, { 'content-type': 'text/xml; charset=UTF-8' });
          return void res.end(
            soapFault('s:Server', 'ledger locked', '<detail><why>audit running</why></detail>'),
          );
        case '/soap200':
          res.writeHead(200, { 'content-type': 'text/xml' });
          return void res.end(soapFault('s:4711', 'numbered fault', ''));
        case '/soap-ok':
          res.writeHead(200, { 'content-type': 'text/xml' });
          return void res.end(
            `<s:Envelope xmlns:s="${SOAP11}"><s:Body><booked>yes</booked></s:Body></s:Envelope>`,
          );
        case '/soap12-500':
          res.writeHead(500, { 'content-type': 'application/soap+xml' });
          return void res.end(
            '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text xml:lang="en">vault sealed</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>',
          );
        case '/pox-text-xml':
          res.writeHead(200, { 'content-type': 'text/xml' });
          return void res.end('<booked>yes</booked>');
        case '/slow':
          // answers after the endpoint's 300 ms timeout (bounded: 1.5 s)
          setTimeout(() => {
            if (res.writableEnded || res.destroyed) return;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"late":true}');
          }, 1500);
          return;
        case '/accepted-empty':
          res.writeHead(202, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
          return void res.end();
        case '/accepted':
          res.writeHead(202, { 'content-type': 'application/json' });
          return void res.end('{"queued":true}');
        default:
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"ok":true}');
      }
    });
    const dead = await closedPort();
    const B = backend.url;
    const restApi = (
      name: string,
      props = '',
      ep = `<http method="post" uri-template="${B}/{uri.var.case}">${NO_SUSPEND}</http>`,
    ) =>
      `<api ${NS} name="${name}" context="/${name.toLowerCase()}"><resource methods="POST" uri-template="/{case}"><inSequence>${props}
        ${FORCE}<call blocking="true"><endpoint>${ep}</endpoint></call>
        <property name="X-After" expression="$axis2:HTTP_SC" scope="transport"/><respond/>
        </inSequence>${FAULT}</resource></api>`;
    const proxy = (name: string, path: string, props = FORCE) =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${props}
        <call blocking="true"><endpoint><address uri="${B}/${path}">${NO_SUSPEND}</address></endpoint></call>
        <property name="X-After" expression="$axis2:HTTP_SC" scope="transport"/><respond/>
        </inSequence>${FAULT}</target></proxy>`;
    t = await startRuntime({
      'Shop.xml': restApi('Shop'),
      'Lenient.xml': restApi(
        'Lenient',
        '<property name="non.error.http.status.codes" value="404,503" scope="axis2"/>',
      ),
      'Strict.xml': restApi('Strict', '<property name="error.http.status.codes" value="500" scope="axis2"/>'),
      'LenientFault.xml': restApi(
        'LenientFault',
        '<property name="non.error.http.status.codes" value="500" scope="axis2"/>',
      ),
      'Spaced.xml': restApi(
        'Spaced',
        '<property name="non.error.http.status.codes" value="400, 404" scope="axis2"/>',
      ),
      'AsJson.xml': restApi(
        'AsJson',
        '',
        `<http method="post" uri-template="${B}/{uri.var.case}" format="json">${NO_SUSPEND}</http>`,
      ),
      'SoapPox.xml': proxy('SoapPox', 'pox-text-xml'),
      'Slow.xml': restApi(
        'Slow',
        '',
        `<http method="post" uri-template="${B}/{uri.var.case}"><timeout><duration>300</duration></timeout>${NO_SUSPEND}</http>`,
      ),
      'Dead.xml': restApi('Dead', '', `<http method="post" uri-template="http://127.0.0.1:${dead}/x"/>`),
      'SoapFault.xml': proxy('SoapFault', 'soap500'),
      'SoapFault200.xml': proxy('SoapFault200', 'soap200'),
      'SoapDefault.xml': proxy('SoapDefault', 'soap500', ''),
      'SoapDefault200.xml': proxy('SoapDefault200', 'soap200', ''),
      'SoapOk.xml': proxy('SoapOk', 'soap-ok'),
      'SoapJson500.xml': proxy('SoapJson500', 'json500'),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  const post = (path: string) => seen(`${t.base}${path}`, { body: ORDER, type: 'application/json' });
  const soapPost = (path: string) =>
    seen(`${t.base}${path}`, {
      body: `<s:Envelope xmlns:s="${SOAP11}"><s:Body><book><id>3</id></book></s:Body></s:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:book' },
    });

  it('a 2xx answer (202 too) is the message', async () => {
    const r = await post('/shop/accepted');
    assert.equal(r.faulted, false);
    assert.equal(r.status, 202);
    assert.equal(r.body, '{"queued":true}');
  });

  it('a 202 with no body and no Content-Length fails: the client has no stream to read', async () => {
    const r = await post('/shop/accepted-empty');
    assert.deepEqual(
      [r.faulted, r.code, r.message, r.axis2Sc ?? '', r.body],
      [true, '401002', 'The input stream for an incoming message is null.', '', ORDER],
    );
  });

  it('404 (any status but 2xx, 500, 400, 409): ERROR_CODE is the status, "Transport error", the request stays', async () => {
    const r = await post('/shop/json404');
    assert.equal(r.faulted, true);
    assert.deepEqual(
      [r.code, r.message, r.detail ?? '', r.axis2Sc, r.sc],
      ['404', 'Transport error: 404 Error: Not Found', '', '404', '404'],
    );
    assert.equal(r.body, ORDER);
  });

  it('503 text/plain: the same transport error with 503', async () => {
    const r = await post('/shop/text503');
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc, r.body],
      ['503', 'Transport error: 503 Error: Service Unavailable', '503', ORDER],
    );
  });

  it('JSON 500 to a REST call: 401002, the body as XML is the message, no HTTP_SC, the request stays', async () => {
    const r = await post('/shop/json500');
    assert.equal(r.faulted, true);
    assert.deepEqual(
      [r.code, r.message, r.detail ?? '', r.axis2Sc ?? ''],
      ['401002', '<jsonObject><error>till jammed</error></jsonObject>', '', ''],
    );
    assert.equal(r.sc ?? '', '');
    assert.equal(r.body, ORDER);
  });

  it('XML 400 to a REST call: the root element is the message, its own text the detail', async () => {
    const r = await post('/shop/xml400');
    assert.deepEqual(
      [r.code, r.message, r.detail, r.axis2Sc ?? '', r.body],
      ['401002', '<problem>bad quantity<field>qty</field></problem>', 'bad quantity', '', ORDER],
    );
  });

  it('text 409 to a REST call: the text wrapper element is the message, the text the detail', async () => {
    const r = await post('/shop/text409');
    assert.equal(r.code, '401002');
    assert.match(
      r.message ?? '',
      /^<(ns:)?text xmlns(:ns)?="http:\/\/ws\.apache\.org\/commons\/ns\/payload">already booked<\/(ns:)?text>$/,
    );
    assert.equal(r.detail, 'already booked');
    assert.equal(r.body, ORDER);
  });

  it('an empty 500: no SOAP fault to read (ERROR_CODE 0, the IllegalArgumentException message)', async () => {
    const r = await post('/shop/empty500');
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc ?? '', r.body],
      ['0', 'The MessageContext does not have an associated SOAPFault.', '', ORDER],
    );
  });

  it('a 500 with no Content-Type is not read: "input stream is null", 401002', async () => {
    const r = await post('/shop/bare500');
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc ?? '', r.body],
      ['401002', 'The input stream for an incoming message is null.', '', ORDER],
    );
  });

  it('non.error.http.status.codes: a listed status is the message (HTTP_SC kept)', async () => {
    const r = await post('/lenient/json404');
    assert.equal(r.faulted, false);
    assert.equal(r.status, 404);
    assert.equal(r.body, '{"error":"no such shelf"}');
    const u = await post('/lenient/text503');
    assert.equal(u.faulted, false);
    assert.equal(u.status, 503);
    // the text answer is the message in the JSON request's message type (BlockingMsgSender.send keeps messageType):
    // the text wrapper written as JSON
    assert.equal(u.body, '{"text":"resting"}');
  });

  it('non.error.http.status.codes does not turn a 500 into an answer (500/400/409 are read as faults first)', async () => {
    const r = await post('/lenientfault/json500');
    assert.equal(r.faulted, true);
    assert.equal(r.code, '401002');
  });

  it('non.error.http.status.codes items are not trimmed: " 404" is not 404', async () => {
    const r = await post('/spaced/json404');
    assert.equal(r.faulted, true);
    assert.equal(r.code, '404');
    // 400 is read as a fault whatever the list says
    const b = await post('/spaced/xml400');
    assert.equal(b.code, '401002');
  });

  it('error.http.status.codes: a listed 500 is a transport error with its status', async () => {
    const r = await post('/strict/json500');
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc, r.sc, r.body],
      ['500', 'Transport error: 500 Error: Internal Server Error', '500', '500', ORDER],
    );
  });

  it('an endpoint timeout: 401002 "Read timed out" (the client socket timeout), no HTTP_SC', async () => {
    const r = await post('/slow/slow');
    assert.deepEqual(
      [r.faulted, r.code, r.message, r.detail ?? '', r.axis2Sc ?? '', r.body],
      [true, '401002', 'Read timed out', '', '', ORDER],
    );
  });

  it('a refused connection: 401002 "Connection refused", no HTTP_SC', async () => {
    const r = await post('/dead/x');
    assert.deepEqual(
      [r.code, r.message, r.detail ?? '', r.axis2Sc ?? ''],
      ['401002', 'Connection refused', '', ''],
    );
    assert.equal(r.body, ORDER);
  });

  it('a SOAP fault to a SOAP call: 401002 (code not a number), reason, detail text, HTTP_SC; the fault is the message', async () => {
    const r = await soapPost('/services/SoapFault');
    assert.equal(r.faulted, true);
    assert.deepEqual(
      [r.code, r.message, r.detail, r.axis2Sc, r.sc],
      ['401002', 'ledger locked', 'audit running', '500', '500'],
    );
    assert.match(r.body, /<faultstring>ledger locked<\/faultstring>/);
  });

  // MI tests-patches ESBJAVA_4239_AccessHTTPSCAfterCallout: the flow goes on after a 500 with HTTP_SC 500
  it('without FORCE_ERROR_ON_SOAP_FAULT a SOAP fault answer is the message: HTTP_SC 500, the flow goes on', async () => {
    const r = await soapPost('/services/SoapDefault');
    assert.equal(r.faulted, false);
    assert.equal(r.status, 500);
    assert.equal(r.body.includes('<faultstring>ledger locked</faultstring>'), true, r.body);
  });

  it('without FORCE_ERROR_ON_SOAP_FAULT a SOAP fault with a 200 status is the message too', async () => {
    const r = await soapPost('/services/SoapDefault200');
    assert.equal(r.faulted, false);
    assert.equal(r.status, 200);
    assert.match(r.body, /numbered fault/);
  });

  it('a SOAP fault with a 200 status fails too; a numeric fault code is the ERROR_CODE', async () => {
    const r = await soapPost('/services/SoapFault200');
    assert.equal(r.faulted, true);
    assert.deepEqual([r.code, r.message, r.detail ?? '', r.axis2Sc], ['4711', 'numbered fault', '', '200']);
  });

  it('a SOAP answer without a fault is the message', async () => {
    const r = await soapPost('/services/SoapOk');
    assert.equal(r.faulted, false);
    assert.match(r.body, /<booked>yes<\/booked>/);
  });

  it('a JSON 500 to a SOAP (non-REST) call: no SOAP fault to read (ERROR_CODE 0)', async () => {
    const r = await soapPost('/services/SoapJson500');
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc ?? ''],
      ['0', 'The MessageContext does not have an associated SOAPFault.', ''],
    );
    assert.match(r.body, /<book><id>3<\/id><\/book>/);
  });

  it('a SOAP 1.2 fault (application/soap+xml) is a SOAP fault even to a REST call: Code/Value, Reason/Text', async () => {
    const r = await post('/shop/soap12-500');
    assert.deepEqual(
      [r.code, r.message, r.detail ?? '', r.axis2Sc, r.sc],
      ['401002', 'vault sealed', '', '500', '500'],
    );
    assert.match(r.body, /vault sealed/);
  });

  it('format="json" is no format to MI (DefaultEndpointFactory): the call stays REST, as without it', async () => {
    const r = await post('/asjson/json500');
    assert.deepEqual([r.code, r.message], ['401002', '<jsonObject><error>till jammed</error></jsonObject>']);
  });

  it('a text/xml answer that is not an envelope fails a SOAP (non-REST) call: the SOAP builder refuses it', async () => {
    const r = await soapPost('/services/SoapPox');
    assert.equal(r.faulted, true);
    assert.deepEqual(
      [r.code, r.message, r.axis2Sc ?? ''],
      ['401002', 'First Element must contain the local name, Envelope , but found booked', ''],
    );
  });

  it('a SOAP fault (text/xml) to a REST call is read as application/xml: the whole envelope is the message', async () => {
    const r = await post('/shop/soap500');
    assert.equal(r.code, '401002');
    assert.match(
      r.message ?? '',
      /^<s:Envelope xmlns:s="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><s:Body><s:Fault>/,
    );
    assert.equal(r.axis2Sc ?? '', '');
    assert.equal(r.body, ORDER);
  });
});
