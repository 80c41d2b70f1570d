/**
 * Request paths of a resource, without vscode: the variables of a uri-template, filling them (RFC 6570 operators as MI
 * uses them), the path a user is first offered, and whether a typed path reaches the resource (with the engine's own
 * matchers, so the check agrees with how the runtime dispatches).
 */
import { compileUriTemplate, compileUrlMapping } from '../../runtime-debug/engine/uriTemplate';
import type { RequestTarget } from './targets';

export interface TemplateVariable {
  name: string;
  /** RFC 6570 operator: '' (simple), '+', '#', '.', '/', ';', '?', '&'. */
  op: string;
}

const VAR_RE = /\{([+#./;?&]?)([^{}]*)\}/g;

/** Variables of a uri-template in order of appearance (each name once). */
export function templateVariables(template: string): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  const seen = new Set<string>();
  for (const m of template.matchAll(VAR_RE)) {
    for (const raw of m[2].split(',')) {
      const name = raw.trim().replace(/\*$|:\d+$/, '');
      if (name && !seen.has(name)) {
        seen.add(name);
        out.push({ name, op: m[1] });
      }
    }
  }
  return out;
}

const encodeUnreserved = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const encodeReserved = (s: string) => encodeURI(s).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');

/**
 * Fills a uri-template with values. A variable without a value stays as written (`{name}`) so the user sees what is
 * left to fill.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(VAR_RE, (whole, op: string, list: string) => {
    const names = list
      .split(',')
      .map((n) => n.trim().replace(/\*$|:\d+$/, ''))
      .filter(Boolean);
    if (names.some((n) => values[n] === undefined)) return whole;
    const enc = op === '+' || op === '#' ? encodeReserved : encodeUnreserved;
    const parts = names.map((n) => enc(values[n]));
    switch (op) {
      case '':
      case '+':
        return parts.join(',');
      case '#':
        return `#${parts.join(',')}`;
      case '.':
        return `.${parts.join('.')}`;
      case '/':
        return `/${parts.join('/')}`;
      case ';':
        return names.map((n, i) => (parts[i] ? `;${n}=${parts[i]}` : `;${n}`)).join('');
      case '?':
      case '&':
        return `${op}${names.map((n, i) => `${n}=${parts[i]}`).join('&')}`;
      default:
        return whole;
    }
  });
}

/** The sub-path a url-mapping is first offered as (`/foo/*` -> `/foo/`, `*.do` -> `/index.do`). */
function mappingExample(mapping: string): string {
  if (mapping === '/*') return '/';
  if (mapping.endsWith('/*')) return `${mapping.slice(0, -1)}`;
  if (mapping.startsWith('*.')) return `/index${mapping.slice(1)}`;
  return mapping;
}

/** The path the input box starts with: the template with its variables left to fill, under the artifact's base path. */
export function initialPath(t: RequestTarget): string {
  const sub = t.templateKind === 'url-mapping' ? mappingExample(t.template) : t.template;
  return `${t.basePath}${sub}` || '/';
}

/** The `{...}` still in a path (what the user has not filled yet), or undefined. */
export function unfilledVariable(path: string): string | undefined {
  const m = /\{[^{}]*\}/.exec(path);
  return m ? m[0] : undefined;
}

/** Where the first `{...}` sits in a path (to pre-select it in the input box), or undefined. */
export function firstVariableRange(path: string): [number, number] | undefined {
  const m = /\{[^{}]*\}/.exec(path);
  return m ? [m.index, m.index + m[0].length] : undefined;
}

/**
 * Whether `pathAndQuery` (as typed: `/hello/greet/World?x=1`) reaches resource `t`. Returns undefined when it does,
 * or a sentence saying why not (the caller shows it as a warning; the request may still be sent).
 */
export function pathMismatch(t: RequestTarget, pathAndQuery: string): string | undefined {
  if (!pathAndQuery.startsWith('/')) return 'The path must start with /.';
  const qi = pathAndQuery.indexOf('?');
  const path = qi >= 0 ? pathAndQuery.slice(0, qi) : pathAndQuery;
  const query = qi >= 0 ? pathAndQuery.slice(qi + 1) : '';
  const base = t.basePath;
  if (base && path !== base && !path.startsWith(`${base}/`)) {
    return `This path is outside ${base}, where ${t.kind === 'proxy' ? 'the proxy' : 'the API'} ${t.artifact} is served.`;
  }
  if (t.kind === 'proxy' || t.templateKind === 'none') return undefined;
  const sub = path.slice(base.length) || '/';
  const matcher =
    t.templateKind === 'uri-template' ? compileUriTemplate(t.template) : compileUrlMapping(t.template);
  return matcher(sub, query)
    ? undefined
    : `This path does not match the resource's ${t.templateKind} ${t.template}.`;
}
