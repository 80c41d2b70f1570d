/**
 * script (language js / graalJs / rhinoJs / nashornJs): inline or keyed JavaScript run in a Node `vm` context with
 * MI's `mc` API (getPayloadJSON/setPayloadJSON, getPayloadXML/setPayloadXML, getProperty/setProperty/removeProperty,
 * getVariable/setVariable, getEnvelopeXML, setTo/...). Each run is bounded in time. Java interop (`java.*`,
 * `Packages.*`, `Java.type`) reaches only the few standard classes of javaShim.ts; Ruby/Groovy scripts are editor-only. Rhino's E4X, which MI runs for js/rhinoJs:
 * the subset MI's own scripts use (XML literals with {expr} holes, `x..name`, `x..*::name`, `x.@name`) is translated
 * to plain JavaScript (translateE4x); a script V8 refuses with E4X beyond it (for each, filters) deploys with an
 * RT_UNSUPPORTED warning and faults when a message reaches it. Nashorn/GraalJS's mc.getXpathResult is provided.
 */
import vm from 'node:vm';
import { evaluateXPathToNodes, evaluateXPathToString } from 'fontoxpath';
import type * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, textContent } from '../../../core/xml';
import { faultingMediator, registerMediator } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { artifactLabel, type Executor } from '../executor';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { SOAP12_NS, soapHeaderOf } from '../payload';
import { base, convertType, escapeXmlText, isNode, isResponse } from './util';
import { resolveTypedValue } from './core';
import type { Expr } from '../expressions';
import { stringifyJson } from '../expr/values';
import { javaGlobals } from './javaShim';
import { findE4x, findEngineExtension, inlineVmScript } from '../../../core/jsScript';

/** The languages of MI_LANGUAGES (lower-cased) that run here. */
const JS = new Set(['js', 'graaljs', 'rhinojs', 'nashornjs']);
/** The script languages MI 4.4 has an engine for (ScriptMediator), as written. */
const MI_LANGUAGES = new Set(['js', 'graalJs', 'rhinoJs', 'nashornJs', 'groovy', 'rb', 'py']);
const TIMEOUT_MS = 2000;

