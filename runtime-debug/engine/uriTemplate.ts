/** Matching of API resources: uri-template (RFC 6570 subset, as MI matches them) and url-mapping (servlet style). */

export type Matcher = ((path: string, query: string) => Record<string, string> | undefined) & {
  kind?: 'exact' | 'prefix' | 'extension' | 'template';
  weight?: number;
};

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
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
  const names: string[] = [];
  let re = '^';
  let last = 0;
  const varRe = /\{([+#./;]?)([^}]+)\}/g;
  let m: RegExpExecArray | null;
  while ((m = varRe.exec(pathPart))) {
    re += escapeRe(pathPart.slice(last, m.index));
    const op = m[1];
    for (const n of m[2].split(',')) names.push(n.trim());
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
  re += escapeRe(pathPart.slice(last)) + (starPath ? '' : '/?$');
  const rx = new RegExp(re);
  const qpairs: { key: string; var?: string; literal?: string }[] = [];
  if (queryPart !== undefined) {
    for (const p of queryPart.split('&')) {
      if (!p) continue;
      const [k, v = ''] = p.split('=');
      const vm = /^\{([^}]+)\}$/.exec(v);
      qpairs.push(vm ? { key: k, var: vm[1] } : { key: k, literal: v });
    }
  }
  const matcher: Matcher = (path, query) => {
    const pm = rx.exec(path === '' ? '/' : path);
    if (!pm) return undefined;
    const vars: Record<string, string> = {};
    names.forEach((n, i) => (vars[n] = decode(pm[i + 1])));
    if (qpairs.length) {
      const q = new URLSearchParams(query);
      for (const p of qpairs) {
        const v = q.get(p.key);
        if (v === null) return undefined;
        if (p.var) vars[p.var] = v;
        else if (p.literal !== v) return undefined;
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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
