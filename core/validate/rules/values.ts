/**
 * Value rules the catalog cannot say alone (helper R2, session 8), each as MI 4.4's factory decides at deploy:
 * - property / variable `value` with a `type`: converted when the artifact is deployed (PropertyMediator.convertValue,
 *   v2 Utils.convertValue), so a value that does not convert is refused (checkTypedValue);
 * - task trigger count without interval (checkTrigger), foreach result type and counter (checkForeachResult), filter
 *   source without regex (checkFilterSource);
 * - an endpoint's timeout and suspension texts (checkEndpointQos);
 * - enrich source/target type and action combinations (EnrichMediatorFactory.validateTypeCombination and
 *   populateTarget: checkEnrichCombination).
 */
import type { Span, XmlElement } from '../../xml/types';
import { attr, attrValue, childElements, childrenNamed, firstChild, textContent } from '../../xml/query';
import { parseXml } from '../../xml';
import type { Report } from '../report';
import { PROPERTY_TYPES, VARIABLE_TYPES } from '../../catalog/mediators';
import { ENDPOINT_DEFINITION_ORDER } from '../../catalog/endpoints';
import { cronProblem } from '../../cron';
import { SYNAPSE_STORES } from '../../catalog/parameters';
import { authenticationRefusal } from '../../endpointAuth';

const SYNAPSE_NS = 'http://ws.apache.org/ns/synapse';

const INT_RANGE: Record<string, [bigint, bigint]> = {
  INTEGER: [-(2n ** 31n), 2n ** 31n - 1n],
  SHORT: [-(2n ** 15n), 2n ** 15n - 1n],
  LONG: [-(2n ** 63n), 2n ** 63n - 1n],
};
/** Java's Double.parseDouble: trimmed; NaN, Infinity, exponents and an f/d suffix (hexadecimal forms left out). */
const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** Why MI cannot convert `value` to `type` at deploy, or undefined when it can (or does not convert it). */
function conversionProblem(value: string, type: string): string | undefined {
  switch (type) {
    case 'INTEGER':
    case 'SHORT':
    case 'LONG': {
      // Integer.parseInt / Short.parseShort / Long.parseLong: an optional sign and digits, nothing else
      if (!/^[+-]?\d+$/.test(value)) return `'${value}' is not a whole number`;
      const n = BigInt(value);
      const [lo, hi] = INT_RANGE[type]!;
      return n < lo || n > hi ? `'${value}' is out of the range of ${type}` : undefined;
    }
    case 'DOUBLE':
    case 'FLOAT':
      return JAVA_DOUBLE.test(value.trim()) ? undefined : `'${value}' is not a number`;
    case 'OM':
    case 'XML': {
      // SynapseConfigUtils.stringToOM: a malformed string is refused
      const doc = parseXml(value);
      return !doc.root || doc.problems.some((p) => p.severity !== 'warning')
        ? `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}' is not well-formed XML`
        : undefined;
    }
    default:
      // BOOLEAN (isTrueExplicitly), STRING, JSON (Gson, quoted when it does not parse) take anything
      return undefined;
  }
}

const PROPERTY_TYPE_SET: ReadonlySet<string> = new Set(PROPERTY_TYPES);
const VARIABLE_TYPE_SET: ReadonlySet<string> = new Set(VARIABLE_TYPES);

/** property/variable: a literal value with a type is converted at deploy (an unknown type is the catalog's SYN103). */
export function checkTypedValue(el: XmlElement, report: Report): void {
  const value = attr(el, 'value');
  const type = attrValue(el, 'type');
  if (!value || type === undefined) return;
  if (!(el.local === 'variable' ? VARIABLE_TYPE_SET : PROPERTY_TYPE_SET).has(type)) return;
  // a value starting with `$` too ($SYSTEM:, $FILE:, ${...}): PropertyMediatorFactory / VariableMediatorFactory
  // convert it as written (no ResolverFactory runs for a mediator's value)
  const why = conversionProblem(value.value, type);
  if (why)
    report.add(
      'SYN104',
      value.valueSpan,
      `${why}: Micro Integrator converts the value of a ${el.local} with type="${type}" when it deploys it, and refuses this one.`,
    );
}

