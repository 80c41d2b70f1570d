/** Hover: element, attribute and value docs from the catalog; expression function docs; reference targets. */
import { relative, sep } from 'node:path';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { attributeDecl, declFor, knownParameters, parameterOwner, resolveElement } from '../../core/catalog';
import type { FileModel, ProjectIndex } from '../../core/project/index';
import type { Project } from '../../core/project/discover';
import { elementAt, type Span } from '../../core/xml';
import { toRange, valueSpan } from '../convert';
import { attributeDoc, elementDoc, readingOf } from './completion';
import { exprInAttribute, exprInText, type ExprCursor } from './exprContext';
import { functionAt } from './exprCompletion';
import { propertiesForScope } from './knownNames';
import { targetAt, resolveRef } from './navigation';
import { connectorHover } from './connectorHover';

export function hover(
  model: FileModel,
  index: ProjectIndex,
  project: Project | undefined,
  offset: number,
): Hover | null {
  const el = elementAt(model.doc.children, offset);
  if (!el) return null;
  const make = (value: string, span: Span): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: toRange(model.lines, span),
  });
  const ch = connectorHover(model, project, offset, el);
  if (ch) return ch;
  const decl = declFor(el);
  const inName =
    (offset >= el.nameSpan.start && offset <= el.nameSpan.end) ||
    (el.endTag !== undefined && offset >= el.endTag.start + 2 && offset <= el.endTag.end - 1);
  if (inName) {
    const res = resolveElement(el);
    if (!decl) {
      const why = res.status === 'free' ? 'Free content (not checked).' : `\`${el.name}\` is not known here.`;
      return make(why, el.nameSpan);
    }
    const span =
      offset >= el.nameSpan.start && offset <= el.nameSpan.end
        ? el.nameSpan
        : { start: el.endTag!.start + 2, end: el.endTag!.end - 1 };
    const artifact = res.artifact ? `\n\n*Artifact:* ${res.artifact.kind}` : '';
    return make(elementDoc(el.local, decl) + artifact, span);
  }
  for (const a of el.attributes) {
    if (offset >= a.nameSpan.start && offset <= a.nameSpan.end) {
      const ad = decl ? attributeDecl(decl, a.name) : undefined;
      if (!ad) return null;
      return make(attributeDoc(ad), a.nameSpan);
    }
    const vs = valueSpan(a, model.text);
    if (offset >= vs.start && offset <= vs.end && a.quote) {
      const cur = exprInAttribute(el, a, offset, readingOf(decl, a.name), model.text);
      if (cur) return exprHover(cur, model, make);
      const t = targetAt(model, offset);
      if (t && t.type === 'ref') {
        const found = resolveRef(index, t.ref);
        if (found.length) {
          const f = found[0];
          const where = project ? relative(project.root, f.file).split(sep).join('/') : f.file;
          return make(`**${f.name}** — ${f.kind}\n\nDefined in \`${where}\``, t.span);
        }
        if (!t.ref.dynamic)
          return make(`**${t.ref.key}** — no ${t.ref.refKind} of this name in the project`, t.span);
      }
      // a parameter MI reads for its inbound endpoint, proxy, message store or processor, or a task property
      if (a.name === 'name' && (el.local === 'parameter' || el.local === 'property')) {
        const owner = parameterOwner(el);
        const known = owner ? knownParameters(owner).find((k) => k.name === a.value) : undefined;
        if (known)
          return make(
            `**${known.name}** — parameter of \`<${owner!.local}>\`\n\n${known.doc}${known.values ? `\n\nValues: ${known.values.map((v) => `\`${v}\``).join(', ')}` : ''}`,
            vs,
          );
      }
      const ad = decl ? attributeDecl(decl, a.name) : undefined;
      if (ad?.type === 'enum' && ad.valueDocs?.[a.value])
        return make(`\`${a.value}\` — ${ad.valueDocs[a.value]}\n\n${attributeDoc(ad)}`, vs);
      if (ad?.type === 'enum' || ad?.type === 'boolean')
        return make(`\`${a.value}\` — ${attributeDoc(ad)}`, vs);
      return null;
    }
  }
  const cur = exprInText(el, model.text, offset, decl?.text === 'expression' || decl?.text === 'xpath');
  if (cur) return exprHover(cur, model, make);
  return null;
}

/** A property or header name under the cursor ($ctx:X, $axis2:X, $trp:X, get-property('X'), props.axis2.X...). */
function propertyAt(cur: ExprCursor): { name: string; scope: string; span: Span } | undefined {
  const t = cur.text;
  let s = cur.at;
  let e = cur.at;
  while (s > 0 && /[\w.-]/.test(t[s - 1])) s--;
  while (e < t.length && /[\w.-]/.test(t[e])) e++;
  // `props.axis2.X` / `headers.X`: the name is the last segment
  const chain = /^((?:props|properties)\.(?:synapse|axis2)\.|headers\.)/.exec(t.slice(s, e));
  if (chain) s += chain[1].length;
  const word = t.slice(s, e);
  if (!word) return undefined;
  const before = t.slice(0, s);
  const span = { start: cur.base + s, end: cur.base + e };
  let m: RegExpExecArray | null;
  if ((m = /\$(ctx|axis2|trp|operation):$/.exec(before))) {
    return { name: word, scope: m[1] === 'ctx' ? 'default' : m[1] === 'trp' ? 'transport' : m[1], span };
  }
  if ((m = /get-property\(\s*['"]([\w-]+)['"]\s*,\s*['"]$/.exec(before)))
    return { name: word, scope: m[1], span };
  if (/get-property\(\s*['"]$/.exec(before)) return { name: word, scope: 'default', span };
  if ((m = /(?:props|properties)\.(synapse|axis2)\.$/.exec(before)))
    return { name: word, scope: m[1] === 'synapse' ? 'default' : 'axis2', span };
  if (/headers\.$/.test(before)) return { name: word, scope: 'transport', span };
  return undefined;
}

function exprHover(cur: ExprCursor, _model: FileModel, make: (v: string, s: Span) => Hover): Hover | null {
  const p = propertyAt(cur);
  if (p) {
    const known = propertiesForScope(p.scope).find(
      (k) => k.name === p.name || (p.scope === 'transport' && k.name.toLowerCase() === p.name.toLowerCase()),
    );
    if (known)
      return make(
        `**${known.name}** — ${p.scope === 'transport' ? 'HTTP header' : `${p.scope} scope property`}\n\n${known.doc}`,
        p.span,
      );
  }
  const f = functionAt(cur);
  if (!f) return null;
  const lang = cur.kind === 'synapse' ? 'Synapse expression' : cur.kind === 'jsonpath' ? 'JSONPath' : 'XPath';
  const legacy = f.info.legacyOf ? `\n\nPre-GA spelling: use \`${f.info.legacyOf}\`.` : '';
  return make(`\`${f.info.signature}\` — ${lang} function\n\n${f.info.doc}${legacy}`, f.span);
}
