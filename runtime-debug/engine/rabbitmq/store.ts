/**
 * The RabbitMQ message store (Synapse RabbitMQStore, RabbitMQProducer, RabbitMQConsumer): messages are published
 * persistent (delivery mode 2, message id) to `store.rabbitmq.queue.name` (the store's name by default), declared
 * durable, through `store.rabbitmq.exchange.name` (a durable direct exchange, bound by `store.rabbitmq.route.key`,
 * the queue name by default) when one is named. A processor takes the head with basic.get without ack and acks it
 * once it is done with it; a message it leaves goes back to the queue when the store's channel closes.
 *
 * The stored body is the embedded runtime's own JSON form of the message (MI writes a Java-serialized
 * StorableMessage, which only MI reads): a message neither can read is logged and acked (dropped), as
 * RabbitMQConsumer.receive does with a message it cannot deserialize.
 */
import type { Channel, ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { MediationError } from '../errors';
import type { MessageStoreDef } from '../model';
import type { StoredMessage } from '../stores';
import { reason, type RabbitConnections, type RabbitLog } from './connections';
import { factorySettings, STORE_NAMES, type FactorySettings } from './params';

/** What MessageStores asks of a store kept outside the runtime. */
export interface StoreBackend {
  add(m: StoredMessage): Promise<boolean>;
  /** Fetches the head into peek() when there is none yet. */
  prepare(): Promise<void>;
  peek(): StoredMessage | undefined;
  remove(id: string): void;
  size(): number;
  close(): void;
}

const FORMAT = 'application/x-synapse-stored-message+json';

export class RabbitMQStoreBackend implements StoreBackend {
  private readonly queue: string;
  private readonly routingKey: string;
  private readonly exchange: string | undefined;
  private readonly settings: FactorySettings | Error;
  private conn: ChannelModel | undefined;
  private producer: ConfirmChannel | undefined;
  private consumer: Channel | undefined;
  private connecting: Promise<ChannelModel> | undefined;
  private head: { msg: StoredMessage; raw: GetMessage; ch: Channel } | undefined;
  private depth = 0;
  private readonly label: string;

  constructor(
    readonly def: MessageStoreDef,
    private readonly connections: RabbitConnections,
    private readonly log: RabbitLog,
  ) {
    const p = def.params;
    this.queue = p['store.rabbitmq.queue.name'] || def.name;
    this.routingKey = p['store.rabbitmq.route.key'] || this.queue;
    this.exchange = p['store.rabbitmq.exchange.name'] || undefined;
    this.label = `Message store ${def.name} (${def.file}:${def.line})`;
    try {
      this.settings = factorySettings((k) => p[k], STORE_NAMES);
    } catch (e) {
      this.settings = e as Error;
    }
  }

  /** Connects once (MI: at init), declaring the queue and exchange; a failure is logged and tried again later. */
  private connection(): Promise<ChannelModel> {
    if (this.conn) return Promise.resolve(this.conn);
    if (this.connecting) return this.connecting;
    const settings = this.settings;
    if (settings instanceof Error) return Promise.reject(settings);
    const name = `[${this.def.name}-message-store]`;
    const log: RabbitLog = (l, c, m) => this.log(l, c, `${this.label}: ${m}`);
    this.connecting = (async () => {
      const conn = await this.connections.own(settings, name, log);
      conn.on('close', () => {
        if (this.conn === conn) this.forget();
      });
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      await ch.assertQueue(this.queue, { durable: true, exclusive: false, autoDelete: false });
      if (this.exchange) {
        if (!this.exchange.startsWith('amq.'))
          await ch.assertExchange(this.exchange, 'direct', { durable: true, autoDelete: false });
        await ch.bindQueue(this.queue, this.exchange, this.routingKey);
      }
      await ch.close();
      this.conn = conn;
      log('INFO', 'RabbitMQStore', 'Initialized...');
      return conn;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private forget(): void {
    this.conn = undefined;
    this.producer = undefined;
    this.consumer = undefined;
    this.head = undefined;
  }

  /** RabbitMQProducer.storeMessage: published and confirmed, or a failure the store mediator turns into a fault. */
  async add(m: StoredMessage): Promise<boolean> {
    try {
      const conn = await this.connection();
      if (!this.producer) {
        const ch = await conn.createConfirmChannel();
        ch.on('error', () => undefined);
        ch.on('close', () => {
          if (this.producer === ch) this.producer = undefined;
        });
        this.producer = ch;
      }
      // the broker copy keeps what MessageConverter.toStorableMessage writes: of the Synapse properties only the
      // String ones (a Boolean, Integer... property is lost) and `om` (the node copies stay in memory)
      const props = m.props.filter(([, v]) => typeof v === 'string');
      const body = Buffer.from(
        JSON.stringify({ ...m, props, nodes: undefined, body: m.body.toString('base64') }),
        'utf8',
      );
      const ch = this.producer;
      await new Promise<void>((resolve, reject) =>
        ch.publish(
          this.exchange ?? '',
          this.exchange ? this.routingKey : this.queue,
          body,
          { messageId: m.id, deliveryMode: 2, contentType: FORMAT },
          (err) =>
            err
              ? reject(err instanceof Error ? err : new Error('the broker refused the message'))
              : resolve(),
        ),
      );
      return true;
    } catch (e) {
      const msg = `Ignored MessageId: ${m.id}. Could not store message to store [${this.def.name}]. Error:${reason(e)}`;
      this.log('ERROR', 'RabbitMQProducer', `${this.label}: ${msg}`);
      throw new MediationError(
        0,
        `Failed to store message [${m.id}] in store [${this.def.name}].`,
        'Failed to store message.',
      );
    }
  }

  /** RabbitMQConsumer.receive: basic.get without ack, kept as the head until it is removed. */
  async prepare(): Promise<void> {
    if (this.head) return;
    let conn: ChannelModel;
    try {
      conn = await this.connection();
    } catch (e) {
      this.log(
        'WARN',
        'RabbitMQConsumer',
        `${this.label}: The connection to the RabbitMQ broker is unhealthy. ${reason(e)}`,
      );
      return;
    }
    try {
      if (!this.consumer) {
        const ch = await conn.createChannel();
        ch.on('error', () => undefined);
        ch.on('close', () => {
          if (this.consumer === ch) {
            this.consumer = undefined;
            this.head = undefined;
          }
        });
        this.consumer = ch;
      }
      const ch = this.consumer;
      const got = await ch.get(this.queue, { noAck: false });
      if (!got) {
        this.depth = 0;
        return;
      }
      this.depth = got.fields.messageCount + 1;
      const msg = decode(got);
      if (!msg) {
        this.log(
          'ERROR',
          'RabbitMQConsumer',
          `${this.label}: unable to read the stored message ${String(got.properties.messageId)}`,
        );
        ch.ack(got);
        return;
      }
      this.head = { msg, raw: got, ch };
    } catch (e) {
      this.log(
        'ERROR',
        'RabbitMQConsumer',
        `${this.label}: connection error when receiving messages. ${reason(e)}`,
      );
    }
  }

  peek(): StoredMessage | undefined {
    return this.head?.msg;
  }

  /** RabbitMQConsumer.ack: the head is done with. */
  remove(id: string): void {
    const h = this.head;
    if (!h || h.msg.id !== id) return;
    this.head = undefined;
    this.depth = Math.max(0, this.depth - 1);
    try {
      h.ch.ack(h.raw);
    } catch {
      // the channel closed: the broker has put the message back
    }
  }

  /** The depth seen at the last fetch (the broker's count; not a live figure). */
  size(): number {
    return this.depth;
  }

  close(): void {
    const c = this.conn;
    this.forget();
    if (c) void c.close().catch(() => undefined);
  }
}

function decode(got: GetMessage): StoredMessage | undefined {
  if (got.properties.contentType !== FORMAT) return undefined;
  try {
    const o = JSON.parse(got.content.toString('utf8')) as StoredMessage & { body: string };
    if (typeof o.id !== 'string' || typeof o.body !== 'string') return undefined;
    return { ...o, body: Buffer.from(o.body, 'base64') };
  } catch {
    return undefined;
  }
}
