/**
 * Project discovery: which folders are Synapse projects, in which layout, and which files are their artifacts.
 *
 * Layouts (DESIGN.md section 3, reference/car-format.md):
 * - `mi`: the Micro Integrator VS Code layout, `pom.xml` + `src/main/wso2mi/artifacts/<kind>/*.xml`, resources under
 *   `src/main/wso2mi/resources/`, unit tests under `src/test/wso2mi/`;
 * - `integration-studio`: `src/main/synapse-config/<kind>/*.xml`, possibly inside a `<Name>Configs` module of a
 *   multi-module Maven project, with registry resources in `<Name>RegistryResources` modules;
 * - `bare`: a folder of Synapse XML files (each file's root element decides).
 * Non-Synapse XML (pom.xml, other XML) is left alone.
 */
import {
  readdirSync,
  readFileSync,
  statSync,
  existsSync,
  openSync,
  readSync,
  closeSync,
  fstatSync,
  type Dirent,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { decodeXml } from '../xml/decode';

export type Layout = 'mi' | 'integration-studio' | 'bare';

export interface PomInfo {
  groupId?: string;
  artifactId?: string;
  version?: string;
  name?: string;
  description?: string;
  runtimeVersion?: string;
  /**
   * Integration projects this one depends on (`<dependency>` of `<type>car</type>`, MI 4.5 "integration project
   * dependencies"): their artifacts are referred to as `<groupId>__<artifactId>__<name>`.
   */
  carDependencies?: { groupId: string; artifactId: string }[];
}

export interface ProjectFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the project root, with `/` separators. */
  relPath: string;
  /** The artifact folder it sits in (`apis`, `sequences`, ... or `api` in Integration Studio); '' for bare files. */
  folder: string;
  /** 'artifact' for Synapse configurations, 'test' for unit-test suites and mock services. */
  role: 'artifact' | 'test';
  /** The file's bytes, when discovery was asked to keep them (`{ contents: true }`: packaging reads each file once). */
  content?: Buffer;
  /** The content decoded as UTF-8, when the sniff already decoded all of it (files of up to 4 KB). */
  text?: string;
}

export interface DiscoverOptions {
  /** Read each artifact and test file whole, once, and keep its bytes (the sniff looks at its first 4 KB). */
  contents?: boolean;
}

export interface Project {
  root: string;
  name: string;
  layout: Layout;
  /** Folders holding artifact sub-folders (`.../artifacts` or `.../synapse-config`), or the root for `bare`. */
  artifactDirs: string[];
  /** Registry/resources folders (`src/main/wso2mi/resources`, `<X>RegistryResources`). */
  resourceDirs: string[];
  /** Unit-test folder (`src/test/wso2mi`), when present. */
  testDirs: string[];
  pom?: PomInfo;
  files: ProjectFile[];
}

/** Folders discovery never enters (dependencies, build output, editor and test-rig state). */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'target',
  'build',
  'dist',
  'out',
  '.vscode',
  '.idea',
  '.e2e',
  '.test-output',
]);
/**
 * Folders of `synapse-config` that hold no artifacts: Integration Studio keeps the endpoints its graphical editor
 * draws for a load-balance/failover group in `complex-endpoints` (drafts, often named `{ep.name}`); its artifact.xml
 * never lists them, so the CAR and MI never see them.
 */
const NOT_ARTIFACT_FOLDERS: ReadonlySet<string> = new Set(['complex-endpoints']);
const MI_ARTIFACTS = join('src', 'main', 'wso2mi', 'artifacts');
const MI_RESOURCES = join('src', 'main', 'wso2mi', 'resources');
const MI_TESTS = join('src', 'test', 'wso2mi');
const IS_CONFIG = join('src', 'main', 'synapse-config');

