/**
 * The positioned, error-tolerant XML parser used for configuration files.
 *
 * Tokens come from htmlparser2's Tokenizer in xmlMode (fast, forgiving, reports offsets). On top of it we build a tree
 * with our own recovery rules (a half-typed document still yields a tree) and report well-formedness problems.
 * DTDs are never processed: a DOCTYPE is reported (XML_DOCTYPE) and entity references other than the five predefined
 * ones and character references are reported and left as written, so nothing is fetched or expanded (no XXE, no
 * billion laughs).
 */
import { Tokenizer } from 'htmlparser2';
import type { Span, XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlProblem, XmlText } from './types';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME_RE = /^[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*$/;

export interface ParseOptions {
  /** Stop building deeper than this (hostile nesting). Default 2,000. */
  maxDepth?: number;
  /**
   * A configuration file read as Micro Integrator reads it: the XML declaration must be its very first characters (a
   * byte-order mark aside), not even after whitespace. Woodstox recognises a declaration only there
   * (StreamBootstrapper.hasXmlDecl) and refuses a later `<?xml` as a processing instruction with a reserved target
   * (BasicStreamReader.readPIPrimary); without this, leading whitespace is tolerated (payloads). It also makes a
   * malformed comment read before the root element ends an error (XML_BAD_COMMENT), as Woodstox refuses it.
   */
  declarationFirst?: boolean;
}

/** Decodes the predefined entities and character references; reports anything else. */
export function decodeEntities(raw: string, offset: number, problems: XmlProblem[] | undefined): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(
    /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)?(;?)/g,
    (m, body: string | undefined, semi, at) => {
      const span = { start: offset + at, end: offset + at + m.length };
      if (!body || !semi) {
        problems?.push({
          code: 'XML_BAD_ENTITY',
          message: "Unescaped '&': write '&amp;'.",
          span,
          severity: 'error',
        });
        return m;
      }
      if (body.startsWith('#')) {
        const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
        if (!Number.isFinite(cp) || cp > 0x10ffff || cp === 0) {
          problems?.push({
            code: 'XML_BAD_ENTITY',
            message: `Invalid character reference '${m}'.`,
            span,
            severity: 'error',
          });
          return m;
        }
        return String.fromCodePoint(cp);
      }
      const v = PREDEFINED[body];
      if (v !== undefined) return v;
      problems?.push({
        code: 'XML_UNDEFINED_ENTITY',
        message: `Entity '&${body};' is not defined: only &lt; &gt; &amp; &quot; &apos; and character references are allowed (DTD entities are never expanded).`,
        span,
        severity: 'error',
      });
      return m;
    },
  );
}

