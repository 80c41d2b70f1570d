/**
 * Reads a project into a CarApplication. Which files are artifacts comes from core/project (discoverProject), so
 * packaging sees what the editor and `synapse run` see; this module adds kinds, names, registry resources and more:
 * the Micro Integrator VS Code layout (pom.xml + src/main/wso2mi/), the
 * Integration Studio multi-module layout (…/src/main/synapse-config/), or a bare folder of Synapse XML files.
 * Application name and version come from pom.xml (artifactId/version; for Integration Studio the CompositeExporter
 * module's pom when present), else the folder name and 1.0.0. Every artifact gets the application version, as MI's
 * CAR plugin does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { attrValue, childElements, firstChild, textContent, type XmlElement } from '../xml';
import type { ProjectFile } from '../project/discover';
import { packagingFiles, type PackagingFiles } from './discover';
import { CarError } from './errors';
import { readPom } from './pom';
import {
  CAR_KINDS,
  REGISTRY_TYPE,
  DEFAULT_SERVER_ROLE,
  kindByRoot,
  type CarApplication,
  type CarArtifact,
  type CarDescriptorInfo,
  type CarKind,
  type RegistryCollection,
  type RegistryItem,
} from './types';
import { lineOf, loadXml, SYNAPSE_NS, utf8 } from './xmlutil';
import { scanRoot, scanRootTag } from './scan';
import { checkMetadataNames, loadMetadata } from './metadata';
import { builtOutputFile, withDataMapperOutputs, type BuildCache } from '../datamapper/files';
import { integrationStudioConnectors } from './connectorsExporter';

export type ProjectLayout = 'mi' | 'integration-studio' | 'bare';

export interface LoadedProject extends CarApplication {
  dir: string;
  layout: ProjectLayout;
  /** Discovered files that are not packaged, with the reason. */
  skipped: SkippedFile[];
}

export interface SkippedFile {
  /** Project-relative path. */
  file: string;
  reason: string;
}

const MAX_FILES = 20_000;
const MAX_DEPTH = 12;

/** Files under a folder, sorted, bounded in depth and count; skips dot-folders, node_modules and target. */
function listFiles(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > MAX_DEPTH || !existsSync(dir)) return out;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
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

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function posix(p: string): string {
  return p.split(sep).join('/');
}

/** The root element of an artifact: the fast scan (scan.ts) when it accepts the text, else the full parser. */
function rootOf(
  file: string,
  text: string,
  scanned = scanRoot(text),
): { local: string; ns: string; attr(name: string): string | undefined } {
  if (scanned) return { local: scanned.local, ns: scanned.ns, attr: (n) => scanned.attributes.get(n) };
  // not plain: the full parser either names the problem (file and line) or accepts the document after all
  const root = loadXml(text, file, 'PROJECT_BAD_FILE');
  return { local: root.local, ns: root.ns, attr: (n) => attrValue(root, n) };
}

/** Name of a Synapse/data artifact from its root element; falls back to the file name. */
function artifactName(
  file: string,
  text: string,
  kind: CarKind | undefined,
  root = rootOf(file, text),
): { name: string; root: string; ns: string; version?: string } {
  let name: string | undefined;
  if (root.local === 'localEntry') name = root.attr('key');
  else if (root.local === 'datasource')
    name = basename(file, extname(file)); // as MI's CAR plugin names data sources
  else name = root.attr('name');
  if (kind?.root && root.local !== kind.root) {
    throw new CarError(
      'PROJECT_BAD_FILE',
      `expected a <${kind.root}> in the ${kind.folder} folder, found <${root.local}>`,
      file,
      1,
    );
  }
  return {
    name: name || basename(file, extname(file)),
    root: root.local,
    ns: root.ns,
    version: root.attr('version') || undefined,
  };
}

function kindArtifact(file: string, kind: CarKind, version: string, rel: string): CarArtifact {
  const content = readFileSync(file);
  const info = artifactName(file, utf8(content), kind);
  return versioned(
    {
      name: info.name,
      version,
      type: kind.type,
      serverRole: kind.serverRole,
      file: '',
      content,
      source: rel,
    },
    info.version,
    kind.ext,
  );
}

/**
 * Names and versions as MI's CAR plugin writes them: an artifact with its own `version` attribute keeps that version;
 * a versioned API is named `<name>_<version>` (so its folder is `<name>_<v>_<v>` and its file `<name>_<v>-<v>.xml`).
 */
