/**
 * The MQTT inbound endpoint (MI MqttListener, MqttConnectionFactory, MqttConnectionConsumer, MqttAsyncCallback,
 * MqttConnectionListener, MqttInjectHandler): one client per inbound endpoint, connected to
 * tcp://`mqtt.server.host.name`:`mqtt.server.port` with `mqtt.client.id` (else a generated one), the clean-session
 * flag `mqtt.session.clean` (false without it: MqttListener's boolean field) and the credentials
 * `mqtt.subscription.username`/`password` (both or none), then subscribed to `mqtt.topic.name` at the QoS of
 * `mqtt.subscription.qos`. Each message's payload is built by `content.type` (the SOAP builder without one, or for a
 * type no builder takes) and injected into the sequence with the inbound's onError sequence; a payload that cannot be
 * built is logged and dropped. MI's log lines are written where MI writes them.
 */
import type { MqttClient } from 'mqtt';
import { parseJavaInt } from '../../../core/javaNumbers';
import { Headers, MessageContext, type ContextServices } from '../context';
import type { Executor } from '../executor';
import { builtContentType } from '../formats';
import { injectInbound } from '../inboundInject';
import type { InboundDef } from '../model';
import { Payload, type PayloadLimits } from '../payload';
import { mqtt } from './client';

export interface MqttHost {
  executor(): Executor;
  services: ContextServices;
  limits(): PayloadLimits;
}

export interface MqttSettings {
  host: string;
  port: number;
  topic: string;
  contentType: string | undefined;
  /** The QoS MqttConnectionFactory keeps (its default 1): the one the subscription uses is the parameter's, raw. */
  qos: number;
  clientId: string | undefined;
  /** Milliseconds between two connection attempts after a failure (MqttConnectionListener: 10000 without it). */
  reconnectInterval: number;
  ssl: boolean;
}

type Log = (level: 'INFO' | 'WARN' | 'ERROR', category: string, message: string) => void;

/** MqttConnectionFactory's reading of the parameters: its errors and warnings logged, undefined when it fails. */
export function mqttSettings(params: Record<string, string>, log: Log): MqttSettings | undefined {
  const get = (k: string): string | undefined => params[k];
  const fail = (msg: string, cause = msg): undefined => {
    if (msg) log('ERROR', 'MqttConnectionFactory', msg);
    // the constructor's catch: the inbound endpoint is not deployed
    log(
      'ERROR',
      'MqttConnectionFactory',
      `MQTT connection factory : ${get('mqtt.connection.factory') ?? 'null'} failed to initialize the MQTT Inbound configuration properties ${cause}`,
    );
    return undefined;
  };
  const byDefault = (k: string) =>
    log('WARN', 'MqttConnectionFactory', `Default value is used for the parameter : ${k}`);
  const host = get('mqtt.server.host.name');
  if (host === undefined) return fail('MQTT inbound listener Host Name cannot be empty');
  const topic = get('mqtt.topic.name');
  if (topic === undefined) return fail('MQTT inbound listener Subscription Topic Name cannot be empty');
  const portText = get('mqtt.server.port');
  if (portText === undefined) return fail('MQTT inbound listener Port Number cannot be empty');
  // validatePortField: Integer.parseInt, then 0 < port < 65535
  const port = parseJavaInt(portText);
  if (port === undefined) return fail('Server Port number should not contain any special characters');
  if (!(port > 0 && port < 65535))
    return fail('Server Port number should be bounded to min integer value: 0 and max integer value: 65535');
  const contentType = get('content.type');
  if (contentType === undefined) byDefault('content.type');
  let qos = 1;
  const qosText = get('mqtt.subscription.qos');
  if (qosText === undefined) byDefault('mqtt.subscription.qos');
  else {
    const q = parseJavaInt(qosText);
    // Integer.parseInt's NumberFormatException reaches the constructor's catch
    if (q === undefined) return fail('', `java.lang.NumberFormatException: For input string: "${qosText}"`);
    if (q === 0 || q === 1 || q === 2) qos = q;
    else byDefault('mqtt.subscription.qos');
  }
  if (get('mqtt.temporary.store.directory') === undefined) byDefault('mqtt.temporary.store.directory');
  if (get('mqtt.session.clean') === undefined) byDefault('mqtt.session.clean');
  const sslText = get('mqtt.ssl.enable');
  const ssl = sslText?.toLowerCase() === 'true';
  if (sslText === undefined) byDefault('mqtt.ssl.enable');
  else if (ssl) {
    const names = ['keystore.location', 'keystore.type', 'keystore.password', 'truststore.location'];
    names.push('truststore.type', 'truststore.password', 'version');
    if (names.some((n) => !get(`mqtt.ssl.${n}`)))
      return fail('Configuration for Truststore and Keystore is insufficient to enable SSL');
  }
  const clientId = get('mqtt.client.id');
  if (clientId === undefined) byDefault('mqtt.client.id');
  const intervalText = get('mqtt.reconnection.interval');
  if (intervalText === undefined) byDefault('mqtt.reconnection.interval');
  const interval = intervalText === undefined ? undefined : parseJavaInt(intervalText);
  return {
    host,
    port,
    topic,
    contentType,
    qos,
    clientId,
    reconnectInterval: interval === undefined || interval === -1 ? 10000 : interval,
    ssl,
  };
}