/**
 * task trigger: a count above 1 needs an interval (TaskDescriptionFactory: "Trigger seems to be a simple trigger, but
 * no interval specified"); once="true" sets the count to 1 first.
 */
export function checkTrigger(el: XmlElement, report: Report): void {
  checkCron(attr(el, 'cron'), report, 'task');
  const count = attr(el, 'count');
  if (!count || attr(el, 'interval') || attrValue(el, 'once') === 'true') return;
  if (/^[+-]?\d+$/.test(count.value) && Number(count.value) > 1)
    report.add(
      'SYN503',
      count.nameSpan,
      `A trigger with count="${count.value}" needs an 'interval': Micro Integrator refuses it (a simple trigger without an interval).`,
    );
}

/**
 * A Quartz cron expression, as org.quartz.CronExpression reads it when MI schedules the task (CronScheduleBuilder,
 * AbstractQuartzTaskManager) or the message processor (ScheduledMessageProcessor): one it refuses fails the schedule.
 * Deploy-time placeholders ($SYSTEM:, $FILE:, ${...}) are left alone.
 */
function checkCron(
  cron: { value: string; valueSpan: Span } | undefined,
  report: Report,
  owner: 'task' | 'message processor',
): void {
  if (!cron || cron.value.includes('$')) return;
  const why = cronProblem(cron.value);
  if (why)
    report.add(
      'SYN104',
      cron.valueSpan,
      `'${cron.value.trim()}' is not a cron expression Micro Integrator can schedule (${why}): the ${owner} is not scheduled.`,
    );
}

/**
 * The message processor parameters read as Java ints (the text as written, untrimmed) and the processors that read
 * them (MI's own classes: a custom class reads what it likes): interval and member.count when a scheduled processor
 * (forwarding, failover forwarding, sampling) deploys (ScheduledMessageProcessor.setParameters), the
 * others when it starts: max.delivery.attempts and client.retry.interval by ForwardingService and
 * FailoverForwardingService, max.store.connection.attempts and store.connection.retry.interval by ForwardingService and
 * SamplingService. A text Integer.parseInt refuses there fails the processor. A sampling processor's concurrency is
 * the exception: SamplingService catches the NumberFormatException, logs an error and keeps its default (a warning).
 */
const PROCESSOR_INTS: ReadonlyMap<string, RegExp> = new Map([
  ['interval', /(ScheduledMessageForwardingProcessor|SamplingProcessor)$/],
  ['member.count', /(ScheduledMessageForwardingProcessor|SamplingProcessor)$/],
  ['max.delivery.attempts', /ForwardingProcessor$/],
  ['client.retry.interval', /ForwardingProcessor$/],
  ['max.store.connection.attempts', /(?<!Failover)ScheduledMessageForwardingProcessor$|SamplingProcessor$/],
  ['store.connection.retry.interval', /(?<!Failover)ScheduledMessageForwardingProcessor$|SamplingProcessor$/],
  ['concurrency', /SamplingProcessor$/],
]);

/** A `<messageStore class>` in Synapse's store package that names none of its stores (see SYNAPSE_STORES). */
export function checkMessageStoreClass(el: XmlElement, report: Report): void {
  const cls = attr(el, 'class');
  if (!cls || !cls.value.startsWith('org.apache.synapse.message.store.')) return;
  if (SYNAPSE_STORES.includes(cls.value)) return;
  const near = SYNAPSE_STORES.find((c) => c.toLowerCase() === cls.value.trim().toLowerCase());
  report.add(
    'SYN103',
    cls.valueSpan,
    `Synapse has no message store class '${cls.value}'${near ? `: did you mean '${near}'?` : '.'} Micro Integrator cannot load it ("Error while instantiating the message store") and does not deploy the store.`,
    near ? { suggestions: [near] } : undefined,
  );
}

