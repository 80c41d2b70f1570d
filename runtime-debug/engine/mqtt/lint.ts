/**
 * Load warnings (RT_MQTT) for MQTT inbound endpoints MI deploys or refuses in a way worth knowing before a message is
 * sent: MqttConnectionFactory refuses one without a host name, topic or port (or with a port it cannot read), one
 * without mqtt.subscription.qos connects and never subscribes (MqttConnectionConsumer parses the raw parameter), and
 * an SSL connection needs Java keystores the embedded runtime does not read.
 */
import type { LoadProblem } from '../errors';
import type { InboundDef } from '../model';

export const MQTT_CODE = 'RT_MQTT';

export function mqttWarnings(c: { inbounds: InboundDef[] }): LoadProblem[] {
  const out: LoadProblem[] = [];
  for (const ib of c.inbounds) {
    if (ib.protocol !== 'mqtt') continue;
    const warn = (message: string) =>
      out.push({ file: ib.file, line: ib.line, column: ib.column, code: MQTT_CODE, message });
    const missing = ['mqtt.server.host.name', 'mqtt.server.port', 'mqtt.topic.name'].filter(
      (k) => ib.params[k] === undefined && !ib.paramKeys?.[k],
    );
    if (missing.length)
      warn(
        `Inbound endpoint ${ib.name} has no ${missing.join(', ')}: MI's MqttConnectionFactory refuses it and it never subscribes`,
      );
    const port = ib.params['mqtt.server.port'];
    if (port !== undefined && !ib.paramKeys?.['mqtt.server.port'] && !/^[+-]?\d+$/.test(port))
      warn(
        `Inbound endpoint ${ib.name}: mqtt.server.port '${port}' is not a number: MI's MqttConnectionFactory refuses it`,
      );
    if (ib.params['mqtt.subscription.qos'] === undefined && !ib.paramKeys?.['mqtt.subscription.qos'])
      warn(
        `Inbound endpoint ${ib.name} has no mqtt.subscription.qos: MI connects to the broker but never subscribes (MqttConnectionConsumer reads the parameter itself, Integer.parseInt(null))`,
      );
    if ((ib.params['mqtt.ssl.enable'] ?? '').toLowerCase() === 'true')
      warn(
        `Inbound endpoint ${ib.name}: mqtt.ssl.enable is true: the embedded runtime connects over TLS without the Java keystores MI reads (a broker that asks for a client certificate refuses it)`,
      );
  }
  return out;
}
