/**
 * The RabbitMQ inbound endpoint (MI RabbitMQListener, RabbitMQConsumer, RabbitMQInjectHandler): one connection and
 * channel per inbound endpoint, basic.qos `rabbitmq.channel.consumer.qos` (0), the queue and exchange declared and
 * bound as the transport does, then basic.consume with `rabbitmq.queue.auto.ack` (true) and `rabbitmq.consumer.tag`.
 * Each delivery becomes a message (content type from the AMQP properties, else text/plain; transport headers from
 * RabbitMQUtils.getTransportHeaders) injected into the inbound's sequence with its onError sequence. With
 * `sequential` (true) one message is mediated at a time and its outcome decides the acknowledgement:
 * SET_ROLLBACK_ONLY rejects it (dead-lettered or dropped; the x-death count against
 * `rabbitmq.message.max.dead.lettered.count` may send it to `rabbitmq.message.error.exchange.name` /
 * `.queue.routing.key` instead), SET_REQUEUE_ON_ROLLBACK requeues it after `rabbitmq.message.requeue.delay` ms,
 * anything else acks it (a fault handled by onError included). A message that cannot be built is rejected.
 */
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { Headers, MessageContext, type ContextServices } from '../context';
import type { Executor } from '../executor';
import { injectInbound } from '../inboundInject';
import type { InboundDef } from '../model';
import { Payload, type PayloadLimits } from '../payload';
import { declare, reason, type RabbitConnections, type RabbitLog } from './connections';
import { answerHeaders, contentTypeOf } from './message';
import { bodyOf, publishOptions } from './sender';
import {
  declarationsOf,
  factorySettings,
  INBOUND_NAMES,
  SENDER_NAMES,
  toBool,
  toInt,
  type FactorySettings,
} from './params';

export interface InboundHost {
  executor(): Executor;
  services: ContextServices;
  limits(): PayloadLimits;
  /** Runs a deployed proxy service's flow for a message (a rabbitmq proxy's deliveries). */
  runProxy?(name: string, ctx: MessageContext): Promise<void>;
}

/**
 * A proxy service that lists the rabbitmq transport (axis2 RabbitMQListener, ServiceTaskManager,
 * RabbitMQMessageReceiver): consumed as an inbound endpoint is, with the parameters of the deployment.toml
 * listener its `rabbitmq.connection.factory` names and its own on top (RabbitMQEndpoint.createServiceTaskManager),
 * each delivery run through the proxy; its answer goes to the request's reply-to queue when the request names one
 * and carries the `rabbitmq.connection.factory` header (RabbitMQUtils.processReplyToHeader, RabbitMQSender).
 */
export interface ProxyConsumer {
  name: string;
  factory: string;
  /** The factory's own parameters: the connection is made from them alone (RabbitMQConnectionFactory.create). */
  factoryParams: Record<string, string>;
}

type Ack = 'ack' | 'reject' | 'requeue';

/** Most messages mediated at once by a non-sequential inbound endpoint (its worker pool). */
const MAX_PARALLEL = 32;

export class RabbitMQInbound {
  private conn: ChannelModel | undefined;
  /** The consuming channels (one per consumer). */
  private readonly channels = new Set<Channel>();
  private stopped = false;
  /** The last of the non-sequential mediations (their number is bounded). */
  private chain: Promise<void> = Promise.resolve();
  private inflight = 0;
  private reconnect: NodeJS.Timeout | undefined;
  readonly label: string;
  private readonly params: Map<string, string>;

  constructor(
    readonly def: InboundDef,
    private readonly host: InboundHost,
    private readonly connections: RabbitConnections,
    private readonly proxy?: ProxyConsumer,
  ) {
    this.label = proxy
      ? `Proxy service ${def.name} (${def.file}:${def.line})`
      : `Inbound endpoint ${def.name} (${def.file}:${def.line})`;
    this.params = new Map(Object.entries(def.params));
  }

  private log: RabbitLog = (level, category, message) =>
    this.host
      .executor()
      .log(
        level,
        category,
        `${this.proxy ? 'proxy' : 'inbound'}:${this.def.name}`,
        `${this.label}: ${message}`,
      );

