/**
 * The validator: every finding about a Synapse file, each with a stable code (codes.ts, docs/diagnostics.md), a
 * severity and a precise range. Used by `synapse validate`, the language server and the CAR builder.
 *
 *   validateFile(model, index?, options?)  -> Finding[] for one file (references resolved against the index)
 *   validateProject(index, options?)       -> Map<path, Finding[]> for every file of the index
 */
import { basename } from 'node:path';
import type { Finding } from '../diagnostics';
import type { XmlElement } from '../xml/types';
import { attr, attrValue, childElements, textContent } from '../xml/query';
import { inlineScriptSyntaxError } from '../jsScript';
import { JavaSyntaxError, javaRegexSource } from '../javaRegex';
import { javaUrlRefusal } from '../javaUrl';
import {
  SYNAPSE_NS,
  allowedChildren,
  acceptsMediators,
  attributeDecl,
  getMediator,
  isForeignAttribute,
  resolveElement,
  walkWithDecls,
  artifactDecls,
  conditionViolations,
} from '../catalog';
import type { AttributeDecl, ElementDecl } from '../catalog/types';
import type { FileModel } from '../project/model';
import type { ProjectIndex } from '../project';
import { isRegistryKey, isRegistryResourcePath, registryFile } from '../project/registry';
import { dataMapperSourceOf } from '../datamapper/names';
import { Report, suggest } from './report';
import { checkApi } from './rules/api';
import { checkPayloadFactory } from './rules/payload-factory';
import { checkUnreachable } from './rules/unreachable';
import { checkExpressions } from './rules/expressions';
import { checkConnectors } from './rules/connectors';
import { projectConnectors } from '../project/connectors';
import type { ConnectorSet } from '../catalog/connectors';
import {
  checkCondition,
  checkEndpointDefinition,
  checkEndpointQos,
  checkEnrichCombination,
  checkFilterSource,
  checkForeachResult,
  checkTrigger,
  checkProcessorParameter,
  checkMessageStoreClass,
  checkVfsProxy,
  checkInboundEndpoint,
  checkEndpointAuthentication,
  checkDataServiceCall,
  checkTypedValue,
} from './rules/values';
import { checkDbPool } from './rules/db';
import { makefaultRefusal } from '../../runtime-debug/engine/mediators/makefaultFactory';
import { iterateRefusal } from '../../runtime-debug/engine/mediators/iterateFactory';
import type { Code } from './codes';

export { CODES, severityOf, type Code } from './codes';
export { Report, suggest, editDistance } from './report';

export interface ValidateOptions {
  /** The project's layout; 'file' for a lone file. File-name checks apply to project layouts only. */
  layout?: 'mi' | 'integration-studio' | 'bare' | 'file';
  /** Check references against the index (default true). A lone file cannot resolve them. */
  checkReferences?: boolean;
  /** Report a root that is not a Synapse artifact (default true). */
  requireSynapse?: boolean;
  /** The project's resources folders: registry keys (gov:/conf:) are checked against them in the MI layout. */
  resourceDirs?: string[];
  /** Connectors to check operations against (default: the zips found from resourceDirs, then the built-in ones). */
  connectors?: ConnectorSet;
  /**
   * Integration projects the project depends on (its pom's `car` dependencies): a reference written
   * `<groupId>__<artifactId>__<name>` to one of them is not looked up here (MI 4.5 integration project dependencies).
   */
  dependencyProjects?: readonly { groupId: string; artifactId: string }[];
  /**
   * The project's deployment.toml turns MI's XPath DOM failover on (`[mediation] synapse.enable_xpath_dom_failover`,
   * core/project/deploymentToml readXPathDomFailover): XPath 2.0 syntax Saxon compiles and XPath 2.0 functions where a
   * string value is taken are no finding. Default off (MI's default).
   */
  xpathDomFailover?: boolean;
}

const NO_NS_ROOTS = new Set(['data', 'unit-test', 'mock-service']);
/**
 * Deprecated elements MI still reads and uses: EndpointDefinitionFactory.createDefinition reads
 * <suspendDurationOnFailure> (seconds, Synapse 1.2 style) into the initial suspend duration.
 */
const DEPRECATED_BUT_READ: ReadonlySet<string> = new Set(['suspendDurationOnFailure']);
/** Elements that exist somewhere in a configuration but are misplaced when unknown at a given spot. */
const STRUCTURAL = new Set([
  'resource',
  'target',
  'inSequence',
  'outSequence',
  'faultSequence',
  'endpoint',
  'then',
  'else',
  'case',
  'default',
]);

/**
 * Boolean attributes whose factory refuses a value it cannot read as true or false (an error), by how it reads them:
 * - exact: "true" or "false" as written (FaultMediatorFactory response, CacheMediatorFactory collector, the
 *   <feature value> of ValidateMediatorFactory and XSLTMediatorFactory);
 * - any case: true/false ignoring case (CalloutMediatorFactory initAxis2ClientOptions: toLowerCase());
 * - explicit: Axis2 JavaUtils.isTrueExplicitly/isFalseExplicitly of the trimmed value, so true/yes/1 and false/no/0 in
 *   any case (ConditionalRouterMediatorFactory continueAfter and breakRoute).
 * Every other boolean is read with Boolean.parseBoolean/valueOf or compared with one word ("true".equals,
 * equals("false")), so MI deploys any value and reads it as true or false: a warning.
 */
const STRICT_BOOLEANS: ReadonlyMap<string, 'exact' | 'any case' | 'explicit'> = new Map([
  ['makefault@response', 'exact'],
  ['cache@collector', 'exact'],
  ['feature@value', 'exact'],
  ['callout@initAxis2ClientOptions', 'any case'],
  ['conditionalRouter@continueAfter', 'explicit'],
  ['conditionalRoute@breakRoute', 'explicit'],
] as const);
const EXPLICIT_BOOLEAN = /^(?:true|yes|1|false|no|0)$/i;
/**
 * Booleans whose factory compares the value with one word as written ("true".equals, equals("false")): TRUE or False
 * is read as the other value there, a warning. The others are read with Boolean.parseBoolean/valueOf,
 * equalsIgnoreCase or JavaUtils.isTrueExplicitly, which take true/false in any case: nothing to say for TRUE.
 */
const EXACT_BOOLEANS: ReadonlySet<string> = new Set([
  'send@buildmessage', // SendMediatorFactory
  'clone@sequential', // CloneMediatorFactory
  'iterate@sequential', // IterateMediatorFactory
  'foreach@parallel-execution', // ForEachMediatorFactory: equals("false")
  'foreach@update-original', // ForEachMediatorFactory: "false".equals
  'scatter-gather@parallel-execution', // ScatterGatherMediatorFactory: equals("false")
  'dbreport@useTransaction', // DBReportMediatorFactory
  'trigger@once', // TaskDescriptionFactory: Boolean.TRUE.toString().equals
]);

