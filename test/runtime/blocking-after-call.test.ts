/**
 * What the message is after a blocking call that succeeded, as MI 4.4 leaves it: BlockingMsgSender.send puts the
 * answer's envelope (and JSON) and HTTP_SC on the message and nothing else, so the request's transport headers,
 * messageType and ContentType stay; `<respond/>` then writes the answer in the request's message type, named by the
 * request's Content-Type (PassThroughHttpSender.setContentType). With the message property
 * BLOCKING_SENDER_PRESERVE_REQ_HEADERS the string "false", the answer's headers and its base type are taken instead
 * (MessageHelper.copyResponseMessageHeaders). The callout mediator does the same for "false" (CalloutMediator.mediate).
 */
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { api, rawRequest, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const PROBE = `<log level="custom"><property name="probe" expression="fn:concat($trp:Content-Type, '|', $axis2:messageType, '|', $axis2:ContentType, '|', $trp:X-Shelf, '|', $axis2:HTTP_SC)"/></log>`;

/** A JSON POST through node:http (no automatic decompression), its answer's bytes as they came. */
const raw = (url: string, body: Buffer, headers: Record<string, string>) =>
  rawRequest(url, 'POST', {
    headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
    body,
  });

describe('runtime: the message after a blocking call (MI BlockingMsgSender)', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === '/shelf-json') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-shelf': 'b7' });
        res.end('{"shelf":{"row":3,"bin":"b7"}}');
        return;
      }
      if (req.url === '/shelf-gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"shelf":{"row":9}}'));
        return;
      }
      if (req.url === '/soap') {
        res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8', 'x-shelf': 'soap' });
        res.end(
          '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><slot><bin>c2</bin></slot></s:Body></s:Envelope>',
        );
        return;
      }
      res.writeHead(201, 'Shelved', { 'content-type': 'application/xml', 'x-shelf': 'a1' });
      res.end('<shelf><row>4</row><bin>a1</bin></shelf>');
    });
    const B = backend.url;
    const blocking = (path: string, before = '') =>
      `${before}<call blocking="true"><endpoint><http method="post" uri-template="${B}${path}"/></endpoint></call>${PROBE}<respond/>`;
    t = await startRuntime({
      'Keep.xml': api('Keep', '/bac/keep', blocking('/shelf-xml')),
      'Json.xml': api('Json', '/bac/json', blocking('/shelf-json')),
      'Gzip.xml': api('Gzip', '/bac/gzip', blocking('/shelf-gzip')),
      'Take.xml': api(
        'Take',
        '/bac/take',
        blocking('/shelf-xml', `<property name="BLOCKING_SENDER_PRESERVE_REQ_HEADERS" value="false"/>`),
      ),
      // a boolean false is not the string "false": the request's headers stay
      'Bool.xml': api(
        'Bool',
        '/bac/bool',
        blocking(
          '/shelf-xml',
          `<property name="BLOCKING_SENDER_PRESERVE_REQ_HEADERS" value="false" type="BOOLEAN"/>`,
        ),
      ),
      // OUT_ONLY "true": BlockingMsgSender.sendRobust waits for the back end; the message keeps its body, gets HTTP_SC
      // a SOAP 1.1 client: messageType text/xml stays, so the JSON answer goes back in a SOAP envelope
      'SoapClient.xml': `<proxy xmlns="http://ws.apache.org/ns/synapse" name="SoapClient" transports="http"><target><inSequence>
        <call blocking="true"><endpoint><http method="post" uri-template="${B}/shelf-json"/></endpoint></call><respond/>
        </inSequence></target></proxy>`,
      'OutOnly.xml': api(
        'OutOnly',
        '/bac/out-only',
        `<property name="OUT_ONLY" value="true"/>
         <call blocking="true"><endpoint><http method="post" uri-template="${B}/shelf-xml"/></endpoint></call>${PROBE}
         <property name="OUT_ONLY" action="remove"/><respond/>`,
      ),
      // a target variable's attributes.statusCode: the axis2 HTTP_SC as it is (MediatorEnrichUtil
      // .populateTransportAttributes: a String after a blocking call, an Integer after a non-blocking one)
      'Target.xml': api(
        'Target',
        '/bac/target',
        `<call blocking="true"><endpoint><http method="post" uri-template="${B}/shelf-json"/></endpoint><target type="variable">rb</target></call>
         <call><endpoint><http method="post" uri-template="${B}/shelf-json"/></endpoint><target type="variable">rn</target></call>
         <payloadFactory media-type="json" template-type="default"><format>{"b": \${vars.rb.attributes}, "n": \${vars.rn.attributes}}</format></payloadFactory>
         <respond/>`,
      ),
      'NonBlocking.xml': api(
        'NonBlocking',
        '/bac/nonblocking',
        `<call><endpoint><http method="post" uri-template="${B}/shelf-xml"/></endpoint></call>${PROBE}<respond/>`,
      ),
      'Get.xml': api(
        'Get',
        '/bac/get',
        `<call blocking="true"><endpoint><http method="get" uri-template="${B}/shelf-json"/></endpoint></call>
         <property name="NO_ENTITY_BODY" scope="axis2" action="remove"/>${PROBE}<respond/>`,
        'methods="GET"',
      ),
      'Callout.xml': api(
        'Callout',
        '/bac/callout',
        `<callout serviceURL="${B}/soap"><source type="envelope"/><target key="slot"/></callout>${PROBE}
         <payloadFactory media-type="xml"><format><got xmlns="">$1</got></format><args><arg expression="$ctx:slot//bin"/></args></payloadFactory>
         <respond/>`,
      ),
      'CalloutTake.xml': api(
        'CalloutTake',
        '/bac/callout-take',
        `<property name="BLOCKING_SENDER_PRESERVE_REQ_HEADERS" value="false"/>
         <callout serviceURL="${B}/soap"><source type="envelope"/><target key="slot"/></callout>${PROBE}<respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  function probe(): string {
    const l = t.logs.filter((r) => r.message.includes('probe = ')).pop();
    assert.ok(l, t.logs.map((r) => r.message).join(' | '));
    return l.message.slice(l.message.indexOf('probe = ') + 8);
  }

  it('a JSON client reaching an XML back end gets JSON: the request keeps its type and headers, HTTP_SC is the answer', async () => {
    const r = await send(`${t.base}/bac/keep`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(r.headers.get('x-shelf'), null);
    assert.deepEqual(r.json(), { shelf: { row: 4, bin: 'a1' } });
    assert.equal(probe(), 'application/json|application/json|application/json||201');
  });

  it("the answer's status reaches the client with its standard reason phrase (only HTTP_SC is set)", async () => {
    const r = await raw(`${t.base}/bac/keep`, Buffer.from('{"want":"shelf"}'), {});
    assert.equal(r.status, 201);
    assert.equal(r.reason, 'Created');
    assert.deepEqual(JSON.parse(r.body.toString()), { shelf: { row: 4, bin: 'a1' } });
  });

  it('an XML client reaching a JSON back end gets the answer as XML (jsonObject), named by its own Content-Type', async () => {
    const r = await send(`${t.base}/bac/json`, {
      body: '<want>shelf</want>',
      type: 'application/xml; charset=UTF-8',
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/xml; charset=UTF-8');
    assert.equal(r.headers.get('x-shelf'), null);
    assert.equal(r.text, '<jsonObject><shelf><row>3</row><bin>b7</bin></shelf></jsonObject>');
    assert.equal(
      probe(),
      'application/xml; charset=UTF-8|application/xml|application/xml; charset=UTF-8||200',
    );
  });

  it('a gzip answer is read inflated and goes back plain; a gzip request gets its answer compressed', async () => {
    const plain = await raw(`${t.base}/bac/gzip`, Buffer.from('{"want":"shelf"}'), {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), '{"shelf":{"row":9}}');
    const zipped = await raw(`${t.base}/bac/gzip`, gzipSync('{"want":"shelf"}'), {
      'content-encoding': 'gzip',
    });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(zipped.body).toString(), '{"shelf":{"row":9}}');
  });

  it('BLOCKING_SENDER_PRESERVE_REQ_HEADERS "false": the answer\'s headers and base type are the message\'s', async () => {
    const r = await send(`${t.base}/bac/take`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
    assert.equal(r.headers.get('x-shelf'), 'a1');
    assert.equal(r.text, '<shelf><row>4</row><bin>a1</bin></shelf>');
    assert.equal(probe(), 'application/xml|application/xml|application/xml|a1|201');
  });

  it('a SOAP client reaching a JSON back end gets a SOAP envelope around the answer', async () => {
    const r = await send(`${t.base}/services/SoapClient`, {
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><want/></s:Body></s:Envelope>',
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:shelf' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.match(
      r.text,
      /<soapenv:Envelope xmlns:soapenv="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/"><soapenv:Body><jsonObject><shelf><row>3<\/row><bin>b7<\/bin><\/shelf><\/jsonObject><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });

  it('BLOCKING_SENDER_PRESERVE_REQ_HEADERS as a boolean false is not the string: the request stays', async () => {
    const r = await send(`${t.base}/bac/bool`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.equal(r.headers.get('x-shelf'), null);
    assert.deepEqual(r.json(), { shelf: { row: 4, bin: 'a1' } });
    assert.equal(probe(), 'application/json|application/json|application/json||201');
  });

  it('OUT_ONLY: the blocking sender waits for the answer, sets HTTP_SC and leaves the message as it was', async () => {
    const seen = backend.requests.length;
    const r = await send(`${t.base}/bac/out-only`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.equal(backend.requests.length, seen + 1);
    assert.equal(r.status, 201);
    assert.deepEqual(r.json(), { want: 'shelf' });
    assert.equal(r.headers.get('x-shelf'), null);
    assert.equal(probe(), 'application/json|application/json|application/json||201');
  });

  it('HTTP_SC is the String BlockingMsgSender sets: a target variable shows the status as a string', async () => {
    const r = await send(`${t.base}/bac/target`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.deepEqual(r.json(), { b: { statusCode: '200' }, n: { statusCode: 200 } });
  });

  it('a non-blocking call (for contrast) makes the answer the message, headers and type', async () => {
    const r = await send(`${t.base}/bac/nonblocking`, { body: '{"want":"shelf"}', type: 'application/json' });
    assert.equal(r.headers.get('x-shelf'), 'a1');
    assert.equal(r.text, '<shelf><row>4</row><bin>a1</bin></shelf>');
  });

  it("a GET keeps the listener's types: messageType application/xml, ContentType the form type", async () => {
    // ServerWorker.handleRESTUrlPost: a GET with no Content-Type is ContentType application/x-www-form-urlencoded and
    // messageType application/xml, which PassThroughHttpSender.setContentType names (with the formatter's charset)
    const r = await send(`${t.base}/bac/get`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(r.text, '<jsonObject><shelf><row>3</row><bin>b7</bin></shelf></jsonObject>');
    assert.equal(probe(), '|application/xml|application/x-www-form-urlencoded||200');
  });

  it("callout keeps the message's headers and types by default", async () => {
    const r = await send(`${t.base}/bac/callout`, { body: '<want>slot</want>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<got>c2</got>');
    assert.equal(r.headers.get('x-shelf'), null);
    // (messageType is left out: the runtime names a request's type only once a mediator or a call sets it)
    const [trp, , named, shelf, sc] = probe().split('|');
    assert.deepEqual([trp, named, shelf, sc], ['application/xml', 'application/xml', '', '200']);
  });

  it('callout with BLOCKING_SENDER_PRESERVE_REQ_HEADERS "false" takes the answer\'s headers and base type', async () => {
    const r = await send(`${t.base}/bac/callout-take`, {
      body: '<want>slot</want>',
      type: 'application/xml',
    });
    assert.equal(r.headers.get('x-shelf'), 'soap');
    assert.equal(probe(), 'text/xml; charset=UTF-8|text/xml|text/xml|soap|200');
  });
});
