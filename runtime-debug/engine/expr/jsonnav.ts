/**
 * JSONPath navigation over plain JS values (parsed JSON), shared by `json-eval(...)` and the navigation of Synapse
 * expressions. Semantics follow Jayway JsonPath as MI uses it: a definite path (names and single indexes only)
 * gives one value or nothing; an indefinite one (wildcards, deep scan, filters, slices, unions) gives a list.
 */
import type { JsonPathSegment } from '../../../core/expressions';
import { javaDouble, javaDoubleToString, orderedKeys, stringifyJson } from './values';
import { JsonDecimal, jsonAt, storeJson } from './jsonNumber';

export interface NavHooks {
  /** Evaluates a filter condition with `@` bound to `item`. */
  filter(cond: Extract<JsonPathSegment, { kind: 'filter' }>['condition'], item: unknown): boolean;
  /** Evaluates a computed `[expr]` key. */
  key(expr: Extract<JsonPathSegment, { kind: 'expr' }>['expr']): unknown;
  /** Evaluates method arguments. */
  args(args: Extract<JsonPathSegment, { kind: 'method' }>['args']): unknown[];
  /**
   * Given, it maps each value the last step of a path selects, told whether that step read it from an array by
   * its index (else from an object by its name): Jayway's Gson provider unwraps what it reads by name
   * (getMapValue) and hands array items out as they are (getArrayIndex), which Synapse expressions type apart.
   */
  leaf?(v: unknown, byIndex: boolean): unknown;
  /**
   * Jayway's read as json-eval runs it (SynapseJsonPath: no SUPPRESS_EXCEPTIONS, no REQUIRE_PROPERTIES): where every
   * step before is definite, a property of a non-object, a missing property that is not the last step, an index or
   * slice of a non-array and a filter of a primitive throw NavError (PathNotFoundException, InvalidPathException:
   * json-eval answers ""); a last `['a','b']` merges those properties into one object (PropertyPathToken
   * multiPropertyMergeCase); functions follow FunctionPathToken (see applyJaywayMethod).
   */
  jayway?: boolean;
  /**
   * The read of a Synapse expression (`${payload…}`, `${vars…}`): PayloadAccessNode takes Jayway's value as it is,
   * so a function's string or boolean is a value (json-eval cannot print them), and null none.
   */
  jaywayValue?: boolean;
}

export class NavError extends Error {}

/**
 * A Jayway error that is not a PathNotFoundException (JsonPathException of an aggregation over nothing,
 * IndexOutOfBoundsException of first() on nothing, InvalidPathException of a filter on a primitive): json-eval
 * answers "" for it as for any other, but a Synapse expression lets it through (PayloadAccessNode catches only
 * PathNotFoundException), so the mediator fails with its message.
 */
export class JaywayFault extends NavError {}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Number) &&
    typeof (v as { nodeType?: unknown }).nodeType !== 'number'
  );
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return orderedKeys(v).map((k) => v[k]);
  return [];
}

/**
 * The members of an array or object, numbers with their JSON text (jsonAt), an object's in the order they came
 * (names like "0" too: Gson keeps the text's order).
 */
function childrenAt(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.map((_x, i) => jsonAt(v, i));
  if (isPlainObject(v)) return orderedKeys(v).map((k) => jsonAt(v, k));
  return [];
}

/** v and all values inside it, in document order (pre-order). */
function selfAndDescendants(v: unknown, out: unknown[]): void {
  out.push(v);
  for (const c of children(v)) if (typeof c === 'object' && c !== null) selfAndDescendants(c, out);
}

function isDefinite(seg: JsonPathSegment): boolean {
  if (seg.deep) return false;
  if (seg.kind === 'name' || seg.kind === 'expr' || seg.kind === 'method') return true;
  if (seg.kind === 'index') return seg.indexes.length === 1;
  return false;
}

