/**
 * validate (JSON Schema over JSON payloads, with ajv; XML Schema over XML, with libxml2: ../xsd), cache (in-memory response cache, MI's request/collector
 * forms) and throttle (count per unit time per caller, concurrency).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import {
  attrValue,
  childElements,
  firstChild,
  parseXml,
  textContent,
  walkElements,
  type XmlElement,
} from '../../../core/xml';
import { compileMediators, registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import type { Mediator } from '../model';
import { base, isResponse, parseBoolean } from './util';
import {
  cacheKey,
  caches,
  storeResponse,
  CACHE_PENDING,
  type CacheEntry,
  type PendingCache,
} from '../responseCache';
import { schemaFailure } from './validateReport';
import { valueLabel, XsdValidation, type XsdSchemaKey, type XsdValidateConfig } from '../xsd/validateXml';
import { javaHashOrder } from '../javaHashOrder';
import { parseJavaInt } from '../../../core/javaNumbers';

// ------------------------------------------------------------------ validate
// all errors and their data: the report MI gives names the first failure of its own walk (validateReport.ts)
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateSchema: false });
const schemaCache = new Map<string, ValidateFunction>();

/** MI's JsonUtil.hasAJsonPayload: the message carries a JSON stream. */
const isJsonPayload = (ctx: MessageContext) => ctx.payload.kind === 'json' && !ctx.payload.soap;

/**
 * As Synapse ValidateMediator: a JSON payload (or json-source="true") is checked against a JSON schema, anything else
 * against XML schemas (runtime-debug/engine/xsd: libxml2, loaded the first time an XSD is compiled).
 */