/**
 * Data service elements MI finds whatever their namespace: DataServiceFactory, QueryFactory, OperationFactory,
 * ResourceFactory, EventTriggerFactory and DBUtils read them with getChildrenWithName(new QName(local)), which in
 * Axiom (OMElementImpl.getChildrenWithName) falls back to matching the local name when no child has that name without
 * a namespace; a <result>'s children are read with getChildElements (any namespace). The other elements are read
 * with getFirstChildWithName, which has no such fallback (a .dbs written in http://ws.wso2.org/dataservice loses its
 * <result>, <description>, <properties>...).
 */
const DATA_SERVICE_LOCAL_NAME_READS: ReadonlySet<string> = new Set([
  'config',
  'property',
  'query',
  'operation',
  'resource',
  'event-trigger',
  'subscription',
  'sql',
  'param',
  'call-query',
  'with-param',
  'passwordManager',
]);
function dataServiceReadsAnyNamespace(el: XmlElement): boolean {
  let root: XmlElement = el;
  let inResult = false;
  while (root.parent) {
    if (root !== el && root.local === 'result') inResult = true;
    root = root.parent;
  }
  if (root.local !== 'data') return false;
  return inResult || DATA_SERVICE_LOCAL_NAME_READS.has(el.local);
}

/**
 * A data service query's `<result outputType="json">` is a JSON mapping that QueryFactory.getJSONResultFromText reads
 * with org.json's `new JSONObject(text)` when the service deploys: a mapping that is empty or is not an object (its
 * first character not '{') throws, "Error in parsing JSON result mapping", and MI refuses the data service.
 */
function checkJsonResultMapping(el: XmlElement, report: Report): void {
  if (attrValue(el, 'outputType') !== 'json') return;
  const text = textContent(el).trim();
  if (text.startsWith('{')) return;
  report.add(
    'SYN112',
    el.nameSpan,
    text === ''
      ? 'outputType="json" needs a JSON mapping ({"wrapper": {...}}) as the text of <result>: Micro Integrator refuses the data service ("Error in parsing JSON result mapping").'
      : `The JSON mapping of <result outputType="json"> must be a JSON object (begin with '{'): Micro Integrator refuses the data service ("Error in parsing JSON result mapping").`,
  );
}

/**
 * A wsdl endpoint's `uri` is read as a URL when the endpoint deploys (WSDLEndpointFactory: `new URL(uri)` after
 * $SYSTEM/$FILE resolution): a registry key (`gov:/mi-resources/x.wsdl`) or a path without a protocol is a
 * MalformedURLException, "Could not read the WSDL endpoint", and MI refuses the endpoint. A proxy's `<publishWSDL uri>`
 * the same (ProxyService.buildAxisService: `new URI(uri).toURL()`, "Malformed URI for wsdl" / "URI is not absolute").
 */
function checkWsdlEndpointUri(wsdl: XmlElement, report: Report): void {
  const uri = attr(wsdl, 'uri');
  if (!uri || /^\s*[$]/.test(uri.value)) return;
  // ProxyServiceFactory reads a publishWSDL's endpoint, else its key, else its uri: beside one of those it is not read
  if (wsdl.local === 'publishWSDL' && (attr(wsdl, 'endpoint') || attr(wsdl, 'key'))) return;
  const refusal = javaUrlRefusal(uri.value.trim());
  if (!refusal) return;
  report.add(
    'SYN104',
    uri.valueSpan,
    wsdl.local === 'publishWSDL'
      ? `uri is read as a URL (${refusal}): Micro Integrator refuses the proxy service ("${refusal.startsWith('no protocol') ? 'URI is not absolute' : 'Malformed URI for wsdl'}"). A WSDL in the registry is published with key="...".`
      : `uri is read as a URL (${refusal}): Micro Integrator refuses the endpoint ("Could not read the WSDL endpoint ${uri.value.trim()}").`,
  );
}

/**
 * A local entry's `src` is a URL MI reads when the entry deploys (EntryFactory: `new URL(src.trim())`): a value Java
 * cannot read as a URL, such as a registry key (`gov:/mi-resources/x.json`, which has no URL handler) or a path
 * without a protocol, makes MI refuse the entry ("The entry with key : K refers to an invalid URL").
 */
function checkLocalEntrySrc(entry: XmlElement, report: Report): void {
  const src = attr(entry, 'src');
  if (!src) return;
  const refusal = javaUrlRefusal(src.value.trim());
  if (!refusal) return;
  report.add(
    'SYN104',
    src.valueSpan,
    `src is read as a URL (${refusal}): Micro Integrator refuses the local entry ("The entry with key : ${attrValue(entry, 'key') ?? ''} refers to an invalid URL"). A registry resource is named by its key where it is used, not through a local entry's src.`,
  );
}

