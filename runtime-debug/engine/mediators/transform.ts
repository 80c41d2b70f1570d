/** Transformation: payloadFactory (xml/json/text, $n args, ${} templates) and enrich (all source/target kinds). */
import * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, textContent, innerSource } from '../../../core/xml';
import { registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { artifactLabel, type Executor } from '../executor';
import { compileExpr, compileTemplate, type Expr } from '../expressions';
import {
  compileJsonPathEdit,
  compileTemplate as compileTemplateParts,
  type CompiledExpression,
  type JsonPathEdit,
} from '../expr/compile';
import { ExpressionCompileError } from '../expr/errors';
import { deleteRefs, NavError } from '../expr/jsonnav';
import { parseJsonPath, topLevelCommas } from '../../../core/expressions';
import {
  JavaDouble,
  javaDoubleToString,
  JsonNull,
  JsonString,
  isDoclessEnvelope,
  markDoclessEnvelope,
  markSoapEnvelope,
  orderedKeys,
  recordKeyOrder,
} from '../expr/values';
import {
  cloneJson,
  jsonAt,
  keepLongDigits,
  parseJsonText,
  settleNumbers,
  storeJson,
  stringifyJson,
} from '../expr/jsonNumber';
import {
  compileFreeMarker,
  FmDocument,
  FreeMarkerError,
  jsonToFreeMarker,
  type FreeMarkerTemplate,
} from './freemarker';
import { jsonToXml, xmlToJson } from '../jsonxml';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { coalesceCData, makeEnvelope, SOAP11_NS, SOAP12_NS } from '../payload';
import { serializeSource } from '../xmlSource';
import { aware, base, isNode, parseBoolean, setMessageType } from './util';
import { jsonPayloadKind } from '../jsonPayloadKind';
import { parseJsonLenient } from './lenientJson';
import { markBodyRead, markEnvelopeIncomplete } from '../xml/serialize';

/** Inline Envelope sources of enrich: SOAPEnvelopes over a builder not read to their end (Source.getSOAPEnvFromOM). */
const builderEnvelopes = new WeakSet<object>();

// ------------------------------------------------------------------ payloadFactory
// Follows MI's regex template processor: each `<arg>` becomes a string first (XPath/JSONPath/`${}` string value; a
// `value` is XML-escaped unless it is XML), then is converted by what it holds (an XML string into JSON for a JSON
// template, a JSON text from a JSONPath into XML for an XML template) or escaped for the template's language.
registerMediator('payloadFactory', (el, cc) => {
  const media = attrValue(el, 'media-type') ?? 'xml';
  // PayloadFactoryMediatorFactory stores any media-type, and PayloadFactoryMediator.mediate builds a payload only
  // for "xml", "json" and "text" as written (equals): with another one (media-type="JSON") the message goes on as
  // it was, and only NO_ENTITY_BODY is cleared (setContentType)
  if (media !== 'xml' && media !== 'json' && media !== 'text') {
    return {
      ...base(el, cc, false),
      mediate(ctx) {
        ctx.axis2.delete('NO_ENTITY_BODY');
        return true;
      },
    };
  }
  const freemarker = (attrValue(el, 'template-type') ?? '').toLowerCase() === 'freemarker';
  const escapeXmlChars = parseBoolean(attrValue(el, 'escapeXmlChars')); // PayloadFactoryMediatorFactory
  const formatEl = firstChild(el, 'format');
  const formatKey = formatEl ? cc.value(formatEl, 'key') : undefined;
  let inline = '';
  if (formatEl && !formatKey) {
    if (media === 'xml') {
      const root = childElements(formatEl)[0];
      // MI removes the indentation (whitespace-only text) of the format before using it
      inline = root
        ? axiomTextQuotes(removeIndentation(serializeSource(cc.text, root)))
        : textContent(formatEl).trim();
    } else inline = textContent(formatEl).trim() || innerSource(cc.text, formatEl).trim();
  }
  const argsEl = firstChild(el, 'args');
  // PayloadFactoryMediatorFactory reads every child element of <args> as an argument, whatever its name
  const args: PfArg[] = (argsEl ? childElements(argsEl) : []).map((a) => {
    const evaluator = attrValue(a, 'evaluator') ?? 'xml';
    let exprText = attrValue(a, 'expression');
    if (exprText && evaluator === 'json' && !exprText.startsWith('json-eval(') && !exprText.startsWith('${'))
      exprText = `json-eval(${exprText})`;
    const value = attrValue(a, 'value');
    // PayloadFactoryMediatorFactory refuses an argument with neither
    if (value === undefined && exprText === undefined)
      cc.problem(a, 'RT_MISSING_ATTRIBUTE', 'Unsupported arg type. value or expression attribute required');
    return {
      value,
      // PayloadFactoryMediatorFactory reads value first; the expression only without one
      expr: exprText !== undefined && value === undefined ? cc.exprText(a, exprText) : undefined,
      literal: parseBoolean(attrValue(a, 'literal')), // PayloadFactoryMediatorFactory: Boolean.parseBoolean
    };
  });
  let fm: FreeMarkerTemplate | undefined;
  let fmText = '';
  if (freemarker && !formatKey) {
    try {
      // PayloadFactoryMediatorFactory: the format element's text as it is (CDATA content, white-space kept)
      fmText = freeMarkerSource(formatEl ? textContent(formatEl) : '', media);
      fm = compileFreeMarker(fmText);
    } catch (e) {
      if (!(e instanceof FreeMarkerError)) throw e;
      // what FreeMarker itself refuses fails the deployment (FreeMarkerTemplateProcessor.init ->
      // compileFreeMarkerTemplate: handleException); what only the embedded runtime lacks loads with a warning
      if (/is not supported by the embedded runtime/.test(e.message))
        cc.unsupported(el, `FreeMarker template: ${e.message}`);
      else cc.problem(el, 'RT_FREEMARKER_SYNTAX', `Error compiling FreeMarking template : ${e.message}`);
    }
  }
  const template = freemarker ? { hasExpressions: false, parts: [] } : compilePfTemplate(inline);
  const mustBuild = true; // the payloadFactory replaces the payload; args may read it
  void aware;
  return {
    ...base(el, cc, mustBuild),
    mediate(ctx, ex) {
      let tpl = template;
      let fmt = inline;
      if (formatKey) {
        const key = formatKey.string(ctx);
        const text = ex.reg.resource(key);
        if (text === undefined)
          throw new MediationError(
            0,
            `payloadFactory format key '${key}' is neither a deployed local entry nor a registry resource`,
          );
        ({ fmt, tpl } = keyedFormat(text, media));
      }
      let out: string;
      if (freemarker) {
        let t = fm;
        if (formatKey) t = keyedFreeMarker(fmt, media);
        try {
          // <#include>/<#import>: FreeMarkerTemplateProcessor's FileTemplateLoader reads <MI_HOME>/registry/config
          // (the freemarker.template.base.path default, conf:/), where the registry's conf: resources are
          out = t!.render(
            freeMarkerModel(ctx, args, media, escapeXmlChars, formatKey ? fmt : fmText),
            (name) => ex.reg.resource(`conf:/${name}`),
          );
        } catch (e) {
          // FreeMarkerTemplateProcessor.generateTemplateErrorMessage
          if (e instanceof FreeMarkerError) throw new MediationError(0, e.miMessage);
          throw e;
        }
        // the template of an XML payload was rendered inside <pfPadding> (compileFreeMarkerTemplate)
        const padded = out.trim();
        if (media === 'xml' && padded.startsWith('<pfPadding>') && padded.endsWith('</pfPadding>'))
          out = padded.slice('<pfPadding>'.length, -'</pfPadding>'.length);
      } else
        out = renderPayloadTemplate(fmt, tpl, args, media, escapeXmlChars, ctx, () =>
          ex.log(
            'ERROR',
            'RegexTemplateProcessor',
            artifactLabel(ctx),
            '#replace. Mis-match detected between number of formatters and arguments',
          ),
        );
      if (media === 'json') {
        const text = out.trim();
        const kind = jsonPayloadKind(text);
        if (kind === 'empty') {
          // MI (JsonUtil.getNewJsonPayload(String)) makes an empty result the empty object
          ctx.payload.setRaw(Buffer.from('{}'), 'application/json', true);
        } else if (kind === 'stream') {
          // MI keeps the generated text as the JSON stream and writes it out as it is while nothing changes it
          // (numbers such as 10.50 and the template's spacing included). It only looks at the first significant
          // character: a result that is not valid JSON goes out as it is too, and fails only where it is read.
          ctx.payload.setRaw(Buffer.from(text), 'application/json', true);
        } else {
          // no character that starts JSON at all: MI refuses it, except for a GET or DELETE message, whose
          // stream is kept (JsonUtil.isValidPayloadRequired)
          const method = stringOf(ctx.getProperty('HTTP_METHOD', 'axis2'));
          if (kind === 'none' && (method === 'GET' || method === 'DELETE'))
            ctx.payload.setRaw(Buffer.from(text), 'application/json', true);
          else throw new MediationError(0, `Error creating JSON Payload from source ${text}`, out);
        }
        setMessageType(ctx, 'application/json');
      } else if (media === 'xml') {
        let root: slimdom.Element | null;
        try {
          // MI parses the result inside a padding element and keeps its first element
          root = parseXmlElement(`<pfPadding>${out.trim()}</pfPadding>`).firstElementChild;
        } catch (e) {
          // MI's stringToOM fails with a Woodstox exception: AbstractListMediator consumes the input
          // (consumeInputOnOmException), so the fault sequence sees an empty envelope
          ctx.payload.setEnvelope(
            makeEnvelope(
              undefined,
              /^\s*application\/soap\+xml/i.test(ctx.payload.contentType) ? SOAP12_NS : SOAP11_NS,
            ),
          );
          throw new MediationError(0, `payloadFactory produced invalid XML: ${(e as Error).message}`, out);
        }
        if (!root) throw new MediationError(0, 'Generated content is not a valid XML payload', out);
        // PayloadFactoryMediator parses the result with a coalescing XMLInputFactory (readInputFactoryProperties):
        // a CDATA section becomes text merged with its neighbours, written escaped
        if (out.includes('<![CDATA[')) coalesceCData(root);
        // `xmlns=""` only undoes the configuration's default namespace: nothing to declare in the payload
        if (root.namespaceURI === null && root.getAttribute('xmlns') === '') root.removeAttribute('xmlns');
        // MI goes by MESSAGE_TYPE, which a request's Content-Type set: a REST message given an envelope (an input a
        // parser failure consumed: AbstractListMediator.consumeInputOnOmException) keeps its JSON type
        const ct = ctx.payload.contentType;
        const wasSoap = ct ? /^\s*(?:text\/xml|application\/soap\+xml)/i.test(ct) : ctx.payload.soap;
        if (root.localName === 'Envelope' && (root.namespaceURI === SOAP11 || root.namespaceURI === SOAP12)) {
          const d = new slimdom.Document();
          d.appendChild(d.importNode(root, true));
          ctx.payload.setEnvelope(d);
        } else ctx.payload.setXmlRoot(root);
        const mt = ctx.axis2.get('messageType') as string | undefined;
        // MI keeps application/xml, text/xml and application/soap+xml; anything else becomes application/xml
        if (mt !== undefined ? !XML_MESSAGE_TYPES.has(mt) : !wasSoap) setMessageType(ctx, 'application/xml');
      } else {
        ctx.payload.setText(out.trim());
        setMessageType(ctx, 'text/plain');
      }
      ctx.axis2.delete('NO_ENTITY_BODY');
      return true;
    },
  };
});

function stripCdata(s: string): string {
  return s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
}

const keyedFreeMarkers = new Map<string, FreeMarkerTemplate>();

function keyedFreeMarker(text: string, media: string): FreeMarkerTemplate {
  const key = `${media}\u0000${text}`;
  let t = keyedFreeMarkers.get(key);
  if (!t) {
    try {
      t = compileFreeMarker(freeMarkerSource(stripCdata(text), media));
    } catch (e) {
      throw new MediationError(0, `Error compiling FreeMarking template : ${(e as Error).message}`);
    }
    if (keyedFreeMarkers.size >= 100) keyedFreeMarkers.clear();
    keyedFreeMarkers.set(key, t);
  }
  return t;
}

/**
 * The template FreeMarker compiles (FreeMarkerTemplateProcessor.compileFreeMarkerTemplate): for an XML payload,
 * the format inside `<pfPadding>...</pfPadding>` unless it starts with an `<#ftl>` header.
 */
function freeMarkerSource(format: string, media: string): string {
  return media === 'xml' && format !== '' && !format.startsWith('<#ftl')
    ? `<pfPadding>${format}</pfPadding>`
    : format;
}

/**
 * MI's FreeMarker data model: `payload` (the JSON value, the XML document, or the text), `args.arg1..n` (the
 * arguments as the default template would insert them), and `ctx`, `axis2`, `trp`, `vars` as maps of strings.
 * Each is made only when the template's text contains its name (FreeMarkerTemplateProcessor.findRequiredInjections):
 * a template that never names `args` or `payload` evaluates no argument and reads no payload.
 */
function freeMarkerModel(
  ctx: MessageContext,
  args: PfArg[],
  media: string,
  escapeXmlChars: boolean,
  text: string,
): Record<string, unknown> {
  const model: Record<string, unknown> = {};
  const strings = (m: Map<string, unknown>) => {
    const o: Record<string, string> = {};
    for (const [name, v] of m) if (v !== undefined && v !== null) o[name] = stringOf(v);
    return o;
  };
  if (text.includes('payload')) model.payload = freeMarkerPayloadOf(ctx);
  if (text.includes('args')) {
    const argMap: Record<string, string> = {};
    args.forEach((a, i) => {
      // FreeMarkerTemplateProcessor.injectArgs binds the text the default template hands to
      // Matcher.appendReplacement (getArgValues quotes every value with Matcher.quoteReplacement,
      // prepareReplacementValue escapes that), without appendReplacement's unquoting: `$` and `\` keep a backslash
      argMap[`arg${i + 1}`] = prepareArg(evaluateArg(a, media, ctx), media, escapeXmlChars, ctx).replace(
        /[\\$]/g,
        '\\$&',
      );
    });
    model.args = argMap;
  }
  if (text.includes('ctx')) model.ctx = strings(ctx.props);
  if (text.includes('axis2')) model.axis2 = strings(ctx.axis2);
  if (text.includes('trp')) model.trp = ctx.headers.toObject();
  // MI 4.4 (Synapse 4.0.0-wso2v215) binds the variables as `vars` only (Constants.VARIABLE_INJECTING_NAME, renamed
  // from `var` in v4.0.0-wso2v177): `${var.x}` is a missing value there
  if (text.includes('vars')) model.vars = strings(ctx.vars);
  return model;
}

function freeMarkerPayloadOf(ctx: MessageContext): unknown {
  const k = ctx.payload.kind;
  return k === 'json' && !ctx.payload.soap
    ? freeMarkerPayload('json', ctx.json(), ctx.payload.text())
    : k === 'text'
      ? freeMarkerPayload('text', ctx.payload.text())
      : k === 'binary'
        ? ''
        : freeMarkerPayload('xml', ctx.payload.rootElement());
}

/**
 * The `payload` of MI's FreeMarker data model (FreeMarkerTemplateProcessor.injectPayloadVariables): a JSON object or
 * array as Gson's Map/List of Doubles (10.0 is the number 10), another JSON value as its JSON text (Gson's
 * JsonPrimitive.toString: `"text"` with its quotes, 12.50 as written, `null`), the XML payload's root under a
 * document node (NodeModel.parse), a text payload XML-escaped (getTextValue: StringEscapeUtils.escapeXml11).
 */
export function freeMarkerPayload(kind: 'json' | 'text' | 'xml', v: unknown, jsonText?: string): unknown {
  if (kind === 'json') {
    if (v !== null && typeof v === 'object' && !(v instanceof Number))
      return jsonToFreeMarker(v, orderedKeys);
    if (v === null || v === undefined) return 'null';
    // Gson's JsonWriter escapes U+2028 and U+2029 too
    if (typeof v === 'string')
      return JSON.stringify(v).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
    const t = jsonText?.trim();
    return t && /^-?\d/.test(t) ? t : String(v);
  }
  if (kind === 'text') return escapeXml11(String(v));
  const root = v as slimdom.Element | undefined;
  return root ? new FmDocument(root) : '';
}

/**
 * commons-text StringEscapeUtils.escapeXml11 (1.10, MI 4.4's): the five entities; the controls XML 1.1 allows only
 * as references (U+0001-U+0008, U+000B, U+000C, U+000E-U+001F, U+007F-U+0084, U+0086-U+009F) as `&#n;`; U+0000,
 * U+FFFE, U+FFFF and unpaired surrogates dropped.
 */
function escapeXml11(s: string): string {
  return s.replace(
    /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      switch (c) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
      }
      const code = c.charCodeAt(0);
      return code === 0 || code >= 0xd800 ? '' : `&#${code};`;
    },
  );
}

