/**
 * Properties of a registry resource, for `registry(path).property(name)`, `registry(path, name)` and
 * get-property('registry', 'path@name'), from where Micro Integrator keeps them:
 * - beside the resource, in `<resource>.properties` (a collection: `<folder>.collections.properties`), as
 *   MicroIntegratorRegistry.lookupProperties reads them (java.util.Properties text); MI writes these files when it
 *   deploys a registry resource that has properties;
 * - in a project, in the registry descriptor (`resources/registry/artifact.xml` of an MI project, `artifact.xml` of an
 *   Integration Studio registry module): `<item>` (or `<collection>`) with `<properties><property key value/>`, which
 *   the CAR carries to MI.
 * The engine may answer first (EvalContext.registryProperty); this reads through EvalContext.registryResource.
 */
import { attrValue, childElements, firstChild, parseXml, textContent } from '../../../core/xml';
import type { EvalContext } from './context';

/** The property `name` of the registry resource at `path`, or undefined. */
export function registryResourceProperty(ctx: EvalContext, path: string, name: string): string | undefined {
  const own = ctx.registryProperty?.(path, name);
  if (own !== undefined) return own;
  if (!ctx.registryResource) return undefined;
  const base = path.trim().replace(/\/+$/, '');
  for (const suffix of ['.properties', '.collections.properties']) {
    const text = ctx.registryResource(base + suffix);
    if (typeof text === 'string') {
      const v = parseJavaProperties(text).get(name);
      if (v !== undefined) return v;
    }
  }
  const where = registryLocation(base);
  if (!where) return undefined;
  for (const key of ['resources:registry/artifact.xml', 'resources:artifact.xml']) {
    const text = ctx.registryResource(key);
    if (typeof text !== 'string') continue;
    for (const e of descriptorEntries(text))
      if (e.path === where.folder ? e.file === where.file : e.file === undefined && e.path === where.full) {
        const v = e.properties.get(name);
        if (v !== undefined) return v;
      }
  }
  return undefined;
}

/** `gov:a/b.json` -> folder /_system/governance/a, file b.json (and the full path, for a collection). */
function registryLocation(key: string): { folder: string; file: string; full: string } | undefined {
  const m = /^(gov|conf):\/*(.*)$/.exec(key);
  let full: string;
  if (m) full = `/_system/${m[1] === 'gov' ? 'governance' : 'config'}${m[2] ? `/${m[2]}` : ''}`;
  else if (key.startsWith('/_system/')) full = key;
  else return undefined;
  const at = full.lastIndexOf('/');
  return { folder: full.slice(0, at), file: full.slice(at + 1), full };
}

interface DescriptorEntry {
  path: string;
  /** undefined for a collection */
  file: string | undefined;
  properties: Map<string, string>;
}

const descriptors = new Map<string, DescriptorEntry[]>();

/** The items and collections of a registry descriptor that carry properties (cached by its text). */
function descriptorEntries(text: string): DescriptorEntry[] {
  let out = descriptors.get(text);
  if (out) return out;
  out = [];
  const doc = parseXml(text);
  const root = doc.root;
  for (const a of root ? childElements(root) : []) {
    if (a.local !== 'artifact') continue;
    for (const el of childElements(a)) {
      if (el.local !== 'item' && el.local !== 'collection') continue;
      const props = firstChild(el, 'properties');
      if (!props) continue;
      const properties = new Map<string, string>();
      for (const p of childElements(props)) {
        const k = attrValue(p, 'key');
        if (k !== undefined) properties.set(k, attrValue(p, 'value') ?? '');
      }
      const pathEl = firstChild(el, 'path');
      const fileEl = firstChild(el, 'file');
      out.push({
        path: (pathEl ? textContent(pathEl) : '').trim().replace(/\/+$/, ''),
        file: el.local === 'item' ? (fileEl ? textContent(fileEl) : '').trim() : undefined,
        properties,
      });
    }
  }
  if (descriptors.size >= 8) descriptors.clear();
  descriptors.set(text, out);
  return out;
}

/**
 * java.util.Properties.load: `key=value`, `key: value` or `key value` lines, # and ! comments, a backslash at the
 * end of a line continues it, escapes \t \n \r \f \uXXXX (any other escaped character stands for itself).
 */
export function parseJavaProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line[0] === '#' || line[0] === '!') continue;
    // a line ending in an odd number of backslashes goes on, without the leading blanks of the next
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length)
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    let k = 0;
    while (k < line.length && !'=: \t\f'.includes(line[k]!)) k += line[k] === '\\' ? 2 : 1;
    const key = line.slice(0, k);
    let v = k;
    while (v < line.length && ' \t\f'.includes(line[v]!)) v++;
    if (v < line.length && (line[v] === '=' || line[v] === ':')) v++;
    while (v < line.length && ' \t\f'.includes(line[v]!)) v++;
    out.set(unescapeProperty(key), unescapeProperty(line.slice(v)));
  }
  return out;
}

function unescapeProperty(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    return c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c === 'f' ? '\f' : c;
  });
}
