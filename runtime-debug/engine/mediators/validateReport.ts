/**
 * What Micro Integrator's validate mediator reports when a JSON payload fails its schema. MI validates with the
 * java-json-tools (fge) validator and sets ERROR_MESSAGE to the first message of its report and ERROR_DETAIL to
 * "Error while validating Json message " followed by that message in the validator's multi-line form. The
 * validator checks every keyword of one instance location (in keyword order) and only goes down into the members
 * (in sorted name order) and items of a location that passed, so the first message is the first failure of that
 * walk. We validate with ajv (all errors, verbose) and rebuild that first message in the fge wording.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaFailure {
  message: string;
  detail: string;
}

/** fge's name for the JSON type of a value (an integral number is an integer). */
function fgeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

const TYPE_ORDER = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

function segments(pointer: string): string[] {
  return pointer ? pointer.slice(1).split('/') : [];
}

/** fge's walk order of two instance locations: a location before its members, members by sorted name / index. */
function comparePointers(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const nx = /^\d+$/.test(x[i]!) && /^\d+$/.test(y[i]!);
    if (nx) return Number(x[i]) - Number(y[i]);
    return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/** The schema location of an error: its keyword's parent in ajv's schemaPath, as a JSON pointer. */
function schemaPointer(e: ErrorObject): string {
  const p = e.schemaPath.replace(/^#/, '');
  const i = p.lastIndexOf('/');
  return i <= 0 ? '' : p.slice(0, i);
}

const J = (v: unknown) => JSON.stringify(v);
/** Code points, as Java's String.codePointCount counts them. */
const length = (s: string) => [...s].length;

interface Built {
  message: string;
  keyword: string;
  args: [string, unknown][];
}

function build(e: ErrorObject, group: ErrorObject[]): Built {
  const data = e.data as unknown;
  const schema = e.schema as unknown;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const declared = Array.isArray(parent.type) ? (parent.type as string[]) : [String(parent.type)];
      const allowed = TYPE_ORDER.filter((t) => declared.includes(t));
      return {
        keyword: 'type',
        message: `instance type (${fgeType(data)}) does not match any allowed primitive type (allowed: ${J(allowed)})`,
        args: [
          ['found', fgeType(data)],
          ['expected', allowed],
        ],
      };
    }
    case 'required': {
      const required = (schema as string[]) ?? [];
      const missing = group.map((g) => (g.params as { missingProperty: string }).missingProperty);
      const ordered = required.filter((r) => missing.includes(r));
      return {
        keyword: 'required',
        message: `object has missing required properties (${J(ordered)})`,
        args: [
          ['required', required],
          ['missing', ordered],
        ],
      };
    }
    case 'additionalProperties': {
      const extra = group.map((g) => (g.params as { additionalProperty: string }).additionalProperty).sort();
      return {
        keyword: 'additionalProperties',
        message: `object instance has properties which are not allowed by the schema: ${J(extra)}`,
        args: [['unwanted', extra]],
      };
    }
    case 'minimum':
      return {
        keyword: 'minimum',
        message: `numeric instance is lower than the required minimum (minimum: ${String(schema)}, found: ${String(data)})`,
        args: [
          ['minimum', schema],
          ['found', data],
        ],
      };
    case 'maximum':
      return {
        keyword: 'maximum',
        message: `numeric instance is greater than the required maximum (maximum: ${String(schema)}, found: ${String(data)})`,
        args: [
          ['maximum', schema],
          ['found', data],
        ],
      };
    case 'exclusiveMinimum':
      return {
        keyword: 'minimum',
        message: `numeric instance is not strictly greater than the required minimum ${String(schema)}`,
        args: [
          ['minimum', schema],
          ['found', data],
        ],
      };
    case 'exclusiveMaximum':
      return {
        keyword: 'maximum',
        message: `numeric instance is not strictly lower than the required maximum ${String(schema)}`,
        args: [
          ['maximum', schema],
          ['found', data],
        ],
      };
    case 'minLength':
      return {
        keyword: 'minLength',
        message: `string ${J(data)} is too short (length: ${length(String(data))}, required minimum: ${String(schema)})`,
        args: [
          ['value', data],
          ['found', length(String(data))],
          ['minLength', schema],
        ],
      };
    case 'maxLength':
      return {
        keyword: 'maxLength',
        message: `string ${J(data)} is too long (length: ${length(String(data))}, maximum allowed: ${String(schema)})`,
        args: [
          ['value', data],
          ['found', length(String(data))],
          ['maxLength', schema],
        ],
      };
    case 'pattern':
      return {
        keyword: 'pattern',
        message: `ECMA 262 regex "${String(schema)}" does not match input string ${J(data)}`,
        args: [
          ['regex', schema],
          ['string', data],
        ],
      };
    case 'enum':
      return {
        keyword: 'enum',
        message: `instance value (${J(data)}) not found in enum (possible values: ${J(schema)})`,
        args: [
          ['value', data],
          ['enum', schema],
        ],
      };
    case 'minItems':
      return {
        keyword: 'minItems',
        message: `array is too short: must have at least ${String(schema)} elements but instance has ${(data as unknown[]).length} elements`,
        args: [
          ['minItems', schema],
          ['found', (data as unknown[]).length],
        ],
      };
    case 'maxItems':
      return {
        keyword: 'maxItems',
        message: `array is too long: must have at most ${String(schema)} elements but instance has ${(data as unknown[]).length} elements`,
        args: [
          ['maxItems', schema],
          ['found', (data as unknown[]).length],
        ],
      };
    case 'uniqueItems':
      return { keyword: 'uniqueItems', message: 'array must not contain duplicate elements', args: [] };
    case 'multipleOf':
      return {
        keyword: 'multipleOf',
        message: `remainder of division is not zero (${String(data)} / ${String(schema)})`,
        args: [
          ['value', data],
          ['divisor', schema],
        ],
      };
    case 'minProperties': {
      const n = Object.keys(data as object).length;
      return {
        keyword: 'minProperties',
        message: `object has too few properties (found ${n} but schema requires at least ${String(schema)})`,
        args: [
          ['required', schema],
          ['found', n],
        ],
      };
    }
    case 'maxProperties': {
      const n = Object.keys(data as object).length;
      return {
        keyword: 'maxProperties',
        message: `object has too many properties (found ${n} but schema requires at most ${String(schema)})`,
        args: [
          ['required', schema],
          ['found', n],
        ],
      };
    }
    case 'anyOf':
      return {
        keyword: 'anyOf',
        message: `instance failed to match at least one required schema among ${(schema as unknown[]).length}`,
        args: [],
      };
    case 'oneOf': {
      const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
      return {
        keyword: 'oneOf',
        message: `instance failed to match exactly one schema (matched ${passing?.length ?? 0} out of ${(schema as unknown[]).length})`,
        args: [
          ['matched', passing?.length ?? 0],
          ['nrSchemas', (schema as unknown[]).length],
        ],
      };
    }
    case 'not':
      return { keyword: 'not', message: 'instance matched a schema which it should not have', args: [] };
    case 'dependencies':
    case 'dependentRequired': {
      const p = e.params as { property: string; deps: string; missingProperty: string };
      const deps = ((schema as Record<string, unknown>)[p.property] as string[]) ?? p.deps.split(', ');
      const missing = group
        .filter((g) => (g.params as { property: string }).property === p.property)
        .map((g) => (g.params as { missingProperty: string }).missingProperty);
      return {
        keyword: 'dependencies',
        message: `property "${p.property}" of object has missing property dependencies (schema requires ${J(deps)}; missing: ${J(missing)})`,
        args: [
          ['property', p.property],
          ['required', deps],
          ['missing', missing],
        ],
      };
    }
    default:
      return { keyword: e.keyword, message: `${e.message ?? 'is invalid'}`, args: [] };
  }
}

