/**
 * scatter-gather as MI 4.4's documentation shows it and Synapse's ScatterGather/Aggregate run it (helper D2,
 * session 7), over real HTTP with our own fixtures:
 * - the documentation writes result-target="Body": "body" and "variable" are read ignoring case
 *   (Synapse v2 Utils.isTargetBody), so the body is replaced (ours had stored a variable named "Body");
 * - max-messages / min-messages complete the group early (Aggregate.isComplete, addMessage refuses past max);
 * - timeout completes with what came, counted from the first result, with MI's WARN (Aggregate.AggregateTimeout);
 *   ours had failed the message;
 * - an XML result is the expression's string value read as XML (setXMLResultToRootOMElement: AXIOMUtil.stringToOM):
 *   a lone element's XPath string value is its text, which is not XML, and fails the mediator;
 * - into the body, the flow goes on with a copy of the last collected message (ScatterGather.getAggregatedMessage:
 *   MessageHelper.cloneMessageContext of Aggregate.getLastMessage): a branch's variables and properties carry on;
 *   into a variable, the original message goes on (the copy taken before the branches).
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (D2, s7): scatter-gather as documented', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend(async (req, res) => {
      if (req.url?.includes('slow')) await new Promise((r) => setTimeout(r, 700));
      if (req.url?.includes('xml')) {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<crate><label>${req.url}</label></crate>`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kennel: req.url, got: req.body ? (JSON.parse(req.body) as unknown) : null }));
    });
    const two = (a: string, b: string) =>
      `<sequence><call><endpoint><http method="post" uri-template="${be.url}/${a}"/></endpoint></call></sequence>
       <sequence><call><endpoint><http method="post" uri-template="${be.url}/${b}"/></endpoint></call></sequence>`;
    t = await startRuntime({
      'DocBody.xml': api(
        'DocBody',
        '/d2sg/body',
        `<scatter-gather parallel-execution="true" result-target="Body" content-type="JSON">
           <aggregation expression="\${payload}"/>
           <sequence><payloadFactory media-type="json" template-type="default">
             <format>{"ticket": \${payload.ticket}, "animal": {"name": "rex"}, "ok": true}</format></payloadFactory></sequence>
           <sequence><call><endpoint><http method="post" uri-template="${be.url}/pets"/></endpoint></call></sequence>
         </scatter-gather><respond/>`,
      ),
      'Max.xml': api(
        'Max',
        '/d2sg/max',
        `<scatter-gather parallel-execution="true" target="body" result-content-type="JSON">
           <aggregation expression="\${payload.kennel}" max-messages="1"/>${two('slow', 'fast')}
         </scatter-gather><respond/>`,
      ),
      'Min.xml': api(
        'Min',
        '/d2sg/min',
        `<scatter-gather parallel-execution="true" target="body" result-content-type="JSON">
           <aggregation expression="\${payload.kennel}" min-messages="{json-eval($.need)}"/>${two('slow', 'fast')}
         </scatter-gather><respond/>`,
      ),
      'Timeout.xml': api(
        'Timeout',
        '/d2sg/timeout',
        `<scatter-gather parallel-execution="true" target="variable" target-variable="kennels" result-content-type="JSON">
           <aggregation expression="\${payload.kennel}" timeout="150"/>${two('slow', 'fast')}
         </scatter-gather><payloadFactory media-type="json"><format>{"kennels": \${vars.kennels}}</format></payloadFactory><respond/>`,
      ),
      'XmlText.xml': api(
        'XmlText',
        '/d2sg/xml-text',
        `<scatter-gather parallel-execution="false" target="body" result-content-type="XML" result-enclosing-element="Crates">
           <aggregation expression="//label"/>${two('xml/a', 'xml/b')}
         </scatter-gather><respond/>`,
        'methods="POST"',
      ),
      'LastCtx.xml': api(
        'LastCtx',
        '/d2sg/last',
        `<variable name="kept" value="from the request"/>
         <scatter-gather parallel-execution="false" target="body" result-content-type="JSON">
           <aggregation expression="\${payload.n}"/>
           <sequence><variable name="branch" value="first"/><payloadFactory media-type="json"><format>{"n": 1}</format></payloadFactory></sequence>
           <sequence><variable name="branch" value="second"/><property name="mark" value="b2"/><payloadFactory media-type="json"><format>{"n": 2}</format></payloadFactory></sequence>
         </scatter-gather>
         <payloadFactory media-type="json"><format>{"all": \${payload}, "branch": "\${vars.branch}", "kept": "\${vars.kept}", "mark": "\${props.synapse.mark}"}</format></payloadFactory><respond/>`,
      ),
      'LastCtxVar.xml': api(
        'LastCtxVar',
        '/d2sg/last-var',
        `<scatter-gather parallel-execution="false" target="variable" target-variable="all" result-content-type="JSON">
           <aggregation expression="\${payload.n}"/>
           <sequence><variable name="branch" value="first"/><payloadFactory media-type="json"><format>{"n": 1}</format></payloadFactory></sequence>
         </scatter-gather>
         <payloadFactory media-type="json"><format>{"all": \${vars.all}, "branch": \${exists(vars.branch)}}</format></payloadFactory><respond/>`,
      ),
      'XmlNodes.xml': api(
        'XmlNodes',
        '/d2sg/xml-nodes',
        `<scatter-gather parallel-execution="false" target="body" result-content-type="XML" result-enclosing-element="Crates">
           <aggregation expression="\${xpath('$body/node()')}"/>${two('xml/a', 'xml/b')}
         </scatter-gather><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });
  const post = (path: string, body = '{"ticket": 41, "need": 1}') =>
    send(`${t.base}${path}`, { body, type: 'application/json' });

  it('result-target="Body" (as the documentation writes it) replaces the body with the JSON array', async () => {
    const r = await post('/d2sg/body');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    const got = r.json() as unknown[];
    assert.equal(got.length, 2);
    assert.deepEqual(
      got.find((x) => (x as { ok?: boolean }).ok),
      { ticket: 41, animal: { name: 'rex' }, ok: true },
    );
    assert.deepEqual(
      got.find((x) => (x as { kennel?: string }).kennel),
      { kennel: '/pets', got: { ticket: 41, need: 1 } },
    );
  });

  it('max-messages="1": the group completes with the first result, the slower branch is left out', async () => {
    const r = await post('/d2sg/max');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), ['/fast']);
  });

  it('min-messages from an expression: the group completes once that many results are in', async () => {
    const r = await post('/d2sg/min');
    assert.deepEqual(r.json(), ['/fast']);
    const both = await post('/d2sg/min', '{"need": 2}');
    assert.deepEqual((both.json() as string[]).sort(), ['/fast', '/slow']);
  });

  it('timeout: completes with what came, with MI s WARN, instead of failing the message', async () => {
    const r = await post('/d2sg/timeout');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { kennels: ['/fast'] });
    assert.ok(
      t.logs.some((l) => l.level === 'WARN' && l.message === 'Scatter Gather mediator timeout occurred.'),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('into the body, the flow goes on with the last result s context; into a variable, with the original one', async () => {
    const r = await post('/d2sg/last');
    assert.deepEqual(r.json(), { all: [1, 2], branch: 'second', kept: 'from the request', mark: 'b2' });
    const v = await post('/d2sg/last-var');
    assert.deepEqual(v.json(), { all: [1], branch: false });
  });

  it('XML result: a lone element s text is not XML and fails; a node() selection is enclosed', async () => {
    const bad = await send(`${t.base}/d2sg/xml-text`, { body: '<q/>', type: 'application/xml' });
    assert.equal(bad.status, 500);
    assert.match(bad.text, /Error reading XML element: \/\/label/);
    const ok = await send(`${t.base}/d2sg/xml-nodes`, { body: '<q/>', type: 'application/xml' });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(
      ok.text,
      '<Crates><crate><label>/xml/a</label></crate><crate><label>/xml/b</label></crate></Crates>',
    );
  });
});
