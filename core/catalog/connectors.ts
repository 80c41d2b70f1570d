/**
 * What the editor and the validator know about connectors: their operations (`<name.operation>` elements) and the
 * parameters each one takes, read from a connector zip's files (connector.xml, each component's component.xml, one
 * template per operation, and the uischema/*.json newer connectors carry) or declared here for the HTTP connector
 * (connectors-http.ts).
 *
 * How Micro Integrator uses them (MediatorFactoryFinder.getMediator / getDynamicInvokeMediator, InvokeMediator,
 * TemplateContext.setupParams): an element `<x.op>` that no core mediator factory claims becomes an InvokeMediator of
 * the template `<package>.<x>.<op>` when a deployed connector's import name is a prefix of its local name; each child
 * element becomes a parameter by its local name; at run time the template reads only the parameters it declares.
 */
import { parseXml } from '../xml/parse';
import { attrValue, childElements, firstChild, textContent } from '../xml/query';
import type { XmlElement } from '../xml/types';

export interface ConnectorParam {
  name: string;
  /** The label WSO2's tooling shows for it. */
  label?: string;
  doc: string;
  /** Declared required by the connector (uischema `required`, with no condition on other fields). */
  required: boolean;
  /** When the field only applies under a condition (e.g. `requestBodyType` is XML): said in hover. */
  condition?: string;
  /**
   * The uischema `enableCondition` (with those of the groups around the field) under which a field the uischema marks
   * required applies: the tooling shows, and asks for, the field only while it holds (see `conditionHolds`).
   */
  requiredWhen?: EnableCondition;
  default?: string;
  /** Allowed values (uischema combo values). */
  values?: string[];
}

export interface ConnectorOperation {
  connector: Connector;
  /** The operation's name (the template's). */
  name: string;
  /** The element written in a configuration: `<connector>.<operation>`. */
  element: string;
  label?: string;
  doc: string;
  /** Not meant to be called by users (the tooling hides it; e.g. init). */
  hidden: boolean;
  /** Parameters, in the order the tooling writes them. */
  params: ConnectorParam[];
  /**
   * The names the operation's template declares: only these reach the template (TemplateContext.setupParams). Absent
   * when no template was read (then no parameter is reported as unknown).
   */
  declared?: ReadonlySet<string>;
}

export interface ConnectionType {
  /** e.g. HTTP, HTTPS, LOCAL, FTP: written as `<connectionType>` in `<x.init>`. */
  name: string;
  label?: string;
  params: ConnectorParam[];
}

export interface Connector {
  /** The import name, the prefix of its elements (`http`). */
  name: string;
  packageName: string;
  label?: string;
  doc: string;
  origin: 'zip' | 'builtin';
  /** The zip it was read from. */
  source?: string;
  version?: string;
  /** By operation name (init included when the connector has one). */
  operations: Map<string, ConnectorOperation>;
  /** Connection kinds (uischema files with a connectionName), for `<x.init>` completion. */
  connectionTypes: ConnectionType[];
}

/** A connector zip that was not read, with why. */
export interface ConnectorProblem {
  file: string;
  message: string;
}

/** The connectors known in one place (a project's zips over the built-in ones). */
export class ConnectorSet {
  private readonly byName = new Map<string, Connector>();
  constructor(
    connectors: Iterable<Connector> = [],
    readonly problems: readonly ConnectorProblem[] = [],
  ) {
    for (const c of connectors) if (!this.byName.has(c.name)) this.byName.set(c.name, c);
  }

  get(name: string): Connector | undefined {
    return this.byName.get(name);
  }

  list(): Connector[] {
    return [...this.byName.values()];
  }

  get size(): number {
    return this.byName.size;
  }

  /**
   * The connector and operation of an element's local name (`http.get`): the connector is the one whose name is the
   * part before the first dot; `operation` is undefined when the connector has no such operation.
   */
  lookup(local: string): { connector: Connector; operation: ConnectorOperation | undefined } | undefined {
    const dot = local.indexOf('.');
    if (dot <= 0) return undefined;
    const connector = this.byName.get(local.slice(0, dot));
    if (!connector) return undefined;
    return { connector, operation: connector.operations.get(local.slice(dot + 1)) };
  }
}

