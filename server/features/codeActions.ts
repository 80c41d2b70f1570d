/**
 * Quick fixes driven by the validator's findings and their `data` (core/validate):
 * - SYN200 unresolved key: create the missing sequence/endpoint/template/local entry/message store file (CreateFile +
 *   content), or use a close existing name;
 * - SYN102/SYN112 missing required attributes: add them with a valid default (SYN112: or remove a forbidden one);
 * - SYN109 none of a one-of group: add one of the alternatives;
 * - SYN106 missing required child: add it (with its own required attributes and children);
 * - SYN100/SYN101 unknown element/attribute: "did you mean" (renames the start and end tag, or the attribute);
 * - SYN103/SYN104 bad value: the suggested value;
 * - SYN108 exclusive attributes: remove the second one;
 * - SYN300 unreachable mediators: remove them;
 * - SYN001 missing namespace: add the Synapse namespace;
 * - SYN202 file name differs from the artifact name: rename the file;
 * - SYN502 SOAP header without a prefix: make it a transport header.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CodeActionKind, type CodeAction, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import {
  artifactByKind,
  attributeDecl,
  childDecl,
  declFor,
  SYNAPSE_NS,
  type ArtifactKind,
} from '../../core/catalog';
import type { Finding } from '../../core/diagnostics';
import type { Project } from '../../core/project/discover';
import type { FileModel, ProjectIndex } from '../../core/project/index';
import { elementAt, escapeXmlAttr, type Span, type XmlElement } from '../../core/xml';
import { pathToUri, toRange } from '../convert';
import { toDiagnostic } from '../diagnostics';
import { defaultValue, elementSnippet, expandSnippet } from './snippets';

export interface ActionEnv {
  model: FileModel;
  index: ProjectIndex;
  project: Project | undefined;
  findings: Finding[];
  version: number | null;
}

const REF_TO_KIND: Record<string, ArtifactKind | undefined> = {
  sequence: 'sequence',
  endpoint: 'endpoint',
  template: 'sequenceTemplate',
  sequenceTemplate: 'sequenceTemplate',
  endpointTemplate: 'endpointTemplate',
  localEntry: 'localEntry',
  resource: 'localEntry',
  messageStore: 'messageStore',
};

export function codeActions(env: ActionEnv, range: Span): CodeAction[] {
  const { model } = env;
  const out: CodeAction[] = [];
  const uri = pathToUri(model.path);
  const textEdit = (edits: TextEdit[]): WorkspaceEdit => ({
    documentChanges: [{ textDocument: { uri, version: env.version }, edits }],
  });
  const fix = (title: string, f: Finding, edit: WorkspaceEdit, preferred = false): CodeAction => {
    const a: CodeAction = {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(f, model.lines)],
      edit,
    };
    if (preferred) a.isPreferred = true;
    return a;
  };
  for (const f of env.findings) {
    if (f.span.end < range.start || f.span.start > range.end) continue;
    const data = (f.data ?? {}) as Record<string, unknown>;
    const suggestions = Array.isArray(data.suggestions) ? (data.suggestions as string[]) : [];
    switch (f.code) {
      case 'SYN200': {
        const key = String(data.key ?? model.text.slice(f.span.start, f.span.end));
        const create = createArtifactAction(env, String(data.refKind ?? ''), key);
        if (create) out.push(fix(create.title, f, create.edit, suggestions.length === 0));
        for (const s of suggestions)
          out.push(
            fix(`Use '${s}'`, f, textEdit([{ range: toRange(model.lines, f.span), newText: s }]), true),
          );
        break;
      }
      case 'SYN102':
      case 'SYN112':
      case 'SYN109': {
        const el = elementAt(model.doc.children, f.span.start);
        if (!el) break;
        const decl = declFor(el);
        const attrText = (n: string) => {
          const d = decl ? attributeDecl(decl, n) : undefined;
          const v = d ? defaultValue(d, { keysFor: (r) => env.index.keysFor(r as never) }) : '';
          return ` ${n}="${escapeXmlAttr(v)}"`;
        };
        const at = insertPoint(model.text, el);
        const insert = (names: string[], preferred: boolean) =>
          out.push(
            fix(
              `Add ${names.map((m) => `'${m}'`).join(' and ')}`,
              f,
              textEdit([
                {
                  range: toRange(model.lines, { start: at, end: at }),
                  newText: names.map(attrText).join(''),
                },
              ]),
              preferred,
            ),
          );
        const missing = Array.isArray(data.missing) ? (data.missing as string[]) : [];
        if (missing.length) insert(missing, true);
        // one of a group (SYN109): each alternative is a fix
        if (Array.isArray(data.oneOf))
          for (const alt of data.oneOf as string[]) insert([alt], alt === data.oneOf[0]);
        // an attribute not allowed in this configuration (SYN112)
        const a =
          typeof data.remove === 'string' ? el.attributes.find((x) => x.name === data.remove) : undefined;
        if (a)
          out.push(fix(`Remove '${a.name}'`, f, textEdit([removeAttribute(model.text, a, model)]), true));
        break;
      }
      case 'SYN106': {
        const el = elementAt(model.doc.children, f.span.start);
        const child = typeof data.missingChild === 'string' ? data.missingChild : undefined;
        const decl = el && declFor(el);
        const cd = decl && child ? childDecl(decl, child) : undefined;
        if (!el || !cd) break;
        const lineStart = model.text.lastIndexOf('\n', el.span.start - 1) + 1;
        const indent = /^[ \t]*/.exec(model.text.slice(lineStart))![0];
        const unit = indent.includes('\t') ? '\t' : '    ';
        const snippet = expandSnippet(
          elementSnippet(cd.name, cd.element, { keysFor: (r) => env.index.keysFor(r as never) }),
        );
        const block = ('<' + snippet)
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => indent + unit + l.replace(/\t/g, unit).replace(/\s+$/, ''))
          .join('\n');
        let edit: TextEdit;
        if (el.selfClosing) {
          // <x .../> becomes <x ...> child </x>
          let close = el.startTag.end - 2;
          while (close > el.nameSpan.end && /\s/.test(model.text[close - 1])) close--;
          edit = {
            range: toRange(model.lines, { start: close, end: el.startTag.end }),
            newText: `>\n${block}\n${indent}</${el.name}>`,
          };
        } else if (el.endTag) {
          let at = el.endTag.start;
          while (at > el.startTag.end && /[ \t]/.test(model.text[at - 1])) at--;
          edit =
            model.text[at - 1] === '\n'
              ? { range: toRange(model.lines, { start: at, end: at }), newText: `${block}\n` }
              : {
                  range: toRange(model.lines, { start: el.endTag.start, end: el.endTag.start }),
                  newText: `\n${block}\n${indent}`,
                };
        } else break;
        out.push(fix(`Add a <${cd.name}> child`, f, textEdit([edit]), true));
        break;
      }
      case 'SYN100': {
        const el = elementAt(model.doc.children, f.span.start);
        if (!el) break;
        for (const s of suggestions)
          out.push(
            fix(`Did you mean <${s}>?`, f, textEdit(renameTagEdits(model, el, s)), s === suggestions[0]),
          );
        break;
      }
      case 'SYN101':
      case 'SYN103':
      case 'SYN104': {
        for (const s of suggestions) {
          const title = f.code === 'SYN101' ? `Did you mean '${s}'?` : `Change to '${s}'`;
          out.push(
            fix(
              title,
              f,
              textEdit([{ range: toRange(model.lines, f.span), newText: s }]),
              s === suggestions[0],
            ),
          );
        }
        break;
      }
      case 'SYN108': {
        const el = elementAt(model.doc.children, f.span.start);
        const a = el?.attributes.find((x) => x.name === data.remove);
        if (!a) break;
        let start = a.span.start;
        while (start > 0 && /[ \t]/.test(model.text[start - 1])) start--;
        out.push(
          fix(
            `Remove '${a.name}'`,
            f,
            textEdit([{ range: toRange(model.lines, { start, end: a.span.end }), newText: '' }]),
          ),
        );
        break;
      }
      case 'SYN300': {
        const s = Number(data.removeStart);
        const e = Number(data.removeEnd);
        if (!Number.isFinite(s) || !Number.isFinite(e)) break;
        const span = wholeLines(model.text, s, e);
        out.push(
          fix(
            'Remove the unreachable mediators',
            f,
            textEdit([{ range: toRange(model.lines, span), newText: '' }]),
            true,
          ),
        );
        break;
      }
      case 'SYN202': {
        const expected = typeof data.expectedFile === 'string' ? data.expectedFile : undefined;
        if (!expected || !/^[\w.-]+$/.test(expected)) break;
        const target = join(dirname(model.path), expected);
        if (existsSync(target)) break;
        out.push(
          fix(
            `Rename the file to '${expected}'`,
            f,
            { documentChanges: [{ kind: 'rename', oldUri: uri, newUri: pathToUri(target) }] },
            true,
          ),
        );
        break;
      }
      case 'SYN502': {
        if (data.suggestScope !== 'transport') break;
        const el = elementAt(model.doc.children, f.span.start);
        if (!el) break;
        const scope = el.attributes.find((a) => a.name === 'scope');
        const edit: TextEdit = scope
          ? { range: toRange(model.lines, scope.valueSpan), newText: 'transport' }
          : {
              range: toRange(model.lines, {
                start: insertPoint(model.text, el),
                end: insertPoint(model.text, el),
              }),
              newText: ' scope="transport"',
            };
        out.push(fix('Make it an HTTP (transport) header', f, textEdit([edit])));
        break;
      }
      case 'XML_DECLARATION_NOT_FIRST': {
        // only blank space (after a byte-order mark, which may stay) before the declaration: MI's parser refuses it,
        // taking it away is the whole fix
        const from = model.text.charCodeAt(0) === 0xfeff ? 1 : 0;
        const before = model.text.slice(from, f.span.start);
        if (before === '' || before.trim() !== '') break;
        out.push(
          fix(
            'Remove the blank space before the XML declaration',
            f,
            textEdit([{ range: toRange(model.lines, { start: from, end: f.span.start }), newText: '' }]),
            true,
          ),
        );
        break;
      }
      case 'SYN001': {
        const root = model.doc.root;
        if (!root || root.attributes.some((a) => a.name === 'xmlns')) break;
        const at = root.nameSpan.end;
        out.push(
          fix(
            'Add the Synapse namespace',
            f,
            textEdit([
              { range: toRange(model.lines, { start: at, end: at }), newText: ` xmlns="${SYNAPSE_NS}"` },
            ]),
            true,
          ),
        );
        break;
      }
    }
  }
  return out;
}

