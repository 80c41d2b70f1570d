/**
 * Where Maven keeps artifacts on this machine, as Maven chooses it: an explicit folder (our `--maven-repo-local`,
 * Maven's `-Dmaven.repo.local`), else `<localRepository>` of `~/.m2/settings.xml`, else `~/.m2/repository`; and the
 * path of an artifact in that layout (`<groupId as folders>/<artifactId>/<version>/<artifactId>-<version>.zip`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { childElements, firstChild, textContent } from '../xml';
import { loadXml } from './xmlutil';

export interface MavenMirror {
  id: string;
  url: string;
  /** `<mirrorOf>` as written: `*`, `external:*`, `external:http:*`, repository ids, `!id`, comma-separated. */
  mirrorOf: string;
}

export interface LocalRepository {
  dir: string;
  /** How it was chosen: 'option', 'settings' (with the settings file), or 'default'. */
  from: 'option' | 'settings' | 'default';
  settingsFile?: string;
  /** `<mirrors>` of ~/.m2/settings.xml (empty without one). */
  mirrors: MavenMirror[];
}

/** `${user.home}` and `${env.NAME}` in a settings value, as Maven interpolates them. */
function interpolate(v: string, home: string): string {
  return v.replace(/\$\{([^}]+)\}/g, (m, k: string) =>
    k === 'user.home' ? home : k.startsWith('env.') ? (process.env[k.slice(4)] ?? m) : m,
  );
}

export function localRepository(opts: { override?: string; home?: string } = {}): LocalRepository {
  const home = opts.home ?? homedir();
  const settingsFile = join(home, '.m2', 'settings.xml');
  let mirrors: MavenMirror[] = [];
  let fromSettings: string | undefined;
  if (existsSync(settingsFile)) {
    const root = loadXml(readFileSync(settingsFile, 'utf8'), settingsFile, 'PROJECT_BAD_FILE');
    const el = firstChild(root, 'localRepository');
    const v = el ? interpolate(textContent(el).trim(), home) : '';
    if (v && !v.includes('${')) fromSettings = isAbsolute(v) ? v : resolve(home, v);
    const ms = firstChild(root, 'mirrors');
    mirrors = (ms ? childElements(ms) : [])
      .filter((m) => m.local === 'mirror')
      .map((m) => ({
        id: textContent(firstChild(m, 'id') ?? m).trim(),
        url: interpolate(textContent(firstChild(m, 'url') ?? m).trim(), home),
        mirrorOf: textContent(firstChild(m, 'mirrorOf') ?? m).trim(),
      }))
      .filter((m) => /^https?:\/\//i.test(m.url) && m.mirrorOf);
  }
  if (opts.override) return { dir: resolve(opts.override), from: 'option', mirrors };
  if (fromSettings) return { dir: fromSettings, from: 'settings', settingsFile, mirrors };
  return { dir: join(home, '.m2', 'repository'), from: 'default', mirrors };
}

function isLocalUrl(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '[::1]';
  } catch {
    return false;
  }
}

/** Whether a mirror's `<mirrorOf>` covers a repository, as Maven's DefaultMirrorSelector matches it. */
export function mirrorCovers(mirrorOf: string, repo: { id: string; url: string }): boolean {
  const parts = mirrorOf.split(',').map((p) => p.trim());
  if (parts.includes(`!${repo.id}`)) return false;
  return parts.some(
    (p) =>
      p === '*' ||
      p === repo.id ||
      (p === 'external:*' && !isLocalUrl(repo.url)) ||
      (p === 'external:http:*' && !isLocalUrl(repo.url) && /^http:/i.test(repo.url)),
  );
}

/**
 * The URLs to download from, in order, for repositories (id, url) as Maven 3.8.1+ reaches them: each through the
 * settings.xml mirror that covers it (a mirror whose `<mirrorOf>` is exactly the id first, then the first one whose
 * list covers it), and a
 * plain-HTTP repository on another machine not at all (Maven's default `external:http:*` blocker); `blocked` lists
 * those. Duplicates (several repositories behind one mirror) are tried once.
 */
export function repositoryUrls(
  repos: readonly { id: string; url: string }[],
  mirrors: readonly MavenMirror[],
): { urls: string[]; blocked: string[] } {
  const urls: string[] = [];
  const blocked: string[] = [];
  for (const r of repos) {
    const byId = mirrors.find((m) => m.mirrorOf.trim() === r.id);
    const mirror = byId ?? mirrors.find((m) => mirrorCovers(m.mirrorOf, r));
    const url = mirror ? mirror.url : r.url;
    if (/^http:/i.test(url) && !isLocalUrl(url)) {
      blocked.push(url);
      continue;
    }
    if (!urls.includes(url)) urls.push(url);
  }
  return { urls, blocked };
}

/** Relative path of a zip artifact in the Maven layout (`/` separated, for URLs and, joined, for files). */
export function artifactRelPath(groupId: string, artifactId: string, version: string): string {
  return `${groupId.split('.').join('/')}/${artifactId}/${version}/${artifactId}-${version}.zip`;
}

export function artifactFile(repoDir: string, groupId: string, artifactId: string, version: string): string {
  return join(repoDir, ...artifactRelPath(groupId, artifactId, version).split('/'));
}
