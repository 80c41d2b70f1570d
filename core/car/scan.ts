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
function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 45 ||
    c === 46 ||
    c === 58
  ); // a-z A-Z 0-9 _ - . :
}
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/**
 * Checks the entity and character references in text[from, to): true when every `&` starts a predefined entity or a
 * valid character reference ending in `;`.
 */
function referencesOk(text: string, from: number, to: number): boolean {
  let amp = text.indexOf('&', from);
  while (amp >= 0 && amp < to) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0 || semi >= to || semi - amp > 12) return false;
    const body = text.slice(amp + 1, semi);
    if (body.charCodeAt(0) === 35 /* # */) {
      const hex = body.charCodeAt(1) === 120; /* x */
      const digits = hex ? body.slice(2) : body.slice(1);
      if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return false;
      const cp = parseInt(digits, hex ? 16 : 10);
      if (!(cp > 0 && cp <= 0x10ffff)) return false;
    } else if (PREDEFINED[body] === undefined) return false;
    amp = text.indexOf('&', semi + 1);
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
  const n = text.length;
  let i = 0;
  let root: ScannedRoot | undefined;
  let rootDone = false;
  const stack: string[] = [];
  // namespace prefixes declared so far (with the depth of the element declaring them); '' is the default namespace
  const prefixes: string[] = [];
  const prefixUris: string[] = [];
  const prefixDepth: number[] = [];

  const lookup = (prefix: string): string | undefined => {
    for (let k = prefixes.length - 1; k >= 0; k--) if (prefixes[k] === prefix) return prefixUris[k];
    if (prefix === '') return '';
    if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
    return undefined;
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    // text between markup
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (stack.length === 0) {
        for (let k = i; k < textEnd; k++) if (!isSpace(text.charCodeAt(k))) return undefined; // text outside the root
      } else if (!referencesOk(text, i, textEnd)) return undefined;
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const c4 = text.charCodeAt(lt + 4);
        if (c4 === 45 || c4 === 62) return undefined; // `<!-->`, `<!--->`: tokenizers differ on these
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) return undefined;
        i = end + 3;
      } else if (stack.length > 0 && text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) return undefined;
        i = end + 3;
      } else return undefined; // DOCTYPE and other declarations
    } else if (c === 63 /* ? */) {
      if (text.startsWith('<?xml', lt) && (lt !== 0 || !isSpace(text.charCodeAt(lt + 5)))) {
        // an XML declaration anywhere but at the very start, or a PI whose target begins with "xml"
        return undefined;
      }
      // a tolerant tokenizer may end a processing instruction at its first '>': accept only those without one inside
      const end = text.indexOf('>', lt + 2);
      if (
        end < 0 ||
        text.charCodeAt(end - 1) !== 63 /* ? */ ||
        end - 1 < lt + 2 ||
        !isNameStart(text.charCodeAt(lt + 2))
      )
        return undefined;
      i = end + 1;
    } else if (c === 47 /* / */) {
      // end tag
      const name = stack.pop();
      if (name === undefined || !text.startsWith(name, lt + 2)) return undefined;
      let k = lt + 2 + name.length;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 62 /* > */) return undefined;
      const depth = stack.length + 1;
      while (prefixDepth.length && prefixDepth[prefixDepth.length - 1] === depth) {
        prefixDepth.pop();
        prefixes.pop();
        prefixUris.pop();
      }
      if (stack.length === 0) rootDone = true;
      i = k + 1;
    } else {
      // start tag
      if (rootDone || !isNameStart(c)) return undefined;
      let k = lt + 2;
      while (k < n && isNameChar(text.charCodeAt(k))) k++;
      const name = text.slice(lt + 1, k);
      const depth = stack.length + 1;
      const isRoot = root === undefined;
      const attrs: string[] = [];
      let rootAttrs: Map<string, string> | undefined;
      if (isRoot) rootAttrs = new Map();
      let selfClosing = false;
      for (;;) {
        const ck = text.charCodeAt(k);
        if (ck === 62 /* > */) {
          k++;
          break;
        }
        if (ck === 47 /* / */) {
          if (text.charCodeAt(k + 1) !== 62) return undefined;
          selfClosing = true;
          k += 2;
          break;
        }
        if (!isSpace(ck)) return undefined; // end of input, or no space before an attribute
        while (k < n && isSpace(text.charCodeAt(k))) k++;
        const ca = text.charCodeAt(k);
        if (ca === 62 || ca === 47) continue;
        if (!isNameStart(ca)) return undefined;
        const a0 = k;
        while (k < n && isNameChar(text.charCodeAt(k))) k++;
        const aname = text.slice(a0, k);
        if (text.charCodeAt(k) !== 61 /* = */) return undefined;
        const q = text.charCodeAt(k + 1);
        if (q !== 34 && q !== 39) return undefined;
        const v0 = k + 2;
        const v1 = text.indexOf(q === 34 ? '"' : "'", v0);
        if (v1 < 0) return undefined;
        const lt2 = text.indexOf('<', v0);
        if (lt2 >= 0 && lt2 < v1) return undefined; // '<' in an attribute value
        if (!referencesOk(text, v0, v1)) return undefined;
        if (attrs.includes(aname)) return undefined; // duplicate attribute
        attrs.push(aname);
        if (aname === 'xmlns' || aname.startsWith('xmlns:')) {
          prefixes.push(aname === 'xmlns' ? '' : aname.slice(6));
          prefixUris.push(decode(text.slice(v0, v1)));
          prefixDepth.push(depth);
        }
        if (rootAttrs) rootAttrs.set(aname, decode(text.slice(v0, v1)));
        k = v1 + 1;
      }
      const colon = name.indexOf(':');
      const prefix = colon > 0 ? name.slice(0, colon) : '';
      if (colon === 0 || colon === name.length - 1) return undefined;
      const ns = lookup(prefix);
      if (ns === undefined) return undefined; // undeclared prefix
      if (isRoot)
        root = { local: colon > 0 ? name.slice(colon + 1) : name, prefix, ns, attributes: rootAttrs! };
      if (selfClosing) {
        while (prefixDepth.length && prefixDepth[prefixDepth.length - 1] === depth) {
          prefixDepth.pop();
          prefixes.pop();
          prefixUris.pop();
        }
        if (stack.length === 0) rootDone = true;
      } else {
        if (stack.length >= MAX_DEPTH) return undefined;
        stack.push(name);
      }
      i = k;
    }
  }
  return rootDone && stack.length === 0 ? root : undefined;
}