/** A message processor's `cronExpression` (ScheduledMessageProcessor schedules on it) and its whole-number parameters. */
export function checkProcessorParameter(el: XmlElement, report: Report): void {
  const name = attrValue(el, 'name') ?? '';
  if (name === 'cronExpression') {
    checkCron({ value: textContent(el), valueSpan: el.nameSpan }, report, 'message processor');
    return;
  }
  const readBy = PROCESSOR_INTS.get(name);
  if (!readBy || !readBy.test((el.parent && attrValue(el.parent, 'class')) ?? '')) return;
  const text = textContent(el);
  if (text.includes('$') || text.trim() === '') return;
  const int = /^[+-]?\d+$/.test(text) && BigInt(text) >= -(2n ** 31n) && BigInt(text) < 2n ** 31n;
  if (int) return;
  if (name === 'concurrency')
    report.add(
      'SYN104',
      el.nameSpan,
      `The concurrency of a sampling processor is a whole number (Java int), not '${text.slice(0, 40)}': Micro Integrator logs an error and uses its default (1).`,
      undefined,
      'warning',
    );
  else
    report.add(
      'SYN104',
      el.nameSpan,
      `The '${name}' of a message processor is a whole number (Java int), not '${text.slice(0, 40)}': Micro Integrator cannot start the processor.`,
    );
}

/**
 * A proxy on the vfs transport: VFSTransportListener.scanFileOrDirectory takes a folder's file only when it matches
 * transport.vfs.FileNamePattern, so without one a FileURI that is a folder yields nothing (a warning: MI deploys it, and
 * a FileURI naming one file still works); without transport.vfs.ContentType (PollTableEntry: getRequiredParam) the
 * proxy is marked faulty on the transport (an error).
 */
export function checkVfsProxy(el: XmlElement, report: Report): void {
  const transports = (attrValue(el, 'transports') ?? '').split(/[\s,]+/);
  if (!transports.includes('vfs')) return;
  const params = el.children.filter((c): c is XmlElement => c.kind === 'element' && c.local === 'parameter');
  const uri = params.find((c) => attrValue(c, 'name') === 'transport.vfs.FileURI');
  if (!uri) return;
  // PollTableEntry: ContentType is a required parameter; without it the proxy is marked faulty on the vfs transport
  if (!params.some((c) => attrValue(c, 'name') === 'transport.vfs.ContentType'))
    report.add(
      'SYN112',
      uri.nameSpan,
      "A vfs proxy needs 'transport.vfs.ContentType': without it Micro Integrator marks the proxy faulty and does not poll its files.",
    );
  if (params.some((c) => attrValue(c, 'name') === 'transport.vfs.FileNamePattern')) return;
  report.add(
    'SYN112',
    uri.nameSpan,
    "Without 'transport.vfs.FileNamePattern' a vfs proxy takes no file from a folder: Micro Integrator processes a file only when its name matches the pattern (a FileURI that names one file is still read).",
    undefined,
    'warning',
  );
}

/**
 * A file inbound endpoint: VFSProcessor reads its `interval` (milliseconds) with Long.parseLong, so one missing or not
 * a whole number fails the inbound endpoint ("Invalid numeric value for interval."); an HTTP/HTTPS one its
 * inbound.http.port (checkHttpInboundPort).
 */