/** Root element local names of Synapse configuration files (artifacts, unit tests, mocks, data services). */
const SYNAPSE_ROOTS = new Set([
  'api',
  'proxy',
  'sequence',
  'endpoint',
  'localEntry',
  'template',
  'inboundEndpoint',
  'task',
  'messageStore',
  'messageProcessor',
  'definitions',
  'data',
  'unit-test',
  'mock-service',
]);
export const SYNAPSE_NAMESPACE = 'http://ws.apache.org/ns/synapse';

/**
 * Cheap sniff of the first start tag: is this text a Synapse configuration? True when the root element is in the
 * Synapse namespace, or is a known artifact root with no namespace (unit tests, mock services, data services use
 * none). Reads only the head of the text.
 */
export function looksLikeSynapse(text: string): boolean {
  const head = text.length > 4096 ? text.slice(0, 4096) : text;
  const m = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>?/.exec(stripProlog(head));
  if (!m) return false;
  const local = m[2];
  if (m[3].includes(SYNAPSE_NAMESPACE)) return true;
  // A Synapse root name: in the Synapse namespace, in none (older files omit xmlns), or in a wrong one (which the
  // validator then reports: SYN001)
  return SYNAPSE_ROOTS.has(local);
}

/** The text from the root element on: skips the XML declaration, comments, processing instructions and a DOCTYPE. */
export function stripProlog(s: string): string {
  // skip the XML declaration, comments and processing instructions before the root
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('<?', i)) {
      const e = s.indexOf('?>', i);
      if (e < 0) return '';
      i = e + 2;
    } else if (s.startsWith('<!--', i)) {
      const e = s.indexOf('-->', i);
      if (e < 0) return '';
      i = e + 3;
    } else if (s.startsWith('<!', i)) {
      const e = s.indexOf('>', i);
      if (e < 0) return '';
      i = e + 1;
    } else return s.slice(i);
  }
}

const HEAD_BYTES = 4096;

function readHead(path: string, bytes = HEAD_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return decodeXml(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** Files up to this size are read whole while sniffing when discovery keeps contents (configurations are smaller). */
const WHOLE_BYTES = 1 << 20;

/**
 * A file's bytes (the same system calls as readFileSync), or undefined when it is larger than WHOLE_BYTES: a folder
 * of big XML data files is not read into memory just to find it holds no Synapse configuration.
 */
function readWhole(path: string): Buffer | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > WHOLE_BYTES) return undefined;
    if (size === 0) return readFileSync(path); // empty, or a file whose size is not known up front
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const got = readSync(fd, buf, n, size - n, n);
      if (got === 0) break;
      n += got;
    }
    return n === size ? buf : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function readPom(pomPath: string): PomInfo | undefined {
  let text: string;
  try {
    text = readFileSync(pomPath, 'utf8');
  } catch {
    return undefined;
  }
  // Only the project's own coordinates: drop <parent>, <dependencies>, <build>, <profiles> blocks first.
  const own = text.replace(
    /<(parent|dependencies|dependencyManagement|build|profiles|modules|pluginRepositories|repositories)>[\s\S]*?<\/\1>/g,
    '',
  );
  const tag = (name: string) => {
    const m = new RegExp(`<${name.replace('.', '\\.')}>\\s*([^<]*?)\\s*</${name.replace('.', '\\.')}>`).exec(
      own,
    );
    return m ? m[1] : undefined;
  };
  const parentVersion = /<parent>[\s\S]*?<version>\s*([^<]*?)\s*<\/version>[\s\S]*?<\/parent>/.exec(
    text,
  )?.[1];
  const parentGroup = /<parent>[\s\S]*?<groupId>\s*([^<]*?)\s*<\/groupId>[\s\S]*?<\/parent>/.exec(text)?.[1];
  const carDependencies: { groupId: string; artifactId: string }[] = [];
  for (const deps of text.match(/<dependencies>[\s\S]*?<\/dependencies>/g) ?? [])
    for (const dep of deps.match(/<dependency>[\s\S]*?<\/dependency>/g) ?? []) {
      const inner = (name: string) => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(dep)?.[1];
      const groupId = inner('groupId');
      const artifactId = inner('artifactId');
      if (inner('type') === 'car' && groupId && artifactId) carDependencies.push({ groupId, artifactId });
    }
  return {
    groupId: tag('groupId') ?? parentGroup,
    artifactId: tag('artifactId'),
    version: tag('version') ?? parentVersion,
    name: tag('name'),
    description: tag('description'),
    runtimeVersion: tag('project.runtime.version'),
    ...(carDependencies.length ? { carDependencies } : {}),
  };
}

