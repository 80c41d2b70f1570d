/**
 * Connector operations (`<x.op>`) and connections (`<x.init>` in a local entry) against what the project's connector
 * zips (or the built-in HTTP connector) declare. Everything here is a warning at most: Micro Integrator deploys an
 * operation as an InvokeMediator as soon as a deployed connector's name is a prefix of the element's name
 * (MediatorFactoryFinder.getMediator), and what goes wrong shows only when a message runs:
 * - an operation the connector lacks: InvokeMediator.mediate fails with "Sequence template ... cannot be found";
 * - a parameter the template does not declare: TemplateContext.setupParams reads declared parameters only, so it is
 *   ignored;
 * - a required parameter left out: the template runs with no value for it;
 * - a configKey naming a local entry that holds no `<x.init>`: InvokeMediator runs whatever the entry holds as the
 *   connection (or fails when it is no mediator).
 * A connector neither carried by the project nor built in is not checked at all (the server may have it).
 */
import { statSync } from 'node:fs';
import type { XmlElement } from '../../xml/types';
import { attr, attrValue, childElements, textContent } from '../../xml/query';
import { parseXml } from '../../xml/parse';
import { readXmlFile } from '../../xml/decode';
import {
  connectionParams,
  fieldValues,
  isRequiredParam,
  requiredNow,
  type Connector,
  type ConnectorOperation,
  type ConnectorParam,
  type ConnectorSet,
} from '../../catalog/connectors';
import type { FileModel } from '../../project/model';
import type { ProjectIndex } from '../../project';
import { Report, suggest } from '../report';
import { checkConnectorParams, namespacesInScope } from './expressions';
import { httpConnectionRefusal } from '../../httpConnection';
import { parseDynamicValue } from '../../expressions/parse';

/** Where the connector's declarations come from, for messages. */
export function connectorOrigin(c: Connector): string {
  if (c.origin === 'builtin') return `the built-in ${c.label ?? c.name} connector`;
  const file = c.source
    ? c.source.slice(Math.max(c.source.lastIndexOf('/'), c.source.lastIndexOf('\\')) + 1)
    : '';
  return `the connector zip ${file || c.name}`;
}

/**
 * A default that stands for a value (not empty, not a bare scheme such as `http://` the tooling pre-fills): a
 * required parameter with one is not reported missing (the connector falls back to it).
 */
function hasRealDefault(p: ConnectorParam): boolean {
  return p.default !== undefined && p.default !== '' && !/^[a-z]+:\/\/$/i.test(p.default);
}

/** `<x.init>` parameters MI reads from the element itself (LocalEntryDeployer / HTTPConnectionUtils for http). */
const INIT_ALWAYS_KNOWN = new Set(['connectionType', 'name']);
/**
 * Parameters InvokeMediator reads itself whatever the template declares (SynapseConstants.RESPONSE_VARIABLE and
 * OVERWRITE_BODY: the result goes to that variable, and into the body or not); and the description the tooling
 * writes from a uischema `description` field (connectors such as CSV declare it in no template: a note, not a value).
 */
const INVOKE_READS = new Set(['responseVariable', 'overwriteBody', 'description']);

export interface ConnectorCheckContext {
  connectors: ConnectorSet;
  index?: ProjectIndex;
  /** Check configKey against the project's local entries. */
  checkReferences: boolean;
}

/**
 * Checks the connector operations found by the validation walk (`ops`), and a local entry's connection.
 */