function removeAttribute(text: string, a: { span: Span }, model: FileModel): TextEdit {
  let start = a.span.start;
  while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
  return { range: toRange(model.lines, { start, end: a.span.end }), newText: '' };
}

/** Where new attributes go: before `/>` or `>` of the start tag (or at its end when unclosed). */
function insertPoint(text: string, el: XmlElement): number {
  if (!el.startTagClosed) return el.startTag.end;
  let at = el.startTag.end - (el.selfClosing ? 2 : 1);
  while (at > el.nameSpan.end && /\s/.test(text[at - 1])) at--;
  return at;
}

/** Extends [s, e) to whole lines when only whitespace surrounds it on its first and last lines. */
function wholeLines(text: string, s: number, e: number): Span {
  let start = s;
  while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
  let end = e;
  while (end < text.length && /[ \t]/.test(text[end])) end++;
  if (
    (start === 0 || text[start - 1] === '\n') &&
    (text[end] === '\n' || text[end] === '\r' || end === text.length)
  ) {
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { start, end };
  }
  return { start: s, end: e };
}

/** The content of a new artifact file of a kind (a minimal configuration the validator accepts). */
export function newArtifactContent(kind: ArtifactKind, name: string): string | undefined {
  const ns = `xmlns="${SYNAPSE_NS}"`;
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  switch (kind) {
    case 'sequence':
      return `${head}<sequence ${ns} name="${name}">\n    <log level="simple"/>\n</sequence>\n`;
    case 'endpoint':
      return `${head}<endpoint ${ns} name="${name}">\n    <http method="get" uri-template="http://localhost:8080/"/>\n</endpoint>\n`;
    case 'sequenceTemplate':
      return `${head}<template ${ns} name="${name}">\n    <sequence>\n        <log level="simple"/>\n    </sequence>\n</template>\n`;
    case 'endpointTemplate':
      return `${head}<template ${ns} name="${name}">\n    <parameter name="uri"/>\n    <endpoint name="$name">\n        <http method="get" uri-template="$uri"/>\n    </endpoint>\n</template>\n`;
    case 'localEntry':
      return `${head}<localEntry ${ns} key="${name}">value</localEntry>\n`;
    case 'messageStore':
      return `${head}<messageStore ${ns} name="${name}"/>\n`;
  }
  return undefined;
}