/** Every parameter an `<x.init>` may hold: the init template's, every connection type's, and connectionType/name. */
export function connectionParams(connector: Connector): ConnectorParam[] {
  const out = new Map<string, ConnectorParam>();
  out.set('connectionType', {
    name: 'connectionType',
    doc: 'The kind of connection, as the tooling writes it.',
    required: false,
    values: connector.connectionTypes.map((t) => t.name),
  });
  out.set('name', {
    name: 'name',
    doc: 'The name of the connection (the local entry key).',
    required: false,
  });
  for (const p of connector.operations.get('init')?.params ?? []) if (!out.has(p.name)) out.set(p.name, p);
  for (const t of connector.connectionTypes)
    for (const p of t.params) if (!out.has(p.name)) out.set(p.name, p);
  return [...out.values()];
}

// ------------------------------------------------------------------ reading a connector's files

/** Bounds on what is read from one connector (a hostile zip must not cost much). */
export const CONNECTOR_LIMITS = Object.freeze({
  operations: 2_000,
  paramsPerOperation: 500,
  uischemaDepth: 20,
});

/**
 * Builds a connector from its files (path inside the zip -> text). Throws an Error with a clear message when the
 * files do not make a connector (no connector.xml, no component name).
 */
export function connectorFromFiles(
  files: ReadonlyMap<string, string>,
  source?: string,
  version?: string,
): Connector {
  const cx = files.get('connector.xml');
  if (cx === undefined) throw new Error('no connector.xml at the top of the zip');
  const root = parseXml(cx).root;
  const comp = root && root.local === 'connector' ? firstChild(root, 'component') : undefined;
  const name = comp ? attrValue(comp, 'name') : undefined;
  if (!comp || !name) throw new Error('connector.xml has no <component name="...">');
  if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new Error(`connector name '${name}' is not an XML name`);
  const displayName = root ? firstChild(root, 'displayName') : undefined;
  const description = firstChild(comp, 'description');
  const connector: Connector = {
    name,
    packageName: attrValue(comp, 'package') ?? '',
    label: displayName ? textContent(displayName).trim() || undefined : undefined,
    doc: description ? textContent(description).trim() : '',
    origin: 'zip',
    source,
    version,
    operations: new Map(),
    connectionTypes: [],
  };
  // the components this connector depends on (config, functions, ...), each a folder with a component.xml
  const dirs = childElements(comp)
    .filter((d) => d.local === 'dependency')
    .map((d) => attrValue(d, 'component') ?? '')
    .filter((d) => d && !d.includes('..'));
  for (const dir of dirs) {
    const cxml = files.get(`${dir}/component.xml`);
    if (cxml === undefined) continue;
    const croot = parseXml(cxml).root;
    const subs = croot ? firstChild(croot, 'subComponents') : undefined;
    if (!subs) continue;
    for (const sc of childElements(subs)) {
      if (sc.local !== 'component' || connector.operations.size >= CONNECTOR_LIMITS.operations) continue;
      const opName = attrValue(sc, 'name');
      if (!opName) continue;
      const fileEl = firstChild(sc, 'file');
      const file = fileEl ? textContent(fileEl).trim() : `${opName}.xml`;
      const template = files.get(`${dir}/${file}`);
      const hidden = firstChild(sc, 'hidden');
      const desc = firstChild(sc, 'description');
      const label = firstChild(sc, 'displayName');
      const op: ConnectorOperation = {
        connector,
        name: opName,
        element: `${name}.${opName}`,
        label: label ? textContent(label).trim() || undefined : undefined,
        doc: desc ? textContent(desc).trim() : '',
        hidden: hidden ? textContent(hidden).trim() === 'true' : opName === 'init',
        params: [],
      };
      if (template !== undefined) {
        const t = parseXml(template).root;
        if (t && t.local === 'template') {
          const declared = new Set<string>();
          for (const p of childElements(t)) {
            if (p.local !== 'parameter' || op.params.length >= CONNECTOR_LIMITS.paramsPerOperation) continue;
            const pn = attrValue(p, 'name');
            if (!pn || declared.has(pn)) continue;
            declared.add(pn);
            const dv = attrValue(p, 'defaultValue');
            op.params.push({
              name: pn,
              doc: attrValue(p, 'description') ?? '',
              required: attrValue(p, 'isMandatory') === 'true' && dv === undefined,
              default: dv,
            });
          }
          op.declared = declared;
        }
      }
      connector.operations.set(opName, op);
    }
  }
  // uischema: labels, help, defaults, allowed values, required-ness
  for (const [path, text] of files) {
    if (!/^uischema\/[^/]+\.json$/.test(path)) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue; // a broken schema only loses its labels
    }
    applyUiSchema(connector, json);
  }
  return connector;
}

