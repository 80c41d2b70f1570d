/**
 * The xslt and fastXSLT mediators: XSLT 1.0 (and some 2.0) through the pure-JS `xslt-processor` package, corrected
 * where Saxon-HE (MI's processor) answers otherwise: see StandardXslt, patchFunctions and serializeResult. A 2.0
 * stylesheet's expressions are XPath 2.0, evaluated with fontoxpath (xsltXPath2.ts).
 *
 * - `key` names a local entry or a registry resource (`gov:`/`conf:`), static or dynamic (`{expr}`).
 * - `source` (XPath, default the first child of the SOAP body) selects the node to transform; the result replaces it,
 *   or goes to the property named by `target`.
 * - `<property name value|expression>` become xsl:params; `<feature>`/`<attribute>` are accepted (no effect here);
 *   `<resource location key>` maps xsl:import/xsl:include hrefs to keys. Nothing is fetched from the network.
 * - A stylesheet is checked once with the secure payload parser (no DOCTYPE/DTD, no entities) and with a positioned
 *   parse (well-formedness, XPath syntax of select/test/match), then cached by its text; a broken stylesheet faults
 *   with the stylesheet's file (or key), line, column and a code.
 * - fastXSLT: same engine, always on the whole first child of the body, no source/properties.
 */
import { readFileSync } from 'node:fs';
import * as slimdom from 'slimdom';
import { Xslt, XmlParser, XNode, XPath, type ExprContext, type XDocument } from 'xslt-processor';
import {
  LineIndex,
  attrValue,
  childElements,
  parseXml,
  walkElements,
  type XmlElement,
} from '../../../core/xml';
import { registerMediator, type CompileCtx } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError, PayloadError, PayloadTooLargeError } from '../errors';
import type { Expr } from '../expressions';
import { artifactLabel, type Registry } from '../executor';
import { TEXT_NS } from '../payload';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { parseXmlPayload, XmlPayloadError } from '../xml';
import { markEnvelopeIncomplete } from '../xml/serialize';
import { base, tagEnd } from './util';
import { escapeXmlText as escapeText } from '../../../core/xml/escape';
import { DECLARED, evalXPath2, FALLBACK, needsXPath2, parsesAsXPath2 } from './xsltXPath2';

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
/** Largest stylesheet accepted (characters). */
const MAX_STYLESHEET = 4 * 1024 * 1024;
const CACHE_LIMIT = 200;

interface Param {
  name: string;
  value?: string;
  expr?: Expr;
}

/**
 * A checked, parsed stylesheet, or the reason it is refused; `text`: its xsl:output method is "text" (XSLTMediator
 * then reads the result as a text payload).
 */
type Compiled =
  | {
      ok: true;
      xsl: XDocument;
      text: boolean;
      indent: boolean;
      declaration: string;
      /** xsl:output's method and indent as written ('' when absent): html decides both at serialization */
      method: string;
      indentAttr: string;
    }
  | { ok: false; code: string; message: string };

const cache = new Map<string, Compiled>();
/** A prefixed name whose local part xslt-processor's XPath 2.0 lexer takes for a keyword. */
const KEYWORD_NAME =
  /[A-Za-z_][\w.-]*:(?:for|if|in|some|every|satisfies|then|else|to|instance|of|treat|as|cast|castable|return)(?![\w.-])/;
const parser = new XmlParser();
const xpathChecker = new XPath();

/** Where a stylesheet's text comes from, for messages: a file with a line offset, or just its key. */
interface Origin {
  label: string;
  lineOffset: number;
}

function originOf(key: string, reg: Registry, text: string): Origin {
  const le = reg.localEntry(key);
  if (le) {
    // find where the entry's content starts in its file, so lines point into the real file
    try {
      const fileText = readFileSync(le.file, 'utf8');
      // namespace declarations may have been added to the first element that needs them: look for the text from
      // its first line break on, as many whole lines as the file holds unchanged
      const nl = text.indexOf('\n');
      let found = -1;
      if (nl < 0) found = fileText.indexOf(text.trimStart().slice(0, 200));
      else {
        const lines = text.slice(nl + 1).split('\n');
        let probe = '\n';
        for (let i = 0; i < lines.length && probe.length < 300; i++) {
          const at = fileText.indexOf(`${probe}${lines[i]}`);
          if (at < 0) break;
          found = at;
          probe = `${probe}${lines[i]}\n`;
        }
      }
      if (found >= 0) return { label: le.file, lineOffset: new LineIndex(fileText).positionAt(found).line };
    } catch {
      // deployed from memory: fall back to the entry's own line
    }
    return { label: `${le.file} (local entry '${key}')`, lineOffset: Math.max(0, le.line - 1) };
  }
  return { label: key, lineOffset: 0 };
}