/** Is this folder itself a Synapse project root (MI or Integration Studio layout)? */
export function isSynapseProjectDir(dir: string): boolean {
  return isDir(join(dir, MI_ARTIFACTS)) || isDir(join(dir, IS_CONFIG)) || isStudioProjectOfModules(dir);
}

/**
 * A folder whose sub-folders are Integration Studio modules (`<Name>Configs/src/main/synapse-config`) is one
 * multi-module project, but a folder without a pom.xml that holds two or more of them is a workspace of separate
 * projects (Developer Studio and Integration Studio keep each ESB project, with its own pom and composite
 * application, side by side): then each is found as a project of its own (findProjects), and names are not pooled.
 * A folder given directly to discoverProject (synapse run, package) still reads them together.
 */
function isStudioProjectOfModules(dir: string): boolean {
  const n = findIntegrationStudioModules(dir).length;
  return n === 1 || (n > 1 && existsSync(join(dir, 'pom.xml')));
}

function findIntegrationStudioModules(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (SKIP_DIRS.has(e) || e.startsWith('.')) continue;
    const p = join(dir, e);
    if (isDir(join(p, IS_CONFIG))) out.push(join(p, IS_CONFIG));
  }
  return out.sort();
}

function toRel(root: string, p: string): string {
  // discovery joins every path onto the root: then the relative path is the rest (path.relative resolves both
  // paths against the working directory on every call)
  if (
    p.length > root.length + 1 &&
    p.startsWith(root) &&
    p[root.length] === sep &&
    !/[\\/]\.\.?(?:[\\/]|$)/.test(p)
  ) {
    const rest = p.slice(root.length + 1);
    return sep === '/' ? rest : rest.split(sep).join('/');
  }
  return relative(root, p).split(sep).join('/');
}

/** Directory entries in name order (none when the folder cannot be read). */
function direntsOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  } catch {
    return [];
  }
}

/** Is this entry a directory (following a symbolic link, as `statSync` does)? No stat for plain entries. */
function direntIsDir(dir: string, e: Dirent): boolean {
  if (e.isDirectory()) return true;
  return e.isSymbolicLink() ? isDir(join(dir, e.name)) : false;
}

/**
 * How deep discovery looks for project roots under a folder, and for Synapse files in a bare folder: deep enough for
 * real layouts (a repository's `integrations/<area>/<team>/<Project>/src/main/wso2mi/artifacts`, an APIM feature's
 * `.../src/main/resources/synapse-configs/default/api`), with dependency and build folders skipped (SKIP_DIRS).
 */
const DISCOVERY_DEPTH = 12;

/**
 * A `synapse-configs` folder holding `default`: MI deploys only `default` (MultiXMLConfigurationBuilder reads
 * repository/deployment/server/synapse-configs/default); its siblings are copies (backups, other tenants' trees).
 */
function deployedConfigs(dir: string): string | undefined {
  return basename(dir) === 'synapse-configs' && isDir(join(dir, 'default'))
    ? join(dir, 'default')
    : undefined;
}

function listXml(dir: string, depth: number, acc: string[], exts = ['.xml']): void {
  const deployed = deployedConfigs(dir);
  if (deployed) return listXml(deployed, depth, acc, exts);
  for (const e of direntsOf(dir)) {
    if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    if (direntIsDir(dir, e)) {
      if (depth > 0) listXml(join(dir, e.name), depth - 1, acc, exts);
    } else {
      const lower = e.name.toLowerCase();
      if (exts.some((x) => lower.endsWith(x))) acc.push(join(dir, e.name));
    }
  }
}

