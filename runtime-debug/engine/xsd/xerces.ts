/**
 * Micro Integrator validates with the JDK's Xerces and puts its messages in ERROR_MESSAGE (every error the
 * validator reported, each followed by a newline). We validate with libxml2, whose messages say the same things in
 * other words: this module rewrites each libxml2 schema-validity error as the Xerces message for the same rule
 * (`cvc-...` keys of Xerces' XMLSchemaMessages). A datatype or facet failure is two Xerces errors (the value against
 * its type, then the element or attribute as a whole), as Xerces reports it. A message with no known equivalent
 * keeps libxml2's words with the element written as Xerces writes it.
 *
 * Element names: Xerces writes the name as it appears in the message (`p:local`), libxml2 as `{namespace}local`;
 * the caller gives the element the error is about (found by the error's XPath), so the prefix comes from there.
 */

/** What the caller knows about the node an error is about. */
export interface ErrorSubject {
  /** The element's name as written (prefix:local), when the node was found. */
  qname?: string;
  /** The element's text content (facet messages that do not quote the value). */
  text?(): string | undefined;
  /** An attribute's value by name, on that element. */
  attr?(name: string): string | undefined;
  /** The name Xerces gives the simple type that failed a facet (a named type, or `#AnonType_...`). */
  typeName?(): string | undefined;
  /** The built-in type that simple type derives from (a value not of its lexical form names it). */
  builtinType?(): string | undefined;
  /** The attribute of the error is declared at the top of its schema (not inside an element or type). */
  attrIsGlobal?(): boolean;
  /** The attribute's name as written (prefix:local). */
  attrName?(): string | undefined;
}

const ELEMENT = /^Element '([^']*)'(?:, attribute '([^']*)')?: ([\s\S]*?)\s*$/;

/** `{ns}local` → `"ns":local`, `local` → `local` (Xerces' list of expected elements). */
function expectedName(n: string): string {
  const m = /^\{([^}]*)\}(.*)$/.exec(n.trim());
  return m ? `"${m[1]}":${m[2]}` : n.trim();
}

function expectedList(s: string): string {
  return s
    .split(',')
    .map((x) => expectedName(x))
    .filter((x) => x !== '')
    .join(', ');
}

function localOf(name: string): string {
  const m = /^\{[^}]*\}(.*)$/.exec(name);
  return m ? m[1]! : name;
}

/** `xs:integer` → `integer`; `{urn:x}Code` → `Code`. */
function typeLocal(t: string): string {
  const l = localOf(t);
  const i = l.lastIndexOf(':');
  return i >= 0 ? l.slice(i + 1) : l;
}

/** The bounds of XML Schema's built-in integer types (minInclusive, maxInclusive), as Xerces declares them. */
const INTEGER_RANGES: Record<string, [string | undefined, string | undefined]> = {
  nonNegativeInteger: ['0', undefined],
  positiveInteger: ['1', undefined],
  nonPositiveInteger: [undefined, '0'],
  negativeInteger: [undefined, '-1'],
  long: ['-9223372036854775808', '9223372036854775807'],
  int: ['-2147483648', '2147483647'],
  short: ['-32768', '32767'],
  byte: ['-128', '127'],
  unsignedLong: ['0', '18446744073709551615'],
  unsignedInt: ['0', '4294967295'],
  unsignedShort: ['0', '65535'],
  unsignedByte: ['0', '255'],
};

