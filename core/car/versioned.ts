/**
 * Versioned deployment of Carbon applications (MI 4.5): a CAR whose descriptor.xml says
 * `<versionedDeployment>true</versionedDeployment>` deploys every artifact under `<id>__<name>` (the descriptor's
 * `<id>` is `groupId__artifactId__version`), and the references inside it are resolved to those names, as
 * ApplicationConfiguration.populateArtifactIdentifiers reads the descriptor and Synapse's factories apply
 * FactoryUtils.getFullyQualifiedName to each name and key they read. A reference that already has `__`
 * (`groupId__artifactId__Name`) names an artifact of a CAR the descriptor depends on and takes that dependency's
 * version. With `expose.versioned.services` (synapse.properties) an API is served under
 * `/groupId/artifactId/version<context>` (API.setContext) and a proxy is named `<id>/<name>`
 * (FactoryUtils.getFullyQualifiedNameForServices); registry items of the CAR are stored as `<id>__<file>`
 * (AppDeployerUtils.computeResourcePath) and static resource keys are read the same way
 * (FactoryUtils.prependArtifactIdentifierToFileName).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  attrValue,
  childrenNamed,
  firstChild,
  parseXml,
  textContent,
  walkElements,
  type XmlElement,
} from '../xml';
import { CarError } from './errors';
import { readPom } from './pom';
import { loadXml, utf8 } from './xmlutil';

export const DOUBLE_UNDERSCORE = '__';

/** What descriptor.xml says about versioned deployment (undefined: not versioned). */
export interface VersionedDescriptor {
  /** `groupId__artifactId__version`. */
  id: string;
  /** `groupId__artifactId` -> version, from `<dependencies><dependency groupId artifactId version>`. */
  dependencies: Map<string, string>;
  fatCar: boolean;
}

/** descriptor.xml at the root of the archive, as ApplicationConfiguration.populateArtifactIdentifiers reads it. */
export function readDescriptor(entries: Map<string, Buffer>, file: string): VersionedDescriptor | undefined {
  const buf = entries.get('descriptor.xml');
  if (!buf) return undefined;
  const where = `${file}!descriptor.xml`;
  const root = loadXml(utf8(buf), where, 'CAR_BAD_DESCRIPTOR');
  const text = (n: string) => {
    const el = firstChild(root, n);
    return el ? textContent(el).trim() : '';
  };
  // Boolean.parseBoolean: "true" in any case
  if (text('versionedDeployment').toLowerCase() !== 'true') return undefined;
  const id = text('id');
  if (!id)
    throw new CarError(
      'CAR_BAD_DESCRIPTOR',
      'Invalid descriptor.xml. Artifact id is missing for a versioned deployment',
      where,
    );
  const dependencies = new Map<string, string>();
  const deps = firstChild(root, 'dependencies');
  for (const d of deps ? childrenNamed(deps, 'dependency') : []) {
    const a = (n: string) => attrValue(d, n) ?? 'null';
    dependencies.set(`${a('groupId')}${DOUBLE_UNDERSCORE}${a('artifactId')}`, a('version'));
  }
  return { id, dependencies, fatCar: text('fatCarEnabled') === 'true' };
}

/**
 * The versioned deployment a project folder packages to (pom.xml: groupId, artifactId, version and the
 * `versionedDeployment` property true; its `type=car` dependencies), as descriptor.xml would say it; undefined when
 * the project does not deploy versioned or its pom cannot be read.
 */
export function projectDescriptor(dir: string): VersionedDescriptor | undefined {
  const file = join(dir, 'pom.xml');
  if (!existsSync(file)) return undefined;
  try {
    const pom = readPom(file);
    if (pom.properties.versionedDeployment?.toLowerCase() !== 'true') return undefined;
    if (!pom.groupId || !pom.artifactId || !pom.version || pom.version.includes('${')) return undefined;
    return {
      id: [pom.groupId, pom.artifactId, pom.version].join(DOUBLE_UNDERSCORE),
      dependencies: new Map(
        pom.carDependencies.map((d) => [`${d.groupId}${DOUBLE_UNDERSCORE}${d.artifactId}`, d.version]),
      ),
      fatCar: false,
    };
  } catch {
    return undefined;
  }
}

/**
 * Where the service name ends in the part of a path after `/services/` (the index of the slash after it, or -1):
 * at the first slash, except that a first segment with two `__` (`groupId__artifactId__version`) takes the next
 * segment with it when `has` knows that name (a versioned CAR's proxy or data service `<id>/<name>` with
 * expose.versioned.services). Runs for every service request: nothing is built unless the segment has two `__`.
 */
export function serviceNameEnd(rest: string, has: (name: string) => boolean): number {
  const slash = rest.indexOf('/');
  const under = slash > 0 ? rest.indexOf(DOUBLE_UNDERSCORE) : -1;
  if (under < 0 || under > slash || rest.lastIndexOf(DOUBLE_UNDERSCORE, slash - 2) <= under + 1) return slash;
  const next = rest.indexOf('/', slash + 1);
  return has(rest.slice(0, next < 0 ? undefined : next)) ? next : slash;
}

