/**
 * Two artifacts of one deployment that claim the same name (or two APIs the same context and version): MI's deployers
 * keep the one deployed first, in the CApp's deployment order (SynapseAppDeployer.getOrderedArtifactsMap; within a
 * kind the files' order), and refuse the later one with their own lines (SequenceDeployer "Sequence named : X already
 * exists.", ProxyServiceDeployer "ProxyService named : X already exists", SynapseConfiguration.addAPI "Duplicate
 * resource definition by the name: X" / "URL context: /c is already registered with the API: Y", addStartup,
 * addMessageStore, addMessageProcessor, addInboundEndpoint, assertAlreadyExists for a key a local entry holds), then
 * "<Kind> Deployment from the file : F : Failed.". Local entries, endpoints, sequences and templates share the local
 * registry, where only a local entry's key is refused: a second endpoint of one name replaces the first. A proxy and
 * an API of one name both deploy (separate tables). Expectations read from the Synapse sources (synapse
 * 4.0.0-wso2v165: SynapseConfiguration, deployers/*Deployer) and MI's SynapseAppDeployer; own names and payloads.
 * (MI CAppDeploymentOrderTest for the order; the deployers and SynapseConfiguration for the refusals)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine/runtime';
import type { LogRecord } from '../../runtime-debug/engine/log';
import { NS, send } from './helpers';

function deployAll(files: Record<string, string>) {
  const rt = new Runtime({ httpPort: 0 });
  const logs: LogRecord[] = [];
  rt.on('log', (r: LogRecord) => logs.push(r));
  const res = rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
  const lines = () =>
    logs
      .filter((l) => l.category !== 'Deployer')
      .map((l) => `${l.level} ${l.category} ${l.message.split('\n')[0]}`);
  return { rt, logs, res, lines };
}

const seq = (name: string, word: string) =>
  `<sequence ${NS} name="${name}"><payloadFactory media-type="json"><format>{"from":"${word}"}</format><args/></payloadFactory></sequence>`;
const api = (name: string, context: string, extra = '') =>
  `<api ${NS} name="${name}" context="${context}"${extra}><resource methods="GET"><inSequence><sequence key="Pick"/><respond/></inSequence></resource></api>`;

describe('oracle S17 C1: two artifacts with one name: the first deployed wins, the later is refused (SynapseConfiguration, *Deployer; MI CAppDeploymentOrderTest)', () => {
  it('a second sequence of one name is refused with SequenceDeployer s lines; the first one serves', async () => {
    const d = deployAll({
      'a/PickOne.xml': seq('Pick', 'one'),
      'b/PickTwo.xml': seq('Pick', 'two'),
      'c/Api.xml': api('PickApi', '/pick'),
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file}:${p.line} ${p.code}`),
      ['b/PickTwo.xml:1 SYN201'],
    );
    assert.deepEqual(d.lines(), [
      "INFO SequenceDeployer Sequence named 'Pick' has been deployed from file : a/PickOne.xml",
      'ERROR SequenceDeployer Sequence named : Pick already exists.',
      'ERROR SequenceDeployer Sequence Deployment from the file : b/PickTwo.xml : Failed.',
      'INFO API Initializing API: PickApi',
      "INFO APIDeployer API named 'PickApi' has been deployed from file : c/Api.xml",
    ]);
    const { port } = await d.rt.start();
    try {
      const r = await send(`http://127.0.0.1:${port}/pick`);
      assert.equal(r.text, '{"from":"one"}');
    } finally {
      await d.rt.stop(1000);
    }
  });

  it('a second API of one name: Initializing, then addAPI s "Duplicate resource definition" and APIDeployer s failure', () => {
    const d = deployAll({
      'Pick.xml': seq('Pick', 'x'),
      'ApiA.xml': api('Orders', '/orders-a'),
      'ApiB.xml': api('Orders', '/orders-b'),
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file} ${p.code}`),
      ['ApiB.xml SYN201'],
    );
    assert.deepEqual(d.lines().slice(1), [
      'INFO API Initializing API: Orders',
      "INFO APIDeployer API named 'Orders' has been deployed from file : ApiA.xml",
      'INFO API Initializing API: Orders',
      'ERROR SynapseConfiguration Duplicate resource definition by the name: Orders',
      'ERROR APIDeployer API deployment from the file : ApiB.xml : Failed.',
    ]);
    assert.deepEqual(
      d.rt
        .list()
        .filter((a) => a.kind === 'api')
        .map((a) => a.file),
      ['ApiA.xml'],
    );
  });

  it('two APIs with one context and version (trailing / aside, hostname not compared): "URL context … is already registered"; another version of the context deploys', () => {
    const d = deployAll({
      'Pick.xml': seq('Pick', 'x'),
      'Shop1.xml': api('ShopOne', '/shop'),
      'Shop2.xml': api('ShopTwo', '/shop/', ' hostname="other.example"'),
      'Shop3.xml': api('ShopThree', '/shop', ' version="2.0" version-type="url"'),
      'Shop4.xml': api('ShopFour', '/shop', ' version="2.0" version-type="url"'),
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file} ${p.code}`),
      ['Shop2.xml SYN402', 'Shop4.xml SYN402'],
    );
    const l = d.lines();
    assert.ok(
      l.includes('ERROR SynapseConfiguration URL context: /shop is already registered with the API: ShopOne'),
    );
    assert.ok(
      l.includes(
        'ERROR SynapseConfiguration URL context: /shop is already registered with the API: ShopThree:v2.0',
      ),
    );
    assert.ok(l.includes('ERROR APIDeployer API deployment from the file : Shop4.xml : Failed.'));
    assert.deepEqual(
      d.rt
        .list()
        .filter((a) => a.kind === 'api')
        .map((a) => a.name)
        .sort(),
      ['ShopOne', 'ShopThree'],
    );
  });

  it('a proxy and an API with one name both deploy; a second proxy of the name is refused (ProxyServiceDeployer)', () => {
    const proxy = (word: string) =>
      `<proxy ${NS} name="Twin" transports="http"><target><inSequence><payloadFactory media-type="json"><format>{"p":"${word}"}</format><args/></payloadFactory><respond/></inSequence></target></proxy>`;
    const d = deployAll({
      'Pick.xml': seq('Pick', 'x'),
      'TwinApi.xml': api('Twin', '/twin'),
      'TwinProxyA.xml': proxy('a'),
      'TwinProxyB.xml': proxy('b'),
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file} ${p.code}`),
      ['TwinProxyB.xml SYN201'],
    );
    const l = d.lines();
    assert.ok(
      l.includes(
        "INFO ProxyServiceDeployer ProxyService named 'Twin' has been deployed from file : TwinProxyA.xml",
      ),
    );
    assert.ok(l.includes('ERROR ProxyServiceDeployer ProxyService named : Twin already exists'));
    assert.ok(
      l.includes(
        'ERROR ProxyServiceDeployer ProxyService Deployment from the file : TwinProxyB.xml : Failed.',
      ),
    );
    assert.ok(l.includes("INFO APIDeployer API named 'Twin' has been deployed from file : TwinApi.xml"));
    // the refused proxy builds no Axis2 service (the check comes before buildAxisService)
    assert.equal(l.filter((x) => x.includes('Building Axis service for Proxy service : Twin')).length, 1);
  });

  it('the local registry: a sequence or endpoint named as a local entry is refused whatever the files order; a second endpoint replaces the first', () => {
    const ep = (uri: string) => `<endpoint ${NS} name="Backend"><address uri="${uri}"/></endpoint>`;
    const d = deployAll({
      'a/Shared.xml': seq('Shared', 'seq'),
      'b/BackendOne.xml': ep('http://127.0.0.1:1/one'),
      'c/BackendTwo.xml': ep('http://127.0.0.1:1/two'),
      'd/SharedEntry.xml': `<localEntry ${NS} key="Shared">a value</localEntry>`,
      'e/SharedEntryAgain.xml': `<localEntry ${NS} key="Shared">another</localEntry>`,
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file} ${p.code}`),
      ['a/Shared.xml SYN201', 'e/SharedEntryAgain.xml SYN201'],
    );
    assert.deepEqual(d.lines(), [
      "INFO LocalEntryDeployer LocalEntry named 'Shared' has been deployed from file : d/SharedEntry.xml",
      'ERROR SynapseConfiguration Duplicate entry definition for key : Shared',
      'ERROR LocalEntryDeployer LocalEntry Deployment from the file : e/SharedEntryAgain.xml : Failed.',
      "INFO EndpointDeployer Endpoint named 'Backend' has been deployed from file : b/BackendOne.xml",
      "INFO EndpointDeployer Endpoint named 'Backend' has been deployed from file : c/BackendTwo.xml",
      'ERROR SynapseConfiguration Duplicate sequence definition for key : Shared',
      'ERROR SequenceDeployer Sequence Deployment from the file : a/Shared.xml : Failed.',
    ]);
  });

  it('tasks, message stores, message processors and inbound endpoints: SynapseConfiguration s "Duplicate …" lines', () => {
    const store = `<messageStore ${NS} name="Keep"/>`;
    const proc = `<messageProcessor ${NS} name="Drain" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Keep"><parameter name="sequence">Pick</parameter><parameter name="is.active">false</parameter></messageProcessor>`;
    const task = `<task ${NS} name="Tick" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger once="true"/><property name="sequenceName" value="Pick"/><property name="injectTo" value="sequence"/><property name="message"><m xmlns="">x</m></property></task>`;
    const inbound = `<inboundEndpoint ${NS} name="Door" protocol="http" sequence="Pick" onError="Pick" suspend="true"><parameters><parameter name="inbound.http.port">1</parameter></parameters></inboundEndpoint>`;
    const d = deployAll({
      'Pick.xml': seq('Pick', 'x'),
      'Keep1.xml': store,
      'Keep2.xml': store,
      'Drain1.xml': proc,
      'Drain2.xml': proc,
      'Tick1.xml': task,
      'Tick2.xml': task,
      'Door1.xml': inbound,
      'Door2.xml': inbound,
    });
    assert.deepEqual(
      d.res.problems.map((p) => `${p.file} ${p.code}`),
      ['Keep2.xml SYN201', 'Drain2.xml SYN201', 'Tick2.xml SYN201', 'Door2.xml SYN201'],
    );
    const errors = d.lines().filter((l) => l.startsWith('ERROR'));
    assert.deepEqual(errors, [
      'ERROR SynapseConfiguration Duplicate message store : Keep',
      'ERROR MessageStoreDeployer Message Store Deployment from the file : Keep2.xml : Failed.',
      'ERROR SynapseConfiguration Duplicate startup by the name : Tick',
      'ERROR TaskDeployer StartupTask Deployment from the file : Tick2.xml : Failed.',
      'ERROR SynapseConfiguration Duplicate Message Processor Drain',
      'ERROR MessageProcessorDeployer Message Processor Deployment from the file : Drain2.xml : Failed.',
      'ERROR SynapseConfiguration Duplicate inbound  endpoint definition by the name: Door',
      'ERROR InboundEndpointDeployer Inbound Endpoint deployment from the file : Door2.xml : Failed.',
    ]);
  });

  it('the same file deployed again is an update, not a duplicate', () => {
    const d = deployAll({ 'Pick.xml': seq('Pick', 'x') });
    const again = d.rt.deploy([{ name: 'Pick.xml', text: seq('Pick', 'y') }]);
    assert.deepEqual(again.problems, []);
    assert.ok(
      d.lines().includes('INFO SequenceDeployer Sequence: Pick has been updated from the file: Pick.xml'),
    );
    // and a later file of the name is refused while the first holds it
    const other = d.rt.deploy([{ name: 'PickAgain.xml', text: seq('Pick', 'z') }]);
    assert.deepEqual(
      other.problems.map((p) => p.code),
      ['SYN201'],
    );
  });
});

describe('oracle S17 C1: synapse run s summary counts every deployed artifact kind; a data service s Axis2 line (DefaultAppDeployer, DeploymentEngine.addServiceGroup)', () => {
  it('data services, inbound endpoints, tasks, message stores and processors count; a refused duplicate does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapse-c1-count-'));
    try {
      const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
      const put = (rel: string, text: string) => {
        mkdirSync(dirname(join(art, rel)), { recursive: true });
        writeFileSync(join(art, rel), text);
      };
      put('sequences/Pick.xml', seq('Pick', 'x'));
      put('sequences/PickAgain.xml', seq('Pick', 'y'));
      put('message-stores/Keep.xml', `<messageStore ${NS} name="Keep"/>`);
      put(
        'message-processors/Drain.xml',
        `<messageProcessor ${NS} name="Drain" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Keep"><parameter name="sequence">Pick</parameter><parameter name="is.active">false</parameter></messageProcessor>`,
      );
      put(
        'tasks/Tick.xml',
        `<task ${NS} name="Tick" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger once="true"/><property name="sequenceName" value="Pick"/><property name="injectTo" value="sequence"/><property name="message"><m xmlns="">x</m></property></task>`,
      );
      put(
        'inbound-endpoints/Door.xml',
        `<inboundEndpoint ${NS} name="Door" protocol="http" sequence="Pick" onError="Pick" suspend="true"><parameters><parameter name="inbound.http.port">1</parameter></parameters></inboundEndpoint>`,
      );
      mkdirSync(join(dir, 'data'), { recursive: true });
      writeFileSync(join(dir, 'data', 'rows.csv'), 'a;b\n1;2\n');
      put(
        'data-services/Rows.dbs',
        `<data name="Rows"><config id="c"><property name="csv_datasource">./data/rows.csv</property><property name="csv_columnseperator">;</property></config><query id="q" useConfig="c"><result element="R" rowName="Row"><element column="1" name="a"/></result></query><resource method="GET" path="all"><call-query href="q"/></resource></data>`,
      );
      const rt = new Runtime({ httpPort: 0 });
      const logs: LogRecord[] = [];
      rt.on('log', (r: LogRecord) => logs.push(r));
      const res = rt.loadProject(dir);
      // DefaultAppDeployer's DBDeployer runs before SynapseAppDeployer: Axis2's DeploymentEngine.addServiceGroup line
      // comes first (DEPLOYING_WS "Deploying Web service: {0} - {1}", the file's URL)
      const first = logs.find((l) => l.level === 'INFO');
      assert.equal(first?.category, 'DeploymentEngine');
      assert.equal(
        first?.message,
        `Deploying Web service: Rows.dbs - file:${join(art, 'data-services', 'Rows.dbs')
          .replace(/\\/g, '/')
          .replace(/^(?!\/)/, '/')}`,
      );
      assert.deepEqual(
        res.problems.map((p) => p.code),
        ['SYN201'],
      );
      // Pick, Keep, Drain, Tick, Door and the data service Rows
      assert.equal(rt.deployedCount(), 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
