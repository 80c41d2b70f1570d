/**
 * Compile once, evaluate per message: `compileExpression(text, namespaces)` classifies the text as Synapse does
 * (json-eval → JSONPath, `${...}` → Synapse expression, else XPath 1.0) and returns a CompiledExpression.
 */
import type * as slimdom from 'slimdom';
import {
  classify,
  classifyValue,
  findInlineExpressions,
  parseJsonPath,
  parseSynapseExpression,
  innerRange,
  JSONPATH_DYNAMIC_VALUE,
  type ExpressionKind,
  type JsonPathSegment,
  type ExprError,
} from '../../../core/expressions';
import type { EvalContext } from './context';
import { ExpressionCompileError, ExpressionEvalError } from './errors';
import {
  isPlainObject,
  jaywayPathText,
  locate,
  navigate,
  NavError,
  type JsonRef,
  type NavHooks,
} from './jsonnav';
import {
  directPath,
  gsonLeaf,
  isExistsCheck,
  javaStringNode,
  synapseResultKind,
  SynapseCompiler,
  SynapseEvalFailure,
  unquoted,
} from './synapse';
import {
  isNode,
  JavaDouble,
  JavaLong,
  synapseValueString,
  synapseXPathString,
  unmarkItem,
  xp1Boolean,
} from './values';
import {
  JsonDecimal,
  jsonAt,
  keepLongDigits,
  lossyInteger,
  parseJsonText,
  recordLongDigits,
  recordLongDigitsOf,
} from './jsonNumber';
import { compileXPath, compileXPath2Failover, type CompiledXPath } from './xpath';
import { MediationError, PayloadError } from '../errors';

/**
 * A JSON body that does not parse (cut short, malformed): MI's SynapseJsonPath.stringValueOf catches the parse
 * error of Jayway's read and answers "" (logged at debug level only), so json-eval on it has no value.
 */
function unreadableJson(e: unknown): boolean {
  return e instanceof PayloadError && e.code === 'JSON_MALFORMED';
}

export type Namespaces = Readonly<Record<string, string>>;

export interface CompiledExpression {
  readonly text: string;
  readonly kind: ExpressionKind;
  /** Whether evaluating it reads the payload (the engine must build the message first). */
  readonly payloadAware: boolean;
  /**
   * The value: XPath → an array of nodes (a node-set) or a string/number/boolean; JSONPath and Synapse expressions
   * → a JSON value (string, number, boolean, null, array, object), XML nodes from xpath(), or undefined (no value).
   * XPath failures throw ExpressionEvalError; JSONPath and Synapse-expression failures give undefined.
   */
  evaluate(ctx: EvalContext): unknown;
  /**
   * Like evaluate, but a double computed by a `${...}` expression stays a JavaDouble (a Number whose String() is
   * MI's text, "10.0"), for callers that print it as MI does. evaluate() gives plain numbers.
   */
  evaluateTyped(ctx: EvalContext): unknown;
  /** The string Synapse would use (XPath: stringValueOf; JSON values as JSON text; no value → ""). */
  evaluateString(ctx: EvalContext): string;
  /** The boolean a filter would use (XPath 1.0 boolean(); others: true or "true"). */
  evaluateBoolean(ctx: EvalContext): boolean;
  /** The XML nodes selected (XPath node-sets, xpath() results); [] otherwise. */
  evaluateNodes(ctx: EvalContext): slimdom.Node[];
  /**
   * JSONPath only: the value as Jayway's read gives it to a mediator that does not catch its errors (IterateMediator
   * through SynapseJsonPath.listValueOf): a read Jayway refuses (a missing property, a definite path with no result)
   * throws a MediationError with Jayway's message, the ERROR_MESSAGE AbstractListMediator hands the fault sequence.
   */
  evaluateJayway?(ctx: EvalContext): unknown;
  /** Synapse expressions: what MI's ExpressionResult holds for the value (see synapseResultKind). */
  resultKind?: 'json' | 'variable' | 'java';
  /**
   * Synapse expressions: the string literals that can be the value itself (the literal, a conditional's branches) as
   * written, quotes included: MI's objectValueOf hands that text on (a payloadFactory template writes `"yes"`).
   */
  topStringLiterals?: readonly string[];
  /** Like evaluate but reports why there is no value (for the debugger's evaluate). */
  tryEvaluate(ctx: EvalContext): { ok: true; value: unknown } | { ok: false; error: string };
}

