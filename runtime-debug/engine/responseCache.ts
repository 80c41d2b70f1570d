/** The in-memory response cache shared by the cache mediator and the executor (responses cached on the way out). */
import { createHash } from 'node:crypto';
import { namedContentType, restXml, stringOf, type MessageContext } from './context';

export interface CacheEntry {
  status: number;
  headers: [string, string][];
  contentType: string;
  body: Buffer;
  expires: number;
}

export const caches = new Map<string, Map<string, CacheEntry>>();
export const CACHE_PENDING = '__synapse.cache.pending';

/** The entry a request-side cache mediator reserves (property CACHE_PENDING) for the response to fill. */
export interface PendingCache {
  id: string;
  key: string;
  timeoutS: number;
  maxSize: number;
  maxEntries: number;
  codes: RegExp;
}

export function cacheKey(
  ctx: MessageContext,
  exclude: Set<string>,
  include: Set<string> | undefined,
): string {
  const h = createHash('sha256');
  h.update(ctx.method).update('\n').update(ctx.url).update('\n');
  // MI's HttpRequestHashGenerator (and the older REQUESTHASHGenerator): the headers named in headersToIncludeInHash,
  // else every transport header but those in headersToExcludeInHash ('*': none) and the correlation header
  // (PassThroughConfiguration correlation header, activityid), names compared without case
  // (an empty headersToIncludeInHash is exclusion mode, as MI's init reads it)
  const only = include && include.size > 0 ? include : undefined;
  const none = !only && exclude.has('*');
  const hdrs = ctx.headers
    .entries()
    .filter(([k]) => {
      const l = k.toLowerCase();
      return only ? only.has(l) : !none && !exclude.has(l) && l !== 'activityid';
    })
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .sort();
  for (const [k, v] of hdrs) h.update(`${k}:${v}\n`);
  h.update(ctx.payload.text());
  return h.digest('hex');
}

/** Stores the current (response) message in the cache entry a request-side cache mediator reserved. */
export function storeResponse(
  ctx: MessageContext,
  pending: { id: string; key: string },
  timeoutS: number,
  maxSize: number,
  maxEntries: number,
  codes: RegExp,
): void {
  const status = Number(stringOf(ctx.axis2.get('HTTP_SC') ?? '200')) || 200;
  if (!codes.test(String(status))) return;
  const mt = ctx.axis2.get('messageType') as string | undefined;
  const ser = ctx.payload.serialize(mt, mt !== undefined, true, restXml(ctx, mt ?? ctx.payload.contentType));
  if (mt !== undefined) ser.contentType = namedContentType(ctx, mt, ser.contentType);
  if (!Buffer.isBuffer(ser.body)) return;
  if (maxSize > 0 && ser.body.length > maxSize) return;
  let store = caches.get(pending.id);
  if (!store) caches.set(pending.id, (store = new Map()));
  if (store.size >= maxEntries) store.delete(store.keys().next().value!);
  store.set(pending.key, {
    status,
    headers: ctx.headers.entries(),
    contentType: ser.contentType,
    body: ser.body,
    expires: Date.now() + timeoutS * 1000,
  });
  ctx.payload.setRaw(ser.body, ser.contentType);
  ctx.props.delete(CACHE_PENDING);
}
