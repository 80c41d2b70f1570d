/**
 * `mqtt:` endpoint addresses (axis2 MqttSender, MqttConnectionFactory, MqttAsyncCallback of wso2-axis2-transports).
 * MI has the sender only when deployment.toml enables it (`[transport.mqtt] sender.enable = true`, axis2.xml.j2);
 * without it an mqtt: address is one ClientUtils.inferOutTransport finds no transport for. With it, each message is
 * published on a connection of its own: tcp://`mqtt.server.host.name`:`mqtt.server.port` of the address's query,
 * client id `mqtt.client.id`-<the message id without urn:uuid:> (with `mqtt.blocking.sender` true the id alone when
 * no client id is named), `mqtt.session.clean` and the credentials when the address names them, to
 * `mqtt.topic.name` at `mqtt.subscription.qos` (0) with `mqtt.message.retained`, the body as the message formatter
 * writes it; then disconnected. Nothing comes back.
 */
import { parseJavaInt } from '../../../core/javaNumbers';
import type { MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import { bodyOf } from '../rabbitmq/sender';
import { mqtt } from './client';

/** BaseUtils.getEPRProperties: the query's `key=value` pairs split on & (no decoding; a pair without = is skipped). */
export function eprProperties(url: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = url.indexOf('?');
  if (q === -1) return out;
  for (const token of url.slice(q + 1).split('&')) {
    if (!token) continue;
    const sep = token.indexOf('=');
    if (sep !== -1) out.set(token.slice(0, sep), token.slice(sep + 1));
  }
  return out;
}

export class MqttSender {
  private enabled = false;

  /** `[transport.mqtt] sender.enable` of deployment.toml (true, the TOML boolean, as axis2.xml.j2 tests it). */
  setEnabled(on: boolean): void {
    this.enabled = on;
  }

  async send(ctx: MessageContext, ex: Executor, url: string): Promise<void> {
    if (!this.enabled) {
      const axis = `The system cannot infer the transport information from the ${url} URL.`;
      ex.log('ERROR', 'ClientUtils', undefined, axis);
      throw new MediationError(0, `Unexpected error during sending message out. ${axis}`, axis);
    }
    const p = eprProperties(url);
    const fail = (msg: string, cause?: string): never => {
      ex.log('ERROR', 'MqttSender', undefined, cause ? `${msg} ${cause}` : msg);
      const out = `Unexpected error during sending message out. ${msg}`;
      ex.log('ERROR', 'Axis2Sender', undefined, out);
      throw new MediationError(0, out, msg);
    };
    const qosText = p.get('mqtt.subscription.qos');
    // Integer.parseInt's NumberFormatException (a number beyond an int too)
    const qos = qosText ? parseJavaInt(qosText) : 0;
    if (qos === undefined) return fail('Exception occurred while sending message');
    const retained = (p.get('mqtt.message.retained') ?? '').toLowerCase() === 'true';
    const blocking = (p.get('mqtt.blocking.sender') ?? '').toLowerCase() === 'true';
    const topic = p.get('mqtt.topic.name');
    // "urn:uuid:" removed from the message id; the async sender writes a missing client id as Java's "null"
    const postfix = ctx.messageId.substring(9);
    const clientId = p.get('mqtt.client.id');
    const id = blocking && clientId === undefined ? postfix : `${clientId ?? 'null'}-${postfix}`;
    if (qos < 0 || qos > 2)
      return blocking
        ? fail(`Invalid value for qos ${qos}`)
        : fail('Exception occurred while sending message', `Invalid value for qos ${qos}`);
    if (topic === undefined)
      return fail(
        blocking
          ? "The request doesn't contain the required topic fields"
          : 'Exception occurred while sending message',
      );
    const { bytes } = await bodyOf(ctx);
    const clean = p.get('mqtt.session.clean');
    const ssl = (p.get('mqtt.ssl.enable') ?? '').toLowerCase() === 'true';
    let client: import('mqtt').MqttClient | undefined;
    try {
      client = await mqtt().connectAsync({
        protocol: ssl ? 'mqtts' : 'mqtt',
        host: p.get('mqtt.server.host.name'),
        port: Number(p.get('mqtt.server.port')),
        clientId: id,
        clean: clean === undefined ? true : clean.toLowerCase() === 'true',
        protocolVersion: 4,
        reconnectPeriod: 0,
        connectTimeout: 10_000,
        ...(p.has('mqtt.subscription.username') ? { username: p.get('mqtt.subscription.username') } : {}),
        ...(p.has('mqtt.subscription.password') ? { password: p.get('mqtt.subscription.password') } : {}),
      });
      await client.publishAsync(topic, bytes, { qos: qos as 0 | 1 | 2, retain: retained });
    } catch (e) {
      return fail('Exception occurred at sending message', e instanceof Error ? e.message : String(e));
    } finally {
      await client?.endAsync().catch(() => undefined);
    }
  }
}