function mcApi(ctx: MessageContext, rhino: boolean): Record<string, unknown> {
  // MI (ScriptMediator.processJSONPayload) parses a JSON payload into JSON_OBJECT before each run; getPayloadJSON
  // and jsonObject give JSON_OBJECT, else an empty object: a message without a JSON payload (XML, text) is {} to
  // them, not its JSON view
  const jsonAtStart = isJsonPayload(ctx);
  let objectSet = false;
  // one object per run, as MI's JSON_OBJECT property (or its context's emptyJsonObject): a change made through one
  // getPayloadJSON() is seen through the next
  let parsed: unknown;
  let empty: object | undefined;
  const currentObject = (): unknown => {
    if (jsonAtStart && !objectSet) {
      if (parsed === undefined) {
        const v = ctx.json();
        parsed = v === undefined ? {} : structuredClone(v);
      }
      return parsed;
    }
    return ctx.getProperty('JSON_OBJECT', 'default') ?? (empty ??= {});
  };
  return {
    getPayloadJSON: currentObject,
    // GraalJS/Nashorn (js, graalJs, nashornJs) write JSON.stringify of the value, so a string becomes a JSON string;
    // Rhino (rhinoJs, CommonScriptMessageContext) takes a string as the JSON text itself
    setPayloadJSON: (v: unknown) => {
      const value =
        typeof v === 'string' && rhino ? JSON.parse(v) : JSON.parse(JSON.stringify(v ?? null) ?? 'null');
      ctx.payload.setJson(value);
      // the message type is left as it is (the transport Content-Type header too): JsonUtil.getNewJsonPayload
      // sets neither, so a message that was not JSON goes out in its own type (a JSON payload as XML: <jsonObject>)
      // unless the flow sets messageType (GraalVMJavaScriptMessageContext / CommonScriptMessageContext.setPayloadJSON)
      // MI keeps the object given as JSON_OBJECT
      ctx.setProperty('JSON_OBJECT', value, 'default');
      objectSet = true;
    },
    // GraalJS/Nashorn give the payload's text; Rhino an E4X XML of it (JavaScriptXmlHelper.toScriptXML), read with
    // E4X's defaults, whose toString() is its text (simple content) or its pretty printed XML
    getPayloadXML: () => {
      const r = ctx.payload.rootElement();
      if (!r) return null;
      return rhino ? new E4xXml(e4xClean(parseXmlElement(serializeXml(r)))) : serializeXml(r);
    },
    // in the place of the body's first element, the white space around it kept (setPayloadXML: insertSiblingAfter +
    // detach of body.getFirstElement())
    setPayloadXML: (x: unknown) =>
      ctx.payload.replaceFirstElement(
        parseXmlElement(x instanceof E4xXml || x instanceof E4xList ? x.toXMLString() : String(x)),
      ),
    // the JSON text of a JSON payload, else the envelope as Axiom prints it (declaration first)
    getPayloadText: () => (jsonAtStart || isJsonPayload(ctx) ? ctx.payload.text() : envelopeText(ctx)),
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
      objectSet = true;
      return true;
    },
    jsonObject: (mc: unknown) => (mc == null ? null : currentObject()),
    getEnvelopeXML: () => envelopeText(ctx),
    // ScriptMessageContext.getEnvelope(): the Axiom envelope; scripts call build()/buildWithAttachments() on it to
    // make sure the message is read (ours is read by then), print it, or walk it: getBody().getFirstElement(), and
    // getText()/setText() there (Synapse ScriptMediatorTest.testThreadSafety)
    getEnvelope: () => {
      const env = ctx.envelope();
      const text = () => envelopeText(ctx);
      const part = (name: string) => {
        const el = env.documentElement!.children.find((c) => c.localName === name);
        return el ? omNode(el, () => ctx.payload.markXmlChanged()) : null;
      };
      return {
        build: () => undefined,
        buildWithAttachments: () => undefined,
        toString: text,
        // OMElement.getText: the envelope's own text, none
        getText: () => '',
        getBody: () => part('Body'),
        getHeader: () => part('Header'),
      };
    },
    // Nashorn/GraalJS message context: an Axiom XPath to select from a payload (getPayloadXML() gives its text here)
    getXpathResult: (expression: unknown) => axiomXPath(String(expression)),
    // a property that is not set is Java's null to the script (typeof "object"), never undefined
    getProperty: (name: string, scope?: string) => {
      const v = ctx.getProperty(String(name), scope ?? 'default');
      return v && typeof v === 'object' && 'nodeType' in (v as object) ? stringOf(v) : scriptValue(v);
    },
    // an E4X XML value is kept as the element (MI converts the script's XML to an OMElement)
    setProperty: (name: string, value: unknown, scope?: string) =>
      ctx.setProperty(
        String(name),
        value instanceof E4xXml
          ? parseXmlElement(value.toXMLString())
          : value instanceof E4xList
            ? value.toXMLString()
            : value,
        scope ?? 'default',
      ),
    removeProperty: (name: string, scope?: string) => ctx.removeProperty(String(name), scope ?? 'default'),
    getVariable: (name: string) => scriptValue(ctx.vars.get(String(name))),
    setVariable: (name: string, value: unknown) => ctx.vars.set(String(name), value),
    setTo: (uri: string) => (ctx.to = String(uri)),
    // an EndpointReference: getAddress(), printed "Address: ..." (Axis2 EndpointReference.toString); null when none
    getTo: () => (ctx.to === undefined ? null : endpointReference(ctx.to)),
    getMessageID: () => ctx.messageId,
    // Axis2's action: what a header mediator set, else the SOAPAction the request carried (its quotes off)
    getSoapAction: () => soapAction(ctx),
    setSoapAction: (a: unknown) => ctx.props.set('Action', a == null ? null : String(a)),
    getWSAAction: () => soapAction(ctx),
    setWSAAction: (a: unknown) => ctx.props.set('Action', a == null ? null : String(a)),
    isSOAP11: () => ctx.envelope().documentElement?.namespaceURI !== SOAP12_NS,
    isResponse: () => isResponse(ctx),
    setFrom: () => undefined,
    setReplyTo: () => undefined,
    setFaultTo: () => undefined,
    // a SOAP header block (ScriptMessageContext.addHeader: header.addHeaderBlock, then setMustUnderstand): it must
    // be namespace qualified, and carries soapenv:mustUnderstand, "1"/"0" in SOAP 1.1, "true"/"false" in SOAP 1.2
    addHeader: (mustUnderstand: unknown, xml: unknown) => {
      const el = parseXmlElement(
        xml instanceof E4xXml || xml instanceof E4xList ? xml.toXMLString() : String(xml),
      );
      if (!el.namespaceURI) throw new Error('All the SOAP Header blocks should be namespace qualified');
      const env = ctx.envelope();
      const header = soapHeaderOf(env);
      const block = env.importNode(el, true) as slimdom.Element;
      const envNs = env.documentElement!.namespaceURI!;
      const on = Boolean(mustUnderstand);
      block.setAttributeNS(
        envNs,
        'soapenv:mustUnderstand',
        envNs === SOAP12_NS ? String(on) : on ? '1' : '0',
      );
      header.appendChild(block);
      ctx.payload.markXmlChanged();
    },
  };
}