export function parseXml(text: string, options: ParseOptions = {}): XmlDocument {
  const maxDepth = options.maxDepth ?? 2000;
  const problems: XmlProblem[] = [];
  const top: XmlNode[] = [];
  const stack: XmlElement[] = [];
  let hasDoctype = false;
  let cur: XmlElement | undefined; // element whose start tag is being read
  let attr: XmlAttribute | undefined;
  let tooDeep = false;
  let skipUntil = -1;
  const problem = (code: string, message: string, span: Span, severity: 'error' | 'warning' = 'error') =>
    problems.push({ code, message, span: clampSpan(span, text.length), severity });
  /**
   * `--` inside a comment, or a `-` just before its closing `-->`, is not well-formed XML. Woodstox refuses it wherever
   * it reads a comment (BasicStreamReader.readComment/skipCommentOrCData: "String '--' not allowed in comment"), so in
   * a configuration file MI fails the deployment when the comment comes before the root element ends (the deployer's
   * StAXOMBuilder reads the prolog and the whole root element); after it, and in other XML, a warning.
   */
  const badComment = (body: string, span: Span) => {
    if (!body.includes('--') && !body.endsWith('-')) return;
    const read =
      options.declarationFirst === true && (stack.length > 0 || !top.some((n) => n.kind === 'element'));
    problem(
      'XML_BAD_COMMENT',
      read
        ? "'--' is not allowed inside a comment (nor '-' just before its closing '-->'): Micro Integrator's XML parser refuses the file (String '--' not allowed in comment)."
        : "'--' is not allowed inside a comment (nor '-' just before its closing '-->').",
      span,
      read ? 'error' : 'warning',
    );
  };
  const parent = () => stack[stack.length - 1];
  const add = (n: XmlNode) => {
    const p = parent();
    n.parent = p;
    if (p) p.children.push(n);
    else top.push(n);
  };

  const finishAttr = (end: number) => {
    if (!cur || !attr) return;
    attr.span.end = Math.max(end, attr.valueSpan.end, attr.nameSpan.end);
    // attribute-value normalization (XML 1.0 3.3.3), as every XML parser MI reads its configuration with does: a
    // literal line break or tab is a space (&#10; and &#9; stay what they are)
    const raw = /[\t\n\r]/.test(attr.raw) ? attr.raw.replace(/\r\n?|[\t\n]/g, ' ') : attr.raw;
    attr.value = decodeEntities(raw, attr.valueSpan.start, problems);
    if (attr.raw.includes('<')) {
      problem(
        'XML_LT_IN_ATTRIBUTE',
        "'<' is not allowed in an attribute value: write '&lt;'.",
        attr.valueSpan,
      );
    }
    if (cur.attributes.some((a) => a.name === attr!.name)) {
      problem('XML_DUPLICATE_ATTRIBUTE', `Attribute '${attr.name}' is given twice.`, attr.nameSpan);
    }
    cur.attributes.push(attr);
    attr = undefined;
  };

  const openEnd = (endIdx: number, selfClosing: boolean) => {
    if (!cur) return;
    if (attr) finishAttr(endIdx);
    const el = cur;
    cur = undefined;
    el.startTag.end = endIdx + 1;
    el.span.end = endIdx + 1;
    el.startTagClosed = true;
    el.selfClosing = selfClosing;
    el.parent = parent();
    resolveNamespaces(el, problems);
    add(el);
    if (!selfClosing) {
      if (stack.length >= maxDepth) {
        // hostile nesting: keep the tree flat from here on so no consumer recurses that deep
        if (!tooDeep)
          problem(
            'XML_TOO_DEEP',
            `Elements are nested deeper than ${maxDepth} levels: the rest is not checked.`,
            el.startTag,
          );
        tooDeep = true;
      } else stack.push(el);
    }
  };

  // A start tag that was never finished with '>' (e.g. `<log level="full"` then another tag): keep it as an element.
  const abandonOpen = (at: number) => {
    if (!cur) return;
    if (attr) finishAttr(at);
    const el = cur;
    cur = undefined;
    el.startTag.end = at;
    el.span.end = at;
    el.startTagClosed = false;
    el.parent = parent();
    resolveNamespaces(el, problems);
    problem('XML_UNCLOSED_START_TAG', `Start tag '<${el.name}' is not closed with '>'.`, el.nameSpan);
    add(el);
  };

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        if (start < skipUntil) return;
        abandonOpen(start - 1);
        const name = text.slice(start, end);
        const colon = name.indexOf(':');
        cur = {
          kind: 'element',
          name,
          prefix: colon > 0 ? name.slice(0, colon) : '',
          local: colon > 0 ? name.slice(colon + 1) : name,
          ns: '',
          attributes: [],
          children: [],
          parent: undefined,
          span: { start: start - 1, end },
          startTag: { start: start - 1, end },
          nameSpan: { start, end },
          endTag: undefined,
          selfClosing: false,
          startTagClosed: false,
          catalogResolution: undefined,
          catalogChildNs: undefined,
        };
        if (!NAME_RE.test(name))
          problem('XML_BAD_NAME', `'${name}' is not a valid element name.`, cur.nameSpan);
      },
      onattribname(start, end) {
        if (!cur) return;
        if (attr) finishAttr(start);
        if (text.charCodeAt(start) === 60 /* < */) {
          // `<log level="x"<property ...`: a new tag began inside an unfinished start tag
          this.onopentagname(start + 1, end);
          return;
        }
        const name = text.slice(start, end);
        const colon = name.indexOf(':');
        attr = {
          name,
          prefix: colon > 0 ? name.slice(0, colon) : '',
          local: colon > 0 ? name.slice(colon + 1) : name,
          value: '',
          raw: '',
          span: { start, end },
          nameSpan: { start, end },
          valueSpan: { start: end, end },
          quote: '',
        };
      },
      onattribdata(start, end) {
        if (!attr) return;
        if (attr.raw === '') attr.valueSpan = { start, end };
        else attr.valueSpan.end = end;
        attr.raw = text.slice(attr.valueSpan.start, attr.valueSpan.end);
      },
      onattribentity() {},
      onattribend(quote, endIndex) {
        if (!attr || !cur) return;
        // QuoteType: 0 NoValue, 1 Unquoted, 2 Single, 3 Double
        if (quote === 0) {
          problem('XML_ATTRIBUTE_WITHOUT_VALUE', `Attribute '${attr.name}' has no value.`, attr.nameSpan);
          finishAttr(attr.nameSpan.end);
          return;
        }
        if (quote === 1) {
          problem('XML_UNQUOTED_ATTRIBUTE', `The value of '${attr.name}' must be in quotes.`, attr.valueSpan);
        }
        attr.quote = quote === 2 ? "'" : quote === 3 ? '"' : '';
        if (attr.raw === '') {
          // empty value: the span sits between the quotes (endIndex is just past the closing quote)
          const at = attr.quote && text[endIndex - 1] === attr.quote ? endIndex - 1 : endIndex;
          attr.valueSpan = { start: at, end: at };
        }
        finishAttr(quote === 1 ? endIndex : endIndex);
      },
      onopentagend(endIndex) {
        openEnd(endIndex, false);
      },
      onselfclosingtag(endIndex) {
        openEnd(endIndex, true);
      },
      onclosetag(start, end) {
        abandonOpen(start - 2);
        const name = text.slice(start, end);
        const closeSpan = { start: start - 2, end: Math.min(text.length, text.indexOf('>', end) + 1 || end) };
        // find the matching open element
        let i = stack.length - 1;
        while (i >= 0 && stack[i].name !== name) i--;
        if (i < 0) {
          if (!tooDeep)
            problem('XML_UNEXPECTED_END_TAG', `End tag '</${name}>' has no matching start tag.`, closeSpan);
          return;
        }
        while (stack.length - 1 > i) {
          const el = stack.pop()!;
          el.span.end = closeSpan.start;
          problem(
            'XML_MISSING_END_TAG',
            `Element '<${el.name}>' is not closed: expected '</${el.name}>'.`,
            el.nameSpan,
          );
        }
        const el = stack.pop()!;
        el.endTag = closeSpan;
        el.span.end = closeSpan.end;
      },
      ontext(start, end) {
        start = Math.max(0, start);
        if (end <= start) return;
        if (start < skipUntil) {
          if (end <= skipUntil) return;
          start = skipUntil;
        }
        abandonOpen(start);
        const raw = text.slice(start, end);
        const p = parent();
        if (!p && raw.trim() !== '') {
          problem('XML_TEXT_OUTSIDE_ROOT', 'Text is not allowed outside the root element.', { start, end });
        }
        // merge adjacent text (the tokenizer may split)
        const siblings = p ? p.children : top;
        const last = siblings[siblings.length - 1];
        if (last && last.kind === 'text' && last.span.end === start) {
          last.span.end = end;
          last.value += decodeEntities(raw, start, problems);
          return;
        }
        const node: XmlText = {
          kind: 'text',
          value: decodeEntities(raw, start, problems),
          span: { start, end },
          parent: p,
        };
        siblings.push(node);
      },
      ontextentity() {},
      oncdata(start, endIndex, offset) {
        if (start < skipUntil) return;
        abandonOpen(start - 9);
        if (!text.startsWith(']]>', endIndex - 2)) {
          problem('XML_UNTERMINATED', "Unterminated CDATA section: '<![CDATA[' without ']]>'.", {
            start: start - 9,
            end: text.length,
          });
        }
        add({
          kind: 'cdata',
          value: text.slice(start, endIndex - offset),
          span: { start: start - 9, end: endIndex + 1 },
          parent: undefined,
        });
      },
      oncomment(start, endIndex, offset) {
        if (start < skipUntil) return;
        abandonOpen(start - 4);
        if (endIndex - offset <= start && (text[start] === '>' || text.startsWith('->', start))) {
          // `<!-->` and `<!--->` open a comment in XML (HTML closes them at once): it ends at the next `-->`
          const close = text.indexOf('-->', start + 1);
          const end = close < 0 ? text.length : close;
          if (close < 0)
            problem('XML_UNTERMINATED', "Unterminated comment: '<!--' without '-->'.", {
              start: start - 4,
              end: text.length,
            });
          skipUntil = close < 0 ? text.length : close + 3;
          const body = text.slice(start, end);
          badComment(body, { start: start - 4, end: skipUntil });
          add({
            kind: 'comment',
            value: body,
            span: { start: start - 4, end: skipUntil },
            parent: undefined,
          });
          return;
        }
        if (!text.startsWith('-->', endIndex - 2)) {
          problem('XML_UNTERMINATED', "Unterminated comment: '<!--' without '-->'.", {
            start: start - 4,
            end: text.length,
          });
        }
        const value = text.slice(start, endIndex - offset);
        badComment(value, { start: start - 4, end: endIndex + 1 });
        add({ kind: 'comment', value, span: { start: start - 4, end: endIndex + 1 }, parent: undefined });
      },
      ondeclaration(start, endIndex) {
        if (start < skipUntil) return;
        abandonOpen(start - 2);
        const body = text.slice(start, endIndex);
        const span = { start: start - 2, end: endIndex + 1 };
        if (/^doctype/i.test(body)) {
          hasDoctype = true;
          if (body.includes('[') && !body.includes(']')) {
            // internal subset: everything up to ']>' belongs to the DOCTYPE and is never interpreted
            const close = text.indexOf(']>', endIndex);
            skipUntil = close < 0 ? text.length : close + 2;
            span.end = skipUntil;
          }
          problem(
            'XML_DOCTYPE',
            'DOCTYPE declarations are not allowed in Synapse configurations: DTDs and entities are refused (nothing is fetched or expanded).',
            span,
          );
        } else {
          problem('XML_BAD_DECLARATION', `Unexpected declaration '<!${body.slice(0, 20)}'.`, span);
        }
      },
      onprocessinginstruction(start, endIndex) {
        if (start < skipUntil) return;
        abandonOpen(start - 2);
        const body = text.slice(start, endIndex - (text[endIndex - 1] === '?' ? 1 : 0));
        const span = { start: start - 2, end: endIndex + 1 };
        // `<?xml-multiple?>` (a JSON array marker MI payloads carry) is a processing instruction, not a declaration
        if (/^xml(\s|$)/i.test(body) && (span.start !== 0 || top.length > 0)) {
          const before = text.slice(0, span.start);
          const onlySpace = before.trim() === '' && !top.some((n) => n.kind !== 'text');
          if (!onlySpace) {
            problem(
              'XML_DECLARATION_NOT_FIRST',
              'The XML declaration must be at the very start of the document.',
              span,
            );
          } else if (options.declarationFirst && before.replace(/^\uFEFF/, '') !== '') {
            problem(
              'XML_DECLARATION_NOT_FIRST',
              'The XML declaration must be the file\'s very first characters: Micro Integrator\'s XML parser refuses even whitespace or a blank line before it (Illegal processing instruction target "xml").',
              span,
            );
          }
        }
        add({ kind: 'pi', value: body, span, parent: undefined });
      },
      onend() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
  abandonOpen(text.length);
  if (cur === undefined && attr === undefined) {
    // nothing pending
  }
  while (stack.length) {
    const el = stack.pop()!;
    el.span.end = text.length;
    problem(
      'XML_MISSING_END_TAG',
      `Element '<${el.name}>' is not closed: expected '</${el.name}>'.`,
      el.nameSpan,
    );
  }
  // Unterminated comment / CDATA / tag at the end: the tokenizer swallows them silently.
  const tail = trailingUnterminated(text, top);
  if (tail) problems.push(tail);

  const roots = top.filter((n): n is XmlElement => n.kind === 'element');
  if (roots.length > 1) {
    for (const r of roots.slice(1))
      problem('XML_MULTIPLE_ROOTS', 'A document has exactly one root element.', r.nameSpan);
  }
  if (roots.length === 0 && text.trim() !== '' && !problems.length) {
    problem('XML_NO_ROOT', 'The document has no root element.', { start: 0, end: Math.min(text.length, 1) });
  }
  return { text, children: top, root: roots[0], problems, hasDoctype };
}

