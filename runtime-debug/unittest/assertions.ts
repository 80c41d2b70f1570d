/**
 * Evaluating a test case's assertions as MI's Assertor does.
 *  - API and proxy tests read the HTTP response: `$body`, `$statusCode`, `$httpVersion`, `$trp:<header>` (a response
 *    header; we match its name ignoring case). Any other expression fails with "not a valid operation type for
 *    services".
 *  - Sequence tests read the message context after mediation: `$body`, `$ctx:<prop>`, `$axis2:<prop>`,
 *    `$trp:<header>`, or a Synapse expression `${...}`. Any other expression fails with "not a valid operation type
 *    for sequences".
 * assertEquals compares both sides in MI's normal form (compare.ts); assertNotNull fails when the value is absent.
 */
import { evaluateExpression, type MessageContext } from '../engine';
import { stringOf } from '../engine/context';
import { normalizeForAssert } from './compare';
import type { Assertion } from './model';
import type { FailureAssertion } from './result';

export interface ServiceResponse {
  /** `METHOD: url` (API) or the proxy's url, as MI names the invoked service. */
  invoked: string;
  status: number;
  httpVersion: string;
  headers: [string, string][];
  /** null when the response has no entity (HEAD, 204, 304). */
  body: string | null;
}

const NULL = 'null';

function prefixOf(actual: string): { prefix: string; property: string | undefined } {
  const i = actual.indexOf(':');
  return i < 0
    ? { prefix: actual, property: undefined }
    : { prefix: actual.slice(0, i), property: actual.slice(i + 1) };
}

function header(headers: [string, string][], name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

function failure(a: Assertion, actual: string | null, description: string | null = null): FailureAssertion {
  return {
    assertionType: a.type,
    assertionExpression: a.actual,
    actual,
    expected: a.type === 'assertEquals' ? normalizeForAssert(a.expected ?? '') : null,
    assertionDescription: description,
    message: a.message,
  };
}

/** The failed assertions of an API or proxy test case (empty when all pass). */
export function assertService(assertions: Assertion[], r: ServiceResponse): FailureAssertion[] {
  const out: FailureAssertion[] = [];
  const describe = () => `Tested service url - ${r.invoked}\nReceived status code - ${r.status}`;
  for (const a of assertions) {
    const { prefix, property } = prefixOf(a.actual);
    let value: string | undefined | null;
    let invalid = false;
    switch (prefix) {
      case '$body':
        value = r.body;
        break;
      case '$statusCode':
        value = String(r.status);
        break;
      case '$httpVersion':
        value = r.httpVersion;
        break;
      case '$trp':
        value = header(r.headers, property);
        break;
      default:
        invalid = true;
    }
    const invalidText = `Received assert expression: ${a.actual} is not a valid operation type for services`;
    if (a.type === 'assertNotNull') {
      if (invalid || value === undefined || value === null)
        out.push(failure(a, invalid ? invalidText : NULL, describe()));
      continue;
    }
    if (invalid) {
      out.push(failure(a, invalidText));
      continue;
    }
    if (value === undefined || value === null) {
      out.push(failure(a, NULL, describe()));
      continue;
    }
    const actual = prefix === '$statusCode' || prefix === '$httpVersion' ? value : normalizeForAssert(value);
    if (actual !== normalizeForAssert(a.expected ?? '')) out.push(failure(a, actual));
  }
  return out;
}

/** The payload as MI's sequence assertions read it: JSON as JSON text, XML as the body's first element. */
export function sequenceBody(ctx: MessageContext): string {
  const p = ctx.payload;
  try {
    if (p.kind !== 'json' && p.kind !== 'text' && !p.isEmpty()) p.rootElement();
  } catch {
    // not parseable as XML: the raw text
  }
  return p.text();
}

/** The failed assertions of a sequence test case (empty when all pass). */
export async function assertSequence(
  assertions: Assertion[],
  ctx: MessageContext,
): Promise<FailureAssertion[]> {
  const out: FailureAssertion[] = [];
  for (const a of assertions) {
    const { prefix, property } = prefixOf(a.actual);
    let value: string | undefined;
    let invalid: string | undefined;
    const prop = (scope: string) => {
      const v = property === undefined ? undefined : ctx.getProperty(property, scope);
      return v === undefined || v === null ? undefined : stringOf(v);
    };
    switch (prefix) {
      case '$body':
        value = sequenceBody(ctx);
        break;
      case '$ctx':
        value = prop('default');
        break;
      case '$axis2':
        value = prop('axis2');
        break;
      case '$trp':
        value = property === undefined ? undefined : ctx.headers.get(property);
        break;
      default:
        if (a.actual.startsWith('${') && a.actual.endsWith('}')) {
          const r = await evaluateExpression(a.actual, ctx);
          if (r.ok) value = r.value;
          else invalid = `Error evaluating ${a.actual}: ${r.error}`;
        } else
          invalid = `Received assert expression: ${a.actual} is not a valid operation type for sequences`;
    }
    if (a.type === 'assertNotNull') {
      // an expression that yields nothing (an absent property or path) counts as null
      if (invalid !== undefined || value === undefined || (a.actual.startsWith('${') && value === ''))
        out.push(failure(a, invalid ?? NULL));
      continue;
    }
    if (invalid !== undefined) {
      out.push(failure(a, invalid));
      continue;
    }
    if (value === undefined) {
      out.push(failure(a, NULL));
      continue;
    }
    const actual = normalizeForAssert(value);
    if (actual !== normalizeForAssert(a.expected ?? '')) out.push(failure(a, actual));
  }
  return out;
}
