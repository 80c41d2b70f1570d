/**
 * Oracle (MI's RabbitMQ integration tests, session 15 helper T): what MI's inbound endpoint logs while it cannot
 * reach the broker. No broker needed (a closed port).
 */
import assert from 'node:assert/strict';
import { closedPort, NS, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

describe('oracle-s15-T: RabbitMQ inbound endpoint (MI RabbitMQInboundTestCase)', () => {
  let rt: TestRuntime | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });

  it('retries rabbitmq.connection.retry.count times, logging "in <interval>ms. Retry attempts: n" as the inbound RabbitMQConnectionFactory does (MI RabbitMQInboundTestCase)', async () => {
    const down = await closedPort();
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="sinkSeq"><log/></sequence>`,
      'in.xml': `<inboundEndpoint ${NS} name="NoBrokerIn" protocol="rabbitmq" sequence="sinkSeq" suspend="false"><parameters>
        <parameter name="rabbitmq.connection.factory">PlantFactory</parameter>
        <parameter name="rabbitmq.server.host.name">127.0.0.1</parameter><parameter name="rabbitmq.server.port">${down}</parameter>
        <parameter name="rabbitmq.queue.name">plant.q</parameter>
        <parameter name="rabbitmq.connection.retry.count">3</parameter><parameter name="rabbitmq.connection.retry.interval">40</parameter>
        </parameters></inboundEndpoint>`,
    });
    await until('the consumer gives up', () =>
      rt!.logs.some((l) => /Error occurred while initializing the consumer/.test(l.message)),
    );
    // the runtime names the inbound endpoint and its file before MI's text
    const tries = rt.logs
      .map((l) => l.message.replace(/^Inbound endpoint NoBrokerIn \(in\.xml:1\): /, ''))
      .filter((m) => m.includes('Attempting to create connection to RabbitMQ Broker'));
    assert.deepEqual(tries, [
      '[PlantFactory] Attempting to create connection to RabbitMQ Broker in 40ms. Retry attempts: 1',
      '[PlantFactory] Attempting to create connection to RabbitMQ Broker in 40ms. Retry attempts: 2',
      '[PlantFactory] Attempting to create connection to RabbitMQ Broker in 40ms. Retry attempts: 3',
    ]);
  });

  it('names the factory "null" when the inbound endpoint has no rabbitmq.connection.factory, as MI does (MI RabbitMQInboundTestCase)', async () => {
    const down = await closedPort();
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="sinkSeq"><log/></sequence>`,
      'in.xml': `<inboundEndpoint ${NS} name="NoFactoryIn" protocol="rabbitmq" sequence="sinkSeq" suspend="false"><parameters>
        <parameter name="rabbitmq.server.host.name">127.0.0.1</parameter><parameter name="rabbitmq.server.port">${down}</parameter>
        <parameter name="rabbitmq.queue.name">plant.q2</parameter>
        <parameter name="rabbitmq.connection.retry.count">1</parameter><parameter name="rabbitmq.connection.retry.interval">20</parameter>
        </parameters></inboundEndpoint>`,
    });
    await until('the consumer gives up', () =>
      rt!.logs.some((l) => /Error occurred while initializing the consumer/.test(l.message)),
    );
    const msgs = rt.logs.map((l) => l.message.replace(/^Inbound endpoint NoFactoryIn \(in\.xml:1\): /, ''));
    assert.ok(
      msgs.includes('[null] Attempting to create connection to RabbitMQ Broker in 20ms. Retry attempts: 1'),
      msgs.join('\n'),
    );
  });
});
