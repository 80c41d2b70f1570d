/** Transformation: payloadFactory (xml/json/text, $n args, ${} templates) and enrich (all source/target kinds). */
import * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, textContent, innerSource } from '../../../core/xml';
import { registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { compileTemplate, jsonLiteral, type Expr } from '../expressions';
import { jsonToXml, xmlToJson } from '../jsonxml';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { serializeSource } from '../xmlSource';
import { aware, base, escapeXmlText, isNode, setMessageType } from './util';

// ------------------------------------------------------------------ payloadFactory
registerMediator('payloadFactory', (el, cc) => {
  const media = (attrValue(el, 'media-type') ?? 'xml').toLowerCase();
  if (!['xml', 'json', 'text'].includes(media))
    cc.problem(el, 'RT_BAD_MEDIA_TYPE', `Unknown media-type '${media}'`);
  if (attrValue(el, 'template-type') === 'freemarker')
    cc.unsupported(el, 'FreeMarker payload templates are not supported by the embedded runtime');
  const formatEl = firstChild(el, 'format');
  const formatKey = formatEl ? cc.value(formatEl, 'key') : undefined;
  let inline = '';
  if (formatEl && !formatKey) {
    if (media === 'xml') {
      const root = childElements(formatEl)[0];
      inline = root ? serializeSource(cc.text, root) : textContent(formatEl).trim();
    } else inline = textContent(formatEl).trim() || innerSource(cc.text, formatEl).trim();
  }
  const argsEl = firstChild(el, 'args');
  const args = (argsEl ? childElements(argsEl).filter((c) => c.local === 'arg') : []).map((a) => {
    const evaluator = attrValue(a, 'evaluator') ?? 'xml';
    let exprText = attrValue(a, 'expression');
    if (exprText && evaluator === 'json' && !exprText.startsWith('json-eval(') && !exprText.startsWith('${'))
      exprText = `json-eval(${exprText})`;
    return {
      value: attrValue(a, 'value'),
      expr: exprText !== undefined ? cc.exprText(a, exprText) : undefined,
      literal: attrValue(a, 'literal') === 'true',
      evaluator,
    };
  });
  const template = compileTemplate(inline);
  const mustBuild = true; // the payloadFactory replaces the payload; args may read it
  void aware;
  return {
    ...base(el, cc, mustBuild),
    async mediate(ctx, ex) {
      let fmt = inline;
      let tpl = template;
      if (formatKey) {
        const key = formatKey.string(ctx);
        const le = ex.reg.localEntry(key);
        if (!le)
          throw new MediationError(0, `payloadFactory format key '${key}' is not a deployed local entry`);
        fmt = le.value;
        tpl = compileTemplate(fmt);
      }
      const values = args.map((a) => (a.expr ? argValue(a.expr, ctx, a.evaluator) : (a.value ?? '')));
      // $n substitution (from the highest index down so $10 is not read as $1)
      let out = tpl.hasExpressions ? tpl.render(ctx, (v, quoted) => renderInline(v, quoted, media)) : fmt;
      out = out.replace(/\$(\d+)/g, (all, n: string) => {
        const i = Number(n) - 1;
        if (i < 0 || i >= values.length) return all;
        return renderArg(values[i], media, args[i].literal, ctx);
      });
      if (media === 'json') {
        let v: unknown;
        try {
          v = JSON.parse(out);
        } catch (e) {
          throw new MediationError(0, `payloadFactory produced invalid JSON: ${(e as Error).message}`, out);
        }
        ctx.payload.setJson(v);
        setMessageType(ctx, 'application/json');
      } else if (media === 'xml') {
        let root: slimdom.Element;
        try {
          root = parseXmlElement(out);
        } catch (e) {
          throw new MediationError(0, `payloadFactory produced invalid XML: ${(e as Error).message}`, out);
        }
        const wasSoap = ctx.payload.soap;
        if (root.localName === 'Envelope' && (root.namespaceURI ?? '').includes('soap')) {
          const d = new slimdom.Document();
          d.appendChild(d.importNode(root, true));
          ctx.payload.setEnvelope(d);
        } else ctx.payload.setXmlRoot(root);
        const mt = ctx.axis2.get('messageType') as string | undefined;
        // a SOAP message keeps its SOAP version and content type; anything else becomes application/xml
        if (!wasSoap && !(mt && mt.includes('xml'))) setMessageType(ctx, 'application/xml');
      } else {
        ctx.payload.setText(out);
        setMessageType(ctx, 'text/plain');
      }
      return true;
    },
  };
});

function argValue(e: Expr, ctx: MessageContext, evaluator: string): unknown {
  if (e.kind === 'xpath') {
    const v = e.value(ctx);
    if (Array.isArray(v))
      return v.length
        ? isNode(v[0])
          ? v[0].nodeType === 1 && (v[0] as slimdom.Element).children.length
            ? v[0]
            : v[0].textContent
          : v[0]
        : '';
    if (isNode(v))
      return v.nodeType === 1 && (v as slimdom.Element).children.length ? v : (v.textContent ?? '');
    return stringOf(v);
  }
  void evaluator;
  return e.value(ctx);
}

function renderArg(v: unknown, media: string, literal: boolean, ctx: MessageContext): string {
  if (media === 'json') {
    if (isNode(v)) {
      const j = xmlToJson(v as slimdom.Element);
      const inner = j && typeof j === 'object' && !Array.isArray(j) ? Object.values(j as object)[0] : j;
      return JSON.stringify(inner);
    }
    if (v === undefined || v === null) return literal ? '' : 'null';
    if (typeof v === 'string') {
      const quote = ctx.props.get('QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON') === 'true' && !literal;
      if (quote) return JSON.stringify(v);
      return literal ? v : jsonEscapeInner(v);
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  if (media === 'xml') {
    if (isNode(v)) return serializeXml(v);
    if (v && typeof v === 'object') return serializeXml(jsonToXmlInner(v));
    const s = stringOf(v);
    return literal ? s : escapeXmlText(s);
  }
  return stringOf(v);
}

function jsonEscapeInner(s: string): string {
  // a string arg goes between the template's own quotes (or stands as a JSON value when it is one)
  return JSON.stringify(s).slice(1, -1);
}

function renderInline(v: unknown, quoted: boolean, media: string): string {
  if (media === 'json') {
    if (quoted) return typeof v === 'string' ? JSON.stringify(v) : jsonLiteral(v);
    if (typeof v === 'string') return v;
    return v === undefined ? '' : jsonLiteral(v);
  }
  if (media === 'xml') {
    const q = quoted ? '"' : '';
    if (isNode(v)) return q + serializeXml(v) + q;
    if (v && typeof v === 'object') return q + serializeXml(jsonToXmlInner(v)) + q;
    return q + escapeXmlText(stringOf(v)) + q;
  }
  return (quoted ? '"' : '') + stringOf(v) + (quoted ? '"' : '');
}

function jsonToXmlInner(v: object): slimdom.Node {
  const root = jsonToXml(v);
  // an object becomes its members (no jsonObject wrapper)
  const frag = root.ownerDocument!.createDocumentFragment();
  for (const c of [...root.childNodes]) if (c.nodeType === 1) frag.appendChild(c);
  return frag;
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
  const clone = src ? attrValue(src, 'clone') !== 'false' : true;
  const sExpr = src && sType === 'custom' ? cc.expr(src, 'xpath') : undefined;
  const tExpr = tgt && tType === 'custom' ? cc.expr(tgt, 'xpath') : undefined;
  const sProp = src ? (attrValue(src, 'property') ?? attrValue(src, 'variable')) : undefined;
  const tProp = tgt ? (attrValue(tgt, 'property') ?? attrValue(tgt, 'variable')) : undefined;
  const inlineEl = src && sType === 'inline' ? childElements(src)[0] : undefined;
  const inlineXml = inlineEl ? serializeSource(cc.text, inlineEl) : undefined;
  const inlineText = src && sType === 'inline' && !inlineEl ? textContent(src).trim() : undefined;
  const inlineKey = src && sType === 'inline' ? attrValue(src, 'key') : undefined;
  if (tType === 'key')
    cc.unsupported(
      tgt,
      'enrich target type "key" (writing a registry resource) is not supported by the embedded runtime',
    );
  if (sType === 'custom' && src && !sExpr && !cc.problems.length)
    cc.problem(src, 'RT_MISSING_ATTRIBUTE', 'enrich source of type custom needs xpath');
  if (tType === 'custom' && tgt && !tExpr && action !== 'remove' && !cc.problems.length)
    cc.problem(tgt, 'RT_MISSING_ATTRIBUTE', 'enrich target of type custom needs xpath');
  const inlineTpl = inlineText !== undefined ? compileTemplate(inlineText) : undefined;
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      const jsonMode =
        ctx.payload.kind === 'json' &&
        sExpr?.kind !== 'xpath' &&
        tExpr?.kind !== 'xpath' &&
        sType !== 'envelope' &&
        tType !== 'envelope';
      // ---- source
      let value: unknown;
      if (sType === 'inline') {
        if (inlineKey) {
          const le = ex.reg.localEntry(inlineKey);
          if (!le)
            throw new MediationError(0, `enrich inline key '${inlineKey}' is not a deployed local entry`);
          value = le.value.trim().startsWith('<') ? parseXmlElement(le.value) : tryJson(le.value);
        } else if (inlineXml) value = parseXmlElement(inlineXml);
        else {
          const t = inlineTpl!.hasExpressions
            ? inlineTpl!.render(ctx, (v, q) =>
                q ? jsonLiteral(v) : typeof v === 'string' ? v : jsonLiteral(v),
              )
            : inlineText!;
          value = jsonMode ? tryJson(t) : t;
        }
      } else if (sType === 'body') value = jsonMode ? ctx.json() : ctx.payload.rootElement();
      else if (sType === 'envelope') value = ctx.envelope().documentElement;
      else if (sType === 'property') value = ctx.props.get(sProp ?? '');
      else if (sType === 'variable') value = ctx.vars.get(sProp ?? '');
      else if (sExpr) {
        if (sExpr.kind === 'xpath') {
          const nodes = sExpr.nodes(ctx);
          value = nodes.length ? (nodes.length === 1 ? nodes[0] : nodes) : sExpr.string(ctx);
        } else value = sExpr.value(ctx);
      }
      if (clone && value && typeof value === 'object')
        value = isNode(value)
          ? value.cloneNode(true)
          : Array.isArray(value) && value.length && isNode(value[0])
            ? value.map((n: slimdom.Node) => n.cloneNode(true))
            : structuredClone(value);
      // ---- target
      if (tType === 'property') {
        if (action === 'remove') ctx.props.delete(tProp ?? '');
        else ctx.props.set(tProp ?? '', value);
        return true;
      }
      if (tType === 'variable') {
        ctx.vars.set(tProp ?? '', value);
        return true;
      }
      if (jsonMode) {
        enrichJson(ctx, tType, tExpr, action, value);
        return true;
      }
      enrichXml(ctx, tType, tExpr, action, value);
      return true;
    },
  };
});

