/**
 * Connections to RabbitMQ brokers, shared by equal settings (as MI's connection pools are keyed by factory), made
 * with MI's retry rule: a failed attempt is retried `rabbitmq.connection.retry.count` times (-1: forever) every
 * `rabbitmq.connection.retry.interval` ms, then the last error is thrown. Declarations follow axis2 RabbitMQUtils:
 * a queue or exchange that exists with other arguments ("inequivalent arg") is used as it is, on a new channel.
 */
import type { Channel, ChannelModel } from 'amqplib';
import { amqplib } from './client';
import type { LogLevel } from '../log';
import { factoryKey, type Declarations, type FactorySettings } from './params';

export type RabbitLog = (level: LogLevel, category: string, message: string) => void;

/** A connection failure worded for the log and the fault (the broker's own reason kept). */
export class RabbitConnectError extends Error {}

export class RabbitConnections {
  private readonly open = new Map<string, Promise<ChannelModel>>();
  /** Bumped by close(): a retry loop of an earlier generation gives up (the runtime may start again). */
  private generation = 0;
  /** Retry waits in progress (cleared on close). */
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  /** A connection for these settings (made once, shared); `name` labels the log lines (MI's factory name). */
  get(s: FactorySettings, name: string, log: RabbitLog): Promise<ChannelModel> {
    const key = factoryKey(s);
    let p = this.open.get(key);
    if (!p) {
      p = this.connectWithRetry(s, name, log);
      this.open.set(key, p);
      p.then(
        (c) => {
          const forget = () => {
            if (this.open.get(key) === p) this.open.delete(key);
          };
          c.on('close', forget);
          c.on('error', forget);
        },
        () => {
          if (this.open.get(key) === p) this.open.delete(key);
        },
      );
    }
    return p;
  }

  /** Connections made by own() (closed with the rest). */
  private readonly owned = new Set<ChannelModel>();

  /**
   * A fresh connection of its own (a consumer keeps one per inbound endpoint, as MI does). `inbound`: the inbound
   * endpoint's RabbitMQConnectionFactory words its retry line "in 500ms. Retry attempts: 1" (MI
   * inbound.endpoint.protocol.rabbitmq.RabbitMQConnectionFactory.retry); axis2's and the store's say "in 500 ms".
   */
  async own(s: FactorySettings, name: string, log: RabbitLog, inbound = false): Promise<ChannelModel> {
    const gen = this.generation;
    const c = await this.connectWithRetry(s, name, log, inbound);
    if (gen !== this.generation) {
      await c.close().catch(() => undefined);
      throw new RabbitConnectError(`[${name}] the runtime stopped`);
    }
    this.owned.add(c);
    c.on('close', () => this.owned.delete(c));
    return c;
  }

  private async connectWithRetry(
    s: FactorySettings,
    name: string,
    log: RabbitLog,
    inbound = false,
  ): Promise<ChannelModel> {
    if (s.ssl)
      throw new RabbitConnectError(
        `[${name}] rabbitmq.connection.ssl.enabled is not supported by the embedded runtime (keystores are Java files)`,
      );
    let attempt = 0;
    const gen = this.generation;
    for (;;) {
      try {
        const c = await connectOnce(s);
        log('INFO', 'RabbitMQConnectionFactory', `[${name}] Successfully connected to RabbitMQ Broker`);
        return c;
      } catch (e) {
        const why = reason(e);
        if (attempt === 0)
          log(
            'ERROR',
            'RabbitMQConnectionFactory',
            `[${name}] Error creating connection to RabbitMQ Broker. Reattempting to connect. ${why}`,
          );
        else
          log(
            'ERROR',
            'RabbitMQConnectionFactory',
            `[${name}] Error while trying to reconnect to RabbitMQ Broker: ${why}`,
          );
        if (gen !== this.generation || (s.retryCount !== -1 && attempt >= s.retryCount))
          throw new RabbitConnectError(
            `[${name}] Could not connect to RabbitMQ Broker. Error while creating connection: ${why}`,
          );
        attempt++;
        log(
          'INFO',
          'RabbitMQConnectionFactory',
          inbound
            ? `[${name}] Attempting to create connection to RabbitMQ Broker in ${s.retryIntervalMs}ms. Retry attempts: ${attempt}`
            : `[${name}] Attempting to create connection to RabbitMQ Broker in ${s.retryIntervalMs} ms`,
        );
        await this.sleep(s.retryIntervalMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const w = {
        timer: setTimeout(() => {
          this.waits.delete(w);
          resolve();
        }, ms),
        resolve,
      };
      w.timer.unref();
      this.waits.add(w);
    });
  }

  async close(): Promise<void> {
    this.generation++;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waits.clear();
    const all = [...this.open.values(), ...[...this.owned].map((c) => Promise.resolve(c))];
    this.open.clear();
    this.owned.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close()).catch(() => undefined)));
  }
}

/** One attempt over the addresses in order (the Java client's newConnection(Address[])). */
async function connectOnce(s: FactorySettings): Promise<ChannelModel> {
  let last: unknown;
  for (const a of s.addresses) {
    try {
      const c = await amqplib().connect(
        {
          protocol: 'amqp',
          hostname: a.host,
          port: a.port,
          username: s.user,
          password: s.password,
          vhost: s.vhost,
          heartbeat: s.heartbeat,
        },
        { timeout: s.connectTimeoutMs },
      );
      // a connection error after the handshake is reported through 'close' (an unhandled 'error' would throw)
      c.on('error', () => undefined);
      return c;
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

/** The broker's reason, one line (an ACCESS_REFUSED login says so). */
export function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0];
}

/** True when the broker refused a declaration because the entity exists with other arguments. */
export function isInequivalent(e: unknown): boolean {
  return /inequivalent arg/i.test(e instanceof Error ? e.message : String(e));
}

/**
 * Runs the declarations on a channel. A declaration the broker refuses as inequivalent closes that channel: the rest
 * go on a new one, which is returned (axis2 RabbitMQUtils.checkAndIgnoreInEquivalentParamException).
 */
export async function declare(conn: ChannelModel, ch: Channel, d: Declarations): Promise<Channel> {
  if (d.queue) {
    const q = d.queue;
    try {
      await ch.assertQueue(q.name, {
        durable: q.durable,
        exclusive: q.exclusive,
        autoDelete: q.autoDelete,
        arguments: q.args,
      });
    } catch (e) {
      if (!isInequivalent(e)) throw e;
      ch = await conn.createChannel();
      ch.on('error', () => undefined);
    }
  }
  if (d.exchange) {
    const x = d.exchange;
    try {
      await ch.assertExchange(x.name, x.type, {
        durable: x.durable,
        autoDelete: x.autoDelete,
        arguments: x.args,
      });
    } catch (e) {
      if (!isInequivalent(e)) throw e;
      ch = await conn.createChannel();
      ch.on('error', () => undefined);
    }
  }
  if (d.bind) await ch.bindQueue(d.bind.queue, d.bind.exchange, d.bind.key);
  return ch;
}
