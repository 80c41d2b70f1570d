/**
 * The rewrite (URL rewrite) mediator.
 *
 * The input URL is the `inProperty` property (when it holds a string) or the message's To address; the result goes to
 * the `outProperty` property or back to To. The URL is kept as seven fragments (protocol, user, host, port, path,
 * query, ref) the way java.net.URI splits it; every `<rewriterule>` whose `<condition>` holds runs its `<action>`s in
 * order against those fragments:
 *   - fragment="full" (the default): the value (or xpath result) becomes the whole URL, whatever the type;
 *   - fragment="port": the value becomes the port (no value: no port);
 *   - other fragments: set | append | prepend | replace (every match of `regex` by the value) | remove |
 *     remove-query-param (query only: the first parameter `value=...`); a query is appended/prepended with `&`;
 *     resolve="true" puts message properties in its {name} placeholders.
 * A condition is Synapse's evaluator language (`and`, `or`, `not`, `equal value=..`, `match regex=..` over
 * type="url" [source=fragment] | "param" | "header" (the default) | "property" | "soap" source=xpath), the first
 * element inside `<condition>`; text there is not read (URLRewriteMediatorFactory takes condition.getFirstElement()),
 * so such a rule always applies. A condition that cannot be evaluated skips its rule (as MI does).
 */
import { attrValue, childElements, firstChild, type XmlElement } from '../../../core/xml';
import { registerMediator, type CompileCtx } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import { javaRegExp } from '../javaRegex';
import { base } from './util';

// ------------------------------------------------------------------ URL fragments (java.net.URI's view)

export interface UrlFragments {
  protocol?: string;
  user?: string;
  host?: string;
  port: number;
  path?: string;
  query?: string;
  ref?: string;
}