/** Checks and parses a stylesheet text (cached by text). */
function compileStylesheet(text: string): Compiled {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const c = checkStylesheet(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(text, c);
  return c;
}

function at(lines: LineIndex, offset: number): string {
  const p = lines.positionAt(offset);
  return `line ${p.line + 1}, column ${p.character + 1}`;
}

function checkStylesheet(text: string): Compiled {
  if (text.length > MAX_STYLESHEET)
    return {
      ok: false,
      code: 'XSLT_TOO_LARGE',
      message: `stylesheet larger than ${MAX_STYLESHEET} characters`,
    };
  // 1. the secure parser refuses DOCTYPE/DTD/entities and reports malformed XML with a position
  try {
    parseXmlPayload(text, { maxDepth: 1000 });
  } catch (e) {
    if (e instanceof XmlPayloadError)
      return {
        ok: false,
        code: e.code,
        message: `${e.detail}${e.line > 0 ? ` (line ${e.line}, column ${e.column})` : ''}`,
      };
    return { ok: false, code: 'XML_MALFORMED', message: (e as Error).message };
  }
  // 2. positioned checks: an XSLT root element and XPath syntax of the expressions
  const doc = parseXml(text);
  const lines = new LineIndex(text);
  const root = doc.root;
  if (!root || root.ns !== XSL_NS || (root.local !== 'stylesheet' && root.local !== 'transform'))
    return {
      ok: false,
      code: 'XSLT_NOT_STYLESHEET',
      message: `the root element is not xsl:stylesheet or xsl:transform (${at(lines, root?.nameSpan.start ?? 0)})`,
    };
  let bad: Compiled | undefined;
  let keywordName = false;
  const expressions = (el: XmlElement) =>
    el.ns !== XSL_NS
      ? []
      : el.attributes.filter(
          (a) => a.name === 'select' || a.name === 'test' || (a.name === 'match' && el.local === 'template'),
        );
  walkElements(root, (el: XmlElement) => {
    for (const a of expressions(el)) if (KEYWORD_NAME.test(a.value)) keywordName = true;
  });
  const version = root.attributes.find((a) => a.name === 'version');
  const declared = Number(version?.value ?? '1');
  // the expressions are read with the grammar the stylesheet runs with (XPath 2.0's if/for/sequences in a 2.0 one)
  const grammar = (keywordName || !(declared >= 2) ? '1.0' : declared >= 3 ? '3.1' : '2.0') as Parameters<
    XPath['xPathParse']
  >[2];
  walkElements(root, (el: XmlElement) => {
    if (bad) return;
    for (const a of expressions(el)) {
      try {
        xpathChecker.xPathParse(a.value, undefined, grammar);
      } catch (e) {
        // an expression that xslt-processor cannot read runs as XPath 2.0 (xsltXPath2.ts): Saxon reads XPath 2.0
        // in every stylesheet, a 1.0 one in backwards-compatible mode
        if (parsesAsXPath2(a.value)) continue;
        bad = {
          ok: false,
          code: 'XSLT_XPATH',
          message: `invalid XPath '${a.value}' in xsl:${el.local}/@${a.name}: ${(e as Error).message} (${at(lines, a.valueSpan.start)})`,
        };
        return;
      }
    }
  });
  if (bad) return bad;
  // xslt-processor's XPath 2.0 reader refuses a prefixed name whose local part is one of its keywords
  // (m0:return, ns:for); Saxon, MI's processor, reads them. Such a stylesheet runs with the 1.0 reader.
  const source =
    keywordName && version && Number(version.value) >= 2
      ? `${text.slice(0, version.valueSpan.start)}1.0${text.slice(version.valueSpan.end)}`
      : text;
  // the output method: the last top-level xsl:output naming one (XSLTMediator asks the transformer for it)
  let method = '';
  let indent = '';
  let omit = '';
  let encoding = '';
  let standalone = '';
  for (const c of childElements(root))
    if (c.ns === XSL_NS && c.local === 'output') {
      method = attrValue(c, 'method')?.trim() ?? method;
      indent = attrValue(c, 'indent')?.trim() ?? indent;
      omit = attrValue(c, 'omit-xml-declaration')?.trim() ?? omit;
      encoding = attrValue(c, 'encoding')?.trim() ?? encoding;
      standalone = attrValue(c, 'standalone')?.trim() ?? standalone;
    }
  const yes = (v: string) => v === 'yes' || v === 'true' || v === '1';
  // XSLT's built-in rule for attributes writes their value (xslt-processor writes nothing): an attribute selected by
  // apply-templates that no template matches. As a template of the lowest priority, where no xsl:import could
  // give one of lower precedence
  let withBuiltIns = source;
  const end = source.lastIndexOf('</');
  if (end > 0 && !childElements(root).some((c) => c.ns === XSL_NS && c.local === 'import')) {
    const colon = root.name.indexOf(':');
    const p = colon > 0 ? `${root.name.slice(0, colon)}:` : '';
    withBuiltIns = `${source.slice(0, end)}<${p}template match="@*" priority="-9"><${p}value-of select="."/></${p}template>${source.slice(end)}`;
  }
  try {
    return {
      ok: true,
      xsl: parser.xmlParse(withBuiltIns),
      text: method === 'text',
      indent: yes(indent),
      method,
      indentAttr: indent,
      // the XML declaration Saxon's XML output method writes first (a line break after it when indenting)
      declaration:
        (method === '' || method === 'xml') && !yes(omit)
          ? `<?xml version="1.0" encoding="${encoding || 'UTF-8'}"${
              standalone && standalone !== 'omit' ? ` standalone="${yes(standalone) ? 'yes' : 'no'}"` : ''
            }?>${yes(indent) ? '\n' : ''}`
          : '',
    };
  } catch (e) {
    return { ok: false, code: 'XSLT_PARSE', message: (e as Error).message };
  }
}

/** Rewrites "line N" positions inside a message to lines of the origin file. */
function located(origin: Origin, message: string): string {
  const shifted = message.replace(
    /\bline (\d+)/g,
    (_m, n: string) => `line ${Number(n) + origin.lineOffset}`,
  );
  return `${origin.label}: ${shifted}`;
}

interface XsltConfig {
  label: string;
  /** The key as MI's Value.toString() writes it (in XSLTMediator's failure messages). */
  keyValue: string;
  key: Expr | undefined;
  source: Expr | undefined;
  target: string | undefined;
  params: Param[];
  resources: Map<string, string>;
}

function compileConfig(el: XmlElement, cc: CompileCtx, fast: boolean): XsltConfig {
  const key = cc.value(el, 'key');
  if (!attrValue(el, 'key')) cc.problem(el, 'RT_MISSING_ATTRIBUTE', `${el.local} needs a key attribute`);
  const params: Param[] = [];
  const resources = new Map<string, string>();
  for (const c of childElements(el)) {
    if (c.local === 'property') {
      const name = attrValue(c, 'name');
      if (!name) cc.problem(c, 'RT_MISSING_ATTRIBUTE', `${el.local} <property> needs a name`);
      const value = attrValue(c, 'value');
      const expr = cc.expr(c, 'expression');
      if (value === undefined && !attrValue(c, 'expression'))
        cc.problem(c, 'RT_MISSING_ATTRIBUTE', `${el.local} <property> needs value or expression`);
      params.push({ name: name ?? '', value, expr });
    } else if (c.local === 'resource') {
      const location = attrValue(c, 'location');
      const rkey = attrValue(c, 'key');
      // ResourceMapFactory refuses a resource without the location or key attribute (an empty one is read)
      if (location === undefined || rkey === undefined)
        cc.problem(c, 'RT_MISSING_ATTRIBUTE', `${el.local} <resource> needs location and key`);
      else resources.set(location, rkey);
    }
    // XSLTMediatorFactory reads property, feature, attribute and resource children by name: another is not read
  }
  if (fast && (attrValue(el, 'source') !== undefined || params.length))
    cc.problem(el, 'RT_FASTXSLT_FORM', 'fastXSLT takes only a key (no source or properties)');
  const p = cc.pos(el);
  const keyAttr = (attrValue(el, 'key') ?? '').trim();
  return {
    label: `${el.local} (${p.file}:${p.line})`,
    keyValue: /^\{.*\}$/s.test(keyAttr)
      ? `Value {name ='null', expression =${keyAttr.slice(1, -1)}}`
      : `Value {name ='null', keyValue ='${keyAttr}'}`,
    key,
    source: fast ? undefined : cc.expr(el, 'source'),
    target: fast ? undefined : attrValue(el, 'target') || undefined,
    params,
    resources,
  };
}

function paramValue(p: Param, ctx: MessageContext): string {
  if (p.expr) return p.expr.kind === 'xpath' ? p.expr.string(ctx) : stringOf(p.expr.value(ctx));
  return p.value ?? '';
}

/**
 * xslt-processor's xsl:value-of retries a select that found nothing at the document node from the document's root
 * element, so that `select="a"` from "/" reads /r/a; XSLT does not (MI's processor gives the empty string there).
 */
class StandardXslt extends Xslt {
  /** The source document: its white-space text nodes are kept (only xsl:strip-space removes them). */
  private source: XDocument | undefined;
  /** The stylesheet's xpath-default-namespace (XSLT 2.0): the namespace of unprefixed names in its expressions. */
  private defaultNs = '';

  constructor(options: ConstructorParameters<typeof Xslt>[0]) {
    super(options);
    const conv = (this.xPath as unknown as { nodeConverter: NodeConverter }).nodeConverter;
    patchFunctions(conv);
    // a 2.0 stylesheet's expressions are XPath 2.0, evaluated as Saxon does (see xsltXPath2.ts)
    const xp = this.xPath as unknown as { xPathEval(select: string, context: ExprContext): unknown };
    const libraryEval = xp.xPathEval.bind(xp);
    const external = new Set((options?.parameters ?? []).map((p) => p.name));
    xp.xPathEval = (select: string, context: ExprContext) => {
      if (Number(context.xsltVersion) >= 2) {
        const r = evalXPath2(select, context, conv, this.defaultNs, external);
        if (r !== FALLBACK) return r;
      } else if (
        needsXPath2(select, () => {
          try {
            xpathChecker.xPathParse(select, undefined, '1.0');
            return true;
          } catch {
            return false;
          }
        })
      ) {
        // a 1.0 stylesheet using XPath 2.0: Saxon's backwards-compatible mode
        const r = evalXPath2(select, context, conv, this.defaultNs, external, true);
        if (r !== FALLBACK) return r;
      }
      return libraryEval(select, context);
    };
    (this.xPath as unknown as { xPathSortByKey: typeof StandardXslt.sortByKey }).xPathSortByKey =
      StandardXslt.sortByKey;
  }

  override async xsltProcessToDocument(xmlDoc: XDocument, stylesheet: XDocument): Promise<XDocument> {
    this.source = xmlDoc;
    const root = stylesheet.childNodes.find((c) => c.nodeType === 1);
    this.defaultNs = String(root?.getAttributeValue('xpath-default-namespace') ?? '');
    hideNamespaceAttributes(xmlDoc);
    this.stripSourceSpace(xmlDoc, stylesheet);
    const out = await super.xsltProcessToDocument(xmlDoc, stylesheet);
    dropRedundantDeclarations(out, new Map());
    return out;
  }

  /**
   * xsl:strip-space removes white-space-only text nodes from the source tree before anything runs (XSLT 1.0 3.4):
   * xslt-processor only left them out where it copied them, so `node()`, `text()`, position() and count() still saw
   * them. The library's own strip/preserve rules decide; its pattern lists are filled for that and emptied again.
   */
  private stripSourceSpace(xmlDoc: XDocument, stylesheet: XDocument): void {
    const lib = this as unknown as {
      stripSpacePatterns: unknown[];
      preserveSpacePatterns: unknown[];
      xsltStripSpace(n: XNode): void;
      xsltPreserveSpace(n: XNode): void;
      shouldStripWhitespaceNode(n: XNode): boolean;
    };
    const root = stylesheet.childNodes.find((c) => c.nodeType === 1);
    const decls = (root?.childNodes ?? []).filter(
      (c) =>
        c.nodeType === 1 &&
        c.namespaceUri === XSL_NS &&
        (c.localName === 'strip-space' || c.localName === 'preserve-space'),
    );
    if (!decls.some((d) => d.localName === 'strip-space')) return;
    for (const d of decls) {
      if (d.localName === 'strip-space') lib.xsltStripSpace(d);
      else lib.xsltPreserveSpace(d);
    }
    const strip = (n: XNode): void => {
      for (const c of [...n.childNodes]) {
        if (c.nodeType === 3 && lib.shouldStripWhitespaceNode(c)) n.removeChild(c);
        else if (c.nodeType === 1) strip(c);
      }
    };
    strip(xmlDoc);
    lib.stripSpacePatterns = [];
    lib.preserveSpacePatterns = [];
  }

  /**
   * xslt-processor runs the template chosen by xsl:apply-templates with the node alone as its context, so position()
   * and last() were always 1: the body runs at the node's place in the selected list, as XSLT has it.
   */
  /**
   * xsl:sort inside xsl:for-each-group orders the groups (xslt-processor ignored it): each group is sorted by the
   * keys evaluated with its first item as the context item and current-group()/current-grouping-key() set.
   */
  protected override async xsltForEachGroup(
    context: ExprContext,
    template: XNode,
    output?: XNode,
  ): Promise<void> {
    const xsl = (c: XNode, name: string) =>
      c.nodeType === 1 && c.namespaceUri === XSL_NS && c.localName === name;
    const sorts = template.childNodes.filter((c) => xsl(c, 'sort'));
    const attr = (n: string): string | undefined => {
      const v: unknown = template.getAttributeValue(n);
      return v === undefined || v === null ? undefined : String(v);
    };
    const methods = (
      [
        ['group-by', 'groupByKey'],
        ['group-adjacent', 'groupAdjacent'],
        ['group-starting-with', 'groupStartingWith'],
        ['group-ending-with', 'groupEndingWith'],
      ] as const
    ).filter(([a]) => attr(a) !== undefined);
    const select = attr('select');
    // the library's own errors (no select, no or two grouping methods) and XSLT 3.0's on-empty/on-non-empty
    if (
      !select ||
      methods.length !== 1 ||
      template.childNodes.some((c) => xsl(c, 'on-empty') || xsl(c, 'on-non-empty'))
    )
      return super.xsltForEachGroup(context, template, output);
    type Group = { items: XNode[]; key: unknown };
    const lib = this as unknown as Record<string, (...a: unknown[]) => Group[]> & {
      xsltChildNodesExcludingConditional(c: ExprContext, t: XNode, o?: XNode): Promise<void>;
    };
    const items = this.xPath.xPathEval(select, context).nodeSetValue();
    if (!items.length) return;
    const [a, method] = methods[0];
    let groups = lib[method].call(this, items, attr(a), context);
    if (sorts.length) {
      const keyed = groups.map((g, i) => {
        const ctx = context.clone([g.items[0]], 0) as ExprContext & {
          currentGroup?: XNode[];
          currentGroupingKey?: unknown;
        };
        ctx.currentGroup = g.items;
        ctx.currentGroupingKey = g.key;
        const key = sorts.map((sort) => {
          const value = this.xPath.xPathEval(String(sort.getAttributeValue('select') ?? '.'), ctx);
          const numeric = sort.getAttributeValue('data-type') === 'number';
          return {
            value: numeric ? xpathNumber(value.stringValue()) : value.stringValue(),
            order: String(sort.getAttributeValue('order') ?? 'ascending'),
          };
        });
        key.push({ value: i, order: 'ascending' });
        return { g, key };
      });
      keyed.sort(StandardXslt.sortByKey);
      groups = keyed.map((k) => k.g);
    }
    // the body runs once a group with the group's first item as the context item, position() the group's number and
    // last() the number of groups (XSLT 2.0 14.1; the library ran it with the group as the context list: 1 and its size)
    const firsts = groups.map((g) => g.items[0]);
    for (let i = 0; i < groups.length; i++) {
      const gc = context.clone(firsts, i) as ExprContext & {
        currentGroup?: XNode[];
        currentGroupingKey?: unknown;
      };
      gc.currentGroup = groups[i].items;
      gc.currentGroupingKey = groups[i].key;
      await lib.xsltChildNodesExcludingConditional(gc, template, output);
    }
  }

  /**
   * xsl:analyze-string's regex is an attribute value template (`\d{{4}}` is `\d{4}`): the library read it as it is.
   * The library reads it before its first await, so the evaluated value is set for that call only.
   */
  protected override xsltAnalyzeString(context: ExprContext, template: XNode, output?: XNode): Promise<void> {
    const raw: unknown = template.getAttributeValue('regex');
    if (typeof raw !== 'string' || !/[{}]/.test(raw))
      return super.xsltAnalyzeString(context, template, output);
    template.setAttribute('regex', String(this.xsltAttributeValue(raw, context)));
    try {
      return super.xsltAnalyzeString(context, template, output);
    } finally {
      template.setAttribute('regex', raw);
    }
  }

  /**
   * xsl:result-document with a relative href: XSLTMediator's StreamResult has no system identifier, so Saxon cannot
   * resolve it and the transformation fails (the library kept the document aside and went on).
   */
  protected override xsltResultDocument(context: ExprContext, template: XNode): Promise<void> {
    const raw: unknown = template.getAttributeValue('href');
    const href = typeof raw === 'string' ? String(this.xsltAttributeValue(raw, context)) : '';
    if (href && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href))
      return Promise.reject(new Error('The system identifier of the principal output file is unknown'));
    return super.xsltResultDocument(context, template);
  }

  /**
   * A call's xsl:with-param values, each evaluated in the caller's context (XSLT 1.0 11.6, 2.0 10.1.1): one does not
   * see another of the same call (`n` = $n - 1 then `acc` = concat($acc, $n) reads the caller's $n; the library set
   * each into the call's context before evaluating the next).
   */
  protected override async xsltWithParam(context: ExprContext, template: XNode): Promise<void> {
    const vars = (context as unknown as { variables: Record<string | symbol, unknown> }).variables;
    if (vars) vars[CALL_FRAME] = true;
    const values: [string, unknown][] = [];
    for (const c of template.childNodes) {
      if (c.nodeType !== 1 || c.namespaceUri !== XSL_NS || c.localName !== 'with-param') continue;
      const name: unknown = c.getAttributeValue('name');
      if (typeof name !== 'string') continue;
      const scratch = context.clone();
      await this.xsltVariable(scratch, c, true);
      values.push([name, (scratch as unknown as { variables: Record<string, unknown> }).variables[name]]);
    }
    for (const [name, v] of values) if (vars) vars[name] = v;
  }

  /**
   * xsl:variable and xsl:param: the declared type (`as`) is kept with the value, so a 2.0 expression reads it as that
   * type (a parameter as="xs:integer" passed as the string "3" is the integer 3: $p * 1000000 is 3000000).
   */
  protected override async xsltVariable(
    context: ExprContext,
    template: XNode,
    override = false,
  ): Promise<void> {
    const name: unknown = template.getAttributeValue('name');
    // a template's own xsl:param takes a value passed by xsl:with-param, else its default: the mediator's parameter
    // of that name is a global one (the library gave it to every template's param of that name)
    const owner = template.parentNode?.localName;
    if (
      template.localName === 'param' &&
      owner !== 'stylesheet' &&
      owner !== 'transform' &&
      typeof name === 'string'
    ) {
      // passed to this call: a with-param value of the nearest call (xsltWithParam's context, marked); a tunnel one
      // may come from further up
      let frame = (context as unknown as { variables: object }).variables as Record<symbol, unknown> | null;
      while (frame && !Object.prototype.hasOwnProperty.call(frame, CALL_FRAME))
        frame = Object.getPrototypeOf(frame) as Record<symbol, unknown> | null;
      const passed = (template.getAttributeValue('tunnel') === 'yes' ||
      (frame && Object.prototype.hasOwnProperty.call(frame, name))
        ? context.getVariable(name)
        : null) as unknown as Record<symbol, unknown> | null;
      if (!passed?.[WITH_PARAM]) override = true;
    }
    await super.xsltVariable(context, template, override);
    if (template.localName === 'with-param' && typeof name === 'string') {
      const v = context.getVariable(name) as unknown as Record<symbol, unknown> | null;
      if (v && typeof v === 'object') v[WITH_PARAM] = true;
    }
    const as: unknown = template.getAttributeValue('as');
    if (typeof as !== 'string' || typeof name !== 'string' || !(Number(context.xsltVersion) >= 2)) return;
    const v = context.getVariable(name) as unknown as Record<symbol, unknown> | undefined;
    if (v && typeof v === 'object') v[DECLARED] = as.trim();
  }

  /** Sort keys compared as Saxon does: NaN before every number (and equal to NaN), reversed when descending. */
  private static sortByKey(
    v1: { key: { value: unknown; order: string }[] },
    v2: { key: { value: unknown; order: string }[] },
  ): number {
    for (let i = 0; i < v1.key.length; i++) {
      const o = v1.key[i].order === 'descending' ? -1 : 1;
      const a = v1.key[i].value;
      const b = v2.key[i].value;
      let c: number;
      if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b)))
        c = Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.isNaN(a) ? -1 : 1;
      else c = (a as number) > (b as number) ? 1 : (a as number) < (b as number) ? -1 : 0;
      if (c) return c * o;
    }
    return 0;
  }

  protected override async xsltChildNodes(
    context: ExprContext,
    template: XNode,
    output?: XNode,
  ): Promise<void> {
    const c = context as ExprContext & { inApplyTemplates?: boolean; parent?: ExprContext };
    if (c.inApplyTemplates && c.nodeList.length === 1 && c.parent && c.parent.nodeList.length > 1) {
      const at = c.parent.nodeList.indexOf(c.nodeList[0]);
      if (at >= 0) {
        c.nodeList = c.parent.nodeList;
        c.position = at;
      }
    }
    return super.xsltChildNodes(context, template, output);
  }

  /**
   * xslt-processor drops every white-space-only text node it meets, of the stylesheet and of the source alike;
   * XSLT (Saxon) drops them only from the stylesheet: a source's line breaks and indentation are copied.
   */
  protected override xsltPassText(node: XNode): boolean {
    if (this.source && documentOf(node) === this.source) return true;
    return super.xsltPassText(node);
  }

  /**
   * xsl:copy and xsl:copy-of copy an element with all its in-scope namespaces (Saxon's copy-namespaces="yes"), used
   * or not; the serializer then writes those not already declared above it.
   */
  protected override xsltCopy(destination: XNode, source: XNode): XNode {
    // xsl:copy of the document node: its content goes where the copy stands (xslt-processor dropped it)
    if (source.nodeType === 9) return destination;
    const node = super.xsltCopy(destination, source);
    if (node && source.nodeType === 1 && this.source && documentOf(source) === this.source) {
      for (const [prefix, uri] of inScopeSourceNamespaces(source))
        if (prefix !== 'xml') node.setAttribute(prefix ? `xmlns:${prefix}` : 'xmlns', uri);
    }
    return node;
  }

  /**
   * A literal result element carries the stylesheet's namespaces in scope where it is written (XSLT 1.0 7.1.1),
   * except the XSLT namespace and those named by exclude-result-prefixes / extension-element-prefixes.
   */
  protected override async xsltPassThrough(
    context: ExprContext,
    template: XNode,
    output: XNode,
  ): Promise<void> {
    const parent = (output ?? this.outputDocument) as XNode;
    const before = parent.childNodes.length;
    await super.xsltPassThrough(context, template, output);
    if (template.nodeType !== 1) return;
    const node = parent.childNodes[before];
    if (!node || node.nodeType !== 1) return;
    const excluded = excludedPrefixes(template);
    const all = excluded.has('#all');
    for (const [prefix, uri] of inScopeStylesheetNamespaces(template)) {
      if (uri === XSL_NS || prefix === 'xml' || all || excluded.has(prefix)) continue;
      const name = prefix ? `xmlns:${prefix}` : 'xmlns';
      if (node.getAttributeValue(name) === undefined || node.getAttributeValue(name) === null)
        node.setAttribute(name, uri);
    }
  }

  /**
   * xsl:comment and xsl:processing-instruction: the node written stays where it stands among its siblings
   * (xslt-processor gave it no sibling position, so the serializer wrote it first: `<a/><!--x-->` became `<!--x--><a/>`).
   */
  protected override async xsltComment(context: ExprContext, template: XNode, output?: XNode): Promise<void> {
    const parent = (output ?? this.outputDocument) as XNode;
    await super.xsltComment(context, template, output);
    placeLast(parent);
  }

  protected override async xsltProcessingInstruction(
    context: ExprContext,
    template: XNode,
    output?: XNode,
  ): Promise<void> {
    const parent = (output ?? this.outputDocument) as XNode;
    await super.xsltProcessingInstruction(context, template, output);
    placeLast(parent);
  }

  /**
   * An attribute value template: `{{` and `}}` are braces (xslt-processor kept them doubled), an expression's value
   * is its string value, in XSLT 2.0 every item of it joined by spaces (1.0: the first node's).
   */
  protected override xsltAttributeValue(value: unknown, context: ExprContext): unknown {
    const v = String(value);
    if (!v.includes('{') && !v.includes('}')) return value;
    const v2 = Number(context.xsltVersion ?? 1) >= 2;
    let out = '';
    for (let i = 0; i < v.length; i++) {
      const ch = v[i];
      if ((ch === '{' || ch === '}') && v[i + 1] === ch) {
        out += ch;
        i++;
      } else if (ch === '{') {
        let j = i + 1;
        let quote = '';
        for (; j < v.length; j++) {
          if (quote) {
            if (v[j] === quote) quote = '';
          } else if (v[j] === '"' || v[j] === "'") quote = v[j];
          else if (v[j] === '}') break;
        }
        const r = this.xPath.xPathEval(v.slice(i + 1, j), context);
        out += v2 && r.type === 'node-set' ? r.nodeSetValue().map(nodeText).join(' ') : r.stringValue();
        i = j;
      } else out += ch;
    }
    return out;
  }

  protected override xsltValueOf(context: ExprContext, template: XNode, output?: XNode): void {
    const target = (output ?? this.outputDocument) as XNode;
    const before = target.childNodes.length;
    this.valueOfText(context, template, output);
    // disable-output-escaping="yes": the text is written as it is (xslt-processor ignored it on value-of)
    if (template.getAttributeValue('disable-output-escaping') === 'yes')
      for (const n of target.childNodes.slice(before)) if (n.nodeType === 3) n.escape = false;
  }

  private valueOfText(context: ExprContext, template: XNode, output?: XNode): void {
    const select: unknown = template.getAttributeValue('select');
    // XSLT 2.0: every node selected, joined by the separator (a space by default); 1.0 takes the first only
    if (
      select !== undefined &&
      select !== null &&
      (Number(context.xsltVersion ?? 1) >= 2 || template.getAttributeValue('separator') != null)
    ) {
      const r = this.xPath.xPathEval(String(select), context);
      const items = (r as { items?: string[] }).items;
      if (r.type === 'node-set' || items) {
        const sep: unknown = template.getAttributeValue('separator');
        const text = (items ?? r.nodeSetValue().map(nodeText)).join(
          sep === undefined || sep === null ? ' ' : String(this.xsltAttributeValue(sep, context)),
        );
        const target = (output ?? this.outputDocument) as XNode;
        const node = this.outputDocument.createTextNode(text);
        node.siblingPosition = target.childNodes.length;
        target.appendChild(node);
        return;
      }
    }
    const current = context.nodeList[context.position];
    if (current?.nodeName === '#document') {
      try {
        const r = this.xPath.xPathEval(String(template.getAttributeValue('select') ?? ''), context);
        if (r.stringValue() === '') return;
      } catch {
        // the library's own evaluation reports it
      }
    }
    super.xsltValueOf(context, template, output);
  }

  /**
   * xslt-processor's xsl:element makes the element by its name only: the `namespace` attribute (an attribute value
   * template) and, without it, the stylesheet's declaration of the name's prefix (or its default namespace) are lost.
   * XSLT (and MI's processor) put the element in that namespace: it is declared on the element made.
   */
  protected override async xsltElement(context: ExprContext, template: XNode, output?: XNode): Promise<void> {
    const parent = (output ?? this.outputDocument) as XNode;
    const before = parent.childNodes.length;
    await super.xsltElement(context, template, output);
    const node = parent.childNodes[before];
    if (!node || node.nodeType !== 1) return;
    const colon = node.nodeName.indexOf(':');
    const prefix = colon > 0 ? node.nodeName.slice(0, colon) : '';
    const attr: unknown = template.getAttributeValue('namespace');
    const ns =
      attr !== undefined && attr !== null
        ? String(this.xsltAttributeValue(attr, context))
        : inScopeNamespace(template, prefix);
    if (ns === undefined || (ns === '' && prefix)) return;
    node.setAttribute(prefix ? `xmlns:${prefix}` : 'xmlns', ns);
  }
}

