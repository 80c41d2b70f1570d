/**
 * Session 12 oracle sweep of the management API of `synapse serve` against MI 4.4's management.apis resources:
 * the order in which each resource reads a POST payload (status before trace, the inbound endpoint looked up first),
 * the refusals Utils.handleTracing and the resources write, TemplateResource's query forms and parameter beans,
 * LocalEntryResource's search, the container and file names MI's deployers record, Resource.getMethods(), the
 * LoggingResource levels, LogFilesResource's sizes and MetaDataResource / LogoutResource answers. Our own fixture.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { fileSize } from '../../runtime-debug/management/server';
import { carOf, MgmtCaller, type CarItem } from './mgmt-fidelity-helpers';
import { ADMIN, adminClient, serve, tempDir } from './helpers/servers';
import { until } from '../support';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

const ORCHARD: CarItem[] = [
  {
    name: 'PearApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="PearApi" context="/pears"><resource methods="POST GET DELETE" uri-template="/{id}"><inSequence><respond/></inSequence></resource><resource url-mapping="/all"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'CellarApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="CellarApi" context="/cellar/"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'RootApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="RootApi" context="/"><resource methods="GET" uri-template="/root"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'BarrelApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="BarrelApi" context="/{version}/barrels" version="2.0" version-type="context"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'CiderProxy',
    type: 'synapse/proxy-service',
    xml: `<proxy ${NS} name="CiderProxy" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
  },
  {
    name: 'PressSeq',
    type: 'synapse/sequence',
    xml: `<sequence ${NS} name="PressSeq"><log/></sequence>`,
  },
  {
    name: 'OrchardEP',
    type: 'synapse/endpoint',
    xml: `<endpoint ${NS} name="OrchardEP"><address uri="http://127.0.0.1:9/orchard"/></endpoint>`,
  },
  {
    name: 'GroveGroup',
    type: 'synapse/endpoint',
    xml: `<endpoint ${NS} name="GroveGroup"><failover><endpoint name="g1"><address uri="http://127.0.0.1:9/g1"/></endpoint></failover></endpoint>`,
  },
  {
    name: 'HarvestEntry',
    type: 'synapse/local-entry',
    xml: `<localEntry ${NS} key="HarvestEntry">autumn</localEntry>`,
  },
  {
    name: 'BasketEntry',
    type: 'synapse/local-entry',
    xml: `<localEntry ${NS} key="BasketEntry"><description>wicker</description>large</localEntry>`,
  },
  {
    name: 'CrateStore',
    type: 'synapse/message-store',
    xml: `<messageStore ${NS} name="CrateStore"/>`,
  },
  {
    name: 'CrateSampler',
    type: 'synapse/message-processors',
    xml: `<messageProcessor ${NS} name="CrateSampler" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="CrateStore"><parameter name="sequence">PressSeq</parameter><parameter name="interval"> 600000 </parameter><parameter name="is.active">false</parameter></messageProcessor>`,
  },
  {
    name: 'PickTemplate',
    type: 'synapse/template',
    xml: `<template ${NS} name="PickTemplate"><parameter name="fruit" isMandatory="TRUE" defaultValue="pear" description="what to pick"/><parameter name="count"/><sequence><log/></sequence></template>`,
  },
  {
    name: 'ladderTemplate',
    type: 'synapse/template',
    xml: `<template ${NS} name="ladderTemplate"><parameter name="height"/><endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
  },
  {
    name: 'JuiceDS',
    type: 'datasource/datasource',
    xml: `<datasource><name>JuiceDS</name><definition type="RDBMS"><configuration><driverClassName>org.h2.Driver</driverClassName><url>jdbc:h2://presser:pulp@localhost/juice</url><username>presser</username><password>pulp</password><maxActive>20</maxActive><defaultAutoCommit>false</defaultAutoCommit><validationQuery>SELECT 1</validationQuery></configuration></definition></datasource>`,
  },
  {
    name: 'PressDS',
    type: 'service/dataservice',
    xml: `<data name="PressDS" serviceNamespace="urn:press" serviceGroup="Juicing"><config id="pulp"><property name="csv_datasource">/tmp/pulp.csv</property><property name="csv_hasheader">true</property></config><config id="vat"><property name="driverClassName">org.h2.Driver</property><property name="password">must</property></config><query id="byKind" useConfig="vat"><sql>select 1</sql><result element="r" rowName="x" defaultNamespace="urn:rows"/><param name="kind" sqlType="string"/><param name="limit" sqlType="integer" ordinal="3" defaultValue="10" optional="true"><validateLongRange minimum="1"/></param></query><query id="all" useConfig="pulp"><result element="r" rowName="x"/></query><resource path="kinds/{kind}" method="GET"><call-query href="byKind"><with-param name="kind" query-param="kind"/></call-query></resource><operation name="listAll"><call-query href="all"/></operation></data>`,
  },
  {
    name: 'PruneTask',
    type: 'synapse/task',
    xml: `<task ${NS} name="PruneTask" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger interval="3600"/><property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="PressSeq"/><property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/></task>`,
  },
  {
    name: 'DewInbound',
    type: 'synapse/inbound-endpoint',
    xml: `<inboundEndpoint ${NS} name="DewInbound" protocol="file" sequence="PressSeq" onError="PressSeq" suspend="true"><parameters><parameter name="interval">600000</parameter><parameter name="transport.vfs.FileURI">file:///nonexistent/dew</parameter><parameter name="dew.extra"><drops xmlns="">3</drops></parameter></parameters></inboundEndpoint>`,
  },
];

describe('management API oracle (session 12): MI 4.4 management.apis resources', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-s12-');
    s = await serve(tmp.dir);
    await adminClient(s).upload('Orchard_3.1.0.car', carOf('Orchard', ORCHARD, '3.1.0'));
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('reads a POST payload in the order of each resource', async () => {
    // ProxyServiceResource / EndpointResource: name and status make a state change, whatever else is there
    const both = await m.send('POST', 'proxy-services', {
      name: 'CiderProxy',
      status: 'inactive',
      trace: 'enable',
    });
    assert.equal(both.status, 200);
    assert.deepEqual(both.json, { Message: 'Proxy service CiderProxy stopped successfully' });
    await m.send('POST', 'proxy-services', { name: 'CiderProxy', status: 'active' });
    // InboundEndpointResource.handlePost looks the endpoint up first: an unknown one is a 400 for a status too
    const inbound = await m.send('POST', 'inbound-endpoints', { name: 'Fog', status: 'inactive' });
    assert.equal(inbound.status, 400);
    assert.deepEqual(inbound.json, { Error: "Specified inbound endpoint ('Fog') not found" });
    // Utils.handleTracing without a trace member
    for (const [path, name] of [
      ['apis', 'PearApi'],
      ['proxy-services', 'CiderProxy'],
      ['sequences', 'PressSeq'],
      ['endpoints', 'OrchardEP'],
      ['inbound-endpoints', 'DewInbound'],
    ]) {
      const r = await m.send('POST', path, { name });
      assert.equal(r.status, 400, path);
      assert.deepEqual(r.json, { Error: 'Missing attribute trace in payload' }, path);
    }
    // no name
    for (const path of ['apis', 'sequences', 'endpoints', 'inbound-endpoints']) {
      const r = await m.send('POST', path, { trace: 'enable' });
      assert.equal(r.status, 400, path);
      assert.deepEqual(r.json, { Error: 'Unsupported operation' }, path);
    }
    // MessageProcessorResource: an error object with no status code
    const mp = await m.send('POST', 'message-processors', { name: 'CrateSampler' });
    assert.equal(mp.status, 200);
    assert.deepEqual(mp.json, { Error: 'Missing parameters in payload' });
    // a status given as a JSON boolean is read as its text
    const boolState = await m.send('POST', 'endpoints', { name: 'OrchardEP', status: true });
    assert.equal(boolState.status, 400);
    assert.deepEqual(boolState.json, { Error: 'Provided state is not valid' });
  });

  it('switches a task as TaskResource answers (POST /tasks, MI 4.6: product-micro-integrator)', async () => {
    const off = await m.send('POST', 'tasks', { name: 'PruneTask', status: 'inactive' });
    assert.equal(off.status, 200);
    assert.deepEqual(off.json, { message: 'PruneTask : is deactivated' });
    const on = await m.send('POST', 'tasks', { name: 'PruneTask', status: 'active' });
    assert.deepEqual(on.json, { message: 'PruneTask : is activated' });
    // TaskResource (product-micro-integrator): its refusals and the trigger's answer as written
    const refusals: [Record<string, unknown>, string][] = [
      [{ status: 'active' }, 'Unsupported operation'],
      [{ name: 'PruneTask' }, 'Unsupported operation'],
      [{ name: 'NoTask', status: 'active' }, "Specified task ('NoTask') not found"],
      [{ name: 'PruneTask', status: 'paused' }, 'Provided state is not valid'],
    ];
    for (const [payload, error] of refusals) {
      const r = await m.send('POST', 'tasks', payload);
      assert.equal(r.status, 400, error);
      assert.deepEqual(r.json, { Error: error });
    }
    const once = await m.send('POST', 'tasks', { name: 'PruneTask', status: 'trigger' });
    assert.deepEqual(once.json, { message: 'PruneTask : is triggered' });
  });

  it('switches statistics as the MI documentation shows ({"name", "statistics": "enable"})', async () => {
    for (const [path, name, view] of [
      ['apis', 'PearApi', 'apis?apiName=PearApi'],
      ['proxy-services', 'CiderProxy', 'proxy-services?proxyServiceName=CiderProxy'],
      ['sequences', 'PressSeq', 'sequences?sequenceName=PressSeq'],
      ['inbound-endpoints', 'DewInbound', 'inbound-endpoints?inboundEndpointName=DewInbound'],
    ]) {
      const on = await m.send('POST', path, { name, statistics: 'enable' });
      assert.equal(on.status, 200, path);
      assert.deepEqual(on.json, { message: `Enabled statistics for ('${name}')` }, path);
      assert.equal((await m.get(view)).json.stats, 'enabled', path);
      const off = await m.send('POST', path, { name, statistics: 'DISABLE' });
      assert.deepEqual(off.json, { message: `Disabled statistics for ('${name}')` }, path);
      assert.equal((await m.get(view)).json.stats, 'disabled', path);
    }
    const tpl = await m.send('POST', 'templates', {
      name: 'PickTemplate',
      type: 'sequence',
      statistics: 'enable',
    });
    assert.deepEqual(tpl.json, { message: "Enabled statistics for ('PickTemplate')" });
    const bad = await m.send('POST', 'apis', { name: 'PearApi', statistics: 'sometimes' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { Error: 'Invalid value for state statistics' });
  });

  it('answers a request without a JSON payload as each resource does', async () => {
    const headers = { Authorization: `Bearer ${await m.login()}`, 'Content-Type': 'text/plain' };
    const cases: [string, string, number, unknown][] = [
      ['POST', 'proxy-services', 200, { Error: 'JSON payload is missing' }],
      ['POST', 'endpoints', 200, { Error: 'JSON payload is missing' }],
      ['POST', 'connectors', 200, { Error: 'POST method required json payload' }],
      ['PATCH', 'server', 200, { Error: 'JSON payload is missing.' }],
      ['PUT', 'configs', 200, { Error: 'JSON payload is missing' }],
      ['PATCH', 'logging', 400, { Error: 'Log level is missing' }],
    ];
    for (const [method, path, status, json] of cases) {
      const r = await m.raw(method, `/management/${path}`, headers, 'name=x');
      assert.equal(r.status, status, path);
      assert.deepEqual(r.json, json, path);
    }
    const mp = await m.raw('POST', '/management/message-processors', headers, 'name=x');
    assert.equal(mp.status, 404);
    assert.equal(mp.text, '');
  });

  it('refuses tracing of an endpoint without a definition and shows its tracing disabled', async () => {
    const r = await m.send('POST', 'endpoints', { name: 'GroveGroup', trace: 'enable' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { Error: 'Tracing is not supported for this endpoint' });
    assert.equal((await m.get('endpoints?endpointName=GroveGroup')).json.tracing, 'disabled');
    const on = await m.send('POST', 'endpoints', { name: 'OrchardEP', trace: 'enable' });
    assert.deepEqual(on.json, { message: "Enabled tracing for ('OrchardEP')" });
    assert.equal((await m.get('endpoints?endpointName=OrchardEP')).json.tracing, 'enabled');
    await m.send('POST', 'endpoints', { name: 'OrchardEP', trace: 'disable' });
  });

  it('answers the query forms of TemplateResource', async () => {
    // sequence template parameters are TemplateParam beans; endpoint templates add name and uri
    const all = await m.get('templates');
    const pick = all.json.list.find((t: { name: string }) => t.name === 'PickTemplate');
    assert.deepEqual(pick.Parameters, [
      { name: 'fruit', mandatory: true, defaultValue: 'pear', description: 'what to pick' },
      { name: 'count', mandatory: false },
    ]);
    const ladder = all.json.list.find((t: { name: string }) => t.name === 'ladderTemplate');
    assert.deepEqual(ladder.Parameters, ['height', 'name', 'uri']);
    // ?name= without ?type= is not read: the full list
    const nameOnly = await m.get('templates?name=PickTemplate');
    assert.equal(nameOnly.json.count, 2);
    // with ?type= the searchKey is not read
    assert.deepEqual((await m.get('templates?type=endpoint&searchKey=zzz')).json, {
      count: 1,
      list: [{ name: 'ladderTemplate' }],
    });
    // an unknown type: an error object with no status code; with a name, a 404
    const bad = await m.get('templates?type=mediator');
    assert.equal(bad.status, 200);
    assert.deepEqual(bad.json, { Error: 'Received type mediator is not a valid template type' });
    assert.equal((await m.get('templates?type=mediator&name=PickTemplate')).status, 404);
    // POST: only type "sequence" (as written) with a name is an operation; the query's type counts too
    for (const body of [
      { name: 'PickTemplate', trace: 'enable' },
      { name: 'PickTemplate', type: 'Sequence' },
    ]) {
      const r = await m.send('POST', 'templates', body);
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { Error: 'Unsupported operation' });
    }
    const viaQuery = await m.send('POST', 'templates?type=sequence', {
      name: 'PickTemplate',
      trace: 'enable',
    });
    assert.deepEqual(viaQuery.json, { message: "Enabled tracing for ('PickTemplate')" });
    const missing = await m.send('POST', 'templates', { name: 'PickTemplate', type: 'sequence' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json, { Error: 'Missing attribute trace in payload' });
  });

  it('searches local entries as LocalEntryResource: full entries, the server two less, theirs included', async () => {
    const one = await m.get('local-entries?searchKey=HARVEST');
    assert.equal(one.status, 200);
    assert.equal(one.json.count, -1);
    assert.deepEqual(one.json.list, [{ name: 'HarvestEntry', type: 'Inline Text', value: 'autumn' }]);
    const server = await m.get('local-entries?searchKey=server_');
    assert.equal(server.json.count, 0);
    assert.deepEqual(server.json.list.map((e: { name: string }) => e.name).sort(), [
      'SERVER_HOST',
      'SERVER_IP',
    ]);
    // the plain list leaves the server entries out and counts the deployed ones
    assert.equal((await m.get('local-entries')).json.count, 2);
    // no description: none shown; one: shown
    assert.equal('description' in (await m.get('local-entries?name=HarvestEntry')).json, false);
    const basket = (await m.get('local-entries?name=BasketEntry')).json;
    assert.equal(basket.description, 'wicker');
    // EntryFactory detaches the description: the value is the entry's own text
    assert.equal(basket.value, 'large');
  });

  it('names containers and files as the deployers record them, and API methods as Resource.getMethods()', async () => {
    const container = '[ Deployed From Artifact Container: Orchard ] ';
    const store = (await m.get('message-stores?name=CrateStore')).json;
    assert.equal(store.container, container);
    assert.equal(store.file, 'CrateStore-1.0.0.xml');
    const proc = (await m.get('message-processors?name=CrateSampler')).json;
    assert.equal(proc.artifactContainer, container);
    assert.equal(proc.fileName, 'CrateSampler-1.0.0.xml');
    // parameters as the factories read them: a processor's text untrimmed, an inbound parameter's element as XML
    assert.equal(proc.parameters.interval, ' 600000 ');
    const dew = (await m.get('inbound-endpoints?inboundEndpointName=DewInbound')).json;
    assert.deepEqual(
      dew.parameters.find((p: { name: string }) => p.name === 'dew.extra'),
      { name: 'dew.extra', value: '<drops xmlns="">3</drops>' },
    );
    assert.equal((await m.get('sequences?sequenceName=PressSeq')).json.container, container);
    // java.util.HashSet order of the methods given; none given is none
    const api = (await m.get('apis?apiName=PearApi')).json;
    assert.deepEqual(api.resources, [
      { methods: ['POST', 'DELETE', 'GET'], url: '/{id}' },
      { methods: [], url: '/all' },
    ]);
  });

  it('takes the log levels of LoggingResource, sizes log files as Utils.getFileSize, and reads an empty file parameter as none', async () => {
    const all = await m.send('PATCH', 'logging', { loggerName: 'rootLogger', loggingLevel: 'ALL' });
    assert.equal(all.status, 400);
    assert.deepEqual(all.json, { Error: 'Invalid log level ALL' });
    // the level reads back as written; rootLogger is listed but not found by name (it is not in "loggers")
    const low = await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse', loggingLevel: 'warn' });
    assert.deepEqual(low.json, {
      message: "Successfully added logger for ('org-apache-synapse') with level warn",
    });
    assert.equal((await m.get('logging?loggerName=org-apache-synapse')).json.level, 'warn');
    await m.send('PATCH', 'logging', { loggerName: 'org-apache-synapse', loggingLevel: 'INFO' });
    const root = await m.get('logging?loggerName=rootLogger');
    assert.equal(root.status, 400);
    assert.deepEqual(root.json, { Error: "Logger name ('rootLogger') not found" });
    assert.ok(
      (await m.get('logging')).json.list.some((l: { loggerName: string }) => l.loggerName === 'rootLogger'),
    );
    const files = await m.get('logs?file=');
    assert.equal(files.status, 200);
    assert.equal(files.json.count, 3);
    for (const f of files.json.list) assert.match(f.Size, /^(\d+ B|\d+\.\d [KMGTPE]B)$/);
    assert.deepEqual([0, 1023, 1024, 1536, 10 * 1024 * 1024].map(fileSize), [
      '0 B',
      '1023 B',
      '1.0 KB',
      '1.5 KB',
      '10.0 MB',
    ]);
  });

  it('shows a data source as DataSourceResource: its configuration element, masked, and the pool settings', async () => {
    const ds = (await m.get('data-sources?name=JuiceDS')).json;
    assert.equal('description' in ds, false);
    assert.equal(ds.type, 'RDBMS');
    assert.match(ds.configuration, /^<configuration>/);
    assert.match(ds.configuration, /<password>\*\*\*\*\*<\/password>/);
    assert.match(ds.configuration, /<url>jdbc:h2:\/\/presser:\*\*\*@localhost\/juice<\/url>/);
    assert.equal(ds.url, 'jdbc:h2://presser:***@localhost/juice');
    assert.equal(ds.driverClass, 'org.h2.Driver');
    assert.equal(ds.userName, 'presser');
    assert.deepEqual(ds.configurationParameters, {
      isDefaultAutoCommit: false,
      removeAbandoned: false,
      validationQuery: 'SELECT 1',
      validationQueryTimeout: -1,
      maxActive: 20,
      maxIdle: 100,
      maxWait: 30000,
      maxAge: 0,
    });
  });

  it('shows a data service as DataServiceResource: query namespaces, config types and properties, query params', async () => {
    const ds = (await m.get('data-services?dataServiceName=PressDS')).json;
    assert.equal(ds.serviceDescription, 'No service description found');
    assert.equal(ds.serviceGroupName, 'PressDS');
    const byId = (xs: { id: string }[]) => Object.fromEntries(xs.map((x) => [x.id, x]));
    assert.deepEqual(byId(ds.queries), {
      byKind: { id: 'byKind', dataSourceId: 'vat', namespace: 'urn:rows' },
      all: { id: 'all', dataSourceId: 'pulp', namespace: 'urn:press' },
    });
    // ConfigFactory.getConfigType by the properties; Config.getProperties() as written
    assert.deepEqual(ds.dataSources, [
      {
        dataSourceId: 'pulp',
        dataSourceType: 'CSV',
        dataSourceProperties: { csv_datasource: '/tmp/pulp.csv', csv_hasheader: 'true' },
      },
      {
        dataSourceId: 'vat',
        dataSourceType: 'RDBMS',
        dataSourceProperties: { driverClassName: 'org.h2.Driver', password: 'must' },
      },
    ]);
    // the called query's params as Gson writes QueryParam
    assert.deepEqual(ds.resources, [
      {
        resourcePath: 'kinds/{kind}',
        resourceMethod: 'GET',
        resourceQuery: 'byKind',
        queryParams: [
          {
            name: 'kind',
            sqlType: 'STRING',
            type: 'IN',
            paramType: 'SCALAR',
            ordinals: [1],
            validators: [{}],
            forceDefault: false,
            optional: false,
          },
          {
            name: 'limit',
            sqlType: 'INTEGER',
            type: 'IN',
            paramType: 'SCALAR',
            ordinals: [3],
            defaultValue: { valueType: 1, scalarValue: '10' },
            validators: [{}, { minimum: 1, maximum: 0, hasMin: true, hasMax: false }],
            forceDefault: false,
            optional: true,
          },
        ],
      },
    ]);
    assert.deepEqual(ds.operations, [{ operationName: 'listAll', queryName: 'all', queryParams: [] }]);
  });

  it('reads and switches the correlation logs config as ConfigsResource', async () => {
    assert.deepEqual((await m.get('configs?configName=correlation')).json, {
      configName: 'correlation',
      configs: { enabled: false },
    });
    const none = await m.get('configs');
    assert.equal(none.status, 400);
    assert.deepEqual(none.json, { Error: ' Error : Missing Required Query Parameter : configName' });
    assert.deepEqual((await m.get('configs?configName=tracing')).json, {
      Error: ' Error : tracing configName not found',
    });
    const refusals: [unknown, string][] = [
      [{}, ' Error : Missing Required Field: configName'],
      [{ configName: 'correlation' }, ' Error : Missing Required Field: configs'],
      [{ configName: 'correlation', configs: {} }, ' Error : Missing Required Field: enabled'],
    ];
    for (const [body, error] of refusals) {
      const r = await m.send('PUT', 'configs', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.json, { Error: error });
    }
    const on = await m.send('PUT', 'configs', { configName: 'correlation', configs: { enabled: 'TRUE' } });
    assert.deepEqual(on.json, { message: 'Successfully Updated Correlation Logs Status' });
    assert.equal((await m.get('configs?configName=correlation')).json.configs.enabled, true);
    await m.send('PUT', 'configs', { configName: 'correlation', configs: { enabled: false } });
  });

  it('prints API contexts as API.getContext(): trailing slashes trimmed, {version} resolved', async () => {
    const cellar = (await m.get('apis?apiName=CellarApi')).json;
    assert.equal(cellar.context, '/cellar');
    assert.equal(cellar.url, `http://127.0.0.1:${s.httpPort}/cellar`);
    const root = (await m.get('apis?apiName=RootApi')).json;
    assert.equal(root.context, '');
    assert.equal(root.url, `http://127.0.0.1:${s.httpPort}`);
    const barrel = (await m.get('apis?apiName=BarrelApi:v2.0')).json;
    assert.equal(barrel.context, '/2.0/barrels');
    assert.equal(barrel.url, `http://127.0.0.1:${s.httpPort}/2.0/barrels`);
  });

  it("logs deployment and undeployment with CappDeployer's lines", async () => {
    await adminClient(s).upload(
      'Shed_0.9.0.car',
      carOf(
        'Shed',
        [
          {
            name: 'SweepSeq',
            type: 'synapse/sequence',
            xml: `<sequence ${NS} name="SweepSeq"><log/></sequence>`,
          },
        ],
        '0.9.0',
      ),
    );
    // CarbonAppResource.handleDelete looks for <name>.car: a name with ".car" is not there
    const withExt = await m.raw('DELETE', '/management/applications/Shed_0.9.0.car', {
      Authorization: `Bearer ${await m.login()}`,
    });
    assert.equal(withExt.status, 404);
    assert.deepEqual(withExt.json, {
      Error: 'Cannot remove the Carbon Application.Shed_0.9.0.car does not exist',
    });
    // CarbonAppResource takes /applications/{name} like /applications for GET; DELETE needs the name
    const listed = await m.raw('GET', '/management/applications/whatever', {
      Authorization: `Bearer ${await m.login()}`,
    });
    assert.equal(listed.status, 200);
    assert.equal(JSON.parse(listed.text).activeCount, 2);
    const noName = await m.raw('DELETE', '/management/applications', {
      Authorization: `Bearer ${await m.login()}`,
    });
    assert.equal(noName.status, 400);
    assert.deepEqual(JSON.parse(noName.text), {
      Error: 'Cannot remove the Carbon Application. Missing required name parameter in the path',
    });
    await adminClient(s).undeploy('Shed_0.9.0');
    const carbon = (await m.get('logs?file=wso2carbon.log')).text;
    for (const line of [
      'Successfully Deployed Carbon Application : Orchard_3.1.0{super-tenant}',
      'Successfully Deployed Carbon Application : Shed_0.9.0{super-tenant}',
      'Undeploying Carbon Application : Shed_0.9.0...',
      'Successfully undeployed Carbon Application : Shed_0.9.0{super-tenant}',
    ])
      assert.ok(carbon.includes(line), line);
  });

  it('issues tokens as LoginResource does: an RS256 JWT with sub, iss, exp and scope', async () => {
    const token = await new MgmtCaller(s).login();
    const [head, body, sig] = token.split('.');
    assert.ok(sig && sig.length > 100);
    const header = JSON.parse(Buffer.from(head, 'base64url').toString());
    assert.equal(header.alg, 'RS256');
    assert.match(header.kid, /^[0-9a-f-]{36}$/);
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    assert.equal(claims.sub, ADMIN.user);
    assert.equal(claims.scope, 'admin');
    assert.equal(claims.iss, `https://127.0.0.1:${s.managementPort}/`);
    assert.ok(Math.abs(claims.exp - (Date.now() / 1000 + 3600)) < 60);
  });

  it("answers as MI's security handler: the root without a token, refusals as bare 401s", async () => {
    const root = await m.raw('GET', '/management', {});
    assert.equal(root.status, 200);
    assert.deepEqual(root.json, { 'WSO2 Micro Integrator': '4.4.0', ManagementApi: 'Active' });
    const none = await m.raw('GET', '/management/sequences', {});
    assert.equal(none.status, 401);
    assert.equal(none.text, '');
    for (const authorization of ['Bearer not-a-token', m.basic(), 'Digest x', `Bearer ${'y'.repeat(40)}`]) {
      const r = await m.raw('GET', '/management/sequences', { Authorization: authorization });
      assert.equal(r.status, 401, authorization);
      assert.equal(r.text, '', authorization);
    }
    // InternalAPIDispatcher: no resource for the path or method is a 404 with no body (after the security handler)
    const auth = { Authorization: `Bearer ${await m.login()}` };
    for (const [method, path] of [
      ['GET', '/management/no-such-thing'],
      ['PUT', '/management/apis'],
      ['DELETE', '/management/logging'],
      ['POST', '/management/server'],
      ['PUT', '/management/users'],
      ['POST', '/management/roles/admin'],
    ]) {
      const r = await m.raw(method, path, auth);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.text, '', `${method} ${path}`);
    }
    assert.equal((await m.raw('GET', '/elsewhere', {})).status, 404);
    const postLogin = await m.raw('POST', '/management/login', { Authorization: m.basic() });
    assert.equal(postLogin.status, 404);
    const tokenAtLogin = await m.raw('GET', '/management/login', { Authorization: 'Bearer abc' });
    assert.equal(tokenAtLogin.status, 401);
    assert.equal(tokenAtLogin.text, '');
  });

  it('restarts as MetaDataResource answers: tokens and in-memory switches gone, every application deployed again', async () => {
    const other = new MgmtCaller(s);
    await other.login();
    await other.send('POST', 'sequences', { name: 'PressSeq', trace: 'enable' });
    assert.equal((await other.get('sequences?sequenceName=PressSeq')).json.tracing, 'enabled');
    const r = await other.send('PATCH', 'server', { status: 'restartGracefully' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { Message: 'The server will start to restart gracefully.' });
    // the restart redeploys every application before it drops the tokens: some seconds on a loaded machine
    await until('the tokens dropped', async () => (await other.get('sequences')).status === 401);
    assert.equal((await other.get('sequences')).status, 401);
    await other.login();
    assert.equal((await other.get('sequences?sequenceName=PressSeq')).json.tracing, 'disabled');
    // the lines MetaDataResourceTestCase waits for (CoreServerInitializer.restart, StartupFinalizer)
    const carbon = (await other.get('logs?file=wso2carbon.log')).text;
    for (const line of [
      'Gracefully restarting WSO2 Micro Integrator...',
      'Starting a new Carbon instance. Current instance will be shutdown',
    ])
      assert.ok(carbon.includes(line), line);
    assert.match(carbon, /WSO2 Micro Integrator started in \d+\.\d\d seconds/);
    assert.equal((await other.get('applications')).json.activeList[0].name, 'Orchard');
    await m.login();
  });

  it('prints os.name and os.version as Java does; logs out with a 200 and no body', async () => {
    const info = (await m.get('server')).json;
    assert.notEqual(info.osVersion, 'node');
    assert.match(info.osName, /^[A-Z]/);
    const other = new MgmtCaller(s);
    const token = await other.login();
    const out = await other.raw('GET', '/management/logout', { Authorization: `Bearer ${token}` });
    assert.equal(out.status, 200);
    assert.equal(out.text, '');
  });
});
