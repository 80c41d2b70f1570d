/**
 * Where a "Send request" CodeLens goes, without vscode: the API resources and proxies a Synapse file declares, each
 * with its request path (context, version, uri-template or url-mapping) and the line of its start tag.
 */
import { LineIndex, attrValue, childElements, parseXml, type XmlElement } from '../../core/xml';

export interface RequestTarget {
  kind: 'api' | 'proxy';
  /** API or proxy name. */
  artifact: string;
  /** Methods the resource accepts (upper case); empty = any. */
  methods: string[];
  /** The resource's uri-template or url-mapping ('' for a default resource or a proxy). */
  template: string;
  templateKind: 'uri-template' | 'url-mapping' | 'none';
  /** The path the artifact is served under: `/context[/version]` or `/services/Name` ('' for context `/`). */
  basePath: string;
  /** 0-based line and character of the `<resource>` / `<proxy>` start tag. */
  line: number;
  character: number;
  /** Stable identity for remembering the last request (survives edits elsewhere in the file). */
  key: string;
}

export const ANY_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** The API resources and proxies declared in `text` (a whole Synapse file; `definitions` roots included). */
export function findRequestTargets(text: string): RequestTarget[] {
  // Cheap guard: most files are sequences or endpoints and need no parse.
  if (!/<(?:\w+:)?(?:api|proxy)\b/.test(text)) return [];
  const doc = parseXml(text);
  const root = doc.root;
  if (!root) return [];
  const lines = new LineIndex(text);
  const out: RequestTarget[] = [];
  const artifacts = root.local === 'definitions' ? childElements(root) : [root];
  for (const el of artifacts) {
    if (el.local === 'api') out.push(...apiTargets(el, lines));
    else if (el.local === 'proxy') {
      const name = attrValue(el, 'name') ?? '';
      if (!name) continue;
      const pos = lines.positionAt(el.startTag.start);
      out.push({
        kind: 'proxy',
        artifact: name,
        methods: [],
        template: '',
        templateKind: 'none',
        basePath: `/services/${name}`,
        line: pos.line,
        character: pos.character,
        key: `proxy:${name}`,
      });
    }
  }
  return out;
}

/** `/context[/version]` as the runtime serves it (a trailing `/` trimmed; context `/` gives ''). */
export function apiBasePath(context: string, version?: string, versionType?: string): string {
  let ctx = context.trim() || '/';
  if (!ctx.startsWith('/')) ctx = `/${ctx}`;
  const v = (version ?? '').trim();
  const vt = (versionType ?? '').trim();
  if (v && vt === 'context') ctx = ctx.split('{version}').join(v);
  ctx = ctx.replace(/\/+$/, '');
  if (v && vt === 'url') ctx = `${ctx}/${v}`;
  return ctx;
}

function apiTargets(api: XmlElement, lines: LineIndex): RequestTarget[] {
  const name = attrValue(api, 'name') ?? '';
  const version = attrValue(api, 'version');
  const base = apiBasePath(attrValue(api, 'context') ?? '/', version, attrValue(api, 'version-type'));
  const apiKey = version ? `${name}:v${version}` : name;
  const out: RequestTarget[] = [];
  for (const r of childElements(api)) {
    if (r.local !== 'resource') continue;
    const methods = (attrValue(r, 'methods') ?? '')
      .split(/[\s,]+/)
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const ut = attrValue(r, 'uri-template');
    const um = attrValue(r, 'url-mapping');
    const template = ut ?? um ?? '';
    const templateKind = ut !== undefined ? 'uri-template' : um !== undefined ? 'url-mapping' : 'none';
    const pos = lines.positionAt(r.startTag.start);
    out.push({
      kind: 'api',
      artifact: name,
      methods,
      template,
      templateKind,
      basePath: base,
      line: pos.line,
      character: pos.character,
      key: `api:${apiKey}|${methods.join(',')}|${templateKind}:${template}`,
    });
  }
  return out;
}

/** The method a request starts with: the last one used if still allowed, else the resource's first (POST for proxies). */
export function defaultMethod(t: RequestTarget, remembered?: string): string {
  if (remembered && (t.methods.length === 0 || t.methods.includes(remembered))) return remembered;
  if (t.methods.length) return t.methods[0];
  return t.kind === 'proxy' ? 'POST' : 'GET';
}

/** The methods offered in the method pick: the resource's, or all of them. */
export function methodChoices(t: RequestTarget): string[] {
  return t.methods.length ? [...t.methods] : [...ANY_METHODS];
}

/** Methods that carry a request body. */
export function hasBody(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(method.toUpperCase());
}

/** Short title of a target for a CodeLens, a progress message or a tab: `GET /hello/greet/{name}`. */
export function targetLabel(t: RequestTarget, method?: string): string {
  const m = method ?? (t.methods.length ? t.methods.join('|') : t.kind === 'proxy' ? 'POST' : 'ANY');
  return `${m} ${t.basePath + t.template || '/'}`;
}
