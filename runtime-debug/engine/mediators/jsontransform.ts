/**
 * The jsontransform mediator: per-mediation overrides of the XML -> JSON conversion and/or a JSON schema that
 * corrects the types of the JSON payload (MI's JsonProcessor behaviour, our own implementation).
 *
 * - `<property name="synapse.commons.json.output.autoPrimitive|disableAutoPrimitive.regex">`,
 *   `synapse.commons.enableXmlNullForEmptyElement` and the namespace ones: the XML payload is converted to JSON with
 *   these settings (a JSON payload too, through its XML view); `...output.emptyXmlElemToEmptyStr` is read by no MI
 *   code.
 * - `schema="key"` (local entry or registry resource, static or `{expr}`): the JSON payload (or the XML payload
 *   converted to JSON) is walked along the schema: strings that hold numbers/booleans become numbers/booleans where
 *   the schema asks for them, primitives become strings where it asks for strings, a single value becomes a
 *   one-element array where it asks for an array; then the constraints are checked (required, enum, const,
 *   min/max, lengths, pattern, items, additionalProperties...). A value that cannot be corrected faults with its
 *   JSON path and a code (JSON_SCHEMA_VALIDATION); a missing or malformed schema faults too.
 * The result is the JSON payload (messageType application/json).
 *
 * This module registers after mediators/transform.ts and so replaces its simpler jsontransform (same behaviour for
 * the conversion properties, plus schema support and disableAutoPrimitive.regex).
 */
import { attrValue, childElements, type XmlElement } from '../../../core/xml';
import { registerMediator, type CompileCtx } from '../compile';
import { MediationError } from '../errors';
import { artifactLabel } from '../executor';
import type { Expr } from '../expressions';
import { jsonOutputSettings, xmlToJson } from '../jsonxml';
import { base, setMessageType } from './util';

const P = 'synapse.commons.json.output.';
const MAX_SCHEMA_DEPTH = 200;
const CODE = 'JSON_SCHEMA_VALIDATION';

interface ConvOpts {
  autoPrimitive?: boolean;
  disableRegex?: RegExp;
  emptyAsEmptyString?: boolean;
  xmlNil?: boolean;
  ncNames?: boolean;
  ns?: { preserve: boolean; decls: boolean; sep: string };
}

// ------------------------------------------------------------------ conversion overrides

const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function convert(root: import('slimdom').Element, o: ConvOpts): unknown {
  // what the mediator does not set is the server's (JsonUtil.generateJSONOutputFactoryWithOveride starts from the
  // global output factory's configuration)
  return xmlToJson(root, {
    autoPrimitive: o.autoPrimitive,
    disableRegex: o.disableRegex,
    emptyAsEmptyString: o.emptyAsEmptyString,
    xmlNil: o.xmlNil,
    ncNames: o.ncNames,
    ns: o.ns,
  });
}

// ------------------------------------------------------------------ schema correction

type Schema = Record<string, unknown>;

class SchemaViolation extends Error {}