export function validateFile(
  model: FileModel,
  index?: ProjectIndex,
  options: ValidateOptions = {},
): Finding[] {
  const report = new Report();
  for (const p of model.doc.problems) report.add(p.code as Code, p.span, p.message, undefined, p.severity);
  const root = model.doc.root;
  if (!root) return report.findings;
  const rootRes = resolveElement(root);
  if (!rootRes.artifact && rootRes.status !== 'known') {
    if (options.requireSynapse !== false) {
      const roots = artifactDecls().map((a) => a.root);
      const s = suggest(root.local, roots);
      const msg = s.length
        ? `<${root.name}> is not a Synapse artifact: did you mean <${s[0]}>?`
        : `<${root.name}> is not a Synapse artifact (expected one of ${[...new Set(roots)].join(', ')}).`;
      report.add('SYN002', root.nameSpan, msg, s.length ? { suggestions: s } : undefined);
    }
    return report.findings;
  }
  // A root without a namespace is accepted by MI's deployers (they do not check the root's namespace), but the
  // children are looked up in the Synapse namespace: report it when the children inherit the empty namespace.
  const missingNs =
    !NO_NS_ROOTS.has(root.local) &&
    root.ns !== SYNAPSE_NS &&
    (root.ns !== '' ||
      childElements(root).some((c) => {
        const r = resolveElement(c);
        return r.status === 'known' && r.wrongNamespace;
      }));
  if (missingNs) {
    report.add(
      'SYN001',
      root.nameSpan,
      root.ns === ''
        ? `<${root.name}> has no namespace: add xmlns="${SYNAPSE_NS}" (Micro Integrator looks its children up in that namespace).`
        : `<${root.name}> is in namespace '${root.ns}': Synapse artifacts use '${SYNAPSE_NS}'.`,
      { namespace: SYNAPSE_NS },
    );
  }
  const text = model.text;
  // a registry resource is looked up by key and built anonymous (EndpointFactory.getEndpointFromElement with
  // isAnonymous, SequenceMediatorFactory.createAnonymousSequence): its root needs no name. As an artifact MI
  // refuses a nameless one (SynapseXMLConfigurationFactory.defineEndpoint: "Invalid endpoint definition without a
  // name")
  const anonymousRoot =
    (root.local === 'endpoint' || root.local === 'sequence') &&
    !attr(root, 'name') &&
    isRegistryResourcePath(
      model.path,
      options.layout === 'mi' || options.layout === 'integration-studio' ? options.resourceDirs : undefined,
    );
  // call-template elements, for the parameter check of checkReferences (collected here rather than walking again)
  const callTemplates: XmlElement[] = [];
  // connector operations, for checkConnectors
  const connectorOps: XmlElement[] = [];
  walkWithDecls(root, (el, decl, res) => {
    if (res.status === 'free' || res.status === 'orphan') return false;
    if (res.status === 'unknown' || !decl) {
      if (isMediatorDescription(el)) return false;
      reportUnknown(el, report);
      return false;
    }
    if (res.wrongNamespace && el.parent && !missingNs && !dataServiceReadsAnyNamespace(el)) {
      // a mediator is found by its qualified name (MediatorFactoryFinder.getMediator): in another namespace, or in
      // none, it is "Unknown mediator referenced by configuration element" and the artifact is refused; another
      // element is only not found by its parent's factory
      const refused = !!res.mediator;
      if (root.local === 'data') {
        report.add(
          'SYN003',
          el.nameSpan,
          `<${el.name}> is in namespace '${el.ns}': Micro Integrator's data service factories look it up without a namespace (getFirstChildWithName) and ignore it.`,
        );
        // (what MI ignores is not checked further)
        return false;
      }
      report.add(
        'SYN003',
        el.nameSpan,
        refused
          ? `<${el.name}> is in namespace '${el.ns || '(none)'}': Micro Integrator finds mediators only in '${SYNAPSE_NS}' and refuses it ("Unknown mediator referenced by configuration element").`
          : `<${el.name}> is in namespace '${el.ns || '(none)'}': Micro Integrator only reads it in '${SYNAPSE_NS}'.`,
        undefined,
        refused ? 'error' : undefined,
      );
    }
    if (decl.deprecated) {
      // an old form MI still reads is a note, not a warning (THE RULE: what MI accepts and uses is no finding)
      const read = DEPRECATED_BUT_READ.has(el.local);
      report.add(
        'SYN110',
        el.nameSpan,
        `<${el.name}> is deprecated: ${decl.deprecated}${read ? ' Micro Integrator still reads it.' : ''}`,
        undefined,
        read ? 'info' : undefined,
      );
    }
    checkAttributes(
      el,
      decl,
      report,
      // a registry resource's anonymous root; a dataServiceCall <operation> without a name (a warning:
      // checkDataServiceCall); a nested dataServiceCall <operations> without a type (extractOperations)
      (anonymousRoot && el === root) || (el.local === 'operation' && el.parent?.local === 'operations')
        ? 'name'
        : el.local === 'operations' && el.parent?.local === 'operations'
          ? 'type'
          : undefined,
    );
    checkChildren(el, decl, report);
    if (acceptsMediators(decl)) checkUnreachable(el, isTerminal, report);
    checkExpressions(el, decl, text, report, options.xpathDomFailover === true);
    if (el.local === 'trigger' && el.parent?.local === 'task') checkTrigger(el, report);
    else if (el.local === 'parameter' && el.parent?.local === 'messageProcessor')
      checkProcessorParameter(el, report);
    else if (el.local === 'proxy' && !el.parent) checkVfsProxy(el, report);
    else if (el.local === 'inboundEndpoint' && !el.parent) checkInboundEndpoint(el, report);
    else if (el.local === 'messageStore' && !el.parent) checkMessageStoreClass(el, report);
    else if (el.local === 'authentication') checkEndpointAuthentication(el, report);
    else if (el.local === 'pool' && el.parent?.local === 'connection') checkDbPool(el, report);
    else if (el.local === 'result' && root.local === 'data' && el.parent?.local === 'query')
      checkJsonResultMapping(el, report);
    else checkEndpointQos(el, report);
    if (el.local === 'wsdl' && el.parent?.local === 'endpoint') checkWsdlEndpointUri(el, report);
    if (el.local === 'publishWSDL' && el.parent?.local === 'proxy') checkWsdlEndpointUri(el, report);
    if (el.local === 'target' && el.parent?.local === 'proxy' && !el.parent.parent)
      checkProxyTarget(el, report);
    if (el.local === 'endpoint' && decl.attributes.some((a) => a.name === 'key-expression'))
      checkEndpointDefinition(el, report);
    if (
      el.local === 'condition' &&
      (el.parent?.local === 'conditionalRoute' || el.parent?.local === 'rewriterule')
    )
      checkCondition(el, report);
    if (res.mediator) {
      if (el.local === 'call-template') callTemplates.push(el);
      else if (res.connectorOperation) connectorOps.push(el);
      checkMediator(el, report, text);
    }
    return true;
  });
  if (rootRes.artifact?.kind === 'api') checkApi(root, report);
  if (root.local === 'localEntry') checkLocalEntrySrc(root, report);
  if (connectorOps.length || root.local === 'localEntry') {
    const connectors =
      options.connectors ??
      projectConnectors({ layout: options.layout, resourceDirs: options.resourceDirs, file: model.path });
    const checkRefs = options.checkReferences !== false;
    checkConnectors(model, connectorOps, { connectors, index, checkReferences: checkRefs }, report);
  }
  if (index && options.checkReferences !== false)
    checkReferences(model, index, report, options, callTemplates);
  if (index) checkNames(model, index, options, report);
  return report.findings;
}

export function validateProject(index: ProjectIndex, options: ValidateOptions = {}): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const m of index.files()) out.set(m.path, validateFile(m, index, options));
  return out;
}

/**
 * A <description> child of a mediator, or in a mediator list: MI reads it as the mediator's description
 * (AbstractMediatorFactory.createMediator) and a list passes over it (AbstractListMediatorFactory.addChildren
 * "neglect the description tag"), so it is no finding wherever a mediator or a mediator list is.
 */
function isMediatorDescription(el: XmlElement): boolean {
  const parent = el.parent;
  if (el.local !== 'description' || el.ns !== SYNAPSE_NS || !parent || parent.ns !== SYNAPSE_NS) return false;
  if (getMediator(parent.local)) return true;
  const res = resolveElement(parent);
  return res.decl !== undefined && acceptsMediators(res.decl);
}

