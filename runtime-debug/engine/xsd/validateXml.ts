/**
 * The validate mediator's XML branch, as Micro Integrator runs it (Synapse ValidateMediator.mediate, the part after
 * the JSON check), with libxml2 in place of Xerces:
 *
 * 1. the source: the first child of the SOAP body, or the node the `source` XPath selects; nothing selected (or a
 *    string that is not XML) runs on-fail with ERROR_MESSAGE "Error occurred while accessing source element: SRC";
 * 2. the schemas: every `<schema key>` (static or `{xpath}`) read as a local entry or registry resource; a missing
 *    one is a fault, "No Schema is available with the key  : KEY" (two spaces, as MI writes it); a schema that does
 *    not compile is a fault, "Error creating a new schema objects for schemas : [Value {...}]";
 * 3. the compiled schema is kept per mediator under the keys joined (cache-schema, default true) and compiled again
 *    when a schema's text changed (MI re-reads expired registry entries);
 * 4. a failure sets ERROR_MESSAGE to every error, each followed by "\n" (MI's getAllExceptions), ERROR_DETAIL and
 *    ERROR_EXCEPTION to the last one as Java prints a SAXParseException (no stack frames), and runs on-fail;
 *    ERROR_CODE is left as it was.
 */
import type * as slimdom from 'slimdom';
import type { MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import type { Expr } from '../expressions';
import { parseXmlElement, serializeXml } from '../payloadXml';
import type { Libxml } from './libxml';
import { loadLibxml } from './load';
import { compileXsd, XsdCompileError, type CompiledXsd, type XsdSource } from './schema';
import { escapeXmlAttr } from '../../../core/xml/escape';

/** MI's default source (SourceXPathSupport.DEFAULT_XPATH), as it prints in messages. */
export const DEFAULT_SOURCE = 's11:Body/child::*[position()=1] | s12:Body/child::*[position()=1]';

export interface XsdSchemaKey {
  expr: Expr;
  /** Synapse's Value.toString() of the key, for the "Error creating a new schema objects" message. */
  label: string;
}

export interface XsdValidateConfig {
  keys: XsdSchemaKey[];
  /** `<resource location key>` pairs (either may be `{xpath}`). */
  resources: { location: Expr; key: Expr }[];
  /** An XPath source (JSONPath and `${}` sources do not apply to XML: MI then validates the default source). */
  source: Expr | undefined;
  cacheSchema: boolean;
}

/** What on-fail gets. */
export interface XsdFailure {
  message: string;
  detail: string;
  exception: string;
}

/** Synapse's Value.toString() for a static key or an expression key. */
export function valueLabel(raw: string): string {
  const m = /^\s*\{(.*)\}\s*$/s.exec(raw);
  return m && !raw.trim().startsWith('{{')
    ? `Value {name ='key', expression =${m[1]}}`
    : `Value {name ='key', keyValue ='${raw}'}`;
}

export class XsdValidation {
  private readonly cache = new Map<string, { texts: string[]; compiled: CompiledXsd }>();
  private readonly sourceText: string;

  constructor(private readonly cfg: XsdValidateConfig) {
    this.sourceText = cfg.source ? cfg.source.text : DEFAULT_SOURCE;
  }

  /** Validates the message; undefined when valid, what on-fail needs otherwise. Throws MediationError for faults. */
  async check(ctx: MessageContext, ex: Executor): Promise<XsdFailure | undefined> {
    const picked = this.sourceNode(ctx);
    if (typeof picked === 'string')
      return {
        message: `Error occurred while accessing source element: ${this.sourceText}`,
        detail: picked,
        exception: `org.apache.synapse.SynapseException: ${picked}`,
      };
    if (!picked)
      throw new MediationError(
        0,
        `Error validating ${this.sourceText} element: the message has no element to validate`,
      );

    const sources: XsdSource[] = [];
    let combined = '';
    for (const k of this.cfg.keys) {
      const name = k.expr.string(ctx);
      const text = ex.reg.resource(name);
      if (text === undefined) throw new MediationError(0, `No Schema is available with the key  : ${name}`);
      sources.push({ key: name, text });
      combined += name;
    }

    let compiled = this.cachedFor(combined, sources);
    if (!compiled) {
      const lib = await loadLibxml();
      // another message may have compiled it meanwhile; from here on nothing awaits, so no message ever holds a
      // schema that is disposed under it
      compiled = this.cachedFor(combined, sources) ?? this.compile(lib, combined, sources, ctx, ex);
    }

    try {
      const errors = compiled.validate(withNamespacesInScope(picked, serializeXml(picked)));
      if (errors.length === 0) return undefined;
      const last = `org.xml.sax.SAXParseException; ${errors[errors.length - 1]}`;
      return { message: errors.map((m) => `${m}\n`).join(''), detail: last, exception: last };
    } finally {
      if (!this.cfg.cacheSchema) compiled.dispose();
    }
  }

  /** Compiles (and keeps, with cache-schema) the schemas read now; a failure is MI's schema creation fault. */
  private compile(
    lib: Libxml,
    combined: string,
    sources: XsdSource[],
    ctx: MessageContext,
    ex: Executor,
  ): CompiledXsd {
    const stale = this.cache.get(combined);
    if (stale) {
      this.cache.delete(combined);
      stale.compiled.dispose();
    }
    let compiled: CompiledXsd;
    try {
      compiled = compileXsd(lib, sources, this.cfg.resources.length ? this.lookupFor(ctx, ex) : undefined);
    } catch (e) {
      if (!(e instanceof XsdCompileError)) throw e;
      const msg = `Error creating a new schema objects for schemas : [${this.cfg.keys.map((k) => k.label).join(', ')}]`;
      throw new MediationError(0, msg, `${msg}: ${e.reason}`);
    }
    if (this.cfg.cacheSchema) this.cache.set(combined, { texts: sources.map((s) => s.text), compiled });
    return compiled;
  }

  /** The compiled schema kept for these keys, when its texts are still those of the schemas read now. */
  private cachedFor(combined: string, sources: XsdSource[]): CompiledXsd | undefined {
    if (!this.cfg.cacheSchema) return undefined;
    const c = this.cache.get(combined);
    return c && sameTexts(c.texts, sources) ? c.compiled : undefined;
  }

  /**
   * The element to validate; a string is the reason the source gave nothing (MI's SynapseException message, which
   * sends the message to on-fail); undefined when the body is empty.
   */
  private sourceNode(ctx: MessageContext): slimdom.Element | string | undefined {
    const src = this.cfg.source;
    if (!src) return ctx.payload.rootElement();
    let v: unknown;
    try {
      v = src.value(ctx);
    } catch (e) {
      return `Error evaluating XPath expression : ${src.text}: ${(e as Error).message}`;
    }
    if (Array.isArray(v)) v = v[0];
    if (v && typeof v === 'object' && 'nodeType' in v) {
      const n = v as slimdom.Node;
      if (n.nodeType === 1) return n as slimdom.Element;
      if (n.nodeType === 9) return (n as slimdom.Document).documentElement ?? undefined;
      return `The evaluation of the XPath expression ${src.text} did not result in an OMNode : ${n.textContent ?? ''}`;
    }
    if (typeof v === 'string') {
      try {
        return parseXmlElement(v);
      } catch {
        return `Unable to convert a string to OM Node as the string is malformed , String : ${v}`;
      }
    }
    return `The evaluation of the XPath expression ${src.text} did not result in an OMNode : ${v === undefined ? 'null' : String(v)}`;
  }

  /** MI's ResourceMap.resolve: the location as written → the key's text. */
  private lookupFor(ctx: MessageContext, ex: Executor) {
    const map = new Map<string, string>();
    for (const r of this.cfg.resources) map.set(r.location.string(ctx), r.key.string(ctx));
    return (location: string) => {
      const key = map.get(location);
      return key === undefined ? undefined : { key, text: ex.reg.resource(key) };
    };
  }

  /** Frees the compiled schemas (libxml2 memory). */
  dispose(): void {
    for (const c of this.cache.values()) c.compiled.dispose();
    this.cache.clear();
  }
}

function sameTexts(texts: string[], sources: XsdSource[]): boolean {
  if (texts.length !== sources.length) return false;
  for (let i = 0; i < texts.length; i++) if (texts[i] !== sources[i]!.text) return false;
  return true;
}

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const DECLARED = /\sxmlns(?::([^\s=]+))?\s*=/g;

/**
 * The element as text with every namespace declared around it (its ancestors' declarations it does not override),
 * as Axiom hands a subtree to the validator (the root of the subtree carries the namespaces in scope): a QName in
 * content or in xsi:type (`xsi:type="p:Card"`) whose prefix is declared on the envelope still resolves.
 */
function withNamespacesInScope(el: slimdom.Element, text: string): string {
  const nameEnd = text.search(/[\s/>]/);
  if (!text.startsWith('<') || nameEnd < 0) return text;
  const startTag = text.slice(0, startTagEnd(text));
  const declared = new Set<string>();
  for (const m of startTag.matchAll(DECLARED)) declared.add(m[1] ?? '');
  let extra = '';
  for (let a = el.parentElement; a; a = a.parentElement)
    for (const attr of a.attributes) {
      if (attr.namespaceURI !== XMLNS_NS) continue;
      // prefixed declarations only: a default namespace from above could move an unprefixed element built in no
      // namespace into it
      if (!attr.prefix) continue;
      const prefix = attr.localName;
      if (declared.has(prefix)) continue;
      declared.add(prefix);
      extra += ` xmlns:${prefix}="${escapeXmlAttr(attr.value)}"`;
    }
  return extra ? text.slice(0, nameEnd) + extra + text.slice(nameEnd) : text;
}

/** The end of the first start tag (attribute values are escaped: no `>` inside quotes to worry about). */
function startTagEnd(text: string): number {
  const i = text.indexOf('>');
  return i < 0 ? text.length : i + 1;
}
