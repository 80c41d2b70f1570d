/**
 * What `synapse serve` has deployed: Carbon applications and their artifacts, with the state the management API
 * shows and changes (active, tracing). Deploying reads and checks the whole CAR first, then hands the Synapse
 * artifacts to the ArtifactHost (the runtime). A CAR that cannot be read is refused and nothing changes; one whose
 * artifacts cannot all be deployed is kept as faulty (none of them deployed), as MI's CappDeployer keeps it.
 */
import type { LoggerLevels } from '../engine/loggers';
import {
  CarError,
  deployRank,
  kindByType,
  readCar,
  checkPayload,
  REGISTRY_TYPE,
  unzipCar,
  type CarArtifact,
  type UnzipLimits,
  type VersionedDescriptor,
  DOUBLE_UNDERSCORE,
  versionedXml,
} from '../../core/car';
import { parseXml, type XmlElement } from '../../core/xml';

/** One Synapse artifact as handed to the runtime. */
export interface HostArtifact {
  /** Management collection, e.g. `apis`, `proxy-services`. */
  kind: string;
  /** CAR type, e.g. `synapse/api`. */
  type: string;
  name: string;
  /** The artifact's XML text. */
  xml: string;
  /** Where it came from, for messages (`App.car!Name_1.0.0/Name-1.0.0.xml`). */
  source: string;
  /** The versioned CAR's `groupId__artifactId__version` (descriptor.xml), if it deploys versioned. */
  artifactIdentifier?: string;
}

/** A registry resource of a CAR, by the key mediators use (`gov:xslt/a.xslt`, `conf:limits/x.properties`). */
export interface RegistryResource {
  key: string;
  content: Buffer;
  /** The item's media type (registry-info.xml), which /management/registry-resources shows. */
  mediaType?: string;
}

/** `/_system/governance/a` → `gov:a`, `/_system/config/a` → `conf:a`, `/_system/local/a` → `local:a`; else governance. */
export function registryKey(collectionPath: string, file: string): string {
  const p = collectionPath.replace(/\/+$/, '');
  const m = /^\/_system\/(governance|config|local)(?:\/(.*))?$/.exec(p);
  const prefix = m ? (m[1] === 'governance' ? 'gov' : m[1] === 'config' ? 'conf' : 'local') : 'gov';
  const rest = m ? (m[2] ?? '') : p.replace(/^\/+/, '');
  return `${prefix}:${rest ? `${rest}/` : ''}${file}`;
}

function registryResources(artifacts: CarArtifact[], versioned?: VersionedDescriptor): RegistryResource[] {
  const out: RegistryResource[] = [];
  for (const a of artifacts) {
    if (a.type !== REGISTRY_TYPE) continue;
    for (const it of a.items ?? []) {
      // a versioned CAR's items are stored as `<id>__<file>` (AppDeployerUtils.computeResourcePath); its
      // collections keep their names (FileRegistryResourceDeployer)
      const key = registryKey(it.path, versioned ? `${versioned.id}${DOUBLE_UNDERSCORE}${it.file}` : it.file);
      out.push({ key, content: it.content, mediaType: it.mediaType || undefined });
      // MI writes a resource's properties beside it when it deploys it (MicroIntegratorRegistry.writeProperties)
      if (it.properties?.length)
        out.push({ key: `${key}.properties`, content: propertiesText(it.properties) });
    }
    for (const c of a.collections ?? []) {
      for (const f of c.files) out.push({ key: registryKey(c.path, f.path), content: f.content });
      if (c.properties?.length)
        out.push({
          key: `${registryKey(c.path, '').replace(/\/$/, '')}.collections.properties`,
          content: propertiesText(c.properties),
        });
    }
  }
  return out;
}