registerMediator('validate', (el, cc) => {
  const source = cc.expr(el, 'source');
  const schemaEls = childElements(el).filter((c) => c.local === 'schema');
  const keys: XsdSchemaKey[] = [];
  for (const s of schemaEls) {
    const raw = attrValue(s, 'key');
    if (raw === undefined) {
      cc.problem(s, 'RT_MISSING_SCHEMA', "A 'schema' definition must contain a local property 'key'");
      continue;
    }
    const expr = cc.value(s, 'key');
    if (expr) keys.push({ expr, label: valueLabel(raw) });
  }
  if (schemaEls.length === 0) cc.problem(el, 'RT_MISSING_SCHEMA', 'validate needs a <schema key="..."/>');
  const resources: XsdValidateConfig['resources'] = [];
  for (const r of childElements(el).filter((c) => c.local === 'resource')) {
    const location = cc.value(r, 'location');
    const key = cc.value(r, 'key');
    if (!location)
      cc.problem(r, 'RT_VALIDATE_RESOURCE', "The 'location' attribute is required for a resource definition");
    else if (!key)
      cc.problem(r, 'RT_VALIDATE_RESOURCE', "The 'key' attribute is required for a resource definition");
    else resources.push({ location, key });
  }
  // MI hands features to Xerces' SchemaFactory; libxml2 has none of them, so only their values are checked
  for (const f of childElements(el).filter((c) => c.local === 'feature')) {
    const v = attrValue(f, 'value');
    if (v !== 'true' && v !== 'false')
      cc.problem(f, 'RT_VALIDATE_FEATURE', 'The feature must have value true or false');
  }
  const onFailEl = firstChild(el, 'on-fail');
  if (!onFailEl || childElements(onFailEl).length === 0)
    cc.problem(
      onFailEl ?? el,
      'RT_MISSING_ONFAIL',
      'A non-empty <on-fail> child element is required for the <validate> mediator',
    );
  const onFail: Mediator[] = onFailEl ? compileMediators(onFailEl, cc) : [];
  // ValidateMediatorFactory: Boolean.parseBoolean of each when given (cache-schema defaults to true)
  const cacheSchema =
    attrValue(el, 'cache-schema') === undefined || parseBoolean(attrValue(el, 'cache-schema'));
  const jsonSource = parseBoolean(attrValue(el, 'json-source'));
  const xsd = new XsdValidation({
    keys,
    resources,
    source: source?.kind === 'xpath' ? source : undefined,
    cacheSchema,
  });

  const runOnFail = async (ctx: MessageContext, ex: Executor, message: string, detail: string) => {
    ctx.props.set('ERROR_MESSAGE', message);
    ctx.props.set('ERROR_DETAIL', detail);
    // as MI (invokeOnFailSequence): the mediation goes on after validate unless an on-fail mediator stopped it
    return ex.runList(onFail, ctx, 'validate/on-fail');
  };

  const validateJson = async (ctx: MessageContext, ex: Executor) => {
    // MI reads every key and uses the last one's schema
    let names = '';
    let text: string | undefined;
    for (const k of keys) {
      const name = k.expr.string(ctx);
      names += name;
      text = ex.reg.resource(name);
    }
    if (text === undefined) throw new MediationError(0, `Can not find JSON Schema ${names}`);
    const trimmed = text.trim();
    // an XML local entry or registry resource is an OMElement to MI, not JSON schema text
    if (trimmed.startsWith('<')) throw new MediationError(0, 'Can not find valid JSON Schema content');
    let validator = cacheSchema ? schemaCache.get(trimmed) : undefined;
    if (!validator) {
      try {
        validator = ajv.compile(JSON.parse(trimmed) as object);
      } catch (e) {
        throw new MediationError(
          0,
          'Error while validating the JSON Schema',
          `Error while validating the JSON Schema: ${(e as Error).message}`,
        );
      }
      if (cacheSchema) schemaCache.set(trimmed, validator);
    }
    if (source && source.kind === 'xpath')
      throw new MediationError(
        0,
        'Could not find JSONPath or Synapse Expression to extract the message to validate from the payload',
      );
    // as MI: the source's string value (or the payload's text) read as JSON; nothing at all validates {}
    let value: unknown;
    try {
      if (source) {
        const text = source.string(ctx);
        value = text === '' ? {} : (JSON.parse(text) as unknown);
      } else value = isJsonPayload(ctx) ? (ctx.json() ?? {}) : {}; // json-source on a payload that is not JSON: {}
    } catch (e) {
      // SynapsePathFactory keeps the path inside json-eval( ) / ${ } as the expression
      const path = source?.text.replace(/^json-eval\(([\s\S]*)\)$|^\$\{([\s\S]*)\}$/, '$1$2');
      const msg = `Error while validating the JSON Schema${path !== undefined ? ` for JSONPath ${path}` : ''}`;
      throw new MediationError(0, msg, `${msg}: ${(e as Error).message}`);
    }
    if (validator(value)) return true;
    // as MI: ERROR_MESSAGE and ERROR_DETAIL of the validator's first message; ERROR_CODE is left as it was
    const failure = schemaFailure(validator.errors);
    return runOnFail(ctx, ex, failure.message, failure.detail);
  };

  return {
    ...base(el, cc, true),
    async mediate(ctx: MessageContext, ex: Executor) {
      if (jsonSource || isJsonPayload(ctx)) return validateJson(ctx, ex);
      const failure = await xsd.check(ctx, ex);
      if (!failure) return true;
      ctx.props.set('ERROR_EXCEPTION', failure.exception);
      return runOnFail(ctx, ex, failure.message, failure.detail);
    },
  };
});