/** Drops whitespace-only text between tags (CDATA sections are left as they are). */
function removeIndentation(xml: string): string {
  if (!xml.includes('<![CDATA[')) return xml.replace(/>\s+</g, '><');
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/>\s+</g, '><')))
    .join('');
}

/** Formats read from a key, compiled once per text (a registry resource or local entry changes rarely). */
const keyedFormats = new Map<string, { fmt: string; tpl: PfTemplate }>();

function keyedFormat(text: string, media: string): { fmt: string; tpl: PfTemplate } {
  const cacheKey = `${media}\u0000${text}`;
  let f = keyedFormats.get(cacheKey);
  if (!f) {
    let fmt = text.trim().replace(/^<\?xml[^>]*\?>\s*/, '');
    // MI drops the indentation (whitespace-only text) of an XML format read from a key
    if (media === 'xml' && fmt.startsWith('<')) fmt = removeIndentation(fmt);
    f = { fmt, tpl: compilePfTemplate(fmt) };
    if (keyedFormats.size >= 200) keyedFormats.clear();
    keyedFormats.set(cacheKey, f);
  }
  return f;
}

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const XML_MESSAGE_TYPES = new Set(['application/xml', 'text/xml', 'application/soap+xml']);

interface PfArg {
  value: string | undefined;
  expr: Expr | undefined;
  literal: boolean;
}

/**
 * Where an inline value comes from decides how MI writes it: a value read from JSON (the payload, a path into a
 * JSON variable) is a JSON primitive and is escaped; a plain string (an `xpath()` result, a property, a header, a
 * variable holding a value) is written as it is.
 */
type InlineKind = 'json' | 'string' | 'xpath';

interface PfPart {
  expression: CompiledExpression;
  quoted: boolean;
  kind: InlineKind;
}

interface PfTemplate {
  hasExpressions: boolean;
  parts: (string | PfPart)[];
}

