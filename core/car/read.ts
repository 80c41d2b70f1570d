/**
 * Reads a .car the way MI's deployer does: artifacts.xml → the carbon/application artifact → each dependency's
 * artifact.xml (in `<name>_<version>/`, or in whichever top-level folder declares that name and version) → its
 * payload file (registry resources: registry-info.xml and resources/).
 * Every problem is a CarError with the CAR (and entry, line) named. Synapse payloads must be well-formed XML whose
 * root element is the one the type implies.
 */
import { attrValue, childElements, firstChild, textContent, type XmlElement } from '../xml';
import { CarError } from './errors';
import {
  APP_TYPE,
  REGISTRY_TYPE,
  kindByType,
  type CarApplication,
  type CarArtifact,
  type RegistryCollection,
  type RegistryItem,
} from './types';
import { unzipCar, type UnzipLimits } from './unzip';
import { loadXml, SYNAPSE_NS, utf8 } from './xmlutil';
import { readDescriptor, type VersionedDescriptor } from './versioned';

export interface ReadCar extends CarApplication {
  /** All entries of the archive (path → bytes). */
  entries: Map<string, Buffer>;
  /** descriptor.xml's versioned deployment (`<versionedDeployment>true</versionedDeployment>`), if on. */
  versioned?: VersionedDescriptor;
}

function req(el: XmlElement, name: string, where: string): string {
  const v = attrValue(el, name);
  if (!v) throw new CarError('CAR_BAD_DESCRIPTOR', `<${el.local}> has no '${name}' attribute`, where);
  return v;
}

/**
 * Parses and checks a CAR. `file` names the archive in messages. With `checkPayloads: false` a Synapse artifact that
 * does not parse is left for the caller to find with checkPayload() (a server keeps such a CAR as faulty).
 */
