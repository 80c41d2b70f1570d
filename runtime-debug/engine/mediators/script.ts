/**
 * script (language js / graalJs / rhinoJs / nashornJs): inline or keyed JavaScript run in a Node `vm` context with
 * MI's `mc` API (getPayloadJSON/setPayloadJSON, getPayloadXML/setPayloadXML, getProperty/setProperty/removeProperty,
 * getVariable/setVariable, getEnvelopeXML, setTo/...). Each run is bounded in time. Java interop (`java.*`,
 * `Packages.*`) is not available; Ruby/Groovy scripts are editor-only. A script V8 refuses that uses Rhino's E4X
 * (XML literals, `..`, `::`, `.@`) deploys with an RT_UNSUPPORTED warning and faults when a message reaches it.
 */
import vm from 'node:vm';
import { evaluateXPathToNodes, evaluateXPathToString } from 'fontoxpath';
import type * as slimdom from 'slimdom';
import { attrValue, childElements, textContent } from '../../../core/xml';
import { registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import type { Executor } from '../executor';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { soapHeaderOf } from '../payload';
import { base } from './util';

const JS = new Set(['js', 'graaljs', 'rhinojs', 'nashornjs', 'javascript', 'ecmascript']);
const TIMEOUT_MS = 2000;

function mcApi(ctx: MessageContext): Record<string, unknown> {
  return {
    getPayloadJSON: () => {
      const v = ctx.json();
      return v === undefined ? undefined : structuredClone(v);
    },
    setPayloadJSON: (v: unknown) => {
      const value = typeof v === 'string' ? JSON.parse(v) : JSON.parse(JSON.stringify(v ?? null));
      ctx.payload.setJson(value);
      ctx.setProperty('messageType', 'application/json', 'axis2');
    },
    getPayloadXML: () => {
      const r = ctx.payload.rootElement();
      return r ? serializeXml(r) : undefined;
    },
    setPayloadXML: (x: unknown) => ctx.payload.setXmlRoot(parseXmlElement(String(x))),
    getPayloadText: () => ctx.payload.text(),
    // MI keeps these two in message properties JSON_TEXT / JSON_OBJECT; the first argument is the message context
    // (MI returns false when it is null). getJsonText gives "{}" when none is set; jsonObject gives the saved
    // object, else the JSON payload MI parses before every script run, else {}.
    setJsonText: (mc: unknown, text: unknown) => {
      if (mc == null) return false;
      ctx.setProperty('JSON_TEXT', text ?? null, 'default');
      return true;
    },
    getJsonText: () => ctx.getProperty('JSON_TEXT', 'default') ?? '{}',
    setJsonObject: (_mc: unknown, obj: unknown) => {
      ctx.setProperty('JSON_OBJECT', obj ?? null, 'default');
      return true;
    },
    jsonObject: (mc: unknown) => {
      if (mc == null) return null;
      const saved = ctx.getProperty('JSON_OBJECT', 'default');
      if (saved != null) return saved;
      const v = ctx.json();
      return v === undefined ? {} : structuredClone(v);
    },
    getEnvelopeXML: () => serializeXml(ctx.envelope().documentElement!),
    // Nashorn/GraalJS message context: an Axiom XPath to select from a payload (getPayloadXML() gives its text here)
    getXpathResult: (expression: unknown) => axiomXPath(String(expression)),
    getProperty: (name: string, scope?: string) => {
      const v = ctx.getProperty(String(name), scope ?? 'default');
      return v && typeof v === 'object' && 'nodeType' in (v as object) ? stringOf(v) : v;
    },
    setProperty: (name: string, value: unknown, scope?: string) =>
      ctx.setProperty(String(name), value, scope ?? 'default'),
    removeProperty: (name: string, scope?: string) => ctx.removeProperty(String(name), scope ?? 'default'),
    getVariable: (name: string) => ctx.vars.get(String(name)),
    setVariable: (name: string, value: unknown) => ctx.vars.set(String(name), value),
    setTo: (uri: string) => (ctx.to = String(uri)),
    getTo: () => ctx.to,
    setFrom: () => undefined,
    setReplyTo: () => undefined,
    setFaultTo: () => undefined,
    addHeader: (_mustUnderstand: boolean, xml: string) => {
      const env = ctx.envelope();
      const header = soapHeaderOf(env);
      header.appendChild(env.importNode(parseXmlElement(String(xml)), true));
      ctx.payload.markXmlChanged();
    },
  };
}

/** A Java list as scripts see one: index access, length, get(i), size(). */
function javaList<T>(items: T[]): T[] & { get(i: number): T | undefined; size(): number } {
  return Object.assign(items, { get: (i: number) => items[i], size: () => items.length });
}

/** An Axiom node as scripts call it: getText() (its own text), getLocalName(), toString() (its XML). */
function omNode(n: slimdom.Node): Record<string, unknown> {
  return {
    getText: () => {
      if (n.nodeType !== 1) return n.textContent ?? '';
      let t = '';
      for (let c = n.firstChild; c; c = c.nextSibling)
        if (c.nodeType === 3 || c.nodeType === 4) t += c.textContent;
      return t;
    },
    getLocalName: () => (n.nodeType === 1 ? (n as slimdom.Element).localName : n.nodeName),
    getNamespaceURI: () => (n.nodeType === 1 ? (n as slimdom.Element).namespaceURI : null),
    getAttributeValue: (name: unknown) =>
      n.nodeType === 1 ? (n as slimdom.Element).getAttribute(String(name)) : null,
    toString: () => (n.nodeType === 1 ? serializeXml(n) : (n.textContent ?? '')),
  };
}

/** MI's getXpathResult(expression): an AXIOMXPath whose select methods take the payload (XML text or element). */
function axiomXPath(expression: string): Record<string, unknown> {
  const ns: Record<string, string> = {};
  const options = { namespaceResolver: (p: string) => ns[p] ?? null };
  const contextOf = (p: unknown): slimdom.Node => {
    if (p && typeof p === 'object' && 'nodeType' in (p as object)) return p as slimdom.Node;
    const el = parseXmlElement(String(p));
    // a document around it, so that // and / start from the payload's root
    if (el.ownerDocument && !el.parentNode) el.ownerDocument.appendChild(el);
    return el;
  };
  const nodes = (p: unknown): slimdom.Node[] =>
    evaluateXPathToNodes(expression, contextOf(p), null, null, options) as slimdom.Node[];
  return {
    addNamespace: (prefix: unknown, uri: unknown) => {
      ns[String(prefix)] = String(uri);
    },
    selectNodes: (p: unknown) => javaList(nodes(p).map(omNode)),
    selectSingleNode: (p: unknown) => {
      const n = nodes(p)[0];
      return n ? omNode(n) : null;
    },
    stringValueOf: (p: unknown) =>
      evaluateXPathToString(`string(${expression})`, contextOf(p), null, null, options),
  };
}

registerMediator('script', (el, cc) => {
  const language = (attrValue(el, 'language') ?? '').toLowerCase();
  const key = attrValue(el, 'key');
  const fn = attrValue(el, 'function') ?? 'mediate';
  const inline = key ? '' : textContent(el);
  if (!JS.has(language)) {
    cc.unsupported(
      el,
      `script language '${language}' is not supported by the embedded runtime (JavaScript only)`,
    );
    return { ...base(el, cc, false), mediate: async () => true };
  }
  if (childElements(el).some((c) => c.local === 'include'))
    cc.unsupported(el, 'script <include> is not supported by the embedded runtime');
  let inlineScript: vm.Script | undefined;
  const where = `${cc.file}:${cc.pos(el).line}`;
  if (!key) {
    try {
      inlineScript = new vm.Script(`(function () {\n${inline}\n})()`, { filename: `${cc.file}:script` });
    } catch (e) {
      const e4x = findE4x(inline);
      if (e4x) {
        // MI runs js/rhinoJs with Rhino, which has E4X: the sequence deploys here and faults when it reaches this
        const line = cc.lines.positionAt(el.startTag.end).line + 1 + countLines(inline, e4x.at);
        const msg = `script uses E4X (${e4x.what} at ${cc.file}:${line}): ECMAScript for XML runs in MI's Rhino engine only, not in the embedded runtime`;
        cc.unsupported(el, msg);
        return {
          ...base(el, cc, false),
          mediate: () => {
            throw new MediationError(0, msg);
          },
        };
      }
      cc.problem(el, 'RT_SCRIPT_SYNTAX', `JavaScript syntax error: ${(e as Error).message}`);
    }
  }
  const keyed = new Map<string, vm.Script>();
  // one context per mediator (scripts run synchronously, so `mc` is set right before each run)
  let context: vm.Context | undefined;
  return {
    ...base(el, cc, true),
    async mediate(ctx: MessageContext, ex: Executor) {
      if (!context) {
        const sandbox: Record<string, unknown> = {};
        sandbox.print = (...a: unknown[]) =>
          ex.log('INFO', 'ScriptMediator', undefined, a.map((x) => stringOf(x)).join(' '));
        context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
      }
      context.mc = mcApi(ctx);
      let script = inlineScript;
      if (key) {
        const text = ex.reg.resource(key);
        if (text === undefined)
          throw new MediationError(
            0,
            `script key '${key}' is neither a local entry nor a project registry resource (${where})`,
          );
        script = keyed.get(text);
        if (!script) {
          try {
            script = new vm.Script(`${text}\n;${fn}(mc);`, { filename: key });
          } catch (e) {
            const e4x = findE4x(text);
            throw new MediationError(
              0,
              e4x
                ? `script '${key}' uses E4X (${e4x.what} at line ${countLines(text, e4x.at) + 1}): ECMAScript for XML runs in MI's Rhino engine only, not in the embedded runtime (${where})`
                : `script '${key}': JavaScript syntax error: ${(e as Error).message} (${where})`,
            );
          }
          keyed.set(text, script);
        }
      }
      try {
        const r = script!.runInContext(context, { timeout: TIMEOUT_MS });
        return r !== false;
      } catch (e) {
        const msg = (e as Error).message ?? String(e);
        throw new MediationError(0, `script failed (${where}): ${msg}`);
      } finally {
        context.mc = undefined;
      }
    },
  };
});

/** Newlines in text before offset `at`. */
function countLines(text: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// string literals and comments (blanked before looking for E4X; newlines kept so that offsets hold)
const STRINGS_AND_COMMENTS = /'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
const E4X_FORMS: [RegExp, string][] = [
  // an XML literal where an expression starts: (<a/>, = <a>, return <a>
  [/(?:^|[=(,:?[{;!&|]|\breturn)\s*<[A-Za-z_][\w.:-]*(?=[\s/>])/m, 'an XML literal'],
  [/[\w)\]](?<!\.)\.\.(?!\.)\s*[A-Za-z_*@]/, "the descendant operator '..'"],
  [/[\w*]::[A-Za-z_*]/, "a namespace-qualified name '::'"],
  [/\.@[A-Za-z_*]/, "an attribute access '.@'"],
];

/**
 * The first E4X construct of a script that V8 refused (Rhino's ECMAScript for XML: XML literals, `..`, `::`,
 * `.@name`), with its offset; undefined when the script has none (a plain syntax error).
 */
export function findE4x(code: string): { what: string; at: number } | undefined {
  const bare = code.replace(STRINGS_AND_COMMENTS, (m) => m.replace(/[^\n]/g, ' '));
  let best: { what: string; at: number } | undefined;
  for (const [re, what] of E4X_FORMS) {
    const m = re.exec(bare);
    if (!m) continue;
    // the offset of the construct itself, past what the pattern needed before it
    const lead = /^[^<.:@]*/.exec(m[0])![0].length;
    const at = m.index + (what === 'an XML literal' ? m[0].indexOf('<') : lead);
    if (!best || at < best.at) best = { what, at };
  }
  return best;
}

export const SCRIPT_LOADED = true;