/** The parts of xslt-processor's XPath-to-XSLT bridge (not exported as types) that are corrected here. */
interface NodeConverter {
  createCustomFunctions(ctx: ExprContext): Record<string, (...a: unknown[]) => unknown>;
  convertVariables(ctx: { variables?: Record<string, unknown>; parent?: unknown }): Record<string, unknown>;
  formatXsltNumberPicture(value: number, picture: string, settings: DecimalFormat): string;
  wrapResult(result: unknown, ctx?: unknown): { stringValue(): string };
  [patched]?: true;
}

interface DecimalFormat {
  naN: string;
  infinity: string;
  minusSign: string;
  patternSeparator: string;
  digit: string;
  zeroDigit: string;
  groupingSeparator: string;
  decimalSeparator: string;
  percent: string;
  perMille: string;
}

const patched = Symbol('j3-patched');
/** Marks a value passed by xsl:with-param. */
const WITH_PARAM = Symbol('xslt-with-param');
/** Marks the variables of a call's context (call-template, apply-templates): where its with-params are. */
const CALL_FRAME = Symbol('xslt-call-frame');

/** The string value of an item xslt-processor hands a function: a node's text, anything else as a string. */
function itemString(v: unknown): string {
  if (v && typeof v === 'object' && 'nodeType' in v) return nodeText(v as XNode);
  if (v && typeof v === 'object' && 'stringValue' in v) return (v as { stringValue(): string }).stringValue();
  return typeof v === 'number' ? doubleString(v) : String(v ?? '');
}