function applyOne(v: unknown, seg: JsonPathSegment, out: unknown[], hooks: NavHooks, last = false): void {
  const leaf = last ? hooks.leaf : undefined;
  const from = out.length;
  applyStep(v, seg, out, hooks);
  // what a step reads from an array by index, and from an object by name (see NavHooks.leaf): only numbers change
  if (leaf) {
    const byIndex = Array.isArray(v);
    for (let i = from; i < out.length; i++) {
      const x = out[i];
      if (x !== v && (typeof x === 'number' || x instanceof Number)) out[i] = leaf(x, byIndex);
    }
  }
}

function applyStep(v: unknown, seg: JsonPathSegment, out: unknown[], hooks: NavHooks): void {
  switch (seg.kind) {
    case 'name':
      if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, seg.name))
        out.push(jsonAt(v, seg.name));
      else if (v instanceof Map && v.has(seg.name)) out.push(v.get(seg.name));
      return;
    case 'wildcard':
      out.push(...childrenAt(v));
      return;
    case 'index':
      for (const k of seg.indexes) {
        if (typeof k === 'number') {
          if (Array.isArray(v)) {
            const i = k < 0 ? v.length + k : k;
            if (i >= 0 && i < v.length) out.push(jsonAt(v, i));
          }
        } else if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, k)) out.push(jsonAt(v, k));
        else if (v instanceof Map && v.has(k)) out.push(v.get(k));
      }
      return;
    case 'slice':
      slice(v, seg.start, seg.end, seg.step, out);
      return;
    case 'exprslice':
      slice(v, sliceBound(seg.start, hooks), sliceBound(seg.end, hooks), sliceBound(seg.step, hooks), out);
      return;
    case 'exprs':
      for (const e of seg.exprs) pick(v, hooks.key(e), out);
      return;
    case 'filter':
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item = jsonAt(v, i);
          if (hooks.filter(seg.condition, item)) out.push(item);
        }
      } else if (isPlainObject(v) && hooks.filter(seg.condition, v)) out.push(v);
      return;
    case 'expr':
      pick(v, hooks.key(seg.expr), out);
      return;
    case 'method':
      return;
  }
}

/**
 * `[k]` with a computed k: the index (negatives from the end) of an array for a number, the own key of an object
 * for a string; undefined when it selects nothing.
 */
/** A computed slice bound (`[(expr):…]`): an integer, or absent. */
function sliceBound(
  e: Extract<JsonPathSegment, { kind: 'exprslice' }>['start'],
  hooks: NavHooks,
): number | undefined {
  if (!e) return undefined;
  const k = hooks.key(e);
  const n = typeof k === 'number' ? k : k instanceof Number ? k.valueOf() : NaN;
  if (!Number.isInteger(n)) throw new NavError('a slice bound must be an integer');
  return n;
}

function keyIn(v: unknown, k: unknown): string | number | undefined {
  if (k instanceof Number) k = k.valueOf();
  if (typeof k === 'number' && Array.isArray(v)) {
    const i = k < 0 ? v.length + k : k;
    return Number.isInteger(i) && i >= 0 && i < v.length ? i : undefined;
  }
  if (typeof k === 'string' && isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, k)) return k;
  return undefined;
}

/** `[k]` with a computed k (see keyIn); a Map-held value (a call result) is read by its string key too. */
function pick(v: unknown, k: unknown, out: unknown[]): void {
  const key = keyIn(v, k);
  if (key !== undefined) out.push(jsonAt(v as object, key));
  else if (typeof k === 'string' && v instanceof Map && v.has(k)) out.push(v.get(k));
}

/** `[start:end:step]` over an array (Jayway: bounds clamp, negatives count from the end). */
function slice(
  v: unknown,
  from: number | undefined,
  to: number | undefined,
  stepArg: number | undefined,
  out: unknown[],
): void {
  if (!Array.isArray(v)) return;
  for (const i of sliceIndexes(v.length, from, to, stepArg)) out.push(jsonAt(v, i));
}

function numbers(v: unknown, name: string): number[] {
  if (!Array.isArray(v)) throw new NavError(`.${name}() needs an array`);
  return v.map((x) => {
    const n =
      typeof x === 'number'
        ? x
        : x instanceof Number
          ? x.valueOf()
          : typeof x === 'string' && x.trim() !== ''
            ? Number(x)
            : NaN;
    if (Number.isNaN(n)) throw new NavError(`.${name}() needs numbers`);
    return n;
  });
}

