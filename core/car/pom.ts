/** Reads the few pom.xml facts packaging needs: artifactId, version (parent's when absent), packaging. */
import { readFileSync } from 'node:fs';
import { childElements, firstChild, textContent, type XmlElement } from '../xml';
import { loadXml } from './xmlutil';

export interface PomInfo {
  artifactId?: string;
  groupId?: string;
  version?: string;
  packaging?: string;
  properties: Record<string, string>;
  /** `<dependencies><dependency>` of type `car` (integration projects this one depends on, MI 4.5). */
  carDependencies: { groupId: string; artifactId: string; version: string }[];
}

function text(el: XmlElement | undefined): string | undefined {
  const t = el ? textContent(el).trim() : '';
  return t || undefined;
}

export function readPom(file: string): PomInfo {
  const root = loadXml(readFileSync(file, 'utf8'), file, 'PROJECT_BAD_FILE');
  const parent = firstChild(root, 'parent');
  const properties: Record<string, string> = {};
  const props = firstChild(root, 'properties');
  if (props) for (const p of childElements(props)) properties[p.local] = textContent(p).trim();
  const resolve = (v: string | undefined) =>
    v?.replace(/\$\{([^}]+)\}/g, (m, k: string) => properties[k] ?? m);
  return {
    artifactId: resolve(text(firstChild(root, 'artifactId'))),
    groupId: resolve(text(firstChild(root, 'groupId')) ?? (parent && text(firstChild(parent, 'groupId')))),
    version: resolve(text(firstChild(root, 'version')) ?? (parent && text(firstChild(parent, 'version')))),
    packaging: text(firstChild(root, 'packaging')),
    properties,
    carDependencies: childElements(firstChild(root, 'dependencies') ?? root)
      .filter((d) => d.local === 'dependency' && resolve(text(firstChild(d, 'type'))) === 'car')
      .map((d) => ({
        groupId: resolve(text(firstChild(d, 'groupId'))) ?? '',
        artifactId: resolve(text(firstChild(d, 'artifactId'))) ?? '',
        version: resolve(text(firstChild(d, 'version'))) ?? '',
      })),
  };
}
