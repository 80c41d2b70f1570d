/**
 * The headers of a back end's answer as MI holds them in the message's transport headers after the call, which is
 * what the response variable's `headers` shows:
 *
 * - pass-through TargetResponse: every header line goes into a HashMap by its exact name, so a name sent again keeps
 *   its first value (the later ones become "excess" headers, which the variable does not show); nothing is dropped:
 *   Connection, Keep-Alive, Transfer-Encoding and Content-Length are there too;
 * - ClientWorker: Location is rewritten onto the runtime's address (or removed), then the lines go into a TreeMap
 *   ordered by compareToIgnoreCase: names that differ only in case are one entry, under the first spelling, with
 *   the value put last; each name keeps the back end's spelling.
 *
 * The runtime's header store hands names over lower-cased and leaves the hop-by-hop headers out (they belong to one
 * connection), so the variable is built from the answer's header lines as received (BackendResponse.raw).
 */
import type { MessageContext } from '../../context';

function text(b: Buffer | string): string {
  return typeof b === 'string' ? b : b.toString('latin1');
}

/** The answer's headers for the response variable, or undefined when the last call left no header lines. */
export function answerHeaders(ctx: MessageContext): Record<string, string> | undefined {
  const raw = ctx.answerRawHeaders;
  if (!raw) return undefined;
  // TargetResponse: by exact name, the first value
  const exact = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = text(raw[i]);
    if (!exact.has(name)) exact.set(name, text(raw[i + 1]));
  }
  // ClientWorker's TreeMap: one entry per name in any case (the first spelling, the last value put)
  const byLower = new Map<string, [name: string, value: string]>();
  for (const [name, value] of exact) {
    const lower = name.toLowerCase();
    const e = byLower.get(lower);
    if (e) e[1] = value;
    else byLower.set(lower, [name, value]);
  }
  const location = byLower.get('location');
  if (location) {
    // as the runtime rewrote it (ClientWorker; removed when the runtime has no address to put there)
    const now = ctx.headers.get('location');
    if (now === undefined) byLower.delete('location');
    else location[1] = now;
  }
  const out: Record<string, string> = {};
  for (const [name, value] of byLower.values()) out[name] = value;
  return out;
}