function clampSpan(span: Span, max: number): Span {
  const start = Math.min(Math.max(0, span.start), max);
  return { start, end: Math.min(Math.max(start, span.end), max) };
}

function trailingUnterminated(text: string, top: XmlNode[]): XmlProblem | undefined {
  const lastEnd = lastOffset(top);
  const rest = text.slice(lastEnd);
  const lt = rest.indexOf('<');
  if (lt < 0) return undefined;
  const at = lastEnd + lt;
  const what = rest.startsWith('<!--', lt)
    ? 'comment'
    : rest.startsWith('<![CDATA[', lt)
      ? 'CDATA section'
      : undefined;
  if (what) {
    return {
      code: 'XML_UNTERMINATED',
      message: `Unterminated ${what}.`,
      span: { start: at, end: text.length },
      severity: 'error',
    };
  }
  return undefined;
}

function lastOffset(nodes: XmlNode[]): number {
  // iterative: hostile documents nest deeply
  let end = 0;
  const stack: XmlNode[] = [...nodes];
  while (stack.length) {
    const n = stack.pop()!;
    end = Math.max(end, n.span.end);
    if (n.kind === 'element') for (const c of n.children) stack.push(c);
  }
  return end;
}

const EMPTY_SCOPE: Readonly<Record<string, string>> = Object.freeze({});

