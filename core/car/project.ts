/**
 * Reads a project into a CarApplication: the Micro Integrator VS Code layout (pom.xml + src/main/wso2mi/), the
 * Integration Studio multi-module layout (…/src/main/synapse-config/), or a bare folder of Synapse XML files.
 * Application name and version come from pom.xml (artifactId/version; for Integration Studio the CompositeExporter
 * module's pom when present), else the folder name and 1.0.0. Every artifact gets the application version, as MI's
 * CAR plugin does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { attrValue, childElements, firstChild, textContent } from '../xml';
import { CarError } from './errors';
import { readPom } from './pom';
import { CAR_KINDS, REGISTRY_TYPE, DEFAULT_SERVER_ROLE, kindByRoot, type CarApplication, type CarArtifact, type CarKind, type RegistryItem } from './types';
import { loadXml, SYNAPSE_NS, utf8 } from './xmlutil';

export type ProjectLayout = 'mi' | 'integration-studio' | 'bare';

export interface LoadedProject extends CarApplication {
  dir: string;
  layout: ProjectLayout;
}

const MAX_FILES = 20_000;
const MAX_DEPTH = 12;

/** Files under a folder, sorted, bounded in depth and count; skips dot-folders, node_modules and target. */
function listFiles(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > MAX_DEPTH || !existsSync(dir)) return out;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (out.length >= MAX_FILES) throw new CarError('PROJECT_BAD_FILE', `more than ${MAX_FILES} files`, dir);
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'target') continue;
      listFiles(p, depth + 1, out);
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

function posix(p: string): string {
  return p.split(sep).join('/');
}

/** Name of a Synapse/data artifact from its root element; falls back to the file name. */
function artifactName(file: string, text: string, kind: CarKind | undefined): { name: string; root: string; ns: string } {
  const root = loadXml(text, file, 'PROJECT_BAD_FILE');
  let name: string | undefined;
  if (root.local === 'localEntry') name = attrValue(root, 'key');
  else if (root.local === 'datasource') {
    const n = firstChild(root, 'name');
    name = n ? textContent(n).trim() : undefined;
  } else name = attrValue(root, 'name');
  if (kind?.root && root.local !== kind.root) {
    throw new CarError('PROJECT_BAD_FILE', `expected a <${kind.root}> in the ${kind.folder} folder, found <${root.local}>`, file, 1);
  }
  return { name: name || basename(file, extname(file)), root: root.local, ns: root.ns };
}

function kindArtifact(file: string, kind: CarKind, version: string, rel: string): CarArtifact {
  const content = readFileSync(file);
  const { name } = artifactName(file, utf8(content), kind);
  return { name, version, type: kind.type, serverRole: kind.serverRole, file: `${name}-${version}${kind.ext}`, content, source: rel };
}

const MEDIA_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.xsl': 'application/xslt+xml',
  '.xslt': 'application/xslt+xml',
  '.xsd': 'application/x-xsd+xml',
  '.wsdl': 'application/wsdl+xml',
  '.json': 'application/json',
  '.js': 'application/javascript',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.txt': 'text/plain',
  '.properties': 'text/plain',
  '.dmc': 'application/datamapper',
};