export async function readCar(
  buf: Buffer,
  file: string,
  limits?: UnzipLimits,
  options: { checkPayloads?: boolean } = {},
): Promise<ReadCar> {
  const entries = await unzipCar(buf, file, limits);
  const get = (path: string, from: string) => {
    const b = entries.get(path);
    if (!b)
      throw new CarError('CAR_MISSING_FILE', `'${path}' is named by ${from} but is not in the archive`, file);
    return b;
  };
  const descPath = `${file}!artifacts.xml`;
  const descBuf = entries.get('artifacts.xml');
  if (!descBuf)
    throw new CarError('CAR_NO_DESCRIPTOR', 'artifacts.xml is missing at the root of the archive', file);
  const root = loadXml(utf8(descBuf), descPath, 'CAR_BAD_DESCRIPTOR');
  if (root.local !== 'artifacts')
    throw new CarError(
      'CAR_BAD_DESCRIPTOR',
      `root element is <${root.local}>, expected <artifacts>`,
      descPath,
      1,
    );
  const apps = childElements(root).filter((e) => e.local === 'artifact' && attrValue(e, 'type') === APP_TYPE);
  if (apps.length !== 1)
    throw new CarError(
      'CAR_BAD_DESCRIPTOR',
      `expected exactly one carbon/application artifact, found ${apps.length}`,
      descPath,
    );
  const appEl = apps[0];
  const app: ReadCar = {
    name: req(appEl, 'name', descPath),
    version: req(appEl, 'version', descPath),
    mainSequence: attrValue(appEl, 'mainSequence'),
    artifacts: [],
    entries,
  };
  const versioned = readDescriptor(entries, file);
  if (versioned) app.versioned = versioned;
  let byNameVersion: Map<string, string> | undefined;
  for (const dep of childElements(appEl).filter((e) => e.local === 'dependency')) {
    if (attrValue(dep, 'include') === 'false') continue;
    const name = req(dep, 'artifact', descPath);
    const version = req(dep, 'version', descPath);
    // MI's deployer reads the artifact.xml of every top-level folder and matches dependencies by name and version,
    // whatever the folder is called (older tooling wrote `<name>_<version>.v<timestamp>/`); `<name>_<version>/`
    // is what tooling writes today, so it is tried first
    let dir = `${name}_${version}`;
    if (!entries.has(`${dir}/artifact.xml`)) {
      byNameVersion ??= artifactFolders(entries, file);
      const found = byNameVersion.get(`${name}\u0000${version}`);
      if (!found)
        throw new CarError(
          'CAR_MISSING_FILE',
          `no artifact.xml in the archive describes ${name} ${version}, which artifacts.xml depends on (expected '${dir}/artifact.xml')`,
          file,
        );
      dir = found;
    }
    const aPath = `${dir}/artifact.xml`;
    const aWhere = `${file}!${aPath}`;
    const aEl = loadXml(utf8(get(aPath, 'artifacts.xml')), aWhere, 'CAR_BAD_DESCRIPTOR');
    if (aEl.local !== 'artifact')
      throw new CarError(
        'CAR_BAD_DESCRIPTOR',
        `root element is <${aEl.local}>, expected <artifact>`,
        aWhere,
        1,
      );
    if (attrValue(aEl, 'name') !== name || attrValue(aEl, 'version') !== version) {
      throw new CarError(
        'CAR_BAD_DESCRIPTOR',
        `artifact.xml says ${attrValue(aEl, 'name')} ${attrValue(aEl, 'version')}, artifacts.xml says ${name} ${version}`,
        aWhere,
      );
    }
    const type = req(aEl, 'type', aWhere);
    const fileEl = firstChild(aEl, 'file');
    const payload = fileEl ? textContent(fileEl).trim() : '';
    if (!payload) throw new CarError('CAR_BAD_DESCRIPTOR', 'artifact.xml has no <file>', aWhere);
    const content = get(`${dir}/${payload}`, aPath);
    const artifact: CarArtifact = {
      name,
      version,
      type,
      serverRole: attrValue(aEl, 'serverRole') ?? attrValue(dep, 'serverRole') ?? '',
      file: payload,
      content,
      source: `${dir}/${payload}`,
    };
    if (type === REGISTRY_TYPE) {
      const info = readRegistryInfo(
        content,
        dir,
        `${file}!${dir}/${payload}`,
        (p) => get(p, `${dir}/${payload}`),
        entries,
      );
      artifact.items = info.items;
      if (info.collections.length) artifact.collections = info.collections;
    } else if (options.checkPayloads !== false) checkPayload(artifact, `${file}!${dir}/${payload}`);
    app.artifacts.push(artifact);
  }
  // MI's deployer never reads metadata.xml: a CAR whose metadata does not add up still deploys, without it
  let metadata: CarArtifact[] = [];
  try {
    metadata = readMetadata(entries, file, get);
  } catch (e) {
    if (!(e instanceof CarError)) throw e;
  }
  if (metadata.length) app.metadata = metadata;
  return app;
}

/** Top-level folders holding an artifact.xml, by the name and version it declares (`name\0version` -> folder). */
function artifactFolders(entries: Map<string, Buffer>, file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, buf] of entries) {
    const slash = path.indexOf('/');
    if (slash <= 0 || path.slice(slash + 1) !== 'artifact.xml') continue;
    const dir = path.slice(0, slash);
    let el: XmlElement;
    try {
      el = loadXml(utf8(buf), `${file}!${path}`, 'CAR_BAD_DESCRIPTOR');
    } catch {
      continue; // MI skips a folder whose artifact.xml it cannot read; a dependency on it is reported as missing
    }
    const n = attrValue(el, 'name');
    const v = attrValue(el, 'version');
    if (el.local === 'artifact' && n && v && !out.has(`${n}\u0000${v}`)) out.set(`${n}\u0000${v}`, dir);
  }
  return out;
}

/**
 * The API metadata of a CAR (metadata.xml and `metadata/<name>_<version>/`), as MI's service catalog finds it; an
 * archive without metadata.xml has none.
 */
