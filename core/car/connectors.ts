/**
 * Connector dependencies in packaging. Projects made by MI 4.4's VS Code tooling declare each connector (and module)
 * as a Maven dependency of type `zip` in pom.xml; MI's CAR plugin resolves it through Maven and adds the zip to the
 * CAR as a `synapse/lib` artifact. Without it MI refuses every artifact that uses the connector, so a CAR built from
 * such a project must carry it. Each dependency is resolved in this order:
 *   1. `src/main/wso2mi/resources/connectors/<artifactId>-<version>.zip` (already packaged from there: not twice);
 *   2. the local Maven repository (connectorsRepo.ts);
 *   3. only when asked (`fetch`), the pom's `<repositories>` and Maven Central, or the given repositories instead
 *      (connectorsFetch.ts), into the local repository.
 * A zip taken from 2 or 3 must be a connector: a safe zip (core/car/unzip.ts limits) with connector.xml at its root.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { CarArtifact } from './types';
import { DEFAULT_SERVER_ROLE } from './types';
import { CarError } from './errors';
import {
  connectorDependenciesOf,
  readConnectorDependencies,
  type ConnectorDependency,
} from './connectorsPom';
import { artifactFile, localRepository, repositoryUrls, type LocalRepository } from './connectorsRepo';
import { fetchConnectorZip, MAVEN_CENTRAL, type FetchLimits } from './connectorsFetch';

export type { ConnectorDependency } from './connectorsPom';
export { MAVEN_CENTRAL } from './connectorsFetch';

export type ConnectorProblemCode =
  | 'CAR_CONNECTOR_MISSING' // in neither resources/connectors nor the local repository (nor, with fetch, anywhere)
  | 'CAR_CONNECTOR_VERSION' // a zip dependency whose version (or coordinates) cannot be resolved
  | 'CAR_CONNECTOR_CHECKSUM' // a download whose .sha1 does not match, or has none
  | 'CAR_CONNECTOR_INVALID'; // a zip that is not a connector (no connector.xml at its root) or is unsafe / too large

export interface ConnectorProblem {
  /** pom.xml (absolute). */
  file: string;
  line: number;
  col: number;
  code: ConnectorProblemCode;
  message: string;
  dependency?: ConnectorDependency;
}

export interface ResolvedConnector {
  dependency: ConnectorDependency & { version: string };
  /** The zip on disk (absolute). */
  file: string;
  /** Where it was found. */
  origin: 'project' | 'local-repository' | 'downloaded';
  /** For 'downloaded': the repository URL. */
  url?: string;
}

export interface ConnectorResolution {
  pomFile?: string;
  localRepository: LocalRepository;
  dependencies: ConnectorDependency[];
  resolved: ResolvedConnector[];
  problems: ConnectorProblem[];
}

export interface ResolveConnectorsOptions {
  /** Local Maven repository folder (Maven's -Dmaven.repo.local); default from ~/.m2/settings.xml or ~/.m2/repository. */
  mavenRepoLocal?: string;
  /** Home folder for ~/.m2 (default: os.homedir()). */
  home?: string;
  /** Download what is not found locally (never by default). */
  fetch?: boolean;
  /** Repositories to download from, instead of the pom's <repositories> and Maven Central. */
  repositories?: string[];
  fetchLimits?: FetchLimits;
  /** Check that each zip taken from the local repository or downloaded is a connector (default true). */
  verify?: boolean;
  /** Largest connector zip taken from the local repository (default 100 MiB, as for a download). */
  maxZipBytes?: number;
}

const MAX_CONNECTOR_BYTES = 100 * 1024 * 1024;

const ZIP_TYPE = /<type>\s*zip\s*<\/type>/;

/** Bounds for reading a connector zip: real connectors carry their jars (tens of MB at most). */
const CONNECTOR_UNZIP_LIMITS = {
  maxEntries: 5_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
};

/** Why a zip is not a connector MI can deploy, or undefined when it is one (connector.xml at its root, safe entries). */
export async function checkConnectorZip(bytes: Buffer, file: string): Promise<string | undefined> {
  let entries: Map<string, Buffer>;
  // loaded when a zip is checked: packaging a project without connector dependencies does not initialise yauzl
  const { unzipCar } = await import('./unzip');
  try {
    entries = await unzipCar(bytes, file, CONNECTOR_UNZIP_LIMITS);
  } catch (e) {
    if (e instanceof CarError) return `${e.message.replace(/^.*?: /, '')}`;
    throw e;
  }
  if (!entries.has('connector.xml')) return 'not a connector: no connector.xml at the root of the zip';
  return undefined;
}

function coords(d: ConnectorDependency): string {
  return `${d.groupId}:${d.artifactId}:${d.version ?? d.rawVersion ?? '?'}`;
}

/**
 * Resolves the zip dependencies of `<projectDir>/pom.xml`. Never throws for a dependency: each one that cannot be
 * had is a problem with its pom position (a pom that is not well-formed throws CarError PROJECT_BAD_FILE).
 */
