/**
 * Integration Studio keeps the connectors of a project in a connector exporter module (`<X>ConnectorExporter/`):
 * the zips beside an artifact.xml that lists each as `<artifact name version type="synapse/lib"><file>…</file>`.
 * Its CAR plugin packages them as `synapse/lib` artifacts like any other module's artifacts; without them Micro
 * Integrator refuses the artifacts that use the connector. Read here from every module's artifact.xml.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { attrValue, childElements, firstChild, textContent } from '../xml';
import { CarError } from './errors';
import type { CarArtifact } from './types';
import { lineOf, loadXml } from './xmlutil';

const LIB_TYPE = 'synapse/lib';

/** The `synapse/lib` artifacts of the project's modules (Integration Studio layout), in module order. */
export function integrationStudioConnectors(dir: string, version: string): CarArtifact[] {
  const out: CarArtifact[] = [];
  const modules = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  for (const name of modules) {
    const mod = join(dir, name);
    const desc = join(mod, 'artifact.xml');
    if (!existsSync(desc)) continue;
    const text = readFileSync(desc, 'utf8');
    if (!text.includes(LIB_TYPE)) continue; // most modules' descriptors hold no connector: not parsed twice
    const root = loadXml(text, desc, 'PROJECT_BAD_FILE');
    for (const a of childElements(root)) {
      if (a.local !== 'artifact' || attrValue(a, 'type') !== LIB_TYPE) continue;
      const line = lineOf(text, a.span.start);
      const artifactName = attrValue(a, 'name');
      const f = firstChild(a, 'file');
      const rel = f ? textContent(f).trim() : '';
      if (!artifactName || !rel)
        throw new CarError(
          'PROJECT_BAD_FILE',
          'a synapse/lib <artifact> needs a name and a <file>',
          desc,
          line,
        );
      const abs = join(mod, rel);
      if (!abs.startsWith(mod + sep) || !isFile(abs))
        throw new CarError('PROJECT_BAD_FILE', `connector zip '${rel}' not found in ${name}`, desc, line);
      const v = attrValue(a, 'version') || version;
      out.push({
        name: artifactName,
        version: v,
        type: LIB_TYPE,
        serverRole: attrValue(a, 'serverRole') ?? 'EnterpriseServiceBus',
        file: basename(rel),
        content: readFileSync(abs),
        source: relative(dir, abs).split(sep).join('/'),
      });
    }
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
