/**
 * File name patterns as the connector matches them: a Java regex over the whole base name (SimpleFileFiler,
 * selectFileToRead's String.matches), and, for the advanced filters (AdvancedFileFilter: fileFilterType `ant` or
 * `regex`, comma-separated includeFiles / excludeFiles, maxFileAge such as `30m`, `2h`, `7d`), Ant-style globs.
 */
import { FileOpFailure } from './errors';

const cache = new Map<string, RegExp>();

/** A whole-name Java regex (String.matches); an invalid one is a PatternSyntaxException (a generic failure). */
export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = new RegExp(`^(?:${pattern})$`, 'u');
  } catch (e) {
    throw new FileOpFailure('runtime', `Invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
  if (cache.size > 256) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** AdvancedFileFilter's Ant patterns: comma-separated globs, `*` within a name, `**` any run, `?` one character. */
export function antRegex(glob: string): RegExp {
  const one = (g: string): string => {
    let out = '';
    for (let i = 0; i < g.length; i++) {
      const c = g[i];
      if (c === '*') {
        if (g[i + 1] === '*') {
          out += '.*';
          i++;
        } else out += '[^/]*';
      } else if (c === '?') out += '[^/]';
      else out += c.replace(/[.()+^${}[\]|\\]/g, '\\$&');
    }
    return out;
  };
  const body = glob.includes(',')
    ? `(${glob
        .split(',')
        .map((g) => one(g.trim()))
        .join('|')})`
    : one(glob);
  return javaRegex(body);
}

/** The entry a filter looks at. */
export interface Entry {
  name: string;
  isFile: boolean;
  mtimeMs: number;
}

/**
 * AdvancedFileFilter: include and exclude patterns over the base name (`regex`, the default, or `ant`; another type
 * applies no pattern), and maxFileAge (`<n>d|h|m|s` or milliseconds; unreadable: no age limit) for files.
 */
export function advancedFilter(
  type: string | undefined,
  include: string | undefined,
  exclude: string | undefined,
  maxFileAge: string | undefined,
  now = Date.now(),
): (e: Entry) => boolean {
  const t = type ? type.toLowerCase() : 'regex';
  const compile = (p: string | undefined): RegExp | undefined =>
    !p ? undefined : t === 'regex' ? javaRegex(p) : t === 'ant' ? antRegex(p) : undefined;
  const inc = compile(include);
  const exc = compile(exclude);
  let maxAge = -1;
  if (maxFileAge) {
    const m = /^([+-]?\d+)([dhms]?)$/i.exec(maxFileAge);
    if (m) {
      const unit = { d: 86400000, h: 3600000, m: 60000, s: 1000, '': 1 }[m[2].toLowerCase() as 'd'];
      maxAge = Number(m[1]) * unit;
    }
  }
  return (e) => {
    if (inc && !inc.test(e.name)) return false;
    if (exc && exc.test(e.name)) return false;
    if (maxAge > 0 && e.isFile && now - e.mtimeMs > maxAge) return false;
    return true;
  };
}
