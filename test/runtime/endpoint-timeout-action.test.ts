/**
 * The timeout's responseAction as EndpointDefinitionFactory reads it: `discard` or `fault` in any case (WSO2's tooling
 * writes `Fault`), anything else refuses the endpoint ("Invalid timeout action, action : X is not supported").
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: endpoint timeout responseAction in any case (EndpointDefinitionFactory)', function () {
  this.timeout(15_000);
  let slow: Backend;
  let t: TestRuntime;
  before(async () => {
    slow = await startBackend((_req, res) => {
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"late":true}');
      }, 1500);
      res.on('close', () => clearTimeout(timer));
    });
    t = await startRuntime({
      'Gate.xml': api(
        'Gate',
        '/gate',
        `<call><endpoint><address uri="${slow.url}/wait"><timeout><duration>200</duration><responseAction>Fault</responseAction></timeout></address></endpoint></call><respond/>`,
      ).replace(
        '</resource>',
        `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1"}</format><args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory><respond/></faultSequence></resource>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await slow?.close();
  });

  it('<responseAction>Fault</responseAction> faults on the timeout (101504) instead of waiting', async () => {
    const started = Date.now();
    const r = await send(`${t.base}/gate`);
    assert.deepEqual(r.json(), { code: '101504' });
    assert.ok(Date.now() - started < 1400, 'answered before the back end');
  });

  it('an action MI does not know (never, empty) refuses the endpoint with RT_BAD_TIMEOUT_ACTION', () => {
    for (const action of ['never', '']) {
      const rt = new Runtime({ httpPort: 0 });
      const res = rt.deploy([
        {
          name: 'Ep.xml',
          text: `<endpoint ${NS} name="Ep"><address uri="http://127.0.0.1:9/x"><timeout><duration>5</duration><responseAction>${action}</responseAction></timeout></address></endpoint>`,
        },
      ]);
      const p = res.problems.find((x) => x.code === 'RT_BAD_TIMEOUT_ACTION');
      assert.ok(p, `${action}: ${JSON.stringify(res.problems)}`);
      assert.equal(p.message, `Invalid timeout action, action : ${action} is not supported`);
      assert.equal(p.line, 1);
    }
  });
});