export function checkConnectors(
  model: FileModel,
  ops: readonly XmlElement[],
  ctx: ConnectorCheckContext,
  report: Report,
): void {
  const set = ctx.connectors;
  // the expressions of every operation's parameters, whatever connector provides it: MI compiles them when it builds
  // the operation (an error, unlike the warnings below)
  for (const el of ops) checkConnectorParams(el, model.text, report);
  let unknownReported = false;
  const root = model.doc.root;
  const all = [...ops];
  // a connection: <localEntry key="K"><x.init>...</x.init></localEntry> (free content for the catalog)
  if (root && root.local === 'localEntry') {
    for (const c of childElements(root))
      if (c.local.endsWith('.init') && c.local.indexOf('.') > 0) all.push(c);
  }
  for (const el of all) {
    const hit = set.lookup(el.local);
    if (!hit) {
      if (!unknownReported && set.problems.length) {
        unknownReported = true;
        const list = set.problems.map((p) => `${baseName(p.file)} (${p.message})`).join('; ');
        report.add(
          'SYN604',
          el.nameSpan,
          `No connector of this project provides <${el.name}>; ${set.problems.length === 1 ? 'a connector zip was' : 'connector zips were'} ignored: ${list}.`,
          { files: set.problems.map((p) => p.file) },
        );
      }
      continue;
    }
    const { connector, operation } = hit;
    const opName = el.local.slice(el.local.indexOf('.') + 1);
    if (!operation) {
      const s = suggest(
        opName,
        [...connector.operations.values()].filter((o) => !o.hidden).map((o) => o.name),
      );
      report.add(
        'SYN600',
        el.nameSpan,
        `${cap(connectorOrigin(connector))} has no operation '${opName}'${s.length ? `: did you mean <${connector.name}.${s[0]}>?` : '.'} Micro Integrator deploys it and fails when a message reaches it (no template ${connector.name}.${opName}).`,
        { suggestions: s.map((x) => `${connector.name}.${x}`), connector: connector.name },
      );
      continue;
    }
    checkOperationAttributes(el, report);
    checkParams(el, operation, report);
    if (connector.name === 'http' && operation.name === 'init' && root?.local === 'localEntry')
      checkHttpConnection(el, attrValue(root, 'key') ?? '', report);
    if (operation.name !== 'init') checkConfigKey(el, connector, ctx, report);
  }
}

/**
 * What MI refuses when it deploys an HTTP connection's endpoint (LocalEntryDeployer fails the entry), with the codes
 * `synapse run` gives it (the same reading, core/httpConnection.ts).
 */
function checkHttpConnection(init: XmlElement, key: string, report: Report): void {
  const refused = httpConnectionRefusal(init, (x) => {
    const parsed = parseDynamicValue(`{${x}}`, { namespaces: namespacesInScope(init) });
    return parsed !== undefined && parsed.errors.length === 0;
  });
  if (refused)
    report.add(
      refused.code,
      refused.at.nameSpan,
      `The connection '${key}' cannot deploy its endpoint: ${refused.reason}. Micro Integrator refuses the local entry.`,
    );
}

/** Attributes a connector operation may carry without a finding: the one MI reads, and the editors' labels. */
const OPERATION_ATTRIBUTES = new Set(['configKey', 'description', 'trace', 'statistics', 'traceFilter']);

/**
 * MediatorFactoryFinder.getDynamicInvokeMediator reads configKey and no other attribute of the element: anything
 * else is ignored (responseVariable and overwriteBody count only as child elements, InvokeMediator's parameters).
 */
function checkOperationAttributes(el: XmlElement, report: Report): void {
  for (const a of el.attributes) {
    if (a.prefix !== '' || a.name === 'xmlns' || OPERATION_ATTRIBUTES.has(a.name)) continue;
    const asParam = a.name === 'responseVariable' || a.name === 'overwriteBody';
    report.add(
      'SYN101',
      a.nameSpan,
      asParam
        ? `'${a.name}' is read as a child element <${a.name}> of <${el.name}>, not as an attribute: Micro Integrator ignores the attribute.`
        : `Unknown attribute '${a.name}' on <${el.name}>: a connector operation takes only configKey (its parameters are child elements). Micro Integrator ignores it.`,
      asParam ? { asElement: a.name } : undefined,
    );
  }
}