  /** Connects and starts consuming; failures are logged (MI: "Error occurred while initializing the consumer."). */
  async start(): Promise<void> {
    if (this.proxy) return this.startProxy(this.proxy);
    const seqName = this.def.sequence;
    if (!seqName) {
      this.log('ERROR', 'RabbitMQInjectHandler', 'Injecting Sequence name is not specified.');
      return;
    }
    if (!this.host.executor().reg.sequence(seqName)) {
      this.log('ERROR', 'RabbitMQInjectHandler', `Specified injecting sequence: ${seqName}is invalid.`);
      return;
    }
    let settings: FactorySettings;
    try {
      settings = factorySettings((k) => this.params.get(k), INBOUND_NAMES);
    } catch (e) {
      this.log(
        'ERROR',
        'RabbitMQListener',
        `Error occurred while initializing the connection factory. ${reason(e)}`,
      );
      return;
    }
    // MI's inbound RabbitMQConnectionFactory is named by the parameter alone (Java's "null" without it)
    const name = this.params.get('rabbitmq.connection.factory') ?? 'null';
    try {
      await this.connectAndConsume(settings, name, true);
    } catch (e) {
      this.log('ERROR', 'RabbitMQConsumer', `Error occurred while initializing the consumer. ${reason(e)}`);
    }
  }

  /** The consumer's own connection (`inbound`: the inbound endpoint's retry line, see own), then its consumers. */
  private async connectAndConsume(settings: FactorySettings, name: string, inbound: boolean): Promise<void> {
    const conn = await this.connections.own(settings, name, this.log, inbound);
    if (this.stopped) {
      await conn.close().catch(() => undefined);
      return;
    }
    this.conn = conn;
    conn.on('close', (err?: Error) => this.lost(err));
    await this.consume(conn);
  }

  /** ServiceTaskManager.start: the connection of the named factory (its retry line "in N ms"), then the consumer. */
  private async startProxy(p: ProxyConsumer): Promise<void> {
    let settings: FactorySettings;
    try {
      // the transport's names (axis2 RabbitMQConnectionFactory.loadConnectionFactory)
      settings = factorySettings((k) => p.factoryParams[k], SENDER_NAMES);
    } catch (e) {
      this.log(
        'ERROR',
        'RabbitMQListener',
        `Error occurred while starting the endpoint ${p.name}. ${reason(e)}`,
      );
      return;
    }
    try {
      await this.connectAndConsume(settings, p.factory, false);
    } catch (e) {
      this.log(
        'ERROR',
        'RabbitMQListener',
        `Error occurred while starting the endpoint ${p.name}. ${reason(e)}`,
      );
    }
  }

  /**
   * One consumer, or for a proxy `rabbitmq.concurrent.consumer.count` (1) of them, each on its own channel with its
   * own QoS and one message at a time (ServiceTaskManager.start: a MessageListenerTask per count).
   */
  private async consume(conn: ChannelModel): Promise<void> {
    const count = this.proxy
      ? Math.max(1, toInt(this.params.get('rabbitmq.concurrent.consumer.count'), 1))
      : 1;
    for (let i = 0; i < count; i++) await this.consumeOne(conn);
  }

  private async consumeOne(conn: ChannelModel): Promise<void> {
    let ch = await conn.createChannel();
    ch.on('error', () => undefined);
    await ch.prefetch(toInt(this.params.get('rabbitmq.channel.consumer.qos'), 0));
    const queue = this.params.get('rabbitmq.queue.name') ?? '';
    ch = await declare(
      conn,
      ch,
      declarationsOf(queue, this.params.get('rabbitmq.exchange.name'), this.params),
    );
    this.channels.add(ch);
    // a channel the broker closed (a refused operation) takes the consumer with it: the connection is made again
    const consuming = ch;
    ch.on('close', () => {
      if (this.channels.has(consuming) && !this.stopped) void conn.close().catch(() => undefined);
    });
    /** The mediation of this consumer's last delivery (sequential: each waits for the one before). */
    let chain: Promise<void> = Promise.resolve();
    const autoAck = toBool(this.params.get('rabbitmq.queue.auto.ack')) ?? true;
    const sequential = toBool(this.params.get('sequential')) ?? true;
    const tag = this.params.get('rabbitmq.consumer.tag');
    const ok = await ch.consume(
      queue,
      (m) => {
        if (!m) return;
        if (sequential) chain = chain.then(() => this.deliverSafely(ch, m, autoAck, true));
        else void this.deliverSafely(ch, m, autoAck, false);
      },
      { noAck: autoAck, ...(tag ? { consumerTag: tag } : {}) },
    );
    this.log(
      'INFO',
      'RabbitMQConsumer',
      this.proxy
        ? `Start consuming queue: ${queue} with consumer tag: ${ok.consumerTag} for service: ${this.def.name}`
        : `Start consuming queue: ${queue} with consumer tag: ${ok.consumerTag} for inbound endpoint: ${this.def.name}`,
    );
  }

