/**
 * Small constructors that keep the catalog declarations short and uniform. Internal to core/catalog.
 */
import type {
  AttrType,
  AttributeDecl,
  ChildDecl,
  ContentDecl,
  ElementDecl,
  MediatorCategory,
  MediatorDecl,
  RefKind,
} from './types';

type AttrExtra = Partial<Omit<AttributeDecl, 'name' | 'type' | 'doc'>>;

/** An attribute. */
export function at(name: string, type: AttrType, doc: string, extra: AttrExtra = {}): AttributeDecl {
  return { name, type, doc, ...extra };
}

/** A required attribute. */
export function req(name: string, type: AttrType, doc: string, extra: AttrExtra = {}): AttributeDecl {
  return { name, type, doc, required: true, ...extra };
}

/** An enum attribute. */
export function en(name: string, values: string[], doc: string, extra: AttrExtra = {}): AttributeDecl {
  return { name, type: 'enum', values, doc, ...extra };
}

/** A boolean attribute with its default. */
export function bool(
  name: string,
  def: string | undefined,
  doc: string,
  extra: AttrExtra = {},
): AttributeDecl {
  return def === undefined
    ? { name, type: 'boolean', doc, ...extra }
    : { name, type: 'boolean', default: def, doc, ...extra };
}

/** A key attribute naming another artifact or resource; dynamic `{expr}` allowed unless said otherwise. */
export function key(name: string, ref: RefKind, doc: string, extra: AttrExtra = {}): AttributeDecl {
  return { name, type: 'key', ref, dynamic: true, doc, ...extra };
}

/** An expression attribute (XPath, json-eval(...) or ${...}). */
export function expr(name: string, doc: string, extra: AttrExtra = {}): AttributeDecl {
  return { name, type: 'expression', doc, ...extra };
}

type ElExtra = Partial<Omit<ElementDecl, 'name' | 'doc' | 'attributes' | 'content'>>;

/**
 * `firstWins` groups are exclusive too (completion leaves their other members out): they join `exclusive`, as the
 * same arrays, and the validator reports them as warnings (MI reads the first one given).
 */
function withFirstWins<T extends { exclusive?: string[][]; firstWins?: string[][] }>(extra: T): T {
  return extra.firstWins ? { ...extra, exclusive: [...(extra.exclusive ?? []), ...extra.firstWins] } : extra;
}

/** An element declaration. */
export function el(
  name: string,
  doc: string,
  attributes: AttributeDecl[],
  content: ContentDecl,
  extra: ElExtra = {},
): ElementDecl {
  return { name, doc, attributes, content, ...withFirstWins(extra) };
}

/** A child slot: 0..1 unless said otherwise. */
export function ch(element: ElementDecl, min = 0, max = 1, lenientMin?: string): ChildDecl {
  return lenientMin
    ? { name: element.name, min, max, element, lenientMin }
    : { name: element.name, min, max, element };
}

/** A child slot that may repeat (0..∞ unless min says otherwise; lenientMin as for ch). */
export function many(element: ElementDecl, min = 0, lenientMin?: string): ChildDecl {
  return lenientMin
    ? { name: element.name, min, max: Infinity, element, lenientMin }
    : { name: element.name, min, max: Infinity, element };
}

/** An element holding only text. */
export function textEl(
  name: string,
  doc: string,
  text: ElementDecl['text'] = 'string',
  attributes: AttributeDecl[] = [],
): ElementDecl {
  return { name, doc, attributes, content: 'text', text };
}

/** Common attributes of every mediator. */
export const COMMON_MEDIATOR_ATTRIBUTES: readonly AttributeDecl[] = Object.freeze([
  at(
    'description',
    'string',
    'A free-text label for the mediator (shown by graphical editors and in logs); no effect on mediation.',
  ),
  // AbstractMediatorFactory.processAuditStatus: only "enable" (compared as written) switches it on, anything else is off
  en('trace', ['enable', 'disable'], 'Message tracing for this mediator: only `enable` switches it on.', {
    default: 'disable',
    lenient: 'reads it as disable (only `enable` switches it on)',
  }),
  en(
    'statistics',
    ['enable', 'disable'],
    'Statistics collection for this mediator: only `enable` switches it on.',
    {
      default: 'disable',
      lenient: 'reads it as disable (only `enable` switches it on)',
    },
  ),
  // processAuditStatus reads traceFilter as well (TRACE_FILTER_ATTRIB_NAME): only "enable" switches it on
  en(
    'traceFilter',
    ['enable', 'disable'],
    'Trace filtering for this mediator: only `enable` switches it on.',
    {
      default: 'disable',
      lenient: 'reads it as disable (only `enable` switches it on)',
    },
  ),
]);

type MedExtra = Partial<
  Omit<MediatorDecl, 'name' | 'doc' | 'attributes' | 'content' | 'category' | 'contentAware'>
>;

/** A mediator declaration; the common mediator attributes are appended. */
export function med(
  name: string,
  category: MediatorCategory,
  contentAware: boolean,
  doc: string,
  attributes: AttributeDecl[],
  content: ContentDecl,
  extra: MedExtra = {},
): MediatorDecl {
  const own = new Set(attributes.map((a) => a.name));
  const all = [...attributes, ...COMMON_MEDIATOR_ATTRIBUTES.filter((a) => !own.has(a.name))];
  return { name, category, contentAware, doc, attributes: all, content, ...withFirstWins(extra) };
}

/** A list of mediators in an anonymous sequence (then, case, onComplete, ...). */
export function mediatorList(
  name: string,
  doc: string,
  attributes: AttributeDecl[] = [],
  extra: ElExtra = {},
): ElementDecl {
  return { name, doc, attributes, content: 'mediators', ...extra };
}

/** The `<property name value|expression>` child shape used by many mediators. */
export function nameValueProperty(doc: string, withExpression: boolean, extra: ElExtra = {}): ElementDecl {
  const attrs = [req('name', 'string', 'The name.'), at('value', 'string', 'A literal value.')];
  if (withExpression) attrs.push(expr('expression', 'An expression computing the value per message.'));
  return el('property', doc, attrs, 'none', {
    // MediatorPropertyFactory reads value first, then expression
    firstWins: withExpression ? [['value', 'expression']] : undefined,
    oneOfRequired: withExpression ? [['value', 'expression']] : undefined,
    ...extra,
  });
}
