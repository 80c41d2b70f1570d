/** Collects the names an expression may use around a cursor: properties, variables, parameters, headers, configs. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../../core/project/discover';
import type { FileModel } from '../../core/project/index';
import { attrValue, walkElements, type XmlElement } from '../../core/xml';
import type { ExprNames } from './exprCompletion';

export function collectExprNames(
  model: FileModel,
  at: XmlElement | undefined,
  project: Project | undefined,
): ExprNames {
  const properties = new Map<string, Set<string>>();
  const variables = new Set<string>();
  const headers = new Set<string>();
  const add = (scope: string, name: string) => {
    let s = properties.get(scope);
    if (!s) properties.set(scope, (s = new Set()));
    s.add(name);
  };
  if (model.doc.root) {
    walkElements(model.doc.root, (el) => {
      const name = attrValue(el, 'name');
      if (!name) return;
      if (el.local === 'property' && isMediatorProperty(el)) add(attrValue(el, 'scope') ?? 'default', name);
      else if (el.local === 'variable') variables.add(name);
      else if (el.local === 'header' && (attrValue(el, 'scope') ?? 'default') === 'transport')
        headers.add(name);
    });
  }
  // template parameters: of the template this file declares
  const templateParams = [...model.templateParams].filter(Boolean);
  // path and query parameters: from the enclosing API resource's uri-template
  const pathParams: string[] = [];
  const queryParams: string[] = [];
  for (let e = at; e; e = e.parent) {
    if (e.local !== 'resource') continue;
    const tpl = attrValue(e, 'uri-template') ?? '';
    const [path, query] = splitOnce(tpl, '?');
    for (const m of path.matchAll(/\{[+#./;?&]?([\w.-]+)\}/g)) pathParams.push(m[1]);
    for (const part of (query ?? '').split('&')) {
      const [k, v] = splitOnce(part, '=');
      if (k) queryParams.push(k);
      const vm = v ? /^\{([\w.-]+)\}$/.exec(v) : null;
      if (vm && vm[1] !== k) queryParams.push(vm[1]);
    }
    break;
  }
  return {
    properties,
    variables,
    templateParams,
    pathParams,
    queryParams,
    headers,
    configs: configKeys(project),
  };
}

/** A `property` element that is a mediator (not a log/endpoint/task sub-element with a name/value pair only). */
function isMediatorProperty(el: XmlElement): boolean {
  const p = el.parent?.local;
  return p !== 'log' && p !== 'task' && p !== 'messageStore' && p !== 'handler' && p !== 'class';
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

const configCache = new Map<string, { mtime: number; keys: string[] }>();

/** Keys of the project's config.properties (resources/conf/config.properties). */
export function configKeys(project: Project | undefined): string[] {
  if (!project) return [];
  const out: string[] = [];
  for (const dir of project.resourceDirs) {
    const file = join(dir, 'conf', 'config.properties');
    try {
      const st = statSync(file);
      const cached = configCache.get(file);
      if (cached && cached.mtime === st.mtimeMs) {
        out.push(...cached.keys);
        continue;
      }
      const keys: string[] = [];
      for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
        const m = /^\s*([^#!\s=:][^=:\s]*)\s*[=:]?/.exec(line);
        if (m) keys.push(m[1]);
      }
      configCache.set(file, { mtime: st.mtimeMs, keys });
      out.push(...keys);
    } catch {
      // no config file
    }
  }
  return out;
}