export function applyMethod(name: string, v: unknown, args: unknown[]): unknown {
  switch (name) {
    case 'length':
    case 'size':
      if (Array.isArray(v) || typeof v === 'string') return v.length;
      if (isPlainObject(v)) return Object.keys(v).length;
      throw new NavError(`.${name}() needs an array`);
    case 'min':
    case 'max': {
      const ns = numbers(v, name);
      if (ns.length === 0) throw new NavError(`.${name}() of an empty array`);
      return javaDouble(name === 'min' ? Math.min(...ns) : Math.max(...ns));
    }
    // Jayway's numeric functions answer doubles (sum of [1,2,3] prints 6.0)
    case 'sum':
      return javaDouble(numbers(v, name).reduce((a, b) => a + b, 0));
    case 'avg': {
      const ns = numbers(v, name);
      if (ns.length === 0) throw new NavError('.avg() of an empty array');
      return javaDouble(ns.reduce((a, b) => a + b, 0) / ns.length);
    }
    case 'stddev': {
      const ns = numbers(v, name);
      if (ns.length === 0) throw new NavError('.stddev() of an empty array');
      const m = ns.reduce((a, b) => a + b, 0) / ns.length;
      return javaDouble(Math.sqrt(ns.reduce((a, b) => a + (b - m) * (b - m), 0) / ns.length));
    }
    case 'keys':
      if (isPlainObject(v)) return orderedKeys(v);
      throw new NavError('.keys() needs an object');
    case 'first':
    case 'last':
      if (!Array.isArray(v) || v.length === 0) throw new NavError(`.${name}() needs a non-empty array`);
      return jsonAt(v, name === 'first' ? 0 : v.length - 1);
    case 'concat': {
      const items = Array.isArray(v) ? v : [v];
      return [...items, ...args].map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('');
    }
    case 'append':
      if (!Array.isArray(v)) throw new NavError('.append() needs an array');
      return [...childrenAt(v), ...args];
    default:
      throw new NavError(`unknown path function .${name}()`);
  }
}

/**
 * Applies segments to a value. Returns the single value (or undefined) for a definite path, or the list of
 * matches for an indefinite one (`multi` true).
 */
export function navigate(
  base: unknown,
  segments: readonly JsonPathSegment[],
  hooks: NavHooks,
): { value: unknown; multi: boolean } {
  let cur: unknown[] = base === undefined ? [] : [base];
  let multi = false;
  const lastAt = segments.length - 1;
  for (let at = 0; at <= lastAt; at++) {
    const seg = segments[at]!;
    const last = at === lastAt;
    if (seg.kind === 'method' && hooks.jayway) {
      // FunctionPathToken: `$..x.fn()` reads as `$.fn($..x)` (CompiledPath.invertScannerFunctionRelationship);
      // otherwise the function runs on each value the steps before select
      if (last && at > 0 && segments[0]!.deep) {
        const matches = navigate(base, segments.slice(0, at), { ...hooks, leaf: undefined })
          .value as unknown[];
        const r = jaywayFunction(seg.name, base, hooks.args(seg.args), matches, hooks.leaf);
        cur = [hooks.jaywayValue ? r : printable(r)];
        multi = false;
        continue;
      }
      const args = hooks.args(seg.args);
      if (!multi && cur.length === 0) return { value: undefined, multi: false };
      cur = cur.map((v) => jaywayFunction(seg.name, v, args, undefined, hooks.leaf));
      if (!multi) cur = [hooks.jaywayValue ? cur[0] : printable(cur[0])];
      continue;
    }
    if (seg.kind === 'method') {
      const input = multi ? cur : cur[0];
      if (input === undefined) return { value: undefined, multi: false };
      cur = [applyMethod(seg.name, input, hooks.args(seg.args))];
      multi = false;
      continue;
    }
    const next: unknown[] = [];
    if (hooks.jayway && !seg.deep) {
      if (!multi && cur.length === 1) jaywayStep(cur[0], seg, last, segments, at);
      // a last ['a','b'] merges those members of each object into one object (a definite step)
      if (
        last &&
        seg.kind === 'index' &&
        seg.indexes.length > 1 &&
        seg.indexes.every((k) => typeof k === 'string')
      ) {
        cur = cur.filter(isPlainObject).map((v) => {
          const merged: Record<string, unknown> = {};
          for (const k of seg.indexes as string[])
            if (Object.prototype.hasOwnProperty.call(v, k))
              merged[k] = hooks.leaf ? hooks.leaf(jsonAt(v, k), false) : jsonAt(v, k);
          return merged;
        });
        continue;
      }
    }
    if (seg.deep) {
      const all: unknown[] = [];
      for (const v of cur) selfAndDescendants(v, all);
      if (seg.kind === 'name' || seg.kind === 'wildcard') {
        const flat = { ...seg, deep: false };
        for (const v of all) applyOne(v, flat, next, hooks, last);
      } else {
        for (const v of all)
          if (Array.isArray(v) || seg.kind === 'filter') applyOne(v, seg, next, hooks, last);
      }
    } else {
      for (const v of cur) applyOne(v, seg, next, hooks, last);
    }
    if (!isDefinite(seg)) multi = true;
    cur = next;
  }
  return multi ? { value: cur, multi } : { value: cur[0], multi };
}

