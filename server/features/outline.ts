/** Document symbols (outline): the artifact, its resources/targets, sequences and mediators, as a tree. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { LineIndex, XmlDocument, XmlElement } from '../../core/xml';
import { attrValue, childElements } from '../../core/xml';
import { toRange } from '../convert';

const MAX_SYMBOLS = 5000;
/** Deeper elements are left out of the outline (and the recursion stays shallow on hostile input). */
const MAX_DEPTH = 100;

const KINDS: Record<string, SymbolKind> = {
  api: SymbolKind.Module,
  proxy: SymbolKind.Module,
  inboundEndpoint: SymbolKind.Module,
  task: SymbolKind.Module,
  messageStore: SymbolKind.Module,
  messageProcessor: SymbolKind.Module,
  localEntry: SymbolKind.Constant,
  template: SymbolKind.Class,
  resource: SymbolKind.Method,
  target: SymbolKind.Namespace,
  sequence: SymbolKind.Namespace,
  inSequence: SymbolKind.Namespace,
  outSequence: SymbolKind.Namespace,
  faultSequence: SymbolKind.Namespace,
  endpoint: SymbolKind.Interface,
  parameter: SymbolKind.Variable,
  property: SymbolKind.Property,
  variable: SymbolKind.Variable,
  then: SymbolKind.Namespace,
  else: SymbolKind.Namespace,
  case: SymbolKind.Namespace,
  default: SymbolKind.Namespace,
};

/** The label of an element in the outline: what a user would call it. */
export function symbolLabel(el: XmlElement): { name: string; detail?: string } {
  const name = attrValue(el, 'name') ?? attrValue(el, 'key');
  switch (el.local) {
    case 'resource': {
      const methods = attrValue(el, 'methods') ?? '';
      const path = attrValue(el, 'uri-template') ?? attrValue(el, 'url-mapping') ?? '/';
      return { name: `${methods ? methods + ' ' : ''}${path}` };
    }
    case 'api':
      return { name: name ?? 'api', detail: attrValue(el, 'context') };
    case 'case':
      return { name: 'case', detail: attrValue(el, 'regex') };
    case 'call-template':
      return { name: 'call-template', detail: attrValue(el, 'target') };
    case 'log':
      return { name: 'log', detail: attrValue(el, 'category') ?? attrValue(el, 'level') };
  }
  if (el.parent === undefined) return { name: name ?? el.local, detail: el.local };
  return { name: el.local, detail: name ?? attrValue(el, 'description') };
}

export function documentSymbols(doc: XmlDocument, lines: LineIndex): DocumentSymbol[] {
  let count = 0;
  const build = (el: XmlElement, depth: number): DocumentSymbol => {
    count++;
    const { name, detail } = symbolLabel(el);
    const children: DocumentSymbol[] = [];
    if (depth < MAX_DEPTH) {
      for (const c of childElements(el)) {
        if (count >= MAX_SYMBOLS) break;
        children.push(build(c, depth + 1));
      }
    }
    const sym: DocumentSymbol = {
      name: name || el.local || '?',
      kind: KINDS[el.local] ?? (el.parent ? SymbolKind.Function : SymbolKind.Module),
      range: toRange(lines, el.span),
      selectionRange: toRange(lines, el.nameSpan),
      children,
    };
    if (detail) sym.detail = detail;
    return sym;
  };
  return doc.root ? [build(doc.root, 0)] : [];
}
