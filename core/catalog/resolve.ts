/**
 * The context resolver: which declaration applies to an element of a parsed document, found by walking from the
 * root (artifact root -> child declarations -> mediator lists -> mediator declarations -> their children ...).
 *
 * Results are cached on each element (its catalogResolution field), so resolving every element of a tree is linear, and resolving the
 * element under the cursor after an edit costs one walk up its ancestors.
 */
import type { XmlAttribute, XmlElement, XmlNode } from '../xml/types';
import {
  ARTIFACTS,
  DEFINITIONS,
  ENDPOINT_TEMPLATE,
  OTHER_ROOTS,
  SEQUENCE_TEMPLATE,
  TEMPLATE_ANY,
} from './artifacts';
import { COMMON_MEDIATOR_ATTRIBUTES } from './build';
import { ENDPOINT_BODY } from './endpoints';
import { MEDIATORS, connectorOperationDecl, isConnectorOperation } from './mediators';
import type {
  ArtifactDecl,
  AttributeDecl,
  ChildDecl,
  ConditionalRule,
  ElementDecl,
  MediatorDecl,
} from './types';

export { COMMON_MEDIATOR_ATTRIBUTES, isConnectorOperation };

/** The Synapse configuration namespace. */
export const SYNAPSE_NS = 'http://ws.apache.org/ns/synapse';

// ---------------------------------------------------------------- lookup tables

const mediatorByName = new Map<string, MediatorDecl>();
for (const m of MEDIATORS) mediatorByName.set(m.name, m);
const MEDIATOR_SET = new Set<ElementDecl>(MEDIATORS);
const MEDIATOR_NAMES: readonly string[] = Object.freeze(MEDIATORS.map((m) => m.name));

const artifactsByRoot = new Map<string, ArtifactDecl[]>();
for (const a of ARTIFACTS) {
  const l = artifactsByRoot.get(a.root);
  if (l) l.push(a);
  else artifactsByRoot.set(a.root, [a]);
}
const artifactsByFolder = new Map<string, ArtifactDecl>();
for (const a of ARTIFACTS)
  for (const f of a.folders) if (!artifactsByFolder.has(f)) artifactsByFolder.set(f, a);
const artifactsByKind = new Map<string, ArtifactDecl>();
for (const a of ARTIFACTS) artifactsByKind.set(a.kind, a);

/** Every mediator name (catalogue order). The array is shared: do not modify it. */
export function mediatorNames(): readonly string[] {
  return MEDIATOR_NAMES;
}

/** Every mediator declaration (catalogue order). Shared: do not modify. */
export function allMediators(): readonly MediatorDecl[] {
  return MEDIATORS;
}

/**
 * The declaration of a mediator by local name: a catalogued mediator, or the generic declaration of a connector
 * operation (`<name.operation>`). undefined when neither.
 */
export function getMediator(local: string): MediatorDecl | undefined {
  return (
    mediatorByName.get(local) ?? (isConnectorOperation(local) ? connectorOperationDecl(local) : undefined)
  );
}

/** Every artifact declaration. Shared: do not modify. */
export function artifactDecls(): readonly ArtifactDecl[] {
  return ARTIFACTS;
}

/** The artifact declaration of a kind. */
export function artifactByKind(kind: string): ArtifactDecl | undefined {
  return artifactsByKind.get(kind);
}

/**
 * The artifact kind a project folder holds (MI layout `artifacts/<folder>` or Integration Studio
 * `synapse-config/<folder>`). `templates` holds both template kinds: this returns the sequence template; classify
 * each file by its root with `artifactForRoot`.
 */
export function artifactForFolder(folder: string): ArtifactDecl | undefined {
  return artifactsByFolder.get(folder);
}

/**
 * The artifact a root element declares, or undefined when the element is no artifact root (note `definitions`,
 * a whole synapse.xml, is not an artifact: see `isDefinitionsRoot`). A `template` is an endpoint template when it
 * has an `<endpoint>` child, otherwise a sequence template.
 */
export function artifactForRoot(root: XmlElement): ArtifactDecl | undefined {
  const list = artifactsByRoot.get(root.local);
  if (!list) return undefined;
  if (list.length === 1) return list[0];
  // template: decided by its child
  let kind: 'sequenceTemplate' | 'endpointTemplate' = 'sequenceTemplate';
  for (const c of root.children) {
    if (c.kind !== 'element') continue;
    if (c.local === 'endpoint') {
      kind = 'endpointTemplate';
      break;
    }
    if (c.local === 'sequence') break;
  }
  return artifactsByKind.get(kind);
}

