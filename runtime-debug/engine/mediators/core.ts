/** Core mediators: log, property, propertyGroup, variable, header, drop, respond, loopback, sequence, throwError. */
import { apiResponseCors } from '../cors';
import * as slimdom from 'slimdom';
import { GET_PROPERTY_SCOPES } from '../../../core/expressions';
import { attrValue, childElements, firstChild, textContent } from '../../../core/xml';
import { compileMediator, compileSequence, registerMediator, type CompileCtx } from '../compile';
import { stringOf, type MessageContext } from '../context';
import { MediationError, RecordedError } from '../errors';
import { javaRegExp } from '../javaRegex';
import { artifactLabel, type Executor } from '../executor';
import { compileTemplate, type Expr } from '../expressions';
import type { LogLevel } from '../log';
import type { Mediator } from '../model';
import { serializeXml, parseXmlElement } from '../payloadXml';
import { soapHeaderOf } from '../payload';
import { serializeSource } from '../xmlSource';
import { makefaultRefusal } from './makefaultFactory';
import {
  isBodyUnread,
  markBodyRead,
  markBodyUnread,
  markEnvelopeComplete,
  markStandalone,
} from '../xml/serialize';
import { aware, base, convertType, evalForStore, isNode, isResponse, parseBoolean } from './util';
import { snapshot } from '../stores';
import {
  JavaDouble,
  JavaLong,
  JsonNull,
  JsonString,
  javaDouble,
  javaTrim,
  synapseXPathString,
} from '../expr/values';
import { GsonBigDecimal, JsonDecimal, JsonLong, LazyJsonNumber } from '../expr/jsonNumber';
import { propertyScopes, propertyTypes, variableTypes } from '../catalogBridge';

// ------------------------------------------------------------------ log
// MI's LogMediator: `logFullPayload="true"` means full; a `level` is used as given (a `<message>` template is printed
// first); a `<message>` without a level prints the template and the properties only; nothing at all means simple.
registerMediator('log', (el, cc) => {
  const levelAttr = attrValue(el, 'level');
  const msgEl = firstChild(el, 'message');
  const template = msgEl ? compileTemplate(unescapeLayout(textContent(msgEl))) : undefined;
  let level = levelAttr ?? (template ? 'template' : 'simple');
  // LogMediatorFactory: logFullPayload is read with Boolean.parseBoolean (any case) and then wins, unread level and
  // all; otherwise the level must be simple, headers, full or custom as written
  const fullPayload = parseBoolean(attrValue(el, 'logFullPayload'));
  if (!fullPayload && levelAttr !== undefined && !['simple', 'headers', 'full', 'custom'].includes(levelAttr))
    cc.problem(el, 'RT_BAD_LOG_LEVEL', `Unknown log level '${levelAttr}'`);
  if (fullPayload) level = 'full';
  const cat = (attrValue(el, 'category') ?? 'INFO').trim().toUpperCase();
  const category: LogLevel = (
    ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].includes(cat) ? cat : 'INFO'
  ) as LogLevel;
  const sep = unescapeLayout(attrValue(el, 'separator') ?? ', ');
  const withId = parseBoolean(attrValue(el, 'logMessageID'));
  const propEls = childElements(el).filter((c) => c.local === 'property');
  // MediatorPropertyFactory.getMediatorProperties (no class mediator): a blank name, or a value attribute that is
  // blank, fails the deployment (a blank expression is refused as an empty expression); blank is Java's trim (a
  // no-break space is text)
  for (const p of propEls)
    if (javaTrim(attrValue(p, 'name') ?? '') === '')
      cc.problem(p, 'RT_BAD_MEDIATOR', 'Entry name is a required attribute for a Log property');
    else if (javaTrim(attrValue(p, 'value') ?? 'x') === '')
      cc.problem(p, 'RT_BAD_MEDIATOR', 'Entry attribute value (if specified) is required for a Log property');
  const props = propEls.map((p) => ({
    name: attrValue(p, 'name') ?? '',
    value: attrValue(p, 'value'),
    expr: cc.expr(p, 'expression'),
    absent: absentCheck(attrValue(p, 'expression')),
  }));
  const custom = level === 'custom' || level === 'template';
  // every level but custom and template is content-aware, simple too: the sequence builds the message before it
  // (LogMediator.isContentAware, set in processProperties; AbstractListMediator.mediate), so a SOAP or XML message
  // goes on as the formatter writes the built envelope, not as the request's bytes
  const contentAware = !custom || aware(...props.map((p) => p.expr)) || !!template?.payloadAware;
  return {
    ...base(el, cc, contentAware),
    // LogMediator.getLogMessage: a full log of a body that cannot be read is handleException("Could not build full
    // log message: ..."), a SynapseException whose cause is the parser's, so AbstractListMediator records it as
    // MESSAGE_PARSING_ERROR (601000, ERROR_MESSAGE its first line) before the fault handler runs
    ...(level === 'full'
      ? {
          unreadable(e: Error, ctx: MessageContext, ex: Executor): Error {
            const msg = `Could not build full log message: ${e.message}`;
            ex.log('ERROR', 'LogMediator', artifactLabel(ctx), msg);
            return new MediationError(601000, msg.split('\n')[0], msg);
          },
        }
      : {}),
    mediate(ctx: MessageContext, ex: Executor) {
      // a silenced logger builds no line (MI checks the level first)
      if (!ex.loggers.enabled(category, 'LogMediator')) return true;
      let s = '';
      if (custom && withId) {
        const cid = ctx.loggedCorrelationId;
        s += `MessageID: ${ctx.messageId}${sep}${cid === undefined ? '' : `correlation_id: ${cid}${sep}`}`;
      }
      if (template) s += template.render(ctx);
      if (level === 'simple' || level === 'full') {
        if (s.length) s += sep;
        s += simpleLine(ctx, sep);
      } else if (level === 'headers') {
        if (ctx.loggedCorrelationId !== undefined) s += ` correlation_id : ${ctx.loggedCorrelationId}`;
        // (a JSON, text or form message has the SOAP Header blocks a header mediator added: LogMediator reads
        // synCtx.getEnvelope().getHeader() whatever the body is)
        const env =
          ctx.payload.soap || ctx.payload.kind === 'xml' ? ctx.envelope() : ctx.payload.heldEnvelope;
        if (env) {
          const header = env.documentElement?.children.find((c) => c.localName === 'Header');
          for (const h of header?.children ?? []) s += `${sep}${h.localName} : ${textOf(h)}`;
        }
      }
      for (const p of props) {
        // an expression that fails (an XPath error, a JSON body a ${...} cannot read) fails the mediator, as MI's
        // LogMediator lets the exception of MediatorProperty.getResultValue through to the fault handler
        let v = p.value !== undefined ? p.value : p.expr ? p.expr.string(ctx) : '';
        // MI appends the Java null of a property that is not there: "name = null"
        if (v === '' && p.absent?.(ctx)) v = 'null';
        s += `${sep}${p.name} = ${v}`;
      }
      if (level === 'full') {
        const k = ctx.payload.kind;
        // (JsonUtil.hasAJsonPayload: a JSON message whose stream an XML enrich dropped, Target's
        // removeOutdatedJsonStream, logs its envelope)
        if (
          k === 'json' &&
          !ctx.payload.soap &&
          !ctx.payload.jsonStreamDropped &&
          !ctx.payload.jsonRefusedView &&
          !ctx.payload.jsonAbsent
        )
          s += `${sep}Payload: ${ctx.payload.text()}`;
        else
          s += `${sep}Envelope: <?xml version='1.0' encoding='utf-8'?>${serializeXml(ctx.envelope().documentElement!)}`;
      }
      if (sep && s.startsWith(sep)) s = s.slice(sep.length);
      ex.log(category, 'LogMediator', level === 'template' ? entryPointLabel(ctx) : artifactLabel(ctx), s);
      return true;
    },
  };
});