function versioned(a: CarArtifact, own: string | undefined, ext: string): CarArtifact {
  if (own) {
    a.version = own;
    if (a.type === 'synapse/api') a.name = `${a.name}_${own}`;
  }
  a.file = `${a.name}-${a.version}${ext}`;
  return a;
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

function registryArtifact(
  name: string,
  version: string,
  items: RegistryItem[],
  source: string,
  serverRole = DEFAULT_SERVER_ROLE,
): CarArtifact {
  return {
    name,
    version,
    type: REGISTRY_TYPE,
    serverRole,
    file: 'registry-info.xml',
    content: Buffer.alloc(0),
    items,
    source,
  };
}

/**
 * Registry resources of the MI layout, under resources/registry/{gov,conf}/. When resources/registry/artifact.xml
 * exists it is the list (as MI's CAR plugin reads it): each `<artifact name version>` with an `<item>` (one file) or
 * a `<collection>` (a folder). Without it, every file becomes an item named after its path.
 */
function miRegistry(
  dir: string,
  regDir: string,
  version: string,
  toLocal: (registryPath: string) => string | undefined = registryPathToLocal,
): CarArtifact[] {
  if (!existsSync(regDir)) return [];
  const descFile = join(regDir, 'artifact.xml');
  const out: CarArtifact[] = [];
  const props = (el: XmlElement) => {
    const p = firstChild(el, 'properties');
    return p
      ? childElements(p).map((x) => ({ key: attrValue(x, 'key') ?? '', value: attrValue(x, 'value') ?? '' }))
      : undefined;
  };
  if (existsSync(descFile)) {
    const text = readFileSync(descFile, 'utf8');
    const root = loadXml(text, descFile, 'PROJECT_BAD_FILE');
    const dmBuilds: BuildCache = new Map();
    for (const a of childElements(root).filter((e) => e.local === 'artifact')) {
      const name = attrValue(a, 'name');
      const line = lineOf(text, a.span.start);
      if (!name) throw new CarError('PROJECT_BAD_FILE', '<artifact> without a name', descFile, line);
      const v = attrValue(a, 'version') || version;
      const item = firstChild(a, 'item');
      const coll = firstChild(a, 'collection');
      if (item) {
        const file = textContent(firstChild(item, 'file') ?? item).trim();
        const regPath = textContent(firstChild(item, 'path') ?? item).trim();
        const local = toLocal(regPath);
        const abs = local !== undefined && join(regDir, local, file);
        // a data mapper's .dmc and schemas are build outputs of the <Name>.ts beside them (MI 4.4 tooling)
        const built =
          abs && file && abs.startsWith(regDir + sep) && !existsSync(abs)
            ? builtOutputFile(abs, dir, dmBuilds)
            : undefined;
        if (!abs || !file || !abs.startsWith(regDir + sep) || (!built && !existsSync(abs))) {
          throw new CarError(
            'PROJECT_BAD_FILE',
            `registry resource '${regPath}/${file}' not found under ${posix(relative(dir, regDir))}`,
            descFile,
            line,
          );
        }
        const mt = firstChild(item, 'mediaType');
        out.push(
          registryArtifact(
            name,
            v,
            [
              {
                file,
                path: regPath,
                mediaType: (mt && textContent(mt).trim()) || mediaTypeOf(file),
                properties: props(item),
                content: built ?? readFileSync(abs),
              },
            ],
            posix(relative(dir, abs)),
          ),
        );
      } else if (coll) {
        const directory = textContent(firstChild(coll, 'directory') ?? coll).trim();
        const regPath = textContent(firstChild(coll, 'path') ?? coll).trim();
        const local = toLocal(regPath);
        const abs = local !== undefined && join(regDir, local);
        if (
          !abs ||
          !directory ||
          /[\\/]|^\.\.?$/.test(directory) ||
          !abs.startsWith(regDir + sep) ||
          !isDir(abs)
        ) {
          throw new CarError(
            'PROJECT_BAD_FILE',
            `registry collection '${regPath}' not found under ${posix(relative(dir, regDir))}`,
            descFile,
            line,
          );
        }
        const files = listFiles(abs).map((f) => ({
          path: posix(relative(abs, f)),
          content: readFileSync(f),
        }));
        const artifact = registryArtifact(name, v, [], posix(relative(dir, abs)));
        artifact.collections = [{ directory, path: regPath, properties: props(coll), files }];
        out.push(artifact);
      }
    }
    return out;
  }
  const dmBuilds: BuildCache = new Map();
  // a data mapper's .dmc and schemas are build outputs of its <Name>/<Name>.ts: built when not on disk
  for (const file of withDataMapperOutputs(listFiles(regDir))) {
    const rel = posix(relative(regDir, file));
    const top = rel.split('/')[0];
    if (top !== 'gov' && top !== 'conf') continue;
    const folder = rel.split('/').slice(1, -1).join('/');
    const regPath = `/_system/${top === 'gov' ? 'governance' : 'config'}${folder ? `/${folder}` : ''}`;
    const fname = basename(file);
    const name = `${top}_${[folder, fname].filter(Boolean).join('_')}`.replace(/[^\w-]/g, '_');
    out.push(
      registryArtifact(
        name,
        version,
        [
          {
            file: fname,
            path: regPath,
            mediaType: mediaTypeOf(fname),
            content: builtOutputFile(file, dir, dmBuilds) ?? readFileSync(file),
          },
        ],
        posix(relative(dir, file)),
      ),
    );
  }
  return out;
}

/**
 * `/_system/governance/mi-resources/a/b` → `a/b` (and the folder itself → ''): MI 4.4 projects keep data-mapper
 * files, API definitions and other resources under src/main/wso2mi/resources/, listed in resources/artifact.xml with
 * that registry path (what `resources:` keys name).
 */
function miResourcesPathToLocal(p: string): string | undefined {
  const m = /^\/_system\/governance\/mi-resources(\/.*)?$/.exec(p.replace(/\/+$/, ''));
  if (!m) return undefined;
  return (m[1] ?? '').replace(/^\//, '');
}

/** `/_system/governance/a/b` → `gov/a/b`; `/_system/config/x` → `conf/x`. */
function registryPathToLocal(p: string): string | undefined {
  const m = /^\/_system\/(governance|config)(\/.*)?$/.exec(p.replace(/\/+$/, ''));
  if (!m) return undefined;
  return `${m[1] === 'governance' ? 'gov' : 'conf'}${m[2] ?? ''}`;
}

/** The CAR kind of a discovered artifact file: by its folder (MI / Integration Studio), else by its root element. */
function kindOf(file: ProjectFile, rootLocal: () => string): CarKind | undefined {
  const byFolder = CAR_KINDS.find((k) => k.folder === file.folder || k.legacyFolder === file.folder);
  if (byFolder && (extname(file.path).toLowerCase() === byFolder.ext || byFolder.ext === '.xml'))
    return byFolder;
  if (extname(file.path).toLowerCase() === '.dbs') return CAR_KINDS.find((k) => k.kind === 'data-services');
  return kindByRoot(rootLocal());
}

/** The first element name of a text that the fast scan did not accept (comments and PIs skipped). */
function firstElementName(text: string): string {
  const m = /<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)[\s>/]/.exec(
    text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  return m ? m[2] : '';
}

/** Synapse artifacts of the project, as core/project discovers them (the same files the editor and `run` see). */
function loadArtifacts(
  project: PackagingFiles,
  version: string,
  skipped: SkippedFile[],
  wellFormed: ReadonlySet<string> | undefined,
): CarArtifact[] {
  const out: CarArtifact[] = [];
  for (const f of project.files) {
    const content = f.content;
    const text = f.text !== undefined ? stripBom(f.text) : utf8(content);
    f.text = undefined; // not kept alive past this file (less for the garbage collector to copy)
    // a file the parser has just read without an error needs no second well-formedness check: its head will do
    const scanned = wellFormed?.has(f.path) ? scanRootTag(text) : scanRoot(text);
    const kind = kindOf(f, () => scanned?.local ?? firstElementName(text));
    if (!kind) {
      skipped.push({ file: f.relPath, reason: 'no deployable artifact kind' });
      continue;
    }
    const info = artifactName(
      f.path,
      text,
      project.layout === 'bare' ? undefined : kind,
      rootOf(f.path, text, scanned),
    );
    if (project.layout === 'bare' && kind.root && info.ns !== SYNAPSE_NS) {
      skipped.push({ file: f.relPath, reason: `<${info.root}> is not in the Synapse namespace` });
      continue;
    }
    const serverRole =
      project.layout === 'integration-studio' && kind.serverRole === DEFAULT_SERVER_ROLE
        ? 'EnterpriseServiceBus'
        : kind.serverRole;
    out.push(
      versioned(
        { name: info.name, version, type: kind.type, serverRole, file: '', content, source: f.relPath },
        info.version,
        kind.ext,
      ),
    );
  }
  return out;
}

/** MI layout resources: registry, config.properties, connector zips, data sources (not Synapse XML, so not discovered). */
function loadMiResources(dir: string, version: string): CarArtifact[] {
  const base = join(dir, 'src', 'main', 'wso2mi');
  const out: CarArtifact[] = [];
  const ds = CAR_KINDS.find((k) => k.kind === 'data-sources')!;
  for (const file of listFiles(join(base, 'artifacts', ds.folder))) {
    if (extname(file).toLowerCase() === '.xml')
      out.push(kindArtifact(file, ds, version, posix(relative(dir, file))));
  }
  out.push(...miRegistry(dir, join(base, 'resources', 'registry'), version));
  // MI 4.4: resources/artifact.xml lists the mi-resources (data mappers, API definitions…); without it there are none
  if (existsSync(join(base, 'resources', 'artifact.xml')))
    out.push(...miRegistry(dir, join(base, 'resources'), version, miResourcesPathToLocal));
  const conf = join(base, 'resources', 'conf', 'config.properties');
  if (existsSync(conf)) {
    out.push({
      name: 'config',
      version,
      type: 'config/property',
      serverRole: DEFAULT_SERVER_ROLE,
      file: 'config.properties',
      content: readFileSync(conf),
      source: posix(relative(dir, conf)),
    });
  }
  for (const file of listFiles(join(base, 'resources', 'connectors'))) {
    if (extname(file).toLowerCase() !== '.zip') continue;
    // `<name>-<version>.zip`, as connector zips are named (and as MI's CAR plugin splits them)
    const base = basename(file, extname(file));
    const dash = base.lastIndexOf('-');
    const name = dash > 0 ? base.slice(0, dash) : base;
    out.push({
      name,
      version: dash > 0 ? base.slice(dash + 1) : version,
      type: 'synapse/lib',
      serverRole: DEFAULT_SERVER_ROLE,
      file: basename(file),
      content: readFileSync(file),
      source: posix(relative(dir, file)),
    });
  }
  return out;
}

/** Integration Studio registry resources: `<X>RegistryResources/artifact.xml` items. */
function loadIntegrationStudioRegistry(dir: string, version: string): CarArtifact[] {
  const out: CarArtifact[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const mod = join(dir, e.name);
    const desc = join(mod, 'artifact.xml');
    if (!existsSync(desc)) continue;
    const text = readFileSync(desc, 'utf8');
    const root = loadXml(text, desc, 'PROJECT_BAD_FILE');
    for (const a of childElements(root)) {
      if (attrValue(a, 'type') !== REGISTRY_TYPE) continue;
      const name = attrValue(a, 'name');
      if (!name) continue;
      const line = lineOf(text, a.span.start);
      const v = attrValue(a, 'version') || version;
      const items: RegistryItem[] = [];
      const collections: RegistryCollection[] = [];
      for (const item of childElements(a).filter((c) => c.local === 'item')) {
        const f = firstChild(item, 'file');
        const p = firstChild(item, 'path');
        if (!f || !p) continue;
        const relFile = textContent(f).trim();
        const abs = join(mod, relFile);
        if (!abs.startsWith(mod + sep) || !existsSync(abs)) {
          throw new CarError('PROJECT_BAD_FILE', `registry item file '${relFile}' not found`, desc, line);
        }
        const mt = firstChild(item, 'mediaType');
        items.push({
          file: basename(relFile),
          path: textContent(p).trim(),
          mediaType: (mt && textContent(mt).trim()) || mediaTypeOf(relFile),
          content: readFileSync(abs),
        });
      }
      for (const coll of childElements(a).filter((c) => c.local === 'collection')) {
        const d = firstChild(coll, 'directory');
        const p = firstChild(coll, 'path');
        if (!d || !p) continue;
        const relDir = textContent(d).trim();
        const abs = join(mod, relDir);
        if (!abs.startsWith(mod + sep) || !isDir(abs)) {
          throw new CarError(
            'PROJECT_BAD_FILE',
            `registry collection folder '${relDir}' not found`,
            desc,
            line,
          );
        }
        const files = listFiles(abs).map((f) => ({
          path: posix(relative(abs, f)),
          content: readFileSync(f),
        }));
        collections.push({ directory: basename(abs), path: textContent(p).trim(), files });
      }
      if (items.length || collections.length) {
        const artifact = registryArtifact(
          name,
          v,
          items,
          posix(relative(dir, desc)),
          attrValue(a, 'serverRole') ?? 'EnterpriseServiceBus',
        );
        if (collections.length) artifact.collections = collections;
        out.push(artifact);
      }
    }
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

export interface LoadOptions {
  /**
   * Generate `<API>_metadata` / `<API>_swagger` YAML for APIs that have none in `resources/metadata/` (what MI's
   * service catalog publishes; metadata.ts). Default: package only the project's own metadata files.
   */
  generateApiMetadata?: boolean;
  /**
   * The project's artifact files as discovered already with their bytes (`packagingFilesOf`), when validation read
   * them just before: they are not discovered and read again.
   */
  files?: PackagingFiles;
  /**
   * Files whose bytes (those of `files`) the full parser read without an error just before: their root is read from
   * the start tag alone (`scanRootTag`) instead of scanning the whole text for well-formedness again.
   */
  wellFormed?: ReadonlySet<string>;
}

/** Loads a project folder for packaging. Throws CarError (PROJECT_*) with the file and line on bad input. */
export function loadProject(dir: string, options: LoadOptions = {}): LoadedProject {
  if (!isDir(dir)) throw new CarError('PROJECT_NOT_FOUND', 'not a folder', dir);
  let name = basename(dir.replace(/[\\/]+$/, '')).replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'application';
  let version = '1.0.0';
  const pomFile = join(dir, 'pom.xml');
  let descriptor: CarDescriptorInfo | undefined;
  if (existsSync(pomFile)) {
    const pom = readPom(pomFile);
    if (pom.artifactId) name = pom.artifactId;
    if (pom.version && !pom.version.includes('${')) version = pom.version;
    // MI 4.5 projects: the pom's versionedDeployment property goes to descriptor.xml with the project's
    // groupId__artifactId__version and its CAR dependencies (what the 4.5 CAR plugin writes)
    const versioned = pom.properties.versionedDeployment;
    if (versioned !== undefined && pom.groupId)
      descriptor = {
        id: `${pom.groupId}__${name}__${version}`,
        versionedDeployment: versioned.toLowerCase() === 'true',
        // the dependency CARs are not embedded here (no FAT CAR): each is deployed on its own
        fatCarEnabled: false,
        dependencies: pom.carDependencies,
      };
  }
  const project = options.files ?? packagingFiles(dir);
  const layout: ProjectLayout = project.layout;
  if (layout === 'integration-studio') {
    const exporter = readdirSync(dir)
      .filter((n) => n.endsWith('CompositeExporter') && existsSync(join(dir, n, 'pom.xml')))
      .sort()[0];
    if (exporter) {
      const pom = readPom(join(dir, exporter, 'pom.xml'));
      if (pom.artifactId) name = pom.artifactId;
      if (pom.version && !pom.version.includes('${')) version = pom.version;
    }
  }
  const skipped: SkippedFile[] = [];
  const artifacts = loadArtifacts(project, version, skipped, options.wellFormed);
  if (layout === 'mi') artifacts.push(...loadMiResources(dir, version));
  if (layout === 'integration-studio')
    artifacts.push(
      ...loadIntegrationStudioRegistry(dir, version),
      ...integrationStudioConnectors(dir, version),
    );
  if (!artifacts.length)
    throw new CarError('PROJECT_EMPTY', `no deployable artifacts found (${layout} layout)`, dir);
  const seen = new Map<string, CarArtifact>();
  for (const a of artifacts) {
    const key = `${a.name}_${a.version}`;
    const prev = seen.get(key);
    if (prev)
      throw new CarError(
        'PROJECT_DUPLICATE',
        `artifact name '${a.name}' is used twice (also in ${prev.source})`,
        join(dir, a.source ?? ''),
      );
    seen.set(key, a);
  }
  const metadata = loadMetadata(
    dir,
    layout,
    version,
    artifacts,
    options.generateApiMetadata ?? false,
    skipped,
  );
  checkMetadataNames(metadata);
  const metaSeen = new Set<string>();
  for (const m of metadata) {
    if (metaSeen.has(m.name))
      throw new CarError(
        'PROJECT_DUPLICATE',
        `metadata '${m.name}' is given twice`,
        join(dir, m.source ?? ''),
      );
    metaSeen.add(m.name);
  }
  const app: LoadedProject = { name, version, artifacts, dir, layout, skipped };
  if (metadata.length) app.metadata = metadata;
  if (descriptor) app.descriptor = descriptor;
  return app;
}