/** Same as `artifactForRoot`: which artifact a document's root declares. */
export const classifyDocument = artifactForRoot;

/** Whether the root is `<definitions>` (a whole Synapse configuration). */
export function isDefinitionsRoot(root: XmlElement): boolean {
  return root.local === 'definitions';
}

const otherRoots = new Map(OTHER_ROOTS.map((d) => [d.name, d]));
/**
 * The declaration of a Synapse configuration root that is no artifact kind: `<definitions>`, `<import>`,
 * `<registry>`, `<priorityExecutor>`, `<eventSource>` (undefined for anything else). Such roots resolve as 'known'
 * with no `artifact`.
 */
export function configRootDecl(root: XmlElement): ElementDecl | undefined {
  return root.local === 'definitions' ? DEFINITIONS : otherRoots.get(root.local);
}

// ---------------------------------------------------------------- resolution

export type ResolutionStatus =
  /** The element is declared at its place. */
  | 'known'
  /** Not declared at this place (a catalog gap or a user error). */
  | 'unknown'
  /** Inside free content (payload template, inline XML, connector parameters): nothing is checked. */
  | 'free'
  /** Below an unknown element: not resolved (the unknown ancestor is what to report). */
  | 'orphan';

export interface Resolution {
  status: ResolutionStatus;
  /** The declaration that applies (for a mediator: its declaration, or the chosen variant). */
  decl: ElementDecl | undefined;
  /** Set when the element is a mediator (incl. connector operations). */
  mediator: MediatorDecl | undefined;
  /** A connector operation `<connector.operation>`. */
  connectorOperation: boolean;
  /** For the root element: the artifact it declares. */
  artifact: ArtifactDecl | undefined;
  /** The element is in a namespace other than the one expected here (Synapse's, or none for .dbs/tests). */
  wrongNamespace: boolean;
}

const FREE: Resolution = Object.freeze({
  status: 'free',
  decl: undefined,
  mediator: undefined,
  connectorOperation: false,
  artifact: undefined,
  wrongNamespace: false,
}) as Resolution;
const ORPHAN: Resolution = Object.freeze({ ...FREE, status: 'orphan' }) as Resolution;

/** Roots with no namespace (data services, unit tests, mock services). */
const NO_NS_ROOTS = new Set(['data', 'unit-test', 'mock-service']);

/** Named-child index per declaration (built once per declaration, on first use). */
const childIndex = new WeakMap<ElementDecl, Map<string, ChildDecl>>();
function childMap(decl: ElementDecl): Map<string, ChildDecl> | undefined {
  if (!Array.isArray(decl.content)) return undefined;
  let m = childIndex.get(decl);
  if (!m) {
    m = new Map();
    for (const c of decl.content) if (!m.has(c.name)) m.set(c.name, c);
    childIndex.set(decl, m);
  }
  return m;
}

const ENDPOINT_BODY_MAP = new Map(ENDPOINT_BODY.map((c) => [c.name, c]));

/** The named child slot `local` of a declaration (undefined when not declared there). */
export function childDecl(decl: ElementDecl, local: string): ChildDecl | undefined {
  if (decl.content === 'endpoint') return ENDPOINT_BODY_MAP.get(local);
  return childMap(decl)?.get(local);
}

/** Whether mediators may appear directly inside elements of this declaration. */
export function acceptsMediators(decl: ElementDecl): boolean {
  return decl.content === 'mediators' || decl.mediators === true;
}

/** Picks a mediator's variant by the attributes present on the element (e.g. foreach v1 or v2). */
export function mediatorVariant(decl: MediatorDecl, el: XmlElement): MediatorDecl {
  if (!decl.variants) return decl;
  for (const v of decl.variants) {
    for (const a of el.attributes) {
      if (v.whenAttributes.includes(a.name)) return v.decl;
      // compared ignoring case: ForEachMediatorFactory reads continue-without-aggregation with equalsIgnoreCase
      if (v.whenValue && a.name === v.whenValue[0] && a.value.toLowerCase() === v.whenValue[1]) return v.decl;
    }
  }
  return decl;
}

function make(
  status: ResolutionStatus,
  decl: ElementDecl | undefined,
  mediator: MediatorDecl | undefined,
  artifact: ArtifactDecl | undefined,
  wrongNamespace: boolean,
  connectorOperation = false,
): Resolution {
  return { status, decl, mediator, connectorOperation, artifact, wrongNamespace };
}