// ------------------------------------------------------------------ cache
registerMediator('cache', (el, cc) => {
  // CacheMediatorFactory: collector must be "true" or "false" (MI refuses to deploy the artifact otherwise); only a
  // request-side cache (collector="false") reads the rest of the configuration
  const collectorAttr = attrValue(el, 'collector');
  if (collectorAttr === undefined)
    cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'The collector attribute must be specified');
  else if (collectorAttr !== 'true' && collectorAttr !== 'false')
    cc.problem(el, 'RT_BAD_VALUE', 'The value for collector has to be either true or false');
  const collector = collectorAttr === 'true';
  const timeoutS = Number(attrValue(el, 'timeout') ?? '5000');
  const maxSize = Number(attrValue(el, 'maxMessageSize') ?? '-1');
  const impl = firstChild(el, 'implementation');
  // no <implementation maxSize>: no bound (CacheMediator.inMemoryCacheSize -1)
  const maxEntries = impl ? Number(attrValue(impl, 'maxSize') ?? '-1') : -1;
  const proto = firstChild(el, 'protocol');
  const methodsText =
    proto && firstChild(proto, 'methods') ? textContent(firstChild(proto, 'methods')!).trim() : '*';
  const methods =
    methodsText === '*' || methodsText === ''
      ? undefined
      : new Set(methodsText.split(/[,\s]+/).map((m) => m.toUpperCase()));
  const list = (name: string) =>
    proto && firstChild(proto, name)
      ? new Set(
          textContent(firstChild(proto, name)!)
            .split(/[,\s]+/)
            .filter(Boolean)
            .map((s) => s.toLowerCase()),
        )
      : undefined;
  const exclude = list('headersToExcludeInHash') ?? new Set<string>();
  const include = list('headersToIncludeInHash');
  const codesText =
    proto && firstChild(proto, 'responseCodes')
      ? textContent(firstChild(proto, 'responseCodes')!).trim()
      : '.*';
  // CacheMediator.setResponseCodes: Pattern.compile at deploy (an invalid pattern refuses the cache), matches() per
  // answer; Java syntax such as `2\d\d|30[0-9]++` is rewritten for JavaScript
  const codes = cc.javaRegex(el, codesText || '.*', { whole: true }) ?? /^$/;
  const flag = (name: string) => {
    const e = proto ? firstChild(proto, name) : undefined;
    return e ? textContent(e).trim() : undefined;
  };
  // CacheMediatorFactory reads enableCacheControl, then, with no <includeAgeHeader>, sets cache control back to
  // its default (false): cache control is on only when both elements are there
  const ageText = flag('includeAgeHeader');
  const controlText = flag('enableCacheControl');
  const cacheControl =
    ageText !== undefined && controlText !== undefined && controlText.toLowerCase() === 'true';
  const ageHeader = ageText !== undefined && ageText.toLowerCase() === 'true';
  const hitEl = firstChild(el, 'onCacheHit');
  const hitSeq = hitEl ? attrValue(hitEl, 'sequence') : undefined;
  const onHit: Mediator[] | undefined = hitEl && !hitSeq ? compileMediators(hitEl, cc) : undefined;
  const id = attrValue(el, 'id') ?? `${cc.file}:${cc.pos(el).line}`;
  /** replaceEnvelopeWithCachedResponse: the cached answer becomes the message (with an Age line when asked). */
  const takeCached = (ctx: MessageContext, hit: CacheEntry, age: boolean) => {
    ctx.payload.setRaw(hit.body, hit.contentType);
    ctx.headers.clear();
    for (const [k, v] of hit.headers) ctx.headers.set(k, v);
    ctx.axis2.set('HTTP_SC', hit.status);
    // the cached answer is an entity (CacheMediator.replaceEnvelopeWithCachedResponse removes NO_ENTITY_BODY)
    ctx.axis2.delete('NO_ENTITY_BODY');
    // HttpCachingFilter.setAgeHeader: whole seconds since the answer was fetched (its Date line, else when stored)
    if (age) ctx.headers.set('Age', String(Math.abs(Math.trunc((hit.fetched - Date.now()) / 1000))));
  };
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      if (collector) {
        // CacheMediator.mediate: a collector handles responses only (after a call, RESPONSE="true" marks one)
        if (!isResponse(ctx))
          throw new MediationError(0, 'Request messages cannot be handled in a collector cache');
        const pending = ctx.props.get(CACHE_PENDING) as PendingCache | undefined;
        if (!pending) return true;
        // HTTP 304 to a revalidation (If-None-Match): the cached answer is the message (processResponseMessage)
        const cached = caches.get(pending.id)?.get(pending.key);
        if (cached && stringOf(ctx.axis2.get('HTTP_SC') ?? '').trim() === '304') {
          takeCached(ctx, cached, pending.ageHeader);
          ctx.props.delete(CACHE_PENDING);
          return true;
        }
        // MI (CacheMediator.processResponseMessage): the request-side cache's settings decide (its response-code
        // pattern travels with the cached object), not the collector's defaults
        storeResponse(ctx, pending);
        return true;
      }
      if (isResponse(ctx))
        throw new MediationError(0, 'Response messages cannot be handled in a non collector cache');
      const store = caches.get(id) ?? new Map<string, CacheEntry>();
      caches.set(id, store);
      if (methods && !methods.has(ctx.method)) return true;
      const key = cacheKey(ctx, exclude, include);
      const pending: PendingCache = {
        id,
        key,
        timeoutS,
        maxSize,
        maxEntries,
        codes,
        cacheControl,
        ageHeader,
      };
      const hit = store.get(key);
      if (hit && hit.expires <= Date.now()) store.delete(key);
      else if (hit) {
        // HttpCachingFilter.isValidCacheEntry: with cache control, an answer past its max-age, or a no-cache one
        // with an ETag (asked again with If-None-Match only), goes to the back end again
        const revalidate = cacheControl ? staleOrRevalidate(hit) : undefined;
        if (revalidate !== undefined) {
          if (revalidate !== '') {
            ctx.headers.clear();
            ctx.headers.set('IF-None-Match', revalidate);
          }
          ctx.props.set(CACHE_PENDING, pending);
          return true;
        }
        // a bounded cache evicts the least recently used answer first (Guava CacheBuilder.maximumSize)
        store.delete(key);
        store.set(key, hit);
        takeCached(ctx, hit, ageHeader);
        ctx.response = true;
        ex.events.emit('cacheHit', { messageId: ctx.messageId, id });
        if (hitSeq) {
          const s = ex.reg.sequence(hitSeq);
          if (!s) throw new MediationError(0, `onCacheHit sequence '${hitSeq}' is not deployed`);
          await ex.runSequence(s, ctx);
        } else if (onHit && onHit.length) await ex.runList(onHit, ctx, 'cache/onCacheHit');
        else await ex.respond(ctx);
        return false;
      }
      ctx.props.set(CACHE_PENDING, pending);
      return true;
    },
  };
});