function nodeText(n: XNode): string {
  if (n.nodeType === 2 || n.nodeType === 3 || n.nodeType === 4) return String(n.nodeValue ?? '');
  if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return '';
  let s = '';
  // a parsed input tree keeps its children in order (its texts have no sibling position: -1); a result tree's
  // children are ordered by their position
  const kids = n.childNodes.some((c) => c.siblingPosition !== undefined && c.siblingPosition < 0)
    ? n.childNodes
    : ordered(n);
  for (const c of kids) if (c.nodeType !== 2 && c.nodeType !== 7 && c.nodeType !== 8) s += nodeText(c);
  return s;
}

/** Document order of two nodes of one tree (0 for nodes of different trees). */
function documentOrder(a: XNode, b: XNode): number {
  if (a === b) return 0;
  const chain = (n: XNode): XNode[] => {
    const c: XNode[] = [];
    for (let e: XNode | undefined = n; e; e = e.parentNode) c.unshift(e);
    return c;
  };
  const ca = chain(a);
  const cb = chain(b);
  if (ca[0] !== cb[0]) return 0;
  let i = 0;
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++;
  if (i === ca.length) return -1;
  if (i === cb.length) return 1;
  const siblings = ca[i - 1].childNodes;
  return siblings.indexOf(ca[i]) - siblings.indexOf(cb[i]);
}

/** XPath's number() of a string: a decimal number between optional white space, else NaN. */
function xpathNumber(s: string): number {
  const t = s.trim();
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN;
}

/** The items of a function argument (a node-set is an array; one value is one item). */
const itemsOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * A double as Saxon writes it (XPath 2.0's xs:double to xs:string, which Saxon uses for XSLT 1.0 stylesheets
 * too): plain from 1.0E-6 up to 1.0E6, else with an exponent (1.0E6, 1.2345695E6); INF, -INF, -0.
 */