const SCOPE_VARIABLE = /^\s*\$(ctx|axis2|trp|func):([\w.-]+)\s*$/;
const GET_PROPERTY = /^\s*get-property\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)\s*$/;
const VARIABLE_SCOPES: Record<string, string> = {
  ctx: 'default',
  axis2: 'axis2',
  trp: 'transport',
  func: 'func',
};
// (func: TemplateContext.getParameterValue is null for a parameter the call gave no value and has no default)
const LOOKUP_SCOPES = new Set(['default', 'synapse', 'axis2', 'transport', 'operation', 'func']);
// names get-property answers from the message itself, not from a property
const MESSAGE_KEYS = new Set([
  'To',
  'From',
  'Action',
  'FaultTo',
  'ReplyTo',
  'RelatesTo',
  'MessageID',
  'FAULT',
  'OperationName',
  // the operation's namespace: "" for Synapse's "mediate" operation (GetPropertyFunction)
  'OperationNamespace',
  'SYSTEM_DATE',
  'SYSTEM_TIME',
  'MESSAGE_FORMAT',
]);

/**
 * For a log property whose expression is a lone property read (`$ctx:x`, `$axis2:x`, `$trp:x`,
 * `get-property('x')`, `get-property('axis2', 'x')`): whether that property is missing. MI's XPath gives Java null
 * for it and the log line says `null` (other readers, payloadFactory for one, get "").
 */
export function absentCheck(text: string | undefined): ((ctx: MessageContext) => boolean) | undefined {
  if (text === undefined) return undefined;
  let scope: string | undefined;
  let name: string | undefined;
  const v = SCOPE_VARIABLE.exec(text);
  if (v) {
    scope = VARIABLE_SCOPES[v[1]!];
    name = v[2];
  } else {
    const g = GET_PROPERTY.exec(text);
    if (!g) return undefined;
    // get-property(x, y) with x not one of GetPropertyFunction's scopes (case-sensitive) reads the default-scope
    // property x (y is its date format)
    if (g[4] === undefined || !GET_PROPERTY_SCOPES.includes(g[2]!)) {
      if (MESSAGE_KEYS.has(g[2]!)) return undefined;
      scope = 'default';
      name = g[2];
    } else {
      scope = g[2];
      name = g[4];
    }
  }
  if (!scope || !LOOKUP_SCOPES.has(scope) || name === undefined) return undefined;
  const sc = scope;
  const key = name;
  // ($ctx: reads the property itself, none of the names get-property answers from the message)
  const raw = v !== null && sc === 'default';
  return (ctx) => {
    const x = raw ? ctx.rawProperty(key) : ctx.getProperty(key, sc);
    return x === undefined || x === null;
  };
}

/**
 * A message-template log names its entry point as MI does (LoggingUtils with logEntryPointInfo): in an API the
 * method and the full request path follow the name, `{api:Orders GET /orders/7?x=1}`.
 */
function entryPointLabel(ctx: MessageContext): string {
  const label = artifactLabel(ctx);
  if (ctx.flow.artifactKind !== 'api') return label;
  const method = ctx.props.get('REST_METHOD');
  const path = ctx.props.get('REST_FULL_REQUEST_PATH');
  return [label, method === undefined ? '' : stringOf(method), path === undefined ? '' : stringOf(path)]
    .join(' ')
    .trim();
}

/** The simple level: To, From, WSAction, SOAPAction, MessageID, correlation_id, Direction (MI's order). */
function simpleLine(ctx: MessageContext, sep: string): string {
  let s = `To: ${ctx.to ?? ''}`;
  const from = ctx.props.get('From');
  if (from !== undefined) s += `${sep}From: ${stringOf(from)}`;
  // (an empty action is printed too: LogMediator tests getWSAAction() != null)
  const action = ctx.soapAction();
  if (action !== undefined) s += `${sep}WSAction: ${action}${sep}SOAPAction: ${action}`;
  const replyTo = ctx.props.get('ReplyTo');
  if (replyTo !== undefined) s += `${sep}ReplyTo: ${stringOf(replyTo)}`;
  s += `${sep}MessageID: ${ctx.messageId}`;
  const cid = ctx.loggedCorrelationId;
  if (cid !== undefined) s += `${sep}correlation_id: ${cid}`;
  s += `${sep}Direction: ${isResponse(ctx) ? 'response' : 'request'}`;
  return s;
}

/** Direct text children (Axiom getText()). */
function textOf(el: slimdom.Element): string {
  let t = '';
  for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) t += (n as slimdom.Text).data;
  return t;
}

/** MI turns the two characters `\n` and `\t` of a separator or message into a newline and a tab. */
function unescapeLayout(s: string): string {
  return s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
}

// ------------------------------------------------------------------ property
/**
 * A literal value with a type is converted when MI deploys the mediator (PropertyMediator.setValue, VariableMediator
 * setValue -> convertValue): a value that does not convert is refused at load, as MI refuses the artifact.
 */
