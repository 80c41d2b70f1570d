/**
 * Session 14 (W3): the lines `synapse run` prints by default, as MI 4.4 prints them with its default log4j2.properties
 * (%c{1}: the logging class's short name). The listener lines come from PassThroughListeningIOReactorManager
 * (startEndpoint: "Pass-through " + HTTP / HTTPS / the inbound endpoint's name + " Listener started on host:port");
 * PassThroughHttpListener's own lines are at WARN there (logger PassThroughHttpListener = WARN). No MI test prints
 * them (sources: PassThroughListeningIOReactorManager, HTTPEndpointManager, ConnectCallback, TargetErrorHandler,
 * distribution/src/conf/log4j2.properties).
 */
import assert from 'node:assert/strict';
import { NS, closedPort, send, startBackend, startRuntime } from './helpers';

describe('oracle S14 W3: default log lines as MI prints them', () => {
  it("the listeners' start lines are PassThroughListeningIOReactorManager's, an HTTP inbound endpoint's named after it", async () => {
    const port = await closedPort();
    const t = await startRuntime({
      'Seq.xml': `<sequence ${NS} name="Spindle"><drop/></sequence>`,
      'In.xml': `<inboundEndpoint ${NS} name="Bobbin" protocol="http" suspend="false" sequence="Spindle"><parameters><parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
    });
    try {
      const lines = t.logs.map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      const main = new URL(t.base).port;
      assert.ok(
        lines.includes(
          ` INFO {PassThroughListeningIOReactorManager} - Pass-through HTTP Listener started on 127.0.0.1:${main}`,
        ),
        lines.join('\n'),
      );
      assert.ok(
        lines.includes(
          ` INFO {PassThroughListeningIOReactorManager} - Pass-through Bobbin Listener started on 127.0.0.1:${port}`,
        ),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('{PassThroughHttpListener}')), lines.join('\n'));
    } finally {
      await t.close();
    }
  });
  it('a back end that refuses the connection: ConnectCallback warns with the remote address as Java prints it, before the endpoint is suspended', async () => {
    const port = await closedPort();
    const t = await startRuntime({
      'Shed.xml': `<endpoint ${NS} name="Shed"><address uri="http://localhost:${port}/bolts"/></endpoint>`,
      'Mill.xml': `<api ${NS} name="Mill" context="/mill">
        <resource methods="GET" uri-template="/ip"><inSequence><call><endpoint><http method="get" uri-template="http://127.0.0.1:${port}/x"/></endpoint></call><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/named"><inSequence><call><endpoint key="Shed"/></call><respond/></inSequence></resource></api>`,
    });
    try {
      for (const path of ['ip', 'named']) assert.equal((await send(`${t.base}/mill/${path}`)).status, 500);
      const warnings = t.logs.filter((l) => l.level === 'WARN').map((l) => `${l.category} ${l.message}`);
      assert.equal(warnings[0], `ConnectCallback Connection refused or failed for : /127.0.0.1:${port}`);
      assert.match(
        warnings[1],
        /^EndpointContext Endpoint : AnonymousEndpoint with address .* will be marked SUSPENDED/,
      );
      const named = warnings.findIndex((w) =>
        w.startsWith('ConnectCallback Connection refused or failed for : localhost/'),
      );
      assert.ok(named > 1, warnings.join('\n'));
      assert.match(
        warnings[named],
        new RegExp(`^ConnectCallback Connection refused or failed for : localhost/[0-9a-f.:]+:${port}$`),
      );
      assert.match(warnings[named + 1], /^EndpointContext Endpoint : Shed with address/);
    } finally {
      await t.close();
    }
  });
  it('an API deployed is initialised first (API.init: "{api:X} Initializing API: X" before APIDeployer\'s line); one deployed again destroys the one it replaces (MI VersionedDeploymentTestCase waits for the Initializing API line)', async () => {
    const apiText = (v: string) =>
      `<api ${NS} name="Treadle" context="/treadle"><resource methods="GET"><inSequence><log><message>${v}</message></log><respond/></inSequence></resource></api>`;
    const t = await startRuntime({ 'Treadle.xml': apiText('one') });
    try {
      const shown = () =>
        t.logs
          .filter((l) => l.category === 'API' || l.category === 'APIDeployer')
          .map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      assert.deepEqual(shown(), [
        ' INFO {API} - {api:Treadle} Initializing API: Treadle',
        " INFO {APIDeployer} - API named 'Treadle' has been deployed from file : Treadle.xml",
      ]);
      t.rt.deploy([{ name: 'Treadle.xml', text: apiText('two') }]);
      assert.deepEqual(shown().slice(2), [
        ' INFO {API} - {api:Treadle} Initializing API: Treadle',
        ' INFO {APIDeployer} - API: Treadle has been updated from the file: Treadle.xml',
        ' INFO {API} - {api:Treadle} Destroying API: Treadle',
      ]);
    } finally {
      await t.close();
    }
  });
  it("a proxy service deployed prints ProxyService.buildAxisService's lines before the deployer's (and stop's when startOnLoad is false); an inbound endpoint InboundEndpoint.init's", async () => {
    const port = await closedPort();
    const t = await startRuntime({
      'Heddle.xml': `<proxy ${NS} name="Heddle" transports="http"><target><inSequence><drop/></inSequence></target></proxy>`,
      'Reed.xml': `<proxy ${NS} name="Reed" transports="http" startOnLoad="false"><target><inSequence><drop/></inSequence></target></proxy>`,
      'Seq.xml': `<sequence ${NS} name="Warp"><drop/></sequence>`,
      'Pirn.xml': `<inboundEndpoint ${NS} name="Pirn" protocol="http" suspend="false" sequence="Warp"><parameters><parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
    });
    try {
      const shown = t.logs
        .filter((l) =>
          /^(ProxyService|ProxyServiceDeployer|InboundEndpoint|InboundEndpointDeployer)$/.test(l.category),
        )
        .map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      assert.deepEqual(shown, [
        ' INFO {ProxyService} - {proxy:Heddle} Building Axis service for Proxy service : Heddle',
        ' INFO {ProxyService} - {proxy:Heddle} Adding service Heddle to the Axis2 configuration',
        ' INFO {ProxyService} - {proxy:Heddle} Successfully created the Axis2 service for Proxy service : Heddle',
        " INFO {ProxyServiceDeployer} - ProxyService named 'Heddle' has been deployed from file : Heddle.xml",
        ' INFO {ProxyService} - {proxy:Reed} Building Axis service for Proxy service : Reed',
        ' INFO {ProxyService} - {proxy:Reed} Adding service Reed to the Axis2 configuration',
        ' INFO {ProxyService} - {proxy:Reed} Successfully created the Axis2 service for Proxy service : Reed',
        " INFO {ProxyServiceDeployer} - ProxyService named 'Reed' has been deployed from file : Reed.xml",
        ' INFO {ProxyService} - {proxy:Reed} Stopped the proxy service : Reed',
        " INFO {ProxyServiceDeployer} - ProxyService named 'Reed' has been stopped as startOnLoad parameter is set to false",
        ' INFO {InboundEndpoint} - Initializing Inbound Endpoint: Pirn',
        " INFO {InboundEndpointDeployer} - Inbound Endpoint named 'Pirn' has been deployed from file : Pirn.xml",
      ]);
    } finally {
      await t.close();
    }
  });
  it('a sequence or sequence template that is not there: the mediator logs its exception at ERROR before the fault sequence runs (AbstractMediator.handleException; SequenceMediator, InvokeMediator)', async () => {
    const t = await startRuntime({
      'Lost.xml': `<api ${NS} name="Lost" context="/lost">
        <resource methods="GET" uri-template="/seq"><inSequence><sequence key="NoShuttle"/><respond/></inSequence></resource>
        <resource methods="GET" uri-template="/tmpl"><inSequence><call-template target="NoPattern"/><respond/></inSequence></resource></api>`,
    });
    try {
      for (const path of ['seq', 'tmpl']) assert.equal((await send(`${t.base}/lost/${path}`)).status, 202);
      const errors = t.logs.filter((l) => l.level === 'ERROR').map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      assert.deepEqual(errors, [
        "ERROR {SequenceMediator} - {api:Lost} Sequence named Value {name ='null', keyValue ='NoShuttle'} cannot be found",
        'ERROR {InvokeMediator} - {api:Lost} Sequence template NoPattern cannot be found',
      ]);
      const faults = t.logs.filter((l) => l.message.includes("Executing default 'fault' sequence"));
      assert.match(faults[1].message, /ERROR_MESSAGE = Sequence template NoPattern cannot be found,/);
    } finally {
      await t.close();
    }
  });
  it("a versioned API is named name:vVERSION in API.init's, APIDeployer's and API.destroy's lines, as API.getName() gives it (review R1)", async () => {
    const apiText = (v: string) =>
      `<api ${NS} name="Shuttle" context="/shuttle" version="2.1" version-type="url"><resource methods="GET"><inSequence><log><message>${v}</message></log><respond/></inSequence></resource></api>`;
    const t = await startRuntime({ 'Shuttle.xml': apiText('one') });
    try {
      const shown = () =>
        t.logs
          .filter((l) => l.category === 'API' || l.category === 'APIDeployer')
          .map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      t.rt.deploy([{ name: 'Shuttle.xml', text: apiText('two') }]);
      assert.deepEqual(shown(), [
        ' INFO {API} - {api:Shuttle:v2.1} Initializing API: Shuttle:v2.1',
        " INFO {APIDeployer} - API named 'Shuttle:v2.1' has been deployed from file : Shuttle.xml",
        ' INFO {API} - {api:Shuttle:v2.1} Initializing API: Shuttle:v2.1',
        ' INFO {APIDeployer} - API: Shuttle:v2.1 has been updated from the file: Shuttle.xml',
        ' INFO {API} - {api:Shuttle:v2.1} Destroying API: Shuttle:v2.1',
      ]);
    } finally {
      await t.close();
    }
  });
  it('a call that times out: TimeoutHandler warns "Expiring message ID : …" with the timeout type, the endpoint, the URI and where the message came in, before the fault sequence runs', async () => {
    const slow = await startBackend(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const t = await startRuntime({
      'Sley.xml': `<endpoint ${NS} name="Sley"><http method="get" uri-template="${slow.url}/late"><timeout><duration>1000</duration><responseAction>fault</responseAction></timeout></http></endpoint>`,
      'Dobby.xml': `<api ${NS} name="Dobby" context="/dobby"><resource methods="GET"><inSequence><log><property name="mid" expression="get-property('MessageID')"/></log><call><endpoint key="Sley"/></call><respond/></inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/dobby`, { headers: { activityid: 'weave-7' } });
      // the expiring id is the sent clone's (Axis2FlexibleMEPClient.cloneForSend: a new one), not the request's
      const mid = /mid = (urn:uuid:[0-9a-f-]+)/.exec(t.logs.map((l) => l.message).join('\n'))?.[1];
      assert.ok(mid);
      assert.ok(!t.logs.some((l) => l.category === 'TimeoutHandler' && l.message.includes(mid)));
      assert.equal(r.status, 500);
      const warn = t.logs.find((l) => l.category === 'TimeoutHandler');
      assert.ok(warn, t.logs.map((l) => l.line).join('\n'));
      assert.match(
        warn.message,
        new RegExp(
          `^Expiring message ID : urn:uuid:[0-9a-f-]+; dropping message after ENDPOINT_TIMEOUT of : 1 seconds for Endpoint \\[Sley\\], URI : ${slow.url}/late, Received through API : DobbyCorrelation ID : weave-7$`,
        ),
      );
      const at = t.logs.indexOf(warn);
      assert.ok(t.logs.findIndex((l) => l.message.includes("Executing default 'fault' sequence")) > at);
    } finally {
      await t.close();
      await slow.close();
    }
  });
  it("a request no resource of the API matches (404) or whose method none takes (405) is logged at DEBUG only, in API's words (API.handleResourceNotFound / handleMethodNotAllowed: auditDebug); nothing at INFO or above", async () => {
    const t = await startRuntime({
      'Bolt.xml': `<api ${NS} name="Bolt" context="/bolt"><resource methods="GET" uri-template="/a"><inSequence><respond/></inSequence></resource></api>`,
    });
    try {
      const before = t.logs.length;
      assert.equal((await send(`${t.base}/bolt/zzz`)).status, 404);
      assert.equal((await send(`${t.base}/bolt/a`, { method: 'DELETE' })).status, 405);
      const lines = t.logs.slice(before).map((l) => `${l.level} ${l.category} ${l.artifact} ${l.message}`);
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(
        lines[0],
        /^DEBUG API api:Bolt No matching resource was found for the request: urn:uuid:[0-9a-f-]+$/,
      );
      assert.match(lines[1], /^DEBUG API api:Bolt Method not allowed for the request: urn:uuid:[0-9a-f-]+$/);
    } finally {
      await t.close();
    }
  });
});
