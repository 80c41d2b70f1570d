/** API rules: context, versioning, resources (methods, uri-template, url-mapping, duplicates). */
import type { XmlAttribute, XmlElement } from '../../xml/types';
import { attr, childElements } from '../../xml/query';
import { scanUriTemplate, type UriTemplateFault } from '../../uriTemplate';
import type { Report } from '../report';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH']);

export function checkApi(api: XmlElement, report: Report): void {
  const context = attr(api, 'context');
  const version = attr(api, 'version');
  const versionType = attr(api, 'version-type');
  if (context) {
    const v = context.value;
    if (!v.startsWith('/'))
      report.add('SYN402', context.valueSpan, `The API context '${v}' must start with '/'.`);
    else if (/\s/.test(v))
      report.add('SYN402', context.valueSpan, `The API context '${v}' must not contain spaces.`);
    else if (v.includes('{version}') && versionType?.value !== 'context') {
      report.add(
        'SYN403',
        context.valueSpan,
        'The context uses \'{version}\': set version-type="context" and a version.',
      );
    }
  }
  if (version && version.value.trim() !== '' && versionType && versionType.value.trim() === '') {
    report.add(
      'SYN403',
      versionType.valueSpan,
      `The API has version '${version.value}': version-type must be "url" or "context".`,
    );
  }
  const seen = new Map<string, XmlAttribute | XmlElement>();
  for (const res of childElements(api)) {
    if (res.local !== 'resource') continue;
    const methodsAttr = attr(res, 'methods');
    const methods = (methodsAttr?.value ?? '').split(/\s+/).filter(Boolean);
    if (methodsAttr) {
      let at = methodsAttr.valueSpan.start;
      const seenM = new Set<string>();
      for (const part of methodsAttr.raw.split(/(\s+)/)) {
        if (part && !/^\s+$/.test(part)) {
          const span = { start: at, end: at + part.length };
          if (!METHODS.has(part)) {
            const upper = part.toUpperCase();
            report.add(
              'SYN405',
              span,
              METHODS.has(upper)
                ? `HTTP method '${part}' must be upper case: '${upper}'.`
                : `Unknown HTTP method '${part}': use ${[...METHODS].join(', ')}.`,
              METHODS.has(upper) ? { replacement: upper } : undefined,
            );
          } else if (seenM.has(part)) report.add('SYN405', span, `HTTP method '${part}' is listed twice.`);
          seenM.add(part);
        }
        at += part.length;
      }
    }
    // ResourceFactory.configureURLMappings passes over an empty url-mapping or uri-template (`!"".equals(...)`): the
    // resource then has no dispatcher helper and takes every path, as one without either
    const tplAttr = attr(res, 'uri-template');
    const mapAttr = attr(res, 'url-mapping');
    if (tplAttr?.value === '' && !(mapAttr && mapAttr.value !== ''))
      report.add(
        'SYN400',
        tplAttr.valueSpan,
        'The uri-template is empty: Micro Integrator reads it as absent and this resource takes every request path.',
        undefined,
        'warning',
      );
    const tpl = tplAttr?.value === '' ? undefined : tplAttr;
    const map = mapAttr?.value === '' ? undefined : mapAttr;
    // both uri-template and url-mapping: the catalog's exclusive rule reports it (SYN108)
    if (tpl) checkUriTemplate(tpl, report);
    if (map) checkUrlMapping(map, report);
    const path = tpl ? `T:${normalizeTemplate(tpl.value)}` : map ? `M:${map.value}` : 'default';
    const methodKeys = methods.length ? methods : ['*'];
    for (const m of methodKeys) {
      const key = `${m} ${path}`;
      const prev = seen.get(key);
      const where = tpl ?? map ?? res;
      const span = 'valueSpan' in where ? where.valueSpan : where.nameSpan;
      if (prev) {
        report.add(
          'SYN404',
          span,
          `Another resource of this API already handles ${m === '*' ? 'all methods' : m} on ${tpl ? `'${tpl.value}'` : map ? `'${map.value}'` : 'the default path'}: only the first one is ever dispatched.`,
        );
        break;
      }
      seen.set(key, where);
    }
  }
}

function normalizeTemplate(t: string): string {
  // variable names do not matter for dispatch: /a/{x} and /a/{y} collide
  return t.replace(/\{[^}]*\}/g, '{}').replace(/\/$/, '');
}

