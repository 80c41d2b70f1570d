/**
 * The RabbitMQ transport sender for `rabbitmq:` endpoint addresses (axis2 RabbitMQSender.sendMessage and
 * RabbitMQMessageSender.send): the address properties name the broker, the exchange, the queue and its routing key;
 * the queue and exchange are declared (and bound) on every send; the message goes out formatted by its messageType
 * with MI's AMQP properties. An OUT_ONLY message is published and the flow goes on; any other waits for the answer
 * on a reply queue (RPC: a server-named queue, or `rabbitmq.replyto.name`) for `rabbitmq.wait.reply.timeout` ms
 * (30000), and the answer becomes the message. With `rabbitmq.publisher.confirms.enabled=true` a two-way send waits
 * for the broker's confirm instead, and the message goes on unchanged.
 */
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { stringOf, type MessageContext } from '../context';
import { formattedBody } from '../formattedBody';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import type { LeafEndpointDef } from '../model';
import { RabbitConnections, declare, reason, type RabbitLog } from './connections';
import { declarationsOf, eprName, eprProperties, factorySettings, SENDER_NAMES, toInt } from './params';
import { answerHeaders, contentTypeOf } from './message';

/** Axis2Sender's fault: ERROR_CODE 0 and this message whatever went wrong in the transport (AxisFault wording). */
const SEND_FAILED = 'Unexpected error during sending message out. Error occurred while sending message out.';

type SenderType = 'default' | 'rpc' | 'confirms';

export class RabbitMQSender {
  readonly connections = new RabbitConnections();

  async send(ep: LeafEndpointDef, ctx: MessageContext, ex: Executor, url: string): Promise<void> {
    const label = `${ep.name ? `Endpoint ${ep.name}` : 'Anonymous endpoint'} (${ep.file}:${ep.line})`;
    const props = eprProperties(url);
    const log: RabbitLog = (level, cat, msg) => ex.log(level, cat, undefined, `${label}: ${msg}`);
    try {
      const type = senderType(ctx, props);
      const settings = factorySettings((k) => props.get(k), SENDER_NAMES);
      const factoryName = props.get('rabbitmq.connection.factory') || factoryNameOf(props);
      const queue = props.get('rabbitmq.queue.name');
      const exchange = props.get('rabbitmq.exchange.name');
      let routingKey = props.get('rabbitmq.queue.routing.key');
      if (queue && !routingKey) routingKey = queue;
      else if (!queue && !routingKey) routingKey = eprName(url);
      if (ctx.payload.streaming) await ctx.payload.build();
      const body = await bodyOf(ctx);
      const conn = await this.connections.get(settings, factoryName, log);
      let ch: Channel = type === 'confirms' ? await conn.createConfirmChannel() : await conn.createChannel();
      ch.on('error', () => undefined);
      try {
        ch = await declare(conn, ch, declarationsOf(queue, exchange, props));
        const options = publishOptions(ctx, props, body.messageType);
        if (type === 'rpc') {
          // buildBasicProperties: a server-named reply queue, then rabbitmq.replyto.name when given
          const temp = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
          options.replyTo = props.get('rabbitmq.replyto.name') || temp.queue;
          (options.headers as Record<string, unknown>)['rabbitmq.connection.factory'] = factoryName;
          const waitProp = toInt(stringOrUndefined(ctx.axis2.get('RABBITMQ_WAIT_REPLY')), 0);
          const timeout = waitProp > 0 ? waitProp : toInt(props.get('rabbitmq.wait.reply.timeout'), 30_000);
          const answer = await rpc(ch, exchange ?? '', routingKey ?? '', body.bytes, options, timeout);
          takeRabbitAnswer(ctx, answer, ex, label);
        } else if (type === 'confirms') {
          const confirm = ch as Channel & { waitForConfirms(): Promise<void> };
          ch.publish(exchange ?? '', routingKey ?? '', body.bytes, options);
          const timeout = toInt(props.get('rabbitmq.publisher.confirms.wait.timeout'), 30_000);
          await withTimeout(
            confirm.waitForConfirms(),
            timeout,
            `Did not receive a confirmation within ${timeout}ms for the message published to the exchange: ${exchange ?? ''} with the routing key: ${routingKey ?? ''}`,
          );
        } else {
          ch.publish(exchange ?? '', routingKey ?? '', body.bytes, options);
        }
      } finally {
        void ch.close().catch(() => undefined);
      }
      log(
        'DEBUG',
        'RabbitMQSender',
        `Published to exchange '${exchange ?? ''}' with routing key '${routingKey ?? ''}'`,
      );
    } catch (e) {
      if (e instanceof MediationError) throw e;
      const why = reason(e);
      ex.log('ERROR', 'Axis2Sender', undefined, `${label}: ${SEND_FAILED} ${why}`);
      throw new MediationError(0, SEND_FAILED, `${label}: ${why}`);
    }
  }

  close(): Promise<void> {
    return this.connections.close();
  }
}

/** RabbitMQSender.getSenderType: an OUT_ONLY message is published; a two-way one is RPC unless confirms are asked. */
function senderType(ctx: MessageContext, props: Map<string, string>): SenderType {
  const outOnly = ctx.ownProp('OUT_ONLY');
  if (outOnly === true || outOnly === 'true') return 'default';
  const confirms = props.get('rabbitmq.publisher.confirms.enabled');
  if (confirms === undefined) return 'rpc';
  if (confirms.toLowerCase() === 'true') return 'confirms';
  if (confirms.toLowerCase() === 'false') return 'rpc';
  throw new Error(
    'Invalid value for rabbitmq.publisher.confirms.enabled property. Expected a boolean value (true/false).',
  );
}

