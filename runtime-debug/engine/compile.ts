/**
 * Compiles Synapse configuration files, once, into the runtime model: mediator objects with pre-compiled
 * expressions. A problem is reported with file, line, column and a code, and compilation goes on (the rest of the
 * file and of the project still load; a broken mediator faults when executed).
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve as resolvePath } from 'node:path';
import {
  LineIndex,
  parseXml,
  attrValue,
  childElements,
  firstChild,
  textContent,
  type XmlElement,
} from '../../core/xml';
import type { LoadProblem } from './errors';
import { javaUrlRefusal } from '../../core/javaUrl';
import { compileExpr, compileValue, ExpressionError, type Expr, type Namespaces } from './expressions';
import type {
  ApiDef,
  EndpointDef,
  EndpointRef,
  EndpointRefusal,
  InboundDef,
  LocalEntryDef,
  Mediator,
  ProxyDef,
  ResourceDef,
  SequenceDef,
  SequenceRef,
  SequenceTemplateDef,
  SourcePos,
  TaskDef,
  MessageStoreDef,
  MessageProcessorDef,
  LeafEndpointDef,
  MarkDef,
  SuspendDef,
} from './model';
import { compileUrlMapping, compileUriTemplate } from './uriTemplate';
import { uriTemplateProblem } from '../../core/uriTemplate';
import { MediationError } from './errors';
import { serializeSource } from './xmlSource';
import { javaRegExp } from './javaRegex';
import { isRegistryResourcePath } from '../../core/project/registry';
import { parseBoolean } from './mediators/util';
import { CORS_HANDLER_CLASS, originPatterns } from './cors';
import { rabbitmqWarnings } from './rabbitmq/lint';
import { mqttWarnings } from './mqtt/lint';
import { ENDPOINT_DEFINITION_ORDER } from '../../core/catalog/endpoints';
import { SYNAPSE_STORES } from '../../core/catalog/parameters';
import { endpointAuthOf } from './endpointAuth';
import { OperationParams } from './connectors/params';
import { parseJavaInt } from '../../core/javaNumbers';
import { escapeXmlAttr } from '../../core/xml/escape';

export const SYNAPSE_NS = 'http://ws.apache.org/ns/synapse';

export type MediatorFactory = (el: XmlElement, cc: CompileCtx) => Mediator;

const factories = new Map<string, MediatorFactory>();

/** Registers the implementation of a mediator element (called by the mediators/* modules). */
export function registerMediator(name: string, f: MediatorFactory): void {
  factories.set(name, f);
}

/**
 * Load-time checks of connector connections (a local entry whose content is `<X.init>`), by connector name; a check
 * answers why the connection's endpoint is not deployed, if MI's deployer deploys one and it fails.
 */
type ConnectionCheck = (init: XmlElement, cc: CompileCtx, key: string) => EndpointRefusal | void;
const connectionChecks = new Map<string, ConnectionCheck>();

/** Registers the load-time check of a connector's connections (called by the connectors/* modules). */
export function registerConnectionCheck(connector: string, f: ConnectionCheck): void {
  connectionChecks.set(connector, f);
}

export function implementedMediators(): string[] {
  return [...factories.keys()];
}

export interface CompileOptions {
  /** Resolves `$SYSTEM:NAME` and `${configs.x}` placeholders. */
  env: (name: string) => string | undefined;
  config: (name: string) => string | undefined;
  /** Resolves `$FILE:key` placeholders (MI's conf/file.properties, FilePropertyResolver). */
  fileProperty?: (name: string) => string | undefined;
  /** Names of mediators known to the editor (catalog); unknown names are load problems. */
  knownMediator: (name: string) => boolean;
  /** The versioned CAR (MI 4.5) the file deploys from: its `groupId__artifactId__version` (SYNAPSE_ARTIFACT_IDENTIFIER). */
  artifactIdentifier?: string;
  /** A data source the project deploys, by name or JNDI name (dblookup/dbreport `<dsName>`). */
  dataSource?: (
    name: string,
  ) => { url: string; user: string | undefined; password: string | undefined } | undefined;
}

export class CompileCtx {
  readonly lines: LineIndex;
  readonly problems: LoadProblem[] = [];
  /** Features the embedded runtime does not execute: they load, and fault with this message when run. */
  readonly warnings: LoadProblem[] = [];
  constructor(
    readonly file: string,
    readonly text: string,
    readonly opts: CompileOptions,
  ) {
    this.lines = new LineIndex(text);
  }
  pos(el: XmlElement): SourcePos {
    const p = this.lines.positionAt(el.nameSpan.start);
    return { file: this.file, line: p.line + 1, column: p.character + 1 };
  }
  problem(el: XmlElement | undefined, code: string, message: string, offset?: number): void {
    const p = this.lines.positionAt(offset ?? el?.nameSpan.start ?? 0);
    this.problems.push({ file: this.file, line: p.line + 1, column: p.character + 1, code, message });
  }
  /**
   * A configured Java pattern (filter/switch regex, rewrite, cache responseCodes...) as a RegExp (javaRegExp); one
   * that does not compile is an RT_BAD_REGEX load problem, as Pattern.compile refuses it at deploy, and undefined.
   */
  javaRegex(el: XmlElement, src: string, options?: { whole?: boolean; flags?: string }): RegExp | undefined {
    try {
      return javaRegExp(src, options);
    } catch (e) {
      this.problem(el, 'RT_BAD_REGEX', `Invalid regular expression '${src}': ${(e as Error).message}`);
      return undefined;
    }
  }
  /** Reports a feature the runtime does not execute (a warning; the mediator or endpoint faults when used). */
  unsupported(el: XmlElement | undefined, message: string, code = 'RT_UNSUPPORTED'): void {
    const p = this.lines.positionAt(el?.nameSpan.start ?? 0);
    this.warnings.push({ file: this.file, line: p.line + 1, column: p.character + 1, code, message });
  }
  ns(el: XmlElement): Namespaces {
    const out: Namespaces = {};
    const chain: XmlElement[] = [];
    for (let e: XmlElement | undefined = el; e; e = e.parent) chain.push(e);
    for (let i = chain.length - 1; i >= 0; i--)
      for (const a of chain[i].attributes) if (a.prefix === 'xmlns') out[a.local] = a.value;
    return out;
  }
  /** Compiles an expression attribute; reports a problem and returns undefined when it does not compile. */
  expr(el: XmlElement, attr: string): Expr | undefined {
    const a = el.attributes.find((x) => x.name === attr);
    if (!a) return undefined;
    return this.exprText(el, a.value, a.valueSpan.start);
  }
  exprText(el: XmlElement, text: string, offset?: number): Expr | undefined {
    try {
      return compileExpr(text, this.ns(el));
    } catch (e) {
      this.problem(
        el,
        e instanceof ExpressionError ? e.code : 'EXPR_SYNTAX',
        `Invalid expression '${text}': ${(e as Error).message}`,
        offset,
      );
      return undefined;
    }
  }
  value(el: XmlElement, attr: string): Expr | undefined {
    const a = el.attributes.find((x) => x.name === attr);
    if (!a) return undefined;
    try {
      return compileValue(a.value, this.ns(el));
    } catch (e) {
      this.problem(
        el,
        'EXPR_SYNTAX',
        `Invalid expression '${a.value}': ${(e as Error).message}`,
        a.valueSpan.start,
      );
      return undefined;
    }
  }
  /** Resolves `$SYSTEM:X`, `$FILE:x`, `${configs.x}` placeholders in a parameter-like value. */
  resolve(value: string, el?: XmlElement): string {
    const m = /^\$SYSTEM:(.+)$/.exec(value.trim());
    if (m) {
      const v = this.opts.env(m[1]);
      if (v === undefined)
        this.problem(el, 'RT_UNDEFINED_SYSTEM_VAR', `Environment variable '${m[1]}' is not defined`);
      return v ?? '';
    }
    // ResolverFactory: `$FILE:key` is the key's value in MI's conf/file.properties (FilePropertyResolver refuses a
    // key the file does not have)
    const f = /^\$FILE:(.+)$/.exec(value.trim());
    if (f && this.opts.fileProperty) {
      const v = this.opts.fileProperty(f[1]);
      if (v === undefined)
        this.problem(el, 'RT_UNDEFINED_FILE_PROPERTY', `File parameter key: ${f[1]} could not be found`);
      return v ?? '';
    }
    return value.replace(/\$\{configs?\.([\w.\-]+)\}/g, (all, n: string) => {
      const v = this.opts.config(n);
      if (v === undefined) {
        this.problem(el, 'RT_UNDEFINED_CONFIG', `Config parameter '${n}' is not defined`);
        return all;
      }
      return v;
    });
  }
}

