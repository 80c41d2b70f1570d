/** Registry keys (`gov:/a/b.xslt`, `conf:/x`, `/_system/governance/...`) and the project files that provide them. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a key names a registry resource (rather than a local entry). */
export function isRegistryKey(key: string): boolean {
  return /^(gov|conf):/.test(key) || /^\/_system\/(governance|config)\//.test(key);
}

/** The file under the project's resources folders that provides a registry key, if any. */
export function registryFile(
  project: { resourceDirs: string[] } | undefined,
  key: string,
): string | undefined {
  if (!project) return undefined;
  let m = /^(gov|conf):\/?(.*)$/.exec(key);
  let area = m?.[1];
  let rest = m?.[2];
  if (!m) {
    m = /^\/_system\/(governance|config)\/(.*)$/.exec(key);
    if (!m) return undefined;
    area = m[1] === 'governance' ? 'gov' : 'conf';
    rest = m[2];
  }
  if (!rest || rest.split('/').includes('..')) return undefined;
  // MI 4.4 projects: src/main/wso2mi/resources/<x> is deployed at /_system/governance/mi-resources/<x>, so
  // `gov:mi-resources/x` (and `gov:/mi-resources/x`) names the same file as `resources:x`
  // (MicroIntegratorRegistry.resolveRegistryURI: `resources:` is the governance registry's mi-resources folder)
  const miResource = area === 'gov' ? /^\/*mi-resources\/(.+)$/.exec(rest)?.[1] : undefined;
  for (const dir of project.resourceDirs) {
    const candidates = [join(dir, 'registry', area!, rest), join(dir, area!, rest), join(dir, rest)];
    if (miResource) candidates.push(join(dir, miResource));
    for (const candidate of candidates) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Folder names that hold registry resources in the layouts projects use (MI, Integration Studio, ESB samples). */
const REGISTRY_FOLDERS = new Set(['resources', 'registry', 'gov', 'governance', '_system']);

/**
 * Whether a file is a registry resource rather than an artifact: it lies under one of the project's resources folders,
 * or (for a file outside a recognised project) under a folder named as registry content is (`resources`, `registry`,
 * `gov`, `governance`, `_system`, or any folder whose name holds `registry`). A registry resource is looked up by key: an endpoint or a
 * sequence there needs no name (MI builds it as an anonymous one), while an artifact does.
 */
export function isRegistryResourcePath(path: string, resourceDirs?: readonly string[]): boolean {
  const p = path.replace(/\\/g, '/');
  if (resourceDirs?.length) {
    return resourceDirs.some((d) => {
      const dir = d.replace(/\\/g, '/').replace(/\/+$/, '');
      return p.startsWith(`${dir}/`);
    });
  }
  const segments = p.split('/').slice(0, -1);
  // Integration Studio names its registry modules freely (<X>RegistryResources, 01-configRegistry, app-registry)
  return segments.some((s) => REGISTRY_FOLDERS.has(s.toLowerCase()) || /registry/i.test(s));
}
