/**
 * A fast, strict check of a whole XML text that also returns its root element (name, namespace, attributes): what
 * packaging needs of each artifact, without building a tree.
 *
 * It accepts only plain, unambiguous documents: an optional XML declaration, comments and processing instructions
 * around one root element; ASCII names; attributes written `name="value"` (or single quotes) separated by white
 * space; the five predefined entities and valid character references; CDATA sections; end tags that match. Anything
 * else (a DOCTYPE, other declarations, `name = "v"`, non-ASCII names, undeclared prefixes, very deep nesting, a
 * missing end tag...) makes it answer `undefined`, and the caller falls back to the full tolerant parser (core/xml),
 * which reports the problem with its line, or accepts the document after all. So a document it accepts is one the
 * full parser accepts without an error (test/deploy/scan.test.ts checks this property on generated documents); the
 * converse does not hold, and need not.
 */

export interface ScannedRoot {
  /** Local name of the root element. */
  local: string;
  prefix: string;
  /** Namespace URI of the root element ('' when none). */
  ns: string;
  /** The root's attributes, entity references decoded, by qualified name. */
  attributes: Map<string, string>;
}

const MAX_DEPTH = 1000;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// character classes (ASCII only; anything else is left to the full parser)
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
}
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** A whole start tag: ASCII name, then `name="value"` / `name='value'` attributes (no '<' in values), then `>` or `/>`. */
const START_TAG =
  /<([A-Za-z_][\w.:-]*)((?:[ \t\r\n]+[A-Za-z_][\w.:-]*=(?:"[^"<]*"|'[^'<]*'))*)[ \t\r\n]*(\/?)>/y;
/** In an attribute list (as START_TAG reads it): an attribute whose name comes again later in the list. */
const DUPLICATE_ATTRIBUTE =
  /(?:^|[ \t\r\n])([A-Za-z_][\w.:-]*)=(?:"[^"<]*"|'[^'<]*')(?:[ \t\r\n]+[A-Za-z_][\w.:-]*=(?:"[^"<]*"|'[^'<]*'))*[ \t\r\n]+\1=/;
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z_][\w.:-]*)=(?:"([^"<]*)"|'([^'<]*)')/g;
/** An '&' that does not start a predefined entity or a character reference. */
const BAD_AMP = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

/** Every `&` of the text starts a predefined entity or a valid character reference (comments and CDATA included). */
function referencesOk(text: string): boolean {
  if (text.indexOf('&') < 0) return true;
  if (BAD_AMP.test(text)) return false;
  if (text.indexOf('&#') < 0) return true;
  CHAR_REF.lastIndex = 0;
  for (let m = CHAR_REF.exec(text); m; m = CHAR_REF.exec(text)) {
    const body = m[1];
    const cp = body.charCodeAt(0) === 120 ? parseInt(body.slice(1), 16) : parseInt(body, 10);
    if (!(cp > 0 && cp <= 0x10ffff)) return false;
  }
  return true;
}

function decode(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (_m, body: string) =>
    body.charCodeAt(0) === 35
      ? String.fromCodePoint(
          body.charCodeAt(1) === 120 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10),
        )
      : PREDEFINED[body],
  );
}

/** The root element of a plain, well-formed document; undefined when the document needs the full parser. */
export function scanRoot(text: string): ScannedRoot | undefined {
  // references are checked over the whole text at once (stricter than needed inside comments: then the parser decides)
  if (!referencesOk(text)) return undefined;
  return scan(text, false);
}

/**
 * The root element as the full parser reads it, from the prolog and the root's start tag alone (the rest of the
 * document is not looked at, and may be broken: the tolerant parser still reads the same root, name, namespace and
 * attribute values). Undefined when the prolog or the start tag is not plain (then ask the parser). For an index of
 * artifact names, where a full well-formedness check would be wasted work.
 */
export function scanRootTag(text: string): ScannedRoot | undefined {
  return scan(text, true);
}

/** The namespace prefixes declared so far, innermost last, with the depth of the element declaring each. */
interface Scope {
  prefixes: string[];
  uris: string[];
  depths: number[];
}

function lookup(scope: Scope, prefix: string): string | undefined {
  for (let k = scope.prefixes.length - 1; k >= 0; k--) if (scope.prefixes[k] === prefix) return scope.uris[k];
  if (prefix === '') return '';
  if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
  return undefined;
}