/** The scopes MediatorPropertyFactory accepts for an endpoint's (or log's) properties. */
const ENDPOINT_PROPERTY_SCOPES = new Set(['default', 'transport', 'axis2', 'axis2-client']);

function synapseChildren(el: XmlElement): XmlElement[] {
  return childElements(el).filter((c) => c.ns === SYNAPSE_NS || c.ns === '');
}

/** A mediator that faults when run (editor-only or broken configuration). */
export function faultingMediator(el: XmlElement, cc: CompileCtx, message: string): Mediator {
  const pos = cc.pos(el);
  const where = `${pos.file}:${pos.line}`;
  return {
    name: el.local,
    ...pos,
    contentAware: false,
    async mediate() {
      throw new MediationError(0, `${message} (${where})`, undefined, where);
    },
  };
}

export function compileMediator(el: XmlElement, cc: CompileCtx): Mediator {
  const f = factories.get(el.local);
  if (!f) {
    if (el.local.includes('.')) {
      const msg = `The connector operation <${el.local}> is not supported by the embedded runtime`;
      // MI compiles the parameters' expressions when it builds the operation (MediatorFactoryFinder
      // .createInvokeParam, ValueFactory): one that does not compile fails the deployment, run or not
      OperationParams.compile(el, cc);
      cc.unsupported(el, msg, 'RT_CONNECTOR');
      return faultingMediator(el, cc, msg);
    }
    if (!cc.opts.knownMediator(el.local)) {
      cc.problem(el, 'RT_UNKNOWN_MEDIATOR', `Unknown mediator <${el.local}>`);
      return faultingMediator(el, cc, `Unknown mediator <${el.local}>`);
    }
    const msg = `The ${el.local} mediator is not supported by the embedded runtime (editor-only)`;
    cc.unsupported(el, msg, 'RT_EDITOR_ONLY');
    return faultingMediator(el, cc, msg);
  }
  const before = cc.problems.length;
  const warningsBefore = cc.warnings.length;
  try {
    const m = f(el, cc);
    if (cc.problems.length > before) {
      return faultingMediator(
        el,
        cc,
        `The ${el.local} mediator has configuration errors: ${cc.problems[before].message}`,
      );
    }
    const unsupported = cc.warnings.slice(warningsBefore).find((w) => w.code === 'RT_UNSUPPORTED');
    if (unsupported) return faultingMediator(el, cc, unsupported.message);
    return m;
  } catch (e) {
    cc.problem(el, 'RT_BAD_MEDIATOR', `${el.local}: ${(e as Error).message}`);
    return faultingMediator(
      el,
      cc,
      `The ${el.local} mediator has configuration errors: ${(e as Error).message}`,
    );
  }
}

export function compileMediators(parent: XmlElement, cc: CompileCtx, skip: string[] = []): Mediator[] {
  const out: Mediator[] = [];
  // MediatorFactoryFinder.getMediator finds a mediator by its qualified name: one in another namespace (or in none,
  // inside a Synapse one) is "Unknown mediator referenced by configuration element" and the artifact is refused
  if (parent.ns === SYNAPSE_NS)
    for (const c of childElements(parent))
      if (c.ns !== SYNAPSE_NS)
        cc.problem(
          c,
          'RT_UNKNOWN_MEDIATOR',
          `Unknown mediator referenced by configuration element : ${c.ns ? `{${c.ns}}` : ''}${c.local}`,
        );
  for (const c of synapseChildren(parent)) {
    if (c.local === 'description' || skip.includes(c.local)) continue;
    out.push(compileMediator(c, cc));
  }
  return out;
}

export function compileSequence(
  el: XmlElement,
  cc: CompileCtx,
  name: string,
  skip: string[] = [],
): SequenceDef {
  const mediators = compileMediators(el, cc, skip);
  return {
    name,
    mediators,
    onError: attrValue(el, 'onError') || undefined,
    contentAware: mediators.some((m) => m.contentAware),
    ...cc.pos(el),
  };
}

function seqRef(
  parent: XmlElement,
  attrName: string,
  childName: string,
  cc: CompileCtx,
  label: string,
): SequenceRef | undefined {
  const key = attrValue(parent, attrName);
  if (key) return { key };
  const c = firstChild(parent, childName);
  if (c) return { inline: compileSequence(c, cc, label) };
  return undefined;
}

// ------------------------------------------------------------------------------------------------ endpoints

function num(text: string | undefined, def: number): number {
  if (text === undefined || text.trim() === '') return def;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : def;
}

function codes(el: XmlElement | undefined): number[] | undefined {
  if (!el) return undefined;
  const t = textContent(el).trim();
  if (!t) return undefined;
  return t
    .split(/[,\s]+/)
    .map((x) => Number(x))
    .filter((x) => Number.isFinite(x));
}

