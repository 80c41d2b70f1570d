/**
 * The management API of `synapse serve` against what Micro Integrator's own management-api-tests assert and what its
 * management.apis resources build: list counts and case-insensitive `searchKey` on every collection (logging and
 * log files too), the default main and fault sequences, MI's not-found and refusal messages and status codes, the
 * LoggingResource answers, and the AUDIT_LOG lines of each change. Our own fixture (mgmt-fidelity-helpers GARDEN).
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, GARDEN, MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, ADMIN, serve, tempDir } from './helpers/servers';

describe('management API fidelity: lists, search, errors, audit (MI management-api-tests)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-');
    s = await serve(tmp.dir, { engine: true });
    await adminClient(s).upload('Garden_1.0.0.car', carOf('Garden', GARDEN));
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  const names = (j: { list: { name: string }[] }) => j.list.map((x) => x.name).sort();

  it('lists every collection with its count (ApiResource … TemplatesResource TestCases)', async () => {
    const expect: Record<string, string[]> = {
      apis: ['SeedsApi', 'ToolsApi', 'soilApi'],
      'proxy-services': ['PotProxy', 'ShedProxy'],
      endpoints: ['NurseryEP', 'growerEP'],
      'local-entries': ['BedLayout', 'LeafColour'],
      'message-stores': ['BulbStore'],
      'message-processors': ['BulbSampler'],
      'inbound-endpoints': ['FrostInbound', 'RainInbound'],
      templates: ['WrapTemplate', 'hedgeTemplate'],
    };
    for (const [path, want] of Object.entries(expect)) {
      const r = await m.get(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.json.count, want.length, path);
      assert.deepEqual(names(r.json), [...want].sort(), path);
    }
  });

  it('lists the default main and fault sequences beside the deployed ones, without a container', async () => {
    // SequenceResourceTestCase: 4 deployed + main = 5 (SynapseConfigurationBuilder adds main and fault if missing)
    const r = await m.get('sequences');
    assert.equal(r.status, 200);
    assert.equal(r.json.count, 4);
    assert.deepEqual(names(r.json), ['WaterSeq', 'fault', 'main', 'pruneSeq'].sort());
    const main = r.json.list.find((x: { name: string }) => x.name === 'main');
    assert.deepEqual(main, { name: 'main', stats: 'disabled', tracing: 'disabled' });
    const water = r.json.list.find((x: { name: string }) => x.name === 'WaterSeq');
    // AbstractSynapseArtifactDeployer.setCustomLog: the container text of the application's name
    assert.equal(water.container, '[ Deployed From Artifact Container: Garden ] ');
    const one = await m.get('sequences?sequenceName=main');
    assert.equal(one.status, 200);
    assert.match(one.json.configuration, /<sequence [^>]*name="main"/);
    assert.deepEqual(one.json.mediators, ['InMediator']);
    assert.deepEqual((await m.get('sequences?sequenceName=WaterSeq')).json.mediators, [
      'LogMediator',
      'DropMediator',
    ]);
    const t = await m.send('POST', 'sequences', { name: 'fault', trace: 'enable' });
    assert.equal(t.status, 200);
    assert.deepEqual(t.json, { message: "Enabled tracing for ('fault')" });
    assert.equal((await m.get('sequences?sequenceName=fault')).json.tracing, 'enabled');
    await m.send('POST', 'sequences', { name: 'fault', trace: 'disable' });
  });

  it("names a sequence's mediators by getType(): class names, a property's type, a payload factory's media type", async () => {
    const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
    const xml = `<sequence ${NS} name="MixSeq"><description>mix</description><property name="a" value="1" type="STRING"/><property name="b" value="2"/><payloadFactory media-type="json"><format>{}</format><args/></payloadFactory><call-template target="WrapTemplate"/><enrich><source type="body"/><target type="property" property="c"/></enrich><respond/></sequence>`;
    await adminClient(s).upload(
      'Mix_1.0.0.car',
      carOf('Mix', [{ name: 'MixSeq', type: 'synapse/sequence', xml }]),
    );
    try {
      const r = await m.get('sequences?sequenceName=MixSeq');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.mediators, [
        'STRING',
        null,
        'json',
        'InvokeMediator',
        'EnrichMediator',
        'RespondMediator',
      ]);
    } finally {
      await adminClient(s).undeploy('Mix_1.0.0');
    }
  });

  it('filters every collection by searchKey, ignoring case (MI lower-cases key and names)', async () => {
    const cases: [string, string, string[]][] = [
      ['apis', 'SOIL', ['soilApi']],
      ['apis', 'api', ['SeedsApi', 'ToolsApi', 'soilApi']],
      ['proxy-services', 'potp', ['PotProxy']],
      ['sequences', 'MAI', ['main']],
      ['sequences', 'seq', ['WaterSeq', 'pruneSeq']],
      ['endpoints', 'GROWER', ['growerEP']],
      ['message-stores', 'bulb', ['BulbStore']],
      ['message-processors', 'SAMPLER', ['BulbSampler']],
      ['inbound-endpoints', 'frost', ['FrostInbound']],
      ['templates', 'HEDGE', ['hedgeTemplate']],
      ['tasks', 'nothing-like-it', []],
      ['applications', 'garden', []],
    ];
    for (const [path, key, want] of cases) {
      const r = await m.get(`${path}?searchKey=${encodeURIComponent(key)}`);
      assert.equal(r.status, 200, `${path} ${key}`);
      if (path === 'applications') {
        assert.equal(r.json.totalCount, 1);
        assert.equal(r.json.activeList[0].name, 'Garden');
        continue;
      }
      assert.equal(r.json.count, want.length, `${path} ${key}`);
      assert.deepEqual(names(r.json), [...want].sort(), `${path} ${key}`);
    }
    // a blank key is no filter
    assert.equal((await m.get('apis?searchKey=%20')).json.count, 3);
  });

  it('searches loggers, log files and connectors (LogConfigs/LogFiles/ConnectorResourceTestCase)', async () => {
    const all = await m.get('logging');
    assert.equal(all.status, 200);
    assert.ok(all.json.count >= 3);
    const synapse = await m.get('logging?searchKey=APACHE-SYN');
    assert.equal(synapse.status, 200);
    assert.ok(synapse.json.count >= 2);
    assert.equal(synapse.json.count, synapse.json.list.length);
    for (const l of synapse.json.list) assert.match(l.loggerName, /apache-syn/i);
    assert.deepEqual((await m.get('logging?searchKey=no-such-logger')).json, { count: 0, list: [] });
    const carbon = await m.get('logs?searchKey=CARBON');
    assert.equal(carbon.json.count, 1);
    assert.equal(carbon.json.list[0].FileName, 'wso2carbon.log');
    // MI's repository/logs files that serve keeps: wso2carbon.log, wso2error.log (WARN and above), audit.log
    const files = await m.get('logs');
    assert.deepEqual(
      files.json.list.map((f: { FileName: string }) => f.FileName),
      ['wso2carbon.log', 'wso2error.log', 'audit.log'],
    );
    const error = await m.get('logs?searchKey=ERROR');
    assert.equal(error.json.count, 1);
    assert.equal(error.json.list[0].FileName, 'wso2error.log');
    assert.deepEqual((await m.get('logs?searchKey=nothing')).json, { count: 0, list: [] });
    // LogFilesResource.sendFaultResponse: 500, no body
    assert.equal((await m.get('logs?file=secrets.log')).status, 500);
    assert.deepEqual((await m.get('connectors?searchKey=csv')).json, { count: 0, list: [] });
  });

  it('shows an API as ApiResource does: no host and port -1 unless the API names them', async () => {
    const r = await m.get('apis?apiName=SeedsApi');
    assert.equal(r.status, 200);
    assert.equal('host' in r.json, false);
    assert.equal(r.json.port, -1);
    assert.equal(r.json.context, '/seeds');
    assert.equal(r.json.version, 'N/A');
    assert.deepEqual(r.json.resources, [{ methods: ['GET'], url: '/{id}' }]);
    assert.equal(r.json.url, `http://127.0.0.1:${s.httpPort}/seeds`);
  });

  it('lists templates as TemplateResource: endpoint templates first, by type, one by name', async () => {
    const all = await m.get('templates');
    assert.deepEqual(
      all.json.list.map((t: { name: string; type: string }) => `${t.type}:${t.name}`),
      ['endpoint:hedgeTemplate', 'sequence:WrapTemplate'],
    );
    // TemplateMediator.getParameters(): TemplateParam beans; Template.getParameters() adds name and uri
    assert.deepEqual(all.json.list[1].Parameters, [{ name: 'colour', mandatory: false }]);
    assert.deepEqual(all.json.list[0].Parameters, ['uri', 'name']);
    assert.deepEqual((await m.get('templates?type=Sequence')).json, {
      count: 1,
      list: [{ name: 'WrapTemplate' }],
    });
    const one = await m.get('templates?type=endpoint&name=hedgeTemplate');
    assert.equal(one.json.name, 'hedgeTemplate');
    assert.match(one.json.configuration, /<template /);
    // an error object with no status code (TemplateResource.populateTemplateListByType)
    const bad = await m.get('templates?type=mediator');
    assert.equal(bad.status, 200);
    assert.deepEqual(bad.json, { Error: 'Received type mediator is not a valid template type' });
  });

  it("answers an unknown single item with MI's messages", async () => {
    // ApiResource, ProxyServiceResource, SequenceResource, EndpointResource, InboundEndpointResource and
    // DataServiceResource only set HTTP_SC 404: no body
    for (const path of [
      'apis?apiName=Nope',
      'proxy-services?proxyServiceName=Nope',
      'sequences?sequenceName=Nope',
      'endpoints?endpointName=Nope',
      'inbound-endpoints?inboundEndpointName=Nope',
      'data-services?dataServiceName=Nope',
      'applications?carbonAppName=Nope',
      'templates?type=sequence&name=Nope',
    ]) {
      const r = await m.get(path);
      assert.equal(r.status, 404, path);
      assert.equal(r.text, '', path);
    }
    const cases: [string, number, string][] = [
      ['tasks?taskName=Nope', 404, 'Specified task Nope not found'],
      ['data-sources?name=Nope', 404, 'datasource Nope does not exist'],
      ['message-stores?name=Nope', 404, "Specified message store ('Nope') not found"],
      ['message-processors?name=Nope', 404, "Specified message processor ('Nope') not found"],
      ['local-entries?name=Nope', 404, 'Reference for Nope could not be resolved'],
      ['logging?loggerName=Nope', 400, "Logger name ('Nope') not found"],
    ];
    for (const [path, status, error] of cases) {
      const r = await m.get(path);
      assert.equal(r.status, status, path);
      assert.deepEqual(r.json, { Error: error }, path);
    }
  });

  it('refuses tracing and state changes of unknown artifacts and bad values as MI does', async () => {
    // tracing an unknown artifact: 400 "Specified … not found" (Utils.handleTracing callers)
    const trace: [string, string][] = [
      ['apis', "Specified API ('Nope') not found"],
      ['proxy-services', "Specified proxy ('Nope') not found"],
      ['sequences', "Specified sequence ('Nope') not found"],
      ['endpoints', "Specified endpoint ('Nope') not found"],
      ['inbound-endpoints', "Specified inbound endpoint ('Nope') not found"],
    ];
    for (const [path, error] of trace) {
      const r = await m.send('POST', path, { name: 'Nope', trace: 'enable' });
      assert.equal(r.status, 400, path);
      assert.deepEqual(r.json, { Error: error }, path);
    }
    const tt = await m.send('POST', 'templates', { name: 'Nope', type: 'sequence', trace: 'enable' });
    assert.equal(tt.status, 400);
    assert.deepEqual(tt.json, { Error: "Specified sequence template ('Nope') not found" });
    // switching an unknown artifact: 404 with each resource's message
    const status: [string, string][] = [
      ['proxy-services', 'Proxy service could not be found'],
      ['endpoints', 'Endpoint does not exist'],
      ['message-processors', 'Message processor does not exist'],
    ];
    for (const [path, error] of status) {
      const r = await m.send('POST', path, { name: 'Nope', status: 'inactive' });
      assert.equal(r.status, 404, path);
      assert.deepEqual(r.json, { Error: error }, path);
    }
    const bad = await m.send('POST', 'endpoints', { name: 'NurseryEP', status: 'sleeping' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { Error: 'Provided state is not valid' });
    const badTrace = await m.send('POST', 'apis', { name: 'SeedsApi', trace: 'maybe' });
    assert.equal(badTrace.status, 400);
    assert.deepEqual(badTrace.json, { Error: 'Invalid value for state trace' });
    // the values are compared ignoring case
    const off = await m.send('POST', 'endpoints', { name: 'NurseryEP', status: 'INACTIVE' });
    assert.deepEqual(off.json, { Message: 'NurseryEP is switched Off' });
    assert.equal((await m.get('endpoints?endpointName=NurseryEP')).json.isActive, false);
    const on = await m.send('POST', 'endpoints', { name: 'NurseryEP', status: 'Active' });
    assert.deepEqual(on.json, { Message: 'NurseryEP is switched On' });
    const tr = await m.send('POST', 'apis', { name: 'SeedsApi', trace: 'ENABLE' });
    assert.deepEqual(tr.json, { message: "Enabled tracing for ('SeedsApi')" });
    await m.send('POST', 'apis', { name: 'SeedsApi', trace: 'disable' });
  });

  it('changes logger levels with LoggingResource answers and refusals', async () => {
    const up = await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse', loggingLevel: 'DEBUG' });
    assert.equal(up.status, 200);
    assert.deepEqual(up.json, {
      message: "Successfully added logger for ('org-apache-synapse') with level DEBUG",
    });
    assert.equal((await m.get('logging?loggerName=org-apache-synapse')).json.level, 'DEBUG');
    const add = await m.send('PATCH', 'logging', {
      loggerName: 'garden-shed',
      loggerClass: 'org.example.garden.Shed',
      loggingLevel: 'WARN',
    });
    assert.deepEqual(add.json, {
      message:
        "Successfully added logger for ('garden-shed') with level WARN for class org.example.garden.Shed",
    });
    const refusals: [Record<string, unknown>, string][] = [
      [{ loggerName: 'rootLogger' }, 'Log level is missing'],
      [{ loggerName: 'rootLogger', loggingLevel: 'LOUD' }, 'Invalid log level LOUD'],
      [{ loggingLevel: 'INFO' }, 'Logger name is missing'],
      [
        { loggerName: 'no-such-logger', loggingLevel: 'INFO' },
        "Specified logger ('no-such-logger') not found",
      ],
      [
        { loggerName: 'garden-shed', loggerClass: 'org.example.Other', loggingLevel: 'INFO' },
        "Specified logger name ('garden-shed') already exists, try updating the level instead",
      ],
    ];
    for (const [body, error] of refusals) {
      const r = await m.send('PATCH', 'logging', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.json, { Error: error }, JSON.stringify(body));
    }
    await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse', loggingLevel: 'INFO' });
  });

  it('writes an AUDIT_LOG line for each change, as AuditLogTestCase reads them', async () => {
    const audit = (performedBy: string, action: string, type: string, info: object) =>
      JSON.stringify({ performedBy, action, type, info: JSON.stringify(info) });
    const u = ADMIN.user;
    await m.send('POST', 'message-processors', { name: 'BulbSampler', status: 'inactive' });
    await m.send('POST', 'message-processors', { name: 'BulbSampler', status: 'active' });
    await m.send('POST', 'proxy-services', { name: 'ShedProxy', status: 'inactive' });
    await m.send('POST', 'proxy-services', { name: 'ShedProxy', trace: 'enable' });
    await m.send('POST', 'endpoints', { name: 'growerEP', status: 'inactive' });
    await m.send('POST', 'endpoints', { name: 'growerEP', trace: 'enable' });
    await m.send('POST', 'apis', { name: 'ToolsApi', trace: 'enable' });
    await m.send('POST', 'sequences', { name: 'pruneSeq', trace: 'enable' });
    await m.send('POST', 'inbound-endpoints', { name: 'RainInbound', trace: 'enable' });
    await m.send('POST', 'inbound-endpoints', { name: 'RainInbound', status: 'active' });
    await m.send('POST', 'inbound-endpoints', { name: 'RainInbound', status: 'inactive' });
    await m.send('POST', 'templates', { name: 'WrapTemplate', type: 'sequence', trace: 'enable' });
    await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse-mediators', loggingLevel: 'DEBUG' });
    await m.send('PATCH', 'logging', { loggerName: 'rootLogger', loggingLevel: 'INFO' });
    const client = adminClient(s);
    await client.upload('Spare_1.0.0.car', carOf('Spare', []));
    await client.undeploy('Spare_1.0.0');

    const log = (await m.get('logs?file=audit.log')).text;
    const want = [
      `${u} logged in at [`,
      audit(u, 'disabled', 'message_processor', { messageProcessorName: 'BulbSampler' }),
      audit(u, 'enabled', 'message_processor', { messageProcessorName: 'BulbSampler' }),
      audit(u, 'disabled', 'proxy_service', { proxyName: 'ShedProxy' }),
      audit(u, 'enabled', 'proxy_service_trace', { proxyName: 'ShedProxy' }),
      audit(u, 'disabled', 'endpoint', { endpointName: 'growerEP' }),
      audit(u, 'enabled', 'endpoint_trace', { endpointName: 'growerEP' }),
      audit(u, 'enabled', 'api_trace', { apiName: 'ToolsApi' }),
      audit(u, 'enabled', 'sequence_trace', { sequenceName: 'pruneSeq' }),
      audit(u, 'enabled', 'inbound_endpoint_trace', { inboundEndpointName: 'RainInbound' }),
      // InboundEndpointResource logs an activation under the message-processor type
      audit(u, 'enabled', 'message_processor', { inboundEndpointName: 'RainInbound' }),
      audit(u, 'disabled', 'inbound_endpoint', { inboundEndpointName: 'RainInbound' }),
      audit(u, 'enabled', 'sequence_template_trace', {
        sequenceName: 'WrapTemplate',
        sequenceType: 'sequence',
      }),
      audit(u, 'updated', 'log_level', { loggerName: 'org-apache-synapse-mediators', loggingLevel: 'DEBUG' }),
      audit(u, 'updated', 'root_log_level', { loggerName: 'rootLogger', loggingLevel: 'INFO' }),
      audit(u, 'created', 'carbon_application', { cAppFileName: 'Spare_1.0.0.car' }),
      audit(u, 'deleted', 'carbon_application', { cAppFileName: 'Spare_1.0.0' }),
    ];
    let at = 0;
    for (const w of want) {
      const i = log.indexOf(w, at);
      assert.ok(i >= 0, `missing (in order) in the log: ${w}\n${log}`);
      assert.match(log.slice(log.lastIndexOf('\n', i) + 1, i), /INFO\s+\{AUDIT_LOG\} - $/);
      at = i;
    }
    assert.match(
      log,
      new RegExp(`${u} logged in at \\[\\w{3} \\w{3} \\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\d{4}\\]`),
    );
    assert.ok(!log.includes(ADMIN.password), 'the password is never logged');
    // MI's AUDIT_LOG logger writes to audit.log only (additivity false); WARN lines also go to wso2error.log
    const carbon = (await m.get('logs?file=wso2carbon.log')).text;
    assert.ok(!carbon.includes('{AUDIT_LOG}'), carbon);
    assert.match(carbon, /Successfully Deployed Carbon Application : Garden_1\.0\.0/);
    await m.raw('GET', '/management/login', { Authorization: m.basic(ADMIN.user, 'wrong') });
    const errors = (await m.get('logs?file=wso2error.log')).text;
    assert.match(errors, /WARN\s+\{ManagementApi\} - login failed/);
    assert.doesNotMatch(errors, /INFO/);
    await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse-mediators', loggingLevel: 'INFO' });
  });

  it('logs a logout in the audit log', async () => {
    const other = new MgmtCaller(s);
    const token = await other.login();
    const out = await other.raw('GET', '/management/logout', { Authorization: `Bearer ${token}` });
    assert.equal(out.status, 200);
    const log = (await m.get('logs?file=audit.log')).text;
    assert.match(log, new RegExp(`\\{AUDIT_LOG\\} - ${ADMIN.user} logged out at \\[`));
  });
});
