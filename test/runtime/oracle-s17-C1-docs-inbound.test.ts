/**
 * docs-mi's inbound endpoint and message store/processor pages (learn/examples/inbound-endpoint-examples,
 * message-store-processor-examples; reference/synapse-properties/inbound-endpoints): the shapes they show validate and
 * load, and the parameters their reference pages list are offered. Own names, ports and payloads. Where a page and
 * MI's sources differ the sources are followed: HL7 `inbound.hl7.PassThroughInvalidMessages` as MLLPConstants spells
 * it (the page writes PassthroughInvalidMessages), its CharSet default UTF-8 (HL7EndpointManager; the page says
 * US-ASCII). The HTTPS example's root element has no namespace, only its `p:`-prefixed children are Synapse's:
 * InboundEndpointFactory reads the root's attributes without a namespace and `parameters` in Synapse's, so MI deploys it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { knownParameters } from '../../core/catalog';
import { validatePaths } from '../../core/validate/paths';
import { parseXml } from '../../core/xml/parse';
import { freePort } from '../support';
import { NS, send, startRuntime } from './helpers';

describe('oracle S17 C1: docs-mi inbound endpoint pages (inbound-endpoint-https-protocol, hl7/rabbitmq properties)', () => {
  it('an inbound endpoint whose root has no namespace and p:-prefixed parameters validates and serves (inbound-endpoint-https-protocol shape)', async () => {
    const port = await freePort();
    const inbound = `<?xml version="1.0" encoding="UTF-8"?>
<inboundEndpoint xmlns:p="http://ws.apache.org/ns/synapse" name="HarbourGate" protocol="http" suspend="false" sequence="Dock" onError="fault">
  <p:parameters>
    <p:parameter name="inbound.http.port">${port}</p:parameter>
  </p:parameters>
</inboundEndpoint>`;
    const dock = `<sequence ${NS} name="Dock"><payloadFactory media-type="json"><format>{"berth":7}</format><args/></payloadFactory><respond/></sequence>`;
    const dir = mkdtempSync(join(tmpdir(), 'c1-docs-'));
    try {
      const put = (rel: string, text: string) => {
        mkdirSync(dirname(join(dir, rel)), { recursive: true });
        writeFileSync(join(dir, rel), text);
      };
      put('pom.xml', '<project><artifactId>Harbour</artifactId><version>1.0.0</version></project>');
      put('src/main/wso2mi/artifacts/inbound-endpoints/HarbourGate.xml', inbound);
      put('src/main/wso2mi/artifacts/sequences/Dock.xml', dock);
      assert.deepEqual(
        validatePaths([dir], dir).findings.map((f) => `${f.code} ${f.message}`),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const t = await startRuntime({ 'HarbourGate.xml': inbound, 'Dock.xml': dock });
    try {
      assert.ok(
        t.logs.some(
          (l) =>
            l.message ===
            "Inbound Endpoint named 'HarbourGate' has been deployed from file : HarbourGate.xml",
        ),
      );
      const r = await send(`http://127.0.0.1:${port}/anything`, { body: '<a/>', type: 'application/xml' });
      assert.equal(r.status, 200);
      assert.equal(r.text, '{"berth":7}');
    } finally {
      await t.close();
    }
  });

  const names = (xml: string) => knownParameters(parseXml(xml).root!).map((k) => k.name);

  it('offers every parameter of the HL7 inbound page, spelt as MLLPConstants has them', () => {
    const offered = names(
      `<inboundEndpoint ${NS} name="Ward" protocol="hl7"><parameters/></inboundEndpoint>`,
    );
    for (const n of [
      'inbound.hl7.Port',
      'inbound.hl7.AutoAck',
      'inbound.hl7.ValidateMessage',
      'inbound.hl7.TimeOut',
      'inbound.hl7.CharSet',
      'inbound.hl7.BuildInvalidMessages',
      'inbound.hl7.PassThroughInvalidMessages',
      'inbound.hl7.MessagePreProcessor',
      'sequential',
    ])
      assert.ok(offered.includes(n), n);
    const charset = knownParameters(
      parseXml(`<inboundEndpoint ${NS} name="Ward" protocol="hl7"><parameters/></inboundEndpoint>`).root!,
    ).find((k) => k.name === 'inbound.hl7.CharSet');
    assert.match(charset!.doc, /default UTF-8/);
  });

  it('offers every parameter of the RabbitMQ inbound page', () => {
    const offered = names(
      `<inboundEndpoint ${NS} name="Burrow" protocol="rabbitmq"><parameters/></inboundEndpoint>`,
    );
    for (const n of [
      'sequential',
      'coordination',
      'rabbitmq.connection.factory',
      'rabbitmq.server.host.name',
      'rabbitmq.server.port',
      'rabbitmq.server.user.name',
      'rabbitmq.server.password',
      'rabbitmq.queue.name',
      'rabbitmq.server.virtual.host',
      'rabbitmq.connection.ssl.enabled',
      'rabbitmq.connection.ssl.keystore.location',
      'rabbitmq.connection.ssl.truststore.password',
      'rabbitmq.connection.ssl.version',
      'rabbitmq.channel.consumer.qos',
      'rabbitmq.consumer.tag',
      'rabbitmq.connection.factory.network.recovery.interval',
      'rabbitmq.factory.connection.timeout',
      'rabbitmq.queue.durable',
      'rabbitmq.queue.exclusive',
      'rabbitmq.queue.auto.delete',
      'rabbitmq.queue.auto.ack',
      'rabbitmq.exchange.name',
      'rabbitmq.queue.routing.key',
      'rabbitmq.queue.autodeclare',
      'rabbitmq.exchange.type',
      'rabbitmq.exchange.durable',
      'rabbitmq.exchange.auto.delete',
      'rabbitmq.exchange.autodeclare',
      'rabbitmq.factory.heartbeat',
      'rabbitmq.message.max.dead.lettered.count',
      'rabbitmq.message.requeue.delay',
      'rabbitmq.message.error.queue.routing.key',
      'rabbitmq.message.error.exchange.name',
      'rabbitmq.connection.retry.interval',
      'rabbitmq.connection.retry.count',
    ])
      assert.ok(offered.includes(n), n);
  });

  it('offers every parameter of the JMS inbound page, and concurrent.consumers, which JMSProcessor reads instead of the page s transport.jms.ConcurrentConsumers', () => {
    const offered = names(
      `<inboundEndpoint ${NS} name="Pier" protocol="jms"><parameters/></inboundEndpoint>`,
    );
    for (const n of [
      'java.naming.factory.initial',
      'java.naming.provider.url',
      'transport.jms.ConnectionFactoryJNDIName',
      'interval',
      'coordination',
      'sequential',
      'transport.jms.ConnectionFactoryType',
      'transport.jms.Destination',
      'transport.jms.SessionAcknowledgement',
      'transport.jms.CacheLevel',
      'transport.jms.UserName',
      'transport.jms.Password',
      'transport.jms.JMSSpecVersion',
      'transport.jms.SubscriptionDurable',
      'transport.jms.DurableSubscriberClientID',
      'transport.jms.DurableSubscriberName',
      'transport.jms.MessageSelector',
      'transport.jms.ReceiveTimeout',
      'transport.jms.ContentType',
      'transport.jms.ContentTypeProperty',
      'transport.jms.ReplyDestination',
      'transport.jms.PubSubNoLocal',
      'transport.jms.SharedSubscription',
      'transport.jms.retry.duration',
      'transport.jms.RetriesBeforeSuspension',
      'transport.jms.PollingSuspensionPeriod',
      'concurrent.consumers',
    ])
      assert.ok(offered.includes(n), n);
  });

  it('offers every parameter of the WebSocket inbound page (ws and wss)', () => {
    const ws = names(`<inboundEndpoint ${NS} name="Socket" protocol="ws"><parameters/></inboundEndpoint>`);
    const wss = names(`<inboundEndpoint ${NS} name="Socket" protocol="wss"><parameters/></inboundEndpoint>`);
    const common = [
      'inbound.ws.port',
      'ws.client.side.broadcast.level',
      'ws.outflow.dispatch.sequence',
      'ws.outflow.dispatch.fault.sequence',
      'sequential',
      'ws.boss.thread.pool.size',
      'ws.worker.thread.pool.size',
      'ws.subprotocol.handler.class',
      'ws.default.content.type',
      'ws.shutdown.status.code',
      'ws.shutdown.status.message',
      'ws.pipeline.handler.class',
      'ws.use.port.offset',
    ];
    for (const n of common) assert.ok(ws.includes(n) && wss.includes(n), n);
    for (const n of [
      'wss.ssl.key.store.file',
      'wss.ssl.key.store.pass',
      'wss.ssl.trust.store.file',
      'wss.ssl.trust.store.pass',
      'wss.ssl.cert.pass',
      'wss.ssl.protocols',
      'wss.ssl.cipher.suites',
    ])
      assert.ok(wss.includes(n) && !ws.includes(n), n);
  });
});