function popPrefixes(scope: Scope, depth: number): void {
  const d = scope.depths;
  while (d.length && d[d.length - 1] === depth) {
    d.pop();
    scope.prefixes.pop();
    scope.uris.pop();
  }
}

/**
 * Reads each attribute of the root (whose attributes are returned) or of a tag declaring namespaces (whose
 * declarations enter `scope`). Undefined when an attribute is given twice.
 */
function readAttributes(
  attrText: string,
  depth: number,
  isRoot: boolean,
  scope: Scope,
): Map<string, string> | undefined {
  const attrs = new Map<string, string>();
  const names: string[] = [];
  ATTRIBUTE.lastIndex = 0;
  for (let a = ATTRIBUTE.exec(attrText); a; a = ATTRIBUTE.exec(attrText)) {
    const aname = a[1];
    if (names.includes(aname)) return undefined; // duplicate attribute
    names.push(aname);
    if (aname.charCodeAt(0) === 120 /* x */ && (aname === 'xmlns' || aname.startsWith('xmlns:'))) {
      scope.prefixes.push(aname === 'xmlns' ? '' : aname.slice(6));
      scope.uris.push(decode(a[2] ?? a[3]));
      scope.depths.push(depth);
    }
    if (isRoot) attrs.set(aname, decode(a[2] ?? a[3]));
  }
  return attrs;
}

/**
 * Skips a comment, CDATA section (inside the root only) or processing instruction at `lt`; returns the index after
 * it, or -1 when it is not plain (a DOCTYPE or other declaration, an XML declaration anywhere but at the start...).
 */
function skipMarkup(text: string, lt: number, inRoot: boolean): number {
  if (text.charCodeAt(lt + 1) === 33 /* ! */) {
    if (text.startsWith('<!--', lt)) {
      const c4 = text.charCodeAt(lt + 4);
      if (c4 === 45 || c4 === 62) return -1; // `<!-->`, `<!--->`: tokenizers differ on these
      const end = text.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (inRoot && text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      return end < 0 ? -1 : end + 3;
    }
    return -1; // DOCTYPE and other declarations
  }
  if (text.startsWith('<?xml', lt) && (lt !== 0 || !isSpace(text.charCodeAt(lt + 5)))) {
    // an XML declaration anywhere but at the very start, or a PI whose target begins with "xml"
    return -1;
  }
  // a tolerant tokenizer may end a processing instruction at its first '>': accept only those without one inside
  const end = text.indexOf('>', lt + 2);
  if (
    end < 0 ||
    text.charCodeAt(end - 1) !== 63 /* ? */ ||
    end - 1 < lt + 2 ||
    !isNameStart(text.charCodeAt(lt + 2))
  )
    return -1;
  return end + 1;
}

/*
 * The scan is split in small functions on purpose: V8 optimises a hot function with everything it inlines, and
 * optimising the whole scan as one function cost about 25-35 ms of CPU in a packaging process (--trace-opt), more
 * than the optimised code then saved over 1,000 files.
 */
function scan(text: string, rootOnly: boolean): ScannedRoot | undefined {
  const n = text.length;
  let i = 0;
  let root: ScannedRoot | undefined;
  let rootDone = false;
  const stack: string[] = [];
  // namespace prefixes declared so far (with the depth of the element declaring them); '' is the default namespace
  const scope: Scope = { prefixes: [], uris: [], depths: [] };

  while (i < n) {
    if (stack.length > 0) {
      // inside the root: the plain elements go through the tight loop, which leaves the rest to this one
      const d = scope.depths;
      i = plainContent(text, i, stack, d.length ? d[d.length - 1] : -1);
      if (i < 0) return undefined;
    }
    const lt = text.indexOf('<', i);
    if (stack.length === 0) {
      // outside the root only white space may appear between markup
      const end = lt < 0 ? n : lt;
      for (let k = i; k < end; k++) if (!isSpace(text.charCodeAt(k))) return undefined;
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 33 /* ! */ || c === 63 /* ? */) {
      i = skipMarkup(text, lt, stack.length > 0);
      if (i < 0) return undefined;
    } else if (c === 47 /* / */) {
      // end tag
      const name = stack.pop();
      if (name === undefined || !text.startsWith(name, lt + 2)) return undefined;
      let k = lt + 2 + name.length;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 62 /* > */) return undefined;
      popPrefixes(scope, stack.length + 1);
      if (stack.length === 0) rootDone = true;
      i = k + 1;
    } else {
      // start tag
      if (rootDone) return undefined;
      START_TAG.lastIndex = lt;
      const m = START_TAG.exec(text);
      if (!m) return undefined;
      const name = m[1];
      const attrText = m[2];
      const depth = stack.length + 1;
      const isRoot = root === undefined;
      if (rootOnly && !referencesOk(m[0])) return undefined;
      if (isRoot || (attrText.length && attrText.indexOf('xmlns') >= 0)) {
        // the root (whose attributes we return) or a tag declaring namespaces: read each attribute
        const attrs = readAttributes(attrText, depth, isRoot, scope);
        if (!attrs) return undefined;
        if (isRoot) root = { local: name, prefix: '', ns: '', attributes: attrs };
      } else if (attrText.indexOf('=') !== attrText.lastIndexOf('=') && DUPLICATE_ATTRIBUTE.test(attrText)) {
        // two attributes or more: one native search for a name given twice (it may also fire on look-alikes
        // inside a value: then the full parser decides)
        return undefined;
      }
      const colon = name.indexOf(':');
      if (colon >= 0) {
        if (colon === 0 || colon === name.length - 1) return undefined;
        const prefix = name.slice(0, colon);
        const ns = lookup(scope, prefix);
        if (ns === undefined) return undefined; // undeclared prefix
        if (isRoot) {
          root!.local = name.slice(colon + 1);
          root!.prefix = prefix;
          root!.ns = ns;
        }
      } else if (isRoot) root!.ns = lookup(scope, '')!;
      if (rootOnly) return root;
      if (m[3]) {
        popPrefixes(scope, depth);
        if (stack.length === 0) rootDone = true;
      } else {
        if (stack.length >= MAX_DEPTH) return undefined;
        stack.push(name);
      }
      i = lt + m[0].length;
    }
  }
  return rootDone && stack.length === 0 ? root : undefined;
}

