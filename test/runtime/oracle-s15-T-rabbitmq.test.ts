/**
 * Oracle (MI's RabbitMQ integration tests, session 15 helper T): what MI's inbound endpoint logs while it cannot
 * reach the broker (no broker needed: a closed port), and proxy services that list the rabbitmq transport, consumed
 * through a connection factory of deployment.toml (Debian's rabbitmq-server, started once for the second part).
 */
import assert from 'node:assert/strict';
import {
  closedPort,
  NS,
  send,
  startBackend,
  startProjectRuntime,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';
import { startBroker, type Broker } from './rabbitmqBroker';
import { until } from '../support';
import { keptPropertyFixture } from './oracle-s15-T-store.test';

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

describe('oracle-s15-T: RabbitMQ proxy service without a broker (MI RabbitMQReceiverConnectionRecoveryTestCase)', () => {
  it('connects with the deployment.toml factory alone and retries retry_count times every retry_interval "in N ms" (axis2 RabbitMQConnectionFactory.retry) (MI RabbitMQReceiverConnectionRecoveryTestCase)', async () => {
    const down = await closedPort();
    const rt = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'deployment/deployment.toml': `[[transport.rabbitmq.listener]]\nname = "GardenCF"\nparameter.hostname = "127.0.0.1"\nparameter.port = ${down}\nparameter.retry_interval = "30"\nparameter.retry_count = 2\n`,
        // the proxy's own host and port do not make its connection
        'src/main/wso2mi/artifacts/proxy-services/Garden.xml': `<proxy ${NS} name="Garden" transports="rabbitmq"><target><inSequence><drop/></inSequence></target>
           <parameter name="rabbitmq.queue.name">garden.q</parameter><parameter name="rabbitmq.connection.factory">GardenCF</parameter>
           <parameter name="rabbitmq.server.port">1</parameter></proxy>`,
      },
      'rmq-proxy-down',
    );
    try {
      await until('the consumer gives up', () =>
        rt.logs.some((l) => l.message.includes('Error occurred while starting the endpoint Garden')),
      );
      const msgs = rt.logs.map((l) => l.message.replace(/^Proxy service Garden \([^)]*\): /, ''));
      assert.deepEqual(
        msgs.filter((m) => m.includes('Attempting to create connection')),
        [
          '[GardenCF] Attempting to create connection to RabbitMQ Broker in 30 ms',
          '[GardenCF] Attempting to create connection to RabbitMQ Broker in 30 ms',
        ],
      );
      assert.ok(
        msgs.some((m) => m.includes(`ECONNREFUSED 127.0.0.1:${down}`)),
        msgs.join('\n'),
      );
    } finally {
      await rt.close();
    }
  });
});

describe('oracle-s15-T: RabbitMQ proxy naming a factory deployment.toml does not define', () => {
  it('logs the missing factory once, not again at each later deployment or activation (review R4)', async () => {
    const rt = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'src/main/wso2mi/artifacts/proxy-services/Orchard.xml': `<proxy ${NS} name="Orchard" transports="rabbitmq"><target><inSequence><drop/></inSequence></target>
           <parameter name="rabbitmq.queue.name">orchard.q</parameter><parameter name="rabbitmq.connection.factory">OrchardCF</parameter></proxy>`,
        'src/main/wso2mi/artifacts/proxy-services/Shed.xml': `<proxy ${NS} name="Shed" transports="http"><target><inSequence><drop/></inSequence></target></proxy>`,
      },
      'rmq-proxy-nocf',
    );
    try {
      const missing = () =>
        rt.logs.filter((l) => l.message.includes('not found for the connection factory OrchardCF')).length;
      await until('the missing factory logged', () => missing() === 1);
      for (const active of [false, true]) assert.equal(rt.rt.setActive('proxy', 'Shed', active), true);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(missing(), 1);
    } finally {
      await rt.close();
    }
  });
});