/** A step as Jayway writes it in its messages (PathToken.getPathFragment). */
function fragment(seg: JsonPathSegment): string {
  const deep = seg.deep ? '..' : '';
  switch (seg.kind) {
    case 'name':
      return `${deep}['${seg.name}']`;
    case 'index':
      return `${deep}[${seg.indexes.map((k) => (typeof k === 'number' ? String(k) : `'${k}'`)).join(',')}]`;
    case 'wildcard':
      return `${deep}[*]`;
    case 'slice':
      return `${deep}[${seg.start ?? ''}:${seg.end ?? ''}]`;
    case 'filter':
      return `${deep}[?]`;
    case 'method':
      return `.${seg.name}()`;
    default:
      return `${deep}[]`;
  }
}

/** The path as Jayway prints it (CompiledPath.toString): `$['a'][0]`. */
export function jaywayPathText(segments: readonly JsonPathSegment[]): string {
  return '$' + segments.map(fragment).join('');
}

/**
 * A value as the Java class Jayway names in its messages: the model a step got, unwrapped when it was read by name
 * (GsonJsonProvider.getMapValue), Gson's own element when read from an array by index (getArrayIndex).
 */
function javaClassOf(v: unknown, byIndex: boolean): string {
  if (Array.isArray(v)) return 'com.google.gson.JsonArray';
  if (byIndex)
    return v === null || v === undefined ? 'com.google.gson.JsonNull' : 'com.google.gson.JsonPrimitive';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (isPlainObject(v)) return 'com.google.gson.JsonObject';
  return unwrapped(v).cls;
}

/**
 * A JSON number as GsonJsonProvider.unwrapNumber makes it (new BigDecimal(text)): without a fraction (scale <= 0)
 * an Integer, a Long, else the BigDecimal; with one a Double. Its class and how Java prints it.
 */
