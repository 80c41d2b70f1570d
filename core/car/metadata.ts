/**
 * API metadata artifacts (type `synapse/metadata`): the `<API>_metadata.yaml` and `<API>_swagger.yaml` files (and
 * `<Proxy>_proxy_metadata.yaml`) that MI tooling keeps under `resources/metadata/` and puts into a CAR's `metadata/`
 * folder, listed by a `metadata.xml` next to `artifacts.xml`.
 *
 * What Micro Integrator does with them (reference/car-format.md and MI's service-catalog code, facts only): the CAR
 * deployer does not deploy them as artifacts (which is why they must not be listed in artifacts.xml), but keeps each
 * `<API>_swagger` document as that API's definition (CappDeployer: synapseConfiguration.addSwaggerDefinition, served
 * at `?swagger.json`); when `[[service_catalog]]` is enabled, MI reads every `metadata/<API>_metadata_<v>/`
 * folder of every deployed CAR, takes `<API>_metadata-<v>.yaml` from it and `<API>_swagger-<v>.yaml` from
 * `metadata/<API>_swagger_<v>/`, fills `{MI_HOST}`/`{MI_PORT}` in `serviceUrl`, and publishes the API to API Manager's
 * service catalog. An API without both files is simply not published.
 *
 * Packaging takes the project's files as they are; with `generate`, APIs that have none get a minimal pair written
 * here (metadata: key, names, version, service URL; an OpenAPI 3 document listing the API's resources).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CarError } from './errors';
import { scanRoot } from './scan';
import { DEFAULT_SERVER_ROLE, METADATA_TYPE, type CarArtifact } from './types';
import { utf8 } from './xmlutil';

/** Where the metadata YAML files live in each layout (Integration Studio: the ESB Configs module). */
export function metadataDirs(dir: string, layout: 'mi' | 'integration-studio' | 'bare'): string[] {
  if (layout === 'mi')
    return [join(dir, 'src', 'main', 'wso2mi', 'resources', 'metadata')].filter((d) => existsSync(d));
  if (layout !== 'integration-studio') return [];
  const out = [join(dir, 'src', 'main', 'resources', 'metadata')];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.'))
      out.push(join(dir, e.name, 'src', 'main', 'resources', 'metadata'));
  }
  return out.filter((d) => existsSync(d)).sort();
}

const KINDS = /_(proxy_metadata|metadata|swagger)$/;

function metadataArtifact(name: string, version: string, content: Buffer, source: string): CarArtifact {
  return {
    name,
    version,
    type: METADATA_TYPE,
    serverRole: DEFAULT_SERVER_ROLE,
    file: `${name}-${version}.yaml`,
    content,
    source,
  };
}

/**
 * The metadata artifacts of a project: its `*_metadata.yaml` / `*_swagger.yaml` files (others are reported in
 * `skipped`), then, with `generate`, a generated pair for each API that has no metadata file.
 */
export function loadMetadata(
  dir: string,
  layout: 'mi' | 'integration-studio' | 'bare',
  version: string,
  artifacts: CarArtifact[],
  generate: boolean,
  skipped: { file: string; reason: string }[],
): CarArtifact[] {
  const out: CarArtifact[] = [];
  const rel = (p: string) => relative(dir, p).split(sep).join('/');
  for (const d of metadataDirs(dir, layout)) {
    for (const f of readdirSync(d).sort()) {
      if (!/\.ya?ml$/i.test(f)) continue;
      const base = f.replace(/\.ya?ml$/i, '');
      if (!KINDS.test(base)) {
        skipped.push({
          file: rel(join(d, f)),
          reason: 'not <API>_metadata.yaml, <API>_swagger.yaml or <Proxy>_proxy_metadata.yaml',
        });
        continue;
      }
      out.push(metadataArtifact(base, version, readFileSync(join(d, f)), rel(join(d, f))));
    }
  }
  if (generate) {
    const have = new Set(out.map((a) => a.name));
    for (const a of artifacts) {
      if (a.type !== 'synapse/api' || have.has(`${a.name}_metadata`)) continue;
      const api = apiFacts(a);
      out.push(
        metadataArtifact(
          `${a.name}_metadata`,
          version,
          Buffer.from(metadataYaml(api), 'utf8'),
          a.source ?? '',
        ),
      );
      if (!have.has(`${a.name}_swagger`))
        out.push(
          metadataArtifact(
            `${a.name}_swagger`,
            version,
            Buffer.from(swaggerYaml(api), 'utf8'),
            a.source ?? '',
          ),
        );
    }
  }
  return out;
}

