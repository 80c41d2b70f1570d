/**
 * A blocking call that fails, and the endpoint's fault handling, as MI 4.4 runs it: BlockingMsgSender.send pops the
 * endpoint's fault handler for every failure it judges (a status error, a fault, a refused connection), with the
 * ERROR_CODE it set (the status, 401002...). So the endpoint is suspended by that code (AddressEndpoint/HTTPEndpoint
 * .onFault -> isSuspendFault: with no suspend codes, any), and a failover group tries its next child
 * (FailoverEndpoint.onChildEndpointFail, the original envelope put back), where a non-blocking call would have taken
 * a 404 as the answer.
 */
import assert from 'node:assert/strict';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const FAULT = `<faultSequence><payloadFactory media-type="text"><format>$1|$2</format><args>
    <arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
    <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>`;

describe('runtime: a failed blocking call and the endpoint fault handling (suspension, failover)', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  let dead: number;
  before(async () => {
    backend = await startBackend((req, res) => {
      if (req.url === '/gone') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end('{"error":"no such lane"}');
      }
      if (req.url === '/jam') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end('{"error":"conveyor jammed"}');
      }
      if (req.url === '/stopped') {
        res.writeHead(500, { 'content-type': 'application/soap+xml' });
        return void res.end(
          '<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text xml:lang="en">belt stopped</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>',
        );
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ lane: 'spare', got: req.body }));
    });
    dead = await closedPort();
    const B = backend.url;
    const failover = (first: string) =>
      `<failover><endpoint><http method="post" uri-template="${first}"/></endpoint>
         <endpoint><http method="post" uri-template="${B}/spare"/></endpoint></failover>`;
    // a fault answer fails a blocking call only with FORCE_ERROR_ON_SOAP_FAULT "true"
    // (BlockingMsgSenderUtils.fillClientOptions -> Options.setExceptionToBeThrownOnSOAPFault)
    const apiWith = (name: string, endpoint: string, blocking = true) =>
      `<api ${NS} name="${name}" context="/bf/${name.toLowerCase()}"><resource methods="POST"><inSequence>
        <property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/>
        <call${blocking ? ' blocking="true"' : ''}><endpoint>${endpoint}</endpoint></call><respond/>
        </inSequence>${FAULT}</resource></api>`;
    t = await startRuntime({
      'Fo404.xml': apiWith('Fo404', failover(`${B}/gone`)),
      'Fo404Nb.xml': apiWith('Fo404Nb', failover(`${B}/gone`), false),
      'FoDead.xml': apiWith('FoDead', failover(`http://127.0.0.1:${dead}/x`)),
      'Alone.xml': apiWith('Alone', `<http method="post" uri-template="${B}/jam"/>`),
      // the fault sequence answers the SOAP fault it keeps as the message with respond alone
      'Stopped.xml': apiWith('Stopped', `<http method="post" uri-template="${B}/stopped"/>`).replace(
        FAULT,
        '<faultSequence><respond/></faultSequence>',
      ),
      'AloneNb.xml': apiWith('AloneNb', `<http method="post" uri-template="${B}/jam"/>`, false),
      // suspend codes that do not name the blocking sender's 401002: a refused connection does not suspend
      'Coded.xml': apiWith(
        'Coded',
        `<http method="post" uri-template="http://127.0.0.1:${dead}/x"><suspendOnFailure><errorCodes>101503</errorCodes></suspendOnFailure></http>`,
      ),
      'CodedNb.xml': apiWith(
        'CodedNb',
        `<http method="post" uri-template="http://127.0.0.1:${dead}/x"><suspendOnFailure><errorCodes>101503</errorCodes></suspendOnFailure></http>`,
        false,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  const post = (name: string) =>
    send(`${t.base}/bf/${name}`, { body: '{"parcel":"q-8"}', type: 'application/json' });

  it('a 404 from the first child of a failover: the request goes to the next child (blocking)', async () => {
    const before = backend.requests.length;
    const r = await post('fo404');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { lane: 'spare', got: '{"parcel":"q-8"}' });
    // the next child got the request itself, not the 404 answer
    assert.deepEqual(
      backend.requests.slice(before).map((q) => [q.url, q.body]),
      [
        ['/gone', '{"parcel":"q-8"}'],
        ['/spare', '{"parcel":"q-8"}'],
      ],
    );
    assert.ok(
      t.logs.some((l) => l.message.includes('Detect a Failure in a child endpoint')),
      t.logs.map((l) => l.message).join(' | '),
    );
  });

  it('a non-blocking call takes the 404 as the answer (no failover)', async () => {
    const r = await post('fo404nb');
    assert.equal(r.status, 404);
    assert.equal(r.text, '{"error":"no such lane"}');
  });

  it('a refused first child: the next child answers (blocking)', async () => {
    const r = await post('fodead');
    assert.deepEqual(r.json(), { lane: 'spare', got: '{"parcel":"q-8"}' });
  });

  it('a fault answer suspends a lone endpoint: the next message meets it SUSPENDED (303001)', async () => {
    const first = await post('alone');
    assert.equal(first.status, 502);
    assert.equal(first.text, '401002|<jsonObject><error>conveyor jammed</error></jsonObject>');
    assert.ok(t.logs.some((l) => l.message.includes('will be marked SUSPENDED as it failed')));
    const hits = backend.requests.length;
    const second = await post('alone');
    assert.equal(second.status, 502);
    // (an http endpoint's own wording: HTTPEndpoint.send, which a blocking call goes through too)
    assert.match(second.text, /^303001\|Currently, HTTP endpoint : .* \[ State : SUSPENDED \]$/);
    assert.equal(backend.requests.length, hits);
    // without blocking the same 500 is an answer, not a failure
    const nb = await post('alonenb');
    assert.equal(nb.status, 500);
    assert.equal(nb.text, '{"error":"conveyor jammed"}');
  });

  it("a SOAP fault kept as the message is written in the request's type (a JSON client gets JSON)", async () => {
    // BlockingMsgSender sets the fault's envelope and leaves messageType; the REST client's fault becomes POX
    // (Axis2Sender.sendBack -> POXUtils.convertSOAPFaultToPOX), written by the JSON formatter
    const r = await post('stopped');
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.deepEqual(r.json(), { Exception: 'belt stopped' });
  });

  it("suspend codes are matched against the blocking sender's 401002, not the transport's 101503", async () => {
    for (let i = 0; i < 2; i++) assert.equal((await post('coded')).text, '401002|Connection refused');
    // the same endpoint without blocking fails with 101503, which suspends it
    assert.match((await post('codednb')).text, /^101503\|/);
    assert.match((await post('codednb')).text, /^303001\|/);
  });
});
