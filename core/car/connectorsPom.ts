/**
 * The connector dependencies a pom.xml declares: every `<dependency>` of type `zip` directly under
 * `<project><dependencies>` (what MI's VS Code tooling writes for each connector and module it adds, and what MI's CAR
 * plugin packages as `synapse/lib`). `${…}` placeholders are resolved as Maven does for the simple cases: the pom's
 * `<properties>` (recursively) and `project.*`; a version missing from the dependency is taken from
 * `<dependencyManagement>`. Positions are 1-based line and column of the `<dependency>` (or its `<version>`).
 */
import { readFileSync } from 'node:fs';
import { childElements, firstChild, LineIndex, textContent, type XmlElement } from '../xml';
import { loadXml } from './xmlutil';

export interface ConnectorDependency {
  groupId: string;
  artifactId: string;
  /** The version with its placeholders resolved (undefined when it cannot be). */
  version?: string;
  /** The version as written (or as dependencyManagement gives it). */
  rawVersion?: string;
  scope?: string;
  /** pom.xml position of the `<dependency>` start tag. */
  line: number;
  col: number;
  /** Position of the `<version>` element when there is one (else the dependency's). */
  versionLine: number;
  versionCol: number;
}

export interface PomConnectors {
  dependencies: ConnectorDependency[];
  problems: PomConnectorProblem[];
  /** URLs of the pom's `<repositories>` that serve releases (for `--fetch-connectors`). */
  repositories: string[];
  /** The same, serving snapshots. */
  snapshotRepositories: string[];
  /** The `<id>` of each releases repository, in the order of `repositories` (for settings.xml mirrors). */
  repositoryIds: string[];
}

export interface PomConnectorProblem {
  line: number;
  col: number;
  code: 'CAR_CONNECTOR_VERSION';
  message: string;
}

const MAX_DEPTH = 10;

function text(el: XmlElement | undefined): string | undefined {
  const t = el ? textContent(el).trim() : '';
  return t || undefined;
}

/** `${name}` resolved from the properties (nested placeholders too, bounded); unknown ones are left as written. */
export function resolvePlaceholders(value: string, props: ReadonlyMap<string, string>): string {
  let v = value;
  for (let i = 0; i < MAX_DEPTH && v.includes('${'); i++) {
    const next = v.replace(/\$\{([^}]+)\}/g, (m, k: string) => props.get(k.trim()) ?? m);
    if (next === v) break;
    v = next;
  }
  return v;
}

function pomProperties(root: XmlElement): Map<string, string> {
  const props = new Map<string, string>();
  const parent = firstChild(root, 'parent');
  const groupId = text(firstChild(root, 'groupId')) ?? (parent && text(firstChild(parent, 'groupId')));
  const version = text(firstChild(root, 'version')) ?? (parent && text(firstChild(parent, 'version')));
  const artifactId = text(firstChild(root, 'artifactId'));
  for (const [k, v] of [
    ['groupId', groupId],
    ['artifactId', artifactId],
    ['version', version],
  ] as const) {
    if (v === undefined) continue;
    props.set(`project.${k}`, v);
    props.set(`pom.${k}`, v);
  }
  if (parent) {
    const pv = text(firstChild(parent, 'version'));
    const pg = text(firstChild(parent, 'groupId'));
    if (pv) props.set('project.parent.version', pv);
    if (pg) props.set('project.parent.groupId', pg);
  }
  const p = firstChild(root, 'properties');
  if (p) for (const e of childElements(p)) props.set(e.local, textContent(e).trim());
  return props;
}

function isZip(dep: XmlElement): boolean {
  return text(firstChild(dep, 'type')) === 'zip';
}

