/**
 * RabbitMQ parameters as Micro Integrator reads them: the properties of a `rabbitmq:` address (Axis2
 * BaseUtils.getEPRProperties), the connection factory settings of the transport sender, the inbound endpoint and the
 * message store (each names its parameters differently), and the queue/exchange declaration flags
 * (axis2 RabbitMQUtils.declareQueue / declareExchange / bindQueueToExchange).
 */

/** Synapse's RabbitMQ message store class (any package ending so). */
export function isRabbitMQStore(className: string): boolean {
  return /(^|\.)RabbitMQStore$/.test(className);
}

/** What a connection is made from: where, who, and how long to wait and retry. */
export interface FactorySettings {
  /** host:port pairs, tried in order (rabbitmq.server.host.name / port are comma-separated lists). */
  addresses: { host: string; port: number }[];
  user: string;
  password: string;
  vhost: string;
  /** Seconds (ConnectionFactory.DEFAULT_HEARTBEAT 60). */
  heartbeat: number;
  /** Milliseconds (ConnectionFactory.DEFAULT_CONNECTION_TIMEOUT 60000). */
  connectTimeoutMs: number;
  /** rabbitmq.connection.retry.interval (30000 ms) and .count (3; -1 retries forever). */
  retryIntervalMs: number;
  retryCount: number;
  /** rabbitmq.connection.ssl.enabled: refused by the embedded runtime (see docs/rabbitmq.md). */
  ssl: boolean;
}

/** The properties after `?` of an address: `k=v` pairs split on `&`, values as written (not URL-decoded). */
export function eprProperties(url: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = url.indexOf('?');
  if (q < 0) return out;
  for (const token of url.slice(q + 1).split('&')) {
    if (!token) continue;
    const eq = token.indexOf('=');
    if (eq >= 0) out.set(token.slice(0, eq), token.slice(eq + 1));
  }
  return out;
}

/** The part of `rabbitmq:/NAME?...` between the first `/` and the `?` (RabbitMQSender's routing key fallback). */
export function eprName(url: string): string {
  const slash = url.indexOf('/');
  const q = url.indexOf('?');
  if (slash < 0) return '';
  return url.slice(slash + 1, q < 0 ? undefined : q);
}

/** Commons-lang NumberUtils.toInt: the default for anything that is not a whole number. */
export function toInt(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const t = v.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : dflt;
}

/** Commons-lang BooleanUtils.toBooleanObject: true/yes/on/y/t, false/no/off/n/f (any case), else undefined. */
export function toBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.toLowerCase();
  if (['true', 'yes', 'on', 'y', 't'].includes(t)) return true;
  if (['false', 'no', 'off', 'n', 'f'].includes(t)) return false;
  return undefined;
}

function nonEmpty(v: string | undefined, dflt: string): string {
  return v === undefined || v === '' ? dflt : v;
}

/** The names a kind of configuration gives the factory settings. */
interface FactoryNames {
  host: string;
  port: string;
  user: string;
  password: string;
  vhost: string;
  heartbeat?: string;
  timeout?: string;
}

/** The transport sender (rabbitmq: addresses): axis2 RabbitMQConnectionFactory.loadConnectionFactory. */
export const SENDER_NAMES: FactoryNames = {
  host: 'rabbitmq.server.host.name',
  port: 'rabbitmq.server.port',
  user: 'rabbitmq.server.user.name',
  password: 'rabbitmq.server.password',
  vhost: 'rabbitmq.server.virtual.host',
  heartbeat: 'rabbitmq.connection.factory.heartbeat',
  timeout: 'rabbitmq.connection.factory.timeout',
};

/** The inbound endpoint: MI's inbound RabbitMQConnectionFactory.initConnectionFactory (its own parameter names). */
export const INBOUND_NAMES: FactoryNames = {
  ...SENDER_NAMES,
  heartbeat: 'rabbitmq.factory.heartbeat',
  timeout: 'rabbitmq.factory.connection.timeout',
};

/** The message store: Synapse RabbitMQStore.initConnectionFactory. */
export const STORE_NAMES: FactoryNames = {
  host: 'store.rabbitmq.host.name',
  port: 'store.rabbitmq.host.port',
  user: 'store.rabbitmq.username',
  password: 'store.rabbitmq.password',
  vhost: 'store.rabbitmq.virtual.host',
};

