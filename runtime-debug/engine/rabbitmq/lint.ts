/**
 * Load warnings (RT_RABBITMQ) for RabbitMQ configurations MI deploys but the embedded runtime cannot run as MI
 * would: an SSL connection (MI reads Java keystores), a proxy service that lists the rabbitmq transport but names no
 * connection factory (MI consumes for it only through a factory of deployment.toml), a RabbitMQ inbound
 * endpoint without a queue name (MI's consumer fails to start).
 */
import type { LoadProblem } from '../errors';
import type { InboundDef, MessageStoreDef, ProxyDef, SourcePos } from '../model';
import { isRabbitMQStore, toBool } from './params';

export const RABBITMQ_CODE = 'RT_RABBITMQ';

function warn(at: SourcePos, message: string): LoadProblem {
  return { file: at.file, line: at.line, column: at.column, code: RABBITMQ_CODE, message };
}

const SSL_NOTE =
  'rabbitmq.connection.ssl.enabled is true: the embedded runtime does not make SSL connections to RabbitMQ (MI reads Java keystores); it will fail to connect';

export function rabbitmqWarnings(c: {
  proxies: ProxyDef[];
  inbounds: InboundDef[];
  messageStores: MessageStoreDef[];
}): LoadProblem[] {
  const out: LoadProblem[] = [];
  for (const p of c.proxies)
    if (p.transports.includes('rabbitmq') && !p.params['rabbitmq.connection.factory'])
      out.push(
        warn(
          p,
          `Proxy service ${p.name} lists the rabbitmq transport but names no rabbitmq.connection.factory: MI does not consume for it (RabbitMQEndpoint.loadConfiguration; the factories are deployment.toml's [[transport.rabbitmq.listener]])`,
        ),
      );
  for (const ib of c.inbounds) {
    if (ib.protocol !== 'rabbitmq') continue;
    if (toBool(ib.params['rabbitmq.connection.ssl.enabled']) === true)
      out.push(warn(ib, `Inbound endpoint ${ib.name}: ${SSL_NOTE}`));
    if (!ib.params['rabbitmq.queue.name'])
      out.push(
        warn(
          ib,
          `Inbound endpoint ${ib.name} has no rabbitmq.queue.name: its consumer cannot start (MI logs the failure)`,
        ),
      );
  }
  for (const s of c.messageStores)
    if (isRabbitMQStore(s.className) && toBool(s.params['rabbitmq.connection.ssl.enabled']) === true)
      out.push(warn(s, `Message store ${s.name}: ${SSL_NOTE}`));
  return out;
}