/** The namespace declarations in scope on an element ('' key: the default namespace), shared with the parent when unchanged. */
export function namespaceScope(el: XmlElement): Readonly<Record<string, string>> {
  return el.nsScope ?? el.parent?.nsScope ?? EMPTY_SCOPE;
}

function resolveNamespaces(el: XmlElement, problems: XmlProblem[]) {
  const inherited = el.parent ? namespaceScope(el.parent) : EMPTY_SCOPE;
  let scope = inherited;
  for (const a of el.attributes) {
    if (a.name === 'xmlns' || a.prefix === 'xmlns') {
      if (scope === inherited) scope = { ...inherited };
      (scope as Record<string, string>)[a.name === 'xmlns' ? '' : a.local] = a.value;
    }
  }
  el.nsScope = scope;
  const lookup = (prefix: string): string | undefined => {
    if (prefix === 'xml') return XML_NS;
    if (prefix === 'xmlns') return 'http://www.w3.org/2000/xmlns/';
    const v = scope[prefix];
    if (v !== undefined) return v;
    return prefix === '' ? '' : undefined;
  };
  const ns = lookup(el.prefix);
  if (ns === undefined) {
    problems.push({
      code: 'XML_UNDECLARED_PREFIX',
      message: `Namespace prefix '${el.prefix}' is not declared.`,
      span: el.nameSpan,
      severity: 'error',
    });
    el.ns = '';
  } else el.ns = ns;
}