export function checkUriTemplate(a: XmlAttribute, report: Report): void {
  const v = a.value;
  const base = a.valueSpan.start;
  if (v === '') {
    report.add('SYN400', a.valueSpan, 'The uri-template is empty.');
    return;
  }
  // MI matches the template against the request path after the context, query string included (API.process sets
  // REST_SUB_REQUEST_PATH, URITemplateBasedDispatcher matches it): a query-only template such as `?q={q}` is used as
  // written; any other start deploys (URITemplateParser has no such rule) but a sub-path always starts with / or ?
  if (v.startsWith('{')) {
    // URITemplateParser.parse reads the character before a `{` at position 0 (charAt(-1)) and fails
    report.add(
      'SYN400',
      { start: base, end: base + 1 },
      `The uri-template '${v}' starts with '{': Micro Integrator's template parser fails on it (start it with '/').`,
    );
    return;
  }
  // `*` alone is a literal that matches whatever follows (Literal.match: a token ending with `*` takes the rest of the
  // path; MI DefaultSequenceWithMultipleMethodsTest: uri-template="*" is the API's catch-all resource)
  if (!v.startsWith('/') && !v.startsWith('?') && v !== '*') {
    report.add(
      'SYN400',
      a.valueSpan,
      `The uri-template '${v}' does not start with '/': Micro Integrator deploys it, but the request path it is matched against (after the API context) always starts with '/' or '?', so this resource is never selected.`,
      undefined,
      'warning',
    );
  }
  // the checks of URITemplateParser.parse (run when MI deploys the API: a failure refuses it), in its order, after
  // the trailing `/` it drops (scanUriTemplate); a fault refuses the API wherever it stands, a space before it too
  const { parsed, fault, unclosed, space } = scanUriTemplate(v);
  if (fault) {
    const found = templateFault(fault, parsed.length);
    if (found) report.add('SYN400', { start: base + found[0], end: base + found[1] }, found[2]);
    return;
  }
  if (space !== undefined) {
    report.add(
      'SYN400',
      { start: base + space, end: base + space + 1 },
      'A space in the uri-template: Micro Integrator deploys it, but a request path never holds a raw space, so this part never matches.',
      undefined,
      'warning',
    );
    return;
  }
  if (unclosed !== undefined) {
    // at the last character the parser takes the rest as the expression: `/items/{id` deploys as `/items/{id}`
    report.add(
      'SYN400',
      { start: base + unclosed, end: base + v.length },
      "Unclosed '{' in the uri-template: Micro Integrator deploys it as if the '}' were there.",
      undefined,
      'warning',
    );
  }
}

/** Where a uri-template fault is (offsets in the template, `end` that of its parsed end) and what SYN400 says. */
function templateFault(f: UriTemplateFault, end: number): [number, number, string] | undefined {
  switch (f.kind) {
    case 'nested':
      return [f.at, f.at + 1, "Nested '{' in a uri-template."];
    case 'open-at-end':
      return [
        f.at,
        end,
        "A '{' this close to the end of the uri-template: Micro Integrator's template parser refuses it.",
      ];
    case 'open-at-start':
      // (checkUriTemplate reports a template starting with '{' first)
      return undefined;
    case 'stray-close':
      return [f.at, f.at + 1, "Unmatched '}' in the uri-template."];
    case 'empty':
      return [f.open, f.close + 1, 'Empty variable {} in the uri-template.'];
    case 'expression':
      // one `{...}`, as URITemplateParser.createExpressionNode reads it: a simple name list, or one of the operators
      // + # . / before it; `?`, `&`, `;` make MI refuse the API
      return [
        f.open,
        f.end,
        f.unsupported
          ? `Unsupported variable '{${f.body}}' in the uri-template: Micro Integrator's template parser takes {name}, {+name}, {#name}, {.name} or {/name}.`
          : `Micro Integrator refuses this uri-template variable: ${f.problem}.`,
      ];
  }
}

export function checkUrlMapping(a: XmlAttribute, report: Report): void {
  const v = a.value;
  const ok = v === '/' || v === '/*' || /^\*\.[^/*\s]+$/.test(v) || /^\/[^*\s]*(\/\*)?$/.test(v);
  if (!ok) {
    // URLMappingHelper never refuses a mapping: `/x/*` is a prefix, `*.ext` an extension, anything else an exact
    // path taken literally (a `*` elsewhere is a plain character), so MI deploys it and it rarely matches
    report.add(
      'SYN401',
      a.valueSpan,
      `Unusual url-mapping '${v}': Micro Integrator deploys it, reading ${describeUrlMapping(v)}; use an exact path (/orders), a prefix (/orders/*) or an extension (*.json).`,
    );
  }
}

/** How URLMappingHelper reads a mapping (for the SYN401 message). */
function describeUrlMapping(v: string): string {
  if (v.startsWith('/') && v.endsWith('/*'))
    return `a prefix whose segments '${v.slice(1, -2)}' are compared literally`;
  if (v.startsWith('*.')) return `an extension '${v.slice(1)}'`;
  return `an exact path '${v.length > 1 && v.endsWith('/') ? v.slice(0, -1) : v}' taken literally`;
}

export function isApiRoot(el: XmlElement): boolean {
  return el.local === 'api';
}

export function resourceChildren(api: XmlElement): XmlElement[] {
  return childElements(api).filter((c) => c.local === 'resource');
}