function loadTimeConversion(
  el: import('../../../core/xml').XmlElement,
  cc: CompileCtx,
  value: string,
  type: string,
  mediator: 'property' | 'variable',
): void {
  // every value is converted as MI's factory converts it (PropertyMediatorFactory: setValue(value, type)), a
  // `$SYSTEM:`, `$FILE:` or `${...}` one too: no ResolverFactory runs for a mediator's value, MI keeps it as written
  try {
    convertType(value, type, { mediator });
  } catch (e) {
    if (!(e instanceof MediationError)) throw e;
    cc.problem(el, 'RT_BAD_VALUE', e.detail ? `${e.message} (${e.detail})` : e.message);
  }
}

function compileProperty(el: import('../../../core/xml').XmlElement, cc: CompileCtx): Mediator {
  const nameAttr = attrValue(el, 'name');
  if (nameAttr === undefined) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'property needs a name');
  const dynName =
    nameAttr && nameAttr.startsWith('{') && nameAttr.endsWith('}') ? cc.value(el, 'name') : undefined;
  const action = attrValue(el, 'action') ?? 'set';
  const scope = attrValue(el, 'scope') ?? 'default';
  if (!propertyScopes.has(scope)) cc.problem(el, 'RT_BAD_SCOPE', `Unknown property scope '${scope}'`);
  // PropertyMediator.convertValue: DATA_TYPES.valueOf(type), as written: an unknown type (type="string" too) is
  // refused at deploy with a value, fails each message with an expression, and is not read for inline XML
  const type = attrValue(el, 'type');
  const value = attrValue(el, 'value');
  const badType = type !== undefined && !propertyTypes.has(type);
  if (badType && value !== undefined)
    cc.problem(el, 'RT_BAD_TYPE', `Unknown type : ${type} for the property mediator`);
  else if (type !== undefined && value !== undefined) loadTimeConversion(el, cc, value, type, 'property');
  // PropertyMediatorFactory reads value first, then an inline element, then the expression (not even parsed when
  // one of the others is there)
  const inline = childElements(el)[0];
  const expr = value === undefined && !inline ? cc.expr(el, 'expression') : undefined;
  const inlineXml = inline ? serializeSource(cc.text, inline) : undefined;
  const patternAttr = attrValue(el, 'pattern');
  // Java's Matcher.matches(): the whole value must match
  let pattern: RegExp | undefined;
  try {
    pattern = patternAttr ? javaRegExp(patternAttr, { whole: true }) : undefined;
  } catch (e) {
    cc.problem(el, 'RT_BAD_PATTERN', `Invalid property pattern '${patternAttr}': ${(e as Error).message}`);
  }
  const group = Number(attrValue(el, 'group') ?? '0');
  // an axis2 switch the XML formatter reads from the payload
  const keepsPIs = nameAttr === 'PRESERVE_XML_PROCESSING_INSTRUCTIONS' && scope === 'axis2';
  // the XML declaration the XML and SOAP formatters write (ApplicationXMLFormatter, SOAPMessageFormatter)
  const declKey =
    scope !== 'axis2'
      ? undefined
      : (
          {
            WRITE_XML_DECLARATION: 'write',
            XML_DECLARATION_ENCODING: 'encoding',
            XML_DECLARATION_STANDALONE: 'standalone',
          } as const
        )[nameAttr ?? ''];
  // MultipartFormDataFormatter decodes file elements only when this is the Boolean true (its (Boolean) cast)
  const decodesMultipart = nameAttr === 'DECODE_MULTIPART_DATA' && scope === 'axis2';
  // JsonUtil.populateRequiredProperties reads it from the axis2 message context (a String "true")
  const keepsSpaces = nameAttr === 'PRESERVE_SPACES' && scope === 'axis2';
  // PropertyMediator.isContentAware: these need the message built first (AbstractListMediator builds it)
  const buildsMessage =
    (scope === 'axis2' &&
      (nameAttr === 'messageType' || nameAttr === 'DISABLE_CHUNKING' || nameAttr === 'FORCE_HTTP_1.0')) ||
    (scope === 'transport' && nameAttr === 'Content-Encoding');
  // only action="remove" as written removes (PropertyMediatorFactory); any other action sets and needs a value
  if (action !== 'remove' && value === undefined && !expr && !inline && !attrValue(el, 'expression'))
    cc.problem(el, 'RT_MISSING_VALUE', 'property set needs value, expression or an inline XML child');
  return {
    ...base(el, cc, buildsMessage || aware(expr)),
    mediate(ctx) {
      const name = dynName ? dynName.string(ctx) : (nameAttr ?? '');
      if (action === 'remove') {
        ctx.removeProperty(name, scope);
        if (keepsPIs) ctx.payload.preservePIs = false;
        if (declKey) delete ctx.payload.xmlDeclaration[declKey];
        if (decodesMultipart) ctx.payload.decodeMultipart = false;
        if (keepsSpaces) ctx.payload.preserveSpaces = false;
        return true;
      }
      let v: unknown;
      if (expr && badType)
        throw new MediationError(
          0,
          `Unknown type : ${type} for the property mediator or the property value cannot be converted into the specified type.`,
        );
      // value first, then the inline element, then the expression (PropertyMediator.getResultValue)
      const fromInline = value === undefined && inlineXml !== undefined;
      if (expr) v = evalForStore(expr, ctx, type);
      else if (fromInline) v = parseXmlElement(inlineXml);
      else v = value;
      if (!fromInline) v = convertType(v, type, { expression: expr !== undefined });
      // MI applies the pattern to a string result only (a typed value is left as it is)
      if (pattern && typeof v === 'string') {
        const m = pattern.exec(v);
        v = m ? (m[group] ?? '') : '';
      }
      if (scope === 'transport') {
        if (v === undefined || v === null) v = '';
        // MI keeps the OMElement in the header map, and $trp: / get-property('transport', …) print a lone element
        // as SynapseXPath.stringValueOf does: its own text, trimmed (its XML when that text is blank)
        else if (isNode(v) && v.nodeType === 1) v = synapseXPathString([v]);
        // a JSON string is written as its JsonElement.toString(), with its quotes
        else if (v instanceof JsonString || v instanceof JsonNull) v = v.toString();
      }
      ctx.setProperty(name, v, scope);
      if (keepsPIs) ctx.payload.preservePIs = stringOf(v).trim().toLowerCase() === 'true';
      // (MI casts the value to String: another type fails the formatter; here it is written as text)
      if (declKey) ctx.payload.xmlDeclaration[declKey] = stringOf(v);
      if (decodesMultipart) ctx.payload.decodeMultipart = v === true;
      if (keepsSpaces) ctx.payload.preserveSpaces = typeof v === 'string' && v.toLowerCase() === 'true';
      return true;
    },
  };
}
registerMediator('property', compileProperty);