function unwrapped(v: unknown): { cls: string; text: string } {
  const text = String(v);
  const m = /^-?\d+(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const n = Number(text);
  const scale = m ? (m[1] ?? '').length - Number(m[2] ?? 0) : Number.isInteger(n) ? 0 : 1;
  if (scale > 0) return { cls: 'java.lang.Double', text: javaDoubleToString(n || 0) };
  const digits = BigInt(Math.round(n)).toString();
  if (Math.abs(n) <= 2147483647) return { cls: 'java.lang.Integer', text: digits };
  return {
    cls: Math.abs(n) <= 9223372036854775807 ? 'java.lang.Long' : 'java.math.BigDecimal',
    text: digits,
  };
}

/**
 * One step of Jayway's read where the steps before are definite (NavHooks.jayway): throws NavError, with Jayway's
 * message, where Jayway throws (PathToken.handleObjectProperty, PropertyPathToken, ArrayPathToken.checkArrayModel,
 * PredicatePathToken).
 */
/** Whether the model of step `at` is Gson's element as it is: the root, or an item read from an array by index. */
function elementAt(segments: readonly JsonPathSegment[], at: number): boolean {
  const prev = segments[at - 1];
  // (a JSON null is then JsonNull, a string prints quoted)
  return at === 0 || (prev?.kind === 'index' && typeof prev.indexes[0] === 'number');
}

function jaywayStep(
  v: unknown,
  seg: JsonPathSegment,
  last: boolean,
  segments: readonly JsonPathSegment[],
  at: number,
): void {
  if (seg.kind === 'name' || (seg.kind === 'index' && typeof seg.indexes[0] === 'string')) {
    if (v instanceof Map) return;
    if (!isPlainObject(v))
      throw new NavError(
        `Expected to find an object with property ${fragment(seg)} in path ${jaywayPathText(segments.slice(0, at))} ` +
          `but found '${javaClassOf(v, elementAt(segments, at))}'. ` +
          "This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
      );
    const name =
      seg.kind === 'name' ? seg.name : seg.indexes.length === 1 ? (seg.indexes[0] as string) : undefined;
    if (name !== undefined && !last && !Object.prototype.hasOwnProperty.call(v, name))
      throw new NavError(`Missing property in path ${jaywayPathText(segments.slice(0, at))}['${name}']`);
    return;
  }
  if (seg.kind === 'index' || seg.kind === 'slice' || seg.kind === 'exprslice') {
    if (v === null && !elementAt(segments, at))
      throw new NavError(`The path ${jaywayPathText(segments.slice(0, at))} is null`);
    if (!Array.isArray(v))
      throw new NavError(
        `Filter: ${segments.slice(at).map(fragment).join('')} can only be applied to arrays. ` +
          `Current context is: ${jaywayText(v, elementAt(segments, at))}`,
      );
  }
  if (seg.kind === 'filter' && !Array.isArray(v) && !isPlainObject(v))
    throw new JaywayFault(
      `Filter: ${segments.slice(at).map(fragment).join('')} can not be applied to primitives. ` +
        `Current context is: ${jaywayText(v, elementAt(segments, at))}`,
    );
}

/**
 * A model as Java's toString prints it in Jayway's messages: Gson's JSON for objects and arrays, and for a Gson
 * element (the root, an array item) a string quoted; an unwrapped value as Java prints it.
 */
function jaywayText(v: unknown, element: boolean): string {
  if (typeof v === 'string') return element ? JSON.stringify(v) : v;
  if (v === null || v === undefined) return 'null';
  if (!element && (typeof v === 'number' || v instanceof Number)) return unwrapped(v).text;
  return stringifyJson(v);
}

/** A number as Jayway's Gson provider unwraps it (Number items only: a numeric string is no number). */
function jaywayNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (x instanceof Number) return x.valueOf();
  return undefined;
}

/**
 * A path function as Jayway 2.9/2.10 runs it on `model` (json-eval): length/size of an array or object (else no
 * value: null); min/max/sum/avg/stddev of the numbers among an array's items, and of the matches of `$..x` when
 * inverted (AbstractAggregation: none is an error); first/last (an item, read as Gson unwraps it); the others as
 * applyMethod. What json-eval cannot print (a string, a boolean, null: SynapseJsonPath.formatJsonPathResponse casts
 * it to a JsonElement) is no value.
 */
