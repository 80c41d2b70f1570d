/** Matching of API resources: uri-template (RFC 6570 subset, as MI matches them) and url-mapping (servlet style). */

export type Matcher = ((path: string, query: string) => Record<string, string> | undefined) & {
  kind?: 'exact' | 'prefix' | 'extension' | 'template';
  weight?: number;
};

/**
 * Synapse's Expression.decodeValue, for path and query variables alike: URLDecoder after `+` became %2B, so a plus
 * stays a plus.
 */
function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A template variable as Synapse's uri-template Variable reads it: `name` or `name:N`, whose value must then be N
 * characters long (checkModifier).
 */
function templateVariable(text: string): { name: string; length?: number } {
  const t = text.trim();
  const colon = t.indexOf(':');
  if (colon < 0) return { name: t };
  const n = Number.parseInt(t.slice(colon + 1), 10);
  return { name: t.slice(0, colon), ...(n > 0 ? { length: n } : {}) };
}

export function compileUriTemplate(template: string): Matcher {
  const qi = template.indexOf('?');
  let pathPart = qi >= 0 ? template.slice(0, qi) : template;
  let queryPart = qi >= 0 ? template.slice(qi + 1) : undefined;
  // a literal that ends in `*` matches up to the `*` and then takes the whole rest of the request, query string
  // included (Synapse's uri-template Literal): `/items*`, `/view/*`, `/{id}/item/{n}*`, `/{id}?*`
  const starPath = pathPart.endsWith('*');
  if (starPath) {
    pathPart = pathPart.slice(0, -1);
    queryPart = undefined;
  } else if (queryPart === '*') queryPart = undefined;
  if (!starPath && pathPart.length > 1 && pathPart.endsWith('/')) pathPart = pathPart.slice(0, -1);
  const names: { name: string; length?: number }[] = [];
  let re = '^';
  let last = 0;
  const varRe = /\{([+#./;]?)([^}]+)\}/g;
  let m: RegExpExecArray | null;
  while ((m = varRe.exec(pathPart))) {
    re += escapeRe(pathPart.slice(last, m.index));
    const op = m[1];
    for (const n of m[2].split(',')) names.push(templateVariable(n));
    const count = m[2].split(',').length;
    // MI's simple expansion ends at a reserved character of the request path (SimpleStringExpression), so a raw
    // `@`, `,`, `+`, `:`, `;`, `=`, `&` or `$` in a segment does not match it (their %-escapes do, decoded)
    const one = op === '+' || op === '#' ? '(.+?)' : '([^/?#:@&=+$,;]+?)';
    re += (op === '/' ? '/' : op === '.' ? '\\.' : '') + Array(count).fill(one).join(',');
    last = varRe.lastIndex;
  }
  if (starPath && last === pathPart.length && re.endsWith('+?)')) {
    // a variable right before the `*` takes what it can (up to a reserved character), then the `*` the rest
    re = re.slice(0, -3) + '+)';
  }
  // `{x}/*` at the end also matches a path that ends with the variable (Synapse's Node.matchAll: a node that took the
  // whole rest before a `/*` literal is a match), but not with a query string after it (the `/*` literal then fails)
  const bareEnd = starPath && last > 0 && last === pathPart.length - 1 && pathPart.endsWith('}/');
  re += bareEnd ? '(?:/|$)' : escapeRe(pathPart.slice(last)) + (starPath ? '' : '/?$');
  const rx = new RegExp(re);
  const query = queryPart !== undefined && queryPart !== '' ? compileQueryTemplate(queryPart) : undefined;
  const matcher: Matcher = (path, q) => {
    const p = path === '' ? '/' : path;
    const pm = rx.exec(p);
    if (!pm || (bareEnd && q !== '' && pm[0].length === p.length && !p.endsWith('/'))) return undefined;
    const vars: Record<string, string> = {};
    for (let i = 0; i < names.length; i++) {
      const value = decode(pm[i + 1]);
      const { name, length } = names[i];
      if (length !== undefined && value.length !== length) return undefined;
      vars[name] = value;
    }
    if (query) {
      // MI's URITemplate matches the query as text, in template order, to the end of the request
      const qm = query.rx.exec(q);
      if (!qm) return undefined;
      for (let i = 0; i < query.groups.length; i++) {
        const g = query.groups[i];
        const values = g.length > 1 ? qm[i + 1].split(',') : [qm[i + 1]];
        for (let j = 0; j < g.length; j++) vars[g[j]] = decode(values[j] ?? '');
      }
    }
    return vars;
  };
  matcher.kind = 'template';
  matcher.weight = pathPart.replace(/\{[^}]+\}/g, '').length;
  return matcher;
}

export function compileUrlMapping(mapping: string): Matcher {
  let matcher: Matcher;
  if (mapping === '/*' || mapping === '/') {
    matcher = () => ({});
    matcher.kind = 'prefix';
    matcher.weight = 0;
  } else if (mapping.endsWith('/*')) {
    const prefix = mapping.slice(0, -2);
    matcher = (path) => (path === prefix || path.startsWith(prefix + '/') ? {} : undefined);
    matcher.kind = 'prefix';
    matcher.weight = prefix.length;
  } else if (mapping.startsWith('*.')) {
    const ext = mapping.slice(1);
    matcher = (path) => (path.endsWith(ext) ? {} : undefined);
    matcher.kind = 'extension';
    matcher.weight = ext.length;
  } else {
    const exact = mapping.length > 1 ? mapping.replace(/\/$/, '') : mapping;
    matcher = (path) => (path === exact || path === exact + '/' ? {} : undefined);
    matcher.kind = 'exact';
    matcher.weight = exact.length;
  }
  return matcher;
}

/**
 * The query part of a uri-template as Synapse's URITemplate matches it: literal text in order, a `{x}` up to a
 * reserved character or the first character of the literal after it, a `{+x}` up to that character only, and
 * nothing left over (`?a={a}` does not match `?a=1&b=2`, `&b={b}` needs the `=`).
 */
function compileQueryTemplate(queryPart: string): { rx: RegExp; groups: string[][] } {
  const parts: ({ lit: string } | { op: string; names: string[] })[] = [];
  const varRe = /\{([+#./;]?)([^}]+)\}/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = varRe.exec(queryPart))) {
    if (m.index > last) parts.push({ lit: queryPart.slice(last, m.index) });
    parts.push({ op: m[1], names: m[2].split(',').map((n) => n.trim()) });
    last = varRe.lastIndex;
  }
  if (last < queryPart.length) parts.push({ lit: queryPart.slice(last) });
  let re = '^';
  const groups: string[][] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if ('lit' in p) {
      re += escapeRe(p.lit);
      continue;
    }
    const nextPart = parts[i + 1];
    const stop = nextPart && 'lit' in nextPart ? escapeClass(nextPart.lit[0]) : '';
    const reserved = p.op === '+' || p.op === '#' ? '' : p.names.length > 1 ? '/?#:@&=+$;' : '/?#:@&=+$,;';
    const cls = reserved + stop;
    re += cls ? `([^${escapeClass(reserved)}${stop}]*)` : '(.*)';
    groups.push(p.names);
  }
  return { rx: new RegExp(re + '$'), groups };
}

function escapeClass(s: string): string {
  return s.replace(/[\]\\^-]/g, '\\$&');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
