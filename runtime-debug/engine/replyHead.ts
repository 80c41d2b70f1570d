/**
 * The header lines of an answer to the client before its Content-Type and framing: what the mediation path
 * (Runtime.writeBuilt) and the relay path (relay.ts) both write, so that the two cannot drift apart.
 */
import { SERVER_NAME } from './answers';
import type { Headers } from './context';
import { MI_UNWANTED_HEADERS } from './endpoints';

/**
 * Headers of the message never written into the answer to the client: those MI's pass-through sender removes
 * (PassThroughHttpSender.invoke -> PassThroughTransportUtils.removeUnwantedHeaders with the default
 * passthru-http.properties: Transfer-Encoding, Connection, Keep-Alive, Content-Length, Date and User-Agent; Server is
 * preserved, http.server.preserve being true), Content-Type (written from the body's formatter) and Trailer
 * (Node refuses it on an answer that is not chunked). Every other header goes back as MI's SourceResponseFactory
 * writes it: respond on a request answers the client's own Host, Accept, Authorization, Cookie, Origin...
 */
export const DROP_ON_REPLY: ReadonlySet<string> = new Set([
  ...MI_UNWANTED_HEADERS,
  'content-type',
  'trailer',
]);

/** DROP_ON_REPLY and the CORS headers, for an answer whose CORS headers (Origin among them) are written after its own. */
export const DROP_ON_CORS_REPLY: ReadonlySet<string> = new Set([
  ...DROP_ON_REPLY,
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-allow-headers',
  'origin',
]);

/** DROP_ON_CORS_REPLY less Origin, for CORS headers written without one (the message's own Origin then stays). */
const DROP_ON_CORS_REPLY_KEEP_ORIGIN: ReadonlySet<string> = new Set(
  [...DROP_ON_CORS_REPLY].filter((h) => h !== 'origin'),
);

/**
 * Appends the answer's own header lines (sorted by name as SourceResponse.addHeader keeps them), then the CORS lines
 * (RespondMediator / Resource.process on a response: CORSHelper.handleCORSHeadersForResponse) and Server unless the
 * message has one.
 */
export function replyHeadLines(headers: Headers, cors: string[] | undefined, out: string[]): void {
  headers.copyTo(
    out,
    cors === undefined
      ? DROP_ON_REPLY
      : cors.length > 6
        ? DROP_ON_CORS_REPLY
        : DROP_ON_CORS_REPLY_KEEP_ORIGIN,
    undefined,
    undefined,
    true,
  );
  if (cors !== undefined) for (let i = 0; i < cors.length; i++) out.push(cors[i]);
  if (!headers.hasLower('server')) out.push('Server', SERVER_NAME);
}