const STRING_SOURCES =
  /^\s*(?:(?:vars?|props|properties|headers|configs)\.[\w$-]+|(?:vars?|props|properties|headers|configs)\[(['"])[^'"]*\1\]|params\.(?:queryParams|pathParams|functionParams)\.[\w$-]+)\s*$/;

function inlineKind(expression: CompiledExpression): InlineKind {
  const inner = expression.text.trim().replace(/^\$\{([\s\S]*)\}$/, '$1');
  if (inner.includes('xpath(')) return 'xpath';
  // a value the expression makes (a joined string, a function's, a property's: props.synapse.x) is a Java String in
  // MI, not a JsonPrimitive: RegexTemplateProcessor writes it without JSON escaping
  if (expression.resultKind === 'java') return 'string';
  return STRING_SOURCES.test(inner) ? 'string' : 'json';
}

function compilePfTemplate(text: string): PfTemplate {
  compileTemplate(text); // located compile errors, in the engine's error type
  const t = compileTemplateParts(text);
  return {
    hasExpressions: t.hasExpressions,
    parts: t.parts.map((p) =>
      typeof p === 'string'
        ? p
        : { expression: p.expression, quoted: p.quoted, kind: inlineKind(p.expression) },
    ),
  };
}

/**
 * Renders a payloadFactory template: `$n` arguments and inline `${...}` in one pass, as MI's regex processor does.
 * A `$n` with no argument n stops the replacing there: the rest of the format is written as it is and `onMismatch`
 * is called (MI logs "Mis-match detected between number of formatters and arguments").
 */
export function renderPayloadTemplate(
  fmt: string,
  tpl: PfTemplate,
  args: PfArg[],
  media: string,
  escapeXmlChars: boolean,
  ctx: MessageContext,
  onMismatch?: () => void,
): string {
  let values: ArgValue[] | undefined;
  const argText = (i: number): string => {
    values ??= args.map((a) => evaluateArg(a, media, ctx));
    return prepareArg(values[i], media, escapeXmlChars, ctx);
  };
  if (!tpl.hasExpressions) {
    const r = substituteArgs(fmt, args.length, argText);
    if (r.stopped) onMismatch?.();
    return r.text;
  }
  // literal text gets its $n; inline values are written after, so that they are never read as $n
  let out = '';
  let stopped = false;
  for (const p of tpl.parts) {
    if (stopped) out += typeof p === 'string' ? p : p.quoted ? `"${p.expression.text}"` : p.expression.text;
    else if (typeof p === 'string') {
      const r = substituteArgs(p, args.length, argText);
      out += r.text;
      stopped = r.stopped;
    } else {
      let v = p.expression.evaluateTyped(ctx);
      // MI reads an expression with xpath( in it with stringValueOf: an XPath number (count, sum, arithmetic) is
      // the text of its Java Double ("2.0"), anything else the XPath string value
      if (p.kind === 'xpath')
        v =
          typeof v === 'number'
            ? new JavaDouble(v)
            : v instanceof JavaDouble
              ? v
              : p.expression.evaluateString(ctx);
      // a computed double is inserted as its Java text ("10.0"), like any result that is not a JSON value
      const inner = p.expression.text.trim().replace(/^\$\{([\s\S]*)\}$/, '$1');
      // a string literal (or a conditional's literal branch) is the Java String of its text, quotes included
      const literal =
        typeof v === 'string' ? p.expression.topStringLiterals?.find((t) => t.slice(1, -1) === v) : undefined;
      if (literal !== undefined) out += renderInline(literal, p.quoted, media, 'string', inner);
      else if (v instanceof JavaDouble) out += renderInline(v.toString(), p.quoted, media, 'string', inner);
      else out += renderInline(v, p.quoted, media, p.kind, inner);
    }
  }
  if (stopped) onMismatch?.();
  return out;
}

/** `$n` replaced by argument n, up to a `$n` that has no argument: from there on the text stays as it is. */
function substituteArgs(
  s: string,
  count: number,
  argText: (i: number) => string,
): { text: string; stopped: boolean } {
  if (!s.includes('$')) return { text: s, stopped: false };
  const re = /\$(\d+)/g;
  let out = '';
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const i = Number(m[1]) - 1;
    if (i < 0 || i >= count) return { text: out + s.slice(last), stopped: true };
    const end = m.index + m[0].length;
    // between quotes or not, the value goes in as MI's TemplateProcessor prepares it
    out += s.slice(last, m.index) + argText(i);
    last = end;
  }
  return { text: last === 0 ? s : out + s.slice(last), stopped: false };
}

interface ArgValue {
  text: string;
  /** The value parses as XML. */
  xml: boolean;
  /** Where it came from: an XPath (or a literal value), a JSONPath, or a Synapse expression. */
  path: 'xpath' | 'jsonpath' | 'synapse';
  literal: boolean;
}

function evaluateArg(a: PfArg, media: string, ctx: MessageContext): ArgValue {
  if (!a.expr) {
    const v = a.value ?? '';
    const xml = looksLikeXml(v);
    return { text: xml ? v : escapeXml10(v), xml, path: 'xpath', literal: false };
  }
  const path = a.expr.kind === 'jsonpath' ? 'jsonpath' : a.expr.kind === 'synapse' ? 'synapse' : 'xpath';
  const v = a.expr.string(ctx);
  const xml = looksLikeXml(v);
  const text = !xml && media === 'xml' && !(path === 'jsonpath' && startsJson(v)) ? escapeXml10(v) : v;
  return { text, xml, path, literal: a.literal };
}

function prepareArg(a: ArgValue, media: string, escapeXmlChars: boolean, ctx: MessageContext): string {
  const type = a.literal
    ? 'str'
    : a.path === 'xpath'
      ? a.xml
        ? 'xml'
        : 'str'
      : a.path === 'jsonpath' && startsJson(a.text)
        ? 'json'
        : 'str';
  if (media === 'json' && type === 'xml') {
    // an XML value becomes JSON (with its element names), as MI converts `<jsonObject>value</jsonObject>`
    // getArgValues hands the value on through Matcher.quoteReplacement (`\` and `$` get a backslash), the JSON
    // converted from it goes through escapeSpecialCharactersOfJson and then Matcher.appendReplacement: the value's own
    // `\` and `$` come out as they were, but a `$` the conversion itself writes (the member of an element holding
    // attributes and text) is read as a group reference: "Illegal group reference", as MI fails
    let json: string;
    try {
      const root = parseXmlElement(`<jsonObject>${a.text.replace(/[\\$]/g, '\\$&')}</jsonObject>`);
      if (mixedContent(root)) throw new MediationError(0, 'Error converting XML to JSON');
      json = stringifyJson(xmlToJson(root));
    } catch (e) {
      if (e instanceof MediationError) throw e;
      return jsonEscape(a.text);
    }
    return javaAppendReplacement(escapeSpecialCharactersOfJson(json), []);
  }
  if (media === 'xml' && type === 'json') {
    let v: unknown;
    try {
      v = parseJsonText(a.text);
    } catch {
      throw new MediationError(
        0,
        'payloadFactory: an argument is not valid JSON and cannot be converted to XML',
      );
    }
    return serializeXml(jsonToXmlInner(v as object));
  }
  if (media !== 'json') return a.text;
  if (type === 'json' && escapeXmlChars)
    return a.text.replace(/[\b\f\n\r\t]/g, (c) => JSON.stringify(c).slice(1, -1));
  const trimmed = a.text.trim();
  if (a.literal || (type === 'str' && !startsJson(trimmed))) {
    const quote = /^true$/i.test(stringOf(ctx.props.get('QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON')));
    const esc = jsonEscape(a.text);
    return quote && !/^(true|false|null)$/.test(trimmed) && !JSON_NUMBER.test(trimmed) ? `"${esc}"` : esc;
  }
  return a.text;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function startsJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** MI's test for "this string is XML": ends with `>`, at least 4 characters, and parses (as content). */
export function looksLikeXml(s: string): boolean {
  const t = s.trim();
  if (t.length < 4 || !t.endsWith('>') || !t.startsWith('<')) return false;
  try {
    return parseXmlElement(`<x>${t}</x>`).firstElementChild !== null;
  } catch {
    return false;
  }
}

/** Apache commons-text escapeXml10: the five predefined entities. */
export function escapeXml10(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/**
 * An inline `${...}` value. Quoted (`"${x}"`): always a JSON string (numbers and booleans too; objects as their
 * JSON text). Unquoted: primitives as their text (strings escaped), objects/arrays as JSON (or XML in an XML
 * template), an XML string converted to JSON in a JSON template.
 */
function renderInline(v: unknown, quoted: boolean, media: string, kind: InlineKind, inner: string): string {
  // a quoted Java String goes to Matcher.appendReplacement as it is: its `\x` and `$n` are read as the replacement's
  const javaQuoted = (t: string): string => javaAppendReplacement(`"${t}"`, [`"\${${inner}}"`, inner]);
  const nodes = isNode(v) || (Array.isArray(v) && v.length > 0 && isNode(v[0]));
  // a plain string (MI: a Java String rather than a JSON value)
  const plain =
    kind !== 'json' || nodes ? (nodes ? stringOf(v) : typeof v === 'string' ? v : undefined) : undefined;
  // RegexTemplateProcessor.replace treats a JSON value (JsonPrimitive, JsonElement) alike in JSON and text templates:
  // escapeSpecialChars of a primitive, gson.toJson of an object or array (null members left out)
  if (media === 'json' || (media === 'text' && plain === undefined)) {
    if (plain !== undefined) {
      const xml = looksLikeXml(plain);
      if (quoted) return xml ? `"${jsonEscape(plain)}"` : javaQuoted(escapeSpecialCharactersOfJson(plain));
      return xml ? xmlTextToJson(plain, inner) : plain;
    }
    if (quoted) {
      const s =
        v !== null && typeof v === 'object'
          ? stringifyJson(gsonNoNulls(v))
          : v === undefined
            ? ''
            : stringOf(v);
      // an object or array: escapeJson(Matcher.quoteReplacement(gson.toJson(..))), so a `$` keeps a backslash that
      // escapeJson doubles: appendReplacement writes `\` and reads the `$n` after it as a group of the match
      if (v !== null && typeof v === 'object' && s.includes('$'))
        return javaQuoted(s.replace(/[\\$]/g, '\\$&').replace(/"/g, '\\"').replace(/\\/g, '\\\\'));
      return `"${jsonEscape(s)}"`;
    }
    // RegexTemplateProcessor: a null result (a JSON null read by a path, the null literal) is written as nothing
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return jsonEscape(v);
    return typeof v === 'object' ? stringifyJson(gsonNoNulls(v)) : String(v);
  }
  if (media === 'xml') {
    const q = quoted ? '"' : '';
    // a quoted Java String is escaped for XML and handed to appendReplacement as it is (no quoteReplacement): its `\x`
    // loses the backslash, `$n` is a group of the match, another `$` fails
    if (plain !== undefined && quoted) return javaQuoted(escapeXml10(plain));
    if (plain !== undefined) return looksLikeXml(plain) ? plain : escapeXml10(plain);
    // quoted: gson.toJson first (null members left out), unquoted: JsonElement.toString() (kept), then to XML
    if (v && typeof v === 'object')
      return q + regexReplacementXml(serializeXml(jsonToXmlInner(quoted ? gsonNoNulls(v) : v))) + q;
    // a JSON primitive: MI escapes it for JSON, then for XML
    const s = typeof v === 'string' ? jsonEscape(v) : stringOf(v);
    return q + escapeXml10(s) + q;
  }
  if (quoted && plain !== undefined) return javaQuoted(plain);
  return (quoted ? '"' : '') + stringOf(v) + (quoted ? '"' : '');
}

/**
 * TemplateProcessor.escapeSpecialCharactersOfJson: only escapes already in the text are doubled (`\"`, `\b` ... keep
 * their backslash through appendReplacement), and `\\$` becomes `\$` (a plain `$` after it).
 */
function escapeSpecialCharactersOfJson(t: string): string {
  if (!t.includes('\\')) return t;
  return t
    .replace(/\\"/g, '\\\\"')
    .replace(/\\\\\$/g, '\\$')
    .replace(/\\([bfnrt])/g, '\\\\$1');
}

/**
 * Java's Matcher.appendReplacement expansion of a replacement text: `\x` is x, `$n` group n of the match (groups that
 * did not take part add nothing; the inline pattern has 3), with Java's exceptions for a dangling `\` or a bad `$`.
 */
function javaAppendReplacement(r: string, groups: (string | undefined)[]): string {
  if (!r.includes('\\') && !r.includes('$')) return r;
  const count = 3;
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i];
    if (c === '\\') {
      if (++i >= r.length) throw new MediationError(0, 'character to be escaped is missing');
      out += r[i];
    } else if (c === '$') {
      if (++i >= r.length) throw new MediationError(0, 'Illegal group reference: group index is missing');
      if (r[i] === '{') {
        const end = r.indexOf('}', i);
        const name = end < 0 ? '' : r.slice(i + 1, end);
        if (end < 0 || !/^[A-Za-z][A-Za-z0-9]*$/.test(name))
          throw new MediationError(0, "named capturing group is missing trailing '}'");
        throw new MediationError(0, `No group with name {${name}}`);
      }
      let ref = r.charCodeAt(i) - 48;
      if (ref < 0 || ref > 9) throw new MediationError(0, 'Illegal group reference');
      while (i + 1 < r.length) {
        const d = r.charCodeAt(i + 1) - 48;
        if (d < 0 || d > 9 || ref * 10 + d > count) break;
        ref = ref * 10 + d;
        i++;
      }
      if (ref > count) throw new MediationError(0, `No group ${ref}`);
      out += groups[ref] ?? '';
    } else out += c;
  }
  return out;
}

/**
 * MI's template is the format element as Axiom writes it: in text, a quote written as an entity (`&quot;`, `&apos;`,
 * `&#34;`, `&#39;`) comes out as the character itself, so a `${xpath(&quot;//a&quot;)}` is read with its quotes.
 * Only text between tags is touched (an attribute keeps its `&quot;`, as Axiom writes it there).
 */
function axiomTextQuotes(xml: string): string {
  if (!xml.includes('&')) return xml;
  return xml
    .split(/(<[^>]*>)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/&(quot|apos|#34|#x22|#39|#x27);/gi, (_, n: string) =>
            /^(quot|#34|#x22)$/i.test(n) ? '"' : "'",
          ),
    )
    .join('');
}

/**
 * A JSON object or array as RegexTemplateProcessor's gson.toJson writes it (a Gson without serializeNulls): members
 * holding null are left out at any depth, nulls in arrays stay. The value itself is not changed.
 */
function gsonNoNulls(v: object): object {
  const hasNullMember = (x: unknown): boolean => {
    if (x === null || typeof x !== 'object' || x instanceof Number) return false;
    if (Array.isArray(x)) return x.some(hasNullMember);
    return Object.values(x).some((m) => m === null || m instanceof JsonNull || hasNullMember(m));
  };
  if (!hasNullMember(v)) return v;
  const out = cloneJson(v);
  const drop = (x: unknown): void => {
    if (x === null || typeof x !== 'object' || x instanceof Number) return;
    if (Array.isArray(x)) x.forEach(drop);
    else
      for (const k of Object.keys(x)) {
        const m = (x as Record<string, unknown>)[k];
        if (m === null || m instanceof JsonNull) delete (x as Record<string, unknown>)[k];
        else drop(m);
      }
  };
  drop(out);
  return out;
}

/** MI's XML text made from a JSON object: a backslash before b/f/n/r/t/" is doubled and `$` gets a backslash. */
function regexReplacementXml(t: string): string {
  if (!t.includes('\\') && !t.includes('$')) return t;
  return t.replace(/\\(?=["bfnrt])/g, '\\\\').replace(/\$/g, '\\$$');
}

/**
 * An element holding both child elements and text that is more than white space (Java's trim: up to U+0020) at any
 * depth: JsonUtil.toJsonString (staxon) cannot write it, and the payloadFactory fails with "Error converting XML to
 * JSON" (TemplateProcessor.convertXmlArgumentToJson, RegexTemplateProcessor.convertXMLToJSON: the AxisFault).
 */
function mixedContent(el: slimdom.Element): boolean {
  let elements = false;
  let text = false;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      elements = true;
      if (mixedContent(c as slimdom.Element)) return true;
    } else if ((c.nodeType === 3 || c.nodeType === 4) && /[^\x00-\x20]/.test((c as slimdom.Text).data))
      text = true;
  }
  return elements && text;
}

/** An XML string as JSON (MI converts `<jsonObject>value</jsonObject>`); text that does not parse stays text. */
function xmlTextToJson(s: string, inner: string): string {
  let json: string;
  try {
    const root = parseXmlElement(`<jsonObject>${s}</jsonObject>`);
    if (mixedContent(root)) throw new MediationError(0, 'Error converting XML to JSON');
    json = stringifyJson(xmlToJson(root));
  } catch (e) {
    if (e instanceof MediationError) throw e;
    return jsonEscape(s);
  }
  // convertXMLToJSON's escapeSpecialCharactersOfJson, then Matcher.appendReplacement (no quoteReplacement): `$n` is
  // a group of the `${...}` match, any other `$` (a value's, or the member of an element with attributes and text)
  // fails with "Illegal group reference"
  return javaAppendReplacement(escapeSpecialCharactersOfJson(json), [`\${${inner}}`, undefined, inner]);
}

function jsonToXmlInner(v: object): slimdom.Node {
  const root = jsonToXml(v);
  // an object becomes its members (no jsonObject wrapper); MI writes no xml-multiple instructions here
  const frag = root.ownerDocument!.createDocumentFragment();
  for (const c of [...root.childNodes]) if (c.nodeType === 1) frag.appendChild(stripPIs(c));
  return frag;
}

function stripPIs(n: slimdom.Node): slimdom.Node {
  for (const c of [...n.childNodes]) {
    if (c.nodeType === 7) n.removeChild(c);
    else if (c.nodeType === 1) stripPIs(c);
  }
  return n;
}

// ------------------------------------------------------------------ enrich
type SourceType = 'custom' | 'envelope' | 'body' | 'property' | 'inline' | 'variable';
type TargetType = 'custom' | 'envelope' | 'body' | 'property' | 'key' | 'variable';

registerMediator('enrich', (el, cc) => {
  const src = firstChild(el, 'source');
  const tgt = firstChild(el, 'target');
  if (!src || !tgt) cc.problem(el, 'RT_ENRICH_FORM', 'enrich needs <source> and <target>');
  const sType = ((src && attrValue(src, 'type')) ?? 'custom') as SourceType;
  const tType = ((tgt && attrValue(tgt, 'type')) ?? 'custom') as TargetType;
  const action = (tgt && attrValue(tgt, 'action')) ?? 'replace';
  // EnrichMediatorFactory: Boolean.parseBoolean when given (clone defaults to true)
  const cloneAttr = src ? attrValue(src, 'clone') : undefined;
  const clone = cloneAttr === undefined || parseBoolean(cloneAttr);
  const sExpr = src && sType === 'custom' ? cc.expr(src, 'xpath') : undefined;
  const tExpr = tgt && (tType === 'custom' || tType === 'key') ? cc.expr(tgt, 'xpath') : undefined;
  const sProp = src ? (attrValue(src, 'property') ?? attrValue(src, 'variable')) : undefined;
  const tProp = tgt ? (attrValue(tgt, 'property') ?? attrValue(tgt, 'variable')) : undefined;
  const inlineEl = src && sType === 'inline' ? childElements(src)[0] : undefined;
  const inlineXml = inlineEl ? serializeSource(cc.text, inlineEl) : undefined;
  const inlineText = src && sType === 'inline' && !inlineEl ? textContent(src).trim() : undefined;
  const inlineKey = src && sType === 'inline' ? attrValue(src, 'key') : undefined;
  if (tType === 'key' && tgt && (!tExpr || tExpr.kind !== 'jsonpath'))
    cc.problem(
      tgt,
      'RT_ENRICH_FORM',
      'enrich target of type key needs a json-eval(...) xpath naming the key to rename',
    );
  // EnrichMediatorFactory.populateSource/populateTarget: a property source or target needs its property attribute
  // (MI's message names the custom type's xpath, as the factory words it)
  for (const [x, type] of [
    [src, sType],
    [tgt, tType],
  ] as const)
    if (x && type === 'property' && attrValue(x, 'property') === undefined && !cc.problems.length)
      cc.problem(x, 'RT_MISSING_ATTRIBUTE', 'xpath attribute is required for CUSTOM type');
  if (sType === 'custom' && src && !sExpr && !cc.problems.length)
    cc.problem(src, 'RT_MISSING_ATTRIBUTE', 'enrich source of type custom needs xpath');
  if (tType === 'custom' && tgt && !tExpr && action !== 'remove' && !cc.problems.length)
    cc.problem(tgt, 'RT_MISSING_ATTRIBUTE', 'enrich target of type custom needs xpath');
  // EnrichMediatorFactory.populateTarget refuses a replace of the JSON root at deploy
  if (
    tType === 'custom' &&
    tExpr?.kind === 'jsonpath' &&
    action === 'replace' &&
    /^\$\.?$/.test(jsonPathText(tExpr))
  )
    cc.problem(
      tgt!,
      'RT_ENRICH_FORM',
      'Acting replace is not supported for root path in type custom. Please use type body action replace instead',
    );
  // MI's inline expressions ({$ctx:x}, {//a}, {json-eval($.a)}) are read when the inline text, or the inline element's
  // own text, holds one (EnrichMediatorFactory: InlineExpressionUtil.checkForInlineExpressions); `${...}` is not one
  const inlineOwnText = inlineEl ? textContent(inlineEl) : inlineText;
  const inlineWithExpressions =
    inlineOwnText !== undefined && INLINE_EXPRESSION.test(inlineOwnText)
      ? (inlineXml ?? inlineText)
      : undefined;
  const inlineExpressions =
    inlineWithExpressions !== undefined
      ? compileInlineExpressions(inlineWithExpressions, src ? cc.ns(src) : {})
      : [];
  let removePaths: JsonPathEdit[] | undefined;
  if (action === 'remove' && sExpr?.kind === 'jsonpath') {
    try {
      removePaths = compileRemovePaths(sExpr.text);
    } catch (e) {
      if (!(e instanceof ExpressionCompileError)) throw e;
      cc.problem(src, 'EXPR_JSONPATH_SYNTAX', `enrich remove: ${e.message}`);
    }
  }
  // a ${...} custom path is a SynapseExpression, whose path type is no JSON path: the enrich takes the XML way,
  // where Source.evaluate / Target.insert call Jaxen's selectNodes on the message context itself (SynapseExpression
  // does not override it) and fail with a ClassCastException (its class-loader tail left out: it names MI's bundles)
  const synapsePath =
    (sType === 'custom' && sExpr?.kind === 'synapse') || (tType === 'custom' && tExpr?.kind === 'synapse');
  return {
    ...base(el, cc, true),
    mediate(ctx, ex) {
      if (synapsePath)
        throw new MediationError(
          0,
          'class org.apache.synapse.core.axis2.Axis2MessageContext cannot be cast to class org.apache.axiom.om.OMNode',
        );
      // EnrichMediator.mediate: the inline text with its expressions replaced, XML when it reads as XML
      let inlineReplaced: string | undefined;
      let inlineReplacedXml: slimdom.Element | undefined;
      if (inlineWithExpressions !== undefined) {
        inlineReplaced = replaceInlineExpressions(ctx, inlineWithExpressions, inlineExpressions);
        try {
          inlineReplacedXml = parseXmlElement(inlineReplaced.trim());
        } catch {
          inlineReplacedXml = undefined; // AXIOMUtil.stringToOM failed: a text
        }
      }
      const jsonMode =
        ctx.payload.kind === 'json' &&
        sExpr?.kind !== 'xpath' &&
        tExpr?.kind !== 'xpath' &&
        sType !== 'envelope' &&
        tType !== 'envelope' &&
        !inlineXml &&
        !inlineReplacedXml;
      if (jsonMode) {
        const src: JsonSource = {
          type: sType,
          expr: sExpr,
          prop: sProp,
          clone,
          inlineKey,
          inlineText: inlineReplaced ?? inlineText,
          inlineLenient: inlineReplaced !== undefined,
          removePaths,
        };
        enrichNativeJson(ctx, ex, src, { type: tType, expr: tExpr, prop: tProp, action });
        if (tType === 'body') ctx.axis2.delete('NO_ENTITY_BODY');
        return true;
      }
      // ---- source
      let value: unknown;
      if (sType === 'inline') {
        if (inlineKey) {
          const text = ex.reg.resource(inlineKey);
          if (text === undefined)
            throw new MediationError(
              0,
              `enrich inline key '${inlineKey}' is not a local entry or registry resource`,
            );
          value = text.trim().startsWith('<') ? parseXmlElement(text.trim()) : tryJson(text);
        } else if (inlineReplaced !== undefined) value = inlineReplacedXml ?? inlineReplaced;
        else if (inlineXml) value = parseXmlElement(inlineXml);
        else value = inlineText!;
      } else if (sType === 'body') {
        value = jsonMode ? ctx.json() : ctx.payload.rootElement();
        // Source.evaluate clones the Body's first element (cloneOMElement builds it)
        if (!jsonMode) markBodyRead(ctx.envelope());
      } else if (sType === 'envelope') {
        value = ctx.envelope().documentElement;
        // MessageHelper.cloneSOAPEnvelope reads the whole Body
        markBodyRead(ctx.envelope());
      } else if (sType === 'property') {
        value = ctx.props.get(sProp ?? '');
        // Source.evaluate: a property that is not set is no source
        if (value === undefined || value === null)
          ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), 'Invalid source property type.');
        // a JSON-typed property (a Gson JsonElement in MI) goes in as the text of JsonElement.toString(): a string
        // with its quotes, an object or array as its JSON text (Source.evaluate: createOMText), so a replaced
        // element gets that text and a replaced body a JSON payload (Target.insertElementToBody)
        if (value instanceof JsonString || value instanceof JsonNull) value = value.toString();
        else if (isJsonTree(value)) value = stringifyJson(value);
      } else if (sType === 'variable') value = ctx.vars.get(sProp ?? '');
      else if (sExpr) {
        if (sExpr.kind === 'xpath') {
          const nodes = sExpr.nodes(ctx);
          // Source.evaluate keeps the elements and texts it selected: an attribute, a comment, a processing
          // instruction or the document is no OMElement, OMText or String, and is left out
          const picked = nodes.filter((n) => n.nodeType === 1 || n.nodeType === 3 || n.nodeType === 4);
          // an empty node-set is an empty source (MI: "Specified node by xpath cannot be found."); a string result is a text
          if (picked.length) value = picked.length === 1 ? picked[0] : picked;
          else if (nodes.length) value = [];
          else if (sExpr.value(ctx) === undefined) {
            value = [];
            ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), 'Specified node by xpath cannot be found.');
          } else value = sExpr.string(ctx);
        } else value = sExpr.value(ctx);
      }
      // a copy of the envelope is still a SOAPEnvelope in MI (MessageHelper.cloneSOAPEnvelope), without a document
      if (clone && sType === 'envelope' && isNode(value))
        value = markDoclessEnvelope(
          markSoapEnvelope(ctx.envelope().cloneNode(true) as slimdom.Document),
        ).documentElement;
      else if (clone && value && typeof value === 'object')
        value = isNode(value)
          ? value.cloneNode(true)
          : Array.isArray(value) && value.length && isNode(value[0])
            ? value.map((n: slimdom.Node) => n.cloneNode(true))
            : cloneJson(value);
      // Source.getSOAPEnvFromOM: an inline Envelope becomes a SOAPEnvelope over a StAXSOAPModelBuilder of its XML,
      // not read to its end (written as parsed until something completes it)
      if (sType === 'inline' && isNode(value) && (value as slimdom.Element).localName === 'Envelope')
        builderEnvelopes.add(value);
      // ---- target
      if (tType === 'property') {
        if (action === 'remove') ctx.props.delete(tProp ?? '');
        else if (action !== 'child' || !enrichPropertyChild(ctx, tProp ?? '', value)) {
          ctx.props.set(tProp ?? '', value);
          if (value !== null && typeof value === 'object') enrichedProperties.add(value);
        }
        return true;
      }
      if (tType === 'variable') {
        ctx.vars.set(tProp ?? '', value);
        return true;
      }
      // Target.insert (XML): no branch for KEY, 'Invalid Target type'
      if (tType === 'key') throw new MediationError(0, 'Invalid Target type');
      enrichXml(ctx, ex, tType, tExpr, action, value);
      if (tType === 'body' || tType === 'envelope') ctx.axis2.delete('NO_ENTITY_BODY');
      return true;
    },
  };
});

/** InlineExpressionUtil.EXPRESSION_PATTERN: `{...}` with no white space, quote, comma, angle bracket, `}` or `]`. */
const INLINE_EXPRESSION = /\{[^\s",<>}\]]+\}/;
const INLINE_EXPRESSIONS = new RegExp(INLINE_EXPRESSION.source, 'g');

/** An inline `{expr}` and what it compiles to (an error is MI's at mediation, when the text is read). */
interface InlineExpression {
  seq: string;
  expr: Expr | Error;
}

/** The inline expressions of an enrich's inline text, compiled at load with the namespaces in scope there. */
function compileInlineExpressions(text: string, ns: Record<string, string>): InlineExpression[] {
  return [...text.matchAll(INLINE_EXPRESSIONS)].map((m) => {
    const seq = m[0];
    try {
      return { seq, expr: compileExpr(seq.slice(1, -1), ns) };
    } catch (e) {
      return { seq, expr: e as Error };
    }
  });
}

/**
 * InlineExpressionUtil.replaceDynamicValues: each `{expr}` (an XPath, or json-eval(path)) replaced everywhere in the
 * text by its string value; a value that reads neither as XML nor as JSON (Gson, lenient) and is not already between
 * double quotes is quoted, and so is an empty json-eval result.
 */
function replaceInlineExpressions(ctx: MessageContext, original: string, exprs: InlineExpression[]): string {
  let text = original;
  for (const { seq, expr } of exprs) {
    const at = text.indexOf(seq);
    const around = at >= 1 && at + seq.length < text.length ? text.slice(at - 1, at + seq.length + 1) : '';
    if (expr instanceof Error) throw new MediationError(0, 'Invalid expression for inline source format.');
    let value = expr.string(ctx);
    const quoted = around.startsWith('"') && around.endsWith('"');
    if (
      (value === '' && seq.includes('json-eval')) ||
      (!readsAsXml(value) && !readsAsJson(value) && (value === '' || !quoted))
    )
      value = `"${value}"`;
    text = text.split(seq).join(value);
  }
  return text;
}

function readsAsXml(v: string): boolean {
  try {
    parseXmlElement(v);
    return true;
  } catch {
    return false;
  }
}

function readsAsJson(v: string): boolean {
  try {
    parseJsonLenient(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Target.handleProperty: a custom target written as get-property('name') or get-property('scope', 'name') (the
 * quoted strings of the expression) sets that property (default, axis2 or operation scope; another scope is left
 * alone) to the source; with action child, a property holding an element gets a copy with the source appended.
 */
function enrichGetPropertyTarget(ctx: MessageContext, text: string, action: string, value: unknown): void {
  const quoted = [...text.matchAll(/'[^']*'/g)].map((m) => m[0].slice(1, -1));
  const [scope, name] = quoted.length > 1 ? [quoted[0]!, quoted[1]!] : ['default', quoted[0] ?? ''];
  if (scope !== 'default' && scope !== 'axis2' && scope !== 'operation') return;
  const held = ctx.getProperty(name, scope);
  let stored: unknown = value;
  if (action === 'child' && isNode(held) && held.nodeType === 1 && !enrichedProperties.has(held)) {
    const copy = held.cloneNode(true) as slimdom.Element;
    for (const n of asNodes(copy.ownerDocument!, value)) if (n.nodeType === 1) copy.appendChild(n);
    stored = copy;
  } else if (value !== null && typeof value === 'object') enrichedProperties.add(value);
  ctx.setProperty(name, stored, scope);
}

/** Values an enrich put into a property: MI holds them as a node list (an ArrayList), which no later child action extends. */
const enrichedProperties = new WeakSet<object>();

/** An enrich result held in a property (MI's ArrayList of nodes): a message store writes its first element. */
export function isEnrichedValue(v: object): boolean {
  return enrichedProperties.has(v);
}

/** Marks a copy of an enrich result as one (a stored message's copy). */
export function markEnrichedValue(v: object): void {
  enrichedProperties.add(v);
}

/**
 * Target.insert into a property with action child: a property holding an element (a property mediator's OM value), or
 * XML text, takes the source elements as its children (insertElement); the element stays the property, while XML text
 * becomes the text of the element's own text children (OMElement.getText), as MI writes it. False when the property
 * holds neither (then the source replaces it).
 */
function enrichPropertyChild(ctx: MessageContext, name: string, value: unknown): boolean {
  const held = ctx.props.get(name);
  let el: slimdom.Element | undefined;
  if (isNode(held) && held.nodeType === 1 && !enrichedProperties.has(held)) el = held as slimdom.Element;
  else if (typeof held === 'string') {
    try {
      el = parseXmlElement(held.trim());
    } catch {
      el = undefined; // AXIOMUtil.stringToOM failed: not XML, the property is replaced
    }
  }
  if (!el) return false;
  for (const n of asNodes(el.ownerDocument!, value)) if (n.nodeType === 1) el.appendChild(n);
  if (typeof held === 'string')
    ctx.props.set(
      name,
      [...el.childNodes]
        .filter((n) => n.nodeType === 3 || n.nodeType === 4)
        .map((n) => (n as slimdom.Text).data)
        .join(''),
    );
  ctx.payload.markXmlChanged();
  return true;
}

/** A JSON object or array held by a property (not an XML node list, not a typed number). */
function isJsonTree(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Number || v instanceof String || isNode(v))
    return false;
  if (Array.isArray(v)) return v.length > 0 && !v.some((x) => isNode(x));
  return Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null;
}

function tryJson(t: string): unknown {
  try {
    // Gson keeps a number's text: integers beyond 2^53 keep their digits
    return keepLongDigits(parseJsonText(t), t);
  } catch {
    return t;
  }
}

function toJsonValue(v: unknown): unknown {
  if (isNode(v)) {
    const j = xmlToJson(v as slimdom.Element);
    return j;
  }
  if (Array.isArray(v) && v.length && isNode(v[0])) return v.map((n) => toJsonValue(n));
  return v;
}

interface JsonSource {
  type: SourceType;
  expr: Expr | undefined;
  prop: string | undefined;
  clone: boolean;
  inlineKey: string | undefined;
  inlineText: string | undefined;
  /** The inline text came from expressions: read as Gson (lenient) reads it (JsonPath.parse(text).json()). */
  inlineLenient: boolean;
  /** action="remove": the source's comma-separated JSONPaths, each compiled. */
  removePaths: JsonPathEdit[] | undefined;
}

interface JsonTarget {
  type: TargetType;
  expr: Expr | undefined;
  prop: string | undefined;
  action: string;
}

/**
 * Enrich on a JSON payload without XML, as MI's native JSON mode: sources are JSON values (a string property is
 * parsed as JSON), a JSONPath target is set or appended to, the body only takes objects and arrays, a property
 * receives the JSON text, `remove` deletes the source path from the body or a property, `key` renames a key. What MI
 * refuses with an error in its log (sibling on JSON, a child on a scalar, a scalar body) is logged and changes nothing.
 */
function enrichNativeJson(ctx: MessageContext, ex: Executor, s: JsonSource, t: JsonTarget): void {
  const fail = (msg: string) => ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), msg);
  if (t.action === 'remove') {
    if (!s.expr || s.expr.kind !== 'jsonpath' || !s.removePaths)
      throw new MediationError(0, 'enrich: the remove action needs a source json-eval(...) path');
    if (t.type === 'body') {
      const cur = removeJsonPaths(ctx, ex, ctx.json(), s.removePaths);
      if (cur === undefined) ctx.payload.setRaw(Buffer.alloc(0), ctx.payload.contentType, true);
      else setGsonBody(ctx, cur);
    } else if (t.type === 'property') {
      const held = ctx.props.get(t.prop ?? '');
      if (held === undefined || held === null || isNode(held))
        throw new MediationError(
          0,
          `Cannot perform the remove operation. Data type of the property ${t.prop ?? ''} is not string | JSON`,
        );
      const cur = removeJsonPaths(
        ctx,
        ex,
        typeof held === 'string' ? tryJson(held) : cloneJson(held),
        s.removePaths,
      );
      ctx.props.set(t.prop ?? '', cur === undefined ? '' : gsonJsonString(cur));
    } else throw new MediationError(0, `enrich: target type ${t.type} is invalid for the remove action`);
    return;
  }
  // ---- source
  let value: unknown;
  if (s.type === 'custom' && s.expr) {
    // Source.evaluateJson: JsonPath.parse(json).read(path); a definite path that finds nothing fails as Jayway does;
    // one that finds a JSON null gives the JsonNull (read does not unwrap it), a source like any other
    const text = jsonPathText(s.expr);
    const segs =
      s.expr.kind === 'jsonpath'
        ? jsonPathSegments(text.endsWith('.') ? text.slice(0, -1) : text)
        : undefined;
    if (segs?.length) {
      const { holder, key } = jaywaySetRef(ctx.json(), segs, 'read')!;
      if (jsonAt(holder, key) === undefined)
        throw new MediationError(0, 'Failed to get the source for Enriching : ');
    }
    value = s.expr.value(ctx);
    if (!s.clone) {
      // clone="false" moves the value: MI deletes it from the payload
      const cur = ctx.json();
      deleteJsonPath(cur, jsonPathText(s.expr));
      setGsonBody(ctx, cur);
    }
  } else if (s.type === 'body') {
    value = ctx.json();
    // integers beyond 2^53 keep the digits they came with (Gson's numbers keep their text), wherever the copy goes
    ctx.payload.keepLongDigits(value);
  } else if (s.type === 'inline') {
    let text: string;
    if (s.inlineKey) {
      const r = ex.reg.resource(s.inlineKey);
      if (r === undefined)
        throw new MediationError(
          0,
          `enrich inline key '${s.inlineKey}' is not a local entry or registry resource`,
        );
      text = r;
    } else text = s.inlineText ?? '';
    value = tryJson(text.trim());
    if (s.inlineLenient && typeof value === 'string') {
      try {
        value = parseJsonLenient(text.trim());
      } catch (e) {
        // Source.evaluateJson: JsonPath.parse(text) of what the expressions left fails (InvalidJsonException)
        throw new MediationError(0, `Invalid JSON in the enrich inline source: ${(e as Error).message}`);
      }
    }
  } else if (s.type === 'property') {
    const p = ctx.props.get(s.prop ?? '');
    // Source.evaluateJson: no such property, no source
    if (p === undefined || p === null) {
      ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), 'Source json object cannot be null');
      throw new MediationError(0, 'Failed to get the source for Enriching : ');
    }
    // a JSON-typed property is the JsonElement itself (a JsonString: its string)
    value =
      typeof p === 'string'
        ? tryJson(p)
        : p instanceof JsonString
          ? p.valueOf()
          : p instanceof JsonNull
            ? null
            : toJsonValue(p);
  } else if (s.type === 'variable') value = toJsonValue(ctx.vars.get(s.prop ?? ''));
  value = toJsonValue(value);
  // a copy, its numbers plain with their text kept (10.0 from a path result stays 10.0 in the body)
  if (value !== null && typeof value === 'object' && !(value instanceof Number))
    value = settleNumbers(cloneJson(value));
  // ---- target
  switch (t.type) {
    case 'body':
      if (t.action !== 'replace')
        return fail(`Unsupported action : ${t.action}. Only replace is supported for target body.`);
      if (value === null || typeof value !== 'object' || value instanceof Number)
        return fail(
          `Unsupported JSON payload : ${stringifyJson(value)}.Only JSON arrays and objects can be enriched to the body`,
        );
      ctx.payload.setJson(value);
      return;
    case 'property': {
      const name = t.prop ?? '';
      if (t.action === 'replace') ctx.props.set(name, stringifyJson(value));
      else if (t.action === 'child') {
        const held = ctx.props.get(name);
        if (held === undefined || held === null)
          return fail(`Cannot find the property with name "${name}" to enrich`);
        // EIPUtils.tryParseJsonString(propertyObj.toString()): a text that is no number, boolean, array, object or
        // quoted string is quoted first (validateStringForGson), then read by Gson (lenient); what Gson cannot read
        // is null there, and the isJsonArray() that follows a NullPointerException
        const text =
          typeof held === 'string'
            ? held
            : held instanceof JsonString || held instanceof JsonNull
              ? held.toString()
              : isJsonTree(held)
                ? stringifyJson(held)
                : stringOf(held);
        const t0 = text.trim();
        const gsonText =
          /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(t0) ||
          text === 'true' ||
          text === 'false' ||
          (text.startsWith('[') && text.endsWith(']')) ||
          (text.startsWith('{') && text.endsWith('}')) ||
          (text.startsWith('"') && text.endsWith('"') && text.length > 1)
            ? text
            : `"${text}"`;
        let cur: unknown = tryJson(gsonText.trim());
        if (typeof cur === 'string' && !/^\s*"/.test(gsonText)) {
          try {
            cur = parseJsonLenient(gsonText.trim());
          } catch {
            ex.log(
              'ERROR',
              'EIPUtils',
              artifactLabel(ctx),
              `${text} cannot be parsed to a valid JSON payload`,
            );
            throw new MediationError(0, 'Runtime error occurred while mediating the message');
          }
        }
        if (!Array.isArray(cur))
          return fail(`Cannot add child, since the target ${stringifyJson(cur)} is not an JSON array`);
        cur.push(value);
        ctx.props.set(name, stringifyJson(cur));
      } else fail('Action sibling is not supported when enriching properties with JSON data');
      return;
    }
    case 'variable':
      ctx.vars.set(t.prop ?? '', value);
      return;
    case 'key': {
      // Target.renameKey: the path split at its last '.', JsonPath.renameKey(parent path, key, new name)
      const path = jsonPathText(t.expr!);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
        throw new MediationError(
          0,
          'Failed to get the new key name from source for Enriching. Key name must be a string.',
        );
      const dot = path.lastIndexOf('.');
      // EnrichMediator: jsonPathString.substring(0, lastIndexOf(".")): no '.' is Java's StringIndexOutOfBoundsException
      if (dot < 0) throw new MediationError(0, `begin 0, end -1, length ${path.length}`);
      // a parent path ending in '.' ('$..a' splits to '$.'): Jayway PathCompiler refuses it
      if (dot === 0 || path[dot - 1] === '.')
        throw new MediationError(
          0,
          dot === 0 ? 'json can not be null or empty' : "Path must not end with a '.' or '..'",
        );
      const from = path.slice(dot + 1);
      const parentPath = path.slice(0, dot);
      const cur = ctx.json();
      // PathRef.renameKey (renameInMap): the key must be there, in an object
      const renameIn = (obj: unknown): void => {
        if (
          !obj ||
          typeof obj !== 'object' ||
          Array.isArray(obj) ||
          obj instanceof Number ||
          obj instanceof String
        )
          throw new MediationError(0, 'Can only rename properties in a map');
        if (!Object.prototype.hasOwnProperty.call(obj, from))
          throw new MediationError(0, `No results for Key ${from} found in map!`);
        renameKey(obj as Record<string, unknown>, from, String(value));
      };
      const parentSegs = jsonPathSegments(parentPath);
      if (parentSegs) {
        if (!parentSegs.length) renameIn(cur);
        else {
          const ref = jaywaySetRef(cur, parentSegs, 'rename');
          if (ref) renameIn(jsonAt(ref.holder, ref.key));
        }
      } else for (const r of editPath(parentPath).locate(ctx, cur)) renameIn(r.value);
      setGsonBody(ctx, cur);
      return;
    }
    default: {
      // custom: a JSONPath into the body
      const path = t.expr ? jsonPathText(t.expr) : '$';
      const segs = jsonPathSegments(path.endsWith('.') ? path.slice(0, -1) : path);
      if (!segs && t.action === 'replace') {
        // an indefinite path (wildcard, filter, deep scan): JsonPath's set() replaces every match (Target:
        // JsonPath.parse(json).set(expression, source)); no match fails (jaywayNothingSet)
        const cur = ctx.json();
        const refs = editPath(path.endsWith('.') ? path.slice(0, -1) : path).locate(ctx, cur);
        if (!refs.length) throw jaywayNothingSet();
        for (const r of refs)
          if (r.holder)
            (r.holder as Record<string | number, unknown>)[r.key] = storeJson(
              r.holder,
              r.key,
              cloneJson(value),
            );
        setGsonBody(ctx, cur);
        return;
      }
      if (!segs) throw new MediationError(0, `enrich: unsupported JSON target path '${path}'`);
      const cur = ctx.json();
      if (t.action === 'replace') {
        if (segs.length === 0)
          throw new MediationError(0, 'enrich: replacing the JSON root needs target type body');
        const { holder, key } = jaywaySetRef(cur, segs)!;
        (holder as Record<string | number, unknown>)[key] = storeJson(holder, key, value);
      } else if (t.action === 'child') {
        // Target.getNewJSONString: documentContext.read(expression) of a definite path that finds nothing fails
        let target: unknown = cur;
        if (segs.length) {
          const { holder, key } = jaywaySetRef(cur, segs, 'read')!;
          target = jsonAt(holder, key);
        }
        // read() gives the JsonElement found, not unwrapped (GsonJsonProvider.getArrayIndex ignores unwrap): a JSON
        // null (JsonNull) or a primitive is no array or object, so Target logs "Cannot append ..." and goes on
        // (the source goes in as EIPUtils.tryParseJsonString(sourceNode.toString()): a JSON null is the string "null")
        if (Array.isArray(target))
          target.push(value === null ? 'null' : storeJson(target, target.length, value));
        else if (
          target &&
          typeof target === 'object' &&
          !(target instanceof JsonNull) &&
          !(target instanceof Number) &&
          !(target instanceof String) &&
          value &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          !(value instanceof Number)
        )
          for (const k of Object.keys(value))
            (target as Record<string, unknown>)[k] = storeJson(target, k, jsonAt(value, k));
        else {
          // (Target's own log)
          ex.log(
            'ERROR',
            'Target',
            artifactLabel(ctx),
            `Cannot append since the target element is not a JSON array or JSONObject: ${stringifyJson(target)}`,
          );
          return;
        }
      } else return fail('Action sibling is not supported. Please use child action instead');
      // MI writes a replaced body with JsonPath's jsonString() (Gson, HTML-safe), an appended one with toString()
      if (t.action === 'replace') setGsonBody(ctx, cur);
      else ctx.payload.setJson(cur);
    }
  }
}

/**
 * JSON text as MI's JsonPath writes it (`DocumentContext.jsonString()`, Gson with its default HTML-safe escaping):
 * `<`, `>`, `&`, `=`, `'` (and U+2028/U+2029) inside strings become \u003c and so on. MI writes the body that way
 * after an enrich that replaces at a path, removes, moves (clone="false") or renames a key.
 */
function gsonJsonString(v: unknown): string {
  return stringifyJson(v).replace(
    /[<>&='\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The body becomes that JSON text (MI's JSON stream holds it: it goes out as it is until something changes it). */
function setGsonBody(ctx: MessageContext, v: unknown): void {
  const type = ctx.payload.kind === 'json' ? ctx.payload.contentType : 'application/json';
  // integers beyond 2^53 keep the digits they came with (Gson writes them as read)
  ctx.payload.keepLongDigits(v);
  ctx.payload.setRaw(Buffer.from(gsonJsonString(v)), type, true);
}

function jsonPathText(e: Expr): string {
  return e.text
    .trim()
    .replace(/^json-eval\((.*)\)$/s, '$1')
    .trim();
}

/**
 * MI's Target.setEnrichResultToBody calls JsonPath.set (Jayway 2.10, Synapse's Gson configuration, no options), which
 * throws a PathNotFoundException without a message when the path finds nothing to set; AbstractListMediator then
 * fails the mediation with its words for an exception without a message.
 */
function jaywayNothingSet(): MediationError {
  return new MediationError(0, 'Runtime error occurred while mediating the message');
}

/** The Java class Jayway's Gson provider reports for a value it found on the way (a key's value is unwrapped). */
function jaywayFoundClass(v: unknown, viaIndex: boolean): string {
  if (Array.isArray(v)) return 'com.google.gson.JsonArray';
  if (viaIndex)
    return v === null || v === undefined || v instanceof JsonNull
      ? 'com.google.gson.JsonNull'
      : 'com.google.gson.JsonPrimitive';
  if (v === null || v === undefined || v instanceof JsonNull) return 'null';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (typeof v === 'number' || v instanceof Number) {
    // GsonJsonProvider.unwrapNumber: the number's text as a BigDecimal, an int or long when it has no fraction
    const m = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(stringifyJson(v));
    if (!m) return 'java.lang.Double';
    const scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
    if (scale > 0) return 'java.lang.Double';
    const digits = BigInt((m[1] ?? '0') + '0'.repeat(-scale));
    return digits <= 2147483647n ? 'java.lang.Integer' : 'java.lang.Long';
  }
  return 'java.lang.String';
}

/** A value Jayway found, as its toString prints it (a key's value is unwrapped to a Java String, Number or Boolean). */
function jaywayModelText(v: unknown, viaIndex: boolean): string {
  if (viaIndex || (v !== null && typeof v === 'object' && !(v instanceof Number)))
    return stringifyJson(v ?? null);
  if (typeof v === 'string') return v;
  return jaywayFoundClass(v, false) === 'java.lang.Double' ? javaDoubleToString(Number(v)) : stringifyJson(v);
}

/**
 * Where JsonPath.set writes (or read finds) along a definite path (Jayway 2.10 PropertyPathToken/ArrayIndexToken with
 * no options): a step that is missing or of the wrong kind on the way fails with Jayway's PathNotFoundException
 * message; a last key or index that is not there finds nothing, so set() throws (jaywayNothingSet) and read() fails
 * "No results for path: ...". Never adds a key.
 */
function jaywaySetRef(
  root: unknown,
  segs: (string | number)[],
  mode: 'set' | 'read' | 'rename' = 'set',
): { holder: object; key: string | number } | undefined {
  const frag = (seg: string | number) => (typeof seg === 'string' ? `['${seg}']` : `[${seg}]`);
  // a read of a definite path that finds nothing: EvaluationContextImpl.getValue's PathNotFoundException; a rename
  // (JsonPath.renameKey) has nothing to do
  const nothing = () => {
    if (mode === 'rename') return undefined;
    throw mode === 'set'
      ? jaywayNothingSet()
      : new MediationError(0, `No results for path: $${segs.map(frag).join('')}`);
  };
  let node = root;
  let path = '$';
  let viaIndex = false;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const leaf = i === segs.length - 1;
    if (typeof seg === 'string') {
      if (
        !node ||
        typeof node !== 'object' ||
        Array.isArray(node) ||
        node instanceof Number ||
        node instanceof String ||
        node instanceof JsonNull
      )
        throw new MediationError(
          0,
          `Expected to find an object with property ${frag(seg)} in path ${path} but found '${jaywayFoundClass(node, viaIndex)}'. ` +
            "This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
        );
      if (!Object.prototype.hasOwnProperty.call(node, seg)) {
        if (leaf) return nothing();
        throw new MediationError(0, `Missing property in path ${path}${frag(seg)}`);
      }
      if (leaf) return { holder: node, key: seg };
      viaIndex = false;
    } else {
      if (!Array.isArray(node)) {
        if ((node === null || node === undefined || node instanceof JsonNull) && !viaIndex)
          throw new MediationError(0, `The path ${path} is null`);
        throw new MediationError(
          0,
          `Filter: ${segs.slice(i).map(frag).join('')} can only be applied to arrays. Current context is: ${jaywayModelText(node, viaIndex)}`,
        );
      }
      if (seg >= node.length) return nothing();
      if (leaf) return { holder: node, key: seg };
      viaIndex = true;
    }
    node = jsonAt(node, seg);
    path += frag(seg);
  }
  return nothing();
}

function walkJson(root: unknown, segs: (string | number)[]): unknown {
  let o = root;
  for (const s of segs) {
    if (!o || typeof o !== 'object') return undefined;
    o = (o as Record<string | number, unknown>)[s];
  }
  return o;
}

function deleteJsonPath(root: unknown, path: string): void {
  const segs = jsonPathSegments(path);
  if (!segs || segs.length === 0) throw new MediationError(0, `enrich: cannot remove '${path}'`);
  const parent = walkJson(root, segs.slice(0, -1));
  const last = segs[segs.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
}

/** `json-eval($.a[*].b,$.c)`: each comma-separated path compiled (MI's Target splits the text at its commas). */
function compileRemovePaths(exprText: string): JsonPathEdit[] {
  const inner = exprText.trim().replace(/^json-eval\((.*)\)$/s, '$1');
  const bounds = [-1, ...topLevelCommas(inner), inner.length];
  const out: JsonPathEdit[] = [];
  for (let k = 1; k < bounds.length; k++) {
    const part = inner.slice(bounds[k - 1]! + 1, bounds[k]).trim();
    if (part !== '') out.push(compileJsonPathEdit(part));
  }
  return out;
}

/**
 * enrich action="remove" on a JSON value, as MI's Target does: each path in turn on what the previous ones left;
 * `$` (or `$.`) empties it (the result is undefined); a path that matches nothing is logged and skipped (an
 * indefinite path, or a definite one holding an empty array); a definite path that finds nothing fails the
 * mediation (MI: PathNotFoundException, unless synapse.jsonpath.ignore.not.found.error is set, which we do not read).
 */
function removeJsonPaths(ctx: MessageContext, ex: Executor, root: unknown, paths: JsonPathEdit[]): unknown {
  const failed = (detail: string): never => {
    throw new MediationError(0, 'Error occurred while executing the action : remove', detail);
  };
  for (const p of paths) {
    if (p.whole) {
      root = undefined;
      continue;
    }
    if (root === undefined || root === null || typeof root !== 'object')
      failed(`No results for path: ${p.text}`);
    let found: { value: unknown; multi: boolean };
    try {
      found = p.read(ctx, root);
    } catch (e) {
      if (e instanceof NavError) failed(`${p.text}: ${e.message}`);
      throw e;
    }
    if (!found.multi && found.value === undefined) failed(`No results for path: ${p.text}`);
    if (Array.isArray(found.value) && found.value.length === 0) {
      ex.log(
        'INFO',
        'Target',
        artifactLabel(ctx),
        `No matching elements were found for the given JSONPath: ${p.text}. Therefore, no elements were removed.`,
      );
      continue;
    }
    deleteRefs(p.locate(ctx, root));
  }
  return root;
}

/** Indefinite JSONPaths of enrich targets, compiled once per text (they come from the configuration). */
const editPaths = new Map<string, JsonPathEdit>();

function editPath(text: string): JsonPathEdit {
  let p = editPaths.get(text);
  if (!p) {
    try {
      p = compileJsonPathEdit(text);
    } catch (e) {
      throw new MediationError(0, `enrich: unsupported JSON target path '${text}': ${(e as Error).message}`);
    }
    if (editPaths.size > 500) editPaths.clear();
    editPaths.set(text, p);
  }
  return p;
}

/**
 * Jayway's PathRef.renameInMap: setProperty(map, to, map[from]) then removeProperty(map, from). Gson's LinkedTreeMap
 * keeps a name already there in its place and puts a new one last, so the renamed member moves to the end, an
 * existing `to` takes the value where it stands, and renaming a key to its own name removes it.
 */
function renameKey(obj: Record<string, unknown>, from: string, to: string): void {
  const order = orderedKeys(obj);
  const isNew = !Object.prototype.hasOwnProperty.call(obj, to);
  obj[to] = storeJson(obj, to, jsonAt(obj, from));
  delete obj[from];
  const next = order.filter((k) => k !== from);
  if (isNew) next.push(to);
  // JavaScript lists index-like names first: keep MI's order for such objects
  if (next.some((k) => /^(0|[1-9]\d*)$/.test(k))) recordKeyOrder(obj, next);
}

const simplePaths = new Map<string, (string | number)[] | undefined>();

/**
 * `$.a.b[0]['c']` -> ['a','b',0,'c']: a path of plain names and single indexes or keys, read by the one JSONPath
 * parser (so Jayway's forms hold here too: no leading `$`, `.[0]`, `[0]b`); undefined for anything else (wildcards,
 * filters, deep scan, a property path, dynamic `{...}` parts). Paths come from the configuration: kept once read.
 */
export function jsonPathSegments(path: string): (string | number)[] | undefined {
  if (simplePaths.has(path)) return simplePaths.get(path);
  let out: (string | number)[] | undefined;
  const tree = path.includes('{') ? undefined : parseJsonPath(path.trim()).tree;
  if (tree && tree.root === '$' && !tree.property && !tree.more) {
    out = [];
    for (const seg of tree.segments) {
      const k =
        seg.kind === 'name'
          ? seg.name
          : seg.kind === 'index' && seg.indexes.length === 1
            ? seg.indexes[0]
            : undefined;
      if (seg.deep || k === undefined || (typeof k === 'number' && !(Number.isInteger(k) && k >= 0))) {
        out = undefined;
        break;
      }
      out.push(k);
    }
  }
  if (simplePaths.size >= 1000) simplePaths.clear();
  simplePaths.set(path, out);
  return out;
}

function asNodes(doc: slimdom.Document, v: unknown): slimdom.Node[] {
  if (v === undefined || v === null) return [];
  // a node of this document is inserted itself, so a source taken with clone="false" moves (Axiom's addChild detaches
  // a node from where it was); a node of another document is copied in
  const own = (n: slimdom.Node) => (n.ownerDocument === doc ? n : doc.importNode(n, true));
  if (Array.isArray(v) && v.every(isNode)) return v.map((n) => own(n as slimdom.Node));
  if (isNode(v)) return [own(v)];
  if (typeof v === 'object') {
    const root = jsonToXml(v, doc);
    return [...root.childNodes].filter((n) => n.nodeType === 1);
  }
  return [doc.createTextNode(stringOf(v))];
}

/**
 * Axiom 1.2.11's OMElementImpl.setText (MI's): it walks the children and detaches the first text node it meets, and
 * as a detached node has no next sibling the walk ends there; elements, CDATA and later texts stay, and the new text
 * is appended last (`<o><id>7</id></o>` set to "x" is `<o><id>7</id>x</o>`).
 */
function axiomSetText(doc: slimdom.Document, el: slimdom.Element, text: string): void {
  for (let c = el.firstChild; c; c = c.nextSibling)
    if (c.nodeType === 3) {
      el.removeChild(c);
      break;
    }
  el.appendChild(doc.createTextNode(text));
}

/**
 * Target.insertElement: replace puts the source elements before the target and drops it (a source text sets the
 * target's content instead), child appends the source elements, sibling inserts each right after the target, so that
 * several come out in reverse order (Axiom's insertSiblingAfter); child and sibling skip texts, and an XML payload has
 * no remove (MI: "TODO implement target action remove for XML"), it is left as it is.
 */
function insertElement(
  doc: slimdom.Document,
  nodes: slimdom.Node[],
  e: slimdom.Element,
  action: string,
): void {
  const parent = e.parentNode;
  if (action === 'replace') {
    let inserted = false;
    for (const n of nodes) {
      if (n === e && parent) {
        // the target itself (clone="false"): detached and added again, at the end of its parent
        parent.removeChild(e);
        parent.appendChild(e);
      } else if (n.nodeType === 1 && parent) {
        parent.insertBefore(n, e);
        inserted = true;
      } else if (n.nodeType === 3) axiomSetText(doc, e, n.textContent ?? '');
    }
    if (inserted) parent!.removeChild(e);
  } else if (action === 'child') {
    for (const n of nodes) if (n.nodeType === 1) e.appendChild(n);
  } else if (action === 'sibling' && parent) {
    for (const n of nodes) if (n.nodeType === 1) parent.insertBefore(n, e.nextSibling);
  }
}

function enrichXml(
  ctx: MessageContext,
  ex: Executor,
  tType: TargetType,
  tExpr: Expr | undefined,
  action: string,
  value: unknown,
): void {
  if (tType === 'envelope') {
    // Target.insert: the first source node must be a SOAP envelope (sourceNodeList.get(0) of an empty list fails)
    const first = Array.isArray(value) ? (value[0] as unknown) : value;
    if (first === undefined || (Array.isArray(value) && !value.length))
      throw new MediationError(0, 'Index 0 out of bounds for length 0');
    if (!isNode(first) || (first as slimdom.Element).localName !== 'Envelope') {
      ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), 'SOAPEnvelope is expected');
      throw new MediationError(0, 'A SOAPEnvelope is expected');
    }
    const d = new slimdom.Document();
    d.appendChild(d.importNode(first, true));
    // an inline envelope is parsed by StAXSOAPModelBuilder (Source.getSOAPEnvelope: a document above it); a copy of
    // the message's envelope (MessageHelper.cloneSOAPEnvelope, also cloneArrayList for a property) has none
    const from = (first as slimdom.Node).ownerDocument;
    ctx.payload.setEnvelope(from && isDoclessEnvelope(from) ? markDoclessEnvelope(d) : d);
    if (builderEnvelopes.has(first)) markEnvelopeIncomplete(d);
    return;
  }
  const doc = ctx.envelope();
  const nodes = asNodes(doc, value);
  if (tType === 'body') {
    const body = ctx.body();
    const first = body.firstElementChild;
    if (!first) {
      // MI (Target.insert): an empty body takes the source elements as they are, whatever the action
      for (const n of nodes) if (n.nodeType === 1) body.appendChild(n);
    } else {
      if (action === 'replace' && typeof value === 'string') {
        // MI (insertElementToBody): a JSON object/array text becomes the new (JSON) payload
        const t = value.trim();
        if (t.startsWith('{') || t.startsWith('[')) {
          const j = tryJson(t);
          if (j !== null && typeof j === 'object') {
            ctx.payload.setJson(j);
            return;
          }
        }
      }
      // the body's first element is the target (Target.insertElementToBody, then removeOutdatedJsonStream)
      insertElement(doc, nodes, first, action);
      ctx.payload.markXmlChanged();
      ctx.payload.dropJsonStream();
      return;
    }
    ctx.payload.markXmlChanged();
    return;
  }
  if (!tExpr) throw new MediationError(0, 'enrich: target xpath missing');
  if (!nodes.length) {
    // MI (Target.insert): nothing to insert, the message is left as it is
    ex.log('ERROR', 'EnrichMediator', artifactLabel(ctx), 'Cannot Enrich message from an empty source.');
    return;
  }
  if (tExpr.kind === 'xpath' && tExpr.text.startsWith('get-property')) {
    enrichGetPropertyTarget(ctx, tExpr.text, action, value);
    return;
  }
  const t = tExpr.nodes(ctx)[0];
  if (!t || (t.nodeType !== 1 && t.nodeType !== 2 && t.nodeType !== 3))
    throw new MediationError(0, 'Invalid Target object to be enrich.');
  if (t.nodeType === 2) {
    (t as slimdom.Attr).value = nodes[0].textContent ?? '';
  } else if (t.nodeType === 3) {
    // MI (Target.insert, OMText target, whatever the action): only the first source node counts; a text is set on
    // the text node's parent (OMElement.setText, see axiomSetText), an element takes the text node's place, appended
    // to the parent
    const parent = t.parentNode;
    if (parent?.nodeType === 1) {
      if (nodes[0].nodeType === 1) {
        parent.removeChild(t);
        parent.appendChild(nodes[0]);
      } else axiomSetText(doc, parent as slimdom.Element, nodes[0].textContent ?? '');
    }
  } else insertElement(doc, nodes, t as slimdom.Element, action);
  ctx.payload.markXmlChanged();
  // (Target.insert: removeOutdatedJsonStream after a custom target)
  ctx.payload.dropJsonStream();
}

export const TRANSFORM_LOADED = true;
