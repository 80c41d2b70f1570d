/**
 * The connectors a project carries: the zips of the MI layout (`src/main/wso2mi/resources/connectors/*.zip`) and of
 * Integration Studio's connector exporter modules (`<X>ConnectorExporter/*.zip`, beside `<X>RegistryResources`).
 *
 * Each zip is read once and again only when its size or time changes; the folders are looked at no more than once a
 * second, so a keystroke costs a map lookup. Reading is synchronous (validation is) and bounded: only the few small
 * entries a connector's description needs (connector.xml, component.xml, templates, uischema) are inflated, each
 * capped in size (inflateRawSync's maxOutputLength, so a lying header cannot make a bomb); a zip with an unsafe
 * entry name (`..`, absolute, backslashes: what yauzl refuses as a zip slip), with too many entries, or that is not a
 * connector is ignored with a problem saying why. Nothing is ever written to disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  ConnectorSet,
  connectorFromFiles,
  type Connector,
  type ConnectorProblem,
} from '../catalog/connectors';
import { builtinConnectors } from '../catalog/connectors-http';
import { openZip, ZipError } from '../zip';

export const ZIP_LIMITS = Object.freeze({
  /** Largest connector zip read (real ones, with their jars, are a few MB). */
  fileBytes: 64 * 1024 * 1024,
  entries: 20_000,
  /** Largest descriptor entry (XML or JSON) inflated. */
  entryBytes: 1024 * 1024,
  /** All descriptor entries of one zip together. */
  totalBytes: 16 * 1024 * 1024,
  /** Zips looked at in one folder. */
  zipsPerDir: 200,
});

/** Why a connector zip was not read. */
export class ConnectorZipError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** The entries worth reading: connector.xml, a component folder's XML, uischema JSON. */
function wanted(name: string): boolean {
  if (name === 'connector.xml') return true;
  const parts = name.split('/');
  return parts.length === 2 && parts[1] !== '' && /\.(xml|json)$/i.test(parts[1]);
}

/** Reads the descriptor entries of a zip (path -> text). Throws ConnectorZipError for an unsafe or broken zip. */
export function readZipDescriptors(file: string, buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const zip = openZip(buf, {
      want: wanted,
      maxEntries: ZIP_LIMITS.entries,
      refuseUnsafeNames: true,
      maxEntryBytes: ZIP_LIMITS.entryBytes,
      maxTotalBytes: ZIP_LIMITS.totalBytes,
      noun: ['descriptor', 'descriptors'],
    });
    for (const name of zip.names()) out.set(name, zip.read(name)!.toString('utf8'));
  } catch (e) {
    if (e instanceof ZipError) throw new ConnectorZipError(file, e.message);
    throw e;
  }
  return out;
}

/** `<name>-<version>.zip` -> version (as connector zips are named). */
function versionOf(file: string): string | undefined {
  const m = /-(\d[\w.-]*)\.zip$/i.exec(basename(file));
  return m ? m[1] : undefined;
}

/** Reads one connector zip. Throws ConnectorZipError when it is not read (with why). */
export function readConnectorZip(file: string): Connector {
  const st = statSync(file);
  if (st.size > ZIP_LIMITS.fileBytes)
    throw new ConnectorZipError(file, `the zip is ${st.size} bytes, more than ${ZIP_LIMITS.fileBytes}`);
  const files = readZipDescriptors(file, readFileSync(file));
  try {
    return connectorFromFiles(files, file, versionOf(file));
  } catch (e) {
    throw new ConnectorZipError(file, (e as Error).message);
  }
}

// ------------------------------------------------------------------ where a project keeps them, with a cache

/** What a project says about itself (a discovered Project fits). */
export interface ProjectPlaces {
  root?: string;
  layout?: string;
  resourceDirs?: readonly string[];
  /**
   * A file of the project: in the Integration Studio layout the module holding `src/main/synapse-config` and the
   * folder around it are where `<X>ConnectorExporter` modules sit (a project need not have a registry module).
   */
  file?: string;
}

/** The folders that may hold a project's connector zips. */
export function connectorDirs(p: ProjectPlaces): string[] {
  const out = new Set<string>();
  const exporters = (dir: string) => {
    for (const e of listDir(dir)) if (/ConnectorExporter$/i.test(e)) out.add(join(dir, e));
  };
  if (p.root) {
    out.add(join(p.root, 'src', 'main', 'wso2mi', 'resources', 'connectors'));
    if (p.layout === 'integration-studio') {
      // the multi-module folder, or the config module itself with its siblings beside it
      exporters(p.root);
      exporters(dirname(p.root));
    }
  }
  if (p.file && p.layout === 'integration-studio') {
    const at = p.file.replace(/\\/g, '/').lastIndexOf('/src/main/synapse-config/');
    if (at > 0) {
      const module = p.file.slice(0, at);
      exporters(module);
      exporters(dirname(module));
    }
  }
  for (const r of p.resourceDirs ?? []) {
    if (/RegistryResources$/i.test(basename(r))) exporters(dirname(r));
    else out.add(join(r, 'connectors'));
  }
  return [...out];
}

