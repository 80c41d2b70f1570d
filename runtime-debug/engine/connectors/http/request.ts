/**
 * The HTTP connector's RestURLBuilder: what an operation's relativePath, headers and request body parameters do to
 * the message before it is sent.
 *
 * - Inline `${…}` Synapse expressions in relativePath, headers and the body text are replaced by their string values
 *   (InlineExpressionUtil.processInLineSynapseExpressionTemplate: no quoting, no encoding).
 * - headers: a JSON array of `["name", "value"]` pairs or `{"name": "value"}` objects (names and values trimmed; an
 *   empty name is skipped) put into the transport headers, replacing a header of the same name in any case.
 * - the body (only with requestBodyType): JSON becomes the payload as written (an empty body `{}`), XML is parsed
 *   inside a padding element and its first element (or a SOAP envelope) becomes the body, TEXT becomes a text
 *   payload; the message type is set to application/json, application/xml (kept when already an XML type) or
 *   text/plain, the Content-Type header follows, and NO_ENTITY_BODY is removed.
 * - the address: base and relative path trimmed, joined with exactly one `/` (not when the relative path starts with
 *   `?`), into uri.var.base and uri.var.path (uri.var.query is empty), which the connection endpoint's uri-template
 *   `{uri.var.base}{+uri.var.path}{+uri.var.query}` expands.
 */
import * as slimdom from 'slimdom';
import type { XmlElement } from '../../../../core/xml';
import type { CompileCtx } from '../../compile';
import type { MessageContext } from '../../context';
import { MediationError } from '../../errors';
import { compileTemplate, type Template } from '../../expressions';
import { setMessageType } from '../../mediators/util';
import { parseJsonLenient } from '../../mediators/lenientJson';
import { parseXmlElement } from '../../payloadXml';
import { mediaTypeOf } from '../../payload';
import type { OperationParams } from '../params';
import { jsonPayloadKind } from '../../jsonPayloadKind';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

/** Inline templates compiled at run time (a parameter given as `{expr}` whose value holds `${…}`), bounded. */
const runtimeTemplates = new Map<string, Template | Error>();
const MAX_RUNTIME_TEMPLATES = 256;

function templateFor(text: string): Template {
  let t = runtimeTemplates.get(text);
  if (t === undefined) {
    try {
      t = compileTemplate(text);
    } catch (e) {
      t = e as Error;
    }
    if (runtimeTemplates.size >= MAX_RUNTIME_TEMPLATES) runtimeTemplates.clear();
    runtimeTemplates.set(text, t);
  }
  if (t instanceof Error) throw t;
  return t;
}

/** A parameter whose text may hold inline `${…}` expressions (relativePath, headers, the request bodies). */
export class InlineText {
  private constructor(
    private readonly name: string,
    /** Compiled once when the parameter is static text. */
    private readonly fixed: Template | undefined,
    /** Why the static text's expressions do not compile (MI fails the message when it runs). */
    private readonly error: string | undefined,
    private readonly where: string,
  ) {}

  static of(params: OperationParams, name: string, el: XmlElement, cc: CompileCtx): InlineText | undefined {
    const p = params.param(name);
    if (!p) return undefined;
    const pos = cc.pos(p.el);
    const where = `${pos.file}:${pos.line}`;
    const literal = params.literal(name);
    if (literal === undefined) return new InlineText(name, undefined, undefined, where);
    try {
      return new InlineText(name, compileTemplate(literal, cc.ns(el)), undefined, where);
    } catch (e) {
      // MI compiles these expressions when a message comes (SynapseExpression): the configuration deploys
      const msg = `Error while processing ${name}: ${(e as Error).message}`;
      cc.unsupported(p.el, `${msg} (fails when a message reaches it)`, 'RT_INLINE_EXPRESSION');
      return new InlineText(name, undefined, msg, where);
    }
  }

  /** The parameter's value for this message with its `${…}` parts replaced. */
  render(ctx: MessageContext, params: OperationParams): string {
    if (this.error) throw new MediationError(0, this.error, this.where);
    if (this.fixed) return this.fixed.hasExpressions ? this.fixed.render(ctx) : params.literal(this.name)!;
    const v = params.string(this.name, ctx) ?? '';
    if (!v.includes('${')) return v;
    try {
      return templateFor(v).render(ctx);
    } catch (e) {
      throw new MediationError(0, `Error while processing ${this.name}: ${(e as Error).message}`, this.where);
    }
  }
}

