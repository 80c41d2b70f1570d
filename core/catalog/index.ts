/**
 * The Synapse catalog: one declaration per element (artifact roots, mediators and their sub-elements), read by the
 * validator, the language server (completion, hover) and the runtime (names, defaults).
 *
 * How to use it
 * -------------
 * - Which artifact a file declares: `artifactForRoot(doc.root)` (alias `classifyDocument`) -> ArtifactDecl
 *   { kind, root, folders, carType, element, doc } or undefined. A `<template>` is an endpoint template when it has
 *   an `<endpoint>` child, otherwise a sequence template. `<definitions>` (a whole synapse.xml), `<import>`,
 *   `<registry>`, `<priorityExecutor>` and `<eventSource>` are no artifact kinds: `configRootDecl(root)`,
 *   `isDefinitionsRoot(root)`; their elements still resolve (status 'known', no `artifact`).
 * - What an element is: `resolveElement(el)` -> Resolution { status: 'known' | 'unknown' | 'free' | 'orphan', decl,
 *   mediator, connectorOperation, artifact (root only), wrongNamespace }. 'free' = inside free content (payload
 *   template, inline XML, connector parameters: do not check); 'orphan' = below an unknown element (report only the
 *   unknown ancestor). Cached per element; `declFor(el)`, `isMediatorElement(el)` are shortcuts;
 *   `walkWithDecls(root, (el, decl, res) => ...)` walks a tree with declarations.
 * - Attributes: `attributeDecl(decl, name)`, `isKnownAttribute(decl, xmlAttr)` (xmlns and prefixed attributes are
 *   never checked; `openAttributes` accepts anything). Mediators carry `COMMON_MEDIATOR_ATTRIBUTES` (description,
 *   trace, statistics) in their `attributes`.
 * - Rules in a declaration (types.ts): attribute `required`, `type`, `values`/`caseInsensitive`/`valueDocs`, `default`, `ref`
 *   (what a key names), `dynamic` ({expr} allowed); element `exclusive`, `oneOfRequired` (+ `oneOfRequiredUnless`),
 *   `requires` ([a, b]: a needs b), `conditions` (rules by attribute value; `conditionViolations(el, decl)` checks
 *   them), child `min`/`max`, `content` ('mediators' | 'any' | 'none' | 'text' | ChildDecl[],
 *   plus `mediators: true` when mediators may sit among named children), `excludeMediators`, `deprecated`, `since`.
 * - Completion: `allowedChildren(el)` -> { elements (named ChildDecls), mediators (MediatorDecls valid here;
 *   connector operations too when non-empty), any, text }; `allowedChildrenOf(decl)` for a declaration.
 * - Mediators: `mediatorNames()`, `allMediators()`, `getMediator(local)` (catalogued or a connector operation),
 *   `isConnectorOperation(local)` (`name.operation`), `mediatorVariant(decl, el)` (foreach v1/v2). MediatorDecl adds
 *   category, terminal, contentAware (+ contentAwareByConfig), since, deprecated, variants.
 * - Artifacts: `artifactDecls()`, `artifactByKind(kind)`, `artifactForFolder(folder)` (MI `artifacts/<folder>` and
 *   Integration Studio `synapse-config/<folder>` names).
 * - `SYNAPSE_NS` = 'http://ws.apache.org/ns/synapse'.
 * All returned arrays and declarations are shared: never modify them. Resolutions are cached per XmlElement: parse
 * again rather than mutating a tree in place.
 *
 * Facts: shared/reference/*.md, checked against the Synapse mediator factories and the MI 4.4 schemas; the catalog
 * resolves every element and attribute of the shared corpus (test/catalog/corpus.test.ts) and of about 2,400 public
 * MI configurations (checked once with test/catalog/unknowns.ts; only deliberately broken test files had unknowns).
 */
export * from './types';
export {
  SYNAPSE_NS,
  COMMON_MEDIATOR_ATTRIBUTES,
  mediatorNames,
  allMediators,
  getMediator,
  isConnectorOperation,
  artifactDecls,
  artifactByKind,
  artifactForFolder,
  artifactForRoot,
  classifyDocument,
  isDefinitionsRoot,
  configRootDecl,
  resolveElement,
  declFor,
  isMediatorElement,
  walkWithDecls,
  childDecl,
  acceptsMediators,
  mediatorVariant,
  attributeDecl,
  isKnownAttribute,
  isForeignAttribute,
  allowedChildren,
  allowedChildrenOf,
  conditionViolations,
} from './resolve';
export type { Resolution, ResolutionStatus, AllowedChildren, ConditionViolation } from './resolve';
export { connectorOperationDecl, PROPERTY_SCOPES, PROPERTY_TYPES, VARIABLE_TYPES } from './mediators';
export { ENDPOINT_TYPES } from './endpoints';
export { DEFINITIONS, OTHER_ROOTS } from './artifacts';
export { knownParameters, parameterOwner, type ParameterDoc } from './parameters';