registerMediator('propertyGroup', (el, cc) => {
  const list = childElements(el)
    .filter((c) => c.local === 'property')
    .map((c) => compileProperty(c, cc));
  return {
    ...base(
      el,
      cc,
      list.some((m) => m.contentAware),
    ),
    mediate(ctx, ex) {
      return ex.runList(list, ctx, 'propertyGroup');
    },
  };
});

// ------------------------------------------------------------------ variable (MI 4.4)
registerMediator('variable', (el, cc) => {
  const name = attrValue(el, 'name') ?? '';
  if (!name) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'variable needs a name');
  const action = attrValue(el, 'action') ?? 'set';
  // v2 Utils.convertValue: VARIABLE_DATA_TYPES.valueOf(type), as written: an unknown type is refused at deploy with a
  // value and fails each message with an expression. OM (a type of the MI 4.4 previews, in MI's own tests of Dec 2024)
  // is still read as XML here; the editor flags it.
  const type = attrValue(el, 'type');
  const value = attrValue(el, 'value');
  const badType = type !== undefined && !variableTypes.has(type);
  if (badType && value !== undefined) cc.problem(el, 'RT_BAD_TYPE', `Unknown variable type '${type}'`);
  else if (type !== undefined && value !== undefined) loadTimeConversion(el, cc, value, type, 'variable');
  // VariableMediatorFactory reads value first; the expression only without one
  const expr = value === undefined ? cc.expr(el, 'expression') : undefined;
  if (action !== 'remove' && value === undefined && !expr && !attrValue(el, 'expression'))
    cc.problem(el, 'RT_MISSING_VALUE', "variable set needs 'value' or 'expression'");
  return {
    ...base(el, cc, aware(expr)),
    mediate(ctx) {
      if (action === 'remove') {
        ctx.vars.delete(name);
        return true;
      }
      // as MI 4.4's variable mediator: XML types from the text, STRING the text, no type the value as the
      // expression gives it (a JSON object stays an object, a computed double a double), a type converts it
      if (badType)
        throw new MediationError(
          0,
          `Unknown type : ${type} for the variable mediator or the variable value cannot be converted into the specified type.`,
        );
      ctx.vars.set(name, resolveTypedValue(value, expr, type, ctx));
      return true;
    },
  };
});

/**
 * A value or expression with a type, resolved as MI 4.4's v2 Utils.getResolvedValue/convertValue do (the variable
 * mediator, the inputs of a v2 script or class mediator): a literal value converts (convertValue); with an
 * expression, XML builds from its text and STRING is its text (stringValueOf); any other type takes the object the
 * expression gives (objectValueOf, convertExpressionResult): no type keeps it as it is, a JSON scalar converts
 * (convertJsonPrimitive), any other value must already be of the type's Java class.
 */
export function resolveTypedValue(
  value: string | undefined,
  expr: Expr | undefined,
  type: string | undefined,
  ctx: MessageContext,
): unknown {
  const opts = { mediator: 'variable' as const };
  if (!expr) return convertType(value, type, opts);
  if (type === 'XML' || type === 'OM') return convertType(evalForStore(expr, ctx, type), type, opts);
  if (type === 'STRING') return expr.string(ctx);
  // SynapseXPath and SynapseJsonPath.objectValueOf answer null (only SynapseExpression has one)
  if (expr.kind !== 'synapse') {
    if (!type) return undefined;
    return expressionTypeMismatch(expr, type);
  }
  // SynapseExpression.objectValueOf: no result (a failure, a missing path, JSON null) is ""
  const v = expr.typed(ctx);
  const none = v === undefined || v === null || v instanceof JsonNull;
  if (!type) return none ? '' : v;
  // (that "" is a Java String: no type but STRING takes it)
  if (none) return expressionTypeMismatch(expr, type);
  return convertExpressionResult(v, expr, type);
}

/** v2 Utils.handleDataTypeException: the message names the expression as written inside `${…}`. */
function expressionTypeMismatch(expr: Expr, type: string): never {
  const t = expr.text.trim();
  const inner = t.startsWith('${') && t.endsWith('}') ? t.slice(2, -1) : t;
  throw new MediationError(
    0,
    `Expression '\${${inner}}' result does not match the expected data type '${type}'`,
  );
}

/**
 * v2 Utils.convertExpressionResult. A scalar read from JSON (a Gson JsonPrimitive: `payload.x`, `vars.v.x`) converts
 * as convertJsonPrimitive does: a boolean to BOOLEAN, a number to INTEGER, LONG or DOUBLE (getAsInt/getAsLong/
 * getAsDouble), and to JSON any scalar as its text (getAsString: a Java String); any other type refuses it. Any
 * other value must be of the type's class already: BOOLEAN a Boolean, INTEGER an Integer, LONG a Long, DOUBLE a
 * Double (`${5}` is an Integer, refused as LONG or DOUBLE), JSON a JsonElement (an object or array, not a string).
 * A variable read whole (`vars.v`) holds what was stored; ours does not keep whether a number came from JSON, so a
 * number converts, and a string or boolean stays as it is for JSON.
 */
function convertExpressionResult(v: unknown, expr: Expr, type: string): unknown {
  const kind = expr.resultKind ?? 'java';
  const number = typeof v === 'number' || (v instanceof Number && !(v instanceof String));
  const scalar = number || typeof v === 'string' || typeof v === 'boolean';
  const fail = (): never => expressionTypeMismatch(expr, type);
  // (a variable read whole: a Long or a computed Double is what it holds; a plain number may be either a Java
  // Integer or a JSON number, and converts; a long read from JSON by name is still a JsonPrimitive)
  const javaNumber =
    (v instanceof JavaLong && !(v instanceof JsonLong)) ||
    (v instanceof JavaDouble && !(v instanceof JsonDecimal));
  if ((kind === 'json' && scalar) || (kind === 'variable' && number && !javaNumber)) {
    switch (type) {
      case 'BOOLEAN':
        return typeof v === 'boolean' ? v : fail();
      case 'DOUBLE':
        return number ? javaDouble(Number(v)) : fail();
      case 'INTEGER':
      case 'LONG':
        return number ? jsonPrimitiveIntegral(v as number | JavaDouble | JavaLong, type) : fail();
      case 'JSON':
        return number ? String(v) : typeof v === 'boolean' ? String(v) : v;
      default:
        return v;
    }
  }
  switch (type) {
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : fail();
    case 'INTEGER':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : fail();
    case 'LONG':
      if (v instanceof JavaLong) return v;
      return typeof v === 'number' && Number.isInteger(v) && (v < -2147483648 || v > 2147483647)
        ? new JavaLong(BigInt(v))
        : fail();
    case 'DOUBLE':
      if (v instanceof JavaDouble) return v;
      return typeof v === 'number' && !Number.isInteger(v) ? javaDouble(v) : fail();
    case 'JSON':
      if (kind === 'variable' && scalar) return v;
      return v instanceof JsonNull || v instanceof JsonString || isJsonStructure(v) ? v : fail();
    default:
      return v;
  }
}