/** java.util.Properties text (what MI reads back with Properties.load). */
export function propertiesText(props: { key: string; value: string }[]): Buffer {
  const esc = (s: string, key: boolean) =>
    s
      .replace(key ? /[\\=: \t#!]/g : /[\\]/g, (c) => `\\${c}`)
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r');
  // a value's leading blank is kept only when escaped (Properties.load skips the blanks after the separator)
  const value = (v: string) => esc(v, false).replace(/^[ \t]/, (c) => `\\${c}`);
  return Buffer.from(props.map((p) => `${esc(p.key, true)}=${value(p.value)}\n`).join(''));
}

/**
 * The runtime side of deployment. `deploy` must be all or nothing: when it throws, nothing of `artifacts` may stay
 * deployed. The engine implements this; NullHost only records.
 */
export interface ArtifactHost {
  deploy(app: string, artifacts: HostArtifact[], resources?: RegistryResource[]): Promise<void>;
  /** `quiet`: no deployer lines (a restart takes the artifacts away: MI's deployers do not undeploy them then). */
  undeploy(app: string, artifacts: HostArtifact[], quiet?: boolean): Promise<void>;
  setActive?(kind: string, name: string, active: boolean): Promise<void>;
  setTracing?(kind: string, name: string, on: boolean): Promise<void>;
  /** A scheduled task: resume its schedule (`active`), pause it (`inactive`), or run it once now (`trigger`). */
  controlTask?(task: HostArtifact, action: 'active' | 'inactive' | 'trigger'): Promise<void>;
  /**
   * A registry resource written (content) or deleted (undefined) through /management/registry-resources: from then
   * on the runtime's `conf:`/`gov:`/`local:` lookups of that key answer it, until a CAR deploys the key again.
   */
  setResource?(key: string, content: Buffer | undefined): void;
  /** Messages in a message store, if the runtime knows. */
  storeSize?(name: string): number;
  /** The runtime's logger levels, which /management/logging reads and changes. */
  readonly loggers?: LoggerLevels;
  /** Each log line the runtime prints (what /management/logs serves as wso2carbon.log, as MI's file has them). */
  onLogLine?(listener: (line: string) => void): void;
  /** A synapse.properties key of the runtime (e.g. `expose.versioned.services`), if set. */
  synapseProperty?(key: string): string | undefined;
  /** Prints a line of the runtime's log under a logger (e.g. a deployment warning of FactoryUtils). */
  log?(level: 'INFO' | 'WARN' | 'ERROR', logger: string, message: string): void;
}

export class NullHost implements ArtifactHost {
  async deploy(): Promise<void> {}
  async undeploy(): Promise<void> {}
}

export interface DeployedArtifact extends HostArtifact {
  app: string;
  /**
   * The Carbon application's name (CarbonApplication.getAppName(), no version) MI's deployers record as the
   * artifact container ("" for an artifact of no application).
   */
  appName?: string;
  /** The artifact's file name in the CAR (what MI's deployers record with setFileName). */
  fileName?: string;
  root: XmlElement;
  active: boolean;
  tracing: boolean;
  stats: boolean;
}

/** A connector (synapse/lib zip) of a CAR, as MI's SynapseLibrary shows it under /management/connectors. */
export interface DeployedConnector {
  name: string;
  package: string;
  description: string;
  /** The zip's file name (what MI's connector search matches). */
  fileName: string;
  /** MI enables a connector a CAR deploys (SynapseAppDeployer adds its import). */
  enabled: boolean;
}

/**
 * The library a connector zip declares in its `connector.xml` (`<connector><component name package><description>`,
 * LibDeployerUtils.createSynapseLibraryWithDeps); undefined when the zip has none or cannot be read.
 */
export async function readConnector(zip: Buffer, fileName: string): Promise<DeployedConnector | undefined> {
  let entries: Map<string, Buffer>;
  try {
    entries = await unzipCar(zip, fileName, { maxEntries: 5000 });
  } catch {
    return undefined;
  }
  const xml = entries.get('connector.xml');
  if (!xml) return undefined;
  const root = parseXml(xml.toString('utf8')).root;
  const comp = root?.children.find((c) => c.kind === 'element' && c.local === 'component');
  if (!comp || comp.kind !== 'element') return undefined;
  const attr = (n: string) => comp.attributes.find((a) => a.name === n)?.value ?? '';
  const desc = comp.children.find((c) => c.kind === 'element' && c.local === 'description');
  const description =
    desc && desc.kind === 'element'
      ? desc.children
          .map((c) => (c.kind === 'text' ? c.value : ''))
          .join('')
          .trim()
      : '';
  if (!attr('name')) return undefined;
  return { name: attr('name'), package: attr('package'), description, fileName, enabled: true };
}

/**
 * The name MI's deployer logs an application by (CarbonApplication.getAppNameWithVersion): the descriptor's id for a
 * versioned CAR, else `name_version`.
 */
export function appNameWithVersion(app: { name: string; version: string; versionedId?: string }): string {
  return app.versionedId ?? `${app.name}_${app.version}`;
}

/** A library's QName as Java prints it: `{package}name`, or the name alone without a package. */
function libraryName(c: DeployedConnector): string {
  return c.package ? `{${c.package}}${c.name}` : c.name;
}

export interface DeployedApp {
  /** `name_version`, the CAR file name without `.car` (what DELETE /applications/{name} takes). */
  id: string;
  name: string;
  version: string;
  /** descriptor.xml's `<id>` when the CAR is deployed versioned. */
  versionedId?: string;
  /** The FAT CAR (its id) this application was embedded in (`dependencies/*.car`); it is undeployed with it. */
  parent?: string;
  fileName: string;
  bytes: Buffer;
  artifacts: { name: string; type: string }[];
  synapse: DeployedArtifact[];
  resources: RegistryResource[];
  connectors: DeployedConnector[];
  deployedAt: Date;
}

/**
 * The artifacts the runtime deploys: Synapse configurations, data services (`.dbs`, served at /services/<name>) and
 * data sources (found by the data services' `carbon_datasource_name`).
 */
function hostable(list: DeployedArtifact[]): DeployedArtifact[] {
  return list.filter(
    (a) =>
      kindByType(a.type)?.root ||
      (a.type === 'service/dataservice' && a.source.endsWith('.dbs')) ||
      a.type === 'datasource/datasource',
  );
}

/**
 * The order an application's artifacts are undeployed in (SynapseAppDeployer.undeployArtifacts): the artifact types
 * in the reverse of their deployment order, the artifacts of one type in their order (what their "… has been
 * undeployed" lines show).
 */
function undeployOrder(list: DeployedArtifact[]): DeployedArtifact[] {
  return hostable(list).sort((x, y) => deployRank(y.type) - deployRank(x.type));
}

/**
 * A CAR whose artifacts could not all be deployed: MI's CappDeployer reverts the ones it had deployed and keeps the
 * application in its faulty list (what GET /applications shows under faultyList) until the file is removed or
 * replaced.
 */
export interface FaultyApp {
  id: string;
  name: string;
  version: string;
  versionedId?: string;
  fileName: string;
  artifacts: { name: string; type: string }[];
  /** Why it could not be deployed (file, line and code where the runtime named them). */
  reason: string;
}

/** What an upload came to: deployed, or kept as faulty; `replaced` is the application the same file had before. */
export type CarOutcome =
  | { deployed: DeployedApp; faulty?: undefined; replaced?: DeployedApp; embedded?: CarOutcome[] }
  | { deployed?: undefined; faulty: FaultyApp; replaced?: DeployedApp; embedded?: CarOutcome[] };

/**
 * Called around each application's undeployment (`start` before its artifacts go, `done` after), so that
 * CappDeployer's lines ("Undeploying Carbon Application : X...", "Successfully undeployed …") frame the deployers'.
 */
export type UndeployHook = (app: DeployedApp, phase: 'start' | 'done') => void;

export class DeployError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code = 'DEPLOY_FAILED',
  ) {
    super(message);
  }
}

