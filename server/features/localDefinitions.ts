/**
 * Definitions of names that live inside artifacts: template parameters (from `$func:p`, `params.functionParams.p`,
 * `get-property('func', 'p')` in the template, and from `<with-param name="p">` of a call-template) and variables
 * (from `vars.x` / `$var:x` to the `<variable name="x">` that sets them).
 */
import type { Location } from 'vscode-languageserver';
import { declFor } from '../../core/catalog';
import type { FileModel, ProjectIndex } from '../../core/project/index';
import { attr, attrValue, elementAt, walkElements, type XmlElement } from '../../core/xml';
import { pathToUri, toRange } from '../convert';
import { readingOf } from './completion';
import { exprInAttribute, exprInText } from './exprContext';

export function localDefinition(model: FileModel, index: ProjectIndex, offset: number): Location[] {
  const el = elementAt(model.doc.children, offset);
  if (!el) return [];
  // <with-param name="p"> of a call-template: the template's parameter
  const nameAttr = attr(el, 'name');
  if (
    el.local === 'with-param' &&
    nameAttr &&
    offset >= nameAttr.valueSpan.start &&
    offset <= nameAttr.valueSpan.end
  ) {
    const target =
      el.parent && el.parent.local === 'call-template' ? attrValue(el.parent, 'target') : undefined;
    const tpl = target ? index.findArtifacts('sequenceTemplate', target)[0] : undefined;
    const m = tpl ? index.getFile(tpl.file) : undefined;
    const p = m && tpl ? parameterOf(tpl.element, nameAttr.value) : undefined;
    return m && p ? [{ uri: pathToUri(m.path), range: toRange(m.lines, attr(p, 'name')!.valueSpan) }] : [];
  }
  // a name inside an expression
  const decl = declFor(el);
  let cur;
  for (const a of el.attributes) {
    if (offset >= a.valueSpan.start && offset <= a.valueSpan.end)
      cur = exprInAttribute(el, a, offset, readingOf(decl, a.name), model.text);
  }
  cur ??= exprInText(el, model.text, offset, decl?.text === 'expression' || decl?.text === 'xpath');
  if (!cur) return [];
  const t = cur.text;
  let s = cur.at;
  let e = cur.at;
  while (s > 0 && /[\w.:$-]/.test(t[s - 1])) s--;
  while (e < t.length && /[\w-]/.test(t[e])) e++;
  const word = t.slice(s, e);
  let m: RegExpExecArray | null;
  let param: string | undefined;
  let variable: string | undefined;
  if ((m = /^\$func:([\w.-]+)$/.exec(word)) || (m = /^params\.functionParams\.([\w-]+)$/.exec(word)))
    param = m[1];
  else if ((m = /^\$var:([\w.-]+)$/.exec(word)) || (m = /^vars\.([\w-]+)$/.exec(word))) variable = m[1];
  else {
    const gp = /get-property\(\s*['"]func['"]\s*,\s*['"]([\w.-]*)$/.exec(t.slice(0, e));
    if (gp) param = gp[1];
  }
  const root = model.doc.root;
  if (!root) return [];
  if (param !== undefined) {
    const p = parameterOf(root, param);
    return p ? [{ uri: pathToUri(model.path), range: toRange(model.lines, attr(p, 'name')!.valueSpan) }] : [];
  }
  if (variable !== undefined) {
    let found: XmlElement | undefined;
    walkElements(root, (x) => {
      if (found) return false;
      if (x.local === 'variable' && attrValue(x, 'name') === variable) found = x;
    });
    return found
      ? [{ uri: pathToUri(model.path), range: toRange(model.lines, attr(found, 'name')!.valueSpan) }]
      : [];
  }
  return [];
}

function parameterOf(template: XmlElement, name: string): XmlElement | undefined {
  for (const c of template.children) {
    if (c.kind === 'element' && c.local === 'parameter' && attrValue(c, 'name') === name) return c;
  }
  return undefined;
}
