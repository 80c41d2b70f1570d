/**
 * The model of one Synapse file: its parsed tree, the artifact it declares (kind, name, ranges) and every reference
 * it makes to other artifacts (sequence keys, endpoint keys, template targets, local entries, message stores,
 * registry resources...). Reference attributes come from the catalog (`ref` on an attribute declaration); a few
 * references that live in parameter/property values (message processors, tasks, inbound endpoints) are read here.
 */
import { parseXml } from '../xml/parse';
import { LineIndex } from '../xml/lines';
import { attr, attrValue, childElements, textContent } from '../xml/query';
import type { Span, XmlAttribute, XmlDocument, XmlElement } from '../xml/types';
import type { ArtifactKind, ElementDecl, RefKind } from '../catalog/types';
import { artifactForRoot, walkWithDecls } from '../catalog';

export interface ArtifactSymbol {
  kind: ArtifactKind;
  name: string;
  /** The span of the name's value (for rename and go to definition); the root's name span when unnamed. */
  nameSpan: Span;
  span: Span;
  element: XmlElement;
  file: string;
}

export interface Reference {
  refKind: RefKind;
  key: string;
  /** Span of the key's text (the attribute value or the element text). */
  span: Span;
  element: XmlElement;
  attrName?: string;
  /** A `{...}` dynamic key: never resolved statically. */
  dynamic: boolean;
}

export interface FileModel {
  path: string;
  text: string;
  doc: XmlDocument;
  lines: LineIndex;
  artifact?: ArtifactSymbol;
  references: Reference[];
  /** Local names declared inside the artifact (template parameters, API resources), for completion and checks. */
  templateParams: string[];
}

const NAME_ATTR: Partial<Record<ArtifactKind, string>> = { localEntry: 'key' };

export function analyzeFile(path: string, text: string): FileModel {
  const doc = parseXml(text);
  const lines = new LineIndex(text);
  const model: FileModel = { path, text, doc, lines, references: [], templateParams: [] };
  const root = doc.root;
  if (!root) return model;
  const decl = artifactForRoot(root);
  if (decl) {
    const nameAttr = attr(root, NAME_ATTR[decl.kind] ?? 'name');
    const name = nameAttr?.value ?? '';
    model.artifact = {
      kind: decl.kind,
      name,
      nameSpan: nameAttr ? nameAttr.valueSpan : root.nameSpan,
      span: root.span,
      element: root,
      file: path,
    };
    if (decl.kind === 'sequenceTemplate' || decl.kind === 'endpointTemplate') {
      for (const p of childElements(root))
        if (p.local === 'parameter') model.templateParams.push(attrValue(p, 'name') ?? '');
    }
  }
  collectReferences(root, model);
  return model;
}

function pushRef(
  model: FileModel,
  refKind: RefKind,
  a: XmlAttribute | undefined,
  el: XmlElement,
  value?: string,
  span?: Span,
) {
  const key = (value ?? a?.value ?? '').trim();
  if (!key) return;
  const dynamic = key.startsWith('{') && key.endsWith('}') && !key.startsWith('{{');
  const s = span ?? a!.valueSpan;
  model.references.push({ refKind, key, span: s, element: el, attrName: a?.name, dynamic });
}

function collectReferences(root: XmlElement, model: FileModel): void {
  walkWithDecls(root, (el: XmlElement, decl: ElementDecl | undefined) => {
    if (decl) {
      for (const ad of decl.attributes) {
        if (!ad.ref) continue;
        const a = attr(el, ad.name);
        if (a) pushRef(model, ad.ref, a, el);
      }
    }
    // References held in parameter/property values
    if (el.local === 'parameter' || el.local === 'property') {
      const owner = el.parent?.local;
      const pname = attrValue(el, 'name') ?? '';
      const kind = VALUE_REFS[`${owner}/${pname}`];
      if (kind) {
        const a = attr(el, 'value');
        if (a) pushRef(model, kind, a, el);
        else {
          const t = textContent(el);
          const first = el.children.find((c) => c.kind === 'text' || c.kind === 'cdata');
          if (first && t.trim()) {
            const lead = t.length - t.trimStart().length;
            pushRef(model, kind, undefined, el, t, {
              start: first.span.start + lead,
              end: first.span.start + lead + t.trim().length,
            });
          }
        }
      }
    }
  });
}

/** `<owner>/<parameter name>` → what the parameter's value refers to. */
const VALUE_REFS: Record<string, RefKind> = {
  'messageProcessor/target.endpoint': 'endpoint',
  'messageProcessor/message.processor.reply.sequence': 'sequence',
  'messageProcessor/message.processor.fault.sequence': 'sequence',
  'messageProcessor/message.processor.deactivate.sequence': 'sequence',
  'messageProcessor/sequence': 'sequence', // sampling processor
  'task/sequenceName': 'sequence',
  'task/proxyName': 'proxy',
};