/** Errors of keywords under anyOf / oneOf / not belong to those keywords' own report, not to the top level. */
function topLevel(e: ErrorObject): boolean {
  return !/\/(anyOf|oneOf|not)\//.test(e.schemaPath);
}

/** The first failure as MI reports it, from ajv's errors of one validation (allErrors and verbose on). */
export function schemaFailure(errors: ErrorObject[] | null | undefined): SchemaFailure {
  const all = (errors ?? []).filter(topLevel);
  if (all.length === 0)
    return {
      message: 'the payload does not match the schema',
      detail: 'Error while validating Json message ',
    };
  const sorted = [...all].sort(
    (a, b) =>
      comparePointers(a.instancePath, b.instancePath) ||
      (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0),
  );
  const first = sorted[0]!;
  const group = all.filter((e) => e.instancePath === first.instancePath && e.keyword === first.keyword);
  const b = build(first, group);
  const lines = [
    `error: ${b.message}`,
    `    level: "error"`,
    `    schema: {"loadingURI":"#","pointer":${J(schemaPointer(first))}}`,
    `    instance: {"pointer":${J(first.instancePath)}}`,
    `    domain: "validation"`,
    `    keyword: ${J(b.keyword)}`,
    ...b.args.map(([k, v]) => `    ${k}: ${J(v)}`),
  ];
  return { message: b.message, detail: `Error while validating Json message ${lines.join('\n')}\n` };
}