/**
 * HttpCachingFilter.isValidCacheEntry on a cached answer's own lines: undefined while it may be served, '' when its
 * max-age has passed, the ETag when it says no-cache and has one (the request goes with If-None-Match only).
 */
function staleOrRevalidate(hit: CacheEntry): string | undefined {
  const header = (name: string) => hit.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const control = header('cache-control');
  let noCache = false;
  let maxAge = -1;
  if (control !== undefined)
    for (const part of control.split(/\s*,\s*/)) {
      if (part.toLowerCase() === 'no-cache') noCache = true;
      if (part.includes('max-age')) maxAge = Number.parseInt(part.split('=')[1] ?? '', 10);
    }
  if (maxAge > -1 && hit.fetched + maxAge * 1000 < Date.now()) return '';
  const etag = header('etag');
  if (noCache && etag) return etag;
  return undefined;
}

// ------------------------------------------------------------------ throttle
interface Window {
  start: number;
  count: number;
  prohibitedUntil: number;
}
const throttles = new Map<string, { windows: Map<string, Window>; concurrent: number }>();

/** What a WS-Policy throttle assertion sets (the lowest MaximumCount wins, as the first matching rule in MI). */
interface ThrottlePolicy {
  maxCount: number;
  unitTime: number;
  prohibit: number;
  maxConcurrent: number;
  perIp: boolean;
  /**
   * The `throttle:ID throttle:type="IP"` callers, each with its own control (IPBaseThrottleConfiguration): by the
   * first part of the ID (an address, `a.b.c.*`, or the start of a range `a.b.c.d-a.b.c.e`), in insertion order;
   * `other` is the default for callers no ID names.
   */
  ipCallers?: Map<string, IpCaller>;
  /** ipCallers' IDs in the order Java's HashMap iterates them (made on first use) */
  ipOrder?: string[];
  ipOther?: IpCaller;
}