function doubleString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const a = Math.abs(x);
  if (a >= 1e-6 && a < 1e6) return String(x);
  const [m, e] = x.toExponential().split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${Number(e)}`;
}

/**
 * A non-negative number rounded half to even at `digits` fraction digits, from its shortest decimal form (Saxon's
 * format-number: 0.125 -> 0.12, 2.675 -> 2.68), as a plain decimal string.
 */
function toFixedHalfEven(x: number, digits: number): string {
  const [mant, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  let ds = mant.replace('.', '');
  let point = exp + 1;
  if (point < 0) {
    ds = '0'.repeat(-point) + ds;
    point = 0;
  }
  if (point > ds.length) ds += '0'.repeat(point - ds.length);
  const keep = point + digits;
  if (ds.length < keep) ds += '0'.repeat(keep - ds.length);
  else if (ds.length > keep) {
    const next = ds[keep];
    const rest = ds.slice(keep + 1);
    let head = ds.slice(0, keep);
    const last = head.length ? Number(head[head.length - 1]) : 0;
    if (next > '5' || (next === '5' && (/[1-9]/.test(rest) || last % 2 === 1))) {
      // add one unit in the last kept place
      const d = (head || '0').split('').map(Number);
      let i = d.length - 1;
      while (i >= 0 && d[i] === 9) d[i--] = 0;
      if (i < 0) {
        d.unshift(1);
        point++;
      } else d[i]++;
      head = d.join('');
    }
    ds = head;
  }
  const intPart = ds.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = ds.slice(point, point + digits);
  return digits > 0 ? `${intPart}.${frac}` : intPart;
}

/**
 * Corrections to xslt-processor's function library, each where Saxon (MI's processor) answers otherwise:
 * format-number rounds half to even; key() takes a node-set of values; upper-case, lower-case and string-join read
 * nodes' string values (they printed the node object); numbers are written as doubles (1.0E6, INF, -0).
 */
function patchFunctions(conv: NodeConverter): void {
  if (conv[patched]) return;
  conv[patched] = true;
  // the variables an expression sees: the library walked the contexts up to the root and enumerated each one's
  // variables with for-in, which also walks its prototype chain (a clone's variables inherit its parent's): O(depth^2)
  // per evaluation, so a call-template recursing 1,000 deep took more than a minute. The same map (the nearest
  // context's value wins) from own keys only, each converted once.
  const convertVariables = conv.convertVariables.bind(conv);
  conv.convertVariables = (ctx) => {
    const chain: { variables?: Record<string, unknown> }[] = [];
    let c = ctx as { variables?: Record<string, unknown>; parent?: unknown } | undefined;
    while (c) {
      chain.push(c);
      c = c.parent as typeof c;
    }
    const flat = Object.create(null) as Record<string, unknown>;
    for (let i = chain.length - 1; i >= 0; i--) {
      const v = chain[i].variables;
      if (v) for (const k of Object.keys(v)) flat[k] = v[k];
    }
    return convertVariables({ variables: flat });
  };
  // a node's string value for the library's functions (string(), normalize-space(), contains(), comparisons...):
  // its adapter gave one only to the nodes it had adapted, and its recursion read it from a descendant it had not
  // (string(.) of <a><b>7</b></a> threw 'Cannot read properties of undefined'); on the prototype every node has
  // it: the text below it in document order, CDATA included
  const xnodeProto = XNode.prototype as unknown as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(xnodeProto, '_getTextContent'))
    xnodeProto._getTextContent = function (this: XNode) {
      return nodeText(this);
    };
  const numberProto = Object.getPrototypeOf(conv.wrapResult(1)) as { stringValue(): string; value: number };
  if (!Object.prototype.hasOwnProperty.call(numberProto, patched)) {
    Object.defineProperty(numberProto, patched, { value: true });
    numberProto.stringValue = function (this: { value: number }) {
      return doubleString(Number(this.value));
    };
  }
  // a sequence of atomic values (XPath 2.0 for, tokenize ...): its items' strings joined by spaces, the items kept
  // for xsl:value-of's separator (it became a node-set of junk: value-of wrote ",,")
  const wrap = conv.wrapResult.bind(conv);
  const StringValue = (Object.getPrototypeOf(wrap('')) as { constructor: new (v: string) => object })
    .constructor;
  conv.wrapResult = (result: unknown, ctx?: unknown) => {
    if (Array.isArray(result) && result.some((v) => typeof v !== 'object' || v === null)) {
      const items = result.map(itemString);
      // xsl:for-each over the items: each one a text node (`.` is its value)
      const nodeSetValue = () => items.map((v) => XNode.create(3, '#text', v, null));
      return Object.assign(new StringValue(items.join(' ')), { items, nodeSetValue }) as unknown as {
        stringValue(): string;
      };
    }
    return wrap(result, ctx);
  };
  // a union in document order (its sort asked the nodes for compareDocumentPosition, which they lack: it kept the
  // operands' order)
  const union = (xpathChecker.xPathParse('a|b') as unknown as { xpathExpression?: object }).xpathExpression;
  const unionProto = union && (Object.getPrototypeOf(union) as Record<string | symbol, unknown>);
  if (unionProto && typeof unionProto.sortByDocumentOrder === 'function' && !unionProto[patched]) {
    Object.defineProperty(unionProto, patched, { value: true });
    unionProto.sortByDocumentOrder = (nodes: XNode[]) => nodes.sort(documentOrder);
  }
  // a node-set's number: parseInt made "2.5" 2 (a numeric xsl:sort of decimals kept document order)
  const nodeSetProto = Object.getPrototypeOf(conv.wrapResult([])) as Record<string | symbol, unknown>;
  if (!Object.prototype.hasOwnProperty.call(nodeSetProto, patched)) {
    Object.defineProperty(nodeSetProto, patched, { value: true });
    nodeSetProto.numberValue = function (this: { stringValue(): string }) {
      return xpathNumber(this.stringValue());
    };
    // a comment's or processing instruction's string value is its text (the library gave "undefined")
    const nodeSetString = nodeSetProto.stringValue as (this: unknown) => string;
    // an element's or document's is the text below it, CDATA included (the library's recursion read
    // `_getTextContent` of a descendant it had not adapted yet: value-of select="." of <a><b>7</b></a> threw)
    nodeSetProto.stringValue = function (this: { value: XNode[] }) {
      const first = this.value[0];
      if (first && (first.nodeType === 7 || first.nodeType === 8)) return String(first.nodeValue ?? '');
      if (first && (first.nodeType === 1 || first.nodeType === 9 || first.nodeType === 11))
        return nodeText(first);
      return nodeSetString.call(this);
    };
  }
  // arithmetic on an empty node-set: NaN in a 1.0 stylesheet (XPath 1.0, Saxon's backwards-compatible mode), not empty
  const arith = (xpathChecker.xPathParse('1 * 1') as unknown as { xpathExpression?: object }).xpathExpression;
  const arithProto = arith && (Object.getPrototypeOf(arith) as Record<string | symbol, unknown>);
  if (
    arithProto &&
    typeof arithProto.evaluate === 'function' &&
    'operator' in arith &&
    !arithProto[patched]
  ) {
    Object.defineProperty(arithProto, patched, { value: true });
    const evaluate = arithProto.evaluate as (c: { xsltVersion?: string }) => unknown;
    arithProto.evaluate = function (this: unknown, c: { xsltVersion?: string }) {
      const r = evaluate.call(this, c);
      return r === null && !(Number(c?.xsltVersion) >= 2) ? NaN : r;
    };
  }
  // XPath's own string conversions (string(), concat(), contains() ...) of a number
  const call = (xpathChecker.xPathParse('string(1)') as unknown as { xpathExpression?: object })
    .xpathExpression;
  const callProto = call && (Object.getPrototypeOf(call) as Record<string | symbol, unknown>);
  if (callProto && typeof callProto.convertToString === 'function' && !callProto[patched]) {
    Object.defineProperty(callProto, patched, { value: true });
    const convert = callProto.convertToString as (v: unknown) => string;
    callProto.convertToString = function (this: unknown, v: unknown) {
      // an empty sequence (2.0 arithmetic on nothing) is the empty string, not "null"
      if (v === null || v === undefined) return '';
      return typeof v === 'number' ? doubleString(v) : convert.call(this, v);
    };
    // substring() and string-length() count characters (code points), not UTF-16 units (an emoji was split in two,
    // an invalid result); a node-set position argument is read as a number (it was NaN)
    const argNumber = (v: unknown): number =>
      typeof v === 'number'
        ? v
        : typeof v === 'boolean'
          ? Number(v)
          : xpathNumber(itemString(Array.isArray(v) ? (v[0] ?? '') : v));
    callProto.substring = function (this: { convertToString(v: unknown): string }, a: unknown[]) {
      const chars = Array.from(this.convertToString(a[0]));
      const start = Math.round(argNumber(a[1]));
      const end = a.length > 2 ? start + Math.round(argNumber(a[2])) : Infinity;
      return chars.filter((_c, i) => i + 1 >= start && i + 1 < end).join('');
    };
    const stringLength = callProto.stringLength as (a: unknown[], c: unknown) => number;
    callProto.stringLength = function (
      this: { convertToString(v: unknown): string },
      a: unknown[],
      c: unknown,
    ) {
      return a.length ? Array.from(this.convertToString(a[0])).length : stringLength.call(this, a, c);
    };
    const stringValue = callProto.stringValue as (a: unknown[], c: unknown) => string;
    callProto.stringValue = function (this: unknown, a: unknown[], c: unknown) {
      return a.length && typeof a[0] === 'number' ? doubleString(a[0]) : stringValue.call(this, a, c);
    };
  }
  const custom = conv.createCustomFunctions.bind(conv);
  conv.createCustomFunctions = (ctx: ExprContext) => {
    const f = custom(ctx);
    const key = f.key;
    f.key = (c: unknown, name: unknown, value: unknown) => {
      if (!Array.isArray(value)) return key(c, name, value);
      const out: unknown[] = [];
      const seen = new Set<unknown>();
      for (const v of value)
        for (const n of itemsOf(key(c, name, itemString(v))))
          if (!seen.has(n)) {
            seen.add(n);
            out.push(n);
          }
      return out;
    };
    // a node's value is read as a number (it was taken as NaN: format-number(@price, '0.00') gave "NaN")
    const formatNumber = f['format-number'];
    f['format-number'] = (c: unknown, n: unknown, ...rest: unknown[]) =>
      formatNumber(c, typeof n === 'number' ? n : xpathNumber(itemString(itemsOf(n)[0] ?? '')), ...rest);
    for (const [name, fn] of [
      ['upper-case', (_c: unknown, v: unknown) => itemString(itemsOf(v)[0] ?? '').toUpperCase()],
      ['lower-case', (_c: unknown, v: unknown) => itemString(itemsOf(v)[0] ?? '').toLowerCase()],
      ['distinct-values', (_c: unknown, v: unknown) => [...new Set(itemsOf(v).map(itemString))]],
      [
        // XPath 2.0 tokenize keeps empty tokens between separators
        'tokenize',
        (_c: unknown, input: unknown, pattern: unknown, flags: unknown = '') => {
          const text = itemString(itemsOf(input)[0] ?? '');
          if (text === '') return [];
          const f = itemString(itemsOf(flags)[0] ?? '').replace(/[^ims]/g, '');
          return text.split(new RegExp(itemString(itemsOf(pattern)[0] ?? ''), f));
        },
      ],
      [
        'string-join',
        (_c: unknown, seq: unknown, sep: unknown = '') =>
          itemsOf(seq)
            .map(itemString)
            .join(itemString(itemsOf(sep)[0] ?? '')),
      ],
    ] as const) {
      f[name] = fn as (...a: unknown[]) => unknown;
      f[`fn:${name}`] = fn as (...a: unknown[]) => unknown;
    }
    return f;
  };
  conv.formatXsltNumberPicture = (value: number, picture: string, settings: DecimalFormat) =>
    formatNumber(value, picture, settings);
}

/** format-number as xslt-processor writes it, rounding half to even as Saxon does. */
function formatNumber(value: number, picture: string, st: DecimalFormat): string {
  if (Number.isNaN(value)) return st.naN;
  const subs = picture.split(st.patternSeparator);
  const negative = value < 0 || Object.is(value, -0);
  const active = (negative && subs.length > 1 ? subs[1] : subs[0]) || '';
  if (!Number.isFinite(value)) return negative ? `${st.minusSign}${st.infinity}` : st.infinity;
  const marks = new Set([st.digit, st.zeroDigit, st.groupingSeparator, st.decimalSeparator]);
  let first = -1;
  let last = -1;
  for (let i = 0; i < active.length; i++)
    if (marks.has(active[i])) {
      if (first < 0) first = i;
      last = i;
    }
  if (first < 0) return active;
  const prefix = active.slice(0, first);
  const suffix = active.slice(last + 1);
  const numeric = active.slice(first, last + 1);
  let scaled = Math.abs(value);
  if (active.includes(st.percent)) scaled *= 100;
  if (active.includes(st.perMille)) scaled *= 1000;
  const dot = numeric.indexOf(st.decimalSeparator);
  const intPattern = dot >= 0 ? numeric.slice(0, dot) : numeric;
  const fracPattern = dot >= 0 ? numeric.slice(dot + 1) : '';
  const count = (s: string, ...cs: string[]) => s.split('').filter((c) => cs.includes(c)).length;
  const minInt = count(intPattern, st.zeroDigit);
  const minFrac = count(fracPattern, st.zeroDigit);
  const maxFrac = count(fracPattern, st.zeroDigit, st.digit);
  let [intPart, fracPart = ''] = toFixedHalfEven(scaled, maxFrac).split('.');
  if (intPart.length < minInt) intPart = st.zeroDigit.repeat(minInt - intPart.length) + intPart;
  if (minInt === 0 && intPart === '0' && (fracPart.replace(/0+$/, '') !== '' || minFrac > 0)) intPart = '';
  while (fracPart.length > minFrac && fracPart.endsWith('0')) fracPart = fracPart.slice(0, -1);
  const group = intPattern.lastIndexOf(st.groupingSeparator);
  if (group >= 0) {
    const size = count(intPattern.slice(group + 1), st.zeroDigit, st.digit);
    if (size > 0) {
      let g = '';
      for (let i = intPart.length; i > 0; i -= size)
        g = intPart.slice(Math.max(0, i - size), i) + (g ? st.groupingSeparator + g : '');
      intPart = g;
    }
  }
  if (intPart === '' && fracPart === '') intPart = '0';
  const text = fracPart ? `${intPart}${st.decimalSeparator}${fracPart}` : intPart;
  return negative && subs.length < 2
    ? `${st.minusSign}${prefix}${text}${suffix}`
    : `${prefix}${text}${suffix}`;
}

/** The document a node belongs to (its top ancestor). */
function documentOf(node: XNode): XNode {
  let n = node;
  while (n.parentNode) n = n.parentNode;
  return n;
}

/** Namespace declarations of source elements, taken off their attributes (so that `@*` does not select them). */
const sourceDeclarations = new WeakMap<XNode, [string, string][]>();

function isDeclaration(a: XNode): boolean {
  return a.nodeType === 2 && (a.nodeName === 'xmlns' || a.nodeName.startsWith('xmlns:'));
}

/**
 * xslt-processor keeps a source's namespace declarations as attributes: `@*` selects them and an identity
 * transform's xsl:attribute / xsl:copy writes them back (a "strip the namespaces" stylesheet kept them). XPath has no
 * such attributes: they are moved aside, to be copied as namespaces by xsl:copy / xsl:copy-of.
 */
function hideNamespaceAttributes(node: XNode): void {
  for (const c of [...node.childNodes]) {
    if (c.nodeType !== 1) continue;
    const decls = c.childNodes.filter(isDeclaration);
    if (decls.length) {
      sourceDeclarations.set(
        c,
        decls.map((a) => [a.nodeName === 'xmlns' ? '' : a.nodeName.slice(6), String(a.nodeValue ?? '')]),
      );
      for (const a of decls) c.removeAttribute(a.nodeName);
    }
    hideNamespaceAttributes(c);
  }
}

/** The namespaces in scope on a source element (prefix '' the default one; an undeclared default is ''). */
function inScopeSourceNamespaces(node: XNode): Map<string, string> {
  const m = new Map<string, string>();
  for (let e: XNode | undefined = node; e; e = e.parentNode)
    for (const [p, u] of sourceDeclarations.get(e) ?? []) if (!m.has(p)) m.set(p, u);
  // a default namespace undeclared on the way up: the element is in no namespace; keep that when copied
  if (!m.has('') && !node.prefix) m.set('', '');
  return m;
}

/** The namespaces a stylesheet node's ancestors-or-self declare (prefix '' the default one). */
function inScopeStylesheetNamespaces(node: XNode): Map<string, string> {
  const m = new Map<string, string>();
  for (let e: XNode | undefined = node; e; e = e.parentNode) {
    if (e.nodeType !== 1) continue;
    for (const a of e.childNodes) {
      if (!isDeclaration(a)) continue;
      const p = a.nodeName === 'xmlns' ? '' : a.nodeName.slice(6);
      if (!m.has(p)) m.set(p, String(a.nodeValue ?? ''));
    }
  }
  return m;
}

/** Prefixes a literal result element must not copy: exclude-result-prefixes and extension-element-prefixes. */
function excludedPrefixes(template: XNode): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (v === undefined || v === null) return;
    for (const t of String(v).split(/\s+/).filter(Boolean)) out.add(t === '#default' ? '' : t);
  };
  for (let e: XNode | undefined = template; e; e = e.parentNode) {
    if (e.nodeType !== 1) continue;
    const xsl = e.namespaceUri === XSL_NS || /^[\w.-]+:(stylesheet|transform)$/.test(e.nodeName);
    if (xsl && e.parentNode?.nodeType === 9) {
      add(e.getAttributeValue('exclude-result-prefixes'));
      add(e.getAttributeValue('extension-element-prefixes'));
    } else if (!xsl) {
      for (const a of e.childNodes)
        if (a.nodeType === 2 && /:(exclude-result-prefixes|extension-element-prefixes)$/.test(a.nodeName))
          add(a.nodeValue);
    }
  }
  return out;
}

/** Removes namespace declarations an ancestor of the output already makes (the serializer writes each once). */
function dropRedundantDeclarations(node: XNode, scope: Map<string, string>): void {
  for (const c of node.childNodes) {
    if (c.nodeType !== 1) continue;
    const own = new Map(scope);
    for (const a of c.childNodes.filter(isDeclaration)) {
      const p = a.nodeName === 'xmlns' ? '' : a.nodeName.slice(6);
      const v = String(a.nodeValue ?? '');
      // the xml prefix is bound without a declaration
      if (p === 'xml' || ((scope.get(p) ?? '') === v && (p === '' || scope.has(p))))
        c.removeAttribute(a.nodeName);
      else own.set(p, v);
    }
    dropRedundantDeclarations(c, own);
  }
}

/** The namespace a stylesheet node's ancestors-or-self declare for a prefix ('' the default one). */
function inScopeNamespace(node: XNode | undefined, prefix: string): string | undefined {
  for (let e = node; e; e = e.parentNode) {
    if (e.nodeType !== 1) continue;
    const v: unknown = e.getAttributeValue(prefix ? `xmlns:${prefix}` : 'xmlns');
    if (v !== undefined && v !== null) return String(v);
  }
  return undefined;
}

/**
 * A failure inside XSLTMediator.performXSLT: `reason` is the message of MI's exception there (the text
 * XSLTMediator.mediate puts after "reason : "), the message our own account with the mediator's place.
 */
class XsltFailure extends MediationError {
  constructor(
    readonly reason: string,
    ours: string,
  ) {
    super(0, ours, ours);
  }
}

/** SourceXPathSupport.DEFAULT_XPATH: the source MI names when the mediator has none. */
const DEFAULT_SOURCE = 's11:Body/child::*[position()=1] | s12:Body/child::*[position()=1]';

/** XSLTMediator.performXSLT: resultBuilder.getNode failed (a SynapseException with this message). */
const OM_RESULT_FAILED = 'Unable to create an OMElement using XSLT result ';

/** Axiom's (llom) class of a node that is no element, named by the ClassCastException of performXSLT's cast. */
const AXIOM_NODE_CLASS: Record<number, string> = {
  3: 'OMTextImpl',
  4: 'OMTextImpl',
  7: 'OMProcessingInstructionImpl',
  8: 'OMCommentImpl',
};

/**
 * XSLTMediator.createTemplate: the stylesheet cannot be read or compiled (no entry, Saxon refusing it, an import
 * the resolver cannot find): handleException's message.
 */
function creating(cfg: XsltConfig): string {
  return `Error creating XSLT transformer using : ${cfg.keyValue}`;
}

async function runXslt(cfg: XsltConfig, ctx: MessageContext, reg: Registry): Promise<void> {
  const key = cfg.key ? cfg.key.string(ctx) : '';
  const text = reg.resource(key);
  if (text === undefined)
    throw new XsltFailure(
      creating(cfg),
      `${cfg.label}: stylesheet '${key}' is not a local entry or registry resource`,
    );
  const compiled = compileStylesheet(text);
  if (!compiled.ok) {
    const origin = originOf(key, reg, text);
    throw new XsltFailure(
      creating(cfg),
      `${cfg.label}: stylesheet ${located(origin, `${compiled.code} ${compiled.message}`)}`,
    );
  }
  // the node to transform
  let src: slimdom.Node | undefined;
  if (cfg.source) {
    // SourceXPathSupport.selectOMNode: the first item selected; a node is used as it is, a string is parsed as XML
    // (SynapseConfigUtils.stringToOM: a property holding an XML text), anything else faults
    const v = cfg.source.value(ctx);
    const first = Array.isArray(v) ? (v as unknown[])[0] : v;
    // an attribute is no OMNode in Axiom
    if (first instanceof slimdom.Node && first.nodeType !== 2) src = first;
    else if (typeof first === 'string') {
      try {
        src = parseXmlElement(first);
      } catch (e) {
        // SynapseConfigUtils.stringToOM
        throw new XsltFailure(
          `Unable to convert a string to OM Node as the string is malformed , String : ${first}`,
          `${cfg.label}: source '${cfg.source.text}': ${(e as Error).message}`,
        );
      }
    } else {
      // SourceXPathSupport.selectOMNode
      const reason = `The evaluation of the XPath expression ${cfg.source.text} did not result in an OMNode : ${first === undefined ? 'null' : stringOf(first)}`;
      throw new XsltFailure(reason, `${cfg.label}: ${reason}`);
    }
    // "/": the envelope of a message MI's builder made without a document around it (a REST or GET request), so
    // the envelope is transformed and replaced (XSLTMediator.performXSLT: isSoapEnvelope)
    if (src.nodeType === 9) src = (src as slimdom.Document).documentElement ?? src;
    // a text node is no OMElement (the cast in performXSLT fails)
    if (src.nodeType !== 1)
      throw new XsltFailure(
        `class org.apache.axiom.om.impl.llom.${AXIOM_NODE_CLASS[src.nodeType] ?? 'OMTextImpl'} cannot be cast to class org.apache.axiom.om.OMElement`,
        `${cfg.label}: The evaluation of the XPath expression ${cfg.source.text} did not result in an OMElement`,
      );
  } else {
    src = ctx.payload.rootElement();
    if (!src) throw new MediationError(0, `${cfg.label}: the message body is empty`);
  }
  const input = parser.xmlParse(
    src.nodeType === 1 ? serializeXml(src) : `<text>${escapeText(src.textContent ?? '')}</text>`,
  );
  const xslt = new StandardXslt({
    cData: true,
    escape: true,
    selfClosingTags: true,
    parameters: cfg.params.map((p) => ({ name: p.name, value: paramValue(p, ctx) })),
    fetchFunction: async (uri: string) => includeText(cfg, uri, reg),
    documentLoader: () => null,
  });
  let out: string;
  try {
    const doc = await xslt.xsltProcessToDocument(input, compiled.xsl);
    out = compiled.text ? textOf(doc) : serializeOutput(doc, compiled);
  } catch (e) {
    if (e instanceof MediationError) throw e;
    const origin = originOf(key, reg, text);
    // XSLTMediator.performXSLT: a TransformerException
    throw new XsltFailure(
      `Error performing XSLT transformation using : ${cfg.keyValue}`,
      `${cfg.label}: stylesheet ${origin.label} failed: XSLT_RUNTIME ${(e as Error).message}`,
    );
  }
  // transform.xslt.result.disableBuild (the String "true") with a target: the output as Saxon wrote it, as a string
  const disableBuild = ctx.getProperty('transform.xslt.result.disableBuild');
  if (cfg.target && typeof disableBuild === 'string' && disableBuild.toLowerCase() === 'true') {
    ctx.props.set(
      cfg.target,
      compiled.text ? out : `${compiled.declaration}${out}${compiled.indent ? '\n' : ''}`,
    );
    return;
  }
  const [result, epilog] = resultElement(out, cfg, compiled.text);
  if (cfg.target) {
    ctx.props.set(cfg.target, result);
    return;
  }
  const parent = src.parentNode;
  // the message's envelope: is the source the envelope, its body or header (XSLTMediator.performXSLT compares nodes)
  const envelope = src.ownerDocument === ctx.envelope() ? ctx.envelope().documentElement : undefined;
  const envelopePart =
    envelope && parent === envelope && src.nodeType === 1 ? (src as slimdom.Element).localName : undefined;
  if (envelopePart === 'Body' || envelopePart === 'Header') {
    // the SOAP body or header: its child elements replaced by those of the result, the result's own root left out
    // (XSLTMediator.performXSLT: isSoapBody / isSoapHeader)
    const part = src as slimdom.Element;
    for (const c of [...part.children]) part.removeChild(c);
    for (const c of [...result.children]) part.appendChild(part.ownerDocument!.importNode(c, true));
  } else if (envelope && src === envelope) {
    // the source was the envelope itself
    const d = new slimdom.Document();
    d.appendChild(d.importNode(result, true));
    ctx.payload.setEnvelope(d);
    // (ResultBuilderFactory.Output.SOAP_ENVELOPE: a SOAPEnvelope over a builder of the result's bytes, not read to
    // its end: written as parsed, its empty Header kept, until something completes it)
    markEnvelopeIncomplete(d);
    return;
  } else if (!parent) {
    // a source without a parent: OMNodeImpl.insertSiblingAfter refuses it (a string parsed or a property's element
    // has its document as parent: the result replaces it there, the message is unchanged)
    throw new XsltFailure(
      'Parent can not be null',
      `${cfg.label}: Unable to perform XSLT transformation: Parent can not be null`,
    );
  } else if (epilog !== undefined) {
    // the result takes the source's place: Axiom reads on past its document element, and the parser fails there
    // (XSLTMediator.performXSLT: sourceNode.insertSiblingAfter(result) -> OMNodeImpl.setParent -> detach)
    throw new XsltFailure(
      `com.ctc.wstx.exc.WstxParsingException: ${epilog}`,
      `${cfg.label}: Unable to perform XSLT transformation: com.ctc.wstx.exc.WstxParsingException: ${epilog}`,
    );
  } else {
    // in the message, or inside an element kept in a property (then the message is unchanged)
    const doc = parent.nodeType === 9 ? (parent as slimdom.Document) : parent.ownerDocument!;
    parent.replaceChild(doc.importNode(result, true), src);
  }
  ctx.payload.markXmlChanged();
}

/**
 * Runs a stylesheet text (checked and compiled once, as for the xslt mediator) over an XML text and gives the result
 * text; for the data mapper's XSLT form. Includes and imports are not loaded.
 */
export async function transformXmlText(
  stylesheet: string,
  input: string,
  params: { name: string; value: string }[],
): Promise<string> {
  const compiled = compileStylesheet(stylesheet);
  if (!compiled.ok)
    throw new MediationError(0, `stylesheet ${compiled.code} ${compiled.message}`, compiled.code);
  const xslt = new StandardXslt({
    cData: true,
    escape: true,
    selfClosingTags: true,
    parameters: params,
    fetchFunction: () => Promise.reject(new Error('xsl:include and xsl:import are not loaded here')),
    documentLoader: () => null,
  });
  const doc = await xslt.xsltProcessToDocument(parser.xmlParse(input), compiled.xsl);
  return compiled.text ? textOf(doc) : serializeOutput(doc, compiled);
}

/**
 * The transformation result as one element, as XSLTMediator reads it back (StreamResultBuilder.getNode): with the
 * text output method, the whole output (even empty, even if it looks like XML) wrapped as MI's text payload; with
 * any other method, the document element of the output parsed as XML: nothing but a declaration, comments,
 * processing instructions and white space may come before it (an empty or text output is refused, as the StAX parser
 * refuses it); with the parser's error on what follows it, if any (see epilogError).
 */
function resultElement(out: string, cfg: XsltConfig, text: boolean): [slimdom.Element, string | undefined] {
  if (text) {
    const d = new slimdom.Document();
    const el = d.createElementNS(TEXT_NS, 'axis2ns:text');
    if (out !== '') el.appendChild(d.createTextNode(out));
    return [el, undefined];
  }
  const first = documentElementText(out);
  if (first.error !== undefined)
    throw new XsltFailure(
      OM_RESULT_FAILED,
      `${cfg.label}: Unable to create an OMElement using XSLT result: ${first.error}`,
    );
  try {
    return [coalesced(parseXmlElement(first.text)), first.epilog];
  } catch (e) {
    throw new XsltFailure(
      OM_RESULT_FAILED,
      `${cfg.label}: Unable to create an OMElement using XSLT result: ${(e as Error).message}`,
    );
  }
}

/** Gives a node's last child the sibling position of its place (the order the serializer writes). */
function placeLast(parent: XNode): void {
  const last = parent.childNodes[parent.childNodes.length - 1];
  if (last) last.siblingPosition = parent.childNodes.length - 1;
}

/** The order xslt-processor's children are written in (its serializer sorts them by siblingPosition too). */
function ordered(node: XNode): XNode[] {
  return node.childNodes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.siblingPosition ?? 0) - (b.c.siblingPosition ?? 0) || a.i - b.i)
    .map((x) => x.c);
}

/** The text output method: the result tree's text, as it is. */
function textOf(node: XNode): string {
  let s = '';
  for (const c of ordered(node)) {
    if (c.nodeType === 3 || c.nodeType === 4) s += String(c.nodeValue ?? '');
    else if (c.nodeType === 1 || c.nodeType === 11) s += textOf(c);
  }
  return s;
}

/** Characters Saxon's XML emitter writes as references: its own forms for tab, LF and CR, else lower-case hex. */
const SAXON_REFS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const saxonRef = (ch: string): string => SAXON_REFS[ch] ?? `&#x${ch.charCodeAt(0).toString(16)};`;
/** Text as Saxon writes it: & < > escaped, CR, C1 controls, DEL and U+2028 as references. */
const escapeOut = (v: string): string => v.replace(/[&<>\r\u007f-\u009f\u2028]/g, saxonRef);
/** An attribute value as Saxon writes it: the same, and " tab LF as references too. */
const escapeAttr = (v: string): string => v.replace(/[&<>"\t\n\r\u007f-\u009f\u2028]/g, saxonRef);

/**
 * The xml or html output method (XSLT 1.0 16: html when xsl:output names it, or names no method and the result's first
 * element is an `html` in no namespace with only white space before it).
 */
function serializeOutput(doc: XNode, c: { method: string; indent: boolean; indentAttr: string }): string {
  let html = c.method === 'html';
  if (c.method === '') {
    const first = ordered(doc).find(
      (n) => n.nodeType === 1 || (n.nodeType === 3 && !/^\s*$/.test(String(n.nodeValue ?? ''))),
    );
    html =
      !!first &&
      first.nodeType === 1 &&
      !first.namespaceUri &&
      !first.prefix &&
      first.localName.toLowerCase() === 'html';
  }
  const xhtml = c.method === 'xhtml';
  if (!html && !xhtml) return serializeResult(doc, c.indent);
  const w: HtmlWriter = {
    out: '',
    level: 0,
    indent: c.indentAttr === '' || yesValue(c.indentAttr),
    sameLine: false,
    afterInline: false,
    formatted: 0,
    xhtml,
  };
  writeHtml(doc, w);
  return w.out;
}

const yesValue = (v: string) => v === 'yes' || v === 'true' || v === '1';
/** Saxon's HTML emitter (HTML 4): elements written without an end tag, minimized boolean attributes. */
const HTML_VOID = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'link',
  'meta',
  'param',
]);
const HTML_BOOLEAN = new Set([
  'checked',
  'compact',
  'declare',
  'defer',
  'disabled',
  'ismap',
  'multiple',
  'nohref',
  'noresize',
  'noshade',
  'nowrap',
  'readonly',
  'selected',
]);
/** Saxon's HTML indenter: inline elements get no line breaks around them; formatted ones keep their content. */
const HTML_INLINE = new Set([
  'a',
  'abbr',
  'acronym',
  'applet',
  'area',
  'b',
  'basefont',
  'bdo',
  'big',
  'br',
  'button',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'label',
  'map',
  'object',
  'q',
  's',
  'samp',
  'script',
  'select',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'textarea',
  'tt',
  'u',
  'var',
]);
const HTML_FORMATTED = new Set(['pre', 'script', 'style', 'textarea', 'xmp']);
const HTML_RAW_TEXT = new Set(['script', 'style']);