/** A Java list as scripts see one: index access, length, get(i), size(). */
function javaList<T>(items: T[]): T[] & { get(i: number): T | undefined; size(): number } {
  return Object.assign(items, { get: (i: number) => items[i], size: () => items.length });
}

/**
 * An Axiom node as scripts call it: getText() (its own text), getLocalName(), toString() (its XML); getFirstElement()
 * and, on the message's own envelope (`changed` given), setText() (OMElement.setText: the children replaced by the
 * text).
 */
function omNode(n: slimdom.Node, changed?: () => void): Record<string, unknown> {
  return {
    getFirstElement: () => {
      const c = n.nodeType === 1 ? (n as slimdom.Element).firstElementChild : null;
      return c ? omNode(c, changed) : null;
    },
    setText: (text: unknown) => {
      if (!changed || n.nodeType !== 1) throw new Error('setText is only available on the message envelope');
      const el = n as slimdom.Element;
      while (el.firstChild) el.removeChild(el.firstChild);
      el.appendChild(el.ownerDocument!.createTextNode(stringOf(text)));
      changed();
    },
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
    selectNodes: (p: unknown) => javaList(nodes(p).map((n) => omNode(n))),
    selectSingleNode: (p: unknown) => {
      const n = nodes(p)[0];
      return n ? omNode(n) : null;
    },
    stringValueOf: (p: unknown) =>
      evaluateXPathToString(`string(${expression})`, contextOf(p), null, null, options),
  };
}

