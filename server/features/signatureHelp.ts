/** Signature help inside expressions: the function being called at the cursor and which argument is being typed. */
import { MarkupKind, type SignatureHelp } from 'vscode-languageserver';
import { declFor } from '../../core/catalog';
import { functionsFor } from '../../core/expressions';
import type { FileModel } from '../../core/project/index';
import { elementAt } from '../../core/xml';
import { valueSpan } from '../convert';
import { readingOf } from './completion';
import { exprInAttribute, exprInText, type ExprCursor } from './exprContext';

/** The innermost call whose argument list is open at the end of `s`, with the index of the argument typed. */
export function openCall(s: string): { name: string; arg: number } | undefined {
  const stack: { name: string; arg: number }[] = [];
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') {
      let j = i;
      while (j > 0 && /[\w-]/.test(s[j - 1])) j--;
      stack.push({ name: s.slice(j, i), arg: 0 });
    } else if (c === ')') stack.pop();
    else if (c === ',' && stack.length) stack[stack.length - 1].arg++;
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k].name) return stack[k];
  return undefined;
}

export function signatureHelp(model: FileModel, offset: number): SignatureHelp | null {
  const el = elementAt(model.doc.children, offset);
  if (!el) return null;
  const decl = declFor(el);
  let cur: ExprCursor | undefined;
  for (const a of el.attributes) {
    const vs = valueSpan(a, model.text);
    if (a.quote && offset >= vs.start && offset <= vs.end)
      cur = exprInAttribute(el, a, offset, readingOf(decl, a.name), model.text);
  }
  if (!cur && !(offset > el.startTag.start && offset < el.startTag.end)) {
    cur = exprInText(el, model.text, offset, decl?.text === 'expression' || decl?.text === 'xpath');
  }
  if (!cur) return null;
  const call = openCall(cur.text.slice(0, cur.at));
  if (!call) return null;
  const lang = cur.kind === 'synapse' ? 'synapse' : cur.kind === 'jsonpath' ? 'jsonpath' : 'xpath';
  const info = functionsFor(lang).find((f) => f.name === call.name);
  if (!info) return null;
  // parameter labels: the names between the parentheses of the signature
  const open = info.signature.indexOf('(');
  const close = info.signature.lastIndexOf(')');
  const params: [number, number][] = [];
  if (open >= 0 && close > open) {
    const re = /'?[A-Za-z_][\w-]*'?/g;
    const inner = info.signature.slice(open + 1, close);
    let m: RegExpExecArray | null;
    while ((m = re.exec(inner))) params.push([open + 1 + m.index, open + 1 + m.index + m[0].length]);
  }
  return {
    signatures: [
      {
        label: info.signature,
        documentation: { kind: MarkupKind.Markdown, value: info.doc },
        parameters: params.map((p) => ({ label: p })),
      },
    ],
    activeSignature: 0,
    activeParameter: params.length ? Math.min(call.arg, params.length - 1) : 0,
  };
}