function reportUnknown(el: XmlElement, report: Report): void {
  const parent = el.parent;
  const allowed = allowedChildren(parent);
  const names = [...allowed.elements.map((c) => c.name), ...allowed.mediators.map((m) => m.name)];
  const where = parent ? `<${parent.name}>` : 'this place';
  // Micro Integrator builds a mediator list from every child (an element that is no mediator fails the deployment),
  // but reads any other element's children by name and passes over the rest: there, an element out of place is
  // ignored, which deserves a warning, not an error (the configuration deploys).
  // FilterMediatorFactory reads only <then> and <else> once a <then> is there: any other child is passed over
  const filterThen =
    parent?.local === 'filter' &&
    parent.children.some((c) => c.kind === 'element' && c.local === 'then' && c.ns === SYNAPSE_NS);
  const severity = allowed.mediators.length > 0 && !filterThen ? undefined : 'warning';
  const ignored = severity ? ' Micro Integrator ignores it.' : '';
  if (parent && !allowed.any && names.length === 0) {
    report.add(
      'SYN105',
      el.nameSpan,
      `<${el.name}> is not allowed here: ${where} takes no child elements.${ignored}`,
      undefined,
      severity,
    );
    return;
  }
  if (getMediator(el.local) || STRUCTURAL.has(el.local)) {
    const hint = allowed.mediators.length
      ? 'mediators'
      : names.length
        ? names.map((n) => `<${n}>`).join(', ')
        : 'nothing';
    report.add(
      'SYN105',
      el.nameSpan,
      `<${el.name}> is not allowed inside ${where}: expected ${hint}.${ignored}`,
      { allowed: names.slice(0, 50) },
      severity,
    );
    return;
  }
  const s = suggest(el.local, names);
  report.add(
    'SYN100',
    el.nameSpan,
    `Unknown element <${el.name}> inside ${where}${s.length ? `: did you mean <${s[0]}>?` : '.'}${ignored}`,
    { suggestions: s },
    severity,
  );
}

function isPlaceholder(v: string): boolean {
  // dynamic values and deploy-time placeholders are checked at run time
  return v.startsWith('{') || v.startsWith('$') || v.includes('${');
}

const required = new WeakMap<ElementDecl, AttributeDecl[]>();
/** The required attributes of a declaration (computed once per declaration). */
function requiredAttributes(decl: ElementDecl): AttributeDecl[] {
  let r = required.get(decl);
  if (!r) required.set(decl, (r = decl.attributes.filter((d) => d.required)));
  return r;
}

/** `notRequired`: a required attribute this element may leave out (a registry resource's name). */
function checkAttributes(el: XmlElement, decl: ElementDecl, report: Report, notRequired?: string): void {
  for (const a of el.attributes) {
    if (isForeignAttribute(a)) continue;
    // known: declared, or the element takes any attribute (isKnownAttribute, with one lookup instead of two)
    const ad = attributeDecl(decl, a.name);
    if (!ad && decl.openAttributes !== true) {
      const s = suggest(
        a.name,
        decl.attributes.map((d) => d.name),
      );
      report.add(
        'SYN101',
        a.nameSpan,
        `Unknown attribute '${a.name}' on <${el.name}>${s.length ? `: did you mean '${s[0]}'?` : '.'} Micro Integrator ignores it.`,
        {
          suggestions: s,
        },
      );
      continue;
    }
    if (!ad) continue;
    if (ad.deprecated) report.add('SYN110', a.nameSpan, `'${a.name}' is deprecated: ${ad.deprecated}`);
    checkValue(el, a.value, a.valueSpan, ad, report);
  }
  let missing: AttributeDecl[] | undefined;
  for (const d of requiredAttributes(decl)) {
    if (attr(el, d.name) || d.name === notRequired) continue;
    if (d.missingDeploys)
      report.add(
        'SYN102',
        el.nameSpan,
        `<${el.name}> has no '${d.name}': ${d.missingDeploys}`,
        { missing: [d.name] },
        'warning',
      );
    else (missing ??= []).push(d);
  }
  if (missing) {
    report.add(
      'SYN102',
      el.nameSpan,
      `<${el.name}> needs ${missing.map((m) => `'${m.name}'`).join(' and ')}.`,
      { missing: missing.map((m) => m.name) },
    );
  }
  for (const group of decl.exclusive ?? []) {
    if (decl.firstWins?.includes(group)) continue; // a warning, below
    let count = 0;
    for (const n of group) if (attr(el, n)) count++;
    if (count > 1) {
      const present = group.filter((n) => attr(el, n));
      const second = attr(el, present[1])!;
      report.add(
        'SYN108',
        second.nameSpan,
        `Give either ${present.map((p) => `'${p}'`).join(' or ')}, not both.`,
        { remove: present[1] },
      );
    }
  }
  // groups of which MI reads the first one given and passes over the others: a warning saying which one counts
  for (const group of decl.firstWins ?? []) {
    const present = group.filter((n) => attr(el, n));
    if (present.length < 2) continue;
    for (const ignored of present.slice(1))
      report.add(
        'SYN108',
        attr(el, ignored)!.nameSpan,
        `Give either ${present.map((p) => `'${p}'`).join(' or ')}, not both: Micro Integrator uses '${present[0]}' and ignores '${ignored}'.`,
        { remove: ignored },
        'warning',
      );
  }
  for (const group of decl.oneOfRequired ?? []) {
    if (group.some((n) => attr(el, n))) continue;
    const unless = decl.oneOfRequiredUnless;
    // compared as written: the factories test "remove".equals(action) (PropertyMediatorFactory,
    // VariableMediatorFactory, HeaderMediatorFactory), so action="REMOVE" sets and needs a value
    if (unless?.attribute && attrValue(el, unless.attribute[0]) === unless.attribute[1]) continue;
    if (
      unless?.content &&
      el.children.some(
        (c) => c.kind === 'element' || ((c.kind === 'text' || c.kind === 'cdata') && c.value.trim() !== ''),
      )
    )
      continue;
    report.add('SYN109', el.nameSpan, `<${el.name}> needs one of ${group.map((g) => `'${g}'`).join(', ')}.`, {
      oneOf: group,
    });
  }
  for (const v of conditionViolations(el, decl)) {
    const [name, value] = v.rule.when;
    const given = attr(el, name);
    const cause = given ? `${name}="${value}"` : `${name}="${value}" (the default)`;
    for (const m of v.missing) {
      report.add('SYN112', given ? given.span : el.nameSpan, `With ${cause}, <${el.name}> needs '${m}'.`, {
        missing: [m],
      });
    }
    for (const f of v.forbidden) {
      report.add('SYN112', attr(el, f)!.nameSpan, `With ${cause}, '${f}' is not allowed on <${el.name}>.`, {
        remove: f,
      });
    }
  }
  for (const [a, b] of decl.requires ?? []) {
    const aa = attr(el, a);
    if (aa && !attr(el, b)) report.add('SYN503', aa.nameSpan, `'${a}' is only allowed together with '${b}'.`);
  }
}

/**
 * Artifacts MI refuses with an empty name or key (session 17 W5: MI's factories and SynapseConfiguration.add* run on
 * them): SynapseConfiguration.assertAlreadyExists refuses an empty key when the deployer adds a sequence, template,
 * endpoint or local entry, APIFactory and ProxyServiceFactory refuse the definition, and addMessageStore fails on the
 * null name. A message processor, task or inbound endpoint of empty name deploys.
 */
