/** Helpers shared by the mediator implementations. */
import * as slimdom from 'slimdom';
import type { XmlElement } from '../../../core/xml';
import { stringOf, type MessageContext } from '../context';
import type { CompileCtx } from '../compile';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import type { Mediator } from '../model';
import { parseXmlElement } from '../payloadXml';

export function base(
  el: XmlElement,
  cc: CompileCtx,
  contentAware: boolean,
): Pick<Mediator, 'name' | 'file' | 'line' | 'column' | 'contentAware'> {
  return { name: el.local, contentAware, ...cc.pos(el) };
}

export function aware(...exprs: (Expr | undefined)[]): boolean {
  return exprs.some((e) => e?.payloadAware);
}

/** Converts a value by a property/variable `type`. */
export function convertType(v: unknown, type: string | undefined): unknown {
  if (!type || type === 'STRING')
    return v === undefined ? undefined : typeof v === 'string' ? v : stringOf(v);
  const s = stringOf(v);
  switch (type) {
    case 'INTEGER':
    case 'LONG':
    case 'SHORT': {
      const n = Number.parseInt(s, 10);
      if (Number.isNaN(n)) throw new MediationError(0, `Cannot convert '${s}' to ${type}`);
      return n;
    }
    case 'DOUBLE':
    case 'FLOAT': {
      const n = Number(s);
      if (Number.isNaN(n)) throw new MediationError(0, `Cannot convert '${s}' to ${type}`);
      return n;
    }
    case 'BOOLEAN':
      // Axis2 JavaUtils.isTrueExplicitly: "true" and "yes" (any case) and "1"
      return typeof v === 'boolean' ? v : /^(true|yes|1)$/i.test(s);
    case 'OM':
    case 'XML':
      if (Array.isArray(v) && v.length === 1) v = v[0];
      if (v && typeof v === 'object' && 'nodeType' in (v as object)) return v;
      try {
        return parseXmlElement(s);
      } catch (e) {
        throw new MediationError(0, `Cannot convert the value to XML: ${(e as Error).message}`);
      }
    case 'JSON':
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(s);
      } catch {
        throw new MediationError(0, `Cannot convert '${s.slice(0, 80)}' to JSON`);
      }
    default:
      return v;
  }
}

/** Evaluates an expression the way the property mediator stores it (string for XPath unless asked otherwise). */
export function evalForStore(e: Expr, ctx: MessageContext, type: string | undefined): unknown {
  if (e.kind === 'xpath') {
    if (type === 'OM' || type === 'XML') {
      const nodes = e.nodes(ctx);
      if (nodes.length)
        return nodes[0].nodeType === 1 ? (nodes[0].cloneNode(true) as slimdom.Element) : nodes[0].textContent;
    }
    return e.string(ctx);
  }
  // MI's property mediator stores stringValueOf(…) and converts that by type: a computed double keeps its Java
  // text (10.0), an object its JSON text (type JSON parses it back)
  if ((e.kind === 'synapse' || e.kind === 'jsonpath') && type !== 'OM' && type !== 'XML')
    return e.string(ctx);
  return e.value(ctx);
}

export function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function isNode(v: unknown): v is slimdom.Node {
  return !!v && typeof v === 'object' && 'nodeType' in (v as object);
}

export function setMessageType(ctx: MessageContext, type: string): void {
  ctx.setProperty('messageType', type, 'axis2');
  ctx.payload.contentType = type;
}

/** MI's isResponse(): the message's direction, or a RESPONSE property holding the string "true". */
export function isResponse(ctx: MessageContext): boolean {
  if (ctx.response) return true;
  const r = ctx.props.get('RESPONSE');
  return typeof r === 'string' && r.toLowerCase() === 'true';
}