function isJsonStructure(v: unknown): boolean {
  return (
    v !== null && typeof v === 'object' && !(v instanceof Number) && !(v instanceof String) && !isNode(v)
  );
}

/**
 * JsonPrimitive.getAsInt/getAsLong of a JSON number: the Number Jayway leaves in it (a Long, a Double, a BigDecimal,
 * Gson's LazilyParsedNumber by index) narrowed as Java does: the whole part, its low 32 or 64 bits (a Double's
 * intValue/longValue stops at the type's bounds instead). INTEGER gives the int, LONG a java.lang.Long.
 */
function jsonPrimitiveIntegral(v: number | JavaDouble | JavaLong, type: 'INTEGER' | 'LONG'): unknown {
  const bits = type === 'LONG' ? 64 : 32;
  const n = Number(v);
  let whole: bigint | undefined;
  if (v instanceof JavaLong) whole = v.big;
  else if (typeof v === 'number') whole = Number.isInteger(v) ? BigInt(v) : undefined;
  // (a fraction read by name is a Double, JsonDecimal with Java's text, whole or not (945728699070086.0): its
  // intValue/longValue stop at the bounds; by index Gson's number, a BigDecimal beyond, keep the low bits)
  else if (v instanceof JsonDecimal && !(v instanceof LazyJsonNumber) && !(v instanceof GsonBigDecimal))
    whole = undefined;
  else whole = decimalWhole(v.toString());
  if (whole === undefined) {
    if (!Number.isFinite(n)) whole = 0n;
    else {
      // a Double: (int)/(long) stop at the bounds
      const max = type === 'LONG' ? 2n ** 63n - 1n : 2147483647n;
      const t = BigInt(Math.trunc(n));
      whole = t > max ? max : t < -max - 1n ? -max - 1n : t;
    }
  }
  const r = BigInt.asIntN(bits, whole);
  return type === 'LONG' ? new JavaLong(r) : Number(r);
}

/** The whole part of a decimal text (1e400, 2.5, -12345678901234567890), or undefined when it is not one. */
function decimalWhole(text: string): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return undefined;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  if (exp > 100000) return undefined;
  let b = BigInt(digits || '0');
  if (exp >= 0) b *= 10n ** BigInt(exp);
  else b = -exp > digits.length ? 0n : b / 10n ** BigInt(-exp);
  return m[1] === '-' ? -b : b;
}

// ------------------------------------------------------------------ header
const WSA = ['To', 'From', 'Action', 'FaultTo', 'ReplyTo', 'RelatesTo', 'MessageID'];
/** The unprefixed SOAP header names HeaderMediatorFactory takes (SynapseConstants.HEADER_TO ... HEADER_RELATES_TO). */
const FACTORY_WSA: ReadonlySet<string> = new Set(['To', 'From', 'Action', 'FaultTo', 'ReplyTo', 'RelatesTo']);

/**
 * What HeaderMediatorFactory refuses at deploy: no name and no embedded header block; in the default scope a name
 * whose prefix is not declared, or without a prefix other than the WS-Addressing ones ("All SOAP headers must be
 * namespace qualified", also for action="remove"); a scope other than default or transport.
 */
function checkHeaderConfig(
  el: import('../../../core/xml').XmlElement,
  cc: CompileCtx,
  ns: Record<string, string>,
): void {
  const name = attrValue(el, 'name');
  const scope = attrValue(el, 'scope');
  if (name === undefined) {
    if (childElements(el).length === 0)
      cc.problem(el, 'RT_BAD_MEDIATOR', 'A valid name attribute is required for the header mediator');
  } else if (scope === undefined || scope === 'default') {
    const colon = name.indexOf(':');
    if (colon >= 0) {
      const prefix = name.slice(0, colon);
      if (ns[prefix] === undefined)
        cc.problem(el, 'RT_BAD_MEDIATOR', `Invalid namespace prefix '${prefix}' in name attribute`);
    } else if (!FACTORY_WSA.has(name)) {
      cc.problem(
        el,
        'RT_BAD_MEDIATOR',
        `Invalid SOAP header: ${name} specified at the header mediator. All SOAP headers must be namespace qualified.`,
      );
    }
  }
  if (scope !== undefined && scope !== 'default' && scope !== 'transport')
    cc.problem(
      el,
      'RT_BAD_MEDIATOR',
      `Only 'transport' or 'default' values are allowed for attribute scope for a header mediator, Unsupported scope ${scope}`,
    );
  // a named header is no embedded block (isImplicit: no QName): setting it needs a value or an expression, whatever
  // the mediator holds inside
  if (
    name !== undefined &&
    attrValue(el, 'action') !== 'remove' &&
    attrValue(el, 'value') === undefined &&
    attrValue(el, 'expression') === undefined
  )
    cc.problem(
      el,
      'RT_BAD_MEDIATOR',
      "A 'value' or 'expression' attribute is required for a [set] header mediator",
    );
}

