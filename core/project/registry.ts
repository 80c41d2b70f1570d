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
  for (const dir of project.resourceDirs) {
    for (const candidate of [join(dir, 'registry', area!, rest), join(dir, area!, rest), join(dir, rest)]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
