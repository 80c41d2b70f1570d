/**
 * A message's body as bytes, written by the formatter its messageType picks (else its own content type), as MI's
 * senders that need the whole message at once write it: the VFS sender, the RabbitMQ sender and the File connector
 * (each gets its bytes from the message formatter of the Axis2 message context).
 */
import { restXml, type MessageContext } from './context';
import { MediationError } from './errors';

/**
 * The formatted body and its content type. `limit` bounds a body that comes as a stream (MediationError 101510
 * beyond it); none reads it whole.
 */
export async function formattedBody(
  ctx: MessageContext,
  messageType: string | undefined,
  limit?: number,
): Promise<{ bytes: Buffer; contentType: string }> {
  const ser = ctx.payload.serialize(
    messageType,
    messageType !== undefined,
    ctx.axis2.get('setCharacterEncoding') !== 'false',
    restXml(ctx, messageType ?? ctx.payload.contentType),
  );
  if (Buffer.isBuffer(ser.body)) return { bytes: ser.body, contentType: ser.contentType };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ser.body) {
    size += (c as Buffer).length;
    if (limit !== undefined && size > limit) {
      ser.body.destroy();
      throw new MediationError(101510, `The endpoint answer exceeds ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return { bytes: Buffer.concat(chunks), contentType: ser.contentType };
}
