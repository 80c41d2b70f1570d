/**
 * The evaluator against the engine's real message context (runtime-debug/engine/context.ts), not a test double:
 * the engine's MessageContext must satisfy EvalContext (checked by tsc here) and give the values expressions expect.
 */
import { strict as assert } from 'node:assert';
import { Headers, MessageContext } from '../../runtime-debug/engine/context';
import { Payload } from '../../runtime-debug/engine/payload';
import { compileExpression, type EvalContext } from '../../runtime-debug/engine/expr';

function message(contentType: string, body: string): MessageContext {
  const headers = new Headers();
  headers.set('Content-Type', contentType);
  headers.set('X-Trace', 't-1');
  const mc = new MessageContext(
    new Payload(contentType, Buffer.from(body), { maxBytes: 1 << 20, maxDepth: 1000 }),
    headers,
    {
      config: (n) => (n === 'backend' ? 'http://127.0.0.1:9' : undefined),
      env: (n) => (n === 'STAGE' ? 'dev' : undefined),
    },
  );
  return mc;
}

describe('expressions over the engine message context', () => {
  it('the engine context is an EvalContext', () => {
    const ctx: EvalContext = message('application/json', '{}');
    assert.equal(typeof ctx.getProperty, 'function');
  });

  it('reads a JSON payload through json-eval, ${payload} and XPath on its XML view', () => {
    const mc = message('application/json', '{"order":{"id":42,"items":[{"sku":"a"},{"sku":"b"}]}}');
    assert.equal(compileExpression('json-eval($.order.id)').evaluateString(mc), '42');
    assert.equal(compileExpression('${payload.order.items[1].sku}').evaluateString(mc), 'b');
    assert.equal(compileExpression('${payload.order.items.length()}').evaluate(mc), 2);
    assert.equal(compileExpression('$body/jsonObject/order/id').evaluateString(mc), '42');
    assert.equal(compileExpression('count(//items)').evaluateString(mc), '2.0');
  });

  it('reads an XML payload', () => {
    const mc = message('application/xml', '<order><id>7</id><item sku="x"/></order>');
    assert.equal(compileExpression('//id').evaluateString(mc), '7');
    assert.equal(compileExpression('$body/order/item/@sku').evaluateString(mc), 'x');
  });

  it('reads properties by scope, headers, variables, URI and query parameters, configs', () => {
    const mc = message('application/json', '{}');
    mc.setProperty('p', 'pv');
    mc.setProperty('HTTP_SC', '201', 'axis2');
    mc.setProperty('uri.var.id', '17');
    mc.setProperty('query.param.q', 'find');
    mc.vars.set('v', { a: [1, 2] });
    mc.funcStack.push(new Map([['param1', 'fp']]));
    const s = (e: string): string => compileExpression(e).evaluateString(mc);
    assert.equal(s('$ctx:p'), 'pv');
    assert.equal(s("get-property('axis2', 'HTTP_SC')"), '201');
    assert.equal(s('$trp:x-trace'), 't-1');
    assert.equal(s("get-property('transport', 'X-Trace')"), 't-1');
    assert.equal(s('$func:param1'), 'fp');
    assert.equal(s("get-property('MessageID')"), mc.messageId);
    assert.equal(s('${props.synapse.p}'), 'pv');
    assert.equal(s('${props.axis2.HTTP_SC}'), '201');
    assert.equal(s('${headers["X-Trace"]}'), 't-1');
    assert.equal(s('${vars.v.a[1]}'), '2');
    assert.equal(s('${params.pathParams.id}'), '17');
    assert.equal(s('${params.queryParams.q}'), 'find');
    assert.equal(s('${params.functionParams.param1}'), 'fp');
    assert.equal(s('${configs.backend}'), 'http://127.0.0.1:9');
    assert.equal(s("get-property('env', 'STAGE')"), 'dev');
  });
});