interface HtmlWriter {
  out: string;
  level: number;
  indent: boolean;
  sameLine: boolean;
  afterInline: boolean;
  /** inside how many formatted elements */
  formatted: number;
  /** the xhtml method (XSLT 2.0): XML syntax, `<br />` for an empty void element */
  xhtml: boolean;
}
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * The html output method as Saxon writes it (HTMLEmitter, HTMLIndenter, MetaTagAdjuster): void elements without an
 * end tag, boolean attributes minimized, `<` unescaped in attributes and in script/style, U+00A0 as &nbsp;, a
 * content-type meta first in head, indented by default. MI reads the output back as XML (StreamResultBuilder), so
 * most of these make the mediator fault, as they do in MI; a plain block structure comes back indented.
 */
function writeHtml(node: XNode, w: HtmlWriter, raw = false): void {
  for (const c of ordered(node)) {
    switch (c.nodeType) {
      case 1: {
        const name = c.localName.toLowerCase();
        const plain = !c.namespaceUri || (w.xhtml && c.namespaceUri === XHTML_NS);
        const inline = HTML_INLINE.has(name);
        if (w.indent && !inline && !w.formatted && w.level > 0 && !w.afterInline)
          w.out += `\n${'   '.repeat(w.level)}`;
        w.out += `<${c.nodeName}`;
        for (const k of ordered(c))
          if (k.nodeType === 2 && k.nodeValue !== null && k.nodeValue !== undefined) {
            const v = String(k.nodeValue);
            if (w.xhtml) w.out += ` ${k.nodeName}="${escapeAttr(v)}"`;
            else if (
              plain &&
              HTML_BOOLEAN.has(k.nodeName.toLowerCase()) &&
              v.toLowerCase() === k.nodeName.toLowerCase()
            )
              w.out += ` ${k.nodeName}`;
            else
              w.out += ` ${k.nodeName}="${v
                .replace(/&(?!\{)/g, '&amp;')
                .replace(/"/g, '&quot;')
                .replace(/\u00a0/g, '&nbsp;')}"`;
          }
        const emptyVoid =
          w.xhtml && plain && HTML_VOID.has(name) && !c.childNodes.some((k) => k.nodeType !== 2);
        w.out += emptyVoid ? ' />' : '>';
        const formatted = HTML_FORMATTED.has(name);
        w.level++;
        w.sameLine = true;
        w.afterInline = false;
        if (formatted) w.formatted++;
        if (plain && name === 'head') {
          // MetaTagAdjuster: the content type first in head
          if (w.indent && !w.formatted) w.out += `\n${'   '.repeat(w.level)}`;
          w.out += `<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"${w.xhtml ? ' /' : ''}>`;
          w.sameLine = false;
        }
        writeHtml(c, w, plain && HTML_RAW_TEXT.has(name));
        if (formatted) w.formatted--;
        w.level--;
        if (!emptyVoid && !(plain && !w.xhtml && HTML_VOID.has(name))) {
          if (w.indent && !inline && !formatted && !w.afterInline && !w.sameLine && !w.formatted)
            w.out += `\n${'   '.repeat(w.level)}`;
          w.out += `</${c.nodeName}>`;
        }
        w.afterInline = inline;
        w.sameLine = false;
        break;
      }
      case 3:
      case 4: {
        const t = String(c.nodeValue ?? '');
        if (w.indent && !w.formatted && /^\s*$/.test(t)) break;
        w.out +=
          c.escape === false || (raw && !w.xhtml)
            ? t
            : w.xhtml
              ? escapeOut(t)
              : escapeOut(t).replace(/\u00a0/g, '&nbsp;');
        break;
      }
      case 8:
        w.out += `<!--${String(c.nodeValue ?? '')}-->`;
        break;
      case 7: {
        const data = String(c.nodeValue ?? '');
        w.out += `<?${c.nodeName}${data ? ` ${data}` : ''}>`;
        break;
      }
      case 11:
        writeHtml(c, w, raw);
        break;
    }
  }
}