export function checkInboundEndpoint(el: XmlElement, report: Report): void {
  const protocol = attrValue(el, 'protocol');
  if (protocol === 'http' || protocol === 'https') return checkHttpInboundPort(el, inboundParams(el), report);
  if (protocol !== 'file') return;
  const params = inboundParams(el);
  const interval = params.find((c) => attrValue(c, 'name') === 'interval');
  if (!interval) {
    report.add(
      'SYN112',
      el.nameSpan,
      "A file inbound endpoint needs an 'interval' parameter (milliseconds): without it Micro Integrator refuses the inbound endpoint (Invalid numeric value for interval).",
    );
    return;
  }
  if (attr(interval, 'key')) return;
  const text = textContent(interval).trim();
  if (text.includes('$') || /^[+-]?\d+$/.test(text)) return;
  report.add(
    'SYN104',
    interval.nameSpan,
    `The interval of a file inbound endpoint is a whole number of milliseconds, not '${text.slice(0, 40)}': Micro Integrator refuses the inbound endpoint (Invalid numeric value for interval).`,
  );
}

function inboundParams(el: XmlElement): XmlElement[] {
  const holder = firstChild(el, 'parameters');
  return holder ? childrenNamed(holder, 'parameter') : [];
}

/**
 * An HTTP or HTTPS inbound endpoint: InboundHttpListener reads inbound.http.port with Integer.parseInt and refuses the
 * inbound endpoint when it cannot ("Please provide port number as integer ...").
 */
function checkHttpInboundPort(el: XmlElement, params: XmlElement[], report: Report): void {
  const port = params.find((c) => attrValue(c, 'name') === 'inbound.http.port');
  if (!port) {
    report.add(
      'SYN112',
      el.nameSpan,
      "An HTTP inbound endpoint needs an 'inbound.http.port' parameter: without it Micro Integrator refuses the inbound endpoint.",
    );
    return;
  }
  if (attr(port, 'key')) return;
  const text = textContent(port).trim();
  if (text.includes('$') || (/^[+-]?\d+$/.test(text) && BigInt(text) < 2n ** 31n)) return;
  report.add(
    'SYN104',
    port.nameSpan,
    `inbound.http.port is a whole number, not '${text.slice(0, 40)}': Micro Integrator refuses the inbound endpoint.`,
  );
}

/**
 * An http endpoint's `<authentication>`: what AuthUtils.getAuthHandler refuses (core/endpointAuth.ts) makes
 * HTTPEndpointFactory refuse the endpoint.
 */
export function checkEndpointAuthentication(el: XmlElement, report: Report): void {
  if (el.parent?.local !== 'http') return;
  const why = authenticationRefusal(el);
  if (why)
    report.add(
      'SYN112',
      el.nameSpan,
      `Invalid authentication configuration (${why}): Micro Integrator refuses the endpoint.`,
    );
}

/**
 * foreach (MI 4.4 form): result-content-type="XML" needs result-enclosing-element, but ForEachMediatorFactory reads
 * them only with update-original="false" and without continue-without-aggregation="true" (equalsIgnoreCase).
 */
export function checkForeachResult(el: XmlElement, report: Report): void {
  // counter-variable needs a sequential loop, and only parallel-execution="false" as written is one
  // (equals("false")): "FALSE" or "no" runs in parallel and is refused with it (the catalog's rule covers "true")
  const parallel = attrValue(el, 'parallel-execution');
  const counter = attr(el, 'counter-variable');
  if (
    counter &&
    parallel !== undefined &&
    parallel !== 'false' &&
    parallel !== 'true' &&
    attr(el, 'collection')
  )
    report.add(
      'SYN112',
      counter.nameSpan,
      `With parallel-execution="${parallel}" (read as true: only "false" as written is sequential), 'counter-variable' is not allowed on <${el.name}>.`,
      { remove: 'counter-variable' },
    );
  const type = attr(el, 'result-content-type');
  if (!type || type.value !== 'XML' || !attr(el, 'collection')) return;
  if (attrValue(el, 'update-original') !== 'false') return;
  if (attrValue(el, 'continue-without-aggregation')?.toLowerCase() === 'true') return;
  if (!attrValue(el, 'target-variable')?.trim()) return; // the catalog's rule reports the missing target-variable
  if ((attrValue(el, 'result-enclosing-element') ?? '').trim() === '')
    report.add(
      'SYN112',
      type.span,
      `With result-content-type="XML", <${el.name}> needs 'result-enclosing-element': Micro Integrator refuses it.`,
      { missing: ['result-enclosing-element'] },
    );
}