registerMediator('header', (el, cc) => {
  const implicit = attrValue(el, 'name') === undefined;
  const name = attrValue(el, 'name') ?? '';
  const scope = attrValue(el, 'scope') ?? 'default';
  const action = attrValue(el, 'action') ?? 'set';
  const value = attrValue(el, 'value');
  // HeaderMediatorFactory reads value first; the expression only without one
  const expr = value === undefined ? cc.expr(el, 'expression') : undefined;
  const ns = cc.ns(el);
  // HeaderMediatorFactory: every child element is an embedded header block, appended in order
  const inlineXmls = childElements(el).map((c) => serializeSource(cc.text, c));
  const inlineXml = inlineXmls.length ? inlineXmls : undefined;
  // type="OM": the value is XML that becomes the header block's child (HeaderMediator.addCustomHeader:
  // SynapseConfigUtils.stringToOM); any other type sets it as text
  const valueIsXml = (attrValue(el, 'type') ?? '').toUpperCase() === 'OM';
  checkHeaderConfig(el, cc, ns);
  return {
    ...base(el, cc, scope !== 'transport'),
    mediate(ctx) {
      // no name (an embedded header block): HeaderMediator dereferences its null qName for a transport header and
      // for a remove (MI 4.4 on Java 17: the NullPointerException's helpful message is the ERROR_MESSAGE)
      if (implicit && (scope === 'transport' || action === 'remove'))
        throw new MediationError(
          0,
          `Cannot invoke "javax.xml.namespace.QName.${scope === 'transport' ? 'getLocalPart' : 'getNamespaceURI'}()" because "this.qName" is null`,
        );
      const v = expr ? expr.string(ctx) : (value ?? '');
      if (scope === 'transport') {
        if (action === 'remove') ctx.headers.delete(name);
        else ctx.headers.set(name, v);
        return true;
      }
      if (WSA.includes(name)) {
        if (name === 'To') ctx.to = action === 'remove' ? undefined : v;
        else if (action === 'remove') ctx.props.delete(name);
        else ctx.props.set(name, v);
        return true;
      }
      const env = ctx.envelope();
      // a remove looks for the Header and does nothing without one (HeaderMediator: envelope.getHeader() != null);
      // a set creates it (addCustomHeader: fac.createSOAPHeader)
      const present = env.documentElement!.children.find((c) => c.localName === 'Header');
      if (action === 'remove' && !present) return true;
      const header = present ?? soapHeaderOf(env);
      if (inlineXml && action === 'set') {
        // (each block is an OMSourcedElement over the XML's own serialization: ElementHelper.toSOAPHeaderBlock)
        for (const x of inlineXml) {
          const block = env.importNode(parseXmlElement(x), true);
          markStandalone(block);
          header.appendChild(block);
        }
        // HeaderMediator.addHeaderChildrenToMessageContext ends with SOAPEnvelope.build() (default scope)
        markEnvelopeComplete(env);
        markBodyRead(env);
      } else {
        const [prefix, local] = name.includes(':') ? name.split(':') : ['', name];
        const uri = prefix ? ns[prefix] : null;
        // Axiom's SOAPHeader.addHeaderBlock refuses a block without a namespace (MI: the mediator fails)
        if (!uri && action !== 'remove')
          throw new MediationError(0, 'All the SOAP Header blocks should be namespace qualified');
        // a remove takes every block of that name; a set adds one more (SOAPHeader.addHeaderBlock: a block already
        // there stays, HeaderMediator.addCustomHeader)
        if (action === 'remove')
          for (const c of [...header.children])
            if (c.localName === local && (c.namespaceURI ?? null) === (uri ?? null)) header.removeChild(c);
        if (action !== 'remove') {
          const h = env.createElementNS(uri ?? null, name);
          if (valueIsXml) {
            let xml: ReturnType<typeof parseXmlElement>;
            try {
              xml = parseXmlElement(v);
            } catch (e) {
              throw new MediationError(
                0,
                `header ${name} type="OM": the value is not XML: ${(e as Error).message}`,
              );
            }
            h.appendChild(env.importNode(xml, true));
          } else h.appendChild(env.createTextNode(v));
          header.appendChild(h);
        }
      }
      // a change in the Header: Axiom built nothing below the Body (HeaderMediator touches getHeader only); a JSON
      // or text body stays the JSON stream / text it was (a full log still shows the JSON)
      if (ctx.payload.jsonOrTextCanonical) return true;
      const unread = isBodyUnread(env);
      ctx.payload.markXmlChanged();
      if (unread) markBodyUnread(env);
      return true;
    },
  };
});

// ------------------------------------------------------------------ drop / respond / loopback
registerMediator('drop', (el, cc) => ({
  ...base(el, cc, false),
  mediate(ctx) {
    ctx.stopped = true;
    if (
      !ctx.response &&
      (ctx.axis2.get('FORCE_SC_ACCEPTED') === true || ctx.axis2.get('FORCE_SC_ACCEPTED') === 'true')
    ) {
      ctx.axis2.set('HTTP_SC', 202);
    }
    if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
    return false;
  },
}));

registerMediator('respond', (el, cc) => ({
  ...base(el, cc, false),
  mediate(ctx, ex) {
    ctx.response = true;
    // RespondMediator: an API message's answer gets the CORS headers (handleCORSHeadersForResponse)
    if (ctx.cors !== undefined) ctx.corsOnReply = true;
    const answered = ex.respond(ctx);
    if (answered)
      return answered.then(() => {
        ctx.stopped = true;
        return false;
      });
    ctx.stopped = true;
    return false;
  },
}));

registerMediator('loopback', (el, cc) => ({
  ...base(el, cc, false),
  async mediate(ctx, ex) {
    ctx.response = true;
    const out = ctx.flow.outSequence as import('../model').SequenceRef | undefined;
    const seq = out ? ex.resolveSequence(out) : undefined;
    // the message goes back in as a response: an API's resource puts the CORS headers first (Resource.process)
    apiResponseCors(ctx, seq !== undefined);
    if (seq) await ex.runSequence(seq, ctx);
    else await ex.respond(ctx);
    ctx.stopped = true;
    return false;
  },
}));

// ------------------------------------------------------------------ sequence reference
registerMediator('sequence', (el, cc) => {
  const keyAttr = attrValue(el, 'key');
  const inlineName = keyAttr ? undefined : attrValue(el, 'name');
  if (inlineName) {
    // an inline named sequence (SequenceMediatorFactory): its mediators, with its onError while they run
    const seq = compileSequence(el, cc, inlineName);
    return {
      ...base(el, cc, seq.contentAware),
      mediate(ctx, ex) {
        return ex.runSequence(seq, ctx);
      },
    };
  }
  if (!keyAttr) {
    // an anonymous inline sequence used as a mediator
    const inner = childElements(el).map((c) => compileMediator(c, cc));
    return {
      ...base(
        el,
        cc,
        inner.some((m) => m.contentAware),
      ),
      mediate(ctx, ex) {
        return ex.runList(inner, ctx, 'anonymous');
      },
    };
  }
  const key = cc.value(el, 'key')!;
  const dynamic = /^\{.*\}$/s.test(keyAttr.trim());
  const keyValueText = dynamic
    ? `Value {name ='null', expression =${keyAttr.trim().slice(1, -1)}}`
    : `Value {name ='null', keyValue ='${keyAttr}'}`;
  return {
    ...base(el, cc, key.payloadAware),
    async mediate(ctx, ex) {
      const k = key.string(ctx);
      const seq = ex.reg.sequence(k);
      // MI's words (SequenceMediator: "Sequence named " + the key's Value.toString() + " cannot be found")
      if (!seq) {
        // a key an endpoint or endpoint template holds: SynapseConfiguration.getSequence throws (assertEntryNull)
        ex.assertRegistryEntry(k, 'sequence', ctx);
        // AbstractMediator.handleException: logged at ERROR by the mediator's class, then thrown
        const msg = `Sequence named ${keyValueText} cannot be found`;
        ex.log('ERROR', 'SequenceMediator', artifactLabel(ctx), msg);
        throw new MediationError(0, msg);
      }
      if (seq.contentAware && ctx.payload.streaming) await ctx.payload.build();
      const cont = await ex.runSequence(seq, ctx);
      return cont;
    },
  };
});

