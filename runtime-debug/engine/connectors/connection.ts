/**
 * Connections: a local entry whose content is a connector's `<X.init>` element (`<localEntry key="Crm"><http.init>…`).
 * An operation names one with `configKey` (MediatorFactoryFinder.getDynamicInvokeMediator: a static key, or `{expr}`
 * computed per message). Synapse runs the entry's init before every operation that names it
 * (InvokeMediator.mediate: the `key` invoke first); a missing entry fails the message with "Sequence named <key>
 * cannot be found". Here the entry is read once per deployed definition (a redeploy gives a new definition, so a new
 * connection), and each connector decides what its init does.
 */
import { parseXml, type XmlElement } from '../../../core/xml';
import { CompileCtx, type CompileOptions } from '../compile';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import type { LocalEntryDef } from '../model';
import { OperationParams } from './params';

export interface Connection {
  /** The local entry's key (what configKey names). */
  readonly key: string;
  /** The connector of its init element (`http` for `<http.init>`). */
  readonly connector: string;
  /** The `<X.init>` element (a tree of its own, parsed from the local entry). */
  readonly element: XmlElement;
  /** Its parameters (`<baseUrl>`, `<timeoutDuration>`, …), with `{…}` values compiled. */
  readonly params: OperationParams;
  /** Problems found reading it (an expression that does not compile…), with the entry's file and line. */
  readonly problems: string[];
  /** The deployed local entry (file and line for messages). */
  readonly def: LocalEntryDef;
  /** How `$SYSTEM:` and `${configs.x}` resolve (for values a connector resolves when it is deployed). */
  readonly opts: CompileOptions;
  /**
   * What a connector made of the connection once (e.g. the HTTP connector's endpoint): kept with the connection so
   * it lives as long as the deployed entry. Keyed by the connector module.
   */
  readonly cache: Map<string, unknown>;
}

const connections = new WeakMap<LocalEntryDef, Connection | null>();

/** The init element of a local entry, or undefined when the entry is not a connector connection. */
function readConnection(def: LocalEntryDef, opts: CompileOptions): Connection | null {
  if (def.kind !== 'xml') return null;
  const doc = parseXml(def.value);
  const root = doc.root;
  if (!root || !root.local.endsWith('.init')) return null;
  const cc = new CompileCtx(def.file, def.value, opts);
  const params = OperationParams.compile(root, cc);
  return {
    key: def.key,
    connector: root.local.slice(0, -'.init'.length),
    element: root,
    params,
    problems: cc.problems.map((p) => `${p.code}: ${p.message}`),
    def,
    opts,
    cache: new Map(),
  };
}

/** The connection a deployed local entry holds (read once per definition), or undefined when it holds none. */
export function connectionOf(def: LocalEntryDef, opts: CompileOptions): Connection | undefined {
  let c = connections.get(def);
  if (c === undefined) {
    c = readConnection(def, opts);
    connections.set(def, c);
  }
  return c ?? undefined;
}

/**
 * Resolves `configKey` for a message: the deployed local entry of that key, which must hold a `<connector.init>`.
 * Fails as MI does when no such entry is deployed; an entry of another connector (or none) is refused with a message
 * that names both.
 */
export function resolveConnection(
  ex: Executor,
  key: string,
  connector: string,
  opts: CompileOptions,
  where: string,
): Connection {
  const def = ex.reg.localEntry(key);
  if (!def)
    throw new MediationError(
      0,
      `Sequence named Value {name ='null', keyValue ='${key}'} cannot be found`,
      where,
    );
  const c = connectionOf(def, opts);
  if (!c)
    throw new MediationError(
      0,
      `The local entry '${key}' (${def.file}:${def.line}) is not a connection: it holds no <${connector}.init>`,
      where,
    );
  if (c.connector !== connector)
    throw new MediationError(
      0,
      `The connection '${key}' (${def.file}:${def.line}) is a ${c.connector} connection, not a ${connector} one`,
      where,
    );
  if (c.problems.length > 0)
    throw new MediationError(
      0,
      `The connection '${key}' (${def.file}:${def.line}) has errors: ${c.problems[0]}`,
      where,
    );
  return c;
}
