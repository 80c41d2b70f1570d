/**
 * The model of one Synapse file: its parsed tree, the artifact it declares (kind, name, ranges) and every reference
 * it makes to other artifacts (sequence keys, endpoint keys, template targets, local entries, message stores,
 * registry resources...). Reference attributes come from the catalog (`ref` on an attribute declaration); a few
 * references that live in parameter/property values (message processors, tasks, inbound endpoints) are read here.
 */
import { parseXml } from '../xml/parse';
import { LineIndex } from '../xml/lines';
import { attr, attrValue, childElements, firstChild, textContent } from '../xml/query';
import type { Span, XmlAttribute, XmlDocument, XmlElement } from '../xml/types';
import type { ArtifactDecl, ArtifactKind, AttributeDecl, ElementDecl, RefKind } from '../catalog/types';
import { artifactDecls, artifactForRoot, walkWithDecls } from '../catalog';
import { scanRootTag } from '../car/scan';

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
  const doc = parseXml(text, { declarationFirst: true });
  // line starts are computed when first asked for (positions of findings, editor features): most files of a
  // validation run have no finding
  let lines: LineIndex | undefined;
  const model: FileModel = {
    path,
    text,
    doc,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    references: [],
    templateParams: [],
  };
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

/** Root names whose artifact kind depends on the children (`template`: sequence or endpoint template). */
let rootsByChildren: Set<string> | undefined;
/** The artifact declared by each root name that decides its kind alone. */
let declByRoot: Map<string, ArtifactDecl> | undefined;

const NO_SPAN: Span = Object.freeze({ start: 0, end: 0 }) as Span;
const EMPTY_LINES = new LineIndex('');

/**
 * A model that carries only the artifact a file declares (no tree, no references, no text): what an index needs to
 * resolve the references of *other* files while those files are parsed and validated one at a time (`synapse
 * validate`), without keeping every parsed tree alive. The root is read from the prolog and the root's start tag
 * (`scanRootTag`, core/car/scan.ts); a document whose head the scan does not accept, or a root whose kind depends on
 * its children (a template: its parameters are checked against call-template), gets the full `analyzeFile` model
 * instead. The symbol's element is the root alone (its attributes, no children, empty spans); its kind, name and file
 * are those `analyzeFile` gives (the parser reads the same root name and attribute values from a head the scan
 * accepts, whatever follows).
 */
export function symbolModel(path: string, text: string): FileModel {
  const s = scanRootTag(text);
  if (!declByRoot || !rootsByChildren) {
    const count = new Map<string, ArtifactDecl[]>();
    for (const a of artifactDecls()) count.set(a.root, [...(count.get(a.root) ?? []), a]);
    declByRoot = new Map();
    rootsByChildren = new Set();
    for (const [root, list] of count) {
      if (list.length === 1) declByRoot.set(root, list[0]);
      else rootsByChildren.add(root);
    }
  }
  if (!s || rootsByChildren.has(s.local)) return analyzeFile(path, text);
  const model: FileModel = {
    path,
    text: '',
    doc: { text: '', children: [], root: undefined, problems: [], hasDoctype: false },
    lines: EMPTY_LINES,
    references: [],
    templateParams: [],
  };
  const decl = declByRoot.get(s.local);
  if (decl) {
    const element: XmlElement = {
      kind: 'element',
      name: s.prefix ? `${s.prefix}:${s.local}` : s.local,
      prefix: s.prefix,
      local: s.local,
      ns: s.ns,
      // the root's attributes (without their places), for checks that compare artifacts (an API's context)
      attributes: [...s.attributes].map(([name, value]) => {
        const colon = name.indexOf(':');
        return {
          name,
          prefix: colon < 0 ? '' : name.slice(0, colon),
          local: colon < 0 ? name : name.slice(colon + 1),
          value,
          raw: value,
          span: NO_SPAN,
          nameSpan: NO_SPAN,
          valueSpan: NO_SPAN,
          quote: '"',
        };
      }),
      children: [],
      parent: undefined,
      span: NO_SPAN,
      startTag: NO_SPAN,
      nameSpan: NO_SPAN,
      endTag: undefined,
      selfClosing: false,
      startTagClosed: true,
      catalogResolution: undefined,
      catalogChildNs: undefined,
    };
    model.artifact = {
      kind: decl.kind,
      name: s.attributes.get(NAME_ATTR[decl.kind] ?? 'name') ?? '',
      nameSpan: NO_SPAN,
      span: NO_SPAN,
      element,
      file: path,
    };
  }
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

/** The attributes of a declaration that reference other artifacts (computed once per declaration). */
const refAttributes = new WeakMap<ElementDecl, AttributeDecl[]>();
function refAttributesOf(decl: ElementDecl): AttributeDecl[] {
  let list = refAttributes.get(decl);
  if (!list) refAttributes.set(decl, (list = decl.attributes.filter((ad) => ad.ref)));
  return list;
}

function collectReferences(root: XmlElement, model: FileModel): void {
  walkWithDecls(root, (el: XmlElement, decl: ElementDecl | undefined) => {
    if (decl) {
      for (const ad of refAttributesOf(decl)) {
        const a = attr(el, ad.name);
        // an iterate/clone <target> with an inline <sequence> runs that one: Synapse's Target.mediate never looks
        // its sequence attribute up (MI's tests write sequence="anon" beside the inline sequence)
        if (a && ad.name === 'sequence' && el.local === 'target' && firstChild(el, 'sequence')) continue;
        if (a) pushRef(model, ad.ref!, a, el);
      }
    }
    // References held in parameter/property values (of the owners VALUE_REFS names)
    if (
      (el.local === 'parameter' || el.local === 'property') &&
      (el.parent?.local === 'messageProcessor' || el.parent?.local === 'task')
    ) {
      const owner = el.parent.local;
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

/** `<owner>/<parameter name>` → what the parameter's value refers to (owners: messageProcessor and task only). */
const VALUE_REFS: Record<string, RefKind> = {
  'messageProcessor/target.endpoint': 'endpoint',
  'messageProcessor/message.processor.reply.sequence': 'sequence',
  'messageProcessor/message.processor.fault.sequence': 'sequence',
  'messageProcessor/message.processor.deactivate.sequence': 'sequence',
  'messageProcessor/sequence': 'sequence', // sampling processor
  'task/sequenceName': 'sequence',
  'task/proxyName': 'proxy',
};
