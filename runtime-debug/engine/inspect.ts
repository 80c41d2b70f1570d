/**
 * What the debugger needs while a message is paused: a view of the message context, expression evaluation, and
 * changing the payload, properties and variables.
 */
import { stringOf, type Frame, type MessageContext } from './context';
import { framesOf } from './executor';
import { compileExpr } from './expressions';
import { withoutReading } from './xml/serialize';

export interface ContextView {
  messageId: string;
  direction: 'request' | 'response';
  payload: { contentType: string; text: string };
  headers: Record<string, string>;
  properties: {
    default: Record<string, string>;
    axis2: Record<string, string>;
    operation: Record<string, string>;
  };
  variables: Record<string, unknown>;
  templateParameters: Record<string, string>;
  frames: Frame[];
}

function mapView(m: Map<string, unknown>): Record<string, string> {
  const o: Record<string, string> = {};
  for (const [k, v] of m) if (!k.startsWith('__synapse.')) o[k] = stringOf(v);
  return o;
}

/** A snapshot of the message (reads a pass-through body into memory first, so it can still be sent on). */
export async function describeContext(ctx: MessageContext): Promise<ContextView> {
  if (ctx.payload.streaming) await ctx.payload.build();
  let text: string;
  try {
    // (the debugger's view reads nothing MI would: the answer is the same paused or not)
    text = withoutReading(() => ctx.payload.text());
  } catch (e) {
    text = `<unreadable payload: ${(e as Error).message}>`;
  }
  const vars: Record<string, unknown> = {};
  for (const [k, v] of ctx.vars)
    vars[k] = v && typeof v === 'object' && 'nodeType' in (v as object) ? stringOf(v) : v;
  const func = ctx.funcStack.at(-1);
  return {
    messageId: ctx.messageId,
    direction: ctx.response ? 'response' : 'request',
    payload: {
      contentType: (ctx.axis2.get('messageType') as string | undefined) ?? ctx.payload.contentType,
      text,
    },
    headers: ctx.headers.toObject(),
    properties: { default: mapView(ctx.props), axis2: mapView(ctx.axis2), operation: mapView(ctx.operation) },
    variables: vars,
    templateParameters: func ? mapView(func) : {},
    frames: framesOf(ctx),
  };
}

/** Evaluates an expression (XPath, json-eval(...), ${...}) against a paused message. */
export async function evaluateExpression(
  text: string,
  ctx: MessageContext,
  namespaces: Record<string, string> = {},
): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
  try {
    const e = compileExpr(text, namespaces);
    if (e.payloadAware && ctx.payload.streaming) await ctx.payload.build();
    return { ok: true, value: e.string(ctx) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Replaces the payload with text of a content type (JSON and XML are parsed and checked). */
export function setPayloadText(
  ctx: MessageContext,
  text: string,
  contentType = ctx.payload.contentType || 'application/json',
): void {
  if (ctx.payload.streaming) ctx.payload.takeStream()?.resume();
  ctx.payload.setRaw(Buffer.from(text, 'utf8'), contentType);
  ctx.payload.parse();
  // the payload a user sets while paused is meant to be answered: unlike MI's debugger (SynapseDebugManager
  // setEnvelope), a GET's NO_ENTITY_BODY does not swallow it
  ctx.axis2.delete('NO_ENTITY_BODY');
}
