/**
 * Endpoint behaviours found while extending the relay path (session 15, helper E), checked on the mediation path
 * (relay off) and the relay path alike:
 * - a suspended http endpoint's failure message is HTTPEndpoint.send's own ("Currently, HTTP endpoint : ..."), not
 *   AddressEndpoint's ("Currently , Address endpoint : ...");
 * - an endpoint's <timeout> ends when the answer arrives (SynapseCallbackReceiver.receive removes the callback the
 *   TimeoutHandler would expire): a body that streams in for longer than the timeout is answered whole;
 * - an endpoint whose timeout action is discard ignores the fault handlers for any failure of its send, a refused
 *   connection too (AbstractEndpoint.onFault): no fault sequence, an INFO line of the endpoint's class.
 */
import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import { NS, closedPort, send, startBackend, startRuntime, type Backend } from './helpers';

describe('endpoints: http endpoint suspension message, discard on any failure, timeout against a slow body (Synapse HTTPEndpoint, AbstractEndpoint, SynapseCallbackReceiver)', function () {
  this.timeout(20_000);
  let be: Backend;
  const open: ServerResponse[] = [];
  before(async () => {
    be = await startBackend((_req, res) => {
      // half the body at once, the rest 600 ms later (no Content-Length: streamed)
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"slow":');
      open.push(res);
      setTimeout(() => !res.destroyed && res.end('"body"}'), 600);
    });
  });
  after(async () => {
    for (const r of open) r.destroy();
    await be?.close();
  });
  const fault =
    '<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>' +
    '<arg expression="get-property(\'ERROR_CODE\')"/><arg expression="get-property(\'ERROR_MESSAGE\')"/></args>' +
    '</payloadFactory><respond/></faultSequence>';

  for (const relay of [false, true])
    it(`relay ${relay ? 'on' : 'off'}: a suspended http endpoint fails with "Currently, HTTP endpoint" (Synapse HTTPEndpoint.send); a discard endpoint drops a refused call (AbstractEndpoint.onFault); a body slower than the timeout comes whole`, async () => {
      const down = await closedPort();
      const t = await startRuntime(
        {
          'HttpDownEp.xml': `<endpoint ${NS} name="HttpDownEp"><http method="post" uri-template="http://127.0.0.1:${down}/x/{uri.var.n}"><suspendOnFailure><initialDuration>30000</initialDuration></suspendOnFailure></http></endpoint>`,
          'HttpDown.xml': `<api ${NS} name="HttpDown" context="/hdown"><resource methods="POST" uri-template="/{n}"><inSequence><call><endpoint key="HttpDownEp"/></call><respond/></inSequence>${fault}</resource></api>`,
          'DiscardDown.xml': `<api ${NS} name="DiscardDown" context="/discarddown"><resource methods="POST" url-mapping="/*"><inSequence><call><endpoint><http method="post" uri-template="http://127.0.0.1:${down}/y"><timeout><duration>5000</duration><responseAction>discard</responseAction></timeout></http></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
          'SlowBody.xml': `<api ${NS} name="SlowBody" context="/slowbody"><resource methods="POST" url-mapping="/*"><inSequence><call><endpoint><http method="post" uri-template="${be.url}/s"><timeout><duration>200</duration><responseAction>fault</responseAction></timeout></http></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
        },
        { relay, socketTimeoutMs: 800 },
      );
      try {
        const post = (p: string) => send(`${t.base}${p}`, { body: '{"k":1}', type: 'application/json' });
        let r = await post('/hdown/1');
        assert.equal((r.json() as { code: string }).code, '101503');
        r = await post('/hdown/2');
        assert.deepEqual(r.json(), {
          code: '303001',
          message: 'Currently, HTTP endpoint : [ Name : HttpDownEp ] [ State : SUSPENDED ]',
        });
        // (the fault sequence would answer 200 with the code; the message is dropped instead)
        const l0 = t.logs.length;
        // (no 202 either: the call marked RESPONSE_WRITTEN=SKIP; the listener closes the connection at its socket
        // timeout, session 17 E1)
        await assert.rejects(post('/discarddown/a'));
        const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
        assert.equal(
          lines.at(-2),
          'INFO HTTPEndpoint: Ignoring fault handlers since the timeout action is set to DISCARD',
        );
        assert.match(lines.at(-1) ?? '', /^WARN SourceHandler: STATE_DESCRIPTION = Socket Timeout occurred/);
        assert.ok(lines.some((l) => l.startsWith('WARN ConnectCallback')));
        const n = t.rt.relayedCount;
        r = await post('/slowbody/a');
        assert.equal(r.status, 200);
        assert.equal(r.text, '{"slow":"body"}');
        assert.equal(t.rt.relayedCount - n, relay ? 1 : 0);
      } finally {
        await t.close();
      }
    });
});
