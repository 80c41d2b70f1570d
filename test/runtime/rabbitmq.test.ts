/**
 * RabbitMQ in the embedded runtime against a real broker (Debian's rabbitmq-server, started once for this file):
 * rabbitmq: endpoint addresses (publish, declarations, properties, request-reply, failures), the RabbitMQ inbound
 * endpoint (mediation into an HTTP back end, ack / reject / requeue), and the RabbitMQ message store with the
 * forwarding processor.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  NS,
  api,
  closedPort,
  send,
  startBackend,
  startRuntime,
  type Backend,
  type TestRuntime,
} from './helpers';
import { CLI, startSynapseRun, stopProcess } from './cliProcess';
import { startBroker, type Broker } from './rabbitmqBroker';
import { Runtime } from '../../runtime-debug/engine';
import { sleep, until } from '../support';

/** Waits (bounded) until the check holds. */
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

    it('routes by the address name when neither a queue nor a routing key is given (nothing declared)', async () => {
      await broker.ch.assertQueue('fallback.q', { durable: false });
      rt = await startRuntime({
        'api.xml': api(
          'Fallback',
          '/fallback',
          `<property name="OUT_ONLY" value="true"/><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
           <send><endpoint><address uri="rabbitmq:/fallback.q?rabbitmq.server.host.name=127.0.0.1&amp;rabbitmq.server.port=${broker.port}&amp;rabbitmq.server.user.name=synapse&amp;rabbitmq.server.password=rabbit-secret"/></endpoint></send>`,
        ),
      });
      await send(`${rt.base}/fallback`, { body: 'plain words', type: 'text/plain' });
      assert.equal(await broker.waitDepth('fallback.q', 1), 1);
      const [m] = await broker.drain('fallback.q');
      assert.equal(m.content.toString(), 'plain words');
      assert.equal(m.fields.exchange, '');
      assert.equal(m.properties.contentType, 'text/plain');
    });

    it('waits for the answer on a reply queue (request-reply) and answers the client with it', async () => {
      // a responder on the request queue answers to replyTo with the correlation id
      await broker.ch.assertQueue('rpc.q', { durable: true });
      const { consumerTag } = await broker.ch.consume('rpc.q', (m) => {
        if (!m) return;
        broker.ch.sendToQueue(
          m.properties.replyTo as string,
          Buffer.from(`{"echo":${m.content.toString()}}`),
          {
            contentType: 'application/json',
            correlationId: m.properties.correlationId as string,
            headers: { 'X-Responder': 'r1' },
          },
        );
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

    it('faults a two-way send when no answer comes within rabbitmq.wait.reply.timeout; waits for confirms when asked', async () => {
      const fault =
        '</inSequence><faultSequence><payloadFactory media-type="json"><format>{"code":$1,"detail":"$2"}</format><args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_DETAIL"/></args></payloadFactory><respond/></faultSequence>';
      rt = await startRuntime({
        'api.xml': api(
          'Quiet',
          '/quiet',
          `<property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
           <call><endpoint><address uri="${addr('&amp;rabbitmq.queue.name=quiet.q&amp;rabbitmq.wait.reply.timeout=300')}"/></endpoint></call><respond/>`,
        ).replace('</inSequence>', fault),
        'api2.xml': api(
          'Confirmed',
          '/confirmed',
          `<property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
           <call><endpoint><address uri="${addr('&amp;rabbitmq.queue.name=confirm.q&amp;rabbitmq.publisher.confirms.enabled=true')}"/></endpoint></call><respond/>`,
        ),
      });
      const t0 = Date.now();
      const r = await send(`${rt.base}/quiet`, { body: '{"q":1}', type: 'application/json' });
      const o = r.json() as { code: number; detail: string };
      assert.equal(o.code, 0);
      assert.match(o.detail, /Did not receive a response within 300ms to the replyTo queue amq\.gen-/);
      assert.ok(Date.now() - t0 >= 300);
      // the request itself was published (and is left in the queue)
      assert.equal(await broker.waitDepth('quiet.q', 1), 1);
      const [q] = await broker.drain('quiet.q');
      assert.match(String(q.properties.replyTo), /^amq\.gen-/);
      assert.equal(typeof q.properties.headers?.['rabbitmq.connection.factory'], 'string');
      // publisher confirms: the broker's confirm, then the message goes on unchanged (the request is answered)
      const c = await send(`${rt.base}/confirmed`, { body: '{"c":2}', type: 'application/json' });
      assert.equal(c.status, 200, c.text);
      assert.deepEqual(c.json(), { c: 2 });
      assert.equal(await broker.waitDepth('confirm.q', 1), 1);
      const [m] = await broker.drain('confirm.q');
      assert.equal(m.properties.replyTo, undefined);
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
        'api.xml': api(
          'Bad',
          '/bad',
          '<property name="OUT_ONLY" value="true"/><send><endpoint key="BadLoginEP"/></send>',
        ),
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

  const conn = (extra = '') =>
    `<parameter name="rabbitmq.server.host.name">127.0.0.1</parameter>
     <parameter name="rabbitmq.server.port">${broker.port}</parameter>
     <parameter name="rabbitmq.server.user.name">synapse</parameter>
     <parameter name="rabbitmq.server.password">rabbit-secret</parameter>${extra}`;

  describe('RabbitMQ inbound endpoint', () => {
    let rt: TestRuntime | undefined;
    let backend: Backend | undefined;
    afterEach(async () => {
      await rt?.close();
      await backend?.close();
      rt = backend = undefined;
    });

    it('mediates each message into an HTTP back end with its content type and headers, and acks it', async () => {
      backend = await startBackend();
      rt = await startRuntime({
        'seq.xml': `<sequence ${NS} name="toBackend"><property name="corr" expression="$trp:rabbitmq.message.correlation.id"/>
          <header name="X-Corr" scope="transport" expression="$ctx:corr"/>
          <call><endpoint><http method="post" uri-template="${backend.url}/orders"/></endpoint></call>
          <log level="custom"><property name="done" expression="$ctx:corr"/></log></sequence>`,
        'ib.xml': `<inboundEndpoint ${NS} name="OrdersIn" protocol="rabbitmq" sequence="toBackend" suspend="false"><parameters>
          ${conn('<parameter name="rabbitmq.queue.name">in.q1</parameter><parameter name="rabbitmq.queue.auto.ack">false</parameter>')}
          </parameters></inboundEndpoint>`,
      });
      await until('1 consumer(s) on in.q1', async () => (await broker.consumers('in.q1')) === 1);
      broker.ch.sendToQueue('in.q1', Buffer.from('{"id":1}'), {
        contentType: 'application/json',
        correlationId: 'c-1',
        headers: { region: 'eu' },
      });
      broker.ch.sendToQueue('in.q1', Buffer.from('<order id="2"/>'), {
        contentType: 'application/xml',
        correlationId: 'c-2',
      });
      await until('2 request(s) at the backend', () => backend!.requests.length === 2);
      assert.deepEqual(JSON.parse(backend.requests[0].body), { id: 1 });
      assert.match(String(backend.requests[0].headers['content-type']), /^application\/json/);
      assert.equal(backend.requests[0].headers['x-corr'], 'c-1');
      assert.equal(backend.requests[0].headers['region'], 'eu');
      assert.equal(backend.requests[1].body, '<order id="2"/>');
      assert.equal(backend.requests[1].headers['x-corr'], 'c-2');
      // both acknowledged once mediated: nothing ready, nothing unacked (the queue is empty once the consumer is gone)
      await until('a log line matching done = c-2', () => rt!.logs.some((l) => /done = c-2/.test(l.message)));
      await sleep(100);
      await rt.close();
      rt = undefined;
      assert.equal(await broker.depth('in.q1'), 0);
    });

    it('rejects a message whose onError sets SET_ROLLBACK_ONLY (dead-lettered), acks a handled fault otherwise', async () => {
      const down = await closedPort();
      rt = await startRuntime({
        'seq.xml': `<sequence ${NS} name="fails"><call><endpoint><address uri="http://127.0.0.1:${down}/x"/></endpoint></call></sequence>`,
        'err.xml': `<sequence ${NS} name="onErr"><log level="custom"><property name="seen" expression="$trp:kind"/></log><filter source="$trp:kind" regex="poison"><then><property name="SET_ROLLBACK_ONLY" value="true"/></then></filter></sequence>`,
        'ib.xml': `<inboundEndpoint ${NS} name="DlqIn" protocol="rabbitmq" sequence="fails" onError="onErr" suspend="false"><parameters>
          ${conn(`<parameter name="rabbitmq.queue.name">in.q2</parameter><parameter name="rabbitmq.queue.auto.ack">false</parameter>
           <parameter name="rabbitmq.queue.optional.x-dead-letter-exchange"></parameter>
           <parameter name="rabbitmq.queue.optional.x-dead-letter-routing-key">in.q2.dlq</parameter>`)}
          </parameters></inboundEndpoint>`,
      });
      await broker.ch.assertQueue('in.q2.dlq', { durable: true });
      await until('1 consumer(s) on in.q2', async () => (await broker.consumers('in.q2')) === 1);
      broker.ch.sendToQueue('in.q2', Buffer.from('{"bad":true}'), {
        contentType: 'application/json',
        headers: { kind: 'poison' },
      });
      broker.ch.sendToQueue('in.q2', Buffer.from('{"bad":false}'), {
        contentType: 'application/json',
        headers: { kind: 'plain' },
      });
      assert.equal(await broker.waitDepth('in.q2.dlq', 1), 1);
      await until(
        'a log line matching will discard or dead-lettered',
        () =>
          rt!.logs.filter(
            (l) => l.category === 'RabbitMQConsumer' && /will discard or dead-lettered/.test(l.message),
          ).length === 1,
      );
      await until('a log line matching seen = plain', () =>
        rt!.logs.some((l) => /seen = plain/.test(l.message)),
      );
      await sleep(100);
      await rt.close();
      rt = undefined;
      const dead = await broker.drain('in.q2.dlq');
      assert.equal(dead.length, 1);
      assert.equal(dead[0].content.toString(), '{"bad":true}');
      // the handled fault without SET_ROLLBACK_ONLY was acked: the queue is empty
      assert.equal(await broker.depth('in.q2'), 0);
    });

    it('requeues a message when SET_REQUEUE_ON_ROLLBACK is set, and mediates it again', async () => {
      let n = 0;
      backend = await startBackend((_req, res) => {
        n++;
        res.writeHead(n === 1 ? 503 : 200, { 'content-type': 'text/plain' });
        res.end(n === 1 ? 'busy' : 'ok');
      });
      rt = await startRuntime({
        'seq.xml': `<sequence ${NS} name="retry"><call><endpoint><http method="post" uri-template="${backend.url}/t"/></endpoint></call>
          <filter source="$axis2:HTTP_SC" regex="503"><then><property name="SET_REQUEUE_ON_ROLLBACK" value="true"/></then></filter></sequence>`,
        'ib.xml': `<inboundEndpoint ${NS} name="RetryIn" protocol="rabbitmq" sequence="retry" suspend="false"><parameters>
          ${conn('<parameter name="rabbitmq.queue.name">in.q3</parameter><parameter name="rabbitmq.queue.auto.ack">false</parameter><parameter name="rabbitmq.message.requeue.delay">50</parameter>')}
          </parameters></inboundEndpoint>`,
      });
      await until('1 consumer(s) on in.q3', async () => (await broker.consumers('in.q3')) === 1);
      broker.ch.sendToQueue('in.q3', Buffer.from('job-1'), { contentType: 'text/plain' });
      await until('2 request(s) at the backend', () => backend!.requests.length === 2);
      assert.equal(backend.requests[0].body, 'job-1');
      assert.equal(backend.requests[1].body, 'job-1');
      await sleep(200);
      assert.equal(backend.requests.length, 2);
      await rt.close();
      rt = undefined;
      assert.equal(await broker.depth('in.q3'), 0);
    });

    it('consumes again after the broker closed its connection; sequential=false acks at once', async () => {
      backend = await startBackend();
      rt = await startRuntime({
        'seq.xml': `<sequence ${NS} name="fwd"><call><endpoint><http method="post" uri-template="${backend.url}/r"/></endpoint></call></sequence>`,
        'ib.xml': `<inboundEndpoint ${NS} name="Recover" protocol="rabbitmq" sequence="fwd" suspend="false"><parameters>
          ${conn(`<parameter name="rabbitmq.queue.name">in.q4</parameter><parameter name="rabbitmq.queue.auto.ack">false</parameter>
           <parameter name="sequential">false</parameter>
           <parameter name="rabbitmq.connection.factory.network.recovery.interval">200</parameter>`)}
          </parameters></inboundEndpoint>`,
      });
      await until('1 consumer(s) on in.q4', async () => (await broker.consumers('in.q4')) === 1);
      broker.ch.sendToQueue('in.q4', Buffer.from('one'), { contentType: 'text/plain' });
      await until('1 request(s) at the backend', () => backend!.requests.length === 1);
      broker.ctl('close_all_user_connections', 'synapse', 'test closes it');
      await until('a log line matching connection to the broker was lost', () =>
        rt!.logs.some((l) => /connection to the broker was lost/.test(l.message)),
      );
      await until('1 consumer(s) on in.q4', async () => (await broker.consumers('in.q4')) === 1);
      broker.ch.sendToQueue('in.q4', Buffer.from('two'), { contentType: 'text/plain' });
      await until('2 request(s) at the backend', () => backend!.requests.length === 2);
      assert.deepEqual(
        backend.requests.map((r) => r.body),
        ['one', 'two'],
      );
      await rt.close();
      rt = undefined;
      assert.equal(await broker.depth('in.q4'), 0);
    });

    it('deploys with a broker it cannot reach or a wrong password, and logs the inbound endpoint, file and line', async () => {
      const down = await closedPort();
      rt = await startRuntime({
        'seq.xml': `<sequence ${NS} name="noop"><log/></sequence>`,
        'down.xml': `<inboundEndpoint ${NS} name="DownIn" protocol="rabbitmq" sequence="noop" suspend="false"><parameters>
          <parameter name="rabbitmq.server.host.name">127.0.0.1</parameter><parameter name="rabbitmq.server.port">${down}</parameter>
          <parameter name="rabbitmq.queue.name">never.q</parameter><parameter name="rabbitmq.connection.retry.count">0</parameter>
          </parameters></inboundEndpoint>`,
        'bad.xml': `<inboundEndpoint ${NS}\n  name="BadIn" protocol="rabbitmq" sequence="noop" suspend="false"><parameters>
          ${conn('<parameter name="rabbitmq.queue.name">never.q2</parameter><parameter name="rabbitmq.connection.retry.count">0</parameter>').replace('rabbit-secret', 'not-it')}
          </parameters></inboundEndpoint>`,
      });
      await until(
        'a log line matching Error occurred while initializing the consumer',
        () =>
          rt!.logs.filter((l) => /Error occurred while initializing the consumer/.test(l.message)).length ===
          2,
      );
      const lines = rt.logs.filter((l) => /Error occurred while initializing the consumer/.test(l.message));
      const down1 = lines.find((l) => l.message.includes('DownIn'));
      const bad = lines.find((l) => l.message.includes('BadIn'));
      assert.match(down1!.message, /Inbound endpoint DownIn \(down\.xml:1\)/);
      assert.match(down1!.message, /Could not connect to RabbitMQ Broker/);
      assert.match(bad!.message, /Inbound endpoint BadIn \(bad\.xml:1\)/);
      assert.match(bad!.message, /ACCESS.REFUSED/);
      assert.equal(await broker.depth('never.q2'), 0);
    });
  });

  describe('RabbitMQ message store', () => {
    let rt: TestRuntime | undefined;
    let backend: Backend | undefined;
    afterEach(async () => {
      await rt?.close();
      await backend?.close();
      rt = backend = undefined;
    });
    const store = (name: string, port: number, extra = '') =>
      `<messageStore ${NS} name="${name}" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore">
        <parameter name="store.rabbitmq.host.name">127.0.0.1</parameter><parameter name="store.rabbitmq.host.port">${port}</parameter>
        <parameter name="store.rabbitmq.username">synapse</parameter><parameter name="store.rabbitmq.password">rabbit-secret</parameter>${extra}
      </messageStore>`;

    it('keeps stored messages in the broker queue; a forwarding processor started later delivers them in order', async () => {
      rt = await startRuntime({
        'store.xml': store(
          'OrderStore',
          broker.port,
          '<parameter name="store.rabbitmq.queue.name">store.q1</parameter>',
        ),
        'api.xml': api(
          'Keep',
          '/keep',
          '<store messageStore="OrderStore"/><payloadFactory media-type="json"><format>{"kept":true}</format><args/></payloadFactory><respond/>',
        ),
      });
      assert.ok(!rt.logs.some((l) => /kept in memory/.test(l.message)));
      for (const n of [1, 2]) {
        const r = await send(`${rt.base}/keep`, { body: `{"n":${n}}`, type: 'application/json' });
        assert.equal(r.status, 200, r.text);
      }
      assert.equal(await broker.depth('store.q1'), 2);
      await rt.close();
      // a new runtime (the messages survived it in the broker) forwards them
      backend = await startBackend();
      rt = await startRuntime({
        'store.xml': store(
          'OrderStore',
          broker.port,
          '<parameter name="store.rabbitmq.queue.name">store.q1</parameter>',
        ),
        'ep.xml': `<endpoint ${NS} name="Sink"><http method="post" uri-template="${backend.url}/sink"/></endpoint>`,
        'mp.xml': `<messageProcessor ${NS} name="Fwd" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="OrderStore" targetEndpoint="Sink"><parameter name="interval">50</parameter><parameter name="message.processor.reply.sequence">Sunk</parameter></messageProcessor>`,
        // with no reply sequence MI deactivates the processor after its first in-out delivery (ForwardingService.sendThroughReplySeq)
        'seq.xml': `<sequence ${NS} name="Sunk"><log level="custom"><property name="sunk" value="yes"/></log></sequence>`,
      });
      await until('2 request(s) at the backend', () => backend!.requests.length === 2);
      assert.deepEqual(
        backend.requests.map((r) => JSON.parse(r.body) as unknown),
        [{ n: 1 }, { n: 2 }],
      );
      await until('store.q1 to be empty', async () => (await broker.depth('store.q1')) === 0);
    });

    it('faults the store mediator with MI message when the broker cannot be reached', async () => {
      const down = await closedPort();
      rt = await startRuntime({
        'store.xml': store(
          'DownStore',
          down,
          '<parameter name="rabbitmq.connection.retry.count">0</parameter>',
        ),
        'api.xml': api('Lose', '/lose', '<store messageStore="DownStore"/><respond/>').replace(
          '</inSequence>',
          '</inSequence><faultSequence><payloadFactory media-type="json"><format>{"msg":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>',
        ),
      });
      const r = await send(`${rt.base}/lose`, { body: '{"n":9}', type: 'application/json' });
      const msg = (r.json() as { msg: string }).msg;
      assert.match(msg, /^Failed to store message \[urn:uuid:[0-9a-f-]+\] in store \[DownStore\]\.$/);
      assert.ok(
        rt.logs.some(
          (l) =>
            l.category === 'RabbitMQProducer' && /Message store DownStore \(store\.xml:1\)/.test(l.message),
        ),
      );
    });
  });

  describe('load', () => {
    it('deploys what MI deploys, with RT_RABBITMQ warnings for SSL, rabbitmq proxies and a queue-less inbound', () => {
      const rt = new Runtime({ httpPort: 0 });
      const res = rt.deploy([
        {
          name: 'p.xml',
          text: `<proxy ${NS} name="RmqProxy" transports="rabbitmq"><parameter name="rabbitmq.queue.name">pq</parameter><target><inSequence><drop/></inSequence></target></proxy>`,
        },
        {
          name: 'i.xml',
          text: `<inboundEndpoint ${NS} name="SslIn" protocol="rabbitmq" sequence="s" suspend="false"><parameters><parameter name="rabbitmq.connection.ssl.enabled">true</parameter></parameters></inboundEndpoint>`,
        },
        {
          name: 's.xml',
          text: `<messageStore ${NS} name="Plain" class="org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore"><parameter name="store.rabbitmq.host.port">1</parameter></messageStore>`,
        },
      ]);
      assert.deepEqual(res.problems, []);
      assert.deepEqual(
        res.warnings.map((w) => `${w.file}:${w.line} ${w.code}`),
        ['p.xml:1 RT_RABBITMQ', 'i.xml:1 RT_RABBITMQ', 'i.xml:1 RT_RABBITMQ'],
      );
      assert.match(res.warnings[0].message, /Proxy service RmqProxy lists the rabbitmq transport/);
      assert.match(
        res.warnings[1].message,
        /Inbound endpoint SslIn: rabbitmq\.connection\.ssl\.enabled is true/,
      );
      assert.match(res.warnings[2].message, /has no rabbitmq\.queue\.name/);
      assert.deepEqual(
        rt
          .list()
          .map((a) => `${a.kind}:${a.name}`)
          .sort(),
        ['inboundEndpoint:SslIn', 'messageStore:Plain', 'proxy:RmqProxy'],
      );
    });
  });

  describe('synapse run (process)', () => {
    it('publishes what an API receives and mediates what an inbound endpoint consumes', async function () {
      if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
      const backend = await startBackend();
      const dir = mkdtempSync(join(tmpdir(), 'rmq-cli-'));
      const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
      const put = (p: string, text: string) => {
        mkdirSync(join(art, p, '..'), { recursive: true });
        writeFileSync(join(art, p), text);
      };
      writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>rmq-cli</artifactId></project>');
      put(
        'apis/Pub.xml',
        api(
          'Pub',
          '/pub',
          `<property name="OUT_ONLY" value="true"/><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><property name="REST_URL_POSTFIX" scope="axis2" action="remove"/><send><endpoint><address uri="${addr('&amp;rabbitmq.queue.name=cli.q')}"/></endpoint></send>`,
        ),
      );
      put(
        'sequences/Fwd.xml',
        `<sequence ${NS} name="Fwd"><call><endpoint><http method="post" uri-template="${backend.url}/got"/></endpoint></call></sequence>`,
      );
      put(
        'inbound-endpoints/CliIn.xml',
        `<inboundEndpoint ${NS} name="CliIn" protocol="rabbitmq" sequence="Fwd" suspend="false"><parameters>${conn('<parameter name="rabbitmq.queue.name">cli.q</parameter>')}</parameters></inboundEndpoint>`,
      );
      const c = startSynapseRun([dir, '--http-port', '0']);
      try {
        const out = await c.ready;
        const m = /API Pub: (http:\/\/127\.0\.0\.1:\d+)\/pub/.exec(out);
        assert.ok(m, out);
        assert.ok(
          out.includes(`Inbound CliIn: consuming rabbitmq://127.0.0.1:${broker.port}/ queue cli.q`),
          out,
        );
        const r = await send(`${m[1]}/pub`, { body: '{"via":"cli"}', type: 'application/json' });
        assert.equal(r.status, 202);
        // published by the API, consumed by the inbound endpoint, posted to the back end
        await until('1 request(s) at the backend', () => backend.requests.length === 1);
        assert.deepEqual(JSON.parse(backend.requests[0].body), { via: 'cli' });
        assert.equal(backend.requests[0].url, '/got');
      } finally {
        await stopProcess(c.proc);
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      }
      assert.equal(await broker.depth('cli.q'), 0);
    });
  });
});