const SOAP_TYPES = /^\s*(text\/xml|application\/soap\+xml)\s*(;|$)/i;
/** A document whose first element is a SOAP envelope (after the XML declaration, comments and PIs). */
const ENVELOPE = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<(?:[\w.-]+:)?Envelope[\s>/]/;

/** Paho's messages for a refused CONNACK (MqttException reason codes 1 to 5). */
const PAHO_CONNACK: Record<number, string> = {
  1: 'Invalid protocol version',
  2: 'Invalid client ID',
  3: 'Broker unavailable',
  4: 'Bad user name or password',
  5: 'Not authorized to connect',
};

export class MqttInbound {
  private client: MqttClient | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** The mediation of the last message (sequential: each waits for the one before, as Paho's callback thread). */
  private chain: Promise<void> = Promise.resolve();
  private settings: MqttSettings | undefined;

  constructor(
    readonly def: InboundDef,
    private readonly host: MqttHost,
  ) {}

  private log: Log = (level, category, message) =>
    this.host.executor().log(level, category, `inbound:${this.def.name}`, message);

  /**
   * MqttListener's constructor (the factory's checks), then init: a suspended endpoint is only logged, else the
   * client is made and connected, and subscribed once connected (MqttConnectionConsumer.execute).
   */
  start(): void {
    this.settings = mqttSettings(this.def.params, this.log);
    if (!this.settings) return;
    if (this.def.suspended) {
      this.log('INFO', 'MqttListener', `Inbound endpoint [${this.def.name}] is currently suspended.`);
      return;
    }
    this.log('INFO', 'MqttListener', `MQTT inbound endpoint ${this.def.name} initializing ...`);
    const s = this.settings;
    const p = this.def.params;
    const clean = (p['mqtt.session.clean'] ?? '').toLowerCase() === 'true';
    const user = p['mqtt.subscription.username'];
    const password = p['mqtt.subscription.password'];
    const client = mqtt().connect({
      protocol: s.ssl ? 'mqtts' : 'mqtt',
      host: s.host,
      port: s.port,
      // MqttAsyncClient.generateClientId: "paho" and System.nanoTime()
      clientId: s.clientId ?? `paho${process.hrtime.bigint()}`,
      clean,
      protocolVersion: 4,
      keepalive: 60,
      connectTimeout: 30_000,
      reconnectPeriod: 0,
      ...(user !== undefined && password !== undefined ? { username: user, password } : {}),
    });
    this.client = client;
    this.log('INFO', 'MqttConnectionFactory', 'Successfully created MQTT client');
    client.on('error', () => undefined);
    client.on('message', (topic, payload) => this.arrived(topic, payload));
    // InboundOneTimeTriggerRequestProcessor.start: the connection is made by the task (or thread) it starts
    const coordination = (p['coordination'] ?? 'true').toLowerCase() === 'true';
    this.log(
      'INFO',
      'InboundOneTimeTriggerRequestProcessor',
      `Starting the inbound endpoint ${this.def.name}, with coordination ${coordination}. Type : MQTT--SYNAPSE_INBOUND_ENDPOINT`,
    );
    this.connect(client, 'first');
  }

  /**
   * One attempt to connect: `first` (MqttConnectionConsumer.execute) and `lost` (MqttAsyncCallback.reConnect)
   * subscribe once connected; a failure starts MqttConnectionListener.onFailure, which retries every interval and,
   * as MI's does, does not subscribe again when it connects.
   */
  private connect(client: MqttClient, why: 'first' | 'lost' | 'retry', attempt = 1): void {
    if (this.stopped) return;
    const done = (err?: Error) => {
      client.removeListener('connect', onConnect);
      client.removeListener('close', onClose);
      client.removeListener('error', onError);
      if (this.stopped) return;
      if (err) {
        if (why === 'retry')
          this.log(
            'ERROR',
            'MqttConnectionListener',
            `MQTT inbound endpoint ${this.def.name} error while reconnecting to the broker attempt ${attempt}`,
          );
        else
          this.log(
            'ERROR',
            why === 'first' ? 'MqttConnectionConsumer' : 'MqttAsyncCallback',
            why === 'first'
              ? `Error while trying to subscribe to the remote  ${err.message}`
              : `Error while trying to subscribe to the remote. ${err.message}`,
          );
        this.retry = setTimeout(
          () => this.connect(client, 'retry', why === 'retry' ? attempt + 1 : 1),
          this.settings!.reconnectInterval,
        );
        this.retry.unref();
        return;
      }
      client.on('close', () => this.lost(client));
      if (why === 'retry') {
        this.log(
          'INFO',
          'MqttConnectionListener',
          `Successfully reconnected MQTT inbound endpoint: ${this.def.name}`,
        );
        return;
      }
      this.subscribe(client, why);
    };
    let refused: string | undefined;
    const onError = (e: Error & { code?: unknown }) => {
      if (typeof e.code === 'number') refused = PAHO_CONNACK[e.code];
    };
    const onConnect = () => done();
    // Paho's MqttException text: the CONNACK refusal, else "Unable to connect to server" (32103)
    const onClose = () => done(new Error(refused ?? 'Unable to connect to server'));
    client.once('error', onError);
    client.once('connect', onConnect);
    client.once('close', onClose);
    if (why !== 'first') client.reconnect();
  }

  /** The subscription at the parameter's QoS (the raw value: Integer.parseInt of what the inbound names). */
  private subscribe(client: MqttClient, why: 'first' | 'lost'): void {
    const raw = this.def.params['mqtt.subscription.qos'];
    const qos = raw === undefined ? undefined : Number(raw);
    if (qos === undefined || !(qos === 0 || qos === 1 || qos === 2)) {
      // Integer.parseInt(null) throws out of execute (OneTimeTriggerInboundRunner logs it); Paho refuses a QoS
      // above 2 the same way: connected, never subscribed
      this.log(
        'ERROR',
        'OneTimeTriggerInboundRunner',
        `Error executing the Inbound Endpoint once time execution ${
          qos === undefined
            ? 'java.lang.NumberFormatException: Cannot parse null string: null'
            : 'java.lang.IllegalArgumentException'
        }`,
      );
      return;
    }
    client.subscribe(this.settings!.topic, { qos }, (err) => {
      if (this.stopped) return;
      if (err) {
        this.log(
          'ERROR',
          'MqttConnectionConsumer',
          `Error while trying to subscribe to the remote  ${err.message}`,
        );
        return;
      }
      this.log(
        'INFO',
        why === 'first' ? 'MqttConnectionConsumer' : 'MqttAsyncCallback',
        why === 'first'
          ? `MQTT inbound endpoint ${this.def.name} connected to the broker`
          : `MQTT inbound endpoint ${this.def.name} re-connected to the broker`,
      );
    });
  }

  /** MqttAsyncCallback.connectionLost: logged, then connected and subscribed again. */
  private lost(client: MqttClient): void {
    if (this.stopped || this.client !== client) return;
    client.removeAllListeners('close');
    this.log('INFO', 'MqttAsyncCallback', 'Connection lost occurred to the remote server.');
    this.connect(client, 'lost');
  }

  /** MqttAsyncCallback.messageArrived → MqttInjectHandler.invoke (sequential: one at a time). */
  private arrived(topic: string, payload: Buffer): void {
    const sequential = (this.def.params['sequential'] ?? 'true').toLowerCase() !== 'false';
    const run = () =>
      this.inject(topic, payload).catch((e: unknown) =>
        this.log('ERROR', 'MqttInjectHandler', `Error while processing the MQTT Message ${String(e)}`),
      );
    if (sequential) this.chain = this.chain.then(run);
    else void run();
  }

  private async inject(topic: string, bytes: Buffer): Promise<void> {
    const ex = this.host.executor();
    const ct = builtContentType(this.settings!.contentType);
    // MqttMessage.toString and getBytes: the payload read and written as UTF-8
    const text = bytes.toString('utf8');
    const payload = new Payload(ct, Buffer.from(text, 'utf8'), this.host.limits());
    try {
      // the SOAP builder (StAXSOAPModelBuilder) takes a SOAP envelope only: "First Element must contain the local
      // name, Envelope"
      if (SOAP_TYPES.test(ct) && !ENVELOPE.test(text)) throw new Error('not a SOAP envelope');
      await payload.build();
      payload.parse();
    } catch {
      this.log('ERROR', 'MqttInjectHandler', 'Error while processing the MQTT Message');
      return;
    }
    const seqName = this.def.sequence;
    if (!seqName) {
      this.log('ERROR', 'MqttInjectHandler', `Sequence name not specified. Sequence : ${seqName ?? 'null'}`);
      return;
    }
    const seq = ex.reg.sequence(seqName);
    if (!seq) {
      this.log('ERROR', 'MqttInjectHandler', `Sequence: ${seqName} not found`);
      return;
    }
    const ctx = new MessageContext(payload, new Headers(), this.host.services);
    ctx.correlationUnset = true;
    ctx.requestType = ct;
    ctx.method = 'POST';
    ctx.props.set('mqtt.topic.name', topic);
    ctx.props.set('IS_INBOUND', true);
    ctx.flow = { artifactKind: 'inbound', artifactName: this.def.name };
    ctx.transportIn = `inbound:${this.def.name}`;
    // MqttInjectHandler.invoke: seq.setErrorHandler(onErrorSeq): the inbound's onError takes the place of the
    // sequence's own (none without it)
    await injectInbound(ex, ctx, seq, this.def.onError);
  }

  /** `mqtt://host:port topic NAME`. */
  where(): string {
    const p = this.def.params;
    return `mqtt://${p['mqtt.server.host.name'] ?? ''}:${p['mqtt.server.port'] ?? ''} topic ${p['mqtt.topic.name'] ?? ''}`;
  }

  /** MqttListener.destroy: unsubscribed and disconnected when connected. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    this.log('INFO', 'MqttListener', `Mqtt Inbound endpoint: ${this.def.name} Started destroying context.`);
    const connected = c.connected;
    if (connected) await c.unsubscribeAsync(this.settings!.topic).catch(() => undefined);
    await c.endAsync(!connected).catch(() => undefined);
    this.log('INFO', 'MqttListener', 'Disconnected from the remote MQTT server.');
    this.log('INFO', 'InboundOneTimeTriggerRequestProcessor', `Inbound endpoint ${this.def.name} stopping.`);
  }
}