const EMPTY_NAME_REFUSED: Readonly<Record<string, string>> = {
  sequence: 'the sequence ("Given entry key is empty or null.")',
  template: 'the template ("Given entry key is empty or null.")',
  endpoint: 'the endpoint ("Given entry key is empty or null.")',
  localEntry: 'the local entry ("Given entry key is empty or null.")',
  api: `the API ("Attribute 'name' is required for an API definition")`,
  proxy: `the proxy service ("The 'name' attribute is required for a Proxy service definition")`,
  messageStore: 'the message store (SynapseConfiguration.addMessageStore fails on its null name)',
};

function checkValue(
  el: XmlElement,
  v: string,
  span: { start: number; end: number },
  ad: AttributeDecl,
  report: Report,
): void {
  if (isPlaceholder(v) && (ad.dynamic || ad.type !== 'enum')) return;
  if (v === '' && ad.allowEmpty) return;
  const emptyName = v === '' && ad.type === 'name' && !el.parent ? EMPTY_NAME_REFUSED[el.local] : undefined;
  // (MediatorPropertyFactory trims: a value of characters up to U+0020 is as empty)
  if ((v === '' || (ad.nonBlank && /^[\x00-\x20]*$/.test(v))) && (ad.nonEmpty || emptyName)) {
    report.add(
      'SYN104',
      span,
      `'${ad.name}' is empty: Micro Integrator refuses ${ad.nonEmpty ?? emptyName}.`,
    );
    return;
  }
  if (ad.unreadWith && attrValue(el, ad.unreadWith[0])?.toLowerCase() === ad.unreadWith[1]) return;
  switch (ad.type) {
    case 'enum': {
      const values = ad.values ?? [];
      const w = ad.trim ? v.trim() : v;
      const old = ad.deprecatedValues?.[w];
      if (old !== undefined) {
        report.add('SYN110', span, `'${w}' is deprecated for '${ad.name}' on <${el.name}>: ${old}.`);
        break;
      }
      const ok = ad.caseInsensitive
        ? values.some((x) => x.toLowerCase() === w.toLowerCase())
        : values.includes(w);
      if (!ok) {
        const s = suggest(w, values);
        const close = values.find((x) => x.toLowerCase() === w.toLowerCase());
        // THE RULE: an error only where MI refuses the value (its factory throws); a value it deploys and then
        // ignores or reads as something else is a warning that says what MI does with it
        const lenient = ad.lenient !== undefined && !strictHere(el, ad.strictWith);
        report.add(
          'SYN103',
          span,
          `'${v}' is not a valid value of '${ad.name}' on <${el.name}>: use ${values.map((x) => `'${x}'`).join(', ')}${close ? ` (did you mean '${close}'?)` : ''}.${lenient ? ` Micro Integrator deploys it and ${ad.lenient}.` : ''}`,
          { suggestions: close ? [close, ...s.filter((x) => x !== close)] : s, values },
          lenient ? 'warning' : undefined,
        );
      }
      break;
    }
    case 'boolean':
      if (v !== 'true' && v !== 'false') {
        const lower = v.toLowerCase();
        const mode = STRICT_BOOLEANS.get(`${el.local}@${ad.name}`);
        // read by the factory as it is written here: nothing to say
        if (
          (mode === 'any case' || (mode === undefined && !EXACT_BOOLEANS.has(`${el.local}@${ad.name}`))) &&
          (lower === 'true' || lower === 'false')
        )
          break;
        if (mode === 'explicit' && EXPLICIT_BOOLEAN.test(v.trim())) break;
        const strict = mode !== undefined;
        report.add(
          'SYN104',
          span,
          strict
            ? `'${ad.name}' takes true or false, not '${v}': Micro Integrator refuses any other value.`
            : `'${ad.name}' takes true or false, not '${v}': Micro Integrator deploys it but reads it as one of the two (its factory compares with one word only).`,
          lower === 'true' || lower === 'false' ? { suggestions: [lower] } : undefined,
          strict ? undefined : 'warning',
        );
      }
      break;
    case 'integer':
      // Integer/Long.parseXxx take an optional sign (the cache mediator's factory trims; a space elsewhere is left
      // to MI)
      if (!/^[+-]?\d+$/.test(v.trim()))
        report.add(
          'SYN104',
          span,
          `'${ad.name}' takes a whole number, not '${v}'.${ad.lenient ? ` Micro Integrator deploys it and ${ad.lenient}.` : ''}`,
          undefined,
          ad.lenient ? 'warning' : undefined,
        );
      break;
    case 'number':
      if (v.trim() === '' || !Number.isFinite(Number(v)))
        report.add('SYN104', span, `'${ad.name}' takes a number, not '${v}'.`);
      break;
    case 'regex': {
      // a rewrite action's regex is compiled only when the action runs (RewriteAction: String.replaceAll)
      if (el.local === 'action') break;
      const problem = regexProblem(v);
      if (problem !== undefined)
        report.add(
          'SYN104',
          span,
          `'${ad.name}' is not a valid regular expression: ${problem}. Micro Integrator refuses it when it deploys the artifact (Pattern.compile).`,
        );
      break;
    }
    default:
      break;
  }
}

/**
 * Why a filter/switch/property pattern does not compile as a Java pattern (their factories call Pattern.compile at
 * deploy), or undefined. The pattern is read by javaRegexSource, the runtime's translation, which parses it as
 * Pattern does: its JavaSyntaxError is Pattern's refusal; what Pattern accepts and JavaScript cannot express
 * (JavaRegexUnsupported) is not judged here, and no RegExp is built.
 */
function regexProblem(v: string): string | undefined {
  try {
    javaRegexSource(v);
    return undefined;
  } catch (e) {
    return e instanceof JavaSyntaxError ? e.message : undefined;
  }
}

/** Whether the attribute named by `strictWith` is on the element (with the given value, when one is given). */
function strictHere(el: XmlElement, strictWith: [string, string?] | undefined): boolean {
  if (!strictWith) return false;
  const v = attrValue(el, strictWith[0]);
  return v !== undefined && (strictWith[1] === undefined || v === strictWith[1]);
}

/** Children counted by local name (one map, cleared per element: no allocation per element checked). */
const childCounts = new Map<string, number>();

