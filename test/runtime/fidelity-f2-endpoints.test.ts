import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { javaDate } from '../../runtime-debug/engine/endpoints';

const FAULT = `<faultSequence><payloadFactory media-type="text"><format>$1</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory>
  <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>`;

describe('runtime fidelity (F2): endpoint suspension and recovery with MI log lines', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let port: number;
  let revived: Server | undefined;
  before(async () => {
    port = await closedPort();
    t = await startRuntime({
      'Depot.xml': `<endpoint ${NS} name="DepotEP"><address uri="http://127.0.0.1:${port}/stock"><suspendOnFailure>
        <errorCodes>101503</errorCodes><initialDuration>300</initialDuration><progressionFactor>2</progressionFactor><maximumDuration>5000</maximumDuration>
        </suspendOnFailure></address></endpoint>`,
      'Stock.xml': `<api ${NS} name="Stock" context="/stock"><resource methods="GET"><inSequence>
        <call><endpoint key="DepotEP"/></call><respond/></inSequence>${FAULT}</resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    revived?.closeAllConnections();
    await new Promise<void>((r) => (revived ? revived.close(() => r()) : r()));
  });

  const lines = () =>
    t.logs.filter((l) => l.category === 'EndpointContext').map((l) => `${l.level} ${l.message}`);
  const name = () => `DepotEP with address http://127.0.0.1:${port}/stock`;

  it('prints Java dates as Date.toString does', () => {
    assert.match(javaDate(Date.UTC(2026, 0, 5, 7, 8, 9)), /^[A-Z][a-z]{2} Jan 0[45] \d\d:08:09 \S+ 2026$/);
  });

  it('suspends with MI lines, progresses the duration, and marks the endpoint active again once it answers', async () => {
    t.logs.length = 0;
    assert.equal((await send(`${t.base}/stock`)).text, '101503');
    let l = lines();
    assert.equal(l[0], `WARN Endpoint : ${name()} will be marked SUSPENDED as it failed`);
    assert.match(
      l[1]!,
      new RegExp(
        `^WARN Suspending endpoint : ${name().replace(/[.]/g, '\\.')} - current suspend duration is : 300ms - Next retry after : \\w{3} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\d{4}$`,
      ),
    );
    // suspended: not called, no new line
    assert.equal((await send(`${t.base}/stock`)).text, '303001');
    assert.equal(lines().length, 2);
    await new Promise((r) => setTimeout(r, 350));
    t.logs.length = 0;
    assert.equal((await send(`${t.base}/stock`)).text, '101503');
    l = lines();
    assert.match(
      l[1]!,
      / - last suspend duration was : 300ms and current suspend duration is : 600ms - Next retry after : /,
    );
    // the depot comes back on the same port
    revived = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"stock":4}');
    });
    await new Promise<void>((r) => revived!.listen(port, '127.0.0.1', r));
    await new Promise((r) => setTimeout(r, 650));
    t.logs.length = 0;
    const ok = await send(`${t.base}/stock`);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, '{"stock":4}');
    assert.deepEqual(lines(), [
      `INFO Endpoint : ${name()} currently SUSPENDED will now be marked active since it processed its last message`,
    ]);
  });
});

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (F2): FORCE_ERROR_ON_SOAP_FAULT', function () {
  this.timeout(15000);
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(req.url === '/refuse' ? 500 : 200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        req.url === '/refuse'
          ? `<s:Envelope xmlns:s="${SOAP11}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>no parcels today</faultstring></s:Fault></s:Body></s:Envelope>`
          : `<s:Envelope xmlns:s="${SOAP11}"><s:Body><accepted>${req.body.includes('parcel') ? 'parcel' : 'other'}</accepted></s:Body></s:Envelope>`,
      );
    });
    const B = backend.url;
    const fault = `<faultSequence><payloadFactory media-type="text"><format>$1|$2</format><args>
        <arg expression="get-property('ERROR_CODE')"/><arg expression="//faultstring"/></args></payloadFactory>
        <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>`;
    const request = `<payloadFactory media-type="xml"><format><s:Envelope xmlns:s="${SOAP11}"><s:Body><parcel xmlns="">p1</parcel></s:Body></s:Envelope></format></payloadFactory>`;
    t = await startRuntime({
      'Forced.xml': `<api ${NS} name="Forced" context="/forced"><resource methods="GET"><inSequence>${request}
        <property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/>
        <call><endpoint><address uri="${B}/refuse" format="soap11"/></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
      'Plain.xml': `<api ${NS} name="Plain" context="/plain"><resource methods="GET"><inSequence>${request}
        <call><endpoint><address uri="${B}/refuse" format="soap11"/></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
      'Over.xml': `<api ${NS} name="Over" context="/over"><resource methods="GET"><inSequence>${request}
        <property name="FORCE_ERROR_ON_SOAP_FAULT" value="true"/>
        <call><endpoint><failover><endpoint><address uri="${B}/refuse" format="soap11"/></endpoint><endpoint><address uri="${B}/accept" format="soap11"/></endpoint></failover></endpoint></call>
        <respond/></inSequence>${fault}</resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a SOAP fault answer runs the fault sequence with ERROR_CODE 500000 and the fault as the message', async () => {
    const r = await send(`${t.base}/forced`);
    assert.equal(r.status, 502);
    assert.equal(r.text, '500000|no parcels today');
  });

  it('without the property the fault is an answer like any other (500 passed through)', async () => {
    const r = await send(`${t.base}/plain`);
    assert.equal(r.status, 500);
    assert.match(r.text, /no parcels today/);
  });

  it('in a failover group the request goes on to the next endpoint', async () => {
    backend.requests.length = 0;
    const r = await send(`${t.base}/over`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<accepted>parcel<\/accepted>/);
    assert.deepEqual(
      backend.requests.map((q) => q.url),
      ['/refuse', '/accept'],
    );
    assert.match(backend.requests[1]!.body, /<parcel>p1<\/parcel>/);
  });
});