export function mediaTypeOf(file: string): string {
  return MEDIA_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function registryArtifact(name: string, version: string, items: RegistryItem[], source: string, serverRole = DEFAULT_SERVER_ROLE): CarArtifact {
  return { name, version, type: REGISTRY_TYPE, serverRole, file: 'registry-info.xml', content: Buffer.alloc(0), items, source };
}

/** Registry resources of the MI layout: resources/registry/{gov,conf}/**; artifact.xml descriptors give names and media types. */
function miRegistry(dir: string, regDir: string, version: string): CarArtifact[] {
  if (!existsSync(regDir)) return [];
  const described = new Map<string, { name: string; mediaType?: string; properties: { key: string; value: string }[] }>();
  const descFile = join(regDir, 'artifact.xml');
  if (existsSync(descFile)) {
    const root = loadXml(readFileSync(descFile, 'utf8'), descFile, 'PROJECT_BAD_FILE');
    for (const a of childElements(root)) {
      const item = firstChild(a, 'item');
      const name = attrValue(a, 'name');
      if (!item || !name) continue;
      const f = firstChild(item, 'file');
      const p = firstChild(item, 'path');
      if (!f || !p) continue;
      const regPath = textContent(p).trim();
      const local = registryPathToLocal(regPath);
      if (!local) continue;
      const mt = firstChild(item, 'mediaType');
      const props = firstChild(item, 'properties');
      described.set(posix(join(local, textContent(f).trim())), {
        name,
        mediaType: mt ? textContent(mt).trim() || undefined : undefined,
        properties: props ? childElements(props).map((x) => ({ key: attrValue(x, 'key') ?? '', value: attrValue(x, 'value') ?? '' })) : [],
      });
    }
  }
  const out: CarArtifact[] = [];
  for (const file of listFiles(regDir)) {
    const rel = posix(relative(regDir, file));
    if (rel === 'artifact.xml') continue;
    const top = rel.split('/')[0];
    if (top !== 'gov' && top !== 'conf') continue;
    const folder = rel.split('/').slice(1, -1).join('/');
    const regPath = `/_system/${top === 'gov' ? 'governance' : 'config'}${folder ? `/${folder}` : ''}`;
    const fname = basename(file);
    const d = described.get(rel);
    const name = d?.name ?? `${top}_${[folder, fname].filter(Boolean).join('_')}`.replace(/[^\w-]/g, '_');
    out.push(
      registryArtifact(name, version, [
        { file: fname, path: regPath, mediaType: d?.mediaType ?? mediaTypeOf(fname), properties: d?.properties, content: readFileSync(file) },
      ], posix(relative(dir, file))),
    );
  }
  return out;
}

/** `/_system/governance/a/b` → `gov/a/b`; `/_system/config/x` → `conf/x`. */
function registryPathToLocal(p: string): string | undefined {
  const m = /^\/_system\/(governance|config)(\/.*)?$/.exec(p.replace(/\/+$/, ''));
  if (!m) return undefined;
  return `${m[1] === 'governance' ? 'gov' : 'conf'}${m[2] ?? ''}`;
}

function loadMi(dir: string, version: string): CarArtifact[] {
  const base = join(dir, 'src', 'main', 'wso2mi');
  const out: CarArtifact[] = [];
  for (const kind of CAR_KINDS) {
    const folder = join(base, 'artifacts', kind.folder);
    for (const file of listFiles(folder)) {
      if (extname(file).toLowerCase() !== kind.ext) continue;
      out.push(kindArtifact(file, kind, version, posix(relative(dir, file))));
    }
  }
  out.push(...miRegistry(dir, join(base, 'resources', 'registry'), version));
  const conf = join(base, 'resources', 'conf', 'config.properties');
  if (existsSync(conf)) {
    out.push({ name: 'config', version, type: 'config/property', serverRole: DEFAULT_SERVER_ROLE, file: 'config.properties', content: readFileSync(conf), source: posix(relative(dir, conf)) });
  }
  for (const file of listFiles(join(base, 'resources', 'connectors'))) {
    if (extname(file).toLowerCase() !== '.zip') continue;
    const name = basename(file, '.zip');
    out.push({ name, version, type: 'synapse/lib', serverRole: DEFAULT_SERVER_ROLE, file: `${name}-${version}.zip`, content: readFileSync(file), source: posix(relative(dir, file)) });
  }
  return out;
}

/** Integration Studio: every module with src/main/synapse-config (or the folder itself), plus *RegistryResources and data services. */
function loadIntegrationStudio(dir: string, modules: string[], version: string): CarArtifact[] {
  const out: CarArtifact[] = [];
  for (const mod of modules) {
    const cfg = join(mod, 'src', 'main', 'synapse-config');
    for (const kind of CAR_KINDS) {
      if (!kind.root || !kind.legacyFolder) continue;
      for (const file of listFiles(join(cfg, kind.legacyFolder))) {
        if (extname(file).toLowerCase() !== '.xml') continue;
        const a = kindArtifact(file, kind, version, posix(relative(dir, file)));
        a.serverRole = 'EnterpriseServiceBus';
        out.push(a);
      }
    }
  }
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const mod = join(dir, e.name);
    if (e.name.endsWith('DataServiceConfigs') || existsSync(join(mod, 'dataservice'))) {
      const kind = CAR_KINDS.find((k) => k.kind === 'data-services')!;
      for (const file of listFiles(join(mod, 'dataservice'))) {
        if (extname(file).toLowerCase() === '.dbs') out.push(kindArtifact(file, kind, version, posix(relative(dir, file))));
      }
    }
    const desc = join(mod, 'artifact.xml');
    if (!existsSync(desc)) continue;
    const root = loadXml(readFileSync(desc, 'utf8'), desc, 'PROJECT_BAD_FILE');
    for (const a of childElements(root)) {
      if (attrValue(a, 'type') !== REGISTRY_TYPE) continue;
      const name = attrValue(a, 'name');
      if (!name) continue;
      const items: RegistryItem[] = [];
      for (const item of childElements(a).filter((c) => c.local === 'item')) {
        const f = firstChild(item, 'file');
        const p = firstChild(item, 'path');
        if (!f || !p) continue;
        const relFile = textContent(f).trim();
        const abs = join(mod, relFile);
        if (!abs.startsWith(mod + sep) || !existsSync(abs)) {
          throw new CarError('PROJECT_BAD_FILE', `registry item file '${relFile}' not found`, desc);
        }
        const mt = firstChild(item, 'mediaType');
        items.push({ file: basename(relFile), path: textContent(p).trim(), mediaType: (mt && textContent(mt).trim()) || mediaTypeOf(relFile), content: readFileSync(abs) });
      }
      if (items.length) out.push(registryArtifact(name, version, items, posix(relative(dir, desc)), attrValue(a, 'serverRole') ?? 'EnterpriseServiceBus'));
    }
  }
  return out;
}