export interface CompileOptions {
  /** Force the language: 'jsonpath' for `evaluator="json"` arguments written as a bare `$.a.b`. */
  kind?: ExpressionKind;
  /** Answer simple XPath forms without fontoxpath (default true). */
  fastPath?: boolean;
  /**
   * An XPath Jaxen cannot parse deploys as XPath 2.0 when the DOM failover is on (default true, as
   * SynapseXPathFactory.getSynapseXPath(elem, QName) and SynapsePathFactory); false for a dynamic value `{...}`, which
   * ValueFactory.createSynXpath builds with getSynapseXPath(elem, String): no failover for syntax there.
   */
  syntaxFailover?: boolean;
}

function compileError(text: string, errors: ExprError[]): never {
  throw new ExpressionCompileError(text, errors);
}

export function compileExpression(
  text: string,
  namespaces: Namespaces = {},
  options: CompileOptions = {},
): CompiledExpression {
  const detected = classify(text);
  const kind = options.kind ?? detected;
  if (kind === 'jsonpath') return compileJsonPath(text, detected === 'jsonpath', namespaces);
  if (kind === 'synapse') return compileSynapse(text, namespaces);
  return compileXPathExpression(text, namespaces, options);
}

function compileXPathExpression(
  text: string,
  namespaces: Namespaces,
  options: CompileOptions,
): CompiledExpression {
  let x: CompiledXPath;
  try {
    x = compileXPath(text, namespaces, options.fastPath === undefined ? {} : { fastPath: options.fastPath });
  } catch (e) {
    // Jaxen's XPathSyntaxException: with the DOM failover on, MI deploys it as an XPath 2.0 one
    const f =
      e instanceof ExpressionCompileError &&
      e.code === 'EXPR_XPATH_SYNTAX' &&
      options.syntaxFailover !== false
        ? compileXPath2Failover(text, namespaces)
        : undefined;
    if (!f) throw e;
    x = f;
  }
  const value = (seq: unknown[]): unknown => (seq.length === 1 && !isNode(seq[0]) ? unmarkItem(seq[0]) : seq);
  return {
    text,
    kind: 'xpath',
    payloadAware: x.payloadAware,
    evaluate: (ctx) => value(x.run(ctx)),
    evaluateTyped: (ctx) => value(x.run(ctx)),
    evaluateString: (ctx) => synapseXPathString(value(x.run(ctx, true)), text),
    evaluateBoolean: (ctx) => xp1Boolean(x.run(ctx)),
    evaluateNodes: (ctx) => x.run(ctx).filter(isNode),
    tryEvaluate(ctx) {
      try {
        return { ok: true, value: value(x.run(ctx)) };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
  };
}

/**
 * A value for the engine: a computed JavaDouble becomes its plain number (mediators read objects as JSON or XML);
 * a number read from JSON with its text (JsonDecimal: 10.0) stays as it is, so that it is written as it came.
 */
function plain(v: unknown): unknown {
  if (v instanceof JsonDecimal || v instanceof JavaLong) {
    // a JSON number Gson hands out as it is (an array item) or a Long of a path function (.length()): a plain
    // number unless its text says more than JavaScript's number does
    const n = v.valueOf();
    return (v instanceof JsonDecimal ? v.text === String(n) : Number.isSafeInteger(n)) ? n : v;
  }
  return v instanceof JavaDouble ? v.valueOf() : v;
}

/** The string MI makes of a json-eval / Synapse-expression value. */
function jsonString(v: unknown): string {
  return synapseValueString(v);
}

/** A filter's test of a json-eval / `${...}` result: Boolean.parseBoolean of its string ("TRUE" too; ["true"] not). */
function jsonBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.length === 4 && v.toLowerCase() === 'true';
  return false;
}

function nodesOf(v: unknown): slimdom.Node[] {
  if (isNode(v)) return [v];
  if (Array.isArray(v)) return v.filter(isNode);
  return [];
}

function compileJsonPath(text: string, wrapped: boolean, namespaces: Namespaces = {}): CompiledExpression {
  let path = text.trim();
  let base = text.length - text.trimStart().length;
  if (wrapped) {
    const r = innerRange(text, 'jsonpath');
    // MI (SynapsePathFactory.getSynapsePath) drops the last character whatever it is: an unclosed
    // `json-eval($.a.b` deploys and evaluates `$.a.` (a trailing '.' is then dropped, as SynapseJsonPath does)
    path = text.slice(r.start, r.closed ? r.end : Math.max(r.start, r.end - 1));
    base = r.start;
  }
  const parsed = parseJsonPath(path, base);
  const errors = parsed.errors.filter((e) => e.severity === 'error');
  if (!parsed.tree || errors.length) compileError(text, errors.length ? errors : parsed.errors);
  const { holes, segmentsFor } = dynamicPath(path, namespaces);
  const segments = parsed.tree.segments;
  // Jayway's read as SynapseJsonPath runs it: its errors (no value), and a number read by name unwrapped as
  // GsonJsonProvider.getMapValue does (12.50 -> 12.5, 1e3 -> 1000; an array item by index keeps its text)
  const hooksFor = navHooks(true);
  const directRead = holes.length ? undefined : directPath(segments);
  const last = segments[segments.length - 1];
  const lastByIndex = last?.kind === 'index' && typeof last.indexes[0] === 'number';
  const direct =
    directRead &&
    ((json: unknown): unknown => {
      const v = directRead(json);
      return typeof v === 'number' || v instanceof Number ? gsonLeaf(v, lastByIndex) : v;
    });
  const property = parsed.tree.property;
  const wholeBody = segments.length === 0 && !property && holes.length === 0;
  // the JSON a path runs on: the payload, or a property holding JSON (json-eval($ctx:name...))
  const source = (ctx: EvalContext): unknown => {
    if (!property) return ctx.json();
    const v =
      property.scope === 'trp'
        ? ctx.header(property.name)
        : ctx.getProperty(property.name, property.scope === 'ctx' ? 'default' : 'axis2');
    if (typeof v !== 'string') return v ?? undefined;
    try {
      return keepLongDigits(parseJsonText(v), v);
    } catch {
      return v;
    }
  };
  const read = (ctx: EvalContext, json: unknown): unknown => {
    if (direct) return direct(json);
    const segs = holes.length ? segmentsFor(ctx) : segments;
    if (!segs) return undefined; // the filled-in path is no JSONPath
    return navigate(json, segs, hooksFor(ctx)).value;
  };
  const run = (ctx: EvalContext): unknown => {
    const json = source(ctx);
    if (json === undefined) return undefined;
    const v = gsonFormat(read(ctx, json));
    // an integer beyond 2^53, alone or inside an object or array read whole: its digits read from the payload
    // text once (Jayway's Gson gives a Long, and writes an object's numbers as they came)
    if (!property && ctx.payloadText) {
      if (
        lossyInteger(v)
          ? recordLongDigits(json, ctx.payloadText())
          : typeof v === 'object' && v !== null && recordLongDigitsOf(json, v, () => ctx.payloadText?.())
      )
        return gsonFormat(read(ctx, json));
    }
    return v;
  };
  const safe = (ctx: EvalContext): unknown => {
    try {
      return run(ctx);
    } catch (e) {
      if (e instanceof SynapseEvalFailure || e instanceof NavError || unreadableJson(e)) return undefined;
      throw e;
    }
  };
  const jaywayRaw = (ctx: EvalContext): unknown => {
    let v: unknown;
    try {
      v = run(ctx);
    } catch (e) {
      if (e instanceof NavError || e instanceof SynapseEvalFailure || unreadableJson(e))
        throw new MediationError(0, (e as Error).message);
      throw e;
    }
    if (v === undefined) {
      // where the quick read of a plain path found nothing, the navigator tells which step Jayway refuses
      try {
        if (direct) navigate(source(ctx), segments, hooksFor(ctx));
      } catch (e) {
        if (e instanceof NavError) throw new MediationError(0, e.message);
        throw e;
      }
      // a definite path that selects nothing (EvaluationContextImpl.getValue)
      throw new MediationError(0, `No results for path: ${jaywayPathText(segments)}`);
    }
    return v;
  };
  const jaywayRead = (ctx: EvalContext): unknown => plain(jaywayRaw(ctx));
  /**
   * json-eval($ctx:p.a) (and $trp:, $axis2:): SynapseJsonPath.stringValueOf(String) reads the property's text with
   * no try/catch, so Jayway's errors fail the mediator (an unset property: "json can not be null or empty");
   * `$ctx:p` alone is the property's text as it is (isWholeBody).
   */
  const propertyString = (ctx: EvalContext): string => {
    const raw =
      property!.scope === 'trp'
        ? ctx.header(property!.name)
        : ctx.getProperty(property!.name, property!.scope === 'ctx' ? 'default' : 'axis2');
    const text = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : undefined;
    // `$ctx:p` alone answers the text before Jayway reads anything (isWholeBody): "" for an unset property
    if (segments.length === 0 && text !== undefined) return text;
    if (text === '') throw new MediationError(0, 'json can not be null or empty');
    return jsonString(jaywayRaw(ctx));
  };
  return {
    text,
    kind: 'jsonpath',
    payloadAware: property === undefined || holes.some((h) => h.expression.payloadAware),
    evaluate: (ctx) => plain(safe(ctx)),
    evaluateJayway: jaywayRead,
    evaluateTyped: safe,
    evaluateString: wholeBody
      ? (ctx) => {
          // json-eval($) / json-eval($.): MI answers the JSON body as it is (SynapseJsonPath isWholeBody)
          const t = ctx.payloadText?.();
          if (typeof t === 'string' && /^\s*[[{]/.test(t)) return t;
          try {
            const v = run(ctx);
            // a JSON body that is one value ("text", 42, true, null) is MI's <jsonValue> element, whose JSON stream is
            // its text as it came (JsonUtil.toJsonStream writes element.getText()): the quotes of a string too
            if (
              typeof t === 'string' &&
              t !== '' &&
              (v === null ||
                typeof v === 'string' ||
                typeof v === 'number' ||
                typeof v === 'boolean' ||
                v instanceof Number)
            )
              return t;
            return jsonString(v);
          } catch (e) {
            // a JSON body that does not parse is answered as the text it is (SynapseJsonPath reads the stream)
            if (unreadableJson(e) && typeof t === 'string') return t;
            if (e instanceof SynapseEvalFailure || e instanceof NavError || unreadableJson(e)) return '';
            throw e;
          }
        }
      : property && holes.length === 0
        ? propertyString
        : (ctx) => jsonString(safe(ctx)),
    // (Boolean.parseBoolean of stringValueOf)
    evaluateBoolean:
      property && holes.length === 0
        ? (ctx) => jsonBoolean(propertyString(ctx))
        : (ctx) => jsonBoolean(safe(ctx)),
    evaluateNodes: () => [],
    tryEvaluate(ctx) {
      try {
        const value = run(ctx);
        return value === undefined ? { ok: false, error: `no value at ${path}` } : { ok: true, value };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    },
  };
}

/**
 * SynapseJsonPath.formatJsonPathResponse: an object read whole that has a member named "members" (else "elements")
 * is taken to be Gson's own fields printed by Jayway, and that member's value is the answer.
 */
function gsonFormat(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  if (Object.prototype.hasOwnProperty.call(v, 'members')) return jsonAt(v, 'members');
  if (Object.prototype.hasOwnProperty.call(v, 'elements')) return jsonAt(v, 'elements');
  return v;
}

/**
 * `{xpath}` / `{json-eval(...)}` inside a JSONPath: filled in per message, then the path is read (MI compiles the
 * JSONPath again each time; here each distinct text is read once).
 */
function dynamicPath(
  path: string,
  namespaces: Namespaces,
): {
  holes: { text: string; expression: CompiledExpression }[];
  segmentsFor(ctx: EvalContext): readonly JsonPathSegment[] | null;
} {
  const holes = [...path.matchAll(JSONPATH_DYNAMIC_VALUE)].map((m) => ({
    text: m[0],
    expression: compileExpression(m[0].slice(1, -1), namespaces),
  }));
  const dynamicSegments = new Map<string, readonly JsonPathSegment[] | null>();
  const segmentsFor = (ctx: EvalContext): readonly JsonPathSegment[] | null => {
    let t = path;
    for (const h of holes) t = t.split(h.text).join(h.expression.evaluateString(ctx));
    let segs = dynamicSegments.get(t);
    if (segs === undefined) {
      const r = parseJsonPath(t);
      segs = r.tree && !r.errors.some((e) => e.severity === 'error') ? r.tree.segments : null;
      if (dynamicSegments.size >= 64) dynamicSegments.clear();
      dynamicSegments.set(t, segs);
    }
    return segs;
  };
  return { holes, segmentsFor };
}

/** The navigator's hooks for one message: filters, computed keys and arguments, each node compiled once. */
function navHooks(jayway = false): (ctx: EvalContext) => NavHooks {
  // filters are Jayway's wherever a JSONPath is read (json-eval, enrich's delete)
  const filterCompiler = new SynapseCompiler({ filter: true, jayway: true });
  // weak: a dynamic path makes new filter nodes for each distinct text
  const filterFns = new WeakMap<object, (env: { ctx: EvalContext; current: unknown }) => unknown>();
  const fnFor = (n: Parameters<SynapseCompiler['compile']>[0]) => {
    let f = filterFns.get(n);
    if (!f) {
      f = filterCompiler.compile(n);
      filterFns.set(n, f);
    }
    return f;
  };
  return (ctx) => ({
    filter: (cond, item) => {
      try {
        const v = fnFor(cond)({ ctx, current: item });
        // Jayway: a bare [?(@.x)] tests that x exists (null too)
        if (isExistsCheck(cond)) return v !== undefined;
        return v !== undefined && v !== null && v !== false;
      } catch (e) {
        if (e instanceof SynapseEvalFailure || e instanceof NavError) return false;
        throw e;
      }
    },
    key: (expr) => fnFor(expr)({ ctx, current: undefined }),
    args: (args) => args.map((a) => fnFor(a)({ ctx, current: undefined })),
    ...(jayway ? { jayway: true, leaf: gsonLeaf } : {}),
  });
}

/** A JSONPath compiled for changing a JSON value in place (enrich's remove): Jayway's read and its locations. */
export interface JsonPathEdit {
  readonly text: string;
  /** `$` or `$.`: the whole document. */
  readonly whole: boolean;
  /** Jayway's read: the value of a definite path (undefined when nothing is there), the matches of another. */
  read(ctx: EvalContext, json: unknown): { value: unknown; multi: boolean };
  /** Where the path's matches are (see deleteRefs). */
  locate(ctx: EvalContext, json: unknown): JsonRef[];
}

/** Compiles a bare JSONPath (`$.a[*].b`, `a.b` read as `$.a.b`) for JsonPathEdit; throws ExpressionCompileError. */
export function compileJsonPathEdit(path: string, namespaces: Namespaces = {}): JsonPathEdit {
  const text = path.trim();
  const parsed = parseJsonPath(text);
  const errors = parsed.errors.filter((e) => e.severity === 'error');
  if (!parsed.tree || errors.length) compileError(text, errors.length ? errors : parsed.errors);
  if (parsed.tree.property)
    compileError(text, [
      {
        code: 'EXPR_JSONPATH_SYNTAX',
        message: 'a path into a property cannot be changed',
        span: parsed.tree.property.span,
        severity: 'error',
      },
    ]);
  const { holes, segmentsFor } = dynamicPath(text, namespaces);
  const fixed = parsed.tree.segments;
  const hooksFor = navHooks();
  const segs = (ctx: EvalContext): readonly JsonPathSegment[] => {
    const s = holes.length ? segmentsFor(ctx) : fixed;
    if (!s) throw new NavError(`the path '${text}' filled in is no JSONPath`);
    return s;
  };
  return {
    text,
    whole: text === '$' || text === '$.',
    read: (ctx, json) => navigate(json, segs(ctx), hooksFor(ctx)),
    locate: (ctx, json) => locate(json, segs(ctx), hooksFor(ctx)),
  };
}

function compileSynapse(text: string, namespaces: Namespaces): CompiledExpression {
  const r = innerRange(text, 'synapse');
  if (!r.closed)
    compileError(text, [
      {
        code: 'EXPR_SYNAPSE_SYNTAX',
        message: '${ is not closed with }.',
        span: { start: text.length, end: text.length },
        severity: 'error',
      },
    ]);
  const inner = text.slice(r.start, r.end);
  const parsed = parseSynapseExpression(inner, r.start);
  const errors = parsed.errors.filter((e) => e.severity === 'error');
  if (!parsed.tree || errors.length) compileError(text, errors.length ? errors : parsed.errors);
  const compiler = new SynapseCompiler({ namespaces, source: text });
  let fn: ReturnType<SynapseCompiler['compile']>;
  try {
    fn = compiler.compile(parsed.tree);
  } catch (e) {
    // an xpath('...') argument that does not compile
    if (e instanceof ExpressionCompileError) compileError(text, e.errors);
    throw e;
  }
  const run = (ctx: EvalContext): unknown => fn({ ctx, current: undefined });
  const stripTop = javaStringNode(parsed.tree);
  const resultKind = synapseResultKind(parsed.tree);
  const topStringLiterals: string[] = [];
  const collectLiterals = (n: typeof parsed.tree): void => {
    if (n?.type === 'se-literal' && typeof n.value === 'string')
      topStringLiterals.push(text.slice(n.span.start, n.span.end));
    else if (n?.type === 'se-ternary') {
      collectLiterals(n.whenTrue);
      collectLiterals(n.whenFalse);
    }
  };
  collectLiterals(parsed.tree);
  const safe = (ctx: EvalContext): unknown => {
    try {
      return run(ctx);
    } catch (e) {
      if (e instanceof SynapseEvalFailure || e instanceof ExpressionEvalError) return undefined;
      throw e;
    }
  };
  return {
    text,
    kind: 'synapse',
    resultKind,
    ...(topStringLiterals.length ? { topStringLiterals } : {}),
    payloadAware: compiler.payloadAware,
    evaluate: (ctx) => plain(safe(ctx)),
    evaluateTyped: safe,
    // a null result (JSON null, the null literal) prints as nothing, as MI's stringValueOf does; a Java String
    // result loses one pair of surrounding quotes (asString)
    evaluateString: stripTop
      ? (ctx) => {
          const v = safe(ctx);
          return v === null ? '' : jsonString(unquoted(v));
        }
      : (ctx) => {
          const v = safe(ctx);
          return v === null ? '' : jsonString(v);
        },
    evaluateBoolean: (ctx) => jsonBoolean(safe(ctx)),
    evaluateNodes: (ctx) => nodesOf(safe(ctx)),
    tryEvaluate(ctx) {
      try {
        const value = run(ctx);
        return value === undefined
          ? { ok: false, error: `'${text}' has no value` }
          : { ok: true, value: plain(value) };
      } catch (e) {
        if (e instanceof SynapseEvalFailure || e instanceof ExpressionEvalError)
          return { ok: false, error: e.message };
        throw e;
      }
    },
  };
}

// ------------------------------------------------------------------------------------------ values and templates

/** A key-like attribute value (ValueFactory): static text, an escaped literal, or an expression. */
export interface CompiledValue {
  readonly dynamic: boolean;
  /** The static value (undefined when dynamic). */
  readonly staticValue: string | undefined;
  readonly expression: CompiledExpression | undefined;
  evaluateString(ctx: EvalContext): string;
}

export function compileValue(text: string, namespaces: Namespaces = {}): CompiledValue {
  const v = classifyValue(text);
  if (v.form !== 'dynamic') {
    const s = v.value;
    return { dynamic: false, staticValue: s, expression: undefined, evaluateString: () => s };
  }
  // ValueFactory.createSynXpath: SynapseXPathFactory.getSynapseXPath(elem, String), no failover for XPath 2.0 syntax
  const expression = compileExpression(v.expression, namespaces, { syntaxFailover: false });
  return {
    dynamic: true,
    staticValue: undefined,
    expression,
    evaluateString: (ctx) => expression.evaluateString(ctx),
  };
}

export interface CompiledTemplate {
  /** Literal text and expressions in order. `quoted`: the `${...}` was written inside double quotes ("${..}"). */
  readonly parts: ReadonlyArray<string | { expression: CompiledExpression; quoted: boolean }>;
  readonly hasExpressions: boolean;
  readonly payloadAware: boolean;
  /**
   * Renders the text. `format` decides how a value is written (default: its string form; a quoted part keeps its
   * quotes around that string).
   */
  render(ctx: EvalContext, format?: (value: unknown, quoted: boolean) => string): string;
}

/** Compiles text with inline `${...}` parts (log message, payloadFactory template, enrich inline text). */
export function compileTemplate(text: string, namespaces: Namespaces = {}): CompiledTemplate {
  const scan = findInlineExpressions(text);
  const parts: Array<string | { expression: CompiledExpression; quoted: boolean }> = [];
  let last = 0;
  for (const p of scan.parts) {
    const quoted = text[p.span.start - 1] === '"' && text[p.span.end] === '"';
    const start = quoted ? p.span.start - 1 : p.span.start;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ expression: compileExpression(text.slice(p.span.start, p.span.end), namespaces), quoted });
    last = quoted ? p.span.end + 1 : p.span.end;
  }
  if (last < text.length) parts.push(text.slice(last));
  const exprs = parts.filter(
    (p): p is { expression: CompiledExpression; quoted: boolean } => typeof p !== 'string',
  );
  return {
    parts,
    hasExpressions: exprs.length > 0,
    payloadAware: exprs.some((p) => p.expression.payloadAware),
    render(ctx, format) {
      let s = '';
      for (const p of parts) {
        if (typeof p === 'string') s += p;
        else if (format) {
          // a computed double is handed over as the text MI inserts for it ("10.0")
          const v = p.expression.evaluateTyped(ctx);
          s += format(v instanceof JavaDouble ? v.toString() : v, p.quoted);
        } else {
          // SynapseExpression.stringValueOf: an xpath(...) number is its Java Double's text ("2.0")
          const n = p.expression.text.includes('xpath(') ? p.expression.evaluateTyped(ctx) : undefined;
          const v = typeof n === 'number' ? new JavaDouble(n).toString() : p.expression.evaluateString(ctx);
          s += p.quoted ? `"${v}"` : v;
        }
      }
      return s;
    },
  };
}