/**
 * Discovers the project rooted at `dir`. A folder that has no MI/Integration Studio markers is treated as a bare
 * folder of Synapse files (its XML files are sniffed; non-Synapse XML is ignored).
 */
export function discoverProject(dir: string, options: DiscoverOptions = {}): Project {
  const root = dir.replace(/[\\/]+$/, '') || dir;
  const pomPath = join(root, 'pom.xml');
  const pom = existsSync(pomPath) ? readPom(pomPath) : undefined;
  const name = pom?.artifactId || basename(root);
  const files: ProjectFile[] = [];
  const keep = options.contents === true;
  /** A file's first 4 KB as text (its sniff), and with `contents` its bytes; undefined when it cannot be read. */
  const look = (p: string): { head: string; content?: Buffer; text?: string } | undefined => {
    try {
      if (!keep) return { head: p.endsWith('.dbs') ? '' : readHead(p) };
      const content = readWhole(p);
      // a large file is sniffed by its head, and read whole (by `file`) only when it is a Synapse configuration
      if (!content) return { head: readHead(p) };
      const head = decodeXml(content.length <= HEAD_BYTES ? content : content.subarray(0, HEAD_BYTES));
      return { head, content, text: content.length <= HEAD_BYTES ? head : undefined };
    } catch {
      return undefined;
    }
  };
  const file = (p: string, folder: string, role: ProjectFile['role'], seen?: ReturnType<typeof look>) => {
    const f: ProjectFile = { path: p, relPath: toRel(root, p), folder, role };
    if (keep) {
      // a file listed without a sniff (a .dbs) is read here; one that cannot be read fails when packaging reads it
      const got = seen ?? look(p);
      f.content = got?.content ?? readFileSync(p);
      if (got?.text !== undefined) f.text = got.text;
    }
    return f;
  };

  const addArtifacts = (artifactDir: string) => {
    for (const e of direntsOf(artifactDir)) {
      if (!direntIsDir(artifactDir, e) || NOT_ARTIFACT_FOLDERS.has(e.name)) continue;
      const acc: string[] = [];
      listXml(join(artifactDir, e.name), 2, acc, ['.xml', '.dbs']);
      for (const p of acc) {
        if (p.endsWith('.dbs')) {
          files.push(file(p, e.name, 'artifact'));
          continue;
        }
        const seen = look(p);
        if (seen && looksLikeSynapse(seen.head)) files.push(file(p, e.name, 'artifact', seen));
      }
    }
  };
  const addTests = (testDir: string) => {
    const acc: string[] = [];
    listXml(testDir, 4, acc);
    for (const p of acc) {
      const seen = look(p);
      if (seen && looksLikeSynapse(seen.head)) files.push(file(p, basename(dirname(p)), 'test', seen));
    }
  };

  if (isDir(join(root, MI_ARTIFACTS))) {
    const artifactDirs = [join(root, MI_ARTIFACTS)];
    artifactDirs.forEach(addArtifacts);
    const testDirs = [join(root, MI_TESTS), join(root, 'src', 'test', 'resources', 'mock-services')].filter(
      isDir,
    );
    testDirs.forEach(addTests);
    return {
      root,
      name,
      layout: 'mi',
      artifactDirs,
      resourceDirs: [join(root, MI_RESOURCES)].filter(isDir),
      testDirs,
      pom,
      files: dedupe(files),
    };
  }
  const isDirs = isDir(join(root, IS_CONFIG)) ? [join(root, IS_CONFIG)] : findIntegrationStudioModules(root);
  if (isDirs.length) {
    isDirs.forEach(addArtifacts);
    const resourceDirs = readdirSafe(root)
      .filter((e) => /RegistryResources$/i.test(e) && isDir(join(root, e)))
      .map((e) => join(root, e));
    // data services live in <X>DataServiceConfigs/dataservice/*.dbs
    for (const e of readdirSafe(root)) {
      const ds = join(root, e, 'dataservice');
      if (isDir(ds)) {
        const acc: string[] = [];
        listXml(ds, 1, acc, ['.dbs']);
        for (const p of acc) files.push(file(p, 'dataservice', 'artifact'));
      }
    }
    const testDirs = readdirSafe(root)
      .map((e) => join(root, e, 'test'))
      .concat([join(root, 'test')])
      .filter(isDir);
    testDirs.forEach(addTests);
    return {
      root,
      name,
      layout: 'integration-studio',
      artifactDirs: isDirs,
      resourceDirs,
      testDirs,
      pom,
      files: dedupe(files),
    };
  }
  // bare folder: sniff every XML file (of a synapse-configs folder, those of its `default`)
  const acc: string[] = [];
  listXml(root, DISCOVERY_DEPTH, acc, ['.xml', '.dbs']);
  for (const p of acc) {
    if (basename(p) === 'pom.xml') continue;
    const seen = look(p);
    if (!seen) continue;
    if (p.endsWith('.dbs') || looksLikeSynapse(seen.head)) {
      const role = /<(unit-test|mock-service)\b/.test(stripProlog(seen.head).slice(0, 200))
        ? 'test'
        : 'artifact';
      files.push(file(p, toRel(root, dirname(p)) === '' ? '' : basename(dirname(p)), role, seen));
    }
  }
  return { root, name, layout: 'bare', artifactDirs: [root], resourceDirs: [], testDirs: [], pom, files };
}

