/**
 * Session 17, helper E1: endpoint behaviours settled against the Synapse sources (wso2-synapse modules/core
 * endpoints/*, core/axis2/TimeoutHandler, transports passthru/SourceHandler, ServerWorker.sendAck), on the mediation
 * path and the relay path alike, against real back ends on 127.0.0.1.
 * - An endpoint `<timeout>` without `<responseAction>` has the timeout action NONE (EndpointDefinition's default;
 *   EndpointDefinitionFactory sets DISCARD or DISCARD_AND_FAULT only for `discard` / `fault`), and so has every
 *   endpoint without `<timeout>` at the global timeout. The TimeoutHandler runs at the start and then every
 *   synapse.timeout_handler_interval ms (SynapseCallbackReceiver: timer.schedule(handler, 0, interval); default 15 s;
 *   the runtime option timeoutHandlerIntervalMs here) and expires a callback at its first run at or after the
 *   timeout, so an answer before that run is taken; one after it finds no callback (SynapseCallbackReceiver
 *   .handleNoCallback's WARN). TimeoutHandler.processCallbacks then only warns ("Expiring
 *   message ID ...") and removes the callback: no fault handler runs (no fault sequence, no failure counted against
 *   the endpoint), and nothing answers the client: the call marked RESPONSE_WRITTEN=SKIP (Axis2FlexibleMEPClient), so
 *   ServerWorker.sendAck wrote no 202, and the listener closes the connection, having written nothing, when it has been
 *   idle for http.socket.timeout (SourceHandler.timeout, state REQUEST_DONE, with its WARN line).
 * - The timeout action discard (AbstractEndpoint.onFault: "Ignoring fault handlers ...") likewise leaves the client
 *   unanswered until the socket timeout (earlier sessions answered 202), for any failure of the endpoint's send; a
 *   group's child with it informs no parent (invokeNextFaultHandler is not reached), so no other child is tried.
 * The listener's socket timeout is the runtime option socketTimeoutMs here (deployment.toml `[transport.http]
 * socket_timeout` in a project); MI's default is 180 s.
 */
import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import {
  NS,
  closedPort,
  rawRequest,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
} from './helpers';
import { until } from '../support';

const SOCKET_TIMEOUT = 1200;
/** When the back end's '/soon' answers: after the endpoints' 250 ms timeouts, before the socket timeout. */
const SOON = 700;
/**
 * MI's synapse.timeout_handler_interval for the cases whose timeout must expire (a 250 ms timeout expires at most
 * 100 ms late, long before a back end's answer at 700 ms or 3 s).
 */
const TICK = 100;