  /** The connection went away: the Java client recovers it (network recovery interval, 5000 ms): so do we. */
  private lost(err?: Error): void {
    this.conn = undefined;
    this.channels.clear();
    if (this.stopped) return;
    this.log(
      'WARN',
      'RabbitMQConsumer',
      `The connection to the broker was lost${err ? `: ${reason(err)}` : ''}`,
    );
    const wait = toInt(this.params.get('rabbitmq.connection.factory.network.recovery.interval'), 5000);
    this.reconnect = setTimeout(() => void this.start(), wait);
    this.reconnect.unref();
  }

  /** deliver() with its failures logged (the next delivery still runs). */
  private deliverSafely(
    ch: Channel,
    m: ConsumeMessage,
    autoAck: boolean,
    sequential: boolean,
  ): Promise<void> {
    return this.deliver(ch, m, autoAck, sequential).catch((e: unknown) =>
      this.log('ERROR', 'RabbitMQConsumer', `Error while handling a delivery: ${reason(e)}`),
    );
  }

  /** One delivery through the sequence, then its acknowledgement (RabbitMQConsumer.handleDelivery). */
  private async deliver(
    ch: Channel,
    m: ConsumeMessage,
    autoAck: boolean,
    sequential: boolean,
  ): Promise<void> {
    if (!sequential) {
      // injectInbound(…, sequential=false) hands the message to a worker and returns: it is acked at once
      if (!autoAck) ch.ack(m);
      while (this.inflight >= MAX_PARALLEL) await this.chain;
      this.inflight++;
      const run = this.mediate(m).then(
        () => undefined,
        () => undefined,
      );
      this.chain = run;
      await run.finally(() => this.inflight--);
      return;
    }
    const decision = await this.mediate(m);
    if (!this.channels.has(ch)) return; // the channel closed meanwhile: the broker redelivers an unacked message
    await this.settle(ch, m, decision, autoAck);
  }

  /** RabbitMQInjectHandler.onMessage: builds the message, injects it, reads the rollback properties. */
  private async mediate(m: ConsumeMessage): Promise<Ack> {
    const ex = this.host.executor();
    const seq = this.proxy ? undefined : ex.reg.sequence(this.def.sequence ?? '');
    if (!seq && !this.proxy) {
      this.log('ERROR', 'RabbitMQInjectHandler', `Sequence: ${this.def.sequence} not found`);
      return 'ack';
    }
    // a proxy's rabbitmq.message.content.type wins over the message's (RabbitMQUtils.setContentType)
    const service = this.proxy ? this.params.get('rabbitmq.message.content.type') : undefined;
    const ct = contentTypeOf(m.properties, service, () =>
      this.log(
        'WARN',
        'RabbitMQUtils',
        `Unable to determine content type for message ${String(m.properties.messageId)} setting to text/plain`,
      ),
    );
    const payload = new Payload(ct, m.content, this.host.limits());
    try {
      await payload.build();
      payload.parse();
    } catch (e) {
      this.log(
        'ERROR',
        'RabbitMQInjectHandler',
        `Error when trying to read incoming message ... ${reason(e)}`,
      );
      return 'reject';
    }
    const headers = new Headers();
    for (const [k, v] of answerHeaders(m.properties)) headers.set(k, v);
    const ctx = new MessageContext(payload, headers, this.host.services);
    ctx.correlationUnset = true;
    ctx.requestType = ct;
    ctx.method = 'POST';
    ctx.axis2.set('rabbitmq.message.correlation.id', m.properties.correlationId || m.properties.messageId);
    ctx.axis2.set('rabbitmq.message.content.type', ct);
    try {
      if (this.proxy) {
        ctx.transportIn = 'rabbitmq';
        const replyTo = m.properties.replyTo as string | undefined;
        const factory = (m.properties.headers as Record<string, unknown> | undefined)?.[
          'rabbitmq.connection.factory'
        ];
        const conn = this.conn;
        ctx.reply =
          replyTo && factory != null && conn
            ? (c) =>
                publishReply(conn, replyTo, c).catch((e: unknown) =>
                  this.log(
                    'ERROR',
                    'RabbitMQSender',
                    `Error occurred while sending message out. ${reason(e)}`,
                  ),
                )
            : undefined;
        await this.host.runProxy!(this.def.name, ctx);
      } else {
        ctx.flow = { artifactKind: 'inbound', artifactName: this.def.name };
        ctx.transportIn = `inbound:${this.def.name}`;
        ctx.props.set('inbound.endpoint.name', this.def.name);
        // RabbitMQInjectHandler.onMessage: seq.setErrorHandler(onErrorSeq) before injectInbound
        await injectInbound(ex, ctx, seq!, this.def.onError);
      }
    } catch (e) {
      this.log('ERROR', 'RabbitMQInjectHandler', `Mediation failed: ${reason(e)}`);
    }
    if (isTrue(ctx.props.get('SET_ROLLBACK_ONLY'))) return 'reject';
    if (isTrue(ctx.props.get('SET_REQUEUE_ON_ROLLBACK'))) return 'requeue';
    return 'ack';
  }