/** Where the writer of the XML output method is: what it wrote last, how deep, whether it indents. */
interface Writer {
  out: string;
  last: 'none' | 'start' | 'end' | 'comment' | 'text';
  level: number;
  indent: boolean;
}

/**
 * The XML output method over the result tree. xslt-processor's own serializer drops every white-space-only text
 * node and writes line breaks in attribute values raw (a parser reads them back as spaces); Saxon writes the tree as
 * it is, escaping what must be. With indent="yes", as Saxon's indenter does: white-space-only text left out, a line
 * break and three spaces a level before a start tag that follows a tag or comment, and before an end tag that
 * follows an end tag; nothing around text, nor before a comment or processing instruction.
 */
function serializeResult(node: XNode, indent = false): string {
  const w: Writer = { out: '', last: 'none', level: 0, indent };
  writeChildren(node, w);
  return w.out;
}

function newLine(w: Writer): void {
  w.out += `\n${'   '.repeat(w.level)}`;
}

function writeChildren(node: XNode, w: Writer): void {
  for (const c of ordered(node)) {
    switch (c.nodeType) {
      case 1: {
        if (w.indent && (w.last === 'start' || w.last === 'end' || w.last === 'comment')) newLine(w);
        w.out += `<${c.nodeName}`;
        const kids: XNode[] = [];
        let attrs = '';
        for (const k of ordered(c)) {
          if (k.nodeType === 2) {
            if (k.nodeValue === null || k.nodeValue === undefined) continue;
            const a = ` ${k.nodeName}="${escapeAttr(String(k.nodeValue))}"`;
            // namespace declarations first, then attributes, as Saxon writes them
            if (isDeclaration(k)) w.out += a;
            else attrs += a;
          } else if (!(w.indent && k.nodeType === 3 && /^\s*$/.test(String(k.nodeValue ?? '')))) kids.push(k);
        }
        w.out += attrs;
        if (!kids.length) w.out += '/>';
        else {
          w.out += '>';
          // xml:space="preserve": its white space kept and nothing added inside
          const indent = w.indent;
          if (c.getAttributeValue('xml:space') === 'preserve') w.indent = false;
          w.last = 'start';
          w.level++;
          writeChildren(c, w);
          w.level--;
          if (w.indent && (w.last as Writer['last']) === 'end') newLine(w);
          w.indent = indent;
          w.out += `</${c.nodeName}>`;
        }
        w.last = 'end';
        break;
      }
      case 3:
      case 4: {
        const t = String(c.nodeValue ?? '');
        if (w.indent && /^\s*$/.test(t)) break;
        // disable-output-escaping="yes" writes the characters as they are
        w.out += c.escape === false ? t : escapeOut(t);
        if (t) w.last = 'text';
        break;
      }
      case 8:
        w.out += `<!--${String(c.nodeValue ?? '')}-->`;
        w.last = 'comment';
        break;
      case 7: {
        const data = String(c.nodeValue ?? '');
        w.out += `<?${c.nodeName}${data ? ` ${data}` : ''}?>`;
        w.last = 'comment';
        break;
      }
      case 11:
        writeChildren(c, w);
        break;
    }
  }
}