/** RestURLBuilder.handleInputHeaders. */
export function applyHeaders(ctx: MessageContext, text: string, where: string): void {
  let list: unknown;
  try {
    list = parseJsonLenient(text);
  } catch (e) {
    throw new MediationError(0, `The headers parameter is not a JSON array: ${(e as Error).message}`, where);
  }
  if (!Array.isArray(list))
    throw new MediationError(0, "A JSONArray text must start with '[' (the headers parameter)", where);
  for (const item of list) {
    if (Array.isArray(item)) {
      if (item.length !== 2) continue;
      const name = headerString(item[0], where).trim();
      const value = headerString(item[1], where).trim();
      if (name !== '') ctx.headers.set(name, value);
    } else if (item && typeof item === 'object') {
      const keys = Object.keys(item);
      if (keys.length === 0) continue;
      const name = keys[0];
      const value = headerString((item as Record<string, unknown>)[name], where).trim();
      if (name.trim() !== '') ctx.headers.set(name.trim(), value);
    }
  }
}

/** org.json's getString: a string, else a JSONException (the message fails). */
function headerString(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  throw new MediationError(
    0,
    `A header name or value in the headers parameter is not a string: ${JSON.stringify(v)}`,
    where,
  );
}

const XML_TYPES = new Set(['application/xml', 'text/xml', 'application/soap+xml']);

/** RestURLBuilder.handlePayload and setContentType (requestBodyType JSON, XML or TEXT; another type sets nothing). */
export function applyRequestBody(ctx: MessageContext, type: string, body: string, where: string): void {
  if (type === 'XML') {
    let root: slimdom.Element | null;
    try {
      root = parseXmlElement(`<pfPadding>${body}</pfPadding>`).firstElementChild;
    } catch (e) {
      throw new MediationError(
        0,
        `Error creating SOAP Envelope from source ${body}`,
        `${where}: ${(e as Error).message}`,
      );
    }
    if (!root) throw new MediationError(0, 'Generated content is not a valid XML payload', where);
    if (root.localName === 'Envelope' && (root.namespaceURI === SOAP11 || root.namespaceURI === SOAP12)) {
      const d = new slimdom.Document();
      d.appendChild(d.importNode(root, true));
      ctx.payload.setEnvelope(d);
    } else ctx.payload.setXmlRoot(root);
    // (the message type is the request's media type until something sets it, as MI's builder sets it)
    const set = ctx.axis2.get('messageType');
    const mt = typeof set === 'string' ? set : mediaTypeOf(ctx.payload.contentType);
    if (!XML_TYPES.has(mt)) contentType(ctx, 'application/xml');
  } else if (type === 'JSON') {
    const kind = jsonPayloadKind(body);
    if (kind === 'empty') ctx.payload.setRaw(Buffer.from('{}'), 'application/json', true);
    else if (kind === 'stream') ctx.payload.setRaw(Buffer.from(body), 'application/json', true);
    else if (kind === 'invalid' || (kind === 'none' && !bodylessMethod(ctx)))
      throw new MediationError(0, `Error creating JSON Payload from source ${body}`, where);
    // (blank, or no JSON in a GET / DELETE message: getNewJsonPayload answers null and the body stays as it is)
    contentType(ctx, 'application/json');
  } else if (type === 'TEXT') {
    ctx.payload.setText(body);
    contentType(ctx, 'text/plain');
  }
  // (setContentType removes it for any non-empty requestBodyType, a type it does not know too)
  ctx.axis2.delete('NO_ENTITY_BODY');
}

/** The message's HTTP method is GET or DELETE (the axis2 HTTP_METHOD, else the request's). */
function bodylessMethod(ctx: MessageContext): boolean {
  const m = ctx.axis2.get('HTTP_METHOD');
  const method = (typeof m === 'string' ? m : ctx.method).toUpperCase();
  return method === 'GET' || method === 'DELETE';
}

/** The message type, the ContentType property and the Content-Type transport header (handleSpecialProperties). */
function contentType(ctx: MessageContext, type: string): void {
  setMessageType(ctx, type);
  ctx.axis2.set('ContentType', type);
  ctx.headers.delete('Content-Type');
  ctx.headers.set('Content-Type', type);
}

/** RestURLBuilder.processAndResolveUrl (the relative path already has its `${…}` parts replaced). */
export function joinUrl(baseUrl: string, relative: string): { base: string; path: string } {
  let base = baseUrl.trim();
  let path = relative.trim();
  if (!path.startsWith('?')) {
    const baseSlash = base.endsWith('/');
    const pathSlash = path.startsWith('/');
    if (baseSlash && pathSlash) path = path.slice(1);
    else if (!baseSlash && !pathSlash && base !== '' && path !== '') base += '/';
  }
  return { base, path };
}