function readdirSafe(d: string): string[] {
  try {
    return readdirSync(d).sort();
  } catch {
    return [];
  }
}

function dedupe(files: ProjectFile[]): ProjectFile[] {
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
}

/**
 * Finds the Synapse projects under a workspace folder: the folder itself when it is one, else its sub-folders (down to
 * DISCOVERY_DEPTH) that are; falls back to the folder as a bare project when it holds Synapse files.
 */
/**
 * MI projects copied inside another project's folder (`Outer/Inner/pom.xml` with `Inner/src/main/wso2mi/artifacts`,
 * beside Outer's own `src`): Outer's build and deployment do not take them (its artifacts are only its own
 * `src/main/wso2mi/artifacts`), so each is a project of its own. Outer's `src`, `deployment` and build folders are
 * not entered, nor an Integration Studio module (part of the project that lists it).
 */
function nestedProjects(outer: Project, depth: number, options: DiscoverOptions): Project[] {
  if (outer.layout !== 'mi') return [];
  const found: Project[] = [];
  const visit = (d: string, level: number) => {
    for (const e of readdirSafe(d)) {
      if (SKIP_DIRS.has(e) || e.startsWith('.') || (d === outer.root && (e === 'src' || e === 'deployment')))
        continue;
      const p = join(d, e);
      if (!isDir(p)) continue;
      if (isDir(join(p, MI_ARTIFACTS))) {
        const project = discoverProject(p, options);
        found.push(project, ...nestedProjects(project, level - 1, options));
      } else if (level > 0) visit(p, level - 1);
    }
  };
  if (depth > 0) visit(outer.root, depth - 1);
  return found;
}

export function findProjects(dir: string, depth = DISCOVERY_DEPTH, options: DiscoverOptions = {}): Project[] {
  if (isSynapseProjectDir(dir)) {
    const project = discoverProject(dir, options);
    return [project, ...nestedProjects(project, depth - 1, options)];
  }
  const found: Project[] = [];
  const visit = (d: string, level: number) => {
    for (const e of readdirSafe(d)) {
      if (SKIP_DIRS.has(e) || e.startsWith('.')) continue;
      const p = join(d, e);
      if (!isDir(p)) continue;
      if (isSynapseProjectDir(p)) {
        const project = discoverProject(p, options);
        found.push(project, ...nestedProjects(project, level - 1, options));
      } else if (level > 0) visit(p, level - 1);
    }
  };
  visit(dir, depth - 1);
  if (found.length) return found;
  const bare = discoverProject(dir, options);
  return bare.files.length ? [bare] : [];
}