// ------------------------------------------------------------------ throwError (MI 4.4)
registerMediator('throwError', (el, cc) => {
  const type = attrValue(el, 'type') ?? 'ANY';
  const msg: Expr | undefined =
    attrValue(el, 'errorMessage') !== undefined ? cc.value(el, 'errorMessage') : undefined;
  return {
    // ThrowError keeps AbstractMediator.isContentAware (true): the message is built before it runs
    ...base(el, cc, true),
    mediate(ctx) {
      const m = msg ? msg.string(ctx) : 'Error occurred in the mediation flow';
      // ThrowError.mediate sets ERROR_CODE and ERROR_MESSAGE, then throws: the fault handler, finding ERROR_CODE
      // set, sets neither ERROR_DETAIL nor ERROR_EXCEPTION (FaultHandler.handleFault)
      ctx.props.set('ERROR_CODE', type);
      ctx.props.set('ERROR_MESSAGE', m);
      throw new RecordedError(type, m, `${type}: ${m}`);
    },
  };
});

// ------------------------------------------------------------------ makefault
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
registerMediator('makefault', (el, cc) => {
  // what FaultMediatorFactory refuses when MI deploys the artifact (the same check as synapse validate's)
  const refusal = makefaultRefusal(el);
  if (refusal) cc.problem(refusal.el, 'RT_MAKEFAULT', refusal.message);
  const versionAttr = attrValue(el, 'version');
  // FaultMediator.markAsResponse is true unless response="false": the fault is a response (sent back by a send)
  const response = attrValue(el, 'response') !== 'false';
  const codeEl = firstChild(el, 'code');
  const reasonEl = firstChild(el, 'reason');
  const detailEl = firstChild(el, 'detail');
  // FaultMediatorFactory: <role> and <node> (SOAP 1.2 only) hold a URI as text
  const roleText = firstChild(el, 'role') ? textContent(firstChild(el, 'role')!).trim() : '';
  const nodeText = firstChild(el, 'node') ? textContent(firstChild(el, 'node')!).trim() : '';
  const codeValue = codeEl ? attrValue(codeEl, 'value') : undefined;
  const codeExpr = codeEl ? cc.expr(codeEl, 'expression') : undefined;
  const reasonValue = reasonEl ? attrValue(reasonEl, 'value') : undefined;
  const reasonExpr = reasonEl ? cc.expr(reasonEl, 'expression') : undefined;
  const detailExpr = detailEl ? cc.expr(detailEl, 'expression') : undefined;
  // child elements of <detail> are the detail (as written, namespaces included); text only when there are none
  const detailXml =
    detailEl && !detailExpr ? childElements(detailEl).map((c) => serializeSource(cc.text, c)) : [];
  const detailText = detailEl && detailXml.length === 0 ? textContent(detailEl) : undefined;
  const detailNodes = detailXml.map((x) => parseXmlElement(x));
  const ns = codeEl ? cc.ns(codeEl) : {};
  // a code value keeps the prefix it is written with (MI writes the QName), declared where it is not soapenv
  const codePrefix = codeValue?.includes(':') ? codeValue.split(':')[0]! : undefined;
  const codeNs = codePrefix !== undefined ? ns[codePrefix] : undefined;
  return {
    ...base(el, cc, true),
    mediate(ctx) {
      const code = codeExpr ? codeExpr.string(ctx) : (codeValue ?? 'soapenv:Server');
      const local = code.includes(':') ? code.split(':')[1] : code;
      const reason = reasonExpr ? reasonExpr.string(ctx) : (reasonValue ?? '');
      // an expression selecting nodes puts them in the detail (MI adds each node), else its string
      // (one selecting no node adds nothing: <detail/>; a string, even empty, is the text: <detail></detail>)
      const exprNodes = detailExpr ? detailExpr.nodes(ctx) : [];
      const detail =
        detailExpr && exprNodes.length === 0
          ? detailExpr.kind === 'xpath' && detailExpr.value(ctx) === undefined
            ? undefined
            : detailExpr.string(ctx)
          : detailText;
      const detailChildren = exprNodes.length ? exprNodes : detailNodes;
      const prefix = !codeExpr && codePrefix !== undefined && codeNs !== undefined ? codePrefix : 'soapenv';
      const qcode = `${prefix}:${local}`;
      const fillDetail = (de: slimdom.Element) => {
        if (detailChildren.length) for (const n of detailChildren) de.appendChild(d.importNode(n, true));
        else if (detail !== undefined) de.appendChild(d.createTextNode(detail));
      };
      const hasDetail = detailEl !== undefined;
      // no version: SOAP 1.1 whatever the message (FaultMediatorFactory sets SOAP11; FaultMediator's choice by the
      // message is never reached); a REST client still gets <Exception> (Axis2Sender.sendBack, POXUtils)
      const version = versionAttr ?? 'soap11';
      const d = new slimdom.Document();
      if (version === 'pox') {
        // the detail wins over the reason; the message keeps its message type
        const r = d.createElement('Exception');
        // (MI: detail elements are not used for a POX fault, the reason is)
        // (FaultMediator.makePOXFault: a detail expression is the text even when it selects nothing)
        const poxDetail = detailExpr ? detailExpr.string(ctx) : detailText;
        const text = poxDetail !== undefined ? poxDetail : reason;
        r.appendChild(d.createTextNode(text));
        ctx.payload.setXmlRoot(r);
      } else {
        const envNs = version === 'soap12' ? SOAP12 : SOAP11;
        const env = d.createElementNS(envNs, 'soapenv:Envelope');
        const body = d.createElementNS(envNs, 'soapenv:Body');
        const fault = d.createElementNS(envNs, 'soapenv:Fault');
        if (version === 'soap12') {
          const c = d.createElementNS(envNs, 'soapenv:Code');
          const v = d.createElementNS(envNs, 'soapenv:Value');
          if (prefix !== 'soapenv') v.setAttributeNS(XMLNS_NS, `xmlns:${prefix}`, codeNs!);
          v.appendChild(d.createTextNode(qcode));
          c.appendChild(v);
          const r = d.createElementNS(envNs, 'soapenv:Reason');
          const t = d.createElementNS(envNs, 'soapenv:Text');
          t.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', 'en');
          t.appendChild(d.createTextNode(reason));
          r.appendChild(t);
          fault.append(c, r);
          // FaultMediator.setFaultNode / setFaultRole, in the schema's order (Code, Reason, Node, Role, Detail)
          if (nodeText) {
            const n = d.createElementNS(envNs, 'soapenv:Node');
            n.appendChild(d.createTextNode(nodeText));
            fault.appendChild(n);
          }
          if (roleText) {
            const ro = d.createElementNS(envNs, 'soapenv:Role');
            ro.appendChild(d.createTextNode(roleText));
            fault.appendChild(ro);
          }
          if (hasDetail) {
            const de = d.createElementNS(envNs, 'soapenv:Detail');
            fillDetail(de);
            fault.appendChild(de);
          }
        } else {
          const fc = d.createElement('faultcode');
          if (prefix !== 'soapenv') fc.setAttributeNS(XMLNS_NS, `xmlns:${prefix}`, codeNs!);
          fc.appendChild(d.createTextNode(qcode));
          const fs = d.createElement('faultstring');
          fs.appendChild(d.createTextNode(reason));
          fault.append(fc, fs);
          // SOAP 1.1 has no node; the role is the faultactor
          if (roleText) {
            const fa = d.createElement('faultactor');
            fa.appendChild(d.createTextNode(roleText));
            fault.appendChild(fa);
          }
          if (hasDetail) {
            const de = d.createElement('detail');
            fillDetail(de);
            fault.appendChild(de);
          }
        }
        body.appendChild(fault);
        // FaultMediator.makeSOAPFault: "set the all headers of original SOAP Envelope to the Fault Envelope" (into
        // the default fault envelope's header, which is written only when it holds something: SOAPEnvelopeImpl)
        const headerBlocks = ctx.payload.soap
          ? (ctx
              .envelope()
              .documentElement?.children.find(
                (c) => c.localName === 'Header' && (c.namespaceURI === SOAP11 || c.namespaceURI === SOAP12),
              )?.children ?? [])
          : [];
        if (headerBlocks.length) {
          const header = d.createElementNS(envNs, 'soapenv:Header');
          for (const b of headerBlocks) header.appendChild(d.importNode(b, true));
          env.appendChild(header);
        }
        env.appendChild(body);
        d.appendChild(env);
        ctx.payload.setEnvelope(d);
        // Synapse FaultMediator sets no message type (nor ContentType, nor the Content-Type header): the message keeps
        // its own, so a fault of the other SOAP version goes out in its own envelope named as the request was (MI's
        // SOAPMessageFormatter writes the envelope it has; setContentType names the request's ContentType; and
        // Axis2Sender.doSOAPFormatConversion converts nothing, the Content-Type header still being the client's
        // version); a REST client's answer keeps its own type (the fault becomes <Exception>, Axis2Sender.sendBack)
        if (!ctx.doingRest && !/^\s*(text\/xml|application\/soap\+xml)/i.test(ctx.payload.contentType))
          ctx.setProperty('messageType', version === 'soap12' ? 'application/soap+xml' : 'text/xml', 'axis2');
      }
      // the fault goes back where the request came from: To becomes the FaultTo/ReplyTo, which we never keep, so none
      // (FaultMediator.makeSOAPFault/makePOXFault: synCtx.setTo(null)); a send with no endpoint then answers the client
      ctx.to = undefined;
      // FaultMediator.makeSOAPFault: the fault relates to the message it replaces (setRelatesTo with its message id),
      // what get-property('RelatesTo') reads and AddressingOutHandler writes as wsa:RelatesTo
      if (version !== 'pox') ctx.setOwnProp('RelatesTo', ctx.messageId);
      // FaultMediator: the message is a fault (setProcessingFault); its answer is a 500 unless HTTP_SC says otherwise
      // or FAULTS_AS_HTTP_200 is set when it goes out (PassThroughTransportUtils.determineHttpStatusCode)
      ctx.processingFault = true;
      if (response) ctx.response = true;
      return true;
    },
  };
});

