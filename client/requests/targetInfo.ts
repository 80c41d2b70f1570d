/**
 * A "Send request" target and what the UI shows of it (labels, methods), without the XML parser: the extension uses
 * these at activation; finding the targets of a file (targets.ts) parses and loads on first use.
 */

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