function checkParams(el: XmlElement, op: ConnectorOperation, report: Report): void {
  const isInit = op.name === 'init';
  const given = new Map<string, XmlElement>();
  for (const c of childElements(el)) if (!given.has(c.local)) given.set(c.local, c);
  // parameters the template does not declare (MI ignores them); http.init is read whole by MI at deploy time
  const declared = op.declared;
  if (declared && !(isInit && op.connector.name === 'http')) {
    const names = isInit ? connectionParams(op.connector).map((p) => p.name) : op.params.map((p) => p.name);
    for (const [name, c] of given) {
      if (declared.has(name) || INVOKE_READS.has(name) || (isInit && INIT_ALWAYS_KNOWN.has(name))) continue;
      const s = suggest(name, names);
      report.add(
        'SYN601',
        c.nameSpan,
        `<${el.name}> has no parameter '${name}'${s.length ? `: did you mean <${s[0]}>?` : '.'} Micro Integrator passes it on but the operation's template never reads it.`,
        { suggestions: s },
        // the built-in declarations may be of another version than the server's connector: a note only
        op.connector.origin === 'builtin' ? 'info' : undefined,
      );
    }
  }
  // required parameters left out: those required outright, and those whose uischema condition holds
  const required: ConnectorParam[] = [];
  const conditional: ConnectorParam[] = [];
  const seen = new Map<string, ConnectorParam>();
  const consider = (p: ConnectorParam) => {
    if (seen.has(p.name)) return;
    seen.set(p.name, p);
    if (given.has(p.name) || hasRealDefault(p)) return;
    if (isRequiredParam(p)) required.push(p);
    else if (p.requiredWhen !== undefined) conditional.push(p);
  };
  if (isInit) {
    // the connection type's fields first: its uischema says which are required (the init template rarely does)
    const typeEl = given.get('connectionType');
    const type = typeEl ? textContent(typeEl).trim() : undefined;
    const ct = type ? op.connector.connectionTypes.find((t) => t.name === type) : undefined;
    for (const p of ct?.params ?? []) consider(p);
  }
  for (const p of op.params) consider(p);
  if (conditional.length) {
    // what the tooling's form holds for a field: the element's text, else the field's default
    const valueOf = fieldValues(given, seen.values());
    for (const p of conditional) if (requiredNow(p, valueOf)) required.push(p);
  }
  if (required.length) {
    const names = required.map((p) =>
      p.requiredWhen !== undefined && p.condition ? `<${p.name}> (as ${p.condition})` : `<${p.name}>`,
    );
    report.add(
      'SYN602',
      el.nameSpan,
      `<${el.name}> needs ${names.join(', ')} (required by ${connectorOrigin(op.connector)}): Micro Integrator deploys it, but the ${isInit ? 'connection is made' : 'operation runs'} without ${required.length > 1 ? 'them' : 'it'}.`,
      { missingParams: required.map((p) => p.name) },
    );
  }
}

function checkConfigKey(
  el: XmlElement,
  connector: Connector,
  ctx: ConnectorCheckContext,
  report: Report,
): void {
  const key = attr(el, 'configKey');
  if (!key || !ctx.index || !ctx.checkReferences) return;
  const v = key.value;
  if (!v || v.startsWith('{') || v.includes('${')) return;
  const entry = ctx.index.findArtifacts('localEntry', v)[0];
  if (!entry) return; // SYN200 says the local entry is missing
  const held = connectionElement(ctx.index, entry.file, entry.element);
  if (held === undefined) return; // could not read it
  if (held === `${connector.name}.init`) return;
  const connections = connectionKeys(ctx.index, connector.name);
  const s = suggest(v, connections);
  report.add(
    'SYN603',
    key.valueSpan,
    `The local entry '${v}' is not a ${connector.label ?? connector.name} connection: it holds ${held ? `<${held}>` : 'no element'}, not <${connector.name}.init>${s.length ? `; did you mean '${s[0]}'?` : connections.length ? `; connections of this connector: ${connections.slice(0, 5).join(', ')}` : ''}. Micro Integrator deploys it and fails or misbehaves when a message reaches it.`,
    { suggestions: s, connector: connector.name },
  );
}

/** The keys of the project's local entries that hold `<name.init>`. */
export function connectionKeys(index: ProjectIndex, name: string): string[] {
  const out: string[] = [];
  for (const a of index.findArtifacts('localEntry')) {
    if (connectionElement(index, a.file, a.element) === `${name}.init`) out.push(a.name);
  }
  return out.sort();
}

/** The first element a local entry holds ('' for none, undefined when it cannot be read). */
const diskCache = new Map<string, { mtimeMs: number; size: number; held: string | undefined }>();
export function connectionElement(index: ProjectIndex, file: string, root: XmlElement): string | undefined {
  // a full model (the language server's, with the editor's text) has the children; the CLI's index has a stub
  const model = index.getFile(file);
  if (model && model.text) {
    const r = model.doc.root;
    return r ? (childElements(r)[0]?.local ?? '') : undefined;
  }
  if (root.children.length) return childElements(root)[0]?.local ?? '';
  let st;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  const hit = diskCache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.held;
  let held: string | undefined;
  try {
    if (st.size <= 4 * 1024 * 1024) {
      const r = parseXml(readXmlFile(file)).root;
      held = r ? (childElements(r)[0]?.local ?? '') : undefined;
    }
  } catch {
    held = undefined;
  }
  if (diskCache.size > 5000) diskCache.clear();
  diskCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, held });
  return held;
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