interface IpCaller {
  id: string;
  /** The range's second part as written (IPBaseCallerConfiguration.setID: split("-")). */
  second?: string;
  state: 'allowed' | 'denied' | 'controlled';
  maxCount: number;
  unitTime: number;
  prohibit: number;
}

/**
 * The caller configuration an IP gets, as IPBaseThrottleConfiguration.getConfigurationKeyOfCaller finds it: the ID
 * equal to the address; else, in the order Java's HashMap iterates the IDs, one starting with the address's network
 * part (a string prefix) whose last number is at most the host's and whose range end's last number is at least it
 * (a wildcard ID met in that loop is no number: Integer.parseInt fails, an IllegalArgumentException); else
 * `<network>.*`; else `other`. The key is also what is counted: every caller it takes shares one window.
 */
function ipCallerKey(policy: ThrottlePolicy, ip: string): string | undefined {
  const callers = policy.ipCallers!;
  const id = ip.trim();
  if (callers.has(id)) return id;
  const dot = id.lastIndexOf('.');
  if (dot > 0) {
    const net = id.slice(0, dot);
    const host = id.slice(dot + 1);
    if (callers.size) {
      for (const key of (policy.ipOrder ??= javaHashOrder([...callers.keys()]))) {
        if (!key.startsWith(net) || !hostCompare(key, host, true)) continue;
        const second = callers.get(key)!.second;
        if (second !== undefined && hostCompare(second, host, false)) return key;
      }
      if (callers.has(`${net}.*`)) return `${net}.*`;
    }
  }
  return policy.ipOther ? 'other' : undefined;
}

/**
 * IPBaseThrottleConfiguration.isAfter (`from`: the ID's last number is at most the host's) and isBefore (the range
 * end's is at least it); false for an address without a '.' (a range end written "10.0.0.1-20" never matches).
 */
function hostCompare(ip: string, host: string, from: boolean): boolean {
  const dot = ip.lastIndexOf('.');
  if (dot <= 0) return false;
  const own = ipInt(ip.slice(dot + 1));
  return from ? own <= ipInt(host) : own >= ipInt(host);
}

/** IPBaseThrottleConfiguration.toInt: Integer.parseInt of the trimmed text, else its IllegalArgumentException. */
function ipInt(text: string): number {
  const n = parseJavaInt(text.trim());
  if (n !== undefined) return n;
  throw new MediationError(
    0,
    text === ''
      ? 'Error was occurred during ip(ip-range) processing  Invalid string - null value'
      : `Error was occurred during ip(ip-range) processing  Invalid string '${text}' , except an integer value `,
  );
}

/**
 * ThrottlePolicyProcessor: a `throttle:ID` and the control next to it (its parent's other content): `throttle:Control`
 * (MaximumCount, UnitTime, ProhibitTimePeriod), `throttle:Allow` / `throttle:Deny`, or `throttle:IsAllow`.
 */
