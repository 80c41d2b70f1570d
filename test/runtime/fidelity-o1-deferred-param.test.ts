/**
 * A template parameter passed as `{{xpath}}` is an expression MI evaluates where `$func:name` is read, on the message
 * as it is then (TemplateContext.getEvaluatedParamValue keeps the SynapseXPath; SynapseXPathVariableContext evaluates
 * it), and get-property('func', name) prints its string value. The expression engine over a real payload; the
 * call-template side is requested in notes/s5/requests-from-O1.md R2.
 */
import assert from 'node:assert/strict';
import type * as slimdom from 'slimdom';
import { compileExpression } from '../../runtime-debug/engine/expr/compile';
import type { EvalContext } from '../../runtime-debug/engine/expr/context';
import { deferredParam } from '../../runtime-debug/engine/expr/xpath';
import { parseXmlPayload } from '../../runtime-debug/engine/xml/parse';

function message(xml: string, params: Record<string, unknown>): EvalContext {
  const doc = parseXmlPayload(
    `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>${xml}</e:Body></e:Envelope>`,
    { maxDepth: 100 },
  ) as slimdom.Document;
  return {
    envelope: () => doc,
    body: () => doc.documentElement!.firstElementChild!,
    json: () => undefined,
    getProperty: () => undefined,
    header: () => undefined,
    variable: () => undefined,
    funcParam: (n: string) => params[n],
    uriVar: () => undefined,
    queryParam: () => undefined,
    configValue: () => undefined,
    now: () => 0,
    messageId: 'urn:uuid:test',
  };
}

describe('fidelity O1: a template parameter passed as {{xpath}}', () => {
  it('$func: evaluates it on the message where it is read; get-property(func) prints it; other values stay literal', () => {
    const items = deferredParam('{{//k:crate/k:item}}', { k: 'urn:kit' });
    assert.ok(items);
    assert.equal(deferredParam('{//k:crate}', { k: 'urn:kit' }), undefined);
    assert.equal(deferredParam('plain'), undefined);
    const ctx = message('<k:crate xmlns:k="urn:kit"><k:item>a</k:item><k:item>b</k:item></k:crate>', {
      items,
      n: '7',
    });
    assert.equal(compileExpression('$func:items').evaluateNodes(ctx).length, 2);
    assert.equal(compileExpression('count($func:items)').evaluateString(ctx), '2.0');
    assert.equal(
      compileExpression("get-property('func','items')").evaluateString(ctx),
      '<k:item xmlns:k="urn:kit">a</k:item><k:item xmlns:k="urn:kit">b</k:item>',
    );
    assert.equal(compileExpression('$func:n').evaluateString(ctx), '7');
    // evaluated on the message as it is at that point, not when the template was called
    const later = message('<k:crate xmlns:k="urn:kit"><k:item>z</k:item></k:crate>', { items });
    assert.equal(compileExpression('$func:items').evaluateString(later), 'z');
  });
});