function fail(path: string, msg: string): never {
  throw new SchemaViolation(`${path}: ${msg}`);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function typesOf(s: Schema): string[] | undefined {
  const t = s.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  if (s.properties || s.required || s.additionalProperties !== undefined) return ['object'];
  if (s.items) return ['array'];
  return undefined;
}

/** Corrects `v` along schema `s`; returns the corrected value or throws SchemaViolation. */
export function correctBySchema(v: unknown, s: unknown, path = '$', depth = 0): unknown {
  if (depth > MAX_SCHEMA_DEPTH) fail(path, 'schema or payload nested too deeply');
  if (s === true || s === undefined) return v;
  if (s === false) fail(path, 'no value is allowed here');
  if (!s || typeof s !== 'object' || Array.isArray(s)) fail(path, 'the schema is not an object');
  const schema = s as Schema;
  const types = typesOf(schema);
  let out = v;
  if (types && types.length) {
    let lastErr: Error | undefined;
    let done = false;
    for (const t of types) {
      try {
        out = coerce(v, t, schema, path, depth);
        done = true;
        break;
      } catch (e) {
        if (!(e instanceof SchemaViolation)) throw e;
        lastErr = e;
      }
    }
    if (!done) throw lastErr!;
  }
  checkGeneric(out, schema, path);
  return out;
}

function coerce(v: unknown, t: string, s: Schema, path: string, depth: number): unknown {
  switch (t) {
    case 'string':
      if (typeof v === 'string') return checkString(v, s, path);
      if (typeof v === 'number' || typeof v === 'boolean') return checkString(String(v), s, path);
      return fail(path, `expected a string but found ${show(v)}`);
    case 'integer':
    case 'number': {
      let n: number | undefined;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'string' && NUMBER_RE.test(v.trim())) n = Number(v.trim());
      if (n === undefined || !Number.isFinite(n))
        return fail(path, `expected ${t === 'integer' ? 'an integer' : 'a number'} but found ${show(v)}`);
      if (t === 'integer' && !Number.isInteger(n))
        return fail(path, `expected an integer but found ${show(v)}`);
      return checkNumber(n, s, path);
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === 'false') return v === 'true';
      return fail(path, `expected a boolean but found ${show(v)}`);
    case 'null':
      if (v === null || v === undefined || v === '' || v === 'null') return null;
      return fail(path, `expected null but found ${show(v)}`);
    case 'object':
      if (!v || typeof v !== 'object' || Array.isArray(v))
        return fail(path, `expected an object but found ${show(v)}`);
      return correctObject(v as Record<string, unknown>, s, path, depth);
    case 'array': {
      const arr = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
      return correctArray(arr, s, path, depth);
    }
    default:
      return fail(path, `unknown schema type '${t}'`);
  }
}

function checkString(v: string, s: Schema, path: string): string {
  const len = [...v].length;
  if (typeof s.minLength === 'number' && len < s.minLength) fail(path, `string shorter than ${s.minLength}`);
  if (typeof s.maxLength === 'number' && len > s.maxLength) fail(path, `string longer than ${s.maxLength}`);
  if (typeof s.pattern === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      return fail(path, `invalid pattern '${s.pattern}' in the schema`);
    }
    if (!re.test(v)) fail(path, `${show(v)} does not match the pattern '${s.pattern}'`);
  }
  return v;
}