export async function resolveConnectorDependencies(
  projectDir: string,
  opts: ResolveConnectorsOptions = {},
): Promise<ConnectorResolution> {
  const pomFile = join(projectDir, 'pom.xml');
  const repo = localRepository({ override: opts.mavenRepoLocal, home: opts.home });
  const out: ConnectorResolution = { localRepository: repo, dependencies: [], resolved: [], problems: [] };
  if (!existsSync(pomFile)) return out;
  out.pomFile = pomFile;
  const pomText = readFileSync(pomFile, 'utf8');
  // most poms have no zip dependency: no second parse of them
  if (!ZIP_TYPE.test(pomText)) return out;
  const pom = connectorDependenciesOf(pomText, pomFile);
  out.dependencies = pom.dependencies;
  for (const p of pom.problems) out.problems.push({ file: pomFile, ...p });
  const projectZips = join(projectDir, 'src', 'main', 'wso2mi', 'resources', 'connectors');
  const seen = new Set<string>();
  for (const dep of pom.dependencies) {
    if (dep.version === undefined) continue; // reported above
    const d = dep as ConnectorDependency & { version: string };
    const key = `${d.artifactId}-${d.version}`;
    if (seen.has(key)) continue; // the same zip twice gives one artifact (the CAR could not hold two)
    seen.add(key);
    const problem = (code: ConnectorProblemCode, message: string) =>
      out.problems.push({ file: pomFile, line: d.line, col: d.col, code, message, dependency: d });
    const inProject = join(projectZips, `${key}.zip`);
    if (existsSync(inProject)) {
      out.resolved.push({ dependency: d, file: inProject, origin: 'project' });
      continue;
    }
    const local = artifactFile(repo.dir, d.groupId, d.artifactId, d.version);
    let origin: ResolvedConnector['origin'] = 'local-repository';
    let url: string | undefined;
    if (!existsSync(local)) {
      if (!opts.fetch) {
        problem(
          'CAR_CONNECTOR_MISSING',
          `${coords(d)} is not in ${posixRel(projectDir, projectZips)} nor in the local Maven repository (${local}); put the zip there or run synapse package --fetch-connectors`,
        );
        continue;
      }
      if (d.version.endsWith('-SNAPSHOT')) {
        problem(
          'CAR_CONNECTOR_MISSING',
          `${coords(d)} is not in the local Maven repository (${local}), and snapshot versions are not downloaded; install it there (mvn install) or use a release`,
        );
        continue;
      }
      // --maven-repo as given; else the pom's repositories and Central, through settings.xml mirrors
      const { urls: repos, blocked } = opts.repositories?.length
        ? { urls: opts.repositories, blocked: [] }
        : repositoryUrls(
            [
              ...pom.repositories.map((url, i) => ({ id: pom.repositoryIds[i] ?? '', url })),
              { id: 'central', url: MAVEN_CENTRAL },
            ],
            repo.mirrors,
          );
      const got = await fetchConnectorZip(d, repos, repo.dir, opts.fetchLimits);
      if (!got.file) {
        const why = [
          ...got.failures,
          ...blocked.map(
            (u) => `${u}: not tried (plain HTTP to another machine, blocked as Maven 3.8.1+ does)`,
          ),
        ];
        problem(
          got.refused === 'checksum' ? 'CAR_CONNECTOR_CHECKSUM' : 'CAR_CONNECTOR_MISSING',
          `${coords(d)} could not be downloaded: ${why.join('; ')}`,
        );
        continue;
      }
      origin = 'downloaded';
      url = got.url;
    }
    const size = statSync(local).size;
    const maxZip = opts.maxZipBytes ?? MAX_CONNECTOR_BYTES;
    if (size > maxZip) {
      problem('CAR_CONNECTOR_INVALID', `${coords(d)}: ${local} is refused: ${size} bytes (limit ${maxZip})`);
      continue;
    }
    if (opts.verify !== false) {
      const why = await checkConnectorZip(readFileSync(local), local);
      if (why) {
        problem('CAR_CONNECTOR_INVALID', `${coords(d)}: ${local} is refused: ${why}`);
        continue;
      }
    }
    out.resolved.push({ dependency: d, file: local, origin, url });
  }
  return out;
}

