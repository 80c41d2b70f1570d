/**
 * Hover for connectors: on an operation element's name (`<http.get>`, a local entry's `<http.init>`) its description
 * and parameters; on a parameter element's name its description, default and allowed values.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Project } from '../../core/project/discover';
import type { FileModel } from '../../core/project/index';
import type { Span, XmlElement } from '../../core/xml';
import { toRange } from '../convert';
import {
  connectorsOf,
  isOperationElement,
  operationDoc,
  operationOf,
  paramDoc,
  paramsOf,
} from './connectorCompletion';

function nameSpanAt(el: XmlElement, offset: number): Span | undefined {
  if (offset >= el.nameSpan.start && offset <= el.nameSpan.end) return el.nameSpan;
  if (el.endTag && offset >= el.endTag.start + 2 && offset <= el.endTag.end - 1)
    return { start: el.endTag.start + 2, end: el.endTag.end - 1 };
  return undefined;
}

/** The hover for a connector operation or parameter name at `offset` in `el`, or undefined (not one). */
export function connectorHover(
  model: FileModel,
  project: Project | undefined,
  offset: number,
  el: XmlElement,
): Hover | undefined {
  const span = nameSpanAt(el, offset);
  if (!span) return undefined;
  const make = (value: string): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: toRange(model.lines, span),
  });
  if (el.local.indexOf('.') > 0 && isOperationElement(el)) {
    const hit = operationOf(connectorsOf(project), el);
    if (!hit) return undefined;
    if (!hit.operation)
      return make(
        `**${el.local}** — the ${hit.connector.label ?? hit.connector.name} connector has no such operation (known: ${[
          ...hit.connector.operations.values(),
        ]
          .filter((o) => !o.hidden)
          .map((o) => `\`${o.name}\``)
          .join(', ')}).`,
      );
    return make(operationDoc(hit.operation));
  }
  const parent = el.parent;
  if (parent && parent.local.indexOf('.') > 0 && isOperationElement(parent)) {
    const hit = operationOf(connectorsOf(project), parent);
    if (!hit?.operation) return undefined;
    const p = paramsOf(hit.operation).find((q) => q.name === el.local);
    if (p) return make(paramDoc(p, hit.operation));
    if (hit.operation.declared && !(hit.operation.name === 'init' && hit.connector.name === 'http'))
      return make(
        `**${el.local}** — not a parameter of \`<${hit.operation.element}>\` (its template never reads it).`,
      );
  }
  return undefined;
}