/**
 * RabbitMQUtils.resolveTransportDescriptionFromTargetEPR names an unnamed factory by its settings joined with `_`;
 * the embedded runtime leaves the password out of that name (it travels in the RPC request's headers).
 */
function factoryNameOf(props: Map<string, string>): string {
  return [
    props.get('rabbitmq.server.host.name'),
    props.get('rabbitmq.server.port'),
    props.get('rabbitmq.server.user.name'),
    '****',
    props.get('rabbitmq.server.virtual.host'),
  ]
    .map((v) => v ?? 'null')
    .join('_');
}

function stringOrUndefined(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : stringOf(v);
}

/** The message as it goes out (RabbitMQUtils.getMessageBody: the formatter of its messageType). */
export async function bodyOf(ctx: MessageContext): Promise<{ bytes: Buffer; messageType: string }> {
  // (a built form or untyped request goes by application/xml: ServerWorker.handleRESTUrlPost)
  const mt = ctx.formatterType();
  const { bytes, contentType } = await formattedBody(ctx, mt);
  return { bytes, messageType: mt ?? contentType.split(';')[0].trim() };
}

/** RabbitMQMessageSender.buildBasicProperties and send: MI's AMQP properties of an outgoing message. */
export function publishOptions(
  ctx: MessageContext,
  props: Map<string, string>,
  messageType: string,
): Options.Publish {
  const a = (k: string) => stringOrUndefined(ctx.axis2.get(k));
  const headers: Record<string, unknown> = {};
  for (const [k, v] of ctx.headers.entries()) headers[k] = v;
  const o: Options.Publish = { headers, messageId: ctx.messageId, contentType: messageType };
  const ts = a('rabbitmq.message.timestamp');
  if (ts) {
    const t = Date.parse(ts.replace(' ', 'T'));
    if (!Number.isNaN(t)) o.timestamp = Math.floor(t / 1000);
  }
  const expiration = a('rabbitmq.message.expiration');
  if (expiration !== undefined) o.expiration = expiration;
  const userId = a('rabbitmq.message.user.id');
  if (userId !== undefined) o.userId = userId;
  const appId = a('rabbitmq.message.app.id');
  if (appId !== undefined) o.appId = appId;
  const clusterId = a('rabbitmq.message.cluster.id');
  if (clusterId !== undefined) (o as Record<string, unknown>).clusterId = clusterId;
  const priority = a('rabbitmq.message.priority');
  if (priority !== undefined && /^\d+$/.test(priority)) o.priority = Number(priority);
  const corr = a('rabbitmq.message.correlation.id');
  o.correlationId = corr ? corr : ctx.messageId;
  const enc = a('CHARACTER_SET_ENCODING');
  if (enc) o.contentEncoding = enc;
  const type = props.get('rabbitmq.message.type');
  if (type !== undefined) o.type = type;
  o.deliveryMode = toInt(props.get('rabbitmq.queue.delivery.mode'), 2);
  const replyTo = props.get('rabbitmq.replyto.name');
  if (replyTo) o.replyTo = replyTo;
  return o;
}

/** RabbitMQMessageSender.sendRPC: publish, then take the first message on the reply queue within the timeout. */
async function rpc(
  ch: Channel,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
  timeoutMs: number,
): Promise<ConsumeMessage> {
  const replyTo = options.replyTo!;
  ch.publish(exchange, routingKey, body, options);
  let tag: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<ConsumeMessage>((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`Did not receive a response within ${timeoutMs}ms to the replyTo queue ${replyTo}`),
          ),
        timeoutMs,
      );
      ch.consume(replyTo, (m) => m && resolve(m), { noAck: true }).then(
        (ok) => (tag = ok.consumerTag),
        reject,
      );
    });
  } finally {
    clearTimeout(timer);
    if (tag) await ch.cancel(tag).catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The RPC answer becomes the message (RabbitMQSender: a new response context built by RabbitMQUtils.buildMessage):
 * its body by its content type (text/plain when it names none), its transport headers, the correlation id and
 * content type as axis2 properties. A non-blocking call's answer starts with a fresh axis2 context.
 */
export function takeRabbitAnswer(ctx: MessageContext, m: ConsumeMessage, ex: Executor, label: string): void {
  const ct = contentTypeOf(m.properties, undefined, () =>
    ex.log(
      'WARN',
      'RabbitMQUtils',
      undefined,
      `${label}: Unable to determine content type for message ${String(m.properties.messageId)} setting to text/plain`,
    ),
  );
  ctx.headers.clear();
  for (const [k, v] of answerHeaders(m.properties)) ctx.headers.set(k, v);
  if (ctx.blocking === undefined) {
    ctx.axis2.clear();
    ctx.answerType = ct;
  } else ctx.axis2.delete('messageType');
  ctx.axis2.set('rabbitmq.message.correlation.id', m.properties.correlationId || m.properties.messageId);
  ctx.axis2.set('rabbitmq.message.content.type', ct);
  ctx.payload.setRaw(m.content, ct);
  ctx.payload.setContentEncoding(undefined);
  ctx.dropProp('ERROR_CODE');
  ctx.to = undefined;
}

export type { ChannelModel };