function checkChildren(el: XmlElement, decl: ElementDecl, report: Report): void {
  if (Array.isArray(decl.content)) {
    const counts = childCounts;
    counts.clear();
    for (const c of el.children)
      if (c.kind === 'element') counts.set(c.local, (counts.get(c.local) ?? 0) + 1);
    for (const cd of decl.content) {
      const n = counts.get(cd.name) ?? 0;
      const min = cd.min ?? 0;
      const max = cd.max ?? 1;
      if (n < min) {
        report.add(
          'SYN106',
          el.nameSpan,
          cd.lenientMin
            ? `<${el.name}> has no <${cd.name}>: ${cd.lenientMin}.`
            : `<${el.name}> needs ${min === 1 ? 'a' : `at least ${min}`} <${cd.name}> child${min > 1 ? 'ren' : ''}.`,
          {
            missingChild: cd.name,
          },
          cd.lenientMin ? 'warning' : undefined,
        );
      } else if (n > max) {
        const found = childElements(el).filter((c) => c.local === cd.name);
        // Micro Integrator reads the first (or the first `max`) and passes over the others
        report.add(
          'SYN107',
          found[max].nameSpan,
          `<${el.name}> takes ${max === 1 ? 'one' : `at most ${max}`} <${cd.name}>: Micro Integrator ignores the others.`,
        );
      }
    }
  }
  // a mediator list MI refuses to deploy empty (validate's on-fail: ValidateMediatorFactory)
  if (decl.nonEmpty && !el.children.some((c) => c.kind === 'element'))
    report.add(
      'SYN106',
      el.nameSpan,
      `<${el.name}> needs at least one mediator: Micro Integrator refuses to deploy it empty.`,
    );
  if (decl.content === 'mediators' || decl.content === 'none') {
    for (const c of el.children) {
      if (c.kind === 'text' && c.value.trim() !== '') {
        report.add(
          'SYN111',
          {
            start: c.span.start + (c.value.length - c.value.trimStart().length),
            end: c.span.end - (c.value.length - c.value.trimEnd().length),
          },
          // a warning (codes.ts): the factories read child elements only (AbstractListMediatorFactory.addChildren
          // keeps elements and comments), so MI deploys it and the text is lost
          `<${el.name}> takes no text: Micro Integrator ignores it.`,
        );
        break;
      }
    }
  }
}

/**
 * ProxyServiceFactory: a <target> with no inSequence (attribute or element) and no endpoint (attribute or element)
 * is refused ("Target of the proxy service must declare either an inSequence or endpoint or both"; session 17 W5).
 */
function checkProxyTarget(target: XmlElement, report: Report): void {
  if (attr(target, 'inSequence') || attr(target, 'endpoint')) return;
  const kids = childElements(target);
  if (kids.some((c) => c.ns === SYNAPSE_NS && (c.local === 'inSequence' || c.local === 'endpoint'))) return;
  report.add(
    'SYN106',
    target.nameSpan,
    'A proxy <target> needs an inSequence or an endpoint (attribute or element): Micro Integrator refuses it ("Target of the proxy service must declare either an inSequence or endpoint or both").',
  );
}

/** The script languages MI runs with a JavaScript engine (ScriptMediator, compared as written). */
const JS_LANGUAGES = new Set(['js', 'graalJs', 'rhinoJs', 'nashornJs']);

function checkMediator(el: XmlElement, report: Report, text: string): void {
  switch (el.local) {
    case 'payloadFactory':
      checkPayloadFactory(el, text, report);
      break;
    case 'property':
    case 'variable':
      checkTypedValue(el, report);
      break;
    case 'enrich':
      checkEnrichCombination(el, report);
      break;
    case 'foreach':
      checkForeachResult(el, report);
      break;
    case 'iterate': {
      // IterateMediatorFactory's refusals of the attachPath, as `synapse run` makes them
      const refusal = iterateRefusal(el);
      if (refusal)
        report.add('RT_ITERATE_ATTACH', el.nameSpan, `${refusal}: Micro Integrator refuses the artifact.`);
      break;
    }
    case 'makefault': {
      // FaultMediatorFactory's refusals, as `synapse run` makes them (what the schema rules say already is left to them)
      const refusal = makefaultRefusal(el);
      if (refusal && !refusal.schema)
        report.add(
          'RT_MAKEFAULT',
          refusal.el.nameSpan,
          `${refusal.message}: Micro Integrator refuses the artifact.`,
        );
      break;
    }
    case 'script': {
      // ScriptMediator.initInlineScript compiles an inline JavaScript when MI deploys it (see core/jsScript.ts)
      const language = attrValue(el, 'language');
      if (language && JS_LANGUAGES.has(language) && attrValue(el, 'key') === undefined) {
        const error = inlineScriptSyntaxError(textContent(el));
        if (error !== undefined)
          report.add(
            'RT_SCRIPT_SYNTAX',
            el.nameSpan,
            `JavaScript syntax error: ${error}. Micro Integrator refuses the script ("Exception initializing inline script").`,
          );
      }
      break;
    }
    case 'clone': {
      // CloneMediatorFactory: "When iterations attribute is defined only one target is allowed."
      const iterations = attr(el, 'iterations');
      if (iterations && childElements(el).filter((c) => c.local === 'target').length > 1)
        report.add(
          'SYN112',
          iterations.nameSpan,
          `<clone> with 'iterations' takes one <target>: Micro Integrator refuses it ("When iterations attribute is defined only one target is allowed.").`,
        );
      break;
    }
    case 'filter':
      checkFilterSource(el, report);
      break;
    case 'callout': {
      // CalloutMediatorFactory: a source with type="envelope" sends the envelope (xpath and key are not read); without
      // it (any other type is passed over) an xpath or a key is required
      const source = el.children.find((c): c is XmlElement => c.kind === 'element' && c.local === 'source');
      if (!source) break;
      const type = attr(source, 'type');
      const other = attr(source, 'xpath') ?? attr(source, 'key');
      if (type?.value === 'envelope') {
        if (other)
          report.add(
            'SYN108',
            other.nameSpan,
            `Give either type="envelope" or '${other.name}', not both: Micro Integrator sends the envelope and ignores '${other.name}'.`,
            undefined,
            'warning',
          );
      } else if (type && !other)
        // (neither type, xpath nor key: the catalog's SYN109)
        report.add(
          'SYN109',
          source.nameSpan,
          `<source> needs type="envelope", 'xpath' or 'key': Micro Integrator refuses it ("A 'xpath' or 'key' attribute is required for the Callout 'source'").`,
        );
      break;
    }
    case 'call': {
      // CallMediatorFactory.populateTarget: a variable target needs its name as text ("Variable name is required for
      // VARIABLE type"); a property target's empty name deploys (getText() is "", not null)
      const target = el.children.find((c): c is XmlElement => c.kind === 'element' && c.local === 'target');
      if (
        target &&
        attrValue(target, 'type') === 'variable' &&
        // OMElement.getText(): text and CDATA
        textContent(target) === ''
      )
        report.add(
          'SYN112',
          target.nameSpan,
          `<target type="variable"> needs the variable's name inside it: Micro Integrator refuses this call ("Variable name is required for VARIABLE type").`,
        );
      break;
    }
    case 'dataServiceCall':
      checkDataServiceCall(el, report);
      break;
    case 'rewrite':
      // URLRewriteMediatorFactory.parseRule reads condition.getFirstElement() only: a condition written as text is
      // no condition, and the rule applies to every message
      for (const rule of el.children) {
        if (rule.kind !== 'element' || rule.local !== 'rewriterule') continue;
        const cond = rule.children.find(
          (c): c is XmlElement => c.kind === 'element' && c.local === 'condition',
        );
        if (!cond || cond.children.some((c) => c.kind === 'element')) continue;
        const t = cond.children.find((c) => c.kind === 'text' && c.value.trim() !== '');
        if (t && t.kind === 'text')
          report.add(
            'SYN111',
            cond.nameSpan,
            `<condition> is read only as an evaluator element (<equal>, <match>, <and>, <or>, <not>): Micro Integrator ignores the text '${t.value.trim().slice(0, 40)}', and the rule applies to every message.`,
          );
      }
      break;
    case 'header': {
      const scope = attrValue(el, 'scope') ?? 'default';
      const name = attr(el, 'name');
      // HeaderMediatorFactory: a default-scope name needs a declared prefix unless it is one of these (no MessageID;
      // a {...} name is not read as an expression there: it is checked like any other)
      if (scope === 'default' && name) {
        const v = name.value;
        const wsa = ['To', 'From', 'Action', 'FaultTo', 'ReplyTo', 'RelatesTo'];
        if (!wsa.includes(v)) {
          const colon = v.indexOf(':');
          if (colon < 0) {
            report.add(
              'SYN502',
              name.valueSpan,
              `SOAP header '${v}' needs a namespace prefix (prefix:name with xmlns:prefix declared), or set scope="transport" for an HTTP header.`,
              { suggestScope: 'transport' },
            );
          } else {
            const prefix = v.slice(0, colon);
            let declared = false;
            for (let e: XmlElement | undefined = el; e && !declared; e = e.parent)
              declared = e.attributes.some((a) => a.prefix === 'xmlns' && a.local === prefix);
            if (!declared)
              report.add(
                'SYN502',
                name.valueSpan,
                `The prefix '${prefix}' of SOAP header '${v}' is not declared (add xmlns:${prefix}="...").`,
              );
          }
        }
      }
      break;
    }
    default:
      break;
  }
}