export const CORE_LOADED = true;
void isNode;

// ------------------------------------------------------------------ store
registerMediator('store', (el, cc) => {
  const storeName = cc.value(el, 'messageStore');
  if (!storeName) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'store needs messageStore');
  const seqKey = attrValue(el, 'sequence');
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      // Synapse MessageStoreMediator.mediate: the store first (none: "Message Store does not exist."), then the
      // onStore sequence when its key resolves (its result ignored), then the message is stored
      const name = storeName!.string(ctx);
      if (!ex.reg.hasStore(name)) throw new MediationError(0, 'Message Store does not exist.');
      if (seqKey) {
        const s = ex.reg.sequence(seqKey);
        if (s) await ex.runSequence(s, ctx);
      }
      // (a broker-backed store answers once the message is stored, and faults when it could not be)
      const stored = snapshot(ctx);
      if (!(await ex.reg.storeMessage(name, stored)))
        throw new MediationError(0, 'Message Store does not exist.');
      // RESPONSE_WRITTEN=SKIP: the listener writes no 202 unless FORCE_SC_ACCEPTED (ServerWorker.sendAck); the copy
      // in an in-memory store can still answer the client (held here; the other stores answer 202 in this runtime)
      const forced = ctx.axis2.get('FORCE_SC_ACCEPTED');
      if (stored.client && forced !== true && forced !== 'true') ctx.shared.held = true;
      return true;
    },
  };
});

// ------------------------------------------------------------------ builder (message builders are chosen by content type here)
registerMediator('builder', (el, cc) => ({
  ...base(el, cc, true),
  mediate() {
    return true;
  },
}));

// ------------------------------------------------------------------ enqueue (hands a copy to the sequence in the background)
registerMediator('enqueue', (el, cc) => {
  const seqKey = attrValue(el, 'sequence');
  if (!seqKey) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'enqueue needs a sequence');
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      const s = ex.reg.sequence(seqKey ?? '');
      if (!s) throw new MediationError(0, `Sequence '${seqKey}' is not deployed`);
      const copy = ctx.fork();
      copy.reply = undefined;
      copy.cont = [];
      void ex.branch(copy, async () => void (await ex.runSequence(s, copy)));
      return true;
    },
  };
});