/** How EndpointDefinitionFactory parses a QoS text element (all trimmed first, a failure refuses the endpoint). */
type QosKind = 'long' | 'int' | 'float' | 'codes' | 'action' | 'duration';
const QOS: Record<string, Record<string, QosKind>> = {
  timeout: { duration: 'duration', responseAction: 'action' },
  markForSuspension: { errorCodes: 'codes', retriesBeforeSuspension: 'int', retryDelay: 'int' },
  suspendOnFailure: {
    errorCodes: 'codes',
    initialDuration: 'int',
    progressionFactor: 'float',
    maximumDuration: 'long',
  },
  retryConfig: { disabledErrorCodes: 'codes', enabledErrorCodes: 'codes' },
};
const LEAF_ENDPOINTS = new Set(['address', 'http', 'wsdl', 'default']);

function qosProblem(text: string, kind: QosKind): string | undefined {
  const t = text.trim();
  const int = (v: string, bits: bigint) =>
    /^[+-]?\d+$/.test(v) && BigInt(v) >= -(2n ** (bits - 1n)) && BigInt(v) < 2n ** (bits - 1n);
  switch (kind) {
    case 'duration':
      // "{...}" (the whole text, untrimmed) is an XPath read per message; anything else Long.parseLong(trim())
      return /^\{.*\}$/.test(text) || int(t, 64n) ? undefined : 'a number of milliseconds or a {expression}';
    case 'long':
      return int(t, 64n) ? undefined : 'a whole number';
    case 'int':
      return int(t, 32n) ? undefined : 'a whole number (Java int)';
    case 'float':
      return JAVA_DOUBLE.test(t) ? undefined : 'a number';
    case 'action':
      return /^(?:discard|fault)$/i.test(t) ? undefined : "'discard' or 'fault'";
    case 'codes':
      // a StringTokenizer on ", " (commas and spaces only: a tab or a line break inside stays in a code)
      return t.split(/[, ]+/).every((c) => c === '' || /^[+-]?\d+$/.test(c))
        ? undefined
        : 'numbers separated by commas or spaces';
  }
}

/**
 * An endpoint's timeout, markForSuspension, suspendOnFailure and retryConfig texts as EndpointDefinitionFactory parses
 * them when the endpoint is deployed: a text it cannot parse refuses the endpoint. Texts with a `$` (an endpoint
 * template's $parameters, $SYSTEM: placeholders) are left alone: they are replaced before MI parses them.
 */
export function checkEndpointQos(el: XmlElement, report: Report): void {
  if (!el.parent || !LEAF_ENDPOINTS.has(el.parent.local) || !Object.hasOwn(QOS, el.local)) return;
  const kinds = QOS[el.local]!;
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    const kind = Object.hasOwn(kinds, c.local) ? kinds[c.local] : undefined;
    if (!kind) continue;
    const text = textContent(c);
    // an empty text (MI refuses most of them too) is left alone: completion inserts the elements empty
    if (text.includes('$') || text.trim() === '') continue;
    const want = qosProblem(text, kind);
    if (want)
      report.add(
        'SYN104',
        c.nameSpan,
        `<${c.name}> takes ${want}, not '${text.trim().slice(0, 60)}': Micro Integrator refuses the endpoint.`,
      );
  }
}

/** The definition children EndpointFactory.getEndpointFactory looks for (in the Synapse namespace). */
const ENDPOINT_DEFINITIONS: ReadonlySet<string> = new Set(ENDPOINT_DEFINITION_ORDER);

/**
 * An `<endpoint>` (artifact, inline, group member or template body) as EndpointFactory.getEndpointFactory reads it: a
 * `key`, `key-expression` or `template` attribute (its presence is enough), else one of the definition children;
 * with none of them MI refuses it ("Invalid endpoint configuration.").
 */