describe('endpoints: timeout action NONE and discard leave the client unanswered until the socket timeout (Synapse TimeoutHandler, AbstractEndpoint.onFault, SourceHandler.timeout)', function () {
  this.timeout(20_000);
  let be: Backend;
  const open: ServerResponse[] = [];
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url?.endsWith('/fast')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"fast":true}');
        return;
      }
      if (req.url?.endsWith('/headfirst')) {
        // the head at once, its small body after the endpoint's timeout (800 ms: long enough for the head to be read
        // first on a loaded host)
        open.push(res);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
        res.flushHeaders();
        const timer = setTimeout(() => !res.destroyed && res.end('{"head":1}\n'), 1500);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (req.url?.endsWith('/soon')) {
        // after the endpoint's timeout (250 ms), before the client's socket timeout
        open.push(res);
        const timer = setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"soon":true}');
        }, SOON);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      // a back end that answers after the endpoint's timeout (and after the client's socket timeout)
      open.push(res);
      const timer = setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"late":true}');
      }, 3000);
      res.on('close', () => clearTimeout(timer));
    });
  });
  after(async () => {
    for (const r of open) r.destroy();
    await be?.close();
  });
  const fault =
    '<faultSequence><log level="custom"><property name="fault" expression="get-property(\'ERROR_CODE\')"/></log>' +
    '<payloadFactory media-type="json"><format>{"code":"$1"}</format><args>' +
    '<arg expression="get-property(\'ERROR_CODE\')"/></args></payloadFactory><respond/></faultSequence>';

  for (const relay of [false, true])
    it(`relay ${relay ? 'on' : 'off'}: a <timeout> with no responseAction: a WARN, no fault sequence, no failure counted, no answer; the connection closes at the socket timeout (MI TimeoutHandler NONE)`, async () => {
      const t = await startRuntime(
        {
          'QuietEp.xml': `<endpoint ${NS} name="QuietEp"><http method="post" uri-template="${be.url}/q/{uri.var.w}"><timeout><duration>250</duration></timeout><suspendOnFailure><initialDuration>60000</initialDuration></suspendOnFailure><markForSuspension><retriesBeforeSuspension>0</retriesBeforeSuspension></markForSuspension></http></endpoint>`,
          'Quiet.xml': `<api ${NS} name="Quiet" context="/quiet"><resource methods="POST" uri-template="/{w}"><inSequence><call><endpoint key="QuietEp"/></call><respond/></inSequence>${fault}</resource></api>`,
        },
        { relay, socketTimeoutMs: SOCKET_TIMEOUT, timeoutHandlerIntervalMs: TICK },
      );
      try {
        const l0 = t.logs.length;
        const started = Date.now();
        const err = await rawRequest(`${t.base}/quiet/slow`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":1}',
          agent: false,
        }).then(
          (r) => assert.fail(`answered ${r.status} ${r.text}`),
          (e: Error) => e,
        );
        const took = Date.now() - started;
        assert.match(err.message, /socket hang up|ECONNRESET/);
        assert.ok(took >= SOCKET_TIMEOUT - 100, `closed after ${took} ms, before the socket timeout`);
        const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
        assert.ok(
          lines.some((l) =>
            /^WARN TimeoutHandler: Expiring message ID : urn:uuid:[0-9a-f-]+; dropping message after ENDPOINT_TIMEOUT of : 0 seconds for Endpoint \[QuietEp\], URI : http:\/\/127\.0\.0\.1:\d+\/q\/slow, Received through API : Quiet/.test(
              l,
            ),
          ),
          lines.join('\n'),
        );
        assert.ok(!lines.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
        assert.ok(
          lines.some(
            (l) =>
              l.startsWith(
                'WARN SourceHandler: STATE_DESCRIPTION = Socket Timeout occurred after accepting the request headers and the request body, INTERNAL_STATE = REQUEST_DONE, DIRECTION = REQUEST, CAUSE_OF_ERROR = Connection between the client and the WSO2 server timeouts, HTTP_URL = /quiet/slow, HTTP_METHOD = POST, SOCKET_TIMEOUT = 1200, CLIENT_ADDRESS = /127.0.0.1:',
              ) && /, CORRELATION_ID = [0-9a-f-]{36}, CONNECTION = http-incoming-[1-9]\d*$/.test(l),
          ),
          lines.join('\n'),
        );
        // no failure was counted: the endpoint (suspended on its first counted failure) still sends
        const ok = await rawRequest(`${t.base}/quiet/fast`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":2}',
        });
        assert.equal(ok.status, 200);
        assert.equal(ok.text, '{"fast":true}');
      } finally {
        await t.close();
      }
    });

  for (const relay of [false, true])
    it(`relay ${relay ? 'on' : 'off'}: a pass-through proxy whose target endpoint times out with no responseAction answers nothing either (MI TimeoutHandler NONE)`, async () => {
      const t = await startRuntime(
        {
          'Mute.xml': `<proxy ${NS} name="Mute" transports="http"><target><endpoint><address uri="${be.url}/m"><timeout><duration>250</duration></timeout></address></endpoint><outSequence><send/></outSequence><faultSequence><log level="custom"><property name="fault" value="ran"/></log></faultSequence></target></proxy>`,
        },
        { relay, socketTimeoutMs: SOCKET_TIMEOUT, timeoutHandlerIntervalMs: TICK },
      );
      try {
        const l0 = t.logs.length;
        const err = await rawRequest(`${t.base}/services/Mute`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":1}',
          agent: false,
        }).then(
          (r) => assert.fail(`answered ${r.status} ${r.text}`),
          (e: Error) => e,
        );
        assert.match(err.message, /socket hang up|ECONNRESET/);
        const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
        assert.ok(
          lines.some((l) => /^WARN TimeoutHandler: .*Received through Proxy service : Mute/.test(l)),
          lines.join('\n'),
        );
        assert.ok(!lines.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
      } finally {
        await t.close();
      }
    });

  for (const relay of [false, true])
    it(`relay ${relay ? 'on' : 'off'}: a <timeout> with no responseAction expires at the TimeoutHandler's next run: an answer before it is taken, one after it finds no callback (its WARN) (MI TimeoutHandler, SynapseCallbackReceiver.handleNoCallback)`, async () => {
      const files = {
        'SoonEp.xml': `<endpoint ${NS} name="SoonEp"><http method="post" uri-template="${be.url}/s/soon"><timeout><duration>250</duration></timeout></http></endpoint>`,
        'Soon.xml': `<api ${NS} name="Soon" context="/soon"><resource methods="POST"><inSequence><call><endpoint key="SoonEp"/></call><respond/></inSequence>${fault}</resource></api>`,
      };
      const post = () =>
        rawRequest(`${t.base}/soon`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":1}',
          agent: false,
        });
      // the TimeoutHandler ran at the start and runs next a minute later: the answer at 700 ms is taken
      let t = await startRuntime(files, {
        relay,
        socketTimeoutMs: SOCKET_TIMEOUT,
        timeoutHandlerIntervalMs: 60_000,
      });
      try {
        const r = await post();
        assert.equal(r.status, 200);
        assert.equal(r.text, '{"soon":true}');
        assert.ok(
          !t.logs.some((l) => l.category === 'TimeoutHandler'),
          t.logs.map((l) => l.message).join('\n'),
        );
      } finally {
        await t.close();
      }
      // it runs every 100 ms: the callback expired (its WARN) before the answer, whose WARN names the same message
      t = await startRuntime(files, {
        relay,
        socketTimeoutMs: SOCKET_TIMEOUT,
        timeoutHandlerIntervalMs: TICK,
      });
      try {
        const err = await post().then(
          (r) => assert.fail(`answered ${r.status} ${r.text}`),
          (e: Error) => e,
        );
        assert.match(err.message, /socket hang up|ECONNRESET/);
        const lines = t.logs.map((l) => `${l.level} ${l.category}: ${l.message}`);
        const expiring = lines.findIndex((l) => l.startsWith('WARN TimeoutHandler: Expiring message ID : '));
        const key = /Expiring message ID : (urn:uuid:[0-9a-f-]+);/.exec(lines[expiring] ?? '')?.[1];
        const correlation = /Correlation ID : ([0-9a-f-]{36})$/.exec(lines[expiring] ?? '')?.[1];
        assert.ok(key && correlation, lines.join('\n'));
        const late = `WARN SynapseCallbackReceiver: Synapse received a response for the request with message Id : ${key} and correlation_id : ${correlation} But a callback is not registered (anymore) to process this response`;
        // (the back end's answer at 700 ms; the client's close at 1.2 s may come first on a loaded host)
        await until('the late answer', () =>
          t.logs.some((l) => `${l.level} ${l.category}: ${l.message}` === late),
        );
        const after = t.logs.map((l) => `${l.level} ${l.category}: ${l.message}`);
        assert.ok(after.indexOf(late) > expiring, after.join('\n'));
        assert.ok(!after.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
      } finally {
        await t.close();
      }
    });

  for (const relay of [false, true])
    it(`relay ${relay ? 'on' : 'off'}: an answer whose head came before the timeout is taken whole, whatever the action (MI ClientWorker hands the head to SynapseCallbackReceiver.receive, which removes the callback)`, async () => {
      const t = await startRuntime(
        {
          'HeadEp.xml': `<endpoint ${NS} name="HeadEp"><http method="post" uri-template="${be.url}/h/headfirst"><timeout><duration>800</duration><responseAction>fault</responseAction></timeout></http></endpoint>`,
          'Head.xml': `<api ${NS} name="Head" context="/head"><resource methods="POST"><inSequence><call><endpoint key="HeadEp"/></call><respond/></inSequence>${fault}</resource></api>`,
        },
        { relay },
      );
      try {
        const r = await rawRequest(`${t.base}/head`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":1}',
        });
        assert.equal(r.status, 200);
        assert.equal(r.text, '{"head":1}\n');
        assert.ok(!t.logs.some((l) => l.category === 'TimeoutHandler' || l.message.includes('fault = ')));
      } finally {
        await t.close();
      }
    });

  it('a failover child timing out with no responseAction: no failover to the next child, no answer (MI TimeoutHandler NONE pops no fault handler)', async () => {
    let fastCalls = 0;
    const fast = await startBackend((_req, res) => {
      fastCalls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"second":true}');
    });
    const t = await startRuntime(
      {
        'Pair.xml': `<api ${NS} name="Pair" context="/pair"><resource methods="POST"><inSequence><call><endpoint><failover><endpoint name="PairSlow"><address uri="${be.url}/p"><timeout><duration>250</duration></timeout></address></endpoint><endpoint name="PairFast"><address uri="${fast.url}/p"/></endpoint></failover></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
      },
      { socketTimeoutMs: SOCKET_TIMEOUT, timeoutHandlerIntervalMs: TICK },
    );
    try {
      const l0 = t.logs.length;
      const err = await rawRequest(`${t.base}/pair`, 'POST', {
        headers: { 'content-type': 'application/json' },
        body: '{"k":1}',
        agent: false,
      }).then(
        (r) => assert.fail(`answered ${r.status} ${r.text}`),
        (e: Error) => e,
      );
      assert.match(err.message, /socket hang up|ECONNRESET/);
      assert.equal(fastCalls, 0, 'the second child was not tried');
      const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
      assert.ok(
        lines.some((l) => /^WARN TimeoutHandler: .*for Endpoint \[PairSlow\]/.test(l)),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('Detect a Failure')), lines.join('\n'));
      assert.ok(!lines.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
    } finally {
      await t.close();
      await fast.close();
    }
  });

  it('a failover child with responseAction discard that is refused: its INFO line, no other child tried, no answer (MI AbstractEndpoint.onFault DISCARD informs no parent)', async () => {
    let fastCalls = 0;
    const fast = await startBackend((_req, res) => {
      fastCalls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"second":true}');
    });
    const down = await closedPort();
    const t = await startRuntime(
      {
        'Twin.xml': `<api ${NS} name="Twin" context="/twin"><resource methods="POST"><inSequence><call><endpoint><failover><endpoint name="TwinDown"><http method="post" uri-template="http://127.0.0.1:${down}/t"><timeout><duration>5000</duration><responseAction>discard</responseAction></timeout></http></endpoint><endpoint name="TwinUp"><address uri="${fast.url}/t"/></endpoint></failover></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
      },
      { socketTimeoutMs: SOCKET_TIMEOUT },
    );
    try {
      const l0 = t.logs.length;
      const err = await rawRequest(`${t.base}/twin`, 'POST', {
        headers: { 'content-type': 'application/json' },
        body: '{"k":1}',
        agent: false,
      }).then(
        (r) => assert.fail(`answered ${r.status} ${r.text}`),
        (e: Error) => e,
      );
      assert.match(err.message, /socket hang up|ECONNRESET/);
      assert.equal(fastCalls, 0, 'the second child was not tried');
      const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
      assert.ok(
        lines.includes(
          'INFO HTTPEndpoint: Ignoring fault handlers since the timeout action is set to DISCARD',
        ),
        lines.join('\n'),
      );
      // (the failure was counted first: AddressEndpoint/HTTPEndpoint.onFault suspends it)
      assert.ok(
        lines.some((l) => l.startsWith('WARN EndpointContext: Suspending endpoint : TwinDown')),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('Detect a Failure')), lines.join('\n'));
      assert.ok(!lines.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
    } finally {
      await t.close();
      await fast.close();
    }
  });

  it('a forwarding message processor: its target timing out with no responseAction still fails the attempt (ForwardingService.dispatch sends through the blocking sender)', async () => {
    const t = await startRuntime({
      'Inbox.xml': `<proxy ${NS} name="Inbox" transports="http"><target><inSequence><property name="FORCE_SC_ACCEPTED" scope="axis2" value="true"/><property name="OUT_ONLY" value="true"/><store messageStore="Shelf"/></inSequence></target></proxy>`,
      'Shelf.xml': `<messageStore ${NS} name="Shelf"/>`,
      'Porter.xml': `<messageProcessor ${NS} class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Shelf" name="Porter" targetEndpoint="SlowDesk"><parameter name="interval">300</parameter><parameter name="max.delivery.attempts">1</parameter></messageProcessor>`,
      'SlowDesk.xml': `<endpoint ${NS} name="SlowDesk"><address uri="${be.url}/desk"><timeout><duration>200</duration></timeout></address></endpoint>`,
    });
    try {
      const r = await rawRequest(`${t.base}/services/Inbox`, 'POST', {
        headers: { 'content-type': 'application/json' },
        body: '{"k":1}',
      });
      assert.equal(r.status, 202);
      await until('the failed attempt', () =>
        t.logs.some((l) => /^Delivery attempt 1 of message .* failed/.test(l.message)),
      );
      const lines = t.logs.map((l) => l.message);
      // (the endpoint's failure, not an answer without a status: the attempt failed on the timeout)
      assert.ok(
        lines.some((l) => /^Delivery attempt 1 of message .* failed: Send timeout$/.test(l)),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('received a response with HTTP_SC')), lines.join('\n'));
      // (the blocking sender is an Axis2 HTTP client: no TimeoutHandler callback to expire)
      assert.ok(!t.logs.some((l) => l.category === 'TimeoutHandler'), lines.join('\n'));
    } finally {
      await t.close();
    }
  });

  it('a blocking call or callout whose endpoint has responseAction discard: any failure is dropped (INFO), the mediator logs its error and stops, the listener answers 202 (MI AbstractEndpoint.onFault, CallMediator.handleBlockingCall, CalloutMediator)', async () => {
    const down = await closedPort();
    const failing = await startBackend((_req, res) => {
      // (a 404 fails a blocking call: Axis2's HTTPSender throws "Transport error: 404 ...")
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"missing":true}');
    });
    const ep = (name: string, uri: string) =>
      `<endpoint ${NS} name="${name}"><address uri="${uri}"><timeout><duration>5000</duration><responseAction>discard</responseAction></timeout></address></endpoint>`;
    const t = await startRuntime(
      {
        'GoneEp.xml': ep('GoneEp', `http://127.0.0.1:${down}/g`),
        'FailEp.xml': ep('FailEp', `${failing.url}/f`),
        // (its own endpoint: the call's failure suspended GoneEp, and a suspended endpoint's failure is no onFault)
        'GoneOutEp.xml': ep('GoneOutEp', `http://127.0.0.1:${down}/o`),
        'Gone.xml': `<api ${NS} name="Gone" context="/gone"><resource methods="POST"><inSequence><call blocking="true"><endpoint key="GoneEp"/></call><log level="custom"><property name="after" value="call"/></log><respond/></inSequence>${fault}</resource></api>`,
        'Fail.xml': `<api ${NS} name="Fail" context="/fail"><resource methods="POST"><inSequence><call blocking="true"><endpoint key="FailEp"/></call><log level="custom"><property name="after" value="call"/></log><respond/></inSequence>${fault}</resource></api>`,
        'Out.xml': `<api ${NS} name="Out" context="/out"><resource methods="POST"><inSequence><callout endpointKey="GoneOutEp"><source type="envelope"/><target key="got"/></callout><log level="custom"><property name="after" value="callout"/></log><respond/></inSequence>${fault}</resource></api>`,
      },
      { socketTimeoutMs: SOCKET_TIMEOUT },
    );
    try {
      for (const [path, ep, line] of [
        ['/gone', 'GoneEp', 'ERROR CallMediator: Error while performing the call operation in blocking mode'],
        ['/fail', 'FailEp', 'ERROR CallMediator: Error while performing the call operation in blocking mode'],
        ['/out', 'GoneOutEp', 'INFO CalloutMediator: Error while performing the callout operation'],
      ]) {
        const l0 = t.logs.length;
        const r = await rawRequest(`${t.base}${path}`, 'POST', {
          headers: { 'content-type': 'application/json' },
          body: '{"k":1}',
        });
        assert.equal(r.status, 202, `${path}: ${r.text}`);
        assert.equal(r.text, '');
        const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
        const i = lines.indexOf(
          'INFO AddressEndpoint: Ignoring fault handlers since the timeout action is set to DISCARD',
        );
        assert.ok(i >= 0 && lines.indexOf(line) > i, `${path} (${ep}):\n${lines.join('\n')}`);
        assert.ok(!lines.some((l) => l.includes('fault = ') || l.includes('after = ')), lines.join('\n'));
      }
    } finally {
      await t.close();
      await failing.close();
    }
  });

  it('a message stored without FORCE_SC_ACCEPTED that nothing answers: no 202, the connection closes at the socket timeout (MessageStoreMediator marks RESPONSE_WRITTEN=SKIP)', async () => {
    const t = await startRuntime(
      {
        'Stash.xml': `<api ${NS} name="Stash" context="/stash"><resource methods="POST"><inSequence><store messageStore="Attic"/></inSequence></resource></api>`,
        'Attic.xml': `<messageStore ${NS} name="Attic"/>`,
      },
      { socketTimeoutMs: 600 },
    );
    try {
      const started = Date.now();
      const err = await rawRequest(`${t.base}/stash`, 'POST', {
        headers: { 'content-type': 'application/json' },
        body: '{"k":1}',
        agent: false,
      }).then(
        (r) => assert.fail(`answered ${r.status} ${r.text}`),
        (e: Error) => e,
      );
      assert.match(err.message, /socket hang up|ECONNRESET/);
      assert.ok(Date.now() - started >= 500);
    } finally {
      await t.close();
    }
  });

  it("a project's deployment.toml [transport.http] socket_timeout is the listener's socket timeout (MI key-mappings: http.socket.timeout), [synapse_properties] 'synapse.timeout_handler_interval' the TimeoutHandler's interval", async () => {
    const t = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>quietdemo</artifactId><version>1.0.0</version></project>',
        'src/main/wso2mi/artifacts/apis/Hush.xml': `<api ${NS} name="Hush" context="/hush"><resource methods="GET"><inSequence><call><endpoint><address uri="${be.url}/h"><timeout><duration>200</duration></timeout></address></endpoint></call><respond/></inSequence></resource></api>`,
        // (and the TimeoutHandler's interval, synapse.properties through [synapse_properties])
        'deployment/deployment.toml':
          "[transport.http]\nsocket_timeout = 900\n\n[synapse_properties]\n'synapse.timeout_handler_interval' = 100\n",
      },
      'e1-socket-timeout',
    );
    try {
      const l0 = t.logs.length;
      const started = Date.now();
      const err = await rawRequest(`${t.base}/hush`, 'GET', { agent: false }).then(
        (r) => assert.fail(`answered ${r.status} ${r.text}`),
        (e: Error) => e,
      );
      assert.match(err.message, /socket hang up|ECONNRESET/);
      // (expired at a run 100 ms apart, not at the default 15 s one)
      assert.ok(Date.now() - started < 10_000);
      const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
      assert.ok(
        lines.some((l) => l.includes('HTTP_URL = /hush, HTTP_METHOD = GET, SOCKET_TIMEOUT = 900,')),
        lines.join('\n'),
      );
    } finally {
      await t.close();
    }
  });

  it('responseAction discard: the INFO line, no fault sequence, no 202: the connection closes at the socket timeout (MI AbstractEndpoint.onFault DISCARD)', async () => {
    const t = await startRuntime(
      {
        'Drop.xml': `<api ${NS} name="Drop" context="/dropped"><resource methods="POST"><inSequence><call><endpoint><address uri="${be.url}/d"><timeout><duration>250</duration><responseAction>discard</responseAction></timeout></address></endpoint></call><respond/></inSequence>${fault}</resource></api>`,
      },
      { socketTimeoutMs: SOCKET_TIMEOUT },
    );
    try {
      const l0 = t.logs.length;
      const err = await rawRequest(`${t.base}/dropped`, 'POST', {
        headers: { 'content-type': 'application/json' },
        body: '{"k":1}',
        agent: false,
      }).then(
        (r) => assert.fail(`answered ${r.status} ${r.text}`),
        (e: Error) => e,
      );
      assert.match(err.message, /socket hang up|ECONNRESET/);
      const lines = t.logs.slice(l0).map((l) => `${l.level} ${l.category}: ${l.message}`);
      assert.ok(
        lines.includes(
          'INFO AddressEndpoint: Ignoring fault handlers since the timeout action is set to DISCARD',
        ),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('fault = ')), 'the fault sequence did not run');
    } finally {
      await t.close();
    }
  });
});