registerMediator('script', (el, cc) => {
  const languageAttr = attrValue(el, 'language') ?? '';
  const language = languageAttr.toLowerCase();
  const key = attrValue(el, 'key');
  const fn = attrValue(el, 'function') ?? 'mediate';
  const inline = key ? '' : textContent(el);
  // ScriptMediatorFactory requires the language; ScriptMediator has an engine for js and graalJs (GraalJS), rhinoJs
  // and nashornJs, and by extension for groovy, rb and py, compared as written: any other is refused ("No script
  // engine found for language")
  if (!MI_LANGUAGES.has(languageAttr)) {
    cc.problem(
      el,
      'RT_BAD_MEDIATOR',
      attrValue(el, 'language') === undefined
        ? "The 'language' attribute is required for a script mediator"
        : `No script engine found for language: ${languageAttr}`,
    );
    return { ...base(el, cc, false), mediate: async () => true };
  }
  if (!JS.has(language)) {
    // deployed, as by MI with the engine's dropin; a message that reaches it faults (RT_UNSUPPORTED's contract)
    const msg = `script language '${language}' is not supported by the embedded runtime (JavaScript only)`;
    cc.unsupported(el, msg);
    return faultingMediator(el, cc, msg);
  }
  // <include key="..."/>: scripts evaluated in the same scope before the function of a keyed script is called
  // (ScriptMediator.prepareExternalScript)
  const includes = childElements(el)
    .filter((c) => c.local === 'include')
    .map((c) => attrValue(c, 'key') ?? '');
  if (includes.length && !key)
    cc.unsupported(el, 'script <include> is only read for a keyed script (as MI does)');
  let inlineScript: vm.Script | undefined;
  const where = `${cc.file}:${cc.pos(el).line}`;
  if (!key) {
    try {
      inlineScript = inlineVmScript(inline, `${cc.file}:script`);
    } catch (e) {
      const e4x = findE4x(inline);
      // Rhino's E4X, the subset we translate (XML literals, x..name, x..*::name, x.@name)
      const translated = e4x ? translateE4x(inline) : undefined;
      if (translated !== undefined) {
        try {
          inlineScript = inlineVmScript(translated, `${cc.file}:script`);
        } catch {
          inlineScript = undefined;
        }
      }
      if (e4x && !inlineScript) {
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
      const extension = inlineScript ? undefined : findEngineExtension(inline);
      if (extension) {
        // MI's engines read Nashorn/Mozilla syntax extensions (GraalJS js.syntax-extensions, Rhino, Nashorn): the
        // sequence deploys there; V8 cannot run it, so here it faults when a message reaches it
        const line = cc.lines.positionAt(el.startTag.end).line + 1 + countLines(inline, extension.at);
        const msg = `script uses ${extension.what} (at ${cc.file}:${line}), a syntax extension MI's JavaScript engines read and the embedded runtime does not`;
        cc.unsupported(el, msg);
        return {
          ...base(el, cc, false),
          mediate: () => {
            throw new MediationError(0, msg);
          },
        };
      }
      if (!inlineScript)
        cc.problem(el, 'RT_SCRIPT_SYNTAX', `JavaScript syntax error: ${(e as Error).message}`);
    }
  }
  // MI 4.4's form (ScriptMediatorFactory with a non-blank `target`): a keyed js/graalJs function is called with mc and
  // the <inputs> arguments in their order (ScriptMediator.mediateWithExternalScript), and what it returns goes to the
  // body, a variable, or nowhere (v2 Utils.setResultTarget, target compared ignoring case)
  const targetAttr = attrValue(el, 'target');
  const target = targetAttr?.trim() ? targetAttr.trim().toLowerCase() : undefined;
  const v2 = target !== undefined && key !== undefined && (language === 'js' || language === 'graaljs');
  const targetVariable = attrValue(el, 'target-variable');
  // ScriptMediatorFactory refuses another target, and target="variable" without a target-variable
  if (v2 && target !== 'body' && target !== 'variable' && target !== 'none')
    cc.problem(el, 'RT_BAD_TARGET', `Invalid 'target' attribute value for script mediator : ${targetAttr}`);
  else if (v2 && target === 'variable' && !targetVariable?.trim())
    cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'script target="variable" needs \'target-variable\'');
  const inputs: { value?: string; expr?: Expr; type?: string }[] = [];
  const inputsEl = v2 ? firstChild(el, 'inputs') : undefined;
  for (const a of inputsEl ? childElements(inputsEl).filter((c) => c.local === 'argument') : []) {
    const value = attrValue(a, 'value');
    inputs.push({
      value,
      // InputArgument: the value first, the expression only without one
      expr: value === undefined ? cc.expr(a, 'expression') : undefined,
      type: attrValue(a, 'type'),
    });
  }
  // a keyed script's text runs again for each message, its globals cleared first, then its function is called, as
  // MI does (ScriptMediator.prepareExternalScript: engineBinding.clear() and eval, then invokeFunction); each text
  // has a context of its own, and runs as a block so that its top-level const/let are new at each run
  const keyed = new Map<string, { context: vm.Context; source: vm.Script; left: string[] }>();
  const call = new vm.Script(
    `typeof ${IDENTIFIER.test(fn) ? fn : '__noSuchFunction'} === 'function' ? ${fn}(mc${v2 ? ', ...__inputs' : ''}) : __noSuchMethod()`,
    { filename: `${cc.file}:script` },
  );
  // the inline script's context (scripts run synchronously, so `mc` is set right before each run)
  let context: vm.Context | undefined;
  // the globals an inline script's run left (its top-level var and function declarations, undeclared assignments):
  // undefined again before each run, as each of MI's runs starts with new bindings (ScriptEngine.createBindings)
  const inlineState = { left: [] as string[] };
  const newContext = (ex: Executor): vm.Context => {
    const sandbox: Record<string, unknown> = {};
    sandbox.print = (...a: unknown[]) =>
      ex.log('INFO', 'ScriptMediator', undefined, a.map((x) => stringOf(x)).join(' '));
    sandbox.__e4x = E4X_HELPER;
    sandbox.__noSuchMethod = () => {
      throw new NoSuchMethod(fn);
    };
    return vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  };
  return {
    ...base(el, cc, true),
    async mediate(ctx: MessageContext, ex: Executor) {
      let script = inlineScript;
      let run: vm.Context;
      let load: vm.Script | undefined;
      let state = inlineState;
      if (!key) {
        context ??= newContext(ex);
        run = context;
      } else {
        let text = ex.reg.resource(key);
        if (text === undefined)
          throw new MediationError(
            0,
            `script key '${key}' is neither a local entry nor a project registry resource (${where})`,
          );
        for (const k of includes) {
          const inc = ex.reg.resource(k);
          if (inc === undefined)
            throw new MediationError(
              0,
              `script include '${k}' is neither a local entry nor a project registry resource (${where})`,
            );
          text = `${text}\n;\n${inc}`;
        }
        let entry = keyed.get(text);
        if (!entry) {
          let syntaxError: unknown;
          let source: vm.Script | undefined;
          try {
            source = blockScript(text, key);
          } catch (e) {
            syntaxError = e;
            // Rhino's E4X, the subset we translate
            const translated = findE4x(text) ? translateE4x(text) : undefined;
            try {
              if (translated !== undefined) source = blockScript(translated, key);
            } catch {
              source = undefined;
            }
          }
          if (!source) {
            const e4x = findE4x(text);
            throw new MediationError(
              0,
              e4x
                ? `script '${key}' uses E4X (${e4x.what} at line ${countLines(text, e4x.at) + 1}): ECMAScript for XML runs in MI's Rhino engine only, not in the embedded runtime (${where})`
                : `script '${key}': JavaScript syntax error: ${(syntaxError as Error).message} (${where})`,
            );
          }
          // a few texts at most (a dynamic key, a changed resource): the oldest goes
          if (keyed.size >= 8) keyed.delete(keyed.keys().next().value!);
          entry = { context: newContext(ex), source, left: [] };
          keyed.set(text, entry);
        }
        run = entry.context;
        script = call;
        load = entry.source;
        state = entry;
      }
      for (const g of state.left) run[g] = undefined;
      // the Java access of the engine, again at each run (a script may have assigned one of these names)
      Object.assign(run, JAVA_GLOBALS);
      run.mc = mcApi(ctx, language === 'rhinojs');
      let r: unknown;
      try {
        if (load) load.runInContext(run, { timeout: TIMEOUT_MS });
        if (v2)
          run.__inputs = inputs.map((a) => scriptArgument(resolveTypedValue(a.value, a.expr, a.type, ctx)));
        r = script!.runInContext(run, { timeout: TIMEOUT_MS });
        if (!v2) return r !== false;
      } catch (e) {
        const msg = (e as Error).message ?? String(e);
        // MI (ScriptMediator.invokeScript -> handleException): ERROR_MESSAGE is the engine's sentence naming the
        // language as written, the key (its Value) and the function ("mediate" unless set, inline scripts too); a
        // keyed script without that function is a NoSuchMethodException. Ours, with the place and the cause, is
        // logged and kept as ERROR_DETAIL (MI's is the stack trace, the cause in it).
        const missingFn = e instanceof NoSuchMethod;
        const miMessage = `The script engine returned ${missingFn ? 'a NoSuchMethodException' : 'an error'} executing the ${
          key !== undefined
            ? `external ${languageAttr} script : Value {name ='null', keyValue ='${key}'}`
            : `inlined ${languageAttr} script`
        } function ${fn}`;
        const detail = `script failed (${where}): ${msg}`;
        ex.log('ERROR', 'ScriptMediator', artifactLabel(ctx), `${miMessage}: ${detail}`);
        throw new MediationError(0, miMessage, detail, where);
      } finally {
        run.mc = undefined;
        run.__inputs = undefined;
        state.left = Object.keys(run).filter((k) => !CONTEXT_NAMES.has(k));
      }
      if (target === 'none') return true;
      if (r === undefined || r === null)
        throw new MediationError(
          0,
          `Return object is null. Cannot set null object to the target : ${targetAttr}`,
        );
      if (target === 'body') {
        if (isNode(r) && r.nodeType === 1) ctx.payload.setXmlRoot(r as slimdom.Element);
        else
          ctx.payload.setRaw(
            Buffer.from(typeof r === 'object' ? JSON.stringify(r) : String(r)),
            'application/json',
            true,
          );
      } else if (targetVariable) {
        // a JavaScript object or array comes back as JSON (ScriptMediator.processJSONOutput: gson.toJsonTree)
        ctx.vars.set(
          targetVariable,
          isNode(r) || typeof r !== 'object'
            ? r
            : convertType(JSON.stringify(r), 'JSON', { mediator: 'variable' }),
        );
      }
      return true;
    },
  };
});