/**
 * The body of a document in a tight loop: start tags without a prefix or a namespace declaration, and the end tags
 * that close them, with the same checks as `scan` (tag syntax, duplicate attributes, depth, matching end tags).
 * Returns the index of the first token it leaves to `scan` (a comment, CDATA, a processing instruction, a prefixed
 * or namespace-declaring tag, the end tag of an element that declared prefixes (`declDepth`), the root's end tag),
 * or -1 when the document is not plain. `stack` holds the open elements' names and is kept up to date.
 *
 * Why a function of its own: V8 optimises a hot function as a whole, and optimising all of `scan` cost about 24 ms of
 * CPU in a packaging process (measured with --trace-opt), more than the optimised code saved; this loop is small.
 */
function plainContent(text: string, from: number, stack: string[], declDepth: number): number {
  let i = from;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return -1;
    const c = text.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const depth = stack.length;
      if (depth === 1 || depth === declDepth) return lt;
      const name = stack[depth - 1];
      if (!text.startsWith(name, lt + 2)) return -1;
      let k = lt + 2 + name.length;
      let ch = text.charCodeAt(k);
      while (ch === 32 || ch === 10 || ch === 9 || ch === 13) ch = text.charCodeAt(++k);
      if (ch !== 62 /* > */) return -1;
      stack.pop();
      i = k + 1;
    } else if (c === 33 /* ! */ || c === 63 /* ? */) {
      return lt;
    } else {
      START_TAG.lastIndex = lt;
      const m = START_TAG.exec(text);
      if (m === null) return -1;
      const name = m[1];
      const attrText = m[2];
      if (name.indexOf(':') >= 0 || (attrText.length !== 0 && attrText.indexOf('xmlns') >= 0)) return lt;
      if (attrText.indexOf('=') !== attrText.lastIndexOf('=') && DUPLICATE_ATTRIBUTE.test(attrText))
        return -1;
      if (m[3].length === 0) {
        if (stack.length >= MAX_DEPTH) return -1;
        stack.push(name);
      }
      i = lt + m[0].length;
    }
  }
}