function jaywayFunction(
  name: string,
  model: unknown,
  args: unknown[],
  inverted: unknown[] | undefined,
  leaf: NavHooks['leaf'],
): unknown {
  let r: unknown;
  switch (name) {
    case 'length':
    case 'size':
      if (inverted) {
        // Length appends [*] to its parameter path: the children of every match
        let n = 0;
        for (const m of inverted)
          n += Array.isArray(m) ? m.length : isPlainObject(m) ? Object.keys(m).length : 0;
        r = n;
      } else
        r = Array.isArray(model) ? model.length : isPlainObject(model) ? Object.keys(model).length : null;
      break;
    case 'min':
    case 'max':
    case 'sum':
    case 'avg':
    case 'stddev': {
      const ns: number[] = [];
      if (Array.isArray(model))
        for (const x of model) if (jaywayNumber(x) !== undefined) ns.push(jaywayNumber(x)!);
      if (inverted) for (const x of inverted) if (jaywayNumber(x) !== undefined) ns.push(jaywayNumber(x)!);
      if (ns.length === 0)
        throw new JaywayFault('Aggregation function attempted to calculate value using empty array');
      let sum = 0;
      let sumSq = 0;
      for (const x of ns) {
        sum += x;
        sumSq += x * x;
      }
      const c = ns.length;
      // a Double: in a list of per-match results too, Gson writes it as Java prints it (1500.0)
      const d = javaDouble(
        // Min and Max start from Double.MAX_VALUE and Double.MIN_VALUE (the least positive double: the max of
        // negative numbers is 4.9E-324)
        name === 'min'
          ? Math.min(Number.MAX_VALUE, ...ns)
          : name === 'max'
            ? Math.max(Number.MIN_VALUE, ...ns)
            : name === 'sum'
              ? sum
              : name === 'avg'
                ? sum / c
                : Math.sqrt(sumSq / c - (sum * sum) / c / c),
      );
      r = Number.isFinite(d.valueOf()) ? new JsonDecimal(javaDoubleToString(d.valueOf())) : d;
      break;
    }
    case 'first':
    case 'last': {
      // AbstractSequenceAggregation: an array only; last() needs two items (realIndex > 0)
      if (!Array.isArray(model))
        throw new JaywayFault('Aggregation function attempted to calculate value using empty array');
      const n = model.length;
      if (name === 'first' && n < 1) throw new JaywayFault('Index 0 out of bounds for length 0');
      if (name === 'last' && n < 2) throw new JaywayFault(`Target index:-1 larger than object count:${n}`);
      const x = jsonAt(model as unknown[], name === 'first' ? 0 : n - 1);
      r = leaf ? leaf(x, false) : x;
      break;
    }
    case 'keys':
      r = isPlainObject(model) ? orderedKeys(model) : null;
      break;
    default:
      r = applyMethod(name, model, args);
  }
  return r === undefined ? null : r;
}

/** A function's value json-eval can print: a string, a boolean or null is none (see jaywayFunction). */
function printable(r: unknown): unknown {
  if (r === null || r === undefined || typeof r === 'string' || typeof r === 'boolean')
    throw new NavError('the path function gives no JSON value');
  return r;
}

// ------------------------------------------------------------------------------------- locations (for deleting)

/** Where a JSONPath match lives: `holder[key]` (holder undefined: the root itself). */
export interface JsonRef {
  holder: object | undefined;
  key: string | number;
  value: unknown;
}

/** The indexes `[start:end:step]` takes from an array of length n (as slice() walks them). */
function sliceIndexes(
  n: number,
  from: number | undefined,
  to: number | undefined,
  stepArg: number | undefined,
): number[] {
  const step = stepArg ?? 1;
  if (step === 0) throw new NavError('slice step cannot be 0');
  const out: number[] = [];
  const norm = (x: number | undefined, d: number): number =>
    x === undefined ? d : x < 0 ? Math.max(0, n + x) : Math.min(n, x);
  if (step > 0) for (let i = norm(from, 0); i < norm(to, n); i += step) out.push(i);
  else {
    const start = from === undefined ? n - 1 : from < 0 ? n + from : Math.min(n - 1, from);
    const end = to === undefined ? -1 : to < 0 ? n + to : to;
    for (let i = start; i > end; i += step) out.push(i);
  }
  return out;
}

function refAt(holder: object, key: string | number): JsonRef {
  return { holder, key, value: jsonAt(holder, key) };
}

function refPick(r: JsonRef, k: unknown, out: JsonRef[]): void {
  const key = keyIn(r.value, k);
  if (key !== undefined) out.push(refAt(r.value as object, key));
}