const isTerminal = (c: XmlElement) => resolveElement(c).mediator?.terminal === true;

function checkReferences(
  model: FileModel,
  index: ProjectIndex,
  report: Report,
  options: ValidateOptions,
  callTemplates: XmlElement[],
): void {
  for (const ref of model.references) {
    if (ref.dynamic) continue;
    if (isRegistryKey(ref.key)) {
      // The MI layout keeps registry resources as files; other layouts map them through descriptors: not checked
      if (
        options.layout === 'mi' &&
        options.resourceDirs &&
        !registryFile({ resourceDirs: options.resourceDirs }, ref.key) &&
        // a data mapper's .dmc and schemas are built from the <Name>.ts beside them
        !registryFile({ resourceDirs: options.resourceDirs }, dataMapperSourceOf(ref.key) ?? ref.key)
      ) {
        report.add(
          'SYN203',
          ref.span,
          `No file under the project's resources provides the registry resource '${ref.key}'.`,
          {
            key: ref.key,
          },
        );
      }
      continue;
    }
    if (ref.refKind === 'registry' || (ref.refKind === 'resource' && /[:/]/.test(ref.key))) continue;
    if (index.resolves(ref.refKind, ref.key)) continue;
    // a sequence or endpoint key may name a local entry holding one (SynapseConfiguration.getSequence/getEndpoint
    // map the entry's XML value to a mediator or endpoint)
    if ((ref.refKind === 'sequence' || ref.refKind === 'endpoint') && index.resolves('localEntry', ref.key))
      continue;
    // an artifact of a dependency project, by its fully qualified name without version (docs-mi
    // versioned-artifact-deployment): resolved by MI from the dependency's CApp, not in this project
    if (
      options.dependencyProjects?.some((d) => ref.key.startsWith(`${d.groupId}__${d.artifactId}__`)) &&
      ref.key.split('__').length === 3
    )
      continue;
    const candidates = index.keysFor(ref.refKind);
    const s = suggest(ref.key, candidates);
    const what = REF_LABEL[ref.refKind] ?? ref.refKind;
    report.add(
      'SYN200',
      ref.span,
      `No ${what} named '${ref.key}' in this project${s.length ? `: did you mean '${s[0]}'?` : '.'}`,
      { refKind: ref.refKind, key: ref.key, suggestions: s },
    );
  }
  // call-template parameters against the template's declaration (the elements the validation walk reached)
  for (const el of callTemplates) {
    const target = attr(el, 'target');
    if (!target || target.value.startsWith('{')) continue;
    const tpl = index.findArtifacts('sequenceTemplate', target.value)[0];
    if (!tpl) continue;
    const params = childElements(tpl.element).filter((p) => p.local === 'parameter');
    const names = new Set(params.map((p) => attrValue(p, 'name') ?? ''));
    const given = new Set<string>();
    for (const w of childElements(el)) {
      if (w.local !== 'with-param') continue;
      const n = attr(w, 'name');
      if (!n) continue;
      given.add(n.value);
      // responseVariable / overwriteBody are read by InvokeMediator itself (the connector response model), declared
      // by the template or not
      if (!names.has(n.value) && n.value !== 'responseVariable' && n.value !== 'overwriteBody') {
        const s = suggest(n.value, names);
        report.add(
          'SYN504',
          n.valueSpan,
          `Template '${target.value}' has no parameter '${n.value}'${s.length ? `: did you mean '${s[0]}'?` : '.'} Micro Integrator ignores it.`,
          // a warning (codes.ts): InvokeMediator stores every with-param, TemplateContext.setupParams reads only
          // the declared ones
          { suggestions: s },
        );
      }
    }
    const mandatory = params.filter(
      (p) => attrValue(p, 'isMandatory') === 'true' && !given.has(attrValue(p, 'name') ?? ''),
    );
    if (mandatory.length) {
      report.add(
        'SYN504',
        el.nameSpan,
        `Template '${target.value}' needs the mandatory parameter${mandatory.length > 1 ? 's' : ''} ${mandatory.map((p) => `'${attrValue(p, 'name')}'`).join(', ')}: Micro Integrator deploys the call and fails it at run time (its defaultValue is not used for a mandatory parameter).`,
        {
          missingParams: mandatory.map((p) => attrValue(p, 'name')),
        },
      );
    }
  }
}

const REF_LABEL: Record<string, string> = {
  sequence: 'sequence',
  endpoint: 'endpoint',
  sequenceTemplate: 'sequence template',
  endpointTemplate: 'endpoint template',
  template: 'template',
  localEntry: 'local entry',
  messageStore: 'message store',
  messageProcessor: 'message processor',
  resource: 'local entry or registry resource',
  inboundEndpoint: 'inbound endpoint',
};

/**
 * Two APIs of one deployment with the same context and version: SynapseConfiguration.addAPI refuses the one deployed
 * second ("URL context: /x is already registered with the API: Y"), the context compared without its trailing '/'
 * (API.setContext, ApiUtils.trimTrailingSlashes) and the version as written ('' without one). Which of them MI keeps
 * depends on the deployment order: both are reported. (APIs of the same name are SYN201.)
 */
