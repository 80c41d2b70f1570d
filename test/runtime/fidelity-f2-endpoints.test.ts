import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { closedPort, NS, send, startRuntime, type TestRuntime } from './helpers';
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