const RECHECK_MS = 1000;
interface ZipEntry {
  mtimeMs: number;
  size: number;
  result: Connector | ConnectorProblem;
}
const zips = new Map<string, ZipEntry>();
interface SetEntry {
  checkedAt: number;
  stamp: string;
  set: ConnectorSet;
}
const sets = new Map<string, SetEntry>();
const dirLists = new Map<string, { checkedAt: number; names: string[] }>();

function listDir(dir: string): string[] {
  const now = Date.now();
  const hit = dirLists.get(dir);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.names;
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    names = [];
  }
  if (dirLists.size > 1000) dirLists.clear();
  dirLists.set(dir, { checkedAt: now, names });
  return names;
}

function zipResult(file: string): ZipEntry | undefined {
  let st;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const hit = zips.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
  let result: Connector | ConnectorProblem;
  try {
    result = readConnectorZip(file);
  } catch (e) {
    result = { file, message: (e as Error).message };
  }
  const entry = { mtimeMs: st.mtimeMs, size: st.size, result };
  if (zips.size > 500) zips.clear();
  zips.set(file, entry);
  return entry;
}

const EMPTY_PROBLEMS: ConnectorProblem[] = [];
let builtinOnly: ConnectorSet | undefined;

/** The built-in connectors alone (a lone file, a project without zips). */
export function builtinConnectorSet(): ConnectorSet {
  return (builtinOnly ??= new ConnectorSet(builtinConnectors(), EMPTY_PROBLEMS));
}

/**
 * The connectors of a project: those of its zips (first zip wins for a name, in file-name order), then the built-in
 * ones for the names no zip provides, with the zips that were not read as `problems`. Cheap to call often.
 */
export function projectConnectors(p: ProjectPlaces | undefined): ConnectorSet {
  if (!p || (!p.root && !p.resourceDirs?.length && !(p.file && p.layout === 'integration-studio')))
    return builtinConnectorSet();
  const dirs = connectorDirs(p);
  const key = dirs.join('\n');
  const now = Date.now();
  const hit = sets.get(key);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.set;
  const files: string[] = [];
  for (const d of dirs) {
    let n = 0;
    for (const name of listDir(d)) {
      if (!/\.zip$/i.test(name)) continue;
      if (++n > ZIP_LIMITS.zipsPerDir) break;
      files.push(join(d, name));
    }
  }
  const entries: [string, ZipEntry][] = [];
  for (const f of files) {
    const e = zipResult(f);
    if (e) entries.push([f, e]);
  }
  const stamp = entries.map(([f, e]) => `${f}:${e.mtimeMs}:${e.size}`).join('|');
  if (hit && hit.stamp === stamp) {
    hit.checkedAt = now;
    return hit.set;
  }
  const connectors: Connector[] = [];
  const problems: ConnectorProblem[] = [];
  for (const [, e] of entries) {
    if ('operations' in e.result) connectors.push(e.result);
    else problems.push(e.result);
  }
  const set = entries.length
    ? new ConnectorSet([...connectors, ...builtinConnectors()], problems)
    : builtinConnectorSet();
  if (sets.size > 200) sets.clear();
  sets.set(key, { checkedAt: now, stamp, set });
  return set;
}

/** Forgets every cached listing and zip (tests; a caller that knows files changed). */
export function clearConnectorCache(): void {
  zips.clear();
  sets.clear();
  dirLists.clear();
}

/** A project as discovery gives it: enough to find its connector zips the way validation does. */
export interface ProjectWithFiles {
  layout?: string;
  resourceDirs?: readonly string[];
  files: readonly { path: string }[];
}

/**
 * The connector zips a project's files see that were not read (unsafe, too large, not a connector...), each once, in
 * file-name order. The zips are looked for as validation looks for them for each file (`projectConnectors` with the
 * layout, resource folders and file): in the Integration Studio layout once per module holding synapse-config files.
 */
export function projectZipProblems(p: ProjectWithFiles): ConnectorProblem[] {
  const places: ProjectPlaces[] = [];
  if (p.layout === 'integration-studio') {
    const modules = new Set<string>();
    for (const f of p.files) {
      const at = f.path.replace(/\\/g, '/').lastIndexOf('/src/main/synapse-config/');
      const module = at > 0 ? f.path.slice(0, at) : '';
      if (modules.has(module)) continue;
      modules.add(module);
      places.push({ layout: p.layout, resourceDirs: p.resourceDirs, file: f.path });
    }
  } else places.push({ layout: p.layout, resourceDirs: p.resourceDirs });
  const out = new Map<string, ConnectorProblem>();
  for (const place of places)
    for (const problem of projectConnectors(place).problems)
      if (!out.has(problem.file)) out.set(problem.file, problem);
  return [...out.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The finding text for a connector zip that was not read (said on the zip itself). */
export function zipProblemMessage(problem: ConnectorProblem): string {
  return `The connector zip ${basename(problem.file)} is ignored: ${problem.message}. Nothing in it is extracted, and the operations of its connector are not checked.`;
}