function posixRel(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/** `pom.xml:<line>:<col> error <CODE> <message>` (the path relative to `base` when given). */
export function formatConnectorProblem(
  p: ConnectorProblem,
  base?: string,
  severity: 'error' | 'warning' = 'error',
): string {
  const rel = base ? relative(base, p.file) : '';
  const file = rel && !rel.startsWith('..') ? rel : p.file;
  return `${file}:${p.line}:${p.col} ${severity} ${p.code} ${p.message}`;
}

/**
 * A dependency that is not to be had offline (not found, or its version unknown) only warns by default: the CAR is
 * still built, without it, and deploys on a server that has the connector already; it stops packaging when the
 * user asked for the connectors (`--require-connectors`, or `--fetch-connectors`). A zip that is there but wrong
 * (checksum, not a connector) always stops it.
 */
function blocks(p: ConnectorProblem, opts: { require?: boolean; fetch?: boolean }): boolean {
  if (p.code === 'CAR_CONNECTOR_CHECKSUM' || p.code === 'CAR_CONNECTOR_INVALID') return true;
  return opts.require === true || opts.fetch === true;
}

/**
 * The `synapse/lib` artifacts to add to a CAR for the resolved connectors that are not packaged already from
 * resources/connectors: named `<artifactId>`, versioned `<version>`, file `<artifactId>-<version>.zip`, exactly as a
 * resources/connectors zip is packaged (core/car/project.ts).
 */
export function connectorArtifacts(
  resolution: ConnectorResolution,
  existing: readonly CarArtifact[] = [],
): CarArtifact[] {
  const have = new Set(existing.filter((a) => a.type === 'synapse/lib').map((a) => `${a.name}_${a.version}`));
  const out: CarArtifact[] = [];
  for (const r of resolution.resolved) {
    if (r.origin === 'project') continue;
    const { artifactId: name, version } = r.dependency;
    if (have.has(`${name}_${version}`)) continue;
    have.add(`${name}_${version}`);
    out.push({
      name,
      version,
      type: 'synapse/lib',
      serverRole: DEFAULT_SERVER_ROLE,
      file: `${name}-${version}.zip`,
      content: readFileSync(r.file),
      source: r.file,
    });
  }
  return out;
}

/**
 * The zip dependencies of the project's pom that resources/connectors does not hold: what a CAR built with
 * `--no-connectors` lacks. Dependencies whose version cannot be resolved are listed as written.
 */
export function connectorsNotInProject(projectDir: string): string[] {
  const pomFile = join(projectDir, 'pom.xml');
  if (!existsSync(pomFile)) return [];
  const dir = join(projectDir, 'src', 'main', 'wso2mi', 'resources', 'connectors');
  return readConnectorDependencies(pomFile)
    .dependencies.filter((d) => !d.version || !existsSync(join(dir, `${d.artifactId}-${d.version}.zip`)))
    .map(coords);
}

export interface AddConnectorsResult {
  /** One `pom.xml:<line>:<col> error CODE message` line per dependency that stops packaging (nothing was added). */
  errors: string[];
  /** The same, structured (file, line, col, code). */
  problems: ConnectorProblem[];
  /**
   * One `pom.xml:<line>:<col> warning CODE message` line per dependency left out of the CAR (not to be had offline),
   * followed by what that means for the server; packaging goes on.
   */
  warnings: string[];
  /** What the user should know although packaging goes on (e.g. `--no-connectors`). */
  notices: string[];
  /** The artifacts added to the project. */
  added: CarArtifact[];
}

/**
 * The packaging step (`synapse package`, `synapse deploy DIR`, the editor's package/deploy): resolves the project's
 * connector dependencies and adds their `synapse/lib` artifacts to `project.artifacts`, or, when any cannot be had,
 * adds nothing and returns the errors (the caller writes no CAR). `skip` (`--no-connectors`) adds nothing and returns
 * a notice naming what the CAR lacks.
 */
export async function addConnectorDependencies(
  project: { dir: string; artifacts: CarArtifact[] },
  opts: ResolveConnectorsOptions & { skip?: boolean; base?: string; require?: boolean } = {},
): Promise<AddConnectorsResult> {
  if (opts.skip) {
    const missing = connectorsNotInProject(project.dir);
    return {
      errors: [],
      problems: [],
      warnings: [],
      added: [],
      notices: missing.length
        ? [
            `the CAR does not carry the connector${missing.length === 1 ? '' : 's'} ${missing.join(', ')} (--no-connectors): Micro Integrator refuses the artifacts that use ${missing.length === 1 ? 'it' : 'them'} unless the server has ${missing.length === 1 ? 'it' : 'them'}`,
          ]
        : [],
    };
  }
  const res = await resolveConnectorDependencies(project.dir, opts);
  const stopping = res.problems.filter((p) => blocks(p, opts));
  if (stopping.length)
    return {
      errors: stopping.map((p) => formatConnectorProblem(p, opts.base)),
      problems: stopping,
      warnings: [],
      notices: [],
      added: [],
    };
  const left = res.problems;
  const warnings = left.map((p) => formatConnectorProblem(p, opts.base, 'warning'));
  if (left.length)
    warnings.push(
      `the CAR does not carry ${left.length === 1 ? 'this connector' : 'these connectors'}: Micro Integrator refuses the artifacts that use ${left.length === 1 ? 'it' : 'them'} unless the server has ${left.length === 1 ? 'it' : 'them'} (--require-connectors makes this an error)`,
    );
  const added = connectorArtifacts(res, project.artifacts);
  project.artifacts.push(...added);
  const notices = res.resolved
    .filter((r) => r.origin === 'downloaded')
    .map(
      (r) =>
        `downloaded ${r.dependency.groupId}:${r.dependency.artifactId}:${r.dependency.version} from ${r.url} into ${r.file}`,
    );
  return { errors: [], problems: [], warnings, notices, added };
}