interface ApiFacts {
  name: string;
  version: string;
  context: string;
  /** The version segment MI adds to the context (`version-type="context"` puts it in the path, `url` after it). */
  versionInPath: string;
  resources: { methods: string[]; path: string }[];
}

const RESOURCE_TAG = /<(?:[A-Za-z_][\w.-]*:)?resource\b([^>]*)>/g;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attrs(text: string): Map<string, string> {
  const m = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let a = ATTR.exec(text); a; a = ATTR.exec(text)) m.set(a[1], a[2] ?? a[3]);
  return m;
}

/** Name, version, context and resources of an API artifact (its root start tag and its `<resource>` tags). */
function apiFacts(a: CarArtifact): ApiFacts {
  const text = utf8(a.content);
  const root = scanRoot(text);
  const rootAttrs = root?.attributes ?? attrs(/<(?:[A-Za-z_][\w.-]*:)?api\b([^>]*)>/.exec(text)?.[1] ?? '');
  const name = rootAttrs.get('name') ?? a.name;
  const context = rootAttrs.get('context') ?? '/';
  const own = rootAttrs.get('version');
  const versionType = rootAttrs.get('version-type');
  const resources: ApiFacts['resources'] = [];
  RESOURCE_TAG.lastIndex = 0;
  for (let m = RESOURCE_TAG.exec(text); m; m = RESOURCE_TAG.exec(text)) {
    const r = attrs(m[1]);
    const methods = (r.get('methods') ?? 'GET').trim().split(/\s+/).filter(Boolean);
    const template = r.get('uri-template') ?? r.get('url-mapping') ?? '/';
    resources.push({ methods, path: template.split('?')[0] || '/' });
  }
  return {
    name,
    version: own ?? a.version,
    context: context.startsWith('/') ? context : `/${context}`,
    versionInPath: own && versionType ? `/${own}` : '',
    resources,
  };
}

/** A YAML double-quoted scalar (the JSON string syntax is valid YAML). */
const q = (s: string) => JSON.stringify(s);

function metadataYaml(api: ApiFacts): string {
  return [
    '---',
    `key: ${q(`${api.name}-${api.version}`)}`,
    `name: ${q(api.name)}`,
    `displayName: ${q(api.name)}`,
    `description: ${q(`${api.name} (generated by synapse package)`)}`,
    `version: ${q(api.version)}`,
    `serviceUrl: ${q(`https://{MI_HOST}:{MI_PORT}${api.context.replace(/\/$/, '')}${api.versionInPath}`)}`,
    'definitionType: "OAS3"',
    'securityType: "BASIC"',
    'mutualSSLEnabled: false',
    '',
  ].join('\n');
}

function swaggerYaml(api: ApiFacts): string {
  const paths = new Map<string, Set<string>>();
  for (const r of api.resources) {
    const set = paths.get(r.path) ?? new Set<string>();
    for (const m of r.methods) set.add(m.toLowerCase());
    paths.set(r.path, set);
  }
  const lines = [
    'openapi: "3.0.1"',
    'info:',
    `  title: ${q(api.name)}`,
    `  version: ${q(api.version)}`,
    'servers:',
    `  - url: ${q(`http://localhost:8290${api.context.replace(/\/$/, '')}${api.versionInPath}`)}`,
  ];
  if (paths.size === 0) lines.push('paths: {}');
  else {
    lines.push('paths:');
    for (const [path, methods] of [...paths].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
      lines.push(`  ${q(path)}:`);
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const m of [...methods].sort()) {
        lines.push(`    ${m}:`);
        if (params.length) {
          lines.push('      parameters:');
          for (const p of params)
            lines.push(
              `        - name: ${q(p)}`,
              '          in: "path"',
              '          required: true',
              '          schema:',
              '            type: "string"',
            );
        }
        lines.push('      responses:', '        default:', '          description: "Default response"');
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** Metadata names become folder names: refuse the ones that cannot be. */
export function checkMetadataNames(list: CarArtifact[]): void {
  for (const a of list) {
    if (!/^[\w.-]+$/.test(a.name))
      throw new CarError(
        'PROJECT_BAD_FILE',
        `metadata file name '${a.name}' has characters a CAR folder cannot hold`,
        a.source,
      );
  }
}
