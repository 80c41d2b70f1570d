/**
 * The registry `synapse serve` shows under /management/registry-resources, modelled on MI's file registry
 * (MicroIntegratorRegistry): a tree under `registry/` with the `config`, `governance` and `local` folders
 * (`conf:`, `gov:`, `local:` keys), each file with its bytes, a media type (MI keeps it in `.metadata/<f>.meta`,
 * default `text/plain`) and properties (MI keeps them in `<f>.properties`, a folder's in `<d>.collections.properties`).
 * The registry resources of deployed CARs are written into it and removed on undeployment, as MI's deployer does;
 * the management API adds, changes and deletes resources and properties. Held in memory.
 */

export interface RegistryFile {
  content: Buffer;
  mediaType: string;
  properties: Map<string, string>;
}

export const REGISTRY_ROOT = 'registry';
const TOP = ['registry/config', 'registry/governance', 'registry/local'];
const DEFAULT_MEDIA_TYPE = 'text/plain';

/** `registry/config/a/b` → `conf:a/b` (Utils.getRegistryPathPrefix), else undefined. */
export function registryKeyOf(path: string): string | undefined {
  const m = /^registry\/(config|governance|local)(?:\/(.*))?$/.exec(path);
  if (!m) return undefined;
  const prefix = m[1] === 'config' ? 'conf' : m[1] === 'governance' ? 'gov' : 'local';
  return `${prefix}:${m[2] ?? ''}`;
}

/** `conf:a/b` → `registry/config/a/b`; a key of no known prefix is governance (registryKey's rule). */
export function registryPathOf(key: string): string {
  const m = /^(conf|gov|local):\/*(.*)$/.exec(key);
  const folder = !m || m[1] === 'gov' ? 'governance' : m[1] === 'conf' ? 'config' : 'local';
  const rest = (m ? m[2] : key).replace(/\/+$/, '');
  return rest ? `registry/${folder}/${rest}` : `registry/${folder}`;
}

/**
 * The `path` query parameter as Utils.validatePath takes it: resolved (`.`/`..`, repeated slashes) and required to
 * stay under `registry`. Returns the clean path, or the refusal message.
 */
export function validateRegistryPath(raw: string | null): { path: string } | { error: string } {
  if (!raw) return { error: 'Registry path not found in the request' };
  const out: string[] = [];
  for (const seg of raw.replace(/\\/g, '/').split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return { error: `The registry path  '${raw}' is illegal` };
      out.pop();
      continue;
    }
    if (seg.includes('\0')) return { error: `The registry path  '${raw}' is illegal` };
    out.push(seg);
  }
  if (out[0] !== REGISTRY_ROOT) return { error: `The registry path  '${raw}' is illegal` };
  return { path: out.join('/') };
}

