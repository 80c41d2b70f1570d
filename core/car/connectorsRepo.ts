/**
 * Where Maven keeps artifacts on this machine, as Maven chooses it: an explicit folder (our `--maven-repo-local`,
 * Maven's `-Dmaven.repo.local`), else `<localRepository>` of `~/.m2/settings.xml`, else `~/.m2/repository`; and the
 * path of an artifact in that layout (`<groupId as folders>/<artifactId>/<version>/<artifactId>-<version>.zip`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { firstChild, textContent } from '../xml';
import { loadXml } from './xmlutil';

export interface LocalRepository {
  dir: string;
  /** How it was chosen: 'option', 'settings' (with the settings file), or 'default'. */
  from: 'option' | 'settings' | 'default';
  settingsFile?: string;
}

/** `${user.home}` and `${env.NAME}` in a settings value, as Maven interpolates them. */
function interpolate(v: string, home: string): string {
  return v.replace(/\$\{([^}]+)\}/g, (m, k: string) =>
    k === 'user.home' ? home : k.startsWith('env.') ? (process.env[k.slice(4)] ?? m) : m,
  );
}

export function localRepository(opts: { override?: string; home?: string } = {}): LocalRepository {
  const home = opts.home ?? homedir();
  if (opts.override) return { dir: resolve(opts.override), from: 'option' };
  const settingsFile = join(home, '.m2', 'settings.xml');
  if (existsSync(settingsFile)) {
    const root = loadXml(readFileSync(settingsFile, 'utf8'), settingsFile, 'PROJECT_BAD_FILE');
    const el = firstChild(root, 'localRepository');
    const v = el ? interpolate(textContent(el).trim(), home) : '';
    if (v && !v.includes('${'))
      return { dir: isAbsolute(v) ? v : resolve(home, v), from: 'settings', settingsFile };
  }
  return { dir: join(home, '.m2', 'repository'), from: 'default' };
}

/** Relative path of a zip artifact in the Maven layout (`/` separated, for URLs and, joined, for files). */
export function artifactRelPath(groupId: string, artifactId: string, version: string): string {
  return `${groupId.split('.').join('/')}/${artifactId}/${version}/${artifactId}-${version}.zip`;
}

export function artifactFile(repoDir: string, groupId: string, artifactId: string, version: string): string {
  return join(repoDir, ...artifactRelPath(groupId, artifactId, version).split('/'));
}