function readIpCaller(idEl: XmlElement, resolve: (value: string) => string): IpCaller | undefined {
  const text = textContent(idEl);
  if (text === '') return undefined;
  const parts = text.trim().split('-');
  const c: IpCaller = {
    id: parts[0]!.trim(),
    ...(parts.length === 2 ? { second: parts[1] } : {}),
    state: 'allowed',
    maxCount: Infinity,
    unitTime: 60_000,
    prohibit: 0,
  };
  const parent = idEl.parent;
  if (!parent) return c;
  walkElements(parent, (e) => {
    if (e === idEl || e.ns !== THROTTLE_NS) return;
    const t = textContent(e).trim();
    if (e.local === 'Control') c.state = 'controlled';
    else if (e.local === 'MaximumCount') {
      c.state = 'controlled';
      const n = Number(resolve(t).trim());
      // (an invalid number: Integer.parseInt fails, the caller is allowed)
      if (Number.isInteger(n)) c.maxCount = n;
      else c.state = 'allowed';
    } else if (e.local === 'UnitTime') c.unitTime = Number(resolve(t).trim());
    else if (e.local === 'ProhibitTimePeriod') c.prohibit = Number(resolve(t).trim()) || 0;
    else if (e.local === 'Allow') c.state = 'allowed';
    else if (e.local === 'Deny') c.state = 'denied';
    // (wsp:ExactlyOne: the first alternative, the control written before it, wins)
    else if (e.local === 'IsAllow' && c.state !== 'controlled')
      c.state = t === 'false' ? 'denied' : 'allowed';
  });
  return c;
}

const THROTTLE_NS = 'http://www.wso2.org/products/wso2commons/throttle';

/**
 * `resolve` replaces a `$SYSTEM:X` / `${configs.x}` placeholder in MaximumCount, UnitTime and ProhibitTimePeriod, as
 * ThrottleFactory does through ResolverFactory since Synapse 9829e4800 (MaximumConcurrentAccess is read as written).
 */
function readThrottlePolicy(
  policy: XmlElement | undefined,
  resolve: (value: string) => string = (v) => v,
): ThrottlePolicy {
  const p: ThrottlePolicy = {
    maxCount: Infinity,
    unitTime: 60_000,
    prohibit: 0,
    maxConcurrent: Infinity,
    perIp: false,
  };
  // ThrottleFactory.createMediatorThrottle: only a MediatorThrottleAssertion (or ThrottleAssertion) in the throttle
  // namespace makes a throttle; a policy with none (another namespace) throttles nothing
  let assertion: XmlElement | undefined;
  if (policy)
    walkElements(policy, (e) => {
      if (assertion) return false;
      if (
        e.ns === THROTTLE_NS &&
        (e.local === 'MediatorThrottleAssertion' || e.local === 'ThrottleAssertion')
      ) {
        assertion = e;
        return false;
      }
    });
  if (assertion)
    walkElements(assertion, (e) => {
      if (e.ns !== THROTTLE_NS) return;
      const t = textContent(e).trim();
      if (e.local === 'MaximumCount') p.maxCount = Math.min(p.maxCount, Number(resolve(t).trim()));
      else if (e.local === 'UnitTime') p.unitTime = Number(resolve(t).trim());
      else if (e.local === 'ProhibitTimePeriod') p.prohibit = Number(resolve(t).trim());
      else if (e.local === 'MaximumConcurrentAccess') p.maxConcurrent = Number(t);
      else if (e.local === 'ID' && e.attributes.some((a) => a.local === 'type' && a.value === 'IP')) {
        p.perIp = true;
        const c = readIpCaller(e, resolve);
        if (c) {
          p.ipCallers ??= new Map();
          if (c.id === 'other') p.ipOther = c;
          else p.ipCallers.set(c.id, c);
        }
      }
    });
  return p;
}

/**
 * A policy kept as a local entry or registry resource (`<policy key="..."/>`): read the first time a message comes,
 * as Synapse ThrottleMediator.doInitializeThrottleDynamicPolicy creates the throttle once from the entry.
 */
function loadThrottlePolicy(
  ctx: MessageContext,
  key: string,
  resolve: (value: string) => string,
): ThrottlePolicy {
  const entry = ctx.localEntry(key);
  if (entry === undefined || entry === null)
    throw new MediationError(0, `Cannot find throttling policy using key : ${key}`);
  const root = typeof entry === 'string' ? parseXml(entry).root : undefined;
  if (!root) throw new MediationError(0, `Policy returned from key : ${key} is not an OMElement`);
  return readThrottlePolicy(root, resolve);
}

/**
 * The caller an IP throttle counts, as ThrottleMediator.getIp finds it: the X-Forwarded-For transport header (up to
 * its first comma), else the connection's REMOTE_ADDR.
 */