function checkApiContextClash(model: FileModel, api: XmlElement, index: ProjectIndex, report: Report): void {
  const context = attr(api, 'context');
  if (!context || !context.value.startsWith('/')) return;
  const key = (el: XmlElement) =>
    `${(attrValue(el, 'context') ?? '').replace(/\/+$/, '')}\u0000${attrValue(el, 'version') ?? ''}`;
  const mine = key(api);
  const name = attrValue(api, 'name');
  const others = index
    .findArtifacts('api')
    .filter((o) => o.file !== model.path && o.name !== name && key(o.element) === mine);
  if (!others.length) return;
  const version = attrValue(api, 'version');
  report.add(
    'SYN402',
    context.valueSpan,
    `The API ${others.map((o) => `'${o.name}' (${basename(o.file)})`).join(', ')} has the same context '${context.value}'${version ? ` and version '${version}'` : ''}: Micro Integrator refuses the API deployed second ("URL context: ${context.value.replace(/\/+$/, '')} is already registered with the API: ...").`,
  );
}

/** The type SynapseConfiguration.assertAlreadyExists names for an artifact of Synapse's local registry. */
const LOCAL_REGISTRY_TYPES: Partial<Record<string, string>> = {
  sequence: 'sequence',
  endpoint: 'endpoint',
  sequenceTemplate: 'sequence-template',
  endpointTemplate: 'template',
};

/**
 * The kinds a project's CAR carries as artifacts named after their name (a local entry: its key; Synapse's local
 * registry's kinds among them): two of one name clash (SYN201; the language server re-validates both).
 */
export const CAR_ARTIFACT_KINDS = [
  'api',
  'proxy',
  'sequence',
  'endpoint',
  'localEntry',
  'sequenceTemplate',
  'endpointTemplate',
  'inboundEndpoint',
  'task',
  'messageStore',
  'messageProcessor',
  'dataService',
] as const;

/**
 * Two artifacts of different kinds with one name in a project MI's tooling packages: its CAR build (vscode-car-plugin
 * CAppHandler.processArtifactsInFolder) names each artifact NAME (NAME_VERSION for an API with a version) and writes it
 * to the folder NAME_VERSION (the `version` attribute, else the project's), so the later of the two overwrites the
 * earlier's file and artifact.xml and artifacts.xml lists the survivor twice (CappDeployer.buildDependencyTree resolves
 * both dependencies to it): the CAR has only one of them, deployed twice (for most kinds the second deployment is
 * refused and the CApp fails). `synapse package` refuses such a project (PROJECT_DUPLICATE). A local entry and a
 * sequence, endpoint or template of one key: the other file's SYN201 (assertAlreadyExists) says it already.
 */
const CAR_LABEL: Partial<Record<string, string>> = {
  api: 'API',
  proxy: 'proxy service',
  task: 'task',
  dataService: 'data service',
};

function checkCarNameClash(model: FileModel, index: ProjectIndex, report: Report): void {
  const a = model.artifact;
  if (!a?.name || !(CAR_ARTIFACT_KINDS as readonly string[]).includes(a.kind)) return;
  const own = (el: XmlElement) => attrValue(el, 'version') ?? '';
  // a versioned API is NAME_VERSION in the CAR: another artifact is not named so in practice
  if (a.kind === 'api' && own(a.element)) return;
  const registry = (k: string) => k !== 'localEntry' && k in LOCAL_REGISTRY_TYPES;
  const clash = CAR_ARTIFACT_KINDS.filter((k) => k !== a.kind)
    .filter((k) => !((k === 'localEntry' && registry(a.kind)) || (a.kind === 'localEntry' && registry(k))))
    .flatMap((k) => index.findArtifacts(k, a.name))
    .filter((s) => s.file !== model.path && own(s.element) === own(a.element))
    .filter((s) => !(s.kind === 'api' && own(s.element)));
  if (!clash.length) return;
  const label = (k: string) => CAR_LABEL[k] ?? REF_LABEL[k] ?? k;
  report.add(
    'SYN201',
    a.nameSpan,
    `The ${clash.map((s) => `${label(s.kind)} '${a.name}' (${basename(s.file)})`).join(', ')} has the same name: MI's CAR build writes both to the CAR folder ${a.name}_<version>, so the CAR keeps only one of them (and deploys it twice); synapse package refuses this (PROJECT_DUPLICATE). Rename one of them.`,
  );
}

function checkNames(model: FileModel, index: ProjectIndex, options: ValidateOptions, report: Report): void {
  const a = model.artifact;
  if (!a || !a.name) return;
  if (a.kind === 'unitTest' || a.kind === 'mockService') return;
  // lone files (the editor's files outside every project share one index) are no deployment: nothing clashes
  if (options.layout === 'file') return;
  // an API is registered under API.getName(): its name and ':v' + version when it has one, so two versions of one API
  // (name="Hotel" version="1.0.0" and "2.0.0", MI API versioning) both deploy (SynapseConfiguration.addAPI)
  const apiVersion = (el: XmlElement) => (a.kind === 'api' ? (attrValue(el, 'version') ?? '') : '');
  const same = index
    .findArtifacts(a.kind, a.name)
    .filter((s) => s.file === model.path || apiVersion(s.element) === apiVersion(a.element));
  if (same.length > 1) {
    const others = same.filter((s) => s.file !== model.path).map((s) => basename(s.file));
    report.add(
      'SYN201',
      a.nameSpan,
      `Another ${a.kind} is also named '${a.name}' (${others.join(', ')}): names must be unique.`,
    );
  }
  if (a.kind === 'api') checkApiContextClash(model, a.element, index, report);
  // local entries, sequences, endpoints and templates share Synapse's local registry, where
  // SynapseConfiguration.assertAlreadyExists refuses a key a local entry holds; local entries deploy first
  // (SynapseAppDeployer.getOrderedArtifactsMap), so the other artifact is refused
  const registryType = LOCAL_REGISTRY_TYPES[a.kind];
  if (registryType) {
    const entries = index.findArtifacts('localEntry', a.name).filter((s) => s.file !== model.path);
    if (entries.length)
      report.add(
        'SYN201',
        a.nameSpan,
        `The local entry '${a.name}' (${entries.map((s) => basename(s.file)).join(', ')}) has the same key: Micro Integrator deploys local entries first and refuses this ${REF_LABEL[a.kind] ?? a.kind} ("Duplicate ${registryType} definition for key : ${a.name}").`,
      );
  }
  if (options.layout === 'mi' || options.layout === 'integration-studio')
    checkCarNameClash(model, index, report);
  if (options.layout === 'mi' || options.layout === 'integration-studio') {
    const file = basename(model.path).replace(/\.(xml|dbs)$/i, '');
    const version = a.kind === 'api' ? attrValue(a.element, 'version') : undefined;
    const accepted = [
      a.name,
      version ? `${a.name}_v${version}` : '',
      version ? `${a.name}_${version}` : '',
    ].filter(Boolean);
    if (!accepted.includes(file)) {
      report.add(
        'SYN202',
        a.nameSpan,
        `The ${a.kind} '${a.name}' is in '${basename(model.path)}': Micro Integrator deploys it whatever the file is called, but MI tooling names the file '${a.name}.xml'.`,
        {
          expectedFile: `${a.name}.xml`,
        },
      );
    }
  }
}
