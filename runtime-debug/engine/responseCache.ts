/** The in-memory response cache of the cache mediators (a request-side one reserves, a collector stores). */
import { createHash } from 'node:crypto';
import { namedContentType, restXml, stringOf, type MessageContext } from './context';

export interface CacheEntry {
  status: number;
  headers: [string, string][];
  contentType: string;
  body: Buffer;
  expires: number;
  /** When the answer was fetched: its Date line, else when it was stored (HttpCachingFilter.setResponseCachedTime). */
  fetched: number;
}

export const caches = new Map<string, Map<string, CacheEntry>>();
export const CACHE_PENDING = '__synapse.cache.pending';

/** The entry a request-side cache mediator reserves (property CACHE_PENDING) for the response to fill. */
export interface PendingCache {
  id: string;
  key: string;
  timeoutS: number;
  maxSize: number;
  /** No bound when negative. */
  maxEntries: number;
  codes: RegExp;
  /** <enableCacheControl>: no-store answers are not kept; max-age and no-cache/ETag are honoured on a hit. */
  cacheControl: boolean;
  /** <includeAgeHeader>: a cached answer goes out with an Age line. */
  ageHeader: boolean;
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

/**
 * A collector stores the current (response) message in the entry the request-side cache mediator reserved
 * (CacheMediator.processResponseMessage), with that mediator's settings.
 */
export function storeResponse(ctx: MessageContext, pending: PendingCache): void {
  ctx.props.delete(CACHE_PENDING);
  const header = (name: string) => ctx.headers.entries().find(([k]) => k.toLowerCase() === name)?.[1];
  // HttpCachingFilter.isNoStore: with cache control, an answer whose Cache-Control says no-store is not kept
  if (pending.cacheControl && (header('cache-control') ?? '').includes('no-store')) {
    caches.get(pending.id)?.delete(pending.key);
    return;
  }
  const status = Number(stringOf(ctx.axis2.get('HTTP_SC') ?? '200')) || 200;
  if (!pending.codes.test(String(status))) return;
  const mt = ctx.axis2.get('messageType') as string | undefined;
  const ser = ctx.payload.serialize(mt, mt !== undefined, true, restXml(ctx, mt ?? ctx.payload.contentType));
  if (mt !== undefined) ser.contentType = namedContentType(ctx, mt, ser.contentType);
  if (!Buffer.isBuffer(ser.body)) return;
  if (pending.maxSize > -1 && ser.body.length > pending.maxSize) return;
  let store = caches.get(pending.id);
  if (!store) caches.set(pending.id, (store = new Map()));
  if (pending.maxEntries > -1 && store.size >= pending.maxEntries && !store.has(pending.key))
    store.delete(store.keys().next().value!);
  const now = Date.now();
  const date = header('date');
  const parsed = date !== undefined ? Date.parse(date) : NaN;
  store.set(pending.key, {
    status,
    headers: ctx.headers.entries(),
    contentType: ser.contentType,
    body: ser.body,
    expires: now + pending.timeoutS * 1000,
    fetched: Number.isNaN(parsed) ? now : parsed,
  });
  ctx.payload.setRaw(ser.body, ser.contentType);
}