/**
 * A property or variable as the script engine hands it over: Java's boxed numbers and strings (our typed Double,
 * Long, Float, JSON string values) are plain JavaScript numbers and strings, a value not set is null.
 */
function scriptValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  return v;
}

/** An Axis2 EndpointReference as scripts see one. */
function endpointReference(address: string): Record<string, unknown> {
  return { getAddress: () => address, toString: () => `Address: ${address}` };
}

function soapAction(ctx: MessageContext): string | null {
  return ctx.soapAction() ?? null;
}

/** MI's JsonUtil.hasAJsonPayload: the message carries a JSON stream. */
const isJsonPayload = (ctx: MessageContext) => ctx.payload.kind === 'json' && !ctx.payload.soap;

/** The envelope as Axiom's SOAPEnvelope.toString() prints it (MI's full log, getEnvelopeXML, getPayloadText). */
function envelopeText(ctx: MessageContext): string {
  return `<?xml version='1.0' encoding='utf-8'?>${serializeXml(ctx.envelope().documentElement!)}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** The names our script contexts hold themselves. */
const CONTEXT_NAMES = new Set([
  'print',
  '__e4x',
  '__noSuchMethod',
  'mc',
  '__inputs',
  'java',
  'Packages',
  'Java',
]);

/** `java`, `Packages` and `Java.type` (javaShim.ts), shared by every run. */
const JAVA_GLOBALS = javaGlobals(TIMEOUT_MS);

/** A keyed script without the function to call (MI: the engine's NoSuchMethodException). */
class NoSuchMethod extends Error {
  constructor(fn: string) {
    super(`No such function: ${fn}`);
  }
}

/** A keyed script's text run as a block (its top-level const/let new at each run); as it is when no block takes it. */
function blockScript(text: string, filename: string): vm.Script {
  try {
    // (lineOffset: the text's own line numbers in stack traces, the wrapper's first line not counted)
    return new vm.Script(`{\n${text}\n}`, { filename, lineOffset: -1 });
  } catch {
    return new vm.Script(text, { filename });
  }
}

/**
 * An input of a v2 script as the function receives it: a JSON value as a JavaScript object or array (MI parses its
 * text in the script's own engine), anything else as it is.
 */
function scriptArgument(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object' || isNode(v)) return v;
  try {
    return JSON.parse(stringifyJson(v)) as unknown;
  } catch {
    return stringOf(v);
  }
}

/** Newlines in text before offset `at`. */
function countLines(text: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export const SCRIPT_LOADED = true;

// ------------------------------------------------------------------------------------------ E4X (a subset)

/**
 * Rewrites the E4X that MI's Rhino scripts use most into plain JavaScript over a small helper (`__e4x`): XML literals
 * with `{expr}` holes in text and attribute values, the descendant operator (`x..name`, `x..*::name`) and attribute
 * access (`x.@name`). Undefined when the script has E4X beyond that (the caller keeps refusing it then).
 */
export function translateE4x(code: string): string | undefined {
  let out = '';
  let i = 0;
  let lastSignificant = '';
  const n = code.length;
  const nameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
  while (i < n) {
    const c = code[i]!;
    // strings, template literals and comments are copied as they are
    if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < n && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      out += code.slice(start, ++i);
      lastSignificant = c;
      continue;
    }
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += code.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += code.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '<' && nameStart(code[i + 1]) && /^$|[=(,:?[{;!&|]$|return$/.test(lastSignificant)) {
      const lit = xmlLiteral(code, i);
      if (!lit) return undefined;
      out += `__e4x.xml(${lit.js})`;
      i = lit.end;
      lastSignificant = ')';
      continue;
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = /[A-Za-z_$]/.test(c) ? (lastSignificant + c).slice(-6) : c;
    i++;
  }
  // x..*::name, x..name, x.@name over a primary expression (names, member access, calls without nested calls)
  const primary = String.raw`((?:[A-Za-z_$][\w$]*|__e4x\.xml\([^()]*\))(?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\([^()]*\)|\s*\[[^\[\]]*\])*)`;
  const desc = new RegExp(`${primary}\\.\\.(?:\\*::)?([A-Za-z_$][\\w$]*)`, 'g');
  const attr = new RegExp(`${primary}\\.@([A-Za-z_$][\\w$]*)`, 'g');
  let prev: string;
  do {
    prev = out;
    out = out.replace(
      desc,
      (_m, left: string, name: string) => `__e4x.desc(${left}, ${JSON.stringify(name)})`,
    );
    out = out.replace(
      attr,
      (_m, left: string, name: string) => `__e4x.attr(${left}, ${JSON.stringify(name)})`,
    );
  } while (out !== prev);
  // anything E4X left (::, .., .@, filters) is beyond this subset
  return findE4x(out) ? undefined : out;
}

/** One XML literal from `<` at `start`: JavaScript building its text, and where it ends. */
function xmlLiteral(code: string, start: number): { js: string; end: number } | undefined {
  const parts: string[] = [];
  let text = '';
  const flush = () => {
    if (text) parts.push(JSON.stringify(text));
    text = '';
  };
  const hole = (i: number, escape: 'text' | 'attrText'): number => {
    // a {expr} hole: balanced braces, strings inside skipped
    let depth = 0;
    let j = i;
    for (; j < code.length; j++) {
      const ch = code[j];
      if (ch === '"' || ch === "'") {
        const q = ch;
        for (j++; j < code.length && code[j] !== q; j += code[j] === '\\' ? 2 : 1);
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    if (j >= code.length) return -1;
    flush();
    parts.push(`__e4x.${escape}(${code.slice(i + 1, j)})`);
    return j + 1;
  };
  let i = start;
  let depth = 0;
  while (i < code.length) {
    if (code.startsWith('<!--', i)) {
      const e = code.indexOf('-->', i);
      if (e < 0) return undefined;
      text += code.slice(i, e + 3);
      i = e + 3;
      continue;
    }
    if (code.startsWith('<![CDATA[', i)) {
      const e = code.indexOf(']]>', i);
      if (e < 0) return undefined;
      text += code.slice(i, e + 3);
      i = e + 3;
      continue;
    }
    if (code[i] === '<') {
      const closing = code[i + 1] === '/';
      const m = /^<\/?[A-Za-z_][\w.:-]*/.exec(code.slice(i));
      if (!m) return undefined;
      text += m[0];
      i += m[0].length;
      // attributes: name="v", name='v' or name={expr}
      for (;;) {
        const ws = /^\s*/.exec(code.slice(i))![0];
        text += ws;
        i += ws.length;
        if (code.startsWith('/>', i)) {
          text += '/>';
          i += 2;
          if (depth === 0) {
            flush();
            return { js: parts.join(' + ') || '""', end: i };
          }
          break;
        }
        if (code[i] === '>') {
          text += '>';
          i++;
          depth += closing ? -1 : 1;
          if (depth === 0) {
            flush();
            return { js: parts.join(' + ') || '""', end: i };
          }
          break;
        }
        const a = /^[A-Za-z_][\w.:-]*\s*=\s*/.exec(code.slice(i));
        if (!a) return undefined;
        text += a[0];
        i += a[0].length;
        if (code[i] === '{') {
          text += '"';
          i = hole(i, 'attrText');
          if (i < 0) return undefined;
          text += '"';
        } else if (code[i] === '"' || code[i] === "'") {
          const e = code.indexOf(code[i]!, i + 1);
          if (e < 0) return undefined;
          text += code.slice(i, e + 1);
          i = e + 1;
        } else return undefined;
      }
      continue;
    }
    if (code[i] === '{') {
      i = hole(i, 'text');
      if (i < 0) return undefined;
      continue;
    }
    text += code[i];
    i++;
  }
  return undefined;
}

/**
 * Rhino's XmlProcessor.beautifyElement (XML.prettyPrinting and prettyIndent 2, E4X's defaults, which MI keeps): an
 * element with more than one child, or an element child, gets each child on its own line indented two more spaces
 * than itself, and its end tag on a new line; an element holding one text only stays on one line.
 */
function beautify(e: slimdom.Element, indent: number): void {
  const kids = Array.from(e.childNodes);
  const indentChildren = kids.length > 1 || kids.some((k) => k.nodeType !== 3 && k.nodeType !== 4);
  const after = `\n${' '.repeat(indent)}`;
  const before = `${after}  `;
  if (indentChildren) for (const k of kids) e.insertBefore(e.ownerDocument!.createTextNode(before), k);
  for (const k of kids) if (k.nodeType === 1) beautify(k as slimdom.Element, indent + 2);
  if (indentChildren) e.appendChild(e.ownerDocument!.createTextNode(after));
}

/** An E4X XML value: its element, printed as E4X prints it (simple content as its text). */
class E4xXml {
  constructor(readonly el: slimdom.Element) {}
  /**
   * XmlProcessor.ecmaToXmlString: pretty printed (beautify) on a copy. MI turns an E4X value into the OMElement
   * of this text (JavaScriptXmlHelper.toOMElement), for setPayloadXML and setProperty alike.
   */
  toXMLString(): string {
    const copy = this.el.cloneNode(true) as slimdom.Element;
    beautify(copy, 0);
    return serializeXml(copy);
  }
  toString(): string {
    return this.el.firstElementChild ? this.toXMLString() : (this.el.textContent ?? '');
  }
  length(): number {
    return 1;
  }
}

/** An E4X XMLList (what `..name` selects). */
class E4xList {
  [index: number]: E4xXml;
  constructor(readonly items: E4xXml[]) {
    items.forEach((x, i) => (this[i] = x));
  }
  length(): number {
    return this.items.length;
  }
  toXMLString(): string {
    return this.items.map((x) => x.toXMLString()).join('\n');
  }
  toString(): string {
    return this.items.length === 1 ? this.items[0]!.toString() : this.toXMLString();
  }
}

function e4xElements(v: unknown): slimdom.Element[] {
  if (v instanceof E4xXml) return [v.el];
  if (v instanceof E4xList) return v.items.map((x) => x.el);
  // mc.getPayloadXML() is an E4X XML in Rhino (JavaScriptXmlHelper.toScriptXML): parsed with E4X's defaults too
  if (typeof v === 'string' && v.trim().startsWith('<')) return [e4xClean(parseXmlElement(v.trim()))];
  return [];
}

/**
 * E4X's defaults as Rhino's XmlProcessor.toXml applies them to a literal: comments and processing instructions go
 * (ignoreComments, ignoreProcessingInstructions) and ignoreWhitespace trims every text node, a CDATA section too
 * (addTextNodesToRemoveAndTrim: Java's trim), dropping the ones left empty.
 */
function e4xClean(el: slimdom.Element): slimdom.Element {
  for (let c = el.firstChild; c;) {
    const next = c.nextSibling;
    if (c.nodeType === 8 || c.nodeType === 7) el.removeChild(c);
    else if (c.nodeType === 3 || c.nodeType === 4) {
      const text = (c as slimdom.Text).data.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
      if (text === '') el.removeChild(c);
      else (c as slimdom.Text).data = text;
    } else if (c.nodeType === 1) e4xClean(c as slimdom.Element);
    c = next;
  }
  return el;
}

function descendants(root: slimdom.Element, name: string, out: E4xXml[]): void {
  for (let c = root.firstElementChild; c; c = c.nextElementSibling) {
    if (name === '*' || c.localName === name) out.push(new E4xXml(c));
    descendants(c, name, out);
  }
}

/** The helper the translated script calls (`__e4x`). */
const E4X_HELPER = {
  // E4X's defaults: ignoreWhitespace, ignoreComments, ignoreProcessingInstructions
  xml: (text: string) => new E4xXml(e4xClean(parseXmlElement(text.trim()))),
  text: (v: unknown) => escapeXmlText(String(v)),
  attrText: (v: unknown) => escapeXmlText(String(v)).replace(/"/g, '&quot;'),
  desc: (v: unknown, name: string) => {
    const found: E4xXml[] = [];
    for (const root of e4xElements(v)) descendants(root, name, found);
    return new E4xList(found);
  },
  attr: (v: unknown, name: string) => {
    for (const el of e4xElements(v)) {
      const a = Array.from(el.attributes).find((x) => x.localName === name);
      if (a) return a.value;
    }
    return '';
  },
};