const SAFE_NAME = /^[\w.-]+$/;

function createArtifactAction(
  env: ActionEnv,
  refKind: string,
  key: string,
): { title: string; edit: WorkspaceEdit } | undefined {
  const kind = REF_TO_KIND[refKind];
  const project = env.project;
  if (!kind || !project || !SAFE_NAME.test(key)) return undefined;
  const content = newArtifactContent(kind, key);
  const decl = artifactByKind(kind);
  if (!content || !decl) return undefined;
  const base = project.artifactDirs[0] ?? dirname(env.model.path);
  const folder = decl.folders.find((f) => existsSync(join(base, f))) ?? decl.folders[0];
  const file =
    project.layout === 'bare'
      ? join(dirname(env.model.path), `${key}.xml`)
      : join(base, folder, `${key}.xml`);
  if (existsSync(file)) return undefined;
  const uri = pathToUri(file);
  const label: Partial<Record<ArtifactKind, string>> = {
    sequence: 'sequence',
    endpoint: 'endpoint',
    sequenceTemplate: 'sequence template',
    endpointTemplate: 'endpoint template',
    localEntry: 'local entry',
    messageStore: 'message store',
  };
  return {
    title: `Create ${label[kind]} '${key}' (${project.layout === 'bare' ? '' : folder + '/'}${key}.xml)`,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        {
          textDocument: { uri, version: null },
          edits: [
            { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content },
          ],
        },
      ],
    },
  };
}

/** Renames an element's start and end tag to `local`, keeping its prefix (the SYN100 and connector quick fixes). */
export function renameTagEdits(model: FileModel, el: XmlElement, local: string): TextEdit[] {
  const name = el.prefix ? `${el.prefix}:${local}` : local;
  const edits: TextEdit[] = [{ range: toRange(model.lines, el.nameSpan), newText: name }];
  if (el.endTag)
    edits.push({
      range: toRange(model.lines, { start: el.endTag.start + 2, end: el.endTag.start + 2 + el.name.length }),
      newText: name,
    });
  return edits;
}