function resolveRoot(el: XmlElement): Resolution {
  const artifact = artifactForRoot(el);
  if (artifact) {
    // Micro Integrator's deployers hand the root to the artifact factory without checking its namespace (a real
    // inbound endpoint of MI's own tests has none); children are looked up by Synapse QName, so they must have it.
    const wrongNs = NO_NS_ROOTS.has(el.local) ? false : el.ns !== SYNAPSE_NS && el.ns !== '';
    return make('known', artifact.element, undefined, artifact, wrongNs);
  }
  const other = el.local === 'definitions' ? DEFINITIONS : otherRoots.get(el.local);
  if (other) return make('known', other, undefined, undefined, el.ns !== SYNAPSE_NS && el.ns !== '');
  return make('unknown', undefined, undefined, undefined, false);
}

/** The namespace children of an element are expected in. */
function expectedNs(el: XmlElement): string {
  const known = el.catalogChildNs;
  if (known !== undefined) return known;
  let r: XmlElement = el;
  while (r.parent) r = r.parent;
  return NO_NS_ROOTS.has(r.local) ? '' : SYNAPSE_NS;
}

function resolveChild(el: XmlElement, parent: XmlElement, pr: Resolution): Resolution {
  if (pr.status === 'free') return FREE;
  if (pr.status !== 'known' || !pr.decl) return ORPHAN;
  const pd = pr.decl;
  let named = childDecl(pd, el.local);
  let wrongNs = el.ns !== expectedNs(parent);
  if (pd.anyChildAs) {
    // the factory reads every child element as this one, whatever its name or namespace
    named ??= childDecl(pd, pd.anyChildAs);
    wrongNs = false;
  }
  if (named) {
    // A `template` inside <definitions> decides its kind by its own children.
    let d = named.element;
    if (d === TEMPLATE_ANY)
      d = artifactForRoot(el)?.kind === 'endpointTemplate' ? ENDPOINT_TEMPLATE : SEQUENCE_TEMPLATE;
    const m = MEDIATOR_SET.has(d) ? (d as MediatorDecl) : undefined;
    return make('known', m ? mediatorVariant(m, el) : d, m, undefined, wrongNs);
  }
  if (acceptsMediators(pd)) {
    const m = mediatorByName.get(el.local);
    if (m) {
      if (pd.excludeMediators?.includes(el.local))
        return make('unknown', undefined, undefined, undefined, wrongNs);
      return make('known', mediatorVariant(m, el), m, undefined, wrongNs);
    }
    if (isConnectorOperation(el.local)) {
      const c = connectorOperationDecl(el.local);
      return make('known', c, c, undefined, wrongNs, true);
    }
  }
  if (pd.content === 'any' || pd.openContent) return FREE;
  return make('unknown', undefined, undefined, undefined, wrongNs);
}

/** Resolves an element of a parsed document (any depth). */
export function resolveElement(el: XmlElement): Resolution {
  const hit = el.catalogResolution as Resolution | undefined;
  if (hit) return hit;
  // Walk up to the nearest resolved ancestor (or the root), then resolve downwards.
  const chain: XmlElement[] = [];
  let cur: XmlElement | undefined = el;
  while (cur && cur.catalogResolution === undefined) {
    chain.push(cur);
    cur = cur.parent;
  }
  let parentRes = cur ? (cur.catalogResolution as Resolution) : undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const e = chain[i];
    const r = e.parent ? resolveChild(e, e.parent, parentRes!) : resolveRoot(e);
    e.catalogResolution = r;
    e.catalogChildNs = e.parent ? expectedNs(e.parent) : NO_NS_ROOTS.has(e.local) ? '' : SYNAPSE_NS;
    parentRes = r;
  }
  return parentRes!;
}

/** The declaration that applies to an element, or undefined (unknown, free content, or below an unknown element). */
export function declFor(el: XmlElement): ElementDecl | undefined {
  return resolveElement(el).decl;
}

/** Whether the element is a mediator at its place. */
export function isMediatorElement(el: XmlElement): boolean {
  return resolveElement(el).mediator !== undefined;
}

/**
 * Walks the element tree depth-first with the declaration of each element (undefined when unknown or free).
 * Return false from the visitor to skip an element's children.
 */