function initialState(kind: string, root: XmlElement): { active: boolean; tracing: boolean; stats: boolean } {
  const attr = (n: string) => root.attributes.find((a) => a.name === n)?.value;
  let active = true;
  if (kind === 'proxy-services') active = attr('startOnLoad') !== 'false';
  if (kind === 'inbound-endpoints') active = attr('suspend') !== 'true';
  if (kind === 'message-processors') {
    const p = root.children.find(
      (c) =>
        c.kind === 'element' &&
        c.local === 'parameter' &&
        c.attributes.some((a) => a.name === 'name' && a.value === 'is.active'),
    );
    if (p && p.kind === 'element')
      active =
        p.children
          .map((c) => (c.kind === 'text' ? c.value : ''))
          .join('')
          .trim() !== 'false';
  }
  return { active, tracing: attr('trace') === 'enable', stats: attr('statistics') === 'enable' };
}

export class DeploymentRegistry {
  readonly apps = new Map<string, DeployedApp>();
  /** Applications kept as faulty, by id (the CAR file name without `.car`). */
  readonly faulty = new Map<string, FaultyApp>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly host: ArtifactHost = new NullHost(),
    private readonly limits: UnzipLimits = {},
  ) {}

  /** Serializes changes. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  artifactsOf(kind: string): DeployedArtifact[] {
    const out: DeployedArtifact[] = [];
    for (const app of this.apps.values()) for (const a of app.synapse) if (a.kind === kind) out.push(a);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  find(kind: string, name: string): DeployedArtifact | undefined {
    for (const app of this.apps.values())
      for (const a of app.synapse) if (a.kind === kind && a.name === name) return a;
    return undefined;
  }

  /**
   * Reads, checks and deploys a CAR. A CAR that cannot be read (CarError) or that repeats another file's name and
   * version (DeployError APP_EXISTS) is refused and nothing changes. A CAR that reads but whose artifacts cannot all be
   * deployed (a broken artifact, a name another application holds) is kept as faulty, as MI's CappDeployer does: none
   * of its artifacts stay deployed, and the application the same file had before is undeployed (the file was
   * replaced). `quiet`: the application it replaces goes without undeployment lines (a restart deploys it again).
   */
  deployCar(fileName: string, bytes: Buffer, each?: UndeployHook, quiet = false): Promise<CarOutcome> {
    return this.exclusive(() => this.deployNow(fileName, bytes, undefined, each, quiet));
  }

  private async deployNow(
    fileName: string,
    bytes: Buffer,
    parent?: string,
    each?: UndeployHook,
    quiet = false,
  ): Promise<CarOutcome> {
    if (!/\.car$/i.test(fileName)) throw new DeployError(`'${fileName}' is not a .car file`);
    const car = await readCar(bytes, fileName, this.limits, { checkPayloads: false });
    const id = fileName.replace(/\.car$/i, '');
    // a FAT CAR (descriptor.xml fatCarEnabled) carries the CARs it depends on under dependencies/: each is
    // deployed as an application of its own first (CappDeployer: the embedded CARs, then the parent)
    const embedded: CarOutcome[] = [];
    const replacedApp = this.apps.get(id);
    let prev = replacedApp;
    if (car.versioned?.fatCar) {
      // a FAT CAR deployed again: the old one goes first, with its embedded applications (CappDeployer.undeploy)
      if (prev) {
        await this.undeployWithEmbedded(prev, each, quiet);
        prev = undefined;
      }
      for (const [path, buf] of [...car.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        if (/^dependencies\/[^/]+\.car$/i.test(path))
          embedded.push(await this.deployNow(path.slice('dependencies/'.length), buf, id, each, quiet));
    }
    for (const other of this.apps.values()) {
      if (other.id !== id && other.name === car.name && other.version === car.version) {
        throw new DeployError(
          `Carbon application ${car.name}_${car.version} already exists (deployed from ${other.fileName})`,
          409,
          'APP_EXISTS',
        );
      }
    }
    // CarbonAppResource.convertCarbonAppToJsonObject: the part after the first '/' (lib/synapse/mediator → synapse)
    const artifacts = car.artifacts.map((a) => ({ name: a.name, type: a.type.split('/')[1] ?? a.type }));
    // what a deployed and a faulty application both say of themselves
    const about = {
      id,
      name: car.name,
      version: car.version,
      ...(car.versioned ? { versionedId: car.versioned.id } : {}),
      fileName,
      artifacts,
    };
    // the deployers' lines of this application (libraries first, as they deploy first), printed once the
    // application the file replaces is undeployed
    const libraryLines: string[] = [];
    const warnings: string[] = [];
    const printLines = () => {
      for (const m of libraryLines.splice(0)) this.host.log?.('INFO', 'LibraryArtifactDeployer', m);
      for (const m of warnings.splice(0)) this.host.log?.('WARN', 'FactoryUtils', m);
    };
    const faultyApp = (reason: string): CarOutcome => {
      const f: FaultyApp = { ...about, reason };
      this.faulty.set(id, f);
      return { faulty: f, replaced: replacedApp };
    };
    const faulty = async (reason: string): Promise<CarOutcome> => {
      if (prev) {
        await this.undeployNow(prev, each, quiet);
        this.apps.delete(id);
      }
      printLines();
      return faultyApp(reason);
    };
    const synapse: DeployedArtifact[] = [];
    // expose.versioned.services (synapse.properties): SynapsePropertiesLoader.getBooleanProperty
    const expose = this.host.synapseProperty?.('expose.versioned.services')?.trim().toLowerCase() === 'true';
    for (const a of [...car.artifacts].sort((x, y) => deployRank(x.type) - deployRank(y.type))) {
      const kind = kindByType(a.type);
      if (!kind) continue;
      let d: DeployedArtifact;
      try {
        checkPayload(a, `${fileName}!${a.source ?? a.file}`);
        d = this.toDeployed(a, kind.kind, id, fileName, car.name, (xml) =>
          car.versioned || expose ? versionedXml(xml, car.versioned, expose, (m) => warnings.push(m)) : xml,
        );
        if (car.versioned) d.artifactIdentifier = car.versioned.id;
      } catch (e) {
        if (e instanceof CarError) return faulty(e.message);
        throw e;
      }
      const clash = this.find(d.kind, d.name);
      if (clash && clash.app !== id)
        return faulty(
          // MI's words: SynapseConfiguration.addAPI, ProxyServiceDeployer (a versioned CAR's proxy adds a hint)
          d.kind === 'apis'
            ? `Duplicate resource definition by the name: ${d.name}`
            : d.kind === 'proxy-services'
              ? `ProxyService named : ${d.name} already exists${car.versioned ? '. To deploy multiple versions of a ProxyService, please enable service versioning.' : ''}`
              : `${kind.kind} '${d.name}' is already deployed by ${clash.app}`,
        );
      if (synapse.some((s) => s.kind === d.kind && s.name === d.name))
        return faulty(`${kind.kind} '${d.name}' appears twice in ${fileName}`);
      synapse.push(d);
    }
    const connectors: DeployedConnector[] = [];
    for (const a of car.artifacts.filter((x) => x.type === 'synapse/lib')) {
      const c = a.content && (await readConnector(a.content, a.file));
      if (!c) continue;
      // a versioned CAR's library package is `<id>__<package>` (LibDeployerUtils, SynapseLibrary)
      if (car.versioned) c.package = `${car.versioned.id}${DOUBLE_UNDERSCORE}${c.package}`;
      connectors.push(c);
      // LibraryArtifactDeployer: the library's QName (`{package}name`)
      libraryLines.push(
        `Synapse Library named '${libraryName(c)}' has been deployed from file : ${fileName}!${a.source ?? a.file}`,
      );
    }
    const app: DeployedApp = {
      ...about,
      bytes,
      synapse,
      resources: registryResources(car.artifacts, car.versioned),
      connectors,
      deployedAt: new Date(),
    };
    if (prev) await this.undeployNow(prev, each, quiet);
    printLines();
    try {
      await this.host.deploy(id, hostable(synapse), app.resources);
    } catch (e) {
      if (prev) this.apps.delete(id);
      return faultyApp((e as Error).message);
    }
    this.faulty.delete(id);
    if (parent) app.parent = parent;
    this.apps.set(id, app);
    return { deployed: app, replaced: replacedApp, ...(embedded.length ? { embedded } : {}) };
  }

  /** Removes a deployed application, or a faulty one (whose artifacts are not deployed). */
  undeployApp(id: string, each?: UndeployHook): Promise<DeployedApp | FaultyApp> {
    return this.exclusive(async () => {
      const key = id.replace(/\.car$/i, '');
      const broken = this.faulty.get(key);
      if (broken) {
        this.faulty.delete(key);
        return broken;
      }
      const app = this.apps.get(key);
      if (!app) throw new DeployError(`Carbon application ${id} not found`, 404, 'NOT_FOUND');
      await this.undeployWithEmbedded(app, each);
      return app;
    });
  }

  /**
   * Undeploys an application and forgets it; a FAT CAR's embedded applications go with it, after it
   * (CappDeployer.undeploy).
   */
  private async undeployWithEmbedded(
    app: DeployedApp,
    each: UndeployHook | undefined,
    quiet = false,
  ): Promise<void> {
    for (const a of [app, ...[...this.apps.values()].filter((x) => x.parent === app.id)]) {
      await this.undeployNow(a, each, quiet);
      this.apps.delete(a.id);
    }
  }

  /**
   * Takes a deployed application's artifacts away (CappDeployer.undeployCarbonApp): the hook's lines around its
   * artifacts' and libraries' lines. The caller forgets the application when it should.
   */
  private async undeployNow(app: DeployedApp, each: UndeployHook | undefined, quiet = false): Promise<void> {
    each?.(app, 'start');
    await this.host.undeploy(app.id, undeployOrder(app.synapse), quiet);
    if (!quiet) this.librariesUndeployed(app);
    each?.(app, 'done');
  }

  /** LibraryArtifactDeployer.undeploy's line for each library of an application taken away (after its artifacts). */
  private librariesUndeployed(app: DeployedApp): void {
    for (const c of app.connectors)
      this.host.log?.(
        'INFO',
        'LibraryArtifactDeployer',
        `Synapse Library named '${libraryName(c)}' has been undeployed`,
      );
  }

  private toDeployed(
    a: CarArtifact,
    kind: string,
    app: string,
    fileName: string,
    appName: string,
    transform: (xml: string) => string = (x) => x,
  ): DeployedArtifact {
    const xml = transform(a.content.toString('utf8').replace(/^\uFEFF/, ''));
    const doc = parseXml(xml);
    const source = `${fileName}!${a.source ?? a.file}`;
    if (!doc.root) throw new CarError('CAR_BAD_ARTIFACT', 'no root element', source);
    let own = doc.root.attributes.find((x) => x.name === (kind === 'local-entries' ? 'key' : 'name'))?.value;
    if (kind === 'data-sources') {
      const n = doc.root.children.find((c) => c.kind === 'element' && c.local === 'name');
      own =
        n && n.kind === 'element'
          ? n.children
              .map((c) => (c.kind === 'text' ? c.value : ''))
              .join('')
              .trim()
          : undefined;
    }
    return {
      kind,
      type: a.type,
      name: own || a.name,
      xml,
      source,
      app,
      appName,
      fileName: a.file.split(/[\\/]/).pop() || a.file,
      root: doc.root,
      ...initialState(kind, doc.root),
    };
  }
}
