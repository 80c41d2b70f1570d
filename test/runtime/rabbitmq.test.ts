/**
 * RabbitMQ in the embedded runtime against a real broker (Debian's rabbitmq-server, started once for this file):
 * rabbitmq: endpoint addresses (publish, declarations, properties, request-reply, failures), the RabbitMQ inbound
 * endpoint (mediation into an HTTP back end, ack / reject / requeue), and the RabbitMQ message store with the
 * forwarding processor.
 */
import { strict as assert } from 'node:assert';
import { NS, api, closedPort, send, startRuntime, type TestRuntime } from './helpers';
import { startBroker, type Broker } from './rabbitmqBroker';

describe('RabbitMQ (real broker)', function () {
  this.timeout(30_000);
  let broker: Broker;
  before(async function () {
    this.timeout(90_000);
    broker = await startBroker();
  });
  after(async function () {
    this.timeout(30_000);
    await broker?.stop();
  });

  const addr = (params: string) =>
    `rabbitmq:/Orders?rabbitmq.server.host.name=127.0.0.1&amp;rabbitmq.server.port=${broker.port}&amp;rabbitmq.server.user.name=synapse&amp;rabbitmq.server.password=rabbit-secret${params}`;

  describe('rabbitmq: endpoint addresses', () => {
    let rt: TestRuntime | undefined;
    afterEach(async () => {
      await rt?.close();
      rt = undefined;
    });

    it('publishes an OUT_ONLY message to a declared queue with MI properties and the transport headers', async () => {
      rt = await startRuntime({
        'ep.xml': `<endpoint ${NS} name="OrdersEP"><address uri="${addr('&amp;rabbitmq.queue.name=orders.q1')}"/></endpoint>`,
        'api.xml': api(
          'Shop',
          '/shop',
          `<property name="OUT_ONLY" value="true"/><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
           <property name="rabbitmq.message.correlation.id" value="corr-77" scope="axis2"/>
           <property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
           <header name="X-Shop" scope="transport" value="north"/>
           <send><endpoint key="OrdersEP"/></send>`,
        ),
      });
      const r = await send(`${rt.base}/shop`, { body: '{"order":{"id":17}}', type: 'application/json' });
      assert.equal(r.status, 202);
      assert.equal(await broker.waitDepth('orders.q1', 1), 1);
      const [m] = await broker.drain('orders.q1');
      assert.deepEqual(JSON.parse(m.content.toString()), { order: { id: 17 } });
      assert.equal(m.properties.contentType, 'application/json');
      assert.equal(m.properties.correlationId, 'corr-77');
      assert.equal(m.properties.deliveryMode, 2);
      assert.match(String(m.properties.messageId), /^urn:uuid:/);
      assert.equal(m.properties.headers?.['X-Shop'], 'north');
      assert.equal(m.fields.routingKey, 'orders.q1');
    });

    it('declares the exchange, binds the queue by the routing key, and honours delivery mode and type', async () => {
      rt = await startRuntime({
        'api.xml': api(
          'Shop2',
          '/shop2',
          `<property name="OUT_ONLY" value="true"/><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
           <send><endpoint><address uri="${addr('&amp;rabbitmq.exchange.name=shop.x&amp;rabbitmq.exchange.type=topic&amp;rabbitmq.queue.name=orders.q2&amp;rabbitmq.queue.routing.key=eu.orders&amp;rabbitmq.queue.delivery.mode=1&amp;rabbitmq.message.type=order')}"/></endpoint></send>`,
        ),
      });
      const r = await send(`${rt.base}/shop2`, { body: '<o>5</o>', type: 'application/xml' });
      assert.equal(r.status, 202);
      assert.equal(await broker.waitDepth('orders.q2', 1), 1);
      const [m] = await broker.drain('orders.q2');
      assert.equal(m.content.toString(), '<o>5</o>');
      assert.equal(m.fields.exchange, 'shop.x');
      assert.equal(m.fields.routingKey, 'eu.orders');
      assert.equal(m.properties.deliveryMode, 1);
      assert.equal(m.properties.type, 'order');
      assert.equal(m.properties.contentType, 'application/xml');
      // the exchange is a durable topic exchange now (a passive check passes; a wrong type is refused)
      await broker.ch.checkExchange('shop.x');
    });

    it('waits for the answer on a reply queue (request-reply) and answers the client with it', async () => {
      // a responder on the request queue answers to replyTo with the correlation id
      await broker.ch.assertQueue('rpc.q', { durable: true });
      const { consumerTag } = await broker.ch.consume('rpc.q', (m) => {
        if (!m) return;
        broker.ch.sendToQueue(m.properties.replyTo as string, Buffer.from(`{"echo":${m.content.toString()}}`), {
          contentType: 'application/json',
          correlationId: m.properties.correlationId as string,
          headers: { 'X-Responder': 'r1' },
        });
        broker.ch.ack(m);
      });
      try {
        rt = await startRuntime({
          'api.xml': api(
            'Rpc',
            '/rpc',
            `<property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
             <call><endpoint><address uri="${addr('&amp;rabbitmq.queue.name=rpc.q')}"/></endpoint></call>
             <property name="fromHeader" expression="$trp:X-Responder"/>
             <payloadFactory media-type="json"><format>{"got":$1,"h":"$2"}</format><args><arg expression="json-eval($.echo)"/><arg expression="$ctx:fromHeader"/></args></payloadFactory>
             <respond/>`,
          ),
        });
        const r = await send(`${rt.base}/rpc`, { body: '{"n":3}', type: 'application/json' });
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.json(), { got: { n: 3 }, h: 'r1' });
      } finally {
        await broker.ch.cancel(consumerTag);
      }
    });

    it('faults with ERROR_CODE 0 and MI message when the broker cannot be reached (retry count 0)', async () => {
      const port = await closedPort();
      rt = await startRuntime({
        'api.xml': api(
          'Down',
          '/down',
          `<property name="OUT_ONLY" value="true"/>
           <send><endpoint name="DownEP"><address uri="rabbitmq:/q?rabbitmq.server.host.name=127.0.0.1&amp;rabbitmq.server.port=${port}&amp;rabbitmq.queue.name=never&amp;rabbitmq.connection.retry.count=0"/></endpoint></send>`,
        ).replace(
          '</inSequence>',
          '</inSequence><faultSequence><payloadFactory media-type="json"><format>{"code":$1,"msg":"$2"}</format><args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><property name="HTTP_SC" value="503" scope="axis2"/><respond/></faultSequence>',
        ),
      });
      const r = await send(`${rt.base}/down`, { body: '{}', type: 'application/json' });
      assert.equal(r.status, 503);
      assert.deepEqual(r.json(), {
        code: 0,
        msg: 'Unexpected error during sending message out. Error occurred while sending message out.',
      });
      const line = rt.logs.find((l) => l.category === 'Axis2Sender');
      assert.ok(line, 'an Axis2Sender error line');
      assert.match(line.message, /Endpoint DownEP \(api\.xml:\d+\)/);
      assert.match(line.message, /Could not connect to RabbitMQ Broker/);
    });

    it('names the endpoint, its file and line, and the broker refusal for a wrong password', async () => {
      rt = await startRuntime({
        'ep.xml': `<endpoint ${NS} name="BadLoginEP">\n  <address uri="rabbitmq:/q?rabbitmq.server.host.name=127.0.0.1&amp;rabbitmq.server.port=${broker.port}&amp;rabbitmq.server.user.name=synapse&amp;rabbitmq.server.password=wrong&amp;rabbitmq.queue.name=never2&amp;rabbitmq.connection.retry.count=0"/>\n</endpoint>`,
        'api.xml': api('Bad', '/bad', '<property name="OUT_ONLY" value="true"/><send><endpoint key="BadLoginEP"/></send>'),
      });
      const r = await send(`${rt.base}/bad`, { body: '{}', type: 'application/json' });
      assert.equal(r.status, 500);
      const line = rt.logs.find((l) => l.category === 'Axis2Sender');
      assert.ok(line);
      assert.match(line.message, /Endpoint BadLoginEP \(ep\.xml:2\)/);
      assert.match(line.message, /ACCESS.REFUSED/);
      assert.equal(await broker.depth('never2'), 0);
    });
  });

});