export function compileEndpoint(el: XmlElement, cc: CompileCtx): EndpointDef {
  const pos = cc.pos(el);
  const name = attrValue(el, 'name') || undefined;
  const onError = attrValue(el, 'onError') || undefined;
  // EndpointFactory reads them with MediatorPropertyFactory.getMediatorProperties, which refuses a scope other than
  // default, transport, axis2 and axis2-client
  for (const p of synapseChildren(el))
    if (p.local === 'property') {
      const scope = attrValue(p, 'scope');
      if (scope !== undefined && !ENDPOINT_PROPERTY_SCOPES.has(scope))
        cc.problem(
          p,
          'RT_BAD_SCOPE',
          `Unknown endpoint property scope '${scope}' (default, transport, axis2, axis2-client)`,
        );
    }
  const properties = synapseChildren(el)
    .filter((c) => c.local === 'property')
    .map((p) => ({
      name: attrValue(p, 'name') ?? '',
      scope: attrValue(p, 'scope') ?? 'default',
      value: attrValue(p, 'value'),
      expr: cc.expr(p, 'expression'),
    }));
  // EndpointFactory.getEndpointFactory: `key` (IndirectEndpointFactory), then `key-expression`
  // (ResolvingEndpointFactory), then `template`, before any address/http/... child is looked at
  if (attrValue(el, 'key') !== undefined || attrValue(el, 'key-expression')) {
    const ref = endpointRef(el, cc);
    if (ref && !('inline' in ref)) return { type: 'indirect', ref, name, onError, properties, ...pos };
  }
  const template = attrValue(el, 'template');
  if (template) {
    const params: Record<string, string> = {};
    for (const p of synapseChildren(el).filter((c) => c.local === 'parameter'))
      params[attrValue(p, 'name') ?? ''] = cc.resolve(attrValue(p, 'value') ?? '', p);
    const uri = attrValue(el, 'uri');
    if (uri !== undefined) params.uri = cc.resolve(uri, el);
    return { type: 'template', template, params, name, onError, properties, ...pos };
  }
  // EndpointFactory.getEndpointFactory looks for these children in this order; with none of them the endpoint is
  // refused ("Invalid endpoint configuration."), whatever else it holds
  const kids = synapseChildren(el);
  let body: XmlElement | undefined;
  for (const kind of ENDPOINT_DEFINITION_ORDER) if ((body = kids.find((c) => c.local === kind))) break;
  if (!body) {
    cc.problem(
      el,
      'RT_EMPTY_ENDPOINT',
      'Endpoint has no address/http/default/failover/loadbalance/recipientlist definition (Invalid endpoint configuration.)',
    );
    return { type: 'default', name, onError, properties, suspend: defSuspend(), mark: defMark(), ...pos };
  }
  switch (body.local) {
    case 'address':
    case 'http':
    case 'default':
      return leaf(body, cc, name, onError, properties);
    case 'wsdl':
      return wsdlLeaf(body, cc, name, onError, properties);
    case 'failover':
    case 'loadbalance':
    case 'recipientlist': {
      const children: EndpointRef[] = [];
      for (const c of synapseChildren(body)) if (c.local === 'endpoint') children.push(endpointRef(c, cc)!);
      const dyn = body.local === 'recipientlist' ? firstChild(body, 'endpoints') : undefined;
      if (dyn) {
        const list = cc.value(dyn, 'value');
        return {
          type: 'recipientlist',
          children,
          dynamic: true,
          dynamicList: list,
          name,
          onError,
          properties,
          ...pos,
        };
      }
      if (body.local === 'loadbalance' || body.local === 'recipientlist')
        for (const m of synapseChildren(body).filter((c) => c.local === 'member')) {
          const host = attrValue(m, 'hostName') ?? 'localhost';
          const port = attrValue(m, 'httpPort') ?? '80';
          children.push({
            inline: {
              type: 'address',
              uri: `http://${host}:${port}`,
              properties: [],
              suspend: defSuspend(),
              mark: defMark(),
              ...cc.pos(m),
            },
          });
        }
      if (children.length === 0)
        cc.problem(body, 'RT_EMPTY_GROUP', `<${body.local}> needs at least one child endpoint`);
      const weights =
        body.local === 'loadbalance' && attrValue(body, 'algorithm')?.trim() === WEIGHTED_ROUND_ROBIN
          ? children.map((c) => childWeight(c, body, cc))
          : undefined;
      const rrlc =
        body.local === 'loadbalance' && attrValue(body, 'algorithm')?.trim() === WEIGHTED_RRLC
          ? weightedRrlc(children, properties, body, cc)
          : undefined;
      // SALoadbalanceEndpoint: <session type> (and its <sessionTimeout> in ms) next to the loadbalance
      const sessionEl = body.local === 'loadbalance' ? firstChild(el, 'session') : undefined;
      const sessionTimeout = sessionEl ? firstChild(sessionEl, 'sessionTimeout') : undefined;
      return {
        ...(sessionEl && sessionType(attrValue(sessionEl, 'type'))
          ? {
              session: {
                type: sessionType(attrValue(sessionEl, 'type'))!,
                timeoutMs: sessionTimeout
                  ? Number(textContent(sessionTimeout).trim()) || undefined
                  : undefined,
              },
            }
          : {}),
        type: body.local,
        children,
        ...(weights ? { weights } : {}),
        ...(rrlc ? { rrlc } : {}),
        // FailoverEndpointFactory: JavaUtils.isFalseExplicitly (false, no, 0 in any case)
        dynamic: !/^(?:false|no|0)$/i.test(attrValue(body, 'dynamic') ?? ''),
        // loadbalance failover="false": a failing child is not retried on the next one (MI)
        // LoadbalanceEndpointFactory: failover.equalsIgnoreCase("false")
        ...(body.local === 'loadbalance' && attrValue(body, 'failover')?.toLowerCase() === 'false'
          ? { noFailover: true }
          : {}),
        name,
        onError,
        properties,
        ...pos,
      };
    }
    default: {
      const msg = `The ${body.local} endpoint is not supported by the embedded runtime`;
      cc.unsupported(body, msg, 'RT_UNSUPPORTED_ENDPOINT');
      return {
        type: 'default',
        unsupported: msg,
        name,
        onError,
        properties,
        suspend: defSuspend(),
        mark: defMark(),
        ...pos,
      };
    }
  }
}

/**
 * A <session> type as SALoadbalanceEndpointFactory reads it: http, soap or simpleClientSession in any case
 * (equalsIgnoreCase); another type sets no dispatcher, so no session is bound.
 */
function sessionType(v: string | undefined): string | undefined {
  const t = v?.toLowerCase();
  return t === 'http' || t === 'soap' ? t : t === 'simpleclientsession' ? 'simpleClientSession' : undefined;
}

const ENDPOINT_FORMATS = new Set(['soap11', 'soap12', 'pox', 'get', 'rest']);
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS']);

/** An endpoint's format as DefaultEndpointFactory reads it: trimmed, any case; another value forces nothing. */
function endpointFormat(v: string | undefined): string | undefined {
  const f = v?.trim().toLowerCase();
  return f !== undefined && ENDPOINT_FORMATS.has(f) ? f : undefined;
}

function httpMethod(v: string | undefined): string | undefined {
  const m = v?.toUpperCase();
  return m !== undefined && HTTP_METHODS.has(m) ? m : undefined;
}

function defSuspend(): SuspendDef {
  return { initialDuration: -1, progressionFactor: 1, maximumDuration: Number.MAX_SAFE_INTEGER };
}
function defMark(): MarkDef {
  return { retriesBeforeSuspension: 0, retryDelay: 0 };
}

/** An endpoint's optimize attribute as EndpointDefinitionFactory reads it (setUseMTOM / setUseSwa). */
function optimizeOf(value: string | undefined): { mtom?: true; swa?: true } {
  const v = value?.trim().toLowerCase();
  return v === 'mtom' ? { mtom: true } : v === 'swa' ? { swa: true } : {};
}

