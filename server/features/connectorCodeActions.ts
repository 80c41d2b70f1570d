/**
 * Quick fixes for the connector findings (core/validate/rules/connectors.ts), from their `data`:
 * - SYN600 an operation the connector lacks: the close operation names (renames the start and end tags);
 * - SYN601 a parameter the operation does not declare: the close parameter names;
 * - SYN602 required parameters left out: adds them as empty child elements, one a line;
 * - SYN603 a configKey naming no connection of the connector: the close connection keys.
 */
import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver';
import type { Finding } from '../../core/diagnostics';
import type { FileModel } from '../../core/project/model';
import { childElements, elementAt, type Span, type XmlElement } from '../../core/xml';
import { pathToUri, toRange } from '../convert';
import { toDiagnostic } from '../diagnostics';
import { renameTagEdits } from './codeActions';

export interface ConnectorActionEnv {
  model: FileModel;
  findings: readonly Finding[];
  version: number | null;
}

const CODES = new Set(['SYN600', 'SYN601', 'SYN602', 'SYN603']);

export function connectorCodeActions(env: ConnectorActionEnv, range: Span): CodeAction[] {
  const { model } = env;
  const out: CodeAction[] = [];
  const uri = pathToUri(model.path);
  const fix = (title: string, f: Finding, edits: TextEdit[], preferred: boolean): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toDiagnostic(f, model.lines)],
    edit: { documentChanges: [{ textDocument: { uri, version: env.version }, edits }] },
    ...(preferred ? { isPreferred: true } : {}),
  });
  for (const f of env.findings) {
    if (!CODES.has(f.code) || f.span.end < range.start || f.span.start > range.end) continue;
    const data = (f.data ?? {}) as Record<string, unknown>;
    const suggestions = Array.isArray(data.suggestions) ? (data.suggestions as string[]).slice(0, 3) : [];
    if (f.code === 'SYN603') {
      for (const s of suggestions)
        out.push(
          fix(
            `Use the connection '${s}'`,
            f,
            [{ range: toRange(model.lines, f.span), newText: s }],
            s === suggestions[0],
          ),
        );
      continue;
    }
    const el = elementAt(model.doc.children, f.span.start);
    if (!el) continue;
    if (f.code === 'SYN600' || f.code === 'SYN601') {
      for (const s of suggestions)
        out.push(fix(`Did you mean <${s}>?`, f, renameTagEdits(model, el, s), s === suggestions[0]));
      continue;
    }
    const missing = Array.isArray(data.missingParams) ? (data.missingParams as string[]) : [];
    const edit = missing.length ? addChildren(model, el, missing) : undefined;
    if (edit) out.push(fix(`Add ${missing.map((p) => `<${p}>`).join(', ')}`, f, [edit], true));
  }
  return out;
}

/** The blanks before an offset on its line (the indentation of what starts there). */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}

/** Adds empty `<p></p>` children at the end of an element, indented as its children are (or one step in). */
function addChildren(model: FileModel, el: XmlElement, names: string[]): TextEdit | undefined {
  const text = model.text;
  const own = indentAt(text, el.span.start);
  const kids = childElements(el);
  const last = kids[kids.length - 1];
  const inner = last
    ? indentAt(text, last.span.start) || own + '  '
    : own + (own.includes('\t') ? '\t' : '  ');
  const lines = names.map((n) => `\n${inner}<${n}></${n}>`).join('');
  if (el.selfClosing) {
    // <x.op a="b"/> -> <x.op a="b">...</x.op>
    const close = el.startTag.end - 2;
    if (text.slice(close, el.startTag.end) !== '/>') return undefined;
    return {
      range: toRange(model.lines, { start: close, end: el.startTag.end }),
      newText: `>${lines}\n${own}</${el.name}>`,
    };
  }
  if (!el.endTag) return undefined;
  // after the last child (or the start tag), before the blanks that lead to the end tag
  const at = last ? last.span.end : el.startTag.end;
  return { range: toRange(model.lines, { start: at, end: at }), newText: lines };
}