/**
 * The factory settings from a configuration's parameters. Throws MI's own message when the host and port lists do
 * not pair up or a port is not a number.
 */
export function factorySettings(p: (k: string) => string | undefined, names: FactoryNames): FactorySettings {
  const hosts = nonEmpty(p(names.host), 'localhost').split(',');
  const ports = nonEmpty(p(names.port), '5672').split(',');
  if (hosts.length !== ports.length)
    throw new Error('The number of hostnames must be equal to the number of ports');
  const addresses = hosts.map((h, i) => {
    const port = ports[i].trim();
    if (!/^\d+$/.test(port)) throw new Error('Number format error in port number');
    return { host: h.trim(), port: Number(port) };
  });
  return {
    addresses,
    user: nonEmpty(p(names.user), 'guest'),
    password: nonEmpty(p(names.password), 'guest'),
    vhost: nonEmpty(p(names.vhost), '/'),
    heartbeat: names.heartbeat ? toInt(p(names.heartbeat), 60) : 60,
    connectTimeoutMs: names.timeout ? toInt(p(names.timeout), 60_000) : 60_000,
    retryIntervalMs: toInt(p('rabbitmq.connection.retry.interval'), 30_000),
    retryCount: toInt(p('rabbitmq.connection.retry.count'), 3),
    ssl: toBool(p('rabbitmq.connection.ssl.enabled')) === true,
  };
}

/** One key per distinct broker login (connections are shared by equal settings). */
export function factoryKey(s: FactorySettings): string {
  return JSON.stringify([s.addresses, s.user, s.password, s.vhost, s.heartbeat]);
}

/** `rabbitmq.queue.optional.*` / `rabbitmq.exchange.optional.*`: booleans and ints typed, the rest as strings. */
function optionalArgs(props: Map<string, string>, prefix: string): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of props) {
    if (!k.startsWith(prefix)) continue;
    out ??= {};
    const name = k.slice(prefix.length);
    if (v === 'true' || v === 'false') out[name] = v === 'true';
    else if (/^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= 2 ** 31 - 1) out[name] = Number(v);
    else out[name] = v;
  }
  return out;
}

export interface Declarations {
  queue?: {
    name: string;
    durable: boolean;
    exclusive: boolean;
    autoDelete: boolean;
    args?: Record<string, unknown>;
  };
  exchange?: {
    name: string;
    type: string;
    durable: boolean;
    autoDelete: boolean;
    args?: Record<string, unknown>;
  };
  /** queueBind(queue, exchange, key) when both are named (the key defaults to the queue name). */
  bind?: { queue: string; exchange: string; key: string };
}

/** What axis2 RabbitMQUtils declares for a queue name, an exchange name and the properties. */
export function declarationsOf(
  queue: string | undefined,
  exchange: string | undefined,
  props: Map<string, string>,
): Declarations {
  const d: Declarations = {};
  if (queue && toBool(props.get('rabbitmq.queue.autodeclare')) !== false)
    d.queue = {
      name: queue,
      durable: toBool(props.get('rabbitmq.queue.durable') ?? 'true') === true,
      exclusive: toBool(props.get('rabbitmq.queue.exclusive')) === true,
      autoDelete: toBool(props.get('rabbitmq.queue.auto.delete')) === true,
      args: optionalArgs(props, 'rabbitmq.queue.optional.'),
    };
  if (
    exchange &&
    toBool(props.get('rabbitmq.exchange.autodeclare')) !== false &&
    !exchange.startsWith('amq.')
  )
    d.exchange = {
      name: exchange,
      type: props.get('rabbitmq.exchange.type') ?? 'direct',
      durable: toBool(props.get('rabbitmq.exchange.durable') ?? 'true') === true,
      autoDelete: toBool(props.get('rabbitmq.exchange.auto.delete')) === true,
      args: optionalArgs(props, 'rabbitmq.exchange.optional.'),
    };
  if (exchange && queue) d.bind = { queue, exchange, key: props.get('rabbitmq.queue.routing.key') || queue };
  return d;
}