/**
 * CDATA sections read as text: the StAX parser that reads the result back is coalescing, as Axiom's StAXUtils makes
 * it by default (MI's documentation: CDATA stays only with javax.xml.stream.isCoalescing=false).
 */
function coalesced(el: slimdom.Element): slimdom.Element {
  const walk = (n: slimdom.Node): void => {
    for (const c of [...n.childNodes]) {
      if (c.nodeType === 4) n.replaceChild(n.ownerDocument!.createTextNode((c as slimdom.Text).data), c);
      else if (c.nodeType === 1) walk(c);
    }
  };
  walk(el);
  el.normalize();
  return el;
}

/**
 * What the StAX parser says of the first thing after the document element when Axiom reads one event further (it
 * does when the element is moved into the message: OMNodeImpl.setParent detaches it from its document, and detach
 * asks for its next sibling): an element or text there is an error (Woodstox skips white space in the epilog and
 * refuses a second root); a comment or processing instruction, or the end, is not, and nothing after it is read.
 */
function epilogError(s: string, from: number): string | undefined {
  let i = from;
  while (i < s.length && /\s/.test(s[i])) i++;
  if (i >= s.length || s.startsWith('<!--', i) || s.startsWith('<?', i)) return undefined;
  if (s[i] === '<') return 'Illegal to have multiple roots (start tag in epilog?).';
  const ch = String.fromCodePoint(s.codePointAt(i)!);
  return `Unexpected character '${ch}' (code ${ch.codePointAt(0)}) in epilog; expected '<'`;
}

/** The text of the first element of a serialized XML output (its prolog checked), or why there is none. */
function documentElementText(
  s: string,
): { text: string; epilog?: string; error?: undefined } | { error: string } {
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipTo = (end: string, from: number): number => {
    const k = s.indexOf(end, from);
    return k < 0 ? s.length : k + end.length;
  };
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('<?', i)) i = skipTo('?>', i + 2);
    else if (s.startsWith('<!--', i)) i = skipTo('-->', i + 4);
    else if (s.startsWith('<!DOCTYPE', i)) i = skipTo('>', i);
    else break;
  }
  if (i >= s.length) return { error: 'Unexpected EOF in prolog' };
  if (s[i] !== '<') return { error: `Unexpected character '${s[i]}' in prolog; expected '<'` };
  const start = i;
  let depth = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    if (s.startsWith('<!--', lt)) i = skipTo('-->', lt + 4);
    else if (s.startsWith('<![CDATA[', lt)) i = skipTo(']]>', lt + 9);
    else if (s.startsWith('<?', lt)) i = skipTo('?>', lt + 2);
    else {
      // a start or end tag: to its '>', quoted attribute values skipped
      const k = tagEnd(s, lt);
      i = k + 1;
      if (s[lt + 1] === '/') depth--;
      else if (s[k - 1] !== '/') depth++;
      if (depth === 0) return { text: s.slice(start, i), epilog: epilogError(s, i) };
    }
  }
  return { text: s.slice(start) };
}

/** xsl:import/xsl:include: a `<resource>` mapping, or the href used as a key itself; never the network. */
function includeText(cfg: XsltConfig, uri: string, reg: Registry): string {
  const key = cfg.resources.get(uri) ?? uri;
  const text = reg.resource(key);
  if (text === undefined)
    throw new XsltFailure(
      creating(cfg),
      `${cfg.label}: xsl:import/include '${uri}' is not mapped by a <resource> and is not a local entry or registry key`,
    );
  try {
    parseXmlPayload(text, { maxDepth: 1000 });
  } catch (e) {
    const code = e instanceof XmlPayloadError ? e.code : 'XML_MALFORMED';
    throw new XsltFailure(
      creating(cfg),
      `${cfg.label}: imported stylesheet '${key}' refused: ${code} ${(e as Error).message}`,
    );
  }
  return text;
}

for (const name of ['xslt', 'fastXSLT']) {
  registerMediator(name, (el, cc) => {
    const cfg = compileConfig(el, cc, name === 'fastXSLT');
    return {
      ...base(el, cc, true),
      async mediate(ctx, ex) {
        // XSLTMediator.mediate: no source and an empty SOAP body, the transformation is skipped with a warning
        if (name === 'xslt' && !cfg.source && !ctx.payload.rootElement()) {
          ex.log(
            'WARN',
            'XSLTMediator',
            artifactLabel(ctx),
            'Found empty soap body, skipping XSLT transformation and continuing the mediation',
          );
          return true;
        }
        if (name !== 'xslt') {
          await runXslt(cfg, ctx, ex.reg);
          return true;
        }
        try {
          await runXslt(cfg, ctx, ex.reg);
        } catch (e) {
          if (e instanceof PayloadTooLargeError || e instanceof PayloadError) throw e;
          // XSLTMediator.mediate wraps whatever performXSLT throws (AbstractMediator.handleException: logged at
          // ERROR by the mediator's class, then a SynapseException whose message is ERROR_MESSAGE); our own account
          // of the failure, with its place, goes to ERROR_DETAIL
          const reason = e instanceof XsltFailure ? e.reason : (e as Error).message;
          const msg = `Unable to perform XSLT transformation using : ${cfg.keyValue} against source XPath : ${cfg.source?.text ?? DEFAULT_SOURCE} reason : ${reason}`;
          const ours = e instanceof MediationError ? (e.detail ?? e.message) : (e as Error).message;
          // (MI's log line is followed by the cause's stack trace: ours by our account of the cause)
          ex.log('ERROR', 'XSLTMediator', artifactLabel(ctx), `${msg}\n${ours}`);
          throw new MediationError(0, msg, ours);
        }
        return true;
      },
    };
  });
}

export const XSLT_LOADED = true;