function throttleClientIp(ctx: MessageContext): string {
  const xff = ctx.headers.get('X-Forwarded-For');
  if (xff) {
    const comma = xff.indexOf(',');
    return comma > 0 ? xff.slice(0, comma) : xff;
  }
  return stringOf(ctx.axis2.get('REMOTE_ADDR') ?? 'unknown');
}

registerMediator('throttle', (el, cc) => {
  const id = attrValue(el, 'id') ?? `${cc.file}:${cc.pos(el).line}`;
  const policyEl = firstChild(el, 'policy');
  const policyKey = policyEl ? attrValue(policyEl, 'key') : undefined;
  const resolve = (v: string) => cc.resolve(v, policyEl);
  let policy = policyKey ? undefined : readThrottlePolicy(policyEl, resolve);
  const acceptEl = firstChild(el, 'onAccept');
  const rejectEl = firstChild(el, 'onReject');
  const onAccept = acceptEl ? compileMediators(acceptEl, cc) : [];
  const onReject = rejectEl ? compileMediators(rejectEl, cc) : [];
  const acceptKey = attrValue(el, 'onAccept');
  const rejectKey = attrValue(el, 'onReject');
  return {
    ...base(el, cc, false),
    async mediate(ctx, ex) {
      const pol = policy ?? (policy = loadThrottlePolicy(ctx, policyKey!, resolve));
      let { maxCount, unitTime, prohibit } = pol;
      const { maxConcurrent, perIp } = pol;
      let st = throttles.get(id);
      if (!st) throttles.set(id, (st = { windows: new Map(), concurrent: 0 }));
      // ThrottleMediator.mediate: a response is never counted (access rate is for requests; the concurrency slot a
      // request took is given back when its flow ends): it takes the accept branch
      if (isResponse(ctx)) return accepted(ctx, ex, true);
      let caller = perIp ? throttleClientIp(ctx) : '*';
      if (pol.ipCallers) {
        // IP throttling by the caller configuration the address gets (none: no rate limit for it)
        const key = ipCallerKey(pol, caller);
        const conf = key === undefined ? undefined : key === 'other' ? pol.ipOther : pol.ipCallers.get(key);
        if (!conf || conf.state === 'allowed') {
          maxCount = Infinity;
          prohibit = 0;
        } else if (conf.state === 'denied') maxCount = 0;
        else ({ maxCount, unitTime, prohibit } = conf);
        caller = `key:${key ?? ''}`;
      }
      const now = Date.now();
      let w = st.windows.get(caller);
      if (!w || now - w.start >= unitTime) {
        if (!w && st.windows.size >= 10_000) st.windows.clear();
        st.windows.set(caller, (w = { start: now, count: 0, prohibitedUntil: w?.prohibitedUntil ?? 0 }));
      }
      const accept = w.prohibitedUntil <= now && w.count < maxCount && st.concurrent < maxConcurrent;
      if (accept) w.count++;
      else if (w.count >= maxCount && prohibit > 0 && w.prohibitedUntil <= now)
        w.prohibitedUntil = now + prohibit;
      if (accept && Number.isFinite(maxConcurrent)) {
        st.concurrent++;
        const state = st;
        ctx.shared.onFinish.push(() => void state.concurrent--);
      }
      return accepted(ctx, ex, accept);
    },
  };

  async function accepted(ctx: MessageContext, ex: Executor, accept: boolean): Promise<boolean> {
    const key = accept ? acceptKey : rejectKey;
    if (key) {
      const s = ex.reg.sequence(key);
      if (!s) throw new MediationError(0, `throttle sequence '${key}' is not deployed`);
      await ex.runSequence(s, ctx);
      return false;
    }
    const list = accept ? onAccept : onReject;
    if (list.length === 0) return accept;
    await ex.runList(list, ctx, accept ? 'throttle/onAccept' : 'throttle/onReject');
    return false;
  }
});

export const ADVANCED_LOADED = true;
