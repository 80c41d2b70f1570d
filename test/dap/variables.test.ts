/** DAP: scopes and variables of a paused message, editing them, evaluate and completions, reload, stopOnEntry. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  API_FILE,
  ARTIFACTS,
  SEQ_FILE,
  TEMPLATE_FILE,
  copyProject,
  launch,
  lineOf,
  request,
  scopeValues,
  startBackend,
  stopped,
  topFrame,
  type Backend,
  type Session,
} from './helpers';

describe('debug adapter: variables, evaluate, reload', function () {
  this.timeout(20_000);
  let s: (Session & { breakpoints: Record<string, DebugProtocol.Breakpoint[]> }) | undefined;
  let backend: Backend | undefined;
  afterEach(async () => {
    await s?.stop().catch(() => undefined);
    s = undefined;
    await backend?.close();
    backend = undefined;
  });

  it('shows payload (JSON tree, content type, size), headers, properties by scope, variables and path/query parameters', async () => {
    backend = await startBackend();
    const callLine = lineOf(API_FILE, '<call>');
    s = await launch({ [API_FILE]: [{ line: callLine }] }, { env: { SHOP_BACKEND_URL: backend.url } });
    const body = JSON.stringify({ item: 'pen', tags: ['blue', 'cheap'], note: 'x'.repeat(5000) });
    const res = request(`${s.base}/shop/orders?rush=yes`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'X-Trace': 'abc' },
    });
    const e = await stopped(s.dc);
    const tid = e.body.threadId!;
    const payload = await scopeValues(s.dc, tid, 'Payload');
    assert.equal(payload.values['content type'], 'application/json');
    assert.equal(payload.values.size, `${Buffer.byteLength(body)} bytes`);
    const root = payload.vars.find((v) => v.name === 'payload')!;
    assert.ok(root.variablesReference > 0, 'a JSON payload is an expandable tree');
    const tree = await s.dc.variablesRequest({ variablesReference: root.variablesReference });
    const item = tree.body.variables.find((v) => v.name === 'item')!;
    assert.equal(item.value, '"pen"');
    assert.equal(item.evaluateName, '${payload.item}');
    const note = tree.body.variables.find((v) => v.name === 'note')!;
    assert.ok(
      note.value.length < 4200 && /characters in all/.test(note.value),
      'a long value is cut in the tree',
    );
    const full = await s.dc.evaluateRequest({
      expression: note.evaluateName!,
      context: 'clipboard',
      frameId: (await topFrame(s.dc, tid)).id,
    });
    assert.equal(full.body.result, 'x'.repeat(5000), 'the full value is reachable through evaluateName');
    const tags = tree.body.variables.find((v) => v.name === 'tags')!;
    const tagVals = await s.dc.variablesRequest({ variablesReference: tags.variablesReference });
    assert.deepEqual(
      tagVals.body.variables.map((v) => v.value),
      ['"blue"', '"cheap"'],
    );
    const headers = await scopeValues(s.dc, tid, 'Transport headers');
    const xt = Object.entries(headers.values).find(([k]) => k.toLowerCase() === 'x-trace');
    assert.equal(xt?.[1], 'abc');
    const params = await scopeValues(s.dc, tid, 'Path and query parameters');
    assert.equal(params.values['query: rush'], 'yes');
    // the request's properties (the runtime writes them when first looked at) are there as MI sets them
    const defaults = await scopeValues(s.dc, tid, 'Properties (default)');
    assert.equal(defaults.values.REST_METHOD, 'POST');
    assert.equal(defaults.values.REST_API_CONTEXT, '/shop');
    assert.equal(defaults.values.REST_SUB_REQUEST_PATH, '/orders?rush=yes');
    assert.equal(defaults.values.SYNAPSE_REST_API, 'ShopAPI');
    assert.equal(defaults.values.TRANSPORT_IN_NAME, 'http');
    const axis2 = await scopeValues(s.dc, tid, 'Properties (axis2)');
    assert.ok(Object.keys(axis2.values).length > 0);
    await s.dc.continueRequest({ threadId: tid });
    assert.equal((await res).status, 200);
  });

  it('a breakpoint in a proxy service; an XML payload is pretty-printed with its content type', async () => {
    const file = join(ARTIFACTS, 'proxy-services/StockProxy.xml');
    const respond = lineOf(file, '<respond/>');
    s = await launch({ [file]: [{ line: respond }] });
    const res = request(`${s.base}/services/StockProxy`, {
      method: 'POST',
      body: '<order><symbol>ACME</symbol></order>',
      headers: { 'content-type': 'application/xml' },
    });
    const e = await stopped(s.dc);
    const f = await topFrame(s.dc, e.body.threadId!);
    assert.equal(f.source?.path, file);
    assert.equal(f.line, respond);
    const payload = await scopeValues(s.dc, e.body.threadId!, 'Payload');
    assert.match(payload.values['content type'], /xml/);
    assert.match(
      payload.values.payload,
      /<stock>\n\s+<symbol>ACME<\/symbol>\n\s+<count>42<\/count>\n<\/stock>/,
    );
    const full = await s.dc.evaluateRequest({
      expression: '${payload}',
      context: 'clipboard',
      frameId: f.id,
    });
    assert.match(full.body.result, /<symbol>ACME<\/symbol>/);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const r = await res;
    assert.equal(r.status, 200);
    assert.match(r.body, /ACME/);
  });

  it('setVariable changes what the client receives; a rejected edit says why', async () => {
    const pf = lineOf(API_FILE, '<payloadFactory media-type="json">');
    const stamp = lineOf(TEMPLATE_FILE, '<property name="stamp"');
    s = await launch({ [API_FILE]: [{ line: pf }], [TEMPLATE_FILE]: [{ line: stamp }] });
    const res = request(`${s.base}/shop/items/9`);
    let e = await stopped(s.dc);
    let tid = e.body.threadId!;
    // inside the template: parameters are shown and read-only
    const tp = await scopeValues(s.dc, tid, 'Template parameters');
    assert.equal(tp.values.who, 'shop');
    await assert.rejects(
      s.dc.setVariableRequest({ variablesReference: tp.ref, name: 'who', value: 'x' }),
      /read-only/,
    );
    const p = stopped(s.dc);
    await s.dc.continueRequest({ threadId: tid });
    e = await p;
    tid = e.body.threadId!;
    const vars = await scopeValues(s.dc, tid, 'Variables');
    assert.equal(vars.values.greeting, 'hello');
    const set = await s.dc.setVariableRequest({
      variablesReference: vars.ref,
      name: 'greeting',
      value: '"hola"',
    });
    assert.equal(set.body.value, 'hola');
    const props = await scopeValues(s.dc, tid, 'Properties (default)');
    assert.equal(props.values.mark, 'get-item');
    await s.dc.setVariableRequest({ variablesReference: props.ref, name: 'lucky', value: 'maybe' });
    const headers = await scopeValues(s.dc, tid, 'Transport headers');
    await s.dc.setVariableRequest({ variablesReference: headers.ref, name: 'X-Shop', value: 'edited' });
    const payload = await scopeValues(s.dc, tid, 'Payload');
    await assert.rejects(
      s.dc.setVariableRequest({ variablesReference: payload.ref, name: 'size', value: '3' }),
      /computed from the message/,
    );
    await s.dc.continueRequest({ threadId: tid });
    const done = await res;
    assert.equal(done.headers.get('x-shop'), 'edited', 'a header set while paused goes out with the answer');
    const r = JSON.parse(done.body);
    assert.equal(r.greeting, 'hola');
    assert.equal(r.lucky, 'maybe');
  });

  it('an invalid JSON payload edit is refused with the reason; a valid one reaches the client', async () => {
    const respond = lineOf(API_FILE, '<respond/>');
    s = await launch({ [API_FILE]: [{ line: respond }] });
    const res = request(`${s.base}/shop/items/2`);
    const e = await stopped(s.dc);
    const payload = await scopeValues(s.dc, e.body.threadId!, 'Payload');
    await assert.rejects(
      s.dc.setVariableRequest({ variablesReference: payload.ref, name: 'payload', value: '{broken' }),
      /not valid JSON/,
    );
    await s.dc.setVariableRequest({
      variablesReference: payload.ref,
      name: 'payload',
      value: '{"replaced":true}',
    });
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    assert.deepEqual(JSON.parse((await res).body), { replaced: true });
  });

  it('evaluates XPath, json-eval and ${...} against the paused message (repl, watch, hover), with completions', async () => {
    backend = await startBackend();
    const said = lineOf(API_FILE, '<property name="backendSaid"');
    s = await launch({ [API_FILE]: [{ line: said }] }, { env: { SHOP_BACKEND_URL: backend.url } });
    const res = request(`${s.base}/shop/orders`, {
      method: 'POST',
      body: '{"item":"ink"}',
      headers: { 'content-type': 'application/json' },
    });
    const e = await stopped(s.dc);
    const frameId = (await topFrame(s.dc, e.body.threadId!)).id;
    const ev = async (expression: string, context: string) =>
      (await s!.dc.evaluateRequest({ expression, context, frameId })).body.result;
    assert.equal(await ev('json-eval($.status)', 'repl'), 'stored');
    assert.equal(await ev('${payload.status}', 'watch'), 'stored');
    // an unset property is Java null to MI's Jaxen, and DefaultEqualityExpr answers false for any comparison with null
    assert.equal(await ev("$ctx:uri.var.nothing = ''", 'hover'), 'false');
    assert.equal(await ev("string($ctx:uri.var.nothing) = ''", 'hover'), 'true');
    assert.equal(await ev("get-property('axis2', 'HTTP_SC')", 'repl'), '200');
    assert.match(
      await ev('Content-Type', 'hover'),
      /json/,
      'a bare word under the mouse names a header, property or variable',
    );
    await assert.rejects(s.dc.evaluateRequest({ expression: 'json-eval(', context: 'repl', frameId }));
    const c1 = await s.dc.completionsRequest({ text: '${payload.st', column: 13, frameId });
    assert.ok(
      c1.body.targets.some((t) => t.label === 'status'),
      JSON.stringify(c1.body.targets),
    );
    const c2 = await s.dc.completionsRequest({ text: 'json', column: 5, frameId });
    assert.ok(c2.body.targets.some((t) => t.label === 'json-eval($.'));
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    assert.equal((await res).status, 200);
  });

  it('stopOnEntry stops the first message at its first mediator; a saved file is reloaded and breakpoints rebind', async () => {
    const copy = copyProject();
    try {
      const file = join(copy.dir, 'src/main/wso2mi/artifacts/sequences/EnrichSeq.xml');
      s = await launch({}, { project: copy.dir, stopOnEntry: true });
      const res = request(`${s.base}/shop/items/1`);
      const e = await stopped(s.dc);
      assert.equal(e.body.reason, 'entry');
      assert.equal((await topFrame(s.dc, e.body.threadId!)).line, lineOf(API_FILE, '<property name="mark"'));
      await s.dc.continueRequest({ threadId: e.body.threadId! });
      assert.equal((await res).status, 200);
      // save a changed sequence: a new mediator on a new line
      const changed = new Promise<void>((resolve) =>
        s!.dc.on(
          'output',
          (o: DebugProtocol.OutputEvent) => /Reloaded .*EnrichSeq/.test(o.body.output) && resolve(),
        ),
      );
      writeFileSync(
        file,
        readFileSync(SEQ_FILE, 'utf8').replace(
          '<property name="enriched" value="true"/>',
          '<property name="enriched" value="true"/>\n    <property name="reloaded" value="yes"/>',
        ),
      );
      await Promise.race([
        changed,
        new Promise((_, rej) => setTimeout(() => rej(new Error('no reload within 10 s')), 10_000)),
      ]);
      const line = lineOf(file, '<property name="reloaded"');
      const bp = await s.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] });
      assert.equal(bp.body.breakpoints[0].verified, true);
      const res2 = request(`${s.base}/shop/items/2`);
      const e2 = await stopped(s.dc);
      const f = await topFrame(s.dc, e2.body.threadId!);
      assert.equal(f.line, line);
      const props = await scopeValues(s.dc, e2.body.threadId!, 'Properties (default)');
      assert.equal(props.values.enriched, 'true');
      await s.dc.continueRequest({ threadId: e2.body.threadId! });
      assert.equal((await res2).status, 200);
      void SEQ_FILE;
    } finally {
      await s?.stop().catch(() => undefined);
      s = undefined;
      copy.remove();
    }
  });
});