const URI_RE = /^(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// java.net.URI's character classes for an authority: what a server-based one may hold (userinfo, host, port) and
// what a registry-based one may hold (unreserved, escaped, $,;:@&=+); anything else makes the URI malformed
const SERVER_CHARS = /^(?:[A-Za-z0-9\-_.!~*'();:&=+$,@[\]]|%[0-9A-Fa-f]{2})*$/;
const REG_CHARS = /^(?:[A-Za-z0-9\-_.!~*'()$,;:@&=+]|%[0-9A-Fa-f]{2})*$/;
const USER_INFO = /^(?:[A-Za-z0-9\-_.!~*'();:&=+$,]|%[0-9A-Fa-f]{2})*$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// URI.Parser.parseHostname: dot-separated labels of alphanumerics and inner dashes, an optional final dot, the last
// label starting with a letter when there are several
const HOSTNAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;

/** What java.net.URI refuses (a URISyntaxException in MI): our text says where. */
class UriSyntaxError extends MediationError {
  constructor(_code: number, message: string) {
    super(0, message);
  }
}

/**
 * URI.Parser.parseAuthority: a server-based authority ([userinfo@]host[:port]) gives user, host and port; one that
 * does not parse as a server but has only registry-name characters (an '_' in the host name, an empty host before
 * ':port') is registry-based: getHost(), getUserInfo() are null and getPort() -1, so the rewritten URL has no
 * authority. Other characters (a space) make the URI malformed.
 */
function parseAuthority(auth: string, text: string, out: UrlFragments, lenient: boolean): void {
  const server = SERVER_CHARS.test(auth);
  if (!server && !REG_CHARS.test(auth) && !lenient)
    throw new UriSyntaxError(0, `rewrite: malformed URI '${text}' (illegal character in authority)`);
  if (!server) return;
  let rest = auth;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER_INFO.test(user)) return;
  }
  const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(rest);
  if (!pm) return;
  const host = pm[1]!;
  const labels = host.replace(/\.$/, '').split('.');
  const okHost =
    (host.startsWith('[') && /^\[[0-9A-Fa-f:.]+(?:%[^\]]+)?\]$/.test(host)) ||
    IPV4.test(host) ||
    (HOSTNAME.test(host) && (labels.length === 1 || /^[A-Za-z]/.test(labels[labels.length - 1]!)));
  if (!okHost) return;
  out.host = host;
  if (user !== undefined) out.user = decode(user);
  if (pm[2]) {
    out.port = Number(pm[2]);
    if (!Number.isSafeInteger(out.port))
      throw new UriSyntaxError(0, `rewrite: malformed port in URI '${text}'`);
  }
}

/**
 * Splits a URI into fragments (components decoded, as java.net.URI's getters return them). `lenient`: characters
 * java.net.URI refuses are kept instead of making the URI malformed (the conditionalRouter's look at the To).
 */
export function parseUrl(text: string, lenient = false): UrlFragments {
  const m = URI_RE.exec(text.trim());
  if (!m) throw new UriSyntaxError(0, `rewrite: malformed URI '${text}'`);
  const out: UrlFragments = { port: -1 };
  if (m[1] !== undefined) out.protocol = m[1];
  if (m[2] !== undefined && m[2] !== '') parseAuthority(m[2], text, out, lenient);
  // new URI(String) refuses a space, a control character, "<>\\^`{|} or a bare '%' in the path, query or fragment
  if (!lenient && /[\x00-\x20"<>\\^`{|}\x7f]|%(?![0-9A-Fa-f]{2})/.test(`${m[3]}${m[4] ?? ''}${m[5] ?? ''}`))
    throw new UriSyntaxError(0, `rewrite: malformed URI '${text}' (illegal character)`);
  if (m[5] !== undefined) out.ref = decode(m[5]);
  // an opaque URI (a scheme, then no '/': urn:isbn:1, mailto:a@b) has no path and no query for java.net.URI's getters
  // (its scheme-specific part is neither), so URIFragments sees none and the rewritten URL is rebuilt without them
  if (!lenient && out.protocol !== undefined && m[2] === undefined && !m[3].startsWith('/')) return out;
  if (m[3] !== '') out.path = decode(m[3]);
  if (m[4] !== undefined) out.query = decode(m[4]);
  return out;
}

const PATH_OK = /[A-Za-z0-9\-_.!~*'();:@&=+$,/]/;
const QUERY_OK = /[A-Za-z0-9\-_.!~*'();/?:@&=+$,[\]]/;

function quote(s: string, ok: RegExp): string {
  let out = '';
  for (const ch of s) {
    if (ok.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Joins fragments back into a URI string (quoting what is not legal, as java.net.URI's 7-part constructor): without a
 * host there is no authority, so user and port are dropped (URI.appendAuthority); a relative path after a scheme is
 * an error (URI.checkPath), and so is a scheme with nothing after it (URI.Parser: "Expected scheme-specific part").
 */
export function formatUrl(f: UrlFragments): string {
  if (f.protocol && f.path && !f.path.startsWith('/'))
    throw new UriSyntaxError(0, `rewrite: relative path '${f.path}' in an absolute URI`);
  // nothing after the scheme (no authority, path or query): the URI parser expects a scheme-specific part
  if (f.protocol && f.host === undefined && !f.path && f.query === undefined)
    throw new UriSyntaxError(0, `rewrite: no scheme-specific part after '${f.protocol}:'`);
  let out = '';
  if (f.protocol) out += `${f.protocol}:`;
  if (f.host !== undefined) {
    out += '//';
    if (f.user !== undefined) out += `${quote(f.user, PATH_OK)}@`;
    out += f.host ?? '';
    if (f.port !== -1) out += `:${f.port}`;
  }
  if (f.path) out += quote(f.path, PATH_OK);
  if (f.query !== undefined) out += `?${quote(f.query, QUERY_OK)}`;
  if (f.ref !== undefined) out += `#${quote(f.ref, QUERY_OK)}`;
  return out;
}

// ------------------------------------------------------------------ conditions

/** A compiled evaluator condition over the message and the URL being looked at. */
export type Cond = (ctx: MessageContext, frags: UrlFragments) => boolean;

const STRING_FRAGMENTS = ['protocol', 'user', 'host', 'path', 'query', 'ref'] as const;
type StringFragment = (typeof STRING_FRAGMENTS)[number];

function urlPart(frags: UrlFragments, source: string | undefined): string | undefined {
  if (!source) return formatUrl(frags);
  if (source === 'port') return frags.port === -1 ? undefined : String(frags.port);
  if ((STRING_FRAGMENTS as readonly string[]).includes(source)) return frags[source as StringFragment];
  throw new MediationError(0, `rewrite: unknown URL fragment '${source}' in a condition`);
}

function queryParam(frags: UrlFragments, name: string): string | undefined {
  if (frags.query === undefined) return undefined;
  for (const pair of frags.query.split('&')) {
    const i = pair.indexOf('=');
    const k = i < 0 ? pair : pair.slice(0, i);
    if (k === name) return i < 0 ? '' : pair.slice(i + 1);
  }
  return undefined;
}

/** Compiles one Synapse evaluator element (and, or, not, equal, match); problems go to `cc`. */
export function compileCondition(el: XmlElement, cc: CompileCtx): Cond | undefined {
  const kids = childElements(el);
  switch (el.local) {
    case 'and':
    case 'or': {
      const parts = kids.map((k) => compileCondition(k, cc)).filter((c): c is Cond => !!c);
      if (parts.length < 2)
        cc.problem(el, 'RT_CONDITION_FORM', `<${el.local}> needs at least two conditions`);
      return el.local === 'and'
        ? (ctx, f) => parts.every((p) => p(ctx, f))
        : (ctx, f) => parts.some((p) => p(ctx, f));
    }
    case 'not': {
      // NotFactory: the first child element (none: the factory fails)
      if (kids.length === 0) cc.problem(el, 'RT_CONDITION_FORM', '<not> needs a condition');
      const inner = kids[0] ? compileCondition(kids[0], cc) : undefined;
      return (ctx, f) => !(inner ? inner(ctx, f) : false);
    }
    case 'equal':
    case 'match': {
      // TextProcessingEvaluatorFactory: without a type, the source names a header
      const type = attrValue(el, 'type') ?? 'header';
      const source = attrValue(el, 'source');
      let read: (ctx: MessageContext, f: UrlFragments) => string | undefined;
      switch (type) {
        case 'url':
          if (source && source !== 'port' && !(STRING_FRAGMENTS as readonly string[]).includes(source))
            cc.problem(el, 'RT_CONDITION_FORM', `Unknown URL fragment '${source}'`);
          read = (_ctx, f) => urlPart(f, source);
          break;
        case 'param':
          read = (_ctx, f) => queryParam(f, source ?? '');
          break;
        case 'header':
          read = (ctx) => ctx.headers.get(source ?? '');
          break;
        case 'property':
          read = (ctx) => {
            const v = ctx.getProperty(source ?? '');
            return v === undefined || v === null ? undefined : stringOf(v);
          };
          break;
        case 'soap': {
          const x = source ? cc.exprText(el, source) : undefined;
          read = (ctx) => (x ? x.string(ctx) : ctx.payloadText());
          break;
        }
        default:
          cc.problem(
            el,
            'RT_CONDITION_FORM',
            `Unknown condition type '${type}' (url, param, header, property, soap)`,
          );
          read = () => undefined;
      }
      if ((type === 'param' || type === 'header' || type === 'property' || type === 'soap') && !source)
        cc.problem(
          el,
          'RT_MISSING_ATTRIBUTE',
          attrValue(el, 'type') === undefined
            ? `<${el.local}> needs a source (the header it reads) or a type`
            : `<${el.local} type="${type}"> needs a source`,
        );
      if (el.local === 'equal') {
        const value = attrValue(el, 'value');
        if (value === undefined) cc.problem(el, 'RT_MISSING_ATTRIBUTE', '<equal> needs a value');
        return (ctx, f) => read(ctx, f) === value;
      }
      const rx = attrValue(el, 'regex');
      if (rx === undefined) {
        cc.problem(el, 'RT_MISSING_ATTRIBUTE', '<match> needs a regex');
        return () => false;
      }
      // MatchFactory: Pattern.compile(regex) (no flags), MatchEvaluator: matcher(text).matches()
      const re = cc.javaRegex(el, rx, { whole: true });
      if (!re) return () => false;
      return (ctx, f) => {
        const v = read(ctx, f);
        return v !== undefined && re.test(v);
      };
    }
    default:
      cc.problem(el, 'RT_CONDITION_FORM', `Unknown condition <${el.local}> (and, or, not, equal, match)`);
      return undefined;
  }
}

// ------------------------------------------------------------------ actions

type Fragment = StringFragment | 'port' | 'full';
const FRAGMENTS: Fragment[] = ['protocol', 'user', 'host', 'port', 'path', 'query', 'ref', 'full'];
const ACTIONS = ['set', 'append', 'prepend', 'replace', 'remove', 'remove-query-param'] as const;
type ActionType = (typeof ACTIONS)[number];

interface Action {
  type: ActionType;
  fragment: Fragment;
  value?: string;
  xpath?: Expr;
  regex?: RegExp;
  /**
   * A replace action's regex that does not compile: URLRewriteMediatorFactory keeps it as a string and RewriteAction
   * compiles it in String.replaceAll at mediation, so the artifact deploys and the action fails when it runs.
   */
  badRegex?: string;
  /** resolve="true": each {name} of the result is the message property of that name (RewriteAction.resolve). */
  resolve: boolean;
}

function compileAction(el: XmlElement, cc: CompileCtx): Action {
  const type = (attrValue(el, 'type') ?? 'set') as ActionType;
  if (!ACTIONS.includes(type)) cc.problem(el, 'RT_BAD_ACTION', `Unknown rewrite action type '${type}'`);
  const fragment = (attrValue(el, 'fragment') ?? 'full') as Fragment;
  if (!FRAGMENTS.includes(fragment)) cc.problem(el, 'RT_BAD_FRAGMENT', `Unknown URL fragment '${fragment}'`);
  const value = attrValue(el, 'value');
  const xpath = cc.expr(el, 'xpath');
  if (type !== 'remove' && value === undefined && attrValue(el, 'xpath') === undefined)
    cc.problem(el, 'RT_MISSING_ATTRIBUTE', `rewrite action '${type}' needs value or xpath`);
  // URLRewriteMediatorFactory.parseAction: remove-query-param is for the query fragment only
  if (type === 'remove-query-param' && attrValue(el, 'fragment') !== 'query')
    cc.problem(el, 'RT_BAD_ACTION', 'Action remove-query-param is only allowed for query fragment');
  let regex: RegExp | undefined;
  let badRegex: string | undefined;
  if (type === 'replace') {
    const r = attrValue(el, 'regex');
    if (r === undefined) cc.problem(el, 'RT_MISSING_ATTRIBUTE', "rewrite action 'replace' needs regex");
    // RewriteAction: String.replaceAll(regex, value), compiled when the action runs (not at deploy)
    else
      try {
        regex = javaRegExp(r, { flags: 'g' });
      } catch (e) {
        badRegex = `Invalid regular expression '${r}': ${(e as Error).message}`;
      }
  }
  return { type, fragment, value, xpath, regex, badRegex, resolve: attrValue(el, 'resolve') === 'true' };
}

/** Java's replaceAll replacement syntax ($0 the whole match, $1, \$) to JavaScript's ($& for $0). */
function javaReplacement(s: string): string {
  return s.replace(/\\(.)|\$(\d)|\$/g, (all, esc: string | undefined, d: string | undefined) =>
    esc !== undefined ? (esc === '$' ? '$$' : esc) : d === '0' ? '$&' : d !== undefined ? `$${d}` : '$$',
  );
}

function runAction(a: Action, ctx: MessageContext, f: UrlFragments): UrlFragments {
  const result = a.xpath ? a.xpath.string(ctx) : a.value;
  if (a.fragment === 'full') return parseUrl(result ?? '');
  if (a.fragment === 'port') {
    // RewriteAction.execute: any action sets the port to the value (no value: -1, no port)
    if (result === undefined) f.port = -1;
    else {
      const n = Number(result.trim());
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new MediationError(0, `rewrite: '${result}' is not a port number`);
      f.port = n;
    }
    return f;
  }
  const cur = f[a.fragment] ?? '';
  // a query gets the added part as one more parameter (RewriteAction: QUERY_PARAM_DELIMETER "&")
  const amp = a.fragment === 'query' && cur !== '' ? '&' : '';
  let next: string | undefined;
  switch (a.type) {
    case 'prepend':
      next = result !== undefined ? result + amp + cur : '';
      break;
    case 'append':
      next = result !== undefined ? cur + amp + result : '';
      break;
    case 'remove-query-param': {
      // the first parameter in which `result=` is found goes (Pattern.compile(result + "=.*").matcher(p).find())
      if (cur === '' || result === undefined) {
        next = '';
        break;
      }
      const params = cur.split('&');
      let re: RegExp;
      try {
        re = javaRegExp(`${result}=.*`);
      } catch (e) {
        throw new MediationError(
          0,
          `rewrite: invalid query parameter name '${result}': ${(e as Error).message}`,
        );
      }
      const i = params.findIndex((q) => re.test(q));
      if (i >= 0) params.splice(i, 1);
      next = params.join('&');
      break;
    }
    case 'replace':
      // (PatternSyntaxException from replaceAll: only when there is a result to put in)
      if (result !== undefined && a.badRegex !== undefined)
        throw new MediationError(0, `rewrite: ${a.badRegex}`);
      next = result !== undefined && a.regex ? cur.replace(a.regex, javaReplacement(result)) : '';
      break;
    case 'remove':
      next = undefined;
      break;
    default:
      next = result;
  }
  if (next !== undefined && a.resolve) next = resolveParams(next, ctx);
  if (next === undefined) delete f[a.fragment];
  else f[a.fragment] = next;
  return f;
}

/**
 * RewriteAction.resolve: every {name} (pattern [^{}]*\{([^{}]*)}) becomes the message property of that name; one that
 * is missing or empty makes the whole fragment empty (MI logs "Path parameter ... was not found").
 */
function resolveParams(str: string, ctx: MessageContext): string {
  let out = str;
  for (const m of str.matchAll(/[^{}]*\{([^{}]*)\}/g)) {
    const name = m[1]!;
    const v = ctx.props.get(name);
    const value = v === undefined || v === null ? '' : stringOf(v);
    if (value !== '') out = out.split(`{${name}}`).join(value);
    else out = '';
  }
  return out;
}

// ------------------------------------------------------------------ the mediator

interface Rule {
  condition?: Cond;
  actions: Action[];
}

/**
 * URLRewriteMediatorFactory.parseRule: the rule's condition is the first element inside `<condition>` (an evaluator);
 * a `<condition>` with no element (empty, or text only) is no condition, so the rule always applies. A rule without
 * `<action>` deploys and changes nothing (getChildrenWithName never gives null, so "At least one rewrite action is
 * required per rule" is never raised).
 */
function compileRule(el: XmlElement, cc: CompileCtx): Rule {
  const condEl = firstChild(el, 'condition');
  const first = condEl ? childElements(condEl)[0] : undefined;
  const condition = first ? compileCondition(first, cc) : undefined;
  const actions = childElements(el)
    .filter((c) => c.local === 'action')
    .map((a) => compileAction(a, cc));
  return { condition, actions };
}

registerMediator('rewrite', (el, cc) => {
  const inProperty = attrValue(el, 'inProperty') || undefined;
  const outProperty = attrValue(el, 'outProperty') || undefined;
  // URLRewriteMediatorFactory: any number of rules (none: the URL is copied as it is)
  const rules = childElements(el)
    .filter((c) => c.local === 'rewriterule')
    .map((r) => compileRule(r, cc));
  const p = cc.pos(el);
  const where = `${p.file}:${p.line}`;
  return {
    ...base(el, cc, true),
    async mediate(ctx) {
      let input: string | undefined;
      if (inProperty) {
        const v = ctx.getProperty(inProperty);
        if (typeof v === 'string') input = v;
      } else input = ctx.to;
      let frags: UrlFragments;
      try {
        frags = input !== undefined ? parseUrl(input) : { port: -1 };
      } catch (e) {
        // URLRewriteMediator.getInputAddress: new URI(input) failed
        if (e instanceof UriSyntaxError)
          throw new MediationError(0, `Malformed input URI: ${input}`, `${e.message} (${where})`, where);
        throw e;
      }
      try {
        for (const r of rules) {
          if (r.condition) {
            let ok = false;
            try {
              ok = r.condition(ctx, frags);
            } catch {
              ok = false; // MI skips a rule whose condition fails to evaluate
            }
            if (!ok) continue;
          }
          for (const a of r.actions) frags = runAction(a, ctx, frags);
        }
        const out = formatUrl(frags);
        if (outProperty) ctx.setProperty(outProperty, out);
        else ctx.to = out;
      } catch (e) {
        // URLRewriteMediator.mediate: a URISyntaxException while the rules run or the URI is rebuilt
        if (e instanceof UriSyntaxError)
          throw new MediationError(
            0,
            'Error while constructing a URI from the fragments',
            `${e.message} (${where})`,
            where,
          );
        if (e instanceof MediationError)
          throw new MediationError(e.code, `${e.message} (${where})`, e.detail, where);
        throw e;
      }
      return true;
    },
  };
});

export const REWRITE_LOADED = true;