function tryJson(t: string): unknown {
  try {
    return JSON.parse(t);
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

function enrichJson(
  ctx: MessageContext,
  tType: TargetType,
  tExpr: Expr | undefined,
  action: string,
  raw: unknown,
): void {
  const value = toJsonValue(raw);
  if (tType === 'body') {
    const cur = ctx.json();
    if (action === 'child') {
      if (Array.isArray(cur)) cur.push(value);
      else if (cur && typeof cur === 'object' && value && typeof value === 'object')
        Object.assign(cur as object, value);
      else throw new MediationError(0, 'enrich: cannot add a child to a non-container JSON body');
      ctx.payload.setJson(cur);
    } else ctx.payload.setJson(value);
    return;
  }
  const path = tExpr?.text.trim().replace(/^json-eval\((.*)\)$/, '$1') ?? '$';
  const cur = ctx.json();
  const segs = jsonPathSegments(path);
  if (!segs || segs.length === 0)
    throw new MediationError(
      0,
      `enrich: unsupported JSON target path '${path}' (use type="body" for the root)`,
    );
  const parent = segs
    .slice(0, -1)
    .reduce<unknown>(
      (o, s) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[s as string] : undefined),
      cur,
    );
  const last = segs[segs.length - 1];
  if (!parent || typeof parent !== 'object')
    throw new MediationError(0, `enrich: JSON target '${path}' not found`);
  const p = parent as Record<string | number, unknown>;
  if (action === 'remove') {
    if (Array.isArray(p) && typeof last === 'number') p.splice(last, 1);
    else delete p[last];
  } else if (action === 'child') {
    const t = p[last];
    if (Array.isArray(t)) t.push(value);
    else if (t && typeof t === 'object' && value && typeof value === 'object') Object.assign(t, value);
    else if (t === undefined) p[last] = value;
    else throw new MediationError(0, `enrich: JSON target '${path}' is not an object or array`);
  } else if (action === 'sibling') {
    if (Array.isArray(p) && typeof last === 'number') p.splice(last + 1, 0, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(p, value);
    else throw new MediationError(0, `enrich: cannot add a sibling to '${path}'`);
  } else p[last] = value;
  ctx.payload.setJson(cur);
}

/** `$.a.b[0]['c']` -> ['a','b',0,'c'] (simple paths only). */
export function jsonPathSegments(path: string): (string | number)[] | undefined {
  let p = path.trim();
  if (!p.startsWith('$')) return undefined;
  p = p.slice(1);
  const out: (string | number)[] = [];
  const re = /^(?:\.([A-Za-z_$][\w$\-]*)|\[(\d+)\]|\[['"]([^'"]+)['"]\])/;
  while (p.length) {
    const m = re.exec(p);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
    p = p.slice(m[0].length);
  }
  return out;
}

function asNodes(doc: slimdom.Document, v: unknown): slimdom.Node[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every(isNode)) return v.map((n) => doc.importNode(n as slimdom.Node, true));
  if (isNode(v)) return [doc.importNode(v, true)];
  if (typeof v === 'object') {
    const root = jsonToXml(v, doc);
    return [...root.childNodes].filter((n) => n.nodeType === 1);
  }
  return [doc.createTextNode(stringOf(v))];
}

function enrichXml(
  ctx: MessageContext,
  tType: TargetType,
  tExpr: Expr | undefined,
  action: string,
  value: unknown,
): void {
  if (tType === 'envelope') {
    if (!isNode(value) || (value as slimdom.Element).localName !== 'Envelope')
      throw new MediationError(0, 'enrich: target envelope needs an envelope source');
    const d = new slimdom.Document();
    d.appendChild(d.importNode(value, true));
    ctx.payload.setEnvelope(d);
    return;
  }
  const doc = ctx.envelope();
  if (tType === 'body') {
    const body = ctx.body();
    const nodes = asNodes(doc, value);
    if (action === 'child') for (const n of nodes) (body.firstElementChild ?? body).appendChild(n);
    else if (action === 'sibling') for (const n of nodes) body.appendChild(n);
    else if (action === 'remove') {
      // remove the nodes selected by the source xpath from the body
      for (const n of Array.isArray(value) ? value : [value])
        if (isNode(n) && n.parentNode) n.parentNode.removeChild(n);
    } else {
      while (body.firstChild) body.removeChild(body.firstChild);
      for (const n of nodes) body.appendChild(n);
    }
    ctx.payload.markXmlChanged();
    return;
  }
  if (!tExpr) throw new MediationError(0, 'enrich: target xpath missing');
  const targets = tExpr.nodes(ctx);
  if (targets.length === 0)
    throw new MediationError(0, `enrich: target '${tExpr.text}' did not select a node`);
  const t = targets[0];
  if (action === 'remove') {
    for (const n of targets) n.parentNode?.removeChild(n);
  } else if (t.nodeType === 2) {
    (t as slimdom.Attr).value = isNode(value) ? (value.textContent ?? '') : stringOf(value);
  } else if (t.nodeType === 3) {
    (t as slimdom.Text).data = isNode(value) ? (value.textContent ?? '') : stringOf(value);
  } else {
    const nodes = asNodes(doc, value);
    if (action === 'child') for (const n of nodes) t.appendChild(n);
    else if (action === 'sibling') {
      let ref = t.nextSibling;
      for (const n of nodes) {
        t.parentNode!.insertBefore(n, ref);
        ref = n.nextSibling;
      }
    } else {
      // replace: an element source replaces the node; a text source replaces its content
      if (nodes.length && nodes.every((n) => n.nodeType === 3)) {
        while (t.firstChild) t.removeChild(t.firstChild);
        for (const n of nodes) t.appendChild(n);
      } else {
        for (const n of nodes) t.parentNode!.insertBefore(n, t);
        t.parentNode!.removeChild(t);
      }
    }
  }
  ctx.payload.markXmlChanged();
}

export const TRANSFORM_LOADED = true;