function leaf(
  body: XmlElement,
  cc: CompileCtx,
  name: string | undefined,
  onError: string | undefined,
  properties: LeafEndpointDef['properties'],
  needsUri = true,
): LeafEndpointDef {
  const type = body.local as 'address' | 'http' | 'default';
  const uriAttr = type === 'http' ? attrValue(body, 'uri-template') : attrValue(body, 'uri');
  // AddressEndpointFactory refuses an address without the uri attribute (an empty one deploys); HTTPEndpointFactory
  // deploys an http endpoint without uri-template (sending through it fails)
  if (needsUri && type === 'address' && uriAttr === undefined)
    cc.problem(body, 'RT_MISSING_URI', `<${type}> needs uri`);
  const t = firstChild(body, 'timeout');
  let timeout: LeafEndpointDef['timeout'];
  if (t) {
    const d = firstChild(t, 'duration');
    const dt = d ? textContent(d).trim() : '';
    const ra = firstChild(t, 'responseAction');
    const action = ra ? textContent(ra).trim().toLowerCase() : '';
    // EndpointDefinitionFactory: discard or fault in any case; any other text refuses the endpoint (a template's
    // $parameter is replaced before that)
    if (ra && action !== 'discard' && action !== 'fault' && !action.includes('$'))
      cc.problem(
        ra,
        'RT_BAD_TIMEOUT_ACTION',
        `Invalid timeout action, action : ${textContent(ra)} is not supported`,
      );
    timeout = {
      durationMs: dt && !dt.startsWith('{') ? num(dt, 120_000) : undefined,
      durationExpr: dt.startsWith('{') ? cc.exprText(d!, dt.slice(1, -1)) : undefined,
      responseAction: action === 'discard' ? 'discard' : action === 'fault' ? 'fault' : 'never',
    };
  }
  const s = firstChild(body, 'suspendOnFailure');
  const suspend: SuspendDef = s
    ? {
        errorCodes: codes(firstChild(s, 'errorCodes')),
        initialDuration: num(textOf(s, 'initialDuration'), -1),
        progressionFactor: num(textOf(s, 'progressionFactor'), 1),
        maximumDuration: num(textOf(s, 'maximumDuration'), Number.MAX_SAFE_INTEGER),
      }
    : defSuspend();
  const oldSuspend = firstChild(body, 'suspendDurationOnFailure');
  if (oldSuspend) suspend.initialDuration = num(textContent(oldSuspend), 30) * 1000;
  const mk = firstChild(body, 'markForSuspension');
  const mark: MarkDef = mk
    ? {
        errorCodes: codes(firstChild(mk, 'errorCodes')),
        retriesBeforeSuspension: num(textOf(mk, 'retriesBeforeSuspension'), 0),
        retryDelay: num(textOf(mk, 'retryDelay'), 0),
      }
    : defMark();
  // HTTPEndpointFactory.createAuthHandler: an <authentication> AuthUtils cannot read refuses the endpoint
  const auth = type === 'http' ? endpointAuthOf(body, (t, e) => cc.resolve(t, e)) : undefined;
  if (typeof auth === 'string')
    cc.problem(
      firstChild(body, 'authentication'),
      'RT_BAD_ENDPOINT_AUTH',
      `Invalid authentication configuration for endpoint ${name ?? ''}: ${auth}`,
    );
  const ea = firstChild(body, 'enableAddressing');
  // EndpointDefinitionFactory: <retryConfig> with disabledErrorCodes and enabledErrorCodes (AbstractEndpoint.isRetry)
  const rc = firstChild(body, 'retryConfig');
  const retryDisabled = rc ? codes(firstChild(rc, 'disabledErrorCodes')) : undefined;
  const retryEnabled = rc ? codes(firstChild(rc, 'enabledErrorCodes')) : undefined;
  return {
    // EndpointDefinitionFactory reads the version trimmed, in any case
    ...(ea
      ? {
          addressing:
            attrValue(ea, 'version')?.trim().toLowerCase() === 'submission' ? 'submission' : 'final',
        }
      : {}),
    // EndpointDefinitionFactory: "mtom" or "swa", trimmed, in any case
    ...optimizeOf(attrValue(body, 'optimize')),
    type,
    uri: uriAttr === undefined ? undefined : cc.resolve(uriAttr.trim(), body),
    // HTTPEndpointFactory.setHttpMethod: a known method in any case; another value is passed over
    method: httpMethod(attrValue(body, 'method')),
    format: endpointFormat(attrValue(body, 'format')),
    timeout,
    suspend,
    mark,
    ...(retryDisabled || retryEnabled ? { retry: { disabled: retryDisabled, enabled: retryEnabled } } : {}),
    ...(auth && typeof auth !== 'string' ? { auth } : {}),
    name,
    onError,
    properties,
    ...cc.pos(body),
  };
}

/**
 * `<wsdl uri service port>` (or with the WSDL inline): an address endpoint whose address and SOAP version are read
 * from the WSDL when it is first used (Synapse WSDLEndpointFactory reads them at deploy; here endpoints.ts callLeaf ->
 * wsdl.ts resolveWsdlEndpoint). Timeouts and suspension as for an address endpoint.
 */
function wsdlLeaf(
  body: XmlElement,
  cc: CompileCtx,
  name: string | undefined,
  onError: string | undefined,
  properties: LeafEndpointDef['properties'],
): LeafEndpointDef {
  const service = attrValue(body, 'service') ?? '';
  const port = attrValue(body, 'port') ?? '';
  const uri = attrValue(body, 'uri');
  const inlineEl = childElements(body).find((c) => c.local === 'definitions' || c.local === 'description');
  if (!service || !port) cc.problem(body, 'RT_MISSING_ATTRIBUTE', '<wsdl> needs service and port');
  if (!uri && !inlineEl) cc.problem(body, 'RT_MISSING_URI', '<wsdl> needs uri or an inline WSDL');
  // WSDLEndpointFactory reads the WSDL when the endpoint deploys, from new URL(uri) (after $SYSTEM/$FILE resolution):
  // a registry key (gov:/...) or a path without a protocol is a MalformedURLException, "Could not read the WSDL
  // endpoint"
  const badUrl = uri === undefined || /^\s*[$]/.test(uri) ? undefined : javaUrlRefusal(uri.trim());
  if (badUrl)
    cc.problem(body, 'RT_INVALID_URL', `Could not read the WSDL endpoint ${uri!.trim()} (${badUrl})`);
  const def = leaf(body, cc, name, onError, properties, false);
  return {
    ...def,
    type: 'address',
    uri: undefined,
    wsdl: {
      uri: uri === undefined ? undefined : cc.resolve(uri.trim(), body),
      inline: inlineEl ? serializeSource(cc.text, inlineEl) : undefined,
      service,
      port,
    },
  };
}

function textOf(el: XmlElement, child: string): string | undefined {
  const c = firstChild(el, child);
  return c ? textContent(c).trim() : undefined;
}

const WEIGHTED_ROUND_ROBIN = 'org.apache.synapse.endpoints.algorithms.WeightedRoundRobin';
const WEIGHTED_RRLC = 'org.apache.synapse.endpoints.algorithms.WeightedRRLCAlgorithm';

/**
 * WeightedRRLCAlgorithm.init (at deployment): every child needs its loadbalance.weight property and must be an
 * address or wsdl endpoint (else a SynapseException fails the deployment); the children are taken in the order of
 * their weights, heaviest first (a stable sort); loadbalance.weightedRRLC.roundsPerRecal of the loadbalance endpoint
 * (1 by default) is how many rounds go before the weights are recalculated.
 */