export function checkEndpointDefinition(el: XmlElement, report: Report): void {
  if (
    el.attributes.some(
      (a) => !a.prefix && (a.local === 'key' || a.local === 'key-expression' || a.local === 'template'),
    )
  )
    return;
  const defined = el.children.some(
    (c) => c.kind === 'element' && ENDPOINT_DEFINITIONS.has(c.local) && (c.ns === SYNAPSE_NS || c.ns === ''),
  );
  // an endpoint template's <endpoint> is kept as written (endpoints TemplateFactory) and built only for an endpoint
  // that uses the template: the template itself deploys (session 17 W5 factory oracle)
  const inTemplate = el.parent?.local === 'template' && !el.parent.parent;
  if (!defined)
    report.add(
      'SYN106',
      el.nameSpan,
      inTemplate
        ? `<${el.name}> has no definition: Micro Integrator deploys the template, but refuses every endpoint that uses it ("Invalid endpoint configuration."). Give one of <http>, <address>, <default>, <wsdl>, <failover>, <loadbalance>, <recipientlist>, <class>.`
        : `<${el.name}> has no definition: Micro Integrator refuses it ("Invalid endpoint configuration."). Give one of <http>, <address>, <default>, <wsdl>, <failover>, <loadbalance>, <recipientlist>, <class>, or a key, key-expression or template attribute.`,
      { missingChild: 'http' },
      inTemplate ? 'warning' : undefined,
    );
}

const URI_FRAGMENTS = new Set(['protocol', 'user', 'host', 'port', 'path', 'query', 'ref']);
const TEXT_SOURCES = new Set(['header', 'param', 'url', 'property', 'soap']);

/**
 * One Synapse evaluator (`and`, `or`, `not`, `equal`, `match`, found by local name in any namespace) as
 * EvaluatorFactoryFinder and its factories build it when the conditionalRouter or rewrite is deployed: what they
 * refuse is an error (AndFactory/OrFactory: two or more children; NotFactory: a child; TextProcessingEvaluatorFactory:
 * a known type, a source except for url, a URI fragment name for url; EqualFactory: value; MatchFactory: regex).
 */
function checkEvaluator(el: XmlElement, report: Report): void {
  const kids = el.children.filter((c): c is XmlElement => c.kind === 'element');
  switch (el.local) {
    case 'and':
    case 'or':
      if (kids.length < 2)
        report.add(
          'SYN106',
          el.nameSpan,
          `<${el.name}> needs two or more conditions: Micro Integrator refuses it ("Two or more expressions should be provided under ${el.local === 'and' ? 'And' : 'Or'}").`,
        );
      for (const k of kids) checkEvaluator(k, report);
      return;
    case 'not':
      if (kids[0]) checkEvaluator(kids[0], report);
      else report.add('SYN106', el.nameSpan, `<${el.name}> needs a condition: Micro Integrator refuses it.`);
      return;
    case 'equal':
    case 'match': {
      const type = attr(el, 'type');
      const source = attr(el, 'source');
      if (type && !TEXT_SOURCES.has(type.value))
        report.add(
          'SYN103',
          type.valueSpan,
          `'${type.value}' is not an evaluator type: use 'header', 'param', 'url', 'property' or 'soap' (Micro Integrator refuses it).`,
        );
      else if (!source && type?.value !== 'url')
        report.add(
          'SYN102',
          el.nameSpan,
          type
            ? `<${el.name} type="${type.value}"> needs 'source': Micro Integrator refuses it.`
            : `<${el.name}> needs 'source' (the header it reads when there is no type): Micro Integrator refuses it.`,
          { missing: ['source'] },
        );
      else if (source && type?.value === 'url' && !URI_FRAGMENTS.has(source.value))
        report.add(
          'SYN103',
          source.valueSpan,
          `'${source.value}' is not a URL part: use 'protocol', 'user', 'host', 'port', 'path', 'query' or 'ref' (Micro Integrator refuses it).`,
        );
      const need = el.local === 'equal' ? 'value' : 'regex';
      if (!attr(el, need))
        report.add('SYN102', el.nameSpan, `<${el.name}> needs '${need}': Micro Integrator refuses it.`, {
          missing: [need],
        });
      return;
    }
    default:
      report.add(
        'SYN100',
        el.nameSpan,
        `Unknown condition <${el.name}>: Micro Integrator refuses it ("Invalid configuration element: ${el.local}"); use <equal>, <match>, <and>, <or> or <not>.`,
      );
  }
}