function applyRef(r: JsonRef, seg: JsonPathSegment, out: JsonRef[], hooks: NavHooks): void {
  const v = r.value;
  switch (seg.kind) {
    case 'name':
      if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, seg.name)) out.push(refAt(v, seg.name));
      return;
    case 'wildcard':
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(refAt(v, i));
      else if (isPlainObject(v)) for (const k of Object.keys(v)) out.push(refAt(v, k));
      return;
    case 'index':
      for (const k of seg.indexes) refPick(r, k, out);
      return;
    case 'slice':
    case 'exprslice': {
      if (!Array.isArray(v)) return;
      let b: (number | undefined)[];
      if (seg.kind === 'slice') b = [seg.start, seg.end, seg.step];
      else b = [sliceBound(seg.start, hooks), sliceBound(seg.end, hooks), sliceBound(seg.step, hooks)];
      for (const i of sliceIndexes(v.length, b[0], b[1], b[2])) out.push(refAt(v, i));
      return;
    }
    case 'exprs':
      for (const e of seg.exprs) refPick(r, hooks.key(e), out);
      return;
    case 'expr':
      refPick(r, hooks.key(seg.expr), out);
      return;
    case 'filter':
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++)
          if (hooks.filter(seg.condition, jsonAt(v, i))) out.push(refAt(v, i));
      } else if (isPlainObject(v) && hooks.filter(seg.condition, v)) out.push(r);
      return;
    case 'method':
      throw new NavError(`a path ending in .${seg.name}() selects no location`);
  }
}

function selfAndDescendantRefs(r: JsonRef, out: JsonRef[]): void {
  out.push(r);
  const v = r.value;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++)
      if (typeof v[i] === 'object' && v[i] !== null) selfAndDescendantRefs(refAt(v, i), out);
  } else if (isPlainObject(v))
    for (const k of Object.keys(v))
      if (typeof v[k] === 'object' && v[k] !== null) selfAndDescendantRefs(refAt(v, k), out);
}

/**
 * The locations a JSONPath selects in `base` (Jayway's update references): every match as holder + key, a filter
 * over an object selecting the object itself. Used to delete what a path selects.
 */
export function locate(base: unknown, segments: readonly JsonPathSegment[], hooks: NavHooks): JsonRef[] {
  let cur: JsonRef[] = base === undefined ? [] : [{ holder: undefined, key: '$', value: base }];
  for (const seg of segments) {
    const next: JsonRef[] = [];
    if (seg.deep) {
      const all: JsonRef[] = [];
      for (const r of cur) selfAndDescendantRefs(r, all);
      if (seg.kind === 'name' || seg.kind === 'wildcard') {
        for (const r of all) applyRef(r, { ...seg, deep: false }, next, hooks);
      } else
        for (const r of all)
          if (Array.isArray(r.value) || seg.kind === 'filter') applyRef(r, seg, next, hooks);
    } else for (const r of cur) applyRef(r, seg, next, hooks);
    cur = next;
  }
  return cur;
}

/**
 * Deletes the located values from their holders, as Jayway's delete does: object keys removed, array items
 * removed (every index of an array at once, so earlier removals do not shift later ones). The root is not deleted.
 * Numbers keep their JSON text (10.0) where they move.
 */
export function deleteRefs(refs: readonly JsonRef[]): number {
  let n = 0;
  const fromArrays = new Map<unknown[], Set<number>>();
  for (const r of refs) {
    const h = r.holder;
    if (!h) continue;
    if (Array.isArray(h)) {
      let s = fromArrays.get(h);
      if (!s) fromArrays.set(h, (s = new Set()));
      s.add(r.key as number);
    } else if (Object.prototype.hasOwnProperty.call(h, r.key)) {
      delete (h as Record<string, unknown>)[r.key];
      n++;
    }
  }
  for (const [arr, gone] of fromArrays) {
    const kept: unknown[] = [];
    for (let i = 0; i < arr.length; i++) if (!gone.has(i)) kept.push(jsonAt(arr, i));
    n += arr.length - kept.length;
    arr.length = 0;
    for (let i = 0; i < kept.length; i++) arr.push(storeJson(arr, i, kept[i]));
  }
  return n;
}