/** Reads the zip dependencies of a pom text. Throws CarError (PROJECT_BAD_FILE) when the pom is not well-formed. */
export function connectorDependenciesOf(pomText: string, pomFile: string): PomConnectors {
  const root = loadXml(pomText, pomFile, 'PROJECT_BAD_FILE');
  const props = pomProperties(root);
  const lines = new LineIndex(pomText);
  const pos = (el: XmlElement) => {
    const p = lines.positionAt(el.span.start);
    return { line: p.line + 1, col: p.character + 1 };
  };
  const managed = new Map<string, string>();
  const dm = firstChild(root, 'dependencyManagement');
  const dmDeps = dm && firstChild(dm, 'dependencies');
  if (dmDeps)
    for (const d of childElements(dmDeps).filter((e) => e.local === 'dependency' && isZip(e))) {
      const g = resolvePlaceholders(text(firstChild(d, 'groupId')) ?? '', props);
      const a = resolvePlaceholders(text(firstChild(d, 'artifactId')) ?? '', props);
      const v = text(firstChild(d, 'version'));
      if (v) managed.set(`${g}:${a}`, v);
    }
  const dependencies: ConnectorDependency[] = [];
  const problems: PomConnectorProblem[] = [];
  const repositories: string[] = [];
  const snapshotRepositories: string[] = [];
  const repositoryIds: string[] = [];
  const repos = firstChild(root, 'repositories');
  if (repos)
    for (const r of childElements(repos).filter((e) => e.local === 'repository')) {
      const url = resolvePlaceholders(text(firstChild(r, 'url')) ?? '', props);
      if (!/^https?:\/\//i.test(url)) continue;
      // Maven: releases and snapshots are enabled unless <enabled>false</enabled> says otherwise
      const on = (k: string) => {
        const e = firstChild(r, k);
        return text(e && firstChild(e, 'enabled')) !== 'false';
      };
      if (on('releases')) {
        repositories.push(url);
        repositoryIds.push(text(firstChild(r, 'id')) ?? '');
      }
      if (on('snapshots')) snapshotRepositories.push(url);
    }
  const result = { dependencies, problems, repositories, snapshotRepositories, repositoryIds };
  const deps = firstChild(root, 'dependencies');
  if (!deps) return result;
  for (const d of childElements(deps)) {
    if (d.local !== 'dependency' || !isZip(d)) continue;
    const at = pos(d);
    const groupId = resolvePlaceholders(text(firstChild(d, 'groupId')) ?? '', props);
    const artifactId = resolvePlaceholders(text(firstChild(d, 'artifactId')) ?? '', props);
    const versionEl = firstChild(d, 'version');
    const vAt = versionEl ? pos(versionEl) : at;
    const rawVersion = text(versionEl) ?? managed.get(`${groupId}:${artifactId}`);
    const version = rawVersion === undefined ? undefined : resolvePlaceholders(rawVersion, props);
    const dep: ConnectorDependency = {
      groupId,
      artifactId,
      rawVersion,
      scope: text(firstChild(d, 'scope')),
      line: at.line,
      col: at.col,
      versionLine: vAt.line,
      versionCol: vAt.col,
    };
    const bad = (why: string) =>
      problems.push({ line: vAt.line, col: vAt.col, code: 'CAR_CONNECTOR_VERSION', message: why });
    if (!groupId || !artifactId || /[${}/\\]|\.\./.test(groupId + artifactId)) {
      problems.push({
        line: at.line,
        col: at.col,
        code: 'CAR_CONNECTOR_VERSION',
        message: `zip dependency '${groupId}:${artifactId}' needs a plain groupId and artifactId`,
      });
      continue;
    }
    if (version === undefined)
      bad(`${groupId}:${artifactId} has no version (nor one in <dependencyManagement>)`);
    else if (version.includes('${'))
      bad(
        `${groupId}:${artifactId}:${rawVersion}: the version cannot be resolved (${/\$\{[^}]*\}/.exec(version)![0]} is not a property of pom.xml)`,
      );
    else if (/^[[(]|[/\\]|\.\.|[,\s]/.test(version))
      bad(
        `${groupId}:${artifactId}:${version}: a version range or unusual version is not supported; give one version`,
      );
    else dep.version = version;
    dependencies.push(dep);
  }
  return result;
}

export function readConnectorDependencies(pomFile: string): PomConnectors {
  return connectorDependenciesOf(readFileSync(pomFile, 'utf8'), pomFile);
}