interface UiField {
  name: string;
  label?: string;
  doc: string;
  required: boolean;
  condition?: string;
  requiredWhen?: EnableCondition;
  default?: string;
  values?: string[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * The fields of a uischema (attributes, tables), depth-first in the order the tooling shows them. A group's
 * enableCondition hides every field in it (mi-vscode FormGenerator.renderForm skips the group), so it applies to them
 * as well as their own.
 */
function uiFields(
  elements: unknown,
  out: UiField[],
  depth: number,
  groupConds: readonly unknown[] = [],
): void {
  if (!Array.isArray(elements) || depth > CONNECTOR_LIMITS.uischemaDepth) return;
  for (const e of elements) {
    if (out.length >= CONNECTOR_LIMITS.paramsPerOperation) return;
    if (!e || typeof e !== 'object') continue;
    const { type, value } = e as { type?: unknown; value?: Record<string, unknown> };
    if (!value || typeof value !== 'object') continue;
    if (type === 'attributeGroup') {
      const gc = value.enableCondition;
      uiFields(
        value.elements,
        out,
        depth + 1,
        gc === undefined || gc === null ? groupConds : [...groupConds, gc],
      );
      continue;
    }
    if (type !== 'attribute' && type !== 'table') continue;
    const name = str(value.name);
    if (!name) continue;
    const own = value.enableCondition;
    const conds = own === undefined || own === null ? groupConds : [...groupConds, own];
    const cond = conds.length === 0 ? undefined : conds.length === 1 ? conds[0] : ['AND', ...conds];
    const required = str(value.required) === 'true';
    const values = Array.isArray(value.comboValues)
      ? value.comboValues.map(str).filter((v): v is string => v !== undefined)
      : value.inputType === 'checkbox'
        ? ['true', 'false']
        : undefined;
    out.push({
      name,
      label: str(value.displayName),
      doc: str(value.helpTip) || str(value.description) || '',
      required: required && cond === undefined,
      condition: cond !== undefined ? conditionText(cond) : undefined,
      requiredWhen: required && cond !== undefined ? cond : undefined,
      default:
        value.defaultValue === undefined || value.defaultValue === null ? undefined : str(value.defaultValue),
      values: values?.length ? values : undefined,
    });
  }
}

/**
 * A uischema enableCondition, as WSO2's tooling writes and reads it (mi-vscode FormGenerator.getConditions):
 * `[{field: value}]` (only the first element counts), `['AND', c1, c2, ...]`, `['OR', c1, ...]`, `['NOT', c]`, each
 * `c` an object `{field: value}` (its first key only) or a nested array.
 */
export type EnableCondition = unknown;

/**
 * The value a condition reads for a field: its text, `undefined` when it has none, `null` when it cannot be known
 * before a message runs (an expression).
 */
export type FieldValue = string | undefined | null;

/**
 * Whether an enableCondition holds for these field values, as the tooling evaluates it (getConditions and
 * isTypeAwareEqual: a value equals the expected one as a string): true, false, or undefined when it depends on a
 * value known only at run time (or the condition is not one the tooling writes).
 */
export function conditionHolds(
  c: EnableCondition,
  valueOf: (field: string) => FieldValue,
  depth = 0,
): boolean | undefined {
  if (depth > CONNECTOR_LIMITS.uischemaDepth) return undefined;
  const one = (x: unknown) => conditionHolds(x, valueOf, depth + 1);
  if (Array.isArray(c)) {
    const op = c[0];
    if (op === 'AND' || op === 'OR') {
      let unknown = false;
      for (const x of c.slice(1)) {
        const r = one(x);
        if (r === (op === 'OR')) return r;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : op === 'AND';
    }
    if (op === 'NOT') {
      const r = one(c[1]);
      return r === undefined ? undefined : !r;
    }
    return c.length ? one(c[0]) : undefined;
  }
  if (c && typeof c === 'object') {
    const key = Object.keys(c)[0];
    if (key === undefined) return undefined;
    const expected = (c as Record<string, unknown>)[key];
    if (typeof expected !== 'string' && typeof expected !== 'boolean' && typeof expected !== 'number')
      return undefined;
    const v = valueOf(key);
    if (v === null) return undefined;
    return v !== undefined && v === String(expected);
  }
  return undefined;
}

/**
 * What WSO2's tooling form holds for each field of an operation or connection element: the parameter element's text,
 * else the field's default (first declaration wins); null when the text is an expression (known only at run time).
 */
export function fieldValues(
  given: ReadonlyMap<string, XmlElement>,
  params: Iterable<ConnectorParam>,
): (name: string) => FieldValue {
  let defaults: Map<string, string | undefined> | undefined;
  return (name) => {
    const g = given.get(name);
    if (g) {
      const v = textContent(g).trim();
      return v.includes('${') || (v.startsWith('{') && v.endsWith('}')) ? null : v;
    }
    if (!defaults) {
      defaults = new Map();
      for (const p of params) if (!defaults.has(p.name)) defaults.set(p.name, p.default);
    }
    return defaults.get(name);
  };
}

/** Whether a parameter is asked for with these values: required outright, or required under a condition that holds. */
export function requiredNow(p: ConnectorParam, valueOf: (name: string) => FieldValue): boolean {
  if (isRequiredParam(p)) return true;
  return (
    p.requiredWhen !== undefined && !isOutputParam(p) && conditionHolds(p.requiredWhen, valueOf) === true
  );
}

/** A uischema enableCondition in words: `[{a: 'x'}]`, `['OR', {...}, [...]]`, `['AND', ...]`. */
function conditionText(c: unknown, depth = 0): string {
  if (depth > 5) return '...';
  if (Array.isArray(c)) {
    const op = typeof c[0] === 'string' ? (c[0] as string).toLowerCase() : undefined;
    if (op === 'not') {
      const x: unknown = c[1];
      const keys = x && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : [];
      if (keys.length === 1)
        return `${keys[0]} is not ${str((x as Record<string, unknown>)[keys[0]]) ?? '?'}`;
      return `not ${conditionText(x, depth + 1)}`;
    }
    const parts = (op ? c.slice(1) : c.slice(0, 1)).map((x) => conditionText(x, depth + 1));
    return parts.length > 1 ? `(${parts.join(` ${op ?? 'and'} `)})` : (parts[0] ?? '');
  }
  if (c && typeof c === 'object')
    return Object.entries(c as Record<string, unknown>)
      .map(([k, v]) => `${k} is ${str(v) ?? '?'}`)
      .join(' and ');
  return '';
}

function applyUiSchema(connector: Connector, json: unknown): void {
  if (!json || typeof json !== 'object') return;
  const j = json as Record<string, unknown>;
  const fields: UiField[] = [];
  uiFields(j.elements, fields, 0);
  const connection = str(j.connectionName);
  if (connection) {
    connector.connectionTypes.push({
      name: connection,
      label: str(j.title),
      params: fields.map((f) => ({ ...f })),
    });
    return;
  }
  const opName = str(j.operationName);
  const op = opName ? connector.operations.get(opName) : undefined;
  if (!op) return;
  if (!op.label && str(j.title)) op.label = str(j.title);
  const byName = new Map(op.params.map((p) => [p.name, p]));
  for (const f of fields) {
    // configRef is the configKey attribute, not a parameter element
    if (f.name === 'configRef') continue;
    const p = byName.get(f.name);
    if (p) {
      p.label ??= f.label;
      // the uischema's help is what the tooling shows; the template's description when it has none
      if (f.doc) p.doc = f.doc;
      if (f.condition !== undefined) {
        // the uischema shows the field only under its condition: that decides, not the template's isMandatory
        p.required = false;
        p.requiredWhen ??= f.requiredWhen;
      } else p.required ||= f.required;
      p.condition ??= f.condition;
      p.default ??= f.default;
      p.values ??= f.values;
    } else if (!op.declared && op.params.length < CONNECTOR_LIMITS.paramsPerOperation) {
      // no template read: the uischema is all we know
      const np: ConnectorParam = { ...f };
      op.params.push(np);
      byName.set(np.name, np);
    }
  }
}

/**
 * Whether a missing parameter deserves a finding: declared required, and not one of the output parameters MI reads
 * itself (responseVariable/overwriteBody: InvokeMediator works without them, keeping the result in the body).
 */
export function isRequiredParam(p: ConnectorParam): boolean {
  return p.required && !isOutputParam(p);
}

/** The output parameters MI reads itself, never asked for (see `isRequiredParam`). */
function isOutputParam(p: ConnectorParam): boolean {
  return p.name === 'responseVariable' || p.name === 'overwriteBody';
}

/** The parameter elements of an operation element (its element children, by local name). */
export function givenParams(el: XmlElement): Map<string, XmlElement> {
  const m = new Map<string, XmlElement>();
  for (const c of childElements(el)) if (!m.has(c.local)) m.set(c.local, c);
  return m;
}