export function walkWithDecls(
  root: XmlElement,
  visit: (el: XmlElement, decl: ElementDecl | undefined, res: Resolution) => boolean | void,
): void {
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind !== 'element') continue;
    const r = resolveElement(n);
    if (visit(n, r.decl, r) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

// ---------------------------------------------------------------- attributes

/** Whether an attribute is a namespace declaration or in a foreign namespace (never checked). */
export function isForeignAttribute(a: XmlAttribute): boolean {
  return a.name === 'xmlns' || a.prefix !== '';
}

const attrIndex = new WeakMap<ElementDecl, Map<string, AttributeDecl>>();
/** The declaration of an attribute of an element declaration (undefined when not declared). */
export function attributeDecl(decl: ElementDecl, name: string): AttributeDecl | undefined {
  let m = attrIndex.get(decl);
  if (!m) {
    m = new Map();
    for (const a of decl.attributes) m.set(a.name, a);
    attrIndex.set(decl, m);
  }
  return m.get(name);
}

/** Whether an attribute is accepted on an element with this declaration (declared, open, or foreign). */
export function isKnownAttribute(decl: ElementDecl, a: XmlAttribute): boolean {
  return isForeignAttribute(a) || decl.openAttributes === true || attributeDecl(decl, a.name) !== undefined;
}

// ---------------------------------------------------------------- conditional rules

export interface ConditionViolation {
  rule: ConditionalRule;
  /** Required by the rule but absent. */
  missing: string[];
  /** Forbidden by the rule but present. */
  forbidden: string[];
}

/**
 * The declaration's conditional rules that an element breaks (e.g. enrich source type="property" without
 * `property`). An attribute that is absent takes its declared default; dynamic values (`{...}`, `$param`) never
 * match a rule's value.
 */
export function conditionViolations(el: XmlElement, decl: ElementDecl): ConditionViolation[] {
  const rules = decl.conditions;
  if (!rules) return NONE;
  let out: ConditionViolation[] | undefined;
  for (const rule of rules) {
    const [name, value] = rule.when;
    let v: string | undefined;
    for (const a of el.attributes) if (a.name === name) v = a.value;
    const ad = attributeDecl(decl, name);
    if (v === undefined) v = ad?.default;
    else if (ad?.trim) v = v.trim();
    // an attribute MI reads ignoring case (e.g. target="Variable" in the v2 Utils.isTargetVariable) meets the rule
    // whatever its case
    if (v !== value && !(ad?.caseInsensitive && v?.toLowerCase() === value.toLowerCase())) continue;
    const has = (n: string) => el.attributes.some((a) => a.name === n);
    const missing = (rule.require ?? []).filter((n) => !has(n));
    const forbidden = (rule.forbid ?? []).filter(has);
    if (missing.length || forbidden.length) (out ??= []).push({ rule, missing, forbidden });
  }
  return out ?? NONE;
}
const NONE: ConditionViolation[] = [];

// ---------------------------------------------------------------- completion

export interface AllowedChildren {
  /** Named child elements declared here. */
  elements: readonly ChildDecl[];
  /** Mediators allowed here (empty when this is no mediator list). Connector operations are also allowed when non-empty. */
  mediators: readonly MediatorDecl[];
  /** Free content: anything goes (inline XML, payload template). */
  any: boolean;
  /** The element takes text only. */
  text: boolean;
}

const NO_CHILDREN: AllowedChildren = Object.freeze({ elements: [], mediators: [], any: false, text: false });
const ANY_CHILDREN: AllowedChildren = Object.freeze({ elements: [], mediators: [], any: true, text: true });
const allowedCache = new WeakMap<ElementDecl, AllowedChildren>();

/** What may appear inside elements of a declaration. */
export function allowedChildrenOf(decl: ElementDecl): AllowedChildren {
  let a = allowedCache.get(decl);
  if (a) return a;
  const elements =
    decl.content === 'endpoint' ? ENDPOINT_BODY : Array.isArray(decl.content) ? decl.content : [];
  let mediators: readonly MediatorDecl[] = [];
  if (acceptsMediators(decl)) {
    const ex = decl.excludeMediators;
    mediators = ex ? MEDIATORS.filter((m) => !ex.includes(m.name)) : MEDIATORS;
  }
  a = Object.freeze({
    elements,
    mediators,
    any: decl.content === 'any' || decl.openContent === true,
    text: decl.content === 'text' || decl.content === 'any' || decl.text !== undefined,
  });
  allowedCache.set(decl, a);
  return a;
}

/**
 * What may appear inside an element (for completion: "mediators valid at the cursor"). For free content the
 * answer is `any`; below an unknown element nothing is offered. With no element (an empty document), nothing
 * either: offer `artifactDecls()` roots instead.
 */
export function allowedChildren(el: XmlElement | undefined): AllowedChildren {
  if (!el) return NO_CHILDREN;
  const r = resolveElement(el);
  if (r.status === 'free') return ANY_CHILDREN;
  if (!r.decl) return NO_CHILDREN;
  return allowedChildrenOf(r.decl);
}
