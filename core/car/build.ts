/**
 * Writes a CarApplication as a .car (zip) the way MI's deployer reads it (reference/car-format.md §1):
 * artifacts.xml with one carbon/application artifact and a dependency per artifact, then one `<name>_<version>/`
 * folder per artifact holding artifact.xml and the payload (registry resources: registry-info.xml + resources/).
 * Output is deterministic: entries sorted by path, fixed DOS timestamps and modes, fixed compression level
 * (zipwrite.ts).
 */
import { CarError } from './errors';
import {
  APP_TYPE,
  REGISTRY_TYPE,
  deployRank,
  type CarApplication,
  type CarArtifact,
  type CarDescriptorInfo,
} from './types';
import { esc } from './xmlutil';
import { writeZip } from './zipwrite';

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function folderOf(a: { name: string; version: string }): string {
  return `${a.name}_${a.version}`;
}

/** artifacts.xml text. Dependencies in MI's deployment order, then by name. */
export function artifactsXml(app: CarApplication): string {
  const deps = sortArtifacts(app.artifacts)
    .map(
      (a) =>
        `        <dependency artifact="${esc(a.name)}" version="${esc(a.version)}" include="true" serverRole="${esc(a.serverRole)}"/>\n`,
    )
    .join('');
  const main = app.mainSequence ? ` mainSequence="${esc(app.mainSequence)}"` : '';
  return `${XML_DECL}<artifacts>\n    <artifact name="${esc(app.name)}" version="${esc(app.version)}" type="${APP_TYPE}"${main}>\n${deps}    </artifact>\n</artifacts>\n`;
}

/**
 * metadata.xml: the same shape as artifacts.xml (one carbon/application artifact whose dependencies are the metadata
 * artifacts of `metadata/`). MI's deployer does not read it; it keeps the metadata out of artifacts.xml, whose every
 * dependency must be a top-level artifact folder.
 */
export function metadataXml(app: CarApplication): string {
  const deps = [...(app.metadata ?? [])]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(
      (a) =>
        `        <dependency artifact="${esc(a.name)}" version="${esc(a.version)}" include="true" serverRole="${esc(a.serverRole)}"/>\n`,
    )
    .join('');
  return `${XML_DECL}<artifacts>\n    <artifact name="${esc(app.name)}_metadata" version="${esc(app.version)}" type="${APP_TYPE}">\n${deps}    </artifact>\n</artifacts>\n`;
}

/** descriptor.xml as MI 4.5's CAR plugin writes it (ApplicationConfiguration.populateArtifactIdentifiers reads it). */
export function descriptorXml(d: CarDescriptorInfo): string {
  const deps = d.dependencies.length
    ? `    <dependencies>\n${d.dependencies.map((x) => `        <dependency groupId="${esc(x.groupId)}" artifactId="${esc(x.artifactId)}" version="${esc(x.version)}" type="car"/>\n`).join('')}    </dependencies>\n`
    : '    <dependencies/>\n';
  return `${XML_DECL.trimEnd()}<project>\n    <id>${esc(d.id)}</id>\n    <versionedDeployment>${d.versionedDeployment}</versionedDeployment>\n    <fatCarEnabled>${d.fatCarEnabled}</fatCarEnabled>\n${deps}</project>\n`;
}

export function artifactXml(a: CarArtifact): string {
  return `${XML_DECL}<artifact name="${esc(a.name)}" version="${esc(a.version)}" type="${esc(a.type)}" serverRole="${esc(a.serverRole)}">\n    <file>${esc(a.file)}</file>\n</artifact>\n`;
}

export function registryInfoXml(a: CarArtifact): string {
  const items = (a.items ?? [])
    .map((it) => {
      const props = it.properties?.length
        ? `        <properties>\n${it.properties.map((p) => `            <property key="${esc(p.key)}" value="${esc(p.value)}"/>\n`).join('')}        </properties>\n`
        : '';
      return `    <item>\n        <file>${esc(it.file)}</file>\n        <path>${esc(it.path)}</path>\n        <mediaType>${esc(it.mediaType)}</mediaType>\n${props}    </item>\n`;
    })
    .join('');
  const collections = (a.collections ?? [])
    .map((c) => {
      const props = c.properties?.length
        ? `        <properties>\n${c.properties.map((p) => `            <property key="${esc(p.key)}" value="${esc(p.value)}"/>\n`).join('')}        </properties>\n`
        : '';
      return `    <collection>\n        <directory>${esc(c.directory)}</directory>\n        <path>${esc(c.path)}</path>\n${props}    </collection>\n`;
    })
    .join('');
  return `${XML_DECL}<resources>\n${items}${collections}</resources>\n`;
}

export function sortArtifacts(list: CarArtifact[]): CarArtifact[] {
  return [...list].sort(
    (a, b) => deployRank(a.type) - deployRank(b.type) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/** A relative path of safe segments (no empty, `.` or `..` segment, no character Windows or zip readers refuse). */
const SAFE_PATH = /^(?!\.\.?(?:\/|$))[^/\\:*?"<>|\x00-\x1f]+(?:\/(?!\.\.?(?:\/|$))[^/\\:*?"<>|\x00-\x1f]+)*$/;

/** The zip entries (path → bytes) of a CAR, before zipping. */
export function carEntries(app: CarApplication): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const put = (path: string, data: Buffer | string) => {
    if (!SAFE_PATH.test(path)) throw new CarError('PROJECT_BAD_FILE', `unsafe name in CAR path '${path}'`);
    if (entries.has(path)) throw new CarError('PROJECT_DUPLICATE', `two artifacts write '${path}'`);
    entries.set(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  };
  put('artifacts.xml', artifactsXml(app));
  for (const a of app.artifacts) {
    const dir = folderOf(a);
    put(`${dir}/artifact.xml`, artifactXml(a));
    if (a.type === REGISTRY_TYPE) {
      put(`${dir}/registry-info.xml`, registryInfoXml(a));
      for (const it of a.items ?? []) put(`${dir}/resources/${it.file}`, it.content);
      for (const c of a.collections ?? [])
        for (const f of c.files) put(`${dir}/resources/${c.directory}/${f.path}`, f.content);
    } else {
      put(`${dir}/${a.file}`, a.content);
    }
  }
  if (app.descriptor) put('descriptor.xml', descriptorXml(app.descriptor));
  if (app.metadata?.length) {
    put('metadata.xml', metadataXml(app));
    for (const a of app.metadata) {
      const dir = `metadata/${folderOf(a)}`;
      put(`${dir}/artifact.xml`, artifactXml(a));
      put(`${dir}/${a.file}`, a.content);
    }
  }
  return entries;
}

/** Builds the .car bytes. Same application → same bytes (see zipwrite.ts). */
export async function buildCar(app: CarApplication): Promise<Buffer> {
  const entries = carEntries(app);
  return writeZip([...entries.keys()].sort().map((path) => ({ path, data: entries.get(path)! })));
}

/** Default file name, as MI tooling names it: `<name>_<version>.car`. */
export function carFileName(app: { name: string; version: string }): string {
  return `${app.name}_${app.version}.car`;
}