function weightedRrlc(
  children: EndpointRef[],
  properties: { name: string; value?: string }[],
  body: XmlElement,
  cc: CompileCtx,
): { order: number[]; weights: number[]; rounds: number } | undefined {
  const int = (text: string): number | undefined => {
    const n = parseJavaInt(text);
    if (n === undefined) cc.problem(body, 'RT_BAD_VALUE', `For input string: "${text}"`);
    return n;
  };
  const roundsProp = properties.find((p) => p.name === 'loadbalance.weightedRRLC.roundsPerRecal');
  const rounds = roundsProp ? int(roundsProp.value ?? '') : 1;
  const weights: number[] = [];
  for (const c of children) {
    const prop = 'inline' in c ? c.inline.properties.find((p) => p.name === 'loadbalance.weight') : undefined;
    if (!prop) {
      cc.problem(
        body,
        'RT_BAD_VALUE',
        'Parameter loadbalance.weighted.weight should be specified for every endpoint in the load balance group',
      );
      return undefined;
    }
    const w = int(prop.value ?? '');
    if (w === undefined) return undefined;
    weights.push(w);
  }
  for (const c of children)
    if (!('inline' in c) || c.inline.type !== 'address') {
      cc.problem(
        body,
        'RT_BAD_VALUE',
        'Only AddressEndpoint and WSDLEndpoint can be used with WeightedRRLCAlgorithm',
      );
      return undefined;
    }
  if (rounds === undefined) return undefined;
  const order = weights.map((_, i) => i).sort((a, b) => weights[b]! - weights[a]!);
  return { order, weights: order.map((i) => weights[i]!), rounds };
}

/**
 * A loadbalance child's weight as WeightedRoundRobin.init reads it: the child endpoint's loadbalance.weight property
 * (Integer.parseInt), 1 without one (a child named by key has no properties of its own); a weight that is not a
 * positive integer fails the deployment.
 */
function childWeight(child: EndpointRef, body: XmlElement, cc: CompileCtx): number {
  if (!('inline' in child)) return 1;
  const prop = child.inline.properties.find((p) => p.name === 'loadbalance.weight');
  if (!prop) return 1;
  const text = prop.value ?? '';
  const w = parseJavaInt(text);
  if (w === undefined || w <= 0) {
    cc.problem(
      body,
      'RT_BAD_VALUE',
      w === undefined ? `For input string: "${text}"` : 'Weight must be greater than zero',
    );
    return 1;
  }
  return w;
}

/** `<endpoint key="x"/>` or an inline endpoint. */
export function endpointRef(el: XmlElement | undefined, cc: CompileCtx): EndpointRef | undefined {
  if (!el) return undefined;
  const key = attrValue(el, 'key');
  // a key attribute, even empty, makes it an indirect endpoint (EndpointFactory.getEndpointFactory tests the
  // attribute's presence): it deploys, and the lookup fails when a message is sent to it
  if (key !== undefined) return { key };
  // MI's resolving endpoint: the key is computed per message (`key-expression="$func:ep"`, `$ctx:target`)
  const keyText = attrValue(el, 'key-expression');
  if (keyText) {
    const keyExpr = cc.expr(el, 'key-expression');
    const artifactIdentifier = cc.opts.artifactIdentifier;
    return keyExpr
      ? { keyExpr, keyText, ...(artifactIdentifier ? { artifactIdentifier } : {}) }
      : { key: keyText };
  }
  return { inline: compileEndpoint(el, cc) };
}

// ------------------------------------------------------------------------------------------------ artifacts

export interface CompiledFile {
  file: string;
  problems: LoadProblem[];
  warnings: LoadProblem[];
  apis: ApiDef[];
  proxies: ProxyDef[];
  sequences: SequenceDef[];
  endpoints: EndpointDef[];
  sequenceTemplates: SequenceTemplateDef[];
  /** Endpoint templates keep their XML: they are instantiated with parameters per use. */
  endpointTemplates: { name: string; element: XmlElement; cc: CompileCtx; params: string[] }[];
  localEntries: LocalEntryDef[];
  inbounds: InboundDef[];
  tasks: TaskDef[];
  messageStores: MessageStoreDef[];
  messageProcessors: MessageProcessorDef[];
  /** Names of artifacts this file declares, with their kind (for undeploy and listing). */
  artifacts: { kind: string; name: string }[];
}

export function compileFile(file: string, text: string, opts: CompileOptions): CompiledFile {
  const out: CompiledFile = {
    file,
    problems: [],
    warnings: [],
    apis: [],
    proxies: [],
    sequences: [],
    endpoints: [],
    sequenceTemplates: [],
    endpointTemplates: [],
    localEntries: [],
    inbounds: [],
    tasks: [],
    messageStores: [],
    messageProcessors: [],
    artifacts: [],
  };
  const cc = new CompileCtx(file, text, opts);
  const doc = parseXml(text, { declarationFirst: true });
  if (doc.hasDoctype) {
    cc.problem(undefined, 'XML_DOCTYPE', 'A DOCTYPE is not allowed in a configuration file');
  }
  for (const p of doc.problems) {
    if (p.severity !== 'error') continue;
    const pos = cc.lines.positionAt(p.span.start);
    cc.problems.push({
      file,
      line: pos.line + 1,
      column: pos.character + 1,
      code: p.code,
      message: p.message,
    });
  }
  if (cc.problems.length > 0 || !doc.root) {
    if (!doc.root) cc.problem(undefined, 'XML_NO_ROOT', 'No root element');
    out.problems = cc.problems;
    return out;
  }
  const root = doc.root;
  const roots = root.local === 'definitions' ? synapseChildren(root) : [root];
  for (const el of roots) compileArtifact(el, cc, out);
  out.problems = cc.problems;
  out.warnings = cc.warnings;
  out.warnings.push(...rabbitmqWarnings(out));
  out.warnings.push(...mqttWarnings(out));
  return out;
}