/** The Xerces messages for one libxml2 validity error. */
export function xercesMessages(libxmlMessage: string, subject: ErrorSubject = {}): string[] {
  const m = ELEMENT.exec(libxmlMessage.trim());
  if (!m) return [libxmlMessage.trim()];
  const el = subject.qname ?? localOf(m[1]!);
  const attrName = m[2] === undefined ? undefined : (subject.attrName?.() ?? localOf(m[2]));
  const what = m[3]!;
  let r: RegExpExecArray | null;

  // the value of the element or attribute as a whole, after the datatype/facet message
  const whole = (value: string, type: string): string =>
    attrName !== undefined
      ? `cvc-attribute.3: The value '${value}' of attribute '${attrName}' on element '${el}' is not valid with respect to its type, '${type}'.`
      : `cvc-type.3.1.3: The value '${value}' of element '${el}' is not valid.`;
  const valueOf = (): string => (attrName !== undefined ? subject.attr?.(attrName) : subject.text?.()) ?? '';

  if (/^No matching global declaration available for the validation root\.$/.test(what))
    return [`cvc-elt.1.a: Cannot find the declaration of element '${el}'.`];
  if ((r = /^This element is not expected\. Expected is (?:one of )?\( (.*) \)\.$/.exec(what)))
    return [
      `cvc-complex-type.2.4.a: Invalid content was found starting with element '${el}'. One of '{${expectedList(r[1]!)}}' is expected.`,
    ];
  if (/^This element is not expected\.$/.test(what))
    return [
      `cvc-complex-type.2.4.d: Invalid content was found starting with element '${el}'. No child element is expected at this point.`,
    ];
  if ((r = /^Missing child element\(s\)\. Expected is (?:one of )?\( (.*) \)\.$/.exec(what)))
    return [
      `cvc-complex-type.2.4.b: The content of element '${el}' is not complete. One of '{${expectedList(r[1]!)}}' is expected.`,
    ];
  if ((r = /^The attribute '([^']*)' is required but missing\.$/.exec(what)))
    return [`cvc-complex-type.4: Attribute '${r[1]}' must appear on element '${el}'.`];
  if ((r = /^The attribute '([^']*)' is not allowed\.$/.exec(what)))
    return [`cvc-complex-type.3.2.2: Attribute '${r[1]}' is not allowed to appear in element '${el}'.`];
  if (
    /^Character content other than whitespace is not allowed because the content type is 'element-only'\.$/.test(
      what,
    )
  )
    return [
      `cvc-complex-type.2.3: Element '${el}' cannot have character [children], because the type's content type is element-only.`,
    ];
  if (/^(Character|Element) content is not allowed, because the content type is empty\.$/.test(what))
    return [
      `cvc-complex-type.2.1: Element '${el}' must have no character or element information item [children], because the type's content type is empty.`,
    ];
  if (/^Element content is not allowed, because the type definition is simple\.$/.test(what))
    return [
      `cvc-type.3.1.2: Element '${el}' is a simple type, so it must have no element information item [children].`,
    ];
  if (
    (r =
      /^'([\s\S]*)' is not a valid value of the (?:local )?(?:atomic|list|union) type(?: '([^']*)')?\.$/.exec(
        what,
      ))
  ) {
    const declared = r[2];
    const isBuiltin = declared?.startsWith('xs:') ?? false;
    // a named or anonymous type of the schema: Xerces names the built-in type it derives from
    const builtin = isBuiltin
      ? typeLocal(declared!)
      : (subject.builtinType?.() ?? (declared ? typeLocal(declared) : ''));
    const own = isBuiltin ? builtin : declared ? typeLocal(declared) : (subject.typeName?.() ?? builtin);
    // an integer out of a built-in integer type's range fails that type's facet in Xerces, not its lexical form
    const range = INTEGER_RANGES[builtin];
    const v = r[1]!.trim();
    if (range && /^[+-]?\d+$/.test(v)) {
      const n = BigInt(v);
      const [min, max] = range;
      const facet =
        min !== undefined && n < BigInt(min)
          ? ['minInclusive', min]
          : max !== undefined && n > BigInt(max)
            ? ['maxInclusive', max]
            : undefined;
      if (facet)
        return [
          `cvc-${facet[0]}-valid: Value '${v}' is not facet-valid with respect to ${facet[0]} '${facet[1]}' for type '${own}'.`,
          whole(v, own),
        ];
    }
    return [`cvc-datatype-valid.1.2.1: '${r[1]}' is not a valid value for '${builtin}'.`, whole(r[1]!, own)];
  }
  if (
    (r = /^The (?:actual )?value '([\s\S]*)' does not match the fixed value constraint '([\s\S]*)'\.$/.exec(
      what,
    )) &&
    attrName === undefined
  )
    return [
      `cvc-elt.5.2.2.2.2: The value '${r[1]}' of element '${el}' does not match the {value constraint} value '${r[2]}'.`,
    ];
  // a fixed attribute value: the attribute use holds a local declaration's constraint (cvc-complex-type.3.1), a
  // global declaration its own (cvc-attribute.4)
  if (
    (r = /^The value '([\s\S]*)' does not match the fixed value constraint '([\s\S]*)'\.$/.exec(what)) &&
    attrName !== undefined
  )
    return [
      subject.attrIsGlobal?.()
        ? `cvc-attribute.4: The value '${r[1]}' of attribute '${attrName}' on element '${el}' is not valid with respect to its fixed {value constraint}. The attribute must have a value of '${r[2]}'.`
        : `cvc-complex-type.3.1: Value '${r[1]}' of attribute '${attrName}' of element '${el}' is not valid with respect to the corresponding attribute use. Attribute '${attrName}' has a fixed value of '${r[2]}'.`,
    ];
  if (
    (r = /^The QName value '([^']*)' of the xsi:type attribute does not resolve to a type definition\.$/.exec(
      what,
    ))
  )
    return [
      `cvc-elt.4.2: Cannot resolve '${subject.attr?.('xsi:type') ?? r[1]}' to a type definition for element '${el}'.`,
    ];
  if ((r = /^The QName value '([^']*)' has no corresponding namespace declaration in scope\.$/.exec(what))) {
    const prefix = r[1]!.includes(':') ? r[1]!.slice(0, r[1]!.indexOf(':')) : '';
    return [`UndeclaredPrefix: Cannot resolve '${r[1]}' as a QName: the prefix '${prefix}' is not declared.`];
  }
  if ((r = /^\[facet '(\w+)'\] ([\s\S]*)$/.exec(what))) {
    const facet = r[1]!;
    const text = r[2]!;
    const type = subject.typeName?.() ?? '';
    const quoted = /^The value '([\s\S]*?)'/.exec(text);
    const value = quoted ? quoted[1]! : valueOf();
    let first: string | undefined;
    let q: RegExpExecArray | null;
    if (facet === 'enumeration' && (q = /is not an element of the set \{([\s\S]*)\}\.$/.exec(text))) {
      const set = q[1]!
        .split(/',\s*'/)
        .map((s) => s.replace(/^'|'$/g, ''))
        .join(', ');
      first = `cvc-enumeration-valid: Value '${value}' is not facet-valid with respect to enumeration '[${set}]'. It must be a value from the enumeration.`;
    } else if (facet === 'pattern' && (q = /is not accepted by the pattern '([\s\S]*)'\.$/.exec(text))) {
      first = `cvc-pattern-valid: Value '${value}' is not facet-valid with respect to pattern '${q[1]}' for type '${type}'.`;
    } else if ((q = /has a length of '(\d+)'; this [\w ]*? length of '(\d+)'\.$/.exec(text))) {
      first = `cvc-${facet}-valid: Value '${value}' with length = '${q[1]}' is not facet-valid with respect to ${facet} '${q[2]}' for type '${type}'.`;
    } else if ((q = /\('([^']*)'\)\.$|'([^']*)'\.$/.exec(text))) {
      const limit = q[1] ?? q[2]!;
      if (facet === 'totalDigits')
        first = `cvc-totalDigits-valid: Value '${value}' has ${digits(value, false)} total digits, but the number of total digits has been limited to ${limit}.`;
      else if (facet === 'fractionDigits')
        first = `cvc-fractionDigits-valid: Value '${value}' has ${digits(value, true)} fraction digits, but the number of fraction digits has been limited to ${limit}.`;
      else
        first = `cvc-${facet}-valid: Value '${value}' is not facet-valid with respect to ${facet} '${limit}' for type '${type}'.`;
    }
    if (first) return [first, whole(value, type)];
  }
  return [`Element '${el}'${attrName !== undefined ? `, attribute '${attrName}'` : ''}: ${what}`];
}

/** Digits of a decimal as Xerces counts them (total: without leading/trailing zeros; fraction: after the point). */
function digits(value: string, fraction: boolean): number {
  const v = value.trim().replace(/^[+-]/, '');
  const [int = '', frac = ''] = v.split('.');
  const f = frac.replace(/0+$/, '');
  if (fraction) return f.length;
  const i = int.replace(/^0+/, '');
  return i.length + f.length;
}

/**
 * Xerces reports a QName with an undeclared prefix once (UndeclaredPrefix, then the element or attribute as a
 * whole); libxml2 adds that the value is not a QName: that line is dropped.
 */
export function mergeUndeclaredPrefix(messages: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    out.push(messages[i]!);
    const m = /^UndeclaredPrefix: Cannot resolve '([^']*)' as a QName/.exec(messages[i]!);
    if (m && messages[i + 1] === `cvc-datatype-valid.1.2.1: '${m[1]}' is not a valid value for 'QName'.`) i++;
  }
  return out;
}
