/**
 * Session 13, helper S5: what MI logs when it deploys artifacts (MI tests-service car CAppDeploymentOrderTest;
 * Synapse SequenceDeployer, EndpointDeployer, ... deploySynapseArtifact / updateSynapseArtifact; MI
 * SynapseAppDeployer.getOrderedArtifactsMap for the order). Our own artifact names.
 */
import assert from 'node:assert/strict';
import { NS, startRuntime, type TestRuntime } from './helpers';

describe('oracle s13 (S5): deployment log lines', () => {
  let t: TestRuntime;
  before(async () => {
    // given in an order unlike MI's: the lines follow MI's CApp order, not this one
    t = await startRuntime({
      'inbound.xml': `<inboundEndpoint ${NS} name="deskInbound" protocol="http" sequence="deskSeq" suspend="false"><parameters><parameter name="inbound.http.port">0</parameter></parameters></inboundEndpoint>`,
      'api.xml': `<api ${NS} name="DeskApi" context="/desk"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
      'processor.xml': `<messageProcessor ${NS} name="deskProc" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="deskStore"><parameter name="sequence">deskSeq</parameter><parameter name="is.active">false</parameter></messageProcessor>`,
      'task.xml': `<task ${NS} name="deskTask" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger interval="3600"/><property name="sequenceName" value="deskSeq"/><property name="injectTo" value="sequence"/><property name="message"><ping/></property></task>`,
      'proxy.xml': `<proxy ${NS} name="DeskProxy" startOnLoad="false"><target><inSequence><drop/></inSequence></target></proxy>`,
      'epTemplate.xml': `<template ${NS} name="deskEpTpl"><endpoint name="t"><address uri="http://127.0.0.1:1/t"/></endpoint></template>`,
      'seqTemplate.xml': `<template ${NS} name="deskSeqTpl"><sequence><log/></sequence></template>`,
      'store.xml': `<messageStore ${NS} name="deskStore"/>`,
      'sequence.xml': `<sequence ${NS} name="deskSeq"><log/></sequence>`,
      'endpoint.xml': `<endpoint ${NS} name="DeskEp"><address uri="http://127.0.0.1:1/desk"/></endpoint>`,
      'entry.xml': `<localEntry ${NS} key="deskEntry">value</localEntry>`,
      // pinned to another server: not deployed here, not logged (ProxyService.buildAxisService returns null)
      'elsewhere.xml': `<proxy ${NS} name="ElsewhereProxy" pinnedServers="otherNode"><target><inSequence><drop/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  const deployLines = (from = 0) =>
    t.logs
      .slice(from)
      .filter((l) => /.Deployer$/.test(l.category))
      .map((l) => `{${l.category}} ${l.message}`);

  it('each artifact is logged as deployed, in the order MI deploys a CApp (MI CAppDeploymentOrderTest)', () => {
    assert.deepEqual(deployLines(), [
      "{LocalEntryDeployer} LocalEntry named 'deskEntry' has been deployed from file : entry.xml",
      "{EndpointDeployer} Endpoint named 'DeskEp' has been deployed from file : endpoint.xml",
      "{SequenceDeployer} Sequence named 'deskSeq' has been deployed from file : sequence.xml",
      "{MessageStoreDeployer} Message Store named 'deskStore' has been deployed from file : store.xml",
      "{TemplateDeployer} Endpoint Template named 'deskEpTpl' has been deployed from file : epTemplate.xml",
      "{TemplateDeployer} Template named 'deskSeqTpl' has been deployed from file : seqTemplate.xml",
      "{ProxyServiceDeployer} ProxyService named 'DeskProxy' has been deployed from file : proxy.xml",
      "{ProxyServiceDeployer} ProxyService named 'DeskProxy' has been stopped as startOnLoad parameter is set to false",
      "{TaskDeployer} StartupTask named 'deskTask' has been deployed from file : task.xml",
      "{MessageProcessorDeployer} Message Processor named 'deskProc' has been deployed from file : processor.xml",
      "{APIDeployer} API named 'DeskApi' has been deployed from file : api.xml",
      "{InboundEndpointDeployer} Inbound Endpoint named 'deskInbound' has been deployed from file : inbound.xml",
    ]);
    // the listener starts after the deployment, as MI's transports start after its CApps are deployed (MI
    // CARBON16113DeployArtifactsBeforeTransportStarsTestCase), in MI's words (PassThroughListeningIOReactorManager)
    const started = t.logs.findIndex((l) => l.message.startsWith('Pass-through HTTP Listener started on '));
    assert.ok(started > t.logs.findIndex((l) => l.category === 'InboundEndpointDeployer'));
  });

  it('a file deployed again logs the update; a file with a problem logs nothing (MI SynapseArtifactsHotDeploymentTestCase)', () => {
    const n = t.logs.length;
    t.rt.deploy([
      { name: 'sequence.xml', text: `<sequence ${NS} name="deskSeq"><log level="full"/></sequence>` },
      {
        name: 'proxy.xml',
        text: `<proxy ${NS} name="DeskProxy"><target><inSequence><drop/></inSequence></target></proxy>`,
      },
      {
        name: 'api.xml',
        text: `<api ${NS} name="DeskApi" context="/desk"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
      },
      { name: 'broken.xml', text: `<sequence ${NS} name="brokenSeq"><log level="loud"/></sequence>` },
      { name: 'fresh.xml', text: `<sequence ${NS} name="freshSeq"><log/></sequence>` },
    ]);
    assert.deepEqual(deployLines(n), [
      '{SequenceDeployer} Sequence: deskSeq has been updated from the file: sequence.xml',
      "{SequenceDeployer} Sequence named 'freshSeq' has been deployed from file : fresh.xml",
      "{ProxyServiceDeployer} ProxyService named 'DeskProxy' has been update from file : proxy.xml",
      '{APIDeployer} API: DeskApi has been updated from the file: api.xml',
    ]);
    // ProxyServiceDeployer.updateSynapseArtifact: the proxy it replaces is stopped before the new one is built
    assert.deepEqual(
      t.logs
        .slice(n)
        .filter((l) => l.category === 'ProxyService')
        .map((l) => l.message),
      [
        'Stopped the proxy service : DeskProxy',
        'Building Axis service for Proxy service : DeskProxy',
        'Adding service DeskProxy to the Axis2 configuration',
        'Successfully created the Axis2 service for Proxy service : DeskProxy',
      ],
    );
  });

  it('a proxy stopped and started again (management API: ProxyService.stop / start) says so (review R2)', () => {
    const n = t.logs.length;
    t.rt.setActive('proxy', 'DeskProxy', false);
    t.rt.setActive('proxy', 'DeskProxy', true);
    assert.deepEqual(
      t.logs.slice(n).map((l) => `{${l.category}} ${l.message}`),
      [
        '{ProxyService} Stopped the proxy service : DeskProxy',
        '{ProxyService} Started the proxy service : DeskProxy',
      ],
    );
  });

  it('a file taken away (hot undeployment) logs each of its artifacts undeployed (MI SynapseArtifactsHotDeploymentTestCase)', () => {
    const n = t.logs.length;
    // no such file on disk: reloadFile undeploys what it held
    t.rt.reloadFile('store.xml');
    t.rt.reloadFile('epTemplate.xml');
    assert.deepEqual(deployLines(n), [
      "{MessageStoreDeployer} MessageStore named 'deskStore' has been undeployed",
      "{TemplateDeployer} Template named 'deskEpTpl' has been undeployed",
    ]);
    assert.ok(!t.rt.list().some((a) => a.name === 'deskStore'));
  });
});