function compileArtifact(el: XmlElement, cc: CompileCtx, out: CompiledFile): void {
  const name = attrValue(el, 'name') ?? attrValue(el, 'key') ?? '';
  switch (el.local) {
    case 'api':
      out.apis.push(compileApi(el, cc));
      out.artifacts.push({ kind: 'api', name });
      return;
    case 'proxy':
      out.proxies.push(compileProxy(el, cc));
      out.artifacts.push({ kind: 'proxy', name });
      return;
    case 'sequence':
      if (!name) {
        // a registry resource (a file under a resources/registry folder) is looked up by key and built anonymous
        // (SequenceMediatorFactory.createAnonymousSequence): checked, but no artifact; as an artifact MI refuses it
        if (!el.parent && isRegistryResourcePath(cc.file)) return void compileSequence(el, cc, '');
        cc.problem(el, 'RT_MISSING_NAME', 'A top-level sequence needs a name');
      }
      out.sequences.push(compileSequence(el, cc, name));
      out.artifacts.push({ kind: 'sequence', name });
      return;
    case 'endpoint':
      if (!name) {
        // the same for an endpoint (EndpointFactory.getEndpointFromElement with isAnonymous when looked up by key)
        if (!el.parent && isRegistryResourcePath(cc.file)) return void compileEndpoint(el, cc);
        cc.problem(el, 'RT_MISSING_NAME', 'A top-level endpoint needs a name');
      }
      out.endpoints.push(compileEndpoint(el, cc));
      out.artifacts.push({ kind: 'endpoint', name });
      return;
    case 'template': {
      const seq = firstChild(el, 'sequence');
      const ep = firstChild(el, 'endpoint');
      const params = synapseChildren(el)
        .filter((c) => c.local === 'parameter')
        .map((p) => ({
          name: attrValue(p, 'name') ?? '',
          defaultValue: attrValue(p, 'defaultValue'),
          mandatory: parseBoolean(attrValue(p, 'isMandatory')), // TemplateMediatorFactory
        }));
      if (ep) out.endpointTemplates.push({ name, element: ep, cc, params: params.map((p) => p.name) });
      else if (seq)
        out.sequenceTemplates.push({
          name,
          params,
          sequence: compileSequence(seq, cc, name),
          onError: attrValue(el, 'onError') || undefined,
          ...cc.pos(el),
        });
      else cc.problem(el, 'RT_EMPTY_TEMPLATE', 'A template needs a <sequence> or an <endpoint>');
      out.artifacts.push({ kind: 'template', name });
      return;
    }
    case 'localEntry': {
      const key = attrValue(el, 'key') ?? '';
      const src = attrValue(el, 'src');
      // EntryFactory: new URL(src.trim()); a MalformedURLException refuses the entry
      const badUrl = src === undefined ? undefined : javaUrlRefusal(src.trim());
      if (badUrl) {
        cc.problem(el, 'RT_INVALID_URL', `The entry with key : ${key} refers to an invalid URL (${badUrl})`);
        return;
      }
      const child = childElements(el).find((c) => c.local !== 'description');
      const entry: LocalEntryDef = src
        ? { key, kind: 'src', value: src, ...cc.pos(el) }
        : child
          ? { key, kind: 'xml', value: serializeSource(cc.text, child), ...cc.pos(el) }
          : { key, kind: 'text', value: textContent(el).trim(), ...cc.pos(el) };
      if (child && !src && child.local.endsWith('.init')) {
        const refusal = connectionChecks.get(child.local.slice(0, -'.init'.length))?.(child, cc, key);
        if (refusal) entry.endpointRefusal = refusal;
      }
      if (cc.opts.artifactIdentifier) entry.artifactIdentifier = cc.opts.artifactIdentifier;
      out.localEntries.push(entry);
      out.artifacts.push({ kind: 'localEntry', name: key });
      return;
    }
    case 'inboundEndpoint': {
      const params: Record<string, string> = {};
      let paramKeys: Record<string, string> | undefined;
      const ps = firstChild(el, 'parameters');
      if (ps)
        for (const p of synapseChildren(ps)) {
          const pname = attrValue(p, 'name') ?? '';
          const key = attrValue(p, 'key');
          // InboundEndpointFactory: a key names a registry entry whose text is the value (read at deployment)
          if (key !== undefined) (paramKeys ??= {})[pname] = key;
          else params[pname] = cc.resolve(textContent(p).trim(), p);
        }
      out.inbounds.push({
        name,
        protocol: attrValue(el, 'protocol') ?? '',
        sequence: attrValue(el, 'sequence'),
        onError: attrValue(el, 'onError'),
        params,
        ...(paramKeys ? { paramKeys } : {}),
        suspended: parseBoolean(attrValue(el, 'suspend')), // InboundEndpointFactory
        ...cc.pos(el),
      });
      // the runtime listens for HTTP/HTTPS, polls files, consumes RabbitMQ and subscribes to MQTT; any other protocol,
      // or a class (JMS, Kafka, HL7, WebSocket, gRPC, an inbound connector such as an MCP server), deploys and never receives
      const protocol = attrValue(el, 'protocol') ?? '';
      const inboundClass = attrValue(el, 'class');
      if (!['http', 'https', 'file', 'rabbitmq', 'mqtt'].includes(protocol) && (protocol || inboundClass))
        cc.unsupported(
          el,
          `Inbound endpoint ${name} (${protocol ? `protocol ${protocol}` : `class ${inboundClass}`}) is not run by the embedded runtime: it deploys and receives no messages`,
        );
      out.artifacts.push({ kind: 'inboundEndpoint', name });
      return;
    }
    case 'task': {
      const trigger = firstChild(el, 'trigger');
      const props: Record<string, string> = {};
      let messageXml: string | undefined;
      for (const p of synapseChildren(el).filter((c) => c.local === 'property')) {
        const pname = attrValue(p, 'name') ?? '';
        const inner = childElements(p)[0];
        if (inner && pname === 'message') messageXml = serializeSource(cc.text, inner);
        else props[pname] = cc.resolve(attrValue(p, 'value') ?? textContent(p).trim(), p);
      }
      const interval = trigger ? attrValue(trigger, 'interval') : undefined;
      const once = trigger ? attrValue(trigger, 'once') === 'true' : false;
      const countAttr = trigger ? attrValue(trigger, 'count') : undefined;
      out.tasks.push({
        name,
        // StartUpController.createTask: no class is the MessageInjector
        className: attrValue(el, 'class') ?? 'org.apache.synapse.startup.tasks.MessageInjector',
        intervalS: interval !== undefined ? Number(interval) : undefined,
        count: once ? 1 : countAttr !== undefined ? Number(countAttr) : interval !== undefined ? -1 : 1,
        cron: trigger ? attrValue(trigger, 'cron') : undefined,
        // TaskDescriptionFactory: resolved, then split on spaces and commas
        ...(attrValue(el, 'pinnedServers') !== undefined
          ? {
              pinnedServers: cc.resolve(attrValue(el, 'pinnedServers')!, el).split(/[ ,]+/).filter(Boolean),
            }
          : {}),
        properties: props,
        messageXml,
        ...cc.pos(el),
      });
      out.artifacts.push({ kind: 'task', name });
      return;
    }
    case 'messageStore': {
      const params = paramsOf(el, cc);
      const className =
        attrValue(el, 'class') ?? 'org.apache.synapse.message.store.impl.memory.InMemoryStore';
      // MessageStoreFactory: Class.forName of a class Synapse's store package does not have fails the store
      if (className.startsWith('org.apache.synapse.message.store.') && !SYNAPSE_STORES.includes(className)) {
        cc.problem(
          el,
          'RT_BAD_STORE_CLASS',
          `Message store ${name}: Synapse has no class ${className} (MI: "Error while instantiating the message store")`,
        );
        return;
      }
      // (RabbitMQ stores are real: rabbitmq/store.ts)
      if (!/InMemoryStore$|(^|\.)RabbitMQStore$/.test(className))
        cc.unsupported(
          el,
          `Message store ${name} (${className.split('.').pop()}) is kept in memory by the embedded runtime`,
          'RT_SIMULATED',
        );
      out.messageStores.push({ name, className, params, ...cc.pos(el) });
      out.artifacts.push({ kind: 'messageStore', name });
      return;
    }
    case 'messageProcessor': {
      const className = attrValue(el, 'class') ?? '';
      const kind = /\.ScheduledMessageForwardingProcessor$/.test(className)
        ? 'forwarding'
        : /SamplingProcessor$/.test(className)
          ? 'sampling'
          : /\.FailoverScheduledMessageForwardingProcessor$/.test(className)
            ? 'failover'
            : 'unsupported';
      if (kind === 'unsupported')
        cc.unsupported(el, `Message processor class ${className} is not supported by the embedded runtime`);
      out.messageProcessors.push({
        name,
        className,
        kind,
        messageStore: attrValue(el, 'messageStore') ?? '',
        targetEndpoint: attrValue(el, 'targetEndpoint'),
        params: paramsOf(el, cc),
        ...cc.pos(el),
      });
      out.artifacts.push({ kind: 'messageProcessor', name });
      return;
    }
    default:
      out.artifacts.push({ kind: 'other', name: name || el.local });
  }
}