/**
 * The `<condition>` of a conditionalRoute or a rewriterule: its first element is the evaluator (ConditionalRouterMediatorFactory,
 * URLRewriteMediatorFactory.parseRule take condition.getFirstElement()). A conditional route's condition without
 * one is refused (the factory dereferences it); a rewrite rule's is no condition.
 */
export function checkCondition(el: XmlElement, report: Report): void {
  const first = el.children.find((c): c is XmlElement => c.kind === 'element');
  if (first) checkEvaluator(first, report);
  else if (el.parent?.local === 'conditionalRoute')
    report.add(
      'SYN106',
      el.nameSpan,
      `<${el.name}> needs an evaluator element (<equal>, <match>, <and>, <or>, <not>): Micro Integrator refuses the route without one.`,
    );
}

/**
 * filter without xpath: FilterMediatorFactory reads source and regex only together ("An xpath or (source, regex)
 * attributes are required for a filter"); a source without regex is refused (a regex without source is the
 * catalog's SYN109: neither xpath nor source).
 */
export function checkFilterSource(el: XmlElement, report: Report): void {
  if (attr(el, 'xpath')) return;
  const source = attr(el, 'source');
  if (source && !attr(el, 'regex'))
    report.add(
      'SYN503',
      source.nameSpan,
      `'source' is only allowed together with 'regex' (or give 'xpath').`,
    );
}

// EnrichMediatorFactory's type and action numbers
const ENRICH_TYPES: Record<string, number> = {
  custom: 0,
  envelope: 1,
  body: 2,
  property: 3,
  inline: 4,
  key: 5,
};
const ENRICH_ACTIONS: Record<string, number> = { replace: 0, child: 1, sibling: 2, remove: 3 };

/** enrich: the source/target combinations EnrichMediatorFactory refuses. Unknown types are the catalog's SYN103. */
export function checkEnrichCombination(el: XmlElement, report: Report): void {
  const source = firstChild(el, 'source');
  const target = firstChild(el, 'target');
  if (!source || !target) return;
  const sType = attrValue(source, 'type');
  const tTypeAttr = attr(target, 'type');
  const actionAttr = attr(target, 'action');
  // no type on the source is custom; no type on the target is "none" (-1) for this check
  const s = sType === undefined ? 0 : ENRICH_TYPES[sType];
  const t = tTypeAttr === undefined ? -1 : ENRICH_TYPES[tTypeAttr.value];
  const a = actionAttr === undefined ? 0 : ENRICH_ACTIONS[actionAttr.value];
  if (s === undefined || t === undefined || a === undefined) return;
  const at = tTypeAttr ?? actionAttr;
  const say = (span: { start: number; end: number }, what: string) =>
    report.add('SYN112', span, `${what}: Micro Integrator refuses this enrich (EnrichMediatorFactory).`);
  const sName = sType ?? 'custom';
  if (
    (s === 1 && (t === 0 || t === 1 || t === 2)) ||
    (s === 2 && (t === 1 || t === 2)) ||
    (s === 0 && t === 1)
  ) {
    say(
      (at ?? target).span,
      `A source of type '${sName}' cannot go to a target of type '${tTypeAttr!.value}'`,
    );
    return;
  }
  if (a === 3) {
    if (s !== 0)
      say(actionAttr!.span, `action="remove" takes a custom source (the nodes to remove), not '${sName}'`);
    else if (t === 0 || t === 1 || t === 4)
      say(
        actionAttr!.span,
        `action="remove" works on a body, property or key target, not '${tTypeAttr!.value}'`,
      );
    return;
  }
  if (t === 5) {
    if (s === 2) say(tTypeAttr!.span, `A target of type 'key' cannot take a source of type 'body'`);
    else if (a !== 0) say(actionAttr!.span, `A target of type 'key' only takes action="replace"`);
    return;
  }
  // populateTarget: an envelope target only with replace
  if (t === 1 && a !== 0) say(actionAttr!.span, `A target of type 'envelope' only takes action="replace"`);
  // populateTarget: a custom target may not replace the JSON root
  const xpath = attr(target, 'xpath');
  const root = xpath && /^json-eval\(\s*(.*?)\s*\)$/s.exec(xpath.value.trim());
  if ((t === 0 || t === -1) && a === 0 && root && /^\$\.?$/.test(root[1]!))
    say(xpath.span, `A custom target cannot replace the JSON root (use type="body")`);
}