/** java.util.Properties text → map (what MI writes beside a resource; enough of the format for our own writer). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const unescape = (s: string) =>
    s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) =>
      c.length > 1
        ? String.fromCharCode(parseInt(c.slice(1), 16))
        : c === 'n'
          ? '\n'
          : c === 'r'
            ? '\r'
            : c === 't'
              ? '\t'
              : c,
    );
  for (const line of text.split(/\r?\n/)) {
    const l = line.replace(/^\s+/, '');
    if (!l || l.startsWith('#') || l.startsWith('!')) continue;
    const m = /^((?:\\.|[^\\=:\s])*)\s*[=:\s]\s*(.*)$/.exec(l);
    if (m) out.set(unescape(m[1]), unescape(m[2]));
    else out.set(unescape(l), '');
  }
  return out;
}

export class RegistryTree {
  private readonly files = new Map<string, RegistryFile>();
  private readonly dirs = new Set<string>([REGISTRY_ROOT, ...TOP]);
  private readonly dirProps = new Map<string, Map<string, string>>();

  /** Bytes of all file contents (the management API refuses writes past a bound). */
  get totalBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.content.length;
    return n;
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  file(path: string): RegistryFile | undefined {
    return this.files.get(path);
  }

  exists(path: string): boolean {
    return this.dirs.has(path) || this.files.has(path);
  }

  /** Properties of a file or folder (undefined when there is no such node). */
  properties(path: string): Map<string, string> | undefined {
    const f = this.files.get(path);
    if (f) return f.properties;
    if (!this.dirs.has(path)) return undefined;
    let p = this.dirProps.get(path);
    if (!p) this.dirProps.set(path, (p = new Map()));
    return p;
  }

  private ensureDirs(path: string): void {
    const segs = path.split('/');
    for (let i = 1; i < segs.length; i++) this.dirs.add(segs.slice(0, i).join('/'));
  }

  /** Writes a file (its folders are created); keeps existing properties unless given. */
  put(path: string, content: Buffer, mediaType?: string, properties?: Map<string, string>): void {
    if (this.dirs.has(path)) throw new Error(`${path} is a folder`);
    this.ensureDirs(path);
    const old = this.files.get(path);
    this.files.set(path, {
      content,
      mediaType: mediaType ?? old?.mediaType ?? DEFAULT_MEDIA_TYPE,
      properties: properties ?? old?.properties ?? new Map(),
    });
  }

  /** Deletes a file, or a folder with all it holds (never the top folders). Returns the file paths removed. */
  delete(path: string): string[] {
    if (this.files.delete(path)) return [path];
    if (!this.dirs.has(path) || path === REGISTRY_ROOT || TOP.includes(path)) return [];
    const removed: string[] = [];
    for (const f of [...this.files.keys()])
      if (f.startsWith(`${path}/`)) {
        this.files.delete(f);
        removed.push(f);
      }
    for (const d of [...this.dirs]) if (d === path || d.startsWith(`${path}/`)) this.dirs.delete(d);
    for (const d of [...this.dirProps.keys()])
      if (d === path || d.startsWith(`${path}/`)) this.dirProps.delete(d);
    return removed;
  }

  /** Immediate children of a folder, folders and files in name order. */
  children(dir: string): { name: string; path: string; dir: boolean }[] {
    const out = new Map<string, boolean>();
    const prefix = `${dir}/`;
    for (const d of this.dirs)
      if (d.startsWith(prefix) && !d.slice(prefix.length).includes('/'))
        out.set(d.slice(prefix.length), true);
    for (const f of this.files.keys())
      if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/'))
        out.set(f.slice(prefix.length), false);
    return [...out]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, isDir]) => ({ name, path: prefix + name, dir: isDir }));
  }

  /** A `.properties` file that belongs to no resource is shown as MI shows it: a "property file" of its entries. */
  private orphanProperties(path: string): Map<string, string> | undefined {
    const f = this.files.get(path);
    if (!f || !path.endsWith('.properties')) return undefined;
    return parseProperties(f.content.toString('utf8'));
  }

  private typeOf(path: string): string {
    if (this.dirs.has(path)) return 'directory';
    if (this.orphanProperties(path)) return 'property file';
    return this.files.get(path)?.mediaType ?? DEFAULT_MEDIA_TYPE;
  }

  /** MI's `getChildrenList`: `[{name, mediaType ("directory" for a folder), properties: [{name, value}]}]`. */
  listing(dir: string): Record<string, unknown>[] {
    return this.children(dir).map((c) => ({
      name: c.name,
      mediaType: this.typeOf(c.path),
      properties: [
        ...(this.orphanProperties(c.path) ?? this.properties(c.path) ?? new Map<string, string>()),
      ].map(([name, value]) => ({ name, value })),
    }));
  }

  /**
   * MI's `addNodesToJSON`: `{name, type, files: [...]}` for the folder, keeping the files whose name contains the
   * (lower-case) search key and the folders that match or hold a match; undefined when nothing under it matches.
   */
  tree(path: string, searchKey = ''): Record<string, unknown> | undefined {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const matches = name.toLowerCase().includes(searchKey);
    if (!this.dirs.has(path)) {
      if (!matches) return undefined;
      return { name, type: this.typeOf(path), files: [] };
    }
    const files = this.children(path)
      .map((c) => this.tree(c.path, searchKey))
      .filter((x): x is Record<string, unknown> => !!x);
    if (!matches && !files.length) return undefined;
    return { name, type: 'directory', files };
  }

  /** The registry resources of a deployed CAR (keys as RegistryResource has them), with `.properties` siblings. */
  addCarResources(resources: { key: string; content: Buffer; mediaType?: string }[]): void {
    const keys = new Set(resources.map((r) => r.key));
    // the `.properties` files registryResources() writes beside a resource or folder carry their properties
    const owned = (k: string) =>
      (k.endsWith('.properties') && keys.has(k.slice(0, -'.properties'.length))) ||
      k.endsWith('.collections.properties');
    for (const r of resources) {
      if (owned(r.key)) continue;
      const props = keys.has(`${r.key}.properties`)
        ? parseProperties(resources.find((x) => x.key === `${r.key}.properties`)!.content.toString('utf8'))
        : new Map<string, string>();
      this.put(registryPathOf(r.key), r.content, r.mediaType, props);
    }
    for (const r of resources) {
      const m = /^(.*)\.collections\.properties$/.exec(r.key);
      if (!m) continue;
      const dir = registryPathOf(m[1]);
      this.ensureDirs(`${dir}/x`);
      this.dirProps.set(dir, parseProperties(r.content.toString('utf8')));
    }
  }

  removeCarResources(resources: { key: string }[]): void {
    for (const r of resources) this.files.delete(registryPathOf(r.key));
  }
}