function paramsOf(el: XmlElement, cc: CompileCtx): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of synapseChildren(el).filter((c) => c.local === 'parameter'))
    params[attrValue(p, 'name') ?? ''] = cc.resolve(textContent(p).trim(), p);
  return params;
}

function compileApi(el: XmlElement, cc: CompileCtx): ApiDef {
  const name = attrValue(el, 'name') ?? '';
  let context = attrValue(el, 'context') ?? '';
  if (!name) cc.problem(el, 'RT_MISSING_NAME', 'An API needs a name');
  if (!context.startsWith('/'))
    cc.problem(el, 'RT_BAD_CONTEXT', `API context '${context}' must start with '/'`);
  const version = attrValue(el, 'version') || undefined;
  const vt = attrValue(el, 'version-type')?.trim(); // VersionStrategyFactory trims it
  if (version && !vt)
    cc.problem(el, 'RT_VERSION_TYPE', 'An API with a version needs version-type (url or context)');
  const versionType = vt === 'url' || vt === 'context' ? vt : undefined;
  if (version && versionType === 'context') context = context.replace('{version}', version);
  if (context.length > 1) context = context.replace(/\/+$/, '');
  // InboundApiUtils: binds-to names comma-separated, trimmed; a resource's must be a subset of its API's, and a
  // resource without one takes its API's; an API without one is bound to `default` (the HTTP listener)
  const bindsOf = (e: XmlElement) => {
    const v = attrValue(e, 'binds-to');
    const names = (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    return names.length ? names : undefined;
  };
  const apiBinds = bindsOf(el);
  // APIFactory reads validateSchema (Boolean.parseBoolean) only with publishSwagger: MI then validates each request
  // and answer against that OpenAPI definition (Resource / Axis2Sender -> SchemaValidationUtils); the embedded runtime
  // does not, and says so
  if (
    attrValue(el, 'publishSwagger') !== undefined &&
    attrValue(el, 'validateSchema')?.toLowerCase() === 'true'
  )
    cc.unsupported(
      el,
      `API ${name}: validateSchema (OpenAPI validation of requests and answers) is not performed by the embedded runtime`,
      'RT_SIMULATED',
    );
  const resources: ResourceDef[] = [];
  for (const r of synapseChildren(el).filter((c) => c.local === 'resource')) {
    const ownBinds = bindsOf(r);
    if (ownBinds && !ownBinds.every((b) => (apiBinds ?? ['default']).includes(b)))
      cc.problem(
        r,
        'RT_BAD_BINDS_TO',
        "A resource definition's 'binds-to' must be a subset of its API definition's 'binds-to'",
      );
    const methodsAttr = attrValue(r, 'methods')?.trim();
    const methods = methodsAttr ? methodsAttr.split(/\s+/) : [];
    for (const m of methods)
      if (!['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'].includes(m))
        cc.problem(r, 'RT_BAD_METHOD', `Unknown HTTP method '${m}'`);
    // ResourceFactory.configureURLMappings: a non-empty url-mapping first, then a non-empty uri-template
    const urlMapping = attrValue(r, 'url-mapping') || undefined;
    const uriTemplate = urlMapping ? undefined : attrValue(r, 'uri-template') || undefined;
    const label = `${methods.join(',') || '*'} ${uriTemplate ?? urlMapping ?? '/*'}`;
    const templateProblem = uriTemplate !== undefined ? uriTemplateProblem(uriTemplate) : undefined;
    if (templateProblem)
      cc.problem(
        r,
        'RT_BAD_URI_TEMPLATE',
        `Error while parsing the URI template '${uriTemplate}': ${templateProblem}`,
      );
    // ResourceFactory: protocol http or https (another non-empty value is refused), content-type and user-agent
    // when not empty
    const protocol = attrValue(r, 'protocol');
    if (protocol && protocol !== 'http' && protocol !== 'https')
      cc.problem(r, 'RT_BAD_PROTOCOL', `Invalid protocol name: ${protocol}`);
    const contentType = attrValue(r, 'content-type') || undefined;
    const ua = attrValue(r, 'user-agent') || undefined;
    let userAgent: RegExp | undefined;
    if (ua !== undefined) {
      try {
        // Resource.canProcess: agent.matches(userAgent), a Java pattern
        userAgent = javaRegExp(ua, { whole: true });
      } catch {
        userAgent = /(?!)/; // MI compiles it per request and fails there: no request is taken
      }
    }
    resources.push({
      methods,
      ...(protocol === 'http' || protocol === 'https' ? { protocol } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
      ...(userAgent ? { userAgent } : {}),
      uriTemplate,
      urlMapping,
      match: uriTemplate
        ? compileUriTemplate(uriTemplate)
        : urlMapping
          ? compileUrlMapping(urlMapping)
          : () => ({}),
      inSequence: seqRef(r, 'inSequence', 'inSequence', cc, `${name}/${label}/in`),
      outSequence: seqRef(r, 'outSequence', 'outSequence', cc, `${name}/${label}/out`),
      faultSequence: seqRef(r, 'faultSequence', 'faultSequence', cc, `${name}/${label}/fault`),
      label,
      ...(ownBinds || apiBinds ? { bindsTo: ownBinds ?? apiBinds } : {}),
      ...cc.pos(r),
    });
  }
  // APIFactory instantiates each <handler class> (API.process runs them before the resource): the runtime runs MI's
  // basic-auth handler only; another one (a Java class, or MI 4.5's per-API CORSRequestHandler) is named, not run
  const handlersEl = firstChild(el, 'handlers');
  let corsHandler: ApiDef['corsHandler'];
  let seenBasicAuth = false;
  for (const h of handlersEl ? childElements(handlersEl) : []) {
    const cls = attrValue(h, 'class') ?? '';
    if (h.local !== 'handler') continue;
    if (cls === BASIC_AUTH_HANDLER) seenBasicAuth = true;
    else if (cls === CORS_HANDLER_CLASS) {
      // APIFactory sets each <property name value> through the handler's setter
      const prop = (n: string) =>
        attrValue(
          childElements(h).find((c) => c.local === 'property' && attrValue(c, 'name') === n) ?? h,
          'value',
        );
      const allowed = prop('allowedOrigins');
      const origins = allowed === undefined ? [] : allowed.split(',');
      const methods = prop('allowedMethods');
      corsHandler = {
        allowHeaders: prop('allowHeaders'),
        origins,
        patterns: originPatterns(origins),
        allowedMethods: methods,
        methodList: methods === undefined ? [] : methods.split(','),
        credentials: prop('allowCredentials')?.toLowerCase() === 'true',
        maxAge: prop('maxAge'),
        beforeAuth: !seenBasicAuth,
      };
    } else cc.unsupported(h, `API ${name}: handler ${cls} is not run by the embedded runtime`);
  }
  return {
    name,
    context,
    version,
    versionType,
    hostname: attrValue(el, 'hostname'),
    port: attrValue(el, 'port'),
    resources,
    ...(apiBinds ? { bindsTo: apiBinds } : {}),
    ...(attrValue(el, 'publishSwagger') ? { publishSwagger: attrValue(el, 'publishSwagger') } : {}),
    ...(usesBasicAuthHandler(el) ? { basicAuth: true } : {}),
    ...(corsHandler ? { corsHandler } : {}),
    key: version ? `${name}:v${version}` : name,
    ...cc.pos(el),
  };
}

const BASIC_AUTH_HANDLER = 'org.wso2.micro.integrator.security.handler.RESTBasicAuthHandler';

/** `<handlers><handler class="…RESTBasicAuthHandler"/>`: MI's basic-auth handler of the API (APIFactory). */
function usesBasicAuthHandler(api: XmlElement): boolean {
  const handlers = firstChild(api, 'handlers');
  if (!handlers) return false;
  return childElements(handlers).some(
    (h) => h.local === 'handler' && attrValue(h, 'class') === BASIC_AUTH_HANDLER,
  );
}

/** A proxy's QoS elements (ProxyServiceFactory): the relay path does not take a proxy that names one. */
const PROXY_QOS: ReadonlySet<string> = new Set(['enableAddressing', 'enableSec', 'enableRM', 'policy']);

function compileProxy(el: XmlElement, cc: CompileCtx): ProxyDef {
  const name = attrValue(el, 'name') ?? '';
  const target = firstChild(el, 'target');
  if (!target) cc.problem(el, 'RT_MISSING_TARGET', 'A proxy needs a <target>');
  const epAttr = target ? attrValue(target, 'endpoint') : undefined;
  const pw = firstChild(el, 'publishWSDL');
  let wsdl: string | undefined;
  let wsdlUnreadable: string | undefined;
  if (pw) {
    const inline = childElements(pw).find((c) => c.local === 'definitions' || c.local === 'description');
    if (inline) wsdl = serializeSource(cc.text, inline);
    else if (attrValue(pw, 'key')) wsdl = `key:${attrValue(pw, 'key')}`;
    else if (attrValue(pw, 'uri')) {
      const uri = attrValue(pw, 'uri')!;
      // ProxyService.buildAxisService: new URI(uri).toURL(): a registry key has no URL handler ("Malformed URI for
      // wsdl"), a path without a protocol is not absolute (IllegalArgumentException); the proxy is refused
      // (ProxyServiceFactory reads the endpoint attribute, else the key, else the uri: beside them it is not read)
      const unread = attrValue(pw, 'endpoint') !== undefined || attrValue(pw, 'key') !== undefined;
      const badUrl = /^\s*[$]/.test(uri) || unread ? undefined : javaUrlRefusal(uri.trim());
      if (badUrl)
        cc.problem(
          pw,
          'RT_INVALID_URL',
          badUrl.startsWith('no protocol')
            ? `URI is not absolute: ${uri.trim()} (the publishWSDL uri)`
            : `Malformed URI for wsdl: ${uri.trim()} (${badUrl})`,
        );
      wsdl = publishedWsdlAt(uri);
      if (wsdl === undefined) {
        wsdlUnreadable = uri;
        wsdl = `uri:${uri}`;
      }
    }
  }
  const transports = (attrValue(el, 'transports') ?? 'all').split(/[\s,]+/).filter(Boolean);
  // ProxyServiceFactory: pinnedServers resolved, split on spaces and commas
  const pinned = attrValue(el, 'pinnedServers');
  const pinnedServers =
    pinned === undefined ? undefined : cc.resolve(pinned, el).split(/[ ,]+/).filter(Boolean);
  return {
    name,
    inSequence: target ? seqRef(target, 'inSequence', 'inSequence', cc, `${name}/in`) : undefined,
    outSequence: target ? seqRef(target, 'outSequence', 'outSequence', cc, `${name}/out`) : undefined,
    faultSequence: target ? seqRef(target, 'faultSequence', 'faultSequence', cc, `${name}/fault`) : undefined,
    endpoint: epAttr ? { key: epAttr } : target ? endpointRef(firstChild(target, 'endpoint'), cc) : undefined,
    wsdl,
    ...(wsdlUnreadable !== undefined ? { wsdlUnreadable } : {}),
    // ProxyServiceFactory: Boolean.valueOf, so only "true" in any case starts it when the attribute is there
    startOnLoad: attrValue(el, 'startOnLoad') === undefined || parseBoolean(attrValue(el, 'startOnLoad')),
    transports,
    ...(pinnedServers?.length ? { pinnedServers } : {}),
    params: paramsOf(el, cc),
    ...(childElements(el).some((c) => PROXY_QOS.has(c.local)) ? { qos: true as const } : {}),
    ...(firstChild(el, 'description') ? { description: textOf(el, 'description') } : {}),
    ...(pw && childElements(pw).some((c) => c.local === 'resource')
      ? {
          wsdlResources: childElements(pw)
            .filter((c) => c.local === 'resource')
            .map((r) => ({ location: attrValue(r, 'location') ?? '', key: attrValue(r, 'key') ?? '' })),
        }
      : {}),
    ...cc.pos(el),
  };
}

/** Largest WSDL file a proxy publishes from a file: URI (a configuration, not a payload: generous). */
const MAX_WSDL_FILE = 16 * 1024 * 1024;

/**
 * `<publishWSDL uri>`: MI's ProxyService reads the document when the proxy is deployed. A `file:` URI naming a WSDL
 * 1.1/2.0 document is read here (served at ?wsdl as written, like an inline or registry WSDL); any other scheme, a
 * file that cannot be read or one that is not a WSDL stays a reference the runtime does not fetch; undefined: an
 * absolute file: URI naming a file that cannot be opened.
 */
function publishedWsdlAt(uri: string): string | undefined {
  if (uri.startsWith('file:')) {
    let path: string;
    // java.net.URL: "file:a/b" is a path relative to the working directory, which SynapseConfigUtils.getURLFromPath
    // then tries under synapse.home: MI's home (its samples/, repository/...), not on this machine
    const relative = /^file:(?!\/)/.test(uri);
    try {
      path = relative ? resolvePath(decodeURIComponent(uri.slice(5))) : fileURLToPath(new URL(uri));
    } catch {
      return `uri:${uri}`;
    }
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      // getOMElementFromURL: the file cannot be opened (an IOException, FileNotFoundException); a relative path may
      // be there in the MI home the configuration is written for: kept as a reference
      return relative ? `uri:${uri}` : undefined;
    }
    try {
      if (size <= MAX_WSDL_FILE) {
        const text = readFileSync(path, 'utf8');
        // only a WSDL document is published: a deployed configuration must not turn ?wsdl into a file reader
        const root = parseXml(text).root;
        if (root && (root.local === 'definitions' || root.local === 'description')) return text;
      }
    } catch {
      /* kept as a reference */
    }
  }
  return `uri:${uri}`;
}

/**
 * Substitutes `$param` values in an endpoint template body and compiles the result. As Synapse Template.replace: an
 * attribute value or a text that is exactly `$name` (nothing around it), for a parameter the template declares and
 * the template endpoint gives.
 */
export function instantiateEndpointTemplate(
  tpl: { element: XmlElement; cc: CompileCtx; params?: string[] },
  params: Record<string, string>,
): EndpointDef {
  const src = serializeSource(tpl.cc.text, tpl.element);
  const declared = tpl.params;
  const substituted = src.replace(/(["'>])\$([A-Za-z_][\w.\-]*)(?=["'<])/g, (all, q: string, n: string) =>
    n in params && (!declared || declared.includes(n)) ? q + escapeXmlAttr(params[n]) : all,
  );
  const cc = new CompileCtx(tpl.cc.file, substituted, tpl.cc.opts);
  const doc = parseXml(substituted);
  const ep = compileEndpoint(doc.root!, cc);
  // report positions of the template itself
  Object.assign(ep, { file: tpl.cc.file, line: tpl.cc.pos(tpl.element).line });
  return ep;
}