  private async settle(ch: Channel, m: ConsumeMessage, decision: Ack, autoAck: boolean): Promise<void> {
    const id = String(m.properties.messageId);
    const tag = m.fields.deliveryTag;
    const queue = this.params.get('rabbitmq.queue.name') ?? '';
    if (decision === 'ack') {
      if (!autoAck) ch.ack(m);
      return;
    }
    // (MI rejects an auto-acked delivery too, which the broker refuses by closing the channel: left out here)
    if (autoAck) {
      this.log(
        'WARN',
        'RabbitMQConsumer',
        `Message ${id} was auto-acknowledged: it cannot be rejected or requeued`,
      );
      return;
    }
    if (decision === 'requeue') {
      const delay = toInt(this.params.get('rabbitmq.message.requeue.delay'), 0);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (this.channels.has(ch)) ch.reject(m, true);
      return;
    }
    const maxDead = toInt(this.params.get('rabbitmq.message.max.dead.lettered.count'), 0);
    const xDeath = (m.properties.headers as Record<string, unknown> | undefined)?.['x-death'];
    const count =
      Array.isArray(xDeath) && xDeath.length ? Number((xDeath[0] as { count?: unknown }).count) : NaN;
    const counted = !Number.isNaN(count) && maxDead !== -1;
    if (counted && count > maxDead) {
      // RabbitMQConsumer.proceedAfterMaxDeadLetteredCount
      const key = this.params.get('rabbitmq.message.error.queue.routing.key');
      const exchange = this.params.get('rabbitmq.message.error.exchange.name');
      if (key) {
        ch.publish(exchange || '', key, m.content, m.properties);
        ch.ack(m);
        this.log(
          'INFO',
          'RabbitMQConsumer',
          `The max dead lettered count exceeded. Hence message with message id: ${id} and delivery tag: ${tag} publish to the ${exchange ? `exchange: ${exchange}` : 'default exchange'} with the routing key: ${key}.`,
        );
      } else {
        ch.ack(m);
        this.log(
          'INFO',
          'RabbitMQConsumer',
          `The max dead lettered count exceeded. No 'rabbitmq.message.error.queue.routing.key' specified for publishing the message. Hence the message with message id: ${id} and delivery tag: ${tag} on the queue: ${queue} will discard.`,
        );
      }
      return;
    }
    ch.reject(m, false);
    this.log(
      'INFO',
      'RabbitMQConsumer',
      !counted
        ? `The rejected message with message id: ${id} and delivery tag: ${tag} on the queue: ${queue} will discard or dead-lettered.`
        : `The rejected message with message id: ${id} and delivery tag: ${tag} on the queue: ${queue} is dead-lettered ${count} time(s).`,
    );
  }

  /** `rabbitmq://host:port/vhost queue NAME` (the first address; no credentials). */
  where(): string {
    const host = (this.params.get('rabbitmq.server.host.name') || 'localhost').split(',')[0].trim();
    const port = (this.params.get('rabbitmq.server.port') || '5672').split(',')[0].trim();
    const vhost = this.params.get('rabbitmq.server.virtual.host') || '/';
    return `rabbitmq://${host}:${port}${vhost.startsWith('/') ? '' : '/'}${vhost} queue ${this.params.get('rabbitmq.queue.name') ?? ''}`;
  }

  /** Stops consuming and closes the connection (an unacked message goes back to the queue). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    const c = this.conn;
    this.conn = undefined;
    this.channels.clear();
    if (c) await c.close().catch(() => undefined);
  }
}

/**
 * RabbitMQSender's answer to a request that named a reply-to queue: published by the default exchange to that queue
 * (nothing declared), with the request's correlation id.
 */
async function publishReply(conn: ChannelModel, replyTo: string, ctx: MessageContext): Promise<void> {
  if (ctx.payload.streaming) await ctx.payload.build();
  const body = await bodyOf(ctx);
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    ch.publish('', replyTo, body.bytes, publishOptions(ctx, new Map(), body.messageType));
  } finally {
    await ch.close().catch(() => undefined);
  }
}

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}
