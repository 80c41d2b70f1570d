/** What a received AMQP message makes of a message context (axis2 RabbitMQUtils.getTransportHeaders, buildMessage). */
import type { MessageProperties } from 'amqplib';

/** The header MI's transaction counter adds (never a transport header). */
const TRANSACTION_COUNTED = 'INTERNAL_TRANSACTION_COUNTED';

/**
 * RabbitMQUtils.getTransportHeaders: the correlation id, message id and reply-to under MI's names, then every AMQP
 * header by its string value.
 */
export function answerHeaders(p: MessageProperties): [string, string][] {
  const out: [string, string][] = [];
  if (p.correlationId != null) out.push(['rabbitmq.message.correlation.id', String(p.correlationId)]);
  if (p.messageId != null) out.push(['rabbitmq.message.id', String(p.messageId)]);
  if (p.replyTo != null) out.push(['RABBITMQ_REPLY_TO', String(p.replyTo)]);
  const h = p.headers as Record<string, unknown> | undefined;
  if (h)
    for (const k of Object.keys(h)) {
      const v = h[k];
      if (v === undefined || v === null || k === TRANSACTION_COUNTED) continue;
      out.push([k, headerString(v)]);
    }
  return out;
}

/** A header value as Java's toString would write the common types. */
function headerString(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * RabbitMQUtils.setContentType: the service's content type when it names one, else the message's, else text/plain
 * (with a warning).
 */
export function contentTypeOf(p: MessageProperties, service: string | undefined, warn: () => void): string {
  if (service) return service;
  if (p.contentType) return String(p.contentType);
  warn();
  return 'text/plain';
}