function readMetadata(
  entries: Map<string, Buffer>,
  file: string,
  get: (path: string, from: string) => Buffer,
): CarArtifact[] {
  const buf = entries.get('metadata.xml');
  if (!buf) return [];
  const where = `${file}!metadata.xml`;
  const root = loadXml(utf8(buf), where, 'CAR_BAD_DESCRIPTOR');
  const app = childElements(root).find((e) => e.local === 'artifact' && attrValue(e, 'type') === APP_TYPE);
  if (root.local !== 'artifacts' || !app)
    throw new CarError(
      'CAR_BAD_DESCRIPTOR',
      'expected <artifacts> with one carbon/application artifact',
      where,
      1,
    );
  const out: CarArtifact[] = [];
  for (const dep of childElements(app).filter((e) => e.local === 'dependency')) {
    const name = req(dep, 'artifact', where);
    const version = req(dep, 'version', where);
    const dir = `metadata/${name}_${version}`;
    const aWhere = `${file}!${dir}/artifact.xml`;
    const aEl = loadXml(utf8(get(`${dir}/artifact.xml`, 'metadata.xml')), aWhere, 'CAR_BAD_DESCRIPTOR');
    if (aEl.local !== 'artifact' || attrValue(aEl, 'name') !== name || attrValue(aEl, 'version') !== version)
      throw new CarError('CAR_BAD_DESCRIPTOR', `artifact.xml does not describe ${name} ${version}`, aWhere);
    const fileEl = firstChild(aEl, 'file');
    const payload = fileEl ? textContent(fileEl).trim() : '';
    if (!payload) throw new CarError('CAR_BAD_DESCRIPTOR', 'artifact.xml has no <file>', aWhere);
    out.push({
      name,
      version,
      type: req(aEl, 'type', aWhere),
      serverRole: attrValue(aEl, 'serverRole') ?? '',
      file: payload,
      content: get(`${dir}/${payload}`, `${dir}/artifact.xml`),
      source: `${dir}/${payload}`,
    });
  }
  return out;
}

function readRegistryInfo(
  buf: Buffer,
  dir: string,
  where: string,
  get: (p: string) => Buffer,
  entries: Map<string, Buffer>,
): { items: RegistryItem[]; collections: RegistryCollection[] } {
  const root = loadXml(utf8(buf), where, 'CAR_BAD_DESCRIPTOR');
  const items: RegistryItem[] = [];
  const collections: RegistryCollection[] = [];
  const props = (el: XmlElement) => {
    const p = firstChild(el, 'properties');
    return p
      ? childElements(p).map((x) => ({ key: attrValue(x, 'key') ?? '', value: attrValue(x, 'value') ?? '' }))
      : undefined;
  };
  for (const c of childElements(root).filter((e) => e.local === 'collection')) {
    const d = firstChild(c, 'directory');
    const p = firstChild(c, 'path');
    if (!d || !p)
      throw new CarError('CAR_BAD_DESCRIPTOR', '<collection> needs <directory> and <path>', where);
    const directory = textContent(d).trim();
    const prefix = `${dir}/resources/${directory}/`;
    const files = [...entries.keys()]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => ({ path: k.slice(prefix.length), content: entries.get(k)! }));
    collections.push({ directory, path: textContent(p).trim(), properties: props(c), files });
  }
  for (const it of childElements(root).filter((e) => e.local === 'item')) {
    const f = firstChild(it, 'file');
    const p = firstChild(it, 'path');
    if (!f || !p) throw new CarError('CAR_BAD_DESCRIPTOR', '<item> needs <file> and <path>', where);
    const fileName = textContent(f).trim();
    const mt = firstChild(it, 'mediaType');
    items.push({
      file: fileName,
      path: textContent(p).trim(),
      mediaType: mt ? textContent(mt).trim() : '',
      properties: props(it),
      content: get(`${dir}/resources/${fileName}`),
    });
  }
  return { items, collections };
}

/** Synapse artifacts must parse and have the root their type implies (CarError CAR_BAD_ARTIFACT). */
export function checkPayload(a: CarArtifact, where: string): void {
  const kind = kindByType(a.type);
  if (!kind?.root) return;
  const root = loadXml(utf8(a.content), where, 'CAR_BAD_ARTIFACT');
  if (root.local !== kind.root || root.ns !== SYNAPSE_NS) {
    throw new CarError(
      'CAR_BAD_ARTIFACT',
      `type ${a.type} needs a <${kind.root}> in the Synapse namespace, found <${root.name}>`,
      where,
      1,
    );
  }
}