/** A bare folder: every .xml whose root is a Synapse artifact element; other XML (pom.xml, tests, …) is left alone. */
function loadBare(dir: string, version: string): CarArtifact[] {
  const out: CarArtifact[] = [];
  for (const file of listFiles(dir)) {
    if (extname(file).toLowerCase() !== '.xml') continue;
    const content = readFileSync(file);
    const text = utf8(content);
    const rootMatch = /<([A-Za-z][\w.-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
    const kind = rootMatch ? kindByRoot(rootMatch[1]) : undefined;
    if (!kind) continue;
    const info = artifactName(file, text, undefined);
    if (info.ns !== SYNAPSE_NS) continue;
    out.push({ name: info.name, version, type: kind.type, serverRole: kind.serverRole, file: `${info.name}-${version}${kind.ext}`, content, source: posix(relative(dir, file)) });
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Loads a project folder for packaging. Throws CarError (PROJECT_*) with the file and line on bad input. */
export function loadProject(dir: string): LoadedProject {
  if (!isDir(dir)) throw new CarError('PROJECT_NOT_FOUND', 'not a folder', dir);
  let name = basename(dir.replace(/[\\/]+$/, '')).replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'application';
  let version = '1.0.0';
  const pomFile = join(dir, 'pom.xml');
  if (existsSync(pomFile)) {
    const pom = readPom(pomFile);
    if (pom.artifactId) name = pom.artifactId;
    if (pom.version && !pom.version.includes('${')) version = pom.version;
  }
  let layout: ProjectLayout;
  let artifacts: CarArtifact[];
  if (isDir(join(dir, 'src', 'main', 'wso2mi'))) {
    layout = 'mi';
    artifacts = loadMi(dir, version);
  } else {
    const modules = isDir(join(dir, 'src', 'main', 'synapse-config'))
      ? [dir]
      : readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory() && isDir(join(dir, e.name, 'src', 'main', 'synapse-config')))
          .map((e) => join(dir, e.name))
          .sort();
    if (modules.length) {
      layout = 'integration-studio';
      const exporter = readdirSync(dir).filter((n) => n.endsWith('CompositeExporter') && existsSync(join(dir, n, 'pom.xml'))).sort()[0];
      if (exporter) {
        const pom = readPom(join(dir, exporter, 'pom.xml'));
        if (pom.artifactId) name = pom.artifactId;
        if (pom.version && !pom.version.includes('${')) version = pom.version;
      }
      artifacts = loadIntegrationStudio(dir, modules, version);
    } else {
      layout = 'bare';
      artifacts = loadBare(dir, version);
    }
  }
  if (!artifacts.length) throw new CarError('PROJECT_EMPTY', `no deployable artifacts found (${layout} layout)`, dir);
  const seen = new Map<string, CarArtifact>();
  for (const a of artifacts) {
    const key = `${a.name}_${a.version}`;
    const prev = seen.get(key);
    if (prev) throw new CarError('PROJECT_DUPLICATE', `artifact name '${a.name}' is used twice (also in ${prev.source})`, join(dir, a.source ?? ''));
    seen.set(key, a);
  }
  return { name, version, artifacts, dir, layout };
}