function checkNumber(n: number, s: Schema, path: string): number {
  if (typeof s.minimum === 'number') {
    if (s.exclusiveMinimum === true ? n <= s.minimum : n < s.minimum)
      fail(path, `${n} is below the minimum ${s.minimum}`);
  }
  if (typeof s.maximum === 'number') {
    if (s.exclusiveMaximum === true ? n >= s.maximum : n > s.maximum)
      fail(path, `${n} is above the maximum ${s.maximum}`);
  }
  if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum)
    fail(path, `${n} is not above ${s.exclusiveMinimum}`);
  if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum)
    fail(path, `${n} is not below ${s.exclusiveMaximum}`);
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
    const q = n / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) fail(path, `${n} is not a multiple of ${s.multipleOf}`);
  }
  return n;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function correctObject(
  o: Record<string, unknown>,
  s: Schema,
  path: string,
  depth: number,
): Record<string, unknown> {
  const props = (s.properties && typeof s.properties === 'object' ? s.properties : {}) as Record<
    string,
    unknown
  >;
  const patterns = Object.entries(
    (s.patternProperties && typeof s.patternProperties === 'object' ? s.patternProperties : {}) as Record<
      string,
      unknown
    >,
  ).map(([p, sub]) => {
    try {
      return { re: new RegExp(p, 'u'), sub };
    } catch {
      return fail(path, `invalid patternProperties key '${p}' in the schema`);
    }
  });
  if (Array.isArray(s.required))
    for (const r of s.required)
      if (typeof r === 'string' && !(r in o)) fail(path, `required property '${r}' is missing`);
  const keys = Object.keys(o);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
    fail(path, `fewer than ${s.minProperties} properties`);
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
    fail(path, `more than ${s.maxProperties} properties`);
  for (const k of keys) {
    const p = childPath(path, k);
    let matched = false;
    if (Object.prototype.hasOwnProperty.call(props, k)) {
      o[k] = correctBySchema(o[k], props[k], p, depth + 1);
      matched = true;
    }
    for (const pp of patterns)
      if (pp.re.test(k)) {
        o[k] = correctBySchema(o[k], pp.sub, p, depth + 1);
        matched = true;
      }
    if (!matched) {
      if (s.additionalProperties === false) fail(path, `property '${k}' is not allowed`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        o[k] = correctBySchema(o[k], s.additionalProperties, p, depth + 1);
    }
  }
  return o;
}

function correctArray(arr: unknown[], s: Schema, path: string, depth: number): unknown[] {
  const items = s.items;
  const out = arr.map((x, i) => {
    const sub = Array.isArray(items) ? (i < items.length ? items[i] : s.additionalItems) : items;
    if (sub === false) fail(path, `item ${i} is not allowed`);
    return correctBySchema(x, sub, `${path}[${i}]`, depth + 1);
  });
  if (typeof s.minItems === 'number' && out.length < s.minItems) fail(path, `fewer than ${s.minItems} items`);
  if (typeof s.maxItems === 'number' && out.length > s.maxItems) fail(path, `more than ${s.maxItems} items`);
  if (s.uniqueItems === true) {
    const seen = new Set(out.map((x) => JSON.stringify(x)));
    if (seen.size !== out.length) fail(path, 'items are not unique');
  }
  return out;
}

function checkGeneric(v: unknown, s: Schema, path: string): void {
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    fail(path, `${show(v)} is not one of ${show(s.enum)}`);
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v))
    fail(path, `${show(v)} is not ${show(s.const)}`);
}

// ------------------------------------------------------------------ the mediator

const schemaCache = new Map<string, unknown>();

/** A schema MI's JsonProcessor refuses at its root (its messages, verbatim): thrown as a MediationError. */
function schemaRootError(text: string, v: unknown): string | undefined {
  if (text === '') return 'Input json and schema should not be null';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return Object.keys(v).length && !('type' in v)
      ? 'JSON schema should contain a type declaration'
      : undefined;
  }
  if (typeof v === 'boolean') return v ? undefined : 'JSON schema is false, so all validations will fail';
  return 'JSON schema should be an object or boolean';
}

function parseSchema(text: string, key: string, where: string): unknown {
  const hit = schemaCache.get(text);
  if (hit !== undefined) return hit;
  let v: unknown;
  if (text.trim() !== '') {
    try {
      v = JSON.parse(text);
    } catch (e) {
      // JsonProcessor.parseJson: ValidatorException("Invalid JSON schema"), whose message is MI's ERROR_MESSAGE
      throw new MediationError(
        0,
        'Invalid JSON schema',
        `jsontransform: Invalid JSON schema: '${key}' is not valid JSON: ${(e as Error).message} (${where})`,
        where,
      );
    }
  }
  const bad = schemaRootError(text.trim() === '' ? '' : text, v);
  if (bad) throw new MediationError(0, bad, `jsontransform: ${bad} (schema '${key}', ${where})`, where);
  if (schemaCache.size >= 100) schemaCache.delete(schemaCache.keys().next().value!);
  schemaCache.set(text, v);
  return v;
}

function nsOf(o: ConvOpts): NonNullable<ConvOpts['ns']> {
  return (o.ns ??= { preserve: false, decls: false, sep: '_', ...jsonOutputSettings().ns });
}