/** Java's String.split(regex): trailing empty strings dropped. */
function split(s: string): string[] {
  const parts = s.split(DOUBLE_UNDERSCORE);
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The version descriptor.xml gives the dependency `groupId__artifactId` (FactoryUtils: a missing one fails). */
function dependencyVersion(
  d: VersionedDescriptor,
  artifactId: string,
  what: 'artifact' | 'resource',
): string {
  const version = d.dependencies.get(artifactId);
  if (!version?.trim())
    throw new CarError('CAR_BAD_ARTIFACT', `Cannot find the ${what} version for : ${artifactId}`, d.id);
  return version;
}

/** FactoryUtils.getFullyQualifiedName. */
function qualifiedName(d: VersionedDescriptor, name: string): string {
  if (!name.includes(DOUBLE_UNDERSCORE)) return `${d.id}${DOUBLE_UNDERSCORE}${name}`;
  const parts = split(name);
  if (parts.length < 3)
    throw new CarError('CAR_BAD_ARTIFACT', `Invalid artifact reference name : ${name}`, d.id);
  const artifactId = `${parts[0]}${DOUBLE_UNDERSCORE}${parts[1]}`;
  const version = dependencyVersion(d, artifactId, 'artifact');
  return `${artifactId}${DOUBLE_UNDERSCORE}${version}${DOUBLE_UNDERSCORE}${parts[2]}`;
}

/** FactoryUtils.getFullyQualifiedNameForServices(properties, name) (proxy services, data services). */
function qualifiedServiceName(d: VersionedDescriptor, name: string): string {
  if (!name.includes(DOUBLE_UNDERSCORE)) return `${d.id}/${name}`;
  const parts = split(name);
  if (parts.length < 2 || !parts[1].includes('/'))
    throw new CarError('CAR_BAD_ARTIFACT', `Invalid artifact name : ${name}`, d.id);
  const artifactId = `${parts[0]}${DOUBLE_UNDERSCORE}${parts[1].split('/')[0]}`;
  const version = dependencyVersion(d, artifactId, 'artifact');
  return `${artifactId}${DOUBLE_UNDERSCORE}${version}/${parts[1].split('/')[1]}`;
}

/** FactoryUtils.prependArtifactIdentifierToFileName (a registry key). */
function qualifiedResourceKey(d: VersionedDescriptor, path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const file = path.slice(slash + 1);
  if (!path.includes(DOUBLE_UNDERSCORE)) return `${dir}${d.id}${DOUBLE_UNDERSCORE}${file}`;
  const parts = split(file);
  if (parts.length < 3)
    throw new CarError('CAR_BAD_ARTIFACT', `Invalid resource reference name : ${path}`, d.id);
  const artifactId = `${parts[0]}${DOUBLE_UNDERSCORE}${parts[1]}`;
  const version = dependencyVersion(d, artifactId, 'resource');
  return `${dir}${artifactId}${DOUBLE_UNDERSCORE}${version}${DOUBLE_UNDERSCORE}${parts[2]}`;
}

/** A key written as `{expression}` is dynamic (ValueFactory: hasExprTypeKey): it is left as it is. */
const isStatic = (v: string) => !/^\s*\{.*\}\s*$/s.test(v);

/** ApiUtils.trimTrailingSlashes. */
const trimSlashes = (s: string) => s.replace(/\/+$/, '');

/**
 * The artifact's XML as MI deploys it from a versioned CAR: names and static references qualified (see the file's
 * comment), and with `expose` API names and contexts and proxy names too. `warn` receives FactoryUtils' warning for a
 * service of a non-versioned CAR when `expose` is on (call with `d` undefined for those).
 */
export function versionedXml(
  xml: string,
  d: VersionedDescriptor | undefined,
  expose: boolean,
  warn?: (message: string) => void,
  /** Rewrite registry resource keys too (off where the resources are not stored under versioned names). */
  resources = true,
): string {
  const doc = parseXml(xml);
  const root = doc.root;
  if (!root) return xml;
  if (!d) {
    // FactoryUtils.getFullyQualifiedNameForServices on a non-versioned artifact
    // (DataServiceFactory.createDataService warns in the same words for a data service)
    const type =
      root.local === 'api'
        ? 'API'
        : root.local === 'proxy'
          ? 'ProxyService'
          : root.local === 'data'
            ? 'DataService'
            : undefined;
    const name = root.attributes.find((a) => a.name === 'name')?.value;
    if (expose && type && name !== undefined)
      warn?.(
        `The ${type} '${name}' is not included in a versioned CApp. Versioned service exposure is skipped; deploying as a regular ${type}.`,
      );
    return xml;
  }
  const edits: { start: number; end: number; text: string }[] = [];
  const set = (el: XmlElement, attr: string, fn: (v: string) => string, onlyStatic = true) => {
    const a = el.attributes.find((x) => x.name === attr);
    if (!a || (onlyStatic && !isStatic(a.value))) return;
    const v = fn(a.value);
    if (v === a.value) return;
    const q = a.quote === "'" ? '&apos;' : '&quot;';
    const esc = v
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(a.quote === "'" ? /'/g : /"/g, q);
    edits.push({ start: a.valueSpan.start, end: a.valueSpan.end, text: esc });
  };
  const fq = (v: string) => qualifiedName(d, v);
  const res = (v: string) => (resources ? qualifiedResourceKey(d, v) : v);
  switch (root.local) {
    case 'api':
      if (expose) {
        set(root, 'name', fq, false);
        // API.setContext: "/" + the identifier with '__' as '/' + the context without trailing slashes
        set(root, 'context', (c) => `/${d.id.split(DOUBLE_UNDERSCORE).join('/')}${trimSlashes(c)}`, false);
      }
      break;
    case 'proxy':
      if (expose) set(root, 'name', (n) => qualifiedServiceName(d, n), false);
      break;
    case 'data':
      // DataServiceFactory.createDataService: `<id>/<name>` (the name as written, no `__` resolution); nothing
      // else of a data service is read through FactoryUtils
      if (expose) set(root, 'name', (n) => `${d.id}/${n}`, false);
      return applyEdits();
    case 'localEntry':
      set(root, 'key', fq, false);
      break;
    case 'sequence':
    case 'template':
    case 'messageStore':
      set(root, 'name', fq, false);
      if (root.local === 'sequence') set(root, 'onError', fq, false);
      break;
    case 'messageProcessor':
      set(root, 'name', fq, false);
      set(root, 'targetEndpoint', fq, false);
      set(root, 'messageStore', fq, false);
      break;
    case 'task':
      set(root, 'name', fq, false);
      break;
    case 'endpoint':
      set(root, 'name', fq, false);
      break;
    case 'inboundEndpoint':
      set(root, 'sequence', fq, false);
      set(root, 'onError', fq, false);
      break;
  }
  function applyEdits(): string {
    edits.sort((a, b) => b.start - a.start);
    let out = xml;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  }
  walkElements(root, (el) => {
    if (el === root) return;
    switch (el.local) {
      case 'sequence':
        set(el, 'key', fq);
        break;
      case 'then':
      case 'else':
      case 'onComplete':
        set(el, 'sequence', fq, false);
        break;
      case 'foreach':
        set(el, 'sequence', fq, false);
        break;
      case 'call-template':
        set(el, 'target', fq, false);
        break;
      case 'store':
        set(el, 'messageStore', fq);
        set(el, 'sequence', fq, false);
        break;
      case 'target':
        for (const n of ['sequence', 'endpoint', 'inSequence', 'outSequence', 'faultSequence'])
          set(el, n, fq, false);
        break;
      case 'resource':
        for (const n of ['inSequence', 'outSequence', 'faultSequence']) set(el, n, fq, false);
        break;
      case 'endpoint':
        // an endpoint template's endpoint keeps its name (TemplateEndpointFactory resolves it when used)
        if (root.local !== 'template') set(el, 'name', fq, false);
        set(el, 'key', fq, false);
        break;
      case 'xslt':
        set(el, 'key', res);
        break;
      case 'format':
        if (el.parent?.local === 'payloadFactory') set(el, 'key', res);
        break;
      case 'schema':
        if (el.parent?.local === 'validate') set(el, 'key', res);
        break;
      case 'jsontransform':
        set(el, 'schema', res);
        break;
      case 'script':
        set(el, 'key', res);
        break;
      case 'xquery':
        set(el, 'key', res);
        break;
      case 'variable':
        // XQueryMediatorFactory: a variable's registry key
        if (el.parent?.local === 'xquery') set(el, 'key', res, false);
        break;
      case 'throttle':
        set(el, 'onReject', (v) => fq(v.trim()), false);
        set(el, 'onAccept', fq, false);
        break;
      case 'policy':
        if (el.parent?.local === 'throttle') set(el, 'key', fq, false);
        break;
      case 'onCacheHit':
        set(el, 'sequence', fq, false);
        break;
      case 'entitlementService':
        for (const n of ['onReject', 'onAccept', 'obligations', 'advice']) set(el, n, fq, false);
        break;
      case 'datamapper':
        for (const n of ['config', 'inputSchema', 'outputSchema', 'xsltStyleSheet']) set(el, n, res);
        break;
      case 'parameter':
        // MessageProcessorFactory: the processor's `sequence` parameter (text)
        if (
          root.local === 'messageProcessor' &&
          el.attributes.some((a) => a.name === 'name' && a.value === 'sequence')
        )
          textEdit(el, fq);
        break;
      case 'property':
        // SimpleQuartzFactory.updateTaskForVersioning: the `sequenceName` property's value
        if (
          root.local === 'task' &&
          el.attributes.some((a) => a.name === 'name' && a.value === 'sequenceName')
        )
          set(el, 'value', fq, false);
        break;
    }
    // a connector operation's connection (MediatorFactoryFinder: configKey)
    set(el, 'configKey', fq);
  });
  function textEdit(el: XmlElement, fn: (v: string) => string) {
    const t = el.children.find((c) => c.kind === 'text' && c.value.trim());
    if (!t || t.kind !== 'text') return;
    edits.push({ start: t.span.start, end: t.span.end, text: fn(t.value.trim()) });
  }
  return applyEdits();
}