/** dataServiceCall: what DataServiceCallMediatorFactory refuses (or passes over) beyond the catalog's structure. */
export function checkDataServiceCall(el: XmlElement, report: Report): void {
  // DataServiceCallMediatorFactory.extractOperations reads an <operation> only with a name: one without is
  // passed over (MI deploys the mediator without it)
  const visit = (ops: XmlElement): void => {
    for (const c of childElements(ops))
      if (c.local === 'operations') visit(c);
      else if (c.local !== 'operation')
        report.add(
          'SYN100',
          c.nameSpan,
          `<${c.name}> inside <operations>: Micro Integrator refuses this dataServiceCall ("The 'operation' element is missing in the configuration."); only <operation> and <operations> belong there.`,
        );
      else if (attr(c, 'name') === undefined)
        report.add(
          'SYN102',
          c.nameSpan,
          "<operation> has no 'name': Micro Integrator passes over it (the call is built without it).",
          { missing: ['name'] },
          'warning',
        );
  };
  for (const ops of childElements(el)) if (ops.local === 'operations') visit(ops);
  // configureSourceElement: only an inline source (equalsIgnoreCase) takes <operations>, and it needs them
  const source = childElements(el).find((c) => c.local === 'source');
  const inline = !!source && (attrValue(source, 'type') ?? '').toLowerCase() === 'inline';
  const operations = childElements(el).find((c) => c.local === 'operations');
  if (inline && !operations)
    report.add(
      'SYN106',
      el.nameSpan,
      `<dataServiceCall> with an inline <source> needs <operations>: Micro Integrator refuses it.`,
      { missingChild: 'operations' },
    );
  else if (
    inline &&
    attrValue(operations!, 'type') === 'single' &&
    childElements(operations!).filter(
      (c) => c.local === 'operations' || (c.local === 'operation' && attr(c, 'name') !== undefined),
    ).length > 1
  )
    // configureInlineSource: a single call takes one operation (extractOperations' list)
    report.add(
      'SYN112',
      operations!.nameSpan,
      `<operations type="single"> takes one operation: Micro Integrator refuses this dataServiceCall ("The 'single operation' should contain one operation in the configuration.").`,
    );
  else if (!inline && operations)
    report.add(
      'SYN112',
      operations.nameSpan,
      `<operations> are read only with <source type="inline">: Micro Integrator refuses this dataServiceCall ("Inline configurations are only applicable for source type 'inline'").`,
    );
  // configureTargetElement: a property target's name may not be empty (the catalog requires it to be given)
  const target = childElements(el).find((c) => c.local === 'target');
  const targetName = target && attr(target, 'name');
  if (target && attrValue(target, 'type') === 'property' && targetName?.value === '')
    report.add(
      'SYN112',
      targetName.valueSpan,
      `A property <target> needs a non-empty 'name': Micro Integrator refuses this dataServiceCall ("The 'name' attribute in 'target' element is empty. Please enter a value.").`,
    );
}