function compileProps(el: XmlElement, cc: CompileCtx): ConvOpts | undefined {
  const props = childElements(el).filter((c) => c.local === 'property');
  if (!props.length) return undefined;
  const o: ConvOpts = {};
  for (const p of props) {
    const name = attrValue(p, 'name') ?? '';
    const value = attrValue(p, 'value');
    if (value === undefined) {
      cc.problem(p, 'RT_MISSING_ATTRIBUTE', `jsontransform property '${name}' needs a value`);
      continue;
    }
    const flag = value.trim().toLowerCase() === 'true';
    if (name === `${P}autoPrimitive`) o.autoPrimitive = flag;
    // declared in Synapse's json Constants but read by no code (JsonUtil.generateJSONOutputFactoryWithOveride takes
    // synapse.commons.enableXmlNullForEmptyElement instead): MI ignores it, an empty element stays null
    else if (name === `${P}emptyXmlElemToEmptyStr`) continue;
    else if (name === 'synapse.commons.enableXmlNilReadWrite') o.xmlNil = flag;
    else if (name === 'synapse.commons.json.buildValidNCNames') o.ncNames = flag;
    else if (name === 'synapse.commons.json.preserve.namespace') nsOf(o).preserve = flag;
    else if (name === `${P}enableNSDeclarations`) nsOf(o).decls = flag;
    else if (name === `${P}namespaceSepChar`) nsOf(o).sep = value.trim().charAt(0) || '_';
    else if (name === 'synapse.commons.enableXmlNullForEmptyElement') o.emptyAsEmptyString = !flag;
    else if (name === `${P}disableAutoPrimitive.regex`) {
      try {
        o.disableRegex = new RegExp(`^(?:${value})$`, 's');
      } catch (e) {
        cc.problem(p, 'RT_BAD_REGEX', `Invalid regular expression '${value}': ${(e as Error).message}`);
      }
    } else
      cc.unsupported(
        p,
        `jsontransform property '${name}' is not applied by the embedded runtime`,
        'RT_SIMULATED',
      );
  }
  return o;
}

registerMediator('jsontransform', (el, cc) => {
  const schemaKey: Expr | undefined = cc.value(el, 'schema');
  const conv = compileProps(el, cc);
  const p = cc.pos(el);
  const where = `${p.file}:${p.line}`;
  return {
    ...base(el, cc, true),
    async mediate(ctx, ex) {
      const isJson = ctx.payload.kind === 'json' && !ctx.payload.soap;
      let value: unknown;
      // with properties MI converts the body's first element whatever the payload is (JSONTransformMediator:
      // JsonUtil.toJsonString of it): a JSON payload goes through its XML view, so an array of one comes back as its
      // value and autoPrimitive=false makes its numbers strings
      if (conv) {
        const root = ctx.payload.rootElement();
        value = root ? convert(root, conv) : undefined;
      } else value = isJson ? ctx.json() : ctx.payload.rootElement() ? ctx.json() : undefined;
      if (schemaKey) {
        const key = schemaKey.string(ctx);
        const text = ex.reg.resource(key);
        // AbstractMediator.handleException: MI's message logged at ERROR by the mediator's class (followed in MI by
        // the cause's stack: in ours by our account, with the place), then ERROR_MESSAGE
        const refuse = (e: MediationError): MediationError => {
          ex.log('ERROR', 'JSONTransformMediator', artifactLabel(ctx), `${e.message}\n${e.detail}`);
          return e;
        };
        if (text === undefined)
          throw refuse(
            new MediationError(
              0,
              `Schema does not exist in the specified location : ${key}`,
              `jsontransform: Schema does not exist in the specified location : ${key} (${where})`,
              where,
            ),
          );
        let schema: unknown;
        try {
          schema = parseSchema(text, key, where);
        } catch (e) {
          throw e instanceof MediationError ? refuse(e) : e;
        }
        try {
          value = correctBySchema(structuredClone(value), schema);
        } catch (e) {
          if (e instanceof SchemaViolation)
            throw new MediationError(0, `${CODE}: ${e.message} (schema '${key}', ${where})`, CODE, where);
          throw e;
        }
      }
      ctx.payload.setJson(value);
      setMessageType(ctx, 'application/json');
      return true;
    },
  };
});

export const JSONTRANSFORM_LOADED = true;