describe('oracle-s15-T: RabbitMQ proxy services (transports="rabbitmq", a real broker)', function () {
  this.timeout(30_000);
  let broker: Broker;
  let rt: TestRuntime | undefined;
  /** A back end that never answers: a proxy calling it holds its message unacknowledged. */
  let hang: Backend | undefined;
  before(async function () {
    this.timeout(90_000);
    broker = await startBroker();
  });
  after(async function () {
    this.timeout(30_000);
    await rt?.close();
    await hang?.close();
    await broker?.stop();
  });

  const A = 'src/main/wso2mi/artifacts';
  const proxy = (name: string, queue: string, body: string, extra = '') =>
    `<proxy ${NS} name="${name}" transports="rabbitmq" startOnLoad="true"><target>${body}</target>
       <parameter name="rabbitmq.queue.name">${queue}</parameter>
       <parameter name="rabbitmq.connection.factory">PlantCF</parameter>${extra}</proxy>`;

  before(async function () {
    this.timeout(30_000);
    const down = await closedPort();
    hang = await startBackend(() => undefined);
    const addr = (key: string) =>
      `rabbitmq:/plantReplies?rabbitmq.server.host.name=127.0.0.1&amp;rabbitmq.server.port=${broker.port}&amp;rabbitmq.server.user.name=synapse&amp;rabbitmq.server.password=rabbit-secret&amp;rabbitmq.queue.routing.key=${key}`;
    rt = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        // MI's config tool writes these into axis2.xml's rabbitmq transportReceiver (key-mappings.json names)
        'deployment/deployment.toml': `[transport.rabbitmq]\nlistener_enable = true\n\n[[transport.rabbitmq.listener]]\nname = "PlantCF"\nparameter.hostname = "127.0.0.1"\nparameter.port = ${broker.port}\nparameter.username = "synapse"\nparameter.password = "rabbit-secret"\nparameter.retry_interval = "500"\nparameter.retry_count = 2\n`,
        [`${A}/proxy-services/PlantText.xml`]: proxy(
          'PlantText',
          'plant.text',
          `<inSequence><log level="custom"><property name="plantSeen" value="yes"/><property name="what" expression="//reading/text()"/></log>
           <property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/></inSequence>`,
        ),
        [`${A}/proxy-services/PlantJson.xml`]: proxy(
          'PlantJson',
          'plant.json',
          `<inSequence><log level="custom"><property name="device" expression="json-eval($.device)"/></log></inSequence>`,
          '<parameter name="rabbitmq.message.content.type">application/json</parameter>',
        ),
        [`${A}/proxy-services/PlantEcho.xml`]: proxy(
          'PlantEcho',
          'plant.echo',
          `<inSequence><payloadFactory media-type="xml"><format><echoed xmlns="">$1</echoed></format><args><arg evaluator="xml" expression="//*[local-name()='tag']/text()"/></args></payloadFactory><respond/></inSequence>`,
        ),
        [`${A}/proxy-services/PlantBroken.xml`]: proxy(
          'PlantBroken',
          'plant.broken',
          `<inSequence><call><endpoint><address uri="http://127.0.0.1:${down}/nowhere"/></endpoint></call><respond/></inSequence>
           <faultSequence><payloadFactory media-type="xml"><format><failed xmlns="">$1</failed></format><args><arg evaluator="xml" expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence>`,
        ),
        [`${A}/proxy-services/PlantSlow.xml`]: proxy(
          'PlantSlow',
          'plant.slow',
          `<inSequence><call><endpoint><address uri="${hang.url}/hold"/></endpoint></call><drop/></inSequence>`,
          `<parameter name="rabbitmq.queue.auto.ack">false</parameter><parameter name="rabbitmq.channel.consumer.qos">2</parameter>
           <parameter name="rabbitmq.concurrent.consumer.count">3</parameter>`,
        ),
        [`${A}/apis/PlantAsk.xml`]: `<api ${NS} name="PlantAsk" context="/plant">
          <resource methods="POST" uri-template="/echo"><inSequence><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/><call><endpoint><address uri="${addr('plant.echo')}"/></endpoint></call><respond/></inSequence></resource>
          <resource methods="POST" uri-template="/broken"><inSequence><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/><call><endpoint><address uri="${addr('plant.broken')}"/></endpoint></call><respond/></inSequence></resource></api>`,
      },
      'rmq-proxy',
    );
    for (const q of ['plant.text', 'plant.json', 'plant.echo', 'plant.broken'])
      await until(`a consumer on ${q}`, async () => (await broker.consumers(q)) === 1);
    await until('three consumers on plant.slow', async () => (await broker.consumers('plant.slow')) === 3);
  });

  it('consumes for a proxy with the deployment.toml factory it names; a message with no content type is read as text/plain with MI warning (MI RabbitMQConsumerTestCase, RabbitMQContentTypeTestCase)', async () => {
    broker.ch.sendToQueue('plant.text', Buffer.from('<reading>42</reading>'), { contentType: 'text/plain' });
    broker.ch.sendToQueue('plant.text', Buffer.from('<reading>43</reading>'), { messageId: 'm-43' });
    await until(
      'two messages mediated',
      () => rt!.logs.filter((l) => l.message.includes('plantSeen = yes')).length === 2,
    );
    const seen = rt!.logs.filter((l) => l.message.includes('plantSeen = yes')).map((l) => l.message);
    // text/plain: the whole text is the body's text element (no XML structure to find)
    assert.ok(
      seen.every((m) => m.includes('what = ')),
      seen.join('\n'),
    );
    assert.ok(
      rt!.logs.some((l) =>
        l.message.endsWith('Unable to determine content type for message m-43 setting to text/plain'),
      ),
      rt!.logs.map((l) => l.message).join('\n'),
    );
    assert.ok(
      rt!.logs.some((l) =>
        /Start consuming queue: plant\.text with consumer tag: \S+ for service: PlantText/.test(l.message),
      ),
    );
  });

  it('stops consuming while the proxy is deactivated and consumes again when it is activated (MI ESBJAVA4630RabbitMQMultipleListenerTestCase)', async () => {
    assert.equal(rt!.rt.setActive('proxy', 'PlantText', false), true);
    await until('no consumer on plant.text', async () => (await broker.consumers('plant.text')) === 0);
    broker.ch.sendToQueue('plant.text', Buffer.from('<reading>77</reading>'), {
      contentType: 'application/xml',
    });
    assert.equal(await broker.waitDepth('plant.text', 1), 1);
    rt!.rt.setActive('proxy', 'PlantText', true);
    await until('the waiting message mediated', () => rt!.logs.some((l) => l.message.includes('what = 77')));
  });

  it("reads a message by the proxy's rabbitmq.message.content.type (MI RabbitMQJSONConsumerTestCase)", async () => {
    broker.ch.sendToQueue('plant.json', Buffer.from('{"device":"pump-7"}'), { contentType: 'text/plain' });
    await until('the JSON message mediated', () =>
      rt!.logs.some((l) => l.message.includes('device = pump-7')),
    );
  });

  it('answers a request that names a reply-to queue: an API call to a rabbitmq: endpoint gets the proxy answer (MI RabbitMQDualChannelTestCase)', async () => {
    // (the API's REST_URL_POSTFIX removed: MI appends it to a rabbitmq: address too, and so to its routing key)
    const r = await send(`${rt!.base}/plant/echo`, {
      body: '<ask><tag>valve-3</tag></ask>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<echoed>valve-3</echoed>');
  });

  it("answers with the proxy's fault sequence when its back end is down (MI RabbitMQDualChannelTestCase)", async () => {
    const r = await send(`${rt!.base}/plant/broken`, {
      body: '<ask><tag>x</tag></ask>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<failed>Error connecting to the back end</failed>');
  });

  it('takes rabbitmq.channel.consumer.qos unacknowledged messages per consumer, rabbitmq.concurrent.consumer.count consumers (MI ESBJAVA4571RabbitMQQOSTestCase, ESBJAVA4630RabbitMQMultipleListenerTestCase)', async () => {
    for (let i = 0; i < 20; i++)
      broker.ch.sendToQueue('plant.slow', Buffer.from(`<n>${i}</n>`), { contentType: 'application/xml' });
    // 3 consumers x QoS 2 = 6 messages held by the proxy (its back end never answers); 14 stay ready in the queue
    assert.equal(await broker.waitDepth('plant.slow', 14), 14);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await broker.depth('plant.slow'), 14);
  });

  it('a RabbitMQ store keeps what MessageConverter writes: string properties and the first element of an element list; a lone OM property and a typed (INTEGER) one are lost (MI ESBJAVA2907TestCase)', async () => {
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<done/>');
    });
    const t = await startRuntime(
      keptPropertyFixture(
        be.url,
        `<messageStore ${NS} name="KeepStore" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore">
          <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter><parameter name="store.rabbitmq.host.port">${broker.port}</parameter>
          <parameter name="store.rabbitmq.username">synapse</parameter><parameter name="store.rabbitmq.password">rabbit-secret</parameter>
          <parameter name="store.rabbitmq.queue.name">keep.q</parameter></messageStore>`,
      ),
    );
    try {
      const r = await send(`${t.base}/services/KeepPS`, {
        body: '<q:ask xmlns:q="urn:q"><q:sym>IBM</q:sym></q:ask>',
        type: 'application/xml',
      });
      assert.equal(r.status, 202);
      await until('the reply sequence', () => t.logs.some((l) => l.message.includes('listProp')));
      const line = t.logs.find((l) => l.message.includes('listProp'))!.message;
      assert.match(
        line,
        /listProp = <q:ask xmlns:q="urn:q"><q:sym>IBM<\/q:sym><\/q:ask>, loneProp = null, plain = p-1, count = null/,
      );
    } finally {
      await t.close();
      await be.close();
    }
  });
});
